#!/usr/bin/env bash
# Release build time of the same literal-heavy page (1,025 elements) in
# hyperox-html (builder calls, and the same calls through html!) and in
# maud: the page crate alone (dependencies built first), non-incremental,
# best of 3.
#
#   bash benches/compile-time.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --manifest-path benches/Cargo.toml --target-dir target --release -q -p literal-page-hyperox -p literal-page-hyperox-macro -p literal-page-maud
declare -A BEST
for p in maud hyperox hyperox-macro; do
  best=
  for _ in 1 2 3; do
    touch "benches/literal-page/$p/src/lib.rs"
    start=$(date +%s.%N)
    cargo build --manifest-path benches/Cargo.toml --target-dir target --release -q -p "literal-page-$p"
    end=$(date +%s.%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
    if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
  done
  BEST[$p]=$best
  printf '%-14s %6ss\n' "$p" "$best"
done
awk -v h="${BEST[hyperox]}" -v x="${BEST[hyperox-macro]}" -v m="${BEST[maud]}" \
  'BEGIN { printf "hyperox builder / maud compile time %.2fx\nhyperox html! / maud compile time %.2fx (target <= 2.0)\n", h / m, x / m }'
