//! Cloud definitions as admins already keep them, read as openstacksdk reads them:
//! `clouds.yaml` (OS_CLIENT_CONFIG_FILE, then `./`, `$XDG_CONFIG_HOME/openstack/` (default
//! `~/.config/openstack/`), `/etc/openstack/`, first found) merged with `secure.yaml`, a
//! cloud's `profile:` expanded from `clouds-public.yaml`, a `regions:` list (strings or
//! `{name, values}` whose values override the cloud's), the `OS_*` variables as the cloud
//! `envvars` (or `OS_CLOUD_NAME`), and the clouds added in the workbench, kept without
//! secrets in `<data dir>/remote/clouds.yaml` (same format).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_yaml_ng::{Mapping, Value};

use crate::backend::remote::error::{RemoteError, RemoteResult};
use crate::backend::remote::secrets::Secret;
use crate::tr;

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
    /// An existing Keystone token (`token` / `v3token`), project-scoped.
    Token,
    /// User + a TOTP passcode (`v3totp`), project-scoped; the passcode is asked for each
    /// time a session is opened and never kept.
    Totp,
}

impl AuthType {
    /// The clouds.yaml spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthType::Password => "password",
            AuthType::ApplicationCredential => "v3applicationcredential",
            AuthType::Token => "v3token",
            AuthType::Totp => "v3totp",
        }
    }

    /// The `auth:` key (and `OS_*` variable, upper-cased) that holds the secret.
    pub fn secret_key(self) -> &'static str {
        match self {
            AuthType::Password => "password",
            AuthType::ApplicationCredential => "application_credential_secret",
            AuthType::Token => "token",
            AuthType::Totp => "passcode",
        }
    }

    /// What the secret is called, for prompts and messages.
    pub fn secret_word(self) -> &'static str {
        match self {
            AuthType::Password => "password",
            AuthType::ApplicationCredential => "application credential secret",
            AuthType::Token => "token",
            AuthType::Totp => "TOTP passcode",
        }
    }

    /// Whether its secret may be kept (keyring, memory): a TOTP passcode works once.
    pub fn keeps_secret(self) -> bool {
        self != AuthType::Totp
    }

    /// Parse clouds.yaml's `auth_type`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "password" | "v3password" => Some(AuthType::Password),
            "v3applicationcredential" | "applicationcredential" | "application_credential" => {
                Some(AuthType::ApplicationCredential)
            }
            "token" | "v3token" => Some(AuthType::Token),
            "v3totp" | "totp" => Some(AuthType::Totp),
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
    /// Client certificate (PEM) for TLS client authentication.
    pub cert: Option<PathBuf>,
    /// The client certificate's private key (PEM), when not in `cert`'s file.
    pub key: Option<PathBuf>,
    /// The regions the definition lists (`regions:`), empty when it lists none.
    pub regions: Vec<String>,
    /// The vendor profile expanded from clouds-public.yaml, if any.
    pub profile: Option<String>,
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
            cert: None,
            key: None,
            regions: Vec::new(),
            profile: None,
            image_endpoint_override: None,
            secret: None,
            source: CloudSource::Environment,
        }
    }

    /// Check that the definition has what its auth type needs.
    pub fn check(&self) -> RemoteResult<()> {
        let missing = |problem: String| RemoteError::config(&self.name, problem);
        if self.auth_url.trim().is_empty() {
            return Err(missing(tr!("rlib-config-not-set", what = "auth.auth_url")));
        }
        let project = self.project_name.is_some() || self.project_id.is_some();
        match self.auth_type {
            AuthType::Password | AuthType::Totp => {
                if self.username.is_none() && self.user_id.is_none() {
                    return Err(missing(tr!("rlib-config-no-user")));
                }
                if !project {
                    return Err(missing(tr!("rlib-config-no-project")));
                }
            }
            AuthType::Token => {
                if !project {
                    return Err(missing(tr!("rlib-config-no-project")));
                }
            }
            AuthType::ApplicationCredential => {
                if self.application_credential_id.is_none()
                    && (self.application_credential_name.is_none()
                        || (self.username.is_none() && self.user_id.is_none()))
                {
                    return Err(missing(tr!("rlib-config-no-credential")));
                }
            }
        }
        if !matches!(self.interface.as_str(), "public" | "internal" | "admin") {
            return Err(RemoteError::config(
                &self.name,
                tr!("rlib-config-bad-interface", interface = self.interface),
            ));
        }
        Ok(())
    }

    /// Who the cloud acts as, for lists: the user named in the definition, else what the
    /// credential or token is bound to (Keystone knows; `cloud test` shows it).
    pub fn user_label(&self) -> String {
        if let Some(user) = self.username.as_ref().or(self.user_id.as_ref()) {
            return user.clone();
        }
        match self.auth_type {
            AuthType::ApplicationCredential => "(the credential's user)".into(),
            AuthType::Token => "(the token's user)".into(),
            AuthType::Password | AuthType::Totp => String::new(),
        }
    }

    /// The project the cloud works in, for lists (an application credential is bound to the
    /// project it was made in).
    pub fn project_label(&self) -> String {
        if let Some(project) = self.project_name.as_ref().or(self.project_id.as_ref()) {
            return project.clone();
        }
        match self.auth_type {
            AuthType::ApplicationCredential => "(the credential's project)".into(),
            _ => String::new(),
        }
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
        for (key, path) in [
            ("cacert", &self.cacert),
            ("cert", &self.cert),
            ("key", &self.key),
        ] {
            put(
                &mut cloud,
                key,
                &path.as_ref().map(|p| p.display().to_string()),
            );
        }
        put(
            &mut cloud,
            "image_endpoint_override",
            &self.image_endpoint_override,
        );
        // The names only: a `{name, values}` entry's values are already merged into this
        // definition for the region it was read in.
        if !self.regions.is_empty() {
            let names = self.regions.iter().map(|r| Value::from(r.clone()));
            cloud.insert("regions".into(), Value::Sequence(names.collect()));
        }
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

/// A path from a definition, `~/` expanded as openstacksdk does.
fn path(map: &Mapping, key: &str) -> Option<PathBuf> {
    let text = text(map, key)?;
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Some(PathBuf::from(home).join(rest)),
        _ => Some(PathBuf::from(text)),
    }
}

/// One entry of a `regions:` list: its name and the values it overrides.
fn region_entry(cloud: &str, entry: &Value) -> RemoteResult<(String, Option<Value>)> {
    let bad = || RemoteError::config(cloud, tr!("rlib-config-bad-region-entry"));
    match entry {
        Value::String(name) if !name.is_empty() => Ok((name.clone(), None)),
        Value::Mapping(map) => {
            let name = text(map, "name").ok_or_else(bad)?;
            if map
                .keys()
                .any(|k| !matches!(k.as_str(), Some("name" | "values")))
            {
                return Err(bad());
            }
            let values = map.get("values").cloned();
            if values.as_ref().is_some_and(|v| !v.is_mapping()) {
                return Err(bad());
            }
            Ok((name, values))
        }
        _ => Err(bad()),
    }
}

/// Parse one cloud entry of a clouds.yaml, in its default region.
pub fn parse_cloud(name: &str, value: &Value, source: CloudSource) -> RemoteResult<CloudConfig> {
    parse_cloud_in(name, value, source, None)
}

/// Parse one cloud entry in `region` (else its `region_name`, else the first of its
/// `regions`): a region given as `{name, values}` overrides the cloud's keys with its values.
pub fn parse_cloud_in(
    name: &str,
    value: &Value,
    source: CloudSource,
    region: Option<&str>,
) -> RemoteResult<CloudConfig> {
    let empty = Mapping::new();
    let mut value = value.clone();
    let listed = match value.get("regions") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Sequence(list)) => list
            .iter()
            .map(|entry| region_entry(name, entry))
            .collect::<RemoteResult<Vec<_>>>()?,
        Some(_) => {
            return Err(RemoteError::config(
                name,
                tr!("rlib-config-regions-not-list"),
            ));
        }
    };
    let own = value.as_mapping().and_then(|m| text(m, "region_name"));
    let chosen = region.map(str::to_string).or(own);
    if !listed.is_empty() {
        let entry = match &chosen {
            None => listed.first(),
            Some(wanted) => listed.iter().find(|(n, _)| n == wanted),
        };
        let Some((region_name, values)) = entry else {
            let names: Vec<&str> = listed.iter().map(|(n, _)| n.as_str()).collect();
            return Err(RemoteError::config(
                name,
                tr!(
                    "rlib-config-unknown-region",
                    region = chosen.unwrap_or_default(),
                    regions = names.join(", ")
                ),
            ));
        };
        if let Some(values) = values {
            deep_merge(&mut value, values);
        }
        if let Value::Mapping(map) = &mut value {
            map.insert("region_name".into(), region_name.clone().into());
        }
    } else if let (Some(region), Value::Mapping(map)) = (region, &mut value) {
        map.insert("region_name".into(), region.into());
    }
    let map = value.as_mapping().unwrap_or(&empty);
    let auth = map
        .get("auth")
        .and_then(Value::as_mapping)
        .unwrap_or(&empty);
    let auth_type = match text(map, "auth_type") {
        None => {
            if text(auth, "application_credential_secret").is_some()
                || text(auth, "application_credential_id").is_some()
            {
                AuthType::ApplicationCredential
            } else if text(auth, "token").is_some() && text(auth, "password").is_none() {
                AuthType::Token
            } else {
                AuthType::Password
            }
        }
        Some(kind) => AuthType::parse(&kind).ok_or_else(|| {
            RemoteError::config(
                name,
                format!(
                    "auth_type \"{kind}\" is not supported (use password, \
                     v3applicationcredential, v3token or v3totp)"
                ),
            )
        })?,
    };
    let secret = text(auth, auth_type.secret_key());
    let verify = match (map.get("verify"), map.get("insecure")) {
        (Some(Value::Bool(b)), _) => *b,
        (Some(Value::String(s)), _) => !matches!(s.as_str(), "false" | "False" | "no" | "0"),
        (None, Some(Value::Bool(insecure))) => !insecure,
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
        cacert: path(map, "cacert"),
        cert: path(map, "cert"),
        key: path(map, "key"),
        regions: listed.into_iter().map(|(n, _)| n).collect(),
        profile: text(map, "profile").or_else(|| text(map, "cloud")),
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

/// A cloud entry over its vendor profile, as openstacksdk's `_auth_update`: the cloud's keys
/// replace the profile's, except `auth`, whose keys are merged.
fn over_profile(profile: &Value, cloud: &Value) -> Value {
    let mut merged = profile.as_mapping().cloned().unwrap_or_default();
    for (key, value) in cloud.as_mapping().into_iter().flatten() {
        match (key.as_str(), merged.get_mut(key), value) {
            (Some("auth"), Some(Value::Mapping(base)), Value::Mapping(auth)) => {
                for (k, v) in auth {
                    base.insert(k.clone(), v.clone());
                }
            }
            _ => {
                merged.insert(key.clone(), value.clone());
            }
        }
    }
    Value::Mapping(merged)
}

/// Read a YAML file; `None` when it does not exist.
pub(crate) fn read_yaml(path: &Path) -> RemoteResult<Option<Value>> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_yaml_ng::from_str(&text).map(Some).map_err(|e| {
            RemoteError::config(
                &path.display().to_string(),
                tr!("rlib-config-bad-yaml", error = e.to_string()),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(RemoteError::io("cannot read", path, e)),
    }
}

/// The standard folders, in the order openstacksdk searches them: the current folder,
/// `$XDG_CONFIG_HOME/openstack` (when set), `~/.config/openstack`, `/etc/openstack`.
pub fn standard_dirs() -> Vec<PathBuf> {
    dirs_from(
        std::env::var_os("XDG_CONFIG_HOME"),
        std::env::var_os("HOME"),
    )
}

/// [`standard_dirs`] for these values of `XDG_CONFIG_HOME` and `HOME` (a relative
/// `XDG_CONFIG_HOME` is ignored, as the XDG spec says).
fn dirs_from(xdg: Option<std::ffi::OsString>, home: Option<std::ffi::OsString>) -> Vec<PathBuf> {
    let mut dirs = vec![PathBuf::from(".")];
    let xdg = xdg.map(PathBuf::from).filter(|p| p.is_absolute());
    let home = home.map(|h| PathBuf::from(h).join(".config"));
    for config_home in [xdg, home].into_iter().flatten() {
        let dir = config_home.join("openstack");
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    dirs.push(PathBuf::from("/etc/openstack"));
    dirs
}

/// The first existing file among `env_var`'s path and `<dir>/<stem>.yaml|yml|json`.
fn first_found(env_var: Option<&str>, stem: &str) -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(path) = env_var.and_then(std::env::var_os).filter(|p| !p.is_empty()) {
        candidates.push(PathBuf::from(path));
    }
    for dir in standard_dirs() {
        for suffix in ["yaml", "yml", "json"] {
            candidates.push(dir.join(format!("{stem}.{suffix}")));
        }
    }
    candidates.into_iter().find(|p| p.is_file())
}

/// Every cloud the admin has: clouds.yaml (+ secure.yaml, + clouds-public.yaml profiles), the
/// workbench's clouds file, and `envvars`. Names from clouds.yaml win over the workbench's
/// file.
#[derive(Debug, Clone, Default)]
pub struct Clouds {
    /// Clouds by name, each in its default region.
    pub clouds: BTreeMap<String, CloudConfig>,
    /// The clouds.yaml that was read, if any.
    pub clouds_file: Option<PathBuf>,
    /// The secure.yaml that was read, if any.
    pub secure_file: Option<PathBuf>,
    /// The clouds-public.yaml that was read, if any.
    pub vendor_file: Option<PathBuf>,
    /// Each cloud's definition (its profile expanded), to pick another region from.
    raw: BTreeMap<String, Value>,
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
        if let Some(path) = first_found(Some("OS_CLIENT_CONFIG_FILE"), "clouds") {
            let mut value = read_yaml(&path)?.unwrap_or(Value::Null);
            if let Some(secure) = first_found(Some("OS_CLIENT_SECURE_FILE"), "secure") {
                if let Some(overlay) = read_yaml(&secure)? {
                    deep_merge(&mut value, &overlay);
                }
                clouds.secure_file = Some(secure);
            }
            clouds.vendor_file = first_found(None, "clouds-public");
            clouds.add_all(&value, CloudSource::CloudsYaml(path.clone()))?;
            clouds.clouds_file = Some(path);
        }
        if let Some((name, value)) = crate::backend::remote::config_file::env_cloud() {
            // The variables are checked when the cloud is used, not when others are listed.
            if let Ok(cloud) = parse_cloud(&name, &value, CloudSource::Environment) {
                clouds.clouds.insert(name.clone(), cloud);
                clouds.raw.insert(name, value);
            }
        }
        Ok(clouds)
    }

    fn add_all(&mut self, file: &Value, source: CloudSource) -> RemoteResult<()> {
        let Some(map) = file.get("clouds").and_then(Value::as_mapping) else {
            return Ok(());
        };
        let vendors = match &self.vendor_file {
            Some(path) => read_yaml(path)?,
            None => None,
        };
        for (name, value) in map {
            if let Some(name) = name.as_str() {
                let value = self.expand_profile(name, value, vendors.as_ref())?;
                let cloud = parse_cloud(name, &value, source.clone())?;
                self.clouds.insert(name.to_string(), cloud);
                self.raw.insert(name.to_string(), value);
            }
        }
        Ok(())
    }

    /// The cloud entry over its `profile:` (or the older `cloud:`) from clouds-public.yaml's
    /// `public-clouds`; an unknown profile is an error naming where it was looked for.
    fn expand_profile(
        &self,
        name: &str,
        value: &Value,
        vendors: Option<&Value>,
    ) -> RemoteResult<Value> {
        let map = value.as_mapping();
        let Some(profile) = map.and_then(|m| text(m, "profile").or_else(|| text(m, "cloud")))
        else {
            return Ok(value.clone());
        };
        let found = vendors
            .and_then(|v| v.get("public-clouds"))
            .and_then(|p| p.get(profile.as_str()));
        match found {
            Some(base) => Ok(over_profile(base, value)),
            None => Err(RemoteError::config(
                name,
                match &self.vendor_file {
                    Some(path) => tr!("rlib-config-profile-not-in", profile = profile, path = path),
                    None => tr!("rlib-config-profile-no-vendor-file", profile = profile),
                },
            )),
        }
    }

    /// The cloud named `name`, else `OS_CLOUD`'s when `name` is `None`.
    pub fn pick(&self, name: Option<&str>) -> RemoteResult<CloudConfig> {
        self.pick_in(name, None)
    }

    /// [`Clouds::pick`] in `region` (one of its `regions:`, or any region of a cloud that
    /// lists none); `None` is the cloud's own region.
    pub fn pick_in(&self, name: Option<&str>, region: Option<&str>) -> RemoteResult<CloudConfig> {
        let chosen = name
            .map(str::to_string)
            .or_else(|| std::env::var("OS_CLOUD").ok().filter(|c| !c.is_empty()))
            .or_else(|| (self.clouds.len() == 1).then(|| self.clouds.keys().next().cloned())?)
            .ok_or_else(|| RemoteError::config("?", tr!("rlib-config-no-cloud-chosen")))?;
        let Some(cloud) = self.clouds.get(&chosen) else {
            let known: Vec<&str> = self.clouds.keys().map(String::as_str).collect();
            return Err(RemoteError::config(
                &chosen,
                if known.is_empty() {
                    tr!("rlib-config-no-such-cloud-none")
                } else {
                    tr!("rlib-config-no-such-cloud", known = known.join(", "))
                },
            ));
        };
        match (region, self.raw.get(&chosen)) {
            (Some(region), Some(raw)) => {
                parse_cloud_in(&chosen, raw, cloud.source.clone(), Some(region))
            }
            _ => Ok(cloud.clone()),
        }
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

    fn yaml(text: &str) -> Value {
        serde_yaml_ng::from_str(text).unwrap()
    }

    #[test]
    fn search_order_is_cwd_xdg_home_etc() {
        let dirs = dirs_from(Some("/x/cfg".into()), Some("/home/u".into()));
        let want: Vec<PathBuf> = [
            ".",
            "/x/cfg/openstack",
            "/home/u/.config/openstack",
            "/etc/openstack",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(dirs, want);
        // Unset or relative XDG_CONFIG_HOME: its default, ~/.config, once.
        for xdg in [
            None,
            Some("relative".into()),
            Some("/home/u/.config".into()),
        ] {
            let dirs = dirs_from(xdg, Some("/home/u".into()));
            assert_eq!(dirs.len(), 3, "{dirs:?}");
            assert_eq!(dirs[1], PathBuf::from("/home/u/.config/openstack"));
        }
    }

    #[test]
    fn token_and_totp_clouds_and_their_secrets() {
        let file = yaml(
            "clouds:\n  tok:\n    auth_type: v3token\n    auth:\n      auth_url: http://k/v3\n      token: t0k\n      project_name: p\n  tok2:\n    auth_type: token\n    auth:\n      auth_url: http://k/v3\n      project_id: p1\n  mfa:\n    auth_type: v3totp\n    auth:\n      auth_url: http://k/v3\n      username: u\n      project_name: p\n    cert: ~/c.pem\n    key: /k.pem\n  inferred:\n    auth:\n      auth_url: http://k/v3\n      token: t1\n      project_name: p\n",
        );
        let mut all = Clouds::default();
        all.add_all(&file, CloudSource::Environment).unwrap();
        let tok = all.pick(Some("tok")).unwrap();
        assert_eq!(tok.auth_type, AuthType::Token);
        assert_eq!(tok.secret.as_ref().unwrap().expose(), "t0k");
        tok.check().unwrap();
        assert_eq!(all.pick(Some("tok2")).unwrap().auth_type, AuthType::Token);
        assert_eq!(
            all.pick(Some("inferred")).unwrap().auth_type,
            AuthType::Token
        );
        let mfa = all.pick(Some("mfa")).unwrap();
        assert_eq!(mfa.auth_type, AuthType::Totp);
        assert!(mfa.secret.is_none() && !mfa.auth_type.keeps_secret());
        mfa.check().unwrap();
        assert!(mfa.cert.as_ref().unwrap().ends_with("c.pem"));
        assert!(!mfa.cert.as_ref().unwrap().starts_with("~"));
        assert_eq!(mfa.key, Some(PathBuf::from("/k.pem")));
        // cert and key survive the workbench's own file.
        let again = parse_cloud("mfa", &mfa.to_yaml(), CloudSource::Environment).unwrap();
        assert_eq!((again.cert, again.key), (mfa.cert.clone(), mfa.key.clone()));
        let mut no_user = mfa.clone();
        no_user.username = None;
        assert!(
            no_user
                .check()
                .unwrap_err()
                .to_string()
                .contains("auth.username")
        );
        let bad = yaml("clouds:\n  x:\n    auth_type: v3oidc\n    auth: {auth_url: http://k}\n");
        let err = Clouds::default()
            .add_all(&bad, CloudSource::Environment)
            .unwrap_err()
            .to_string();
        assert!(err.contains("v3oidc") && err.contains("v3totp"), "{err}");
    }

    #[test]
    fn regions_as_names_or_with_values() {
        let file = yaml(
            "clouds:\n  multi:\n    auth:\n      auth_url: http://k/v3\n      username: u\n      project_name: p\n    interface: public\n    regions:\n      - name: R1\n        values:\n          interface: internal\n          image_endpoint_override: http://g1\n      - R2\n  chosen:\n    auth: {auth_url: http://k/v3, username: u, project_name: p}\n    region_name: B\n    regions: [A, B]\n",
        );
        let mut all = Clouds::default();
        all.add_all(&file, CloudSource::Environment).unwrap();
        let first = all.pick(Some("multi")).unwrap();
        assert_eq!(first.region_name.as_deref(), Some("R1"));
        assert_eq!(first.regions, vec!["R1", "R2"]);
        assert_eq!(first.interface, "internal");
        assert_eq!(first.image_endpoint_override.as_deref(), Some("http://g1"));
        let second = all.pick_in(Some("multi"), Some("R2")).unwrap();
        assert_eq!(second.region_name.as_deref(), Some("R2"));
        assert_eq!(second.interface, "public");
        assert!(second.image_endpoint_override.is_none());
        let err = all
            .pick_in(Some("multi"), Some("r2"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"r2\"") && err.contains("R1, R2"), "{err}");
        assert_eq!(
            all.pick(Some("chosen")).unwrap().region_name.as_deref(),
            Some("B")
        );
        let bad = yaml(
            "clouds:\n  x:\n    auth: {auth_url: http://k}\n    regions: [{name: A, extra: 1}]\n",
        );
        let err = Clouds::default()
            .add_all(&bad, CloudSource::Environment)
            .unwrap_err()
            .to_string();
        assert!(err.contains("regions entry"), "{err}");
    }

    #[test]
    fn a_profile_is_the_base_the_cloud_overrides() {
        let dir = tempfile::tempdir().unwrap();
        let vendor = dir.path().join("clouds-public.yaml");
        std::fs::write(
            &vendor,
            "public-clouds:\n  acme:\n    auth:\n      auth_url: https://acme/v3\n      user_domain_name: AcmeUsers\n    regions: [east, west]\n    interface: internal\n",
        )
        .unwrap();
        let mut all = Clouds {
            vendor_file: Some(vendor),
            ..Default::default()
        };
        let file = yaml(
            "clouds:\n  mine:\n    profile: acme\n    auth:\n      username: u\n      project_name: p\n    interface: public\n  old:\n    cloud: acme\n    auth: {username: u, project_name: p}\n",
        );
        all.add_all(&file, CloudSource::Environment).unwrap();
        let mine = all.pick(Some("mine")).unwrap();
        assert_eq!(mine.auth_url, "https://acme/v3");
        assert_eq!(mine.user_domain_name.as_deref(), Some("AcmeUsers"));
        assert_eq!(mine.username.as_deref(), Some("u"));
        assert_eq!(mine.interface, "public", "the cloud's own value wins");
        assert_eq!(mine.region_name.as_deref(), Some("east"));
        assert_eq!(mine.profile.as_deref(), Some("acme"));
        assert_eq!(
            all.pick_in(Some("old"), Some("west"))
                .unwrap()
                .region_name
                .as_deref(),
            Some("west")
        );
        let unknown = yaml("clouds:\n  x:\n    profile: nope\n");
        let err = all
            .add_all(&unknown, CloudSource::Environment)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("profile \"nope\"") && err.contains("clouds-public.yaml"),
            "{err}"
        );
    }

    #[test]
    fn lists_say_what_a_credential_is_bound_to() {
        let file = yaml(
            "clouds:\n  app:\n    auth_type: v3applicationcredential\n    auth: {auth_url: http://k, application_credential_id: abc123}\n",
        );
        let mut all = Clouds::default();
        all.add_all(&file, CloudSource::Environment).unwrap();
        let app = all.pick(Some("app")).unwrap();
        assert!(!app.user_label().contains("abc123"));
        assert!(app.user_label().contains("credential"));
        assert!(app.project_label().contains("credential"));
    }
}
