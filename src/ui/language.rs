//! The window's language: the switch beside the theme's (remembered between runs), and the
//! choice at start — `--lang`/`GLANCE_WORKBENCH_LANG`, else the remembered one, else the
//! system's locale.

use eframe::egui;

use crate::i18n::{self, Lang};
use crate::tr;

/// The language to start in: an explicit choice wins, then the remembered one, then the
/// system's.
pub fn startup_lang(explicit: Option<Lang>, remembered: Option<Lang>) -> Lang {
    explicit
        .or_else(i18n::env_choice)
        .or(remembered)
        .unwrap_or_else(i18n::system_lang)
}

/// A remembered language code back to a language (an unknown one is forgotten).
pub fn from_pref(code: Option<&str>) -> Option<Lang> {
    code.and_then(Lang::parse)
}

/// The language switch (a combo box): the system's language or one chosen. Returns true when
/// the choice changed; the new language applies at once to the whole window.
pub fn language_switch_ui(ui: &mut egui::Ui, choice: &mut Option<Lang>) -> bool {
    let before = *choice;
    let system = i18n::system_lang();
    let label = |option: Option<Lang>| match option {
        None => tr!("common-language-system", lang = system.native_name()),
        Some(lang) => lang.native_name().to_string(),
    };
    // With no choice made here, `--lang` or GLANCE_WORKBENCH_LANG may still have chosen a
    // language other than the system's: show the one in use, not "System".
    let shown = match *choice {
        None if i18n::current() != system => Some(i18n::current()),
        other => other,
    };
    egui::ComboBox::from_id_salt("language-switch")
        .selected_text(label(shown))
        .show_ui(ui, |ui| {
            for option in std::iter::once(None).chain(Lang::ALL.map(Some)) {
                ui.selectable_value(choice, option, label(option));
            }
        })
        .response
        .accessible_name(tr!("common-language"))
        .on_hover_text(tr!("common-language"));
    if *choice != before {
        i18n::set_lang(choice.unwrap_or(system));
        true
    } else {
        false
    }
}
