//! `cloud cleanup list|run`: the remote cleanups the workbench still owes (a failed push's or
//! copy's half-made image whose delete failed too), and the automatic retry every command
//! that reaches a cloud makes (best-effort, notes on stderr only).

use chrono::SecondsFormat;
use clap::Subcommand;
use serde_json::{Value, json};

use super::{connect_only, table};
use crate::backend::remote::Session;
use crate::backend::remote::cleanups::{self, Attempt, PendingCleanup};
use crate::backend::remote::config::Clouds;
use crate::backend::{Catalog, Error};
use crate::cli::OutputFormat;
use crate::cli::output::print_json;
use crate::tr;

/// `cloud cleanup …`.
#[derive(Debug, Subcommand)]
pub enum CleanupCommand {
    /// Remote cleanups still pending: cloud, remote image, action, why, attempts, last error.
    List {
        /// Only this cloud's.
        cloud: Option<String>,
    },
    /// Try the pending cleanups now (of every cloud that has some, or of CLOUD).
    Run {
        /// Only this cloud's.
        cloud: Option<String>,
    },
}

fn time(at: Option<chrono::DateTime<chrono::Utc>>) -> Option<String> {
    at.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

fn cleanup_json(c: &PendingCleanup) -> Value {
    json!({
        "cloud": c.cloud, "remote_id": c.remote_id, "action": c.action.as_str(),
        "reason": c.reason, "recorded_at": time(Some(c.recorded_at)), "attempts": c.attempts,
        "last_error": c.last_error, "last_attempt_at": time(c.last_attempt_at),
    })
}

/// A cloud name must be a known cloud, or at least one with recorded cleanups (a cloud
/// removed since).
fn check_cloud(catalog: &Catalog, name: &str) -> Result<(), Error> {
    if !cleanups::pending(catalog, Some(name))?.is_empty() {
        return Ok(());
    }
    Clouds::load(Some(catalog.data_dir()))?.pick(Some(name))?;
    Ok(())
}

/// `cloud cleanup list|run`.
pub fn run(catalog: &Catalog, command: CleanupCommand, format: OutputFormat) -> Result<(), Error> {
    match command {
        CleanupCommand::List { cloud } => {
            if let Some(name) = &cloud {
                check_cloud(catalog, name)?;
            }
            let pending = cleanups::pending(catalog, cloud.as_deref())?;
            if format == OutputFormat::Json {
                print_json(&Value::Array(pending.iter().map(cleanup_json).collect()));
                return Ok(());
            }
            let mut t = table(&[
                ("Cloud", tr!("remote-col-cloud")),
                ("Remote ID", tr!("remote-col-remote-id")),
                ("Action", tr!("remote-col-action")),
                ("Reason", tr!("remote-col-reason")),
                ("Recorded", tr!("remote-col-recorded")),
                ("Attempts", tr!("remote-col-attempts")),
                ("Last error", tr!("remote-col-last-error")),
                ("Last attempt", tr!("remote-col-last-attempt")),
            ]);
            for c in &pending {
                t.add_row(vec![
                    c.cloud.clone(),
                    c.remote_id.clone(),
                    c.action.as_str().to_string(),
                    c.reason.clone(),
                    time(Some(c.recorded_at)).unwrap_or_default(),
                    c.attempts.to_string(),
                    c.last_error.clone().unwrap_or_default(),
                    time(c.last_attempt_at).unwrap_or_default(),
                ]);
            }
            println!("{t}");
            if pending.is_empty() {
                eprintln!("{}", tr!("remote-cleanup-none"));
            }
            Ok(())
        }
        CleanupCommand::Run { cloud } => run_now(catalog, cloud, format),
    }
}

fn run_now(catalog: &Catalog, cloud: Option<String>, format: OutputFormat) -> Result<(), Error> {
    let clouds: Vec<String> = match cloud {
        Some(name) => {
            check_cloud(catalog, &name)?;
            vec![name]
        }
        None => {
            let mut names: Vec<String> = cleanups::pending(catalog, None)?
                .into_iter()
                .map(|c| c.cloud)
                .collect();
            names.dedup();
            names
        }
    };
    let mut results: Vec<Value> = Vec::new();
    let mut failed = 0;
    let mut unreachable = Vec::new();
    for name in &clouds {
        if cleanups::pending(catalog, Some(name.as_str()))?.is_empty() {
            continue;
        }
        let session = match connect_only(catalog, Some(name.as_str())) {
            Ok(session) => session,
            Err(e) => {
                let message = e.to_string();
                cleanups::note_unreachable(catalog, name, &message)?;
                for c in cleanups::pending(catalog, Some(name.as_str()))? {
                    failed += 1;
                    results.push(json!({"cloud": c.cloud, "remote_id": c.remote_id,
                        "action": c.action.as_str(), "outcome": "failed", "detail": message}));
                }
                unreachable.push(message);
                continue;
            }
        };
        for attempt in cleanups::run(catalog, &session)? {
            let c = &attempt.cleanup;
            let (outcome, detail) = match &attempt.outcome {
                Ok(done) => ("done", done.as_str().to_string()),
                Err(e) => {
                    failed += 1;
                    ("failed", e.clone())
                }
            };
            results.push(json!({"cloud": c.cloud, "remote_id": c.remote_id,
                "action": c.action.as_str(), "outcome": outcome, "detail": detail}));
        }
    }
    if format == OutputFormat::Json {
        print_json(&Value::Array(results));
    } else {
        let mut t = table(&[
            ("Cloud", tr!("remote-col-cloud")),
            ("Remote ID", tr!("remote-col-remote-id")),
            ("Action", tr!("remote-col-action")),
            ("Outcome", tr!("remote-col-outcome")),
            ("Detail", tr!("remote-col-detail")),
        ]);
        for r in &results {
            let text = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            t.add_row(vec![
                text("cloud"),
                text("remote_id"),
                text("action"),
                text("outcome"),
                text("detail"),
            ]);
        }
        println!("{t}");
        if results.is_empty() {
            eprintln!("{}", tr!("remote-cleanup-none"));
        }
    }
    if failed > 0 {
        let problem = match unreachable.first() {
            Some(reason) => tr!(
                "remote-error-cleanup-failed-because",
                count = failed,
                reason = reason
            ),
            None => tr!("remote-error-cleanup-failed", count = failed),
        };
        return Err(Error::conflict("cloud cleanup run", problem));
    }
    Ok(())
}

/// The automatic retry after connecting: best-effort, one line on stderr per cleanup done and
/// one for those still pending; never an error.
pub(crate) fn retry_quietly(catalog: &Catalog, session: &Session) {
    let attempts: Vec<Attempt> = cleanups::retry(catalog, session);
    let cloud = &session.cloud().name;
    let mut left = 0;
    for attempt in &attempts {
        match &attempt.outcome {
            Ok(done) => eprintln!(
                "{}",
                tr!(
                    "remote-cleanup-retried",
                    cloud = cloud,
                    id = attempt.cleanup.remote_id,
                    done = done.as_str(),
                    reason = attempt.cleanup.reason
                )
            ),
            Err(_) => left += 1,
        }
    }
    if left > 0 {
        eprintln!(
            "{}",
            tr!("remote-cleanup-still-pending", cloud = cloud, count = left)
        );
    }
}
