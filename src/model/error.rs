//! The library's error type. Each variant says whether it is the user's doing (bad input, a
//! rule of Glance's) or an internal failure, so the CLI can choose its exit code.

use std::path::PathBuf;

use super::image::{ImageStatus, TaskStatus, UnknownValue};
use super::inspect::InspectError;
use super::qemu_img::QemuImgError;

/// How an error should be treated by a front end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad input or a rule of Glance's (the HTTP 4xx family).
    User,
    /// The job was cancelled on request.
    Cancelled,
    /// Something failed inside: I/O, database, a bug (the HTTP 5xx family).
    Internal,
}

/// Everything the catalog and the store can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A field value breaks a Glance rule (400).
    #[error("{subject}: {problem}")]
    Invalid {
        /// What was being changed, e.g. `image "cirros"`.
        subject: String,
        /// What is wrong.
        problem: String,
    },
    /// A value is not one of an enum's allowed strings.
    #[error(transparent)]
    UnknownValue(#[from] UnknownValue),
    /// Glance's policy forbids it (403).
    #[error("{subject}: {problem}")]
    Forbidden {
        /// What was being changed.
        subject: String,
        /// Why it is refused.
        problem: String,
    },
    /// No such image, member or task (404).
    #[error("{0}")]
    NotFound(String),
    /// A name matches more than one image.
    #[error("more than one image is named \"{name}\" ({count} of them): use the image id")]
    Ambiguous {
        /// The name given.
        name: String,
        /// How many images carry it.
        count: usize,
    },
    /// The other side already holds the same data (same sha512 and size): nothing was copied.
    /// The front end offers to link to `found_id` or to copy anyway.
    #[error("{subject}: {problem}")]
    SameData {
        /// What was to be copied, e.g. `remote image "cirros" (id) of cloud "lab"`.
        subject: String,
        /// What holds the same data, and that nothing was copied.
        problem: String,
        /// The id of the image that holds the same data (local or remote).
        found_id: String,
        /// That image as messages name it (its name, else its id).
        found_label: String,
    },
    /// The request conflicts with the current state (409).
    #[error("{subject}: {problem}")]
    Conflict {
        /// What was being changed.
        subject: String,
        /// What it conflicts with.
        problem: String,
    },
    /// A status change the Glance state machine does not allow.
    #[error("image {image}: status cannot change from {from} to {to}")]
    IllegalTransition {
        /// The image label.
        image: String,
        /// Current status.
        from: ImageStatus,
        /// Requested status.
        to: ImageStatus,
    },
    /// A task status change the task state machine does not allow.
    #[error("task {task}: status cannot change from {from} to {to}")]
    IllegalTaskTransition {
        /// The task id.
        task: String,
        /// Current status.
        from: TaskStatus,
        /// Requested status.
        to: TaskStatus,
    },
    /// The job was cancelled.
    #[error("{0}: cancelled")]
    Cancelled(String),
    /// Stored data does not match its recorded hash.
    #[error("{image}: data does not match its {algo} checksum (stored blob is corrupt)")]
    Corrupt {
        /// The image, as messages name it: `image "cirros"`.
        image: String,
        /// Which hash failed.
        algo: String,
    },
    /// The database was written by a newer version of the app.
    #[error(
        "the registry database has schema version {found}, newer than this app supports ({supported}); \
         upgrade Glance Workbench (the database was left untouched): {}", path.display()
    )]
    DatabaseTooNew {
        /// Version in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
        /// The database file.
        path: PathBuf,
    },
    /// The registry is gone or empty while the store still holds image files.
    #[error(
        "the registry {} is missing or empty, but the image store {} holds {count} image file(s); \
         nothing was changed. Restore the registry from a backup, or run \
         `glance-workbench image recover` to start a new registry and keep those files in \
         lost+found to register again", registry.display(), store.display()
    )]
    RegistryMissing {
        /// The registry file.
        registry: PathBuf,
        /// The store folder.
        store: PathBuf,
        /// Image files found in the store.
        count: usize,
    },
    /// A file given as image data cannot be one (missing, unreadable, a directory, a device
    /// that never ends).
    #[error("{problem}: {}", path.display())]
    BadSource {
        /// What is wrong with it.
        problem: String,
        /// The file.
        path: PathBuf,
    },
    /// The data is larger than the catalog's `image_size_cap_bytes` (Glance's 413).
    #[error(
        "{subject}: the data is larger than the catalog's image_size_cap_bytes ({cap} bytes); \
         raise it with `glance-workbench config set image_size_cap_bytes BYTES` if that is intended"
    )]
    TooLarge {
        /// The image.
        subject: String,
        /// The cap in bytes.
        cap: u64,
    },
    /// A write found no space left on the data dir's disk.
    #[error("no space left on the disk of {}: {hint}", path.display())]
    NoSpace {
        /// The data dir.
        path: PathBuf,
        /// What can be freed.
        hint: String,
    },
    /// The registry file exists but is not an SQLite database; it was not touched.
    #[error(
        "{} is not a Glance Workbench registry (not an SQLite database); it was left untouched: \
         restore it from a backup, or move it aside to start with an empty registry", path.display()
    )]
    NotARegistry {
        /// The registry file.
        path: PathBuf,
    },
    /// SQLite failed.
    #[error("registry database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// A file operation failed.
    #[error("{action}: {source}: {}", path.display())]
    Io {
        /// What was being done.
        action: String,
        /// The file or folder.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The inspector could not read a file.
    #[error(transparent)]
    Inspect(#[from] InspectError),
    /// A qemu-img call failed (or was refused before it ran).
    #[error(transparent)]
    QemuImg(#[from] QemuImgError),
    /// A guest inspection could not look inside a disk image (unsafe, compressed, holding no
    /// disk, mislabelled, unreadable). What it finds inside is never an error. The guest
    /// reader's own error type lives in `convert`, above this leaf, so it is kept boxed.
    #[error("{subject}: {source}")]
    Guest {
        /// What was looked into: `image "cirros"`, or `cannot look inside` for a file (whose
        /// path the cause names).
        subject: String,
        /// The guest reader's error.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// Anything else internal.
    #[error("{0}")]
    Internal(String),
}

impl Error {
    /// Whether this is the user's doing, a cancellation, or an internal failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Invalid { .. }
            | Error::UnknownValue(_)
            | Error::Forbidden { .. }
            | Error::NotFound(_)
            | Error::Ambiguous { .. }
            | Error::Conflict { .. }
            | Error::SameData { .. }
            | Error::IllegalTransition { .. }
            | Error::IllegalTaskTransition { .. }
            | Error::DatabaseTooNew { .. }
            | Error::RegistryMissing { .. }
            | Error::BadSource { .. }
            | Error::TooLarge { .. }
            | Error::Guest { .. }
            | Error::NotARegistry { .. } => ErrorKind::User,
            Error::Cancelled(_) => ErrorKind::Cancelled,
            Error::Inspect(InspectError::Read { .. }) => ErrorKind::Internal,
            Error::Inspect(_) => ErrorKind::User,
            Error::QemuImg(error) => qemu_img_kind(error),
            Error::Corrupt { .. }
            | Error::NoSpace { .. }
            | Error::Database(_)
            | Error::Io { .. }
            | Error::Internal(_) => ErrorKind::Internal,
        }
    }

    /// An I/O error with the action and path it concerns.
    pub fn io(action: impl Into<String>, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action: action.into(),
            path: path.into(),
            source,
        }
    }

    /// A 400-style error about `subject`.
    pub fn invalid(subject: impl Into<String>, problem: impl Into<String>) -> Self {
        Error::Invalid {
            subject: subject.into(),
            problem: problem.into(),
        }
    }

    /// A 403-style error about `subject`.
    pub fn forbidden(subject: impl Into<String>, problem: impl Into<String>) -> Self {
        Error::Forbidden {
            subject: subject.into(),
            problem: problem.into(),
        }
    }

    /// A 409-style error about `subject`.
    pub fn conflict(subject: impl Into<String>, problem: impl Into<String>) -> Self {
        Error::Conflict {
            subject: subject.into(),
            problem: problem.into(),
        }
    }
}

/// How a qemu-img failure is treated: a missing or outdated qemu-img, bad options and a
/// refused shrink are the user's to fix; a cancellation is a cancellation; the rest is internal.
fn qemu_img_kind(error: &QemuImgError) -> ErrorKind {
    use QemuImgError as Q;
    match error {
        Q::NotFound
        | Q::NotFoundAt { .. }
        | Q::TooOld { .. }
        | Q::InvalidOptions { .. }
        | Q::InvalidSize { .. }
        | Q::ShrinkRefused { .. }
        | Q::DestinationExists { .. }
        | Q::UnsupportedTarget { .. }
        | Q::CheckNotSupported { .. } => ErrorKind::User,
        Q::Cancelled { .. } => ErrorKind::Cancelled,
        Q::UnparsableVersion { .. }
        | Q::Spawn { .. }
        | Q::Failed { .. }
        | Q::BadOutput { .. }
        | Q::Io { .. } => ErrorKind::Internal,
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
