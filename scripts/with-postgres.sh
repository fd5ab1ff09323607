#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: initdb in a temporary directory, a free
# loopback port, trust authentication on 127.0.0.1 only. The command sees
#   SATCHEL_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:PORT/satchel_test
# The cluster is stopped and its directory deleted when the command ends, also on failure.
# Installs PostgreSQL (Debian's package) when initdb cannot be found.
#
#   scripts/with-postgres.sh swift test --skip-build
#   WITH_POSTGRES_OPTIONS="-c fsync=off" scripts/with-postgres.sh make bench
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 command [args...]" >&2
  exit 2
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

find_bindir() {
  local candidate
  for candidate in \
    "$(pg_config --bindir 2>/dev/null || true)" \
    /usr/lib/postgresql/15/bin \
    "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)" \
    "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"; do
    if [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! bindir="$(find_bindir)"; then
  echo "with-postgres: PostgreSQL not found; installing it with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo apt-get install -y -qq postgresql >/dev/null 2>&1; then
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq postgresql
  fi
  bindir="$(find_bindir)" || { echo "with-postgres: initdb still missing after installing postgresql" >&2; exit 1; }
fi

# As root the cluster runs as the postgres user (PostgreSQL refuses to run as root).
run_as=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --user-group --no-create-home postgres
  run_as=(runuser -u postgres --)
fi

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local port
  for port in $(seq 25432 25532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "with-postgres: no free port" >&2
  return 1
}

workdir="$(mktemp -d "${TMPDIR:-/tmp}/satchel-pg.XXXXXX")"
chmod 755 "$workdir"
[ "$(id -u)" -eq 0 ] && chown postgres: "$workdir"
data="$workdir/data"
started=0

cleanup() {
  local status=$?
  if [ "$started" -eq 1 ]; then
    "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 \
      || "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$workdir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${run_as[@]}" "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$workdir/initdb.log" 2>&1 \
  || "${run_as[@]}" "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C >"$workdir/initdb.log" 2>&1 \
  || { cat "$workdir/initdb.log" >&2; exit 1; }
# Only loopback TCP, trusted; no Unix socket outside the temporary directory.
cat >"$data/pg_hba.conf" <<'HBA'
host all all 127.0.0.1/32 trust
local all all trust
HBA

port=""
for attempt in 1 2 3; do
  port="$(free_port)"
  if "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -l "$workdir/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $workdir -c max_connections=400 ${WITH_POSTGRES_OPTIONS:-}" \
      start >/dev/null; then
    started=1
    break
  fi
  echo "with-postgres: start on port $port failed (attempt $attempt)" >&2
  tail -n 5 "$workdir/server.log" >&2 || true
done
[ "$started" -eq 1 ] || { echo "with-postgres: PostgreSQL did not start" >&2; exit 1; }

psql="$bindir/psql"
[ -x "$psql" ] || psql="$(command -v psql)"
"$psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE satchel_test"

export SATCHEL_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/satchel_test"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
set +e
"$@"
status=$?
set -e
exit "$status"
