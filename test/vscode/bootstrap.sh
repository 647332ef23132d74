#!/usr/bin/env bash
# Fresh-machine setup run first by `npm test`, `npm run demo` and `npm run bench`: project dependencies (npm ci) and
# the real-VS-Code harness (install.sh: Node 24, code-server, Chromium). Idempotent and silent when nothing is missing,
# so it costs ~nothing on every run after the first.
set -euo pipefail
cd "$(dirname "$0")/../.."

# npm ci when node_modules is missing or older than the lock file (npm writes node_modules/.package-lock.json on
# every install, so its mtime says which lock file node_modules was made from).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  mkdir -p .vscode-test/logs
  log=.vscode-test/logs/npm-ci.log
  echo "[bootstrap] npm ci (log: $log)"
  npm ci --no-audit --no-fund --loglevel=error >"$log" 2>&1 \
    || { echo "[bootstrap] npm ci failed; see $log"; tail -30 "$log"; exit 1; }
fi

bash test/vscode/install.sh
