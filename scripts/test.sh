#!/usr/bin/env bash
# Runs every test of the workspace, first installing what the browser
# tests need when it is missing: Debian's Chromium and the npm packages of
# examples/todo/tests/browser (pinned by its package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    echo "== installing chromium (apt-get)"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d examples/todo/tests/browser/node_modules/playwright-core ]; then
    echo "== installing playwright-core (npm ci)"
    (cd examples/todo/tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

cargo test --workspace "$@"
