//! The guest block layer: disks with known content at known offsets (patterns, holes, zeros),
//! partitioned with the real `sfdisk`, converted with the real `qemu-img` into every format
//! and read back through `open_device`, compared byte for byte with the raw file; their
//! partition tables; hostile images (an L2 entry past the end, a garbage compressed cluster, a
//! budget that runs out, a looping logical chain, a damaged GPT header); and the readers under
//! the inspector's mutation fuzzer.

use std::fs::File;
use std::io::ErrorKind;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use glance_workbench::convert::guest::block::open_device;
use glance_workbench::convert::guest::partition::{PartitionTable, read_partition_table};
use glance_workbench::convert::guest::{BlockDevice, Budget, PartitionTableKind};
use glance_workbench::convert::inspect::{DiskFormatKind as K, inspect_bytes};

use super::{Corpus, fuzz_seeds, have, mutate, patch, qemu_vs, skip_without_qemu, xorshift};

const MIB: u64 = 1 << 20;
/// The test disks' size: 40 MiB.
const DISK: u64 = 40 * MIB;

/// Fills `buf` with random bytes (incompressible) or text lines (compressible).
fn fill(buf: &mut [u8], seed: u64, text: bool) {
    let mut s = seed | 1;
    if text {
        let mut line = 0u64;
        let mut out = Vec::with_capacity(buf.len());
        while out.len() < buf.len() {
            out.extend_from_slice(format!("line {line} of region {seed:x}\n").as_bytes());
            line += 1;
        }
        buf.copy_from_slice(&out[..buf.len()]);
    } else {
        for chunk in buf.chunks_mut(8) {
            let v = xorshift(&mut s).to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
}

/// Writes a 40 MiB raw disk with content at known offsets (the table areas left to sfdisk),
/// then partitions it with `script`.
fn pattern_disk(path: &Path, script: &str) {
    let mut data = vec![0u8; DISK as usize];
    // (offset, length, compressible): aligned, unaligned, crossing cluster and block
    // boundaries, a single sector, and near the end (before a GPT backup).
    let regions: &[(u64, u64, bool)] = &[
        (MIB, 2 * MIB, false),
        (3 * MIB + 4096, 100 << 10, true),
        (10 * MIB - 700, 300 << 10, false),
        (12 * MIB + 512, 512, false),
        (16 * MIB - 3, 2 * MIB + 7, true),
        (20 * MIB, 64 << 10, false),
        (33 * MIB + 123, 1500 << 10, true),
        (DISK - MIB, 512 << 10, false),
    ];
    for (i, &(off, len, text)) in regions.iter().enumerate() {
        fill(
            &mut data[off as usize..(off + len) as usize],
            0x1234 + i as u64,
            text,
        );
    }
    // Scattered single sectors (subclusters, VHD sector bitmaps).
    let mut at = 22 * MIB + 4096;
    while at < 32 * MIB {
        fill(&mut data[at as usize..at as usize + 512], at, false);
        at += 777 << 10;
    }
    std::fs::write(path, &data).unwrap();
    let mut child = Command::new("sfdisk")
        .args(["--no-reread", "--no-tell-kernel", "-q"])
        .arg(path)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sfdisk");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "sfdisk: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const GPT_SCRIPT: &str = "label: gpt
start=2048, size=4096, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name=\"EFI system partition\"
start=6144, size=2048, type=21686148-6449-6E6F-744E-656564454649
start=8192, size=16384, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4
start=24576, size=55296, type=0657FD6D-A4AB-43C4-84E5-0933C84B4F4F
";

const MBR_SCRIPT: &str = "label: dos
start=2048, size=8192, type=83, bootable
start=10240, size=8192, type=7
start=18432, type=5
start=20480, size=4096, type=82
start=26624, size=8192, type=8e
";

fn have_tools() -> bool {
    if skip_without_qemu() {
        return false;
    }
    if !have("sfdisk") {
        eprintln!("note: sfdisk not installed; skipping");
        return false;
    }
    true
}

fn open(path: &Path, format: K, budget: u64) -> Box<dyn BlockDevice + Send> {
    let f = File::open(path).unwrap();
    let len = f.metadata().unwrap().len();
    open_device(f, 0, len, format, Budget::new(budget))
        .unwrap_or_else(|e| panic!("open {} as {format:?}: {e}", path.display()))
}

/// Reads the whole device in odd-sized chunks and compares it with `raw`; bytes past the raw
/// size (VHD's CHS rounding) must be zeros.
fn compare(dev: &mut dyn BlockDevice, raw: &[u8], what: &str) {
    let size = dev.size();
    assert!(size >= raw.len() as u64, "{what}: size {size}");
    let mut off = 0u64;
    let mut step = 0u64;
    while off < size {
        let n = ((MIB - 3 + step * 4099) % (2 * MIB) + 1).min(size - off) as usize;
        step += 1;
        let mut buf = vec![0xa5u8; n];
        dev.read_exact_at(off, &mut buf)
            .unwrap_or_else(|e| panic!("{what}: read {n} at {off}: {e}"));
        for (i, &b) in buf.iter().enumerate() {
            let at = off as usize + i;
            let want = raw.get(at).copied().unwrap_or(0);
            if b != want {
                panic!("{what}: byte {at} is {b:#x}, the raw disk has {want:#x}");
            }
        }
        off += n as u64;
    }
    // Past the end is an error, not zeros.
    let mut one = [0u8; 1];
    assert_eq!(
        dev.read_exact_at(size, &mut one).unwrap_err().kind(),
        ErrorKind::UnexpectedEof,
        "{what}"
    );
}

fn check_gpt(t: &PartitionTable, what: &str) {
    assert_eq!(t.kind, Some(PartitionTableKind::Gpt), "{what}: {t:#?}");
    let got: Vec<(u32, u64, u64, &str)> = t
        .entries
        .iter()
        .map(|e| (e.number, e.start, e.size, e.type_name.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (1, 2048 * 512, 4096 * 512, "EFI System"),
            (2, 6144 * 512, 2048 * 512, "BIOS boot"),
            (3, 8192 * 512, 16384 * 512, "Linux filesystem"),
            (4, 24576 * 512, 55296 * 512, "Linux swap"),
        ],
        "{what}"
    );
    assert!(t.entries[0].is_esp());
    assert_eq!(t.entries[0].name.as_deref(), Some("EFI system partition"));
    assert!(t.bios_boot_partition, "{what}");
    assert!(!t.mbr_boot_code, "{what}");
    assert!(t.findings.is_empty(), "{what}: {:?}", t.findings);
}

fn check_mbr(t: &PartitionTable, what: &str, boot_code: bool) {
    assert_eq!(t.kind, Some(PartitionTableKind::Mbr), "{what}: {t:#?}");
    let got: Vec<(u32, u64, u64, &str, bool)> = t
        .entries
        .iter()
        .map(|e| (e.number, e.start, e.size, e.type_name.as_str(), e.bootable))
        .collect();
    assert_eq!(
        got,
        vec![
            (1, 2048 * 512, 8192 * 512, "0x83 Linux", true),
            (2, 10240 * 512, 8192 * 512, "0x07 HPFS/NTFS/exFAT", false),
            (
                3,
                18432 * 512,
                (DISK / 512 - 18432) * 512,
                "0x05 Extended",
                false
            ),
            (
                5,
                20480 * 512,
                4096 * 512,
                "0x82 Linux swap / Solaris",
                false
            ),
            (6, 26624 * 512, 8192 * 512, "0x8e Linux LVM", false),
        ],
        "{what}"
    );
    assert!(!t.bios_boot_partition);
    assert_eq!(t.mbr_boot_code, boot_code, "{what}");
    assert!(t.findings.is_empty(), "{what}: {:?}", t.findings);
}

/// Every format qemu-img writes, read back byte for byte, with its partition table.
#[test]
fn guest_block_every_format_reads_like_the_raw_disk() {
    if !have_tools() {
        return;
    }
    let c = Corpus::new();
    pattern_disk(&c.p("gpt.raw"), GPT_SCRIPT);
    pattern_disk(&c.p("mbr.raw"), MBR_SCRIPT);
    // A BIOS boot loader's first bytes (GRUB's boot.img starts with a jump).
    patch(&c.p("mbr.raw"), 0, &[0xeb, 0x63, 0x90, 0x10, 0x8e, 0xd0]);
    let cases: &[(&str, &str, K, &[&str])] = &[
        ("gpt", "qcow2", K::Qcow2, &[]),
        ("gpt", "qcow2", K::Qcow2, &["-o", "compat=0.10"]),
        ("gpt", "qcow2", K::Qcow2, &["-o", "cluster_size=4096"]),
        ("gpt", "qcow2", K::Qcow2, &["-c"]),
        (
            "mbr",
            "qcow2",
            K::Qcow2,
            &["-c", "-o", "compression_type=zstd"],
        ),
        ("gpt", "qcow2", K::Qcow2, &["-o", "extended_l2=on"]),
        (
            "mbr",
            "qcow2",
            K::Qcow2,
            &["-o", "extended_l2=on,cluster_size=16384"],
        ),
        (
            "gpt",
            "vmdk",
            K::Vmdk,
            &["-o", "subformat=monolithicSparse"],
        ),
        ("mbr", "vmdk", K::Vmdk, &["-o", "subformat=streamOptimized"]),
        ("gpt", "vpc", K::Vhd, &[]),
        ("mbr", "vpc", K::Vhd, &["-o", "subformat=fixed"]),
        ("gpt", "vhdx", K::Vhdx, &["-o", "block_size=1M"]),
        ("mbr", "vhdx", K::Vhdx, &[]),
        ("gpt", "vdi", K::Vdi, &[]),
        ("mbr", "vdi", K::Vdi, &["-o", "static=on"]),
    ];
    let gpt = std::fs::read(c.p("gpt.raw")).unwrap();
    let mbr = std::fs::read(c.p("mbr.raw")).unwrap();
    for (name, raw) in [("gpt", &gpt), ("mbr", &mbr)] {
        let mut dev = open(&c.p(&format!("{name}.raw")), K::Raw, u64::MAX);
        compare(dev.as_mut(), raw, name);
    }
    for (i, (src, fmt, kind, opts)) in cases.iter().enumerate() {
        let out = format!("{i}.{fmt}");
        c.convert(&format!("{src}.raw"), fmt, opts, &out);
        let what = format!("{src} -> {fmt} {opts:?}");
        let raw = if *src == "gpt" { &gpt } else { &mbr };
        let t0 = Instant::now();
        let mut dev = open(&c.p(&out), *kind, 1 << 30);
        assert_eq!(
            Some(dev.size()),
            qemu_vs(&c.p(&out), fmt),
            "{what}: virtual size"
        );
        let table = read_partition_table(dev.as_mut());
        if *src == "gpt" {
            check_gpt(&table, &what);
        } else {
            check_mbr(&table, &what, true);
        }
        compare(dev.as_mut(), raw, &what);
        let file_len = std::fs::metadata(c.p(&out)).unwrap().len();
        println!(
            "{what}: {} bytes read for a {file_len}-byte file in {:?}",
            dev.bytes_read(),
            t0.elapsed()
        );
        assert!(dev.bytes_read() > 0, "{what}");
    }
}

/// An OVA member is a window of the tar file: the device reads only inside it.
#[test]
fn guest_block_reads_a_window_of_the_file() {
    if !have_tools() {
        return;
    }
    let c = Corpus::new();
    pattern_disk(&c.p("d.raw"), MBR_SCRIPT);
    c.convert("d.raw", "qcow2", &[], "d.qcow2");
    let q = std::fs::read(c.p("d.qcow2")).unwrap();
    let mut wrapped = vec![0x5au8; 5120];
    wrapped.extend_from_slice(&q);
    wrapped.extend_from_slice(&[0x77; 3000]);
    std::fs::write(c.p("w.tar"), &wrapped).unwrap();
    let f = File::open(c.p("w.tar")).unwrap();
    let mut dev = open_device(f, 5120, q.len() as u64, K::Qcow2, Budget::new(1 << 30)).unwrap();
    let raw = std::fs::read(c.p("d.raw")).unwrap();
    check_mbr(&read_partition_table(dev.as_mut()), "window", false);
    compare(dev.as_mut(), &raw, "window");
    // A raw window too.
    let f = File::open(c.p("w.tar")).unwrap();
    let mut dev = open_device(f, 5120, 4096, K::Raw, Budget::new(1 << 30)).unwrap();
    let mut b = vec![0u8; 4096];
    dev.read_exact_at(0, &mut b).unwrap();
    assert_eq!(&b[..], &q[..4096]);
}

/// Finds the first L2 entry matching `pred`: (file offset of the entry, entry, guest offset).
fn qcow2_l2_entry(path: &Path, pred: impl Fn(u64) -> bool) -> (u64, u64, u64) {
    let d = std::fs::read(path).unwrap();
    let be64 = |o: usize| u64::from_be_bytes(d[o..o + 8].try_into().unwrap());
    let cluster = 1u64 << u32::from_be_bytes(d[20..24].try_into().unwrap());
    let l1 = be64(40) as usize;
    let l2 = (be64(l1) & 0x00ff_ffff_ffff_fe00) as usize;
    for i in 0..(cluster / 8) as usize {
        let e = be64(l2 + 8 * i);
        if pred(e) {
            return ((l2 + 8 * i) as u64, e, i as u64 * cluster);
        }
    }
    panic!("no such L2 entry in {}", path.display());
}

/// Hostile qcow2 files and a small budget: clean errors naming what is wrong, no panic.
#[test]
fn guest_block_hostile_images_fail_cleanly() {
    if !have_tools() {
        return;
    }
    let c = Corpus::new();
    pattern_disk(&c.p("d.raw"), GPT_SCRIPT);

    // An L2 entry pointing past the end of the file.
    c.convert("d.raw", "qcow2", &[], "eof.qcow2");
    let (at, e, guest) = qcow2_l2_entry(&c.p("eof.qcow2"), |e| e & 0x00ff_ffff_ffff_fe00 != 0);
    let bad = (e & !0x00ff_ffff_ffff_fe00) | (1 << 40);
    patch(&c.p("eof.qcow2"), at, &bad.to_be_bytes());
    let mut dev = open(&c.p("eof.qcow2"), K::Qcow2, 1 << 30);
    let mut buf = vec![0u8; 4096];
    let err = dev.read_exact_at(guest, &mut buf).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidData, "{err}");
    assert!(
        err.to_string().contains("past the end of the file"),
        "{err}"
    );

    // A compressed cluster whose data is garbage (deflate and zstd).
    for (name, opts) in [
        ("z.qcow2", &["-c"][..]),
        ("zs.qcow2", &["-c", "-o", "compression_type=zstd"][..]),
    ] {
        c.convert("d.raw", "qcow2", opts, name);
        let (_, e, guest) = qcow2_l2_entry(&c.p(name), |e| e & (1 << 62) != 0);
        let host = e & ((1u64 << 54) - 1);
        patch(&c.p(name), host, &[0xff; 64]);
        let mut dev = open(&c.p(name), K::Qcow2, 1 << 30);
        let err = dev.read_exact_at(guest, &mut buf).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidData, "{name}: {err}");
        assert!(err.to_string().contains("decompression"), "{name}: {err}");
    }

    // A budget that runs out: the header fits, the data does not.
    c.convert("d.raw", "qcow2", &[], "b.qcow2");
    let mut dev = open(&c.p("b.qcow2"), K::Qcow2, 256 << 10);
    let mut big = vec![0u8; 2 << 20];
    let err = dev.read_exact_at(MIB, &mut big).unwrap_err();
    assert!(err.to_string().contains("read limit"), "{err}");
    assert!(dev.bytes_read() <= 256 << 10);
    // Other formats charge their tables and data too.
    for (fmt, kind, opts) in [
        ("vmdk", K::Vmdk, &["-o", "subformat=streamOptimized"][..]),
        ("vpc", K::Vhd, &[][..]),
        ("vhdx", K::Vhdx, &[][..]),
        ("vdi", K::Vdi, &[][..]),
    ] {
        let out = format!("b.{fmt}");
        c.convert("d.raw", fmt, opts, &out);
        let mut dev = open(&c.p(&out), kind, 512 << 10);
        let err = dev.read_exact_at(MIB, &mut big).unwrap_err();
        assert!(err.to_string().contains("read limit"), "{fmt}: {err}");
        assert!(dev.bytes_read() <= 512 << 10, "{fmt}");
    }

    // A file that is not what it is said to be is refused at open.
    let f = File::open(c.p("d.raw")).unwrap();
    let len = f.metadata().unwrap().len();
    assert!(open_device(f, 0, len, K::Qcow2, Budget::new(1 << 30)).is_err());
    let f = File::open(c.p("d.raw")).unwrap();
    assert!(open_device(f, 0, len, K::Gzip, Budget::new(1 << 30)).is_err());
}

/// A logical partition chain that loops, a damaged primary GPT header, a GPT declaring more
/// entries than read.
#[test]
fn guest_block_hostile_partition_tables() {
    if !have_tools() {
        return;
    }
    let c = Corpus::new();
    let mut d = vec![0u8; 8 << 20];
    let entry = |d: &mut [u8], at: usize, kind: u8, start: u32, sectors: u32| {
        d[at + 4] = kind;
        d[at + 8..at + 12].copy_from_slice(&start.to_le_bytes());
        d[at + 12..at + 16].copy_from_slice(&sectors.to_le_bytes());
    };
    entry(&mut d, 446, 0x05, 2048, 8192);
    d[510] = 0x55;
    d[511] = 0xaa;
    // EBR 1 at the extended start: a logical partition, next EBR at +4096 sectors.
    let ebr1 = 2048 * 512;
    entry(&mut d, ebr1 + 446, 0x83, 64, 1000);
    entry(&mut d, ebr1 + 462, 0x05, 4096, 2000);
    d[ebr1 + 510] = 0x55;
    d[ebr1 + 511] = 0xaa;
    // EBR 2 points at itself.
    let ebr2 = (2048 + 4096) * 512;
    entry(&mut d, ebr2 + 446, 0x82, 64, 1000);
    entry(&mut d, ebr2 + 462, 0x05, 4096, 2000);
    d[ebr2 + 510] = 0x55;
    d[ebr2 + 511] = 0xaa;
    std::fs::write(c.p("loop.raw"), &d).unwrap();
    let mut dev = open(&c.p("loop.raw"), K::Raw, 1 << 30);
    let t = read_partition_table(dev.as_mut());
    assert_eq!(
        t.entries.iter().map(|e| e.number).collect::<Vec<_>>(),
        vec![1, 5, 6]
    );
    assert!(t.findings.iter().any(|f| f.code == "loop"), "{t:#?}");

    // A damaged primary GPT header: a CRC finding, the backup is used.
    pattern_disk(&c.p("g.raw"), GPT_SCRIPT);
    patch(&c.p("g.raw"), 512 + 60, &[0x42]);
    let mut dev = open(&c.p("g.raw"), K::Raw, 1 << 30);
    let t = read_partition_table(dev.as_mut());
    assert_eq!(t.kind, Some(PartitionTableKind::Gpt));
    assert_eq!(t.entries.len(), 4);
    assert!(t.findings.iter().any(|f| f.code == "gpt_crc"), "{t:#?}");
    assert!(t.findings.iter().any(|f| f.code == "gpt_damaged"), "{t:#?}");

    // A budget too small for the entry array: a finding, no panic.
    let mut dev = open(&c.p("g.raw"), K::Raw, 1024 + 512);
    let t = read_partition_table(dev.as_mut());
    assert!(t.findings.iter().any(|f| f.code == "unreadable"), "{t:#?}");
}

/// The inspector's mutation fuzzer over the block readers: each mutated seed is opened with
/// its detected format and with another one, and random ranges are read. No panic, and never
/// more read than the budget.
#[test]
fn guest_block_fuzz_quick() {
    let seeds = fuzz_seeds();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.img");
    let formats = [K::Raw, K::Qcow2, K::Vmdk, K::Vhd, K::Vhdx, K::Vdi, K::Iso];
    let budget = 8 << 20;
    let start = Instant::now();
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut execs = 0u64;
    let mut opened = 0u64;
    while execs < 1500 && start.elapsed() < Duration::from_secs(90) {
        let mut data = seeds[(xorshift(&mut rng) % seeds.len() as u64) as usize].clone();
        mutate(&mut data, &seeds, &mut rng);
        std::fs::write(&path, &data).unwrap();
        let detected = inspect_bytes(&data, &Default::default()).format;
        let other = formats[(xorshift(&mut rng) % formats.len() as u64) as usize];
        for format in [detected, other] {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let f = File::open(&path).unwrap();
                let Ok(mut dev) = open_device(f, 0, data.len() as u64, format, Budget::new(budget))
                else {
                    return false;
                };
                let size = dev.size();
                let mut r = rng;
                for _ in 0..8 {
                    let n = (xorshift(&mut r) % (256 << 10)) as usize;
                    let off = if size == 0 {
                        0
                    } else {
                        xorshift(&mut r) % size
                    };
                    let mut buf = vec![0u8; n];
                    let _ = dev.read_exact_at(off, &mut buf);
                }
                let _ = read_partition_table(dev.as_mut());
                assert!(dev.bytes_read() <= budget);
                true
            }));
            match r {
                Ok(true) => opened += 1,
                Ok(false) => {}
                Err(_) => {
                    let saved = Path::new(env!("CARGO_TARGET_TMPDIR"))
                        .join(format!("guest-block-crash-{execs}.bin"));
                    let _ = std::fs::write(&saved, &data);
                    panic!(
                        "block reader panicked on {format:?}; input saved to {}",
                        saved.display()
                    );
                }
            }
        }
        execs += 1;
    }
    println!(
        "guest block fuzz: {execs} cases, {opened} opened, {:.1}s",
        start.elapsed().as_secs_f64()
    );
    assert!(opened > 0);
}
