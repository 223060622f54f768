//! A multi-store cloud's stores as both front ends use them: `remote store list [--detail]`
//! and the window's stores (push dialog ticks, "Copy to stores…", per-store Delete) read
//! [`view`]; `remote image copy-to-store`, `delete-from-store` and `import-url` and the
//! window's same actions call [`copy_to_stores`], [`delete_from_store`] and [`import_url`],
//! which also word the one-line summary both show.

use crate::backend::Catalog;
use crate::backend::jobs::JobControl;
use crate::backend::remote::error::RemoteResult;
use crate::backend::remote::stores::{self, ImportUrl, RemoteStore, StoreChoice, StoresOutcome};
use crate::backend::remote::{RemoteImage, Session};

/// A cloud's stores and import methods.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoresView {
    /// The stores (empty on a cloud without multi-store).
    pub stores: Vec<RemoteStore>,
    /// Whether `stores` came from the detailed listing.
    pub detail: bool,
    /// Why the stores could not be listed (no multi-store; details refused to a non-admin).
    pub note: Option<String>,
    /// The import methods `/v2/info/import` advertises.
    pub import_methods: Vec<String>,
}

impl StoresView {
    /// Whether the cloud offers an import method.
    pub fn offers(&self, method: &str) -> bool {
        self.import_methods.iter().any(|m| m == method)
    }

    /// The store ids.
    pub fn ids(&self) -> Vec<String> {
        self.stores.iter().map(|s| s.id().to_string()).collect()
    }
}

/// The cloud's stores (with details when asked and allowed: a 403 falls back to the plain
/// list with a note) and its import methods. A cloud without multi-store lists no stores.
pub fn view(session: &Session, detail: bool) -> RemoteResult<StoresView> {
    let import_methods = session.import_methods()?;
    let mut view = StoresView {
        import_methods,
        ..Default::default()
    };
    let listed = if detail {
        match session.list_stores(true) {
            Err(e) if e.status() == Some(403) => {
                view.note = Some(format!("details refused ({e}); the plain list"));
                session.list_stores(false)
            }
            other => {
                view.detail = other.is_ok();
                other
            }
        }
    } else {
        session.list_stores(false)
    };
    match listed {
        Ok(list) => view.stores = list,
        Err(e) if matches!(e.status(), Some(404 | 410)) => {
            view.note = Some("the cloud has a single store (no enabled_backends)".into());
        }
        Err(e) => return Err(e),
    }
    Ok(view)
}

fn failed_note(failed: &[String]) -> String {
    if failed.is_empty() {
        String::new()
    } else {
        format!("; FAILED in store(s) {}", failed.join(", "))
    }
}

/// Copy a remote image into more stores (copy-image); the outcome and its summary.
pub fn copy_to_stores(
    catalog: &Catalog,
    session: &Session,
    image_ref: &str,
    choice: &StoreChoice,
    job: &JobControl,
) -> RemoteResult<(StoresOutcome, String)> {
    let outcome = stores::copy_to_stores(catalog, session, image_ref, choice, job)?;
    let summary = format!(
        "copied remote image \"{}\" into {} on cloud {}: now in {}{}",
        outcome.remote.label(),
        choice.describe(),
        session.cloud().name,
        outcome.remote.stores().unwrap_or("(none)"),
        failed_note(&outcome.failed)
    );
    Ok((outcome, summary))
}

/// Delete a remote image's data from one store; the image afterwards and the summary.
pub fn delete_from_store(
    session: &Session,
    image_ref: &str,
    store: &str,
) -> RemoteResult<(RemoteImage, String)> {
    let image = stores::remove_from_store(session, image_ref, store)?;
    let summary = format!(
        "deleted remote image \"{}\" from store {store} on cloud {}: now in {}",
        image.label(),
        session.cloud().name,
        image.stores().filter(|s| !s.is_empty()).unwrap_or("(none)")
    );
    Ok((image, summary))
}

/// Create a remote image from a URL (web-download), followed to active; the outcome and
/// its summary.
pub fn import_url(
    catalog: &Catalog,
    session: &Session,
    request: &ImportUrl,
    job: &JobControl,
) -> RemoteResult<(StoresOutcome, String)> {
    let outcome = stores::import_url(catalog, session, request, job)?;
    let summary = format!(
        "imported \"{}\" from {} on cloud {} as {} ({}, in {}){}",
        outcome.remote.label(),
        request.url,
        session.cloud().name,
        outcome.remote.id(),
        crate::format::bytes(outcome.remote.size_bytes()),
        outcome.remote.stores().unwrap_or("the default store"),
        failed_note(&outcome.failed)
    );
    Ok((outcome, summary))
}
