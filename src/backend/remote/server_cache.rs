//! Glance's image cache on a cloud's API nodes — the *server cache*, not the workbench's
//! local cache of pulled data ([`super::cache`]). Glance's cache API (`/v2/cache`, image API
//! 2.14; `clean` and `prune` 2.18) lists cached images (size, hits, last access) and queued
//! ones, queues an image for prefetch, deletes one entry, clears the cache and/or the queue,
//! cleans invalid and stalled entries and prunes above the cloud's size cap. Whether a cloud
//! offers it is read from version discovery: the newest version alone does not tell (a Glance
//! without `image_cache_dir` is at 2.17 CURRENT and lists no 2.14).

use reqwest::Method;
use reqwest::header::HeaderValue;
use serde_json::Value;

use crate::backend::remote::error::{RemoteError, RemoteResult};
use crate::backend::remote::glance::encode;
use crate::backend::remote::session::{Session, http_error, send_logged};
use crate::tr;

/// The image API version that brought the cache API (list, queue, delete, clear).
pub const CACHE_API: (u32, u32) = (2, 14);
/// The version that added `POST /v2/cache/clean` and `POST /v2/cache/prune`.
pub const CLEAN_PRUNE_API: (u32, u32) = (2, 18);

/// What a cloud's version discovery says about the cache API.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CacheSupport {
    /// Every `v2.x` listed as CURRENT or SUPPORTED, newest first (as `(2, x)`).
    pub versions: Vec<(u32, u32)>,
}

impl CacheSupport {
    /// Read the versions document (`GET /` on the image endpoint, or `/versions`).
    pub fn from_versions(doc: &Value) -> Self {
        let mut versions: Vec<(u32, u32)> = doc
            .get("versions")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter(|v| {
                        let status = v.get("status").and_then(Value::as_str).unwrap_or_default();
                        matches!(
                            status.to_ascii_uppercase().as_str(),
                            "CURRENT" | "SUPPORTED" | "STABLE"
                        )
                    })
                    .filter_map(|v| parse_version(v.get("id")?.as_str()?))
                    .collect()
            })
            .unwrap_or_default();
        versions.sort_unstable_by(|a, b| b.cmp(a));
        versions.dedup();
        Self { versions }
    }

    /// Whether `version` is advertised (exactly: Glance lists each minor it serves).
    pub fn offers(&self, version: (u32, u32)) -> bool {
        self.versions.contains(&version)
    }

    /// Whether list, queue, delete and clear are available (2.14).
    pub fn cache_api(&self) -> bool {
        self.offers(CACHE_API)
    }

    /// Whether clean and prune are available (2.18).
    pub fn clean_prune(&self) -> bool {
        self.offers(CLEAN_PRUNE_API)
    }

    /// Why the cache API cannot be used, or `None` when it can; `clean_prune` asks for 2.18.
    pub fn missing(&self, clean_prune: bool) -> Option<String> {
        let need = if clean_prune {
            CLEAN_PRUNE_API
        } else {
            CACHE_API
        };
        if self.offers(need) {
            return None;
        }
        let offered = crate::backend::remote::usage::offered_versions(self);
        let version = format!("{}.{}", need.0, need.1);
        Some(if clean_prune {
            tr!(
                "rlib-cache-clean-needs-api",
                version = version,
                offered = offered
            )
        } else {
            tr!("rlib-cache-needs-api", version = version, offered = offered)
        })
    }
}

fn parse_version(id: &str) -> Option<(u32, u32)> {
    let (major, minor) = id.strip_prefix('v')?.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// One image in a cloud's server cache.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedImage {
    /// The image id.
    pub image_id: String,
    /// Bytes on the API node.
    pub size: u64,
    /// How often it was served from the cache.
    pub hits: u64,
    /// Last access, seconds since the epoch (Glance sends a float).
    pub last_accessed: Option<f64>,
    /// When the cache file was written, seconds since the epoch.
    pub last_modified: Option<f64>,
}

/// A cloud's server cache: what is cached and what waits in the prefetch queue.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CacheState {
    /// Cached images.
    pub cached: Vec<CachedImage>,
    /// Image ids queued for prefetch, oldest first.
    pub queued: Vec<String>,
}

impl CacheState {
    /// Read `GET /v2/cache`'s answer.
    pub fn from_json(value: &Value) -> Self {
        let cached = value
            .get("cached_images")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|e| {
                        Some(CachedImage {
                            image_id: e.get("image_id")?.as_str()?.to_string(),
                            size: e.get("size").and_then(Value::as_u64).unwrap_or(0),
                            hits: e.get("hits").and_then(Value::as_u64).unwrap_or(0),
                            last_accessed: e.get("last_accessed").and_then(Value::as_f64),
                            last_modified: e.get("last_modified").and_then(Value::as_f64),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let queued = value
            .get("queued_images")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        Self { cached, queued }
    }
}

/// What `DELETE /v2/cache` empties (`x-image-cache-clear-target`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClearTarget {
    /// Cached images only.
    Cache,
    /// The prefetch queue only.
    Queue,
    /// Both (the header is left out, which is Glance's "both").
    Both,
}

impl ClearTarget {
    /// The header value, when one is sent.
    fn header(self) -> Option<&'static str> {
        match self {
            ClearTarget::Cache => Some("cache"),
            ClearTarget::Queue => Some("queue"),
            ClearTarget::Both => None,
        }
    }
}

/// What a clear removed (Glance counts each side it cleared).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cleared {
    /// Cached images removed, when the cache was cleared.
    pub cache_deleted: Option<u64>,
    /// Queue entries removed, when the queue was cleared.
    pub queue_deleted: Option<u64>,
}

/// What a prune removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pruned {
    /// Files removed.
    pub files: u64,
    /// Bytes freed.
    pub bytes: u64,
}

impl Session {
    /// Version discovery for the cache API: `GET /` on the image service's root (Glance
    /// answers 300 Multiple Choices with every version it serves).
    pub fn cache_support(&self) -> RemoteResult<CacheSupport> {
        let (base, _) = self.image_service()?;
        let root = base.trim_end_matches('/');
        let root = root.strip_suffix("/v2").unwrap_or(root);
        let (status, doc) = self.cache_call(Method::GET, &format!("{root}/"), None, true)?;
        if !(status == 200 || status == 300) {
            return Err(RemoteError::Protocol {
                context: self.context(&Method::GET, &format!("{root}/")),
                problem: tr!("rlib-problem-discovery-status", status = status.to_string()),
            });
        }
        Ok(CacheSupport::from_versions(&doc))
    }

    /// `GET /v2/cache`: cached and queued images on the API node that answers.
    pub fn server_cache(&self) -> RemoteResult<CacheState> {
        let url = self.url("cache")?;
        let (_, json) = self.cache_call(Method::GET, &url, None, false)?;
        Ok(CacheState::from_json(&json))
    }

    /// `PUT /v2/cache/{id}`: queue an active image for prefetch (202; the node's cache
    /// worker fetches it soon after).
    pub fn server_cache_queue(&self, image_id: &str) -> RemoteResult<()> {
        let url = self.url(&format!("cache/{}", encode(image_id)))?;
        self.cache_call(Method::PUT, &url, None, false).map(drop)
    }

    /// `DELETE /v2/cache/{id}`: drop an image from the cache and the queue.
    pub fn server_cache_delete(&self, image_id: &str) -> RemoteResult<()> {
        let url = self.url(&format!("cache/{}", encode(image_id)))?;
        self.cache_call(Method::DELETE, &url, None, false).map(drop)
    }

    /// `DELETE /v2/cache` with `x-image-cache-clear-target`.
    pub fn server_cache_clear(&self, target: ClearTarget) -> RemoteResult<Cleared> {
        let url = self.url("cache")?;
        let header = target.header().map(|v| ("x-image-cache-clear-target", v));
        let (_, json) = self.cache_call(Method::DELETE, &url, header, false)?;
        Ok(Cleared {
            cache_deleted: json.get("cache_deleted").and_then(Value::as_u64),
            queue_deleted: json.get("queue_deleted").and_then(Value::as_u64),
        })
    }

    /// `POST /v2/cache/clean` (2.18): remove invalid entries and stalled incomplete ones.
    pub fn server_cache_clean(&self) -> RemoteResult<()> {
        let url = self.url("cache/clean")?;
        self.cache_call(Method::POST, &url, None, false).map(drop)
    }

    /// `POST /v2/cache/prune` (2.18): remove least recently used images above the cloud's
    /// `image_cache_max_size`.
    pub fn server_cache_prune(&self) -> RemoteResult<Pruned> {
        let url = self.url("cache/prune")?;
        let (_, json) = self.cache_call(Method::POST, &url, None, false)?;
        Ok(Pruned {
            files: json
                .get("total_files_pruned")
                .and_then(Value::as_u64)
                .unwrap_or(0),
            bytes: json
                .get("total_bytes_pruned")
                .and_then(Value::as_u64)
                .unwrap_or(0),
        })
    }

    /// One cache call: [`Session::call`] sends no extra headers and takes a 300 for an
    /// error, and the cache API needs both (the clear target; discovery's Multiple Choices).
    /// A 401 re-authenticates once; `discovery` accepts a 300.
    fn cache_call(
        &self,
        method: Method,
        url: &str,
        header: Option<(&'static str, &'static str)>,
        discovery: bool,
    ) -> RemoteResult<(u16, Value)> {
        let context = self.context(&method, url);
        let mut reauthenticated = false;
        loop {
            let mut request = self.authed(method.clone(), url)?;
            if let Some((name, value)) = header {
                request = request.header(name, HeaderValue::from_static(value));
            }
            let answer = self.block_on(async {
                let response = send_logged(request, &context).await?;
                let status = response.status();
                let text = response.text().await.unwrap_or_default();
                Ok::<_, RemoteError>((status, text))
            })?;
            let (status, text) = answer;
            if status.is_success() || (discovery && status.as_u16() == 300) {
                let json = serde_json::from_str(&text).unwrap_or(Value::Null);
                return Ok((status.as_u16(), json));
            }
            if status.as_u16() == 401 && !reauthenticated {
                reauthenticated = true;
                self.authenticate()?;
                continue;
            }
            return Err(http_error(&context, status, &text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(ids: &[(&str, &str)]) -> Value {
        json!({"versions": ids.iter().map(|(id, status)| json!({"id": id, "status": status}))
            .collect::<Vec<_>>()})
    }

    #[test]
    fn discovery_needs_the_exact_minor_not_just_a_newer_one() {
        // Glance 33 without image_cache_dir: 2.17 CURRENT, 2.15 and below, no 2.14.
        let plain = CacheSupport::from_versions(&doc(&[
            ("v2.15", "SUPPORTED"),
            ("v2.13", "SUPPORTED"),
            ("v2.17", "CURRENT"),
            ("v2.0", "SUPPORTED"),
        ]));
        assert!(!plain.cache_api());
        assert!(!plain.clean_prune());
        let why = plain.missing(false).unwrap();
        assert!(why.contains("needs image API 2.14"), "{why}");
        assert!(why.contains("offers 2.0 to 2.17"), "{why}");
        // With the cache: 2.18 CURRENT down to 2.14.
        let cached = CacheSupport::from_versions(&doc(&[
            ("v2.18", "CURRENT"),
            ("v2.14", "SUPPORTED"),
            ("v2.13", "SUPPORTED"),
            ("v2.9", "DEPRECATED"),
        ]));
        assert!(cached.cache_api() && cached.clean_prune());
        assert_eq!(cached.missing(true), None);
        assert!(!cached.offers((2, 9)));
        // An older Glance with the cache API but no clean/prune.
        let older =
            CacheSupport::from_versions(&doc(&[("v2.16", "CURRENT"), ("v2.14", "SUPPORTED")]));
        assert!(older.cache_api() && !older.clean_prune());
        assert!(
            older
                .missing(true)
                .unwrap()
                .contains("clean and prune need image API 2.18")
        );
        assert!(
            CacheSupport::default()
                .missing(false)
                .unwrap()
                .contains("lists no v2 version")
        );
    }

    #[test]
    fn cache_state_and_clear_headers() {
        let state = CacheState::from_json(&json!({
            "cached_images": [{"id": 1, "image_id": "a", "size": 10, "hits": 2,
                               "last_accessed": 1700000000.5, "last_modified": 1700000000.0,
                               "checksum": "x"}],
            "queued_images": ["b", "c"],
        }));
        assert_eq!(state.cached.len(), 1);
        assert_eq!(state.cached[0].hits, 2);
        assert_eq!(state.cached[0].last_accessed, Some(1_700_000_000.5));
        assert_eq!(state.queued, vec!["b", "c"]);
        assert_eq!(ClearTarget::Cache.header(), Some("cache"));
        assert_eq!(ClearTarget::Queue.header(), Some("queue"));
        assert_eq!(ClearTarget::Both.header(), None);
        assert_eq!(parse_version("v2.18"), Some((2, 18)));
        assert_eq!(parse_version("v1"), None);
    }
}
