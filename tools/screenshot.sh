#!/usr/bin/env bash
# Takes a screenshot of the window under a virtual X display:
#   tools/screenshot.sh [FILE] [OUT.png]
# FILE defaults to the shipped sample issue, OUT to docs/screenshot.png.
# Needs: apt-get install -y xvfb mesa-vulkan-drivers libvulkan1 imagemagick
set -euo pipefail
cd "$(dirname "$0")/.."
file="${1:-assets/sample-issue.md}"
out="${2:-docs/screenshot.png}"
display=":${JIANBAO_SHOT_DISPLAY:-97}"

cargo build --release --quiet
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill "${app:-}" "$xvfb" 2>/dev/null || true' EXIT
sleep 1
# A fresh settings folder, so the shot does not depend on this machine's history.
XDG_DATA_HOME="$(mktemp -d)" DISPLAY="$display" ./target/release/jianbao "$file" &
app=$!
sleep "${JIANBAO_SHOT_WAIT:-4}"
DISPLAY="$display" import -window root "$out"
echo "wrote $out"
