//! A small Linux guest disk built at test time with real tools, shared by the core and GUI
//! tests of guest inspection: an ext4 filesystem made with `mkfs.ext4 -d` from a tree holding
//! `/etc/os-release` (Ubuntu 24.04 "noble"), the host's `/bin/sh` (an x86_64 ELF here),
//! and `cloud-init` / `qemu-ga` marker files, placed in a GPT partition written by `sfdisk`.

#![allow(
    dead_code,
    reason = "each test crate uses a different part of these helpers"
)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The disk's size (the partition starts at 1 MiB and runs to the backup GPT).
pub const DISK_BYTES: u64 = 48 << 20;
/// The partition's start in bytes (sector 2048).
const PART_START: u64 = 1 << 20;
/// The partition's size in bytes.
const PART_BYTES: u64 = 40 << 20;

/// A system tool by name: PATH may lack the sbin folders where mkfs.ext4 and sfdisk live.
fn tool(name: &str) -> PathBuf {
    ["/usr/sbin", "/sbin", "/usr/bin"]
        .iter()
        .map(|dir| Path::new(dir).join(name))
        .find(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from(name))
}

fn run(cmd: &mut Command) {
    let out = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Write a raw GPT disk at `dir/name` holding an Ubuntu 24.04 root filesystem; returns its
/// path.
pub fn ubuntu_raw(dir: &Path, name: &str) -> PathBuf {
    let tree = dir.join(format!("{name}.tree"));
    for sub in ["etc", "bin", "usr/bin", "boot", "usr/lib"] {
        fs::create_dir_all(tree.join(sub)).unwrap();
    }
    fs::write(
        tree.join("etc/os-release"),
        "PRETTY_NAME=\"Ubuntu 24.04 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\n\
         VERSION=\"24.04 LTS (Noble Numbat)\"\nVERSION_CODENAME=noble\nID=ubuntu\n\
         ID_LIKE=debian\n",
    )
    .unwrap();
    // The real shell binary of the host: its ELF header says the architecture.
    fs::copy("/bin/sh", tree.join("bin/sh")).unwrap();
    fs::write(tree.join("usr/bin/cloud-init"), "#!/usr/bin/python3\n").unwrap();
    fs::write(tree.join("usr/bin/qemu-ga"), "marker\n").unwrap();
    let fs_image = dir.join(format!("{name}.ext4"));
    {
        let file = fs::File::create(&fs_image).unwrap();
        file.set_len(PART_BYTES).unwrap();
    }
    run(Command::new(tool("mkfs.ext4"))
        .args(["-q", "-F", "-L", "rootfs", "-d"])
        .arg(&tree)
        .arg(&fs_image));
    let disk = dir.join(name);
    {
        let file = fs::File::create(&disk).unwrap();
        file.set_len(DISK_BYTES).unwrap();
    }
    let mut sfdisk = Command::new(tool("sfdisk"))
        .args(["--quiet", "--no-reread", "--no-tell-kernel"])
        .arg(&disk)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sfdisk");
    let script = format!(
        "label: gpt\nstart={}, size={}, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=root\n",
        PART_START / 512,
        PART_BYTES / 512
    );
    sfdisk
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = sfdisk.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "sfdisk: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Copy the filesystem into the partition.
    run(Command::new("dd")
        .arg(format!("if={}", fs_image.display()))
        .arg(format!("of={}", disk.display()))
        .args(["bs=1M", "seek=1", "conv=notrunc,sparse", "status=none"]));
    fs::remove_file(&fs_image).unwrap();
    fs::remove_dir_all(&tree).unwrap();
    disk
}
