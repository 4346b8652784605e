#!/usr/bin/env bash
# Installs promtool (from Debian's prometheus package) when missing: the metrics tests pipe /metrics through
# `promtool check metrics`, Prometheus' own parser and linter for the text format. Only the tool is wanted, never the
# Prometheus server: recommends (node exporter, another daemon) are left out, service starts are refused for the
# length of the install (policy-rc.d), and the package's service is stopped and disabled should anything have started
# it. Idempotent.
set -euo pipefail
if command -v promtool >/dev/null 2>&1; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive

# invoke-rc.d asks /usr/sbin/policy-rc.d before starting a service; exit 101 means "not allowed". Put one in place only
# if the machine has none (container images usually do), and take ours away afterwards.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  own_policy=1
fi
cleanup() { if [ "$own_policy" = 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

apt-get update -qq
apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 prometheus >/dev/null

# Belt and braces: a machine whose policy allowed the start (or that runs systemd) must not keep a Prometheus server.
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now prometheus.service >/dev/null 2>&1 || true
elif [ -x /etc/init.d/prometheus ]; then
  /etc/init.d/prometheus stop >/dev/null 2>&1 || true
  update-rc.d prometheus disable >/dev/null 2>&1 || true
fi
command -v promtool >/dev/null
