//! The local cache of remote image data (like Glance's image cache): one file per
//! (cloud, remote image) under `<cache root>/<cloud>/`, with a JSON sidecar (size, hashes,
//! name, last use). A pull writes through the cache (the entry is a hard link of the store's
//! blob, so it costs no second copy while the image exists); an interrupted transfer leaves
//! `<id>.part`, which the next pull or `cache queue` resumes with `Range`. `prune` drops least
//! recently used entries above a size cap, `clean` removes incomplete or invalid entries.
//!
//! Where: the data can be fetched again, so it lives in the user's cache dir, not the data
//! dir ([`root_for`]): `$GLANCE_WORKBENCH_CACHE_DIR`, else `$XDG_CACHE_HOME/glance-workbench`
//! (`~/.cache/glance-workbench`); `remote/` there for the default data dir, and
//! `data-dirs/<name>-<hash of its path>/remote/` for any other, so two data dirs never share
//! a cache (tests with temporary data dirs each get their own). Caches of older versions,
//! under `<data dir>/remote/cache`, are moved there when a catalog opens ([`move_legacy`]):
//! renamed on the same filesystem, else copied, verified and only then removed.
//! The hard link that makes a pull's entry free needs the cache and the data dir on one
//! filesystem; on two, a pull leaves no entry (the image itself is in the store) and an
//! interrupted pull restarts, while `cache queue` fills the cache as before.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;
use serde_json::{Value, json};
use sha2::Digest as _;

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

/// Environment variable that moves the cache home (tests and packagers use it).
pub const CACHE_DIR_ENV: &str = "GLANCE_WORKBENCH_CACHE_DIR";

/// The app's cache home: `$GLANCE_WORKBENCH_CACHE_DIR`, else the platform cache dir
/// (`$XDG_CACHE_HOME/glance-workbench`, `~/.cache/glance-workbench`). `None` only without a
/// home folder.
pub fn cache_home() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CACHE_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("org", "OpenStack", "glance-workbench")
        .map(|dirs| dirs.cache_dir().to_path_buf())
}

/// Where older versions kept the cache: inside the data dir.
pub fn legacy_root(data_dir: &Path) -> PathBuf {
    data_dir.join("remote").join("cache")
}

/// A path made absolute and, where it exists, with its links resolved: one data dir reached
/// two ways is one key.
fn resolved(path: &Path) -> PathBuf {
    fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The cache root of `data_dir` (see the module docs); the old place in the data dir when
/// there is no home folder to hold a cache dir.
pub fn root_for(data_dir: &Path) -> PathBuf {
    let Some(home) = cache_home() else {
        return legacy_root(data_dir);
    };
    let data_dir = resolved(data_dir);
    let default = crate::backend::catalog::default_data_dir().map(|d| resolved(&d));
    if default.as_deref() == Some(data_dir.as_path()) {
        return home.join("remote");
    }
    let digest = sha2::Sha256::digest(data_dir.as_os_str().as_encoded_bytes());
    let name = data_dir
        .file_name()
        .map(|n| safe(&n.to_string_lossy()))
        .unwrap_or_default();
    home.join("data-dirs")
        .join(format!("{name}-{}", &hex::encode(digest)[..16]))
        .join("remote")
}

/// What [`move_legacy`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MoveReport {
    /// The old cache folder.
    pub from: PathBuf,
    /// The new one.
    pub to: PathBuf,
    /// Files renamed into the new folder (the whole folder counts its files).
    pub renamed: usize,
    /// Files copied to another filesystem, compared with their source, then removed there.
    pub copied: usize,
    /// Files left in the old folder: the new one holds a different file of the same name,
    /// or copying failed (tried again at the next open).
    pub kept: usize,
}

/// Move the cache an older version kept in `<data_dir>/remote/cache` to [`root_for`]: one
/// rename when the new folder is absent or empty on the same filesystem; else file by file,
/// each renamed or copied, verified and only then removed. Nothing is removed that was not
/// first found whole at the new place; what cannot move stays and is tried again at the next
/// open. Two processes may run this at once: every step tolerates the other's.
pub fn move_legacy(data_dir: &Path) -> RemoteResult<Option<MoveReport>> {
    let from = legacy_root(data_dir);
    let to = root_for(data_dir);
    if !from.is_dir() || resolved(&from) == resolved(&to) {
        return Ok(None);
    }
    let mut report = MoveReport {
        from: from.clone(),
        to: to.clone(),
        ..MoveReport::default()
    };
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| RemoteError::io("cannot create the cache dir", parent, e))?;
    }
    // An empty new folder (made by an earlier run that found nothing to move) is replaced.
    let _ = fs::remove_dir(&to);
    let files = count_files(&from);
    match fs::rename(&from, &to) {
        Ok(()) => {
            report.renamed = files;
            return Ok(Some(report));
        }
        // Gone meanwhile: another process moved it.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(_) => {}
    }
    let clouds = fs::read_dir(&from).map_err(|e| RemoteError::io("cannot read", &from, e))?;
    for cloud in clouds.flatten().filter(|e| e.path().is_dir()) {
        let target_dir = to.join(cloud.file_name());
        fs::create_dir_all(&target_dir)
            .map_err(|e| RemoteError::io("cannot create", &target_dir, e))?;
        let Ok(files) = fs::read_dir(cloud.path()) else {
            continue;
        };
        for file in files.flatten() {
            let source = file.path();
            let target = target_dir.join(file.file_name());
            match move_file(&source, &target) {
                Ok(Moved::Renamed) => report.renamed += 1,
                Ok(Moved::Copied) => report.copied += 1,
                Ok(Moved::AlreadyThere) | Ok(Moved::Gone) => {}
                Ok(Moved::Conflict) => report.kept += 1,
                Err(e) => {
                    tracing::warn!(
                        file = %source.display(),
                        error = %e,
                        "a cache file could not be moved; it stays and is tried again"
                    );
                    report.kept += 1;
                }
            }
        }
        let _ = fs::remove_dir(cloud.path());
    }
    // Only an empty folder goes; `remote/` itself holds the data dir's clouds.yaml.
    let _ = fs::remove_dir(&from);
    tracing::info!(
        from = %report.from.display(),
        to = %report.to.display(),
        renamed = report.renamed,
        copied = report.copied,
        kept = report.kept,
        "the pull cache moved to the cache dir"
    );
    Ok(Some(report))
}

fn count_files(dir: &Path) -> usize {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.file_type() {
                    Ok(t) if t.is_dir() => count_files(&e.path()),
                    Ok(_) => 1,
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// How one file moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Moved {
    Renamed,
    Copied,
    /// The same bytes were already at the target: the source was removed.
    AlreadyThere,
    /// The target holds other bytes: both stay.
    Conflict,
    /// The source went away meanwhile (another process moved it).
    Gone,
}

/// Move one file: a rename (same filesystem; a hard link to a store blob stays one), else
/// [`copy_verify_remove`]. An existing target is kept; the source goes only when its bytes
/// are the same.
fn move_file(source: &Path, target: &Path) -> std::io::Result<Moved> {
    if target.exists() {
        return if same_bytes(source, target)? {
            remove_source(source)?;
            Ok(Moved::AlreadyThere)
        } else {
            Ok(Moved::Conflict)
        };
    }
    match fs::rename(source, target) {
        Ok(()) => Ok(Moved::Renamed),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Moved::Gone),
        Err(e) if e.kind() == std::io::ErrorKind::CrossesDevices => {
            copy_verify_remove(source, target).map(|()| Moved::Copied)
        }
        Err(e) => Err(e),
    }
}

/// Copy `source` to a temporary name beside `target`, flush it to disk, compare the two
/// byte for byte, rename it to `target`, and only then remove `source`.
fn copy_verify_remove(source: &Path, target: &Path) -> std::io::Result<()> {
    let temp = target.with_extension(format!("moving.{}.tmp", std::process::id()));
    let copied = (|| {
        fs::copy(source, &temp)?;
        fs::File::open(&temp)?.sync_all()?;
        if !same_bytes(source, &temp)? {
            return Err(std::io::Error::other("the copy differs from its source"));
        }
        fs::rename(&temp, target)
    })();
    if let Err(e) = copied {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    remove_source(source)
}

fn remove_source(source: &Path) -> std::io::Result<()> {
    match fs::remove_file(source) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Whether two files hold the same bytes (sizes first, then the content).
fn same_bytes(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    if fs::metadata(a)?.len() != fs::metadata(b)?.len() {
        return Ok(false);
    }
    let (mut a, mut b) = (fs::File::open(a)?, fs::File::open(b)?);
    let (mut x, mut y) = (vec![0u8; 1 << 20], vec![0u8; 1 << 20]);
    loop {
        let n = read_full(&mut a, &mut x)?;
        let m = read_full(&mut b, &mut y)?;
        if n != m || x[..n] != y[..m] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
    fn read_full(file: &mut fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut filled = 0;
        while filled < buf.len() {
            match file.read(&mut buf[filled..])? {
                0 => break,
                n => filled += n,
            }
        }
        Ok(filled)
    }
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
    /// The cache of `data_dir` (created when first written), in the cache dir
    /// ([`root_for`]).
    pub fn new(data_dir: &Path) -> Self {
        Cache {
            root: root_for(data_dir),
        }
    }

    /// A cache at exactly `root` (tests).
    pub fn at(root: PathBuf) -> Self {
        Cache { root }
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
        let cache = Cache::at(dir.path().join("cache"));
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

    #[test]
    fn copy_verify_remove_leaves_the_source_until_the_copy_is_whole() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("a");
        fs::write(&source, vec![7u8; 3 << 20]).unwrap();
        let target = dir.path().join("b");
        copy_verify_remove(&source, &target).unwrap();
        assert!(!source.exists());
        assert_eq!(fs::read(&target).unwrap(), vec![7u8; 3 << 20]);
        // A target that cannot be written: the source stays, no temporary is left.
        fs::write(&source, b"data").unwrap();
        let missing = dir.path().join("no/such/dir/c");
        assert!(copy_verify_remove(&source, &missing).is_err());
        assert!(source.exists());
        // An existing target with other bytes is a conflict: both stay.
        fs::write(&target, b"other").unwrap();
        assert_eq!(move_file(&source, &target).unwrap(), Moved::Conflict);
        fs::write(&target, b"data").unwrap();
        assert_eq!(move_file(&source, &target).unwrap(), Moved::AlreadyThere);
        assert!(!source.exists());
    }

    #[test]
    fn each_data_dir_has_a_cache_root_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir_all(&a).unwrap();
        assert_ne!(root_for(&a), root_for(&b));
        // The same data dir reached through a symlink is the same cache.
        std::os::unix::fs::symlink(&a, dir.path().join("link")).unwrap();
        assert_eq!(root_for(&a), root_for(&dir.path().join("link")));
        assert!(!root_for(&a).starts_with(&a), "not inside the data dir");
    }
}
