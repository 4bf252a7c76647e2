#!/usr/bin/env python3
"""The DIY peer of the benchmark harness (scripts/bench.py): what a policy
office would write itself instead of using mokuhyo. openpyxl reads each
filled template's header cells and its two tables by their defined names,
openpyxl writes the consolidated workbook (an indicator sheet and a sheet per
department), ReportLab draws the packet with the embedded, subset BIZ UDゴシック
(one section per department: header, themes, the project table).

    python3 benches/peer/diy.py IN_DIR OUT_DIR FONT.ttf
"""

import pathlib
import sys

import openpyxl
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (PageBreak, Paragraph, SimpleDocTemplate, Table,
                                TableStyle)

SHEET = "部局経営目標"


def cell(wb, name):
    """The value of a one-cell defined name."""
    dn = wb.defined_names.get(name)
    if dn is None:
        return ""
    sheet, ref = next(dn.destinations)
    value = wb[sheet][ref.replace("$", "")].value
    return "" if value is None else str(value)


def rows(wb, name):
    """The rows of a defined range, as lists of values."""
    dn = wb.defined_names.get(name)
    if dn is None:
        return []
    sheet, ref = next(dn.destinations)
    return [[c.value for c in row] for row in wb[sheet][ref.replace("$", "")]]


def read(path):
    wb = openpyxl.load_workbook(path, data_only=True)
    doc = {
        "year": cell(wb, "mk_year"),
        "created": cell(wb, "mk_created"),
        "department": cell(wb, "mk_department"),
        "head": cell(wb, "mk_head"),
        "themes": [],
        "projects": [],
    }
    for title, body in (r[:2] for r in rows(wb, "mk_themes")[1:]):
        if title:
            doc["themes"].append((str(title), str(body or "")))
    project = None
    for r in rows(wb, "mk_projects")[1:]:
        code, title, text, name, unit, target, previous = r[:7]
        if title:
            project = {"code": code or "", "title": str(title),
                       "text": str(text or ""), "indicators": []}
            doc["projects"].append(project)
        if name and project is not None:
            project["indicators"].append((str(name), str(unit or ""), target, previous))
    return doc


def write_book(docs, path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "指標一覧"
    ws.append(["部局", "番号", "事業名", "指標名", "単位", "目標値", "前年度実績値"])
    for d in docs:
        for p in d["projects"]:
            for name, unit, target, previous in p["indicators"]:
                ws.append([d["department"], p["code"], p["title"], name, unit, target, previous])
    for d in docs:
        sheet = wb.create_sheet(d["department"][:31])
        sheet.append(["年度", d["year"], "作成日", d["created"]])
        sheet.append(["部局名", d["department"], "部局長名", d["head"]])
        for title, body in d["themes"]:
            sheet.append([title, body])
        for p in d["projects"]:
            for name, unit, target, previous in p["indicators"]:
                sheet.append([p["code"], p["title"], p["text"], name, unit, target, previous])
    wb.save(path)


def write_pdf(docs, path, font):
    pdfmetrics.registerFont(TTFont("BIZUD", font))
    body = ParagraphStyle("body", fontName="BIZUD", fontSize=9, leading=13,
                          wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=14, leading=20)
    story = []
    for d in docs:
        story.append(Paragraph(f"{d['year']} 部局経営目標 {d['department']}", title))
        story.append(Paragraph(f"作成日 {d['created']} 部局長名 {d['head']}", body))
        for t, b in d["themes"]:
            story.append(Paragraph(f"・{t}", body))
            story.append(Paragraph(b.replace("\n", "<br/>"), body))
        data = [[Paragraph("事業", body), Paragraph("指標名及び目標値", body)]]
        for p in d["projects"]:
            left = Paragraph(f"{p['code']}{p['title']}<br/>{p['text'].replace(chr(10), '<br/>')}", body)
            lines = [f"{n} 目標値 {t}{u} 前年度 {pr}{u}" for n, u, t, pr in p["indicators"]]
            data.append([left, Paragraph("<br/>".join(lines), body)])
        table = Table(data, colWidths=[110 * mm, 70 * mm], repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
        story.append(PageBreak())
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def main():
    src, out, font = map(pathlib.Path, sys.argv[1:4])
    out.mkdir(parents=True, exist_ok=True)
    docs = [read(p) for p in sorted(src.glob("*.xlsx"))]
    write_book(docs, out / "集約.xlsx")
    write_pdf(docs, out / "議会資料.pdf", font)
    print(f"{len(docs)} departments")


if __name__ == "__main__":
    main()
