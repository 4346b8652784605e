#!/usr/bin/env bash
# Installs Debian's coturn when missing, for the TURN relay test (tests/Parley.Browser.Tests/Rooms/ChromiumTurnTests):
# the test starts its own `turnserver` as a child process on free loopback ports and kills it by PID; no system
# service is used or wanted. Debian's package enables and starts coturn.service under systemd, so this script keeps
# the service from starting while it installs (a temporary policy-rc.d, which invoke-rc.d and deb-systemd-invoke
# honour) and disables it afterwards. Idempotent.
set -euo pipefail
if command -v turnserver >/dev/null 2>&1; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive

policy=/usr/sbin/policy-rc.d
added_policy=0
if [ ! -e "$policy" ]; then
  # 101 = "action forbidden by policy": package scripts may not start services.
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  added_policy=1
fi
cleanup() { if [ "$added_policy" = 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

apt-get update -qq
apt-get install -y -qq --no-install-recommends coturn >/dev/null

# Under systemd the unit was enabled for the next boot (and, had the policy been ignored, started): undo both.
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now coturn.service >/dev/null 2>&1 || true
fi
# SysV: /etc/default/coturn leaves TURNSERVER_ENABLED commented out, so the init script never starts the daemon.
command -v turnserver >/dev/null
