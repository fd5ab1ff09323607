#!/usr/bin/env bash
# Fuzzes the JSON parser and the sync wire decoders with libFuzzer for a bounded time.
#   scripts/fuzz-json.sh [SECONDS]      (default 60; FUZZ_SECONDS also works)
# Builds the satchel-fuzz target with -sanitize=fuzzer,address in its own build folder (.build-fuzz),
# starts from the seed corpus in Tests/Fuzz/corpus (new inputs go to .build-fuzz/corpus) and fails
# on any crash, trap or sanitizer report, leaving the input that caused it in .build-fuzz/crashes.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-${FUZZ_SECONDS:-60}}"
scratch=.build-fuzz
flags=(-Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld)

swift build -c release --scratch-path "$scratch" --product satchel-fuzz "${flags[@]}"
binary="$(swift build -c release --scratch-path "$scratch" --show-bin-path "${flags[@]}")/satchel-fuzz"

mkdir -p "$scratch/corpus" "$scratch/crashes"
echo "Fuzzing the JSON parser and sync decoders for ${seconds}s"
set +e
SWIFT_BACKTRACE=enable=no "$binary" "$scratch/corpus" Tests/Fuzz/corpus \
  -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$scratch/crashes/" -print_final_stats=1 > "$scratch/fuzz.log" 2>&1
status=$?
set -e
tail -n 25 "$scratch/fuzz.log"
if [ "$status" -ne 0 ]; then
  echo "fuzz-json: libFuzzer found a crash (exit $status); inputs in $scratch/crashes" >&2
  exit "$status"
fi
echo "fuzz-json: no crash in ${seconds}s"
