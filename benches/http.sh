#!/usr/bin/env bash
# HTTP load on loopback: hyperox, axum, actix-web and a raw hyper server
# answering the same bytes on three routes, each server on core 0 (one
# worker), wrk on core 1. Prints requests per second and the ratios.
#
#   bash benches/http.sh            # 5 s per run, 64 connections
#   DURATION=10 CONNECTIONS=128 bash benches/http.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-38080}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release -q -p hyperox-benches --bin http-servers
BIN=target/release/http-servers
SERVERS=(hyperox axum actix hyper)
ROUTES=(/hello /users/42 /api/v1/nested/42)
declare -A RPS
for s in "${SERVERS[@]}"; do
  taskset -c 0 "$BIN" "$s" "$PORT" & pid=$!
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/hello" >/dev/null 2>&1 && break; sleep 0.1; done
  for r in "${ROUTES[@]}"; do
    body=$(curl -fs "http://127.0.0.1:$PORT$r")
    out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$PORT$r")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    RPS[$s$r]=$rps
    printf '%-8s %-20s %12s req/s  (%s)\n' "$s" "$r" "$rps" "$body"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
echo
echo "ratios (higher is better for hyperox):"
for r in "${ROUTES[@]}"; do
  for other in axum actix hyper; do
    awk -v a="${RPS[hyperox$r]}" -v b="${RPS[$other$r]}" -v r="$r" -v o="$other" \
      'BEGIN { printf "  %-20s hyperox / %-6s %6.3f\n", r, o, a / b }'
  done
done
awk -v a="${RPS[hyperox/api/v1/nested/42]}" -v b="${RPS[hyperox/hello]}" \
  'BEGIN { printf "  nested 6-middleware / hello (hyperox) %6.3f (target >= 0.95)\n", a / b }'
