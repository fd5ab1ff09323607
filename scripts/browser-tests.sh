#!/usr/bin/env bash
# The browser suite: starts `satchel-server --demo` on a free loopback port with a throwaway database,
# drives headless Chromium through Selenium against it (Tests/Browser/test_blog.py), and stops it.
# Screenshots land in browser-artifacts/ (gitignored). Installs chromium, chromium-driver and the
# pinned Python packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-browser-deps.sh
SWIFT=${SWIFT:-swift}
$SWIFT build --build-tests   # a no-op after `make test` built everything; the same flags, so nothing rebuilds
server="$($SWIFT build --show-bin-path)/satchel-server"

workdir=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$server" --demo --host 127.0.0.1 --port "$port" --database "$workdir/blog.sqlite" --bcrypt-cost 4 \
  > "$workdir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$workdir/server.log"; echo "satchel-server did not start" >&2; exit 1; }
  sleep 0.1
done

mkdir -p browser-artifacts
status=0
SATCHEL_URL="http://127.0.0.1:$port" ARTIFACTS="$PWD/browser-artifacts" \
  .venv-browser/bin/python Tests/Browser/test_blog.py || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- server log ---"
  tail -n 50 "$workdir/server.log"
fi
exit "$status"
