//! The catalog table through the window: a click anywhere in a header cell sorts, the column
//! chooser hides a column and the choice survives a restart, at 800 × 500, 1360 × 820 and
//! 2560 × 1440 every header and timestamp is whole and no two header cells overlap, and a name
//! too long for its column is cut with the whole name and id on hover.

use std::path::Path;

use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::backend::{Catalog, ContainerFormat, DiskFormat, Image, NewImage};
use glance_workbench::ui::catalog::Column;

use crate::common::{App, harness_restarted, harness_sized, settle, shown, wait_for};

const LONG_NAME: &str = "a-rather-long-image-name-that-no-column-of-a-normal-window-has-room-for-\
                         ubuntu-24.04-server-cloudimg-amd64-with-extra-packages-and-a-date-20261206";

fn seed(dir: &Path) -> Vec<Image> {
    let catalog = Catalog::open(dir).unwrap();
    ["alpha", "beta", LONG_NAME]
        .into_iter()
        .map(|name| {
            catalog
                .create_image(NewImage {
                    name: Some(name.to_string()),
                    disk_format: Some(DiskFormat::Qcow2),
                    container_format: Some(ContainerFormat::Bare),
                    tags: ["lts".to_string(), "server".to_string()].into(),
                    ..NewImage::default()
                })
                .unwrap()
        })
        .collect()
}

/// The app once every seeded row is on screen.
fn ready(dir: &Path, size: [f32; 2]) -> App<'static> {
    let mut h = harness_sized(dir, size);
    wait_for(&mut h, "the rows", |h| {
        shown(h, "alpha") && shown(h, "beta") && !h.state().is_busy()
    });
    h
}

/// The width `text` needs on one line in the body font (the table's).
fn text_width(h: &App<'_>, text: &str) -> f32 {
    let font = egui::TextStyle::Body.resolve(&h.ctx.global_style());
    h.ctx.fonts_mut(|f| {
        f.layout_no_wrap(text.to_string(), font, egui::Color32::WHITE)
            .size()
            .x
    })
}

/// A header cell's node: a button for a sortable column (labelled with its arrow when sorted),
/// a label for the others.
fn header_labels(h: &App<'_>) -> Vec<String> {
    let sort = h.state().view.catalog.sort;
    Column::ALL
        .into_iter()
        .filter(|c| !h.state().view.catalog.hidden_columns.contains(c))
        .map(
            |c| match (c.sort_key(), sort.column == c, sort.descending) {
                (None, _, _) | (_, false, _) => c.title().to_string(),
                (_, true, false) => format!("{} ▲", c.title()),
                (_, true, true) => format!("{} ▼", c.title()),
            },
        )
        .collect()
}

fn header_rect(h: &App<'_>, label: &str) -> egui::Rect {
    // The filter bar's Status and Visibility are combo boxes; the headers come first when
    // they share a label with one, and are the only buttons or labels of their name.
    h.query_all_by_label(label)
        .find(|n| {
            matches!(
                n.accesskit_node().role(),
                egui::Role::Button | egui::Role::Label
            )
        })
        .unwrap_or_else(|| panic!("no header {label:?}"))
        .rect()
}

/// Press and release the primary button at `pos`.
fn click_at(h: &mut App<'_>, pos: egui::Pos2) {
    let input = h.input_mut();
    input.events.push(egui::Event::PointerMoved(pos));
    for pressed in [true, false] {
        input.events.push(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    settle(h);
}

/// Turn the mouse wheel sideways by `points` (the content moves left) with the pointer at `pos`.
fn scroll_across(h: &mut App<'_>, pos: egui::Pos2, points: f32) {
    h.hover_at(pos);
    h.step();
    h.input_mut().events.push(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(-points, 0.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: egui::Modifiers::NONE,
    });
    settle(h);
}

#[test]
fn a_click_anywhere_in_a_header_cell_sorts() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let mut h = ready(dir.path(), [1360.0, 820.0]);
    assert!(shown(&h, "Updated ▼"), "sorted by the newest first");

    // The right end of the Name cell, well away from its text.
    let cell = header_rect(&h, "Name");
    assert!(
        cell.width() > text_width(&h, "Name ▲") + 40.0,
        "the cell has room right of its text"
    );
    let away = egui::pos2(cell.right() - 8.0, cell.center().y);
    h.hover_at(away);
    settle(&mut h);
    assert_eq!(
        h.output().platform_output.cursor_icon,
        egui::CursorIcon::PointingHand,
        "the whole cell shows it can be clicked"
    );
    click_at(&mut h, away);
    wait_for(&mut h, "sorted by name", |h| {
        shown(h, "Name ▲") && !h.state().is_busy()
    });
    assert_eq!(h.state().view.catalog.sort.column, Column::Name);
    assert!(!h.state().view.catalog.sort.descending);

    // Again, reversed; then another column, by the right end of its cell too.
    let cell = header_rect(&h, "Name ▲");
    click_at(&mut h, egui::pos2(cell.right() - 8.0, cell.center().y));
    wait_for(&mut h, "reversed", |h| shown(h, "Name ▼"));
    let cell = header_rect(&h, "Status");
    click_at(&mut h, egui::pos2(cell.right() - 4.0, cell.bottom() - 3.0));
    wait_for(&mut h, "sorted by status", |h| shown(h, "Status ▲"));
    assert_eq!(h.state().view.catalog.sort.column, Column::Status);
}

#[test]
fn a_column_hidden_with_the_chooser_stays_hidden_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let mut h = ready(dir.path(), [1360.0, 820.0]);
    assert!(shown(&h, "Virtual size"));

    h.get_by_label("Columns").click();
    wait_for(&mut h, "the chooser", |h| {
        h.query_by_role_and_label(egui::Role::CheckBox, "Virtual size")
            .is_some()
    });
    assert!(
        h.query_by_role_and_label(egui::Role::CheckBox, "Name")
            .is_none(),
        "Name is always shown"
    );
    h.get_by_role_and_label(egui::Role::CheckBox, "Virtual size")
        .click();
    settle(&mut h);
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(!shown(&h, "Virtual size"), "its header is gone");
    assert_eq!(
        h.state().view.catalog.hidden_columns,
        vec![Column::VirtualSize]
    );

    // A right-click on a header offers the same chooser.
    h.get_by_role_and_label(egui::Role::Button, "Disk")
        .click_secondary();
    wait_for(&mut h, "the header menu", |h| {
        h.query_by_role_and_label(egui::Role::CheckBox, "Protected")
            .is_some()
    });
    h.get_by_role_and_label(egui::Role::CheckBox, "Protected")
        .click();
    settle(&mut h);
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(!shown(&h, "Protected"));

    // Saved on closing, read on the next start.
    let mut again = harness_restarted(&mut h, dir.path(), [1360.0, 820.0]);
    wait_for(&mut again, "the rows", |h| shown(h, "alpha"));
    assert_eq!(
        again.state().view.catalog.hidden_columns,
        vec![Column::VirtualSize, Column::Protected]
    );
    assert!(!shown(&again, "Virtual size") && !shown(&again, "Protected"));
    assert!(shown(&again, "Updated ▼") && shown(&again, "Tags"));

    // Shown again from the chooser.
    again.get_by_label("Columns").click();
    wait_for(&mut again, "the chooser", |h| {
        h.query_by_role_and_label(egui::Role::CheckBox, "Virtual size")
            .is_some()
    });
    again
        .get_by_role_and_label(egui::Role::CheckBox, "Virtual size")
        .click();
    settle(&mut again);
    again.key_press(egui::Key::Escape);
    settle(&mut again);
    assert!(shown(&again, "Virtual size"));
}

#[test]
fn headers_and_timestamps_are_whole_and_headers_never_overlap_at_three_sizes() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    for size in [[800.0, 500.0], [1360.0, 820.0], [2560.0, 1440.0]] {
        let mut h = ready(dir.path(), size);
        let labels = header_labels(&h);
        let mut cells: Vec<(String, egui::Rect)> = labels
            .iter()
            .map(|label| (label.clone(), header_rect(&h, label)))
            .collect();
        for (label, rect) in &cells {
            assert!(
                rect.width() + 0.5 >= text_width(&h, label),
                "{size:?}: header {label:?} is cut ({} < {})",
                rect.width(),
                text_width(&h, label)
            );
        }
        cells.sort_by(|a, b| a.1.left().total_cmp(&b.1.left()));
        for pair in cells.windows(2) {
            assert!(
                pair[0].1.right() <= pair[1].1.left() + 0.5,
                "{size:?}: headers {:?} and {:?} overlap",
                pair[0].0,
                pair[1].0
            );
        }
        let updated: Vec<String> = h
            .state()
            .view
            .catalog
            .loaded_rows()
            .map(|(_, row)| row.updated.clone())
            .collect();
        assert_eq!(updated.len(), 3);
        for text in &updated {
            for node in h.query_all_by_label(text) {
                assert!(
                    node.rect().width() + 0.5 >= text_width(&h, text),
                    "{size:?}: the timestamp {text:?} is cut"
                );
            }
        }
        // Where the columns do not all fit they scroll across: the last one comes into view
        // whole.
        let over_rows = h.get_by_label("alpha").rect().center();
        scroll_across(&mut h, over_rows, 4000.0);
        let rect = h.get_by_label("Updated ▼").rect();
        assert!(
            rect.left() >= 0.0 && rect.right() <= size[0],
            "{size:?}: Updated is off screen at {rect:?}"
        );
        let name = header_rect(&h, "Name");
        let status = header_rect(&h, "Status");
        assert!(
            name.right() <= status.left() + 0.5,
            "{size:?}: Name and Status overlap after scrolling"
        );
    }
}

#[test]
fn a_name_too_long_for_its_column_is_cut_with_the_whole_name_and_id_on_hover() {
    let dir = tempfile::tempdir().unwrap();
    let images = seed(dir.path());
    let long = images.iter().find(|i| i.label() == LONG_NAME).unwrap();
    let mut h = ready(dir.path(), [1360.0, 820.0]);
    let cell = h.get_by_label(LONG_NAME).rect();
    assert!(
        cell.width() < text_width(&h, LONG_NAME),
        "the long name is cut"
    );
    // Short names are whole, and show no tooltip.
    h.get_by_label("alpha").hover();
    settle(&mut h);
    std::thread::sleep(std::time::Duration::from_millis(700));
    settle(&mut h);
    assert_eq!(h.query_all_by_label_contains("alpha").count(), 1);

    h.get_by_label(LONG_NAME).hover();
    let tooltip = format!("{LONG_NAME}\n{}", long.id);
    wait_for(&mut h, "the tooltip", |h| shown(h, &tooltip));
}
