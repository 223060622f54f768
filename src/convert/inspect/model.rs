//! The inspection report: detected format, findings, verdict, declared-format mismatch (the
//! inspector's error type, [`InspectError`](crate::model::inspect::InspectError), is shared
//! vocabulary and lives in the leaf).

use std::fmt;

use serde::Serialize;

use super::msg::{Msg, msg};

/// A detected file format: a Glance disk format, a format Glance does not accept (qed, luks),
/// or a wrapper around another image (compression, tar/OVA).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiskFormatKind {
    /// Unrecognised bytes: a raw disk (possibly with an MBR or GPT partition table).
    Raw,
    /// QEMU copy-on-write v2/v3.
    Qcow2,
    /// QEMU enhanced disk (always refused).
    Qed,
    /// VMware disk, sparse or a text descriptor.
    Vmdk,
    /// Virtual PC / Hyper-V VHD (qemu calls it vpc).
    Vhd,
    /// Hyper-V VHDX.
    Vhdx,
    /// VirtualBox VDI.
    Vdi,
    /// ISO 9660 / UDF optical image.
    Iso,
    /// LUKS encrypted volume.
    Luks,
    /// gzip stream.
    Gzip,
    /// xz stream.
    Xz,
    /// zstd stream.
    Zstd,
    /// bzip2 stream.
    Bzip2,
    /// ustar/GNU tar archive without an OVF descriptor.
    Tar,
    /// OVA: a tar archive with an `.ovf` descriptor and disks.
    Ova,
}

impl DiskFormatKind {
    /// The lowercase name: Glance `disk_format` names where they exist (`raw, qcow2, vmdk, vhd,
    /// vhdx, vdi, iso`), else `qed, luks, gzip, xz, zstd, bzip2, tar, ova`.
    pub fn as_str(self) -> &'static str {
        match self {
            DiskFormatKind::Raw => "raw",
            DiskFormatKind::Qcow2 => "qcow2",
            DiskFormatKind::Qed => "qed",
            DiskFormatKind::Vmdk => "vmdk",
            DiskFormatKind::Vhd => "vhd",
            DiskFormatKind::Vhdx => "vhdx",
            DiskFormatKind::Vdi => "vdi",
            DiskFormatKind::Iso => "iso",
            DiskFormatKind::Luks => "luks",
            DiskFormatKind::Gzip => "gzip",
            DiskFormatKind::Xz => "xz",
            DiskFormatKind::Zstd => "zstd",
            DiskFormatKind::Bzip2 => "bzip2",
            DiskFormatKind::Tar => "tar",
            DiskFormatKind::Ova => "ova",
        }
    }

    /// True for compression and archive wrappers.
    pub fn is_wrapper(self) -> bool {
        matches!(
            self,
            DiskFormatKind::Gzip
                | DiskFormatKind::Xz
                | DiskFormatKind::Zstd
                | DiskFormatKind::Bzip2
                | DiskFormatKind::Tar
                | DiskFormatKind::Ova
        )
    }

    /// True for the compression wrappers (Glance `container_format=compressed`).
    pub fn is_compression(self) -> bool {
        matches!(
            self,
            DiskFormatKind::Gzip
                | DiskFormatKind::Xz
                | DiskFormatKind::Zstd
                | DiskFormatKind::Bzip2
        )
    }

    /// The Glance `disk_format` for this format, if Glance has one.
    pub fn glance_disk_format(self) -> Option<&'static str> {
        match self {
            DiskFormatKind::Raw
            | DiskFormatKind::Qcow2
            | DiskFormatKind::Vmdk
            | DiskFormatKind::Vhd
            | DiskFormatKind::Vhdx
            | DiskFormatKind::Vdi
            | DiskFormatKind::Iso => Some(self.as_str()),
            _ => None,
        }
    }
}

impl fmt::Display for DiskFormatKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a file is unsafe to hand to qemu-img or to upload to Glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnsafeReason {
    /// The image names a backing (parent) file that qemu would open.
    BackingFile,
    /// The image stores its data in an external file (qcow2 incompatible bit 2).
    DataFile,
    /// Feature bits or versions qemu does not know, or that Glance refuses.
    UnknownFeatures,
    /// A VMDK create type other than monolithicSparse / streamOptimized.
    VmdkSubformat,
    /// A VMDK extent that would make qemu read another host file.
    VmdkExtent,
    /// QED, always refused.
    Qed,
    /// Two formats match the same bytes (ISO + GPT/MBR excepted).
    Polyglot,
    /// Tables or allocated clusters lie beyond the end of the file.
    Truncated,
    /// The virtual size exceeds the configured limit.
    VirtualSizeOverLimit,
    /// An MBR / protective MBR that Glance's inspector rejects.
    InvalidPartitionTable,
    /// Header values qemu refuses (cluster size, table sizes, offsets out of range): the image
    /// cannot be used as declared, and its other checks cannot be trusted.
    InvalidHeader,
    /// A tar/OVA member whose name is absolute or has a `..` component: extracting it would
    /// write outside the target folder.
    ArchivePathEscape,
    /// A tar/OVA member that is a symbolic or hard link (typeflag `2` or `1`): extracting it
    /// would make a later member or reader reach another file.
    ArchiveLink,
    /// A tar/OVA archive with no disk member: there is nothing to inspect, so nothing to vouch
    /// for.
    NoDisk,
    /// More archive members than the inspector looks at: the ones past the bound were not
    /// inspected, so the archive cannot be called safe.
    TooManyMembers,
    /// A compressed stream (gzip, xz, zstd, bzip2) that ends early: the data is incomplete.
    IncompleteStream,
}

impl UnsafeReason {
    /// The snake_case name (as serialized).
    pub fn as_str(self) -> &'static str {
        match self {
            UnsafeReason::BackingFile => "backing_file",
            UnsafeReason::DataFile => "data_file",
            UnsafeReason::UnknownFeatures => "unknown_features",
            UnsafeReason::VmdkSubformat => "vmdk_subformat",
            UnsafeReason::VmdkExtent => "vmdk_extent",
            UnsafeReason::Qed => "qed",
            UnsafeReason::Polyglot => "polyglot",
            UnsafeReason::Truncated => "truncated",
            UnsafeReason::VirtualSizeOverLimit => "virtual_size_over_limit",
            UnsafeReason::InvalidPartitionTable => "invalid_partition_table",
            UnsafeReason::InvalidHeader => "invalid_header",
            UnsafeReason::ArchivePathEscape => "archive_path_escape",
            UnsafeReason::ArchiveLink => "archive_link",
            UnsafeReason::NoDisk => "no_disk",
            UnsafeReason::TooManyMembers => "too_many_members",
            UnsafeReason::IncompleteStream => "incomplete_stream",
        }
    }
}

impl fmt::Display for UnsafeReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One unsafe finding: a named reason and a human-readable detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The named reason.
    pub reason: UnsafeReason,
    /// What exactly was found, in one line, in English (what JSON carries).
    pub detail: String,
    /// The same detail as a catalog message, shown in the reader's language.
    #[serde(skip)]
    message: Msg,
}

impl Finding {
    /// A finding whose English `detail` is `message` rendered in English.
    pub(crate) fn new(reason: UnsafeReason, message: Msg) -> Self {
        Finding {
            reason,
            detail: message.english(),
            message,
        }
    }

    /// The detail as a catalog message (to be shown in any language).
    pub fn message(&self) -> &Msg {
        &self.message
    }

    /// The detail in the current language.
    pub fn detail_shown(&self) -> String {
        self.message.shown()
    }

    /// The finding for people, in the current language: the reason's label with its code
    /// beside it, then the detail (`backing_file: …` in English, as [`fmt::Display`] writes
    /// it; `后备文件（backing_file）：…` in Chinese).
    pub fn shown(&self) -> String {
        crate::tr!(
            "inspect-finding",
            reason = crate::i18n::labels::unsafe_reason_named(self.reason),
            detail = self.detail_shown()
        )
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.reason, self.detail)
    }
}

/// The safety verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Verdict {
    /// Nothing unsafe was found.
    Safe,
    /// At least one unsafe finding.
    Unsafe {
        /// The findings, in the order they were made.
        reasons: Vec<Finding>,
    },
}

impl Verdict {
    /// True for [`Verdict::Safe`].
    pub fn is_safe(&self) -> bool {
        matches!(self, Verdict::Safe)
    }

    /// The findings (empty when safe).
    pub fn reasons(&self) -> &[Finding] {
        match self {
            Verdict::Safe => &[],
            Verdict::Unsafe { reasons } => reasons,
        }
    }

    /// True if a finding with this reason was made.
    pub fn has(&self, reason: UnsafeReason) -> bool {
        self.reasons().iter().any(|f| f.reason == reason)
    }
}

/// Everything the inspector learned about one file.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    /// The detected format.
    pub format: DiskFormatKind,
    /// e.g. `monolithicSparse`, `streamOptimized`, `dynamic`, `fixed`, `gpt`/`mbr` for raw.
    pub subformat: Option<String>,
    /// Guest-visible size in bytes, as `qemu-img info -f <format>` reports it.
    pub virtual_size: Option<u64>,
    /// Length of the inspected file (or of the inspected prefix, inside a wrapper).
    pub actual_size: u64,
    /// Cluster / grain / block size in bytes.
    pub cluster_size: Option<u64>,
    /// Format version.
    pub version: Option<String>,
    /// qcow2 compatibility level (`0.10` or `1.1`).
    pub compat: Option<String>,
    /// Feature bits and flags that are set, by name.
    pub features: Vec<String>,
    /// Backing (parent) file named by the image; never opened.
    pub backing_file: Option<String>,
    /// Declared format of the backing file.
    pub backing_format: Option<String>,
    /// External data file named by the image; never opened.
    pub data_file: Option<String>,
    /// VMDK extents as written in the descriptor (`RW 2048 FLAT "disk-flat.vmdk" 0`).
    pub extents: Vec<String>,
    /// Encryption method, if any (`aes`, `luks`, `luks1 aes-xts-plain64`).
    pub encrypted: Option<String>,
    /// qcow2 compression type (`zlib`, `zstd`).
    pub compression_type: Option<String>,
    /// Members of a tar/OVA archive (bounded list).
    pub members: Vec<String>,
    /// Every inspected disk member of a tar/OVA archive, in the order inspected (the disks the
    /// OVF references first, then other members with a disk extension; at most 64). The
    /// archive's verdict is the worst of theirs, each finding naming its member.
    pub disks: Vec<ArchiveDisk>,
    /// Informational remarks that are not unsafe findings, in English (what JSON carries).
    pub notes: Vec<String>,
    /// The same remarks as catalog messages, shown in the reader's language
    /// ([`Inspection::notes_shown`]).
    #[serde(skip)]
    note_messages: Vec<Msg>,
    /// What is inside a wrapper: the decompressed prefix of gz/xz/zst/bz2, or the first disk
    /// of a tar/OVA (the one Glance's OVA import uses; the others are in `disks`). A wrapper's
    /// `virtual_size` and declared-format checks are this inner image's.
    pub inner: Option<Box<Inspection>>,
    /// Safe, or unsafe with named reasons.
    pub verdict: Verdict,
}

impl Inspection {
    /// An empty report for `format` over `actual_size` bytes.
    pub(crate) fn new(format: DiskFormatKind, actual_size: u64) -> Self {
        Inspection {
            format,
            subformat: None,
            virtual_size: None,
            actual_size,
            cluster_size: None,
            version: None,
            compat: None,
            features: Vec::new(),
            backing_file: None,
            backing_format: None,
            data_file: None,
            extents: Vec::new(),
            encrypted: None,
            compression_type: None,
            members: Vec::new(),
            disks: Vec::new(),
            notes: Vec::new(),
            note_messages: Vec::new(),
            inner: None,
            verdict: Verdict::Safe,
        }
    }

    /// Records an unsafe finding (its English detail rendered from `message`).
    pub(crate) fn flag(&mut self, reason: UnsafeReason, message: Msg) {
        let finding = Finding::new(reason, message);
        match &mut self.verdict {
            Verdict::Safe => {
                self.verdict = Verdict::Unsafe {
                    reasons: vec![finding],
                }
            }
            Verdict::Unsafe { reasons } => {
                if !reasons.contains(&finding) {
                    reasons.push(finding);
                }
            }
        }
    }

    /// Records an informational note (its English text rendered from `message`).
    pub(crate) fn note(&mut self, message: Msg) {
        self.notes.push(message.english());
        self.note_messages.push(message);
    }

    /// The notes in the current language (the English ones where a note was added to
    /// `notes` directly, without its message).
    pub fn notes_shown(&self) -> Vec<String> {
        if self.note_messages.len() != self.notes.len() {
            return self.notes.clone();
        }
        self.note_messages.iter().map(Msg::shown).collect()
    }

    /// True when the verdict is safe.
    pub fn is_safe(&self) -> bool {
        self.verdict.is_safe()
    }

    /// The unsafe findings (empty when safe).
    pub fn reasons(&self) -> &[Finding] {
        self.verdict.reasons()
    }

    /// True if a finding with this reason was made.
    pub fn has_reason(&self, reason: UnsafeReason) -> bool {
        self.verdict.has(reason)
    }

    /// A short name: the format, plus the subformat in parentheses where it matters.
    fn short(&self) -> Msg {
        if self.format.is_wrapper() {
            return self.description();
        }
        match (&self.subformat, self.format) {
            (Some(sub), DiskFormatKind::Vmdk | DiskFormatKind::Vhd | DiskFormatKind::Raw) => {
                Msg::text(format!("{} ({sub})", self.format))
            }
            _ => Msg::text(self.format.to_string()),
        }
    }

    /// One line for people, in English: `qcow2 v3 (compat 1.1)`, `gzip-compressed qcow2`,
    /// `vmdk streamOptimized`, `raw (gpt)`, `OVA containing vmdk (streamOptimized)` (what
    /// JSON's `description` carries; [`Inspection::described`] is the same in the current
    /// language).
    pub fn describe(&self) -> String {
        self.description().english()
    }

    /// [`Inspection::describe`] in the current language, for display.
    pub fn described(&self) -> String {
        self.description().shown()
    }

    /// The description as a catalog message: only wrappers have words of their own, a disk
    /// format's description is its names and numbers.
    pub fn description(&self) -> Msg {
        let compressed = |compression: &str| match &self.inner {
            Some(i) => msg!(
                "inspect-describe-compressed",
                compression = compression,
                inner = i.short()
            ),
            None => msg!(
                "inspect-describe-compressed-data",
                compression = compression
            ),
        };
        let archive = |ova: bool| {
            let Some(i) = &self.inner else {
                return if ova {
                    msg!("inspect-describe-ova-empty")
                } else {
                    msg!("inspect-describe-tar-empty")
                };
            };
            match self.disks.len().saturating_sub(1) as u64 {
                0 if ova => msg!("inspect-describe-ova", inner = i.short()),
                0 => msg!("inspect-describe-tar", inner = i.short()),
                more if ova => msg!(
                    "inspect-describe-ova-more",
                    inner = i.short(),
                    more = super::msg::Arg::Count(more)
                ),
                more => msg!(
                    "inspect-describe-tar-more",
                    inner = i.short(),
                    more = super::msg::Arg::Count(more)
                ),
            }
        };
        match self.format {
            DiskFormatKind::Gzip
            | DiskFormatKind::Xz
            | DiskFormatKind::Zstd
            | DiskFormatKind::Bzip2 => compressed(self.format.as_str()),
            DiskFormatKind::Tar => archive(false),
            DiskFormatKind::Ova => archive(true),
            DiskFormatKind::Qcow2 => {
                let mut s = "qcow2".to_string();
                if let Some(v) = &self.version {
                    s.push_str(&format!(" v{v}"));
                }
                if let Some(c) = &self.compat {
                    s.push_str(&format!(" (compat {c})"));
                }
                Msg::text(s)
            }
            DiskFormatKind::Raw => Msg::text(match &self.subformat {
                Some(sub) => format!("raw ({sub})"),
                None => "raw".to_string(),
            }),
            _ => {
                let mut s = self.format.to_string();
                if let Some(sub) = &self.subformat {
                    s.push(' ');
                    s.push_str(sub);
                }
                if let Some(v) = &self.version {
                    s.push_str(&format!(" v{v}"));
                }
                Msg::text(s)
            }
        }
    }

    /// The Glance `disk_format` an upload of this file should declare (raw, qcow2, vmdk, vhd,
    /// vhdx, vdi, iso); `None` for qed, luks and wrappers.
    pub fn glance_disk_format(&self) -> Option<&'static str> {
        self.format.glance_disk_format()
    }

    /// Compares a declared Glance `disk_format` with the detected one. `ami`, `ari` and `aki`
    /// are raw images. Wrappers never match a disk format (see
    /// [`Inspection::check_declared_container`]).
    pub fn check_declared(&self, declared: &str) -> Option<Mismatch> {
        let d = declared.trim().to_ascii_lowercase();
        let matches = match self.glance_disk_format() {
            Some(expected) => {
                expected == d || (expected == "raw" && matches!(d.as_str(), "ami" | "ari" | "aki"))
            }
            None => false,
        };
        if matches {
            return None;
        }
        let inner_format = self.inner.as_ref().and_then(|i| i.glance_disk_format());
        let suggested_container = if self.format.is_compression() {
            Some("compressed")
        } else if self.format == DiskFormatKind::Ova {
            Some("ova")
        } else {
            None
        };
        Some(Mismatch {
            declared: declared.to_string(),
            detected: self.format,
            description: self.describe(),
            description_message: self.description(),
            suggested_disk_format: if self.format.is_wrapper() {
                inner_format
            } else {
                self.glance_disk_format()
            },
            suggested_container_format: suggested_container,
        })
    }

    /// Like [`Inspection::check_declared`], taking the container format into account: with
    /// `container_format=compressed` a compressed file is compared by its content, and with
    /// `ova` an OVA (or tar) by its first disk.
    pub fn check_declared_container(
        &self,
        disk_format: &str,
        container_format: &str,
    ) -> Option<Mismatch> {
        let c = container_format.trim().to_ascii_lowercase();
        let unwrap = (c == "compressed" && self.format.is_compression())
            || (c == "ova" && matches!(self.format, DiskFormatKind::Ova | DiskFormatKind::Tar));
        match (&self.inner, unwrap) {
            (Some(inner), true) => inner.check_declared_container(disk_format, "bare"),
            _ => self.check_declared(disk_format),
        }
    }
}

/// One inspected disk member of a tar/OVA archive.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveDisk {
    /// The member's name in the archive (escaped for display).
    pub name: String,
    /// The member's size in bytes, as its header declares it.
    pub size: u64,
    /// Where the member's data starts within the archive's bytes (a byte offset into the
    /// file for a plain tar/OVA; into the decompressed stream for a compressed one).
    pub offset: u64,
    /// What the member is.
    pub inspection: Inspection,
}

/// A declared `disk_format` that differs from the detected content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// What the caller declared.
    pub declared: String,
    /// What the content is.
    pub detected: DiskFormatKind,
    /// [`Inspection::describe`] of the content.
    pub description: String,
    /// The same description as a catalog message ([`Mismatch::shown`]).
    #[serde(skip)]
    description_message: Msg,
    /// The `disk_format` that fits the content, if Glance has one.
    pub suggested_disk_format: Option<&'static str>,
    /// The `container_format` that fits the content, for wrappers.
    pub suggested_container_format: Option<&'static str>,
}

impl Mismatch {
    /// The mismatch as a catalog message: the English one is [`fmt::Display`]'s text.
    pub fn message(&self) -> Msg {
        let head = msg!(
            "inspect-mismatch",
            declared = self.declared.as_str(),
            description = self.description_message.clone()
        );
        match (self.suggested_disk_format, self.suggested_container_format) {
            (Some(d), Some(c)) => msg!(
                "inspect-mismatch-declare-both",
                mismatch = head,
                disk_format = d,
                container_format = c
            ),
            (Some(d), None) => msg!(
                "inspect-mismatch-declare-disk",
                mismatch = head,
                disk_format = d
            ),
            (None, Some(c)) => msg!(
                "inspect-mismatch-use-container",
                mismatch = head,
                container_format = c
            ),
            (None, None) => msg!("inspect-mismatch-no-disk-format", mismatch = head),
        }
    }

    /// The mismatch in the current language.
    pub fn shown(&self) -> String {
        self.message().shown()
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "declared disk_format '{}' but the content is {}",
            self.declared, self.description
        )?;
        match (self.suggested_disk_format, self.suggested_container_format) {
            (Some(d), Some(c)) => write!(
                f,
                " (declare disk_format '{d}' with container_format '{c}')"
            ),
            (Some(d), None) => write!(f, " (declare disk_format '{d}')"),
            (None, Some(c)) => write!(f, " (use container_format '{c}')"),
            (None, None) => write!(f, " (Glance has no disk_format for it)"),
        }
    }
}
