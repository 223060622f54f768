//! The clouds list of the Remotes view: every cloud with where it is defined, selection, the
//! drop target for local images (dropping them on a cloud asks to push them there) and for
//! another cloud's remote images (asks to copy them there), Add / Edit / Remove / Test, who
//! and where the selected cloud is (never its secret), and the last test's outcome (token
//! expiry and image endpoint, or the error).

use std::collections::BTreeMap;

use eframe::egui::{self, RichText};

use crate::app::protocol::remote::{CloudEntry, RemoteOp, TestInfo};
use crate::backend::remote::config::{AuthType, CloudConfig, CloudSource};
use crate::format;
use crate::tr;
use crate::ui::remotes::browser::Reach;
use crate::ui::remotes::drag::{local_drop_target, remote_drop_target};
use crate::ui::remotes::forms::{Confirm, RemoteCtx};
use crate::ui::theme;

/// Where a cloud is defined, as the list says it (`clouds.yaml` is a file's name).
fn source_label(entry: &CloudEntry) -> String {
    match entry.config.source {
        CloudSource::Workbench(_) => tr!("remotes-clouds-source-workbench"),
        CloudSource::CloudsYaml(_) => "clouds.yaml".to_string(),
        CloudSource::Environment => tr!("remotes-clouds-source-environment"),
    }
}

/// The secret's word in a sentence ("password"), by auth type.
pub fn secret_noun(auth_type: AuthType) -> String {
    match auth_type {
        AuthType::Password => tr!("remotes-secret-noun-password"),
        AuthType::ApplicationCredential => tr!("remotes-secret-noun-app-credential"),
        AuthType::Token => tr!("remotes-secret-noun-token"),
        AuthType::Totp => tr!("remotes-secret-noun-totp"),
    }
}

/// Who the cloud authenticates as, for lists ([`CloudConfig::user_label`], translated).
fn user_label(c: &CloudConfig) -> String {
    if let Some(user) = c.username.as_ref().or(c.user_id.as_ref()) {
        return user.clone();
    }
    match c.auth_type {
        AuthType::ApplicationCredential => tr!("remotes-clouds-credential-user"),
        AuthType::Token => tr!("remotes-clouds-token-user"),
        AuthType::Password | AuthType::Totp => String::new(),
    }
}

/// The project the cloud works in ([`CloudConfig::project_label`], translated).
fn project_label(c: &CloudConfig) -> String {
    if let Some(project) = c.project_name.as_ref().or(c.project_id.as_ref()) {
        return project.clone();
    }
    match c.auth_type {
        AuthType::ApplicationCredential => tr!("remotes-clouds-credential-project"),
        _ => String::new(),
    }
}

/// Make `name` the selected cloud; true when it was not.
fn select(cloud: &mut Option<String>, name: &str) -> bool {
    let switched = cloud.as_deref() != Some(name);
    if switched {
        *cloud = Some(name.to_string());
    }
    switched
}

/// The clouds list with its buttons and the selected cloud's last test. `cloud` is the
/// selected cloud; returns true when another one was selected (its listings are to be
/// forgotten).
pub fn clouds_ui(
    ui: &mut egui::Ui,
    clouds: &[CloudEntry],
    error: Option<&str>,
    cloud: &mut Option<String>,
    tests: &mut BTreeMap<String, Result<TestInfo, String>>,
    reach: &BTreeMap<String, Reach>,
    rcx: &mut RemoteCtx,
) -> bool {
    ui.label(RichText::new(tr!("remotes-clouds-title")).strong());
    if let Some(problem) = error {
        ui.add(egui::Label::new(theme::error_text(ui, problem.to_owned())).wrap());
    }
    if clouds.is_empty() {
        ui.label(RichText::new(tr!("remotes-clouds-empty")).weak());
    }
    let mut chosen = None;
    let mut dropped = None;
    let mut copy_to = None;
    for entry in clouds {
        let name = entry.config.name.clone();
        let selected = cloud.as_deref() == Some(name.as_str());
        let frame = egui::Frame::new().inner_margin(egui::Margin::symmetric(4, 2));
        let inner = frame.show(ui, |ui| {
            ui.set_width(ui.available_width());
            let response =
                ui.selectable_label(selected, RichText::new(theme::shown(&name)).strong());
            ui.label(RichText::new(source_label(entry)).weak().small())
                .on_hover_text(entry.config.source.to_string());
            match reach.get(&name) {
                Some(Reach::Answered(at)) => {
                    ui.label(
                        RichText::new(tr!("remotes-clouds-answered", at = at.to_string()))
                            .small()
                            .color(theme::status_color(
                                crate::backend::ImageStatus::Active,
                                ui.visuals().dark_mode,
                            )),
                    );
                }
                Some(Reach::Unreachable { since, cause }) => {
                    ui.label(
                        RichText::new(tr!("remotes-clouds-unreachable", since = since.to_string()))
                            .small()
                            .color(ui.visuals().error_fg_color),
                    )
                    .on_hover_text(theme::shown(cause));
                }
                None => {}
            }
            response
        });
        if inner.inner.clicked() {
            chosen = Some(name.clone());
        }
        let area = ui.interact(
            inner.response.rect,
            egui::Id::unique(("cloud-drop", &name)),
            egui::Sense::hover(),
        );
        if let Some(drag) = remote_drop_target(ui, &area, inner.response.rect, &name) {
            copy_to = Some((name.clone(), drag));
        }
        if let Some(drag) = local_drop_target(ui, &area, inner.response.rect) {
            dropped = Some((name, drag));
        }
    }
    // Remote images dropped on another cloud: asked to copy them there.
    if let Some((to, drag)) = copy_to {
        rcx.forms.ask_copy(&drag.0, drag.1, Some(&to));
    }
    let mut switched = false;
    if let Some(name) = chosen {
        switched |= select(cloud, &name);
    }
    if let Some((name, drag)) = dropped {
        switched |= select(cloud, &name);
        rcx.forms.ask_push(&name, drag.0);
    }
    ui.separator();
    let selected = clouds
        .iter()
        .find(|c| cloud.as_deref() == Some(c.config.name.as_str()))
        .cloned();
    ui.horizontal_wrapped(|ui| {
        if ui.button(tr!("remotes-clouds-add")).clicked() {
            rcx.forms.open_form(None);
        }
        let editable = selected.as_ref().is_some_and(CloudEntry::is_workbench);
        let why = match &selected {
            None => tr!("remotes-clouds-select-first"),
            Some(c) => tr!(
                "remotes-clouds-defined-in",
                source = c.config.source.to_string()
            ),
        };
        if ui
            .add_enabled(editable, egui::Button::new(tr!("remotes-clouds-edit")))
            .on_disabled_hover_text(&why)
            .clicked()
            && let Some(entry) = &selected
        {
            rcx.forms.open_form(Some(entry));
        }
        if ui
            .add_enabled(editable, egui::Button::new(tr!("remotes-clouds-remove")))
            .on_disabled_hover_text(&why)
            .clicked()
            && let Some(entry) = &selected
        {
            rcx.forms.confirm = Some(Confirm::RemoveCloud(entry.config.name.clone()));
        }
        if ui
            .add_enabled(
                selected.is_some(),
                egui::Button::new(tr!("remotes-clouds-test")),
            )
            .on_hover_text(tr!("remotes-clouds-test-hover"))
            .clicked()
            && let Some(entry) = &selected
        {
            tests.remove(&entry.config.name);
            let op = RemoteOp::Test(Box::new(entry.config.clone()), None);
            rcx.send(op);
        }
    });
    if let Some(entry) = &selected {
        ui.add_space(4.0);
        cloud_summary_ui(ui, entry);
        if let Some(result) = tests.get(&entry.config.name) {
            test_result_ui(ui, result);
        }
    }
    switched
}

/// Who and where a cloud is (never its secret).
fn cloud_summary_ui(ui: &mut egui::Ui, entry: &CloudEntry) {
    let c = &entry.config;
    let mut lines = vec![
        c.auth_url.clone(),
        format!("{} · {}", c.auth_type.as_str(), user_label(c)),
    ];
    let project = project_label(c);
    if !project.is_empty() {
        lines.push(tr!("remotes-clouds-project", project = project));
    }
    if let Some(region) = &c.region_name {
        lines.push(if c.regions.len() > 1 {
            tr!(
                "remotes-clouds-region-of",
                region = region,
                interface = c.interface,
                regions = c.regions.join(", ")
            )
        } else {
            tr!(
                "remotes-clouds-region",
                region = region,
                interface = c.interface
            )
        });
    }
    if let Some(profile) = &c.profile {
        lines.push(tr!("remotes-clouds-profile", profile = profile));
    }
    if let Some(cert) = &c.cert {
        lines.push(tr!("remotes-clouds-client-cert", path = cert));
    }
    lines.push(if !c.auth_type.keeps_secret() && !entry.secret_in_config {
        tr!("remotes-clouds-totp-never-kept")
    } else if entry.secret_in_config {
        tr!(
            "remotes-clouds-secret-in-file",
            secret = secret_noun(c.auth_type)
        )
    } else {
        tr!(
            "remotes-clouds-secret-in-keyring",
            secret = secret_noun(c.auth_type)
        )
    });
    for line in lines {
        ui.add(egui::Label::new(RichText::new(line).weak().small()).truncate());
    }
}

/// A test's outcome: the endpoint and token expiry, or the error.
pub fn test_result_ui(ui: &mut egui::Ui, result: &Result<TestInfo, String>) {
    match result {
        Ok(info) => {
            let ok =
                theme::status_color(crate::backend::ImageStatus::Active, ui.visuals().dark_mode);
            ui.label(
                RichText::new(tr!("remotes-test-connected"))
                    .color(ok)
                    .strong(),
            );
            if let Some(expires) = &info.expires_at {
                ui.label(tr!(
                    "remotes-test-token-valid-until",
                    time = format::local_time(expires)
                ));
            }
            ui.add(
                egui::Label::new(tr!(
                    "remotes-test-image-api",
                    version = info.version.as_deref().unwrap_or("v2"),
                    endpoint = info.endpoint
                ))
                .wrap(),
            );
            if let Some(user) = &info.user {
                ui.label(
                    RichText::new(tr!("remotes-test-as-user", user = theme::shown(user)))
                        .weak()
                        .small(),
                );
            }
            if let Some(project) = &info.project_id {
                let named = info
                    .project_name
                    .as_ref()
                    .map(|name| {
                        tr!(
                            "remotes-test-project",
                            name = theme::shown(name),
                            id = project
                        )
                    })
                    .unwrap_or_else(|| tr!("remotes-test-project-id", id = project));
                ui.label(RichText::new(named).weak().small());
            }
            if !info.import_methods.is_empty() {
                ui.label(
                    RichText::new(tr!(
                        "remotes-test-import-methods",
                        methods = info.import_methods.join(", ")
                    ))
                    .weak()
                    .small(),
                );
            }
            let stores: Vec<&str> = info
                .stores
                .iter()
                .filter_map(|store| store.get("id").and_then(|id| id.as_str()))
                .collect();
            if !stores.is_empty() {
                ui.label(
                    RichText::new(tr!(
                        "remotes-test-stores",
                        stores = theme::shown(&stores.join(", "))
                    ))
                    .weak()
                    .small(),
                );
            }
        }
        Err(message) => theme::brief_error_ui(ui, &tr!("remotes-test-not-connected"), message),
    }
}
