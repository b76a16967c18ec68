#!/usr/bin/env bash
# Renders slipway.svg, the one designed source, into every icon the window and the installers use:
#   slipway-<size>.png  16 24 32 48 64 128 256 512 1024   (window: 16..512, Linux menus, README)
#   slipway.ico         16 24 32 48 64 256                  (Windows installer and launchers)
#   slipway.icns        16 32 48 128 256 512 1024          (macOS app bundle and .dmg)
# Tools (Debian): librsvg2-bin (rsvg-convert), imagemagick (convert), icnsutils (png2icns).
# Reproducible: the same tool versions give the same bytes (no dates or times are written).
# The rendered files are committed: they are build inputs. Usage: icons/render.sh
set -euo pipefail
cd "$(dirname "$0")"
for tool in rsvg-convert convert png2icns; do
  command -v "$tool" >/dev/null || {
    echo "render.sh: $tool is missing (apt-get install librsvg2-bin imagemagick icnsutils)" >&2
    exit 1
  }
done

for size in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert --width "$size" --height "$size" --format png slipway.svg --output "slipway-$size.png"
done

convert slipway-16.png slipway-24.png slipway-32.png slipway-48.png slipway-64.png slipway-256.png \
  -define png:exclude-chunks=date,time slipway.ico

png2icns slipway.icns slipway-16.png slipway-32.png slipway-48.png slipway-128.png \
  slipway-256.png slipway-512.png slipway-1024.png >/dev/null

echo "rendered: $(ls slipway-*.png slipway.ico slipway.icns | tr '\n' ' ')"
