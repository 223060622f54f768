//! The CLI in both languages: messages, tables, errors.

use super::*;
use glance_workbench::i18n::{Lang, message_in};

/// A Chinese enum label with its API value beside it, as tables and messages show it:
/// "<label>（queued）" (the labels are the common catalog's, see i18n/GLOSSARY.md).
fn zh_label(id: &str, value: &str) -> String {
    format!("{}（{value}）", message_in(Lang::ZhCn, id, None))
}

/// The binary on `data` with the language `lang` (`GLANCE_WORKBENCH_LANG`).
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

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// A data dir with `cirros` (queued) and two images named `twin`.
fn data_dir() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["cirros", "twin", "twin"] {
        ok(&cli_in(dir.path(), "en", &["image", "create", name]));
    }
    dir
}

#[test]
fn image_list_headers_follow_the_language_and_machine_formats_stay_english() {
    let dir = data_dir();
    let data = dir.path();
    let list = |lang: &str, args: &[&str]| {
        let mut all = vec!["image", "list", "--sort", "name:asc"];
        all.extend_from_slice(args);
        ok(&cli_in(data, lang, &all))
    };

    let zh = list("zh-CN", &[]);
    let header = zh.lines().nth(1).unwrap();
    assert!(
        header.contains("ID") && header.contains("名称") && header.contains("状态"),
        "{zh}"
    );
    assert!(!zh.contains("Name"), "{zh}");
    let queued = zh_label("common-status-queued", "queued");
    assert!(zh.contains(&queued), "{zh}");
    let en = list("en", &[]);
    let header = en.lines().nth(1).unwrap();
    assert!(header.contains("Name") && header.contains("Status"), "{en}");
    assert!(!en.contains("名称") && !en.contains(&queued), "{en}");
    assert!(en.contains("| queued"), "{en}");

    // --long: every header translated, visibility with its label.
    let long = list("zh-CN", &["--long"]);
    for label in ["磁盘格式", "容器格式", "可见性", "受保护的", "项目", "标签"] {
        assert!(long.contains(label), "{label}: {long}");
    }
    let shared = zh_label("common-visibility-shared", "shared");
    assert!(long.contains(&shared), "{long}");

    // csv, value, yaml and shell keep the English names and the API values.
    for (lang, args) in [("zh-CN", &["-f", "csv"][..]), ("en", &["-f", "csv"][..])] {
        let csv = list(lang, args);
        assert_eq!(
            csv.lines().next(),
            Some("\"ID\",\"Name\",\"Status\""),
            "{csv}"
        );
        assert!(csv.contains("\"cirros\",\"queued\""), "{csv}");
    }
    assert_eq!(
        list("zh-CN", &["-f", "value", "-c", "Name", "-c", "Status"]),
        "cirros queued\ntwin queued\ntwin queued\n"
    );
    // -c takes the shown (translated) name as well.
    assert_eq!(
        list("zh-CN", &["-f", "value", "-c", "名称"]),
        "cirros\ntwin\ntwin\n"
    );
    assert_eq!(
        list("zh-CN", &["-f", "csv", "-c", "状态"]),
        "\"Status\"\n\"queued\"\n\"queued\"\n\"queued\"\n"
    );
    let yaml = list("zh-CN", &["-f", "yaml", "-c", "Status"]);
    assert!(
        yaml.contains("Status: queued") && !yaml.contains("状态"),
        "{yaml}"
    );
    let shell = ok(&cli_in(
        data,
        "zh-CN",
        &["image", "show", "cirros", "-f", "shell"],
    ));
    assert!(shell.contains("status=\"queued\""), "{shell}");
    assert!(shell.contains("visibility=\"shared\""), "{shell}");

    // JSON is Glance's, the same in both languages.
    assert_eq!(list("zh-CN", &["-f", "json"]), list("en", &["-f", "json"]));
    let show = |lang: &str| {
        ok(&cli_in(
            data,
            lang,
            &["image", "show", "cirros", "-f", "json"],
        ))
    };
    assert_eq!(show("zh-CN"), show("en"));

    // A record: the header translated, Glance's field names kept, enums with their label.
    let record = ok(&cli_in(data, "zh-CN", &["image", "show", "cirros"]));
    assert!(record.contains("字段") && record.contains("值"), "{record}");
    assert!(record.contains("| disk_format"), "{record}");
    assert!(record.contains(&queued), "{record}");
    let record = ok(&cli_in(data, "en", &["image", "show", "cirros"]));
    assert!(
        record.contains("| Field") && record.contains("| queued"),
        "{record}"
    );
}

/// The one line an error prints, and its exit code.
fn error(data: &Path, lang: &str, args: &[&str]) -> (String, Option<i32>) {
    let out = cli_in(data, lang, args);
    assert!(out.stdout.is_empty(), "{args:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    (stderr, out.status.code())
}

#[test]
fn errors_are_one_line_in_the_language_with_the_same_exit_code() {
    let dir = data_dir();
    let data = dir.path();

    let unknown = ["image", "show", "nope"];
    assert_eq!(
        error(data, "zh-CN", &unknown),
        ("错误：没有名称或 ID 为“nope”的镜像\n".to_string(), Some(1))
    );
    assert_eq!(
        error(data, "en", &unknown),
        (
            "error: no image with name or id \"nope\"\n".to_string(),
            Some(1)
        )
    );

    let ambiguous = ["image", "show", "twin"];
    assert_eq!(
        error(data, "zh-CN", &ambiguous),
        (
            "错误：名为“twin”的镜像不止一个（共 2 个）：请使用镜像 ID\n".to_string(),
            Some(1)
        )
    );
    assert_eq!(
        error(data, "en", &ambiguous),
        (
            "error: more than one image is named \"twin\" (2 of them): use the image id\n"
                .to_string(),
            Some(1)
        )
    );

    // A queued image cannot be deactivated: Glance's state machine, in both languages.
    let illegal = ["image", "set", "cirros", "--deactivate"];
    let (zh, zh_code) = error(data, "zh-CN", &illegal);
    let (en, en_code) = error(data, "en", &illegal);
    assert_eq!(zh_code, en_code);
    let expected = format!(
        "错误：镜像“cirros”：状态不能从{}变为{}",
        zh_label("common-status-queued", "queued"),
        zh_label("common-status-deactivated", "deactivated")
    );
    assert!(zh.starts_with(&expected), "{zh}");
    assert!(
        en.starts_with("error: image \"cirros\": status cannot change from queued to deactivated"),
        "{en}"
    );

    let bad_value = ["image", "list", "--status", "bogus"];
    let (zh, zh_code) = error(data, "zh-CN", &bad_value);
    let (en, en_code) = error(data, "en", &bad_value);
    assert_eq!((zh_code, en_code), (Some(1), Some(1)));
    assert!(
        zh.starts_with("错误：status“bogus”不是以下值之一：queued, "),
        "{zh}"
    );
    assert!(
        en.starts_with("error: status \"bogus\" is not one of: queued, "),
        "{en}"
    );

    // A problem the CLI itself states, and a protected image the library refuses.
    let (zh, _) = error(data, "zh-CN", &["image", "set", "cirros"]);
    assert!(
        zh.starts_with("错误：镜像“cirros”：没有要修改的内容"),
        "{zh}"
    );
    ok(&cli_in(
        data,
        "en",
        &["image", "set", "cirros", "--protected"],
    ));
    let (zh, code) = error(data, "zh-CN", &["image", "delete", "cirros"]);
    assert_eq!(
        zh,
        "错误：镜像“cirros”：该镜像受保护，不能删除（请先取消保护）\n"
    );
    assert_eq!(code, Some(1));
    let (en, _) = error(data, "en", &["image", "delete", "cirros"]);
    assert!(
        en.starts_with("error: image \"cirros\": the image is protected"),
        "{en}"
    );

    // -c naming no column: the columns it knows are the English names.
    let (zh, code) = error(data, "zh-CN", &["image", "list", "-c", "Nope"]);
    assert_eq!(code, Some(1));
    assert!(zh.contains("可识别的列为 ['ID', 'Name', 'Status']"), "{zh}");
}
