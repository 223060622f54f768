//! The driver's error type: one variant per way a qemu-img call can go wrong, each rendering as
//! one line with the path last.

use std::io;
use std::path::PathBuf;

use super::format::QemuFormat;
use super::version::{MINIMUM_VERSION, QemuVersion};

/// Everything the qemu-img driver can fail with.
#[derive(Debug, thiserror::Error)]
pub enum QemuImgError {
    /// No `qemu-img` on `PATH` (and no override).
    #[error("qemu-img not found: install the qemu-utils package (apt-get install qemu-utils)")]
    NotFound,

    /// The `GLANCE_WORKBENCH_QEMU_IMG` override (or an explicit path) names no executable file.
    #[error(
        "qemu-img not found: install the qemu-utils package (apt-get install qemu-utils) \
         or fix GLANCE_WORKBENCH_QEMU_IMG: {}",
        program.display()
    )]
    NotFoundAt {
        /// The path that was tried.
        program: PathBuf,
    },

    /// The binary is older than [`MINIMUM_VERSION`].
    #[error(
        "qemu-img {found} is too old: {MINIMUM_VERSION} or newer is needed (extended_l2 qcow2, \
         zstd compression); upgrade the qemu-utils package: {}",
        program.display()
    )]
    TooOld {
        /// The version that was found.
        found: QemuVersion,
        /// The binary that reported it.
        program: PathBuf,
    },

    /// `qemu-img --version` printed something that is not a version.
    #[error("could not read a version from `qemu-img --version` output {output:?}: {}", program.display())]
    UnparsableVersion {
        /// The first line printed.
        output: String,
        /// The binary that printed it.
        program: PathBuf,
    },

    /// The process could not be started (or waited for).
    #[error("could not run qemu-img: {source}: {}", program.display())]
    Spawn {
        /// The operating-system error.
        #[source]
        source: io::Error,
        /// The binary.
        program: PathBuf,
    },

    /// qemu-img exited non-zero; `message` is the last line it printed on stderr.
    #[error("qemu-img {command} failed ({}): {message}: {}", exit_text(*code), path.display())]
    Failed {
        /// The qemu-img subcommand (`convert`, `info`, …).
        command: &'static str,
        /// The exit code, `None` when killed by a signal.
        code: Option<i32>,
        /// qemu-img's last stderr line, without the `qemu-img: ` prefix.
        message: String,
        /// The image the command was about.
        path: PathBuf,
    },

    /// qemu-img succeeded but printed something the driver cannot parse.
    #[error("qemu-img {command} printed unexpected output ({detail}): {}", path.display())]
    BadOutput {
        /// The qemu-img subcommand.
        command: &'static str,
        /// What was wrong with it.
        detail: String,
        /// The image the command was about.
        path: PathBuf,
    },

    /// The job was cancelled through its [`JobControl`](crate::model::jobs::JobControl);
    /// nothing was left behind.
    #[error("cancelled; the partial output was removed: {}", path.display())]
    Cancelled {
        /// The destination that was being written.
        path: PathBuf,
    },

    /// The destination exists and the request did not allow replacing it.
    #[error("destination already exists (set overwrite to replace it): {}", path.display())]
    DestinationExists {
        /// The destination.
        path: PathBuf,
    },

    /// A resize would shrink the image and `allow_shrink` was not given; qemu-img was not run.
    #[error(
        "refusing to shrink from {current_bytes} to {requested_bytes} bytes without allow_shrink \
         (data past the new end would be lost): {}",
        path.display()
    )]
    ShrinkRefused {
        /// The current virtual size.
        current_bytes: u64,
        /// The size asked for.
        requested_bytes: u64,
        /// The image.
        path: PathBuf,
    },

    /// `qemu-img check` does not support this format (its exit code 63).
    #[error("qemu-img check does not support {format} images: {}", path.display())]
    CheckNotSupported {
        /// The declared format.
        format: QemuFormat,
        /// The image.
        path: PathBuf,
    },

    /// The driver does not write this format (it may still read it).
    #[error("{format} is not a writable target format for the driver")]
    UnsupportedTarget {
        /// The format asked for.
        format: QemuFormat,
    },

    /// The options contradict each other or qemu-img's limits; qemu-img was not run.
    #[error("invalid qemu-img options: {reason}")]
    InvalidOptions {
        /// What is wrong.
        reason: String,
    },

    /// A size argument could not be parsed.
    #[error("invalid size {text:?}: {reason}")]
    InvalidSize {
        /// The text given.
        text: String,
        /// Why it was refused.
        reason: &'static str,
    },

    /// A file-system operation around the qemu-img call failed.
    #[error("could not {action}: {source}: {}", path.display())]
    Io {
        /// What the driver was doing, as a verb phrase.
        action: &'static str,
        /// The operating-system error.
        #[source]
        source: io::Error,
        /// The file or directory concerned.
        path: PathBuf,
    },
}

fn exit_text(code: Option<i32>) -> String {
    match code {
        Some(code) => format!("exit code {code}"),
        None => "killed by a signal".to_owned(),
    }
}

/// Result alias for the driver.
pub type Result<T, E = QemuImgError> = std::result::Result<T, E>;
