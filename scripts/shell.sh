#!/usr/bin/env bash
# Runs the libsql4j shell: scripts/shell.sh [--url URL] [-c SQL] [--mode MODE] ...  (--help for all options)
# Builds cli/target/libsql4j.jar first when it is missing (or when LIBSQL4J_REBUILD=1).
# The shell runs in the caller's working directory, so with no --url it opens ./libsql4j.db there.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/cli/target/libsql4j.jar"

if [[ ! -f "$jar" || "${LIBSQL4J_REBUILD:-0}" == "1" ]]; then
  echo "libsql4j: building $jar (first run only) ..." >&2
  (cd "$root" && mvn -B -q -DskipTests package -pl cli -am) >&2
fi

# shellcheck disable=SC2086  # LIBSQL4J_JAVA_OPTS is a list of JVM flags
exec java ${LIBSQL4J_JAVA_OPTS:-} -jar "$jar" "$@"
