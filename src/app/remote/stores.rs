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
use crate::tr;

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
                view.note = Some(tr!("rlib-stores-details-refused", error = e.to_string()));
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
            view.note = Some(tr!("rlib-stores-single"));
        }
        Err(e) => return Err(e),
    }
    Ok(view)
}

/// `done`, and the stores that failed when any did.
fn with_failed(done: String, failed: &[String]) -> String {
    if failed.is_empty() {
        done
    } else {
        tr!(
            "rlib-outcome-failed-in-stores",
            done = done,
            stores = failed.join(", ")
        )
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
    let summary = with_failed(
        tr!(
            "rlib-outcome-copied-into-stores",
            label = outcome.remote.label(),
            choice = choice.describe(),
            cloud = session.cloud().name,
            stores = stores_or_none(outcome.remote.stores())
        ),
        &outcome.failed,
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
    let summary = tr!(
        "rlib-outcome-deleted-from-store",
        label = image.label(),
        store = store,
        cloud = session.cloud().name,
        stores = stores_or_none(image.stores().filter(|s| !s.is_empty()))
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
    let summary = with_failed(
        tr!(
            "rlib-outcome-imported-url",
            label = outcome.remote.label(),
            url = request.url,
            cloud = session.cloud().name,
            id = outcome.remote.id(),
            size = crate::format::bytes(outcome.remote.size_bytes()),
            stores = outcome
                .remote
                .stores()
                .map_or_else(|| tr!("rlib-stores-default"), str::to_string)
        ),
        &outcome.failed,
    );
    Ok((outcome, summary))
}

/// The stores an image is in, "(none)" when it is in none.
fn stores_or_none(stores: Option<&str>) -> String {
    stores.map_or_else(|| tr!("rlib-stores-none"), str::to_string)
}
