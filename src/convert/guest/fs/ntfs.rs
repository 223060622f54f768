//! NTFS through Colin Finck's `ntfs` crate (read-only). Its parsers index slices in places, so
//! every call runs under [`guard`](super::guard) (`catch_unwind`) as a last resort: a damaged
//! record must become a finding, not a crash.

use std::io::{Read, Seek, SeekFrom};

use ntfs::indexes::NtfsFileNameIndex;
use ntfs::structured_values::NtfsFileNamespace;
use ntfs::{KnownNtfsFileRecordNumber, Ntfs, NtfsFile};

use super::{
    DirEntry, FsError, GuestFs, NodeKind, PartDev, ReadOnlyCursor, Stat, components, guard,
};
use crate::convert::guest::report::FsKind;

/// An NTFS filesystem.
pub struct NtfsFs {
    ntfs: Ntfs,
    io: ReadOnlyCursor,
}

fn nerr(path: &str, e: impl std::fmt::Display) -> FsError {
    FsError::Corrupt(format!("ntfs {path}: {e}"))
}

/// Walks `path` from the root directory (names compared with the volume's $UpCase table).
fn find<'n>(ntfs: &'n Ntfs, io: &mut ReadOnlyCursor, path: &str) -> Result<NtfsFile<'n>, FsError> {
    let mut file = ntfs.root_directory(io).map_err(|e| nerr(path, e))?;
    for (depth, comp) in components(path).enumerate() {
        if depth > super::MAX_COMPONENTS {
            return Err(FsError::Loop(path.to_string()));
        }
        if !file.is_directory() {
            return Err(FsError::NotADirectory(path.to_string()));
        }
        let next = {
            let index = file.directory_index(io).map_err(|e| nerr(path, e))?;
            let mut finder = index.finder();
            let entry = NtfsFileNameIndex::find(&mut finder, ntfs, io, comp)
                .ok_or_else(|| FsError::NotFound(path.to_string()))?
                .map_err(|e| nerr(path, e))?;
            entry.to_file(ntfs, io).map_err(|e| nerr(path, e))?
        };
        file = next;
    }
    Ok(file)
}

impl NtfsFs {
    /// Reads the boot sector and the $UpCase table.
    pub fn open(dev: PartDev) -> Result<Self, FsError> {
        guard("/", || {
            let mut io = ReadOnlyCursor::new(dev);
            let mut ntfs = Ntfs::new(&mut io).map_err(|e| nerr("/", e))?;
            ntfs.read_upcase_table(&mut io).map_err(|e| nerr("/", e))?;
            Ok(NtfsFs { ntfs, io })
        })
    }
}

impl GuestFs for NtfsFs {
    fn kind(&self) -> FsKind {
        FsKind::Ntfs
    }

    fn label(&mut self) -> Option<String> {
        let (ntfs, io) = (&self.ntfs, &mut self.io);
        guard("/", || {
            let name = ntfs
                .volume_name(io)
                .ok_or_else(|| FsError::NotFound("$Volume name".into()))?
                .map_err(|e| nerr("/", e))?;
            Ok(name.name().to_string_lossy())
        })
        .ok()
        .filter(|l| !l.is_empty())
    }

    fn usage(&mut self) -> Option<(u64, u64)> {
        // NTFS keeps no free-space counter: the used space is the count of set bits in the
        // $Bitmap file (one bit per cluster). It is read in 64 KiB pieces and only up to
        // MAX_BITMAP (8 MiB: 64 Mi clusters, 256 GiB at 4 KiB), so a huge volume costs a
        // bounded read and reports no usage rather than a wrong one.
        const MAX_BITMAP: u64 = 8 << 20;
        let (ntfs, io) = (&self.ntfs, &mut self.io);
        let size = ntfs.size();
        let cluster = u64::from(ntfs.cluster_size()).max(1);
        let clusters = size / cluster;
        if clusters.div_ceil(8) > MAX_BITMAP {
            return None;
        }
        let used_clusters = guard("$Bitmap", || {
            let file = ntfs
                .file(io, KnownNtfsFileRecordNumber::Bitmap as u64)
                .map_err(|e| nerr("$Bitmap", e))?;
            let item = file
                .data(io, "")
                .ok_or_else(|| FsError::Corrupt("ntfs $Bitmap: no data".into()))?
                .map_err(|e| nerr("$Bitmap", e))?;
            let attr = item.to_attribute().map_err(|e| nerr("$Bitmap", e))?;
            let value = attr.value(io).map_err(|e| nerr("$Bitmap", e))?;
            let mut r = value.attach(io);
            let mut buf = vec![0u8; 64 << 10];
            let mut bits_left = clusters;
            let mut used = 0u64;
            while bits_left > 0 {
                let n = r.read(&mut buf).map_err(|e| nerr("$Bitmap", e))?;
                if n == 0 {
                    break;
                }
                for &byte in buf.iter().take(n) {
                    if bits_left == 0 {
                        break;
                    }
                    // The last byte may hold bits past the volume's end: mask them off.
                    let take = bits_left.min(8);
                    let mask = if take == 8 { 0xff } else { (1u8 << take) - 1 };
                    used += u64::from((byte & mask).count_ones());
                    bits_left -= take;
                }
            }
            Ok(used)
        })
        .ok()?;
        Some((used_clusters.saturating_mul(cluster).min(size), size))
    }

    fn stat(&mut self, path: &str) -> Result<Stat, FsError> {
        let (ntfs, io) = (&self.ntfs, &mut self.io);
        guard(path, || {
            let file = find(ntfs, io, path)?;
            if file.is_directory() {
                return Ok(Stat {
                    kind: NodeKind::Dir,
                    size: 0,
                });
            }
            let size = match file.data(io, "") {
                Some(Ok(item)) => item.to_attribute().map(|a| a.value_length()).unwrap_or(0),
                _ => 0,
            };
            Ok(Stat {
                kind: NodeKind::File,
                size,
            })
        })
    }

    fn read_link(&mut self, path: &str) -> Result<String, FsError> {
        Err(FsError::Corrupt(format!(
            "ntfs {path}: reparse points are not followed"
        )))
    }

    fn list(&mut self, path: &str, cap: usize) -> Result<Vec<DirEntry>, FsError> {
        let (ntfs, io) = (&self.ntfs, &mut self.io);
        guard(path, || {
            let dir = find(ntfs, io, path)?;
            let index = dir.directory_index(io).map_err(|e| nerr(path, e))?;
            let mut entries = index.entries();
            let mut out = Vec::new();
            let mut seen = 0usize;
            while let Some(e) = entries.next(io) {
                seen += 1;
                if out.len() >= cap || seen > cap.saturating_mul(4) {
                    break;
                }
                let e = e.map_err(|e| nerr(path, e))?;
                let Some(Ok(name)) = e.key() else { continue };
                if name.namespace() == NtfsFileNamespace::Dos {
                    continue;
                }
                let kind = if name.is_directory() {
                    NodeKind::Dir
                } else {
                    NodeKind::File
                };
                out.push(DirEntry {
                    name: name.name().to_string_lossy(),
                    kind,
                });
            }
            Ok(out)
        })
    }

    fn read_at(&mut self, path: &str, offset: u64, buf: &mut [u8]) -> Result<usize, FsError> {
        let (ntfs, io) = (&self.ntfs, &mut self.io);
        guard(path, || {
            let file = find(ntfs, io, path)?;
            let item = file
                .data(io, "")
                .ok_or_else(|| FsError::Corrupt(format!("ntfs {path}: no data")))?
                .map_err(|e| nerr(path, e))?;
            let attr = item.to_attribute().map_err(|e| nerr(path, e))?;
            let value = attr.value(io).map_err(|e| nerr(path, e))?;
            if offset >= value.len() {
                return Ok(0);
            }
            let mut r = value.attach(io);
            r.seek(SeekFrom::Start(offset)).map_err(|e| nerr(path, e))?;
            r.read(buf).map_err(|e| nerr(path, e))
        })
    }
}
