//! What a guest inspection found, and the Glance properties it suggests.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::convert::inspect::{DiskFormatKind, Msg};

/// The partition table of the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PartitionTableKind {
    /// DOS/MBR (with extended/logical partitions).
    Mbr,
    /// GUID partition table.
    Gpt,
}

/// A filesystem or volume kind as found on a partition (or on the whole disk).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FsKind {
    /// ext2, ext3 or ext4.
    Ext,
    /// XFS.
    Xfs,
    /// FAT12/16/32 (EFI system partitions).
    Fat,
    /// NTFS.
    Ntfs,
    /// ISO 9660.
    Iso9660,
    /// btrfs (named, not read).
    Btrfs,
    /// An LVM physical volume (named, not read).
    Lvm,
    /// A LUKS encrypted volume (named, not read).
    Luks,
    /// Linux swap.
    Swap,
    /// Nothing recognised.
    Unknown,
}

impl FsKind {
    /// The kind as people name it ("ext2/3/4", "XFS", "LVM", …).
    pub fn name(self) -> &'static str {
        match self {
            FsKind::Ext => "ext2/3/4",
            FsKind::Xfs => "XFS",
            FsKind::Fat => "FAT",
            FsKind::Ntfs => "NTFS",
            FsKind::Iso9660 => "ISO 9660",
            FsKind::Btrfs => "btrfs",
            FsKind::Lvm => "LVM",
            FsKind::Luks => "LUKS",
            FsKind::Swap => "swap",
            FsKind::Unknown => "unknown",
        }
    }
}

/// One partition (or the whole disk when there is no partition table).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartitionReport {
    /// 1-based partition number (0 for a whole disk without a table).
    pub number: u32,
    /// Byte offset on the virtual disk.
    pub start: u64,
    /// Length in bytes.
    pub size: u64,
    /// The table's type for it ("EFI System", "Linux filesystem", "BIOS boot", "0x83", …).
    pub type_name: String,
    /// What its content is.
    pub fs: FsKind,
    /// The filesystem label, when read.
    pub label: Option<String>,
    /// True when the filesystem was read (false for kinds named only, or when reading failed).
    pub read: bool,
}

/// The guest operating system's family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OsFamily {
    /// Linux.
    Linux,
    /// Microsoft Windows.
    Windows,
    /// FreeBSD and friends.
    Bsd,
}

/// The operating system found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OsReport {
    /// The family.
    pub family: OsFamily,
    /// The libosinfo short id Glance's `os_distro` documents (ubuntu, debian, fedora, centos,
    /// rhel, rocky, almalinux, opensuse, sles, windows, cirros, …).
    pub distro: Option<String>,
    /// A human name (os-release PRETTY_NAME, the Windows ProductName).
    pub name: Option<String>,
    /// The version (os-release VERSION_ID, Windows CurrentMajorVersion.Minor or build).
    pub version: Option<String>,
    /// The codename (VERSION_CODENAME), when there is one.
    pub codename: Option<String>,
    /// The guest file it was read from (`/etc/os-release`, …).
    pub source: String,
}

/// The firmware the guest boots with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Firmware {
    /// A BIOS boot loader (MBR boot code, or a BIOS boot partition on GPT).
    Bios,
    /// An EFI system partition with a boot loader.
    Uefi,
    /// Both (hybrid images boot either way).
    Both,
}

/// The root filesystem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RootReport {
    /// The partition number it is on.
    pub partition: u32,
    /// Its kind.
    pub fs: FsKind,
    /// Bytes in use (from the filesystem's own counters).
    pub used_bytes: u64,
    /// Its size.
    pub size_bytes: u64,
}

/// Something worth telling that is not an OS fact: a filesystem named but not read, a
/// hostile structure stopped, the read budget reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuestFinding {
    /// A stable snake_case code (`not_read`, `loop`, `too_large`, `budget`, `unreadable`, …).
    pub code: String,
    /// One line for a person, in English (what JSON carries).
    pub message: String,
    /// The same line as a catalog message, shown in the reader's language
    /// (see [`crate::convert::inspect::Msg`]).
    #[serde(skip)]
    text: Msg,
}

impl GuestFinding {
    /// A finding whose English `message` is `text` rendered in English.
    pub fn new(code: impl Into<String>, text: Msg) -> Self {
        GuestFinding {
            code: code.into(),
            message: text.english(),
            text,
        }
    }

    /// The finding in the current language.
    pub fn shown(&self) -> String {
        self.text.shown()
    }
}

/// The whole result of a guest inspection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GuestReport {
    /// The disk format the guest data was read through.
    pub format: DiskFormatKind,
    /// The virtual disk size.
    pub virtual_size: u64,
    /// The partition table, if any.
    pub partition_table: Option<PartitionTableKind>,
    /// Partitions (or the whole disk as number 0).
    pub partitions: Vec<PartitionReport>,
    /// The operating system, when one was found.
    pub os: Option<OsReport>,
    /// The guest architecture in Glance's `architecture` vocabulary (x86_64, aarch64, i686,
    /// ppc64le, s390x, armv7l, riscv64).
    pub architecture: Option<String>,
    /// Boot firmware.
    pub firmware: Option<Firmware>,
    /// cloud-init (Linux) or cloudbase-init (Windows) installed.
    pub cloud_init: bool,
    /// The QEMU guest agent installed.
    pub qemu_guest_agent: bool,
    /// Windows only: virtio drivers (viostor/vioscsi/netkvm) installed.
    pub virtio_drivers: Option<bool>,
    /// Installed kernels (`vmlinuz-*` names / module directories), newest last.
    pub kernels: Vec<String>,
    /// The root filesystem.
    pub root: Option<RootReport>,
    /// Everything else worth saying.
    pub findings: Vec<GuestFinding>,
    /// Bytes read from the image file.
    pub bytes_read: u64,
}

impl GuestReport {
    /// A report of a disk in which nothing has been found yet.
    pub fn new(format: DiskFormatKind, virtual_size: u64) -> Self {
        GuestReport {
            format,
            virtual_size,
            partition_table: None,
            partitions: Vec::new(),
            os: None,
            architecture: None,
            firmware: None,
            cloud_init: false,
            qemu_guest_agent: false,
            virtio_drivers: None,
            kernels: Vec::new(),
            root: None,
            findings: Vec::new(),
            bytes_read: 0,
        }
    }
}

/// How a suggested property relates to the image's current value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
    /// The image already has this value.
    Same,
    /// The image has no value for the key.
    New,
    /// The image has another value, and the disk's is only better informed (os_version
    /// 22.04 vs 22, a missing firmware type…).
    Differs,
    /// The image's value contradicts its content (os_distro=centos on an Ubuntu disk, another
    /// architecture or os_type): shown as a warning, and `push` warns before sending.
    Conflict,
}

/// One suggested property beside the image's current value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PropertySuggestion {
    /// The Glance property key.
    pub key: String,
    /// The image's value now.
    pub current: Option<String>,
    /// The value the disk's content suggests.
    pub suggested: String,
    /// How they relate.
    pub kind: SuggestionKind,
}

/// A map of Glance property keys to values.
pub type Properties = BTreeMap<String, String>;
