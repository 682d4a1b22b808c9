#!/usr/bin/env bash
# Makes sure Debian's Chromium is there for the browser tests (test/browser), which drive
# /usr/bin/chromium through playwright-core (never `playwright install`: it cannot download here).
# Does nothing when there are no browser tests, or when Chromium is already installed.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d test/browser ]; then
  exit 0
fi
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "heapcensus: the browser tests need Chromium at /usr/bin/chromium." >&2
  echo "  Install it as root: apt-get update && apt-get install -y chromium fonts-liberation" >&2
  exit 1
fi
echo "heapcensus: installing Chromium for the browser tests (apt-get, Debian packages)..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium fonts-liberation >/dev/null
test -x /usr/bin/chromium
