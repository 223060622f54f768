//! The SQLite registry: connection set-up (WAL, foreign keys, busy timeout), versioned
//! migrations kept in `PRAGMA user_version` (a long upgrade is logged before it runs, and
//! [`pending_upgrade`] lets the CLI say so first), and the row-level reads and writes of images,
//! properties, tags, members, locations, transitions, tasks and settings. Tables mirror
//! Glance's own (`images`, `image_properties`, `image_tags`, `image_members`,
//! `image_locations`, `tasks`, `task_info`) plus `image_transitions` and `settings`.
//!
//! Nothing here checks Glance's rules; the catalog service does that before it calls in. So
//! the row writers are `pub(crate)`: only the library's domain calls them, and a status is
//! written only through `backend::state::apply_transition`. Four writers stay public because
//! code outside the library uses them: [`write_tx`] (the transaction the public
//! `apply_transition` takes; tests/core.rs), [`migrate`] (tests/core.rs builds an older
//! schema; examples/bench_gui.rs fills one and times its upgrade) and [`insert_image`] with [`insert_transition`] (examples/bench_gui.rs fills a
//! registry with thousands of images).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};

use crate::model::error::{Error, Result};
use crate::model::image::{
    Image, ImageId, ImageStatus, Member, MemberStatus, Task, TaskId, TaskStatus, Transition,
};

/// Schema migrations, in order; `user_version` counts how many have run.
const MIGRATIONS: &[&str] = &[
    // 1: Glance's image tables.
    r#"
    CREATE TABLE images (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT,
        size INTEGER,
        virtual_size INTEGER,
        status TEXT NOT NULL,
        visibility TEXT NOT NULL,
        protected INTEGER NOT NULL DEFAULT 0,
        os_hidden INTEGER NOT NULL DEFAULT 0,
        checksum TEXT,
        os_hash_algo TEXT,
        os_hash_value TEXT,
        disk_format TEXT,
        container_format TEXT,
        min_disk INTEGER NOT NULL DEFAULT 0,
        min_ram INTEGER NOT NULL DEFAULT 0,
        owner TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        deleted INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX ix_images_status ON images (status);
    CREATE INDEX ix_images_name ON images (name);
    CREATE INDEX ix_images_created_at ON images (created_at);
    CREATE INDEX ix_images_updated_at ON images (updated_at);
    CREATE INDEX ix_images_visibility ON images (visibility);
    CREATE INDEX ix_images_owner ON images (owner);
    CREATE INDEX ix_images_os_hash_value ON images (os_hash_value);
    CREATE TABLE image_properties (
        image_id TEXT NOT NULL REFERENCES images (id),
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (image_id, name)
    );
    CREATE INDEX ix_image_properties_name_value ON image_properties (name, value);
    CREATE TABLE image_tags (
        image_id TEXT NOT NULL REFERENCES images (id),
        value TEXT NOT NULL,
        PRIMARY KEY (image_id, value)
    );
    CREATE INDEX ix_image_tags_value ON image_tags (value);
    CREATE TABLE image_members (
        image_id TEXT NOT NULL REFERENCES images (id),
        member TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (image_id, member)
    );
    CREATE INDEX ix_image_members_member ON image_members (member, status);
    CREATE TABLE image_locations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        image_id TEXT NOT NULL REFERENCES images (id),
        value TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX ix_image_locations_image_id ON image_locations (image_id, status);
    "#,
    // 2: tasks (as Glance splits them: tasks + task_info), the transition history, settings.
    r#"
    CREATE TABLE tasks (
        id TEXT PRIMARY KEY NOT NULL,
        type TEXT NOT NULL,
        status TEXT NOT NULL,
        owner TEXT,
        image_id TEXT REFERENCES images (id),
        expires_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX ix_tasks_status ON tasks (status);
    CREATE INDEX ix_tasks_image_id ON tasks (image_id);
    CREATE TABLE task_info (
        task_id TEXT PRIMARY KEY NOT NULL REFERENCES tasks (id),
        input TEXT NOT NULL,
        result TEXT,
        message TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE image_transitions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        image_id TEXT NOT NULL REFERENCES images (id),
        at TEXT NOT NULL,
        from_status TEXT,
        to_status TEXT NOT NULL,
        cause TEXT NOT NULL
    );
    CREATE INDEX ix_image_transitions_image_id ON image_transitions (image_id, id);
    CREATE TABLE settings (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    );
    "#,
    // 3: data integrity. `damaged` says why an image's stored data failed its check (NULL when
    // it has not); `verified_stat` is the blob's (size, mtime, ctime, inode) when its data last
    // matched its hashes, so report-only reads (info, measure) can skip a re-hash of an
    // untouched file; `temp_files` lists export files being written outside the store, so a
    // run after a crash can find and remove the ones nobody holds.
    r#"
    ALTER TABLE images ADD COLUMN damaged TEXT;
    ALTER TABLE images ADD COLUMN verified_stat TEXT;
    CREATE TABLE temp_files (
        path TEXT PRIMARY KEY NOT NULL,
        purpose TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    "#,
    // 4: Remote cleanups the workbench could not do yet (a failed push's half-made image whose
    // delete failed too); rows live in store::cleanups.
    r#"
    CREATE TABLE remote_cleanups (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        cloud TEXT NOT NULL,
        remote_id TEXT NOT NULL,
        action TEXT NOT NULL,
        reason TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        last_attempt_at TEXT,
        UNIQUE (cloud, remote_id, action)
    );
    "#,
    // 5: filters and sorts at a million images. Every sort order the listing offers gets an
    // index on (its sort expression, id), so a first page is read in order and stops early;
    // the single-column indexes they start with go. Tag and property lookups get covering
    // indexes that end in the image id. `ix_images_count` covers the default listing's
    // filters so an unfiltered count reads the index, not the rows. (As first written, 5 also
    // built the search index; 6 builds it in its current form, so 5 leaves it to 6 and 6
    // replaces the first form where an earlier build made it.)
    r#"
    DROP INDEX ix_images_status;
    DROP INDEX ix_images_created_at;
    DROP INDEX ix_images_updated_at;
    DROP INDEX ix_images_visibility;
    CREATE INDEX ix_images_sort_name ON images (COALESCE(name, ''), id);
    CREATE INDEX ix_images_sort_status ON images (status, id);
    CREATE INDEX ix_images_sort_container_format ON images (COALESCE(container_format, ''), id);
    CREATE INDEX ix_images_sort_disk_format ON images (COALESCE(disk_format, ''), id);
    CREATE INDEX ix_images_sort_size ON images (COALESCE(size, -1), id);
    CREATE INDEX ix_images_sort_virtual_size ON images (COALESCE(virtual_size, -1), id);
    CREATE INDEX ix_images_sort_created_at ON images (created_at, id);
    CREATE INDEX ix_images_sort_updated_at ON images (updated_at, id);
    CREATE INDEX ix_images_sort_visibility ON images (visibility, id);
    CREATE INDEX ix_images_count ON images (os_hidden, status, visibility, owner);
    DROP INDEX ix_image_tags_value;
    CREATE INDEX ix_image_tags_value_image ON image_tags (value, image_id);
    DROP INDEX ix_image_properties_name_value;
    CREATE INDEX ix_image_properties_name_value_image
        ON image_properties (name, value, image_id);
    "#,
    // 6: substring search, and a status filter read in sort order. `image_search` is an FTS5
    // trigram index over each image's name and tags (one a line), lowered as LIKE folds case
    // (ASCII only) and indexed case-sensitively, so the index holds exactly what the search
    // compares. Each text ends in two pad characters (char(1)), so every occurrence of a 1 or
    // 2 character text starts a trigram: a short search reads the trigrams that begin with it
    // from `image_search_terms` (the index's vocabulary, one row per occurrence).
    // `image_search_keys` gives each image a stable integer key (an images rowid may change
    // on VACUUM). Triggers keep both in step with `images` and `image_tags`. The index is
    // filled before its triggers exist, in key order (FTS5 flushes its buffer whenever a
    // rowid comes lower than the one before; CROSS JOIN keeps the keys the outer loop), with
    // a larger buffer (`hashsize` 8 MiB instead of 1 MiB: fewer segments to merge) that is
    // set back afterwards. Every sort order but status's own gets an index on (status, its
    // sort expression, id): a listing of one status is read in its order and stops after a
    // page however its rows lie among the others.
    r#"
    CREATE INDEX ix_images_status_name ON images (status, COALESCE(name, ''), id);
    CREATE INDEX ix_images_status_container_format
        ON images (status, COALESCE(container_format, ''), id);
    CREATE INDEX ix_images_status_disk_format ON images (status, COALESCE(disk_format, ''), id);
    CREATE INDEX ix_images_status_size ON images (status, COALESCE(size, -1), id);
    CREATE INDEX ix_images_status_virtual_size ON images (status, COALESCE(virtual_size, -1), id);
    CREATE INDEX ix_images_status_created_at ON images (status, created_at, id);
    CREATE INDEX ix_images_status_updated_at ON images (status, updated_at, id);
    CREATE INDEX ix_images_status_visibility ON images (status, visibility, id);

    DROP TRIGGER IF EXISTS tr_images_search_insert;
    DROP TRIGGER IF EXISTS tr_images_search_name;
    DROP TRIGGER IF EXISTS tr_images_search_delete;
    DROP TRIGGER IF EXISTS tr_image_tags_search_insert;
    DROP TRIGGER IF EXISTS tr_image_tags_search_delete;
    DROP TRIGGER IF EXISTS tr_image_tags_search_update;
    DROP TABLE IF EXISTS image_search;
    DROP TABLE IF EXISTS image_search_keys;

    CREATE TABLE image_search_keys (
        key INTEGER PRIMARY KEY,
        image_id TEXT NOT NULL UNIQUE
    );
    CREATE VIRTUAL TABLE image_search
        USING fts5 (name, tags, tokenize = 'trigram case_sensitive 1');
    CREATE VIRTUAL TABLE image_search_terms USING fts5vocab (image_search, instance);
    INSERT INTO image_search_keys (image_id) SELECT id FROM images ORDER BY id;
    INSERT INTO image_search (image_search, rank) VALUES ('hashsize', 8388608);
    INSERT INTO image_search (rowid, name, tags)
        SELECT k.key, lower(COALESCE(i.name, '')) || char(1, 1),
               lower(COALESCE((SELECT group_concat(t.value, char(10)) FROM image_tags t
                               WHERE t.image_id = i.id), '')) || char(1, 1)
        FROM image_search_keys k CROSS JOIN images i ON i.id = k.image_id ORDER BY k.key;
    INSERT INTO image_search (image_search, rank) VALUES ('hashsize', 1048576);

    CREATE TRIGGER tr_images_search_insert AFTER INSERT ON images BEGIN
        INSERT INTO image_search_keys (image_id) VALUES (new.id);
        INSERT INTO image_search (rowid, name, tags)
            VALUES (last_insert_rowid(), lower(COALESCE(new.name, '')) || char(1, 1),
                    char(1, 1));
    END;
    CREATE TRIGGER tr_images_search_name AFTER UPDATE OF name ON images
    WHEN new.name IS NOT old.name BEGIN
        UPDATE image_search SET name = lower(COALESCE(new.name, '')) || char(1, 1)
            WHERE rowid = (SELECT key FROM image_search_keys WHERE image_id = new.id);
    END;
    CREATE TRIGGER tr_images_search_delete AFTER DELETE ON images BEGIN
        DELETE FROM image_search
            WHERE rowid = (SELECT key FROM image_search_keys WHERE image_id = old.id);
        DELETE FROM image_search_keys WHERE image_id = old.id;
    END;
    CREATE TRIGGER tr_image_tags_search_insert AFTER INSERT ON image_tags BEGIN
        UPDATE image_search SET tags = lower(COALESCE((SELECT group_concat(value, char(10))
                FROM image_tags WHERE image_id = new.image_id), '')) || char(1, 1)
            WHERE rowid = (SELECT key FROM image_search_keys WHERE image_id = new.image_id);
    END;
    CREATE TRIGGER tr_image_tags_search_delete AFTER DELETE ON image_tags BEGIN
        UPDATE image_search SET tags = lower(COALESCE((SELECT group_concat(value, char(10))
                FROM image_tags WHERE image_id = old.image_id), '')) || char(1, 1)
            WHERE rowid = (SELECT key FROM image_search_keys WHERE image_id = old.image_id);
    END;
    CREATE TRIGGER tr_image_tags_search_update AFTER UPDATE ON image_tags BEGIN
        UPDATE image_search SET tags = lower(COALESCE((SELECT group_concat(value, char(10))
                FROM image_tags WHERE image_id = old.image_id), '')) || char(1, 1)
            WHERE rowid = (SELECT key FROM image_search_keys WHERE image_id = old.image_id);
        UPDATE image_search SET tags = lower(COALESCE((SELECT group_concat(value, char(10))
                FROM image_tags WHERE image_id = new.image_id), '')) || char(1, 1)
            WHERE rowid = (SELECT key FROM image_search_keys WHERE image_id = new.image_id);
    END;
    "#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Open (creating if needed) the registry at `path` and bring its schema up to date.
pub fn open(path: &Path) -> Result<Connection> {
    let set_up = || -> Result<Connection> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        migrate(&conn, path, SCHEMA_VERSION)?;
        Ok(conn)
    };
    set_up().map_err(|error| not_a_registry(error, path))
}

/// SQLite's "file is not a database" (the first read of a foreign file fails before anything
/// is written) becomes an error that names the file and says what to do.
fn not_a_registry(error: Error, path: &Path) -> Error {
    match error {
        Error::Database(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Error::NotARegistry {
                path: path.to_path_buf(),
            }
        }
        other => other,
    }
}

/// Open the registry at `path` for reading only, without the shared-memory index or a log
/// (SQLite's `immutable`): the way to read a catalog whose disk is full, where even opening
/// it for writing fails. Correct while no other process writes, which a full disk prevents.
pub fn open_read_only(path: &Path) -> Result<Connection> {
    use std::os::unix::ffi::OsStrExt;
    let mut uri = String::from("file:");
    for &byte in path.as_os_str().as_bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    let conn = Connection::open_with_flags(
        &uri,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
    )?;
    let found: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(Error::DatabaseTooNew {
            found,
            supported: SCHEMA_VERSION,
            path: path.to_path_buf(),
        });
    }
    if found < SCHEMA_VERSION {
        return Err(Error::Internal(format!(
            "the registry {} needs an upgrade, which needs free space on its disk",
            path.display()
        )));
    }
    Ok(conn)
}

/// An upgrade of a registry with at least this many images is announced (in the log, and by
/// the CLI on stderr): it rebuilds indexes over every image, seconds at 100,000 images.
pub const UPGRADE_NOTICE_IMAGES: u64 = 10_000;

/// The upgrade opening a registry runs: from its schema version to this build's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingUpgrade {
    /// The registry's schema version.
    pub from: i64,
    /// This build's ([`SCHEMA_VERSION`]).
    pub to: i64,
    /// About how many images the registry holds (its largest rowid).
    pub images: u64,
}

impl PendingUpgrade {
    /// Whether the upgrade is long enough to announce ([`UPGRADE_NOTICE_IMAGES`]).
    pub fn is_long(&self) -> bool {
        self.images >= UPGRADE_NOTICE_IMAGES
    }
}

impl std::fmt::Display for PendingUpgrade {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "upgrading the registry from schema {} to {} (about {} images), this runs once",
            self.from, self.to, self.images
        )
    }
}

/// The upgrade that opening the registry at `path` would run, read without changing anything:
/// `None` when there is no registry yet or it is current (or newer, which opening refuses).
pub fn pending_upgrade(path: &Path) -> Result<Option<PendingUpgrade>> {
    if !path.is_file() {
        return Ok(None);
    }
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    upgrade_from(&conn, SCHEMA_VERSION)
}

/// The upgrade to `target` a registry at its current version needs (none for a new, empty
/// file: its "upgrade" creates the tables).
fn upgrade_from(conn: &Connection, target: i64) -> Result<Option<PendingUpgrade>> {
    let from: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if from == 0 || from >= target {
        return Ok(None);
    }
    let images: Option<i64> =
        conn.query_row("SELECT max(rowid) FROM images", [], |row| row.get(0))?;
    Ok(Some(PendingUpgrade {
        from,
        to: target,
        images: images.unwrap_or(0).max(0) as u64,
    }))
}

/// Run migrations up to `target` (used by tests to build older schemas) in one immediate
/// transaction. A database newer than this build is refused and left untouched. A long
/// upgrade ([`PendingUpgrade::is_long`]) is logged before it starts.
pub fn migrate(conn: &Connection, path: &Path, target: i64) -> Result<()> {
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let found: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(Error::DatabaseTooNew {
            found,
            supported: SCHEMA_VERSION,
            path: path.to_path_buf(),
        });
    }
    let upgrade = upgrade_from(&tx, target)?;
    if let Some(upgrade) = upgrade.filter(PendingUpgrade::is_long) {
        tracing::info!(
            registry = %path.display(),
            from = upgrade.from,
            to = upgrade.to,
            images = upgrade.images,
            "{upgrade}"
        );
    }
    // SQLite's own page cache (2 MiB) is kept: at a million images the index builds ran a
    // third slower with 256 MiB.
    let started = std::time::Instant::now();
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let version = index as i64 + 1;
        if version > found && version <= target {
            let step = std::time::Instant::now();
            tx.execute_batch(sql)?;
            tracing::debug!(
                version,
                elapsed_ms = step.elapsed().as_millis() as u64,
                "migration ran"
            );
        }
    }
    if target > found {
        tx.pragma_update(None, "user_version", target)?;
    }
    tx.commit()?;
    if let Some(upgrade) = upgrade.filter(PendingUpgrade::is_long) {
        // The upgrade's pages went through the write-ahead log, which its commit copied into
        // the database; empty the log file too (it would stay that size, a gigabyte at a
        // million images, until the last connection closes). Busy readers only postpone it.
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        tracing::info!(
            to = upgrade.to,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "registry upgraded"
        );
    }
    Ok(())
}

/// Start an immediate (write-locking) transaction on a shared connection. Public because the
/// public `backend::state::apply_transition` takes one (tests/core.rs drives it directly).
pub fn write_tx(conn: &Connection) -> Result<Transaction<'_>> {
    Ok(Transaction::new_unchecked(
        conn,
        TransactionBehavior::Immediate,
    )?)
}

/// Fixed-width UTC timestamp with microseconds, so text order is time order.
pub fn time_text(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

fn parse_time(text: &str) -> rusqlite::Result<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.fZ")
        .map(|naive| naive.and_utc())
        .map_err(|err| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(err))
        })
}

fn parse_opt_time(text: Option<String>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    text.as_deref().map(parse_time).transpose()
}

pub(crate) fn parse_text<T: std::str::FromStr>(text: &str) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.parse().map_err(|err| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(err))
    })
}

fn parse_opt_text<T: std::str::FromStr>(text: Option<String>) -> rusqlite::Result<Option<T>>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.as_deref().map(parse_text).transpose()
}

/// Columns read by [`image_from_row`], in order.
pub const IMAGE_COLUMNS: &str = "id, name, status, visibility, protected, os_hidden, checksum, \
     os_hash_algo, os_hash_value, size, virtual_size, disk_format, container_format, min_disk, \
     min_ram, owner, created_at, updated_at, deleted_at, damaged";

/// An image from a row of [`IMAGE_COLUMNS`], without tags and properties.
pub fn image_from_row(row: &Row<'_>) -> rusqlite::Result<Image> {
    let id: String = row.get(0)?;
    Ok(Image {
        id: parse_text(&id)?,
        name: row.get(1)?,
        status: parse_text(&row.get::<_, String>(2)?)?,
        visibility: parse_text(&row.get::<_, String>(3)?)?,
        protected: row.get(4)?,
        os_hidden: row.get(5)?,
        checksum: row.get(6)?,
        os_hash_algo: row.get(7)?,
        os_hash_value: row.get(8)?,
        size_bytes: row.get::<_, Option<i64>>(9)?.map(|v| v as u64),
        virtual_size_bytes: row.get::<_, Option<i64>>(10)?.map(|v| v as u64),
        disk_format: parse_opt_text(row.get(11)?)?,
        container_format: parse_opt_text(row.get(12)?)?,
        min_disk_gib: row.get::<_, i64>(13)? as u64,
        min_ram_mib: row.get::<_, i64>(14)? as u64,
        owner: row.get(15)?,
        tags: BTreeSet::new(),
        properties: BTreeMap::new(),
        created_at: parse_time(&row.get::<_, String>(16)?)?,
        updated_at: parse_time(&row.get::<_, String>(17)?)?,
        deleted_at: parse_opt_time(row.get(18)?)?,
        damaged: row.get(19)?,
    })
}

/// Insert a new image row with its tags and properties. Public only for
/// examples/bench_gui.rs, which fills a registry faster than the catalog could; the library
/// creates images through the catalog.
pub fn insert_image(tx: &Transaction<'_>, image: &Image) -> Result<()> {
    tx.execute(
        "INSERT INTO images (id, name, status, visibility, protected, os_hidden, checksum, \
         os_hash_algo, os_hash_value, size, virtual_size, disk_format, container_format, \
         min_disk, min_ram, owner, created_at, updated_at, deleted_at, deleted) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, NULL, 0)",
        params![
            image.id.to_string(),
            image.name,
            image.status.as_str(),
            image.visibility.as_str(),
            image.protected,
            image.os_hidden,
            image.checksum,
            image.os_hash_algo,
            image.os_hash_value,
            image.size_bytes.map(|v| v as i64),
            image.virtual_size_bytes.map(|v| v as i64),
            image.disk_format.map(|f| f.as_str()),
            image.container_format.map(|f| f.as_str()),
            image.min_disk_gib as i64,
            image.min_ram_mib as i64,
            image.owner,
            time_text(&image.created_at),
            time_text(&image.updated_at),
        ],
    )?;
    for tag in &image.tags {
        insert_tag(tx, image.id, tag)?;
    }
    for (key, value) in &image.properties {
        upsert_property(tx, image.id, key, value)?;
    }
    Ok(())
}

/// Write every editable column of an existing image (not status, tags or properties).
pub(crate) fn update_image_row(tx: &Transaction<'_>, image: &Image) -> Result<()> {
    tx.execute(
        "UPDATE images SET name = ?2, visibility = ?3, protected = ?4, os_hidden = ?5, \
         checksum = ?6, os_hash_algo = ?7, os_hash_value = ?8, size = ?9, virtual_size = ?10, \
         disk_format = ?11, container_format = ?12, min_disk = ?13, min_ram = ?14, owner = ?15, \
         updated_at = ?16, deleted_at = ?17 WHERE id = ?1",
        params![
            image.id.to_string(),
            image.name,
            image.visibility.as_str(),
            image.protected,
            image.os_hidden,
            image.checksum,
            image.os_hash_algo,
            image.os_hash_value,
            image.size_bytes.map(|v| v as i64),
            image.virtual_size_bytes.map(|v| v as i64),
            image.disk_format.map(|f| f.as_str()),
            image.container_format.map(|f| f.as_str()),
            image.min_disk_gib as i64,
            image.min_ram_mib as i64,
            image.owner,
            time_text(&image.updated_at),
            image.deleted_at.as_ref().map(time_text),
        ],
    )?;
    Ok(())
}

/// An image's current status and a label for messages.
pub fn image_status_and_label(
    conn: &Connection,
    image_id: ImageId,
) -> Result<Option<(ImageStatus, String)>> {
    let row = conn
        .query_row(
            "SELECT status, COALESCE(NULLIF(name, ''), id) FROM images WHERE id = ?1",
            [image_id.to_string()],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
        )
        .optional()?;
    match row {
        Some((status, label)) => Ok(Some((status.parse()?, format!("\"{label}\"")))),
        None => Ok(None),
    }
}

/// Write a new status (only [`crate::backend::state::apply_transition`] calls this).
pub(crate) fn write_status(
    tx: &Transaction<'_>,
    image_id: ImageId,
    status: ImageStatus,
    at: &DateTime<Utc>,
) -> Result<()> {
    let deleted = status == ImageStatus::Deleted;
    tx.execute(
        "UPDATE images SET status = ?2, updated_at = ?3, deleted = ?4 WHERE id = ?1",
        params![
            image_id.to_string(),
            status.as_str(),
            time_text(at),
            deleted
        ],
    )?;
    Ok(())
}

/// Record one status change. Public only for examples/bench_gui.rs (see [`insert_image`]).
pub fn insert_transition(
    tx: &Transaction<'_>,
    image_id: ImageId,
    from: Option<ImageStatus>,
    to: ImageStatus,
    cause: &str,
    at: &DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO image_transitions (image_id, at, from_status, to_status, cause) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            image_id.to_string(),
            time_text(at),
            from.map(|s| s.as_str()),
            to.as_str(),
            cause
        ],
    )?;
    Ok(())
}

/// The transitions of one image, oldest first.
pub fn transitions(conn: &Connection, image_id: ImageId) -> Result<Vec<Transition>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, from_status, to_status, cause FROM image_transitions \
         WHERE image_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([image_id.to_string()], |row| {
        Ok(Transition {
            image_id,
            at: parse_time(&row.get::<_, String>(0)?)?,
            from: parse_opt_text(row.get(1)?)?,
            to: parse_text(&row.get::<_, String>(2)?)?,
            cause: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Add a tag (no-op if present).
pub(crate) fn insert_tag(tx: &Transaction<'_>, image_id: ImageId, tag: &str) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO image_tags (image_id, value) VALUES (?1, ?2)",
        params![image_id.to_string(), tag],
    )?;
    Ok(())
}

/// Remove a tag; returns whether it was there.
pub(crate) fn delete_tag(tx: &Transaction<'_>, image_id: ImageId, tag: &str) -> Result<bool> {
    Ok(tx.execute(
        "DELETE FROM image_tags WHERE image_id = ?1 AND value = ?2",
        params![image_id.to_string(), tag],
    )? > 0)
}

/// Set a property.
pub(crate) fn upsert_property(
    tx: &Transaction<'_>,
    image_id: ImageId,
    key: &str,
    value: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO image_properties (image_id, name, value) VALUES (?1, ?2, ?3) \
         ON CONFLICT (image_id, name) DO UPDATE SET value = excluded.value",
        params![image_id.to_string(), key, value],
    )?;
    Ok(())
}

/// Remove a property; returns whether it was there.
pub(crate) fn delete_property(tx: &Transaction<'_>, image_id: ImageId, key: &str) -> Result<bool> {
    Ok(tx.execute(
        "DELETE FROM image_properties WHERE image_id = ?1 AND name = ?2",
        params![image_id.to_string(), key],
    )? > 0)
}

/// Load one image with its tags and properties.
pub fn load_image(conn: &Connection, image_id: ImageId) -> Result<Option<Image>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {IMAGE_COLUMNS} FROM images WHERE id = ?1"))?;
    let image = stmt
        .query_row([image_id.to_string()], image_from_row)
        .optional()?;
    match image {
        Some(image) => {
            let mut images = vec![image];
            attach_tags_and_properties(conn, &mut images)?;
            Ok(images.pop())
        }
        None => Ok(None),
    }
}

/// Ids of images with exactly this name (any status but deleted).
pub fn ids_by_name(conn: &Connection, name: &str) -> Result<Vec<ImageId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM images WHERE name = ?1 AND status != 'deleted' ORDER BY created_at",
    )?;
    let rows = stmt.query_map([name], |row| {
        parse_text::<ImageId>(&row.get::<_, String>(0)?)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Fill in tags and properties of `images` with two batched queries.
pub fn attach_tags_and_properties(conn: &Connection, images: &mut [Image]) -> Result<()> {
    if images.is_empty() {
        return Ok(());
    }
    let mut index: HashMap<String, usize> = HashMap::with_capacity(images.len());
    for (i, image) in images.iter().enumerate() {
        index.insert(image.id.to_string(), i);
    }
    let ids: Vec<String> = images.iter().map(|i| i.id.to_string()).collect();
    for chunk in ids.chunks(500) {
        let placeholders = vec!["?"; chunk.len()].join(",");
        let values: Vec<SqlValue> = chunk.iter().cloned().map(SqlValue::Text).collect();
        let mut stmt = conn.prepare(&format!(
            "SELECT image_id, value FROM image_tags WHERE image_id IN ({placeholders})"
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
        let mut tags = Vec::new();
        while let Some(row) = rows.next()? {
            tags.push((row.get::<_, String>(0)?, row.get::<_, String>(1)?));
        }
        let mut stmt = conn.prepare(&format!(
            "SELECT image_id, name, value FROM image_properties WHERE image_id IN ({placeholders})"
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
        let mut properties = Vec::new();
        while let Some(row) = rows.next()? {
            properties.push((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ));
        }
        for (id, tag) in tags {
            if let Some(image) = index.get(&id).and_then(|&i| images.get_mut(i)) {
                image.tags.insert(tag);
            }
        }
        for (id, key, value) in properties {
            if let Some(image) = index.get(&id).and_then(|&i| images.get_mut(i)) {
                image.properties.insert(key, value);
            }
        }
    }
    Ok(())
}

/// The members of an image, oldest first.
pub fn members(conn: &Connection, image_id: ImageId) -> Result<Vec<Member>> {
    let mut stmt = conn.prepare_cached(
        "SELECT member, status, created_at, updated_at FROM image_members \
         WHERE image_id = ?1 ORDER BY created_at, member",
    )?;
    let rows = stmt.query_map([image_id.to_string()], |row| {
        Ok(Member {
            image_id,
            member_id: row.get(0)?,
            status: parse_text(&row.get::<_, String>(1)?)?,
            created_at: parse_time(&row.get::<_, String>(2)?)?,
            updated_at: parse_time(&row.get::<_, String>(3)?)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Add a member row.
pub(crate) fn insert_member(tx: &Transaction<'_>, member: &Member) -> Result<()> {
    tx.execute(
        "INSERT INTO image_members (image_id, member, status, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            member.image_id.to_string(),
            member.member_id,
            member.status.as_str(),
            time_text(&member.created_at),
            time_text(&member.updated_at)
        ],
    )?;
    Ok(())
}

/// Change a member's status; returns whether the member exists.
pub(crate) fn update_member_status(
    tx: &Transaction<'_>,
    image_id: ImageId,
    member_id: &str,
    status: MemberStatus,
    at: &DateTime<Utc>,
) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE image_members SET status = ?3, updated_at = ?4 WHERE image_id = ?1 AND member = ?2",
        params![
            image_id.to_string(),
            member_id,
            status.as_str(),
            time_text(at)
        ],
    )? > 0)
}

/// Remove a member; returns whether it existed.
pub(crate) fn delete_member(
    tx: &Transaction<'_>,
    image_id: ImageId,
    member_id: &str,
) -> Result<bool> {
    Ok(tx.execute(
        "DELETE FROM image_members WHERE image_id = ?1 AND member = ?2",
        params![image_id.to_string(), member_id],
    )? > 0)
}

/// Record where an image's data lives.
pub(crate) fn insert_location(
    tx: &Transaction<'_>,
    image_id: ImageId,
    url: &str,
    at: &DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO image_locations (image_id, value, status, created_at, updated_at) \
         VALUES (?1, ?2, 'active', ?3, ?3)",
        params![image_id.to_string(), url, time_text(at)],
    )?;
    Ok(())
}

/// Mark an image's locations deleted (its data is going away).
pub(crate) fn delete_locations(
    tx: &Transaction<'_>,
    image_id: ImageId,
    at: &DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "UPDATE image_locations SET status = 'deleted', updated_at = ?2 \
         WHERE image_id = ?1 AND status = 'active'",
        params![image_id.to_string(), time_text(at)],
    )?;
    Ok(())
}

/// The active location of an image, if it has data.
pub fn active_location(conn: &Connection, image_id: ImageId) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM image_locations WHERE image_id = ?1 AND status = 'active' \
             ORDER BY id DESC LIMIT 1",
            [image_id.to_string()],
            |row| row.get(0),
        )
        .optional()?)
}

/// Ids of images with an active location (their blobs must be kept).
pub fn ids_with_active_location(conn: &Connection) -> Result<BTreeSet<String>> {
    let mut stmt =
        conn.prepare("SELECT DISTINCT image_id FROM image_locations WHERE status = 'active'")?;
    let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Record why an image's stored data failed its check, or clear it (`None`).
pub(crate) fn set_damaged(
    conn: &Connection,
    image_id: ImageId,
    reason: Option<&str>,
) -> Result<()> {
    conn.execute(
        "UPDATE images SET damaged = ?2, verified_stat = NULL WHERE id = ?1",
        params![image_id.to_string(), reason],
    )?;
    Ok(())
}

/// The blob stat recorded when the image's data last matched its hashes.
pub fn verified_stat(conn: &Connection, image_id: ImageId) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT verified_stat FROM images WHERE id = ?1",
            [image_id.to_string()],
            |row| row.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

/// Record that the image's data matched its hashes while its blob had `stat`; clears
/// `damaged`.
pub(crate) fn set_verified(conn: &Connection, image_id: ImageId, stat: &str) -> Result<()> {
    conn.execute(
        "UPDATE images SET verified_stat = ?2, damaged = NULL WHERE id = ?1",
        params![image_id.to_string(), stat],
    )?;
    Ok(())
}

/// Remember a temporary file written outside the store (an export in flight).
pub(crate) fn insert_temp_file(conn: &Connection, path: &str, purpose: &str) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO temp_files (path, purpose, created_at) VALUES (?1, ?2, ?3)",
        params![path, purpose, time_text(&Utc::now())],
    )?;
    Ok(())
}

/// Forget a temporary file (it was renamed into place or removed).
pub(crate) fn delete_temp_file(conn: &Connection, path: &str) -> Result<()> {
    conn.execute("DELETE FROM temp_files WHERE path = ?1", [path])?;
    Ok(())
}

/// Every temporary file recorded, with its purpose.
pub fn temp_files(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT path, purpose FROM temp_files ORDER BY created_at")?;
    let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Status of an image row, if there is one (deleted rows included).
pub fn status_of(conn: &Connection, image_id: ImageId) -> Result<Option<ImageStatus>> {
    let status: Option<String> = conn
        .query_row(
            "SELECT status FROM images WHERE id = ?1",
            [image_id.to_string()],
            |row| row.get(0),
        )
        .optional()?;
    Ok(status.map(|s| s.parse()).transpose()?)
}

/// Ids of images in a status.
pub fn ids_with_status(conn: &Connection, status: ImageStatus) -> Result<Vec<ImageId>> {
    let mut stmt = conn.prepare("SELECT id FROM images WHERE status = ?1")?;
    let rows = stmt.query_map([status.as_str()], |row| {
        parse_text::<ImageId>(&row.get::<_, String>(0)?)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Insert a task with its info.
pub(crate) fn insert_task(tx: &Transaction<'_>, task: &Task) -> Result<()> {
    tx.execute(
        "INSERT INTO tasks (id, type, status, owner, image_id, expires_at, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            task.id.to_string(),
            task.task_type,
            task.status.as_str(),
            task.owner,
            task.image_id.map(|id| id.to_string()),
            task.expires_at.as_ref().map(time_text),
            time_text(&task.created_at),
            time_text(&task.updated_at)
        ],
    )?;
    tx.execute(
        "INSERT INTO task_info (task_id, input, result, message) VALUES (?1, ?2, ?3, ?4)",
        params![
            task.id.to_string(),
            task.input.to_string(),
            task.result.as_ref().map(|v| v.to_string()),
            task.message
        ],
    )?;
    Ok(())
}

/// Write a task's status, result, message and expiry.
pub(crate) fn update_task(tx: &Transaction<'_>, task: &Task) -> Result<()> {
    tx.execute(
        "UPDATE tasks SET status = ?2, expires_at = ?3, updated_at = ?4 WHERE id = ?1",
        params![
            task.id.to_string(),
            task.status.as_str(),
            task.expires_at.as_ref().map(time_text),
            time_text(&task.updated_at)
        ],
    )?;
    tx.execute(
        "UPDATE task_info SET result = ?2, message = ?3 WHERE task_id = ?1",
        params![
            task.id.to_string(),
            task.result.as_ref().map(|v| v.to_string()),
            task.message
        ],
    )?;
    Ok(())
}

const TASK_SELECT: &str = "SELECT t.id, t.type, t.status, t.owner, t.image_id, t.expires_at, \
     t.created_at, t.updated_at, i.input, i.result, i.message \
     FROM tasks t JOIN task_info i ON i.task_id = t.id";

fn task_from_row(row: &Row<'_>) -> rusqlite::Result<Task> {
    let json = |text: String| {
        serde_json::from_str(&text).map_err(|err| {
            rusqlite::Error::FromSqlConversionFailure(8, rusqlite::types::Type::Text, Box::new(err))
        })
    };
    Ok(Task {
        id: parse_text(&row.get::<_, String>(0)?)?,
        task_type: row.get(1)?,
        status: parse_text(&row.get::<_, String>(2)?)?,
        owner: row.get(3)?,
        image_id: parse_opt_text(row.get(4)?)?,
        expires_at: parse_opt_time(row.get(5)?)?,
        created_at: parse_time(&row.get::<_, String>(6)?)?,
        updated_at: parse_time(&row.get::<_, String>(7)?)?,
        input: json(row.get(8)?)?,
        result: row.get::<_, Option<String>>(9)?.map(json).transpose()?,
        message: row.get(10)?,
    })
}

/// One task.
pub fn load_task(conn: &Connection, task_id: TaskId) -> Result<Option<Task>> {
    Ok(conn
        .query_row(
            &format!("{TASK_SELECT} WHERE t.id = ?1"),
            [task_id.to_string()],
            task_from_row,
        )
        .optional()?)
}

/// Tasks, newest first, optionally only of one status and/or one image.
pub fn list_tasks(
    conn: &Connection,
    status: Option<TaskStatus>,
    image_id: Option<ImageId>,
    limit: u32,
) -> Result<Vec<Task>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{TASK_SELECT} WHERE (?1 IS NULL OR t.status = ?1) AND (?2 IS NULL OR t.image_id = ?2) \
         ORDER BY t.created_at DESC, t.id LIMIT ?3"
    ))?;
    let rows = stmt.query_map(
        params![
            status.map(|s| s.as_str()),
            image_id.map(|id| id.to_string()),
            limit
        ],
        task_from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Delete finished tasks whose expiry has passed; returns how many.
pub(crate) fn delete_expired_tasks(tx: &Transaction<'_>, now: &DateTime<Utc>) -> Result<usize> {
    let now = time_text(now);
    tx.execute(
        "DELETE FROM task_info WHERE task_id IN \
         (SELECT id FROM tasks WHERE expires_at IS NOT NULL AND expires_at < ?1)",
        [&now],
    )?;
    Ok(tx.execute(
        "DELETE FROM tasks WHERE expires_at IS NOT NULL AND expires_at < ?1",
        [&now],
    )?)
}

/// A stored setting.
pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
            row.get(0)
        })
        .optional()?)
}

/// Store a setting.
pub(crate) fn set_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_big_registry_at_an_older_schema_is_announced_and_then_upgraded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("registry.sqlite");
        assert_eq!(pending_upgrade(&path).unwrap(), None, "no registry yet");
        {
            let conn = Connection::open(&path).unwrap();
            migrate(&conn, &path, 4).unwrap();
            conn.execute_batch(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
                 INSERT INTO images (id, name, status, visibility, created_at, updated_at)
                 SELECT printf('00000000-0000-4000-8000-%012d', i), 'image-' || i, 'active',
                        'private', '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z'
                 FROM n;
                 INSERT INTO image_tags SELECT id, 'Tag-' || substr(name, 7) FROM images;",
            )
            .unwrap();
        }
        let upgrade = pending_upgrade(&path).unwrap().unwrap();
        assert_eq!(
            upgrade,
            PendingUpgrade {
                from: 4,
                to: SCHEMA_VERSION,
                images: 10_000
            }
        );
        assert!(upgrade.is_long());
        assert!(upgrade.to_string().contains("this runs once"), "{upgrade}");

        let conn = open(&path).unwrap();
        assert_eq!(pending_upgrade(&path).unwrap(), None);
        // The search index was filled from the rows there, lowered and padded.
        let found = |term: &str| -> i64 {
            conn.query_row(
                "SELECT count(*) FROM image_search_terms WHERE term = ?1",
                [term],
                |row| row.get(0),
            )
            .unwrap()
        };
        assert_eq!(found("tag"), 10_000);
        assert_eq!(found("Tag"), 0);
        assert_eq!(found("9\u{1}\u{1}"), 2_000, "names and tags ending in 9");
    }

    fn schema(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master ORDER BY 1")
            .unwrap();
        stmt.query_map([], |row| row.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    }

    #[test]
    fn the_first_form_of_migration_5_is_replaced_by_6() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("registry.sqlite");
        {
            // Schema 5 as an earlier build wrote it: its search index and some of its triggers.
            let conn = Connection::open(&path).unwrap();
            migrate(&conn, &path, 5).unwrap();
            conn.execute_batch(
                "CREATE TABLE image_search_keys (key INTEGER PRIMARY KEY,
                     image_id TEXT NOT NULL UNIQUE);
                 CREATE VIRTUAL TABLE image_search USING fts5 (name, tags, tokenize = 'trigram');
                 CREATE TRIGGER tr_images_search_insert AFTER INSERT ON images BEGIN
                     INSERT INTO image_search_keys (image_id) VALUES (new.id);
                     INSERT INTO image_search (rowid, name, tags)
                         VALUES (last_insert_rowid(), COALESCE(new.name, ''), '');
                 END;
                 INSERT INTO images (id, name, status, visibility, created_at, updated_at)
                 VALUES ('6f1a3f8e-9d2c-4f6b-8a51-0c2f6c9d1e20', 'Old', 'active', 'private',
                         '2025-01-01T00:00:00.000000Z', '2025-01-01T00:00:00.000000Z');",
            )
            .unwrap();
        }
        let upgraded = open(&path).unwrap();
        let fresh = open(&dir.path().join("fresh.sqlite")).unwrap();
        assert_eq!(schema(&upgraded), schema(&fresh));
        let terms: Vec<String> = upgraded
            .prepare("SELECT term FROM image_search_terms ORDER BY term")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(terms, ["d\u{1}\u{1}", "ld\u{1}", "old"]);
    }
}
