//! Integration tests of the native disk-format inspector: a corpus built at test time with the
//! real `qemu-img` plus small hand-made writers for hostile files, checked for format, virtual
//! size (against `qemu-img info -f <fmt>`), verdict and reasons; and a mutation fuzzer over the
//! corpus (a quick run here, a long run with `--ignored`, see `scripts/fuzz-inspect`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking, helpers (not #[test] functions) included"
)]

use std::collections::BTreeSet;
use std::io::{Cursor, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use glance_workbench::convert::inspect::{
    DiskFormatKind as K, InspectOptions, Inspection, UnsafeReason as Unsafe, inspect_bytes,
    inspect_path, inspect_reader,
};

#[path = "inspect/guest_block.rs"]
mod guest_block;

// ---------------------------------------------------------------- helpers

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn run(cmd: &str, args: &[&str]) {
    let out = Command::new(cmd).args(args).output().expect("spawn");
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn qemu_img(args: &[&str]) {
    run("qemu-img", args);
}

/// `qemu-img info -f <fmt> --output=json` virtual size, `None` if qemu cannot open the file.
fn qemu_vs(path: &Path, fmt: &str) -> Option<u64> {
    let out = Command::new("qemu-img")
        .args(["info", "-U", "-f", fmt, "--output=json"])
        .arg(path)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    v.get("virtual-size")?.as_u64()
}

fn reasons(i: &Inspection) -> BTreeSet<&'static str> {
    i.reasons().iter().map(|f| f.reason.as_str()).collect()
}

fn set(rs: &[Unsafe]) -> BTreeSet<&'static str> {
    rs.iter().map(|r| r.as_str()).collect()
}

/// Inspects `path` and checks format, reasons and (when `qemu_fmt` is given) that the virtual
/// size equals qemu-img's.
fn check(path: &Path, format: K, want: &[Unsafe], qemu_fmt: Option<&str>) -> Inspection {
    let i = inspect_path(path, &InspectOptions::default()).expect("inspect");
    assert_eq!(i.format, format, "{}: {i:#?}", path.display());
    assert_eq!(reasons(&i), set(want), "{}: {i:#?}", path.display());
    assert_eq!(i.is_safe(), want.is_empty());
    if let Some(fmt) = qemu_fmt {
        let q =
            qemu_vs(path, fmt).unwrap_or_else(|| panic!("qemu-img cannot read {}", path.display()));
        assert_eq!(
            i.virtual_size,
            Some(q),
            "{}: virtual size vs qemu-img",
            path.display()
        );
    }
    i
}

fn write(path: &Path, data: &[u8]) {
    std::fs::write(path, data).expect("write");
}

fn patch(path: &Path, off: u64, data: &[u8]) {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open");
    f.seek(SeekFrom::Start(off)).expect("seek");
    f.write_all(data).expect("patch");
}

fn skip_without_qemu() -> bool {
    if have("qemu-img") {
        return false;
    }
    eprintln!("note: qemu-img not installed; skipping");
    true
}

/// A raw file of `mib` MiB with non-zero content in every MiB.
fn raw_with_data(path: &Path, mib: usize) {
    let mut data = vec![0u8; mib << 20];
    for (i, b) in data.iter_mut().enumerate() {
        if (i >> 12) % 3 != 2 {
            *b = (i % 251) as u8 + 1;
        }
    }
    write(path, &data);
}

// ---------------------------------------------------------------- hand-made writers

/// A minimal qcow2 v3 image (64 KiB clusters): header, refcount table, refcount block, L1.
fn qcow2_image(
    size: u64,
    incompat: u64,
    backing: Option<&str>,
    data_file: Option<&str>,
) -> Vec<u8> {
    let cs = 65536usize;
    let mut img = vec![0u8; 4 * cs];
    let put32 = |b: &mut Vec<u8>, o: usize, v: u32| b[o..o + 4].copy_from_slice(&v.to_be_bytes());
    let put64 = |b: &mut Vec<u8>, o: usize, v: u64| b[o..o + 8].copy_from_slice(&v.to_be_bytes());
    img[..4].copy_from_slice(b"QFI\xfb");
    put32(&mut img, 4, 3);
    put32(&mut img, 20, 16);
    put64(&mut img, 24, size);
    let entry = if incompat & (1 << 4) != 0 { 16 } else { 8 };
    let l1 = size.div_ceil((cs as u64) * (cs as u64 / entry)).max(1) as u32;
    put32(&mut img, 36, l1);
    put64(&mut img, 40, 3 * cs as u64);
    put64(&mut img, 48, cs as u64);
    put32(&mut img, 56, 1);
    put64(&mut img, 72, incompat);
    put32(&mut img, 96, 4);
    put32(&mut img, 100, 112);
    let mut off = 112;
    if let Some(name) = data_file {
        put32(&mut img, off, 0x4441_5441);
        put32(&mut img, off + 4, name.len() as u32);
        img[off + 8..off + 8 + name.len()].copy_from_slice(name.as_bytes());
        off += 8 + name.len().div_ceil(8) * 8;
    }
    put32(&mut img, off, 0); // end of extensions
    if let Some(name) = backing {
        put64(&mut img, 8, 1024);
        put32(&mut img, 16, name.len() as u32);
        img[1024..1024 + name.len()].copy_from_slice(name.as_bytes());
    }
    // refcount table -> block at cluster 2, refcounts 1 for clusters 0..4
    put64(&mut img, cs, 2 * cs as u64);
    for c in 0..4 {
        img[2 * cs + 2 * c + 1] = 1;
    }
    img
}

/// A VMDK text descriptor with the given create type and extent lines.
fn vmdk_descriptor(create_type: &str, extents: &[&str]) -> Vec<u8> {
    let mut s = format!(
        "# Disk DescriptorFile\nversion=1\nCID=12345678\nparentCID=ffffffff\ncreateType=\"{create_type}\"\n\n# Extent description\n"
    );
    for e in extents {
        s.push_str(e);
        s.push('\n');
    }
    s.push_str("\n# The Disk Data Base\n#DDB\n\nddb.adapterType = \"ide\"\n");
    s.into_bytes()
}

/// A VMDK sparse header (capacity in sectors) with an embedded descriptor at sector 1.
fn vmdk_sparse_with_descriptor(capacity: u64, desc: &[u8]) -> Vec<u8> {
    let mut img = vec![0u8; 512 + desc.len().div_ceil(512) * 512 + 512];
    img[..4].copy_from_slice(b"KDMV");
    img[4..8].copy_from_slice(&1u32.to_le_bytes());
    img[8..12].copy_from_slice(&3u32.to_le_bytes());
    img[12..20].copy_from_slice(&capacity.to_le_bytes());
    img[20..28].copy_from_slice(&128u64.to_le_bytes());
    img[28..36].copy_from_slice(&1u64.to_le_bytes());
    img[36..44].copy_from_slice(&(desc.len().div_ceil(512) as u64).to_le_bytes());
    img[44..48].copy_from_slice(&512u32.to_le_bytes());
    img[512..512 + desc.len()].copy_from_slice(desc);
    img
}

/// A minimal ISO 9660 image: primary volume descriptor and terminator, `blocks` 2 KiB blocks.
fn iso_image(blocks: u32) -> Vec<u8> {
    let mut img = vec![0u8; blocks as usize * 2048];
    let pvd = 16 * 2048;
    img[pvd] = 1;
    img[pvd + 1..pvd + 6].copy_from_slice(b"CD001");
    img[pvd + 6] = 1;
    img[pvd + 40..pvd + 72].copy_from_slice(b"GLANCE_TEST                     ");
    img[pvd + 80..pvd + 84].copy_from_slice(&blocks.to_le_bytes());
    img[pvd + 84..pvd + 88].copy_from_slice(&blocks.to_be_bytes());
    img[pvd + 128..pvd + 130].copy_from_slice(&2048u16.to_le_bytes());
    img[pvd + 130..pvd + 132].copy_from_slice(&2048u16.to_be_bytes());
    let term = 17 * 2048;
    img[term] = 255;
    img[term + 1..term + 6].copy_from_slice(b"CD001");
    img[term + 6] = 1;
    img
}

/// Writes a protective MBR (GPT) or a DOS partition entry into the first sector.
fn mbr(img: &mut [u8], kind: u8, boot: u8, chs: [u8; 3], start: u32, sectors: u32) {
    let e = 446;
    img[e] = boot;
    img[e + 1..e + 4].copy_from_slice(&chs);
    img[e + 4] = kind;
    img[e + 5..e + 8].copy_from_slice(&[0xff, 0xff, 0xff]);
    img[e + 8..e + 12].copy_from_slice(&start.to_le_bytes());
    img[e + 12..e + 16].copy_from_slice(&sectors.to_le_bytes());
    img[510] = 0x55;
    img[511] = 0xaa;
}

/// Adds a GPT header at LBA 1 (entries at LBA 2, 128 x 128 bytes, one partition).
fn gpt_header(img: &mut [u8]) {
    let h = 512;
    img[h..h + 8].copy_from_slice(b"EFI PART");
    img[h + 8..h + 12].copy_from_slice(&0x0001_0000u32.to_le_bytes());
    img[h + 12..h + 16].copy_from_slice(&92u32.to_le_bytes());
    img[h + 24..h + 32].copy_from_slice(&1u64.to_le_bytes());
    img[h + 72..h + 80].copy_from_slice(&2u64.to_le_bytes());
    img[h + 80..h + 84].copy_from_slice(&128u32.to_le_bytes());
    img[h + 84..h + 88].copy_from_slice(&128u32.to_le_bytes());
    img[1024..1040].copy_from_slice(&[0x0f; 16]);
    let mut crc = flate2::Crc::new();
    crc.update(&img[h..h + 92]);
    img[h + 16..h + 20].copy_from_slice(&crc.sum().to_le_bytes());
}

/// A ustar archive of the given members.
fn ustar(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, data) in members {
        let mut h = [0u8; 512];
        h[..name.len()].copy_from_slice(name.as_bytes());
        h[100..108].copy_from_slice(b"0000644\0");
        h[108..116].copy_from_slice(b"0000000\0");
        h[116..124].copy_from_slice(b"0000000\0");
        h[124..136].copy_from_slice(format!("{:011o}\0", data.len()).as_bytes());
        h[136..148].copy_from_slice(b"00000000000\0");
        h[156] = b'0';
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
        h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        out.extend_from_slice(&h);
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).expect("gzip");
    e.finish().expect("gzip")
}

fn bzip2(data: &[u8]) -> Vec<u8> {
    let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
    e.write_all(data).expect("bzip2");
    e.finish().expect("bzip2")
}

fn xz_rs(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    lzma_rs::xz_compress(&mut Cursor::new(data), &mut out).expect("xz");
    out
}

fn zstd_rs(data: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
}

/// Compresses with a command-line tool (`xz`, `zstd`), or `None` if it is not installed.
fn cli_compress(tool: &str, data: &[u8]) -> Option<Vec<u8>> {
    if !have(tool) {
        eprintln!("note: {tool} not installed; skipping its variant");
        return None;
    }
    let mut child = Command::new(tool)
        .args(["-c", "-q"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = data.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    out.status.success().then_some(out.stdout)
}

// ---------------------------------------------------------------- corpus

struct Corpus {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Corpus {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().to_path_buf();
        Corpus { _dir: dir, root }
    }

    fn p(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    fn ps(&self, name: &str) -> String {
        self.p(name).to_string_lossy().into_owned()
    }

    /// `qemu-img convert -q -f raw -O FORMAT [OPTIONS...] SRC DST` in the corpus.
    fn convert(&self, src: &str, format: &str, options: &[&str], dst: &str) {
        let (src, dst) = (self.ps(src), self.ps(dst));
        let mut args = vec!["convert", "-q", "-f", "raw", "-O", format];
        args.extend_from_slice(options);
        args.extend([src.as_str(), dst.as_str()]);
        qemu_img(&args);
    }

    /// `qemu-img create -q -f FORMAT [OPTIONS...] NAME [SIZE]` in the corpus.
    fn create(&self, format: &str, options: &[&str], name: &str, size: Option<&str>) {
        let path = self.ps(name);
        let mut args = vec!["create", "-q", "-f", format];
        args.extend_from_slice(options);
        args.push(&path);
        args.extend(size);
        qemu_img(&args);
    }
}

// ---------------------------------------------------------------- qcow2

#[test]
fn qcow2_v3_and_v2_are_safe_with_qemu_sizes() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    c.create("qcow2", &[], "v3.qcow2", Some("1G"));
    let i = check(&c.p("v3.qcow2"), K::Qcow2, &[], Some("qcow2"));
    assert_eq!(i.version.as_deref(), Some("3"));
    assert_eq!(i.compat.as_deref(), Some("1.1"));
    assert_eq!(i.cluster_size, Some(65536));
    assert_eq!(i.compression_type.as_deref(), Some("zlib"));
    assert_eq!(i.describe(), "qcow2 v3 (compat 1.1)");
    assert_eq!(i.glance_disk_format(), Some("qcow2"));

    c.create("qcow2", &["-o", "compat=0.10"], "v2.qcow2", Some("1001"));
    let i = check(&c.p("v2.qcow2"), K::Qcow2, &[], Some("qcow2"));
    assert_eq!(i.describe(), "qcow2 v2 (compat 0.10)");

    // Real data, compressed clusters and small clusters.
    raw_with_data(&c.p("data.raw"), 8);
    c.convert(
        "data.raw",
        "qcow2",
        &["-c", "-o", "cluster_size=4096"],
        "comp.qcow2",
    );
    check(&c.p("comp.qcow2"), K::Qcow2, &[], Some("qcow2"));
}

#[test]
fn qcow2_extended_l2_and_zstd_are_safe() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    raw_with_data(&c.p("data.raw"), 4);
    c.convert("data.raw", "qcow2", &["-o", "extended_l2=on"], "x.qcow2");
    let i = check(&c.p("x.qcow2"), K::Qcow2, &[], Some("qcow2"));
    assert!(i.features.contains(&"extended_l2".to_string()), "{i:#?}");

    c.convert(
        "data.raw",
        "qcow2",
        &["-c", "-o", "compression_type=zstd"],
        "z.qcow2",
    );
    let i = check(&c.p("z.qcow2"), K::Qcow2, &[], Some("qcow2"));
    assert_eq!(i.compression_type.as_deref(), Some("zstd"));
    assert!(i.features.contains(&"compression_type".to_string()));
}

#[test]
fn qcow2_encryption_is_reported() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    c.create(
        "qcow2",
        &[
            "--object",
            "secret,id=s0,data=x",
            "-o",
            "encrypt.format=luks,encrypt.key-secret=s0,encrypt.iter-time=10",
        ],
        "e.qcow2",
        Some("64M"),
    );
    let i = check(&c.p("e.qcow2"), K::Qcow2, &[], Some("qcow2"));
    assert_eq!(i.encrypted.as_deref(), Some("luks"));
}

#[test]
fn qcow2_backing_file_is_reported_not_opened() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    c.create(
        "qcow2",
        &["-b", "/etc/hostname", "-F", "raw"],
        "b.qcow2",
        Some("64M"),
    );
    let i = check(
        &c.p("b.qcow2"),
        K::Qcow2,
        &[Unsafe::BackingFile],
        Some("qcow2"),
    );
    assert_eq!(i.backing_file.as_deref(), Some("/etc/hostname"));
    assert_eq!(i.backing_format.as_deref(), Some("raw"));

    // Hand-made: the same without qemu-img.
    write(
        &c.p("hb.qcow2"),
        &qcow2_image(1 << 30, 0, Some("/etc/hostname"), None),
    );
    let i = check(
        &c.p("hb.qcow2"),
        K::Qcow2,
        &[Unsafe::BackingFile],
        Some("qcow2"),
    );
    assert_eq!(i.backing_file.as_deref(), Some("/etc/hostname"));
}

#[test]
fn qcow2_external_data_file_is_unsafe() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    qemu_img(&[
        "create",
        "-q",
        "-f",
        "qcow2",
        "-o",
        &format!("data_file={}", c.ps("d.raw")),
        &c.ps("d.qcow2"),
        "64M",
    ]);
    let i = check(
        &c.p("d.qcow2"),
        K::Qcow2,
        &[Unsafe::DataFile],
        Some("qcow2"),
    );
    assert_eq!(i.data_file.as_deref(), Some(c.ps("d.raw").as_str()));

    write(
        &c.p("hd.qcow2"),
        &qcow2_image(1 << 30, 1 << 2, None, Some("/etc/hostname")),
    );
    let i = check(&c.p("hd.qcow2"), K::Qcow2, &[Unsafe::DataFile], None);
    assert_eq!(i.data_file.as_deref(), Some("/etc/hostname"));
}

#[test]
fn qcow2_unknown_incompatible_bit_is_unsafe() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    write(&c.p("u.qcow2"), &qcow2_image(1 << 30, 1 << 5, None, None));
    check(&c.p("u.qcow2"), K::Qcow2, &[Unsafe::UnknownFeatures], None);
    // The known bits alone are fine (dirty, corrupt, compression type, extended L2).
    write(&c.p("k.qcow2"), &qcow2_image(1 << 30, 0b1_1011, None, None));
    let i = check(&c.p("k.qcow2"), K::Qcow2, &[], None);
    assert!(i.features.contains(&"dirty".to_string()));
    // Patching a qemu-made image.
    c.create("qcow2", &[], "p.qcow2", Some("1G"));
    patch(&c.p("p.qcow2"), 72, &(1u64 << 40).to_be_bytes());
    check(&c.p("p.qcow2"), K::Qcow2, &[Unsafe::UnknownFeatures], None);
}

#[test]
fn qcow2_truncated_in_the_middle_is_truncated() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    raw_with_data(&c.p("data.raw"), 16);
    c.convert("data.raw", "qcow2", &[], "t.qcow2");
    check(&c.p("t.qcow2"), K::Qcow2, &[], Some("qcow2"));
    let len = std::fs::metadata(c.p("t.qcow2")).expect("meta").len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(c.p("t.qcow2"))
        .expect("open")
        .set_len(len / 2)
        .expect("truncate");
    let i = check(&c.p("t.qcow2"), K::Qcow2, &[Unsafe::Truncated], None);
    assert!(
        i.reasons()[0].detail.contains("beyond the end of the file"),
        "{i:#?}"
    );
    // Cut inside the metadata: the L1/refcount tables themselves are gone.
    std::fs::OpenOptions::new()
        .write(true)
        .open(c.p("t.qcow2"))
        .expect("open")
        .set_len(0x20000)
        .expect("truncate");
    check(&c.p("t.qcow2"), K::Qcow2, &[Unsafe::Truncated], None);
}

#[test]
fn qcow2_of_one_pib_is_over_the_limit() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    c.create("qcow2", &[], "big.qcow2", Some("1P"));
    let i = check(
        &c.p("big.qcow2"),
        K::Qcow2,
        &[Unsafe::VirtualSizeOverLimit],
        Some("qcow2"),
    );
    assert_eq!(i.virtual_size, Some(1 << 50));
    let roomy = InspectOptions {
        virtual_size_limit: 2 << 50,
        ..InspectOptions::default()
    };
    assert!(
        inspect_path(&c.p("big.qcow2"), &roomy)
            .expect("inspect")
            .is_safe()
    );
}

#[test]
fn qcow2_with_iso_descriptor_is_polyglot() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    c.create("qcow2", &[], "pg.qcow2", Some("1G"));
    let iso = iso_image(18);
    patch(&c.p("pg.qcow2"), 0x8000, &iso[0x8000..0x8800]);
    let i = check(
        &c.p("pg.qcow2"),
        K::Qcow2,
        &[Unsafe::Polyglot],
        Some("qcow2"),
    );
    assert!(i.reasons()[0].detail.contains("qcow2, iso"), "{i:#?}");
}

// ---------------------------------------------------------------- vmdk

#[test]
fn vmdk_sparse_and_stream_optimized_are_safe() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    raw_with_data(&c.p("data.raw"), 4);
    c.convert("data.raw", "vmdk", &[], "ms.vmdk");
    let i = check(&c.p("ms.vmdk"), K::Vmdk, &[], Some("vmdk"));
    assert_eq!(i.subformat.as_deref(), Some("monolithicSparse"));
    c.convert(
        "data.raw",
        "vmdk",
        &["-o", "subformat=streamOptimized"],
        "so.vmdk",
    );
    let i = check(&c.p("so.vmdk"), K::Vmdk, &[], Some("vmdk"));
    assert_eq!(i.subformat.as_deref(), Some("streamOptimized"));
    assert_eq!(i.describe(), "vmdk streamOptimized v3");
}

#[test]
fn vmdk_stream_optimized_with_footer_like_vmware() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    raw_with_data(&c.p("data.raw"), 2);
    c.convert(
        "data.raw",
        "vmdk",
        &["-o", "subformat=streamOptimized"],
        "so.vmdk",
    );
    let mut img = std::fs::read(c.p("so.vmdk")).expect("read");
    img.resize(img.len().div_ceil(512) * 512, 0);
    let header = img[..512].to_vec();
    // Header says "grain directory at end"; the footer (a copy of the real header) follows
    // a footer marker and precedes the end-of-stream marker.
    img[56..64].copy_from_slice(&u64::MAX.to_le_bytes());
    let mut marker = vec![0u8; 512];
    marker[12..16].copy_from_slice(&3u32.to_le_bytes());
    img.extend_from_slice(&marker);
    img.extend_from_slice(&header);
    img.extend_from_slice(&[0u8; 512]);
    write(&c.p("vmware.vmdk"), &img);
    let i = check(&c.p("vmware.vmdk"), K::Vmdk, &[], Some("vmdk"));
    assert_eq!(i.virtual_size, Some(2 << 20));
    // A broken footer is refused by qemu and reported.
    let n = img.len();
    img[n - 1024] = b'X';
    write(&c.p("badfooter.vmdk"), &img);
    check(
        &c.p("badfooter.vmdk"),
        K::Vmdk,
        &[Unsafe::InvalidHeader],
        None,
    );
}

#[test]
fn vmdk_text_descriptor_with_host_flat_extent_is_unsafe() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    let desc = vmdk_descriptor("monolithicFlat", &["RW 1 FLAT \"/etc/hostname\" 0"]);
    write(&c.p("flat.vmdk"), &desc);
    let i = check(
        &c.p("flat.vmdk"),
        K::Vmdk,
        &[Unsafe::VmdkExtent, Unsafe::VmdkSubformat],
        Some("vmdk"),
    );
    assert_eq!(i.extents, vec!["RW 1 FLAT \"/etc/hostname\" 0".to_string()]);
    assert_eq!(i.virtual_size, Some(512));
    // NUL-padded to 512 bytes, as qemu-img writes descriptors: still VMDK (oslo says raw).
    let mut padded = desc.clone();
    padded.resize(512, 0);
    write(&c.p("padded.vmdk"), &padded);
    let i = check(
        &c.p("padded.vmdk"),
        K::Vmdk,
        &[Unsafe::VmdkExtent, Unsafe::VmdkSubformat],
        Some("vmdk"),
    );
    assert!(i.features.contains(&"nul_padded_descriptor".to_string()));
    // Even an "allowed" create type with a relative extent name reads a host file.
    let rel = vmdk_descriptor("monolithicSparse", &["RW 2048 SPARSE \"other.vmdk\""]);
    write(&c.p("rel.vmdk"), &rel);
    check(&c.p("rel.vmdk"), K::Vmdk, &[Unsafe::VmdkExtent], None);
}

#[test]
fn vmdk_capacity_zero_sparse_header_follows_embedded_descriptor() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    let desc = vmdk_descriptor("monolithicFlat", &["RW 1 FLAT \"/etc/hostname\" 0"]);
    write(&c.p("cap0.vmdk"), &vmdk_sparse_with_descriptor(0, &desc));
    let i = check(
        &c.p("cap0.vmdk"),
        K::Vmdk,
        &[Unsafe::VmdkExtent, Unsafe::VmdkSubformat],
        Some("vmdk"),
    );
    assert!(
        i.features
            .contains(&"capacity_zero_embedded_descriptor".to_string())
    );
    // A create type Glance allows does not help: qemu still follows the extent.
    let desc = vmdk_descriptor("monolithicSparse", &["RW 1 FLAT \"/etc/hostname\" 0"]);
    write(&c.p("cap0b.vmdk"), &vmdk_sparse_with_descriptor(0, &desc));
    check(&c.p("cap0b.vmdk"), K::Vmdk, &[Unsafe::VmdkExtent], None);
}

#[test]
fn vmdk_multi_extent_and_flat_descriptors_are_unsafe() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    c.create(
        "vmdk",
        &["-o", "subformat=twoGbMaxExtentSparse"],
        "tw.vmdk",
        Some("5G"),
    );
    let i = check(
        &c.p("tw.vmdk"),
        K::Vmdk,
        &[Unsafe::VmdkExtent, Unsafe::VmdkSubformat],
        Some("vmdk"),
    );
    assert_eq!(i.extents.len(), 3, "{i:#?}");
    assert_eq!(i.subformat.as_deref(), Some("twoGbMaxExtentSparse"));
    c.create(
        "vmdk",
        &["-o", "subformat=monolithicFlat"],
        "mf.vmdk",
        Some("10M"),
    );
    check(
        &c.p("mf.vmdk"),
        K::Vmdk,
        &[Unsafe::VmdkExtent, Unsafe::VmdkSubformat],
        Some("vmdk"),
    );
    // The extent files themselves are sparse VMDKs without a descriptor of their own.
    let i = inspect_path(&c.p("tw-s001.vmdk"), &InspectOptions::default()).expect("inspect");
    assert_eq!(i.format, K::Vmdk);
}

#[test]
fn vmdk_parent_hint_is_a_backing_file() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    c.create("vmdk", &[], "base.vmdk", Some("10M"));
    qemu_img(&[
        "create",
        "-q",
        "-f",
        "vmdk",
        "-b",
        &c.ps("base.vmdk"),
        "-F",
        "vmdk",
        &c.ps("child.vmdk"),
    ]);
    let i = check(
        &c.p("child.vmdk"),
        K::Vmdk,
        &[Unsafe::BackingFile],
        Some("vmdk"),
    );
    assert_eq!(i.backing_file.as_deref(), Some(c.ps("base.vmdk").as_str()));
}

// ---------------------------------------------------------------- vhd, vhdx, vdi, qed, luks

#[test]
fn vhd_fixed_and_dynamic() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    c.create("vpc", &["-o", "subformat=fixed"], "f.vhd", Some("64M"));
    let i = check(&c.p("f.vhd"), K::Vhd, &[], Some("vpc"));
    assert_eq!(i.subformat.as_deref(), Some("fixed"));
    c.create(
        "vpc",
        &["-o", "subformat=fixed,force_size=on"],
        "fs.vhd",
        Some("100M"),
    );
    check(&c.p("fs.vhd"), K::Vhd, &[], Some("vpc"));
    raw_with_data(&c.p("data.raw"), 6);
    c.convert("data.raw", "vpc", &[], "d.vhd");
    let i = check(&c.p("d.vhd"), K::Vhd, &[], Some("vpc"));
    assert_eq!(i.subformat.as_deref(), Some("dynamic"));
    // A fixed VHD of a GPT disk is not a polyglot.
    let mut disk = vec![0u8; 1 << 20];
    mbr(&mut disk, 0xee, 0, [0, 2, 0], 1, 2047);
    gpt_header(&mut disk);
    write(&c.p("gpt.raw"), &disk);
    c.convert("gpt.raw", "vpc", &["-o", "subformat=fixed"], "gpt.vhd");
    check(&c.p("gpt.vhd"), K::Vhd, &[], Some("vpc"));
}

#[test]
fn vhd_differencing_names_its_parent() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    c.create("vpc", &[], "d.vhd", Some("64M"));
    let mut img = std::fs::read(c.p("d.vhd")).expect("read");
    let n = img.len();
    for at in [0, n - 512] {
        img[at + 60..at + 64].copy_from_slice(&4u32.to_be_bytes());
        img[at + 64..at + 68].fill(0);
        let sum: u32 = img[at..at + 512].iter().map(|&b| u32::from(b)).sum();
        img[at + 64..at + 68].copy_from_slice(&(!sum).to_be_bytes());
    }
    let name: Vec<u8> = "/etc/hostname"
        .encode_utf16()
        .flat_map(|u| u.to_be_bytes())
        .collect();
    img[512 + 64..512 + 64 + name.len()].copy_from_slice(&name);
    write(&c.p("diff.vhd"), &img);
    let i = check(&c.p("diff.vhd"), K::Vhd, &[Unsafe::BackingFile], None);
    assert_eq!(i.backing_file.as_deref(), Some("/etc/hostname"));
    assert_eq!(i.subformat.as_deref(), Some("differencing"));
}

#[test]
fn vhdx_vdi_qed_luks() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    raw_with_data(&c.p("data.raw"), 3);
    c.convert("data.raw", "vhdx", &[], "a.vhdx");
    let i = check(&c.p("a.vhdx"), K::Vhdx, &[], Some("vhdx"));
    assert_eq!(i.subformat.as_deref(), Some("dynamic"));
    c.create("vhdx", &[], "b.vhdx", Some("10G"));
    check(&c.p("b.vhdx"), K::Vhdx, &[], Some("vhdx"));
    c.create("vhdx", &["-o", "subformat=fixed"], "f.vhdx", Some("8M"));
    let i = check(&c.p("f.vhdx"), K::Vhdx, &[], Some("vhdx"));
    assert_eq!(i.subformat.as_deref(), Some("fixed"));

    c.convert("data.raw", "vdi", &[], "a.vdi");
    let i = check(&c.p("a.vdi"), K::Vdi, &[], Some("vdi"));
    assert_eq!(i.glance_disk_format(), Some("vdi"));
    c.create("vdi", &["-o", "static=on"], "s.vdi", Some("1000000"));
    check(&c.p("s.vdi"), K::Vdi, &[], Some("vdi"));

    c.create("qed", &[], "a.qed", Some("1G"));
    let i = check(&c.p("a.qed"), K::Qed, &[Unsafe::Qed], Some("qed"));
    assert_eq!(i.glance_disk_format(), None);

    c.create(
        "luks",
        &["--object", "secret,id=s0,data=x", "-o", "key-secret=s0"],
        "a.luks",
        Some("10M"),
    );
    let i = check(&c.p("a.luks"), K::Luks, &[], Some("luks"));
    assert!(
        i.encrypted
            .as_deref()
            .is_some_and(|e| e.starts_with("luks1 aes")),
        "{i:#?}"
    );
}

// ---------------------------------------------------------------- raw, iso, partitions

#[test]
fn raw_random_and_empty_files_are_safe_raw() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    let mut seed = 0x1234_5678_9abc_def0u64;
    let random: Vec<u8> = (0..(1 << 20) + 1000)
        .map(|_| (xorshift(&mut seed) >> 24) as u8)
        .collect();
    write(&c.p("random.bin"), &random);
    let i = check(&c.p("random.bin"), K::Raw, &[], Some("raw"));
    assert_eq!(i.virtual_size, Some((1 << 20) + 1024));
    write(&c.p("empty.img"), &[]);
    let i = check(&c.p("empty.img"), K::Raw, &[], Some("raw"));
    assert_eq!(i.virtual_size, Some(0));
    assert_eq!(i.describe(), "raw");
}

#[test]
fn raw_partition_tables() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    let mut disk = vec![0u8; 1 << 20];
    mbr(&mut disk, 0xee, 0, [0, 2, 0], 1, 2047);
    gpt_header(&mut disk);
    write(&c.p("gpt.img"), &disk);
    let i = check(&c.p("gpt.img"), K::Raw, &[], Some("raw"));
    assert_eq!(i.subformat.as_deref(), Some("gpt"));
    assert_eq!(i.describe(), "raw (gpt)");

    let mut bad = disk.clone();
    bad[446] = 0x12; // boot flag neither 0x00 nor 0x80
    write(&c.p("badboot.img"), &bad);
    check(
        &c.p("badboot.img"),
        K::Raw,
        &[Unsafe::InvalidPartitionTable],
        None,
    );
    let mut bad = disk.clone();
    bad[446 + 8..446 + 12].copy_from_slice(&5u32.to_le_bytes()); // protective MBR must start at LBA 1
    write(&c.p("badlba.img"), &bad);
    check(
        &c.p("badlba.img"),
        K::Raw,
        &[Unsafe::InvalidPartitionTable],
        None,
    );

    let mut dos = vec![0u8; 1 << 20];
    mbr(&mut dos, 0x83, 0x80, [0, 33, 0], 2048, 10000);
    write(&c.p("mbr.img"), &dos);
    let i = check(&c.p("mbr.img"), K::Raw, &[], Some("raw"));
    assert_eq!(i.subformat.as_deref(), Some("mbr"));
    let mut empty_mbr = vec![0u8; 4096];
    empty_mbr[510] = 0x55;
    empty_mbr[511] = 0xaa;
    write(&c.p("nopart.img"), &empty_mbr);
    check(
        &c.p("nopart.img"),
        K::Raw,
        &[Unsafe::InvalidPartitionTable],
        None,
    );
}

#[test]
fn iso_plain_and_with_gpt_are_safe() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    write(&c.p("a.iso"), &iso_image(64));
    let i = check(&c.p("a.iso"), K::Iso, &[], Some("raw"));
    assert_eq!(i.glance_disk_format(), Some("iso"));
    let mut hybrid = iso_image(64);
    mbr(&mut hybrid, 0xee, 0, [0, 2, 0], 1, 255);
    gpt_header(&mut hybrid);
    write(&c.p("hybrid.iso"), &hybrid);
    check(&c.p("hybrid.iso"), K::Iso, &[], Some("raw"));
}

// ---------------------------------------------------------------- wrappers

#[test]
fn compressed_wrappers_show_their_content() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    raw_with_data(&c.p("data.raw"), 2);
    c.convert("data.raw", "qcow2", &[], "a.qcow2");
    let img = std::fs::read(c.p("a.qcow2")).expect("read");
    let mut variants: Vec<(&str, K, Vec<u8>)> = vec![
        ("gz", K::Gzip, gzip(&img)),
        ("bz2", K::Bzip2, bzip2(&img)),
        ("rs.xz", K::Xz, xz_rs(&img)),
        ("rs.zst", K::Zstd, zstd_rs(&img)),
    ];
    if let Some(d) = cli_compress("xz", &img) {
        variants.push(("cli.xz", K::Xz, d));
    }
    if let Some(d) = cli_compress("zstd", &img) {
        variants.push(("cli.zst", K::Zstd, d));
    }
    for (ext, kind, data) in variants {
        let path = c.p(&format!("a.qcow2.{ext}"));
        write(&path, &data);
        let i = check(&path, kind, &[], None);
        let inner = i
            .inner
            .as_ref()
            .unwrap_or_else(|| panic!("{ext}: no inner {i:#?}"));
        assert_eq!(inner.format, K::Qcow2, "{ext}: {i:#?}");
        assert_eq!(
            inner.virtual_size,
            qemu_vs(&c.p("a.qcow2"), "qcow2"),
            "{ext}"
        );
        let word = match kind {
            K::Gzip => "gzip",
            K::Bzip2 => "bzip2",
            K::Xz => "xz",
            _ => "zstd",
        };
        assert_eq!(i.describe(), format!("{word}-compressed qcow2"));
        assert_eq!(i.glance_disk_format(), None);
    }
    // A hostile image inside a wrapper makes the wrapper unsafe.
    let hostile = gzip(&qcow2_image(1 << 30, 0, Some("/etc/hostname"), None));
    write(&c.p("hostile.qcow2.gz"), &hostile);
    let i = check(
        &c.p("hostile.qcow2.gz"),
        K::Gzip,
        &[Unsafe::BackingFile],
        None,
    );
    assert!(
        i.reasons()[0].detail.starts_with("inside the qcow2"),
        "{i:#?}"
    );
    // A large raw disk: only a bounded prefix is decompressed.
    let big = gzip(&vec![0u8; 64 << 20]);
    write(&c.p("zeros.raw.gz"), &big);
    let i = check(&c.p("zeros.raw.gz"), K::Gzip, &[], None);
    assert_eq!(i.inner.as_ref().map(|x| x.actual_size), Some(4 << 20));
}

#[test]
fn xz_decoder_matches_the_xz_tool_on_varied_data() {
    if !have("xz") {
        eprintln!("note: xz not installed; skipping");
        return;
    }
    // Text-like, binary and repetitive data exercise literals, matches and rep matches.
    let mut data = Vec::new();
    let mut seed = 42u64;
    for i in 0..200_000u32 {
        match i % 7 {
            0 => data.extend_from_slice(b"the quick brown fox "),
            1 => data.push((xorshift(&mut seed) >> 56) as u8),
            2 => data.extend_from_slice(&i.to_le_bytes()),
            _ => data.push(b'a' + (i % 13) as u8),
        }
    }
    for level in ["-0", "-6", "-9e"] {
        let mut child = Command::new("xz")
            .args(["-c", "-q", level])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("xz");
        let mut stdin = child.stdin.take().expect("stdin");
        let input = data.clone();
        let w = std::thread::spawn(move || stdin.write_all(&input));
        let out = child.wait_with_output().expect("xz");
        w.join().expect("join").expect("write");
        let i = inspect_bytes(&out.stdout, &InspectOptions::default());
        assert_eq!(i.format, K::Xz, "{level}");
        let inner = i.inner.as_ref().expect("inner");
        assert_eq!(inner.actual_size, data.len() as u64, "{level}: {i:#?}");
        assert_eq!(
            inner.virtual_size,
            Some((data.len() as u64).div_ceil(512) * 512),
            "{level}"
        );
    }
}

#[test]
fn ova_and_tar_show_their_first_disk() {
    if skip_without_qemu() {
        return;
    }
    let c = Corpus::new();
    raw_with_data(&c.p("data.raw"), 2);
    c.convert(
        "data.raw",
        "vmdk",
        &["-o", "subformat=streamOptimized"],
        "disk.vmdk",
    );
    let disk = std::fs::read(c.p("disk.vmdk")).expect("read");
    let ovf = br#"<?xml version="1.0"?><Envelope><References><File ovf:href="disk1.vmdk" ovf:id="file1"/></References></Envelope>"#;
    write(
        &c.p("a.ova"),
        &ustar(&[
            ("a.ovf", ovf),
            ("a.mf", b"SHA256(disk1.vmdk)= 00\n"),
            ("disk1.vmdk", &disk),
        ]),
    );
    let i = check(&c.p("a.ova"), K::Ova, &[], None);
    assert_eq!(i.members, vec!["a.ovf", "a.mf", "disk1.vmdk"]);
    let inner = i.inner.as_ref().expect("inner");
    assert_eq!(inner.format, K::Vmdk);
    assert_eq!(inner.virtual_size, qemu_vs(&c.p("disk.vmdk"), "vmdk"));
    assert_eq!(i.describe(), "OVA containing vmdk (streamOptimized)");

    let q = qcow2_image(1 << 30, 0, Some("/etc/passwd"), None);
    write(
        &c.p("b.tar"),
        &ustar(&[("README", b"hello"), ("disk.qcow2", &q)]),
    );
    let i = check(&c.p("b.tar"), K::Tar, &[Unsafe::BackingFile], None);
    assert_eq!(i.inner.as_ref().map(|x| x.format), Some(K::Qcow2));
    // A gzip-compressed OVA: both wrappers are opened.
    write(
        &c.p("a.ova.gz"),
        &gzip(&std::fs::read(c.p("a.ova")).expect("read")),
    );
    let i = check(&c.p("a.ova.gz"), K::Gzip, &[], None);
    assert_eq!(
        i.describe(),
        "gzip-compressed OVA containing vmdk (streamOptimized)"
    );
}

/// `tar ARGS` run in `dir`.
fn tar_in(dir: &Path, args: &[&str]) {
    let out = Command::new("tar")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("spawn tar");
    assert!(
        out.status.success(),
        "tar {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Skips (with a note) when one of `tools` is missing.
fn skip_without(tools: &[&str]) -> bool {
    match tools.iter().find(|t| !have(t)) {
        Some(t) => {
            eprintln!("note: {t} not installed; skipping");
            true
        }
        None => false,
    }
}

/// The OVF descriptor of an OVA referencing `files`.
fn ovf(files: &[&str]) -> String {
    let refs: String = files
        .iter()
        .enumerate()
        .map(|(i, f)| format!("<File ovf:href=\"{f}\" ovf:id=\"file{i}\"/>"))
        .collect();
    format!("<?xml version=\"1.0\"?><Envelope><References>{refs}</References></Envelope>")
}

#[test]
fn ova_is_as_safe_as_its_worst_disk() {
    if skip_without(&["qemu-img", "tar"]) {
        return;
    }
    let c = Corpus::new();
    raw_with_data(&c.p("data.raw"), 2);
    c.convert(
        "data.raw",
        "vmdk",
        &["-o", "subformat=streamOptimized"],
        "disk1.vmdk",
    );
    c.create("qcow2", &[], "base.qcow2", Some("2M"));
    let base = c.ps("base.qcow2");
    c.create("qcow2", &["-b", &base, "-F", "qcow2"], "disk2.qcow2", None);
    write(
        &c.p("a.ovf"),
        ovf(&["disk1.vmdk", "disk2.qcow2"]).as_bytes(),
    );
    tar_in(
        &c.root,
        &["-cf", "two.ova", "a.ovf", "disk1.vmdk", "disk2.qcow2"],
    );
    let i = check(&c.p("two.ova"), K::Ova, &[Unsafe::BackingFile], None);
    // Every disk is inspected; the finding names the member it came from.
    let names: Vec<&str> = i.disks.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["disk1.vmdk", "disk2.qcow2"], "{i:#?}");
    assert!(i.disks[0].inspection.is_safe());
    assert!(!i.disks[1].inspection.is_safe());
    assert!(
        i.reasons()[0]
            .detail
            .starts_with("in member \"disk2.qcow2\" (qcow2): "),
        "{i:#?}"
    );
    // The top level stays the first disk's (the one Glance's OVA import takes).
    assert_eq!(i.inner.as_ref().map(|x| x.format), Some(K::Vmdk));
    assert_eq!(
        i.describe(),
        "OVA containing vmdk (streamOptimized) and 1 more disk"
    );
    // The upload rule refuses it in one line that names the member.
    let err = glance_workbench::backend::inspection::refuse_unsafe("image \"two\"", &i)
        .expect_err("refused");
    let msg = err.to_string();
    assert!(
        msg.contains("backing_file") && msg.contains("disk2.qcow2") && !msg.contains('\n'),
        "{msg}"
    );
    // The OVF's order first, then other disk-like members, each once.
    write(&c.p("b.ovf"), ovf(&["disk2.qcow2"]).as_bytes());
    tar_in(
        &c.root,
        &["-cf", "order.ova", "b.ovf", "disk1.vmdk", "disk2.qcow2"],
    );
    let i = check(&c.p("order.ova"), K::Ova, &[Unsafe::BackingFile], None);
    let names: Vec<&str> = i.disks.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["disk2.qcow2", "disk1.vmdk"]);
}

#[test]
fn archive_names_that_escape_and_links_are_unsafe() {
    if skip_without(&["tar"]) {
        return;
    }
    let c = Corpus::new();
    let disk = qcow2_image(1 << 20, 0, None, None);
    std::fs::create_dir(c.p("sub")).expect("mkdir");
    write(&c.p("x.vmdk"), &disk);
    write(&c.p("sub/a.ovf"), ovf(&["x.vmdk"]).as_bytes());
    // `-P` keeps what GNU tar would otherwise strip: `..` and a leading `/`.
    tar_in(
        &c.p("sub"),
        &["-P", "-cf", "../dotdot.ova", "a.ovf", "../x.vmdk"],
    );
    let i = check(
        &c.p("dotdot.ova"),
        K::Ova,
        &[Unsafe::ArchivePathEscape],
        None,
    );
    assert!(i.members.contains(&"../x.vmdk".to_string()), "{i:#?}");
    assert!(i.reasons()[0].detail.contains("\"..\""), "{i:#?}");
    // The disk itself is still inspected (and is fine).
    assert_eq!(i.disks.len(), 1);

    write(&c.p("abs.vmdk"), &disk);
    let abs = c.ps("abs.vmdk");
    tar_in(&c.root, &["-P", "-cf", "abs.tar", &abs]);
    let i = check(&c.p("abs.tar"), K::Tar, &[Unsafe::ArchivePathEscape], None);
    assert!(i.reasons()[0].detail.contains("absolute"), "{i:#?}");

    // A symbolic link named like the disk the OVF references.
    std::fs::create_dir(c.p("sym")).expect("mkdir");
    write(&c.p("sym/a.ovf"), ovf(&["disk.vmdk"]).as_bytes());
    std::os::unix::fs::symlink("/etc/passwd", c.p("sym/disk.vmdk")).expect("symlink");
    tar_in(&c.p("sym"), &["-cf", "../sym.ova", "a.ovf", "disk.vmdk"]);
    let i = check(
        &c.p("sym.ova"),
        K::Ova,
        &[Unsafe::ArchiveLink, Unsafe::NoDisk],
        None,
    );
    assert!(
        i.reasons()
            .iter()
            .any(|f| f.detail.contains("symbolic link to \"/etc/passwd\"")),
        "{i:#?}"
    );

    // A hard link: tar stores the second name of the same file as a link (typeflag '1').
    std::fs::create_dir(c.p("hard")).expect("mkdir");
    write(&c.p("hard/a.vmdk"), &disk);
    std::fs::hard_link(c.p("hard/a.vmdk"), c.p("hard/b.vmdk")).expect("link");
    tar_in(&c.p("hard"), &["-cf", "../hard.tar", "a.vmdk", "b.vmdk"]);
    let i = check(&c.p("hard.tar"), K::Tar, &[Unsafe::ArchiveLink], None);
    assert!(
        i.reasons()[0].detail.contains("hard link to \"a.vmdk\""),
        "{i:#?}"
    );
}

#[test]
fn ova_without_a_disk_has_nothing_to_inspect() {
    if skip_without(&["tar"]) {
        return;
    }
    let c = Corpus::new();
    write(&c.p("a.ovf"), ovf(&["disk1.vmdk"]).as_bytes());
    tar_in(&c.root, &["-cf", "empty.ova", "a.ovf"]);
    let i = check(&c.p("empty.ova"), K::Ova, &[Unsafe::NoDisk], None);
    assert_eq!(i.describe(), "OVA without a disk");
    assert!(i.inner.is_none() && i.disks.is_empty());
    let err = glance_workbench::backend::inspection::refuse_unsafe("image \"e\"", &i)
        .expect_err("refused");
    let msg = err.to_string();
    assert!(
        msg.contains("no_disk") && msg.contains("nothing to inspect") && !msg.contains('\n'),
        "{msg}"
    );
}

#[test]
fn archive_with_more_disks_than_inspected_is_not_safe() {
    let disk = qcow2_image(1 << 20, 0, None, None);
    let names: Vec<String> = (0..70).map(|n| format!("d{n}.qcow2")).collect();
    let members: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &disk[..])).collect();
    let i = inspect_bytes(&ustar(&members), &InspectOptions::default());
    assert_eq!(reasons(&i), set(&[Unsafe::TooManyMembers]), "{i:#?}");
    assert_eq!(i.disks.len(), 64);
}

/// `TOOL -c -q ARGS` on `data`.
fn tool_compress(tool: &str, args: &[&str], data: &[u8]) -> Vec<u8> {
    let mut child = Command::new(tool)
        .args(["-c", "-q"])
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = data.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("join").expect("write");
    assert!(out.status.success(), "{tool} {args:?}");
    out.stdout
}

/// `len` bytes that compress about 2:1 (random letters from 16) with random runs in between.
fn half_compressible(len: usize, seed: u64) -> Vec<u8> {
    let mut s = seed | 1;
    let mut d = Vec::with_capacity(len);
    while d.len() < len {
        let r = xorshift(&mut s);
        for k in 0..16 {
            d.push(b'a' + ((r >> (4 * k)) & 15) as u8);
        }
    }
    d.truncate(len);
    d
}

#[test]
fn truncated_compressed_streams_are_incomplete() {
    if skip_without(&["gzip", "xz", "zstd", "bzip2"]) {
        return;
    }
    let small = half_compressible(1 << 20, 3);
    // Random bytes: more than the 5 MiB of compressed input the prefix decoders read.
    let mut seed = 9u64;
    let big: Vec<u8> = (0..8 << 20)
        .map(|_| (xorshift(&mut seed) >> 56) as u8)
        .collect();
    let zeros = vec![0u8; 16 << 20];
    let c = Corpus::new();
    for (tool, kind) in [
        ("gzip", K::Gzip),
        ("xz", K::Xz),
        ("zstd", K::Zstd),
        ("bzip2", K::Bzip2),
    ] {
        for (what, data) in [("small", &small), ("big", &big), ("zeros", &zeros)] {
            let whole = tool_compress(tool, &[], data);
            let path = c.p(&format!("{what}.{tool}"));
            write(&path, &whole);
            let i = check(&path, kind, &[], None);
            let verified = i.notes.iter().any(|n| n.contains("stream is complete"));
            // Only a long gzip cannot be proven complete within the bounds.
            let long_gzip = kind == K::Gzip && whole.len() > 5 << 20;
            assert_eq!(verified, !long_gzip, "{tool} {what}: {i:#?}");
            for cut in [whole.len() / 2, whole.len() - 1] {
                let path = c.p(&format!("{what}-{cut}.{tool}"));
                write(&path, &whole[..cut]);
                let i = inspect_path(&path, &InspectOptions::default()).expect("inspect");
                assert_eq!(i.format, kind);
                // A cut gzip within the 5 MiB read is caught directly; a longer one needs the
                // whole-stream decode.
                if kind == K::Gzip && cut > 5 << 20 {
                    assert!(i.is_safe(), "{tool} {what} cut at {cut}: {i:#?}");
                    assert!(i.notes.iter().any(|n| n.contains("not verified")), "{i:#?}");
                    let full = InspectOptions {
                        verify_whole_streams: true,
                        ..InspectOptions::default()
                    };
                    let i = inspect_path(&path, &full).expect("inspect");
                    assert_eq!(reasons(&i), set(&[Unsafe::IncompleteStream]), "{i:#?}");
                } else {
                    assert_eq!(
                        reasons(&i),
                        set(&[Unsafe::IncompleteStream]),
                        "{tool} {what} ({} bytes) cut at {cut}: {i:#?}",
                        whole.len()
                    );
                    let detail = &i.reasons()[0].detail;
                    assert!(detail.ends_with("the data is incomplete"), "{detail}");
                }
            }
            if long_gzip {
                let full = InspectOptions {
                    verify_whole_streams: true,
                    ..InspectOptions::default()
                };
                let i = inspect_path(&c.p(&format!("{what}.{tool}")), &full).expect("inspect");
                assert!(i.is_safe(), "{i:#?}");
                assert!(
                    i.notes.iter().any(|n| n.contains("stream is complete")),
                    "{i:#?}"
                );
            }
        }
    }
    // Several xz blocks and streams, several zstd frames: complete, and cut, incomplete.
    let blocks = tool_compress("xz", &["--block-size=1MiB"], &big);
    let two_xz = [&blocks[..], &tool_compress("xz", &[], &small)].concat();
    let two_zst = [
        tool_compress("zstd", &[], &big),
        tool_compress("zstd", &[], &small),
    ]
    .concat();
    for (name, kind, whole) in [("two.xz", K::Xz, two_xz), ("two.zst", K::Zstd, two_zst)] {
        write(&c.p(name), &whole);
        let i = check(&c.p(name), kind, &[], None);
        assert!(
            i.notes.iter().any(|n| n.contains("stream is complete")),
            "{name}: {i:#?}"
        );
        let cut = c.p(&format!("cut-{name}"));
        write(&cut, &whole[..whole.len() - 100]);
        check(&cut, kind, &[Unsafe::IncompleteStream], None);
    }
    // A truncated compressed disk inside an OVA: the member's stream is incomplete.
    let gz = tool_compress("gzip", &[], &big);
    let ova = ustar(&[
        ("a.ovf", b"<File ovf:href=\"d.img.gz\"/>"),
        ("d.raw", &gz[..gz.len() / 2]),
    ]);
    let i = inspect_bytes(&ova, &InspectOptions::default());
    assert_eq!(reasons(&i), set(&[Unsafe::IncompleteStream]), "{i:#?}");
}

/// The cost of proving a long stream complete: a ~1 GiB gzip and zstd (written by the tools
/// from half-compressible data) inspected with bounded reads and with
/// `verify_whole_streams`. `cargo test --test inspect bench_whole_stream_checks -- --ignored
/// --nocapture` (`INSPECT_BENCH_MIB` sets the uncompressed size, default 1800).
#[test]
#[ignore]
fn bench_whole_stream_checks() {
    if skip_without(&["gzip", "zstd"]) {
        return;
    }
    let mib: usize = std::env::var("INSPECT_BENCH_MIB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1800);
    let dir = tempfile::tempdir().expect("dir");
    for (tool, ext) in [("gzip", "gz"), ("zstd", "zst")] {
        let path = dir.path().join(format!("big.{ext}"));
        let out = std::fs::File::create(&path).expect("create");
        let mut child = Command::new(tool)
            .args(["-c", "-q", "-1"])
            .stdin(std::process::Stdio::piped())
            .stdout(out)
            .spawn()
            .expect("spawn");
        let mut stdin = child.stdin.take().expect("stdin");
        for n in 0..mib {
            stdin
                .write_all(&half_compressible(1 << 20, n as u64 + 1))
                .expect("write");
        }
        drop(stdin);
        assert!(child.wait().expect("wait").success());
        let len = std::fs::metadata(&path).expect("meta").len();
        for verify in [false, true] {
            let opts = InspectOptions {
                verify_whole_streams: verify,
                ..InspectOptions::default()
            };
            let t = Instant::now();
            let i = inspect_path(&path, &opts).expect("inspect");
            let took = t.elapsed();
            let end = i
                .notes
                .iter()
                .find(|n| n.contains("stream is complete") || n.contains("not verified"))
                .cloned()
                .unwrap_or_default();
            println!(
                "{ext}: {len} bytes ({mib} MiB uncompressed), verify_whole_streams={verify}: \
                 {took:.2?}, safe={} ({end})",
                i.is_safe()
            );
            assert!(i.is_safe(), "{i:#?}");
        }
    }
}

// ---------------------------------------------------------------- API details

#[test]
fn declared_format_mismatch() {
    let q = inspect_bytes(
        &qcow2_image(1 << 30, 0, None, None),
        &InspectOptions::default(),
    );
    assert!(q.check_declared("qcow2").is_none());
    let m = q.check_declared("raw").expect("mismatch");
    assert_eq!(m.suggested_disk_format, Some("qcow2"));
    assert_eq!(
        m.to_string(),
        "declared disk_format 'raw' but the content is qcow2 v3 (compat 1.1) (declare disk_format 'qcow2')"
    );
    let raw = inspect_bytes(&[0u8; 4096], &InspectOptions::default());
    assert!(raw.check_declared("raw").is_none());
    assert!(raw.check_declared("ami").is_none());
    assert!(raw.check_declared("iso").is_some());
    let gz = inspect_bytes(
        &gzip(&qcow2_image(1 << 30, 0, None, None)),
        &InspectOptions::default(),
    );
    let m = gz.check_declared("qcow2").expect("mismatch");
    assert_eq!(m.suggested_container_format, Some("compressed"));
    assert!(gz.check_declared_container("qcow2", "compressed").is_none());
    assert!(gz.check_declared_container("raw", "compressed").is_some());
}

#[test]
fn serializes_with_snake_case_reasons_and_errors_name_the_path() {
    let i = inspect_bytes(
        &qcow2_image(1 << 50, 1 << 9, Some("/etc/hostname"), None),
        &InspectOptions::default(),
    );
    let v = serde_json::to_value(&i).expect("json");
    assert_eq!(v["format"], "qcow2");
    assert_eq!(v["verdict"]["status"], "unsafe");
    let names: Vec<&str> = v["verdict"]["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter_map(|r| r["reason"].as_str())
        .collect();
    assert!(
        names.contains(&"backing_file")
            && names.contains(&"unknown_features")
            && names.contains(&"virtual_size_over_limit"),
        "{names:?}"
    );
    let missing = Path::new("/nonexistent/dir/image.qcow2");
    let err = inspect_path(missing, &InspectOptions::default()).expect_err("missing");
    let msg = err.to_string();
    assert!(
        msg.contains("/nonexistent/dir/image.qcow2") && !msg.contains('\n'),
        "{msg}"
    );
    let dir = tempfile::tempdir().expect("dir");
    assert!(
        inspect_path(dir.path(), &InspectOptions::default())
            .expect_err("dir")
            .to_string()
            .contains("directory")
    );
}

// ---------------------------------------------------------------- fuzzing

fn xorshift(s: &mut u64) -> u64 {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    *s
}

/// Counts what the inspector reads.
struct Counting<'a> {
    inner: Cursor<&'a [u8]>,
    read: u64,
}

impl Read for Counting<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

impl Seek for Counting<'_> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// Seeds: a qemu-made and hand-made corpus, each file cut to at most 2 MiB.
fn fuzz_seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = vec![
        qcow2_image(1 << 30, 0, Some("/etc/hostname"), None),
        qcow2_image(1 << 30, 1 << 2, None, Some("data.raw")),
        vmdk_descriptor(
            "monolithicFlat",
            &["RW 1 FLAT \"/etc/hostname\" 0", "RW 8 SPARSE \"x.vmdk\""],
        ),
        vmdk_sparse_with_descriptor(
            0,
            &vmdk_descriptor("monolithicFlat", &["RW 1 FLAT \"/etc/hostname\" 0"]),
        ),
        vmdk_sparse_with_descriptor(
            2048,
            &vmdk_descriptor("monolithicSparse", &["RW 2048 SPARSE \"a.vmdk\""]),
        ),
        iso_image(32),
        ustar(&[
            ("a.ovf", b"<File ovf:href=\"d.qcow2\"/>"),
            ("d.qcow2", &qcow2_image(1 << 20, 0, None, None)),
        ]),
    ];
    let mut gpt = vec![0u8; 64 << 10];
    mbr(&mut gpt, 0xee, 0, [0, 2, 0], 1, 127);
    gpt_header(&mut gpt);
    seeds.push(gpt);
    seeds.push(gzip(&qcow2_image(1 << 30, 0, None, None)));
    seeds.push(xz_rs(&vmdk_descriptor(
        "monolithicFlat",
        &["RW 1 FLAT \"f\" 0"],
    )));
    // lzma-rs writes stored LZMA2 chunks only; the xz tool's output has compressed ones.
    if let Some(xz) = cli_compress("xz", &qcow2_image(1 << 30, 0, Some("/etc/hostname"), None)) {
        seeds.push(xz);
    }
    seeds.push(zstd_rs(&iso_image(20)));
    seeds.push(bzip2(&qcow2_image(1 << 30, 0, None, None)));
    if have("qemu-img") {
        let c = Corpus::new();
        raw_with_data(&c.p("d.raw"), 1);
        let outs: &[(&str, &[&str])] = &[
            ("a.qcow2", &["-O", "qcow2", "-o", "cluster_size=4096"]),
            (
                "b.qcow2",
                &["-O", "qcow2", "-o", "extended_l2=on,cluster_size=16384"],
            ),
            (
                "c.qcow2",
                &[
                    "-O",
                    "qcow2",
                    "-c",
                    "-o",
                    "compression_type=zstd,cluster_size=4096",
                ],
            ),
            ("a.vmdk", &["-O", "vmdk", "-o", "subformat=streamOptimized"]),
            ("b.vmdk", &["-O", "vmdk"]),
            ("a.vhd", &["-O", "vpc"]),
            ("b.vhd", &["-O", "vpc", "-o", "subformat=fixed"]),
            ("a.vhdx", &["-O", "vhdx", "-o", "block_size=1M,log_size=1M"]),
            ("a.vdi", &["-O", "vdi"]),
            ("a.qed", &["-O", "qed"]),
        ];
        for (name, opts) in outs {
            let mut args = vec!["convert", "-q", "-f", "raw"];
            args.extend_from_slice(opts);
            let d = c.ps("d.raw");
            let o = c.ps(name);
            args.push(&d);
            args.push(&o);
            qemu_img(&args);
            seeds.push(std::fs::read(c.p(name)).expect("read"));
        }
        c.create(
            "luks",
            &[
                "--object",
                "secret,id=s0,data=x",
                "-o",
                "key-secret=s0,iter-time=10",
            ],
            "a.luks",
            Some("1M"),
        );
        seeds.push(std::fs::read(c.p("a.luks")).expect("read"));
    }
    for s in &mut seeds {
        s.truncate(2 << 20);
    }
    seeds
}

const INTERESTING: [u64; 14] = [
    0,
    1,
    2,
    0x7f,
    0x80,
    0xff,
    0x200,
    0x1000,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_ffff,
    1 << 32,
    1 << 63,
    u64::MAX,
];

fn mutate(data: &mut Vec<u8>, seeds: &[Vec<u8>], rng: &mut u64) {
    let rounds = 1 + xorshift(rng) % 4;
    for _ in 0..rounds {
        let len = data.len().max(1);
        // Bias offsets towards headers: half of them in the first 1 KiB.
        let off = if xorshift(rng).is_multiple_of(2) {
            (xorshift(rng) % 1024) as usize % len
        } else {
            (xorshift(rng) as usize) % len
        };
        match xorshift(rng) % 9 {
            0 => {
                if let Some(b) = data.get_mut(off) {
                    *b ^= 1 << (xorshift(rng) % 8);
                }
            }
            1 => {
                if let Some(b) = data.get_mut(off) {
                    *b = xorshift(rng) as u8;
                }
            }
            2 | 3 => {
                let v = INTERESTING[(xorshift(rng) % INTERESTING.len() as u64) as usize];
                let width = [2usize, 4, 8][(xorshift(rng) % 3) as usize];
                let bytes = if xorshift(rng).is_multiple_of(2) {
                    v.to_be_bytes()
                } else {
                    v.to_le_bytes()
                };
                let src = if bytes[0] == 0 && width < 8 {
                    &bytes[8 - width..]
                } else {
                    &bytes[..width]
                };
                for (i, b) in src.iter().enumerate() {
                    if let Some(d) = data.get_mut(off + i) {
                        *d = *b;
                    }
                }
            }
            4 => data.truncate(off),
            5 => {
                let other = &seeds[(xorshift(rng) % seeds.len() as u64) as usize];
                if !other.is_empty() {
                    let from = (xorshift(rng) as usize) % other.len();
                    let n = ((xorshift(rng) % 4096) as usize).min(other.len() - from);
                    let at = off.min(data.len());
                    let end = (at + n).min(data.len());
                    data.splice(at..end, other[from..from + n].iter().copied());
                }
            }
            6 => {
                // Another format's header at a probe location (polyglots).
                let other = &seeds[(xorshift(rng) % seeds.len() as u64) as usize];
                let at = [0usize, 0x8000, 0x200, data.len().saturating_sub(512)]
                    [(xorshift(rng) % 4) as usize];
                for (i, b) in other.iter().take(512).enumerate() {
                    if let Some(d) = data.get_mut(at + i) {
                        *d = *b;
                    }
                }
            }
            7 => {
                let n = (xorshift(rng) % 64) as usize;
                let at = off.min(data.len());
                data.splice(at..at, std::iter::repeat_n(xorshift(rng) as u8, n));
            }
            _ => {
                let n = ((xorshift(rng) % 64) as usize).min(data.len().saturating_sub(off));
                data.drain(off..off + n);
            }
        }
    }
}

/// Runs the inspector on mutated seeds until `cases` executions or `budget` elapses; panics
/// are caught, saved next to the target dir and fail the test. Returns executions.
fn fuzz(cases: u64, budget: Duration, seed: u64) -> u64 {
    let seeds = fuzz_seeds();
    let opts = InspectOptions::default();
    let start = Instant::now();
    let mut rng = seed | 1;
    let mut execs = 0u64;
    let mut max_read = 0u64;
    let mut slowest = Duration::ZERO;
    let mut slowest_input = Vec::new();
    let mut failures = Vec::new();
    while execs < cases && start.elapsed() < budget {
        let mut data = seeds[(xorshift(&mut rng) % seeds.len() as u64) as usize].clone();
        mutate(&mut data, &seeds, &mut rng);
        let t = Instant::now();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut c = Counting {
                inner: Cursor::new(&data[..]),
                read: 0,
            };
            let i = inspect_reader(&mut c, &opts).map(|i| i.describe());
            let _ = serde_json::to_string(&i.is_ok());
            c.read
        }));
        let took = t.elapsed();
        if took > slowest {
            slowest = took;
            slowest_input.clone_from(&data);
        }
        execs += 1;
        match result {
            Ok(read) => {
                max_read = max_read.max(read);
                assert!(read <= 16 << 20, "read {read} bytes");
            }
            Err(_) => {
                let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
                    .join(format!("inspect-crash-{seed}-{execs}.bin"));
                let _ = std::fs::write(&path, &data);
                failures.push(path);
            }
        }
    }
    println!(
        "fuzz: {execs} executions in {:.1}s, max bytes read {max_read}, slowest {:?}, {} crash(es)",
        start.elapsed().as_secs_f64(),
        slowest,
        failures.len()
    );
    let slow = Path::new(env!("CARGO_TARGET_TMPDIR")).join("inspect-fuzz-slowest.bin");
    let _ = std::fs::write(slow, &slowest_input);
    assert!(
        failures.is_empty(),
        "inspector panicked; inputs saved: {failures:?}"
    );
    execs
}

#[test]
fn fuzz_quick() {
    fuzz(3000, Duration::from_secs(120), 0x9e37_79b9_7f4a_7c15);
}

/// Long run: `INSPECT_FUZZ_SECS=600 cargo test --release --test inspect fuzz_long -- --ignored --nocapture`.
#[test]
#[ignore]
fn fuzz_long() {
    let secs = std::env::var("INSPECT_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let seed = std::env::var("INSPECT_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_u64);
    fuzz(u64::MAX, Duration::from_secs(secs), seed);
}

// ---------------------------------------------------------------- differential vs qemu-img

/// Mutates header fields of qemu-made images and, wherever `qemu-img info -f <fmt>` still opens
/// the result, requires the same virtual size. Returns (cases, compared, disagreements).
fn differential(cases: usize, seed: u64) -> (usize, usize, Vec<String>) {
    let c = Corpus::new();
    raw_with_data(&c.p("d.raw"), 2);
    let mut seeds: Vec<(Vec<u8>, &str)> = Vec::new();
    let outs: &[(&str, &str, &[&str])] = &[
        ("a.qcow2", "qcow2", &["-O", "qcow2"]),
        (
            "b.qcow2",
            "qcow2",
            &["-O", "qcow2", "-o", "compat=0.10,cluster_size=4096"],
        ),
        ("c.qcow2", "qcow2", &["-O", "qcow2", "-o", "extended_l2=on"]),
        ("a.vmdk", "vmdk", &["-O", "vmdk"]),
        (
            "b.vmdk",
            "vmdk",
            &["-O", "vmdk", "-o", "subformat=streamOptimized"],
        ),
        ("a.vhd", "vpc", &["-O", "vpc"]),
        ("b.vhd", "vpc", &["-O", "vpc", "-o", "subformat=fixed"]),
        ("a.vhdx", "vhdx", &["-O", "vhdx"]),
        ("a.vdi", "vdi", &["-O", "vdi"]),
        ("a.qed", "qed", &["-O", "qed"]),
    ];
    for (name, fmt, opts) in outs {
        let mut args = vec!["convert", "-q", "-f", "raw"];
        args.extend_from_slice(opts);
        let (d, o) = (c.ps("d.raw"), c.ps(name));
        args.push(&d);
        args.push(&o);
        qemu_img(&args);
        seeds.push((std::fs::read(c.p(name)).expect("read"), fmt));
    }
    let mut rng = seed | 1;
    let (mut compared, mut bad) = (0, Vec::new());
    for n in 0..cases {
        let (orig, fmt) = &seeds[n % seeds.len()];
        let mut data = orig.clone();
        // One or two header fields get an interesting or random value.
        for _ in 0..1 + xorshift(&mut rng) % 2 {
            let len = data.len();
            let off = match *fmt {
                "vpc" if xorshift(&mut rng).is_multiple_of(2) => {
                    len - 512 + (xorshift(&mut rng) % 96) as usize
                }
                "vhdx" => {
                    [0x30000usize, 0x10000, 0x200000][(xorshift(&mut rng) % 3) as usize]
                        + (xorshift(&mut rng) % 96) as usize
                }
                _ => (xorshift(&mut rng) % 112) as usize,
            }
            .min(len.saturating_sub(8));
            let v = if xorshift(&mut rng).is_multiple_of(2) {
                INTERESTING[(xorshift(&mut rng) % INTERESTING.len() as u64) as usize]
            } else {
                xorshift(&mut rng) >> (xorshift(&mut rng) % 64)
            };
            let width = [1usize, 2, 4, 8][(xorshift(&mut rng) % 4) as usize];
            let bytes = if xorshift(&mut rng).is_multiple_of(2) {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            };
            data[off..off + width].copy_from_slice(&bytes[8 - width..]);
        }
        let path = c.p(&format!("m{n}.{fmt}"));
        write(&path, &data);
        let ours = inspect_path(&path, &InspectOptions::default()).expect("inspect");
        if let Some(q) = qemu_vs(&path, fmt) {
            compared += 1;
            if ours.virtual_size != Some(q) {
                bad.push(format!(
                    "{fmt} case {n}: ours {:?}, qemu {q} ({:?})",
                    ours.virtual_size,
                    ours.reasons()
                ));
                let _ = std::fs::copy(
                    &path,
                    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("inspect-diff-{n}.{fmt}")),
                );
            }
        }
        let _ = std::fs::remove_file(&path);
    }
    (cases, compared, bad)
}

#[test]
fn virtual_size_matches_qemu_on_mutated_headers() {
    if skip_without_qemu() {
        return;
    }
    let (cases, compared, bad) = differential(120, 7);
    println!(
        "differential: {cases} cases, {compared} opened by qemu-img, {} disagreements",
        bad.len()
    );
    assert!(bad.is_empty(), "{bad:#?}");
}

/// `INSPECT_DIFF_CASES=2000 cargo test --test inspect differential_long -- --ignored --nocapture`
#[test]
#[ignore]
fn differential_long() {
    let cases = std::env::var("INSPECT_DIFF_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let (cases, compared, bad) = differential(cases, 11);
    println!(
        "differential: {cases} cases, {compared} opened by qemu-img, {} disagreements",
        bad.len()
    );
    assert!(bad.is_empty(), "{bad:#?}");
}

#[path = "inspect/guest_fs.rs"]
mod guest_fs;
