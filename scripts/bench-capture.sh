#!/usr/bin/env bash
# The article extractor over the capture corpus, beside the anchors and trafilatura.
#   scripts/bench-capture.sh CORPUS        (make bench-capture CORPUS=../shared/capture-corpus)
# Gunzips the pages into a scratch folder (never into the repository), builds satchel-capture-bench in
# release mode and prints, in one run:
#   - F1 on article-extraction/ with the corpus's score-f1.py, next to every anchor;
#   - title, byline, siteName, lang and readerable agreement on readability-pages/;
#   - pages per CPU-second on one core, p50/p99 per page (pages under 1 MB) and peak RSS, for Satchel
#     and for trafilatura (pinned, in a virtualenv under .build) on the same pages;
#   - time and memory of a synthetic 1 MB and 10 MB page (linearity).
# Set ROUNDS (default 3) for the number of timed passes over the pages.
set -euo pipefail
cd "$(dirname "$0")/.."

corpus="${1:?usage: scripts/bench-capture.sh CORPUS (e.g. ../shared/capture-corpus)}"
corpus="$(cd "$corpus" && pwd)"
rounds="${ROUNDS:-3}"
articles="$corpus/article-extraction"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/satchel-capture-bench.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/articles" "$scratch/metadata"

for page in "$articles"/html/*.html.gz; do
  gunzip -c "$page" > "$scratch/articles/$(basename "$page" .gz)"
done
for folder in "$corpus"/readability-pages/*/; do
  [ -f "$folder/source.html.gz" ] && gunzip -c "$folder/source.html.gz" > "$scratch/metadata/$(basename "$folder").html"
done
python3 -c "import json,sys;print(json.dumps(sorted(json.load(open(sys.argv[1])))))" "$articles/ground-truth.json" > "$scratch/keys.json"

swift build -c release --product satchel-capture-bench
bench="$(swift build -c release --show-bin-path)/satchel-capture-bench"

venv=.build/capture-bench-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import trafilatura" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "trafilatura==2.0.0" "lxml_html_clean==0.4.3"
fi

echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
echo "== Satchel, one core"
taskset -c 0 "$bench" corpus "$scratch/articles" "$articles/ground-truth.json" "$scratch/satchel.json" "$rounds"
echo "== trafilatura $("$venv/bin/python" -c 'import trafilatura;print(trafilatura.__version__)'), one core, same pages"
taskset -c 0 "$venv/bin/python" scripts/bench-capture-trafilatura.py "$scratch/articles" "$articles/ground-truth.json" "$scratch/trafilatura.json" "$rounds"
echo "== F1 on article-extraction (score-f1.py)"
python3 "$corpus/score-f1.py" "$articles/ground-truth.json" "$scratch/keys.json" "$scratch/satchel.json" "$scratch/trafilatura.json" "$articles"/anchors/*.json
echo "== metadata on readability-pages (title exact after collapsing whitespace; byline also without a leading 'By', any case)"
"$bench" metadata "$scratch/metadata" "$corpus/readability-pages"
echo "== linearity (synthetic article pages)"
taskset -c 0 "$bench" linearity 1
taskset -c 0 "$bench" linearity 10
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
