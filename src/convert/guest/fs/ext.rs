//! ext2/3/4 through the `ext4-view` crate (read-only, written for untrusted images and
//! fuzzed upstream), plus the superblock's block counters for the used space.

use ext4_view::{Ext4, Ext4Error, Ext4Read, FileType};

use super::{DirEntry, FsError, GuestFs, NodeKind, PartDev, Stat, le};
use crate::convert::guest::report::FsKind;

struct Reader(PartDev);

impl Ext4Read for Reader {
    fn read(
        &mut self,
        start_byte: u64,
        dst: &mut [u8],
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync + 'static>> {
        self.0.read_exact_at(start_byte, dst).map_err(Box::from)
    }
}

/// An ext2/3/4 filesystem.
pub struct ExtFs {
    fs: Ext4,
    dev: PartDev,
}

fn err(path: &str, e: Ext4Error) -> FsError {
    match e {
        Ext4Error::NotFound => FsError::NotFound(path.to_string()),
        Ext4Error::NotADirectory => FsError::NotADirectory(path.to_string()),
        Ext4Error::TooManySymlinks => FsError::Loop(path.to_string()),
        e => FsError::Corrupt(format!("ext4 {path}: {e}")),
    }
}

fn kind(t: FileType) -> NodeKind {
    if t.is_regular_file() {
        NodeKind::File
    } else if t.is_dir() {
        NodeKind::Dir
    } else if t.is_symlink() {
        NodeKind::Symlink
    } else {
        NodeKind::Other
    }
}

impl ExtFs {
    /// Loads the superblock, group descriptors and journal.
    pub fn open(dev: PartDev) -> Result<Self, FsError> {
        let fs = Ext4::load(Box::new(Reader(dev.clone()))).map_err(|e| err("/", e))?;
        Ok(ExtFs { fs, dev })
    }
}

impl GuestFs for ExtFs {
    fn kind(&self) -> FsKind {
        FsKind::Ext
    }

    fn label(&mut self) -> Option<String> {
        let l = self.fs.label().display().to_string();
        (!l.is_empty()).then_some(l)
    }

    fn usage(&mut self) -> Option<(u64, u64)> {
        let sb = self.dev.read_vec(1024, 1024)?;
        let log = le(&sb, 0x18, 4);
        if log > 16 {
            return None;
        }
        let bs = 1024u64 << log;
        let wide = le(&sb, 0x60, 4) & 0x80 != 0; // INCOMPAT_64BIT
        let hi = |off| if wide { le(&sb, off, 4) << 32 } else { 0 };
        let blocks = le(&sb, 0x04, 4) | hi(0x150);
        let free = le(&sb, 0x0c, 4) | hi(0x158);
        let size = blocks.checked_mul(bs)?;
        Some((blocks.saturating_sub(free).saturating_mul(bs), size))
    }

    fn stat(&mut self, path: &str) -> Result<Stat, FsError> {
        let m = self.fs.symlink_metadata(path).map_err(|e| err(path, e))?;
        Ok(Stat {
            kind: kind(m.file_type()),
            size: m.len(),
        })
    }

    fn read_link(&mut self, path: &str) -> Result<String, FsError> {
        let t = self.fs.read_link(path).map_err(|e| err(path, e))?;
        Ok(t.display().to_string())
    }

    fn list(&mut self, path: &str, cap: usize) -> Result<Vec<DirEntry>, FsError> {
        let mut out = Vec::new();
        for e in self.fs.read_dir(path).map_err(|e| err(path, e))? {
            if out.len() >= cap {
                break;
            }
            let e = e.map_err(|e| err(path, e))?;
            let name = e.file_name().display().to_string();
            if name == "." || name == ".." {
                continue;
            }
            let kind = e.file_type().map(kind).unwrap_or(NodeKind::Other);
            out.push(DirEntry { name, kind });
        }
        Ok(out)
    }

    fn read_at(&mut self, path: &str, offset: u64, buf: &mut [u8]) -> Result<usize, FsError> {
        let mut f = self.fs.open(path).map_err(|e| err(path, e))?;
        if offset >= f.metadata().len() {
            return Ok(0);
        }
        f.seek_to(offset).map_err(|e| err(path, e))?;
        f.read_bytes(buf).map_err(|e| err(path, e))
    }
}
