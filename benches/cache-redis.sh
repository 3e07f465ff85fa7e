#!/usr/bin/env bash
# Hits through the Redis store vs the two-tier store, against a
# redis-server this script starts on a free loopback port and stops.
#
#   bash benches/cache-redis.sh          # ROUNDS=5 by default
set -euo pipefail
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null || { echo "redis-server is needed: apt-get install redis-server" >&2; exit 1; }
cargo build --manifest-path benches/Cargo.toml --target-dir target --release -q --bin cache-redis
. benches/lib.sh
port=$(free_port)
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no >/dev/null & pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
target/release/cache-redis "redis://127.0.0.1:$port"
