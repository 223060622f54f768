//! A multi-store cloud in the Remotes view: the store ticks the push dialog, "Import from
//! URL…" and "Copy to stores…" share; those two dialogs (each starts one job); and the
//! selected remote image's stores with a Delete per store (confirmed), "Copy to stores…",
//! and `os_glance_importing_to_stores` / `os_glance_failed_import` while an import runs.

use eframe::egui::{self, RichText};

use crate::app::protocol::remote::{RemoteDetail, RemoteOp};
use crate::backend::remote::stores::{self, ImportUrl, RemoteStore};
use crate::tr;
use crate::ui::context::Ctx;
use crate::ui::dialogs::{dialog_keys, dialog_window};
use crate::ui::jobs::JobKind;
use crate::ui::remotes::forms::{Confirm, CopyStoresDialog, Forms, ImportUrlDialog, StoreTicks};
use crate::ui::theme;

/// One checkbox per store (`except`: stores shown ticked and disabled, as already holding
/// the data), "All stores" and "Go on if a store fails".
pub fn ticks_ui(
    ui: &mut egui::Ui,
    ticks: &mut StoreTicks,
    stores: &[RemoteStore],
    except: &[String],
    offer_all: bool,
) {
    ui.horizontal_wrapped(|ui| {
        for store in stores {
            let id = store.id().to_string();
            let held = except.contains(&id);
            let mut on = held || ticks.all || ticks.ticked.contains(&id);
            let label = if store.is_default() {
                tr!("remotes-stores-default", store = theme::shown(&id))
            } else {
                theme::shown(&id)
            };
            let changed = ui
                .add_enabled(!held && !ticks.all, egui::Checkbox::new(&mut on, label))
                .on_hover_text(theme::shown(store.description()))
                .changed();
            if changed {
                if on {
                    ticks.ticked.insert(id);
                } else {
                    ticks.ticked.remove(&id);
                }
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        if offer_all {
            ui.checkbox(&mut ticks.all, tr!("remotes-stores-all"))
                .on_hover_text(tr!("remotes-stores-all-hover"));
        }
        ui.checkbox(
            &mut ticks.allow_failure,
            tr!("remotes-stores-allow-failure"),
        )
        .on_hover_text(tr!("remotes-stores-allow-failure-hover"));
    });
}

/// "Import from URL…" and "Copy to stores…", when open.
pub fn windows_ui(ctx: &egui::Context, forms: &mut Forms, cx: &mut Ctx) {
    import_url_ui(ctx, forms, cx);
    copy_stores_ui(ctx, forms, cx);
}

/// The stores of `cloud` as last heard (none while unknown).
fn known_stores(
    stores: &std::collections::BTreeMap<String, crate::ui::remotes::forms::CloudStores>,
    cloud: &str,
) -> Vec<crate::backend::remote::stores::RemoteStore> {
    stores
        .get(cloud)
        .and_then(|s| s.view.as_ref())
        .and_then(|v| v.as_ref().ok())
        .map(|v| v.stores.clone())
        .unwrap_or_default()
}

fn import_url_ui(ctx: &egui::Context, forms: &mut Forms, cx: &mut Ctx) {
    let Some(dialog) = &mut forms.import_url else {
        return;
    };
    let keys = dialog_keys(ctx, "import-url");
    let mut open = !keys.escape;
    let (mut start, mut cancel) = (false, false);
    let stores = known_stores(&forms.stores, &dialog.cloud);
    let ready = !dialog.name.trim().is_empty() && dialog.url.trim().starts_with("http");
    dialog_window(
        ctx,
        tr!("remotes-import-url-title", cloud = dialog.cloud),
        "import-url",
    )
    .open(&mut open)
    .default_width(460.0)
    .pivot(egui::Align2::CENTER_TOP)
    .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 120.0))
    .show(ctx, |ui| {
        ui.add(
            egui::Label::new(
                RichText::new(tr!("remotes-import-url-intro"))
                    .weak()
                    .small(),
            )
            .wrap(),
        );
        egui::Grid::new("import-url-grid")
            .num_columns(2)
            .show(ui, |ui| {
                let caption = ui.label(tr!("remotes-import-url-name"));
                ui.add(egui::TextEdit::singleline(&mut dialog.name).desired_width(300.0))
                    .labelled_by(caption.id);
                ui.end_row();
                let caption = ui.label(tr!("remotes-import-url-url"));
                ui.add(
                    egui::TextEdit::singleline(&mut dialog.url)
                        .hint_text("http://example.com/image.qcow2")
                        .desired_width(300.0),
                )
                .labelled_by(caption.id);
                ui.end_row();
                let caption = ui.label(tr!("remotes-import-url-disk-format"));
                egui::ComboBox::from_id_salt("import-url-format")
                    .selected_text(dialog.disk_format.clone())
                    .show_ui(ui, |ui| {
                        for f in ["raw", "qcow2", "vmdk", "vhd", "vhdx", "vdi", "iso"] {
                            ui.selectable_value(&mut dialog.disk_format, f.to_string(), f);
                        }
                    })
                    .response
                    .labelled_by(caption.id);
                ui.end_row();
            });
        if stores.len() > 1 {
            theme::section_heading_ui(ui, &tr!("remotes-stores-ticks-heading"));
            ticks_ui(ui, &mut dialog.stores, &stores, &[], true);
        }
        ui.horizontal(|ui| {
            start = ui
                .add_enabled(ready, egui::Button::new(tr!("remotes-import-url-start")))
                .on_disabled_hover_text(tr!("remotes-import-url-not-ready"))
                .clicked()
                || (ready && keys.enter);
            cancel = ui.button(tr!("remotes-cancel")).clicked();
        });
    });
    if start {
        let dialog = forms.import_url.take().unwrap_or_default();
        let mut request = ImportUrl::new(dialog.name.trim(), dialog.url.trim());
        request.disk_format = dialog.disk_format.clone();
        request.stores = dialog.stores.choice();
        let (job, control) = cx.jobs.start(
            JobKind::ImportUrl,
            format!("{} → {}", request.name, dialog.cloud),
            None,
        );
        cx.remote(RemoteOp::ImportUrl {
            job,
            control,
            cloud: dialog.cloud,
            request: Box::new(request),
        });
    } else if cancel || !open {
        forms.import_url = None;
    }
}

fn copy_stores_ui(ctx: &egui::Context, forms: &mut Forms, cx: &mut Ctx) {
    let Some(dialog) = &mut forms.copy_stores else {
        return;
    };
    let keys = dialog_keys(ctx, "copy-stores");
    let mut open = !keys.escape;
    let (mut start, mut cancel) = (false, false);
    let stores = known_stores(&forms.stores, &dialog.cloud);
    let ready = !dialog.stores.ticked.is_empty();
    dialog_window(
        ctx,
        tr!(
            "remotes-copy-stores-title",
            image = theme::shown(&dialog.label)
        ),
        "copy-stores",
    )
    .open(&mut open)
    .default_width(420.0)
    .pivot(egui::Align2::CENTER_TOP)
    .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 120.0))
    .show(ctx, |ui| {
        ui.add(
            egui::Label::new(tr!(
                "remotes-copy-stores-now-in",
                stores = theme::shown(&dialog.holding.join(", "))
            ))
            .wrap(),
        );
        ticks_ui(ui, &mut dialog.stores, &stores, &dialog.holding, false);
        ui.horizontal(|ui| {
            start = ui
                .add_enabled(ready, egui::Button::new(tr!("remotes-copy-stores-start")))
                .on_disabled_hover_text(tr!("remotes-copy-stores-tick-first"))
                .clicked()
                || (ready && keys.enter);
            cancel = ui.button(tr!("remotes-cancel")).clicked();
        });
    });
    if start {
        let dialog = forms.copy_stores.take().unwrap_or_default();
        let (job, control) = cx.jobs.start(
            JobKind::CopyToStores,
            format!("{} → {}", dialog.label, dialog.stores.choice().describe()),
            None,
        );
        cx.remote(RemoteOp::CopyToStores {
            job,
            control,
            cloud: dialog.cloud,
            remote_id: dialog.id,
            stores: dialog.stores.choice(),
        });
    } else if cancel || !open {
        forms.copy_stores = None;
    }
}

/// Whether the image is being imported into some store (its details are then asked for
/// again every second).
pub fn importing(detail: &RemoteDetail) -> bool {
    detail.image.status() == "importing" || !stores::importing_to(&detail.image).is_empty()
}

/// The selected remote image's stores: each with Delete (confirmed), "Copy to stores…", and
/// the import's progress properties while one runs.
pub fn detail_stores_ui(
    ui: &mut egui::Ui,
    detail: &RemoteDetail,
    cloud: &str,
    can_edit: bool,
    forms: &mut Forms,
) {
    let image = &detail.image;
    let holding = stores::image_stores(image);
    let importing = stores::importing_to(image);
    let failed = stores::failed_in(image);
    let view = forms.stores_of(cloud).cloned();
    let multi = view.as_ref().is_some_and(|v| v.stores.len() > 1);
    if holding.is_empty() && importing.is_empty() && failed.is_empty() && !multi {
        return;
    }
    theme::section_heading_ui(ui, &tr!("remotes-detail-stores"));
    for store in &holding {
        ui.horizontal(|ui| {
            ui.label(RichText::new(theme::shown(store)).monospace());
            let delete = ui
                .add_enabled(
                    can_edit,
                    egui::Button::new(tr!("remotes-stores-delete-from")).small(),
                )
                .on_hover_text(tr!("remotes-stores-delete-from-hover"))
                .clicked();
            if delete {
                forms.confirm = Some(Confirm::DeleteFromStore(
                    cloud.to_string(),
                    image.id().to_string(),
                    image.label().to_string(),
                    store.clone(),
                ));
            }
        });
    }
    if !importing.is_empty() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!(
                "os_glance_importing_to_stores: {}",
                theme::shown(&importing.join(", "))
            ));
        });
    }
    if !failed.is_empty() {
        ui.label(theme::error_text(
            ui,
            format!("os_glance_failed_import: {}", failed.join(", ")),
        ));
    }
    let Some(view) = view else {
        return;
    };
    let more = view
        .stores
        .iter()
        .any(|s| !holding.iter().any(|h| h == s.id()));
    let offered = view.offers("copy-image");
    let can = can_edit && more && offered && image.status() == "active" && importing.is_empty();
    let why = if !offered {
        tr!("remotes-stores-no-copy-image")
    } else if !more {
        tr!("remotes-stores-in-every-store")
    } else {
        tr!("remotes-stores-copy-needs-active")
    };
    if multi
        && ui
            .add_enabled(can, egui::Button::new(tr!("remotes-stores-copy")))
            .on_hover_text(tr!("remotes-stores-copy-hover"))
            .on_disabled_hover_text(why)
            .clicked()
    {
        forms.copy_stores = Some(CopyStoresDialog {
            cloud: cloud.to_string(),
            id: image.id().to_string(),
            label: image.label().to_string(),
            holding,
            stores: StoreTicks::default(),
        });
    }
}

/// "Import from URL…" for the cloud's Images tab (enabled when it offers web-download).
pub fn import_url_button_ui(ui: &mut egui::Ui, cloud: &str, forms: &mut Forms) {
    let offered = forms.stores_of(cloud).map(|v| v.offers("web-download"));
    let button = ui
        .add_enabled(
            offered == Some(true),
            egui::Button::new(tr!("remotes-import-url-button")),
        )
        .on_hover_text(tr!("remotes-import-url-button-hover"))
        .on_disabled_hover_text(match offered {
            None => tr!("remotes-import-url-asking"),
            _ => tr!("remotes-import-url-not-offered"),
        });
    if button.clicked() {
        forms.import_url = Some(ImportUrlDialog {
            cloud: cloud.to_string(),
            disk_format: "raw".into(),
            ..Default::default()
        });
    }
}
