//! Multi-store clouds (Glance's `enabled_backends`): the stores a cloud lists
//! (`/v2/info/stores`, and `/v2/info/stores/detail` for admins), the import methods it offers
//! (`/v2/info/import`), an import into chosen stores (`stores`, `all_stores`,
//! `all_stores_must_succeed`), `copy-image` (an active image into more stores), deleting an
//! image's data from one store (`DELETE /v2/stores/{store}/{image}`) and `web-download` (the
//! cloud fetches the data from a URL). An import is followed until its Glance task ends,
//! each step (remote status, `os_glance_importing_to_stores`, `os_glance_failed_import`,
//! the task's message) written to the local task, so the State tab and the job's row show it.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Map, Value, json};

use crate::backend::catalog::Catalog;
use crate::backend::error::Error as LocalError;
use crate::backend::jobs::JobControl;
use crate::backend::remote::error::{RemoteError, RemoteResult, cloud_subject, image_context};
use crate::backend::remote::glance::{RemoteImage, encode};
use crate::backend::remote::session::{CallBody, Session};
use crate::backend::remote::tasks::{JobTask, Step};
use crate::i18n::{FluentArgs, message_in};
use crate::{step, tr};

/// Where an import puts the data (none of it set: the cloud's default store).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreChoice {
    /// These stores (Glance's `stores`).
    pub stores: Vec<String>,
    /// Every store the cloud has (`all_stores`).
    pub all_stores: bool,
    /// Go on when a store fails (`all_stores_must_succeed: false`); the failed stores are
    /// then listed in `os_glance_failed_import`.
    pub allow_failure: bool,
}

impl StoreChoice {
    /// The given stores, all of them to succeed.
    pub fn these(stores: &[&str]) -> Self {
        StoreChoice {
            stores: stores.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    /// Whether no store was chosen (the cloud's default store).
    pub fn is_default(&self) -> bool {
        self.stores.is_empty() && !self.all_stores
    }

    /// The choice in words ("stores fast, cheap", "all stores"), in the current language.
    pub fn describe(&self) -> String {
        self.describe_in(crate::i18n::current())
    }

    /// The choice in words in `lang`.
    pub fn describe_in(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::{FluentArgs, message_in};
        let mut args = FluentArgs::new();
        let id = if self.all_stores {
            "rlib-stores-all"
        } else if self.stores.is_empty() {
            "rlib-stores-default"
        } else {
            args.set("stores", self.stores.join(", "));
            "rlib-stores-named"
        };
        let what = message_in(lang, id, Some(&args));
        if self.allow_failure {
            let mut args = FluentArgs::new();
            args.set("what", what);
            message_in(lang, "rlib-stores-failures-allowed", Some(&args))
        } else {
            what
        }
    }

    /// The import body's store fields.
    fn add_to(&self, body: &mut Map<String, Value>) {
        if self.all_stores {
            body.insert("all_stores".into(), json!(true));
        } else if !self.stores.is_empty() {
            body.insert("stores".into(), json!(self.stores));
        }
        if self.allow_failure {
            body.insert("all_stores_must_succeed".into(), json!(false));
        }
    }
}

/// How the data reaches an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportMethod {
    /// From the staging area (after `PUT …/stage`).
    GlanceDirect,
    /// The cloud fetches the data from this URL.
    WebDownload(String),
    /// From the image's existing data in another store.
    CopyImage,
}

impl ImportMethod {
    /// Glance's name of the method.
    pub fn name(&self) -> &'static str {
        match self {
            ImportMethod::GlanceDirect => "glance-direct",
            ImportMethod::WebDownload(_) => "web-download",
            ImportMethod::CopyImage => "copy-image",
        }
    }

    fn body(&self, stores: &StoreChoice) -> Value {
        let mut method = Map::new();
        method.insert("name".into(), json!(self.name()));
        if let ImportMethod::WebDownload(uri) = self {
            method.insert("uri".into(), json!(uri));
        }
        let mut body = Map::new();
        body.insert("method".into(), Value::Object(method));
        stores.add_to(&mut body);
        Value::Object(body)
    }
}

/// One store as the cloud lists it (Glance's own fields: `id`, `description`, `default`,
/// `read-only`; with detail also `type`, `properties`, `weight`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RemoteStore(pub Map<String, Value>);

impl RemoteStore {
    /// The store's id.
    pub fn id(&self) -> &str {
        self.0.get("id").and_then(Value::as_str).unwrap_or_default()
    }
    /// Its description.
    pub fn description(&self) -> &str {
        self.0
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
    /// Whether it is the default store (Glance sends `"default": "true"`, a string).
    pub fn is_default(&self) -> bool {
        flag(self.0.get("default"))
    }
    /// Whether it is read-only (`"read-only": "true"`).
    pub fn read_only(&self) -> bool {
        flag(self.0.get("read-only"))
    }
    /// The driver (`file`, `rbd`, …), from the detailed listing.
    pub fn store_type(&self) -> Option<&str> {
        self.0.get("type").and_then(Value::as_str)
    }
    /// The JSON as Glance sent it.
    pub fn to_json(&self) -> Value {
        Value::Object(self.0.clone())
    }
}

fn flag(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// The store ids of an image's `stores` field ("fast,cheap").
pub fn image_stores(image: &RemoteImage) -> Vec<String> {
    split_list(image.stores())
}

/// The stores an import is still writing to (`os_glance_importing_to_stores`).
pub fn importing_to(image: &RemoteImage) -> Vec<String> {
    split_list(
        image
            .0
            .get("os_glance_importing_to_stores")
            .and_then(Value::as_str),
    )
}

/// The stores an import failed in (`os_glance_failed_import`).
pub fn failed_in(image: &RemoteImage) -> Vec<String> {
    split_list(
        image
            .0
            .get("os_glance_failed_import")
            .and_then(Value::as_str),
    )
}

fn split_list(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl Session {
    /// The stores (`GET /v2/info/stores`, or `/v2/info/stores/detail`, which Glance allows
    /// admins only). A cloud without multi-store answers 404 or 410.
    pub fn list_stores(&self, detail: bool) -> RemoteResult<Vec<RemoteStore>> {
        let path = if detail {
            "info/stores/detail"
        } else {
            "info/stores"
        };
        let reply = self.call(Method::GET, path, &[], None, true)?.json;
        Ok(reply
            .get("stores")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|s| s.as_object().cloned().map(RemoteStore))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Start an interoperable import with `method` into the chosen stores (202).
    pub fn start_import(
        &self,
        image_id: &str,
        method: &ImportMethod,
        stores: &StoreChoice,
    ) -> RemoteResult<()> {
        let path = format!("images/{}/import", encode(image_id));
        let body = Some(CallBody::Json(method.body(stores)));
        self.call(Method::POST, &path, &[], body, false).map(drop)
    }

    /// Delete an image's data from one store (`DELETE /v2/stores/{store}/{image}`, 204).
    pub fn delete_from_store(&self, store: &str, image_id: &str) -> RemoteResult<()> {
        let path = format!("stores/{}/{}", encode(store), encode(image_id));
        self.call(Method::DELETE, &path, &[], None, false).map(drop)
    }
}

/// Refuse a method the cloud does not advertise in `/v2/info/import`, naming those it does.
pub fn check_method(session: &Session, method: &ImportMethod) -> RemoteResult<()> {
    let offered = session.import_methods()?;
    if offered.iter().any(|m| m == method.name()) {
        return Ok(());
    }
    Err(RemoteError::Local(LocalError::invalid(
        cloud_subject(&session.cloud().name),
        if offered.is_empty() {
            tr!("rlib-problem-no-method-none", method = method.name())
        } else {
            tr!(
                "rlib-problem-no-method",
                method = method.name(),
                offered = offered.join(", ")
            )
        },
    )))
}

/// Refuse store ids the cloud does not list, naming those it does.
pub fn check_stores(session: &Session, choice: &StoreChoice) -> RemoteResult<()> {
    if choice.stores.is_empty() {
        return Ok(());
    }
    let listed = session.list_stores(false)?;
    let known: BTreeSet<&str> = listed.iter().map(RemoteStore::id).collect();
    let unknown: Vec<&str> = choice
        .stores
        .iter()
        .map(String::as_str)
        .filter(|s| !known.contains(s))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(RemoteError::Local(LocalError::invalid(
        cloud_subject(&session.cloud().name),
        tr!(
            "rlib-problem-no-store",
            unknown = unknown.join(", "),
            known = known.into_iter().collect::<Vec<_>>().join(", ")
        ),
    )))
}

/// The ids of an image's Glance tasks now (so the import started next is told apart).
pub fn task_ids(session: &Session, image_id: &str) -> BTreeSet<String> {
    session
        .image_tasks(image_id)
        .unwrap_or_default()
        .iter()
        .filter_map(|t| t.get("id").and_then(Value::as_str).map(str::to_string))
        .collect()
}

/// How an import into stores ended.
#[derive(Debug, Clone)]
pub struct StoresOutcome {
    /// The remote image as read at the end.
    pub remote: RemoteImage,
    /// Stores the import was asked for that failed (only with failures allowed).
    pub failed: Vec<String>,
}

/// The line the local task shows while an import runs.
pub fn import_note(image: &RemoteImage, task: Option<&Value>) -> Step {
    let stores = image_stores(image).join(",");
    let importing = importing_to(image).join(",");
    let failed = failed_in(image).join(",");
    let task = task.map(|task| {
        (
            task.get("status").and_then(Value::as_str).unwrap_or("?"),
            task.get("message").and_then(Value::as_str).unwrap_or(""),
        )
    });
    Step::new(|lang| {
        let one = |id: &str, name: &str, value: &str| {
            let mut args = FluentArgs::new();
            args.set(name, value.to_string());
            message_in(lang, id, Some(&args))
        };
        let mut note = one("rlib-note-remote-status", "status", image.status());
        let mut add = |part: String| {
            let mut args = FluentArgs::new();
            args.set("first", note.clone());
            args.set("next", part);
            note = message_in(lang, "rlib-note-and", Some(&args));
        };
        if !stores.is_empty() {
            add(one("rlib-note-stores", "stores", &stores));
        }
        if !importing.is_empty() {
            add(format!("os_glance_importing_to_stores {importing}"));
        }
        if !failed.is_empty() {
            add(format!("os_glance_failed_import {failed}"));
        }
        if let Some((status, message)) = task {
            let mut args = FluentArgs::new();
            args.set("status", status.to_string());
            args.set("message", message.to_string());
            add(message_in(lang, "rlib-note-import-task", Some(&args)));
        }
        note.trim().to_string()
    })
}

/// Follow an import started after `known_tasks` were read until its Glance task has ended
/// and no store is still being written: the image active with data in the stores, or a
/// failure with the task's message. Each change is written to `task`.
#[allow(clippy::too_many_arguments, reason = "one call site per front end job")]
pub fn wait_import(
    catalog: &Catalog,
    session: &Session,
    remote_id: &str,
    known_tasks: &BTreeSet<String>,
    choice: &StoreChoice,
    timeout: Duration,
    task: &mut JobTask,
    job: &JobControl,
) -> RemoteResult<StoresOutcome> {
    let context = image_context(&session.cloud().name, remote_id);
    let started = Instant::now();
    let mut delay = Duration::from_millis(100);
    let mut last_note = String::new();
    loop {
        let remote = session.show_image(remote_id)?;
        let tasks = session.image_tasks(remote_id).unwrap_or_default();
        let ours = tasks.iter().find(|t| {
            t.get("id")
                .and_then(Value::as_str)
                .is_some_and(|id| !known_tasks.contains(id))
        });
        let note = import_note(&remote, ours);
        if note.english != last_note {
            task.progress(catalog, &note);
            last_note = note.english;
        }
        let task_status = ours.and_then(|t| t.get("status").and_then(Value::as_str));
        if task_status == Some("failure") {
            let message = ours
                .and_then(|t| t.get("message").and_then(Value::as_str))
                .unwrap_or_default();
            let failed = failed_in(&remote);
            return Err(RemoteError::Failed {
                context,
                problem: if failed.is_empty() {
                    tr!("rlib-problem-import-task-failed", message = message)
                } else {
                    tr!(
                        "rlib-problem-import-task-failed-in",
                        stores = failed.join(", "),
                        message = message
                    )
                },
            });
        }
        if matches!(remote.status(), "killed" | "deleted" | "deactivated") {
            return Err(RemoteError::Failed {
                context,
                problem: tr!("rlib-problem-became", status = remote.status()),
            });
        }
        if task_status == Some("success")
            && remote.status() == "active"
            && importing_to(&remote).is_empty()
        {
            let failed_now = failed_in(&remote);
            let failed: Vec<String> = if choice.all_stores || choice.stores.is_empty() {
                failed_now
            } else {
                failed_now
                    .into_iter()
                    .filter(|s| choice.stores.contains(s))
                    .collect()
            };
            return Ok(StoresOutcome { remote, failed });
        }
        crate::backend::remote::push::still_waiting(
            job,
            started,
            timeout,
            remote.status(),
            &context,
        )?;
        std::thread::sleep(delay);
        delay = (delay * 2).min(Duration::from_secs(1));
    }
}

/// How long a copy or a web-download may take before it counts as stuck.
pub const IMPORT_TIMEOUT: Duration = Duration::from_secs(600);

/// Copy an active remote image into more stores (`copy-image`), following the import to
/// its end. Recorded as a `copy-to-store` task.
pub fn copy_to_stores(
    catalog: &Catalog,
    session: &Session,
    image_ref: &str,
    choice: &StoreChoice,
    job: &JobControl,
) -> RemoteResult<StoresOutcome> {
    if choice.is_default() {
        return Err(RemoteError::Local(LocalError::invalid(
            "copy-image",
            tr!("rlib-problem-name-a-store"),
        )));
    }
    let image = session.resolve_image(image_ref)?;
    let remote_id = image.id().to_string();
    check_method(session, &ImportMethod::CopyImage)?;
    check_stores(session, choice)?;
    let cloud = session.cloud().name.clone();
    let mut task = JobTask::start(
        catalog,
        "copy-to-store",
        None,
        json!({"cloud": cloud, "remote_id": remote_id, "stores": choice.stores,
               "all_stores": choice.all_stores, "all_stores_must_succeed": !choice.allow_failure}),
    )?
    .reporting_to(job);
    let known = task_ids(session, &remote_id);
    task.progress(
        catalog,
        &step!(
            |lang| "rlib-step-copy-image",
            stores = choice.describe_in(lang)
        ),
    );
    let run = session
        .start_import(&remote_id, &ImportMethod::CopyImage, choice)
        .and_then(|()| {
            wait_import(
                catalog,
                session,
                &remote_id,
                &known,
                choice,
                IMPORT_TIMEOUT,
                &mut task,
                job,
            )
        });
    match run {
        Ok(outcome) => {
            task.succeed(
                catalog,
                json!({"cloud": cloud, "remote_id": remote_id,
                       "stores": outcome.remote.stores(), "failed": outcome.failed}),
            );
            Ok(outcome)
        }
        Err(e) => Err(task.fail(catalog, e)),
    }
}

/// Delete a remote image's data from one store; the image as read afterwards.
pub fn remove_from_store(
    session: &Session,
    image_ref: &str,
    store: &str,
) -> RemoteResult<RemoteImage> {
    let image = session.resolve_image(image_ref)?;
    session.delete_from_store(store, image.id())?;
    session.show_image(image.id())
}

/// A `web-download` import: the new remote image and where its data comes from.
#[derive(Debug, Clone)]
pub struct ImportUrl {
    /// The new image's name.
    pub name: String,
    /// Where the cloud fetches the data.
    pub url: String,
    /// Its disk format (Glance checks the data against it).
    pub disk_format: String,
    /// Its container format.
    pub container_format: String,
    /// Visibility (the cloud's default when `None`).
    pub visibility: Option<String>,
    /// The stores to import into.
    pub stores: StoreChoice,
}

impl ImportUrl {
    /// A raw, bare image named `name` from `url` into the default store.
    pub fn new(name: &str, url: &str) -> Self {
        ImportUrl {
            name: name.to_string(),
            url: url.to_string(),
            disk_format: "raw".into(),
            container_format: "bare".into(),
            visibility: None,
            stores: StoreChoice::default(),
        }
    }
}

/// Create a remote image and have the cloud fetch its data from a URL (`web-download`),
/// followed to active. A refused URL or a failed import deletes the image again. Recorded
/// as an `import-url` task.
pub fn import_url(
    catalog: &Catalog,
    session: &Session,
    request: &ImportUrl,
    job: &JobControl,
) -> RemoteResult<StoresOutcome> {
    let method = ImportMethod::WebDownload(request.url.clone());
    check_method(session, &method)?;
    check_stores(session, &request.stores)?;
    let cloud = session.cloud().name.clone();
    let mut task = JobTask::start(
        catalog,
        "import-url",
        None,
        json!({"cloud": cloud, "url": request.url, "name": request.name,
               "stores": request.stores.stores, "all_stores": request.stores.all_stores}),
    )?
    .reporting_to(job);
    task.progress(catalog, &step!("rlib-step-creating", cloud = cloud));
    let mut body = json!({
        "name": request.name,
        "disk_format": request.disk_format,
        "container_format": request.container_format,
        crate::backend::remote::cleanups::CREATED_BY: "import-url",
    });
    if let (Some(v), Some(map)) = (&request.visibility, body.as_object_mut()) {
        map.insert("visibility".into(), json!(v));
    }
    let remote = match session.create_image(&body) {
        Ok(remote) => remote,
        Err(e) => return Err(task.fail(catalog, e)),
    };
    let remote_id = remote.id().to_string();
    task.progress(
        catalog,
        &step!(
            |lang| "rlib-step-import-url",
            cloud = cloud,
            url = request.url,
            stores = request.stores.describe_in(lang)
        ),
    );
    let run = session
        .start_import(&remote_id, &method, &request.stores)
        .and_then(|()| {
            wait_import(
                catalog,
                session,
                &remote_id,
                &BTreeSet::new(),
                &request.stores,
                IMPORT_TIMEOUT,
                &mut task,
                job,
            )
        });
    match run {
        Ok(outcome) => {
            task.succeed(
                catalog,
                json!({"cloud": cloud, "remote_id": remote_id,
                       "os_hash_value": outcome.remote.os_hash_value(),
                       "stores": outcome.remote.stores(), "failed": outcome.failed}),
            );
            Ok(outcome)
        }
        Err(error) => {
            let reason = format!("import-url of {} failed: {error}", request.url);
            let removal = crate::backend::remote::cleanups::remove_or_record(
                catalog, session, &remote_id, &reason,
            );
            let error = match removal.note(&remote_id) {
                Some(note) => crate::backend::remote::push::with_note(error, &note),
                None => error,
            };
            Err(task.fail(catalog, error))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_bodies_carry_glance_names() {
        let choice = StoreChoice {
            stores: vec!["fast".into(), "cheap".into()],
            all_stores: false,
            allow_failure: true,
        };
        assert_eq!(
            ImportMethod::WebDownload("http://h/x".into()).body(&choice),
            json!({"method": {"name": "web-download", "uri": "http://h/x"},
                   "stores": ["fast", "cheap"], "all_stores_must_succeed": false})
        );
        let all = StoreChoice {
            all_stores: true,
            ..Default::default()
        };
        assert_eq!(
            ImportMethod::CopyImage.body(&all),
            json!({"method": {"name": "copy-image"}, "all_stores": true})
        );
        assert_eq!(
            ImportMethod::GlanceDirect.body(&StoreChoice::default()),
            json!({"method": {"name": "glance-direct"}})
        );
    }

    #[test]
    fn store_flags_and_lists_read_glance_text() {
        let store = RemoteStore(
            json!({"id": "fast", "default": "true"})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        );
        assert!(store.is_default() && !store.read_only());
        let image = RemoteImage(
            json!({"stores": "fast,cheap", "os_glance_importing_to_stores": "",
                   "os_glance_failed_import": "archive", "status": "active"})
            .as_object()
            .cloned()
            .unwrap_or_default(),
        );
        assert_eq!(image_stores(&image), ["fast", "cheap"]);
        assert!(importing_to(&image).is_empty());
        assert_eq!(failed_in(&image), ["archive"]);
        assert!(
            import_note(&image, None)
                .english
                .contains("os_glance_failed_import archive")
        );
    }
}
