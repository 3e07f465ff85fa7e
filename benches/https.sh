#!/usr/bin/env bash
# HTTPS on loopback: hyperox serving TLS itself, the same hyperox server
# on plain HTTP, and axum on axum-server (rustls, ring, as hyperox), each
# on core 0 with one thread, wrk on core 1. Two loads per server:
# keep-alive requests (requests/s over established TLS connections) and
# one request per connection (`Connection: close`: every request a new
# TCP connection and TLS handshake, so requests/s is handshakes/s).
# Servers take turns over several rounds; medians, then ratios.
#
#   bash benches/https.sh                      # 3 rounds of 5 s runs
#   ROUNDS=5 DURATION=10 bash benches/https.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/lib.sh
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-38443}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
command -v openssl >/dev/null || { echo "openssl is needed: apt-get install openssl" >&2; exit 1; }
cargo build --manifest-path benches/Cargo.toml --target-dir target --release -q --bin https-servers
BIN=target/release/https-servers
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# A P-256 certificate, as an ACME CA issues by default.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
SERVERS=(hyperox-https hyperox-http axum-https)
LOADS=(keepalive handshake)
declare -A RUNS
for round in $(seq "$ROUNDS"); do
  for s in "${SERVERS[@]}"; do
    scheme=https
    [ "$s" = hyperox-http ] && scheme=http
    url="$scheme://127.0.0.1:$PORT/hello"
    taskset -c 0 "$BIN" "$s" "$PORT" "$dir/cert.pem" "$dir/key.pem" & pid=$!
    wait_up "$url" -k
    for load in "${LOADS[@]}"; do
      if [ "$load" = keepalive ]; then
        out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$url")
      else
        out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -H "Connection: close" "$url")
      fi
      rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
      errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
      RUNS[$s$load]="${RUNS[$s$load]:-} $rps"
      printf 'round %d  %-14s %-10s %12s req/s %s\n' "$round" "$s" "$load" "$rps" "$errors"
    done
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done
declare -A MED
medians "median requests per second over $ROUNDS rounds of ${DURATION}s, $CONNECTIONS connections:" \
  "${LOADS[*]}" "${SERVERS[*]}"
echo
echo "ratios:"
for load in "${LOADS[@]}"; do
  awk -v a="${MED[hyperox-https$load]}" -v b="${MED[axum-https$load]}" -v l="$load" \
    'BEGIN { printf "  %-10s hyperox HTTPS / axum-server HTTPS  %6.3f\n", l, a / b }'
  awk -v a="${MED[hyperox-https$load]}" -v b="${MED[hyperox-http$load]}" -v l="$load" \
    'BEGIN { printf "  %-10s hyperox HTTPS / hyperox HTTP        %6.3f\n", l, a / b }'
done
