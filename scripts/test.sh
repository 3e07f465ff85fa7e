#!/usr/bin/env bash
# Runs every test of the workspace with every feature, first installing
# what the tests need when it is missing: Debian's Chromium, redis-server,
# postgresql, pebble and a Java runtime (for the Nu HTML checker) (the tests that use Redis, PostgreSQL or Pebble start their own
# servers on free loopback ports, and stop them) and the npm packages of
# browser/ (playwright-core, the Nu HTML checker
# vnu-jar and the Tailwind CLI, pinned by its package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
# scripts/handoff.py, which the restart test runs; curl, which the HTTPS
# tests drive.
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# Pebble, Let's Encrypt's ACME test server, and its DNS stub, which the
# ACME test starts.
command -v pebble >/dev/null 2>&1 || missing+=(pebble)
if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing ${missing[*]} (apt-get)"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    # The packages' own services are not started: the tests run servers
    # of their own, and a daemon started here would outlive the run.
    policy=/usr/sbin/policy-rc.d
    made_policy=""
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
        $sudo chmod +x "$policy"
        made_policy=1
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" </dev/null >/dev/null
    if [ -n "$made_policy" ]; then
        $sudo rm -f "$policy"
    fi
fi
if [ ! -d browser/node_modules/playwright-core ] ||
    [ ! -d browser/node_modules/vnu-jar ] ||
    [ ! -d browser/node_modules/@tailwindcss/cli ] ||
    [ ! -d browser/node_modules/axe-core ]; then
    echo "== installing playwright-core, vnu-jar, @tailwindcss/cli and axe-core (npm ci)"
    (cd browser && npm ci --no-audit --no-fund --loglevel=error)
fi

cargo test --workspace --all-features "$@"
