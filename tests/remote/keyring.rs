//! The OS keyring for real: a Secret Service (gnome-keyring) on a private D-Bus session
//! (`dbus-run-session`), the real binary storing a cloud's secret there with
//! `cloud add --store-secret`, listing the cloud's images with the secret found nowhere but
//! in the keyring, and `cloud remove` taking the entry away. The secret must never reach the
//! workbench's clouds file, its registry, its log folder or its output.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::lab::Lab;

const BIN: &str = env!("CARGO_BIN_EXE_glance-workbench");

/// The tools the test runs, and the Debian packages they come from.
const TOOLS: [(&str, &str); 3] = [
    ("dbus-run-session", "dbus"),
    ("gnome-keyring-daemon", "gnome-keyring"),
    ("secret-tool", "libsecret-tools"),
];

/// Every step inside one D-Bus session (the keyring daemon lives as long as it). Each step's
/// output goes to a file in `$OUT`; the test reads them after the session ends.
const SCRIPT: &str = r#"
step() { name=$1; shift; "$@"; rc=$?; echo "$rc" >"$OUT/$name.rc"; }
echo -n scratch-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null
# The secret arrives on this script's stdin and only there.
step add "$BIN" --data-dir "$DATA" cloud add "$CLOUD" --auth-url "$AUTH_URL" \
    --username admin --project-name admin --region-name RegionOne --store-secret \
    >"$OUT/add.out" 2>"$OUT/add.err"
step search-added sh -c 'secret-tool search --all service glance-workbench >"$OUT/added.txt" 2>&1'
cp "$DATA/remote/clouds.yaml" "$OUT/clouds-after-add.yaml"
# No secret in the environment, in a file, or on stdin: it can only come from the keyring.
step list "$BIN" --data-dir "$DATA" -vv remote image list --cloud "$CLOUD" --limit 1 -f json \
    </dev/null >"$OUT/list.out" 2>"$OUT/list.err"
step remove "$BIN" --data-dir "$DATA" cloud remove "$CLOUD" </dev/null \
    >"$OUT/remove.out" 2>"$OUT/remove.err"
step search-removed sh -c 'secret-tool search --all service glance-workbench >"$OUT/removed.txt" 2>&1'
exit 0
"#;

/// Whether `tool` is on `PATH`.
fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()))
}

/// Every regular file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
            } else if path.is_file() {
                found.push(path);
            }
        }
    }
    found
}

/// Whether `haystack` holds `needle`'s bytes.
fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// `text` with `secret` replaced, for failure messages.
fn redacted(text: &str, secret: &str) -> String {
    text.replace(secret, "<the password>")
}

#[test]
fn keyring_cloud_add_list_and_remove_through_a_real_secret_service() {
    let Some(lab) = Lab::get() else { return };
    let missing: Vec<(&str, &str)> = TOOLS.into_iter().filter(|(t, _)| !on_path(t)).collect();
    if !missing.is_empty() {
        let tools: Vec<&str> = missing.iter().map(|(t, _)| *t).collect();
        let packages: Vec<&str> = missing.iter().map(|(_, p)| *p).collect();
        let message = format!(
            "the keyring test needs {} (apt-get install -y {})",
            tools.join(", "),
            packages.join(" ")
        );
        assert!(
            std::env::var("GLANCE_LAB_REQUIRED").is_err(),
            "GLANCE_LAB_REQUIRED is set but {message}"
        );
        eprintln!("skipped: {message}");
        return;
    }
    let password = lab.var("OS_PASSWORD");
    assert!(!password.is_empty(), "OS_PASSWORD is in lab.env");
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let cloud = lab.unique("keyring");

    let mut child = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", SCRIPT])
        // Nothing of the test's environment (the lab's OS_* variables above all) gets through.
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("BIN", BIN)
        .env("DATA", data.path())
        .env("OUT", out.path())
        .env("CLOUD", &cloud)
        .env("AUTH_URL", lab.var("OS_AUTH_URL"))
        .env("GLANCE_WORKBENCH_LOG_DIR", logs.path())
        // Every library's every event in the log (D-Bus and keyring calls too): none may
        // carry the secret.
        .env("RUST_LOG", "trace")
        .current_dir(home.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(format!("{password}\n").as_bytes()).unwrap();
    }
    let session = child.wait_with_output().unwrap();
    let read = |name: &str| {
        let text = std::fs::read_to_string(out.path().join(name)).unwrap_or_default();
        redacted(&text, &password)
    };
    let step_ok = |name: &str| {
        let rc = read(&format!("{name}.rc"));
        let rc = if rc.is_empty() {
            "none: it did not run"
        } else {
            rc.trim()
        };
        assert_eq!(
            rc,
            "0",
            "step {name} failed (exit code {rc}): {}\nD-Bus session: {}",
            read(&format!("{name}.err")),
            redacted(&String::from_utf8_lossy(&session.stderr), &password)
        );
    };

    step_ok("add");
    let added = read("add.err");
    assert!(added.contains("the secret is in the keyring"), "{added}");
    step_ok("search-added");
    // secret-tool prints the stored secret: the entry holds exactly the password.
    let found = std::fs::read_to_string(out.path().join("added.txt")).unwrap();
    assert!(
        found.contains(&format!("cloud:{cloud}")),
        "no keyring entry for the cloud: {}",
        redacted(&found, &password)
    );
    assert!(
        found
            .lines()
            .any(|l| l.trim() == format!("secret = {password}")),
        "the entry does not hold the password: {}",
        redacted(&found, &password)
    );
    let clouds_file = read("clouds-after-add.yaml");
    assert!(clouds_file.contains(&cloud), "{clouds_file}");

    step_ok("list");
    let listed: serde_json::Value = serde_json::from_str(&read("list.out")).unwrap_or_else(|e| {
        panic!(
            "remote image list printed no JSON ({e}): {}",
            read("list.err")
        )
    });
    assert!(listed.is_array(), "{listed}");

    step_ok("remove");
    step_ok("search-removed");
    let left = read("removed.txt");
    assert!(
        !left.contains(&format!("cloud:{cloud}")),
        "the keyring entry survived cloud remove: {left}"
    );

    // The password is nowhere the workbench writes: its data dir (clouds file, registry),
    // its log folder (which has the run's trace), its output.
    assert!(data.path().join("registry.sqlite").is_file());
    assert!(
        !files_under(logs.path()).is_empty(),
        "the commands wrote a log"
    );
    let written = [data.path(), logs.path()]
        .into_iter()
        .flat_map(files_under)
        .chain(files_under(out.path()).into_iter().filter(|p| {
            // secret-tool's own listings print the secret on purpose.
            !p.ends_with("added.txt")
        }));
    for file in written {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !contains_bytes(&bytes, password.as_bytes()),
            "the password is in {}",
            file.display()
        );
    }
    let printed = [&session.stdout, &session.stderr];
    assert!(
        printed
            .iter()
            .all(|b| !contains_bytes(b, password.as_bytes())),
        "the password was printed"
    );
}
