//! Windows facts from an NTFS system volume: the version from the SOFTWARE registry hive
//! (a small bounded regf reader of our own — `nt-hive`, the kept crate, is GPL-2.0 and this
//! project is Apache-2.0), the architecture from ntoskrnl.exe's PE header, virtio drivers,
//! the QEMU guest agent and cloudbase-init.

use super::fs::{Guest, le};
use super::os::{note_err, pe_arch};
use super::report::{GuestFinding, OsFamily, OsReport};
use crate::convert::inspect::msg;

const HIVE: &str = "/Windows/System32/config/SOFTWARE";
/// Cells visited in one hive at most.
const MAX_CELLS: usize = 4096;
/// The largest cell read.
const MAX_CELL: usize = 64 << 10;

/// What a Windows system volume says.
#[derive(Debug, Clone)]
pub struct WindowsFacts {
    /// The version (always set: "Windows, version unknown" when the hive is unreadable).
    pub os: OsReport,
    /// The architecture.
    pub architecture: Option<String>,
    /// viostor/vioscsi/netkvm present.
    pub virtio_drivers: bool,
    /// qemu-ga present.
    pub qemu_guest_agent: bool,
    /// cloudbase-init present.
    pub cloudbase_init: bool,
}

/// True when the volume holds a Windows installation.
pub fn is_windows(g: &mut Guest) -> bool {
    g.exists("/Windows/System32")
}

struct Hive<'a> {
    g: &'a mut Guest,
    cells: usize,
}

enum Value {
    Text(String),
    Dword(u32),
}

impl Hive<'_> {
    /// The data of the cell at `off` (hive-bin relative).
    fn cell(&mut self, off: u32) -> Option<Vec<u8>> {
        self.cells += 1;
        if self.cells > MAX_CELLS || off == u32::MAX {
            return None;
        }
        let at = 0x1000 + u64::from(off);
        let mut size = [0u8; 4];
        self.g.read_at(HIVE, at, &mut size).ok()?;
        let size = i32::from_le_bytes(size).unsigned_abs() as usize;
        if !(8..=MAX_CELL).contains(&size) {
            return None;
        }
        let mut buf = vec![0u8; size - 4];
        let n = self.g.read_at(HIVE, at + 4, &mut buf).ok()?;
        buf.truncate(n);
        Some(buf)
    }

    fn nk_name(nk: &[u8]) -> String {
        let len = le(nk, 0x48, 2) as usize;
        let raw = nk.get(0x4c..0x4c + len).unwrap_or_default();
        if le(nk, 2, 2) & 0x20 != 0 {
            String::from_utf8_lossy(raw).into_owned()
        } else {
            utf16(raw)
        }
    }

    /// Offsets of the subkeys listed by the list cell at `off` (lf, lh, li, ri).
    fn subkeys(&mut self, off: u32, depth: u32, out: &mut Vec<u32>) {
        let Some(list) = self.cell(off) else { return };
        let count = le(&list, 2, 2) as usize;
        match list.get(..2) {
            Some(b"lf" | b"lh") => {
                out.extend((0..count).map(|i| le(&list, 4 + i * 8, 4) as u32));
            }
            Some(b"li") => out.extend((0..count).map(|i| le(&list, 4 + i * 4, 4) as u32)),
            Some(b"ri") if depth < 2 => {
                for i in 0..count {
                    self.subkeys(le(&list, 4 + i * 4, 4) as u32, depth + 1, out);
                }
            }
            _ => {}
        }
    }

    fn child(&mut self, nk: &[u8], name: &str) -> Option<Vec<u8>> {
        let mut offs = Vec::new();
        self.subkeys(le(nk, 0x1c, 4) as u32, 0, &mut offs);
        for o in offs {
            let c = self.cell(o)?;
            if c.get(..2) == Some(b"nk") && Hive::nk_name(&c).eq_ignore_ascii_case(name) {
                return Some(c);
            }
        }
        None
    }

    fn value(&mut self, nk: &[u8], name: &str) -> Option<Value> {
        let count = (le(nk, 0x24, 4) as usize).min(1024);
        let list = self.cell(le(nk, 0x28, 4) as u32)?;
        for i in 0..count {
            let vk = self.cell(le(&list, i * 4, 4) as u32)?;
            if vk.get(..2) != Some(b"vk") {
                continue;
            }
            let nlen = le(&vk, 2, 2) as usize;
            let raw = vk.get(0x14..0x14 + nlen).unwrap_or_default();
            let vname = if le(&vk, 0x10, 2) & 1 != 0 {
                String::from_utf8_lossy(raw).into_owned()
            } else {
                utf16(raw)
            };
            if !vname.eq_ignore_ascii_case(name) {
                continue;
            }
            let size = le(&vk, 4, 4) as u32;
            let inline = size & 0x8000_0000 != 0;
            let size = (size & 0x7fff_ffff) as usize;
            let data = if inline {
                vk.get(8..8 + size.min(4)).unwrap_or_default().to_vec()
            } else {
                let mut d = self.cell(le(&vk, 8, 4) as u32)?;
                d.truncate(size);
                d
            };
            return match le(&vk, 0xc, 4) {
                1 | 2 => Some(Value::Text(utf16(&data))),
                4 => Some(Value::Dword(le(&data, 0, 4) as u32)),
                _ => None,
            };
        }
        None
    }
}

fn utf16(b: &[u8]) -> String {
    let units: Vec<u16> = b
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .take_while(|&u| u != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

/// Reads `Microsoft\Windows NT\CurrentVersion` of the SOFTWARE hive.
fn version_from_hive(g: &mut Guest) -> Option<OsReport> {
    let mut head = [0u8; 0x30];
    if g.read_at(HIVE, 0, &mut head).ok()? < 0x30 || head.get(..4) != Some(b"regf") {
        return None;
    }
    let mut h = Hive { g, cells: 0 };
    let root = h.cell(le(&head, 0x24, 4) as u32)?;
    let ms = h.child(&root, "Microsoft")?;
    let nt = h.child(&ms, "Windows NT")?;
    let cv = h.child(&nt, "CurrentVersion")?;
    let text = |v: Option<Value>| match v {
        Some(Value::Text(s)) if !s.is_empty() => Some(s),
        _ => None,
    };
    let dword = |v: Option<Value>| match v {
        Some(Value::Dword(d)) => Some(d),
        _ => None,
    };
    let product = text(h.value(&cv, "ProductName"));
    let major = dword(h.value(&cv, "CurrentMajorVersionNumber"));
    let minor = dword(h.value(&cv, "CurrentMinorVersionNumber"));
    let build =
        text(h.value(&cv, "CurrentBuild")).or_else(|| text(h.value(&cv, "CurrentBuildNumber")));
    let version = match (major, minor) {
        (Some(a), Some(b)) => Some(format!("{a}.{b}")),
        _ => text(h.value(&cv, "CurrentVersion")),
    };
    let name = product.map(|p| match &build {
        Some(b) => format!("{p} (build {b})"),
        None => p,
    });
    Some(OsReport {
        family: OsFamily::Windows,
        distro: Some("windows".into()),
        name,
        version,
        codename: None,
        source: HIVE.into(),
    })
}

/// Everything a Windows system volume says.
pub fn windows_facts(g: &mut Guest, findings: &mut Vec<GuestFinding>) -> WindowsFacts {
    let os = version_from_hive(g).unwrap_or_else(|| {
        if g.exists(HIVE) {
            findings.push(GuestFinding::new(
                "unreadable",
                msg!("inspect-guest-hive-unreadable", hive = HIVE),
            ));
        }
        OsReport {
            family: OsFamily::Windows,
            distro: Some("windows".into()),
            name: Some("Windows, version unknown".into()),
            version: None,
            codename: None,
            source: "/Windows/System32".into(),
        }
    });
    let kernel = "/Windows/System32/ntoskrnl.exe";
    let architecture = match g.read_prefix(kernel, 4096) {
        Ok(h) => pe_arch(&h).map(str::to_string),
        Err(e) => {
            note_err(findings, kernel, &e);
            None
        }
    };
    let drivers = ["viostor.sys", "vioscsi.sys", "netkvm.sys"];
    let virtio_drivers = drivers
        .iter()
        .any(|d| g.exists(&format!("/Windows/System32/drivers/{d}")));
    WindowsFacts {
        os,
        architecture,
        virtio_drivers,
        qemu_guest_agent: g.exists("/Program Files/Qemu-ga")
            || g.exists("/Program Files/QEMU Guest Agent"),
        cloudbase_init: g.exists("/Program Files/Cloudbase Solutions/Cloudbase-Init"),
    }
}
