#!/usr/bin/env bash
# The one test command (README "Quick start"). Installs what the tests need on a bare machine, builds the
# solution once, runs every test project, and prints a closing "N passed, N failed, N skipped" line.
set -euo pipefail
cd "$(dirname "$0")"

# Chromium drives the WebRTC end-to-end tests (Debian package; we never download browser builds).
bash scripts/install-chromium.sh
# PostgreSQL server binaries: the storage contract and cluster tests start throwaway servers of their own.
bash scripts/install-postgres.sh
# redis-server: the Redis membership test starts a throwaway instance.
bash scripts/install-redis.sh
# promtool (Debian's prometheus package, no server started): the metrics tests check /metrics with it.
bash scripts/install-promtool.sh
# ffmpeg (ffprobe, libvpx, libopus): the recording tests decode the WebM files Parley writes with an independent reader.
bash scripts/install-ffmpeg.sh
# coturn: the TURN relay test starts its own turnserver as a child process (the package's service stays off).
bash scripts/install-coturn.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build Parley.slnx -c Debug -nologo -v minimal

log=$(mktemp)
status=0
# One assembly at a time keeps the real-time tests (timers, UDP, Chromium) honest on a 2-core machine. Measurements
# (Category=Benchmark, e.g. join → first frame) are figures for docs/benchmarks.md, not tests: they are left out.
# A test that hangs is killed after 10 minutes and named in the output (--blame-hang), and the whole run is
# bounded, so a hang fails the run with a name instead of eating CI's time limit.
timeout --kill-after=30s 60m \
  dotnet test Parley.slnx -c Debug --no-build -nologo -m:1 --filter "Category!=Benchmark" --blame-hang-timeout 10m --blame-hang-dump-type none \
  -- RunConfiguration.TreatNoTestsAsError=false 2>&1 | tee "$log" || status=$?

passed=0; failed=0; skipped=0
while read -r f p s; do
  failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(sed -nE 's/.*Failed:[[:space:]]+([0-9]+), Passed:[[:space:]]+([0-9]+), Skipped:[[:space:]]+([0-9]+).*/\1 \2 \3/p' "$log")
rm -f "$log"

echo
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
