//! The Remotes view: the central area switches between the local Catalog and Remotes. Remotes
//! shows the clouds (from the workbench's file, clouds.yaml and `OS_*`) with Add / Edit /
//! Remove / Test, the local catalog as a compact list, and the selected cloud's pane (its
//! images, images shared with me, the sync diff, the cache) side by side. Local images dragged
//! onto a cloud (its list entry or its image table) are pushed; remote images dragged onto the
//! local list are pulled. Replies from [`bridge`] are applied here.
//!
//! Modules: [`clouds`] (list, Test), [`forms`] (cloud form, secret prompt), [`local`] (compact
//! local list, drop targets), [`catalog`] with [`table`] and [`detail`] (a cloud's images,
//! paging along `next`, edits), [`sync`] (the diff table), [`cache`], [`cleanups`] (the
//! cleanups still pending on the cloud, "Clean up now"), [`dialogs`] (push, confirmations);
//! [`ops`] (the messages), [`bridge`] (runs them off the UI thread) and [`jobs`] (push / pull /
//! prefetch / update / cleanup jobs, the sync plan).

use std::collections::{BTreeMap, BTreeSet};

use eframe::egui::{self, RichText};

use crate::app::remote::ops::{CloudEntry, RemoteOp, RemoteReply, TestInfo};
use crate::backend::ImageId;
use crate::ui::bridge::{Command, JobId, JobOutcome};
use crate::ui::catalog::CatalogView;
use crate::ui::theme;
use crate::ui::view::ViewState;
use cache::CacheView;
use catalog::Browser;
use cleanups::CleanupsView;
use detail::DetailView;
use forms::Forms;
use sync::SyncView;

pub mod cache;
pub mod catalog;
pub mod cleanups;
pub mod clouds;
pub mod detail;
pub mod dialogs;
pub mod forms;
pub mod local;
pub mod sync;
pub mod table;

/// What the central area shows (remembered between runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Central {
    /// The local catalog table.
    #[default]
    Catalog,
    /// Clouds, a cloud's catalog beside the local one, sync and cache.
    Remotes,
}

/// The selected cloud's pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RemoteTab {
    /// The cloud's images.
    #[default]
    Images,
    /// Images other projects share with mine.
    Shared,
    /// The sync diff.
    Sync,
    /// The local cache of remote data.
    Cache,
}

/// Local images being dragged (id and name), to be dropped on a cloud.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalImagesDrag(pub Vec<(ImageId, String)>);

/// Remote images being dragged (cloud, then id and name), to be dropped on the local list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteImagesDrag(pub String, pub Vec<(String, String)>);

/// Everything the Remotes view shows.
#[derive(Debug, Default)]
pub struct RemotesView {
    /// Catalog or Remotes in the central area.
    pub central: Central,
    /// Every cloud.
    pub clouds: Vec<CloudEntry>,
    /// Why the clouds could not be read.
    pub clouds_error: Option<String>,
    clouds_requested: bool,
    /// The selected cloud.
    pub cloud: Option<String>,
    /// The cloud pane's tab.
    pub tab: RemoteTab,
    /// The cloud's images.
    pub images: Browser,
    /// Images shared with my project.
    pub inbox: Browser,
    /// The selected remote image.
    pub detail: DetailView,
    /// The sync diff.
    pub sync: SyncView,
    /// The cache.
    pub cache: CacheView,
    /// The cleanups pending on the selected cloud.
    pub cleanups: CleanupsView,
    /// Dialogs: cloud form, secret prompt, push, confirmations.
    pub forms: Forms,
    /// The last test of each cloud.
    pub tests: BTreeMap<String, Result<TestInfo, String>>,
    /// Listing generations (unique across browsers).
    pub generations: u64,
    /// Jobs started from the sync view; the plan is computed again when the last ends.
    pub sync_jobs: BTreeSet<JobId>,
    replan: bool,
}

impl RemotesView {
    /// Queue a remote op.
    pub fn send(&self, out: &mut Vec<Command>, op: RemoteOp) {
        out.push(Command::Remote(op));
    }

    /// The selected cloud's entry.
    pub fn selected_cloud(&self) -> Option<&CloudEntry> {
        let name = self.cloud.as_ref()?;
        self.clouds.iter().find(|c| &c.config.name == name)
    }

    /// Select a cloud (its listings load when shown).
    pub fn select_cloud(&mut self, name: &str) {
        if self.cloud.as_deref() != Some(name) {
            self.cloud = Some(name.to_string());
            self.images.reset();
            self.inbox.reset();
            self.detail = DetailView::default();
            self.sync = SyncView::default();
        }
    }

    /// A push or pull to `cloud` ended: a plan shown for it is computed again (at once, unless
    /// jobs started from the sync view still run; the last of them asks again).
    pub fn plan_outdated(&mut self, cloud: &str) {
        if self.sync.cloud.as_deref() == Some(cloud) && self.sync_jobs.is_empty() {
            self.replan = true;
        }
    }

    /// A job ended: when the last sync job ends, the plan is computed again.
    pub fn job_finished(&mut self, job: JobId) {
        // A failed push may have left a cleanup pending.
        self.cleanups.stale = true;
        if self.sync_jobs.remove(&job) && self.sync_jobs.is_empty() {
            self.replan = true;
        }
    }
}

/// The Catalog | Remotes switch for the top bar.
pub fn central_switch_ui(ui: &mut egui::Ui, remotes: &mut RemotesView) {
    ui.separator();
    ui.selectable_value(&mut remotes.central, Central::Catalog, "Catalog")
        .on_hover_text("The local catalog");
    ui.selectable_value(&mut remotes.central, Central::Remotes, "Remotes")
        .on_hover_text("Clouds: their catalogs beside the local one, push, pull, sync, cache");
    ui.separator();
}

/// Apply one reply of the remote side.
pub fn apply(view: &mut ViewState, reply: RemoteReply) {
    let remotes = &mut view.remotes;
    match reply {
        RemoteReply::Clouds(Ok(clouds)) => {
            remotes.clouds = clouds;
            remotes.clouds_error = None;
            if let Some(name) = &remotes.cloud
                && !remotes.clouds.iter().any(|c| &c.config.name == name)
            {
                remotes.cloud = None;
            }
        }
        RemoteReply::Clouds(Err(message)) => {
            view.jobs.error(message.clone());
            remotes.clouds_error = Some(message);
        }
        RemoteReply::CloudSaved(name, message) => {
            view.jobs.status(message);
            remotes.forms.form = None;
            remotes.cloud = None;
            remotes.select_cloud(&name);
            remotes.tests.remove(&name);
        }
        RemoteReply::CloudSaveFailed(message) => match &mut remotes.forms.form {
            Some(form) => {
                form.saving = false;
                form.problem = Some(message);
            }
            None => view.jobs.error(message),
        },
        RemoteReply::CloudRemoved(name) => {
            view.jobs.status(format!("removed cloud \"{name}\""));
            remotes.tests.remove(&name);
        }
        RemoteReply::Tested(name, result) => {
            if let Some(form) = &mut remotes.forms.form
                && form.name.trim() == name
            {
                form.testing = false;
                form.test = Some(result.clone());
            }
            remotes.tests.insert(name, result);
        }
        RemoteReply::NeedSecret {
            cloud,
            auth_type,
            retry,
            problem,
        } => {
            if let Some(job) = retry.job()
                && let Some(job) = view.jobs.job_mut(job)
            {
                job.control
                    .set_note(&format!("waiting for the secret of cloud {cloud}"));
            }
            if let Some(form) = &mut remotes.forms.form {
                form.testing = false;
            }
            remotes.forms.ask_secret(cloud, auth_type, *retry, problem);
        }
        RemoteReply::Page {
            cloud,
            generation,
            images,
            next,
            project_id,
        } => {
            for browser in [&mut remotes.images, &mut remotes.inbox] {
                browser.page_arrived(&cloud, generation, &images, &next, &project_id);
            }
        }
        RemoteReply::PageFailed(cloud, generation, message) => {
            let mut ours = false;
            for browser in [&mut remotes.images, &mut remotes.inbox] {
                ours |= browser.page_failed(&cloud, generation, &message);
            }
            if ours {
                view.jobs.error(message);
            }
        }
        RemoteReply::Shown(detail) => remotes.detail.shown(*detail),
        RemoteReply::ShowFailed(cloud, id, message) => {
            remotes.detail.failed(&cloud, &id, &message);
            view.jobs.error(message);
        }
        RemoteReply::Changed(cloud) => {
            if remotes.cloud.as_deref() == Some(cloud.as_str()) {
                remotes.images.stale = true;
                remotes.inbox.stale = true;
                remotes.detail.stale = true;
            }
        }
        RemoteReply::Deleted(cloud, id) => {
            for browser in [&mut remotes.images, &mut remotes.inbox] {
                browser.rows.retain(|r| r.id() != id);
                browser.selected.remove(&id);
                if browser.primary.as_deref() == Some(id.as_str()) {
                    browser.primary = None;
                }
            }
            if remotes.cloud.as_deref() == Some(cloud.as_str()) {
                remotes.images.stale = true;
            }
        }
        RemoteReply::Plan(cloud, generation, result) => {
            if let Err(message) = &result
                && remotes.sync.generation == generation
            {
                view.jobs.error(message.clone());
            }
            remotes.sync.plan_arrived(&cloud, generation, result);
        }
        RemoteReply::Cache(entries, cap) => remotes.cache.arrived(entries, cap),
        RemoteReply::CacheFailed(message) => {
            remotes.cache.failed(&message);
            view.jobs.error(message);
        }
        RemoteReply::SyncRow(cloud, label, outcome) => {
            if let crate::app::remote::sync::RowOutcome::Failed(message) = &outcome {
                view.jobs
                    .error(format!("sync with cloud {cloud}: {label}: {message}"));
            }
            remotes.sync.applied.push((label, outcome));
        }
        RemoteReply::Pushed(cloud, remote_id) => {
            remotes.plan_outdated(&cloud);
            if remotes.cloud.as_deref() == Some(cloud.as_str()) {
                remotes.images.stale = true;
                remotes.images.selected = [remote_id.clone()].into();
                remotes.images.primary = Some(remote_id);
            }
        }
        RemoteReply::Pulled(cloud, image_id, select) => {
            remotes.plan_outdated(&cloud);
            view.catalog.invalidate();
            if select {
                view.select(image_id);
            }
        }
        RemoteReply::CacheChanged => remotes.cache.stale = true,
        RemoteReply::Cleanups(cloud, result) => {
            if let Err(message) = &result
                && remotes.cleanups.cloud.as_deref() == Some(cloud.as_str())
            {
                view.jobs.error(message.clone());
            }
            remotes.cleanups.arrived(&cloud, result);
        }
    }
}

/// Forget what waits for a secret that will not come (the prompt was cancelled).
pub fn abandon(view: &mut ViewState, ops: Vec<RemoteOp>) {
    for op in ops {
        if let Some(job) = op.job() {
            view.jobs.finish(job, JobOutcome::Cancelled);
            view.remotes.job_finished(job);
        }
        match op {
            RemoteOp::List {
                cloud, generation, ..
            } => {
                for browser in [&mut view.remotes.images, &mut view.remotes.inbox] {
                    browser.page_failed(&cloud, generation, "no secret was given");
                }
            }
            RemoteOp::Show(cloud, id) => {
                view.remotes
                    .detail
                    .failed(&cloud, &id, "no secret was given")
            }
            RemoteOp::Plan { .. } => view.remotes.sync.loading = false,
            RemoteOp::RunCleanups(_) => view.remotes.cleanups.running = false,
            _ => {}
        }
    }
}

/// Windows, the first cloud load, the dragged-images hint, and a pending re-plan; every frame.
pub fn windows_ui(ctx: &egui::Context, view: &mut ViewState) {
    if !view.remotes.clouds_requested {
        view.remotes.clouds_requested = true;
        view.remotes.send(&mut view.outbox, RemoteOp::LoadClouds);
    }
    if std::mem::take(&mut view.remotes.replan) {
        sync::request_plan(&mut view.remotes, &mut view.outbox);
    }
    drag_hint_ui(ctx);
    forms::windows_ui(ctx, view);
}

/// A label following the pointer while images are dragged.
fn drag_hint_ui(ctx: &egui::Context) {
    let text = if let Some(local) = egui::DragAndDrop::payload::<LocalImagesDrag>(ctx) {
        match local.0.as_slice() {
            [(_, name)] => format!("push \"{name}\" to a cloud…"),
            many => format!("push {} images to a cloud…", many.len()),
        }
    } else if let Some(remote) = egui::DragAndDrop::payload::<RemoteImagesDrag>(ctx) {
        match remote.1.as_slice() {
            [(_, name)] => format!("pull \"{name}\" into the local catalog…"),
            many => format!("pull {} images into the local catalog…", many.len()),
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

/// The Remotes view in the central area.
pub fn remotes_ui(ui: &mut egui::Ui, view: &mut ViewState) {
    egui::Panel::left("remotes-clouds")
        .resizable(true)
        .default_size(190.0)
        .min_size(150.0)
        .show(ui, |ui| clouds::clouds_ui(ui, view));
    egui::Panel::left("remotes-local")
        .resizable(true)
        .default_size(270.0)
        .min_size(170.0)
        .show(ui, |ui| local::local_list_ui(ui, view));
    egui::CentralPanel::default().show(ui, |ui| cloud_pane_ui(ui, view));
}

/// The selected cloud's pane: tabs, then images, shared images, sync or cache.
fn cloud_pane_ui(ui: &mut egui::Ui, view: &mut ViewState) {
    let Some(name) = view.remotes.cloud.clone() else {
        ui.add_space(20.0);
        ui.vertical_centered(|ui| {
            ui.label(RichText::new("Select a cloud, or add one.").weak());
            ui.label(
                RichText::new("Drag local images onto a cloud to push them.")
                    .weak()
                    .small(),
            );
        });
        return;
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Cloud {}", theme::shown(&name))).heading());
        ui.separator();
        let tab = &mut view.remotes.tab;
        ui.selectable_value(tab, RemoteTab::Images, "Images");
        ui.selectable_value(tab, RemoteTab::Shared, "Shared with me");
        ui.selectable_value(tab, RemoteTab::Sync, "Sync");
        ui.selectable_value(tab, RemoteTab::Cache, "Cache");
    });
    ui.separator();
    cleanups::cleanups_ui(ui, view, &name);
    match view.remotes.tab {
        RemoteTab::Images => catalog::browser_ui(ui, view, &name, false),
        RemoteTab::Shared => catalog::browser_ui(ui, view, &name, true),
        RemoteTab::Sync => sync::sync_ui(ui, view, &name),
        RemoteTab::Cache => cache::cache_ui(ui, view),
    }
}
