#!/usr/bin/env bash
# Regenerates assets/icon.png (the window's icon) from assets/icon.svg, the
# one source image; packaging/deb.sh renders the hicolor sizes from it too.
# Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")"
rsvg-convert -w 256 -h 256 icon.svg -o icon.png
