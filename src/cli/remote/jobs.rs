//! `push`, `pull`, `copy`, `sync` and `cache`: the long remote jobs, with progress on stderr
//! and Ctrl-C cancelling them.

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use super::{CloudArg, connect, connect_to, print_info, table, with_progress};
use crate::app::remote::copy as app_copy;
use crate::app::remote::sync::{self as app_sync, RowOutcome};
use crate::backend::remote::cache::Cache;
use crate::backend::remote::config::Clouds;
use crate::backend::remote::push::{PushMethod, PushOptions};
use crate::backend::remote::same_data::SameData;
use crate::backend::remote::sync::{SyncAction, SyncCase, SyncFilter, SyncRow};
use crate::backend::remote::{self as remote};
use crate::backend::{Catalog, Error};
use crate::cli::OutputFormat;
use crate::cli::output::{human_bytes, print_json};
use crate::display::escape;
use crate::tr;

/// `push`.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// Local image name or id.
    pub image: String,
    /// The cloud (else OS_CLOUD). Repeat it to push to several clouds in one job: the data is
    /// read once and streamed to all of them at the same time, each verified on its own.
    #[arg(long = "cloud", visible_alias = "os-cloud", value_name = "CLOUD")]
    pub clouds: Vec<String>,
    /// Region: one of the cloud's `regions:` (else its region_name, else its first region).
    #[arg(long, visible_alias = "os-region-name")]
    pub region: Option<String>,
    /// upload (PUT …/file) or glance-direct (stage + import).
    #[arg(long, default_value = "upload")]
    pub method: String,
    /// Keep the remote image when the push fails (for a retry).
    #[arg(long)]
    pub keep_failed: bool,
    /// Name on the remote.
    #[arg(long)]
    pub name: Option<String>,
    /// Also share with this project (repeatable).
    #[arg(long = "member", value_name = "PROJECT")]
    pub members: Vec<String>,
    /// When the cloud already holds the same data (os_hash_value and size): record that
    /// remote image as this image's origin instead of pushing.
    #[arg(long, conflicts_with = "copy_anyway")]
    pub link: bool,
    /// Push even when the cloud already holds the same data (a second remote image).
    #[arg(long)]
    pub copy_anyway: bool,
    /// The stores to import into (multi-store clouds; any choice uses glance-direct).
    #[command(flatten)]
    pub stores: super::StoreArgs,
}

/// `pull`.
#[derive(Debug, Args)]
pub struct PullArgs {
    /// Remote image id, or its name when unique.
    pub remote_id: String,
    /// The cloud.
    #[command(flatten)]
    pub cloud: CloudArg,
    /// Local name (the remote's by default).
    #[arg(long)]
    pub name: Option<String>,
    /// When a local image already holds the same data (sha512 and size): record the remote
    /// image as its origin instead of pulling.
    #[arg(long, conflicts_with = "copy_anyway")]
    pub link: bool,
    /// Pull even when a local image already holds the same data (a second local image).
    #[arg(long)]
    pub copy_anyway: bool,
}

/// The same-data choice of `--link` / `--copy-anyway` (neither: refuse).
fn same_data_choice(link: bool, copy_anyway: bool) -> SameData {
    match (link, copy_anyway) {
        (true, _) => SameData::Link,
        (_, true) => SameData::Copy,
        _ => SameData::Refuse,
    }
}

/// Which command a same-data refusal comes from (the flags' meaning differs).
#[derive(Debug, Clone, Copy)]
enum SameDataOf {
    Push,
    Pull,
    Copy,
}

/// A same-data refusal with the flags that answer it (exit code 4, see `cli::exit_code`).
fn with_flags(error: Error, of: SameDataOf) -> Error {
    match error {
        Error::SameData {
            subject,
            problem,
            found_id,
            found_label,
        } => Error::SameData {
            subject,
            problem: match of {
                SameDataOf::Push => tr!("remote-error-push-same-data", problem = problem),
                SameDataOf::Pull => tr!("remote-error-pull-same-data", problem = problem),
                SameDataOf::Copy => tr!("remote-error-copy-same-data", problem = problem),
            },
            found_id,
            found_label,
        },
        other => other,
    }
}

/// `copy`.
#[derive(Debug, Args)]
pub struct CopyArgs {
    /// Image id on the source cloud, or its name when unique there.
    pub remote_id: String,
    /// Source cloud.
    #[arg(long)]
    pub from: String,
    /// Target cloud.
    #[arg(long)]
    pub to: String,
    /// Keep the target image when the copy fails.
    #[arg(long)]
    pub keep_failed: bool,
    /// When the target cloud already holds the same data (os_hash_value and size): report
    /// that image as the copy instead of copying (nothing is written on either cloud).
    #[arg(long, conflicts_with = "copy_anyway")]
    pub link: bool,
    /// Copy even when the target cloud already holds the same data (a second image there).
    #[arg(long)]
    pub copy_anyway: bool,
}

/// `sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The cloud.
    #[command(flatten)]
    pub cloud: CloudArg,
    /// Only show the plan.
    #[arg(long, conflicts_with = "apply")]
    pub dry_run: bool,
    /// Run the plan's push, pull, update and cleanup actions (a stuck remote image is deleted
    /// only when a push from this data dir made it and has ended).
    #[arg(long)]
    pub apply: bool,
    /// With --apply, also delete stuck images the workbench made elsewhere (another data dir,
    /// or a copy): their upload may still be running there.
    #[arg(long, requires = "apply")]
    pub clean_stuck: bool,
    /// Only images with this name.
    #[arg(long)]
    pub name: Option<String>,
    /// Only images with this tag (repeatable).
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// Only remote images changed since this time (updated_at=gt:…).
    #[arg(long, value_name = "ISO8601")]
    pub since: Option<String>,
    /// Only remote images changed since the last completed `--apply` with this cloud.
    #[arg(long, conflicts_with = "since")]
    pub incremental: bool,
}

/// `cache …`.
#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// Entries: cloud, remote id, name, size, complete, last use.
    List,
    /// Drop least recently used entries above the size cap.
    Prune {
        /// The cap in bytes (default: the `remote_cache_max_bytes` setting, 20 GiB unless set).
        #[arg(long)]
        max_bytes: Option<u64>,
    },
    /// Remove partial and invalid entries.
    Clean,
    /// Remove one complete entry.
    Remove {
        /// Remote image id.
        remote_id: String,
        /// The cloud it was pulled from.
        #[command(flatten)]
        cloud: CloudArg,
    },
    /// Prefetch remote images into the cache.
    Queue {
        /// Remote image ids (or names, each unique).
        #[arg(required = true)]
        ids: Vec<String>,
        /// The cloud.
        #[command(flatten)]
        cloud: CloudArg,
    },
}

/// `push IMAGE --cloud C`.
pub fn run_push(catalog: &Catalog, args: PushArgs, format: OutputFormat) -> Result<(), Error> {
    let image = catalog.resolve(&args.image)?;
    // Metadata that contradicts the content is the user's call: said, then sent anyway.
    for warning in catalog.guest_conflicts(&image) {
        eprintln!("{}", tr!("remote-warning", warning = escape(&warning)));
    }
    let method = match args.method.as_str() {
        "upload" => PushMethod::Upload,
        "glance-direct" => PushMethod::GlanceDirect,
        other => {
            return Err(Error::invalid(
                format!("--method {other}"),
                tr!("remote-error-method"),
            ));
        }
    };
    let options = PushOptions {
        method,
        keep_failed: args.keep_failed,
        name: args.name,
        extra_members: args.members,
        on_same_data: same_data_choice(args.link, args.copy_anyway),
        stores: args.stores.choice(),
        ..Default::default()
    };
    let mut clouds = args.clouds;
    clouds.dedup();
    if clouds.len() > 1 {
        return run_push_many(catalog, &image, &clouds, args.region, &options, format);
    }
    let cloud = CloudArg {
        cloud: clouds
            .pop()
            .or_else(|| std::env::var("OS_CLOUD").ok().filter(|c| !c.is_empty())),
        region: args.region,
    };
    let session = connect_to(catalog, &cloud)?;
    let label = tr!("remote-progress-push", image = image.label());
    let outcome = with_progress(&label, |job| {
        remote::push(catalog, &session, image.id, &options, job)
    })
    .map_err(|e| with_flags(e.into(), SameDataOf::Push))?;
    if outcome.linked {
        eprintln!(
            "{}",
            tr!(
                "remote-push-linked",
                image = escape(&image.label()),
                id = escape(outcome.remote.id()),
                cloud = escape(&session.cloud().name)
            )
        );
        print_info(
            &json!({"id": outcome.remote.id(), "name": outcome.remote.name(),
            "status": outcome.remote.status(), "os_hash_value": outcome.remote.os_hash_value(),
            "linked": true, "local_id": image.id}),
            format,
        );
        return Ok(());
    }
    eprintln!(
        "{}",
        tr!(
            "remote-pushed",
            image = escape(&image.label()),
            cloud = escape(&session.cloud().name),
            id = escape(outcome.remote.id()),
            method = outcome.method.as_str()
        )
    );
    if !outcome.failed_stores.is_empty() {
        eprintln!(
            "{}",
            tr!(
                "remote-push-failed-stores",
                stores = escape(&outcome.failed_stores.join(", "))
            )
        );
    }
    print_info(
        &json!({"id": outcome.remote.id(), "status": outcome.remote.status(),
        "os_hash_value": outcome.remote.os_hash_value(), "method": outcome.method.as_str(),
        "members": outcome.members, "stores": outcome.remote.stores(),
        "os_glance_failed_import": outcome.failed_stores.join(",")}),
        format,
    );
    Ok(())
}

/// `push IMAGE --cloud A --cloud B …`: one job, the data read once; a table row (or a JSON
/// entry) per cloud; an error (after every cloud's outcome) unless all succeeded.
fn run_push_many(
    catalog: &Catalog,
    image: &crate::backend::Image,
    clouds: &[String],
    region: Option<String>,
    options: &PushOptions,
    format: OutputFormat,
) -> Result<(), Error> {
    // Connect first (a secret may be asked on the terminal); a cloud that cannot be reached
    // is that cloud's failure, not the others'.
    let mut sessions = Vec::new();
    let mut unreachable = Vec::new();
    for name in clouds {
        let arg = CloudArg {
            cloud: Some(name.clone()),
            region: region.clone(),
        };
        match connect_to(catalog, &arg) {
            Ok(session) => sessions.push(session),
            Err(e) => unreachable.push((name.clone(), e)),
        }
    }
    let pushed = if sessions.is_empty() {
        Vec::new()
    } else {
        let label = tr!(
            "remote-progress-push-many",
            image = image.label(),
            count = sessions.len()
        );
        with_progress(&label, |job| {
            remote::push_many(catalog, &sessions, image.id, options, job)
        })?
    };
    // In the order given on the command line (a name given twice is pushed once).
    let mut pushed = pushed;
    let mut outcomes: Vec<(String, Result<remote::PushOutcome, Error>)> = Vec::new();
    for name in clouds {
        if outcomes.iter().any(|(c, _)| c == name) {
            continue;
        }
        let result = if let Some(i) = unreachable.iter().position(|(c, _)| c == name) {
            Err(unreachable.remove(i).1)
        } else if let Some(i) = pushed.iter().position(|p| p.cloud == *name) {
            pushed
                .remove(i)
                .result
                .map_err(|e| with_flags(e.into(), SameDataOf::Push))
        } else {
            continue;
        };
        outcomes.push((name.clone(), result));
    }
    // A session whose cloud is named otherwise than given (none expected): still reported.
    for p in pushed {
        outcomes.push((p.cloud, p.result.map_err(Error::from)));
    }
    let rows: Vec<Value> = outcomes
        .iter()
        .map(|(cloud, result)| match result {
            Ok(o) => json!({"cloud": cloud, "remote_id": o.remote.id(),
                "status": o.remote.status(), "verified": !o.linked, "linked": o.linked,
                "method": o.method.as_str(), "os_hash_value": o.remote.os_hash_value(),
                "members": o.members, "error": null}),
            Err(e) => json!({"cloud": cloud, "remote_id": null, "status": "failed",
                "verified": false, "linked": false, "error": e.to_string()}),
        })
        .collect();
    for (cloud, result) in &outcomes {
        match result {
            Ok(o) if o.linked => eprintln!(
                "{}",
                tr!(
                    "remote-push-many-linked",
                    cloud = escape(cloud),
                    image = escape(&image.label()),
                    id = escape(o.remote.id())
                )
            ),
            Ok(o) => eprintln!(
                "{}",
                tr!(
                    "remote-push-many-pushed",
                    cloud = escape(cloud),
                    image = escape(&image.label()),
                    id = escape(o.remote.id()),
                    method = o.method.as_str()
                )
            ),
            Err(e) => eprintln!(
                "{}",
                tr!(
                    "remote-push-many-failed",
                    cloud = escape(cloud),
                    error = escape(&e.to_string())
                )
            ),
        }
    }
    if format == OutputFormat::Json {
        print_json(&Value::Array(rows));
    } else {
        let mut t = table(&[
            ("Cloud", tr!("remote-col-cloud")),
            ("Remote ID", tr!("remote-col-remote-id")),
            ("Status", tr!("remote-col-status")),
            ("Verified", tr!("remote-col-verified")),
            ("Error", tr!("remote-col-error")),
        ]);
        for row in &rows {
            let text = |k: &str| match &row[k] {
                Value::String(s) => s.clone(),
                Value::Bool(true) => tr!("remote-yes"),
                Value::Bool(false) => tr!("remote-no"),
                _ => String::new(),
            };
            let verified = if row["linked"] == true {
                tr!("remote-linked")
            } else {
                text("verified")
            };
            t.add_row(vec![
                text("cloud"),
                text("remote_id"),
                text("status"),
                verified,
                text("error"),
            ]);
        }
        println!("{t}");
    }
    many_outcome(outcomes.into_iter().map(|(c, r)| (c, r.err())).collect())
}

/// The exit of a push to several clouds: success when every cloud succeeded, else the most
/// serious failure's code (cancelled 130, internal 3, user 1; 4 when every failure is the
/// cloud already holding the same data), the message counting the clouds that failed.
fn many_outcome(outcomes: Vec<(String, Option<Error>)>) -> Result<(), Error> {
    let total = outcomes.len();
    let failed: Vec<(String, Error)> = outcomes
        .into_iter()
        .filter_map(|(cloud, e)| e.map(|e| (cloud, e)))
        .collect();
    if failed.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = failed.iter().map(|(c, _)| c.as_str()).collect();
    let clouds = names.join(", ");
    let count = failed.len();
    let what = tr!(
        "remote-error-push-many",
        failed = count,
        total = total,
        clouds = clouds
    );
    let failed_internal = || {
        Error::Internal(tr!(
            "remote-error-push-many-failed",
            failed = count,
            total = total,
            clouds = clouds
        ))
    };
    let rank = |e: &Error| match (e, e.kind()) {
        (_, crate::backend::ErrorKind::Cancelled) => 0,
        (_, crate::backend::ErrorKind::Internal) => 1,
        (Error::SameData { .. }, _) => 3,
        _ => 2,
    };
    let worst = failed.iter().map(|(_, e)| rank(e)).min().unwrap_or(2);
    Err(match worst {
        0 => Error::Cancelled(what),
        1 => failed_internal(),
        3 => failed
            .into_iter()
            .next()
            .map_or_else(failed_internal, |(_, e)| e),
        _ => Error::invalid(what, tr!("remote-error-failed")),
    })
}

/// `pull REMOTE_ID --cloud C`.
pub fn run_pull(catalog: &Catalog, args: PullArgs, format: OutputFormat) -> Result<(), Error> {
    let session = connect_to(catalog, &args.cloud)?;
    let remote_id = session.resolve_image(&args.remote_id)?.id().to_string();
    let label = tr!("remote-progress-pull", id = args.remote_id);
    let outcome = with_progress(&label, |job| {
        remote::pull_or_link(
            catalog,
            &session,
            &remote_id,
            args.name.as_deref(),
            same_data_choice(args.link, args.copy_anyway),
            job,
        )
    })
    .map_err(|e| with_flags(e.into(), SameDataOf::Pull))?;
    if outcome.linked {
        eprintln!(
            "{}",
            tr!(
                "remote-pull-linked",
                image = escape(&outcome.image.label()),
                id = escape(outcome.remote.id())
            )
        );
    } else if outcome.already_present {
        eprintln!(
            "{}",
            tr!("remote-pull-already", id = outcome.image.id.to_string())
        );
    } else if outcome.resumed_from_bytes > 0 {
        eprintln!(
            "{}",
            tr!(
                "remote-pull-resumed",
                bytes = outcome.resumed_from_bytes.to_string()
            )
        );
    }
    print_info(
        &json!({"id": outcome.image.id, "name": outcome.image.name, "status": outcome.image.status,
        "size": outcome.image.size_bytes, "os_hash_value": outcome.image.os_hash_value,
        "resumed_from_bytes": outcome.resumed_from_bytes, "linked": outcome.linked}),
        format,
    );
    Ok(())
}

/// `copy REMOTE_ID --from A --to B`.
pub fn run_copy(catalog: &Catalog, args: CopyArgs, format: OutputFormat) -> Result<(), Error> {
    let from = connect(catalog, Some(&args.from))?;
    let to = connect(catalog, Some(&args.to))?;
    let remote_id = from.resolve_image(&args.remote_id)?.id().to_string();
    let options = remote::CopyOptions {
        keep_failed: args.keep_failed,
        on_same_data: same_data_choice(args.link, args.copy_anyway),
        skip_quota_check: false,
    };
    let label = tr!("remote-progress-copy", id = args.remote_id);
    // The same copy as the window's "Copy to cloud…" (crate::app::remote::copy); the CLI
    // prints its own lines, not the window's summary.
    let (outcome, _) = with_progress(&label, |job| {
        app_copy::copy(catalog, &from, &to, &remote_id, &options, job)
    })
    .map_err(|e| with_flags(e.into(), SameDataOf::Copy))?;
    if outcome.linked {
        eprintln!(
            "{}",
            tr!(
                "remote-copy-linked",
                cloud = escape(&to.cloud().name),
                source = escape(outcome.source.id()),
                target = escape(outcome.target.id())
            )
        );
    }
    print_info(
        &json!({"source_id": outcome.source.id(), "target_id": outcome.target.id(),
        "os_hash_value": outcome.target.os_hash_value(), "linked": outcome.linked}),
        format,
    );
    Ok(())
}

fn row_json(row: &SyncRow) -> Value {
    json!({
        "name": row.label(),
        "case": row.case.as_str(),
        "action": row.action.as_str(),
        "local_id": row.local.as_ref().map(|i| i.id.to_string()),
        "remote_id": row.remote.as_ref().map(|r| r.id().to_string()),
        "differences": row.differences,
    })
}

/// `sync --cloud C --dry-run|--apply`.
pub fn run_sync(catalog: &Catalog, args: SyncArgs, format: OutputFormat) -> Result<(), Error> {
    let session = connect_to(catalog, &args.cloud)?;
    let cloud = session.cloud().name.clone();
    let since = if args.incremental {
        let last = catalog.last_sync(&cloud)?;
        match &last {
            Some(at) => eprintln!(
                "{}",
                tr!(
                    "remote-sync-since-last",
                    cloud = escape(&cloud),
                    at = escape(at)
                )
            ),
            None => eprintln!("{}", tr!("remote-sync-first", cloud = escape(&cloud))),
        }
        last
    } else {
        args.since
    };
    let filter = SyncFilter {
        name: args.name,
        tags: args.tags,
        since,
    };
    // The same plan and apply as the window's sync tab (crate::app::remote::sync).
    let mut plan = app_sync::plan(catalog, &session, &filter)?;
    if args.clean_stuck {
        for row in plan.rows.iter_mut().filter(|r| r.case == SyncCase::Stuck) {
            row.action = SyncAction::Cleanup;
        }
    }
    if format == OutputFormat::Json {
        print_json(&Value::Array(plan.rows.iter().map(row_json).collect()));
    } else {
        let mut t = table(&[
            ("Name", tr!("remote-col-name")),
            ("Case", tr!("remote-col-case")),
            ("Action", tr!("remote-col-action")),
            ("Local ID", tr!("remote-col-local-id")),
            ("Remote ID", tr!("remote-col-remote-id")),
            ("Differences", tr!("remote-col-differences")),
        ]);
        for row in &plan.rows {
            let v = row_json(row);
            let text = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            t.add_row(vec![
                text("name"),
                text("case"),
                text("action"),
                text("local_id"),
                text("remote_id"),
                row.differences.join(", "),
            ]);
        }
        println!("{t}");
    }
    if !args.apply {
        return Ok(());
    }
    let label = tr!("remote-progress-sync", cloud = cloud);
    let applied = with_progress(&label, |job| {
        app_sync::apply(
            catalog,
            &session,
            &plan,
            &plan.rows,
            true,
            job,
            &mut |row, outcome| match outcome {
                RowOutcome::Done(what) => eprintln!("{}: {}", escape(&row.label()), escape(what)),
                RowOutcome::Skipped(why) => eprintln!("{}: {}", escape(&row.label()), escape(why)),
                RowOutcome::Refused(why) => eprintln!(
                    "{}",
                    tr!(
                        "remote-sync-row-refused",
                        name = escape(&row.label()),
                        reason = escape(why)
                    )
                ),
                RowOutcome::Failed(error) => eprintln!(
                    "{}",
                    tr!(
                        "remote-sync-row-failed",
                        name = escape(&row.label()),
                        error = escape(error)
                    )
                ),
            },
        )
    })?;
    if applied.failed > 0 {
        return Err(Error::Internal(tr!(
            "remote-error-sync-failed",
            count = applied.failed
        )));
    }
    if !applied.refused.is_empty() {
        // Refused before starting (a quota, the same data there): the person's to decide.
        return Err(Error::invalid(
            tr!("remote-error-sync-subject", cloud = cloud),
            tr!(
                "remote-error-sync-refused",
                count = applied.refused.len(),
                actions = applied.refused.join(", ")
            ),
        ));
    }
    Ok(())
}

/// `cache list|prune|clean|queue`.
pub fn run_cache(
    catalog: &Catalog,
    command: CacheCommand,
    format: OutputFormat,
) -> Result<(), Error> {
    let cache = Cache::new(catalog.data_dir());
    let entries = match command {
        CacheCommand::List => cache.entries()?,
        CacheCommand::Prune { max_bytes } => {
            cache.prune(max_bytes.unwrap_or_else(|| remote::pull::cache_cap_bytes(catalog)))?
        }
        CacheCommand::Clean => cache.clean()?,
        CacheCommand::Remove { remote_id, cloud } => {
            // The cloud's name only: no session is needed to drop local data.
            let name = Clouds::load(Some(catalog.data_dir()))?
                .pick(cloud.cloud.as_deref())?
                .name;
            // The same removal as the window's cache tab (crate::app::remote::cache).
            let entry = crate::app::remote::cache::remove(catalog.data_dir(), &name, &remote_id)?;
            eprintln!(
                "{}",
                tr!(
                    "remote-cache-removed",
                    name = escape(entry.name.as_deref().unwrap_or(&remote_id)),
                    size = human_bytes(Some(entry.size_bytes))
                )
            );
            cache.entries()?
        }
        CacheCommand::Queue { ids, cloud } => {
            let session = connect_to(catalog, &cloud)?;
            for given in &ids {
                let id = &session.resolve_image(given)?.id().to_string();
                let label = tr!("remote-progress-queue", id = given);
                let path = with_progress(&label, |job| remote::queue(catalog, &session, id, job))?;
                eprintln!(
                    "{}",
                    tr!(
                        "remote-cache-queued",
                        id = escape(id),
                        path = escape(&path.display().to_string())
                    )
                );
            }
            cache.entries()?
        }
    };
    let rows: Vec<Value> = entries
        .iter()
        .map(|e| json!({"cloud": e.cloud, "remote_id": e.remote_id, "name": e.name, "size": e.size_bytes,
                        "complete": e.complete, "last_used": e.last_used, "path": e.path.display().to_string()}))
        .collect();
    if format == OutputFormat::Json {
        print_json(&Value::Array(rows));
        return Ok(());
    }
    let mut t = table(&[
        ("Cloud", tr!("remote-col-cloud")),
        ("Remote ID", tr!("remote-col-remote-id")),
        ("Name", tr!("remote-col-name")),
        ("Size", tr!("remote-col-size")),
        ("Complete", tr!("remote-col-complete")),
        ("Last used", tr!("remote-col-last-used")),
    ]);
    for e in &entries {
        t.add_row(vec![
            e.cloud.clone(),
            e.remote_id.clone(),
            e.name.clone().unwrap_or_default(),
            human_bytes(Some(e.size_bytes)),
            e.complete.to_string(),
            e.last_used.clone(),
        ]);
    }
    println!("{t}");
    Ok(())
}
