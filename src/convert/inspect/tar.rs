//! tar archives and OVA packages (a tar with an `.ovf` descriptor and disks). Member headers are
//! walked with bounded reads (ustar, GNU long names, PAX paths, base-256 sizes); the first disk
//! (the first file the OVF references, else the first file with a disk extension) is inspected
//! in place as a window of the archive.

use std::io;

use super::bytes::{printable, slice, u8_or0, usize_sat};
use super::compressed::propagate;
use super::model::{DiskFormatKind, Inspection, UnsafeReason};
use super::source::Source;
use super::{InspectOptions, detect};

/// Members walked at most.
const MAX_MEMBERS: usize = 1024;
/// Members listed in the report at most.
const MAX_LISTED: usize = 64;
const DISK_EXTS: [&str; 9] = [
    "vmdk", "qcow2", "img", "raw", "vhd", "vhdx", "vdi", "iso", "qed",
];

fn parse_num(field: &[u8]) -> Option<u64> {
    if u8_or0(field, 0) & 0x80 != 0 {
        let mut v: u64 = u64::from(u8_or0(field, 0) & 0x7f);
        for &b in field.get(1..).unwrap_or(&[]) {
            v = v.checked_mul(256)?.checked_add(u64::from(b))?;
        }
        return Some(v);
    }
    let s: Vec<u8> = field
        .iter()
        .copied()
        .skip_while(|&b| b == b' ')
        .take_while(|&b| (b'0'..=b'7').contains(&b))
        .collect();
    if s.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(std::str::from_utf8(&s).ok()?, 8).ok()
}

fn checksum_ok(h: &[u8]) -> bool {
    if h.len() < 512 {
        return false;
    }
    let sum: u64 = h
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if (148..156).contains(&i) {
                32
            } else {
                u64::from(b)
            }
        })
        .sum();
    parse_num(slice(h, 148, 8)) == Some(sum)
}

/// True for a ustar/GNU tar header with a valid checksum.
pub(crate) fn probe(head: &[u8]) -> bool {
    infer::archive::is_tar(head) && checksum_ok(slice(head, 0, 512))
}

fn cstr(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    printable(b.get(..end).unwrap_or(&[]), 4096)
}

struct Member {
    name: String,
    size: u64,
    data: u64,
    regular: bool,
}

fn walk(src: &mut Source, r: &mut Inspection) -> io::Result<Vec<Member>> {
    let mut members = Vec::new();
    let mut off = 0u64;
    let mut long_name: Option<String> = None;
    for _ in 0..MAX_MEMBERS {
        let h = src.read(off, 512)?;
        if h.len() < 512 {
            if src.complete() {
                r.flag(
                    UnsafeReason::Truncated,
                    format!("tar archive ends inside a header at offset {off}"),
                );
            }
            break;
        }
        if h.iter().all(|&b| b == 0) {
            break;
        }
        if !checksum_ok(&h) {
            r.note(format!(
                "tar header at offset {off} has a bad checksum; stopped there"
            ));
            break;
        }
        let size = parse_num(slice(&h, 124, 12)).unwrap_or(0);
        let kind = u8_or0(&h, 156);
        let data = off.saturating_add(512);
        let mut name = cstr(slice(&h, 0, 100));
        let prefix = cstr(slice(&h, 345, 155));
        if slice(&h, 257, 5) == b"ustar" && !prefix.is_empty() {
            name = format!("{prefix}/{name}");
        }
        match kind {
            b'L' => long_name = Some(cstr(&src.read(data, usize_sat(size).min(4096))?)),
            b'x' => {
                let pax = src.read(data, usize_sat(size).min(64 << 10))?;
                let text = String::from_utf8_lossy(&pax);
                long_name = text
                    .lines()
                    .find_map(|l| {
                        l.split_once(" path=")
                            .map(|(_, p)| printable(p.as_bytes(), 4096))
                    })
                    .or(long_name);
            }
            b'g' => {}
            _ => members.push(Member {
                name: long_name.take().unwrap_or(name),
                size,
                data,
                regular: matches!(kind, 0 | b'0' | b'7'),
            }),
        }
        if src.complete() && data.saturating_add(size) > src.len() {
            r.flag(
                UnsafeReason::Truncated,
                format!("tar member at offset {data} ({size} bytes) extends beyond the end of the archive"),
            );
            break;
        }
        off = data.saturating_add(size.div_ceil(512).saturating_mul(512));
    }
    Ok(members)
}

fn ext(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// File names the OVF descriptor references, in order (`ovf:href="..."`).
fn ovf_refs(ovf: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(ovf);
    text.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next().map(str::to_string))
        .collect()
}

/// Inspects a tar archive (or OVA) and its first disk.
pub(crate) fn inspect(
    src: &mut Source,
    opts: &InspectOptions,
    depth: u32,
) -> io::Result<Inspection> {
    let mut r = Inspection::new(DiskFormatKind::Tar, src.len());
    let members = walk(src, &mut r)?;
    r.members = members
        .iter()
        .take(MAX_LISTED)
        .map(|m| m.name.clone())
        .collect();
    let ovf = members.iter().find(|m| m.regular && ext(&m.name) == "ovf");
    let mut refs = Vec::new();
    if let Some(o) = ovf {
        r.format = DiskFormatKind::Ova;
        refs = ovf_refs(&src.read(o.data, usize_sat(o.size).min(256 << 10))?);
    }
    let base = |n: &str| n.rsplit('/').next().unwrap_or(n).to_string();
    let disk = refs
        .iter()
        .find_map(|f| {
            members
                .iter()
                .find(|m| m.regular && base(&m.name) == base(f))
        })
        .or_else(|| {
            members
                .iter()
                .find(|m| m.regular && DISK_EXTS.contains(&ext(&m.name).as_str()))
        });
    let Some(disk) = disk else {
        r.note("no disk image found among the members");
        return Ok(r);
    };
    r.note(format!(
        "inspected member {:?} ({} bytes)",
        disk.name, disk.size
    ));
    let mut sub = src.sub(disk.data, disk.size);
    let inner = detect::inspect_source(&mut sub, opts, depth.saturating_add(1))?;
    propagate(&mut r, &inner);
    r.inner = Some(Box::new(inner));
    Ok(r)
}
