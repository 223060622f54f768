//! "Copy to cloud…": a remote image (or the selected ones) copied from its cloud to another,
//! the window's side of `copy REMOTE_ID --from A --to B`. Offered in a remote row's context
//! menu, in the selected image's details, and by dropping remote rows on another cloud of the
//! clouds list; each opens the dialog (the target cloud, "Keep the target image if the copy
//! fails", Start copy / Cancel; Esc cancels, Enter starts), which starts one job per image
//! ([`RemoteOp::Copy`], the service's `app::remote::copy`). The target holding the same data
//! already is asked about in the same-data question, whose words for a copy are here.

use eframe::egui::{self, RichText};

use crate::app::protocol::remote::RemoteOp;
use crate::backend::remote::RemoteImage;
use crate::backend::remote::same_data::SameData;
use crate::tr;
use crate::ui::context::Ctx;
use crate::ui::dialogs::{dialog_keys, dialog_window};
use crate::ui::jobs::JobKind;
use crate::ui::remotes::forms::{Forms, SameDataQuestion};
use crate::ui::theme;

/// The dialog's key (its egui id, whatever the language).
const DIALOG: &str = "copy-to-cloud";

/// Why "Copy to cloud…" is disabled for `images` (remote images of `cloud`), or `None` when
/// it can be used.
fn refused(forms: &Forms, cloud: &str, images: &[&RemoteImage]) -> Option<String> {
    if !forms.other_cloud_than(cloud) {
        Some(tr!("copy-action-no-other-cloud"))
    } else if images.iter().all(|i| i.status() != "active") {
        Some(tr!("copy-action-needs-active"))
    } else {
        None
    }
}

/// The active ones of `images` as the dialog takes them (id, name).
fn active(images: &[&RemoteImage]) -> Vec<(String, String)> {
    images
        .iter()
        .filter(|i| i.status() == "active")
        .map(|i| (i.id().to_string(), i.label().to_string()))
        .collect()
}

/// "Copy to cloud…" as a button (the selected image's details).
pub fn copy_button_ui(ui: &mut egui::Ui, forms: &mut Forms, cloud: &str, image: &RemoteImage) {
    let why = refused(forms, cloud, &[image]);
    let clicked = ui
        .add_enabled(why.is_none(), egui::Button::new(tr!("copy-action")))
        .on_hover_text(tr!("copy-action-hover"))
        .on_disabled_hover_text(why.unwrap_or_default())
        .clicked();
    if clicked {
        forms.ask_copy(cloud, active(&[image]), None);
    }
}

/// "Copy to cloud…" in a remote row's context menu, for `images` (the row, or the selection
/// it belongs to).
pub fn context_menu_ui(ui: &mut egui::Ui, forms: &mut Forms, cloud: &str, images: &[&RemoteImage]) {
    let why = refused(forms, cloud, images);
    let clicked = ui
        .add_enabled(why.is_none(), egui::Button::new(tr!("copy-action")))
        .on_hover_text(tr!("copy-action-hover"))
        .on_disabled_hover_text(why.unwrap_or_default())
        .clicked();
    if clicked {
        forms.ask_copy(cloud, active(images), None);
    }
}

/// The dialog, when open: where to, and whether to keep a failed copy; Start copy starts one
/// job per image.
pub fn dialog_ui(ctx: &egui::Context, forms: &mut Forms, cx: &mut Ctx) {
    let Some(dialog) = &mut forms.copy_cloud else {
        return;
    };
    let keys = dialog_keys(ctx, DIALOG);
    let mut open = !keys.escape;
    let (mut start, mut cancel) = (false, false);
    let title = match dialog.images.as_slice() {
        [(_, name)] => tr!("copy-dialog-title", image = theme::shown(name)),
        many => tr!("copy-dialog-title-many", count = many.len()),
    };
    dialog_window(ctx, title, DIALOG)
        .open(&mut open)
        .default_width(420.0)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 120.0))
        .show(ctx, |ui| {
            ui.add(
                egui::Label::new(tr!(
                    "copy-dialog-from",
                    count = dialog.images.len(),
                    cloud = theme::shown(&dialog.from)
                ))
                .wrap(),
            );
            if dialog.images.len() > 1 {
                for (_, name) in dialog.images.iter().take(8) {
                    ui.label(RichText::new(format!("• {}", theme::shown(name))).weak());
                }
                if dialog.images.len() > 8 {
                    let more = dialog.images.len() - 8;
                    ui.label(RichText::new(tr!("copy-dialog-more", count = more)).weak());
                }
            }
            ui.horizontal(|ui| {
                let caption = ui.label(tr!("copy-dialog-target"));
                let shown = dialog
                    .target
                    .as_deref()
                    .map_or_else(|| tr!("copy-dialog-choose"), theme::shown);
                egui::ComboBox::from_id_salt("copy-to-cloud-target")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        for name in &dialog.targets {
                            ui.selectable_value(
                                &mut dialog.target,
                                Some(name.clone()),
                                theme::shown(name),
                            );
                        }
                    })
                    .response
                    .labelled_by(caption.id);
            });
            ui.checkbox(&mut dialog.keep_failed, tr!("copy-dialog-keep-failed"))
                .on_hover_text(tr!("copy-dialog-keep-failed-hover"));
            ui.add(
                egui::Label::new(RichText::new(tr!("copy-dialog-explained")).weak().small()).wrap(),
            );
            let ready = dialog.target.is_some();
            ui.horizontal(|ui| {
                start = ui
                    .add_enabled(ready, egui::Button::new(tr!("copy-dialog-start")))
                    .on_disabled_hover_text(tr!("copy-dialog-choose-first"))
                    .clicked()
                    || (ready && keys.enter);
                cancel = ui.button(tr!("remotes-cancel")).clicked();
            });
        });
    if start {
        let Some(dialog) = forms.copy_cloud.take() else {
            return;
        };
        let Some(to) = dialog.target else { return };
        for (remote_id, name) in dialog.images {
            let (job, control) = cx.jobs.start(
                JobKind::CopyToCloud,
                format!("{name}: {} → {to}", dialog.from),
                None,
            );
            cx.remote(RemoteOp::Copy {
                job,
                control,
                from: dialog.from.clone(),
                to: to.clone(),
                remote_id,
                keep_failed: dialog.keep_failed,
                // The same data already on the target makes the job ask first.
                on_same_data: SameData::Refuse,
            });
        }
    } else if cancel || !open {
        forms.copy_cloud = None;
    }
}

/// The same-data question's words when a copy asks it: its title, the Link and Copy anyway
/// buttons, and what Link does (naming both clouds and the image the target holds); `None`
/// for a pull's or push's question.
pub fn same_data_words(question: &SameDataQuestion) -> Option<[String; 4]> {
    let RemoteOp::Copy { from, to, .. } = question.retry.as_ref() else {
        return None;
    };
    let (found_id, found_label) = &question.found;
    Some([
        tr!("copy-same-title", cloud = theme::shown(to)),
        tr!("copy-same-link"),
        tr!("copy-same-copy"),
        tr!(
            "copy-same-explained",
            label = theme::shown(found_label),
            id = found_id,
            to = theme::shown(to),
            from = theme::shown(from)
        ),
    ])
}
