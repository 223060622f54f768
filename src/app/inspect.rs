//! What an import form learns from a file before it is imported, from the native disk-format
//! inspector with the catalog's own inspection settings (`virtual_size_limit_bytes`), the
//! same the import itself applies: the format, the virtual size, and the safety verdict with
//! its reasons, plus whether the formats the user declares match the content (Glance refuses
//! a mismatch). Formats are pre-filled by [`inspection::formats_for`], the mapping `image
//! create --file` uses. It runs on the service thread, never on the UI thread.

use crate::i18n::errors::Shown;
use std::path::Path;

use crate::backend::{Catalog, ContainerFormat, DiskFormat, inspection};
use crate::convert::inspect::{Finding, Inspection};

/// What the import form shows about a file.
#[derive(Debug, Clone)]
pub struct FileFacts {
    /// What the inspector found.
    pub inspection: Inspection,
}

impl FileFacts {
    /// File length in bytes.
    pub fn size_bytes(&self) -> u64 {
        self.inspection.actual_size
    }

    /// The disk format to pre-fill: what `image create --file` would pick for this content.
    pub fn disk_format(&self) -> Option<DiskFormat> {
        inspection::formats_for(&self.inspection).map(|(disk, _)| disk)
    }

    /// The container format to pre-fill (bare, or compressed / ova for wrapped images).
    pub fn container_format(&self) -> ContainerFormat {
        inspection::formats_for(&self.inspection).map_or(ContainerFormat::Bare, |(_, c)| c)
    }

    /// One line: the format as people say it (`qcow2 v3 (compat 1.1)`), in the current
    /// language.
    pub fn summary(&self) -> String {
        self.inspection.described()
    }

    /// Guest-visible size, when known.
    pub fn virtual_size_bytes(&self) -> Option<u64> {
        self.inspection
            .virtual_size
            .or_else(|| self.inspection.inner.as_ref().and_then(|i| i.virtual_size))
    }

    /// Why Glance would refuse the file (empty when the verdict is safe), in the current
    /// language.
    pub fn unsafe_reasons(&self) -> Vec<String> {
        self.inspection
            .reasons()
            .iter()
            .map(Finding::shown)
            .collect()
    }

    /// Why the declared formats do not match the content, if they do not (in the current
    /// language).
    pub fn mismatch(&self, disk: DiskFormat, container: ContainerFormat) -> Option<String> {
        self.inspection
            .check_declared_container(disk.as_str(), container.as_str())
            .map(|m| m.shown())
    }
}

/// Inspect the file at `path` for an import form, with the catalog's inspection settings.
pub fn inspect_for_import(catalog: &Catalog, path: &Path) -> Result<FileFacts, String> {
    inspection::inspect_file(path, &catalog.inspect_options())
        .map(|inspection| FileFacts { inspection })
        .map_err(|e| e.shown())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::inspect::{InspectOptions, inspect_bytes};

    #[test]
    fn prefill_from_the_inspector() {
        let facts = FileFacts {
            inspection: inspect_bytes(b"just some bytes", &InspectOptions::default()),
        };
        assert_eq!(facts.disk_format(), Some(DiskFormat::Raw));
        assert_eq!(facts.container_format(), ContainerFormat::Bare);
        assert!(facts.unsafe_reasons().is_empty());
        assert!(
            facts
                .mismatch(DiskFormat::Raw, ContainerFormat::Bare)
                .is_none()
        );
        assert!(
            facts
                .mismatch(DiskFormat::Qcow2, ContainerFormat::Bare)
                .is_some()
        );
    }
}
