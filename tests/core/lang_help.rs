//! The CLI's help and clap's errors in both languages, through the binary: `--lang`,
//! `GLANCE_WORKBENCH_LANG` and the system's locale (`LANG`) choose the language.

use std::process::{Command, Output};

/// The binary with a clean language environment (no locale variable is inherited).
fn bin(data: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_glance-workbench"));
    for name in [
        "GLANCE_WORKBENCH_LANG",
        "LANGUAGE",
        "LC_ALL",
        "LC_MESSAGES",
        "LANG",
    ] {
        command.env_remove(name);
    }
    command.env("GLANCE_WORKBENCH_DATA_DIR", data);
    command
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn run(mut command: Command, args: &[&str]) -> Output {
    command.args(args).output().unwrap()
}

fn assert_chinese_list_help(out: &Output) {
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for chinese in [
        "列出镜像",
        "用法：glance-workbench image list [OPTIONS]",
        "选项：",
        "显示帮助",
    ] {
        assert!(stdout.contains(chinese), "no {chinese:?} in:\n{stdout}");
    }
    assert!(stdout.contains("--disk-format <FORMAT>"), "{stdout}");
    for english in [
        "Usage:",
        "Options:",
        "List images",
        "Print help",
        "[default:",
    ] {
        assert!(!stdout.contains(english), "{english:?} in:\n{stdout}");
    }
}

#[test]
fn help_follows_lang_the_variable_and_the_locale() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    // --lang
    let out = run(bin(data), &["--lang", "zh-CN", "image", "list", "--help"]);
    assert_chinese_list_help(&out);
    let out = run(bin(data), &["image", "list", "--lang=zh-CN", "-h"]);
    assert_chinese_list_help(&out);
    // GLANCE_WORKBENCH_LANG
    let mut command = bin(data);
    command.env("GLANCE_WORKBENCH_LANG", "zh-CN");
    assert_chinese_list_help(&run(command, &["image", "list", "--help"]));
    // The system's locale alone.
    let mut command = bin(data);
    command.env("LANG", "zh_CN.UTF-8");
    assert_chinese_list_help(&run(command, &["image", "list", "--help"]));
    // The root's help: commands, the `help` command, clap's notes.
    let out = run(bin(data), &["--lang", "zh-CN", "--help"]);
    let stdout = text(&out.stdout);
    for chinese in [
        "命令：",
        "本地镜像库中的镜像",
        "显示此帮助",
        "显示版本",
        "可选值：",
        "[默认值：table]",
    ] {
        assert!(stdout.contains(chinese), "no {chinese:?} in:\n{stdout}");
    }
    // A positional argument's heading.
    let out = run(bin(data), &["--lang", "zh-CN", "image", "show", "--help"]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("参数：\n  <IMAGE>"), "{stdout}");

    // English: --lang en wins over the variable and the locale, and it is clap's own text.
    let mut command = bin(data);
    command
        .env("GLANCE_WORKBENCH_LANG", "zh-CN")
        .env("LANG", "zh_CN.UTF-8");
    let out = run(command, &["--lang", "en", "image", "list", "--help"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    for english in [
        "List images",
        "Usage: glance-workbench image list [OPTIONS]",
        "Options:",
    ] {
        assert!(stdout.contains(english), "no {english:?} in:\n{stdout}");
    }
    assert!(!stdout.contains("镜像"), "{stdout}");
    let mut command = bin(data);
    command.env("GLANCE_WORKBENCH_LANG", "en");
    let out = run(command, &["image", "list", "--help"]);
    assert!(text(&out.stdout).contains("Print help (see a summary with '-h')"));
}

#[test]
fn clap_errors_are_in_the_chosen_language_with_the_same_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    // An unknown argument.
    let out = run(bin(data), &["--lang", "zh-CN", "image", "list", "--bogus"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("错误：无法识别的参数 '--bogus'\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("用法：glance-workbench image list [OPTIONS]"),
        "{stderr}"
    );
    assert!(stderr.contains("试试 '--help'"), "{stderr}");
    assert!(
        !stderr.contains("error:") && !stderr.contains("Usage:"),
        "{stderr}"
    );
    // An invalid value, with the allowed ones.
    let mut command = bin(data);
    command.env("LANG", "zh_CN.UTF-8");
    let out = run(command, &["image", "list", "-f", "xml"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "'--format <FORMAT>' 的值 'xml' 无效（可选值：table, json, value, yaml, csv, shell）"
        ),
        "{stderr}"
    );
    // A missing required argument, an unknown subcommand, a conflict, a value check.
    for (args, expected) in [
        (
            &["image", "upload", "--file", "x"][..],
            "错误：缺少必需的参数：<IMAGE>",
        ),
        (&["image", "lst"], "错误：无法识别的子命令 'lst'"),
        (
            &["image", "create", "n", "--public", "--private"],
            "不能与 '--private' 一起使用",
        ),
        (
            &["image", "create", "n", "--min-disk", "-1"],
            "min_disk 必须 ≥ 0（给出的是 -1）",
        ),
        (
            &["image", "list", "--limit"],
            "'--limit <LIMIT>' 需要一个值",
        ),
    ] {
        let mut command = bin(data);
        command.env("GLANCE_WORKBENCH_LANG", "zh-CN");
        let out = run(command, args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(stderr.contains("试试 '--help'"), "{args:?}: {stderr}");
    }
    // The same in English: clap's own words.
    let out = run(bin(data), &["--lang", "en", "image", "list", "--bogus"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: unexpected argument '--bogus' found"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Usage: glance-workbench image list [OPTIONS]"),
        "{stderr}"
    );
    let out = run(
        bin(data),
        &["--lang", "en", "image", "create", "n", "--min-disk", "-1"],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("min_disk must be ≥ 0 (got -1)"), "{stderr}");
}

#[test]
fn an_unknown_language_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    for lang in [None, Some("zh_CN.UTF-8")] {
        let mut command = bin(dir.path());
        if let Some(lang) = lang {
            command.env("LANG", lang);
        }
        let out = run(command, &["--lang", "xx", "image", "list"]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("\"xx\""), "{stderr}");
        assert!(
            stderr.contains("en") && stderr.contains("zh-CN"),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
    }
    // The variable naming an unknown language: the same line.
    let mut command = bin(dir.path());
    command.env("GLANCE_WORKBENCH_LANG", "xx");
    let out = run(command, &["image", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr).lines().count(),
        1,
        "{}",
        text(&out.stderr)
    );
}
