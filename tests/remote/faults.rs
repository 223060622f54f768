//! Faults: the server stopped mid-upload (a second real Glance on the lab's database and
//! store, killed while receiving), the half-made image's delete failing too (a pending
//! cleanup, listed, retried, shown as stuck by sync), a cloud refusing direct upload (automatic glance-direct) with
//! a size cap (413), refused connections, and Glance's 403/404/409/415 answers
//! turned into clear messages; an unsafe image refused before anything is sent.

use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use glance_workbench::backend::remote::cleanups::{self, CleanupAction, Done};
use glance_workbench::backend::remote::push::{PushMethod, PushOptions};
use glance_workbench::backend::remote::stream::{body_channel, put_stream};
use glance_workbench::backend::remote::sync::{SyncAction, SyncCase, SyncFilter};
use glance_workbench::backend::remote::{self as remote, RemoteError, Secret, Session};
use glance_workbench::backend::{ImageStatus, JobControl, NewImage, TaskStatus};
use glance_workbench::store::blobs::BlobStore;
use serde_json::json;

use super::lab::{Lab, local_image, pattern};

/// A second Glance API process on the lab's config, on a port of its own; killed on drop.
struct SecondGlance {
    child: Child,
    url: String,
}

impl SecondGlance {
    fn start(lab: &Lab) -> SecondGlance {
        Self::start_with(lab, "", None)
    }

    /// A second Glance whose glance-api.conf gets `defaults` added to `[DEFAULT]` and, with
    /// `policy`, an oslo.policy file of those rules.
    fn start_with(lab: &Lab, defaults: &str, policy: Option<&str>) -> SecondGlance {
        let state = lab.var("LAB_STATE_DIR");
        let config_dir = tempfile::tempdir().unwrap().keep();
        let mut conf =
            std::fs::read_to_string(format!("{state}/etc/glance/glance-api.conf")).unwrap();
        conf = conf.replacen("[DEFAULT]\n", &format!("[DEFAULT]\n{defaults}\n"), 1);
        if let Some(rules) = policy {
            let path = config_dir.join("policy.yaml");
            std::fs::write(&path, rules).unwrap();
            conf.push_str(&format!(
                "\n[oslo_policy]\npolicy_file = {}\n",
                path.display()
            ));
        }
        std::fs::write(config_dir.join("glance-api.conf"), conf).unwrap();
        std::fs::copy(
            format!("{state}/etc/glance/glance-api-paste.ini"),
            config_dir.join("glance-api-paste.ini"),
        )
        .unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let ini = std::fs::read_to_string(format!("{state}/etc/glance/glance-uwsgi.ini")).unwrap();
        let ini: String = ini
            .lines()
            .map(|l| {
                if l.starts_with("http-socket") {
                    format!("http-socket = 127.0.0.1:{port}")
                } else if l.starts_with("pidfile") || l.starts_with("processes") {
                    String::new()
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let dir = tempfile::tempdir().unwrap().keep();
        let ini_path = dir.join("glance-uwsgi.ini");
        std::fs::write(&ini_path, format!("{ini}\nprocesses = 1\n")).unwrap();
        let mut child = Command::new(format!("{}/bin/uwsgi", lab.var("LAB_VENV")))
            .arg("--ini")
            .arg(&ini_path)
            .env("OS_GLANCE_CONFIG_DIR", &config_dir)
            .env("PYTHONWARNINGS", "ignore::DeprecationWarning")
            .current_dir(&state)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(90) {
            let ok = Command::new("curl")
                .args([
                    "-s",
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{http_code}",
                    &format!("{url}/healthcheck"),
                ])
                .output()
                .is_ok_and(|o| o.stdout == b"200");
            if ok {
                return SecondGlance { child, url };
            }
            thread::sleep(Duration::from_millis(300));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the second glance did not start");
    }

    /// Kill the worker(s) and the master, by the ids this test knows (the master's children).
    fn kill(&mut self) {
        let pid = self.child.id();
        let children =
            std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
        for child in children
            .split_whitespace()
            .filter_map(|c| c.parse::<i32>().ok())
        {
            // SAFETY: a signal to a worker of the uwsgi master this test started.
            unsafe {
                libc::kill(child, libc::SIGKILL);
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for SecondGlance {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A session for cloud `name` whose image endpoint is `glance`'s.
fn session_on(lab: &Lab, name: &str, glance: &SecondGlance) -> Session {
    let mut cloud = lab.cloud(name);
    cloud.image_endpoint_override = Some(format!("{}/v2", glance.url));
    let secret = cloud.secret.clone().unwrap();
    Session::connect(cloud, secret).unwrap()
}

/// Run `work` (a push or copy through `glance`) on a thread of its own and kill `glance` once
/// `kill_at` bytes have gone through `job`.
fn killed_during<T: Send>(
    glance: &mut SecondGlance,
    job: &JobControl,
    kill_at: u64,
    work: impl FnOnce() -> T + Send,
) -> T {
    let started = Instant::now();
    thread::scope(|scope| {
        let running = scope.spawn(work);
        while job.done_bytes() < kill_at && started.elapsed() < Duration::from_secs(60) {
            thread::sleep(Duration::from_millis(2));
        }
        glance.kill();
        running.join().unwrap()
    })
}

#[test]
fn the_server_stopped_mid_upload_gives_a_clean_error_and_nothing_half_done() {
    let Some(lab) = Lab::get() else { return };
    let mut second = SecondGlance::start(lab);
    let (_dir, catalog) = lab.catalog();
    let tag = lab.unique("killed");
    let image = local_image(&catalog, &tag, &pattern(192 << 20, 5), &tag);
    let session = session_on(lab, "second", &second);
    let job = JobControl::new();
    let pushing_catalog = catalog.reopen().unwrap();
    let (session_ref, job_ref) = (&session, &job);
    let pushing = killed_during(&mut second, &job, 24 << 20, move || {
        remote::push(
            &pushing_catalog,
            session_ref,
            image.id,
            &PushOptions::default(),
            job_ref,
        )
    });
    let err = pushing.unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(err, RemoteError::Connect { .. } | RemoteError::Http { .. }),
        "{err:?}"
    );
    assert!(
        text.contains("cannot reach") || text.contains("HTTP"),
        "{text}"
    );
    // Locally: the image is untouched and still verifies; no part file; the task failed.
    let after = catalog.image(image.id).unwrap();
    assert_eq!(after.status, ImageStatus::Active);
    catalog
        .save(image.id, &mut std::io::sink(), &JobControl::new())
        .unwrap();
    assert!(catalog.blob_store().part_files().unwrap().is_empty());
    let tasks = catalog
        .tasks(Some(TaskStatus::Failure), Some(image.id), 5)
        .unwrap();
    assert!(
        tasks
            .iter()
            .any(|t| t.task_type == "push"
                && t.message.contains("could not delete the remote image")),
        "{tasks:?}"
    );
    // Clean the stray image up through the lab's own Glance.
    let admin = lab.admin();
    for stray in admin.list_images(&lab.query(&[("tag", &tag)])).unwrap() {
        let _ = admin.delete_image(stray.id());
    }
}

/// A cloud whose policy forbids direct upload (`upload_image: "!"`) but allows staging, and
/// whose `image_size_cap` is 1 MiB: a push falls back to glance-direct by itself, and an
/// image over the cap gets Glance's 413, explained, with no stray remote image left.
#[test]
fn refused_direct_upload_falls_back_to_glance_direct_and_the_size_cap_gives_413() {
    let Some(lab) = Lab::get() else { return };
    let second = SecondGlance::start_with(
        lab,
        "image_size_cap = 1048576",
        Some("\"upload_image\": \"!\"\n"),
    );
    let (_dir, catalog) = lab.catalog();
    let tag = lab.unique("fallback");
    let mut cloud = lab.cloud("second");
    cloud.image_endpoint_override = Some(format!("{}/v2", second.url));
    let secret = cloud.secret.clone().unwrap();
    let session = Session::connect(cloud, secret).unwrap();

    let small = local_image(
        &catalog,
        &format!("{tag}-small"),
        &pattern(512 << 10, 7),
        &tag,
    );
    let pushed = remote::push(
        &catalog,
        &session,
        small.id,
        &PushOptions::default(),
        &JobControl::new(),
    )
    .unwrap();
    assert_eq!(pushed.remote.status(), "active");
    assert_eq!(
        pushed.remote.os_hash_value(),
        small.os_hash_value.as_deref()
    );
    assert_eq!(pushed.method, PushMethod::GlanceDirect);
    let tasks = catalog
        .tasks(Some(TaskStatus::Success), Some(small.id), 5)
        .unwrap();
    let push_task = tasks.iter().find(|t| t.task_type == "push").unwrap();
    assert_eq!(
        push_task.result.as_ref().unwrap()["method"],
        "glance-direct",
        "{push_task:?}"
    );

    let big = local_image(&catalog, &format!("{tag}-big"), &pattern(2 << 20, 8), &tag);
    let err = remote::push(
        &catalog,
        &session,
        big.id,
        &PushOptions::default(),
        &JobControl::new(),
    )
    .unwrap_err();
    assert_eq!(err.status(), Some(413), "{err}");
    assert!(err.to_string().contains("too large or over quota"), "{err}");
    let admin = lab.admin();
    let left = admin.list_images(&lab.query(&[("tag", &tag)])).unwrap();
    assert_eq!(
        left.iter()
            .map(|r| r.label().to_string())
            .collect::<Vec<_>>(),
        vec![format!("{tag}-small")],
        "the failed push left a remote image"
    );
    for image in left {
        admin.delete_image(image.id()).unwrap();
    }
}

#[test]
fn errors_carry_glances_own_messages() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    // 404
    let err = admin
        .show_image(&uuid::Uuid::new_v4().to_string())
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert!(
        err.to_string()
            .contains("not found (HTTP 404): No image found with ID"),
        "{err}"
    );
    // 409: a chosen id that is taken
    let tag = lab.unique("err");
    let id = uuid::Uuid::new_v4().to_string();
    let body = json!({"id": id, "name": tag, "disk_format": "qcow2", "container_format": "bare"});
    admin.create_image(&body).unwrap();
    let err = admin.create_image(&body).unwrap_err();
    assert_eq!(err.status(), Some(409), "{err}");
    // 415: raw bytes declared qcow2, explained
    let (tx, rx) = body_channel();
    let data = bytes::Bytes::from(pattern(1 << 20, 1));
    let feeder = thread::spawn(move || {
        let _ = tx.blocking_send(Ok(data));
    });
    let err = put_stream(
        &admin,
        &format!("images/{id}/file"),
        1 << 20,
        rx,
        &JobControl::new(),
    )
    .unwrap_err();
    feeder.join().unwrap();
    assert_eq!(err.status(), Some(415), "{err}");
    assert!(
        err.to_string()
            .contains("does not match the image's disk_format"),
        "{err}"
    );
    // 403: a protected image cannot be deleted, with Glance's reason
    admin
        .patch_image(
            &id,
            &[json!({"op": "replace", "path": "/protected", "value": true})],
        )
        .unwrap();
    let err = admin.delete_image(&id).unwrap_err();
    assert_eq!(err.status(), Some(403));
    assert!(
        err.to_string().contains("forbidden (HTTP 403)") && err.to_string().contains("protected"),
        "{err}"
    );
    admin
        .patch_image(
            &id,
            &[json!({"op": "replace", "path": "/protected", "value": false})],
        )
        .unwrap();
    admin.delete_image(&id).unwrap();
    // Refused connection: a clear message, no panic.
    let mut cloud = lab.cloud("nowhere");
    cloud.auth_url = "http://127.0.0.1:9/v3".into();
    let err = Session::connect(cloud, Secret::new("x")).unwrap_err();
    assert!(matches!(err, RemoteError::Connect { .. }), "{err:?}");
    // One short sentence: the URL once (in the call), the host and the cause.
    let text = err.to_string();
    assert!(
        text.ends_with("cannot reach 127.0.0.1:9: Connection refused (os error 111)"),
        "{text}"
    );
    assert_eq!(text.matches("http://127.0.0.1:9").count(), 1, "{text}");
}

#[test]
fn unsafe_or_mislabelled_images_are_refused_before_anything_is_sent() {
    let Some(lab) = Lab::get() else { return };
    let (dir, catalog) = lab.catalog();
    let admin = lab.admin();
    let tag = lab.unique("unsafe");
    let image = local_image(&catalog, &tag, &pattern(1 << 20, 2), &tag);
    // The stored data is replaced behind the catalog's back by a qcow2 whose backing file is
    // a host file (what CVE-2022-47951-style images do): the push inspects and refuses it.
    let evil = dir.path().join("evil.qcow2");
    let made = Command::new("qemu-img")
        .args([
            "create",
            "-q",
            "-f",
            "qcow2",
            "-b",
            "/etc/hosts",
            "-F",
            "raw",
        ])
        .arg(&evil)
        .arg("1M")
        .status()
        .unwrap();
    assert!(made.success());
    let blob = catalog.blob_store().local_path(image.id).unwrap();
    std::fs::copy(&evil, &blob).unwrap();
    let err = remote::push(
        &catalog,
        &admin,
        image.id,
        &PushOptions::default(),
        &JobControl::new(),
    )
    .unwrap_err();
    // Data replaced behind the catalog's back no longer matches its recorded size and
    // hashes, which is checked before the inspection: refused, and the image marked damaged.
    let text = err.to_string();
    assert!(text.contains("does not match"), "{text}");
    assert!(catalog.image(image.id).unwrap().damaged.is_some());
    assert!(
        admin
            .list_images(&lab.query(&[("name", &tag)]))
            .unwrap()
            .is_empty(),
        "nothing was created remotely"
    );
    // A queued image has nothing to push.
    let queued = catalog
        .create_image(NewImage {
            name: Some(format!("{tag}-q")),
            ..Default::default()
        })
        .unwrap();
    let err = remote::push(
        &catalog,
        &admin,
        queued.id,
        &PushOptions::default(),
        &JobControl::new(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("only active images can be pushed"),
        "{err}"
    );
}

/// A clouds.yaml (with the password, as admins keep them) defining cloud `name` on the lab's
/// Keystone, its image endpoint overridden to `glance` when given.
fn write_clouds_yaml(lab: &Lab, path: &std::path::Path, name: &str, glance: Option<&str>) {
    let mut text = format!(
        "clouds:\n  {name}:\n    auth:\n      auth_url: {}\n      username: admin\n      \
         password: {}\n      project_name: admin\n      user_domain_name: Default\n      \
         project_domain_name: Default\n    region_name: RegionOne\n",
        lab.var("OS_AUTH_URL"),
        lab.var("OS_PASSWORD")
    );
    if let Some(url) = glance {
        text.push_str(&format!("    image_endpoint_override: {url}/v2\n"));
    }
    std::fs::write(path, text).unwrap();
}

fn text(out: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Glance goes away mid-push: the upload fails and so does the delete of the half-made image.
/// The cleanup is remembered in the registry, the image is stuck in `saving` on the cloud and
/// sync lists it as stuck; `cloud cleanup list|run` show and retry it (a run while the cloud is
/// still down counts an attempt), and once the cloud answers again, the next command that
/// reaches it deletes the image and forgets the cleanup.
#[test]
fn a_failed_push_whose_delete_fails_is_remembered_and_cleaned_up_when_the_cloud_answers() {
    let Some(lab) = Lab::get() else { return };
    let (dir, catalog) = lab.catalog();
    let tag = lab.unique("cleanup");
    let name = lab.unique("dying");
    let image = local_image(&catalog, &tag, &pattern(128 << 20, 9), &tag);
    let mut second = SecondGlance::start(lab);
    let dead_url = second.url.clone();
    let session = session_on(lab, &name, &second);
    let job = JobControl::new();
    let pushing_catalog = catalog.reopen().unwrap();
    let (session_ref, job_ref) = (&session, &job);
    let err = killed_during(&mut second, &job, 16 << 20, move || {
        remote::push(
            &pushing_catalog,
            session_ref,
            image.id,
            &PushOptions::default(),
            job_ref,
        )
    })
    .unwrap_err();
    assert!(
        err.to_string().contains("recorded as a pending cleanup"),
        "{err}"
    );

    // The registry remembers it.
    let pending = cleanups::pending(&catalog, Some(name.as_str())).unwrap();
    assert_eq!(pending.len(), 1, "{pending:?}");
    let cleanup = &pending[0];
    let remote_id = cleanup.remote_id.clone();
    assert_eq!(cleanup.action, CleanupAction::Delete);
    assert_eq!(cleanup.attempts, 1);
    assert!(
        cleanup
            .reason
            .starts_with(&format!("push of local image \"{tag}\" ({})", image.id)),
        "{cleanup:?}"
    );
    let last_error = cleanup.last_error.clone().unwrap_or_default();
    assert!(last_error.contains("cannot reach"), "{last_error}");
    assert!(cleanup.last_attempt_at.is_some());

    // On the cloud (the lab's own Glance shares the database) the image is stuck, marked as
    // the workbench's.
    let admin = lab.admin();
    let stuck = admin.show_image(&remote_id).unwrap();
    assert_eq!(stuck.status(), "saving", "{stuck:?}");
    assert_eq!(
        stuck.properties().get(cleanups::CREATED_BY),
        Some(&format!("push:{}", image.id))
    );

    // Sync lists it as a stuck image to clean up (library and CLI), beside the local image.
    let filter = SyncFilter {
        tags: vec![tag.clone()],
        ..Default::default()
    };
    let rows = remote::plan(&catalog, &admin, &filter).unwrap();
    let row = rows
        .iter()
        .find(|r| r.remote.as_ref().is_some_and(|r| r.id() == remote_id))
        .expect("the stuck image is in the plan");
    assert_eq!(row.case, SyncCase::Stuck);
    assert_eq!(row.action, SyncAction::Cleanup);
    assert!(
        row.differences[0].starts_with("saving since"),
        "{:?}",
        row.differences
    );
    let d = dir.path().to_str().unwrap();
    let yaml_dir = tempfile::tempdir().unwrap();
    let clouds = yaml_dir.path().join("clouds.yaml");
    let env = [("OS_CLIENT_CONFIG_FILE", clouds.to_str().unwrap())];
    write_clouds_yaml(lab, &clouds, &name, Some(&dead_url));
    let sync_args = ["--data-dir", d, "sync", "--cloud", "envvars", "--tag", &tag];
    let out = lab.cli(&sync_args, &env).output().unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let line = stdout
        .lines()
        .find(|l| l.contains(&remote_id))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        line.contains("| stuck ") && line.contains("clean up (delete remote)"),
        "{line}"
    );
    let out = lab
        .cli(&[&sync_args[..], &["-f", "json"]].concat(), &env)
        .output()
        .unwrap();
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = plan
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["remote_id"] == remote_id.as_str())
        .unwrap();
    assert_eq!(row["case"], "stuck");
    assert_eq!(row["action"], "clean up (delete remote)");

    // `cloud cleanup list`: a table and JSON.
    let out = lab
        .cli(&["--data-dir", d, "cloud", "cleanup", "list"], &env)
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let line = stdout
        .lines()
        .find(|l| l.contains(&remote_id))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        line.contains(&name) && line.contains("| delete ") && line.contains("cannot reach"),
        "{line}"
    );
    let list_json = |cloud: &str| -> serde_json::Value {
        let out = lab
            .cli(
                &[
                    "--data-dir",
                    d,
                    "cloud",
                    "cleanup",
                    "list",
                    cloud,
                    "-f",
                    "json",
                ],
                &env,
            )
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out).1);
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let listed = list_json(&name);
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["cloud"], name.as_str());
    assert_eq!(listed[0]["remote_id"], remote_id.as_str());
    assert_eq!(listed[0]["action"], "delete");
    assert_eq!(listed[0]["attempts"], 1);
    assert!(
        listed[0]["reason"]
            .as_str()
            .unwrap()
            .contains("push of local image")
    );
    // Bad input: one line naming the problem, exit 1.
    let out = lab
        .cli(
            &["--data-dir", d, "cloud", "cleanup", "list", "no-such-cloud"],
            &env,
        )
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("no-such-cloud") && stderr.contains("no such cloud"),
        "{stderr}"
    );

    // `cloud cleanup run` while the cloud still does not answer: exit 1, one more attempt.
    let out = lab
        .cli(&["--data-dir", d, "cloud", "cleanup", "run", &name], &env)
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains(&remote_id) && stdout.contains("failed"),
        "{stdout}"
    );
    assert!(
        stderr.contains("1 remote cleanup(s) could not be done and stay pending"),
        "{stderr}"
    );
    assert_eq!(list_json(&name)[0]["attempts"], 2);
    assert_eq!(admin.show_image(&remote_id).unwrap().status(), "saving");

    // The cloud answers again (its Glance is now the lab's): any command that reaches it
    // retries the cleanup first, without failing itself.
    write_clouds_yaml(lab, &clouds, &name, None);
    let out = lab
        .cli(
            &[
                "--data-dir",
                d,
                "remote",
                "image",
                "list",
                "--cloud",
                &name,
                "--tag",
                &tag,
            ],
            &env,
        )
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "note: cloud {name}: pending cleanup done: remote image {remote_id} deleted"
        )),
        "{stderr}"
    );
    assert!(!stdout.contains(&remote_id), "{stdout}");
    let gone = admin.show_image(&remote_id).unwrap_err();
    assert_eq!(gone.status(), Some(404), "{gone}");
    assert!(cleanups::pending(&catalog, None).unwrap().is_empty());
    assert_eq!(list_json(&name), serde_json::json!([]));
    let out = lab
        .cli(&["--data-dir", d, "cloud", "cleanup", "run"], &env)
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("no remote cleanup is pending"), "{stderr}");
}

/// The same for a glance-direct push killed while staging (the image stays `uploading`) and a
/// copy between clouds whose target Glance goes away: each records its cleanup, and a run
/// once the cloud answers deletes the image (a 404 counts as done).
/// The same failure in a Chinese run (issue #15): the person sees Chinese, but what it
/// stores (the pending cleanup's reason and last error, the push task's message) is English,
/// as an English run stores it.
#[test]
fn a_failed_push_in_chinese_stores_its_cleanup_and_task_in_english() {
    use glance_workbench::i18n::{self, Lang};
    let Some(lab) = Lab::get() else { return };
    let (_dir, catalog) = lab.catalog();
    let tag = lab.unique("cleanup-zh");
    let name = lab.unique("dying-zh");
    let image = local_image(&catalog, &tag, &pattern(128 << 20, 11), &tag);
    let mut second = SecondGlance::start(lab);
    let session = session_on(lab, &name, &second);
    let job = JobControl::new();
    let pushing_catalog = catalog.reopen().unwrap();
    let (session_ref, job_ref) = (&session, &job);
    let shown = killed_during(&mut second, &job, 16 << 20, move || {
        i18n::set_thread_lang(Some(Lang::ZhCn));
        let err = remote::push(
            &pushing_catalog,
            session_ref,
            image.id,
            &PushOptions::default(),
            job_ref,
        )
        .unwrap_err();
        err.to_string()
    });
    let chinese = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    assert!(shown.contains("已记为待进行的远程清理"), "{shown}");
    let pending = cleanups::pending(&catalog, Some(name.as_str())).unwrap();
    assert_eq!(pending.len(), 1, "{pending:?}");
    let cleanup = &pending[0];
    let last_error = cleanup.last_error.clone().unwrap_or_default();
    assert!(
        cleanup.reason.starts_with(&format!(
            "push of local image \"{tag}\" ({}) failed: ",
            image.id
        )),
        "{cleanup:?}"
    );
    assert!(last_error.contains("cannot reach"), "{last_error}");
    assert!(
        !chinese(&cleanup.reason) && !chinese(&last_error),
        "{cleanup:?}"
    );
    let tasks = catalog.tasks(None, Some(image.id), 10).unwrap();
    let push = tasks.iter().find(|t| t.task_type == "push").unwrap();
    assert_eq!(push.status, TaskStatus::Failure);
    assert!(
        push.message.contains("recorded as a pending cleanup") && !chinese(&push.message),
        "{}",
        push.message
    );
    // Leave nothing on the cloud: its own Glance shares the database.
    lab.admin().delete_image(&cleanup.remote_id).unwrap();
}

#[test]
fn failed_glance_direct_pushes_and_copies_record_their_cleanups_too() {
    let Some(lab) = Lab::get() else { return };
    let (_dir, catalog) = lab.catalog();
    let admin = lab.admin();
    let tag = lab.unique("cleanup2");

    let staged_cloud = lab.unique("staging");
    let image = local_image(&catalog, &tag, &pattern(96 << 20, 12), &tag);
    let mut second = SecondGlance::start(lab);
    let session = session_on(lab, &staged_cloud, &second);
    let job = JobControl::new();
    let pushing_catalog = catalog.reopen().unwrap();
    let (session_ref, job_ref) = (&session, &job);
    let options = PushOptions {
        method: PushMethod::GlanceDirect,
        ..Default::default()
    };
    let err = killed_during(&mut second, &job, 16 << 20, move || {
        remote::push(&pushing_catalog, session_ref, image.id, &options, job_ref)
    })
    .unwrap_err();
    assert!(
        err.to_string().contains("recorded as a pending cleanup"),
        "{err}"
    );
    let staged = cleanups::pending(&catalog, Some(staged_cloud.as_str())).unwrap();
    assert_eq!(staged.len(), 1, "{staged:?}");
    let staged_id = staged[0].remote_id.clone();
    assert_eq!(admin.show_image(&staged_id).unwrap().status(), "uploading");

    let copy_cloud = lab.unique("copyto");
    let source = lab.remote_image(&admin, &tag, &pattern(96 << 20, 13));
    let mut third = SecondGlance::start(lab);
    let target = session_on(lab, &copy_cloud, &third);
    let job = JobControl::new();
    let copying_catalog = catalog.reopen().unwrap();
    let (admin_ref, target_ref, job_ref, source_ref) = (&admin, &target, &job, &source);
    let err = killed_during(&mut third, &job, 16 << 20, move || {
        remote::copy(
            &copying_catalog,
            admin_ref,
            target_ref,
            source_ref,
            &remote::CopyOptions::default(),
            job_ref,
        )
    })
    .unwrap_err();
    assert!(
        err.to_string().contains("recorded as a pending cleanup"),
        "{err}"
    );
    let copied = cleanups::pending(&catalog, Some(copy_cloud.as_str())).unwrap();
    assert_eq!(copied.len(), 1, "{copied:?}");
    assert!(copied[0].reason.contains("copy of image"), "{copied:?}");
    let copy_id = copied[0].remote_id.clone();
    let stuck = admin.show_image(&copy_id).unwrap();
    assert_eq!(
        stuck.properties().get(cleanups::CREATED_BY),
        Some(&format!("copy:envvars:{source}"))
    );

    // The clouds answer again (through the lab's Glance): a run deletes both. The copy's
    // target is deleted behind the workbench's back first: already gone counts as done.
    admin.delete_image(&copy_id).unwrap();
    for (cloud, id, done) in [
        (&staged_cloud, &staged_id, Done::Deleted),
        (&copy_cloud, &copy_id, Done::AlreadyGone),
    ] {
        let mut config = lab.cloud(cloud);
        let secret = config.secret.take().unwrap();
        let session = Session::connect(config, secret).unwrap();
        let attempts = cleanups::run(&catalog, &session).unwrap();
        assert_eq!(attempts.len(), 1, "{attempts:?}");
        assert_eq!(attempts[0].outcome, Ok(done));
        assert_eq!(admin.show_image(id).unwrap_err().status(), Some(404));
    }
    assert!(cleanups::pending(&catalog, None).unwrap().is_empty());
    admin.delete_image(&source).unwrap();
}

#[test]
fn a_stuck_image_made_elsewhere_is_listed_but_deleted_only_on_request() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let tag = lab.unique("elsewhere");
    // A push from another data dir (its local image is not in ours): it may still be running.
    let made_by = format!("push:{}", glance_workbench::backend::ImageId::new_random());
    let remote = admin
        .create_image(&json!({
            "name": tag,
            "disk_format": "raw",
            "container_format": "bare",
            "tags": [tag],
            cleanups::CREATED_BY: made_by,
        }))
        .unwrap();
    let remote_id = remote.id().to_string();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let plan = |extra: &[&str]| {
        let args = [
            &[
                "--data-dir",
                d,
                "-f",
                "json",
                "sync",
                "--cloud",
                "envvars",
                "--tag",
                &tag,
            ][..],
            extra,
        ]
        .concat();
        let out = lab.cli(&args, &[]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["remote_id"] == remote_id.as_str())
            .cloned()
    };
    let row = plan(&[]).expect("listed");
    assert_eq!(row["case"], "stuck");
    assert_eq!(row["action"], "-", "not deleted by default: {row}");
    plan(&["--apply"]);
    assert_eq!(admin.show_image(&remote_id).unwrap().status(), "queued");
    plan(&["--apply", "--clean-stuck"]);
    assert!(admin.show_image(&remote_id).is_err(), "deleted on request");
}

/// One push to two clouds where the second cloud's Glance (a second real Glance API process)
/// is killed once 16 MiB have been read: the first cloud still receives every byte and is
/// verified, the second's failure is its own entry, each cloud has its own task, and the
/// killed cloud's half-made image is deleted or recorded as a pending cleanup.
#[test]
fn a_fan_out_push_survives_one_cloud_dying_mid_stream() {
    let Some(lab) = Lab::get() else { return };
    let (_dir, catalog) = lab.catalog();
    let admin = std::sync::Arc::new(lab.admin());
    let tag = lab.unique("fan-die");
    let image = local_image(
        &catalog,
        &tag,
        &pattern(96 << 20, super::lab::seed_of(&tag) + 21),
        &tag,
    );
    let mut second = SecondGlance::start(lab);
    let dying_cloud = lab.unique("dying");
    let dying = std::sync::Arc::new(session_on(lab, &dying_cloud, &second));
    let job = JobControl::new();
    let pushing_catalog = catalog.reopen().unwrap();
    let sessions = [admin.clone(), dying.clone()];
    let (sessions_ref, job_ref) = (&sessions, &job);
    let pushed = killed_during(&mut second, &job, 16 << 20, move || {
        remote::push_many(
            &pushing_catalog,
            sessions_ref,
            image.id,
            &PushOptions::default(),
            job_ref,
        )
    })
    .unwrap();
    let clouds: Vec<&str> = pushed.iter().map(|p| p.cloud.as_str()).collect();
    assert_eq!(clouds, ["envvars", dying_cloud.as_str()]);
    // The survivor: active, every byte there, its own verification.
    let outcome = pushed[0].result.as_ref().unwrap();
    let shown = admin.show_image(outcome.remote.id()).unwrap();
    assert_eq!(shown.status(), "active");
    assert_eq!(shown.os_hash_value(), image.os_hash_value.as_deref());
    assert_eq!(shown.size_bytes(), image.size_bytes);
    // The killed one: a failure of its own, after data had moved.
    let error = pushed[1].result.as_ref().unwrap_err().to_string();
    assert!(!error.is_empty());
    assert!(job.done_bytes() >= 16 << 20);
    let tasks = catalog.tasks(None, Some(image.id), 10).unwrap();
    let pushes: Vec<_> = tasks.iter().filter(|t| t.task_type == "push").collect();
    assert_eq!(pushes.len(), 2, "{pushes:?}");
    assert_eq!(
        pushes
            .iter()
            .filter(|t| t.status == TaskStatus::Success)
            .count(),
        1
    );
    assert_eq!(
        pushes
            .iter()
            .filter(|t| t.status == TaskStatus::Failure)
            .count(),
        1
    );
    // Its half-made image (on the shared database) is gone or owed as a cleanup.
    let owed = cleanups::pending(&catalog, Some(dying_cloud.as_str())).unwrap();
    let made: Vec<String> = lab
        .project_images(&admin)
        .iter()
        .filter(|r| r.name() == Some(tag.as_str()) && r.id() != outcome.remote.id())
        .map(|r| r.id().to_string())
        .collect();
    for id in &made {
        assert!(
            owed.iter().any(|c| &c.remote_id == id),
            "{id} left behind without a cleanup: {owed:?} ({error})"
        );
        admin.delete_image(id).unwrap();
    }
    admin.delete_image(outcome.remote.id()).unwrap();
}
