# What the benchmark scripts share; sourced, not run.

# The median of the numbers on stdin, separated by spaces or newlines.
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# Waits (up to 5 s) until URL answers; curl's extra flags after it.
wait_up() {
  local url=$1
  shift
  for _ in $(seq 50); do curl -fs "$@" "$url" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "$url did not answer" >&2
  return 1
}
