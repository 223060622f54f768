//! How the protocol names a job and tells how it ended (a leaf the command families share).

/// Identifies one job (import, export, convert, push, …) for the jobs panel.
pub type JobId = u64;

/// How a job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutcome {
    /// Done, with a summary.
    Succeeded(String),
    /// Stopped on request.
    Cancelled,
    /// Failed, with the error.
    Failed(String),
}

/// What a job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Create an image and upload a file into it.
    Import,
    /// Upload a file into a queued image.
    Upload,
    /// Save an image's data to a file.
    Export,
    /// Convert an image with qemu-img into a new image.
    Convert,
    /// Make a resized copy of an image.
    Resize,
    /// Push a local image to a cloud.
    Push,
    /// Pull a remote image into the catalog.
    Pull,
    /// Prefetch a remote image into the cache.
    Prefetch,
    /// Copy a remote image from one cloud to another.
    CopyToCloud,
    /// Make a remote image's metadata match the local one.
    UpdateRemote,
    /// Read an image's data and check it against its recorded size and hashes.
    Verify,
    /// Delete a stuck remote image the workbench made.
    Cleanup,
    /// Apply a sync plan's chosen rows.
    Sync,
    /// Copy a remote image into more of its cloud's stores (copy-image).
    CopyToStores,
    /// Create a remote image from a URL (web-download).
    ImportUrl,
    /// Look inside an image's guest (partitions, filesystems, the OS).
    LookInside,
}

impl JobKind {
    /// The job's verb in English (for logs and tests); the window's jobs area shows the
    /// translated title, verb and label in one message (`ui::jobs::job_title`).
    pub fn verb(self) -> &'static str {
        match self {
            JobKind::Import => "Import",
            JobKind::Upload => "Upload",
            JobKind::Export => "Export",
            JobKind::Convert => "Convert",
            JobKind::Resize => "Resize",
            JobKind::Push => "Push",
            JobKind::Pull => "Pull",
            JobKind::Prefetch => "Prefetch",
            JobKind::CopyToCloud => "Copy to cloud",
            JobKind::UpdateRemote => "Update remote",
            JobKind::Verify => "Verify",
            JobKind::Cleanup => "Clean up",
            JobKind::Sync => "Sync",
            JobKind::CopyToStores => "Copy to stores",
            JobKind::ImportUrl => "Import from URL",
            JobKind::LookInside => "Look inside",
        }
    }
}
