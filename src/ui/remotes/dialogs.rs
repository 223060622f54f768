//! The Remotes view's dialogs, drawn from their state in `forms.rs`: the cloud form (add /
//! edit: password, application credential, TOTP or a Keystone token; a Region picker over
//! the definition's `regions:`; CA file, client certificate and key with file pickers; Test
//! connection, Save cloud; the secret goes to the keyring, or without one to this window's
//! memory, never to a file), the masked prompt for a secret that is needed and not
//! known, the push dialog (the images, every cloud with a tick — the one dropped on ticked —,
//! upload or glance-direct, keep the remote image on failure, and on a multi-store cloud the
//! stores to import into), which starts one push job per image to all ticked clouds (the data
//! read once), and the confirmations for removing a cloud
//! and deleting a remote image, and the same-data question (a pull, push or copy found its
//! data already on the other side: link to that image, copy anyway, or cancel); "Copy to
//! cloud…" is drawn by `copy.rs`. Esc closes each
//! (the modal ones through egui's modal), Enter saves the cloud form and starts the push.

use eframe::egui::{self, RichText};

use crate::app::protocol::remote::{RemoteAction, RemoteOp};
use crate::app::remote::server_cache::ServerCacheAction;
use crate::backend::remote::config::AuthType;
use crate::backend::remote::push::PushMethod;
use crate::backend::remote::same_data::SameData;
use crate::backend::remote::secrets::{self, Secret};
use crate::backend::remote::server_cache::ClearTarget;
use crate::tr;
use crate::ui::bridge::Command;
use crate::ui::context::Ctx;
use crate::ui::dialogs::{DialogPoll, dialog_keys, dialog_window};
use crate::ui::jobs::JobKind;
use crate::ui::remotes::clouds::test_result_ui;
use crate::ui::remotes::forms::{Confirm, Forms, PathField};
use crate::ui::remotes::stores;
use crate::ui::theme;

/// The secret's field label, by auth type.
fn secret_word(auth_type: AuthType) -> String {
    match auth_type {
        AuthType::Password => tr!("remotes-secret-password"),
        AuthType::ApplicationCredential => tr!("remotes-secret-app-credential"),
        AuthType::Token => tr!("remotes-secret-token"),
        AuthType::Totp => tr!("remotes-secret-totp"),
    }
}

/// Every open dialog of the Remotes view; returns the ops that waited for a secret the user
/// declined to give (the caller gives them up).
pub fn windows_ui(ctx: &egui::Context, forms: &mut Forms, cx: &mut Ctx) -> Vec<RemoteOp> {
    form_ui(ctx, forms, cx);
    let abandoned = prompt_ui(ctx, forms, cx);
    push_ui(ctx, forms, cx);
    crate::ui::remotes::stores::windows_ui(ctx, forms, cx);
    crate::ui::remotes::copy::dialog_ui(ctx, forms, cx);
    confirm_ui(ctx, forms, cx);
    let mut abandoned = abandoned;
    abandoned.extend(same_data_ui(ctx, forms, cx));
    abandoned
}

/// The first pull, push or copy waiting for the same-data answer: link, copy anyway, or
/// cancel (returned, for the caller to give up).
fn same_data_ui(ctx: &egui::Context, forms: &mut Forms, cx: &mut Ctx) -> Option<RemoteOp> {
    let question = forms.same_data.first()?;
    let pull = matches!(*question.retry, RemoteOp::Pull { .. });
    // A copy between clouds has its own words (ui/remotes/copy.rs).
    let copy_words = crate::ui::remotes::copy::same_data_words(question);
    let (title, link, copy) = if let Some([title, link, copy, _]) = copy_words.clone() {
        (title, link, copy)
    } else if pull {
        (
            tr!("remotes-same-pull-title"),
            tr!("remotes-same-pull-link"),
            tr!("remotes-same-pull-copy"),
        )
    } else {
        (
            tr!("remotes-same-push-title"),
            tr!("remotes-same-push-link"),
            tr!("remotes-same-push-copy"),
        )
    };
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("remote-same-data")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading(title);
        ui.add(egui::Label::new(question.message.clone()).wrap());
        let (found_id, found_label) = &question.found;
        let explained = if let Some([.., explained]) = copy_words {
            explained
        } else if pull {
            tr!(
                "remotes-same-pull-explained",
                label = found_label,
                id = found_id
            )
        } else {
            tr!(
                "remotes-same-push-explained",
                label = found_label,
                id = found_id,
                cloud = question.cloud
            )
        };
        ui.label(RichText::new(explained).weak().small());
        ui.horizontal(|ui| {
            if ui.button(link).clicked() {
                answer = Some(SameData::Link);
            }
            if ui.button(copy).clicked() {
                answer = Some(SameData::Copy);
            }
            if ui.button(tr!("remotes-cancel")).clicked() {
                answer = Some(SameData::Refuse);
            }
        });
    });
    if answer.is_none() && modal.should_close() {
        answer = Some(SameData::Refuse);
    }
    let answer = answer?;
    let question = forms.same_data.remove(0);
    if answer == SameData::Refuse {
        return Some(*question.retry);
    }
    cx.remote(question.retry.with_same_data(answer));
    None
}

fn field(ui: &mut egui::Ui, label: &str, value: &mut String, hint: &str) {
    let caption = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(300.0),
    )
    .labelled_by(caption.id);
    ui.end_row();
}

/// A path field with a "Browse…" button (the desktop's file picker); true when clicked.
fn path_field(ui: &mut egui::Ui, label: &str, value: &mut String, hint: &str, idle: bool) -> bool {
    let caption = ui.label(label);
    let clicked = ui
        .horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(value)
                    .hint_text(hint)
                    .desired_width(220.0),
            )
            .labelled_by(caption.id);
            ui.add_enabled(idle, egui::Button::new(tr!("remotes-form-browse")))
                .on_hover_text(tr!("remotes-form-browse-hover"))
                .on_hover_text(tr!("remotes-form-browse-for", what = label.to_lowercase()))
                .clicked()
        })
        .inner;
    ui.end_row();
    clicked
}

fn form_ui(ctx: &egui::Context, forms: &mut Forms, cx: &mut Ctx) {
    let Some(form) = &mut forms.form else {
        forms.form_picker = None;
        return;
    };
    if let Some((which, picker)) = &forms.form_picker
        && let DialogPoll::Closed(paths) = picker.poll()
    {
        let which = *which;
        forms.form_picker = None;
        match paths.into_iter().next() {
            Some(path) => {
                *form.path_mut(which) = path.display().to_string();
                form.touched = true;
            }
            None => cx.jobs.status(tr!("remotes-form-no-file-picked")),
        }
    }
    let picker_idle = forms.form_picker.is_none();
    let mut browse: Option<PathField> = None;
    let keys = dialog_keys(ctx, "cloud-form");
    let mut open = !keys.escape;
    let mut save = false;
    let mut test = false;
    let mut cancel = false;
    let title = if form.editing.is_some() {
        tr!("remotes-form-edit-title")
    } else {
        tr!("remotes-form-add-title")
    };
    dialog_window(ctx, title, "cloud-form")
        .open(&mut open)
        .default_width(460.0)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 70.0))
        .show(ctx, |ui| {
            let before = form.typed().map(str::to_owned);
            // A short window (800 × 500) scrolls the fields rather than cutting the buttons
            // below them off.
            let fields_height = (ctx.content_rect().height() - 260.0).max(140.0);
            egui::ScrollArea::vertical()
                .id_salt("cloud-form-fields")
                .max_height(fields_height)
                .show(ui, |ui| {
                    egui::Grid::new("cloud-form")
                        .num_columns(2)
                        .spacing([10.0, 6.0])
                        .show(ui, |ui| {
                            field(ui, &tr!("remotes-form-name"), &mut form.name, "mycloud");
                            field(
                                ui,
                                &tr!("remotes-form-auth-url"),
                                &mut form.auth_url,
                                "https://keystone.example.com:5000/v3",
                            );
                            let caption = ui.label(tr!("remotes-form-auth-type"));
                            ui.horizontal(|ui| {
                                ui.radio_value(
                                    &mut form.auth_type,
                                    AuthType::Password,
                                    tr!("remotes-form-auth-password"),
                                );
                                ui.radio_value(
                                    &mut form.auth_type,
                                    AuthType::ApplicationCredential,
                                    tr!("remotes-form-auth-app-credential"),
                                );
                                ui.radio_value(
                                    &mut form.auth_type,
                                    AuthType::Totp,
                                    tr!("remotes-form-auth-totp"),
                                );
                                ui.radio_value(
                                    &mut form.auth_type,
                                    AuthType::Token,
                                    tr!("remotes-form-auth-token"),
                                );
                            })
                            .response
                            .labelled_by(caption.id);
                            ui.end_row();
                            match form.auth_type {
                                AuthType::ApplicationCredential => field(
                                    ui,
                                    &tr!("remotes-form-app-credential-id"),
                                    &mut form.app_credential_id,
                                    "id",
                                ),
                                auth_type => {
                                    // A token already names its user: only the project is asked.
                                    if auth_type != AuthType::Token {
                                        field(
                                            ui,
                                            &tr!("remotes-form-user-name"),
                                            &mut form.username,
                                            "admin",
                                        );
                                    }
                                    field(
                                        ui,
                                        &tr!("remotes-form-project-name"),
                                        &mut form.project_name,
                                        "admin",
                                    );
                                    field(
                                        ui,
                                        &tr!("remotes-form-project-id"),
                                        &mut form.project_id,
                                        &tr!("remotes-form-project-id-hint"),
                                    );
                                    if auth_type != AuthType::Token {
                                        field(
                                            ui,
                                            &tr!("remotes-form-user-domain"),
                                            &mut form.user_domain,
                                            "Default",
                                        );
                                    }
                                    field(
                                        ui,
                                        &tr!("remotes-form-project-domain"),
                                        &mut form.project_domain,
                                        "Default",
                                    );
                                }
                            }
                            field(
                                ui,
                                &tr!("remotes-form-regions"),
                                &mut form.regions,
                                &tr!("remotes-form-regions-hint"),
                            );
                            let regions = form.region_list();
                            if regions.is_empty() {
                                field(
                                    ui,
                                    &tr!("remotes-form-region"),
                                    &mut form.region,
                                    "RegionOne",
                                );
                            } else {
                                // One of the listed regions; none picked: the first, as the CLI.
                                let caption = ui.label(tr!("remotes-form-region"));
                                let shown = if form.region.trim().is_empty() {
                                    tr!("remotes-form-region-first", region = regions[0])
                                } else {
                                    form.region.clone()
                                };
                                egui::ComboBox::from_id_salt("cloud-form-region")
                                    .selected_text(shown)
                                    .show_ui(ui, |ui| {
                                        for region in &regions {
                                            ui.selectable_value(
                                                &mut form.region,
                                                region.clone(),
                                                region,
                                            );
                                        }
                                    })
                                    .response
                                    .labelled_by(caption.id);
                                ui.end_row();
                            }
                            let caption = ui.label(tr!("remotes-form-interface"));
                            egui::ComboBox::from_id_salt("cloud-form-interface")
                                .selected_text(form.interface.clone())
                                .show_ui(ui, |ui| {
                                    for i in ["public", "internal", "admin"] {
                                        ui.selectable_value(&mut form.interface, i.to_string(), i);
                                    }
                                })
                                .response
                                .labelled_by(caption.id);
                            ui.end_row();
                            let paths = [
                                (
                                    PathField::CaCert,
                                    tr!("remotes-form-ca-file"),
                                    tr!("remotes-form-ca-file-hint"),
                                ),
                                (
                                    PathField::Cert,
                                    tr!("remotes-form-client-cert"),
                                    tr!("remotes-form-client-cert-hint"),
                                ),
                                (
                                    PathField::Key,
                                    tr!("remotes-form-client-key"),
                                    tr!("remotes-form-client-key-hint"),
                                ),
                            ];
                            for (which, label, hint) in paths {
                                if path_field(ui, &label, form.path_mut(which), &hint, picker_idle)
                                {
                                    browse = Some(which);
                                }
                            }
                            ui.label("TLS");
                            ui.checkbox(&mut form.verify, tr!("remotes-form-verify"));
                            ui.end_row();
                            let word = secret_word(form.auth_type);
                            let caption = ui.label(word);
                            if !form.auth_type.keeps_secret() {
                                // Nothing to type here: a passcode works once.
                                form.secret.clear();
                                ui.label(tr!("remotes-form-totp-asked"))
                                    .labelled_by(caption.id);
                                ui.end_row();
                                return;
                            }
                            let hint = if form.editing.is_some() {
                                tr!("remotes-form-secret-keep-hint")
                            } else {
                                tr!("remotes-form-secret-new-hint")
                            };
                            ui.add(
                                egui::TextEdit::singleline(&mut form.secret)
                                    .password(true)
                                    .hint_text(hint)
                                    .desired_width(300.0),
                            )
                            .labelled_by(caption.id);
                            ui.end_row();
                        });
                });
            if !secrets::keyring_available() {
                ui.add(
                    egui::Label::new(theme::warn_text(ui, tr!("remotes-form-no-keyring"))).wrap(),
                );
            }
            form.touched |= form.typed() != before.each_ref().map(String::as_str);
            let config = form.to_config();
            // A new form does not scold before anything is typed; an edited one does at once.
            if let Err(problem) = &config
                && (form.touched || form.editing.is_some())
            {
                ui.add(egui::Label::new(theme::error_text(ui, problem.clone())).wrap());
            }
            if let Some(problem) = &form.problem {
                ui.add(egui::Label::new(theme::error_text(ui, problem.clone())).wrap());
            }
            ui.horizontal_wrapped(|ui| {
                test = ui
                    .add_enabled(
                        config.is_ok() && !form.testing,
                        egui::Button::new(tr!("remotes-form-test")),
                    )
                    .on_hover_text(tr!("remotes-form-test-hover"))
                    .clicked();
                let can_save = config.is_ok() && !form.saving;
                save = ui
                    .add_enabled(can_save, egui::Button::new(tr!("remotes-form-save")))
                    .clicked()
                    || (can_save && keys.enter);
                cancel = ui.button(tr!("remotes-cancel")).clicked();
                if form.testing || form.saving {
                    ui.spinner();
                }
            });
            if let Some(result) = &form.test {
                ui.separator();
                test_result_ui(ui, result);
            }
        });
    if let Some(which) = browse {
        let current = std::path::PathBuf::from(form.path_mut(which).trim());
        let title = match which {
            PathField::CaCert => tr!("remotes-form-pick-ca"),
            PathField::Cert => tr!("remotes-form-client-cert"),
            PathField::Key => tr!("remotes-form-client-key"),
        };
        let picker = crate::ui::dialogs::pick_file(ctx, &title, current.parent());
        forms.form_picker = Some((which, picker));
    }
    let Some(form) = &mut forms.form else {
        return;
    };
    let config = form.to_config();
    if test && let Ok(config) = &config {
        form.testing = true;
        form.test = None;
        let op = RemoteOp::Test(Box::new(config.clone()), form.typed_secret());
        cx.remote(op);
    } else if save && let Ok(config) = config {
        form.saving = true;
        form.problem = None;
        let secret =
            (!form.secret.is_empty()).then(|| Secret::new(std::mem::take(&mut form.secret)));
        let op = RemoteOp::SaveCloud {
            cloud: Box::new(config),
            secret,
            replaces: form.editing.clone(),
        };
        cx.remote(op);
    } else if cancel || !open {
        forms.form = None;
    }
}

fn prompt_ui(ctx: &egui::Context, forms: &mut Forms, cx: &mut Ctx) -> Vec<RemoteOp> {
    let Some(prompt) = &mut forms.prompt else {
        return Vec::new();
    };
    let mut connect = false;
    let mut cancel = false;
    let modal = egui::Modal::new(egui::Id::unique("remote-secret-prompt")).show(ctx, |ui| {
        ui.heading(tr!("remotes-prompt-title", cloud = prompt.cloud));
        let word = secret_word(prompt.auth_type);
        ui.add(
            egui::Label::new(if prompt.auth_type.keeps_secret() {
                tr!("remotes-prompt-kept", secret = word, cloud = prompt.cloud)
            } else {
                tr!("remotes-prompt-once", secret = word, cloud = prompt.cloud)
            })
            .wrap(),
        );
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut prompt.typed)
                    .password(true)
                    .desired_width(280.0),
            )
            .accessible_name(tr!("remotes-prompt-secret"));
        if !field.has_focus() && prompt.typed.is_empty() {
            field.request_focus();
        }
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if let Some(problem) = &prompt.problem {
            ui.add(egui::Label::new(theme::error_text(ui, problem.clone())).wrap());
        }
        ui.horizontal(|ui| {
            connect = ui
                .add_enabled(
                    !prompt.typed.is_empty(),
                    egui::Button::new(tr!("remotes-prompt-connect")),
                )
                .clicked()
                || (enter && !prompt.typed.is_empty());
            cancel = ui.button(tr!("remotes-cancel")).clicked();
        });
    });
    // Esc (or a click beside it) declines, as Cancel does.
    cancel |= !connect && modal.should_close();
    if connect {
        let secret = Secret::new(std::mem::take(&mut prompt.typed));
        let cloud = prompt.cloud.clone();
        let retry = std::mem::take(&mut prompt.retry);
        forms.prompt = None;
        cx.remote(RemoteOp::ProvideSecret(cloud, secret));
        for op in retry {
            cx.remote(op);
        }
        Vec::new()
    } else if cancel {
        let retry = std::mem::take(&mut prompt.retry);
        forms.prompt = None;
        retry
    } else {
        Vec::new()
    }
}

/// The push dialog, when open.
fn push_ui(ctx: &egui::Context, forms: &mut Forms, cx: &mut Ctx) {
    let Some(dialog) = &mut forms.push else {
        return;
    };
    if !dialog.conflicts_asked {
        // Look inside once per dialog (off the service loop): metadata that contradicts the
        // content is warned about before Start push.
        dialog.conflicts_asked = true;
        cx.send(Command::GuestConflicts(
            dialog.images.iter().map(|(id, _)| *id).collect(),
        ));
    }
    let keys = dialog_keys(ctx, "push");
    let mut start = false;
    let mut cancel = false;
    let mut open = !keys.escape;
    let ticked: Vec<String> = dialog
        .targets
        .iter()
        .filter(|(_, on)| *on)
        .map(|(name, _)| name.clone())
        .collect();
    let title = match ticked.as_slice() {
        [one] => tr!("remotes-push-title-one", cloud = one),
        _ => tr!("remotes-push-title-many", count = ticked.len()),
    };
    dialog_window(ctx, title, "push")
        .open(&mut open)
        .default_width(420.0)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 120.0))
        .show(ctx, |ui| {
            let n = dialog.images.len();
            ui.add(
                egui::Label::new(match ticked.as_slice() {
                    [one] => tr!("remotes-push-images-to-cloud", count = n, cloud = one),
                    _ => tr!(
                        "remotes-push-images-to-clouds",
                        count = n,
                        clouds = ticked.len()
                    ),
                })
                .wrap(),
            );
            for (_, name) in dialog.images.iter().take(8) {
                ui.label(RichText::new(format!("• {name}")).weak());
            }
            if n > 8 {
                ui.label(RichText::new(tr!("remotes-push-more", count = n - 8)).weak());
            }
            ui.add(egui::Label::new(tr!("remotes-push-targets")).wrap());
            ui.horizontal_wrapped(|ui| {
                for (name, on) in &mut dialog.targets {
                    ui.checkbox(on, crate::display::escape(name));
                }
            });
            ui.horizontal_wrapped(|ui| {
                ui.label(tr!("remotes-push-method"));
                ui.radio_value(
                    &mut dialog.method,
                    PushMethod::Upload,
                    tr!("remotes-push-method-upload"),
                )
                .on_hover_text(tr!("remotes-push-upload-hover"));
                ui.radio_value(
                    &mut dialog.method,
                    PushMethod::GlanceDirect,
                    tr!("remotes-push-method-glance-direct"),
                )
                .on_hover_text(tr!("remotes-push-glance-direct-hover"));
            });
            ui.checkbox(&mut dialog.keep_failed, tr!("remotes-push-keep-failed"));
            // A cloud with several stores: which of them (the import API, glance-direct).
            if let Some(view) = forms
                .stores
                .get(&dialog.cloud)
                .and_then(|s| s.view.as_ref())
                .and_then(|v| v.as_ref().ok())
                .filter(|v| v.stores.len() > 1)
            {
                theme::section_heading_ui(ui, &tr!("remotes-stores-ticks-heading"));
                stores::ticks_ui(ui, &mut dialog.stores, &view.stores, &[], true);
                if dialog.stores.choice() != Default::default() {
                    ui.label(
                        RichText::new(tr!("remotes-push-stores-direct"))
                            .weak()
                            .small(),
                    );
                }
            }
            ui.add(
                egui::Label::new(RichText::new(tr!("remotes-push-inspected")).weak().small())
                    .wrap(),
            );
            for warning in dialog.conflicts.iter().flat_map(|(_, w)| w) {
                ui.add(egui::Label::new(theme::warn_text(ui, format!("⚠ {warning}"))).wrap());
            }
            ui.horizontal(|ui| {
                start = ui
                    .add_enabled(
                        !ticked.is_empty(),
                        egui::Button::new(tr!("remotes-push-start")),
                    )
                    .on_disabled_hover_text(tr!("remotes-push-tick-one"))
                    .clicked()
                    || (keys.enter && !ticked.is_empty());
                cancel = ui.button(tr!("remotes-cancel")).clicked();
            });
        });
    if let (true, Some((cloud, more_clouds))) = (start, ticked.split_first()) {
        let (method, keep_failed) = (dialog.method, dialog.keep_failed);
        let stores = dialog.stores.choice();
        let images = std::mem::take(&mut dialog.images);
        forms.push = None;
        let targets = ticked.join(", ");
        for (image_id, name) in images {
            // One job per image, to every ticked cloud.
            let (job, control) =
                cx.jobs
                    .start(JobKind::Push, format!("{name} → {targets}"), Some(image_id));
            let op = RemoteOp::Push {
                job,
                control,
                cloud: cloud.clone(),
                more_clouds: more_clouds.to_vec(),
                image_id,
                method,
                keep_failed,
                // The same data already on the cloud makes the job ask first.
                on_same_data: SameData::Refuse,
                stores: stores.clone(),
            };
            cx.remote(op);
        }
    } else if cancel || !open {
        forms.push = None;
    }
}

/// The open confirmation, if any.
fn confirm_ui(ctx: &egui::Context, forms: &mut Forms, cx: &mut Ctx) {
    let Some(confirm) = forms.confirm.clone() else {
        return;
    };
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("remote-confirm")).show(ctx, |ui| {
        let (heading, detail, button) = match &confirm {
            Confirm::RemoveCloud(name) => (
                tr!("remotes-confirm-remove-cloud", name = name),
                tr!("remotes-confirm-remove-cloud-detail"),
                tr!("remotes-confirm-remove-cloud-button"),
            ),
            Confirm::DeleteRemote(cloud, _, label) => (
                tr!(
                    "remotes-confirm-delete-remote",
                    label = label,
                    cloud = cloud
                ),
                tr!("remotes-confirm-delete-remote-detail"),
                tr!("remotes-confirm-delete-remote-button"),
            ),
            Confirm::ClearServerCache(cloud, target) => {
                let (heading, button) = match target {
                    ClearTarget::Queue => (
                        tr!("remotes-confirm-clear-queue", cloud = cloud),
                        tr!("remotes-confirm-clear-queue-button"),
                    ),
                    _ => (
                        tr!("remotes-confirm-clear-cache", cloud = cloud),
                        tr!("remotes-confirm-clear-cache-button"),
                    ),
                };
                (heading, tr!("remotes-confirm-clear-detail"), button)
            }
            Confirm::DeleteFromStore(cloud, _, label, store) => (
                tr!(
                    "remotes-confirm-delete-from-store",
                    label = label,
                    store = store,
                    cloud = cloud
                ),
                tr!("remotes-confirm-delete-from-store-detail"),
                tr!("remotes-confirm-delete-from-store-button"),
            ),
        };
        ui.set_max_width(520.0);
        ui.heading(heading);
        ui.add(egui::Label::new(detail).wrap());
        ui.horizontal(|ui| {
            if ui.button(button).clicked() {
                answer = Some(true);
            }
            if ui.button(tr!("remotes-cancel")).clicked() {
                answer = Some(false);
            }
        });
    });
    if answer.is_none() && !modal.should_close() {
        return;
    }
    forms.confirm = None;
    if answer == Some(true) {
        let op = match confirm {
            Confirm::RemoveCloud(name) => RemoteOp::RemoveCloud(name),
            Confirm::DeleteRemote(cloud, id, _) => {
                RemoteOp::Action(cloud, id, RemoteAction::Delete)
            }
            Confirm::ClearServerCache(cloud, target) => {
                RemoteOp::ServerCache(cloud, ServerCacheAction::Clear(target))
            }
            Confirm::DeleteFromStore(cloud, id, _, store) => {
                RemoteOp::DeleteFromStore(cloud, id, store)
            }
        };
        cx.remote(op);
    }
}
