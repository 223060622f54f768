//! Cloud definitions as admins already keep them: `clouds.yaml` (OS_CLIENT_CONFIG_FILE, then
//! `./`, `~/.config/openstack/`, `/etc/openstack/`, first found) merged with `secure.yaml`,
//! the `OS_*` variables as the cloud `envvars` (or `OS_CLOUD_NAME`), and the clouds added in
//! the workbench, kept without secrets in `<data dir>/remote/clouds.yaml` (same format).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_yaml_ng::{Mapping, Value};

use crate::backend::remote::error::{RemoteError, RemoteResult};
use crate::backend::remote::secrets::Secret;

pub use crate::backend::remote::config_file::{
    from_env, remove_workbench_cloud, save_workbench_cloud, workbench_clouds_file,
};

/// The name of the cloud built from `OS_*` variables (unless `OS_CLOUD_NAME` says otherwise).
pub const ENV_CLOUD: &str = "envvars";

/// How a cloud authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthType {
    /// User + password, project-scoped (`password` / `v3password`).
    Password,
    /// Application credential (`v3applicationcredential`): id or name + secret, no scope.
    ApplicationCredential,
}

impl AuthType {
    /// The clouds.yaml spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthType::Password => "password",
            AuthType::ApplicationCredential => "v3applicationcredential",
        }
    }

    /// Parse clouds.yaml's `auth_type`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "password" | "v3password" => Some(AuthType::Password),
            "v3applicationcredential" | "applicationcredential" | "application_credential" => {
                Some(AuthType::ApplicationCredential)
            }
            _ => None,
        }
    }
}

/// Where a cloud definition came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CloudSource {
    /// The admin's clouds.yaml.
    CloudsYaml(PathBuf),
    /// Added in the workbench (its own clouds file).
    Workbench(PathBuf),
    /// `OS_*` environment variables.
    Environment,
}

impl fmt::Display for CloudSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CloudSource::CloudsYaml(path) => write!(f, "{}", path.display()),
            CloudSource::Workbench(path) => write!(f, "workbench: {}", path.display()),
            CloudSource::Environment => f.write_str("environment (OS_*)"),
        }
    }
}

/// One cloud: where Keystone is, who to be, and how to pick the image endpoint. The secret,
/// when the files or the environment hold one, never shows in `Debug`.
#[derive(Debug, Clone, PartialEq)]
pub struct CloudConfig {
    /// The cloud's name.
    pub name: String,
    /// Password or application credential.
    pub auth_type: AuthType,
    /// Keystone's URL (with or without `/v3`).
    pub auth_url: String,
    /// User name (password auth, or application credential by name).
    pub username: Option<String>,
    /// User id.
    pub user_id: Option<String>,
    /// The user's domain name.
    pub user_domain_name: Option<String>,
    /// The user's domain id.
    pub user_domain_id: Option<String>,
    /// Project name to scope to.
    pub project_name: Option<String>,
    /// Project id to scope to.
    pub project_id: Option<String>,
    /// The project's domain name.
    pub project_domain_name: Option<String>,
    /// The project's domain id.
    pub project_domain_id: Option<String>,
    /// Application credential id.
    pub application_credential_id: Option<String>,
    /// Application credential name (with the user).
    pub application_credential_name: Option<String>,
    /// Region of the image endpoint.
    pub region_name: Option<String>,
    /// Endpoint interface: public, internal or admin.
    pub interface: String,
    /// Verify TLS certificates.
    pub verify: bool,
    /// Extra CA bundle (PEM).
    pub cacert: Option<PathBuf>,
    /// Use this image endpoint instead of the catalog's.
    pub image_endpoint_override: Option<String>,
    /// The password or application credential secret, when the files or variables hold it.
    pub secret: Option<Secret>,
    /// Where the definition came from.
    pub source: CloudSource,
}

impl CloudConfig {
    /// A password cloud with defaults (Default domains, public interface, TLS verified).
    pub fn new_password(name: &str, auth_url: &str, username: &str, project_name: &str) -> Self {
        CloudConfig {
            name: name.to_string(),
            auth_type: AuthType::Password,
            auth_url: auth_url.to_string(),
            username: Some(username.to_string()),
            user_id: None,
            user_domain_name: Some("Default".into()),
            user_domain_id: None,
            project_name: Some(project_name.to_string()),
            project_id: None,
            project_domain_name: Some("Default".into()),
            project_domain_id: None,
            application_credential_id: None,
            application_credential_name: None,
            region_name: None,
            interface: "public".into(),
            verify: true,
            cacert: None,
            image_endpoint_override: None,
            secret: None,
            source: CloudSource::Environment,
        }
    }

    /// Check that the definition has what its auth type needs.
    pub fn check(&self) -> RemoteResult<()> {
        let missing = |what: &str| RemoteError::config(&self.name, format!("{what} is not set"));
        if self.auth_url.trim().is_empty() {
            return Err(missing("auth.auth_url"));
        }
        match self.auth_type {
            AuthType::Password => {
                if self.username.is_none() && self.user_id.is_none() {
                    return Err(missing("auth.username (or auth.user_id)"));
                }
                if self.project_name.is_none() && self.project_id.is_none() {
                    return Err(missing("auth.project_name (or auth.project_id)"));
                }
            }
            AuthType::ApplicationCredential => {
                if self.application_credential_id.is_none()
                    && (self.application_credential_name.is_none()
                        || (self.username.is_none() && self.user_id.is_none()))
                {
                    return Err(missing(
                        "auth.application_credential_id (or its name with the user)",
                    ));
                }
            }
        }
        if !matches!(self.interface.as_str(), "public" | "internal" | "admin") {
            return Err(RemoteError::config(
                &self.name,
                format!(
                    "interface \"{}\" is not public, internal or admin",
                    self.interface
                ),
            ));
        }
        Ok(())
    }

    /// The clouds.yaml form of this cloud, without any secret.
    pub fn to_yaml(&self) -> Value {
        let mut auth = Mapping::new();
        let put = |map: &mut Mapping, key: &str, value: &Option<String>| {
            if let Some(value) = value {
                map.insert(key.into(), value.clone().into());
            }
        };
        put(&mut auth, "auth_url", &Some(self.auth_url.clone()));
        put(&mut auth, "username", &self.username);
        put(&mut auth, "user_id", &self.user_id);
        put(&mut auth, "user_domain_name", &self.user_domain_name);
        put(&mut auth, "user_domain_id", &self.user_domain_id);
        put(&mut auth, "project_name", &self.project_name);
        put(&mut auth, "project_id", &self.project_id);
        put(&mut auth, "project_domain_name", &self.project_domain_name);
        put(&mut auth, "project_domain_id", &self.project_domain_id);
        let app_id = &self.application_credential_id;
        put(&mut auth, "application_credential_id", app_id);
        let app_name = &self.application_credential_name;
        put(&mut auth, "application_credential_name", app_name);
        let mut cloud = Mapping::new();
        cloud.insert("auth_type".into(), self.auth_type.as_str().into());
        cloud.insert("auth".into(), Value::Mapping(auth));
        put(&mut cloud, "region_name", &self.region_name);
        cloud.insert("interface".into(), self.interface.clone().into());
        cloud.insert("verify".into(), self.verify.into());
        let cacert = self.cacert.as_ref().map(|p| p.display().to_string());
        put(&mut cloud, "cacert", &cacert);
        put(
            &mut cloud,
            "image_endpoint_override",
            &self.image_endpoint_override,
        );
        Value::Mapping(cloud)
    }
}

fn text(map: &Mapping, key: &str) -> Option<String> {
    match map.get(key)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Parse one cloud entry of a clouds.yaml.
pub fn parse_cloud(name: &str, value: &Value, source: CloudSource) -> RemoteResult<CloudConfig> {
    let empty = Mapping::new();
    let map = value.as_mapping().unwrap_or(&empty);
    let auth = map
        .get("auth")
        .and_then(Value::as_mapping)
        .unwrap_or(&empty);
    let auth_type = match text(map, "auth_type") {
        None => {
            if text(auth, "application_credential_secret").is_some() {
                AuthType::ApplicationCredential
            } else {
                AuthType::Password
            }
        }
        Some(kind) => AuthType::parse(&kind).ok_or_else(|| {
            RemoteError::config(
                name,
                format!("auth_type \"{kind}\" is not supported (use password or v3applicationcredential)"),
            )
        })?,
    };
    let secret = match auth_type {
        AuthType::Password => text(auth, "password"),
        AuthType::ApplicationCredential => text(auth, "application_credential_secret"),
    };
    let verify = match map.get("verify") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !matches!(s.as_str(), "false" | "False" | "no" | "0"),
        _ => true,
    };
    let cloud = CloudConfig {
        name: name.to_string(),
        auth_type,
        auth_url: text(auth, "auth_url").unwrap_or_default(),
        username: text(auth, "username"),
        user_id: text(auth, "user_id"),
        user_domain_name: text(auth, "user_domain_name")
            .or_else(|| text(auth, "domain_name"))
            .or_else(|| text(map, "user_domain_name")),
        user_domain_id: text(auth, "user_domain_id").or_else(|| text(auth, "domain_id")),
        project_name: text(auth, "project_name").or_else(|| text(auth, "tenant_name")),
        project_id: text(auth, "project_id").or_else(|| text(auth, "tenant_id")),
        project_domain_name: text(auth, "project_domain_name")
            .or_else(|| text(auth, "domain_name"))
            .or_else(|| text(map, "project_domain_name")),
        project_domain_id: text(auth, "project_domain_id").or_else(|| text(auth, "domain_id")),
        application_credential_id: text(auth, "application_credential_id"),
        application_credential_name: text(auth, "application_credential_name"),
        region_name: text(map, "region_name"),
        interface: text(map, "interface")
            .or_else(|| text(map, "endpoint_type"))
            .map(|i| i.trim_end_matches("URL").to_string())
            .unwrap_or_else(|| "public".into()),
        verify,
        cacert: text(map, "cacert").map(PathBuf::from),
        image_endpoint_override: text(map, "image_endpoint_override"),
        secret: secret.map(Secret::new),
        source,
    };
    Ok(cloud)
}

/// Merge `overlay` into `base`, mapping by mapping (secure.yaml into clouds.yaml).
fn deep_merge(base: &mut Value, overlay: &Value) {
    match (base, overlay) {
        (Value::Mapping(base), Value::Mapping(overlay)) => {
            for (key, value) in overlay {
                match base.get_mut(key) {
                    Some(existing) => deep_merge(existing, value),
                    None => {
                        base.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (base, overlay) => *base = overlay.clone(),
    }
}

/// Read a YAML file; `None` when it does not exist.
pub(crate) fn read_yaml(path: &Path) -> RemoteResult<Option<Value>> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_yaml_ng::from_str(&text).map(Some).map_err(|e| {
            RemoteError::config(&path.display().to_string(), format!("not valid YAML: {e}"))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(RemoteError::io("cannot read", path, e)),
    }
}

/// The standard folders, in the order they are searched.
fn standard_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![PathBuf::from(".")];
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".config/openstack"));
    }
    dirs.push(PathBuf::from("/etc/openstack"));
    dirs
}

/// The first existing file among `env_var`'s path and `<dir>/<stem>.yaml|yml`.
fn first_found(env_var: &str, stem: &str) -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(path) = std::env::var_os(env_var).filter(|p| !p.is_empty()) {
        candidates.push(PathBuf::from(path));
    }
    for dir in standard_dirs() {
        candidates.push(dir.join(format!("{stem}.yaml")));
        candidates.push(dir.join(format!("{stem}.yml")));
    }
    candidates.into_iter().find(|p| p.is_file())
}

/// Every cloud the admin has: clouds.yaml (+ secure.yaml), the workbench's clouds file, and
/// `envvars`. Names from clouds.yaml win over the workbench's file.
#[derive(Debug, Clone, Default)]
pub struct Clouds {
    /// Clouds by name.
    pub clouds: BTreeMap<String, CloudConfig>,
    /// The clouds.yaml that was read, if any.
    pub clouds_file: Option<PathBuf>,
    /// The secure.yaml that was read, if any.
    pub secure_file: Option<PathBuf>,
}

impl Clouds {
    /// Load from the standard locations, the environment and the workbench's file.
    pub fn load(data_dir: Option<&Path>) -> RemoteResult<Self> {
        let mut clouds = Clouds::default();
        if let Some(dir) = data_dir {
            let path = workbench_clouds_file(dir);
            if let Some(value) = read_yaml(&path)? {
                clouds.add_all(&value, CloudSource::Workbench(path))?;
            }
        }
        if let Some(path) = first_found("OS_CLIENT_CONFIG_FILE", "clouds") {
            let mut value = read_yaml(&path)?.unwrap_or(Value::Null);
            if let Some(secure) = first_found("OS_CLIENT_SECURE_FILE", "secure") {
                if let Some(overlay) = read_yaml(&secure)? {
                    deep_merge(&mut value, &overlay);
                }
                clouds.secure_file = Some(secure);
            }
            clouds.add_all(&value, CloudSource::CloudsYaml(path.clone()))?;
            clouds.clouds_file = Some(path);
        }
        if let Some(cloud) = from_env() {
            clouds.clouds.insert(cloud.name.clone(), cloud);
        }
        Ok(clouds)
    }

    fn add_all(&mut self, file: &Value, source: CloudSource) -> RemoteResult<()> {
        let Some(map) = file.get("clouds").and_then(Value::as_mapping) else {
            return Ok(());
        };
        for (name, value) in map {
            if let Some(name) = name.as_str() {
                let cloud = parse_cloud(name, value, source.clone())?;
                self.clouds.insert(name.to_string(), cloud);
            }
        }
        Ok(())
    }

    /// The cloud named `name`, else `OS_CLOUD`'s when `name` is `None`.
    pub fn pick(&self, name: Option<&str>) -> RemoteResult<CloudConfig> {
        let chosen = name
            .map(str::to_string)
            .or_else(|| std::env::var("OS_CLOUD").ok().filter(|c| !c.is_empty()))
            .or_else(|| (self.clouds.len() == 1).then(|| self.clouds.keys().next().cloned())?)
            .ok_or_else(|| {
                RemoteError::config("?", "no cloud chosen: pass --cloud NAME or set OS_CLOUD")
            })?;
        self.clouds.get(&chosen).cloned().ok_or_else(|| {
            let known: Vec<&str> = self.clouds.keys().map(String::as_str).collect();
            RemoteError::config(
                &chosen,
                format!(
                    "no such cloud in clouds.yaml, the workbench's clouds or OS_* (known: {})",
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clouds_yaml_with_secure_yaml_merges_and_redacts() {
        let mut clouds: Value = serde_yaml_ng::from_str(
            "clouds:\n  lab:\n    auth:\n      auth_url: http://k/v3\n      username: admin\n      project_name: admin\n      user_domain_name: Default\n      project_domain_name: Default\n    region_name: RegionOne\n  app:\n    auth_type: v3applicationcredential\n    auth:\n      auth_url: http://k/v3\n      application_credential_id: abc\n",
        )
        .unwrap();
        let secure: Value = serde_yaml_ng::from_str(
            "clouds:\n  lab:\n    auth:\n      password: s3cret\n  app:\n    auth:\n      application_credential_secret: xyz\n",
        )
        .unwrap();
        deep_merge(&mut clouds, &secure);
        let mut all = Clouds::default();
        all.add_all(&clouds, CloudSource::Environment).unwrap();
        let lab = all.pick(Some("lab")).unwrap();
        assert_eq!(lab.auth_type, AuthType::Password);
        assert_eq!(lab.secret.as_ref().unwrap().expose(), "s3cret");
        assert_eq!(lab.region_name.as_deref(), Some("RegionOne"));
        assert!(!format!("{lab:?}").contains("s3cret"));
        lab.check().unwrap();
        let app = all.pick(Some("app")).unwrap();
        assert_eq!(app.auth_type, AuthType::ApplicationCredential);
        assert_eq!(app.secret.as_ref().unwrap().expose(), "xyz");
        app.check().unwrap();
        assert!(
            !serde_yaml_ng::to_string(&lab.to_yaml())
                .unwrap()
                .contains("s3cret")
        );
        assert!(all.pick(Some("nope")).is_err());
    }
}
