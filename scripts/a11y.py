#!/usr/bin/env python3
"""Opens every page of a site written by `mokuhyo publish` in headless
Chromium and runs axe-core with the WCAG 2.0/2.1 A and AA rules.

    python3 scripts/a11y.py SITE_DIR AXE_JS

Prints each page with its violations (rule, impact, the elements) and exits
1 when any page has one; 0 when none has. Pages are opened at a desktop and
at a phone width, since a table or a heading can fail on one and not the
other."""

import json
import pathlib
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = [(1280, 900), (390, 844)]


def driver(width, height):
    options = Options()
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu",
                f"--window-size={width},{height}"]:
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


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
        f"<title>{rel.name}</title></head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        encoding="utf-8")
    return wrapped


def main():
    site = pathlib.Path(sys.argv[1]).resolve()
    axe = pathlib.Path(sys.argv[2]).read_text(encoding="utf-8")
    pages = sorted(site.rglob("*.html"))
    if not pages:
        print(f"no pages in {site}")
        return 1
    failed = 0
    for width, height in WIDTHS:
        browser = driver(width, height)
        try:
            for page in pages:
                browser.get(as_pasted(page, site).as_uri())
                browser.execute_script(axe)
                result = browser.execute_async_script(
                    "const done = arguments[arguments.length - 1];"
                    "axe.run(document, {runOnly: {type: 'tag', values: %s}})"
                    ".then(r => done(r)).catch(e => done({error: String(e)}));"
                    % json.dumps(TAGS))
                if "error" in result:
                    print(f"{page.relative_to(site)} ({width}px): axe failed: {result['error']}")
                    failed += 1
                    continue
                violations = result["violations"]
                name = f"{page.relative_to(site)} ({width}px)"
                if violations:
                    failed += 1
                    print(f"{name}: {len(violations)} violation(s)")
                    for v in violations:
                        targets = [n["target"] for n in v["nodes"]][:5]
                        print(f"  {v['id']} [{v['impact']}]: {v['help']} {targets}")
                else:
                    print(f"{name}: 0 violations ({len(result['passes'])} rules passed)")
        finally:
            browser.quit()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
