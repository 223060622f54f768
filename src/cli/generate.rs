//! `glance-workbench generate …` (hidden): shell completions and man pages made from the clap
//! definitions themselves (`clap_complete`, `clap_mangen`), so they never drift from the
//! commands. The packaging script runs it on the binary it packages; a build script would
//! have to compile the CLI's definitions (and clap) a second time, for the host, on every
//! build, while this costs nothing until a package is made.
//!
//! Man pages follow `--lang`: in English they are `clap_mangen`'s own; in Chinese they are
//! made from the localized tree (`help::localize_for_man`) with `clap_mangen`'s sections
//! under Chinese headings (each section's `.SH` line, which `clap_mangen` writes in English,
//! is checked and replaced; nothing else of its output is rewritten), an OPTIONS section
//! written here with its notes (default, possible values, environment variable) in Chinese,
//! and `\:` break points between ideographs so groff can break a run of Chinese (it breaks
//! only at spaces, and a run of Chinese has none). Completions stay in English: a shell
//! loads one completion file per command, whatever the language.

use std::path::{Path, PathBuf};

use clap::{Arg, Command, CommandFactory, Subcommand, ValueEnum};
use clap_mangen::roff::{Inline, Roff, bold, italic, roman};
use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_width::UnicodeWidthChar;

use crate::backend::{Error, Result};
use crate::cli::{Cli, help};
use crate::i18n::{self, Lang};
use crate::tr;

/// `generate …`.
#[derive(Debug, Subcommand)]
pub enum GenerateCommand {
    /// Print the completion script of a shell on stdout.
    Completions {
        /// The shell.
        shell: Shell,
    },
    /// Write the man pages (glance-workbench.1 and one per subcommand) into DIR.
    // In the language of `--lang` (the help text stays as the catalog has it).
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

/// Write every man page into `dir`, in the current language.
pub fn man_pages(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
    let written = if i18n::current() == Lang::En {
        clap_mangen::generate_to(Cli::command(), dir)
    } else {
        let command = help::localize_for_man(Cli::command().disable_help_subcommand(true));
        localized_pages(command, dir)
    };
    written.map_err(|e| Error::io("cannot write the man pages into", dir, e))
}

/// Write the localized pages of `command` and of every visible subcommand under it.
fn localized_pages(command: Command, dir: &Path) -> std::io::Result<()> {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        localized_pages(sub.clone(), dir)?;
    }
    let man = clap_mangen::Man::new(command.clone());
    std::fs::write(
        dir.join(man.get_filename()),
        localized_page(&man, &command)?,
    )
}

/// One section as `render` writes it, its `.SH` heading (`english`, as clap_mangen writes
/// it) replaced by `heading`; `None` for a section clap_mangen did not start as expected
/// (a newer clap_mangen: the page is refused rather than left half English).
fn section(
    render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
    english: &str,
    heading: &str,
) -> std::io::Result<String> {
    let text = rendered(render)?;
    let body = text
        .strip_prefix(&format!(".SH {english}\n"))
        .ok_or_else(|| {
            std::io::Error::other(format!("clap_mangen's {english} section starts otherwise"))
        })?;
    let mut roff = Roff::new();
    roff.control("SH", [heading]);
    Ok(format!("{}{body}", roff.to_roff()))
}

/// What `render` writes, without the preamble every roff rendering starts with (the page
/// has it once).
fn rendered(render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> std::io::Result<String> {
    let mut out = Vec::new();
    render(&mut out)?;
    let text = String::from_utf8(out).map_err(std::io::Error::other)?;
    let preamble = Roff::new().render();
    Ok(text.strip_prefix(&preamble).unwrap_or(&text).to_string())
}

/// A man page of `command` (built, localized) in the current language.
fn localized_page(man: &clap_mangen::Man, command: &Command) -> std::io::Result<String> {
    let mut page = Roff::new().render();
    page.push_str(&rendered(|w| man.render_title(w))?);
    // Ragged right: a line of Chinese has no spaces to stretch, so justifying it fails (groff
    // warns "cannot adjust line" for each).
    let mut left = Roff::new();
    left.control("ad", ["l"]);
    page.push_str(&left.to_roff());
    page.push_str(&section(
        |w| man.render_name_section(w),
        "NAME",
        &tr!("package-man-name"),
    )?);
    let mut synopsis = section(
        |w| man.render_synopsis_section(w),
        "SYNOPSIS",
        &tr!("package-man-synopsis"),
    )?;
    if command.has_subcommands() {
        // clap_mangen ends the synopsis with the subcommand placeholder, "[subcommands]" (the
        // subcommand heading in lower case, which clap takes only as a static string).
        let english = "\\fIsubcommands\\fR";
        let at = synopsis.rfind(english).ok_or_else(|| {
            std::io::Error::other("clap_mangen's synopsis names the subcommand otherwise")
        })?;
        let word = format!("\\fI{}\\fR", tr!("package-man-subcommand-value"));
        synopsis.replace_range(at..at + english.len(), &word);
    }
    page.push_str(&synopsis);
    page.push_str(&section(
        |w| man.render_description_section(w),
        "DESCRIPTION",
        &tr!("package-man-description"),
    )?);
    let args: Vec<&Arg> = command
        .get_arguments()
        .filter(|a| !a.is_hide_set())
        .collect();
    if !args.is_empty() {
        page.push_str(&rendered(|w| options_section(&args).to_writer(w))?);
    }
    if command.get_subcommands().any(|s| !s.is_hide_set()) {
        page.push_str(&section(
            |w| man.render_subcommands_section(w),
            "SUBCOMMANDS",
            &tr!("package-man-subcommands"),
        )?);
    }
    if command.get_version().is_some() || command.get_long_version().is_some() {
        page.push_str(&section(
            |w| man.render_version_section(w),
            "VERSION",
            &tr!("package-man-version"),
        )?);
    }
    Ok(with_break_points(&page))
}

/// The OPTIONS section: each option (then each positional argument) with its value names,
/// default, help, possible values and environment variable, laid out as clap_mangen lays
/// its own (`.TP`, the values as a bulleted list), its notes in the current language.
fn options_section(args: &[&Arg]) -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", [tr!("package-man-options").as_str()]);
    let mut options: Vec<&Arg> = args
        .iter()
        .copied()
        .filter(|a| !a.is_positional())
        .collect();
    options.sort_by_key(|arg| option_sort_key(arg));
    let positionals = args.iter().copied().filter(|a| a.is_positional());
    for arg in options.into_iter().chain(positionals) {
        let mut header = Vec::new();
        if arg.is_positional() {
            let (open, close) = if arg.is_required_set() {
                ("<", ">")
            } else {
                ("[", "]")
            };
            header.push(roman(open));
            header.push(italic(value_names(arg).join(" ")));
            header.push(roman(close));
        } else {
            if let Some(short) = arg.get_short() {
                header.push(bold(format!("-{short}")));
            }
            if let Some(long) = arg.get_long() {
                if !header.is_empty() {
                    header.push(roman(", "));
                }
                header.push(bold(format!("--{long}")));
            }
            let range = arg.get_num_args().unwrap_or_default();
            if range.takes_values() {
                let names = value_names(arg);
                let last = names.len().saturating_sub(1);
                for (i, name) in names.iter().enumerate() {
                    header.push(roman(" "));
                    let more = if i == last && range.max_values() > names.len() {
                        "..."
                    } else {
                        ""
                    };
                    header.push(italic(format!("<{name}>{more}")));
                }
            }
        }
        let range = arg.get_num_args().unwrap_or_default();
        if range.takes_values()
            && !arg.is_hide_default_value_set()
            && !arg.get_default_values().is_empty()
        {
            let values: Vec<String> = arg
                .get_default_values()
                .iter()
                .map(|v| help::quoted(&v.to_string_lossy()))
                .collect();
            header.push(roman(" "));
            header.push(roman(tr!("help-clap-default", value = values.join(","))));
        }
        roff.control("TP", []);
        roff.text(header);
        let help = arg.get_long_help().or_else(|| arg.get_help());
        if let Some(help) = help {
            roff.text([roman(help.to_string())]);
        }
        let values: Vec<_> = if arg.is_hide_possible_values_set() {
            Vec::new()
        } else {
            arg.get_possible_values()
                .into_iter()
                .filter(|v| !v.is_hide_set())
                .collect()
        };
        if !values.is_empty() {
            if help.is_some() {
                roff.text([Inline::LineBreak]);
            }
            roff.text([
                Inline::LineBreak,
                italic(tr!("help-clap-possible-values-heading")),
            ]);
            // As clap_mangen: .TP's indent does not carry over to .IP, hence RS 14.
            roff.control("RS", ["14"]);
            for value in values {
                roff.control("IP", ["\\(bu", "2"]);
                let text = match value.get_help() {
                    Some(help) => format!("{}: {help}", value.get_name()),
                    None => value.get_name().to_string(),
                };
                roff.text([roman(text)]);
            }
            roff.control("RE", []);
        }
        if let Some(name) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
            roff.control("RS", []);
            roff.text([roman(tr!(
                "help-clap-env",
                value = name.to_string_lossy().into_owned()
            ))]);
            roff.control("RE", []);
        }
    }
    roff
}

/// An argument's value names as help shows them (its id in capitals when it has none).
fn value_names(arg: &Arg) -> Vec<String> {
    match arg.get_value_names() {
        Some(names) => names.iter().map(ToString::to_string).collect(),
        None => vec![arg.get_id().as_str().to_uppercase()],
    }
}

/// The order clap's help and clap_mangen list options in: display order, then the short
/// flag (lower case first), else the long one.
fn option_sort_key(arg: &Arg) -> (usize, String) {
    let key = match (arg.get_short(), arg.get_long()) {
        (Some(short), _) => {
            let case = if short.is_ascii_lowercase() { '0' } else { '1' };
            format!("{}{case}", short.to_ascii_lowercase())
        }
        (None, Some(long)) => long.to_string(),
        (None, None) => format!("{{{}", arg.get_id()),
    };
    (arg.get_display_order(), key)
}

/// `page` with roff's zero-width break point `\:` wherever a text line may break between two
/// characters one of which is as wide as an ideograph (UAX #14's opportunities); control
/// lines and roff's own escapes are left as they are.
fn with_break_points(page: &str) -> String {
    let mut out = String::with_capacity(page.len() + page.len() / 4);
    for line in page.split_inclusive('\n') {
        if line.starts_with(['.', '\'']) {
            out.push_str(line);
            continue;
        }
        let wide = |c: Option<char>| c.is_some_and(|c| c.width() == Some(2));
        let mut from = 0;
        for (at, kind) in linebreaks(line) {
            if kind != BreakOpportunity::Allowed || at == 0 || at >= line.trim_end().len() {
                continue;
            }
            let before = line[..at].chars().next_back();
            let after = line[at..].chars().next();
            let spaced =
                before.is_some_and(char::is_whitespace) || after.is_some_and(char::is_whitespace);
            // Not beside an escape (`\fB…\fR`): a break point there would be harmless, only
            // noise in the page's source.
            let escape = after == Some('\\')
                || ["\\fB", "\\fI", "\\fR", "\\fP"]
                    .iter()
                    .any(|e| line[..at].ends_with(e));
            if !spaced && !escape && (wide(before) || wide(after)) && before != Some('\\') {
                out.push_str(&line[from..at]);
                out.push_str("\\:");
                from = at;
            }
        }
        out.push_str(&line[from..]);
    }
    out
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

    /// The page `name` of `dir` without the break points between ideographs.
    fn page(dir: &Path, name: &str) -> String {
        std::fs::read_to_string(dir.join(name))
            .unwrap()
            .replace("\\:", "")
    }

    #[test]
    fn chinese_man_pages_have_chinese_headings_texts_and_notes_and_the_same_files() {
        let en = tempfile::tempdir().unwrap();
        let zh = tempfile::tempdir().unwrap();
        i18n::set_thread_lang(Some(Lang::En));
        man_pages(en.path()).unwrap();
        i18n::set_thread_lang(Some(Lang::ZhCn));
        let written = man_pages(zh.path());
        i18n::set_thread_lang(None);
        written.unwrap();
        let names = |dir: &Path| {
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        assert_eq!(names(en.path()), names(zh.path()));
        assert!(!zh.path().join("glance-workbench-help.1").exists());

        let root = page(zh.path(), "glance-workbench.1");
        assert!(root.contains(".TH glance-workbench 1"), "{root}");
        for heading in [
            ".SH 名称\n",
            ".SH 概述\n",
            ".SH 描述\n",
            ".SH 选项\n",
            ".SH 子命令\n",
            ".SH 版本\n",
        ] {
            assert!(root.contains(heading), "no {heading:?} in:\n{root}");
        }
        assert!(root.contains("[\\fI子命令\\fR]"), "{root}");
        assert!(!root.contains("subcommands"), "{root}");
        let list = page(zh.path(), "glance-workbench-image-list.1");
        for text in [
            "glance\\-workbench\\-image\\-list \\- 列出镜像",
            "\\fB\\-f\\fR, \\fB\\-\\-format\\fR \\fI<FORMAT>\\fR [默认值：table]",
            "\\fI可选值：\\fR",
            "table: 易读的表格",
            "[环境变量：GLANCE_WORKBENCH_DATA_DIR]",
            "[默认值：\"\"]",
        ] {
            assert!(list.contains(text), "no {text:?} in:\n{list}");
        }
        for english in [
            ".SH NAME",
            ".SH OPTIONS",
            "Possible values",
            "[default:",
            "May also be specified",
            "List images",
            "Human-readable table",
        ] {
            assert!(!list.contains(english), "{english:?} in:\n{list}");
        }
        // groff may break a run of Chinese only where it is given a break point.
        let raw = std::fs::read_to_string(zh.path().join("glance-workbench-image-list.1")).unwrap();
        assert!(raw.contains("列\\:出\\:镜\\:像"), "{raw}");
        assert!(
            !raw.contains("\\fI\\:") && !raw.contains("\\:\\fR"),
            "{raw}"
        );
    }

    #[test]
    fn break_points_go_between_ideographs_only_on_text_lines() {
        let page = ".SH 名称\n镜像，格式 raw 和 qcow2\n\\fB镜像\\fR\n";
        assert_eq!(
            with_break_points(page),
            ".SH 名称\n镜\\:像，\\:格\\:式 raw 和 qcow2\n\\fB镜\\:像\\fR\n"
        );
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
