#!/usr/bin/env bash
# Restarts under load: the file-routes example (release) under
# scripts/handoff.py, wrk on loopback for DURATION seconds (keep-alive
# connections, as browsers hold them), HANDOFFS SIGHUP handoffs spread
# over the run, then one new process that fails at start. Prints wrk's
# summary: a restart that refuses nothing shows no connect errors and no
# non-2xx answers. Connections kept alive across a handoff are closed by
# the old process after their request in flight (`Connection: close`);
# wrk then opens new ones, to the new process.
#
#   bash benches/restart.sh                      # 10 handoffs in 12 s, 32 connections
#   HANDOFFS=20 DURATION=20 CONNECTIONS=64 bash benches/restart.sh
set -euo pipefail
cd "$(dirname "$0")/.."
HANDOFFS=${HANDOFFS:-10}
DURATION=${DURATION:-12}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-38090}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release -q -p file-routes
dir=$(mktemp -d)
HYPEROX_ENV=production HYPEROX_LOG=warn HYPEROX_DATA_DIR="$dir" \
  HYPEROX_SECRET="the restart benchmark's key, 32 chars" BIN=target/release/file-routes FAIL="$dir/fail" \
  python3 scripts/handoff.py "127.0.0.1:$PORT" -- sh -c 'if [ -e "$FAIL" ]; then exit 1; fi; exec "$BIN"' &
sup=$!
trap 'kill -TERM $sup 2>/dev/null; wait $sup 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/" >/dev/null 2>&1 && break; sleep 0.1; done
wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$PORT/" > "$dir/wrk.txt" &
wrk_pid=$!
gap=$(awk -v d="$DURATION" -v n="$HANDOFFS" 'BEGIN { printf "%.2f", (d - 2) / (n + 1) }')
for _ in $(seq "$HANDOFFS"); do
  sleep "$gap"
  kill -HUP "$sup"
done
sleep "$gap"
touch "$dir/fail"
kill -HUP "$sup"
wait "$wrk_pid"
echo "wrk, $DURATION s, $CONNECTIONS connections, $HANDOFFS handoffs and one failed start:"
cat "$dir/wrk.txt"
curl -fs -o /dev/null -w 'after the failed start: %{http_code}\n' "http://127.0.0.1:$PORT/"
grep -q "Socket errors: connect [1-9]" "$dir/wrk.txt" && { echo "connect errors" >&2; exit 1; }
grep -q "Non-2xx" "$dir/wrk.txt" && { echo "non-2xx answers" >&2; exit 1; }
echo "no connect errors, no non-2xx answers"
