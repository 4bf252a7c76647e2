//! The command line's own words, in Japanese: the help (clap's template,
//! headings and placeholders), and clap's errors rendered from their kind
//! and context, keeping its suggestions (「もしかして check ですか」).

use std::ffi::OsString;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Command, CommandFactory, FromArgMatches};

use super::args::Cli;

/// The help page's layout.
const TEMPLATE: &str = "{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}";

/// The clap command with Japanese headings, on every subcommand.
pub fn command() -> Command {
    japanese(Cli::command())
}

fn japanese(command: Command) -> Command {
    command
        .help_template(TEMPLATE)
        .subcommand_help_heading("コマンド")
        .mut_args(|arg| {
            if arg.is_positional() {
                arg.help_heading("引数")
            } else {
                arg.help_heading("オプション")
            }
        })
        .mut_subcommands(japanese)
}

/// Parses the arguments. Help and version are printed and `Err(code)`
/// returned (0); a mistake is explained in Japanese on stderr (2).
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Cli, ExitCode> {
    let mut command = command();
    let matches = match command.try_get_matches_from_mut(args) {
        Ok(matches) => matches,
        Err(e) => return Err(report(&mut command, &e)),
    };
    Cli::from_arg_matches(&matches).map_err(|e| report(&mut command, &e))
}

/// The help of a command (`None`: the whole tool), as printed.
pub fn help(name: Option<&str>) -> Result<String, String> {
    let mut command = command();
    command.build();
    let page = match name {
        None => command.render_help(),
        Some(name) => match command.find_subcommand_mut(name) {
            Some(sub) => sub.render_help(),
            None => {
                return Err(unknown_command(name, &command));
            }
        },
    };
    Ok(words(&page.to_string()))
}

/// clap's few English words left in a rendered page.
fn words(text: &str) -> String {
    text.replace("[OPTIONS]", "[オプション]")
        .replace("Usage: ", "")
        .replace("[default: ", "[省略時: ")
        .replace("[possible values: ", "[選べる値: ")
}

fn report(command: &mut Command, e: &clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let page = e.render().to_string();
            print!("{}", words(&page));
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayVersion => {
            println!("{}", e.render().to_string().trim_end());
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{}", message(command, e));
            ExitCode::from(2)
        }
    }
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(list) => Some(list.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(list) => Some(
            list.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("、"),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn unknown_command(name: &str, command: &Command) -> String {
    let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
    let closest = names
        .iter()
        .map(|n| (strsim::levenshtein(name, n), *n))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, n)| format!("もしかして {n} ですか。"))
        .unwrap_or_default();
    format!(
        "エラー: 「{name}」というコマンドはありません。{closest}\n使えるコマンド: {}",
        names.join("、")
    )
}

/// A mistake on the command line, in Japanese, with what to do.
pub(crate) fn message(command: &Command, e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let suggest = |kind| {
        context(e, kind)
            .map(|s| format!("もしかして {s} ですか。"))
            .unwrap_or_default()
    };
    let text = match e.kind() {
        ErrorKind::InvalidSubcommand => {
            let name = context(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            return unknown_command(&name, command);
        }
        ErrorKind::UnknownArgument => {
            let hint = suggest(ContextKind::SuggestedArg);
            format!("「{arg}」というオプションはありません。{hint}")
        }
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue)
                .filter(|v| !v.is_empty())
                .map(|v| format!("選べる値: {v}。"))
                .unwrap_or_default();
            if value.is_empty() {
                format!("{arg} には値を指定してください。{valid}")
            } else {
                format!("{arg} に「{value}」は指定できません。{valid}")
            }
        }
        ErrorKind::ValueValidation => format!("{arg} の値「{value}」が正しくありません。"),
        ErrorKind::MissingRequiredArgument => {
            format!("{arg} を指定してください(必須です)。")
        }
        ErrorKind::MissingSubcommand => "コマンドを指定してください。".to_string(),
        ErrorKind::ArgumentConflict => {
            let prior = context(e, ContextKind::PriorArg).unwrap_or_default();
            if prior == arg {
                format!("{arg} は1回だけ指定してください。")
            } else {
                format!("{arg} と {prior} は同時には指定できません。")
            }
        }
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} に指定した値の数が正しくありません。")
        }
        ErrorKind::NoEquals => format!("{arg} には「=」を付けて値を指定してください。"),
        _ => "コマンドラインの指定が正しくありません。".to_string(),
    };
    let usage = context(e, ContextKind::Usage)
        .map(|u| format!("\n\n使い方: {}", words(&u).trim()))
        .unwrap_or_default();
    format!(
        "エラー: {text}{usage}\n\n詳しくは mokuhyo --help(コマンドごとには mokuhyo help コマンド名)で確かめてください。"
    )
}
