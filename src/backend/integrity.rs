//! Stored data is checked against the size and hashes recorded when it was received before it
//! becomes anything new (an export, a conversion, a resize, a push) or is reported on (check,
//! info, measure). A mismatch refuses the operation, names the image, and marks it `damaged`
//! (a flag beside the status; the statuses stay Glance's nine) until `image verify` finds the
//! data whole again, for example after the blob was restored from a backup.
//!
//! Report-only reads (qemu-img info and measure, which the window runs on every selection)
//! skip the re-hash when the blob's size, mtime, ctime and inode are those recorded at its
//! last full check: any write to the file changes its ctime, which no program can set back.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use chrono::Utc;

use crate::backend::catalog::Catalog;
use crate::backend::error::{Error, Result};
use crate::backend::events::Event;
use crate::backend::jobs::JobControl;
use crate::backend::model::{Image, ImageId, ImageStatus};
use crate::store::blobs::{BlobStore, stat_key};
use crate::store::digest::{Md5, Sha512, StreamDigest};
use crate::store::hashing::{CopyError, Digests, copy_hashing};
use crate::store::registry;
use crate::tr;

/// What `image verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// The image checked.
    pub image_id: ImageId,
    /// Bytes read.
    pub size_bytes: u64,
    /// Whether the image was marked damaged before this check.
    pub was_damaged: bool,
}

/// The subject of messages about an image.
fn subject_of(image: &Image) -> String {
    crate::backend::image_subject(&image.label())
}

/// Which recorded value `digests` fails to match, if any: size, then sha512, then md5.
pub fn mismatch(image: &Image, digests: &Digests) -> Option<&'static str> {
    if Some(digests.size_bytes) != image.size_bytes {
        Some("size")
    } else if image.os_hash_value.as_deref() != Some(digests.sha512_hex.as_str()) {
        Some("sha512")
    } else if image.checksum.as_deref() != Some(digests.md5_hex.as_str()) {
        Some("md5")
    } else {
        None
    }
}

impl Catalog {
    /// The local blob of an image that has data, or a clear error.
    pub(crate) fn stored_path(&self, image: &Image) -> Result<std::path::PathBuf> {
        self.blobs
            .local_path(image.id)
            .filter(|p| p.is_file())
            .ok_or_else(|| Error::conflict(subject_of(image), tr!("backend-data-file-missing")))
    }

    /// Compare the digests of a full read of `image`'s blob (taken while its file had `stat`)
    /// with what was recorded: a match records the stat as verified; a mismatch marks the image
    /// damaged and is returned as [`Error::Corrupt`] naming `operation`.
    pub(crate) fn judge_read(
        &self,
        image: &Image,
        digests: &Digests,
        stat: Option<&str>,
        operation: &str,
    ) -> Result<()> {
        match mismatch(image, digests) {
            None => {
                if let Some(stat) = stat {
                    registry::set_verified(&self.conn, image.id, stat)?;
                    if image.damaged.is_some() {
                        self.emit(Event::ImageChanged(image.id));
                    }
                }
                Ok(())
            }
            Some(algo) => self.mark_damaged(image, algo, operation),
        }
    }

    /// Read all of `image`'s stored data once and compare it with its recorded size and
    /// hashes (see [`Catalog::judge_read`]); `operation` names the reader in the damage note.
    pub(crate) fn verify_stored(
        &self,
        image: &Image,
        operation: &str,
        job: &JobControl,
    ) -> Result<u64> {
        let path = self.stored_path(image)?;
        let mut file =
            File::open(&path).map_err(|e| Error::io("cannot open image data", &path, e))?;
        let stat = stat_key(&file).ok();
        job.set_total_bytes(image.size_bytes.unwrap_or(0));
        let digests = copy_hashing(&mut file, &mut std::io::sink(), job)
            .map_err(|e| read_error(image, &path, operation, e))?;
        self.judge_read(image, &digests, stat.as_deref(), operation)?;
        Ok(digests.size_bytes)
    }

    /// For report-only reads: verify `image`'s data unless its blob is untouched since its
    /// last full check.
    pub(crate) fn verify_unless_unchanged(
        &self,
        image: &Image,
        operation: &str,
        job: &JobControl,
    ) -> Result<()> {
        let path = self.stored_path(image)?;
        let current = File::open(&path).ok().and_then(|f| stat_key(&f).ok());
        let recorded = registry::verified_stat(&self.conn, image.id)?;
        if image.damaged.is_none() && current.is_some() && current == recorded {
            return Ok(());
        }
        self.verify_stored(image, operation, job).map(|_| ())
    }

    /// `image verify`: read an active or deactivated image's data in full and compare it with
    /// its recorded size and hashes. A match clears a `damaged` mark (the blob was restored);
    /// a mismatch sets it and is an error.
    pub fn verify_image(&self, image_id: ImageId, job: &JobControl) -> Result<VerifyReport> {
        let started = std::time::Instant::now();
        tracing::info!(image_id = %image_id, "verify started");
        let verified = self.verify_image_unlogged(image_id, job);
        crate::backend::upload::log_job_end("verify", image_id, started, &verified);
        verified
    }

    fn verify_image_unlogged(&self, image_id: ImageId, job: &JobControl) -> Result<VerifyReport> {
        let image = self.image(image_id)?;
        if !matches!(
            image.status,
            ImageStatus::Active | ImageStatus::Deactivated | ImageStatus::PendingDelete
        ) {
            return Err(Error::conflict(
                subject_of(&image),
                tr!(
                    "backend-no-data-to-verify",
                    status = crate::backend::status_text(image.status)
                ),
            ));
        }
        let size_bytes = self.verify_stored(&image, "image verify", job)?;
        Ok(VerifyReport {
            image_id,
            size_bytes,
            was_damaged: image.damaged.is_some(),
        })
    }

    /// Record the stat of a blob whose data was just written and hashed (a new upload), so
    /// report-only reads need not hash it again.
    pub(crate) fn record_fresh_blob(&self, image_id: ImageId) {
        if let Some(path) = self.blobs.local_path(image_id)
            && let Ok(file) = File::open(&path)
            && let Ok(stat) = stat_key(&file)
        {
            let _ = registry::set_verified(&self.conn, image_id, &stat);
        }
    }
}

/// Shared between a [`VerifiedRead`] (on a feeder thread) and the code that reports its
/// verdict: which recorded value the data failed to match, once it is known.
pub type Verdict = std::sync::Arc<std::sync::Mutex<Option<&'static str>>>;

/// Stored data read for sending elsewhere (a push), hashed as it goes: the bytes that complete
/// the recorded size are handed out only after the whole stream matched its size, md5 and
/// sha512, so a receiver never gets all of a damaged image; a mismatch is a read error instead
/// (and is left in the [`Verdict`] for [`Catalog::settle_verified`]).
pub struct VerifiedRead {
    file: File,
    expected: Image,
    md5: Md5,
    sha512: Sha512,
    seen: u64,
    done: bool,
    verdict: Verdict,
}

impl VerifiedRead {
    fn fail(&mut self, algo: &'static str) -> std::io::Error {
        if let Ok(mut verdict) = self.verdict.lock() {
            *verdict = Some(algo);
        }
        self.done = true;
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            tr!(
                "backend-stored-data-mismatch",
                subject = subject_of(&self.expected),
                algo = algo
            ),
        )
    }

    /// Called when the recorded size has been read: anything more, or other digests, fail.
    fn finish(&mut self) -> std::io::Result<()> {
        let mut extra = [0u8; 1];
        if self.file.read(&mut extra)? > 0 {
            return Err(self.fail("size"));
        }
        let digests = Digests {
            md5_hex: std::mem::replace(&mut self.md5, Md5::new()).finish_hex(),
            sha512_hex: std::mem::replace(&mut self.sha512, Sha512::new()).finish_hex(),
            size_bytes: self.seen,
        };
        if let Some(algo) = mismatch(&self.expected, &digests) {
            return Err(self.fail(algo));
        }
        self.done = true;
        Ok(())
    }
}

impl Read for VerifiedRead {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.done {
            return Ok(0);
        }
        let expected = self.expected.size_bytes.unwrap_or(0);
        let n = self.file.read(buf)?;
        if n == 0 {
            if self.seen == expected {
                self.finish()?;
                return Ok(0);
            }
            return Err(self.fail("size"));
        }
        self.md5.update(&buf[..n]);
        self.sha512.update(&buf[..n]);
        self.seen += n as u64;
        if self.seen > expected {
            return Err(self.fail("size"));
        }
        if self.seen == expected {
            self.finish()?;
        }
        Ok(n)
    }
}

impl Catalog {
    /// Open an active image's stored data for sending, verified as it is read (see
    /// [`VerifiedRead`]).
    pub fn open_verified(&self, image: &Image) -> Result<(VerifiedRead, Verdict)> {
        let path = self.stored_path(image)?;
        let file = File::open(&path).map_err(|e| Error::io("cannot open image data", &path, e))?;
        let verdict = Verdict::default();
        Ok((
            VerifiedRead {
                file,
                expected: image.clone(),
                md5: Md5::new(),
                sha512: Sha512::new(),
                seen: 0,
                done: false,
                verdict: verdict.clone(),
            },
            verdict,
        ))
    }

    /// After a send that used [`Catalog::open_verified`]: a mismatch its reader met marks the
    /// image damaged and is returned as [`Error::Corrupt`].
    pub fn settle_verified(&self, image: &Image, verdict: &Verdict, operation: &str) -> Result<()> {
        match verdict.lock().ok().and_then(|v| *v) {
            Some(algo) => self.mark_damaged(image, algo, operation),
            None => Ok(()),
        }
    }

    /// Record that `image`'s data failed to match its recorded `algo` when `operation` read
    /// it, and return the error that refuses the operation.
    fn mark_damaged(&self, image: &Image, algo: &str, operation: &str) -> Result<()> {
        let reason = format!(
            "the data does not match its recorded {algo} (found by {operation} at {})",
            Utc::now().format("%Y-%m-%d %H:%M:%SZ")
        );
        tracing::error!(image_id = %image.id, algo, operation, "stored data damaged");
        registry::set_damaged(&self.conn, image.id, Some(&reason))?;
        self.emit(Event::ImageChanged(image.id));
        Err(Error::Corrupt {
            image: subject_of(image),
            algo: algo.to_owned(),
        })
    }
}

/// What a cancelled read of stored data was doing, for the operations the library names:
/// "resize of image \"x\"" (others in English as they are given).
fn operation_of(operation: &str, subject: &str) -> String {
    match operation {
        "resize" => tr!("backend-read-for-resize", subject = subject),
        "convert" => tr!("backend-read-for-convert", subject = subject),
        "image verify" => tr!("backend-read-for-verify", subject = subject),
        "image check" => tr!("backend-read-for-check", subject = subject),
        "qemu-img measure" => tr!("backend-read-for-measure", subject = subject),
        "qemu-img info" => tr!("backend-read-for-info", subject = subject),
        "data inspection" => tr!("backend-read-for-inspection", subject = subject),
        other => format!("{other} of {subject}"),
    }
}

/// A read of stored data that stopped: I/O, cancel, or a hashing thread.
pub(crate) fn read_error(image: &Image, path: &Path, operation: &str, e: CopyError) -> Error {
    let subject = subject_of(image);
    match e {
        CopyError::Read(err) | CopyError::Write(err) => {
            Error::io(tr!("backend-io-read-data-of", subject = subject), path, err)
        }
        CopyError::Cancelled => Error::Cancelled(operation_of(operation, &subject)),
        CopyError::Thread => Error::Internal(format!("{operation} of {subject}: {e}")),
    }
}
