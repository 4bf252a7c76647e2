#!/usr/bin/env bash
# The Windows build, tested here: builds mokuhyo.exe for x86_64-pc-windows-gnu
# from Debian's packages alone (../shared/docs/windows.md), runs the whole
# test suite on it under Wine (the #[cfg(windows)] tests among it), then
# checks that the .exe writes the same packet bytes and workbook parts as
# the Linux build. Run by .ci/run; from nothing it takes about 20 minutes
# on 2 cores (the standard library and every dependency built for the
# target), a few minutes once its target folder holds them.
#
#   bash scripts/windows.sh [LINUX_BINARY]   (default target/debug/mokuhyo)
#
# The target folder (with the Wine prefix) lives outside the clone, in
# ${MOKUHYO_CI_CACHE:-$HOME/.cache/mokuhyo-ci}/windows, so that it survives
# between clones on the same machine (CARGO_TARGET_DIR overrides it). A
# stale cache cannot give a wrong result: it is only a relocated target
# folder, and cargo rebuilds whatever its fingerprints (sources, flags,
# the compiler's version, the package's path) say changed; the one thing
# built outside cargo, the DLL below, is rebuilt when its sources change.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
linux_bin=${1:-target/debug/mokuhyo}

packages=(rustc-web rust-web-src gcc-mingw-w64-x86-64 wine64)
missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Debian's rustc (its sysroot has the standard library's source) driven by
# cargo's build-std; nightly cargo when rustup has it, else the stable one
# (RUSTC_BOOTSTRAP=1 opens -Z to both).
cargo_bin=$(rustup which --toolchain nightly cargo 2>/dev/null || command -v cargo)
export RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1
cache=${MOKUHYO_CI_CACHE:-$HOME/.cache/mokuhyo-ci}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$cache/windows}
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=/usr/lib/wine/wine64
export WINEPREFIX=$CARGO_TARGET_DIR/wineprefix WINEDEBUG=-all
export CARGO_TERM_COLOR=never
# No debug info: the build and the link of the test binaries take half the time.
export CARGO_PROFILE_DEV_DEBUG=0
target=x86_64-pc-windows-gnu

# A Wine prefix of our own. Wine 8 lacks bcryptprimitives.dll, whose
# ProcessPrng Rust's std imports (real Windows 10/11 have it): a
# one-function stand-in, built with mingw, again whenever its sources differ
# from those of the copy in the prefix.
dll_sources=$(cat scripts/windows/bcryptprimitives.c scripts/windows/bcryptprimitives.def | sha256sum | cut -d' ' -f1)
dll=$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll
if [ ! -f "$dll" ] || [ "$(cat "$dll.sources" 2>/dev/null)" != "$dll_sources" ]; then
    mkdir -p "$WINEPREFIX"
    [ -d "$WINEPREFIX/drive_c/windows/system32" ] || /usr/lib/wine/wine64 wineboot -i >/dev/null 2>&1 || true
    x86_64-w64-mingw32-gcc -shared -O2 -o "$CARGO_TARGET_DIR/bcryptprimitives.dll" \
        scripts/windows/bcryptprimitives.c scripts/windows/bcryptprimitives.def -ladvapi32
    cp "$CARGO_TARGET_DIR/bcryptprimitives.dll" "$dll"
    echo "$dll_sources" > "$dll.sources"
fi

zflags=(-Zbuild-std=std,panic_unwind --target "$target")
echo "== the test suite on mokuhyo.exe under Wine"
# The unit tests and the suite. The fuzzer (the tests/memory binary) is
# left to Linux, not even built: its child processes and timeouts assume a
# native start-up time.
"$cargo_bin" test --locked "${zflags[@]}" --lib --bins --test suite

echo "== mokuhyo.exe writes the Linux build's bytes"
exe=$CARGO_TARGET_DIR/$target/debug/mokuhyo.exe
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp samples/start/*.xlsx samples/mokuhyo.toml "$work/"
files=()
for f in "$work"/*.xlsx; do files+=("$(basename "$f")"); done
(cd "$work" && SOURCE_DATE_EPOCH=1775001600 "$root/$linux_bin" build --quiet "${files[@]}" -o linux)
(cd "$work" && SOURCE_DATE_EPOCH=1775001600 /usr/lib/wine/wine64 "$exe" build --quiet "${files[@]}" -o windows)
# The PDFs byte for byte; the workbooks part by part (the zip crate records
# the host system in each entry's header: Unix here, FAT on Windows).
for f in "$work"/linux/*; do
    name=$(basename "$f")
    case "$name" in
    *.xlsx)
        mkdir -p "$work/l" "$work/w"
        (cd "$work/l" && rm -rf ./* && unzip -qo "$f")
        (cd "$work/w" && rm -rf ./* && unzip -qo "$work/windows/$name")
        diff -r "$work/l" "$work/w"
        echo "same parts: $name" ;;
    *)
        cmp "$f" "$work/windows/$name"
        echo "identical: $name" ;;
    esac
done
