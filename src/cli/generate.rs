//! `glance-workbench generate …` (hidden): shell completions and man pages made from the clap
//! definitions themselves (`clap_complete`, `clap_mangen`), so they never drift from the
//! commands. The packaging script runs it on the binary it packages; a build script would
//! have to compile the CLI's definitions (and clap) a second time, for the host, on every
//! build, while this costs nothing until a package is made.

use std::path::{Path, PathBuf};

use clap::{CommandFactory, Subcommand, ValueEnum};

use crate::backend::{Error, Result};
use crate::cli::Cli;

/// `generate …`.
#[derive(Debug, Subcommand)]
pub enum GenerateCommand {
    /// Print the completion script of a shell on stdout.
    Completions {
        /// The shell.
        shell: Shell,
    },
    /// Write the man pages (glance-workbench.1 and one per subcommand) into DIR.
    Man {
        /// The folder to write into (created when missing).
        dir: PathBuf,
    },
}

/// The shells with a completion script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    /// Bash (bash-completion).
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
}

/// Run a `generate` command (it needs no data dir).
pub fn run(command: GenerateCommand) -> Result<()> {
    match command {
        GenerateCommand::Completions { shell } => {
            let shell = match shell {
                Shell::Bash => clap_complete::Shell::Bash,
                Shell::Zsh => clap_complete::Shell::Zsh,
                Shell::Fish => clap_complete::Shell::Fish,
            };
            let mut command = Cli::command();
            let name = command.get_name().to_string();
            clap_complete::generate(shell, &mut command, name, &mut std::io::stdout());
            Ok(())
        }
        GenerateCommand::Man { dir } => man_pages(&dir),
    }
}

/// Write every man page into `dir`.
pub fn man_pages(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
    clap_mangen::generate_to(Cli::command(), dir)
        .map_err(|e| Error::io("cannot write the man pages into", dir, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn man_pages_cover_the_commands_and_leave_generate_out() {
        let dir = tempfile::tempdir().unwrap();
        man_pages(dir.path()).unwrap();
        let main = std::fs::read_to_string(dir.path().join("glance-workbench.1")).unwrap();
        assert!(main.contains(".TH glance-workbench 1"), "{main}");
        assert!(main.contains("image"), "{main}");
        assert!(dir.path().join("glance-workbench-image-list.1").exists());
        assert!(!dir.path().join("glance-workbench-generate.1").exists());
    }

    #[test]
    fn every_shell_gets_a_script_naming_the_commands() {
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
        ] {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "glance-workbench", &mut out);
            let text = String::from_utf8(out).unwrap();
            assert!(text.contains("glance-workbench"), "{shell}");
            assert!(text.contains("image"), "{shell}");
        }
    }
}
