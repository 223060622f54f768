//! Conversion in the window (issue #5): the Convert panel ([`panel`]), the Create blank,
//! Resize and Check dialogs ([`tools`]), the target-options form and window placement they
//! share ([`target_form`], a leaf), and qemu-img's info in the Details panel ([`info`]). This
//! module holds their state, applies the service's replies, and draws the catalog
//! context-menu entries and the Details buttons that open them; the windows never import it.
//! qemu-img never runs on the UI thread.

pub mod info;
pub mod panel;
pub mod target_form;
pub mod tools;

use eframe::egui;

use crate::backend::{Image, ImageId, ImageStatus};
use crate::tr;
use crate::ui::bridge::Command;
use crate::ui::jobs::Jobs;

pub use crate::app::protocol::convert::{ConvertCommand, ConvertReply, SourceFacts};
use panel::ConvertPanel;
use tools::{BlankForm, CheckWindow, ResizeForm};

/// What the catalog's context menu or the Details buttons asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConvertAction {
    /// Open the Convert panel for an image.
    Convert(ImageId),
    /// Open the Create blank image dialog.
    CreateBlank,
    /// Open the Resize dialog for an image.
    Resize(ImageId),
    /// Run `qemu-img check` on an image and show the summary.
    Check(ImageId),
}

/// The conversion windows' state.
#[derive(Debug, Default)]
pub struct ConvertView {
    panel: Option<ConvertPanel>,
    blank: Option<BlankForm>,
    resize: Option<ResizeForm>,
    check: Option<CheckWindow>,
    next_request: u64,
    /// qemu-img's version and path once asked for (the About window shows it).
    qemu_img: Option<Result<String, String>>,
    qemu_img_asked: bool,
}

impl ConvertView {
    /// Open the window for `action` (asking the bridge for what it needs).
    pub fn open(&mut self, action: ConvertAction, out: &mut Vec<Command>) {
        match action {
            ConvertAction::Convert(image_id) => {
                out.push(Command::Convert(ConvertCommand::Source(image_id)));
                self.panel = Some(ConvertPanel::new(image_id));
            }
            ConvertAction::CreateBlank => {
                if self.blank.as_ref().is_none_or(BlankForm::is_done) {
                    self.blank = Some(BlankForm::default());
                }
            }
            ConvertAction::Resize(image_id) => {
                out.push(Command::Convert(ConvertCommand::Source(image_id)));
                self.resize = Some(ResizeForm::new(image_id));
            }
            ConvertAction::Check(image_id) => {
                out.push(Command::Convert(ConvertCommand::Check(image_id)));
                self.check = Some(CheckWindow::new(image_id));
            }
        }
    }

    /// qemu-img's version and path, asked for (off the UI thread) the first time.
    pub fn qemu_img_version(&mut self, out: &mut Vec<Command>) -> Option<&Result<String, String>> {
        if !self.qemu_img_asked {
            self.qemu_img_asked = true;
            out.push(Command::Convert(ConvertCommand::Version));
        }
        self.qemu_img.as_ref()
    }

    /// Whether the Convert panel is open.
    pub fn panel_open(&self) -> bool {
        self.panel.is_some()
    }

    /// Apply a reply; returns an image to select in the catalog (a new blank or resized
    /// image).
    pub fn apply(&mut self, reply: ConvertReply, jobs: &mut Jobs) -> Option<ImageId> {
        match reply {
            ConvertReply::Source(image_id, result) => {
                if let Some(panel) = self.panel.as_mut().filter(|p| p.image_id == image_id) {
                    panel.source_arrived(result.clone());
                }
                if let Some(form) = self.resize.as_mut().filter(|f| f.image_id == image_id) {
                    form.source_arrived(result);
                }
                None
            }
            ConvertReply::Measured { request, result } => {
                if let Some(panel) = &mut self.panel {
                    panel.measured(request, result);
                }
                None
            }
            ConvertReply::Converted(converted) => {
                if let Some(panel) = &mut self.panel {
                    panel.converted(converted);
                }
                None
            }
            ConvertReply::Created(result) => match result {
                Ok(image) => {
                    if let Some(form) = &mut self.blank {
                        form.created(image.id, image.label());
                    }
                    jobs.status(tr!(
                        "convert-created-blank-status",
                        name = image.label(),
                        format = image.disk_format.map_or("—", |f| f.as_str())
                    ));
                    Some(image.id)
                }
                Err(message) => {
                    if let Some(form) = &mut self.blank {
                        form.failed(message.clone());
                    }
                    jobs.error(message);
                    None
                }
            },
            ConvertReply::Resized { job_id, image_id } => {
                if let Some(form) = &mut self.resize {
                    form.resized(job_id, image_id);
                }
                Some(image_id)
            }
            ConvertReply::NameTaken { name, taken } => {
                if let Some(panel) = &mut self.panel {
                    panel.names.answered(&name, taken);
                }
                if let Some(form) = &mut self.blank {
                    form.names.answered(&name, taken);
                }
                if let Some(form) = &mut self.resize {
                    form.names.answered(&name, taken);
                }
                None
            }
            ConvertReply::Version(found) => {
                self.qemu_img = Some(found);
                None
            }
            ConvertReply::Checked {
                image_id,
                label,
                result,
            } => {
                if let Some(check) = self.check.as_mut().filter(|c| c.image_id == image_id) {
                    check.arrived(label, result);
                }
                None
            }
        }
    }
}

/// Why `image` cannot be converted, resized or checked now, if it cannot.
pub fn refusal(image: &Image) -> Option<String> {
    (image.status != ImageStatus::Active).then(|| {
        tr!(
            "convert-refusal-not-active",
            status = status_text(image.status)
        )
    })
}

/// An image status as the conversion windows name it: the translated label with Glance's
/// value beside it ("active" in English).
pub(crate) use crate::i18n::labels::image_status_named as status_text;

/// The context-menu entries: Convert…, Resize… and Check for one active image, and Create
/// blank image… always.
pub fn context_menu_ui(
    ui: &mut egui::Ui,
    statuses: &[ImageStatus],
    clicked: ImageId,
) -> Option<ConvertAction> {
    let one_active = statuses.len() <= 1 && statuses.iter().all(|s| *s == ImageStatus::Active);
    let why = tr!("convert-select-one-active");
    let mut choice = None;
    for (label, action) in [
        (tr!("convert-menu-convert"), ConvertAction::Convert(clicked)),
        (tr!("convert-menu-resize"), ConvertAction::Resize(clicked)),
        (tr!("convert-menu-check"), ConvertAction::Check(clicked)),
    ] {
        if ui
            .add_enabled(one_active, egui::Button::new(label))
            .on_disabled_hover_text(&why)
            .clicked()
        {
            choice = Some(action);
        }
    }
    if ui.button(tr!("convert-menu-create-blank")).clicked() {
        choice = Some(ConvertAction::CreateBlank);
    }
    choice
}

/// The Details buttons: Convert…, Resize… and Check, disabled with the reason when the image
/// cannot be read.
pub fn actions_ui(
    ui: &mut egui::Ui,
    image: &Image,
    view: &mut ConvertView,
    out: &mut Vec<Command>,
) {
    let refused = refusal(image);
    ui.horizontal_wrapped(|ui| {
        for (label, action, hover) in [
            (
                tr!("convert-menu-convert"),
                ConvertAction::Convert(image.id),
                tr!("convert-hover-convert"),
            ),
            (
                tr!("convert-menu-resize"),
                ConvertAction::Resize(image.id),
                tr!("convert-hover-resize"),
            ),
            (
                tr!("convert-menu-check"),
                ConvertAction::Check(image.id),
                tr!("convert-hover-check"),
            ),
        ] {
            if ui
                .add_enabled(refused.is_none(), egui::Button::new(label))
                .on_hover_text(hover)
                .on_disabled_hover_text(refused.clone().unwrap_or_default())
                .clicked()
            {
                view.open(action, out);
            }
        }
    });
}

/// Every open conversion window; returns an image to select in the catalog.
pub fn windows_ui(
    ctx: &egui::Context,
    view: &mut ConvertView,
    jobs: &mut Jobs,
    out: &mut Vec<Command>,
) -> Option<ImageId> {
    let mut select = None;
    if let Some(panel) = &mut view.panel {
        let (keep, chosen) = panel::panel_ui(ctx, panel, &mut view.next_request, jobs, out);
        select = select.or(chosen);
        if !keep {
            view.panel = None;
        }
    }
    if let Some(form) = &mut view.blank {
        let (keep, chosen) = tools::blank_ui(ctx, form, out);
        select = select.or(chosen);
        if !keep {
            view.blank = None;
        }
    }
    if let Some(form) = &mut view.resize {
        let (keep, chosen) = tools::resize_ui(ctx, form, jobs, out);
        select = select.or(chosen);
        if !keep {
            view.resize = None;
        }
    }
    if let Some(check) = &mut view.check
        && !tools::check_ui(ctx, check)
    {
        view.check = None;
    }
    select
}
