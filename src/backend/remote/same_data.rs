//! No silent duplicates: before a pull or a push moves any bytes, look on the other side for
//! an image holding the same data (same sha512 `os_hash_value` and size). What then happens
//! is the caller's [`SameData`] choice: refuse (the front end asks the person), link (record
//! the origin on the image that exists, as a pull records it: `workbench_origin_cloud` and
//! `workbench_origin_id`, plus `workbench_origin_linked` saying it was a link), or copy anyway.

use rusqlite::params;
use serde_json::json;

use crate::backend::catalog::{Catalog, ImageUpdate};
use crate::backend::error::{Error, Result};
use crate::backend::model::{Image, ImageId};
use crate::backend::remote::error::RemoteResult;
use crate::backend::remote::glance::{RemoteImage, RemoteQuery};
use crate::backend::remote::local::{ORIGIN_CLOUD, ORIGIN_ID};
use crate::backend::remote::session::Session;
use crate::backend::remote::tasks::JobTask;
use crate::tr;

/// Property set (to `pull` or `push`) on a local image whose origin was recorded by a link
/// rather than by copying: the sync plan reads such a pair as identical.
pub const ORIGIN_LINKED: &str = "workbench_origin_linked";

/// What a pull or push does when the other side already holds the same data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SameData {
    /// Copy regardless (the library's default; the front ends never leave it implicit).
    #[default]
    Copy,
    /// Copy nothing and fail with [`Error::SameData`] (the front end asks what to do).
    Refuse,
    /// Record the image found as the origin instead of copying; copy when none is found.
    Link,
}

impl SameData {
    /// The name used in tasks and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            SameData::Copy => "copy",
            SameData::Refuse => "refuse",
            SameData::Link => "link",
        }
    }
}

/// Active local images with this sha512 and size, oldest first (an index covers the hash).
pub fn local_with_data(catalog: &Catalog, sha512: &str, size_bytes: u64) -> Result<Vec<Image>> {
    let ids: Vec<String> = {
        let mut statement = catalog.conn.prepare(
            "SELECT id FROM images WHERE os_hash_value = ?1 AND size = ?2 \
             AND status = 'active' ORDER BY created_at, id",
        )?;
        statement
            .query_map(params![sha512, size_bytes as i64], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    ids.iter()
        .filter_map(|id| id.parse::<ImageId>().ok())
        .map(|id| catalog.image(id))
        .collect()
}

/// Active images of the session's cloud with this sha512 and size that the project sees
/// (Glance filters by `os_hash_value`), its own first, then oldest first.
pub fn remote_with_data(
    session: &Session,
    sha512: &str,
    size_bytes: u64,
) -> RemoteResult<Vec<RemoteImage>> {
    let query = RemoteQuery {
        filters: vec![
            ("os_hash_value".into(), sha512.to_string()),
            ("status".into(), "active".into()),
        ],
        page_size: Some(100),
        ..Default::default()
    };
    let owner = session.project_id();
    let mut found: Vec<RemoteImage> = session
        .list_images(&query)?
        .into_iter()
        .filter(|r| r.os_hash_value() == Some(sha512) && r.size_bytes() == Some(size_bytes))
        .collect();
    found.sort_by_key(|r| {
        (
            r.owner() != owner.as_deref(),
            r.created_at().map(str::to_string),
        )
    });
    Ok(found)
}

/// The cloud and remote id `image` records as its origin, if any.
pub fn origin(image: &Image) -> Option<(&str, &str)> {
    Some((
        image.properties.get(ORIGIN_CLOUD)?.as_str(),
        image.properties.get(ORIGIN_ID)?.as_str(),
    ))
}

/// Whether `image` may record `cloud`/`remote_id` as its origin: it records none, or that one.
pub fn may_link(image: &Image, cloud: &str, remote_id: &str) -> bool {
    origin(image).is_none_or(|o| o == (cloud, remote_id))
}

/// The refusal of a pull: `remote` has the data of local image `found`.
pub fn pull_refusal(cloud: &str, remote: &RemoteImage, found: &Image) -> Error {
    Error::SameData {
        subject: tr!(
            "rlib-subject-remote-image",
            label = remote.label(),
            id = remote.id(),
            cloud = cloud
        ),
        problem: tr!(
            "rlib-problem-pull-same-data",
            label = found.label(),
            id = found.id.to_string(),
            size = remote.size_bytes().unwrap_or(0).to_string()
        ),
        found_id: found.id.to_string(),
        found_label: found.label(),
    }
}

/// The refusal of a push: remote image `found` of `cloud` has the data of local `image`.
pub fn push_refusal(cloud: &str, image: &Image, found: &RemoteImage) -> Error {
    Error::SameData {
        subject: tr!(
            "rlib-subject-local-image",
            label = image.label(),
            id = image.id.to_string()
        ),
        problem: tr!(
            "rlib-problem-push-same-data",
            label = found.label(),
            id = found.id(),
            cloud = cloud,
            size = image.size_bytes.unwrap_or(0).to_string()
        ),
        found_id: found.id().to_string(),
        found_label: found.label().to_string(),
    }
}

/// Record `cloud`/`remote_id` as the origin of local `image` (`how`: `pull` or `push`), as a
/// task of that type so the image's State tab shows it. Refused when the image already
/// records another origin: one image has one origin, and the other one's sync would lose it.
pub fn link(
    catalog: &Catalog,
    image: &Image,
    cloud: &str,
    remote_id: &str,
    how: &str,
) -> Result<Image> {
    if let Some((their_cloud, their_id)) = origin(image)
        && (their_cloud, their_id) != (cloud, remote_id)
    {
        return Err(Error::conflict(
            tr!(
                "rlib-subject-local-image",
                label = image.label(),
                id = image.id.to_string()
            ),
            tr!(
                "rlib-problem-linked-elsewhere",
                id = their_id,
                cloud = their_cloud
            ),
        ));
    }
    let task = JobTask::start(
        catalog,
        how,
        Some(image.id),
        json!({"cloud": cloud, "remote_id": remote_id, "image_id": image.id, "link": true}),
    )
    .map_err(Error::from)?;
    let update = ImageUpdate {
        set_properties: vec![
            (ORIGIN_CLOUD.into(), cloud.to_string()),
            (ORIGIN_ID.into(), remote_id.to_string()),
            (ORIGIN_LINKED.into(), how.to_string()),
        ],
        ..Default::default()
    };
    match catalog.update_image(image.id, &update) {
        Ok(linked) => {
            task.succeed(
                catalog,
                json!({"image_id": image.id, "cloud": cloud, "remote_id": remote_id,
                       "linked": true, "os_hash_value": image.os_hash_value}),
            );
            Ok(linked)
        }
        Err(e) => Err(task.fail(catalog, e.into()).into()),
    }
}
