//! The remote table's headers against the lab: a click anywhere in a header cell, away from
//! its text, sorts on the cloud.

use eframe::egui;
use egui_kittest::kittest::Queryable;
use serde_json::json;

use super::{Lab, harness, open_cloud, save_cloud, type_and_enter, wait_for};
use crate::common::{App, settle, shown};

/// Press and release the primary button at the right end of the header cell labelled `label`,
/// well away from its text.
fn click_right_of(h: &mut App<'_>, label: &str) {
    let cell = h.get_by_role_and_label(egui::Role::Button, label).rect();
    let pos = egui::pos2(cell.right() - 4.0, cell.center().y);
    h.hover_at(pos);
    settle(h);
    assert_eq!(
        h.output().platform_output.cursor_icon,
        egui::CursorIcon::PointingHand,
        "the whole {label:?} cell shows it can be clicked"
    );
    for pressed in [true, false] {
        h.input_mut().events.push(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    settle(h);
}

#[test]
fn a_click_anywhere_in_a_remote_header_cell_sorts_on_the_cloud() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let tag = lab.unique("headers");
    let ids: Vec<String> = ["b", "a", "c"]
        .iter()
        .map(|n| {
            let body = json!({"name": format!("{tag}-{n}"), "disk_format": "raw",
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
    wait_for(&mut h, "the rows", |h| {
        shown(h, &format!("{tag}-c")) && !h.state().view.remotes.images.loading
    });
    // Sorted by name, ascending: a click right of "Name ▲" reverses it.
    let a_above_c = |h: &App<'_>| {
        let top = |n: &str| h.get_by_label(&format!("{tag}-{n}")).rect().top();
        top("a") < top("c")
    };
    assert!(a_above_c(&h));
    click_right_of(&mut h, "Name ▲");
    wait_for(&mut h, "the reversed sort", |h| {
        shown(h, "Name ▼") && !h.state().view.remotes.images.loading
    });
    assert!(!a_above_c(&h));
    click_right_of(&mut h, "Updated");
    wait_for(&mut h, "sorted by update", |h| {
        shown(h, "Updated ▲") && shown(h, "Name") && !h.state().view.remotes.images.loading
    });
    for id in ids {
        admin.delete_image(&id).unwrap();
    }
}
