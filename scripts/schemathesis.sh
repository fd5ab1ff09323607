#!/usr/bin/env bash
# Runs schemathesis (pinned, installed into .tools/ on first use) with every check against a fresh
# `satchel-server --demo` on a free loopback port, signed in as the demo admin so that authenticated
# routes are exercised. Fails on any 5xx or check failure; the server and its database are removed after.
#
#   scripts/schemathesis.sh                      # SCHEMATHESIS_MAX_EXAMPLES=25 cases per operation and phase
#   SCHEMATHESIS_MAX_EXAMPLES=300 scripts/schemathesis.sh
#
# SCHEMATHESIS_SEED fixes the seed; SATCHEL_BIN_DIR names a folder holding a built satchel-server.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
examples="${SCHEMATHESIS_MAX_EXAMPLES:-25}"
st="$("$root/scripts/install-schemathesis.sh")"
python="$(dirname "$st")/python"

bin_dir="${SATCHEL_BIN_DIR:-}"
if [ -z "$bin_dir" ]; then
  (cd "$root" && swift build --product satchel-server >/dev/null)
  bin_dir="$(cd "$root" && swift build --show-bin-path)"
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
"$bin_dir/satchel-server" --host 127.0.0.1 --port "$port" --database "$work/satchel.sqlite" --demo --bcrypt-cost 4 \
  >"$work/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 300); do
  curl -fsS "$base/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; echo "satchel-server exited" >&2; exit 1; }
  sleep 0.1
done

SATCHEL_TOKEN="$(curl -fsS -X POST "$base/v1/tokens" -H 'Content-Type: application/json' \
  -d '{"username":"ada","password":"satchel-demo"}' | "$python" -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
export SATCHEL_TOKEN

seed_args=()
[ -n "${SCHEMATHESIS_SEED:-}" ] && seed_args=(--seed "$SCHEMATHESIS_SEED")

# One worker: Python 3.11's ast.parse is not thread-safe in some patch releases, and Hypothesis calls it.
# The hooks give `format: password` and `format: tag` their rules and each request a fresh
# Idempotency-Key; NUL is not generated because text holding it is refused (422) by design.
run_st() {
  PYTHONPATH="$root/scripts/schemathesis" SCHEMATHESIS_HOOKS=satchel_hooks \
    "$st" --config-file "$root/scripts/schemathesis/schemathesis.toml" run "$base/openapi.json" \
    --checks all --max-examples "$examples" --workers 1 --request-timeout 10 --no-color \
    --generation-database none --generation-allow-x00 false --suppress-health-check too_slow,filter_too_much \
    --report junit --report-dir "$work/report" "${seed_args[@]}" "$@"
}

# Logging out revokes the token every other case is sent with, so that operation runs last, alone.
status=0
# The event stream (/v1/sync/events) never ends by design; Tests/ServerTests/Live covers it.
run_st --exclude-path /v1/tokens/current --exclude-path /v1/sync/events || status=$?
run_st --include-path /v1/tokens/current || status=$?

if grep -q "Unhandled error" "$work/server.log"; then
  echo "The server logged unhandled errors:" >&2
  grep -A2 "Unhandled error" "$work/server.log" | head -40 >&2
  status=1
fi
exit "$status"
