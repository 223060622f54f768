//! MBR and GPT partition tables of raw disks, with the same validity rules as Glance's inspector
//! (oslo.utils `GPTInspector`): every boot flag is 0x00 or 0x80, at least one partition is
//! defined, and a GPT protective MBR (type 0xEE) is the only partition, starts at CHS 0/2/0 and
//! LBA 1. A FAT volume boot record (two FATs, fixed-disk media byte) is not a partition table.
//! The GPT header itself is read for the report (its CRC is checked but only noted).

use std::io;

use super::bytes::{has_at, le16, le32, le64, u8_or0, usize_sat};
use super::model::{Inspection, UnsafeReason};
use super::msg::{Msg, msg};
use super::source::Source;

/// Which kind of partition table a disk carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    /// DOS/MBR partitions.
    Mbr,
    /// A protective MBR followed by a GPT.
    Gpt,
}

impl Table {
    /// `mbr` or `gpt`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Table::Mbr => "mbr",
            Table::Gpt => "gpt",
        }
    }
}

fn is_fat_vbr(head: &[u8]) -> bool {
    u8_or0(head, 0x10) == 2 && u8_or0(head, 0x15) == 0xf8
}

/// Detects an MBR signature (not a FAT boot record) and whether it protects a GPT.
pub(crate) fn probe(head: &[u8]) -> Option<Table> {
    if le16(head, 510) != Some(0xaa55) || is_fat_vbr(head) {
        return None;
    }
    let gpt = (0..4).any(|i| u8_or0(head, 446 + 16 * i + 4) == 0xee);
    Some(if gpt { Table::Gpt } else { Table::Mbr })
}

/// Checks the MBR like Glance does, records findings (when `flag` is set, else notes) and
/// summarises the GPT header.
pub(crate) fn check(
    src: &mut Source,
    head: &[u8],
    table: Table,
    flag: bool,
    r: &mut Inspection,
) -> io::Result<()> {
    let mut problems: Vec<Msg> = Vec::new();
    let mut valid: Vec<usize> = Vec::new();
    let mut parts: Vec<Msg> = Vec::new();
    for i in 0..4usize {
        let pte = 446 + 16 * i;
        let boot = u8_or0(head, pte);
        let kind = u8_or0(head, pte + 4);
        let start = le32(head, pte + 8).unwrap_or(0);
        let sectors = le32(head, pte + 12).unwrap_or(0);
        if boot != 0 && boot != 0x80 {
            problems.push(msg!(
                "inspect-mbr-boot-flag",
                entry = i,
                flag = format!("{boot:#04x}")
            ));
        }
        if kind != 0 {
            valid.push(i);
            parts.push(msg!(
                "inspect-mbr-partition",
                number = i + 1,
                kind = format!("{kind:#04x}"),
                start = start,
                sectors = sectors
            ));
        }
        if kind == 0xee {
            let chs = (
                u8_or0(head, pte + 1),
                u8_or0(head, pte + 2),
                u8_or0(head, pte + 3),
            );
            if chs != (0, 2, 0) {
                problems.push(msg!("inspect-gpt-protective-chs", entry = i));
            }
            if start != 1 {
                problems.push(msg!("inspect-gpt-protective-lba", entry = i, lba = start));
            }
        }
    }
    if table == Table::Gpt && valid != [0] {
        problems.push(msg!("inspect-gpt-protective-others"));
    }
    if valid.is_empty() {
        problems.push(msg!("inspect-mbr-no-partitions"));
    }
    if !parts.is_empty() {
        r.note(msg!(
            "inspect-note-partitions",
            table = table.as_str(),
            partitions = parts
        ));
    }
    for p in problems {
        if flag {
            r.flag(UnsafeReason::InvalidPartitionTable, p);
        } else {
            r.note(p);
        }
    }
    if table == Table::Gpt {
        gpt_header(src, head, r)?;
    }
    Ok(())
}

fn gpt_header(src: &mut Source, head: &[u8], r: &mut Inspection) -> io::Result<()> {
    let Some(sector) = [512usize, 4096]
        .into_iter()
        .find(|&s| has_at(head, s, b"EFI PART"))
    else {
        r.note(msg!("inspect-note-gpt-header-missing"));
        return Ok(());
    };
    let hdr = super::bytes::slice(head, sector, 92);
    let size = usize_sat(u64::from(le32(hdr, 12).unwrap_or(0)));
    let stored_crc = le32(hdr, 16).unwrap_or(0);
    if (92..=sector).contains(&size) {
        let mut copy = super::bytes::slice(head, sector, size).to_vec();
        if let Some(c) = copy.get_mut(16..20) {
            c.fill(0);
        }
        let mut crc = flate2::Crc::new();
        crc.update(&copy);
        if crc.sum() != stored_crc {
            r.note(msg!("inspect-note-gpt-crc"));
        }
    }
    let entries_lba = le64(hdr, 72).unwrap_or(0);
    let count = le32(hdr, 80).unwrap_or(0);
    let entry_size = le32(hdr, 84).unwrap_or(0);
    let bytes = u64::from(count)
        .saturating_mul(u64::from(entry_size))
        .min(64 << 10);
    let table = src.read(entries_lba.saturating_mul(sector as u64), usize_sat(bytes))?;
    let used = if entry_size >= 16 {
        table
            .chunks_exact(usize_sat(u64::from(entry_size)))
            .filter(|e| e.get(..16).is_some_and(|t| t.iter().any(|&b| b != 0)))
            .count()
    } else {
        0
    };
    r.note(msg!(
        "inspect-note-gpt",
        used = used,
        count = count,
        sector = sector
    ));
    Ok(())
}
