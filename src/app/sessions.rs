//! One pool of authenticated cloud sessions for a process, and the one order in which a
//! cloud's secret is looked for: the cloud's own definition (clouds.yaml, secure.yaml,
//! `OS_*`), then a secret given in this process (typed in the window, or asked for earlier),
//! then the OS keyring, and only then a person, through the front end's [`SecretAsker`] (a
//! prompt on a terminal for the CLI, a dialog for the window). Both front ends use this, so
//! they find the same secret for the same cloud. A session is reused while the cloud's
//! definition is unchanged. Secrets given in this process stay in memory only; none is ever
//! written to the registry, a log, an error or `Debug` output. A TOTP passcode is never kept
//! at all (not in the keyring, not in memory): it is used for the one session it opens, and
//! the next session asks again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::backend::error::Error as LocalError;
use crate::backend::remote::config::{AuthType, CloudConfig, Clouds};
use crate::backend::remote::error::RemoteError;
use crate::backend::remote::secrets::{self, Secret};
use crate::backend::remote::session::Session;
use crate::tr;

/// How a front end asks a person for a cloud's secret.
pub trait SecretAsker: Send + Sync {
    /// Ask for `cloud`'s secret. `problem` is `Some(message)` when a secret was refused (401)
    /// and asking again may help.
    fn ask(&self, cloud: &CloudConfig, problem: Option<&str>) -> Asked;
}

/// A front end's answer to [`SecretAsker::ask`].
#[derive(Debug)]
pub enum Asked {
    /// The person gave this secret.
    Secret(Secret),
    /// The person will answer later (the window shows a dialog and retries the operation).
    Later,
    /// Nobody can be asked (no terminal).
    Nobody,
}

/// Where a secret came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretOrigin {
    /// The cloud's definition: clouds.yaml, secure.yaml or `OS_*`.
    Config,
    /// Given in this process (typed in the window, or asked for and accepted earlier).
    Typed,
    /// The OS keyring.
    Keyring,
    /// Asked for just now through the [`SecretAsker`].
    Asked,
}

/// Why [`SessionPool::session`] has no session to give.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// No secret is known for the cloud, or the one found was refused, and nobody answered
    /// (yet): a front end that can ask should ask and try again.
    #[error("{}", need_secret_message(cloud, *auth_type, problem.as_deref()))]
    NeedSecret {
        /// The cloud's name.
        cloud: String,
        /// What kind of secret it takes (a password or an application credential secret).
        auth_type: AuthType,
        /// The refusal's message when a secret was refused (never the secret itself).
        problem: Option<String>,
    },
    /// Anything else: the cloud's definition, the network, the server's answer.
    #[error(transparent)]
    Failed(#[from] RemoteError),
}

/// Where a missing secret can come from (the CLI prints it as its one line), or, for a TOTP
/// passcode, which is never kept anywhere, how it is given; in the current language.
fn no_secret_hint(auth_type: AuthType) -> String {
    if auth_type.keeps_secret() {
        tr!("app-no-secret-hint")
    } else {
        tr!("app-no-passcode-hint")
    }
}

fn need_secret_message(cloud: &str, auth_type: AuthType, problem: Option<&str>) -> String {
    match problem {
        // The refusal already names the cloud (`cloud "lab": authenticating at …: 401 …`).
        Some(problem) => problem.to_string(),
        // The same line as the error the CLI gets (one template for `cloud "…": …`).
        None => RemoteError::config(cloud, no_secret_hint(auth_type)).to_string(),
    }
}

impl From<SessionError> for LocalError {
    /// A user error (exit 1) naming the cloud and where a secret can come from, or the remote
    /// error's own conversion.
    fn from(error: SessionError) -> Self {
        match error {
            SessionError::NeedSecret {
                cloud,
                auth_type,
                problem: None,
            } => LocalError::invalid(
                tr!("app-subject-cloud", name = cloud.as_str()),
                no_secret_hint(auth_type),
            ),
            SessionError::NeedSecret {
                cloud,
                problem: Some(problem),
                ..
            } => {
                let subject = tr!("app-subject-cloud", name = cloud.as_str());
                // The refusal names the cloud first, in English or in the current language.
                let english = format!("cloud \"{cloud}\": ");
                let rest = [english, format!("{subject}: "), format!("{subject}：")]
                    .iter()
                    .find_map(|prefix| problem.strip_prefix(prefix.as_str()))
                    .unwrap_or(&problem);
                LocalError::invalid(subject, rest.to_string())
            }
            SessionError::Failed(remote) => remote.into(),
        }
    }
}

/// Where secrets are kept across processes: the OS keyring in the product, a map in tests.
trait SecretStore: Send + Sync {
    /// The secret kept for `cloud`.
    fn get(&self, cloud: &str) -> Option<Secret>;
    /// Keep `secret` for `cloud`; false when nothing can keep it (no keyring runs).
    fn put(&self, cloud: &str, secret: &Secret) -> bool;
    /// Remove `cloud`'s secret.
    fn delete(&self, cloud: &str);
}

/// The OS keyring (Secret Service over D-Bus), with its graceful absence.
struct OsKeyring;

impl SecretStore for OsKeyring {
    fn get(&self, cloud: &str) -> Option<Secret> {
        secrets::keyring_secret(cloud)
    }

    fn put(&self, cloud: &str, secret: &Secret) -> bool {
        secrets::store_in_keyring(cloud, secret)
    }

    fn delete(&self, cloud: &str) {
        secrets::forget_keyring_secret(cloud);
    }
}

/// The authenticated sessions of one process (one per cloud) and the secrets given in it.
/// Shared as `Arc<SessionPool>`; every method may be called from any thread, and none holds
/// a lock while it talks to a server, the keyring or a person.
pub struct SessionPool {
    data_dir: PathBuf,
    asker: Arc<dyn SecretAsker>,
    store: Box<dyn SecretStore>,
    /// Each cloud's session with the definition it was made from.
    sessions: Mutex<HashMap<String, (CloudConfig, Arc<Session>)>>,
    /// Secrets given in this process, in memory only.
    typed: Mutex<HashMap<String, Secret>>,
}

impl std::fmt::Debug for SessionPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionPool")
            .field("data_dir", &self.data_dir)
            .finish_non_exhaustive()
    }
}

impl SessionPool {
    /// A pool for the clouds known in `data_dir` (and clouds.yaml, `OS_*`), asking `asker`
    /// when no secret is found.
    pub fn new(data_dir: &Path, asker: Arc<dyn SecretAsker>) -> Self {
        Self::with_store(data_dir, asker, Box::new(OsKeyring))
    }

    fn with_store(
        data_dir: &Path,
        asker: Arc<dyn SecretAsker>,
        store: Box<dyn SecretStore>,
    ) -> Self {
        SessionPool {
            data_dir: data_dir.to_path_buf(),
            asker,
            store,
            sessions: Mutex::new(HashMap::new()),
            typed: Mutex::new(HashMap::new()),
        }
    }

    /// The data dir whose clouds this pool uses.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// An authenticated session for `cloud` (else `OS_CLOUD`'s, else the only cloud): the one
    /// made earlier while the cloud's definition is unchanged, else a new one with the secret
    /// found by precedence (the definition, given in this process, the keyring, the asker).
    /// When a secret that is not from the definition is refused (401), a typed one is
    /// forgotten and the asker is asked once more, with the refusal as its `problem`. A secret
    /// the asker gave that works is remembered for this process.
    pub fn session(&self, cloud: Option<&str>) -> Result<Arc<Session>, SessionError> {
        self.session_in(cloud, None)
    }

    /// [`SessionPool::session`] in `region` (one of the cloud's `regions:`), or in the
    /// cloud's own region when `None`.
    pub fn session_in(
        &self,
        cloud: Option<&str>,
        region: Option<&str>,
    ) -> Result<Arc<Session>, SessionError> {
        let config =
            Clouds::load(Some(&self.data_dir)).and_then(|clouds| clouds.pick_in(cloud, region))?;
        if let Some(session) = self.cached(&config) {
            return Ok(session);
        }
        let found = self.secret_for(&config);
        if !config.auth_type.keeps_secret()
            && let Some((_, SecretOrigin::Typed)) = &found
        {
            // A passcode typed in the window opens one session, then is gone.
            self.remove_typed(&config.name);
        }
        let (secret, origin) = match found {
            Some(found) => found,
            None => match self.asker.ask(&config, None) {
                Asked::Secret(secret) => (secret, SecretOrigin::Asked),
                Asked::Later | Asked::Nobody => return Err(need_secret(&config, None)),
            },
        };
        let refused = match self.connect(&config, secret, origin) {
            Ok(session) => return Ok(session),
            Err(e) if e.status() == Some(401) && origin != SecretOrigin::Config => e,
            // A definition's secret cannot be replaced by asking: the file must change.
            Err(e) => return Err(e.into()),
        };
        if origin == SecretOrigin::Typed {
            self.remove_typed(&config.name);
        }
        let problem = refused.to_string();
        match self.asker.ask(&config, Some(&problem)) {
            Asked::Secret(secret) => Ok(self.connect(&config, secret, SecretOrigin::Asked)?),
            Asked::Later => Err(need_secret(&config, Some(problem))),
            // Nobody to ask: the refusal itself is the clearest message.
            Asked::Nobody => Err(refused.into()),
        }
    }

    /// The secret for `config` and where it came from, without asking anyone: the
    /// definition's, else one given in this process, else the keyring's.
    pub fn secret_for(&self, config: &CloudConfig) -> Option<(Secret, SecretOrigin)> {
        if let Some(secret) = &config.secret {
            return Some((secret.clone(), SecretOrigin::Config));
        }
        if let Some(secret) = self.typed_secret(&config.name) {
            return Some((secret, SecretOrigin::Typed));
        }
        if !config.auth_type.keeps_secret() {
            return None;
        }
        self.store
            .get(&config.name)
            .map(|secret| (secret, SecretOrigin::Keyring))
    }

    /// A secret typed in this process for `cloud` (memory only); the cloud's session is
    /// dropped so the next one uses it.
    pub fn provide_secret(&self, cloud: &str, secret: Secret) {
        self.forget(cloud, true);
        if let Ok(mut typed) = self.typed.lock() {
            typed.insert(cloud.to_string(), secret);
        }
    }

    /// Drop `cloud`'s session (its definition changed or went away), and the secret given in
    /// this process too when `typed_too`.
    pub fn forget(&self, cloud: &str, typed_too: bool) {
        if let Ok(mut sessions) = self.sessions.lock() {
            sessions.remove(cloud);
        }
        if typed_too {
            self.remove_typed(cloud);
        }
    }

    /// Keep `secret` for `cloud`: in the keyring when one runs, else in memory for this
    /// process. Returns where ([`SecretOrigin::Keyring`] or [`SecretOrigin::Typed`]). The
    /// cloud's session is dropped so the next one uses the new secret; a secret typed earlier
    /// is dropped when the keyring took the new one (it would come first otherwise).
    pub fn keep_secret(&self, cloud: &str, secret: Secret) -> SecretOrigin {
        if self.store.put(cloud, &secret) {
            self.forget(cloud, true);
            SecretOrigin::Keyring
        } else {
            self.provide_secret(cloud, secret);
            SecretOrigin::Typed
        }
    }

    /// Forget `cloud`'s secret everywhere it was kept: the keyring entry, the memory of this
    /// process, and the session made with it.
    pub fn forget_secret(&self, cloud: &str) {
        self.store.delete(cloud);
        self.forget(cloud, true);
    }

    /// The session made from exactly this definition, if any.
    fn cached(&self, config: &CloudConfig) -> Option<Arc<Session>> {
        let sessions = self.sessions.lock().ok()?;
        let (known, session) = sessions.get(&config.name)?;
        (known == config && !session.expired()).then(|| session.clone())
    }

    /// Authenticate; a working session is pooled, and a working asked-for secret remembered.
    fn connect(
        &self,
        config: &CloudConfig,
        secret: Secret,
        origin: SecretOrigin,
    ) -> Result<Arc<Session>, RemoteError> {
        let remembered = (origin == SecretOrigin::Asked && config.auth_type.keeps_secret())
            .then(|| secret.clone());
        let session = Arc::new(Session::connect(config.clone(), secret)?);
        // Where the secret came from, never what it is.
        tracing::debug!(cloud = config.name.as_str(), origin = ?origin, "session opened");
        if let Some(secret) = remembered
            && let Ok(mut typed) = self.typed.lock()
        {
            typed.insert(config.name.clone(), secret);
        }
        if let Ok(mut sessions) = self.sessions.lock() {
            sessions.insert(config.name.clone(), (config.clone(), session.clone()));
        }
        Ok(session)
    }

    fn typed_secret(&self, cloud: &str) -> Option<Secret> {
        self.typed.lock().ok()?.get(cloud).cloned()
    }

    fn remove_typed(&self, cloud: &str) {
        if let Ok(mut typed) = self.typed.lock() {
            typed.remove(cloud);
        }
    }
}

fn need_secret(config: &CloudConfig, problem: Option<String>) -> SessionError {
    SessionError::NeedSecret {
        cloud: config.name.clone(),
        auth_type: config.auth_type,
        problem,
    }
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;

    use super::*;
    use crate::backend::remote::config;

    /// An asker that records what it was asked and answers from a script.
    struct ScriptedAsker {
        answers: Mutex<Vec<Asked>>,
        calls: Mutex<Vec<(String, Option<String>)>>,
    }

    impl ScriptedAsker {
        fn new(answers: Vec<Asked>) -> Arc<Self> {
            Arc::new(ScriptedAsker {
                answers: Mutex::new(answers),
                calls: Mutex::new(Vec::new()),
            })
        }

        fn calls(&self) -> Vec<(String, Option<String>)> {
            self.calls.lock().unwrap().clone()
        }
    }

    impl SecretAsker for ScriptedAsker {
        fn ask(&self, cloud: &CloudConfig, problem: Option<&str>) -> Asked {
            self.calls
                .lock()
                .unwrap()
                .push((cloud.name.clone(), problem.map(str::to_string)));
            let mut answers = self.answers.lock().unwrap();
            if answers.is_empty() {
                Asked::Nobody
            } else {
                answers.remove(0)
            }
        }
    }

    /// A keyring in memory; `None` plays "no keyring runs".
    #[derive(Clone, Default)]
    struct MemoryKeyring(Option<Arc<Mutex<HashMap<String, Secret>>>>);

    impl MemoryKeyring {
        fn running() -> Self {
            MemoryKeyring(Some(Arc::default()))
        }
    }

    impl SecretStore for MemoryKeyring {
        fn get(&self, cloud: &str) -> Option<Secret> {
            self.0.as_ref()?.lock().unwrap().get(cloud).cloned()
        }

        fn put(&self, cloud: &str, secret: &Secret) -> bool {
            let Some(map) = &self.0 else { return false };
            map.lock().unwrap().insert(cloud.into(), secret.clone());
            true
        }

        fn delete(&self, cloud: &str) {
            if let Some(map) = &self.0 {
                map.lock().unwrap().remove(cloud);
            }
        }
    }

    /// A Keystone that accepts one password and refuses every other with a 401; it counts
    /// the authentications it answered.
    struct FakeKeystone {
        url: String,
        auths: Arc<Mutex<u32>>,
    }

    impl FakeKeystone {
        fn start(good: &'static str) -> FakeKeystone {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let port = listener.local_addr().unwrap().port();
            let auths = Arc::new(Mutex::new(0));
            let counted = auths.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    let Ok(mut stream) = stream else { return };
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut request_line = String::new();
                    reader.read_line(&mut request_line).unwrap();
                    let mut length = 0;
                    loop {
                        let mut line = String::new();
                        reader.read_line(&mut line).unwrap();
                        if line.trim().is_empty() {
                            break;
                        }
                        if let Some((name, value)) = line.split_once(':')
                            && name.eq_ignore_ascii_case("content-length")
                        {
                            length = value.trim().parse().unwrap();
                        }
                    }
                    let mut body = vec![0; length];
                    reader.read_exact(&mut body).unwrap();
                    let body = String::from_utf8_lossy(&body);
                    let (status, extra, text) = if request_line.contains("/auth/tokens") {
                        *counted.lock().unwrap() += 1;
                        if body.contains(&format!("\"{good}\"")) {
                            let token = serde_json::json!({"token": {
                                "expires_at": "2099-01-01T00:00:00Z",
                                "project": {"id": "p"},
                                "catalog": [{"type": "image", "endpoints": [
                                    {"interface": "public",
                                     "url": format!("http://127.0.0.1:{port}/v2")}]}]}});
                            ("201 Created", "X-Subject-Token: tok\r\n", token.to_string())
                        } else {
                            let refusal = r#"{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}"#;
                            ("401 Unauthorized", "", refusal.to_string())
                        }
                    } else {
                        ("404 Not Found", "", "{}".to_string())
                    };
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {status}\r\n{extra}Content-Type: application/json\r\n\
                         Content-Length: {}\r\nConnection: close\r\n\r\n{text}",
                        text.len()
                    );
                }
            });
            FakeKeystone {
                url: format!("http://127.0.0.1:{port}/v3"),
                auths,
            }
        }

        fn auths(&self) -> u32 {
            *self.auths.lock().unwrap()
        }
    }

    /// A workbench cloud with a unique name at `auth_url` in a fresh data dir.
    fn cloud_at(auth_url: &str) -> (tempfile::TempDir, CloudConfig) {
        let dir = tempfile::tempdir().unwrap();
        let name = format!("gw-test-{}", uuid::Uuid::new_v4().simple());
        let cloud = CloudConfig::new_password(&name, auth_url, "u", "p");
        config::save_workbench_cloud(dir.path(), &cloud).unwrap();
        (dir, cloud)
    }

    fn pool(dir: &Path, asker: Arc<ScriptedAsker>, keyring: MemoryKeyring) -> SessionPool {
        SessionPool::with_store(dir, asker, Box::new(keyring))
    }

    const UNREACHABLE: &str = "http://127.0.0.1:9/v3";

    #[test]
    fn the_definition_comes_first_then_typed_then_the_keyring() {
        let (dir, mut cloud) = cloud_at(UNREACHABLE);
        let asker = ScriptedAsker::new(vec![]);
        let keyring = MemoryKeyring::running();
        let pool = pool(dir.path(), asker.clone(), keyring.clone());
        assert!(pool.secret_for(&cloud).is_none());
        keyring.put(&cloud.name, &Secret::new("from-keyring"));
        let (secret, origin) = pool.secret_for(&cloud).unwrap();
        assert_eq!(
            (secret.expose(), origin),
            ("from-keyring", SecretOrigin::Keyring)
        );
        pool.provide_secret(&cloud.name, Secret::new("typed"));
        let (secret, origin) = pool.secret_for(&cloud).unwrap();
        assert_eq!((secret.expose(), origin), ("typed", SecretOrigin::Typed));
        cloud.secret = Some(Secret::new("from-file"));
        let (secret, origin) = pool.secret_for(&cloud).unwrap();
        assert_eq!(
            (secret.expose(), origin),
            ("from-file", SecretOrigin::Config)
        );
        assert!(asker.calls().is_empty(), "secret_for never asks");
    }

    #[test]
    fn the_asker_is_asked_only_when_nothing_else_has_a_secret() {
        let (dir, cloud) = cloud_at(UNREACHABLE);
        let asker = ScriptedAsker::new(vec![Asked::Later, Asked::Nobody]);
        let keyring = MemoryKeyring::running();
        let pool = pool(dir.path(), asker.clone(), keyring.clone());
        // Nothing known: asked, and "later" or "nobody" is NeedSecret without a problem.
        for _ in 0..2 {
            match pool.session(Some(&cloud.name)) {
                Err(SessionError::NeedSecret {
                    cloud: name,
                    auth_type,
                    problem: None,
                }) => {
                    assert_eq!(name, cloud.name);
                    assert_eq!(auth_type, AuthType::Password);
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(asker.calls(), vec![(cloud.name.clone(), None); 2]);
        // A keyring secret is used without asking (the server is unreachable: a failure).
        keyring.put(&cloud.name, &Secret::new("hunter2"));
        match pool.session(Some(&cloud.name)) {
            Err(SessionError::Failed(e)) => {
                assert!(e.to_string().contains("cannot reach"), "{e}");
                assert!(!e.to_string().contains("hunter2"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(asker.calls().len(), 2, "not asked again");
        // An unknown cloud is a plain failure, nobody asked.
        assert!(matches!(
            pool.session(Some("gw-no-such-cloud")),
            Err(SessionError::Failed(_))
        ));
        assert_eq!(asker.calls().len(), 2);
    }

    #[test]
    fn a_refused_typed_secret_is_forgotten_and_the_asker_hears_why() {
        let keystone = FakeKeystone::start("good-secret");
        let (dir, cloud) = cloud_at(&keystone.url);
        let asker = ScriptedAsker::new(vec![Asked::Later]);
        let pool = pool(dir.path(), asker.clone(), MemoryKeyring::default());
        pool.provide_secret(&cloud.name, Secret::new("wrong-secret"));
        let err = pool.session(Some(&cloud.name)).unwrap_err();
        let SessionError::NeedSecret {
            problem: Some(problem),
            ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert!(problem.contains("HTTP 401"), "{problem}");
        assert!(
            pool.secret_for(&cloud).is_none(),
            "the typed secret is gone"
        );
        let calls = asker.calls();
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].1.as_deref(), Some(problem.as_str()));
        // Neither the error's text nor its Debug form holds a secret.
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!text.contains("wrong-secret"), "{text}");
        }
    }

    #[test]
    fn an_asked_secret_that_works_is_remembered_and_its_session_reused() {
        let keystone = FakeKeystone::start("good-secret");
        let (dir, cloud) = cloud_at(&keystone.url);
        // The keyring's secret is refused; the person types the right one.
        let keyring = MemoryKeyring::running();
        keyring.put(&cloud.name, &Secret::new("stale-secret"));
        let asker = ScriptedAsker::new(vec![Asked::Secret(Secret::new("good-secret"))]);
        let pool = pool(dir.path(), asker.clone(), keyring.clone());
        let session = pool.session(Some(&cloud.name)).unwrap();
        assert_eq!(keystone.auths(), 2);
        let calls = asker.calls();
        assert_eq!(calls.len(), 1);
        assert!(calls[0].1.as_deref().unwrap().contains("HTTP 401"));
        let (secret, origin) = pool.secret_for(&cloud).unwrap();
        assert_eq!(
            (secret.expose(), origin),
            ("good-secret", SecretOrigin::Typed)
        );
        assert_eq!(
            keyring.get(&cloud.name).unwrap().expose(),
            "stale-secret",
            "the keyring is not changed behind the person's back"
        );
        // Reused while the definition is unchanged; a changed definition connects again.
        let again = pool.session(Some(&cloud.name)).unwrap();
        assert!(Arc::ptr_eq(&session, &again));
        assert_eq!(keystone.auths(), 2);
        let mut changed = cloud.clone();
        changed.username = Some("someone-else".into());
        config::save_workbench_cloud(dir.path(), &changed).unwrap();
        let third = pool.session(Some(&cloud.name)).unwrap();
        assert!(!Arc::ptr_eq(&session, &third));
        assert_eq!(keystone.auths(), 3);
    }

    #[test]
    fn a_refused_definition_secret_is_not_asked_again() {
        let keystone = FakeKeystone::start("good-secret");
        let dir = tempfile::tempdir().unwrap();
        let name = format!("gw-test-{}", uuid::Uuid::new_v4().simple());
        // A definition holding its own (wrong) password, as a clouds.yaml may.
        let file = config::workbench_clouds_file(dir.path());
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let yaml = format!(
            "clouds:\n  {name}:\n    auth:\n      auth_url: {}\n      username: u\n      \
             project_name: p\n      password: file-secret\n",
            keystone.url
        );
        std::fs::write(&file, yaml).unwrap();
        let asker = ScriptedAsker::new(vec![Asked::Secret(Secret::new("good-secret"))]);
        let keyring = MemoryKeyring::running();
        keyring.put(&name, &Secret::new("good-secret"));
        let pool = pool(dir.path(), asker.clone(), keyring);
        pool.provide_secret(&name, Secret::new("good-secret"));
        let err = pool.session(Some(&name)).unwrap_err();
        assert!(
            matches!(&err, SessionError::Failed(e) if e.status() == Some(401)),
            "{err:?}"
        );
        assert!(
            asker.calls().is_empty(),
            "the file must change, asking cannot help"
        );
        assert_eq!(keystone.auths(), 1, "the file's secret came first");
        assert!(!format!("{err} {err:?}").contains("file-secret"));
    }

    #[test]
    fn a_refused_asked_secret_is_asked_once_more_then_fails() {
        let keystone = FakeKeystone::start("good-secret");
        let (dir, cloud) = cloud_at(&keystone.url);
        let asker = ScriptedAsker::new(vec![
            Asked::Secret(Secret::new("first-try")),
            Asked::Secret(Secret::new("second-try")),
            Asked::Secret(Secret::new("good-secret")),
        ]);
        let pool = pool(dir.path(), asker.clone(), MemoryKeyring::default());
        let err = pool.session(Some(&cloud.name)).unwrap_err();
        let SessionError::Failed(remote) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(remote.status(), Some(401));
        let calls = asker.calls();
        assert_eq!(calls.len(), 2, "asked, then asked once more");
        assert!(calls[0].1.is_none() && calls[1].1.is_some());
        assert!(
            pool.secret_for(&cloud).is_none(),
            "refused secrets are not kept"
        );
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!text.contains("first-try") && !text.contains("second-try"));
        }
        // Nobody to ask after a refusal: the refusal itself is the error.
        let asker = ScriptedAsker::new(vec![Asked::Secret(Secret::new("first-try"))]);
        let pool = SessionPool::with_store(
            dir.path(),
            asker.clone(),
            Box::new(MemoryKeyring::default()),
        );
        let err = pool.session(Some(&cloud.name)).unwrap_err();
        assert!(
            matches!(&err, SessionError::Failed(e) if e.status() == Some(401)),
            "{err:?}"
        );
    }

    #[test]
    fn keep_and_forget_secret() {
        let (dir, cloud) = cloud_at(UNREACHABLE);
        // With a keyring: kept there, and an older typed secret no longer comes first.
        let keyring = MemoryKeyring::running();
        let pool = pool(dir.path(), ScriptedAsker::new(vec![]), keyring.clone());
        pool.provide_secret(&cloud.name, Secret::new("old"));
        assert_eq!(
            pool.keep_secret(&cloud.name, Secret::new("new")),
            SecretOrigin::Keyring
        );
        let (secret, origin) = pool.secret_for(&cloud).unwrap();
        assert_eq!((secret.expose(), origin), ("new", SecretOrigin::Keyring));
        pool.forget_secret(&cloud.name);
        assert!(keyring.get(&cloud.name).is_none());
        assert!(pool.secret_for(&cloud).is_none());
        // Without one: kept in memory for this process.
        let pool = SessionPool::with_store(
            dir.path(),
            ScriptedAsker::new(vec![]),
            Box::new(MemoryKeyring::default()),
        );
        assert_eq!(
            pool.keep_secret(&cloud.name, Secret::new("new")),
            SecretOrigin::Typed
        );
        assert_eq!(pool.secret_for(&cloud).unwrap().1, SecretOrigin::Typed);
        pool.forget_secret(&cloud.name);
        assert!(pool.secret_for(&cloud).is_none());
    }

    #[test]
    fn a_missing_secret_is_one_user_error_naming_the_cloud() {
        let err = SessionError::NeedSecret {
            cloud: "lab".into(),
            auth_type: AuthType::Password,
            problem: None,
        };
        let local: LocalError = err.into();
        assert_eq!(local.kind(), crate::backend::ErrorKind::User);
        let text = local.to_string();
        assert!(text.starts_with("cloud \"lab\": no secret: "), "{text}");
        assert!(text.contains("--store-secret") && text.contains("OS_PASSWORD"));
    }

    #[test]
    fn a_missing_secret_is_said_in_the_windows_language() {
        use crate::i18n::{Lang, set_thread_lang};
        set_thread_lang(Some(Lang::ZhCn));
        let missing = SessionError::NeedSecret {
            cloud: "lab".into(),
            auth_type: AuthType::Password,
            problem: None,
        };
        let text = missing.to_string();
        assert!(text.contains("没有密钥："), "{text}");
        assert!(text.contains("cloud add --store-secret"), "{text}");
        let passcode = SessionError::NeedSecret {
            cloud: "lab".into(),
            auth_type: AuthType::Totp,
            problem: None,
        };
        assert!(passcode.to_string().contains("没有 TOTP 验证码"));
        // A refusal naming the cloud becomes one error whose subject is the cloud, once.
        let refused: LocalError = SessionError::NeedSecret {
            cloud: "lab".into(),
            auth_type: AuthType::Password,
            problem: Some("cloud \"lab\": authenticating: HTTP 401".into()),
        }
        .into();
        match &refused {
            LocalError::Invalid { subject, problem } => {
                assert_eq!(subject, "云“lab”");
                assert_eq!(problem, "authenticating: HTTP 401");
            }
            other => panic!("{other:?}"),
        }
        let local: LocalError = missing.into();
        assert_eq!(local.kind(), crate::backend::ErrorKind::User);
        let shown = crate::i18n::errors::Shown::shown(&local);
        assert!(shown.starts_with("云“lab”：没有密钥："), "{shown}");
        set_thread_lang(Some(Lang::En));
        let missing = SessionError::NeedSecret {
            cloud: "lab".into(),
            auth_type: AuthType::Password,
            problem: None,
        };
        let text = missing.to_string();
        assert!(
            text.starts_with("cloud \"lab\": no secret: put it in secure.yaml"),
            "{text}"
        );
        set_thread_lang(None);
    }

    #[test]
    fn the_pool_can_be_shared_between_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<SessionPool>();
        shareable::<Arc<SessionPool>>();
    }
}
