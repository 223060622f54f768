//! Remote-cloud integration tests against the real lab (Glance 33 + Keystone 30 on
//! 127.0.0.1, started by `scripts/lab/start`; `scripts/test` starts and stops it). The lab is
//! found through `GLANCE_LAB_ENV` or `target/glance-lab/state/lab.env`; without one the tests
//! are skipped, unless `GLANCE_LAB_REQUIRED=1` (set by `scripts/test`) makes that a failure.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking, helpers (not #[test] functions) included"
)]

#[path = "remote/clouds.rs"]
mod clouds;
#[path = "remote/copy_sync_checks.rs"]
mod copy_sync_checks;
#[path = "remote/fanout.rs"]
mod fanout;
#[path = "remote/faults.rs"]
mod faults;
#[path = "remote/keyring.rs"]
mod keyring;
#[path = "remote/lab.rs"]
mod lab;
#[path = "remote/live_import.rs"]
mod live_import;
#[path = "remote/metadefs.rs"]
mod metadefs;
#[path = "remote/quotas.rs"]
mod quotas;
#[path = "remote/same_data.rs"]
mod same_data;

#[path = "remote/server_cache.rs"]
mod server_cache;
#[path = "remote/stores.rs"]
mod stores;
#[path = "remote/sync_cache.rs"]
mod sync_cache;
#[path = "remote/zh.rs"]
mod zh;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use glance_workbench::backend::remote::push::{PushMethod, PushOptions};
use glance_workbench::backend::remote::{self as remote, Cache, RemoteError};
use glance_workbench::backend::{ImageStatus, JobControl, TaskStatus};
use lab::{Lab, assert_no_secret, local_image, pattern, read_logs};

#[test]
fn push_by_upload_and_by_glance_direct_applies_fields_tags_and_members() {
    let Some(lab) = Lab::get() else { return };
    let (_dir, catalog) = lab.catalog();
    let admin = lab.admin();
    let tag = lab.unique("push");
    for method in [PushMethod::Upload, PushMethod::GlanceDirect] {
        let image = local_image(
            &catalog,
            &format!("{tag}-{}", method.as_str()),
            &pattern(3 << 20, 7),
            &tag,
        );
        catalog.add_member(image.id, &lab.demo_project_id).unwrap();
        let options = PushOptions {
            method,
            ..Default::default()
        };
        let job = JobControl::new();
        let outcome = remote::push(&catalog, &admin, image.id, &options, &job).unwrap();
        let remote_image = admin.show_image(outcome.remote.id()).unwrap();
        assert_eq!(remote_image.status(), "active");
        assert_eq!(remote_image.os_hash_value(), image.os_hash_value.as_deref());
        assert_eq!(remote_image.checksum(), image.checksum.as_deref());
        assert_eq!(remote_image.size_bytes(), image.size_bytes);
        assert_eq!(remote_image.disk_format(), Some("raw"));
        assert_eq!(remote_image.min_disk_gib(), 1);
        assert_eq!(remote_image.min_ram_mib(), 64);
        assert_eq!(remote_image.visibility(), "shared");
        assert_eq!(remote_image.tags(), image.tags);
        assert_eq!(
            remote_image
                .properties()
                .get("os_distro")
                .map(String::as_str),
            Some("cirros")
        );
        assert_eq!(
            remote_image
                .properties()
                .get("hw_disk_bus")
                .map(String::as_str),
            Some("virtio")
        );
        assert_eq!(job.done_bytes(), image.size_bytes.unwrap());
        let members = admin.members(outcome.remote.id()).unwrap();
        assert_eq!(members.len(), 1, "{members:?}");
        assert_eq!(members[0]["member_id"], lab.demo_project_id.as_str());
        assert_eq!(members[0]["status"], "pending");
        if method == PushMethod::GlanceDirect {
            let tasks = admin.image_tasks(outcome.remote.id()).unwrap();
            assert!(
                tasks
                    .iter()
                    .any(|t| t["type"] == "api_image_import" && t["status"] == "success"),
                "{tasks:?}"
            );
        }
        // The push is a task in the local catalog, finished with the remote id.
        let tasks = catalog.tasks(None, Some(image.id), 10).unwrap();
        let push = tasks.iter().find(|t| t.task_type == "push").unwrap();
        assert_eq!(push.status, TaskStatus::Success);
        assert_eq!(
            push.result.as_ref().unwrap()["remote_id"],
            outcome.remote.id()
        );

        // The demo project sees the image as pending, accepts it, then lists it.
        let demo = lab.demo();
        let pending = demo
            .list_images(&lab.query(&[
                ("member_status", "pending"),
                ("visibility", "shared"),
                ("tag", &tag),
            ]))
            .unwrap();
        assert!(pending.iter().any(|i| i.id() == outcome.remote.id()));
        demo.set_member_status(outcome.remote.id(), &lab.demo_project_id, "accepted")
            .unwrap();
        let accepted = demo.list_images(&lab.query(&[("tag", &tag)])).unwrap();
        assert!(
            accepted.iter().any(|i| i.id() == outcome.remote.id()),
            "the accepted image is in demo's default list"
        );
        admin.delete_image(outcome.remote.id()).unwrap();
    }
}

#[test]
fn pull_verifies_the_hash_and_records_the_origin() {
    let Some(lab) = Lab::get() else { return };
    let (_dir, catalog) = lab.catalog();
    let admin = lab.admin();
    let tag = lab.unique("pull");
    let data = pattern(5 << 20, 11);
    let remote_id = lab.remote_image(&admin, &tag, &data);
    let job = JobControl::new();
    let outcome = remote::pull(&catalog, &admin, &remote_id, None, &job).unwrap();
    let image = outcome.image;
    assert_eq!(image.status, ImageStatus::Active);
    assert_eq!(image.size_bytes, Some(data.len() as u64));
    assert_eq!(
        image
            .properties
            .get("workbench_origin_cloud")
            .map(String::as_str),
        Some("envvars")
    );
    assert_eq!(
        image.properties.get("workbench_origin_id"),
        Some(&remote_id)
    );
    assert_eq!(
        image.properties.get("os_distro").map(String::as_str),
        Some("cirros")
    );
    assert!(image.tags.contains(&tag));
    // The local data verifies against md5 and sha512 when read back.
    let mut out = Vec::new();
    let digests = catalog
        .save(image.id, &mut out, &JobControl::new())
        .unwrap();
    assert_eq!(out, data);
    assert_eq!(
        Some(digests.sha512_hex),
        admin
            .show_image(&remote_id)
            .unwrap()
            .os_hash_value()
            .map(str::to_string)
    );
    // The data is in the cache too, and a second pull transfers nothing.
    let entries = Cache::new(catalog.data_dir()).entries().unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.remote_id == remote_id && e.complete)
    );
    let again = remote::pull(&catalog, &admin, &remote_id, None, &JobControl::new()).unwrap();
    assert!(again.already_present);
    assert_eq!(again.image.id, image.id);
    admin.delete_image(&remote_id).unwrap();
}

#[test]
fn an_interrupted_pull_resumes_with_range() {
    let Some(lab) = Lab::get() else { return };
    let (_dir, catalog) = lab.catalog();
    let admin = lab.admin();
    let tag = lab.unique("resume");
    let data = pattern(96 << 20, 13);
    let remote_id = lab.remote_image(&admin, &tag, &data);
    // Cancel once a third has arrived.
    let job = JobControl::new();
    let watcher = {
        let job = job.clone();
        thread::spawn(move || {
            let started = Instant::now();
            while job.done_bytes() < 32 << 20 && started.elapsed() < Duration::from_secs(60) {
                thread::sleep(Duration::from_millis(2));
            }
            job.cancel();
        })
    };
    let err = remote::pull(&catalog, &admin, &remote_id, None, &job).unwrap_err();
    watcher.join().unwrap();
    assert!(matches!(err, RemoteError::Cancelled(_)), "{err}");
    let cache = Cache::new(catalog.data_dir());
    let partial = cache.partial_path("envvars", &remote_id);
    let kept = std::fs::metadata(&partial).unwrap().len();
    assert!(
        kept >= 32 << 20 && kept < data.len() as u64,
        "kept {kept} bytes"
    );
    let local =
        glance_workbench::backend::remote::local::find_origin(&catalog, "envvars", &remote_id)
            .unwrap()
            .unwrap();
    assert_eq!(
        local.status,
        ImageStatus::Queued,
        "nothing half-done: the image is back in queued"
    );
    assert!(
        catalog.blob_store().part_files().unwrap().is_empty(),
        "no part file left in the store"
    );
    let failed = catalog
        .tasks(Some(TaskStatus::Failure), Some(local.id), 5)
        .unwrap();
    assert!(
        failed
            .iter()
            .any(|t| t.task_type == "pull" && t.message.contains("cancelled"))
    );

    let job = JobControl::new();
    let outcome = remote::pull(&catalog, &admin, &remote_id, None, &job).unwrap();
    assert_eq!(
        outcome.resumed_from_bytes, kept,
        "the second pull asked for bytes {kept}- only"
    );
    assert_eq!(outcome.image.id, local.id, "the queued image is reused");
    assert_eq!(outcome.image.status, ImageStatus::Active);
    let mut out = Vec::new();
    catalog
        .save(outcome.image.id, &mut out, &JobControl::new())
        .unwrap();
    assert!(out == data, "resumed data is identical");
    assert!(!partial.exists());
    admin.delete_image(&remote_id).unwrap();
}

#[test]
fn tokens_are_renewed_before_they_expire() {
    let Some(lab) = Lab::get() else { return };
    let Some(short) = lab.short_token_session() else {
        panic!("the lab has no short-token keystone (LAB_SHORT_AUTH_URL)");
    };
    let (issued, expires) = short.token_times().unwrap();
    let lifetime = (expires - issued).num_seconds();
    assert!(lifetime <= 30, "short tokens live {lifetime} s");
    let first_auths = short.auth_count();
    let started = Instant::now();
    let mut calls = 0;
    while started.elapsed() < Duration::from_secs(lifetime as u64 + 5) {
        short.list_images(&lab.query(&[("limit", "1")])).unwrap();
        short.import_methods().unwrap();
        calls += 2;
        thread::sleep(Duration::from_millis(700));
    }
    let (_, later_expiry) = short.token_times().unwrap();
    assert!(later_expiry > expires, "a new token was fetched");
    assert!(
        short.auth_count() > first_auths,
        "renewed {} times over {calls} calls",
        short.auth_count() - first_auths
    );
}

#[test]
fn a_401_re_authenticates_once() {
    let Some(lab) = Lab::get() else { return };
    let session = lab.admin();
    let token = session.current_token().unwrap();
    // Revoke the session's token in Keystone before Glance has ever seen it.
    let revoked = std::process::Command::new("curl")
        .args([
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "-X",
            "DELETE",
        ])
        .arg("-H")
        .arg(format!("X-Auth-Token: {}", token.expose()))
        .arg("-H")
        .arg(format!("X-Subject-Token: {}", token.expose()))
        .arg(format!("{}/auth/tokens", lab.var("OS_AUTH_URL")))
        .output()
        .unwrap();
    assert_eq!(revoked.stdout, b"204");
    let before = session.auth_count();
    session.list_images(&lab.query(&[("limit", "1")])).unwrap();
    assert_eq!(
        session.auth_count(),
        before + 1,
        "one re-authentication after the 401"
    );
    assert_ne!(session.current_token().unwrap(), token);
}

#[test]
fn a_wrong_password_says_so() {
    let Some(lab) = Lab::get() else { return };
    let mut cloud = lab.cloud("lab");
    cloud.secret = None;
    let err = remote::Session::connect(cloud, remote::Secret::new("not-the-password")).unwrap_err();
    assert_eq!(err.status(), Some(401));
    let text = err.to_string();
    assert!(text.contains("authentication failed (HTTP 401)"), "{text}");
    assert!(
        text.contains("The request you have made requires authentication"),
        "{text}"
    );
    assert!(!text.contains("not-the-password"));
    // The CLI prints it in one line and exits 1.
    let out = lab
        .cli(
            &["cloud", "test", "envvars"],
            &[("OS_PASSWORD", "not-the-password")],
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("authentication failed (HTTP 401)"),
        "{stderr}"
    );
    assert!(!stderr.contains("not-the-password"));
}

#[test]
fn cli_lists_edits_and_deletes_remote_images() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let tag = lab.unique("cli");
    let remote_id = lab.remote_image(&admin, &tag, &pattern(1 << 20, 3));
    let data_dir = tempfile::tempdir().unwrap();
    let dir = data_dir.path().to_str().unwrap();
    let run = |args: &[&str]| {
        let out = lab
            .cli(&[&["--data-dir", dir], args].concat(), &[])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let listed = run(&[
        "remote",
        "image",
        "list",
        "--cloud",
        "envvars",
        "--tag",
        &tag,
        "--page-size",
        "1",
        "-f",
        "json",
    ]);
    assert!(listed.contains(&remote_id));
    run(&[
        "remote",
        "image",
        "set",
        &remote_id,
        "--cloud",
        "envvars",
        "--property",
        "os_version=0.6",
        "--unset-property",
        "os_distro",
        "--tag",
        "extra",
        "--min-ram",
        "128",
        "--add-member",
        &lab.demo_project_id,
    ]);
    let shown: serde_json::Value = serde_json::from_str(&run(&[
        "remote", "image", "show", &remote_id, "--cloud", "envvars", "-f", "json",
    ]))
    .unwrap();
    assert_eq!(shown["os_version"], "0.6");
    assert!(shown.get("os_distro").is_none());
    assert_eq!(shown["min_ram"], 128);
    assert!(
        shown["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "extra")
    );
    assert_eq!(
        shown["members"][0]["member_id"],
        lab.demo_project_id.as_str()
    );
    run(&[
        "remote",
        "image",
        "set",
        &remote_id,
        "--cloud",
        "envvars",
        "--deactivate",
    ]);
    assert_eq!(
        admin.show_image(&remote_id).unwrap().status(),
        "deactivated"
    );
    run(&[
        "remote",
        "image",
        "set",
        &remote_id,
        "--cloud",
        "envvars",
        "--reactivate",
    ]);
    let info = run(&["remote", "info", "--cloud", "envvars", "-f", "json"]);
    assert!(
        info.contains("glance-direct") && info.contains("cheap"),
        "{info}"
    );
    run(&[
        "remote", "image", "delete", &remote_id, "--cloud", "envvars",
    ]);
    assert_eq!(
        admin.show_image(&remote_id).unwrap_err().status(),
        Some(404)
    );
}

/// The CLI's log, at its most detailed (`-vv`, `RUST_LOG=trace` for every library too), records
/// each HTTP call of a push, a listing and a delete with method, URL, status and time, the push
/// as a job, and none of the secrets that made the calls possible.
#[test]
fn the_log_has_every_http_call_and_no_secret() {
    let Some(lab) = Lab::get() else { return };
    let logs = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let data_arg = data.path().to_str().unwrap().to_owned();
    let logs_arg = logs.path().to_str().unwrap().to_owned();
    let env = [
        ("GLANCE_WORKBENCH_LOG_DIR", logs_arg.as_str()),
        ("RUST_LOG", "trace"),
    ];
    let run = |args: &[&str]| {
        let all = [&["--data-dir", data_arg.as_str(), "-vv"], args].concat();
        let out = lab.cli(&all, &env).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let name = lab.unique("logs");
    let disk = data.path().join("disk.raw");
    std::fs::write(&disk, pattern(1 << 20, 5)).unwrap();
    run(&[
        "image",
        "create",
        &name,
        "--disk-format",
        "raw",
        "--container-format",
        "bare",
        "--file",
        disk.to_str().unwrap(),
    ]);
    let pushed: serde_json::Value =
        serde_json::from_str(&run(&["push", &name, "--cloud", "envvars", "-f", "json"])).unwrap();
    let remote_id = pushed["id"].as_str().unwrap().to_owned();
    run(&[
        "remote",
        "image",
        "list",
        "--cloud",
        "envvars",
        "--page-size",
        "2",
        "--limit",
        "2",
    ]);
    run(&[
        "remote", "image", "delete", &remote_id, "--cloud", "envvars",
    ]);

    let log = read_logs(logs.path());
    let line = |parts: &[&str]| {
        log.lines()
            .find(|l| parts.iter().all(|p| l.contains(p)))
            .unwrap_or_else(|| panic!("no line with {parts:?} in the log"))
            .to_owned()
    };
    let auth = line(&["HTTP call", "method=POST", "/v3/auth/tokens", "status=201"]);
    assert!(auth.contains("elapsed_ms="), "{auth}");
    line(&["HTTP call", "method=POST", "/v2/images", "status=201"]);
    line(&[
        "HTTP call",
        "method=PUT",
        &format!("/v2/images/{remote_id}/file"),
        "status=204",
    ]);
    line(&["upload sent", "bytes=1048576"]);
    // The listing's query is logged: it holds no secret.
    line(&[
        "HTTP call",
        "method=GET",
        "/v2/images?",
        "limit=2",
        "status=200",
    ]);
    line(&[
        "HTTP call",
        "method=DELETE",
        &format!("/v2/images/{remote_id}"),
        "status=204",
    ]);
    line(&["task started", "task_type=\"push\""]);
    line(&["task finished", "task_type=\"push\""]);
    line(&["command finished", "command=\"push\"", "outcome=\"ok\""]);
    assert_no_secret(lab, &log, &[]);
}

/// The library logs through whatever subscriber the program installs; with one that takes
/// everything, the token the session really used appears nowhere.
#[test]
fn library_http_logging_never_writes_the_token() {
    let Some(lab) = Lab::get() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trace.log");
    let file = std::fs::File::create(&path).unwrap();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_max_level(tracing::Level::TRACE)
        .finish();
    // tracing-core caches a callsite's interest from whichever thread hits it first while
    // only one Dispatch exists (tokio-rs/tracing#3611): another test thread, with no
    // subscriber, could make it "never" for this one. A second live Dispatch takes the
    // general path, and the rebuild forgets what was cached before.
    let _second = tracing::Dispatch::new(tracing_subscriber::registry());
    let tokens = tracing::subscriber::with_default(subscriber, || {
        tracing::callsite::rebuild_interest_cache();
        let admin = lab.admin();
        let first = admin.current_token().unwrap();
        admin.list_images(&lab.query(&[("limit", "2")])).unwrap();
        // A renewal issues another token: neither may be logged.
        admin.authenticate().unwrap();
        admin.list_images(&lab.query(&[("limit", "2")])).unwrap();
        [first, admin.current_token().unwrap()]
    });
    let log = std::fs::read_to_string(&path).unwrap();
    assert!(
        log.lines().any(|l| l.contains("HTTP call")
            && l.contains("method=GET")
            && l.contains("/v2/images?")
            && l.contains("status=200")),
        "{log}"
    );
    assert_eq!(
        log.matches("method=POST").count(),
        2,
        "two authentications: {log}"
    );
    let exposed: Vec<&str> = tokens.iter().map(|t| t.expose()).collect();
    assert_no_secret(lab, &log, &exposed);
}

/// Cancel `job` when `flag` is set (helper for fault tests).
pub fn cancel_on(flag: Arc<AtomicBool>, job: JobControl) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        while !flag.load(Ordering::SeqCst) {
            thread::sleep(Duration::from_millis(5));
        }
        job.cancel();
    })
}

/// Properties as a map, for comparisons.
pub fn props(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn a_push_of_a_damaged_image_never_completes_on_the_cloud() {
    let Some(lab) = Lab::get() else { return };
    let (dir, catalog) = lab.catalog();
    let admin = lab.admin();
    let tag = lab.unique("damaged");
    let image = local_image(&catalog, &tag, &pattern(6 << 20, 3), &tag);
    // Flip one byte near the end, so all but the last chunk would already be sent.
    {
        use std::os::unix::fs::FileExt;
        let blob = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(dir.path().join("images").join(image.id.to_string()))
            .unwrap();
        let mut byte = [0u8];
        blob.read_exact_at(&mut byte, (6 << 20) - 10).unwrap();
        blob.write_all_at(&[byte[0] ^ 1], (6 << 20) - 10).unwrap();
    }
    let error = remote::push(
        &catalog,
        &admin,
        image.id,
        &PushOptions::default(),
        &JobControl::new(),
    )
    .unwrap_err();
    assert!(error.to_string().contains("sha512"), "{error}");
    let local = catalog.image(image.id).unwrap();
    assert!(local.damaged.is_some(), "the image is marked damaged");
    let active: Vec<_> = admin
        .list_images(&lab.query(&[("tag", &tag)]))
        .unwrap()
        .into_iter()
        .filter(|i| i.status() == "active")
        .collect();
    assert!(
        active.is_empty(),
        "the cloud got a whole damaged image: {active:?}"
    );
}
