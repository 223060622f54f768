//! Scratch folders for jobs that produce files (a qemu-img conversion, a download) before
//! they become image data. Each lives at `work/<uuid>/` in the data dir, on the store's
//! filesystem so its result can be moved into the store without a copy, and holds a locked
//! `.lock` file while in use: reconcile removes the folders nobody holds.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use uuid::Uuid;

use crate::backend::catalog::Catalog;
use crate::backend::error::{Error, Result};
use crate::store::blobs::FsBlobStore;

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
            .map_err(|e| Error::io("cannot create a work folder", &path, e))?;
        let lock_path = path.join(".lock");
        let lock = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&lock_path)
            .map_err(|e| Error::io("cannot create a work folder lock", &lock_path, e))?;
        lock.try_lock().map_err(|e| {
            Error::io(
                "cannot lock a work folder",
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
                .map_err(|e| Error::io("cannot remove an abandoned work folder", &path, e))?;
            removed += 1;
        }
        Ok(removed)
    }
}
