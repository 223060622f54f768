//! Guest filesystems, read-only and bounded: a small [`GuestFs`] trait the readers implement
//! (ext2/3/4, XFS, FAT, NTFS, ISO 9660), the partition window they read through, the probe
//! that names a partition's content by its magic, and THE path resolver ([`Guest`]) that
//! follows symlinks inside the guest (absolute targets are relative to the guest's root, never
//! the host's; `..` is clamped at the root; chains and walks are capped).

pub mod ext;
pub mod fat;
pub mod iso;
pub mod ntfs;
pub mod xfs;

use std::cell::{Cell, RefCell};
use std::io;
use std::rc::Rc;

use crate::convert::guest::device::BlockDevice;
use crate::convert::guest::report::FsKind;
use crate::convert::inspect::{Msg, msg};

/// Symlinks followed while resolving one path at most.
pub const MAX_SYMLINKS: usize = 40;
/// Path components walked while resolving one path at most (symlink targets included).
pub const MAX_COMPONENTS: usize = 1024;
/// Directory entries returned by one listing at most.
pub const MAX_DIR_ENTRIES: usize = 4096;
/// The longest symlink target read.
pub const MAX_LINK_BYTES: usize = 4096;

/// Why a guest file could not be read. None of these stops an inspection: they become
/// findings or simply "not there".
#[derive(Debug, thiserror::Error)]
pub enum FsError {
    /// The path does not exist.
    #[error("{0} does not exist")]
    NotFound(String),
    /// A component that must be a directory is not one.
    #[error("{0} is not a directory")]
    NotADirectory(String),
    /// The file is larger than the cap for one guest file.
    #[error("{path} claims {size} bytes, over the {cap}-byte cap for one guest file")]
    TooLarge {
        /// The guest path.
        path: String,
        /// Its declared size.
        size: u64,
        /// The cap.
        cap: u64,
    },
    /// A symlink chain or a walk exceeded its cap (a loop, or a hostile chain).
    #[error("resolving {0} followed too many symlinks or components (a loop?)")]
    Loop(String),
    /// The filesystem's structures are damaged or hostile, or the device read failed.
    #[error("{0}")]
    Corrupt(String),
}

impl FsError {
    /// The error as a catalog message (its English text is the Display's). A damaged
    /// structure's own description comes from the filesystem reader and stays as it is.
    pub fn message(&self) -> Msg {
        match self {
            FsError::NotFound(path) => msg!("inspect-fs-not-found", path = path),
            FsError::NotADirectory(path) => msg!("inspect-fs-not-a-directory", path = path),
            FsError::TooLarge { path, size, cap } => msg!(
                "inspect-fs-too-large",
                path = path,
                size = *size,
                cap = *cap
            ),
            FsError::Loop(path) => msg!("inspect-fs-loop", path = path),
            FsError::Corrupt(text) => Msg::text(text.as_str()),
        }
    }

    /// The stable finding code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            FsError::NotFound(_) => "not_found",
            FsError::NotADirectory(_) => "not_a_directory",
            FsError::TooLarge { .. } => "too_large",
            FsError::Loop(_) => "loop",
            FsError::Corrupt(_) => "unreadable",
        }
    }
}

/// What a directory entry or path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// A symbolic link.
    Symlink,
    /// Anything else (devices, sockets, …).
    Other,
}

/// The metadata of one path (never following a symlink at the leaf).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    /// Its kind.
    pub kind: NodeKind,
    /// Its declared size in bytes (never used as an allocation size).
    pub size: u64,
}

/// One directory entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    /// The name (lossy UTF-8).
    pub name: String,
    /// Its kind, when the directory says.
    pub kind: NodeKind,
}

/// A read-only filesystem. Paths are absolute, `/`-separated and already resolved by
/// [`Guest`] (no symlink in an intermediate component), so implementations never follow
/// symlinks themselves.
pub trait GuestFs {
    /// The kind.
    fn kind(&self) -> FsKind;
    /// The volume label, if any.
    fn label(&mut self) -> Option<String>;
    /// (used bytes, size bytes) from the filesystem's own counters, when it keeps them.
    fn usage(&mut self) -> Option<(u64, u64)>;
    /// The metadata of `path` (a symlink is reported as one).
    fn stat(&mut self, path: &str) -> Result<Stat, FsError>;
    /// A symlink's target.
    fn read_link(&mut self, path: &str) -> Result<String, FsError>;
    /// Up to `cap` entries of the directory `path` (without `.` and `..`).
    fn list(&mut self, path: &str, cap: usize) -> Result<Vec<DirEntry>, FsError>;
    /// Reads into `buf` from `offset` of the regular file `path`; returns the bytes read
    /// (fewer at the end of the file).
    fn read_at(&mut self, path: &str, offset: u64, buf: &mut [u8]) -> Result<usize, FsError>;
    /// An optical disc's El Torito boot platforms: (EFI, BIOS); `None` elsewhere.
    fn el_torito(&self) -> Option<(bool, bool)> {
        None
    }
}

/// The guest's disk shared by the filesystem readers of one inspection (crates like
/// `ext4-view` need an owned, `'static` reader), with a note of whether the read budget ran
/// out.
pub struct SharedDisk {
    dev: RefCell<Box<dyn BlockDevice + Send>>,
    budget_hit: Cell<bool>,
}

impl SharedDisk {
    /// Shares `dev`.
    pub fn new(dev: Box<dyn BlockDevice + Send>) -> Rc<Self> {
        Rc::new(SharedDisk {
            dev: RefCell::new(dev),
            budget_hit: Cell::new(false),
        })
    }

    /// The virtual size.
    pub fn size(&self) -> u64 {
        self.dev.try_borrow().map(|d| d.size()).unwrap_or(0)
    }

    /// Bytes read from the image file so far.
    pub fn bytes_read(&self) -> u64 {
        self.dev.try_borrow().map(|d| d.bytes_read()).unwrap_or(0)
    }

    /// True once a read was refused because the budget was spent.
    pub fn budget_hit(&self) -> bool {
        self.budget_hit.get()
    }

    /// Reads at a disk offset.
    pub fn read_exact_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let mut dev = self
            .dev
            .try_borrow_mut()
            .map_err(|_| io::Error::other("the guest disk is busy (re-entrant read)"))?;
        let r = dev.read_exact_at(offset, buf);
        if let Err(e) = &r {
            // Budget::charge's refusal; the block readers pass it on unchanged.
            if e.kind() == io::ErrorKind::Other && e.to_string().contains("read limit") {
                self.budget_hit.set(true);
            }
        }
        r
    }
}

/// A window of the guest disk (a partition, or the whole disk) read by one filesystem.
#[derive(Clone)]
pub struct PartDev {
    disk: Rc<SharedDisk>,
    start: u64,
    len: u64,
}

impl PartDev {
    /// The window `[start, start + len)` of `disk`, clamped to the disk.
    pub fn new(disk: Rc<SharedDisk>, start: u64, len: u64) -> Self {
        let size = disk.size();
        let start = start.min(size);
        let len = len.min(size - start);
        PartDev { disk, start, len }
    }

    /// The window's length.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// True for an empty window.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Fills `buf` from `offset` inside the window.
    pub fn read_exact_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let end = offset.checked_add(buf.len() as u64);
        if end.is_none_or(|e| e > self.len) {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "read of {} bytes at {offset} past the partition's end ({})",
                    buf.len(),
                    self.len
                ),
            ));
        }
        self.disk.read_exact_at(self.start + offset, buf)
    }

    /// Reads `n` bytes at `offset`, or `None` when they are not there.
    pub fn read_vec(&self, offset: u64, n: usize) -> Option<Vec<u8>> {
        let mut v = vec![0u8; n];
        self.read_exact_at(offset, &mut v).ok().map(|()| v)
    }
}

/// A window is a block device too, so the partition-table reader takes the whole disk's.
impl BlockDevice for PartDev {
    fn size(&self) -> u64 {
        self.len
    }

    fn read_exact_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        PartDev::read_exact_at(self, offset, buf)
    }

    fn bytes_read(&self) -> u64 {
        self.disk.bytes_read()
    }
}

/// A `Read + Seek` cursor over a window (for crates that want one); writes always fail, so
/// a crate that tries to update the filesystem cannot.
pub struct ReadOnlyCursor {
    dev: PartDev,
    pos: u64,
}

impl ReadOnlyCursor {
    /// A cursor at the start of `dev`.
    pub fn new(dev: PartDev) -> Self {
        ReadOnlyCursor { dev, pos: 0 }
    }
}

impl io::Read for ReadOnlyCursor {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.dev.len().saturating_sub(self.pos);
        let n = usize::try_from(left).unwrap_or(usize::MAX).min(buf.len());
        if n == 0 {
            return Ok(0);
        }
        let dst = buf.get_mut(..n).unwrap_or_default();
        self.dev.read_exact_at(self.pos, dst)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl io::Seek for ReadOnlyCursor {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        let next = match pos {
            io::SeekFrom::Start(p) => Some(p),
            io::SeekFrom::End(d) => self.dev.len().checked_add_signed(d),
            io::SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        let next = next
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start"))?;
        self.pos = next;
        Ok(next)
    }
}

impl io::Write for ReadOnlyCursor {
    fn write(&mut self, _buf: &[u8]) -> io::Result<usize> {
        Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "guest filesystems are read-only",
        ))
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn contains_at(dev: &PartDev, offset: u64, magic: &[u8]) -> bool {
    dev.read_vec(offset, magic.len())
        .is_some_and(|b| b.as_slice() == magic)
}

/// Names what a window holds by its magic numbers (a few small reads).
pub fn probe(dev: &PartDev) -> FsKind {
    if contains_at(dev, 0, b"LUKS\xba\xbe") {
        return FsKind::Luks;
    }
    if (contains_at(dev, 512, b"LABELONE") && contains_at(dev, 512 + 24, b"LVM2 001"))
        || (contains_at(dev, 0, b"LABELONE") && contains_at(dev, 24, b"LVM2 001"))
    {
        return FsKind::Lvm;
    }
    if contains_at(dev, 0, b"XFSB") {
        return FsKind::Xfs;
    }
    if contains_at(dev, 3, b"NTFS    ") {
        return FsKind::Ntfs;
    }
    if contains_at(dev, 510, &[0x55, 0xaa])
        && (contains_at(dev, 0x36, b"FAT") || contains_at(dev, 0x52, b"FAT32"))
    {
        return FsKind::Fat;
    }
    if contains_at(dev, 0x438, &[0x53, 0xef]) {
        return FsKind::Ext;
    }
    if contains_at(dev, 0x10040, b"_BHRfS_M") {
        return FsKind::Btrfs;
    }
    if contains_at(dev, 4086, b"SWAPSPACE2") || contains_at(dev, 4086, b"SWAP-SPACE") {
        return FsKind::Swap;
    }
    if contains_at(dev, 0x8001, b"CD001") {
        return FsKind::Iso9660;
    }
    FsKind::Unknown
}

/// Opens the filesystem of `kind` on `dev` when it is one this module reads.
pub fn open(kind: FsKind, dev: PartDev) -> Option<Result<Box<dyn GuestFs>, FsError>> {
    let fs: Result<Box<dyn GuestFs>, FsError> = match kind {
        FsKind::Ext => ext::ExtFs::open(dev).map(|f| Box::new(f) as Box<dyn GuestFs>),
        FsKind::Xfs => xfs::XfsFs::open(dev).map(|f| Box::new(f) as Box<dyn GuestFs>),
        FsKind::Fat => fat::FatFs::open(dev).map(|f| Box::new(f) as Box<dyn GuestFs>),
        FsKind::Ntfs => ntfs::NtfsFs::open(dev).map(|f| Box::new(f) as Box<dyn GuestFs>),
        FsKind::Iso9660 => iso::IsoFs::open(dev).map(|f| Box::new(f) as Box<dyn GuestFs>),
        _ => return None,
    };
    Some(fs)
}

/// The components of a guest path, without empty ones.
pub fn components(path: &str) -> impl DoubleEndedIterator<Item = &str> {
    path.split('/').filter(|c| !c.is_empty())
}

fn join(parts: &[String]) -> String {
    if parts.is_empty() {
        return "/".to_string();
    }
    let mut s = String::new();
    for p in parts {
        s.push('/');
        s.push_str(p);
    }
    s
}

/// A filesystem seen as the guest sees it: paths resolved with symlinks followed inside it,
/// reads capped.
pub struct Guest {
    fs: Box<dyn GuestFs>,
    /// The most bytes read from one file.
    pub max_file_bytes: u64,
}

impl Guest {
    /// Wraps an opened filesystem.
    pub fn new(fs: Box<dyn GuestFs>, max_file_bytes: u64) -> Self {
        Guest { fs, max_file_bytes }
    }

    /// The filesystem.
    pub fn fs(&mut self) -> &mut dyn GuestFs {
        self.fs.as_mut()
    }

    /// Resolves `path` to a path without symlinks (following a symlink at the leaf too when
    /// `follow_last`). Absolute symlink targets restart at the guest's root; `..` never
    /// climbs above it.
    pub fn resolve(&mut self, path: &str, follow_last: bool) -> Result<String, FsError> {
        let mut pending: Vec<String> = components(path).rev().map(str::to_string).collect();
        let mut cur: Vec<String> = Vec::new();
        let (mut links, mut steps) = (0usize, 0usize);
        while let Some(c) = pending.pop() {
            steps += 1;
            if steps > MAX_COMPONENTS || pending.len() > MAX_COMPONENTS {
                return Err(FsError::Loop(path.to_string()));
            }
            match c.as_str() {
                "." => continue,
                ".." => {
                    cur.pop();
                    continue;
                }
                _ => {}
            }
            cur.push(c);
            let here = join(&cur);
            let last = pending.is_empty();
            if last && !follow_last {
                break;
            }
            let st = self.fs.stat(&here)?;
            match st.kind {
                NodeKind::Symlink => {
                    links += 1;
                    if links > MAX_SYMLINKS {
                        return Err(FsError::Loop(path.to_string()));
                    }
                    let target = self.fs.read_link(&here)?;
                    cur.pop();
                    if target.starts_with('/') {
                        cur.clear();
                    }
                    pending.extend(components(&target).rev().map(str::to_string));
                }
                NodeKind::Dir => {}
                _ if !last => return Err(FsError::NotADirectory(here)),
                _ => {}
            }
        }
        Ok(join(&cur))
    }

    /// The metadata of `path`, following symlinks.
    pub fn stat(&mut self, path: &str) -> Result<(String, Stat), FsError> {
        let p = self.resolve(path, true)?;
        let st = self.fs.stat(&p)?;
        Ok((p, st))
    }

    /// True when `path` exists (following symlinks).
    pub fn exists(&mut self, path: &str) -> bool {
        self.stat(path).is_ok()
    }

    /// True when `path` is a regular file (following symlinks).
    pub fn is_file(&mut self, path: &str) -> bool {
        self.stat(path).is_ok_and(|(_, s)| s.kind == NodeKind::File)
    }

    /// The whole regular file `path`, refused with [`FsError::TooLarge`] when it claims more
    /// than the per-file cap.
    pub fn read_file(&mut self, path: &str) -> Result<Vec<u8>, FsError> {
        let (p, st) = self.stat(path)?;
        if st.kind != NodeKind::File {
            return Err(FsError::Corrupt(format!("{path} is not a regular file")));
        }
        if st.size > self.max_file_bytes {
            return Err(FsError::TooLarge {
                path: path.to_string(),
                size: st.size,
                cap: self.max_file_bytes,
            });
        }
        self.read_prefix_resolved(&p, st.size)
    }

    /// The first `n` bytes of the regular file `path` (fewer when it is shorter).
    pub fn read_prefix(&mut self, path: &str, n: u64) -> Result<Vec<u8>, FsError> {
        let (p, st) = self.stat(path)?;
        if st.kind != NodeKind::File {
            return Err(FsError::Corrupt(format!("{path} is not a regular file")));
        }
        self.read_prefix_resolved(&p, st.size.min(n).min(self.max_file_bytes))
    }

    fn read_prefix_resolved(&mut self, p: &str, n: u64) -> Result<Vec<u8>, FsError> {
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        let mut buf = vec![0u8; n];
        let mut done = 0usize;
        while done < n {
            let dst = buf.get_mut(done..).unwrap_or_default();
            let got = self.fs.read_at(p, done as u64, dst)?;
            if got == 0 {
                break;
            }
            done += got;
        }
        buf.truncate(done);
        Ok(buf)
    }

    /// Reads into `buf` from `offset` of the regular file `path` (following symlinks).
    pub fn read_at(&mut self, path: &str, offset: u64, buf: &mut [u8]) -> Result<usize, FsError> {
        let p = self.resolve(path, true)?;
        self.fs.read_at(&p, offset, buf)
    }

    /// Up to [`MAX_DIR_ENTRIES`] entries of the directory `path` (following symlinks).
    pub fn list(&mut self, path: &str) -> Result<Vec<DirEntry>, FsError> {
        let (p, st) = self.stat(path)?;
        if st.kind != NodeKind::Dir {
            return Err(FsError::NotADirectory(path.to_string()));
        }
        self.fs.list(&p, MAX_DIR_ENTRIES)
    }
}

/// Runs a call into a filesystem crate that is not written for hostile input, turning a
/// panic into [`FsError::Corrupt`] (the last resort; see the readers that use it).
pub(crate) fn guard<T>(path: &str, f: impl FnOnce() -> Result<T, FsError>) -> Result<T, FsError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(FsError::Corrupt(format!(
            "{path}: the filesystem reader stopped on damaged structures"
        )))
    })
}

/// Lossy UTF-8 of a C-style string field (to the first NUL), trimmed.
pub(crate) fn cstr(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(b.get(..end).unwrap_or_default())
        .trim()
        .to_string()
}

/// Little-endian u16/u32/u64 at an offset of a buffer (0 when out of range).
pub(crate) fn le(b: &[u8], off: usize, n: usize) -> u64 {
    let mut v = 0u64;
    for i in (0..n).rev() {
        v = (v << 8) | u64::from(b.get(off + i).copied().unwrap_or(0));
    }
    v
}

/// Big-endian u16/u32/u64 at an offset of a buffer (0 when out of range).
pub(crate) fn be(b: &[u8], off: usize, n: usize) -> u64 {
    let mut v = 0u64;
    for i in 0..n {
        v = (v << 8) | u64::from(b.get(off + i).copied().unwrap_or(0));
    }
    v
}
