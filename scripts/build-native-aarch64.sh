#!/usr/bin/env bash
# Cross-builds the JNI library in native/ for linux-aarch64 (aarch64-unknown-linux-gnu) on an
# x86_64 Linux machine, with Debian's rustc (package rustc-web) and its aarch64 standard library,
# and the aarch64-linux-gnu gcc/g++ as C/C++ compilers and linker. scripts/install-aarch64.sh
# installs them. The x86_64 build (scripts/build-native.sh) keeps the default rustc/cargo.
#
#   scripts/build-native-aarch64.sh    build; the last line printed is the library's path
#
# CARGO_TARGET_DIR defaults to ~/.cache/libsql4j/cargo-target-aarch64 (its own directory, so the
# x86_64 build's cache is never locked or rebuilt); AARCH64_RUSTC overrides the compiler
# (default /usr/bin/rustc). The first build compiles libSQL with SQLite3MultipleCiphers for aarch64
# and takes several minutes; an unchanged tree then builds in seconds.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
manifest="$root/native/Cargo.toml"
target=aarch64-unknown-linux-gnu
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR_AARCH64:-$HOME/.cache/libsql4j/cargo-target-aarch64}"
rustc_bin="${AARCH64_RUSTC:-/usr/bin/rustc}"

case "${1:-}" in
  "") ;;
  -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "build-native-aarch64.sh: unknown argument: $1" >&2; exit 2 ;;
esac

fail() {
  echo "build-native-aarch64.sh: $* (install the toolchain with: bash scripts/install-aarch64.sh)" >&2
  exit 1
}

command -v cargo >/dev/null 2>&1 || fail "cargo not found"
[[ -x "$rustc_bin" ]] || fail "$rustc_bin not found: Debian's rustc-web provides it"
sysroot="$("$rustc_bin" --print sysroot)"
[[ -d "$sysroot/lib/rustlib/$target/lib" ]] \
  || fail "$rustc_bin ($("$rustc_bin" --version)) has no standard library for $target: Debian's libstd-rust-web-dev:arm64 provides it"
for tool in aarch64-linux-gnu-gcc aarch64-linux-gnu-g++ aarch64-linux-gnu-ar cmake; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool not found"
done

export RUSTC="$rustc_bin"
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
export CXX_aarch64_unknown_linux_gnu=aarch64-linux-gnu-g++
export AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar

cargo build --release --locked --target "$target" --manifest-path "$manifest" >&2

path="$CARGO_TARGET_DIR/$target/release/liblibsql4j_native.so"
[[ -f "$path" ]] || fail "build finished but $path is missing"
echo "$path"
