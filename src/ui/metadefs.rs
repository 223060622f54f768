//! The property editors' suggestions row and add-property row, drawn from a
//! [`PropertyCatalog`] (Glance's metadata definitions: the built-in table for local images, a
//! cloud's own catalog for its images; the definitions themselves live in the library,
//! [`crate::backend::metadefs`]), so Details, the import form and the remote editor offer
//! suggestions the same way.

use eframe::egui::{self, RichText};

pub use crate::backend::metadefs::{PropertyCatalog, known, value_warning};
use crate::i18n::errors::Shown;
use crate::tr;

/// What a click in the suggestions row picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// A well-known key.
    Key(String),
    /// A value for the typed key.
    Value(String),
}

/// The suggestions under a key/value row: for a well-known `key`, its title and its allowed
/// values (or examples); otherwise the well-known keys matching what is typed, less those in
/// `existing`.
pub fn suggestions_ui(
    ui: &mut egui::Ui,
    catalog: &PropertyCatalog,
    key: &str,
    value: &str,
    existing: &[&str],
) -> Option<Pick> {
    let mut picked = None;
    match catalog.known(key) {
        Some(def) => {
            // A cloud's catalog is the cloud's text: shown escaped.
            ui.label(
                RichText::new(crate::ui::theme::shown(&tr!(
                    "details-metadefs-from",
                    title = def.title.as_str(),
                    source = def.source.as_str()
                )))
                .weak(),
            );
            let choices = catalog.value_choices(key);
            if !choices.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(if def.allowed.is_empty() {
                        tr!("details-metadefs-examples")
                    } else {
                        tr!("details-metadefs-allowed")
                    });
                    for choice in choices {
                        if ui
                            .selectable_label(value == choice, crate::ui::theme::shown(choice))
                            .clicked()
                        {
                            picked = Some(Pick::Value((*choice).to_string()));
                        }
                    }
                });
            }
        }
        None => {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(tr!("details-metadefs-well-known")).weak());
                for def in catalog.suggestions(key, existing).take(14) {
                    if ui
                        .small_button(crate::ui::theme::shown(&def.key))
                        .on_hover_text(crate::ui::theme::shown(&def.title))
                        .clicked()
                    {
                        picked = Some(Pick::Key(def.key.clone()));
                    }
                }
            });
        }
    }
    picked
}

/// The row that adds or replaces a property, shared by Details and the Import form: key and
/// value fields (fixed ids under `id`, so a message appearing while typing keeps the focus),
/// Add / Replace, and the validation error or the allowed-values warning under it. Returns
/// the key (trimmed) and value being typed, for the suggestions.
pub fn add_property_row_ui(
    ui: &mut egui::Ui,
    subject: &str,
    properties: &mut std::collections::BTreeMap<String, String>,
    new_key: &mut String,
    new_value: &mut String,
    id: impl std::hash::Hash + std::fmt::Debug + Copy,
) -> (String, String) {
    use crate::backend::validate;
    let key = new_key.trim().to_string();
    let value = new_value.clone();
    let existing = properties.contains_key(&key);
    let problem = if key.is_empty() {
        None
    } else if !existing && properties.len() >= validate::MAX_PROPERTIES {
        Some(tr!(
            "details-metadefs-too-many",
            subject = subject,
            max = validate::MAX_PROPERTIES.to_string()
        ))
    } else {
        validate::check_property(subject, &key, &value)
            .err()
            .map(|e| e.shown())
    };
    // Wrapped, with fields that share the width: a narrow inspector puts the button on the
    // next line instead of pushing the panel wider than the window.
    let field_width = ((ui.available_width() - 190.0) / 2.0).clamp(80.0, 220.0);
    ui.horizontal_wrapped(|ui| {
        let fields = [
            ("key", tr!("details-metadefs-key"), &mut *new_key),
            ("value", tr!("details-metadefs-value"), &mut *new_value),
        ];
        for (salt, label, text) in fields {
            let caption = ui.label(label);
            // The id stays the same in every language.
            ui.add(
                egui::TextEdit::singleline(text)
                    .id_salt((id, salt))
                    .desired_width(field_width),
            )
            .labelled_by(caption.id);
        }
        let verb = if existing {
            tr!("details-metadefs-replace")
        } else {
            tr!("details-metadefs-add")
        };
        if ui
            .add_enabled(
                !key.is_empty() && problem.is_none(),
                egui::Button::new(verb),
            )
            .clicked()
        {
            properties.insert(key.clone(), value.clone());
            new_key.clear();
            new_value.clear();
        }
    });
    if let Some(problem) = &problem {
        ui.label(crate::ui::theme::error_text(ui, problem.clone()));
    } else if let Some(warning) = value_warning(&key, value.trim()) {
        ui.label(crate::ui::theme::warn_text(ui, warning));
    }
    (key, value)
}
