//! Secrets (passwords, application credential secrets): a type that never prints itself, and
//! the OS keyring (Secret Service over D-Bus through the `keyring` crate) with a graceful
//! fallback where none runs. Which secret a cloud uses is decided in
//! [`crate::app::sessions`]; asking a person is a front end's job, never the backend's.
//! Secrets are never written to the registry, to logs, to errors or to `Debug` output.

use std::fmt;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// The keyring service name entries are stored under.
pub const KEYRING_SERVICE: &str = "glance-workbench";
/// How long a keyring call may take before it counts as unavailable.
const KEYRING_TIMEOUT: Duration = Duration::from_secs(5);

/// A secret string whose `Debug` and `Display` print `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wrap a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that sends it (the Keystone request body).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        // Overwrite the bytes so the secret does not linger in freed memory.
        // SAFETY: zero bytes are valid UTF-8, so the String stays valid.
        unsafe {
            for byte in self.0.as_bytes_mut() {
                std::ptr::write_volatile(byte, 0);
            }
        }
    }
}

/// Whether a keyring service can be asked at all (a D-Bus session exists). Without one the
/// `keyring` crate would only fail, possibly after a delay.
pub fn keyring_available() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty())
        && std::env::var_os("GLANCE_WORKBENCH_NO_KEYRING").is_none()
}

/// Run a keyring call on a helper thread with a time limit, so a hung D-Bus never blocks.
fn with_timeout<T: Send + 'static>(call: impl FnOnce() -> Option<T> + Send + 'static) -> Option<T> {
    if !keyring_available() {
        return None;
    }
    let (tx, rx) = mpsc::channel();
    let spawned = thread::Builder::new()
        .name("keyring".into())
        .spawn(move || {
            let _ = tx.send(call());
        });
    if spawned.is_err() {
        return None;
    }
    rx.recv_timeout(KEYRING_TIMEOUT).ok().flatten()
}

/// The keyring entry name for a cloud's secret.
fn entry_name(cloud: &str) -> String {
    format!("cloud:{cloud}")
}

/// The secret stored in the keyring for `cloud`, if a keyring runs and has one.
pub fn keyring_secret(cloud: &str) -> Option<Secret> {
    let name = entry_name(cloud);
    with_timeout(move || {
        let entry = keyring::Entry::new(KEYRING_SERVICE, &name).ok()?;
        entry.get_password().ok().map(Secret::new)
    })
}

/// Store `secret` for `cloud` in the keyring; false when no keyring service is available.
pub fn store_in_keyring(cloud: &str, secret: &Secret) -> bool {
    let name = entry_name(cloud);
    let value = secret.clone();
    with_timeout(move || {
        let entry = keyring::Entry::new(KEYRING_SERVICE, &name).ok()?;
        entry.set_password(value.expose()).ok()
    })
    .is_some()
}

/// Remove `cloud`'s secret from the keyring (nothing happens without a keyring).
pub fn forget_keyring_secret(cloud: &str) {
    let name = entry_name(cloud);
    let _ = with_timeout(move || {
        let entry = keyring::Entry::new(KEYRING_SERVICE, &name).ok()?;
        entry.delete_credential().ok()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "<redacted>");
        assert_eq!(format!("{secret}"), "<redacted>");
        assert_eq!(secret.expose(), "hunter2");
    }
}
