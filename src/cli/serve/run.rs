//! What the workbench's buttons do: each runs a command's own function on
//! the working folder, with the arguments the guide gives on the command
//! line (so what it writes is byte for byte the command's), and keeps what
//! the command printed for the page.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::folders::{
    COMPARED, COMPARISON, END_INBOX, FIX, HAND, INBOX, LAST_YEAR, MID, MID_INBOX, NEXT, OUTBOX,
    RESULTS, SITE, has_files,
};
use crate::cli::args::{
    BuildArgs, CheckArgs, Common, DiffArgs, PublishArgs, ReportArgs, ReviewArgs, RollupArgs,
    TemplateArgs,
};
use crate::cli::report::captured;
use crate::error::Result;

/// A button of the workbench.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    /// `template -o 配布`.
    Hand,
    /// `check 提出 --feedback 修正依頼`.
    Fix,
    /// `build 提出 -o 集約`.
    Collect,
    /// `publish 年度末提出 (or 提出) -o 公表ページ --fragments`.
    Publish,
    /// `review 中間評価提出 -o 中間評価`.
    Review,
    /// `rollup 年度末提出 -o 実績`.
    Rollup,
    /// `template --from 年度末提出 -o 翌年度配布`.
    NextYear,
    /// `diff 前年度 提出`, its report saved in 比較.
    Diff,
}

/// What a run tells the clerk: whether it went as asked, and the
/// command's report.
pub(super) struct Said {
    pub(super) ok: bool,
    pub(super) text: String,
}

impl Action {
    /// Every action, by its name in the form's address.
    pub(super) const ALL: [Action; 8] = [
        Action::Hand,
        Action::Fix,
        Action::Collect,
        Action::Publish,
        Action::Review,
        Action::Rollup,
        Action::NextYear,
        Action::Diff,
    ];

    /// Its name in the form's address (`/run?do=collect`).
    pub(super) fn name(self) -> &'static str {
        match self {
            Action::Hand => "hand",
            Action::Fix => "fix",
            Action::Collect => "collect",
            Action::Publish => "publish",
            Action::Review => "review",
            Action::Rollup => "rollup",
            Action::NextYear => "next-year",
            Action::Diff => "diff",
        }
    }

    /// The action named `name`.
    pub(super) fn named(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The folders it reads (none: it reads the roster), and the first
    /// whose files it needs.
    fn inputs(self, folder: &Path) -> Vec<&'static str> {
        match self {
            Action::Hand => Vec::new(),
            Action::Fix | Action::Collect => vec![INBOX],
            Action::Publish if has_files(folder, END_INBOX) => vec![END_INBOX],
            Action::Publish => vec![INBOX],
            Action::Review => vec![MID_INBOX],
            Action::Rollup | Action::NextYear => vec![END_INBOX],
            Action::Diff => vec![LAST_YEAR, INBOX],
        }
    }

    /// Runs it on the working folder (the current directory, `folder`
    /// empty).
    pub(super) fn run(self, folder: &Path) -> Said {
        let inputs = self.inputs(folder);
        if let Some(empty) = inputs.iter().find(|i| !has_files(folder, i)) {
            return Said {
                ok: false,
                text: format!(
                    "「{empty}」にファイルがありません。先にこの画面か受付の画面でファイルを受け付けてください。"
                ),
            };
        }
        let inputs: Vec<PathBuf> = inputs.iter().map(|i| folder.join(i)).collect();
        let (done, text) = captured(|| self.command(folder, inputs));
        match done {
            Ok(code) => Said {
                ok: code == ExitCode::SUCCESS,
                text: if text.trim().is_empty() {
                    "完了しました。".to_string()
                } else {
                    text
                },
            },
            Err(e) => Said {
                ok: false,
                text: format!("{text}mokuhyo: {e}\n"),
            },
        }
    }

    fn command(self, folder: &Path, inputs: Vec<PathBuf>) -> Result<ExitCode> {
        let common = || {
            let config = folder.join("mokuhyo.toml");
            Common {
                config: config.is_file().then_some(config),
                year: None,
                date: None,
                quiet: false,
            }
        };
        let template = |output: &str, from: Vec<PathBuf>| TemplateArgs {
            common: common(),
            department: None,
            output: folder.join(output),
            fill: None,
            fullwidth: false,
            from,
            carry_remark: false,
            force: false,
        };
        let report = |output: &str| ReportArgs {
            common: common(),
            inputs: inputs.clone(),
            output: folder.join(output),
            json: false,
            font: None,
        };
        match self {
            Action::Hand => crate::cli::template::run_template(template(HAND, Vec::new())),
            Action::NextYear => crate::cli::template::run_template(template(NEXT, inputs.clone())),
            Action::Fix => crate::cli::check::run_check(CheckArgs {
                common: common(),
                inputs,
                json: false,
                feedback: Some(folder.join(FIX)),
            }),
            Action::Collect => crate::cli::build::run_build(BuildArgs {
                common: common(),
                inputs,
                output: folder.join(OUTBOX),
                json: false,
                font: None,
                per_department: false,
                compare: Vec::new(),
                status: false,
            }),
            Action::Publish => crate::cli::publish::run_publish(PublishArgs {
                common: common(),
                inputs,
                output: folder.join(SITE),
                fragments: true,
                csv_encoding: "utf-8".to_string(),
                json: false,
            }),
            Action::Review => crate::cli::review::run_review(ReviewArgs {
                report: report(MID),
            }),
            Action::Rollup => crate::cli::rollup::run_rollup(RollupArgs {
                report: report(RESULTS),
            }),
            Action::Diff => {
                let (code, text) = captured(|| {
                    crate::cli::diff::run_diff(DiffArgs {
                        common: common(),
                        inputs,
                        json: false,
                    })
                });
                let code = code?;
                let path = folder.join(COMPARED).join(COMPARISON);
                crate::outputs::write::write_atomic(&path, text.as_bytes())?;
                // The page shows the report as the command printed it.
                let mut out = crate::cli::report::Printer::new();
                let _ = std::io::Write::write_all(&mut out, text.as_bytes());
                Ok(code)
            }
        }
    }
}
