//! Turns a [`ListQuery`] into one indexed SQL query: filters, a multi-key sort with the id as
//! tie-breaker, keyset paging after a marker (mixed directions included), limit and offset.

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

/// The WHERE clause and its parameters for the filters of `query` (not the marker).
fn filters(query: &ListQuery, current_owner: &str) -> (String, Vec<SqlValue>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<SqlValue> = Vec::new();
    let text = |s: &str| SqlValue::Text(s.to_string());

    if query.statuses.is_empty() {
        clauses.push("status NOT IN ('deleted', 'pending_delete')".into());
    } else {
        let marks = vec!["?"; query.statuses.len()].join(",");
        clauses.push(format!("status IN ({marks})"));
        args.extend(query.statuses.iter().map(|s| text(s.as_str())));
    }
    match query.visibility {
        VisibilityFilter::Default => {
            clauses.push("(visibility != 'community' OR owner = ?)".into());
            args.push(text(current_owner));
        }
        VisibilityFilter::All => {}
        VisibilityFilter::Only(visibility) => {
            clauses.push("visibility = ?".into());
            args.push(text(visibility.as_str()));
        }
    }
    if let Some(name) = &query.name {
        clauses.push("name = ?".into());
        args.push(text(name));
    }
    for tag in &query.tags {
        clauses.push("id IN (SELECT image_id FROM image_tags WHERE value = ?)".into());
        args.push(text(tag));
    }
    for (key, value) in &query.properties {
        clauses.push(
            "id IN (SELECT image_id FROM image_properties WHERE name = ? AND value = ?)".into(),
        );
        args.push(text(key));
        args.push(text(value));
    }
    if let Some(owner) = &query.owner {
        clauses.push("owner = ?".into());
        args.push(text(owner));
    }
    if let Some(format) = query.disk_format {
        clauses.push("disk_format = ?".into());
        args.push(text(format.as_str()));
    }
    if let Some(format) = query.container_format {
        clauses.push("container_format = ?".into());
        args.push(text(format.as_str()));
    }
    clauses.push("os_hidden = ?".into());
    args.push(SqlValue::Integer(i64::from(
        query.os_hidden.unwrap_or(false),
    )));
    if let Some(protected) = query.protected {
        clauses.push("protected = ?".into());
        args.push(SqlValue::Integer(i64::from(protected)));
    }
    if let Some(min) = query.size_min {
        clauses.push("size >= ?".into());
        args.push(SqlValue::Integer(min as i64));
    }
    if let Some(max) = query.size_max {
        clauses.push("size <= ?".into());
        args.push(SqlValue::Integer(max as i64));
    }
    if let Some(search) = query
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let escaped = search
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        clauses.push(
            "(name LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\' OR id IN \
             (SELECT image_id FROM image_tags WHERE value LIKE ? ESCAPE '\\'))"
                .into(),
        );
        args.push(SqlValue::Text(format!("%{escaped}%")));
        args.push(SqlValue::Text(format!("{escaped}%")));
        args.push(SqlValue::Text(format!("%{escaped}%")));
    }
    (clauses.join(" AND "), args)
}

/// The `SELECT columns …` of `query` (filters, marker, sort, limit, offset) with its
/// arguments.
fn select_sql(
    conn: &Connection,
    query: &ListQuery,
    current_owner: &str,
    columns: &str,
) -> Result<(String, Vec<SqlValue>)> {
    let (mut where_sql, mut args) = filters(query, current_owner);
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
    let mut sql = format!("SELECT {columns} FROM images WHERE {where_sql} ORDER BY {order}");
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
    let (sql, args) = select_sql(conn, query, current_owner, IMAGE_COLUMNS)?;
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), image_from_row)?;
    let mut images: Vec<Image> = rows.collect::<rusqlite::Result<_>>()?;
    attach_tags_and_properties(conn, &mut images)?;
    Ok(images)
}

/// The ids of the images [`list_images`] would return, without loading the rows.
pub fn list_image_ids(
    conn: &Connection,
    query: &ListQuery,
    current_owner: &str,
) -> Result<Vec<ImageId>> {
    let (sql, args) = select_sql(conn, query, current_owner, "id")?;
    let mut stmt = conn.prepare_cached(&sql)?;
    let ids = stmt.query_map(rusqlite::params_from_iter(args.iter()), |row| {
        parse_text::<ImageId>(&row.get::<_, String>(0)?)
    })?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// How many images match `query`'s filters (marker, limit and offset ignored).
pub fn count_images(conn: &Connection, query: &ListQuery, current_owner: &str) -> Result<u64> {
    let (where_sql, args) = filters(query, current_owner);
    let mut stmt =
        conn.prepare_cached(&format!("SELECT COUNT(*) FROM images WHERE {where_sql}"))?;
    let count: i64 = stmt.query_row(rusqlite::params_from_iter(args.iter()), |row| row.get(0))?;
    Ok(count as u64)
}

/// Whether a status is one that default listings leave out.
pub fn hidden_by_default(status: ImageStatus) -> bool {
    matches!(status, ImageStatus::Deleted | ImageStatus::PendingDelete)
}
