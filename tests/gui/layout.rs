//! Layout at every window size (issue #12): at 800×500, 1360×820 and 2560×1440, in the dark
//! and the light theme, the inspector and the central area never overlap, each keeps a usable
//! width, the inspector stays inside its range however wide its content, the Remotes view
//! keeps room for its cloud pane; and a file dropped on a queued image's inspector becomes
//! its data (Upload data), while one dropped on the catalog is imported.

use std::sync::Arc;

use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::backend::{Catalog, ImageStatus, Visibility};
use glance_workbench::ui::remotes::Central;
use glance_workbench::ui::theme::ThemeChoice;

use super::common::{App, harness_sized, select, settle, shown, type_into, wait_for};
use super::{Dropped, registry, seed, small_file};

const SIZES: [[f32; 2]; 3] = [[800.0, 500.0], [1360.0, 820.0], [2560.0, 1440.0]];

/// The panels of this frame: (inspector, central area).
fn panels(h: &App<'_>) -> (Option<egui::Rect>, egui::Rect) {
    let app = h.state();
    (
        app.inspector_rect,
        app.central_rect.expect("the central area"),
    )
}

/// The widgets that cross the line `x` (printed when a layout check fails, to say which
/// widget pushed a panel wider than its room).
fn crossing(node: egui_kittest::Node<'_>, x: f32, found: &mut Vec<String>) {
    let access = node.accesskit_node();
    if let Some(b) = access.bounding_box()
        && f64::from(x) > b.x0
        && f64::from(x) < b.x1
        && access.label().is_some()
    {
        found.push(format!("{:?} {:?} {b:?}", access.role(), access.label()));
    }
    for child in node.children() {
        crossing(child, x, found);
    }
}

pub(super) fn assert_catalog_layout(h: &App<'_>, size: [f32; 2], what: &str) {
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, size.into());
    let (inspector, central) = panels(h);
    let inspector = inspector.expect("the inspector in the Catalog view");
    if central.right() > inspector.left() + 1.0 || inspector.right() > size[0] + 1.0 {
        let mut found = Vec::new();
        crossing(h.root(), inspector.left().min(size[0]), &mut found);
        eprintln!("widgets across the edge: {found:#?}");
    }
    assert!(
        screen.expand(1.0).contains_rect(inspector) && screen.expand(1.0).contains_rect(central),
        "{what} at {size:?}: a panel leaves the window (inspector {inspector:?}, central {central:?})"
    );
    assert!(
        central.right() <= inspector.left() + 1.0,
        "{what} at {size:?}: the central area ({central:?}) runs under the inspector ({inspector:?})"
    );
    let (range, _) = glance_workbench::ui::app::inspector_widths(size[0]);
    assert!(
        inspector.width() <= range.max + 1.0 && inspector.width() >= range.min - 1.0,
        "{what} at {size:?}: inspector width {} outside {range:?}",
        inspector.width()
    );
    assert!(
        central.width() >= 400.0,
        "{what} at {size:?}: the catalog is squeezed to {}",
        central.width()
    );
}

#[test]
fn panels_never_overlap_at_three_sizes_in_both_themes() {
    let data = tempfile::tempdir().unwrap();
    let long = format!("debian-12-genericcloud-amd64-{}", "2026120112".repeat(6));
    seed(data.path(), &long, Visibility::Shared, Some(b"some bytes"));
    seed(data.path(), "cirros", Visibility::Shared, None);
    for size in SIZES {
        for theme in [ThemeChoice::Dark, ThemeChoice::Light] {
            let mut h = harness_sized(data.path(), size);
            h.state_mut().view.theme = theme;
            theme.apply(&h.ctx.clone());
            select(&mut h, &long);
            for tab in ["Details", "Sharing", "State"] {
                h.get_by_label(tab).click();
                settle(&mut h);
                assert_catalog_layout(&h, size, tab);
            }
            // A long member id does not widen the inspector past its range (it used to grow
            // until the catalog lost its columns).
            h.get_by_label("Sharing").click();
            settle(&mut h);
            type_into(&mut h, "Project ID", &"p".repeat(300));
            settle(&mut h);
            assert_catalog_layout(&h, size, "a long member id");

            // The Remotes view: three panes side by side, the cloud pane keeps its room, and
            // no local inspector unless asked for.
            h.state_mut().view.remotes.central = Central::Remotes;
            settle(&mut h);
            let panes = h.state().view.remotes.pane_rects.clone();
            assert_eq!(panes.len(), 3, "clouds, local list, cloud pane");
            assert!(
                h.state().inspector_rect.is_none(),
                "no inspector by default"
            );
            for pair in panes.windows(2) {
                assert!(
                    pair[0].right() <= pair[1].left() + 1.0,
                    "Remotes at {size:?}: panes overlap: {pair:?}"
                );
            }
            assert!(
                panes[2].width() >= 300.0 && panes[2].right() <= size[0] + 1.0,
                "Remotes at {size:?}: the cloud pane is {:?}",
                panes[2]
            );
            h.get_by_label("Details").click();
            settle(&mut h);
            let inspector = h
                .state()
                .inspector_rect
                .expect("the inspector when asked for");
            let panes = h.state().view.remotes.pane_rects.clone();
            assert!(
                panes[2].right() <= inspector.left() + 1.0,
                "Remotes with details at {size:?}: {panes:?} vs {inspector:?}"
            );
            h.state_mut().view.remotes.central = Central::Catalog;
            settle(&mut h);
        }
    }
}

#[test]
fn a_file_dropped_on_a_queued_images_inspector_becomes_its_data() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let image = seed(data.path(), "waiting-for-data", Visibility::Shared, None);
    let file = small_file(files.path(), "data.raw", 70_000);
    let other = small_file(files.path(), "other.raw", 5_000);
    let mut h = harness_sized(data.path(), [1360.0, 820.0]);
    select(&mut h, "waiting-for-data");
    let inspector = h.state().inspector_rect.expect("the inspector");

    // Dropped on the inspector: "Upload data" opens with the path filled in and waits for
    // the user's Upload.
    h.input_mut()
        .events
        .push(egui::Event::PointerMoved(inspector.center()));
    h.step();
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(file.clone())));
    wait_for(&mut h, "the upload form", |h| shown(h, "Upload data"));
    assert_eq!(
        registry(data.path(), &image).status,
        ImageStatus::Queued,
        "nothing uploads before the user says so"
    );
    h.get_by_label("Upload").click();
    wait_for(&mut h, "the upload", |h| {
        !h.state().view.jobs.any_running()
            && registry(data.path(), &image).status == ImageStatus::Active
    });
    assert_eq!(registry(data.path(), &image).size_bytes, Some(70_000));

    // Dropped on the catalog: the import form, as before.
    let central = h.state().central_rect.expect("the central area");
    h.input_mut()
        .events
        .push(egui::Event::PointerMoved(central.center()));
    h.step();
    h.input_mut().dropped_files.push(Arc::new(Dropped(other)));
    wait_for(&mut h, "the import form", |h| {
        h.query_by_label_contains("Detected raw").is_some()
    });
    let catalog = Catalog::open(data.path()).unwrap();
    assert_eq!(
        catalog.list(&Default::default()).unwrap().len(),
        1,
        "nothing is imported before the user says so"
    );
}
