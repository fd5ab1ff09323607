#!/usr/bin/env bash
# Highlights placed again after realistic edits, on the capture corpus's pages.
#   scripts/bench-anchor.sh CORPUS        (make bench-anchor CORPUS=../shared/capture-corpus)
# Gunzips the article-extraction pages into a scratch folder (never into the repository), builds
# satchel-anchor-bench in release mode and runs it: 20 highlights a page, the page edited (paragraphs
# deleted, reworded, inserted, a pull quote, some highlighted passages reworded), every highlight placed
# again; prints placed correctly, orphaned and misplaced. SEED (default 1) picks the edits.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:?usage: scripts/bench-anchor.sh CORPUS (e.g. ../shared/capture-corpus)}"
corpus="$(cd "$corpus" && pwd)"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/satchel-anchor-bench.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
for page in "$corpus"/article-extraction/html/*.html.gz; do
  gunzip -c "$page" > "$scratch/$(basename "$page" .gz)"
done
swift build -c release --product satchel-anchor-bench
echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
"$(swift build -c release --show-bin-path)/satchel-anchor-bench" "$scratch" 20 "${SEED:-1}"
