//! What Explorer starts: folders or files dropped on `mokuhyo.exe` become
//! a `build` beside them, a double-click opens the workbench (`serve`) on
//! the folder beside the program, the program alone in a terminal explains
//! how to use it, and a console window opened for this run waits for
//! Enter before it closes so that its result can be read.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The folder, beside the first dropped input, that a drop writes into.
pub const DROP_FOLDER: &str = "集約";

/// The configuration file a drop looks for.
const CONFIG: &str = "mokuhyo.toml";

/// How the program was started.
#[derive(Debug, PartialEq)]
pub(super) enum Start {
    /// Nothing to work on (a double-click): explain.
    Guide,
    /// Paths only, as Explorer passes what was dropped: the command line
    /// of the `build` they stand for, and the configuration file found.
    Dropped(Vec<OsString>, Option<PathBuf>),
    /// A command line to parse as it is.
    Command(Vec<OsString>),
}

/// Tells a drop or a double-click from a command line. A drop is a command
/// line of existing paths only, the first of which is not a command's name
/// and none of which looks like an option.
pub(super) fn start(args: Vec<OsString>, commands: &[&str]) -> Start {
    let rest = &args[1.min(args.len())..];
    if rest.is_empty() {
        return Start::Guide;
    }
    let is_command = rest[0].to_str().is_some_and(|a| commands.contains(&a));
    let dropped = !is_command
        && rest.iter().all(|a| {
            !a.to_string_lossy().starts_with('-') && Path::new(a).symlink_metadata().is_ok()
        });
    if !dropped {
        return Start::Command(args);
    }
    let inputs: Vec<PathBuf> = rest.iter().map(PathBuf::from).collect();
    let beside = inputs[0]
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf));
    // In the dropped folder, beside it, then beside the program.
    let inside = inputs[0].is_dir().then(|| inputs[0].clone());
    let config = [inside, Some(beside.clone()), exe_dir]
        .into_iter()
        .flatten()
        .map(|dir| dir.join(CONFIG))
        .find(|p| p.is_file());
    let mut line: Vec<OsString> = vec![args[0].clone(), "build".into(), "--status".into()];
    line.extend(["-o".into(), beside.join(DROP_FOLDER).into_os_string()]);
    if let Some(config) = &config {
        line.extend(["--config".into(), config.clone().into_os_string()]);
    }
    line.push("--".into());
    line.extend(rest.iter().cloned());
    Start::Dropped(line, config)
}

/// What a drop says first: which configuration it uses, or that it found none.
pub(super) fn drop_note(config: Option<&Path>) -> String {
    match config {
        Some(path) => format!("設定ファイル {} を使って集約します。", path.display()),
        None => format!(
            "設定ファイル {CONFIG} が見つからないため、名簿なしで集約します(ドロップするフォルダの中か隣、または mokuhyo と同じフォルダに置くと、名簿で提出状況を確かめます)。"
        ),
    }
}

/// What a double-click prints: how to use the tool without a terminal.
pub(super) fn guide() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "mokuhyo".to_string());
    format!(
        "mokuhyo: 部局経営目標の様式を点検し、集約します。\n\
         \n\
         使い方: 各部局から提出されたファイルを入れたフォルダ(例:「提出」)を、この {exe} の\n\
         アイコンの上にドラッグ＆ドロップしてください。\n\
         ・ドロップしたフォルダの隣に「{DROP_FOLDER}」フォルダができ、集約ブック(.xlsx)と議会資料の PDF が入ります。\n\
         ・設定ファイル {CONFIG}(部局の名簿など)は、ドロップするフォルダの中か隣、または {exe} と同じフォルダに置いてください。\n\
         ・提出されたファイルは変更しません。\n\
         ・{exe} をダブルクリックすると、ブラウザで作業画面(受付・集約)が開きます。\n\
         \n\
         コマンドプロンプトから使うときは「{exe} help」でコマンドの一覧を表示します。\n"
    )
}

/// Whether this run has a console window of its own: Explorer opened it
/// (a double-click or a drop), not a terminal, a script or CI.
pub(super) fn own_window() -> bool {
    use std::io::IsTerminal;
    should_pause(std::io::stdin().is_terminal(), console_processes())
}

/// The working folder a double-click opens the workbench on: the program's
/// own folder when it holds mokuhyo.toml, else the current folder.
pub(super) fn workbench_folder() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
        .filter(|dir| dir.join(CONFIG).is_file())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Waits for Enter when this run has a console window of its own (Explorer
/// opened it for the drop or the double-click), so that the result can be
/// read before it closes. Never waits when standard input is not a console
/// (a script, a scheduled task, CI) or the run was typed in a terminal.
pub(super) fn pause_if_own_window() {
    if own_window() {
        println!("\nEnter キーを押すと、この画面を閉じます。");
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    }
}

/// Whether to wait: standard input is a console and this process is the
/// only one attached to it (a terminal's shell would be another).
fn should_pause(stdin_is_console: bool, processes: Option<u32>) -> bool {
    stdin_is_console && processes == Some(1)
}

/// How many processes share this console (`None`: not Windows, or no console).
#[cfg(windows)]
fn console_processes() -> Option<u32> {
    let mut ids = [0u32; 4];
    // SAFETY: the buffer is valid for the length given.
    let n =
        unsafe { windows_sys::Win32::System::Console::GetConsoleProcessList(ids.as_mut_ptr(), 4) };
    (n > 0).then_some(n)
}

#[cfg(not(windows))]
fn console_processes() -> Option<u32> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMANDS: &[&str] = &["build", "check", "help"];

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn nothing_is_a_double_click() {
        assert_eq!(start(args(&["mokuhyo"]), COMMANDS), Start::Guide);
    }

    #[test]
    fn a_folder_alone_is_a_drop_written_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("提出");
        std::fs::create_dir(&inbox).unwrap();
        std::fs::write(dir.path().join(CONFIG), "").unwrap();
        let Start::Dropped(line, _) = start(args(&["mokuhyo", inbox.to_str().unwrap()]), COMMANDS)
        else {
            panic!("not a drop");
        };
        let expected: Vec<OsString> = vec![
            "mokuhyo".into(),
            "build".into(),
            "--status".into(),
            "-o".into(),
            dir.path().join(DROP_FOLDER).into_os_string(),
            "--config".into(),
            dir.path().join(CONFIG).into_os_string(),
            "--".into(),
            inbox.into_os_string(),
        ];
        assert_eq!(line, expected);
    }

    #[test]
    fn commands_options_and_missing_paths_are_command_lines() {
        let dir = tempfile::tempdir().unwrap();
        let here = dir.path().to_str().unwrap();
        for line in [
            vec!["mokuhyo", "check", here],
            vec!["mokuhyo", here, "--json"],
            vec!["mokuhyo", here, "ない.xlsx"],
            vec!["mokuhyo", "buld"],
        ] {
            assert_eq!(
                start(args(&line), COMMANDS),
                Start::Command(args(&line)),
                "{line:?}"
            );
        }
    }

    #[test]
    fn only_a_console_of_its_own_waits() {
        assert!(should_pause(true, Some(1)));
        assert!(!should_pause(true, Some(2)), "typed in cmd.exe");
        assert!(!should_pause(false, Some(1)), "stdin redirected");
        assert!(!should_pause(true, None), "no console");
    }
}
