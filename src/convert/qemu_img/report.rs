//! What qemu-img reports: `info`, `check` and `measure` JSON, and `compare` verdicts.

use serde::Deserialize;

/// `qemu-img info --output=json` for one image (its backing chain is not followed).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ImageInfo {
    /// The file name as qemu-img saw it.
    pub filename: String,
    /// The format qemu-img opened it as (always the declared one: the driver passes `-f`).
    pub format: String,
    /// Guest-visible size in bytes.
    pub virtual_size: u64,
    /// Bytes allocated on the host file system, when known.
    #[serde(default)]
    pub actual_size: Option<u64>,
    /// Cluster (grain, block) size in bytes, for formats that have one.
    #[serde(default)]
    pub cluster_size: Option<u64>,
    /// Whether the image was not closed cleanly (qcow2 lazy refcounts, qed).
    #[serde(default)]
    pub dirty_flag: Option<bool>,
    /// Whether the image is encrypted.
    #[serde(default)]
    pub encrypted: Option<bool>,
    /// The backing file named in the image header (a Glance upload must not have one).
    #[serde(default)]
    pub backing_filename: Option<String>,
    /// The backing file resolved against the image's directory.
    #[serde(default)]
    pub full_backing_filename: Option<String>,
    /// The backing file's declared format.
    #[serde(default)]
    pub backing_filename_format: Option<String>,
    /// Format-specific data (`compat`, `data-file`, `create-type`, `extents`, …).
    #[serde(default)]
    pub format_specific: Option<FormatSpecific>,
}

/// The `format-specific` object of `qemu-img info`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FormatSpecific {
    /// The format it describes (`qcow2`, `vmdk`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// The format's fields, as qemu-img printed them.
    #[serde(default)]
    pub data: serde_json::Value,
}

impl ImageInfo {
    fn specific_str(&self, key: &str) -> Option<&str> {
        self.format_specific.as_ref()?.data.get(key)?.as_str()
    }

    /// qcow2 `compat` level (`"0.10"` or `"1.1"`).
    pub fn qcow2_compat(&self) -> Option<&str> {
        self.specific_str("compat")
    }

    /// qcow2 external data file (CVE-2024-32498: Glance refuses images that have one).
    pub fn qcow2_data_file(&self) -> Option<&str> {
        self.specific_str("data-file")
    }

    /// qcow2 compression type (`zlib`/`zstd`).
    pub fn qcow2_compression_type(&self) -> Option<&str> {
        self.specific_str("compression-type")
    }

    /// Whether a qcow2 image uses subcluster allocation (`extended_l2`).
    pub fn qcow2_extended_l2(&self) -> Option<bool> {
        self.format_specific
            .as_ref()?
            .data
            .get("extended-l2")?
            .as_bool()
    }

    /// VMDK `createType` (`monolithicSparse`, `streamOptimized`, …).
    pub fn vmdk_create_type(&self) -> Option<&str> {
        self.specific_str("create-type")
    }

    /// File names of a VMDK's extents, as qemu-img resolved them.
    pub fn vmdk_extent_filenames(&self) -> Vec<&str> {
        self.format_specific
            .as_ref()
            .and_then(|specific| specific.data.get("extents"))
            .and_then(|extents| extents.as_array())
            .map(|extents| {
                extents
                    .iter()
                    .filter_map(|extent| extent.get("filename")?.as_str())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// `qemu-img check --output=json` summary. qemu-img's exit code 2 (corruptions) and 3 (leaks)
/// are folded in here rather than reported as failures.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct CheckReport {
    /// The file name as qemu-img saw it.
    pub filename: String,
    /// The format checked.
    pub format: String,
    /// Errors that kept the check from completing.
    #[serde(default)]
    pub check_errors: u64,
    /// Corrupted metadata entries (data may be lost; qemu-img exit 2).
    #[serde(default)]
    pub corruptions: u64,
    /// Leaked clusters (wasted space only; qemu-img exit 3).
    #[serde(default)]
    pub leaks: u64,
    /// Corruptions repaired (only with repair, which the driver does not request).
    #[serde(default)]
    pub corruptions_fixed: u64,
    /// Leaks repaired.
    #[serde(default)]
    pub leaks_fixed: u64,
    /// The offset just past the last used byte, when the format reports it.
    #[serde(default)]
    pub image_end_offset: Option<u64>,
    /// Clusters the virtual disk spans.
    #[serde(default)]
    pub total_clusters: Option<u64>,
    /// Clusters allocated.
    #[serde(default)]
    pub allocated_clusters: Option<u64>,
    /// Allocated clusters not contiguous with their predecessor.
    #[serde(default)]
    pub fragmented_clusters: Option<u64>,
    /// Compressed clusters.
    #[serde(default)]
    pub compressed_clusters: Option<u64>,
}

impl CheckReport {
    /// No corruptions, no leaks, no check errors.
    pub fn is_clean(&self) -> bool {
        self.check_errors == 0 && self.corruptions == 0 && self.leaks == 0
    }
}

/// `qemu-img measure --output=json`: the space a conversion to a target format needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct MeasureReport {
    /// Bytes the converted image needs for the data present in the source.
    #[serde(rename = "required")]
    pub required_bytes: u64,
    /// Bytes the converted image would take were every cluster allocated.
    #[serde(rename = "fully-allocated")]
    pub fully_allocated_bytes: u64,
    /// Bytes needed for persistent dirty bitmaps (qcow2 sources only).
    #[serde(rename = "bitmaps", default)]
    pub bitmaps_bytes: Option<u64>,
}

/// The verdict of `qemu-img compare`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareOutcome {
    /// Same guest-visible content (qemu-img exit 0).
    Identical,
    /// Different content or, in strict mode, sizes (qemu-img exit 1).
    Differs {
        /// qemu-img's message, e.g. `Content mismatch at offset 4194304!`.
        message: String,
        /// The first differing byte offset, when qemu-img named one.
        offset: Option<u64>,
    },
}

impl CompareOutcome {
    /// Whether the images compare equal.
    pub fn is_identical(&self) -> bool {
        matches!(self, Self::Identical)
    }

    /// Build a `Differs` from qemu-img's message, pulling out the offset.
    pub(crate) fn differs(message: String) -> Self {
        let offset = message
            .split_once("offset ")
            .map(|(_, rest)| {
                rest.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .and_then(|digits| digits.parse().ok());
        Self::Differs { message, offset }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mismatch_offset_is_parsed() {
        let outcome = CompareOutcome::differs("Content mismatch at offset 4194304!".to_owned());
        assert_eq!(
            outcome,
            CompareOutcome::Differs {
                message: "Content mismatch at offset 4194304!".to_owned(),
                offset: Some(4_194_304)
            }
        );
        let strict = CompareOutcome::differs("Strict mode: Image size mismatch!".to_owned());
        assert!(matches!(
            strict,
            CompareOutcome::Differs { offset: None, .. }
        ));
    }

    #[test]
    fn check_json_parses() {
        let json = r#"{"image-end-offset": 1376256, "total-clusters": 128, "check-errors": 0,
            "leaks": 1, "allocated-clusters": 16, "filename": "a.qcow2", "format": "qcow2"}"#;
        let report: CheckReport = serde_json::from_str(json).unwrap();
        assert_eq!(report.leaks, 1);
        assert_eq!(report.corruptions, 0);
        assert!(!report.is_clean());
    }
}
