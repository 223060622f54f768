//! Sharing: members of `shared` images, with Glance's rules (shared visibility only, no
//! duplicates, at most 128, statuses pending / accepted / rejected).

use chrono::Utc;

use crate::backend::catalog::Catalog;
use crate::backend::error::{Error, Result};
use crate::backend::events::Event;
use crate::backend::image_subject;
use crate::backend::model::{ImageId, ImageStatus, Member, MemberStatus, Visibility};
use crate::backend::validate::{MAX_MEMBERS, MAX_NAME_CHARS};
use crate::i18n::labels;
use crate::store::registry;
use crate::tr;

impl Catalog {
    /// The members of an image.
    pub fn members(&self, image_id: ImageId) -> Result<Vec<Member>> {
        self.image(image_id)?;
        registry::members(&self.conn, image_id)
    }

    /// Share an image with a project (status pending).
    pub fn add_member(&self, image_id: ImageId, project_id: &str) -> Result<Member> {
        let tx = registry::write_tx(&self.conn)?;
        let image = registry::load_image(&tx, image_id)?.ok_or_else(|| {
            Error::NotFound(tr!("backend-no-image-id", id = image_id.to_string()))
        })?;
        let subject = image_subject(&image.label());
        if image.status == ImageStatus::Deleted {
            return Err(Error::NotFound(tr!(
                "backend-image-deleted",
                subject = subject
            )));
        }
        if image.visibility != Visibility::Shared {
            return Err(Error::forbidden(
                &subject,
                tr!(
                    "backend-members-need-shared",
                    visibility = labels::visibility_named(image.visibility)
                ),
            ));
        }
        let project_id = project_id.trim();
        if project_id.is_empty() || project_id.chars().count() > MAX_NAME_CHARS {
            return Err(Error::invalid(
                &subject,
                tr!("backend-member-id-length", max = MAX_NAME_CHARS.to_string()),
            ));
        }
        let existing = registry::members(&tx, image_id)?;
        if existing.iter().any(|m| m.member_id == project_id) {
            return Err(Error::conflict(
                &subject,
                tr!("backend-member-exists", project = project_id),
            ));
        }
        if existing.len() >= MAX_MEMBERS {
            return Err(Error::invalid(
                &subject,
                tr!("backend-too-many-members", max = MAX_MEMBERS.to_string()),
            ));
        }
        let now = Utc::now();
        let member = Member {
            image_id,
            member_id: project_id.to_string(),
            status: MemberStatus::Pending,
            created_at: now,
            updated_at: now,
        };
        registry::insert_member(&tx, &member)?;
        tx.commit()?;
        self.emit(Event::MembersChanged(image_id));
        Ok(member)
    }

    /// Stop sharing an image with a project.
    pub fn remove_member(&self, image_id: ImageId, project_id: &str) -> Result<()> {
        let tx = registry::write_tx(&self.conn)?;
        if !registry::delete_member(&tx, image_id, project_id)? {
            return Err(self.no_member(image_id, project_id));
        }
        tx.commit()?;
        self.emit(Event::MembersChanged(image_id));
        Ok(())
    }

    /// Record a member project's answer (as that project, or as admin).
    pub fn set_member_status(
        &self,
        image_id: ImageId,
        project_id: &str,
        status: MemberStatus,
    ) -> Result<Member> {
        let tx = registry::write_tx(&self.conn)?;
        if !registry::update_member_status(&tx, image_id, project_id, status, &Utc::now())? {
            return Err(self.no_member(image_id, project_id));
        }
        let member = registry::members(&tx, image_id)?
            .into_iter()
            .find(|m| m.member_id == project_id)
            .ok_or_else(|| self.no_member(image_id, project_id))?;
        tx.commit()?;
        self.emit(Event::MembersChanged(image_id));
        Ok(member)
    }

    fn no_member(&self, image_id: ImageId, project_id: &str) -> Error {
        let label = self
            .image(image_id)
            .map(|i| i.label())
            .unwrap_or_else(|_| image_id.to_string());
        Error::NotFound(tr!(
            "backend-not-a-member",
            project = project_id,
            image = image_subject(&label)
        ))
    }
}
