#!/usr/bin/env bash
# Regenerates assets/icon.png (needs ImageMagick): a shield-blue rounded square
# with a white check mark and a handset-like arc.
set -euo pipefail
cd "$(dirname "$0")"
convert -size 256x256 xc:none \
  -fill '#1f6feb' -draw "roundrectangle 12,12 244,244 48,48" \
  -fill none -stroke '#ffffff' -strokewidth 26 -draw "polyline 66,134 110,178 192,86" \
  -stroke '#9ecbff' -strokewidth 10 -draw "arc 40,40 216,216 200,340" \
  icon.png
