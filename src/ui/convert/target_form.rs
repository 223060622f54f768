//! What the conversion windows share. The target format and its options as a form: only the
//! options the chosen format has are shown, and the values go through the library's
//! [`target_from`] (the CLI's parser), so the form shows the CLI's messages and never builds
//! a target the library would refuse. Also where each window first opens, and the slot a
//! source's facts arrive in. A leaf: the windows import it, it imports none of them.

use eframe::egui::{self, RichText};

use crate::app::protocol::convert::SourceFacts;

use crate::backend::convert::{
    COMPAT_LEVELS, COMPRESSIONS, TARGET_FORMATS, TargetOptions, format_name, preallocations,
    sparse_size_from, subformats, target_from,
};
use crate::convert::qemu_img::{QemuFormat, Target, WriteOrder};
use crate::tr;

/// A source as a form holds it: asked for, then the service's answer.
pub type SourceSlot = Option<Result<Box<SourceFacts>, String>>;

/// Where the conversion windows first open: left of the centre, below the top bar, each
/// `slot` a little further down and right so two open windows do not hide each other (they
/// grow downwards, so nothing jumps while they fill in).
pub fn window_pos(ctx: &egui::Context, slot: u8) -> egui::Pos2 {
    let area = ctx.content_rect();
    let step = 36.0 * f32::from(slot);
    egui::pos2(
        (area.center().x - 300.0).max(area.left() + 20.0) + step,
        area.top() + 140.0 + step,
    )
}

/// The typed target options of one form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetForm {
    /// The format written.
    pub format: QemuFormat,
    /// qcow2 compression (`None`: uncompressed).
    pub compression: Option<&'static str>,
    /// qcow2 compat (`None`: qemu-img's default, 1.1).
    pub compat: Option<&'static str>,
    /// qcow2 cluster size as typed (empty: 64 KiB).
    pub cluster_size: String,
    /// Preallocation for raw and qcow2.
    pub preallocation: &'static str,
    /// Subformat for vmdk, vhd, vhdx and vdi (`None`: the format's default).
    pub subformat: Option<&'static str>,
    /// `-S` as typed (empty: qemu-img's 4 KiB); only conversions have it.
    pub sparse_size: String,
}

impl TargetForm {
    /// A form for `format` with every option at its default.
    pub fn new(format: QemuFormat) -> Self {
        Self {
            format,
            compression: None,
            compat: None,
            cluster_size: String::new(),
            preallocation: "off",
            subformat: None,
            sparse_size: String::new(),
        }
    }

    /// The options the chosen format has, as the library takes them.
    pub fn options(&self) -> TargetOptions {
        let qcow2 = self.format == QemuFormat::Qcow2;
        let cluster = self.cluster_size.trim();
        TargetOptions {
            compress: self.compression.filter(|_| qcow2).map(str::to_owned),
            compat: self.compat.filter(|_| qcow2).map(str::to_owned),
            cluster_size: (qcow2 && !cluster.is_empty()).then(|| cluster.to_owned()),
            preallocation: (!preallocations(self.format).is_empty() && self.preallocation != "off")
                .then(|| self.preallocation.to_owned()),
            subformat: self
                .subformat
                .filter(|s| subformats(self.format).contains(s))
                .map(str::to_owned),
        }
    }

    /// The target, or the library's message.
    pub fn target(&self) -> Result<Target, String> {
        target_from(format_name(self.format), &self.options()).map_err(|e| e.to_string())
    }

    /// The `-S` size (`None`: qemu-img's default), or the library's message.
    pub fn sparse_size_bytes(&self) -> Result<Option<u64>, String> {
        let text = self.sparse_size.trim();
        if text.is_empty() {
            return Ok(None);
        }
        sparse_size_from(text).map(Some).map_err(|e| e.to_string())
    }
}

/// A labelled combo box of text choices; `none` adds a first entry for `None`.
fn choice_ui(
    ui: &mut egui::Ui,
    id: (&str, &str),
    label: &str,
    value: &mut Option<&'static str>,
    none: Option<&str>,
    choices: &[&'static str],
    hover: &str,
) {
    let label = ui.label(label).on_hover_text(hover);
    let shown = value.or(none).unwrap_or_default();
    egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            if let Some(none) = none {
                ui.selectable_value(value, None, none);
            }
            for choice in choices {
                ui.selectable_value(value, Some(*choice), *choice);
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
}

/// A labelled text field with a hint and a tooltip.
fn text_ui(ui: &mut egui::Ui, label: &str, value: &mut String, hint: &str, hover: &str) {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(120.0),
    )
    .labelled_by(label.id)
    .on_hover_text(hover);
    ui.end_row();
}

/// The form's rows inside a two-column grid; `id` keeps two open forms apart and `sparse`
/// adds the conversion-only sparse size.
pub fn target_form_ui(ui: &mut egui::Ui, id: &str, form: &mut TargetForm, sparse: bool) {
    let label = ui.label(tr!("convert-target-format"));
    egui::ComboBox::from_id_salt((id, "format"))
        .selected_text(format_name(form.format))
        .show_ui(ui, |ui| {
            for format in TARGET_FORMATS {
                ui.selectable_value(&mut form.format, format, format_name(format));
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
    if form.format == QemuFormat::Qcow2 {
        choice_ui(
            ui,
            (id, "compression"),
            &tr!("convert-compression"),
            &mut form.compression,
            Some(&tr!("convert-compression-none")),
            &COMPRESSIONS,
            &tr!("convert-compression-hover"),
        );
        choice_ui(
            ui,
            (id, "compat"),
            &tr!("convert-compat"),
            &mut form.compat,
            Some(&tr!("convert-compat-default")),
            &COMPAT_LEVELS,
            &tr!("convert-compat-hover"),
        );
        text_ui(
            ui,
            &tr!("convert-cluster-size"),
            &mut form.cluster_size,
            &tr!("convert-cluster-size-hint"),
            &tr!("convert-cluster-size-hover"),
        );
    }
    let modes = preallocations(form.format);
    if !modes.is_empty() {
        let mut mode = Some(form.preallocation);
        choice_ui(
            ui,
            (id, "prealloc"),
            &tr!("convert-preallocation"),
            &mut mode,
            None,
            modes,
            &tr!("convert-preallocation-hover"),
        );
        form.preallocation = mode.unwrap_or("off");
    }
    let subs = subformats(form.format);
    if let Some(default) = subs.first() {
        if form.subformat.is_some_and(|s| !subs.contains(&s)) {
            form.subformat = None;
        }
        let mut sub = Some(form.subformat.unwrap_or(default));
        choice_ui(
            ui,
            (id, "subformat"),
            &tr!("convert-subformat"),
            &mut sub,
            None,
            subs,
            &tr!("convert-subformat-hover"),
        );
        form.subformat = sub;
    }
    if sparse {
        text_ui(
            ui,
            &tr!("convert-sparse-size"),
            &mut form.sparse_size,
            &tr!("convert-sparse-size-hint"),
            &tr!("convert-sparse-size-hover"),
        );
    }
}

/// One weak line on how qemu-img will write `target` (out-of-order writes where faster).
pub fn write_order_ui(ui: &mut egui::Ui, target: &Target) {
    let text = if WriteOrder::Auto.out_of_order_for(target) {
        tr!("convert-write-order-on")
    } else {
        tr!("convert-write-order-off")
    };
    ui.label(RichText::new(text).weak());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::qemu_img::{Compression, Qcow2Options};

    #[test]
    fn hidden_options_are_not_passed() {
        let mut form = TargetForm::new(QemuFormat::Qcow2);
        form.compression = Some("zstd");
        form.cluster_size = "abc".into();
        assert!(form.target().unwrap_err().contains("invalid size \"abc\""));
        form.cluster_size = "128K".into();
        assert!(matches!(
            form.target(),
            Ok(Target::Qcow2(Qcow2Options {
                compression: Some(Compression::Zstd),
                cluster_size_bytes: Some(131072),
                ..
            }))
        ));
        // Switching format drops the qcow2-only options instead of refusing them.
        form.format = QemuFormat::Vmdk;
        assert_eq!(form.target().map(|t| t.format()), Ok(QemuFormat::Vmdk));
        form.compat = Some("0.10");
        form.format = QemuFormat::Qcow2;
        assert_eq!(
            form.target().unwrap_err(),
            "invalid qemu-img options: zstd compression needs qcow2 compat 1.1"
        );
        form.sparse_size = "1000".into();
        assert!(form.sparse_size_bytes().is_err());
        form.sparse_size = "8K".into();
        assert_eq!(form.sparse_size_bytes(), Ok(Some(8192)));
    }
}

/// Whether a new image's name is used already, as a form asks the service while the name is
/// typed: Glance allows two images with one name, but the CLI then finds the name ambiguous,
/// so a form warns and goes ahead only when the person insists.
#[derive(Debug, Default)]
pub struct NameCheck {
    /// The name asked about last.
    asked: String,
    /// The answer for `asked`, once here.
    taken: Option<bool>,
    /// The person ticked "Use this name anyway".
    insist: bool,
}

impl NameCheck {
    /// The service answered for `name`.
    pub fn answered(&mut self, name: &str, taken: bool) {
        if name == self.asked {
            self.taken = Some(taken);
        }
    }

    /// Ask about `name` when it changed, warn when it is taken; whether the form may go on.
    pub fn name_check_ui(
        &mut self,
        ui: &mut egui::Ui,
        name: &str,
        out: &mut Vec<crate::ui::bridge::Command>,
    ) -> bool {
        let name = name.trim();
        if name != self.asked {
            self.asked = name.to_string();
            self.taken = None;
            self.insist = false;
            if !name.is_empty() {
                out.push(crate::ui::bridge::Command::Convert(
                    crate::app::protocol::convert::ConvertCommand::NameTaken(name.to_string()),
                ));
            }
        }
        if self.taken != Some(true) {
            return true;
        }
        ui.label(
            egui::RichText::new(tr!(
                "convert-name-taken",
                name = crate::ui::theme::shown(name)
            ))
            .color(ui.visuals().warn_fg_color),
        );
        ui.checkbox(&mut self.insist, tr!("convert-name-anyway"));
        self.insist
    }
}
