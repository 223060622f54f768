//! The server cache (Glance's image cache on the lab's API node) through `remote cache …`
//! and the service's [`server_cache::run`]: queue by name (the cache worker fills it), a
//! download served from the cache counted as a hit, delete, clear, clean (an invalid entry
//! goes), prune (an image above the lab's 4 MiB cap goes), ambiguous and unknown names
//! refused. The lab's cache is one per lab, so everything runs in one test, in order. A lab
//! started without the cache (`LAB_IMAGE_CACHE=0`, or one from before it) is checked for
//! the one-line refusal instead.

use std::time::{Duration, Instant};

use glance_workbench::app::remote::server_cache::{self, ServerCacheAction, ServerCacheView};
use glance_workbench::backend::remote::Session;
use serde_json::Value;

use super::lab::{Lab, pattern};

/// `remote cache ARGS --cloud envvars`: (success, stdout, stderr); a failure must exit 1.
fn cli(lab: &Lab, args: &[&str]) -> (bool, String, String) {
    let mut all = vec!["remote", "cache"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--cloud", "envvars"]);
    let out = lab.cli(&all, &[]).output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?} exited {:?}",
        out.status
    );
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `remote cache list -f json`.
fn listed(lab: &Lab) -> Value {
    let out = lab
        .cli(
            &[
                "-f", "json", "remote", "cache", "list", "--cloud", "envvars",
            ],
            &[],
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn cached<'a>(list: &'a Value, id: &str) -> Option<&'a Value> {
    list["cached_images"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["image_id"] == id)
}

fn view(session: &Session) -> ServerCacheView {
    server_cache::run(session, &ServerCacheAction::List)
        .unwrap()
        .view
}

/// Wait until `done` holds for the service's view of the cache (the worker is asynchronous).
fn wait(session: &Session, what: &str, done: impl Fn(&ServerCacheView) -> bool) {
    let started = Instant::now();
    loop {
        let v = view(session);
        if done(&v) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "{what}: still {v:?}"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
}

fn is_cached(v: &ServerCacheView, id: &str) -> bool {
    v.state.cached.iter().any(|c| c.image_id == id)
}

/// A full download of the image's data (a ranged one is never served from the cache).
fn download(session: &Session, id: &str) {
    session
        .call(
            reqwest::Method::GET,
            &format!("images/{id}/file"),
            &[],
            None,
            true,
        )
        .unwrap();
}

#[test]
fn server_cache_queue_hits_delete_clear_clean_prune() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    if lab.var("LAB_IMAGE_CACHE") != "1" {
        // A lab without Glance's image cache: said in one line, exit 1; the service's view
        // carries the reason the window shows.
        let (ok, _, stderr) = cli(lab, &["list"]);
        assert!(!ok);
        assert!(
            stderr.contains("needs image API 2.14") && stderr.lines().count() == 1,
            "{stderr}"
        );
        let v = view(&admin);
        assert!(v.unavailable.is_some() && !v.support.cache_api());
        eprintln!("the lab runs without the image cache: only the refusal was checked");
        return;
    }
    let v = view(&admin);
    assert!(v.support.cache_api() && v.support.clean_prune(), "{v:?}");
    let name = lab.unique("scache");
    let small = lab.remote_image(&admin, &name, &pattern(96 << 10, 41));

    // Queue by name: the API node's cache worker fetches it at once.
    let (ok, _, stderr) = cli(lab, &["queue", &name]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("1 image queued for the server cache"),
        "{stderr}"
    );
    wait(&admin, "the queued image cached", |v| is_cached(v, &small));
    // Two full downloads, served from the cache: hits are counted.
    download(&admin, &small);
    download(&admin, &small);
    let list = listed(lab);
    let entry = cached(&list, &small).unwrap();
    assert_eq!(entry["name"], name.as_str());
    assert_eq!(entry["size"], 96 << 10);
    assert!(entry["hits"].as_u64().unwrap() >= 1, "{entry}");
    assert!(entry["last_accessed"].as_str().unwrap().contains('T'));
    let (ok, table, _) = cli(lab, &["list"]);
    assert!(
        ok && table.contains(&name) && table.contains("Hits"),
        "{table}"
    );

    // Delete by id.
    let (ok, _, stderr) = cli(lab, &["delete", &small]);
    assert!(ok, "{stderr}");
    assert!(cached(&listed(lab), &small).is_none());

    // Clear the cache (queue and fetch it again first), then the queue.
    server_cache::run(&admin, &ServerCacheAction::Queue(vec![small.clone()])).unwrap();
    wait(&admin, "cached again", |v| is_cached(v, &small));
    let (ok, _, stderr) = cli(lab, &["clear", "--cache"]);
    assert!(ok && stderr.contains("server cache cleared"), "{stderr}");
    // Other tests download images at the same time, and the caching middleware keeps every
    // full download: the cache need not stay empty, but this image is gone from it.
    assert!(cached(&listed(lab), &small).is_none());
    let queued_id = |list: &serde_json::Value| {
        list["queued_images"]
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["image_id"] == small.as_str())
    };
    let (ok, _, stderr) = cli(lab, &["clear", "--queue"]);
    assert!(ok && stderr.contains("server queue cleared"), "{stderr}");
    assert!(!queued_id(&listed(lab)));

    // Clean: an invalid entry on the API node goes.
    let invalid = std::path::Path::new(&lab.var("LAB_STATE_DIR"))
        .join("image-cache/invalid")
        .join(uuid::Uuid::new_v4().to_string());
    std::fs::create_dir_all(invalid.parent().unwrap()).unwrap();
    std::fs::write(&invalid, b"half a download").unwrap();
    let (ok, _, stderr) = cli(lab, &["clean"]);
    assert!(ok && stderr.contains("server cache cleaned"), "{stderr}");
    assert!(!invalid.exists(), "clean left {}", invalid.display());

    // Prune: an image above the lab's cap (LAB_IMAGE_CACHE_MAX_BYTES) is removed.
    let cap: usize = lab.var("LAB_IMAGE_CACHE_MAX_BYTES").parse().unwrap();
    let big = lab.remote_image(
        &admin,
        &lab.unique("scache-big"),
        &pattern(cap + (1 << 20), 5),
    );
    server_cache::run(&admin, &ServerCacheAction::Queue(vec![big.clone()])).unwrap();
    wait(&admin, "the big image cached", |v| is_cached(v, &big));
    let pruned = server_cache::run(&admin, &ServerCacheAction::Prune).unwrap();
    let done = pruned.done.unwrap();
    assert!(done.contains("server cache pruned"), "{done}");
    assert!(!done.contains(": 0 images"), "{done}");
    assert!(!is_cached(&pruned.view, &big));

    // Names must be unique; unknown ones are said so. Exit 1 either way.
    let twin = lab.unique("scache-twin");
    let twins = [
        lab.remote_image(&admin, &twin, &pattern(1024, 1)),
        lab.remote_image(&admin, &twin, &pattern(1024, 2)),
    ];
    let (ok, _, stderr) = cli(lab, &["queue", &twin]);
    assert!(
        !ok && stderr.contains("more than one image is named"),
        "{stderr}"
    );
    let (ok, _, stderr) = cli(lab, &["delete", "no-such-image-anywhere"]);
    assert!(!ok && stderr.contains("no image named"), "{stderr}");

    for id in [small, big].into_iter().chain(twins) {
        admin.delete_image(&id).unwrap();
    }
}
