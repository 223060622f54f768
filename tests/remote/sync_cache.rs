//! The sync plan in each of its four cases and `sync --apply`, a copy between two Keystones,
//! the cache commands, and clouds.yaml + secure.yaml through the CLI.

use glance_workbench::backend::remote::{
    self as remote, Cache, RemoteEdit, SyncAction, SyncCase, SyncFilter,
};
use glance_workbench::backend::{ImageUpdate, JobControl};

use super::lab::{Lab, local_image, pattern, seed_of};

#[test]
fn the_sync_plan_is_right_in_each_case_and_apply_converges() {
    let Some(lab) = Lab::get() else { return };
    let data_dir = tempfile::tempdir().unwrap();
    let catalog = glance_workbench::backend::Catalog::open(data_dir.path()).unwrap();
    let admin = lab.admin();
    let tag = lab.unique("sync");
    // Data unique to the run: sync --apply refuses to push data the cloud already holds.
    let seed = seed_of(&tag);
    let n = |s: &str| format!("{tag}-{s}");
    // only local
    let only_local = local_image(&catalog, &n("a"), &pattern(1 << 20, seed + 21), &tag);
    // identical: pushed as is
    let same = local_image(&catalog, &n("b"), &pattern(1 << 20, seed + 22), &tag);
    let pushed_same = remote::push(
        &catalog,
        &admin,
        same.id,
        &Default::default(),
        &JobControl::new(),
    )
    .unwrap();
    // different metadata: pushed, then a remote property and tag change
    let meta = local_image(&catalog, &n("c"), &pattern(1 << 20, seed + 23), &tag);
    let pushed_meta = remote::push(
        &catalog,
        &admin,
        meta.id,
        &Default::default(),
        &JobControl::new(),
    )
    .unwrap();
    let mut edit = RemoteEdit::default();
    edit.set_properties
        .insert("os_distro".into(), "ubuntu".into());
    edit.add_tags.push("remote-only-tag".into());
    admin.edit_image(pushed_meta.remote.id(), &edit).unwrap();
    // different data: same name on both sides, different bytes
    let data = local_image(&catalog, &n("d"), &pattern(1 << 20, seed + 24), &tag);
    let remote_data = lab.remote_image(&admin, &tag, &pattern(1 << 20, seed + 25));
    admin
        .edit_image(
            remote_data.as_str(),
            &RemoteEdit {
                name: Some(n("d")),
                ..Default::default()
            },
        )
        .unwrap();
    // only remote
    let only_remote = lab.remote_image(&admin, &tag, &pattern(1 << 20, seed + 26));
    admin
        .edit_image(
            &only_remote,
            &RemoteEdit {
                name: Some(n("e")),
                ..Default::default()
            },
        )
        .unwrap();

    let filter = SyncFilter {
        tags: vec![tag.clone()],
        ..Default::default()
    };
    let plan = remote::plan(&catalog, &admin, &filter).unwrap();
    let case_of = |name: &str| {
        let row = plan
            .iter()
            .find(|r| r.label() == name)
            .unwrap_or_else(|| panic!("{name} not in plan"));
        (row.case, row.action, row.differences.clone())
    };
    assert_eq!(
        plan.len(),
        5,
        "{:?}",
        plan.iter().map(|r| (r.label(), r.case)).collect::<Vec<_>>()
    );
    assert_eq!(case_of(&n("a")).0, SyncCase::OnlyLocal);
    assert_eq!(case_of(&n("a")).1, SyncAction::Push);
    assert_eq!(case_of(&n("b")).0, SyncCase::Identical);
    let (case, action, diffs) = case_of(&n("c"));
    assert_eq!(
        (case, action),
        (SyncCase::DifferentMetadata, SyncAction::UpdateRemote)
    );
    assert!(
        diffs.contains(&"property os_distro".to_string()) && diffs.contains(&"tags".to_string()),
        "{diffs:?}"
    );
    assert_eq!(case_of(&n("d")).0, SyncCase::DifferentData);
    assert_eq!(case_of(&n("d")).1, SyncAction::Conflict);
    assert_eq!(case_of(&n("e")).0, SyncCase::OnlyRemote);
    assert_eq!(case_of(&n("e")).1, SyncAction::Pull);
    let _ = (&only_local, &data, &pushed_same);

    // Apply through the CLI, then the plan has only the data conflict left. (A second's
    // pause: `updated_at=gt:` compares whole seconds, and b must be older than the listing.)
    let dir = data_dir.path().to_str().unwrap();
    drop(catalog);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let sync = |args: &[&str]| {
        let mut all = vec!["--data-dir", dir];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--cloud", "envvars", "--tag", &tag]);
        lab.cli(&all, &[]).output().unwrap()
    };
    let out = sync(&["sync", "--apply"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("only local") && stdout.contains("different data"),
        "{stdout}"
    );
    let catalog = glance_workbench::backend::Catalog::open(data_dir.path()).unwrap();
    let plan = remote::plan(&catalog, &admin, &filter).unwrap();
    let cases: Vec<(String, SyncCase)> = plan.iter().map(|r| (r.label(), r.case)).collect();
    assert_eq!(
        cases,
        vec![
            (n("a"), SyncCase::Identical),
            (n("b"), SyncCase::Identical),
            (n("c"), SyncCase::Identical),
            (n("d"), SyncCase::DifferentData),
            (n("e"), SyncCase::Identical),
        ]
    );
    // An incremental plan lists only what changed remotely since the apply's listing: what the
    // apply itself pushed or updated (now identical), and a remote edit made afterwards.
    admin
        .edit_image(
            &only_remote,
            &RemoteEdit {
                set_properties: [("os_distro".to_string(), "fedora".to_string())].into(),
                ..Default::default()
            },
        )
        .unwrap();
    drop(catalog);
    let out = sync(&["-f", "json", "sync", "--dry-run", "--incremental"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.contains("since the last sync"),
        "{stderr}"
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let case = |name: &str| {
        rows.iter()
            .find(|r| r["name"] == name)
            .map(|r| r["case"].as_str().unwrap().to_string())
    };
    assert_eq!(case(&n("b")), None, "untouched since the apply: {rows:?}");
    assert_eq!(case(&n("a")).as_deref(), Some("identical"), "{rows:?}");
    assert_eq!(
        case(&n("e")).as_deref(),
        Some("different metadata"),
        "{rows:?}"
    );
    let catalog = glance_workbench::backend::Catalog::open(data_dir.path()).unwrap();
    assert!(catalog.last_sync("envvars").unwrap().is_some());

    // A local-only change shows up again as a metadata difference.
    let update = ImageUpdate {
        set_properties: vec![("os_version".into(), "9".into())],
        ..Default::default()
    };
    catalog.update_image(meta.id, &update).unwrap();
    let plan = remote::plan(&catalog, &admin, &filter).unwrap();
    assert!(
        plan.iter()
            .any(|r| r.label() == n("c") && r.case == SyncCase::DifferentMetadata)
    );
    for image in admin.list_images(&lab.query(&[("tag", &tag)])).unwrap() {
        admin.delete_image(image.id()).unwrap();
    }
}

#[test]
fn copy_between_two_keystones_verifies_both_sides() {
    let Some(lab) = Lab::get() else { return };
    let (_dir, catalog) = lab.catalog();
    let admin = lab.admin();
    let demo = lab.demo();
    assert_ne!(
        admin.cloud().auth_url,
        demo.cloud().auth_url,
        "two Keystone endpoints"
    );
    let tag = lab.unique("copy");
    let source = lab.remote_image(&admin, &tag, &pattern(20 << 20, 31));
    let job = JobControl::new();
    let outcome = remote::copy(
        &catalog,
        &admin,
        &demo,
        &source,
        &remote::CopyOptions::default(),
        &job,
    )
    .unwrap();
    assert_eq!(outcome.target.status(), "active");
    assert_eq!(
        outcome.target.os_hash_value(),
        outcome.source.os_hash_value()
    );
    assert_eq!(outcome.target.owner(), Some(lab.demo_project_id.as_str()));
    assert_eq!(
        outcome
            .target
            .properties()
            .get("os_distro")
            .map(String::as_str),
        Some("cirros")
    );
    assert_eq!(job.done_bytes(), 20 << 20);
    let tasks = catalog.tasks(None, None, 5).unwrap();
    assert!(
        tasks
            .iter()
            .any(|t| t.task_type == "copy" && t.result.is_some())
    );
    demo.delete_image(outcome.target.id()).unwrap();
    admin.delete_image(&source).unwrap();
}

#[test]
fn cache_queue_prune_and_clean() {
    let Some(lab) = Lab::get() else { return };
    let (_dir, catalog) = lab.catalog();
    let admin = lab.admin();
    let tag = lab.unique("cache");
    let first = lab.remote_image(&admin, &tag, &pattern(2 << 20, 41));
    let second = lab.remote_image(&admin, &tag, &pattern(3 << 20, 42));
    let cache = Cache::new(catalog.data_dir());
    let path = remote::queue(&catalog, &admin, &first, &JobControl::new()).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), pattern(2 << 20, 41));
    remote::queue(&catalog, &admin, &second, &JobControl::new()).unwrap();
    std::fs::write(cache.partial_path("envvars", "stray"), b"partial").unwrap();
    assert_eq!(cache.entries().unwrap().len(), 3);
    let cleaned = cache.clean().unwrap();
    assert_eq!(cleaned.len(), 1);
    assert_eq!(cleaned[0].remote_id, "stray");
    // The oldest entry goes first.
    let pruned = cache.prune(3 << 20).unwrap();
    assert_eq!(
        pruned
            .iter()
            .map(|e| e.remote_id.clone())
            .collect::<Vec<_>>(),
        vec![first.clone()]
    );
    // A pull of the queued image takes the data from the cache (verified, no download).
    let pulled = remote::pull(&catalog, &admin, &second, None, &JobControl::new()).unwrap();
    assert_eq!(pulled.resumed_from_bytes, 3 << 20);
    let mut out = Vec::new();
    catalog
        .save(pulled.image.id, &mut out, &JobControl::new())
        .unwrap();
    assert!(out == pattern(3 << 20, 42));
    // A pull of the queued image finds its cache entry complete.
    assert!(
        cache
            .entries()
            .unwrap()
            .iter()
            .any(|e| e.remote_id == second && e.complete)
    );
    // The cap is the `remote_cache_max_bytes` setting (`config set`): a pull prunes to it.
    let dir = catalog.data_dir().to_path_buf();
    drop(catalog);
    let out = lab
        .cli(
            &[
                "--data-dir",
                dir.to_str().unwrap(),
                "config",
                "set",
                "remote_cache_max_bytes",
                &(4u64 << 20).to_string(),
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
    let catalog = glance_workbench::backend::Catalog::open(&dir).unwrap();
    assert_eq!(catalog.settings().remote_cache_max_bytes, 4 << 20);
    let third = lab.remote_image(&admin, &tag, &pattern(2 << 20, 43));
    remote::pull(&catalog, &admin, &third, None, &JobControl::new()).unwrap();
    let left: Vec<String> = cache
        .entries()
        .unwrap()
        .iter()
        .map(|e| e.remote_id.clone())
        .collect();
    // 3 + 2 MiB exceed 4 MiB: the least recently used (second) goes.
    assert_eq!(left, vec![third.clone()]);
    // `cache remove` drops one complete entry; a partial one is left to `cache clean`.
    std::fs::write(cache.partial_path("envvars", "stray"), b"partial").unwrap();
    let remove = |id: &str| {
        lab.cli(
            &[
                "--data-dir",
                dir.to_str().unwrap(),
                "cache",
                "remove",
                id,
                "--cloud",
                "envvars",
            ],
            &[],
        )
        .output()
        .unwrap()
    };
    let out = remove("stray");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("it is partial"), "{stderr}");
    let out = remove(&third);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let left: Vec<String> = cache
        .entries()
        .unwrap()
        .iter()
        .map(|e| e.remote_id.clone())
        .collect();
    assert_eq!(left, vec!["stray".to_string()]);
    assert_eq!(remove(&third).status.code(), Some(1), "gone already");
    for id in [&first, &second, &third] {
        admin.delete_image(id).unwrap();
    }
}

#[test]
fn clouds_yaml_and_secure_yaml_are_read() {
    let Some(lab) = Lab::get() else { return };
    let dir = tempfile::tempdir().unwrap();
    let clouds = dir.path().join("clouds.yaml");
    let secure = dir.path().join("secure.yaml");
    std::fs::write(
        &clouds,
        format!(
            "clouds:\n  mylab:\n    auth:\n      auth_url: {}\n      username: admin\n      project_name: admin\n      user_domain_name: Default\n      project_domain_name: Default\n    region_name: RegionOne\n    interface: public\n",
            lab.var("OS_AUTH_URL")
        ),
    )
    .unwrap();
    std::fs::write(
        &secure,
        format!(
            "clouds:\n  mylab:\n    auth:\n      password: {}\n",
            lab.var("OS_PASSWORD")
        ),
    )
    .unwrap();
    let env = [
        ("OS_CLIENT_CONFIG_FILE", clouds.to_str().unwrap()),
        ("OS_CLIENT_SECURE_FILE", secure.to_str().unwrap()),
        ("OS_AUTH_URL", ""),
    ];
    let out = lab
        .cli(&["cloud", "test", "mylab", "-f", "json"], &env)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        info["image_endpoint"],
        format!("{}/v2", lab.var("GLANCE_URL"))
    );
    assert!(
        info["image_api_version"]
            .as_str()
            .unwrap()
            .starts_with("v2.")
    );
    let listed = lab
        .cli(&["cloud", "list", "-f", "json"], &env)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(
        text.contains("mylab") && !text.contains(&lab.var("OS_PASSWORD")),
        "{text}"
    );
    // `cloud add` keeps no secret in the workbench's file.
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_str().unwrap();
    let add = lab
        .cli(
            &[
                "--data-dir",
                d,
                "cloud",
                "add",
                "added",
                "--auth-url",
                &lab.var("OS_AUTH_URL"),
                "--username",
                "admin",
                "--project-name",
                "admin",
            ],
            &env,
        )
        .output()
        .unwrap();
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    let file = std::fs::read_to_string(data.path().join("remote/clouds.yaml")).unwrap();
    assert!(
        file.contains("added")
            && !file.contains("password:")
            && !file.contains(&lab.var("OS_PASSWORD")),
        "{file}"
    );
}
