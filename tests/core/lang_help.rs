//! The CLI's help and clap's errors in both languages, through the binary: `--lang`,
//! `GLANCE_WORKBENCH_LANG` and the system's locale (`LANG`) choose the language; Chinese help
//! fits the terminal; an unknown language is reported in both; and what a failure stores
//! (history, tasks) is English whatever the language of the run.

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

/// The two lines an unknown language `value` gets: English, then Chinese (no language is
/// chosen yet, so both).
fn unknown_language_lines(value: &str) -> String {
    format!(
        "error: unknown language \"{value}\": choose en or zh-CN\n\
         错误：未知的语言“{value}”：请选择 en 或 zh-CN\n"
    )
}

#[test]
fn an_unknown_language_is_one_clear_line_in_english_then_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    for lang in [None, Some("zh_CN.UTF-8")] {
        let mut command = bin(dir.path());
        if let Some(lang) = lang {
            command.env("LANG", lang);
        }
        let out = run(command, &["--lang", "xx", "image", "list"]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr, unknown_language_lines("xx"));
        assert!(out.stdout.is_empty());
    }
    // The variable naming an unknown language: the same lines; a value with a control
    // character is shown escaped.
    let mut command = bin(dir.path());
    command.env("GLANCE_WORKBENCH_LANG", "x\x1by");
    let out = run(command, &["image", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), unknown_language_lines("x\\ey"));
    // With `--help` too: the language comes first.
    let out = run(bin(dir.path()), &["--lang=fr", "--help"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), unknown_language_lines("fr"));
}

/// Every command path of the CLI (the hidden ones and clap's `help` left out).
fn command_paths(command: &clap::Command, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(path.clone());
    for sub in command.get_subcommands() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        path.push(sub.get_name().to_string());
        command_paths(sub, path, out);
        path.pop();
    }
}

/// Display columns as a terminal counts them: CJK two.
fn columns(line: &str) -> usize {
    use unicode_width::UnicodeWidthChar;
    line.chars().map(|c| c.width().unwrap_or(0)).sum()
}

#[test]
fn chinese_help_of_every_command_fits_100_columns_and_keeps_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    command_paths(
        &glance_workbench::cli::command(),
        &mut Vec::new(),
        &mut paths,
    );
    assert!(paths.len() > 40, "{} commands", paths.len());
    // What clap lays out from the same tree, to compare with (its notes of environment
    // variables left out: their values are this process's, not the binary's).
    glance_workbench::i18n::set_thread_lang(Some(glance_workbench::i18n::Lang::ZhCn));
    let mut tree = glance_workbench::cli::help::localize(
        <glance_workbench::cli::Cli as clap::CommandFactory>::command(),
    );
    glance_workbench::i18n::set_thread_lang(None);
    let visible = |text: &str| -> String {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let mut kept = String::new();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("[环境变量：") {
            kept.push_str(&rest[..at]);
            rest = rest[at..].split_once(']').map_or("", |(_, after)| after);
        }
        kept.push_str(rest);
        kept
    };
    let mut broken = 0;
    for path in &paths {
        for flag in ["-h", "--help"] {
            let mut args = vec!["--lang", "zh-CN"];
            args.extend(path.iter().map(String::as_str));
            args.push(flag);
            // Not a terminal and no COLUMNS: 100 columns, as clap lays help out.
            let mut command = bin(dir.path());
            command.env_remove("COLUMNS");
            let out = run(command, &args);
            let stdout = text(&out.stdout);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{args:?}: {}",
                text(&out.stderr)
            );
            assert!(!stdout.contains('\u{1b}'), "{args:?}: styles in a pipe");
            for line in stdout.lines() {
                assert!(
                    columns(line) <= 100,
                    "{args:?}: {} columns:\n{line}\n\n{stdout}",
                    columns(line)
                );
            }
            // The same text clap lays out, apart from where lines break.
            let mut sub = &mut tree;
            for name in path {
                sub = sub.find_subcommand_mut(name).unwrap();
            }
            let laid_out = if flag == "-h" {
                sub.render_help()
            } else {
                sub.render_long_help()
            }
            .to_string();
            assert_eq!(visible(&stdout), visible(&laid_out), "{args:?}");
            broken += stdout
                .lines()
                .count()
                .saturating_sub(laid_out.lines().count());
        }
    }
    assert!(
        broken > 50,
        "only {broken} lines were broken: is this still testing wrapping?"
    );
}

/// The stored texts of a data dir, read back in English: every history cause of image `name`
/// and every task's message.
fn stored_texts(data: &std::path::Path, name: &str) -> Vec<String> {
    let json = |args: &[&str]| -> serde_json::Value {
        let out = run(bin(data), args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let history = json(&["image", "history", name, "-f", "json"]);
    let mut texts: Vec<String> = history
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["cause"].as_str().map(String::from))
        .collect();
    let tasks = json(&["task", "list", "-f", "json"]);
    texts.extend(
        tasks
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t["message"].as_str().map(String::from)),
    );
    texts
}

fn has_chinese(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || "“”：，（）".contains(c))
}

#[test]
fn a_failure_in_chinese_stores_the_english_text_an_english_run_stores() {
    let files = tempfile::tempdir().unwrap();
    let qcow2 = files.path().join("disk.qcow2");
    let made = Command::new("qemu-img")
        .args(["create", "-q", "-f", "qcow2"])
        .arg(&qcow2)
        .arg("1M")
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let mut stored = Vec::new();
    for lang in ["zh-CN", "en"] {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path();
        let out = run(
            bin(data),
            &[
                "image",
                "create",
                "镜像-up",
                "--disk-format",
                "raw",
                "--container-format",
                "bare",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        // An upload whose data turns out not to be what the image declares: refused after it
        // was received, so its failure is recorded (history and task).
        let out = bin(data)
            .args(["--lang", lang, "image", "upload", "镜像-up", "--file", "-"])
            .stdin(std::fs::File::open(&qcow2).unwrap())
            .output()
            .unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        // Shown in the language of the run.
        assert_eq!(
            stderr.starts_with("错误：镜像“镜像-up”"),
            lang == "zh-CN",
            "{stderr}"
        );
        // A conversion tool's task failing inside its task (the new image's name breaks
        // Glance's limit only when the image is made).
        let long = "n".repeat(256);
        let out = run(
            bin(data),
            &[
                "--lang",
                lang,
                "image",
                "create-blank",
                &long,
                "--size",
                "1M",
                "--disk-format",
                "raw",
            ],
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert_eq!(
            stderr.contains("名称超过 255 个字符"),
            lang == "zh-CN",
            "{stderr}"
        );
        let texts = stored_texts(data, "镜像-up");
        stored.push(texts);
    }
    let (zh, en) = (&stored[0], &stored[1]);
    assert!(
        zh.iter()
            .any(|t| t.starts_with("upload failed: image \"镜像-up\": "))
            && zh
                .iter()
                .any(|t| t.contains("name longer than 255 characters (256)")),
        "{zh:#?}"
    );
    for text in zh {
        // Names keep their Chinese; nothing else is.
        assert!(
            !has_chinese(&text.replace("镜像-up", "")),
            "stored in Chinese: {text}"
        );
    }
    assert_eq!(zh, en, "a Chinese run stores what an English run stores");
}
