//! Interim readers the orchestration needs: a minimal MBR/GPT partition-table reader (to be
//! replaced by `partition.rs`'s `read_partition_table`, which has the same shape, when the
//! block branch lands) and the locator of an archive's disk member.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;

use super::fs::{PartDev, le};
use super::report::{GuestFinding, PartitionTableKind};
use crate::convert::inspect::Inspection;

/// One partition.
#[derive(Debug, Clone)]
pub struct PartitionEntry {
    /// 1-based number (logical MBR partitions from 5).
    pub number: u32,
    /// Byte offset.
    pub start: u64,
    /// Length in bytes.
    pub size: u64,
    /// The table's type for it.
    pub type_name: String,
}

/// A disk's partition table.
#[derive(Debug, Clone, Default)]
pub struct PartitionTable {
    /// MBR, GPT or none.
    pub kind: Option<PartitionTableKind>,
    /// The partitions.
    pub entries: Vec<PartitionEntry>,
    /// The MBR holds boot code (a BIOS boot loader).
    pub mbr_boot_code: bool,
    /// A GPT BIOS boot partition exists.
    pub bios_boot_partition: bool,
    /// Damaged or hostile structures.
    pub findings: Vec<GuestFinding>,
}

const MAX_GPT_ENTRIES: u64 = 256;
const MAX_LOGICAL: u32 = 128;

fn guid(b: &[u8]) -> String {
    format!(
        "{:08X}-{:04X}-{:04X}-{:04X}-{:012X}",
        le(b, 0, 4),
        le(b, 4, 2),
        le(b, 6, 2),
        super::fs::be(b, 8, 2),
        super::fs::be(b, 10, 6)
    )
}

fn gpt_type_name(g: &str) -> String {
    match g {
        "C12A7328-F81F-11D2-BA4B-00A0C93EC93B" => "EFI System",
        "21686148-6449-6E6F-744E-656564454649" => "BIOS boot",
        "0FC63DAF-8483-4772-8E79-3D69D8477DE4" => "Linux filesystem",
        "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709" => "Linux root (x86-64)",
        "B921B045-1DF0-41C3-AF44-4C6F280D3FAE" => "Linux root (ARM-64)",
        "BC13C2FF-59E6-4262-A352-B275FD6F7172" => "Linux extended boot",
        "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F" => "Linux swap",
        "E6D6D379-F507-44C2-A23C-238F2A3DF928" => "Linux LVM",
        "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7" => "Microsoft basic data",
        "E3C9E316-0B5C-4DB8-817D-F92DF00215AE" => "Microsoft reserved",
        "DE94BBA4-06D1-4D40-A16A-BFD50179D6AC" => "Windows recovery environment",
        _ => return g.to_string(),
    }
    .to_string()
}

/// Reads the MBR (with its extended chain) or the GPT.
pub fn read_partition_table(dev: &PartDev) -> PartitionTable {
    let mut t = PartitionTable::default();
    let Some(mbr) = dev.read_vec(0, 512) else {
        return t;
    };
    if mbr.get(510..512) != Some(&[0x55, 0xaa]) {
        return t;
    }
    let parts: Vec<(u8, u64, u64)> = (0..4)
        .map(|i| {
            let e = 446 + i * 16;
            (
                mbr.get(e + 4).copied().unwrap_or(0),
                le(&mbr, e + 8, 4),
                le(&mbr, e + 12, 4),
            )
        })
        .collect();
    // A FAT or NTFS boot sector also ends in 55 AA: a table needs sane entries.
    if parts.iter().all(|p| p.0 == 0) {
        return t;
    }
    t.mbr_boot_code = mbr.get(..440).is_some_and(|b| b.iter().any(|&c| c != 0));
    if parts.iter().any(|p| p.0 == 0xee) {
        read_gpt(dev, &mut t);
        return t;
    }
    t.kind = Some(PartitionTableKind::Mbr);
    for (i, &(ty, lba, n)) in parts.iter().enumerate() {
        if ty == 0 || n == 0 {
            continue;
        }
        if matches!(ty, 0x05 | 0x0f | 0x85) {
            read_logical(dev, lba, &mut t);
            continue;
        }
        t.entries.push(PartitionEntry {
            number: i as u32 + 1,
            start: lba.saturating_mul(512),
            size: n.saturating_mul(512),
            type_name: format!("0x{ty:02x}"),
        });
    }
    t
}

fn read_logical(dev: &PartDev, ext_lba: u64, t: &mut PartitionTable) {
    let mut ebr = ext_lba;
    let mut seen = Vec::new();
    for n in 0..MAX_LOGICAL {
        if seen.contains(&ebr) {
            t.findings.push(GuestFinding {
                code: "loop".into(),
                message: "the extended partition chain loops; stopped there".into(),
            });
            return;
        }
        seen.push(ebr);
        let Some(b) = dev.read_vec(ebr.saturating_mul(512), 512) else {
            return;
        };
        if b.get(510..512) != Some(&[0x55, 0xaa]) {
            return;
        }
        let ty = b.get(446 + 4).copied().unwrap_or(0);
        if ty != 0 {
            t.entries.push(PartitionEntry {
                number: 5 + n,
                start: ebr.saturating_add(le(&b, 446 + 8, 4)).saturating_mul(512),
                size: le(&b, 446 + 12, 4).saturating_mul(512),
                type_name: format!("0x{ty:02x}"),
            });
        }
        let next = le(&b, 462 + 8, 4);
        if next == 0 {
            return;
        }
        ebr = ext_lba.saturating_add(next);
    }
}

fn read_gpt(dev: &PartDev, t: &mut PartitionTable) {
    t.kind = Some(PartitionTableKind::Gpt);
    let Some(h) = dev.read_vec(512, 512) else {
        return;
    };
    if h.get(..8) != Some(b"EFI PART") {
        t.findings.push(GuestFinding {
            code: "unreadable".into(),
            message: "a protective MBR without a GPT header".into(),
        });
        return;
    }
    let lba = le(&h, 72, 8);
    let count = le(&h, 80, 4).min(MAX_GPT_ENTRIES);
    let esz = le(&h, 84, 4);
    if !(128..=4096).contains(&esz) {
        return;
    }
    let Some(raw) = dev.read_vec(lba.saturating_mul(512), (count * esz) as usize) else {
        return;
    };
    for i in 0..count as usize {
        let e = raw
            .get(i * esz as usize..(i + 1) * esz as usize)
            .unwrap_or_default();
        let ty = e.get(..16).unwrap_or_default();
        if ty.iter().all(|&b| b == 0) {
            continue;
        }
        let (first, last) = (le(e, 32, 8), le(e, 40, 8));
        let name = gpt_type_name(&guid(ty));
        if name == "BIOS boot" {
            t.bios_boot_partition = true;
        }
        t.entries.push(PartitionEntry {
            number: i as u32 + 1,
            start: first.saturating_mul(512),
            size: last
                .saturating_sub(first)
                .saturating_add(1)
                .saturating_mul(512),
            type_name: name,
        });
    }
}

fn tar_num(f: &[u8]) -> u64 {
    if f.first().is_some_and(|b| b & 0x80 != 0) {
        return f.iter().skip(1).fold(0u64, |v, &b| {
            v.saturating_mul(256).saturating_add(u64::from(b))
        });
    }
    f.iter()
        .skip_while(|&&b| b == b' ')
        .take_while(|b| (b'0'..=b'7').contains(b))
        .fold(0u64, |v, &b| {
            v.saturating_mul(8).saturating_add(u64::from(b - b'0'))
        })
}

fn tar_str(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(b.get(..end).unwrap_or_default()).into_owned()
}

/// The (offset, size) of the disk member the safety inspector inspected (named in its
/// `inspected member "…"` note), found by walking the archive's headers.
pub fn tar_member(file: &File, insp: &Inspection) -> io::Result<Option<(u64, u64)>> {
    let Some(quoted) = insp.notes.iter().find_map(|n| {
        let rest = n.strip_prefix("inspected member ")?;
        Some(rest.rsplit_once(" (")?.0.to_string())
    }) else {
        return Ok(None);
    };
    let len = file.metadata()?.len();
    let mut off = 0u64;
    let mut long: Option<String> = None;
    let mut h = [0u8; 512];
    for _ in 0..1024 {
        if off.saturating_add(512) > len {
            break;
        }
        file.read_exact_at(&mut h, off)?;
        if h.iter().all(|&b| b == 0) {
            break;
        }
        let size = tar_num(&h[124..136]);
        let data = off + 512;
        let mut name = tar_str(&h[0..100]);
        let prefix = tar_str(&h[345..500]);
        if &h[257..262] == b"ustar" && !prefix.is_empty() {
            name = format!("{prefix}/{name}");
        }
        let small = |n: u64| n.min(64 << 10) as usize;
        match h[156] {
            b'L' => {
                let mut b = vec![0u8; small(size)];
                file.read_exact_at(&mut b, data)?;
                long = Some(tar_str(&b));
            }
            b'x' => {
                let mut b = vec![0u8; small(size)];
                file.read_exact_at(&mut b, data)?;
                let text = String::from_utf8_lossy(&b).into_owned();
                long = text
                    .lines()
                    .find_map(|l| l.split_once(" path=").map(|(_, p)| p.to_string()))
                    .or(long);
            }
            b'g' => {}
            _ => {
                let name = long.take().unwrap_or(name);
                if format!("{name:?}") == quoted && data.saturating_add(size) <= len {
                    return Ok(Some((data, size)));
                }
            }
        }
        off = data.saturating_add(size.div_ceil(512).saturating_mul(512));
    }
    Ok(None)
}
