//! The State tab at three inspector widths: the status diagram stays inside the panel, and
//! the transition history's timestamps, `from → to` and causes stay inside it without
//! overlapping one another, a long cause wrapping.

use eframe::egui::{self, Rect};
use egui_kittest::kittest::Queryable;
use glance_workbench::backend::{
    Catalog, ContainerFormat, DiskFormat, JobControl, NewImage, Transition,
};
use glance_workbench::format;

use crate::common::{App, harness_sized, select, settle, shown, wait_for};

// Wide enough that a 1000 px inspector leaves the catalog its 440 px minimum.
const WINDOW: [f32; 2] = [1600.0, 900.0];

/// The inspector's inner margin (egui's side panel frame).
const PANEL_MARGIN: f32 = 8.0;

/// An uploaded image whose upload cause is long (a deep source path), and its history.
fn seed(dir: &std::path::Path) -> Vec<Transition> {
    let catalog = Catalog::open(dir).unwrap();
    let image = catalog
        .create_image(NewImage {
            name: Some("diagram".to_string()),
            disk_format: Some(DiskFormat::Raw),
            container_format: Some(ContainerFormat::Bare),
            ..NewImage::default()
        })
        .unwrap();
    let source = format!("/srv/{}disk.raw", "a-rather-long-directory-name/".repeat(6));
    catalog
        .upload(image.id, &mut &b"bytes"[..], &source, &JobControl::new())
        .unwrap();
    catalog.history(image.id).unwrap()
}

/// The left edge of the inspector's content (its tab row starts there).
fn content_left(h: &App<'_>) -> f32 {
    h.get_by_label("Details").rect().left()
}

/// Drag the inspector's left border so its content is `width` wide.
fn set_inspector_width(h: &mut App<'_>, width: f32) {
    let border = content_left(h) - PANEL_MARGIN;
    let target = WINDOW[0] - width - 2.0 * PANEL_MARGIN;
    let y = 300.0;
    h.hover_at(egui::pos2(border, y));
    h.step();
    h.drag_at(egui::pos2(border, y));
    h.step();
    h.hover_at(egui::pos2((border + target) / 2.0, y));
    h.step();
    h.hover_at(egui::pos2(target, y));
    h.step();
    h.drop_at(egui::pos2(target, y));
    h.step();
    h.remove_cursor();
    settle(h);
}

fn rect_of(h: &App<'_>, label: &str, within: Rect) -> Vec<Rect> {
    h.query_all_by_label(label)
        .map(|n| n.rect())
        .filter(|r| within.contains(r.center()))
        .collect()
}

#[test]
fn the_state_tab_fits_the_inspector_at_three_widths() {
    let data = tempfile::tempdir().unwrap();
    let history = seed(data.path());
    assert_eq!(history.len(), 3);
    let mut h = harness_sized(data.path(), WINDOW);
    select(&mut h, "diagram");
    h.get_by_label("State").click();
    wait_for(&mut h, "the State tab", |h| {
        shown(h, "Current status: active") && shown(h, "Transition history (3)")
    });

    for width in [360.0, 600.0, 1000.0] {
        set_inspector_width(&mut h, width);
        let left = content_left(&h);
        let right = WINDOW[0] - PANEL_MARGIN;
        assert!(
            ((right - left) - width).abs() <= 4.0,
            "the inspector is {} wide, not {width}",
            right - left
        );
        let at = format!("at {width}");

        let diagram = h
            .get_by_label("Status diagram, current status active")
            .rect();
        assert!(
            diagram.left() >= left - 0.5 && diagram.right() <= right + 0.5,
            "{at}: the diagram {diagram:?} leaves the panel {left}..{right}"
        );
        assert!(diagram.height() > 100.0, "{at}: {diagram:?}");

        // The timeline: between its heading and the tasks' heading, inside the panel.
        let top = h.get_by_label("Transition history (3)").rect().bottom();
        let bottom = h.get_by_label("Tasks (1)").rect().top();
        let timeline = Rect::from_x_y_ranges(left - 1.0..=right + 1.0, top..=bottom);
        let mut texts = std::collections::BTreeSet::new();
        for transition in &history {
            texts.insert(format::local_time(&transition.at));
            texts.insert(transition.from.map_or("(new)", |s| s.as_str()).to_owned());
            texts.insert(transition.to.as_str().to_owned());
            texts.insert(transition.cause.clone());
        }
        let labels: Vec<(String, Rect)> = texts
            .iter()
            .flat_map(|text| {
                rect_of(&h, text, timeline)
                    .into_iter()
                    .map(move |rect| (text.clone(), rect))
            })
            .collect();
        for transition in &history {
            assert!(
                labels.iter().any(|(text, _)| *text == transition.cause),
                "{at}: the cause {:?} is not shown",
                transition.cause
            );
        }
        assert!(labels.len() >= 3 * 4, "{at}: {labels:?}");
        for (text, rect) in &labels {
            assert!(
                rect.left() >= left - 0.5 && rect.right() <= right + 0.5,
                "{at}: {text:?} {rect:?} leaves the panel {left}..{right}"
            );
        }
        for (i, (a, ra)) in labels.iter().enumerate() {
            for (b, rb) in &labels[i + 1..] {
                assert!(
                    !ra.shrink(0.5).intersects(rb.shrink(0.5)),
                    "{at}: {a:?} {ra:?} overlaps {b:?} {rb:?}"
                );
            }
        }
        // The long cause wraps rather than running out of a narrow panel.
        let long = labels
            .iter()
            .find(|(text, _)| text.starts_with("upload started from"))
            .unwrap();
        if width < 700.0 {
            assert!(long.1.height() > 20.0, "{at}: not wrapped: {:?}", long.1);
        }
    }
    h.run();
}
