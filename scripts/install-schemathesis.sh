#!/usr/bin/env bash
# Installs the pinned schemathesis (PyPI) into a virtual environment under .tools/ when it is missing,
# and prints the path of its `st` command.
set -euo pipefail

version="4.32.5"
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.tools/schemathesis-$version"
st="$venv/bin/st"

if [ ! -x "$st" ]; then
  python="$(command -v python3 || true)"
  if [ -z "$python" ] || ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    echo "Installing python3 and its venv module" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >&2
    $sudo apt-get install -y -qq python3 python3-venv >&2
    python="$(command -v python3)"
  fi
  echo "Installing schemathesis $version into .tools/" >&2
  rm -rf "$venv"
  "$python" -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version" >&2
fi
echo "$st"
