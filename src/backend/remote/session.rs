//! A connection to one cloud: the HTTP client (reqwest + rustls on a private tokio runtime,
//! driven synchronously so job threads and the GUI bridge can call it), the token kept in
//! memory and renewed before it expires and before each long transfer, one re-authentication
//! on a 401, retries with backoff for idempotent calls only, timeouts on every request, and
//! the mapping of failures to [`RemoteError`] with the server's own message.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::Value;

use crate::backend::remote::auth::{self, Token};
use crate::backend::remote::config::{AuthType, CloudConfig};
use crate::backend::remote::error::{RemoteError, RemoteResult, cloud_subject, server_message};
use crate::backend::remote::metadefs::ImageMetadefs;
use crate::backend::remote::secrets::Secret;
use crate::logs::redact_url;
use crate::tr;

/// Time allowed to open a connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Time allowed for a whole API call (not a data transfer).
pub const CALL_TIMEOUT: Duration = Duration::from_secs(60);
/// Attempts of an idempotent call on a transient failure.
const ATTEMPTS: u32 = 3;
/// Glance's JSON-patch media type.
pub const JSON_PATCH: &str = "application/openstack-images-v2.1-json-patch";

/// What an authenticated session knows about the image service.
#[derive(Debug, Clone)]
struct Connected {
    token: Token,
    image_url: String,
    version: Option<String>,
}

/// A body for [`Session::call`].
#[derive(Debug, Clone)]
pub enum CallBody {
    /// `application/json`.
    Json(Value),
    /// Glance's JSON-patch media type.
    Patch(Value),
}

/// An answer to [`Session::call`].
#[derive(Debug, Clone)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// The body parsed as JSON (`Null` when empty).
    pub json: Value,
}

/// An authenticated connection to one cloud's Keystone and Glance.
pub struct Session {
    cloud: CloudConfig,
    secret: Secret,
    client: reqwest::Client,
    runtime: tokio::runtime::Runtime,
    state: Mutex<Option<Connected>>,
    auth_count: std::sync::atomic::AtomicU32,
    /// The cloud's metadata definitions for images, once read (see `metadefs`).
    metadefs: Mutex<Option<Arc<ImageMetadefs>>>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("cloud", &self.cloud.name)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Build the client for `cloud` and authenticate with `secret`.
    pub fn connect(cloud: CloudConfig, secret: Secret) -> RemoteResult<Self> {
        cloud.check()?;
        let mut builder = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(CALL_TIMEOUT)
            .user_agent(concat!("glance-workbench/", env!("CARGO_PKG_VERSION")))
            .tcp_nodelay(true);
        if !cloud.verify {
            builder = builder.danger_accept_invalid_certs(true);
        }
        if let Some(path) = &cloud.cacert {
            let pem =
                std::fs::read(path).map_err(|e| RemoteError::io("cannot read CA file", path, e))?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                RemoteError::config(&cloud.name, format!("cacert {}: {e}", path.display()))
            })?;
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        if let Some(identity) = client_identity(&cloud)? {
            builder = builder.identity(identity);
        }
        let client = builder.build().map_err(|e| {
            RemoteError::config(
                &cloud.name,
                tr!("rlib-problem-http-client", error = e.to_string()),
            )
        })?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| RemoteError::io("cannot start the network runtime", "tokio", e))?;
        let session = Session {
            cloud,
            secret,
            client,
            runtime,
            state: Mutex::new(None),
            auth_count: Default::default(),
            metadefs: Mutex::default(),
        };
        session.reauthenticate()?;
        Ok(session)
    }

    /// The cloud this session talks to.
    pub fn cloud(&self) -> &CloudConfig {
        &self.cloud
    }

    /// Run a future on the session's runtime.
    pub(crate) fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Send `request` and read its whole body as text: status, headers and text, or the
    /// transport error named by `context` and `url`.
    fn send_for_text(
        &self,
        request: RequestBuilder,
        context: &str,
        url: &str,
    ) -> RemoteResult<(StatusCode, HeaderMap, String)> {
        self.block_on(async {
            let response = send_logged(request, context).await?;
            let status = response.status();
            let headers = response.headers().clone();
            let text = response
                .text()
                .await
                .map_err(|e| map_reqwest(context, url, e))?;
            Ok((status, headers, text))
        })
    }

    /// How many times this session has asked Keystone for a token.
    pub fn auth_count(&self) -> u32 {
        self.auth_count.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn connected(&self) -> RemoteResult<Connected> {
        let current = self.state.lock().ok().and_then(|s| s.clone());
        match current {
            Some(c) if !c.token.needs_renewal(Utc::now()) => Ok(c),
            _ => self.reauthenticate(),
        }
    }

    /// The current token's expiry, and when it was issued.
    pub fn token_times(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let state = self.state.lock().ok()?;
        state
            .as_ref()
            .map(|c| (c.token.issued_at, c.token.expires_at))
    }

    /// The current token (redacted in `Debug`/`Display`), for diagnostics and tests.
    pub fn current_token(&self) -> Option<Secret> {
        let state = self.state.lock().ok()?;
        state.as_ref().map(|c| c.token.value.clone())
    }

    /// The project the token is scoped to.
    pub fn project_id(&self) -> Option<String> {
        let state = self.state.lock().ok()?;
        state.as_ref().and_then(|c| c.token.project_id.clone())
    }

    /// Who the token belongs to and what it is scoped to: the user ("name (id)") and the
    /// project's name (what an application credential or a token is bound to).
    pub fn bound_to(&self) -> Option<(Option<String>, Option<String>)> {
        let state = self.state.lock().ok()?;
        let token = &state.as_ref()?.token;
        let user = match (&token.user_name, &token.user_id) {
            (Some(name), Some(id)) => Some(format!("{name} ({id})")),
            (name, id) => name.clone().or_else(|| id.clone()),
        };
        Some((user, token.project_name.clone()))
    }

    /// Glance's v2 base URL and newest minor version (from discovery).
    pub fn image_service(&self) -> RemoteResult<(String, Option<String>)> {
        let c = self.connected()?;
        Ok((c.image_url, c.version))
    }

    /// Get a fresh token now (before a long transfer, or after a 401).
    pub fn authenticate(&self) -> RemoteResult<()> {
        self.reauthenticate().map(drop)
    }

    /// Whether this session can no longer get a token by itself: a TOTP session renews with
    /// its token, which cannot outlive the first one (a new passcode is needed then).
    pub fn expired(&self) -> bool {
        if self.cloud.auth_type.keeps_secret() {
            return false;
        }
        let state = self.state.lock().ok().and_then(|s| s.clone());
        state.is_none_or(|c| c.token.remaining_secs(Utc::now()) <= 0)
    }

    fn reauthenticate(&self) -> RemoteResult<Connected> {
        let url = format!(
            "{}/auth/tokens",
            auth::identity_v3_url(&self.cloud.auth_url)
        );
        let context = tr!("rlib-context-auth", cloud = self.cloud.name, url = url);
        let previous = self.state.lock().ok().and_then(|s| s.clone());
        let body = match &previous {
            // A passcode works once: later tokens come from the current token.
            Some(p) if self.cloud.auth_type == AuthType::Totp => {
                if p.token.remaining_secs(Utc::now()) <= 0 {
                    return Err(RemoteError::config(
                        &self.cloud.name,
                        tr!("rlib-problem-totp-expired"),
                    ));
                }
                auth::token_renewal_body(&p.token)
            }
            _ => auth::token_request_body(&self.cloud, &self.secret),
        };
        let request = self
            .client
            .post(&url)
            .header(ACCEPT, "application/json")
            .json(&body)
            .timeout(CALL_TIMEOUT);
        self.auth_count
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (status, headers, text) = self.send_for_text(request, &context, &url)?;
        if !status.is_success() {
            return Err(RemoteError::Http {
                context,
                status: status.as_u16(),
                message: server_message(&text),
            });
        }
        let value = headers
            .get("x-subject-token")
            .and_then(|v| v.to_str().ok())
            .map(Secret::new)
            .ok_or_else(|| RemoteError::Protocol {
                context: context.clone(),
                problem: tr!("rlib-problem-no-subject-token"),
            })?;
        let json: Value = serde_json::from_str(&text).map_err(|e| RemoteError::Protocol {
            context: context.clone(),
            problem: tr!("rlib-problem-not-json", error = e.to_string()),
        })?;
        let token = auth::parse_token(value, &json, &context)?;
        // When, never what: the token itself stays out of the log.
        tracing::debug!(
            cloud = self.cloud.name.as_str(),
            expires_at = %token.expires_at,
            "token issued"
        );
        let (image_url, version) = match previous {
            Some(p) => (p.image_url, p.version),
            None => self.discover(&auth::image_endpoint(&self.cloud, &token.catalog)?),
        };
        let connected = Connected {
            token,
            image_url,
            version,
        };
        if let Ok(mut state) = self.state.lock() {
            *state = Some(connected.clone());
        }
        Ok(connected)
    }

    /// Version discovery on the image endpoint (`GET /` answers 300 with the versions).
    fn discover(&self, endpoint: &str) -> (String, Option<String>) {
        let root = endpoint
            .trim_end_matches('/')
            .trim_end_matches("/v2")
            .to_string();
        let request = self
            .client
            .get(format!("{root}/"))
            .header(ACCEPT, "application/json")
            .timeout(CALL_TIMEOUT);
        let versions = self.block_on(async {
            let response = send_logged(request, "version discovery").await.ok()?;
            response.json::<Value>().await.ok()
        });
        auth::pick_image_version(endpoint, versions.as_ref())
    }

    /// An absolute URL for `path`: absolute URLs pass, `/v2/…` joins the service root,
    /// anything else joins the v2 base.
    pub fn url(&self, path: &str) -> RemoteResult<String> {
        if path.starts_with("http://") || path.starts_with("https://") {
            return Ok(path.to_string());
        }
        let (base, _) = self.image_service()?;
        if let Some(rest) = path.strip_prefix("/v2") {
            return Ok(format!("{base}{rest}"));
        }
        Ok(format!("{base}/{}", path.trim_start_matches('/')))
    }

    /// A request with the current token and `Accept: application/json`.
    pub(crate) fn authed(&self, method: Method, url: &str) -> RemoteResult<RequestBuilder> {
        let token = self.connected()?.token.value;
        let mut value =
            HeaderValue::from_str(token.expose()).map_err(|_| RemoteError::Protocol {
                context: cloud_subject(&self.cloud.name),
                problem: tr!("rlib-problem-token-header"),
            })?;
        value.set_sensitive(true);
        Ok(self
            .client
            .request(method, url)
            .header("X-Auth-Token", value)
            .header(ACCEPT, "application/json"))
    }

    /// A context string for errors: `cloud "lab": GET /v2/images`.
    pub fn context(&self, method: &Method, url: &str) -> String {
        let path = url
            .split_once("://")
            .map_or(url, |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
        tr!(
            "rlib-context-call",
            cloud = self.cloud.name,
            method = method.as_str(),
            path = path
        )
    }

    /// One API call with JSON in and out. A 401 re-authenticates once and retries; transient
    /// failures (refused, timeout, 429/502/503/504) are retried with backoff only when
    /// `idempotent`.
    pub fn call(
        &self,
        method: Method,
        path: &str,
        query: &[(String, String)],
        body: Option<CallBody>,
        idempotent: bool,
    ) -> RemoteResult<Reply> {
        let url = self.url(path)?;
        let context = self.context(&method, &url);
        let mut reauthenticated = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut request = self
                .authed(method.clone(), &url)?
                .query(query)
                .timeout(CALL_TIMEOUT);
            request = match &body {
                Some(CallBody::Json(v)) => request.json(v),
                Some(CallBody::Patch(v)) => {
                    request.header(CONTENT_TYPE, JSON_PATCH).body(v.to_string())
                }
                None => request,
            };
            let outcome = self.send_for_text(request, &context, &url);
            let error = match outcome {
                Ok((status, headers, text)) if status.is_success() => {
                    let json = if text.trim().is_empty() {
                        Value::Null
                    } else {
                        serde_json::from_str(&text).unwrap_or(Value::String(text))
                    };
                    return Ok(Reply {
                        status: status.as_u16(),
                        headers,
                        json,
                    });
                }
                Ok((status, _, text)) => http_error(&context, status, &text),
                Err(e) => e,
            };
            if error.status() == Some(401) && !reauthenticated {
                reauthenticated = true;
                self.authenticate()?;
                continue;
            }
            if idempotent && error.is_transient() && attempt < ATTEMPTS {
                std::thread::sleep(Duration::from_millis(500 << (attempt - 1)));
                continue;
            }
            return Err(error);
        }
    }
}

impl Session {
    /// The metadata definitions read earlier in this session, if any.
    pub(crate) fn cached_metadefs(&self) -> Option<Arc<ImageMetadefs>> {
        self.metadefs.lock().ok().and_then(|m| m.clone())
    }

    /// Keep the metadata definitions for the rest of the session.
    pub(crate) fn cache_metadefs(&self, metadefs: Arc<ImageMetadefs>) {
        if let Ok(mut slot) = self.metadefs.lock() {
            *slot = Some(metadefs);
        }
    }
}

/// The TLS client identity from the cloud's `cert` (and `key`, when the key is in a file of
/// its own), if it has one.
fn client_identity(cloud: &CloudConfig) -> RemoteResult<Option<reqwest::Identity>> {
    let Some(cert) = &cloud.cert else {
        return match &cloud.key {
            Some(_) => Err(RemoteError::config(
                &cloud.name,
                tr!("rlib-problem-key-without-cert"),
            )),
            None => Ok(None),
        };
    };
    let mut pem = std::fs::read(cert)
        .map_err(|e| RemoteError::io("cannot read the client certificate", cert, e))?;
    if let Some(key) = &cloud.key {
        let key_pem = std::fs::read(key)
            .map_err(|e| RemoteError::io("cannot read the client key", key, e))?;
        pem.push(b'\n');
        pem.extend_from_slice(&key_pem);
    }
    reqwest::Identity::from_pem(&pem).map(Some).map_err(|e| {
        RemoteError::config(
            &cloud.name,
            format!(
                "client certificate {} (with its key) is not usable: {}",
                cert.display(),
                root_cause(&e)
            ),
        )
    })
}

/// Send `request`, logging the call: method, URL (through [`redact_url`]: the query is kept,
/// secret values are not), the status or the failure, and the time to the response headers.
/// Headers and bodies are never logged: they carry tokens and passwords.
pub(crate) async fn send_logged(request: RequestBuilder, context: &str) -> RemoteResult<Response> {
    let (client, built) = request.build_split();
    let built = built.map_err(|e| map_reqwest(context, "", e))?;
    let method = built.method().clone();
    let url = built.url().to_string();
    let started = Instant::now();
    let sent = client.execute(built).await;
    let elapsed_ms = elapsed_ms(started);
    match &sent {
        Ok(response) => tracing::info!(
            %method,
            url = %redact_url(&url),
            status = response.status().as_u16(),
            elapsed_ms,
            "HTTP call"
        ),
        Err(error) => tracing::warn!(
            %method,
            url = %redact_url(&url),
            elapsed_ms,
            error = ?transport_detail(error),
            "HTTP call failed"
        ),
    }
    sent.map_err(|e| map_reqwest(context, &url, e))
}

/// What went wrong with a transport failure, for the log: its kind and the causes below
/// reqwest's own message (which repeats the URL with its query).
fn transport_detail(error: &reqwest::Error) -> String {
    let mut detail = String::from(if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "cannot connect"
    } else {
        "transport error"
    });
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        detail.push_str(": ");
        detail.push_str(&inner.to_string());
        source = inner.source();
    }
    detail
}

/// Milliseconds since `started`, for log lines.
pub(crate) fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// The error for an HTTP error answer.
pub fn http_error(context: &str, status: StatusCode, body: &str) -> RemoteError {
    RemoteError::Http {
        context: context.to_string(),
        status: status.as_u16(),
        message: server_message(body),
    }
}

/// Map a reqwest failure: refused/DNS/TLS -> Connect, timeouts -> Timeout.
pub fn map_reqwest(context: &str, url: &str, error: reqwest::Error) -> RemoteError {
    let url = url.split('?').next().unwrap_or(url).to_string();
    if error.is_timeout() {
        return RemoteError::Timeout {
            context: context.to_string(),
            url,
            seconds: CALL_TIMEOUT.as_secs(),
        };
    }
    // reqwest's own words repeat the URL ("error sending request for url (…)") and hyper's
    // add "client error (Connect)": the innermost cause is the one a person needs
    // ("Connection refused (os error 111)", a DNS or certificate error).
    let detail = root_cause(&error);
    if error.is_connect() {
        RemoteError::Connect {
            context: context.to_string(),
            url,
            detail,
        }
    } else {
        RemoteError::Connect {
            context: context.to_string(),
            url,
            detail: tr!("rlib-connection-failed", detail = detail),
        }
    }
}

/// The innermost cause of an error, as its own words (the error's own when it has none).
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    let text = cause.to_string();
    if text.trim().is_empty() {
        error.to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_can_be_shared_with_job_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Session>();
    }

    #[test]
    fn a_refused_keystone_is_a_clear_error() {
        let cloud = CloudConfig::new_password("nowhere", "http://127.0.0.1:9", "u", "p");
        let err = Session::connect(cloud, Secret::new("pw")).unwrap_err();
        assert!(matches!(err, RemoteError::Connect { .. }), "{err:?}");
        assert!(
            err.to_string()
                .starts_with("cloud \"nowhere\": authenticating at"),
            "{err}"
        );
        assert!(!err.to_string().contains("pw\""));
    }

    #[test]
    fn an_unusable_client_certificate_is_one_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let cert = dir.path().join("client.pem");
        std::fs::write(&cert, "-----BEGIN CERTIFICATE-----\nnot base64\n").unwrap();
        let mut cloud = CloudConfig::new_password("tls", "http://127.0.0.1:9", "u", "p");
        cloud.cert = Some(cert);
        let err = Session::connect(cloud.clone(), Secret::new("pw")).unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("cloud \"tls\": client certificate"),
            "{text}"
        );
        assert_eq!(text.lines().count(), 1);
        cloud.cert = Some(dir.path().join("missing.pem"));
        let err = Session::connect(cloud.clone(), Secret::new("pw")).unwrap_err();
        assert!(
            err.to_string()
                .contains("cannot read the client certificate"),
            "{err}"
        );
        cloud.cert = None;
        cloud.key = Some(dir.path().join("key.pem"));
        let err = Session::connect(cloud, Secret::new("pw")).unwrap_err();
        assert!(err.to_string().contains("key is set without cert"), "{err}");
    }
}
