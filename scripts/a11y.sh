#!/usr/bin/env bash
# The published pages in a real browser: writes the site of the samples
# (start of the year, with fragments, and year end) with the built binary,
# then runs axe-core (WCAG 2.0/2.1 A and AA) on every page in headless
# Chromium at a desktop and a phone width. Installs what it needs, at pinned
# versions where the registry keeps them: Debian's chromium and
# chromium-driver (Debian's archive keeps only the current security
# release, so the pin falls back to the candidate when it is gone, and the
# versions in use are printed), selenium from PyPI and axe-core from npm
# (exact versions).
# Usage: scripts/a11y.sh [MOKUHYO_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/debug/mokuhyo}"
chromium_version=156.0.8078.129-1~deb12u1
selenium_version=4.51.0
axe_version=4.14.1
sudo=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then sudo=sudo; fi
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    "chromium=$chromium_version" "chromium-driver=$chromium_version" >/dev/null \
    || { echo "a11y: chromium $chromium_version is no longer in the archive; installing the candidate" >&2
         DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null; }
fi
installed=$(dpkg-query -W -f '${Version}' chromium-driver 2>/dev/null || echo "not from apt")
[ "$installed" = "$chromium_version" ] \
  || echo "a11y: chromium-driver $installed, not the pinned $chromium_version" >&2
echo "a11y: $(chromedriver --version | cut -d' ' -f1-2), selenium $selenium_version, axe-core $axe_version"
if ! python3 -c "import selenium, sys; sys.exit(selenium.__version__ != '$selenium_version')" 2>/dev/null; then
  python3 -m pip install -q --disable-pip-version-check "selenium==$selenium_version" 2>/dev/null \
    || python3 -m pip install -q --disable-pip-version-check --user --break-system-packages "selenium==$selenium_version"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm install --silent --no-audit --no-fund "axe-core@$axe_version" >/dev/null)
axe="$work/node_modules/axe-core/axe.min.js"
export SOURCE_DATE_EPOCH=1775001600
"$bin" publish samples/start --config samples/mokuhyo.toml -o "$work/start" --fragments >/dev/null
"$bin" publish samples/year-end --config samples/mokuhyo.toml -o "$work/year-end" >/dev/null
status=0
python3 scripts/a11y.py "$work/start" "$axe" || status=1
python3 scripts/a11y.py "$work/year-end" "$axe" || status=1
python3 scripts/workbench.py "$bin" "$axe" || status=1
exit $status
