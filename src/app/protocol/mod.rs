//! The one protocol between a front end and the application service: [`Command`]s in (with
//! their remote and conversion families, [`RemoteOp`] and [`ConvertCommand`]), [`Event`]s out.
//! Jobs are named by a [`JobId`] the front end picks and carry a
//! [`JobControl`](crate::backend::JobControl) (cancel, bytes, note) it keeps.

use std::path::PathBuf;

pub mod convert;
pub mod job;
pub mod remote;

pub use job::{JobId, JobKind, JobOutcome};

use crate::app::inspect::FileFacts;
use crate::backend::{
    Event as CatalogEvent, Image, ImageId, ImageUpdate, JobControl, ListQuery, Member,
    MemberStatus, NewImage, Task, Transition,
};
use crate::convert::guest::GuestReport;
use crate::convert::inspect::Inspection;
use convert::{ConvertCommand, ConvertReply};
use remote::{RemoteOp, RemoteReply};

/// A lifecycle action on one image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LifecycleAction {
    /// active -> deactivated.
    Deactivate,
    /// deactivated -> active.
    Reactivate,
    /// -> deleted (or pending_delete with delayed delete).
    Delete,
    /// pending_delete -> active.
    Restore,
}

impl LifecycleAction {
    /// The verb in English, for logs (messages for people come from the catalog).
    pub fn verb(self) -> &'static str {
        match self {
            LifecycleAction::Deactivate => "deactivate",
            LifecycleAction::Reactivate => "reactivate",
            LifecycleAction::Delete => "delete",
            LifecycleAction::Restore => "restore",
        }
    }
}

/// An order from a front end: what a person asked for. The window sends these over a bounded
/// channel ([`crate::app::worker::start`]); every one is answered with [`Event`]s.
#[derive(Debug)]
pub enum Command {
    /// Register every file in lost+found again (`image recover --all`).
    RecoverLost(JobId, JobControl),
    /// The registry is missing or empty while the store holds images: start a new registry
    /// and keep every image file in lost+found (`image recover`).
    StartRecovery,
    /// Fetch `limit` rows from `offset` of a listing.
    Page {
        /// The listing generation the rows belong to.
        generation: u64,
        /// The query (filters, search, sort).
        query: ListQuery,
        /// First row.
        offset: u64,
        /// Row count.
        limit: u32,
        /// The listing's row count for this generation, when known: pages in its second half
        /// are read from the other end, so the last page costs what the first does.
        total: Option<u64>,
    },
    /// Count the rows of a listing.
    Count {
        /// The listing generation.
        generation: u64,
        /// The query.
        query: ListQuery,
    },
    /// List the ids of `limit` rows from `offset` (a shift-click range beyond fetched rows).
    SelectRange {
        /// The listing generation the range belongs to.
        generation: u64,
        /// The click it answers.
        token: u64,
        /// The query (filters, search, sort).
        query: ListQuery,
        /// First row.
        offset: u64,
        /// Row count.
        limit: u32,
    },
    /// Load an image with its members, history and tasks.
    Load(ImageId),
    /// Change editable fields, tags or properties.
    Update(ImageId, Box<ImageUpdate>),
    /// Share with a project.
    AddMember(ImageId, String),
    /// Stop sharing with a project.
    RemoveMember(ImageId, String),
    /// Record a member's answer.
    SetMemberStatus(ImageId, String, MemberStatus),
    /// Deactivate, reactivate, delete or restore.
    Lifecycle(ImageId, LifecycleAction),
    /// Read a file's header for the import form.
    Inspect(u64, PathBuf),
    /// Inspect an image's stored data for the details panel.
    InspectImage(ImageId),
    /// Create an image and upload a file into it; with `true` the properties its guest
    /// suggests are set on the new image ("Set properties from what is inside").
    Import(JobId, PathBuf, Box<NewImage>, bool, JobControl),
    /// Look inside an image's guest (a job; the report comes back as
    /// [`Event::LookedInside`]).
    LookInside(JobId, ImageId, JobControl),
    /// Apply the properties a look inside suggested (`keys`, or with `None` every New,
    /// Differs and Conflict) through the ordinary property update.
    ApplySuggestions(ImageId, Box<GuestReport>, Option<Vec<String>>),
    /// The conflicts between these images' metadata and their content (for the push
    /// dialog; answered per image with [`Event::GuestConflicts`]).
    GuestConflicts(Vec<ImageId>),
    /// Upload a file into a queued image (`image upload`).
    Upload(JobId, ImageId, PathBuf, JobControl),
    /// Save an image's data to a file.
    Export(JobId, ImageId, PathBuf, JobControl),
    /// Check an image's data against its recorded size and hashes (`image verify`).
    Verify(JobId, ImageId, JobControl),
    /// Conversion, blank images, resize, check, measure ([`crate::app::convert`]).
    Convert(ConvertCommand),
    /// Talk to a remote cloud ([`crate::app::remote`]; run off the worker thread).
    Remote(RemoteOp),
}

/// Everything the UI needs about one image.
#[derive(Debug, Clone)]
pub struct ImageView {
    /// The image.
    pub image: Image,
    /// Its members.
    pub members: Vec<Member>,
    /// Its status history, oldest first.
    pub history: Vec<Transition>,
    /// Its tasks, newest first.
    pub tasks: Vec<Task>,
}

/// What happened, in the past tense: answers to commands, job ends, catalog changes.
#[derive(Debug)]
pub enum Event {
    /// The catalog could not be opened; `recoverable` when its registry is missing or empty
    /// while the store holds images ([`Command::StartRecovery`] is then waited for).
    OpenFailed {
        /// Why.
        message: String,
        /// Whether a new registry can be started, keeping the image files in lost+found.
        recoverable: bool,
    },
    /// A new registry was started after [`Command::StartRecovery`].
    Recovered,
    /// How many image files wait in lost+found (sent after the catalog opens).
    LostFound(usize),
    /// Rows of a listing.
    Page {
        /// Listing generation.
        generation: u64,
        /// First row.
        offset: u64,
        /// The rows.
        rows: Vec<Image>,
    },
    /// A page request was dropped as superseded; ask again if it is still in view.
    PageSkipped {
        /// Listing generation.
        generation: u64,
        /// First row.
        offset: u64,
    },
    /// Row count of a listing.
    Count {
        /// Listing generation.
        generation: u64,
        /// Matching images.
        total: u64,
    },
    /// The ids of a shift-click range.
    RangeSelected {
        /// Listing generation.
        generation: u64,
        /// The click it answers.
        token: u64,
        /// The ids.
        ids: Vec<ImageId>,
    },
    /// An image's details.
    Loaded(Box<ImageView>),
    /// An image could not be loaded (deleted meanwhile, say).
    LoadFailed(ImageId, String),
    /// A command succeeded; the text says what was done.
    Done(String),
    /// A command failed; the text is the library's one-line message.
    Failed(String),
    /// A file's header facts for the import form.
    Inspected(u64, Result<Box<FileFacts>, String>),
    /// What the inspector found in an image's stored data.
    ImageInspected(ImageId, Result<Box<Inspection>, String>),
    /// A catalog event (committed change).
    Catalog(CatalogEvent),
    /// Another process changed the registry.
    ExternalChange,
    /// An import created its image.
    JobImage(JobId, ImageId),
    /// What a look inside found in an image (its job ends with [`Event::JobFinished`]).
    LookedInside(JobId, ImageId, Box<GuestReport>),
    /// An image's conflicts between its metadata and its content, as warning lines (empty
    /// when there are none or it cannot be looked inside).
    GuestConflicts(ImageId, Vec<String>),
    /// A job ended.
    JobFinished(JobId, JobOutcome),
    /// An answer for the conversion windows.
    Convert(Box<ConvertReply>),
    /// An answer for the Remotes panel.
    Remote(RemoteReply),
}
