//! Dialogs and keys (issue #12): F1 and the Help menu open the keyboard shortcuts, About shows
//! the version, data dir, qemu-img's version and the licences, and Esc closes each dialog —
//! the Help windows, the cloud form, the secret prompt, the push dialog and the
//! confirmations (cloud removal, image deletion) — one at a time.

use egui_kittest::kittest::Queryable;
use glance_workbench::app::protocol::remote::RemoteOp;
use glance_workbench::backend::remote::config::AuthType;
use glance_workbench::backend::{Catalog, ContainerFormat, DiskFormat, NewImage};
use glance_workbench::ui::remotes::forms::Confirm;

use super::common::{App, harness, select, settle, shown, shown_containing, wait_for};
use eframe::egui;

fn escape(h: &mut App<'_>) {
    h.key_press(egui::Key::Escape);
    settle(h);
}

#[test]
fn f1_opens_the_keyboard_shortcuts_and_about_tells_versions_and_licences() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());

    h.key_press(egui::Key::F1);
    wait_for(&mut h, "the shortcuts", |h| {
        shown(h, "Show these keyboard shortcuts")
    });
    assert!(shown(&h, "Ctrl+I") && shown(&h, "Esc"));
    escape(&mut h);
    assert!(!shown(&h, "Show these keyboard shortcuts"), "Esc closes it");
    assert!(!h.state().help.shortcuts);

    h.get_by_label("Help").click();
    // The menu entry's label carries its key (F1).
    wait_for(&mut h, "the Help menu", |h| {
        shown_containing(h, "Keyboard shortcuts")
    });
    h.get_by_label_contains("Keyboard shortcuts").click();
    wait_for(&mut h, "the shortcuts again", |h| {
        shown(h, "Show these keyboard shortcuts")
    });
    escape(&mut h);
    assert!(!shown(&h, "Show these keyboard shortcuts"));

    h.get_by_label("Help").click();
    wait_for(&mut h, "the Help menu", |h| {
        shown(h, "About Glance Workbench")
    });
    h.get_by_label("About Glance Workbench").click();
    wait_for(&mut h, "qemu-img's version", |h| {
        h.state_mut()
            .view
            .convert
            .qemu_img_version(&mut Vec::new())
            .is_some()
    });
    settle(&mut h);
    let version = env!("CARGO_PKG_VERSION");
    assert!(shown(&h, &format!("Glance Workbench {version}")));
    assert!(shown(&h, &data.path().display().to_string()));
    assert!(shown(&h, "Apache-2.0"), "the project's licence");
    assert!(shown(&h, "egui, eframe, egui_extras") && shown(&h, "MIT"));
    let qemu = h
        .state_mut()
        .view
        .convert
        .qemu_img_version(&mut Vec::new())
        .cloned()
        .unwrap();
    match qemu {
        Ok(found) => assert!(shown(&h, &found), "{found}"),
        Err(why) => assert!(shown(&h, &why), "{why}"),
    }
    escape(&mut h);
    assert!(!shown(&h, "About Glance Workbench"));
    assert!(!h.state().help.about);
}

#[test]
fn esc_closes_the_remote_dialogs_and_the_confirmations() {
    let data = tempfile::tempdir().unwrap();
    let catalog = Catalog::open(data.path()).unwrap();
    let image = catalog
        .create_image(NewImage {
            name: Some("keep-me".into()),
            disk_format: Some(DiskFormat::Raw),
            container_format: Some(ContainerFormat::Bare),
            ..NewImage::default()
        })
        .unwrap();
    drop(catalog);
    let mut h = harness(data.path());

    // Image deletion's confirmation (Delete on the selection).
    select(&mut h, "keep-me");
    h.key_press(egui::Key::Delete);
    wait_for(&mut h, "the delete confirmation", |h| {
        shown(h, "Delete image \"keep-me\"?")
    });
    escape(&mut h);
    assert!(!shown(&h, "Delete image \"keep-me\"?"));
    assert!(Catalog::open(data.path()).unwrap().image(image.id).is_ok());

    // The cloud form.
    h.get_by_label("Remotes").click();
    settle(&mut h);
    h.get_by_label("Add cloud…").click();
    wait_for(&mut h, "the cloud form", |h| shown(h, "Cloud name"));
    escape(&mut h);
    assert!(h.state().view.remotes.forms.form.is_none());
    assert!(!shown(&h, "Cloud name"));

    // The push dialog.
    h.state_mut()
        .view
        .remotes
        .forms
        .ask_push("lab", vec![(image.id, "keep-me".into())]);
    wait_for(&mut h, "the push dialog", |h| shown(h, "Start push"));
    escape(&mut h);
    assert!(h.state().view.remotes.forms.push.is_none());
    assert!(h.state().view.jobs.jobs.is_empty(), "nothing pushed");

    // Removing a cloud.
    h.state_mut().view.remotes.forms.confirm = Some(Confirm::RemoveCloud("lab".into()));
    wait_for(&mut h, "the confirmation", |h| {
        shown(h, "Remove cloud \"lab\"?")
    });
    escape(&mut h);
    assert!(h.state().view.remotes.forms.confirm.is_none());

    // The secret prompt.
    h.state_mut().view.remotes.forms.ask_secret(
        "lab".into(),
        AuthType::Password,
        RemoteOp::LoadClouds,
        None,
    );
    wait_for(&mut h, "the secret prompt", |h| {
        shown_containing(h, "Secret for cloud \"lab\"")
    });
    escape(&mut h);
    assert!(h.state().view.remotes.forms.prompt.is_none());
}

#[test]
fn esc_closes_the_import_upload_and_save_windows() {
    let data = tempfile::tempdir().unwrap();
    let catalog = Catalog::open(data.path()).unwrap();
    catalog
        .create_image(NewImage {
            name: Some("waiting".into()),
            disk_format: Some(DiskFormat::Raw),
            container_format: Some(ContainerFormat::Bare),
            ..NewImage::default()
        })
        .unwrap();
    drop(catalog);
    let mut h = harness(data.path());
    h.get_by_label("Import…").click();
    settle(&mut h);
    assert!(shown(&h, "Import images"));
    escape(&mut h);
    assert!(!shown(&h, "Import images"), "Esc closes Import");
    select(&mut h, "waiting");
    h.get_by_label("Upload data…").click();
    settle(&mut h);
    assert!(shown(&h, "Upload data"));
    escape(&mut h);
    assert!(!shown(&h, "Upload from path"), "Esc closes Upload data");
}

#[test]
fn enter_in_the_import_path_field_adds_the_file() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("typed.raw");
    std::fs::write(&path, vec![7u8; 8192]).unwrap();
    let mut h = harness(data.path());
    // Ctrl+I opens Import with the cursor in the path field; Enter adds the typed file (the
    // dialog's own Enter handling used to swallow it).
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::I);
    settle(&mut h);
    h.get_by_label("File path")
        .type_text(&path.display().to_string());
    settle(&mut h);
    h.key_press(egui::Key::Enter);
    wait_for(&mut h, "the file to be added", |h| {
        h.query_by_label_contains("Detected raw").is_some()
    });
    assert!(shown(&h, "Verdict: safe"));
}
