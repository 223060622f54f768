//! Where the log file lives and what may be written to it. The library only emits `tracing`
//! events; the binary installs the subscriber (a daily file under [`log_dir`], stderr with
//! `-v`). Nothing secret is ever an event field: no headers, no bodies, and URLs only through
//! [`redact_url`].

use std::path::PathBuf;

/// Environment variable that moves the log folder (tests and packagers use it).
pub const LOG_DIR_ENV: &str = "GLANCE_WORKBENCH_LOG_DIR";
/// Log files are `<prefix>.<YYYY-MM-DD>.log`, one a day.
pub const LOG_FILE_PREFIX: &str = "glance-workbench";
/// The log files' extension.
pub const LOG_FILE_SUFFIX: &str = "log";

/// The folder of the log files: `$GLANCE_WORKBENCH_LOG_DIR`, else the platform state dir
/// (`$XDG_STATE_HOME/glance-workbench`, `~/.local/state/glance-workbench`). `None` only
/// when there is no home folder either.
pub fn log_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(LOG_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let dirs = directories::ProjectDirs::from("org", "OpenStack", "glance-workbench");
    if let Some(state) = dirs.as_ref().and_then(|d| d.state_dir()) {
        return Some(state.to_path_buf());
    }
    // ProjectDirs has no state dir outside Linux: follow the XDG rule by hand there.
    if let Some(state) = std::env::var_os("XDG_STATE_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(state).join("glance-workbench"));
    }
    directories::BaseDirs::new().map(|b| b.home_dir().join(".local/state/glance-workbench"))
}

/// Query keys whose values are credentials wherever they appear (temp URLs, presigned URLs,
/// tokens passed as parameters), compared without case, `-` or `_`.
const SECRET_KEY_PARTS: &[&str] = &[
    "token",
    "password",
    "passwd",
    "secret",
    "signature",
    "credential",
    "apikey",
    "accesskey",
    "authorization",
];

fn is_secret_key(key: &str) -> bool {
    let folded: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    folded == "key"
        || folded == "auth"
        || folded.ends_with("sig")
        || SECRET_KEY_PARTS.iter().any(|part| folded.contains(part))
}

/// A URL as it may be logged: user info (`user:password@`) and the values of secret-looking
/// query parameters become `REDACTED`, the fragment is dropped, and whitespace and control
/// characters are percent-encoded so a line in the log stays one line.
pub fn redact_url(url: &str) -> String {
    let url = url.split('#').next().unwrap_or(url);
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let mut out = String::with_capacity(url.len());
    // User info sits between "scheme://" and the first '@' before the path.
    match base.split_once("://") {
        Some((scheme, rest)) => {
            let authority_end = rest.find('/').unwrap_or(rest.len());
            let (authority, path) = rest.split_at(authority_end);
            out.push_str(scheme);
            out.push_str("://");
            match authority.rsplit_once('@') {
                Some((_, host)) => {
                    out.push_str("REDACTED@");
                    out.push_str(host);
                }
                None => out.push_str(authority),
            }
            out.push_str(path);
        }
        None => out.push_str(base),
    }
    if let Some(query) = query {
        out.push('?');
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if is_secret_key(key) => format!("{key}=REDACTED"),
                _ => pair.to_string(),
            })
            .collect();
        out.push_str(&pairs.join("&"));
    }
    out.chars()
        .map(|c| {
            if c.is_whitespace() || c.is_control() {
                let mut buf = [0u8; 4];
                c.encode_utf8(&mut buf)
                    .bytes()
                    .map(|b| format!("%{b:02X}"))
                    .collect()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_urls_pass_unchanged() {
        for url in [
            "http://127.0.0.1:9292/v2/images",
            "https://glance.example.com/v2/images?limit=25&sort_key=name&sort_dir=asc",
            "https://keystone.example.com:5000/v3/auth/tokens",
            "/v2/images?marker=0b1c&member_status=pending",
        ] {
            assert_eq!(redact_url(url), url);
        }
    }

    #[test]
    fn user_info_is_redacted() {
        assert_eq!(
            redact_url("https://admin:s3cr3t@keystone.example.com/v3/auth/tokens"),
            "https://REDACTED@keystone.example.com/v3/auth/tokens"
        );
        // An '@' in the path is not user info.
        assert_eq!(
            redact_url("http://host/v2/images?name=a@b"),
            "http://host/v2/images?name=a@b"
        );
    }

    #[test]
    fn secret_query_values_are_redacted_and_others_kept() {
        let url = "https://swift.example.com/v1/AUTH_x/c/o?temp_url_sig=abcdef&temp_url_expires=17\
                   &X-Amz-Signature=ff00&X-Amz-Credential=AKIA&token=gAAAAABx&password=pw\
                   &api_key=k&key=k2&limit=5&sort_key=name";
        let redacted = redact_url(url);
        for secret in ["abcdef", "ff00", "AKIA", "gAAAAABx", "=pw", "=k&", "k2"] {
            assert!(!redacted.contains(secret), "{secret} in {redacted}");
        }
        for kept in ["temp_url_expires=17", "limit=5", "sort_key=name"] {
            assert!(redacted.contains(kept), "{kept} lost from {redacted}");
        }
        assert!(redacted.contains("X-Amz-Signature=REDACTED"));
    }

    #[test]
    fn fragments_go_and_control_characters_are_encoded() {
        assert_eq!(
            redact_url("http://host/v2/images/a\nb c#frag"),
            "http://host/v2/images/a%0Ab%20c"
        );
    }

    #[test]
    fn the_log_dir_is_named_after_the_app() {
        // With the override unset this is the platform state dir; either way it is a path.
        if std::env::var_os(LOG_DIR_ENV).is_none()
            && let Some(dir) = log_dir()
        {
            assert!(dir.ends_with("glance-workbench"), "{}", dir.display());
        }
    }
}
