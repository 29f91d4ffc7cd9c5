#!/bin/bash
# Rebuilds assets/icon.png (512×512), the jxj app icon: a flat blue rounded
# square with a white 家 (from the bundled Noto Sans SC Bold subset, SIL OFL
# 1.1, see ../fonts/README.md) and a small amber bar under it.
# Reproducible: no timestamps or other metadata are written into the PNG.
#
# Usage: assets/icon/make-icon.sh   (needs imagemagick; installs it if missing)
set -euo pipefail
export LANG=C.UTF-8 LC_ALL=C.UTF-8

cd "$(dirname "$0")/.."

if ! command -v convert >/dev/null; then
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends imagemagick
fi

FONT=fonts/NotoSansSC-jxj-Bold.ttf
[[ -f $FONT ]] || FONT=fonts/NotoSansSC-jxj-Regular.ttf
SIZE=512
BG='#1E6FD9'     # school blue
ACCENT='#FFB300' # amber
CHAR='家'

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Rounded square, full bleed with a small margin (the OS adds none on Linux).
convert -size ${SIZE}x${SIZE} xc:none -fill "$BG" \
	-draw "roundrectangle 16,16 495,495 104,104" "$tmp/bg.png"

# The character, trimmed to its ink so it can be centred on its real shape.
convert -background none -fill white -font "$FONT" -pointsize 290 \
	label:"$CHAR" -trim +repage "$tmp/char.png"

# Accent bar under the character.
convert -size ${SIZE}x${SIZE} xc:none -fill "$ACCENT" \
	-draw "roundrectangle 201,404 311,420 8,8" "$tmp/accent.png"

convert "$tmp/bg.png" \
	"$tmp/char.png" -gravity center -geometry +0-22 -composite \
	"$tmp/accent.png" -gravity northwest -geometry +0+0 -composite \
	-strip -define png:exclude-chunks=date,time \
	-define png:compression-level=9 \
	PNG32:icon.png
identify icon.png
ls -l icon.png
