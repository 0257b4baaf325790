#!/usr/bin/env bash
# Embedded libsql4j vs xerial sqlite-jdbc vs the native floor, side by side (dev.libsql4j.bench.EmbeddedBench):
# 1M-row prepared insert in one transaction, prepared point selects by primary key, 1M-row full scan.
# The native floor (native/floor/main.rs, built here with scripts/build-native.sh --floor) runs the
# same workloads from Rust through the engine's C API and through the libsql crate, as a child
# process per round.
# Usage: bash scripts/bench-embedded.sh [-Dbench.rows=1000000 -Dbench.rounds=5 -Dbench.selects=200000
#                                        -Dbench.contenders=libsql4j,sqlite-jdbc,capi,libsql -Dbench.clock=cpu]
# CARGO_TARGET_DIR is honoured (default ~/.cache/libsql4j/cargo-target, as in build-native.sh);
# SKIP_BUILD=1 reuses what was built last time.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/libsql4j/cargo-target}"
floor="$CARGO_TARGET_DIR/release/libsql4j-native-floor"
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  mvn -B -q ${MVN_ARGS--o} -pl benchmarks -am package -Dmaven.test.skip=true -Danimal.sniffer.skip=true >&2
  floor="$(bash scripts/build-native.sh --floor | tail -n 1)"
fi
exec java ${JAVA_OPTS:-} -Dbench.floor="$floor" "$@" -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  dev.libsql4j.bench.EmbeddedBench
