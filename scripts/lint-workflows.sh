#!/usr/bin/env bash
# Checks the GitHub Actions workflows in .github/workflows with actionlint (installed once from the
# Go module proxy into ~/.cache/libsql4j/go-bin; needs Go). shellcheck, when on PATH, also checks
# the workflows' run: scripts.
set -euo pipefail
cd "$(dirname "$0")/.."
version=v1.7.12
bin="${HOME}/.cache/libsql4j/go-bin"
actionlint="${bin}/actionlint"
if [[ ! -x "${actionlint}" ]] || [[ "$("${actionlint}" -version 2>/dev/null | head -n 1)" != "${version}" ]]; then
  command -v go >/dev/null 2>&1 \
    || { echo "lint-workflows.sh: go not found: actionlint ${version} is installed with go install (https://go.dev/dl/)" >&2; exit 1; }
  echo "lint-workflows.sh: installing actionlint ${version} into ${bin}" >&2
  GOBIN="${bin}" go install "github.com/rhysd/actionlint/cmd/actionlint@${version}"
fi
"${actionlint}" -no-color .github/workflows/*.yml
echo "lint-workflows.sh: $(ls .github/workflows/*.yml | wc -l) workflow file(s) pass actionlint ${version}"
