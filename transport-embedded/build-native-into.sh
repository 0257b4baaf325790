#!/usr/bin/env bash
# Builds the native library (scripts/build-native.sh, cargo) and copies it to
#   <output dir>/<os>-<arch>/<library file>
# The Maven build of transport-embedded calls this in generate-resources with
# target/classes/META-INF/native, so the library ends up in the jar where NativeLoader looks.
#
# With "aarch64" as the second argument (Maven passes it unless -Dlibsql4j.native.aarch64=false),
# a linux-x86_64 machine also cross-builds linux-aarch64 (scripts/build-native-aarch64.sh), so the
# jar carries both; on a linux-aarch64 machine the host build is that library already.
#
# Usage: bash transport-embedded/build-native-into.sh <output dir> [aarch64]
# Needs Rust (cargo); without it scripts/build-native.sh fails with a message saying how to
# install it. Remote-only builds skip the module: mvn ... -Dlibsql4j.remoteOnly
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/.." && pwd)"
out="${1:?usage: build-native-into.sh <output dir> [aarch64]}"
extra="${2:-}"
script="${root}/scripts/build-native.sh"

die() {
  echo "build-native-into: ERROR: $*" >&2
  exit 1
}

[[ -f "${script}" ]] || die "${script} is missing; it builds native/ with cargo"

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=macos ;;
  MINGW* | MSYS* | CYGWIN*) os=windows ;;
  *) os="$(uname -s | tr '[:upper:]' '[:lower:]')" ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x86_64 ;;
  aarch64 | arm64) arch=aarch64 ;;
  *) arch="$(uname -m)" ;;
esac

log="$(mktemp)"
trap 'rm -f "${log}"' EXIT

# Runs a build script that prints the library's path as its last line (everything it prints goes
# to the build log) and copies that library to <output dir>/<platform>/.
build_into() {
  local build_script="$1" platform="$2" lib dest
  if ! bash "${build_script}" >"${log}"; then
    cat "${log}" >&2
    die "${build_script#"${root}/"} failed (see above)"
  fi
  cat "${log}" >&2
  lib="$(grep -v '^[[:space:]]*$' "${log}" | tail -n 1)"
  [[ -f "${lib}" ]] || die "${build_script#"${root}/"} did not print the path of a built library as its last line (got '${lib}')"
  dest="${out}/${platform}"
  mkdir -p "${dest}"
  cp -f "${lib}" "${dest}/$(basename "${lib}")"
  echo "build-native-into: bundled ${lib} as ${dest}/$(basename "${lib}")" >&2
}

build_into "${script}" "${os}-${arch}"

case "${extra}" in
  "" | none) ;;
  aarch64)
    if [[ "${os}-${arch}" == linux-x86_64 ]]; then
      build_into "${root}/scripts/build-native-aarch64.sh" linux-aarch64
    elif [[ "${os}-${arch}" != linux-aarch64 ]]; then
      die "the linux-aarch64 cross build runs on linux-x86_64 only (this is ${os}-${arch}); build with -Dlibsql4j.native.aarch64=false"
    fi
    ;;
  *) die "unknown second argument '${extra}' (expected aarch64 or none)" ;;
esac
