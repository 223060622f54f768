//! tar archives and OVA packages (a tar with an `.ovf` descriptor and disks). Member headers are
//! walked with bounded reads (ustar, GNU long names, PAX paths and sizes, base-256 sizes), and
//! an archive is as safe as its worst member:
//! - every member's name is checked: an absolute name or a `..` component is
//!   `archive_path_escape`, a symbolic or hard link (typeflag `2`, `1`) is `archive_link`;
//! - every disk member (the files the OVF references, in its order, then any other member with
//!   a disk extension) is inspected in place as a window of the archive, at most
//!   [`MAX_DISKS`] of them, each within the per-format bounds; more disks, or more than
//!   [`MAX_MEMBERS`] headers, is `too_many_members`;
//! - an archive without a disk member is `no_disk`: there is nothing to inspect.
//!
//! The report's `inner` is the first disk (the one Glance's OVA import takes), so the
//! archive's virtual size and declared-format checks are that disk's; `disks` lists them all,
//! and each finding names the member it came from.

use std::io;

use super::bytes::{printable, slice, u8_or0, usize_sat};
use super::model::{ArchiveDisk, DiskFormatKind, Inspection, UnsafeReason};
use super::msg::{Msg, msg};
use super::source::Source;
use super::{InspectOptions, detect};

/// Member headers walked at most.
const MAX_MEMBERS: usize = 1024;
/// Members listed in the report at most.
const MAX_LISTED: usize = 64;
/// Disk members inspected at most.
pub(crate) const MAX_DISKS: usize = 64;
/// Longest member name read from a GNU long-name member or a PAX header (longer is refused).
const MAX_NAME: usize = 64 << 10;
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

/// The bytes before the first NUL.
fn cbytes(b: &[u8]) -> &[u8] {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    b.get(..end).unwrap_or(&[])
}

/// Values a PAX extended header sets for the next member.
#[derive(Default)]
struct Pax {
    path: Option<Vec<u8>>,
    linkpath: Option<Vec<u8>>,
    size: Option<u64>,
}

/// Parses PAX records (`"<len> <key>=<value>\n"`, the length counting the whole record).
/// Stops at the first malformed record.
fn parse_pax(data: &[u8]) -> Pax {
    let mut pax = Pax::default();
    let mut rest = data;
    while let Some(sp) = rest.iter().position(|&b| b == b' ') {
        let len = std::str::from_utf8(rest.get(..sp).unwrap_or(&[]))
            .ok()
            .and_then(|t| t.parse::<usize>().ok());
        let Some(record) = len.filter(|&l| l > sp + 1).and_then(|l| rest.get(..l)) else {
            break;
        };
        let body = record.get(sp + 1..).unwrap_or(&[]);
        let body = body.strip_suffix(b"\n").unwrap_or(body);
        if let Some(eq) = body.iter().position(|&b| b == b'=') {
            let (key, value) = (
                body.get(..eq).unwrap_or(&[]),
                body.get(eq + 1..).unwrap_or(&[]),
            );
            match key {
                b"path" => pax.path = Some(value.to_vec()),
                b"linkpath" => pax.linkpath = Some(value.to_vec()),
                b"size" => pax.size = std::str::from_utf8(value).ok().and_then(|v| v.parse().ok()),
                _ => {}
            }
        }
        rest = rest.get(record.len()..).unwrap_or(&[]);
    }
    pax
}

/// Why a member name would leave the extraction folder, if it would.
fn escapes(name: &[u8]) -> Option<Msg> {
    if name.first() == Some(&b'/') {
        Some(msg!("inspect-tar-absolute"))
    } else if name.split(|&b| b == b'/').any(|c| c == b"..") {
        Some(msg!("inspect-tar-dotdot"))
    } else {
        None
    }
}

struct Member {
    name: String,
    size: u64,
    data: u64,
    regular: bool,
}

/// Walks the member headers, flagging unsafe names and links as it goes.
fn walk(src: &mut Source, r: &mut Inspection) -> io::Result<Vec<Member>> {
    let mut members = Vec::new();
    let mut off = 0u64;
    let mut long_name: Option<Vec<u8>> = None;
    let mut long_link: Option<Vec<u8>> = None;
    let mut pax = Pax::default();
    let mut headers = 0usize;
    loop {
        let h = src.read(off, 512)?;
        if h.len() < 512 {
            if src.complete() {
                r.flag(
                    UnsafeReason::Truncated,
                    msg!("inspect-tar-header-cut", offset = off),
                );
            } else {
                r.note(msg!("inspect-tar-note-continues", offset = off));
            }
            break;
        }
        if h.iter().all(|&b| b == 0) {
            break;
        }
        if headers >= MAX_MEMBERS {
            r.flag(
                UnsafeReason::TooManyMembers,
                msg!(
                    "inspect-tar-too-many-headers",
                    cap = MAX_MEMBERS,
                    offset = off
                ),
            );
            break;
        }
        headers += 1;
        if !checksum_ok(&h) {
            r.flag(
                UnsafeReason::InvalidHeader,
                msg!("inspect-tar-bad-checksum", offset = off),
            );
            break;
        }
        let kind = u8_or0(&h, 156);
        let size = match (kind, pax.size) {
            (b'x' | b'g', _) | (_, None) => parse_num(slice(&h, 124, 12)).unwrap_or(0),
            (_, Some(s)) => s,
        };
        let data = off.saturating_add(512);
        match kind {
            b'L' => {
                long_name = Some(cbytes(&src.read(data, usize_sat(size).min(MAX_NAME))?).to_vec())
            }
            b'K' => {
                long_link = Some(cbytes(&src.read(data, usize_sat(size).min(MAX_NAME))?).to_vec())
            }
            b'x' => pax = parse_pax(&src.read(data, usize_sat(size).min(MAX_NAME))?),
            b'g' => {}
            _ => {
                let mut raw = cbytes(slice(&h, 0, 100)).to_vec();
                let prefix = cbytes(slice(&h, 345, 155));
                if slice(&h, 257, 5) == b"ustar" && !prefix.is_empty() {
                    raw = [prefix, b"/", &raw].concat();
                }
                let raw = pax.path.take().or(long_name.take()).unwrap_or(raw);
                let name = printable(&raw, 4096);
                if let Some(why) = escapes(&raw) {
                    r.flag(
                        UnsafeReason::ArchivePathEscape,
                        msg!("inspect-tar-escape", name = format!("{name:?}"), why = why),
                    );
                } else if raw.len() >= MAX_NAME {
                    r.flag(
                        UnsafeReason::ArchivePathEscape,
                        msg!("inspect-tar-name-too-long", bytes = MAX_NAME),
                    );
                }
                if matches!(kind, b'1' | b'2') {
                    let target = pax
                        .linkpath
                        .take()
                        .or(long_link.take())
                        .unwrap_or_else(|| cbytes(slice(&h, 157, 100)).to_vec());
                    let target = format!("{:?}", printable(&target, 4096));
                    let name = format!("{name:?}");
                    let link = if kind == b'2' {
                        msg!("inspect-tar-symlink", name = name, target = target)
                    } else {
                        msg!("inspect-tar-hardlink", name = name, target = target)
                    };
                    r.flag(UnsafeReason::ArchiveLink, link);
                }
                members.push(Member {
                    name,
                    size,
                    data,
                    regular: matches!(kind, 0 | b'0' | b'7'),
                });
                pax = Pax::default();
                long_name = None;
                long_link = None;
            }
        }
        if src.complete() && data.saturating_add(size) > src.len() {
            r.flag(
                UnsafeReason::Truncated,
                msg!("inspect-tar-member-beyond", offset = data, size = size),
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

/// The disk members, in inspection order: the files the OVF references (matched by base
/// name), then other regular members with a disk extension; each once.
fn disk_members<'m>(members: &'m [Member], refs: &[String]) -> Vec<&'m Member> {
    let base = |n: &str| n.rsplit('/').next().unwrap_or(n).to_string();
    let mut disks: Vec<&Member> = Vec::new();
    let by_ref = refs.iter().filter_map(|f| {
        members
            .iter()
            .find(|m| m.regular && base(&m.name) == base(f))
    });
    let by_ext = members
        .iter()
        .filter(|m| m.regular && DISK_EXTS.contains(&ext(&m.name).as_str()));
    for m in by_ref.chain(by_ext) {
        if !disks.iter().any(|d| std::ptr::eq(*d, m)) {
            disks.push(m);
        }
    }
    disks
}

/// Inspects a tar archive (or OVA) and every disk member in it.
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
    let disks = disk_members(&members, &refs);
    if disks.is_empty() {
        let what = if ovf.is_some() {
            msg!("inspect-tar-word-ova")
        } else {
            msg!("inspect-tar-word-tar")
        };
        let found = if src.complete() {
            msg!("inspect-tar-no-disk", what = what)
        } else {
            msg!("inspect-tar-no-disk-prefix", what = what)
        };
        r.flag(UnsafeReason::NoDisk, found);
        return Ok(r);
    }
    if disks.len() > MAX_DISKS {
        r.flag(
            UnsafeReason::TooManyMembers,
            msg!(
                "inspect-tar-too-many-disks",
                count = disks.len(),
                cap = MAX_DISKS
            ),
        );
    }
    for disk in disks.into_iter().take(MAX_DISKS) {
        r.note(msg!(
            "inspect-tar-note-member",
            name = format!("{:?}", disk.name),
            bytes = disk.size
        ));
        let mut sub = src.sub(disk.data, disk.size);
        let inner = detect::inspect_source(&mut sub, opts, depth.saturating_add(1))?;
        for f in inner.reasons() {
            r.flag(
                f.reason,
                msg!(
                    "inspect-in-member",
                    name = format!("{:?}", disk.name),
                    format = inner.format.as_str(),
                    detail = f.message().clone()
                ),
            );
        }
        r.disks.push(ArchiveDisk {
            name: disk.name.clone(),
            size: disk.size,
            offset: disk.data,
            inspection: inner,
        });
    }
    r.inner = r.disks.first().map(|d| Box::new(d.inspection.clone()));
    Ok(r)
}
