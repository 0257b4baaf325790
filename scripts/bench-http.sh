#!/usr/bin/env bash
# Runs the side-by-side HTTP benchmark (dev.libsql4j.bench.HttpBench) against one local sqld:
#   1. sequential autocommit SELECT 1: libsql4j vs the raw OkHttp floor (and the JDK HttpClient)
#   2. the client-side cost with the network stubbed out
#   3. a 1M-row streaming read through conn.query, heap sampled
#   4. (-Dbench.parts=reads) issue 7's reads suite: 50k-row x 5-column reads via query(), execute(),
#      libsql4j JDBC and dbeaver-jdbc-libsql 1.0.6, raw OkHttp floors (JSON and protobuf pipeline,
#      legacy POST /), LIMIT 1 and prepared point selects, SELECT 1 sequential and from 8 threads;
#      prints medians and the issue's target ratios. See ReadsSuite.java.
#   5. (-Dbench.parts=codec) issue 7's codec choice: the hand-written Hrana protobuf decoder vs
#      protobuf-javalite's parseFrom on captured /v3-protobuf/pipeline answers (big5 and LIMIT 1),
#      time and bytes allocated per decode, values asserted equal, class/jar sizes. See CodecBench.java.
#      Codec part alone: BENCH_HEAP=256m bash scripts/bench-http.sh -Dbench.parts=codec
#      (-Dbench.codecRounds=9 -Dbench.codecRound=1.5 -Dbench.codecWarmup=2.0
#       -Dbench.codecContenders=hand,hand-stream,lite,lite-only,api)
#   6. (-Dbench.parts=tx) issue 8's transaction suite: an IMMEDIATE transaction doing 3 x (read a
#      balance, write it back) then COMMIT, sequential SELECT 1, and SELECT 1 from 8 threads on one
#      Database, for libsql4j over HTTP and WebSocket (ws://...?encoding=json|protobuf), each under
#      Hrana JSON and protobuf, @libsql/client 0.17 over ws:// and http:// (run by Node from
#      benchmarks/node; this script installs it there with npm ci, git-ignored), and raw OkHttp
#      floors (sequential and wrk-style 8 threads / 8 connections); prints medians and the issue's
#      target ratios. A contender that cannot open prints "unsupported: <error>". See TxSuite.java.
#      One command: bash scripts/bench-http.sh -Dbench.parts=tx
# The whole run uses -Xmx64m, so part 3 also shows that the cursor streams in 64 MB of heap.
#
# Usage: bash scripts/bench-http.sh [-Dbench.key=value ...]
#   -Dbench.warmup=3 -Dbench.rounds=5 -Dbench.round=4   (seconds; warm-up is per contender)
#   -Dbench.parts=seq,stub,cursor  -Dbench.contenders=conn,db,okhttp-id,okhttp,jdk  (also conn-id; okhttp-id and conn-id send
#        Accept-Encoding: identity, as libsql4j does on pipelines; okhttp uses gzip)
#   -Dbench.rows=1000000 -Dbench.cursorRounds=1 -Dbench.cursorVariants=lib,raw (also lib-id, raw-id)
#   -Dbench.stub=2
#   -Dbench.readRows=50000 -Dbench.readsWarmup=2 -Dbench.readsRounds=3 -Dbench.readsRound=3
#   -Dbench.readsContenders=query,execute,jdbc,dbeaver,floor-proto,...  (default: all)
#   -Dbench.encodings=auto   (json,protobuf: every libsql4j contender once per encoding, via ?encoding=)
#   Reads suite alone: bash scripts/bench-http.sh -Dbench.parts=reads -Dbench.contenders=conn
#   -Dbench.txWarmup=2 -Dbench.txRounds=5 -Dbench.txRound=3 -Dbench.accounts=8
#   -Dbench.txContenders=lib-http-json,lib-http-protobuf,lib-ws-json,lib-ws-protobuf,node-ws,node-http,floor-json,floor-protobuf
#   -Dbench.txWorkloads=tx,select1,select1-8  -Dbench.node=node
#   -Dbench.url=http://127.0.0.1:8080   (an already running server instead of a fresh sqld)
# Environment: BENCH_HEAP (default 64m), JAVA_OPTS (extra JVM flags, e.g. JFR), SKIP_BUILD=1,
#              MVN_ARGS (default "-o"; set MVN_ARGS= to let Maven go online).
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "${script_dir}/.." && pwd)"
cd "${repo_root}"

# Build the harness and what it needs (core, transport-http, testkit); no tests run.
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "bench-http: building benchmarks and its modules (mvn package, tests neither compiled nor run) ..." >&2
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_ARGS--o} -pl benchmarks -am package -Dmaven.test.skip=true -Danimal.sniffer.skip=true >&2
fi

# The tx suite's Node peer: @libsql/client as pinned in benchmarks/node/package-lock.json, installed
# into benchmarks/node/node_modules (git-ignored). Without Node or npm its rows say "unsupported".
wants_tx=0
for arg in "$@"; do
  if [[ "${arg}" == -Dbench.parts=* && ",${arg#-Dbench.parts=}," == *,tx,* ]]; then wants_tx=1; fi
done
if [[ "${wants_tx}" == "1" ]]; then
  if [[ ! -f benchmarks/node/node_modules/@libsql/client/package.json ]]; then
    if command -v npm >/dev/null 2>&1; then
      echo "bench-http: installing @libsql/client into benchmarks/node/node_modules (npm ci) ..." >&2
      (cd benchmarks/node && npm ci --no-audit --no-fund --loglevel=error >&2) \
        || echo "bench-http: npm ci failed; the @libsql/client rows will say unsupported" >&2
    else
      echo "bench-http: npm not found; the @libsql/client rows will say unsupported" >&2
    fi
  fi
fi

cp_file="benchmarks/target/classpath.txt"
[[ -f "${cp_file}" && -d benchmarks/target/classes ]] || {
  echo "bench-http: ${cp_file} is missing; run without SKIP_BUILD=1" >&2
  exit 1
}

sqld="${LIBSQL4J_SQLD:-${repo_root}/.tools/sqld/sqld}"
if [[ ! -x "${sqld}" ]]; then
  echo "bench-http: sqld not found at ${sqld}; installing it ..." >&2
  bash "${repo_root}/scripts/install-sqld.sh" >&2
  sqld="${repo_root}/.tools/sqld/sqld"
fi

echo "bench-http: machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# shellcheck disable=SC2086
exec java -Xmx"${BENCH_HEAP:-64m}" ${JAVA_OPTS:-} \
  -Dlibsql4j.sqld="${sqld}" \
  -cp "benchmarks/target/classes:$(cat "${cp_file}")" \
  "$@" \
  dev.libsql4j.bench.HttpBench
