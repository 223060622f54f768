//! Lifecycle operations: deactivate / reactivate, delete (protected refused; delayed delete
//! to `pending_delete`), restore, and the scrubber that finishes delayed deletes.

use chrono::{Duration, Utc};

use crate::backend::catalog::Catalog;
use crate::backend::error::{Error, Result};
use crate::backend::model::{Image, ImageId, ImageStatus};
use crate::backend::state::apply_transition;
use crate::backend::{image_subject, status_text};
use crate::store::blobs::BlobStore;
use crate::store::registry;
use crate::tr;

impl Catalog {
    /// active -> deactivated: the data can no longer be downloaded.
    pub fn deactivate(&self, image_id: ImageId) -> Result<Image> {
        self.transition(image_id, None, ImageStatus::Deactivated, "deactivated")?;
        self.image(image_id)
    }

    /// deactivated -> active.
    pub fn reactivate(&self, image_id: ImageId) -> Result<Image> {
        let image = self.image(image_id)?;
        if image.status != ImageStatus::Deactivated {
            return Err(Error::IllegalTransition {
                image: format!("\"{}\"", image.label()),
                from: image.status,
                to: ImageStatus::Active,
            });
        }
        self.transition(
            image_id,
            Some(ImageStatus::Deactivated),
            ImageStatus::Active,
            "reactivated",
        )?;
        self.image(image_id)
    }

    /// Delete an image. Protected images are refused. With `delayed_delete` on, an active
    /// image goes to `pending_delete` and keeps its data until scrubbed; otherwise it goes to
    /// `deleted` and its data is removed. The row stays (soft delete).
    pub fn delete(&self, image_id: ImageId) -> Result<Image> {
        let tx = registry::write_tx(&self.conn)?;
        let mut image = registry::load_image(&tx, image_id)?.ok_or_else(|| {
            Error::NotFound(tr!("backend-no-image-id", id = image_id.to_string()))
        })?;
        let subject = image_subject(&image.label());
        if image.status == ImageStatus::Deleted {
            return Err(Error::NotFound(tr!(
                "backend-image-already-deleted",
                subject = subject
            )));
        }
        if image.protected {
            return Err(Error::forbidden(&subject, tr!("backend-image-protected")));
        }
        let now = Utc::now();
        let delayed = self.settings().delayed_delete && image.status == ImageStatus::Active;
        let (to, cause) = if delayed {
            (
                ImageStatus::PendingDelete,
                "deleted (delayed delete: data kept until scrubbed)",
            )
        } else {
            (ImageStatus::Deleted, "deleted")
        };
        image.deleted_at = Some(now);
        image.updated_at = now;
        registry::update_image_row(&tx, &image)?;
        if !delayed {
            registry::delete_locations(&tx, image_id, &now)?;
        }
        let from = apply_transition(&tx, image_id, Some(image.status), to, cause)?;
        tx.commit()?;
        self.emit_status(image_id, from, to, cause);
        if !delayed {
            self.blobs.remove(image_id)?;
        }
        self.image(image_id)
    }

    /// pending_delete -> active, keeping the data.
    pub fn restore(&self, image_id: ImageId) -> Result<Image> {
        let tx = registry::write_tx(&self.conn)?;
        let mut image = registry::load_image(&tx, image_id)?.ok_or_else(|| {
            Error::NotFound(tr!("backend-no-image-id", id = image_id.to_string()))
        })?;
        if image.status != ImageStatus::PendingDelete {
            return Err(Error::conflict(
                image_subject(&image.label()),
                tr!(
                    "backend-restore-not-pending",
                    status = status_text(image.status)
                ),
            ));
        }
        image.deleted_at = None;
        image.updated_at = Utc::now();
        registry::update_image_row(&tx, &image)?;
        let cause = "restored from pending_delete";
        apply_transition(
            &tx,
            image_id,
            Some(ImageStatus::PendingDelete),
            ImageStatus::Active,
            cause,
        )?;
        tx.commit()?;
        self.emit_status(
            image_id,
            ImageStatus::PendingDelete,
            ImageStatus::Active,
            cause,
        );
        self.image(image_id)
    }

    /// Finish delayed deletes: images in pending_delete for longer than the scrub delay (or
    /// all of them with `force`) move to deleted and lose their data. Returns their ids.
    pub fn scrub(&self, force: bool) -> Result<Vec<ImageId>> {
        let due_before = Utc::now()
            - Duration::seconds(self.settings().scrub_delay_secs.min(i64::MAX as u64 / 2000) as i64);
        let mut scrubbed = Vec::new();
        for image_id in registry::ids_with_status(&self.conn, ImageStatus::PendingDelete)? {
            let tx = registry::write_tx(&self.conn)?;
            let Some(image) = registry::load_image(&tx, image_id)? else {
                continue;
            };
            let due = image.deleted_at.is_none_or(|at| at <= due_before);
            if image.status != ImageStatus::PendingDelete || !(force || due) {
                continue;
            }
            let now = Utc::now();
            registry::delete_locations(&tx, image_id, &now)?;
            let cause = "scrubbed: delayed delete finished, data removed";
            apply_transition(
                &tx,
                image_id,
                Some(ImageStatus::PendingDelete),
                ImageStatus::Deleted,
                cause,
            )?;
            tx.commit()?;
            self.emit_status(
                image_id,
                ImageStatus::PendingDelete,
                ImageStatus::Deleted,
                cause,
            );
            self.blobs.remove(image_id)?;
            scrubbed.push(image_id);
        }
        Ok(scrubbed)
    }
}
