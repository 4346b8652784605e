#!/usr/bin/env bash
# Installs Debian's ffmpeg (ffprobe and ffmpeg) when missing: the recording tests read Parley's WebM files with ffprobe
# (an independent reader that decodes every frame) and make real VP8 / Opus test clips with libvpx and libopus.
# Without recommends it is about 50 MB of packages. Idempotent.
set -euo pipefail
if command -v ffprobe >/dev/null 2>&1 && command -v ffmpeg >/dev/null 2>&1; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null
command -v ffprobe >/dev/null
