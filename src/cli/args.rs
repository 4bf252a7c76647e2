//! The command line: every clap definition, with the doc comments as help.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// 部局経営目標の様式を配布し、提出されたファイルを点検・集約します。
#[derive(Debug, Parser)]
#[command(
    name = "mokuhyo",
    version,
    max_term_width = 100,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_value_name = "コマンド",
    arg_required_else_help = true
)]
pub struct Cli {
    /// 実行するコマンド
    #[command(subcommand)]
    pub command: Command,
    /// この説明を表示します
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true)]
    help: Option<bool>,
    /// バージョンを表示します
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    version: Option<bool>,
}

impl Cli {
    /// Writes every path of the command line as the system writes it: on
    /// Windows `samples/start` becomes `samples\start`, so that paths made
    /// from it (a folder's files, the outputs) are shown in one style.
    pub fn native_paths(&mut self) {
        let paths: Vec<&mut PathBuf> = match &mut self.command {
            Command::Template(a) => [&mut a.output]
                .into_iter()
                .chain(&mut a.fill)
                .chain(&mut a.from)
                .chain(&mut a.common.config)
                .collect(),
            Command::Check(a) => a
                .inputs
                .iter_mut()
                .chain(&mut a.feedback)
                .chain(&mut a.common.config)
                .collect(),
            Command::Status(a) => a.inputs.iter_mut().chain(&mut a.common.config).collect(),
            Command::Build(a) => [&mut a.output]
                .into_iter()
                .chain(&mut a.inputs)
                .chain(&mut a.compare)
                .chain(&mut a.common.config)
                .collect(),
            Command::Rollup(RollupArgs { report: a })
            | Command::Review(ReviewArgs { report: a }) => [&mut a.output]
                .into_iter()
                .chain(&mut a.inputs)
                .chain(&mut a.common.config)
                .collect(),
            Command::Diff(a) => a.inputs.iter_mut().chain(&mut a.common.config).collect(),
            Command::Publish(a) => [&mut a.output]
                .into_iter()
                .chain(&mut a.inputs)
                .chain(&mut a.common.config)
                .collect(),
            Command::Serve(a) => a.folder.iter_mut().collect(),
            Command::Help(_) => Vec::new(),
        };
        for path in paths {
            if let Some(text) = path.to_str().filter(|t| cfg!(windows) && t.contains('/')) {
                *path = PathBuf::from(text.replace('/', "\\"));
            }
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 記入用の様式(.xlsx)を作ります
    Template(TemplateArgs),
    /// 提出された様式を点検し、問題をファイル・シート・セルごとに表示します
    Check(CheckArgs),
    /// 提出された様式を点検し、集約ブックと議会資料の PDF を作ります
    Build(BuildArgs),
    /// 名簿の部局ごとに提出状況(提出済・未提出・要修正・重複)を表示します
    Status(StatusArgs),
    /// 年度末の実績を集計し、指標ごとの達成率と評価(A〜D)のブックと PDF を作ります
    Rollup(RollupArgs),
    /// 9月末の中間評価(進捗 ◎○△×、成果、課題、今後の取組)を部局ごと・市全体に集計し、遅れている事業とともにブックと PDF を作ります
    Review(ReviewArgs),
    /// 前年度と今年度の様式を比べ、指標の追加・削除・名称変更と目標値の上げ下げを表示します
    Diff(DiffArgs),
    /// 提出された様式を点検し、市民に公表するウェブページ(部局ごと、指標一覧)とオープンデータ(CSV、JSON)を作ります
    Publish(PublishArgs),
    /// 事務局の作業画面(受付・提出状況)をこのパソコンのブラウザで開きます。サーバーは不要で、このパソコンの中だけで動きます
    Serve(ServeArgs),
    /// コマンドの説明を表示します(mokuhyo help build)
    Help(HelpArgs),
}

/// `mokuhyo help`.
#[derive(Debug, Args)]
pub struct HelpArgs {
    /// 説明を見るコマンド(省略時は全体の説明)
    #[arg(value_name = "コマンド")]
    pub command: Option<String>,
}

/// `mokuhyo serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// 年度の作業フォルダ(提出・集約などのフォルダと mokuhyo.toml を置くフォルダ。省略時はカレントフォルダ)
    #[arg(value_name = "フォルダ")]
    pub folder: Option<PathBuf>,
    /// 待ち受けるポート番号(省略時は空いている番号)
    #[arg(long, value_name = "番号")]
    pub port: Option<u16>,
    /// ブラウザを開きません(開くアドレスは最初の行に表示します)
    #[arg(long)]
    pub no_browser: bool,
}

/// Options shared by every command.
#[derive(Debug, Args)]
pub struct Common {
    /// 設定ファイル(省略時はカレントフォルダの mokuhyo.toml があれば使用)
    #[arg(long, value_name = "ファイル")]
    pub config: Option<PathBuf>,
    /// 年度(例: 令和8年度、R8、2026)。設定ファイルの year より優先
    #[arg(long, value_name = "年度")]
    pub year: Option<String>,
    /// 資料の作成日(例: 令和9年5月20日、R9.5.20、2027-05-20)。表紙と PDF の作成日になります。省略時は設定ファイルの date、それもなければ今日
    #[arg(long, value_name = "日付")]
    pub date: Option<String>,
    /// エラーだけを表示します(警告・お知らせ、まとめ、書き出したファイル、進み具合を表示しません)
    #[arg(short, long)]
    pub quiet: bool,
}

/// `mokuhyo template`.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    #[command(flatten)]
    pub common: Common,
    /// この部局の様式を1つ作ります(省略時は設定ファイルの名簿の全部局、名簿もなければ部局名空欄の様式)
    #[arg(long, value_name = "部局名")]
    pub department: Option<String>,
    /// 出力先のファイル(.xlsx)またはフォルダ(省略時はカレントフォルダ)
    #[arg(
        short,
        long,
        value_name = "パス",
        default_value = ".",
        hide_default_value = true
    )]
    pub output: PathBuf,
    /// 記入済みの様式を作るための内容: samples/source の形の TOML か JSON、または mokuhyo check --json の出力(受け付けた部局ごとに1つ。--department で1部局に)
    #[arg(long, value_name = "ファイル")]
    pub fill: Option<PathBuf>,
    /// 数値を全角の文字列で書き込みます(--fill と共に。全角入力の試験用)
    #[arg(long, requires = "fill")]
    pub fullwidth: bool,
    /// 今年度の様式(実績値入り)から翌年度の様式を作ります。部局・部局長・テーマ・事業を引き継ぎ、実績値を前年度実績値に(数値でない実績値は空欄に)、目標値は空欄に(年度は --year、省略時は翌年度)。名簿の部局で様式を作れなかったものは理由とともに表示します
    #[arg(long, value_name = "入力", num_args = 1.., conflicts_with_all = ["fill", "department"])]
    pub from: Vec<PathBuf>,
    /// 前年度の備考も翌年度の様式に引き継ぎます(--from と共に。既定では備考は空欄)
    #[arg(long, requires = "from")]
    pub carry_remark: bool,
    /// 同じ名前のファイルが既にあっても置き換えます(既定では、記入済みかもしれないファイルには書き込みません)
    #[arg(long)]
    pub force: bool,
}

/// `mokuhyo check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: Common,
    /// 点検するファイルまたはフォルダ(フォルダは中の .xlsx .xlsm .xls .ods と、メール .eml .msg .mbox、.zip をすべて)
    #[arg(value_name = "入力", required = true)]
    pub inputs: Vec<PathBuf>,
    /// 結果を JSON で出力します(読み取った内容を含む)
    #[arg(long)]
    pub json: bool,
    /// 問題のある部局ごとに、修正箇所に印とメモを付けた様式と返信文をこのフォルダに書き出します
    #[arg(long, value_name = "フォルダ")]
    pub feedback: Option<PathBuf>,
}

/// `mokuhyo status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub common: Common,
    /// 提出されたファイル、メール(.eml .msg .mbox)、.zip またはフォルダ
    #[arg(value_name = "入力", required = true)]
    pub inputs: Vec<PathBuf>,
    /// 結果を JSON で出力します
    #[arg(long)]
    pub json: bool,
}

/// `mokuhyo build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: Common,
    /// 集約するファイルまたはフォルダ
    #[arg(value_name = "入力", required = true)]
    pub inputs: Vec<PathBuf>,
    /// 出力先フォルダ(省略時はカレントフォルダ)
    #[arg(
        short,
        long,
        value_name = "フォルダ",
        default_value = ".",
        hide_default_value = true
    )]
    pub output: PathBuf,
    /// 結果を JSON で出力します(読み取った内容を含む)
    #[arg(long)]
    pub json: bool,
    /// PDF の文字に使う TrueType フォント(.ttf、.ttc。フォント集の2番目は「パス#1」)。省略時は設定ファイルの [pdf] font、それもなければ内蔵の BIZ UDゴシック
    #[arg(long, value_name = "パス")]
    pub font: Option<String>,
    /// 議会資料の PDF に加えて、公表用に部局ごとの PDF も作ります
    #[arg(long)]
    pub per_department: bool,
    /// 前年度の様式(ファイルまたはフォルダ)。指定すると前年度との比較をブックのシートと PDF の節に加えます
    #[arg(long, value_name = "入力", num_args = 1..)]
    pub compare: Vec<PathBuf>,
    /// 最後に提出状況の表(mokuhyo status と同じ)を表示します
    #[arg(long)]
    pub status: bool,
}

/// `mokuhyo publish`.
#[derive(Debug, Args)]
pub struct PublishArgs {
    #[command(flatten)]
    pub common: Common,
    /// 公表するファイルまたはフォルダ(年度末の様式なら実績値と評価も載せます)
    #[arg(value_name = "入力", required = true)]
    pub inputs: Vec<PathBuf>,
    /// ウェブページを書き出すフォルダ(省略時は web)。そのままウェブサーバーに置けます
    #[arg(
        short,
        long,
        value_name = "フォルダ",
        default_value = "web",
        hide_default_value = true
    )]
    pub output: PathBuf,
    /// 部局ごとに、CMS に貼り付ける本文だけの HTML も fragments フォルダに書き出します
    #[arg(long)]
    pub fragments: bool,
    /// CSV の文字コード: utf-8(BOM 付き、既定)か shift_jis
    #[arg(long, value_name = "文字コード", default_value = "utf-8", hide_default_value = true, value_parser = ["utf-8", "shift_jis"])]
    pub csv_encoding: String,
    /// 結果を JSON で出力します(読み取った内容を含む)
    #[arg(long)]
    pub json: bool,
}

/// What `rollup` and `review` share: the inputs, the output folder, JSON
/// and the PDF's font. Each command words its inputs and its JSON itself.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub common: Common,
    /// 様式のファイルまたはフォルダ
    #[arg(value_name = "入力", required = true)]
    pub inputs: Vec<PathBuf>,
    /// 出力先フォルダ(省略時はカレントフォルダ)
    #[arg(
        short,
        long,
        value_name = "フォルダ",
        default_value = ".",
        hide_default_value = true
    )]
    pub output: PathBuf,
    /// 結果を JSON で出力します
    #[arg(long)]
    pub json: bool,
    /// PDF の文字に使う TrueType フォント(build の --font と同じ)
    #[arg(long, value_name = "パス")]
    pub font: Option<String>,
}

/// `mokuhyo rollup`.
#[derive(Debug, Args)]
#[command(
    mut_arg("inputs", |a| a.help("実績値を記入した様式のファイルまたはフォルダ")),
    mut_arg("json", |a| a.help("結果を JSON で出力します(指標ごとの達成率と評価を含む)"))
)]
pub struct RollupArgs {
    #[command(flatten)]
    pub report: ReportArgs,
}

/// `mokuhyo review`.
#[derive(Debug, Args)]
#[command(
    mut_arg("inputs", |a| a.help("中間評価を記入した様式のファイルまたはフォルダ")),
    mut_arg("json", |a| {
        a.help("結果を JSON で出力します(部局ごとの進捗の数と事業ごとの進捗を含む)")
    })
)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub report: ReportArgs,
}

/// `mokuhyo diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    #[command(flatten)]
    pub common: Common,
    /// 前年度と今年度の様式(ファイルまたはフォルダ)。どちらの年度かは様式の年度欄で見分けます
    #[arg(value_name = "入力", required = true)]
    pub inputs: Vec<PathBuf>,
    /// 結果を JSON で出力します
    #[arg(long)]
    pub json: bool,
}
