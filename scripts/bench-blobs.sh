#!/usr/bin/env bash
# Release-build blob benchmark on loopback, in one run:
#  1. the anchor: nginx (Debian's package, installed when missing) serving a folder, and curl downloading
#     (GET, written to a file on the same disk) and uploading (WebDAV PUT) the same 256 MiB file, and
#     downloading the 10,000 small files four at a time into files;
#  2. Satchel: satchel-server (SQLite, its blobs beside the database) and satchel-blob-bench, which saves the
#     files on one machine, syncs (upload), and syncs a second machine (download into its cache), with MB/s,
#     blobs/s and the RSS growth of server and client;
#  3. the ratios to nginx.
# Usage: scripts/bench-blobs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq nginx >/dev/null 2>&1 || { $sudo apt-get update -qq && $sudo apt-get install -y -qq nginx; }
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

$SWIFT build -c release --product satchel-server --product satchel-blob-bench 2>/dev/null \
  || { $SWIFT build -c release --product satchel-server && $SWIFT build -c release --product satchel-blob-bench; }
bin=$($SWIFT build -c release --show-bin-path)

work=$(mktemp -d)
server_pid=""
nginx_pid_file="$work/nginx.pid"
cleanup() {
  [ -n "$server_pid" ] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  [ -f "$nginx_pid_file" ] && { kill "$(cat "$nginx_pid_file")" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

echo "Preparing 256 MiB and 10,000 x 20 KiB of random bytes..."
"$bin/satchel-blob-bench" prepare "$work/files"
mkdir -p "$work/uploads" "$work/nginx-tmp"
chmod -R a+rwX "$work"

nginx_port=$(free_port)
cat > "$work/nginx.conf" <<CONF
worker_processes 2;
pid $nginx_pid_file;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  client_body_temp_path $work/nginx-tmp;
  proxy_temp_path $work/nginx-tmp;
  fastcgi_temp_path $work/nginx-tmp;
  uwsgi_temp_path $work/nginx-tmp;
  scgi_temp_path $work/nginx-tmp;
  server {
    listen 127.0.0.1:$nginx_port;
    location /files/ { alias $work/files/; }
    location /uploads/ { alias $work/uploads/; dav_methods PUT; client_max_body_size 0; create_full_put_path on; }
  }
}
CONF
"$nginx_bin" -c "$work/nginx.conf" -p "$work"
for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$nginx_port/files/small/0" && break; sleep 0.1; done

seconds_of() { python3 -c 'import sys; print(float(sys.argv[1]))' "$1"; }
# curl writes the file to disk, as the client does (its cache lives beside its database).
mkdir -p "$work/downloads"
big_get=$(curl -fsS -o "$work/downloads/big.bin" -w '%{time_total}' "http://127.0.0.1:$nginx_port/files/big.bin")
big_put=$(curl -fsS -o /dev/null -w '%{time_total}' -T "$work/files/big.bin" "http://127.0.0.1:$nginx_port/uploads/big.bin")
mkdir -p "$work/downloads/small"
seq 0 9999 | sed "s|.*|url = \"http://127.0.0.1:$nginx_port/files/small/&\"\noutput = \"$work/downloads/small/&\"|" > "$work/small.curl"
small_start=$(date +%s.%N)
curl -fsS --parallel --parallel-max 4 -K "$work/small.curl"
small_end=$(date +%s.%N)
small_get=$(python3 -c "print($small_end - $small_start)")
python3 - "$big_get" "$big_put" "$small_get" <<'PY'
import sys
get, put, small = map(float, sys.argv[1:])
print(f"nginx + curl: big blob download {256 * 1.048576 / get:.0f} MB/s ({get:.2f} s), upload {256 * 1.048576 / put:.0f} MB/s ({put:.2f} s); "
      f"10,000 small downloads, 4 at a time: {10000 / small:.0f} files/s ({small:.2f} s)")
PY

port=$(free_port)
"$bin/satchel-server" --host 127.0.0.1 --port "$port" --database "$work/satchel.sqlite" --bcrypt-cost 4 \
  --log-level warning > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
echo "Satchel (load average $(cut -d' ' -f1-3 /proc/loadavg)):"
"$bin/satchel-blob-bench" run "http://127.0.0.1:$port" "$server_pid" "$work/files" | tee "$work/satchel.txt"
python3 - "$big_get" "$big_put" "$work/satchel.txt" <<'PY'
import re, sys
get, put = float(sys.argv[1]), float(sys.argv[2])
text = open(sys.argv[3]).read()
up = float(re.search(r"bigUploadSeconds=([0-9.]+)", text).group(1))
down = float(re.search(r"bigDownloadSeconds=([0-9.]+)", text).group(1))
print(f"ratio to nginx: download {get / down:.2f} (target >= 0.50), upload {put / up:.2f} (target >= 0.35)")
PY
