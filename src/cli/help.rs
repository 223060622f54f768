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
//!
//! clap wraps help only at spaces, and a run of Chinese has none, so Chinese help is printed
//! through [`help_text`]: clap's rendering with every line wider than the terminal broken at a
//! Unicode line-break opportunity (UAX #14: between ideographs, never before a closing mark
//! such as `，` or `）`), the continuation indented to where that line's help text starts.
//! English help is clap's own, untouched.
//!
//! [`localize_for_man`] gives the same texts for the man pages (`generate.rs`), without the
//! notes and the layout tricks above: a man page writes its notes itself.

use std::fmt::Write as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command};
use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_width::UnicodeWidthChar;

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

/// What a localized tree is for.
#[derive(Debug, Clone, Copy)]
struct Mode {
    /// The language of its texts.
    lang: Lang,
    /// For man pages: the texts only (the page writes the notes itself, clap wraps nothing).
    man: bool,
}

impl Mode {
    /// A help text as clap is to be given it (see [`laid_out`]).
    fn text(self, text: String) -> String {
        if self.man {
            text
        } else {
            laid_out(self.lang, text)
        }
    }
}

/// The clap command `command` (from `Cli::command()`), built, with every help text in the
/// current language.
pub fn localize(mut command: Command) -> Command {
    command.build();
    let lang = i18n::current();
    localize_command(command, &[], Mode { lang, man: false })
}

/// [`localize`] for man pages: every text (the possible values' too) in the current
/// language, and the notes (environment variable, default, possible values) left on the
/// arguments for the page to write in that language.
pub fn localize_for_man(mut command: Command) -> Command {
    command.build();
    let lang = i18n::current();
    localize_command(command, &[], Mode { lang, man: true })
}

fn localize_command(mut command: Command, path: &[String], mode: Mode) -> Command {
    let id = command_id(path);
    if command.get_about().is_some() {
        command = command.about(mode.text(i18n::message(&id, None)));
    }
    if command.get_long_about().is_some() {
        command = command.long_about(mode.text(i18n::message(&format!("{id}--long-about"), None)));
    }
    command = command.mut_args(|arg| localize_arg(arg, &id, mode));
    // `mut_subcommand` moves the command to the end: doing each in order keeps the order.
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(&name, |sub| {
            if is_clap_help(&sub) {
                sub.about(mode.text(tr!("help-clap-help-command")))
            } else {
                let mut sub_path = path.to_vec();
                sub_path.push(name.clone());
                localize_command(sub, &sub_path, mode)
            }
        });
    }
    if mode.lang != Lang::En && !mode.man {
        let template = template(&command);
        command = command.help_template(template);
    }
    command
}

/// A space clap does not break at (it wraps at ASCII spaces only): [`wrap_help`] turns it
/// back into a space.
const KEPT_SPACE: char = '\u{a0}';

/// A help text as clap is given it: in English as it is (clap wraps it); in any other language
/// with its spaces made ones clap does not break at, so clap lays the help out for the
/// terminal's width (which options take their help on the next line) but leaves every line
/// whole, and [`wrap_help`] breaks them all, at spaces and between ideographs alike.
fn laid_out(lang: Lang, text: String) -> String {
    if lang == Lang::En {
        text
    } else {
        text.replace(' ', &KEPT_SPACE.to_string())
    }
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

fn localize_arg(mut arg: Arg, command: &str, mode: Mode) -> Arg {
    let lang = mode.lang;
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
            if lang != Lang::En && mode.man {
                arg = with_value_help(arg, &key);
            } else if lang != Lang::En {
                return with_notes(arg, &key, help, long_help, lang);
            }
            (help, long_help)
        }
    };
    if let Some(help) = help {
        arg = arg.help(mode.text(help));
    }
    if let Some(long_help) = long_help {
        arg = arg.long_help(mode.text(long_help));
    }
    arg
}

/// An argument whose possible values carry their help in the current language (for a man
/// page: the parser is replaced by one of the same names, which only a page reads).
fn with_value_help(arg: Arg, key: &str) -> Arg {
    let values = arg.get_possible_values();
    if !values.iter().any(|v| v.get_help().is_some()) {
        return arg;
    }
    let values: Vec<_> = values
        .into_iter()
        .map(|value| match value.get_help() {
            Some(_) => {
                let text = i18n::message(&format!("{key}--value-{}", value.get_name()), None);
                value.help(text)
            }
            None => value,
        })
        .collect();
    arg.value_parser(clap::builder::PossibleValuesParser::new(values))
}

/// Quote a default value as clap does: empty or spaced values in double quotes.
pub(crate) fn quoted(value: &str) -> String {
    if value.is_empty() || value.contains(char::is_whitespace) {
        format!("{value:?}")
    } else {
        value.to_string()
    }
}

/// An argument with its help texts and, written here instead of by clap, its notes: the
/// environment variable, the default and the possible values (with their help in `--help`).
fn with_notes(
    mut arg: Arg,
    key: &str,
    help: Option<String>,
    long_help: Option<String>,
    lang: Lang,
) -> Arg {
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
    // clap writes visible aliases in English ("[alias: --os-cloud]"); the note is ours, and
    // the aliases stay, hidden, so they still parse.
    let short: Vec<char> = arg.get_visible_short_aliases().unwrap_or_default();
    let long: Vec<String> = arg
        .get_visible_aliases()
        .unwrap_or_default()
        .into_iter()
        .map(str::to_string)
        .collect();
    if !short.is_empty() || !long.is_empty() {
        let shown: Vec<String> = short
            .iter()
            .map(|c| format!("-{c}"))
            .chain(long.iter().map(|l| format!("--{l}")))
            .collect();
        notes.push(tr!(
            "help-clap-aliases",
            count = shown.len(),
            value = shown.join(", ")
        ));
        let all_short = arg.get_all_short_aliases().unwrap_or_default();
        let all_long: Vec<String> = arg
            .get_all_aliases()
            .unwrap_or_default()
            .into_iter()
            .map(str::to_string)
            .collect();
        arg = arg
            .short_alias(None)
            .short_aliases(all_short)
            .alias(None)
            .aliases(all_long);
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
            arg = arg.help(laid_out(lang, help));
        }
        if let Some(long_help) = long_help {
            arg = arg.long_help(laid_out(lang, long_help));
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
    arg.help(laid_out(lang, short))
        .long_help(laid_out(lang, long))
}

/// The widest help clap lays out: `max_term_width` on `Cli` (args.rs), which clap does not let
/// a program read back.
pub const MAX_HELP_WIDTH: usize = 100;

/// The width clap lays help out for: the terminal's, else `COLUMNS`, else 100, at most
/// [`MAX_HELP_WIDTH`] (clap's own rule, so the lines this breaks are the ones clap left too
/// wide).
pub fn help_width() -> usize {
    terminal_size::terminal_size()
        .map(|(width, _)| usize::from(width.0))
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .unwrap_or(100)
        .min(MAX_HELP_WIDTH)
}

/// The help clap's `error` carries (`-h`, `--help`, `help …`, a command given without its
/// subcommand), wrapped for the terminal in a language other than English; `None` for any
/// other error and in English (clap prints its own). The text keeps clap's styles: print it
/// through `anstream`, which drops them where clap would.
pub fn help_text(error: &clap::Error, width: usize) -> Option<String> {
    if i18n::current() == Lang::En
        || !matches!(
            error.kind(),
            ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        return None;
    }
    Some(wrap_help(&error.render().ansi().to_string(), width))
}

/// `text` (rendered help, possibly with ANSI styles) with every line wider than `width`
/// columns broken at line-break opportunities; a line with none that fits stays as wide as its
/// first unbreakable piece, as clap leaves a long word. Nothing else changes.
pub fn wrap_help(text: &str, width: usize) -> String {
    let text = text.replace(KEPT_SPACE, " ");
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if display_width(line) <= width {
            out.push_str(line);
        } else {
            wrap_line(line, width, &mut out);
        }
    }
    out
}

/// Display columns of `text`: CJK counts two, ANSI escape sequences none.
fn display_width(text: &str) -> usize {
    let mut width = 0;
    let mut escape = false;
    for c in text.chars() {
        if c == '\u{1b}' {
            escape = true;
        } else if escape {
            // A CSI sequence ends with a letter (`m` for styles).
            escape = !c.is_ascii_alphabetic();
        } else {
            width += c.width().unwrap_or(0);
        }
    }
    width
}

/// Where a help line's text starts, as (byte offset, display column): after an argument's or
/// a command's name and the gap of two or more spaces clap puts before its help (`  -f,
/// --format <F>  输出…`, `  create  创建…`), after `- NAME: ` in a list of values, else after
/// the line's indentation.
fn text_start(line: &str) -> (usize, usize) {
    let mut cells = Vec::new();
    let mut escape = false;
    let mut column = 0;
    for (at, c) in line.char_indices() {
        if c == '\u{1b}' {
            escape = true;
        } else if escape {
            escape = !c.is_ascii_alphabetic();
        } else {
            cells.push((at, column, c));
            column += c.width().unwrap_or(0);
        }
    }
    let indent = cells.iter().take_while(|(_, _, c)| *c == ' ').count();
    let at_cell = |i: usize| {
        cells
            .get(i)
            .map_or((line.len(), column), |&(at, col, _)| (at, col))
    };
    let rest: String = cells[indent..].iter().map(|&(_, _, c)| c).collect();
    // `- NAME: ` (a list of possible values): the text after the colon and its padding.
    if let Some(item) = rest.strip_prefix("- ")
        && let Some(colon) = item.find(": ")
        && !item[..colon].contains(' ')
    {
        let after = indent + 2 + item[..colon].chars().count() + 1;
        let pad = cells[after..]
            .iter()
            .take_while(|(_, _, c)| *c == ' ')
            .count();
        return at_cell(after + pad);
    }
    // `NAME  text`: a name without Chinese in it, then two spaces or more, then the text.
    let chars: Vec<char> = rest.chars().collect();
    let mut i = 0;
    while i + 1 < chars.len() {
        if chars[i].width() == Some(2) {
            break;
        }
        if chars[i] == ' ' && chars[i + 1] == ' ' && i > 0 {
            let pad = chars[i..].iter().take_while(|c| **c == ' ').count();
            if i + pad < chars.len() {
                return at_cell(indent + i + pad);
            }
            break;
        }
        i += 1;
    }
    at_cell(indent)
}

/// Break one line wider than `width` into `out`.
fn wrap_line(line: &str, width: usize, out: &mut String) {
    let (mut start, mut column) = text_start(line);
    // Too little room after a name: continue under the line's indentation instead.
    if width.saturating_sub(column) < 20 {
        let indent = line.len() - line.trim_start_matches(' ').len();
        (start, column) = (indent, indent);
    }
    let (head, text) = line.split_at(start);
    let available = width.saturating_sub(column).max(1);
    let breaks: Vec<usize> = linebreaks(text)
        .filter(|&(at, kind)| at < text.len() && kind == BreakOpportunity::Allowed)
        .map(|(at, _)| at)
        .filter(|&at| !inside_escape(text, at))
        .collect();
    let mut from = 0;
    let mut first = true;
    loop {
        let rest = &text[from..];
        let piece_end = if display_width(rest.trim_end()) <= available {
            None
        } else {
            // The last break that fits, else the first one (an unbreakable piece overflows).
            let candidates = breaks.iter().copied().filter(|&at| at > from);
            let fitting = candidates
                .clone()
                .take_while(|&at| display_width(text[from..at].trim_end()) <= available)
                .last();
            fitting.or_else(|| candidates.clone().next())
        };
        let end = piece_end.unwrap_or(text.len());
        if first {
            out.push_str(head);
            first = false;
        } else {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', column));
        }
        let piece = &text[from..end];
        out.push_str(if piece_end.is_some() {
            piece.trim_end()
        } else {
            piece
        });
        match piece_end {
            Some(end) => from = end,
            None => break,
        }
    }
}

/// Whether byte `at` of `text` falls inside an ANSI escape sequence.
fn inside_escape(text: &str, at: usize) -> bool {
    let before = &text[..at];
    match before.rfind('\u{1b}') {
        Some(esc) => !before[esc..]
            .chars()
            .skip(1)
            .any(|c| c.is_ascii_alphabetic()),
        None => false,
    }
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

    /// Every command's help as the binary prints it at 100 columns: in English clap's, in
    /// Chinese clap's laid out and then wrapped by [`wrap_help`] (as `main` prints it).
    fn rendered(lang: Option<Lang>) -> BTreeMap<String, String> {
        i18n::set_thread_lang(lang);
        let mut command = match lang {
            Some(_) => localize(Cli::command().term_width(100)),
            None => {
                let mut command = Cli::command().term_width(100);
                command.build();
                command
            }
        };
        let mut out = BTreeMap::new();
        all_help(&mut command, "", &mut out);
        i18n::set_thread_lang(None);
        if lang.is_some_and(|lang| lang != Lang::En) {
            for text in out.values_mut() {
                *text = wrap_help(text, 100);
            }
        }
        out
    }

    /// A text's characters other than whitespace: what wrapping must not change.
    fn visible(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn chinese_help_fits_100_columns_and_only_its_line_breaks_change() {
        let zh = rendered(Some(Lang::ZhCn));
        i18n::set_thread_lang(Some(Lang::ZhCn));
        let mut laid_out = BTreeMap::new();
        all_help(
            &mut localize(Cli::command().term_width(100)),
            "",
            &mut laid_out,
        );
        i18n::set_thread_lang(None);
        let mut wrapped_lines = 0;
        for (key, text) in &zh {
            for line in text.lines() {
                assert!(
                    display_width(line) <= 100,
                    "{key}: a line of {} columns:\n{line}",
                    display_width(line)
                );
            }
            let before = &laid_out[key];
            assert_eq!(visible(text), visible(before), "{key}");
            wrapped_lines += text.lines().count() - before.lines().count();
        }
        assert!(
            wrapped_lines > 50,
            "hardly anything was wrapped ({wrapped_lines}): is the test still testing?"
        );
        // A long run of Chinese breaks between ideographs, under its help column (`--help`
        // puts help ten columns in), and no space clap was kept from breaking at is left.
        let create = &zh[" image create --help"];
        let disk_format: Vec<&str> = create
            .lines()
            .skip_while(|l| !l.contains("--disk-format <FORMAT>"))
            .skip(1)
            .take_while(|l| !l.is_empty())
            .collect();
        assert!(disk_format.len() >= 2, "{create}");
        assert!(
            disk_format
                .iter()
                .all(|l| l.starts_with("          ") && !l.starts_with("           ")),
            "{create}"
        );
        assert!(zh.values().all(|text| !text.contains(KEPT_SPACE)));
    }

    #[test]
    fn wrapping_breaks_between_ideographs_never_before_closing_marks_and_indents_to_the_text() {
        let line = format!("  -x, --example <X>  {}", "镜像，".repeat(30));
        let wrapped = wrap_help(&line, 60);
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines.len() > 1, "{wrapped}");
        for line in &lines {
            assert!(display_width(line) <= 60, "{wrapped}");
        }
        for next in &lines[1..] {
            // Continuations start under the help text, and never with a closing mark.
            assert!(next.starts_with(&" ".repeat(21)), "{wrapped}");
            assert!(!next.trim_start().starts_with('，'), "{wrapped}");
        }
        assert_eq!(visible(&wrapped), visible(&line));
        // A value list's continuation goes under the value's text; an ASCII word stays whole.
        let item = format!(
            "          - value: {} image_size_cap_bytes {}",
            "仅值".repeat(20),
            "值".repeat(20)
        );
        let wrapped = wrap_help(&item, 70);
        for next in wrapped.lines().skip(1) {
            assert!(next.starts_with(&" ".repeat(19)), "{wrapped}");
        }
        assert!(wrapped.contains("image_size_cap_bytes"), "{wrapped}");
        // Styles are not counted and never cut.
        let styled = format!("\u{1b}[1m  --x\u{1b}[0m  {}", "镜像".repeat(40));
        let wrapped = wrap_help(&styled, 50);
        for line in wrapped.lines() {
            assert!(display_width(line) <= 50, "{wrapped:?}");
        }
        assert!(
            wrapped.starts_with("\u{1b}[1m  --x\u{1b}[0m  镜像"),
            "{wrapped:?}"
        );
        // What fits is left alone.
        assert_eq!(wrap_help("短\n  行", 10), "短\n  行");
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
        // The note may be broken across lines by the wrapping.
        assert!(
            visible(list).contains(&visible("[可选值：table, json, value, yaml, csv, shell]")),
            "{list}"
        );
        let upload = &zh[" image upload --help"];
        assert!(upload.contains("参数：\n  <IMAGE>"), "{upload}");
        // The `help` subcommand's about and the hidden `generate` command.
        assert!(zh[" -h"].contains("help    显示"), "{}", zh[" -h"]);
        assert!(!zh[" -h"].contains("generate"), "{}", zh[" -h"]);
    }
}
