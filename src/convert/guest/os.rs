//! Linux facts from a root filesystem: the distribution (os-release, older release files),
//! the architecture (an ELF header), cloud-init, the QEMU guest agent and the kernels; the
//! ELF/PE header decoders; and what an installer ISO says about itself.

use super::fs::{FsError, Guest, NodeKind};
use super::report::{GuestFinding, OsFamily, OsReport};
use crate::convert::inspect::msg;

/// What a Linux root says about itself.
#[derive(Debug, Clone, Default)]
pub struct LinuxFacts {
    /// The distribution.
    pub os: Option<OsReport>,
    /// The architecture (Glance vocabulary).
    pub architecture: Option<String>,
    /// cloud-init installed.
    pub cloud_init: bool,
    /// qemu-ga installed.
    pub qemu_guest_agent: bool,
    /// Kernels, newest last.
    pub kernels: Vec<String>,
}

/// Files whose presence marks a Linux root.
pub const ROOT_MARKERS: [&str; 6] = [
    "/etc/os-release",
    "/usr/lib/os-release",
    "/etc/redhat-release",
    "/etc/debian_version",
    "/etc/SuSE-release",
    "/etc/fstab",
];

/// Maps an os-release `ID` to the libosinfo short id Glance's `os_distro` documents.
pub fn distro_id(id: &str) -> String {
    let id = id.trim().to_ascii_lowercase();
    match id.as_str() {
        "opensuse" | "opensuse-leap" | "opensuse-tumbleweed" | "opensuse-microos" => "opensuse",
        "sles" | "sled" | "sles_sap" => "sles",
        "redhat" | "rhel" | "red hat enterprise linux" => "rhel",
        "centos" | "centos-stream" => "centos",
        "almalinux" | "alma" => "almalinux",
        "rocky" | "rockylinux" => "rocky",
        "archlinux" | "arch" => "arch",
        "ol" | "oraclelinux" => "ol",
        _ => return id,
    }
    .to_string()
}

/// Parses os-release `KEY=value` lines (quotes and backslash escapes removed).
pub fn parse_os_release(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            if l.starts_with('#') {
                return None;
            }
            let (k, v) = l.split_once('=')?;
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(v);
            let mut out = String::new();
            let mut esc = false;
            for ch in v.chars() {
                if esc || ch != '\\' {
                    out.push(ch);
                    esc = false;
                } else {
                    esc = true;
                }
            }
            Some((k.trim().to_string(), out))
        })
        .collect()
}

fn from_os_release(text: &str, source: &str) -> Option<OsReport> {
    let kv = parse_os_release(text);
    let get = |k: &str| {
        kv.iter()
            .rev()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    let id = get("ID")?;
    Some(OsReport {
        family: OsFamily::Linux,
        distro: Some(distro_id(&id)),
        name: get("PRETTY_NAME").or_else(|| get("NAME")),
        version: get("VERSION_ID"),
        codename: get("VERSION_CODENAME"),
        source: source.to_string(),
    })
}

/// The leading version number of a release line (`7.9.2009` in "CentOS Linux release
/// 7.9.2009 (Core)"), cut to major.minor.
fn release_version(line: &str) -> Option<String> {
    let tok = line
        .split_whitespace()
        .find(|t| t.starts_with(|c: char| c.is_ascii_digit()))?;
    let parts: Vec<&str> = tok.split('.').take(2).collect();
    Some(parts.join("."))
}

fn from_redhat_release(text: &str) -> Option<OsReport> {
    let line = text.lines().next()?.trim();
    let l = line.to_ascii_lowercase();
    let distro = [
        ("centos", "centos"),
        ("red hat", "rhel"),
        ("fedora", "fedora"),
        ("rocky", "rocky"),
        ("almalinux", "almalinux"),
        ("oracle", "ol"),
    ]
    .iter()
    .find(|(k, _)| l.contains(k))
    .map(|(_, d)| d.to_string());
    Some(OsReport {
        family: OsFamily::Linux,
        distro,
        name: Some(line.to_string()),
        version: release_version(line),
        codename: None,
        source: "/etc/redhat-release".into(),
    })
}

fn from_suse_release(text: &str) -> Option<OsReport> {
    let first = text.lines().next()?.trim().to_string();
    let kv = parse_os_release(&text.replace(" = ", "="));
    let get = |k: &str| kv.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    let version = match (get("VERSION"), get("PATCHLEVEL")) {
        (Some(v), Some(p)) if p != "0" => Some(format!("{v}.{p}")),
        (v, _) => v,
    };
    let distro = if first.contains("Enterprise") {
        "sles"
    } else {
        "opensuse"
    };
    Some(OsReport {
        family: OsFamily::Linux,
        distro: Some(distro.into()),
        name: Some(first),
        version,
        codename: None,
        source: "/etc/SuSE-release".into(),
    })
}

/// Turns a read error of a guest file into a finding (a missing file is not one).
pub fn note_err(findings: &mut Vec<GuestFinding>, what: &str, e: &FsError) {
    if matches!(e, FsError::NotFound(_) | FsError::NotADirectory(_)) {
        return;
    }
    let finding = GuestFinding::new(
        e.code(),
        msg!("inspect-guest-path-error", path = what, error = e.message()),
    );
    if findings.iter().all(|f| f.message != finding.message) {
        findings.push(finding);
    }
}

fn read_text(g: &mut Guest, path: &str, findings: &mut Vec<GuestFinding>) -> Option<String> {
    match g.read_file(path) {
        Ok(b) => Some(String::from_utf8_lossy(&b).into_owned()),
        Err(e) => {
            note_err(findings, path, &e);
            None
        }
    }
}

/// The distribution of a Linux root.
pub fn linux_os(g: &mut Guest, findings: &mut Vec<GuestFinding>) -> Option<OsReport> {
    for p in ["/etc/os-release", "/usr/lib/os-release"] {
        if let Some(t) = read_text(g, p, findings)
            && let Some(os) = from_os_release(&t, p)
        {
            return Some(os);
        }
    }
    if let Some(t) = read_text(g, "/etc/redhat-release", findings)
        && let Some(os) = from_redhat_release(&t)
    {
        return Some(os);
    }
    if let Some(t) = read_text(g, "/etc/SuSE-release", findings)
        && let Some(os) = from_suse_release(&t)
    {
        return Some(os);
    }
    if let Some(t) = read_text(g, "/etc/debian_version", findings) {
        let v = t.trim().to_string();
        let numeric = v.starts_with(|c: char| c.is_ascii_digit());
        return Some(OsReport {
            family: OsFamily::Linux,
            distro: Some("debian".into()),
            name: Some(format!("Debian {v}")),
            version: numeric.then(|| v.split('.').next().unwrap_or(&v).to_string()),
            codename: (!numeric).then(|| v.split('/').next().unwrap_or(&v).to_string()),
            source: "/etc/debian_version".into(),
        });
    }
    None
}

/// The Glance architecture of an ELF header.
pub fn elf_arch(h: &[u8]) -> Option<&'static str> {
    if h.get(..4) != Some(b"\x7fELF") {
        return None;
    }
    let wide = *h.get(4)? == 2;
    let little = *h.get(5)? == 1;
    let m = h.get(18..20)?;
    let machine = if little {
        u16::from_le_bytes([m[0], m[1]])
    } else {
        u16::from_be_bytes([m[0], m[1]])
    };
    Some(match (machine, wide, little) {
        (0x3e, _, _) => "x86_64",
        (0x03, _, _) => "i686",
        (0xb7, _, _) => "aarch64",
        (0x28, _, _) => "armv7l",
        (0x15, true, true) => "ppc64le",
        (0x15, true, false) => "ppc64",
        (0x14, _, _) => "ppc",
        (0x16, true, _) => "s390x",
        (0x16, false, _) => "s390",
        (0xf3, true, _) => "riscv64",
        (0xf3, false, _) => "riscv32",
        (0x08, true, true) => "mips64el",
        (0x08, true, false) => "mips64",
        (0x08, false, true) => "mipsel",
        (0x08, false, false) => "mips",
        (0x102, _, _) => "loongarch64",
        _ => return None,
    })
}

/// The Glance architecture of a PE (Windows executable) header.
pub fn pe_arch(h: &[u8]) -> Option<&'static str> {
    if h.get(..2) != Some(b"MZ") {
        return None;
    }
    let off = usize::try_from(super::fs::le(h, 0x3c, 4)).ok()?;
    if h.get(off..off + 4) != Some(b"PE\0\0") {
        return None;
    }
    Some(match super::fs::le(h, off + 4, 2) {
        0x8664 => "x86_64",
        0x14c => "i686",
        0xaa64 => "aarch64",
        0x1c4 => "armv7l",
        _ => return None,
    })
}

/// Sorts version-like names so that `vmlinuz-5.10` < `vmlinuz-5.9`… is avoided: digit runs
/// compare as numbers.
pub fn version_sort(v: &mut [String]) {
    fn key(s: &str) -> Vec<(u64, String)> {
        let mut out = Vec::new();
        let mut num = String::new();
        let mut text = String::new();
        for c in s.chars() {
            if c.is_ascii_digit() {
                num.push(c);
            } else {
                if !num.is_empty() {
                    out.push((num.parse().unwrap_or(u64::MAX), std::mem::take(&mut text)));
                    num.clear();
                }
                text.push(c);
            }
        }
        out.push((num.parse().unwrap_or(0), text));
        out
    }
    v.sort_by_key(|s| key(s));
}

/// Kernels under `/boot` (vmlinuz-*), else module directories under `/lib/modules`.
pub fn kernels(g: &mut Guest, boot_dir: &str) -> Vec<String> {
    let mut k: Vec<String> = g
        .list(boot_dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.name.starts_with("vmlinuz-") || e.name.starts_with("vmlinux-"))
        .map(|e| e.name)
        .collect();
    if k.is_empty() && boot_dir == "/boot" {
        k = g
            .list("/lib/modules")
            .unwrap_or_default()
            .into_iter()
            .filter(|e| e.kind == NodeKind::Dir)
            .map(|e| e.name)
            .collect();
    }
    version_sort(&mut k);
    k
}

/// Everything a Linux root says.
pub fn linux_facts(g: &mut Guest, findings: &mut Vec<GuestFinding>) -> LinuxFacts {
    let os = linux_os(g, findings);
    let mut architecture = None;
    for p in [
        "/bin/sh",
        "/usr/bin/bash",
        "/bin/bash",
        "/sbin/init",
        "/usr/bin/env",
    ] {
        match g.read_prefix(p, 64) {
            Ok(h) => {
                if let Some(a) = elf_arch(&h) {
                    architecture = Some(a.to_string());
                    break;
                }
            }
            Err(e) => note_err(findings, p, &e),
        }
    }
    LinuxFacts {
        os,
        architecture,
        cloud_init: g.exists("/usr/bin/cloud-init") || g.exists("/etc/cloud/cloud.cfg"),
        qemu_guest_agent: g.exists("/usr/bin/qemu-ga") || g.exists("/usr/sbin/qemu-ga"),
        kernels: kernels(g, "/boot"),
    }
}

/// What an installer or live ISO says about itself: `.disk/info` (Debian, Ubuntu),
/// `.treeinfo` (the RHEL family), else its label.
pub fn iso_os(g: &mut Guest) -> Option<OsReport> {
    if let Ok(b) = g.read_file("/.disk/info") {
        let line = String::from_utf8_lossy(&b)
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        // "Ubuntu-Server 24.04 LTS …", "Debian GNU/Linux 12.5.0 …": the first word's first part.
        let first = line
            .split_whitespace()
            .next()
            .unwrap_or("")
            .split('-')
            .next()
            .unwrap_or("");
        let version = line
            .split_whitespace()
            .find(|t| t.starts_with(|c: char| c.is_ascii_digit()))
            .map(|t| {
                t.trim_end_matches(|c: char| !c.is_ascii_digit())
                    .to_string()
            });
        let codename = line.split('"').nth(1).map(|s| {
            s.split_whitespace()
                .next()
                .unwrap_or(s)
                .to_ascii_lowercase()
        });
        return Some(OsReport {
            family: OsFamily::Linux,
            distro: (!first.is_empty()).then(|| distro_id(first)),
            name: Some(line),
            version,
            codename,
            source: "/.disk/info".into(),
        });
    }
    if let Ok(b) = g.read_file("/.treeinfo") {
        let text = String::from_utf8_lossy(&b).into_owned();
        let mut family = None;
        let mut version = None;
        let mut section = String::new();
        for l in text.lines() {
            let l = l.trim();
            if l.starts_with('[') {
                section = l.trim_matches(|c| c == '[' || c == ']').to_string();
            } else if let Some((k, v)) = l.split_once('=') {
                let (k, v) = (k.trim(), v.trim().to_string());
                if (section == "release" || section == "general") && k == "name" && family.is_none()
                {
                    family = Some(v);
                } else if (section == "release" || section == "general")
                    && k == "version"
                    && version.is_none()
                {
                    version = Some(v);
                }
            }
        }
        let fam = family.clone().unwrap_or_default().to_ascii_lowercase();
        let distro = from_redhat_release(&fam)
            .and_then(|o| o.distro)
            .or_else(|| fam.split_whitespace().next().map(distro_id));
        return Some(OsReport {
            family: OsFamily::Linux,
            distro,
            name: family.map(|f| {
                format!("{f} {}", version.clone().unwrap_or_default())
                    .trim()
                    .to_string()
            }),
            version,
            codename: None,
            source: "/.treeinfo".into(),
        });
    }
    None
}
