#!/usr/bin/env bash
# A page whose render costs about 1 ms, served uncached and through a
# cached component, under wrk on loopback: the server on core 0 (one
# thread), wrk on core 1. The two routes take turns over several rounds;
# the median requests per second of each is printed, then the ratio
# (target: cached at least 3x uncached).
#
#   bash benches/cache-page.sh
#   ROUNDS=5 DURATION=10 CONNECTIONS=32 RENDER_US=1000 bash benches/cache-page.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/lib.sh
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-16}
RENDER_US=${RENDER_US:-1000}
PORT=${PORT:-38090}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --manifest-path benches/Cargo.toml --target-dir target --release -q --bin cache-page
taskset -c 0 target/release/cache-page "$PORT" "$RENDER_US" & pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/cached" >/dev/null 2>&1 && break; sleep 0.1; done
# Both routes answer the same bytes (to one client: the head carries its
# CSRF token).
jar=$(mktemp)
curl -fs -c "$jar" "http://127.0.0.1:$PORT/cached" >/dev/null
cmp <(curl -fs -b "$jar" "http://127.0.0.1:$PORT/cached") <(curl -fs -b "$jar" "http://127.0.0.1:$PORT/uncached")
rm -f "$jar"
declare -A RUNS
for round in $(seq "$ROUNDS"); do
  for r in uncached cached; do
    rps=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$PORT/$r" | awk '/Requests\/sec/ {print $2}')
    RUNS[$r]="${RUNS[$r]:-} $rps"
    printf 'round %d  %-9s %10s req/s\n' "$round" "$r" "$rps"
  done
done
u=$(median <<<"${RUNS[uncached]}")
c=$(median <<<"${RUNS[cached]}")
echo
printf 'median over %d rounds of %ds, %d connections, %d us render:\n' "$ROUNDS" "$DURATION" "$CONNECTIONS" "$RENDER_US"
printf '  uncached %10.0f req/s\n  cached   %10.0f req/s\n' "$u" "$c"
awk -v c="$c" -v u="$u" 'BEGIN { printf "  cached / uncached %.2fx (target >= 3)\n", c / u }'
