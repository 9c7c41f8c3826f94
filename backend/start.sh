#!/usr/bin/env bash
# Starts dynalite, the DynamoDB-compatible test backend, in the foreground on loopback.
#   PORT      port to listen on (default 8000)
#   DATA_DIR  optional LevelDB directory; in memory when unset
# Table state transitions are made instant so tests and samples do not wait on them.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f node_modules/dynalite/cli.js ]; then
  npm ci --no-audit --no-fund
fi
args=(--host 127.0.0.1 --port "${PORT:-8000}" --createTableMs 0 --deleteTableMs 0 --updateTableMs 0)
if [ -n "${DATA_DIR:-}" ]; then
  mkdir -p "$DATA_DIR"
  args+=(--path "$DATA_DIR")
fi
exec node serve.js "${args[@]}"
