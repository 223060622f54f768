//! Where the native inspector meets the catalog: the rules an upload's data must pass (safe,
//! and of the declared formats), picking formats from content (`--disk-format auto`), and
//! inspecting a stored image.

use std::path::Path;

use crate::backend::catalog::Catalog;
use crate::backend::error::{Error, Result};
use crate::backend::jobs::JobControl;
use crate::backend::model::{ContainerFormat, DiskFormat, Image, ImageId, ImageStatus};
use crate::backend::{image_subject, status_text};
use crate::convert::inspect::{self, InspectOptions, Inspection};
use crate::tr;

/// Inspect a file with the catalog's limits. Only a regular file or a disk can be inspected:
/// reading a pipe would take the data from its reader, and a character device such as
/// `/dev/zero` is not a disk image.
pub fn inspect_file(path: &Path, opts: &InspectOptions) -> Result<Inspection> {
    use std::os::unix::fs::FileTypeExt;
    if let Ok(meta) = std::fs::metadata(path) {
        let kind = meta.file_type();
        let problem = if kind.is_char_device() {
            Some(tr!("backend-inspect-char-device"))
        } else if kind.is_fifo() {
            Some(tr!("backend-inspect-pipe"))
        } else if kind.is_socket() {
            Some(tr!("backend-inspect-socket"))
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(Error::BadSource {
                problem,
                path: path.to_path_buf(),
            });
        }
    }
    Ok(inspect::inspect_path(path, opts)?)
}

/// Refuse unsafe data (a backing or data file, a foreign extent, …) with its reasons.
pub fn refuse_unsafe(subject: &str, inspection: &Inspection) -> Result<()> {
    if inspection.is_safe() {
        return Ok(());
    }
    Err(Error::forbidden(
        subject,
        tr!(
            "backend-refused-unsafe",
            what = inspection.described(),
            reasons = unsafe_reasons(inspection)
        ),
    ))
}

/// The reasons an inspection is unsafe, as one readable clause in the current language
/// (`backing_file (image has a backing file …)` in English).
pub fn unsafe_reasons(inspection: &Inspection) -> String {
    inspection
        .reasons()
        .iter()
        .map(|finding| {
            tr!(
                "inspect-refusal-reason",
                reason = crate::i18n::labels::unsafe_reason_named(finding.reason),
                detail = finding.detail_shown()
            )
        })
        .collect::<Vec<_>>()
        .join(&tr!("inspect-reason-separator"))
}

/// The Glance formats that fit a file's content: the disk format, and the container format
/// (`bare`, or `compressed` / `ova` for wrappers whose content Glance can take).
pub fn formats_for(inspection: &Inspection) -> Option<(DiskFormat, ContainerFormat)> {
    let parse = |name: &str| name.parse::<DiskFormat>().ok();
    if let Some(disk) = inspection.glance_disk_format().and_then(parse) {
        return Some((disk, ContainerFormat::Bare));
    }
    let mismatch = inspection.check_declared("raw")?;
    let disk = mismatch.suggested_disk_format.and_then(parse)?;
    let container = mismatch
        .suggested_container_format
        .and_then(|c| c.parse::<ContainerFormat>().ok())
        .unwrap_or(ContainerFormat::Bare);
    Some((disk, container))
}

/// Inspect the file at `path` and take Glance's formats from its content (`--disk-format
/// auto`, `image recover`): unsafe content is refused with its reasons, and so is content
/// Glance has no disk_format for.
pub fn detect_formats(
    subject: &str,
    path: &Path,
    opts: &InspectOptions,
) -> Result<(Inspection, DiskFormat, ContainerFormat)> {
    let found = inspect_file(path, opts)?;
    refuse_unsafe(subject, &found)?;
    let (disk, container) = formats_for(&found).ok_or_else(|| {
        Error::invalid(
            subject,
            tr!("backend-no-disk-format-for", what = found.described()),
        )
    })?;
    Ok((found, disk, container))
}

/// Refuse data that Glance would refuse: unsafe content, or content that is not what the
/// image declares.
pub fn check_upload(image: &Image, inspection: &Inspection) -> Result<()> {
    check_data(
        &image_subject(&image.label()),
        image.disk_format,
        image.container_format,
        inspection,
    )
}

/// [`check_upload`] for an image that does not exist yet (`subject` names it).
pub fn check_data(
    subject: &str,
    disk_format: Option<DiskFormat>,
    container_format: Option<ContainerFormat>,
    inspection: &Inspection,
) -> Result<()> {
    refuse_unsafe(subject, inspection)?;
    let (Some(disk), Some(container)) = (disk_format, container_format) else {
        return Ok(());
    };
    if let Some(mismatch) = inspection.check_declared_container(disk.as_str(), container.as_str()) {
        return Err(Error::invalid(
            subject,
            tr!("inspect-mismatch-or-auto", mismatch = mismatch.shown()),
        ));
    }
    Ok(())
}

/// The virtual size to record: the inspected disk's, or its content's for a wrapper.
pub fn virtual_size_of(inspection: &Inspection) -> Option<u64> {
    if inspection.format.is_wrapper() {
        inspection
            .inner
            .as_ref()
            .and_then(|inner| inner.virtual_size)
    } else {
        inspection.virtual_size
    }
}

impl Catalog {
    /// Inspector options from the catalog's settings.
    pub fn inspect_options(&self) -> InspectOptions {
        InspectOptions {
            virtual_size_limit: self.settings().virtual_size_limit_bytes,
            ..InspectOptions::default()
        }
    }

    /// Inspect the stored data of an image.
    pub fn inspect_image(&self, image_id: ImageId) -> Result<Inspection> {
        let image = self.image(image_id)?;
        let path = crate::store::blobs::BlobStore::local_path(&self.blobs, image_id)
            .filter(|p| p.exists())
            .ok_or_else(|| {
                Error::conflict(
                    image_subject(&image.label()),
                    tr!(
                        "backend-no-data-to-inspect",
                        status = status_text(image.status)
                    ),
                )
            })?;
        // A report on stored data, like qemu-img info: checked first unless untouched since
        // its last full check (see backend::integrity).
        if matches!(image.status, ImageStatus::Active | ImageStatus::Deactivated) {
            self.verify_unless_unchanged(&image, "data inspection", &JobControl::new())?;
        }
        inspect_file(&path, &self.inspect_options())
    }
}
