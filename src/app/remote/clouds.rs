//! Adding, editing and removing a cloud, as both front ends do it: the definition goes to
//! the workbench's clouds file (never with a secret in it), the secret to the keyring, or to
//! this process's memory where no keyring runs; a renamed cloud keeps the secret it had. And
//! testing a cloud: what `cloud test` prints and the window's Test shows.

use std::path::{Path, PathBuf};

use crate::app::protocol::remote::TestInfo;
use crate::app::sessions::{SecretOrigin, SessionPool};
use crate::backend::remote::config::{self, CloudConfig, Clouds};
use crate::backend::remote::error::cloud_subject;
use crate::backend::remote::secrets::Secret;
use crate::backend::remote::{RemoteResult, Session};
use crate::backend::{Error, Result};
use crate::tr;

/// What saving a cloud did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The clouds file written.
    pub path: PathBuf,
    /// Where the secret went (`None`: no secret given, the one known is unchanged).
    pub secret: Option<SecretOrigin>,
}

impl Saved {
    /// One line for a person (the window's status line).
    pub fn describe(&self, cloud: &str) -> String {
        let path = &self.path;
        match self.secret {
            None => tr!("rlib-cloud-saved-unchanged", cloud = cloud, path = path),
            Some(SecretOrigin::Keyring) => {
                tr!("rlib-cloud-saved-keyring", cloud = cloud, path = path)
            }
            Some(_) => tr!("rlib-cloud-saved-memory", cloud = cloud, path = path),
        }
    }
}

/// Save `cloud` in the workbench's clouds file, replacing the cloud named `replaces` (an
/// edit, possibly a rename), and keep `secret` when one is given. A renamed cloud keeps the
/// secret it had (typed or in the keyring) unless a new one is given.
pub fn save(
    pool: &SessionPool,
    data_dir: &Path,
    cloud: &CloudConfig,
    secret: Option<Secret>,
    replaces: Option<&str>,
) -> Result<Saved> {
    cloud.check()?;
    if secret.is_some() && !cloud.auth_type.keeps_secret() {
        return Err(Error::invalid(
            cloud_subject(&cloud.name),
            tr!("rlib-problem-totp-not-stored"),
        ));
    }
    let mut secret = secret;
    let renamed_from = replaces.filter(|old| *old != cloud.name);
    if let Some(old) = renamed_from
        && secret.is_none()
    {
        let old_config = Clouds::load(Some(data_dir)).and_then(|c| c.pick(Some(old)));
        secret = old_config
            .ok()
            .and_then(|c| pool.secret_for(&c))
            .filter(|(_, origin)| *origin != SecretOrigin::Config)
            .map(|(secret, _)| secret);
    }
    let path = config::save_workbench_cloud(data_dir, cloud)?;
    if let Some(old) = renamed_from {
        config::remove_workbench_cloud(data_dir, old)?;
        pool.forget_secret(old);
    }
    pool.forget(&cloud.name, false);
    let kept = secret.map(|secret| pool.keep_secret(&cloud.name, secret));
    Ok(Saved { path, secret: kept })
}

/// Remove a cloud added to the workbench's clouds file, and its secret everywhere.
pub fn remove(pool: &SessionPool, data_dir: &Path, name: &str) -> Result<()> {
    if !config::remove_workbench_cloud(data_dir, name)? {
        return Err(Error::NotFound(tr!("rlib-cloud-not-in-file", name = name)));
    }
    pool.forget_secret(name);
    Ok(())
}

/// What a connected session learns about its cloud: the image endpoint and API version, the
/// token's project and times, the import methods and stores (`cloud test`, the window's Test).
pub fn test(session: &Session) -> RemoteResult<TestInfo> {
    let (endpoint, version) = session.image_service()?;
    let times = session.token_times();
    let who = session.bound_to();
    Ok(TestInfo {
        endpoint,
        version,
        project_id: session.project_id(),
        project_name: who.as_ref().and_then(|(_, project)| project.clone()),
        user: who.and_then(|(user, _)| user),
        issued_at: times.map(|(issued, _)| issued),
        expires_at: times.map(|(_, expires)| expires),
        import_methods: session.import_methods()?,
        // Listing stores is optional in Glance (multi-store only).
        stores: session.stores().unwrap_or_default(),
    })
}
