//! Printing results the way `openstack` (cliff) prints them. A command builds a view — a
//! [`SafeTable`]: a list (a header and rows) or a record (Field | Value rows) — or Glance's
//! JSON; how a view is printed is the property of this one layer, chosen once per process by
//! the global options (`-f table|value|yaml|csv|shell`, `-c COLUMN`, `--prefix`, `--quote`,
//! see [`install`]), so every command that prints a table prints every format.
//!
//! The formats follow cliff's formatters (python-cliff `cliff/formatters/*.py`): `value`
//! joins a list row's values with spaces and prints a record's values one a line; `csv`
//! writes a header row and quotes every non-numeric field (`--quote nonnumeric`, cliff's
//! default; `"` doubled, `\\` escaped); `yaml` is a list of mappings keyed by the column
//! names (sorted, as PyYAML's `safe_dump` sorts) or a record's mapping in field order;
//! `shell` prints a record as `<prefix>name="value"` lines (name lowercased, space, `:` and
//! `-` made `_`). `-c` keeps the named columns (a list's headers as shown, a record's field
//! names) in the view's own order and ignores unknown names unless none is known. Where cliff
//! refuses a combination (`csv` of a record, `shell` of a list) this prints the natural
//! reading instead: a record as a one-row CSV, a list as one line of assignments per row.
//!
//! Hostile text stays inert: every text cell goes through [`crate::display::escape`] in the
//! table, value, csv and shell formats (so one row is one line); YAML and JSON stay exact
//! (the YAML emitter quotes and escapes control characters itself). The shell format also
//! escapes `\\`, `$` and `` ` `` (cliff escapes only `"`), so `eval` of its output assigns
//! the text and never runs it.

use std::fmt::Write as _;
use std::sync::{Mutex, OnceLock};

use comfy_table::presets::ASCII_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use serde_json::Value;

use crate::backend::model::{
    Image, ImageStatus, Member, MemberStatus, Task, TaskStatus, Transition, Visibility, glance_time,
};
use crate::cli::args::{Format, OutputFormat, Quote};
use crate::convert::inspect::{Finding, Inspection};
use crate::display::{escape, escaped};
use crate::i18n::labels;
use crate::tr;

/// How views are printed: the global output options of this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// `-f`.
    pub format: Format,
    /// `-c` (repeatable): the columns or fields to keep; empty keeps all.
    pub columns: Vec<String>,
    /// `--prefix`: put before every variable name of the shell format.
    pub prefix: String,
    /// `--quote`: which CSV fields are quoted.
    pub quote: Quote,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            format: Format::Table,
            columns: Vec::new(),
            prefix: String::new(),
            quote: Quote::Nonnumeric,
        }
    }
}

/// The style of this process. A process-wide setting (not a parameter) because the CLI
/// chooses it once from global options, and every table of every command, including those
/// built far from `cli::run`, prints through `SafeTable`'s `Display`.
static STYLE: OnceLock<Style> = OnceLock::new();
/// The first problem a view met while printing (`-c` naming no column of it); `cli::run`
/// turns it into the command's error. `Display` cannot return one of its own.
static PROBLEM: Mutex<Option<String>> = Mutex::new(None);

/// Set this process's style (once; later calls keep the first). Returns what the commands
/// branch on: Glance's JSON, or a view printed in the style.
pub fn install(style: Style) -> OutputFormat {
    let format = if style.format == Format::Json {
        OutputFormat::Json
    } else {
        OutputFormat::Table
    };
    let _ = STYLE.set(style);
    format
}

fn style() -> &'static Style {
    static DEFAULT: OnceLock<Style> = OnceLock::new();
    STYLE
        .get()
        .unwrap_or_else(|| DEFAULT.get_or_init(Style::default))
}

fn note_problem(problem: String) {
    if let Ok(mut slot) = PROBLEM.lock() {
        slot.get_or_insert(problem);
    }
}

/// The problem a view met while printing, if any (taken: asked once per run).
pub fn take_problem() -> Option<String> {
    PROBLEM.lock().ok().and_then(|mut slot| slot.take())
}

/// Human units for a byte count (`1.5 GiB`).
pub fn human_bytes(bytes: Option<u64>) -> String {
    match bytes {
        Some(bytes) => bytesize::ByteSize::b(bytes).display().iec().to_string(),
        None => String::new(),
    }
}

/// One value of a view, typed the way cliff's formatters see Python values: numbers and
/// booleans are not quoted in CSV and are YAML scalars of their type; an absent value is
/// empty (YAML `null`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A whole number.
    Int(i128),
    /// A boolean (`true`/`false`, as the JSON has it).
    Bool(bool),
    /// No value.
    Null,
    /// A list: `, `-joined in a table and the line formats, a YAML sequence.
    List(Vec<String>),
    /// A list shown one item a line in a table; otherwise as [`Cell::List`].
    Lines(Vec<String>),
    /// [`Cell::Lines`] whose table shows other lines: the inspector's notes, kept in English
    /// for scripts and shown in the current language.
    ShownLines {
        /// What every format but the table carries.
        plain: Vec<String>,
        /// What the table shows, one item a line.
        shown: Vec<String>,
    },
    /// A value people read translated in a table (`-f table`) and scripts read as it is in
    /// every other format: a Glance enum shown as "可用（active）", kept `active`.
    Shown {
        /// What every format but the table carries (the API value, English text).
        plain: String,
        /// What the table shows.
        shown: String,
    },
}

impl Cell {
    /// An optional value: [`Cell::Null`] when absent.
    pub fn opt<T: Into<Cell>>(value: Option<T>) -> Cell {
        value.map_or(Cell::Null, Into::into)
    }

    /// A value kept as `plain` for scripts and shown as `shown` in a table.
    pub fn shown(plain: impl Into<String>, shown: impl Into<String>) -> Cell {
        Cell::Shown {
            plain: plain.into(),
            shown: shown.into(),
        }
    }

    /// An image status: the API value, in a table its translated label beside it.
    pub fn image_status(status: ImageStatus) -> Cell {
        Cell::shown(status.as_str(), labels::image_status_named(status))
    }

    /// A visibility: the API value, in a table its translated label beside it.
    pub fn visibility(visibility: Visibility) -> Cell {
        Cell::shown(visibility.as_str(), labels::visibility_named(visibility))
    }

    /// A member status: the API value, in a table its translated label beside it.
    pub fn member_status(status: MemberStatus) -> Cell {
        Cell::shown(status.as_str(), labels::member_status_named(status))
    }

    /// A task status: the API value, in a table its translated label beside it.
    pub fn task_status(status: TaskStatus) -> Cell {
        Cell::shown(status.as_str(), labels::task_status_named(status))
    }

    /// The text a table shows (unescaped).
    fn table_text(&self) -> String {
        match self {
            Cell::Shown { shown, .. } => shown.clone(),
            other => other.plain(),
        }
    }

    /// A JSON value as a cell (strings, numbers, booleans and null as themselves; arrays of
    /// strings as lists; anything else as its JSON text).
    pub fn from_json(value: &Value) -> Cell {
        match value {
            Value::Null => Cell::Null,
            Value::Bool(b) => Cell::Bool(*b),
            Value::String(s) => Cell::Text(s.clone()),
            Value::Number(n) => match n.as_i64().map(i128::from).or(n.as_u64().map(i128::from)) {
                Some(i) => Cell::Int(i),
                None => Cell::Text(n.to_string()),
            },
            Value::Array(items) if items.iter().all(Value::is_string) => Cell::List(
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect(),
            ),
            other => Cell::Text(other.to_string()),
        }
    }

    /// The text of a cell as the line-based formats print it (unescaped).
    fn plain(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Null => String::new(),
            Cell::List(items) | Cell::Lines(items) | Cell::ShownLines { plain: items, .. } => {
                items.join(", ")
            }
            Cell::Shown { plain, .. } => plain.clone(),
        }
    }

    fn is_numeric(&self) -> bool {
        // Python's csv counts bool as a number (bool is an int).
        matches!(self, Cell::Int(_) | Cell::Bool(_))
    }

    fn yaml(&self) -> serde_yaml_ng::Value {
        use serde_yaml_ng::Value as Y;
        match self {
            Cell::Text(text) | Cell::Shown { plain: text, .. } => Y::String(text.clone()),
            Cell::Int(i) => match i64::try_from(*i) {
                Ok(i) => Y::Number(i.into()),
                Err(_) => match u64::try_from(*i) {
                    Ok(u) => Y::Number(u.into()),
                    Err(_) => Y::String(i.to_string()),
                },
            },
            Cell::Bool(b) => Y::Bool(*b),
            Cell::Null => Y::Null,
            Cell::List(items) | Cell::Lines(items) | Cell::ShownLines { plain: items, .. } => {
                Y::Sequence(items.iter().cloned().map(Y::String).collect())
            }
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

impl From<&String> for Cell {
    fn from(text: &String) -> Self {
        Cell::Text(text.clone())
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_string())
    }
}

impl From<u64> for Cell {
    fn from(value: u64) -> Self {
        Cell::Int(i128::from(value))
    }
}

impl From<u32> for Cell {
    fn from(value: u32) -> Self {
        Cell::Int(i128::from(value))
    }
}

impl From<i64> for Cell {
    fn from(value: i64) -> Self {
        Cell::Int(i128::from(value))
    }
}

impl From<bool> for Cell {
    fn from(value: bool) -> Self {
        Cell::Bool(value)
    }
}

/// A view: a list (a header and rows) or a record (two columns, field and value, the second
/// header `Value`). Printed through [`std::fmt::Display`] in this process's style; in a
/// table every cell is escaped.
///
/// The headers are English names: `-f value|yaml|csv|shell` and `-c` use them as they are
/// (scripts carry over between languages, as `openstack`'s do); `-f table` shows each one
/// translated ([`column_label`]), and `-c` also accepts the shown label.
#[derive(Debug, Clone)]
pub struct SafeTable {
    header: Vec<String>,
    /// The label `-f table` shows per column where the command gave one ([`Self::labelled`]);
    /// otherwise [`column_label`] or the name itself.
    labels: Vec<Option<String>>,
    rows: Vec<Vec<Cell>>,
}

impl SafeTable {
    /// A view with these column headers (`["Field", "Value"]` or any `[…, "Value"]` pair
    /// makes a record), English names; a table shows them translated when the catalog
    /// knows them ([`column_label`]).
    pub fn new(header: &[&str]) -> Self {
        Self {
            header: header.iter().map(|h| (*h).to_string()).collect(),
            labels: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// A view whose columns are (English name, label in this language) pairs: the name for
    /// scripts (`-c`, `-f value|yaml|csv|shell`), the label for `-f table`.
    pub fn labelled(columns: &[(&str, String)]) -> Self {
        Self {
            header: columns
                .iter()
                .map(|(name, _)| (*name).to_string())
                .collect(),
            labels: columns
                .iter()
                .map(|(_, label)| Some(label.clone()))
                .collect(),
            rows: Vec::new(),
        }
    }

    /// The label a table shows for column `index`.
    fn label(&self, index: usize) -> String {
        if let Some(Some(label)) = self.labels.get(index) {
            return label.clone();
        }
        let name = self.header.get(index).map(String::as_str).unwrap_or("");
        column_label(name).unwrap_or_else(|| name.to_string())
    }

    /// Add a row of cells (text, numbers, booleans, [`Cell`]s).
    pub fn add_row<C: Into<Cell>>(&mut self, cells: impl IntoIterator<Item = C>) -> &mut Self {
        self.rows.push(cells.into_iter().map(Into::into).collect());
        self
    }

    /// Add a record row whose value is a list shown one item a line.
    fn add_lines_row(&mut self, field: &str, lines: &[String]) {
        self.rows
            .push(vec![Cell::from(field), Cell::Lines(lines.to_vec())]);
    }

    /// Whether this view is a record (Field | Value) rather than a list.
    fn is_record(&self) -> bool {
        self.header.len() == 2 && self.header[1] == "Value"
    }

    /// This view in `style`, without a final line break; an error when `-c` names none of
    /// its columns.
    pub fn render(&self, style: &Style) -> Result<String, String> {
        let view = self.select(&style.columns)?;
        let record = view.is_record();
        Ok(match (style.format, record) {
            (Format::Table | Format::Json, _) => view.table(),
            (Format::Value, false) => view.lines(|row| {
                row.iter()
                    .map(|c| escaped(&c.plain()))
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
            (Format::Value, true) => view.lines(|row| escaped(&field_value(row).plain())),
            (Format::Csv, false) => view.csv(style.quote),
            (Format::Csv, true) => view.transposed().csv(style.quote),
            (Format::Yaml, false) => view.yaml_list(),
            (Format::Yaml, true) => view.yaml_record(),
            (Format::Shell, true) => view
                .lines(|row| shell_assignment(&style.prefix, &field_name(row), field_value(row))),
            (Format::Shell, false) => view.lines(|row| {
                view.header
                    .iter()
                    .zip(row)
                    .map(|(name, cell)| shell_assignment(&style.prefix, name, cell))
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
        })
    }

    /// The view with only the columns (list) or fields (record) `columns` names; all of it
    /// when `columns` is empty. Order stays the view's, as cliff keeps it.
    fn select(&self, columns: &[String]) -> Result<SafeTable, String> {
        if columns.is_empty() {
            return Ok(self.clone());
        }
        let wanted = |name: &str| columns.iter().any(|c| c == name);
        if self.is_record() {
            let rows: Vec<Vec<Cell>> = self
                .rows
                .iter()
                .filter(|row| row.first().is_some_and(|f| wanted(&f.plain())))
                .cloned()
                .collect();
            if rows.is_empty() {
                let known: Vec<String> = self
                    .rows
                    .iter()
                    .filter_map(|r| r.first())
                    .map(Cell::plain)
                    .collect();
                return Err(unknown_columns(columns, &known));
            }
            return Ok(SafeTable {
                header: self.header.clone(),
                labels: self.labels.clone(),
                rows,
            });
        }
        // The English name, or the label the table shows in this language.
        let keep: Vec<usize> = (0..self.header.len())
            .filter(|&i| wanted(&self.header[i]) || wanted(&self.label(i)))
            .collect();
        if keep.is_empty() {
            return Err(unknown_columns(columns, &self.header));
        }
        Ok(SafeTable {
            header: keep.iter().map(|&i| self.header[i].clone()).collect(),
            labels: keep
                .iter()
                .map(|&i| self.labels.get(i).cloned().flatten())
                .collect(),
            rows: self
                .rows
                .iter()
                .map(|row| {
                    keep.iter()
                        .map(|&i| row.get(i).cloned().unwrap_or(Cell::Null))
                        .collect()
                })
                .collect(),
        })
    }

    /// A record as a one-row list: the field names are the header.
    fn transposed(&self) -> SafeTable {
        SafeTable {
            labels: Vec::new(),
            header: self
                .rows
                .iter()
                .map(|r| r.first().map(Cell::plain).unwrap_or_default())
                .collect(),
            rows: vec![
                self.rows
                    .iter()
                    .map(|r| r.get(1).cloned().unwrap_or(Cell::Null))
                    .collect(),
            ],
        }
    }

    fn lines(&self, line: impl Fn(&[Cell]) -> String) -> String {
        self.rows
            .iter()
            .map(|row| line(row))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn table(&self) -> String {
        let mut table = Table::new();
        table
            .load_style(ASCII_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_header((0..self.header.len()).map(|i| escaped(&self.label(i))));
        for row in &self.rows {
            table.add_row(row.iter().map(|cell| {
                match cell {
                    // The items are escaped, so the only line breaks left are the separators.
                    Cell::Lines(items) | Cell::ShownLines { shown: items, .. } => items
                        .iter()
                        .map(|i| escaped(i))
                        .collect::<Vec<_>>()
                        .join("\n"),
                    other => escaped(&other.table_text()),
                }
            }));
        }
        table.to_string()
    }

    fn csv(&self, quote: Quote) -> String {
        let header = self.header.iter().map(|h| csv_field(&Cell::from(h), quote));
        let mut lines = vec![header.collect::<Vec<_>>().join(",")];
        for row in &self.rows {
            lines.push(
                row.iter()
                    .map(|c| csv_field(c, quote))
                    .collect::<Vec<_>>()
                    .join(","),
            );
        }
        lines.join("\n")
    }

    fn yaml_list(&self) -> String {
        // Keys sorted, as PyYAML's safe_dump (cliff) writes each row's mapping.
        let items: Vec<std::collections::BTreeMap<String, serde_yaml_ng::Value>> = self
            .rows
            .iter()
            .map(|row| {
                self.header
                    .iter()
                    .cloned()
                    .zip(row.iter().map(Cell::yaml))
                    .collect()
            })
            .collect();
        yaml_text(&items)
    }

    fn yaml_record(&self) -> String {
        // In field order: cliff dumps a record one key at a time.
        let mut map = serde_yaml_ng::Mapping::new();
        for row in &self.rows {
            if let (Some(field), Some(value)) = (row.first(), row.get(1)) {
                map.insert(serde_yaml_ng::Value::String(field.plain()), value.yaml());
            }
        }
        yaml_text(&map)
    }
}

impl std::fmt::Display for SafeTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.render(style()) {
            Ok(text) => f.write_str(&text),
            Err(problem) => {
                note_problem(problem);
                Ok(())
            }
        }
    }
}

/// Print a view (or any rendered text) on stdout, followed by a line break unless it is
/// empty (an empty list prints nothing in the value and shell formats, as in cliff).
pub fn print(view: impl std::fmt::Display) {
    let text = view.to_string();
    if !text.is_empty() {
        println!("{text}");
    }
}

/// The label `-f table` shows for an English column name, when the catalog has one.
pub fn column_label(name: &str) -> Option<String> {
    Some(match name {
        "ID" => tr!("cli-column-id"),
        "Name" => tr!("cli-column-name"),
        "Status" => tr!("cli-column-status"),
        "Disk Format" => tr!("cli-column-disk-format"),
        "Container Format" => tr!("cli-column-container-format"),
        "Size" => tr!("cli-column-size"),
        "Virtual Size" => tr!("cli-column-virtual-size"),
        "Checksum" => tr!("cli-column-checksum"),
        "Visibility" => tr!("cli-column-visibility"),
        "Protected" => tr!("cli-column-protected"),
        "Project" => tr!("cli-column-project"),
        "Tags" => tr!("cli-column-tags"),
        "Image ID" => tr!("cli-column-image-id"),
        "Member ID" => tr!("cli-column-member-id"),
        "Time" => tr!("cli-column-time"),
        "From" => tr!("cli-column-from"),
        "To" => tr!("cli-column-to"),
        "Cause" => tr!("cli-column-cause"),
        "Type" => tr!("cli-column-type"),
        "Image" => tr!("cli-column-image"),
        "Owner" => tr!("cli-column-owner"),
        "Field" => tr!("cli-column-field"),
        "Value" => tr!("cli-column-value"),
        "Setting" => tr!("cli-column-setting"),
        "Suggested property" => tr!("cli-column-suggested-property"),
        "Start" => tr!("cli-column-start"),
        "Filesystem" => tr!("cli-column-filesystem"),
        "Label" => tr!("cli-column-label"),
        "Key" => tr!("cli-column-key"),
        "Current" => tr!("cli-column-current"),
        "Suggested" => tr!("cli-column-suggested"),
        "Kind" => tr!("cli-column-kind"),
        "Was" => tr!("cli-column-was"),
        "Now" => tr!("cli-column-now"),
        "Remote ID" => tr!("cli-column-remote-id"),
        "Cloud" => tr!("cli-column-cloud"),
        "Action" => tr!("cli-column-action"),
        "Description" => tr!("cli-column-description"),
        "Default" => tr!("cli-column-default"),
        "Verified" => tr!("cli-column-verified"),
        "Used" => tr!("cli-column-used"),
        "Used %" => tr!("cli-column-used-percent"),
        "Required" => tr!("cli-column-required"),
        "Read-only" => tr!("cli-column-read-only"),
        "Property" => tr!("cli-column-property"),
        "Properties" => tr!("cli-column-properties"),
        "Outcome" => tr!("cli-column-outcome"),
        "Object" => tr!("cli-column-object"),
        "Namespace" => tr!("cli-column-namespace"),
        "Limit" => tr!("cli-column-limit"),
        "Limit value" => tr!("cli-column-limit-value"),
        "Last accessed" => tr!("cli-column-last-accessed"),
        "Hits" => tr!("cli-column-hits"),
        "Error" => tr!("cli-column-error"),
        "Display name" => tr!("cli-column-display-name"),
        "Detail" => tr!("cli-column-detail"),
        "Counts" => tr!("cli-column-counts"),
        "Case" => tr!("cli-column-case"),
        "Auth" => tr!("cli-column-auth"),
        "Auth URL" => tr!("cli-column-auth-url"),
        "On images as" => tr!("cli-column-on-images-as"),
        "Resource types (prefix)" => tr!("cli-column-resource-types-prefix"),
        _ => return None,
    })
}

/// A record row's field name.
fn field_name(row: &[Cell]) -> String {
    row.first().map(Cell::plain).unwrap_or_default()
}

/// A record row's value.
fn field_value(row: &[Cell]) -> &Cell {
    row.get(1).unwrap_or(&Cell::Null)
}

/// cliff's message for `-c` naming no column of the view.
fn unknown_columns(asked: &[String], known: &[String]) -> String {
    let list = |names: &[String]| {
        names
            .iter()
            .map(|n| format!("'{}'", escape(n)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    tr!(
        "cli-columns-unknown",
        asked = list(asked),
        known = list(known)
    )
}

/// One CSV field as Python's csv writer writes it in cliff (`escapechar='\\'`, quote
/// doubled).
fn csv_field(cell: &Cell, quote: Quote) -> String {
    let text = escaped(&cell.plain());
    let special = |c: char| matches!(c, ',' | '"' | '\\' | '\n' | '\r');
    let quoted = match quote {
        Quote::All => true,
        Quote::Nonnumeric => !cell.is_numeric(),
        Quote::Minimal => text.contains(special),
        Quote::None => false,
    };
    let mut out = String::with_capacity(text.len() + 2);
    if quoted {
        out.push('"');
    }
    for c in text.chars() {
        match c {
            '"' if quoted => out.push_str("\"\""),
            // Unquoted, the escape character guards the delimiter and the quote itself.
            '"' | ',' if !quoted => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    if quoted {
        out.push('"');
    }
    out
}

/// `<prefix>name="value"`: the name as cliff makes it (lowercase, space, `:` and `-` to
/// `_`), the value escaped for a double-quoted shell word.
fn shell_assignment(prefix: &str, name: &str, cell: &Cell) -> String {
    let name: String = name
        .to_lowercase()
        .chars()
        .map(|c| if matches!(c, ' ' | ':' | '-') { '_' } else { c })
        .collect();
    let mut value = String::new();
    for c in escaped(&cell.plain()).chars() {
        if matches!(c, '"' | '\\' | '$' | '`') {
            value.push('\\');
        }
        value.push(c);
    }
    let mut line = String::new();
    let _ = write!(line, "{}{}=\"{value}\"", escape(prefix), escape(&name));
    line
}

fn yaml_text<T: serde::Serialize>(value: &T) -> String {
    match serde_yaml_ng::to_string(value) {
        Ok(text) => text.trim_end_matches('\n').to_string(),
        Err(e) => {
            note_problem(tr!("cli-yaml-failed", error = e.to_string()));
            String::new()
        }
    }
}

/// JSON with only the keys `-c` names (compared as given or as Glance's field name:
/// lowercase, spaces as `_`, so `-c ID -c "Disk Format"` keeps `id` and `disk_format`), in a
/// record or in every object of a list; unchanged without `-c`.
pub fn select_json(value: &Value, columns: &[String]) -> Result<Value, String> {
    if columns.is_empty() {
        return Ok(value.clone());
    }
    let fold = |name: &str| name.to_lowercase().replace([' ', '-'], "_");
    let wanted: Vec<String> = columns.iter().map(|c| fold(c)).collect();
    let keep = |key: &str| wanted.contains(&fold(key));
    let mut known = Vec::new();
    let mut matched = false;
    let mut pick = |map: &serde_json::Map<String, Value>| {
        let picked: serde_json::Map<String, Value> = map
            .iter()
            .filter(|(k, _)| keep(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        matched |= !picked.is_empty();
        if known.is_empty() {
            known = map.keys().cloned().collect();
        }
        Value::Object(picked)
    };
    let selected = match value {
        Value::Object(map) => pick(map),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| match item {
                    Value::Object(map) => pick(map),
                    other => other.clone(),
                })
                .collect(),
        ),
        other => return Ok(other.clone()),
    };
    // An empty list has no columns to miss.
    let empty = matches!(value, Value::Array(items) if items.is_empty());
    if matched || empty {
        Ok(selected)
    } else {
        Err(unknown_columns(columns, &known))
    }
}

/// Print JSON, pretty, with the `-c` columns only.
pub fn print_json(value: &Value) {
    let value = match select_json(value, &style().columns) {
        Ok(value) => value,
        Err(problem) => return note_problem(problem),
    };
    println!(
        "{}",
        serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string())
    );
}

fn new_table(header: &[&str]) -> SafeTable {
    SafeTable::new(header)
}

fn opt<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// An optional value as text, [`Cell::Null`] when absent.
fn text_opt<T: ToString>(value: &Option<T>) -> Cell {
    Cell::opt(value.as_ref().map(ToString::to_string))
}

/// An image's tags: `, `-joined in a table, a sequence in YAML.
fn tags_cell(image: &Image) -> Cell {
    Cell::List(image.tags.iter().cloned().collect())
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
    let rows: Vec<(&str, Cell)> = vec![
        ("checksum", text_opt(&image.checksum)),
        ("container_format", text_opt(&image.container_format)),
        ("created_at", glance_time(&image.created_at).into()),
        ("disk_format", text_opt(&image.disk_format)),
        ("id", image.id.to_string().into()),
        ("min_disk", image.min_disk_gib.into()),
        ("min_ram", image.min_ram_mib.into()),
        ("name", text_opt(&image.name)),
        ("os_hash_algo", text_opt(&image.os_hash_algo)),
        ("os_hash_value", text_opt(&image.os_hash_value)),
        ("os_hidden", image.os_hidden.into()),
        ("owner", text_opt(&image.owner)),
        ("properties", properties.into()),
        ("protected", image.protected.into()),
        ("size", Cell::opt(image.size_bytes)),
        ("status", status_cell(image)),
        ("tags", tags_cell(image)),
        ("updated_at", glance_time(&image.updated_at).into()),
        ("virtual_size", Cell::opt(image.virtual_size_bytes)),
        ("visibility", Cell::visibility(image.visibility)),
    ];
    for (field, value) in rows {
        table.add_row([Cell::from(field), value]);
    }
    if let Some(reason) = &image.damaged {
        table.add_row([
            Cell::from("damaged"),
            Cell::from(tr!("cli-image-damaged-hint", reason = reason)),
        ]);
    }
    table.to_string()
}

/// The status, with a "damaged" mark when the image's stored data failed its check (not a
/// status of Glance's, so it is shown beside the status rather than instead of it). Scripts
/// read `active (damaged)`; a table shows the translated label beside the value.
pub fn status_cell(image: &Image) -> Cell {
    let status = image.status.as_str();
    let label = labels::with_value(&labels::image_status(image.status), status);
    match image.damaged {
        Some(_) => Cell::shown(
            format!("{status} (damaged)"),
            tr!("cli-status-damaged", status = label),
        ),
        None => Cell::shown(status, label),
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
        let mut row = vec![Cell::from(image.id.to_string()), text_opt(&image.name)];
        if long {
            row.extend([
                text_opt(&image.disk_format),
                text_opt(&image.container_format),
                Cell::opt(image.size_bytes),
                Cell::opt(image.virtual_size_bytes),
                text_opt(&image.checksum),
                status_cell(image),
                Cell::visibility(image.visibility),
                image.protected.into(),
                text_opt(&image.owner),
                tags_cell(image),
            ]);
        } else {
            row.push(status_cell(image));
        }
        table.add_row(row);
    }
    table.to_string()
}

/// Members as a table.
pub fn member_table(members: &[Member]) -> String {
    let mut table = new_table(&["Image ID", "Member ID", "Status"]);
    for member in members {
        table.add_row([
            Cell::from(member.image_id.to_string()),
            Cell::from(&member.member_id),
            Cell::member_status(member.status),
        ]);
    }
    table.to_string()
}

/// Transitions as a table.
pub fn history_table(transitions: &[Transition]) -> String {
    let mut table = new_table(&["Time", "From", "To", "Cause"]);
    for t in transitions {
        table.add_row([
            Cell::from(t.at.format("%Y-%m-%d %H:%M:%S%.3f").to_string()),
            t.from.map_or_else(|| Cell::from("-"), Cell::image_status),
            Cell::image_status(t.to),
            Cell::from(&t.cause),
        ]);
    }
    table.to_string()
}

/// Tasks as a table.
pub fn task_list_table(tasks: &[Task]) -> String {
    let mut table = new_table(&["ID", "Type", "Status", "Image", "Owner"]);
    for task in tasks {
        table.add_row([
            Cell::from(task.id.to_string()),
            Cell::from(&task.task_type),
            Cell::task_status(task.status),
            Cell::from(opt(&task.image_id)),
            Cell::from(opt(&task.owner)),
        ]);
    }
    table.to_string()
}

/// One task as a Field | Value table.
pub fn task_table(task: &Task) -> String {
    let mut table = new_table(&["Field", "Value"]);
    let rows: Vec<(&str, Cell)> = vec![
        ("created_at", glance_time(&task.created_at).into()),
        (
            "expires_at",
            task.expires_at
                .as_ref()
                .map(glance_time)
                .unwrap_or_default()
                .into(),
        ),
        ("id", task.id.to_string().into()),
        ("image_id", opt(&task.image_id).into()),
        ("input", task.input.to_string().into()),
        ("message", Cell::from(&task.message)),
        ("owner", opt(&task.owner).into()),
        (
            "result",
            task.result
                .as_ref()
                .map(|r| r.to_string())
                .unwrap_or_default()
                .into(),
        ),
        ("status", Cell::task_status(task.status)),
        ("type", Cell::from(&task.task_type)),
        ("updated_at", glance_time(&task.updated_at).into()),
    ];
    for (field, value) in rows {
        table.add_row([Cell::from(field), value]);
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
        Some(b) => {
            let human = human_bytes(Some(b));
            Cell::shown(
                format!("{human} ({b} bytes)"),
                tr!("cli-inspect-size", human = human, bytes = b.to_string()),
            )
        }
        None => Cell::from(String::new()),
    };
    let verdict = if inspection.is_safe() {
        Cell::shown("safe", tr!("cli-inspect-safe"))
    } else {
        // Scripts read the English findings; the table shows them in the current language.
        let joined = |text: fn(&Finding) -> String, separator: &str| {
            let reasons: Vec<String> = inspection.reasons().iter().map(text).collect();
            reasons.join(separator)
        };
        let reasons = joined(|f| f.to_string(), "; ");
        let shown = joined(Finding::shown, &tr!("inspect-reason-separator"));
        Cell::shown(
            format!("UNSAFE: {reasons}"),
            tr!("cli-inspect-unsafe", reasons = shown),
        )
    };
    let mut rows: Vec<(&str, Cell)> = vec![
        ("file", file.into()),
        (
            "format",
            Cell::shown(inspection.describe(), inspection.described()),
        ),
        (
            "glance disk_format",
            inspection.glance_disk_format().unwrap_or("-").into(),
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
    rows.extend(
        optional
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, Cell::from(v)))),
    );
    for (field, value) in rows {
        table.add_row([Cell::from(field), value]);
    }
    // Extents and notes come from the file itself: one escaped item a line.
    if !inspection.extents.is_empty() {
        table.add_lines_row("extents", &inspection.extents);
    }
    if !inspection.notes.is_empty() {
        table.rows.push(vec![
            Cell::from("notes"),
            Cell::ShownLines {
                plain: inspection.notes.clone(),
                shown: inspection.notes_shown(),
            },
        ]);
    }
    table.add_row([Cell::from("verdict"), verdict]);
    table.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(format: Format) -> Style {
        Style {
            format,
            ..Style::default()
        }
    }

    fn list() -> SafeTable {
        let mut view = SafeTable::new(&["ID", "Name", "Size"]);
        view.add_row([
            Cell::from("1"),
            Cell::from("a\\e \"b\", c"),
            Cell::from(10u64),
        ]);
        view.add_row([Cell::from("2"), Cell::from("x\x1b[31my\nz"), Cell::Null]);
        view
    }

    #[test]
    fn csv_quotes_as_pythons_csv_writer_in_cliff() {
        let text = list().render(&style(Format::Csv)).unwrap();
        // Backslashes escaped (display::escape doubled the one before `e` first), quotes
        // doubled, control characters spelled out so a row stays one line, None as "".
        assert_eq!(
            text,
            "\"ID\",\"Name\",\"Size\"\n\"1\",\"a\\\\\\\\e \"\"b\"\", c\",10\n\"2\",\"x\\\\e[31my\\\\nz\",\"\""
        );
        let all = Style {
            quote: Quote::All,
            ..style(Format::Csv)
        };
        assert!(list().render(&all).unwrap().contains(",\"10\""));
        let none = Style {
            quote: Quote::None,
            ..style(Format::Csv)
        };
        assert!(
            list()
                .render(&none)
                .unwrap()
                .contains("1,a\\\\\\\\e \\\"b\\\"\\, c,10")
        );
    }

    #[test]
    fn line_formats_escape_control_characters_and_yaml_keeps_them_exact() {
        let value = list().render(&style(Format::Value)).unwrap();
        assert_eq!(value.lines().count(), 2, "{value}");
        assert!(!value.contains('\x1b'));
        let yaml = list().render(&style(Format::Yaml)).unwrap();
        let back: Vec<std::collections::BTreeMap<String, serde_yaml_ng::Value>> =
            serde_yaml_ng::from_str(&yaml).unwrap();
        assert_eq!(back[1]["Name"], serde_yaml_ng::Value::from("x\x1b[31my\nz"));
        assert_eq!(back[0]["Size"], serde_yaml_ng::Value::from(10));
        assert!(!yaml.contains('\x1b'), "the emitter escapes it: {yaml}");
    }

    #[test]
    fn shell_names_follow_cliff_and_values_cannot_run_anything() {
        let mut record = SafeTable::new(&["Field", "Value"]);
        record.add_row([
            Cell::from("os:hash-algo"),
            Cell::from("`id` $HOME \\ \"q\""),
        ]);
        let shell = record
            .render(&Style {
                prefix: "p_".into(),
                ..style(Format::Shell)
            })
            .unwrap();
        assert_eq!(shell, "p_os_hash_algo=\"\\`id\\` \\$HOME \\\\ \\\"q\\\"\"");
    }

    #[test]
    fn columns_keep_the_view_order_and_none_known_is_cliffs_error() {
        let picked = Style {
            columns: vec!["Size".into(), "ID".into(), "Other".into()],
            ..style(Format::Value)
        };
        assert_eq!(list().render(&picked).unwrap(), "1 10\n2 ");
        let unknown = Style {
            columns: vec!["Other".into()],
            ..style(Format::Table)
        };
        assert_eq!(
            list().render(&unknown).unwrap_err(),
            "No recognized column names in ['Other']. Recognized columns are ['ID', 'Name', 'Size']."
        );
    }

    #[test]
    fn json_columns_match_glance_names() {
        let value = serde_json::json!([{"id": "1", "disk_format": "raw", "name": "a"}]);
        let picked = select_json(&value, &["ID".into(), "Disk Format".into()]).unwrap();
        assert_eq!(
            picked,
            serde_json::json!([{"id": "1", "disk_format": "raw"}])
        );
        assert!(select_json(&value, &["Nope".into()]).is_err());
        assert_eq!(
            select_json(&serde_json::json!([]), &["Nope".into()]).unwrap(),
            serde_json::json!([])
        );
    }
}
