//! Staged outputs: qemu-img writes into a private directory next to the destination, under the
//! destination's own file name, and the file is moved into place only on success.
//!
//! The file keeps its final name while being written because VMDK descriptors embed their own
//! file name as the extent name: a `monolithicSparse` written as `x.partial` and renamed to
//! `x.vmdk` would still name `x.partial` inside. Dropping a [`StagedOutput`] that was not
//! committed removes the directory and everything in it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::model::qemu_img::{QemuImgError, Result};

/// Marker in the name of staging directories (`.<name>.qemu-img-partial-<pid>-<n>`), so a
/// start-up reconcile can recognise and remove ones a crash left behind.
pub const PARTIAL_MARKER: &str = ".qemu-img-partial-";

static NEXT_STAGING_ID: AtomicU64 = AtomicU64::new(0);

/// A staging directory holding one output file until [`StagedOutput::commit`].
#[derive(Debug)]
pub(crate) struct StagedOutput {
    directory: PathBuf,
    file: PathBuf,
    destination: PathBuf,
}

impl StagedOutput {
    /// Create the staging directory next to `destination`. With `overwrite` false, refuse an
    /// existing destination now (and again, atomically, at commit).
    pub(crate) fn new(destination: &Path, overwrite: bool) -> Result<Self> {
        let file_name = destination
            .file_name()
            .ok_or_else(|| QemuImgError::InvalidOptions {
                reason: format!("destination has no file name: {}", destination.display()),
            })?;
        if !overwrite && fs::symlink_metadata(destination).is_ok() {
            return Err(QemuImgError::DestinationExists {
                path: destination.to_owned(),
            });
        }
        let parent = match destination.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        loop {
            let id = NEXT_STAGING_ID.fetch_add(1, Ordering::Relaxed);
            let mut name = std::ffi::OsString::from(".");
            name.push(file_name);
            name.push(format!("{PARTIAL_MARKER}{}-{id}", std::process::id()));
            let directory = parent.join(name);
            match fs::create_dir(&directory) {
                Ok(()) => {
                    return Ok(Self {
                        file: directory.join(file_name),
                        directory,
                        destination: destination.to_owned(),
                    });
                }
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(source) => {
                    return Err(QemuImgError::Io {
                        action: "create a staging directory next to the destination",
                        source,
                        path: directory,
                    });
                }
            }
        }
    }

    /// Where qemu-img should write.
    pub(crate) fn file(&self) -> &Path {
        &self.file
    }

    /// Flush the file (when `sync`), move it to the destination and remove the staging
    /// directory. Without `overwrite`, an existing destination is never replaced.
    pub(crate) fn commit(self, overwrite: bool, sync: bool) -> Result<()> {
        fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> QemuImgError {
            let path = path.to_owned();
            move |source| QemuImgError::Io {
                action,
                source,
                path,
            }
        }
        if sync {
            fs::File::open(&self.file)
                .and_then(|file| file.sync_all())
                .map_err(io_error("flush the output to disk", &self.file))?;
        }
        if overwrite {
            fs::rename(&self.file, &self.destination)
                .map_err(io_error("move the output into place", &self.destination))?;
        } else {
            // A hard link fails when the destination exists, unlike rename.
            match fs::hard_link(&self.file, &self.destination) {
                Ok(()) => {}
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                    return Err(QemuImgError::DestinationExists {
                        path: self.destination.clone(),
                    });
                }
                Err(_) => {
                    // File systems without hard links: check, then rename.
                    if fs::symlink_metadata(&self.destination).is_ok() {
                        return Err(QemuImgError::DestinationExists {
                            path: self.destination.clone(),
                        });
                    }
                    fs::rename(&self.file, &self.destination)
                        .map_err(io_error("move the output into place", &self.destination))?;
                }
            }
        }
        if sync && let Some(parent) = self.destination.parent() {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            fs::File::open(parent)
                .and_then(|directory| directory.sync_all())
                .map_err(io_error("flush the destination directory", parent))?;
        }
        // Drop removes the staging directory (and the extra hard link, if any).
        Ok(())
    }
}

impl Drop for StagedOutput {
    fn drop(&mut self) {
        // Best effort: nothing useful can be done about a failure while unwinding.
        let _ = fs::remove_dir_all(&self.directory);
    }
}

/// Remove the qemu-img staging folders of `destination` (`.<name>.qemu-img-partial-<pid>-<n>`)
/// whose process no longer runs; returns the folders removed.
pub fn remove_abandoned_staging(destination: &Path) -> Vec<PathBuf> {
    let (Some(parent), Some(name)) = (destination.parent(), destination.file_name()) else {
        return Vec::new();
    };
    let prefix = format!(".{}{}", name.to_string_lossy(), PARTIAL_MARKER);
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let entry_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = entry_name.strip_prefix(&prefix) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<i32>().ok()) else {
            continue;
        };
        // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
        let alive = unsafe { libc::kill(pid, 0) } == 0
            || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
        if !alive && entry.path().is_dir() && fs::remove_dir_all(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed
}
