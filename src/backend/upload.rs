//! Putting data into an image (queued -> saving -> active) and getting it out again
//! (export, verified while read). One pass over the data writes it to the store and computes
//! `size`, md5 `checksum` and sha512 `os_hash_value`. Any failure — I/O, disk full, cancel,
//! a concurrent change — sends the image back to `queued` with the cause recorded and leaves
//! no partial blob.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::Utc;
use serde_json::json;

use crate::backend::catalog::{Catalog, NewImage};
use crate::backend::error::{Error, Result};
use crate::backend::image_subject;
use crate::backend::inspection;
use crate::backend::jobs::JobControl;
use crate::backend::model::{Image, ImageId, ImageStatus, TaskStatus};
use crate::backend::state::{apply_transition, not_queued_for_upload};
use crate::backend::status_text;
use crate::backend::tasks::{RunningTask, apply_task_transition};
use crate::convert::inspect::InspectOptions;
use crate::store::blobs::BlobStore;
use crate::store::hashing::{CopyError, Digests, copy_hashing};
use crate::store::registry;
use crate::tr;

/// Where an upload's data comes from.
enum Feed<'a> {
    /// A stream copied into the store.
    Stream(&'a mut dyn Read),
    /// A finished file moved into the store and read once for hashing.
    InPlace(&'a Path),
}

/// What an upload measured of its data, before it is committed.
#[derive(Debug, Clone)]
pub(crate) struct Measured {
    pub digests: Digests,
    pub virtual_size_bytes: Option<u64>,
}

/// What an upload source is, found from its metadata (opening a named pipe only to look
/// would end its writer's stream).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A regular file of this length.
    File(u64),
    /// A block device (a disk or partition), read to its end.
    BlockDevice,
    /// A named pipe: a stream, opened once.
    Fifo,
}

fn bad_source(path: &Path, problem: impl Into<String>) -> Error {
    Error::BadSource {
        problem: problem.into(),
        path: path.to_path_buf(),
    }
}

fn open_error(path: &Path, e: &std::io::Error) -> Error {
    match e.kind() {
        std::io::ErrorKind::NotFound => bad_source(path, tr!("backend-source-missing")),
        std::io::ErrorKind::PermissionDenied => {
            bad_source(path, tr!("backend-source-permission-denied"))
        }
        _ => bad_source(
            path,
            tr!("backend-source-cannot-open", error = e.to_string()),
        ),
    }
}

/// Check a path given as image data before anything is created. A directory, a character
/// device (`/dev/zero` never ends; a stream is uploaded from standard input instead), a socket,
/// or a missing or unreadable file is refused with one line, as the user's error.
pub fn check_source(path: &Path) -> Result<SourceKind> {
    use std::os::unix::fs::FileTypeExt;
    let meta = fs::metadata(path).map_err(|e| open_error(path, &e))?;
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(bad_source(path, tr!("backend-source-directory")));
    }
    if kind.is_char_device() {
        return Err(bad_source(path, tr!("backend-source-char-device")));
    }
    if kind.is_socket() {
        return Err(bad_source(path, tr!("backend-source-socket")));
    }
    if kind.is_fifo() {
        return Ok(SourceKind::Fifo);
    }
    // Opening a regular file or a disk has no side effect: see that it can be read now.
    File::open(path).map_err(|e| open_error(path, &e))?;
    if kind.is_block_device() {
        return Ok(SourceKind::BlockDevice);
    }
    Ok(SourceKind::File(meta.len()))
}

/// Open a named pipe for reading, once, on a helper thread, so a pipe nobody writes to can
/// still be cancelled: on cancel the pipe is opened for writing here and closed, which lets
/// the waiting open return, and the reader is dropped.
fn open_fifo(path: &Path, job: &JobControl) -> Result<File> {
    let (tx, rx) = std::sync::mpsc::channel();
    let owned = path.to_path_buf();
    std::thread::Builder::new()
        .name("fifo-open".into())
        .spawn(move || {
            let _ = tx.send(File::open(&owned));
        })
        .map_err(|e| Error::io(tr!("backend-io-start-open-thread"), path, e))?;
    loop {
        match rx.recv_timeout(std::time::Duration::from_millis(100)) {
            Ok(opened) => return opened.map_err(|e| open_error(path, &e)),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Error::Internal(format!(
                    "opening {} failed",
                    path.display()
                )));
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) if job.is_cancelled() => {
                use std::os::unix::fs::OpenOptionsExt;
                let _ = std::fs::OpenOptions::new()
                    .write(true)
                    .custom_flags(libc::O_NONBLOCK)
                    .open(path);
                return Err(Error::Cancelled(tr!(
                    "backend-cancelled-pipe-wait",
                    path = path
                )));
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
        }
    }
}

/// A reader that fails once more than `cap` bytes came through (the catalog's
/// `image_size_cap_bytes`), so an endless stream stops there.
struct Capped<'a> {
    inner: &'a mut dyn Read,
    left: u64,
}

/// The message of [`Capped`]'s error, recognised when the copy reports it.
const OVER_CAP: &str = "over image_size_cap_bytes";

impl Read for Capped<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            return Err(std::io::Error::other(OVER_CAP));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

impl Catalog {
    /// `image create --file` and the window's Import: check the source, inspect a regular
    /// file against the declared formats, and only then create the image and upload into it,
    /// so a refused source leaves nothing. With `from_inspection` (`--from-inspection`, the
    /// form's "Set properties from what is inside") the file's guest is looked into too and
    /// the properties it suggests are set on the new image, beside any the user gave (theirs
    /// win). `on_created` sees the new image before its data.
    pub fn import_file(
        &self,
        mut new: NewImage,
        path: &Path,
        from_inspection: bool,
        job: &JobControl,
        on_created: &mut dyn FnMut(&Image),
    ) -> Result<Image> {
        let subject = match &new.name {
            Some(name) => image_subject(name),
            None => tr!("backend-subject-new-image"),
        };
        if new.disk_format.is_none() || new.container_format.is_none() {
            return Err(Error::invalid(
                &subject,
                tr!("backend-formats-before-upload"),
            ));
        }
        let kind = check_source(path)?;
        if let SourceKind::File(len) = kind {
            self.check_size_cap(&subject, len)?;
            let found = inspection::inspect_file(path, &self.inspect_options())?;
            inspection::check_data(&subject, new.disk_format, new.container_format, &found)?;
            if from_inspection {
                let declared = new.disk_format.map(|f| f.as_str());
                self.add_guest_properties(&subject, path, declared, &mut new.properties)?;
            }
            job.set_total_bytes(len);
        } else if from_inspection {
            return Err(Error::invalid(
                &subject,
                tr!("backend-inside-needs-regular-file"),
            ));
        }
        let image = self.create_image(new)?;
        on_created(&image);
        // Checked and inspected above: only the data is left to read.
        self.upload_source(image.id, path, kind, job)
    }

    fn check_size_cap(&self, subject: &str, len: u64) -> Result<()> {
        let cap = self.settings().image_size_cap_bytes;
        if len > cap {
            return Err(Error::TooLarge {
                subject: subject.to_owned(),
                cap,
            });
        }
        Ok(())
    }

    /// Upload the file at `path` into queued image `image_id`. The source is checked first
    /// ([`check_source`]) and opened once; a regular file is inspected before anything
    /// changes.
    pub fn upload_file(&self, image_id: ImageId, path: &Path, job: &JobControl) -> Result<Image> {
        let kind = check_source(path)?;
        if let SourceKind::File(len) = kind {
            let image = self.image(image_id)?;
            self.check_size_cap(&image_subject(&image.label()), len)?;
            job.set_total_bytes(len);
            // Unsafe or mislabelled data is refused at once; it is inspected again after it
            // is received.
            let inspection = inspection::inspect_file(path, &self.inspect_options())?;
            inspection::check_upload(&image, &inspection)?;
        }
        self.upload_source(image_id, path, kind, job)
    }

    /// Open a checked source once (a named pipe on a helper thread) and upload it.
    fn upload_source(
        &self,
        image_id: ImageId,
        path: &Path,
        kind: SourceKind,
        job: &JobControl,
    ) -> Result<Image> {
        let mut file = match kind {
            SourceKind::Fifo => open_fifo(path, job)?,
            _ => File::open(path).map_err(|e| open_error(path, &e))?,
        };
        self.upload(image_id, &mut file, &path.display().to_string(), job)
    }

    /// Upload a stream into queued image `image_id`; `source` names it in history and tasks.
    pub fn upload(
        &self,
        image_id: ImageId,
        reader: &mut dyn Read,
        source: &str,
        job: &JobControl,
    ) -> Result<Image> {
        self.upload_from(image_id, Feed::Stream(reader), source, job)
    }

    /// Make the finished file at `path` the data of queued image `image_id` without copying
    /// it: it must be on the data dir's filesystem and should sit in a folder no one else
    /// touches (see [`Catalog::work_dir`]). It is moved into the store, hashed in one read
    /// pass, inspected and committed with the same transitions as an upload; on failure it is
    /// removed.
    pub fn adopt_file(
        &self,
        image_id: ImageId,
        path: &Path,
        source: &str,
        job: &JobControl,
    ) -> Result<Image> {
        if let Ok(meta) = std::fs::metadata(path) {
            job.set_total_bytes(meta.len());
        }
        self.upload_from(image_id, Feed::InPlace(path), source, job)
    }

    fn upload_from(
        &self,
        image_id: ImageId,
        feed: Feed<'_>,
        source: &str,
        job: &JobControl,
    ) -> Result<Image> {
        let image = self.image(image_id)?;
        let subject = image_subject(&image.label());
        if image.status != ImageStatus::Queued {
            return Err(Error::conflict(
                &subject,
                not_queued_for_upload(image.status),
            ));
        }
        if image.disk_format.is_none() || image.container_format.is_none() {
            return Err(Error::invalid(
                &subject,
                tr!("backend-formats-before-upload"),
            ));
        }

        let writer = match &feed {
            Feed::Stream(_) => self.blobs.begin_write(image_id)?,
            Feed::InPlace(path) => self.blobs.adopt(image_id, path)?,
        };
        let mut task = self.start_task(
            "upload",
            Some(image_id),
            json!({"image_id": image_id, "source": source}),
        )?;
        let cause = format!("upload started from {source}");
        let tx = registry::write_tx(&self.conn)?;
        let started = apply_transition(
            &tx,
            image_id,
            Some(ImageStatus::Queued),
            ImageStatus::Saving,
            &cause,
        )
        .and_then(|_| {
            apply_task_transition(
                &tx,
                &mut task.task,
                TaskStatus::Processing,
                "receiving data",
                None,
                self.settings().task_ttl_hours,
            )
        });
        if let Err(e) = started {
            drop(tx);
            // Stored: in English, whatever the language of this process.
            let message = crate::i18n::english(&e.to_string());
            let _ = self.update_task(&mut task, TaskStatus::Failure, &message, None);
            return Err(e);
        }
        tx.commit()?;
        self.emit_status(image_id, ImageStatus::Queued, ImageStatus::Saving, &cause);
        self.emit_task(&task.task);

        match self.receive_and_commit(image_id, &subject, feed, source, writer, &mut task, job) {
            Ok(image) => Ok(image),
            Err(e) => {
                self.fail_upload(image_id, &mut task, &e);
                Err(e)
            }
        }
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "one private step of an upload, given everything the upload holds"
    )]
    fn receive_and_commit(
        &self,
        image_id: ImageId,
        subject: &str,
        feed: Feed<'_>,
        source: &str,
        mut writer: Box<dyn crate::store::blobs::BlobWriter>,
        task: &mut RunningTask,
        job: &JobControl,
    ) -> Result<Image> {
        let part_path = writer.part_path().to_path_buf();
        let cap = self.settings().image_size_cap_bytes;
        let copied = match feed {
            Feed::Stream(reader) => {
                let mut capped = Capped {
                    inner: reader,
                    left: cap,
                };
                copy_hashing(&mut capped, &mut writer, job)
            }
            Feed::InPlace(_) => {
                let mut file = File::open(&part_path)
                    .map_err(|e| Error::io(tr!("backend-io-read-image-data"), &part_path, e))?;
                copy_hashing(&mut file, &mut std::io::sink(), job)
            }
        };
        let digests = copied.map_err(|e| match e {
            CopyError::Read(err) if err.to_string() == OVER_CAP => Error::TooLarge {
                subject: subject.to_owned(),
                cap,
            },
            CopyError::Read(err) => Error::io(tr!("backend-io-read-upload-data"), source, err),
            CopyError::Write(err) => Error::io(tr!("backend-io-write-image-data"), &part_path, err),
            CopyError::Cancelled => Error::Cancelled(tr!("backend-upload-of", subject = subject)),
            CopyError::Thread => Error::Internal(format!("upload of {subject}: {e}")),
        })?;
        if job.is_cancelled() {
            return Err(Error::Cancelled(tr!(
                "backend-upload-of",
                subject = subject
            )));
        }
        let cause = format!("upload completed ({} bytes)", digests.size_bytes);
        self.finish_received(image_id, writer, digests, &cause, Some(task))
    }

    /// The one way received data becomes an image's data (uploads, adoptions and pulls): the
    /// part file is inspected (unsafe or mislabelled data is refused), committed to the store,
    /// and size, hashes, virtual size, location and saving -> active are written in one
    /// transaction, with `task`'s success when given. On failure the blob is removed.
    pub(crate) fn finish_received(
        &self,
        image_id: ImageId,
        writer: Box<dyn crate::store::blobs::BlobWriter>,
        digests: Digests,
        cause: &str,
        task: Option<&mut RunningTask>,
    ) -> Result<Image> {
        let measured = Measured {
            virtual_size_bytes: self.check_received(image_id, writer.part_path())?,
            digests,
        };
        let guard = writer.commit()?;
        let committed = self.commit_received(image_id, &measured, cause, task);
        drop(guard);
        match &committed {
            Ok(_) => self.record_fresh_blob(image_id),
            Err(_) => {
                let _ = self.blobs.remove(image_id);
            }
        }
        committed
    }

    /// Inspect freshly received data before it is committed: unsafe or mislabelled data is
    /// refused; otherwise its virtual size is returned.
    fn check_received(&self, image_id: ImageId, part_path: &Path) -> Result<Option<u64>> {
        let image = self.image(image_id)?;
        // The received copy is the one that is kept: a compressed stream is decoded to its end
        // here (count-only, fixed buffer) so a truncated gzip too large for the bounded check
        // never becomes an active image.
        let opts = InspectOptions {
            verify_whole_streams: true,
            ..self.inspect_options()
        };
        let inspection = inspection::inspect_file(part_path, &opts)?;
        inspection::check_upload(&image, &inspection)?;
        Ok(inspection::virtual_size_of(&inspection))
    }

    fn commit_received(
        &self,
        image_id: ImageId,
        measured: &Measured,
        cause: &str,
        mut task: Option<&mut RunningTask>,
    ) -> Result<Image> {
        let tx = registry::write_tx(&self.conn)?;
        let mut image = registry::load_image(&tx, image_id)?.ok_or_else(|| {
            Error::NotFound(tr!(
                "backend-deleted-while-receiving",
                id = image_id.to_string()
            ))
        })?;
        let now = Utc::now();
        image.size_bytes = Some(measured.digests.size_bytes);
        image.checksum = Some(measured.digests.md5_hex.clone());
        image.os_hash_algo = Some("sha512".into());
        image.os_hash_value = Some(measured.digests.sha512_hex.clone());
        image.virtual_size_bytes = measured.virtual_size_bytes;
        image.updated_at = now;
        registry::update_image_row(&tx, &image)?;
        registry::insert_location(&tx, image_id, &self.blobs.location_url(image_id), &now)?;
        apply_transition(
            &tx,
            image_id,
            Some(ImageStatus::Saving),
            ImageStatus::Active,
            cause,
        )?;
        if let Some(task) = task.as_deref_mut() {
            apply_task_transition(
                &tx,
                &mut task.task,
                TaskStatus::Success,
                "",
                Some(json!({
                    "image_id": image_id,
                    "size": measured.digests.size_bytes,
                    "checksum": measured.digests.md5_hex,
                    "os_hash_algo": "sha512",
                    "os_hash_value": measured.digests.sha512_hex,
                })),
                self.settings().task_ttl_hours,
            )?;
        }
        tx.commit()?;
        image.status = ImageStatus::Active;
        self.emit_status(image_id, ImageStatus::Saving, ImageStatus::Active, cause);
        if let Some(task) = task {
            self.emit_task(&task.task);
        }
        Ok(image)
    }

    /// Send a failed upload's image back to queued (if it is still saving) and fail its task.
    /// The cause is stored (history, task), so it is in English whatever the language of this
    /// process; the caller shows `error` in the user's.
    fn fail_upload(&self, image_id: ImageId, task: &mut RunningTask, error: &Error) {
        let cause = match error {
            Error::Cancelled(_) => "upload cancelled".to_string(),
            other => format!(
                "upload failed: {}",
                crate::i18n::english(&other.to_string())
            ),
        };
        let result = (|| -> Result<()> {
            let tx = registry::write_tx(&self.conn)?;
            let moved = match registry::image_status_and_label(&tx, image_id)? {
                Some((ImageStatus::Saving, _)) => {
                    apply_transition(
                        &tx,
                        image_id,
                        Some(ImageStatus::Saving),
                        ImageStatus::Queued,
                        &cause,
                    )?;
                    true
                }
                _ => false,
            };
            apply_task_transition(
                &tx,
                &mut task.task,
                TaskStatus::Failure,
                &cause,
                None,
                self.settings().task_ttl_hours,
            )?;
            tx.commit()?;
            if moved {
                self.emit_status(image_id, ImageStatus::Saving, ImageStatus::Queued, &cause);
            }
            self.emit_task(&task.task);
            Ok(())
        })();
        // If even this fails, reconcile will move the image on the next open.
        drop(result);
    }

    /// Check that an image's data may be read and return a reader with its length.
    fn open_data(&self, image: &Image) -> Result<(Box<dyn Read + Send>, u64)> {
        let subject = image_subject(&image.label());
        match image.status {
            ImageStatus::Active => {}
            ImageStatus::Deactivated => {
                return Err(Error::forbidden(
                    &subject,
                    tr!("backend-deactivated-no-download"),
                ));
            }
            other => {
                return Err(Error::conflict(
                    &subject,
                    tr!("backend-no-data-to-download", status = status_text(other)),
                ));
            }
        }
        self.blobs.open_read(image.id)
    }

    /// Write an image's data to `out`, verifying size, md5 and sha512 while reading.
    pub fn save(
        &self,
        image_id: ImageId,
        out: &mut dyn Write,
        job: &JobControl,
    ) -> Result<Digests> {
        let started = std::time::Instant::now();
        tracing::info!(image_id = %image_id, "export started");
        let saved = self.save_unlogged(image_id, out, job);
        log_job_end("export", image_id, started, &saved);
        saved
    }

    fn save_unlogged(
        &self,
        image_id: ImageId,
        out: &mut dyn Write,
        job: &JobControl,
    ) -> Result<Digests> {
        let image = self.image(image_id)?;
        let subject = image_subject(&image.label());
        let (mut reader, len) = self.open_data(&image)?;
        job.set_total_bytes(len);
        let digests = copy_hashing(&mut reader, out, job).map_err(|e| match e {
            CopyError::Read(err) => Error::io(
                tr!("backend-io-read-data-of", subject = subject),
                image.id.to_string(),
                err,
            ),
            CopyError::Write(err) => Error::Io {
                action: tr!("backend-io-write-data-of", subject = subject),
                path: PathBuf::from("output"),
                source: err,
            },
            CopyError::Cancelled => Error::Cancelled(tr!("backend-export-of", subject = subject)),
            CopyError::Thread => Error::Internal(format!("export of {subject}: {e}")),
        })?;
        self.judge_read(&image, &digests, None, "export")?;
        Ok(digests)
    }

    /// Export an image's data to `path`: written to a temporary file beside it, verified,
    /// then renamed; nothing is left at `path` if anything fails.
    pub fn save_to_file(
        &self,
        image_id: ImageId,
        path: &Path,
        job: &JobControl,
    ) -> Result<Digests> {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "image".into());
        let temp = dir.join(format!(".{name}.{}.part", uuid::Uuid::new_v4().simple()));
        let mut file = self.create_temp_file(&temp, "export")?;
        let outcome = self.save(image_id, &mut file, job).and_then(|digests| {
            file.sync_all()
                .map_err(|e| Error::io(tr!("backend-io-flush-output"), &temp, e))?;
            fs::rename(&temp, path)
                .map_err(|e| Error::io(tr!("backend-io-move-output"), path, e))?;
            Ok(digests)
        });
        if outcome.is_err() {
            let _ = fs::remove_file(&temp);
        }
        drop(file);
        self.forget_temp_file(&temp);
        outcome
    }
}

/// The log line for the end of a job that is not a task (export, verify): finished with its
/// time, cancelled, or failed with the error.
pub(crate) fn log_job_end<T>(
    job: &str,
    image_id: ImageId,
    started: std::time::Instant,
    outcome: &Result<T>,
) {
    let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    match outcome {
        Ok(_) => tracing::info!(job, image_id = %image_id, elapsed_ms, "job finished"),
        Err(Error::Cancelled(_)) => {
            tracing::info!(job, image_id = %image_id, elapsed_ms, "job cancelled")
        }
        Err(error) => tracing::warn!(
            job,
            image_id = %image_id,
            elapsed_ms,
            error = error.to_string().as_str(),
            "job failed"
        ),
    }
}
