//! Integration tests for the qemu-img driver against the real qemu-img. Every image is made at
//! test time in a temporary directory.

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

use glance_workbench::backend::jobs::JobControl;
use glance_workbench::convert::qemu_img::{
    CompareMode, CompareOutcome, Compression, ConvertRequest, PARTIAL_MARKER, Preallocation,
    Qcow2Options, QemuFormat, QemuImg, QemuImgError, QemuVersion, SizeSpec, Target, VmdkSubformat,
    VpcSubformat, WriteOrder, parse_size,
};

const MIB: u64 = 1 << 20;

fn qemu() -> QemuImg {
    QemuImg::locate().expect("qemu-img 5.2+ must be installed for these tests")
}

/// A raw image with distinct non-zero patterns separated by zero areas.
fn patterned_raw(path: &Path, size_bytes: u64) {
    let mut file = fs::File::create(path).unwrap();
    let mut block = vec![0u8; MIB as usize];
    for index in 0..size_bytes / MIB {
        match index % 4 {
            0 => block.fill(0xab),
            1 => block.fill(0),
            2 => {
                for (offset, byte) in block.iter_mut().enumerate() {
                    *byte = (offset as u64 ^ index).wrapping_mul(31) as u8;
                }
            }
            _ => {
                block.fill(0);
                block[4096..8192].fill(0x5a);
            }
        }
        file.write_all(&block).unwrap();
    }
    let tail = (size_bytes % MIB) as usize;
    file.write_all(&vec![0x11; tail]).unwrap();
}

/// A raw image of pseudo-random (incompressible) bytes.
fn random_raw(path: &Path, size_bytes: u64) {
    let mut file = fs::File::create(path).unwrap();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut block = vec![0u8; MIB as usize];
    for _ in 0..size_bytes / MIB {
        for chunk in block.chunks_exact_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            chunk.copy_from_slice(&state.to_le_bytes());
        }
        file.write_all(&block).unwrap();
    }
}

/// Names in `dir` other than `keep`: anything a failed or cancelled job left behind.
fn leftovers(dir: &Path, keep: &[&str]) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !keep.contains(&name.as_str()))
        .collect()
}

fn writable_targets() -> Vec<(&'static str, Target)> {
    vec![
        ("qcow2", Target::Qcow2(Qcow2Options::default())),
        (
            "raw",
            Target::Raw {
                preallocation: Preallocation::Off,
            },
        ),
        (
            "vmdk-stream",
            Target::Vmdk {
                subformat: VmdkSubformat::StreamOptimized,
            },
        ),
        (
            "vmdk-sparse",
            Target::Vmdk {
                subformat: VmdkSubformat::MonolithicSparse,
            },
        ),
        ("vdi", Target::default_for(QemuFormat::Vdi).unwrap()),
        (
            "vpc-dynamic",
            Target::Vpc {
                subformat: VpcSubformat::Dynamic,
                force_size: true,
            },
        ),
        (
            "vpc-fixed",
            Target::Vpc {
                subformat: VpcSubformat::Fixed,
                force_size: true,
            },
        ),
        ("vhdx", Target::default_for(QemuFormat::Vhdx).unwrap()),
    ]
}

/// Same guest-visible content and the same virtual size. (Strict mode is not used: it also
/// demands the same allocation status, which conversions legitimately change.)
fn assert_identical(
    qemu: &QemuImg,
    a: &Path,
    a_format: QemuFormat,
    b: &Path,
    b_format: QemuFormat,
) {
    let outcome = qemu
        .compare(
            a,
            a_format,
            b,
            b_format,
            CompareMode::Lenient,
            &JobControl::new(),
        )
        .unwrap();
    assert_eq!(
        outcome,
        CompareOutcome::Identical,
        "{} vs {}",
        a.display(),
        b.display()
    );
    assert_eq!(
        qemu.info(a, a_format).unwrap().virtual_size,
        qemu.info(b, b_format).unwrap().virtual_size,
        "{} vs {}",
        a.display(),
        b.display()
    );
}

#[test]
fn converts_between_every_pair_of_writable_formats() {
    let qemu = qemu();
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.raw");
    patterned_raw(&base, 4 * MIB + 512 * 1024);
    let targets = writable_targets();

    let mut firsts: Vec<(PathBuf, Target)> = Vec::new();
    for (name, target) in &targets {
        let path = dir.path().join(format!("first-{name}.img"));
        let request = ConvertRequest::new(&base, QemuFormat::Raw, &path, *target);
        let report = qemu.convert(&request, &JobControl::new()).unwrap();
        assert_eq!(report.virtual_size_bytes, 4 * MIB + 512 * 1024);
        assert_identical(&qemu, &base, QemuFormat::Raw, &path, target.format());
        firsts.push((path, *target));
    }
    for ((source_name, _), (source, source_target)) in targets.iter().zip(&firsts) {
        for (target_name, target) in &targets {
            let output = dir
                .path()
                .join(format!("{source_name}-to-{target_name}.img"));
            let request = ConvertRequest::new(source, source_target.format(), &output, *target);
            qemu.convert(&request, &JobControl::new())
                .unwrap_or_else(|error| panic!("{source_name} -> {target_name}: {error}"));
            assert_identical(&qemu, &base, QemuFormat::Raw, &output, target.format());
            assert_identical(
                &qemu,
                source,
                source_target.format(),
                &output,
                target.format(),
            );
            fs::remove_file(&output).unwrap();
        }
    }
    // The embedded VMDK descriptor names the final file, not a temporary one.
    let sparse = &firsts[3].0;
    let info = qemu.info(sparse, QemuFormat::Vmdk).unwrap();
    assert_eq!(info.vmdk_create_type(), Some("monolithicSparse"));
    let descriptor = fs::read(sparse).unwrap();
    let descriptor = String::from_utf8_lossy(&descriptor[..64 * 1024]);
    assert!(
        descriptor.contains("\"first-vmdk-sparse.img\""),
        "{descriptor}"
    );
    assert!(!descriptor.contains(PARTIAL_MARKER));
    let mut names = leftovers(dir.path(), &[]);
    names.sort();
    assert!(
        names.iter().all(|name| !name.contains(PARTIAL_MARKER)),
        "{names:?}"
    );
}

#[test]
fn compressed_qcow2_with_zstd_and_out_of_order_stream_vmdk() {
    let qemu = qemu();
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.raw");
    patterned_raw(&base, 8 * MIB);
    for compression in [Compression::Zlib, Compression::Zstd] {
        let output = dir.path().join(format!("{compression:?}.qcow2"));
        let target = Target::Qcow2(Qcow2Options {
            compression: Some(compression),
            ..Qcow2Options::default()
        });
        let report = qemu
            .convert(
                &ConvertRequest::new(&base, QemuFormat::Raw, &output, target),
                &JobControl::new(),
            )
            .unwrap();
        assert!(
            report.output_bytes < 8 * MIB / 2,
            "compressed to {}",
            report.output_bytes
        );
        let info = qemu.info(&output, QemuFormat::Qcow2).unwrap();
        let expected = if compression == Compression::Zstd {
            "zstd"
        } else {
            "zlib"
        };
        assert_eq!(info.qcow2_compression_type(), Some(expected));
        assert_identical(&qemu, &base, QemuFormat::Raw, &output, QemuFormat::Qcow2);
    }
    // -W is accepted for every target, streamOptimized included, and needs no -n.
    let output = dir.path().join("ooo.vmdk");
    let mut request = ConvertRequest::new(
        &base,
        QemuFormat::Raw,
        &output,
        Target::Vmdk {
            subformat: VmdkSubformat::StreamOptimized,
        },
    );
    request.write_order = WriteOrder::OutOfOrder;
    request.sparse_size_bytes = Some(64 * 1024);
    request.coroutines = Some(16);
    qemu.convert(&request, &JobControl::new()).unwrap();
    assert_identical(&qemu, &base, QemuFormat::Raw, &output, QemuFormat::Vmdk);
}

#[test]
fn write_order_policy() {
    let stream = Target::Vmdk {
        subformat: VmdkSubformat::StreamOptimized,
    };
    let qcow2 = Target::Qcow2(Qcow2Options::default());
    assert!(!WriteOrder::Auto.out_of_order_for(&stream));
    assert!(WriteOrder::Auto.out_of_order_for(&qcow2));
    assert!(WriteOrder::OutOfOrder.out_of_order_for(&stream));
    assert!(!WriteOrder::InOrder.out_of_order_for(&qcow2));
}

#[test]
fn cancel_kills_qemu_img_and_leaves_nothing() {
    let qemu = qemu();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("big.raw");
    // Incompressible data makes a zlib-compressed qcow2 take many seconds.
    random_raw(&source, 512 * MIB);
    let destination = dir.path().join("big.qcow2");
    let target = Target::Qcow2(Qcow2Options {
        compression: Some(Compression::Zlib),
        ..Qcow2Options::default()
    });
    let request = ConvertRequest::new(&source, QemuFormat::Raw, &destination, target);
    let job = JobControl::new();
    let canceller = {
        let job = job.clone();
        thread::spawn(move || {
            let started = Instant::now();
            while job.done_bytes() == 0 && started.elapsed() < Duration::from_secs(5) {
                thread::sleep(Duration::from_millis(10));
            }
            thread::sleep(Duration::from_millis(200));
            job.cancel();
            Instant::now()
        })
    };
    let started = Instant::now();
    let result = qemu.convert(&request, &job);
    let returned = Instant::now();
    let cancelled_at = canceller.join().unwrap();
    assert!(
        matches!(result, Err(QemuImgError::Cancelled { .. })),
        "expected Cancelled, got {result:?}"
    );
    eprintln!(
        "cancel: returned {:?} after cancel, {:?} after start",
        returned.duration_since(cancelled_at),
        returned.duration_since(started)
    );
    assert!(processes_mentioning(&dir.path().to_string_lossy()).is_empty());
    assert!(
        returned.duration_since(cancelled_at) < Duration::from_secs(1),
        "returned {:?} after cancel",
        returned.duration_since(cancelled_at)
    );
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(!destination.exists());
    assert_eq!(leftovers(dir.path(), &["big.raw"]), Vec::<String>::new());
    let message = result.unwrap_err().to_string();
    assert!(
        message.ends_with(&destination.display().to_string()),
        "{message}"
    );
}

/// Running processes whose command line mentions `needle`.
fn processes_mentioning(needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        if let Ok(cmdline) = fs::read(entry.path().join("cmdline")) {
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            if cmdline.contains(needle) {
                found.push(cmdline);
            }
        }
    }
    found
}

#[test]
fn panicking_progress_callback_kills_qemu_img_and_cleans_up() {
    let qemu = qemu();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("src.raw");
    random_raw(&source, 256 * MIB);
    let destination = dir.path().join("out.qcow2");
    let target = Target::Qcow2(Qcow2Options {
        compression: Some(Compression::Zlib),
        ..Qcow2Options::default()
    });
    let request = ConvertRequest::new(&source, QemuFormat::Raw, &destination, target);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        qemu.convert_with_progress(&request, &JobControl::new(), &mut |percent| {
            if percent > 0.0 {
                panic!("callback failed at {percent}");
            }
        })
    }));
    assert!(result.is_err(), "the callback's panic propagates");
    assert_eq!(leftovers(dir.path(), &["src.raw"]), Vec::<String>::new());
    let dir_name = dir.path().to_string_lossy().into_owned();
    assert_eq!(processes_mentioning(&dir_name), Vec::<String>::new());
}

#[test]
fn progress_is_ordered_and_reaches_100() {
    let qemu = qemu();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("src.raw");
    random_raw(&source, 48 * MIB);
    let destination = dir.path().join("out.qcow2");
    let target = Target::Qcow2(Qcow2Options {
        compression: Some(Compression::Zlib),
        ..Qcow2Options::default()
    });
    let request = ConvertRequest::new(&source, QemuFormat::Raw, &destination, target);
    let job = JobControl::new();
    let mut seen = Vec::new();
    let mut samples = Vec::new();
    qemu.convert_with_progress(&request, &job, &mut |percent| {
        seen.push(percent);
        samples.push(job.done_bytes());
    })
    .unwrap();
    assert!(seen.len() >= 3, "too few progress events: {seen:?}");
    assert!(seen.windows(2).all(|pair| pair[0] <= pair[1]), "{seen:?}");
    assert!(
        samples.windows(2).all(|pair| pair[0] <= pair[1]),
        "{samples:?}"
    );
    assert_eq!(seen.last().copied(), Some(100.0));
    assert_eq!(job.total_bytes(), 48 * MIB);
    assert_eq!(job.done_bytes(), 48 * MIB);
    assert_eq!(job.fraction(), Some(1.0));

    // compare reports progress too.
    let mut compare_seen = Vec::new();
    let compare_job = JobControl::new();
    let outcome = qemu
        .compare_with_progress(
            &source,
            QemuFormat::Raw,
            &destination,
            QemuFormat::Qcow2,
            CompareMode::Lenient,
            &compare_job,
            &mut |percent| compare_seen.push(percent),
        )
        .unwrap();
    assert!(outcome.is_identical());
    assert!(compare_seen.windows(2).all(|pair| pair[0] <= pair[1]));
    assert_eq!(compare_seen.last().copied(), Some(100.0));
    assert_eq!(compare_job.fraction(), Some(1.0));
}

#[test]
fn wrong_declared_format_fails_clearly_and_leaves_nothing() {
    let qemu = qemu();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("disk.raw");
    patterned_raw(&source, 2 * MIB);
    let destination = dir.path().join("out.vmdk");
    let request = ConvertRequest::new(
        &source,
        QemuFormat::Qcow2,
        &destination,
        Target::default_for(QemuFormat::Vmdk).unwrap(),
    );
    let error = qemu.convert(&request, &JobControl::new()).unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, QemuImgError::Failed { .. }), "{error:?}");
    assert!(
        message.contains("Image is not in qcow2 format"),
        "{message}"
    );
    assert!(
        message.ends_with(&source.display().to_string()),
        "{message}"
    );
    assert!(!message.contains('\n'));
    assert_eq!(leftovers(dir.path(), &["disk.raw"]), Vec::<String>::new());
}

#[test]
fn failure_during_conversion_removes_partial_output() {
    let qemu = qemu();
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.raw");
    patterned_raw(&base, 8 * MIB);
    let qcow2 = dir.path().join("whole.qcow2");
    let request = ConvertRequest::new(
        &base,
        QemuFormat::Raw,
        &qcow2,
        Target::Qcow2(Qcow2Options::default()),
    );
    qemu.convert(&request, &JobControl::new()).unwrap();
    // Point L1 entry 0 at an unaligned L2 table: the image still opens (info works), reading
    // it fails part-way through the conversion.
    let broken = dir.path().join("broken.qcow2");
    let mut bytes = fs::read(&qcow2).unwrap();
    let l1_table = u64::from_be_bytes(bytes[40..48].try_into().unwrap()) as usize;
    bytes[l1_table..l1_table + 8].copy_from_slice(&(0x8000_0000_0001_0200_u64).to_be_bytes());
    fs::write(&broken, &bytes).unwrap();
    assert!(qemu.info(&broken, QemuFormat::Qcow2).is_ok());
    fs::remove_file(&qcow2).unwrap();
    fs::remove_file(&base).unwrap();

    let destination = dir.path().join("out.raw");
    let request = ConvertRequest::new(
        &broken,
        QemuFormat::Qcow2,
        &destination,
        Target::default_for(QemuFormat::Raw).unwrap(),
    );
    let error = qemu.convert(&request, &JobControl::new()).unwrap_err();
    let QemuImgError::Failed {
        command, message, ..
    } = &error
    else {
        panic!("expected Failed, got {error:?}");
    };
    assert_eq!(*command, "convert");
    assert!(message.contains("Input/output error"), "{message}");
    assert_eq!(
        leftovers(dir.path(), &["broken.qcow2"]),
        Vec::<String>::new()
    );
}

#[test]
fn existing_destination_needs_overwrite() {
    let qemu = qemu();
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.raw");
    patterned_raw(&base, 2 * MIB);
    let destination = dir.path().join("out.qcow2");
    fs::write(&destination, b"keep me").unwrap();
    let mut request = ConvertRequest::new(
        &base,
        QemuFormat::Raw,
        &destination,
        Target::Qcow2(Qcow2Options::default()),
    );
    let error = qemu.convert(&request, &JobControl::new()).unwrap_err();
    assert!(
        matches!(error, QemuImgError::DestinationExists { .. }),
        "{error:?}"
    );
    assert_eq!(fs::read(&destination).unwrap(), b"keep me");
    request.overwrite = true;
    qemu.convert(&request, &JobControl::new()).unwrap();
    assert_identical(
        &qemu,
        &base,
        QemuFormat::Raw,
        &destination,
        QemuFormat::Qcow2,
    );
    assert_eq!(
        leftovers(dir.path(), &["base.raw", "out.qcow2"]),
        Vec::<String>::new()
    );
}

#[test]
fn protocol_looking_file_names_stay_files() {
    let qemu = qemu();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("nbd:localhost:10809");
    patterned_raw(&source, MIB);
    let destination = dir.path().join("json:{}.qcow2");
    let request = ConvertRequest::new(
        &source,
        QemuFormat::Raw,
        &destination,
        Target::Qcow2(Qcow2Options::default()),
    );
    qemu.convert(&request, &JobControl::new()).unwrap();
    assert_eq!(
        qemu.info(&destination, QemuFormat::Qcow2)
            .unwrap()
            .virtual_size,
        MIB
    );
}

#[test]
fn invalid_options_are_refused_before_running() {
    let qemu = qemu();
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.raw");
    patterned_raw(&base, MIB);
    let destination = dir.path().join("out.qcow2");
    let target = Target::Qcow2(Qcow2Options {
        compression: Some(Compression::Zlib),
        preallocation: Preallocation::Full,
        ..Qcow2Options::default()
    });
    let mut request = ConvertRequest::new(&base, QemuFormat::Raw, &destination, target);
    let error = qemu.convert(&request, &JobControl::new()).unwrap_err();
    assert!(
        matches!(error, QemuImgError::InvalidOptions { .. }),
        "{error:?}"
    );
    request.target = Target::Qcow2(Qcow2Options::default());
    request.sparse_size_bytes = Some(1000);
    assert!(matches!(
        qemu.convert(&request, &JobControl::new()),
        Err(QemuImgError::InvalidOptions { .. })
    ));
    assert_eq!(leftovers(dir.path(), &["base.raw"]), Vec::<String>::new());
}

#[test]
fn compare_reports_mismatch_and_strictness() {
    let qemu = qemu();
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.raw");
    patterned_raw(&a, 4 * MIB);
    let mut bytes = fs::read(&a).unwrap();
    bytes[3 * MIB as usize + 10] ^= 0xff;
    let b = dir.path().join("b.raw");
    fs::write(&b, &bytes).unwrap();
    let job = JobControl::new();
    let outcome = qemu
        .compare(
            &a,
            QemuFormat::Raw,
            &b,
            QemuFormat::Raw,
            CompareMode::Lenient,
            &job,
        )
        .unwrap();
    let CompareOutcome::Differs { message, offset } = outcome else {
        panic!("expected a difference");
    };
    assert!(message.contains("Content mismatch"), "{message}");
    // qemu-img names the start of the first differing sector run.
    assert!(
        offset.is_some_and(|offset| (3 * MIB..=3 * MIB + 10).contains(&offset)),
        "{offset:?}"
    );

    // A larger image whose extra area is zero: identical unless strict.
    let mut longer = fs::read(&a).unwrap();
    longer.extend(std::iter::repeat_n(0u8, MIB as usize));
    let c = dir.path().join("c.raw");
    fs::write(&c, &longer).unwrap();
    let lenient = qemu
        .compare(
            &a,
            QemuFormat::Raw,
            &c,
            QemuFormat::Raw,
            CompareMode::Lenient,
            &job,
        )
        .unwrap();
    assert!(lenient.is_identical());
    let strict = qemu
        .compare(
            &a,
            QemuFormat::Raw,
            &c,
            QemuFormat::Raw,
            CompareMode::Strict,
            &job,
        )
        .unwrap();
    assert!(
        matches!(strict, CompareOutcome::Differs { offset: None, .. }),
        "{strict:?}"
    );

    // Opening with the wrong format is an error (exit 2), not a difference.
    let error = qemu
        .compare(
            &a,
            QemuFormat::Raw,
            &b,
            QemuFormat::Qcow2,
            CompareMode::Lenient,
            &job,
        )
        .unwrap_err();
    assert!(error.to_string().contains("not in qcow2 format"), "{error}");
}

#[test]
fn info_reports_sizes_format_data_and_backing_files() {
    let qemu = qemu();
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.raw");
    patterned_raw(&base, 4 * MIB);
    let qcow2 = dir.path().join("plain.qcow2");
    qemu.convert(
        &ConvertRequest::new(
            &base,
            QemuFormat::Raw,
            &qcow2,
            Target::Qcow2(Qcow2Options::default()),
        ),
        &JobControl::new(),
    )
    .unwrap();
    let info = qemu.info(&qcow2, QemuFormat::Qcow2).unwrap();
    assert_eq!(info.format, "qcow2");
    assert_eq!(info.virtual_size, 4 * MIB);
    assert_eq!(info.cluster_size, Some(65536));
    assert!(info.actual_size.is_some_and(|size| size > 0));
    assert_eq!(info.qcow2_compat(), Some("1.1"));
    assert_eq!(info.qcow2_extended_l2(), Some(false));
    assert_eq!(info.backing_filename, None);
    assert_eq!(info.qcow2_data_file(), None);

    // Images a Glance upload must refuse, made with qemu-img directly: info exposes why.
    let overlay = dir.path().join("overlay.qcow2");
    let status = Command::new(qemu.program())
        .args(["create", "-q", "-f", "qcow2", "-F", "raw", "-b"])
        .arg(&base)
        .arg(&overlay)
        .status()
        .unwrap();
    assert!(status.success());
    let info = qemu.info(&overlay, QemuFormat::Qcow2).unwrap();
    assert_eq!(
        info.backing_filename.as_deref(),
        Some(base.to_str().unwrap())
    );
    assert_eq!(info.backing_filename_format.as_deref(), Some("raw"));

    let with_data_file = dir.path().join("datafile.qcow2");
    let data_file = dir.path().join("data.bin");
    let status = Command::new(qemu.program())
        .args(["create", "-q", "-f", "qcow2", "-o"])
        .arg(format!("data_file={}", data_file.display()))
        .arg(&with_data_file)
        .arg("1M")
        .status()
        .unwrap();
    assert!(status.success());
    let info = qemu.info(&with_data_file, QemuFormat::Qcow2).unwrap();
    assert_eq!(info.qcow2_data_file(), data_file.to_str());

    // Declaring raw reads any file as plain bytes: the size is the file's.
    let as_raw = qemu.info(&qcow2, QemuFormat::Raw).unwrap();
    assert_eq!(as_raw.format, "raw");
    assert_eq!(as_raw.virtual_size, fs::metadata(&qcow2).unwrap().len());
}

#[test]
fn check_reports_clean_leaky_and_corrupt_images() {
    let qemu = qemu();
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.raw");
    patterned_raw(&base, 4 * MIB);
    let clean = dir.path().join("clean.qcow2");
    qemu.convert(
        &ConvertRequest::new(
            &base,
            QemuFormat::Raw,
            &clean,
            Target::Qcow2(Qcow2Options::default()),
        ),
        &JobControl::new(),
    )
    .unwrap();
    let report = qemu.check(&clean, QemuFormat::Qcow2).unwrap();
    assert!(report.is_clean(), "{report:?}");
    assert_eq!(report.format, "qcow2");
    assert!(report.image_end_offset.is_some());
    assert!(report.allocated_clusters.is_some_and(|count| count > 0));

    // Patch the refcount of cluster 0 (the header): 2 is a leak, 0 a corruption.
    let bytes = fs::read(&clean).unwrap();
    let be64 = |offset: usize| u64::from_be_bytes(bytes[offset..offset + 8].try_into().unwrap());
    let refcount_table = be64(48) as usize;
    let refcount_block = be64(refcount_table) as usize;
    for (name, refcount) in [("leaky.qcow2", 2u16), ("corrupt.qcow2", 0u16)] {
        let mut patched = bytes.clone();
        patched[refcount_block..refcount_block + 2].copy_from_slice(&refcount.to_be_bytes());
        let path = dir.path().join(name);
        fs::write(&path, &patched).unwrap();
        let report = qemu.check(&path, QemuFormat::Qcow2).unwrap();
        assert!(!report.is_clean());
        if refcount == 2 {
            assert_eq!((report.leaks, report.corruptions), (1, 0), "{report:?}");
        } else {
            assert_eq!((report.leaks, report.corruptions), (0, 1), "{report:?}");
        }
    }

    let error = qemu.check(&base, QemuFormat::Raw).unwrap_err();
    assert!(
        matches!(error, QemuImgError::CheckNotSupported { .. }),
        "{error:?}"
    );
    assert!(error.to_string().ends_with(&base.display().to_string()));
}

#[test]
fn measure_gives_required_and_fully_allocated_sizes() {
    let qemu = qemu();
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.raw");
    patterned_raw(&base, 8 * MIB);
    let qcow2 = qemu
        .measure(
            &base,
            QemuFormat::Raw,
            &Target::Qcow2(Qcow2Options::default()),
        )
        .unwrap();
    assert!(
        qcow2.required_bytes <= qcow2.fully_allocated_bytes,
        "{qcow2:?}"
    );
    assert!(qcow2.fully_allocated_bytes > 8 * MIB);
    let raw = qemu
        .measure(
            &base,
            QemuFormat::Raw,
            &Target::default_for(QemuFormat::Raw).unwrap(),
        )
        .unwrap();
    assert_eq!(raw.fully_allocated_bytes, 8 * MIB);
    let error = qemu
        .measure(
            &base,
            QemuFormat::Raw,
            &Target::default_for(QemuFormat::Vmdk).unwrap(),
        )
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("does not support size measurement"),
        "{error}"
    );
}

#[test]
fn create_makes_blank_images_of_every_writable_format() {
    let qemu = qemu();
    let dir = tempfile::tempdir().unwrap();
    let size = 10_000_384; // not a multiple of a MiB: vpc keeps it thanks to force_size
    for (name, target) in writable_targets() {
        let path = dir.path().join(format!("blank-{name}"));
        qemu.create(&path, &target, size).unwrap();
        let info = qemu.info(&path, target.format()).unwrap();
        assert_eq!(info.virtual_size, size, "{name}");
        let error = qemu.create(&path, &target, size).unwrap_err();
        assert!(matches!(error, QemuImgError::DestinationExists { .. }));
    }
    let names = leftovers(dir.path(), &[]);
    assert!(
        names.iter().all(|name| !name.contains(PARTIAL_MARKER)),
        "{names:?}"
    );
}

#[test]
fn resize_grows_and_shrinks_only_when_allowed() {
    let qemu = qemu();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("disk.qcow2");
    qemu.create(&path, &Target::Qcow2(Qcow2Options::default()), 8 * MIB)
        .unwrap();
    let size = |qemu: &QemuImg| qemu.info(&path, QemuFormat::Qcow2).unwrap().virtual_size;

    let grown = qemu
        .resize(&path, QemuFormat::Qcow2, parse_size("+8M").unwrap(), false)
        .unwrap();
    assert_eq!((grown, size(&qemu)), (16 * MIB, 16 * MIB));
    qemu.resize(
        &path,
        QemuFormat::Qcow2,
        SizeSpec::Absolute(32 * MIB),
        false,
    )
    .unwrap();
    assert_eq!(size(&qemu), 32 * MIB);

    let error = qemu
        .resize(&path, QemuFormat::Qcow2, parse_size("4M").unwrap(), false)
        .unwrap_err();
    assert!(matches!(
        error,
        QemuImgError::ShrinkRefused {
            current_bytes,
            requested_bytes,
            ..
        } if current_bytes == 32 * MIB && requested_bytes == 4 * MIB
    ));
    assert!(error.to_string().contains("allow_shrink"));
    assert_eq!(
        size(&qemu),
        32 * MIB,
        "refused shrink must not touch the image"
    );
    let error = qemu
        .resize(&path, QemuFormat::Qcow2, parse_size("-1M").unwrap(), false)
        .unwrap_err();
    assert!(matches!(error, QemuImgError::ShrinkRefused { .. }));

    let shrunk = qemu
        .resize(&path, QemuFormat::Qcow2, parse_size("-28M").unwrap(), true)
        .unwrap();
    assert_eq!((shrunk, size(&qemu)), (4 * MIB, 4 * MIB));

    let raw = dir.path().join("disk.raw");
    patterned_raw(&raw, 2 * MIB);
    qemu.resize(&raw, QemuFormat::Raw, SizeSpec::Grow(MIB), false)
        .unwrap();
    assert_eq!(fs::metadata(&raw).unwrap().len(), 3 * MIB);

    let vmdk = dir.path().join("disk.vmdk");
    qemu.create(&vmdk, &Target::default_for(QemuFormat::Vmdk).unwrap(), MIB)
        .unwrap();
    let error = qemu
        .resize(&vmdk, QemuFormat::Vmdk, SizeSpec::Grow(MIB), false)
        .unwrap_err();
    assert!(
        error.to_string().contains("does not support resize"),
        "{error}"
    );
}

#[test]
fn version_parsing_and_minimum() {
    let parse = QemuVersion::parse_version_output;
    let current = parse("qemu-img version 10.0.2 (Debian 1:10.0.2+ds-2+deb13u1~bpo12+1)\nCopyright (c) 2003-2025 Fabrice Bellard and the QEMU Project developers\n").unwrap();
    assert_eq!((current.major, current.minor, current.micro), (10, 0, 2));
    assert!(current.is_supported());
    let old = parse("qemu-img version 2.11.1(Debian 1:2.11+dfsg-1ubuntu7.42)").unwrap();
    assert_eq!(old.to_string(), "2.11.1");
    assert!(!old.is_supported());
    assert!(parse("qemu-img version 5.2.0").unwrap().is_supported());
    assert!(!parse("qemu-img version 5.1").unwrap().is_supported());
    assert_eq!(parse("qemu-img version 6.2").unwrap().micro, 0);
    assert!(parse("something else").is_none());
    assert!(parse("").is_none());

    let installed = qemu();
    assert!(installed.version().is_supported());

    let too_old = QemuImgError::TooOld {
        found: old,
        program: PathBuf::from("/usr/bin/qemu-img"),
    };
    let message = too_old.to_string();
    assert!(
        message.contains("2.11.1") && message.contains("qemu-utils"),
        "{message}"
    );
    assert!(message.ends_with("/usr/bin/qemu-img"));
}

#[test]
fn missing_binary_names_the_package() {
    let error = QemuImg::locate_in(Some("/nonexistent/qemu-img".as_ref()), None).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("install the qemu-utils package (apt-get install qemu-utils)"),
        "{message}"
    );
    assert!(message.ends_with("/nonexistent/qemu-img"));

    let error =
        QemuImg::locate_in(None, Some("/nonexistent-dir:/also-missing".as_ref())).unwrap_err();
    assert_eq!(
        error.to_string(),
        "qemu-img not found: install the qemu-utils package (apt-get install qemu-utils)"
    );
    // A file that exists but is not executable is not a qemu-img either.
    let dir = tempfile::tempdir().unwrap();
    let not_executable = dir.path().join("qemu-img");
    fs::write(&not_executable, b"not a program").unwrap();
    let error = QemuImg::at(&not_executable).unwrap_err();
    assert!(matches!(error, QemuImgError::NotFoundAt { .. }));
    // The real one is found on PATH.
    let found = QemuImg::locate_in(None, std::env::var_os("PATH").as_deref()).unwrap();
    assert!(found.program().ends_with("qemu-img"));
}

#[test]
fn sizes_parse_for_the_cli() {
    assert_eq!(parse_size("10G").unwrap(), SizeSpec::Absolute(10 << 30));
    assert_eq!(parse_size("+5G").unwrap(), SizeSpec::Grow(5 << 30));
    assert_eq!(parse_size("512M").unwrap(), SizeSpec::Absolute(512 << 20));
    assert_eq!(parse_size("1024").unwrap(), SizeSpec::Absolute(1024));
    assert_eq!(parse_size("2GiB").unwrap(), SizeSpec::Absolute(2 << 30));
    assert_eq!(parse_size("3kB").unwrap(), SizeSpec::Absolute(3072));
    assert_eq!(parse_size("-1T").unwrap(), SizeSpec::Shrink(1 << 40));
    assert_eq!(SizeSpec::Grow(5).resolve(10), Some(15));
    assert_eq!(SizeSpec::Shrink(11).resolve(10), None);
    let error = parse_size("ten gigs").unwrap_err();
    assert!(error.to_string().starts_with("invalid size \"ten gigs\""));
}

#[test]
fn glance_disk_formats_map_to_qemu_formats() {
    assert_eq!(
        QemuFormat::from_glance_disk_format("vhd"),
        Some(QemuFormat::Vpc)
    );
    assert_eq!(QemuFormat::Vpc.to_glance_disk_format(), Some("vhd"));
    assert_eq!(
        QemuFormat::from_glance_disk_format("vhdx"),
        Some(QemuFormat::Vhdx)
    );
    assert_eq!(
        QemuFormat::from_glance_disk_format("ploop"),
        Some(QemuFormat::Parallels)
    );
    assert_eq!(QemuFormat::from_glance_disk_format("ari"), None);
    for format in QemuFormat::ALL {
        assert_eq!(
            format.is_writable(),
            Target::default_for(format).is_some(),
            "{format}"
        );
    }
}
