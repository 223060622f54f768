//! Guest inspection: what is inside a disk image (partitions, filesystems, the operating
//! system, firmware, agents), read natively and read-only, and the Glance properties that
//! follow from it.
//!
//! # Guarantees
//! - Only files the safety inspector ([`crate::convert::inspect`]) passed are read, and only
//!   with the format it detected (never guessed again here).
//! - Bounded: every read goes through a [`device::Budget`] (default 64 MiB in total, 1 MiB per
//!   guest file); a directory listing, a symlink chain, an extent list or a path walk each
//!   have their own small caps. Sizes declared inside the guest are never allocation sizes.
//! - No panics on any input (fuzzed); hostile or unreadable content becomes a
//!   [`report::GuestFinding`], only I/O on the image file itself fails.
//! - Backing files are never opened (the safety inspector refuses them before we get here).

pub mod block;
pub mod device;
pub mod fs;
pub mod os;
pub mod partition;
pub mod report;
pub mod suggest;
pub mod windows;

pub use device::{BlockDevice, Budget, GuestOptions};
pub use report::{
    Firmware, FsKind, GuestFinding, GuestReport, OsFamily, OsReport, PartitionReport,
    PartitionTableKind, PropertySuggestion, RootReport, SuggestionKind,
};

use std::fs::File;
use std::path::Path;

use crate::convert::inspect::{
    DiskFormatKind, Finding, InspectError, InspectOptions, Mismatch, Msg, inspect_path, msg,
};
use report::Properties;

/// Why a guest inspection could not run at all (what it found inside is never an error).
#[derive(Debug, thiserror::Error)]
pub enum GuestError {
    /// The safety inspector could not read the file.
    #[error(transparent)]
    Inspect(#[from] InspectError),
    /// The safety inspector refused the file; nothing inside it is read.
    #[error("not inspecting inside {path}: the file is unsafe ({reasons})")]
    Unsafe {
        /// The file.
        path: String,
        /// The inspector's reasons, joined, in English.
        reasons: String,
        /// The same reasons, to be shown in the reader's language ([`GuestError::shown`]).
        found: UnsafeFound,
    },
    /// A compressed wrapper: its guest cannot be read without decompressing it first.
    #[error("{path} is {format}-compressed: decompress it first to look inside")]
    Compressed {
        /// The file.
        path: String,
        /// The compression.
        format: DiskFormatKind,
    },
    /// An archive with no disk member.
    #[error("{path} holds no disk image to look inside")]
    NoDisk {
        /// The file.
        path: String,
    },
    /// A format whose guest data cannot be read here.
    #[error("{path}: reading inside a {format} image is not supported")]
    Unsupported {
        /// The file.
        path: String,
        /// The format.
        format: DiskFormatKind,
    },
    /// Reading the image file failed.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// Why the safety inspector refused a file to look into.
#[derive(Debug, Clone)]
pub enum UnsafeFound {
    /// Its unsafe findings.
    Findings(Vec<Finding>),
    /// Content that is not the declared `disk_format`.
    Mismatch(Box<Mismatch>),
}

impl GuestError {
    /// The error in the current language (its Display is the English text). An inspector or
    /// read error keeps its cause's own words (the library's error messages translate those,
    /// see `crate::i18n::errors`).
    pub fn shown(&self) -> String {
        match self {
            GuestError::Inspect(e) => e.to_string(),
            GuestError::Unsafe { path, found, .. } => {
                let reasons = match found {
                    UnsafeFound::Findings(findings) if !findings.is_empty() => findings
                        .iter()
                        .map(Finding::shown)
                        .collect::<Vec<_>>()
                        .join(&crate::tr!("inspect-reason-separator")),
                    UnsafeFound::Findings(_) => crate::tr!("inspect-guest-unsafe-word"),
                    UnsafeFound::Mismatch(m) => m.shown(),
                };
                crate::tr!(
                    "inspect-guest-unsafe",
                    path = path.as_str(),
                    reasons = reasons
                )
            }
            GuestError::Compressed { path, format } => crate::tr!(
                "inspect-guest-compressed",
                path = path.as_str(),
                format = format.as_str()
            ),
            GuestError::NoDisk { path } => {
                crate::tr!("inspect-guest-no-disk", path = path.as_str())
            }
            GuestError::Unsupported { path, format } => crate::tr!(
                "inspect-guest-unsupported",
                path = path.as_str(),
                format = format.as_str()
            ),
            GuestError::Io { path, source } => crate::tr!(
                "inspect-guest-io",
                path = path.as_str(),
                error = source.to_string()
            ),
        }
    }
}

/// Inspects the guest inside the disk image at `path`: runs the safety inspector first (with
/// `safety`), refuses unsafe files, then reads the guest with the detected format. `declared`
/// is the image's `disk_format` when it has one; a mismatch with the detected format is
/// refused like an unsafe file.
pub fn inspect_guest_path(
    path: &Path,
    declared: Option<&str>,
    opts: &GuestOptions,
    safety: &InspectOptions,
) -> Result<GuestReport, GuestError> {
    let name = path.display().to_string();
    let insp = inspect_path(path, safety)?;
    if !insp.is_safe() {
        return Err(GuestError::Unsafe {
            path: name,
            reasons: join_reasons(&insp),
            found: UnsafeFound::Findings(insp.reasons().to_vec()),
        });
    }
    if let Some(d) = declared {
        let container = if matches!(insp.format, DiskFormatKind::Ova | DiskFormatKind::Tar) {
            "ova"
        } else {
            "bare"
        };
        if let Some(m) = insp.check_declared_container(d, container) {
            return Err(GuestError::Unsafe {
                path: name,
                reasons: m.to_string(),
                found: UnsafeFound::Mismatch(Box::new(m)),
            });
        }
    }
    if insp.format.is_compression() {
        return Err(GuestError::Compressed {
            path: name,
            format: insp.format,
        });
    }
    let io = |source| GuestError::Io {
        path: name.clone(),
        source,
    };
    let file = File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    // An OVA or tar: its first disk member, read in place as a window of the archive.
    let (format, start, len) = if matches!(insp.format, DiskFormatKind::Ova | DiskFormatKind::Tar) {
        // The first disk (the one Glance's OVA import takes); the safety inspector gave its
        // data offset, and a plain archive's offsets are file offsets.
        let disk = insp
            .disks
            .first()
            .filter(|d| d.offset.checked_add(d.size).is_some_and(|end| end <= len))
            .ok_or_else(|| GuestError::NoDisk { path: name.clone() })?;
        (disk.inspection.format, disk.offset, disk.size)
    } else {
        (insp.format, 0, len)
    };
    let budget = Budget::new(opts.max_read_bytes);
    // The block readers name the format; the error names the file the user gave.
    let dev = block::open_device(file, start, len, format, budget).map_err(|e| match e {
        GuestError::Io { source, .. } => GuestError::Io {
            path: name.clone(),
            source,
        },
        GuestError::Compressed { format, .. } => GuestError::Compressed {
            path: name.clone(),
            format,
        },
        GuestError::Unsupported { format, .. } => GuestError::Unsupported {
            path: name.clone(),
            format,
        },
        other => other,
    })?;
    Ok(inspect_device(dev, format, opts))
}

/// Inspects an opened virtual disk (any [`BlockDevice`]); what it finds inside is never an
/// error.
pub fn inspect_device(
    dev: Box<dyn BlockDevice + Send>,
    format: DiskFormatKind,
    opts: &GuestOptions,
) -> GuestReport {
    let disk = fs::SharedDisk::new(dev);
    let mut r = GuestReport::new(format, disk.size());
    let whole = fs::PartDev::new(disk.clone(), 0, disk.size());
    let table = partition::read_partition_table(&mut whole.clone());
    r.partition_table = table.kind;
    r.findings.extend(table.findings.iter().cloned());
    let mut windows: Vec<(u32, u64, u64, String)> = table
        .entries
        .iter()
        .map(|e| (e.number, e.start, e.size, e.type_name.clone()))
        .collect();
    // A whole-disk filesystem (no table), or an ISO 9660 (also the hybrid ones, whose MBR
    // only maps the ESP inside it): the disk itself as number 0.
    let whole_kind = fs::probe(&whole);
    if windows.is_empty() || whole_kind == FsKind::Iso9660 {
        windows.insert(0, (0, 0, disk.size(), String::new()));
    }
    let mut bios = table.mbr_boot_code || table.bios_boot_partition;
    let mut uefi = false;
    let mut separate_boot: Vec<String> = Vec::new();
    for (number, start, size, type_name) in windows {
        if disk.budget_hit() {
            break;
        }
        let dev = fs::PartDev::new(disk.clone(), start, size);
        let kind = fs::probe(&dev);
        let mut part = PartitionReport {
            number,
            start,
            size,
            type_name,
            fs: kind,
            label: None,
            read: false,
        };
        let opened = fs::open(kind, dev);
        match opened {
            None => {
                if matches!(kind, FsKind::Btrfs | FsKind::Lvm | FsKind::Luks) {
                    r.findings.push(GuestFinding::new(
                        "not_read",
                        msg!(
                            "inspect-guest-not-read",
                            number = number,
                            holds = fs_name(kind)
                        ),
                    ));
                }
            }
            Some(Err(e)) => r.findings.push(GuestFinding::new(
                "unreadable",
                msg!(
                    "inspect-guest-unreadable",
                    number = number,
                    fs = fs_name(kind),
                    error = e.message()
                ),
            )),
            Some(Ok(f)) => {
                part.read = true;
                let mut g = fs::Guest::new(f, opts.max_file_bytes);
                part.label = g.fs().label();
                let facts = examine(&mut g, number, kind, &mut r, &mut separate_boot);
                uefi |= facts.esp || facts.iso_efi;
                bios |= facts.iso_bios;
            }
        }
        r.partitions.push(part);
    }
    if r.kernels.is_empty() {
        os::version_sort(&mut separate_boot);
        r.kernels = separate_boot;
    }
    r.firmware = match (uefi, bios) {
        (true, true) => Some(Firmware::Both),
        (true, false) => Some(Firmware::Uefi),
        (false, true) => Some(Firmware::Bios),
        (false, false) => None,
    };
    if disk.budget_hit() {
        r.findings.push(GuestFinding::new(
            "budget",
            msg!("inspect-guest-budget", bytes = opts.max_read_bytes),
        ));
    }
    if r.os.is_none() && r.findings.iter().all(|f| f.code != "budget") {
        r.findings
            .push(GuestFinding::new("no_os", msg!("inspect-guest-no-os")));
    }
    r.bytes_read = disk.bytes_read();
    r
}

#[derive(Default)]
struct Facts {
    esp: bool,
    iso_efi: bool,
    iso_bios: bool,
}

/// A kind named in a sentence ("partition 3 holds an LVM physical volume").
fn fs_name(k: FsKind) -> Msg {
    match k {
        FsKind::Lvm => msg!("inspect-guest-fs-lvm"),
        FsKind::Luks => msg!("inspect-guest-fs-luks"),
        FsKind::Unknown => msg!("inspect-guest-fs-unknown"),
        other => Msg::text(other.name()),
    }
}

/// True when a FAT volume holds an EFI boot loader (the removable-media path, or a
/// distribution's grub/shim).
fn has_efi_loader(g: &mut fs::Guest) -> bool {
    let is_efi = |n: &str| n.to_ascii_lowercase().ends_with(".efi");
    let boot = g.list("/EFI/BOOT").unwrap_or_default();
    if boot
        .iter()
        .any(|e| e.name.to_ascii_uppercase().starts_with("BOOT") && is_efi(&e.name))
    {
        return true;
    }
    let vendors = g.list("/EFI").unwrap_or_default();
    for v in vendors
        .iter()
        .filter(|e| e.kind == fs::NodeKind::Dir)
        .take(64)
    {
        let files = g.list(&format!("/EFI/{}", v.name)).unwrap_or_default();
        if files.iter().any(|e| {
            let n = e.name.to_ascii_lowercase();
            is_efi(&n) && (n.starts_with("grub") || n.starts_with("shim"))
        }) {
            return true;
        }
    }
    false
}

/// Looks at one readable filesystem and adds what it says to the report.
fn examine(
    g: &mut fs::Guest,
    number: u32,
    kind: FsKind,
    r: &mut GuestReport,
    separate_boot: &mut Vec<String>,
) -> Facts {
    let mut facts = Facts::default();
    let root_fact = |g: &mut fs::Guest| {
        g.fs().usage().map(|(used, size)| RootReport {
            partition: number,
            fs: kind,
            used_bytes: used,
            size_bytes: size,
        })
    };
    match kind {
        FsKind::Fat => {
            facts.esp = has_efi_loader(g);
        }
        FsKind::Iso9660 => {
            if r.os.is_none() {
                r.os = os::iso_os(g);
            }
            if let Some((efi, bios)) = g.fs().el_torito() {
                facts.iso_efi = efi;
                facts.iso_bios = bios;
            }
        }
        FsKind::Ntfs if r.os.is_none() && windows::is_windows(g) => {
            let w = windows::windows_facts(g, &mut r.findings);
            r.os = Some(w.os);
            r.architecture = w.architecture;
            r.virtio_drivers = Some(w.virtio_drivers);
            r.qemu_guest_agent = w.qemu_guest_agent;
            r.cloud_init = w.cloudbase_init;
            r.root = root_fact(g).or(Some(RootReport {
                partition: number,
                fs: kind,
                used_bytes: 0,
                size_bytes: 0,
            }));
        }
        FsKind::Ext | FsKind::Xfs => {
            // A marker that exists, or that is there but unreadable (hostile), makes a root.
            let is_root = r.os.is_none()
                && os::ROOT_MARKERS.iter().any(|m| {
                    !matches!(
                        g.stat(m),
                        Err(fs::FsError::NotFound(_) | fs::FsError::NotADirectory(_))
                    )
                });
            if is_root {
                let f = os::linux_facts(g, &mut r.findings);
                if f.os.is_none() {
                    r.findings.push(GuestFinding::new(
                        "no_os_release",
                        msg!("inspect-guest-no-os-release", number = number),
                    ));
                }
                r.os = f.os.or(Some(OsReport {
                    family: OsFamily::Linux,
                    distro: None,
                    name: None,
                    version: None,
                    codename: None,
                    source: "/etc".into(),
                }));
                r.architecture = f.architecture;
                r.cloud_init = f.cloud_init;
                r.qemu_guest_agent = f.qemu_guest_agent;
                r.kernels = f.kernels;
                r.root = root_fact(g);
            } else {
                // A separate /boot: kernels at its top.
                separate_boot.extend(os::kernels(g, "/"));
            }
        }
        _ => {}
    }
    facts
}

fn join_reasons(insp: &crate::convert::inspect::Inspection) -> String {
    let mut v: Vec<String> = insp.reasons().iter().map(ToString::to_string).collect();
    if v.is_empty() {
        v.push("unsafe".into());
    }
    v.join("; ")
}

impl GuestReport {
    /// The Glance properties the content suggests (libosinfo ids for `os_distro`, Glance's
    /// vocabulary for the rest); only keys with a known value.
    pub fn suggested_properties(&self) -> Properties {
        suggest::suggested(self)
    }
}

/// The suggestions beside the image's `current` properties, with differences marked.
pub fn compare_properties(current: &Properties, report: &GuestReport) -> Vec<PropertySuggestion> {
    suggest::compare(current, report)
}

/// Only the suggestions whose current value contradicts the disk (for `push`'s warning).
pub fn conflicts(current: &Properties, report: &GuestReport) -> Vec<PropertySuggestion> {
    compare_properties(current, report)
        .into_iter()
        .filter(|s| s.kind == SuggestionKind::Conflict)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::inspect::inspect_bytes;
    use crate::i18n::{self, Lang};

    /// In English every error and finding shows its Display text (what JSON and the
    /// library's English messages carry); in Chinese it is translated.
    #[test]
    fn errors_and_findings_show_their_english_text_in_english() {
        let insp = inspect_bytes(b"QFI\xfb\0\0\0\x03", &InspectOptions::default());
        let path = "/tmp/x.qcow2".to_string();
        let mismatch = inspect_bytes(b"plain", &InspectOptions::default())
            .check_declared("qcow2")
            .expect("raw is not qcow2");
        let errors = [
            GuestError::Unsafe {
                path: path.clone(),
                reasons: join_reasons(&insp),
                found: UnsafeFound::Findings(insp.reasons().to_vec()),
            },
            GuestError::Unsafe {
                path: path.clone(),
                reasons: mismatch.to_string(),
                found: UnsafeFound::Mismatch(Box::new(mismatch)),
            },
            GuestError::Compressed {
                path: path.clone(),
                format: DiskFormatKind::Xz,
            },
            GuestError::NoDisk { path: path.clone() },
            GuestError::Unsupported {
                path: path.clone(),
                format: DiskFormatKind::Luks,
            },
        ];
        let fs_errors = [
            fs::FsError::NotFound("/etc/os-release".into()),
            fs::FsError::NotADirectory("/etc".into()),
            fs::FsError::TooLarge {
                path: "/boot/x".into(),
                size: u64::MAX,
                cap: 1 << 20,
            },
            fs::FsError::Loop("/a".into()),
            fs::FsError::Corrupt("inode 7 is damaged".into()),
        ];
        i18n::set_thread_lang(Some(Lang::En));
        for e in &errors {
            assert_eq!(e.shown(), e.to_string());
        }
        for e in &fs_errors {
            assert_eq!(e.message().english(), e.to_string());
        }
        let finding = GuestFinding::new("not_read", msg!("inspect-guest-no-os"));
        assert_eq!(finding.shown(), finding.message);
        i18n::set_thread_lang(Some(Lang::ZhCn));
        for e in &errors {
            let shown = e.shown();
            assert!(shown != e.to_string() && shown.contains(&path), "{shown}");
        }
        assert_ne!(finding.shown(), finding.message);
        i18n::set_thread_lang(None);
    }
}
