//! clouds.yaml as admins write it, against the lab: `v3totp` (a passcode per session, never
//! kept; renewals without a new one), `v3token`, `v3applicationcredential` and what it is
//! bound to, `profile:` from clouds-public.yaml, `regions:` with `--region`,
//! `$XDG_CONFIG_HOME` and the current folder in the search, `--os-cloud`; and the details a
//! new user met: image names in remote commands, `--shared-with-me` and the note on pending
//! shares, `cloud add --store-secret` failing when nothing was stored, `/` and `~` in property
//! keys, and an interrupted pull reported as a download. Every clouds.yaml is written here,
//! with `HOME`, `XDG_CONFIG_HOME` and the current folder in temporary folders.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use glance_workbench::app::sessions::{Asked, SecretAsker, SessionPool};
use glance_workbench::backend::remote::config::{self, AuthType, CloudConfig};
use glance_workbench::backend::remote::session::CallBody;
use glance_workbench::backend::remote::{Secret, Session};
use reqwest::Method;
use serde_json::{Value, json};
use tempfile::TempDir;

use super::lab::{Lab, assert_no_secret, pattern, read_logs};

/// A folder layout for one CLI run: `home/`, `xdg/openstack/`, `cwd/`, `data/`, `logs/`.
struct Place {
    dir: TempDir,
}

impl Place {
    fn new() -> Place {
        let place = Place {
            dir: tempfile::tempdir().unwrap(),
        };
        for sub in ["home", "xdg/openstack", "cwd", "data", "logs"] {
            std::fs::create_dir_all(place.path(sub)).unwrap();
        }
        place
    }

    fn path(&self, sub: &str) -> PathBuf {
        self.dir.path().join(sub)
    }

    fn write(&self, sub: &str, text: &str) {
        std::fs::write(self.path(sub), text).unwrap();
    }

    /// The CLI with the lab's OS_* variables, run in `cwd/` with this HOME and XDG folder.
    fn cli(&self, lab: &Lab, args: &[&str], extra: &[(&str, &str)]) -> Command {
        let data = self.path("data");
        let mut full = vec!["--data-dir", data.to_str().unwrap()];
        full.extend_from_slice(args);
        let mut cmd = lab.cli(&full, extra);
        cmd.current_dir(self.path("cwd"))
            .env("HOME", self.path("home"))
            .env("XDG_CONFIG_HOME", self.path("xdg"))
            .env("GLANCE_WORKBENCH_LOG_DIR", self.path("logs"))
            .env_remove("OS_CLIENT_CONFIG_FILE")
            .env_remove("OS_CLIENT_SECURE_FILE")
            .stdin(Stdio::null());
        cmd
    }

    fn run(&self, lab: &Lab, args: &[&str], extra: &[(&str, &str)]) -> Output {
        self.cli(lab, args, extra).output().unwrap()
    }

    fn ok(&self, lab: &Lab, args: &[&str], extra: &[(&str, &str)]) -> (String, String) {
        let out = self.run(lab, args, extra);
        let (stdout, stderr) = texts(&out);
        assert!(out.status.success(), "{args:?}: {stderr}");
        (stdout, stderr)
    }

    fn json(&self, lab: &Lab, args: &[&str], extra: &[(&str, &str)]) -> Value {
        let mut args = args.to_vec();
        args.extend(["-f", "json"]);
        serde_json::from_str(&self.ok(lab, &args, extra).0).unwrap()
    }

    /// A refused command: exit 1 and one line on stderr, returned.
    fn refused(&self, lab: &Lab, args: &[&str], extra: &[(&str, &str)]) -> String {
        let out = self.run(lab, args, extra);
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.starts_with("note:")).collect();
        assert_eq!(lines.len(), 1, "{args:?}: one line: {stderr}");
        lines[0].to_string()
    }
}

fn texts(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Keystone's admin API through the admin's session (absolute URLs pass through).
fn keystone(lab: &Lab, admin: &Session, method: Method, path: &str, body: Option<Value>) -> Value {
    let url = format!("{}{path}", lab.var("OS_AUTH_URL"));
    admin
        .call(method, &url, &[], body.map(CallBody::Json), false)
        .unwrap()
        .json
}

/// A user in project demo with a TOTP credential: (name, id, base32 secret).
fn totp_user(lab: &Lab, admin: &Session) -> (String, String, String) {
    let name = lab.unique("totp");
    let user = keystone(
        lab,
        admin,
        Method::POST,
        "/users",
        Some(json!({"user": {"name": name, "domain_id": "default",
                             "password": uuid::Uuid::new_v4().to_string()}})),
    );
    let id = user["user"]["id"].as_str().unwrap().to_string();
    let roles = keystone(lab, admin, Method::GET, "/roles?name=member", None);
    let role = roles["roles"][0]["id"].as_str().unwrap().to_string();
    let path = format!("/projects/{}/users/{id}/roles/{role}", lab.demo_project_id);
    keystone(lab, admin, Method::PUT, &path, None);
    // 20 random bytes in base32, as authenticator apps take them.
    let secret = base32(uuid::Uuid::new_v4().as_bytes().iter().chain(&[7, 1, 2, 9]));
    keystone(
        lab,
        admin,
        Method::POST,
        "/credentials",
        Some(json!({"credential": {"type": "totp", "user_id": id, "blob": secret}})),
    );
    (name, id, secret)
}

fn base32<'a>(bytes: impl Iterator<Item = &'a u8>) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut out, mut buffer, mut bits) = (String::new(), 0u32, 0);
    for byte in bytes {
        buffer = (buffer << 8) | u32::from(*byte);
        bits += 8;
        while bits >= 5 {
            out.push(ALPHABET[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// The current TOTP passcode for a base32 secret (RFC 6238: SHA-1, 30 s, 6 digits), computed
/// by the lab's Python (the lab's own tools).
fn passcode(lab: &Lab, secret: &str) -> String {
    let python = Path::new(&lab.var("LAB_VENV")).join("bin/python");
    let python = if python.is_file() {
        python
    } else {
        PathBuf::from("python3")
    };
    let script = "import base64,hmac,hashlib,struct,sys,time\n\
        s=sys.argv[1]; k=base64.b32decode(s+'='*((8-len(s)%8)%8))\n\
        d=hmac.new(k,struct.pack('>Q',int(time.time())//30),hashlib.sha1).digest(); o=d[-1]&15\n\
        print('%06d'%((struct.unpack('>I',d[o:o+4])[0]&0x7fffffff)%1000000))";
    let out = Command::new(python)
        .args(["-c", script, secret])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The TOTP Keystone, or `None` (skipped) in a lab started before it existed.
fn totp_url(lab: &Lab) -> Option<String> {
    let url = lab.env.get("LAB_TOTP_AUTH_URL").cloned();
    if url.is_none() {
        assert!(
            std::env::var("GLANCE_LAB_REQUIRED").is_err(),
            "the lab has no TOTP Keystone (LAB_TOTP_AUTH_URL): restart it with scripts/lab/start"
        );
        eprintln!("skipped: the lab has no TOTP Keystone");
    }
    url
}

/// An asker that computes a fresh passcode each time and counts the times it was asked.
struct Authenticator {
    lab: &'static Lab,
    secret: String,
    asked: Mutex<u32>,
}

impl SecretAsker for Authenticator {
    fn ask(&self, cloud: &CloudConfig, _problem: Option<&str>) -> Asked {
        assert_eq!(cloud.auth_type, AuthType::Totp);
        *self.asked.lock().unwrap() += 1;
        Asked::Secret(Secret::new(passcode(self.lab, &self.secret)))
    }
}

#[test]
fn a_totp_cloud_asks_for_a_passcode_per_session_and_never_keeps_it() {
    let Some(lab) = Lab::get() else { return };
    let Some(url) = totp_url(lab) else { return };
    let admin = lab.admin();
    let (user, _, secret) = totp_user(lab, &admin);
    let data = tempfile::tempdir().unwrap();
    let mut cloud = CloudConfig::new_password("mfa", &url, &user, "demo");
    cloud.auth_type = AuthType::Totp;
    cloud.region_name = Some("RegionOne".into());
    config::save_workbench_cloud(data.path(), &cloud).unwrap();
    let asker = Arc::new(Authenticator {
        lab,
        secret: secret.clone(),
        asked: Mutex::new(0),
    });
    let pool = SessionPool::new(data.path(), asker.clone());
    let session = pool.session(Some("mfa")).unwrap();
    assert_eq!(*asker.asked.lock().unwrap(), 1);
    assert_eq!(
        session.project_id().as_deref(),
        Some(lab.demo_project_id.as_str())
    );
    session.list_images(&lab.query(&[("limit", "1")])).unwrap();
    // Renewal (as before a transfer, or after a 401) trades the token, no new passcode.
    session.authenticate().unwrap();
    assert_eq!(session.auth_count(), 2);
    session.list_images(&lab.query(&[("limit", "1")])).unwrap();
    // The pooled session is reused; the passcode itself is kept nowhere.
    let loaded = config::Clouds::load(Some(data.path()))
        .unwrap()
        .pick(Some("mfa"))
        .unwrap();
    assert!(pool.secret_for(&loaded).is_none());
    assert!(Arc::ptr_eq(&session, &pool.session(Some("mfa")).unwrap()));
    assert_eq!(*asker.asked.lock().unwrap(), 1);
    // A new session asks again.
    pool.forget("mfa", false);
    pool.session(Some("mfa")).unwrap();
    assert_eq!(*asker.asked.lock().unwrap(), 2);
    // A passcode given in the process (the window's prompt) opens one session, then is gone.
    pool.forget("mfa", false);
    pool.provide_secret("mfa", Secret::new(passcode(lab, &secret)));
    pool.session(Some("mfa")).unwrap();
    assert_eq!(*asker.asked.lock().unwrap(), 2);
    assert!(pool.secret_for(&loaded).is_none());
    // A wrong passcode is refused and asked for again (once).
    pool.forget("mfa", false);
    pool.provide_secret("mfa", Secret::new("000000"));
    pool.session(Some("mfa")).unwrap();
    assert_eq!(*asker.asked.lock().unwrap(), 3);

    // The CLI: the passcode in secure.yaml for one run; without one and without a terminal,
    // one line naming what to do; never stored by cloud add.
    let place = Place::new();
    place.write(
        "xdg/openstack/clouds.yaml",
        &format!(
            "clouds:\n  mfa:\n    auth_type: v3totp\n    auth:\n      auth_url: {url}\n      \
             username: {user}\n      project_name: demo\n      user_domain_name: Default\n      \
             project_domain_name: Default\n    region_name: RegionOne\n"
        ),
    );
    let line = place.refused(lab, &["remote", "image", "list", "--os-cloud", "mfa"], &[]);
    assert!(line.contains("TOTP passcode"), "{line}");
    let code = passcode(lab, &secret);
    place.write(
        "xdg/openstack/secure.yaml",
        &format!("clouds:\n  mfa:\n    auth:\n      passcode: \"{code}\"\n"),
    );
    place.ok(
        lab,
        &[
            "-vv",
            "remote",
            "image",
            "list",
            "--os-cloud",
            "mfa",
            "--limit",
            "1",
        ],
        &[],
    );
    let listed = place.json(lab, &["cloud", "list"], &[]);
    let mfa = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "mfa")
        .unwrap();
    assert_eq!(mfa["auth_type"], "v3totp");
    assert_eq!(mfa["region_name"], "RegionOne");
    let logs = read_logs(&place.path("logs"));
    assert!(!logs.contains(&code), "the passcode is in the log");
    assert_no_secret(lab, &logs, &[]);
    let line = place.refused(
        lab,
        &[
            "cloud",
            "add",
            "mfa2",
            "--auth-url",
            &url,
            "--auth-type",
            "v3totp",
            "--username",
            &user,
            "--project-name",
            "demo",
            "--store-secret",
        ],
        &[],
    );
    assert!(line.contains("never stored"), "{line}");
}

#[test]
fn profiles_regions_and_the_search_order() {
    let Some(lab) = Lab::get() else { return };
    let place = Place::new();
    let auth_url = lab.var("OS_AUTH_URL");
    place.write(
        "xdg/openstack/clouds-public.yaml",
        &format!(
            "public-clouds:\n  labvendor:\n    auth:\n      auth_url: {auth_url}\n      \
             user_domain_name: Default\n      project_domain_name: Default\n    \
             regions:\n      - name: Elsewhere\n        values:\n          interface: internal\n      \
             - RegionOne\n"
        ),
    );
    place.write(
        "xdg/openstack/clouds.yaml",
        "clouds:\n  viaprofile:\n    profile: labvendor\n    auth:\n      username: admin\n      \
         project_name: admin\n",
    );
    place.write(
        "xdg/openstack/secure.yaml",
        &format!(
            "clouds:\n  viaprofile:\n    auth:\n      password: {}\n",
            lab.var("OS_PASSWORD")
        ),
    );
    let listed = place.json(lab, &["cloud", "list"], &[]);
    let cloud = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "viaprofile")
        .unwrap()
        .clone();
    let xdg_file = place.path("xdg/openstack/clouds.yaml");
    assert_eq!(cloud["source"], xdg_file.display().to_string());
    assert_eq!(cloud["profile"], "labvendor");
    assert_eq!(cloud["regions"], json!(["Elsewhere", "RegionOne"]));
    assert_eq!(
        cloud["region_name"], "Elsewhere",
        "the first region by default"
    );
    assert_eq!(cloud["interface"], "internal", "the region's values apply");
    assert_eq!(cloud["secret_in_config"], true);
    // The first region has no image endpoint in the lab: one line saying so.
    let line = place.refused(
        lab,
        &["remote", "image", "list", "--os-cloud", "viaprofile"],
        &[],
    );
    assert!(line.contains("region Elsewhere"), "{line}");
    let line = place.refused(
        lab,
        &[
            "remote",
            "image",
            "list",
            "--cloud",
            "viaprofile",
            "--region",
            "regionone",
        ],
        &[],
    );
    assert!(
        line.contains("\"regionone\"") && line.contains("Elsewhere, RegionOne"),
        "{line}"
    );
    let tested = place.json(
        lab,
        &["cloud", "test", "viaprofile", "--region", "RegionOne"],
        &[],
    );
    assert_eq!(tested["region"], "RegionOne");
    assert_eq!(tested["project_name"], "admin");
    assert!(
        tested["user"].as_str().unwrap().starts_with("admin ("),
        "{tested}"
    );
    place.ok(
        lab,
        &[
            "remote",
            "image",
            "list",
            "--os-cloud",
            "viaprofile",
            "--os-region-name",
            "RegionOne",
            "--limit",
            "1",
        ],
        &[],
    );
    // A clouds.yaml in the current folder comes before the XDG one (and hides it; the XDG
    // secure.yaml would still be merged into it, as openstacksdk does).
    std::fs::remove_file(place.path("xdg/openstack/secure.yaml")).unwrap();
    place.write(
        "cwd/clouds.yaml",
        &format!(
            "clouds:\n  here:\n    auth:\n      auth_url: {auth_url}\n      username: admin\n      \
             project_name: admin\n"
        ),
    );
    let listed = place.json(lab, &["cloud", "list"], &[]);
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert!(
        names.contains(&"here") && !names.contains(&"viaprofile"),
        "{names:?}"
    );
    // A profile that is nowhere: one line.
    place.write(
        "cwd/clouds.yaml",
        "clouds:\n  lost:\n    profile: nosuchvendor\n",
    );
    let line = place.refused(lab, &["cloud", "list"], &[]);
    assert!(line.contains("profile \"nosuchvendor\""), "{line}");
}

#[test]
fn token_and_application_credential_clouds() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let place = Place::new();
    let auth_url = lab.var("OS_AUTH_URL");
    // An application credential of the admin, in project admin.
    let me = keystone(lab, &admin, Method::GET, "/users?name=admin", None);
    let admin_id = me["users"][0]["id"].as_str().unwrap().to_string();
    let name = lab.unique("appcred");
    let made = keystone(
        lab,
        &admin,
        Method::POST,
        &format!("/users/{admin_id}/application_credentials"),
        Some(json!({"application_credential": {"name": name}})),
    );
    let cred_id = made["application_credential"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let cred_secret = made["application_credential"]["secret"]
        .as_str()
        .unwrap()
        .to_string();
    // In ~/.config/openstack: searched after $XDG_CONFIG_HOME/openstack (which has none).
    std::fs::create_dir_all(place.path("home/.config/openstack")).unwrap();
    place.write(
        "home/.config/openstack/clouds.yaml",
        &format!(
            "clouds:\n  app:\n    auth_type: v3applicationcredential\n    auth:\n      \
             auth_url: {auth_url}\n      application_credential_id: {cred_id}\n      \
             application_credential_secret: {cred_secret}\n    region_name: RegionOne\n"
        ),
    );
    let (table, _) = place.ok(lab, &["cloud", "list"], &[]);
    let row = table.lines().find(|l| l.contains(" app ")).unwrap();
    assert!(
        !row.contains(&cred_id),
        "the credential id is not the user: {row}"
    );
    assert!(row.contains("credential's user"), "{row}");
    let tested = place.json(lab, &["cloud", "test", "--os-cloud", "app"], &[]);
    assert_eq!(tested["user"], format!("admin ({admin_id})"));
    assert_eq!(tested["project_name"], "admin");
    // A token cloud from OS_* (OS_TOKEN): the token never reaches the log.
    let token = admin.current_token().unwrap();
    place.ok(
        lab,
        &[
            "-vv", "remote", "image", "list", "--limit", "1", "--cloud", "envvars",
        ],
        &[
            ("OS_AUTH_TYPE", "v3token"),
            ("OS_TOKEN", token.expose()),
            ("OS_PASSWORD", ""),
            ("OS_USERNAME", ""),
        ],
    );
    let logs = read_logs(&place.path("logs"));
    assert_no_secret(lab, &logs, &[token.expose()]);
    assert!(!logs.contains(&cred_secret));
    keystone(
        lab,
        &admin,
        Method::DELETE,
        &format!("/users/{admin_id}/application_credentials/{cred_id}"),
        None,
    );
}

#[test]
fn remote_commands_take_unique_names_and_escape_property_keys() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let place = Place::new();
    let name = lab.unique("named");
    let id = lab.remote_image(&admin, &name, &pattern(1 << 20, 3));
    let cloud = ["--cloud", "envvars"];
    let with = |args: &[&'static str], more: &[&str]| -> Vec<String> {
        let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        all.extend(more.iter().map(|s| s.to_string()));
        all.extend(cloud.iter().map(|s| s.to_string()));
        all
    };
    let run_json = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        place.json(lab, &args, &[])
    };
    let shown = run_json(with(&["remote", "image", "show"], &[&name]));
    assert_eq!(shown["id"], id.as_str());
    let set = run_json(with(
        &["remote", "image", "set"],
        &[&name, "--property", "a/b~c=slash and tilde"],
    ));
    assert_eq!(set["a/b~c"], "slash and tilde");
    let set = run_json(with(
        &["remote", "image", "set"],
        &[
            &name,
            "--property",
            "a/b~c=again",
            "--unset-property",
            "os_distro",
        ],
    ));
    assert_eq!(set["a/b~c"], "again");
    let set = run_json(with(
        &["remote", "image", "set"],
        &[&id, "--unset-property", "a/b~c"],
    ));
    assert!(set.get("a/b~c").is_none(), "{set}");
    // Pulled by name.
    let pulled = run_json(with(&["pull"], &[&name]));
    assert_eq!(pulled["status"], "active");
    // Unknown and ambiguous names: one line each.
    let args = with(&["remote", "image", "show"], &["wb-no-such-image-name"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let line = place.refused(lab, &args, &[]);
    assert!(
        line.contains("no image with name or id \"wb-no-such-image-name\""),
        "{line}"
    );
    let twin = lab.remote_image_named(&admin, &name, &name, &pattern(1024, 4));
    let args = with(&["remote", "image", "delete"], &[&name]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let line = place.refused(lab, &args, &[]);
    assert!(
        line.contains("2 images are named") && line.contains(&twin),
        "{line}"
    );
    for remote in [&id, &twin] {
        admin.delete_image(remote).unwrap();
    }
}

#[test]
fn shares_waiting_for_an_answer_are_mentioned_and_listed() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let place = Place::new();
    let name = lab.unique("pending");
    let id = lab.remote_image(&admin, &name, &pattern(4096, 5));
    admin.add_member(&id, &lab.demo_project_id).unwrap();
    let demo_env = [("OS_USERNAME", "demo"), ("OS_PROJECT_NAME", "demo")];
    let password = lab.var("LAB_DEMO_PASSWORD");
    let mut demo: Vec<(&str, &str)> = demo_env.to_vec();
    demo.push(("OS_PASSWORD", &password));
    let (_, stderr) = place.ok(lab, &["remote", "image", "list"], &demo);
    assert!(stderr.contains("waiting for an answer"), "{stderr}");
    assert!(stderr.contains("--shared-with-me"), "{stderr}");
    let listed = place.json(lab, &["remote", "image", "list", "--shared-with-me"], &demo);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == id.as_str())
    );
    let accepted = [
        "remote",
        "image",
        "list",
        "--shared-with-me",
        "--member-status",
        "accepted",
    ];
    let listed = place.json(lab, &accepted, &demo);
    assert!(
        !listed
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == id.as_str())
    );
    // Accepted by its name (a pending share is found by name too).
    place.ok(lab, &["remote", "image", "set", &name, "--accept"], &demo);
    let listed = place.json(lab, &accepted, &demo);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == id.as_str())
    );
    let listed = place.json(lab, &["remote", "image", "list", "--shared-with-me"], &demo);
    assert!(
        !listed
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == id.as_str())
    );
    // The admin's own shared images are not "shared with me".
    let mine = place.json(
        lab,
        &[
            "remote",
            "image",
            "list",
            "--shared-with-me",
            "--member-status",
            "all",
        ],
        &[],
    );
    assert!(
        !mine
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == id.as_str())
    );
    admin.delete_image(&id).unwrap();
}

#[test]
fn cloud_add_store_secret_fails_when_nothing_was_stored() {
    let Some(lab) = Lab::get() else { return };
    let place = Place::new();
    let auth_url = lab.var("OS_AUTH_URL");
    let args = [
        "cloud",
        "add",
        "kept",
        "--auth-url",
        &auth_url,
        "--username",
        "admin",
        "--project-name",
        "admin",
        "--store-secret",
    ];
    // No keyring (GLANCE_WORKBENCH_NO_KEYRING): the secret on stdin cannot be kept.
    let mut child = place
        .cli(lab, &args, &[])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"not-kept-anywhere\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("NOT stored"), "{stderr}");
    assert!(!stderr.contains("not-kept-anywhere"));
    let file = std::fs::read_to_string(place.path("data/remote/clouds.yaml")).unwrap();
    assert!(file.contains("kept:") && !file.contains("not-kept-anywhere"));
    // Nothing on stdin: refused before anything is written.
    let mut args = args.to_vec();
    args[2] = "empty";
    let line = place.refused(lab, &args, &[]);
    assert!(line.contains("no secret given"), "{line}");
    let file = std::fs::read_to_string(place.path("data/remote/clouds.yaml")).unwrap();
    assert!(!file.contains("empty:"));
}

#[test]
fn an_interrupted_pull_is_reported_as_a_download() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let place = Place::new();
    let name = lab.unique("killed");
    // Large enough that the pull is still receiving when it is killed.
    let id = lab.remote_image(&admin, &name, &pattern(192 << 20, 9));
    let mut child = place
        .cli(lab, &["pull", &id, "--cloud", "envvars"], &[])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let parts = place.path("data/images/.part");
    let started = Instant::now();
    let receiving = loop {
        let size: u64 = std::fs::read_dir(&parts)
            .map(|dir| {
                dir.flatten()
                    .filter_map(|e| e.metadata().ok())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0);
        if size > 0 {
            break true;
        }
        if started.elapsed() > Duration::from_secs(60) || child.try_wait().unwrap().is_some() {
            break false;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(receiving, "the pull was receiving");
    let (_, stderr) = place.ok(lab, &["image", "list"], &[]);
    assert!(
        stderr.contains("an interrupted download from cloud envvars"),
        "{stderr}"
    );
    assert!(!stderr.contains("interrupted upload"), "{stderr}");
    admin.delete_image(&id).unwrap();
}
