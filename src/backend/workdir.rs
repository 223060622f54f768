//! Scratch folders for jobs that produce files (a qemu-img conversion, a download) before
//! they become image data. Each lives at `work/<uuid>/` in the data dir, on the store's
//! filesystem so its result can be moved into the store without a copy, and holds a locked
//! `.lock` file while in use: reconcile removes the folders nobody holds.

use crate::tr;
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use uuid::Uuid;

use crate::backend::catalog::Catalog;
use crate::backend::error::{Error, Result};
use crate::store::blobs::FsBlobStore;
use crate::store::registry;

/// A scratch folder, removed with everything in it when dropped.
#[derive(Debug)]
pub struct WorkDir {
    path: PathBuf,
    _lock: File,
}

impl WorkDir {
    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A path for a file named `name` inside the folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

impl Catalog {
    fn work_root(&self) -> PathBuf {
        self.data_dir.join("work")
    }

    /// A new scratch folder on the store's filesystem.
    pub fn work_dir(&self) -> Result<WorkDir> {
        let path = self.work_root().join(Uuid::new_v4().simple().to_string());
        fs::create_dir_all(&path)
            .map_err(|e| Error::io(tr!("backend-io-create-work-folder"), &path, e))?;
        let lock_path = path.join(".lock");
        let lock = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&lock_path)
            .map_err(|e| Error::io(tr!("backend-io-create-work-folder-lock"), &lock_path, e))?;
        lock.try_lock().map_err(|e| {
            Error::io(
                tr!("backend-io-lock-work-folder"),
                &lock_path,
                std::io::Error::other(e),
            )
        })?;
        Ok(WorkDir { path, _lock: lock })
    }

    /// Remove work folders whose job is gone; returns how many.
    pub(crate) fn remove_abandoned_work_dirs(&self) -> Result<usize> {
        let root = self.work_root();
        let Ok(entries) = fs::read_dir(&root) else {
            return Ok(0);
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.is_dir() || FsBlobStore::is_locked(&path.join(".lock")) {
                continue;
            }
            fs::remove_dir_all(&path)
                .map_err(|e| Error::io(tr!("backend-io-remove-work-folder"), &path, e))?;
            removed += 1;
        }
        Ok(removed)
    }

    /// Remove export files a killed process left beside their targets: each was recorded in
    /// the registry before it was created and is held under a lock while written, so one that
    /// exists and nobody holds is proven abandoned. Returns the files removed.
    pub(crate) fn remove_abandoned_temp_files(&self) -> Result<Vec<PathBuf>> {
        let mut removed = Vec::new();
        for (path, purpose) in registry::temp_files(&self.conn)? {
            let file = PathBuf::from(&path);
            if purpose == CONVERT_OUTPUT {
                // `path` is the user's destination, never touched here: only qemu-img staging
                // folders beside it whose process is gone.
                removed.extend(crate::convert::qemu_img::remove_abandoned_staging(&file));
                registry::delete_temp_file(&self.conn, &path)?;
                continue;
            }
            if fs::symlink_metadata(&file).is_err() {
                registry::delete_temp_file(&self.conn, &path)?;
            } else if FsBlobStore::remove_if_unlocked(&file)? {
                registry::delete_temp_file(&self.conn, &path)?;
                removed.push(file);
            }
        }
        Ok(removed)
    }

    /// Create `path` (new, locked) for a temporary output outside the store, recorded in the
    /// registry first so a later run can remove it if this process is killed; see
    /// [`Catalog::forget_temp_file`]. Recording is best effort: a full data dir must not stop
    /// an export to another disk (the file is still removed on every failure but a kill).
    pub(crate) fn create_temp_file(&self, path: &Path, purpose: &str) -> Result<File> {
        let key = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let recorded =
            registry::insert_temp_file(&self.conn, &key.to_string_lossy(), purpose).is_ok();
        let created = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| Error::io(tr!("backend-io-create-output"), path, e));
        let file = match created {
            Ok(file) => file,
            Err(e) => {
                if recorded {
                    let _ = registry::delete_temp_file(&self.conn, &key.to_string_lossy());
                }
                return Err(e);
            }
        };
        // Without the lock a later run could not tell this live file from an abandoned one,
        // so it is not left on record.
        if file.try_lock().is_err() && recorded {
            let _ = registry::delete_temp_file(&self.conn, &key.to_string_lossy());
        }
        Ok(file)
    }

    /// Record that qemu-img is about to write `destination` through a staging folder beside
    /// it, so a run after a kill can remove that folder (best effort, like exports).
    pub(crate) fn record_convert_output(&self, destination: &Path) {
        let key = std::path::absolute(destination).unwrap_or_else(|_| destination.to_path_buf());
        let _ = registry::insert_temp_file(&self.conn, &key.to_string_lossy(), CONVERT_OUTPUT);
    }

    /// The temporary file at `path` was renamed into place or removed: forget it.
    pub(crate) fn forget_temp_file(&self, path: &Path) {
        let key = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let _ = registry::delete_temp_file(&self.conn, &key.to_string_lossy());
    }
}

/// `temp_files` purpose of a conversion's file destination (its staging folders are temporary,
/// the destination itself is not).
const CONVERT_OUTPUT: &str = "convert-output";
