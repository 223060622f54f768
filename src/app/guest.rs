//! Looking inside images, composed once for both front ends: the "Look inside" job (the
//! window's Inside section, `image inspect --guest`), applying the suggested properties
//! (Details' "Apply suggestions", `image set --from-inspection`) and the conflicts a push
//! warns about (the push dialog, `push`). The catalog's rules are in
//! [`crate::backend::guest`], the readers in [`crate::convert::guest`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::backend::guest::{Applied, suggestions_for};
use crate::backend::{Catalog, Error, Image, ImageId, JobControl, Result};
use crate::convert::guest::{
    Firmware, FsKind, GuestReport, OsFamily, OsReport, PartitionReport, PartitionTableKind,
    PropertySuggestion, SuggestionKind,
};
use crate::i18n::{self, Lang};
use crate::tr;

/// The catalog message `id` (one without placeholders) in the current language, for the
/// labels the report's tables take as `&'static str` (the CLI's table rows, Details' grid):
/// each is made once per language and kept, so this holds at most one copy of each of these
/// few labels per language.
fn label(id: &'static str) -> &'static str {
    static MADE: Mutex<BTreeMap<(Lang, &'static str), &'static str>> = Mutex::new(BTreeMap::new());
    let lang = i18n::current();
    let mut made = MADE.lock().unwrap_or_else(PoisonError::into_inner);
    made.entry((lang, id))
        .or_insert_with(|| Box::leak(i18n::message_in(lang, id, None).into_boxed_str()))
}

/// What `image inspect --guest` was given: a file, or an image of the catalog.
#[derive(Debug, Clone)]
pub enum GuestTarget {
    /// A disk image file (an existing path).
    File(PathBuf),
    /// A catalog image (by name or id).
    Image(Box<Image>),
}

/// A command-line argument as a target: an existing path is a file, anything else a catalog
/// image by name or id (as `image info` and `image measure` resolve theirs).
pub fn resolve_target(catalog: &Catalog, text: &str) -> Result<GuestTarget> {
    let path = Path::new(text);
    if path.exists() {
        return Ok(GuestTarget::File(path.to_path_buf()));
    }
    catalog
        .resolve(text)
        .map(|image| GuestTarget::Image(Box::new(image)))
}

/// What a look inside a catalog image found, beside the image as it was read.
#[derive(Debug, Clone)]
pub struct Looked {
    /// The image.
    pub image: Image,
    /// What is inside.
    pub report: GuestReport,
    /// The suggestions beside its current properties.
    pub suggestions: Vec<PropertySuggestion>,
}

/// Refuse to go on when `job` was cancelled. The guest readers take no control of their own:
/// a look inside is bounded (64 MiB at most, well under a second on a local disk), so a
/// cancel is honoured before it starts and its result dropped after.
fn check_cancel(job: &JobControl, what: &str) -> Result<()> {
    if job.is_cancelled() {
        return Err(Error::Cancelled(what.to_owned()));
    }
    Ok(())
}

/// Look inside catalog image `image_id` (the job of the window's "Look inside").
pub fn look_inside(catalog: &Catalog, image_id: ImageId, job: &JobControl) -> Result<Looked> {
    let what = "look inside";
    check_cancel(job, what)?;
    job.set_note(&tr!("guest-note-reading"));
    let report = catalog.inspect_guest(image_id)?;
    check_cancel(job, what)?;
    // Read again after the look: the comparison is with the properties as they are now.
    let image = catalog.image(image_id)?;
    let suggestions = suggestions_for(&image, &report);
    Ok(Looked {
        image,
        report,
        suggestions,
    })
}

/// Look inside a disk image file.
pub fn look_inside_file(catalog: &Catalog, path: &Path, job: &JobControl) -> Result<GuestReport> {
    check_cancel(job, "look inside")?;
    job.set_note(&tr!("guest-note-reading"));
    let report = catalog.inspect_guest_file(path)?;
    check_cancel(job, "look inside")?;
    Ok(report)
}

/// Apply the suggested properties to image `image_id` through the ordinary property update
/// (`image set --from-inspection`, Details' "Apply suggestions"): from `report` when the
/// front end already has one (the window keeps the report it showed), else from a fresh look
/// inside; `keys` chooses (default: every New, Differs and Conflict).
pub fn apply_suggestions(
    catalog: &Catalog,
    image_id: ImageId,
    report: Option<&GuestReport>,
    keys: Option<&[String]>,
    job: &JobControl,
) -> Result<Applied> {
    match report {
        Some(report) => catalog.apply_guest_suggestions(image_id, report, keys),
        None => {
            let looked = look_inside(catalog, image_id, job)?;
            catalog.apply_guest_suggestions(image_id, &looked.report, keys)
        }
    }
}

/// The one-line summary of an [`Applied`] for a status line.
pub fn applied_summary(applied: &Applied) -> String {
    if applied.applied.is_empty() {
        return tr!("guest-applied-none", name = applied.image.label());
    }
    let keys: Vec<String> = applied
        .applied
        .iter()
        .map(|s| format!("{}={}", s.key, s.suggested))
        .collect();
    let mut summary = tr!(
        "guest-applied-set",
        name = applied.image.label(),
        properties = keys.join(", ")
    );
    // Glance accepts values outside its metadefs; say so as Details does for a typed one.
    for warning in &applied.warnings {
        summary = tr!("guest-applied-note", summary = summary, warning = warning);
    }
    summary
}

/// The conflicts each of `images` has between its metadata and its content (what the push
/// dialog shows before Start push, and `push` prints): images that cannot be looked inside
/// have none.
pub fn push_conflicts(catalog: &Catalog, images: &[ImageId]) -> Vec<(ImageId, Vec<String>)> {
    images
        .iter()
        .map(|id| {
            let warnings = catalog
                .image(*id)
                .map(|image| catalog.guest_conflicts(&image))
                .unwrap_or_default();
            (*id, warnings)
        })
        .collect()
}

/// The word a comparison row carries beside its colour (the CLI's table, Details' grid).
pub fn kind_word(kind: SuggestionKind) -> &'static str {
    match kind {
        SuggestionKind::Same => label("guest-kind-same"),
        SuggestionKind::New => label("guest-kind-new"),
        SuggestionKind::Differs => label("guest-kind-differs"),
        SuggestionKind::Conflict => label("guest-kind-conflict"),
    }
}

/// A filesystem kind as people name it.
pub fn fs_name(fs: FsKind) -> &'static str {
    fs.name()
}

/// The operating system in one line: `Ubuntu 24.04 LTS (noble)`.
pub fn os_line(os: &OsReport) -> String {
    let family = match os.family {
        OsFamily::Linux => "Linux",
        OsFamily::Windows => "Windows",
        OsFamily::Bsd => "BSD",
    };
    let mut line = os
        .name
        .clone()
        .or_else(|| os.distro.clone())
        .unwrap_or_else(|| family.to_owned());
    if let Some(version) = &os.version
        && !line.contains(version.as_str())
    {
        line.push(' ');
        line.push_str(version);
    }
    if let Some(codename) = &os.codename
        && !line.contains(codename.as_str())
    {
        line.push_str(&format!(" ({codename})"));
    }
    line
}

fn yes_no(value: bool) -> String {
    if value {
        tr!("guest-yes")
    } else {
        tr!("guest-no")
    }
}

/// What a look inside found, as (field, value) rows in reading order: both front ends show
/// these (the CLI's table, Details' Inside section); partitions and findings are listed apart.
pub fn report_rows(report: &GuestReport) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    match &report.os {
        Some(os) => {
            rows.push((label("guest-row-os"), os_line(os)));
            let family = match os.family {
                OsFamily::Linux => "linux",
                OsFamily::Windows => "windows",
                OsFamily::Bsd => "bsd",
            };
            rows.push((label("guest-row-family"), family.to_owned()));
            if let Some(distro) = &os.distro {
                rows.push((label("guest-row-distribution"), distro.clone()));
            }
            rows.push((label("guest-row-read-from"), os.source.clone()));
        }
        None => rows.push((label("guest-row-os"), tr!("guest-none-found"))),
    }
    rows.push((
        label("guest-row-architecture"),
        report
            .architecture
            .clone()
            .unwrap_or_else(|| tr!("guest-unknown")),
    ));
    rows.push((
        label("guest-row-firmware"),
        match report.firmware {
            Some(Firmware::Bios) => "BIOS".to_owned(),
            Some(Firmware::Uefi) => "UEFI".to_owned(),
            Some(Firmware::Both) => tr!("guest-firmware-both"),
            None => tr!("guest-unknown"),
        },
    ));
    rows.push(("cloud-init", yes_no(report.cloud_init)));
    rows.push((
        label("guest-row-qemu-agent"),
        yes_no(report.qemu_guest_agent),
    ));
    if let Some(virtio) = report.virtio_drivers {
        rows.push((label("guest-row-virtio"), yes_no(virtio)));
    }
    if !report.kernels.is_empty() {
        rows.push((label("guest-row-kernels"), report.kernels.join(", ")));
    }
    if let Some(root) = &report.root {
        rows.push((
            label("guest-row-root"),
            tr!(
                "guest-root-value",
                partition = root.partition.to_string(),
                fs = fs_name(root.fs),
                used = crate::format::bytes(Some(root.used_bytes)),
                size = crate::format::bytes(Some(root.size_bytes))
            ),
        ));
    }
    rows.push((
        label("guest-row-partition-table"),
        match report.partition_table {
            Some(PartitionTableKind::Gpt) => "GPT".to_owned(),
            Some(PartitionTableKind::Mbr) => "MBR".to_owned(),
            None => tr!("guest-no-partition-table"),
        },
    ));
    rows.push((label("guest-row-disk-format"), report.format.to_string()));
    rows.push((
        label("guest-row-virtual-size"),
        crate::format::bytes(Some(report.virtual_size)),
    ));
    rows.push((
        label("guest-row-bytes-read"),
        crate::format::bytes(Some(report.bytes_read)),
    ));
    rows
}

/// One partition as table cells: number, start, size, type, filesystem, label.
pub fn partition_cells(p: &PartitionReport) -> [String; 6] {
    let fs = if p.read || matches!(p.fs, FsKind::Unknown | FsKind::Swap) {
        fs_name(p.fs).to_owned()
    } else {
        tr!("guest-fs-not-read", fs = fs_name(p.fs))
    };
    [
        p.number.to_string(),
        crate::format::bytes(Some(p.start)),
        crate::format::bytes(Some(p.size)),
        p.type_name.clone(),
        fs,
        p.label.clone().unwrap_or_default(),
    ]
}
