#!/usr/bin/env bash
# Release-build HTTP benchmark: requests/s of /health, the blog's front page and a post page, measured
# with wrk in one run against `satchel-server --demo` on a throwaway SQLite database.
# Usage: scripts/bench-http.sh [seconds per path (10)] [connections (64)]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-64}

if ! command -v wrk >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq wrk
fi
SWIFT=${SWIFT:-swift}
$SWIFT build -c release --product satchel-server
server="$($SWIFT build -c release --show-bin-path)/satchel-server"

workdir=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  rm -rf "$workdir"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$server" --demo --host 127.0.0.1 --port "$port" --database "$workdir/bench.sqlite" --bcrypt-cost 4 \
  > "$workdir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.1
done

printf '%-28s %12s %12s\n' path "requests/s" "latency avg"
for path in /health / /posts/why-offline-first; do
  curl -fsS -o /dev/null "http://127.0.0.1:$port$path"   # a page that fails is not benchmarked
  out=$(wrk -t2 -c"$connections" -d"${duration}s" "http://127.0.0.1:$port$path")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  latency=$(awk '$1 == "Latency" {print $2}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" || true)
  printf '%-28s %12s %12s %s\n' "$path" "$rps" "$latency" "$errors"
done
