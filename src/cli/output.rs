//! Printing results: readable tables (comfy-table) or Glance's JSON. Every table cell goes
//! through [`crate::display::escape`] (names, tags and properties may hold control
//! characters, also from remote clouds); JSON stays exact.

use comfy_table::presets::ASCII_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use serde_json::Value;

use crate::backend::model::{Image, Member, Task, Transition, glance_time};
use crate::convert::inspect::Inspection;
use crate::display::escaped;

/// Human units for a byte count (`1.5 GiB`).
pub fn human_bytes(bytes: Option<u64>) -> String {
    match bytes {
        Some(bytes) => bytesize::ByteSize::b(bytes).display().iec().to_string(),
        None => String::new(),
    }
}

/// A table with the CLI's style whose rows are escaped as they are added.
pub struct SafeTable(Table);

impl SafeTable {
    /// A table with these column headers.
    pub fn new(header: &[&str]) -> Self {
        let mut table = Table::new();
        table
            .load_style(ASCII_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_header(header.iter().copied());
        Self(table)
    }

    /// Add a row; each cell's control characters are shown escaped.
    pub fn add_row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) -> &mut Self {
        self.0
            .add_row(cells.into_iter().map(|cell| escaped(cell.as_ref())));
        self
    }

    /// Add a row whose value is a list shown one item a line: the items are escaped, so the
    /// only line breaks left are the separators.
    fn add_lines_row(&mut self, field: &str, lines: &[String]) {
        let text = lines
            .iter()
            .map(|line| escaped(line))
            .collect::<Vec<_>>()
            .join("\n");
        self.0.add_row(vec![escaped(field), text]);
    }
}

impl std::fmt::Display for SafeTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

fn new_table(header: &[&str]) -> SafeTable {
    SafeTable::new(header)
}

fn opt<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// Print JSON, pretty.
pub fn print_json(value: &Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
    );
}

/// `image show` as a Field | Value table (as the openstack CLI prints it).
pub fn image_table(image: &Image) -> String {
    let mut table = new_table(&["Field", "Value"]);
    let properties = image
        .properties
        .iter()
        .map(|(k, v)| format!("{k}='{v}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let rows: Vec<(&str, String)> = vec![
        ("checksum", opt(&image.checksum)),
        ("container_format", opt(&image.container_format)),
        ("created_at", glance_time(&image.created_at)),
        ("disk_format", opt(&image.disk_format)),
        ("id", image.id.to_string()),
        ("min_disk", image.min_disk_gib.to_string()),
        ("min_ram", image.min_ram_mib.to_string()),
        ("name", opt(&image.name)),
        ("os_hash_algo", opt(&image.os_hash_algo)),
        ("os_hash_value", opt(&image.os_hash_value)),
        ("os_hidden", image.os_hidden.to_string()),
        ("owner", opt(&image.owner)),
        ("properties", properties),
        ("protected", image.protected.to_string()),
        ("size", opt(&image.size_bytes)),
        ("status", status_text(image)),
        (
            "tags",
            image.tags.iter().cloned().collect::<Vec<_>>().join(", "),
        ),
        ("updated_at", glance_time(&image.updated_at)),
        ("virtual_size", opt(&image.virtual_size_bytes)),
        ("visibility", image.visibility.to_string()),
    ];
    for (field, value) in rows {
        table.add_row(vec![field.to_string(), value]);
    }
    if let Some(reason) = &image.damaged {
        table.add_row(vec![
            "damaged".to_string(),
            format!("{reason}; restore the file and run `image verify`"),
        ]);
    }
    table.to_string()
}

/// The status, with a "damaged" mark when the image's stored data failed its check (not a
/// status of Glance's, so it is shown beside the status rather than instead of it).
pub fn status_text(image: &Image) -> String {
    match image.damaged {
        Some(_) => format!("{} (damaged)", image.status),
        None => image.status.to_string(),
    }
}

/// `image list` as a table; `long` adds the columns of `openstack image list --long`.
pub fn image_list_table(images: &[Image], long: bool) -> String {
    let mut table = if long {
        new_table(&[
            "ID",
            "Name",
            "Disk Format",
            "Container Format",
            "Size",
            "Virtual Size",
            "Checksum",
            "Status",
            "Visibility",
            "Protected",
            "Project",
            "Tags",
        ])
    } else {
        new_table(&["ID", "Name", "Status"])
    };
    for image in images {
        let mut row = vec![image.id.to_string(), opt(&image.name)];
        if long {
            row.extend([
                opt(&image.disk_format),
                opt(&image.container_format),
                opt(&image.size_bytes),
                opt(&image.virtual_size_bytes),
                opt(&image.checksum),
                status_text(image),
                image.visibility.to_string(),
                image.protected.to_string(),
                opt(&image.owner),
                image.tags.iter().cloned().collect::<Vec<_>>().join(", "),
            ]);
        } else {
            row.push(status_text(image));
        }
        table.add_row(row);
    }
    table.to_string()
}

/// Members as a table.
pub fn member_table(members: &[Member]) -> String {
    let mut table = new_table(&["Image ID", "Member ID", "Status"]);
    for member in members {
        table.add_row(vec![
            member.image_id.to_string(),
            member.member_id.clone(),
            member.status.to_string(),
        ]);
    }
    table.to_string()
}

/// Transitions as a table.
pub fn history_table(transitions: &[Transition]) -> String {
    let mut table = new_table(&["Time", "From", "To", "Cause"]);
    for t in transitions {
        table.add_row(vec![
            t.at.format("%Y-%m-%d %H:%M:%S%.3f").to_string(),
            t.from.map(|s| s.to_string()).unwrap_or_else(|| "-".into()),
            t.to.to_string(),
            t.cause.clone(),
        ]);
    }
    table.to_string()
}

/// Tasks as a table.
pub fn task_list_table(tasks: &[Task]) -> String {
    let mut table = new_table(&["ID", "Type", "Status", "Image", "Owner"]);
    for task in tasks {
        table.add_row(vec![
            task.id.to_string(),
            task.task_type.clone(),
            task.status.to_string(),
            opt(&task.image_id),
            opt(&task.owner),
        ]);
    }
    table.to_string()
}

/// One task as a Field | Value table.
pub fn task_table(task: &Task) -> String {
    let mut table = new_table(&["Field", "Value"]);
    let rows = vec![
        ("created_at", glance_time(&task.created_at)),
        (
            "expires_at",
            task.expires_at
                .as_ref()
                .map(glance_time)
                .unwrap_or_default(),
        ),
        ("id", task.id.to_string()),
        ("image_id", opt(&task.image_id)),
        ("input", task.input.to_string()),
        ("message", task.message.clone()),
        ("owner", opt(&task.owner)),
        (
            "result",
            task.result
                .as_ref()
                .map(|r| r.to_string())
                .unwrap_or_default(),
        ),
        ("status", task.status.to_string()),
        ("type", task.task_type.clone()),
        ("updated_at", glance_time(&task.updated_at)),
    ];
    for (field, value) in rows {
        table.add_row(vec![field.to_string(), value]);
    }
    table.to_string()
}

/// Key/value pairs as a table.
pub fn pairs_table(pairs: &[(&str, String)]) -> String {
    let mut table = new_table(&["Setting", "Value"]);
    for (key, value) in pairs {
        table.add_row(vec![key.to_string(), value.clone()]);
    }
    table.to_string()
}

/// One inspection as a Field | Value table.
pub fn inspection_table(file: &str, inspection: &Inspection) -> String {
    let mut table = new_table(&["Field", "Value"]);
    let size = |bytes: Option<u64>| match bytes {
        Some(b) => format!("{} ({b} bytes)", human_bytes(Some(b))),
        None => String::new(),
    };
    let verdict = if inspection.is_safe() {
        "safe".to_string()
    } else {
        let reasons: Vec<String> = inspection
            .reasons()
            .iter()
            .map(ToString::to_string)
            .collect();
        format!("UNSAFE: {}", reasons.join("; "))
    };
    let mut rows: Vec<(&str, String)> = vec![
        ("file", file.to_string()),
        ("format", inspection.describe()),
        (
            "glance disk_format",
            inspection.glance_disk_format().unwrap_or("-").to_string(),
        ),
        (
            "virtual_size",
            size(crate::backend::inspection::virtual_size_of(inspection)),
        ),
        ("actual_size", size(Some(inspection.actual_size))),
    ];
    let optional: [(&str, Option<String>); 8] = [
        ("subformat", inspection.subformat.clone()),
        (
            "cluster_size",
            inspection.cluster_size.map(|c| c.to_string()),
        ),
        ("compat", inspection.compat.clone()),
        ("compression_type", inspection.compression_type.clone()),
        ("encrypted", inspection.encrypted.clone()),
        ("backing_file", inspection.backing_file.clone()),
        ("data_file", inspection.data_file.clone()),
        (
            "features",
            Some(inspection.features.join(", ")).filter(|f| !f.is_empty()),
        ),
    ];
    rows.extend(optional.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
    for (field, value) in rows {
        table.add_row(vec![field.to_string(), value]);
    }
    // Extents and notes come from the file itself: one escaped item a line.
    if !inspection.extents.is_empty() {
        table.add_lines_row("extents", &inspection.extents);
    }
    if !inspection.notes.is_empty() {
        table.add_lines_row("notes", &inspection.notes);
    }
    table.add_row(["verdict".to_string(), verdict]);
    table.to_string()
}
