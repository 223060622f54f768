//! "Copy to cloud…" (issue #13) against the real lab, its two clouds being the lab's admin
//! project (the source, cloud A) and its demo project (the target, cloud B): a row dropped on
//! B in the clouds list opens the dialog for B; a remote image is copied from A to B through
//! the window (the row's context menu, the dialog, the target's secret asked for and the job
//! going on), and B then holds an active image with the same os_hash_value; a cancelled copy
//! leaves nothing on B; Esc closes the dialog and Enter starts the copy; when B already holds
//! the data the same-data question asks (Cancel, Link: nothing new on B and the existing image
//! reported, Copy anyway from the details pane: a second image); the CLI's `copy` and the window's leave the same result
//! (B's image, the local `copy` task); and the action is found by its Chinese label.

use std::path::Path;

use eframe::egui;
use egui_kittest::kittest::Queryable;
use glance_workbench::backend::remote::{RemoteImage, Session};
use glance_workbench::backend::{Catalog, TaskStatus};
use glance_workbench::ui::bridge::JobOutcome;
use glance_workbench::ui::jobs::JobKind;
use serde_json::Value;

use super::common::{App, Lang, harness_in, leftmost, settle, shown, shown_containing, type_into};
use super::lab::{Lab, pattern};
use super::{harness, open_cloud, save_cloud, seed_of, type_and_enter, wait_for};

use super::parity::twin::{self, Side, assert_same};

/// The demo project's session on the lab's main Keystone (the one the window's cloud B
/// uses).
fn demo(lab: &Lab) -> Session {
    let mut cloud = lab.cloud("demo");
    cloud.username = Some("demo".into());
    cloud.project_name = Some("demo".into());
    let secret = glance_workbench::backend::remote::Secret::new(lab.var("LAB_DEMO_PASSWORD"));
    cloud.secret = None;
    Session::connect(cloud, secret).unwrap()
}

/// The images of the demo project holding `hash` (its own, whatever their name).
fn holding(lab: &Lab, demo: &Session, hash: &str) -> Vec<RemoteImage> {
    let owner = demo.project_id().unwrap();
    demo.list_images(&lab.query(&[("os_hash_value", hash), ("owner", &owner)]))
        .unwrap()
}

/// Select the remote row `name`, right-click it and choose "Copy to cloud…" (`action`, the
/// label in the window's language); the dialog is then open.
fn copy_from_menu(h: &mut App<'_>, name: &str, action: &str) {
    leftmost(h, name).click();
    settle(h);
    let row = leftmost(h, name).rect().center();
    leftmost(h, name).click_secondary();
    settle(h);
    wait_for(h, "the row's context menu", |h| shown(h, action));
    // The menu's entry, not the details pane's button of the same name: the one that opened
    // where the row was clicked.
    h.get_all_by_label(action)
        .min_by(|x, y| {
            let d = |n: &egui_kittest::Node<'_>| n.rect().left_top().distance(row);
            d(x).total_cmp(&d(y))
        })
        .unwrap()
        .click();
    settle(h);
    wait_for(h, "the copy dialog", |h| {
        h.state().view.remotes.forms.copy_cloud.is_some()
    });
}

/// Select the remote row `name` and press "Copy to cloud…" in its details pane.
fn copy_from_details(h: &mut App<'_>, name: &str) {
    leftmost(h, name).click();
    wait_for(h, "the image's details", |h| {
        let detail = &h.state().view.remotes.detail;
        !detail.stale
            && detail
                .detail
                .as_ref()
                .is_some_and(|d| d.image.label() == name)
    });
    h.get_by_label("Copy to cloud…").click();
    settle(h);
    wait_for(h, "the copy dialog", |h| {
        h.state().view.remotes.forms.copy_cloud.is_some()
    });
}

/// Pick `cloud` in the dialog's target picker (labelled `picker`).
fn pick_target(h: &mut App<'_>, picker: &str, cloud: &str) {
    h.get_by_label(picker).click();
    settle(h);
    // The picker's entry, drawn above the clouds list of the same name.
    h.query_all_by_label(cloud).last().unwrap().click();
    settle(h);
}

/// Answer the secret prompt of the cloud asked for (labels in the window's language).
fn give_secret(h: &mut App<'_>, field: &str, connect: &str, secret: &str) {
    wait_for(h, "the secret prompt", |h| shown(h, field));
    type_into(h, field, secret);
    h.get_by_label(connect).click();
    settle(h);
}

/// Wait until no job runs; the outcome of the last one.
fn last_outcome(h: &mut App<'_>) -> JobOutcome {
    wait_for(h, "the jobs", |h| {
        let jobs = &h.state().view.jobs;
        !jobs.jobs.is_empty() && !jobs.any_running()
    });
    let job = h.state().view.jobs.jobs.last().unwrap().clone();
    assert_eq!(job.kind, JobKind::CopyToCloud);
    job.finished.unwrap().1
}

/// Cloud A (the lab's admin) and cloud B (its demo project) in the workbench's clouds file
/// of `dir`, without secrets (the window asks).
fn two_clouds(lab: &Lab, dir: &Path) -> (String, String) {
    let (a, b) = (lab.unique("a"), lab.unique("b"));
    save_cloud(lab, dir, &a, "admin");
    save_cloud(lab, dir, &b, "demo");
    (a, b)
}

/// The copy task of the catalog in `dir` (the only one).
fn copy_task(dir: &Path) -> glance_workbench::backend::Task {
    let catalog = Catalog::open(dir).unwrap();
    let tasks: Vec<_> = catalog
        .tasks(None, None, 20)
        .unwrap()
        .into_iter()
        .filter(|t| t.task_type == "copy")
        .collect();
    assert_eq!(tasks.len(), 1, "{tasks:?}");
    tasks.into_iter().next().unwrap()
}

#[test]
fn a_remote_image_is_copied_to_another_cloud_in_the_window() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let demo = demo(lab);
    let tag = lab.unique("copy-gui");
    let seed = seed_of(&tag);
    let name = format!("{tag}-src");
    let big = format!("{tag}-big");
    let source = lab.remote_image_named(&admin, &name, &tag, &pattern(1 << 20, seed + 1));
    let big_source = lab.remote_image_named(&admin, &big, &tag, &pattern(48 << 20, seed + 2));
    let hash = admin
        .show_image(&source)
        .unwrap()
        .os_hash_value()
        .unwrap()
        .to_string();
    let data = tempfile::tempdir().unwrap();
    let (a, b) = two_clouds(lab, data.path());
    let mut h = harness(data.path());
    open_cloud(&mut h, &a, Some(&lab.var("OS_PASSWORD")));
    type_and_enter(&mut h, "Remote tag filter", &tag);
    wait_for(&mut h, "the remote images", |h| {
        shown(h, &name) && shown(h, &big)
    });

    // A row dropped on cloud B in the clouds list asks to copy it there.
    let from = leftmost(&h, &name).rect().center();
    let to = h.get_by_label(&b).rect().center();
    super::drag(&mut h, from, to);
    wait_for(&mut h, "the copy dialog", |h| shown(h, "Start copy"));
    let dialog = h.state().view.remotes.forms.copy_cloud.clone().unwrap();
    assert_eq!(
        (dialog.from.as_str(), dialog.target.as_deref()),
        (a.as_str(), Some(b.as_str()))
    );
    assert_eq!(dialog.images, [(source.clone(), name.clone())]);
    h.get_by_label("Cancel").click();
    settle(&mut h);
    assert!(h.state().view.remotes.forms.copy_cloud.is_none());
    assert!(h.state().view.jobs.jobs.is_empty(), "nothing started");

    // The row's menu opens the dialog; B, the only other cloud, is the target.
    copy_from_menu(&mut h, &name, "Copy to cloud…");
    assert!(shown(&h, &format!("Copy \"{name}\" to another cloud")));
    assert!(shown(&h, &format!("Source: cloud \"{a}\"")));
    pick_target(&mut h, "Target cloud", &b);
    assert_eq!(
        h.state()
            .view
            .remotes
            .forms
            .copy_cloud
            .as_ref()
            .unwrap()
            .target
            .as_deref(),
        Some(b.as_str())
    );
    assert!(shown(&h, "Keep the target image if the copy fails"));
    h.get_by_label("Start copy").click();
    settle(&mut h);
    // B's secret is not known yet: asked for, then the job goes on.
    give_secret(&mut h, "Secret", "Connect", &lab.var("LAB_DEMO_PASSWORD"));
    let outcome = last_outcome(&mut h);
    let JobOutcome::Succeeded(summary) = outcome else {
        panic!("the copy ended {outcome:?}");
    };
    let copies = holding(lab, &demo, &hash);
    assert_eq!(copies.len(), 1, "one image on B holds the data");
    let copy = &copies[0];
    assert_eq!(copy.status(), "active");
    assert_eq!(copy.name(), Some(name.as_str()));
    assert_eq!(copy.os_hash_value(), Some(hash.as_str()));
    assert_eq!(
        copy.properties().get("workbench_created_by"),
        Some(&format!("copy:{a}:{source}"))
    );
    // The notice names the new image on the target cloud.
    assert!(
        summary.contains(copy.id()) && summary.contains(&b) && summary.contains("verified"),
        "{summary}"
    );
    assert!(shown_containing(&h, copy.id()), "the status line names it");
    let task = copy_task(data.path());
    assert_eq!(task.status, TaskStatus::Success);
    assert_eq!(task.result.as_ref().unwrap()["target_id"], copy.id());

    // A copy cancelled from its job row leaves nothing on B (the half-made image deleted).
    copy_from_menu(&mut h, &big, "Copy to cloud…");
    h.get_by_label("Start copy").click();
    h.step();
    wait_for(&mut h, "the copy's job row", |h| {
        h.state().view.jobs.any_running() && shown(h, "Cancel")
    });
    h.get_by_label("Cancel").click();
    settle(&mut h);
    assert_eq!(last_outcome(&mut h), JobOutcome::Cancelled);
    let big_hash = admin
        .show_image(&big_source)
        .unwrap()
        .os_hash_value()
        .unwrap()
        .to_string();
    assert!(
        holding(lab, &demo, &big_hash).is_empty(),
        "nothing left on B"
    );
    let owner = demo.project_id().unwrap();
    let left: Vec<_> = demo
        .list_images(&lab.query(&[("name", big.as_str()), ("owner", owner.as_str())]))
        .unwrap();
    assert!(left.is_empty(), "{left:?}");

    demo.delete_image(copy.id()).unwrap();
    for id in [source, big_source] {
        admin.delete_image(&id).unwrap();
    }
}

#[test]
fn a_copy_whose_data_the_target_holds_asks_to_link_or_copy_anyway() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let demo = demo(lab);
    let tag = lab.unique("copy-same");
    let data = pattern(256 << 10, seed_of(&tag) + 1);
    let name = format!("{tag}-src");
    let source = lab.remote_image_named(&admin, &name, &tag, &data);
    let there_name = format!("{tag}-there");
    let there = lab.remote_image_named(&demo, &there_name, &tag, &data);
    let hash = admin
        .show_image(&source)
        .unwrap()
        .os_hash_value()
        .unwrap()
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_clouds(lab, dir.path());
    let mut h = harness(dir.path());
    open_cloud(&mut h, &a, Some(&lab.var("OS_PASSWORD")));
    type_and_enter(&mut h, "Remote tag filter", &tag);
    wait_for(&mut h, "the remote image", |h| shown(h, &name));
    let title = format!("Same data already on cloud \"{b}\"");

    // Esc closes the dialog and starts nothing.
    copy_from_menu(&mut h, &name, "Copy to cloud…");
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(h.state().view.remotes.forms.copy_cloud.is_none());
    assert!(h.state().view.jobs.jobs.is_empty());

    // The question names the copy, both clouds and the image B holds; Cancel gives it up.
    copy_from_menu(&mut h, &name, "Copy to cloud…");
    h.get_by_label("Start copy").click();
    settle(&mut h);
    give_secret(&mut h, "Secret", "Connect", &lab.var("LAB_DEMO_PASSWORD"));
    wait_for(&mut h, "the same-data question", |h| shown(h, &title));
    for part in [&name, &there_name, &there, &a, &b] {
        assert!(shown_containing(&h, part), "the question names {part}");
    }
    assert!(shown_containing(&h, "nothing was copied"));
    // The dialog's Cancel: the waiting job's row has one too, drawn before the modal.
    h.query_all_by_label("Cancel").last().unwrap().click();
    settle(&mut h);
    assert_eq!(last_outcome(&mut h), JobOutcome::Cancelled);
    assert_eq!(holding(lab, &demo, &hash).len(), 1);

    // Link: nothing new on B; the job reports the image B holds. (Enter starts the copy.)
    copy_from_menu(&mut h, &name, "Copy to cloud…");
    h.key_press(egui::Key::Enter);
    wait_for(&mut h, "the same-data question", |h| shown(h, &title));
    h.get_by_label("Link to the existing image").click();
    settle(&mut h);
    let outcome = last_outcome(&mut h);
    assert!(
        matches!(&outcome, JobOutcome::Succeeded(s) if s.contains(&there) && s.contains("linked")),
        "{outcome:?}"
    );
    let held = holding(lab, &demo, &hash);
    assert_eq!(held.len(), 1, "Link writes nothing on B");
    assert_eq!(held[0].id(), there);
    let task = copy_task(dir.path());
    let result = task.result.unwrap();
    assert_eq!(
        (result["target_id"].as_str(), &result["linked"]),
        (Some(there.as_str()), &Value::Bool(true))
    );

    // Copy anyway (this time from the details pane): a second image on B with the same data.
    copy_from_details(&mut h, &name);
    h.get_by_label("Start copy").click();
    wait_for(&mut h, "the same-data question", |h| shown(h, &title));
    h.get_by_label("Copy anyway").click();
    settle(&mut h);
    let outcome = last_outcome(&mut h);
    assert!(matches!(&outcome, JobOutcome::Succeeded(_)), "{outcome:?}");
    let held = holding(lab, &demo, &hash);
    assert_eq!(held.len(), 2, "a second image on B");
    let second = held.iter().find(|i| i.id() != there).unwrap();
    assert_eq!(second.status(), "active");
    assert!(
        h.state().view.jobs.notices.is_empty(),
        "{:?}",
        h.state().view.jobs.notices
    );

    demo.delete_image(second.id()).unwrap();
    demo.delete_image(&there).unwrap();
    admin.delete_image(&source).unwrap();
}

/// A clouds file in `dir` defining cloud `a` (the lab's admin) and `b` (its demo project),
/// each with its password (as an admin may write it; the workbench itself never does).
fn clouds_with_passwords(lab: &Lab, dir: &Path, a: &str, b: &str) {
    let path = glance_workbench::backend::remote::config::workbench_clouds_file(dir);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let cloud = |name: &str, user: &str, password: &str| {
        format!(
            "  {name}:\n    auth_type: password\n    auth:\n      auth_url: '{url}'\n      \
             username: {user}\n      password: '{password}'\n      project_name: {user}\n      \
             user_domain_name: Default\n      project_domain_name: Default\n    \
             region_name: RegionOne\n    interface: public\n",
            url = lab.var("OS_AUTH_URL"),
        )
    };
    let yaml = format!(
        "clouds:\n{}{}",
        cloud(a, "admin", &lab.var("OS_PASSWORD")),
        cloud(b, "demo", &lab.var("LAB_DEMO_PASSWORD"))
    );
    std::fs::write(&path, yaml).unwrap();
}

/// B's image as `remote image show -f json` gives it, with the fields that differ between two
/// copies of one image (id, times, its URLs) left out by the parity normalization.
fn target_fields(side: &Side, b: &str, id: &str) -> Value {
    let mut shown = side.json(&["remote", "image", "show", id, "--cloud", b]);
    if let Value::Object(fields) = &mut shown {
        for key in ["file", "schema", "direct_url", "locations"] {
            fields.remove(key);
        }
    }
    side.normalize(&shown)
}

#[test]
fn parity_a_copy_through_the_cli_and_the_window_leaves_the_same_result() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let demo = demo(lab);
    let tag = lab.unique("copy-parity");
    let name = format!("{tag}-src");
    let source = lab.remote_image_named(&admin, &name, &tag, &pattern(1 << 20, seed_of(&tag) + 3));
    let hash = admin
        .show_image(&source)
        .unwrap()
        .os_hash_value()
        .unwrap()
        .to_string();
    let (a, b) = (lab.unique("a"), lab.unique("b"));
    let cli = Side::new("CLI");
    let gui = Side::new("window");
    for side in [&cli, &gui] {
        clouds_with_passwords(lab, side.data(), &a, &b);
        side.alias(&source, "<the source>");
    }

    // The window first; its copy is read, then deleted, so the CLI's copy finds B as the
    // window's did (no same data there).
    let mut h = harness(gui.data());
    open_cloud(&mut h, &a, None);
    type_and_enter(&mut h, "Remote tag filter", &tag);
    wait_for(&mut h, "the remote image", |h| shown(h, &name));
    copy_from_menu(&mut h, &name, "Copy to cloud…");
    h.get_by_label("Start copy").click();
    settle(&mut h);
    let outcome = last_outcome(&mut h);
    assert!(matches!(outcome, JobOutcome::Succeeded(_)), "{outcome:?}");
    assert!(
        h.state().view.remotes.forms.prompt.is_none(),
        "no secret asked"
    );
    let window_copy = holding(lab, &demo, &hash).remove(0);
    gui.alias(window_copy.id(), "<the copy>");
    let window_target = target_fields(&gui, &b, window_copy.id());
    demo.delete_image(window_copy.id()).unwrap();

    let out = cli.json(&["copy", &name, "--from", &a, "--to", &b]);
    let cli_copy = holding(lab, &demo, &hash).remove(0);
    cli.alias(cli_copy.id(), "<the copy>");
    assert_eq!(out["target_id"], cli_copy.id());
    assert_eq!(
        (&out["source_id"], &out["linked"]),
        (&Value::String(source.clone()), &Value::Bool(false))
    );
    assert_eq!(out["os_hash_value"], hash.as_str());
    let cli_target = target_fields(&cli, &b, cli_copy.id());

    // The same image on B, and the same local catalog and `copy` task on both sides.
    twin::assert_same_values("copy (the target image)", &cli_target, &window_target);
    assert_eq!(cli_target["status"], "active");
    assert_same("copy", &cli, &gui);
    let tasks = cli.json(&["task", "list"]);
    let copy_task = tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["type"] == "copy")
        .expect("the copy task compared");
    assert_eq!(copy_task["result"]["target_id"], cli_copy.id());
    assert_eq!(copy_task["status"], "success");
    demo.delete_image(cli_copy.id()).unwrap();
    admin.delete_image(&source).unwrap();
}

#[test]
fn zh_copy_to_cloud_is_found_by_its_chinese_label() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let demo = demo(lab);
    let tag = lab.unique("copy-zh");
    let name = format!("{tag}-src");
    let source =
        lab.remote_image_named(&admin, &name, &tag, &pattern(128 << 10, seed_of(&tag) + 4));
    let hash = admin
        .show_image(&source)
        .unwrap()
        .os_hash_value()
        .unwrap()
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (lab.unique("a"), lab.unique("b"));
    clouds_with_passwords(lab, dir.path(), &a, &b);
    let mut h = harness_in(dir.path(), [1500.0, 950.0], Lang::ZhCn);
    h.get_by_label("远程").click();
    wait_for(&mut h, "the clouds", |h| shown(h, &a));
    h.get_by_label(&a).click();
    settle(&mut h);
    type_and_enter(&mut h, "远程标签筛选", &tag);
    wait_for(&mut h, "the remote image", |h| shown(h, &name));
    copy_from_menu(&mut h, &name, "复制到云…");
    assert!(shown(&h, &format!("把“{name}”复制到另一个云")));
    assert!(shown(&h, &format!("来源：云“{a}”")));
    pick_target(&mut h, "目标云", &b);
    assert!(shown(&h, "复制失败时保留目标镜像"));
    h.get_by_label("开始复制").click();
    settle(&mut h);
    let outcome = last_outcome(&mut h);
    let JobOutcome::Succeeded(summary) = outcome else {
        panic!("the copy ended {outcome:?}");
    };
    let copy = holding(lab, &demo, &hash).remove(0);
    assert!(summary.contains(copy.id()), "{summary}");
    // The job's row in Chinese (its summary is worded on the job's thread, in the process's
    // language, which a test thread's choice does not reach).
    assert!(shown_containing(&h, &format!("复制到云 {name}: {a} → {b}")));
    demo.delete_image(copy.id()).unwrap();
    admin.delete_image(&source).unwrap();
}
