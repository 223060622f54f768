//! Blank images, resize, check, measure and qemu-img's info on the catalog — the conversion
//! service's smaller tools — and the task and adoption plumbing every tool shares. Sources are
//! inspected first ([`Catalog::prepare_source`]) and every change makes a new image, recorded
//! as a task.

use std::fs::File;
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::Path;

use serde_json::{Value, json};

use super::{PreparedSource, RESIZED_FROM, SourceRef, describe_target, glance_format_of};
use crate::backend::catalog::{Catalog, NewImage};
use crate::backend::error::{Error, ErrorKind, Result};
use crate::backend::integrity::read_error;
use crate::backend::jobs::JobControl;
use crate::backend::model::{ContainerFormat, Image, ImageId, TaskId, TaskStatus};
use crate::convert::qemu_img::{
    CheckReport, ImageInfo, MeasureReport, QemuImg, QemuImgError, SizeSpec, Target,
};
use crate::store::hashing::{CopyError, copy_hashing};
use crate::tr;

/// The virtual size `size` (absolute, `+grow` or `-shrink`) asks for, for an image of
/// `current_bytes`; a delta that would go below zero or overflow is refused.
pub fn resize_target(size: SizeSpec, current_bytes: u64) -> Result<u64> {
    size.resolve(current_bytes).ok_or_else(|| {
        Error::invalid(
            tr!("backend-subject-resize"),
            tr!(
                "backend-resize-does-not-fit",
                size = format!("{size:?}"),
                bytes = current_bytes.to_string()
            ),
        )
    })
}

/// A new file written at increasing offsets that leaves all-zero 64 KiB blocks as holes, so a
/// sparse image stays sparse when copied.
struct SparseWriter {
    file: File,
    offset: u64,
}

/// Zero runs of this size (and alignment) are left as holes.
const HOLE: u64 = 64 << 10;

impl Write for SparseWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while !rest.is_empty() {
            // Split at absolute HOLE boundaries so holes stay aligned whatever the chunking.
            let room = (HOLE - self.offset % HOLE) as usize;
            let (piece, tail) = rest.split_at(room.min(rest.len()));
            if piece.iter().any(|b| *b != 0) {
                self.file.write_all_at(piece, self.offset)?;
            }
            self.offset += piece.len() as u64;
            rest = tail;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.set_len(self.offset)?;
        self.file.sync_all()
    }
}

impl Catalog {
    /// Copy `image`'s stored data to a new file `to` in one pass that also hashes it, with
    /// progress and cancel on `job` and zero blocks left as holes; the copy is used only when
    /// the data matches its recorded size and hashes (otherwise the image is marked damaged).
    fn copy_verified(&self, image: &Image, from: &Path, to: &Path, job: &JobControl) -> Result<()> {
        let mut src = File::open(from)
            .map_err(|e| Error::io(tr!("backend-io-read-resize-source"), from, e))?;
        let stat = crate::store::blobs::stat_key(&src).ok();
        let dst = File::create_new(to)
            .map_err(|e| Error::io(tr!("backend-io-copy-resize-source"), to, e))?;
        let mut writer = SparseWriter {
            file: dst,
            offset: 0,
        };
        let digests = copy_hashing(&mut src, &mut writer, job).map_err(|e| match e {
            CopyError::Write(err) => Error::io(tr!("backend-io-copy-resize-source"), to, err),
            other => read_error(image, from, "resize", other),
        })?;
        self.judge_read(image, &digests, stat.as_deref(), "resize")
    }
}

impl Catalog {
    /// Run `work` as a task of `task_type`: pending → processing → success with the result it
    /// returns, or failure with the error (`cancelled` for a cancellation).
    pub(super) fn as_task<T>(
        &self,
        task_type: &str,
        image_id: Option<ImageId>,
        input: Value,
        work: impl FnOnce(TaskId) -> Result<(T, Value)>,
    ) -> Result<T> {
        let mut task = self.start_task(task_type, image_id, input)?;
        self.update_task(&mut task, TaskStatus::Processing, "running", None)?;
        match work(task.task.id) {
            Ok((value, result)) => {
                self.update_task(&mut task, TaskStatus::Success, "done", Some(result))?;
                Ok(value)
            }
            Err(error) => {
                // Stored: in English, whatever the language of this process (the caller shows
                // `error` in the user's).
                let message = match error.kind() {
                    ErrorKind::Cancelled => "cancelled".to_owned(),
                    _ => crate::i18n::english(&error.to_string()),
                };
                let _ = self.update_task(&mut task, TaskStatus::Failure, &message, None);
                Err(error)
            }
        }
    }

    /// Create a queued image for `path` (a finished file in a work dir) and adopt the file;
    /// if adoption fails the image record is deleted.
    pub(super) fn adopt_as_new(
        &self,
        new: NewImage,
        path: &Path,
        source: &str,
        job: &JobControl,
    ) -> Result<Image> {
        let image = self.create_image(new)?;
        match self.adopt_file(image.id, path, source, job) {
            Ok(image) => Ok(image),
            Err(error) => {
                let _ = self.delete(image.id);
                Err(error)
            }
        }
    }

    /// A new blank image of `size_bytes` in `target`'s format (a `create_blank` task).
    pub fn create_blank(&self, name: &str, size_bytes: u64, target: &Target) -> Result<Image> {
        let disk_format = glance_format_of(target)?;
        let qemu = QemuImg::locate()?;
        let input =
            json!({"name": name, "size": size_bytes, "target": describe_target(target, None)});
        self.as_task("create_blank", None, input, |_| {
            let work = self.work_dir()?;
            let path = work.file(&format!("blank.{}", target.format()));
            qemu.create(&path, target, size_bytes)?;
            self.check_output(&path, disk_format)?;
            let new = NewImage {
                name: Some(name.to_owned()),
                disk_format: Some(disk_format),
                container_format: Some(ContainerFormat::Bare),
                ..Default::default()
            };
            let image = self.adopt_as_new(new, &path, "create-blank", &JobControl::new())?;
            let result = json!({"image_id": image.id.to_string(), "virtual_size": size_bytes});
            Ok((image, result))
        })
    }

    /// A NEW image holding `image_id`'s data resized to `size` (active images are immutable);
    /// shrinking needs `allow_shrink` and is refused before anything is copied.
    pub fn resize_image(
        &self,
        image_id: ImageId,
        size: SizeSpec,
        allow_shrink: bool,
        name: Option<String>,
        job: &JobControl,
    ) -> Result<Image> {
        let qemu = QemuImg::locate()?;
        let source = self.prepare_source(&SourceRef::Image(image_id))?;
        let current = qemu.info(&source.path, source.format)?.virtual_size;
        let requested = resize_target(size, current)?;
        if requested < current && !allow_shrink {
            return Err(QemuImgError::ShrinkRefused {
                current_bytes: current,
                requested_bytes: requested,
                path: source.path.clone(),
            }
            .into());
        }
        let disk_format = source
            .image
            .as_ref()
            .and_then(|i| i.disk_format)
            .ok_or_else(|| Error::Internal("resize: source has no disk_format".into()))?;
        let input = json!({"source": source.lineage, "from": current, "to": requested});
        self.as_task("resize", Some(image_id), input, |_| {
            let work = self.work_dir()?;
            let path = work.file("resized");
            job.set_total_bytes(source.path.metadata().map(|m| m.len()).unwrap_or(0));
            let image = source
                .image
                .as_ref()
                .ok_or_else(|| Error::Internal("resize: source is not an image".into()))?;
            self.copy_verified(image, &source.path, &path, job)?;
            qemu.resize(
                &path,
                source.format,
                SizeSpec::Absolute(requested),
                allow_shrink,
            )?;
            self.check_output(&path, disk_format)?;
            let name = name.unwrap_or_else(|| format!("{}-resized", source.base_name));
            let new = self.derived_image(
                &source,
                name,
                disk_format,
                &[(RESIZED_FROM, source.lineage.clone())],
            );
            let image =
                self.adopt_as_new(new, &path, &format!("resize of {}", source.lineage), job)?;
            let result = json!({"image_id": image.id.to_string(), "virtual_size": requested});
            Ok((image, result))
        })
        .map_err(|error| match error.kind() {
            // The adoption step would say "upload of …"; the user cancelled a resize.
            ErrorKind::Cancelled => Error::Cancelled(tr!(
                "backend-read-for-resize",
                subject = crate::backend::image_subject(&source.base_name)
            )),
            _ => error,
        })
    }

    /// `qemu-img check` of a stored image (inspected first).
    pub fn check_image(&self, image_id: ImageId) -> Result<CheckReport> {
        let qemu = QemuImg::locate()?;
        let source = self.prepare_source(&SourceRef::Image(image_id))?;
        if let Some(image) = &source.image {
            self.verify_stored(image, "image check", &JobControl::new())?;
        }
        Ok(qemu.check(&source.path, source.format)?)
    }

    /// `qemu-img measure` of an image or file (inspected first) for `target`.
    pub fn measure(&self, source: &SourceRef, target: &Target) -> Result<MeasureReport> {
        let qemu = QemuImg::locate()?;
        let source = self.prepare_source(source)?;
        if let Some(image) = &source.image {
            self.verify_unless_unchanged(image, "qemu-img measure", &JobControl::new())?;
        }
        Ok(qemu.measure(&source.path, source.format, target)?)
    }

    /// qemu-img's view (`qemu-img info`) of an image or file beside the native inspection;
    /// qemu-img only runs when the inspection finds the source safe.
    pub fn qemu_info(&self, source: &SourceRef) -> Result<(PreparedSource, ImageInfo)> {
        let qemu = QemuImg::locate()?;
        let source = self.prepare_source(source)?;
        if let Some(image) = &source.image {
            self.verify_unless_unchanged(image, "qemu-img info", &JobControl::new())?;
        }
        let info = qemu.info(&source.path, source.format)?;
        Ok((source, info))
    }
}
