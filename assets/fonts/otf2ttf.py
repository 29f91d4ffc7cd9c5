#!/usr/bin/python3
"""Convert an OpenType/CFF font (.otf) to TrueType quadratic outlines (.ttf).

This is the well-known fontTools "otf2ttf" snippet: every CFF glyph is drawn
through Cu2QuPen (cubic -> quadratic, max error MAX_ERR font units, contour
direction reversed as TrueType expects) into a TTGlyphPen; the glyf/loca
tables are built from that, CFF and VORG are dropped, maxp becomes version
1.0 and post format 2.

It also renames the font (family, full name, PostScript name, unique id) so
the subset is clearly marked as a derivative.

Usage: otf2ttf.py IN.otf OUT.ttf FAMILY STYLE PSNAME DESCRIPTION
"""

import sys

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

MAX_ERR = 1.0  # font units (UPM is 1000)
REVERSE_DIRECTION = True  # CFF is counter-clockwise, TrueType clockwise
POST_FORMAT = 2.0


def glyphs_to_quadratic(glyph_set, glyph_order):
    quad = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(
            Cu2QuPen(tt_pen, MAX_ERR, reverse_direction=REVERSE_DIRECTION)
        )
        quad[name] = tt_pen.glyph()
    return quad


def otf_to_ttf(font):
    assert font.sfntVersion == "OTTO", "input is not OpenType/CFF"
    assert "CFF " in font, "input has no CFF table"
    glyph_order = font.getGlyphOrder()

    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs_to_quadratic(font.getGlyphSet(), glyph_order)
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)

    # TrueType wants lsb == xMin.
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)

    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = max(
        len(getattr(g, "components", [])) for g in glyf.glyphs.values()
    )
    maxp.compile(font)

    post = font["post"]
    post.formatType = POST_FORMAT
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order
    font.sfntVersion = "\000\001\000\000"


def rename(font, family, style, psname, description):
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (1, 2, 3, 4, 6, 10, 16, 17, 21, 22):
            name.removeNames(nameID=rec.nameID)
    for nid, text in (
        (1, family),
        (2, style),
        (3, "%.3f;jxj;%s" % (font["head"].fontRevision, psname)),
        (4, "%s %s" % (family, style) if style != "Regular" else family),
        (6, psname),
        (10, description),
    ):
        name.setName(text, nid, 3, 1, 0x409)


def main():
    src, dst, family, style, psname, description = sys.argv[1:7]
    # Keep the source's head.modified so the output is reproducible.
    font = TTFont(src, recalcTimestamp=False)
    otf_to_ttf(font)
    rename(font, family, style, psname, description)
    font.save(dst)


if __name__ == "__main__":
    main()
