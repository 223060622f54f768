//! Catalog settings kept in the registry's `settings` table: the local project id, Glance's
//! delayed delete and scrub delay, how long finished tasks are kept, the virtual size limit
//! the remote image cache's size cap and the largest size one image may have.

use rusqlite::Connection;

use crate::backend::error::{Error, Result};
use crate::store::registry;
use crate::tr;

/// The settings of one data dir.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The project id that owns local images (default `local`).
    pub owner: String,
    /// Whether delete keeps the data in `pending_delete` until scrubbed (default off, as in
    /// Glance).
    pub delayed_delete: bool,
    /// Seconds a pending_delete image waits before the automatic scrub removes it.
    pub scrub_delay_secs: u64,
    /// Hours a finished task is kept (Glance's `task_time_to_live`, 48).
    pub task_ttl_hours: u64,
    /// Images with a larger virtual size are refused as unsafe (default 64 TiB).
    pub virtual_size_limit_bytes: u64,
    /// Size cap of the remote image cache; pulls prune least recently used entries above it
    /// (default 20 GiB).
    pub remote_cache_max_bytes: u64,
    /// Largest data one image may have, like Glance's `image_size_cap` (its 413): an upload
    /// stops there (default 1 TiB).
    pub image_size_cap_bytes: u64,
}

/// The default `image_size_cap_bytes`: 1 TiB, as Glance's `image_size_cap`.
pub const DEFAULT_IMAGE_SIZE_CAP: u64 = 1 << 40;

impl Default for Settings {
    fn default() -> Self {
        Self {
            owner: "local".into(),
            delayed_delete: false,
            scrub_delay_secs: 86_400,
            task_ttl_hours: 48,
            virtual_size_limit_bytes: crate::convert::inspect::DEFAULT_VIRTUAL_SIZE_LIMIT,
            remote_cache_max_bytes: crate::backend::remote::cache::DEFAULT_MAX_BYTES,
            image_size_cap_bytes: DEFAULT_IMAGE_SIZE_CAP,
        }
    }
}

fn parse_bool(key: &str, value: &str) -> Result<bool> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Ok(true),
        "false" | "no" | "off" | "0" => Ok(false),
        _ => Err(Error::invalid(
            tr!("backend-subject-setting", key = key),
            tr!("backend-setting-not-boolean", value = value),
        )),
    }
}

fn parse_u64(key: &str, value: &str) -> Result<u64> {
    value.parse().map_err(|_| {
        Error::invalid(
            tr!("backend-subject-setting", key = key),
            tr!("backend-setting-not-number", value = value),
        )
    })
}

impl Settings {
    /// The names `set` accepts.
    pub const KEYS: &'static [&'static str] = &[
        "owner",
        "delayed_delete",
        "scrub_delay_secs",
        "task_ttl_hours",
        "virtual_size_limit_bytes",
        "remote_cache_max_bytes",
        "image_size_cap_bytes",
    ];

    /// Read the stored settings, defaults for what is not stored.
    pub fn load(conn: &Connection) -> Result<Self> {
        let mut settings = Self::default();
        for key in Self::KEYS {
            if let Some(value) = registry::setting(conn, key)? {
                settings.set(key, &value)?;
            }
        }
        Ok(settings)
    }

    /// Store every setting.
    pub fn save(&self, conn: &Connection) -> Result<()> {
        for (key, value) in self.pairs() {
            registry::set_setting(conn, key, &value)?;
        }
        Ok(())
    }

    /// Change one setting by name, validating the value.
    pub fn set(&mut self, key: &str, value: &str) -> Result<()> {
        match key {
            "owner" => {
                if value.is_empty() || value.chars().count() > 255 {
                    return Err(Error::invalid(
                        tr!("backend-subject-setting", key = "owner"),
                        tr!("backend-setting-owner-length", max = "255"),
                    ));
                }
                self.owner = value.to_string();
            }
            "delayed_delete" => self.delayed_delete = parse_bool(key, value)?,
            "scrub_delay_secs" => self.scrub_delay_secs = parse_u64(key, value)?,
            "task_ttl_hours" => self.task_ttl_hours = parse_u64(key, value)?,
            "virtual_size_limit_bytes" => self.virtual_size_limit_bytes = parse_u64(key, value)?,
            "remote_cache_max_bytes" => self.remote_cache_max_bytes = parse_u64(key, value)?,
            "image_size_cap_bytes" => self.image_size_cap_bytes = parse_u64(key, value)?,
            other => {
                return Err(Error::invalid(
                    tr!("backend-subject-setting-quoted", key = other),
                    tr!("backend-setting-unknown", known = Self::KEYS.join(", ")),
                ));
            }
        }
        Ok(())
    }

    /// Every setting as (name, value text).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("owner", self.owner.clone()),
            ("delayed_delete", self.delayed_delete.to_string()),
            ("scrub_delay_secs", self.scrub_delay_secs.to_string()),
            ("task_ttl_hours", self.task_ttl_hours.to_string()),
            (
                "virtual_size_limit_bytes",
                self.virtual_size_limit_bytes.to_string(),
            ),
            (
                "remote_cache_max_bytes",
                self.remote_cache_max_bytes.to_string(),
            ),
            (
                "image_size_cap_bytes",
                self.image_size_cap_bytes.to_string(),
            ),
        ]
    }
}
