//! qemu-img's view of the selected image (`qemu-img info`, always with an explicit `-f` after
//! the native inspection passed), drawn inside the Details panel's "Data inspection" section
//! beside the workbench's own findings. Asked for through the bridge whenever the image's data
//! changes; the previous answer stays on screen meanwhile.

use eframe::egui::{self, RichText};
use serde_json::Value;

use crate::app::protocol::convert::{ConvertCommand, ConvertReply};
use crate::backend::{Image, ImageId, ImageStatus};
use crate::format;
use crate::tr;
use crate::ui::bridge::Command;
use crate::ui::convert::target_form::SourceSlot;
use crate::ui::theme;

/// What identifies an image's data: its id, size and hashes.
type DataKey = (ImageId, Option<u64>, Option<String>, Option<String>);

/// The qemu-img info section's state.
#[derive(Debug, Default)]
pub struct QemuInfoView {
    asked: Option<DataKey>,
    result: SourceSlot,
    pending: bool,
}

impl QemuInfoView {
    /// Take a source answer meant for the image shown.
    pub fn offer(&mut self, reply: &ConvertReply) {
        if let ConvertReply::Source(image_id, result) = reply
            && self.asked.as_ref().is_some_and(|k| k.0 == *image_id)
            && self.pending
        {
            self.result = Some(result.clone());
            self.pending = false;
        }
    }

    fn request(&mut self, image: &Image, out: &mut Vec<Command>) {
        let key = (
            image.id,
            image.size_bytes,
            image.checksum.clone(),
            image.os_hash_value.clone(),
        );
        if self.asked.as_ref() == Some(&key) {
            return;
        }
        if self.asked.as_ref().is_none_or(|k| k.0 != image.id) {
            self.result = None;
        }
        self.asked = Some(key);
        self.pending = true;
        out.push(Command::Convert(ConvertCommand::Source(image.id)));
    }
}

/// A format-specific value as one line.
fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => tr!("convert-info-entries", count = items.len()),
        other => other.to_string(),
    }
}

/// The section's rows for `image` (asks the bridge when its data is new).
pub fn qemu_info_ui(
    ui: &mut egui::Ui,
    image: &Image,
    view: &mut QemuInfoView,
    out: &mut Vec<Command>,
) {
    ui.add_space(4.0);
    ui.label(RichText::new("qemu-img info").strong());
    if image.status != ImageStatus::Active {
        ui.label(RichText::new(tr!("convert-info-active-only")).weak());
        return;
    }
    view.request(image, out);
    let Some(facts) = theme::answer_ui(ui, &view.result, &tr!("convert-info-asking")) else {
        return;
    };
    let info = &facts.info;
    let mut rows: Vec<(String, String)> = vec![
        (tr!("convert-info-format"), info.format.clone()),
        (
            tr!("convert-info-virtual-size"),
            tr!(
                "convert-info-virtual-size-value",
                size = format::bytes_exact(info.virtual_size),
                bytes = info.virtual_size.to_string()
            ),
        ),
        (tr!("convert-info-on-disk"), format::bytes(info.actual_size)),
    ];
    if let Some(cluster) = info.cluster_size {
        rows.push((
            tr!("convert-info-cluster-size"),
            format::bytes_exact(cluster),
        ));
    }
    if let Some(dirty) = info.dirty_flag {
        rows.push((tr!("convert-info-dirty"), dirty.to_string()));
    }
    if info.encrypted == Some(true) {
        rows.push((tr!("convert-info-encrypted"), "true".into()));
    }
    rows.push((
        tr!("convert-info-backing-file"),
        format::or_dash(info.backing_filename.as_deref()),
    ));
    if let Some(Value::Object(fields)) = info.format_specific.as_ref().map(|f| &f.data) {
        rows.extend(
            fields
                .iter()
                .map(|(key, value)| (key.replace('-', " "), value_text(value))),
        );
    }
    theme::fields_grid_ui(ui, "qemu-img-info-grid", rows);
    if view.pending {
        ui.label(RichText::new(tr!("convert-info-refreshing")).weak());
    }
}
