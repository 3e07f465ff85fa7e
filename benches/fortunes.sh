#!/usr/bin/env bash
# TechEmpower's Fortunes on loopback: hyperox, axum with maud, axum with
# askama, actix-web with sailfish, and raw hyper with hand-written HTML
# (the floor), each on SQLite (a WAL file
# seeded with the 12 rows; one query a request), one thread pinned to
# core 0, wrk on core 1 with --latency after a second's warm-up. Stacks
# take turns over the rounds (in reverse order every other round); the
# medians of requests/s, p50 and p99, then the ratios: of the medians, and
# within each round (the machine's speed drifts between rounds) with
# their medians.
# Every stack's answer is checked against the verifier's spec first
# (`cargo test --manifest-path benches/Cargo.toml --test fortunes` does
# the same as a test).
#
#   bash benches/fortunes.sh                    # 3 rounds of 5 s, 64 connections
#   ROUNDS=5 DURATION=10 CONNECTIONS=256 bash benches/fortunes.sh
#   CORES=both bash benches/fortunes.sh         # server and wrk on both cores,
#                                               # the server with 2 workers
#                                               # (hyperox: HYPEROX_WORKERS=2;
#                                               # HYPEROX_WORKERS=0 for tokio's)
#   DB=postgres bash benches/fortunes.sh        # on PostgreSQL: a server each
#                                               # stack starts (on its core)
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/lib.sh
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-64}
CORES=${CORES:-one}
DB=${DB:-sqlite}
if [ "$CORES" = both ]; then
  SERVER_CPUS=0,1 WRK_CPUS=0,1 THREADS=2
  export WORKERS=2
  # hyperox serves on a worker thread a core (HYPEROX_WORKERS=0 leaves
  # it on a multi-threaded tokio runtime, as the axum stacks are).
  export HYPEROX_WORKERS=${HYPEROX_WORKERS:-2}
  [ "$HYPEROX_WORKERS" = 0 ] && unset HYPEROX_WORKERS
else
  SERVER_CPUS=0 WRK_CPUS=1 THREADS=1
fi
PORT=${PORT:-38180}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
# PROFILE=release builds in a quarter of the time, without whole-program LTO.
PROFILE=${PROFILE:-release-lto}
cargo build --manifest-path benches/Cargo.toml --target-dir target --profile "$PROFILE" -q --bin fortunes
BIN=target/$PROFILE/fortunes
STACKS=(hyperox axum-maud axum-askama actix-sailfish raw-hyper)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
declare -A RPS P50 P99 ROUND
# wrk's latency in microseconds.
us() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); print v} else if (v ~ /ms$/) {sub(/ms$/,"",v); print v*1000} else if (v ~ /s$/) {sub(/s$/,"",v); print v*1000000}}'; }
for round in $(seq "$ROUNDS"); do
  # Turns in reverse order every other round, so that no stack always
  # follows the same one.
  order=("${STACKS[@]}")
  [ $((round % 2)) = 0 ] && mapfile -t order < <(printf '%s\n' "${STACKS[@]}" | tac)
  for s in "${order[@]}"; do
    database="$dir/$s.db"
    [ "$DB" = postgres ] && database=postgres
    taskset -c "$SERVER_CPUS" "$BIN" "$s" "$PORT" "$database" & pid=$!
    # A PostgreSQL stack starts its own server first: up to 10 s.
    WAIT_UP=100 wait_up "http://127.0.0.1:$PORT/fortunes"
    # A second's warm-up, not counted: the connections, the allocator's
    # first pages, the statement cache.
    taskset -c "$WRK_CPUS" wrk -t"$THREADS" -c"$CONNECTIONS" -d1s "http://127.0.0.1:$PORT/fortunes" >/dev/null
    out=$(taskset -c "$WRK_CPUS" wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$PORT/fortunes")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out" | us)
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out" | us)
    bad=$(awk '/Non-2xx|Socket errors/' <<<"$out" | tr '\n' ' ')
    RPS[$s]="${RPS[$s]:-} $rps"; P50[$s]="${P50[$s]:-} $p50"; P99[$s]="${P99[$s]:-} $p99"
    ROUND[$round,$s]=$rps
    printf 'round %d  %-14s %10s req/s  p50 %7s us  p99 %7s us %s\n' "$round" "$s" "$rps" "$p50" "$p99" "$bad"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done
echo
echo "medians over $ROUNDS rounds of ${DURATION}s, $CONNECTIONS connections, $DB, cores: $CORES:"
declare -A MED
for s in "${STACKS[@]}"; do
  MED[$s]=$(median <<<"${RPS[$s]}")
  printf '  %-14s %10.0f req/s  p50 %7.0f us  p99 %7.0f us\n' "$s" "${MED[$s]}" "$(median <<<"${P50[$s]}")" "$(median <<<"${P99[$s]}")"
done
echo
echo "ratios (requests/s):"
for s in axum-maud axum-askama actix-sailfish; do
  awk -v a="${MED[hyperox]}" -v b="${MED[$s]}" -v s="$s" 'BEGIN { printf "  hyperox / %-15s %6.3f\n", s, a / b }'
done
fastest=$(for s in axum-maud axum-askama actix-sailfish; do echo "${MED[$s]} $s"; done | sort -g | tail -1 | cut -d' ' -f2)
awk -v a="${MED[hyperox]}" -v b="${MED[$fastest]}" -v s="$fastest" 'BEGIN { printf "  hyperox / the fastest other (%s) %6.3f (target >= 1.0)\n", s, a / b }'
awk -v a="${MED[hyperox]}" -v b="${MED[raw-hyper]}" 'BEGIN { printf "  hyperox / raw-hyper       %6.3f (target >= 0.8)\n", a / b }'
# The machine's speed drifts between rounds more than the stacks differ:
# the ratios within each round (its turns are a minute apart at most),
# and their medians.
echo
echo "ratios within each round, and their medians:"
FASTEST_R="" RAW_R=""
for round in $(seq "$ROUNDS"); do
  best=$(for s in axum-maud axum-askama actix-sailfish; do echo "${ROUND[$round,$s]}"; done | sort -g | tail -1)
  f=$(awk -v a="${ROUND[$round,hyperox]}" -v b="$best" 'BEGIN { printf "%.3f", a / b }')
  r=$(awk -v a="${ROUND[$round,hyperox]}" -v b="${ROUND[$round,raw-hyper]}" 'BEGIN { printf "%.3f", a / b }')
  printf '  round %d: hyperox / the fastest other %s, / raw-hyper %s\n' "$round" "$f" "$r"
  FASTEST_R="$FASTEST_R $f"; RAW_R="$RAW_R $r"
done
printf '  medians: hyperox / the fastest other %.3f (target >= 1.0), / raw-hyper %.3f (target >= 0.8)\n' \
  "$(median <<<"$FASTEST_R")" "$(median <<<"$RAW_R")"
