//! Well-known image properties for the property editor's suggestions, with the allowed values
//! that Glance's metadata definitions catalog (`etc/metadefs/*.json` in the Glance source)
//! lists for them. These are facts transcribed from that catalog (namespace in `source`);
//! `examples` are common values where the catalog gives a free-form string. Glance does not
//! enforce metadefs on images, so the editor warns about other values instead of refusing.
//! The suggestions row is drawn here so Details and the import form offer the same ones.

use eframe::egui::{self, RichText};

/// One well-known property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownProperty {
    /// The property key.
    pub key: &'static str,
    /// Short human title.
    pub title: &'static str,
    /// The values the catalog allows (empty: any string).
    pub allowed: &'static [&'static str],
    /// Typical values when any string is allowed.
    pub examples: &'static [&'static str],
    /// Where the definition comes from.
    pub source: &'static str,
}

const BUSES: &[&str] = &[
    "scsi", "virtio", "uml", "xen", "ide", "usb", "fdc", "sata", "lxc",
];
const TRUE_FALSE: &[&str] = &["true", "false"];
const YES_NO: &[&str] = &["yes", "no"];
const LIBVIRT: &str = "OS::Compute::LibvirtImage";

/// The well-known keys, alphabetically.
#[rustfmt::skip]
pub const KNOWN_PROPERTIES: &[KnownProperty] = &[
    KnownProperty { key: "architecture", title: "CPU Architecture", allowed: &[], examples: &["x86_64", "aarch64", "ppc64le", "s390x", "i686", "armv7l"], source: "OS::Glance:CommonImageProperties" },
    KnownProperty { key: "description", title: "Description", allowed: &[], examples: &[], source: "Glance image properties" },
    KnownProperty { key: "hw_boot_menu", title: "Boot Menu", allowed: TRUE_FALSE, examples: &[], source: "OS::Compute::Libvirt (prefix hw_)" },
    KnownProperty { key: "hw_cdrom_bus", title: "CD-ROM Bus", allowed: BUSES, examples: &[], source: LIBVIRT },
    KnownProperty { key: "hw_disk_bus", title: "Disk Bus", allowed: BUSES, examples: &[], source: LIBVIRT },
    KnownProperty { key: "hw_firmware_stateless", title: "Stateless Firmware", allowed: TRUE_FALSE, examples: &[], source: LIBVIRT },
    KnownProperty { key: "hw_firmware_type", title: "Firmware Type", allowed: &["bios", "uefi"], examples: &[], source: LIBVIRT },
    KnownProperty { key: "hw_machine_type", title: "Machine Type", allowed: &[], examples: &["q35", "pc", "virt"], source: LIBVIRT },
    KnownProperty { key: "hw_pmu", title: "Virtual Performance Monitoring Unit", allowed: TRUE_FALSE, examples: &[], source: LIBVIRT },
    KnownProperty { key: "hw_pointer_model", title: "Pointer Model", allowed: &["usbtablet"], examples: &[], source: LIBVIRT },
    KnownProperty { key: "hw_qemu_guest_agent", title: "QEMU Guest Agent", allowed: YES_NO, examples: &[], source: LIBVIRT },
    KnownProperty { key: "hw_rng_model", title: "Random Number Generator Device model", allowed: &[], examples: &["virtio"], source: LIBVIRT },
    KnownProperty { key: "hw_scsi_model", title: "SCSI Model", allowed: &[], examples: &["virtio-scsi"], source: LIBVIRT },
    KnownProperty { key: "hw_serial_port_count", title: "Serial Port Count", allowed: &[], examples: &["1", "2"], source: "OS::Compute::Libvirt (prefix hw_)" },
    KnownProperty { key: "hw_video_model", title: "Video Model", allowed: &["vga", "cirrus", "vmvga", "xen", "qxl", "virtio", "gop", "none", "bochs"], examples: &[], source: LIBVIRT },
    KnownProperty { key: "hw_video_ram", title: "Max Video Ram (MB)", allowed: &[], examples: &["16", "64"], source: LIBVIRT },
    KnownProperty { key: "hw_vif_model", title: "Virtual Network Interface", allowed: &["e1000", "e1000e", "ne2k_pci", "netfront", "pcnet", "rtl8139", "spapr-vlan", "virtio", "vmxnet3", "igb"], examples: &[], source: LIBVIRT },
    KnownProperty { key: "hw_vif_multiqueue_enabled", title: "Multiqueue Enabled", allowed: TRUE_FALSE, examples: &[], source: LIBVIRT },
    KnownProperty { key: "hw_watchdog_action", title: "Watchdog Action", allowed: &["disabled", "reset", "poweroff", "pause", "none"], examples: &[], source: "OS::Compute::Watchdog" },
    KnownProperty { key: "hypervisor_type", title: "Hypervisor Type", allowed: &["baremetal", "hyperv", "kvm", "lxc", "qemu", "uml", "vmware", "xen"], examples: &[], source: "OS::Compute::Hypervisor" },
    KnownProperty { key: "img_config_drive", title: "Config Drive", allowed: &["optional", "mandatory"], examples: &[], source: "OS::Compute::InstanceData" },
    KnownProperty { key: "img_hide_hypervisor_id", title: "Hide hypervisor id", allowed: YES_NO, examples: &[], source: LIBVIRT },
    KnownProperty { key: "instance_uuid", title: "Instance ID", allowed: &[], examples: &[], source: "OS::Glance:CommonImageProperties" },
    KnownProperty { key: "kernel_id", title: "Kernel ID (image UUID)", allowed: &[], examples: &[], source: "OS::Glance:CommonImageProperties" },
    KnownProperty { key: "os_admin_user", title: "OS Admin User", allowed: &[], examples: &["root", "Administrator"], source: "OS::OperatingSystem" },
    KnownProperty { key: "os_command_line", title: "Kernel Command Line", allowed: &[], examples: &[], source: LIBVIRT },
    KnownProperty { key: "os_distro", title: "OS Distro", allowed: &[], examples: &["ubuntu", "debian", "fedora", "centos", "rhel", "rocky", "opensuse", "cirros", "windows", "freebsd", "arch"], source: "OS::OperatingSystem" },
    KnownProperty { key: "os_secure_boot", title: "Secure Boot", allowed: &["required", "disabled", "optional"], examples: &[], source: "Nova image properties (not in metadefs)" },
    KnownProperty { key: "os_type", title: "OS Type", allowed: &["linux", "windows"], examples: &[], source: LIBVIRT },
    KnownProperty { key: "os_version", title: "OS Version", allowed: &[], examples: &["24.04", "12", "9", "11.10"], source: "OS::OperatingSystem" },
    KnownProperty { key: "ramdisk_id", title: "Ramdisk ID (image UUID)", allowed: &[], examples: &[], source: "OS::Glance:CommonImageProperties" },
    KnownProperty { key: "vm_mode", title: "VM Mode", allowed: &["hvm", "xen", "uml", "exe"], examples: &[], source: "OS::Compute::Hypervisor" },
];

/// The definition of `key`, if it is well known.
pub fn known(key: &str) -> Option<&'static KnownProperty> {
    KNOWN_PROPERTIES.iter().find(|p| p.key == key)
}

/// Well-known keys containing `typed` (all when empty), skipping those in `exclude`.
pub fn suggestions<'a>(
    typed: &'a str,
    exclude: &'a [&'a str],
) -> impl Iterator<Item = &'static KnownProperty> + 'a {
    let typed = typed.trim().to_ascii_lowercase();
    KNOWN_PROPERTIES
        .iter()
        .filter(move |p| typed.is_empty() || p.key.contains(typed.as_str()))
        .filter(move |p| !exclude.contains(&p.key))
}

/// An advisory note when `value` is not among the catalog's allowed values for `key`.
pub fn value_warning(key: &str, value: &str) -> Option<String> {
    let def = known(key)?;
    if def.allowed.is_empty() || value.is_empty() || def.allowed.contains(&value) {
        return None;
    }
    Some(format!(
        "\"{value}\" is not one of the values Glance's metadata definitions list for {key}: {}",
        def.allowed.join(", ")
    ))
}

/// The values to offer for `key` (allowed values first, else examples).
pub fn value_choices(key: &str) -> &'static [&'static str] {
    match known(key) {
        Some(def) if !def.allowed.is_empty() => def.allowed,
        Some(def) => def.examples,
        None => &[],
    }
}

/// What a click in the suggestions row picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// A well-known key.
    Key(String),
    /// A value for the typed key.
    Value(String),
}

/// The suggestions under a key/value row: for a well-known `key`, its title and its allowed
/// values (or examples); otherwise the well-known keys matching what is typed, less those in
/// `existing`.
pub fn suggestions_ui(
    ui: &mut egui::Ui,
    key: &str,
    value: &str,
    existing: &[&str],
) -> Option<Pick> {
    let mut picked = None;
    match known(key) {
        Some(def) => {
            ui.label(RichText::new(format!("{} — from {}", def.title, def.source)).weak());
            let choices = value_choices(key);
            if !choices.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(if def.allowed.is_empty() {
                        "Examples:"
                    } else {
                        "Allowed values:"
                    });
                    for choice in choices {
                        if ui.selectable_label(value == *choice, *choice).clicked() {
                            picked = Some(Pick::Value((*choice).to_string()));
                        }
                    }
                });
            }
        }
        None => {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("Well-known keys:").weak());
                for def in suggestions(key, existing).take(14) {
                    if ui.small_button(def.key).on_hover_text(def.title).clicked() {
                        picked = Some(Pick::Key(def.key.to_string()));
                    }
                }
            });
        }
    }
    picked
}

/// The row that adds or replaces a property, shared by Details and the Import form: key and
/// value fields (fixed ids under `id`, so a message appearing while typing keeps the focus),
/// Add / Replace, and the validation error or the allowed-values warning under it. Returns
/// the key (trimmed) and value being typed, for the suggestions.
pub fn add_property_row_ui(
    ui: &mut egui::Ui,
    subject: &str,
    properties: &mut std::collections::BTreeMap<String, String>,
    new_key: &mut String,
    new_value: &mut String,
    id: impl std::hash::Hash + std::fmt::Debug + Copy,
) -> (String, String) {
    use crate::backend::validate;
    let key = new_key.trim().to_string();
    let value = new_value.clone();
    let existing = properties.contains_key(&key);
    let problem = if key.is_empty() {
        None
    } else if !existing && properties.len() >= validate::MAX_PROPERTIES {
        Some(format!(
            "{subject}: too many properties (at most {})",
            validate::MAX_PROPERTIES
        ))
    } else {
        validate::check_property(subject, &key, &value)
            .err()
            .map(|e| e.to_string())
    };
    // Wrapped, with fields that share the width: a narrow inspector puts the button on the
    // next line instead of pushing the panel wider than the window.
    let field_width = ((ui.available_width() - 190.0) / 2.0).clamp(80.0, 220.0);
    ui.horizontal_wrapped(|ui| {
        for (label, text) in [("Key", &mut *new_key), ("Value", &mut *new_value)] {
            let caption = ui.label(label);
            ui.add(
                egui::TextEdit::singleline(text)
                    .id_salt((id, label))
                    .desired_width(field_width),
            )
            .labelled_by(caption.id);
        }
        let verb = if existing {
            "Replace property"
        } else {
            "Add property"
        };
        if ui
            .add_enabled(
                !key.is_empty() && problem.is_none(),
                egui::Button::new(verb),
            )
            .clicked()
        {
            properties.insert(key.clone(), value.clone());
            new_key.clear();
            new_value.clear();
        }
    });
    if let Some(problem) = &problem {
        ui.label(crate::ui::theme::error_text(ui, problem.clone()));
    } else if let Some(warning) = value_warning(&key, value.trim()) {
        ui.label(crate::ui::theme::warn_text(ui, warning));
    }
    (key, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_facts() {
        assert_eq!(value_choices("hw_firmware_type"), &["bios", "uefi"]);
        assert!(value_warning("hw_disk_bus", "virtio").is_none());
        assert!(value_warning("hw_disk_bus", "nvme").is_some());
        assert!(value_warning("os_distro", "anything").is_none());
        let keys: Vec<_> = suggestions("hw_v", &["hw_video_ram"])
            .map(|p| p.key)
            .collect();
        assert_eq!(
            keys,
            [
                "hw_video_model",
                "hw_vif_model",
                "hw_vif_multiqueue_enabled"
            ]
        );
        let mut sorted: Vec<_> = KNOWN_PROPERTIES.iter().map(|p| p.key).collect();
        sorted.sort_unstable();
        assert_eq!(
            sorted,
            KNOWN_PROPERTIES.iter().map(|p| p.key).collect::<Vec<_>>()
        );
    }
}
