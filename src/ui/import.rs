//! Import: files come from the file picker (rfd, off the UI thread), from drag-and-drop onto
//! the window, or from a typed path. Each file gets a form pre-filled from the file — name
//! from the file name, disk format from its content (read on the bridge thread), container
//! format bare — and each import runs as its own job, so several can run at once. The form
//! offers what `image create` offers: name, formats, visibility, protected, min_disk, min_ram,
//! tags and properties (with the same well-known key suggestions and warnings as Details).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use eframe::egui::{self, RichText};

use crate::app::inspect::FileFacts;
use crate::backend::validate;
use crate::backend::{ContainerFormat, DiskFormat, NewImage, Visibility};
use crate::format;
use crate::i18n::errors::Shown;
use crate::tr;
use crate::ui::bridge::{Command, JobId};
use crate::ui::details::{parse_min, subject_named, tag_problem, visibility_text};
use crate::ui::dialogs::{self, DialogPoll, PendingDialog};
use crate::ui::jobs::{JobKind, Jobs};
use crate::ui::{metadefs, theme};

/// One file waiting to be imported.
#[derive(Debug)]
struct Draft {
    id: u64,
    path: PathBuf,
    name: String,
    disk_format: Option<DiskFormat>,
    container_format: ContainerFormat,
    visibility: Visibility,
    protected: bool,
    min_disk: String,
    min_ram: String,
    tags: BTreeSet<String>,
    properties: BTreeMap<String, String>,
    new_tag: String,
    new_key: String,
    new_value: String,
    facts: Option<Result<Box<FileFacts>, String>>,
    format_chosen: bool,
    /// Look inside the file and set the properties its content suggests (the same path as
    /// `image create --file --from-inspection`).
    from_inspection: bool,
}

/// The import form's state.
#[derive(Debug, Default)]
pub struct ImportView {
    /// Whether the form window is open.
    pub open: bool,
    /// The folder the last file came from (persisted).
    pub last_dir: Option<PathBuf>,
    /// The job of the most recent import started from the form.
    pub last_started: Option<JobId>,
    drafts: Vec<Draft>,
    next_draft: u64,
    typed_path: String,
    picker: Option<PendingDialog>,
    focus_path: bool,
}

/// The default image name for a file: its name without the last extension.
pub fn name_from_path(path: &Path) -> String {
    path.file_stem()
        .or_else(|| path.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl ImportView {
    /// Add a file to the form and ask the bridge to read its header.
    pub fn add_file(&mut self, path: PathBuf, out: &mut Vec<Command>) {
        self.open = true;
        if self.drafts.iter().any(|d| d.path == path) {
            return;
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            self.last_dir = Some(dir.to_path_buf());
        }
        self.next_draft += 1;
        out.push(Command::Inspect(self.next_draft, path.clone()));
        self.drafts.push(Draft {
            id: self.next_draft,
            name: name_from_path(&path),
            path,
            disk_format: None,
            container_format: ContainerFormat::Bare,
            visibility: Visibility::Shared,
            protected: false,
            min_disk: "0".into(),
            min_ram: "0".into(),
            tags: BTreeSet::new(),
            properties: BTreeMap::new(),
            new_tag: String::new(),
            new_key: String::new(),
            new_value: String::new(),
            facts: None,
            format_chosen: false,
            from_inspection: false,
        });
    }

    /// The bridge read a file's header: pre-fill the disk format unless the user chose one.
    pub fn inspected(&mut self, draft_id: u64, facts: Result<Box<FileFacts>, String>) {
        if let Some(draft) = self.drafts.iter_mut().find(|d| d.id == draft_id) {
            if let Ok(facts) = &facts
                && !draft.format_chosen
            {
                draft.disk_format = facts.disk_format();
                draft.container_format = facts.container_format();
            }
            draft.facts = Some(facts);
        }
    }

    /// Open the form with the cursor in the path field.
    pub fn show(&mut self) {
        self.open = true;
        self.focus_path = true;
    }

    /// Files waiting in the form.
    pub fn pending_files(&self) -> usize {
        self.drafts.len()
    }

    /// Open the native file picker (answer polled each frame).
    pub fn browse(&mut self, ctx: &egui::Context) {
        if self.picker.is_none() {
            self.picker = Some(dialogs::pick_files(ctx, self.last_dir.as_deref()));
        }
    }

    /// Take the picker's answer when it arrives.
    /// Returns true when the dialog closed without a file (cancelled, or no portal to show
    /// it), so the caller can point at the other ways in.
    pub fn poll_picker(&mut self, out: &mut Vec<Command>) -> bool {
        let Some(picker) = &self.picker else {
            return false;
        };
        match picker.poll() {
            DialogPoll::Open => false,
            DialogPoll::Closed(paths) => {
                self.picker = None;
                let none = paths.is_empty();
                for path in paths {
                    self.add_file(path, out);
                }
                none
            }
        }
    }
}

/// Why a draft cannot be imported yet, if it cannot.
fn draft_problem(draft: &Draft) -> Option<String> {
    let facts = match &draft.facts {
        None => return Some(tr!("import-reading")),
        Some(Err(e)) => return Some(e.clone()),
        Some(Ok(facts)) => facts,
    };
    let reasons = facts.unsafe_reasons();
    if !reasons.is_empty() {
        let reasons = reasons.join(&tr!("inspect-reason-separator"));
        return Some(tr!("import-refused", reasons = reasons));
    }
    let subject = subject_named(&draft.name);
    if let Err(e) = validate::check_name(&subject, &draft.name) {
        return Some(e.shown());
    }
    if let Err(e) = parse_min(&subject, "min_disk", &draft.min_disk)
        .and_then(|_| parse_min(&subject, "min_ram", &draft.min_ram))
    {
        return Some(e);
    }
    let Some(disk_format) = draft.disk_format else {
        return Some(tr!("import-choose-disk-format"));
    };
    facts.mismatch(disk_format, draft.container_format)
}

fn start(draft: Draft, jobs: &mut Jobs, out: &mut Vec<Command>) -> JobId {
    let file = draft.path.file_name().map_or_else(
        || draft.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let (job_id, control) = jobs.start(JobKind::Import, file, None);
    let new_image = NewImage {
        name: Some(draft.name.clone()),
        disk_format: draft.disk_format,
        container_format: Some(draft.container_format),
        visibility: Some(draft.visibility),
        protected: draft.protected,
        // Checked by draft_problem before Import is enabled.
        min_disk_gib: draft.min_disk.trim().parse().unwrap_or(0),
        min_ram_mib: draft.min_ram.trim().parse().unwrap_or(0),
        tags: draft.tags.iter().cloned().collect(),
        properties: draft.properties.into_iter().collect(),
        ..NewImage::default()
    };
    out.push(Command::Import(
        job_id,
        draft.path,
        Box::new(new_image),
        draft.from_inspection,
        control,
    ));
    job_id
}

/// One draft's form; returns (import clicked, discard clicked).
fn draft_ui(ui: &mut egui::Ui, draft: &mut Draft) -> (bool, bool) {
    let mut clicked = (false, false);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(
            RichText::new(draft.path.display().to_string())
                .monospace()
                .weak(),
        );
        match &draft.facts {
            None => {
                ui.label(RichText::new(tr!("import-reading")).weak());
            }
            Some(Err(e)) => {
                ui.label(theme::error_text(ui, e.clone()));
            }
            Some(Ok(facts)) => {
                ui.label(tr!(
                    "import-detected",
                    summary = facts.summary(),
                    size = format::bytes_exact(facts.size_bytes()),
                    virtual_size = format::bytes(facts.virtual_size_bytes())
                ));
                let reasons = facts.unsafe_reasons();
                if reasons.is_empty() {
                    ui.label(RichText::new(tr!("details-verdict-safe")).color(
                        theme::status_color(
                            crate::backend::ImageStatus::Active,
                            ui.visuals().dark_mode,
                        ),
                    ));
                } else {
                    ui.label(theme::error_text(ui, tr!("details-verdict-unsafe")));
                    for reason in reasons {
                        ui.label(theme::error_text(ui, format!("  • {reason}")));
                    }
                }
                for note in &facts.inspection.notes_shown() {
                    ui.label(RichText::new(note).weak());
                }
            }
        }
        egui::Grid::new(("import-draft", draft.id))
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label(tr!("import-new-name"));
                ui.add(
                    egui::TextEdit::singleline(&mut draft.name)
                        .id_salt(("import-name", draft.id))
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
                ui.end_row();
                let label = ui.label(tr!("details-disk-format"));
                let before = draft.disk_format;
                egui::ComboBox::from_id_salt(("import-disk-format", draft.id))
                    .selected_text(
                        draft
                            .disk_format
                            .map_or_else(|| tr!("import-choose"), |f| f.as_str().to_owned()),
                    )
                    .show_ui(ui, |ui| {
                        for f in DiskFormat::ALL {
                            ui.selectable_value(&mut draft.disk_format, Some(*f), f.as_str());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                draft.format_chosen |= draft.disk_format != before;
                ui.end_row();
                let label = ui.label(tr!("details-container-format"));
                egui::ComboBox::from_id_salt(("import-container-format", draft.id))
                    .selected_text(draft.container_format.as_str())
                    .show_ui(ui, |ui| {
                        for f in ContainerFormat::ALL {
                            ui.selectable_value(&mut draft.container_format, *f, f.as_str());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
                let label = ui.label(tr!("details-visibility"));
                egui::ComboBox::from_id_salt(("import-visibility", draft.id))
                    .selected_text(visibility_text(draft.visibility))
                    .show_ui(ui, |ui| {
                        for v in Visibility::ALL {
                            ui.selectable_value(&mut draft.visibility, *v, visibility_text(*v));
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
                ui.label(tr!("details-flags"));
                ui.checkbox(&mut draft.protected, tr!("details-protected"))
                    .on_hover_text(tr!("details-protected-tip"));
                ui.end_row();
                let label = ui.label(tr!("details-min-disk"));
                ui.add(
                    egui::TextEdit::singleline(&mut draft.min_disk)
                        .id_salt(("import-min-disk", draft.id))
                        .desired_width(80.0),
                )
                .labelled_by(label.id);
                ui.end_row();
                let label = ui.label(tr!("details-min-ram"));
                ui.add(
                    egui::TextEdit::singleline(&mut draft.min_ram)
                        .id_salt(("import-min-ram", draft.id))
                        .desired_width(80.0),
                )
                .labelled_by(label.id);
                ui.end_row();
            });
        // Closed at first, so the Import button stays in view for the common case.
        let extras = if draft.tags.is_empty() && draft.properties.is_empty() {
            tr!("import-extras")
        } else {
            tr!(
                "import-extras-counts",
                tags = draft.tags.len().to_string(),
                properties = draft.properties.len().to_string()
            )
        };
        egui::CollapsingHeader::new(extras)
            .id_salt(("import-extras", draft.id))
            .show(ui, |ui| {
                tags_ui(ui, draft);
                properties_ui(ui, draft);
            });
        let problem = draft_problem(draft);
        if let Some(problem) = &problem
            && draft.facts.as_ref().is_some_and(Result::is_ok)
        {
            ui.label(theme::error_text(ui, problem.clone()));
        }
        ui.horizontal_wrapped(|ui| {
            clicked.0 = ui
                .add_enabled(problem.is_none(), egui::Button::new(tr!("import-import")))
                .on_disabled_hover_text(problem.unwrap_or_default())
                .clicked();
            clicked.1 = ui.button(tr!("import-discard")).clicked();
            // Beside the action it changes (no extra row: the form's buttons stay in view).
            ui.checkbox(&mut draft.from_inspection, tr!("import-from-inside"))
                .on_hover_text(tr!("import-from-inside-tip"));
        });
    });
    clicked
}

/// The subject messages about a draft use.
fn draft_subject(draft: &Draft) -> String {
    subject_named(&draft.name)
}

/// The draft's tags: removable chips and a field to add one.
/// (The draft's text fields have fixed ids: messages that appear while typing must not move
/// the focus.)
fn tags_ui(ui: &mut egui::Ui, draft: &mut Draft) {
    let subject = draft_subject(draft);
    let mut remove = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(tr!("import-tags"));
        if draft.tags.is_empty() {
            ui.label(RichText::new(tr!("import-no-tags")).weak());
        }
        for tag in &draft.tags {
            if ui
                .button(format!("{}  ×", theme::shown(tag)))
                .on_hover_text(tr!("details-remove-tag-tip", tag = theme::shown(tag)))
                .clicked()
            {
                remove = Some(tag.clone());
            }
        }
    });
    if let Some(tag) = remove {
        draft.tags.remove(&tag);
    }
    let typed = draft.new_tag.trim().to_string();
    let problem = tag_problem(&subject, &draft.tags, &typed);
    ui.horizontal(|ui| {
        let label = ui.label(tr!("details-new-tag"));
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut draft.new_tag)
                    .id_salt(("import-new-tag", draft.id))
                    .desired_width(160.0),
            )
            .labelled_by(label.id);
        let enter = crate::ui::dialogs::field_entered(ui, &field);
        let can_add = !typed.is_empty() && problem.is_none();
        if (ui
            .add_enabled(can_add, egui::Button::new(tr!("details-add-tag")))
            .clicked()
            || enter)
            && can_add
        {
            draft.tags.insert(typed.clone());
            draft.new_tag.clear();
        }
    });
    if let Some(problem) = problem {
        ui.label(theme::error_text(ui, problem));
    }
}

/// The draft's properties: a removable row each, and a key/value row with the well-known key
/// suggestions and value warnings Details shows.
fn properties_ui(ui: &mut egui::Ui, draft: &mut Draft) {
    let subject = draft_subject(draft);
    let mut remove = None;
    if !draft.properties.is_empty() {
        egui::Grid::new(("import-properties", draft.id))
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                for (key, value) in &draft.properties {
                    ui.label(RichText::new(theme::shown(key)).monospace());
                    ui.label(theme::shown(value));
                    if ui
                        .button(tr!("details-remove"))
                        .accessible_name(tr!("details-remove-key", key = key))
                        .clicked()
                    {
                        remove = Some(key.clone());
                    }
                    ui.end_row();
                }
            });
    }
    if let Some(key) = remove {
        draft.properties.remove(&key);
    }
    let (key, value) = metadefs::add_property_row_ui(
        ui,
        &subject,
        &mut draft.properties,
        &mut draft.new_key,
        &mut draft.new_value,
        ("import-property", draft.id),
    );
    for (k, v) in &draft.properties {
        if let Some(warning) = metadefs::value_warning(k, v.trim()) {
            ui.label(theme::warn_text(
                ui,
                tr!("import-warning-imported", warning = warning),
            ));
        }
    }
    let keys: Vec<&str> = draft.properties.keys().map(String::as_str).collect();
    match metadefs::suggestions_ui(
        ui,
        metadefs::PropertyCatalog::builtin(),
        &key,
        &value,
        &keys,
    ) {
        Some(metadefs::Pick::Key(k)) => draft.new_key = k,
        Some(metadefs::Pick::Value(v)) => draft.new_value = v,
        None => {}
    }
}

/// The import window: path field, file picker, and one form per file.
pub fn import_window_ui(
    ctx: &egui::Context,
    view: &mut ImportView,
    jobs: &mut Jobs,
    out: &mut Vec<Command>,
) {
    if view.poll_picker(out) {
        jobs.status(tr!("import-nothing-picked"));
    }
    if !view.open {
        return;
    }
    // Esc closes it like its × (only when it is the topmost dialog).
    let keys = crate::ui::dialogs::dialog_keys(ctx, "import");
    let mut open = view.open && !keys.escape;
    crate::ui::dialogs::dialog_window(ctx, tr!("import-title"), "import")
        .open(&mut open)
        .default_width(520.0)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut view.typed_path)
                            .id_salt("import-path")
                            .hint_text("/path/to/disk.img")
                            .desired_width(300.0),
                    )
                    .accessible_name(tr!("import-file-path"));
                if view.focus_path {
                    field.request_focus();
                    view.focus_path = false;
                }
                let enter = crate::ui::dialogs::field_entered(ui, &field);
                let typed = view.typed_path.trim().to_string();
                if (ui
                    .add_enabled(!typed.is_empty(), egui::Button::new(tr!("import-add-file")))
                    .clicked()
                    || enter)
                    && !typed.is_empty()
                {
                    view.add_file(PathBuf::from(typed), out);
                    view.typed_path.clear();
                }
                let waiting = view.picker.is_some();
                if ui
                    .add_enabled(!waiting, egui::Button::new(tr!("import-browse")))
                    .on_hover_text(tr!("import-browse-tip"))
                    .clicked()
                {
                    view.browse(ui.ctx());
                }
            });
            ui.label(RichText::new(tr!("import-drop-hint")).weak());
            let mut started = Vec::new();
            let mut discarded = Vec::new();
            egui::ScrollArea::vertical()
                .id_salt("import-drafts")
                .max_height(560.0)
                .show(ui, |ui| {
                    for draft in &mut view.drafts {
                        let (import, discard) = draft_ui(ui, draft);
                        if import {
                            started.push(draft.id);
                        }
                        if discard {
                            discarded.push(draft.id);
                        }
                    }
                });
            let ready: Vec<u64> = view
                .drafts
                .iter()
                .filter(|d| draft_problem(d).is_none())
                .map(|d| d.id)
                .collect();
            let all_shortcut =
                egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::Enter);
            if !ready.is_empty() {
                ui.label(RichText::new(tr!("import-ctrl-enter")).weak());
            }
            let shortcut = ui.input_mut(|i| i.consume_shortcut(&all_shortcut));
            if (ready.len() > 1
                && ui
                    .button(tr!("import-all", count = ready.len().to_string()))
                    .clicked())
                || shortcut
            {
                started = ready;
            }
            let any_started = !started.is_empty();
            for id in started {
                if let Some(pos) = view.drafts.iter().position(|d| d.id == id) {
                    let draft = view.drafts.remove(pos);
                    view.last_started = Some(start(draft, jobs, out));
                }
            }
            // Everything is on its way: the jobs area shows the progress from here.
            if any_started && view.drafts.is_empty() {
                view.open = false;
            }
            view.drafts.retain(|d| !discarded.contains(&d.id));
        });
    view.open = view.open && open;
}
