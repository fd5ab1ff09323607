#!/usr/bin/env bash
# Fuzzes article capture (encoding detection, Satchel's HTML5 parser checked against Gumbo's, extraction, the sanitizer) with
# libFuzzer and AddressSanitizer for a bounded time.
#   scripts/fuzz-capture.sh [SECONDS]      (default 60; FUZZ_SECONDS also works)
# Builds satchel-capture-fuzz with -sanitize=fuzzer,address in its own build folder (.build-fuzz), starts
# from the seed pages in Tests/Fuzz/capture-corpus (new inputs go to .build-fuzz/capture-corpus) and fails
# on any crash, trap, timeout or sanitizer report, leaving the input in .build-fuzz/capture-crashes.
# Gumbo itself is the system library, not instrumented: a memory error inside it shows as a crash only.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-${FUZZ_SECONDS:-60}}"
scratch=.build-fuzz
flags=(-Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld)

swift build -c release --scratch-path "$scratch" --product satchel-capture-fuzz "${flags[@]}"
binary="$(swift build -c release --scratch-path "$scratch" --show-bin-path "${flags[@]}")/satchel-capture-fuzz"

mkdir -p "$scratch/capture-corpus" "$scratch/capture-crashes"
rm -f "$scratch"/capture-crashes/*
echo "Fuzzing article capture (parse, extract, sanitize) for ${seconds}s"
set +e
SWIFT_BACKTRACE=enable=no LSAN_OPTIONS="suppressions=$PWD/Tests/Fuzz/lsan-suppressions.txt" "$binary" "$scratch/capture-corpus" Tests/Fuzz/capture-corpus \
  -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
  -dict=Tests/Fuzz/capture.dict \
  -artifact_prefix="$scratch/capture-crashes/" -print_final_stats=1 > "$scratch/capture-fuzz.log" 2>&1
status=$?
set -e
tail -n 25 "$scratch/capture-fuzz.log"
if [ "$status" -ne 0 ]; then
  # What trapped, and the input itself, so that a crash found on another machine can be replayed here:
  #   base64 -d > crash.html; swift run satchel-capture-fuzz crash.html
  grep -a -m 5 -E "Fatal error|fatal error|ERROR: " "$scratch/capture-fuzz.log" >&2 || true
  for input in "$scratch"/capture-crashes/*; do
    [ -f "$input" ] || continue
    echo "fuzz-capture: input $(basename "$input") as base64:" >&2
    head -c 16384 "$input" | base64 -w 0 >&2
    echo >&2
  done
  echo "fuzz-capture: libFuzzer found a crash (exit $status); inputs in $scratch/capture-crashes" >&2
  exit "$status"
fi
echo "fuzz-capture: no crash in ${seconds}s"
