#!/usr/bin/env bash
# Release-build HTTP benchmark of the public read path, against `satchel-server --demo` on a throwaway
# SQLite database seeded with more posts and comments (scripts/bench-http-seed.py), measured with wrk:
#  1. requests/s and p99 of /health, a post, the post list, a post's comments, the front page and a post
#     page, one after another in one run, each with its ratio to /health;
#  2. a mixed run: reads of a post and the post list (48 connections) while one client pushes batches of
#     100 through the sync API, each side's rate next to its solo rate.
# Usage: scripts/bench-http.sh [seconds per run (10)] [connections (32)]
# SATCHEL_SERVER_BIN names a server binary to measure instead of building one (to compare two builds);
# BENCH_HTTP_PARTS=mixed runs only part 2 (for alternating two builds quickly).
# BENCH_HTTP_STORE=postgres runs the server on a fresh database of the cluster SATCHEL_TEST_POSTGRES_URL names
# (inside scripts/with-postgres.sh; `make bench-http` runs SQLite, then PostgreSQL), and checks the target
# there: a post read at least 70% of /health.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-32}
mixed_connections=48
seed_posts=${BENCH_SEED_POSTS:-60}
seed_comments=${BENCH_SEED_COMMENTS:-60}

if ! command -v wrk >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq wrk >/dev/null 2>&1 || { $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk; }
fi
SWIFT=${SWIFT:-swift}
if [ -n "${SATCHEL_SERVER_BIN:-}" ]; then
  server="$SATCHEL_SERVER_BIN"
else
  $SWIFT build -c release --product satchel-server
  server="$($SWIFT build -c release --show-bin-path)/satchel-server"
fi

workdir=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  rm -rf "$workdir"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
store=${BENCH_HTTP_STORE:-sqlite}
database="$workdir/bench.sqlite"
if [ "$store" = postgres ]; then
  : "${SATCHEL_TEST_POSTGRES_URL:?BENCH_HTTP_STORE=postgres runs inside scripts/with-postgres.sh}"
  name="bench_http_$$_$(date +%s)"
  psql -q "$SATCHEL_TEST_POSTGRES_URL" -c "CREATE DATABASE $name" >/dev/null
  database="${SATCHEL_TEST_POSTGRES_URL%/*}/$name"
fi
"$server" --demo --host 127.0.0.1 --port "$port" --database "$database" --bcrypt-cost 4 \
  > "$workdir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.1
done
read -r slug post_id token < <(python3 scripts/bench-http-seed.py 127.0.0.1 "$port" "$seed_posts" "$seed_comments")
base="http://127.0.0.1:$port"

# wrk's p99 in milliseconds, from its --latency distribution.
p99() {
  awk '$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
        if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000;
        printf "%.2f", v }' <<<"$1"
}
rate() { awk '/^Requests\/sec:/ { print $2 }' <<<"$1"; }
failures() { grep -E 'Non-2xx|Socket errors' <<<"$1" | tr -s ' ' | tr '\n' ' ' || true; }

echo "Store: $store. Server: ${SATCHEL_SERVER_BIN:-release build}; server and wrk share this machine ($(nproc) cores); ${duration}s per run."
echo "Seeded: demo content + $seed_posts posts, $seed_comments approved comments on /posts/$slug."
if [ "${BENCH_HTTP_PARTS:-all}" != mixed ]; then
echo
echo "1. One route at a time, wrk -t2 -c$connections --latency:"
printf '%-34s %12s %10s %10s\n' route "requests/s" "p99 ms" "÷ /health"
health_rps=""
for path in /health "/v1/posts/$slug" /v1/posts "/v1/posts/$post_id/comments" / "/posts/$slug"; do
  curl -fsS -o /dev/null "$base$path"   # a route that fails is not benchmarked
  wrk -t2 -c"$connections" -d1s "$base$path" >/dev/null   # warm-up
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$base$path")
  rps=$(rate "$out")
  [ -z "$health_rps" ] && health_rps=$rps
  label=$path
  [ "$path" = "/v1/posts/$post_id/comments" ] && label="/v1/posts/{id}/comments"
  printf '%-34s %12s %10s %9s%% %s\n' "$label" "$rps" "$(p99 "$out")" \
    "$(awk -v a="$rps" -v b="$health_rps" 'BEGIN { printf "%.0f", 100 * a / b }')" "$(failures "$out")"
  [ "$path" = "/v1/posts/$slug" ] && post_share=$(awk -v a="$rps" -v b="$health_rps" 'BEGIN { printf "%.2f", a / b }')
done
if [ "$store" = postgres ]; then
  verdict=$(awk -v s="$post_share" 'BEGIN { print (s >= 0.7 ? "met" : "NOT met") }')
  echo "target: a post read on PostgreSQL at least 0.70 of /health: $post_share, $verdict"
fi
fi

echo
echo "2. Reads (a post and the post list, $mixed_connections connections) with one client pushing batches of 100:"
export BENCH_TOKEN="$token" BENCH_POST_PATH="/v1/posts/$slug"
reads() { wrk -t2 -c"$mixed_connections" -d"${duration}s" --latency -s scripts/bench-http-reads.lua "$base"; }
pushes() { wrk -t1 -c1 -d"${duration}s" --latency -s scripts/bench-http-push.lua "$base"; }
solo_reads=$(reads)
solo_push=$(pushes)
reads > "$workdir/mixed-reads" &
reads_pid=$!
mixed_push=$(pushes)
wait "$reads_pid"
mixed_reads=$(cat "$workdir/mixed-reads")
records() { awk -v r="$(rate "$1")" 'BEGIN { printf "%.0f", r * 100 }'; }
printf '%-26s %12s %12s %8s %12s %12s\n' side "solo /s" "mixed /s" "kept" "solo p99 ms" "mixed p99 ms"
printf '%-26s %12s %12s %7s%% %12s %12s %s\n' "reads (requests)" "$(rate "$solo_reads")" "$(rate "$mixed_reads")" \
  "$(awk -v a="$(rate "$mixed_reads")" -v b="$(rate "$solo_reads")" 'BEGIN { printf "%.0f", 100 * a / b }')" \
  "$(p99 "$solo_reads")" "$(p99 "$mixed_reads")" "$(failures "$mixed_reads")"
printf '%-26s %12s %12s %7s%% %12s %12s %s\n' "push (records)" "$(records "$solo_push")" "$(records "$mixed_push")" \
  "$(awk -v a="$(rate "$mixed_push")" -v b="$(rate "$solo_push")" 'BEGIN { printf "%.0f", 100 * a / b }')" \
  "$(p99 "$solo_push")" "$(p99 "$mixed_push")" "$(failures "$solo_push")$(failures "$mixed_push")"
