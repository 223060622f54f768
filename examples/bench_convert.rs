//! Benchmark: the qemu-img driver against bare `qemu-img convert` with the same options.
//!
//! `cargo run --release --example bench_convert [-- --runs N --size-gib N --dir PATH --sync]`
//!
//! Builds (once, then reuses) a raw source of `--size-gib` GiB (default 2) made of 1 MiB blocks,
//! half pseudo-random and half zero, chosen at random. Each target is converted through
//! [`QemuImg::convert`] (with `-p` progress parsing, cancel polling, staging and rename) and
//! by spawning `qemu-img convert` directly with the same conversion options, interleaved and
//! alternating which goes first, `--runs` times (default 5). Prints best and median wall seconds
//! and the driver/bare ratios of wall time and of CPU time (this process plus qemu-img, which is
//! less sensitive to other load on the machine). The driver runs with `sync = false` (bare
//! qemu-img does not flush either); `--sync` adds a row per target with the driver's default
//! flush-before-rename.
//!
//! First, the driver's fixed cost per call (its `qemu-img info`, staging directory, reader
//! threads, rename) is measured on a 1 MiB image, 40 times each way; `--fixed-only` stops there.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use glance_workbench::backend::jobs::JobControl;
use glance_workbench::convert::qemu_img::{
    CompareMode, Compression, ConvertRequest, Qcow2Options, QemuFormat, QemuImg, Target,
    VmdkSubformat, WriteOrder,
};

const MIB: usize = 1 << 20;

struct Options {
    fixed_only: bool,
    runs: usize,
    size_gib: u64,
    dir: PathBuf,
    sync: bool,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        fixed_only: false,
        runs: 5,
        size_gib: 2,
        dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench_convert"),
        sync: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--runs" => options.runs = value("--runs")?.parse().map_err(|e| format!("{e}"))?,
            "--size-gib" => {
                options.size_gib = value("--size-gib")?.parse().map_err(|e| format!("{e}"))?;
            }
            "--dir" => options.dir = PathBuf::from(value("--dir")?),
            "--sync" => options.sync = true,
            "--fixed-only" => options.fixed_only = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if options.runs == 0 || options.size_gib == 0 {
        return Err("--runs and --size-gib must be at least 1".to_owned());
    }
    Ok(options)
}

/// Write the source unless a file of the right size is already there.
fn ensure_source(path: &Path, size_bytes: u64) -> std::io::Result<()> {
    if fs::metadata(path).is_ok_and(|metadata| metadata.len() == size_bytes) {
        println!("reusing source {}", path.display());
        return Ok(());
    }
    println!("writing {} GiB source {}", size_bytes >> 30, path.display());
    let mut file = std::io::BufWriter::with_capacity(4 * MIB, fs::File::create(path)?);
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let zeros = vec![0u8; MIB];
    let mut block = vec![0u8; MIB];
    let (mut data_blocks, mut zero_blocks) = (0u64, 0u64);
    for _ in 0..size_bytes / MIB as u64 {
        if next() & 1 == 0 {
            for chunk in block.chunks_exact_mut(8) {
                chunk.copy_from_slice(&next().to_le_bytes());
            }
            file.write_all(&block)?;
            data_blocks += 1;
        } else {
            file.write_all(&zeros)?;
            zero_blocks += 1;
        }
    }
    file.flush()?;
    file.get_ref().sync_all()?;
    println!("  {data_blocks} random MiB blocks, {zero_blocks} zero MiB blocks");
    Ok(())
}

struct Case {
    name: &'static str,
    target: Target,
    write_order: WriteOrder,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "qcow2",
            target: Target::Qcow2(Qcow2Options::default()),
            write_order: WriteOrder::Auto,
        },
        Case {
            name: "vmdk streamOptimized",
            target: Target::Vmdk {
                subformat: VmdkSubformat::StreamOptimized,
            },
            write_order: WriteOrder::Auto,
        },
        Case {
            name: "vmdk streamOptimized -W",
            target: Target::Vmdk {
                subformat: VmdkSubformat::StreamOptimized,
            },
            write_order: WriteOrder::OutOfOrder,
        },
        Case {
            name: "qcow2 -c zlib",
            target: Target::Qcow2(Qcow2Options {
                compression: Some(Compression::Zlib),
                ..Qcow2Options::default()
            }),
            write_order: WriteOrder::Auto,
        },
    ]
}

/// The same conversion arguments the driver passes, minus `-p`.
fn bare_args(case: &Case, source: &Path, destination: &Path) -> Vec<String> {
    let mut args = vec![
        "convert".to_owned(),
        "-f".to_owned(),
        "raw".to_owned(),
        "-O".to_owned(),
        case.target.format().as_str().to_owned(),
    ];
    if let Some(options) = case.target.creation_options() {
        args.extend(["-o".to_owned(), options]);
    }
    if case.target.compresses() {
        args.push("-c".to_owned());
    }
    if case.write_order.out_of_order_for(&case.target) {
        args.push("-W".to_owned());
    }
    args.push(source.display().to_string());
    args.push(destination.display().to_string());
    args
}

/// CPU seconds used so far by this process and its reaped children (qemu-img), from
/// `/proc/self/stat` (utime, stime, cutime, cstime; USER_HZ = 100 on Linux). `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // After the command name: state is field 3, utime 14 .. cstime 17 (1-based).
    let ticks: u64 = fields
        .get(11..15)?
        .iter()
        .map(|field| field.parse::<u64>().ok())
        .sum::<Option<u64>>()?;
    Some(ticks as f64 / 100.0)
}

/// Wall-clock and CPU seconds of one conversion.
#[derive(Clone, Copy)]
struct Sample {
    wall: f64,
    cpu: f64,
}

/// Time `work` after flushing the page cache's dirty data (so writeback of an earlier run's
/// output does not land in this one).
fn measure(
    work: impl FnOnce() -> Result<(), Box<dyn std::error::Error>>,
) -> Result<Sample, Box<dyn std::error::Error>> {
    Command::new("sync").status()?;
    let cpu_before = cpu_seconds().unwrap_or(0.0);
    let started = Instant::now();
    work()?;
    let wall = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds().unwrap_or(0.0) - cpu_before;
    Ok(Sample { wall, cpu })
}

fn best(samples: &[f64]) -> f64 {
    samples.iter().copied().fold(f64::MAX, f64::min)
}

fn median(samples: &[f64]) -> f64 {
    let mut samples = samples.to_vec();
    samples.sort_by(f64::total_cmp);
    let middle = samples.len() / 2;
    if samples.len().is_multiple_of(2) {
        (samples[middle - 1] + samples[middle]) / 2.0
    } else {
        samples[middle]
    }
}

/// Median wall time of a 1 MiB raw -> qcow2 conversion through the driver and bare, to show
/// the driver's fixed cost per call apart from conversion noise.
fn fixed_cost(qemu: &QemuImg, dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    const REPETITIONS: usize = 40;
    let source = dir.join("tiny.raw");
    fs::write(&source, vec![0x5a_u8; MIB])?;
    let destination = dir.join("tiny.qcow2");
    let case = &cases()[0];
    let mut request = ConvertRequest::new(&source, QemuFormat::Raw, &destination, case.target);
    request.sync = false;
    let (mut driver, mut bare) = (Vec::new(), Vec::new());
    for _ in 0..REPETITIONS {
        let _ = fs::remove_file(&destination);
        let started = Instant::now();
        qemu.convert(&request, &JobControl::new())?;
        driver.push(started.elapsed().as_secs_f64());
        let _ = fs::remove_file(&destination);
        let started = Instant::now();
        let status = Command::new(qemu.program())
            .args(bare_args(case, &source, &destination))
            .stdin(Stdio::null())
            .status()?;
        bare.push(started.elapsed().as_secs_f64());
        if !status.success() {
            return Err("bare qemu-img failed on the 1 MiB image".into());
        }
    }
    let _ = fs::remove_file(&destination);
    let (driver, bare) = (median(&driver), median(&bare));
    println!(
        "fixed cost, 1 MiB raw -> qcow2, median of {REPETITIONS}: driver {:.1} ms, bare {:.1} ms, \
         driver adds {:.1} ms per conversion",
        driver * 1e3,
        bare * 1e3,
        (driver - bare) * 1e3
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = parse_options()?;
    let qemu = QemuImg::locate()?;
    println!(
        "qemu-img {} at {}, {} runs, {} CPUs",
        qemu.version(),
        qemu.program().display(),
        options.runs,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    fs::create_dir_all(&options.dir)?;
    let source = options
        .dir
        .join(format!("source-{}g.raw", options.size_gib));
    ensure_source(&source, options.size_gib << 30)?;
    fixed_cost(&qemu, &options.dir)?;
    if options.fixed_only {
        return Ok(());
    }
    let cases = cases();
    let mut driver_samples: Vec<Vec<Sample>> = vec![Vec::new(); cases.len()];
    let mut bare_samples: Vec<Vec<Sample>> = vec![Vec::new(); cases.len()];
    let mut sync_samples: Vec<Vec<Sample>> = vec![Vec::new(); cases.len()];
    for run in 0..options.runs {
        for (index, case) in cases.iter().enumerate() {
            let destination = options.dir.join(format!("out-{index}.img"));
            let mut request =
                ConvertRequest::new(&source, QemuFormat::Raw, &destination, case.target);
            request.write_order = case.write_order;
            request.sync = false;
            let run_driver = |request: &ConvertRequest| {
                let _ = fs::remove_file(&request.destination);
                measure(|| {
                    qemu.convert(request, &JobControl::new())?;
                    Ok(())
                })
            };
            let run_bare = || {
                let _ = fs::remove_file(&destination);
                measure(|| {
                    let status = Command::new(qemu.program())
                        .args(bare_args(case, &source, &destination))
                        .stdin(Stdio::null())
                        .status()?;
                    if status.success() {
                        Ok(())
                    } else {
                        Err(format!("bare qemu-img failed for {}", case.name).into())
                    }
                })
            };
            let (driver, bare) = if run % 2 == 0 {
                let driver = run_driver(&request)?;
                (driver, run_bare()?)
            } else {
                let bare = run_bare()?;
                (run_driver(&request)?, bare)
            };
            if run == 0 {
                // Check the driver's output once (outside the timings).
                run_driver(&request)?;
                let outcome = qemu.compare(
                    &source,
                    QemuFormat::Raw,
                    &destination,
                    case.target.format(),
                    CompareMode::Lenient,
                    &JobControl::new(),
                )?;
                if !outcome.is_identical() {
                    return Err(format!("{}: output differs: {outcome:?}", case.name).into());
                }
            }
            if options.sync {
                request.sync = true;
                sync_samples[index].push(run_driver(&request)?);
            }
            println!(
                "run {}: {:<24} driver {:6.2} s ({:6.2} s CPU)   bare {:6.2} s ({:6.2} s CPU)",
                run + 1,
                case.name,
                driver.wall,
                driver.cpu,
                bare.wall,
                bare.cpu
            );
            driver_samples[index].push(driver);
            bare_samples[index].push(bare);
            let _ = fs::remove_file(&destination);
        }
    }
    println!();
    println!(
        "{:<24} {:>9} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7}",
        "target (wall seconds)",
        "drv best",
        "drv med",
        "bare best",
        "bare med",
        "best",
        "median",
        "CPU"
    );
    for (index, case) in cases.iter().enumerate() {
        let wall = |samples: &[Sample]| samples.iter().map(|s| s.wall).collect::<Vec<_>>();
        let cpu = |samples: &[Sample]| samples.iter().map(|s| s.cpu).collect::<Vec<_>>();
        let (driver_wall, bare_wall) = (wall(&driver_samples[index]), wall(&bare_samples[index]));
        let (driver_cpu, bare_cpu) = (cpu(&driver_samples[index]), cpu(&bare_samples[index]));
        println!(
            "{:<24} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>7.3} {:>7.3} {:>7.3}",
            case.name,
            best(&driver_wall),
            median(&driver_wall),
            best(&bare_wall),
            median(&bare_wall),
            best(&driver_wall) / best(&bare_wall),
            median(&driver_wall) / median(&bare_wall),
            median(&driver_cpu) / median(&bare_cpu),
        );
        if options.sync {
            let sync_wall = wall(&sync_samples[index]);
            println!(
                "{:<24} {:>9.2} {:>9.2}   (driver with sync = true: flush before rename)",
                "",
                best(&sync_wall),
                median(&sync_wall)
            );
        }
    }
    println!("ratios are driver / bare: best wall, median wall, median CPU (process + qemu-img)");
    Ok(())
}
