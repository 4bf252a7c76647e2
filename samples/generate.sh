#!/usr/bin/env bash
# Regenerates the filled sample templates in samples/start/ from the readable
# sources in samples/source/*.toml, and the year-end set in
# samples/year-end/ (sources made by samples/year-end/make_sources.py).
# 健康福祉部 is written with full-width digits as text, as a clerk typing
# with the IME on would.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
export SOURCE_DATE_EPOCH=1775001600  # 2026-04-01T00:00:00Z
python3 samples/year-end/make_sources.py
fill() {
  local src=$1 out=$2 dept
  dept=$(basename "$src" .toml)
  flags=()
  if [ "$dept" = "健康福祉部" ]; then flags=(--fullwidth); fi
  target/debug/mokuhyo template --force --config samples/mokuhyo.toml --fill "$src" ${flags[@]+"${flags[@]}"} \
    -o "$out/令和8年度_部局経営目標_${dept}.xlsx"
}
for src in samples/source/*.toml; do fill "$src" samples/start; done
export SOURCE_DATE_EPOCH=1805932800  # 2027-03-24T00:00:00Z
for src in samples/year-end/source/*.toml; do fill "$src" samples/year-end; done
