//! A cloud's server cache (Glance's image cache on its API nodes) as both front ends manage
//! it: `remote cache list|queue|delete|clear|clean|prune` and the window's "Server cache"
//! tab call [`run`]. It checks version discovery first (2.14 for the cache API, 2.18 for
//! clean and prune), does the one change asked for, and reads the cache again with the
//! names of the images in it. Not the workbench's local cache of pulled data
//! ([`super::cache`]).

use std::collections::HashMap;

use crate::backend::remote::error::{RemoteError, RemoteResult, cloud_subject};
use crate::backend::remote::server_cache::{CacheState, CacheSupport, ClearTarget};
use crate::backend::remote::{RemoteQuery, Session};
use crate::tr;

/// One thing to do with a cloud's server cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerCacheAction {
    /// Read the cached and queued images.
    List,
    /// Queue images (ids) for prefetch.
    Queue(Vec<String>),
    /// Remove images (ids) from the cache and the queue.
    Delete(Vec<String>),
    /// Empty the cache, the queue, or both.
    Clear(ClearTarget),
    /// Remove invalid and stalled entries (2.18).
    Clean,
    /// Remove least recently used images above the cloud's cap (2.18).
    Prune,
}

impl ServerCacheAction {
    /// Whether the action needs 2.18 rather than 2.14.
    fn needs_clean_prune(&self) -> bool {
        matches!(self, ServerCacheAction::Clean | ServerCacheAction::Prune)
    }
}

/// A cloud's server cache as the front ends show it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServerCacheView {
    /// What version discovery said.
    pub support: CacheSupport,
    /// Why the cache API cannot be used on this cloud (then `state` is empty).
    pub unavailable: Option<String>,
    /// Cached and queued images.
    pub state: CacheState,
    /// Image names by id, for the images the cloud still lists.
    pub names: HashMap<String, String>,
}

impl ServerCacheView {
    /// The name of image `id`, when the cloud lists it and it has one.
    pub fn name(&self, id: &str) -> Option<&str> {
        self.names.get(id).map(String::as_str)
    }
}

/// What [`run`] did: a line for the status bar (none for a plain list) and the cache after.
#[derive(Debug, Clone)]
pub struct ServerCacheOutcome {
    /// What changed, in words.
    pub done: Option<String>,
    /// The cache as read afterwards.
    pub view: ServerCacheView,
}

fn unsupported(session: &Session, reason: String) -> RemoteError {
    RemoteError::Failed {
        context: tr!("rlib-context-server-cache", cloud = session.cloud().name),
        problem: reason,
    }
}

/// Do `action` on the server cache of `session`'s cloud and read the cache again. A list on
/// a cloud without the cache API answers a view saying why; any other action is an error.
pub fn run(session: &Session, action: &ServerCacheAction) -> RemoteResult<ServerCacheOutcome> {
    let support = session.cache_support()?;
    if let Some(reason) = support.missing(action.needs_clean_prune()) {
        if *action != ServerCacheAction::List {
            return Err(unsupported(session, reason));
        }
        return Ok(ServerCacheOutcome {
            done: None,
            view: ServerCacheView {
                support,
                unavailable: Some(reason),
                ..Default::default()
            },
        });
    }
    let cloud = &session.cloud().name;
    let done = match action {
        ServerCacheAction::List => None,
        ServerCacheAction::Queue(ids) => {
            for id in ids {
                session.server_cache_queue(id)?;
            }
            Some(tr!(
                "rlib-server-cache-queued",
                cloud = cloud,
                count = ids.len()
            ))
        }
        ServerCacheAction::Delete(ids) => {
            for id in ids {
                session.server_cache_delete(id)?;
            }
            Some(tr!(
                "rlib-server-cache-removed",
                cloud = cloud,
                count = ids.len()
            ))
        }
        ServerCacheAction::Clear(target) => {
            let cleared = session.server_cache_clear(*target)?;
            let mut parts = Vec::new();
            if let Some(n) = cleared.cache_deleted {
                parts.push(tr!("rlib-server-cache-cached-removed", count = n));
            }
            if let Some(n) = cleared.queue_deleted {
                parts.push(tr!("rlib-server-cache-queued-removed", count = n));
            }
            let what = match target {
                ClearTarget::Cache => tr!("rlib-server-cache-target-cache"),
                ClearTarget::Queue => tr!("rlib-server-cache-target-queue"),
                ClearTarget::Both => tr!("rlib-server-cache-target-both"),
            };
            // Glance 33 answers 204 without the counts it computed; newer ones may send them.
            Some(if parts.is_empty() {
                tr!("rlib-server-cache-cleared", cloud = cloud, what = what)
            } else {
                tr!(
                    "rlib-server-cache-cleared-counts",
                    cloud = cloud,
                    what = what,
                    counts = parts.join(&tr!("rlib-list-comma"))
                )
            })
        }
        ServerCacheAction::Clean => {
            session.server_cache_clean()?;
            Some(tr!("rlib-server-cache-cleaned", cloud = cloud))
        }
        ServerCacheAction::Prune => {
            let pruned = session.server_cache_prune()?;
            Some(tr!(
                "rlib-server-cache-pruned",
                cloud = cloud,
                count = pruned.files,
                size = crate::format::bytes_exact(pruned.bytes)
            ))
        }
    };
    let state = session.server_cache()?;
    let names = names_of(session, &state);
    Ok(ServerCacheOutcome {
        done,
        view: ServerCacheView {
            support,
            unavailable: None,
            state,
            names,
        },
    })
}

/// The names of the cached and queued images, read with `id=in:…` filters (50 at a time);
/// best-effort: a cache entry may outlive its image, and a failed lookup only costs names.
fn names_of(session: &Session, state: &CacheState) -> HashMap<String, String> {
    let mut ids: Vec<&str> = state.cached.iter().map(|c| c.image_id.as_str()).collect();
    ids.extend(state.queued.iter().map(String::as_str));
    ids.sort_unstable();
    ids.dedup();
    let mut names = HashMap::new();
    for chunk in ids.chunks(50) {
        let query = RemoteQuery {
            filters: vec![("id".into(), format!("in:{}", chunk.join(",")))],
            page_size: Some(50),
            ..Default::default()
        };
        match session.list_images(&query) {
            Ok(images) => names.extend(images.into_iter().filter_map(|i| {
                let name = i.name().filter(|n| !n.is_empty())?.to_string();
                Some((i.id().to_string(), name))
            })),
            Err(e) => tracing::debug!(error = %e, "server cache: image names not read"),
        }
    }
    names
}

/// An image given by id or by a name unique on the cloud, as its id.
pub fn resolve_image(session: &Session, text: &str) -> RemoteResult<String> {
    if uuid::Uuid::parse_str(text).is_ok() {
        return Ok(text.to_string());
    }
    let query = RemoteQuery {
        filters: vec![("name".into(), text.to_string())],
        max_images: Some(2),
        page_size: Some(2),
        ..Default::default()
    };
    let found = session.list_images(&query)?;
    let context = cloud_subject(&session.cloud().name);
    match found.as_slice() {
        [one] => Ok(one.id().to_string()),
        [] => Err(RemoteError::Failed {
            context,
            problem: tr!(
                "rlib-problem-no-image-named",
                name = crate::display::escape(text)
            ),
        }),
        _ => Err(RemoteError::Failed {
            context,
            problem: tr!(
                "rlib-problem-several-named",
                name = crate::display::escape(text)
            ),
        }),
    }
}
