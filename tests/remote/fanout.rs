//! One push, many clouds (issue #13): the data read once and streamed to every cloud at the
//! same time, each verified on its own; a cloud that fails does not stop the others and is
//! reported; the CLI's `--cloud` repeated, a JSON entry per cloud.

use std::sync::Arc;

use glance_workbench::backend::remote::push::PushOptions;
use glance_workbench::backend::remote::{self as remote, Session};
use glance_workbench::backend::{JobControl, TaskStatus};
use serde_json::Value;

use super::lab::{Lab, local_image, pattern, seed_of};

#[test]
fn one_push_reaches_two_clouds_verified_and_a_failing_cloud_does_not_stop_them() {
    let Some(lab) = Lab::get() else { return };
    let (_dir, catalog) = lab.catalog();
    let tag = lab.unique("fanout");
    let data = pattern(12 << 20, seed_of(&tag) + 3);
    let image = local_image(&catalog, &tag, &data, &tag);
    let admin = Arc::new(lab.admin());
    // The demo user in project demo through the second Keystone: a distinct remote image.
    let demo = Arc::new(lab.demo());
    // A cloud whose Keystone answers and whose image service does not.
    let mut dead = lab.cloud("dead");
    dead.image_endpoint_override = Some("http://127.0.0.1:9".into());
    let secret = dead.secret.clone().unwrap();
    let dead = Arc::new(Session::connect(dead, secret).unwrap());
    let job = JobControl::new();
    let pushed = remote::push_many(
        &catalog,
        &[admin.clone(), dead, demo.clone()],
        image.id,
        &PushOptions::default(),
        &job,
    )
    .unwrap();
    let clouds: Vec<&str> = pushed.iter().map(|p| p.cloud.as_str()).collect();
    assert_eq!(clouds, ["envvars", "dead", "demo"]);
    let error = pushed[1].result.as_ref().unwrap_err().to_string();
    assert!(error.contains("127.0.0.1:9"), "{error}");
    let mut ids = Vec::new();
    for (p, session, owner) in [
        (&pushed[0], &admin, lab.var("LAB_ADMIN_PROJECT_ID")),
        (&pushed[2], &demo, lab.demo_project_id.clone()),
    ] {
        let outcome = p.result.as_ref().unwrap();
        assert!(!outcome.linked);
        let shown = session.show_image(outcome.remote.id()).unwrap();
        assert_eq!(shown.status(), "active");
        assert_eq!(shown.os_hash_value(), image.os_hash_value.as_deref());
        assert_eq!(shown.checksum(), image.checksum.as_deref());
        assert_eq!(shown.size_bytes(), image.size_bytes);
        assert_eq!(shown.owner(), Some(owner.as_str()));
        assert_eq!(shown.tags(), image.tags);
        ids.push(outcome.remote.id().to_string());
    }
    assert_ne!(ids[0], ids[1], "two remote images");
    // Read once: the job counted the image's bytes once, not once per cloud.
    assert_eq!(job.done_bytes(), data.len() as u64);
    // A task per cloud: two succeeded with their remote ids, the dead one's failed.
    let tasks = catalog.tasks(None, Some(image.id), 10).unwrap();
    let pushes: Vec<_> = tasks.iter().filter(|t| t.task_type == "push").collect();
    assert_eq!(pushes.len(), 3, "{pushes:?}");
    let succeeded: Vec<String> = pushes
        .iter()
        .filter(|t| t.status == TaskStatus::Success)
        .map(|t| {
            t.result.as_ref().unwrap()["remote_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(succeeded.len(), 2);
    assert!(ids.iter().all(|id| succeeded.contains(id)));
    assert_eq!(
        pushes
            .iter()
            .filter(|t| t.status == TaskStatus::Failure)
            .count(),
        1
    );
    admin.delete_image(&ids[0]).unwrap();
    demo.delete_image(&ids[1]).unwrap();
}

/// A clouds.yaml with the lab's admin and demo (second Keystone) and a cloud nobody answers.
fn clouds_yaml(lab: &Lab, dir: &std::path::Path) -> std::path::PathBuf {
    let demo_url = lab
        .env
        .get("LAB_SHORT_AUTH_URL")
        .cloned()
        .unwrap_or_else(|| lab.var("OS_AUTH_URL"));
    let path = dir.join("clouds.yaml");
    std::fs::write(
        &path,
        format!(
            "clouds:
  fan-admin:
    auth: {{auth_url: '{}', username: admin, password: '{}', project_name: admin, user_domain_name: Default, project_domain_name: Default}}
    region_name: RegionOne
  fan-demo:
    auth: {{auth_url: '{demo_url}', username: demo, password: '{}', project_name: demo, user_domain_name: Default, project_domain_name: Default}}
    region_name: RegionOne
  fan-dead:
    auth: {{auth_url: 'http://127.0.0.1:9/v3', username: admin, password: x, project_name: admin, user_domain_name: Default, project_domain_name: Default}}
    region_name: RegionOne
",
            lab.var("OS_AUTH_URL"),
            lab.var("OS_PASSWORD"),
            lab.var("LAB_DEMO_PASSWORD"),
        ),
    )
    .unwrap();
    path
}

#[test]
fn cli_push_with_several_clouds_reports_each_in_json_and_fails_only_the_dead_one() {
    let Some(lab) = Lab::get() else { return };
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let clouds = clouds_yaml(lab, dir.path());
    let env = [
        ("OS_CLIENT_CONFIG_FILE", clouds.to_str().unwrap()),
        ("OS_AUTH_URL", ""),
        ("GLANCE_WORKBENCH_DATA_DIR", data_dir.to_str().unwrap()),
    ];
    let tag = lab.unique("fan-cli");
    let file = dir.path().join("data.raw");
    std::fs::write(&file, pattern(6 << 20, seed_of(&tag) + 5)).unwrap();
    let created = lab
        .cli(
            &[
                "image",
                "create",
                &tag,
                "--file",
                file.to_str().unwrap(),
                "--disk-format",
                "raw",
                "--container-format",
                "bare",
            ],
            &env,
        )
        .output()
        .unwrap();
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let push = |extra: &[&str]| {
        let mut args = vec!["-f", "json", "push", tag.as_str()];
        args.extend_from_slice(extra);
        let out = lab.cli(&args, &env).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        let rows: Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
        (out.status.code(), rows, stderr)
    };

    // The dead cloud fails; the two others are pushed and verified.
    let (code, rows, stderr) = push(&[
        "--cloud",
        "fan-admin",
        "--cloud",
        "fan-dead",
        "--cloud",
        "fan-demo",
    ]);
    assert_ne!(code, Some(0), "{stderr}");
    let rows = rows.as_array().unwrap().clone();
    let names: Vec<&str> = rows.iter().map(|r| r["cloud"].as_str().unwrap()).collect();
    assert_eq!(names, ["fan-admin", "fan-dead", "fan-demo"], "{stderr}");
    assert!(rows[1]["remote_id"].is_null());
    assert!(
        rows[1]["error"].as_str().unwrap().contains("127.0.0.1:9"),
        "{rows:?}"
    );
    for row in [&rows[0], &rows[2]] {
        assert!(row["error"].is_null(), "{row}");
        assert_eq!(row["status"], "active");
        assert_eq!(row["verified"], true);
    }
    assert!(stderr.contains("fan-dead: failed"), "{stderr}");
    let admin = lab.admin();
    let demo = lab.demo();
    let on_admin = admin
        .show_image(rows[0]["remote_id"].as_str().unwrap())
        .unwrap();
    let on_demo = demo
        .show_image(rows[2]["remote_id"].as_str().unwrap())
        .unwrap();
    assert_eq!(on_admin.os_hash_value(), on_demo.os_hash_value());
    assert_eq!(on_demo.owner(), Some(lab.demo_project_id.as_str()));

    // Again: both clouds hold the data now, each refuses (exit 4, each named in the JSON).
    let (code, rows, stderr) = push(&["--cloud", "fan-admin", "--cloud", "fan-demo"]);
    assert_eq!(code, Some(4), "{stderr}");
    for row in rows.as_array().unwrap() {
        let error = row["error"].as_str().unwrap();
        assert!(error.contains("already holds the same data"), "{error}");
        assert!(error.contains("--copy-anyway"), "{error}");
    }
    // --copy-anyway: a second copy on each, exit 0.
    let (code, rows, stderr) = push(&[
        "--cloud",
        "fan-admin",
        "--cloud",
        "fan-demo",
        "--copy-anyway",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let copies: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["remote_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(copies.len(), 2);
    admin.delete_image(on_admin.id()).unwrap();
    demo.delete_image(on_demo.id()).unwrap();
    admin.delete_image(&copies[0]).unwrap();
    demo.delete_image(&copies[1]).unwrap();
}
