//! The Remotes panel's link to the clouds. The UI queues one [`RemoteCommand`] per request
//! (wrapped in [`Command::Remote`]); the bridge worker hands it to [`handle`], which runs every
//! network or keyring call on a thread of its own, so neither the UI nor the catalog worker
//! waits on a cloud. [`RemoteShared`] travels with each command: the authenticated sessions
//! (one per cloud, reused until the cloud's definition changes) and the secrets typed in this
//! window where no keyring runs (kept in memory only; never written anywhere, never shown).
//! Long work (push, pull, prefetch, remote updates) runs as jobs of the jobs panel; the remote
//! job threads live in [`crate::ui::remote_jobs`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::backend::remote::cache::{Cache, CacheEntry};
use crate::backend::remote::config::{self, AuthType, CloudConfig, CloudSource, Clouds};
use crate::backend::remote::push::PushMethod;
use crate::backend::remote::secrets::{self, Secret};
use crate::backend::remote::sync::{SyncFilter, SyncRow};
use crate::backend::remote::{RemoteEdit, RemoteImage, RemoteQuery, Session};
use crate::backend::{Catalog, ImageId, JobControl};
use crate::ui::bridge::{Command, JobId, Reply};
use crate::ui::remote_jobs;

/// How replies reach the UI (the bridge's waker: send and repaint).
pub type ReplyFn = Arc<dyn Fn(Reply) + Send + Sync>;

/// State shared by every remote command of one window: sessions and typed secrets.
#[derive(Default)]
pub struct RemoteShared {
    sessions: Mutex<HashMap<String, (CloudConfig, Arc<Session>)>>,
    typed: Mutex<HashMap<String, Secret>>,
}

impl std::fmt::Debug for RemoteShared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteShared").finish_non_exhaustive()
    }
}

/// Why a session could not be had.
#[derive(Debug)]
pub enum Trouble {
    /// No secret is known for the cloud (or the one typed was refused): ask for it.
    NeedSecret(Option<String>),
    /// Anything else, as the library's one-line message.
    Failed(String),
}

impl RemoteShared {
    /// Forget the session and typed secret of `cloud` (its definition changed or went away).
    fn forget(&self, cloud: &str, typed_too: bool) {
        if let Ok(mut sessions) = self.sessions.lock() {
            sessions.remove(cloud);
        }
        if typed_too && let Ok(mut typed) = self.typed.lock() {
            typed.remove(cloud);
        }
    }

    fn typed_secret(&self, cloud: &str) -> Option<Secret> {
        self.typed.lock().ok()?.get(cloud).cloned()
    }

    fn set_typed(&self, cloud: &str, secret: Option<Secret>) {
        if let Ok(mut typed) = self.typed.lock() {
            match secret {
                Some(secret) => typed.insert(cloud.to_string(), secret),
                None => typed.remove(cloud),
            };
        }
    }

    /// The secret for `cloud`: its file or `OS_*` value, else the one typed in this window,
    /// else the keyring's. The second value says whether asking again may help (typed or
    /// keyring secrets can be replaced by typing; a file's cannot).
    fn secret_for(&self, cloud: &CloudConfig) -> Option<(Secret, bool)> {
        if let Some(secret) = &cloud.secret {
            return Some((secret.clone(), false));
        }
        self.typed_secret(&cloud.name)
            .or_else(|| secrets::keyring_secret(&cloud.name))
            .map(|s| (s, true))
    }

    /// An authenticated session for the cloud named `name` (reused while its definition is
    /// unchanged).
    pub fn session(&self, data_dir: &std::path::Path, name: &str) -> Result<Arc<Session>, Trouble> {
        let config = Clouds::load(Some(data_dir))
            .and_then(|clouds| clouds.pick(Some(name)))
            .map_err(|e| Trouble::Failed(e.to_string()))?;
        if let Ok(sessions) = self.sessions.lock()
            && let Some((known, session)) = sessions.get(name)
            && *known == config
        {
            return Ok(session.clone());
        }
        let Some((secret, replaceable)) = self.secret_for(&config) else {
            return Err(Trouble::NeedSecret(None));
        };
        match Session::connect(config.clone(), secret) {
            Ok(session) => {
                let session = Arc::new(session);
                if let Ok(mut sessions) = self.sessions.lock() {
                    sessions.insert(name.to_string(), (config, session.clone()));
                }
                Ok(session)
            }
            Err(e) if e.status() == Some(401) && replaceable => {
                self.set_typed(name, None);
                Err(Trouble::NeedSecret(Some(e.to_string())))
            }
            Err(e) => Err(Trouble::Failed(e.to_string())),
        }
    }
}

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

    /// Where the definition comes from, shortly.
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
    /// When the token expires.
    pub expires_at: Option<DateTime<Utc>>,
    /// Import methods the cloud offers.
    pub import_methods: Vec<String>,
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
        /// Name and tag filters.
        filter: SyncFilter,
    },
    /// Push a local image (a job).
    Push {
        /// The job.
        job: JobId,
        /// Its progress and cancel flag.
        control: JobControl,
        /// The target cloud.
        cloud: String,
        /// The local image.
        image_id: ImageId,
        /// Upload or glance-direct.
        method: PushMethod,
        /// Keep the remote image when the push fails.
        keep_failed: bool,
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
    /// List the cache's entries.
    CacheList,
    /// Drop least recently used entries above the cap.
    CachePrune,
    /// Remove partial and invalid entries.
    CacheClean,
}

impl RemoteOp {
    /// The job this op runs as, if it is one.
    pub fn job(&self) -> Option<JobId> {
        match self {
            RemoteOp::Push { job, .. }
            | RemoteOp::Pull { job, .. }
            | RemoteOp::Prefetch { job, .. }
            | RemoteOp::UpdateRemote { job, .. } => Some(*job),
            _ => None,
        }
    }
}

/// One remote request with the window's shared remote state.
#[derive(Debug)]
pub struct RemoteCommand {
    /// Sessions and typed secrets.
    pub shared: Arc<RemoteShared>,
    /// What to do.
    pub op: RemoteOp,
}

impl RemoteCommand {
    /// The bridge command for `op`.
    pub fn command(shared: &Arc<RemoteShared>, op: RemoteOp) -> Command {
        Command::Remote(RemoteCommand {
            shared: shared.clone(),
            op,
        })
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
    /// A remote image changed (refresh the listing and details).
    Changed(String),
    /// A remote image was deleted.
    Deleted(String, String),
    /// The sync plan.
    Plan(String, u64, Result<Vec<SyncRow>, String>),
    /// The cache's entries and cap.
    Cache(Vec<CacheEntry>, u64),
    /// A job's current step (its task's message).
    JobNote(JobId, String),
    /// A push finished: the cloud and the remote image id.
    Pushed(String, String),
    /// A pull finished: the local image, and whether to select it.
    Pulled(ImageId, bool),
    /// The cache changed.
    CacheChanged,
}

/// Send a remote reply.
pub(crate) fn send(reply: &ReplyFn, remote: RemoteReply) {
    reply(Reply::Remote(remote));
}

fn cloud_entries(data_dir: &std::path::Path) -> Result<Vec<CloudEntry>, String> {
    let clouds = Clouds::load(Some(data_dir)).map_err(|e| e.to_string())?;
    Ok(clouds
        .clouds
        .into_values()
        .map(|mut config| {
            let secret_in_config = config.secret.take().is_some();
            CloudEntry {
                config,
                secret_in_config,
            }
        })
        .collect())
}

/// Run `work` on a thread of its own; a failed spawn becomes a notice (and `false`).
pub(crate) fn spawn(reply: &ReplyFn, name: &str, work: impl FnOnce() + Send + 'static) -> bool {
    match thread::Builder::new().name(name.into()).spawn(work) {
        Ok(_) => true,
        Err(e) => {
            reply(Reply::Failed(format!("cannot start a {name} thread: {e}")));
            false
        }
    }
}

/// Run `work` with a session for `cloud`; a missing secret asks for it and retries `op`.
pub(crate) fn with_session(
    shared: &RemoteShared,
    data_dir: &std::path::Path,
    cloud: &str,
    op: &RemoteOp,
    reply: &ReplyFn,
    work: impl FnOnce(Arc<Session>),
) -> Result<(), String> {
    match shared.session(data_dir, cloud) {
        Ok(session) => {
            work(session);
            Ok(())
        }
        Err(Trouble::NeedSecret(problem)) => {
            let auth_type = Clouds::load(Some(data_dir))
                .and_then(|c| c.pick(Some(cloud)))
                .map_or(AuthType::Password, |c| c.auth_type);
            send(
                reply,
                RemoteReply::NeedSecret {
                    cloud: cloud.to_string(),
                    auth_type,
                    retry: Box::new(op.clone()),
                    problem,
                },
            );
            Ok(())
        }
        Err(Trouble::Failed(message)) => Err(message),
    }
}

/// Handle one remote command (on the bridge worker; the work itself runs on other threads).
pub fn handle(catalog: &Catalog, command: RemoteCommand, reply: ReplyFn) {
    let RemoteCommand { shared, op } = command;
    let data_dir = catalog.data_dir().to_path_buf();
    if op.job().is_some() {
        remote_jobs::start(catalog, shared, op, reply);
        return;
    }
    if let RemoteOp::Plan { .. } = op {
        remote_jobs::plan(catalog, shared, op, reply);
        return;
    }
    // At once, so the ops queued after it (the ones waiting for it) find it.
    if let RemoteOp::ProvideSecret(cloud, secret) = op {
        shared.forget(&cloud, true);
        shared.set_typed(&cloud, Some(secret));
        return;
    }
    let worker_reply = reply.clone();
    spawn(&reply, "remote", move || {
        if let Err(message) = run(&shared, &data_dir, op, &worker_reply) {
            worker_reply(Reply::Failed(message));
        }
    });
}

fn run(
    shared: &RemoteShared,
    data_dir: &std::path::Path,
    op: RemoteOp,
    reply: &ReplyFn,
) -> Result<(), String> {
    match &op {
        RemoteOp::LoadClouds => send(reply, RemoteReply::Clouds(cloud_entries(data_dir))),
        RemoteOp::SaveCloud {
            cloud,
            secret,
            replaces,
        } => save_cloud(
            shared,
            data_dir,
            cloud,
            secret.clone(),
            replaces.as_deref(),
            reply,
        ),
        RemoteOp::RemoveCloud(name) => {
            let removed =
                config::remove_workbench_cloud(data_dir, name).map_err(|e| e.to_string())?;
            if !removed {
                return Err(format!(
                    "cloud \"{name}\" is not in the workbench's clouds file (clouds.yaml and OS_* clouds are edited there)"
                ));
            }
            secrets::forget_keyring_secret(name);
            shared.forget(name, true);
            send(reply, RemoteReply::CloudRemoved(name.clone()));
            send(reply, RemoteReply::Clouds(cloud_entries(data_dir)));
        }
        RemoteOp::Test(cloud, typed) => test(shared, cloud, typed.clone(), &op, reply),
        RemoteOp::List {
            cloud,
            generation,
            query,
            link,
        } => {
            let listed = with_session(shared, data_dir, cloud, &op, reply, |session| {
                let page = session.list_page(link.as_deref(), query);
                send(
                    reply,
                    match page {
                        Ok((images, next)) => RemoteReply::Page {
                            cloud: cloud.clone(),
                            generation: *generation,
                            images,
                            next,
                            project_id: session.project_id(),
                        },
                        Err(e) => {
                            RemoteReply::PageFailed(cloud.clone(), *generation, e.to_string())
                        }
                    },
                );
            });
            if let Err(message) = listed {
                send(
                    reply,
                    RemoteReply::PageFailed(cloud.clone(), *generation, message),
                );
            }
        }
        RemoteOp::Show(cloud, id) => {
            let mut failed = None;
            with_session(
                shared,
                data_dir,
                cloud,
                &op,
                reply,
                |session| match session.show_image(id) {
                    Ok(image) => send(
                        reply,
                        RemoteReply::Shown(Box::new(RemoteDetail {
                            cloud: cloud.clone(),
                            members: session.members(id).map_err(|e| e.to_string()),
                            tasks: session.image_tasks(id).map_err(|e| e.to_string()),
                            image,
                        })),
                    ),
                    Err(e) => failed = Some(e.to_string()),
                },
            )?;
            if let Some(message) = failed {
                return Err(message);
            }
        }
        RemoteOp::Edit(cloud, id, edit) => change(shared, data_dir, cloud, &op, reply, |s| {
            s.edit_image(id, edit)
                .map(|image| format!("saved remote image \"{}\"", image.label()))
        })?,
        RemoteOp::Action(cloud, id, action) => {
            change(shared, data_dir, cloud, &op, reply, |s| match action {
                RemoteAction::Deactivate => s
                    .image_action(id, "deactivate")
                    .map(|()| format!("remote image {id} deactivated")),
                RemoteAction::Reactivate => s
                    .image_action(id, "reactivate")
                    .map(|()| format!("remote image {id} reactivated")),
                RemoteAction::Delete => s
                    .delete_image(id)
                    .map(|()| format!("deleted remote image {id}")),
            })?;
            if *action == RemoteAction::Delete {
                send(reply, RemoteReply::Deleted(cloud.clone(), id.clone()));
            }
        }
        RemoteOp::Member(cloud, id, member) => {
            change(shared, data_dir, cloud, &op, reply, |s| match member {
                MemberChange::Add(project) => s
                    .add_member(id, project)
                    .map(|_| format!("shared remote image {id} with project {project}")),
                MemberChange::Remove(project) => s
                    .remove_member(id, project)
                    .map(|()| format!("stopped sharing remote image {id} with {project}")),
                MemberChange::Answer(project, status) => s
                    .set_member_status(id, project, status)
                    .map(|_| format!("remote image {id}: membership {status}")),
            })?
        }
        RemoteOp::CacheList | RemoteOp::CachePrune | RemoteOp::CacheClean => {
            let cache = Cache::new(data_dir);
            let cap = crate::backend::remote::pull::cache_cap_bytes();
            let removed = match op {
                RemoteOp::CachePrune => Some(("pruned", cache.prune(cap))),
                RemoteOp::CacheClean => Some(("cleaned", cache.clean())),
                _ => None,
            };
            if let Some((verb, removed)) = removed {
                let removed = removed.map_err(|e| e.to_string())?;
                let bytes: u64 = removed.iter().map(|e| e.size_bytes).sum();
                reply(Reply::Done(format!(
                    "cache {verb}: {} entr{} removed ({})",
                    removed.len(),
                    if removed.len() == 1 { "y" } else { "ies" },
                    crate::ui::format::bytes_exact(bytes)
                )));
            }
            let entries = cache.entries().map_err(|e| e.to_string())?;
            send(reply, RemoteReply::Cache(entries, cap));
        }
        RemoteOp::Plan { .. }
        | RemoteOp::ProvideSecret(..)
        | RemoteOp::Push { .. }
        | RemoteOp::Pull { .. }
        | RemoteOp::Prefetch { .. }
        | RemoteOp::UpdateRemote { .. } => {}
    }
    Ok(())
}

/// Run a change with a session; success is a status line and a refresh.
fn change(
    shared: &RemoteShared,
    data_dir: &std::path::Path,
    cloud: &str,
    op: &RemoteOp,
    reply: &ReplyFn,
    work: impl FnOnce(&Session) -> crate::backend::remote::RemoteResult<String>,
) -> Result<(), String> {
    let mut failed = None;
    with_session(shared, data_dir, cloud, op, reply, |session| {
        match work(&session) {
            Ok(done) => reply(Reply::Done(done)),
            Err(e) => failed = Some(e.to_string()),
        }
        send(reply, RemoteReply::Changed(cloud.to_string()));
    })?;
    failed.map_or(Ok(()), Err)
}

fn save_cloud(
    shared: &RemoteShared,
    data_dir: &std::path::Path,
    cloud: &CloudConfig,
    secret: Option<Secret>,
    replaces: Option<&str>,
    reply: &ReplyFn,
) {
    let saved = cloud
        .check()
        .and_then(|()| config::save_workbench_cloud(data_dir, cloud));
    let path = match saved {
        Ok(path) => path,
        Err(e) => return send(reply, RemoteReply::CloudSaveFailed(e.to_string())),
    };
    let mut secret = secret;
    if let Some(old) = replaces.filter(|old| *old != cloud.name) {
        if secret.is_none() {
            secret = shared.typed_secret(old);
        }
        let _ = config::remove_workbench_cloud(data_dir, old);
        secrets::forget_keyring_secret(old);
        shared.forget(old, true);
    }
    shared.forget(&cloud.name, secret.is_some());
    let kept = match secret {
        None => "its secret is unchanged".to_string(),
        Some(secret) if secrets::store_in_keyring(&cloud.name, &secret) => {
            "its secret is in the keyring".to_string()
        }
        Some(secret) => {
            shared.set_typed(&cloud.name, Some(secret));
            "no keyring service runs: its secret is kept in memory until the window closes"
                .to_string()
        }
    };
    send(
        reply,
        RemoteReply::CloudSaved(
            cloud.name.clone(),
            format!(
                "cloud \"{}\" saved in {} (no secret in it); {kept}",
                cloud.name,
                path.display()
            ),
        ),
    );
    send(reply, RemoteReply::Clouds(cloud_entries(data_dir)));
}

fn test(
    shared: &RemoteShared,
    cloud: &CloudConfig,
    typed: Option<Secret>,
    op: &RemoteOp,
    reply: &ReplyFn,
) {
    let secret = typed.or_else(|| shared.secret_for(cloud).map(|(s, _)| s));
    let Some(secret) = secret else {
        return send(
            reply,
            RemoteReply::NeedSecret {
                cloud: cloud.name.clone(),
                auth_type: cloud.auth_type,
                retry: Box::new(op.clone()),
                problem: None,
            },
        );
    };
    let result = Session::connect(cloud.clone(), secret).and_then(|session| {
        let (endpoint, version) = session.image_service()?;
        Ok(TestInfo {
            endpoint,
            version,
            project_id: session.project_id(),
            expires_at: session.token_times().map(|(_, expires)| expires),
            import_methods: session.import_methods().unwrap_or_default(),
        })
    });
    send(
        reply,
        RemoteReply::Tested(cloud.name.clone(), result.map_err(|e| e.to_string())),
    );
}
