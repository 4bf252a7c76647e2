//! Every message the user sees about an input: one `Problem` variant per
//! thing that can be wrong, each quoting the value it is about and saying,
//! in Japanese, what to do (a `Finding` places it in a file, sheet, cell).

use serde::Serialize;

/// What is wrong. Every message quotes the value it is about and says what
/// to do; each is pinned by a test in `tests/suite/messages.rs`.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// The file could not be opened as a spreadsheet.
    #[error("ファイルを読み込めません。{reason}。")]
    Unreadable {
        /// Why, and what to do.
        reason: String,
    },
    /// An INPUT that does not exist (neither file nor folder).
    #[error("指定されたファイルまたはフォルダが見つかりません。名前と場所を確かめてください。")]
    MissingPath,
    /// A mail without a spreadsheet attached.
    #[error(
        "添付ファイルに様式(.xlsx .xlsm .xls .ods)がありません。添付を忘れていないか確かめてください。"
    )]
    NoAttachment,
    /// A zip without a spreadsheet inside.
    #[error("ZIP の中に様式(.xlsx .xlsm .xls .ods)がありません。")]
    NoSpreadsheetInZip,
    /// An Excel lock file (`~$…`), left while the workbook is open.
    #[error("Excel の一時ファイル(~$ で始まるファイル)のため読み飛ばしました。")]
    LockFile,
    /// The workbook has no template version cell: it is not our template.
    #[error(
        "mokuhyo の様式ではありません(配布した様式のファイルではないか、様式の目印が消えています)。配布した様式のファイルにそのまま記入して再提出してください(内容を別のブックに貼り付けたものは読み込めません)。"
    )]
    NotTemplate,
    /// The template's sheet is gone: the defined names point at a sheet
    /// that no longer exists, and no sheet holds the template where they
    /// point (deleted, or renamed and changed).
    #[error(
        "様式のシート「{sheet}」が見つかりません(シートが削除されたか、名前が変えられています)。配布した様式のシート「{sheet}」に記入し、シートを削除したり名前を変えたりせずに再提出してください。"
    )]
    TemplateSheetMissing {
        /// The sheet's name, as the template's defined names still give it.
        sheet: String,
    },
    /// The template's sheet was renamed by a program that left the defined
    /// names naming the old sheet: the renamed sheet was read.
    #[error(
        "様式のシート「{template}」の名前が「{sheet}」に変えられていたため、「{sheet}」を様式として読み込みました。次からはシートの名前を変えずに提出してください。"
    )]
    SheetRenamed {
        /// The sheet read.
        sheet: String,
        /// Its name in the template, as the defined names still give it.
        template: String,
    },
    /// The template version is not the one this reader knows.
    #[error(
        "様式のバージョン「{found}」はこの mokuhyo では読めません(対応する様式は「{expected}」)。最新の様式に記入し直して再提出してください。"
    )]
    WrongVersion {
        /// The version found in the file.
        found: String,
        /// The version this reader expects.
        expected: String,
    },
    /// A defined name of the template is missing on the template's sheet.
    #[error(
        "様式の{what}が見つかりません。様式の見出しや表を削除した可能性があります。配布した様式に記入し直してください。"
    )]
    MissingName {
        /// The defined name.
        name: String,
        /// The part of the template as the department sees it
        /// ([`crate::form::part_label`]).
        what: String,
    },
    /// A defined name no longer refers to cells (its cells were deleted).
    #[error(
        "様式の{what}の位置が分からなくなっています。様式の行や列を削除した可能性があります。配布した様式に記入し直してください。"
    )]
    BrokenName {
        /// The defined name.
        name: String,
        /// Its reference as stored.
        formula: String,
        /// The part of the template as the department sees it
        /// ([`crate::form::part_label`]).
        what: String,
    },
    /// Several sheets carry the template with different contents.
    #[error(
        "様式のシートが複数あり、内容が異なります({sheets})。どれを採用すべきか判断できないため、提出するシートを1つにして再提出してください。"
    )]
    SheetCopies {
        /// The sheets, quoted and joined.
        sheets: String,
    },
    /// Several sheets carry the template with the same contents.
    #[error("様式のシートが複数ありますが内容は同じです({sheets})。「{used}」を読み込みました。")]
    SheetCopiesSame {
        /// The sheets, quoted and joined.
        sheets: String,
        /// The sheet read.
        used: String,
    },
    /// A column of a list is missing.
    #[error(
        "{list}の表に列「{header}」が見つかりません。列見出しを変更・削除せず、配布した様式のまま再提出してください。"
    )]
    MissingColumn {
        /// The list.
        list: String,
        /// The header text expected.
        header: String,
    },
    /// A column that is not in the template holds data, which is not read.
    #[error(
        "列「{header}」は様式にない列のため、入力された内容を読み込んでいません。必要な内容は様式の列に移してください。"
    )]
    ExtraColumn {
        /// The column's header text.
        header: String,
    },
    /// Data typed in the row right below a list, outside its range.
    #[error(
        "{list}の表のすぐ下の行に入力があります。表の続きとして読み込みました。行を追加するときは表の中に行を挿入してください。"
    )]
    BelowList {
        /// The list.
        list: String,
    },
    /// A cell holds more text than Excel allows in a cell.
    #[error(
        "セルの文字数が {length} 文字あり、Excel の上限(32,767 文字)を超えています。内容を短くして再提出してください。"
    )]
    TooLong {
        /// The number of characters.
        length: usize,
    },
    /// A number was expected.
    #[error(
        "{column}「{text}」は数値として読めません。数値だけを入力してください(単位は「単位」列へ。値がなければ「-」)。"
    )]
    NotANumber {
        /// The column's header text.
        column: String,
        /// The text found.
        text: String,
    },
    /// A date was expected.
    #[error(
        "{column}「{text}」は日付として読めません。「令和8年4月1日」や「2026/4/1」の形で入力してください。"
    )]
    NotADate {
        /// The column or field.
        column: String,
        /// The text found.
        text: String,
    },
    /// The fiscal year is not readable.
    #[error("年度「{text}」が読めません。「令和8年度」の形で入力してください。")]
    BadYear {
        /// The text found.
        text: String,
    },
    /// The fiscal year was written without 度 (「令和8年」) and read as that 年度.
    #[error("年度「{text}」を「{year}」として読みました。")]
    YearWithoutDo {
        /// The text found.
        text: String,
        /// The fiscal year it was read as.
        year: String,
    },
    /// The fiscal year is too far ahead to be meant (a typo such as 令和88年度).
    #[error(
        "年度「{found}」({gregorian}年度)は、今年度「{today}」より先すぎます。入力の誤りではありませんか。年度を確かめてください。"
    )]
    ImplausibleYear {
        /// The year in the file.
        found: String,
        /// Its Gregorian start year.
        gregorian: i32,
        /// The fiscal year of today.
        today: String,
    },
    /// A required header field is empty.
    #[error("{field}が入力されていません。{field}を入力してください。")]
    MissingField {
        /// The field's label.
        field: String,
    },
    /// An optional header field is empty.
    #[error("{field}が入力されていません。")]
    EmptyField {
        /// The field's label.
        field: String,
    },
    /// The year differs from the year being processed.
    #[error(
        "年度が「{found}」で、処理している年度「{expected}」と異なります。年度を確かめてください。"
    )]
    YearMismatch {
        /// The year in the file.
        found: String,
        /// The year of the run.
        expected: String,
    },
    /// No year was given (no `--year`, no configuration's `year`) and the
    /// file's year is not the one most files carry, which the run takes.
    #[error(
        "年度が「{found}」で、ほかの様式({total} 件中 {count} 件)の年度「{expected}」と異なります。年度の指定(--year、設定ファイル mokuhyo.toml の year)がないため、多くの様式の年度「{expected}」で処理しています。このファイルの年度を確かめてください。{found}のファイルを処理するときは --year {found} を付けてください。"
    )]
    YearOfOthers {
        /// The year in the file.
        found: String,
        /// The year most files carry.
        expected: String,
        /// How many files carry it.
        count: usize,
        /// How many files carry a year.
        total: usize,
    },
    /// A cell holds a formula error.
    #[error("{column}のセルがエラー値「{code}」です。数式を見直すか、値を直接入力してください。")]
    CellError {
        /// The column or field.
        column: String,
        /// The error value, such as #DIV/0!.
        code: String,
    },
    /// A cell holds a formula whose result was not saved in the file (written
    /// by a program, or Excel set to manual calculation).
    #[error(
        "{column}のセルの数式「{formula}」は、計算結果がファイルに保存されていません。Excel か LibreOffice で開いて保存し直すか、数式ではなく値を入力してください。"
    )]
    FormulaWithoutResult {
        /// The column or field.
        column: String,
        /// The formula as written, with its `=`.
        formula: String,
    },
    /// A list cell holds a value that is not one of its choices.
    #[error("{column}「{text}」は選べる値ではありません。{choices}のいずれかを選んでください。")]
    NotAChoice {
        /// The column's header text.
        column: String,
        /// The text found.
        text: String,
        /// The choices, quoted and joined.
        choices: String,
    },
    /// An SDGs cell names something that is not one of the 17 goals.
    #[error(
        "SDGs「{text}」のうち「{part}」は SDGs の目標ではありません。目標の番号(1〜17)を「、」で区切って入力してください(例: 11、17)。"
    )]
    BadSdgs {
        /// The cell's text.
        text: String,
        /// The part that is not a goal.
        part: String,
    },
    /// 予算額 in a unit that is not an amount of yen.
    #[error(
        "予算額「{text}」は金額として読めません。千円単位の数値だけを入力してください(例: 12,345)。"
    )]
    BadBudget {
        /// The text found.
        text: String,
    },
    /// A 施策 that the office's list in mokuhyo.toml does not have.
    #[error(
        "施策「{text}」は mokuhyo.toml の施策一覧([[plan]])にありません。施策の番号か名称を一覧のとおりに入力してください(一覧の例: {known})。"
    )]
    UnknownPlan {
        /// The item as written.
        text: String,
        /// Some of the listed codes, quoted.
        known: String,
    },
    /// 実績値 is text that is not a number; the achievement is not measured.
    #[error(
        "指標「{name}」の実績値「{text}」は数値として読めないため、達成率は「−」(測定不能)になります。数値が出ていれば数値だけを入力してください。"
    )]
    ActualNotANumber {
        /// The indicator's name.
        name: String,
        /// The text found.
        text: String,
    },
    /// 実績値 is written in a unit that has no conversion to the indicator's.
    #[error(
        "指標「{name}」の実績値「{text}」の単位「{written}」が指標の単位「{unit}」と異なり、換算できないため、達成率は「−」(測定不能)になります。「{unit}」で数えた数値を入力してください。"
    )]
    ActualUnitDiffers {
        /// The indicator's name.
        name: String,
        /// The text found.
        text: String,
        /// The unit written with the value.
        written: String,
        /// The indicator's unit.
        unit: String,
    },
    /// 実績値 is written in another scale of the indicator's unit (億円 for
    /// 万円) and was converted before it was graded.
    #[error(
        "指標「{name}」の実績値「{text}」を指標の単位「{unit}」に換算し、「{converted}」として達成率を計算しました。"
    )]
    ActualConverted {
        /// The indicator's name.
        name: String,
        /// The text found.
        text: String,
        /// The indicator's unit.
        unit: String,
        /// The converted value with the indicator's unit: 「3,300万円」.
        converted: String,
    },
    /// The unit written with a value differs from the unit column.
    #[error(
        "{column}「{text}」の単位「{written}」が単位列の「{unit}」と異なります。単位を揃えてください。"
    )]
    UnitConflict {
        /// The column's header text.
        column: String,
        /// The text found.
        text: String,
        /// The unit written with the value.
        written: String,
        /// The unit column's value.
        unit: String,
    },
    /// Indicator data on a row before any project.
    #[error("指標「{name}」の上に事業がありません。この行に事業名を入力してください。")]
    IndicatorWithoutProject {
        /// The indicator's name.
        name: String,
    },
    /// A row has project data but no 事業名.
    #[error(
        "事業名が入力されていません(番号や事業内容は入力されています)。事業名を入力してください。"
    )]
    ProjectWithoutTitle,
    /// A row has indicator values but no 指標名.
    #[error("指標名が入力されていません(目標値などは入力されています)。指標名を入力してください。")]
    IndicatorWithoutName,
    /// A theme body without a title.
    #[error(
        "テーマの見出しが入力されていません(内容は入力されています)。見出しを入力してください。"
    )]
    ThemeWithoutTitle,
    /// An indicator whose target is left blank (`-` says there is none).
    #[error(
        "指標「{name}」の目標値が空欄です。目標値を入力してください。目標値がない場合は「-」を入力してください。"
    )]
    MissingTarget {
        /// The indicator's name.
        name: String,
    },
    /// An indicator whose previous actual is left blank (not `-`).
    #[error("指標「{name}」の前年度実績値が空欄です。実績がない場合は「-」を入力してください。")]
    BlankPrevious {
        /// The indicator's name.
        name: String,
    },
    /// An indicator without a unit.
    #[error("指標「{name}」に単位がありません。単位(人、回、% など)を入力してください。")]
    MissingUnit {
        /// The indicator's name.
        name: String,
    },
    /// A percent value that looks like a fraction (1 for 100%).
    #[error(
        "指標「{name}」は単位が「%」で、{column}が {text} です。{percent}% の意味なら {percent} と入力してください。"
    )]
    PercentAsFraction {
        /// The indicator's name.
        name: String,
        /// The column's header text.
        column: String,
        /// The value found.
        text: String,
        /// The value times 100.
        percent: String,
    },
    /// Neither a theme nor a project: a template sent back unfilled.
    #[error(
        "部局の方向性(テーマ)も重点事業も入力されていません。記入前の様式のようです。記入してから提出してください。"
    )]
    EmptyDocument,
    /// No project at all.
    #[error("重点事業が1件も入力されていません。")]
    NoProjects,
    /// No theme at all.
    #[error("部局の方向性(テーマ)が1件も入力されていません。")]
    NoThemes,
    /// The department is not in the roster; the file stays out of every
    /// output.
    #[error(
        "部局名「{name}」は名簿(設定ファイルの department)にありません。{}名簿のとおりの部局名にして再提出してください(別名で書くなら設定ファイルの aliases に加えてください)。",
        closest.as_ref().map(|c| format!("「{c}」の誤りではありませんか。")).unwrap_or_default()
    )]
    UnknownDepartment {
        /// The department name found.
        name: String,
        /// The closest roster name, if one is close.
        #[serde(skip_serializing_if = "Option::is_none")]
        closest: Option<String>,
    },
    /// A file mokuhyo wrote itself (an output, a correction file or a
    /// template nobody has filled in): not a submission.
    #[error("mokuhyo が書き出した{what}のため、提出として読み込みませんでした。")]
    OwnOutput {
        /// What it is: 集約ブック, 修正依頼, 記入前の様式 ….
        what: String,
    },
    /// `template --from`: this year's actual is not a number, so next
    /// year's 前年度実績値 is left blank for the department to fill in.
    #[error(
        "指標「{name}」の前年度実績値は空欄にしました(今年度の実績値「{actual}」が数値でないため)。実績が出たら部局で記入してください。"
    )]
    PreviousNotCarried {
        /// The indicator's name.
        name: String,
        /// This year's actual as typed.
        actual: String,
    },
    /// `template --from`: this year's actual is in a unit that does not
    /// convert to the indicator's, so next year's 前年度実績値 is left blank.
    #[error(
        "指標「{name}」の前年度実績値は空欄にしました(今年度の実績値「{actual}」を指標の単位「{unit}」に換算できないため)。「{unit}」で数えた値を部局で記入してください。"
    )]
    PreviousNotConverted {
        /// The indicator's name.
        name: String,
        /// This year's actual with its unit.
        actual: String,
        /// The indicator's unit.
        unit: String,
    },
    /// `template --from`: indicators without an actual get 「-」 (no actual).
    #[error(
        "実績値のない指標(空欄か「-」) {count} 件は、前年度実績値を「-」(実績なし)にしました。"
    )]
    PreviousNone {
        /// How many indicators.
        count: usize,
    },
    /// `template --from`: a roster department got no template because no
    /// file of this year was read for it.
    #[error(
        "書き出していません。部局「{department}」の前年度({year})の様式が見つからないためです。白紙の様式は {command} で作れます。"
    )]
    NoTemplateWithoutFile {
        /// The department.
        department: String,
        /// This year (the year read).
        year: String,
        /// The command that writes the department's blank template.
        command: String,
    },
    /// `template --from`: a roster department got no template because its
    /// file of this year has errors.
    #[error(
        "書き出していません。部局「{department}」の前年度の様式にエラーがあるためです(上の[エラー]を参照)。直した様式を指定して、もう一度実行してください。"
    )]
    NoTemplateWithErrors {
        /// The department.
        department: String,
    },
    /// Several accepted files for one department; one is used.
    #[error(
        "部局「{department}」の提出が複数あります。「{used}」を採用し、このファイルは集約に含めていません。"
    )]
    Superseded {
        /// The department.
        department: String,
        /// The file used instead.
        used: String,
    },
    /// A file with errors that a later file of its department replaced:
    /// its findings are this one note (the later file is the one used).
    #[error(
        "部局「{department}」のこのファイル(エラー {errors} 件)は、後の提出「{by}」で差し替えられました。集約には「{by}」を使います。このファイルの対応は不要です。"
    )]
    Replaced {
        /// The department.
        department: String,
        /// The file used instead.
        by: String,
        /// How many errors the file had.
        errors: usize,
    },
    /// A character the PDF's font lacks: printed as 〓.
    #[error(
        "部局「{department}」の「{text}」に、PDF のフォントにない文字「{chars}」があります。PDF では「〓」と表示しています。文字を置き換えるか、--font でその文字のあるフォントを指定してください。"
    )]
    MissingGlyph {
        /// The department (empty for text of the configuration).
        department: String,
        /// The text, shortened.
        text: String,
        /// The characters missing.
        chars: String,
    },
    /// A character the open data's Shift_JIS (Windows-31J) cannot hold:
    /// written as 〓 in the CSV.
    #[error(
        "部局「{department}」の「{column}」(指標一覧.csv の {line} 行目)に、Shift_JIS(Windows-31J)にない文字「{chars}」があります。CSV では「〓」にしています。文字を置き換えるか、--csv-encoding utf-8 で書き出してください。"
    )]
    NotInShiftJis {
        /// The department.
        department: String,
        /// The CSV's line (the header is line 1).
        line: usize,
        /// The column's name.
        column: String,
        /// The characters replaced.
        chars: String,
    },
}
