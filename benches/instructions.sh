#!/usr/bin/env bash
# Instructions a request, counted by callgrind while wrk loads the server
# over loopback (deterministic where requests/s drift): each Fortunes
# stack on SQLite, and the todo app's page with 5 todos. The server's
# start is counted too (under 1% of a run).
#
#   bash benches/instructions.sh                 # every Fortunes stack and the todo page
#   STACKS="hyperox actix-sailfish" bash benches/instructions.sh
#   TODO=no bash benches/instructions.sh         # Fortunes only
#   ROUNDS=3 bash benches/instructions.sh        # interleaved rounds, and their medians
#
# A run's count varies by about 1% (how many requests each turn of the
# event loop finds ready): compare medians of rounds, not single runs.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/lib.sh
command -v valgrind >/dev/null || { echo "valgrind is needed: apt-get install valgrind" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
STACKS=${STACKS:-hyperox axum-maud axum-askama actix-sailfish raw-hyper}
TODO=${TODO:-yes}
DURATION=${DURATION:-8}
ROUNDS=${ROUNDS:-1}
# PROFILE=release builds in a quarter of the time, without whole-program LTO.
PROFILE=${PROFILE:-release-lto}
cargo build --manifest-path benches/Cargo.toml --target-dir target --profile "$PROFILE" -q --bin fortunes
[ "$TODO" = yes ] && cargo build --release -q -p todo --bin todo
dir=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$dir"' EXIT

declare -A RUNS
# count NAME URL: loads URL for DURATION s under the callgrind already
# started as $pid, stops it, prints the instructions a request (and adds
# them to RUNS[NAME]).
count() {
  local n total
  n=$(wrk -t1 -c16 -d"${DURATION}s" "$2" | awk '/requests in/ {print $1}')
  kill -INT "$pid"; wait "$pid" 2>/dev/null || true
  total=$(callgrind_annotate "$dir/$1.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
  printf '%-16s %8d instructions a request (%d requests)\n' "$1" $((total / n)) "$n"
  RUNS[$1]+=" $((total / n))"
}

for round in $(seq "$ROUNDS"); do
  for s in $STACKS; do
    port=$(free_port)
    valgrind --tool=callgrind --callgrind-out-file="$dir/$s.out" \
      "target/$PROFILE/fortunes" "$s" "$port" "$dir/$s.db.$round" >"$dir/$s.log" 2>&1 & pid=$!
    WAIT_UP=300 wait_up "http://127.0.0.1:$port/fortunes"
    count "$s" "http://127.0.0.1:$port/fortunes"
  done
done
if [ "$ROUNDS" -gt 1 ]; then
  echo "medians of $ROUNDS rounds:"
  for s in $STACKS; do
    printf '%-16s %8.0f instructions a request\n' "$s" "$(median <<<"${RUNS[$s]}")"
  done
fi

if [ "$TODO" = yes ]; then
  port=$(free_port); base="http://127.0.0.1:$port"
  (cd "$dir" && PORT=$port HYPEROX_ENV=production HYPEROX_LOG=warn TOKIO_WORKER_THREADS=1 \
    HYPEROX_MAX_CONNECTIONS_PER_CLIENT=100000 \
    exec valgrind --tool=callgrind --callgrind-out-file="$dir/todo-page.out" "$OLDPWD/target/release/todo") \
    >"$dir/todo.log" 2>&1 & pid=$!
  WAIT_UP=300 wait_up "$base/"
  add_todos "$base" "$dir/jar" >/dev/null
  count todo-page "$base/"
fi
