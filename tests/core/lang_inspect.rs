//! The disk inspector's findings, notes and descriptions in both languages (issue #15): the
//! table of `image inspect` and the refusal of `image create` in Chinese, while `-f json`
//! stays byte for byte what the English run prints.

use super::*;
use glance_workbench::convert::inspect::UnsafeReason;
use glance_workbench::i18n::{Lang, message_in};

/// The binary on `data` in the language `lang`.
fn cli_in(data: &Path, lang: &str, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .env("GLANCE_WORKBENCH_DATA_DIR", data)
        .env("GLANCE_WORKBENCH_LANG", lang)
        .env(
            "GLANCE_WORKBENCH_LOG_DIR",
            std::env::temp_dir().join("glance-workbench-test-logs"),
        )
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A qcow2 overlay on a raw base, made by the real qemu-img, and the same overlay gzipped.
fn overlay(dir: &Path) -> (PathBuf, PathBuf) {
    let base = write_file(dir, "base.raw", &pattern(65536));
    let overlay = dir.join("overlay.qcow2");
    qemu_img(&[
        "create",
        "-q",
        "-f",
        "qcow2",
        "-b",
        base.to_str().unwrap(),
        "-F",
        "raw",
        overlay.to_str().unwrap(),
        "1M",
    ]);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&fs::read(&overlay).unwrap()).unwrap();
    let gzipped = write_file(dir, "overlay.qcow2.gz", &gz.finish().unwrap());
    (overlay, gzipped)
}

#[test]
fn inspect_shows_findings_in_chinese_and_json_stays_english() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (overlay, gzipped) = overlay(dir.path());
    let file = overlay.to_str().unwrap();
    let base = format!("{:?}", dir.path().join("base.raw").display().to_string());

    // The table: the reason's label with its code, the detail in Chinese; names and numbers
    // as they are.
    let zh = cli_in(&data, "zh-CN", &["image", "inspect", file]);
    assert_eq!(
        zh.status.code(),
        Some(1),
        "an unsafe file fails the command"
    );
    let table = text(&zh.stdout);
    let label = message_in(Lang::ZhCn, "inspect-reason-backing-file", None);
    let detail = format!("镜像有后备文件 {base}；未打开该文件");
    assert!(
        table.contains(&format!("不安全：{label}（backing_file）：{detail}")),
        "{table}"
    );
    assert!(table.contains("qcow2 v3 (compat 1.1)"), "{table}");
    assert!(!table.contains("image has a backing file"), "{table}");
    assert!(
        text(&zh.stderr).starts_with("错误："),
        "{}",
        text(&zh.stderr)
    );
    let en = cli_in(&data, "en", &["image", "inspect", file]);
    let table = text(&en.stdout);
    assert!(
        table.contains(&format!(
            "UNSAFE: backing_file: image has a backing file {base}; it is not opened"
        )),
        "{table}"
    );

    // -f json: the same bytes in both languages, the English detail and the reason's code.
    let json = |lang: &str, file: &str| {
        let out = cli_in(&data, lang, &["image", "inspect", file, "-f", "json"]);
        assert_eq!(out.status.code(), Some(1));
        out.stdout
    };
    for file in [file, gzipped.to_str().unwrap()] {
        let (zh, en) = (json("zh-CN", file), json("en", file));
        assert_eq!(text(&zh), text(&en), "{file}");
        let value: serde_json::Value = serde_json::from_slice(&en).unwrap();
        let finding = &value[0]["verdict"]["reasons"][0];
        assert_eq!(finding["reason"], UnsafeReason::BackingFile.as_str());
        assert!(
            finding["detail"].as_str().unwrap().ends_with(&format!(
                "image has a backing file {base}; it is not opened"
            )),
            "{finding}"
        );
    }

    // A wrapper: its description, its notes and the finding found inside, in Chinese.
    let zh = text(
        &cli_in(
            &data,
            "zh-CN",
            &["image", "inspect", gzipped.to_str().unwrap()],
        )
        .stdout,
    );
    assert!(zh.contains("| gzip 压缩的 qcow2 "), "{zh}");
    assert!(zh.contains("已检查整个数据流"), "{zh}");
    assert!(zh.contains(&format!("在 qcow2 内部：{detail}")), "{zh}");
    assert!(
        !zh.contains("inside the") && !zh.contains("inspected"),
        "{zh}"
    );
}

#[test]
fn refusals_name_the_findings_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (overlay, _) = overlay(dir.path());
    let create = |lang: &str| {
        cli_in(
            &data,
            lang,
            &[
                "image",
                "create",
                "overlay",
                "--disk-format",
                "qcow2",
                "--container-format",
                "bare",
                "--file",
                overlay.to_str().unwrap(),
            ],
        )
    };
    let zh = create("zh-CN");
    let stderr = text(&zh.stderr);
    assert_eq!(zh.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("已拒绝不安全的数据（qcow2 v3 (compat 1.1)）"),
        "{stderr}"
    );
    assert!(
        stderr.contains("后备文件（backing_file）：镜像有后备文件"),
        "{stderr}"
    );
    assert!(!stderr.contains("image has a backing file"), "{stderr}");
    let en = text(&create("en").stderr);
    assert!(
        en.contains(
            "refused unsafe data (qcow2 v3 (compat 1.1)): backing_file (image has a backing file"
        ),
        "{en}"
    );
    assert!(
        Catalog::open(&data).unwrap().resolve("overlay").is_err(),
        "nothing was created"
    );

    // Looking inside an unsafe file: the reader's refusal in Chinese.
    let guest = cli_in(
        &data,
        "zh-CN",
        &["image", "inspect", "--guest", overlay.to_str().unwrap()],
    );
    let stderr = text(&guest.stderr);
    assert_eq!(guest.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("该文件不安全"), "{stderr}");
    assert!(stderr.contains("后备文件（backing_file）"), "{stderr}");
    assert!(!stderr.contains("not inspecting inside"), "{stderr}");
}
