#!/usr/bin/env bash
# Cold debug build of the todo example (hyperox, its macros, its build
# step and every dependency, from an empty target folder) at each given
# revision, in a worktree of its own, so that the cost of a change to the
# core crates is seen as a user would feel it.
#
#   bash benches/cold-build.sh 6baee9c^ HEAD
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$#" -gt 0 ] || set -- HEAD
work=$(mktemp -d)
trap 'for d in "$work"/*/; do git worktree remove --force "$d" 2>/dev/null || true; done; rm -rf "$work"' EXIT
for rev in "$@"; do
  dir="$work/$(git rev-parse --short "$rev")"
  git worktree add -q --detach "$dir" "$rev"
  # Fetch first so that the timing is the build alone.
  (cd "$dir" && cargo fetch -q)
  start=$(date +%s.%N)
  (cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo build -q -p todo)
  end=$(date +%s.%N)
  awk -v r="$rev" -v a="$start" -v b="$end" 'BEGIN { printf "%-12s cold `cargo build -p todo`: %6.1fs\n", r, b - a }'
done
