//! A full disk: reading must still work, and a write that fails for want of space says so,
//! naming the filesystem and what in the data dir can be freed, instead of SQLite's "disk I/O
//! error".

use std::path::Path;

use crate::backend::catalog::{Catalog, STORE_DIR};
use crate::backend::error::Error;
use crate::tr;

/// Below this many free bytes the data dir's filesystem counts as full: SQLite needs room for
/// its shared-memory index (32 KiB) and a few pages of log to open and write.
const FULL_BELOW_BYTES: u64 = 1 << 20;

/// Free bytes (for an unprivileged user) on the filesystem holding `path`.
pub fn free_bytes(path: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs only writes into the zeroed struct we pass and reads the NUL-terminated
    // path, both alive for the call.
    unsafe {
        let mut stat: libc::statvfs = std::mem::zeroed();
        if libc::statvfs(c_path.as_ptr(), &mut stat) != 0 {
            return None;
        }
        Some((stat.f_bavail as u64).saturating_mul(stat.f_frsize as u64))
    }
}

/// Whether the filesystem holding `path` is (nearly) full.
pub fn is_full(path: &Path) -> bool {
    free_bytes(path).is_some_and(|free| free < FULL_BELOW_BYTES)
}

/// Bytes taken by the regular files in `dir` and, `depth` levels down, in its folders (the
/// store keeps blobs at the top and in lost+found; the cache one level down).
fn folder_bytes(dir: &Path, depth: u32) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| match entry.metadata() {
            Ok(meta) if meta.is_file() => meta.len(),
            Ok(meta) if meta.is_dir() && depth > 0 => folder_bytes(&entry.path(), depth - 1),
            _ => 0,
        })
        .sum()
}

/// The error for a write that found no space in `data_dir`, with what could be freed there.
pub fn no_space(data_dir: &Path) -> Error {
    let store = data_dir.join(STORE_DIR);
    let cache = crate::backend::remote::cache::root_for(data_dir);
    let hint = tr!(
        "backend-no-space-hint",
        store = store,
        store_size = bytesize::ByteSize(folder_bytes(&store, 1)).to_string(),
        cache = cache,
        cache_size = bytesize::ByteSize(folder_bytes(&cache, 1)).to_string()
    );
    Error::NoSpace {
        path: data_dir.to_path_buf(),
        hint,
    }
}

/// Whether `error` is what a write meets on a full disk: SQLite's full, I/O or read-only
/// (the catalog fell back to reading) errors, or ENOSPC.
fn is_space_error(error: &Error) -> bool {
    match error {
        Error::Database(rusqlite::Error::SqliteFailure(e, _)) => matches!(
            e.code,
            rusqlite::ErrorCode::DiskFull
                | rusqlite::ErrorCode::SystemIoFailure
                | rusqlite::ErrorCode::ReadOnly
                | rusqlite::ErrorCode::CannotOpen
        ),
        Error::Io { source, .. } => source.raw_os_error() == Some(libc::ENOSPC),
        _ => false,
    }
}

/// `error`, or [`Error::NoSpace`] when it is a write failing on a full `data_dir`.
pub fn explain(data_dir: &Path, error: Error) -> Error {
    if is_space_error(&error) && is_full(data_dir) {
        no_space(data_dir)
    } else {
        error
    }
}

impl Catalog {
    /// `error`, or [`Error::NoSpace`] when it is a write failing on a full disk: front ends
    /// pass every error through this before they show it.
    pub fn explain(&self, error: Error) -> Error {
        explain(&self.data_dir, error)
    }

    /// Whether this catalog could only be opened for reading because its disk is full.
    pub fn read_only(&self) -> bool {
        self.read_only
    }
}
