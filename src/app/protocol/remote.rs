//! The remote family of the protocol: [`RemoteOp`] (what to do) and [`RemoteReply`] (what
//! came back), and the values they carry: clouds as listed (never with a secret), test outcomes,
//! a remote image's details, remote edits.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::app::protocol::job::JobId;
use crate::app::remote::server_cache::{ServerCacheAction, ServerCacheView};
use crate::app::remote::stores::StoresView;
use crate::app::remote::sync::{RowOutcome, SyncPlan};
use crate::backend::remote::cache::CacheEntry;
use crate::backend::remote::cleanups::PendingCleanup;
use crate::backend::remote::config::{AuthType, CloudConfig, CloudSource};
use crate::backend::remote::metadefs::{ImageMetadefs, Namespace};
use crate::backend::remote::push::PushMethod;
use crate::backend::remote::same_data::SameData;
use crate::backend::remote::secrets::Secret;
use crate::backend::remote::stores::{ImportUrl, StoreChoice};
use crate::backend::remote::sync::{SyncFilter, SyncRow};
use crate::backend::remote::usage::Usage;
use crate::backend::remote::{RemoteEdit, RemoteImage, RemoteQuery};
use crate::backend::{ImageId, JobControl};

/// A cloud as the clouds list shows it (its secret, if a file holds one, left out).
#[derive(Debug, Clone)]
pub struct CloudEntry {
    /// The definition, without its secret.
    pub config: CloudConfig,
    /// Whether clouds.yaml/secure.yaml/`OS_*` hold the secret.
    pub secret_in_config: bool,
}

impl CloudEntry {
    /// Whether the workbench's own clouds file defines it (so it can be edited or removed).
    pub fn is_workbench(&self) -> bool {
        matches!(self.config.source, CloudSource::Workbench(_))
    }

    /// Where the definition comes from, shortly, in English (for logs; the window's clouds
    /// list shows its translated label).
    pub fn source_label(&self) -> &'static str {
        match self.config.source {
            CloudSource::Workbench(_) => "workbench file",
            CloudSource::CloudsYaml(_) => "clouds.yaml",
            CloudSource::Environment => "environment (OS_*)",
        }
    }
}

/// What "Test" found.
#[derive(Debug, Clone)]
pub struct TestInfo {
    /// Glance's v2 URL.
    pub endpoint: String,
    /// Newest API minor version.
    pub version: Option<String>,
    /// The project the token is scoped to.
    pub project_id: Option<String>,
    /// The project's name.
    pub project_name: Option<String>,
    /// The user the token belongs to (an application credential's own user), "name (id)".
    pub user: Option<String>,
    /// When the token was issued.
    pub issued_at: Option<DateTime<Utc>>,
    /// When the token expires.
    pub expires_at: Option<DateTime<Utc>>,
    /// Import methods the cloud offers.
    pub import_methods: Vec<String>,
    /// The stores the cloud offers (empty when it does not list them).
    pub stores: Vec<Value>,
}

/// A remote image with its members and tasks.
#[derive(Debug, Clone)]
pub struct RemoteDetail {
    /// The cloud.
    pub cloud: String,
    /// The image.
    pub image: RemoteImage,
    /// Its members, or why they could not be read.
    pub members: Result<Vec<Value>, String>,
    /// Its tasks, or why they could not be read.
    pub tasks: Result<Vec<Value>, String>,
}

/// A one-click change to a remote image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteAction {
    /// active -> deactivated.
    Deactivate,
    /// deactivated -> active.
    Reactivate,
    /// Delete the image.
    Delete,
}

/// A change to a remote image's members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberChange {
    /// Share with a project.
    Add(String),
    /// Stop sharing with a project.
    Remove(String),
    /// Answer as the receiving project (`accepted`, `rejected`, `pending`).
    Answer(String, &'static str),
}

/// One request to the remote side.
#[derive(Debug, Clone)]
pub enum RemoteOp {
    /// Read every cloud definition.
    LoadClouds,
    /// Save a cloud in the workbench's file; its secret to the keyring or, without one, to
    /// this window's memory.
    SaveCloud {
        /// The definition.
        cloud: Box<CloudConfig>,
        /// The secret typed in the form, if any.
        secret: Option<Secret>,
        /// The name it had before an edit (renames remove the old entry).
        replaces: Option<String>,
    },
    /// Remove a workbench cloud and its keyring secret.
    RemoveCloud(String),
    /// Keep a typed secret in memory for this session.
    ProvideSecret(String, Secret),
    /// Authenticate and describe the image service.
    Test(Box<CloudConfig>, Option<Secret>),
    /// One page of a cloud's images.
    List {
        /// The cloud.
        cloud: String,
        /// The listing generation the page belongs to.
        generation: u64,
        /// Filters, sort and page size.
        query: RemoteQuery,
        /// The `next` link to follow (`None`: the first page).
        link: Option<String>,
    },
    /// An image with its members and tasks.
    Show(String, String),
    /// Apply an edit (JSON-patch).
    Edit(String, String, Box<RemoteEdit>),
    /// Deactivate, reactivate or delete.
    Action(String, String, RemoteAction),
    /// Add, remove or answer a member.
    Member(String, String, MemberChange),
    /// Compute the sync plan.
    Plan {
        /// The cloud.
        cloud: String,
        /// The plan's generation.
        generation: u64,
        /// Name and tag filters (and a `since`).
        filter: SyncFilter,
        /// Only remote images changed since the last completed sync with this cloud (as
        /// `sync --incremental`; replaces the filter's `since`).
        incremental: bool,
    },
    /// Apply a plan's chosen rows in order, as one job; the sync is recorded when `complete`
    /// (every runnable row of the plan chosen) and nothing failed.
    ApplySync {
        /// The job.
        job: JobId,
        /// Its progress and cancel flag.
        control: JobControl,
        /// The plan (cloud, rows, when its listing started).
        plan: Box<SyncPlan>,
        /// The rows to run, each with the action chosen.
        chosen: Vec<SyncRow>,
        /// Every runnable row of the plan is among `chosen`.
        complete: bool,
    },
    /// Push a local image (a job).
    Push {
        /// The job.
        job: JobId,
        /// Its progress and cancel flag.
        control: JobControl,
        /// The target cloud.
        cloud: String,
        /// More target clouds in the same job: the data is read once and streamed to every
        /// cloud at the same time (empty: a push to `cloud` alone).
        more_clouds: Vec<String>,
        /// The local image.
        image_id: ImageId,
        /// Upload or glance-direct.
        method: PushMethod,
        /// Keep the remote image when the push fails.
        keep_failed: bool,
        /// When the cloud already holds the same data: refuse (ask), link or copy.
        on_same_data: SameData,
        /// The stores to import into (multi-store clouds; default: the cloud's default).
        stores: StoreChoice,
    },
    /// Pull a remote image into the catalog (a job).
    Pull {
        /// The job.
        job: JobId,
        /// Its progress and cancel flag.
        control: JobControl,
        /// The cloud.
        cloud: String,
        /// The remote image id.
        remote_id: String,
        /// Select the new local image when done.
        select: bool,
        /// When a local image already holds the same data: refuse (ask), link or copy.
        on_same_data: SameData,
    },
    /// Copy a remote image from one cloud to another, streamed through the workbench and
    /// verified on both sides (a job; `copy REMOTE_ID --from A --to B` in the CLI).
    Copy {
        /// The job.
        job: JobId,
        /// Its progress and cancel flag.
        control: JobControl,
        /// The source cloud.
        from: String,
        /// The target cloud.
        to: String,
        /// The image id on the source cloud.
        remote_id: String,
        /// Keep the target image when the copy fails.
        keep_failed: bool,
        /// When the target cloud already holds the same data: refuse (ask), link or copy.
        on_same_data: SameData,
    },
    /// Prefetch a remote image into the cache (a job).
    Prefetch {
        /// The job.
        job: JobId,
        /// Its progress and cancel flag.
        control: JobControl,
        /// The cloud.
        cloud: String,
        /// The remote image id.
        remote_id: String,
    },
    /// Make a remote image's metadata match (a sync action, as a job).
    UpdateRemote {
        /// The job.
        job: JobId,
        /// Its cancel flag.
        control: JobControl,
        /// The cloud.
        cloud: String,
        /// The remote image id.
        remote_id: String,
        /// The edit.
        edit: Box<RemoteEdit>,
    },
    /// Delete a stuck remote image the workbench made (a sync action, as a job).
    CleanUp {
        /// The job.
        job: JobId,
        /// Its cancel flag.
        control: JobControl,
        /// The cloud.
        cloud: String,
        /// The remote image id.
        remote_id: String,
    },
    /// Read the cleanups still pending on a cloud.
    Cleanups(String),
    /// Try a cloud's pending cleanups now ("Clean up now").
    RunCleanups(String),
    /// List the local cache's entries (the workbench's pulled data).
    CacheList,
    /// Drop least recently used local cache entries above the cap.
    CachePrune,
    /// Remove partial and invalid local cache entries.
    CacheClean,
    /// Remove one complete local cache entry: the cloud and the remote image id.
    CacheRemove(String, String),
    /// Set the local cache's size cap in bytes.
    CacheSetCap(u64),
    /// List or change a cloud's server cache (Glance's image cache on its API nodes).
    ServerCache(String, ServerCacheAction),
    /// A cloud's stores and import methods: the cloud, and whether to ask for the stores'
    /// details (admins only; others get the plain list).
    Stores(String, bool),
    /// Copy an active remote image into more stores (`copy-image`, a job).
    CopyToStores {
        /// The job.
        job: JobId,
        /// Its progress and cancel flag.
        control: JobControl,
        /// The cloud.
        cloud: String,
        /// The remote image id.
        remote_id: String,
        /// The stores to copy into.
        stores: StoreChoice,
    },
    /// Delete a remote image's data from one store: the cloud, the image id, the store.
    DeleteFromStore(String, String, String),
    /// Create a remote image whose data the cloud fetches from a URL (`web-download`, a job).
    ImportUrl {
        /// The job.
        job: JobId,
        /// Its progress and cancel flag.
        control: JobControl,
        /// The cloud.
        cloud: String,
        /// The new image, the URL and the stores.
        request: Box<ImportUrl>,
    },
    /// Read the project's quota usage on a cloud (`/v2/info/usage`).
    Usage(String),
    /// Read a cloud's metadata definitions for images (once per session).
    Metadefs(String),
    /// List a cloud's metadata definitions namespaces, all resource types (the Metadefs
    /// tab; `remote metadef list`).
    MetadefNamespaces(String),
    /// Read one namespace in full: properties and objects (`remote metadef show`).
    MetadefNamespace(String, String),
}

impl RemoteOp {
    /// The same op with another answer to "the other side holds the same data" (a push, a
    /// pull or a copy; any other op is returned as it is).
    pub fn with_same_data(mut self, choice: SameData) -> Self {
        if let RemoteOp::Push { on_same_data, .. }
        | RemoteOp::Pull { on_same_data, .. }
        | RemoteOp::Copy { on_same_data, .. } = &mut self
        {
            *on_same_data = choice;
        }
        self
    }

    /// The job this op runs as, if it is one.
    pub fn job(&self) -> Option<JobId> {
        match self {
            RemoteOp::Push { job, .. }
            | RemoteOp::Pull { job, .. }
            | RemoteOp::Copy { job, .. }
            | RemoteOp::Prefetch { job, .. }
            | RemoteOp::UpdateRemote { job, .. }
            | RemoteOp::CleanUp { job, .. }
            | RemoteOp::CopyToStores { job, .. }
            | RemoteOp::ImportUrl { job, .. }
            | RemoteOp::ApplySync { job, .. } => Some(*job),
            _ => None,
        }
    }

    /// The cloud whose session this op uses (its pending cleanups are retried then); for a
    /// copy the target, where a failed copy's cleanup is owed (it uses the source's too).
    pub fn session_cloud(&self) -> Option<&str> {
        match self {
            RemoteOp::Copy { to, .. } => Some(to),
            RemoteOp::List { cloud, .. }
            | RemoteOp::Plan { cloud, .. }
            | RemoteOp::Push { cloud, .. }
            | RemoteOp::Pull { cloud, .. }
            | RemoteOp::Prefetch { cloud, .. }
            | RemoteOp::UpdateRemote { cloud, .. }
            | RemoteOp::CleanUp { cloud, .. }
            | RemoteOp::Show(cloud, _)
            | RemoteOp::Edit(cloud, ..)
            | RemoteOp::Action(cloud, ..)
            | RemoteOp::Member(cloud, ..)
            | RemoteOp::ServerCache(cloud, _)
            | RemoteOp::Stores(cloud, _)
            | RemoteOp::CopyToStores { cloud, .. }
            | RemoteOp::DeleteFromStore(cloud, ..)
            | RemoteOp::ImportUrl { cloud, .. }
            | RemoteOp::Usage(cloud)
            | RemoteOp::Metadefs(cloud)
            | RemoteOp::MetadefNamespaces(cloud)
            | RemoteOp::MetadefNamespace(cloud, _) => Some(cloud),
            RemoteOp::ApplySync { plan, .. } => Some(&plan.cloud),
            _ => None,
        }
    }
}

/// An answer from the remote side.
#[derive(Debug)]
pub enum RemoteReply {
    /// The clouds, or why they could not be read.
    Clouds(Result<Vec<CloudEntry>, String>),
    /// A cloud was saved; the text says where its secret went.
    CloudSaved(String, String),
    /// A cloud could not be saved (shown in the form).
    CloudSaveFailed(String),
    /// A cloud was removed.
    CloudRemoved(String),
    /// A test's outcome.
    Tested(String, Result<TestInfo, String>),
    /// A secret is needed for `cloud`; `retry` runs once it is typed.
    NeedSecret {
        /// The cloud.
        cloud: String,
        /// Password or application credential (for the prompt's wording).
        auth_type: AuthType,
        /// The op to run again.
        retry: Box<RemoteOp>,
        /// Why the last secret was refused, if one was.
        problem: Option<String>,
    },
    /// A pull, push or copy found the same data on the other side and copied nothing: the
    /// front end asks whether to link or copy, then runs `retry` with that choice.
    SameData {
        /// The cloud holding the same data (a copy's target).
        cloud: String,
        /// The library's message (what was refused and why).
        message: String,
        /// The image holding the same data: its id and its label.
        found: (String, String),
        /// The op that was refused (its job waits for the answer).
        retry: Box<RemoteOp>,
    },
    /// A page of images.
    Page {
        /// The cloud.
        cloud: String,
        /// The listing generation.
        generation: u64,
        /// The images.
        images: Vec<RemoteImage>,
        /// The `next` link, when there are more.
        next: Option<String>,
        /// The project the session is scoped to.
        project_id: Option<String>,
    },
    /// A page could not be read.
    PageFailed(String, u64, String),
    /// An image's details.
    Shown(Box<RemoteDetail>),
    /// An image could not be read: cloud, id, why.
    ShowFailed(String, String, String),
    /// A remote image changed (refresh the listing and details).
    Changed(String),
    /// A remote image was deleted.
    Deleted(String, String),
    /// The sync plan.
    Plan(String, u64, Result<Box<SyncPlan>, String>),
    /// A sync apply ran one row: the cloud, the row's label, and what happened.
    SyncRow(String, String, RowOutcome),
    /// The local cache's entries and cap.
    Cache(Vec<CacheEntry>, u64),
    /// The local cache could not be read or changed.
    CacheFailed(String),
    /// A push finished: the cloud and the remote image id.
    Pushed(String, String),
    /// A copy between clouds finished: the target cloud and its image (new, or the one
    /// linked).
    Copied(String, String),
    /// A pull finished: the cloud, the local image, and whether to select it.
    Pulled(String, ImageId, bool),
    /// The local cache changed.
    CacheChanged,
    /// The cleanups pending on a cloud, or why they could not be read.
    Cleanups(String, Result<Vec<PendingCleanup>, String>),
    /// A cloud's server cache after a list or change, or why it could not be read or changed.
    ServerCache(String, Result<Box<ServerCacheView>, String>),
    /// A cloud's stores and import methods, or why they could not be read.
    Stores(String, Result<Box<StoresView>, String>),
    /// A cloud's quota usage, or why it could not be read.
    Usage(String, Result<Usage, String>),
    /// A cloud's metadata definitions for images, or why they could not be read.
    Metadefs(String, Result<Arc<ImageMetadefs>, String>),
    /// A cloud's metadata definitions namespaces (without properties or objects).
    MetadefNamespaces(String, Result<Vec<Namespace>, String>),
    /// One namespace of a cloud, read in full: cloud, namespace name, the namespace.
    MetadefNamespace(String, String, Result<Box<Namespace>, String>),
}
