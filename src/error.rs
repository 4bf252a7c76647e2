//! The crate's error type: what stops a command (exit code 2). Problems in
//! an input file are not errors but [`crate::domain::finding::Finding`]s.

use std::path::PathBuf;

pub use crate::domain::os::OsReason;

/// Everything that stops a command. Each message is in Japanese, quotes the
/// value at fault and says what to do; each is pinned by a test.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The configuration file could not be read.
    #[error("設定ファイル「{path}」を読み込めません。{reason}。")]
    ConfigRead {
        /// The configuration file.
        path: PathBuf,
        /// Why, as the system said it.
        reason: OsReason,
    },
    /// The configuration file is not valid.
    #[error("設定ファイル「{path}」の書き方に誤りがあります: {message}")]
    ConfigParse {
        /// The configuration file.
        path: PathBuf,
        /// What the TOML parser said.
        message: String,
    },
    /// A year given on the command line or in the configuration is unreadable.
    #[error("年度「{0}」が読めません。「令和8年度」「R8」「2026」のように指定してください。")]
    BadYear(String),
    /// A date given on the command line (`--date`) is unreadable.
    #[error(
        "日付「{0}」が読めません。「令和9年5月20日」「R9.5.20」「2027-05-20」のように指定してください。"
    )]
    BadDate(String),
    /// Every file read is of one year, and it is not the year of the run: the
    /// run's year (`--year` or the configuration's `year`) is the likelier
    /// mistake, so it is said once instead of on every file.
    #[error(
        "読み込んだ {files} 件の様式はどれも年度が「{found}」で、処理する年度「{expected}」({setting})と異なります。{found}のファイルを処理するときは --year {found} を付けるか、設定ファイルの year を \"{found}\" に書き換えてください。処理する年度が正しければ、ファイルの年度を確かめてください。"
    )]
    RunYearDiffers {
        /// How many files were read.
        files: usize,
        /// The year every file carries.
        found: String,
        /// The year of the run.
        expected: String,
        /// Where the year of the run was set: 「--year」 or the configuration file.
        setting: String,
    },
    /// No input files were given.
    #[error("入力ファイルが指定されていません。様式のファイルかフォルダを指定してください。")]
    NoInput,
    /// An output path is one of the inputs.
    #[error(
        "出力先「{0}」は入力ファイルです。入力を上書きしないよう、別の場所を指定してください。"
    )]
    OutputIsInput(PathBuf),
    /// An output could not be written.
    #[error("「{path}」に書き込めません。{reason}。")]
    Write {
        /// The output path.
        path: PathBuf,
        /// Why, as the system said it.
        reason: OsReason,
    },
    /// The output folder (`-o`) names a file.
    #[error(
        "出力先「{0}」はフォルダではなくファイルです。-o には出力先のフォルダを指定してください。"
    )]
    OutputNotFolder(PathBuf),
    /// The workbench's working folder (`serve FOLDER`) is not a folder.
    #[error(
        "作業フォルダ「{0}」が見つかりません。提出・集約などのフォルダと mokuhyo.toml を置く、年度の作業フォルダを指定してください。"
    )]
    NoWorkFolder(PathBuf),
    /// The workbench could not listen on the loopback address.
    #[error(
        "作業画面を開けません(このパソコンのポート {0} で待ち受けられません)。ほかのプログラムがその番号を使っていることがあります。--port を付けずに起動すると、空いている番号を使います。"
    )]
    Listen(u16),
    /// The workbook writer failed.
    #[error("ブックを作成できません({0})。")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// What a command prints could not be written (stdout redirected to a
    /// file on a full disk, say).
    #[error("実行結果を標準出力(> で指定したファイルなど)に書き込めません。{0}。")]
    Stdout(OsReason),
    /// The report could not be written as JSON (a value that JSON cannot
    /// hold slipped through the reader: a bug).
    #[error("結果を JSON で書き出せません({0})。このことを mokuhyo の開発者に知らせてください。")]
    Json(#[from] serde_json::Error),
    /// A font named for the PDF cannot be used.
    #[error(
        "フォント「{path}」を使えません({message})。TrueType フォント(.ttf、.ttc)のパスを指定してください(フォント集の2番目は「パス#1」)。"
    )]
    Font {
        /// The font file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The PDF writer failed.
    #[error("PDF を作成できません({0})。")]
    Pdf(String),
    /// `diff` did not find two years among its inputs.
    #[error(
        "比べる2つの年度の様式が見つかりません(読み取れた年度: {found})。前年度と今年度の様式を両方指定してください。"
    )]
    DiffYears {
        /// The years read, joined.
        found: String,
    },
    /// A `--fill` file (or a sample's source) could not be read.
    #[error("記入内容のファイル「{path}」を読み込めません。{reason}。")]
    FillRead {
        /// The file.
        path: PathBuf,
        /// Why, in words.
        reason: OsReason,
    },
    /// A `--fill` file is not a document nor what `check --json` printed.
    #[error("記入内容のファイル「{path}」の書き方に誤りがあります: {message}")]
    FillParse {
        /// The file.
        path: PathBuf,
        /// Where and what, in Japanese.
        message: String,
    },
    /// A `--fill` file holds no accepted document, or several where one is needed.
    #[error(
        "記入内容のファイル「{path}」には受け付けた様式の内容が {found} 件あります。1件だけのファイルを指定するか、--department で部局を選んでください。"
    )]
    FillNotOne {
        /// The file.
        path: PathBuf,
        /// How many documents it holds.
        found: usize,
    },
    /// A `--fill` file from `check --json` without an accepted document.
    #[error(
        "記入内容のファイル「{path}」には受け付けた様式の内容がありません(mokuhyo check --json の出力なら、status が accepted のファイルを含むものを指定してください)。"
    )]
    FillEmpty {
        /// The file.
        path: PathBuf,
    },
    /// `--fill --department X`: the file holds no document of X.
    #[error("記入内容のファイル「{path}」に部局「{department}」の内容がありません。")]
    FillWithoutDepartment {
        /// The file.
        path: PathBuf,
        /// The department asked for.
        department: String,
    },
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
