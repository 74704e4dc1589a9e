#!/usr/bin/env bash
# Takes a screenshot of the window under a virtual X display, at a given size:
#   tools/screenshot.sh [FILE] [OUT.png] [WIDTHxHEIGHT]
# FILE defaults to the shipped sample issue, OUT to docs/screenshot-1400x900.png,
# the size to 1400x900 (the README also shows 900x700).
# Needs: apt-get install -y xvfb mesa-vulkan-drivers libvulkan1 imagemagick xdotool
set -euo pipefail
cd "$(dirname "$0")/.."
file="${1:-assets/sample-issue.md}"
size="${3:-1400x900}"
out="${2:-docs/screenshot-$size.png}"
width="${size%x*}"
height="${size#*x}"
display=":${JIANBAO_SHOT_DISPLAY:-97}"

# JIANBAO_SHOT_PROFILE=debug uses the debug build (quicker to make, slower to run).
profile="${JIANBAO_SHOT_PROFILE:-release}"
if [ "$profile" = release ]; then cargo build --release --quiet; else cargo build --quiet; fi
Xvfb "$display" -screen 0 "${width}x${height}x24" >/dev/null 2>&1 &
xvfb=$!
trap 'kill "${app:-}" "$xvfb" 2>/dev/null || true' EXIT
sleep 1
# A fresh settings folder, so the shot does not depend on this machine's history.
XDG_DATA_HOME="$(mktemp -d)" DISPLAY="$display" "./target/$profile/jianbao" "$file" &
app=$!
# No window manager: place and size the window by hand once it is mapped.
for _ in $(seq 50); do
    win=$(DISPLAY="$display" xdotool search --name 'jianbao' 2>/dev/null | head -1) && [ -n "$win" ] && break
    sleep 0.2
done
DISPLAY="$display" xdotool windowmove "$win" 0 0 windowsize "$win" "$width" "$height"
sleep "${JIANBAO_SHOT_WAIT:-4}"
DISPLAY="$display" import -window root "$out"
echo "wrote $out"
