//! `remote usage --cloud C`: the project's quota usage on a cloud against its limits
//! (`/v2/info/usage`), the same read as the Images tab's usage bars.

use serde_json::{Map, Value, json};

use super::{CloudArg, connect_to, table};
use crate::backend::remote::RemoteError;
use crate::backend::remote::usage::{self, Usage};
use crate::backend::{Catalog, Error};
use crate::cli::OutputFormat;
use crate::cli::output::print_json;
use crate::tr;

/// The usage as JSON: Glance's own shape (`{"usage": {name: {usage, limit}}}`) plus the
/// cloud (the `-f json` output; tests read it too).
pub fn usage_json(cloud: &str, usage: &Usage) -> Value {
    let mut map = Map::new();
    for q in &usage.quotas {
        map.insert(
            q.resource.clone(),
            json!({"usage": q.usage, "limit": q.limit}),
        );
    }
    json!({"cloud": cloud, "usage": map})
}

/// Run `remote usage`.
pub fn run(catalog: &Catalog, cloud: &CloudArg, format: OutputFormat) -> Result<(), Error> {
    let session = connect_to(catalog, cloud)?;
    let found = session.usage()?;
    let name = session.cloud().name.clone();
    if let Some(reason) = &found.unavailable {
        return Err(RemoteError::Failed {
            context: tr!("remote-error-quota-usage", cloud = name),
            problem: reason.clone(),
        }
        .into());
    }
    if format == OutputFormat::Json {
        print_json(&usage_json(&name, &found));
        return Ok(());
    }
    let mut t = table(&[
        ("Limit", tr!("remote-col-limit")),
        ("Counts", tr!("remote-col-counts")),
        ("Used", tr!("remote-col-used")),
        ("Limit value", tr!("remote-col-limit-value")),
        ("Used %", tr!("remote-col-used-percent")),
    ]);
    for q in &found.quotas {
        let percent = if q.limited() && q.limit > 0 {
            format!("{:.0} %", q.fraction() * 100.0)
        } else {
            String::new()
        };
        let limit = if q.limited() {
            usage::amount(&q.resource, q.limit)
        } else {
            tr!("remote-no-limit")
        };
        t.add_row(vec![
            q.resource.clone(),
            usage::describe(&q.resource).to_string(),
            usage::amount(&q.resource, q.usage),
            limit,
            percent,
        ]);
    }
    println!("{t}");
    Ok(())
}
