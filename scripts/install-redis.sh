#!/usr/bin/env bash
# Installs Debian's redis-server when missing (the Redis membership test starts its own throwaway instance on a free
# loopback port; no system service is used or needed). Idempotent.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq redis-server >/dev/null
command -v redis-server >/dev/null
