#!/usr/bin/env bash
# One node against two nodes of a cluster, same load tool, one run (issue 11's benchmarks); called by
# group-one-vs-two.sh and joins-one-vs-two.sh with the parley-load scenario first:
#   bench/cluster/one-vs-two.sh SCENARIO [parley-load options...]      e.g. one-vs-two.sh group --members 2000
# Starts its own throwaway PostgreSQL (Debian's binaries, scripts/install-postgres.sh) on a free loopback port, then:
#   1. one node  (Storage:Provider=postgres, Orleans:ClusteringMode=localhost)
#   2. two nodes (Storage:Provider=postgres, Orleans:ClusteringMode=postgres), clients spread round-robin over both
#      (--also-server, --also-server-pid)
# and prints both reports; "per core-second" counts the nodes' CPU, not PostgreSQL's.
set -euo pipefail
cd "$(dirname "$0")/../.."

SCENARIO=$1; shift # the parley-load subcommand and its fixed options come first
STATE=/tmp/parley-cluster-bench-$SCENARIO # each scenario wipes its own folder at start
PIDS=()
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
RUN_AS=()
if [ "$(id -u)" = 0 ]; then RUN_AS=(runuser -u postgres --); fi

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$STATE/pg" -m immediate stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

bash scripts/install-postgres.sh
dotnet build -c Release -nologo -v quiet src/Parley.Server >/dev/null
dotnet build -c Release -nologo -v quiet bench/Parley.Load >/dev/null

rm -rf "$STATE" && mkdir -p "$STATE" && chmod 777 "$STATE"
PG_PORT=$(free_port)
"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$STATE/pg" -U parley --auth=trust -E UTF8 --locale=C --no-sync >/dev/null
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$STATE/pg" -l "$STATE/pg.log" -w \
  -o "-p $PG_PORT -k $STATE -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
psql_do() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U parley -d postgres -qc "$1" >/dev/null; }

start_node() { # $1 database, $2 clustering mode; prints "pid url" (runs in a subshell: the caller records the pid)
  local http silo gateway media
  http=$(free_port); silo=$(free_port); gateway=$(free_port); media=$(free_port)
  dotnet src/Parley.Server/bin/Release/net10.0/Parley.Server.dll --dev --urls "http://127.0.0.1:$http" \
    --Storage:Provider=postgres --Storage:ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Username=parley;Database=$1" \
    --Orleans:ClusteringMode="$2" --Orleans:AdvertisedAddress=127.0.0.1 --Orleans:ClusterId="bench-$1" \
    --Orleans:SiloPort="$silo" --Orleans:GatewayPort="$gateway" --Media:UdpPort="$media" \
    --Logging:LogLevel:Default=Warning >"$STATE/node-$http.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$http/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  echo "$pid ws://127.0.0.1:$http/ws"
}

LOAD=bench/Parley.Load/bin/Release/net10.0/parley-load

echo "== one node"
psql_do "CREATE DATABASE one"
read -r PID1 URL1 < <(start_node one localhost)
PIDS+=("$PID1")
"$LOAD" "$SCENARIO" --server "$URL1" --server-pid "$PID1" "$@"
kill "$PID1"; wait "$PID1" 2>/dev/null || true

echo "== two nodes (PostgreSQL membership)"
psql_do "CREATE DATABASE two"
read -r PIDA URLA < <(start_node two postgres)
PIDS+=("$PIDA")
read -r PIDB URLB < <(start_node two postgres)
PIDS+=("$PIDB")
for _ in $(seq 1 150); do
  active=$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U parley -d two -tAc "SELECT COUNT(*) FROM orleans_membership WHERE status = 3" 2>/dev/null || echo 0)
  [ "$active" -ge 2 ] && break; sleep 0.2
done
"$LOAD" "$SCENARIO" --server "$URLA" --server-pid "$PIDA" --also-server "$URLB" --also-server-pid "$PIDB" "$@"
