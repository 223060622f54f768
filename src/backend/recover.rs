//! Registering image files kept in `images/lost+found/` again. Reconcile moves a complete
//! blob that no image references there instead of deleting it (its registry row may have been
//! lost); `image recover ID` makes it an image again under the same id: its formats are
//! inspected, its size and hashes computed in one read, and the file is moved back into the
//! store without a copy. An image of that id still `queued` (its upload stopped after the
//! data was written) receives the file; otherwise a new image is created.

use std::path::PathBuf;

use crate::backend::catalog::{Catalog, ImageUpdate, NewImage};
use crate::backend::error::{Error, Result};
use crate::backend::inspection;
use crate::backend::jobs::JobControl;
use crate::backend::model::{Image, ImageId, ImageStatus};
use crate::tr;

/// A file waiting in lost+found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostFile {
    /// The image id its name carries, when it carries one.
    pub image_id: Option<ImageId>,
    /// Where it is.
    pub path: PathBuf,
    /// Its length.
    pub size_bytes: u64,
}

impl Catalog {
    /// The files waiting in `images/lost+found/`.
    pub fn lost_files(&self) -> Result<Vec<LostFile>> {
        Ok(self
            .blobs
            .lost_found()?
            .into_iter()
            .map(|(image_id, path)| LostFile {
                image_id,
                size_bytes: path.metadata().map(|m| m.len()).unwrap_or(0),
                path,
            })
            .collect())
    }

    /// Register the lost+found file of `image_id` again (see the module docs); `name` names a
    /// new image (default `recovered-<first 8 hex digits of the id>`).
    pub fn recover_lost(
        &self,
        image_id: ImageId,
        name: Option<String>,
        job: &JobControl,
    ) -> Result<Image> {
        let lost = self
            .lost_files()?
            .into_iter()
            .find(|f| f.image_id == Some(image_id))
            .ok_or_else(|| {
                Error::NotFound(tr!(
                    "backend-recover-no-file",
                    id = image_id.to_string(),
                    dir = self.blobs.lost_found_dir()
                ))
            })?;
        let subject = tr!("backend-subject-lost-file", path = lost.path.as_path());
        let (_, disk_format, container_format) =
            inspection::detect_formats(&subject, &lost.path, &self.inspect_options())?;
        let existing = match self.image(image_id) {
            Ok(image) => Some(image),
            Err(Error::NotFound(_)) => None,
            Err(e) => return Err(e),
        };
        let source = format!("recovered from {}", lost.path.display());
        match existing {
            Some(image) if image.status == ImageStatus::Queued => {
                self.update_image(
                    image_id,
                    &ImageUpdate {
                        name,
                        disk_format: Some(disk_format),
                        container_format: Some(container_format),
                        ..Default::default()
                    },
                )?;
                self.adopt_lost(image_id, &lost, &source, job)
            }
            Some(image) => Err(Error::conflict(
                crate::backend::image_subject(&image.label()),
                tr!(
                    "backend-recover-exists",
                    status = crate::backend::status_text(image.status),
                    path = lost.path.as_path()
                ),
            )),
            None => {
                let short = image_id.to_string().chars().take(8).collect::<String>();
                let image = self.create_image(NewImage {
                    id: Some(image_id),
                    name: Some(name.unwrap_or_else(|| format!("recovered-{short}"))),
                    disk_format: Some(disk_format),
                    container_format: Some(container_format),
                    ..Default::default()
                })?;
                match self.adopt_lost(image.id, &lost, &source, job) {
                    Ok(image) => Ok(image),
                    Err(error) => {
                        // The record never had data; the file is still in lost+found.
                        let _ = self.delete(image.id);
                        Err(error)
                    }
                }
            }
        }
    }

    /// Adopt a second name (a hard link in a work folder) of the lost file, so a failed or
    /// cancelled adoption, which removes what it was adopting, never removes the only copy;
    /// the lost+found name goes only once the image is active.
    fn adopt_lost(
        &self,
        image_id: ImageId,
        lost: &LostFile,
        source: &str,
        job: &JobControl,
    ) -> Result<Image> {
        let work = self.work_dir()?;
        let link = work.file("recovered");
        std::fs::hard_link(&lost.path, &link)
            .map_err(|e| Error::io(tr!("backend-io-link-lost-file"), &link, e))?;
        let image = self.adopt_file(image_id, &link, source, job)?;
        std::fs::remove_file(&lost.path)
            .map_err(|e| Error::io(tr!("backend-io-remove-lost-file"), &lost.path, e))?;
        Ok(image)
    }
}
