//! GUI tests of the Remotes view against the real lab (Glance 33 + Keystone 30 on 127.0.0.1,
//! `scripts/lab/start`): egui_kittest drives the real workbench app on a temporary data dir
//! by widget labels, and what it did is checked through the library and the Glance API.
//! Without a lab the tests are skipped, unless `GLANCE_LAB_REQUIRED=1` (as in tests/remote.rs).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking, helpers (not #[test] functions) included"
)]
#![cfg(feature = "gui")]

#[path = "common/gui.rs"]
mod common;

#[path = "remote/lab.rs"]
#[allow(
    dead_code,
    reason = "shared with tests/remote.rs, which uses all of it"
)]
mod lab;

#[path = "gui_remotes/cloud_form.rs"]
mod cloud_form;

#[path = "gui_remotes/copy.rs"]
mod copy;

#[path = "gui_remotes/fanout.rs"]
mod fanout;

#[path = "gui_remotes/live_import.rs"]
mod live_import;

#[path = "gui_remotes/metadefs.rs"]
mod metadefs;

#[path = "gui_remotes/parity.rs"]
mod parity;

#[path = "gui_remotes/parity_cloud.rs"]
mod parity_cloud;

#[path = "gui_remotes/quotas.rs"]
mod quotas;

#[path = "gui_remotes/same_data.rs"]
mod same_data;

#[path = "gui_remotes/server_cache.rs"]
mod server_cache;

#[path = "gui_remotes/stores.rs"]
mod stores;

#[path = "gui_remotes/table.rs"]
mod table;

#[path = "gui_remotes/totp.rs"]
mod totp;

#[path = "gui_remotes/zh.rs"]
mod zh;

use std::path::Path;
use std::time::Duration;

use common::{
    App, harness_sized, leftmost, settle, shown, shown_containing, type_into, wait_for_within,
    wait_push_dialog,
};
use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::backend::remote::cleanups::{self, Removal};
use glance_workbench::backend::remote::config::{self, CloudConfig, CloudSource};
use glance_workbench::backend::remote::push::PushOptions;
use glance_workbench::backend::remote::session::CallBody;
use glance_workbench::backend::remote::{self as remote, RemoteEdit, Session};
use glance_workbench::backend::{Catalog, ImageStatus, JobControl, TaskStatus};
use glance_workbench::ui::bridge::JobOutcome;
use lab::{Lab, local_image, pattern};
use serde_json::json;

/// How long a step that talks to the lab may take (debug build, shared machine).
const NETWORK_WAIT: Duration = Duration::from_secs(120);

fn harness(data_dir: &Path) -> App<'static> {
    harness_sized(data_dir, [1500.0, 950.0])
}

/// Step the app until `done` holds; the cloud may take its time.
fn wait_for(h: &mut App<'_>, what: &str, done: impl FnMut(&mut App<'_>) -> bool) {
    wait_for_within(h, what, NETWORK_WAIT, done);
}

/// Every label and value on screen, for checking that a secret never shows.
fn screen_text(h: &App<'_>) -> String {
    let mut text = String::new();
    for node in h.root().children_recursive() {
        let node = node.accesskit_node();
        for part in [node.label(), node.value()].into_iter().flatten() {
            text.push_str(&part);
            text.push('\n');
        }
    }
    text
}

/// Scroll the widget labelled `label` into view (the details pane scrolls), then click it.
fn click(h: &mut App<'_>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    settle(h);
    h.get_by_label(label).click();
    settle(h);
}

/// Type into a field and press Enter (filters apply when their field is left).
fn type_and_enter(h: &mut App<'_>, label: &str, text: &str) {
    type_into(h, label, text);
    h.key_press(egui::Key::Enter);
    settle(h);
}

/// A workbench cloud for the lab's `user` (no secret in the file).
fn save_cloud(lab: &Lab, dir: &Path, name: &str, user: &str) {
    let mut cloud = CloudConfig::new_password(name, &lab.var("OS_AUTH_URL"), user, user);
    cloud.region_name = Some("RegionOne".into());
    cloud.source = CloudSource::Workbench(config::workbench_clouds_file(dir));
    config::save_workbench_cloud(dir, &cloud).unwrap();
}

/// Show the Remotes view and select `cloud`; when asked, type `secret` in the prompt.
fn open_cloud(h: &mut App<'_>, cloud: &str, secret: Option<&str>) {
    h.get_by_label("Remotes").click();
    wait_for(h, "the clouds", |h| shown(h, cloud));
    h.get_by_label(cloud).click();
    settle(h);
    if let Some(secret) = secret {
        wait_for(h, "the secret prompt", |h| shown(h, "Secret"));
        type_into(h, "Secret", secret);
        h.get_by_label("Connect").click();
        settle(h);
    }
}

/// A data seed unique to a run (from the unique name's random suffix).
fn seed_of(unique: &str) -> u64 {
    let suffix = unique.rsplit('-').next().unwrap_or_default();
    u64::from_str_radix(suffix, 16).unwrap_or(7) << 8
}

/// Press at `from`, move to `to` in steps, release there (without the pointer leaving).
fn drag(h: &mut App<'_>, from: egui::Pos2, to: egui::Pos2) {
    h.hover_at(from);
    h.step();
    h.drag_at(from);
    h.step();
    drag_to(h, from, to);
}

/// Move a drag under way from `from` to `to` in steps and release it there.
fn drag_to(h: &mut App<'_>, from: egui::Pos2, to: egui::Pos2) {
    for i in 1..=6 {
        h.hover_at(from + (to - from) * (i as f32 / 6.0));
        h.step();
    }
    assert!(
        egui::DragAndDrop::has_any_payload(&h.ctx),
        "the row carries its image while dragged"
    );
    h.event(egui::Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.step();
}

fn wait_jobs(h: &mut App<'_>, what: &str) {
    wait_for(h, what, |h| {
        let jobs = &h.state().view.jobs;
        !jobs.jobs.is_empty() && !jobs.any_running()
    });
    for job in &h.state().view.jobs.jobs {
        let outcome = job.finished.as_ref().map(|(_, o)| o.clone());
        assert!(
            matches!(outcome, Some(JobOutcome::Succeeded(_))),
            "job {} ended {outcome:?}",
            job.label
        );
    }
}

#[test]
fn a_cloud_added_in_the_form_is_tested_saved_and_browsed() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let tag = lab.unique("browse");
    let remote_id = lab.remote_image_named(&admin, &tag, &tag, &pattern(64 << 10, 3));
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    let name = lab.unique("form");
    let wrong = "wrong-Zq7-pass";
    let password = lab.var("OS_PASSWORD");

    h.get_by_label("Remotes").click();
    settle(&mut h);
    h.get_by_label("Add cloud…").click();
    wait_for(&mut h, "the cloud form", |h| shown(h, "Cloud name"));
    // Nothing is said missing before anything is typed; then what is missing is.
    assert!(!shown(&h, "the cloud needs a name"));
    type_into(&mut h, "Auth URL", "http://");
    assert!(shown(&h, "the cloud needs a name"));
    type_into(&mut h, "Cloud name", &name);
    type_into(&mut h, "Auth URL", &lab.var("OS_AUTH_URL"));
    type_into(&mut h, "User name", "admin");
    type_into(&mut h, "Project name", "admin");
    type_into(&mut h, "Region", "RegionOne");
    type_into(&mut h, "Password", wrong);
    h.get_by_label("Test connection").click();
    wait_for(&mut h, "the refused test", |h| {
        shown_containing(h, "authentication failed (HTTP 401)")
    });
    assert!(shown_containing(&h, "check the user name, password"));
    let text = screen_text(&h);
    assert!(!text.contains(wrong), "the typed secret shows on screen");

    type_into(&mut h, "Password", &password);
    h.get_by_label("Test connection").click();
    wait_for(&mut h, "the test", |h| {
        shown_containing(h, "Token valid until")
    });
    assert!(shown(&h, "Connected"));
    assert!(shown_containing(&h, &lab.var("GLANCE_URL")));
    assert!(!screen_text(&h).contains(&password));

    h.get_by_label("Save cloud").click();
    wait_for(&mut h, "the saved cloud", |h| {
        h.state().view.remotes.forms.form.is_none()
            && h.state().view.remotes.cloud.as_deref() == Some(name.as_str())
    });
    assert!(shown_containing(&h, "saved in"));
    // The clouds file and the registry never hold the secret.
    let file = std::fs::read_to_string(config::workbench_clouds_file(data.path())).unwrap();
    assert!(file.contains(&name) && file.contains("auth_url"));
    assert!(!file.contains(&password));
    for entry in std::fs::read_dir(data.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            let found = bytes
                .windows(password.len())
                .any(|w| w == password.as_bytes());
            assert!(!found, "{} holds the secret", path.display());
        }
    }

    // The cloud's catalog: filter by tag, see the image, select it for its details.
    type_and_enter(&mut h, "Remote tag filter", &tag);
    wait_for(&mut h, "the remote image", |h| shown(h, &tag));
    leftmost(&h, &tag).click();
    wait_for(&mut h, "the remote image's details", |h| {
        shown(h, &remote_id) && shown_containing(h, "Members (")
    });
    assert!(shown_containing(&h, "sha512"));

    // Rename the cloud in the form: the secret typed for it goes along (no prompt).
    h.get_by_label("Edit…").click();
    wait_for(&mut h, "the edit form", |h| shown(h, "Edit cloud"));
    let renamed = format!("{name}-renamed");
    type_into(&mut h, "Cloud name", &renamed);
    h.get_by_label("Save cloud").click();
    wait_for(&mut h, "the renamed cloud's listing", |h| {
        let remotes = &h.state().view.remotes;
        remotes.forms.form.is_none()
            && remotes.images.loaded_for.as_deref() == Some(renamed.as_str())
            && !remotes.images.loading
    });
    assert!(h.state().view.remotes.forms.prompt.is_none());
    assert!(h.state().view.remotes.images.error.is_none());
    let clouds = config::Clouds::load(Some(data.path())).unwrap();
    assert!(clouds.clouds.contains_key(&renamed) && !clouds.clouds.contains_key(&name));
    let name = renamed;

    // Test from the clouds list, then remove the cloud.
    h.get_by_label("Test").click();
    wait_for(&mut h, "the list's test", |h| shown(h, "Connected"));
    h.get_by_label("Remove…").click();
    wait_for(&mut h, "the confirmation", |h| shown(h, "Remove cloud"));
    h.get_by_label("Remove cloud").click();
    wait_for(&mut h, "the cloud to go", |h| {
        h.state()
            .view
            .remotes
            .clouds
            .iter()
            .all(|c| c.config.name != name)
    });
    assert!(!shown(&h, &name));
    admin.delete_image(&remote_id).unwrap();
}

#[test]
fn a_remote_image_is_edited_deactivated_and_deleted_from_its_details() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let tag = lab.unique("edit");
    let id = lab.remote_image_named(&admin, &tag, &tag, &pattern(16 << 10, 7));
    let data = tempfile::tempdir().unwrap();
    let cloud = lab.unique("lab");
    save_cloud(lab, data.path(), &cloud, "admin");
    let mut h = harness(data.path());
    open_cloud(&mut h, &cloud, Some(&lab.var("OS_PASSWORD")));
    type_and_enter(&mut h, "Remote tag filter", &tag);
    wait_for(&mut h, "the remote image", |h| shown(h, &tag));
    leftmost(&h, &tag).click();
    wait_for(&mut h, "its details", |h| shown(h, "Add tag"));

    type_into(&mut h, "New remote tag", "gui-tag");
    click(&mut h, "Add tag");
    wait_for(&mut h, "the new tag", |h| shown(h, "gui-tag  ×"));
    type_into(&mut h, "New remote property", "hw_rng_model=virtio");
    click(&mut h, "Set property");
    wait_for(&mut h, "the new property", |h| shown(h, "hw_rng_model"));
    let image = admin.show_image(&id).unwrap();
    assert!(image.tags().contains("gui-tag"));
    assert_eq!(
        image.properties().get("hw_rng_model").map(String::as_str),
        Some("virtio")
    );

    // The details show what Glance knows; min_disk, min_ram and hidden are editable.
    for field in [
        "Virtual size",
        "checksum (md5)",
        "Created",
        "Protected / hidden",
    ] {
        assert!(shown(&h, field), "{field}");
    }
    wait_for(&mut h, "the details to settle", |h| {
        let d = &h.state().view.remotes.detail;
        !d.stale
            && d.detail
                .as_ref()
                .is_some_and(|d| d.image.tags().contains("gui-tag"))
    });
    settle(&mut h);
    h.state_mut().view.remotes.detail.min_disk_gib = 3;
    h.state_mut().view.remotes.detail.min_ram_mib = 512;
    settle(&mut h);
    click(&mut h, "Hidden");
    click(&mut h, "Save changes");
    wait_for(&mut h, "the saved edit", |_| {
        let image = admin.show_image(&id).unwrap();
        (image.min_disk_gib(), image.min_ram_mib(), image.hidden()) == (3, 512, true)
    });
    // The details reload after the save; a click while they do lands on disabled buttons.
    wait_for(&mut h, "the details after the save", |h| {
        let d = &h.state().view.remotes.detail;
        !d.stale && d.detail.as_ref().is_some_and(|d| d.image.hidden())
    });

    click(&mut h, "Deactivate");
    wait_for(&mut h, "the deactivation", |h| shown(h, "Reactivate"));
    assert_eq!(admin.show_image(&id).unwrap().status(), "deactivated");
    click(&mut h, "Reactivate");
    wait_for(&mut h, "the reactivation", |h| shown(h, "Deactivate"));
    assert_eq!(admin.show_image(&id).unwrap().status(), "active");

    click(&mut h, "Delete remote image…");
    wait_for(&mut h, "the confirmation", |h| {
        shown(h, "Delete on the cloud")
    });
    click(&mut h, "Delete on the cloud");
    wait_for(&mut h, "the deletion", |h| {
        shown_containing(h, &format!("deleted remote image {id}"))
    });
    let gone = admin.show_image(&id).unwrap_err();
    assert_eq!(gone.status(), Some(404), "{gone}");
    wait_for(&mut h, "the row to go", |h| {
        !shown(h, &tag) || shown(h, "page 1 · 0 images")
    });
}

#[test]
fn a_missing_secret_is_asked_for_and_shared_images_are_accepted() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let tag = lab.unique("inbox");
    let remote_id = lab.remote_image_named(&admin, &tag, &tag, &pattern(32 << 10, 5));
    admin.add_member(&remote_id, &lab.demo_project_id).unwrap();
    let data = tempfile::tempdir().unwrap();
    let cloud = lab.unique("demo");
    save_cloud(lab, data.path(), &cloud, "demo");
    let mut h = harness(data.path());

    // A wrong secret is refused in the prompt, which asks again; nothing secret on screen.
    open_cloud(&mut h, &cloud, Some("not-demos-password"));
    wait_for(&mut h, "the prompt to ask again", |h| {
        shown(h, "Secret") && shown_containing(h, "authentication failed (HTTP 401)")
    });
    assert!(!screen_text(&h).contains("not-demos-password"));
    type_into(&mut h, "Secret", &lab.var("LAB_DEMO_PASSWORD"));
    h.get_by_label("Connect").click();
    wait_for(&mut h, "the listing", |h| {
        let images = &h.state().view.remotes.images;
        !images.loading && images.loaded_for.as_deref() == Some(cloud.as_str())
    });
    assert!(!screen_text(&h).contains(&lab.var("LAB_DEMO_PASSWORD")));

    h.get_by_label("Shared with me").click();
    type_and_enter(&mut h, "Remote tag filter", &tag);
    wait_for(&mut h, "the pending shared image", |h| shown(h, &tag));
    leftmost(&h, &tag).click();
    settle(&mut h);
    h.get_by_label("Accept").click();
    wait_for(&mut h, "the answer", |h| {
        shown_containing(h, "membership accepted")
    });
    let members = admin.members(&remote_id).unwrap();
    assert_eq!(members[0]["status"], "accepted", "{members:?}");
    // Another project's image: read-only, with the reason, until "I am an admin".
    wait_for(&mut h, "its details", |h| {
        shown_containing(h, "only its owner or an admin can change it")
    });
    for action in [
        "Deactivate",
        "Delete remote image…",
        "Add member",
        "Save changes",
    ] {
        assert!(!shown(&h, action), "{action} is offered to a consumer");
    }
    admin.delete_image(&remote_id).unwrap();
}

#[test]
fn a_local_image_dragged_onto_a_cloud_is_pushed_and_verified() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let data = tempfile::tempdir().unwrap();
    let name = lab.unique("push");
    // Data unique to the run: data the cloud already holds would make the push ask first.
    let image = local_image(
        &Catalog::open(data.path()).unwrap(),
        &name,
        &pattern(3 << 20, seed_of(&name) + 21),
        &name,
    );
    let cloud = lab.unique("lab");
    save_cloud(lab, data.path(), &cloud, "admin");
    let mut h = harness(data.path());
    open_cloud(&mut h, &cloud, Some(&lab.var("OS_PASSWORD")));
    wait_for(&mut h, "the local list", |h| shown(h, &name));

    // Drag the row of the compact local list onto the cloud's entry.
    let from = leftmost(&h, &name).rect().center();
    let to = h.get_by_label(&cloud).rect().center();
    drag(&mut h, from, to);
    wait_push_dialog(&mut h);
    assert!(shown_containing(
        &h,
        &format!("Push 1 local image to cloud \"{cloud}\"")
    ));
    h.get_by_label("glance-direct").click();
    h.get_by_label("Start push").click();
    wait_jobs(&mut h, "the push");

    let remote = admin
        .list_images(&lab.query(&[("name", name.as_str())]))
        .unwrap();
    assert_eq!(remote.len(), 1, "{remote:?}");
    assert_eq!(remote[0].status(), "active");
    assert_eq!(remote[0].os_hash_value(), image.os_hash_value.as_deref());
    // The remote image is shown (selected) after the push; the State tab shows the push task.
    wait_for(&mut h, "the pushed image in the table", |h| {
        h.state().view.remotes.images.primary.as_deref() == Some(remote[0].id())
            && shown(h, remote[0].id())
    });
    leftmost(&h, &name).click();
    // The Remotes view shows the local inspector when its Details toggle is on.
    h.get_by_label("Details").click();
    // The inspector may show a spinner while the image loads: settle, do not insist.
    settle(&mut h);
    h.get_by_label("State").click();
    wait_for(&mut h, "the push task", |h| shown(h, "push"));
    let catalog = Catalog::open(data.path()).unwrap();
    let tasks = catalog.tasks(None, Some(image.id), 10).unwrap();
    let push = tasks.iter().find(|t| t.task_type == "push").unwrap();
    assert_eq!(push.status, TaskStatus::Success);
    assert_eq!(push.input["method"], "glance-direct");
    admin.delete_image(remote[0].id()).unwrap();
}

#[test]
fn a_remote_image_is_pulled_verified_and_selected_then_prefetched() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let tag = lab.unique("pull");
    let pulled_id =
        lab.remote_image_named(&admin, &format!("{tag}-a"), &tag, &pattern(2 << 20, 31));
    let cached_id =
        lab.remote_image_named(&admin, &format!("{tag}-b"), &tag, &pattern(1 << 20, 32));
    let dragged_id =
        lab.remote_image_named(&admin, &format!("{tag}-c"), &tag, &pattern(64 << 10, 33));
    let data = tempfile::tempdir().unwrap();
    let cloud = lab.unique("lab");
    save_cloud(lab, data.path(), &cloud, "admin");
    let mut h = harness(data.path());
    open_cloud(&mut h, &cloud, Some(&lab.var("OS_PASSWORD")));
    type_and_enter(&mut h, "Remote tag filter", &tag);
    let a = format!("{tag}-a");
    wait_for(&mut h, "the remote images", |h| shown(h, &a));
    leftmost(&h, &a).click();
    settle(&mut h);
    h.get_by_label("◂ Pull").click();
    wait_jobs(&mut h, "the pull");
    wait_for(&mut h, "the pulled image selected", |h| {
        h.state()
            .view
            .selected
            .as_ref()
            .is_some_and(|v| v.image.name.as_deref() == Some(a.as_str()))
    });
    let local = h.state().view.selected.clone().unwrap().image;
    let remote = admin.show_image(&pulled_id).unwrap();
    let stored = Catalog::open(data.path()).unwrap().image(local.id).unwrap();
    assert_eq!(stored.status, ImageStatus::Active);
    assert_eq!(stored.os_hash_value.as_deref(), remote.os_hash_value());
    assert_eq!(stored.size_bytes, remote.size_bytes());
    assert_eq!(
        stored.properties.get(remote::local::ORIGIN_ID),
        Some(&pulled_id)
    );

    // A remote row dragged onto the local list is pulled too.
    let c = format!("{tag}-c");
    let from = leftmost(&h, &c).rect().center();
    let to = leftmost(&h, &a).rect().center();
    drag(&mut h, from, to);
    wait_jobs(&mut h, "the dragged pull");
    let catalog = Catalog::open(data.path()).unwrap();
    let pulled = remote::local::find_origin(&catalog, &cloud, &dragged_id)
        .unwrap()
        .expect("the dragged image was pulled");
    assert_eq!(pulled.name.as_deref(), Some(c.as_str()));
    assert_eq!(pulled.status, ImageStatus::Active);

    // Prefetch the other into the cache; the Cache tab lists both.
    let b = format!("{tag}-b");
    leftmost(&h, &b).click();
    settle(&mut h);
    h.get_by_label("Prefetch to local cache").click();
    wait_jobs(&mut h, "the prefetch");
    h.get_by_label("Local cache").click();
    wait_for(&mut h, "the cache entries", |h| {
        shown(h, &a) && shown(h, &b)
    });
    let cache = remote::Cache::new(data.path());
    let entries = cache.entries().unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.remote_id == cached_id && e.complete)
    );
    h.get_by_label("Clean").click();
    wait_for(&mut h, "the clean", |h| {
        shown_containing(h, "cache cleaned")
    });
    assert!(shown(&h, &b), "complete entries survive a clean");
    for id in [pulled_id, cached_id, dragged_id] {
        admin.delete_image(&id).unwrap();
    }
}

#[test]
fn the_sync_table_shows_every_kind_and_applies_the_selected_actions() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let data = tempfile::tempdir().unwrap();
    let catalog = Catalog::open(data.path()).unwrap();
    let tag = lab.unique("sync");
    let seed = seed_of(&tag);
    let job = JobControl::new();
    local_image(
        &catalog,
        &format!("{tag}-local"),
        &pattern(1 << 20, seed + 1),
        &tag,
    );
    let same = local_image(
        &catalog,
        &format!("{tag}-same"),
        &pattern(1 << 20, seed + 2),
        &tag,
    );
    let same = remote::push(&catalog, &admin, same.id, &PushOptions::default(), &job).unwrap();
    let meta = local_image(
        &catalog,
        &format!("{tag}-meta"),
        &pattern(1 << 20, seed + 3),
        &tag,
    );
    let meta = remote::push(&catalog, &admin, meta.id, &PushOptions::default(), &job).unwrap();
    let mut edit = RemoteEdit::default();
    edit.set_properties
        .insert("os_distro".into(), "fedora".into());
    admin.edit_image(meta.remote.id(), &edit).unwrap();
    let only_remote = lab.remote_image_named(
        &admin,
        &format!("{tag}-remote"),
        &tag,
        &pattern(1 << 20, seed + 4),
    );
    local_image(
        &catalog,
        &format!("{tag}-diff"),
        &pattern(1 << 20, seed + 5),
        &tag,
    );
    let diff = lab.remote_image_named(
        &admin,
        &format!("{tag}-diff"),
        &tag,
        &pattern(1 << 20, seed + 6),
    );
    drop(catalog);
    let cloud = lab.unique("lab");
    save_cloud(lab, data.path(), &cloud, "admin");
    let mut h = harness(data.path());
    open_cloud(&mut h, &cloud, Some(&lab.var("OS_PASSWORD")));
    wait_for(&mut h, "the listing", |h| {
        h.state().view.remotes.images.loaded_for.is_some()
    });

    h.get_by_label("Sync").click();
    settle(&mut h);
    type_into(&mut h, "Sync tag filter", &tag);
    h.get_by_label("Compute plan").click();
    let kinds = [
        "only local",
        "only remote",
        "identical",
        "different data",
        "different metadata",
    ];
    wait_for(&mut h, "the plan", |h| {
        let sync = &h.state().view.remotes.sync;
        !sync.loading && sync.items.len() == 5 && kinds.iter().all(|k| shown(h, k))
    });
    assert!(shown(
        &h,
        "1 only local · 1 only remote · 1 identical · 1 different data · 1 different metadata"
    ));
    assert!(shown_containing(&h, "property os_distro"));
    // The pull is declined: the recomputed plan keeps it unticked.
    h.get_by_label(format!("Sync {tag}-remote").as_str())
        .click();
    settle(&mut h);
    h.get_by_label("Apply selected (2)").click();
    wait_jobs(&mut h, "the sync jobs");
    wait_for(&mut h, "the new plan", |h| {
        shown(
            h,
            "0 only local · 1 only remote · 3 identical · 1 different data · 0 different metadata",
        )
    });
    assert!(
        shown(&h, "Apply selected (0)"),
        "the declined pull stays unticked"
    );
    // A recompute keeps the choice too.
    h.get_by_label("Compute plan").click();
    wait_for(&mut h, "the plan again", |h| {
        !h.state().view.remotes.sync.loading
    });
    assert!(shown(&h, "Apply selected (0)"));
    let remote = admin.show_image(meta.remote.id()).unwrap();
    assert_eq!(
        remote.properties().get("os_distro").map(String::as_str),
        Some("cirros")
    );
    let pushed = admin
        .list_images(&lab.query(&[("name", format!("{tag}-local").as_str())]))
        .unwrap();
    assert_eq!(pushed.len(), 1);
    for id in [
        same.remote.id().to_string(),
        meta.remote.id().to_string(),
        only_remote,
        diff,
        pushed[0].id().to_string(),
    ] {
        admin.delete_image(&id).unwrap();
    }
}

/// Needs no lab: a Keystone that refuses connections gives the library's message as a notice
/// (and in the pane), and nothing typed shows on screen.
#[test]
fn an_unreachable_cloud_shows_the_error_as_a_notice() {
    let data = tempfile::tempdir().unwrap();
    let mut cloud = CloudConfig::new_password("nowhere", "http://127.0.0.1:9/v3", "u", "p");
    cloud.source = CloudSource::Workbench(config::workbench_clouds_file(data.path()));
    config::save_workbench_cloud(data.path(), &cloud).unwrap();
    let mut h = harness(data.path());
    open_cloud(&mut h, "nowhere", Some("typed-secret-41"));
    wait_for(&mut h, "the error", |h| {
        !h.state().view.jobs.notices.is_empty()
    });
    let notice = h.state().view.jobs.notices[0].text.clone();
    assert!(
        notice.starts_with(
            "cloud \"nowhere\": authenticating at http://127.0.0.1:9/v3/auth/tokens: cannot reach"
        ),
        "{notice}"
    );
    assert!(shown(&h, &notice), "the notice is on screen");
    assert!(!screen_text(&h).contains("typed-secret-41"));
    // The cloud's state says so; the pane gives only the cause; asking again adds no notice.
    assert!(shown_containing(&h, "unreachable since"));
    assert!(shown(&h, "Cannot list: Connection refused (os error 111)"));
    click(&mut h, "Refresh");
    wait_for(&mut h, "the second failure", |h| {
        !h.state().view.remotes.images.loading
    });
    assert_eq!(h.state().view.jobs.notices.len(), 1, "one notice");
    // The listing does not ask again by itself; Refresh does.
    assert!(!shown(&h, "Secret"));
}

#[test]
fn the_remote_catalog_pages_along_next_links() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let tag = lab.unique("page");
    let ids: Vec<String> = (0..12)
        .map(|i| {
            let body = json!({"name": format!("{tag}-{i:02}"), "disk_format": "raw",
                              "container_format": "bare", "tags": [tag]});
            admin.create_image(&body).unwrap().id().to_string()
        })
        .collect();
    let data = tempfile::tempdir().unwrap();
    let cloud = lab.unique("lab");
    save_cloud(lab, data.path(), &cloud, "admin");
    let mut h = harness(data.path());
    open_cloud(&mut h, &cloud, Some(&lab.var("OS_PASSWORD")));
    type_and_enter(&mut h, "Remote tag filter", &tag);
    wait_for(&mut h, "the first page", |h| shown(h, &format!("{tag}-00")));
    click(&mut h, "Page size");
    click(&mut h, "10 per page");
    wait_for(&mut h, "ten per page", |h| {
        shown(h, "page 1 · 10 images") && !shown(h, &format!("{tag}-10"))
    });
    click(&mut h, "Next ›");
    wait_for(&mut h, "the second page", |h| {
        shown(h, "page 2 · 2 images") && shown(h, &format!("{tag}-11"))
    });
    assert!(!shown(&h, &format!("{tag}-00")));
    click(&mut h, "‹ Previous");
    wait_for(&mut h, "the first page again", |h| {
        shown(h, "page 1 · 10 images") && shown(h, &format!("{tag}-00"))
    });
    // Sorting on the cloud: name descending puts the last name first.
    click(&mut h, "Name ▲");
    wait_for(&mut h, "the reversed sort", |h| {
        shown(h, "Name ▼") && shown(h, &format!("{tag}-11")) && !shown(h, &format!("{tag}-00"))
    });
    for id in ids {
        admin.delete_image(&id).unwrap();
    }
}

#[test]
fn an_application_credential_cloud_is_tested_and_saved() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let keystone = lab.var("OS_AUTH_URL");
    let users = admin
        .call(
            reqwest::Method::GET,
            &format!("{keystone}/users"),
            &[("name".into(), "admin".into())],
            None,
            true,
        )
        .unwrap();
    let user_id = users.json["users"][0]["id"].as_str().unwrap().to_string();
    let credential_name = lab.unique("appcred");
    let created = admin
        .call(
            reqwest::Method::POST,
            &format!("{keystone}/users/{user_id}/application_credentials"),
            &[],
            Some(CallBody::Json(
                json!({"application_credential": {"name": credential_name}}),
            )),
            false,
        )
        .unwrap();
    let credential = &created.json["application_credential"];
    let (id, secret) = (
        credential["id"].as_str().unwrap().to_string(),
        credential["secret"].as_str().unwrap().to_string(),
    );
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    let name = lab.unique("app");
    h.get_by_label("Remotes").click();
    settle(&mut h);
    h.get_by_label("Add cloud…").click();
    wait_for(&mut h, "the cloud form", |h| shown(h, "Cloud name"));
    type_into(&mut h, "Cloud name", &name);
    type_into(&mut h, "Auth URL", &keystone);
    click(&mut h, "Application credential");
    type_into(&mut h, "Application credential id", &id);
    type_into(&mut h, "Region", "RegionOne");
    type_into(&mut h, "Application credential secret", &secret);
    click(&mut h, "Test connection");
    wait_for(&mut h, "the test", |h| {
        shown_containing(h, "Token valid until")
    });
    assert!(!screen_text(&h).contains(&secret));
    click(&mut h, "Save cloud");
    wait_for(&mut h, "the listing", |h| {
        let images = &h.state().view.remotes.images;
        images.loaded_for.as_deref() == Some(name.as_str()) && !images.loading
    });
    assert!(h.state().view.remotes.images.error.is_none());
    let file = std::fs::read_to_string(config::workbench_clouds_file(data.path())).unwrap();
    assert!(file.contains("v3applicationcredential") && file.contains(&id));
    assert!(!file.contains(&secret));
    admin
        .call(
            reqwest::Method::DELETE,
            &format!("{keystone}/users/{user_id}/application_credentials/{id}"),
            &[],
            None,
            true,
        )
        .unwrap();
}

/// Needs no lab: a row of the main catalog table dragged onto the strip of clouds that
/// appears while dragging opens the push dialog for that image and cloud.
#[test]
fn a_catalog_row_dropped_on_the_cloud_strip_asks_to_push_it() {
    let data = tempfile::tempdir().unwrap();
    let image = local_image(
        &Catalog::open(data.path()).unwrap(),
        "strip-image",
        &pattern(64 << 10, 3),
        "strip",
    );
    let mut cloud = CloudConfig::new_password("strip-cloud", "http://127.0.0.1:9/v3", "u", "p");
    cloud.source = CloudSource::Workbench(config::workbench_clouds_file(data.path()));
    config::save_workbench_cloud(data.path(), &cloud).unwrap();
    let mut h = harness(data.path());
    wait_for(&mut h, "the catalog row and the clouds", |h| {
        shown(h, "strip-image") && !h.state().view.remotes.clouds.is_empty()
    });
    assert!(
        !shown(&h, "strip-cloud"),
        "the strip shows only while dragging"
    );
    let from = leftmost(&h, "strip-image").rect().center();
    h.hover_at(from);
    h.step();
    h.drag_at(from);
    h.step();
    for i in 1..=4 {
        h.hover_at(from + egui::vec2(0.0, 40.0 * i as f32));
        h.step();
    }
    wait_for(&mut h, "the cloud strip", |h| shown(h, "strip-cloud"));
    let to = h.get_by_label("strip-cloud").rect().center();
    drag_to(&mut h, from + egui::vec2(0.0, 160.0), to);
    wait_for(&mut h, "the push dialog", |h| shown(h, "Start push"));
    assert!(shown_containing(
        &h,
        "Push 1 local image to cloud \"strip-cloud\""
    ));
    assert!(shown(&h, "• strip-image"));
    let dialog = h.state().view.remotes.forms.push.as_ref().unwrap();
    assert_eq!(dialog.images, [(image.id, "strip-image".to_string())]);
    click(&mut h, "Cancel");
    assert!(h.state().view.remotes.forms.push.is_none());
    assert!(h.state().view.jobs.jobs.is_empty(), "nothing was started");
}

/// A cleanup a failed push left pending (its image protected on the cloud, so Glance refuses
/// the delete with 403) shows above the cloud's tabs with its count and list; the window
/// retries it by itself when the cloud is used (one more attempt, still refused), the Sync tab
/// lists the stuck image, and once the image may go, "Clean up now" deletes it and the notice
/// goes away.
#[test]
fn pending_cleanups_show_on_the_cloud_and_clean_up_now_runs_them() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let tag = lab.unique("pending");
    let data = tempfile::tempdir().unwrap();
    let cloud = lab.unique("lab");
    save_cloud(lab, data.path(), &cloud, "admin");
    // What a push that failed before its data went up leaves: a queued image of the
    // workbench's, here protected so that deleting it fails.
    let mut body = json!({"name": tag, "disk_format": "raw", "container_format": "bare",
                          "tags": [tag], "protected": true});
    body[cleanups::CREATED_BY] = json!(format!("push:{}", uuid::Uuid::new_v4()));
    let id = admin.create_image(&body).unwrap().id().to_string();
    let catalog = Catalog::open(data.path()).unwrap();
    let mut config = lab.cloud(&cloud);
    let secret = config.secret.take().unwrap();
    let session = Session::connect(config, secret).unwrap();
    let removal =
        cleanups::remove_or_record(&catalog, &session, &id, "push of local image \"x\" failed");
    assert!(matches!(removal, Removal::Recorded(_)), "{removal:?}");
    drop(catalog);

    let mut h = harness(data.path());
    open_cloud(&mut h, &cloud, Some(&lab.var("OS_PASSWORD")));
    wait_for(&mut h, "the notice after the window's own retry", |h| {
        let rows = &h.state().view.remotes.cleanups.rows;
        shown_containing(h, "1 remote cleanup pending on this cloud")
            && rows.len() == 1
            && rows[0].attempts >= 2
    });
    assert!(shown(&h, "Pending cleanups (1)"));
    assert!(shown(&h, &id));
    let row = h.state().view.remotes.cleanups.rows[0].clone();
    let last_error = row.last_error.unwrap_or_default();
    assert!(last_error.contains("HTTP 403"), "{last_error}");

    // The Sync tab lists the stuck image with its cleanup action.
    h.get_by_label("Sync").click();
    settle(&mut h);
    type_into(&mut h, "Sync tag filter", &tag);
    h.get_by_label("Compute plan").click();
    wait_for(&mut h, "the plan", |h| {
        let sync = &h.state().view.remotes.sync;
        !sync.loading && sync.items.len() == 1 && shown(h, "stuck")
    });
    // Its cleanup is recorded, so it is proven abandoned: the cleanup is chosen already.
    assert_eq!(
        h.state().view.remotes.sync.items[0].action,
        glance_workbench::backend::remote::sync::SyncAction::Cleanup
    );
    assert!(h.state().view.remotes.sync.items[0].checked);
    assert!(shown_containing(&h, "pending cleanup recorded"));
    assert!(shown_containing(&h, "· 1 stuck"));

    // Once Glance allows it, "Clean up now" deletes the image and the notice goes.
    admin
        .patch_image(
            &id,
            &[json!({"op": "replace", "path": "/protected", "value": false})],
        )
        .unwrap();
    click(&mut h, "Clean up now");
    wait_for(&mut h, "the cleanup", |h| {
        h.state().view.remotes.cleanups.rows.is_empty()
            && shown_containing(h, "1 pending cleanup done")
    });
    assert!(!shown_containing(&h, "remote cleanup pending"));
    assert_eq!(admin.show_image(&id).unwrap_err().status(), Some(404));
    let catalog = Catalog::open(data.path()).unwrap();
    assert!(cleanups::pending(&catalog, None).unwrap().is_empty());
}
