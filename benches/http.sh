#!/usr/bin/env bash
# HTTP load on loopback: hyperox, axum, actix-web and a raw hyper server
# answering the same bytes on three routes, each server on core 0 (one
# worker), wrk on core 1. Servers take turns over several rounds; the
# median requests per second of each is printed, then the ratios.
#
#   bash benches/http.sh                          # 3 rounds of 5 s runs, 64 connections
#   ROUNDS=5 DURATION=10 CONNECTIONS=128 bash benches/http.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/lib.sh
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-38080}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --manifest-path benches/Cargo.toml --target-dir target --release -q --bin http-servers
BIN=target/release/http-servers
SERVERS=(hyperox axum actix hyper)
ROUTES=(/hello /users/42 /api/v1/nested/42)
declare -A RUNS
for round in $(seq "$ROUNDS"); do
  for s in "${SERVERS[@]}"; do
    taskset -c 0 "$BIN" "$s" "$PORT" & pid=$!
    wait_up "http://127.0.0.1:$PORT/hello"
    for r in "${ROUTES[@]}"; do
      body=$(curl -fs "http://127.0.0.1:$PORT$r")
      rps=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$PORT$r" | awk '/Requests\/sec/ {print $2}')
      RUNS[$s$r]="${RUNS[$s$r]:-} $rps"
      printf 'round %d  %-8s %-20s %12s req/s  (%s)\n' "$round" "$s" "$r" "$rps" "$body"
    done
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done
declare -A MED
medians "median requests per second over $ROUNDS rounds of ${DURATION}s, $CONNECTIONS connections:" \
  "${ROUTES[*]}" "${SERVERS[*]}"
echo
echo "ratios (higher is better for hyperox):"
for r in "${ROUTES[@]}"; do
  for other in axum actix hyper; do
    awk -v a="${MED[hyperox$r]}" -v b="${MED[$other$r]}" -v r="$r" -v o="$other" \
      'BEGIN { printf "  %-20s hyperox / %-6s %6.3f\n", r, o, a / b }'
  done
done
awk -v a="${MED[hyperox/api/v1/nested/42]}" -v b="${MED[hyperox/hello]}" \
  'BEGIN { printf "  nested 6-middleware / hello (hyperox) %6.3f (target >= 0.95)\n", a / b }'
