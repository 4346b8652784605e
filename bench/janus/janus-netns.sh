#!/usr/bin/env bash
# Runs Debian's Janus (VideoRoom and EchoTest plugins + HTTP API only) inside a network namespace that this script creates,
# joined to the host by a veth pair, so a load test can drive Janus and Parley side by side without any traffic
# leaving this machine. Janus gathers no loopback candidates; the veth gives it a real interface.
#
#   bench/janus/janus-netns.sh start   # installs janus if missing, prints JANUS_URL=... and the addresses
#   bench/janus/janus-netns.sh stop    # kills Janus and deletes the namespace (and with it the veth pair)
#
# Host side 10.77.0.1/24 (pj0), namespace side 10.77.0.2/24 (pj1). Needs root (ip netns).
set -euo pipefail

NS=parleyjanus
HOST_IF=pj0
NS_IF=pj1
HOST_IP=10.77.0.1
NS_IP=10.77.0.2
STATE=/tmp/parley-janus
HTTP_PORT=8088

stop() {
  if [ -f "$STATE/janus.pid" ]; then
    kill "$(cat "$STATE/janus.pid")" 2>/dev/null || true
    rm -f "$STATE/janus.pid"
  fi
  ip netns del "$NS" 2>/dev/null || true
  ip link del "$HOST_IF" 2>/dev/null || true
}

start() {
  if ! command -v janus >/dev/null; then
    echo "installing janus (Debian package)..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q janus >/dev/null
  fi
  stop
  mkdir -p "$STATE/conf"

  ip netns add "$NS"
  ip link add "$HOST_IF" type veth peer name "$NS_IF"
  ip link set "$NS_IF" netns "$NS"
  ip addr add "$HOST_IP/24" dev "$HOST_IF"
  ip link set "$HOST_IF" up
  ip netns exec "$NS" ip addr add "$NS_IP/24" dev "$NS_IF"
  ip netns exec "$NS" ip link set "$NS_IF" up
  ip netns exec "$NS" ip link set lo up

  local lib=/usr/lib/x86_64-linux-gnu/janus
  cat > "$STATE/conf/janus.jcfg" <<CFG
general: {
  configs_folder = "$STATE/conf"
  plugins_folder = "$lib/plugins"
  transports_folder = "$lib/transports"
  events_folder = "$lib/events"
  loggers_folder = "$lib/loggers"
  debug_level = 3
  admin_secret = "parleybench"
}
media: {
  rtp_port_range = "20000-40000"
}
nat: {
  nice_debug = false
  ice_ignore_list = "lo"
}
plugins: {
  disable = "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so"
}
transports: {
  disable = "libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so,libjanus_websockets.so"
}
events: {
  broadcast = false
}
CFG
  cat > "$STATE/conf/janus.transport.http.jcfg" <<CFG
general: {
  json = "compact"
  base_path = "/janus"
  http = true
  port = $HTTP_PORT
  ip = "$NS_IP"
  https = false
}
admin: {
  admin_base_path = "/admin"
  admin_http = false
}
CFG
  # Rooms are created by the load tool through the API (publishers and bitrate per run).
  cat > "$STATE/conf/janus.plugin.videoroom.jcfg" <<CFG
general: {
  admin_key = "parleybench"
}
CFG

  ip netns exec "$NS" janus -F "$STATE/conf" -C "$STATE/conf/janus.jcfg" -i "$NS_IP" -N \
    -L "$STATE/janus.log" >/dev/null 2>&1 &
  echo $! > "$STATE/janus.pid"

  for _ in $(seq 1 100); do
    if curl -sf "http://$NS_IP:$HTTP_PORT/janus/info" >/dev/null 2>&1; then
      echo "JANUS_URL=http://$NS_IP:$HTTP_PORT/janus"
      echo "JANUS_PID=$(cat "$STATE/janus.pid")"
      echo "HOST_IP=$HOST_IP"
      return 0
    fi
    sleep 0.1
  done
  echo "janus did not answer on http://$NS_IP:$HTTP_PORT/janus/info; log: $STATE/janus.log" >&2
  tail -20 "$STATE/janus.log" >&2 || true
  stop
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
