#!/usr/bin/env bash
# Runs every test of the workspace with every feature, first installing
# what the tests need when it is missing: Debian's Chromium and
# redis-server (the Redis cache tests start their own servers on free
# loopback ports, and stop them) and the npm packages of
# examples/todo/tests/browser (pinned by its package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing ${missing[*]} (apt-get)"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -d examples/todo/tests/browser/node_modules/playwright-core ]; then
    echo "== installing playwright-core (npm ci)"
    (cd examples/todo/tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

cargo test --workspace --all-features "$@"
