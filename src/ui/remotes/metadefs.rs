//! The selected cloud's "Metadefs" tab: a read-only browser of its metadata definitions
//! catalog (`/v2/metadefs`). The namespaces are listed (display name, name, the resource
//! types each applies to, with their prefix) through [`RemoteOp::MetadefNamespaces`], the
//! call `remote metadef list` makes; selecting one reads it in full
//! ([`RemoteOp::MetadefNamespace`], `remote metadef show`'s call) and shows its properties
//! (key, the key images carry, type, allowed values, description) and its objects. Both
//! reads run on the service's remote worker, never on the UI thread; cloud text is shown
//! escaped.

use eframe::egui::{self, RichText};

use crate::app::protocol::remote::RemoteOp;
use crate::backend::Visibility;
use crate::backend::metadefs::PropertyDef;
use crate::backend::remote::metadefs::Namespace;
use crate::i18n::labels;
use crate::tr;
use crate::ui::remotes::forms::RemoteCtx;
use crate::ui::theme;

/// The tab's state, for the selected cloud.
#[derive(Debug, Default)]
pub struct MetadefsTab {
    /// The cloud the namespaces were read from.
    pub cloud: Option<String>,
    /// The namespaces as last read, or why they could not be.
    pub namespaces: Option<Result<Vec<Namespace>, String>>,
    /// A listing is on its way.
    pub loading: bool,
    /// The namespace selected (its name).
    pub selected: Option<String>,
    /// The selected namespace read in full, or why it could not be.
    pub shown: Option<Result<Namespace, String>>,
}

impl MetadefsTab {
    /// The namespaces of `cloud` arrived (an answer for another cloud is dropped).
    pub fn listed(&mut self, cloud: &str, result: Result<Vec<Namespace>, String>) {
        if self.cloud.as_deref() == Some(cloud) {
            self.loading = false;
            self.namespaces = Some(result);
        }
    }

    /// Namespace `name` of `cloud`, read in full, arrived.
    pub fn shown(&mut self, cloud: &str, name: &str, result: Result<Namespace, String>) {
        if self.cloud.as_deref() == Some(cloud) && self.selected.as_deref() == Some(name) {
            self.shown = Some(result);
        }
    }
}

fn resource_types(ns: &Namespace) -> String {
    ns.resource_types
        .iter()
        .map(|a| match &a.prefix {
            Some(prefix) => format!("{} ({prefix})", a.name),
            None => a.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The tab: the namespace list, Refresh, then the selected namespace.
pub fn metadefs_ui(
    ui: &mut egui::Ui,
    view: &mut MetadefsTab,
    cloud: &str,
    rcx: &mut RemoteCtx<'_>,
) {
    if view.cloud.as_deref() != Some(cloud) {
        *view = MetadefsTab {
            cloud: Some(cloud.to_string()),
            ..Default::default()
        };
    }
    let mut list = view.namespaces.is_none() && !view.loading;
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr!("views-metadefs-intro")).weak());
        if view.loading {
            ui.spinner();
        } else if ui.button(tr!("views-refresh")).clicked() {
            list = true;
            view.shown = None;
        }
    });
    if list {
        view.loading = true;
        rcx.send(RemoteOp::MetadefNamespaces(cloud.to_string()));
    }
    let mut select = None;
    match &view.namespaces {
        None => {}
        Some(Err(message)) => {
            theme::brief_error_ui(ui, &tr!("views-metadefs-list-error"), message);
        }
        Some(Ok(namespaces)) if namespaces.is_empty() => {
            ui.label(RichText::new(tr!("views-metadefs-none")).weak());
        }
        Some(Ok(namespaces)) => {
            ui.label(tr!("views-metadefs-count", count = namespaces.len()));
            egui::ScrollArea::vertical()
                .id_salt("metadef-namespaces")
                .max_height(ui.available_height() * 0.4)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    egui::Grid::new("metadef-namespace-grid")
                        .num_columns(3)
                        .striped(true)
                        .spacing([12.0, 4.0])
                        .show(ui, |ui| {
                            for title in [
                                tr!("views-metadefs-col-display-name"),
                                tr!("views-metadefs-col-namespace"),
                                tr!("views-metadefs-col-resource-types"),
                            ] {
                                ui.label(RichText::new(title).strong());
                            }
                            ui.end_row();
                            for ns in namespaces {
                                let picked = view.selected.as_deref() == Some(&ns.namespace);
                                let label = if ns.display_name.is_empty() {
                                    theme::shown(&ns.namespace)
                                } else {
                                    theme::shown(&ns.display_name)
                                };
                                if ui
                                    .selectable_label(picked, label)
                                    .on_hover_text(theme::shown(&ns.description))
                                    .clicked()
                                    && !picked
                                {
                                    select = Some(ns.namespace.clone());
                                }
                                ui.label(RichText::new(theme::shown(&ns.namespace)).weak());
                                ui.label(theme::shown(&resource_types(ns)));
                                ui.end_row();
                            }
                        });
                });
        }
    }
    if let Some(name) = select {
        view.selected = Some(name.clone());
        view.shown = None;
        rcx.send(RemoteOp::MetadefNamespace(cloud.to_string(), name));
    }
    let Some(selected) = view.selected.clone() else {
        return;
    };
    ui.separator();
    match &view.shown {
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(tr!(
                    "views-metadefs-reading",
                    name = theme::shown(&selected)
                ));
            });
        }
        Some(Err(message)) => {
            theme::brief_error_ui(ui, &tr!("views-metadefs-ns-error"), message);
        }
        Some(Ok(ns)) => namespace_ui(ui, ns),
    }
}

/// One namespace in full: its fields, properties and objects.
fn namespace_ui(ui: &mut egui::Ui, ns: &Namespace) {
    egui::ScrollArea::vertical()
        .id_salt("metadef-namespace")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.heading(theme::shown(&ns.namespace));
            if !ns.description.is_empty() {
                ui.add(egui::Label::new(theme::shown(&ns.description)).wrap());
            }
            // The visibility's translated label with Glance's value beside it.
            let visibility = match ns.visibility.parse::<Visibility>() {
                Ok(v) => labels::visibility_named(v),
                Err(_) => theme::shown(&ns.visibility),
            };
            let owner = theme::shown(&ns.owner);
            let types = theme::shown(&resource_types(ns));
            let facts = if ns.protected {
                tr!(
                    "views-metadefs-facts-protected",
                    visibility = visibility,
                    owner = owner,
                    types = types
                )
            } else {
                tr!(
                    "views-metadefs-facts",
                    visibility = visibility,
                    owner = owner,
                    types = types
                )
            };
            ui.label(RichText::new(facts).weak());
            let prefix = ns.image_prefix();
            ui.add_space(6.0);
            ui.label(
                RichText::new(tr!(
                    "views-metadefs-properties",
                    count = ns.properties.len()
                ))
                .strong(),
            );
            properties_ui(ui, "metadef-properties", &ns.properties, prefix);
            ui.add_space(6.0);
            ui.label(
                RichText::new(tr!("views-metadefs-objects", count = ns.objects.len())).strong(),
            );
            for object in &ns.objects {
                egui::CollapsingHeader::new(theme::shown(&object.name))
                    .id_salt(("metadef-object", &object.name))
                    .show(ui, |ui| {
                        if !object.description.is_empty() {
                            ui.add(egui::Label::new(theme::shown(&object.description)).wrap());
                        }
                        if !object.required.is_empty() {
                            ui.label(tr!(
                                "views-metadefs-required",
                                names = theme::shown(&object.required.join(", "))
                            ));
                        }
                        let salt = format!("metadef-object-{}", object.name);
                        properties_ui(ui, &salt, &object.properties, None);
                    });
            }
            if prefix.is_none() {
                ui.label(RichText::new(tr!("views-metadefs-not-images")).weak());
            }
        });
}

/// Properties as a grid: key (and the key images carry, with the image prefix), type,
/// allowed values, title and description.
fn properties_ui(ui: &mut egui::Ui, salt: &str, properties: &[PropertyDef], prefix: Option<&str>) {
    if properties.is_empty() {
        ui.label(RichText::new(tr!("views-metadefs-no-properties")).weak());
        return;
    }
    egui::Grid::new(salt)
        .num_columns(4)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for header in [
                tr!("views-metadefs-col-property"),
                tr!("views-metadefs-col-type"),
                tr!("views-metadefs-col-allowed"),
                tr!("views-metadefs-col-description"),
            ] {
                ui.label(RichText::new(header).strong());
            }
            ui.end_row();
            for p in properties {
                let key = match prefix {
                    Some(prefix) => tr!(
                        "views-metadefs-key-on-images",
                        key = p.key,
                        image_key = format!("{prefix}{}", p.key)
                    ),
                    None => p.key.clone(),
                };
                ui.label(theme::shown(&key));
                ui.label(theme::shown(&p.kind));
                ui.label(theme::shown(&p.allowed.join(", ")));
                let about = match (p.title.is_empty(), p.description.is_empty()) {
                    (false, false) => format!("{}: {}", p.title, p.description),
                    (false, true) => p.title.clone(),
                    _ => p.description.clone(),
                };
                ui.add(egui::Label::new(theme::shown(&about)).wrap());
                ui.end_row();
            }
        });
}
