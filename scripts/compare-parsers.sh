#!/usr/bin/env bash
# Satchel's HTML parser against Gumbo (the oracle) on the capture corpus: for each page, whether the two
# documents are the same and, if not, the first difference; then both parsers' CPU time on one core.
#   scripts/compare-parsers.sh CORPUS        (make compare-parsers CORPUS=../shared/capture-corpus)
# Gunzips the pages into a scratch folder (never into the repository). Exits 1 when a page differs.
set -euo pipefail
cd "$(dirname "$0")/.."

corpus="$(cd "${1:?usage: scripts/compare-parsers.sh CORPUS}" && pwd)"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/satchel-compare-parsers.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
for page in "$corpus"/article-extraction/html/*.html.gz; do
  gunzip -c "$page" > "$scratch/$(basename "$page" .gz)"
done
for folder in "$corpus"/readability-pages/*/; do
  [ -f "$folder/source.html.gz" ] && gunzip -c "$folder/source.html.gz" > "$scratch/readability-$(basename "$folder").html"
done
swift build -c release --product satchel-capture-bench
bench="$(swift build -c release --show-bin-path)/satchel-capture-bench"
echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
taskset -c 0 "$bench" compare-parsers "$scratch" | tee "$scratch/report.txt" | grep -v '^same '
! grep -q '^DIFFERENT ' "$scratch/report.txt"
