//! Guest inspection on disks built at test time: directory trees made into filesystems with
//! the real tools (mkfs.ext4 -d, mkfs.xfs -p, mkfs.vfat + mcopy, mkntfs + ntfscp, xorriso),
//! partitioned with sfdisk; hostile guests (symlinks out of the filesystem, loops, huge
//! files); the property suggestions; and a mutation fuzzer over the readers.

use std::fs::{self, File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use glance_workbench::convert::guest::block::RawDevice;
use glance_workbench::convert::guest::report::Properties;
use glance_workbench::convert::guest::{
    Budget, Firmware, FsKind, GuestError, GuestOptions, GuestReport, OsFamily, PartitionTableKind,
    SuggestionKind, compare_properties, conflicts, inspect_device, inspect_guest_path,
};
use glance_workbench::convert::inspect::{DiskFormatKind, InspectOptions};

fn sh(cmd: &str, args: &[&str]) {
    let out = Command::new(cmd).args(args).output().expect("spawn");
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn tools(names: &[&str]) -> bool {
    let missing: Vec<_> = names
        .iter()
        .filter(|t| {
            Command::new("sh")
                .args(["-c", &format!("command -v {t}")])
                .output()
                .map(|o| !o.status.success())
                .unwrap_or(true)
        })
        .collect();
    if !missing.is_empty() {
        eprintln!("skipping: {missing:?} not installed");
    }
    missing.is_empty()
}

/// One entry of a test tree.
enum E<'a> {
    Dir(&'a str),
    File(&'a str, &'a [u8]),
    Link(&'a str, &'a str),
}

fn build_tree(root: &Path, entries: &[E]) {
    fs::create_dir_all(root).unwrap();
    for e in entries {
        match e {
            E::Dir(p) => fs::create_dir_all(root.join(p)).unwrap(),
            E::File(p, data) => {
                let p = root.join(p);
                fs::create_dir_all(p.parent().unwrap()).unwrap();
                fs::write(p, data).unwrap();
            }
            E::Link(p, target) => {
                let p = root.join(p);
                fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::os::unix::fs::symlink(target, p).unwrap();
            }
        }
    }
}

fn host_sh() -> Vec<u8> {
    fs::read(fs::canonicalize("/bin/sh").unwrap()).unwrap()
}

/// A minimal 64-byte ELF header for aarch64 (little-endian, 64-bit).
fn aarch64_elf() -> Vec<u8> {
    let mut h = vec![0u8; 64];
    h[..4].copy_from_slice(b"\x7fELF");
    h[4] = 2;
    h[5] = 1;
    h[6] = 1;
    h[16] = 2;
    h[18..20].copy_from_slice(&0xb7u16.to_le_bytes());
    h
}

fn ext4(dir: &Path, out: &Path, mib: u64) {
    let f = File::create(out).unwrap();
    f.set_len(mib << 20).unwrap();
    sh(
        "mkfs.ext4",
        &[
            "-q",
            "-F",
            "-L",
            "cloudimg-rootfs",
            "-d",
            dir.to_str().unwrap(),
            out.to_str().unwrap(),
        ],
    );
}

/// mkfs.xfs 6.1 has no `-p dir`: write a protofile for the tree.
fn xfs(dir: &Path, out: &Path, mib: u64) {
    fn walk(d: &Path, out: &mut String) {
        let mut names: Vec<_> = fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        for p in names {
            let name = p.file_name().unwrap().to_str().unwrap().to_string();
            let m = fs::symlink_metadata(&p).unwrap();
            if m.file_type().is_symlink() {
                out.push_str(&format!(
                    "{name} l--777 0 0 {}\n",
                    fs::read_link(&p).unwrap().display()
                ));
            } else if m.is_dir() {
                out.push_str(&format!("{name} d--755 0 0\n"));
                walk(&p, out);
                out.push_str("$\n");
            } else {
                out.push_str(&format!("{name} ---644 0 0 {}\n", p.display()));
            }
        }
    }
    let mut proto = String::from("/dev/null\n0 0\nd--755 0 0\n");
    walk(dir, &mut proto);
    proto.push_str("$\n");
    let pf = out.with_extension("proto");
    fs::write(&pf, proto).unwrap();
    let f = File::create(out).unwrap();
    f.set_len(mib << 20).unwrap();
    sh(
        "mkfs.xfs",
        &[
            "-q",
            "-f",
            "-L",
            "root",
            "-p",
            pf.to_str().unwrap(),
            out.to_str().unwrap(),
        ],
    );
}

/// A FAT ESP holding `files` (guest path, content).
fn esp(out: &Path, files: &[(&str, &[u8])]) {
    let f = File::create(out).unwrap();
    f.set_len(34 << 20).unwrap();
    sh(
        "mkfs.vfat",
        &["-F", "32", "-n", "EFI", out.to_str().unwrap()],
    );
    let img = out.to_str().unwrap();
    let tmp = out.with_extension("src");
    for (p, data) in files {
        let mut dir = String::new();
        for c in p
            .trim_start_matches('/')
            .split('/')
            .collect::<Vec<_>>()
            .split_last()
            .unwrap()
            .1
        {
            dir.push('/');
            dir.push_str(c);
            let _ = Command::new("mmd")
                .args(["-i", img, &format!("::{dir}")])
                .output();
        }
        fs::write(&tmp, data).unwrap();
        sh(
            "mcopy",
            &["-i", img, tmp.to_str().unwrap(), &format!("::{p}")],
        );
    }
}

/// A disk of `mib` MiB partitioned by the sfdisk `script`, with `images[i]` written into
/// partition i+1.
fn disk(out: &Path, mib: u64, script: &str, images: &[Option<&Path>]) {
    let f = File::create(out).unwrap();
    f.set_len(mib << 20).unwrap();
    let mut child = Command::new("sfdisk")
        .args(["-q", out.to_str().unwrap()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let out_s = Command::new("sfdisk")
        .args(["-J", out.to_str().unwrap()])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out_s.stdout).unwrap();
    let parts = v["partitiontable"]["partitions"]
        .as_array()
        .unwrap()
        .clone();
    let f = OpenOptions::new().write(true).open(out).unwrap();
    for (i, img) in images.iter().enumerate() {
        if let Some(img) = img {
            let start = parts[i]["start"].as_u64().unwrap() * 512;
            let data = fs::read(img).unwrap();
            assert!(data.len() as u64 <= parts[i]["size"].as_u64().unwrap() * 512);
            f.write_all_at(&data, start).unwrap();
        }
    }
}

fn inspect(path: &Path) -> GuestReport {
    inspect_guest_path(
        path,
        None,
        &GuestOptions::default(),
        &InspectOptions::default(),
    )
    .unwrap()
}

fn props(r: &GuestReport) -> Vec<(String, String)> {
    r.suggested_properties().into_iter().collect()
}

fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

const UBUNTU: &[u8] = b"PRETTY_NAME=\"Ubuntu 24.04 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nVERSION=\"24.04 LTS (Noble Numbat)\"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\n";
const ROCKY: &[u8] = b"NAME=\"Rocky Linux\"\nVERSION=\"9.4 (Blue Onyx)\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.4\"\nPRETTY_NAME=\"Rocky Linux 9.4 (Blue Onyx)\"\n";
const DEBIAN: &[u8] = b"PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n";

#[test]
fn guest_fs_ubuntu_ext4_gpt_uefi() {
    if !tools(&["mkfs.ext4", "mkfs.vfat", "mcopy", "sfdisk"]) {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let sh_bin = host_sh();
    // Merged /usr: /bin is a relative symlink, /bin/sh one more (resolved inside the guest).
    build_tree(
        &t.path().join("root"),
        &[
            E::File("usr/lib/os-release", UBUNTU),
            E::Link("etc/os-release", "../usr/lib/os-release"),
            E::Link("bin", "usr/bin"),
            E::File("usr/bin/dash", &sh_bin),
            E::Link("usr/bin/sh", "dash"),
            E::File("usr/bin/cloud-init", b"#!/usr/bin/python3\n"),
            E::File("etc/cloud/cloud.cfg", b"users: [default]\n"),
            E::File("usr/bin/qemu-ga", b"\x7fELF"),
            E::File("boot/vmlinuz-6.8.0-40-generic", b"kernel"),
            E::File("boot/vmlinuz-6.8.0-9-generic", b"kernel"),
            E::Dir("lib/modules/6.8.0-40-generic"),
        ],
    );
    let root = t.path().join("root.ext4");
    ext4(&t.path().join("root"), &root, 24);
    let efi = t.path().join("esp.fat");
    esp(
        &efi,
        &[
            ("/EFI/BOOT/BOOTX64.EFI", b"MZ"),
            ("/EFI/ubuntu/shimx64.efi", b"MZ"),
        ],
    );
    let img = t.path().join("disk.raw");
    disk(
        &img,
        64,
        "label: gpt\nsize=34MiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B\ntype=0FC63DAF-8483-4772-8E79-3D69D8477DE4\n",
        &[Some(&efi), Some(&root)],
    );

    let r = inspect(&img);
    assert_eq!(r.format, DiskFormatKind::Raw);
    assert_eq!(r.partition_table, Some(PartitionTableKind::Gpt));
    assert_eq!(r.partitions.len(), 2, "{r:#?}");
    assert_eq!(r.partitions[0].fs, FsKind::Fat);
    assert_eq!(r.partitions[0].type_name, "EFI System");
    assert_eq!(r.partitions[0].label.as_deref(), Some("EFI"));
    assert_eq!(r.partitions[1].fs, FsKind::Ext);
    assert_eq!(r.partitions[1].label.as_deref(), Some("cloudimg-rootfs"));
    assert!(r.partitions.iter().all(|p| p.read));
    let os = r.os.as_ref().unwrap();
    assert_eq!(os.family, OsFamily::Linux);
    assert_eq!(os.distro.as_deref(), Some("ubuntu"));
    assert_eq!(os.version.as_deref(), Some("24.04"));
    assert_eq!(os.codename.as_deref(), Some("noble"));
    assert_eq!(os.name.as_deref(), Some("Ubuntu 24.04 LTS"));
    assert_eq!(os.source, "/etc/os-release");
    assert_eq!(r.architecture.as_deref(), Some("x86_64"));
    assert_eq!(r.firmware, Some(Firmware::Uefi));
    assert!(r.cloud_init && r.qemu_guest_agent);
    assert_eq!(r.virtio_drivers, None);
    assert_eq!(
        r.kernels,
        ["vmlinuz-6.8.0-9-generic", "vmlinuz-6.8.0-40-generic"]
    );
    let root = r.root.as_ref().unwrap();
    assert_eq!((root.partition, root.fs), (2, FsKind::Ext));
    assert!(
        root.used_bytes > 0 && root.used_bytes < root.size_bytes && root.size_bytes <= 30 << 20,
        "{root:?}"
    );
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert!(
        r.bytes_read > 0 && r.bytes_read < 8 << 20,
        "read {}",
        r.bytes_read
    );
    assert_eq!(
        props(&r),
        p(&[
            ("architecture", "x86_64"),
            ("hw_firmware_type", "uefi"),
            ("hw_machine_type", "q35"),
            ("hw_qemu_guest_agent", "yes"),
            ("os_distro", "ubuntu"),
            ("os_require_quiesce", "yes"),
            ("os_type", "linux"),
            ("os_version", "24.04"),
        ])
    );
    // The JSON a front end prints.
    let j = serde_json::to_value(&r).unwrap();
    assert_eq!(j["os"]["distro"], "ubuntu");
    assert_eq!(j["firmware"], "uefi");

    // Compared with an image's current properties.
    let current: Properties = [
        ("os_distro", "Ubuntu"),
        ("os_version", "24"),
        ("architecture", "amd64"),
        ("os_type", "windows"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let c = compare_properties(&current, &r);
    let kind = |k: &str| c.iter().find(|s| s.key == k).unwrap().kind;
    assert_eq!(kind("os_distro"), SuggestionKind::Same);
    assert_eq!(kind("architecture"), SuggestionKind::Same);
    assert_eq!(kind("os_version"), SuggestionKind::Differs);
    assert_eq!(kind("os_type"), SuggestionKind::Conflict);
    assert_eq!(kind("hw_firmware_type"), SuggestionKind::New);
    let only: Vec<_> = conflicts(&current, &r).into_iter().map(|s| s.key).collect();
    assert_eq!(only, ["os_type"]);
    let centos: Properties = [("os_distro".to_string(), "centos".to_string())].into();
    assert_eq!(conflicts(&centos, &r)[0].suggested, "ubuntu");

    // The same disk converted by the real qemu-img into every format the workbench accepts:
    // read through the block readers, the same guest and the same suggestions.
    for (format, opts) in [
        ("qcow2", &["-c"][..]),
        ("qcow2", &["-o", "compression_type=zstd", "-c"][..]),
        ("vmdk", &["-o", "subformat=streamOptimized"][..]),
        ("vmdk", &[][..]),
        ("vpc", &[][..]),
        ("vhdx", &[][..]),
        ("vdi", &[][..]),
    ] {
        let out = t.path().join(format!("disk.{format}"));
        let mut args = vec!["convert", "-f", "raw", "-O", format];
        args.extend_from_slice(opts);
        args.extend([img.to_str().unwrap(), out.to_str().unwrap()]);
        sh("qemu-img", &args);
        let converted = inspect(&out);
        assert_eq!(converted.os, r.os, "{format} {opts:?}");
        assert_eq!(converted.firmware, r.firmware, "{format} {opts:?}");
        assert_eq!(converted.kernels, r.kernels, "{format} {opts:?}");
        assert_eq!(props(&converted), props(&r), "{format} {opts:?}");
        assert!(
            converted.findings.is_empty(),
            "{format}: {:?}",
            converted.findings
        );
        std::fs::remove_file(&out).unwrap();
    }
}

#[test]
fn guest_fs_rocky_xfs_mbr_bios_aarch64() {
    if !tools(&["mkfs.xfs", "sfdisk"]) {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let elf = aarch64_elf();
    build_tree(
        &t.path().join("root"),
        &[
            E::File("etc/os-release", ROCKY),
            E::File(
                "etc/redhat-release",
                b"Rocky Linux release 9.4 (Blue Onyx)\n",
            ),
            E::File("usr/bin/bash", &elf),
            E::Link("bin", "usr/bin"),
            E::Link("usr/bin/sh", "bash"),
            E::File("boot/vmlinuz-5.14.0-427.13.1.el9_4.aarch64", b"k"),
            E::Dir("lib/modules"),
        ],
    );
    let root = t.path().join("root.xfs");
    xfs(&t.path().join("root"), &root, 300);
    let img = t.path().join("disk.raw");
    disk(&img, 320, "label: dos\ntype=83\n", &[Some(&root)]);
    // A BIOS boot loader's first stage in the MBR's code area.
    OpenOptions::new()
        .write(true)
        .open(&img)
        .unwrap()
        .write_all_at(&[0xeb, 0x63, 0x90, 0x10, 0x8e, 0xd0], 0)
        .unwrap();

    let r = inspect(&img);
    assert_eq!(r.partition_table, Some(PartitionTableKind::Mbr));
    assert_eq!(r.partitions[0].fs, FsKind::Xfs, "{r:#?}");
    assert_eq!(r.partitions[0].type_name, "0x83 Linux");
    assert_eq!(r.partitions[0].label.as_deref(), Some("root"));
    let os = r.os.as_ref().unwrap();
    assert_eq!(
        (os.distro.as_deref(), os.version.as_deref()),
        (Some("rocky"), Some("9.4"))
    );
    assert_eq!(r.architecture.as_deref(), Some("aarch64"));
    assert_eq!(r.firmware, Some(Firmware::Bios));
    assert!(!r.cloud_init && !r.qemu_guest_agent);
    assert_eq!(r.kernels, ["vmlinuz-5.14.0-427.13.1.el9_4.aarch64"]);
    let root = r.root.as_ref().unwrap();
    assert_eq!(root.fs, FsKind::Xfs);
    assert!(root.used_bytes > 0 && root.used_bytes < root.size_bytes);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(
        props(&r),
        p(&[
            ("architecture", "aarch64"),
            ("hw_firmware_type", "bios"),
            ("os_distro", "rocky"),
            ("os_type", "linux"),
            ("os_version", "9.4"),
        ])
    );
    // "rhel" vs "redhat" are one distro; "rocky" is not centos.
    let cur: Properties = [("os_distro".to_string(), "centos".to_string())].into();
    assert_eq!(
        compare_properties(&cur, &r)[2].kind,
        SuggestionKind::Conflict
    );
}

#[test]
fn guest_fs_debian_hybrid_bios_and_uefi() {
    if !tools(&["mkfs.ext4", "mkfs.vfat", "mcopy", "sfdisk"]) {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    build_tree(
        &t.path().join("root"),
        &[
            E::File("etc/os-release", DEBIAN),
            E::File("bin/sh", &host_sh()),
            E::Dir("boot"),
            E::Dir("lib/modules/6.1.0-21-amd64"),
            E::Dir("lib/modules/6.1.0-18-amd64"),
        ],
    );
    let root = t.path().join("root.ext4");
    ext4(&t.path().join("root"), &root, 16);
    let efi = t.path().join("esp.fat");
    esp(&efi, &[("/EFI/debian/grubx64.efi", b"MZ")]);
    let img = t.path().join("disk.raw");
    disk(
        &img,
        64,
        "label: gpt\nsize=1MiB, type=21686148-6449-6E6F-744E-656564454649\nsize=34MiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B\ntype=0FC63DAF-8483-4772-8E79-3D69D8477DE4\n",
        &[None, Some(&efi), Some(&root)],
    );
    let r = inspect(&img);
    assert_eq!(r.partitions[0].type_name, "BIOS boot");
    assert_eq!(r.firmware, Some(Firmware::Both));
    assert_eq!(r.kernels, ["6.1.0-18-amd64", "6.1.0-21-amd64"]);
    let os = r.os.as_ref().unwrap();
    assert_eq!(
        (
            os.distro.as_deref(),
            os.version.as_deref(),
            os.codename.as_deref()
        ),
        (Some("debian"), Some("12"), Some("bookworm"))
    );
    // Both: bios is suggested (boots everywhere), no q35.
    let s = r.suggested_properties();
    assert_eq!(s.get("hw_firmware_type").map(String::as_str), Some("bios"));
    assert!(!s.contains_key("hw_machine_type"));
}

#[test]
fn guest_fs_whole_disk_ext4_and_ova() {
    if !tools(&["mkfs.ext4", "tar"]) {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    build_tree(
        &t.path().join("root"),
        &[
            E::File("etc/debian_version", b"11.9\n"),
            E::File("bin/sh", &host_sh()),
        ],
    );
    let img = t.path().join("disk.img");
    ext4(&t.path().join("root"), &img, 8);
    let r = inspect(&img);
    assert_eq!(r.partition_table, None);
    assert_eq!(r.partitions[0].number, 0);
    let os = r.os.as_ref().unwrap();
    assert_eq!(
        (
            os.distro.as_deref(),
            os.version.as_deref(),
            os.source.as_str()
        ),
        (Some("debian"), Some("11"), "/etc/debian_version")
    );
    assert_eq!(r.firmware, None);

    // The same disk inside an OVA: read in place as a window of the archive.
    fs::write(
        t.path().join("vm.ovf"),
        r#"<Envelope><References><File ovf:href="disk.img"/></References></Envelope>"#,
    )
    .unwrap();
    let ova = t.path().join("vm.ova");
    sh(
        "tar",
        &[
            "-C",
            t.path().to_str().unwrap(),
            "-cf",
            ova.to_str().unwrap(),
            "vm.ovf",
            "disk.img",
        ],
    );
    let r2 = inspect(&ova);
    assert_eq!(r2.os, r.os);
    assert_eq!(r2.format, DiskFormatKind::Raw);

    // A declared format that is not the content is refused like an unsafe file.
    let e = inspect_guest_path(
        &img,
        Some("qcow2"),
        &GuestOptions::default(),
        &InspectOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(e, GuestError::Unsafe { .. }), "{e}");
    // A compressed wrapper is not looked into.
    sh("gzip", &["-k", img.to_str().unwrap()]);
    let e = inspect_guest_path(
        &img.with_extension("img.gz"),
        None,
        &GuestOptions::default(),
        &InspectOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(e, GuestError::Compressed { .. }), "{e}");
}

#[test]
fn guest_fs_iso_installer_uefi() {
    if !tools(&["xorriso"]) {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    build_tree(
        &t.path().join("iso"),
        &[
            E::File(
                ".disk/info",
                b"Ubuntu-Server 24.04 LTS \"Noble Numbat\" - Release amd64 (20240423)",
            ),
            E::File("boot/grub/efi.img", &[0u8; 4096]),
            E::File("casper/vmlinuz", b"k"),
        ],
    );
    let iso = t.path().join("install.iso");
    sh(
        "xorriso",
        &[
            "-as",
            "mkisofs",
            "-quiet",
            "-R",
            "-J",
            "-V",
            "Ubuntu-Server 24.04 LTS amd64",
            "-e",
            "boot/grub/efi.img",
            "-no-emul-boot",
            "-o",
            iso.to_str().unwrap(),
            t.path().join("iso").to_str().unwrap(),
        ],
    );
    let r = inspect(&iso);
    assert_eq!(r.format, DiskFormatKind::Iso);
    assert_eq!(r.partitions[0].fs, FsKind::Iso9660, "{r:#?}");
    assert_eq!(
        r.partitions[0].label.as_deref(),
        Some("Ubuntu-Server 24.04 LTS amd64")
    );
    let os = r.os.as_ref().unwrap();
    assert_eq!(
        (
            os.distro.as_deref(),
            os.version.as_deref(),
            os.codename.as_deref()
        ),
        (Some("ubuntu"), Some("24.04"), Some("noble"))
    );
    assert_eq!(r.firmware, Some(Firmware::Uefi));
}

#[test]
fn guest_fs_ntfs_without_windows() {
    if !tools(&["mkntfs", "ntfscp"]) {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let vol = t.path().join("ntfs.vol");
    File::create(&vol).unwrap().set_len(16 << 20).unwrap();
    sh(
        "mkntfs",
        &["-q", "-F", "-Q", "-L", "DATA", vol.to_str().unwrap()],
    );
    let src = t.path().join("readme.txt");
    fs::write(&src, b"hello").unwrap();
    sh(
        "ntfscp",
        &[
            "-q",
            vol.to_str().unwrap(),
            src.to_str().unwrap(),
            "readme.txt",
        ],
    );
    // A bare NTFS volume is refused by the safety inspector (its boot sector looks like an
    // MBR defining no partitions, as Glance sees it): a partitioned disk, as guests have.
    let img = t.path().join("disk.raw");
    disk(&img, 24, "label: dos\ntype=7\n", &[Some(&vol)]);
    let r = inspect(&img);
    assert_eq!(r.partitions[0].type_name, "0x07 HPFS/NTFS/exFAT");
    assert_eq!(r.partitions[0].fs, FsKind::Ntfs);
    assert!(r.partitions[0].read);
    assert_eq!(r.partitions[0].label.as_deref(), Some("DATA"));
    assert!(r.os.is_none());
    assert!(
        r.findings.iter().any(|f| f.code == "no_os"),
        "{:?}",
        r.findings
    );
}

/// Hostile guests: symlinks out of the filesystem, a symlink loop, a directory hard-linked
/// into itself, a huge sparse os-release and an inode claiming an absurd size.
#[test]
fn guest_fs_hostile_ext4() {
    if !tools(&["mkfs.ext4", "debugfs"]) {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let sh_bin = host_sh();
    let tree = t.path().join("root");
    build_tree(
        &tree,
        &[
            E::Link("etc/os-release", "../../../../etc/passwd"),
            E::File("usr/lib/os-release", DEBIAN),
            E::File("bin/sh", &sh_bin),
        ],
    );
    let img = t.path().join("a.ext4");
    ext4(&tree, &img, 16);
    let r = inspect(&img);
    // ../../ is clamped at the guest's root: the guest's /etc/passwd (absent), never the host's.
    assert_eq!(r.os.as_ref().unwrap().distro.as_deref(), Some("debian"));
    assert_eq!(r.os.as_ref().unwrap().source, "/usr/lib/os-release");

    // An absolute target is the guest's file.
    let tree = t.path().join("root2");
    build_tree(
        &tree,
        &[
            E::Link("etc/os-release", "/etc/hostname"),
            E::File("etc/hostname", b"ID=guestfile\n"),
            E::File("bin/sh", &sh_bin),
        ],
    );
    let img = t.path().join("b.ext4");
    ext4(&tree, &img, 16);
    assert_eq!(
        inspect(&img).os.unwrap().distro.as_deref(),
        Some("guestfile")
    );

    // A symlink loop, a directory loop, a 1 GiB sparse os-release.
    let tree = t.path().join("root3");
    build_tree(
        &tree,
        &[
            E::Link("etc/os-release", "/etc/a"),
            E::Link("etc/a", "/etc/os-release"),
            E::File("usr/lib/os-release", b""),
            E::File("bin/sh", &sh_bin),
        ],
    );
    File::create(tree.join("usr/lib/os-release"))
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let img = t.path().join("c.ext4");
    ext4(&tree, &img, 16);
    sh(
        "debugfs",
        &["-w", "-R", "link / /etc/loop", img.to_str().unwrap()],
    );
    let r = inspect(&img);
    let codes: Vec<&str> = r.findings.iter().map(|f| f.code.as_str()).collect();
    assert!(codes.contains(&"loop"), "{:?}", r.findings);
    assert!(codes.contains(&"too_large"), "{:?}", r.findings);
    assert!(
        r.findings
            .iter()
            .any(|f| f.message.contains("/usr/lib/os-release") && f.message.contains("1073741824")),
        "{:?}",
        r.findings
    );
    assert_eq!(r.os.as_ref().unwrap().family, OsFamily::Linux);
    assert_eq!(r.os.as_ref().unwrap().distro, None);
    assert!(r.bytes_read < 4 << 20);

    // An inode claiming an absurd size.
    let tree = t.path().join("root4");
    build_tree(
        &tree,
        &[
            E::File("etc/os-release", DEBIAN),
            E::File("bin/sh", &sh_bin),
        ],
    );
    let img = t.path().join("d.ext4");
    ext4(&tree, &img, 16);
    sh(
        "debugfs",
        &[
            "-w",
            "-R",
            "sif /etc/os-release size 0x10000000000",
            img.to_str().unwrap(),
        ],
    );
    let r = inspect(&img);
    assert!(
        r.findings.iter().any(|f| f.code == "too_large"),
        "{:?}",
        r.findings
    );
    // A size past what ext4 allows at all: the reader refuses the inode.
    sh(
        "debugfs",
        &[
            "-w",
            "-R",
            "sif /etc/os-release size 0x7fffffffffffffff",
            img.to_str().unwrap(),
        ],
    );
    let r2 = inspect(&img);
    assert!(
        r2.findings
            .iter()
            .any(|f| f.code == "unreadable" && f.message.contains("/etc/os-release")),
        "{:?}",
        r2.findings
    );
    assert_eq!(r2.os.as_ref().unwrap().family, OsFamily::Linux);
    assert_eq!(r.architecture.as_deref(), Some("x86_64"));

    // A tiny read budget: stops with a finding, no error.
    let opts = GuestOptions {
        max_read_bytes: 20 << 10,
        ..GuestOptions::default()
    };
    let r = inspect_guest_path(&img, None, &opts, &InspectOptions::default()).unwrap();
    assert!(
        r.findings.iter().any(|f| f.code == "budget"),
        "{:?}",
        r.findings
    );
    assert!(r.bytes_read <= 20 << 10);
}

fn xorshift(s: &mut u64) -> u64 {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    *s
}

/// Mutates small ext4, XFS, FAT and ISO images (the metadata areas) and inspects each: never a
/// panic, never past the budget.
#[test]
fn guest_fs_fuzz_readers() {
    if !tools(&[
        "mkfs.ext4",
        "mkfs.xfs",
        "mkfs.vfat",
        "mcopy",
        "xorriso",
        "mkntfs",
    ]) {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let tree = t.path().join("root");
    build_tree(
        &tree,
        &[
            E::File("etc/os-release", UBUNTU),
            E::Link("bin", "usr/bin"),
            E::File("usr/bin/sh", &aarch64_elf()),
            E::File("boot/vmlinuz-1", b"k"),
        ],
    );
    // The seeds stay on disk (the XFS one is 300 MiB, sparse); each case writes its
    // mutations into one and puts the original bytes back afterwards.
    let e = t.path().join("s.ext4");
    ext4(&tree, &e, 2);
    let x = t.path().join("s.xfs");
    xfs(&tree, &x, 300);
    let f = t.path().join("s.fat");
    esp(&f, &[("/EFI/BOOT/BOOTX64.EFI", b"MZ")]);
    let i = t.path().join("s.iso");
    sh(
        "xorriso",
        &[
            "-as",
            "mkisofs",
            "-quiet",
            "-R",
            "-o",
            i.to_str().unwrap(),
            tree.to_str().unwrap(),
        ],
    );
    let n = t.path().join("s.ntfs");
    File::create(&n).unwrap().set_len(4 << 20).unwrap();
    sh("mkntfs", &["-q", "-F", "-Q", n.to_str().unwrap()]);
    let seeds = [e, x, f, i, n];

    let opts = GuestOptions {
        max_read_bytes: 8 << 20,
        ..GuestOptions::default()
    };
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let start = Instant::now();
    let (mut execs, mut crashes) = (0u64, Vec::new());
    while execs < 4000 && start.elapsed() < Duration::from_secs(30) {
        let path = &seeds[(xorshift(&mut rng) % seeds.len() as u64) as usize];
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .unwrap();
        // Metadata lives near the start of these small images.
        let span = file.metadata().unwrap().len().min(1 << 20);
        let mut undo = Vec::new();
        for _ in 0..1 + xorshift(&mut rng) % 16 {
            let at = xorshift(&mut rng) % span;
            let mut old = [0u8];
            file.read_exact_at(&mut old, at).unwrap();
            let new = match xorshift(&mut rng) % 4 {
                0 => 0xff,
                1 => 0,
                _ => xorshift(&mut rng) as u8,
            };
            file.write_all_at(&[new], at).unwrap();
            undo.push((at, old[0]));
        }
        let dev =
            RawDevice::new(File::open(path).unwrap(), Budget::new(opts.max_read_bytes)).unwrap();
        let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            inspect_device(Box::new(dev), DiskFormatKind::Raw, &opts)
        }));
        match res {
            Ok(r) => assert!(r.bytes_read <= opts.max_read_bytes),
            Err(_) => {
                let keep = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
                    .join(format!("guest-crash-{execs}.img"));
                let _ = fs::copy(path, &keep);
                crashes.push(keep);
            }
        }
        for (at, old) in undo.into_iter().rev() {
            file.write_all_at(&[old], at).unwrap();
        }
        execs += 1;
    }
    println!(
        "guest fuzz: {execs} cases in {:.1}s, {} crash(es)",
        start.elapsed().as_secs_f64(),
        crashes.len()
    );
    assert!(
        crashes.is_empty(),
        "guest readers panicked; inputs saved: {crashes:?}"
    );
}

/// A minimal registry hive (regf) with `Microsoft\Windows NT\CurrentVersion` and its values,
/// written cell by cell as Windows lays them out.
fn software_hive(values: &[(&str, Result<&str, u32>)]) -> Vec<u8> {
    let mut cells: Vec<u8> = Vec::new();
    let mut add = |data: &[u8]| -> u32 {
        let off = 0x20 + cells.len() as u32;
        let size = (4 + data.len()).div_ceil(8) * 8;
        cells.extend_from_slice(&(-(size as i32)).to_le_bytes());
        cells.extend_from_slice(data);
        cells.resize(cells.len() + size - 4 - data.len(), 0);
        off
    };
    let utf16 = |s: &str| -> Vec<u8> {
        s.encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect()
    };
    let mut vks = Vec::new();
    for (name, v) in values {
        let mut vk = vec![0u8; 0x14];
        vk[..2].copy_from_slice(b"vk");
        vk[2..4].copy_from_slice(&(name.len() as u16).to_le_bytes());
        vk[0x10..0x12].copy_from_slice(&1u16.to_le_bytes());
        match v {
            Ok(text) => {
                let d = utf16(text);
                let off = add(&d);
                vk[4..8].copy_from_slice(&(d.len() as u32).to_le_bytes());
                vk[8..12].copy_from_slice(&off.to_le_bytes());
                vk[0xc..0x10].copy_from_slice(&1u32.to_le_bytes());
            }
            Err(dword) => {
                vk[4..8].copy_from_slice(&(0x8000_0004u32).to_le_bytes());
                vk[8..12].copy_from_slice(&dword.to_le_bytes());
                vk[0xc..0x10].copy_from_slice(&4u32.to_le_bytes());
            }
        }
        vk.extend_from_slice(name.as_bytes());
        vks.push(add(&vk));
    }
    let list: Vec<u8> = vks.iter().flat_map(|o| o.to_le_bytes()).collect();
    let value_list = add(&list);
    let mut nk = |name: &str, child: Option<u32>, values: Option<(u32, u32)>| -> u32 {
        let mut d = vec![0u8; 0x4c];
        d[..2].copy_from_slice(b"nk");
        d[2..4].copy_from_slice(&0x20u16.to_le_bytes());
        d[0x1c..0x20].copy_from_slice(&u32::MAX.to_le_bytes());
        d[0x28..0x2c].copy_from_slice(&u32::MAX.to_le_bytes());
        if let Some(c) = child {
            let mut lf = b"lf\x01\x00".to_vec();
            lf.extend_from_slice(&c.to_le_bytes());
            lf.extend_from_slice(&[0; 4]);
            let l = add(&lf);
            d[0x14..0x18].copy_from_slice(&1u32.to_le_bytes());
            d[0x1c..0x20].copy_from_slice(&l.to_le_bytes());
        }
        if let Some((n, list)) = values {
            d[0x24..0x28].copy_from_slice(&n.to_le_bytes());
            d[0x28..0x2c].copy_from_slice(&list.to_le_bytes());
        }
        d[0x48..0x4a].copy_from_slice(&(name.len() as u16).to_le_bytes());
        d.extend_from_slice(name.as_bytes());
        add(&d)
    };
    let cv = nk(
        "CurrentVersion",
        None,
        Some((values.len() as u32, value_list)),
    );
    let nt = nk("Windows NT", Some(cv), None);
    let ms = nk("Microsoft", Some(nt), None);
    let root = nk("ROOT", Some(ms), None);
    let bins = (32 + cells.len()).div_ceil(4096) * 4096;
    let mut hive = vec![0u8; 4096 + bins];
    hive[..4].copy_from_slice(b"regf");
    hive[0x24..0x28].copy_from_slice(&root.to_le_bytes());
    hive[0x28..0x2c].copy_from_slice(&(bins as u32).to_le_bytes());
    hive[4096..4100].copy_from_slice(b"hbin");
    hive[4104..4108].copy_from_slice(&(bins as u32).to_le_bytes());
    hive[4096 + 32..4096 + 32 + cells.len()].copy_from_slice(&cells);
    hive
}

/// A minimal x86_64 PE header.
fn pe_x86_64() -> Vec<u8> {
    let mut h = vec![0u8; 512];
    h[..2].copy_from_slice(b"MZ");
    h[0x3c..0x40].copy_from_slice(&0x80u32.to_le_bytes());
    h[0x80..0x84].copy_from_slice(b"PE\0\0");
    h[0x84..0x86].copy_from_slice(&0x8664u16.to_le_bytes());
    h
}

/// A Windows-like tree on NTFS, written through ntfs-3g (FUSE); skipped where FUSE mounts
/// are not possible.
#[test]
fn guest_fs_windows_ntfs() {
    if !tools(&["mkntfs", "ntfs-3g", "sfdisk"]) || !Path::new("/dev/fuse").exists() {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let build = |hive: Option<Vec<u8>>, name: &str| -> Option<PathBuf> {
        let vol = t.path().join(format!("{name}.ntfs"));
        File::create(&vol).unwrap().set_len(24 << 20).unwrap();
        sh(
            "mkntfs",
            &["-q", "-F", "-Q", "-L", "Windows", vol.to_str().unwrap()],
        );
        let mnt = t.path().join(format!("{name}.mnt"));
        fs::create_dir_all(&mnt).unwrap();
        let ok = Command::new("ntfs-3g")
            .args([vol.to_str().unwrap(), mnt.to_str().unwrap()])
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok {
            eprintln!("skipping: ntfs-3g cannot mount here");
            return None;
        }
        let mut entries = vec![
            E::File("Windows/System32/ntoskrnl.exe", &[]),
            E::File("Windows/System32/drivers/viostor.sys", b"MZ"),
            E::File("Windows/System32/drivers/netkvm.sys", b"MZ"),
            E::File("Program Files/Qemu-ga/qemu-ga.exe", b"MZ"),
            E::Dir("Program Files/Cloudbase Solutions/Cloudbase-Init"),
        ];
        let pe = pe_x86_64();
        entries[0] = E::File("Windows/System32/ntoskrnl.exe", &pe);
        let hive_ref;
        if let Some(h) = hive {
            hive_ref = h;
            entries.push(E::File("Windows/System32/config/SOFTWARE", &hive_ref));
        }
        build_tree(&mnt, &entries);
        sh("umount", &[mnt.to_str().unwrap()]);
        let img = t.path().join(format!("{name}.raw"));
        disk(&img, 32, "label: dos\ntype=7\n", &[Some(&vol)]);
        Some(img)
    };
    let hive = software_hive(&[
        ("ProductName", Ok("Windows Server 2022 Datacenter")),
        ("CurrentMajorVersionNumber", Err(10)),
        ("CurrentMinorVersionNumber", Err(0)),
        ("CurrentBuild", Ok("20348")),
    ]);
    let Some(img) = build(Some(hive), "win") else {
        return;
    };
    let r = inspect(&img);
    let os = r.os.as_ref().unwrap();
    assert_eq!(os.family, OsFamily::Windows, "{r:#?}");
    assert_eq!(os.distro.as_deref(), Some("windows"));
    assert_eq!(
        os.name.as_deref(),
        Some("Windows Server 2022 Datacenter (build 20348)")
    );
    assert_eq!(os.version.as_deref(), Some("10.0"));
    assert_eq!(r.architecture.as_deref(), Some("x86_64"));
    assert_eq!(r.virtio_drivers, Some(true));
    assert!(r.qemu_guest_agent && r.cloud_init);
    assert_eq!(r.partitions[0].label.as_deref(), Some("Windows"));
    let root = r.root.as_ref().unwrap();
    assert_eq!(root.fs, FsKind::Ntfs);
    // Counted from the $Bitmap: the MFT, logs and the files written above, not the volume.
    assert!(
        root.used_bytes > 1 << 20 && root.used_bytes < root.size_bytes,
        "{root:?}"
    );
    assert_eq!(
        props(&r),
        p(&[
            ("architecture", "x86_64"),
            ("hw_qemu_guest_agent", "yes"),
            ("os_distro", "windows"),
            ("os_require_quiesce", "yes"),
            ("os_type", "windows"),
            ("os_version", "10.0"),
        ])
    );

    // Without a readable hive: "Windows, version unknown".
    let img = build(None, "nohive").unwrap();
    let r = inspect(&img);
    let os = r.os.as_ref().unwrap();
    assert_eq!(os.name.as_deref(), Some("Windows, version unknown"));
    assert_eq!(os.version, None);
    assert_eq!(r.architecture.as_deref(), Some("x86_64"));
}
