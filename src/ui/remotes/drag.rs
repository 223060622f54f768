//! Dragging images between the local catalog and the clouds: the two payloads (local images
//! on their way to a cloud, remote images on their way to the local list or to another
//! cloud), how a drag starts from the catalog's selection, the drop targets' highlight, and
//! the label that follows the pointer meanwhile. A leaf of the Remotes view: the catalog table starts drags here without
//! importing the view, and the view's panels take their drops from here.

use std::collections::BTreeMap;

use eframe::egui;

use crate::backend::ImageId;
use crate::display::escaped;
use crate::tr;
use crate::ui::catalog::CatalogView;

/// Local images being dragged (id and name), to be dropped on a cloud.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalImagesDrag(pub Vec<(ImageId, String)>);

/// Remote images being dragged (cloud, then id and name), to be dropped on the local list
/// (pull) or on another cloud (copy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteImagesDrag(pub String, pub Vec<(String, String)>);

/// The local images a drag that starts on `id` carries: the selection if `id` is in it.
pub fn local_drag(catalog: &CatalogView, id: ImageId) -> LocalImagesDrag {
    let ids: Vec<ImageId> = if catalog.selected.contains(&id) {
        catalog.selected.iter().copied().collect()
    } else {
        vec![id]
    };
    let names: BTreeMap<ImageId, String> = catalog
        .loaded_rows()
        .map(|(_, r)| (r.id, r.name.clone()))
        .collect();
    LocalImagesDrag(
        ids.into_iter()
            .map(|id| {
                (
                    id,
                    names.get(&id).cloned().unwrap_or_else(|| id.to_string()),
                )
            })
            .collect(),
    )
}

/// Start dragging local images from the catalog table (called when a row's drag starts).
pub fn start_local_drag(ctx: &egui::Context, catalog: &CatalogView, id: ImageId) {
    egui::DragAndDrop::set_payload(ctx, local_drag(catalog, id));
}

/// Whether `response` has local images hovering; paint a drop highlight on `rect` if so, and
/// return what was dropped on it this frame.
pub fn local_drop_target(
    ui: &egui::Ui,
    response: &egui::Response,
    rect: egui::Rect,
) -> Option<LocalImagesDrag> {
    if response.dnd_hover_payload::<LocalImagesDrag>().is_some() {
        let stroke = egui::Stroke::new(2.0, ui.visuals().selection.stroke.color);
        ui.painter()
            .rect_stroke(rect, 4.0, stroke, egui::StrokeKind::Inside);
    }
    response
        .dnd_release_payload::<LocalImagesDrag>()
        .map(|p| (*p).clone())
}

/// Where [`remote_drop_target`] notes the cloud remote images hover, with the pass.
const COPY_TARGET_KEY: &str = "remote-drag-copy-target";

/// Whether remote images of a cloud other than `cloud` hover `response`; paint a drop
/// highlight on `rect` if so, and return what was dropped on it this frame (to copy there).
pub fn remote_drop_target(
    ui: &egui::Ui,
    response: &egui::Response,
    rect: egui::Rect,
    cloud: &str,
) -> Option<RemoteImagesDrag> {
    // Only another cloud's remote images: egui's release takes whatever payload is carried,
    // so a local drag (a push, taken by the same entry) or this cloud's own rows are left be.
    let carried = egui::DragAndDrop::payload::<RemoteImagesDrag>(ui.ctx())?;
    if carried.0 == cloud {
        return None;
    }
    if response.dnd_hover_payload::<RemoteImagesDrag>().is_some() {
        let stroke = egui::Stroke::new(2.0, ui.visuals().selection.stroke.color);
        ui.painter()
            .rect_stroke(rect, 4.0, stroke, egui::StrokeKind::Inside);
        // For the label that follows the pointer: a copy, not a pull, is what a drop does.
        let pass = ui.ctx().cumulative_pass_nr();
        ui.ctx().data_mut(|d| {
            d.insert_temp(egui::Id::unique(COPY_TARGET_KEY), (pass, cloud.to_string()));
        });
    }
    response
        .dnd_release_payload::<RemoteImagesDrag>()
        .map(|drag| (*drag).clone())
}

/// Whether local images were dropped on `rect` (the remote image table) this frame.
pub fn table_drop(ui: &egui::Ui, rect: egui::Rect) -> Option<LocalImagesDrag> {
    let area = ui.interact(
        rect,
        egui::Id::unique("remote-table-drop"),
        egui::Sense::hover(),
    );
    local_drop_target(ui, &area, rect)
}

/// A label following the pointer while images are dragged.
pub fn drag_hint_ui(ctx: &egui::Context) {
    let text = if let Some(local) = egui::DragAndDrop::payload::<LocalImagesDrag>(ctx) {
        match local.0.as_slice() {
            [(_, name)] => tr!("views-drag-push-one", name = name),
            many => tr!("views-drag-push-many", count = many.len()),
        }
    } else if let Some(remote) = egui::DragAndDrop::payload::<RemoteImagesDrag>(ctx) {
        // Over another cloud (this pass or the last): dropping copies them there.
        let pass = ctx.cumulative_pass_nr();
        let over = ctx
            .data(|d| d.get_temp::<(u64, String)>(egui::Id::unique(COPY_TARGET_KEY)))
            .filter(|(at, _)| at + 1 >= pass)
            .map(|(_, cloud)| escaped(&cloud));
        match (remote.1.as_slice(), over) {
            ([(_, name)], Some(cloud)) => {
                tr!("copy-drag-hint-one", name = escaped(name), cloud = cloud)
            }
            (many, Some(cloud)) => {
                tr!("copy-drag-hint-many", count = many.len(), cloud = cloud)
            }
            (images, None) => match images {
                [(_, name)] => tr!("views-drag-pull-one", name = name),
                many => tr!("views-drag-pull-many", count = many.len()),
            },
        }
    } else {
        return;
    };
    if let Some(pos) = ctx.pointer_interact_pos() {
        egui::Area::new(egui::Id::unique("remote-drag-hint"))
            .order(egui::Order::Tooltip)
            .fixed_pos(pos + egui::vec2(14.0, 10.0))
            .interactable(false)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.label(text);
                });
            });
    }
}
