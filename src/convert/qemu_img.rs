//! The qemu-img driver: locate and version-check `qemu-img`, then `info`, `convert`, `compare`,
//! `check`, `measure`, `create` and `resize` through a typed API.
//!
//! Safety rules it enforces (see GLANCE.md, "Disk format safety"):
//! - every call names the input's format (`-f`) with a [`QemuFormat`] the caller must supply;
//!   there is no way to make qemu-img probe a file. The caller inspects untrusted files first;
//! - relative paths are passed as `./path` so a file called `nbd:…` or `json:{…}` is never read
//!   as a protocol, and no shell is ever involved;
//! - outputs (`convert`, `create`) are written in a staging directory beside the destination and
//!   moved into place only on success; cancellation and failures leave nothing behind;
//! - shrinking needs an explicit `allow_shrink` and is refused before qemu-img runs.
//!
//! Long commands run with `-p`; progress lands in the [`JobControl`] and an optional callback,
//! and [`JobControl::cancel`] kills qemu-img promptly.

mod convert;
mod format;
mod report;
mod runner;
mod size;
mod staging;

use std::env;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

pub use convert::{ConvertReport, ConvertRequest, WriteOrder, check_sparse_size};
pub use format::{
    Compression, Preallocation, Qcow2Compat, Qcow2Options, Target, VhdxSubformat, VmdkSubformat,
    VpcSubformat,
};
pub use report::{CheckReport, CompareOutcome, FormatSpecific, ImageInfo, MeasureReport};
pub use size::{SizeSpec, parse_size};
pub use staging::{PARTIAL_MARKER, remove_abandoned_staging};
// The driver's vocabulary (formats, versions, errors) is shared with every layer, so it lives in
// the leaf; these re-exports keep its historical paths (`convert::qemu_img::QemuImgError`, …).
pub use crate::model::qemu_img::{MINIMUM_VERSION, QemuFormat, QemuImgError, QemuVersion, Result};

use crate::model::jobs::JobControl;
use runner::RunEnd;

/// Environment variable naming the qemu-img binary to use instead of searching `PATH`.
pub const QEMU_IMG_ENV: &str = "GLANCE_WORKBENCH_QEMU_IMG";

/// How `compare` treats images of different sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CompareMode {
    /// qemu-img's default: the larger image's extra area must read as zeros.
    #[default]
    Lenient,
    /// `-s`: sizes must match, and so must each area's allocation status (a zero area that is
    /// allocated in one image and a hole in the other counts as a difference).
    Strict,
}

/// A located, version-checked qemu-img. Cheap to clone; share one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QemuImg {
    program: PathBuf,
    version: QemuVersion,
}

impl QemuImg {
    /// Find qemu-img: the `GLANCE_WORKBENCH_QEMU_IMG` override when set, else `qemu-img` on
    /// `PATH`; then check its version.
    pub fn locate() -> Result<Self> {
        Self::locate_in(
            env::var_os(QEMU_IMG_ENV).as_deref(),
            env::var_os("PATH").as_deref(),
        )
    }

    /// [`QemuImg::locate`] with the override and `PATH` values given explicitly.
    pub fn locate_in(override_program: Option<&OsStr>, path_var: Option<&OsStr>) -> Result<Self> {
        if let Some(program) = override_program.filter(|program| !program.is_empty()) {
            return Self::at(program);
        }
        let found = path_var
            .into_iter()
            .flat_map(env::split_paths)
            .map(|directory| directory.join("qemu-img"))
            .find(|candidate| is_executable_file(candidate))
            .ok_or(QemuImgError::NotFound)?;
        Self::at(found)
    }

    /// Use the qemu-img at `program`, after checking it runs and is at least
    /// [`MINIMUM_VERSION`].
    pub fn at(program: impl AsRef<Path>) -> Result<Self> {
        let program = program.as_ref().to_owned();
        if !is_executable_file(&program) {
            return Err(QemuImgError::NotFoundAt { program });
        }
        let command = runner::command(&program, "--version");
        let output = runner::run_quick(command, &program)?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let version = QemuVersion::parse_version_output(&stdout).ok_or_else(|| {
            QemuImgError::UnparsableVersion {
                output: stdout.lines().next().unwrap_or_default().to_owned(),
                program: program.clone(),
            }
        })?;
        if !version.is_supported() {
            return Err(QemuImgError::TooOld {
                found: version,
                program,
            });
        }
        Ok(Self { program, version })
    }

    /// The binary in use.
    pub fn program(&self) -> &Path {
        &self.program
    }

    /// Its version.
    pub fn version(&self) -> QemuVersion {
        self.version
    }

    /// `qemu-img info -f <format> --output=json`: sizes, format-specific data, backing file.
    pub fn info(&self, path: &Path, format: QemuFormat) -> Result<ImageInfo> {
        let mut command = runner::command(&self.program, "info");
        command
            .args(["-f", format.as_str(), "--output=json"])
            .arg(runner::path_arg(path));
        let output = self.run_checked(command, "info", path)?;
        parse_json(&output.stdout, "info", path)
    }

    /// `qemu-img check -f <format> --output=json`, without repairing. Exit codes 2
    /// (corruptions) and 3 (leaks) still give a report; formats without a checker give
    /// [`QemuImgError::CheckNotSupported`].
    pub fn check(&self, path: &Path, format: QemuFormat) -> Result<CheckReport> {
        let mut command = runner::command(&self.program, "check");
        command
            .args(["-f", format.as_str(), "--output=json"])
            .arg(runner::path_arg(path));
        let output = runner::run_quick(command, &self.program)?;
        match output.status.code() {
            Some(0 | 2 | 3) => parse_json(&output.stdout, "check", path),
            Some(63) => Err(QemuImgError::CheckNotSupported {
                format,
                path: path.to_owned(),
            }),
            code => Err(QemuImgError::Failed {
                command: "check",
                code,
                message: runner::last_stderr_line(&output.stderr),
                path: path.to_owned(),
            }),
        }
    }

    /// `qemu-img measure`: the space `source` (read as `source_format`) needs once converted to
    /// `target`. qemu-img measures only raw and qcow2 targets.
    pub fn measure(
        &self,
        source: &Path,
        source_format: QemuFormat,
        target: &Target,
    ) -> Result<MeasureReport> {
        target.validate()?;
        let mut command = runner::command(&self.program, "measure");
        command
            .arg("--output=json")
            .args(["-f", source_format.as_str()])
            .args(["-O", target.format().as_str()]);
        if let Some(options) = target.creation_options() {
            command.arg("-o").arg(options);
        }
        command.arg(runner::path_arg(source));
        let output = self.run_checked(command, "measure", source)?;
        parse_json(&output.stdout, "measure", source)
    }

    /// `qemu-img create`: a blank image of `size_bytes` at `path`, which must not exist yet.
    pub fn create(&self, path: &Path, target: &Target, size_bytes: u64) -> Result<()> {
        target.validate()?;
        let staged = staging::StagedOutput::new(path, false)?;
        let mut command = runner::command(&self.program, "create");
        command.args(["-q", "-f", target.format().as_str()]);
        if let Some(options) = target.creation_options() {
            command.arg("-o").arg(options);
        }
        command
            .arg(runner::path_arg(staged.file()))
            .arg(size_bytes.to_string());
        self.run_checked(command, "create", path)?;
        staged.commit(false, true)
    }

    /// `qemu-img resize` in place to `size` (absolute, `+grow` or `-shrink`), returning the new
    /// virtual size. A result smaller than the current size needs `allow_shrink` (it maps to
    /// `--shrink`); without it the driver refuses before running qemu-img.
    pub fn resize(
        &self,
        path: &Path,
        format: QemuFormat,
        size: SizeSpec,
        allow_shrink: bool,
    ) -> Result<u64> {
        let current_bytes = self.info(path, format)?.virtual_size;
        let requested_bytes =
            size.resolve(current_bytes)
                .ok_or_else(|| QemuImgError::InvalidOptions {
                    reason: format!("{size:?} does not fit a {current_bytes}-byte image"),
                })?;
        if requested_bytes == current_bytes {
            return Ok(current_bytes);
        }
        let shrinking = requested_bytes < current_bytes;
        if shrinking && !allow_shrink {
            return Err(QemuImgError::ShrinkRefused {
                current_bytes,
                requested_bytes,
                path: path.to_owned(),
            });
        }
        let mut command = runner::command(&self.program, "resize");
        command.args(["-q", "-f", format.as_str()]);
        if shrinking {
            command.arg("--shrink");
        }
        command
            .arg(runner::path_arg(path))
            .arg(requested_bytes.to_string());
        self.run_checked(command, "resize", path)?;
        Ok(requested_bytes)
    }

    /// Compare the guest-visible content of two images; see
    /// [`QemuImg::compare_with_progress`].
    pub fn compare(
        &self,
        a: &Path,
        a_format: QemuFormat,
        b: &Path,
        b_format: QemuFormat,
        mode: CompareMode,
        job: &JobControl,
    ) -> Result<CompareOutcome> {
        self.compare_with_progress(a, a_format, b, b_format, mode, job, &mut |_| {})
    }

    /// `qemu-img compare -p -f <a_format> -F <b_format> [-s]`: identical (exit 0), differs with
    /// qemu-img's message (exit 1), or an error (exit 2: could not open, 3: could not check).
    /// Progress and cancellation work as for `convert`; the job's total is the larger virtual
    /// size.
    #[allow(
        clippy::too_many_arguments,
        reason = "qemu-img compare's own arguments, plus the job and its progress callback"
    )]
    pub fn compare_with_progress(
        &self,
        a: &Path,
        a_format: QemuFormat,
        b: &Path,
        b_format: QemuFormat,
        mode: CompareMode,
        job: &JobControl,
        on_percent: &mut dyn FnMut(f64),
    ) -> Result<CompareOutcome> {
        let total_bytes = self
            .info(a, a_format)?
            .virtual_size
            .max(self.info(b, b_format)?.virtual_size);
        job.set_total_bytes(total_bytes);
        job.set_done_bytes(0);
        let mut command = runner::command(&self.program, "compare");
        command
            .arg("-p")
            .args(["-f", a_format.as_str(), "-F", b_format.as_str()]);
        if mode == CompareMode::Strict {
            command.arg("-s");
        }
        command.arg(runner::path_arg(a)).arg(runner::path_arg(b));
        let end = runner::run_with_progress(command, &self.program, job, &mut |percent| {
            job.set_done_bytes((total_bytes as f64 * percent / 100.0) as u64);
            on_percent(percent);
        })?;
        let (status, lines, stderr) = match end {
            RunEnd::Cancelled => return Err(QemuImgError::Cancelled { path: b.to_owned() }),
            RunEnd::Exited {
                status,
                lines,
                stderr,
            } => (status, lines, stderr),
        };
        match status.code() {
            Some(0) => {
                job.set_done_bytes(total_bytes);
                Ok(CompareOutcome::Identical)
            }
            Some(1) => {
                let message = lines
                    .last()
                    .cloned()
                    .unwrap_or_else(|| runner::last_stderr_line(&stderr));
                Ok(CompareOutcome::differs(message))
            }
            code => Err(QemuImgError::Failed {
                command: "compare",
                code,
                message: runner::last_stderr_line(&stderr),
                path: b.to_owned(),
            }),
        }
    }

    fn run_checked(
        &self,
        command: std::process::Command,
        name: &'static str,
        path: &Path,
    ) -> Result<std::process::Output> {
        let output = runner::run_quick(command, &self.program)?;
        if output.status.success() {
            Ok(output)
        } else {
            Err(QemuImgError::Failed {
                command: name,
                code: output.status.code(),
                message: runner::last_stderr_line(&output.stderr),
                path: path.to_owned(),
            })
        }
    }
}

fn parse_json<T: serde::de::DeserializeOwned>(
    stdout: &[u8],
    command: &'static str,
    path: &Path,
) -> Result<T> {
    serde_json::from_slice(stdout).map_err(|error| QemuImgError::BadOutput {
        command,
        detail: error.to_string(),
        path: path.to_owned(),
    })
}

fn is_executable_file(path: &Path) -> bool {
    let Ok(metadata) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        metadata.is_file() && metadata.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        metadata.is_file()
    }
}
