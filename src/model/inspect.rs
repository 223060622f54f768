//! The native inspector's error type. It is vocabulary every layer matches on (the library's
//! [`Error::Inspect`](crate::model::error::Error::Inspect) wraps it), so it lives in the leaf;
//! `convert::inspect::InspectError` re-exports it.

use std::io;
use std::path::PathBuf;

/// Inspection failures: only I/O problems; malformed content is reported as findings.
#[derive(Debug, thiserror::Error)]
pub enum InspectError {
    /// The file could not be opened.
    #[error("cannot open {}: {source}", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// Reading failed.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file (`<stream>` when inspecting an open reader).
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// The path is a directory.
    #[error("{} is a directory, not a disk image", path.display())]
    IsADirectory {
        /// The path.
        path: PathBuf,
    },
}
