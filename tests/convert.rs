//! Integration tests of the conversion service and its CLI, on the real qemu-img, a real
//! catalog and the real binary: a chain of conversions between writable formats into new
//! images, file output, cancellation, an unsafe source refused before qemu-img runs,
//! create-blank, resize, check, measure and info.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking, helpers (not #[test] functions) included"
)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use glance_workbench::backend::convert::{
    CONVERSION_OPTIONS, CONVERTED_FROM, ConvertOutput, ConvertSpec, RESIZED_FROM, SourceRef,
};
use glance_workbench::backend::{
    Catalog, ContainerFormat, DiskFormat, Error, ErrorKind, Event, Image, ImageId, ImageStatus,
    JobControl, ListQuery, NewImage, TaskStatus,
};
use glance_workbench::convert::qemu_img::{
    Compression, Qcow2Compat, Qcow2Options, QemuFormat, SizeSpec, Target, VmdkSubformat,
    VpcSubformat,
};
use serde_json::Value;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_glance-workbench");
const MIB: u64 = 1 << 20;

fn catalog() -> (TempDir, Catalog) {
    let dir = tempfile::tempdir().unwrap();
    let catalog = Catalog::open(&dir.path().join("data")).unwrap();
    (dir, catalog)
}

/// Patterned raw data: random, zero and repeated blocks.
fn patterned_raw(path: &Path, size_bytes: u64) {
    let mut file = fs::File::create(path).unwrap();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut block = vec![0u8; MIB as usize];
    for index in 0..size_bytes / MIB {
        match index % 3 {
            0 => {
                for chunk in block.chunks_exact_mut(8) {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    chunk.copy_from_slice(&state.to_le_bytes());
                }
            }
            1 => block.fill(0),
            _ => block.fill(0xab),
        }
        file.write_all(&block).unwrap();
    }
}

fn source_image(catalog: &Catalog, dir: &Path, size: u64) -> (Image, PathBuf) {
    let path = dir.join("source.raw");
    patterned_raw(&path, size);
    let image = catalog
        .create_image(NewImage {
            name: Some("cirros".into()),
            disk_format: Some(DiskFormat::Raw),
            container_format: Some(ContainerFormat::Bare),
            tags: vec!["base".into()],
            properties: vec![("os_distro".into(), "cirros".into())],
            min_ram_mib: 64,
            ..Default::default()
        })
        .unwrap();
    let image = catalog
        .upload_file(image.id, &path, &JobControl::new())
        .unwrap();
    (image, path)
}

fn sha512sum(path: &Path) -> String {
    let out = Command::new("sha512sum").arg(path).output().unwrap();
    String::from_utf8(out.stdout).unwrap()[..128].to_owned()
}

fn qemu_compare(a: &Path, a_fmt: &str, b: &Path, b_fmt: &str) -> bool {
    Command::new("qemu-img")
        .args(["compare", "-q", "-f", a_fmt, "-F", b_fmt])
        .arg(a)
        .arg(b)
        .status()
        .unwrap()
        .success()
}

fn blob(catalog: &Catalog, id: ImageId) -> PathBuf {
    use glance_workbench::store::blobs::BlobStore;
    catalog.blob_store().local_path(id).unwrap()
}

fn qcow2(options: Qcow2Options) -> Target {
    Target::Qcow2(options)
}

fn target(format: QemuFormat) -> Target {
    Target::default_for(format).unwrap()
}

fn work_is_empty(data: &Path) -> bool {
    fs::read_dir(data.join("work"))
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(true)
}

#[test]
fn a_chain_of_conversions_makes_verified_active_images_with_lineage() {
    let (dir, catalog) = catalog();
    let (original, original_path) = source_image(&catalog, dir.path(), 24 * MIB);
    let steps: Vec<(Target, &str)> = vec![
        (target(QemuFormat::Qcow2), "qcow2"),
        (
            Target::Vmdk {
                subformat: VmdkSubformat::StreamOptimized,
            },
            "vmdk subformat=streamOptimized",
        ),
        (target(QemuFormat::Vhdx), "vhdx subformat=dynamic"),
        (target(QemuFormat::Vdi), "vdi"),
        (
            Target::Vpc {
                subformat: VpcSubformat::Fixed,
                force_size: true,
            },
            "vpc subformat=fixed force_size=on",
        ),
        (target(QemuFormat::Raw), "raw"),
        (
            qcow2(Qcow2Options {
                compression: Some(Compression::Zstd),
                compat: Some(Qcow2Compat::V1_1),
                ..Default::default()
            }),
            "qcow2 compat=1.1 compression_type=zstd",
        ),
    ];
    let mut source = original.clone();
    for (target, options) in steps {
        let spec = ConvertSpec::new(SourceRef::Image(source.id), target);
        let outcome = catalog.convert(&spec, &JobControl::new()).unwrap();
        let image = outcome.image.clone().unwrap();
        assert!(outcome.verified);
        assert_eq!(image.status, ImageStatus::Active, "{options}");
        let glance = target.format().to_glance_disk_format().unwrap();
        assert_eq!(image.disk_format.unwrap().as_str(), glance);
        assert_eq!(image.container_format, Some(ContainerFormat::Bare));
        assert_eq!(
            image.name.as_deref(),
            Some(format!("{}-{glance}", source.label()).as_str())
        );
        let path = blob(&catalog, image.id);
        assert_eq!(
            image.os_hash_value.as_deref(),
            Some(sha512sum(&path).as_str())
        );
        assert_eq!(image.virtual_size_bytes, Some(24 * MIB), "{options}");
        assert_eq!(image.properties[CONVERTED_FROM], source.id.to_string());
        assert_eq!(image.properties[CONVERSION_OPTIONS], options);
        assert_eq!(image.properties["os_distro"], "cirros");
        assert!(image.tags.contains("base"));
        assert_eq!(image.min_ram_mib, 64);
        assert!(qemu_compare(
            &original_path,
            "raw",
            &path,
            target.format().as_str()
        ));
        let task = catalog.task(outcome.task_id).unwrap();
        assert_eq!(task.task_type, "convert");
        assert_eq!(task.status, TaskStatus::Success);
        assert_eq!(task.image_id, Some(source.id));
        let result = task.result.unwrap();
        assert_eq!(result["image_id"], image.id.to_string());
        assert_eq!(result["verified"], true);
        assert!(result["seconds"].as_f64().unwrap() > 0.0);
        source = image;
    }
    assert!(work_is_empty(&dir.path().join("data")));
}

#[test]
fn file_output_and_file_source() {
    let (dir, catalog) = catalog();
    let raw = dir.path().join("disk.raw");
    patterned_raw(&raw, 8 * MIB);
    let out = dir.path().join("disk.vmdk");
    let mut spec = ConvertSpec::new(SourceRef::File(raw.clone()), target(QemuFormat::Vmdk));
    spec.output = ConvertOutput::File {
        path: out.clone(),
        overwrite: false,
    };
    let outcome = catalog.convert(&spec, &JobControl::new()).unwrap();
    assert!(outcome.image.is_none() && outcome.verified);
    assert_eq!(outcome.file.as_deref(), Some(out.as_path()));
    assert!(qemu_compare(&raw, "raw", &out, "vmdk"));
    // The destination exists now: refused (a user error) without --overwrite.
    let error = catalog.convert(&spec, &JobControl::new()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::User, "{error}");
    // A file source into the catalog is named after the file, lineage = its path.
    let spec = ConvertSpec::new(SourceRef::File(out.clone()), target(QemuFormat::Qcow2));
    let image = catalog
        .convert(&spec, &JobControl::new())
        .unwrap()
        .image
        .unwrap();
    assert_eq!(image.name.as_deref(), Some("disk-qcow2"));
    assert_eq!(image.properties[CONVERTED_FROM], out.display().to_string());
}

#[test]
fn cancel_mid_conversion_leaves_nothing() {
    let (dir, catalog) = catalog();
    let data = dir.path().join("data");
    let raw = dir.path().join("big.raw");
    let mut file = fs::File::create(&raw).unwrap();
    let mut state = 0x1234_5678_9abc_def1_u64;
    let mut block = vec![0u8; MIB as usize];
    for _ in 0..512 {
        for chunk in block.chunks_exact_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            chunk.copy_from_slice(&state.to_le_bytes());
        }
        file.write_all(&block).unwrap();
    }
    drop(file);
    let spec = ConvertSpec::new(
        SourceRef::File(raw),
        qcow2(Qcow2Options {
            compression: Some(Compression::Zlib),
            ..Default::default()
        }),
    );
    let job = JobControl::new();
    let started = Instant::now();
    let result = thread::scope(|scope| {
        let canceller = scope.spawn(|| {
            while job.done_bytes() == 0 && started.elapsed() < Duration::from_secs(20) {
                thread::sleep(Duration::from_millis(20));
            }
            job.cancel();
        });
        let result = catalog.convert(&spec, &job);
        canceller.join().unwrap();
        result
    });
    let error = result.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Cancelled, "{error}");
    let tasks = catalog.tasks(None, None, 10).unwrap();
    let task = tasks.iter().find(|t| t.task_type == "convert").unwrap();
    assert_eq!(task.status, TaskStatus::Failure);
    assert_eq!(task.message, "cancelled");
    let images = catalog.list(&ListQuery::default()).unwrap();
    assert!(images.is_empty(), "{images:?}");
    assert!(work_is_empty(&data));
    let stored: Vec<_> = fs::read_dir(data.join("images"))
        .map(|entries| entries.flatten().filter(|e| e.path().is_file()).collect())
        .unwrap_or_default();
    assert!(stored.is_empty(), "{stored:?}");
}

#[test]
fn a_cancel_while_the_output_is_adopted_says_conversion() {
    let (dir, mut catalog) = catalog();
    let (source, _) = source_image(&catalog, dir.path(), 4 * MIB);
    let job = JobControl::new();
    let canceller = job.clone();
    // Cancel once the adoption has moved the new image to saving: after qemu-img and the
    // comparison, while the output is being taken into the store.
    catalog.set_event_sink(Catalog::sink_from(move |event| {
        if let Event::StatusChanged {
            to: ImageStatus::Saving,
            ..
        } = event
        {
            canceller.cancel();
        }
    }));
    let spec = ConvertSpec::new(SourceRef::Image(source.id), target(QemuFormat::Qcow2));
    let error = catalog.convert(&spec, &job).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Cancelled, "{error}");
    assert_eq!(
        error.to_string(),
        "conversion of image \"cirros\": cancelled",
        "not the upload's message"
    );
    let images = catalog.list(&ListQuery::default()).unwrap();
    assert_eq!(images.len(), 1, "only the source: {images:?}");
    assert!(work_is_empty(&dir.path().join("data")));
}

#[test]
fn an_unsafe_source_is_refused_before_qemu_img_runs() {
    let (dir, catalog) = catalog();
    let evil = dir.path().join("evil.qcow2");
    let status = Command::new("qemu-img")
        .args([
            "create",
            "-q",
            "-f",
            "qcow2",
            "-b",
            "/etc/hostname",
            "-F",
            "raw",
        ])
        .arg(&evil)
        .arg("1M")
        .status()
        .unwrap();
    assert!(status.success());
    let spec = ConvertSpec::new(SourceRef::File(evil.clone()), target(QemuFormat::Raw));
    let error = catalog.convert(&spec, &JobControl::new()).unwrap_err();
    assert!(matches!(error, Error::Forbidden { .. }), "{error}");
    assert!(error.to_string().contains("backing_file"), "{error}");
    // Refused before anything: no task, no image.
    assert!(catalog.tasks(None, None, 10).unwrap().is_empty());
    assert!(catalog.list(&ListQuery::default()).unwrap().is_empty());
    // The CLI says so on one line and exits 1; info and measure refuse it too.
    let evil = evil.to_str().unwrap();
    for args in [
        vec!["image", "convert", evil, "--to", "raw"],
        vec!["image", "info", evil],
        vec!["image", "measure", evil, "--to", "qcow2"],
    ] {
        let out = cli(dir.path(), &args);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("backing_file"), "{stderr}");
    }
}

#[test]
fn create_blank_resize_check_measure() {
    let (dir, catalog) = catalog();
    let blank = catalog
        .create_blank("blank", 64 * MIB, &target(QemuFormat::Qcow2))
        .unwrap();
    assert_eq!(blank.status, ImageStatus::Active);
    assert_eq!(blank.virtual_size_bytes, Some(64 * MIB));
    assert_eq!(blank.disk_format, Some(DiskFormat::Qcow2));
    let path = blob(&catalog, blank.id);
    assert_eq!(
        blank.os_hash_value.as_deref(),
        Some(sha512sum(&path).as_str())
    );
    assert!(catalog.check_image(blank.id).unwrap().is_clean());

    let job = JobControl::new();
    let grown = catalog
        .resize_image(blank.id, SizeSpec::Grow(32 * MIB), false, None, &job)
        .unwrap();
    assert_ne!(grown.id, blank.id);
    assert_eq!(grown.virtual_size_bytes, Some(96 * MIB));
    assert_eq!(grown.properties[RESIZED_FROM], blank.id.to_string());
    assert_eq!(grown.name.as_deref(), Some("blank-resized"));
    // The source is untouched.
    assert_eq!(
        catalog.image(blank.id).unwrap().virtual_size_bytes,
        Some(64 * MIB)
    );
    let before = catalog.list(&ListQuery::default()).unwrap().len();
    let error = catalog
        .resize_image(grown.id, SizeSpec::Absolute(16 * MIB), false, None, &job)
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::User);
    assert!(error.to_string().contains("shrink"), "{error}");
    assert_eq!(catalog.list(&ListQuery::default()).unwrap().len(), before);
    let shrunk = catalog
        .resize_image(
            grown.id,
            SizeSpec::Absolute(16 * MIB),
            true,
            Some("small".into()),
            &job,
        )
        .unwrap();
    assert_eq!(shrunk.virtual_size_bytes, Some(16 * MIB));

    let measure = catalog
        .measure(&SourceRef::Image(grown.id), &target(QemuFormat::Raw))
        .unwrap();
    assert_eq!(measure.fully_allocated_bytes, 96 * MIB);
    let (prepared, info) = catalog.qemu_info(&SourceRef::Image(grown.id)).unwrap();
    assert_eq!(info.virtual_size, 96 * MIB);
    assert_eq!(prepared.format, QemuFormat::Qcow2);
    drop(dir);
}

#[test]
fn resize_keeps_zeros_as_holes_and_cancels() {
    use std::os::unix::fs::MetadataExt;
    let (dir, catalog) = catalog();
    let (source, _) = source_image(&catalog, dir.path(), 12 * MIB);
    let job = JobControl::new();
    let grown = catalog
        .resize_image(source.id, SizeSpec::Grow(4 * MIB), false, None, &job)
        .unwrap();
    assert_eq!(grown.virtual_size_bytes, Some(16 * MIB));
    let (from, to) = (blob(&catalog, source.id), blob(&catalog, grown.id));
    assert!(qemu_compare(&from, "raw", &to, "raw"));
    // A third of the source is zero blocks: they stay holes in the copy.
    let allocated = |p: &Path| fs::metadata(p).unwrap().blocks() * 512;
    assert!(
        allocated(&to) <= allocated(&from) - 3 * MIB,
        "{} vs {}",
        allocated(&to),
        allocated(&from)
    );
    let before = catalog.list(&ListQuery::default()).unwrap().len();
    let cancelled = JobControl::new();
    cancelled.cancel();
    let error = catalog
        .resize_image(source.id, SizeSpec::Grow(MIB), false, None, &cancelled)
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Cancelled, "{error}");
    assert_eq!(catalog.list(&ListQuery::default()).unwrap().len(), before);
    let work = dir.path().join("data/work");
    let left = fs::read_dir(&work).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0, "work dir left behind");
}

fn cli(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .arg("--data-dir")
        .arg(dir.join("data"))
        .args(args)
        .output()
        .unwrap()
}

fn json_of(out: &std::process::Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn cli_commands_exit_codes_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("disk.raw");
    patterned_raw(&raw, 8 * MIB);
    let d = dir.path();
    let raw_s = raw.to_str().unwrap();
    let made = json_of(&cli(
        d,
        &[
            "image",
            "convert",
            raw_s,
            "--to",
            "qcow2",
            "--compress",
            "--name",
            "c1",
            "-f",
            "json",
        ],
    ));
    assert_eq!(made["verified"], true);
    assert_eq!(made["image"]["status"], "active");
    assert_eq!(
        made["image"]["conversion_options"],
        "qcow2 compression_type=zlib"
    );
    let out = d.join("out.vhd");
    let file = json_of(&cli(
        d,
        &[
            "image",
            "convert",
            "c1",
            "--to",
            "vhd",
            "--subformat",
            "fixed",
            "-o",
            out.to_str().unwrap(),
            "-f",
            "json",
        ],
    ));
    assert_eq!(file["file"], out.to_str().unwrap());
    assert_eq!(file["image_id"], Value::Null);
    assert!(qemu_compare(&raw, "raw", &out, "vpc"));
    // Option for the wrong format: a user error.
    let bad = cli(d, &["image", "convert", "c1", "--to", "vmdk", "--compress"]);
    assert_eq!(bad.status.code(), Some(1));
    // Unknown image: user error.
    let missing = cli(d, &["image", "convert", "nope", "--to", "raw"]);
    assert_eq!(missing.status.code(), Some(1));

    let blank = json_of(&cli(
        d,
        &[
            "image",
            "create-blank",
            "b",
            "--size",
            "32M",
            "--disk-format",
            "vdi",
            "-f",
            "json",
        ],
    ));
    assert_eq!(blank["virtual_size"], 32 * MIB);
    assert_eq!(blank["disk_format"], "vdi");
    let shrink = cli(d, &["image", "resize", "c1", "--size", "-1M"]);
    assert_eq!(shrink.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&shrink.stderr).contains("shrink"));
    let grown = json_of(&cli(
        d,
        &["image", "resize", "c1", "--size", "+8M", "-f", "json"],
    ));
    assert_eq!(grown["virtual_size"], 16 * MIB);
    let check = json_of(&cli(d, &["image", "check", "c1", "-f", "json"]));
    assert_eq!(check["clean"], true);
    let measure = json_of(&cli(
        d,
        &["image", "measure", raw_s, "--to", "qcow2", "-f", "json"],
    ));
    assert!(measure["required"].as_u64().unwrap() > 0);
    let info = json_of(&cli(d, &["image", "info", "c1", "-f", "json"]));
    assert_eq!(info["qemu_img"]["format"], "qcow2");
    assert_eq!(info["inspection"]["format"], "qcow2");
    assert_eq!(info["safe"], true);
    let tasks = json_of(&cli(d, &["task", "list", "-f", "json"]));
    assert!(tasks.to_string().contains("\"convert\""));
}
