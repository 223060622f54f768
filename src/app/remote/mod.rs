//! Remote operations as the service runs them. A front end sends one [`RemoteOp`] per request
//! (in [`crate::app::protocol::Command::Remote`]); the service loop hands it to [`handle`],
//! which runs every network or keyring call on a thread of its own, so neither the front end
//! nor the service loop waits on a cloud. [`RemoteShared`] lives as long as the service: the
//! authenticated sessions (one per cloud, reused until the cloud's definition changes) and
//! the secrets typed in this process where no keyring runs (kept in memory only; never
//! written anywhere, never shown). Long work (push, pull, prefetch, remote updates, sync)
//! runs as jobs ([`jobs`]). An op that uses a cloud's session also retries the cleanups still
//! pending there (at most once a minute per cloud, on a thread of its own); "Clean up now"
//! runs them at once.

pub mod cache;
pub mod clouds;
pub mod copy;
pub mod jobs;
pub mod server_cache;
pub mod stores;
pub mod sync;

use crate::i18n::errors::Shown;
use crate::i18n::labels;
use crate::tr;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::app::jobs::{EventSink, spawn};
use crate::app::protocol::Event;
use crate::app::protocol::remote::{
    CloudEntry, MemberChange, RemoteAction, RemoteDetail, RemoteOp, RemoteReply,
};
use crate::app::sessions::{Asked, SecretAsker, SessionError, SessionPool};
use crate::backend::Catalog;
use crate::backend::remote::Session;
use crate::backend::remote::cache::Cache;
use crate::backend::remote::cleanups::{self, Attempt};
use crate::backend::remote::config::{AuthType, CloudConfig, Clouds};
use crate::backend::remote::secrets::Secret;

/// How often a window retries a cloud's pending cleanups by itself.
const AUTO_CLEANUP_EVERY: Duration = Duration::from_secs(60);

/// State shared by every remote command of one service: the session pool (sessions and
/// secrets typed in this process) and when each cloud's cleanups were last retried.
pub struct RemoteShared {
    pool: SessionPool,
    /// When each cloud's pending cleanups were last retried automatically.
    cleanup_tries: Mutex<HashMap<String, Instant>>,
}

impl std::fmt::Debug for RemoteShared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteShared").finish_non_exhaustive()
    }
}

/// How the service asks a person for a secret: not now. The op is answered with
/// [`RemoteReply::NeedSecret`]; the window shows its secret dialog and sends the op again
/// after [`RemoteOp::ProvideSecret`].
struct AskThroughEvents;

impl SecretAsker for AskThroughEvents {
    fn ask(&self, _cloud: &CloudConfig, _problem: Option<&str>) -> Asked {
        Asked::Later
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
    /// The shared state of a service on `data_dir`.
    pub fn new(data_dir: &std::path::Path) -> Self {
        Self {
            pool: SessionPool::new(data_dir, Arc::new(AskThroughEvents)),
            cleanup_tries: Mutex::default(),
        }
    }

    /// Whether an automatic cleanup retry of `cloud` is due; if so it is marked as started.
    fn claim_cleanup(&self, cloud: &str) -> bool {
        let Ok(mut tries) = self.cleanup_tries.lock() else {
            return false;
        };
        if tries
            .get(cloud)
            .is_some_and(|at| at.elapsed() < AUTO_CLEANUP_EVERY)
        {
            return false;
        }
        tries.insert(cloud.to_string(), Instant::now());
        true
    }

    /// The automatic retry could not start (no session yet): let the next op try.
    fn release_cleanup(&self, cloud: &str) {
        if let Ok(mut tries) = self.cleanup_tries.lock() {
            tries.remove(cloud);
        }
    }

    /// An authenticated session for the cloud named `name`, from the pool (the one secret
    /// precedence: definition, typed in this process, keyring, then the window's dialog).
    pub fn session(&self, name: &str) -> Result<Arc<Session>, Trouble> {
        self.pool.session(Some(name)).map_err(|e| match e {
            SessionError::NeedSecret { problem, .. } => Trouble::NeedSecret(problem),
            SessionError::Failed(e) => Trouble::Failed(e.shown()),
        })
    }
}

/// Send a remote reply.
pub(crate) fn send(sink: &EventSink, remote: RemoteReply) {
    sink(Event::Remote(remote));
}

fn cloud_entries(data_dir: &std::path::Path) -> Result<Vec<CloudEntry>, String> {
    let clouds = Clouds::load(Some(data_dir)).map_err(|e| e.shown())?;
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

/// Run `work` with a session for `cloud`; a missing secret asks for it and retries `op`.
pub(crate) fn with_session(
    shared: &RemoteShared,
    data_dir: &std::path::Path,
    cloud: &str,
    op: &RemoteOp,
    reply: &EventSink,
    work: impl FnOnce(Arc<Session>),
) -> Result<(), String> {
    match shared.session(cloud) {
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
pub fn handle(catalog: &Catalog, shared: &Arc<RemoteShared>, op: RemoteOp, reply: &EventSink) {
    let (shared, reply) = (shared.clone(), reply.clone());
    let data_dir = catalog.data_dir().to_path_buf();
    let cache_cap = crate::backend::remote::pull::cache_cap_bytes(catalog);
    if let Some(cloud) = op.session_cloud() {
        auto_cleanup(catalog, &shared, cloud, &reply);
    }
    // A copy uses its source cloud's session too.
    if let RemoteOp::Copy { from, .. } = &op {
        auto_cleanup(catalog, &shared, from, &reply);
    }
    if let RemoteOp::CacheSetCap(max_bytes) = op {
        // A quick registry write, here on the service thread; the entries come back with it.
        if let Err(e) = self::cache::set_cap(catalog, max_bytes) {
            return send(&reply, RemoteReply::CacheFailed(e.shown()));
        }
        reply(Event::Done(tr!(
            "rlib-cache-cap-set",
            size = crate::format::bytes_exact(max_bytes)
        )));
        let entries = Cache::new(catalog.data_dir()).entries();
        match entries {
            Ok(entries) => send(&reply, RemoteReply::Cache(entries, max_bytes)),
            Err(e) => send(&reply, RemoteReply::CacheFailed(e.shown())),
        }
        return;
    }
    match &op {
        // A quick registry read, here on the bridge worker.
        RemoteOp::Cleanups(cloud) => return send_cleanups(catalog, cloud, &reply),
        RemoteOp::RunCleanups(cloud) => {
            let cloud = cloud.clone();
            return run_cleanups(catalog, shared, op, cloud, reply);
        }
        _ => {}
    }
    if op.job().is_some() {
        jobs::start(catalog, shared, op, &reply);
        return;
    }
    if let RemoteOp::Plan { .. } = op {
        jobs::plan(catalog, shared, op, &reply);
        return;
    }
    // At once, so the ops queued after it (the ones waiting for it) find it.
    if let RemoteOp::ProvideSecret(cloud, secret) = op {
        shared.pool.provide_secret(&cloud, secret);
        return;
    }
    let worker_reply = reply.clone();
    spawn(&reply, "remote", move || {
        if let Err(message) = run(&shared, &data_dir, cache_cap, op, &worker_reply) {
            worker_reply(Event::Failed(message));
        }
    });
}

/// Send the cleanups pending on `cloud` to the UI.
fn send_cleanups(catalog: &Catalog, cloud: &str, reply: &EventSink) {
    let pending = cleanups::pending(catalog, Some(cloud)).map_err(|e| e.shown());
    send(reply, RemoteReply::Cleanups(cloud.to_string(), pending));
}

/// Retry the cleanups pending on `cloud` on a thread of its own, when there are some and no
/// retry ran in the last minute; only with a session that needs no prompt (the op that
/// triggered it asks for a missing secret itself).
fn auto_cleanup(catalog: &Catalog, shared: &Arc<RemoteShared>, cloud: &str, reply: &EventSink) {
    let pending = cleanups::pending(catalog, Some(cloud)).unwrap_or_default();
    if pending.is_empty() || !shared.claim_cleanup(cloud) {
        return;
    }
    let Ok(catalog) = catalog.reopen() else {
        shared.release_cleanup(cloud);
        return;
    };
    let (shared, cloud, thread_reply) = (shared.clone(), cloud.to_string(), reply.clone());
    spawn(reply, "remote-cleanup", move || {
        let session = match shared.session(&cloud) {
            Ok(session) => session,
            Err(_) => return shared.release_cleanup(&cloud),
        };
        let attempts = cleanups::retry(&catalog, &session);
        report_cleanups(&catalog, &cloud, &attempts, &thread_reply, false);
    });
}

/// "Clean up now": try every cleanup pending on `cloud` at once, off the UI thread.
fn run_cleanups(
    catalog: &Catalog,
    shared: Arc<RemoteShared>,
    op: RemoteOp,
    cloud: String,
    reply: EventSink,
) {
    let catalog = match catalog.reopen() {
        Ok(catalog) => catalog,
        Err(e) => {
            reply(Event::Failed(e.shown()));
            return send(&reply, RemoteReply::Cleanups(cloud, Err(e.shown())));
        }
    };
    let thread_reply = reply.clone();
    spawn(&reply, "remote-cleanup", move || {
        let reply = thread_reply;
        let data_dir = catalog.data_dir().to_path_buf();
        let mut ran = false;
        let connected = with_session(&shared, &data_dir, &cloud, &op, &reply, |session| {
            ran = true;
            match cleanups::run(&catalog, &session) {
                Ok(attempts) => report_cleanups(&catalog, &cloud, &attempts, &reply, true),
                Err(e) => {
                    reply(Event::Failed(e.shown()));
                    send_cleanups(&catalog, &cloud, &reply);
                }
            }
        });
        if let Err(message) = connected {
            let _ = cleanups::note_unreachable(&catalog, &cloud, &message);
            reply(Event::Failed(message));
            send_cleanups(&catalog, &cloud, &reply);
        } else if !ran {
            // Waiting for the secret: the op runs again once it is typed.
            send_cleanups(&catalog, &cloud, &reply);
        }
    });
}

/// Tell the UI what a cleanup run did: a status line for those done (and a notice for those
/// that failed, when asked for), a refresh of the cloud's listing, the pending ones.
fn report_cleanups(
    catalog: &Catalog,
    cloud: &str,
    attempts: &[Attempt],
    reply: &EventSink,
    asked: bool,
) {
    let done = attempts.iter().filter(|a| a.outcome.is_ok()).count();
    let failed: Vec<&String> = attempts
        .iter()
        .filter_map(|a| a.outcome.as_ref().err())
        .collect();
    if done > 0 {
        reply(Event::Done(tr!(
            "rlib-cleanups-done",
            cloud = cloud,
            count = done
        )));
        send(reply, RemoteReply::Changed(cloud.to_string()));
    }
    if asked {
        match failed.first() {
            Some(first) => reply(Event::Failed(tr!(
                "rlib-cleanups-pending",
                cloud = cloud,
                count = failed.len(),
                first = first.as_str()
            ))),
            None if done == 0 => reply(Event::Done(tr!("rlib-cleanups-none", cloud = cloud))),
            None => {}
        }
    }
    send_cleanups(catalog, cloud, reply);
}

fn run(
    shared: &RemoteShared,
    data_dir: &std::path::Path,
    cache_cap: u64,
    op: RemoteOp,
    reply: &EventSink,
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
            clouds::remove(&shared.pool, data_dir, name).map_err(|e| e.shown())?;
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
                        Err(e) => RemoteReply::PageFailed(cloud.clone(), *generation, e.shown()),
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
            let connected =
                with_session(shared, data_dir, cloud, &op, reply, |session| match session
                    .show_image(id)
                {
                    Ok(image) => send(
                        reply,
                        RemoteReply::Shown(Box::new(RemoteDetail {
                            cloud: cloud.clone(),
                            members: session.members(id).map_err(|e| e.shown()),
                            tasks: session.image_tasks(id).map_err(|e| e.shown()),
                            image,
                        })),
                    ),
                    Err(e) => failed = Some(e.shown()),
                });
            if let Some(message) = connected.err().or(failed) {
                send(
                    reply,
                    RemoteReply::ShowFailed(cloud.clone(), id.clone(), message),
                );
            }
        }
        RemoteOp::Edit(cloud, id, edit) => change(shared, data_dir, cloud, &op, reply, |s| {
            s.edit_image(id, edit)
                .map(|image| tr!("app-saved-remote-image", name = image.label()))
        })?,
        RemoteOp::Action(cloud, id, action) => {
            change(shared, data_dir, cloud, &op, reply, |s| match action {
                RemoteAction::Deactivate => s
                    .image_action(id, "deactivate")
                    .map(|()| tr!("app-remote-deactivated", id = id)),
                RemoteAction::Reactivate => s
                    .image_action(id, "reactivate")
                    .map(|()| tr!("app-remote-reactivated", id = id)),
                RemoteAction::Delete => s
                    .delete_image(id)
                    .map(|()| tr!("app-remote-deleted", id = id)),
            })?;
            if *action == RemoteAction::Delete {
                send(reply, RemoteReply::Deleted(cloud.clone(), id.clone()));
            }
        }
        RemoteOp::Member(cloud, id, member) => {
            change(shared, data_dir, cloud, &op, reply, |s| match member {
                MemberChange::Add(project) => s
                    .add_member(id, project)
                    .map(|_| tr!("app-remote-shared", id = id, project = project)),
                MemberChange::Remove(project) => s
                    .remove_member(id, project)
                    .map(|()| tr!("app-remote-stopped-sharing", id = id, project = project)),
                MemberChange::Answer(project, status) => {
                    s.set_member_status(id, project, status).map(|_| {
                        // A remote answer is text; Glance's values get their label.
                        let shown = match status.parse::<crate::model::MemberStatus>() {
                            Ok(known) => labels::with_value(&labels::member_status(known), status),
                            Err(_) => status.to_string(),
                        };
                        tr!("app-remote-membership", id = id, status = shown)
                    })
                }
            })?
        }
        RemoteOp::CacheList
        | RemoteOp::CachePrune
        | RemoteOp::CacheClean
        | RemoteOp::CacheRemove(..) => {
            if let Err(message) = cache_op(data_dir, cache_cap, &op, reply) {
                send(reply, RemoteReply::CacheFailed(message));
            }
        }
        RemoteOp::ServerCache(cloud, action) => {
            server_cache_op(shared, data_dir, cloud, action, &op, reply)
        }
        RemoteOp::Stores(cloud, detail) => {
            let mut failed = None;
            let connected =
                with_session(
                    shared,
                    data_dir,
                    cloud,
                    &op,
                    reply,
                    |session| match stores::view(&session, *detail) {
                        Ok(view) => send(
                            reply,
                            RemoteReply::Stores(cloud.clone(), Ok(Box::new(view))),
                        ),
                        Err(e) => failed = Some(e.shown()),
                    },
                );
            if let Some(message) = connected.err().or(failed) {
                send(reply, RemoteReply::Stores(cloud.clone(), Err(message)));
            }
        }
        RemoteOp::DeleteFromStore(cloud, id, store) => {
            change(shared, data_dir, cloud, &op, reply, |s| {
                stores::delete_from_store(s, id, store).map(|(_, summary)| summary)
            })?
        }
        RemoteOp::Usage(cloud) => {
            let mut answer = None;
            let connected = with_session(shared, data_dir, cloud, &op, reply, |session| {
                answer = Some(session.usage().map_err(|e| e.shown()));
            });
            if let Some(answer) = connected.err().map(Err).or(answer) {
                send(reply, RemoteReply::Usage(cloud.clone(), answer));
            }
        }
        RemoteOp::Metadefs(cloud) => {
            let mut answer = None;
            let connected = with_session(shared, data_dir, cloud, &op, reply, |session| {
                answer = Some(session.image_metadefs().map_err(|e| e.shown()));
            });
            if let Some(answer) = connected.err().map(Err).or(answer) {
                send(reply, RemoteReply::Metadefs(cloud.clone(), answer));
            }
        }
        RemoteOp::MetadefNamespaces(cloud) => {
            // The same library call as `remote metadef list`.
            let mut answer = None;
            let connected = with_session(shared, data_dir, cloud, &op, reply, |session| {
                answer = Some(session.metadef_namespaces(None).map_err(|e| e.shown()));
            });
            if let Some(answer) = connected.err().map(Err).or(answer) {
                send(reply, RemoteReply::MetadefNamespaces(cloud.clone(), answer));
            }
        }
        RemoteOp::MetadefNamespace(cloud, name) => {
            // The same library call as `remote metadef show` (names as the namespace has them).
            let mut answer = None;
            let connected = with_session(shared, data_dir, cloud, &op, reply, |session| {
                answer = Some(
                    session
                        .metadef_namespace(name, None)
                        .map(Box::new)
                        .map_err(|e| e.shown()),
                );
            });
            if let Some(answer) = connected.err().map(Err).or(answer) {
                let shown = RemoteReply::MetadefNamespace(cloud.clone(), name.clone(), answer);
                send(reply, shown);
            }
        }
        RemoteOp::Plan { .. }
        | RemoteOp::CacheSetCap(_)
        | RemoteOp::ApplySync { .. }
        | RemoteOp::ProvideSecret(..)
        | RemoteOp::Push { .. }
        | RemoteOp::Pull { .. }
        | RemoteOp::Copy { .. }
        | RemoteOp::Prefetch { .. }
        | RemoteOp::UpdateRemote { .. }
        | RemoteOp::CleanUp { .. }
        | RemoteOp::CopyToStores { .. }
        | RemoteOp::ImportUrl { .. }
        | RemoteOp::Cleanups(_)
        | RemoteOp::RunCleanups(_) => {}
    }
    Ok(())
}

/// List, prune or clean the cache; the entries go back to the UI.
fn cache_op(
    data_dir: &std::path::Path,
    cap: u64,
    op: &RemoteOp,
    reply: &EventSink,
) -> Result<(), String> {
    let cache = Cache::new(data_dir);
    let removed = match op {
        RemoteOp::CachePrune => Some((true, cache.prune(cap))),
        RemoteOp::CacheClean => Some((false, cache.clean())),
        RemoteOp::CacheRemove(cloud, remote_id) => {
            let entry = self::cache::remove(data_dir, cloud, remote_id).map_err(|e| e.shown())?;
            reply(Event::Done(tr!(
                "rlib-cache-entry-removed",
                name = entry.name.as_deref().unwrap_or(remote_id),
                size = crate::format::bytes_exact(entry.size_bytes)
            )));
            None
        }
        _ => None,
    };
    if let Some((pruned, removed)) = removed {
        let removed = removed.map_err(|e| e.shown())?;
        let bytes: u64 = removed.iter().map(|e| e.size_bytes).sum();
        let size = crate::format::bytes_exact(bytes);
        reply(Event::Done(if pruned {
            tr!("rlib-cache-pruned", count = removed.len(), size = size)
        } else {
            tr!("rlib-cache-cleaned", count = removed.len(), size = size)
        }));
    }
    let entries = cache.entries().map_err(|e| e.shown())?;
    send(reply, RemoteReply::Cache(entries, cap));
    Ok(())
}

/// Do one thing with a cloud's server cache; the cache as read afterwards goes to the UI
/// (with the failure instead when there is one, also as a status line for a change).
fn server_cache_op(
    shared: &RemoteShared,
    data_dir: &std::path::Path,
    cloud: &str,
    action: &server_cache::ServerCacheAction,
    op: &RemoteOp,
    reply: &EventSink,
) {
    let mut failed = None;
    let connected =
        with_session(
            shared,
            data_dir,
            cloud,
            op,
            reply,
            |session| match server_cache::run(&session, action) {
                Ok(outcome) => {
                    if let Some(done) = outcome.done {
                        reply(Event::Done(done));
                    }
                    send(
                        reply,
                        RemoteReply::ServerCache(cloud.to_string(), Ok(Box::new(outcome.view))),
                    );
                }
                Err(e) => failed = Some(e.shown()),
            },
        );
    if let Some(message) = connected.err().or(failed) {
        if *action != server_cache::ServerCacheAction::List {
            reply(Event::Failed(message.clone()));
        }
        send(
            reply,
            RemoteReply::ServerCache(cloud.to_string(), Err(message)),
        );
    }
}

/// Run a change with a session; success is a status line and a refresh.
fn change(
    shared: &RemoteShared,
    data_dir: &std::path::Path,
    cloud: &str,
    op: &RemoteOp,
    reply: &EventSink,
    work: impl FnOnce(&Session) -> crate::backend::remote::RemoteResult<String>,
) -> Result<(), String> {
    let mut failed = None;
    with_session(shared, data_dir, cloud, op, reply, |session| {
        match work(&session) {
            Ok(done) => reply(Event::Done(done)),
            Err(e) => failed = Some(e.shown()),
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
    reply: &EventSink,
) {
    match clouds::save(&shared.pool, data_dir, cloud, secret, replaces) {
        Ok(saved) => send(
            reply,
            RemoteReply::CloudSaved(cloud.name.clone(), saved.describe(&cloud.name)),
        ),
        Err(e) => return send(reply, RemoteReply::CloudSaveFailed(e.shown())),
    }
    send(reply, RemoteReply::Clouds(cloud_entries(data_dir)));
}

fn test(
    shared: &RemoteShared,
    cloud: &CloudConfig,
    typed: Option<Secret>,
    op: &RemoteOp,
    reply: &EventSink,
) {
    // A cloud listed by the window carries no secret (it is stripped for display): its saved
    // definition's is used, but only while the tested definition is that one unchanged, so
    // a password never goes to an endpoint typed in the form.
    let saved = Clouds::load(Some(shared.pool.data_dir()))
        .and_then(|clouds| clouds.pick(Some(&cloud.name)))
        .ok()
        .filter(|saved| {
            let mut stripped = saved.clone();
            stripped.secret = None;
            stripped == *cloud
        });
    let secret = typed.or_else(|| {
        shared
            .pool
            .secret_for(saved.as_ref().unwrap_or(cloud))
            .map(|(s, _)| s)
    });
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
    let result = Session::connect(cloud.clone(), secret).and_then(|session| clouds::test(&session));
    send(
        reply,
        RemoteReply::Tested(cloud.name.clone(), result.map_err(|e| e.shown())),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::remote::config;

    #[test]
    fn a_cloud_without_a_known_secret_asks_for_one() {
        let dir = tempfile::tempdir().unwrap();
        let name = format!("gw-test-{}", uuid::Uuid::new_v4().simple());
        let cloud = CloudConfig::new_password(&name, "http://127.0.0.1:9/v3", "u", "p");
        config::save_workbench_cloud(dir.path(), &cloud).unwrap();
        let shared = RemoteShared::new(dir.path());
        assert!(matches!(
            shared.session(&name),
            Err(Trouble::NeedSecret(None))
        ));
        // A typed secret is used (here the server refuses the connection: a plain failure).
        shared.pool.provide_secret(&name, Secret::new("hunter2"));
        match shared.session(&name) {
            Err(Trouble::Failed(message)) => {
                assert!(message.contains("cannot reach"), "{message}");
                assert!(!message.contains("hunter2"));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            shared.session("no-such-cloud"),
            Err(Trouble::Failed(_))
        ));
    }

    #[test]
    fn secrets_in_ops_never_print() {
        let op = RemoteOp::ProvideSecret("lab".into(), Secret::new("hunter2"));
        assert!(!format!("{op:?}").contains("hunter2"));
        let mut cloud = CloudConfig::new_password("lab", "http://k/v3", "u", "p");
        cloud.secret = Some(Secret::new("hunter2"));
        let op = RemoteOp::Test(Box::new(cloud), Some(Secret::new("hunter2")));
        assert!(!format!("{op:?}").contains("hunter2"));
    }
}
