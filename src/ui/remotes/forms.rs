//! The Remotes view's dialogs: the cloud form (add / edit: auth URL, password or application
//! credential, project, domains, region, interface, CA file, TLS verification; the secret in a
//! masked field goes to the keyring, or without one to this window's memory, never to a file),
//! the masked prompt for a secret that is needed and not known, the push dialog (method
//! upload / glance-direct), and confirmations for removing a cloud and deleting a remote image.

use std::path::PathBuf;

use eframe::egui;

use crate::app::remote::ops::{CloudEntry, RemoteOp, TestInfo};
use crate::backend::ImageId;
use crate::backend::remote::config::{AuthType, CloudConfig, CloudSource};
use crate::backend::remote::push::PushMethod;
use crate::backend::remote::secrets::{self, Secret};
use crate::ui::remotes::abandon;
use crate::ui::remotes::clouds::test_result_ui;
use crate::ui::remotes::dialogs::{self, Confirm, PushDialog};
use crate::ui::theme;
use crate::ui::view::ViewState;

/// The cloud form's fields.
#[derive(Debug, Clone)]
pub struct CloudForm {
    /// The name the cloud had when the edit began (`None`: a new cloud).
    pub editing: Option<String>,
    /// Cloud name.
    pub name: String,
    /// Keystone URL.
    pub auth_url: String,
    /// Password or application credential.
    pub auth_type: AuthType,
    /// User name.
    pub username: String,
    /// Application credential id.
    pub app_credential_id: String,
    /// Project name.
    pub project_name: String,
    /// Project id.
    pub project_id: String,
    /// The user's domain.
    pub user_domain: String,
    /// The project's domain.
    pub project_domain: String,
    /// Region.
    pub region: String,
    /// public, internal or admin.
    pub interface: String,
    /// CA bundle path.
    pub cacert: String,
    /// Verify TLS certificates.
    pub verify: bool,
    /// The secret being typed (masked; dropped when the form closes).
    pub secret: String,
    /// Why the last save failed.
    pub problem: Option<String>,
    /// The last test's outcome.
    pub test: Option<Result<TestInfo, String>>,
    /// A test is on its way.
    pub testing: bool,
    /// A save is on its way.
    pub saving: bool,
}

impl CloudForm {
    fn new(entry: Option<&CloudEntry>) -> Self {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let c = entry.map(|e| e.config.clone());
        CloudForm {
            editing: c.as_ref().map(|c| c.name.clone()),
            name: c.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
            auth_url: c.as_ref().map(|c| c.auth_url.clone()).unwrap_or_default(),
            auth_type: c.as_ref().map_or(AuthType::Password, |c| c.auth_type),
            username: c.as_ref().map(|c| text(&c.username)).unwrap_or_default(),
            app_credential_id: c
                .as_ref()
                .map(|c| text(&c.application_credential_id))
                .unwrap_or_default(),
            project_name: c
                .as_ref()
                .map(|c| text(&c.project_name))
                .unwrap_or_default(),
            project_id: c.as_ref().map(|c| text(&c.project_id)).unwrap_or_default(),
            user_domain: c
                .as_ref()
                .map_or("Default".into(), |c| text(&c.user_domain_name)),
            project_domain: c
                .as_ref()
                .map_or("Default".into(), |c| text(&c.project_domain_name)),
            region: c.as_ref().map(|c| text(&c.region_name)).unwrap_or_default(),
            interface: c.as_ref().map_or("public".into(), |c| c.interface.clone()),
            cacert: c
                .as_ref()
                .and_then(|c| c.cacert.as_ref())
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            verify: c.as_ref().is_none_or(|c| c.verify),
            secret: String::new(),
            problem: None,
            test: None,
            testing: false,
            saving: false,
        }
    }

    /// The definition the form describes, or what is missing.
    pub fn to_config(&self) -> Result<CloudConfig, String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err("the cloud needs a name".into());
        }
        let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let mut cloud = CloudConfig::new_password(name, self.auth_url.trim(), "", "");
        cloud.auth_type = self.auth_type;
        cloud.username = some(&self.username);
        cloud.project_name = some(&self.project_name);
        cloud.project_id = some(&self.project_id);
        cloud.user_domain_name = some(&self.user_domain);
        cloud.project_domain_name = some(&self.project_domain);
        cloud.application_credential_id = some(&self.app_credential_id);
        if self.auth_type == AuthType::ApplicationCredential {
            cloud.project_name = None;
            cloud.project_id = None;
            cloud.project_domain_name = None;
        } else {
            cloud.application_credential_id = None;
        }
        cloud.region_name = some(&self.region);
        cloud.interface = self.interface.trim().to_string();
        cloud.cacert = some(&self.cacert).map(PathBuf::from);
        cloud.verify = self.verify;
        cloud.source = CloudSource::Workbench(PathBuf::new());
        cloud.check().map_err(|e| e.to_string())?;
        Ok(cloud)
    }

    fn typed_secret(&self) -> Option<Secret> {
        (!self.secret.is_empty()).then(|| Secret::new(self.secret.clone()))
    }
}

impl Drop for CloudForm {
    fn drop(&mut self) {
        // A Secret overwrites its bytes when dropped: hand it the typed text's buffer.
        drop(Secret::new(std::mem::take(&mut self.secret)));
    }
}

/// A prompt for a secret that is needed now.
#[derive(Debug)]
pub struct SecretPrompt {
    /// The cloud.
    pub cloud: String,
    /// Password or application credential.
    pub auth_type: AuthType,
    /// The secret being typed (masked).
    pub typed: String,
    /// Why the last one was refused.
    pub problem: Option<String>,
    /// What runs once it is given.
    pub retry: Vec<RemoteOp>,
}

impl Drop for SecretPrompt {
    fn drop(&mut self) {
        drop(Secret::new(std::mem::take(&mut self.typed)));
    }
}

/// The open dialogs.
#[derive(Debug, Default)]
pub struct Forms {
    /// The cloud form.
    pub form: Option<CloudForm>,
    /// The secret prompt.
    pub prompt: Option<SecretPrompt>,
    /// The push dialog.
    pub push: Option<PushDialog>,
    /// A confirmation.
    pub confirm: Option<Confirm>,
}

impl Forms {
    /// Open the form for a new cloud or to edit `entry`.
    pub fn open_form(&mut self, entry: Option<&CloudEntry>) {
        self.form = Some(CloudForm::new(entry));
    }

    /// Ask for the secret of `cloud`, then run `retry`.
    pub fn ask_secret(
        &mut self,
        cloud: String,
        auth_type: AuthType,
        retry: RemoteOp,
        problem: Option<String>,
    ) {
        match &mut self.prompt {
            Some(prompt) if prompt.cloud == cloud => {
                prompt.retry.push(retry);
                if problem.is_some() {
                    prompt.problem = problem;
                }
            }
            _ => {
                self.prompt = Some(SecretPrompt {
                    cloud,
                    auth_type,
                    typed: String::new(),
                    problem,
                    retry: vec![retry],
                });
            }
        }
    }

    /// Ask to push `images` to `cloud`.
    pub fn ask_push(&mut self, cloud: &str, images: Vec<(ImageId, String)>) {
        if !images.is_empty() {
            self.push = Some(PushDialog {
                cloud: cloud.to_string(),
                images,
                method: PushMethod::Upload,
                keep_failed: false,
            });
        }
    }
}

fn secret_word(auth_type: AuthType) -> &'static str {
    match auth_type {
        AuthType::Password => "Password",
        AuthType::ApplicationCredential => "Application credential secret",
    }
}

/// Every dialog of the Remotes view.
pub fn windows_ui(ctx: &egui::Context, view: &mut ViewState) {
    form_ui(ctx, view);
    prompt_ui(ctx, view);
    dialogs::push_ui(ctx, view);
    dialogs::confirm_ui(ctx, view);
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

fn form_ui(ctx: &egui::Context, view: &mut ViewState) {
    let remotes = &mut view.remotes;
    let Some(form) = &mut remotes.forms.form else {
        return;
    };
    let mut open = true;
    let mut save = false;
    let mut test = false;
    let mut cancel = false;
    let title = if form.editing.is_some() {
        "Edit cloud"
    } else {
        "Add cloud"
    };
    egui::Window::new(title)
        .open(&mut open)
        .collapsible(false)
        .default_width(460.0)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 70.0))
        .show(ctx, |ui| {
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
                    })
                    .response
                    .labelled_by(caption.id);
                    ui.end_row();
                    if form.auth_type == AuthType::Password {
                        field(ui, "User name", &mut form.username, "admin");
                        field(ui, "Project name", &mut form.project_name, "admin");
                        field(
                            ui,
                            "Project id",
                            &mut form.project_id,
                            "(instead of the name)",
                        );
                        field(ui, "User domain", &mut form.user_domain, "Default");
                        field(ui, "Project domain", &mut form.project_domain, "Default");
                    } else {
                        field(
                            ui,
                            "Application credential id",
                            &mut form.app_credential_id,
                            "id",
                        );
                    }
                    field(ui, "Region", &mut form.region, "RegionOne");
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
                    field(
                        ui,
                        "CA file",
                        &mut form.cacert,
                        "/etc/ssl/certs/my-ca.pem (optional)",
                    );
                    ui.label("TLS");
                    ui.checkbox(&mut form.verify, "Verify certificates");
                    ui.end_row();
                    let word = secret_word(form.auth_type);
                    let caption = ui.label(word);
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
            let config = form.to_config();
            if let Err(problem) = &config {
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
                save = ui
                    .add_enabled(
                        config.is_ok() && !form.saving,
                        egui::Button::new("Save cloud"),
                    )
                    .clicked();
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
    let config = form.to_config();
    if test && let Ok(config) = &config {
        form.testing = true;
        form.test = None;
        let op = RemoteOp::Test(Box::new(config.clone()), form.typed_secret());
        remotes.send(&mut view.outbox, op);
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
        remotes.send(&mut view.outbox, op);
    } else if cancel || !open {
        remotes.forms.form = None;
    }
}

fn prompt_ui(ctx: &egui::Context, view: &mut ViewState) {
    let Some(prompt) = &mut view.remotes.forms.prompt else {
        return;
    };
    let mut connect = false;
    let mut cancel = false;
    egui::Modal::new(egui::Id::unique("remote-secret-prompt")).show(ctx, |ui| {
        ui.heading(format!("Secret for cloud \"{}\"", prompt.cloud));
        ui.label(format!(
            "{} for cloud \"{}\" (kept in memory for this session only):",
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
    if connect {
        let secret = Secret::new(std::mem::take(&mut prompt.typed));
        let cloud = prompt.cloud.clone();
        let retry = std::mem::take(&mut prompt.retry);
        view.remotes.forms.prompt = None;
        view.remotes
            .send(&mut view.outbox, RemoteOp::ProvideSecret(cloud, secret));
        for op in retry {
            view.remotes.send(&mut view.outbox, op);
        }
    } else if cancel {
        let retry = std::mem::take(&mut prompt.retry);
        view.remotes.forms.prompt = None;
        abandon(view, retry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CloudForm {
        let mut form = CloudForm::new(None);
        form.name = "lab".into();
        form.auth_url = "http://keystone:5000/v3".into();
        form.username = "admin".into();
        form.project_name = "admin".into();
        form.secret = "hunter2".into();
        form
    }

    #[test]
    fn the_form_describes_a_cloud_without_its_secret() {
        let cloud = form().to_config().unwrap();
        assert_eq!(cloud.auth_type, AuthType::Password);
        assert_eq!(cloud.user_domain_name.as_deref(), Some("Default"));
        assert_eq!(cloud.interface, "public");
        assert!(cloud.verify && cloud.secret.is_none());
        let yaml = serde_yaml_ng::to_string(&cloud.to_yaml()).unwrap();
        assert!(!yaml.contains("hunter2"));

        let mut app = form();
        app.auth_type = AuthType::ApplicationCredential;
        app.app_credential_id = "abc".into();
        let cloud = app.to_config().unwrap();
        assert_eq!(cloud.application_credential_id.as_deref(), Some("abc"));
        assert!(cloud.project_name.is_none());
    }

    #[test]
    fn incomplete_forms_say_what_is_missing() {
        let mut nameless = form();
        nameless.name = " ".into();
        assert_eq!(nameless.to_config().unwrap_err(), "the cloud needs a name");
        let mut userless = form();
        userless.username.clear();
        let problem = userless.to_config().unwrap_err();
        assert!(problem.contains("auth.username"), "{problem}");
        let mut app = form();
        app.auth_type = AuthType::ApplicationCredential;
        assert!(
            app.to_config()
                .unwrap_err()
                .contains("application_credential_id")
        );
        let mut interface = form();
        interface.interface = "private".into();
        assert!(interface.to_config().unwrap_err().contains("interface"));
    }
}
