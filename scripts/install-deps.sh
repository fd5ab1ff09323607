#!/usr/bin/env bash
# Installs the system packages Satchel builds against, when they are missing:
# libcurl (the client's HTTP transport), SQLite's headers (GRDB), Gumbo (article capture's HTML5
# parser), libzip (import and export archives, EPUB), libvips (images of posts and their variants), cmark-gfm
# (post bodies in CommonMark), exiftool
# (the image tests read variants back with it), curl (README examples), and epubcheck (the EPUB export's
# test runs it on a book; it brings Java).
set -euo pipefail

missing=()
pkg-config --exists libcurl 2>/dev/null || missing+=(libcurl4-openssl-dev)
pkg-config --exists sqlite3 2>/dev/null || missing+=(libsqlite3-dev)
pkg-config --exists gumbo 2>/dev/null || missing+=(libgumbo-dev)
pkg-config --exists libzip 2>/dev/null || missing+=(libzip-dev)
pkg-config --exists vips 2>/dev/null || missing+=(libvips-dev)
pkg-config --exists libcmark-gfm 2>/dev/null || missing+=(libcmark-gfm-dev)
[ -e /usr/include/cmark-gfm-core-extensions.h ] || missing+=(libcmark-gfm-extensions-dev)
# The Markdown tests run the CommonMark spec's examples, as JSON in this Go package's test data (no Go needed).
[ -f /usr/share/gocode/src/github.com/yuin/goldmark/_test/spec.json ] || missing+=(golang-github-yuin-goldmark-dev)
# The image tests read variants back with exiftool, to check that no EXIF, GPS or XMP is left in them.
command -v exiftool >/dev/null 2>&1 || missing+=(libimage-exiftool-perl)
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
