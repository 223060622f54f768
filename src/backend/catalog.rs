//! The catalog service: the only code that changes images. It opens a data dir (registry +
//! store), reconciles what a crash left behind, and offers Glance's image operations with
//! Glance's rules. Uploads, lifecycle, members and tasks live in sibling modules as further
//! `impl Catalog` blocks.
//!
//! Several processes may open one data dir at once: SQLite (WAL, immediate transactions)
//! serialises writes, every status change re-checks the current status inside its
//! transaction, and file locks on upload files tell live uploads from abandoned ones.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Utc;
use rusqlite::Connection;

use crate::backend::error::{Error, Result};
use crate::backend::events::{Event, EventSink};
use crate::backend::model::{ContainerFormat, DiskFormat, Image, ImageId, ImageStatus, Visibility};
use crate::backend::query::ListQuery;
use crate::backend::settings::Settings;
use crate::backend::state::apply_transition;
use crate::backend::validate;
use crate::backend::{image_subject, status_text};
use crate::store::blobs::{BlobStore, FsBlobStore};
use crate::store::{listing, registry};
use crate::tr;

/// File name of the registry inside the data dir.
pub const REGISTRY_FILE: &str = "registry.sqlite";
/// Folder of the image store inside the data dir.
pub const STORE_DIR: &str = "images";

/// What `image create` asks for.
#[derive(Debug, Clone, Default)]
pub struct NewImage {
    /// Chosen id (409 if taken); random when `None`.
    pub id: Option<ImageId>,
    /// Name.
    pub name: Option<String>,
    /// Disk format.
    pub disk_format: Option<DiskFormat>,
    /// Container format.
    pub container_format: Option<ContainerFormat>,
    /// Visibility; `shared` when `None` (Glance's default since v2.5).
    pub visibility: Option<Visibility>,
    /// Protected from deletion.
    pub protected: bool,
    /// Hidden from default listings.
    pub os_hidden: bool,
    /// Minimum disk in GiB.
    pub min_disk_gib: u64,
    /// Minimum RAM in MiB.
    pub min_ram_mib: u64,
    /// Tags.
    pub tags: Vec<String>,
    /// Custom properties.
    pub properties: Vec<(String, String)>,
    /// Owner; the configured local project when `None`.
    pub owner: Option<String>,
}

/// A change to an image's editable fields (`image set` / `image unset`).
#[derive(Debug, Clone, Default)]
pub struct ImageUpdate {
    /// New name.
    pub name: Option<String>,
    /// New visibility.
    pub visibility: Option<Visibility>,
    /// Protect or unprotect.
    pub protected: Option<bool>,
    /// Hide or unhide.
    pub os_hidden: Option<bool>,
    /// New min_disk.
    pub min_disk_gib: Option<u64>,
    /// New min_ram.
    pub min_ram_mib: Option<u64>,
    /// New disk format (queued images only).
    pub disk_format: Option<DiskFormat>,
    /// New container format (queued images only).
    pub container_format: Option<ContainerFormat>,
    /// Properties to add or replace.
    pub set_properties: Vec<(String, String)>,
    /// Properties to remove.
    pub remove_properties: Vec<String>,
    /// Tags to add.
    pub add_tags: Vec<String>,
    /// Tags to remove.
    pub remove_tags: Vec<String>,
}

impl ImageUpdate {
    /// Whether the update changes nothing.
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.visibility.is_none()
            && self.protected.is_none()
            && self.os_hidden.is_none()
            && self.min_disk_gib.is_none()
            && self.min_ram_mib.is_none()
            && self.disk_format.is_none()
            && self.container_format.is_none()
            && self.set_properties.is_empty()
            && self.remove_properties.is_empty()
            && self.add_tags.is_empty()
            && self.remove_tags.is_empty()
    }
}

/// What reconcile found and fixed when the data dir was opened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReconcileReport {
    /// Abandoned upload files removed.
    pub removed_part_files: usize,
    /// Abandoned work folders (of conversions or downloads) removed.
    pub removed_work_dirs: usize,
    /// Blobs of deleted images (their delete stopped before the file went), removed.
    pub removed_orphan_blobs: usize,
    /// Complete blobs no image references, moved to `images/lost+found/` to be registered
    /// again with `image recover` (never deleted: their data may be all that is left).
    pub quarantined_blobs: Vec<PathBuf>,
    /// Export files a killed process left beside their target, removed.
    pub removed_temp_files: Vec<PathBuf>,
    /// Images whose upload was interrupted, moved back to queued.
    pub interrupted_uploads: Vec<ImageId>,
    /// Images whose download (a pull) was interrupted, moved back to queued, with the cloud
    /// they were being pulled from (pulling again resumes).
    pub interrupted_downloads: Vec<(ImageId, String)>,
    /// Tasks that were running in a process that is gone, marked failed.
    pub interrupted_tasks: usize,
    /// Images whose data should exist but does not.
    pub missing_blobs: Vec<ImageId>,
    /// Images scrubbed because their delayed delete was due.
    pub scrubbed: Vec<ImageId>,
}

/// Settings-table key prefix of the last completed sync per cloud.
const LAST_SYNC_PREFIX: &str = "last_sync:";

/// The local image catalog on one data dir.
pub struct Catalog {
    pub(crate) data_dir: PathBuf,
    pub(crate) conn: Connection,
    pub(crate) blobs: FsBlobStore,
    /// The settings as last read, with the registry's `data_version` then: another process
    /// (`config set`, or the window's own other connections) may change them while this
    /// catalog is open, so [`Catalog::settings`] reads them again once the file changed.
    settings: RefCell<(i64, Settings)>,
    pub(crate) events: Option<EventSink>,
    reconcile_report: ReconcileReport,
    /// Opened for reading only because the disk is full (see [`crate::backend::space`]).
    pub(crate) read_only: bool,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("data_dir", &self.data_dir)
            .finish_non_exhaustive()
    }
}

/// The platform's data dir for the app (e.g. `~/.local/share/glance-workbench`).
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "OpenStack", "glance-workbench")
        .map(|dirs| dirs.data_dir().to_path_buf())
}

/// SQLite's counter of commits made by other connections to the file.
fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |row| row.get(0))?)
}

impl Catalog {
    /// Open (creating if needed) the catalog in `data_dir`, migrate the registry, reconcile
    /// what an earlier crash left behind and scrub delayed deletes that are due.
    pub fn open(data_dir: &Path) -> Result<Self> {
        let mut catalog = Self::open_without_reconcile(data_dir)?;
        if catalog.read_only {
            // Nothing can be repaired without space; reading still works.
            return Ok(catalog);
        }
        let mut report = catalog.reconcile()?;
        report.scrubbed = catalog.scrub(false)?;
        catalog.reconcile_report = report;
        // A pull cache an older version kept in the data dir moves to the cache dir; a
        // failure only leaves it where it is (it is logged and tried again next time).
        if let Err(e) = crate::backend::remote::cache::move_legacy(data_dir) {
            tracing::warn!(error = %e, "the pull cache could not be moved to the cache dir");
        }
        Ok(catalog)
    }

    /// Open a data dir whose registry is missing or empty although its store holds image
    /// files (which [`Catalog::open`] refuses): a new registry is made and reconcile moves
    /// every image file to `images/lost+found/` to be registered again.
    pub fn open_for_recovery(data_dir: &Path) -> Result<Self> {
        let mut catalog = Self::open_unchecked(data_dir)?;
        let mut report = catalog.reconcile()?;
        report.scrubbed = catalog.scrub(false)?;
        catalog.reconcile_report = report;
        Ok(catalog)
    }

    /// Open without reconciling: for a second connection in the same process (a job thread).
    pub fn open_without_reconcile(data_dir: &Path) -> Result<Self> {
        check_registry_present(data_dir)?;
        Self::open_unchecked(data_dir)
    }

    fn open_unchecked(data_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| Error::io(tr!("backend-io-create-data-dir"), data_dir, e))?;
        let registry_path = data_dir.join(REGISTRY_FILE);
        let (conn, read_only) = match registry::open(&registry_path) {
            Ok(conn) => (conn, false),
            // On a full disk even opening for writing fails (SQLite must create its index
            // and log files): open for reading, and let writes say there is no space.
            Err(error) if crate::backend::space::is_full(data_dir) => {
                match registry::open_read_only(&registry_path) {
                    Ok(conn) => (conn, true),
                    Err(_) => return Err(crate::backend::space::explain(data_dir, error)),
                }
            }
            Err(error) => return Err(error),
        };
        let blobs = FsBlobStore::open(&data_dir.join(STORE_DIR))?;
        let settings = Settings::load(&conn)?;
        let version = data_version(&conn)?;
        Ok(Self {
            data_dir: data_dir.to_path_buf(),
            conn,
            blobs,
            settings: RefCell::new((version, settings)),
            events: None,
            reconcile_report: ReconcileReport::default(),
            read_only,
        })
    }

    /// Another connection to the same data dir, sharing the event sink (for job threads).
    pub fn reopen(&self) -> Result<Self> {
        let mut other = Self::open_without_reconcile(&self.data_dir)?;
        other.events = self.events.clone();
        Ok(other)
    }

    /// The data dir.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The blob store.
    pub fn blob_store(&self) -> &FsBlobStore {
        &self.blobs
    }

    /// What reconcile did when this catalog was opened.
    pub fn reconcile_report(&self) -> &ReconcileReport {
        &self.reconcile_report
    }

    /// Send events to `sink` (the GUI wakes itself from it).
    pub fn set_event_sink(&mut self, sink: EventSink) {
        self.events = Some(sink);
    }

    /// A sink that forwards to a closure.
    pub fn sink_from(f: impl Fn(&Event) + Send + Sync + 'static) -> EventSink {
        Arc::new(f)
    }

    pub(crate) fn emit(&self, event: Event) {
        if let Some(sink) = &self.events {
            sink(&event);
        }
    }

    /// The current settings, read again when another connection changed the registry since
    /// they were last read (a long-lived window catalog sees `config set` at once).
    pub fn settings(&self) -> Settings {
        let mut cached = self.settings.borrow_mut();
        if let Ok(version) = data_version(&self.conn)
            && version != cached.0
            && let Ok(fresh) = Settings::load(&self.conn)
        {
            *cached = (version, fresh);
        }
        cached.1.clone()
    }

    /// Change one setting by name (see [`Settings::KEYS`]).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let mut settings = self.settings();
        settings.set(key, value)?;
        settings.save(&self.conn)?;
        // This connection's own writes do not move data_version.
        self.settings.borrow_mut().1 = settings;
        Ok(())
    }

    /// When a sync with `cloud` last completed (UTC, `YYYY-MM-DDTHH:MM:SSZ`: the time its
    /// remote listing was taken), for an incremental sync's `updated_at=gt:`.
    pub fn last_sync(&self, cloud: &str) -> Result<Option<String>> {
        registry::setting(&self.conn, &format!("{LAST_SYNC_PREFIX}{cloud}"))
    }

    /// Record that a sync with `cloud` whose listing was taken at `at` completed.
    pub fn record_sync(&self, cloud: &str, at: &str) -> Result<()> {
        registry::set_setting(&self.conn, &format!("{LAST_SYNC_PREFIX}{cloud}"), at)
    }

    /// Find an image by id, or by exact name when unique.
    pub fn resolve(&self, id_or_name: &str) -> Result<Image> {
        if let Ok(id) = id_or_name.parse::<ImageId>()
            && let Some(image) = registry::load_image(&self.conn, id)?
        {
            return Ok(image);
        }
        let ids = registry::ids_by_name(&self.conn, id_or_name)?;
        match ids.as_slice() {
            [] => Err(Error::NotFound(tr!(
                "backend-no-image-named",
                name = id_or_name
            ))),
            [id] => self.image(*id),
            _ => Err(Error::Ambiguous {
                name: id_or_name.to_string(),
                count: ids.len(),
            }),
        }
    }

    /// One image by id.
    pub fn image(&self, image_id: ImageId) -> Result<Image> {
        registry::load_image(&self.conn, image_id)?
            .ok_or_else(|| Error::NotFound(tr!("backend-no-image-id", id = image_id.to_string())))
    }

    /// Images matching a query.
    pub fn list(&self, query: &ListQuery) -> Result<Vec<Image>> {
        listing::list_images(&self.conn, query, &self.settings().owner)
    }

    /// The ids of the images [`Catalog::list`] would return, without loading them.
    pub fn list_ids(&self, query: &ListQuery) -> Result<Vec<ImageId>> {
        listing::list_image_ids(&self.conn, query, &self.settings().owner)
    }

    /// How many images match a query's filters.
    pub fn count(&self, query: &ListQuery) -> Result<u64> {
        listing::count_images(&self.conn, query, &self.settings().owner)
    }

    /// A handle that stops the statement this catalog's connection is running, from another
    /// thread (the service interrupts a count nobody waits for any more).
    pub fn interrupt_handle(&self) -> rusqlite::InterruptHandle {
        self.conn.get_interrupt_handle()
    }

    /// A counter that changes whenever any connection (any process) commits a change; the GUI
    /// polls it to notice changes made elsewhere.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |row| row.get(0))?)
    }

    /// Create an image record in `queued` (no data yet).
    pub fn create_image(&self, new: NewImage) -> Result<Image> {
        let subject = match &new.name {
            Some(name) => image_subject(name),
            None => tr!("backend-subject-new-image"),
        };
        if let Some(name) = &new.name {
            validate::check_name(&subject, name)?;
        }
        validate::check_min(&subject, "min_disk", new.min_disk_gib)?;
        validate::check_min(&subject, "min_ram", new.min_ram_mib)?;
        let mut image = Image {
            id: new.id.unwrap_or_else(ImageId::new_random),
            name: new.name.clone(),
            status: ImageStatus::Queued,
            visibility: new.visibility.unwrap_or(Visibility::Shared),
            protected: new.protected,
            os_hidden: new.os_hidden,
            checksum: None,
            os_hash_algo: None,
            os_hash_value: None,
            size_bytes: None,
            virtual_size_bytes: None,
            disk_format: new.disk_format,
            container_format: new.container_format,
            min_disk_gib: new.min_disk_gib,
            min_ram_mib: new.min_ram_mib,
            owner: Some(
                new.owner
                    .clone()
                    .unwrap_or_else(|| self.settings().owner.clone()),
            ),
            tags: Default::default(),
            properties: Default::default(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            deleted_at: None,
            damaged: None,
        };
        for tag in &new.tags {
            validate::check_tag(&subject, tag)?;
            image.tags.insert(tag.clone());
        }
        for (key, value) in &new.properties {
            validate::check_property(&subject, key, value)?;
            image.properties.insert(key.clone(), value.clone());
        }
        check_counts(&subject, &image)?;
        let tx = registry::write_tx(&self.conn)?;
        if registry::image_status_and_label(&tx, image.id)?.is_some() {
            return Err(Error::conflict(
                tr!("backend-subject-image-id", id = image.id.to_string()),
                tr!("backend-image-id-exists"),
            ));
        }
        registry::insert_image(&tx, &image)?;
        registry::insert_transition(
            &tx,
            image.id,
            None,
            ImageStatus::Queued,
            "created",
            &image.created_at,
        )?;
        tx.commit()?;
        self.emit(Event::ImageChanged(image.id));
        Ok(image)
    }

    /// Change editable fields, tags and properties in one transaction.
    pub fn update_image(&self, image_id: ImageId, update: &ImageUpdate) -> Result<Image> {
        let tx = registry::write_tx(&self.conn)?;
        let mut image = registry::load_image(&tx, image_id)?.ok_or_else(|| {
            Error::NotFound(tr!("backend-no-image-id", id = image_id.to_string()))
        })?;
        let subject = image_subject(&image.label());
        if image.status == ImageStatus::Deleted {
            return Err(Error::NotFound(tr!(
                "backend-image-deleted",
                subject = subject
            )));
        }
        if let Some(name) = &update.name {
            validate::check_name(&subject, name)?;
            image.name = Some(name.clone());
        }
        if let Some(visibility) = update.visibility {
            image.visibility = visibility;
        }
        if let Some(protected) = update.protected {
            image.protected = protected;
        }
        if let Some(hidden) = update.os_hidden {
            image.os_hidden = hidden;
        }
        if let Some(min_disk) = update.min_disk_gib {
            validate::check_min(&subject, "min_disk", min_disk)?;
            image.min_disk_gib = min_disk;
        }
        if let Some(min_ram) = update.min_ram_mib {
            validate::check_min(&subject, "min_ram", min_ram)?;
            image.min_ram_mib = min_ram;
        }
        let format_change = update
            .disk_format
            .is_some_and(|f| Some(f) != image.disk_format)
            || update
                .container_format
                .is_some_and(|f| Some(f) != image.container_format);
        if format_change && !matches!(image.status, ImageStatus::Queued | ImageStatus::Importing) {
            return Err(Error::forbidden(
                &subject,
                tr!(
                    "backend-formats-only-queued",
                    status = status_text(image.status)
                ),
            ));
        }
        if let Some(format) = update.disk_format {
            image.disk_format = Some(format);
        }
        if let Some(format) = update.container_format {
            image.container_format = Some(format);
        }
        for key in &update.remove_properties {
            validate::check_property_key(&subject, key)?;
            if image.properties.remove(key).is_none() {
                return Err(Error::NotFound(tr!(
                    "backend-no-property",
                    subject = subject,
                    key = key
                )));
            }
            registry::delete_property(&tx, image_id, key)?;
        }
        for (key, value) in &update.set_properties {
            validate::check_property(&subject, key, value)?;
            image.properties.insert(key.clone(), value.clone());
            registry::upsert_property(&tx, image_id, key, value)?;
        }
        for tag in &update.remove_tags {
            if !image.tags.remove(tag) {
                return Err(Error::NotFound(tr!(
                    "backend-no-tag",
                    subject = subject,
                    tag = tag
                )));
            }
            registry::delete_tag(&tx, image_id, tag)?;
        }
        for tag in &update.add_tags {
            validate::check_tag(&subject, tag)?;
            image.tags.insert(tag.clone());
            registry::insert_tag(&tx, image_id, tag)?;
        }
        check_counts(&subject, &image)?;
        image.updated_at = Utc::now();
        registry::update_image_row(&tx, &image)?;
        tx.commit()?;
        self.emit(Event::ImageChanged(image_id));
        Ok(image)
    }

    /// Move an image to a status, recording the cause, in its own transaction.
    pub(crate) fn transition(
        &self,
        image_id: ImageId,
        expected_from: Option<ImageStatus>,
        to: ImageStatus,
        cause: &str,
    ) -> Result<ImageStatus> {
        let tx = registry::write_tx(&self.conn)?;
        let from = apply_transition(&tx, image_id, expected_from, to, cause)?;
        tx.commit()?;
        self.emit_status(image_id, from, to, cause);
        Ok(from)
    }

    pub(crate) fn emit_status(
        &self,
        image_id: ImageId,
        from: ImageStatus,
        to: ImageStatus,
        cause: &str,
    ) {
        self.emit(Event::StatusChanged {
            image_id,
            from,
            to,
            cause: cause.to_string(),
        });
    }

    /// Every recorded status change of an image, oldest first.
    pub fn history(&self, image_id: ImageId) -> Result<Vec<crate::backend::model::Transition>> {
        registry::transitions(&self.conn, image_id)
    }

    /// Fix what a crash left: abandoned upload files and orphan blobs are removed, images
    /// stuck in `saving` by a dead upload go back to `queued` (cause "interrupted"), running
    /// tasks of dead processes fail, and active images whose data is gone are reported.
    pub fn reconcile(&self) -> Result<ReconcileReport> {
        let mut report = ReconcileReport::default();
        for (_, path) in self.blobs.part_files()? {
            if FsBlobStore::remove_if_unlocked(&path)? {
                report.removed_part_files += 1;
            }
        }
        let live_parts: Vec<ImageId> = self
            .blobs
            .part_files()?
            .into_iter()
            .filter_map(|(id, _)| id)
            .collect();
        for image_id in registry::ids_with_status(&self.conn, ImageStatus::Saving)? {
            let blob_locked = self
                .blobs
                .local_path(image_id)
                .is_some_and(|p| FsBlobStore::is_locked(&p));
            if live_parts.contains(&image_id) || blob_locked {
                continue;
            }
            // A pulled image records its origin from the start: its data was a download.
            let origin = self.image(image_id).ok().and_then(|image| {
                image
                    .properties
                    .get(crate::backend::remote::local::ORIGIN_CLOUD)
                    .cloned()
            });
            let cause = match &origin {
                Some(_) => {
                    "interrupted: the download stopped before it finished (the process \
                     pulling it ended)"
                }
                None => {
                    "interrupted: the upload stopped before it finished (the process writing \
                     it ended)"
                }
            };
            match self.transition(
                image_id,
                Some(ImageStatus::Saving),
                ImageStatus::Queued,
                cause,
            ) {
                Ok(_) => match origin {
                    Some(cloud) => report.interrupted_downloads.push((image_id, cloud)),
                    None => report.interrupted_uploads.push(image_id),
                },
                Err(Error::Conflict { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        report.interrupted_tasks = self.fail_dead_tasks()?;
        report.removed_work_dirs = self.remove_abandoned_work_dirs()?;
        report.removed_temp_files = self.remove_abandoned_temp_files()?;
        let keep = registry::ids_with_active_location(&self.conn)?;
        for (image_id, path) in self.blobs.blob_ids()? {
            if keep.contains(&image_id.to_string()) {
                continue;
            }
            // Only a deleted image's blob is proven abandoned (its delete committed, then
            // stopped before the file went); any other unregistered blob is kept aside.
            if registry::status_of(&self.conn, image_id)? == Some(ImageStatus::Deleted) {
                if FsBlobStore::remove_if_unlocked(&path)? {
                    report.removed_orphan_blobs += 1;
                }
            } else if let Some(kept) = self.blobs.quarantine_if_unlocked(image_id, &path)? {
                report.quarantined_blobs.push(kept);
            }
        }
        for id in keep {
            if let Ok(image_id) = id.parse::<ImageId>()
                && let Some(path) = self.blobs.local_path(image_id)
                && !path.exists()
            {
                report.missing_blobs.push(image_id);
            }
        }
        Ok(report)
    }
}

/// A registry that is missing (or empty: SQLite would take a 0-byte file as a new database)
/// while the store holds image files is an error, never a fresh start: a fresh registry would
/// make every stored image an orphan.
fn check_registry_present(data_dir: &Path) -> Result<()> {
    let registry = data_dir.join(REGISTRY_FILE);
    let empty = match std::fs::metadata(&registry) {
        Ok(meta) => meta.len() == 0,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => return Err(Error::io("cannot read", &registry, e)),
    };
    if !empty {
        return Ok(());
    }
    let store = data_dir.join(STORE_DIR);
    let Ok(entries) = std::fs::read_dir(&store) else {
        return Ok(());
    };
    let count = entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.parse::<ImageId>().is_ok())
                && e.file_type().is_ok_and(|t| t.is_file())
        })
        .count();
    if count == 0 {
        return Ok(());
    }
    Err(Error::RegistryMissing {
        registry,
        store,
        count,
    })
}

/// Glance's per-image quotas on tags and properties.
fn check_counts(subject: &str, image: &Image) -> Result<()> {
    if image.tags.len() > validate::MAX_TAGS {
        return Err(Error::invalid(
            subject,
            tr!(
                "backend-too-many-tags",
                count = image.tags.len().to_string(),
                max = validate::MAX_TAGS.to_string()
            ),
        ));
    }
    if image.properties.len() > validate::MAX_PROPERTIES {
        return Err(Error::invalid(
            subject,
            tr!(
                "backend-too-many-properties",
                count = image.properties.len().to_string(),
                max = validate::MAX_PROPERTIES.to_string()
            ),
        ));
    }
    Ok(())
}
