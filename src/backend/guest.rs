//! Looking inside an image (guest inspection) as the catalog offers it: a stored image's guest
//! or a file's, the Glance properties its content suggests beside the image's own, applying
//! them through the ordinary property update, and the conflicts `push` warns about. The
//! readers are [`crate::convert::guest`]; this module adds the catalog's rules (which images
//! have data to look into, the recorded size, the catalog's safety settings) and nothing of
//! its own about what is inside.

use crate::tr;
use std::path::Path;

use crate::backend::ImageUpdate;
use crate::backend::catalog::Catalog;
use crate::backend::error::{Error, Result};
use crate::backend::metadefs;
use crate::backend::model::{Image, ImageId, ImageStatus};
use crate::convert::guest::{
    self, GuestError, GuestOptions, GuestReport, PropertySuggestion, SuggestionKind,
};

/// What applying suggestions did.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The image after the update (unchanged when nothing was applied).
    pub image: Image,
    /// The suggestions written, with the value each key had before.
    pub applied: Vec<PropertySuggestion>,
    /// Advisory notes for values outside Glance's documented ones (the metadefs), as Details
    /// shows them for a typed value; they never stop the update.
    pub warnings: Vec<String>,
}

/// Wrap a guest reader's error as the library's user error about `subject`.
pub fn guest_error(subject: impl Into<String>, error: GuestError) -> Error {
    Error::Guest {
        subject: subject.into(),
        source: Box::new(error),
    }
}

fn subject_of(image: &Image) -> String {
    crate::backend::image_subject(&image.label())
}

/// Which suggestions are applied when the user names none: every one that changes something
/// (new keys, better-informed values and conflicts); the same ones are left alone.
pub fn default_pick(suggestion: &PropertySuggestion) -> bool {
    suggestion.kind != SuggestionKind::Same
}

/// The comparison of `report`'s suggestions with `image`'s current properties.
pub fn suggestions_for(image: &Image, report: &GuestReport) -> Vec<PropertySuggestion> {
    guest::compare_properties(&image.properties, report)
}

/// What the disk holds, for a conflict on `key`: the OS (`ubuntu 24.04`) for the `os_*` keys,
/// else the value the disk suggests.
fn what_the_disk_holds(suggestion: &PropertySuggestion, report: &GuestReport) -> String {
    match (&report.os, suggestion.key.as_str()) {
        (Some(os), "os_distro" | "os_version" | "os_type") => {
            let name = os
                .distro
                .clone()
                .or_else(|| os.name.clone())
                .unwrap_or_else(|| suggestion.suggested.clone());
            match &os.version {
                Some(version) => format!("{name} {version}"),
                None => name,
            }
        }
        _ => format!("{}={}", suggestion.key, suggestion.suggested),
    }
}

/// The one-line warning about a conflict between an image's metadata and its content:
/// `image 'x' says os_distro=centos but its disk holds ubuntu 24.04` (the caller escapes it
/// for a terminal; the window draws it through `display::escape` too).
pub fn conflict_warning(
    label: &str,
    suggestion: &PropertySuggestion,
    report: &GuestReport,
) -> String {
    tr!(
        "backend-guest-conflict",
        label = label,
        key = suggestion.key.as_str(),
        current = suggestion.current.as_deref().unwrap_or(""),
        holds = what_the_disk_holds(suggestion, report)
    )
}

/// Every conflict between `image`'s properties and `report`, as warning lines.
pub fn conflict_warnings(image: &Image, report: &GuestReport) -> Vec<String> {
    guest::conflicts(&image.properties, report)
        .iter()
        .map(|s| conflict_warning(&image.label(), s, report))
        .collect()
}

impl Catalog {
    /// Look inside a stored image: it must have data (active or deactivated) that is not
    /// marked damaged, and its blob must be as long as its recorded size. Its `disk_format` is
    /// the declared format (a mismatch is refused), the catalog's inspection settings (the
    /// virtual size limit) the safety check's.
    pub fn inspect_guest(&self, image_id: ImageId) -> Result<GuestReport> {
        let image = self.image(image_id)?;
        let subject = subject_of(&image);
        if !matches!(image.status, ImageStatus::Active | ImageStatus::Deactivated) {
            return Err(Error::conflict(
                &subject,
                tr!(
                    "backend-guest-no-data",
                    status = crate::backend::status_text(image.status)
                ),
            ));
        }
        if image.damaged.is_some() {
            return Err(Error::conflict(&subject, tr!("backend-guest-damaged")));
        }
        let path = self.stored_path(&image)?;
        // Only the length is checked, not the hashes: a look inside reads at most 64 MiB of a
        // file that may hold many GiB, and a full md5 + sha512 pass would cost the whole file
        // for a bounded read. What it finds is a report and a suggestion the user applies;
        // it never becomes image data, so a flipped bit can at worst mislead a suggestion,
        // while a truncated or replaced blob (a wrong length) is caught here.
        let len = std::fs::metadata(&path)
            .map_err(|e| Error::io(tr!("backend-io-read-the-image-data"), &path, e))?
            .len();
        if image.size_bytes != Some(len) {
            return Err(Error::conflict(
                &subject,
                match image.size_bytes {
                    Some(size) => tr!(
                        "backend-guest-size-differs",
                        len = len.to_string(),
                        size = size.to_string()
                    ),
                    None => tr!("backend-guest-size-unknown", len = len.to_string()),
                },
            ));
        }
        let declared = image.disk_format.map(|f| f.as_str());
        guest::inspect_guest_path(
            &path,
            declared,
            &GuestOptions::default(),
            &self.inspect_options(),
        )
        .map_err(|e| guest_error(subject, e))
    }

    /// Look inside a disk image file, with the catalog's inspection settings; its format is
    /// the one the safety inspector detects.
    pub fn inspect_guest_file(&self, path: &Path) -> Result<GuestReport> {
        guest::inspect_guest_path(
            path,
            None,
            &GuestOptions::default(),
            &self.inspect_options(),
        )
        .map_err(|e| guest_error(tr!("backend-subject-cannot-look-inside"), e))
    }

    /// Apply suggestions from `report` to image `image_id` through the ordinary property
    /// update (the same validation as `image set --property`): the suggestions for `keys`, or
    /// with `None` every one that changes something ([`default_pick`]). A key with no
    /// suggestion is refused; nothing to change is not an error.
    pub fn apply_guest_suggestions(
        &self,
        image_id: ImageId,
        report: &GuestReport,
        keys: Option<&[String]>,
    ) -> Result<Applied> {
        let image = self.image(image_id)?;
        let suggestions = suggestions_for(&image, report);
        let chosen: Vec<PropertySuggestion> = match keys {
            None => suggestions.into_iter().filter(default_pick).collect(),
            Some(keys) => {
                let mut chosen = Vec::new();
                for key in keys {
                    let Some(found) = suggestions.iter().find(|s| &s.key == key) else {
                        return Err(Error::invalid(
                            subject_of(&image),
                            tr!("backend-guest-no-suggestion", key = key),
                        ));
                    };
                    if found.kind != SuggestionKind::Same {
                        chosen.push(found.clone());
                    }
                }
                chosen
            }
        };
        if chosen.is_empty() {
            return Ok(Applied {
                image,
                applied: chosen,
                warnings: Vec::new(),
            });
        }
        let update = ImageUpdate {
            set_properties: chosen
                .iter()
                .map(|s| (s.key.clone(), s.suggested.clone()))
                .collect(),
            ..ImageUpdate::default()
        };
        let image = self.update_image(image_id, &update)?;
        let warnings = chosen
            .iter()
            .filter_map(|s| metadefs::value_warning(&s.key, &s.suggested))
            .collect();
        Ok(Applied {
            image,
            applied: chosen,
            warnings,
        })
    }

    /// What `push` warns about before it sends `image`: its metadata against its content.
    /// An image that cannot be looked inside (compressed, unsupported, no data) gives no
    /// warning: the push's own checks speak for it.
    pub fn guest_conflicts(&self, image: &Image) -> Vec<String> {
        match self.inspect_guest(image.id) {
            Ok(report) => conflict_warnings(image, &report),
            Err(e) => {
                tracing::debug!(image_id = %image.id, error = %e, "no look inside before push");
                Vec::new()
            }
        }
    }

    /// For an import with "properties from inside": look inside the file at `path` with the
    /// declared disk format and add what it suggests to `properties`, keeping every key the
    /// user gave (theirs wins).
    pub(crate) fn add_guest_properties(
        &self,
        subject: &str,
        path: &Path,
        disk_format: Option<&str>,
        properties: &mut Vec<(String, String)>,
    ) -> Result<()> {
        let report = guest::inspect_guest_path(
            path,
            disk_format,
            &GuestOptions::default(),
            &self.inspect_options(),
        )
        .map_err(|e| guest_error(subject, e))?;
        for (key, value) in report.suggested_properties() {
            if !properties.iter().any(|(k, _)| *k == key) {
                properties.push((key, value));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::guest::{OsFamily, OsReport};
    use crate::convert::inspect::DiskFormatKind;

    fn report() -> GuestReport {
        GuestReport {
            os: Some(OsReport {
                family: OsFamily::Linux,
                distro: Some("ubuntu".into()),
                name: Some("Ubuntu 24.04 LTS".into()),
                version: Some("24.04".into()),
                codename: Some("noble".into()),
                source: "/etc/os-release".into(),
            }),
            architecture: Some("x86_64".into()),
            cloud_init: true,
            ..GuestReport::new(DiskFormatKind::Raw, 1 << 30)
        }
    }

    #[test]
    fn a_conflict_reads_as_one_line_naming_both_sides() {
        let conflict = PropertySuggestion {
            key: "os_distro".into(),
            current: Some("centos".into()),
            suggested: "ubuntu".into(),
            kind: SuggestionKind::Conflict,
        };
        assert_eq!(
            conflict_warning("x", &conflict, &report()),
            "image 'x' says os_distro=centos but its disk holds ubuntu 24.04"
        );
        let arch = PropertySuggestion {
            key: "architecture".into(),
            current: Some("aarch64".into()),
            suggested: "x86_64".into(),
            kind: SuggestionKind::Conflict,
        };
        assert_eq!(
            conflict_warning("x", &arch, &report()),
            "image 'x' says architecture=aarch64 but its disk holds architecture=x86_64"
        );
    }
}
