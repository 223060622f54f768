//! The remote CLI in Chinese (`GLANCE_WORKBENCH_LANG=zh-CN`) and in English, with no lab:
//! `cloud list`, `cloud add` (with `--store-secret` refused and failing), `cloud remove`,
//! `cloud cleanup list`, `cache list`, `push` with a bad `--method` and to two clouds that
//! cannot be reached, `remote image list --cloud nope` and a bad clouds.yaml. Each run has
//! its own HOME, XDG folders, current folder and data dir, and none of the caller's OS_*
//! variables; each checks one clear line in the language and the exit code, which does not
//! depend on the language.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_glance-workbench");

/// A closed port on loopback: a cloud there fails at once with "connection refused".
const NOWHERE: &str = "http://127.0.0.1:1/v3";

/// A place for one test: `home/`, `xdg/openstack/`, `cwd/`, `data/`, `logs/`, `cache/`.
struct Place {
    dir: TempDir,
}

impl Place {
    fn new() -> Place {
        let place = Place {
            dir: tempfile::tempdir().unwrap(),
        };
        for sub in ["home", "xdg/openstack", "cwd", "data", "logs", "cache"] {
            std::fs::create_dir_all(place.path(sub)).unwrap();
        }
        place
    }

    fn path(&self, sub: &str) -> PathBuf {
        self.dir.path().join(sub)
    }

    /// A clouds.yaml in `$XDG_CONFIG_HOME/openstack/`.
    fn clouds_yaml(&self, text: &str) {
        std::fs::write(self.path("xdg/openstack/clouds.yaml"), text).unwrap();
    }

    /// The CLI in `lang`, with this place's folders and no OS_* variable of the caller's.
    fn cli(&self, lang: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.arg("--data-dir").arg(self.path("data")).args(args);
        for (name, _) in std::env::vars_os() {
            let text = name.to_string_lossy();
            if text.starts_with("OS_") || text.starts_with("GLANCE_WORKBENCH_") {
                cmd.env_remove(&name);
            }
        }
        cmd.current_dir(self.path("cwd"))
            .env("HOME", self.path("home"))
            .env("XDG_CONFIG_HOME", self.path("xdg"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env("GLANCE_WORKBENCH_LOG_DIR", self.path("logs"))
            .env("GLANCE_WORKBENCH_NO_KEYRING", "1")
            .env("GLANCE_WORKBENCH_LANG", lang)
            .stdin(Stdio::null());
        cmd
    }

    fn run(&self, lang: &str, args: &[&str]) -> Run {
        Run::from(self.cli(lang, args).output().unwrap(), args)
    }

    /// A run with `input` on stdin.
    fn run_with_input(&self, lang: &str, args: &[&str], input: &[u8]) -> Run {
        use std::io::Write;
        let mut child = self
            .cli(lang, args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        Run::from(child.wait_with_output().unwrap(), args)
    }

    /// A local image named `name` (1 MiB of raw data) to push.
    fn local_image(&self, name: &str) {
        let file = self.path("disk.raw");
        std::fs::write(&file, vec![7u8; 1 << 20]).unwrap();
        let file = file.to_str().unwrap().to_owned();
        let run = self.run(
            "en",
            &[
                "image",
                "create",
                name,
                "--disk-format",
                "raw",
                "--container-format",
                "bare",
                "--file",
                &file,
            ],
        );
        assert_eq!(run.code, Some(0), "{}", run.stderr);
    }
}

/// What one run printed and how it exited.
struct Run {
    what: String,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn from(out: Output, args: &[&str]) -> Run {
        Run {
            what: args.join(" "),
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Exit `code`, and a line of stderr that contains every one of `parts`.
    fn says(&self, code: i32, parts: &[&str]) -> &Run {
        assert_eq!(
            self.code,
            Some(code),
            "{}: exit code\nstdout: {}\nstderr: {}",
            self.what,
            self.stdout,
            self.stderr
        );
        assert!(
            self.stderr
                .lines()
                .any(|line| parts.iter().all(|p| line.contains(p))),
            "{}: no stderr line with {parts:?}\nstderr: {}",
            self.what,
            self.stderr
        );
        self
    }

    /// stdout holds every one of `parts`.
    fn prints(&self, parts: &[&str]) -> &Run {
        for part in parts {
            assert!(
                self.stdout.contains(part),
                "{}: {part:?} is not in stdout:\n{}",
                self.what,
                self.stdout
            );
        }
        self
    }

    /// Neither stdout nor stderr holds `part`.
    fn never(&self, part: &str) -> &Run {
        assert!(
            !self.stdout.contains(part) && !self.stderr.contains(part),
            "{}: {part:?} was printed\nstdout: {}\nstderr: {}",
            self.what,
            self.stdout,
            self.stderr
        );
        self
    }
}

/// Whether `text` holds a CJK character (a Chinese message, not only names).
fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

const CLOUDS: &str = "clouds:
  lab:
    auth:
      auth_url: http://127.0.0.1:1/v3
      username: admin
      password: in-the-file
      project_name: admin
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    regions: [RegionOne, RegionTwo]
  other:
    auth:
      auth_url: http://127.0.0.1:1/v3
      username: admin
      password: in-the-file
      project_name: admin
";

#[test]
fn cloud_list_in_chinese_and_in_english() {
    let place = Place::new();
    place.clouds_yaml(CLOUDS);
    let zh = place.run("zh-CN", &["cloud", "list"]);
    assert_eq!(zh.code, Some(0), "{}", zh.stderr);
    zh.prints(&[
        "lab",
        "RegionOne（共 RegionOne, RegionTwo）",
        "在文件/环境变量中",
    ])
    .never("in-the-file");
    let en = place.run("en", &["cloud", "list"]);
    assert_eq!(en.code, Some(0), "{}", en.stderr);
    en.prints(&["lab", "RegionOne (of RegionOne, RegionTwo)", "in file/env"])
        .never("in-the-file");
    assert!(!has_chinese(&en.stdout), "{}", en.stdout);
    // JSON is the same in both languages.
    let zh = place.run("zh-CN", &["cloud", "list", "-f", "json"]);
    let en = place.run("en", &["cloud", "list", "-f", "json"]);
    assert_eq!(zh.code, Some(0), "{}", zh.stderr);
    assert_eq!(zh.stdout, en.stdout);
}

#[test]
fn cloud_add_and_remove_in_both_languages() {
    let place = Place::new();
    let add = |lang: &str, name: &str| {
        place.run(
            lang,
            &[
                "cloud",
                "add",
                name,
                "--auth-url",
                NOWHERE,
                "--username",
                "u",
                "--project-name",
                "p",
            ],
        )
    };
    add("zh-CN", "zh-cloud").says(0, &["云 zh-cloud 已保存到", "（其中不含密钥）"]);
    add("en", "en-cloud").says(0, &["cloud en-cloud saved in", "(no secret in it)"]);
    place
        .run("zh-CN", &["cloud", "remove", "zh-cloud"])
        .says(0, &["已移除云 zh-cloud"]);
    place
        .run("en", &["cloud", "remove", "en-cloud"])
        .says(0, &["removed cloud en-cloud"]);
    // A token cannot be kept: refused, exit 1 in both.
    let bad = [
        "cloud",
        "add",
        "t",
        "--auth-url",
        NOWHERE,
        "--auth-type",
        "token",
    ];
    place
        .run("zh-CN", &bad)
        .says(1, &["应为 password、v3applicationcredential 或 v3totp"]);
    place
        .run("en", &bad)
        .says(1, &["expected password, v3applicationcredential or v3totp"]);
}

#[test]
fn cloud_add_store_secret_failures_in_both_languages() {
    let place = Place::new();
    let args = |name: &'static str| {
        [
            "cloud",
            "add",
            name,
            "--auth-url",
            NOWHERE,
            "--username",
            "u",
            "--project-name",
            "p",
            "--store-secret",
        ]
    };
    // Nothing on stdin: refused before anything is written.
    place
        .run("zh-CN", &args("none-zh"))
        .says(1, &["终端或标准输入未提供密钥"]);
    place
        .run("en", &args("none-en"))
        .says(1, &["no secret given on the terminal or stdin"]);
    // No keyring: saved, but the secret is not kept, and the command fails.
    place
        .run_with_input("zh-CN", &args("kept-zh"), b"not-kept-anywhere\n")
        .says(
            1,
            &["云“kept-zh”", "密钥并未存储", "secure.yaml / OS_PASSWORD"],
        )
        .never("not-kept-anywhere");
    place
        .run_with_input("en", &args("kept-en"), b"not-kept-anywhere\n")
        .says(1, &["cloud \"kept-en\"", "its secret was NOT stored"])
        .never("not-kept-anywhere");
    // A TOTP passcode is never stored.
    let totp = [
        "cloud",
        "add",
        "otp",
        "--auth-url",
        NOWHERE,
        "--auth-type",
        "v3totp",
        "--username",
        "u",
        "--project-name",
        "p",
        "--store-secret",
    ];
    place
        .run("zh-CN", &totp)
        .says(1, &["TOTP 验证码每次都会询问，从不存储"]);
    place.run("en", &totp).says(
        1,
        &["a TOTP passcode is asked for each time and never stored"],
    );
}

#[test]
fn empty_cleanups_and_cache_in_both_languages() {
    let place = Place::new();
    place
        .run("zh-CN", &["cloud", "cleanup", "list"])
        .says(0, &["没有待处理的远程清理"]);
    place
        .run("en", &["cloud", "cleanup", "list"])
        .says(0, &["no remote cleanup is pending"]);
    place
        .run("zh-CN", &["cloud", "cleanup", "run"])
        .says(0, &["没有待处理的远程清理"]);
    // The cache's listing: its columns keep their English names in csv.
    let csv = place.run("zh-CN", &["cache", "list", "-f", "csv"]);
    assert_eq!(csv.code, Some(0), "{}", csv.stderr);
    csv.prints(&["\"Cloud\",\"Remote ID\",\"Name\",\"Size\",\"Complete\",\"Last used\""]);
}

#[test]
fn push_refusals_and_unreachable_clouds_in_both_languages() {
    let place = Place::new();
    place.clouds_yaml(CLOUDS);
    place.local_image("disk");
    place
        .run(
            "zh-CN",
            &["push", "disk", "--cloud", "lab", "--method", "ftp"],
        )
        .says(1, &["--method ftp", "应为 upload 或 glance-direct"]);
    place
        .run("en", &["push", "disk", "--cloud", "lab", "--method", "ftp"])
        .says(1, &["--method ftp", "expected upload or glance-direct"]);
    // Two clouds that cannot be reached: a line and a row for each, then the error that
    // counts them; the exit code is the same in both languages.
    let args = ["push", "disk", "--cloud", "lab", "--cloud", "other"];
    let zh = place.run("zh-CN", &args);
    let en = place.run("en", &args);
    assert_ne!(zh.code, Some(0), "{}", zh.stderr);
    assert_eq!(zh.code, en.code, "{}\n{}", zh.stderr, en.stderr);
    let code = zh.code.unwrap();
    zh.says(code, &["lab：失败："])
        .says(code, &["other：失败："])
        .says(code, &["推送到 2 个云中的 2 个（lab, other）"])
        .prints(&["否"]);
    en.says(code, &["lab: failed: "])
        .says(code, &["other: failed: "])
        .says(code, &["push to 2 of 2 clouds (lab, other)"])
        .prints(&["no"]);
    assert!(!has_chinese(&en.stdout), "{}", en.stdout);
    // JSON: Glance's words (and the English row shape) in both.
    let zh = place.run("zh-CN", &[&args[..], &["-f", "json"]].concat());
    let rows: serde_json::Value = serde_json::from_str(&zh.stdout).unwrap();
    assert_eq!(rows[0]["cloud"], "lab");
    assert_eq!(rows[0]["status"], "failed");
    assert_eq!(rows[1]["verified"], false);
}

#[test]
fn unknown_clouds_and_a_bad_clouds_yaml_exit_the_same_in_both_languages() {
    let place = Place::new();
    place.clouds_yaml(CLOUDS);
    let args = ["remote", "image", "list", "--cloud", "nope"];
    let zh = place.run("zh-CN", &args);
    let en = place.run("en", &args);
    zh.says(1, &["nope"]);
    en.says(1, &["nope", "no such cloud"]);
    assert!(zh.stdout.is_empty() && en.stdout.is_empty());
    // A clouds.yaml that is not YAML: the same exit in both, naming the file.
    place.clouds_yaml("clouds: [unclosed\n");
    let file = place.path("xdg/openstack/clouds.yaml");
    let file = file.to_str().unwrap();
    let zh = place.run("zh-CN", &["cloud", "list"]);
    let en = place.run("en", &["cloud", "list"]);
    assert_ne!(en.code, Some(0), "{}", en.stderr);
    assert_eq!(zh.code, en.code, "{}\n{}", zh.stderr, en.stderr);
    zh.says(en.code.unwrap(), &[file]);
    en.says(en.code.unwrap(), &[file]);
}

/// The catalog's own words for the remote commands, checked in process (no binary run): the
/// messages whose English other tests match keep their text, and the Chinese ones read as
/// Chinese with the values in place.
#[test]
fn remote_messages_in_both_catalogs() {
    use glance_workbench::i18n::{FluentArgs, Lang, message_in};
    let args = |pairs: &[(&str, &str)]| -> FluentArgs<'static> {
        let mut args = FluentArgs::new();
        for (k, v) in pairs {
            args.set(k.to_string(), v.to_string());
        }
        args
    };
    let mut count = FluentArgs::new();
    count.set("count", 1);
    assert!(
        message_in(Lang::En, "remote-pending-shares", Some(&count))
            .starts_with("note: 1 image is shared with your project and waiting for an answer")
    );
    count.set("count", 3);
    assert!(
        message_in(Lang::En, "remote-pending-shares", Some(&count))
            .starts_with("note: 3 images are shared with your project")
    );
    let zh = message_in(Lang::ZhCn, "remote-pending-shares", Some(&count));
    assert!(zh.starts_with("提示：有 3 个镜像共享给了你的项目"), "{zh}");
    assert!(zh.contains("--shared-with-me"), "{zh}");
    let pushed = args(&[
        ("image", "cirros"),
        ("cloud", "lab"),
        ("id", "abc"),
        ("method", "upload"),
    ]);
    assert_eq!(
        message_in(Lang::En, "remote-pushed", Some(&pushed)),
        "pushed cirros to cloud lab as abc (upload, os_hash_value verified)"
    );
    assert_eq!(
        message_in(Lang::ZhCn, "remote-pushed", Some(&pushed)),
        "已将 cirros 推送到云 lab，远程镜像为 abc（upload，os_hash_value 已校验）"
    );
    let hint = args(&[("problem", "the same data is there")]);
    assert_eq!(
        message_in(Lang::En, "remote-error-pull-same-data", Some(&hint)),
        "the same data is there; use --link to record the remote image as that image's origin, \
         or --copy-anyway to pull a second copy"
    );
    assert!(message_in(Lang::ZhCn, "remote-error-pull-same-data", Some(&hint)).contains("--link"));
}
