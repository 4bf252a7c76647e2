#!/usr/bin/env bash
# Runs every command on the samples with SOURCE_DATE_EPOCH fixed and keeps
# everything they write and print in one folder, so that two builds of
# mokuhyo can be compared byte for byte (a refactoring must leave it equal):
#
#   bash scripts/snapshot.sh /tmp/before          # with the old build
#   bash scripts/snapshot.sh /tmp/after           # with the new one
#   diff -r /tmp/before /tmp/after && echo identical
#
# MOKUHYO=path/to/mokuhyo picks the binary (default: a release build of
# this checkout). Paths in printed text are made relative to the snapshot.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/snapshot.sh OUT_DIR}
if [ -z "${MOKUHYO:-}" ]; then
  cargo build --release --quiet
  MOKUHYO=$PWD/target/release/mokuhyo
fi
export SOURCE_DATE_EPOCH=1775001600  # 2026-04-01T00:00:00Z
rm -rf "$out"
mkdir -p "$out/work"
cp -r samples "$out/work/samples"
# Files with errors, for the correction files.
mkdir -p "$out/work/problems"
cp tests/fixtures/misread/cached_errors.xlsx tests/fixtures/misread/uncomputed.xlsx \
  tests/fixtures/libreoffice/edited.xls "$out/work/problems/"
cd "$out/work"
config=samples/mokuhyo.toml

# Each command's stdout, stderr and exit code go to log/<name>.
run() {
  local name=$1
  shift
  mkdir -p ../log
  set +e
  "$MOKUHYO" "$@" >"../log/$name.out" 2>"../log/$name.err"
  echo $? >"../log/$name.code"
  set -e
}

run template-roster template --config $config -o ../out/template
run template-one template --config $config --department 総務部 -o ../out/template-one/総務部.xlsx
run template-fill template --config $config --fill samples/source/建設部.toml -o ../out/template-fill.xlsx
run template-from template --from samples/year-end --config $config --year 令和9年度 -o ../out/next
run check check samples/start --config $config
run check-json check samples/start samples/year-end --config $config --json
run check-feedback check samples/start problems --config $config --feedback ../out/feedback
run build build samples/start --config $config -o ../out/build --per-department
run build-json build samples/start --config $config -o ../out/build-json --json
run build-year-end build samples/year-end --config $config -o ../out/build-year-end
# Next year's files, filled: this year's year-end contents under 令和9年度.
for src in samples/year-end/source/*.toml; do
  dept=$(basename "$src" .toml)
  run "fill-$dept" template --config $config --year 令和9年度 --fill "$src" -o "../out/filled/$dept.xlsx"
done
run build-compare build ../out/filled --config $config --year 令和9年度 --compare samples/year-end -o ../out/build-compare
run status status samples/start --config $config
run status-json status samples/start --config $config --json
run rollup rollup samples/year-end --config $config -o ../out/rollup
run rollup-json rollup samples/year-end --config $config -o ../out/rollup-json --json
run diff diff samples/year-end ../out/filled --config $config
run diff-json diff samples/year-end ../out/filled --config $config --json
cd ..
rm -rf work
# Paths as printed are relative to work/ already; nothing else varies.
echo "snapshot in $out: $(find "$out" -type f | wc -l) files"
