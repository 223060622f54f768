//! `image inspect --guest`, `image set --from-inspection[-dry-run]`: what is inside files
//! and catalog images, and the properties it suggests, as tables and JSON. The work is
//! [`crate::app::guest`]'s, shared with the window.

use std::path::PathBuf;

use serde_json::{Map, Value, json};

use crate::app::guest::{self, GuestTarget, Looked};
use crate::backend::{Catalog, Image, Result};
use crate::cli::args::OutputFormat;
use crate::cli::output::{SafeTable, print_json};
use crate::cli::progress;
use crate::convert::guest::{GuestReport, PropertySuggestion};
use crate::display::escape;
use crate::tr;

/// What one target of `image inspect --guest` found.
enum Found {
    File(String, Box<GuestReport>),
    Image(Box<Looked>),
}

/// `image inspect --guest FILE|IMAGE…`.
pub fn inspect(catalog: &Catalog, targets: &[PathBuf], format: OutputFormat) -> Result<()> {
    let mut found = Vec::new();
    for target in targets {
        let text = target.to_string_lossy();
        match guest::resolve_target(catalog, &text)? {
            GuestTarget::File(path) => {
                let report = progress::job_shown(
                    &format!("looking inside {}", path.display()),
                    &tr!("cli-progress-looking-inside", name = path.as_path()),
                    |job| guest::look_inside_file(catalog, &path, job),
                )?;
                found.push(Found::File(path.display().to_string(), Box::new(report)));
            }
            GuestTarget::Image(image) => {
                let looked = progress::job_shown(
                    &format!("looking inside {}", image.label()),
                    &tr!("cli-progress-looking-inside", name = image.label()),
                    |job| guest::look_inside(catalog, image.id, job),
                )?;
                found.push(Found::Image(Box::new(looked)));
            }
        }
    }
    match format {
        OutputFormat::Json => print_json(&Value::Array(found.iter().map(found_json).collect())),
        OutputFormat::Table => {
            for (i, one) in found.iter().enumerate() {
                if i > 0 {
                    println!();
                }
                print_found(one);
            }
        }
    }
    Ok(())
}

/// The JSON of one target: the report's fields, `suggested_properties` keyed by Glance
/// property names, and for a catalog image its id, name and the comparison list.
fn found_json(found: &Found) -> Value {
    let (report, mut extra) = match found {
        Found::File(file, report) => (&**report, json!({ "file": file })),
        Found::Image(looked) => (
            &looked.report,
            json!({
                "image": { "id": looked.image.id, "name": looked.image.name },
                "comparison": looked.suggestions,
            }),
        ),
    };
    let mut value = serde_json::to_value(report).unwrap_or(Value::Null);
    if let (Value::Object(map), Value::Object(more)) = (&mut value, &mut extra) {
        map.append(more);
        map.insert(
            "suggested_properties".into(),
            Value::Object(
                report
                    .suggested_properties()
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect::<Map<String, Value>>(),
            ),
        );
    }
    value
}

fn print_found(found: &Found) {
    let (subject, report) = match found {
        Found::File(file, report) => (file.clone(), &**report),
        Found::Image(looked) => (
            tr!("cli-guest-image", name = looked.image.label()),
            &looked.report,
        ),
    };
    let mut table = SafeTable::new(&["Field", "Value"]);
    table.add_row(["looked inside", subject.as_str()]);
    for (field, value) in guest::report_rows(report) {
        table.add_row([field, value.as_str()]);
    }
    println!("{table}");
    if !report.partitions.is_empty() {
        let mut parts = SafeTable::new(&["#", "Start", "Size", "Type", "Filesystem", "Label"]);
        for p in &report.partitions {
            parts.add_row(guest::partition_cells(p));
        }
        println!("{parts}");
    }
    for finding in &report.findings {
        println!(
            "{}",
            tr!(
                "cli-guest-finding",
                message = escape(&finding.shown()).into_owned(),
                code = finding.code.to_string()
            )
        );
    }
    match found {
        Found::File(..) => {
            let suggested = report.suggested_properties();
            if suggested.is_empty() {
                println!("{}", tr!("cli-guest-nothing-to-suggest"));
            } else {
                let mut table = SafeTable::new(&["Suggested property", "Value"]);
                for (key, value) in &suggested {
                    table.add_row([key, value]);
                }
                println!("{table}");
            }
        }
        Found::Image(looked) => print_comparison(&looked.image, report, &looked.suggestions),
    }
}

/// The table of key / current / suggested / kind, and one warning line per conflict.
fn print_comparison(image: &Image, report: &GuestReport, suggestions: &[PropertySuggestion]) {
    if suggestions.is_empty() {
        println!("{}", tr!("cli-guest-nothing-to-suggest"));
        return;
    }
    let mut table = SafeTable::new(&["Key", "Current", "Suggested", "Kind"]);
    for s in suggestions {
        table.add_row([
            s.key.as_str(),
            s.current.as_deref().unwrap_or("-"),
            s.suggested.as_str(),
            guest::kind_word(s.kind),
        ]);
    }
    println!("{table}");
    for warning in crate::backend::guest::conflict_warnings(image, report) {
        eprintln!(
            "{}",
            tr!("cli-warning", message = escape(&warning).into_owned())
        );
    }
}

/// `image set IMAGE --from-inspection-dry-run`: the suggestions beside the current values;
/// nothing changes.
pub fn dry_run(catalog: &Catalog, image: &Image, format: OutputFormat) -> Result<()> {
    let looked = progress::job_shown(
        &format!("looking inside {}", image.label()),
        &tr!("cli-progress-looking-inside", name = image.label()),
        |job| guest::look_inside(catalog, image.id, job),
    )?;
    match format {
        OutputFormat::Json => print_json(&json!(looked.suggestions)),
        OutputFormat::Table => {
            print_comparison(&looked.image, &looked.report, &looked.suggestions);
        }
    }
    Ok(())
}

/// `image set IMAGE --from-inspection [--suggestion KEY…]`: apply, print what changed.
pub fn apply(
    catalog: &Catalog,
    image: &Image,
    keys: &[String],
    format: OutputFormat,
) -> Result<()> {
    let keys = (!keys.is_empty()).then_some(keys);
    let applied = progress::job_shown(
        &format!("looking inside {}", image.label()),
        &tr!("cli-progress-looking-inside", name = image.label()),
        |job| guest::apply_suggestions(catalog, image.id, None, keys, job),
    )?;
    for warning in &applied.warnings {
        eprintln!(
            "{}",
            tr!(
                "cli-guest-warning-saved",
                message = escape(warning).into_owned()
            )
        );
    }
    match format {
        OutputFormat::Json => print_json(&json!({
            "id": applied.image.id,
            "applied": applied.applied,
        })),
        OutputFormat::Table if applied.applied.is_empty() => {
            println!("{}", escape(&guest::applied_summary(&applied)));
        }
        OutputFormat::Table => {
            let mut table = SafeTable::new(&["Key", "Was", "Now", "Kind"]);
            for s in &applied.applied {
                table.add_row([
                    s.key.as_str(),
                    s.current.as_deref().unwrap_or("-"),
                    s.suggested.as_str(),
                    guest::kind_word(s.kind),
                ]);
            }
            println!("{table}");
        }
    }
    Ok(())
}
