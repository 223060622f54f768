//! Keystone v3: the token request for password, token and TOTP (project-scoped) and
//! application-credential auth, the renewal of a token with the token method, the token's expiry and service catalog, picking the image endpoint (type `image`,
//! the configured interface and region), and version discovery of both services.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::backend::remote::config::{AuthType, CloudConfig};
use crate::backend::remote::error::{RemoteError, RemoteResult};
use crate::backend::remote::secrets::Secret;
use crate::tr;

/// A Keystone token and what came with it. `Debug` never shows the token.
#[derive(Clone)]
pub struct Token {
    /// The `X-Subject-Token` value.
    pub value: Secret,
    /// When Keystone issued it.
    pub issued_at: DateTime<Utc>,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// The project it is scoped to (id), if any.
    pub project_id: Option<String>,
    /// The user's id.
    pub user_id: Option<String>,
    /// The user's name.
    pub user_name: Option<String>,
    /// The project's name, if scoped.
    pub project_name: Option<String>,
    /// The service catalog.
    pub catalog: Vec<CatalogService>,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("value", &"<redacted>")
            .field("issued_at", &self.issued_at)
            .field("expires_at", &self.expires_at)
            .field("project_id", &self.project_id)
            .finish_non_exhaustive()
    }
}

impl Token {
    /// The token's full lifetime in seconds.
    pub fn lifetime_secs(&self) -> i64 {
        (self.expires_at - self.issued_at).num_seconds().max(1)
    }

    /// Seconds left before it expires (negative once expired).
    pub fn remaining_secs(&self, now: DateTime<Utc>) -> i64 {
        (self.expires_at - now).num_seconds()
    }

    /// Whether it should be renewed now: less than a quarter of its lifetime (at most five
    /// minutes) is left.
    pub fn needs_renewal(&self, now: DateTime<Utc>) -> bool {
        let margin = (self.lifetime_secs() / 4).clamp(1, 300);
        self.remaining_secs(now) <= margin
    }
}

/// One service of the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogService {
    /// Service type (`image`, `identity`, …).
    pub service_type: String,
    /// Its endpoints.
    pub endpoints: Vec<Endpoint>,
}

/// One endpoint of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// public, internal or admin.
    pub interface: String,
    /// Region id.
    pub region: Option<String>,
    /// Base URL (may be unversioned).
    pub url: String,
}

/// Keystone's versioned URL: `auth_url` itself when it names v3, else `<auth_url>/v3`.
pub fn identity_v3_url(auth_url: &str) -> String {
    let trimmed = auth_url.trim_end_matches('/');
    if trimmed.ends_with("/v3") {
        trimmed.to_string()
    } else {
        format!("{trimmed}/v3")
    }
}

/// The body of `POST /v3/auth/tokens` for a cloud (the one place a secret is sent).
pub fn token_request_body(cloud: &CloudConfig, secret: &Secret) -> Value {
    let domain = |name: &Option<String>, id: &Option<String>| match (id, name) {
        (Some(id), _) => json!({"id": id}),
        (None, Some(name)) => json!({"name": name}),
        (None, None) => json!({"id": "default"}),
    };
    let user = |extra: (&str, Value)| {
        let mut user = serde_json::Map::new();
        match (&cloud.user_id, &cloud.username) {
            (Some(id), _) => {
                user.insert("id".into(), json!(id));
            }
            (None, Some(name)) => {
                user.insert("name".into(), json!(name));
                let dom = domain(&cloud.user_domain_name, &cloud.user_domain_id);
                user.insert("domain".into(), dom);
            }
            (None, None) => {}
        }
        if !extra.0.is_empty() {
            user.insert(extra.0.into(), extra.1);
        }
        Value::Object(user)
    };
    let project = || match (&cloud.project_id, &cloud.project_name) {
        (Some(id), _) => json!({"id": id}),
        (_, name) => json!({
            "name": name,
            "domain": domain(&cloud.project_domain_name, &cloud.project_domain_id),
        }),
    };
    match cloud.auth_type {
        AuthType::Password => json!({"auth": {
            "identity": {
                "methods": ["password"],
                "password": {"user": user(("password", json!(secret.expose())))},
            },
            "scope": {"project": project()},
        }}),
        AuthType::Totp => json!({"auth": {
            "identity": {
                "methods": ["totp"],
                "totp": {"user": user(("passcode", json!(secret.expose())))},
            },
            "scope": {"project": project()},
        }}),
        AuthType::Token => json!({"auth": {
            "identity": {"methods": ["token"], "token": {"id": secret.expose()}},
            "scope": {"project": project()},
        }}),
        AuthType::ApplicationCredential => {
            let credential = match &cloud.application_credential_id {
                Some(id) => json!({"id": id, "secret": secret.expose()}),
                None => json!({
                    "name": cloud.application_credential_name,
                    "user": user(("", Value::Null)),
                    "secret": secret.expose(),
                }),
            };
            json!({"auth": {"identity": {
                "methods": ["application_credential"],
                "application_credential": credential,
            }}})
        }
    }
}

/// The body that trades a valid token for a new one scoped to the same project (Keystone's
/// token method): how a TOTP session renews without asking for another passcode. The new
/// token expires when the first one does.
pub fn token_renewal_body(token: &Token) -> Value {
    let mut body = json!({"auth": {"identity": {
        "methods": ["token"],
        "token": {"id": token.value.expose()},
    }}});
    if let (Some(project), Some(auth)) = (&token.project_id, body.get_mut("auth")) {
        auth["scope"] = json!({"project": {"id": project}});
    }
    body
}

fn parse_time(value: Option<&Value>) -> Option<DateTime<Utc>> {
    let text = value?.as_str()?;
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Parse Keystone's token response (the token value comes from the header).
pub fn parse_token(value: Secret, body: &Value, context: &str) -> RemoteResult<Token> {
    let token = body.get("token").ok_or_else(|| RemoteError::Protocol {
        context: context.to_string(),
        problem: tr!("rlib-problem-no-token"),
    })?;
    let expires_at = parse_time(token.get("expires_at")).ok_or_else(|| RemoteError::Protocol {
        context: context.to_string(),
        problem: tr!("rlib-problem-no-expiry"),
    })?;
    let issued_at = parse_time(token.get("issued_at")).unwrap_or_else(Utc::now);
    let text = |p: &str| token.pointer(p).and_then(Value::as_str).map(str::to_string);
    let catalog = token
        .get("catalog")
        .and_then(Value::as_array)
        .map(|services| {
            services
                .iter()
                .map(|service| CatalogService {
                    service_type: service
                        .get("type")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                    endpoints: service
                        .get("endpoints")
                        .and_then(Value::as_array)
                        .map(|eps| eps.iter().filter_map(parse_endpoint).collect())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Token {
        value,
        issued_at,
        expires_at,
        project_id: text("/project/id"),
        user_id: text("/user/id"),
        user_name: text("/user/name"),
        project_name: text("/project/name"),
        catalog,
    })
}

fn parse_endpoint(value: &Value) -> Option<Endpoint> {
    Some(Endpoint {
        interface: value.get("interface")?.as_str()?.to_string(),
        region: value
            .get("region_id")
            .or_else(|| value.get("region"))
            .and_then(Value::as_str)
            .map(str::to_string),
        url: value.get("url")?.as_str()?.to_string(),
    })
}

/// The image endpoint for `cloud` from a catalog: type `image`, the cloud's interface, and
/// its region when one is set.
pub fn image_endpoint(cloud: &CloudConfig, catalog: &[CatalogService]) -> RemoteResult<String> {
    if let Some(url) = &cloud.image_endpoint_override {
        return Ok(url.clone());
    }
    let endpoints = catalog
        .iter()
        .filter(|s| s.service_type == "image")
        .flat_map(|s| s.endpoints.iter());
    let mut found = endpoints
        .filter(|e| e.interface == cloud.interface)
        .filter(|e| {
            cloud
                .region_name
                .as_ref()
                .is_none_or(|region| e.region.as_deref() == Some(region.as_str()))
        });
    found.next().map(|e| e.url.clone()).ok_or_else(|| {
        RemoteError::config(
            &cloud.name,
            match &cloud.region_name {
                Some(region) => tr!(
                    "rlib-problem-no-endpoint-in-region",
                    interface = cloud.interface.to_string(),
                    region = region
                ),
                None => tr!(
                    "rlib-problem-no-endpoint",
                    interface = cloud.interface.to_string()
                ),
            },
        )
    })
}

/// Glance's v2 base URL from version discovery: the endpoint when it already names v2,
/// else the `self` link of the newest CURRENT/SUPPORTED v2.x in `GET /` (a 300 answer).
/// Returns the base URL and the newest minor version found.
pub fn pick_image_version(endpoint: &str, versions: Option<&Value>) -> (String, Option<String>) {
    let trimmed = endpoint.trim_end_matches('/');
    let best = versions
        .and_then(|v| v.get("versions"))
        .and_then(Value::as_array)
        .and_then(|list| {
            list.iter()
                .filter(|v| {
                    let id = v.get("id").and_then(Value::as_str).unwrap_or_default();
                    let status = v.get("status").and_then(Value::as_str).unwrap_or_default();
                    id.starts_with("v2") && matches!(status, "CURRENT" | "SUPPORTED" | "stable")
                })
                .max_by_key(|v| {
                    let id = v.get("id").and_then(Value::as_str).unwrap_or_default();
                    id.trim_start_matches("v2.").parse::<u32>().unwrap_or(0)
                })
                .cloned()
        });
    let minor = best
        .as_ref()
        .and_then(|v| v.get("id"))
        .and_then(Value::as_str)
        .map(str::to_string);
    if trimmed.ends_with("/v2") {
        return (trimmed.to_string(), minor);
    }
    let href = best.as_ref().and_then(|v| {
        v.get("links")?
            .as_array()?
            .iter()
            .find(|l| l.get("rel").and_then(Value::as_str) == Some("self"))?
            .get("href")?
            .as_str()
            .map(|h| h.trim_end_matches('/').to_string())
    });
    (href.unwrap_or_else(|| format!("{trimmed}/v2")), minor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_selection_and_discovery() {
        let mut cloud = CloudConfig::new_password("c", "http://k:5000", "u", "p");
        cloud.region_name = Some("R2".into());
        let catalog = vec![CatalogService {
            service_type: "image".into(),
            endpoints: vec![
                Endpoint {
                    interface: "public".into(),
                    region: Some("R1".into()),
                    url: "http://r1".into(),
                },
                Endpoint {
                    interface: "internal".into(),
                    region: Some("R2".into()),
                    url: "http://r2i".into(),
                },
                Endpoint {
                    interface: "public".into(),
                    region: Some("R2".into()),
                    url: "http://r2".into(),
                },
            ],
        }];
        assert_eq!(image_endpoint(&cloud, &catalog).unwrap(), "http://r2");
        cloud.interface = "admin".into();
        assert!(image_endpoint(&cloud, &catalog).is_err());
        assert_eq!(identity_v3_url("http://k:5000/"), "http://k:5000/v3");
        assert_eq!(identity_v3_url("http://k:5000/v3/"), "http://k:5000/v3");
        let versions = json!({"versions": [
            {"id": "v2.9", "status": "SUPPORTED", "links": [{"rel": "self", "href": "http://g/v2/"}]},
            {"id": "v2.17", "status": "CURRENT", "links": [{"rel": "self", "href": "http://g/v2/"}]},
            {"id": "v1.1", "status": "DEPRECATED", "links": [{"rel": "self", "href": "http://g/v1/"}]},
        ]});
        let (url, minor) = pick_image_version("http://g", Some(&versions));
        assert_eq!(url, "http://g/v2");
        assert_eq!(minor.as_deref(), Some("v2.17"));
    }

    #[test]
    fn token_bodies_carry_scope_and_credentials() {
        let cloud = CloudConfig::new_password("c", "http://k", "admin", "admin");
        let body = token_request_body(&cloud, &Secret::new("pw"));
        assert_eq!(
            body.pointer("/auth/identity/password/user/password"),
            Some(&json!("pw"))
        );
        assert_eq!(
            body.pointer("/auth/scope/project/name"),
            Some(&json!("admin"))
        );
        let mut app = cloud.clone();
        app.auth_type = AuthType::ApplicationCredential;
        app.application_credential_id = Some("id1".into());
        let body = token_request_body(&app, &Secret::new("s"));
        assert_eq!(
            body.pointer("/auth/identity/application_credential/id"),
            Some(&json!("id1"))
        );
        assert!(body.pointer("/auth/scope").is_none());
        let mut totp = cloud.clone();
        totp.auth_type = AuthType::Totp;
        let body = token_request_body(&totp, &Secret::new("123456"));
        assert_eq!(
            body.pointer("/auth/identity/methods"),
            Some(&json!(["totp"]))
        );
        assert_eq!(
            body.pointer("/auth/identity/totp/user/passcode"),
            Some(&json!("123456"))
        );
        assert_eq!(
            body.pointer("/auth/identity/totp/user/name"),
            Some(&json!("admin"))
        );
        assert_eq!(
            body.pointer("/auth/scope/project/name"),
            Some(&json!("admin"))
        );
        let mut token = cloud.clone();
        token.auth_type = AuthType::Token;
        token.project_id = Some("p1".into());
        let body = token_request_body(&token, &Secret::new("tok"));
        assert_eq!(body.pointer("/auth/identity/token/id"), Some(&json!("tok")));
        assert_eq!(body.pointer("/auth/scope/project/id"), Some(&json!("p1")));
        let issued = parse_token(
            Secret::new("t2"),
            &json!({"token": {"expires_at": "2099-01-01T00:00:00Z", "project": {"id": "p9"}}}),
            "test",
        )
        .unwrap();
        let body = token_renewal_body(&issued);
        assert_eq!(body.pointer("/auth/identity/token/id"), Some(&json!("t2")));
        assert_eq!(body.pointer("/auth/scope/project/id"), Some(&json!("p9")));
    }
}
