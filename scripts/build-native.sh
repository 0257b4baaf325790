#!/usr/bin/env bash
# Builds the JNI library in native/ (Rust crate libsql4j_native) in release mode.
#
#   scripts/build-native.sh            build; the last line printed is the library's path
#   scripts/build-native.sh --clippy   also run clippy (warnings are errors) before building
#   scripts/build-native.sh --test     also run the crate's unit tests before building
#   scripts/build-native.sh --floor    build the embedded benchmark's native floor instead of the
#                                      library (a binary; the last line printed is its path)
#
# CARGO_TARGET_DIR defaults to ~/.cache/libsql4j/cargo-target so repeated builds (and CI runs on
# the same machine) reuse compiled dependencies; the first build compiles libSQL with
# SQLite3MultipleCiphers and takes a few minutes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
manifest="$root/native/Cargo.toml"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/libsql4j/cargo-target}"

clippy=0
test=0
floor=0
for arg in "$@"; do
  case "$arg" in
    --clippy) clippy=1 ;;
    --test) test=1 ;;
    --floor) floor=1 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-native.sh: unknown argument: $arg (expected --clippy, --test or --floor)" >&2; exit 2 ;;
  esac
done

fail() { echo "build-native.sh: $*" >&2; exit 1; }

command -v cargo >/dev/null 2>&1 \
  || fail "cargo not found: install a Rust toolchain (https://rustup.rs) and put cargo on PATH"
# The encryption feature builds SQLite3MultipleCiphers through CMake, which needs C and C++.
command -v cmake >/dev/null 2>&1 \
  || fail "cmake not found: libsql's encryption build needs cmake >= 3.18 (e.g. apt-get install cmake)"
command -v "${CC:-cc}" >/dev/null 2>&1 \
  || fail "no C compiler (${CC:-cc}) found: install gcc or clang (e.g. apt-get install build-essential)"
command -v "${CXX:-c++}" >/dev/null 2>&1 \
  || fail "no C++ compiler (${CXX:-c++}) found: libsql's encryption build needs one (e.g. apt-get install g++)"

if [[ $clippy == 1 ]]; then
  cargo clippy --version >/dev/null 2>&1 \
    || fail "cargo clippy not available: rustup component add clippy"
  cargo clippy --release --locked --manifest-path "$manifest" -- -D warnings
fi

if [[ $test == 1 ]]; then
  cargo test --release --locked --manifest-path "$manifest"
fi

if [[ $floor == 1 ]]; then
  # native/floor/main.rs, behind a feature so the library's build and clippy never compile it.
  cargo build --release --locked --manifest-path "$manifest" --features bench-floor --bin libsql4j-native-floor
  path="$CARGO_TARGET_DIR/release/libsql4j-native-floor"
  [[ -x "$path" ]] || fail "build finished but $path is missing"
  echo "$path"
  exit 0
fi

cargo build --release --locked --manifest-path "$manifest"

case "$(uname -s)" in
  Darwin) lib="liblibsql4j_native.dylib" ;;
  MINGW*|MSYS*|CYGWIN*) lib="libsql4j_native.dll" ;;
  *) lib="liblibsql4j_native.so" ;;
esac
path="$CARGO_TARGET_DIR/release/$lib"
[[ -f "$path" ]] || fail "build finished but $path is missing"
echo "$path"
