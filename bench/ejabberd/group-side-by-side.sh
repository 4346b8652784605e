#!/usr/bin/env bash
# Parley and ejabberd (Debian package, its MUC) under the same group fan-out, in one run, driven by the same tool
# (parley-load group: raw WebSocket members for Parley, XMPP c2s members for ejabberd). Both servers listen on
# loopback only; nothing leaves this machine. Installs ejabberd when missing (root, apt).
#
#   bench/ejabberd/group-side-by-side.sh [parley-load group options...]
#   e.g. bench/ejabberd/group-side-by-side.sh --members 2000 --groups 1 --senders 2 --rate 20 --duration 15s
#
# Prints both reports and the ratio of deliveries per server core-second.
# PIN=1 pins the servers to the last CPU and the load tool to the others (taskset).
set -euo pipefail
cd "$(dirname "$0")/../.."

STATE=/tmp/parley-group-side-by-side
PARLEY_PID=
EJABBERD_PID=

cleanup() {
  if [ -n "$PARLEY_PID" ]; then kill "$PARLEY_PID" 2>/dev/null || true; wait "$PARLEY_PID" 2>/dev/null || true; fi
  if [ -n "$EJABBERD_PID" ]; then kill "$EJABBERD_PID" 2>/dev/null || true; fi
  pkill -f "beam.smp.*parley-bench" 2>/dev/null || true
  # The next run reuses the node name: let this node go before it starts.
  for _ in $(seq 1 50); do pgrep -f "beam.smp.*parley-bench" >/dev/null || break; sleep 0.2; done
}
trap cleanup EXIT

if ! command -v ejabberdctl >/dev/null 2>&1; then
  echo "installing ejabberd (apt)…"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ejabberd >/dev/null
fi
# The package may start its own service: the benchmark runs its own instance on its own configuration.
ejabberdctl stop >/dev/null 2>&1 || true
pkill -u ejabberd beam.smp 2>/dev/null || true

dotnet build -c Release -nologo -v quiet src/Parley.Server >/dev/null
dotnet build -c Release -nologo -v quiet bench/Parley.Load >/dev/null

rm -rf "$STATE" && mkdir -p "$STATE/ejabberd/spool" "$STATE/ejabberd/logs"
cp bench/ejabberd/ejabberd.yml "$STATE/ejabberd/ejabberd.yml"
# Started with erl directly rather than ejabberdctl: ejabberdctl switches to the ejabberd user through su, which
# gives it the login default of 1,024 file descriptors (too few for thousands of members) and re-reads the
# package's ejabberdctl.cfg, which points at /etc/ejabberd/ejabberd.yml.
(cd "$STATE/ejabberd" && HOME="$STATE/ejabberd" EJABBERD_CONFIG_PATH="$STATE/ejabberd/ejabberd.yml" \
  EJABBERD_LOG_PATH="$STATE/ejabberd/logs/ejabberd.log" ERL_LIBS=/usr/lib/x86_64-linux-gnu ERL_MAX_PORTS=65536 \
  erl -sname parley-bench@localhost -mnesia dir "\"$STATE/ejabberd/spool\"" -s ejabberd -noshell -noinput +K true +P 250000 \
  >"$STATE/ejabberd.out" 2>&1 &)
for _ in $(seq 1 150); do
  if (exec 3<>/dev/tcp/127.0.0.1/5222) 2>/dev/null; then break; fi
  sleep 0.2
done
EJABBERD_PID=$(pgrep -f "beam.smp.*parley-bench" | head -1 || true)
if [ -z "$EJABBERD_PID" ]; then echo "ejabberd did not start:"; cat "$STATE/ejabberd.out"; exit 1; fi

dotnet src/Parley.Server/bin/Release/net10.0/Parley.Server.dll --dev --urls "http://127.0.0.1:7400" \
  --Storage:DataDirectory="$STATE/data" --Logging:LogLevel:Default=Warning >"$STATE/parley.log" 2>&1 &
PARLEY_PID=$!
for _ in $(seq 1 150); do
  if curl -sf "http://127.0.0.1:7400/healthz" >/dev/null 2>&1; then break; fi
  sleep 0.2
done

LAST_CPU=$(( $(nproc) - 1 ))
TOOL=()
if [ "${PIN:-0}" = 1 ] && [ "$LAST_CPU" -ge 1 ]; then
  TOOL=(taskset -c "0-$(( LAST_CPU - 1 ))")
  taskset -a -p -c "$LAST_CPU" "$PARLEY_PID" >/dev/null
  taskset -a -p -c "$LAST_CPU" "$EJABBERD_PID" >/dev/null
fi

echo "Parley pid $PARLEY_PID at ws://127.0.0.1:7400/ws, ejabberd pid $EJABBERD_PID at 127.0.0.1:5222"
# --receiver socket: ejabberd's XMPP members are read by async socket loops, so Parley's members are too — the tool then
# takes the same share of the shared cores from both servers.
"${TOOL[@]}" bench/Parley.Load/bin/Release/net10.0/parley-load group --server "ws://127.0.0.1:7400/ws" --server-pid "$PARLEY_PID" \
  --receiver socket --ejabberd 127.0.0.1:5222 --ejabberd-pid "$EJABBERD_PID" "$@"
