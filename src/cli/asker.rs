//! The CLI's way of asking a person for a cloud's secret: a no-echo prompt on the terminal.
//!
//! It lives in the CLI, not in [`crate::app`]: the application service is shared with the
//! window, which has no terminal, and asking a person is a front end's concern (the window
//! asks with a dialog). The service only knows the [`SecretAsker`] trait.

use std::io::IsTerminal;

use crate::app::sessions::{Asked, SecretAsker};
use crate::backend::remote::config::{AuthType, CloudConfig};
use crate::backend::remote::secrets::Secret;
use crate::display::escape;
use crate::tr;

/// The CLI's asker: a no-echo prompt on a terminal (rpassword); [`Asked::Nobody`] when stdin
/// is not a terminal (scripts get the library's message naming where a secret can come from).
#[derive(Debug, Clone, Copy, Default)]
pub struct TerminalAsker;

impl SecretAsker for TerminalAsker {
    fn ask(&self, cloud: &CloudConfig, problem: Option<&str>) -> Asked {
        if !std::io::stdin().is_terminal() {
            return Asked::Nobody;
        }
        if let Some(problem) = problem {
            // The refusal (never the secret): why the prompt comes again.
            eprintln!("{}", escape(problem));
        }
        let name = escape(&cloud.name).into_owned();
        let text = match cloud.auth_type {
            AuthType::Password => tr!("cli-ask-password", cloud = name),
            AuthType::ApplicationCredential => tr!("cli-ask-application-credential", cloud = name),
            AuthType::Token => tr!("cli-ask-token", cloud = name),
            AuthType::Totp => tr!("cli-ask-totp", cloud = name),
        };
        match prompt(&text) {
            Some(secret) => Asked::Secret(secret),
            None => Asked::Nobody,
        }
    }
}

/// Ask on the terminal without echo; `None` when stdin is not a terminal or nothing was typed.
fn prompt(text: &str) -> Option<Secret> {
    if !std::io::stdin().is_terminal() {
        return None;
    }
    rpassword::prompt_password(text)
        .ok()
        .filter(|s| !s.is_empty())
        .map(Secret::new)
}

/// A secret to keep (`cloud add --store-secret`): asked without echo on a terminal, else the
/// first line of stdin (for scripts); `None` when none was given.
pub(crate) fn secret_to_keep() -> Option<Secret> {
    prompt(&tr!("cli-ask-secret-to-keep")).or_else(|| {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).ok()?;
        // Cut in place: a copy would leave the secret in freed memory.
        let kept = line.trim_end_matches(['\n', '\r']).len();
        line.truncate(kept);
        (!line.is_empty()).then(|| Secret::new(line))
    })
}
