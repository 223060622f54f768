//! Glance's metadata definitions ("metadefs") as the property editors use them: which image
//! property keys are well known, their titles, the values they allow and typical values.
//! [`KNOWN_PROPERTIES`] is the built-in table, transcribed from the catalog Glance ships
//! (`etc/metadefs/*.json` in the Glance source; namespace in `source`; `examples` are common
//! values where the catalog gives a free-form string). A cloud's own catalog
//! (`/v2/metadefs`, read by [`crate::backend::remote::metadefs`]) becomes a
//! [`PropertyCatalog`] of the same shape, so an editor uses whichever it has and falls back
//! to [`PropertyCatalog::builtin`]. Glance does not enforce metadefs on images, so editors
//! warn about other values instead of refusing them.

use crate::tr;
use std::sync::LazyLock;

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

/// One property definition, from the built-in table or a cloud's catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyDef {
    /// The image property key (with its namespace's prefix for images applied).
    pub key: String,
    /// Short human title.
    pub title: String,
    /// The longer description, when the catalog has one.
    pub description: String,
    /// The JSON-schema type (`string`, `integer`, `boolean`, `number`, `array`).
    pub kind: String,
    /// The values the catalog allows (empty: any value of the type).
    pub allowed: Vec<String>,
    /// Typical values when any value is allowed.
    pub examples: Vec<String>,
    /// Where the definition comes from (its namespace).
    pub source: String,
}

impl From<&KnownProperty> for PropertyDef {
    fn from(p: &KnownProperty) -> Self {
        PropertyDef {
            key: p.key.to_string(),
            title: p.title.to_string(),
            description: String::new(),
            kind: "string".to_string(),
            allowed: p.allowed.iter().map(|s| (*s).to_string()).collect(),
            examples: p.examples.iter().map(|s| (*s).to_string()).collect(),
            source: p.source.to_string(),
        }
    }
}

/// Where a [`PropertyCatalog`] comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogOrigin {
    /// The workbench's built-in table.
    BuiltIn,
    /// A cloud's metadata definitions (the cloud's name).
    Cloud(String),
}

/// The property definitions an editor offers: keys sorted, each once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyCatalog {
    /// Where the definitions come from.
    pub origin: CatalogOrigin,
    defs: Vec<PropertyDef>,
}

static BUILTIN: LazyLock<PropertyCatalog> = LazyLock::new(|| {
    PropertyCatalog::new(
        CatalogOrigin::BuiltIn,
        KNOWN_PROPERTIES.iter().map(PropertyDef::from).collect(),
    )
});

impl PropertyCatalog {
    /// A catalog of `defs`, sorted by key; of two definitions of one key the first is kept.
    pub fn new(origin: CatalogOrigin, mut defs: Vec<PropertyDef>) -> Self {
        // A stable sort keeps the given order among equal keys, so dedup keeps the first.
        defs.sort_by(|a, b| a.key.cmp(&b.key));
        defs.dedup_by(|later, first| later.key == first.key);
        Self { origin, defs }
    }

    /// The built-in table (what the local editors use, and the fallback for remote ones).
    pub fn builtin() -> &'static PropertyCatalog {
        &BUILTIN
    }

    /// Every definition, by key.
    pub fn defs(&self) -> &[PropertyDef] {
        &self.defs
    }

    /// Whether the catalog defines nothing.
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// Where the definitions come from, in words.
    pub fn origin_label(&self) -> String {
        match &self.origin {
            CatalogOrigin::BuiltIn => tr!("backend-metadefs-builtin"),
            CatalogOrigin::Cloud(cloud) => tr!("backend-metadefs-cloud", cloud = cloud),
        }
    }

    /// The definition of `key`, if it is well known.
    pub fn known(&self, key: &str) -> Option<&PropertyDef> {
        self.defs
            .binary_search_by(|d| d.key.as_str().cmp(key))
            .ok()
            .and_then(|i| self.defs.get(i))
    }

    /// Keys containing `typed` (all when empty), skipping those in `exclude`.
    pub fn suggestions<'a>(
        &'a self,
        typed: &str,
        exclude: &'a [&'a str],
    ) -> impl Iterator<Item = &'a PropertyDef> + 'a {
        let typed = typed.trim().to_ascii_lowercase();
        self.defs
            .iter()
            .filter(move |d| typed.is_empty() || d.key.contains(typed.as_str()))
            .filter(move |d| !exclude.contains(&d.key.as_str()))
    }

    /// The values to offer for `key`: allowed values first, `true`/`false` for a boolean,
    /// else examples.
    pub fn value_choices(&self, key: &str) -> Vec<&str> {
        match self.known(key) {
            Some(def) if !def.allowed.is_empty() => {
                def.allowed.iter().map(String::as_str).collect()
            }
            Some(def) if def.kind == "boolean" => vec!["true", "false"],
            Some(def) => def.examples.iter().map(String::as_str).collect(),
            None => Vec::new(),
        }
    }

    /// An advisory note when `value` is not what the catalog allows for `key` (one of its
    /// values, a boolean, an integer).
    pub fn value_warning(&self, key: &str, value: &str) -> Option<String> {
        let def = self.known(key)?;
        if value.is_empty() {
            return None;
        }
        let cloud = match &self.origin {
            CatalogOrigin::BuiltIn => None,
            CatalogOrigin::Cloud(cloud) => Some(cloud.as_str()),
        };
        if !def.allowed.is_empty() {
            if def.allowed.iter().any(|a| a == value) {
                return None;
            }
            let allowed = def.allowed.join(", ");
            return Some(match cloud {
                None => tr!(
                    "backend-metadefs-not-allowed",
                    value = value,
                    key = key,
                    allowed = allowed
                ),
                Some(cloud) => tr!(
                    "backend-metadefs-not-allowed-cloud",
                    cloud = cloud,
                    value = value,
                    key = key,
                    allowed = allowed
                ),
            });
        }
        match (def.kind.as_str(), cloud) {
            ("boolean", None) if value != "true" && value != "false" => Some(tr!(
                "backend-metadefs-not-boolean",
                key = key,
                value = value
            )),
            ("boolean", Some(cloud)) if value != "true" && value != "false" => Some(tr!(
                "backend-metadefs-not-boolean-cloud",
                cloud = cloud,
                key = key,
                value = value
            )),
            ("integer", None) if value.parse::<i64>().is_err() => Some(tr!(
                "backend-metadefs-not-integer",
                key = key,
                value = value
            )),
            ("integer", Some(cloud)) if value.parse::<i64>().is_err() => Some(tr!(
                "backend-metadefs-not-integer-cloud",
                cloud = cloud,
                key = key,
                value = value
            )),
            _ => None,
        }
    }
}

/// The built-in definition of `key`, if it is well known.
pub fn known(key: &str) -> Option<&'static PropertyDef> {
    PropertyCatalog::builtin().known(key)
}

/// An advisory note when `value` is not among the built-in table's allowed values for `key`.
pub fn value_warning(key: &str, value: &str) -> Option<String> {
    PropertyCatalog::builtin().value_warning(key, value)
}

/// The built-in table's values to offer for `key` (allowed values first, else examples).
pub fn value_choices(key: &str) -> Vec<&'static str> {
    PropertyCatalog::builtin().value_choices(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_facts() {
        assert_eq!(value_choices("hw_firmware_type"), ["bios", "uefi"]);
        assert!(value_warning("hw_disk_bus", "virtio").is_none());
        assert!(value_warning("hw_disk_bus", "nvme").is_some());
        assert!(value_warning("os_distro", "anything").is_none());
        let catalog = PropertyCatalog::builtin();
        let keys: Vec<_> = catalog
            .suggestions("hw_v", &["hw_video_ram"])
            .map(|p| p.key.as_str())
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
        assert_eq!(catalog.defs().len(), KNOWN_PROPERTIES.len());
    }

    #[test]
    fn a_cloud_catalog_checks_types_and_keeps_the_first_definition() {
        let def = |key: &str, kind: &str, allowed: &[&str], source: &str| PropertyDef {
            key: key.into(),
            title: key.into(),
            description: String::new(),
            kind: kind.into(),
            allowed: allowed.iter().map(|s| (*s).to_string()).collect(),
            examples: Vec::new(),
            source: source.into(),
        };
        let catalog = PropertyCatalog::new(
            CatalogOrigin::Cloud("lab".into()),
            vec![
                def("tier", "string", &["gold", "silver"], "A"),
                def("hw_boot_menu", "boolean", &[], "B"),
                def("hw_video_ram", "integer", &[], "B"),
                def("tier", "string", &["bronze"], "C"),
            ],
        );
        assert_eq!(catalog.defs().len(), 3);
        assert_eq!(catalog.value_choices("tier"), ["gold", "silver"]);
        assert_eq!(catalog.value_choices("hw_boot_menu"), ["true", "false"]);
        let w = catalog.value_warning("tier", "bronze").unwrap();
        assert!(
            w.contains("cloud lab's metadata definitions") && w.contains("gold, silver"),
            "{w}"
        );
        assert!(catalog.value_warning("hw_boot_menu", "yes").is_some());
        assert!(catalog.value_warning("hw_video_ram", "64").is_none());
        assert!(catalog.value_warning("hw_video_ram", "lots").is_some());
        assert!(catalog.value_warning("unknown", "x").is_none());
        assert_eq!(catalog.origin_label(), "cloud lab's metadata definitions");
    }
}
