#!/usr/bin/env bash
# Release-build image benchmark (`make bench-media`), in one run:
#  1. 20 photographs of 12 megapixels (4000 x 3000 JPEG, different textures), made with libvips' own tools;
#  2. Satchel: every variant of each (widths 320, 640, 960, 1280, 1920 in WebP and JPEG: 200 files), two images at
#     once as the server's queue makes them: variants per second, peak RSS;
#  3. the anchor: vipsthumbnail (Debian's libvips-tools) making the same 200 files from the same images, two
#     processes at once: variants per second, and the ratio (target: Satchel at least 0.8x vipsthumbnail's speed);
#  4. satchel-server (SQLite in a temporary folder): the latency from an upload's answer to its last variant, per image.
# Usage: scripts/bench-media.sh [IMAGES]
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
count=${1:-20}

if ! command -v vipsthumbnail >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq libvips-tools >/dev/null 2>&1 || { $sudo apt-get update -qq && $sudo apt-get install -y -qq libvips-tools; }
fi

$SWIFT build -c release --product satchel-media-bench >/dev/null
$SWIFT build -c release --product satchel-server >/dev/null
bin=$($SWIFT build -c release --show-bin-path)

work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/images" "$work/satchel" "$work/vips"

echo "Making $count photographs of 4000 x 3000..."
for i in $(seq 1 "$count"); do
  cell=$((64 + i * 37))
  vips perlin "$work/p.v" 4000 3000 --cell-size "$cell" --seed "$i"
  vips worley "$work/w.v" 4000 3000 --cell-size $((cell / 2 + 16)) --seed "$i"
  vips linear "$work/p.v" "$work/r.v" 110 128
  vips linear "$work/w.v" "$work/g.v" 1.2 40
  vips add "$work/r.v" "$work/g.v" "$work/b.v"
  vips bandjoin "$work/r.v $work/g.v $work/b.v" "$work/c.v"
  vips cast "$work/c.v" "$work/u.v" uchar
  vips copy "$work/u.v" "$work/u2.v" --interpretation srgb
  vips jpegsave "$work/u2.v" "$work/images/photo-$(printf %02d "$i").jpg" --Q 90
done
rm -f "$work"/*.v
du -sh "$work/images" | sed 's/^/images: /'

echo "Satchel (ImagePipeline.variants, 2 images at once):"
satchel_line=$("$bin/satchel-media-bench" "$work/images" 2 "$work/satchel")
echo "  $satchel_line"
satchel_rate=$(echo "$satchel_line" | sed 's/.*variants_per_second=\([0-9.]*\).*/\1/')

echo "vipsthumbnail (the same sizes and formats, 2 processes at once):"
jobs="$work/jobs.txt"
: > "$jobs"
for image in "$work"/images/*.jpg; do
  for width in 320 640 960 1280 1920; do
    echo "$image $width webp" >> "$jobs"
    echo "$image $width jpg" >> "$jobs"
  done
done
start=$(date +%s.%N)
# shellcheck disable=SC2016
xargs -P 2 -L 1 sh -c 'case "$2" in
    webp) vipsthumbnail "$0" --size "${1}x100000" --export-profile srgb -o "'"$work"'/vips/%s-${1}.webp[Q=80,strip]" ;;
    jpg) vipsthumbnail "$0" --size "${1}x100000" --export-profile srgb -o "'"$work"'/vips/%s-${1}.jpg[Q=82,strip,optimize_coding,interlace]" ;;
  esac' < "$jobs"
end=$(date +%s.%N)
vips_count=$(find "$work/vips" -type f | wc -l)
vips_rate=$(python3 -c "print(f'{$vips_count / ($end - $start):.2f}')")
echo "  vipsthumbnail variants=$vips_count seconds=$(python3 -c "print(f'{$end - $start:.3f}')") variants_per_second=$vips_rate"
python3 -c "
ratio = $satchel_rate / $vips_rate
print(f'Satchel / vipsthumbnail speed: {ratio:.2f}x (target at least 0.80x): ' + ('met' if ratio >= 0.8 else 'NOT met'))"

echo "Upload to last variant (satchel-server, SQLite):"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
"$bin/satchel-server" --host 127.0.0.1 --port "$port" --database "$work/satchel.sqlite" --bcrypt-cost 4 \
  >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  curl -fsS "$base/health" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS -X POST "$base/v1/accounts" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench-media-1","email":"bench@example.com"}' >/dev/null
token=$(curl -fsS -X POST "$base/v1/tokens" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench-media-1"}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
python3 - "$base" "$token" "$work/images" "$server_pid" <<'PY'
import json, os, sys, time, urllib.request
base, token, folder, pid = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
def call(method, path, body=None, headers=None):
    request = urllib.request.Request(base + path, data=body, method=method, headers=dict(headers or {}, Authorization="Bearer " + token))
    with urllib.request.urlopen(request) as response:
        return json.load(response)
uploads, latencies = [], []
for name in sorted(os.listdir(folder)):
    data = open(os.path.join(folder, name), "rb").read()
    sent = time.monotonic()
    media = call("POST", "/v1/media", data, {"Content-Type": "image/jpeg", "Content-Disposition": f'attachment; filename="{name}"'})
    answered = time.monotonic()
    while True:
        media = call("GET", "/v1/media/" + media["id"])
        if media["variantsStatus"] != "pending":
            break
        time.sleep(0.01)
    done = time.monotonic()
    assert media["variantsStatus"] == "ready" and len(media["variants"]) == 10, media.get("variantsFailure")
    uploads.append(answered - sent)
    latencies.append(done - answered)
latencies.sort(); uploads.sort()
def pct(values, p): return values[min(len(values) - 1, int(p * len(values)))] * 1000
rss = [l for l in open(f"/proc/{pid}/status") if l.startswith("VmHWM")][0].split()[1]
print(f"  one image at a time, {len(latencies)} images: upload answered p50 {pct(uploads, .5):.0f} ms; "
      f"answer to last variant p50 {pct(latencies, .5):.0f} ms, p90 {pct(latencies, .9):.0f} ms, max {latencies[-1] * 1000:.0f} ms; "
      f"server peak RSS {int(rss) / 1024:.0f} MiB")
PY
