//! Turns a [`ListQuery`] into one indexed SQL query: filters, a multi-key sort with the id as
//! tie-breaker, keyset paging after a marker (mixed directions included), limit and offset.
//! Before it, a bounded count of each filter that has an index of its own (tag, property,
//! name, several statuses, a search through the FTS5 trigram index: a phrase of trigrams
//! for 3+ characters, the trigrams a shorter text begins otherwise) picks the query's shape:
//! the narrowest such filter drives (its ids, looked up and sorted), or, when all are broad,
//! the query walks the sort order's index (or, for one status, its (status, sort order)
//! index) and stops after a page.

use rusqlite::Connection;
use rusqlite::types::Value as SqlValue;

use crate::model::error::{Error, Result};
use crate::model::image::{Image, ImageId, ImageStatus};
use crate::model::query::{ListQuery, SortDir, SortKey, VisibilityFilter};
use crate::store::registry::{
    IMAGE_COLUMNS, attach_tags_and_properties, image_from_row, parse_text,
};

fn sort_expr(key: SortKey) -> &'static str {
    match key {
        SortKey::Name => "COALESCE(name, '')",
        SortKey::Status => "status",
        SortKey::ContainerFormat => "COALESCE(container_format, '')",
        SortKey::DiskFormat => "COALESCE(disk_format, '')",
        SortKey::Size => "COALESCE(size, -1)",
        SortKey::VirtualSize => "COALESCE(virtual_size, -1)",
        SortKey::Id => "id",
        SortKey::CreatedAt => "created_at",
        SortKey::UpdatedAt => "updated_at",
        SortKey::Visibility => "visibility",
    }
}

/// A filter that can drive a listing: a small set of ids read from its own index, whose rows
/// are then sorted, instead of a walk down the sort order that checks every row.
struct Driver {
    /// `SELECT image_id …` (one column, the id), using an index.
    sql: String,
    /// Its arguments.
    args: Vec<SqlValue>,
    /// The ids may repeat (a UNION ALL, which stops early when counted with a LIMIT).
    repeats: bool,
}

/// The search text if it is not empty.
fn search_text(query: &ListQuery) -> Option<&str> {
    query
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A search of at least three characters is a phrase of trigrams (a MATCH); a shorter one is
/// the start of the trigrams it begins (a range of the index's vocabulary).
fn trigram_searchable(search: &str) -> bool {
    search.chars().count() >= 3
}

/// The statuses a listing without a status filter leaves out (see [`hidden_by_default`]).
const HIDDEN_STATUSES: &str = "'deleted', 'pending_delete', 'killed'";

/// How a query may use the indexes of `images`' own columns.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reads {
    /// Any filter's index (a count with no driver).
    Filters,
    /// The sort order's index only (the columns are written `+column`, which keeps SQLite
    /// from reading the rows through a filter's index): a page is read down it and stops
    /// after `limit` rows.
    SortOrder,
    /// The (status, sort order) index of the one status asked for.
    StatusSortOrder,
}

/// The WHERE clause and its parameters for the filters of `query` (not the marker), written
/// for `reads`.
fn filters(query: &ListQuery, current_owner: &str, reads: Reads) -> (String, Vec<SqlValue>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<SqlValue> = Vec::new();
    let text = |s: &str| SqlValue::Text(s.to_string());
    let plus = if reads == Reads::Filters { "" } else { "+" };

    if query.statuses.is_empty() {
        clauses.push(format!("{plus}status NOT IN ({HIDDEN_STATUSES})"));
    } else {
        let marks = vec!["?"; query.statuses.len()].join(",");
        let plus = if reads == Reads::StatusSortOrder {
            ""
        } else {
            plus
        };
        clauses.push(format!("{plus}status IN ({marks})"));
        args.extend(query.statuses.iter().map(|s| text(s.as_str())));
    }
    match query.visibility {
        VisibilityFilter::Default => {
            clauses.push(format!(
                "({plus}visibility != 'community' OR {plus}owner = ?)"
            ));
            args.push(text(current_owner));
        }
        VisibilityFilter::All => {}
        VisibilityFilter::Only(visibility) => {
            clauses.push(format!("{plus}visibility = ?"));
            args.push(text(visibility.as_str()));
        }
    }
    if let Some(name) = &query.name {
        clauses.push(format!("{plus}name = ?"));
        args.push(text(name));
    }
    // Tags and properties are checked per row through the primary keys (image_id first).
    for tag in &query.tags {
        clauses.push(
            "EXISTS (SELECT 1 FROM image_tags t WHERE t.image_id = images.id AND t.value = ?)"
                .into(),
        );
        args.push(text(tag));
    }
    for (key, value) in &query.properties {
        clauses.push(
            "EXISTS (SELECT 1 FROM image_properties p WHERE p.image_id = images.id \
             AND p.name = ? AND p.value = ?)"
                .into(),
        );
        args.push(text(key));
        args.push(text(value));
    }
    if let Some(owner) = &query.owner {
        clauses.push(format!("{plus}owner = ?"));
        args.push(text(owner));
    }
    if let Some(format) = query.disk_format {
        clauses.push(format!("{plus}disk_format = ?"));
        args.push(text(format.as_str()));
    }
    if let Some(format) = query.container_format {
        clauses.push(format!("{plus}container_format = ?"));
        args.push(text(format.as_str()));
    }
    clauses.push(format!("{plus}os_hidden = ?"));
    args.push(SqlValue::Integer(i64::from(
        query.os_hidden.unwrap_or(false),
    )));
    if let Some(protected) = query.protected {
        clauses.push(format!("{plus}protected = ?"));
        args.push(SqlValue::Integer(i64::from(protected)));
    }
    if let Some(min) = query.size_min {
        clauses.push(format!("{plus}size >= ?"));
        args.push(SqlValue::Integer(min as i64));
    }
    if let Some(max) = query.size_max {
        clauses.push(format!("{plus}size <= ?"));
        args.push(SqlValue::Integer(max as i64));
    }
    if let Some(search) = search_text(query) {
        // The exact rule (the trigram index only narrows the candidates): a substring of the
        // name or of a tag, or a prefix of the id, ASCII letters in either case.
        let escaped = search
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        clauses.push(format!(
            "({plus}name LIKE ? ESCAPE '\\' OR {plus}id LIKE ? ESCAPE '\\' OR EXISTS \
             (SELECT 1 FROM image_tags t WHERE t.image_id = images.id \
             AND t.value LIKE ? ESCAPE '\\'))"
        ));
        args.push(SqlValue::Text(format!("%{escaped}%")));
        args.push(SqlValue::Text(format!("{escaped}%")));
        args.push(SqlValue::Text(format!("%{escaped}%")));
    }
    (clauses.join(" AND "), args)
}

/// The filters of `query` that can list their matching ids from an index of their own.
fn drivers(query: &ListQuery) -> Vec<Driver> {
    let text = |s: &str| SqlValue::Text(s.to_string());
    let mut drivers = Vec::new();
    for tag in &query.tags {
        drivers.push(Driver {
            sql: "SELECT image_id FROM image_tags WHERE value = ?".into(),
            args: vec![text(tag)],
            repeats: false,
        });
    }
    for (key, value) in &query.properties {
        drivers.push(Driver {
            sql: "SELECT image_id FROM image_properties WHERE name = ? AND value = ?".into(),
            args: vec![text(key), text(value)],
            repeats: false,
        });
    }
    if let Some(name) = &query.name {
        drivers.push(Driver {
            sql: "SELECT id AS image_id FROM images WHERE name = ?".into(),
            args: vec![text(name)],
            repeats: false,
        });
    }
    // One status is read from its (status, sort order) index instead (see [`Reads`]); a
    // count reads it from `ix_images_count`.
    if query.statuses.len() > 1 {
        let marks = vec!["?"; query.statuses.len()].join(",");
        drivers.push(Driver {
            sql: format!("SELECT id AS image_id FROM images WHERE status IN ({marks})"),
            args: query.statuses.iter().map(|s| text(s.as_str())).collect(),
            repeats: false,
        });
    }
    if let Some(search) = search_text(query) {
        // Candidates for names and tags from the trigram index, which holds them lowered as
        // LIKE folds case (ASCII only), plus the id prefix as a key range (ids are stored in
        // lower case).
        let lowered = search.to_ascii_lowercase();
        let (candidates, mut args) = if trigram_searchable(search) {
            // CROSS JOIN: the match is read once, each hit's key looked up (the other way
            // round SQLite would run the match again for every key).
            (
                "SELECT k.image_id FROM image_search s CROSS JOIN image_search_keys k \
                 ON k.key = s.rowid WHERE image_search MATCH ?",
                vec![SqlValue::Text(format!(
                    "\"{}\"",
                    lowered.replace('"', "\"\"")
                ))],
            )
        } else {
            // Every occurrence of 1 or 2 characters starts a trigram (the indexed texts end
            // in two pad characters): the occurrences are the vocabulary's rows from the
            // text up to the text followed by the largest characters.
            (
                "SELECT k.image_id FROM image_search_terms v CROSS JOIN image_search_keys k \
                 ON k.key = v.doc WHERE v.term >= ? AND v.term <= ?",
                vec![
                    SqlValue::Text(lowered.clone()),
                    SqlValue::Text(format!("{lowered}\u{10FFFF}\u{10FFFF}")),
                ],
            )
        };
        args.push(SqlValue::Text(lowered.clone()));
        args.push(SqlValue::Text(format!("{lowered}\u{10FFFF}")));
        drivers.push(Driver {
            sql: format!("{candidates} UNION ALL SELECT id FROM images WHERE id >= ? AND id < ?"),
            args,
            repeats: true,
        });
    }
    drivers
}

/// A rough row count of `images` (its largest rowid: one index probe, never a scan).
fn approximate_rows(conn: &Connection) -> Result<u64> {
    let rows: Option<i64> = conn
        .prepare_cached("SELECT max(rowid) FROM images")?
        .query_row([], |row| row.get(0))?;
    Ok(rows.unwrap_or(0).max(0) as u64)
}

/// The driver with the fewest ids if it has at most `bound` of them (each is counted only up
/// to `bound + 1`, so a broad filter costs no more than a narrow one).
fn narrowest(conn: &Connection, query: &ListQuery, bound: u64) -> Result<Option<Driver>> {
    let mut best: Option<(u64, Driver)> = None;
    for driver in drivers(query) {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT count(*) FROM ({} LIMIT {})",
            driver.sql,
            bound.saturating_add(1)
        ))?;
        let found: i64 = stmt.query_row(rusqlite::params_from_iter(driver.args.iter()), |row| {
            row.get(0)
        })?;
        let found = found.max(0) as u64;
        if found <= bound && best.as_ref().is_none_or(|(n, _)| found < *n) {
            best = Some((found, driver));
        }
    }
    Ok(best.map(|(_, driver)| driver))
}

/// The `FROM …` part and its arguments: the driver's ids joined to `images` (CROSS JOIN
/// keeps SQLite from reordering the loop), or `images` alone.
fn from_clause(driver: Option<Driver>) -> (String, Vec<SqlValue>) {
    match driver {
        Some(driver) => (
            format!(
                "({}{}) AS driver CROSS JOIN images ON images.id = driver.image_id",
                if driver.repeats {
                    "SELECT DISTINCT image_id FROM "
                } else {
                    ""
                },
                if driver.repeats {
                    format!("({})", driver.sql)
                } else {
                    driver.sql
                }
            ),
            driver.args,
        ),
        None => ("images".into(), Vec::new()),
    }
}

/// How many matching ids a filter may have and still drive a page: reading `n` ids by key
/// and sorting them costs about `4n` steps of a walk down the sort order (measured at 1M:
/// ~6 µs an id against ~1.5 µs a row), and the walk until `want` rows matched costs about
/// `want × rows / n`. They meet at `√(want × rows) / 2`.
fn driver_bound(rows: u64, want: u64) -> u64 {
    let product = want.saturating_mul(rows) as f64;
    ((product.sqrt() / 2.0) as u64).clamp(256, rows.max(256))
}

/// The `SELECT columns …` of `query` (filters, marker, sort, limit, offset) with its
/// arguments.
fn select_sql(
    conn: &Connection,
    query: &ListQuery,
    current_owner: &str,
    columns: &str,
) -> Result<(String, Vec<SqlValue>)> {
    let rows = approximate_rows(conn)?;
    let want = query
        .limit
        .map_or(rows, |limit| u64::from(limit) + query.offset.unwrap_or(0));
    let driver = narrowest(conn, query, driver_bound(rows, want))?;
    let reads = if driver.is_none() && query.statuses.len() == 1 {
        Reads::StatusSortOrder
    } else {
        Reads::SortOrder
    };
    let (from_sql, mut args) = from_clause(driver);
    let (mut where_sql, filter_args) = filters(query, current_owner, reads);
    args.extend(filter_args);
    let sort = query.effective_sort();

    if let Some(marker) = query.marker {
        let exists: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM images WHERE id = ?1)",
            [marker.to_string()],
            |row| row.get(0),
        )?;
        if !exists {
            return Err(Error::invalid(
                format!("marker {marker}"),
                "no image with that id",
            ));
        }
        // Rows strictly after the marker: OR over i of (keys before i equal, key i beyond).
        let mut alternatives = Vec::new();
        for (i, (key, dir)) in sort.iter().enumerate() {
            let mut parts = Vec::new();
            for (prev, _) in sort.iter().take(i) {
                let expr = sort_expr(*prev);
                parts.push(format!("{expr} = (SELECT {expr} FROM images WHERE id = ?)"));
                args.push(SqlValue::Text(marker.to_string()));
            }
            let expr = sort_expr(*key);
            let op = if *dir == SortDir::Asc { ">" } else { "<" };
            parts.push(format!(
                "{expr} {op} (SELECT {expr} FROM images WHERE id = ?)"
            ));
            args.push(SqlValue::Text(marker.to_string()));
            alternatives.push(format!("({})", parts.join(" AND ")));
        }
        where_sql = format!("{where_sql} AND ({})", alternatives.join(" OR "));
    }

    let order = sort
        .iter()
        .map(|(key, dir)| {
            let dir = if *dir == SortDir::Asc { "ASC" } else { "DESC" };
            format!("{} {dir}", sort_expr(*key))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut sql = format!("SELECT {columns} FROM {from_sql} WHERE {where_sql} ORDER BY {order}");
    sql.push_str(&format!(" LIMIT {}", query.limit.map_or(-1, i64::from)));
    if let Some(offset) = query.offset {
        sql.push_str(&format!(" OFFSET {offset}"));
    }
    Ok((sql, args))
}

/// Images matching `query`, in its sort order, with tags and properties.
pub fn list_images(
    conn: &Connection,
    query: &ListQuery,
    current_owner: &str,
) -> Result<Vec<Image>> {
    let (sql, args) = select_sql(conn, query, current_owner, &qualified_image_columns())?;
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), image_from_row)?;
    let mut images: Vec<Image> = rows.collect::<rusqlite::Result<_>>()?;
    attach_tags_and_properties(conn, &mut images)?;
    Ok(images)
}

/// [`IMAGE_COLUMNS`] with each column named by its table (a driver adds its own `image_id`).
fn qualified_image_columns() -> String {
    IMAGE_COLUMNS
        .split(',')
        .map(|column| format!("images.{}", column.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The ids of the images [`list_images`] would return, without loading the rows.
pub fn list_image_ids(
    conn: &Connection,
    query: &ListQuery,
    current_owner: &str,
) -> Result<Vec<ImageId>> {
    let (sql, args) = select_sql(conn, query, current_owner, "images.id")?;
    let mut stmt = conn.prepare_cached(&sql)?;
    let ids = stmt.query_map(rusqlite::params_from_iter(args.iter()), |row| {
        parse_text::<ImageId>(&row.get::<_, String>(0)?)
    })?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// How many images match `query`'s filters (marker, limit and offset ignored). A filter
/// with few matches is counted from its own index; otherwise the rows' own filters are
/// read from `ix_images_count` where they can be.
pub fn count_images(conn: &Connection, query: &ListQuery, current_owner: &str) -> Result<u64> {
    let (sql, args) = count_sql(conn, query, current_owner)?;
    let mut stmt = conn.prepare_cached(&sql)?;
    let count: i64 = stmt.query_row(rusqlite::params_from_iter(args.iter()), |row| row.get(0))?;
    Ok(count as u64)
}

fn count_sql(
    conn: &Connection,
    query: &ListQuery,
    current_owner: &str,
) -> Result<(String, Vec<SqlValue>)> {
    // Looking rows up by id costs a few times a step of a scan: a driver pays off below
    // about a quarter of the rows.
    let rows = approximate_rows(conn)?;
    let driver = narrowest(conn, query, (rows / 4).max(256))?;
    let reads = if driver.is_none() {
        Reads::Filters
    } else {
        Reads::SortOrder
    };
    let (from_sql, mut args) = from_clause(driver);
    let (where_sql, filter_args) = filters(query, current_owner, reads);
    args.extend(filter_args);
    Ok((
        format!("SELECT COUNT(*) FROM {from_sql} WHERE {where_sql}"),
        args,
    ))
}

/// Whether a status is one that default listings leave out (a listing shows it only when its
/// status filter asks for it): deleted, pending_delete and killed.
pub fn hidden_by_default(status: ImageStatus) -> bool {
    matches!(
        status,
        ImageStatus::Deleted | ImageStatus::PendingDelete | ImageStatus::Killed
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::image::Visibility;
    use crate::store::registry;
    use chrono::{Duration, TimeZone, Utc};

    fn image(i: usize, name: &str, tags: &[&str], status: ImageStatus) -> Image {
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::seconds(i as i64);
        Image {
            id: ImageId::new_random(),
            name: Some(name.to_string()),
            status,
            visibility: Visibility::Private,
            protected: false,
            os_hidden: false,
            checksum: None,
            os_hash_algo: None,
            os_hash_value: None,
            size_bytes: Some(i as u64),
            virtual_size_bytes: None,
            disk_format: None,
            container_format: None,
            min_disk_gib: 0,
            min_ram_mib: 0,
            owner: Some("me".into()),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            properties: [("os_distro".to_string(), format!("d{}", i % 3))].into(),
            created_at: at,
            updated_at: at,
            deleted_at: None,
            damaged: None,
        }
    }

    fn open() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let conn = registry::open(&dir.path().join("registry.sqlite")).unwrap();
        (dir, conn)
    }

    fn insert(conn: &Connection, images: &[Image]) {
        let tx = registry::write_tx(conn).unwrap();
        for image in images {
            registry::insert_image(&tx, image).unwrap();
        }
        tx.commit().unwrap();
    }

    fn search(conn: &Connection, text: &str) -> Vec<ImageId> {
        let query = ListQuery {
            search: Some(text.into()),
            sort: vec![(SortKey::Name, SortDir::Asc)],
            ..Default::default()
        };
        let ids = list_image_ids(conn, &query, "me").unwrap();
        assert_eq!(count_images(conn, &query, "me").unwrap(), ids.len() as u64);
        ids
    }

    /// What the search promises, written out: ASCII case folded, a substring of the name or
    /// a tag, a prefix of the id.
    fn expected(images: &[Image], text: &str) -> Vec<ImageId> {
        let needle = text.trim().to_ascii_lowercase();
        let mut hits: Vec<&Image> = images
            .iter()
            .filter(|i| {
                let name = i.name.clone().unwrap_or_default().to_ascii_lowercase();
                name.contains(&needle)
                    || i.id.to_string().starts_with(&needle)
                    || i.tags
                        .iter()
                        .any(|t| t.to_ascii_lowercase().contains(&needle))
            })
            .collect();
        hits.sort_by(|a, b| (&a.name, a.id.to_string()).cmp(&(&b.name, b.id.to_string())));
        hits.into_iter().map(|i| i.id).collect()
    }

    #[test]
    fn search_is_substring_of_name_or_tag_or_id_prefix_at_any_length() {
        let (_dir, conn) = open();
        let images = vec![
            image(
                0,
                "Ubuntu-22.04 LTS",
                &["lts", "jammy"],
                ImageStatus::Active,
            ),
            image(1, "麒麟桌面版", &["国产"], ImageStatus::Active),
            image(2, "cirros", &[], ImageStatus::Queued),
            image(3, "a_b%c\\d", &["Ünïcode"], ImageStatus::Active),
            image(4, "debian-lts", &["LTS"], ImageStatus::Active),
            // Shorter than a trigram: found through the pad the index adds.
            image(5, "Qx", &["z"], ImageStatus::Active),
        ];
        insert(&conn, &images);
        let id = images[2].id.to_string();
        let searches = [
            "u",
            "ub",
            "ubu",
            "UBUNTU",
            "lt",
            "lts",
            "LTS",
            " lts ",
            "麒",
            "麒麟",
            "麒麟桌",
            "桌面版",
            "国产",
            "jam",
            "jammy",
            "%",
            "_b%",
            "\\d",
            "ünï",
            "Ünï",
            "zzzz",
            "ros",
            &id[..1],
            &id[..2],
            &id[..8],
            &id[..8].to_uppercase(),
            &id[9..18],
            &id,
            "\"quoted\"",
            "a_b",
            // 1 and 2 characters, at the start, middle and end of a name or tag.
            "s",
            "os",
            "S",
            "d",
            "\\",
            "版",
            "面版",
            "产",
            "y",
            "my",
            "q",
            "Q",
            "qx",
            "x",
            "z",
            "Z",
            "ü",
            "Ü",
            "-",
            "4",
            "zq",
        ];
        for text in searches {
            assert_eq!(
                search(&conn, text),
                expected(&images, text),
                "search {text:?}"
            );
        }
        // A middle piece of an id is not a prefix.
        assert!(search(&conn, &id[9..18]).is_empty());
        assert_eq!(search(&conn, "麒麟桌"), [images[1].id]);
    }

    #[test]
    fn the_search_index_follows_renames_tags_and_deletes() {
        let (_dir, conn) = open();
        let mut images = vec![image(0, "alpha", &["one"], ImageStatus::Active)];
        insert(&conn, &images);
        let tx = registry::write_tx(&conn).unwrap();
        images[0].name = Some("omega".into());
        registry::update_image_row(&tx, &images[0]).unwrap();
        registry::insert_tag(&tx, images[0].id, "two-tag").unwrap();
        registry::delete_tag(&tx, images[0].id, "one").unwrap();
        tx.commit().unwrap();
        assert!(search(&conn, "alpha").is_empty());
        assert_eq!(search(&conn, "omeg"), [images[0].id]);
        assert_eq!(search(&conn, "two-t"), [images[0].id]);
        assert_eq!(search(&conn, "om"), [images[0].id]);
        assert_eq!(search(&conn, "g"), [images[0].id]);
        assert!(search(&conn, "one").is_empty());
        assert!(search(&conn, "ph").is_empty());
        conn.execute_batch(
            "DELETE FROM image_tags; DELETE FROM image_properties; DELETE FROM images;",
        )
        .unwrap();
        let left: i64 = conn
            .query_row("SELECT count(*) FROM image_search", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn deleted_pending_delete_and_killed_are_listed_only_when_asked_for() {
        let (_dir, conn) = open();
        let images: Vec<Image> = ImageStatus::ALL
            .iter()
            .enumerate()
            .map(|(i, status)| image(i, status.as_str(), &[], *status))
            .collect();
        insert(&conn, &images);
        let listed = list_images(&conn, &ListQuery::default(), "me").unwrap();
        for image in &images {
            assert_eq!(
                listed.iter().any(|i| i.id == image.id),
                !hidden_by_default(image.status),
                "{}",
                image.status
            );
            assert_eq!(
                HIDDEN_STATUSES.contains(&format!("'{}'", image.status.as_str())),
                hidden_by_default(image.status),
                "{}",
                image.status
            );
            let asked = ListQuery {
                statuses: vec![image.status],
                ..Default::default()
            };
            assert_eq!(list_image_ids(&conn, &asked, "me").unwrap(), [image.id]);
        }
        assert!(hidden_by_default(ImageStatus::Killed));
        assert_eq!(
            count_images(&conn, &ListQuery::default(), "me").unwrap(),
            listed.len() as u64
        );
    }

    fn plan(conn: &Connection, sql: &str, args: &[SqlValue]) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), |row| {
                row.get::<_, String>(3)
            })
            .unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn query_plans_use_the_indexes() {
        let (_dir, conn) = open();
        let images: Vec<Image> = (0..3000)
            .map(|i| {
                let rare = if i % 500 == 0 { "rare" } else { "common" };
                let status = if i % 1000 == 0 {
                    ImageStatus::Killed
                } else {
                    ImageStatus::Active
                };
                image(i, &format!("image-{i:05}-{rare}"), &["all", rare], status)
            })
            .collect();
        insert(&conn, &images);
        let page = |query: ListQuery| ListQuery {
            limit: Some(100),
            ..query
        };
        let select = |query: &ListQuery| {
            let (sql, args) = select_sql(&conn, query, "me", "images.id").unwrap();
            plan(&conn, &sql, &args)
        };
        // Every sort order reads its own index, with no sort step.
        for (key, index) in [
            (SortKey::Name, "ix_images_sort_name"),
            (SortKey::Status, "ix_images_sort_status"),
            (SortKey::ContainerFormat, "ix_images_sort_container_format"),
            (SortKey::DiskFormat, "ix_images_sort_disk_format"),
            (SortKey::Size, "ix_images_sort_size"),
            (SortKey::VirtualSize, "ix_images_sort_virtual_size"),
            (SortKey::CreatedAt, "ix_images_sort_created_at"),
            (SortKey::UpdatedAt, "ix_images_sort_updated_at"),
            (SortKey::Visibility, "ix_images_sort_visibility"),
        ] {
            for dir in [SortDir::Asc, SortDir::Desc] {
                let query = page(ListQuery {
                    sort: vec![(key, dir)],
                    ..Default::default()
                });
                let plan = select(&query);
                assert!(plan.contains(index), "{key:?} {dir:?}: {plan}");
                assert!(!plan.contains("TEMP B-TREE"), "{key:?} {dir:?}: {plan}");
            }
        }
        // A broad tag is checked per row down the sort order...
        let broad = select(&page(ListQuery {
            tags: vec!["all".into()],
            ..Default::default()
        }));
        assert!(broad.contains("ix_images_sort_created_at"), "{broad}");
        assert!(!broad.contains("TEMP B-TREE"), "{broad}");
        // ...a rare one drives: its ids from the covering index, the rows by primary key.
        for query in [
            ListQuery {
                tags: vec!["rare".into()],
                ..Default::default()
            },
            ListQuery {
                tags: vec!["all".into(), "rare".into()],
                ..Default::default()
            },
        ] {
            let rare = select(&page(query));
            assert!(rare.contains("ix_image_tags_value_image"), "{rare}");
            assert!(rare.contains("sqlite_autoindex_images_1 (id=?)"), "{rare}");
        }
        let property = select(&page(ListQuery {
            properties: vec![("os_distro".into(), "d1".into())],
            ..Default::default()
        }));
        assert!(property.contains("ix_images_sort_created_at"), "{property}");
        // One status is read in each sort order from its (status, sort order) index, rare
        // or common; several statuses are checked down the sort order.
        for (key, index) in [
            (SortKey::Name, "ix_images_status_name"),
            (SortKey::Status, "ix_images_sort_status"),
            (
                SortKey::ContainerFormat,
                "ix_images_status_container_format",
            ),
            (SortKey::DiskFormat, "ix_images_status_disk_format"),
            (SortKey::Size, "ix_images_status_size"),
            (SortKey::VirtualSize, "ix_images_status_virtual_size"),
            (SortKey::CreatedAt, "ix_images_status_created_at"),
            (SortKey::UpdatedAt, "ix_images_status_updated_at"),
            (SortKey::Visibility, "ix_images_status_visibility"),
            (SortKey::Id, "ix_images_sort_status"),
        ] {
            for status in [ImageStatus::Killed, ImageStatus::Active] {
                let query = page(ListQuery {
                    statuses: vec![status],
                    sort: vec![(key, SortDir::Desc)],
                    ..Default::default()
                });
                let plan = select(&query);
                assert!(
                    plan.contains(&format!("{index} (status=?)")),
                    "{key:?}: {plan}"
                );
                assert!(!plan.contains("TEMP B-TREE"), "{key:?}: {plan}");
            }
        }
        let statuses = select(&page(ListQuery {
            statuses: vec![ImageStatus::Killed, ImageStatus::Queued],
            ..Default::default()
        }));
        assert!(statuses.contains("ix_images_sort_status"), "{statuses}");
        // A 3+ character search reads the trigram index; a rare one drives.
        let searched = select(&page(ListQuery {
            search: Some("rare".into()),
            ..Default::default()
        }));
        assert!(
            searched.contains("SCAN s VIRTUAL TABLE INDEX"),
            "{searched}"
        );
        assert!(
            searched.contains("SEARCH k USING INTEGER PRIMARY KEY"),
            "the match drives the key lookups: {searched}"
        );
        let common = select(&page(ListQuery {
            search: Some("common".into()),
            ..Default::default()
        }));
        assert!(common.contains("ix_images_sort_created_at"), "{common}");
        // A 1-2 character search reads the trigrams it begins; a rare one drives, a common
        // one walks the sort order.
        let short = select(&page(ListQuery {
            search: Some("RA".into()),
            ..Default::default()
        }));
        assert!(short.contains("SCAN v VIRTUAL TABLE INDEX"), "{short}");
        assert!(
            short.contains("SEARCH k USING INTEGER PRIMARY KEY"),
            "{short}"
        );
        let short_common = select(&page(ListQuery {
            search: Some("m".into()),
            ..Default::default()
        }));
        assert!(
            short_common.contains("ix_images_sort_created_at") && !short_common.contains("VIRTUAL"),
            "{short_common}"
        );
        // Counts: the default filters from the covering index, a rare filter from its own.
        let count = |query: &ListQuery| {
            let (sql, args) = count_sql(&conn, query, "me").unwrap();
            plan(&conn, &sql, &args)
        };
        let all = count(&ListQuery::default());
        assert!(all.contains("COVERING INDEX ix_images_count"), "{all}");
        let one_status = count(&ListQuery {
            statuses: vec![ImageStatus::Active],
            ..Default::default()
        });
        assert!(
            one_status.contains("COVERING INDEX ix_images_count"),
            "{one_status}"
        );
        let rare = count(&ListQuery {
            tags: vec!["rare".into()],
            ..Default::default()
        });
        assert!(rare.contains("ix_image_tags_value_image"), "{rare}");
        // And the answers are the same whichever way they are read.
        for query in [
            ListQuery {
                tags: vec!["rare".into()],
                ..Default::default()
            },
            ListQuery {
                tags: vec!["all".into()],
                statuses: vec![ImageStatus::Killed],
                ..Default::default()
            },
            ListQuery {
                statuses: vec![ImageStatus::Active],
                sort: vec![(SortKey::Name, SortDir::Asc)],
                ..Default::default()
            },
            ListQuery {
                statuses: vec![ImageStatus::Active, ImageStatus::Killed],
                ..Default::default()
            },
            ListQuery {
                search: Some("RARE".into()),
                ..Default::default()
            },
            ListQuery {
                search: Some("Ra".into()),
                ..Default::default()
            },
            ListQuery {
                search: Some("m".into()),
                ..Default::default()
            },
        ] {
            let ids = list_image_ids(&conn, &query, "me").unwrap();
            assert_eq!(count_images(&conn, &query, "me").unwrap(), ids.len() as u64);
            let paged = list_image_ids(&conn, &page(query.clone()), "me").unwrap();
            assert_eq!(paged, ids[..ids.len().min(100)]);
        }
    }
}
