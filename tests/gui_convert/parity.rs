//! Parity of the qemu-img operations (issue #11): convert raw → qcow2, create a blank image,
//! resize and check, each driven once through the CLI binary and once through the window (by
//! label) on a fresh data dir, must leave the same images (formats, virtual sizes, sizes,
//! lineage properties; checksums too, except for the converted qcow2, whose clusters
//! qemu-img's parallel writes sometimes place in another order), tasks and stored files; and
//! Check must report what `image check` reports.

use egui_kittest::kittest::Queryable;
use glance_workbench::ui::bridge::JobOutcome;
use serde_json::Value;

use super::common::{App, close_window, settle, shown, shown_containing, type_into, wait_for};
use super::{choose, context_menu, has_qemu_img, patterned, selected_label};

#[path = "../common/parity.rs"]
pub(crate) mod twin;

use twin::{Side, assert_same_except_data};

const MIB: usize = 1 << 20;

/// The converted qcow2, whose bytes qemu-img does not always lay out the same way.
const QCOW2_OUT: &[&str] = &["disk-qcow2"];

/// Wait until a job started after `before` jobs has ended; it must have succeeded.
fn job_succeeds(h: &mut App<'_>, before: usize, what: &str) {
    wait_for(h, what, |h| {
        let jobs = &h.state().view.jobs;
        jobs.jobs.len() > before && !jobs.any_running()
    });
    let job = h.state().view.jobs.jobs.last().unwrap();
    let outcome = job.finished.clone().unwrap().1;
    assert!(
        matches!(outcome, JobOutcome::Succeeded(_)),
        "{what}: {outcome:?}"
    );
}

fn jobs(h: &App<'_>) -> usize {
    h.state().view.jobs.jobs.len()
}

/// Whether the Check window's row `field` shows `value` (a label right of the field's).
fn on_row(h: &App<'_>, field: &str, value: &str) -> bool {
    let row = h.get_by_label(field).rect();
    h.get_all_by_label(value).any(|n| {
        (n.rect().center().y - row.center().y).abs() < 2.0 && n.rect().left() > row.right()
    })
}

#[test]
fn parity_convert_blank_resize_and_check_give_the_same_images() {
    if !has_qemu_img() {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let files = tempfile::tempdir().unwrap();
    let source = files.path().join("disk.raw");
    std::fs::write(&source, patterned(4 * MIB)).unwrap();
    let source = source.display().to_string();
    let cli = Side::new("CLI");
    let gui = Side::new("window");
    for side in [&cli, &gui] {
        side.ok(&[
            "image",
            "create",
            "disk",
            "--disk-format",
            "raw",
            "--container-format",
            "bare",
            "--file",
            &source,
        ]);
    }
    let mut h = super::harness(gui.data());

    // Convert raw -> qcow2 (default options, verified with qemu-img compare).
    cli.ok(&["image", "convert", "disk", "--to", "qcow2"]);
    context_menu(&mut h, "disk", "Convert…");
    wait_for(&mut h, "the source facts", |h| shown(h, "Source: \"disk\""));
    choose(&mut h, "Target format", "qcow2");
    let before = jobs(&h);
    h.get_by_label("Convert").click();
    job_succeeds(&mut h, before, "the conversion");
    wait_for(&mut h, "the verification result", |h| {
        shown(h, "Verified: identical to the source (qemu-img compare)")
    });
    assert_same_except_data("converting raw to qcow2", &cli, &gui, QCOW2_OUT);
    close_window(&mut h, "Convert image");

    // A blank qcow2 of 12 MiB.
    cli.ok(&[
        "image",
        "create-blank",
        "blank",
        "--size",
        "12M",
        "--disk-format",
        "qcow2",
    ]);
    h.get_by_label("New blank image…").click();
    wait_for(&mut h, "the blank form", |h| shown(h, "Virtual disk size"));
    type_into(&mut h, "New image name", "blank");
    type_into(&mut h, "Virtual disk size", "12M");
    choose(&mut h, "Target format", "qcow2");
    h.get_by_label("Create").click();
    wait_for(&mut h, "the blank image selected", |h| {
        selected_label(h).as_deref() == Some("blank")
    });
    assert_same_except_data("creating a blank qcow2", &cli, &gui, QCOW2_OUT);

    // Grow the raw image by 2 MiB (a new image, disk-resized).
    cli.ok(&["image", "resize", "disk", "--size", "+2M"]);
    context_menu(&mut h, "disk", "Resize…");
    wait_for(&mut h, "the current size", |h| {
        shown_containing(h, "virtual size 4.00 MiB (4194304 bytes)")
    });
    assert_eq!(
        h.get_by_label("New image name").value().as_deref(),
        Some("disk-resized")
    );
    type_into(&mut h, "New size", "+2M");
    assert!(shown_containing(&h, "Grows by 2.00 MiB"));
    h.get_by_label("Resize").click();
    wait_for(&mut h, "the resized image selected", |h| {
        selected_label(h).as_deref() == Some("disk-resized")
    });
    assert_same_except_data("resizing", &cli, &gui, QCOW2_OUT);
    if shown(&h, "Resize image") {
        close_window(&mut h, "Resize image");
    }

    // Check the converted qcow2: the window's summary is the CLI's report.
    let report = cli.json(&["image", "check", "disk-qcow2"]);
    context_menu(&mut h, "disk-qcow2", "Check");
    wait_for(&mut h, "the check summary", |h| {
        shown(h, "Clean: no corruptions, no leaks, no errors")
    });
    assert!(shown(&h, "\"disk-qcow2\" (qcow2)"));
    for (field, key) in [
        ("corruptions", "corruptions"),
        ("leaks", "leaks"),
        ("check errors", "check_errors"),
        ("allocated clusters", "allocated_clusters"),
        ("total clusters", "total_clusters"),
        ("image end offset", "image_end_offset"),
    ] {
        let value = match &report[key] {
            Value::Null => "—".to_string(),
            other => other.to_string(),
        };
        assert!(
            on_row(&h, field, &value),
            "the window's {field} is not the CLI's {value}: {report}"
        );
    }
    assert_same_except_data("checking the converted image", &cli, &gui, QCOW2_OUT);
    settle(&mut h);
    assert!(
        h.state().view.jobs.notices.is_empty(),
        "{:?}",
        h.state().view.jobs.notices
    );
}
