# What the benchmark scripts share; sourced, not run.

# The median of the numbers on stdin, separated by spaces or newlines.
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# A free TCP port on 127.0.0.1.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The resident memory of process $1, in KiB.
rss_kib() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }

# Adds five todos to the todo app at $1 through its form's partial, with
# the cookie jar $2 (written); prints the page as it was before them (its
# asset links, its token).
add_todos() {
  local base=$1 jar=$2 page token i
  page=$(curl -fs -c "$jar" "$base/")
  token=$(grep -o 'name="csrf-token" content="[^"]*"' <<<"$page" | sed 's/.*content="//; s/"$//')
  for i in 1 2 3 4 5; do
    curl -fs -b "$jar" -H "X-CSRF-Token: $token" -H "HX-Request: true" -H "Origin: $base" \
      --data-urlencode "title=todo number $i" "$base/_partials/todos/add" -o /dev/null
  done
  printf '%s' "$page"
}

# Waits (up to WAIT_UP tenths of a second, 50 unless set) until URL
# answers; curl's extra flags after it.
wait_up() {
  local url=$1
  shift
  for _ in $(seq "${WAIT_UP:-50}"); do curl -fs "$@" "$url" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "$url did not answer" >&2
  return 1
}

# Prints the medians of the rounds, "$1" as the heading: for each row in
# "$2" and server in "$3" (space-separated lists), the median of the
# caller's RUNS[server row], also kept in the caller's MED[server row].
medians() {
  local rows cols r c
  read -r -a rows <<<"$2"
  read -r -a cols <<<"$3"
  echo
  echo "$1"
  for r in "${rows[@]}"; do
    for c in "${cols[@]}"; do
      MED[$c$r]=$(median <<<"${RUNS[$c$r]}")
      printf '  %-20s %-14s %12.0f\n' "$r" "$c" "${MED[$c$r]}"
    done
  done
}
