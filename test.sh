#!/usr/bin/env bash
# Runs the whole test suite (unit tests with Surefire, then integration tests with Failsafe) against an embedded dynalite backend (installed into backend/ on first use).
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null || { echo "Node.js is required (the test backend, dynalite, runs on it)" >&2; exit 1; }
(cd backend && [ -d node_modules/dynalite ] || npm ci --no-audit --no-fund)
exec mvn -B -ntp verify "$@"
