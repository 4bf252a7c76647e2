#!/usr/bin/env bash
# The published pages in a real browser: writes the site of the samples
# (start of the year, with fragments, and year end) with the built binary,
# then runs axe-core (WCAG 2.0/2.1 A and AA) on every page in headless
# Chromium at a desktop and a phone width. Installs what it needs (Debian's
# chromium and chromium-driver, selenium from PyPI, axe-core from npm).
# Usage: scripts/a11y.sh [MOKUHYO_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/debug/mokuhyo}"
sudo=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then sudo=sudo; fi
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi
if ! python3 -c "import selenium" 2>/dev/null; then
  python3 -m pip install -q --disable-pip-version-check selenium 2>/dev/null \
    || python3 -m pip install -q --disable-pip-version-check --user --break-system-packages selenium
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm install --silent --no-audit --no-fund axe-core@4 >/dev/null)
axe="$work/node_modules/axe-core/axe.min.js"
export SOURCE_DATE_EPOCH=1775001600
"$bin" publish samples/start --config samples/mokuhyo.toml -o "$work/start" --fragments >/dev/null
"$bin" publish samples/year-end --config samples/mokuhyo.toml -o "$work/year-end" >/dev/null
status=0
python3 scripts/a11y.py "$work/start" "$axe" || status=1
python3 scripts/a11y.py "$work/year-end" "$axe" || status=1
exit $status
