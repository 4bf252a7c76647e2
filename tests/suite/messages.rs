//! Every user-facing message, pinned: the text of each problem and error,
//! and the scenarios that produce them at the right file, sheet and cell.

use std::path::{Path, PathBuf};

use crate::common::*;
use mokuhyo::check::{Expectations, check};
use mokuhyo::config::Config;
use mokuhyo::domain::finding::{Problem, Severity};
use mokuhyo::domain::form::{Col, Field, part_label};
use mokuhyo::domain::model::{Document, Indicator, Project};
use mokuhyo::domain::wareki::FiscalYear;

fn s(text: &str) -> String {
    text.to_string()
}

#[test]
fn problem_messages() {
    let cases = [
        (
            Problem::Unreadable {
                reason: s("空のファイル(0 バイト)です。保存し直して再提出してください"),
            },
            "ファイルを読み込めません。空のファイル(0 バイト)です。保存し直して再提出してください。",
        ),
        (
            Problem::LockFile,
            "Excel の一時ファイル(~$ で始まるファイル)のため読み飛ばしました。",
        ),
        (
            Problem::NoAttachment,
            "添付ファイルに様式(.xlsx .xlsm .xls .ods)がありません。添付を忘れていないか確かめてください。",
        ),
        (
            Problem::NoSpreadsheetInZip,
            "ZIP の中に様式(.xlsx .xlsm .xls .ods)がありません。",
        ),
        (
            Problem::NotTemplate,
            "mokuhyo の様式ではありません(配布した様式のファイルではないか、様式の目印が消えています)。配布した様式のファイルにそのまま記入して再提出してください(内容を別のブックに貼り付けたものは読み込めません)。",
        ),
        (
            Problem::WrongVersion {
                found: s("mokuhyo-0"),
                expected: s("mokuhyo-2"),
            },
            "様式のバージョン「mokuhyo-0」はこの mokuhyo では読めません(対応する様式は「mokuhyo-2」)。最新の様式に記入し直して再提出してください。",
        ),
        (
            Problem::TemplateSheetMissing {
                sheet: s("部局経営目標"),
            },
            "様式のシート「部局経営目標」が見つかりません(シートが削除されたか、名前が変えられています)。配布した様式のシート「部局経営目標」に記入し、シートを削除したり名前を変えたりせずに再提出してください。",
        ),
        (
            Problem::SheetRenamed {
                sheet: s("R8建設部"),
                template: s("部局経営目標"),
            },
            "様式のシート「部局経営目標」の名前が「R8建設部」に変えられていたため、「R8建設部」を様式として読み込みました。次からはシートの名前を変えずに提出してください。",
        ),
        (
            Problem::MissingName {
                name: s("mk_year"),
                what: part_label("mk_year"),
            },
            "様式の「年度」の欄が見つかりません。様式の見出しや表を削除した可能性があります。配布した様式に記入し直してください。",
        ),
        (
            Problem::MissingName {
                name: s("mk_projects"),
                what: part_label("mk_projects"),
            },
            "様式の「重点事業」の表が見つかりません。様式の見出しや表を削除した可能性があります。配布した様式に記入し直してください。",
        ),
        (
            Problem::BrokenName {
                name: s("mk_themes"),
                formula: s("#REF!"),
                what: part_label("mk_themes"),
            },
            "様式の「部局の方向性(テーマ)」の表の位置が分からなくなっています。様式の行や列を削除した可能性があります。配布した様式に記入し直してください。",
        ),
        (
            Problem::BrokenName {
                name: s("mk_extra"),
                formula: s("#REF!"),
                what: part_label("mk_extra"),
            },
            "様式の見出しや表の一部の位置が分からなくなっています。様式の行や列を削除した可能性があります。配布した様式に記入し直してください。",
        ),
        (
            Problem::SheetCopies {
                sheets: s("「A」「B」"),
            },
            "様式のシートが複数あり、内容が異なります(「A」「B」)。どれを採用すべきか判断できないため、提出するシートを1つにして再提出してください。",
        ),
        (
            Problem::SheetCopiesSame {
                sheets: s("「A」「B」"),
                used: s("A"),
            },
            "様式のシートが複数ありますが内容は同じです(「A」「B」)。「A」を読み込みました。",
        ),
        (
            Problem::MissingColumn {
                list: s("重点事業"),
                header: s("目標値"),
            },
            "重点事業の表に列「目標値」が見つかりません。列見出しを変更・削除せず、配布した様式のまま再提出してください。",
        ),
        (
            Problem::ExtraColumn {
                header: s("メモ")
            },
            "列「メモ」は様式にない列のため、入力された内容を読み込んでいません。必要な内容は様式の列に移してください。",
        ),
        (
            Problem::BelowList {
                list: s("重点事業"),
            },
            "重点事業の表のすぐ下の行に入力があります。表の続きとして読み込みました。行を追加するときは表の中に行を挿入してください。",
        ),
        (
            Problem::NotANumber {
                column: s("目標値"),
                text: s("約100"),
            },
            "目標値「約100」は数値として読めません。数値だけを入力してください(単位は「単位」列へ。値がなければ「-」)。",
        ),
        (
            Problem::NotADate {
                column: s("作成日"),
                text: s("4月上旬"),
            },
            "作成日「4月上旬」は日付として読めません。「令和8年4月1日」や「2026/4/1」の形で入力してください。",
        ),
        (
            Problem::BadYear {
                text: s("来年度")
            },
            "年度「来年度」が読めません。「令和8年度」の形で入力してください。",
        ),
        (
            Problem::MissingField {
                field: s("部局名")
            },
            "部局名が入力されていません。部局名を入力してください。",
        ),
        (
            Problem::EmptyField {
                field: s("部局長名"),
            },
            "部局長名が入力されていません。",
        ),
        (
            Problem::YearMismatch {
                found: s("令和7年度"),
                expected: s("令和8年度"),
            },
            "年度が「令和7年度」で、処理している年度「令和8年度」と異なります。年度を確かめてください。",
        ),
        (
            Problem::YearWithoutDo {
                text: s("令和8年"),
                year: s("令和8年度"),
            },
            "年度「令和8年」を「令和8年度」として読みました。",
        ),
        (
            Problem::ImplausibleYear {
                found: s("令和88年度"),
                gregorian: 2106,
                today: s("令和8年度"),
            },
            "年度「令和88年度」(2106年度)は、今年度「令和8年度」より先すぎます。入力の誤りではありませんか。年度を確かめてください。",
        ),
        (
            Problem::PreviousNotCarried {
                name: s("危険空き家除却件数"),
                actual: s("集計中"),
            },
            "指標「危険空き家除却件数」の前年度実績値は空欄にしました(今年度の実績値「集計中」が数値でないため)。実績が出たら部局で記入してください。",
        ),
        (
            Problem::PreviousNotConverted {
                name: s("移住者数"),
                actual: s("30件"),
                unit: s("人"),
            },
            "指標「移住者数」の前年度実績値は空欄にしました(今年度の実績値「30件」を指標の単位「人」に換算できないため)。「人」で数えた値を部局で記入してください。",
        ),
        (
            Problem::PreviousNone { count: 2 },
            "実績値のない指標(空欄か「-」) 2 件は、前年度実績値を「-」(実績なし)にしました。",
        ),
        (
            Problem::NoTemplateWithoutFile {
                department: s("総務部"),
                year: s("令和8年度"),
                command: s("mokuhyo template --year 令和9年度 --department 総務部 -o 配布"),
            },
            "書き出していません。部局「総務部」の前年度(令和8年度)の様式が見つからないためです。白紙の様式は mokuhyo template --year 令和9年度 --department 総務部 -o 配布 で作れます。",
        ),
        (
            Problem::NoTemplateWithErrors {
                department: s("建設部"),
            },
            "書き出していません。部局「建設部」の前年度の様式にエラーがあるためです(上の[エラー]を参照)。直した様式を指定して、もう一度実行してください。",
        ),
        (
            Problem::CellError {
                column: s("目標値"),
                code: s("#DIV/0!"),
            },
            "目標値のセルがエラー値「#DIV/0!」です。数式を見直すか、値を直接入力してください。",
        ),
        (
            Problem::NotAChoice {
                column: s("方向"),
                text: s("上昇"),
                choices: s("「増加」「減少」「維持」"),
            },
            "方向「上昇」は選べる値ではありません。「増加」「減少」「維持」のいずれかを選んでください。",
        ),
        (
            Problem::BadSdgs {
                text: s("11、18"),
                part: s("18"),
            },
            "SDGs「11、18」のうち「18」は SDGs の目標ではありません。目標の番号(1〜17)を「、」で区切って入力してください(例: 11、17)。",
        ),
        (
            Problem::BadBudget { text: s("30人") },
            "予算額「30人」は金額として読めません。千円単位の数値だけを入力してください(例: 12,345)。",
        ),
        (
            Problem::UnknownPlan {
                text: s("2-3"),
                known: s("「1-1」「2-1」"),
            },
            "施策「2-3」は mokuhyo.toml の施策一覧([[plan]])にありません。施策の番号か名称を一覧のとおりに入力してください(一覧の例: 「1-1」「2-1」)。",
        ),
        (
            Problem::ActualNotANumber {
                name: s("危険空き家除却件数"),
                text: s("集計中"),
            },
            "指標「危険空き家除却件数」の実績値「集計中」は数値として読めないため、達成率は「−」(測定不能)になります。数値が出ていれば数値だけを入力してください。",
        ),
        (
            Problem::ActualUnitDiffers {
                name: s("移住者数"),
                text: s("30件"),
                written: s("件"),
                unit: s("人"),
            },
            "指標「移住者数」の実績値「30件」の単位「件」が指標の単位「人」と異なり、換算できないため、達成率は「−」(測定不能)になります。「人」で数えた数値を入力してください。",
        ),
        (
            Problem::ActualConverted {
                name: s("ふるさと納税寄附額"),
                text: s("0.33億円"),
                unit: s("万円"),
                converted: s("3,300万円"),
            },
            "指標「ふるさと納税寄附額」の実績値「0.33億円」を指標の単位「万円」に換算し、「3,300万円」として達成率を計算しました。",
        ),
        (
            Problem::UnitConflict {
                column: s("目標値"),
                text: s("30件"),
                written: s("件"),
                unit: s("人"),
            },
            "目標値「30件」の単位「件」が単位列の「人」と異なります。単位を揃えてください。",
        ),
        (
            Problem::IndicatorWithoutProject {
                name: s("移住者数"),
            },
            "指標「移住者数」の上に事業がありません。この行に事業名を入力してください。",
        ),
        (
            Problem::ProjectWithoutTitle,
            "事業名が入力されていません(番号や事業内容は入力されています)。事業名を入力してください。",
        ),
        (
            Problem::IndicatorWithoutName,
            "指標名が入力されていません(目標値などは入力されています)。指標名を入力してください。",
        ),
        (
            Problem::ThemeWithoutTitle,
            "テーマの見出しが入力されていません(内容は入力されています)。見出しを入力してください。",
        ),
        (
            Problem::MissingTarget {
                name: s("移住者数"),
            },
            "指標「移住者数」の目標値が空欄です。目標値を入力してください。目標値がない場合は「-」を入力してください。",
        ),
        (
            Problem::BlankPrevious {
                name: s("移住者数"),
            },
            "指標「移住者数」の前年度実績値が空欄です。実績がない場合は「-」を入力してください。",
        ),
        (
            Problem::MissingUnit {
                name: s("移住者数"),
            },
            "指標「移住者数」に単位がありません。単位(人、回、% など)を入力してください。",
        ),
        (
            Problem::PercentAsFraction {
                name: s("作業進捗率"),
                column: s("目標値"),
                text: s("0.5"),
                percent: s("50"),
            },
            "指標「作業進捗率」は単位が「%」で、目標値が 0.5 です。50% の意味なら 50 と入力してください。",
        ),
        (Problem::NoProjects, "重点事業が1件も入力されていません。"),
        (
            Problem::NoThemes,
            "部局の方向性(テーマ)が1件も入力されていません。",
        ),
        (
            Problem::EmptyDocument,
            "部局の方向性(テーマ)も重点事業も入力されていません。記入前の様式のようです。記入してから提出してください。",
        ),
        (
            Problem::UnknownDepartment {
                name: s("総合政策課"),
                closest: Some(s("総合政策部")),
            },
            "部局名「総合政策課」は名簿(設定ファイルの department)にありません。「総合政策部」の誤りではありませんか。名簿のとおりの部局名にして再提出してください(別名で書くなら設定ファイルの aliases に加えてください)。",
        ),
        (
            Problem::UnknownDepartment {
                name: s("市長室"),
                closest: None,
            },
            "部局名「市長室」は名簿(設定ファイルの department)にありません。名簿のとおりの部局名にして再提出してください(別名で書くなら設定ファイルの aliases に加えてください)。",
        ),
        (
            Problem::OwnOutput {
                what: s("集約ブック"),
            },
            "mokuhyo が書き出した集約ブックのため、提出として読み込みませんでした。",
        ),
        (
            Problem::FormulaWithoutResult {
                column: s("目標値"),
                formula: s("=100+15"),
            },
            "目標値のセルの数式「=100+15」は、計算結果がファイルに保存されていません。Excel か LibreOffice で開いて保存し直すか、数式ではなく値を入力してください。",
        ),
        (
            Problem::Superseded {
                department: s("総合政策部"),
                used: s("b.xlsx"),
            },
            "部局「総合政策部」の提出が複数あります。「b.xlsx」を採用し、このファイルは集約に含めていません。",
        ),
        (
            Problem::Replaced {
                department: s("総務部"),
                by: s("in/総務部_再提出.xlsx"),
                errors: 2,
            },
            "部局「総務部」のこのファイル(エラー 2 件)は、後の提出「in/総務部_再提出.xlsx」で差し替えられました。集約には「in/総務部_再提出.xlsx」を使います。このファイルの対応は不要です。",
        ),
        (
            Problem::YearOfOthers {
                found: s("令和7年度"),
                expected: s("令和8年度"),
                count: 6,
                total: 7,
            },
            "年度が「令和7年度」で、ほかの様式(7 件中 6 件)の年度「令和8年度」と異なります。年度の指定(--year、設定ファイル mokuhyo.toml の year)がないため、多くの様式の年度「令和8年度」で処理しています。このファイルの年度を確かめてください。令和7年度のファイルを処理するときは --year 令和7年度 を付けてください。",
        ),
        (
            Problem::MissingGlyph {
                department: s("総合政策部"),
                text: s("木村 \u{E000}生"),
                chars: s("\u{E000}"),
            },
            "部局「総合政策部」の「木村 \u{E000}生」に、PDF のフォントにない文字「\u{E000}」があります。PDF では「〓」と表示しています。文字を置き換えるか、--font でその文字のあるフォントを指定してください。",
        ),
        (
            Problem::NotInShiftJis {
                department: s("総務部"),
                line: 3,
                column: s("指標名"),
                chars: s("𠮷"),
            },
            "部局「総務部」の「指標名」(指標一覧.csv の 3 行目)に、Shift_JIS(Windows-31J)にない文字「𠮷」があります。CSV では「〓」にしています。文字を置き換えるか、--csv-encoding utf-8 で書き出してください。",
        ),
    ];
    for (problem, expected) in cases {
        assert_eq!(problem.to_string(), expected, "{problem:?}");
    }
}

#[test]
fn error_messages() {
    use mokuhyo::error::{Error, OsReason};
    let io = || std::io::Error::new(std::io::ErrorKind::NotFound, "not found");
    let cases = [
        (
            Error::ConfigRead {
                path: PathBuf::from("x.toml"),
                reason: OsReason::from(&io()),
            },
            "設定ファイル「x.toml」を読み込めません。見つかりません。パスを確かめてください。",
        ),
        (
            Error::ConfigParse {
                path: PathBuf::from("x.toml"),
                message: s("unknown field `yaer`"),
            },
            "設定ファイル「x.toml」の書き方に誤りがあります: unknown field `yaer`",
        ),
        (
            Error::BadYear(s("来年")),
            "年度「来年」が読めません。「令和8年度」「R8」「2026」のように指定してください。",
        ),
        (
            Error::BadDate(s("五月二十日")),
            "日付「五月二十日」が読めません。「令和9年5月20日」「R9.5.20」「2027-05-20」のように指定してください。",
        ),
        (
            Error::RunYearDiffers {
                files: 6,
                found: s("令和9年度"),
                expected: s("令和8年度"),
                setting: s("設定ファイル mokuhyo.toml の year"),
            },
            "読み込んだ 6 件の様式はどれも年度が「令和9年度」で、処理する年度「令和8年度」(設定ファイル mokuhyo.toml の year)と異なります。令和9年度のファイルを処理するときは --year 令和9年度 を付けるか、設定ファイルの year を \"令和9年度\" に書き換えてください。処理する年度が正しければ、ファイルの年度を確かめてください。",
        ),
        (
            Error::NoInput,
            "入力ファイルが指定されていません。様式のファイルかフォルダを指定してください。",
        ),
        (
            Error::OutputIsInput(PathBuf::from("a.xlsx")),
            "出力先「a.xlsx」は入力ファイルです。入力を上書きしないよう、別の場所を指定してください。",
        ),
        (
            Error::Write {
                path: PathBuf::from("out/a.xlsx"),
                reason: OsReason::Denied,
            },
            "「out/a.xlsx」に書き込めません。アクセスが許可されていないか、ほかのプログラム(Excel など)で開かれています。ファイルを閉じるか、アクセス権を確かめてください。",
        ),
        (
            Error::Write {
                path: PathBuf::from("out/a.xlsx"),
                reason: OsReason::Locked,
            },
            "「out/a.xlsx」に書き込めません。ほかのプログラム(Excel など)で開かれています。そのファイルを閉じてから、もう一度実行してください。",
        ),
        (
            Error::Write {
                path: PathBuf::from("out/a.xlsx"),
                reason: OsReason::from(&std::io::Error::from(std::io::ErrorKind::StorageFull)),
            },
            "「out/a.xlsx」に書き込めません。ディスクの空きが足りません。空きを作ってから実行し直してください。",
        ),
        (
            Error::NoWorkFolder(PathBuf::from("令和8年度")),
            "作業フォルダ「令和8年度」が見つかりません。提出・集約などのフォルダと mokuhyo.toml を置く、年度の作業フォルダを指定してください。",
        ),
        (
            Error::Listen(8080),
            "作業画面を開けません(このパソコンのポート 8080 で待ち受けられません)。ほかのプログラムがその番号を使っていることがあります。--port を付けずに起動すると、空いている番号を使います。",
        ),
        (
            Error::OutputNotFolder(PathBuf::from("README.md")),
            "出力先「README.md」はフォルダではなくファイルです。-o には出力先のフォルダを指定してください。",
        ),
        (
            Error::Font {
                path: PathBuf::from("yugothic.ttc"),
                message: s("フォント集にはフォントが 2 個あり、番号は 0 から 1 までです"),
            },
            "フォント「yugothic.ttc」を使えません(フォント集にはフォントが 2 個あり、番号は 0 から 1 までです)。TrueType フォント(.ttf、.ttc)のパスを指定してください(フォント集の2番目は「パス#1」)。",
        ),
        (Error::Pdf(s("x")), "PDF を作成できません(x)。"),
        (
            Error::Stdout(OsReason::from(&std::io::Error::from(
                std::io::ErrorKind::StorageFull,
            ))),
            "実行結果を標準出力(> で指定したファイルなど)に書き込めません。ディスクの空きが足りません。空きを作ってから実行し直してください。",
        ),
        (
            Error::DiffYears {
                found: s("令和8年度"),
            },
            "比べる2つの年度の様式が見つかりません(読み取れた年度: 令和8年度)。前年度と今年度の様式を両方指定してください。",
        ),
        (
            Error::FillRead {
                path: PathBuf::from("s.toml"),
                reason: OsReason::from(&io()),
            },
            "記入内容のファイル「s.toml」を読み込めません。見つかりません。パスを確かめてください。",
        ),
        (
            Error::FillParse {
                path: PathBuf::from("s.json"),
                message: s("1行目 2文字目(「{」): JSON が途中で終わっています。"),
            },
            "記入内容のファイル「s.json」の書き方に誤りがあります: 1行目 2文字目(「{」): JSON が途中で終わっています。",
        ),
        (
            Error::FillNotOne {
                path: PathBuf::from("点検.json"),
                found: 6,
            },
            "記入内容のファイル「点検.json」には受け付けた様式の内容が 6 件あります。1件だけのファイルを指定するか、--department で部局を選んでください。",
        ),
        (
            Error::FillEmpty {
                path: PathBuf::from("点検.json"),
            },
            "記入内容のファイル「点検.json」には受け付けた様式の内容がありません(mokuhyo check --json の出力なら、status が accepted のファイルを含むものを指定してください)。",
        ),
        (
            Error::FillWithoutDepartment {
                path: PathBuf::from("点検.json"),
                department: s("総務部"),
            },
            "記入内容のファイル「点検.json」に部局「総務部」の内容がありません。",
        ),
        (
            Error::Json(serde_json::from_str::<u8>("x").unwrap_err()),
            "結果を JSON で書き出せません(expected value at line 1 column 1)。このことを mokuhyo の開発者に知らせてください。",
        ),
    ];
    for (error, expected) in cases {
        assert_eq!(error.to_string(), expected);
    }
}

#[test]
fn quoted_values_are_shortened() {
    assert_eq!(mokuhyo::domain::finding::excerpt("約100"), "約100");
    let long = "あ".repeat(150);
    assert_eq!(
        mokuhyo::domain::finding::excerpt(&long),
        format!("{}…(以下略、全150文字)", "あ".repeat(100))
    );
}

#[test]
fn findings_show_file_sheet_and_cell() {
    let finding = mokuhyo::domain::finding::Finding::at(
        Severity::Error,
        Path::new("提出/総務部.xlsx"),
        Some("部局経営目標"),
        Some(s("F23")),
        Problem::NotANumber {
            column: s("目標値"),
            text: s("abc"),
        },
    );
    assert_eq!(
        finding.to_string(),
        "[エラー] 提出/総務部.xlsx シート「部局経営目標」 セルF23: 目標値「abc」は数値として読めません。数値だけを入力してください(単位は「単位」列へ。値がなければ「-」)。"
    );
}

fn small() -> Document {
    let mut doc = source("総合政策部");
    doc.projects.truncate(3);
    doc
}

/// The cell of an indicator's column in the template of `doc`.
fn at(doc: &Document, project: usize, indicator: usize, col: Col) -> (String, (u32, u16)) {
    let cell = source_map(doc)
        .indicator_cell(project, indicator, col)
        .unwrap();
    let pos = position(&cell);
    (cell, pos)
}

#[test]
fn a_target_that_is_not_a_number() {
    let doc = small();
    let (cell, (r, c)) = at(&doc, 0, 1, Col::Target);
    let read = edited(&doc, |s| {
        s.write_string(r, c, "約30").unwrap();
    });
    assert_finding(
        &read,
        Severity::Error,
        Some(&cell),
        "目標値「約30」は数値として読めません。数値だけを入力してください(単位は「単位」列へ。値がなければ「-」)。",
    );
    assert!(!read.is_accepted());
}

#[test]
fn full_width_text_apostrophes_and_separators_are_numbers() {
    let doc = small();
    let (_, (r, c)) = at(&doc, 0, 0, Col::Target);
    let (_, (r2, c2)) = at(&doc, 0, 0, Col::Previous);
    let read = edited(&doc, |s| {
        s.write_string(r, c, "１，１５０").unwrap();
        s.write_string(r2, c2, "'121(見込み)").unwrap();
    });
    assert_clean(&read);
    let ind = &read.document.unwrap().projects[0].indicators[0];
    assert_eq!(ind.target.unwrap().value, 1150.0);
    assert_eq!(ind.previous.unwrap().value, 121.0);
    assert!(ind.previous_estimate);
}

#[test]
fn a_unit_written_with_the_value_that_differs() {
    let doc = small();
    let (cell, (r, c)) = at(&doc, 0, 1, Col::Target);
    let read = edited(&doc, |s| {
        s.write_string(r, c, "30件").unwrap();
    });
    assert_finding(
        &read,
        Severity::Error,
        Some(&cell),
        "目標値「30件」の単位「件」が単位列の「人」と異なります。単位を揃えてください。",
    );
}

/// An actual in another scale of the unit is converted and says to what (one
/// in an unrelated unit: year_end::actuals_typed_as_text_or_in_another_unit…).
#[test]
fn an_actual_in_another_scale_says_it_was_converted_and_to_what() {
    use mokuhyo::domain::quantity::Quantity;
    let mut doc = small();
    doc.projects[0].indicators = vec![Indicator {
        name: s("販売額"),
        unit: s("万円"),
        target: Some(Quantity::new(3500.0, 0)),
        actual: Some(Quantity::new(0.33, 2)),
        actual_unit: s("億円"),
        ..Indicator::default()
    }];
    let mut read = round_trip(&doc, false);
    check(&mut read, &Expectations::default());
    let map = read.source.clone().unwrap();
    assert_finding(
        &read,
        Severity::Note,
        map.indicator_cell(0, 0, Col::Actual).as_deref(),
        "指標「販売額」の実績値「0.33億円」を指標の単位「万円」に換算し、「3,300万円」として達成率を計算しました。",
    );
}

#[test]
fn a_direction_that_is_not_a_choice() {
    let doc = small();
    let (cell, (r, c)) = at(&doc, 0, 0, Col::Direction);
    let read = edited(&doc, |s| {
        s.write_string(r, c, "上昇").unwrap();
    });
    assert_finding(
        &read,
        Severity::Error,
        Some(&cell),
        "方向「上昇」は選べる値ではありません。「増加」「減少」「維持」のいずれかを選んでください。",
    );
}

#[test]
fn an_estimate_flag_that_is_not_a_choice() {
    let doc = small();
    let (cell, (r, c)) = at(&doc, 0, 0, Col::PreviousEstimate);
    let read = edited(&doc, |s| {
        s.write_string(r, c, "はい").unwrap();
    });
    assert_finding(
        &read,
        Severity::Error,
        Some(&cell),
        "前年度見込み「はい」は選べる値ではありません。「見込み」か空欄のいずれかを選んでください。",
    );
}

#[test]
fn a_blank_previous_actual_is_a_warning_and_a_dash_is_not() {
    let doc = small();
    let (cell, (r, c)) = at(&doc, 0, 0, Col::Previous);
    let mut read = edited(&doc, |s| {
        s.write_blank(r, c, &rust_xlsxwriter::Format::new())
            .unwrap();
    });
    check(&mut read, &Expectations::default());
    assert_finding(
        &read,
        Severity::Warning,
        Some(&cell),
        "指標「市内成婚数」の前年度実績値が空欄です。実績がない場合は「-」を入力してください。",
    );
    assert!(read.is_accepted());
    for dash in ["-", "－", "―"] {
        let read = edited(&doc, |s| {
            s.write_string(r, c, dash).unwrap();
        });
        assert_clean(&read);
        assert_eq!(
            read.document.unwrap().projects[0].indicators[0].previous,
            None
        );
    }
}

#[test]
fn percentages() {
    let doc = small();
    let (cell, (r, c)) = at(&doc, 1, 0, Col::Target);
    let read = edited(&doc, |s| {
        s.write_number(r, c, 0.5).unwrap();
    });
    assert_finding(
        &read,
        Severity::Warning,
        Some(&cell),
        "指標「ワークショップ等の延べ参加者数」は単位が「%」で、目標値が 0.5 です。50% の意味なら 50 と入力してください。",
    );
    let percent = rust_xlsxwriter::Format::new().set_num_format("0%");
    let read = edited(&doc, |s| {
        s.write_number_with_format(r, c, 1.0, &percent).unwrap();
    });
    assert_clean(&read);
    assert_eq!(
        read.document.unwrap().projects[1].indicators[0]
            .target
            .unwrap()
            .value,
        100.0
    );
}

#[test]
fn header_fields() {
    let doc = small();
    let map = source_map(&doc);
    let cell = |f: Field| map.field(f).unwrap();
    let (dept, year, head, created) = (
        cell(Field::Department),
        cell(Field::Year),
        cell(Field::Head),
        cell(Field::Created),
    );
    let read = edited(&doc, |s| {
        let blank = rust_xlsxwriter::Format::new();
        let (r, c) = position(&dept);
        s.write_blank(r, c, &blank).unwrap();
        let (r, c) = position(&year);
        s.write_string(r, c, "来年度").unwrap();
        let (r, c) = position(&head);
        s.write_blank(r, c, &blank).unwrap();
        let (r, c) = position(&created);
        s.write_string(r, c, "4月上旬").unwrap();
    });
    assert_finding(
        &read,
        Severity::Error,
        Some(&dept),
        "部局名が入力されていません。部局名を入力してください。",
    );
    assert_finding(
        &read,
        Severity::Error,
        Some(&year),
        "年度「来年度」が読めません。「令和8年度」の形で入力してください。",
    );
    assert_finding(
        &read,
        Severity::Warning,
        Some(&head),
        "部局長名が入力されていません。",
    );
    assert_finding(
        &read,
        Severity::Error,
        Some(&created),
        "作成日「4月上旬」は日付として読めません。「令和8年4月1日」や「2026/4/1」の形で入力してください。",
    );
}

/// A 年度 typed without 度 is read as that 年度 and said so; one far ahead
/// (a typo) is questioned, not accepted.
#[test]
fn a_year_without_do_is_read_and_one_far_ahead_is_questioned() {
    let doc = small();
    let year = source_map(&doc).field(Field::Year).unwrap();
    let (r, c) = position(&year);
    let read = edited(&doc, |s| {
        s.write_string(r, c, "令和8年").unwrap();
    });
    assert_finding(
        &read,
        Severity::Note,
        Some(&year),
        "年度「令和8年」を「令和8年度」として読みました。",
    );
    assert_eq!(read.document.as_ref().unwrap().year, FiscalYear::new(2026));
    assert!(read.is_accepted());
    let mut read = edited(&doc, |s| {
        s.write_string(r, c, "令和88年度").unwrap();
    });
    let expect = Expectations {
        year: Some(FiscalYear::new(2026)),
        today: Some(FiscalYear::new(2026)),
        ..Expectations::default()
    };
    check(&mut read, &expect);
    assert_finding(
        &read,
        Severity::Error,
        Some(&year),
        "年度「令和88年度」(2106年度)は、今年度「令和8年度」より先すぎます。入力の誤りではありませんか。年度を確かめてください。",
    );
    assert_eq!(
        read.findings.len(),
        1,
        "not also a year mismatch: {:#?}",
        read.findings
    );
    // Next year's template, made during this one, is plausible.
    let mut read = round_trip(&doc, false);
    let expect = Expectations {
        today: Some(FiscalYear::new(2025)),
        ..Expectations::default()
    };
    check(&mut read, &expect);
    assert_clean(&read);
}

#[test]
fn dates_as_text_in_wareki_and_as_serials() {
    let doc = small();
    let created = source_map(&doc).field(Field::Created).unwrap();
    let (r, c) = position(&created);
    for write in [
        |s: &mut rust_xlsxwriter::Worksheet, r, c| {
            s.write_string(r, c, "令和8年4月1日").map(|_| ())
        },
        |s: &mut rust_xlsxwriter::Worksheet, r, c| s.write_string(r, c, "R8.4.1").map(|_| ()),
        |s: &mut rust_xlsxwriter::Worksheet, r, c| s.write_number(r, c, 46113.0).map(|_| ()),
    ] {
        let read = edited(&doc, |s| write(s, r, c).unwrap());
        assert_clean(&read);
        assert_eq!(
            read.document.unwrap().created,
            chrono::NaiveDate::from_ymd_opt(2026, 4, 1)
        );
    }
}

#[test]
fn rows_that_do_not_belong() {
    let doc = small();
    let map = source_map(&doc);
    let last = map.projects.last().unwrap().1.last().copied().unwrap();
    let col = |c: Col| map.columns[&c] as u16;
    let read = edited(&doc, |s| {
        s.write_string(last + 2, col(Col::Code), "9-①").unwrap();
        s.write_string(last + 3, col(Col::Target), "5").unwrap();
    });
    let title = mokuhyo::domain::form::a1(last + 2, col(Col::Title) as u32);
    let name = mokuhyo::domain::form::a1(last + 3, col(Col::IndicatorName) as u32);
    assert_finding(
        &read,
        Severity::Error,
        Some(&title),
        "事業名が入力されていません(番号や事業内容は入力されています)。事業名を入力してください。",
    );
    assert_finding(
        &read,
        Severity::Error,
        Some(&name),
        "指標名が入力されていません(目標値などは入力されています)。指標名を入力してください。",
    );
}

#[test]
fn an_indicator_before_any_project() {
    let mut doc = small();
    doc.projects.clear();
    // The first data row of the list, found from a document with a project.
    let one = {
        let mut d = small();
        d.projects.truncate(1);
        source_map(&d)
    };
    let read = edited(&doc, |s| {
        let row = one.projects[0].0;
        s.write_string(row, one.columns[&Col::IndicatorName] as u16, "移住者数")
            .unwrap();
        s.write_string(row, one.columns[&Col::Unit] as u16, "人")
            .unwrap();
        s.write_number(row, one.columns[&Col::Target] as u16, 30.0)
            .unwrap();
        s.write_string(row, one.columns[&Col::Previous] as u16, "-")
            .unwrap();
    });
    assert!(
        read.findings.iter().any(|f| f.message
            == "指標「移住者数」の上に事業がありません。この行に事業名を入力してください。"),
        "{}",
        listing(&read.findings)
    );
}

#[test]
fn a_theme_without_title() {
    let doc = small();
    let map = source_map(&doc);
    let row = map.themes.last().unwrap() + 1;
    let read = edited(&doc, |s| {
        s.write_string(row, 2, "内容だけのテーマ").unwrap();
    });
    assert_finding(
        &read,
        Severity::Error,
        Some(&mokuhyo::domain::form::a1(row, 1)),
        "テーマの見出しが入力されていません(内容は入力されています)。見出しを入力してください。",
    );
}

#[test]
fn data_typed_right_below_the_list_is_read_with_a_warning() {
    let doc = small();
    // The list ends at the last row of the name mk_projects: 40 rows at least.
    let map = source_map(&doc);
    let header_row = map.projects[0].0 - 1;
    let below = header_row + 41;
    let read = edited(&doc, |s| {
        s.write_string(below, 0, "4-②").unwrap();
        s.write_string(below, 1, "範囲外事業").unwrap();
    });
    assert_finding(
        &read,
        Severity::Warning,
        Some(&mokuhyo::domain::form::a1(below, 0)),
        "重点事業の表のすぐ下の行に入力があります。表の続きとして読み込みました。行を追加するときは表の中に行を挿入してください。",
    );
    let doc = read.document.unwrap();
    assert_eq!(doc.projects.last().unwrap().title, "範囲外事業");
}

#[test]
fn a_renamed_header_is_a_missing_column() {
    let doc = small();
    let map = source_map(&doc);
    let header_row = map.projects[0].0 - 1;
    let target = map.columns[&Col::Target] as u16;
    let read = edited(&doc, |s| {
        s.write_string(header_row, target, "目標").unwrap();
    });
    assert_finding(
        &read,
        Severity::Error,
        Some(&mokuhyo::domain::form::a1(header_row, 0)),
        "重点事業の表に列「目標値」が見つかりません。列見出しを変更・削除せず、配布した様式のまま再提出してください。",
    );
}

#[test]
fn another_template_version() {
    let doc = small();
    let version = source_map(&doc).field(Field::Version).unwrap();
    let (r, c) = position(&version);
    let read = edited(&doc, |s| {
        s.write_string(r, c, "mokuhyo-0").unwrap();
    });
    assert_finding(
        &read,
        Severity::Error,
        Some(&version),
        "様式のバージョン「mokuhyo-0」はこの mokuhyo では読めません(対応する様式は「mokuhyo-2」)。最新の様式に記入し直して再提出してください。",
    );
    assert!(read.document.is_none());
}

#[test]
fn files_that_are_not_templates() {
    let mut plain = rust_xlsxwriter::Workbook::new();
    plain
        .add_worksheet()
        .write_string(0, 0, "部局経営目標")
        .unwrap();
    let read =
        mokuhyo::read::read_bytes_as(Path::new("plain.xlsx"), plain.save_to_buffer().unwrap());
    assert_finding(
        &read,
        Severity::Error,
        None,
        "mokuhyo の様式ではありません(配布した様式のファイルではないか、様式の目印が消えています)。配布した様式のファイルにそのまま記入して再提出してください(内容を別のブックに貼り付けたものは読み込めません)。",
    );
    let cases: [(&[u8], &str); 4] = [
        (b"", "空のファイル(0 バイト)です"),
        (
            b"\x00\x01garbage",
            "Excel・LibreOffice のファイル形式ではありません",
        ),
        (
            b"<html><table><tr><td>1</td></tr></table></html>",
            "HTML のファイルです(Web システムの出力など)。Excel で開いて .xlsx 形式で保存し直してください",
        ),
        (b"PK\x03\x04truncated", ""),
    ];
    for (bytes, reason) in cases {
        let read = mokuhyo::read::read_bytes_as(Path::new("x.xlsx"), bytes.to_vec());
        assert!(read.document.is_none());
        let message = &read.findings[0].message;
        assert!(
            message.starts_with("ファイルを読み込めません。"),
            "{message}"
        );
        assert!(message.contains(reason), "{message}");
    }
}

#[test]
fn lock_files_are_skipped_with_a_note() {
    let read = mokuhyo::read::read_file(Path::new("~$総務部.xlsx"));
    assert_finding(
        &read,
        Severity::Note,
        None,
        "Excel の一時ファイル(~$ で始まるファイル)のため読み飛ばしました。",
    );
    assert!(read.is_skipped());
}

#[test]
fn checks_against_the_year_and_the_roster() {
    let doc = small();
    let mut read = round_trip(&doc, false);
    let config = Config::parse("[[department]]\nname = \"総務部\"\n").unwrap();
    let expect = Expectations {
        year: Some(FiscalYear::new(2027)),
        roster: Some(&config.roster),
        today: None,
        plans: None,
    };
    check(&mut read, &expect);
    let map = read.source.clone().unwrap();
    assert_finding(
        &read,
        Severity::Error,
        map.field(Field::Year).as_deref(),
        "年度が「令和8年度」で、処理している年度「令和9年度」と異なります。年度を確かめてください。",
    );
    assert_finding(
        &read,
        Severity::Error,
        map.field(Field::Department).as_deref(),
        "部局名「総合政策部」は名簿(設定ファイルの department)にありません。名簿のとおりの部局名にして再提出してください(別名で書くなら設定ファイルの aliases に加えてください)。",
    );
}

#[test]
fn a_name_not_on_the_roster_is_an_error_with_the_closest_name() {
    let config = Config::parse(
        "[[department]]\nname = \"総合政策部\"\naliases = [\"総政\"]\n[[department]]\nname = \"教育委員会\"\n",
    )
    .unwrap();
    let expect = Expectations {
        year: None,
        roster: Some(&config.roster),
        today: None,
        plans: None,
    };
    for (written, closest) in [("総合政策課", "総合政策部"), ("教育委員會", "教育委員会")]
    {
        let mut doc = small();
        doc.department = s(written);
        let mut read = round_trip(&doc, false);
        check(&mut read, &expect);
        let cell = read.source.as_ref().unwrap().field(Field::Department);
        assert_finding(
            &read,
            Severity::Error,
            cell.as_deref(),
            &format!(
                "部局名「{written}」は名簿(設定ファイルの department)にありません。「{closest}」の誤りではありませんか。名簿のとおりの部局名にして再提出してください(別名で書くなら設定ファイルの aliases に加えてください)。"
            ),
        );
        assert!(!read.is_accepted(), "{written} stays out of every output");
    }
    // An alias is the department.
    let mut doc = small();
    doc.department = s("総政");
    let mut read = round_trip(&doc, false);
    check(&mut read, &expect);
    assert!(read.is_accepted(), "{:#?}", read.findings);
}

#[test]
fn checks_on_content() {
    let mut doc = small();
    doc.themes.clear();
    doc.projects = vec![Project {
        code: None,
        title: s("事業"),
        description: String::new(),
        indicators: vec![Indicator {
            name: s("件数"),
            previous: None,
            ..Indicator::default()
        }],
        ..Project::default()
    }];
    let mut read = round_trip(&doc, false);
    check(&mut read, &Expectations::default());
    let map = read.source.clone().unwrap();
    assert_finding(
        &read,
        Severity::Warning,
        None,
        "部局の方向性(テーマ)が1件も入力されていません。",
    );
    assert_finding(
        &read,
        Severity::Error,
        map.indicator_cell(0, 0, Col::Target).as_deref(),
        "指標「件数」の目標値が空欄です。目標値を入力してください。目標値がない場合は「-」を入力してください。",
    );
    assert_finding(
        &read,
        Severity::Warning,
        map.indicator_cell(0, 0, Col::Unit).as_deref(),
        "指標「件数」に単位がありません。単位(人、回、% など)を入力してください。",
    );
    let themes = small().themes;
    doc.projects.clear();
    doc.themes = themes.clone();
    let mut read = round_trip(&doc, false);
    check(&mut read, &Expectations::default());
    assert_finding(
        &read,
        Severity::Warning,
        None,
        "重点事業が1件も入力されていません。",
    );
    assert!(read.is_accepted());
    // Neither: a template sent back as it was handed out.
    doc.themes.clear();
    let mut read = round_trip(&doc, false);
    check(&mut read, &Expectations::default());
    assert_finding(
        &read,
        Severity::Error,
        None,
        "部局の方向性(テーマ)も重点事業も入力されていません。記入前の様式のようです。記入してから提出してください。",
    );
    assert!(!read.is_accepted(), "never a submission");
    assert_eq!(read.findings.len(), 1, "{:#?}", read.findings);
}

#[test]
fn a_department_sent_twice_uses_the_latest_and_lists_the_other() {
    let mut older = small();
    older.created = chrono::NaiveDate::from_ymd_opt(2026, 4, 1);
    let mut newer = small();
    newer.created = chrono::NaiveDate::from_ymd_opt(2026, 4, 10);
    let mut a = round_trip(&older, false);
    a.path = PathBuf::from("a.xlsx");
    let mut b = round_trip(&newer, false);
    b.path = PathBuf::from("b.xlsx");
    let mut third = round_trip(&older, false);
    third.path = PathBuf::from("c.xlsx");
    let c = mokuhyo::consolidate::consolidate(vec![a, b, third], &Default::default(), "", None);
    assert_eq!(c.documents.len(), 1);
    assert_eq!(c.documents[0].0, PathBuf::from("b.xlsx"));
    assert!(
        c.submissions[1].findings.is_empty(),
        "{:#?}",
        c.submissions[1].findings
    );
    for older in [&c.submissions[0], &c.submissions[2]] {
        assert_finding(
            older,
            Severity::Warning,
            None,
            "部局「総合政策部」の提出が複数あります。「b.xlsx」を採用し、このファイルは集約に含めていません。",
        );
    }
}
