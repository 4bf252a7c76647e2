#!/usr/bin/env bash
# The PDFs in a PDF/UA checker: writes every kind of PDF the tool makes
# from the samples with the built binary (the council packet and the
# per-department PDFs of `build`, the packet at year end and with
# `--compare`, the 実績報告 of `rollup`, the 中間評価 of `review` at mid-year
# and at year end; `publish` writes no PDF), then runs pdfua on each.
# pdfua (PyPI, pinned; pure Python on pikepdf, no JVM) checks the
# machine-checkable part of PDF/UA-1 (ISO 14289-1) that it implements
# (`python3 -m pdfua rules` lists them): structure tree, /MarkInfo,
# untagged content, /Lang, figures' alternative text, table headers'
# scope, links' and annotations' descriptions, empty headings, the
# title, /DisplayDocTitle, the PDF/UA identification in XMP. Any finding,
# of any severity, fails; no rule is excluded. What it does not check
# (reading order, whether alternative text says the right thing, fonts,
# …) is in docs/dev/tests.md.
# Usage: scripts/pdfua.sh [MOKUHYO_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/debug/mokuhyo}"
pdfua_version=0.1.3
if ! python3 -c "import importlib.metadata as m, sys; sys.exit(m.version('pdfua') != '$pdfua_version')" 2>/dev/null; then
  python3 -m pip install -q --disable-pip-version-check "pdfua==$pdfua_version" 2>/dev/null \
    || python3 -m pip install -q --disable-pip-version-check --user --break-system-packages "pdfua==$pdfua_version"
fi
echo "pdfua: $(python3 -m pdfua --version)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1775001600
config=samples/mokuhyo.toml
mokuhyo() { "$bin" "$@" --config "$config" -q >/dev/null; }

mokuhyo build samples/start -o "$work/build" --per-department
mokuhyo build samples/year-end -o "$work/build-year-end"
for source in samples/year-end/source/*.toml; do
  department=$(basename "$source" .toml)
  mokuhyo template --year 令和9年度 --fill "$source" -o "$work/next/$department.xlsx"
done
mokuhyo build "$work/next" --year 令和9年度 --compare samples/year-end -o "$work/build-compare"
mokuhyo rollup samples/year-end -o "$work/rollup"
mokuhyo review samples/start -o "$work/review"
mokuhyo review samples/year-end -o "$work/review-year-end"

mapfile -t pdfs < <(find "$work" -name '*.pdf' | LC_ALL=C sort)
# One packet per build (3), one PDF per sample department, a report each
# for rollup and the two reviews: a run that wrote fewer checked less.
departments=$(find samples/start -name '*.xlsx' | wc -l)
expected=$((3 + departments + 3))
if [ "${#pdfs[@]}" -ne "$expected" ]; then
  echo "pdfua: ${#pdfs[@]} PDFs written, expected $expected" >&2
  exit 1
fi
status=0
python3 -m pdfua check --quiet "${pdfs[@]}" >"$work/report.txt" || status=$?
if [ "$status" -ne 0 ]; then
  sed "s|$work/||" "$work/report.txt"
  echo "pdfua: findings in the PDFs above (exit $status)" >&2
  exit 1
fi
echo "pdfua: ${#pdfs[@]} PDFs, no finding"
