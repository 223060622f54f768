//! qemu-img's format names: the typed `-f`/`-O` value every driver call names, and its mapping
//! to and from Glance's `disk_format`.

use std::fmt;
use std::str::FromStr;

use super::error::{QemuImgError, Result};

/// A qemu block-driver format, named as qemu-img names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QemuFormat {
    /// Plain bytes (Glance `raw`, also `iso` and `ami`).
    Raw,
    /// QEMU copy-on-write v2/v3.
    Qcow2,
    /// The legacy QEMU copy-on-write v1 (read-only use; no Glance name).
    Qcow,
    /// VMware VMDK.
    Vmdk,
    /// Microsoft VHD (Glance `vhd`).
    Vpc,
    /// Microsoft VHDX.
    Vhdx,
    /// VirtualBox VDI.
    Vdi,
    /// QEMU enhanced disk; Glance rejects it always, the driver never writes it.
    Qed,
    /// LUKS-encrypted raw; needs a key secret the driver does not pass, never written.
    Luks,
    /// Parallels / Virtuozzo `ploop` (Glance `ploop`).
    Parallels,
}

impl QemuFormat {
    /// Every format the enum knows.
    pub const ALL: [QemuFormat; 10] = [
        Self::Raw,
        Self::Qcow2,
        Self::Qcow,
        Self::Vmdk,
        Self::Vpc,
        Self::Vhdx,
        Self::Vdi,
        Self::Qed,
        Self::Luks,
        Self::Parallels,
    ];

    /// The name qemu-img uses for `-f` / `-O`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Raw => "raw",
            Self::Qcow2 => "qcow2",
            Self::Qcow => "qcow",
            Self::Vmdk => "vmdk",
            Self::Vpc => "vpc",
            Self::Vhdx => "vhdx",
            Self::Vdi => "vdi",
            Self::Qed => "qed",
            Self::Luks => "luks",
            Self::Parallels => "parallels",
        }
    }

    /// The qemu format for a Glance `disk_format`: `vhd` → `vpc`, `ploop` → `parallels`,
    /// `iso` and `ami` → `raw` (qemu reads both as plain bytes). `aki`/`ari` (kernel and ramdisk
    /// blobs, not disks) and unknown names give `None`.
    pub fn from_glance_disk_format(disk_format: &str) -> Option<Self> {
        Some(match disk_format {
            "raw" | "iso" | "ami" => Self::Raw,
            "qcow2" => Self::Qcow2,
            "vmdk" => Self::Vmdk,
            "vhd" => Self::Vpc,
            "vhdx" => Self::Vhdx,
            "vdi" => Self::Vdi,
            "ploop" => Self::Parallels,
            _ => return None,
        })
    }

    /// The Glance `disk_format` for this qemu format (`vpc` → `vhd`), `None` for formats Glance
    /// has no name for (`qcow`, `qed`, `luks`).
    pub fn to_glance_disk_format(self) -> Option<&'static str> {
        Some(match self {
            Self::Raw => "raw",
            Self::Qcow2 => "qcow2",
            Self::Vmdk => "vmdk",
            Self::Vpc => "vhd",
            Self::Vhdx => "vhdx",
            Self::Vdi => "vdi",
            Self::Parallels => "ploop",
            Self::Qcow | Self::Qed | Self::Luks => return None,
        })
    }

    /// Whether the driver writes this format (`convert` target, `create`): raw, qcow2, vmdk,
    /// vpc, vhdx and vdi.
    pub fn is_writable(self) -> bool {
        matches!(
            self,
            Self::Raw | Self::Qcow2 | Self::Vmdk | Self::Vpc | Self::Vhdx | Self::Vdi
        )
    }
}

impl fmt::Display for QemuFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for QemuFormat {
    type Err = QemuImgError;

    /// Parse a qemu-img format name (`vpc`, not `vhd`; see
    /// [`QemuFormat::from_glance_disk_format`] for Glance names).
    fn from_str(name: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|format| format.as_str() == name)
            .ok_or_else(|| QemuImgError::InvalidOptions {
                reason: format!("unknown qemu format {name:?}"),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glance_names_round_trip() {
        for name in ["raw", "qcow2", "vmdk", "vhd", "vhdx", "vdi", "ploop"] {
            let format = QemuFormat::from_glance_disk_format(name);
            assert_eq!(
                format.and_then(QemuFormat::to_glance_disk_format),
                Some(name)
            );
        }
        assert_eq!(
            QemuFormat::from_glance_disk_format("vhd"),
            Some(QemuFormat::Vpc)
        );
        assert_eq!(
            QemuFormat::from_glance_disk_format("iso"),
            Some(QemuFormat::Raw)
        );
        assert_eq!(QemuFormat::from_glance_disk_format("aki"), None);
        assert_eq!(QemuFormat::Vpc.to_glance_disk_format(), Some("vhd"));
        assert_eq!(QemuFormat::Qed.to_glance_disk_format(), None);
    }

    #[test]
    fn qemu_names_parse() {
        for format in QemuFormat::ALL {
            assert_eq!(format.as_str().parse::<QemuFormat>().ok(), Some(format));
        }
        assert!("vhd".parse::<QemuFormat>().is_err());
    }
}
