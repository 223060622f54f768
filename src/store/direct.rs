//! Writing a blob with direct I/O (`O_DIRECT` on Linux): data goes from an aligned staging
//! buffer straight to the disk, skipping the page cache. On a 2-core machine that halves the
//! CPU an import spends outside hashing (no page-cache copy, no dirty-page writeback work:
//! measured 0.18 s of system time per GiB against 0.4–2.8 s buffered + fsync), which leaves
//! both cores to md5 and sha512. Where the filesystem refuses direct I/O the same code writes
//! through the page cache instead.
//!
//! Writes are staged in 4 MiB and written with `pwrite` at aligned offsets; `flush` writes
//! the partial last block padded with zeros, then truncates the file to the real length, and
//! keeps that block staged so writing can continue after it.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::FileExt;
use std::path::Path;

/// Alignment direct I/O needs for memory, file offsets and lengths (a page covers every
/// logical block size in use).
const BLOCK: usize = 4096;
/// Bytes staged before a write goes to disk.
pub const STAGE_BYTES: usize = 4 << 20;

/// One aligned block of the staging buffer.
#[derive(Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C, align(4096))]
struct Block([u8; BLOCK]);

/// Create `path` (it must not exist) for writing, with direct I/O when the filesystem allows.
pub fn create_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let mut direct = options.clone();
        direct.custom_flags(libc::O_DIRECT);
        match direct.open(path) {
            Ok(file) => return Ok(file),
            // Filesystems without direct I/O refuse the flag at open.
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => {}
            Err(e) => return Err(e),
        }
    }
    options.open(path)
}

/// Stop using direct I/O on `file` (a filesystem that accepted the flag but refuses a write).
#[cfg(target_os = "linux")]
fn drop_direct(file: &File) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: `fd` belongs to `file`, which outlives both calls; F_GETFL/F_SETFL only read and
    // change the open file's status flags.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: as above.
    if unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_DIRECT) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn drop_direct(_file: &File) -> io::Result<()> {
    Ok(())
}

/// The staging buffer of one file being written from offset `start` on.
pub struct Staged {
    stage: Vec<Block>,
    /// Bytes in the stage.
    len: usize,
    /// File offset of the stage's first byte (a multiple of [`BLOCK`]).
    at: u64,
    /// Whether a write already fell back from direct I/O.
    fell_back: bool,
}

impl Staged {
    /// A stage for a new, empty file.
    pub fn new() -> Self {
        Staged {
            stage: vec![Block([0; BLOCK]); STAGE_BYTES / BLOCK],
            len: 0,
            at: 0,
            fell_back: false,
        }
    }

    /// Bytes written so far (staged or on disk).
    pub fn written(&self) -> u64 {
        self.at + self.len as u64
    }

    /// Append `buf`; full stages go to disk. Whole aligned blocks arriving while the stage is
    /// empty (an [`AlignedBuf`] from the hashing copy) go to disk without being staged.
    pub fn write_all(&mut self, file: &File, mut buf: &[u8]) -> io::Result<()> {
        if self.len == 0 && (buf.as_ptr() as usize).is_multiple_of(BLOCK) {
            let whole = buf.len() / BLOCK * BLOCK;
            if whole > 0 {
                self.write_at(file, &buf[..whole])?;
                self.at += whole as u64;
                buf = &buf[whole..];
            }
        }
        while !buf.is_empty() {
            let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut self.stage);
            let n = (bytes.len() - self.len).min(buf.len());
            bytes[self.len..self.len + n].copy_from_slice(&buf[..n]);
            self.len += n;
            buf = &buf[n..];
            if self.len == STAGE_BYTES {
                self.write_out(file, STAGE_BYTES)?;
                self.at += STAGE_BYTES as u64;
                self.len = 0;
            }
        }
        Ok(())
    }

    /// Put everything staged on disk, the file then being exactly [`Self::written`] long.
    pub fn flush(&mut self, file: &File) -> io::Result<()> {
        if self.len == 0 {
            return Ok(());
        }
        let padded = self.len.div_ceil(BLOCK) * BLOCK;
        let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut self.stage);
        bytes[self.len..padded].fill(0);
        self.write_out(file, padded)?;
        file.set_len(self.written())?;
        // Keep only the partial last block: later writes continue it and rewrite it in place.
        let full = self.len / BLOCK * BLOCK;
        if full > 0 {
            let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut self.stage);
            bytes.copy_within(full..self.len, 0);
            self.at += full as u64;
            self.len -= full;
        }
        Ok(())
    }

    fn write_out(&mut self, file: &File, len: usize) -> io::Result<()> {
        let stage = std::mem::take(&mut self.stage);
        let bytes: &[u8] = bytemuck::cast_slice(&stage);
        let written = self.write_at(file, &bytes[..len]);
        self.stage = stage;
        written
    }

    /// Write aligned `data` at the stage's offset, falling back to the page cache once if the
    /// filesystem refuses direct I/O for it.
    fn write_at(&mut self, file: &File, data: &[u8]) -> io::Result<()> {
        match file.write_all_at(data, self.at) {
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) && !self.fell_back => {
                self.fell_back = true;
                drop_direct(file)?;
                file.write_all_at(data, self.at)
            }
            other => other,
        }
    }
}

/// A zeroed buffer whose start is aligned for direct I/O, so the writer can send it to disk
/// without copying it into its stage.
pub struct AlignedBuf(Vec<Block>);

impl AlignedBuf {
    /// A buffer of `len` bytes (rounded up to whole blocks).
    pub fn new(len: usize) -> Self {
        AlignedBuf(vec![Block([0; BLOCK]); len.div_ceil(BLOCK)])
    }

    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        bytemuck::cast_slice(&self.0)
    }

    /// The bytes, writable.
    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        bytemuck::cast_slice_mut(&mut self.0)
    }
}

impl Default for Staged {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_writes_and_flushes_give_the_exact_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("blob");
        let file = create_new(&path).unwrap();
        let data: Vec<u8> = (0..(STAGE_BYTES * 2 + 12_345) as u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let mut staged = Staged::new();
        let mut fed = 0;
        for (i, size) in [1, 4095, 7, STAGE_BYTES + 3, 100_000, 1]
            .iter()
            .cycle()
            .enumerate()
        {
            let end = (fed + size).min(data.len());
            staged.write_all(&file, &data[fed..end]).unwrap();
            fed = end;
            if i % 3 == 2 {
                staged.flush(&file).unwrap();
                assert_eq!(std::fs::read(&path).unwrap(), &data[..fed]);
            }
            if fed == data.len() {
                break;
            }
        }
        staged.flush(&file).unwrap();
        assert_eq!(staged.written(), data.len() as u64);
        assert_eq!(std::fs::read(&path).unwrap(), data);
    }

    #[test]
    fn aligned_buffers_skip_the_stage_and_mix_with_staged_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("blob");
        let file = create_new(&path).unwrap();
        let mut staged = Staged::new();
        let mut want = Vec::new();
        let mut aligned = AlignedBuf::new(3 * BLOCK + 100);
        for (i, byte) in aligned.as_mut_slice().iter_mut().enumerate() {
            *byte = (i % 251) as u8;
        }
        // Aligned and empty stage: straight to disk, the 100-byte tail staged.
        staged.write_all(&file, aligned.as_slice()).unwrap();
        want.extend_from_slice(aligned.as_slice());
        // Stage not empty: the aligned buffer is staged after the tail.
        staged.write_all(&file, aligned.as_slice()).unwrap();
        want.extend_from_slice(aligned.as_slice());
        staged.write_all(&file, b"end").unwrap();
        want.extend_from_slice(b"end");
        staged.flush(&file).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), want);
    }

    #[test]
    fn existing_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("blob");
        std::fs::write(&path, b"x").unwrap();
        assert!(create_new(&path).is_err());
    }
}
