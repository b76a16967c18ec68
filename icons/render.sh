#!/usr/bin/env bash
# Renders slipway.svg into the PNG sizes the window needs (the installers' sizes come with
# packaging). Reproducible: same ImageMagick, same bytes. Usage: icons/render.sh
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 32 48 64 128 256 512; do
  convert -background none -density 300 slipway.svg -resize "${size}x${size}" \
    -define png:exclude-chunks=date,time "slipway-${size}.png"
done
echo "rendered: $(ls slipway-*.png | tr '\n' ' ')"
