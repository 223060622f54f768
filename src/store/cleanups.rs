//! Rows of `remote_cleanups`: remote work the workbench owes a cloud (today: deleting the
//! half-made image of a failed push or copy whose own delete failed too), with why, when,
//! how many attempts and the last error. The retry logic lives in
//! `backend::remote::cleanups`; this file only reads and writes rows.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, params};

use crate::model::error::Result;
use crate::store::registry::{parse_text, time_text};

/// What a pending cleanup does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CleanupAction {
    /// Delete the remote image.
    Delete,
}

impl CleanupAction {
    /// The stored and shown name.
    pub fn as_str(self) -> &'static str {
        match self {
            CleanupAction::Delete => "delete",
        }
    }
}

impl std::fmt::Display for CleanupAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stored action name that this build does not know.
#[derive(Debug, thiserror::Error)]
#[error("unknown remote cleanup action \"{0}\"")]
pub struct UnknownAction(String);

impl std::str::FromStr for CleanupAction {
    type Err = UnknownAction;
    fn from_str(text: &str) -> std::result::Result<Self, Self::Err> {
        match text {
            "delete" => Ok(CleanupAction::Delete),
            other => Err(UnknownAction(other.to_string())),
        }
    }
}

/// One remote cleanup still to do.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingCleanup {
    /// Row id.
    pub id: i64,
    /// The cloud's name.
    pub cloud: String,
    /// The remote image id.
    pub remote_id: String,
    /// What to do.
    pub action: CleanupAction,
    /// Why it is owed (the failed job).
    pub reason: String,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Attempts so far (the failed one that recorded it included).
    pub attempts: u32,
    /// The last attempt's error.
    pub last_error: Option<String>,
    /// When it was last attempted.
    pub last_attempt_at: Option<DateTime<Utc>>,
}

const SELECT: &str = "SELECT id, cloud, remote_id, action, reason, recorded_at, attempts, \
                      last_error, last_attempt_at FROM remote_cleanups";

fn time(text: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<PendingCleanup> {
    let action: String = row.get(3)?;
    let recorded: String = row.get(5)?;
    let last_attempt: Option<String> = row.get(8)?;
    Ok(PendingCleanup {
        id: row.get(0)?,
        cloud: row.get(1)?,
        remote_id: row.get(2)?,
        action: parse_text(&action)?,
        reason: row.get(4)?,
        recorded_at: time(&recorded)?,
        attempts: row.get(6)?,
        last_error: row.get(7)?,
        last_attempt_at: last_attempt.as_deref().map(time).transpose()?,
    })
}

/// Record (or, when already recorded, count another failed attempt of) a cleanup.
pub(crate) fn record(
    conn: &Connection,
    cloud: &str,
    remote_id: &str,
    action: CleanupAction,
    reason: &str,
    error: &str,
) -> Result<()> {
    let now = time_text(&Utc::now());
    conn.execute(
        "INSERT INTO remote_cleanups \
         (cloud, remote_id, action, reason, recorded_at, attempts, last_error, last_attempt_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?5) \
         ON CONFLICT (cloud, remote_id, action) DO UPDATE SET \
         attempts = attempts + 1, last_error = excluded.last_error, \
         last_attempt_at = excluded.last_attempt_at",
        params![cloud, remote_id, action.as_str(), reason, now, error],
    )?;
    Ok(())
}

/// Pending cleanups of `cloud` (every cloud's with `None`), oldest first.
pub fn pending(conn: &Connection, cloud: Option<&str>) -> Result<Vec<PendingCleanup>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE (?1 IS NULL OR cloud = ?1) ORDER BY cloud, recorded_at, id"
    ))?;
    let rows = stmt.query_map([cloud], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Count a failed attempt.
pub(crate) fn note_failure(conn: &Connection, id: i64, error: &str) -> Result<()> {
    conn.execute(
        "UPDATE remote_cleanups SET attempts = attempts + 1, last_error = ?2, \
         last_attempt_at = ?3 WHERE id = ?1",
        params![id, error, time_text(&Utc::now())],
    )?;
    Ok(())
}

/// The cleanup is done: forget it.
pub(crate) fn remove(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM remote_cleanups WHERE id = ?1", [id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::registry;

    #[test]
    fn cleanups_are_recorded_counted_listed_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let conn = registry::open(&dir.path().join("registry.sqlite")).unwrap();
        record(
            &conn,
            "a",
            "id-1",
            CleanupAction::Delete,
            "push failed",
            "refused",
        )
        .unwrap();
        record(
            &conn,
            "b",
            "id-2",
            CleanupAction::Delete,
            "copy failed",
            "refused",
        )
        .unwrap();
        // The same cleanup again is one more attempt, not a second row.
        record(
            &conn,
            "a",
            "id-1",
            CleanupAction::Delete,
            "again",
            "timeout",
        )
        .unwrap();
        let a = pending(&conn, Some("a")).unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].remote_id, "id-1");
        assert_eq!(a[0].action, CleanupAction::Delete);
        assert_eq!(a[0].reason, "push failed");
        assert_eq!(a[0].attempts, 2);
        assert_eq!(a[0].last_error.as_deref(), Some("timeout"));
        assert!(a[0].last_attempt_at.is_some_and(|t| t >= a[0].recorded_at));
        assert_eq!(pending(&conn, None).unwrap().len(), 2);
        note_failure(&conn, a[0].id, "403").unwrap();
        let a = pending(&conn, Some("a")).unwrap();
        assert_eq!(
            (a[0].attempts, a[0].last_error.as_deref()),
            (3, Some("403"))
        );
        remove(&conn, a[0].id).unwrap();
        assert!(pending(&conn, Some("a")).unwrap().is_empty());
        assert_eq!(pending(&conn, None).unwrap()[0].cloud, "b");
    }
}
