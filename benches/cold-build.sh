#!/usr/bin/env bash
# A newcomer's first build: `hyperox new`, then a cold `cargo build` (an
# empty target folder, crates already downloaded), for the starter of each
# of two checkouts of hyperox (made by that checkout's CLI) in turn,
# ROUNDS times each, interleaved; the median wall time of each and their
# ratio.
#
#   bash benches/cold-build.sh /path/to/before-checkout [/path/to/after-checkout]
#   ROUNDS=3 (default 2)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
before=$(cd "$1" && pwd)
after=$(cd "${2:-$(dirname "$0")/..}" && pwd)
rounds=${ROUNDS:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Each checkout's own starter, made by its own CLI.
for which in before after; do
    dir=${!which}
    (cd "$dir" && cargo build -q -p hyperox-cli)
    "$dir/target/debug/hyperox" new "$which" --path "$work/$which" --hyperox-path "$dir" >/dev/null
done
declare -A times
for round in $(seq "$rounds"); do
    for which in before after; do
        rm -rf "$work/target-$which"
        start=$(date +%s.%N)
        (cd "$work/$which" && CARGO_TARGET_DIR="$work/target-$which" cargo build --offline -q)
        end=$(date +%s.%N)
        t=$(echo "$end - $start" | bc)
        times[$which]+="$t "
        printf 'round %s  %-6s %6.1f s\n' "$round" "$which" "$t"
    done
done
b=$(echo "${times[before]}" | median)
a=$(echo "${times[after]}" | median)
printf 'median  before %.1f s  after %.1f s  after/before %.2f\n' "$b" "$a" "$(echo "$a / $b" | bc -l)"
