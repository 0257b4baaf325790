#!/usr/bin/env bash
# Builds the native library (scripts/build-native.sh, cargo) and copies it to
#   <output dir>/<os>-<arch>/<library file>
# The Maven build of transport-embedded calls this in generate-resources with
# target/classes/META-INF/native, so the library ends up in the jar where NativeLoader looks.
#
# Usage: bash transport-embedded/build-native-into.sh <output dir>
# Needs Rust (cargo); without it scripts/build-native.sh fails with a message saying how to
# install it. Remote-only builds skip the module: mvn ... -Dlibsql4j.remoteOnly
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/.." && pwd)"
out="${1:?usage: build-native-into.sh <output dir>}"
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
# The script prints the library's path as its last line; everything it prints goes to the build log.
if ! bash "${script}" >"${log}"; then
  cat "${log}" >&2
  die "scripts/build-native.sh failed (see above)"
fi
cat "${log}" >&2
lib="$(grep -v '^[[:space:]]*$' "${log}" | tail -n 1)"
[[ -f "${lib}" ]] || die "scripts/build-native.sh did not print the path of a built library as its last line (got '${lib}')"

dest="${out}/${os}-${arch}"
mkdir -p "${dest}"
cp -f "${lib}" "${dest}/$(basename "${lib}")"
echo "build-native-into: bundled ${lib} as ${dest}/$(basename "${lib}")" >&2
