//! Receiving remote data into the local catalog with known, verified digests: the same steps
//! as the catalog's own upload (queued -> saving -> active through the state machine, a
//! locked part file in the store, inspection before commit, a location row, everything in
//! one transaction) but the sha512 is checked against the remote `os_hash_value` *before*
//! the image becomes active, and the md5 is the remote `checksum` (the sha512 match proves
//! the bytes are the remote image's), so a pull hashes once while receiving.

use crate::backend::catalog::{Catalog, NewImage};
use crate::backend::error::{Error, Result};
use crate::backend::model::{ContainerFormat, DiskFormat, Image, ImageId, ImageStatus};
use crate::backend::query::{ListQuery, VisibilityFilter};
use crate::backend::remote::glance::RemoteImage;
use crate::backend::state::apply_transition;
use crate::backend::validate;
use crate::store::blobs::{BlobStore, BlobWriter};
use crate::store::hashing::Digests;
use crate::store::registry;

/// Property naming the cloud a pulled image came from.
pub const ORIGIN_CLOUD: &str = "workbench_origin_cloud";
/// Property naming the remote image id a pulled image came from.
pub const ORIGIN_ID: &str = "workbench_origin_id";

/// The local image that records `cloud`/`remote_id` as its origin, if any (not deleted).
pub fn find_origin(catalog: &Catalog, cloud: &str, remote_id: &str) -> Result<Option<Image>> {
    let query = ListQuery {
        properties: vec![
            (ORIGIN_CLOUD.to_string(), cloud.to_string()),
            (ORIGIN_ID.to_string(), remote_id.to_string()),
        ],
        visibility: VisibilityFilter::All,
        // Killed ones too, which the default listing leaves out.
        statuses: ImageStatus::ALL
            .iter()
            .copied()
            .filter(|s| !matches!(s, ImageStatus::Deleted | ImageStatus::PendingDelete))
            .collect(),
        ..Default::default()
    };
    let found = catalog.list(&query)?;
    Ok(found.into_iter().next())
}

/// Create a queued local image shaped like `remote`, recording its origin.
pub fn create_for_remote(
    catalog: &Catalog,
    cloud: &str,
    remote: &RemoteImage,
    name: Option<&str>,
) -> Result<Image> {
    let subject = format!("remote image \"{}\"", remote.label());
    let disk_format = remote
        .disk_format()
        .map(str::parse::<DiskFormat>)
        .transpose()?;
    let container_format = remote
        .container_format()
        .map(str::parse::<ContainerFormat>)
        .transpose()?;
    if disk_format.is_none() || container_format.is_none() {
        return Err(Error::invalid(
            &subject,
            "it has no disk_format/container_format",
        ));
    }
    let mut properties: Vec<(String, String)> = remote
        .properties()
        .into_iter()
        .filter(|(k, v)| {
            k != ORIGIN_CLOUD
                && k != ORIGIN_ID
                && k != crate::backend::remote::same_data::ORIGIN_LINKED
                && k != crate::backend::remote::cleanups::CREATED_BY
                && validate::check_property(&subject, k, v).is_ok()
        })
        .collect();
    properties.push((ORIGIN_CLOUD.into(), cloud.to_string()));
    properties.push((ORIGIN_ID.into(), remote.id().to_string()));
    let visibility = remote.visibility().parse().ok();
    catalog.create_image(NewImage {
        name: name
            .map(str::to_string)
            .or_else(|| remote.name().map(str::to_string)),
        disk_format,
        container_format,
        visibility,
        min_disk_gib: remote.min_disk_gib(),
        min_ram_mib: remote.min_ram_mib(),
        tags: remote.tags().into_iter().collect(),
        properties,
        ..Default::default()
    })
}

/// An image receiving data: it is `saving` and a locked part file exists in the store.
pub struct Receiving<'a> {
    catalog: &'a Catalog,
    /// The image.
    pub image_id: ImageId,
    /// The store's part file writer.
    pub writer: Option<Box<dyn BlobWriter>>,
    finished: bool,
}

impl<'a> Receiving<'a> {
    /// Move `image_id` from queued to saving and open its part file.
    pub fn begin(catalog: &'a Catalog, image_id: ImageId, cause: &str) -> Result<Self> {
        let writer = catalog.blob_store().begin_write(image_id)?;
        let tx = registry::write_tx(&catalog.conn)?;
        apply_transition(
            &tx,
            image_id,
            Some(ImageStatus::Queued),
            ImageStatus::Saving,
            cause,
        )?;
        tx.commit()?;
        catalog.emit_status(image_id, ImageStatus::Queued, ImageStatus::Saving, cause);
        Ok(Receiving {
            catalog,
            image_id,
            writer: Some(writer),
            finished: false,
        })
    }

    /// The part file being written.
    pub fn part_path(&self) -> Option<std::path::PathBuf> {
        self.writer.as_ref().map(|w| w.part_path().to_path_buf())
    }

    /// Inspect the received data, then commit it with verified digests: size, md5, sha512.
    pub fn commit(mut self, size_bytes: u64, md5_hex: &str, sha512_hex: &str) -> Result<Image> {
        let mut writer = self
            .writer
            .take()
            .ok_or_else(|| Error::Internal("receive committed twice".into()))?;
        std::io::Write::flush(&mut writer)
            .map_err(|e| Error::io("cannot flush", writer.part_path(), e))?;
        let digests = Digests {
            md5_hex: md5_hex.to_string(),
            sha512_hex: sha512_hex.to_string(),
            size_bytes,
        };
        let cause = format!("pull completed ({size_bytes} bytes, sha512 verified)");
        let committed = self
            .catalog
            .finish_received(self.image_id, writer, digests, &cause, None);
        self.finished = committed.is_ok();
        committed
    }

    /// Give up: the part file goes, the image returns to queued with `cause`.
    pub fn fail(mut self, cause: &str) {
        self.back_to_queued(cause);
    }

    fn back_to_queued(&mut self, cause: &str) {
        if self.finished {
            return;
        }
        self.finished = true;
        drop(self.writer.take());
        let moved = (|| -> Result<bool> {
            let tx = registry::write_tx(&self.catalog.conn)?;
            let saving = matches!(
                registry::image_status_and_label(&tx, self.image_id)?,
                Some((ImageStatus::Saving, _))
            );
            if saving {
                apply_transition(
                    &tx,
                    self.image_id,
                    Some(ImageStatus::Saving),
                    ImageStatus::Queued,
                    cause,
                )?;
            }
            tx.commit()?;
            Ok(saving)
        })();
        if let Ok(true) = moved {
            self.catalog.emit_status(
                self.image_id,
                ImageStatus::Saving,
                ImageStatus::Queued,
                cause,
            );
        }
    }
}

impl Drop for Receiving<'_> {
    fn drop(&mut self) {
        self.back_to_queued("pull interrupted");
    }
}
