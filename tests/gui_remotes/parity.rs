//! Parity of the remote operations (issue #11) against the real lab: push and pull driven once
//! through the CLI binary and once through the window leave the same local catalog, tasks,
//! store and cache and the same remote image; a sync applied in the window is the last sync
//! `sync --incremental` starts from, and one applied with `sync --apply` limits the window's
//! "Only changes since the last sync" plan; and both resolve a cloud's secret alike (the
//! clouds file's secret without asking; none anywhere: the CLI fails naming the cloud, the
//! window asks).

use std::path::Path;
use std::time::Duration;

use egui_kittest::kittest::Queryable;
use glance_workbench::backend::Catalog;
use glance_workbench::backend::remote::config::{self, CloudConfig, CloudSource};
use serde_json::Value;

use super::common::{App, leftmost, settle, shown, type_into, wait_push_dialog};
use super::lab::{Lab, local_image, pattern};
use super::{click, harness, open_cloud, seed_of, type_and_enter, wait_for, wait_jobs};

#[path = "../common/parity.rs"]
pub(super) mod twin;

use twin::{Side, assert_same, assert_same_values};

/// A cloud for the lab's admin in the workbench's clouds file of `dir`, with its password in
/// the file (as an admin may write it; the workbench itself never does).
fn save_cloud_with_password(lab: &Lab, dir: &Path, name: &str) {
    let path = config::workbench_clouds_file(dir);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let yaml = format!(
        "clouds:\n  {name}:\n    auth_type: password\n    auth:\n      auth_url: '{url}'\n      \
         username: admin\n      password: '{password}'\n      project_name: admin\n      \
         user_domain_name: Default\n      project_domain_name: Default\n    \
         region_name: RegionOne\n    interface: public\n",
        url = lab.var("OS_AUTH_URL"),
        password = lab.var("OS_PASSWORD").replace('\'', "''"),
    );
    std::fs::write(&path, yaml).unwrap();
}

/// Open `cloud` in the Remotes view and wait for its listing; no secret may be asked for.
fn open_without_asking(h: &mut App<'_>, cloud: &str) {
    open_cloud(h, cloud, None);
    wait_for(h, "the cloud's listing", |h| {
        let remotes = &h.state().view.remotes;
        assert!(
            remotes.forms.prompt.is_none(),
            "the window asked for a secret"
        );
        remotes.images.loaded_for.as_deref() == Some(cloud) && !remotes.images.loading
    });
    assert!(!shown(h, "Secret"));
    assert!(
        h.state().view.remotes.images.error.is_none(),
        "{:?}",
        h.state().view.remotes.images.error
    );
}

/// The remote image a push from `side` made of its local image `name`.
fn pushed_id(lab: &Lab, side: &Side, name: &str) -> String {
    let local = side.id_of(name);
    let remote = lab
        .admin()
        .list_images(&lab.query(&[("name", name)]))
        .unwrap();
    let made: Vec<_> = remote
        .iter()
        .filter(|r| r.properties().get("workbench_created_by") == Some(&format!("push:{local}")))
        .collect();
    assert_eq!(made.len(), 1, "{} side: one remote image pushed", side.who);
    made[0].id().to_string()
}

#[test]
fn parity_push_and_pull_leave_the_same_local_and_remote_state() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let tag = lab.unique("parity");
    let seed = seed_of(&tag);
    let remote_name = format!("{tag}-remote");
    let remote_id = lab.remote_image_named(&admin, &remote_name, &tag, &pattern(1 << 20, seed + 1));
    let local = format!("{tag}-local");
    let cloud = lab.unique("lab");
    let cli = Side::new("CLI");
    let gui = Side::new("window");
    for side in [&cli, &gui] {
        save_cloud_with_password(lab, side.data(), &cloud);
        let catalog = Catalog::open(side.data()).unwrap();
        local_image(&catalog, &local, &pattern(2 << 20, seed + 2), &tag);
        side.alias(&remote_id, &format!("<remote {remote_name}>"));
    }
    assert_same("seeding", &cli, &gui);

    // The window first (its remote table must not show the CLI's push yet): push the local
    // image from the compact local list, pull the remote one.
    let mut h = harness(gui.data());
    open_without_asking(&mut h, &cloud);
    type_and_enter(&mut h, "Remote tag filter", &tag);
    wait_for(&mut h, "the remote image", |h| shown(h, &remote_name));
    wait_for(&mut h, "the local image", |h| shown(h, &local));
    leftmost(&h, &local).click();
    settle(&mut h);
    click(&mut h, "Push selected ▸");
    wait_push_dialog(&mut h);
    h.get_by_label("Start push").click();
    wait_jobs(&mut h, "the push");
    leftmost(&h, &remote_name).click();
    settle(&mut h);
    h.get_by_label("◂ Pull").click();
    wait_jobs(&mut h, "the pull");

    // The window's push put this data on the cloud: the CLI's push must now be told to copy.
    cli.ok(&["push", &local, "--cloud", &cloud, "--copy-anyway"]);
    cli.ok(&["pull", &remote_id, "--cloud", &cloud]);

    let pushed = [
        (&cli, pushed_id(lab, &cli, &local)),
        (&gui, pushed_id(lab, &gui, &local)),
    ];
    for (side, id) in &pushed {
        side.alias(id, "<the pushed remote image>");
    }
    assert_same("push and pull", &cli, &gui);
    let cache = |side: &Side| side.normalize(&twin::sorted(side.json(&["cache", "list"])));
    assert_same_values("push and pull (the cache)", &cache(&cli), &cache(&gui));
    // The remote images the two pushes made, as `remote image show` gives them.
    let remote: Vec<Value> = pushed
        .iter()
        .map(|(side, id)| {
            let shown = cli.json(&["remote", "image", "show", id, "--cloud", &cloud]);
            side.normalize(&shown)
        })
        .collect();
    assert_same_values("push (the remote image)", &remote[0], &remote[1]);

    // A remote image holding the local image's data: the window's Link and `pull --link`
    // record the same origin on the same image (and nothing is pulled).
    let twin_name = format!("{tag}-twin");
    let twin_id = lab.remote_image_named(&admin, &twin_name, &tag, &pattern(2 << 20, seed + 2));
    for side in [&cli, &gui] {
        side.alias(&twin_id, "<the remote twin>");
    }
    type_and_enter(&mut h, "Remote tag filter", &tag);
    wait_for(&mut h, "the remote twin", |h| shown(h, &twin_name));
    leftmost(&h, &twin_name).click();
    settle(&mut h);
    h.get_by_label("◂ Pull").click();
    wait_for(&mut h, "the same-data question", |h| {
        shown(h, "Link to the existing image")
    });
    h.get_by_label("Link to the existing image").click();
    wait_jobs(&mut h, "the link");
    let refused = cli.cli(&["pull", &twin_id, "--cloud", &cloud]);
    assert_eq!(refused.status.code(), Some(4), "the CLI asks for a choice");
    cli.ok(&["pull", &twin_id, "--cloud", &cloud, "--link"]);
    assert_same("pull --link", &cli, &gui);
    assert!(h.state().view.jobs.notices.is_empty());
    for id in [remote_id, twin_id, pushed[0].1.clone(), pushed[1].1.clone()] {
        admin.delete_image(&id).unwrap();
    }
}

/// The rows of a plan as (name, case, action), sorted.
fn plan_rows(
    rows: impl Iterator<Item = (String, String, String)>,
) -> Vec<(String, String, String)> {
    let mut rows: Vec<_> = rows.collect();
    rows.sort();
    rows
}

/// The CLI's plan (`sync --dry-run -f json` with `extra` options) as (name, case, action).
fn cli_plan(side: &Side, cloud: &str, tag: &str, extra: &[&str]) -> Vec<(String, String, String)> {
    let mut args = vec!["sync", "--cloud", cloud, "--dry-run", "--tag", tag];
    args.extend(extra);
    let plan = side.json(&args);
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    plan_rows(
        plan.as_array()
            .unwrap()
            .iter()
            .map(|r| (text(&r["name"]), text(&r["case"]), text(&r["action"]))),
    )
}

/// The window's plan as (name, case, action).
fn window_plan(h: &App<'_>) -> Vec<(String, String, String)> {
    plan_rows(h.state().view.remotes.sync.items.iter().map(|i| {
        (
            i.row.label(),
            i.row.case.as_str().to_string(),
            i.row.action.as_str().to_string(),
        )
    }))
}

/// `sync --incremental --dry-run`'s note on stderr about where it starts.
fn incremental_note(side: &Side, cloud: &str, tag: &str) -> String {
    let out = side.cli(&[
        "sync",
        "--cloud",
        cloud,
        "--incremental",
        "--dry-run",
        "--tag",
        tag,
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

#[test]
fn parity_a_sync_applied_in_one_front_end_is_the_last_sync_of_the_other() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let cloud = lab.unique("lab");
    let mut made = Vec::new();

    // Applied in the window ("Apply selected"), seen by the CLI's --incremental.
    let tag = lab.unique("syncw");
    let seed = seed_of(&tag);
    let side = Side::new("window, then CLI");
    save_cloud_with_password(lab, side.data(), &cloud);
    let catalog = Catalog::open(side.data()).unwrap();
    local_image(
        &catalog,
        &format!("{tag}-local"),
        &pattern(1 << 20, seed + 1),
        &tag,
    );
    drop(catalog);
    made.push(lab.remote_image_named(
        &admin,
        &format!("{tag}-remote"),
        &tag,
        &pattern(1 << 20, seed + 2),
    ));
    let before = incremental_note(&side, &cloud, &tag);
    assert!(
        before.contains(&format!("no completed sync with cloud {cloud} yet")),
        "{before}"
    );
    let mut h = harness(side.data());
    open_without_asking(&mut h, &cloud);
    h.get_by_label("Sync").click();
    settle(&mut h);
    type_into(&mut h, "Sync tag filter", &tag);
    h.get_by_label("Compute plan").click();
    wait_for(&mut h, "the plan", |h| {
        let sync = &h.state().view.remotes.sync;
        !sync.loading && sync.cloud.as_deref() == Some(cloud.as_str())
    });
    assert_eq!(h.state().view.remotes.sync.items.len(), 2);
    assert_eq!(
        window_plan(&h),
        cli_plan(&side, &cloud, &tag, &[]),
        "the window's plan is the CLI's"
    );
    h.get_by_label("Apply selected (2)").click();
    wait_jobs(&mut h, "the sync job");
    let job = h.state().view.jobs.jobs.last().unwrap().clone();
    assert!(
        format!("{:?}", job.finished).contains("recorded as the last completed sync"),
        "{:?}",
        job.finished
    );
    let recorded = Catalog::open(side.data())
        .unwrap()
        .last_sync(&cloud)
        .unwrap();
    assert!(recorded.is_some(), "the window's apply is recorded");
    let after = incremental_note(&side, &cloud, &tag);
    assert!(
        after.contains(&format!("changes on cloud {cloud} since the last sync (")),
        "{after}"
    );
    assert!(!after.contains("no completed sync"), "{after}");
    drop(h);
    let pushed = pushed_id(lab, &side, &format!("{tag}-local"));
    made.push(pushed);

    // Applied with `sync --apply`, limiting the window's "Only changes since the last sync".
    let tag = lab.unique("syncc");
    let seed = seed_of(&tag);
    let side = Side::new("CLI, then window");
    save_cloud_with_password(lab, side.data(), &cloud);
    let catalog = Catalog::open(side.data()).unwrap();
    local_image(
        &catalog,
        &format!("{tag}-local"),
        &pattern(1 << 20, seed + 1),
        &tag,
    );
    drop(catalog);
    let old_remote = format!("{tag}-remote");
    made.push(lab.remote_image_named(&admin, &old_remote, &tag, &pattern(1 << 20, seed + 2)));
    // Glance's updated_at is finer than the recorded second: leave that second behind.
    std::thread::sleep(Duration::from_millis(1100));
    side.ok(&["sync", "--cloud", &cloud, "--apply", "--tag", &tag]);
    assert!(
        Catalog::open(side.data())
            .unwrap()
            .last_sync(&cloud)
            .unwrap()
            .is_some()
    );
    made.push(pushed_id(lab, &side, &format!("{tag}-local")));
    let new_remote = format!("{tag}-new");
    made.push(lab.remote_image_named(&admin, &new_remote, &tag, &pattern(1 << 20, seed + 3)));
    let full = cli_plan(&side, &cloud, &tag, &[]);
    assert!(
        full.iter().any(|(name, _, _)| *name == old_remote),
        "{full:?}"
    );
    let mut h = harness(side.data());
    open_without_asking(&mut h, &cloud);
    h.get_by_label("Sync").click();
    settle(&mut h);
    type_into(&mut h, "Sync tag filter", &tag);
    h.get_by_label("Only changes since the last sync").click();
    wait_for(&mut h, "the incremental plan", |h| {
        let sync = &h.state().view.remotes.sync;
        sync.incremental && !sync.loading && sync.cloud.as_deref() == Some(cloud.as_str())
    });
    let incremental = window_plan(&h);
    assert!(
        incremental.contains(&(new_remote.clone(), "only remote".into(), "pull".into())),
        "{incremental:?}"
    );
    assert!(
        incremental.iter().all(|(name, _, _)| *name != old_remote),
        "an image unchanged since the CLI's sync is planned: {incremental:?}"
    );
    assert_eq!(
        incremental,
        cli_plan(&side, &cloud, &tag, &["--incremental"]),
        "the window's incremental plan is the CLI's"
    );
    assert!(h.state().view.jobs.notices.is_empty());
    for id in made {
        admin.delete_image(&id).unwrap();
    }
}

#[test]
fn parity_a_cloud_secret_comes_from_the_clouds_file_or_is_asked_for() {
    let lab = Lab::get();
    // No secret anywhere (not in the file, no OS_*, no keyring, nothing typed): the CLI, whose
    // stdin is not a terminal, fails with one line naming the cloud; the window asks.
    let side = Side::new("CLI and window");
    let nowhere = "parity-no-secret";
    let auth_url = lab.map_or_else(
        || "http://127.0.0.1:9/v3".to_string(),
        |l| l.var("OS_AUTH_URL"),
    );
    let mut cloud = CloudConfig::new_password(nowhere, &auth_url, "admin", "admin");
    cloud.source = CloudSource::Workbench(config::workbench_clouds_file(side.data()));
    config::save_workbench_cloud(side.data(), &cloud).unwrap();
    for args in [
        &["cloud", "test", nowhere][..],
        &["sync", "--cloud", nowhere, "--dry-run"][..],
    ] {
        let line = side.refused(args);
        assert!(
            line.contains(&format!("cloud \"{nowhere}\"")) && line.contains("no secret"),
            "{args:?}: {line}"
        );
    }
    let mut h = harness(side.data());
    open_cloud(&mut h, nowhere, None);
    wait_for(&mut h, "the secret prompt", |h| {
        shown(h, "Secret") && h.state().view.remotes.forms.prompt.is_some()
    });
    assert!(shown(&h, &format!("Secret for cloud \"{nowhere}\"")));
    h.get_by_label("Cancel").click();
    settle(&mut h);

    // The secret in the workbench's clouds file: both connect without asking.
    let Some(lab) = lab else { return };
    let in_file = lab.unique("file-secret");
    save_cloud_with_password(lab, side.data(), &in_file);
    let out = side.ok(&["cloud", "test", &in_file]);
    assert!(out.contains("Token") || out.contains("token"), "{out}");
    let mut h = harness(side.data());
    open_without_asking(&mut h, &in_file);
    // The clouds list's Test connects with the same secret (as `cloud test` did), unasked.
    h.get_by_label("Test").click();
    wait_for(&mut h, "the test", |h| {
        shown(h, "Connected") || h.state().view.remotes.forms.prompt.is_some()
    });
    assert!(
        h.state().view.remotes.forms.prompt.is_none(),
        "the window's Test asks for the secret of cloud {in_file}, which its clouds file \
         holds (`cloud test {in_file}` did not ask)"
    );
    assert!(shown(&h, "Connected"));
}
