#!/usr/bin/env bash
# Installs what the linux-aarch64 build and its emulated test need, from Debian's packages:
#   rustc-web                    Debian's rustc (1.96), used only for the aarch64 cross build
#   libstd-rust-web-dev:arm64    its standard library for aarch64-unknown-linux-gnu
#   gcc/g++-aarch64-linux-gnu    the cross C/C++ compilers (SQLite3MultipleCiphers, ring) and linker
#   qemu-user-static             runs aarch64 programs on x86_64 (called directly; no binfmt needed)
#   openjdk-17-jre-headless:arm64  the aarch64 JVM that runs the test under qemu
# Needs root (or sudo) and Debian 12 (or another Debian/Ubuntu with these packages) on x86_64.
# Idempotent: when every package is installed it only asks dpkg and returns in well under a second.
#
#   scripts/install-aarch64.sh           install what is missing
#   scripts/install-aarch64.sh --check   install nothing; exit 1 listing what is missing
set -euo pipefail

packages=(rustc-web libstd-rust-web-dev:arm64 gcc-aarch64-linux-gnu g++-aarch64-linux-gnu
  qemu-user-static openjdk-17-jre-headless:arm64)

installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${packages[@]}"; do
    installed "$p" || missing+=("$p")
  done
else
  echo "install-aarch64.sh: dpkg not found: the aarch64 toolchain is installed from Debian packages" \
    "(${packages[*]}); on another system install a Rust aarch64-unknown-linux-gnu target," \
    "an aarch64 C/C++ cross compiler, qemu-user and an aarch64 JDK 17 yourself" >&2
  exit 1
fi
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ "${1:-}" == "--check" ]]; then
  echo "install-aarch64.sh: missing Debian packages: ${missing[*]} (run: bash scripts/install-aarch64.sh)" >&2
  exit 1
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 \
    || { echo "install-aarch64.sh: needs root to install ${missing[*]} (no sudo found)" >&2; exit 1; }
  sudo=(sudo)
fi
echo "install-aarch64.sh: installing ${missing[*]}" >&2
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  "${sudo[@]}" dpkg --add-architecture arm64
fi
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
for p in "${packages[@]}"; do
  installed "$p" || { echo "install-aarch64.sh: $p is still not installed after apt-get" >&2; exit 1; }
done
