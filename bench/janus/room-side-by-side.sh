#!/usr/bin/env bash
# Parley and Janus's VideoRoom under the same room load, in one run, on equal footing: both servers run in the
# network namespace that janus-netns.sh creates (Janus gathers no loopback candidates), the load tool runs on the
# host and reaches both through the same veth pair. Nothing leaves this machine.
#
#   bench/janus/room-side-by-side.sh [parley-load room options...]
#   e.g. bench/janus/room-side-by-side.sh --rooms 4 --publishers 1 --subscribers 5 --rate 500 --duration 15s
#
# Prints both reports and the ratio of forwarded packets per server core-second. Needs root (ip netns).
#
# PIN=1 pins the servers to the last CPU and the load tool to the others (taskset), so the tool's receive threads,
# woken by every forwarded packet, never preempt the server on its own CPU (docs/benchmarks.md: on this VM each
# such context switch is a costly hypervisor exit charged to the server).
set -euo pipefail
cd "$(dirname "$0")/../.."

NS=parleyjanus
NS_IP=10.77.0.2
STATE=/tmp/parley-side-by-side
PARLEY_PID=

cleanup() {
  if [ -n "$PARLEY_PID" ]; then kill "$PARLEY_PID" 2>/dev/null || true; wait "$PARLEY_PID" 2>/dev/null || true; fi
  bash bench/janus/janus-netns.sh stop
}
trap cleanup EXIT

dotnet build -c Release -nologo -v quiet src/Parley.Server >/dev/null
dotnet build -c Release -nologo -v quiet bench/Parley.Load >/dev/null

eval "$(bash bench/janus/janus-netns.sh start | grep -E '^(JANUS_URL|JANUS_PID)=')"
LAST_CPU=$(( $(nproc) - 1 ))
TOOL=()
if [ "${PIN:-0}" = 1 ] && [ "$LAST_CPU" -ge 1 ]; then
  TOOL=(taskset -c "0-$(( LAST_CPU - 1 ))")
fi
pin_server() { if [ "${PIN:-0}" = 1 ] && [ "$LAST_CPU" -ge 1 ]; then taskset -a -p -c "$LAST_CPU" "$1" >/dev/null; fi; }
pin_server "$JANUS_PID"

rm -rf "$STATE" && mkdir -p "$STATE"
ip netns exec "$NS" dotnet src/Parley.Server/bin/Release/net10.0/Parley.Server.dll --dev --urls "http://$NS_IP:7400" \
  --Storage:DataDirectory="$STATE/data" --Media:UdpPort=7401 --Media:AnnouncedAddresses:0="$NS_IP" \
  >"$STATE/parley.log" 2>&1 &
PARLEY_PID=$!
for _ in $(seq 1 150); do
  if curl -sf "http://$NS_IP:7400/healthz" >/dev/null 2>&1; then break; fi
  sleep 0.2
done

pin_server "$PARLEY_PID"

echo "Parley pid $PARLEY_PID at http://$NS_IP:7400, Janus pid $JANUS_PID at $JANUS_URL${TOOL:+; pinned: servers on CPU $LAST_CPU, tool on ${TOOL[2]}}"
"${TOOL[@]}" bench/Parley.Load/bin/Release/net10.0/parley-load room --server "ws://$NS_IP:7400/ws" --dev-usersig --server-pid "$PARLEY_PID" \
  --janus "$JANUS_URL" --janus-pid "$JANUS_PID" --janus-bind 10.77.0.1 "$@"
