#!/usr/bin/env bash
# Idle connections and fan-out on loopback: for each kind of server
# (hyperox-ws SSE, the same on connections that served a page first (as
# a browser's), the same compressed with gzip (idle memory only),
# hyperox-ws websockets, plain axum 0.8 websockets with
# its defaults), opens N idle connections from several 127.0.0.x source
# addresses, reads the server's resident memory before and after, and for
# the hyperox kinds sends FANOUT messages to all of them, printing the
# delivery latency p50/p99 and deliveries per second. With REDIS=1, the
# same fan-out again across two instances through a redis-server started
# here on a free port (half the connections on each).
#
#   N=10000 FANOUT=20 bash benches/realtime.sh        (N=50000 for the target)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
. "$here/benches/lib.sh"
N="${N:-10000}"
FANOUT="${FANOUT:-20}"
# Source addresses per run: 127.0.B.1 up, a block B of its own per run so
# that one run's closed connections (TIME_WAIT) leave the next its ports.
SOURCES="${SOURCES:-$(( N / 10000 + 2 ))}"
# Each process holds N sockets: ask for that many files, within the hard
# limit (which caps N on machines that set one low).
want=$(( N + 4096 )); hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$want" -gt "$hard" ]; then
  echo "the open-file limit is $hard: N=$N needs $want; N up to $(( hard - 4096 )) fits" >&2
  exit 1
fi
ulimit -n "$want"
cargo build --release --manifest-path "$here/benches/Cargo.toml" --target-dir "$here/target" --bin realtime -q
bin="$here/target/release/realtime"


pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

start_server() { # kind port [redis]
  "$bin" serve "$@" > /tmp/realtime-serve.$$ 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 1 100); do grep -q ready /tmp/realtime-serve.$$ && break; sleep 0.05; done
  echo "$pid"
}

block=0
for kind in sse sse-reused sse-gzip ws axum-ws; do
  block=$(( block + 1 ))
  port=$(free_port)
  server=$(start_server "$kind" "$port")
  sleep 0.3
  before=$(rss_kib "$server")
  fan=0; case "$kind" in sse|sse-reused|ws) fan=$FANOUT ;; esac
  coproc HOLD { "$bin" hold "$kind" "$port" "$N" "$block:$SOURCES" "$fan" "$port"; }
  while read -r line <&"${HOLD[0]}"; do
    echo "$kind: $line"
    case "$line" in held*) sleep 1; after=$(rss_kib "$server"); held=$(echo "$line" | awk '{ print $2 }');
      echo "$kind: server RSS $before KiB idle, $after KiB with $held connections: $(( (after - before) * 1024 / held )) bytes per connection";
      [ "$fan" = 0 ] && break ;;
    fanout*) break ;;
    esac
  done
  echo done >&"${HOLD[1]}" || true
  wait "$HOLD_PID" 2>/dev/null || true
  kill "$server"; wait "$server" 2>/dev/null || true
done

if [ "${REDIS:-0}" = 1 ]; then
  rport=$(free_port)
  redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no > /dev/null &
  pids+=($!)
  sleep 0.5
  a=$(free_port); b=$(free_port)
  start_server sse "$a" "redis://127.0.0.1:$rport" > /dev/null
  start_server sse "$b" "redis://127.0.0.1:$rport" > /dev/null
  sleep 0.5
  # Half on b, which only listens (publish port 0); half on a, which
  # publishes: each reports the latency of its own subscribers.
  coproc HOLDB { "$bin" hold sse "$b" $(( N / 2 )) "5:$SOURCES" "$FANOUT" 0; }
  read -r line <&"${HOLDB[0]}"; echo "two instances, on b: $line"
  coproc HOLDA { "$bin" hold sse "$a" $(( N / 2 )) "6:$SOURCES" "$FANOUT" "$a"; }
  while read -r line <&"${HOLDA[0]}"; do
    echo "two instances, on a (published on a): $line"
    case "$line" in fanout*) break ;; esac
  done
  read -r line <&"${HOLDB[0]}"; echo "two instances, on b (published on a): $line"
  echo done >&"${HOLDA[1]}" || true
  echo done >&"${HOLDB[1]}" || true
fi
