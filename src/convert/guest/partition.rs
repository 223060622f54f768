//! The guest disk's partition table: MBR (with the extended/logical chain) or GPT (header and
//! entry CRCs checked, the backup header used when the primary is damaged), plus the two BIOS
//! boot signs firmware detection needs (boot code in the MBR, a BIOS boot partition).
//!
//! Bounded: at most [`MAX_GPT_ENTRIES`] GPT entries and [`MAX_LOGICAL`] logical partitions are
//! read (a finding says when more are declared); the logical chain stops at a loop. A read
//! that fails (the budget, a damaged image) ends the walk with a finding, keeping what was
//! found.

use std::collections::BTreeSet;

use super::device::BlockDevice;
use super::report::{GuestFinding, PartitionTableKind};
use crate::convert::inspect::{Msg, msg};

/// GPT entries read at most (128 is what every partitioner writes).
pub const MAX_GPT_ENTRIES: u32 = 256;
/// Logical partitions followed at most in an MBR extended partition.
pub const MAX_LOGICAL: u32 = 128;

const CRC32: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);

/// One partition as the table declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionEntry {
    /// 1-based number (MBR logical partitions start at 5, as Linux numbers them).
    pub number: u32,
    /// Byte offset on the virtual disk.
    pub start: u64,
    /// Length in bytes.
    pub size: u64,
    /// The table's type for it, by name ("EFI System", "Linux filesystem", "0x83 Linux", …);
    /// an unknown GPT type is its GUID, an unknown MBR type its hex byte.
    pub type_name: String,
    /// The GPT type GUID (upper-case text), when GPT.
    pub type_guid: Option<String>,
    /// The MBR type byte, when MBR.
    pub mbr_type: Option<u8>,
    /// The GPT partition name, when GPT and not empty.
    pub name: Option<String>,
    /// MBR active flag (0x80).
    pub bootable: bool,
}

impl PartitionEntry {
    /// An EFI system partition (GPT type or MBR 0xef).
    pub fn is_esp(&self) -> bool {
        self.type_guid.as_deref() == Some(ESP) || self.mbr_type == Some(0xef)
    }
}

/// What the partition table of a disk says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PartitionTable {
    /// MBR, GPT, or none found.
    pub kind: Option<PartitionTableKind>,
    /// The partitions, in table order (logical MBR partitions after the primaries).
    pub entries: Vec<PartitionEntry>,
    /// The first 440 bytes of sector 0 hold boot code (a BIOS boot loader such as GRUB's
    /// boot.img), with an MBR signature.
    pub mbr_boot_code: bool,
    /// A GPT BIOS boot partition (GRUB's core.img on GPT) exists.
    pub bios_boot_partition: bool,
    /// The sector size the GPT was found with (512 or 4096); 512 for MBR.
    pub sector_size: u64,
    /// Damaged or suspicious structures, caps reached, reads that failed.
    pub findings: Vec<GuestFinding>,
}

const ESP: &str = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";
const BIOS_BOOT: &str = "21686148-6449-6E6F-744E-656564454649";

/// GPT type GUIDs and their names (the util-linux names for the common ones).
const GPT_TYPES: &[(&str, &str)] = &[
    (ESP, "EFI System"),
    (BIOS_BOOT, "BIOS boot"),
    ("0FC63DAF-8483-4772-8E79-3D69D8477DE4", "Linux filesystem"),
    ("0657FD6D-A4AB-43C4-84E5-0933C84B4F4F", "Linux swap"),
    ("E6D6D379-F507-44C2-A23C-238F2A3DF928", "Linux LVM"),
    ("A19D880F-05FC-4D3B-A006-743F0F84911E", "Linux RAID"),
    ("CA7D7CCB-63ED-4C53-861C-1742536059CC", "Linux LUKS"),
    (
        "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709",
        "Linux root (x86-64)",
    ),
    (
        "B921B045-1DF0-41C3-AF44-4C6F280D3FAE",
        "Linux root (ARM-64)",
    ),
    ("44479540-F297-41B2-9AF7-D131D5F0458A", "Linux root (x86)"),
    ("69DAD710-2CE4-4E3C-B16C-21A1D49ABED3", "Linux root (ARM)"),
    (
        "72EC70A6-CF74-40E6-BD49-4BDA08E8F224",
        "Linux root (RISC-V-64)",
    ),
    (
        "1DE3F1EF-FA98-47B5-8DCD-4A860A654D78",
        "Linux root (PPC64LE)",
    ),
    ("5DFBF5F4-2848-4BAC-AA5E-0D9A20B745A6", "Linux root (s390x)"),
    (
        "8484680C-9521-48C6-9C11-B0720656F69E",
        "Linux /usr (x86-64)",
    ),
    (
        "B0E01050-EE5F-4390-949A-9101B17104E9",
        "Linux /usr (ARM-64)",
    ),
    (
        "BC13C2FF-59E6-4262-A352-B275FD6F7172",
        "Linux extended boot",
    ),
    ("933AC7E1-2EB4-4F13-B844-0E14E2AEF915", "Linux home"),
    (
        "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7",
        "Microsoft basic data",
    ),
    ("E3C9E316-0B5C-4DB8-817D-F92DF00215AE", "Microsoft reserved"),
    (
        "DE94BBA4-06D1-4D40-A16A-BFD50179D6AC",
        "Windows recovery environment",
    ),
    (
        "5808C8AA-7E8F-42E0-85D2-E1E90434CFB3",
        "Microsoft LDM metadata",
    ),
    ("AF9B60A0-1431-4F62-BC68-3311714A69AD", "Microsoft LDM data"),
    ("516E7CB4-6ECF-11D6-8FF8-00022D09712B", "FreeBSD data"),
    ("83BD6B9D-7F41-11DC-BE0B-001560B84F0F", "FreeBSD boot"),
    ("516E7CBA-6ECF-11D6-8FF8-00022D09712B", "FreeBSD ZFS"),
    ("516E7CB6-6ECF-11D6-8FF8-00022D09712B", "FreeBSD UFS"),
    (
        "6A898CC3-1DD2-11B2-99A6-080020736631",
        "Solaris /usr & Apple ZFS",
    ),
    ("48465300-0000-11AA-AA11-00306543ECAC", "Apple HFS/HFS+"),
];

/// The name of an MBR partition type byte (fdisk's names for the common ones).
fn mbr_type_name(t: u8) -> String {
    let name = match t {
        0x01 => "FAT12",
        0x04 => "FAT16 <32M",
        0x05 => "Extended",
        0x06 => "FAT16",
        0x07 => "HPFS/NTFS/exFAT",
        0x0b => "W95 FAT32",
        0x0c => "W95 FAT32 (LBA)",
        0x0e => "W95 FAT16 (LBA)",
        0x0f => "W95 Ext'd (LBA)",
        0x11 => "Hidden FAT12",
        0x17 => "Hidden HPFS/NTFS",
        0x27 => "Hidden NTFS WinRE",
        0x42 => "SFS / Windows dynamic",
        0x82 => "Linux swap / Solaris",
        0x83 => "Linux",
        0x85 => "Linux extended",
        0x8e => "Linux LVM",
        0xa5 => "FreeBSD",
        0xa6 => "OpenBSD",
        0xa9 => "NetBSD",
        0xee => "GPT",
        0xef => "EFI (FAT-12/16/32)",
        0xfd => "Linux raid autodetect",
        _ => return format!("{t:#04x}"),
    };
    format!("{t:#04x} {name}")
}

fn is_extended(t: u8) -> bool {
    matches!(t, 0x05 | 0x0f | 0x85)
}

fn finding(code: &str, message: Msg) -> GuestFinding {
    GuestFinding::new(code, message)
}

fn le16(b: &[u8], off: usize) -> u16 {
    b.get(off..off + 2)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u16::from_le_bytes)
}

fn le32(b: &[u8], off: usize) -> u32 {
    b.get(off..off + 4)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

fn le64(b: &[u8], off: usize) -> u64 {
    b.get(off..off + 8)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// A GUID in its usual text form from its mixed-endian on-disk bytes.
fn guid_text(b: &[u8]) -> String {
    let g = |i: usize| b.get(i).copied().unwrap_or(0);
    format!(
        "{:08X}-{:04X}-{:04X}-{:02X}{:02X}-{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}",
        le32(b, 0),
        le16(b, 4),
        le16(b, 6),
        g(8),
        g(9),
        g(10),
        g(11),
        g(12),
        g(13),
        g(14),
        g(15)
    )
}

/// A FAT volume boot record in sector 0 (a whole-disk FAT filesystem, not a partition table).
fn is_fat_vbr(s: &[u8]) -> bool {
    s.get(0x10) == Some(&2) && s.get(0x15) == Some(&0xf8) && s.get(0x0b..0x0d) == Some(&[0, 2])
}

/// Reads the partition table of `dev`.
pub fn read_partition_table(dev: &mut dyn BlockDevice) -> PartitionTable {
    let mut t = PartitionTable {
        sector_size: 512,
        ..PartitionTable::default()
    };
    let mut mbr = [0u8; 512];
    if dev.size() < 512 {
        return t;
    }
    if let Err(e) = dev.read_exact_at(0, &mut mbr) {
        t.findings.push(finding(
            "unreadable",
            msg!("inspect-guest-table-unreadable", error = e.to_string()),
        ));
        return t;
    }
    if le16(&mbr, 510) != 0xaa55 || is_fat_vbr(&mbr) {
        // No MBR; a GPT without a protective MBR is still looked for (as Linux does not, but
        // a report that names it is more useful than silence).
        if read_gpt(dev, &mut t) {
            t.findings.push(finding(
                "no_protective_mbr",
                msg!("inspect-guest-no-protective-mbr"),
            ));
        }
        return t;
    }
    t.mbr_boot_code = mbr.get(..440).is_some_and(|c| c.iter().any(|&b| b != 0));
    let protective = (0..4).any(|i| mbr.get(446 + 16 * i + 4) == Some(&0xee));
    if protective {
        if !read_gpt(dev, &mut t) {
            t.findings
                .push(finding("gpt_missing", msg!("inspect-guest-gpt-missing")));
        }
        return t;
    }
    read_mbr(dev, &mbr, &mut t);
    t
}

fn read_mbr(dev: &mut dyn BlockDevice, mbr: &[u8], t: &mut PartitionTable) {
    t.kind = Some(PartitionTableKind::Mbr);
    let disk = dev.size();
    let mut extended = None;
    for i in 0..4u32 {
        let e = mbr
            .get(446 + 16 * i as usize..462 + 16 * i as usize)
            .unwrap_or(&[]);
        let kind = e.get(4).copied().unwrap_or(0);
        let start = u64::from(le32(e, 8)) * 512;
        let size = u64::from(le32(e, 12)) * 512;
        if kind == 0 || size == 0 {
            continue;
        }
        if is_extended(kind) {
            if extended.is_none() {
                extended = Some(start);
            } else {
                t.findings.push(finding(
                    "mbr_invalid",
                    msg!("inspect-guest-second-extended", number = i + 1),
                ));
            }
        }
        push_mbr(t, i + 1, e, start, size, disk);
    }
    if let Some(ext) = extended {
        read_logical(dev, ext, t);
    }
}

fn push_mbr(t: &mut PartitionTable, number: u32, e: &[u8], start: u64, size: u64, disk: u64) {
    let kind = e.get(4).copied().unwrap_or(0);
    if start.saturating_add(size) > disk {
        t.findings.push(finding(
            "partition_past_end",
            msg!(
                "inspect-guest-past-end",
                number = number,
                start = start,
                size = size,
                disk = disk
            ),
        ));
    }
    t.entries.push(PartitionEntry {
        number,
        start,
        size,
        type_name: mbr_type_name(kind),
        type_guid: None,
        mbr_type: Some(kind),
        name: None,
        bootable: e.first() == Some(&0x80),
    });
}

/// Follows the chain of extended boot records from the extended partition at `ext`.
fn read_logical(dev: &mut dyn BlockDevice, ext: u64, t: &mut PartitionTable) {
    let disk = dev.size();
    let mut seen = BTreeSet::new();
    let mut ebr_at = ext;
    let mut number = 5u32;
    loop {
        if !seen.insert(ebr_at) {
            t.findings.push(finding(
                "loop",
                msg!("inspect-guest-logical-loop", offset = ebr_at),
            ));
            return;
        }
        if number >= 5 + MAX_LOGICAL {
            t.findings.push(finding(
                "too_many",
                msg!("inspect-guest-too-many-logical", cap = MAX_LOGICAL),
            ));
            return;
        }
        let mut ebr = [0u8; 512];
        if ebr_at.saturating_add(512) > disk {
            t.findings.push(finding(
                "mbr_invalid",
                msg!("inspect-guest-ebr-past-end", offset = ebr_at),
            ));
            return;
        }
        if let Err(e) = dev.read_exact_at(ebr_at, &mut ebr) {
            t.findings.push(finding(
                "unreadable",
                msg!(
                    "inspect-guest-ebr-unreadable",
                    offset = ebr_at,
                    error = e.to_string()
                ),
            ));
            return;
        }
        if le16(&ebr, 510) != 0xaa55 {
            t.findings.push(finding(
                "mbr_invalid",
                msg!("inspect-guest-ebr-no-signature", offset = ebr_at),
            ));
            return;
        }
        let first = ebr.get(446..462).unwrap_or(&[]);
        let (kind, rel, sectors) = (
            first.get(4).copied().unwrap_or(0),
            u64::from(le32(first, 8)),
            u64::from(le32(first, 12)),
        );
        if kind != 0 && sectors != 0 {
            // The logical partition starts relative to its own EBR.
            let start = ebr_at.saturating_add(rel * 512);
            push_mbr(t, number, first, start, sectors * 512, disk);
            number += 1;
        }
        let next = ebr.get(462..478).unwrap_or(&[]);
        let next_rel = u64::from(le32(next, 8));
        if next.get(4).copied().unwrap_or(0) == 0 || next_rel == 0 {
            return;
        }
        // The next EBR is relative to the extended partition's start.
        ebr_at = ext.saturating_add(next_rel * 512);
    }
}

/// Looks for a GPT at LBA 1 with 512-byte then 4096-byte sectors, then at the backup location.
/// True when one was read.
fn read_gpt(dev: &mut dyn BlockDevice, t: &mut PartitionTable) -> bool {
    for sector in [512u64, 4096] {
        let primary = gpt_header(dev, sector, sector, t);
        let header = match primary {
            Some(h) => Some(h),
            None => {
                // The backup header is in the disk's last sector.
                let last = (dev.size() / sector).saturating_sub(1) * sector;
                let backup = gpt_header(dev, last, sector, t);
                if backup.is_some() {
                    t.findings
                        .push(finding("gpt_damaged", msg!("inspect-guest-gpt-backup")));
                }
                backup
            }
        };
        if let Some(h) = header {
            t.kind = Some(PartitionTableKind::Gpt);
            t.sector_size = sector;
            gpt_entries(dev, &h, sector, t);
            return true;
        }
    }
    false
}

/// A GPT header with its signature at `at`; a CRC mismatch is a finding (and the header is
/// not used).
fn gpt_header(
    dev: &mut dyn BlockDevice,
    at: u64,
    sector: u64,
    t: &mut PartitionTable,
) -> Option<Vec<u8>> {
    if at.saturating_add(sector) > dev.size() || at == 0 {
        return None;
    }
    let mut h = vec![0u8; 512];
    dev.read_exact_at(at, &mut h).ok()?;
    if h.get(..8) != Some(b"EFI PART") {
        return None;
    }
    let hsize = usize::try_from(le32(&h, 12)).unwrap_or(0);
    if !(92..=512).contains(&hsize) {
        t.findings.push(finding(
            "gpt_damaged",
            msg!("inspect-guest-gpt-header-size", offset = at, size = hsize),
        ));
        return None;
    }
    let mut d = CRC32.digest();
    d.update(h.get(..16).unwrap_or(&[]));
    d.update(&[0; 4]);
    d.update(h.get(20..hsize).unwrap_or(&[]));
    if d.finalize() != le32(&h, 16) {
        t.findings.push(finding(
            "gpt_crc",
            msg!("inspect-guest-gpt-header-crc", offset = at),
        ));
        return None;
    }
    Some(h)
}

fn gpt_entries(dev: &mut dyn BlockDevice, h: &[u8], sector: u64, t: &mut PartitionTable) {
    let disk = dev.size();
    let lba = le64(h, 72);
    let declared = le32(h, 80);
    let esize = u64::from(le32(h, 84));
    if !(128..=4096).contains(&esize) || !esize.is_power_of_two() {
        t.findings.push(finding(
            "gpt_damaged",
            msg!("inspect-guest-gpt-entry-size", size = esize),
        ));
        return;
    }
    let count = declared.min(MAX_GPT_ENTRIES);
    if declared > MAX_GPT_ENTRIES {
        t.findings.push(finding(
            "too_many",
            msg!(
                "inspect-guest-gpt-too-many",
                count = declared,
                cap = MAX_GPT_ENTRIES
            ),
        ));
    }
    let bytes = u64::from(count) * esize;
    let at = lba.saturating_mul(sector);
    if at.saturating_add(bytes) > disk {
        t.findings.push(finding(
            "gpt_damaged",
            msg!("inspect-guest-gpt-array-past-end", offset = at),
        ));
        return;
    }
    // At most 256 × 4096 bytes = 1 MiB.
    let mut array = vec![0u8; usize::try_from(bytes).unwrap_or(0)];
    if let Err(e) = dev.read_exact_at(at, &mut array) {
        t.findings.push(finding(
            "unreadable",
            msg!("inspect-guest-gpt-array-unreadable", error = e.to_string()),
        ));
        return;
    }
    if declared <= MAX_GPT_ENTRIES && CRC32.checksum(&array) != le32(h, 88) {
        t.findings
            .push(finding("gpt_crc", msg!("inspect-guest-gpt-array-crc")));
    }
    for (i, e) in array
        .chunks_exact(usize::try_from(esize).unwrap_or(128))
        .enumerate()
    {
        let type_bytes = e.get(..16).unwrap_or(&[]);
        if type_bytes.iter().all(|&b| b == 0) {
            continue;
        }
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let first = le64(e, 32);
        let last = le64(e, 40);
        if last < first {
            t.findings.push(finding(
                "gpt_damaged",
                msg!("inspect-guest-gpt-backwards", number = number),
            ));
            continue;
        }
        let start = first.saturating_mul(sector);
        let size = (last - first).saturating_add(1).saturating_mul(sector);
        if start.saturating_add(size) > disk {
            t.findings.push(finding(
                "partition_past_end",
                msg!(
                    "inspect-guest-past-end",
                    number = number,
                    start = start,
                    size = size,
                    disk = disk
                ),
            ));
        }
        let guid = guid_text(type_bytes);
        let type_name = GPT_TYPES
            .iter()
            .find(|(g, _)| *g == guid)
            .map_or_else(|| guid.clone(), |(_, n)| (*n).to_string());
        let units: Vec<u16> = e
            .get(56..128)
            .unwrap_or(&[])
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|&u| u != 0)
            .collect();
        let name = String::from_utf16_lossy(&units);
        if guid == BIOS_BOOT {
            t.bios_boot_partition = true;
        }
        t.entries.push(PartitionEntry {
            number,
            start,
            size,
            type_name,
            type_guid: Some(guid),
            mbr_type: None,
            name: (!name.is_empty()).then_some(name),
            bootable: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_text_is_mixed_endian() {
        let esp = [
            0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11, 0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e,
            0xc9, 0x3b,
        ];
        assert_eq!(guid_text(&esp), ESP);
        assert_eq!(mbr_type_name(0x83), "0x83 Linux");
        assert_eq!(mbr_type_name(0x42), "0x42 SFS / Windows dynamic");
        assert_eq!(mbr_type_name(0x99), "0x99");
    }
}
