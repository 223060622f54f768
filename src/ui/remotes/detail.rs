//! The selected remote image: every field, tags, properties, members and the image's tasks,
//! with the edits Glance allows (name, visibility, protected, tags, properties, members,
//! deactivate / reactivate, delete after confirmation), "Copy to cloud…" (`copy.rs`), and its
//! stores (`stores.rs`: Delete per store, Copy to stores…, the import's progress, read again
//! each second while it runs). Edits are JSON-patch calls made off the UI thread; Glance's
//! refusals (403, 409, …) come back as notices with its message.
//! The property editor's key suggestions, allowed values and warnings come from the cloud's
//! own metadata definitions (read once per session, [`RemoteOp::Metadefs`]), or from the
//! built-in table while they load, when the cloud defines none, or when they cannot be read.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use std::time::{Duration, Instant};

use eframe::egui::{self, RichText};
use serde_json::Value;

use crate::app::protocol::remote::{MemberChange, RemoteAction, RemoteDetail, RemoteOp};
use crate::backend::metadefs::{CatalogOrigin, PropertyCatalog};
use crate::backend::remote::RemoteEdit;
use crate::backend::remote::metadefs::ImageMetadefs;
use crate::format;
use crate::i18n::labels;
use crate::model::{MemberStatus, TaskStatus, Visibility};
use crate::tr;
use crate::ui::remotes::copy;
use crate::ui::remotes::forms::{Confirm, RemoteCtx};
use crate::ui::remotes::stores;
use crate::ui::{metadefs, theme};

/// Visibilities a remote image can be given.
const VISIBILITIES: [&str; 4] = ["private", "shared", "community", "public"];

/// The details pane's state and edit drafts.
#[derive(Debug, Default)]
pub struct DetailView {
    /// The details shown.
    pub detail: Option<RemoteDetail>,
    /// The (cloud, image id) asked for last.
    pub requested: Option<(String, String)>,
    /// Ask again (the image changed).
    pub stale: bool,
    /// Why the image asked for could not be read.
    pub error: Option<String>,
    /// Name draft.
    pub name: String,
    /// Visibility draft.
    pub visibility: String,
    /// Protected draft.
    pub protected: bool,
    /// Hidden flag being edited (`os_hidden`).
    pub hidden: bool,
    /// Edit another project's image anyway (the person says they are an admin).
    pub admin_edit: bool,
    /// min_disk being edited (GiB).
    pub min_disk_gib: u64,
    /// min_ram being edited (MiB).
    pub min_ram_mib: u64,
    /// Tag to add.
    pub new_tag: String,
    /// `key=value` to set.
    pub new_property: String,
    /// Project to share with.
    pub new_member: String,
    /// When the details shown arrived.
    pub shown_at: Option<Instant>,
    /// Each cloud's property catalog for the editor (its metadata definitions, the built-in
    /// table when it defines none), or why it could not be read.
    pub metadefs: BTreeMap<String, Result<Arc<PropertyCatalog>, String>>,
    /// Clouds whose metadata definitions were asked for.
    metadefs_asked: BTreeSet<String>,
}

/// How often the details of an image being imported are read again.
const IMPORT_REFRESH: Duration = Duration::from_secs(1);

impl DetailView {
    /// A cloud's metadata definitions arrived.
    pub fn metadefs_arrived(&mut self, cloud: &str, result: Result<Arc<ImageMetadefs>, String>) {
        let catalog = result.map(|m| Arc::new(m.editor_catalog()));
        self.metadefs.insert(cloud.to_string(), catalog);
    }

    /// The image asked for could not be read.
    pub fn failed(&mut self, cloud: &str, id: &str, message: &str) {
        if self
            .requested
            .as_ref()
            .is_some_and(|(c, i)| c == cloud && i == id)
        {
            self.error = Some(message.to_string());
        }
    }

    /// Details arrived (kept only if they are the ones asked for).
    pub fn shown(&mut self, detail: RemoteDetail) {
        let wanted = self
            .requested
            .as_ref()
            .is_some_and(|(c, id)| *c == detail.cloud && id == detail.image.id());
        if wanted {
            self.error = None;
            self.name = detail.image.name().unwrap_or_default().to_string();
            self.visibility = detail.image.visibility().to_string();
            self.protected = detail.image.protected();
            self.hidden = detail.image.hidden();
            self.min_disk_gib = detail.image.min_disk_gib();
            self.min_ram_mib = detail.image.min_ram_mib();
            self.detail = Some(detail);
            self.shown_at = Some(Instant::now());
        }
    }
}

/// A visibility as the window shows it: its label with Glance's value ("私有（private）").
pub(crate) fn visibility_shown(value: &str) -> String {
    match value.parse::<Visibility>() {
        Ok(v) => labels::with_value(&labels::visibility(v), value),
        Err(_) => value.to_string(),
    }
}

/// A member status as the window shows it (label and value).
pub(crate) fn member_status_shown(value: &str) -> String {
    match value.parse::<MemberStatus>() {
        Ok(s) => labels::with_value(&labels::member_status(s), value),
        Err(_) => value.to_string(),
    }
}

fn task_status_shown(value: &str) -> String {
    match value.parse::<TaskStatus>() {
        Ok(s) => labels::with_value(&labels::task_status(s), value),
        Err(_) => value.to_string(),
    }
}

fn yes_no(value: bool) -> String {
    if value {
        tr!("remotes-detail-yes")
    } else {
        tr!("remotes-detail-no")
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "—".into(),
        other => other.to_string(),
    }
}

/// The details of `primary`, the selected image of the images (or, `inbox`, shared) listing.
pub fn detail_ui(
    ui: &mut egui::Ui,
    detail_view: &mut DetailView,
    primary: Option<String>,
    cloud: &str,
    inbox: bool,
    project_id: Option<&str>,
    rcx: &mut RemoteCtx,
) {
    let Some(id) = primary else {
        ui.label(RichText::new(tr!("remotes-detail-select")).weak());
        return;
    };
    if !detail_view.metadefs.contains_key(cloud) && detail_view.metadefs_asked.insert(cloud.into())
    {
        rcx.send(RemoteOp::Metadefs(cloud.to_string()));
    }
    let key = (cloud.to_string(), id.clone());
    if detail_view.requested.as_ref() != Some(&key) || detail_view.stale {
        detail_view.requested = Some(key);
        detail_view.stale = false;
        detail_view.error = None;
        let op = RemoteOp::Show(cloud.to_string(), id.clone());
        rcx.send(op);
        return;
    }
    let Some(detail) = detail_view
        .detail
        .clone()
        .filter(|d| d.image.id() == id && d.cloud == cloud)
    else {
        if let Some(error) = &detail_view.error {
            ui.add(egui::Label::new(theme::error_text(ui, error.clone())).wrap());
            return;
        }
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(tr!("remotes-detail-loading"));
        });
        return;
    };
    // While an import writes to a store, read the image again every second, so its
    // os_glance_importing_to_stores / os_glance_failed_import show live.
    if stores::importing(&detail) {
        let due = detail_view
            .shown_at
            .is_none_or(|at| at.elapsed() >= IMPORT_REFRESH);
        if due {
            detail_view.stale = true;
        }
        ui.ctx().request_repaint_after(IMPORT_REFRESH);
    }
    let mut ops = Vec::new();
    egui::ScrollArea::vertical()
        .id_salt(("remote-detail-scroll", inbox))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(theme::shown(detail.image.label())).heading());
                // Reading is enough to copy: offered for another project's image too.
                copy::copy_button_ui(ui, rcx.forms, cloud, &detail.image);
            });
            fields_ui(ui, &detail);
            // Glance lets an image's owner change it (and an admin, whose role the window
            // cannot see): another project's image is read-only until the person says they
            // are an admin, so the buttons offered are the ones that can work.
            let owner = detail.image.owner();
            let mine = owner.is_none() || project_id.is_none() || owner == project_id;
            if !mine {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(tr!(
                            "remotes-detail-owned-by",
                            project = theme::shown(owner.unwrap_or("—"))
                        ))
                        .weak(),
                    );
                    ui.checkbox(
                        &mut detail_view.admin_edit,
                        tr!("remotes-detail-admin-edit"),
                    );
                });
            }
            if mine || detail_view.admin_edit {
                edit_ui(ui, detail_view, &detail, cloud, &mut ops);
            }
            let can_edit = mine || detail_view.admin_edit;
            stores::detail_stores_ui(ui, &detail, cloud, can_edit, rcx.forms);
            members_ui(ui, detail_view, &detail, cloud, can_edit, &mut ops);
            tasks_ui(ui, &detail);
        });
    if ops
        .iter()
        .any(|op| matches!(op, RemoteOp::Action(_, _, RemoteAction::Delete)))
    {
        ops.retain(|op| !matches!(op, RemoteOp::Action(_, _, RemoteAction::Delete)));
        rcx.forms.confirm = Some(Confirm::DeleteRemote(
            cloud.to_string(),
            id,
            detail.image.label().to_string(),
        ));
    }
    for op in ops {
        rcx.send(op);
    }
}

fn fields_ui(ui: &mut egui::Ui, detail: &RemoteDetail) {
    let image = &detail.image;
    let dark = ui.visuals().dark_mode;
    egui::Grid::new("remote-fields")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            let row = |ui: &mut egui::Ui, key: &str, value: RichText| {
                ui.label(RichText::new(key).weak());
                ui.add(egui::Label::new(value).selectable(true).truncate());
                ui.end_row();
            };
            row(
                ui,
                "ID",
                RichText::new(theme::shown(image.id())).monospace(),
            );
            let status = match image.status().parse() {
                Ok(s) => {
                    RichText::new(labels::with_value(&labels::image_status(s), image.status()))
                        .color(theme::status_color(s, dark))
                }
                Err(_) => RichText::new(theme::shown(image.status())),
            };
            row(ui, &tr!("remotes-detail-status"), status);
            row(
                ui,
                &tr!("remotes-detail-formats"),
                RichText::new(theme::shown(&format!(
                    "{} / {}",
                    image.disk_format().unwrap_or("—"),
                    image.container_format().unwrap_or("—")
                ))),
            );
            row(
                ui,
                &tr!("remotes-detail-size"),
                RichText::new(format::bytes(image.size_bytes())),
            );
            row(
                ui,
                &tr!("remotes-detail-virtual-size"),
                RichText::new(format::bytes(image.virtual_size_bytes())),
            );
            row(
                ui,
                &tr!("remotes-detail-checksum"),
                RichText::new(theme::shown(image.checksum().unwrap_or("—"))).monospace(),
            );
            row(
                ui,
                "os_hash_value",
                RichText::new(theme::shown(&format!(
                    "{} {}",
                    image.os_hash_algo().unwrap_or(""),
                    image.os_hash_value().unwrap_or("—")
                )))
                .monospace(),
            );
            row(
                ui,
                &tr!("remotes-detail-visibility"),
                RichText::new(theme::shown(&visibility_shown(image.visibility()))),
            );
            row(
                ui,
                &tr!("remotes-detail-protected-hidden"),
                RichText::new(format!(
                    "{} / {}",
                    yes_no(image.protected()),
                    yes_no(image.hidden())
                )),
            );
            row(
                ui,
                &tr!("remotes-detail-owner"),
                RichText::new(theme::shown(image.owner().unwrap_or("—"))).monospace(),
            );
            row(
                ui,
                &tr!("remotes-detail-min-disk-ram"),
                RichText::new(format!(
                    "{} GiB / {} MiB",
                    image.min_disk_gib(),
                    image.min_ram_mib()
                )),
            );
            if let Some(stores) = image.stores() {
                row(
                    ui,
                    &tr!("remotes-detail-stores"),
                    RichText::new(theme::shown(stores)),
                );
            }
            row(
                ui,
                &tr!("remotes-detail-created"),
                RichText::new(theme::shown(image.created_at().unwrap_or("—"))),
            );
            row(
                ui,
                &tr!("remotes-detail-updated"),
                RichText::new(theme::shown(image.updated_at().unwrap_or("—"))),
            );
        });
}

fn edit_ui(
    ui: &mut egui::Ui,
    d: &mut DetailView,
    detail: &RemoteDetail,
    cloud: &str,
    ops: &mut Vec<RemoteOp>,
) {
    let image = &detail.image;
    let id = image.id().to_string();
    theme::section_heading_ui(ui, &tr!("remotes-detail-edit-heading"));
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(tr!("remotes-detail-name"));
        ui.add(egui::TextEdit::singleline(&mut d.name).desired_width(180.0))
            .labelled_by(label.id);
        let label = ui.label(tr!("remotes-detail-visibility"));
        egui::ComboBox::from_id_salt("remote-edit-visibility")
            .selected_text(visibility_shown(&d.visibility))
            .show_ui(ui, |ui| {
                for v in VISIBILITIES {
                    ui.selectable_value(&mut d.visibility, v.to_string(), visibility_shown(v));
                }
            })
            .response
            .labelled_by(label.id);
        ui.checkbox(&mut d.protected, tr!("remotes-detail-protected"));
        ui.checkbox(&mut d.hidden, tr!("remotes-detail-hidden"));
    });
    ui.horizontal(|ui| {
        let label = ui.label(tr!("remotes-detail-min-disk"));
        ui.add(egui::DragValue::new(&mut d.min_disk_gib))
            .labelled_by(label.id);
        let label = ui.label(tr!("remotes-detail-min-ram"));
        ui.add(egui::DragValue::new(&mut d.min_ram_mib))
            .labelled_by(label.id);
    });
    let changed = d.name != image.name().unwrap_or_default()
        || d.visibility != image.visibility()
        || d.protected != image.protected()
        || d.hidden != image.hidden()
        || d.min_disk_gib != image.min_disk_gib()
        || d.min_ram_mib != image.min_ram_mib();
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(changed, egui::Button::new(tr!("remotes-detail-save")))
            .clicked()
        {
            let edit = RemoteEdit {
                name: (d.name != image.name().unwrap_or_default()).then(|| d.name.clone()),
                visibility: (d.visibility != image.visibility()).then(|| d.visibility.clone()),
                protected: (d.protected != image.protected()).then_some(d.protected),
                os_hidden: (d.hidden != image.hidden()).then_some(d.hidden),
                min_disk_gib: (d.min_disk_gib != image.min_disk_gib()).then_some(d.min_disk_gib),
                min_ram_mib: (d.min_ram_mib != image.min_ram_mib()).then_some(d.min_ram_mib),
                ..RemoteEdit::default()
            };
            ops.push(RemoteOp::Edit(cloud.into(), id.clone(), Box::new(edit)));
        }
        let toggle = match image.status() {
            "active" => Some((tr!("remotes-detail-deactivate"), RemoteAction::Deactivate)),
            "deactivated" => Some((tr!("remotes-detail-reactivate"), RemoteAction::Reactivate)),
            _ => None,
        };
        if let Some((label, action)) = toggle
            && ui.button(label).clicked()
        {
            ops.push(RemoteOp::Action(cloud.into(), id.clone(), action));
        }
        if ui
            .add_enabled(
                !image.protected(),
                egui::Button::new(tr!("remotes-detail-delete")),
            )
            .on_disabled_hover_text(tr!("remotes-detail-delete-protected"))
            .clicked()
        {
            ops.push(RemoteOp::Action(
                cloud.into(),
                id.clone(),
                RemoteAction::Delete,
            ));
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr!("remotes-detail-tags")).weak());
        for tag in image.tags() {
            if ui
                .small_button(format!("{}  ×", theme::shown(&tag)))
                .on_hover_text(tr!("remotes-detail-remove-tag"))
                .clicked()
            {
                let edit = RemoteEdit {
                    remove_tags: vec![tag.clone()],
                    ..RemoteEdit::default()
                };
                ops.push(RemoteOp::Edit(cloud.into(), id.clone(), Box::new(edit)));
            }
        }
        ui.add(
            egui::TextEdit::singleline(&mut d.new_tag)
                .hint_text(tr!("remotes-detail-new-tag-hint"))
                .desired_width(90.0),
        )
        .accessible_name(tr!("remotes-detail-new-tag"));
        if ui
            .add_enabled(
                !d.new_tag.trim().is_empty(),
                egui::Button::new(tr!("remotes-detail-add-tag")),
            )
            .clicked()
        {
            let edit = RemoteEdit {
                add_tags: vec![d.new_tag.trim().to_string()],
                ..RemoteEdit::default()
            };
            ops.push(RemoteOp::Edit(cloud.into(), id.clone(), Box::new(edit)));
            d.new_tag.clear();
        }
    });
    let properties = image.properties();
    egui::Grid::new("remote-properties")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            for (key, value) in &properties {
                ui.label(RichText::new(theme::shown(key)).monospace());
                ui.add(egui::Label::new(theme::shown(value)).truncate());
                let reserved = key.starts_with("os_glance")
                    || key.starts_with("owner_specified")
                    || key == "stores";
                if ui
                    .add_enabled(!reserved, egui::Button::new("×").small())
                    .on_hover_text(tr!("remotes-detail-remove-property"))
                    .on_disabled_hover_text(tr!("remotes-detail-reserved-property"))
                    .clicked()
                {
                    let edit = RemoteEdit {
                        remove_properties: vec![key.clone()],
                        ..RemoteEdit::default()
                    };
                    ops.push(RemoteOp::Edit(cloud.into(), id.clone(), Box::new(edit)));
                }
                ui.end_row();
            }
        });
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut d.new_property)
                .hint_text("key=value")
                .desired_width(180.0),
        )
        .accessible_name(tr!("remotes-detail-new-property"));
        let pair = d
            .new_property
            .split_once('=')
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .filter(|(k, _)| !k.is_empty());
        if ui
            .add_enabled(
                pair.is_some(),
                egui::Button::new(tr!("remotes-detail-set-property")),
            )
            .on_disabled_hover_text(tr!("remotes-detail-type-key-value"))
            .clicked()
            && let Some((key, value)) = pair
        {
            let mut edit = RemoteEdit::default();
            edit.set_properties.insert(key, value);
            ops.push(RemoteOp::Edit(cloud.into(), id.clone(), Box::new(edit)));
            d.new_property.clear();
        }
    });
    property_suggestions_ui(ui, d, cloud, &properties);
}

/// Under the `key=value` field: where the suggestions come from, a warning for a value the
/// catalog does not allow, and (once something is typed) the matching keys or the typed
/// key's values (a click fills the field).
fn property_suggestions_ui(
    ui: &mut egui::Ui,
    d: &mut DetailView,
    cloud: &str,
    properties: &std::collections::BTreeMap<String, String>,
) {
    let loaded = d.metadefs.get(cloud).cloned();
    let catalog: &PropertyCatalog = match &loaded {
        Some(Ok(catalog)) => catalog,
        _ => PropertyCatalog::builtin(),
    };
    let origin = match &loaded {
        Some(Ok(c)) => match &c.origin {
            CatalogOrigin::Cloud(name) => tr!("remotes-detail-suggest-cloud", cloud = name),
            CatalogOrigin::BuiltIn => tr!("remotes-detail-suggest-builtin-none"),
        },
        Some(Err(message)) => tr!("remotes-detail-suggest-builtin-error", message = message),
        None => tr!("remotes-detail-suggest-builtin-loading"),
    };
    ui.add(egui::Label::new(RichText::new(theme::shown(&origin)).weak().small()).wrap());
    let (key, value) = match d.new_property.split_once('=') {
        Some((k, v)) => (k.trim().to_string(), v.trim().to_string()),
        None => (d.new_property.trim().to_string(), String::new()),
    };
    if let Some(warning) = catalog.value_warning(&key, &value) {
        ui.label(theme::warn_text(
            ui,
            tr!(
                "remotes-detail-value-warning",
                warning = theme::shown(&warning)
            ),
        ));
    }
    // Keys are suggested once something is typed: the property rows above stay the only
    // place an empty field shows keys.
    if key.is_empty() {
        return;
    }
    let existing: Vec<&str> = properties.keys().map(String::as_str).collect();
    match metadefs::suggestions_ui(ui, catalog, &key, &value, &existing) {
        Some(metadefs::Pick::Key(k)) => d.new_property = format!("{k}="),
        Some(metadefs::Pick::Value(v)) => d.new_property = format!("{key}={v}"),
        None => {}
    }
}

fn members_ui(
    ui: &mut egui::Ui,
    d: &mut DetailView,
    detail: &RemoteDetail,
    cloud: &str,
    can_edit: bool,
    ops: &mut Vec<RemoteOp>,
) {
    let id = detail.image.id().to_string();
    if detail.image.visibility() != "shared" {
        // Glance answers 403 for the members of any other image: say why instead.
        theme::section_heading_ui(ui, &tr!("remotes-detail-members"));
        ui.add(
            egui::Label::new(RichText::new(tr!("remotes-detail-members-shared-only")).weak())
                .wrap(),
        );
        return;
    }
    let members = match &detail.members {
        Ok(members) => members.clone(),
        Err(message) => {
            theme::section_heading_ui(ui, &tr!("remotes-detail-members"));
            theme::brief_error_ui(ui, &tr!("remotes-detail-members-unreadable"), message);
            return;
        }
    };
    theme::section_heading_ui(
        ui,
        &tr!("remotes-detail-members-count", count = members.len()),
    );
    for member in &members {
        let project = text(&member["member_id"]);
        ui.horizontal(|ui| {
            ui.label(RichText::new(theme::shown(&project)).monospace());
            ui.label(member_status_shown(&text(&member["status"])));
            // Only the owner shares; a consumer answers from "Shared with me".
            if can_edit
                && ui
                    .small_button(tr!("remotes-detail-remove-member"))
                    .clicked()
            {
                ops.push(RemoteOp::Member(
                    cloud.into(),
                    id.clone(),
                    MemberChange::Remove(project.clone()),
                ));
            }
        });
    }
    if can_edit {
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut d.new_member)
                    .hint_text(tr!("remotes-detail-new-member-hint"))
                    .desired_width(220.0),
            )
            .accessible_name(tr!("remotes-detail-new-member"));
            if ui
                .add_enabled(
                    !d.new_member.trim().is_empty(),
                    egui::Button::new(tr!("remotes-detail-add-member")),
                )
                .clicked()
            {
                ops.push(RemoteOp::Member(
                    cloud.into(),
                    id.clone(),
                    MemberChange::Add(d.new_member.trim().to_string()),
                ));
                d.new_member.clear();
            }
        });
    }
}

fn tasks_ui(ui: &mut egui::Ui, detail: &RemoteDetail) {
    match &detail.tasks {
        Ok(tasks) => {
            theme::section_heading_ui(ui, &tr!("remotes-detail-tasks-count", count = tasks.len()));
            for task in tasks.iter().rev().take(5) {
                ui.add(
                    egui::Label::new(theme::shown(&format!(
                        "{} {} {}",
                        text(&task["type"]),
                        task_status_shown(&text(&task["status"])),
                        text(&task["message"])
                    )))
                    .wrap(),
                );
            }
        }
        Err(message) => {
            theme::section_heading_ui(ui, &tr!("remotes-detail-tasks"));
            ui.add(egui::Label::new(RichText::new(message).weak()).wrap());
        }
    }
}
