//! `image convert`, `create-blank`, `resize`, `check`, `measure` and `info`: qemu-img through
//! the catalog's conversion service (sources are always inspected first).

use std::path::PathBuf;

use clap::Args;
use serde_json::{Value, json};

use crate::backend::convert::{self, ConvertOutput, ConvertSpec, TargetOptions, size_bytes};
use crate::backend::{Catalog, Error, Result};
use crate::cli::args::OutputFormat;
use crate::cli::output::{self, human_bytes, print_json};
use crate::cli::progress;
use crate::convert::qemu_img::{ImageInfo, QemuImgError, SizeSpec, Target, parse_size};
use crate::tr;

/// Target format options shared by `convert`, `create-blank` and `measure`.
#[derive(Debug, Args, Default)]
pub struct TargetArgs {
    /// qcow2: compress clusters (zlib when no algorithm is given, or zstd).
    #[arg(long, num_args = 0..=1, default_missing_value = "zlib", value_name = "ALGO")]
    pub compress: Option<String>,
    /// qcow2: compat level, 0.10 or 1.1.
    #[arg(long, value_name = "LEVEL")]
    pub compat: Option<String>,
    /// qcow2: cluster size (e.g. 64K, 2M).
    #[arg(long, value_name = "SIZE")]
    pub cluster_size: Option<String>,
    /// raw/qcow2: preallocation off, metadata (qcow2), falloc or full.
    #[arg(long, value_name = "MODE")]
    pub preallocation: Option<String>,
    /// vmdk: monolithicSparse or streamOptimized; vhd/vhdx: dynamic or fixed; vdi: dynamic or
    /// static.
    #[arg(long, value_name = "SUBFORMAT")]
    pub subformat: Option<String>,
}

/// `image convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Image name or id, or a disk image file.
    pub source: String,
    /// Target disk format: raw, qcow2, vmdk, vhd (vpc), vhdx, vdi.
    #[arg(long = "to", value_name = "FORMAT")]
    pub to: String,
    /// Name of the new image (default `<source>-<format>`).
    #[arg(long, conflicts_with = "output")]
    pub name: Option<String>,
    /// Write to this file instead of a new catalog image.
    #[arg(short = 'o', long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Replace OUT when it exists.
    #[arg(long, requires = "output")]
    pub overwrite: bool,
    /// Zero runs of at least this size stay unallocated (qemu-img -S; 0 allocates all).
    #[arg(long, value_name = "SIZE")]
    pub sparse_size: Option<String>,
    /// Skip the `qemu-img compare` verification.
    #[arg(long)]
    pub no_verify: bool,
    /// Target options.
    #[command(flatten)]
    pub target: TargetArgs,
}

impl TargetArgs {
    /// The flags as the library's [`TargetOptions`].
    fn options(&self) -> TargetOptions {
        TargetOptions {
            compress: self.compress.clone(),
            compat: self.compat.clone(),
            cluster_size: self.cluster_size.clone(),
            preallocation: self.preallocation.clone(),
            subformat: self.subformat.clone(),
        }
    }
}

/// Build a [`Target`] from a format name (Glance's or qemu's) and the flags; an option the
/// format does not have is refused (the library's [`convert::target_from`]).
pub fn target_from(to: &str, args: &TargetArgs) -> Result<Target> {
    convert::target_from(to, &args.options())
}

/// `image convert`.
pub fn convert(catalog: &Catalog, args: ConvertArgs, format: OutputFormat) -> Result<()> {
    let target = target_from(&args.to, &args.target)?;
    let source = catalog.source_ref(&args.source)?;
    let mut spec = ConvertSpec::new(source, target);
    spec.verify = !args.no_verify;
    spec.sparse_size_bytes = args
        .sparse_size
        .as_deref()
        .map(convert::sparse_size_from)
        .transpose()?;
    spec.output = match args.output {
        Some(path) => ConvertOutput::File {
            path,
            overwrite: args.overwrite,
        },
        None => ConvertOutput::NewImage { name: args.name },
    };
    let outcome = progress::job_shown(
        &format!("converting {}", args.source),
        &tr!("cli-progress-converting", name = args.source.as_str()),
        |job| catalog.convert(&spec, job),
    )?;
    match (format, &outcome.image) {
        (OutputFormat::Json, _) => {
            let mut value = outcome.to_json();
            if let (Value::Object(map), Some(image)) = (&mut value, &outcome.image) {
                map.insert("image".into(), image.to_glance_json());
            }
            print_json(&value);
        }
        (OutputFormat::Table, Some(image)) => println!("{}", output::image_table(image)),
        (OutputFormat::Table, None) => println!(
            "{}",
            output::pairs_table(&[
                (
                    "file",
                    outcome
                        .file
                        .map(|p| p.display().to_string())
                        .unwrap_or_default()
                ),
                ("options", outcome.options.clone()),
                ("output_size", human_bytes(Some(outcome.output_bytes))),
                ("verified", outcome.verified.to_string()),
                ("seconds", format!("{:.1}", outcome.seconds)),
            ])
        ),
    }
    Ok(())
}

/// `image create-blank NAME --size S --disk-format F`.
pub fn create_blank(
    catalog: &Catalog,
    name: &str,
    size: &str,
    disk_format: &str,
    target_args: &TargetArgs,
    format: OutputFormat,
) -> Result<()> {
    let target = target_from(disk_format, target_args)?;
    let image = catalog.create_blank(name, size_bytes(size)?, &target)?;
    print_image(&image, format);
    Ok(())
}

fn print_image(image: &crate::backend::Image, format: OutputFormat) {
    match format {
        OutputFormat::Json => print_json(&image.to_glance_json()),
        OutputFormat::Table => println!("{}", output::image_table(image)),
    }
}

/// `image resize IMAGE --size S [--shrink] [--name N]`.
pub fn resize(
    catalog: &Catalog,
    image: &str,
    size: &str,
    shrink: bool,
    name: Option<String>,
    format: OutputFormat,
) -> Result<()> {
    let image = catalog.resolve(image)?;
    let size: SizeSpec = parse_size(size)?;
    let resized = progress::job_shown(
        &format!("resizing {}", image.label()),
        &tr!("cli-progress-resizing", name = image.label()),
        |job| catalog.resize_image(image.id, size, shrink, name, job),
    )
    .map_err(|error| match error {
        Error::QemuImg(QemuImgError::ShrinkRefused {
            current_bytes,
            requested_bytes,
            ..
        }) => Error::invalid(
            tr!("cli-subject-image", name = image.label()),
            tr!(
                "cli-shrink-refused",
                current = current_bytes.to_string(),
                requested = requested_bytes.to_string()
            ),
        ),
        other => other,
    });
    print_image(&resized?, format);
    Ok(())
}

/// `image check IMAGE`; exits 1 when qemu-img finds corruptions or leaks.
pub fn check(catalog: &Catalog, image: &str, format: OutputFormat) -> Result<()> {
    let image = catalog.resolve(image)?;
    let report = catalog.check_image(image.id)?;
    let pairs = [
        ("image", image.id.to_string()),
        ("format", report.format.clone()),
        ("clean", report.is_clean().to_string()),
        ("corruptions", report.corruptions.to_string()),
        ("leaks", report.leaks.to_string()),
        ("check_errors", report.check_errors.to_string()),
        ("allocated_clusters", opt(report.allocated_clusters)),
        ("total_clusters", opt(report.total_clusters)),
        ("image_end_offset", opt(report.image_end_offset)),
    ];
    print_pairs(&pairs, format);
    if !report.is_clean() {
        return Err(Error::invalid(
            tr!("cli-subject-image", name = image.label()),
            tr!("cli-check-not-clean"),
        ));
    }
    Ok(())
}

fn opt(value: Option<u64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn print_pairs(pairs: &[(&str, String)], format: OutputFormat) {
    match format {
        OutputFormat::Json => {
            let map = pairs
                .iter()
                .map(|(k, v)| {
                    let value = match v.parse::<u64>() {
                        Ok(n) => json!(n),
                        Err(_) => match v.as_str() {
                            "true" => json!(true),
                            "false" => json!(false),
                            "" => Value::Null,
                            _ => json!(v),
                        },
                    };
                    ((*k).to_owned(), value)
                })
                .collect::<serde_json::Map<_, _>>();
            print_json(&Value::Object(map));
        }
        OutputFormat::Table => println!("{}", output::pairs_table(pairs)),
    }
}

/// `image measure IMAGE|FILE --to F`.
pub fn measure(
    catalog: &Catalog,
    source: &str,
    to: &str,
    target_args: &TargetArgs,
    format: OutputFormat,
) -> Result<()> {
    let target = target_from(to, target_args)?;
    let report = catalog.measure(&catalog.source_ref(source)?, &target)?;
    print_pairs(
        &[
            ("target", to.to_owned()),
            ("required", report.required_bytes.to_string()),
            ("fully_allocated", report.fully_allocated_bytes.to_string()),
        ],
        format,
    );
    Ok(())
}

fn info_json(info: &ImageInfo) -> Value {
    json!({
        "format": info.format,
        "virtual_size": info.virtual_size,
        "actual_size": info.actual_size,
        "cluster_size": info.cluster_size,
        "dirty_flag": info.dirty_flag,
        "encrypted": info.encrypted,
        "backing_filename": info.backing_filename,
        "format_specific": info.format_specific.as_ref().map(|f| json!({"type": f.kind, "data": f.data})),
    })
}

/// `image info IMAGE|FILE`: qemu-img's view beside the workbench's inspection.
pub fn info(catalog: &Catalog, source: &str, format: OutputFormat) -> Result<()> {
    let (prepared, info) = catalog.qemu_info(&catalog.source_ref(source)?)?;
    match format {
        OutputFormat::Json => print_json(&json!({
            "source": prepared.lineage,
            "qemu_img": info_json(&info),
            "inspection": serde_json::to_value(&prepared.inspection).unwrap_or(Value::Null),
            "safe": prepared.inspection.is_safe(),
        })),
        OutputFormat::Table => {
            let mut pairs = vec![
                ("qemu-img format", info.format.clone()),
                (
                    "qemu-img virtual size",
                    human_bytes(Some(info.virtual_size)),
                ),
                ("qemu-img actual size", human_bytes(info.actual_size)),
                ("qemu-img cluster size", opt(info.cluster_size)),
            ];
            if let Some(specific) = &info.format_specific {
                pairs.push(("qemu-img format specific", specific.data.to_string()));
            }
            println!("{}", output::pairs_table(&pairs));
            println!();
            println!(
                "{}",
                output::inspection_table(&prepared.lineage, &prepared.inspection)
            );
        }
    }
    Ok(())
}
