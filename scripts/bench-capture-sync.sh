#!/usr/bin/env bash
# Capture and sync of real pages on loopback, release build:
#   scripts/bench-capture-sync.sh CORPUS        (make bench-capture-sync CORPUS=../shared/capture-corpus)
# Gunzips the 157 corpus pages (both sets) into a scratch folder, starts satchel-server (SQLite) and runs
# satchel-capture-sync-bench: it serves the pages from loopback with their images (every absolute address
# of a page points back at the same loopback server, which answers image paths with synthetic images),
# captures them all on machine A one at a time and four at a time, syncs A, then runs machine B's first sync
# with every attachment. Prints time, bytes on the wire against the pages and images, and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}

corpus="${1:?usage: scripts/bench-capture-sync.sh CORPUS (e.g. ../shared/capture-corpus)}"
corpus="$(cd "$corpus" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/satchel-capture-sync.XXXXXX")"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/pages"
for page in "$corpus"/article-extraction/html/*.html.gz; do
  gunzip -c "$page" > "$work/pages/$(basename "$page" .gz)"
done
for folder in "$corpus"/readability-pages/*/; do
  [ -f "$folder/source.html.gz" ] && gunzip -c "$folder/source.html.gz" > "$work/pages/readability-$(basename "$folder").html"
done

$SWIFT build -c release --product satchel-server
$SWIFT build -c release --product satchel-capture-sync-bench
bin=$($SWIFT build -c release --show-bin-path)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$bin/satchel-server" --host 127.0.0.1 --port "$port" --database "$work/satchel.sqlite" --bcrypt-cost 4 \
  --log-level warning > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
"$bin/satchel-capture-sync-bench" "http://127.0.0.1:$port" "$server_pid" "$work/pages"
