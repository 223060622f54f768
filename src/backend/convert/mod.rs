//! Conversions on the catalog: qemu-img behind the catalog's safety rules.
//!
//! Every source — a stored image or a file — is inspected natively first and refused when it is
//! unsafe (backing file, external data file, foreign VMDK extent, …) or, for a stored image,
//! when its content does not match its `disk_format`; qemu-img then always reads it with an
//! explicit `-f` taken from that inspection, never from a guess. A refused source makes no task
//! and no image.
//!
//! A conversion into the catalog runs in a [`WorkDir`](crate::backend::WorkDir): qemu-img writes
//! there, the output is inspected again (it must be safe and of the target format), compared
//! with the source by `qemu-img compare` (unless `verify` is off), and only then is a new
//! image created — with the source's name, tags and properties, plus the lineage properties
//! [`CONVERTED_FROM`] and [`CONVERSION_OPTIONS`] — and the file adopted into the store without
//! a copy. If adoption fails or is cancelled the new image record is **deleted** (it never had
//! data), so nothing is left half-made. Each run is a `convert` task (`resize` and
//! `create_blank` likewise); on cancel the task fails with the message `cancelled`.
//!
//! Images are immutable once active, so [`Catalog::resize_image`] makes a new image
//! (lineage [`RESIZED_FROM`]).

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{Value, json};

use crate::backend::catalog::{Catalog, NewImage};
use crate::backend::error::{Error, ErrorKind, Result};
use crate::backend::inspection::{check_data, inspect_file, refuse_unsafe};
use crate::backend::jobs::JobControl;
use crate::backend::model::{ContainerFormat, DiskFormat, Image, ImageId, ImageStatus};
use crate::backend::{image_subject, status_text};
use crate::convert::inspect::Inspection;
use crate::convert::qemu_img::{
    CompareMode, CompareOutcome, ConvertRequest, QemuFormat, QemuImg, QemuImgError, Target,
    check_sparse_size,
};
use crate::store::blobs::BlobStore;
use crate::tr;

mod options;
mod tools;

pub use options::{
    COMPAT_LEVELS, COMPRESSIONS, TARGET_FORMATS, TargetOptions, format_name, is_measurable,
    preallocations, size_bytes, sparse_size_from, subformats, target_from,
};
pub use tools::resize_target;

/// Property naming what an image was converted from (an image id or a file path).
pub const CONVERTED_FROM: &str = "converted_from";
/// Property describing the target options, e.g. `qcow2 compat=1.1 compression_type=zstd`.
pub const CONVERSION_OPTIONS: &str = "conversion_options";
/// Property naming the image a resized image was made from.
pub const RESIZED_FROM: &str = "resized_from";

/// Glance's limit on a property value's length.
const PROPERTY_VALUE_MAX: usize = 255;

/// What to read: a stored image or a file on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceRef {
    /// An active image of the catalog.
    Image(ImageId),
    /// A disk image file.
    File(PathBuf),
}

/// Where a conversion's output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConvertOutput {
    /// A new catalog image; `None` names it `<source name>-<format>`.
    NewImage {
        /// The new image's name.
        name: Option<String>,
    },
    /// A file the user names.
    File {
        /// The output file.
        path: PathBuf,
        /// Replace it when it exists.
        overwrite: bool,
    },
}

/// A conversion request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertSpec {
    /// What to convert.
    pub source: SourceRef,
    /// Target format and options.
    pub target: Target,
    /// `-S`: zero runs left unallocated (`None`: qemu-img's 4 KiB).
    pub sparse_size_bytes: Option<u64>,
    /// Where the output goes.
    pub output: ConvertOutput,
    /// Compare the output with the source (`qemu-img compare`) before it is kept.
    pub verify: bool,
}

impl ConvertSpec {
    /// A conversion of `source` to `target` into a new image, verified.
    pub fn new(source: SourceRef, target: Target) -> Self {
        Self {
            source,
            target,
            sparse_size_bytes: None,
            output: ConvertOutput::NewImage { name: None },
            verify: true,
        }
    }
}

/// What a conversion produced.
#[derive(Debug, Clone)]
pub struct ConvertOutcome {
    /// The new image (catalog output).
    pub image: Option<Image>,
    /// The output file (file output).
    pub file: Option<PathBuf>,
    /// The `convert` task.
    pub task_id: crate::backend::model::TaskId,
    /// Whether `qemu-img compare` found the output identical to the source.
    pub verified: bool,
    /// Wall-clock seconds for the whole job.
    pub seconds: f64,
    /// The source's virtual size.
    pub virtual_size_bytes: u64,
    /// The output's length.
    pub output_bytes: u64,
    /// The lineage description of the options.
    pub options: String,
}

impl ConvertOutcome {
    /// The task result / CLI JSON.
    pub fn to_json(&self) -> Value {
        json!({
            "task_id": self.task_id.to_string(),
            "image_id": self.image.as_ref().map(|i| i.id.to_string()),
            "file": self.file.as_ref().map(|p| p.display().to_string()),
            "verified": self.verified,
            "seconds": self.seconds,
            "virtual_size": self.virtual_size_bytes,
            "output_bytes": self.output_bytes,
            "conversion_options": self.options,
        })
    }
}

/// A source that passed inspection, with the format qemu-img will be told.
#[derive(Debug, Clone)]
pub struct PreparedSource {
    /// The file qemu-img reads.
    pub path: PathBuf,
    /// Its format (from the inspector or the image's `disk_format`).
    pub format: QemuFormat,
    /// The stored image, for an image source.
    pub image: Option<Image>,
    /// The native inspection.
    pub inspection: Inspection,
    /// The lineage value: the image id or the file path.
    pub lineage: String,
    /// A base for derived names: the image label or the file stem.
    pub base_name: String,
}

/// `conversion_options`: the target format and its `-o` options, space-separated.
pub fn describe_target(target: &Target, sparse_size_bytes: Option<u64>) -> String {
    let mut text = target.format().as_str().to_owned();
    if let Some(options) = target.creation_options() {
        text.push(' ');
        text.push_str(&options.replace(',', " "));
    }
    if let Some(sparse) = sparse_size_bytes {
        text.push_str(&format!(" sparse_size={sparse}"));
    }
    text
}

fn glance_format_of(target: &Target) -> Result<DiskFormat> {
    let name = target.format().to_glance_disk_format().ok_or_else(|| {
        Error::invalid(
            tr!("backend-subject-convert"),
            tr!("backend-no-glance-name", format = target.format().as_str()),
        )
    })?;
    Ok(name.parse()?)
}

fn clip(value: String) -> String {
    if value.len() <= PROPERTY_VALUE_MAX {
        return value;
    }
    let mut end = PROPERTY_VALUE_MAX;
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    value[..end].to_owned()
}

/// A cancelled conversion says so, whichever step it was in: the adoption of the output
/// would otherwise report "upload of image … cancelled" and qemu-img the work dir's path.
/// qemu-img's own message stays when it names the user's output file.
fn conversion_cancelled(error: Error, source: &PreparedSource, output: &ConvertOutput) -> Error {
    let keep = matches!(output, ConvertOutput::File { .. }) && matches!(error, Error::QemuImg(_));
    if error.kind() != ErrorKind::Cancelled || keep {
        return error;
    }
    Error::Cancelled(match &source.image {
        Some(image) => tr!(
            "backend-conversion-of",
            subject = image_subject(&image.label())
        ),
        None => tr!(
            "backend-conversion-of",
            subject = tr!("backend-subject-file", path = source.path.as_path())
        ),
    })
}

impl Catalog {
    /// `IMAGE|FILE` on the command line: an existing file when the text names one and either
    /// contains a `/` or names no image; otherwise an image by name or id.
    pub fn source_ref(&self, text: &str) -> Result<SourceRef> {
        let path = Path::new(text);
        if path.is_file() && (text.contains('/') || self.resolve(text).is_err()) {
            return Ok(SourceRef::File(path.to_owned()));
        }
        Ok(SourceRef::Image(self.resolve(text)?.id))
    }

    /// Inspect a source and refuse it when unsafe, mislabelled, or unreadable by qemu-img.
    pub fn prepare_source(&self, source: &SourceRef) -> Result<PreparedSource> {
        match source {
            SourceRef::Image(id) => {
                let image = self.image(*id)?;
                let subject = image_subject(&image.label());
                if image.status != ImageStatus::Active {
                    return Err(Error::conflict(
                        &subject,
                        tr!(
                            "backend-read-needs-active",
                            status = status_text(image.status)
                        ),
                    ));
                }
                if image
                    .container_format
                    .is_some_and(|c| c != ContainerFormat::Bare)
                {
                    return Err(Error::invalid(&subject, tr!("backend-read-needs-bare")));
                }
                let format = image
                    .disk_format
                    .and_then(|d| QemuFormat::from_glance_disk_format(d.as_str()))
                    .ok_or_else(|| Error::invalid(&subject, tr!("backend-not-a-qemu-format")))?;
                let path = self
                    .blob_store()
                    .local_path(*id)
                    .filter(|p| p.is_file())
                    .ok_or_else(|| Error::conflict(&subject, tr!("backend-data-file-missing")))?;
                let inspection = inspect_file(&path, &self.inspect_options())?;
                check_data(
                    &subject,
                    image.disk_format,
                    image.container_format,
                    &inspection,
                )?;
                Ok(PreparedSource {
                    path,
                    format,
                    lineage: id.to_string(),
                    base_name: image.label(),
                    image: Some(image),
                    inspection,
                })
            }
            SourceRef::File(path) => {
                let subject = tr!("backend-subject-file", path = path.as_path());
                let inspection = inspect_file(path, &self.inspect_options())?;
                refuse_unsafe(&subject, &inspection)?;
                let format = inspection
                    .glance_disk_format()
                    .and_then(QemuFormat::from_glance_disk_format)
                    .ok_or_else(|| {
                        Error::invalid(
                            &subject,
                            tr!("backend-qemu-cannot-read", what = inspection.described()),
                        )
                    })?;
                let base_name = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "image".to_owned());
                let lineage = std::path::absolute(path)
                    .unwrap_or_else(|_| path.clone())
                    .display()
                    .to_string();
                Ok(PreparedSource {
                    path: path.clone(),
                    format,
                    image: None,
                    inspection,
                    lineage,
                    base_name,
                })
            }
        }
    }

    /// Inspect a file qemu-img wrote: it must be safe and of `format`.
    fn check_output(&self, path: &Path, disk_format: DiskFormat) -> Result<Inspection> {
        let inspection = inspect_file(path, &self.inspect_options())?;
        check_data(
            &tr!("backend-subject-converted-output", path = path),
            Some(disk_format),
            Some(ContainerFormat::Bare),
            &inspection,
        )?;
        Ok(inspection)
    }

    /// Convert an image or file; see the module docs for the steps and guarantees.
    pub fn convert(&self, spec: &ConvertSpec, job: &JobControl) -> Result<ConvertOutcome> {
        spec.target.validate()?;
        if let Some(sparse) = spec.sparse_size_bytes {
            check_sparse_size(sparse)?;
        }
        if !spec.target.format().is_writable() {
            return Err(QemuImgError::UnsupportedTarget {
                format: spec.target.format(),
            }
            .into());
        }
        let disk_format = glance_format_of(&spec.target)?;
        let qemu = QemuImg::locate()?;
        let source = self.prepare_source(&spec.source)?;
        let options = describe_target(&spec.target, spec.sparse_size_bytes);
        let input = json!({
            "source": source.lineage,
            "source_format": source.format.as_str(),
            "target": options,
            "verify": spec.verify,
            "output": match &spec.output {
                ConvertOutput::File { path, .. } => path.display().to_string(),
                ConvertOutput::NewImage { .. } => "catalog".to_owned(),
            },
        });
        let source_id = source.image.as_ref().map(|i| i.id);
        let converted = self.as_task("convert", source_id, input, |task_id| {
            let started = Instant::now();
            let work = match &spec.output {
                ConvertOutput::NewImage { .. } => Some(self.work_dir()?),
                ConvertOutput::File { .. } => None,
            };
            let (destination, overwrite) = match (&spec.output, &work) {
                (ConvertOutput::File { path, overwrite }, _) => (path.clone(), *overwrite),
                (_, Some(work)) => (work.file(&format!("out.{}", spec.target.format())), false),
                _ => return Err(Error::Internal("no work dir".into())),
            };
            let mut request =
                ConvertRequest::new(&source.path, source.format, &destination, spec.target);
            request.overwrite = overwrite;
            request.sparse_size_bytes = spec.sparse_size_bytes;
            request.sync = work.is_none();
            let remove_file_output = || {
                if work.is_none() {
                    let _ = std::fs::remove_file(&destination);
                }
            };
            // A stored source is hashed while qemu-img reads it (the page cache serves the
            // second reader), and its output is kept only when the source was whole.
            if work.is_none() {
                self.record_convert_output(&destination);
            }
            let (report, read) = self.convert_checking_source(&qemu, &request, &source, job);
            if work.is_none() {
                self.forget_temp_file(&destination);
            }
            let report = match (report, read) {
                (Ok(report), Some(read)) => {
                    if let Err(error) = read {
                        remove_file_output();
                        return Err(error);
                    }
                    report
                }
                (report, _) => report?,
            };
            let verified = self
                .finish_output(&qemu, &source, &destination, disk_format, spec, job)
                .inspect_err(|_| remove_file_output())?;
            let image = match (&spec.output, &work) {
                (ConvertOutput::NewImage { name }, Some(_)) => {
                    let name = name.clone().unwrap_or_else(|| {
                        format!("{}-{}", source.base_name, disk_format.as_str())
                    });
                    let new = self.derived_image(
                        &source,
                        name,
                        disk_format,
                        &[
                            (CONVERTED_FROM, source.lineage.clone()),
                            (CONVERSION_OPTIONS, options.clone()),
                        ],
                    );
                    Some(self.adopt_as_new(
                        new,
                        &destination,
                        &format!("convert of {}", source.lineage),
                        job,
                    )?)
                }
                _ => None,
            };
            let outcome = ConvertOutcome {
                image,
                file: work.is_none().then(|| destination.clone()),
                task_id,
                verified,
                seconds: started.elapsed().as_secs_f64(),
                virtual_size_bytes: report.virtual_size_bytes,
                output_bytes: report.output_bytes,
                options: options.clone(),
            };
            let result = outcome.to_json();
            Ok((outcome, result))
        });
        converted.map_err(|error| conversion_cancelled(error, &source, &spec.output))
    }

    /// Run `request` and, for a stored source, hash that source on another thread at the same
    /// time; the second value is the verdict on the source (`None` for a file source).
    fn convert_checking_source(
        &self,
        qemu: &QemuImg,
        request: &ConvertRequest,
        source: &PreparedSource,
        job: &JobControl,
    ) -> (
        std::result::Result<crate::convert::qemu_img::ConvertReport, QemuImgError>,
        Option<Result<()>>,
    ) {
        let Some(image) = &source.image else {
            return (qemu.convert(request, job), None);
        };
        let hashing = JobControl::new();
        let (report, digests) = std::thread::scope(|scope| {
            let hasher = scope.spawn(|| {
                let mut file = std::fs::File::open(&source.path)
                    .map_err(crate::store::hashing::CopyError::Read)?;
                let stat = crate::store::blobs::stat_key(&file).ok();
                crate::store::hashing::copy_hashing(&mut file, &mut std::io::sink(), &hashing)
                    .map(|digests| (digests, stat))
            });
            let report = qemu.convert(request, job);
            if report.is_err() {
                hashing.cancel();
            }
            let digests = hasher
                .join()
                .unwrap_or(Err(crate::store::hashing::CopyError::Thread));
            (report, digests)
        });
        let verdict = match digests {
            Ok((digests, stat)) => self.judge_read(image, &digests, stat.as_deref(), "convert"),
            Err(_) if report.is_err() => Ok(()),
            Err(e) => Err(crate::backend::integrity::read_error(
                image,
                &source.path,
                "convert",
                e,
            )),
        };
        (report, Some(verdict))
    }

    /// Inspect the output and compare it with the source; `Ok(verified)`.
    fn finish_output(
        &self,
        qemu: &QemuImg,
        source: &PreparedSource,
        output: &Path,
        disk_format: DiskFormat,
        spec: &ConvertSpec,
        job: &JobControl,
    ) -> Result<bool> {
        self.check_output(output, disk_format)?;
        if job.is_cancelled() {
            return Err(Error::Cancelled(tr!("backend-subject-convert")));
        }
        if !spec.verify {
            return Ok(false);
        }
        let target_format = spec.target.format();
        match qemu.compare(
            &source.path,
            source.format,
            output,
            target_format,
            CompareMode::Lenient,
            job,
        )? {
            CompareOutcome::Identical => Ok(true),
            CompareOutcome::Differs { message, .. } => Err(Error::Internal(tr!(
                "backend-verify-differs",
                message = message.as_str()
            ))),
        }
    }

    /// A queued image record derived from `source`: its tags, properties, visibility and
    /// minimums, plus the `lineage` properties.
    fn derived_image(
        &self,
        source: &PreparedSource,
        name: String,
        disk_format: DiskFormat,
        lineage: &[(&str, String)],
    ) -> NewImage {
        let mut new = NewImage {
            name: Some(name),
            disk_format: Some(disk_format),
            container_format: Some(ContainerFormat::Bare),
            ..Default::default()
        };
        if let Some(image) = &source.image {
            new.visibility = Some(image.visibility);
            new.min_disk_gib = image.min_disk_gib;
            new.min_ram_mib = image.min_ram_mib;
            new.os_hidden = image.os_hidden;
            new.tags = image.tags.iter().cloned().collect();
            new.properties = image
                .properties
                .iter()
                .filter(|(k, _)| !lineage.iter().any(|(l, _)| l == k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
        }
        for (key, value) in lineage {
            new.properties
                .push(((*key).to_owned(), clip(value.clone())));
        }
        new
    }
}
