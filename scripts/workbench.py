"""The workbench driven in headless Chromium as a clerk drives it: start
`mokuhyo serve` on an empty working folder, open its address, choose two
files in the 受付 form and send them, then read the page: both saved,
byte for byte, the status and a file's errors shown; then 集約 the
files and find the packet and the workbook offered; axe-core finds no
violation and no page is wider than the window at 1280, 390 and 320 px.

Usage: python3 scripts/workbench.py MOKUHYO_BINARY AXE_MIN_JS
Exit 1 with what failed; run by scripts/a11y.sh (which installs the
pinned chromium, selenium and axe-core).
"""

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FILES = [
    os.path.join(ROOT, "samples", "start", "令和8年度_部局経営目標_建設部.xlsx"),
    os.path.join(ROOT, "tests", "fixtures", "misread", "cached_errors.xlsx"),
]


def answer(driver, before):
    """The text of the page the form's POST answered with, once the
    browser has left the form's page (reading too early sees the old one
    or a node being replaced)."""
    wait = WebDriverWait(driver, 30, ignored_exceptions=(StaleElementReferenceException,))
    try:
        wait.until(expected_conditions.staleness_of(before))
        wait.until(lambda d: "提出/" in d.find_element(By.TAG_NAME, "main").text)
    except TimeoutException:
        pass  # what the page then says is checked and reported below
    return wait.until(lambda d: d.find_element(By.TAG_NAME, "main").text)


def main():
    binary, axe_path = sys.argv[1], sys.argv[2]
    axe = open(axe_path, encoding="utf-8").read()
    failures = []
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(os.path.join(ROOT, "samples", "mokuhyo.toml"), folder)
        server = subprocess.Popen(
            [binary, "serve", "--no-browser", folder],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            address = server.stdout.readline().strip()
            options = webdriver.ChromeOptions()
            for arg in ["--headless=new", "--no-sandbox", "--disable-gpu"]:
                options.add_argument(arg)
            driver = webdriver.Chrome(options=options)
            try:
                driver.get(address)
                driver.find_element(By.ID, "files").send_keys("\n".join(FILES))
                before = driver.find_element(By.TAG_NAME, "main")
                driver.find_element(By.CSS_SELECTOR, "form#intake button").click()
                page = answer(driver, before)
                for path in FILES:
                    name = os.path.basename(path)
                    saved = os.path.join(folder, "提出", name)
                    if f"{name} → 提出/{name}" not in page:
                        failures.append(f"the page does not say {name} was saved")
                    if not (os.path.exists(saved) and filecmp.cmp(path, saved, shallow=False)):
                        failures.append(f"提出/{name} is not the file sent")
                for expected in ["提出済", "要修正", "部局長名のセルがエラー値「#DIV/0!」です"]:
                    if expected not in page:
                        failures.append(f"the page does not show {expected}")
                driver.find_element(By.LINK_TEXT, "集約").click()
                driver.find_element(By.CSS_SELECTOR, "form#collect button").click()
                WebDriverWait(driver, 60, ignored_exceptions=(StaleElementReferenceException,)).until(
                    lambda d: "集約しました" in d.find_element(By.TAG_NAME, "main").text
                    or "エラー" in d.find_element(By.TAG_NAME, "main").text
                )
                links = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "main li a[download]")]
                if not any(name.endswith(".pdf") for name in links) or not any(
                    name.endswith(".xlsx") for name in links
                ):
                    failures.append(f"集約 offers no packet and workbook: {links}")
                for page_name in ["受付", "集約"]:
                    driver.find_element(By.LINK_TEXT, page_name).click()
                    check_widths(driver, axe, page_name, failures)
            finally:
                driver.quit()
        finally:
            server.kill()
            server.wait()
    for failure in failures:
        print(f"workbench: {failure}")
    print(f"workbench: {'FAILED' if failures else 'ok'} (upload, status, 集約, axe at 1280/390/320 px)")
    return 1 if failures else 0


def check_widths(driver, axe, page_name, failures):
    """axe-core and the page's width at 1280, 390 and 320 px."""
    for width in (1280, 390, 320):
        driver.set_window_size(width, 900)
        driver.execute_script(axe)
        violations = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document).then(r => done(r.violations.map("
            "v => v.id + ' (' + v.nodes.length + ')')));"
        )
        if violations:
            failures.append(f"{page_name}, {width} px: axe: {', '.join(violations)}")
        wide = driver.execute_script(
            "return document.documentElement.scrollWidth"
            " > document.documentElement.clientWidth"
        )
        if wide:
            failures.append(f"{page_name}, {width} px: the page is wider than the window")
    driver.set_window_size(1280, 900)


if __name__ == "__main__":
    sys.exit(main())
