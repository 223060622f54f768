//! Parity of the local operations (issue #11): each one is driven once through the CLI binary
//! and once through the window (by label), each on a fresh data dir, and both data dirs must
//! then hold the same catalog, status histories, members, tasks and stored files (compared
//! through the CLI's JSON with ids and times left out; see tests/common/parity.rs).

use std::path::Path;

use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::backend::{
    Catalog, ContainerFormat, DiskFormat, ImageStatus, MemberStatus, NewImage, Visibility,
};
use glance_workbench::ui::bridge::{Command, JobOutcome};
use glance_workbench::ui::jobs::JobKind;

use super::common::{App, harness, select, settle, shown, type_into, wait_for};
use super::{qemu_img_create, small_file};

#[path = "../common/parity.rs"]
mod twin;

use twin::{Side, assert_same};

/// Wait until a job started after `before` jobs has ended; its outcome.
fn job_outcome(h: &mut App<'_>, before: usize, what: &str) -> JobOutcome {
    wait_for(h, what, |h| {
        let jobs = &h.state().view.jobs;
        jobs.jobs.len() > before && !jobs.any_running()
    });
    let job = h.state().view.jobs.jobs.last().unwrap();
    job.finished.clone().unwrap().1
}

fn jobs(h: &App<'_>) -> usize {
    h.state().view.jobs.jobs.len()
}

/// Import `file` through the Import form, as it pre-fills itself from the file.
fn import(h: &mut App<'_>, file: &Path, detected: &str) {
    h.get_by_label("Import…").click();
    wait_for(h, "the import window", |h| shown(h, "File path"));
    type_into(h, "File path", &file.display().to_string());
    h.get_by_label("Add file").click();
    wait_for(h, "the file's inspection", |h| {
        h.query_by_label_contains(&format!("Detected {detected}"))
            .is_some()
    });
    let before = jobs(h);
    h.get_by_label("Import").click();
    let outcome = job_outcome(h, before, "the import");
    assert!(
        matches!(outcome, JobOutcome::Succeeded(_)),
        "import of {}: {outcome:?}",
        file.display()
    );
}

/// Ask the window's service to import `file` declared as `disk_format`, as the Import button
/// would (the form itself refuses first); the job's outcome.
fn import_bypassing_the_form(
    h: &mut App<'_>,
    file: &Path,
    name: &str,
    disk_format: DiskFormat,
) -> JobOutcome {
    let before = jobs(h);
    let view = &mut h.state_mut().view;
    let (job, control) = view.jobs.start(JobKind::Import, name.to_string(), None);
    let new_image = NewImage {
        name: Some(name.to_string()),
        disk_format: Some(disk_format),
        container_format: Some(ContainerFormat::Bare),
        visibility: Some(Visibility::Shared),
        ..NewImage::default()
    };
    view.outbox.push(Command::Import(
        job,
        file.to_path_buf(),
        Box::new(new_image),
        false,
        control,
    ));
    job_outcome(h, before, "the refused import")
}

/// The selected image, once its details are loaded.
fn selected(h: &App<'_>) -> Option<glance_workbench::backend::Image> {
    h.state().view.selected.as_ref().map(|v| v.image.clone())
}

/// The window's image named `name` as its registry has it.
fn stored(side: &Side, name: &str) -> Option<glance_workbench::backend::Image> {
    Catalog::open(side.data()).unwrap().resolve(name).ok()
}

#[test]
fn parity_local_operations_leave_the_same_catalog_store_and_tasks() {
    let files = tempfile::tempdir().unwrap();
    let raw = small_file(files.path(), "disk.raw", 1 << 20);
    let qcow2 = files.path().join("guest.qcow2");
    if !qemu_img_create(&qcow2, "64M", &[]) {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let plain = small_file(files.path(), "plain.img", 8192);
    let base = small_file(files.path(), "base.raw", 65536);
    let overlay = files.path().join("overlay.qcow2");
    let backing = base.display().to_string();
    assert!(qemu_img_create(
        &overlay,
        "64K",
        &["-b", &backing, "-F", "raw"]
    ));
    let path = |p: &Path| p.display().to_string();
    let cli = Side::new("CLI");
    let gui = Side::new("window");
    let mut h = harness(gui.data());

    // A refused import leaves nothing: a raw file declared qcow2, and a qcow2 with a backing
    // file. The CLI refuses with one line; the window's form will not import either, and its
    // service (asked directly, as the Import button would) refuses with the CLI's words.
    let mismatch = cli.refused(&[
        "image",
        "create",
        "plain",
        "--disk-format",
        "qcow2",
        "--container-format",
        "bare",
        "--file",
        &path(&plain),
    ]);
    let unsafe_file = cli.refused(&[
        "image",
        "create",
        "overlay",
        "--disk-format",
        "qcow2",
        "--container-format",
        "bare",
        "--file",
        &path(&overlay),
    ]);
    assert!(
        unsafe_file.contains("backing"),
        "the CLI names the backing file: {unsafe_file}"
    );
    h.get_by_label("Import…").click();
    wait_for(&mut h, "the import window", |h| shown(h, "File path"));
    type_into(&mut h, "File path", &path(&plain));
    h.get_by_label("Add file").click();
    wait_for(&mut h, "the inspection", |h| shown(h, "Verdict: safe"));
    h.get_by_label("Disk format").click();
    settle(&mut h);
    h.get_by_label("qcow2").click();
    settle(&mut h);
    assert!(h.get_by_label("Import").accesskit_node().is_disabled());
    h.get_by_label("Import").click();
    settle(&mut h);
    h.get_by_label("Discard").click();
    settle(&mut h);
    type_into(&mut h, "File path", &path(&overlay));
    h.get_by_label("Add file").click();
    wait_for(&mut h, "the inspection", |h| shown(h, "Verdict: unsafe"));
    assert!(h.get_by_label("Import").accesskit_node().is_disabled());
    h.get_by_label("Import").click();
    settle(&mut h);
    h.get_by_label("Discard").click();
    settle(&mut h);
    assert_eq!(jobs(&h), 0, "the form started nothing");
    let outcome = import_bypassing_the_form(&mut h, &plain, "plain", DiskFormat::Qcow2);
    assert_eq!(outcome, JobOutcome::Failed(mismatch.clone()));
    let outcome = import_bypassing_the_form(&mut h, &overlay, "overlay", DiskFormat::Qcow2);
    assert_eq!(outcome, JobOutcome::Failed(unsafe_file.clone()));
    assert!(
        cli.images().is_empty() && gui.images().is_empty(),
        "no image in either"
    );
    assert_same("two refused imports", &cli, &gui);
    // The failed jobs left notices; what follows must leave none.
    h.state_mut().view.jobs.notices.clear();

    // Import a raw file and a qcow2 (formats from the content, as the form pre-fills them).
    cli.ok(&[
        "image",
        "create",
        "disk",
        "--disk-format",
        "raw",
        "--container-format",
        "bare",
        "--file",
        &path(&raw),
    ]);
    cli.ok(&[
        "image",
        "create",
        "guest",
        "--disk-format",
        "auto",
        "--file",
        &path(&qcow2),
    ]);
    import(&mut h, &raw, "raw");
    import(&mut h, &qcow2, "qcow2");
    assert_same("importing a raw file and a qcow2", &cli, &gui);

    // Edit the name, min_disk, tags and properties.
    cli.ok(&[
        "image",
        "set",
        "disk",
        "--name",
        "disk-renamed",
        "--min-disk",
        "1",
    ]);
    cli.ok(&[
        "image",
        "set",
        "disk-renamed",
        "--tag",
        "alpha",
        "--tag",
        "beta",
    ]);
    cli.ok(&["image", "unset", "disk-renamed", "--tag", "alpha"]);
    cli.ok(&[
        "image",
        "set",
        "disk-renamed",
        "--property",
        "os_distro=cirros",
        "--property",
        "hw_disk_bus=virtio",
    ]);
    cli.ok(&[
        "image",
        "unset",
        "disk-renamed",
        "--property",
        "hw_disk_bus",
    ]);

    select(&mut h, "disk");
    type_into(&mut h, "Image name", "disk-renamed");
    type_into(&mut h, "min_disk (GiB)", "1");
    // Save is at the top of Details, maybe scrolled out of view.
    h.get_by_label("Save changes").scroll_to_me();
    settle(&mut h);
    h.get_by_label("Save changes").click();
    wait_for(&mut h, "the new name", |h| {
        selected(h)
            .is_some_and(|i| i.name.as_deref() == Some("disk-renamed") && i.min_disk_gib == 1)
    });
    for tag in ["alpha", "beta"] {
        type_into(&mut h, "New tag", tag);
        h.get_by_label("Add tag").click();
        // Save is at the top of Details, maybe scrolled out of view.
        h.get_by_label("Save changes").scroll_to_me();
        settle(&mut h);
        h.get_by_label("Save changes").click();
        wait_for(&mut h, "the tag", |h| {
            selected(h).is_some_and(|i| i.tags.iter().any(|t| t == tag))
        });
    }
    h.get_by_label("alpha  ×").click();
    // Save is at the top of Details, maybe scrolled out of view.
    h.get_by_label("Save changes").scroll_to_me();
    settle(&mut h);
    h.get_by_label("Save changes").click();
    wait_for(&mut h, "the tag to go", |h| {
        selected(h).is_some_and(|i| !i.tags.iter().any(|t| t == "alpha"))
    });
    for (key, value) in [("os_distro", "cirros"), ("hw_disk_bus", "virtio")] {
        type_into(&mut h, "Key", key);
        type_into(&mut h, "Value", value);
        h.get_by_label("Add property").click();
        // Save is at the top of Details, maybe scrolled out of view.
        h.get_by_label("Save changes").scroll_to_me();
        settle(&mut h);
        h.get_by_label("Save changes").click();
        wait_for(&mut h, "the property", |h| {
            selected(h).is_some_and(|i| i.properties.get(key).map(String::as_str) == Some(value))
        });
    }
    wait_for(&mut h, "the property rows", |h| {
        shown(h, "Remove hw_disk_bus")
    });
    h.get_by_label("Remove hw_disk_bus").click();
    // Save is at the top of Details, maybe scrolled out of view.
    h.get_by_label("Save changes").scroll_to_me();
    settle(&mut h);
    h.get_by_label("Save changes").click();
    wait_for(&mut h, "the property to go", |h| {
        selected(h).is_some_and(|i| !i.properties.contains_key("hw_disk_bus"))
    });
    assert_same("editing name, min_disk, tags and properties", &cli, &gui);

    // Share with a project and record its answer.
    cli.ok(&["image", "add", "project", "disk-renamed", "project-alpha"]);
    cli.ok(&[
        "image",
        "set",
        "disk-renamed",
        "--accept",
        "--project",
        "project-alpha",
    ]);
    h.get_by_label("Sharing").click();
    settle(&mut h);
    type_into(&mut h, "Project ID", "project-alpha");
    h.get_by_label("Add member").click();
    wait_for(&mut h, "the member", |h| {
        h.state()
            .view
            .selected
            .as_ref()
            .is_some_and(|v| v.members.len() == 1)
            && shown(h, "project-alpha")
    });
    h.get_by_label("accepted").click();
    wait_for(&mut h, "the answer", |h| {
        h.state()
            .view
            .selected
            .as_ref()
            .is_some_and(|v| v.members.len() == 1 && v.members[0].status == MemberStatus::Accepted)
    });
    assert_same("sharing with a project", &cli, &gui);

    // Export (same bytes as the file imported) and verify.
    let cli_copy = cli.out().join("disk-copy.raw");
    cli.ok(&["image", "save", "disk-renamed", "--file", &path(&cli_copy)]);
    cli.ok(&["image", "verify", "disk-renamed"]);
    h.get_by_label("Details").click();
    settle(&mut h);
    h.get_by_label("Save as…").click();
    wait_for(&mut h, "the export form", |h| shown(h, "Save to path"));
    let gui_copy = gui.out().join("disk-copy.raw");
    type_into(&mut h, "Save to path", &path(&gui_copy));
    let before = jobs(&h);
    h.get_by_label("Save").click();
    let outcome = job_outcome(&mut h, before, "the export");
    assert!(matches!(outcome, JobOutcome::Succeeded(_)), "{outcome:?}");
    let before = jobs(&h);
    h.get_by_label("Verify data").click();
    let outcome = job_outcome(&mut h, before, "the verify");
    assert!(matches!(outcome, JobOutcome::Succeeded(_)), "{outcome:?}");
    let original = std::fs::read(&raw).unwrap();
    assert!(std::fs::read(&cli_copy).unwrap() == original, "CLI export");
    assert!(
        std::fs::read(&gui_copy).unwrap() == original,
        "window export"
    );
    assert_same("export and verify", &cli, &gui);

    // Lifecycle: deactivate, reactivate (compared with their history), delete.
    cli.ok(&["image", "set", "guest", "--deactivate"]);
    cli.ok(&["image", "set", "guest", "--activate"]);
    select(&mut h, "guest");
    h.get_by_label("Deactivate").click();
    wait_for(&mut h, "the deactivation", |_| {
        stored(&gui, "guest").is_some_and(|i| i.status == ImageStatus::Deactivated)
    });
    wait_for(&mut h, "the Reactivate button", |h| shown(h, "Reactivate"));
    h.get_by_label("Reactivate").click();
    wait_for(&mut h, "the reactivation", |_| {
        stored(&gui, "guest").is_some_and(|i| i.status == ImageStatus::Active)
    });
    assert_same("deactivate and reactivate", &cli, &gui);
    cli.ok(&["image", "delete", "guest"]);
    wait_for(&mut h, "the Delete button", |h| {
        !h.get_by_label("Delete…").accesskit_node().is_disabled()
    });
    h.get_by_label("Delete…").click();
    wait_for(&mut h, "the confirmation", |h| shown(h, "Delete"));
    h.get_by_label("Delete").click();
    wait_for(&mut h, "the deletion", |_| stored(&gui, "guest").is_none());
    assert_same("delete", &cli, &gui);
    settle(&mut h);
    assert!(
        h.state().view.jobs.notices.is_empty(),
        "{:?}",
        h.state().view.jobs.notices
    );
}
