#!/usr/bin/env python3
"""Whether two .xlsx files hold the same workbook when their bytes differ
(a change of how a sheet is written, not of what it shows):

    python3 scripts/same_workbook.py A.xlsx B.xlsx

Worksheets are compared with each shared string and cell format written
out in place of its index and without the rows' spans; the string tables
and the cell formats as sets; every other part byte for byte. Prints each
part that differs, with where; exits 1 if any does."""

import re
import sys
import zipfile
from xml.etree import ElementTree as ET

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def xml(element):
    return ET.tostring(element, encoding="unicode")


def strings(book):
    if "xl/sharedStrings.xml" not in book.namelist():
        return []
    return [xml(si) for si in ET.fromstring(book.read("xl/sharedStrings.xml")).iter(NS + "si")]


def formats(book):
    """Each cell format (xf) with the font, fill, border and number format
    it refers to written out."""
    root = ET.fromstring(book.read("xl/styles.xml"))

    def listed(tag, child):
        parent = root.find(NS + tag)
        return [] if parent is None else [xml(e) for e in parent.findall(NS + child)]

    fonts, fills, borders = listed("fonts", "font"), listed("fills", "fill"), listed("borders", "border")
    codes = {e.get("numFmtId"): e.get("formatCode") for e in root.iter(NS + "numFmt")}
    out = []
    for xf in root.find(NS + "cellXfs").findall(NS + "xf"):
        a = dict(xf.attrib)
        parts = [fonts[int(a.pop("fontId", 0))], fills[int(a.pop("fillId", 0))],
                 borders[int(a.pop("borderId", 0))], codes.get(a.get("numFmtId"), a.get("numFmtId"))]
        a.pop("numFmtId", None)
        out.append(repr((parts, sorted(a.items()), [xml(c) for c in xf])))
    return out


def sheet(book, name, sst, xfs):
    text = re.sub(r' spans="[^"]*"', "", book.read(name).decode())

    def cell(m):
        head, body = m.group(1), m.group(2)
        if body is None:
            return m.group(0)
        if ' t="s"' in head:
            v = re.search(r"<v>(\d+)</v>", body)
            body = body.replace(v.group(0), "<v>" + sst[int(v.group(1))] + "</v>")
        return "<c" + head + ">" + body + "</c>"

    text = re.sub(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", cell, text)
    return re.sub(r' s="(\d+)"', lambda m: ' s="' + xfs[int(m.group(1))] + '"', text)


def without_formats(book):
    return re.sub(r"<cellXfs.*</cellXfs>", "", book.read("xl/styles.xml").decode(), flags=re.S)


def main(a, b):
    za, zb = zipfile.ZipFile(a), zipfile.ZipFile(b)
    na, nb = set(za.namelist()), set(zb.namelist())
    differences = []
    if na != nb:
        differences.append(f"parts in one only: {sorted(na ^ nb)}")
    sa, sb = strings(za), strings(zb)
    if sorted(sa) != sorted(sb):
        differences.append("the shared strings")
    xa, xb = formats(za), formats(zb)
    if set(xa) != set(xb) or without_formats(za) != without_formats(zb):
        differences.append("the styles")
    for name in sorted(na & nb - {"xl/sharedStrings.xml", "xl/styles.xml"}):
        if name.startswith("xl/worksheets/sheet"):
            x, y = sheet(za, name, sa, xa), sheet(zb, name, sb, xb)
        else:
            x, y = za.read(name), zb.read(name)
        if x != y:
            at = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            differences.append(f"{name} from character {at}: {x[max(0, at - 80):at + 80]!r}"
                               f" / {y[max(0, at - 80):at + 80]!r}")
    for d in differences:
        print(d)
    print("the same workbook" if not differences else f"{len(differences)} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
