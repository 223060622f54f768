//! The `OS_*` variables as a cloud, and the workbench's own clouds file
//! (`<data dir>/remote/clouds.yaml`, clouds.yaml format, never any secret): adding, replacing
//! and removing the clouds defined with `cloud add` (or the GUI).

use std::path::{Path, PathBuf};

use serde_yaml_ng::{Mapping, Value};

use crate::backend::remote::config::{CloudConfig, CloudSource, ENV_CLOUD, parse_cloud, read_yaml};
use crate::backend::remote::error::{RemoteError, RemoteResult};

/// The workbench's own clouds file in a data dir.
pub fn workbench_clouds_file(data_dir: &Path) -> PathBuf {
    data_dir.join("remote").join("clouds.yaml")
}

/// The cloud described by `OS_*` variables, when `OS_AUTH_URL` is set.
pub fn from_env() -> Option<CloudConfig> {
    let (name, value) = env_cloud()?;
    parse_cloud(&name, &value, CloudSource::Environment).ok()
}

/// The `OS_*` variables as a clouds.yaml entry, with its name.
pub(crate) fn env_cloud() -> Option<(String, Value)> {
    let var = |key: &str| std::env::var(key).ok().filter(|v| !v.is_empty());
    let auth_url = var("OS_AUTH_URL")?;
    let mut auth = Mapping::new();
    let mut map = Mapping::new();
    let auth_keys = [
        "auth_url",
        "username",
        "user_id",
        "password",
        "user_domain_name",
        "user_domain_id",
        "project_name",
        "project_id",
        "project_domain_name",
        "project_domain_id",
        "application_credential_id",
        "application_credential_name",
        "application_credential_secret",
        "domain_name",
        "domain_id",
        "tenant_name",
        "tenant_id",
        "token",
        "passcode",
    ];
    for key in auth_keys {
        if let Some(value) = var(&format!("OS_{}", key.to_uppercase())) {
            auth.insert(key.into(), value.into());
        }
    }
    auth.insert("auth_url".into(), auth_url.into());
    map.insert("auth".into(), Value::Mapping(auth));
    for key in [
        "auth_type",
        "region_name",
        "interface",
        "cacert",
        "cert",
        "key",
        "image_endpoint_override",
    ] {
        if let Some(value) = var(&format!("OS_{}", key.to_uppercase())) {
            map.insert(key.into(), value.into());
        }
    }
    if var("OS_INSECURE").is_some_and(|v| v == "true" || v == "1") {
        map.insert("verify".into(), false.into());
    }
    let name = var("OS_CLOUD_NAME").unwrap_or_else(|| ENV_CLOUD.to_string());
    Some((name, Value::Mapping(map)))
}

/// Add or replace `cloud` in the workbench's clouds file (never with its secret).
pub fn save_workbench_cloud(data_dir: &Path, cloud: &CloudConfig) -> RemoteResult<PathBuf> {
    edit_workbench_file(data_dir, |clouds| {
        clouds.insert(cloud.name.clone().into(), cloud.to_yaml());
        true
    })
}

/// Remove `name` from the workbench's clouds file; false when it was not there.
pub fn remove_workbench_cloud(data_dir: &Path, name: &str) -> RemoteResult<bool> {
    let mut removed = false;
    edit_workbench_file(data_dir, |clouds| {
        removed = clouds.remove(name).is_some();
        removed
    })?;
    Ok(removed)
}

fn edit_workbench_file(
    data_dir: &Path,
    edit: impl FnOnce(&mut Mapping) -> bool,
) -> RemoteResult<PathBuf> {
    let path = workbench_clouds_file(data_dir);
    let mut root = read_yaml(&path)?.unwrap_or_else(|| Value::Mapping(Mapping::new()));
    let Value::Mapping(root_map) = &mut root else {
        return Err(RemoteError::config(
            "?",
            format!("{} is not a mapping", path.display()),
        ));
    };
    let clouds = root_map
        .entry("clouds".into())
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    let Value::Mapping(clouds) = clouds else {
        return Err(RemoteError::config(
            "?",
            format!("{}: clouds is not a mapping", path.display()),
        ));
    };
    if !edit(clouds) {
        return Ok(path);
    }
    let text = serde_yaml_ng::to_string(&root)
        .map_err(|e| RemoteError::config("?", format!("cannot write YAML: {e}")))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| RemoteError::io("cannot create", dir, e))?;
    }
    let temp = path.with_extension("yaml.tmp");
    std::fs::write(&temp, text).map_err(|e| RemoteError::io("cannot write", &temp, e))?;
    std::fs::rename(&temp, &path).map_err(|e| RemoteError::io("cannot replace", &path, e))?;
    Ok(path)
}
