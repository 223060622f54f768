//! Per-target creation options. Every qemu-img call the driver makes names its input format
//! with a [`QemuFormat`] (`-f`; it is shared vocabulary, defined in [`crate::model::qemu_img`]),
//! so qemu-img never probes an untrusted file.

use crate::model::qemu_img::{QemuFormat, QemuImgError, Result};

/// qcow2 compression algorithm for `convert -c`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Compression {
    /// zlib/deflate: readable by every qcow2 reader.
    #[default]
    Zlib,
    /// zstd: faster, needs qemu 5.1+ readers and `compat=1.1`.
    Zstd,
}

impl Compression {
    fn as_str(self) -> &'static str {
        match self {
            Self::Zlib => "zlib",
            Self::Zstd => "zstd",
        }
    }
}

/// qcow2 `compat` level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qcow2Compat {
    /// qcow2 version 2, readable by qemu older than 1.1.
    V0_10,
    /// qcow2 version 3 (qemu's default).
    V1_1,
}

/// Preallocation mode for raw and qcow2 targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Preallocation {
    /// Sparse (default).
    #[default]
    Off,
    /// qcow2 only: allocate metadata, not data.
    Metadata,
    /// Reserve space with `posix_fallocate`.
    Falloc,
    /// Write zeros to every byte.
    Full,
}

impl Preallocation {
    fn as_str(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Metadata => "metadata",
            Self::Falloc => "falloc",
            Self::Full => "full",
        }
    }
}

/// Options for a qcow2 target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Qcow2Options {
    /// Compress data clusters (`-c`) with this algorithm; `None` writes uncompressed clusters.
    /// For `create` only the header's `compression_type` is set.
    pub compression: Option<Compression>,
    /// `compat` level; `None` leaves qemu's default (1.1).
    pub compat: Option<Qcow2Compat>,
    /// Cluster size in bytes (a power of two, 512 B..2 MiB); `None` leaves 64 KiB.
    pub cluster_size_bytes: Option<u32>,
    /// Preallocation; must be `Off` when compressing.
    pub preallocation: Preallocation,
}

/// VMDK subformats Glance accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum VmdkSubformat {
    /// One sparse file with an embedded descriptor.
    #[default]
    MonolithicSparse,
    /// Compressed, grain markers; what vSphere/ESXi import and AWS VM import expect.
    StreamOptimized,
}

/// VHD subformats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum VpcSubformat {
    /// Sparse, block allocation table.
    #[default]
    Dynamic,
    /// Raw data followed by a footer (what Azure needs).
    Fixed,
}

/// VHDX subformats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum VhdxSubformat {
    /// Sparse.
    #[default]
    Dynamic,
    /// Fully allocated.
    Fixed,
}

/// Target format together with its creation options, so that an option can only be given to a
/// format that has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Raw bytes.
    Raw {
        /// Preallocation (`Metadata` is not valid for raw).
        preallocation: Preallocation,
    },
    /// qcow2.
    Qcow2(Qcow2Options),
    /// VMDK.
    Vmdk {
        /// Subformat.
        subformat: VmdkSubformat,
    },
    /// VHD.
    Vpc {
        /// Subformat.
        subformat: VpcSubformat,
        /// Keep the exact byte size (`force_size=on`) instead of rounding to a CHS geometry,
        /// so a conversion never changes the guest-visible size. [`Target::default_for`] sets it.
        force_size: bool,
    },
    /// VHDX.
    Vhdx {
        /// Subformat.
        subformat: VhdxSubformat,
    },
    /// VDI.
    Vdi {
        /// Preallocate the whole image (`static=on`).
        preallocated: bool,
    },
}

impl Target {
    /// The default options for a writable format, `None` for formats the driver does not write.
    pub fn default_for(format: QemuFormat) -> Option<Self> {
        Some(match format {
            QemuFormat::Raw => Self::Raw {
                preallocation: Preallocation::Off,
            },
            QemuFormat::Qcow2 => Self::Qcow2(Qcow2Options::default()),
            QemuFormat::Vmdk => Self::Vmdk {
                subformat: VmdkSubformat::default(),
            },
            QemuFormat::Vpc => Self::Vpc {
                subformat: VpcSubformat::default(),
                force_size: true,
            },
            QemuFormat::Vhdx => Self::Vhdx {
                subformat: VhdxSubformat::default(),
            },
            QemuFormat::Vdi => Self::Vdi {
                preallocated: false,
            },
            QemuFormat::Qcow | QemuFormat::Qed | QemuFormat::Luks | QemuFormat::Parallels => {
                return None;
            }
        })
    }

    /// The qemu format written (`-O`).
    pub fn format(&self) -> QemuFormat {
        match self {
            Self::Raw { .. } => QemuFormat::Raw,
            Self::Qcow2(_) => QemuFormat::Qcow2,
            Self::Vmdk { .. } => QemuFormat::Vmdk,
            Self::Vpc { .. } => QemuFormat::Vpc,
            Self::Vhdx { .. } => QemuFormat::Vhdx,
            Self::Vdi { .. } => QemuFormat::Vdi,
        }
    }

    /// Whether `convert` passes `-c` (compressed qcow2 clusters).
    pub fn compresses(&self) -> bool {
        matches!(
            self,
            Self::Qcow2(Qcow2Options {
                compression: Some(_),
                ..
            })
        )
    }

    /// Whether the output is a streamOptimized VMDK (compressed grains, meant to be read as a
    /// stream).
    pub fn is_stream_optimized(&self) -> bool {
        matches!(
            self,
            Self::Vmdk {
                subformat: VmdkSubformat::StreamOptimized
            }
        )
    }

    /// Refuse option combinations qemu-img would refuse, before running it.
    pub fn validate(&self) -> Result<()> {
        let invalid = |reason: &str| {
            Err(QemuImgError::InvalidOptions {
                reason: reason.to_owned(),
            })
        };
        match self {
            Self::Raw {
                preallocation: Preallocation::Metadata,
            } => invalid("preallocation=metadata is only valid for qcow2"),
            Self::Qcow2(options) => {
                if options.compression.is_some() && options.preallocation != Preallocation::Off {
                    return invalid("qcow2 compression and preallocation exclude each other");
                }
                if options.compression == Some(Compression::Zstd)
                    && options.compat == Some(Qcow2Compat::V0_10)
                {
                    return invalid("zstd compression needs qcow2 compat 1.1");
                }
                if let Some(cluster) = options.cluster_size_bytes
                    && (!cluster.is_power_of_two() || !(512..=2 << 20).contains(&cluster))
                {
                    return invalid(
                        "qcow2 cluster size must be a power of two from 512 B to 2 MiB",
                    );
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The `-o` creation options, comma-separated, or `None` when there are none.
    pub fn creation_options(&self) -> Option<String> {
        let mut options: Vec<String> = Vec::new();
        match self {
            Self::Raw { preallocation } => {
                if *preallocation != Preallocation::Off {
                    options.push(format!("preallocation={}", preallocation.as_str()));
                }
            }
            Self::Qcow2(qcow2) => {
                if let Some(compat) = qcow2.compat {
                    options.push(
                        match compat {
                            Qcow2Compat::V0_10 => "compat=0.10",
                            Qcow2Compat::V1_1 => "compat=1.1",
                        }
                        .to_owned(),
                    );
                }
                if let Some(cluster) = qcow2.cluster_size_bytes {
                    options.push(format!("cluster_size={cluster}"));
                }
                if qcow2.preallocation != Preallocation::Off {
                    options.push(format!("preallocation={}", qcow2.preallocation.as_str()));
                }
                if let Some(compression) = qcow2.compression {
                    options.push(format!("compression_type={}", compression.as_str()));
                }
            }
            Self::Vmdk { subformat } => options.push(
                match subformat {
                    VmdkSubformat::MonolithicSparse => "subformat=monolithicSparse",
                    VmdkSubformat::StreamOptimized => "subformat=streamOptimized",
                }
                .to_owned(),
            ),
            Self::Vpc {
                subformat,
                force_size,
            } => {
                options.push(
                    match subformat {
                        VpcSubformat::Dynamic => "subformat=dynamic",
                        VpcSubformat::Fixed => "subformat=fixed",
                    }
                    .to_owned(),
                );
                if *force_size {
                    options.push("force_size=on".to_owned());
                }
            }
            Self::Vhdx { subformat } => options.push(
                match subformat {
                    VhdxSubformat::Dynamic => "subformat=dynamic",
                    VhdxSubformat::Fixed => "subformat=fixed",
                }
                .to_owned(),
            ),
            Self::Vdi { preallocated } => {
                if *preallocated {
                    options.push("static=on".to_owned());
                }
            }
        }
        (!options.is_empty()).then(|| options.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_render() {
        let compressed = Target::Qcow2(Qcow2Options {
            compression: Some(Compression::Zstd),
            compat: Some(Qcow2Compat::V1_1),
            cluster_size_bytes: Some(65536),
            preallocation: Preallocation::Off,
        });
        assert_eq!(
            compressed.creation_options().as_deref(),
            Some("compat=1.1,cluster_size=65536,compression_type=zstd")
        );
        assert!(compressed.compresses());
        let vpc = Target::default_for(QemuFormat::Vpc);
        assert_eq!(
            vpc.and_then(|t| t.creation_options()).as_deref(),
            Some("subformat=dynamic,force_size=on")
        );
        assert_eq!(
            Target::default_for(QemuFormat::Raw).and_then(|t| t.creation_options()),
            None
        );
        assert!(Target::default_for(QemuFormat::Qed).is_none());
    }

    #[test]
    fn contradictions_refused() {
        let bad = Target::Qcow2(Qcow2Options {
            compression: Some(Compression::Zlib),
            preallocation: Preallocation::Full,
            ..Qcow2Options::default()
        });
        assert!(bad.validate().is_err());
        let bad_cluster = Target::Qcow2(Qcow2Options {
            cluster_size_bytes: Some(3000),
            ..Qcow2Options::default()
        });
        assert!(bad_cluster.validate().is_err());
        let raw_metadata = Target::Raw {
            preallocation: Preallocation::Metadata,
        };
        assert!(raw_metadata.validate().is_err());
    }
}
