#!/usr/bin/env python3
"""Opens every page of a site written by `mokuhyo publish` in headless
Chromium and checks it at a desktop width (1280 px), a phone's (390 px)
and the narrowest WCAG 2.1 asks a page to reflow to (320 px):

- axe-core with the WCAG 2.0/2.1 A and AA rules: no violation;
- nothing wider than the screen: the document's scrollWidth is at most the
  viewport's width, and every table cell and caption lies inside the
  viewport (its text on screen without scrolling sideways);
- the tables are still tables to a screen reader (Chromium's accessibility
  tree has a table for each table and a cell for each cell shown), however
  the stylesheet lays them out;
- a value and its unit are on one line (「10.0億円」, 「①121組」) in the
  cells and lines that give values;
- the results chart's text is at least the size of the body text.

    python3 scripts/a11y.py SITE_DIR AXE_JS

Prints each page at each width with what failed (the page, the width, the
cell's text) and exits 1 when anything did; 0 when nothing did. A fragment
(fragments/…) is opened inside a bare page, as a CMS would show it; its
layout is the CMS's stylesheet's, so its cells are not measured (the page
itself still must not be wider than the screen)."""

import json
import pathlib
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = [(1280, 900), (390, 844), (320, 640)]
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--hide-scrollbars"]
# The columns whose cells are values with their units.
VALUE_COLUMNS = ["目標値", "実績値", "前年度実績値", "基準値", "長期目標値", "達成率"]


def driver(width, height):
    options = Options()
    for arg in FLAGS + [f"--window-size={width},{height}"]:
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    # The window's size includes no frame when headless; make the viewport
    # exactly the width measured.
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    return browser


WRAP = tempfile.mkdtemp(prefix="mokuhyo-a11y-")


def as_pasted(page, site):
    """A fragment as a CMS shows it: inside the city's page, which gives the
    language and the title; a whole page as it is."""
    rel = page.relative_to(site)
    if rel.parts[0] != "fragments":
        return page
    body = page.read_text(encoding="utf-8")
    wrapped = pathlib.Path(WRAP) / rel.name
    wrapped.write_text(
        '<!DOCTYPE html>\n<html lang="ja">\n<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{rel.name}</title></head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        encoding="utf-8")
    return wrapped


# Measures the page; returns a list of problems (strings).
MEASURE = r"""
const cells = arguments[0], valueColumns = arguments[1];
const out = [];
const vw = document.documentElement.clientWidth;
const sw = document.documentElement.scrollWidth;
out.push({width: sw});
if (sw > vw) out.push(`page is ${sw}px wide in a ${vw}px viewport`);
const text = e => e.textContent.replace(/\s+/g, ' ').trim().slice(0, 40);
const shown = e => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1; };
if (cells) {
  for (const e of document.querySelectorAll('td, th, caption')) {
    if (!shown(e)) continue;
    const r = e.getBoundingClientRect();
    if (r.left < -0.5 || r.right > vw + 0.5)
      out.push(`${e.tagName.toLowerCase()} at ${Math.round(r.left)}..${Math.round(r.right)}px: 「${text(e)}」`);
  }
}
// A value and its unit on one line.
const header = td => {
  const table = td.closest('table');
  const row = table && table.tHead && table.tHead.rows[0];
  const th = row && row.cells[td.cellIndex];
  return th ? th.textContent.trim() : '';
};
const holders = [];
for (const td of document.querySelectorAll('td')) if (valueColumns.includes(header(td))) holders.push(td);
for (const p of document.querySelectorAll('td p')) if (/^(目標値:|\(.*実績値)/.test(p.textContent.trim())) holders.push(p);
for (const dt of document.querySelectorAll('dt')) if (['予算額', '基準値', '長期目標値'].includes(dt.textContent.trim()) && dt.nextElementSibling) holders.push(dt.nextElementSibling);
const value = /[①-⑳]?[-−+]?[0-9][0-9,.]*[^\s0-9,.()():、。・/]{0,4}/g;
for (const h of holders) {
  if (!shown(h)) continue;
  const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
  // The text of the holder, with each character's node and offset.
  const chars = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode())
    for (let i = 0; i < n.data.length; i++) chars.push([n, i]);
  const all = chars.map(([n, i]) => n.data[i]).join('');
  for (const m of all.matchAll(value)) {
    if (m[0].length < 2) continue;
    const tops = new Set();
    for (let k = m.index; k < m.index + m[0].length; k++) {
      const [n, i] = chars[k];
      const range = document.createRange();
      range.setStart(n, i); range.setEnd(n, i + 1);
      for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.bottom / 4));
    }
    if (tops.size > 1) out.push(`「${m[0]}」 breaks across lines (in 「${text(h)}」)`);
  }
}
// The chart's text at least as large as the body's.
const body = parseFloat(getComputedStyle(document.querySelector('main p') || document.body).fontSize);
for (const t of document.querySelectorAll('svg text')) {
  const ctm = t.getScreenCTM();
  const size = parseFloat(getComputedStyle(t).fontSize) * (ctm ? Math.hypot(ctm.a, ctm.b) : 1);
  if (size < body - 0.01) out.push(`chart text 「${text(t)}」 is ${size.toFixed(1)}px (body ${body}px)`);
}
// Cells shown, for the accessibility tree's count.
out.push({tables: document.querySelectorAll('table').length,
          cells: [...document.querySelectorAll('td, th')].filter(e => e.getClientRects().length).length});
return out;
"""

CELL_ROLES = {"cell", "gridcell", "rowheader", "columnheader"}


def table_roles(browser):
    """The tables and cells in Chromium's accessibility tree."""
    tree = browser.execute_cdp_cmd("Accessibility.getFullAXTree", {})
    roles = [n.get("role", {}).get("value") for n in tree["nodes"] if not n.get("ignored")]
    return sum(r == "table" for r in roles), sum(r in CELL_ROLES for r in roles)


def main():
    site = pathlib.Path(sys.argv[1]).resolve()
    axe = pathlib.Path(sys.argv[2]).read_text(encoding="utf-8")
    pages = sorted(site.rglob("*.html"))
    if not pages:
        print(f"no pages in {site}")
        return 1
    failed = 0
    widest = {}
    for width, height in WIDTHS:
        browser = driver(width, height)
        try:
            for page in pages:
                rel = page.relative_to(site)
                fragment = rel.parts[0] == "fragments"
                browser.get(as_pasted(page, site).as_uri())
                name = f"{rel} ({width}px)"
                problems = []
                measured = browser.execute_script(MEASURE, not fragment, VALUE_COLUMNS)
                counts = measured.pop()
                page_width = measured.pop(0)["width"]
                widest[(str(rel), width)] = page_width
                problems += measured
                tables, cells = table_roles(browser)
                if tables < counts["tables"] or cells < counts["cells"]:
                    problems.append(
                        f"accessibility tree: {tables} table(s), {cells} cell(s) for "
                        f"{counts['tables']} table(s), {counts['cells']} cell(s) shown")
                browser.execute_script(axe)
                result = browser.execute_async_script(
                    "const done = arguments[arguments.length - 1];"
                    "axe.run(document, {runOnly: {type: 'tag', values: %s}})"
                    ".then(r => done(r)).catch(e => done({error: String(e)}));"
                    % json.dumps(TAGS))
                if "error" in result:
                    problems.append(f"axe failed: {result['error']}")
                else:
                    for v in result["violations"]:
                        targets = [n["target"] for n in v["nodes"]][:5]
                        problems.append(f"axe {v['id']} [{v['impact']}]: {v['help']} {targets}")
                if problems:
                    failed += 1
                    print(f"{name}: {len(problems)} problem(s), {page_width}px wide")
                    for p in problems[:12]:
                        print(f"  {p}")
                    if len(problems) > 12:
                        print(f"  … and {len(problems) - 12} more")
                else:
                    passes = len(result["passes"])
                    print(f"{name}: ok, {page_width}px wide, 0 violations ({passes} rules passed)")
        finally:
            browser.quit()
    print("widest page at each width: " + ", ".join(
        f"{w}px: {max(v for (p, x), v in widest.items() if x == w)}px" for w, _ in WIDTHS))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
