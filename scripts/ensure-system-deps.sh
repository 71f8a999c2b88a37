#!/usr/bin/env bash
# Installs the system packages the tests and benches use when they are missing:
# redis-server (the Redis store runs against a real server), chromium (the web
# chat browser test), docker-compose (validates docker/compose.yaml without
# an engine) and wrk (bench/outage_storm.py's load generator, in C, so that it
# does not take the server's CPU as a Python client would). Installs through
# apt-get when root; otherwise names them.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing system packages for the tests: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    exit 0
fi

echo "supportbot tests and benches need these system packages: ${missing[*]}" >&2
echo "install them with: sudo apt-get install ${missing[*]}" >&2
echo "(tests that need them are skipped with this reason until then)" >&2
if [ "${CI:-}" = "true" ]; then
    exit 1
fi
exit 0
