#!/usr/bin/env bash
# The release-build simulation search behind `make sim`: SATCHEL_SIM_SEEDS seeds (from SATCHEL_SIM_FIRST_SEED)
# of every world in SATCHEL_SIM_WORLDS, split into contiguous seed ranges run by several test processes at once.
#
# Several processes, not only more seeds in one: a seed's client and server stores block their thread on
# SQLite, and one process's Swift concurrency pool has a thread per core, so one process leaves the cores
# about a third idle (docs/PERFORMANCE.md, "Seeds spread over processes").
#
# Prints each world's counts summed over the processes, the seeds per second, and for a failure the first
# failing seed of each process that met one: the command that replays it and its shrunk list of steps.
# Exits non-zero when any seed failed.
#
#   SATCHEL_SIM_PROCESSES  test processes (default: cores + 1)
#   SATCHEL_SIM_JOBS       seeds at once in each process (default: cores)
#   SWIFT                  the swift driver (default: swift)
set -euo pipefail

swift=${SWIFT:-swift}
seeds=${SATCHEL_SIM_SEEDS:-1000}
first=${SATCHEL_SIM_FIRST_SEED:-1}
cores=$(nproc)
processes=${SATCHEL_SIM_PROCESSES:-$((cores + 1))}
for value in "$seeds" "$first" "$processes"; do
  if ! [[ "$value" =~ ^[0-9]+$ ]]; then
    echo "sim: SATCHEL_SIM_SEEDS, SATCHEL_SIM_FIRST_SEED and SATCHEL_SIM_PROCESSES must be whole numbers" >&2
    exit 2
  fi
done
(( processes >= 1 )) || processes=1
(( processes <= seeds )) || processes=$(( seeds > 0 ? seeds : 1 ))

logs=$(mktemp -d "${TMPDIR:-/tmp}/satchel-sim.XXXXXX")

# Builds the tests in release with testable imports (what `swift test -c release` does) and runs no seed.
echo "sim: building the tests in release (log: $logs/build.log)"
if ! SATCHEL_SIM_SEEDS=0 SATCHEL_SIM_WORLDS=standard "$swift" test -c release --filter SimulationScaleTests > "$logs/build.log" 2>&1; then
  tail -n 30 "$logs/build.log" >&2
  echo "sim: the release build failed (log kept: $logs)" >&2
  exit 1
fi
binary="$("$swift" build -c release --show-bin-path)/SatchelPackageTests.xctest"
[ -x "$binary" ] || { echo "sim: no test binary at $binary" >&2; exit 1; }

per=$(( (seeds + processes - 1) / processes ))
started=$(date +%s.%N)
pids=()
for (( p = 0; p < processes; p++ )); do
  from=$(( first + p * per ))
  count=$(( first + seeds - from ))
  (( count < per )) || count=$per
  (( count > 0 )) || break
  echo "sim: process $p runs seeds $from–$(( from + count - 1 ))"
  SATCHEL_SIM_FIRST_SEED=$from SATCHEL_SIM_SEEDS=$count \
    "$binary" --testing-library swift-testing --filter SimulationScaleTests > "$logs/process-$p.log" 2>&1 &
  pids+=($!)
done

# The first process to fail stops the others (as one process starts no new seed after a failure).
failed=0
running=("${pids[@]}")
while (( ${#running[@]} > 0 )); do
  status=0
  ended=""
  wait -n -p ended "${running[@]}" || status=$?
  [ -n "$ended" ] || break
  still=()
  for pid in "${running[@]}"; do [ "$pid" = "$ended" ] || still+=("$pid"); done
  running=("${still[@]+"${still[@]}"}")
  if (( status != 0 && ! failed )); then
    failed=1
    [ ${#running[@]} -eq 0 ] || kill "${running[@]}" 2>/dev/null || true
  fi
done
finished=$(date +%s.%N)

python3 - "$logs" "$started" "$finished" "${#pids[@]}" "$first" "$(( first + seeds - 1 ))" <<'PYTHON'
import glob, re, sys
logs, started, finished, processes = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
first, last = int(sys.argv[5]), int(sys.argv[6])
totals, order, notes = {}, [], set()
for path in sorted(glob.glob(f"{logs}/process-*.log")):
    for line in open(path, errors="replace"):
        line = line.rstrip("\n")
        if line.startswith("world ") and " not run " in line:
            notes.add(line)
        match = re.match(r"^world (\w+): (.*)$", line)
        if not match:
            continue
        world, counts = match.groups()
        if world not in totals:
            totals[world] = {}
            order.append(world)
        for part in counts.split(", "):
            name, _, value = part.rpartition(" ")
            totals[world][name] = totals[world].get(name, 0) + int(value)
for note in sorted(notes):
    print(note)
seeds = 0
for world in order:
    seeds += totals[world].get("seeds", 0)
    print(f"world {world}: " + ", ".join(f"{name} {value}" for name, value in totals[world].items()))
seconds = max(finished - started, 0.001)
print(f"simulated {seeds} seeds (seeds {first}–{last} of each world run) in {seconds:.1f} s: "
      f"{seeds / seconds:.1f} seeds/s ({processes} processes)")
PYTHON

if (( failed )); then
  for log in "$logs"/process-*.log; do
    if grep -q "FIRST FAILING" "$log"; then
      echo "--- $(basename "$log" .log)"
      sed -n '/FIRST FAILING/,/replay the shrunk run/p' "$log"
    elif ! grep -q "passed after" "$log"; then
      echo "--- $(basename "$log" .log) did not pass:"
      tail -n 20 "$log"
    fi
  done
  echo "sim: the search failed: a seed above, or a process that could not run (logs kept: $logs)" >&2
  exit 1
fi
rm -rf "$logs"
