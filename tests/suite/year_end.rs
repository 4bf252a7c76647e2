//! The year end from the samples: the rollup's grades checked by hand, the
//! commands' outputs, next year's templates read back (the round trip), and
//! the comparison of the two years.

use std::path::{Path, PathBuf};

use crate::common::{mokuhyo, read, root};
use mokuhyo::config::Config;
use mokuhyo::consolidate::consolidate;
use mokuhyo::domain::model::Document;
use mokuhyo::domain::quantity::Quantity;
use mokuhyo::read::read_file;
use mokuhyo::year_end::achievement::{Grade, Thresholds};
use mokuhyo::year_end::rollup::rollup;

fn year_end_dir() -> PathBuf {
    root().join("samples/year-end")
}

fn config_path() -> PathBuf {
    root().join("samples/mokuhyo.toml")
}

fn config() -> Config {
    Config::load(&config_path()).unwrap()
}

/// The year-end sample files, sorted.
fn year_end_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(year_end_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    files.sort();
    files
}

/// The year-end source of a department.
fn year_end_source(department: &str) -> Document {
    let path = year_end_dir().join(format!("source/{department}.toml"));
    mokuhyo::cli::load_document(&path).unwrap()
}

fn text(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every grade of the year-end samples, each computed by hand from the
/// values in samples/year-end/source (see the rules in docs/guide/rollup.md).
#[test]
fn the_year_end_samples_grade_as_computed_by_hand() {
    let expected = [
        ("総合政策部", "市内成婚数", "93.9%", "B"),
        ("総合政策部", "移住者数", "120.0%", "A"),
        (
            "総合政策部",
            "ワークショップ等の延べ参加者数",
            "100.0%",
            "A",
        ),
        ("総合政策部", "まにこいん決済額(累計)", "96.0%", "B"),
        ("総合政策部", "加盟店数", "103.4%", "A"),
        (
            "総合政策部",
            "拠点の運営体制構築に向けた協議回数",
            "66.7%",
            "C",
        ),
        ("総合政策部", "作業進捗率", "100.0%", "A"),
        ("総合政策部", "市長と話そう!開催数", "106.7%", "A"),
        (
            "総合政策部",
            "セミナー、ワークショップ実施数",
            "100.0%",
            "A",
        ),
        (
            "総合政策部",
            "セミナー、ワークショップ参加者数",
            "84.4%",
            "B",
        ),
        ("総合政策部", "交流会開催数", "100.0%", "A"),
        ("総合政策部", "交流会参加者数", "80.0%", "B"),
        ("総合政策部", "アクセス件数", "89.4%", "B"),
        ("健康福祉部", "特定健診受診率", "95.2%", "B"),
        ("健康福祉部", "特定保健指導実施率", "101.8%", "A"),
        ("健康福祉部", "がん検診受診者数", "96.5%", "B"),
        ("健康福祉部", "健康ポイント事業参加者数", "108.0%", "A"),
        ("健康福祉部", "通いの場参加者数", "98.3%", "B"),
        ("健康福祉部", "要介護認定率", "98.9%", "B"),
        ("健康福祉部", "待機児童数", "100.0%", "A"),
        ("健康福祉部", "保育士就職支援金の活用者数", "40.0%", "D"),
        ("健康福祉部", "一般就労への移行者数", "66.7%", "C"),
        ("産業観光部", "観光入込客数", "103.0%", "A"),
        ("産業観光部", "観光消費額", "103.2%", "A"),
        ("産業観光部", "外国人宿泊者数", "90.6%", "B"),
        ("産業観光部", "バイオマスツアー参加者数", "67.2%", "C"),
        ("産業観光部", "観光ポータルサイト閲覧数", "105.4%", "A"),
        ("産業観光部", "新規就農者数", "75.0%", "C"),
        ("産業観光部", "担い手への農地集積率", "98.0%", "B"),
        ("産業観光部", "支援事業者の特産品販売額", "94.3%", "B"),
        ("産業観光部", "創業件数", "106.7%", "A"),
        ("産業観光部", "事業承継相談件数", "130.0%", "A"),
        ("建設部", "舗装補修延長", "102.4%", "A"),
        ("建設部", "修繕完了橋梁数(累計)", "97.6%", "B"),
        ("建設部", "水道有収率", "100.0%", "A"),
        ("建設部", "基幹管路更新延長", "65.6%", "C"),
        ("建設部", "空き家バンク成約件数", "103.3%", "A"),
        ("建設部", "危険空き家除却件数", "−", "−"),
        ("建設部", "デマンド交通利用者数", "96.9%", "B"),
        ("建設部", "人身交通事故件数", "115.4%", "A"),
        (
            "消防本部",
            "救急出動から現場到着までの平均時間",
            "96.9%",
            "B",
        ),
        ("消防本部", "救命講習受講者数", "94.1%", "B"),
        (
            "消防本部",
            "バイスタンダーによる心肺蘇生実施率",
            "90.2%",
            "B",
        ),
        ("消防本部", "火災件数", "117.6%", "A"),
        ("消防本部", "住宅用火災警報器設置率", "97.6%", "B"),
        ("消防本部", "消防団員数", "97.0%", "B"),
        ("消防本部", "機能別消防団員数", "46.7%", "D"),
        ("消防本部", "Net119緊急通報システム登録者数", "115.0%", "A"),
        (
            "教育委員会",
            "授業がよくわかると答えた児童生徒の割合",
            "97.8%",
            "B",
        ),
        ("教育委員会", "不登校児童生徒数", "76.9%", "C"),
        ("教育委員会", "校内教育支援センター設置校数", "100.0%", "A"),
        (
            "教育委員会",
            "校内教育支援センター利用児童生徒の満足度",
            "−",
            "−",
        ),
        (
            "教育委員会",
            "地域学校協働活動ボランティア延べ人数",
            "102.9%",
            "A",
        ),
        ("教育委員会", "図書貸出冊数", "96.1%", "B"),
        ("教育委員会", "読み聞かせ会等の開催回数", "105.0%", "A"),
    ];
    let submissions = year_end_files().iter().map(|p| read_file(p)).collect();
    let config = config();
    let c = consolidate(
        submissions,
        &config.roster,
        &config.municipality,
        config.year,
    );
    let r = rollup(&c, &Thresholds::default());
    let mut got = Vec::new();
    for d in &r.departments {
        let doc = &c.documents[d.document].1;
        for row in &d.rows {
            let (_, indicator) = row.of(doc);
            got.push((
                d.department.clone(),
                indicator.name.clone(),
                row.achievement.rate_label(),
                row.achievement.grade.label().to_string(),
            ));
        }
    }
    assert_eq!(got.len(), expected.len());
    for (got, want) in got.iter().zip(expected) {
        assert_eq!(
            (
                got.0.as_str(),
                got.1.as_str(),
                got.2.as_str(),
                got.3.as_str()
            ),
            want,
            "{} {}",
            want.0,
            want.1
        );
    }
    let city: Vec<usize> = Grade::ALL.iter().map(|g| r.counts.get(*g)).collect();
    assert_eq!(city, [24, 21, 6, 2, 2]);
    let building = r
        .departments
        .iter()
        .find(|d| d.department == "建設部")
        .unwrap();
    let counts: Vec<usize> = Grade::ALL.iter().map(|g| building.counts.get(*g)).collect();
    assert_eq!(counts, [4, 2, 1, 0, 1], "建設部");
}

#[test]
fn rollup_writes_the_book_and_the_report() {
    let out = tempfile::tempdir().unwrap();
    let config = config_path();
    let args = |json: bool| {
        let mut args = vec![
            "rollup".to_string(),
            year_end_dir().display().to_string(),
            "--config".to_string(),
            config.display().to_string(),
            "-o".to_string(),
            out.path().display().to_string(),
        ];
        if json {
            args.push("--json".to_string());
        }
        args
    };
    let run = |json| {
        let args = args(json);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        mokuhyo(out.path(), &args)
    };
    let output = run(false);
    assert!(output.status.success(), "{output:?}");
    let stdout = text(&output);
    assert!(
        stdout.contains("達成状況(全 55 指標): A 24、B 21、C 6、D 2、−(測定不能)2"),
        "{stdout}"
    );
    let book = out.path().join("令和8年度_部局経営目標_実績集計.xlsx");
    let pdf = out.path().join("令和8年度_部局経営目標_実績報告.pdf");
    assert!(stdout.contains(&format!(
        "実績集計ブックを書き出しました: {}",
        book.display()
    )));
    assert!(stdout.contains(&format!(
        "実績報告の PDF を書き出しました: {}",
        pdf.display()
    )));
    let first = (std::fs::read(&book).unwrap(), std::fs::read(&pdf).unwrap());

    let output = run(true);
    assert!(output.status.success(), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["rollup"]["counts"]["A"], 24);
    assert_eq!(json["rollup"]["counts"]["−"], 2);
    assert_eq!(json["rollup"]["counts"]["計"], 55);
    assert_eq!(json["rollup"]["thresholds"]["b"], 80.0);
    let departments = json["rollup"]["departments"].as_array().unwrap();
    assert_eq!(departments[0]["department"], "総合政策部");
    let second = (std::fs::read(&book).unwrap(), std::fs::read(&pdf).unwrap());
    assert!(first == second, "a second run wrote different bytes");
}

/// This year's actuals, in the indicator's unit, as next year's template
/// must carry them: `None` for text such as 集計中.
fn carried(indicator: &mokuhyo::domain::model::Indicator) -> Option<Quantity> {
    let q = indicator.actual?;
    if indicator.actual_unit.is_empty() {
        return Some(q);
    }
    let value =
        mokuhyo::domain::quantity::convert(q.value, &indicator.actual_unit, &indicator.unit)?;
    Some(Quantity::from_f64(value))
}

#[test]
fn next_years_templates_carry_this_years_actuals() {
    let out = tempfile::tempdir().unwrap();
    let output = mokuhyo(
        out.path(),
        &[
            "template",
            "--from",
            year_end_dir().to_str().unwrap(),
            "--year",
            "令和9年度",
            "--config",
            config_path().to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{output:?}");
    for department in [
        "総合政策部",
        "健康福祉部",
        "建設部",
        "教育委員会",
        "消防本部",
        "産業観光部",
    ] {
        let this = year_end_source(department);
        let path = out
            .path()
            .join(format!("令和9年度_部局経営目標_{department}.xlsx"));
        assert!(
            text(&output).contains(&path.display().to_string()),
            "{}",
            text(&output)
        );
        let next = read(&path);
        let doc = next
            .document
            .as_ref()
            .unwrap_or_else(|| panic!("{department}: {:?}", next.findings));
        assert_eq!(doc.year.label(), "令和9年度", "{department}");
        assert_eq!((&doc.department, &doc.head), (&this.department, &this.head));
        assert_eq!(doc.themes, this.themes, "{department}: themes");
        assert_eq!(
            doc.created, None,
            "{department}: 作成日 is next year's to fill"
        );
        assert_eq!(doc.projects.len(), this.projects.len(), "{department}");
        for (p, (now, before)) in doc.projects.iter().zip(&this.projects).enumerate() {
            assert_eq!(
                (&now.code, &now.title, &now.description),
                (&before.code, &before.title, &before.description),
                "{department} project {p}"
            );
            assert!(
                now.review.is_empty(),
                "{department} {}: review carried",
                now.title
            );
            assert_eq!(now.indicators.len(), before.indicators.len());
            for (next, this) in now.indicators.iter().zip(&before.indicators) {
                let at = format!("{department} {}", this.name);
                assert_eq!((&next.name, &next.unit), (&this.name, &this.unit), "{at}");
                assert_eq!(next.previous, carried(this), "{at}: 前年度実績値");
                assert_eq!(
                    next.previous_estimate,
                    this.actual_estimate && carried(this).is_some(),
                    "{at}: 見込み"
                );
                assert_eq!(next.target, None, "{at}: 目標値 is left to set");
                assert_eq!(
                    (next.direction, next.cumulative),
                    (this.direction, this.cumulative)
                );
                assert_eq!((next.actual, next.actual_as_of), (None, None), "{at}");
            }
        }
    }
    // 0.33億円 typed for an indicator in 万円 arrives as 3,300万円.
    let tourism = read(&out.path().join("令和9年度_部局経営目標_産業観光部.xlsx"));
    let sales = &tourism.document.unwrap().projects[3].indicators[0];
    assert_eq!(sales.name, "支援事業者の特産品販売額");
    assert_eq!(sales.previous.map(|q| q.value), Some(3300.0));
}

/// Next year's documents as a department would fill them: targets set,
/// one indicator renamed, one dropped, one added.
fn next_year_filled() -> Vec<Document> {
    let next = mokuhyo::domain::wareki::FiscalYear::new(2027);
    ["総合政策部", "消防本部"]
        .iter()
        .map(|d| {
            let mut doc = mokuhyo::year_end::next_year::next_year(&year_end_source(d), next, false);
            for project in &mut doc.projects {
                for indicator in &mut project.indicators {
                    indicator.target = indicator.previous;
                }
            }
            doc
        })
        .collect()
}

/// Next year's documents with the edits the diff must find.
fn next_year_edited() -> Vec<Document> {
    let mut docs = next_year_filled();
    let q = |v: f64| Some(Quantity::new(v, 0));
    let policy = &mut docs[0];
    policy.projects[0].indicators[0].target = q(120.0); // 市内成婚数: 115 → 120, actual 108
    policy.projects[0].indicators[1].target = q(28.0); // 移住者数: 30 → 28, actual 36
    policy.projects[0].indicators[1].name = "移住者数(転入者)".to_string();
    policy.projects[4].indicators.clear(); // 作業進捗率 dropped
    policy.projects[5]
        .indicators
        .push(mokuhyo::domain::model::Indicator {
            name: "市民提案件数".to_string(),
            unit: "件".to_string(),
            target: q(20.0),
            ..Default::default()
        });
    let fire = &mut docs[1];
    fire.projects[1].indicators[0].target = q(17.0); // 火災件数 (減少): 20 → 17, actual 17
    docs
}

fn write_templates(dir: &Path, docs: &[Document]) {
    for doc in docs {
        let bytes = mokuhyo::outputs::xlsx::template::to_bytes(doc, &Default::default()).unwrap();
        let name = format!("{}_{}.xlsx", doc.year, doc.department);
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

#[test]
fn diff_shows_added_dropped_renamed_and_moved_targets() {
    let dir = tempfile::tempdir().unwrap();
    let last = dir.path().join("r8");
    let this = dir.path().join("r9");
    std::fs::create_dir_all(&last).unwrap();
    std::fs::create_dir_all(&this).unwrap();
    write_templates(
        &last,
        &[year_end_source("総合政策部"), year_end_source("消防本部")],
    );
    let docs = next_year_edited();
    write_templates(&this, &docs);

    let output = mokuhyo(
        dir.path(),
        &[
            "diff",
            "r8",
            "r9",
            "--config",
            config_path().to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{output:?}");
    let stdout = text(&output);
    let expected = [
        "令和8年度と令和9年度の比較",
        "■ 総合政策部  新規 1、廃止 1、名称変更 1、目標引上げ 3、目標引下げ 6",
        "  [継続] 人口減少抑制対策 / 市内成婚数  目標値 120組(前年度の目標値 115組から引上げ、実績値 108組、実績より高い)",
        "  [名称変更] 人口減少抑制対策 / 「移住者数」→「移住者数(転入者)」  目標値 28人(前年度の目標値 30人から引下げ、実績値 36人、実績より低い)",
        "  [新規] 政策形成や事業評価における市民参画の推進 / 市民提案件数  目標値 20件",
        "  [廃止] 情報化計画推進事業 / 作業進捗率  (前年度の目標値 100%、実績値 100%)",
        "■ 消防本部  新規 0、廃止 0、名称変更 0、目標引上げ 2、目標引下げ 6",
        "  [継続] 火災予防推進事業 / 火災件数  目標値 17件(前年度の目標値 20件から引下げ、実績値 17件、実績と同じ) [減少]",
    ];
    for line in expected {
        assert!(
            stdout.lines().any(|l| l == line),
            "missing: {line}\n---\n{stdout}"
        );
    }

    let output = mokuhyo(
        dir.path(),
        &[
            "diff",
            "r9",
            "r8",
            "--json",
            "--config",
            config_path().to_str().unwrap(),
        ],
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["last"], 2026, "the years are told apart by the files");
    let changes = json["departments"][0]["changes"].as_array().unwrap();
    let renamed = changes
        .iter()
        .find(|c| c["renamed_from"] == "移住者数")
        .unwrap();
    assert_eq!(renamed["versus_target"], "下");
    assert_eq!(renamed["versus_actual"], "下");
}

#[test]
fn diff_needs_two_years() {
    let dir = tempfile::tempdir().unwrap();
    let output = mokuhyo(
        dir.path(),
        &[
            "diff",
            year_end_dir().to_str().unwrap(),
            "--config",
            config_path().to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        "mokuhyo: 比べる2つの年度の様式が見つかりません(読み取れた年度: 令和8年度)。前年度と今年度の様式を両方指定してください。"
    );
}

#[test]
fn actuals_typed_as_text_or_in_another_unit_are_kept_with_a_warning() {
    use mokuhyo::domain::finding::Severity;
    use mokuhyo::domain::form::Col;
    let mut doc = crate::common::source("総合政策部");
    doc.projects.truncate(1);
    let indicators = &mut doc.projects[0].indicators;
    indicators[0].actual_text = "集計中".to_string();
    indicators[1].actual = Some(Quantity::new(30.0, 0));
    indicators[1].actual_unit = "件".to_string();
    let mut read = crate::common::round_trip(&doc, false);
    mokuhyo::check::check(&mut read, &Default::default());
    let back = read.document.clone().unwrap();
    assert_eq!(back.projects[0].indicators, doc.projects[0].indicators);
    let map = read.source.clone().unwrap();
    crate::common::assert_finding(
        &read,
        Severity::Warning,
        map.indicator_cell(0, 0, Col::Actual).as_deref(),
        "指標「市内成婚数」の実績値「集計中」は数値として読めないため、達成率は「−」(測定不能)になります。数値が出ていれば数値だけを入力してください。",
    );
    crate::common::assert_finding(
        &read,
        Severity::Warning,
        map.indicator_cell(0, 1, Col::Actual).as_deref(),
        "指標「移住者数」の実績値「30件」の単位「件」が指標の単位「人」と異なり、換算できないため、達成率は「−」(測定不能)になります。「人」で数えた数値を入力してください。",
    );
    assert!(read.is_accepted(), "warnings do not reject the file");
}

#[test]
fn committed_year_end_samples_match_their_sources_and_say_they_are_invented() {
    let files = year_end_files();
    assert_eq!(files.len(), 6, "{files:?}");
    for path in files {
        let submission = read(&path);
        let doc = submission.document.as_ref().unwrap();
        crate::common::assert_same(&year_end_source(&doc.department), doc);
        assert!(
            doc.remark.contains("架空"),
            "{}: remark {:?}",
            doc.department,
            doc.remark
        );
        let errors = submission
            .findings
            .iter()
            .filter(|f| f.severity == mokuhyo::domain::finding::Severity::Error);
        assert_eq!(
            errors.count(),
            0,
            "{}",
            crate::common::listing(&submission.findings)
        );
    }
}

#[test]
fn build_with_compare_adds_the_sheet_and_the_section() {
    use calamine::Reader;
    let dir = tempfile::tempdir().unwrap();
    let this = dir.path().join("r9");
    std::fs::create_dir_all(&this).unwrap();
    write_templates(&this, &next_year_edited());
    let output = mokuhyo(
        dir.path(),
        &[
            "build",
            "r9",
            "--year",
            "令和9年度",
            "--compare",
            year_end_dir().to_str().unwrap(),
            "--config",
            config_path().to_str().unwrap(),
            "-o",
            "out",
        ],
    );
    assert!(output.status.success(), "{output:?}");
    let book = dir.path().join("out/令和9年度_部局経営目標_集約.xlsx");
    let mut workbook = calamine::open_workbook_auto(&book).unwrap();
    let sheet = workbook.worksheet_range("前年度比較").unwrap();
    let row = sheet
        .rows()
        .find(|r| r[1] == "名称変更")
        .expect("a 名称変更 row on 前年度比較");
    let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
    assert_eq!(
        cells,
        [
            "総合政策部",
            "名称変更",
            "人口減少抑制対策",
            "移住者数(転入者)",
            "移住者数",
            "人",
            "",
            "30",
            "36",
            "28",
            "引下げ",
            "実績より低い",
            ""
        ],
        "前年度比較: the renamed indicator's row"
    );
    assert_eq!(
        sheet.get((0, 7)).unwrap().to_string(),
        "令和8年度目標値",
        "前年度比較!H1"
    );
    let pdf = std::fs::read(dir.path().join("out/令和9年度_部局経営目標.pdf")).unwrap();
    let pdf = lopdf::Document::load_mem(&pdf).unwrap();
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let text: String = pdf
        .extract_text(&pages)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for piece in [
        "前年度との比較",
        "「移住者数」→「移住者数(転入者)」",
        "市民提案件数",
        "作業進捗率",
    ] {
        assert!(text.contains(piece), "the PDF lacks 「{piece}」");
    }
}

#[test]
fn rollup_of_start_of_year_files_says_no_actual_was_entered() {
    let out = tempfile::tempdir().unwrap();
    let start = root().join("samples/start");
    let output = mokuhyo(
        out.path(),
        &[
            "rollup",
            start.to_str().unwrap(),
            "--config",
            config_path().to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{output:?}");
    let stdout = text(&output);
    assert!(
        stdout.contains("達成状況(全 55 指標): A 0、B 0、C 0、D 0、−(測定不能)55"),
        "{stdout}"
    );
    assert!(
        stdout.contains("実績値が1件も入力されていない部局があります: 総合政策部、健康福祉部、産業観光部、建設部、消防本部、教育委員会(年度当初の様式ではありませんか。実績値を記入した様式を指定してください)"),
        "{stdout}"
    );
}

/// The shown text of a comparison cell: its number in its number format's
/// decimals (`#,##0.0` shows 5 as 5.0).
fn shown_cell(
    values: &calamine::Range<calamine::Data>,
    styles: &calamine::StyleRange,
    at: (u32, u32),
) -> String {
    use calamine::DataType;
    let value = values.get_value(at).cloned().unwrap_or_default();
    let Some(number) = value.as_f64().filter(|_| !value.is_string()) else {
        return value.to_string();
    };
    let code = styles
        .get(at)
        .and_then(|s| s.number_format.as_ref())
        .map(|f| f.format_code.clone())
        .unwrap_or_default();
    let decimals = code.split_once('.').map_or(0, |(_, f)| {
        f.chars().take_while(|c| *c == '0').count() as u8
    });
    Quantity::new(number, decimals).to_string()
}

/// Issue 26: what the comparison with last year shows (diff's text and
/// JSON, build --compare's section and sheet) is each value as typed:
/// 5.0億円, 1.20億円, 10.0時間, 99.50%, never 5億円 or 99.5%.
#[test]
fn the_comparison_shows_every_value_as_typed() {
    use crate::common::{DECIMALS_LAST_YEAR, DECIMALS_THIS_YEAR, fill_toml};
    use calamine::Reader;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fill_toml(dir, DECIMALS_LAST_YEAR, "r8/建設部.xlsx");
    fill_toml(dir, DECIMALS_THIS_YEAR, "r9/建設部.xlsx");
    let config = config_path();
    let config = config.to_str().unwrap();

    let output = mokuhyo(dir, &["diff", "r8", "r9", "--config", config]);
    assert!(output.status.success(), "{output:?}");
    let stdout = text(&output);
    let expected = [
        "  [継続] 道路維持管理事業 / 補助金交付額  目標値 6.0億円(前年度の目標値 5.0億円から引上げ、実績値 1.20億円、実績より高い)",
        "  [継続] 道路維持管理事業 / 研修時間  目標値 12.0時間(前年度の目標値 10.0時間から引上げ、実績値 9.50時間、実績より高い)",
        "  [継続] 道路維持管理事業 / 水道有収率  目標値 99.60%(前年度の目標値 99.50%から引上げ、実績値 99.0%、実績より高い) ※長期目標値を引上げ(前年度 99.90%)",
        "  [継続] 道路維持管理事業 / 事業収入  目標値 0.60億円(前年度の目標値 0.5億円から引上げ、実績値 0.45億円、実績より高い)",
        "  [廃止] 道路維持管理事業 / 点検回数  (前年度の目標値 3.0回、実績値 2.50回)",
    ];
    for line in expected {
        assert!(
            stdout.lines().any(|l| l == line),
            "missing: {line}\n---\n{stdout}"
        );
    }

    let output = mokuhyo(dir, &["diff", "r8", "r9", "--json", "--config", config]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let changes = json["departments"][0]["changes"].as_array().unwrap();
    let kept: Vec<[&serde_json::Value; 3]> = changes
        .iter()
        .filter(|c| c["kind"] == "kept")
        .map(|c| [&c["last_target"], &c["last_actual"], &c["last_long_term"]])
        .collect();
    let null = serde_json::Value::Null;
    assert_eq!(
        kept,
        [
            [&"5.0".into(), &"1.20".into(), &null],
            [&"10.0".into(), &"9.50".into(), &null],
            [&"99.50".into(), &"99.0".into(), &"99.90".into()],
            [&"0.5".into(), &"0.45".into(), &null],
        ],
        "diff --json: last year's values as typed, as strings like the indicator's"
    );

    let output = mokuhyo(
        dir,
        &[
            "build",
            "r9",
            "--year",
            "令和9年度",
            "--compare",
            "r8",
            "--config",
            config,
            "-o",
            "out",
        ],
    );
    assert!(output.status.success(), "{output:?}");
    let pdf = std::fs::read(dir.join("out/令和9年度_部局経営目標.pdf")).unwrap();
    let pdf = lopdf::Document::load_mem(&pdf).unwrap();
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let text: String = pdf
        .extract_text(&pages)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let section = &text[text
        .find("令和9年度の部局経営目標の指標を令和8年度と比べた")
        .unwrap()..];
    for row in [
        "補助金交付額5.0億円1.20億円6.0億円",
        "研修時間10.0時間9.50時間12.0時間",
        "水道有収率99.50%99.0%99.60%",
        "事業収入0.5億円0.45億円0.60億円",
        "点検回数3.0回2.50回",
    ] {
        assert!(
            section.contains(row),
            "the PDF's 前年度との比較 lacks 「{row}」:\n{section}"
        );
    }
    let book = dir.join("out/令和9年度_部局経営目標_集約.xlsx");
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let values = workbook.worksheet_range("前年度比較").unwrap();
    let styles = workbook.worksheet_style("前年度比較").unwrap();
    let rows: Vec<Vec<String>> = (1..values.height() as u32)
        .map(|r| {
            [3, 4, 7, 8, 9]
                .iter()
                .map(|&c| shown_cell(&values, &styles, (r, c)))
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        [
            ["補助金交付額", "", "5.0", "1.20", "6.0"],
            ["研修時間", "", "10.0", "9.50", "12.0"],
            ["水道有収率", "", "99.50", "99.0", "99.60"],
            ["事業収入", "", "0.5", "0.45", "0.60"],
            ["", "点検回数", "3.0", "2.50", ""],
        ],
        "前年度比較: 指標名, 前年度の指標名, 前年度目標値, 前年度実績値, 目標値 as shown"
    );
}

/// Issue 26: rollup --json gives each actual as typed, a string with its
/// decimals like the document's values ("1.20", "4500", never 1.2 or
/// 4500.0); the computed 達成率 stays a number.
#[test]
fn rollup_json_gives_each_actual_as_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    crate::common::fill_toml(dir, crate::common::DECIMALS_LAST_YEAR, "r8/建設部.xlsx");
    let config = config_path();
    let args = [
        "rollup",
        "r8",
        "--config",
        config.to_str().unwrap(),
        "-o",
        "out",
        "--json",
    ];
    let output = mokuhyo(dir, &args);
    assert!(output.status.success(), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = json["rollup"]["departments"][0]["rows"].as_array().unwrap();
    let actuals: Vec<(&serde_json::Value, &serde_json::Value)> = rows
        .iter()
        .map(|r| (&r["achievement"]["actual"], &r["achievement"]["rate"]))
        .collect();
    assert_eq!(
        actuals,
        [
            (&"1.20".into(), &24.0.into()),
            (&"9.50".into(), &95.0.into()),
            (&"99.0".into(), &99.5.into()),
            (&"4500".into(), &90.0.into()),
            (&"2.50".into(), &83.3.into()),
        ]
    );
}
