#!/usr/bin/env bash
# Builds deploy/Containerfile and runs the image once: the published server starts in it as the `parley` user, answers
# /healthz, keeps its data in /var/lib/parley, and stops cleanly on SIGTERM (exit code 0). docs/deploy.md.
#
#   deploy/check-container.sh            (as root; installs podman, runc and debootstrap from Debian when missing)
#
# On a machine that can pull mcr.microsoft.com/dotnet/runtime-deps:10.0 set PULL=1 to use the real base image. Without
# it (no registry but Debian's here) a stand-in with the same packages is made with debootstrap (Debian 12 minbase +
# ca-certificates, libicu72, libssl3, libstdc++6, tzdata, zlib1g: what runtime-deps holds) and tagged with that name.
# The build runs with chroot isolation and the container with runc and host networking, which also work inside an
# unprivileged sandbox without a cgroup v2 hierarchy.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-7490}
WORK=$(mktemp -d)
NAME=parley-check-$$
trap 'podman rm -f "$NAME" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

need=()
command -v podman >/dev/null || need+=(podman)
command -v runc >/dev/null || need+=(runc)
[ "${PULL:-0}" = 1 ] || command -v debootstrap >/dev/null || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi
# No default ulimits: raising them is refused in a sandbox, and the server needs none above the host's.
printf '[containers]\ndefault_ulimits = []\n' > "$WORK/containers.conf"
export CONTAINERS_CONF="$WORK/containers.conf"

BASE=mcr.microsoft.com/dotnet/runtime-deps:10.0
if [ "${PULL:-0}" = 1 ]; then
  podman pull "$BASE"
elif ! podman image exists "$BASE"; then
  echo "making a stand-in for $BASE with debootstrap (a few minutes)"
  debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,libstdc++6,tzdata,zlib1g \
    bookworm "$WORK/rootfs" http://deb.debian.org/debian >/dev/null
  rm -rf "$WORK"/rootfs/var/cache/apt/archives/*.deb
  tar -C "$WORK/rootfs" -c . | podman import - "$BASE" >/dev/null
fi

echo "publishing the server (self-contained, linux-x64)"
mkdir -p "$WORK/context"
dotnet publish src/Parley.Server -c Release -r linux-x64 -o "$WORK/context/out" -nologo -v q
cp deploy/Containerfile "$WORK/context/"
podman build --pull=never --isolation chroot -f "$WORK/context/Containerfile" -t parley-server "$WORK/context" >/dev/null
echo "image parley-server built ($(podman image inspect parley-server --format '{{.Size}}') bytes)"

podman run -d --runtime runc --network host --name "$NAME" -e ASPNETCORE_URLS="http://127.0.0.1:$PORT" parley-server --dev >/dev/null
for _ in $(seq 1 60); do
  if curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; then break; fi
  sleep 1
done
health=$(curl -s "http://127.0.0.1:$PORT/healthz")
echo "healthz: $health"
[[ "$health" == *'"status":"ok"'* ]] || { podman logs "$NAME" | tail -20; echo "FAILED: not healthy"; exit 1; }
user=$(podman exec "$NAME" id -un)
data=$(podman exec "$NAME" ls /var/lib/parley)
[ "$user" = parley ] || { echo "FAILED: runs as $user"; exit 1; }
[[ "$data" == *parley.db* ]] || { echo "FAILED: no database in /var/lib/parley"; exit 1; }
podman stop -t 30 "$NAME" >/dev/null
code=$(podman inspect "$NAME" --format '{{.State.ExitCode}}')
[ "$code" = 0 ] || { podman logs "$NAME" | tail -20; echo "FAILED: exit code $code after SIGTERM"; exit 1; }
echo "OK: runs as $user, data in /var/lib/parley ($data), SIGTERM drains and exits 0"
