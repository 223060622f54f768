//! Finding the lab, sessions for its admin and demo users, and fixtures.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use glance_workbench::backend::remote::config::{CloudConfig, CloudSource};
use glance_workbench::backend::remote::session::CallBody;
use glance_workbench::backend::remote::stream::{body_channel, put_stream};
use glance_workbench::backend::remote::{RemoteQuery, Secret, Session};
use glance_workbench::backend::{
    Catalog, ContainerFormat, DiskFormat, Image, JobControl, NewImage, Visibility,
};
use reqwest::Method;
use serde_json::json;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_glance-workbench");

/// The running lab's settings (from lab.env).
pub struct Lab {
    pub env: HashMap<String, String>,
    pub demo_project_id: String,
}

fn env_file() -> PathBuf {
    match std::env::var_os("GLANCE_LAB_ENV") {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/glance-lab/state/lab.env"),
    }
}

impl Lab {
    /// The lab, or `None` (test skipped) when none is running and none is required.
    pub fn get() -> Option<&'static Lab> {
        static LAB: OnceLock<Option<Lab>> = OnceLock::new();
        let lab = LAB.get_or_init(|| {
            let text = std::fs::read_to_string(env_file()).ok()?;
            let env: HashMap<String, String> = text
                .lines()
                .filter_map(|l| l.strip_prefix("export "))
                .filter_map(|l| l.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let up = env.get("GLANCE_URL").is_some_and(|url| {
                let addr = url.trim_start_matches("http://");
                std::net::TcpStream::connect(addr).is_ok()
            });
            up.then(|| Lab {
                demo_project_id: env["LAB_DEMO_PROJECT_ID"].clone(),
                env,
            })
        });
        if lab.is_none() {
            assert!(
                std::env::var("GLANCE_LAB_REQUIRED").is_err(),
                "GLANCE_LAB_REQUIRED is set but no lab answers ({}): run scripts/lab/start",
                env_file().display()
            );
            eprintln!("skipped: no lab running (scripts/lab/start starts one)");
        }
        lab.as_ref()
    }

    pub fn var(&self, key: &str) -> String {
        self.env.get(key).cloned().unwrap_or_default()
    }

    /// A cloud definition for the admin user.
    pub fn cloud(&self, name: &str) -> CloudConfig {
        let mut cloud = CloudConfig::new_password(name, &self.var("OS_AUTH_URL"), "admin", "admin");
        cloud.region_name = Some("RegionOne".into());
        cloud.secret = Some(Secret::new(self.var("OS_PASSWORD")));
        cloud.source = CloudSource::Environment;
        cloud
    }

    pub fn admin(&self) -> Session {
        let cloud = self.cloud("envvars");
        let secret = cloud.secret.clone().unwrap();
        Session::connect(cloud, secret).unwrap()
    }

    /// The demo user in project demo, through the short-token Keystone when there is one
    /// (a different Keystone endpoint than the admin's).
    pub fn demo(&self) -> Session {
        let mut cloud = CloudConfig::new_password("demo", &self.var("OS_AUTH_URL"), "demo", "demo");
        if let Some(url) = self.env.get("LAB_SHORT_AUTH_URL") {
            cloud.auth_url = url.clone();
        }
        let secret = Secret::new(self.var("LAB_DEMO_PASSWORD"));
        Session::connect(cloud, secret).unwrap()
    }

    /// The admin through the Keystone whose tokens live a few seconds.
    pub fn short_token_session(&self) -> Option<Session> {
        let url = self.env.get("LAB_SHORT_AUTH_URL")?;
        let mut cloud = self.cloud("short");
        cloud.auth_url = url.clone();
        let secret = cloud.secret.clone().unwrap();
        Some(Session::connect(cloud, secret).unwrap())
    }

    /// The quota user in `project` (the lab's `quota` or `quota-gui`, whose limits are
    /// small), or `None` on a lab started without quotas (`LAB_QUOTAS=0`, or an older one).
    pub fn quota_session(&self, project: &str) -> Option<Session> {
        let user = self.env.get("LAB_QUOTA_USERNAME")?;
        let mut cloud = CloudConfig::new_password("quota", &self.var("OS_AUTH_URL"), user, project);
        cloud.region_name = Some("RegionOne".into());
        let secret = Secret::new(self.var("LAB_QUOTA_PASSWORD"));
        Some(Session::connect(cloud, secret).unwrap())
    }

    /// Held by a test while it uses the quota project `quota`: tests of one binary run at
    /// the same time and each counts on the project's usage being its own.
    pub fn quota_lock(&self) -> std::sync::MutexGuard<'static, ()> {
        static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
        LOCK.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Delete every image the session's project owns (what an earlier run left behind), so
    /// a quota test starts from zero.
    pub fn empty_project(&self, session: &Session) {
        for image in self.project_images(session) {
            session.delete_image(image.id()).unwrap();
        }
    }

    /// The images the session's project owns.
    pub fn project_images(
        &self,
        session: &Session,
    ) -> Vec<glance_workbench::backend::remote::RemoteImage> {
        let owner = session.project_id().unwrap();
        session
            .list_images(&self.query(&[("owner", owner.as_str())]))
            .unwrap()
    }

    /// A fresh catalog in a temporary data dir.
    pub fn catalog(&self) -> (TempDir, Catalog) {
        let dir = tempfile::tempdir().unwrap();
        let catalog = Catalog::open(dir.path()).unwrap();
        (dir, catalog)
    }

    /// A name unique to this run.
    pub fn unique(&self, what: &str) -> String {
        format!(
            "wb-{what}-{}",
            uuid::Uuid::new_v4().simple().to_string().split_at(8).0
        )
    }

    /// A listing query from pairs.
    pub fn query(&self, pairs: &[(&str, &str)]) -> RemoteQuery {
        let mut query = RemoteQuery::default();
        for (k, v) in pairs {
            if *k == "limit" {
                query.page_size = v.parse().ok();
                query.max_images = v.parse().ok();
            } else {
                query.filters.push((k.to_string(), v.to_string()));
            }
        }
        query
    }

    /// An active remote raw image with `data`, tag `tag` (also its name) and os_distro=cirros.
    pub fn remote_image(&self, session: &Session, tag: &str, data: &[u8]) -> String {
        self.remote_image_named(session, tag, tag, data)
    }

    /// An active remote raw image named `name` with `data`, tag `tag` and os_distro=cirros.
    pub fn remote_image_named(
        &self,
        session: &Session,
        name: &str,
        tag: &str,
        data: &[u8],
    ) -> String {
        let body = json!({"name": name, "disk_format": "raw", "container_format": "bare",
                          "tags": [tag], "os_distro": "cirros", "visibility": "shared"});
        let image = session.create_image(&body).unwrap();
        let (tx, rx) = body_channel();
        let chunk = bytes::Bytes::copy_from_slice(data);
        let feeder = std::thread::spawn(move || {
            let _ = tx.blocking_send(Ok(chunk));
        });
        put_stream(
            session,
            &format!("images/{}/file", image.id()),
            data.len() as u64,
            rx,
            &JobControl::new(),
        )
        .unwrap();
        feeder.join().unwrap();
        image.id().to_string()
    }

    /// The CLI with the lab's OS_* variables (and `extra` ones) set.
    pub fn cli(&self, args: &[&str], extra: &[(&str, &str)]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args);
        // Logs go to the temp dir unless a test names its own folder in `extra`.
        cmd.env(
            "GLANCE_WORKBENCH_LOG_DIR",
            std::env::temp_dir().join("glance-workbench-test-logs"),
        );
        for (k, v) in &self.env {
            if k.starts_with("OS_") {
                cmd.env(k, v);
            }
        }
        for (k, v) in extra {
            cmd.env(k, v);
        }
        cmd.env_remove("OS_CLOUD")
            .env("GLANCE_WORKBENCH_NO_KEYRING", "1");
        if !args.contains(&"--data-dir") {
            let dir = std::env::temp_dir().join(format!("gw-cli-{}", std::process::id()));
            cmd.env("GLANCE_WORKBENCH_DATA_DIR", dir);
        }
        cmd
    }
}

/// Add a public namespace for images with one enum property `wb_tier_<u>`
/// (values `gold-<u>`, `silver`); returns (namespace, key, cloud-only value).
pub fn add_namespace(admin: &Session, unique: &str) -> (String, String, String) {
    let u = unique.rsplit('-').next().unwrap().to_string();
    let namespace = format!("WB::Test::{u}");
    let value = format!("gold-{u}");
    admin
        .call(
            Method::POST,
            "metadefs/namespaces",
            &[],
            Some(CallBody::Json(json!({
                "namespace": namespace, "display_name": "Workbench test", "visibility": "public",
                "resource_type_associations": [{"name": "OS::Glance::Image", "prefix": "wb_"}],
                "properties": {format!("tier_{u}"): {"type": "string", "title": "Tier",
                                                     "enum": [value, "silver"]}},
            }))),
            false,
        )
        .unwrap();
    (namespace, format!("wb_tier_{u}"), value)
}

/// Delete a namespace [`add_namespace`] added.
pub fn remove_namespace(admin: &Session, namespace: &str) {
    admin
        .call(
            Method::DELETE,
            &format!("metadefs/namespaces/{namespace}"),
            &[],
            None,
            true,
        )
        .unwrap();
}

/// Every log file in `dir`, concatenated.
pub fn read_logs(dir: &std::path::Path) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        text.push_str(&std::fs::read_to_string(entry.path()).unwrap());
    }
    text
}

/// Fail if `log` holds a secret: the lab's passwords, a token's value, or anything shaped like
/// a Keystone fernet token (`gAAAA` and at least 32 url-safe base64 characters in all).
pub fn assert_no_secret(lab: &Lab, log: &str, tokens: &[&str]) {
    for key in ["OS_PASSWORD", "LAB_DEMO_PASSWORD"] {
        let password = lab.var(key);
        assert!(!password.is_empty(), "{key} is in lab.env");
        assert!(!log.contains(&password), "{key}'s value is in the log");
    }
    for token in tokens {
        assert!(token.len() >= 32, "a real token");
        assert!(!log.contains(token), "a token is in the log");
    }
    for (at, _) in log.match_indices("gAAAA") {
        let run = log[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '='))
            .count();
        assert!(run < 32, "a fernet token is in the log at byte {at}");
    }
    let lower = log.to_ascii_lowercase();
    for header in ["x-auth-token", "x-subject-token"] {
        assert!(!lower.contains(header), "{header} is in the log");
    }
}

/// A data seed unique to a run (from a [`Lab::unique`] name's random suffix): data another
/// run (or another worktree on the same lab) is not pushing at the same time.
pub fn seed_of(unique: &str) -> u64 {
    let suffix = unique.rsplit('-').next().unwrap_or_default();
    u64::from_str_radix(suffix, 16).unwrap_or(7) << 8
}

/// Deterministic bytes.
pub fn pattern(len: usize, seed: u64) -> Vec<u8> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// A local active raw image with `data`, properties, tag `tag`, shared.
pub fn local_image(catalog: &Catalog, name: &str, data: &[u8], tag: &str) -> Image {
    let image = catalog
        .create_image(NewImage {
            name: Some(name.into()),
            disk_format: Some(DiskFormat::Raw),
            container_format: Some(ContainerFormat::Bare),
            visibility: Some(Visibility::Shared),
            min_disk_gib: 1,
            min_ram_mib: 64,
            tags: vec![tag.into()],
            properties: vec![
                ("os_distro".into(), "cirros".into()),
                ("hw_disk_bus".into(), "virtio".into()),
            ],
            ..Default::default()
        })
        .unwrap();
    catalog
        .upload(image.id, &mut &data[..], "test", &JobControl::new())
        .unwrap()
}
