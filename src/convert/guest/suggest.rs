//! The Glance properties a guest inspection suggests, and how they compare with an image's
//! current properties.
//!
//! Firmware: `Both` (a hybrid image with an ESP and a BIOS boot loader) suggests
//! `hw_firmware_type=bios`: the image boots either way, and BIOS works on every compute host
//! and machine type, while `uefi` needs OVMF on the host and q35; `hw_machine_type=q35` is
//! suggested only for UEFI-only x86_64 guests, which need it.

use super::report::{
    Firmware, GuestReport, OsFamily, Properties, PropertySuggestion, SuggestionKind,
};

/// Keys whose disagreement with the disk is a conflict, not just a difference.
const CONFLICT_KEYS: [&str; 3] = ["os_distro", "os_type", "architecture"];

/// The suggested properties of a report.
pub fn suggested(r: &GuestReport) -> Properties {
    let mut p = Properties::new();
    if let Some(os) = &r.os {
        if let Some(d) = &os.distro {
            p.insert("os_distro".into(), d.clone());
        }
        if let Some(v) = &os.version {
            p.insert("os_version".into(), v.clone());
        }
        match os.family {
            OsFamily::Linux => {
                p.insert("os_type".into(), "linux".into());
            }
            OsFamily::Windows => {
                p.insert("os_type".into(), "windows".into());
            }
            OsFamily::Bsd => {}
        }
    }
    if let Some(a) = &r.architecture {
        p.insert("architecture".into(), a.clone());
    }
    match r.firmware {
        Some(Firmware::Uefi) => {
            p.insert("hw_firmware_type".into(), "uefi".into());
            if r.architecture.as_deref() == Some("x86_64") {
                p.insert("hw_machine_type".into(), "q35".into());
            }
        }
        Some(Firmware::Bios | Firmware::Both) => {
            p.insert("hw_firmware_type".into(), "bios".into());
        }
        None => {}
    }
    if r.qemu_guest_agent {
        p.insert("hw_qemu_guest_agent".into(), "yes".into());
        p.insert("os_require_quiesce".into(), "yes".into());
    }
    p
}

/// A value in a comparable form: lowercase, and the aliases people use mapped to Glance's
/// vocabulary (`redhat` → `rhel`, `amd64` → `x86_64`, `true` → `yes`).
pub fn normalize(key: &str, value: &str) -> String {
    let v = value.trim().to_ascii_lowercase();
    match key {
        "os_distro" => super::os::distro_id(&v),
        "architecture" => match v.as_str() {
            "amd64" | "x86-64" | "x64" | "x86_64" => "x86_64".into(),
            "arm64" | "aarch64" => "aarch64".into(),
            "i386" | "i486" | "i586" | "i686" | "x86" => "i686".into(),
            "armhf" | "armv7" | "armv7l" | "arm" => "armv7l".into(),
            "ppc64el" | "ppc64le" => "ppc64le".into(),
            _ => v,
        },
        "hw_qemu_guest_agent" | "os_require_quiesce" => match v.as_str() {
            "true" | "yes" | "1" | "on" => "yes".into(),
            "false" | "no" | "0" | "off" => "no".into(),
            _ => v,
        },
        _ => v,
    }
}

/// Each suggestion beside the current value.
pub fn compare(current: &Properties, r: &GuestReport) -> Vec<PropertySuggestion> {
    suggested(r)
        .into_iter()
        .map(|(key, suggested)| {
            let cur = current.get(&key).cloned();
            let kind = match &cur {
                None => SuggestionKind::New,
                Some(c) if normalize(&key, c) == normalize(&key, &suggested) => {
                    SuggestionKind::Same
                }
                Some(c) if c.trim().is_empty() => SuggestionKind::New,
                Some(_) if CONFLICT_KEYS.contains(&key.as_str()) => SuggestionKind::Conflict,
                Some(_) => SuggestionKind::Differs,
            };
            PropertySuggestion {
                key,
                current: cur,
                suggested,
                kind,
            }
        })
        .collect()
}
