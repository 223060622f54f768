//! GUI tests for conversion (issue #5): egui_kittest drives the real app on a temp data dir with
//! the real qemu-img — the Convert panel from the catalog's context menu, invalid options,
//! Create blank image, Resize with its shrink confirmation, and Check — and the registry is
//! checked through the library.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking, helpers (not #[test] functions) included"
)]
#![cfg(feature = "gui")]

#[path = "common/gui.rs"]
mod common;

#[path = "gui_convert/parity.rs"]
mod parity;

#[path = "gui_convert/dialogs.rs"]
mod dialogs;

#[path = "gui_convert/zh.rs"]
mod zh;

use parity::twin::files_under;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{App, harness, leftmost, settle, shown, shown_containing, type_into, wait_for};
use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::backend::convert::{
    CONVERSION_OPTIONS, CONVERTED_FROM, RESIZED_FROM, SourceRef,
};
use glance_workbench::backend::{
    Catalog, ContainerFormat, DiskFormat, Image, ImageStatus, JobControl, ListQuery, NewImage,
    TaskStatus,
};
use glance_workbench::convert::qemu_img::{Qcow2Options, Target};
use glance_workbench::format::bytes_exact;
use glance_workbench::ui::bridge::JobOutcome;

const MIB: usize = 1 << 20;

fn has_qemu_img() -> bool {
    std::process::Command::new("qemu-img")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Right-click the catalog row of `name` and pick `entry` from its context menu.
fn context_menu(h: &mut App<'_>, name: &str, entry: &str) {
    wait_for(h, "the row", |h| shown(h, name));
    leftmost(h, name).click_secondary();
    wait_for(h, "the context menu", |h| shown(h, "Create blank image…"));
    leftmost(h, entry).click();
    settle(h);
}

/// Open the combo box labelled `combo` and choose `choice` (the popup's entry).
fn choose(h: &mut App<'_>, combo: &str, choice: &str) {
    h.get_by_label(combo).click();
    settle(h);
    h.get_all_by_label(choice)
        .max_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .unwrap()
        .click();
    settle(h);
}

/// Bytes that are neither all zero nor compressible to nothing.
fn patterned(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| ((i / 4096) as u8).wrapping_mul(31) ^ (i % 251) as u8)
        .collect()
}

/// Pseudo-random bytes (xorshift): qemu-img cannot compress them.
fn noise(len: usize) -> Vec<u8> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// An active raw image `name` holding `len` patterned bytes.
fn seed_raw(dir: &Path, name: &str, len: usize) -> Image {
    seed_raw_with(dir, name, &patterned(len))
}

/// An active raw image `name` holding `data`.
fn seed_raw_with(dir: &Path, name: &str, data: &[u8]) -> Image {
    let catalog = Catalog::open(dir).unwrap();
    let image = catalog
        .create_image(NewImage {
            name: Some(name.to_string()),
            disk_format: Some(DiskFormat::Raw),
            container_format: Some(ContainerFormat::Bare),
            ..NewImage::default()
        })
        .unwrap();
    catalog
        .upload(image.id, &mut &data[..], "test bytes", &JobControl::new())
        .unwrap()
}

fn images(dir: &Path) -> Vec<Image> {
    Catalog::open(dir)
        .unwrap()
        .list(&ListQuery::default())
        .unwrap()
}

fn find(dir: &Path, name: &str) -> Option<Image> {
    images(dir)
        .into_iter()
        .find(|i| i.name.as_deref() == Some(name))
}

fn selected_label(h: &App<'_>) -> Option<String> {
    h.state().view.selected.as_ref().map(|v| v.image.label())
}

#[test]
fn convert_a_raw_image_to_qcow2_from_the_context_menu() {
    if !has_qemu_img() {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let source = seed_raw(data.path(), "disk-a", 4 * MIB);
    let expected = Catalog::open(data.path())
        .unwrap()
        .measure(
            &SourceRef::Image(source.id),
            &Target::Qcow2(Qcow2Options::default()),
        )
        .unwrap();
    let mut h = harness(data.path());

    context_menu(&mut h, "disk-a", "Convert…");
    wait_for(&mut h, "the source facts", |h| {
        shown(h, "Source: \"disk-a\"")
    });
    assert!(shown_containing(
        &h,
        "virtual size 4.00 MiB (4194304 bytes)"
    ));
    choose(&mut h, "Target format", "qcow2");
    // Only qcow2's options are offered.
    assert!(shown(&h, "Compression") && shown(&h, "Compat") && shown(&h, "Cluster size"));
    assert!(!shown(&h, "Subformat"));
    let required = format!(
        "Required size: {} (fully allocated {})",
        bytes_exact(expected.required_bytes),
        bytes_exact(expected.fully_allocated_bytes)
    );
    wait_for(&mut h, "the measured size", |h| shown(h, &required));
    assert_eq!(
        h.get_by_label("New image name").value().as_deref(),
        Some("disk-a-qcow2")
    );
    // vmdk has a subformat and cannot be measured; back to qcow2 measures again.
    choose(&mut h, "Target format", "vmdk");
    assert!(shown(&h, "Subformat") && !shown(&h, "Compression"));
    assert!(shown_containing(&h, "Required size: not measured"));
    assert_eq!(
        h.get_by_label("New image name").value().as_deref(),
        Some("disk-a-vmdk")
    );
    choose(&mut h, "Target format", "qcow2");
    wait_for(&mut h, "the measured size again", |h| shown(h, &required));
    assert!(
        h.get_by_label("Verify with qemu-img compare")
            .accesskit_node()
            .toggled()
            == Some(egui::accesskit::Toggled::True),
        "verify is on by default"
    );

    h.get_by_label("Convert").click();
    wait_for(&mut h, "the conversion job", |h| {
        let jobs = &h.state().view.jobs.jobs;
        jobs.len() == 1 && !jobs[0].is_running()
    });
    let job = h.state().view.jobs.jobs[0].clone();
    assert!(
        matches!(&job.finished, Some((_, JobOutcome::Succeeded(s))) if s.contains("verified")),
        "{:?}",
        job.finished
    );
    wait_for(&mut h, "the verification result", |h| {
        shown(h, "Verified: identical to the source (qemu-img compare)")
    });
    // Clearing the jobs panel keeps the result in the Convert panel.
    h.get_by_label("Clear finished").click();
    settle(&mut h);
    assert!(h.state().view.jobs.jobs.is_empty());
    assert!(shown(
        &h,
        "Verified: identical to the source (qemu-img compare)"
    ));
    h.get_by_label("Show \"disk-a-qcow2\" in the catalog")
        .click();
    wait_for(&mut h, "the new image selected", |h| {
        selected_label(h).as_deref() == Some("disk-a-qcow2")
    });

    // The Details panel shows qemu-img's view beside the native inspection.
    wait_for(&mut h, "qemu-img info in the details", |h| {
        shown(h, "qemu-img info") && shown(h, "compression type")
    });

    let converted = find(data.path(), "disk-a-qcow2").expect("the new image");
    assert_eq!(converted.status, ImageStatus::Active);
    assert_eq!(converted.disk_format, Some(DiskFormat::Qcow2));
    assert_eq!(converted.virtual_size_bytes, Some(4 * MIB as u64));
    let property = |key: &str| converted.properties.get(key).cloned();
    assert_eq!(property(CONVERTED_FROM), Some(source.id.to_string()));
    assert_eq!(property(CONVERSION_OPTIONS).as_deref(), Some("qcow2"));
    let tasks = Catalog::open(data.path())
        .unwrap()
        .tasks(None, Some(source.id), 10)
        .unwrap();
    let task = tasks.iter().find(|t| t.task_type == "convert").unwrap();
    assert_eq!(task.status, TaskStatus::Success);
    let result = task.result.as_ref().unwrap();
    assert_eq!(result["verified"], true);
    assert_eq!(result["image_id"], converted.id.to_string());
    settle(&mut h);
}

#[test]
fn invalid_target_options_show_the_message_and_create_nothing() {
    if !has_qemu_img() {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let source = seed_raw(data.path(), "disk-b", MIB);
    let mut h = harness(data.path());

    context_menu(&mut h, "disk-b", "Convert…");
    wait_for(&mut h, "the source facts", |h| {
        shown(h, "Source: \"disk-b\"")
    });
    type_into(&mut h, "Cluster size", "abc");
    assert!(shown(
        &h,
        "invalid size \"abc\": expected a number such as 10G, +5G or 1024"
    ));
    assert!(h.get_by_label("Convert").accesskit_node().is_disabled());
    h.get_by_label("Convert").click();
    settle(&mut h);

    type_into(&mut h, "Cluster size", "");
    choose(&mut h, "Compression", "zstd");
    choose(&mut h, "Compat", "0.10");
    assert!(shown(
        &h,
        "invalid qemu-img options: zstd compression needs qcow2 compat 1.1"
    ));
    assert!(h.get_by_label("Convert").accesskit_node().is_disabled());
    h.get_by_label("Convert").click();

    choose(&mut h, "Compat", "1.1");
    type_into(&mut h, "Sparse size (-S)", "1000");
    assert!(shown_containing(
        &h,
        "sparse size 1000 must be a multiple of 512"
    ));
    assert!(h.get_by_label("Convert").accesskit_node().is_disabled());
    h.get_by_label("Convert").click();
    settle(&mut h);
    std::thread::sleep(Duration::from_millis(300));
    h.step();

    assert!(h.state().view.jobs.jobs.is_empty(), "no job started");
    assert_eq!(images(data.path()).len(), 1, "no image created");
    let tasks = Catalog::open(data.path())
        .unwrap()
        .tasks(None, Some(source.id), 10)
        .unwrap();
    assert!(
        tasks.iter().all(|t| t.task_type != "convert"),
        "no convert task"
    );
}

#[test]
fn create_a_blank_image_of_the_given_size() {
    if !has_qemu_img() {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    seed_raw(data.path(), "existing", 64 * 1024);
    let mut h = harness(data.path());

    context_menu(&mut h, "existing", "Create blank image…");
    wait_for(&mut h, "the form", |h| shown(h, "Virtual disk size"));
    type_into(&mut h, "New image name", "blank-disk");
    type_into(&mut h, "Virtual disk size", "12x");
    assert!(shown_containing(&h, "invalid size \"12x\""));
    assert!(h.get_by_label("Create").accesskit_node().is_disabled());
    type_into(&mut h, "Virtual disk size", "12M");
    choose(&mut h, "Target format", "vhdx");
    h.get_by_label("Create").click();
    wait_for(&mut h, "the new image selected", |h| {
        selected_label(h).as_deref() == Some("blank-disk")
    });

    let blank = find(data.path(), "blank-disk").expect("the blank image");
    assert_eq!(blank.status, ImageStatus::Active);
    assert_eq!(blank.disk_format, Some(DiskFormat::Vhdx));
    assert_eq!(blank.virtual_size_bytes, Some(12 * MIB as u64));
    assert!(
        !shown(&h, "Virtual disk size"),
        "the form turned into its result"
    );
    assert!(shown(&h, "Show \"blank-disk\" in the catalog"));
    settle(&mut h);
}

#[test]
fn shrinking_needs_an_explicit_confirmation() {
    if !has_qemu_img() {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let source = seed_raw(data.path(), "disk-c", 4 * MIB);
    let mut h = harness(data.path());

    context_menu(&mut h, "disk-c", "Resize…");
    wait_for(&mut h, "the current size", |h| {
        shown_containing(h, "virtual size 4.00 MiB (4194304 bytes)")
    });
    assert_eq!(
        h.get_by_label("New image name").value().as_deref(),
        Some("disk-c-resized")
    );
    type_into(&mut h, "New size", "-2M");
    assert!(shown_containing(&h, "Shrinks by 2.00 MiB"));
    h.get_by_label("Resize").click();
    wait_for(&mut h, "the confirmation", |h| {
        shown(h, "Shrink \"disk-c\"?")
    });
    assert!(shown_containing(&h, "this may destroy data"));
    std::thread::sleep(Duration::from_millis(200));
    h.step();
    assert_eq!(
        images(data.path()).len(),
        1,
        "nothing runs before confirming"
    );
    assert!(h.state().view.jobs.jobs.is_empty());

    h.get_by_label("Don't shrink").click();
    settle(&mut h);
    assert!(!shown(&h, "Shrink \"disk-c\"?"));
    assert_eq!(images(data.path()).len(), 1, "declined: nothing created");

    h.get_by_label("Resize").click();
    wait_for(&mut h, "the confirmation again", |h| {
        shown(h, "Shrink \"disk-c\"?")
    });
    h.get_by_label("Shrink").click();
    wait_for(&mut h, "the resized image selected", |h| {
        selected_label(h).as_deref() == Some("disk-c-resized")
    });
    let resized = find(data.path(), "disk-c-resized").expect("the resized image");
    assert_eq!(resized.status, ImageStatus::Active);
    assert_eq!(resized.virtual_size_bytes, Some(2 * MIB as u64));
    assert_eq!(
        resized.properties.get(RESIZED_FROM),
        Some(&source.id.to_string())
    );
    let original = find(data.path(), "disk-c").unwrap();
    assert_eq!(original.virtual_size_bytes, Some(4 * MIB as u64));
    settle(&mut h);
}

/// A qcow2 file whose header cluster's refcount is 2: qemu-img check reports one leak.
fn leaky_qcow2(dir: &Path) -> PathBuf {
    let raw = dir.join("base.raw");
    std::fs::write(&raw, patterned(MIB)).unwrap();
    let path = dir.join("leaky.qcow2");
    let status = std::process::Command::new("qemu-img")
        .args(["convert", "-q", "-f", "raw", "-O", "qcow2"])
        .arg(&raw)
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    let mut bytes = std::fs::read(&path).unwrap();
    let be64 = |b: &[u8], at: usize| u64::from_be_bytes(b[at..at + 8].try_into().unwrap());
    let refcount_block = be64(&bytes, be64(&bytes, 48) as usize) as usize;
    bytes[refcount_block..refcount_block + 2].copy_from_slice(&2u16.to_be_bytes());
    std::fs::write(&path, &bytes).unwrap();
    path
}

#[test]
fn check_shows_qemu_img_s_summary() {
    if !has_qemu_img() {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let catalog = Catalog::open(data.path()).unwrap();
    let image = catalog
        .create_image(NewImage {
            name: Some("leaky".to_string()),
            disk_format: Some(DiskFormat::Qcow2),
            container_format: Some(ContainerFormat::Bare),
            ..NewImage::default()
        })
        .unwrap();
    catalog
        .upload_file(image.id, &leaky_qcow2(files.path()), &JobControl::new())
        .unwrap();
    drop(catalog);
    seed_raw(data.path(), "plain-raw", 64 * 1024);
    let mut h = harness(data.path());

    context_menu(&mut h, "leaky", "Check");
    wait_for(&mut h, "the check summary", |h| {
        shown(h, "qemu-img check found corruptions, leaks or errors")
    });
    assert!(shown(&h, "\"leaky\" (qcow2)"));
    for field in ["corruptions", "leaks", "check errors", "allocated clusters"] {
        assert!(shown(&h, field), "{field}");
    }
    // The leaks row says 1, corruptions 0: a value label on the same row as its field.
    let on_row = |h: &App<'_>, field: &str, value: &str| {
        let row = h.get_by_label(field).rect();
        h.get_all_by_label(value).any(|n| {
            (n.rect().center().y - row.center().y).abs() < 2.0 && n.rect().left() > row.right()
        })
    };
    assert!(on_row(&h, "leaks", "1"));
    assert!(on_row(&h, "corruptions", "0"));

    // A raw image: qemu-img has no checker for it, and the window says so.
    context_menu(&mut h, "plain-raw", "Check");
    wait_for(&mut h, "the refusal", |h| {
        shown_containing(h, "qemu-img check does not support raw images")
    });
    settle(&mut h);
}

#[test]
fn cancelling_a_conversion_keeps_nothing() {
    if !has_qemu_img() {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let source = seed_raw_with(data.path(), "disk-d", &noise(64 * MIB));
    let blobs_before = files_under(&data.path().join("images"));
    let mut h = harness(data.path());

    context_menu(&mut h, "disk-d", "Convert…");
    wait_for(&mut h, "the source facts", |h| {
        shown(h, "Source: \"disk-d\"")
    });
    choose(&mut h, "Compression", "zlib");
    h.get_by_label("Convert").click();
    h.step();
    h.get_by_label("Cancel conversion").click();
    h.step();
    assert!(h.state().view.jobs.jobs[0].control.is_cancelled());
    wait_for(&mut h, "the job to end", |h| {
        let jobs = &h.state().view.jobs.jobs;
        jobs.len() == 1 && !jobs[0].is_running()
    });
    let finished = h.state().view.jobs.jobs[0].finished.clone();
    assert!(
        matches!(finished, Some((_, JobOutcome::Cancelled))),
        "{finished:?}"
    );
    wait_for(&mut h, "the panel to say so", |h| {
        shown_containing(h, "Cancelled: qemu-img was stopped")
    });
    assert_eq!(images(data.path()).len(), 1, "no new image");
    assert_eq!(files_under(&data.path().join("images")), blobs_before);
    assert!(
        files_under(&data.path().join("work"))
            .iter()
            .all(|p| p.file_name().is_some_and(|n| n == ".lock")),
        "no output left in a work dir"
    );
    let tasks = Catalog::open(data.path())
        .unwrap()
        .tasks(None, Some(source.id), 10)
        .unwrap();
    let task = tasks.iter().find(|t| t.task_type == "convert").unwrap();
    assert_eq!(
        (task.status, task.message.as_str()),
        (TaskStatus::Failure, "cancelled")
    );
    settle(&mut h);
}
