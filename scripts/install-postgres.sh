#!/usr/bin/env bash
# Installs Debian's PostgreSQL server binaries when missing (the storage contract tests and the cluster tests start
# their own throwaway servers with initdb + pg_ctl; no system service is used or needed). Idempotent.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq postgresql >/dev/null
ls /usr/lib/postgresql/*/bin/initdb >/dev/null
