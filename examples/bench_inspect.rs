//! Benchmark of the native inspector against `qemu-img info`.
//!
//! Builds test images (the 1 PiB qcow2, a 2 GiB sparse raw, qcow2 with data, vmdk, vhd, vhdx,
//! vdi, qed, luks, iso, compressed and OVA wrappers) in a temporary directory, then prints per
//! file the bytes the inspector read (through a counting reader), its wall time (best of 5),
//! the wall time of `qemu-img info -f <fmt> --output=json` on the same file (best of 3), and
//! the ratio. Run with `cargo run --release --example bench_inspect`.

use std::error::Error;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use glance_workbench::convert::inspect::{InspectOptions, inspect_reader};

/// Counts the bytes and read calls that go through it.
struct Counting<R> {
    inner: R,
    bytes: u64,
    calls: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        self.calls += 1;
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

fn qemu_img(args: &[&str]) -> Result<(), Box<dyn Error>> {
    let out = Command::new("qemu-img").args(args).output()?;
    if !out.status.success() {
        return Err(format!(
            "qemu-img {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(())
}

fn data_raw(path: &Path, mib: usize) -> io::Result<()> {
    let mut data = vec![0u8; mib << 20];
    for (i, b) in data.iter_mut().enumerate() {
        if (i >> 16) % 4 != 3 {
            *b = (i % 253) as u8 + 1;
        }
    }
    std::fs::write(path, data)
}

fn iso(path: &Path) -> io::Result<()> {
    let blocks: u32 = 4096;
    let mut img = vec![0u8; blocks as usize * 2048];
    let pvd = 16 * 2048;
    img[pvd] = 1;
    img[pvd + 1..pvd + 6].copy_from_slice(b"CD001");
    img[pvd + 6] = 1;
    img[pvd + 80..pvd + 84].copy_from_slice(&blocks.to_le_bytes());
    img[pvd + 128..pvd + 130].copy_from_slice(&2048u16.to_le_bytes());
    std::fs::write(path, img)
}

fn ustar(path: &Path, members: &[(&str, &Path)]) -> io::Result<()> {
    let mut out = File::create(path)?;
    for (name, file) in members {
        let data = std::fs::read(file)?;
        let mut h = [0u8; 512];
        h[..name.len()].copy_from_slice(name.as_bytes());
        h[100..108].copy_from_slice(b"0000644\0");
        h[124..136].copy_from_slice(format!("{:011o}\0", data.len()).as_bytes());
        h[156] = b'0';
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
        h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        out.write_all(&h)?;
        out.write_all(&data)?;
        out.write_all(&vec![0u8; data.len().div_ceil(512) * 512 - data.len()])?;
    }
    out.write_all(&[0u8; 1024])
}

fn gzip(src: &Path, dst: &Path) -> io::Result<()> {
    let data = std::fs::read(src)?;
    let mut e = flate2::write::GzEncoder::new(File::create(dst)?, flate2::Compression::fast());
    e.write_all(&data)?;
    e.finish()?;
    Ok(())
}

fn xz(src: &Path, dst: &Path) -> Result<(), Box<dyn Error>> {
    let status = Command::new("xz")
        .args(["-k", "-c", "-T1", "-1"])
        .arg(src)
        .stdout(File::create(dst)?)
        .status()?;
    if !status.success() {
        return Err("xz failed".into());
    }
    Ok(())
}

/// A benchmark case: label, file, and the qemu-img format to compare with.
type Case = (String, PathBuf, &'static str);

fn build(dir: &Path) -> Result<Vec<Case>, Box<dyn Error>> {
    let p = |n: &str| dir.join(n);
    let s = |n: &str| dir.join(n).to_string_lossy().into_owned();
    // `qemu-img convert -q -f raw OPTIONS data.raw OUT`
    let convert = |options: &[&str], out: &str| {
        let (src, dst) = (s("data.raw"), s(out));
        let mut args = vec!["convert", "-q", "-f", "raw"];
        args.extend_from_slice(options);
        args.extend([src.as_str(), dst.as_str()]);
        qemu_img(&args)
    };
    data_raw(&p("data.raw"), 64)?;
    let sparse = File::create(p("sparse.raw"))?;
    sparse.set_len(2 << 30)?;
    qemu_img(&["create", "-q", "-f", "qcow2", &s("1pib.qcow2"), "1P"])?;
    convert(&["-O", "qcow2"], "data.qcow2")?;
    convert(&["-O", "vmdk"], "sparse.vmdk")?;
    convert(
        &["-O", "vmdk", "-o", "subformat=streamOptimized"],
        "stream.vmdk",
    )?;
    convert(&["-O", "vpc"], "dynamic.vhd")?;
    qemu_img(&[
        "create",
        "-q",
        "-f",
        "vpc",
        "-o",
        "subformat=fixed",
        &s("fixed.vhd"),
        "1G",
    ])?;
    convert(&["-O", "vhdx"], "data.vhdx")?;
    convert(&["-O", "vdi"], "data.vdi")?;
    qemu_img(&["create", "-q", "-f", "qed", &s("a.qed"), "10G"])?;
    qemu_img(&[
        "create",
        "-q",
        "-f",
        "luks",
        "--object",
        "secret,id=s0,data=x",
        "-o",
        "key-secret=s0,iter-time=10",
        &s("a.luks"),
        "64M",
    ])?;
    iso(&p("a.iso"))?;
    gzip(&p("data.qcow2"), &p("data.qcow2.gz"))?;
    gzip(&p("data.raw"), &p("data.raw.gz"))?;
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let noise: Vec<u8> = (0..16 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect();
    std::fs::write(p("noise.raw"), noise)?;
    gzip(&p("noise.raw"), &p("noise.raw.gz"))?;
    xz(&p("data.qcow2"), &p("data.qcow2.xz"))?;
    std::fs::write(
        p("a.ovf"),
        br#"<Envelope><File ovf:href="disk.vmdk"/></Envelope>"#,
    )?;
    ustar(
        &p("a.ova"),
        &[("a.ovf", &p("a.ovf")), ("disk.vmdk", &p("stream.vmdk"))],
    )?;
    Ok(vec![
        ("qcow2 1 PiB (16 MiB L1)".into(), p("1pib.qcow2"), "qcow2"),
        ("raw 2 GiB sparse".into(), p("sparse.raw"), "raw"),
        ("qcow2 64 MiB data".into(), p("data.qcow2"), "qcow2"),
        ("vmdk monolithicSparse".into(), p("sparse.vmdk"), "vmdk"),
        ("vmdk streamOptimized".into(), p("stream.vmdk"), "vmdk"),
        ("vhd dynamic".into(), p("dynamic.vhd"), "vpc"),
        ("vhd fixed 1 GiB".into(), p("fixed.vhd"), "vpc"),
        ("vhdx".into(), p("data.vhdx"), "vhdx"),
        ("vdi".into(), p("data.vdi"), "vdi"),
        ("qed".into(), p("a.qed"), "qed"),
        ("luks".into(), p("a.luks"), "luks"),
        ("iso 8 MiB".into(), p("a.iso"), "raw"),
        ("gzip qcow2".into(), p("data.qcow2.gz"), "raw"),
        ("gzip raw 64 MiB".into(), p("data.raw.gz"), "raw"),
        ("gzip random 16 MiB".into(), p("noise.raw.gz"), "raw"),
        ("xz qcow2".into(), p("data.qcow2.xz"), "raw"),
        ("ova (vmdk)".into(), p("a.ova"), "raw"),
    ])
}

fn best<T>(
    n: usize,
    mut f: impl FnMut() -> Result<T, Box<dyn Error>>,
) -> Result<(Duration, T), Box<dyn Error>> {
    let mut best: Option<(Duration, T)> = None;
    for _ in 0..n {
        let t = Instant::now();
        let v = f()?;
        let d = t.elapsed();
        if best.as_ref().is_none_or(|(b, _)| d < *b) {
            best = Some((d, v));
        }
    }
    best.ok_or_else(|| "no runs".into())
}

fn main() -> Result<(), Box<dyn Error>> {
    let dir = tempfile::tempdir()?;
    let files = build(dir.path())?;
    let opts = InspectOptions::default();
    println!(
        "{:<26} {:>12} {:>6} {:>10} {:>12} {:>8}  result",
        "file", "bytes read", "reads", "ours ms", "qemu-img ms", "ratio"
    );
    for (name, path, fmt) in files {
        let (ours, (bytes, calls, desc)) = best(5, || {
            let mut c = Counting {
                inner: File::open(&path)?,
                bytes: 0,
                calls: 0,
            };
            let i = inspect_reader(&mut c, &opts)?;
            let verdict = if i.is_safe() {
                "safe".to_string()
            } else {
                i.reasons()
                    .iter()
                    .map(|f| f.reason.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            };
            Ok((c.bytes, c.calls, format!("{} [{verdict}]", i.describe())))
        })?;
        let (qemu, ok) = best(3, || {
            let out = Command::new("qemu-img")
                .args(["info", "-U", "-f", fmt, "--output=json"])
                .arg(&path)
                .output()?;
            Ok(out.status.success())
        })?;
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:<26} {:>12} {:>6} {:>10.3} {:>12.3} {:>7.1}x  {}{}",
            name,
            bytes,
            calls,
            ms(ours),
            ms(qemu),
            ms(qemu) / ms(ours).max(1e-6),
            desc,
            if ok { "" } else { " (qemu-img failed)" }
        );
    }
    Ok(())
}
