//! Details and properties of the selected image: every Glance field, the editable ones in a
//! form (name, visibility, protected, hidden, min_disk, min_ram, and the disk and container
//! formats while the image is queued, as in Glance) with inline validation by
//! the same `backend::validate` rules and messages as the CLI, tags, and the custom property
//! editor with well-known keys from Glance's metadata definitions. Read-only fields are drawn
//! as weak, selectable text.

use eframe::egui::{self, RichText};

use crate::backend::inspection::virtual_size_of;
use crate::backend::model::glance_time;
use crate::backend::validate;
use crate::backend::{
    ContainerFormat, DiskFormat, Image, ImageId, ImageStatus, ImageUpdate, Visibility,
};
use crate::convert::inspect::Inspection;
use crate::format;
use crate::ui::bridge::Command;
use crate::ui::convert::info::{QemuInfoView, qemu_info_ui};
use crate::ui::{metadefs, theme};

/// The editable core fields as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct CoreDraft {
    name: String,
    visibility: Option<Visibility>,
    protected: bool,
    os_hidden: bool,
    min_disk: String,
    min_ram: String,
    disk_format: Option<DiskFormat>,
    container_format: Option<ContainerFormat>,
}

impl CoreDraft {
    fn of(image: &Image) -> Self {
        Self {
            name: image.name.clone().unwrap_or_default(),
            visibility: Some(image.visibility),
            protected: image.protected,
            os_hidden: image.os_hidden,
            min_disk: image.min_disk_gib.to_string(),
            min_ram: image.min_ram_mib.to_string(),
            disk_format: image.disk_format,
            container_format: image.container_format,
        }
    }
}

/// The details panel's state: drafts of what is being typed.
#[derive(Debug, Default)]
pub struct DetailsView {
    image_id: Option<ImageId>,
    base: CoreDraft,
    draft: CoreDraft,
    new_tag: String,
    new_key: String,
    new_value: String,
    editing: Option<(String, String)>,
    /// The stored data the last inspection was asked for (size and hashes).
    inspected_data: Option<DataKey>,
    /// The last inspection of the stored data (kept on screen while a refresh is pending).
    inspection: Option<Result<Box<Inspection>, String>>,
    /// An inspection was asked for and has not been answered yet.
    inspecting: bool,
    /// qemu-img's view of the data, shown beside the inspection.
    pub qemu_info: QemuInfoView,
}

/// What identifies an image's stored data: when it changes, the data is inspected again.
type DataKey = (Option<u64>, Option<String>, Option<String>);

/// Whether an image in `status` has stored data to inspect.
fn has_data(status: ImageStatus) -> bool {
    matches!(
        status,
        ImageStatus::Active | ImageStatus::Deactivated | ImageStatus::PendingDelete
    )
}

/// The subject the library's messages use for `image`.
pub fn subject(image: &Image) -> String {
    format!("image \"{}\"", image.label())
}

/// Parse a min_disk / min_ram field with the library's limit.
fn parse_min(subject: &str, field: &str, text: &str) -> Result<u64, String> {
    let value: u64 = text.trim().parse().map_err(|_| {
        format!(
            "{subject}: {field} must be a whole number, 0 or more (\"{}\" given)",
            text.trim()
        )
    })?;
    validate::check_min(subject, field, value).map_err(|e| e.to_string())?;
    Ok(value)
}

impl DetailsView {
    /// Follow the loaded image: a new image resets every draft; a changed one refreshes the
    /// form unless the user has unsaved edits.
    pub fn sync(&mut self, image: &Image) {
        let fresh = CoreDraft::of(image);
        if self.image_id != Some(image.id) {
            *self = Self {
                image_id: Some(image.id),
                base: fresh.clone(),
                draft: fresh,
                ..Self::default()
            };
        } else if fresh != self.base {
            if self.draft == self.base {
                self.draft = fresh.clone();
            }
            self.base = fresh;
        }
    }

    /// An inspection of `image_id`'s stored data arrived from the bridge.
    pub fn inspected(&mut self, image_id: ImageId, result: Result<Box<Inspection>, String>) {
        if self.image_id == Some(image_id) {
            self.inspection = Some(result);
            self.inspecting = false;
        }
    }

    /// Ask the bridge to inspect the image's stored data when it has data not yet inspected.
    fn request_inspection(&mut self, image: &Image, out: &mut Vec<Command>) {
        if !has_data(image.status) {
            return;
        }
        let key = (
            image.size_bytes,
            image.checksum.clone(),
            image.os_hash_value.clone(),
        );
        if self.inspected_data.as_ref() != Some(&key) {
            self.inspected_data = Some(key);
            self.inspecting = true;
            out.push(Command::InspectImage(image.id));
        }
    }

    /// The update the form describes, or the first validation message.
    fn core_update(&self, image: &Image) -> Result<ImageUpdate, String> {
        let subject = subject(image);
        let d = &self.draft;
        let mut update = ImageUpdate::default();
        if d.name != image.name.clone().unwrap_or_default() {
            validate::check_name(&subject, &d.name).map_err(|e| e.to_string())?;
            update.name = Some(d.name.clone());
        }
        if d.visibility != Some(image.visibility) {
            update.visibility = d.visibility;
        }
        if d.protected != image.protected {
            update.protected = Some(d.protected);
        }
        if d.os_hidden != image.os_hidden {
            update.os_hidden = Some(d.os_hidden);
        }
        let min_disk = parse_min(&subject, "min_disk", &d.min_disk)?;
        if min_disk != image.min_disk_gib {
            update.min_disk_gib = Some(min_disk);
        }
        let min_ram = parse_min(&subject, "min_ram", &d.min_ram)?;
        if min_ram != image.min_ram_mib {
            update.min_ram_mib = Some(min_ram);
        }
        if d.disk_format != image.disk_format {
            update.disk_format = d.disk_format;
        }
        if d.container_format != image.container_format {
            update.container_format = d.container_format;
        }
        Ok(update)
    }
}

/// A labelled single-line text field, accessible by its label.
fn text_field_ui(ui: &mut egui::Ui, label: &str, value: &mut String, width: f32) -> egui::Response {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(value).desired_width(width))
        .labelled_by(label.id)
}

/// A labelled format combo, enabled only when `enabled` (else greyed with `why`).
fn format_combo_ui<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    enabled: bool,
    why: &str,
    label: &str,
    value: &mut Option<T>,
    all: &[T],
    name: fn(T) -> &'static str,
) {
    let label = ui.label(label);
    ui.add_enabled_ui(enabled, |ui| {
        egui::ComboBox::from_id_salt(("details-format", label.id))
            .selected_text(value.map_or("—", name))
            .show_ui(ui, |ui| {
                for item in all {
                    ui.selectable_value(value, Some(*item), name(*item));
                }
            })
            .response
            .labelled_by(label.id)
            .on_disabled_hover_text(why);
    });
}

/// The editable core fields with Save and Revert.
fn core_form_ui(ui: &mut egui::Ui, image: &Image, state: &mut DetailsView, out: &mut Vec<Command>) {
    theme::section_heading_ui(ui, "Editable fields");
    let subject = subject(image);
    let mut messages = Vec::new();
    egui::Grid::new("core-form")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            text_field_ui(ui, "Image name", &mut state.draft.name, 260.0);
            ui.end_row();
            if let Err(e) = validate::check_name(&subject, &state.draft.name) {
                messages.push(e.to_string());
            }
            let label = ui.label("Visibility");
            egui::ComboBox::from_id_salt("details-visibility")
                .selected_text(state.draft.visibility.map_or("—", |v| v.as_str()))
                .show_ui(ui, |ui| {
                    for v in Visibility::ALL {
                        ui.selectable_value(&mut state.draft.visibility, Some(*v), v.as_str());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            ui.label("Flags");
            ui.horizontal(|ui| {
                ui.checkbox(&mut state.draft.protected, "Protected")
                    .on_hover_text("A protected image cannot be deleted");
                ui.checkbox(&mut state.draft.os_hidden, "Hidden")
                    .on_hover_text("os_hidden: left out of default listings");
            });
            ui.end_row();
            text_field_ui(ui, "min_disk (GiB)", &mut state.draft.min_disk, 80.0);
            ui.end_row();
            if let Err(e) = parse_min(&subject, "min_disk", &state.draft.min_disk) {
                messages.push(e);
            }
            text_field_ui(ui, "min_ram (MiB)", &mut state.draft.min_ram, 80.0);
            ui.end_row();
            if let Err(e) = parse_min(&subject, "min_ram", &state.draft.min_ram) {
                messages.push(e);
            }
            // Glance lets the formats change only before data is uploaded.
            let queued = image.status == ImageStatus::Queued;
            let why = "Formats can change only while the image is queued (before upload)";
            format_combo_ui(
                ui,
                queued,
                why,
                "Disk format",
                &mut state.draft.disk_format,
                DiskFormat::ALL,
                DiskFormat::as_str,
            );
            ui.end_row();
            format_combo_ui(
                ui,
                queued,
                why,
                "Container format",
                &mut state.draft.container_format,
                ContainerFormat::ALL,
                ContainerFormat::as_str,
            );
            ui.end_row();
        });
    for message in &messages {
        ui.label(theme::error_text(ui, message.clone()));
    }
    let dirty = state.draft != CoreDraft::of(image);
    ui.horizontal(|ui| {
        let can_save = dirty && messages.is_empty();
        let save = ui
            .add_enabled(can_save, egui::Button::new("Save changes"))
            .on_disabled_hover_text(if dirty {
                "Fix the fields marked in red first"
            } else {
                "Nothing changed"
            });
        if save.clicked()
            && let Ok(update) = state.core_update(image)
            && !update.is_empty()
        {
            out.push(Command::Update(image.id, Box::new(update)));
        }
        if ui.add_enabled(dirty, egui::Button::new("Revert")).clicked() {
            state.draft = CoreDraft::of(image);
        }
    });
}

/// Tags: one removable chip per tag and a field to add one.
fn tags_ui(ui: &mut egui::Ui, image: &Image, state: &mut DetailsView, out: &mut Vec<Command>) {
    theme::section_heading_ui(ui, "Tags");
    ui.horizontal_wrapped(|ui| {
        if image.tags.is_empty() {
            ui.label(RichText::new("no tags").weak());
        }
        for tag in &image.tags {
            if ui
                .button(format!("{}  ×", theme::shown(tag)))
                .on_hover_text(format!("Remove tag \"{}\"", theme::shown(tag)))
                .clicked()
            {
                let update = ImageUpdate {
                    remove_tags: vec![tag.clone()],
                    ..ImageUpdate::default()
                };
                out.push(Command::Update(image.id, Box::new(update)));
            }
        }
    });
    let subject = subject(image);
    let typed = state.new_tag.trim().to_string();
    let problem = if typed.is_empty() {
        None
    } else if image.tags.contains(&typed) {
        Some(format!("{subject} already has tag \"{typed}\""))
    } else if image.tags.len() >= validate::MAX_TAGS {
        Some(format!(
            "{subject}: too many tags (at most {})",
            validate::MAX_TAGS
        ))
    } else {
        validate::check_tag(&subject, &typed)
            .err()
            .map(|e| e.to_string())
    };
    ui.horizontal(|ui| {
        let field = text_field_ui(ui, "New tag", &mut state.new_tag, 160.0);
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let add = ui.add_enabled(
            !typed.is_empty() && problem.is_none(),
            egui::Button::new("Add tag"),
        );
        if (add.clicked() || enter) && !typed.is_empty() && problem.is_none() {
            let update = ImageUpdate {
                add_tags: vec![typed.clone()],
                ..ImageUpdate::default()
            };
            out.push(Command::Update(image.id, Box::new(update)));
            state.new_tag.clear();
        }
    });
    if let Some(problem) = problem {
        ui.label(theme::error_text(ui, problem));
    }
}

/// The custom properties: edit, remove, and add with suggestions.
fn properties_ui(
    ui: &mut egui::Ui,
    image: &Image,
    state: &mut DetailsView,
    out: &mut Vec<Command>,
) {
    theme::section_heading_ui(ui, "Custom properties");
    let subject = subject(image);
    let send = |out: &mut Vec<Command>, update: ImageUpdate| {
        out.push(Command::Update(image.id, Box::new(update)));
    };
    if image.properties.is_empty() {
        ui.label(RichText::new("no custom properties").weak());
    }
    let mut stop_editing = false;
    egui::Grid::new("properties-grid")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            for (key, value) in &image.properties {
                let key_label = ui.label(RichText::new(theme::shown(key)).monospace());
                if let Some(def) = metadefs::known(key) {
                    key_label.on_hover_text(def.title);
                }
                match &mut state.editing {
                    Some((editing_key, draft)) if editing_key == key => {
                        let problem = validate::check_property(&subject, key, draft).err();
                        ui.vertical(|ui| {
                            ui.add(
                                egui::TextEdit::singleline(draft)
                                    .desired_width(180.0)
                                    .hint_text(format!("value of {key}")),
                            )
                            .accessible_name(format!("value of {key}"));
                            if let Some(problem) = &problem {
                                ui.label(theme::error_text(ui, problem.to_string()));
                            }
                        });
                        ui.horizontal(|ui| {
                            if ui
                                .add_enabled(problem.is_none(), egui::Button::new("Save value"))
                                .clicked()
                            {
                                let update = ImageUpdate {
                                    set_properties: vec![(key.clone(), draft.clone())],
                                    ..ImageUpdate::default()
                                };
                                send(out, update);
                                stop_editing = true;
                            } else if ui.button("Cancel").clicked() {
                                stop_editing = true;
                            }
                        });
                    }
                    _ => {
                        ui.add(
                            egui::Label::new(theme::shown(value))
                                .truncate()
                                .selectable(true),
                        );
                        ui.horizontal(|ui| {
                            if ui
                                .button("Edit")
                                .accessible_name(format!("Edit {key}"))
                                .on_hover_text(format!("Edit {key}"))
                                .clicked()
                            {
                                state.editing = Some((key.clone(), value.clone()));
                            }
                            if ui
                                .button("Remove")
                                .accessible_name(format!("Remove {key}"))
                                .on_hover_text(format!("Remove {key}"))
                                .clicked()
                            {
                                let update = ImageUpdate {
                                    remove_properties: vec![key.clone()],
                                    ..ImageUpdate::default()
                                };
                                send(out, update);
                            }
                        });
                    }
                }
                ui.end_row();
            }
        });
    if stop_editing {
        state.editing = None;
    }
    add_property_ui(ui, image, state, out);
}

/// The row that adds a property, its validation and the well-known key suggestions.
fn add_property_ui(
    ui: &mut egui::Ui,
    image: &Image,
    state: &mut DetailsView,
    out: &mut Vec<Command>,
) {
    let subject = subject(image);
    let key = state.new_key.trim().to_string();
    let value = state.new_value.clone();
    let problem = if key.is_empty() {
        None
    } else if !image.properties.contains_key(&key)
        && image.properties.len() >= validate::MAX_PROPERTIES
    {
        Some(format!(
            "{subject}: too many properties (at most {})",
            validate::MAX_PROPERTIES
        ))
    } else {
        validate::check_property(&subject, &key, &value)
            .err()
            .map(|e| e.to_string())
    };
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        text_field_ui(ui, "Key", &mut state.new_key, 120.0);
        text_field_ui(ui, "Value", &mut state.new_value, 120.0);
        let verb = if image.properties.contains_key(&key) {
            "Replace property"
        } else {
            "Add property"
        };
        if ui
            .add_enabled(
                !key.is_empty() && problem.is_none(),
                egui::Button::new(verb),
            )
            .clicked()
        {
            let update = ImageUpdate {
                set_properties: vec![(key.clone(), value.clone())],
                ..ImageUpdate::default()
            };
            out.push(Command::Update(image.id, Box::new(update)));
            state.new_key.clear();
            state.new_value.clear();
        }
    });
    if let Some(problem) = &problem {
        ui.label(theme::error_text(ui, problem.clone()));
    } else if let Some(warning) = metadefs::value_warning(&key, value.trim()) {
        ui.label(theme::warn_text(ui, warning));
    }
    match metadefs::known(&key) {
        Some(def) => {
            ui.label(RichText::new(format!("{} — from {}", def.title, def.source)).weak());
            let choices = metadefs::value_choices(&key);
            if !choices.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(if def.allowed.is_empty() {
                        "Examples:"
                    } else {
                        "Allowed values:"
                    });
                    for choice in choices {
                        if ui.selectable_label(value == *choice, *choice).clicked() {
                            state.new_value = (*choice).to_string();
                        }
                    }
                });
            }
        }
        None => {
            let existing: Vec<&str> = image.properties.keys().map(String::as_str).collect();
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("Well-known keys:").weak());
                for def in metadefs::suggestions(&key, &existing).take(14) {
                    if ui.small_button(def.key).on_hover_text(def.title).clicked() {
                        state.new_key = def.key.to_string();
                    }
                }
            });
        }
    }
}

/// The read-only fields, drawn weak.
fn read_only_ui(ui: &mut egui::Ui, image: &Image) {
    theme::section_heading_ui(ui, "Read-only (set by Glance)");
    let rows: Vec<(&str, String)> = vec![
        ("id", image.id.to_string()),
        (
            "status",
            match image.damaged {
                Some(_) => format!("{} (damaged)", image.status),
                None => image.status.to_string(),
            },
        ),
        (
            "disk_format",
            format::or_dash(image.disk_format.map(|f| f.as_str())),
        ),
        (
            "container_format",
            format::or_dash(image.container_format.map(|f| f.as_str())),
        ),
        ("size", size_with_bytes(image.size_bytes)),
        ("virtual_size", size_with_bytes(image.virtual_size_bytes)),
        ("checksum", format::or_dash(image.checksum.as_deref())),
        (
            "os_hash_algo",
            format::or_dash(image.os_hash_algo.as_deref()),
        ),
        (
            "os_hash_value",
            format::or_dash(image.os_hash_value.as_deref()),
        ),
        ("owner", format::or_dash(image.owner.as_deref())),
        ("created_at", glance_time(&image.created_at)),
        ("updated_at", glance_time(&image.updated_at)),
        (
            "deleted_at",
            image
                .deleted_at
                .as_ref()
                .map_or_else(|| "—".into(), glance_time),
        ),
        ("self", format!("/v2/images/{}", image.id)),
        ("file", format!("/v2/images/{}/file", image.id)),
        ("schema", "/v2/schemas/image".into()),
    ];
    theme::fields_grid_ui(ui, "read-only-grid", rows);
}

/// What the native inspector found in the stored data: format, sizes, the header facts that
/// are present and the verdict, coloured as the import form colours it.
fn inspection_ui(
    ui: &mut egui::Ui,
    image: &Image,
    state: &mut DetailsView,
    out: &mut Vec<Command>,
) {
    egui::CollapsingHeader::new("Data inspection")
        .id_salt("details-data-inspection")
        .default_open(true)
        .show(ui, |ui| {
            if !has_data(image.status) {
                ui.label(RichText::new("No data yet").weak());
                return;
            }
            let Some(inspection) =
                theme::answer_ui(ui, &state.inspection, "inspecting the stored data…")
            else {
                return;
            };
            if state.inspecting {
                ui.label(RichText::new("refreshing…").weak());
            }
            inspection_facts_ui(ui, inspection);
            qemu_info_ui(ui, image, &mut state.qemu_info, out);
        });
}

fn inspection_facts_ui(ui: &mut egui::Ui, inspection: &Inspection) {
    let mut rows: Vec<(&str, String)> = vec![
        ("format", inspection.describe()),
        ("virtual size", size_with_bytes(virtual_size_of(inspection))),
    ];
    let optional = [
        ("subformat", inspection.subformat.clone()),
        ("cluster size", inspection.cluster_size.map(size_of)),
        ("compat", inspection.compat.clone()),
        ("compression", inspection.compression_type.clone()),
        ("encryption", inspection.encrypted.clone()),
        ("backing file", inspection.backing_file.clone()),
        ("data file", inspection.data_file.clone()),
    ];
    rows.extend(
        optional
            .into_iter()
            .filter_map(|(field, value)| value.map(|v| (field, v))),
    );
    if !inspection.extents.is_empty() {
        rows.push(("extents", inspection.extents.join(", ")));
    }
    if !inspection.features.is_empty() {
        rows.push(("features", inspection.features.join(", ")));
    }
    theme::fields_grid_ui(ui, "data-inspection-grid", rows);
    if inspection.is_safe() {
        ui.label(RichText::new("Verdict: safe").color(theme::status_color(
            ImageStatus::Active,
            ui.visuals().dark_mode,
        )));
    } else {
        ui.label(theme::error_text(ui, "Verdict: unsafe"));
        for finding in inspection.reasons() {
            ui.label(theme::error_text(
                ui,
                format!("  • {}: {}", finding.reason, finding.detail),
            ));
        }
    }
    for note in &inspection.notes {
        ui.label(RichText::new(note).weak());
    }
}

fn size_of(bytes: u64) -> String {
    format!("{} ({bytes} bytes)", format::bytes_exact(bytes))
}

fn size_with_bytes(size: Option<u64>) -> String {
    match size {
        Some(bytes) => size_of(bytes),
        None => "—".to_string(),
    }
}

/// The integrity line of an image with data: a red banner with the reason and "Verify data"
/// when its stored data failed its check (restore the file, then verify to clear the mark),
/// otherwise a quiet "Verify data" button.
pub fn integrity_ui(
    ui: &mut egui::Ui,
    image: &Image,
    jobs: &mut crate::ui::jobs::Jobs,
    out: &mut Vec<Command>,
) {
    if !has_data(image.status) {
        return;
    }
    let dark = ui.visuals().dark_mode;
    let mut verify = false;
    match &image.damaged {
        Some(reason) => {
            egui::Frame::group(ui.style())
                .stroke(egui::Stroke::new(
                    1.5,
                    theme::status_color(ImageStatus::Killed, dark),
                ))
                .show(ui, |ui| {
                    ui.label(theme::damaged_text(dark));
                    let mut reason = reason.clone();
                    if let Some(first) = reason.get_mut(0..1) {
                        first.make_ascii_uppercase();
                    }
                    ui.label(format!(
                        "{}. Nothing is made from it until it matches again: restore the file \
                         from a backup, then verify.",
                        theme::shown(&reason)
                    ));
                    verify = ui.button("Verify data").clicked();
                });
        }
        None => {
            verify = ui
                .button("Verify data")
                .on_hover_text("Read the stored data and check its size, md5 and sha512")
                .clicked();
        }
    }
    if verify {
        let (job_id, control) = jobs.start(
            crate::ui::jobs::JobKind::Verify,
            image.label(),
            Some(image.id),
        );
        out.push(Command::Verify(job_id, image.id, control));
    }
}

/// The whole details tab for one image.
pub fn details_ui(
    ui: &mut egui::Ui,
    image: &Image,
    state: &mut DetailsView,
    out: &mut Vec<Command>,
) {
    state.sync(image);
    state.request_inspection(image, out);
    core_form_ui(ui, image, state, out);
    tags_ui(ui, image, state, out);
    properties_ui(ui, image, state, out);
    inspection_ui(ui, image, state, out);
    read_only_ui(ui, image);
}
