//! `qemu-img convert`: the request type, write-order policy, and the staged, cancellable run.

use std::path::PathBuf;

use super::QemuImg;
use super::format::Target;
use super::runner::{self, RunEnd};
use super::staging::StagedOutput;
use crate::model::jobs::JobControl;
use crate::model::qemu_img::{QemuFormat, QemuImgError, Result};

/// Largest `-S` qemu-img accepts: 32768 sectors.
const MAX_SPARSE_SIZE_BYTES: u64 = 16 << 20;
/// Largest `-m` qemu-img accepts.
const MAX_COROUTINES: u8 = 16;

/// Whether qemu-img may write the target out of order (`-W`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WriteOrder {
    /// Out of order for every target except a streamOptimized VMDK.
    ///
    /// Measured with qemu-img 10.0 on 2 cores, `-W` is never slower and often faster (compressed
    /// qcow2 about 1.6x, streamOptimized VMDK 1.2-1.5x). qemu-img allows `-W` with every target
    /// and does not need `-n`. But with `-W` a streamOptimized VMDK gets its grains in the file
    /// out of LBA order (checked on real output); the format exists to be consumed as a stream
    /// (vSphere/ESXi OVF import, AWS VM import) and VMware's writers emit ascending grains, so
    /// the default keeps that target in order. Pass [`WriteOrder::OutOfOrder`] to trade that for
    /// speed when the consumer is qemu or Glance.
    #[default]
    Auto,
    /// Always in order (no `-W`).
    InOrder,
    /// Always out of order (`-W`).
    OutOfOrder,
}

impl WriteOrder {
    /// Whether `-W` is passed for `target`.
    pub fn out_of_order_for(self, target: &Target) -> bool {
        match self {
            Self::Auto => !target.is_stream_optimized(),
            Self::InOrder => false,
            Self::OutOfOrder => true,
        }
    }
}

/// Refuse a `-S` sparse size qemu-img would refuse: it must be a multiple of 512 up to 16 MiB.
pub fn check_sparse_size(sparse_size_bytes: u64) -> Result<()> {
    if !sparse_size_bytes.is_multiple_of(512) || sparse_size_bytes > MAX_SPARSE_SIZE_BYTES {
        return Err(QemuImgError::InvalidOptions {
            reason: format!(
                "sparse size {sparse_size_bytes} must be a multiple of 512 up to \
                 {MAX_SPARSE_SIZE_BYTES}"
            ),
        });
    }
    Ok(())
}

/// One conversion: what to read (with its declared format), what to write, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertRequest {
    /// The image to read.
    pub source: PathBuf,
    /// The source's format, passed as `-f`; qemu-img never guesses it.
    pub source_format: QemuFormat,
    /// Where the result goes; written under a staging directory and moved there on success.
    pub destination: PathBuf,
    /// Target format and options.
    pub target: Target,
    /// Replace an existing destination (default: refuse).
    pub overwrite: bool,
    /// `-W` policy.
    pub write_order: WriteOrder,
    /// `-S`: the run of zero bytes (a multiple of 512, at most 16 MiB) that is left unallocated
    /// in the target; `Some(0)` allocates everything; `None` keeps qemu-img's 4 KiB.
    pub sparse_size_bytes: Option<u64>,
    /// `-m`: parallel coroutines (1-16); `None` keeps qemu-img's 8.
    pub coroutines: Option<u8>,
    /// Flush the output to disk before moving it into place (default: yes).
    pub sync: bool,
}

impl ConvertRequest {
    /// A request with the defaults: no overwrite, [`WriteOrder::Auto`], qemu-img's sparse size
    /// and coroutines, flushed before it is moved into place.
    pub fn new(
        source: impl Into<PathBuf>,
        source_format: QemuFormat,
        destination: impl Into<PathBuf>,
        target: Target,
    ) -> Self {
        Self {
            source: source.into(),
            source_format,
            destination: destination.into(),
            target,
            overwrite: false,
            write_order: WriteOrder::Auto,
            sparse_size_bytes: None,
            coroutines: None,
            sync: true,
        }
    }

    fn validate(&self) -> Result<()> {
        self.target.validate()?;
        if let Some(sparse) = self.sparse_size_bytes {
            check_sparse_size(sparse)?;
        }
        if let Some(coroutines) = self.coroutines
            && !(1..=MAX_COROUTINES).contains(&coroutines)
        {
            return Err(QemuImgError::InvalidOptions {
                reason: format!("coroutines {coroutines} must be from 1 to {MAX_COROUTINES}"),
            });
        }
        Ok(())
    }
}

/// A finished conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConvertReport {
    /// The source's guest-visible size (the progress total).
    pub virtual_size_bytes: u64,
    /// The destination file's length.
    pub output_bytes: u64,
}

impl QemuImg {
    /// The progress total: a raw regular file's length (no qemu-img call needed: a raw image's
    /// virtual size is its length), else `qemu-img info`, which also rejects a source that is
    /// not in its declared format before anything is created.
    fn source_virtual_size(&self, request: &ConvertRequest) -> Result<u64> {
        if request.source_format == QemuFormat::Raw
            && let Ok(metadata) = std::fs::metadata(&request.source)
            && metadata.is_file()
            && metadata.len() > 0
        {
            return Ok(metadata.len());
        }
        Ok(self
            .info(&request.source, request.source_format)?
            .virtual_size)
    }

    /// Convert an image; see [`QemuImg::convert_with_progress`].
    pub fn convert(&self, request: &ConvertRequest, job: &JobControl) -> Result<ConvertReport> {
        self.convert_with_progress(request, job, &mut |_| {})
    }

    /// Convert `request.source` (read as `request.source_format`) into `request.destination`.
    ///
    /// Progress goes to `job` (total = source virtual size, done = percent × total) and to
    /// `on_percent` in non-decreasing order, ending at 100. [`JobControl::cancel`] kills
    /// qemu-img within a few tens of milliseconds and the call returns
    /// [`QemuImgError::Cancelled`]. On cancellation or any failure nothing is left at or next to
    /// the destination.
    pub fn convert_with_progress(
        &self,
        request: &ConvertRequest,
        job: &JobControl,
        on_percent: &mut dyn FnMut(f64),
    ) -> Result<ConvertReport> {
        request.validate()?;
        let target = &request.target;
        let virtual_size_bytes = self.source_virtual_size(request)?;
        job.set_total_bytes(virtual_size_bytes);
        job.set_done_bytes(0);
        let cancelled = || QemuImgError::Cancelled {
            path: request.destination.clone(),
        };
        if job.is_cancelled() {
            return Err(cancelled());
        }
        let staged = StagedOutput::new(&request.destination, request.overwrite)?;

        let mut command = runner::command(self.program(), "convert");
        command
            .arg("-p")
            .args(["-f", request.source_format.as_str()])
            .args(["-O", target.format().as_str()]);
        if let Some(options) = target.creation_options() {
            command.arg("-o").arg(options);
        }
        if target.compresses() {
            command.arg("-c");
        }
        if request.write_order.out_of_order_for(target) {
            command.arg("-W");
        }
        if let Some(sparse) = request.sparse_size_bytes {
            command.arg("-S").arg(sparse.to_string());
        }
        if let Some(coroutines) = request.coroutines {
            command.arg("-m").arg(coroutines.to_string());
        }
        command
            .arg(runner::path_arg(&request.source))
            .arg(runner::path_arg(staged.file()));

        let mut reported = 0.0_f64;
        let end = runner::run_with_progress(command, self.program(), job, &mut |percent| {
            job.set_done_bytes((virtual_size_bytes as f64 * percent / 100.0) as u64);
            reported = percent;
            on_percent(percent);
        })?;
        match end {
            RunEnd::Cancelled => return Err(cancelled()),
            RunEnd::Exited { status, stderr, .. } if !status.success() => {
                return Err(QemuImgError::Failed {
                    command: "convert",
                    code: status.code(),
                    message: runner::last_stderr_line(&stderr),
                    path: request.source.clone(),
                });
            }
            RunEnd::Exited { .. } => {}
        }
        let output_bytes = std::fs::metadata(staged.file())
            .map_err(|source| QemuImgError::Io {
                action: "read the output's size",
                source,
                path: staged.file().to_owned(),
            })?
            .len();
        if job.is_cancelled() {
            return Err(cancelled());
        }
        staged.commit(request.overwrite, request.sync)?;
        job.set_done_bytes(virtual_size_bytes);
        if reported < 100.0 {
            on_percent(100.0);
        }
        Ok(ConvertReport {
            virtual_size_bytes,
            output_bytes,
        })
    }
}
