#!/usr/bin/env bash
# One client against the todo, chat and counter-ws release binaries on
# loopback, shape by shape: event streams, compressed event streams,
# websockets, websockets holding a partial frame, HTTP/2 connections that
# open no window, uploads dribbling a byte every 5 s, and a cookie-less
# crawl. For each shape it prints what the attacker held and what was
# refused, the server's resident memory before, during and 3 s after the
# attack, and a legitimate client's GET / (from another address, a fresh
# connection every 20 ms) unloaded and during the attack, with the ratio
# of the p99s (target: within 3x) and how many of its requests failed.
# The server runs on core 0, the attacker and the legitimate client on
# core 1.
#
#   COUNT=10000 HOLD=8 bash benches/attack.sh
#   BIN_DIR=/path/to/other/target/release bash benches/attack.sh
#
# Every attack is bounded: COUNT requests, opened within 30 s, held HOLD
# seconds; the servers are stopped at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
. "$here/benches/lib.sh"
COUNT="${COUNT:-10000}"
HOLD="${HOLD:-8}"
CRAWL="${CRAWL:-10000}"
# The servers' binaries: this tree's release builds, or BIN_DIR (another
# revision's, for a before/after in one run).
BIN_DIR="${BIN_DIR:-}"
want=$(( COUNT + 4096 )); hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$want" -gt "$hard" ]; then want=$hard; fi
ulimit -n "$want"
cd "$here"
if [ -z "$BIN_DIR" ]; then
  cargo build --release -q -p todo -p chat -p counter-ws
  BIN_DIR="$here/target/release"
fi
cargo build --release -q --manifest-path benches/Cargo.toml --target-dir target --bin attack
attack="$here/target/release/attack"
dir=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$dir"; }
trap cleanup EXIT

# "p99 errors" of a probe's line.
p99() { awk '{ for (i = 1; i < NF; i++) { if ($i == "p99") p = $(i + 1); if ($i == "errors") e = $(i + 1) } print p " " e }'; }

start() { # app port
  (cd "$dir" && PORT="$2" HYPEROX_LOG=warn CHAT_DB="$dir/chat.db" TODO_DB="$dir/todo.db" \
    exec taskset -c 0 "$BIN_DIR/$1") >"$dir/$1.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 100); do
    curl -fs -o /dev/null "http://127.0.0.1:$2/" && break
    sleep 0.05
  done
  echo "${pids[-1]}"
}

printf '%-10s %-11s %7s %8s %10s %10s %10s %10s %10s %6s %7s\n' \
  app shape held refused "RSS before" during after "p99 idle" "p99 load" ratio failed
shape() { # app pid port shape count path
  local app=$1 pid=$2 port=$3 kind=$4 count=$5 path=$6
  local idle before during after load held
  read -r idle _ < <(taskset -c 1 "$attack" probe "$port" 2 | p99)
  before=$(rss_kib "$pid")
  taskset -c 1 "$attack" "$kind" "$port" "$count" "$path" "$HOLD" >"$dir/attack.out" &
  local attacker=$!
  # The probe runs while the attack opens and holds its requests.
  local failed
  read -r load failed < <(taskset -c 1 "$attack" probe "$port" "$(( HOLD > 4 ? HOLD - 2 : 2 ))" | p99)
  during=$(rss_kib "$pid")
  wait "$attacker" || true
  held=$(awk '{ print $2 " " $4 }' "$dir/attack.out")
  sleep 3
  after=$(rss_kib "$pid")
  printf '%-10s %-11s %7s %8s %10s %10s %10s %10s %10s %6s %7s\n' \
    "$app" "$kind" ${held} "${before}K" "${during}K" "${after}K" "${idle}ms" "${load}ms" \
    "$(awk -v a="$load" -v b="$idle" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }')" \
    "$failed"
}

port=$(free_port); pid=$(start todo "$port")
shape todo "$pid" "$port" crawl "$CRAWL" /
shape todo "$pid" "$port" sse "$COUNT" /_partials/todos/events
shape todo "$pid" "$port" h2-zero 1000 /
shape todo "$pid" "$port" dribble 1000 /_partials/todos/add
kill "$pid"

port=$(free_port); pid=$(start chat "$port")
shape chat "$pid" "$port" sse "$COUNT" /_partials/rooms/general/events
shape chat "$pid" "$port" sse-gzip "$COUNT" /_partials/rooms/general/events
kill "$pid"

port=$(free_port); pid=$(start counter-ws "$port")
shape counter-ws "$pid" "$port" ws "$COUNT" /ws
shape counter-ws "$pid" "$port" ws-partial 1000 /ws
kill "$pid"
