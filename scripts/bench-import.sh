#!/usr/bin/env bash
# Import benchmark, release build, loopback:
#   scripts/bench-import.sh [ROWS]        (make bench-import; 10,000 rows by default)
# Writes a Pocket CSV of ROWS rows (titles with commas and quotes, labels, both statuses), starts
# satchel-server (SQLite), logs a fresh profile in, and times `satchel import` (parse, write in batches,
# push to the server) with its peak RSS (GNU time), then the same import again (nothing to add).
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
rows="${1:-10000}"

if ! [ -x /usr/bin/time ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y -qq time >/dev/null 2>&1 || { $sudo apt-get update -qq && $sudo apt-get install -y -qq time; }
fi
$SWIFT build -c release --product satchel-server
$SWIFT build -c release --product satchel
bin=$($SWIFT build -c release --show-bin-path)
work="$(mktemp -d "${TMPDIR:-/tmp}/satchel-import-bench.XXXXXX")"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

python3 - "$rows" > "$work/pocket.csv" <<'PY'
import sys
rows = int(sys.argv[1])
print("title,url,time_added,tags,status")
for n in range(rows):
    title = f'"Story {n}, ""quoted"" and long enough to look like a real headline"'
    print(f"{title},https://site{n % 97}.example/2026/{n}/story?utm_source=pocket,{1600000000 + n},news|t{n % 13},{'archive' if n % 4 == 0 else 'unread'}")
PY
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$bin/satchel-server" --host 127.0.0.1 --port "$port" --database "$work/server.sqlite" --bcrypt-cost 4 \
  --log-level warning > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
satchel=("$bin/satchel" --data-dir "$work/machine")
"${satchel[@]}" register --server "http://127.0.0.1:$port" --username importer --email i@example.com \
  --password "import benchmark" > /dev/null
echo "Importing $rows Pocket rows and pushing them (load average $(cut -d' ' -f1-3 /proc/loadavg)):"
/usr/bin/time -f "%e s, peak RSS %M KB" -o "$work/first.time" "${satchel[@]}" import "$work/pocket.csv" --no-capture \
  > "$work/first.out"
head -1 "$work/first.out"
tail -1 "$work/first.out"
python3 - "$rows" "$work/first.time" <<'PY'
import sys
rows = int(sys.argv[1])
line = open(sys.argv[2]).read().strip().splitlines()[-1]
seconds = float(line.split(" s,")[0])
print(f"first import: {line}; {rows / seconds:.0f} mutations/s (target: 10,000 in <= 10 s)")
PY
pending=$("${satchel[@]}" status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["pendingChanges"])')
echo "changes still waiting to be pushed after the import: $pending"
[ "$pending" -eq 0 ] || { echo "bench-import: the import did not push everything" >&2; exit 1; }
/usr/bin/time -f "%e s, peak RSS %M KB" -o "$work/second.time" "${satchel[@]}" import "$work/pocket.csv" --no-capture \
  > "$work/second.out"
echo "the same import again: $(tail -1 "$work/second.time") — $(head -1 "$work/second.out") (target: < 2 s)"
