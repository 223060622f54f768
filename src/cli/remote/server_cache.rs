//! `remote cache list|queue|delete|clear|clean|prune --cloud C`: a cloud's server cache
//! (Glance's image cache on its API nodes), through the same [`server_cache::run`] as the
//! window's "Server cache" tab. The workbench's local cache of pulled data is `cache …`.

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use super::{CloudArg, connect, table};
use crate::app::remote::server_cache::{self, ServerCacheAction, ServerCacheView};
use crate::backend::remote::RemoteError;
use crate::backend::remote::server_cache::ClearTarget;
use crate::backend::{Catalog, Error};
use crate::cli::OutputFormat;
use crate::cli::output::{human_bytes, print_json};
use crate::tr;

/// `remote cache …`.
#[derive(Debug, Subcommand)]
pub enum ServerCacheCommand {
    /// Cached images (size, hits, last access) and images queued for prefetch.
    List(CloudArg),
    /// Queue images for prefetch into the server cache (by id or unique name).
    Queue(ImagesArgs),
    /// Remove images from the server cache and its queue (by id or unique name).
    Delete(ImagesArgs),
    /// Empty the server cache and its queue (or only one of them).
    Clear(ClearArgs),
    /// Remove invalid and stalled entries (image API 2.18).
    Clean(CloudArg),
    /// Remove least recently used images above the cloud's cache size cap (image API 2.18).
    Prune(CloudArg),
}

/// Images and the cloud.
#[derive(Debug, Args)]
pub struct ImagesArgs {
    /// Image ids or names unique on the cloud.
    #[arg(required = true)]
    pub images: Vec<String>,
    /// The cloud.
    #[command(flatten)]
    pub cloud: CloudArg,
}

/// `remote cache clear`.
#[derive(Debug, Args)]
pub struct ClearArgs {
    /// Only the cached images (the queue stays).
    #[arg(long, conflicts_with = "queue")]
    pub cache: bool,
    /// Only the queue (cached images stay).
    #[arg(long)]
    pub queue: bool,
    /// The cloud.
    #[command(flatten)]
    pub cloud: CloudArg,
}

/// Run `remote cache …`.
pub fn run(
    catalog: &Catalog,
    command: ServerCacheCommand,
    format: OutputFormat,
) -> Result<(), Error> {
    let (cloud, images, action) = match command {
        ServerCacheCommand::List(cloud) => (cloud, Vec::new(), ServerCacheAction::List),
        ServerCacheCommand::Queue(a) => (a.cloud, a.images, ServerCacheAction::Queue(Vec::new())),
        ServerCacheCommand::Delete(a) => (a.cloud, a.images, ServerCacheAction::Delete(Vec::new())),
        ServerCacheCommand::Clear(a) => {
            let target = if a.cache {
                ClearTarget::Cache
            } else if a.queue {
                ClearTarget::Queue
            } else {
                ClearTarget::Both
            };
            (a.cloud, Vec::new(), ServerCacheAction::Clear(target))
        }
        ServerCacheCommand::Clean(cloud) => (cloud, Vec::new(), ServerCacheAction::Clean),
        ServerCacheCommand::Prune(cloud) => (cloud, Vec::new(), ServerCacheAction::Prune),
    };
    let session = connect(catalog, cloud.cloud.as_deref())?;
    let action = match action {
        ServerCacheAction::Queue(_) | ServerCacheAction::Delete(_) => {
            let ids = images
                .iter()
                .map(|i| server_cache::resolve_image(&session, i))
                .collect::<Result<Vec<_>, _>>()?;
            if matches!(action, ServerCacheAction::Queue(_)) {
                ServerCacheAction::Queue(ids)
            } else {
                ServerCacheAction::Delete(ids)
            }
        }
        other => other,
    };
    let outcome = server_cache::run(&session, &action)?;
    if let Some(reason) = outcome.view.unavailable {
        return Err(RemoteError::Failed {
            context: tr!("remote-error-server-cache", cloud = session.cloud().name),
            problem: reason,
        }
        .into());
    }
    if let Some(done) = &outcome.done {
        eprintln!("{}", crate::display::escape(done));
    }
    print_view(&outcome.view, format);
    Ok(())
}

/// Seconds since the epoch (Glance's float) as UTC.
fn time(seconds: Option<f64>) -> Option<chrono::DateTime<chrono::Utc>> {
    let seconds = seconds?;
    // Whole seconds are enough to read; a value beyond i64 is no time at all.
    chrono::DateTime::from_timestamp(seconds.trunc() as i64, 0)
}

/// The view as JSON (the `-f json` output; tests read it too).
pub fn view_json(view: &ServerCacheView) -> Value {
    json!({
        "cached_images": view.state.cached.iter().map(|c| json!({
            "image_id": c.image_id,
            "name": view.name(&c.image_id),
            "size": c.size,
            "hits": c.hits,
            "last_accessed": time(c.last_accessed).map(|t| t.to_rfc3339()),
        })).collect::<Vec<_>>(),
        "queued_images": view.state.queued.iter().map(|id| json!({
            "image_id": id,
            "name": view.name(id),
        })).collect::<Vec<_>>(),
    })
}

fn print_view(view: &ServerCacheView, format: OutputFormat) {
    if format == OutputFormat::Json {
        return print_json(&view_json(view));
    }
    let mut cached = table(&[
        ("Name", tr!("remote-col-name")),
        ("ID", tr!("remote-col-id")),
        ("Size", tr!("remote-col-size")),
        ("Hits", tr!("remote-col-hits")),
        ("Last accessed", tr!("remote-col-last-accessed")),
    ]);
    for c in &view.state.cached {
        cached.add_row(vec![
            view.name(&c.image_id).unwrap_or_default().to_string(),
            c.image_id.clone(),
            human_bytes(Some(c.size)),
            c.hits.to_string(),
            time(c.last_accessed).map_or_else(String::new, |t| crate::format::local_time(&t)),
        ]);
    }
    println!(
        "{}\n{cached}",
        tr!(
            "remote-server-cache-cached-heading",
            count = view.state.cached.len()
        )
    );
    let mut queued = table(&[
        ("Name", tr!("remote-col-name")),
        ("ID", tr!("remote-col-id")),
    ]);
    for id in &view.state.queued {
        queued.add_row(vec![
            view.name(id).unwrap_or_default().to_string(),
            id.clone(),
        ]);
    }
    println!(
        "{}\n{queued}",
        tr!(
            "remote-server-cache-queued-heading",
            count = view.state.queued.len()
        )
    );
}
