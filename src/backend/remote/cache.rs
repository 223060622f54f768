//! The local cache of remote image data (like Glance's image cache): one file per
//! (cloud, remote image) under `<data dir>/remote/cache/<cloud>/`, with a JSON sidecar
//! (size, hashes, name, last use). A pull writes through the cache (the entry is a hard link
//! of the store's blob, so it costs no second copy while the image exists); an interrupted
//! transfer leaves `<id>.part`, which the next pull or `cache queue` resumes with `Range`.
//! `prune` drops least recently used entries above a size cap, `clean` removes incomplete or
//! invalid entries.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;
use serde_json::{Value, json};

use crate::backend::remote::error::{RemoteError, RemoteResult};
use crate::backend::remote::glance::RemoteImage;

/// The default size cap of the cache.
pub const DEFAULT_MAX_BYTES: u64 = 20 << 30;

/// One cache entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheEntry {
    /// The cloud.
    pub cloud: String,
    /// The remote image id.
    pub remote_id: String,
    /// The remote image's name when cached.
    pub name: Option<String>,
    /// Bytes on disk.
    pub size_bytes: u64,
    /// Bytes the complete image has.
    pub expected_bytes: Option<u64>,
    /// The remote os_hash_value.
    pub os_hash_value: Option<String>,
    /// Complete and verified (false: a partial transfer).
    pub complete: bool,
    /// Last use, RFC 3339.
    pub last_used: String,
    /// The data file.
    pub path: PathBuf,
}

/// The cache folder of a data dir.
#[derive(Debug, Clone)]
pub struct Cache {
    root: PathBuf,
}

/// A file-name-safe form of a cloud name or id.
fn safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

impl Cache {
    /// The cache of `data_dir` (created when first written).
    pub fn new(data_dir: &Path) -> Self {
        Cache {
            root: data_dir.join("remote").join("cache"),
        }
    }

    /// The cache's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn dir(&self, cloud: &str) -> PathBuf {
        self.root.join(safe(cloud))
    }

    /// The complete entry's data file.
    pub fn entry_path(&self, cloud: &str, remote_id: &str) -> PathBuf {
        self.dir(cloud).join(safe(remote_id))
    }

    /// The partial transfer's file.
    pub fn partial_path(&self, cloud: &str, remote_id: &str) -> PathBuf {
        self.dir(cloud).join(format!("{}.part", safe(remote_id)))
    }

    fn meta_path(&self, cloud: &str, remote_id: &str) -> PathBuf {
        self.dir(cloud).join(format!("{}.json", safe(remote_id)))
    }

    /// Create the cloud's folder.
    pub fn ensure_dir(&self, cloud: &str) -> RemoteResult<PathBuf> {
        let dir = self.dir(cloud);
        fs::create_dir_all(&dir)
            .map_err(|e| RemoteError::io("cannot create the cache", &dir, e))?;
        Ok(dir)
    }

    /// Record (or refresh) an entry's sidecar.
    pub fn write_meta(
        &self,
        cloud: &str,
        remote: &RemoteImage,
        complete: bool,
    ) -> RemoteResult<()> {
        self.ensure_dir(cloud)?;
        let meta = json!({
            "cloud": cloud,
            "remote_id": remote.id(),
            "name": remote.name(),
            "size": remote.size_bytes(),
            "os_hash_algo": remote.os_hash_algo(),
            "os_hash_value": remote.os_hash_value(),
            "checksum": remote.checksum(),
            "disk_format": remote.disk_format(),
            "container_format": remote.container_format(),
            "complete": complete,
            "last_used": Utc::now().to_rfc3339(),
        });
        let path = self.meta_path(cloud, remote.id());
        fs::write(&path, meta.to_string()).map_err(|e| RemoteError::io("cannot write", &path, e))
    }

    /// The sidecar of an entry, if any.
    pub fn meta(&self, cloud: &str, remote_id: &str) -> Option<Value> {
        let text = fs::read_to_string(self.meta_path(cloud, remote_id)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// A partial file that may be resumed for `remote`: it exists, the sidecar names the same
    /// os_hash_value and it is shorter than the image. Anything else stale is removed.
    pub fn resumable(&self, cloud: &str, remote: &RemoteImage) -> u64 {
        let path = self.partial_path(cloud, remote.id());
        let len = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if len == 0 {
            return 0;
        }
        let same = self.meta(cloud, remote.id()).is_some_and(|m| {
            m.get("os_hash_value").and_then(Value::as_str) == remote.os_hash_value()
        });
        if same && remote.size_bytes().is_some_and(|size| len < size) {
            len
        } else {
            let _ = fs::remove_file(&path);
            0
        }
    }

    /// The complete, verified entry of `remote`, if the cache has one of the same data.
    pub fn complete_entry(&self, cloud: &str, remote: &RemoteImage) -> Option<PathBuf> {
        let path = self.entry_path(cloud, remote.id());
        let len = fs::metadata(&path).ok()?.len();
        let meta = self.meta(cloud, remote.id())?;
        let same = meta.get("complete").and_then(Value::as_bool) == Some(true)
            && meta.get("os_hash_value").and_then(Value::as_str) == remote.os_hash_value()
            && remote.size_bytes() == Some(len);
        same.then_some(path)
    }

    /// Every entry, complete or partial.
    pub fn entries(&self) -> RemoteResult<Vec<CacheEntry>> {
        let mut entries = Vec::new();
        let Ok(clouds) = fs::read_dir(&self.root) else {
            return Ok(entries);
        };
        for cloud_dir in clouds.flatten().filter(|e| e.path().is_dir()) {
            let Ok(files) = fs::read_dir(cloud_dir.path()) else {
                continue;
            };
            for file in files.flatten() {
                let path = file.path();
                let name = file.file_name().to_string_lossy().into_owned();
                if name.ends_with(".json") || name.ends_with(".tmp") {
                    continue;
                }
                let (remote_id, complete) = match name.strip_suffix(".part") {
                    Some(id) => (id.to_string(), false),
                    None => (name.clone(), true),
                };
                let cloud = cloud_dir.file_name().to_string_lossy().into_owned();
                let meta = self.meta(&cloud, &remote_id).unwrap_or(Value::Null);
                let text = |k: &str| meta.get(k).and_then(Value::as_str).map(str::to_string);
                entries.push(CacheEntry {
                    size_bytes: file.metadata().map(|m| m.len()).unwrap_or(0),
                    expected_bytes: meta.get("size").and_then(Value::as_u64),
                    os_hash_value: text("os_hash_value"),
                    name: text("name"),
                    last_used: text("last_used").unwrap_or_default(),
                    complete,
                    cloud: text("cloud").unwrap_or(cloud),
                    remote_id,
                    path,
                });
            }
        }
        entries.sort_by(|a, b| a.last_used.cmp(&b.last_used));
        Ok(entries)
    }

    /// Remove an entry: data, partial and sidecar.
    pub fn remove(&self, cloud: &str, remote_id: &str) {
        for path in [
            self.entry_path(cloud, remote_id),
            self.partial_path(cloud, remote_id),
            self.meta_path(cloud, remote_id),
        ] {
            let _ = fs::remove_file(path);
        }
    }

    /// Drop least recently used complete entries until the cache holds at most `max_bytes`;
    /// returns the entries removed.
    pub fn prune(&self, max_bytes: u64) -> RemoteResult<Vec<CacheEntry>> {
        let entries = self.entries()?;
        let mut total: u64 = entries.iter().map(|e| e.size_bytes).sum();
        let mut removed = Vec::new();
        for entry in entries.into_iter().filter(|e| e.complete) {
            if total <= max_bytes {
                break;
            }
            total = total.saturating_sub(entry.size_bytes);
            self.remove(&entry.cloud, &entry.remote_id);
            removed.push(entry);
        }
        Ok(removed)
    }

    /// Remove partial transfers and entries whose size does not match their sidecar (or that
    /// have none); returns what was removed.
    pub fn clean(&self) -> RemoteResult<Vec<CacheEntry>> {
        let mut removed = Vec::new();
        for entry in self.entries()? {
            let valid = entry.complete && entry.expected_bytes == Some(entry.size_bytes);
            if !valid {
                if entry.complete {
                    self.remove(&entry.cloud, &entry.remote_id);
                } else {
                    let _ = fs::remove_file(&entry.path);
                    if !self.entry_path(&entry.cloud, &entry.remote_id).exists() {
                        let _ = fs::remove_file(self.meta_path(&entry.cloud, &entry.remote_id));
                    }
                }
                removed.push(entry);
            }
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prune_and_clean() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        for (id, size) in [("a", 10u64), ("b", 20), ("c", 30)] {
            let image = RemoteImage(
                json!({"id": id, "size": size, "os_hash_value": "h"})
                    .as_object()
                    .unwrap()
                    .clone(),
            );
            cache.write_meta("lab", &image, true).unwrap();
            fs::write(cache.entry_path("lab", id), vec![0u8; size as usize]).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        fs::write(cache.partial_path("lab", "d"), b"xx").unwrap();
        assert_eq!(cache.entries().unwrap().len(), 4);
        let removed = cache.prune(55).unwrap();
        assert_eq!(
            removed
                .iter()
                .map(|e| e.remote_id.as_str())
                .collect::<Vec<_>>(),
            ["a"]
        );
        let cleaned = cache.clean().unwrap();
        assert_eq!(cleaned.len(), 1);
        assert!(!cleaned[0].complete);
        assert_eq!(cache.entries().unwrap().len(), 2);
    }
}
