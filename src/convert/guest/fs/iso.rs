//! ISO 9660 (with Rock Ridge names) and its El Torito boot catalog: a small bounded reader of
//! our own. What we need is the primary volume descriptor (label), directory records (a few
//! lookups) and the boot catalog's platform ids (UEFI); the crates that exist either read a
//! whole image into memory or bring a large, still-changing API (hadris-iso 3 is a release
//! candidate) for these ~200 lines.

use super::{DirEntry, FsError, GuestFs, NodeKind, PartDev, Stat, components, le};
use crate::convert::guest::report::FsKind;

/// The most bytes of one directory read.
const MAX_DIR_BYTES: u64 = 1 << 20;
/// Volume descriptors looked at.
const MAX_DESCRIPTORS: u64 = 64;

#[derive(Debug, Clone)]
struct Rec {
    name: String,
    lba: u64,
    size: u64,
    dir: bool,
}

/// An ISO 9660 filesystem.
pub struct IsoFs {
    dev: PartDev,
    block: u64,
    root: Rec,
    label: String,
    volume_bytes: u64,
    /// True when the El Torito catalog has an EFI (platform 0xEF) entry.
    pub efi_boot: bool,
    /// True when the El Torito catalog has a BIOS (platform 0) entry.
    pub bios_boot: bool,
}

fn corrupt(what: impl Into<String>) -> FsError {
    FsError::Corrupt(format!("iso9660: {}", what.into()))
}

/// The Rock Ridge `NM` name in a record's system-use area, if any.
fn rock_ridge_name(su: &[u8]) -> Option<String> {
    let mut name = Vec::new();
    let mut i = 0usize;
    while i + 4 <= su.len() {
        let len = usize::from(*su.get(i + 2)?);
        if len < 4 {
            break;
        }
        if su.get(i..i + 2) == Some(b"NM") && len >= 5 {
            name.extend_from_slice(su.get(i + 5..i + len)?);
        }
        i += len;
    }
    (!name.is_empty()).then(|| String::from_utf8_lossy(&name).into_owned())
}

fn parse_record(r: &[u8]) -> Option<Rec> {
    let nl = usize::from(*r.get(32)?);
    let raw = r.get(33..33 + nl)?;
    if raw == [0] || raw == [1] {
        return None; // `.` and `..`
    }
    let su = r.get(33 + nl + (1 - nl % 2)..).unwrap_or_default();
    let name = rock_ridge_name(su).unwrap_or_else(|| {
        let s = String::from_utf8_lossy(raw);
        let s = s.split(';').next().unwrap_or_default();
        s.trim_end_matches('.').to_string()
    });
    Some(Rec {
        name,
        lba: le(r, 2, 4),
        size: le(r, 10, 4),
        dir: r.get(25).is_some_and(|f| f & 2 != 0),
    })
}

impl IsoFs {
    /// Reads the volume descriptors (primary and El Torito).
    pub fn open(dev: PartDev) -> Result<Self, FsError> {
        let mut pvd = None;
        let mut catalog = None;
        for i in 0..MAX_DESCRIPTORS {
            let Some(d) = dev.read_vec((16 + i) * 2048, 2048) else {
                break;
            };
            if d.get(1..6) != Some(b"CD001") {
                break;
            }
            match d.first() {
                Some(1) if pvd.is_none() => pvd = Some(d),
                Some(0) if d.get(7..30) == Some(b"EL TORITO SPECIFICATION") => {
                    catalog = Some(le(&d, 71, 4));
                }
                Some(255) => break,
                _ => {}
            }
        }
        let pvd = pvd.ok_or_else(|| corrupt("no primary volume descriptor"))?;
        let block = le(&pvd, 128, 2);
        if !(512..=8192).contains(&block) || !block.is_power_of_two() {
            return Err(corrupt(format!("logical block size {block}")));
        }
        let root = parse_record(pvd.get(156..190).unwrap_or_default())
            .map(|mut r| {
                r.dir = true;
                r
            })
            .or_else(|| {
                // The root record's name is \0, which parse_record skips as `.`.
                let r = pvd.get(156..190)?;
                Some(Rec {
                    name: String::new(),
                    lba: le(r, 2, 4),
                    size: le(r, 10, 4),
                    dir: true,
                })
            })
            .ok_or_else(|| corrupt("no root directory"))?;
        let mut fs = IsoFs {
            label: super::cstr(pvd.get(40..72).unwrap_or_default()),
            volume_bytes: le(&pvd, 80, 4).saturating_mul(block),
            dev,
            block,
            root,
            efi_boot: false,
            bios_boot: false,
        };
        if let Some(lba) = catalog {
            fs.read_catalog(lba);
        }
        Ok(fs)
    }

    fn read_catalog(&mut self, lba: u64) {
        let Some(cat) = self.dev.read_vec(lba.saturating_mul(2048), 2048) else {
            return;
        };
        // The validation entry names the first section's platform; section headers (0x90,
        // 0x91) name the next ones. 0 = x86 BIOS, 0xEF = EFI.
        for entry in cat.chunks(32) {
            match (entry.first(), entry.get(1)) {
                (Some(0x01 | 0x90 | 0x91), Some(0xef)) => self.efi_boot = true,
                (Some(0x01 | 0x90 | 0x91), Some(0)) => self.bios_boot = true,
                _ => {}
            }
        }
    }

    fn read_dir(&self, dir: &Rec) -> Result<Vec<Rec>, FsError> {
        let len = dir.size.min(MAX_DIR_BYTES);
        let data = self
            .dev
            .read_vec(
                dir.lba.saturating_mul(self.block),
                usize::try_from(len).unwrap_or(0),
            )
            .ok_or_else(|| corrupt(format!("directory at block {} is unreadable", dir.lba)))?;
        let mut out = Vec::new();
        let mut i = 0usize;
        while i < data.len() {
            let rl = usize::from(data.get(i).copied().unwrap_or(0));
            if rl == 0 {
                // Records never cross a sector: skip to the next one.
                i = (i / 2048 + 1) * 2048;
                continue;
            }
            if let Some(r) = data.get(i..i + rl).and_then(parse_record) {
                out.push(r);
            }
            i += rl;
        }
        Ok(out)
    }

    fn lookup(&self, path: &str) -> Result<Rec, FsError> {
        let mut cur = self.root.clone();
        for c in components(path) {
            if !cur.dir {
                return Err(FsError::NotADirectory(path.to_string()));
            }
            cur = self
                .read_dir(&cur)?
                .into_iter()
                .find(|r| r.name.eq_ignore_ascii_case(c))
                .ok_or_else(|| FsError::NotFound(path.to_string()))?;
        }
        Ok(cur)
    }
}

impl GuestFs for IsoFs {
    fn kind(&self) -> FsKind {
        FsKind::Iso9660
    }

    fn label(&mut self) -> Option<String> {
        (!self.label.is_empty()).then(|| self.label.clone())
    }

    fn usage(&mut self) -> Option<(u64, u64)> {
        Some((self.volume_bytes, self.volume_bytes))
    }

    fn stat(&mut self, path: &str) -> Result<Stat, FsError> {
        let r = self.lookup(path)?;
        Ok(Stat {
            kind: if r.dir { NodeKind::Dir } else { NodeKind::File },
            size: r.size,
        })
    }

    fn el_torito(&self) -> Option<(bool, bool)> {
        Some((self.efi_boot, self.bios_boot))
    }

    fn read_link(&mut self, path: &str) -> Result<String, FsError> {
        Err(corrupt(format!(
            "{path}: Rock Ridge symlinks are not followed"
        )))
    }

    fn list(&mut self, path: &str, cap: usize) -> Result<Vec<DirEntry>, FsError> {
        let r = self.lookup(path)?;
        Ok(self
            .read_dir(&r)?
            .into_iter()
            .take(cap)
            .map(|r| DirEntry {
                name: r.name,
                kind: if r.dir { NodeKind::Dir } else { NodeKind::File },
            })
            .collect())
    }

    fn read_at(&mut self, path: &str, offset: u64, buf: &mut [u8]) -> Result<usize, FsError> {
        let r = self.lookup(path)?;
        if r.dir {
            return Err(corrupt(format!("{path} is a directory")));
        }
        let n = r.size.saturating_sub(offset).min(buf.len() as u64);
        let n = usize::try_from(n).unwrap_or(0);
        let dst = buf.get_mut(..n).unwrap_or_default();
        let at = r.lba.saturating_mul(self.block).saturating_add(offset);
        self.dev
            .read_exact_at(at, dst)
            .map_err(|e| corrupt(format!("{path}: {e}")))?;
        Ok(n)
    }
}
