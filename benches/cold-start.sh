#!/usr/bin/env bash
# Builds the todo example in release, copies the binary alone into an empty
# directory and reports its size and the time from start to the first
# answered request (median of 10 starts, each on a new database).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release -p todo --quiet
bin=target/release/todo
size=$(stat -c %s "$bin")
printf 'binary: %s bytes (%.1f MiB)\n' "$size" "$(echo "$size / 1048576" | bc -l)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$bin" "$work/todo"
port=39123
times=()
for i in $(seq 1 10); do
    rm -f "$work"/todo.db*
    start=$(date +%s%N)
    (cd "$work" && PORT=$port HYPEROX_ENV=production exec ./todo >/dev/null 2>&1) &
    pid=$!
    until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.001; done
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
    kill "$pid"
    wait "$pid" 2>/dev/null || true
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "cold start to first response (µs, 10 runs): ${sorted[*]}"
echo "median: ${sorted[5]} µs"
# Everything is in the binary: the page and its assets from the empty dir.
(cd "$work" && PORT=$port HYPEROX_ENV=production exec ./todo >/dev/null 2>&1) &
pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.01; done
for url in $(curl -fs "http://127.0.0.1:$port/" | grep -o '/assets/[^"]*' | sort -u); do
    printf '%s %s\n' "$(curl -fs -o /dev/null -w '%{http_code} %{size_download}B' "http://127.0.0.1:$port$url")" "$url"
done
kill "$pid"
wait "$pid" 2>/dev/null || true
