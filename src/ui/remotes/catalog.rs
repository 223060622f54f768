//! A cloud's catalog in the Remotes view: Glance's own filters (name, status, visibility, tag;
//! for images shared with me, the member status) and sorts (the keys Glance accepts), one page
//! at a time following Glance's `next` links (with the links already followed kept for going
//! back), a table that local images can be dropped on (push) and whose rows can be dragged
//! onto the local list (pull), pull / prefetch buttons, accept / reject for shared images, and
//! the selected image's details below. The listing's state is a [`Browser`].

use eframe::egui::{self, RichText};

use crate::app::protocol::remote::{MemberChange, RemoteOp};
use crate::backend::ImageStatus;
use crate::i18n::labels;
use crate::tr;
use crate::ui::jobs::JobKind;
use crate::ui::remotes::browser::Browser;
use crate::ui::remotes::detail::{self, DetailView};
use crate::ui::remotes::drag::table_drop;
use crate::ui::remotes::forms::RemoteCtx;
use crate::ui::remotes::local::start_pulls;
use crate::ui::remotes::table;
use crate::ui::theme;

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

/// An image status as the filter offers it (label and Glance's value).
fn status_choice(value: &str) -> String {
    match value.parse::<ImageStatus>() {
        Ok(s) => labels::with_value(&labels::image_status(s), value),
        Err(_) => value.to_string(),
    }
}

/// A visibility filter's choice: "all" is the listing's own word, the rest are Glance's.
fn visibility_choice(value: &str) -> String {
    if value == "all" {
        labels::with_value(&tr!("remotes-catalog-all"), value)
    } else {
        detail::visibility_shown(value)
    }
}

/// A member-status filter's choice.
fn member_choice(value: &str) -> String {
    if value == "all" {
        labels::with_value(&tr!("remotes-catalog-all"), value)
    } else {
        detail::member_status_shown(value)
    }
}

/// A combo of text choices (`""` shown as `blank`, the others through `show`); `salt` keeps
/// its id whatever the language.
fn text_combo(
    ui: &mut egui::Ui,
    salt: &str,
    label: &str,
    value: &mut String,
    choices: &[&str],
    blank: &str,
    show: fn(&str) -> String,
) -> bool {
    let before = value.clone();
    let caption = ui.label(label);
    let shown = if value.is_empty() {
        blank.to_string()
    } else {
        show(value)
    };
    egui::ComboBox::from_id_salt(("remote-filter", salt))
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for choice in choices {
                let text = if choice.is_empty() {
                    blank.to_string()
                } else {
                    show(choice)
                };
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
                    .hint_text(tr!("remotes-catalog-name-hint"))
                    .desired_width(96.0),
            )
            .accessible_name(tr!("remotes-catalog-name-filter"))
            .on_hover_text(tr!("remotes-catalog-name-filter-hover"))
            .lost_focus();
        changed |= text_combo(
            ui,
            "status",
            &tr!("remotes-catalog-status"),
            &mut b.status,
            &[&[""], &STATUSES[..]].concat(),
            &tr!("remotes-catalog-any"),
            status_choice,
        );
        if inbox {
            changed |= text_combo(
                ui,
                "member-status",
                &tr!("remotes-catalog-member-status"),
                &mut b.member_status,
                &MEMBER_STATUSES,
                &member_choice("pending"),
                member_choice,
            );
        } else {
            changed |= text_combo(
                ui,
                "visibility",
                &tr!("remotes-catalog-visibility"),
                &mut b.visibility,
                &VISIBILITIES,
                &tr!("remotes-catalog-default"),
                visibility_choice,
            );
        }
        changed |= ui
            .add(
                egui::TextEdit::singleline(&mut b.tag)
                    .hint_text(tr!("remotes-catalog-tag-hint"))
                    .desired_width(72.0),
            )
            .accessible_name(tr!("remotes-catalog-tag-filter"))
            .lost_focus();
        let before = b.page_size;
        egui::ComboBox::from_id_salt(("remote-page-size", inbox))
            .selected_text(tr!("remotes-catalog-per-page", count = b.page_size))
            .show_ui(ui, |ui| {
                for size in PAGE_SIZES {
                    ui.selectable_value(
                        &mut b.page_size,
                        size,
                        tr!("remotes-catalog-per-page", count = size),
                    );
                }
            })
            .response
            .accessible_name(tr!("remotes-catalog-page-size"));
        changed |= b.page_size != before;
    });
    changed
}

/// The image table, the paging bar, the actions, and the details of the selected image.
/// `browser` is the cloud's images or (`inbox`) the images shared with my project; `detail`
/// the selected image's pane.
pub fn browser_ui(
    ui: &mut egui::Ui,
    browser: &mut Browser,
    detail: &mut DetailView,
    cloud: &str,
    inbox: bool,
    rcx: &mut RemoteCtx,
) {
    // The cloud's stores and import methods (push ticks, Import from URL, Copy to stores),
    // asked once the listing has answered: the session exists then, so this never races the
    // listing to authenticate (a TOTP passcode works once).
    if browser.loaded_for.as_deref() == Some(cloud)
        && browser.error.is_none()
        && let Some(ask) = rcx.forms.want_stores(cloud)
    {
        rcx.send(ask);
    }
    let mut op = None;
    if filter_bar_ui(ui, browser, inbox) {
        browser.previous.clear();
        op = Some(browser.request(rcx.generations, cloud, None, inbox));
    } else if !browser.loading && (browser.loaded_for.as_deref() != Some(cloud) || browser.stale) {
        let current = if browser.stale {
            browser.current.clone()
        } else {
            None
        };
        op = Some(browser.request(rcx.generations, cloud, current, inbox));
    }
    ui.horizontal(|ui| {
        let page = browser.previous.len() + 1;
        if ui
            .add_enabled(
                !browser.previous.is_empty() && !browser.loading,
                egui::Button::new(tr!("remotes-catalog-previous")),
            )
            .clicked()
            && let Some(link) = browser.previous.pop()
        {
            op = Some(browser.request(rcx.generations, cloud, link, inbox));
        }
        ui.label(tr!(
            "remotes-catalog-page",
            page = page,
            count = browser.rows.len()
        ));
        if ui
            .add_enabled(
                browser.next.is_some() && !browser.loading,
                egui::Button::new(tr!("remotes-catalog-next")),
            )
            .on_hover_text(tr!("remotes-catalog-next-hover"))
            .clicked()
        {
            browser.previous.push(browser.current.clone());
            op = Some(browser.request(rcx.generations, cloud, browser.next.clone(), inbox));
        }
        if ui
            .button(tr!("remotes-catalog-refresh"))
            .on_hover_text(tr!("remotes-catalog-refresh-hover"))
            .clicked()
        {
            browser.previous.clear();
            op = Some(browser.request(rcx.generations, cloud, None, inbox));
        }
        if browser.loading {
            ui.spinner();
        }
    });
    if let Some(error) = &browser.error {
        // The notice holds the whole message.
        theme::brief_error_ui(ui, &tr!("remotes-catalog-cannot-list"), error);
        if !browser.rows.is_empty()
            && let Some(at) = &browser.fetched_at
        {
            ui.label(
                RichText::new(tr!("remotes-catalog-stale", at = at))
                    .weak()
                    .italics(),
            );
        }
    }
    if let Some(op) = op {
        rcx.send(op);
    }
    actions_ui(ui, browser, cloud, inbox, rcx);
    // The table over the top ~55 %, the selected image's details below.
    let width = ui.available_width();
    let table_height = (ui.available_height() * 0.55).max(140.0);
    let scope = ui.allocate_ui(egui::vec2(width, table_height), |ui| {
        // In a narrow pane the columns scroll across instead of being cut at its edge.
        egui::ScrollArea::horizontal()
            .id_salt(("remote-table-across", inbox))
            .auto_shrink([false, false])
            .show(ui, |ui| table::table_ui(ui, browser, cloud, inbox, rcx));
    });
    if let Some(drop) = table_drop(ui, scope.response.rect) {
        rcx.forms.ask_push(cloud, drop.0);
    }
    ui.separator();
    let project = browser.project_id.clone();
    detail::detail_ui(
        ui,
        detail,
        browser.primary.clone(),
        cloud,
        inbox,
        project.as_deref(),
        rcx,
    );
}

/// Pull, prefetch, and for shared images accept / reject.
fn actions_ui(ui: &mut egui::Ui, browser: &Browser, cloud: &str, inbox: bool, rcx: &mut RemoteCtx) {
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
    ui.horizontal_wrapped(|ui| {
        let why = tr!("remotes-catalog-select-active");
        pull = ui
            .add_enabled(
                !active.is_empty(),
                egui::Button::new(tr!("remotes-catalog-pull")),
            )
            .on_hover_text(tr!("remotes-catalog-pull-hover"))
            .on_disabled_hover_text(&why)
            .clicked();
        prefetch = ui
            .add_enabled(
                !active.is_empty(),
                egui::Button::new(tr!("remotes-catalog-prefetch")),
            )
            .on_hover_text(tr!("remotes-catalog-prefetch-hover"))
            .on_disabled_hover_text(&why)
            .clicked();
        if inbox {
            ui.separator();
            let can = !chosen.is_empty() && project.is_some();
            if ui
                .add_enabled(can, egui::Button::new(tr!("remotes-catalog-accept")))
                .on_disabled_hover_text(tr!("remotes-catalog-select-shared"))
                .clicked()
            {
                answer = Some("accepted");
            }
            if ui
                .add_enabled(can, egui::Button::new(tr!("remotes-catalog-reject")))
                .on_disabled_hover_text(tr!("remotes-catalog-select-shared"))
                .clicked()
            {
                answer = Some("rejected");
            }
        } else {
            ui.separator();
            crate::ui::remotes::stores::import_url_button_ui(ui, cloud, rcx.forms);
            ui.label(
                RichText::new(tr!("remotes-catalog-drop-hint"))
                    .weak()
                    .small(),
            );
        }
    });
    if pull {
        start_pulls(&mut rcx.cx(), cloud, &active);
    }
    if prefetch {
        for (remote_id, name) in &active {
            let (job, control) =
                rcx.jobs
                    .start(JobKind::Prefetch, format!("{name} ← {cloud}"), None);
            let op = RemoteOp::Prefetch {
                job,
                control,
                cloud: cloud.to_string(),
                remote_id: remote_id.clone(),
            };
            rcx.send(op);
        }
    }
    if let (Some(status), Some(project)) = (answer, project) {
        for (id, _) in chosen {
            let op = RemoteOp::Member(
                cloud.to_string(),
                id,
                MemberChange::Answer(project.clone(), status),
            );
            rcx.send(op);
        }
    }
}
