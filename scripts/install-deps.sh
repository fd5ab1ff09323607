#!/usr/bin/env bash
# Installs the system packages Satchel builds against, when they are missing:
# libcurl (the client's HTTP transport), SQLite's headers (GRDB), Gumbo (article capture's HTML5
# parser), libzip (import and export archives, EPUB), curl (README examples), and epubcheck (the EPUB export's
# test runs it on a book; it brings Java).
set -euo pipefail

missing=()
pkg-config --exists libcurl 2>/dev/null || missing+=(libcurl4-openssl-dev)
pkg-config --exists sqlite3 2>/dev/null || missing+=(libsqlite3-dev)
pkg-config --exists gumbo 2>/dev/null || missing+=(libgumbo-dev)
pkg-config --exists libzip 2>/dev/null || missing+=(libzip-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v curl >/dev/null 2>&1 || missing+=(curl)   # the README's examples and quickstart
# The EPUB export's test checks its book with epubcheck (a jar: /usr/share/java/epubcheck.jar, run by java).
{ [ -f /usr/share/java/epubcheck.jar ] && command -v java >/dev/null 2>&1; } || missing+=(epubcheck)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing missing packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}"
