//! FAT12/16/32 (EFI system partitions) through the `fatfs` crate, given a cursor whose writes
//! fail so nothing is ever written back. fatfs is not written for hostile input, so every
//! call into it runs under `catch_unwind` (the last resort the fuzz test showed is needed:
//! an arithmetic overflow on a damaged boot sector panics in debug builds).

use std::io::{Read, Seek, SeekFrom};

use fatfs::{FileSystem, FsOptions};

use super::{DirEntry, FsError, GuestFs, NodeKind, PartDev, ReadOnlyCursor, Stat, guard};
use crate::convert::guest::report::FsKind;

type Fs = FileSystem<ReadOnlyCursor>;

/// A FAT filesystem.
pub struct FatFs {
    fs: Fs,
}

fn io_err(path: &str, e: std::io::Error) -> FsError {
    if e.kind() == std::io::ErrorKind::NotFound {
        FsError::NotFound(path.to_string())
    } else {
        FsError::Corrupt(format!("fat {path}: {e}"))
    }
}

/// The parent directory and the name of a path ("/" has no name).
fn split(path: &str) -> (String, Option<&str>) {
    let trimmed = path.trim_end_matches('/');
    match trimmed.rsplit_once('/') {
        Some((parent, name)) if !name.is_empty() => {
            (parent.trim_start_matches('/').to_string(), Some(name))
        }
        _ => (String::new(), None),
    }
}

impl FatFs {
    /// Reads the boot sector.
    pub fn open(dev: PartDev) -> Result<Self, FsError> {
        guard("/", || {
            let opts = FsOptions::new().update_accessed_date(false);
            let fs = FileSystem::new(ReadOnlyCursor::new(dev), opts).map_err(|e| io_err("/", e))?;
            Ok(FatFs { fs })
        })
    }

    fn entry(fs: &Fs, path: &str) -> Result<Option<(NodeKind, u64)>, FsError> {
        let (parent, name) = split(path);
        let Some(name) = name else {
            return Ok(None);
        };
        let root = fs.root_dir();
        let dir = if parent.is_empty() {
            root
        } else {
            root.open_dir(&parent).map_err(|e| io_err(path, e))?
        };
        for (i, e) in dir.iter().enumerate() {
            if i > super::MAX_DIR_ENTRIES * 4 {
                break;
            }
            let e = e.map_err(|e| io_err(path, e))?;
            if e.file_name().eq_ignore_ascii_case(name) {
                let kind = if e.is_dir() {
                    NodeKind::Dir
                } else {
                    NodeKind::File
                };
                return Ok(Some((kind, e.len())));
            }
        }
        Err(FsError::NotFound(path.to_string()))
    }
}

impl GuestFs for FatFs {
    fn kind(&self) -> FsKind {
        FsKind::Fat
    }

    fn label(&mut self) -> Option<String> {
        let fs = &self.fs;
        guard("/", || Ok(fs.volume_label().trim().to_string()))
            .ok()
            .filter(|l| !l.is_empty() && l != "NO NAME")
    }

    fn usage(&mut self) -> Option<(u64, u64)> {
        let fs = &self.fs;
        guard("/", || {
            let s = fs.stats().map_err(|e| io_err("/", e))?;
            let cs = u64::from(s.cluster_size());
            let total = u64::from(s.total_clusters());
            let free = u64::from(s.free_clusters());
            Ok((total.saturating_sub(free) * cs, total * cs))
        })
        .ok()
    }

    fn stat(&mut self, path: &str) -> Result<Stat, FsError> {
        let fs = &self.fs;
        guard(path, || {
            Ok(match FatFs::entry(fs, path)? {
                None => Stat {
                    kind: NodeKind::Dir,
                    size: 0,
                },
                Some((kind, size)) => Stat { kind, size },
            })
        })
    }

    fn read_link(&mut self, path: &str) -> Result<String, FsError> {
        Err(FsError::Corrupt(format!("fat {path}: FAT has no symlinks")))
    }

    fn list(&mut self, path: &str, cap: usize) -> Result<Vec<DirEntry>, FsError> {
        let fs = &self.fs;
        guard(path, || {
            let rel = path.trim_matches('/');
            let root = fs.root_dir();
            let dir = if rel.is_empty() {
                root
            } else {
                root.open_dir(rel).map_err(|e| io_err(path, e))?
            };
            let mut out = Vec::new();
            for e in dir.iter().take(cap.saturating_mul(4)) {
                let e = e.map_err(|e| io_err(path, e))?;
                let name = e.file_name();
                if name == "." || name == ".." {
                    continue;
                }
                let kind = if e.is_dir() {
                    NodeKind::Dir
                } else {
                    NodeKind::File
                };
                out.push(DirEntry { name, kind });
                if out.len() >= cap {
                    break;
                }
            }
            Ok(out)
        })
    }

    fn read_at(&mut self, path: &str, offset: u64, buf: &mut [u8]) -> Result<usize, FsError> {
        let fs = &self.fs;
        guard(path, || {
            let rel = path.trim_matches('/');
            let mut f = fs.root_dir().open_file(rel).map_err(|e| io_err(path, e))?;
            f.seek(SeekFrom::Start(offset))
                .map_err(|e| io_err(path, e))?;
            f.read(buf).map_err(|e| io_err(path, e))
        })
    }
}
