#!/usr/bin/env python3
"""Writes samples/year-end/source/*.toml: the sample departments at year end.

Each is its start-of-year source (samples/source/*.toml) with the year's
actuals (実績値, 見込み, 実績時点) and some year-end comments added. All of it
is invented, including 総合政策部's actuals: its targets and projects are the
real document's, its year-end values are not, and its remark says so.
Run by samples/generate.sh; deterministic.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent
SOURCES = ROOT.parent / "source"
AS_OF = "2027-03-31"
ESTIMATE_AS_OF = "2027-02-28"

# (department, indicator) -> actual as typed; "見込" marks an estimate,
# None leaves the cell empty, other text is typed as it is.
ACTUALS = {
    "健康福祉部": {
        "特定健診受診率": "57.1",
        "特定保健指導実施率": "66.2",
        "がん検診受診者数": "3088",
        "健康ポイント事業参加者数": "1620",
        "通いの場参加者数": "1180 見込",
        "要介護認定率": "18.7",
        "待機児童数": "0",
        "保育士就職支援金の活用者数": "4",
        "一般就労への移行者数": "8",
    },
    "建設部": {
        "舗装補修延長": "8.7",
        "修繕完了橋梁数(累計)": "41",
        "水道有収率": "84.2",
        "基幹管路更新延長": "2.1",
        "空き家バンク成約件数": "31",
        "危険空き家除却件数": "集計中",
        "デマンド交通利用者数": "17450 見込",
        "人身交通事故件数": "52",
    },
    "教育委員会": {
        "授業がよくわかると答えた児童生徒の割合": "83.1",
        "不登校児童生徒数": "91",
        "校内教育支援センター設置校数": "12",
        "校内教育支援センター利用児童生徒の満足度": None,
        "地域学校協働活動ボランティア延べ人数": "4630",
        "図書貸出冊数": "22.1",
        "読み聞かせ会等の開催回数": "126",
    },
    "消防本部": {
        "救急出動から現場到着までの平均時間": "9.8",
        "救命講習受講者数": "1412",
        "バイスタンダーによる心肺蘇生実施率": "49.6",
        "火災件数": "17",
        "住宅用火災警報器設置率": "83.0",
        "消防団員数": "1019",
        "機能別消防団員数": "14",
        "Net119緊急通報システム登録者数": "46",
    },
    "産業観光部": {
        "観光入込客数": "236.8 見込",
        "観光消費額": "12.9",
        "外国人宿泊者数": "8150",
        "バイオマスツアー参加者数": "1210",
        "観光ポータルサイト閲覧数": "84.3",
        "新規就農者数": "9",
        "担い手への農地集積率": "44.1",
        # Typed in 億円 where the indicator is in 万円: converted (3,300万円).
        "支援事業者の特産品販売額": "0.33億円",
        "創業件数": "16",
        "事業承継相談件数": "52",
    },
    "総合政策部": {
        "市内成婚数": "108",
        "移住者数": "36",
        "ワークショップ等の延べ参加者数": "100",
        "まにこいん決済額(累計)": "9.6 見込",
        "加盟店数": "362",
        "拠点の運営体制構築に向けた協議回数": "2",
        "作業進捗率": "100",
        "市長と話そう!開催数": "16",
        "セミナー、ワークショップ実施数": "3",
        "セミナー、ワークショップ参加者数": "38",
        "交流会開催数": "1",
        "交流会参加者数": "12",
        "アクセス件数": "402.5",
    },
}

# (department, project title) -> (成果, 課題, 今後の方向性)
REVIEWS = {
    "健康福祉部": {
        "健康づくり推進事業": (
            "休日健診と Web 予約により特定保健指導実施率は目標を上回った。",
            "特定健診受診率は 40〜50 代の受診が伸びず目標に届かなかった。",
            "未受診者への個別勧奨を職域と連携して強化する。",
        ),
        "保育環境整備事業": (
            "年度を通じて待機児童ゼロを維持した。",
            "保育士就職支援金の活用は 4 人にとどまった。",
            "養成校との連携と制度の周知方法を見直す。",
        ),
    },
    "建設部": {
        "空き家対策推進事業": (
            "空き家バンクの成約は 31 件で目標を達成した。",
            "危険空き家の除却は所有者調整に時間を要し、実績は集計中。",
            "相続登記の義務化を踏まえ、所有者への働きかけを早める。",
        ),
    },
    "教育委員会": {
        "不登校対策推進事業": (
            "校内教育支援センターを全12校に設置した。",
            "不登校児童生徒数は増加し、目標を下回った。",
            "センターの利用状況を分析し、早期の支援につなげる。",
        ),
    },
    "消防本部": {
        "消防団活性化事業": (
            "機能別団員制度を創設し 14 人が入団した。",
            "基本団員の減少が続いている。",
            "事業所や大学と連携した団員確保に取り組む。",
        ),
    },
    "産業観光部": {
        "観光誘客推進事業": (
            "観光入込客数・観光消費額ともに目標を上回る見込み。",
            "バイオマスツアーは団体客の減少で参加者が伸びなかった。",
            "個人向けの商品造成と予約のオンライン化を進める。",
        ),
    },
    "総合政策部": {
        "人口減少抑制対策": (
            "移住者数は 36 人で目標を上回った(サンプルの架空の値)。",
            "市内成婚数は目標に届かなかった(サンプルの架空の値)。",
            "出会いの機会の創出を関係機関と連携して続ける。",
        ),
    },
}

# (department, project title) -> (進捗, 成果, 課題, 今後の取組) of the 中間評価
# written at the end of September (template version 2; invented).
MID_YEAR = {
    "産業観光部": {
        "観光誘客推進事業": (
            "◎",
            "夏季の入込客数が前年同期を 8% 上回った。",
            "冬季の宿泊需要の確保。",
            "冬季限定の周遊企画を 11 月に発表する。",
        ),
        "農業担い手確保・育成事業": (
            "○",
            "新規就農者 6 人が研修を開始した。",
            "研修後の農地の確保。",
            "農地中間管理機構と候補地を調整する。",
        ),
        "特産品販路拡大事業": (
            "△",
            "首都圏の商談会に 2 回出展した。",
            "成約が 1 件にとどまっている。",
            "オンライン商談会を追加で開催する。",
        ),
    },
    "建設部": {
        "道路維持補修事業": (
            "○",
            "上半期に 4.1km の補修を終えた。",
            "資材価格の上昇。",
            "工区をまとめて発注する。",
        ),
        "空き家対策推進事業": (
            "×",
            "空き家バンクの成約は 9 件。",
            "危険空き家の所有者調整が難航し、除却が進んでいない。",
            "司法書士会と連携して相続人調査を早める。",
        ),
        "地域公共交通・交通安全推進事業": (
            "△",
            "デマンド交通の予約アプリを導入した。",
            "高齢者の利用登録が伸びていない。",
            "地区ごとの登録説明会を開く。",
        ),
    },
}

REMARK = {
    "総合政策部": "目標と事業は実際の令和8年度部局経営目標のとおり。実績値と年度末の振り返りはサンプルとして作った架空の値です。",
}


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def actual_lines(value):
    if value is None:
        return []
    estimate = value.endswith(" 見込")
    value = value.removesuffix(" 見込")
    number = value.rstrip("億万円")
    try:
        float(number)
    except ValueError:
        # Typed as text (集計中): kept as it is, not a number.
        return [f"actual_text = {quote(value)}"]
    lines = [f"actual = {quote(number)}"]
    if number != value:
        lines.append(f"actual_unit = {quote(value[len(number):])}")
    if estimate:
        lines.append("actual_estimate = true")
    lines.append(f"actual_as_of = {quote(ESTIMATE_AS_OF if estimate else AS_OF)}")
    return lines


def convert(department, text):
    actuals = dict(ACTUALS[department])
    reviews = REVIEWS.get(department, {})
    out, block, title = [], [], None

    def flush():
        nonlocal block
        out.extend(block)
        block = []

    def close_project():
        mid_year = MID_YEAR.get(department, {}).pop(title, None) if title else None
        if mid_year:
            while out and out[-1] == "":
                out.pop()
            out.append("")
            out.append("[project.mid_year]")
            for key, value in zip(("progress", "results", "issues", "next_steps"), mid_year):
                out.append(f"{key} = {quote(value)}")
            out.append("")
        review = reviews.pop(title, None) if title else None
        if review:
            while out and out[-1] == "":
                out.pop()
            out.append("")
            out.append("[project.review]")
            for key, value in zip(("results", "issues", "next_steps"), review):
                out.append(f"{key} = {quote(value)}")
            out.append("")

    indicator = None
    lines = text.splitlines()
    for line in lines + ["[[project]]"]:
        if line.startswith("[[") or line.startswith("# ") and block and block[-1] == "":
            if indicator is not None:
                while block and block[-1] == "":
                    block.pop()
                block.extend(actual_lines(actuals.pop(indicator)))
                block.append("")
                indicator = None
            flush()
            if line == "[[project]]":
                close_project()
                title = None
        if line.startswith("[[project.indicator]]"):
            indicator = ""
        if indicator == "" and line.startswith("name = "):
            indicator = line[len("name = "):].strip().strip('"')
        if line.startswith("title = ") and title is None and indicator is None:
            title = line[len("title = "):].strip().strip('"')
        block.append(line)
    block.pop()  # the sentinel
    flush()
    mid_year = MID_YEAR.get(department, {})
    if actuals or reviews or mid_year:
        raise SystemExit(
            f"{department}: not found: {list(actuals)} {list(reviews)} {list(mid_year)}"
        )
    text = "\n".join(out).rstrip("\n") + "\n"
    if department in REMARK:
        text = text.replace(
            "head = ", f"remark = {quote(REMARK[department])}\nhead = ", 1
        )
    header = (
        f"# 年度末のサンプル: samples/source/{department}.toml に実績値と振り返りを加えたもの。\n"
        "# samples/year-end/make_sources.py が作ります(直接編集しないでください)。\n"
    )
    return header + text


def main():
    target = ROOT / "source"
    target.mkdir(exist_ok=True)
    for path in sorted(SOURCES.glob("*.toml")):
        department = path.stem
        (target / path.name).write_text(convert(department, path.read_text()), encoding="utf-8")


if __name__ == "__main__":
    main()
