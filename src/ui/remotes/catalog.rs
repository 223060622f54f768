//! A cloud's catalog in the Remotes view: Glance's own filters (name, status, visibility, tag;
//! for images shared with me, the member status) and sorts (the keys Glance accepts), one page
//! at a time following Glance's `next` links (with the links already followed kept for going
//! back), a table that local images can be dropped on (push) and whose rows can be dragged
//! onto the local list (pull), pull / prefetch buttons, accept / reject for shared images, and
//! the selected image's details below.

use std::collections::BTreeSet;

use eframe::egui::{self, RichText};

use crate::app::remote::ops::{MemberChange, RemoteOp};
use crate::backend::remote::{RemoteImage, RemoteQuery};
use crate::ui::jobs::JobKind;
use crate::ui::remotes::local::{start_pulls, table_drop};
use crate::ui::remotes::{detail, table};
use crate::ui::theme;
use crate::ui::view::ViewState;

/// Glance's sort keys, as table columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RemoteSort {
    /// `name`.
    #[default]
    Name,
    /// `status`.
    Status,
    /// `disk_format`.
    DiskFormat,
    /// `size`.
    Size,
    /// `updated_at`.
    UpdatedAt,
    /// `id`.
    Id,
}

impl RemoteSort {
    fn key(self) -> &'static str {
        match self {
            RemoteSort::Name => "name",
            RemoteSort::Status => "status",
            RemoteSort::DiskFormat => "disk_format",
            RemoteSort::Size => "size",
            RemoteSort::UpdatedAt => "updated_at",
            RemoteSort::Id => "id",
        }
    }
}

/// Page sizes offered.
const PAGE_SIZES: [u32; 5] = [10, 25, 50, 100, 200];
/// Statuses offered in the filter.
const STATUSES: [&str; 8] = [
    "active",
    "queued",
    "saving",
    "uploading",
    "importing",
    "deactivated",
    "killed",
    "pending_delete",
];
/// Visibilities offered in the filter (empty: Glance's default listing).
const VISIBILITIES: [&str; 6] = ["", "all", "public", "private", "shared", "community"];
/// Member statuses offered for images shared with me.
const MEMBER_STATUSES: [&str; 4] = ["pending", "accepted", "rejected", "all"];

/// One listing of a cloud's images, a page at a time.
#[derive(Debug)]
pub struct Browser {
    /// Exact name filter.
    pub name: String,
    /// Status filter (empty: any).
    pub status: String,
    /// Visibility filter (empty: Glance's default).
    pub visibility: String,
    /// Tag filter.
    pub tag: String,
    /// Member status (images shared with me).
    pub member_status: String,
    /// Sort column.
    pub sort: RemoteSort,
    /// Largest first.
    pub descending: bool,
    /// Images per page.
    pub page_size: u32,
    /// The page's images.
    pub rows: Vec<RemoteImage>,
    /// The `next` link of the page shown.
    pub next: Option<String>,
    /// The link the page shown came from (`None`: the first page).
    pub current: Option<String>,
    /// Links of the pages before it.
    pub previous: Vec<Option<String>>,
    /// The listing generation asked for last.
    pub generation: u64,
    /// A page is on its way.
    pub loading: bool,
    /// Why the last page failed.
    pub error: Option<String>,
    /// The cloud whose rows these are.
    pub loaded_for: Option<String>,
    /// Reload the page shown (something changed).
    pub stale: bool,
    /// Selected image ids.
    pub selected: BTreeSet<String>,
    /// The image whose details show.
    pub primary: Option<String>,
    /// The project the session is scoped to.
    pub project_id: Option<String>,
}

impl Default for Browser {
    fn default() -> Self {
        Browser {
            name: String::new(),
            status: String::new(),
            visibility: String::new(),
            tag: String::new(),
            member_status: "pending".into(),
            sort: RemoteSort::Name,
            descending: false,
            page_size: 50,
            rows: Vec::new(),
            next: None,
            current: None,
            previous: Vec::new(),
            generation: 0,
            loading: false,
            error: None,
            loaded_for: None,
            stale: false,
            selected: BTreeSet::new(),
            primary: None,
            project_id: None,
        }
    }
}

impl Browser {
    /// Forget the rows (another cloud was selected), keeping filters and sort.
    pub fn reset(&mut self) {
        self.rows.clear();
        self.next = None;
        self.current = None;
        self.previous.clear();
        self.loading = false;
        self.error = None;
        self.loaded_for = None;
        self.selected.clear();
        self.primary = None;
        self.generation = 0;
    }

    /// The query for the filters and sort.
    pub fn query(&self, inbox: bool) -> RemoteQuery {
        let mut filters = Vec::new();
        let mut put = |key: &str, value: &str| {
            if !value.trim().is_empty() {
                filters.push((key.to_string(), value.trim().to_string()));
            }
        };
        put("name", &self.name);
        put("status", &self.status);
        put("tag", &self.tag);
        if inbox {
            put("visibility", "shared");
            put("member_status", &self.member_status);
        } else {
            put("visibility", &self.visibility);
        }
        let dir = if self.descending { "desc" } else { "asc" };
        RemoteQuery {
            filters,
            sort: Some(format!("{}:{dir}", self.sort.key())),
            page_size: Some(self.page_size),
            ..RemoteQuery::default()
        }
    }

    /// Ask for the page at `link` (`None`: the first) with a new generation.
    pub fn request(
        &mut self,
        view_generation: &mut u64,
        cloud: &str,
        link: Option<String>,
        inbox: bool,
    ) -> RemoteOp {
        *view_generation += 1;
        self.generation = *view_generation;
        self.loading = true;
        self.stale = false;
        self.current = link.clone();
        RemoteOp::List {
            cloud: cloud.to_string(),
            generation: self.generation,
            query: self.query(inbox),
            link,
        }
    }

    /// A page arrived; false when it is not this listing's.
    pub fn page_arrived(
        &mut self,
        cloud: &str,
        generation: u64,
        images: &[RemoteImage],
        next: &Option<String>,
        project_id: &Option<String>,
    ) -> bool {
        if generation != self.generation {
            return false;
        }
        self.rows = images.to_vec();
        self.next = next.clone();
        self.loading = false;
        self.error = None;
        self.loaded_for = Some(cloud.to_string());
        self.project_id = project_id.clone();
        let ids: BTreeSet<String> = self.rows.iter().map(|r| r.id().to_string()).collect();
        self.selected.retain(|id| ids.contains(id));
        true
    }

    /// A page failed; false when it is not this listing's.
    pub fn page_failed(&mut self, cloud: &str, generation: u64, message: &str) -> bool {
        if generation != self.generation {
            return false;
        }
        self.loading = false;
        self.error = Some(message.to_string());
        self.loaded_for = Some(cloud.to_string());
        true
    }

    /// The selected rows (id, name).
    pub fn selected_rows(&self) -> Vec<(String, String)> {
        self.rows
            .iter()
            .filter(|r| self.selected.contains(r.id()))
            .map(|r| (r.id().to_string(), r.label().to_string()))
            .collect()
    }
}

/// A combo of text choices (`""` shown as `blank`).
fn text_combo(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    choices: &[&str],
    blank: &str,
) -> bool {
    let before = value.clone();
    let caption = ui.label(label);
    let shown = if value.is_empty() {
        blank
    } else {
        value.as_str()
    }
    .to_string();
    egui::ComboBox::from_id_salt(("remote-filter", label))
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for choice in choices {
                let text = if choice.is_empty() { blank } else { choice };
                ui.selectable_value(value, choice.to_string(), text);
            }
        })
        .response
        .labelled_by(caption.id);
    *value != before
}

/// The filter bar; true when the listing must start again.
fn filter_bar_ui(ui: &mut egui::Ui, b: &mut Browser, inbox: bool) -> bool {
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        changed |= ui
            .add(
                egui::TextEdit::singleline(&mut b.name)
                    .hint_text("exact name")
                    .desired_width(96.0),
            )
            .accessible_name("Remote name filter")
            .on_hover_text("Glance's name filter (an exact match)")
            .lost_focus();
        changed |= text_combo(
            ui,
            "Status",
            &mut b.status,
            &[&[""], &STATUSES[..]].concat(),
            "any",
        );
        if inbox {
            changed |= text_combo(
                ui,
                "Member status",
                &mut b.member_status,
                &MEMBER_STATUSES,
                "pending",
            );
        } else {
            changed |= text_combo(
                ui,
                "Visibility",
                &mut b.visibility,
                &VISIBILITIES,
                "default",
            );
        }
        changed |= ui
            .add(
                egui::TextEdit::singleline(&mut b.tag)
                    .hint_text("tag")
                    .desired_width(72.0),
            )
            .accessible_name("Remote tag filter")
            .lost_focus();
        let before = b.page_size;
        egui::ComboBox::from_id_salt(("remote-page-size", inbox))
            .selected_text(format!("{} per page", b.page_size))
            .show_ui(ui, |ui| {
                for size in PAGE_SIZES {
                    ui.selectable_value(&mut b.page_size, size, format!("{size} per page"));
                }
            })
            .response
            .accessible_name("Page size");
        changed |= b.page_size != before;
    });
    changed
}

/// The image table, the paging bar, the actions, and the details of the selected image.
pub fn browser_ui(ui: &mut egui::Ui, view: &mut ViewState, cloud: &str, inbox: bool) {
    let remotes = &mut view.remotes;
    let generations = &mut remotes.generations;
    let browser = if inbox {
        &mut remotes.inbox
    } else {
        &mut remotes.images
    };
    let mut op = None;
    if filter_bar_ui(ui, browser, inbox) {
        browser.previous.clear();
        op = Some(browser.request(generations, cloud, None, inbox));
    } else if !browser.loading && (browser.loaded_for.as_deref() != Some(cloud) || browser.stale) {
        let current = if browser.stale {
            browser.current.clone()
        } else {
            None
        };
        op = Some(browser.request(generations, cloud, current, inbox));
    }
    ui.horizontal(|ui| {
        let page = browser.previous.len() + 1;
        if ui
            .add_enabled(
                !browser.previous.is_empty() && !browser.loading,
                egui::Button::new("‹ Previous"),
            )
            .clicked()
            && let Some(link) = browser.previous.pop()
        {
            op = Some(browser.request(generations, cloud, link, inbox));
        }
        ui.label(format!(
            "page {page} · {} image{}",
            browser.rows.len(),
            if browser.rows.len() == 1 { "" } else { "s" }
        ));
        if ui
            .add_enabled(
                browser.next.is_some() && !browser.loading,
                egui::Button::new("Next ›"),
            )
            .on_hover_text("Follow Glance's next link")
            .clicked()
        {
            browser.previous.push(browser.current.clone());
            op = Some(browser.request(generations, cloud, browser.next.clone(), inbox));
        }
        if ui
            .button("Refresh")
            .on_hover_text("List again from the first page")
            .clicked()
        {
            browser.previous.clear();
            op = Some(browser.request(generations, cloud, None, inbox));
        }
        if browser.loading {
            ui.spinner();
        }
    });
    if let Some(error) = &browser.error {
        ui.add(egui::Label::new(theme::error_text(ui, error.clone())).wrap());
    }
    if let Some(op) = op {
        remotes.send(&mut view.outbox, op);
    }
    actions_ui(ui, view, cloud, inbox);
    // The table over the top ~55 %, the selected image's details below.
    let width = ui.available_width();
    let table_height = (ui.available_height() * 0.55).max(140.0);
    let scope = ui.allocate_ui(egui::vec2(width, table_height), |ui| {
        table::table_ui(ui, view, cloud, inbox);
    });
    if let Some(drop) = table_drop(ui, scope.response.rect) {
        view.remotes.forms.ask_push(cloud, drop.0);
    }
    ui.separator();
    detail::detail_ui(ui, view, cloud, inbox);
}

/// Pull, prefetch, and for shared images accept / reject.
fn actions_ui(ui: &mut egui::Ui, view: &mut ViewState, cloud: &str, inbox: bool) {
    let browser = if inbox {
        &view.remotes.inbox
    } else {
        &view.remotes.images
    };
    let chosen = browser.selected_rows();
    let active: Vec<(String, String)> = browser
        .rows
        .iter()
        .filter(|r| browser.selected.contains(r.id()) && r.status() == "active")
        .map(|r| (r.id().to_string(), r.label().to_string()))
        .collect();
    let project = browser.project_id.clone();
    let mut pull = false;
    let mut prefetch = false;
    let mut answer = None;
    ui.horizontal(|ui| {
        let why = "Select active remote images first";
        pull = ui
            .add_enabled(!active.is_empty(), egui::Button::new("◂ Pull"))
            .on_hover_text("Pull the selected images into the local catalog (or drag them onto it)")
            .on_disabled_hover_text(why)
            .clicked();
        prefetch = ui
            .add_enabled(!active.is_empty(), egui::Button::new("Prefetch to cache"))
            .on_hover_text("Download into the local cache only (cache queue)")
            .on_disabled_hover_text(why)
            .clicked();
        if inbox {
            ui.separator();
            let can = !chosen.is_empty() && project.is_some();
            if ui
                .add_enabled(can, egui::Button::new("Accept"))
                .on_disabled_hover_text("Select shared images first")
                .clicked()
            {
                answer = Some("accepted");
            }
            if ui
                .add_enabled(can, egui::Button::new("Reject"))
                .on_disabled_hover_text("Select shared images first")
                .clicked()
            {
                answer = Some("rejected");
            }
        } else {
            ui.label(
                RichText::new("Drop local images on the table to push them")
                    .weak()
                    .small(),
            );
        }
    });
    if pull {
        start_pulls(view, cloud, &active);
    }
    if prefetch {
        for (remote_id, name) in &active {
            let (job, control) =
                view.jobs
                    .start(JobKind::Prefetch, format!("{name} ← {cloud}"), None);
            let op = RemoteOp::Prefetch {
                job,
                control,
                cloud: cloud.to_string(),
                remote_id: remote_id.clone(),
            };
            view.remotes.send(&mut view.outbox, op);
        }
    }
    if let (Some(status), Some(project)) = (answer, project) {
        for (id, _) in chosen {
            let op = RemoteOp::Member(
                cloud.to_string(),
                id,
                MemberChange::Answer(project.clone(), status),
            );
            view.remotes.send(&mut view.outbox, op);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_and_sort_become_glance_query_pairs() {
        let mut browser = Browser {
            name: "cirros".into(),
            status: "active".into(),
            visibility: "public".into(),
            tag: " t1 ".into(),
            sort: RemoteSort::UpdatedAt,
            descending: true,
            ..Browser::default()
        };
        let query = browser.query(false);
        let pairs: Vec<(&str, &str)> = query
            .filters
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("name", "cirros"),
                ("status", "active"),
                ("tag", "t1"),
                ("visibility", "public")
            ]
        );
        assert_eq!(query.sort.as_deref(), Some("updated_at:desc"));
        assert_eq!(query.page_size, Some(50));
        browser.member_status = "all".into();
        let inbox = browser.query(true);
        assert!(
            inbox
                .filters
                .contains(&("visibility".into(), "shared".into()))
        );
        assert!(
            inbox
                .filters
                .contains(&("member_status".into(), "all".into()))
        );
        assert!(
            !inbox
                .filters
                .contains(&("visibility".into(), "public".into()))
        );
    }

    #[test]
    fn pages_of_another_generation_are_ignored() {
        let mut browser = Browser::default();
        let mut generations = 0;
        let op = browser.request(&mut generations, "lab", None, false);
        assert!(matches!(op, RemoteOp::List { generation: 1, .. }));
        assert!(!browser.page_failed("lab", 0, "old"));
        assert!(browser.loading);
        assert!(browser.page_arrived("lab", 1, &[], &Some("/v2/images?marker=x".into()), &None));
        assert!(!browser.loading);
        assert_eq!(browser.next.as_deref(), Some("/v2/images?marker=x"));
    }
}
