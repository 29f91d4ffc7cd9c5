#!/bin/bash
# Rebuilds the CJK font subset that jxj embeds (see README.md):
#   NotoSansSC-jxj-Regular.ttf  (and NotoSansSC-jxj-Bold.ttf when BOLD=1)
# from Debian's fonts-noto-cjk (Noto Sans CJK SC, OpenType/CFF, SIL OFL 1.1):
#   1. builds the character list (ASCII, Latin-1, Latin Extended-A, common
#      punctuation and symbols, all of GB2312, the 8105 characters of the
#      通用规范汉字表 = Unihan kTGH);
#   2. subsets the SC face of the .ttc with pyftsubset (no hinting);
#      keeps only the default and Simplified Chinese layout language systems,
#      aliases ✔ ✕ ✖ ✗ ✘ (absent from Noto CJK) to its ✓ and × glyphs;
#   3. converts the CFF outlines to TrueType quadratic outlines (otf2ttf.py),
#      renames the family to "Noto Sans SC jxj subset";
#   4. checks the result (cmap coverage, TrueType, opens).
#
# Usage: assets/fonts/make-font.sh            (run as root, or with the
#        Debian packages below already installed)
#        BOLD=0 assets/fonts/make-font.sh     (regular only)
set -euo pipefail
export LANG=C.UTF-8 LC_ALL=C.UTF-8
export PYTHONHASHSEED=0
# Avoid the pyenv python that may come first on PATH: the Debian one has fontTools.
PY=/usr/bin/python3
BOLD=${BOLD:-1}

cd "$(dirname "$0")"

# --- 0. Debian packages -----------------------------------------------------
need=()
for pkg in fonts-noto-cjk fonttools python3-fonttools unicode-data bzip2 file; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if ((${#need[@]})); then
	echo "installing: ${need[*]}"
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
fi

NOTO=/usr/share/fonts/opentype/noto
UNIHAN=/usr/share/unicode/Unihan_OtherMappings.txt.bz2
echo "fonts-noto-cjk $(dpkg-query -W -f='${Version}' fonts-noto-cjk)," \
	"unicode-data $(dpkg-query -W -f='${Version}' unicode-data)," \
	"fonttools $($PY -c 'import fontTools; print(fontTools.version)')"

LAYOUT_SCRIPTS=DFLT
for s in cyrl grek hang hani kana latn; do LAYOUT_SCRIPTS+=",$s.dflt,$s.ZHS"; done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- 1. character list --------------------------------------------------------
bzcat "$UNIHAN" >"$tmp/unihan.txt"
$PY - "$tmp/unihan.txt" "$tmp/unicodes.txt" <<'EOF'
import sys

unihan, out = sys.argv[1:3]
cps = set()

def span(a, b):
    cps.update(range(a, b + 1))

span(0x0020, 0x007E)  # ASCII
span(0x00A0, 0x00FF)  # Latin-1 Supplement
span(0x0100, 0x017F)  # Latin Extended-A (accented names, pinyin)
span(0x2000, 0x206F)  # General Punctuation
span(0x3000, 0x303F)  # CJK Symbols and Punctuation
span(0xFF00, 0xFFEF)  # Halfwidth and Fullwidth Forms
span(0x2190, 0x2199)  # arrows ← ↑ → ↓ ↔ ↕ ↖ ↗ ↘ ↙
span(0x21D0, 0x21D4)  # ⇐ ⇑ ⇒ ⇓ ⇔
span(0x2460, 0x2473)  # ① – ⑳
span(0x2160, 0x216B)  # Ⅰ – Ⅻ
span(0x2170, 0x217B)  # ⅰ – ⅻ
span(0x2713, 0x2718)  # ✓ ✔ ✕ ✖ ✗ ✘
cps.update(ord(c) for c in "№℃℉™€¥￥·—…‰※°±×÷√∞≈≠≤≥★☆○●◎◇◆□■△▲▽▼☐☑☒\ufffd")

# All of GB2312: every valid 2-byte code.
gb = 0
for hi in range(0xA1, 0xFF):
    for lo in range(0xA1, 0xFF):
        try:
            s = bytes((hi, lo)).decode("gb2312")
        except UnicodeDecodeError:
            continue
        cps.add(ord(s))
        gb += 1

# 通用规范汉字表 (2013): the Unihan kTGH field.
tgh = set()
with open(unihan, encoding="utf-8") as f:
    for line in f:
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 3 and parts[1] == "kTGH":
            tgh.add(int(parts[0][2:], 16))
assert len(tgh) == 8105, len(tgh)
cps |= tgh

with open(out, "w") as f:
    for cp in sorted(cps):
        f.write("U+%04X\n" % cp)
print("GB2312 codes: %d, kTGH: %d, total code points requested: %d" % (gb, len(tgh), len(cps)))
EOF

# --- 2./3. subset and convert -------------------------------------------------
build() { # build WEIGHT (Regular|Bold)
	local weight=$1 ttc="$NOTO/NotoSansCJK-$1.ttc" n
	# The SC face's font number inside the collection, found by its name.
	n=$($PY - "$ttc" <<'EOF'
import sys
from fontTools.ttLib import TTCollection
for i, f in enumerate(TTCollection(sys.argv[1], lazy=True).fonts):
    if f["name"].getDebugName(1) == "Noto Sans CJK SC":
        print(i)
        break
else:
    sys.exit("no Noto Sans CJK SC in " + sys.argv[1])
EOF
	)
	echo "$weight: $ttc font number $n (Noto Sans CJK SC)"
	# Default layout features, but only the default and the Simplified
	# Chinese (ZHS) language systems: the JAN/KOR/ZHT/ZHH 'locl' forms would
	# add ~6800 glyphs (16409 instead of 9590, +70 % size) nobody here uses.
	pyftsubset "$ttc" --font-number="$n" \
		--unicodes-file="$tmp/unicodes.txt" \
		--layout-scripts="$LAYOUT_SCRIPTS" \
		--no-hinting --notdef-outline \
		--name-IDs=0,1,2,3,4,5,6,13,14 \
		--output-file="$tmp/$weight.otf"
	# Noto CJK has ✓ and × but no ✔ ✕ ✖ ✗ ✘: map those to the ✓ and × glyphs.
	$PY - "$tmp/$weight.otf" <<'EOF'
import sys
from fontTools.ttLib import TTFont
f = TTFont(sys.argv[1], recalcTimestamp=False)
best = f.getBestCmap()
alias = {0x2714: 0x2713, 0x2715: 0x00D7, 0x2716: 0x00D7, 0x2717: 0x00D7, 0x2718: 0x00D7}
for t in f["cmap"].tables:
    if t.isUnicode():
        for cp, to in alias.items():
            t.cmap.setdefault(cp, best[to])
f.save(sys.argv[1])
EOF
	$PY otf2ttf.py "$tmp/$weight.otf" "NotoSansSC-jxj-$weight.ttf" \
		"Noto Sans SC jxj subset" "$weight" "NotoSansSC-jxj-$weight" \
		"Subset of Noto Sans CJK SC $weight (fonts-noto-cjk $(dpkg-query -W -f='${Version}' fonts-noto-cjk)) for jxj, converted to TrueType outlines; SIL OFL 1.1"

	# --- 4. checks ---
	$PY - "$ttc" "$n" "$tmp/unicodes.txt" "NotoSansSC-jxj-$weight.ttf" <<'EOF'
import sys
from fontTools.ttLib import TTFont
ttc, n, listfile, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
want = {int(l.strip()[2:], 16) for l in open(listfile) if l.strip()}
src = set(TTFont(ttc, fontNumber=n, lazy=True).getBestCmap())
f = TTFont(out)
got = set(f.getBestCmap())
assert f.sfntVersion == "\x00\x01\x00\x00" and "glyf" in f and "CFF " not in f
alias = {0x2714, 0x2715, 0x2716, 0x2717, 0x2718}
lacking = sorted(want - src - alias)
missing = sorted((want & src) - got)
print("%s: %d code points, %d glyphs, %d bytes" % (out, len(got), f["maxp"].numGlyphs, __import__("os").path.getsize(out)))
if lacking:
    print("  not in the source font, left out (%d): %s" % (len(lacking), " ".join("U+%04X" % c for c in lacking)))
if missing:
    sys.exit("  MISSING from the subset: " + " ".join("U+%04X" % c for c in missing))
for c in "喆堃彧珺昇✓✗":
    assert ord(c) in got, c
EOF
	file "NotoSansSC-jxj-$weight.ttf"
}

build Regular
if [[ $BOLD == 1 ]]; then
	build Bold
else
	rm -f NotoSansSC-jxj-Bold.ttf
fi
ls -l NotoSansSC-jxj-*.ttf
