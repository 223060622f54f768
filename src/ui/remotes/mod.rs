//! The Remotes view: the central area switches between the local Catalog and Remotes. Remotes
//! shows the clouds (from the workbench's file, clouds.yaml and `OS_*`) with Add / Edit /
//! Remove / Test, the local catalog as a compact list, and the selected cloud's pane (its
//! images, images shared with me, the sync diff, the local cache of pulled data, the cloud's
//! server cache, its metadata definitions) side by side. Local images dragged
//! onto a cloud (its list entry or its image table) are pushed; remote images dragged onto the
//! local list are pulled. Replies of the service's remote side are applied here.
//!
//! This module composes the panels; they never import it. Each takes its own state and a
//! [`RemoteCtx`] (commands, jobs, listing generations, the dialogs it may open), or the
//! window's [`Ctx`] alone. Panels: [`clouds`] (list, Test), [`local`] (compact local list,
//! drop targets), [`catalog`] with [`table`] and [`detail`] (a cloud's images, paging along
//! `next`, edits), [`sync`] (the diff table), [`cache`] (the local cache),
//! [`server_cache`] (Glance's image cache on the cloud's API nodes), [`metadefs`] (the
//! cloud's metadata definitions namespaces, read-only), [`usage`] (the
//! project's quota usage above the Images tab), [`cleanups`] (the cleanups still pending on
//! the cloud, "Clean up now"), [`stores`] (a multi-store cloud's stores: ticks, "Import from
//! URL…", "Copy to stores…", an image's stores), [`copy`] ("Copy to cloud…": a remote
//! image to another cloud), [`dialogs`] (cloud form, secret prompt, push, confirmations). Their leaves: [`browser`] (a listing's state), [`forms`] (the dialogs'
//! state and [`RemoteCtx`]) and [`drag`] (the drag payloads, which the catalog table starts
//! too).

use std::collections::{BTreeMap, BTreeSet};

use eframe::egui::{self, RichText};

use crate::app::protocol::remote::{CloudEntry, RemoteOp, RemoteReply, TestInfo};
use crate::tr;
use crate::ui::bridge::{JobId, JobOutcome};
use crate::ui::catalog::CatalogView;
use crate::ui::context::Ctx;
use crate::ui::jobs::Jobs;
use crate::ui::theme;
use browser::{Browser, Filters, Reach};
use cache::CacheView;
use cleanups::CleanupsView;
use detail::DetailView;
use forms::{Forms, RemoteCtx, SameDataQuestion};
use server_cache::ServerCacheTab;
use sync::SyncView;
use usage::UsageView;

pub mod browser;
pub mod cache;
pub mod catalog;
pub mod cleanups;
pub mod clouds;
pub mod copy;
pub mod detail;
pub mod dialogs;
pub mod drag;
pub mod forms;
pub mod local;
pub mod metadefs;
pub mod server_cache;
pub mod stores;
pub mod sync;
pub mod table;
pub mod usage;

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
    /// The workbench's local cache of pulled data ("Local cache").
    Cache,
    /// The cloud's server cache: Glance's image cache on its API nodes ("Server cache").
    ServerCache,
    /// The cloud's metadata definitions catalog, read-only ("Metadefs").
    Metadefs,
}

/// Everything the Remotes view shows.
#[derive(Debug, Default)]
pub struct RemotesView {
    /// Catalog or Remotes in the central area.
    pub central: Central,
    /// Whether the Remotes view also shows the local image's inspector (off by default: the
    /// three panes need the width, and remote details have their own pane).
    pub local_details: bool,
    /// Where the clouds list, the local list and the cloud pane were drawn last frame (for
    /// layout tests).
    pub pane_rects: Vec<egui::Rect>,
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
    /// The local cache of pulled data.
    pub cache: CacheView,
    /// The selected cloud's server cache.
    pub server_cache: ServerCacheTab,
    /// The selected cloud's metadata definitions browser.
    pub metadefs: metadefs::MetadefsTab,
    /// The cleanups pending on the selected cloud.
    pub cleanups: CleanupsView,
    /// The selected cloud's quota usage (above its Images tab).
    pub usage: UsageView,
    /// Dialogs: cloud form, secret prompt, push, confirmations.
    pub forms: Forms,
    /// The last test of each cloud.
    pub tests: BTreeMap<String, Result<TestInfo, String>>,
    /// Listing generations (unique across browsers).
    pub generations: u64,
    /// Jobs started from the sync view; the plan is computed again when the last ends.
    pub sync_jobs: BTreeSet<JobId>,
    replan: bool,
    /// Whether each cloud answered the last time it was asked.
    pub reach: BTreeMap<String, Reach>,
    /// Each cloud's filters (images, shared with me), kept while another cloud shows.
    filters: BTreeMap<String, (Filters, Filters)>,
    /// The cloud the browsers' filters belong to.
    filters_for: Option<String>,
}

impl RemotesView {
    /// Select a cloud (its listings load when shown).
    pub fn select_cloud(&mut self, name: &str) {
        if self.cloud.as_deref() != Some(name) {
            self.cloud = Some(name.to_string());
            self.forget_listings();
        }
    }

    /// Another cloud was selected: forget the previous one's listings, details and plan.
    fn forget_listings(&mut self) {
        if let Some(old) = self.filters_for.take() {
            let kept = (self.images.filters(), self.inbox.filters());
            self.filters.insert(old, kept);
        }
        let (images, inbox) = self
            .cloud
            .as_ref()
            .and_then(|cloud| self.filters.get(cloud).cloned())
            .unwrap_or_default();
        self.images.set_filters(images);
        self.inbox.set_filters(inbox);
        self.filters_for = self.cloud.clone();
        self.images.reset();
        self.inbox.reset();
        // Each cloud's metadata definitions stay: they are read once per session.
        let metadefs = std::mem::take(&mut self.detail.metadefs);
        self.detail = DetailView::default();
        self.detail.metadefs = metadefs;
        self.sync = SyncView::default();
        self.server_cache = ServerCacheTab::default();
        self.metadefs = metadefs::MetadefsTab::default();
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
    ui.selectable_value(
        &mut remotes.central,
        Central::Catalog,
        tr!("views-switch-catalog"),
    )
    .on_hover_text(tr!("views-switch-catalog-hover"));
    ui.selectable_value(
        &mut remotes.central,
        Central::Remotes,
        tr!("views-switch-remotes"),
    )
    .on_hover_text(tr!("views-switch-remotes-hover"));
    ui.separator();
}

/// Apply one reply of the remote side.
pub fn apply(
    remotes: &mut RemotesView,
    reply: RemoteReply,
    jobs: &mut Jobs,
    catalog: &mut CatalogView,
) {
    match reply {
        RemoteReply::Clouds(Ok(clouds)) => {
            remotes.clouds = clouds;
            remotes.clouds_error = None;
            // The push dialog offers every cloud to tick.
            remotes.forms.cloud_names = remotes
                .clouds
                .iter()
                .map(|c| c.config.name.clone())
                .collect();
            if let Some(name) = &remotes.cloud
                && !remotes.clouds.iter().any(|c| &c.config.name == name)
            {
                remotes.cloud = None;
            }
        }
        RemoteReply::Clouds(Err(message)) => {
            jobs.error(message.clone());
            remotes.clouds_error = Some(message);
        }
        RemoteReply::CloudSaved(name, message) => {
            jobs.status(message);
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
            None => jobs.error(message),
        },
        RemoteReply::CloudRemoved(name) => {
            jobs.status(tr!("views-cloud-removed", name = name));
            remotes.tests.remove(&name);
        }
        RemoteReply::Tested(name, result) => {
            if let Some(form) = &mut remotes.forms.form
                && form.name.trim() == name
            {
                form.testing = false;
                form.test = Some(result.clone());
            }
            // The whole message once, as a notice; beside the cloud only its cause.
            let reach = match &result {
                Ok(_) => Reach::answered(),
                Err(message) => {
                    jobs.error(message.clone());
                    Reach::failed(remotes.reach.get(&name), message)
                }
            };
            remotes.reach.insert(name.clone(), reach);
            remotes.tests.insert(name, result);
        }
        RemoteReply::NeedSecret {
            cloud,
            auth_type,
            retry,
            problem,
        } => {
            if let Some(job) = retry.job()
                && let Some(job) = jobs.job_mut(job)
            {
                job.control
                    .set_note(&tr!("views-note-waiting-secret", cloud = cloud));
            }
            if let Some(form) = &mut remotes.forms.form {
                form.testing = false;
            }
            remotes.forms.ask_secret(cloud, auth_type, *retry, problem);
        }
        RemoteReply::SameData {
            cloud,
            message,
            found,
            retry,
        } => {
            if let Some(job) = retry.job()
                && let Some(job) = jobs.job_mut(job)
            {
                job.control.set_note(&tr!("views-note-waiting-same-data"));
            }
            remotes.forms.same_data.push(SameDataQuestion {
                cloud,
                message,
                found,
                retry,
            });
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
            remotes.reach.insert(cloud, Reach::answered());
        }
        RemoteReply::PageFailed(cloud, generation, message) => {
            let mut ours = false;
            for browser in [&mut remotes.images, &mut remotes.inbox] {
                ours |= browser.page_failed(&cloud, generation, &message);
            }
            if ours {
                jobs.error(message.clone());
                // An earlier Test's "Connected" no longer holds.
                remotes.tests.remove(&cloud);
                let reach = Reach::failed(remotes.reach.get(&cloud), &message);
                remotes.reach.insert(cloud, reach);
            }
        }
        RemoteReply::Shown(detail) => remotes.detail.shown(*detail),
        RemoteReply::ShowFailed(cloud, id, message) => {
            remotes.detail.failed(&cloud, &id, &message);
            jobs.error(message);
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
            remotes.usage.outdated(&cloud);
        }
        RemoteReply::Plan(cloud, generation, result) => {
            if let Err(message) = &result
                && remotes.sync.generation == generation
            {
                jobs.error(message.clone());
            }
            remotes.sync.plan_arrived(&cloud, generation, result);
        }
        RemoteReply::Cache(entries, cap) => remotes.cache.arrived(entries, cap),
        RemoteReply::CacheFailed(message) => {
            remotes.cache.failed(&message);
            jobs.error(message);
        }
        RemoteReply::SyncRow(cloud, label, outcome) => {
            if let crate::app::remote::sync::RowOutcome::Failed(message)
            | crate::app::remote::sync::RowOutcome::Refused(message) = &outcome
            {
                jobs.error(tr!(
                    "views-sync-row-error",
                    cloud = cloud,
                    name = label,
                    error = message
                ));
            }
            remotes.sync.applied.push((label, outcome));
        }
        RemoteReply::Pushed(cloud, remote_id) => {
            remotes.plan_outdated(&cloud);
            remotes.usage.outdated(&cloud);
            if remotes.cloud.as_deref() == Some(cloud.as_str()) {
                remotes.images.stale = true;
                remotes.images.selected = [remote_id.clone()].into();
                remotes.images.primary = Some(remote_id);
            }
        }
        RemoteReply::Copied(cloud, remote_id) => {
            // The target's listing (the copy selected), quota and plan are read again.
            remotes.plan_outdated(&cloud);
            remotes.usage.outdated(&cloud);
            if remotes.cloud.as_deref() == Some(cloud.as_str()) {
                remotes.images.stale = true;
                remotes.images.selected = [remote_id.clone()].into();
                remotes.images.primary = Some(remote_id);
            }
        }
        RemoteReply::Pulled(cloud, image_id, select) => {
            remotes.plan_outdated(&cloud);
            catalog.invalidate();
            if select {
                catalog.select_one(image_id);
            }
        }
        RemoteReply::CacheChanged => remotes.cache.stale = true,
        RemoteReply::ServerCache(cloud, result) => remotes.server_cache.arrived(&cloud, result),
        RemoteReply::Stores(cloud, result) => {
            remotes.forms.stores.entry(cloud).or_default().view = Some(result.map(|v| *v));
        }
        RemoteReply::Usage(cloud, result) => remotes.usage.arrived(&cloud, result),
        RemoteReply::Metadefs(cloud, result) => remotes.detail.metadefs_arrived(&cloud, result),
        RemoteReply::MetadefNamespaces(cloud, result) => remotes.metadefs.listed(&cloud, result),
        RemoteReply::MetadefNamespace(cloud, name, result) => {
            remotes.metadefs.shown(&cloud, &name, result.map(|ns| *ns));
        }
        RemoteReply::Cleanups(cloud, result) => {
            if let Err(message) = &result
                && remotes.cleanups.cloud.as_deref() == Some(cloud.as_str())
            {
                jobs.error(message.clone());
            }
            remotes.cleanups.arrived(&cloud, result);
        }
    }
}

/// Forget what waits for a secret that will not come (the prompt was cancelled).
fn abandon(remotes: &mut RemotesView, jobs: &mut Jobs, ops: Vec<RemoteOp>) {
    for op in ops {
        if let Some(job) = op.job() {
            jobs.finish(job, JobOutcome::Cancelled);
            remotes.job_finished(job);
        }
        match op {
            RemoteOp::List {
                cloud, generation, ..
            } => {
                for browser in [&mut remotes.images, &mut remotes.inbox] {
                    browser.page_failed(&cloud, generation, &tr!("views-no-secret"));
                }
            }
            RemoteOp::Show(cloud, id) => {
                remotes.detail.failed(&cloud, &id, &tr!("views-no-secret"));
            }
            RemoteOp::Plan { .. } => remotes.sync.loading = false,
            RemoteOp::RunCleanups(_) => remotes.cleanups.running = false,
            RemoteOp::ServerCache(cloud, _) => remotes
                .server_cache
                .arrived(&cloud, Err(tr!("views-no-secret"))),
            // Asked again the next time the cloud is shown.
            RemoteOp::Stores(cloud, _) => {
                remotes.forms.stores.remove(&cloud);
            }
            RemoteOp::Usage(cloud) => remotes.usage.arrived(&cloud, Err(tr!("views-no-secret"))),
            RemoteOp::Metadefs(cloud) => remotes
                .detail
                .metadefs_arrived(&cloud, Err(tr!("views-no-secret"))),
            RemoteOp::MetadefNamespaces(cloud) => {
                remotes.metadefs.listed(&cloud, Err(tr!("views-no-secret")))
            }
            RemoteOp::MetadefNamespace(cloud, name) => {
                remotes
                    .metadefs
                    .shown(&cloud, &name, Err(tr!("views-no-secret")));
            }
            _ => {}
        }
    }
}

/// Windows, the first cloud load, the dragged-images hint, and a pending re-plan; every frame.
pub fn windows_ui(ctx: &egui::Context, remotes: &mut RemotesView, cx: &mut Ctx) {
    if !remotes.clouds_requested {
        remotes.clouds_requested = true;
        cx.remote(RemoteOp::LoadClouds);
    }
    if std::mem::take(&mut remotes.replan)
        && let Some(cloud) = remotes.cloud.clone()
    {
        sync::request_plan(
            &mut remotes.sync,
            &cloud,
            &mut remotes.generations,
            cx.outbox,
        );
    }
    drag::drag_hint_ui(ctx);
    let abandoned = dialogs::windows_ui(ctx, &mut remotes.forms, cx);
    abandon(remotes, cx.jobs, abandoned);
}

/// In the Catalog view, while local images are dragged: the strip of clouds to drop them on;
/// a drop selects the cloud and asks to push them there.
pub fn catalog_drop_ui(ui: &mut egui::Ui, remotes: &mut RemotesView) {
    if let Some((name, drag)) = local::catalog_drop_ui(ui, &remotes.clouds) {
        remotes.select_cloud(&name);
        remotes.forms.ask_push(&name, drag.0);
    }
}

/// The Remotes view in the central area; `catalog` is the local catalog its compact list
/// shows.
pub fn remotes_ui(
    ui: &mut egui::Ui,
    remotes: &mut RemotesView,
    catalog: &mut CatalogView,
    cx: &mut Ctx,
) {
    // Proportional defaults and caps, so the cloud pane keeps room at 800x500 and the side
    // lists do not stretch thin at 2560x1440.
    let width = ui.available_width();
    let clouds_width = (width * 0.17).clamp(150.0, 260.0);
    let local_width = (width * 0.26).clamp(190.0, 420.0);
    remotes.pane_rects.clear();
    let clouds_panel = egui::Panel::left("remotes-clouds")
        .resizable(true)
        .default_size(clouds_width)
        .size_range(140.0..=(width * 0.3).max(150.0))
        .show(ui, |ui| {
            let mut rcx = RemoteCtx::new(cx, &mut remotes.generations, &mut remotes.forms);
            let switched = clouds::clouds_ui(
                ui,
                &remotes.clouds,
                remotes.clouds_error.as_deref(),
                &mut remotes.cloud,
                &mut remotes.tests,
                &remotes.reach,
                &mut rcx,
            );
            if switched {
                remotes.forget_listings();
            }
        });
    let local_panel = egui::Panel::left("remotes-local")
        .resizable(true)
        .default_size(local_width)
        .size_range(170.0..=(width * 0.4).max(190.0))
        .show(ui, |ui| {
            let mut rcx = RemoteCtx::new(cx, &mut remotes.generations, &mut remotes.forms);
            local::local_list_ui(
                ui,
                catalog,
                remotes.cloud.as_deref(),
                &mut remotes.local_details,
                &mut rcx,
            );
        });
    let pane = egui::CentralPanel::default().show(ui, |ui| cloud_pane_ui(ui, remotes, cx));
    remotes.pane_rects = vec![
        clouds_panel.response.rect,
        local_panel.response.rect,
        pane.response.rect,
    ];
}

/// The selected cloud's pane: tabs, then images, shared images, sync or cache.
fn cloud_pane_ui(ui: &mut egui::Ui, remotes: &mut RemotesView, cx: &mut Ctx) {
    let Some(name) = remotes.cloud.clone() else {
        ui.add_space(20.0);
        ui.vertical_centered(|ui| {
            ui.label(RichText::new(tr!("views-empty-select")).weak());
            ui.label(RichText::new(tr!("views-empty-drag")).weak().small());
        });
        return;
    };
    // Wrapped: at 800x500 the tabs would run off the pane.
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr!("views-cloud-heading", name = theme::shown(&name))).heading());
        ui.separator();
        let tab = &mut remotes.tab;
        ui.selectable_value(tab, RemoteTab::Images, tr!("views-tab-images"));
        ui.selectable_value(tab, RemoteTab::Shared, tr!("views-tab-shared"));
        ui.selectable_value(tab, RemoteTab::Sync, tr!("views-tab-sync"));
        ui.selectable_value(tab, RemoteTab::Cache, tr!("views-tab-cache"))
            .on_hover_text(tr!("views-tab-cache-hover"));
        ui.selectable_value(tab, RemoteTab::ServerCache, tr!("views-tab-server-cache"))
            .on_hover_text(tr!("views-tab-server-cache-hover"));
        ui.selectable_value(tab, RemoteTab::Metadefs, tr!("views-tab-metadefs"))
            .on_hover_text(tr!("views-tab-metadefs-hover"));
    });
    ui.separator();
    cleanups::cleanups_ui(ui, &mut remotes.cleanups, &name, cx);
    let mut rcx = RemoteCtx::new(cx, &mut remotes.generations, &mut remotes.forms);
    match remotes.tab {
        RemoteTab::Images => {
            // Read once the listing has answered: its connection is then made (a second
            // op sent while it is still being made would ask a TOTP cloud's passcode twice).
            let connected = remotes.images.loaded_for.as_deref() == Some(name.as_str())
                && !remotes.images.loading
                && remotes.images.error.is_none();
            usage::usage_ui(ui, &mut remotes.usage, &name, connected, &mut rcx);
            catalog::browser_ui(
                ui,
                &mut remotes.images,
                &mut remotes.detail,
                &name,
                false,
                &mut rcx,
            )
        }
        RemoteTab::Shared => catalog::browser_ui(
            ui,
            &mut remotes.inbox,
            &mut remotes.detail,
            &name,
            true,
            &mut rcx,
        ),
        RemoteTab::Sync => sync::sync_ui(
            ui,
            &mut remotes.sync,
            &mut remotes.sync_jobs,
            &name,
            &mut rcx,
        ),
        RemoteTab::Cache => cache::cache_ui(ui, &mut remotes.cache, &mut rcx.cx()),
        RemoteTab::ServerCache => {
            let selected: Vec<(String, String)> = remotes
                .images
                .rows
                .iter()
                .filter(|r| remotes.images.selected.contains(r.id()))
                .map(|r| (r.id().to_string(), r.label().to_string()))
                .collect();
            server_cache::server_cache_ui(ui, &mut remotes.server_cache, &name, &selected, &mut rcx)
        }
        RemoteTab::Metadefs => metadefs::metadefs_ui(ui, &mut remotes.metadefs, &name, &mut rcx),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_stay_with_their_cloud() {
        let mut remotes = RemotesView::default();
        remotes.select_cloud("a");
        remotes.images.status = "active".into();
        remotes.inbox.member_status = "accepted".into();
        remotes.select_cloud("b");
        assert_eq!(remotes.images.status, "");
        assert_eq!(remotes.inbox.member_status, "pending");
        remotes.images.tag = "lts".into();
        remotes.select_cloud("a");
        assert_eq!(remotes.images.status, "active");
        assert_eq!(remotes.inbox.member_status, "accepted");
        assert_eq!(remotes.images.tag, "");
        remotes.select_cloud("b");
        assert_eq!(remotes.images.tag, "lts");
    }
}
