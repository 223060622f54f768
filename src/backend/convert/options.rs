//! Target options as text — a format name plus compression, compat, cluster size,
//! preallocation, subformat and sparse size, as the CLI's flags and the GUI's forms take them —
//! turned into a checked [`Target`]. One implementation, so both give the same messages; the
//! choices each format offers are listed here too, so a form shows only valid options.

use crate::backend::error::{Error, Result};
use crate::convert::qemu_img::{
    Compression, Preallocation, Qcow2Compat, Qcow2Options, QemuFormat, Target, VhdxSubformat,
    VmdkSubformat, VpcSubformat, check_sparse_size, parse_size,
};
use crate::tr;

/// The formats a conversion or a blank image can be written in, in menu order.
pub const TARGET_FORMATS: [QemuFormat; 6] = [
    QemuFormat::Raw,
    QemuFormat::Qcow2,
    QemuFormat::Vmdk,
    QemuFormat::Vpc,
    QemuFormat::Vhdx,
    QemuFormat::Vdi,
];

/// qcow2 compression algorithms (`compress`).
pub const COMPRESSIONS: [&str; 2] = ["zlib", "zstd"];
/// qcow2 compat levels (`compat`).
pub const COMPAT_LEVELS: [&str; 2] = ["1.1", "0.10"];

/// Target options as typed; `None` leaves qemu-img's default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TargetOptions {
    /// qcow2: `zlib` or `zstd`.
    pub compress: Option<String>,
    /// qcow2: `0.10` or `1.1`.
    pub compat: Option<String>,
    /// qcow2: a size such as `64K`.
    pub cluster_size: Option<String>,
    /// raw/qcow2: `off`, `metadata` (qcow2), `falloc` or `full`.
    pub preallocation: Option<String>,
    /// vmdk: `monolithicSparse`/`streamOptimized`; vhd, vhdx: `dynamic`/`fixed`; vdi:
    /// `dynamic`/`static`.
    pub subformat: Option<String>,
}

/// The preallocation modes `format` accepts (empty: it has no preallocation option).
pub fn preallocations(format: QemuFormat) -> &'static [&'static str] {
    match format {
        QemuFormat::Raw => &["off", "falloc", "full"],
        QemuFormat::Qcow2 => &["off", "metadata", "falloc", "full"],
        _ => &[],
    }
}

/// The subformats `format` accepts, the default first (empty: it has none).
pub fn subformats(format: QemuFormat) -> &'static [&'static str] {
    match format {
        QemuFormat::Vmdk => &["monolithicSparse", "streamOptimized"],
        QemuFormat::Vpc | QemuFormat::Vhdx => &["dynamic", "fixed"],
        QemuFormat::Vdi => &["dynamic", "static"],
        _ => &[],
    }
}

/// Whether `qemu-img measure` can size a `format` target (its block drivers measure only raw
/// and qcow2).
pub fn is_measurable(format: QemuFormat) -> bool {
    matches!(format, QemuFormat::Raw | QemuFormat::Qcow2)
}

/// The name a format goes by in the catalog (Glance's `disk_format`: `vhd`, not `vpc`).
pub fn format_name(format: QemuFormat) -> &'static str {
    format.to_glance_disk_format().unwrap_or(format.as_str())
}

fn invalid(problem: impl Into<String>) -> Error {
    Error::invalid(tr!("backend-subject-target-options"), problem)
}

/// An absolute size such as `10G` or `4096`, in bytes.
pub fn size_bytes(text: &str) -> Result<u64> {
    parse_size(text)?
        .absolute_bytes()
        .ok_or_else(|| invalid(tr!("backend-size-not-absolute", size = format!("{text:?}"))))
}

/// The `-S` sparse size as typed: an absolute size, a multiple of 512 up to 16 MiB (`0`
/// allocates everything).
pub fn sparse_size_from(text: &str) -> Result<u64> {
    let bytes = size_bytes(text)?;
    check_sparse_size(bytes)?;
    Ok(bytes)
}

/// Build a [`Target`] from a format name (Glance's or qemu's) and the options; an option the
/// format does not have is refused, and so is a combination qemu-img would refuse.
pub fn target_from(to: &str, options: &TargetOptions) -> Result<Target> {
    let format = QemuFormat::from_glance_disk_format(to)
        .filter(|_| to != "iso" && to != "ami")
        .or_else(|| to.parse().ok())
        .filter(|f: &QemuFormat| f.is_writable())
        .ok_or_else(|| invalid(tr!("backend-cannot-convert-to", format = format!("{to:?}"))))?;
    let mut target =
        Target::default_for(format).ok_or_else(|| invalid(tr!("backend-not-writable")))?;
    let qcow2_only =
        options.compress.is_some() || options.compat.is_some() || options.cluster_size.is_some();
    if qcow2_only && format != QemuFormat::Qcow2 {
        return Err(invalid(tr!("backend-qcow2-only-options")));
    }
    let preallocation = options
        .preallocation
        .as_deref()
        .map(|mode| match mode {
            "off" => Ok(Preallocation::Off),
            "metadata" => Ok(Preallocation::Metadata),
            "falloc" => Ok(Preallocation::Falloc),
            "full" => Ok(Preallocation::Full),
            other => Err(invalid(tr!(
                "backend-unknown-preallocation",
                value = format!("{other:?}")
            ))),
        })
        .transpose()?;
    let subformat = options.subformat.as_deref();
    match &mut target {
        Target::Raw { preallocation: p } => *p = preallocation.unwrap_or_default(),
        Target::Qcow2(qcow2) => {
            *qcow2 = Qcow2Options {
                compression: match options.compress.as_deref() {
                    None => None,
                    Some("zlib") => Some(Compression::Zlib),
                    Some("zstd") => Some(Compression::Zstd),
                    Some(other) => {
                        return Err(invalid(tr!(
                            "backend-unknown-compression",
                            value = format!("{other:?}")
                        )));
                    }
                },
                compat: match options.compat.as_deref() {
                    None => None,
                    Some("0.10") => Some(Qcow2Compat::V0_10),
                    Some("1.1") => Some(Qcow2Compat::V1_1),
                    Some(other) => {
                        return Err(invalid(tr!(
                            "backend-unknown-compat",
                            value = format!("{other:?}")
                        )));
                    }
                },
                cluster_size_bytes: match options.cluster_size.as_deref() {
                    None => None,
                    Some(text) => Some(
                        u32::try_from(size_bytes(text)?)
                            .map_err(|_| invalid(tr!("backend-cluster-size-too-large")))?,
                    ),
                },
                preallocation: preallocation.unwrap_or_default(),
            };
        }
        Target::Vmdk { subformat: s } => match subformat {
            None | Some("monolithicSparse") => *s = VmdkSubformat::MonolithicSparse,
            Some("streamOptimized") => *s = VmdkSubformat::StreamOptimized,
            Some(other) => {
                return Err(invalid(tr!(
                    "backend-unknown-subformat",
                    format = "vmdk",
                    value = format!("{other:?}")
                )));
            }
        },
        Target::Vpc { subformat: s, .. } => match subformat {
            None | Some("dynamic") => *s = VpcSubformat::Dynamic,
            Some("fixed") => *s = VpcSubformat::Fixed,
            Some(other) => {
                return Err(invalid(tr!(
                    "backend-unknown-subformat",
                    format = "vhd",
                    value = format!("{other:?}")
                )));
            }
        },
        Target::Vhdx { subformat: s } => match subformat {
            None | Some("dynamic") => *s = VhdxSubformat::Dynamic,
            Some("fixed") => *s = VhdxSubformat::Fixed,
            Some(other) => {
                return Err(invalid(tr!(
                    "backend-unknown-subformat",
                    format = "vhdx",
                    value = format!("{other:?}")
                )));
            }
        },
        Target::Vdi { preallocated } => match subformat {
            None | Some("dynamic") => *preallocated = false,
            Some("static") => *preallocated = true,
            Some(other) => {
                return Err(invalid(tr!(
                    "backend-unknown-subformat",
                    format = "vdi",
                    value = format!("{other:?}")
                )));
            }
        },
    }
    if preallocation.is_some() && !matches!(target, Target::Raw { .. } | Target::Qcow2(_)) {
        return Err(invalid(tr!("backend-preallocation-option")));
    }
    if subformat.is_some() && matches!(target, Target::Raw { .. } | Target::Qcow2(_)) {
        return Err(invalid(tr!("backend-subformat-option")));
    }
    target.validate()?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(f: impl FnOnce(&mut TargetOptions)) -> TargetOptions {
        let mut options = TargetOptions::default();
        f(&mut options);
        options
    }

    #[test]
    fn every_listed_choice_is_accepted() {
        for format in TARGET_FORMATS {
            let name = format_name(format);
            assert!(
                target_from(name, &TargetOptions::default()).is_ok(),
                "{name}"
            );
            for mode in preallocations(format) {
                let o = options(|o| o.preallocation = Some((*mode).to_owned()));
                assert_eq!(target_from(name, &o).unwrap().format(), format);
            }
            for sub in subformats(format) {
                let o = options(|o| o.subformat = Some((*sub).to_owned()));
                assert_eq!(target_from(name, &o).unwrap().format(), format);
            }
        }
        for algo in COMPRESSIONS {
            for compat in COMPAT_LEVELS {
                let o = options(|o| {
                    o.compress = Some(algo.to_owned());
                    o.compat = Some(compat.to_owned());
                });
                let ok = !(algo == "zstd" && compat == "0.10");
                assert_eq!(target_from("qcow2", &o).is_ok(), ok, "{algo} {compat}");
            }
        }
    }

    #[test]
    fn bad_options_are_refused_with_the_reason() {
        let message = |to: &str, o: TargetOptions| target_from(to, &o).unwrap_err().to_string();
        assert_eq!(
            message("qcow2", options(|o| o.cluster_size = Some("abc".into()))),
            "invalid size \"abc\": expected a number such as 10G, +5G or 1024"
        );
        assert_eq!(
            message("vmdk", options(|o| o.compress = Some("zlib".into()))),
            "target options: --compress, --compat and --cluster-size are qcow2 options"
        );
        assert!(message("iso", TargetOptions::default()).contains("cannot convert to \"iso\""));
        assert!(
            message("raw", options(|o| o.subformat = Some("fixed".into()))).contains("--subformat")
        );
        assert!(sparse_size_from("1000").is_err());
        assert_eq!(sparse_size_from("64K").unwrap(), 65536);
        assert!(size_bytes("+5G").is_err());
    }
}
