//! The cache of pulled remote data as both front ends change it beyond prune and clean:
//! remove one entry (`cache remove`, the cache tab's Remove) and set the size cap (the
//! `remote_cache_max_bytes` setting, `config set` or the cache tab's cap field).

use std::path::Path;

use crate::backend::remote::{Cache, CacheEntry};
use crate::backend::{Catalog, Error, Result};
use crate::tr;

/// Remove the complete entry of `remote_id` pulled from `cloud`. A partial entry is left
/// alone: a pull or prefetch may still be writing it (`cache clean` removes partial
/// entries when none runs).
pub fn remove(data_dir: &Path, cloud: &str, remote_id: &str) -> Result<CacheEntry> {
    let cache = Cache::new(data_dir);
    let entry = cache
        .entries()?
        .into_iter()
        .find(|e| e.cloud == cloud && e.remote_id == remote_id)
        .ok_or_else(|| {
            Error::NotFound(tr!("rlib-cache-no-entry", id = remote_id, cloud = cloud))
        })?;
    if !entry.complete {
        return Err(Error::invalid(
            tr!("rlib-cache-entry-subject", id = remote_id),
            tr!("rlib-cache-entry-partial"),
        ));
    }
    cache.remove(cloud, remote_id);
    Ok(entry)
}

/// Set the cache's size cap in bytes (the `remote_cache_max_bytes` setting).
pub fn set_cap(catalog: &Catalog, max_bytes: u64) -> Result<()> {
    let mut writer = catalog.reopen()?;
    writer.set_setting("remote_cache_max_bytes", &max_bytes.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cap_set_is_seen_by_the_catalog_that_set_it() {
        let dir = tempfile::tempdir().unwrap();
        let catalog = Catalog::open(dir.path()).unwrap();
        set_cap(&catalog, 7 << 30).unwrap();
        assert_eq!(
            crate::backend::remote::pull::cache_cap_bytes(&catalog),
            7 << 30
        );
        let err = remove(dir.path(), "lab", "nothing").unwrap_err();
        assert!(err.to_string().contains("no cache entry"), "{err}");
    }
}
