#!/usr/bin/env bash
# Release-build benchmark of what metrics and request logs cost: the same server binary serving
# GET /health and GET /v1/posts/{id} under wrk, in three set-ups, alternated over rounds in one run:
#   off      no metrics, request logs off (--log-level warning)
#   metrics  metrics on (--metrics-port), request logs off
#   all      metrics on and one logfmt line per request (written to /dev/null)
# Prints the best requests/s of each set-up and its change against `off`.
#
#   scripts/bench-metrics.sh [SECONDS_PER_RUN] [ROUNDS]
set -euo pipefail

seconds="${1:-8}"
rounds="${2:-2}"
connections="${BENCH_CONNECTIONS:-64}"
swift="${SWIFT:-swift}"

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! command -v wrk >/dev/null 2>&1; then
  echo "bench-metrics: installing wrk with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq wrk >/dev/null 2>&1 || { $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk; }
fi

"$swift" build -c release --product satchel-server >&2
server="$("$swift" build -c release --show-bin-path)/satchel-server"
workdir="$(mktemp -d "${TMPDIR:-/tmp}/satchel-bench-metrics.XXXXXX")"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$workdir"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Starts the server in set-up $1 on a fresh copy of the demo database; sets $pid and $base.
start() {
  local mode="$1" port metrics_port
  port="$(free_port)"
  cp "$workdir/demo.sqlite" "$workdir/run.sqlite"
  rm -f "$workdir/run.sqlite-wal" "$workdir/run.sqlite-shm"
  local flags=(--port "$port" --database "$workdir/run.sqlite")
  case "$mode" in
    off) flags+=(--log-level warning) ;;
    metrics) metrics_port="$(free_port)"; flags+=(--log-level warning --metrics-port "$metrics_port") ;;
    all) metrics_port="$(free_port)"; flags+=(--log-level info --metrics-port "$metrics_port") ;;
  esac
  "$server" "${flags[@]}" >/dev/null 2>&1 &
  pid=$!
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do curl -sf "$base/health" >/dev/null && return 0; sleep 0.1; done
  echo "bench-metrics: the server did not start ($mode)" >&2
  exit 1
}

stop() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}

rate() {
  wrk -t2 -c"$connections" -d"${seconds}s" "$1" | awk '/^Requests\/sec:/ { print $2 }'
}

# A demo database made once, so every run serves the same posts.
port="$(free_port)"
"$server" --port "$port" --database "$workdir/demo.sqlite" --demo --log-level warning >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
post_id="$(curl -sf "http://127.0.0.1:$port/v1/posts?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')"
stop

declare -A best
for round in $(seq 1 "$rounds"); do
  for mode in off metrics all; do
    start "$mode"
    curl -sf "$base/v1/posts/$post_id" >/dev/null
    wrk -t2 -c"$connections" -d1s "$base/health" >/dev/null     # warm-up
    for target in health post; do
      path="/health"; [ "$target" = post ] && path="/v1/posts/$post_id"
      value="$(rate "$base$path")"
      echo "round $round  $mode  $target  $value req/s" >&2
      key="$mode/$target"
      if [ -z "${best[$key]:-}" ] || awk -v a="$value" -v b="${best[$key]}" 'BEGIN { exit !(a > b) }'; then
        best[$key]="$value"
      fi
    done
    stop
  done
done

echo
echo "Release build, wrk -t2 -c$connections, ${seconds}s per run, best of $rounds rounds (requests/s)"
printf '%-10s %14s %10s %16s %10s\n' "set-up" "GET /health" "vs off" "GET /v1/posts/ID" "vs off"
for mode in off metrics all; do
  h="${best[$mode/health]}"; p="${best[$mode/post]}"
  hd="$(awk -v a="$h" -v b="${best[off/health]}" 'BEGIN { printf "%+.1f%%", (a / b - 1) * 100 }')"
  pd="$(awk -v a="$p" -v b="${best[off/post]}" 'BEGIN { printf "%+.1f%%", (a / b - 1) * 100 }')"
  printf '%-10s %14.0f %10s %16.0f %10s\n' "$mode" "$h" "$hd" "$p" "$pd"
done
