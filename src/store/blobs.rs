//! Image data ("blobs") behind a small trait, with the filesystem store as the first backend.
//!
//! A write goes to `images/.part/<image-id>.<nonce>.part` (with direct I/O, see
//! [`crate::store::direct`]), which its writer holds under an
//! exclusive `flock` for as long as the upload runs; on success it is fsynced and renamed to
//! `images/<image-id>` (the lock travels with the inode until the registry row commits). The
//! lock is how reconcile tells a live upload in another process from a crashed one: a part
//! file or an unregistered blob that nobody holds is an orphan.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use uuid::Uuid;

use crate::model::error::{Error, Result};
use crate::model::image::ImageId;
use crate::store::direct::{self, Staged};

/// Where image data is kept.
pub trait BlobStore: Send + Sync {
    /// Start writing the data of `image_id`.
    fn begin_write(&self, image_id: ImageId) -> Result<Box<dyn BlobWriter>>;
    /// Take a finished file (on the store's filesystem) as the data of `image_id` without
    /// copying it: it is locked, moved into the upload area and committed like a write.
    fn adopt(&self, image_id: ImageId, path: &Path) -> Result<Box<dyn BlobWriter>>;
    /// Open the stored data of `image_id` for reading, with its length.
    fn open_read(&self, image_id: ImageId) -> Result<(Box<dyn Read + Send>, u64)>;
    /// Remove the stored data of `image_id` (no error if it is already gone).
    fn remove(&self, image_id: ImageId) -> Result<()>;
    /// The location URL recorded in `image_locations`.
    fn location_url(&self, image_id: ImageId) -> String;
    /// A local path to the data, when the store keeps it in a file.
    fn local_path(&self, image_id: ImageId) -> Option<PathBuf>;
}

/// Data being written; dropped without [`BlobWriter::commit`] it is removed.
pub trait BlobWriter: Write + Send {
    /// Make the data durable and visible under the image's id. The returned guard keeps other
    /// processes from treating the blob as an orphan until the caller has committed the
    /// registry row; drop it after that.
    fn commit(self: Box<Self>) -> Result<BlobGuard>;
    /// The file being written, for inspection before commit.
    fn part_path(&self) -> &Path;
}

/// Holds a committed blob's lock until the registry knows about it.
#[derive(Debug)]
pub struct BlobGuard {
    _file: Option<File>,
}

/// The filesystem store: one file per image under `root`.
#[derive(Debug, Clone)]
pub struct FsBlobStore {
    root: PathBuf,
}

impl FsBlobStore {
    /// A store under `root` (created if missing).
    pub fn open(root: &Path) -> Result<Self> {
        let part_dir = root.join(".part");
        fs::create_dir_all(&part_dir)
            .map_err(|e| Error::io("cannot create the image store folder", &part_dir, e))?;
        Ok(Self {
            root: root.to_path_buf(),
        })
    }

    /// The folder holding the blobs.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn blob_path(&self, image_id: ImageId) -> PathBuf {
        self.root.join(image_id.to_string())
    }

    fn part_dir(&self) -> PathBuf {
        self.root.join(".part")
    }

    /// Ids of every committed blob file.
    pub fn blob_ids(&self) -> Result<Vec<(ImageId, PathBuf)>> {
        let entries = fs::read_dir(&self.root)
            .map_err(|e| Error::io("cannot list the image store", &self.root, e))?;
        let mut ids = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name();
            if let Some(id) = name.to_str().and_then(|n| n.parse::<ImageId>().ok()) {
                ids.push((id, entry.path()));
            }
        }
        Ok(ids)
    }

    /// The folder where unregistered but complete blobs are kept until they are registered
    /// again (`image recover`): reconcile never deletes data it cannot prove abandoned.
    pub fn lost_found_dir(&self) -> PathBuf {
        self.root.join("lost+found")
    }

    /// Files in lost+found, with the image id their name starts with.
    pub fn lost_found(&self) -> Result<Vec<(Option<ImageId>, PathBuf)>> {
        let dir = self.lost_found_dir();
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io("cannot list", &dir, e)),
        };
        let mut found: Vec<(Option<ImageId>, PathBuf)> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| {
                let id = e
                    .file_name()
                    .to_str()
                    .and_then(|n| n.split('.').next())
                    .and_then(|n| n.parse::<ImageId>().ok());
                (id, e.path())
            })
            .collect();
        found.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(found)
    }

    /// Move an unregistered blob that nobody holds into lost+found (as `<id>`, or `<id>.<n>`
    /// when that name is taken); returns where it went, or `None` if someone holds it.
    pub(crate) fn quarantine_if_unlocked(
        &self,
        image_id: ImageId,
        path: &Path,
    ) -> Result<Option<PathBuf>> {
        let file = match File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io("cannot open", path, e)),
        };
        if file.try_lock().is_err() {
            return Ok(None);
        }
        let dir = self.lost_found_dir();
        fs::create_dir_all(&dir).map_err(|e| Error::io("cannot create", &dir, e))?;
        let mut target = dir.join(image_id.to_string());
        let mut n = 1;
        while fs::symlink_metadata(&target).is_ok() {
            target = dir.join(format!("{image_id}.{n}"));
            n += 1;
        }
        fs::rename(path, &target)
            .map_err(|e| Error::io("cannot move an unregistered image file to", &target, e))?;
        sync_dir(&dir)?;
        Ok(Some(target))
    }

    /// Part files (uploads under way or abandoned), with the image id they belong to.
    pub fn part_files(&self) -> Result<Vec<(Option<ImageId>, PathBuf)>> {
        let dir = self.part_dir();
        let entries =
            fs::read_dir(&dir).map_err(|e| Error::io("cannot list upload files", &dir, e))?;
        let mut parts = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let id = name
                .to_str()
                .and_then(|n| n.split('.').next())
                .and_then(|n| n.parse::<ImageId>().ok());
            parts.push((id, entry.path()));
        }
        Ok(parts)
    }

    /// Whether some open file (in any process) holds `path`'s lock.
    pub fn is_locked(path: &Path) -> bool {
        match File::open(path) {
            Ok(file) => match file.try_lock() {
                Ok(()) => {
                    let _ = file.unlock();
                    false
                }
                Err(_) => true,
            },
            Err(_) => false,
        }
    }

    /// Remove `path` if no one holds its lock; returns whether it was removed.
    pub(crate) fn remove_if_unlocked(path: &Path) -> Result<bool> {
        let file = match File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(Error::io("cannot open", path, e)),
        };
        if file.try_lock().is_err() {
            return Ok(false);
        }
        match fs::remove_file(path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(Error::io("cannot remove orphan data", path, e)),
        }
    }
}

/// A text that changes whenever an open file's content may have: its length, mtime and ctime
/// (to the nanosecond) and inode. Programs can set a file's mtime but not its ctime, which
/// every write, truncate or rename moves on.
pub fn stat_key(file: &File) -> io::Result<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = file.metadata()?;
    Ok(format!(
        "{}:{}.{}:{}.{}:{}",
        meta.len(),
        meta.mtime(),
        meta.mtime_nsec(),
        meta.ctime(),
        meta.ctime_nsec(),
        meta.ino()
    ))
}

fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io("cannot sync folder", dir, e))
}

impl BlobStore for FsBlobStore {
    fn begin_write(&self, image_id: ImageId) -> Result<Box<dyn BlobWriter>> {
        let part_path = self
            .part_dir()
            .join(format!("{image_id}.{}.part", Uuid::new_v4().simple()));
        let file = direct::create_new(&part_path)
            .map_err(|e| Error::io("cannot create upload file", &part_path, e))?;
        file.try_lock()
            .map_err(|e| Error::io("cannot lock upload file", &part_path, io::Error::other(e)))?;
        Ok(Box::new(FsBlobWriter {
            file: Some(file),
            part_path,
            final_path: self.blob_path(image_id),
            staged: Some(Box::new(Staged::new())),
            written: 0,
            writeback_started: 0,
        }))
    }

    fn adopt(&self, image_id: ImageId, path: &Path) -> Result<Box<dyn BlobWriter>> {
        let file = OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| Error::io("cannot open the file to take into the store", path, e))?;
        file.try_lock().map_err(|e| {
            Error::io(
                "cannot lock the file to take into the store",
                path,
                io::Error::other(e),
            )
        })?;
        let part_path = self
            .part_dir()
            .join(format!("{image_id}.{}.part", Uuid::new_v4().simple()));
        fs::rename(path, &part_path)
            .map_err(|e| Error::io("cannot move the file into the store", &part_path, e))?;
        let written = file.metadata().map(|m| m.len()).unwrap_or(0);
        Ok(Box::new(FsBlobWriter {
            file: Some(file),
            part_path,
            final_path: self.blob_path(image_id),
            staged: None,
            written,
            writeback_started: written,
        }))
    }

    fn open_read(&self, image_id: ImageId) -> Result<(Box<dyn Read + Send>, u64)> {
        let path = self.blob_path(image_id);
        let file = File::open(&path).map_err(|e| Error::io("cannot open image data", &path, e))?;
        let len = file
            .metadata()
            .map_err(|e| Error::io("cannot read image data size", &path, e))?
            .len();
        Ok((Box::new(file), len))
    }

    fn remove(&self, image_id: ImageId) -> Result<()> {
        let path = self.blob_path(image_id);
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::io("cannot remove image data", &path, e)),
        }
    }

    fn location_url(&self, image_id: ImageId) -> String {
        format!("file://{}", self.blob_path(image_id).display())
    }

    fn local_path(&self, image_id: ImageId) -> Option<PathBuf> {
        Some(self.blob_path(image_id))
    }
}

struct FsBlobWriter {
    file: Option<File>,
    part_path: PathBuf,
    final_path: PathBuf,
    /// The staging buffer of a new file written with direct I/O; `None` for an adopted file,
    /// appended to through the page cache.
    staged: Option<Box<Staged>>,
    /// Bytes written so far (page-cache writes).
    written: u64,
    /// Bytes handed to the kernel's writeback so far.
    writeback_started: u64,
}

/// How much data may be dirty before writeback is started for it.
const WRITEBACK_WINDOW: u64 = 32 << 20;

/// Ask the kernel to start writing `len` bytes at `offset` to disk without waiting, so the
/// disk works while the data is still being hashed and the final fsync has little left.
#[cfg(target_os = "linux")]
fn start_writeback(file: &File, offset: u64, len: u64) {
    use std::os::fd::AsRawFd;
    let (Ok(offset), Ok(len)) = (i64::try_from(offset), i64::try_from(len)) else {
        return;
    };
    // SAFETY: the descriptor belongs to `file`, which outlives the call; sync_file_range only
    // schedules writeback of that file's pages and touches no memory of ours. A failure is
    // harmless: the fsync at commit still makes the data durable.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), offset, len, libc::SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_file: &File, _offset: u64, _len: u64) {}

impl Write for FsBlobWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf).map(|()| buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let Some(file) = self.file.as_mut() else {
            return Err(io::Error::other("upload file already closed"));
        };
        if let Some(staged) = self.staged.as_mut() {
            return staged.write_all(file, buf);
        }
        file.write_all(buf)?;
        self.written += buf.len() as u64;
        if self.written - self.writeback_started >= WRITEBACK_WINDOW {
            start_writeback(
                file,
                self.writeback_started,
                self.written - self.writeback_started,
            );
            self.writeback_started = self.written;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        match (self.file.as_mut(), self.staged.as_mut()) {
            (Some(file), Some(staged)) => staged.flush(file),
            (Some(file), None) => file.flush(),
            (None, _) => Ok(()),
        }
    }
}

impl BlobWriter for FsBlobWriter {
    fn commit(mut self: Box<Self>) -> Result<BlobGuard> {
        let file = self
            .file
            .take()
            .ok_or_else(|| Error::Internal("upload file committed twice".into()))?;
        if let Some(staged) = self.staged.as_mut() {
            staged
                .flush(&file)
                .map_err(|e| Error::io("cannot write image data", &self.part_path, e))?;
        }
        file.sync_all()
            .map_err(|e| Error::io("cannot flush image data to disk", &self.part_path, e))?;
        fs::rename(&self.part_path, &self.final_path)
            .map_err(|e| Error::io("cannot move image data into the store", &self.final_path, e))?;
        if let Some(dir) = self.final_path.parent() {
            sync_dir(dir)?;
        }
        Ok(BlobGuard { _file: Some(file) })
    }

    fn part_path(&self) -> &Path {
        &self.part_path
    }
}

impl Drop for FsBlobWriter {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.part_path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_writer_leaves_nothing_and_commit_keeps_lock() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsBlobStore::open(dir.path()).unwrap();
        let id = ImageId::new_random();
        {
            let mut writer = store.begin_write(id).unwrap();
            writer.write_all(b"partial").unwrap();
            assert!(FsBlobStore::is_locked(writer.part_path()));
        }
        assert!(store.part_files().unwrap().is_empty());
        let mut writer = store.begin_write(id).unwrap();
        writer.write_all(b"whole").unwrap();
        let guard = writer.commit().unwrap();
        let path = store.local_path(id).unwrap();
        assert!(FsBlobStore::is_locked(&path));
        assert!(!FsBlobStore::remove_if_unlocked(&path).unwrap());
        drop(guard);
        assert!(!FsBlobStore::is_locked(&path));
        assert_eq!(fs::read(&path).unwrap(), b"whole");
    }
}
