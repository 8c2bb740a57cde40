#!/usr/bin/env bash
# System packages the tests need: WeasyPrint's Pango libraries, Debian's Chromium (no
# browser download works here), gettext, ffmpeg (the video interview's recordings), and docker-compose to validate the compose file.
# With --runtime (`make run`): only what the running portal needs (PDFs, recordings).
set -euo pipefail
need=()
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 ffmpeg)
[[ "${1:-}" == "--runtime" ]] || packages+=(chromium gettext)
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[[ "${1:-}" == "--runtime" ]] || command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
if ((${#need[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "Missing system packages: ${need[*]} (run as root or: sudo apt-get install ${need[*]})" >&2
    exit 1
  fi
  echo "Installing system packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
