//! The sync planner: for one cloud (with optional filters), which images are only local,
//! only remote, identical on both (same `os_hash_value` and metadata), or on both but
//! different (data, or properties/tags/fields), and the jobs that bring them in step:
//! push, pull, update the remote's properties. Images pair by the origin a pull or a link
//! recorded, then by data (sha512 and size), and only then by name; a pair linked by
//! `--link` (or the window's "Link") reads as identical. An image whose data the other side
//! already holds under another pairing is never offered for a push or pull (that would
//! make a duplicate): its row says whose data it is. Remote images the workbench itself created
//! (`workbench_created_by`) that are stuck in `queued`, `saving` (or glance-direct's
//! `uploading`/`importing`) or `killed`, and that no push of this data dir is still sending,
//! are rows of their own, to be cleaned up (deleted). Incremental refresh lists only remote images with
//! `updated_at=gt:<last sync>` (v2 has no changes-since).

use std::collections::{BTreeMap, BTreeSet};

use crate::backend::catalog::Catalog;
use crate::backend::model::{Image, ImageStatus, TaskStatus};
use crate::backend::query::{ListQuery, VisibilityFilter};
use crate::backend::remote::cleanups::{self, CREATED_BY};
use crate::backend::remote::error::RemoteResult;
use crate::backend::remote::glance::{RemoteEdit, RemoteImage, RemoteQuery};
use crate::backend::remote::local::{ORIGIN_CLOUD, ORIGIN_ID};
use crate::backend::remote::same_data::{self, ORIGIN_LINKED};
use crate::backend::remote::session::Session;

/// Which of the four cases a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncCase {
    /// Only in the local catalog.
    OnlyLocal,
    /// Only on the cloud.
    OnlyRemote,
    /// Same data and metadata.
    Identical,
    /// On both but the data differs.
    DifferentData,
    /// Same data, different properties, tags or fields.
    DifferentMetadata,
    /// Only on the cloud: made by the workbench (a failed push or copy) and stuck in
    /// `queued`, `saving` (`uploading`, `importing`) or `killed`.
    Stuck,
}

impl SyncCase {
    /// A short label for tables.
    pub fn as_str(self) -> &'static str {
        match self {
            SyncCase::OnlyLocal => "only local",
            SyncCase::OnlyRemote => "only remote",
            SyncCase::Identical => "identical",
            SyncCase::DifferentData => "different data",
            SyncCase::DifferentMetadata => "different metadata",
            SyncCase::Stuck => "stuck",
        }
    }
}

/// What applying the plan does for a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncAction {
    /// Nothing to do.
    None,
    /// Push the local image.
    Push,
    /// Pull the remote image.
    Pull,
    /// Make the remote's properties, tags and fields match the local ones.
    UpdateRemote,
    /// Data differs: the user must choose push or pull.
    Conflict,
    /// Delete the stuck remote image the workbench made.
    Cleanup,
}

impl SyncAction {
    /// A short label for tables.
    pub fn as_str(self) -> &'static str {
        match self {
            SyncAction::None => "-",
            SyncAction::Push => "push",
            SyncAction::Pull => "pull",
            SyncAction::UpdateRemote => "update remote",
            SyncAction::Conflict => "conflict (choose push or pull)",
            SyncAction::Cleanup => "clean up (delete remote)",
        }
    }
}

/// One row of the plan.
#[derive(Debug, Clone)]
pub struct SyncRow {
    /// The case.
    pub case: SyncCase,
    /// The proposed action.
    pub action: SyncAction,
    /// The local image.
    pub local: Option<Image>,
    /// The remote image.
    pub remote: Option<RemoteImage>,
    /// What differs (field names).
    pub differences: Vec<String>,
    /// The edit that makes the remote match (for [`SyncAction::UpdateRemote`]).
    pub edit: Option<RemoteEdit>,
}

impl SyncRow {
    /// The name shown for the row.
    pub fn label(&self) -> String {
        match (&self.local, &self.remote) {
            (Some(l), _) => l.label(),
            (None, Some(r)) => r.label().to_string(),
            _ => String::new(),
        }
    }
}

/// What to compare.
#[derive(Debug, Clone, Default)]
pub struct SyncFilter {
    /// Only images with this exact name.
    pub name: Option<String>,
    /// Only images with all these tags.
    pub tags: Vec<String>,
    /// Only remote images updated after this time (incremental); only-local rows are then left out.
    pub since: Option<String>,
}

fn comparable_properties(map: BTreeMap<String, String>) -> BTreeMap<String, String> {
    map.into_iter()
        .filter(|(k, _)| {
            !k.starts_with("os_glance")
                && k != ORIGIN_CLOUD
                && k != ORIGIN_ID
                && k != ORIGIN_LINKED
                && k != CREATED_BY
                && k != "owner_specified.openstack.md5"
                && !k.starts_with("owner_specified")
        })
        .collect()
}

/// Compare metadata; returns the differing field names and the edit making the remote match.
pub fn compare(local: &Image, remote: &RemoteImage) -> (Vec<String>, RemoteEdit) {
    let mut diffs = Vec::new();
    let mut edit = RemoteEdit::default();
    if local.name.as_deref() != remote.name() {
        diffs.push("name".into());
        edit.name = local.name.clone();
    }
    if local.min_disk_gib != remote.min_disk_gib() {
        diffs.push("min_disk".into());
        edit.min_disk_gib = Some(local.min_disk_gib);
    }
    if local.min_ram_mib != remote.min_ram_mib() {
        diffs.push("min_ram".into());
        edit.min_ram_mib = Some(local.min_ram_mib);
    }
    let remote_tags = remote.tags();
    if local.tags != remote_tags {
        diffs.push("tags".into());
        edit.add_tags = local.tags.difference(&remote_tags).cloned().collect();
        edit.remove_tags = remote_tags.difference(&local.tags).cloned().collect();
    }
    let lp = comparable_properties(local.properties.clone());
    let rp = comparable_properties(remote.properties());
    for (key, value) in &lp {
        if rp.get(key) != Some(value) {
            diffs.push(format!("property {key}"));
            edit.set_properties.insert(key.clone(), value.clone());
        }
    }
    for key in rp.keys().filter(|k| !lp.contains_key(*k)) {
        diffs.push(format!("property {key}"));
        edit.remove_properties.push(key.clone());
    }
    (diffs, edit)
}

fn row(case: SyncCase, local: Option<Image>, remote: Option<RemoteImage>) -> SyncRow {
    let action = match case {
        SyncCase::OnlyLocal => SyncAction::Push,
        SyncCase::OnlyRemote => SyncAction::Pull,
        SyncCase::Identical => SyncAction::None,
        SyncCase::DifferentData => SyncAction::Conflict,
        SyncCase::DifferentMetadata => SyncAction::UpdateRemote,
        SyncCase::Stuck => SyncAction::Cleanup,
    };
    SyncRow {
        case,
        action,
        local,
        remote,
        differences: Vec::new(),
        edit: None,
    }
}

/// The cloud listing a plan compares: images in `status` (a Glance status filter), narrowed by
/// the sync filter's name, tags and `updated_at` bound, by name, in large pages.
fn listing_query(filter: &SyncFilter, status: String) -> RemoteQuery {
    let mut query = RemoteQuery {
        page_size: Some(200),
        sort: Some("name:asc".into()),
        ..Default::default()
    };
    query.filters.push(("status".into(), status));
    if let Some(name) = &filter.name {
        query.filters.push(("name".into(), name.clone()));
    }
    for tag in &filter.tags {
        query.filters.push(("tag".into(), tag.clone()));
    }
    if let Some(since) = &filter.since {
        query
            .filters
            .push(("updated_at".into(), format!("gt:{since}")));
    }
    query
}

/// Build the plan for the session's cloud.
pub fn plan(
    catalog: &Catalog,
    session: &Session,
    filter: &SyncFilter,
) -> RemoteResult<Vec<SyncRow>> {
    let cloud = session.cloud().name.clone();
    let query = listing_query(filter, "active".into());
    let owner = session.project_id();
    let mut remotes: Vec<RemoteImage> = session
        .list_images(&query)?
        .into_iter()
        .filter(|r| owner.is_none() || r.owner() == owner.as_deref())
        .collect();
    let local_query = ListQuery {
        statuses: vec![ImageStatus::Active],
        name: filter.name.clone(),
        tags: filter.tags.clone(),
        visibility: VisibilityFilter::All,
        ..Default::default()
    };
    let locals: Vec<Image> = catalog
        .list(&local_query)?
        .into_iter()
        .filter(|i| i.properties.get(ORIGIN_CLOUD).is_none_or(|c| *c == cloud))
        .collect();
    let mut rows = Vec::new();
    // 1. By origin: the remote image a pull or a link recorded on the local one.
    let mut rest = Vec::new();
    for local in locals {
        let by_origin = local
            .properties
            .get(ORIGIN_ID)
            .and_then(|id| remotes.iter().position(|r| r.id() == id));
        match by_origin {
            Some(i) => rows.push(pair(local, remotes.remove(i))),
            None => rest.push(local),
        }
    }
    // 2. By data: the same sha512 and size.
    let mut unmatched_local = Vec::new();
    for local in rest {
        let by_data = remotes.iter().position(|r| same_data_as(&local, r));
        match by_data {
            Some(i) => rows.push(pair(local, remotes.remove(i))),
            None => unmatched_local.push(local),
        }
    }
    // Data already paired: a second copy on either side is not offered for a push or pull.
    let paired: Vec<(String, String, String)> = rows
        .iter()
        .filter_map(|r| {
            let (local, remote) = (r.local.as_ref()?, r.remote.as_ref()?);
            Some((
                remote.os_hash_value()?.to_string(),
                local.label(),
                remote.id().to_string(),
            ))
        })
        .collect();
    let paired_with = |hash: Option<&str>| {
        paired
            .iter()
            .find(|(h, _, _)| Some(h.as_str()) == hash)
            .cloned()
    };
    // 3. By name (one remote image of that name): the data differs.
    let mut used_names = BTreeSet::new();
    for local in unmatched_local {
        if let Some((_, other, remote_id)) = paired_with(local.os_hash_value.as_deref()) {
            rows.push(duplicate(
                Some(local),
                None,
                format!(
                    "same data as remote image {remote_id} (paired with local image \"{other}\")"
                ),
            ));
            continue;
        }
        let name = local.name.clone();
        let same_name: Vec<usize> = remotes
            .iter()
            .enumerate()
            .filter(|(_, r)| name.is_some() && r.name() == name.as_deref())
            .map(|(i, _)| i)
            .collect();
        if let ([i], Some(name)) = (same_name.as_slice(), &name)
            && used_names.insert(name.clone())
        {
            let remote = remotes.remove(*i);
            let mut r = row(SyncCase::DifferentData, Some(local), Some(remote));
            r.differences.push("data (os_hash_value)".into());
            rows.push(r);
        } else if filter.since.is_none() {
            rows.push(row(SyncCase::OnlyLocal, Some(local), None));
        }
    }
    for remote in remotes {
        if let Some((_, local, other)) = paired_with(remote.os_hash_value()) {
            rows.push(duplicate(
                None,
                Some(remote),
                format!("same data as local image \"{local}\" (paired with remote image {other})"),
            ));
            continue;
        }
        // A local image outside this comparison (another name under --name, another cloud's
        // origin) may hold the data: then a pull is the person's choice, not the plan's.
        let elsewhere = match (remote.os_hash_value(), remote.size_bytes()) {
            (Some(hash), Some(size)) => same_data::local_with_data(catalog, hash, size)?,
            _ => Vec::new(),
        };
        let mut r = row(SyncCase::OnlyRemote, None, Some(remote));
        if let Some(local) = elsewhere.first() {
            r.action = SyncAction::None;
            r.differences.push(format!(
                "local image \"{}\" ({}) holds the same data: pull it with link or copy",
                local.label(),
                local.id
            ));
        }
        rows.push(r);
    }
    rows.extend(stuck(catalog, session, filter, owner.as_deref())?);
    rows.sort_by_key(|r| r.label());
    Ok(rows)
}

/// Remote statuses nothing moves on from once the workbench's upload is gone (`uploading` and
/// `importing` are glance-direct's `saving`).
pub const STUCK_STATUSES: [&str; 5] = ["queued", "saving", "uploading", "importing", "killed"];

/// The remote images the workbench made (`workbench_created_by`) that are stuck, except those
/// a push of this data dir is still sending.
fn stuck(
    catalog: &Catalog,
    session: &Session,
    filter: &SyncFilter,
    owner: Option<&str>,
) -> RemoteResult<Vec<SyncRow>> {
    let cloud = session.cloud().name.clone();
    let query = listing_query(filter, format!("in:{}", STUCK_STATUSES.join(",")));
    // `push:<local id>` of the pushes running now from this data dir to this cloud.
    let running: BTreeSet<String> = catalog
        .tasks(Some(TaskStatus::Processing), None, 500)?
        .into_iter()
        .filter(|t| {
            t.task_type == "push"
                && t.input.get("cloud").and_then(|c| c.as_str()) == Some(cloud.as_str())
        })
        .filter_map(|t| t.image_id.map(|id| format!("push:{id}")))
        .collect();
    let pending: BTreeSet<String> = cleanups::pending(catalog, Some(cloud.as_str()))?
        .into_iter()
        .map(|c| c.remote_id)
        .collect();
    let rows = session
        .list_images(&query)?
        .into_iter()
        .filter(|r| owner.is_none() || r.owner() == owner)
        .filter_map(|r| {
            let made_by = r.properties().get(CREATED_BY)?.clone();
            if running.contains(&made_by) {
                return None;
            }
            let mut details = vec![format!(
                "{} since {} ({made_by})",
                r.status(),
                r.updated_at().unwrap_or("?")
            )];
            if pending.contains(r.id()) {
                details.push("pending cleanup recorded".into());
            }
            let proven = pending.contains(r.id()) || made_here(catalog, &made_by);
            let mut stuck_row = row(SyncCase::Stuck, None, Some(r));
            if !proven {
                // Made by another data dir (or a copy): its upload may still be running, so
                // nothing is deleted unless the user asks for it.
                stuck_row.action = SyncAction::None;
                details.push(
                    "made elsewhere: it may still be uploading (choose clean up to delete it)"
                        .into(),
                );
            }
            stuck_row.differences = details;
            Some(stuck_row)
        })
        .collect();
    Ok(rows)
}

/// Whether `made_by` (`push:<local id>`) names a push from this data dir: with no push of
/// that image running here (checked by the caller), the push that made it has ended, so the
/// stuck image is proven abandoned.
fn made_here(catalog: &Catalog, made_by: &str) -> bool {
    made_by
        .strip_prefix("push:")
        .and_then(|id| id.parse::<crate::backend::ImageId>().ok())
        .is_some_and(|id| catalog.image(id).is_ok())
}

/// Whether `local` and `remote` hold the same data: sha512 and size.
fn same_data_as(local: &Image, remote: &RemoteImage) -> bool {
    remote.os_hash_value().is_some()
        && remote.os_hash_value() == local.os_hash_value.as_deref()
        && remote.size_bytes() == local.size_bytes
}

/// A second copy of data already paired: nothing to run, and the note says whose it is.
fn duplicate(local: Option<Image>, remote: Option<RemoteImage>, note: String) -> SyncRow {
    let mut r = row(SyncCase::Identical, local, remote);
    r.differences.push(note);
    r
}

fn pair(local: Image, remote: RemoteImage) -> SyncRow {
    if local.os_hash_value.as_deref() != remote.os_hash_value() {
        let mut r = row(SyncCase::DifferentData, Some(local), Some(remote));
        r.differences.push("data (os_hash_value)".into());
        return r;
    }
    let (diffs, edit) = compare(&local, &remote);
    if local.properties.contains_key(ORIGIN_LINKED) {
        // Linked on purpose to data the cloud already held: the two are the same image,
        // whatever their metadata says, so the plan changes neither.
        let mut r = row(SyncCase::Identical, Some(local), Some(remote));
        r.differences.push(if diffs.is_empty() {
            "linked".to_string()
        } else {
            format!("linked (metadata not compared: {})", diffs.join(", "))
        });
        return r;
    }
    if diffs.is_empty() {
        row(SyncCase::Identical, Some(local), Some(remote))
    } else {
        let mut r = row(SyncCase::DifferentMetadata, Some(local), Some(remote));
        r.differences = diffs;
        r.edit = Some(edit);
        r
    }
}
