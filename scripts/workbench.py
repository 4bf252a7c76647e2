"""The workbench driven in headless Chromium as a clerk drives it through
the year, on a working folder that starts empty:

- 設定: the form makes mokuhyo.toml (municipality, year, roster);
- 配布: 様式を作る, the templates offered one by one and as a zip;
- 受付: two files chosen in the form and a mail dropped on the page (the
  page's script, fed a real drag-and-drop event); each saved byte for
  byte, the status and a file's errors with their cells shown;
- 修正依頼: the reply and the marked workbook, downloaded by the browser,
  are the files the workbench wrote;
- 集約: the packet and the workbook downloaded are the files written;
- 公表: the site opens as a citizen sees it;
- 中間評価 and 年度末: the year-end files dropped in their forms, the
  review, the rollup and next year's templates made;
and on every page axe-core finds no violation and no page is wider than
the window at 1280, 390 and 320 px.

Usage: python3 scripts/workbench.py MOKUHYO_BINARY AXE_MIN_JS
(WORKBENCH_SHOTS=DIR also saves each page at 1280 px in DIR; with Debian's
chromium-l10n installed and LANGUAGE=ja, the browser's own controls say
ファイル選択 as on a Japanese PC.)
Exit 1 with what failed; run by scripts/a11y.sh (which installs the
pinned chromium, selenium and axe-core).
"""

import filecmp
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

from selenium import webdriver
from selenium.common.exceptions import (
    StaleElementReferenceException,
    TimeoutException,
    WebDriverException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
START = sorted(glob.glob(os.path.join(ROOT, "samples", "start", "*.xlsx")))
YEAR_END = sorted(glob.glob(os.path.join(ROOT, "samples", "year-end", "*.xlsx")))
CHOSEN = [
    os.path.join(ROOT, "samples", "start", "令和8年度_部局経営目標_建設部.xlsx"),
    os.path.join(ROOT, "tests", "fixtures", "misread", "cached_errors.xlsx"),
]
MAIL = os.path.join(ROOT, "tests", "fixtures", "mail", "inbox", "04_健康福祉部.eml")
ROSTER = "\n".join(
    [
        "総合政策部\t木村 辰生\tseisaku@example.jp",
        "健康福祉部",
        "建設部",
        "産業観光部",
        "教育委員会",
        "消防本部",
    ]
)
PAGES = ["設定", "配布", "受付", "修正依頼", "集約", "公表", "中間評価", "年度末"]


class Clerk:
    """The browser on the workbench, and what went wrong."""

    def __init__(self, driver, folder, downloads):
        self.driver = driver
        self.folder = folder
        self.downloads = downloads
        self.failures = []

    def fail(self, what):
        self.failures.append(what)

    def click(self, by, what):
        """Finds and clicks an element of the page as it is now: a page
        still being replaced (a slow machine) is waited for."""
        for attempt in range(20):
            try:
                self.driver.find_element(by, what).click()
                return
            except (StaleElementReferenceException, WebDriverException):
                if attempt == 19:
                    raise
                time.sleep(0.25)

    def main_text(self):
        return self.driver.find_element(By.TAG_NAME, "main").text

    def submit(self, css, until):
        """Clicks the button `css` and waits for the page the POST answers
        with (reading too early sees the old page or a node being
        replaced) to say `until`."""
        before = self.driver.find_element(By.TAG_NAME, "main")
        self.click(By.CSS_SELECTOR, css)
        self.wait_for(before, until)

    def wait_for(self, before, until):
        wait = WebDriverWait(self.driver, 120, ignored_exceptions=(StaleElementReferenceException,))
        try:
            wait.until(expected_conditions.staleness_of(before))
            wait.until(lambda d: until in d.find_element(By.TAG_NAME, "main").text)
        except TimeoutException:
            self.fail(f"the page never said {until!r}: {self.main_text()[:300]!r}")

    def press(self, label, until):
        """The button of the page labelled `label`."""
        before = self.driver.find_element(By.TAG_NAME, "main")
        self.click(By.XPATH, f"//button[normalize-space()='{label}']")
        self.wait_for(before, until)

    def go(self, page):
        self.click(By.LINK_TEXT, page)
        WebDriverWait(
            self.driver, 30, ignored_exceptions=(StaleElementReferenceException,)
        ).until(lambda d: page in d.find_element(By.TAG_NAME, "h1").text)

    def download(self, link_text, on_disk):
        """Clicks the link and compares the file the browser saved with the
        file of the working folder."""
        name = os.path.basename(on_disk)
        saved = os.path.join(self.downloads, name)
        if os.path.exists(saved):
            os.remove(saved)
        self.click(By.LINK_TEXT, link_text)
        for _ in range(200):
            if os.path.exists(saved) and not os.path.exists(saved + ".crdownload"):
                break
            time.sleep(0.1)
        if not os.path.exists(saved):
            self.fail(f"the browser saved no {name}")
        elif not filecmp.cmp(saved, on_disk, shallow=False):
            self.fail(f"{name}: the download is not the file written")

    def drop(self, path):
        """Drops a file on the page as Explorer does: a drag-and-drop event
        carrying it, given to the page's own script."""
        chooser = self.driver.execute_script(
            "const i = document.createElement('input'); i.type = 'file';"
            "i.id = 'test-drop'; i.style.display = 'none';"
            "document.body.appendChild(i); return i;"
        )
        chooser.send_keys(path)
        before = self.driver.find_element(By.TAG_NAME, "main")
        self.driver.execute_script(
            "const t = new DataTransfer();"
            "for (const f of document.getElementById('test-drop').files) { t.items.add(f); }"
            "document.querySelector('main').dispatchEvent("
            "new DragEvent('drop', {dataTransfer: t, bubbles: true, cancelable: true}));"
        )
        return before


def walk(clerk, axe):
    d, folder = clerk.driver, clerk.folder
    # 設定
    if "設定" not in d.find_element(By.TAG_NAME, "h1").text:
        clerk.fail("a folder without mokuhyo.toml does not open on 設定")
    shots = os.environ.get("WORKBENCH_SHOTS")
    d.find_element(By.ID, "municipality").send_keys("真庭市")
    d.find_element(By.ID, "year").send_keys("令和8年度")
    d.find_element(By.ID, "code").send_keys("332143")
    # As pasted from Excel (typing a tab would move the focus).
    d.execute_script("document.getElementById('roster').value = arguments[0];", ROSTER)
    if shots:
        screenshot(d, os.path.join(shots, "workbench-setup-form.png"))
    clerk.submit("form#setup button", "様式を作る")
    if not os.path.exists(os.path.join(folder, "mokuhyo.toml")):
        clerk.fail("設定 wrote no mokuhyo.toml")
    # 配布
    clerk.press("様式を作る", "様式を書き出しました")
    hand = os.path.join(folder, "配布")
    templates = sorted(os.listdir(hand)) if os.path.isdir(hand) else []
    if len(templates) != 6:
        clerk.fail(f"配布 wrote {templates}")
    else:
        clerk.download(templates[0], os.path.join(hand, templates[0]))
    if not d.find_elements(By.PARTIAL_LINK_TEXT, "zip でダウンロード"):
        clerk.fail("配布 offers no zip")
    # 受付: chosen in the form, then a mail dropped on the page.
    clerk.go("受付")
    d.find_element(By.ID, "files").send_keys("\n".join(CHOSEN))
    clerk.submit("form#intake button", "保存したファイル")
    page = clerk.main_text()
    for path in CHOSEN:
        name = os.path.basename(path)
        saved = os.path.join(folder, "提出", name)
        if f"{name} → 提出/{name}" not in page:
            clerk.fail(f"the page does not say {name} was saved")
        if not (os.path.exists(saved) and filecmp.cmp(path, saved, shallow=False)):
            clerk.fail(f"提出/{name} is not the file sent")
    before = clerk.drop(MAIL)
    clerk.wait_for(before, os.path.basename(MAIL))
    page = clerk.main_text()
    if not filecmp.cmp(MAIL, os.path.join(folder, "提出", os.path.basename(MAIL)), shallow=False):
        clerk.fail("the mail dropped is not saved as sent")
    for expected in ["提出済", "要修正", "部局長名のセルがエラー値「#DIV/0!」です", "04_健康福祉部.eml"]:
        if expected not in page:
            clerk.fail(f"受付 does not show {expected}")
    # 修正依頼
    clerk.go("修正依頼")
    clerk.press("修正依頼を作る", "修正依頼を")
    fix = os.path.join(folder, "修正依頼")
    workbooks = sorted(glob.glob(os.path.join(fix, "*.xlsx")))
    if not workbooks:
        clerk.fail("修正依頼 wrote no marked workbook")
    else:
        clerk.download(os.path.basename(workbooks[0]), workbooks[0])
    replies = d.find_elements(By.CSS_SELECTOR, "section.reply textarea")
    if not replies or "ご担当者様" not in replies[0].get_attribute("value"):
        clerk.fail("修正依頼 shows no reply")
    # 集約: the rest of the start of the year first.
    clerk.go("受付")
    d.find_element(By.ID, "files").send_keys("\n".join(START))
    clerk.submit("form#intake button", "保存したファイル")
    clerk.go("集約")
    clerk.press("集約する", "議会資料の PDF を書き出しました")
    for pattern in ["*.pdf", "*.xlsx"]:
        found = glob.glob(os.path.join(folder, "集約", pattern))
        if not found:
            clerk.fail(f"集約 wrote no {pattern}")
        else:
            clerk.download(os.path.basename(found[0]), found[0])
    # 公表
    clerk.go("公表")
    clerk.press("公表ページを作る", "公表用のウェブページを書き出しました")
    clerk.click(By.PARTIAL_LINK_TEXT, "公表ページを開く")
    # The new tab, once it is there and its page has loaded.
    WebDriverWait(d, 30).until(lambda d: len(d.window_handles) > 1)
    d.switch_to.window(d.window_handles[-1])
    heading = WebDriverWait(
        d, 30, ignored_exceptions=(StaleElementReferenceException, WebDriverException)
    ).until(lambda d: d.find_element(By.TAG_NAME, "h1").text)
    if "部局経営目標" not in heading:
        clerk.fail(f"the site preview shows {heading!r}")
    d.close()
    d.switch_to.window(d.window_handles[0])
    # 中間評価 and 年度末: the year-end files dropped in their forms.
    clerk.go("中間評価")
    d.find_element(By.ID, "files-1").send_keys("\n".join(YEAR_END))
    clerk.submit("form#drop-1 button", "保存したファイル")
    clerk.press("中間評価を集計する", "中間評価の PDF を書き出しました")
    clerk.go("年度末")
    d.find_element(By.ID, "files-2").send_keys("\n".join(YEAR_END))
    clerk.submit("form#drop-2 button", "保存したファイル")
    clerk.press("実績を集計する", "実績報告の PDF を書き出しました")
    clerk.press("翌年度の様式を作る", "令和9年度の様式を書き出しました")
    check_widths(clerk, axe, "年度末 after a run")
    # Every page, as a screen reader and a phone see it.
    for page_name in PAGES:
        clerk.go(page_name)
        check_widths(clerk, axe, page_name)
        if shots:
            screenshot(d, os.path.join(shots, f"workbench-{PAGES.index(page_name)}-{page_name}.png"))


def screenshot(driver, path):
    """The whole page at 1280 px, for the guide (WORKBENCH_SHOTS=DIR)."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height, 600), 2400))
    driver.save_screenshot(path)
    driver.set_window_size(1280, 900)


def main():
    binary, axe_path = sys.argv[1], sys.argv[2]
    axe = open(axe_path, encoding="utf-8").read()
    failures = []
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as downloads:
        server = subprocess.Popen(
            [binary, "serve", "--no-browser", folder],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1775001600"},
        )
        try:
            address = server.stdout.readline().strip()
            options = webdriver.ChromeOptions()
            for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--lang=ja"]:
                options.add_argument(arg)
            options.add_experimental_option(
                "prefs",
                {
                    "download.default_directory": downloads,
                    "download.prompt_for_download": False,
                    "plugins.always_open_pdf_externally": True,
                    "intl.accept_languages": "ja",
                },
            )
            driver = webdriver.Chrome(options=options)
            clerk = Clerk(driver, folder, downloads)
            try:
                driver.get(address)
                walk(clerk, axe)
            except Exception as e:  # what failed, then the rest of the report
                line = traceback.extract_tb(e.__traceback__)[-1].lineno
                clerk.fail(f"stopped at line {line}: {type(e).__name__}: {e}".splitlines()[0])
            finally:
                driver.quit()
            failures = clerk.failures
        finally:
            server.kill()
            server.wait()
    for failure in failures:
        print(f"workbench: {failure}")
    print(
        f"workbench: {'FAILED' if failures else 'ok'} (設定, 配布, 受付 with a mail dropped, "
        "修正依頼, 集約, 公表, 中間評価, 年度末; downloads; axe at 1280/390/320 px)"
    )
    return 1 if failures else 0


def check_widths(clerk, axe, page_name):
    """axe-core and the page's width at 1280, 390 and 320 px."""
    driver = clerk.driver
    for width in (1280, 390, 320):
        driver.set_window_size(width, 900)
        driver.execute_script(axe)
        violations = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document).then(r => done(r.violations.map("
            "v => v.id + ' (' + v.nodes.length + ')')));"
        )
        if violations:
            clerk.fail(f"{page_name}, {width} px: axe: {', '.join(violations)}")
        wide = driver.execute_script(
            "return document.documentElement.scrollWidth"
            " > document.documentElement.clientWidth"
        )
        if wide:
            clerk.fail(f"{page_name}, {width} px: the page is wider than the window")
    driver.set_window_size(1280, 900)


if __name__ == "__main__":
    sys.exit(main())
