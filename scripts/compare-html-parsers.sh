#!/usr/bin/env bash
# Compares the parse throughput of Gumbo and libxml2's HTML parser on the corpus's pages (one core).
#   scripts/compare-html-parsers.sh CORPUS [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="$(cd "${1:?usage: scripts/compare-html-parsers.sh CORPUS [ROUNDS]}" && pwd)"
rounds="${2:-5}"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/satchel-parsers.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
for page in "$corpus"/article-extraction/html/*.html.gz; do gunzip -c "$page" > "$scratch/$(basename "$page" .gz)"; done
cc -O2 -o "$scratch/compare" scripts/compare-html-parsers.c $(pkg-config --cflags --libs gumbo libxml-2.0)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
taskset -c 0 "$scratch/compare" gumbo "$rounds" "$scratch"/*.html
taskset -c 0 "$scratch/compare" libxml2 "$rounds" "$scratch"/*.html
