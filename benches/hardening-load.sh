#!/usr/bin/env bash
# Load on loopback against the todo app's release binary, bounded in
# time: server on core 0 (one worker thread), wrk and the connection
# holder on core 1.
#
#  1. the page (GET / with 5 todos), a partial (GET /_partials/todos/list)
#     and an embedded asset, each for DURATION s with CONNECTIONS
#     connections: requests/s, p50/p99, socket errors, non-2xx answers;
#     the page/asset ratio (target >= 0.35);
#  2. the server's RSS and thread count after a 5 s warm-up on each URL
#     and after the runs (RSS within 10%);
#  3. the page again while 300 slowloris and 300 silent connections are
#     held (target: >= 80% of the unloaded requests/s).
#
#   bash benches/hardening-load.sh                 # 60 s runs, 256 connections
#   DURATION=10 bash benches/hardening-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/lib.sh
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-256}
HOLD=${HOLD:-300}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release -q -p todo --bin todo
cargo build --manifest-path benches/Cargo.toml --target-dir target --release -q --bin hold-connections
dir=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$dir"' EXIT
port=$(free_port)
base="http://127.0.0.1:$port"
ulimit -n 8192
# wrk and the holder are many clients from one address here.
(cd "$dir" && PORT=$port HYPEROX_ENV=production HYPEROX_LOG=warn TOKIO_WORKER_THREADS=1 \
  HYPEROX_MAX_CONNECTIONS_PER_CLIENT=100000 \
  exec taskset -c 0 "$OLDPWD/target/release/todo") 2>"$dir/server.log" &
pid=$!
WAIT_UP=100 wait_up "$base/"
page=$(add_todos "$base" "$dir/jar")
asset=$(grep -o '/assets/styles[^"]*\.css' <<<"$page" | head -1)
status() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$pid/status"; }

run() { # name url -> prints one line, sets RPS
  local out
  out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$2")
  RPS=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  local p50 p99 errors non2xx
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(grep -o 'Socket errors:.*' <<<"$out" || echo "Socket errors: none")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out"); non2xx=${non2xx:-0}
  printf '%-34s %10s req/s  p50 %8s  p99 %8s  non-2xx %s  %s\n' "$1" "$RPS" "$p50" "$p99" "$non2xx" "$errors"
}

echo "todo (release) on core 0, one worker; wrk on core 1; ${DURATION}s, $CONNECTIONS connections"
echo "cold: RSS $(status VmRSS) kB, $(status Threads) threads; warming up for 5 s on each URL"
for url in "$base/" "$base/_partials/todos/list" "$base$asset"; do
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d5s "$url" >/dev/null
done
rss0=$(status VmRSS); threads0=$(status Threads)
echo "before: RSS ${rss0} kB, ${threads0} threads"
run "GET / (5 todos)" "$base/"; page_rps=$RPS
run "GET /_partials/todos/list" "$base/_partials/todos/list"
run "GET $asset" "$base$asset"; asset_rps=$RPS
rss1=$(status VmRSS); threads1=$(status Threads)
echo "after:  RSS ${rss1} kB, ${threads1} threads"
awk -v p="$page_rps" -v a="$asset_rps" 'BEGIN { printf "page / asset %.3f (target >= 0.35)\n", p / a }'
awk -v a="$rss0" -v b="$rss1" 'BEGIN { printf "RSS after / before %.3f (target <= 1.10)\n", b / a }'

taskset -c 1 target/release/hold-connections "127.0.0.1:$port" "$HOLD" "$HOLD" $((DURATION + 10)) >"$dir/hold.log" &
holder=$!
sleep 5
open=$(ls "/proc/$pid/fd" | wc -l)
echo "holding $HOLD silent + $HOLD slowloris connections (server has $open file descriptors open)"
run "GET / under held connections" "$base/"; held_rps=$RPS
wait "$holder"; cat "$dir/hold.log"
awk -v h="$held_rps" -v p="$page_rps" 'BEGIN { printf "held / unloaded %.3f (target >= 0.80)\n", h / p }'
echo "server threads at the end: $(status Threads)"
