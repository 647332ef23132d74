#!/usr/bin/env bash
# Stands in for a VS Code executable: @vscode/test-electron's runTests({ vscodeExecutablePath }) spawns this with
# VS Code's CLI flags; the driver runs the tests in code-server instead (see driver.ts). Needs `npm run build:tests`.
exec "${AML_DRIVER_NODE:-node}" "$(dirname "$0")/../../out/test/vscode/driver.js" "$@"
