#!/usr/bin/env bash
# Makes sure Debian's Prometheus server is there for the metrics tests (test/unit/metrics.prometheus.test.ts)
# and `npm run demo:fleet`. The tests start their own server on 127.0.0.1 and stop it; the
# system service the package may start on install is stopped here, so it never scrapes anything.
# Does nothing when Prometheus is already installed.
set -euo pipefail

if command -v prometheus >/dev/null 2>&1 || [ -x /usr/bin/prometheus ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "heapcensus: the metrics tests need the Prometheus server (prometheus on PATH)." >&2
  echo "  Install it as root: apt-get update && apt-get install -y --no-install-recommends prometheus" >&2
  exit 1
fi
echo "heapcensus: installing Prometheus for the metrics tests (apt-get, Debian packages)..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends prometheus >/dev/null
# Debian's package starts a prometheus service where an init system runs; the tests need none.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
  systemctl stop prometheus || true
elif command -v service >/dev/null 2>&1; then
  service prometheus stop >/dev/null 2>&1 || true
fi
test -x /usr/bin/prometheus
