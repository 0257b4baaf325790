#!/usr/bin/env bash
# Regenerates the protobuf-javalite classes of the benchmarks' codec comparison (CodecBench):
# benchmarks/src/main/proto/*.proto -> benchmarks/src/main/java/dev/libsql4j/bench/proto/.
# The generated Java is committed, so the normal build needs neither protoc nor a protoc plugin
# (the Maven protoc plugins either need Maven >= 3.9.6 or per-OS binaries at build time).
# protoc comes from Maven Central (com.google.protobuf:protoc, the version of protobuf-javalite
# in benchmarks/pom.xml) through Maven itself; the first run needs the network.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"
version="$(sed -n 's:.*<protobuf-javalite.version>\(.*\)</protobuf-javalite.version>.*:\1:p' benchmarks/pom.xml)"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) cls=linux-x86_64 ;;
  Linux-aarch64) cls=linux-aarch_64 ;;
  Darwin-arm64) cls=osx-aarch_64 ;;
  Darwin-x86_64) cls=osx-x86_64 ;;
  *) echo "gen-bench-proto: no protoc binary for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac
tools="benchmarks/target/protoc"
mkdir -p "${tools}"
exe="${tools}/protoc-${version}-${cls}.exe"
if [[ ! -x "${exe}" ]]; then
  mvn -B -ntp -q dependency:copy -Dartifact="com.google.protobuf:protoc:${version}:exe:${cls}" \
    -DoutputDirectory="${tools}" -Dmdep.overWriteReleases=true
  chmod +x "${exe}"
fi
out="benchmarks/src/main/java"
rm -f "${out}/dev/libsql4j/bench/proto/"*.java
"${exe}" --proto_path=benchmarks/src/main/proto --java_out=lite:"${out}" benchmarks/src/main/proto/*.proto
echo "gen-bench-proto: protoc ${version} (${cls}) wrote $(ls "${out}/dev/libsql4j/bench/proto/")" >&2
