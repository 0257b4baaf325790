#!/usr/bin/env bash
# Embedded libsql4j vs xerial sqlite-jdbc, side by side in one JVM (dev.libsql4j.bench.EmbeddedBench):
# 1M-row prepared insert in one transaction, prepared point selects by primary key, 1M-row full scan.
# Usage: bash scripts/bench-embedded.sh [-Dbench.rows=1000000 -Dbench.rounds=5 -Dbench.selects=200000]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  mvn -B -q ${MVN_ARGS--o} -pl benchmarks -am package -Dmaven.test.skip=true -Danimal.sniffer.skip=true >&2
fi
exec java ${JAVA_OPTS:-} "$@" -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" dev.libsql4j.bench.EmbeddedBench
