//! The Remotes view's dialogs, drawn from their state in `forms.rs`: the cloud form (add /
//! edit: password, application credential, TOTP or a Keystone token; a Region picker over
//! the definition's `regions:`; CA file, client certificate and key with file pickers; Test
//! connection, Save cloud; the secret goes to the keyring, or without one to this window's
//! memory, never to a file), the masked prompt for a secret that is needed and not
//! known, the push dialog (the images, every cloud with a tick — the one dropped on ticked —,
//! upload or glance-direct, keep the remote image on failure, and on a multi-store cloud the
//! stores to import into), which starts one push job per image to all ticked clouds (the data
//! read once), and the confirmations for removing a cloud
//! and deleting a remote image, and the same-data question (a pull or push found its data
//! already on the other side: link to that image, copy anyway, or cancel). Esc closes each
//! (the modal ones through egui's modal), Enter saves the cloud form and starts the push.

use eframe::egui::{self, RichText};

use crate::app::protocol::remote::{RemoteAction, RemoteOp};
use crate::app::remote::server_cache::ServerCacheAction;
use crate::backend::remote::config::AuthType;
use crate::backend::remote::push::PushMethod;
use crate::backend::remote::same_data::SameData;
use crate::backend::remote::secrets::{self, Secret};
use crate::backend::remote::server_cache::ClearTarget;
use crate::ui::bridge::Command;
use crate::ui::context::Ctx;
use crate::ui::dialogs::{DialogPoll, dialog_keys, dialog_window};
use crate::ui::jobs::JobKind;
use crate::ui::remotes::clouds::test_result_ui;
use crate::ui::remotes::forms::{Confirm, Forms, PathField};
use crate::ui::remotes::stores;
use crate::ui::theme;

fn secret_word(auth_type: AuthType) -> &'static str {
    match auth_type {
        AuthType::Password => "Password",
        AuthType::ApplicationCredential => "Application credential secret",
        AuthType::Token => "Token",
        AuthType::Totp => "TOTP passcode",
    }
}

/// Every open dialog of the Remotes view; returns the ops that waited for a secret the user
/// declined to give (the caller gives them up).
pub fn windows_ui(ctx: &egui::Context, forms: &mut Forms, cx: &mut Ctx) -> Vec<RemoteOp> {
    form_ui(ctx, forms, cx);
    let abandoned = prompt_ui(ctx, forms, cx);
    push_ui(ctx, forms, cx);
    crate::ui::remotes::stores::windows_ui(ctx, forms, cx);
    confirm_ui(ctx, forms, cx);
    let mut abandoned = abandoned;
    abandoned.extend(same_data_ui(ctx, forms, cx));
    abandoned
}

/// The first pull or push waiting for the same-data answer: link, copy anyway, or cancel
/// (returned, for the caller to give up).
fn same_data_ui(ctx: &egui::Context, forms: &mut Forms, cx: &mut Ctx) -> Option<RemoteOp> {
    let question = forms.same_data.first()?;
    let pull = matches!(*question.retry, RemoteOp::Pull { .. });
    let (title, link, copy) = if pull {
        (
            "Same data already in the local catalog",
            "Link to the existing image",
            "Pull a second copy",
        )
    } else {
        (
            "Same data already on the cloud",
            "Link to the existing remote image",
            "Push a second copy",
        )
    };
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("remote-same-data")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading(title);
        ui.add(egui::Label::new(question.message.clone()).wrap());
        let (found_id, found_label) = &question.found;
        let explained = if pull {
            format!(
                "Link records the remote image as the origin of local image \"{found_label}\" \
                 ({found_id}); nothing is downloaded and sync pairs the two."
            )
        } else {
            format!(
                "Link records remote image \"{found_label}\" ({found_id}) as this image's origin \
                 on cloud \"{}\"; nothing is uploaded and sync pairs the two.",
                question.cloud
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
            if ui.button("Cancel").clicked() {
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
            ui.add_enabled(idle, egui::Button::new("Browse…"))
                .on_hover_text("Open the desktop's file picker (needs xdg-desktop-portal)")
                .on_hover_text(format!("Browse for the {}", label.to_lowercase()))
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
            None => cx.jobs.status(
                "No file was picked (the desktop file dialog needs xdg-desktop-portal): \
                 type a path instead",
            ),
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
        "Edit cloud"
    } else {
        "Add cloud"
    };
    dialog_window(ctx, title, "cloud-form")
        .open(&mut open)
        .default_width(460.0)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 70.0))
        .show(ctx, |ui| {
            let before = form.typed().map(str::to_owned);
            egui::Grid::new("cloud-form")
                .num_columns(2)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    field(ui, "Cloud name", &mut form.name, "mycloud");
                    field(
                        ui,
                        "Auth URL",
                        &mut form.auth_url,
                        "https://keystone.example.com:5000/v3",
                    );
                    let caption = ui.label("Auth type");
                    ui.horizontal(|ui| {
                        ui.radio_value(
                            &mut form.auth_type,
                            AuthType::Password,
                            "User and password",
                        );
                        ui.radio_value(
                            &mut form.auth_type,
                            AuthType::ApplicationCredential,
                            "Application credential",
                        );
                        ui.radio_value(&mut form.auth_type, AuthType::Totp, "User and TOTP");
                        ui.radio_value(&mut form.auth_type, AuthType::Token, "Keystone token");
                    })
                    .response
                    .labelled_by(caption.id);
                    ui.end_row();
                    match form.auth_type {
                        AuthType::ApplicationCredential => field(
                            ui,
                            "Application credential id",
                            &mut form.app_credential_id,
                            "id",
                        ),
                        auth_type => {
                            // A token already names its user: only the project is asked.
                            if auth_type != AuthType::Token {
                                field(ui, "User name", &mut form.username, "admin");
                            }
                            field(ui, "Project name", &mut form.project_name, "admin");
                            field(
                                ui,
                                "Project id",
                                &mut form.project_id,
                                "(instead of the name)",
                            );
                            if auth_type != AuthType::Token {
                                field(ui, "User domain", &mut form.user_domain, "Default");
                            }
                            field(ui, "Project domain", &mut form.project_domain, "Default");
                        }
                    }
                    field(
                        ui,
                        "Regions",
                        &mut form.regions,
                        "RegionOne, RegionTwo (optional: clouds.yaml's regions)",
                    );
                    let regions = form.region_list();
                    if regions.is_empty() {
                        field(ui, "Region", &mut form.region, "RegionOne");
                    } else {
                        // One of the listed regions; none picked: the first, as the CLI.
                        let caption = ui.label("Region");
                        let shown = if form.region.trim().is_empty() {
                            format!("{} (the first)", regions[0])
                        } else {
                            form.region.clone()
                        };
                        egui::ComboBox::from_id_salt("cloud-form-region")
                            .selected_text(shown)
                            .show_ui(ui, |ui| {
                                for region in &regions {
                                    ui.selectable_value(&mut form.region, region.clone(), region);
                                }
                            })
                            .response
                            .labelled_by(caption.id);
                        ui.end_row();
                    }
                    let caption = ui.label("Interface");
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
                            "CA file",
                            "/etc/ssl/certs/my-ca.pem (optional)",
                        ),
                        (
                            PathField::Cert,
                            "Client certificate",
                            "client.pem (optional)",
                        ),
                        (
                            PathField::Key,
                            "Client key",
                            "client.key (when not in the certificate)",
                        ),
                    ];
                    for (which, label, hint) in paths {
                        if path_field(ui, label, form.path_mut(which), hint, picker_idle) {
                            browse = Some(which);
                        }
                    }
                    ui.label("TLS");
                    ui.checkbox(&mut form.verify, "Verify certificates");
                    ui.end_row();
                    let word = secret_word(form.auth_type);
                    let caption = ui.label(word);
                    if !form.auth_type.keeps_secret() {
                        // Nothing to type here: a passcode works once.
                        form.secret.clear();
                        ui.label("asked for each time the cloud is connected, never kept")
                            .labelled_by(caption.id);
                        ui.end_row();
                        return;
                    }
                    let hint = if form.editing.is_some() {
                        "leave empty to keep the stored one"
                    } else {
                        "kept in the keyring, never in a file"
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
            if !secrets::keyring_available() {
                ui.label(theme::warn_text(
                    ui,
                    "No keyring service runs here: the secret is kept in memory until the \
                 window closes, and asked for again next time.",
                ));
            }
            form.touched |= form.typed() != before.each_ref().map(String::as_str);
            let config = form.to_config();
            // A new form does not scold before anything is typed; an edited one does at once.
            if let Err(problem) = &config
                && (form.touched || form.editing.is_some())
            {
                ui.label(theme::error_text(ui, problem.clone()));
            }
            if let Some(problem) = &form.problem {
                ui.add(egui::Label::new(theme::error_text(ui, problem.clone())).wrap());
            }
            ui.horizontal(|ui| {
                test = ui
                    .add_enabled(
                        config.is_ok() && !form.testing,
                        egui::Button::new("Test connection"),
                    )
                    .on_hover_text("Authenticate with these settings (nothing is saved)")
                    .clicked();
                let can_save = config.is_ok() && !form.saving;
                save = ui
                    .add_enabled(can_save, egui::Button::new("Save cloud"))
                    .clicked()
                    || (can_save && keys.enter);
                cancel = ui.button("Cancel").clicked();
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
            PathField::CaCert => "CA bundle",
            PathField::Cert => "Client certificate",
            PathField::Key => "Client key",
        };
        let picker = crate::ui::dialogs::pick_file(ctx, title, current.parent());
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
        ui.heading(format!("Secret for cloud \"{}\"", prompt.cloud));
        let kept = if prompt.auth_type.keeps_secret() {
            "kept in memory for this session only"
        } else {
            "used once to connect, never kept"
        };
        ui.label(format!(
            "{} for cloud \"{}\" ({kept}):",
            secret_word(prompt.auth_type),
            prompt.cloud
        ));
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut prompt.typed)
                    .password(true)
                    .desired_width(280.0),
            )
            .accessible_name("Secret");
        if !field.has_focus() && prompt.typed.is_empty() {
            field.request_focus();
        }
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if let Some(problem) = &prompt.problem {
            ui.add(egui::Label::new(theme::error_text(ui, problem.clone())).wrap());
        }
        ui.horizontal(|ui| {
            connect = ui
                .add_enabled(!prompt.typed.is_empty(), egui::Button::new("Connect"))
                .clicked()
                || (enter && !prompt.typed.is_empty());
            cancel = ui.button("Cancel").clicked();
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
        [one] => format!("Push to cloud {one}"),
        _ => format!("Push to {} clouds", ticked.len()),
    };
    dialog_window(ctx, title, "push")
        .open(&mut open)
        .default_width(420.0)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 120.0))
        .show(ctx, |ui| {
            let n = dialog.images.len();
            let plural = if n == 1 { "" } else { "s" };
            ui.label(match ticked.as_slice() {
                [one] => format!("Push {n} local image{plural} to cloud \"{one}\":"),
                _ => format!("Push {n} local image{plural} to {} clouds:", ticked.len()),
            });
            for (_, name) in dialog.images.iter().take(8) {
                ui.label(RichText::new(format!("• {name}")).weak());
            }
            if n > 8 {
                ui.label(RichText::new(format!("… and {} more", n - 8)).weak());
            }
            ui.label("To the clouds ticked (the data is read once and sent to all at once):");
            ui.horizontal_wrapped(|ui| {
                for (name, on) in &mut dialog.targets {
                    ui.checkbox(on, crate::display::escape(name));
                }
            });
            ui.horizontal(|ui| {
                ui.label("Method");
                ui.radio_value(&mut dialog.method, PushMethod::Upload, "upload")
                    .on_hover_text(
                        "PUT the data (falls back to glance-direct when the cloud refuses \
                     direct upload)",
                    );
                ui.radio_value(
                    &mut dialog.method,
                    PushMethod::GlanceDirect,
                    "glance-direct",
                )
                .on_hover_text("Stage the data, then import it (Glance's interoperable import)");
            });
            ui.checkbox(
                &mut dialog.keep_failed,
                "Keep the remote image if the push fails",
            );
            // A cloud with several stores: which of them (the import API, glance-direct).
            if let Some(view) = forms
                .stores
                .get(&dialog.cloud)
                .and_then(|s| s.view.as_ref())
                .and_then(|v| v.as_ref().ok())
                .filter(|v| v.stores.len() > 1)
            {
                theme::section_heading_ui(ui, "Stores (none ticked: the default store)");
                stores::ticks_ui(ui, &mut dialog.stores, &view.stores, &[], true);
                if dialog.stores.choice() != Default::default() {
                    ui.label(
                        RichText::new("Chosen stores go through glance-direct (the import API).")
                            .weak()
                            .small(),
                    );
                }
            }
            ui.label(
                RichText::new(
                    "The data is inspected first; the remote os_hash_value is checked \
                 against the local one.",
                )
                .weak()
                .small(),
            );
            for warning in dialog.conflicts.iter().flat_map(|(_, w)| w) {
                ui.add(egui::Label::new(theme::warn_text(ui, format!("⚠ {warning}"))).wrap());
            }
            ui.horizontal(|ui| {
                start = ui
                    .add_enabled(!ticked.is_empty(), egui::Button::new("Start push"))
                    .on_disabled_hover_text("Tick at least one cloud")
                    .clicked()
                    || (keys.enter && !ticked.is_empty());
                cancel = ui.button("Cancel").clicked();
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
                format!("Remove cloud \"{name}\"?"),
                "It is removed from the workbench's clouds file, and its secret from the keyring."
                    .to_string(),
                "Remove cloud",
            ),
            Confirm::DeleteRemote(cloud, _, label) => (
                format!("Delete \"{label}\" on cloud {cloud}?"),
                "Glance deletes the image and its data on the cloud; this cannot be undone."
                    .to_string(),
                "Delete on the cloud",
            ),
            Confirm::ClearServerCache(cloud, target) => {
                let (what, button) = match target {
                    ClearTarget::Queue => ("the server cache's prefetch queue", "Clear queue"),
                    _ => ("the server cache", "Clear cache"),
                };
                (
                    format!("Clear {what} of cloud {cloud}?"),
                    "The images stay on the cloud; its API node serves them from the store \
                     again until they are cached anew."
                        .to_string(),
                    button,
                )
            }
            Confirm::DeleteFromStore(cloud, _, label, store) => (
                format!("Delete \"{label}\" from store {store} on cloud {cloud}?"),
                "Glance deletes the image's data in this store only; the image and its data \
                 in its other stores stay."
                    .to_string(),
                "Delete from this store",
            ),
        };
        ui.heading(heading);
        ui.label(detail);
        ui.horizontal(|ui| {
            if ui.button(button).clicked() {
                answer = Some(true);
            }
            if ui.button("Cancel").clicked() {
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
