//! The CLI's help and clap's own words in the current language.
//!
//! [`localize`] takes the clap tree that the derive definitions (`args.rs` and the other
//! `#[derive(Parser/Subcommand/Args)]` types) build, builds it (so clap's own `-h/--help`,
//! `-V/--version` and `help` subcommands exist and the global options are copied into every
//! subcommand) and replaces every text with the catalog's message (`i18n/*/cli-help.ftl`).
//! The English catalog holds the doc comments' texts exactly, so English help is what clap
//! prints without the catalog; a test below keeps the two equal.
//!
//! Message ids are made from the command path and the argument id:
//!
//! | id                                     | text                                          |
//! |----------------------------------------|-----------------------------------------------|
//! | `help-glance-workbench`                | the program's `about` (the root command)      |
//! | `help-<path>`                          | a subcommand's `about`; `<path>` is its names |
//! |                                        | from the root joined by `-` (`image-list`)    |
//! | `help-<path>--long-about`              | its `long_about`, where it has one            |
//! | `help-<path>--<arg>`                   | an argument's `help` (`<arg>` is clap's id,   |
//! |                                        | the Rust field's name: `disk_format`)         |
//! | `help-<path>--<arg>--long`             | its `long_help`, where it has one             |
//! | `help-<path>--<arg>--value-<value>`    | the help of one of its possible values        |
//! | `help-glance-workbench--<arg>`         | a global option (in every subcommand)         |
//! | `help-clap-…`                          | clap's own words: headings, `--help`,         |
//! |                                        | `--version`, the `help` command, its errors   |
//!
//! In Chinese the help also gets clap's own words in Chinese: a help template with "用法：",
//! headings "命令：", "参数：", "选项：", and the `[env: …]`, `[default: …]`, `[possible values:
//! …]` notes and the "Possible values:" list written by this module instead of clap. In
//! English clap writes them itself, so English help stays byte for byte what it was.
//!
//! [`error_text`] gives clap's common errors in Chinese (one line, the usage and where to look
//! next); `main` prints it instead of clap's English text.

use std::fmt::Write as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command};

use crate::i18n::{self, Lang};
use crate::tr;

/// The id of the root command: its name.
const ROOT: &str = "glance-workbench";

/// The catalog id of a command's `about`, from its path (no names: the root).
fn command_id(path: &[String]) -> String {
    if path.is_empty() {
        format!("help-{ROOT}")
    } else {
        format!("help-{}", path.join("-"))
    }
}

/// The catalog id of an argument's `help` in the command with id `command`.
fn arg_id(command: &str, arg: &Arg) -> String {
    if arg.is_global_set() {
        format!("help-{ROOT}--{}", arg.get_id())
    } else {
        format!("{command}--{}", arg.get_id())
    }
}

/// Whether a subcommand is the one clap adds (`help`), not one of ours.
fn is_clap_help(command: &Command) -> bool {
    command.get_name() == "help"
}

/// The clap command `command` (from `Cli::command()`), built, with every help text in the
/// current language.
pub fn localize(mut command: Command) -> Command {
    command.build();
    let lang = i18n::current();
    localize_command(command, &[], lang)
}

fn localize_command(mut command: Command, path: &[String], lang: Lang) -> Command {
    let id = command_id(path);
    if command.get_about().is_some() {
        command = command.about(i18n::message(&id, None));
    }
    if command.get_long_about().is_some() {
        command = command.long_about(i18n::message(&format!("{id}--long-about"), None));
    }
    command = command.mut_args(|arg| localize_arg(arg, &id, lang));
    // `mut_subcommand` moves the command to the end: doing each in order keeps the order.
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(&name, |sub| {
            if is_clap_help(&sub) {
                sub.about(tr!("help-clap-help-command"))
            } else {
                let mut sub_path = path.to_vec();
                sub_path.push(name.clone());
                localize_command(sub, &sub_path, lang)
            }
        });
    }
    if lang != Lang::En {
        let template = template(&command);
        command = command.help_template(template);
    }
    command
}

/// clap's default help template with its headings in the current language, and only the
/// sections this command has (clap's `{all-args}` writes English headings).
fn template(command: &Command) -> String {
    let styles = command.get_styles();
    let usage = styles.get_usage();
    let header = styles.get_header();
    let mut template = format!(
        "{{before-help}}{{about-with-newline}}\n{usage}{}{usage:#}{{usage}}\n\n",
        tr!("help-clap-usage")
    );
    let subcommands = command
        .get_subcommands()
        .any(|sub| !is_clap_help(sub) && !sub.is_hide_set());
    let positionals = command.get_positionals().any(|arg| !arg.is_hide_set());
    let options = command
        .get_arguments()
        .any(|arg| !arg.is_positional() && !arg.is_hide_set());
    for (shown, heading, tag) in [
        (subcommands, tr!("help-clap-commands"), "{subcommands}"),
        (positionals, tr!("help-clap-arguments"), "{positionals}"),
        (options, tr!("help-clap-options"), "{options}"),
    ] {
        if shown {
            let _ = write!(template, "{header}{heading}{header:#}\n{tag}\n\n");
        }
    }
    template.push_str("{after-help}");
    template
}

fn localize_arg(mut arg: Arg, command: &str, lang: Lang) -> Arg {
    let id = arg.get_id().as_str();
    let (help, long_help) = match id {
        "help" if arg.get_long_help().is_some() => (
            Some(tr!("help-clap-help-more")),
            Some(tr!("help-clap-help-summary")),
        ),
        "help" => (Some(tr!("help-clap-help")), None),
        "version" => (Some(tr!("help-clap-version")), None),
        _ => {
            let key = arg_id(command, &arg);
            let help = arg.get_help().is_some().then(|| i18n::message(&key, None));
            let long_help = arg
                .get_long_help()
                .is_some()
                .then(|| i18n::message(&format!("{key}--long"), None));
            if lang != Lang::En {
                return with_notes(arg, &key, help, long_help);
            }
            (help, long_help)
        }
    };
    if let Some(help) = help {
        arg = arg.help(help);
    }
    if let Some(long_help) = long_help {
        arg = arg.long_help(long_help);
    }
    arg
}

/// Quote a default value as clap does: empty or spaced values in double quotes.
fn quoted(value: &str) -> String {
    if value.is_empty() || value.contains(char::is_whitespace) {
        format!("{value:?}")
    } else {
        value.to_string()
    }
}

/// An argument with its help texts and, written here instead of by clap, its notes: the
/// environment variable, the default and the possible values (with their help in `--help`).
fn with_notes(mut arg: Arg, key: &str, help: Option<String>, long_help: Option<String>) -> Arg {
    let mut notes = Vec::new();
    if let Some(name) = arg.get_env() {
        let name = name.to_string_lossy().into_owned();
        let value = if arg.is_hide_env_values_set() {
            name
        } else {
            let value = std::env::var_os(&name).unwrap_or_default();
            format!("{name}={}", value.to_string_lossy())
        };
        notes.push(tr!("help-clap-env", value = value));
        arg = arg.hide_env(true);
    }
    let takes_values = arg.get_action().takes_values();
    if takes_values && !arg.is_hide_default_value_set() && !arg.get_default_values().is_empty() {
        let value = arg
            .get_default_values()
            .iter()
            .map(|v| quoted(&v.to_string_lossy()))
            .collect::<Vec<_>>()
            .join(" ");
        notes.push(tr!("help-clap-default", value = value));
        arg = arg.hide_default_value(true);
    }
    let values: Vec<_> = if arg.is_hide_possible_values_set() {
        Vec::new()
    } else {
        arg.get_possible_values()
            .into_iter()
            .filter(|v| !v.is_hide_set())
            .collect()
    };
    let mut value_list = None;
    if !values.is_empty() {
        let names = values
            .iter()
            .map(|v| v.get_name().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let short_note = tr!("help-clap-possible-values", values = names);
        if values.iter().any(|v| v.get_help().is_some()) {
            let width = values.iter().map(|v| v.get_name().len()).max().unwrap_or(0);
            let mut list = tr!("help-clap-possible-values-heading");
            for value in &values {
                let name = value.get_name();
                let _ = write!(list, "\n- {name}");
                if value.get_help().is_some() {
                    let text = i18n::message(&format!("{key}--value-{name}"), None);
                    let _ = write!(list, ": {:pad$}{text}", "", pad = width - name.len());
                }
            }
            value_list = Some((short_note, list));
        } else {
            notes.push(short_note);
        }
        arg = arg.hide_possible_values(true);
    }
    if notes.is_empty() && value_list.is_none() {
        if let Some(help) = help {
            arg = arg.help(help);
        }
        if let Some(long_help) = long_help {
            arg = arg.long_help(long_help);
        }
        return arg;
    }
    // `-h`: the help and every note on its line(s); `--help`: the long help, the list of
    // values, then the notes, a blank line apart (as clap lays them out).
    let base = help.clone().unwrap_or_default();
    let mut short = vec![base];
    short.extend(notes.iter().cloned());
    if let Some((short_note, _)) = &value_list {
        short.push(short_note.clone());
    }
    let short = short
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut long = vec![long_help.or(help).unwrap_or_default()];
    if let Some((_, list)) = value_list {
        long.push(list);
    }
    if !notes.is_empty() {
        long.push(notes.join(" "));
    }
    let long = long
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    arg.help(short).long_help(long)
}

/// The text of a plain `ContextValue` (strings joined with ", ").
fn context_text(value: &ContextValue) -> String {
    match value {
        ContextValue::Strings(values) => values.join(", "),
        ContextValue::StyledStrs(values) => values
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// clap's error in the current language: `None` in English (clap's own text is printed) and
/// for the kinds that are not errors (help, version) or are rare enough to stay clap's.
pub fn error_text(error: &clap::Error) -> Option<String> {
    if i18n::current() == Lang::En {
        return None;
    }
    let get = |kind| error.get(kind).map(context_text);
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let message = match error.kind() {
        ErrorKind::UnknownArgument => tr!("help-clap-error-unknown-argument", arg = arg),
        ErrorKind::InvalidValue if value.is_empty() => {
            tr!("help-clap-error-value-required", arg = arg)
        }
        ErrorKind::InvalidValue => match get(ContextKind::ValidValue) {
            Some(values) if !values.is_empty() => tr!(
                "help-clap-error-invalid-value-of",
                arg = arg,
                value = value,
                values = values
            ),
            _ => tr!("help-clap-error-invalid-value", arg = arg, value = value),
        },
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(error)
                .map(ToString::to_string)
                .unwrap_or_default();
            tr!(
                "help-clap-error-validation",
                arg = arg,
                value = value,
                reason = reason
            )
        }
        ErrorKind::MissingRequiredArgument => {
            tr!("help-clap-error-missing-required", args = arg)
        }
        ErrorKind::InvalidSubcommand => tr!(
            "help-clap-error-unknown-subcommand",
            name = get(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::MissingSubcommand => tr!(
            "help-clap-error-missing-subcommand",
            name = get(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::WrongNumberOfValues => tr!(
            "help-clap-error-wrong-number",
            arg = arg,
            expected = get(ContextKind::ExpectedNumValues).unwrap_or_default(),
            actual = get(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::TooManyValues => tr!("help-clap-error-too-many", arg = arg, value = value),
        ErrorKind::TooFewValues => tr!(
            "help-clap-error-too-few",
            arg = arg,
            min = get(ContextKind::MinValues).unwrap_or_default(),
            actual = get(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::ArgumentConflict => match error.get(ContextKind::PriorArg) {
            Some(ContextValue::String(other)) if *other == arg => {
                tr!("help-clap-error-repeated", arg = arg)
            }
            Some(ContextValue::String(other)) => tr!(
                "help-clap-error-conflict",
                arg = arg,
                other = format!("'{other}'")
            ),
            Some(ContextValue::Strings(others)) => tr!(
                "help-clap-error-conflict",
                arg = arg,
                other = others
                    .iter()
                    .map(|o| format!("'{o}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => tr!("help-clap-error-conflict-others", arg = arg),
        },
        ErrorKind::NoEquals => tr!("help-clap-error-no-equals", arg = arg),
        _ => return None,
    };
    let mut text = tr!("help-clap-error", message = message);
    let tips = [
        (ContextKind::SuggestedArg, "help-clap-tip-argument"),
        (ContextKind::SuggestedSubcommand, "help-clap-tip-subcommand"),
        (ContextKind::SuggestedValue, "help-clap-tip-value"),
    ];
    let mut first_tip = true;
    for (kind, id) in tips {
        if let Some(name) = get(kind) {
            text.push_str(if first_tip { "\n\n  " } else { "\n  " });
            first_tip = false;
            let tip = match id {
                "help-clap-tip-argument" => tr!("help-clap-tip-argument", name = name),
                "help-clap-tip-subcommand" => tr!("help-clap-tip-subcommand", name = name),
                _ => tr!("help-clap-tip-value", name = name),
            };
            text.push_str(&tip);
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim_start();
        let _ = write!(text, "\n\n{}{usage}", tr!("help-clap-usage"));
    }
    let _ = write!(text, "\n\n{}\n", tr!("help-clap-try-help", flag = "--help"));
    Some(text)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    /// The help texts of the tree as the derive definitions make them (English), by the id
    /// the catalog holds them under; `missing` collects commands and arguments without one.
    fn entries(
        command: &Command,
        path: &[String],
        out: &mut BTreeMap<String, String>,
        missing: &mut Vec<String>,
    ) {
        let id = command_id(path);
        let mut put = |key: String, text: String| {
            if let Some(old) = out.insert(key.clone(), text.clone()) {
                assert_eq!(old, text, "{key} has two texts");
            }
        };
        match command.get_about() {
            Some(about) => put(id.clone(), about.to_string()),
            None => missing.push(format!("command {id} has no about")),
        }
        if let Some(long) = command.get_long_about() {
            put(format!("{id}--long-about"), long.to_string());
        }
        for arg in command.get_arguments() {
            if matches!(arg.get_id().as_str(), "help" | "version") {
                continue;
            }
            let key = arg_id(&id, arg);
            match arg.get_help() {
                Some(help) => put(key.clone(), help.to_string()),
                None => missing.push(format!("argument {key} has no help")),
            }
            if let Some(long) = arg.get_long_help() {
                put(format!("{key}--long"), long.to_string());
            }
            for value in arg.get_possible_values() {
                if let Some(help) = value.get_help() {
                    put(
                        format!("{key}--value-{}", value.get_name()),
                        help.to_string(),
                    );
                }
            }
        }
        for sub in command.get_subcommands().filter(|s| !is_clap_help(s)) {
            let mut sub_path = path.to_vec();
            sub_path.push(sub.get_name().to_string());
            entries(sub, &sub_path, out, missing);
        }
    }

    fn english_tree() -> (BTreeMap<String, String>, Vec<String>) {
        let mut command = Cli::command();
        command.build();
        let mut out = BTreeMap::new();
        let mut missing = Vec::new();
        entries(&command, &[], &mut out, &mut missing);
        (out, missing)
    }

    /// The ids of one catalog file.
    fn file_ids(lang: &str) -> Vec<String> {
        let path = format!("{}/i18n/{lang}/cli-help.ftl", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        text.lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
            .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_string()))
            .collect()
    }

    /// One Fluent message holding `text` exactly.
    fn ftl_entry(id: &str, text: &str) -> String {
        let escape = |line: &str| {
            let line = line.replace('{', "\u{1}").replace('}', "{\"}\"}");
            let mut line = line.replace('\u{1}', "{\"{\"}");
            if line.starts_with(['[', '*', '.']) {
                line = format!("{{\"{}\"}}{}", &line[..1], &line[1..]);
            }
            line
        };
        if text.contains('\n') {
            let mut entry = format!("{id} =");
            for line in text.lines() {
                if line.is_empty() {
                    entry.push('\n');
                } else {
                    let _ = write!(entry, "\n    {}", escape(line));
                }
            }
            entry
        } else {
            format!("{id} = {}", escape(text))
        }
    }

    /// Regenerate the English catalog's tree part:
    /// `cargo test --lib cli::help::tests::print_english_catalog -- --ignored --nocapture`.
    #[test]
    #[ignore = "prints the English cli-help.ftl entries to review or paste"]
    fn print_english_catalog() {
        let (entries, _) = english_tree();
        for (id, text) in entries {
            println!("{}", ftl_entry(&id, &text));
        }
    }

    #[test]
    fn every_command_and_argument_has_its_english_message_and_no_id_is_extra() {
        let (entries, missing) = english_tree();
        assert!(
            missing.is_empty(),
            "help without a text:\n{}",
            missing.join("\n")
        );
        let mut problems = Vec::new();
        for (id, text) in &entries {
            if !i18n::has_message(id) {
                problems.push(format!("{id} is not in i18n/en/cli-help.ftl"));
            } else {
                let english = i18n::message_in(Lang::En, id, None);
                if english != *text {
                    problems.push(format!(
                        "{id}: the catalog says {english:?}, the code {text:?}"
                    ));
                }
            }
        }
        let source = [include_str!("help.rs"), include_str!("args.rs")].concat();
        for id in file_ids("en") {
            if id.starts_with("help-clap-") {
                if !source.contains(&format!("\"{id}\"")) {
                    problems.push(format!("{id} is never used"));
                }
            } else if !entries.contains_key(&id) {
                problems.push(format!("{id} matches no command, argument or value"));
            }
        }
        assert!(
            problems.is_empty(),
            "cli-help.ftl problems:\n{}",
            problems.join("\n")
        );
    }

    /// Every command's help, short and long, by path.
    fn all_help(command: &mut Command, path: &str, out: &mut BTreeMap<String, String>) {
        out.insert(format!("{path} -h"), command.render_help().to_string());
        out.insert(
            format!("{path} --help"),
            command.render_long_help().to_string(),
        );
        let names: Vec<String> = command
            .get_subcommands()
            .filter(|s| !is_clap_help(s))
            .map(|s| s.get_name().to_string())
            .collect();
        for name in names {
            if let Some(sub) = command.find_subcommand_mut(&name) {
                all_help(sub, &format!("{path} {name}"), out);
            }
        }
    }

    fn rendered(lang: Option<Lang>) -> BTreeMap<String, String> {
        i18n::set_thread_lang(lang);
        let mut command = match lang {
            Some(_) => crate::cli::command(),
            None => {
                let mut command = Cli::command();
                command.build();
                command
            }
        };
        let mut out = BTreeMap::new();
        all_help(&mut command, "", &mut out);
        i18n::set_thread_lang(None);
        out
    }

    #[test]
    fn english_help_is_what_clap_prints_from_the_doc_comments() {
        let plain = rendered(None);
        let english = rendered(Some(Lang::En));
        assert_eq!(plain.len(), english.len());
        for (key, text) in &plain {
            assert_eq!(&english[key], text, "{key}");
        }
    }

    #[test]
    fn chinese_help_has_chinese_headings_and_texts() {
        let zh = rendered(Some(Lang::ZhCn));
        for (key, text) in &zh {
            for english in [
                "Usage:",
                "Commands:",
                "Options:",
                "Arguments:",
                "Print help",
                "Possible values",
                "[default:",
                "[env:",
                "[possible values:",
            ] {
                assert!(!text.contains(english), "{key} shows {english:?}:\n{text}");
            }
        }
        let root = &zh[" --help"];
        assert!(
            root.contains("用法：glance-workbench [OPTIONS] [COMMAND]"),
            "{root}"
        );
        assert!(root.contains("命令：\n  image"), "{root}");
        assert!(root.contains("选项：\n"), "{root}");
        assert!(root.contains("显示帮助"), "{root}");
        assert!(root.contains("显示版本"), "{root}");
        assert!(root.contains("可选值：\n"), "{root}");
        assert!(root.contains("[默认值：table]"), "{root}");
        assert!(
            root.contains("[环境变量：GLANCE_WORKBENCH_DATA_DIR="),
            "{root}"
        );
        let list = &zh[" image list -h"];
        assert!(
            list.contains("用法：glance-workbench image list [OPTIONS]"),
            "{list}"
        );
        assert!(list.contains("--status <STATUS>"), "{list}");
        assert!(list.contains("镜像"), "{list}");
        assert!(
            list.contains("[可选值：table, json, value, yaml, csv, shell]"),
            "{list}"
        );
        let upload = &zh[" image upload --help"];
        assert!(upload.contains("参数：\n  <IMAGE>"), "{upload}");
        // The `help` subcommand's about and the hidden `generate` command.
        assert!(zh[" -h"].contains("help    显示"), "{}", zh[" -h"]);
        assert!(!zh[" -h"].contains("generate"), "{}", zh[" -h"]);
    }
}
