//! VMDK text descriptors: detection the way qemu's `vmdk_open` sees them (any file without a
//! sparse magic is read as a NUL-terminated descriptor of at most 1 MiB - 1), and parsing of
//! `createType`, extent lines and `parentFileNameHint` the way qemu parses them.

use std::io;

use super::bytes::printable;
use super::source::Source;

/// qemu reads at most this much descriptor text (`vmdk_read_desc`).
pub(crate) const DESC_MAX: usize = (1 << 20) - 1;
/// qemu looks for `parentFileNameHint` in this many bytes (`DESC_SIZE`).
pub(crate) const PARENT_SCAN: usize = 20 * 512;

/// One extent line of a descriptor.
#[derive(Debug, Clone)]
pub(crate) struct Extent {
    /// The line as written (trimmed).
    pub line: String,
    /// `RW`, `RDONLY` or `NOACCESS`.
    pub access: String,
    /// Size in sectors.
    pub sectors: i64,
    /// `FLAT`, `SPARSE`, `ZERO`, `VMFS`, ...
    pub kind: String,
    /// The extent file name, if the line has one.
    pub file: Option<String>,
}

impl Extent {
    /// True if qemu would open this extent (`vmdk_parse_extents`).
    pub(crate) fn followed_by_qemu(&self) -> bool {
        self.access == "RW"
            && self.sectors > 0
            && self.file.is_some()
            && matches!(
                self.kind.as_str(),
                "FLAT" | "SPARSE" | "VMFS" | "VMFSSPARSE" | "SESPARSE"
            )
    }
}

/// The parts of a descriptor the inspector needs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Descriptor {
    /// `createType` as qemu extracts it.
    pub create_type: Option<String>,
    /// Extent lines.
    pub extents: Vec<Extent>,
    /// `parentFileNameHint`, which makes qemu open a backing file.
    pub parent_hint: Option<String>,
}

/// Cuts `b` at its first NUL byte, like a C string.
pub(crate) fn c_str(b: &[u8]) -> &[u8] {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    b.get(..end).unwrap_or(b)
}

/// qemu's `vmdk_probe` text rule: blank and comment lines, then `version=1|2|3`.
fn qemu_probe(text: &[u8]) -> bool {
    for line in text.split(|&c| c == b'\n') {
        let t = line.strip_suffix(b"\r").unwrap_or(line);
        if t.first() == Some(&b'#') || t.iter().all(|&c| c == b' ') {
            continue;
        }
        return matches!(t, b"version=1" | b"version=2" | b"version=3");
    }
    false
}

/// Returns the descriptor text if the file (which has no sparse magic) reads as a VMDK text
/// descriptor: it names a `createType` (what qemu requires) or passes qemu's probe.
pub(crate) fn probe(src: &mut Source, head: &[u8]) -> io::Result<Option<Vec<u8>>> {
    let text = if head.contains(&0) || (head.len() as u64) >= src.len() {
        c_str(head).to_vec()
    } else {
        let all = src.read(0, DESC_MAX)?;
        c_str(&all).to_vec()
    };
    let has_create = text.windows(10).any(|w| w == b"createType");
    Ok((has_create || qemu_probe(&text)).then_some(text))
}

/// Extracts a `key="value"` the way qemu's `vmdk_parse_description` does: first occurrence of
/// the key anywhere, skip two characters, read up to the next quote.
fn qemu_value(text: &[u8], key: &[u8], max: usize) -> Option<String> {
    let pos = text.windows(key.len()).position(|w| w == key)?;
    let start = pos.checked_add(key.len())?.checked_add(2)?;
    let rest = text.get(start..)?;
    let end = rest.iter().position(|&c| c == b'"')?;
    (end < max).then(|| printable(rest.get(..end).unwrap_or(&[]), max))
}

fn parse_extent(line: &str) -> Option<Extent> {
    let mut it = line.split_whitespace();
    let access = it.next()?.to_string();
    if !["RW", "RDONLY", "NOACCESS"].contains(&access.to_ascii_uppercase().as_str()) {
        return None;
    }
    let sectors = it.next()?.parse::<i64>().ok()?;
    let kind = it.next().unwrap_or("").to_string();
    let file = line.find('"').and_then(|a| {
        let rest = line.get(a + 1..)?;
        rest.find('"')
            .and_then(|b| rest.get(..b))
            .map(|f| printable(f.as_bytes(), 511))
    });
    Some(Extent {
        line: printable(line.as_bytes(), 600),
        access,
        sectors,
        kind,
        file,
    })
}

/// Parses descriptor text (already cut at its NUL).
pub(crate) fn parse(text: &[u8]) -> Descriptor {
    let s = String::from_utf8_lossy(text);
    let extents = s
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .filter_map(parse_extent)
        .take(4096)
        .collect();
    let parent_scan = text.get(..PARENT_SCAN.min(text.len())).unwrap_or(text);
    Descriptor {
        create_type: qemu_value(text, b"createType", 128),
        extents,
        parent_hint: qemu_value(parent_scan, b"parentFileNameHint", 4096),
    }
}
