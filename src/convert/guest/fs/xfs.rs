//! XFS through the `lamxfs` crate (read-only, written for hostile images and fuzzed
//! upstream, reads through a byte-range trait, replays a dirty v5 log in memory only), plus
//! the superblock's counters for the used space.

use lamxfs::{BlockRead, EntryKind, Error as XfsError, Path, Xfs};

use super::{DirEntry, FsError, GuestFs, NodeKind, PartDev, Stat, be};
use crate::convert::guest::report::FsKind;

/// The reader lamxfs reads through.
pub struct Reader(PartDev);

impl BlockRead for Reader {
    type Error = std::io::Error;

    fn read_at(&mut self, offset_bytes: u64, buf: &mut [u8]) -> Result<(), Self::Error> {
        self.0.read_exact_at(offset_bytes, buf)
    }
}

/// An XFS filesystem.
pub struct XfsFs {
    fs: Xfs<Reader>,
    dev: PartDev,
}

fn err(path: &str, e: XfsError) -> FsError {
    match e {
        XfsError::NotFound {
            component: "not_a_directory",
        } => FsError::NotADirectory(path.to_string()),
        XfsError::NotFound { .. } => FsError::NotFound(path.to_string()),
        e => FsError::Corrupt(format!("xfs {path}: {e} ({e:?})")),
    }
}

fn kind(k: EntryKind) -> NodeKind {
    match k {
        EntryKind::Regular => NodeKind::File,
        EntryKind::Directory => NodeKind::Dir,
        EntryKind::Symlink => NodeKind::Symlink,
        EntryKind::Other => NodeKind::Other,
    }
}

impl XfsFs {
    /// Reads and checks the superblock (and replays a dirty log in memory).
    pub fn open(dev: PartDev) -> Result<Self, FsError> {
        let len = dev.len();
        let fs = Xfs::open(Reader(dev.clone()), len).map_err(|e| err("/", e))?;
        Ok(XfsFs { fs, dev })
    }
}

impl GuestFs for XfsFs {
    fn kind(&self) -> FsKind {
        FsKind::Xfs
    }

    fn label(&mut self) -> Option<String> {
        self.fs
            .label()
            .map(|l| l.trim_end_matches('\0').to_string())
            .filter(|l| !l.is_empty())
    }

    fn usage(&mut self) -> Option<(u64, u64)> {
        let sb = self.dev.read_vec(0, 160)?;
        let bs = be(&sb, 4, 4);
        let blocks = be(&sb, 8, 8);
        let free = be(&sb, 144, 8); // sb_fdblocks
        Some((
            blocks.saturating_sub(free).saturating_mul(bs),
            blocks.checked_mul(bs)?,
        ))
    }

    fn stat(&mut self, path: &str) -> Result<Stat, FsError> {
        let ino = self
            .fs
            .resolve(Path::new(path.as_bytes()))
            .map_err(|e| err(path, e))?;
        let m = self.fs.metadata(&ino).map_err(|e| err(path, e))?;
        let kind = if m.is_file() {
            NodeKind::File
        } else if m.is_dir() {
            NodeKind::Dir
        } else if m.is_symlink() {
            NodeKind::Symlink
        } else {
            NodeKind::Other
        };
        Ok(Stat {
            kind,
            size: m.size(),
        })
    }

    fn read_link(&mut self, path: &str) -> Result<String, FsError> {
        let st = self.stat(path)?;
        if st.size > super::MAX_LINK_BYTES as u64 {
            return Err(FsError::Corrupt(format!(
                "xfs {path}: a symlink of {} bytes",
                st.size
            )));
        }
        let t = self
            .fs
            .read_link(Path::new(path.as_bytes()))
            .map_err(|e| err(path, e))?;
        Ok(String::from_utf8_lossy(&t).into_owned())
    }

    fn list(&mut self, path: &str, cap: usize) -> Result<Vec<DirEntry>, FsError> {
        let entries = self
            .fs
            .read_dir(Path::new(path.as_bytes()))
            .map_err(|e| err(path, e))?;
        Ok(entries
            .into_iter()
            .map(|e| DirEntry {
                name: String::from_utf8_lossy(&e.name).into_owned(),
                kind: kind(e.kind),
            })
            .filter(|e| e.name != "." && e.name != "..")
            .take(cap)
            .collect())
    }

    fn read_at(&mut self, path: &str, offset: u64, buf: &mut [u8]) -> Result<usize, FsError> {
        let ino = self
            .fs
            .resolve(Path::new(path.as_bytes()))
            .map_err(|e| err(path, e))?;
        self.fs
            .read_file_at(&ino, offset, buf)
            .map_err(|e| err(path, e))
    }
}
