//! The pull cache in the user's cache dir (issue #15): a cache an older version kept in
//! `<data dir>/remote/cache` is moved on the first open, by a rename on one filesystem
//! (hard links stay links) and by copy, compare and remove onto another; nothing is lost and
//! `cache list` sees the entries at their new place. Every run sets its own cache dir.

use std::os::unix::fs::MetadataExt;

use super::*;

/// A legacy cache in `data` holding one complete entry (a hard link of `blob`, as a pull
/// makes it) and one partial transfer; returns the entry's bytes.
fn legacy_cache(data: &Path, blob: &Path) -> Vec<u8> {
    let cloud = data.join("remote/cache/lab");
    fs::create_dir_all(&cloud).unwrap();
    let bytes = fs::read(blob).unwrap();
    fs::hard_link(blob, cloud.join("img-1")).unwrap();
    let meta = serde_json::json!({
        "cloud": "lab", "remote_id": "img-1", "name": "cirros", "size": bytes.len(),
        "os_hash_value": "h", "complete": true, "last_used": "2026-01-01T00:00:00Z",
    });
    fs::write(cloud.join("img-1.json"), meta.to_string()).unwrap();
    fs::write(cloud.join("img-2.part"), b"half").unwrap();
    bytes
}

fn cache_list(data: &Path, cache_home: &Path) -> (std::process::Output, serde_json::Value) {
    let out = Command::new(BIN)
        .args(["cache", "list", "-f", "json"])
        .env("GLANCE_WORKBENCH_DATA_DIR", data)
        .env("GLANCE_WORKBENCH_CACHE_DIR", cache_home)
        .env(
            "GLANCE_WORKBENCH_LOG_DIR",
            std::env::temp_dir().join("glance-workbench-test-logs"),
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = serde_json::from_slice(&out.stdout).unwrap();
    (out, json)
}

/// The one folder under `<cache home>/data-dirs/` (this data dir's own).
fn moved_root(cache_home: &Path) -> PathBuf {
    let keyed: Vec<_> = fs::read_dir(cache_home.join("data-dirs"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(keyed.len(), 1, "{keyed:?}");
    keyed[0].join("remote")
}

fn assert_moved(data: &Path, root: &Path, bytes: &[u8], listed: &serde_json::Value) {
    assert!(
        !data.join("remote/cache").exists(),
        "the old folder is gone"
    );
    assert_eq!(fs::read(root.join("lab/img-1")).unwrap(), bytes);
    assert_eq!(fs::read(root.join("lab/img-2.part")).unwrap(), b"half");
    assert!(root.join("lab/img-1.json").exists());
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["remote_id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"img-1") && ids.contains(&"img-2"), "{listed}");
}

#[test]
fn a_legacy_cache_is_renamed_into_the_cache_dir_keeping_its_hard_links() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let cache_home = dir.path().join("cache-home");
    fs::create_dir_all(&data).unwrap();
    let blob = write_file(dir.path(), "blob", &pattern(300_000));
    let bytes = legacy_cache(&data, &blob);
    let (_, listed) = cache_list(&data, &cache_home);
    let root = moved_root(&cache_home);
    assert_moved(&data, &root, &bytes, &listed);
    // A rename: the entry is still the blob's inode, costing no second copy.
    let entry = fs::metadata(root.join("lab/img-1")).unwrap();
    assert_eq!(entry.ino(), fs::metadata(&blob).unwrap().ino());
    // The rest of `remote/` (the data dir's clouds file lives there) stays.
    assert!(data.join("remote").is_dir());
    // A second data dir has a cache of its own.
    let other = dir.path().join("other");
    let (_, listed) = cache_list(&other, &cache_home);
    assert_eq!(listed, serde_json::json!([]));
    assert_eq!(
        fs::read_dir(cache_home.join("data-dirs")).unwrap().count(),
        1
    );
}

#[test]
fn a_legacy_cache_is_copied_verified_and_removed_onto_another_filesystem() {
    // SAFETY: geteuid takes no arguments, cannot fail and touches no memory of ours.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: mounting a tmpfs needs root (CI runs as root)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mount = dir.path().join("other-fs");
    fs::create_dir(&mount).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16m", "tmpfs"])
        .arg(&mount)
        .status()
        .unwrap();
    assert!(mounted.success(), "mount tmpfs");
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(mount.clone());
    let data = dir.path().join("data");
    fs::create_dir_all(&data).unwrap();
    let blob = write_file(dir.path(), "blob", &pattern(2_500_000));
    let bytes = legacy_cache(&data, &blob);
    let cache_home = mount.join("cache-home");
    let (_, listed) = cache_list(&data, &cache_home);
    let root = moved_root(&cache_home);
    assert_moved(&data, &root, &bytes, &listed);
    // A copy on the other filesystem; the blob itself is untouched.
    assert_ne!(
        fs::metadata(root.join("lab/img-1")).unwrap().dev(),
        fs::metadata(&blob).unwrap().dev()
    );
    assert_eq!(fs::read(&blob).unwrap(), bytes);
    // No temporary copy is left behind.
    let names: Vec<String> = fs::read_dir(root.join("lab"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}
