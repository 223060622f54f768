//! Details and properties of the selected image: every Glance field, the editable ones in a
//! form (name, visibility, protected, hidden, min_disk, min_ram, and the disk and container
//! formats while the image is queued, as in Glance) with inline validation by
//! the same `backend::validate` rules and messages as the CLI, tags, and the custom property
//! editor with well-known keys from Glance's metadata definitions. Read-only fields are drawn
//! as weak, selectable text.
//!
//! One edit model for every field: changes (fields, tags, properties) gather in one pending
//! edit marked "Unsaved changes"; "Save changes" (Ctrl+S) sends them as one update, "Revert"
//! (Esc) drops them, and the window asks before a selection change, a view switch or closing
//! would lose them. A deleted or killed image is shown read-only.

use std::collections::{BTreeMap, BTreeSet};

use eframe::egui::{self, RichText};

use crate::backend::inspection::virtual_size_of;
use crate::backend::model::glance_time;
use crate::backend::validate;
use crate::backend::{
    ContainerFormat, DiskFormat, Image, ImageId, ImageStatus, ImageUpdate, Visibility,
};
use crate::convert::inspect::Inspection;
use crate::format;
use crate::i18n::errors::Shown;
use crate::tr;
use crate::ui::bridge::Command;
use crate::ui::convert::info::{QemuInfoView, qemu_info_ui};
use crate::ui::inside::InsideView;
use crate::ui::{metadefs, theme};

/// Where the window was about to go when it found unsaved edits in Details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leave {
    /// Show another image (or none).
    Select(Option<ImageId>),
    /// Switch the central area (Catalog | Remotes; the view keeps which).
    SwitchView,
    /// Close the window.
    Close,
}

/// The answer to the unsaved-edits prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaveAnswer {
    /// Save the edits, then go on.
    Save,
    /// Drop the edits, then go on.
    Discard,
    /// Stay with the edits.
    Cancel,
}

/// Every editable value as typed: the core fields, the tags and the custom properties.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Draft {
    name: String,
    visibility: Option<Visibility>,
    protected: bool,
    os_hidden: bool,
    min_disk: String,
    min_ram: String,
    disk_format: Option<DiskFormat>,
    container_format: Option<ContainerFormat>,
    tags: BTreeSet<String>,
    properties: BTreeMap<String, String>,
}

impl Draft {
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
            tags: image.tags.clone(),
            properties: image.properties.clone(),
        }
    }
}

impl Draft {
    /// This edit of `base` moved onto `fresh`: each field, tag and property not changed by
    /// the edit takes its value in `fresh`.
    fn rebased(&self, base: &Draft, fresh: &Draft) -> Draft {
        fn pick<T: PartialEq + Clone>(mine: &T, base: &T, fresh: &T) -> T {
            if mine == base { fresh } else { mine }.clone()
        }
        let mut tags = fresh.tags.clone();
        tags.extend(self.tags.difference(&base.tags).cloned());
        for gone in base.tags.difference(&self.tags) {
            tags.remove(gone);
        }
        let mut properties = fresh.properties.clone();
        for (key, value) in &self.properties {
            if base.properties.get(key) != Some(value) {
                properties.insert(key.clone(), value.clone());
            }
        }
        for key in base.properties.keys() {
            if !self.properties.contains_key(key) {
                properties.remove(key);
            }
        }
        Draft {
            name: pick(&self.name, &base.name, &fresh.name),
            visibility: pick(&self.visibility, &base.visibility, &fresh.visibility),
            protected: pick(&self.protected, &base.protected, &fresh.protected),
            os_hidden: pick(&self.os_hidden, &base.os_hidden, &fresh.os_hidden),
            min_disk: pick(&self.min_disk, &base.min_disk, &fresh.min_disk),
            min_ram: pick(&self.min_ram, &base.min_ram, &fresh.min_ram),
            disk_format: pick(&self.disk_format, &base.disk_format, &fresh.disk_format),
            container_format: pick(
                &self.container_format,
                &base.container_format,
                &fresh.container_format,
            ),
            tags,
            properties,
        }
    }
}

/// The details panel's state: the pending edit and what is being typed.
#[derive(Debug, Default)]
pub struct DetailsView {
    image_id: Option<ImageId>,
    base: Draft,
    draft: Draft,
    /// The edit last sent with Save, until the reloaded image shows it (or the save fails).
    saving: Option<Draft>,
    /// The registry reported a change of the image since the last save was sent.
    save_landed: bool,
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
    /// Looks inside, per image for the session (kept when another image is shown).
    pub inside: InsideView,
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

/// Whether Details shows `image` read-only: a deleted or killed image cannot be edited.
pub fn is_read_only(image: &Image) -> bool {
    matches!(image.status, ImageStatus::Deleted | ImageStatus::Killed)
}

/// The subject the library's messages use for `image`.
pub fn subject(image: &Image) -> String {
    subject_named(&image.label())
}

/// The subject of the messages about an image named `name` (also one not created yet).
pub fn subject_named(name: &str) -> String {
    tr!("details-subject", name = name)
}

/// An image's status as Details shows it: the translated label with Glance's value beside it.
use crate::i18n::labels::image_status_named as status_text;

/// A visibility as Details and the import form show it (label and Glance's value).
pub use crate::i18n::labels::visibility_named as visibility_text;

/// Parse a min_disk / min_ram field with the library's limit.
pub fn parse_min(subject: &str, field: &str, text: &str) -> Result<u64, String> {
    let value: u64 = text.trim().parse().map_err(|_| {
        tr!(
            "details-min-invalid",
            subject = subject,
            field = field,
            text = text.trim()
        )
    })?;
    validate::check_min(subject, field, value).map_err(|e| e.shown())?;
    Ok(value)
}

impl DetailsView {
    /// Follow the loaded image: a new image resets every draft; a changed one refreshes the
    /// form unless the user has unsaved edits (which are kept).
    pub fn sync(&mut self, image: &Image) {
        let fresh = Draft::of(image);
        if self.image_id != Some(image.id) {
            let inside = std::mem::take(&mut self.inside);
            *self = Self {
                image_id: Some(image.id),
                base: fresh.clone(),
                draft: fresh,
                inside,
                ..Self::default()
            };
        } else if fresh != self.base {
            if self.draft == self.base || self.saving.as_ref() == Some(&self.draft) {
                self.draft = fresh.clone();
            } else {
                // Changed elsewhere (Sharing, the CLI) while edits are pending: take the new
                // values of what was not edited here, keep what was.
                self.draft = self.draft.rebased(&self.base, &fresh);
            }
            self.saving = None;
            self.base = fresh;
        }
    }

    /// Whether the pending edit holds changes that were not sent with Save.
    pub fn is_dirty(&self) -> bool {
        self.image_id.is_some()
            && self.draft != self.base
            && self.saving.as_ref() != Some(&self.draft)
    }

    /// The image the pending edit belongs to.
    pub fn image_id(&self) -> Option<ImageId> {
        self.image_id
    }

    /// A command failed: a save on its way may not have happened, so its edit counts as
    /// unsaved again.
    pub fn save_failed(&mut self) {
        self.saving = None;
    }

    /// Drop the pending edit.
    pub fn revert(&mut self) {
        self.draft = self.base.clone();
        self.saving = None;
        self.editing = None;
    }

    /// Queue the pending edit as one update when it is valid; the first problem otherwise.
    pub fn save(&mut self, image: &Image, out: &mut Vec<Command>) -> Result<(), String> {
        let update = self.update(image)?;
        if !update.is_empty() {
            out.push(Command::Update(image.id, Box::new(update)));
            self.saving = Some(self.draft.clone());
            self.save_landed = false;
        }
        Ok(())
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

    /// The one update the pending edit describes, or the first validation message.
    fn update(&self, image: &Image) -> Result<ImageUpdate, String> {
        let subject = subject(image);
        let d = &self.draft;
        let mut update = ImageUpdate::default();
        if d.name != image.name.clone().unwrap_or_default() {
            validate::check_name(&subject, &d.name).map_err(|e| e.shown())?;
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
        update.add_tags = d.tags.difference(&image.tags).cloned().collect();
        update.remove_tags = image.tags.difference(&d.tags).cloned().collect();
        for (key, value) in &d.properties {
            if image.properties.get(key) != Some(value) {
                validate::check_property(&subject, key, value).map_err(|e| e.shown())?;
                update.set_properties.push((key.clone(), value.clone()));
            }
        }
        update.remove_properties = image
            .properties
            .keys()
            .filter(|k| !d.properties.contains_key(*k))
            .cloned()
            .collect();
        Ok(update)
    }

    /// The first validation message of the typed core fields, if any (for the prompt, which
    /// has no image at hand; tags and properties are checked as they are added).
    fn draft_problem(&self) -> Result<(), String> {
        let subject = subject_named(&self.base.name);
        validate::check_name(&subject, &self.draft.name).map_err(|e| e.shown())?;
        parse_min(&subject, "min_disk", &self.draft.min_disk)?;
        parse_min(&subject, "min_ram", &self.draft.min_ram)?;
        Ok(())
    }

    /// Whether a saved edit is still on its way to the registry.
    pub fn is_saving(&self) -> bool {
        self.saving.is_some() && !self.save_landed
    }

    /// The registry committed a change of `image_id` (the saved edit, when one is on its way).
    pub fn changed(&mut self, image_id: ImageId) {
        if self.image_id == Some(image_id) {
            self.save_landed = true;
        }
    }

    /// The advisory notes for changed property values outside their well-known allowed values.
    fn property_warnings(&self) -> Vec<String> {
        self.draft
            .properties
            .iter()
            .filter(|(k, v)| self.base.properties.get(*k) != Some(*v))
            .filter_map(|(k, v)| metadefs::value_warning(k, v.trim()))
            .collect()
    }
}

/// A labelled single-line text field, accessible by its label; `key` names it for egui.
fn text_field_ui(
    ui: &mut egui::Ui,
    key: &str,
    label: &str,
    value: &mut String,
    width: f32,
) -> egui::Response {
    let label = ui.label(label);
    // A fixed id, the same in every language: the marker and messages that appear while
    // typing must not move the focus.
    ui.add(
        egui::TextEdit::singleline(value)
            .id_salt(("details-field", key))
            .desired_width(width),
    )
    .labelled_by(label.id)
}

/// A labelled format combo, enabled only when `enabled` (else greyed with `why`).
fn format_combo_ui<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    enabled: bool,
    why: &str,
    label: String,
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

/// What the pending edit changes, in a few words.
fn pending_summary(base: &Draft, draft: &Draft) -> String {
    let mut parts = Vec::new();
    // Glance's own field names (min_disk, min_ram) stay as they are.
    let core = [
        (tr!("details-changed-name"), base.name != draft.name),
        (
            tr!("details-changed-visibility"),
            base.visibility != draft.visibility,
        ),
        (
            tr!("details-changed-protected"),
            base.protected != draft.protected,
        ),
        (
            tr!("details-changed-hidden"),
            base.os_hidden != draft.os_hidden,
        ),
        ("min_disk".to_owned(), base.min_disk != draft.min_disk),
        ("min_ram".to_owned(), base.min_ram != draft.min_ram),
        (
            tr!("details-changed-disk-format"),
            base.disk_format != draft.disk_format,
        ),
        (
            tr!("details-changed-container-format"),
            base.container_format != draft.container_format,
        ),
    ];
    parts.extend(
        core.into_iter()
            .filter(|(_, changed)| *changed)
            .map(|(f, _)| f),
    );
    let added = draft.tags.difference(&base.tags).count();
    let removed = base.tags.difference(&draft.tags).count();
    if added + removed > 0 {
        parts.push(tr!(
            "details-changed-tags",
            added = added.to_string(),
            removed = removed.to_string()
        ));
    }
    let set = draft
        .properties
        .iter()
        .filter(|(k, v)| base.properties.get(*k) != Some(*v))
        .count();
    let gone = base
        .properties
        .keys()
        .filter(|k| !draft.properties.contains_key(*k))
        .count();
    if set + gone > 0 {
        parts.push(tr!(
            "details-changed-properties",
            set = set.to_string(),
            removed = gone.to_string()
        ));
    }
    parts.join(&tr!("details-summary-separator"))
}

/// The pending-edit bar: the unsaved marker, Save changes (Ctrl+S), Revert (Esc) and the
/// property warnings that Save would not stop.
fn pending_bar_ui(
    ui: &mut egui::Ui,
    image: &Image,
    state: &mut DetailsView,
    out: &mut Vec<Command>,
) {
    let dirty = state.is_dirty();
    let problem = state.update(image).err();
    let save_keys = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::S);
    let shortcut_save = ui.input_mut(|i| i.consume_shortcut(&save_keys));
    ui.horizontal_wrapped(|ui| {
        if dirty {
            ui.label(theme::warn_text(ui, tr!("details-unsaved-marker")))
                .on_hover_text(pending_summary(&state.base, &state.draft));
        } else if state.is_saving() {
            ui.label(RichText::new(tr!("details-saving")).weak());
        } else {
            ui.label(RichText::new(tr!("details-no-unsaved")).weak());
        }
        let can_save = dirty && problem.is_none();
        let save = ui
            .add_enabled(can_save, egui::Button::new(tr!("details-save-changes")))
            .on_hover_text(tr!("details-save-changes-tip"))
            .on_disabled_hover_text(if dirty {
                tr!("details-fix-first")
            } else {
                tr!("details-nothing-changed")
            });
        if (save.clicked() || shortcut_save) && can_save {
            // Validated just above; a problem here would only repeat the red message.
            let _ = state.save(image, out);
        }
        let revert = ui
            .add_enabled(dirty, egui::Button::new(tr!("details-revert")))
            .on_hover_text(tr!("details-revert-tip"));
        // Esc is taken in `escape_ui`, after the dialogs had their turn.
        if revert.clicked() {
            state.revert();
        }
    });
    if dirty {
        ui.label(
            RichText::new(pending_summary(&state.base, &state.draft))
                .weak()
                .small(),
        );
        for warning in state.property_warnings() {
            ui.label(theme::warn_text(
                ui,
                tr!("details-warning-saved", warning = warning),
            ));
        }
    }
}

/// The editable core fields (saved with the rest of the pending edit).
fn core_form_ui(ui: &mut egui::Ui, image: &Image, state: &mut DetailsView) {
    theme::section_heading_ui(ui, &tr!("details-editable-fields"));
    let subject = subject(image);
    let mut messages = Vec::new();
    egui::Grid::new("core-form")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            text_field_ui(
                ui,
                "name",
                &tr!("details-image-name"),
                &mut state.draft.name,
                260.0,
            );
            ui.end_row();
            if let Err(e) = validate::check_name(&subject, &state.draft.name) {
                messages.push(e.shown());
            }
            let label = ui.label(tr!("details-visibility"));
            egui::ComboBox::from_id_salt("details-visibility")
                .selected_text(
                    state
                        .draft
                        .visibility
                        .map_or_else(|| "—".to_owned(), visibility_text),
                )
                .show_ui(ui, |ui| {
                    for v in Visibility::ALL {
                        ui.selectable_value(
                            &mut state.draft.visibility,
                            Some(*v),
                            visibility_text(*v),
                        );
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            ui.label(tr!("details-flags"));
            ui.horizontal(|ui| {
                ui.checkbox(&mut state.draft.protected, tr!("details-protected"))
                    .on_hover_text(tr!("details-protected-tip"));
                ui.checkbox(&mut state.draft.os_hidden, tr!("details-hidden"))
                    .on_hover_text(tr!("details-hidden-tip"));
            });
            ui.end_row();
            text_field_ui(
                ui,
                "min_disk",
                &tr!("details-min-disk"),
                &mut state.draft.min_disk,
                80.0,
            );
            ui.end_row();
            if let Err(e) = parse_min(&subject, "min_disk", &state.draft.min_disk) {
                messages.push(e);
            }
            text_field_ui(
                ui,
                "min_ram",
                &tr!("details-min-ram"),
                &mut state.draft.min_ram,
                80.0,
            );
            ui.end_row();
            if let Err(e) = parse_min(&subject, "min_ram", &state.draft.min_ram) {
                messages.push(e);
            }
            // Glance lets the formats change only before data is uploaded.
            let queued = image.status == ImageStatus::Queued;
            let why = tr!("details-formats-queued-only");
            format_combo_ui(
                ui,
                queued,
                &why,
                tr!("details-disk-format"),
                &mut state.draft.disk_format,
                DiskFormat::ALL,
                DiskFormat::as_str,
            );
            ui.end_row();
            format_combo_ui(
                ui,
                queued,
                &why,
                tr!("details-container-format"),
                &mut state.draft.container_format,
                ContainerFormat::ALL,
                ContainerFormat::as_str,
            );
            ui.end_row();
        });
    for message in &messages {
        ui.label(theme::error_text(ui, message.clone()));
    }
}

/// Tags: one removable chip per tag and a field to add one (both change the pending edit).
fn tags_ui(ui: &mut egui::Ui, image: &Image, state: &mut DetailsView) {
    theme::section_heading_ui(ui, &tr!("details-tags"));
    let mut remove = None;
    ui.horizontal_wrapped(|ui| {
        if state.draft.tags.is_empty() {
            ui.label(RichText::new(tr!("details-no-tags")).weak());
        }
        for tag in &state.draft.tags {
            let unsaved = !state.base.tags.contains(tag);
            let text = format!("{}  ×", theme::shown(tag));
            let text = if unsaved {
                RichText::new(text).italics()
            } else {
                RichText::new(text)
            };
            if ui
                .button(text)
                .on_hover_text(tr!("details-remove-tag-tip", tag = theme::shown(tag)))
                .clicked()
            {
                remove = Some(tag.clone());
            }
        }
    });
    if let Some(tag) = remove {
        state.draft.tags.remove(&tag);
    }
    let subject = subject(image);
    let typed = state.new_tag.trim().to_string();
    let problem = tag_problem(&subject, &state.draft.tags, &typed);
    ui.horizontal(|ui| {
        let field = text_field_ui(
            ui,
            "new-tag",
            &tr!("details-new-tag"),
            &mut state.new_tag,
            160.0,
        );
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let add = ui.add_enabled(
            !typed.is_empty() && problem.is_none(),
            egui::Button::new(tr!("details-add-tag")),
        );
        if (add.clicked() || enter) && !typed.is_empty() && problem.is_none() {
            state.draft.tags.insert(typed.clone());
            state.new_tag.clear();
        }
    });
    if let Some(problem) = problem {
        ui.label(theme::error_text(ui, problem));
    }
}

/// Why the tag `typed` cannot be added to `tags` (Glance's rules), if it cannot; the import
/// form checks its tags the same way.
pub fn tag_problem(subject: &str, tags: &BTreeSet<String>, typed: &str) -> Option<String> {
    if typed.is_empty() {
        None
    } else if tags.contains(typed) {
        Some(tr!(
            "details-tag-exists",
            subject = subject,
            tag = theme::shown(typed)
        ))
    } else if tags.len() >= validate::MAX_TAGS {
        Some(tr!(
            "details-too-many-tags",
            subject = subject,
            max = validate::MAX_TAGS.to_string()
        ))
    } else {
        validate::check_tag(subject, typed).err().map(|e| e.shown())
    }
}

/// The custom properties: edit, remove, and add with suggestions (all in the pending edit).
fn properties_ui(ui: &mut egui::Ui, image: &Image, state: &mut DetailsView) {
    theme::section_heading_ui(ui, &tr!("details-custom-properties"));
    let subject = subject(image);
    if state.draft.properties.is_empty() {
        ui.label(RichText::new(tr!("details-no-custom-properties")).weak());
    }
    let mut stop_editing = false;
    let mut set = None;
    let mut remove = None;
    egui::Grid::new("properties-grid")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            for (key, value) in &state.draft.properties {
                let unsaved = state.base.properties.get(key) != Some(value);
                let key_text = RichText::new(theme::shown(key)).monospace();
                let key_text = if unsaved {
                    key_text.italics()
                } else {
                    key_text
                };
                let key_label = ui.label(key_text);
                if let Some(def) = metadefs::known(key) {
                    key_label.on_hover_text(def.title.as_str());
                }
                match &mut state.editing {
                    Some((editing_key, draft)) if editing_key == key => {
                        let problem = validate::check_property(&subject, key, draft).err();
                        ui.vertical(|ui| {
                            ui.add(
                                egui::TextEdit::singleline(draft)
                                    .id_salt(("details-property-value", key.as_str()))
                                    .desired_width(180.0)
                                    .hint_text(tr!("details-value-of", key = key)),
                            )
                            .accessible_name(tr!("details-value-of", key = key));
                            if let Some(problem) = &problem {
                                ui.label(theme::error_text(ui, problem.shown()));
                            } else if let Some(warning) = metadefs::value_warning(key, draft.trim())
                            {
                                ui.label(theme::warn_text(ui, warning));
                            }
                        });
                        ui.horizontal(|ui| {
                            if ui
                                .add_enabled(
                                    problem.is_none(),
                                    egui::Button::new(tr!("details-set-value")),
                                )
                                .clicked()
                            {
                                set = Some((key.clone(), draft.clone()));
                                stop_editing = true;
                            } else if ui.button(tr!("details-cancel")).clicked() {
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
                                .button(tr!("details-edit"))
                                .accessible_name(tr!("details-edit-key", key = key))
                                .on_hover_text(tr!("details-edit-key", key = key))
                                .clicked()
                            {
                                state.editing = Some((key.clone(), value.clone()));
                            }
                            if ui
                                .button(tr!("details-remove"))
                                .accessible_name(tr!("details-remove-key", key = key))
                                .on_hover_text(tr!("details-remove-key", key = key))
                                .clicked()
                            {
                                remove = Some(key.clone());
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
    if let Some((key, value)) = set {
        state.draft.properties.insert(key, value);
    }
    if let Some(key) = remove {
        state.draft.properties.remove(&key);
    }
    add_property_ui(ui, image, state);
}

/// The row that adds a property, its validation and the well-known key suggestions.
fn add_property_ui(ui: &mut egui::Ui, image: &Image, state: &mut DetailsView) {
    let subject = subject(image);
    ui.add_space(4.0);
    let (key, value) = metadefs::add_property_row_ui(
        ui,
        &subject,
        &mut state.draft.properties,
        &mut state.new_key,
        &mut state.new_value,
        "details-property",
    );
    let existing: Vec<&str> = state.draft.properties.keys().map(String::as_str).collect();
    if let Some(choice) = metadefs::suggestions_ui(
        ui,
        metadefs::PropertyCatalog::builtin(),
        &key,
        &value,
        &existing,
    ) {
        match choice {
            metadefs::Pick::Key(k) => state.new_key = k,
            metadefs::Pick::Value(v) => state.new_value = v,
        }
    }
}

/// A deleted or killed image: a banner, then its tags and properties as plain text.
fn read_only_banner_ui(ui: &mut egui::Ui, image: &Image) {
    let dark = ui.visuals().dark_mode;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(
            1.5,
            theme::status_color(image.status, dark),
        ))
        .show(ui, |ui| {
            ui.label(theme::error_text(
                ui,
                tr!(
                    "details-read-only-banner",
                    status = status_text(image.status)
                ),
            ));
            ui.label(
                RichText::new(if image.status == ImageStatus::Killed {
                    tr!("details-killed-note")
                } else {
                    tr!("details-deleted-note")
                })
                .weak(),
            );
        });
    theme::section_heading_ui(ui, &tr!("details-tags"));
    let tags: Vec<String> = image.tags.iter().map(|t| theme::shown(t)).collect();
    ui.label(if tags.is_empty() {
        tr!("details-no-tags")
    } else {
        tags.join(", ")
    });
    theme::section_heading_ui(ui, &tr!("details-custom-properties"));
    let rows: Vec<(&str, String)> = image
        .properties
        .iter()
        .map(|(k, v)| (k.as_str(), theme::shown(v)))
        .collect();
    if rows.is_empty() {
        ui.label(RichText::new(tr!("details-no-custom-properties")).weak());
    } else {
        theme::fields_grid_ui(ui, "read-only-properties", rows);
    }
}

/// The read-only fields, drawn weak.
fn read_only_ui(ui: &mut egui::Ui, image: &Image) {
    theme::section_heading_ui(ui, &tr!("details-read-only-heading"));
    // Glance's field names, as the API has them; a status shows its label beside its value.
    let rows: Vec<(&str, String)> = vec![
        ("id", image.id.to_string()),
        (
            "status",
            match image.damaged {
                Some(_) => tr!("details-status-damaged", status = status_text(image.status)),
                None => status_text(image.status),
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
    egui::CollapsingHeader::new(tr!("details-data-inspection"))
        .id_salt("details-data-inspection")
        .default_open(true)
        .show(ui, |ui| {
            if !has_data(image.status) {
                ui.label(RichText::new(tr!("details-no-data")).weak());
                return;
            }
            let waiting = tr!("details-inspecting");
            let Some(inspection) = theme::answer_ui(ui, &state.inspection, &waiting) else {
                return;
            };
            if state.inspecting {
                ui.label(RichText::new(tr!("details-refreshing")).weak());
            }
            inspection_facts_ui(ui, inspection);
            qemu_info_ui(ui, image, &mut state.qemu_info, out);
        });
}

fn inspection_facts_ui(ui: &mut egui::Ui, inspection: &Inspection) {
    let mut rows: Vec<(String, String)> = vec![
        (tr!("details-inspection-format"), inspection.described()),
        (
            tr!("details-inspection-virtual-size"),
            size_with_bytes(virtual_size_of(inspection)),
        ),
    ];
    let optional = [
        (
            tr!("details-inspection-subformat"),
            inspection.subformat.clone(),
        ),
        (
            tr!("details-inspection-cluster-size"),
            inspection.cluster_size.map(size_of),
        ),
        (tr!("details-inspection-compat"), inspection.compat.clone()),
        (
            tr!("details-inspection-compression"),
            inspection.compression_type.clone(),
        ),
        (
            tr!("details-inspection-encryption"),
            inspection.encrypted.clone(),
        ),
        (
            tr!("details-inspection-backing-file"),
            inspection.backing_file.clone(),
        ),
        (
            tr!("details-inspection-data-file"),
            inspection.data_file.clone(),
        ),
    ];
    rows.extend(
        optional
            .into_iter()
            .filter_map(|(field, value)| value.map(|v| (field, v))),
    );
    if !inspection.extents.is_empty() {
        rows.push((
            tr!("details-inspection-extents"),
            inspection.extents.join(", "),
        ));
    }
    if !inspection.features.is_empty() {
        rows.push((
            tr!("details-inspection-features"),
            inspection.features.join(", "),
        ));
    }
    theme::fields_grid_ui(ui, "data-inspection-grid", rows);
    if inspection.is_safe() {
        ui.label(
            RichText::new(tr!("details-verdict-safe")).color(theme::status_color(
                ImageStatus::Active,
                ui.visuals().dark_mode,
            )),
        );
    } else {
        ui.label(theme::error_text(ui, tr!("details-verdict-unsafe")));
        for finding in inspection.reasons() {
            ui.label(theme::error_text(ui, format!("  • {}", finding.shown())));
        }
    }
    for note in &inspection.notes_shown() {
        ui.label(RichText::new(note).weak());
    }
}

fn size_of(bytes: u64) -> String {
    tr!(
        "details-size-bytes",
        size = format::bytes_exact(bytes),
        bytes = bytes.to_string()
    )
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
                    ui.label(tr!(
                        "details-damaged-banner",
                        reason = theme::shown(&reason)
                    ));
                    verify = ui.button(tr!("details-verify")).clicked();
                });
        }
        None => {
            verify = ui
                .button(tr!("details-verify"))
                .on_hover_text(tr!("details-verify-tip"))
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

/// The whole details tab for one image: the pending-edit bar, the form, tags, properties,
/// the data inspection, what is inside (a job: `jobs`) and the read-only fields (only those
/// when the image is read-only).
pub fn details_ui(
    ui: &mut egui::Ui,
    image: &Image,
    state: &mut DetailsView,
    jobs: &mut crate::ui::jobs::Jobs,
    out: &mut Vec<Command>,
) {
    state.sync(image);
    state.request_inspection(image, out);
    if is_read_only(image) {
        // Nothing can be saved to a deleted or killed image: no edit is kept for it.
        state.revert();
        read_only_banner_ui(ui, image);
    } else {
        pending_bar_ui(ui, image, state, out);
        core_form_ui(ui, image, state);
        tags_ui(ui, image, state);
        properties_ui(ui, image, state);
    }
    inspection_ui(ui, image, state, out);
    let dirty = state.is_dirty();
    crate::ui::inside::inside_ui(ui, image, &mut state.inside, dirty, jobs, out);
    read_only_ui(ui, image);
}

/// Esc reverts the pending edit when nothing else took it this frame: call after every
/// dialog is drawn (the topmost dialog's Esc closes it), and only with no popup or modal
/// open (in the unsaved-edits prompt Esc means Cancel).
pub fn escape_ui(ctx: &egui::Context, state: &mut DetailsView) {
    let covered = ctx.any_popup_open() || ctx.memory(|m| m.top_modal_layer()).is_some();
    if state.is_dirty()
        && !covered
        && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
    {
        state.revert();
    }
}

/// The modal asked before a move would lose unsaved edits of the image labelled `label`:
/// Save / Discard / Cancel (Esc or a click outside cancels).
pub fn unsaved_prompt_ui(
    ctx: &egui::Context,
    state: &DetailsView,
    label: &str,
    leave: Leave,
) -> Option<LeaveAnswer> {
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("unsaved-edits-prompt")).show(ctx, |ui| {
        ui.heading(tr!("details-prompt-title", name = theme::shown(label)));
        ui.label(tr!(
            "details-prompt-unsaved",
            summary = pending_summary(&state.base, &state.draft)
        ));
        ui.label(
            RichText::new(match leave {
                Leave::Select(_) => tr!("details-prompt-lost-select"),
                Leave::SwitchView => tr!("details-prompt-lost-view"),
                Leave::Close => tr!("details-prompt-lost-close"),
            })
            .weak(),
        );
        if let Err(problem) = state.draft_problem() {
            ui.label(theme::error_text(ui, problem));
        }
        ui.horizontal(|ui| {
            let can_save = state.draft_problem().is_ok();
            if ui
                .add_enabled(can_save, egui::Button::new(tr!("details-save")))
                .on_disabled_hover_text(tr!("details-fix-first"))
                .clicked()
            {
                answer = Some(LeaveAnswer::Save);
            }
            if ui.button(tr!("details-discard")).clicked() {
                answer = Some(LeaveAnswer::Discard);
            }
            if ui.button(tr!("details-cancel")).clicked() {
                answer = Some(LeaveAnswer::Cancel);
            }
        });
    });
    if answer.is_none() && modal.should_close() {
        answer = Some(LeaveAnswer::Cancel);
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pending_edit_keeps_its_changes_and_takes_the_rest_from_a_newer_image() {
        let base = Draft {
            name: "a".into(),
            visibility: Some(Visibility::Private),
            tags: ["x".to_string(), "y".to_string()].into(),
            properties: [("k".to_string(), "1".to_string())].into(),
            ..Draft::default()
        };
        let mut mine = base.clone();
        mine.name = "renamed".into();
        mine.tags.remove("y");
        mine.tags.insert("z".into());
        let mut fresh = base.clone();
        fresh.visibility = Some(Visibility::Shared);
        fresh.name = "b".into();
        fresh.tags.insert("w".into());
        fresh.properties.insert("k".into(), "2".into());
        let merged = mine.rebased(&base, &fresh);
        assert_eq!(merged.name, "renamed");
        assert_eq!(merged.visibility, Some(Visibility::Shared));
        assert_eq!(
            merged.tags,
            ["w", "x", "z"].into_iter().map(String::from).collect()
        );
        assert_eq!(merged.properties["k"], "2");
    }
}
