package chart

import (
	"github.com/go-analyze/charts"
)

// palette is the colours of a chart on the light or the dark background
// of jxj's theme (app/ui/theme.go: the same backgrounds, text and
// separator colours), so a chart sits on a page like the rest of it.
//
// Text (title, legend, axis labels, the marks' names) reaches WCAG AA
// against the background, 4.5:1; bars and lines reach the 3:1 that WCAG
// asks of graphics. The series colours are a categorical set that stays
// apart for the common colour blindnesses (blue, orange, grey, green
// first), lighter on the dark background. Grey is third so that the
// third of three reads as "the rest": unread after acknowledged and read.
type palette struct {
	background charts.Color
	text       charts.Color // title and legend
	label      charts.Color // axis labels, a little softer
	axis       charts.Color // the category axis line and ticks
	grid       charts.Color // the value axis' split lines
	series     []charts.Color
	// marks colour the marked lines in order, e.g. the standard class
	// size, 大班额 and 超大班额; their names are written in the same colour.
	marks []charts.Color
}

var lightPalette = palette{
	background: hex(0xf5f7fa),
	text:       hex(0x1f2937),
	label:      hex(0x4b5563),
	axis:       hex(0x9aa5b1),
	grid:       hex(0xdde3ea),
	series: []charts.Color{
		hex(0x1b66c9), // blue, the theme's primary
		hex(0xd4600f), // orange
		hex(0x64748b), // slate grey
		hex(0x15803d), // green
		hex(0x7c3aed), // purple
		hex(0xb91c1c), // red
		hex(0x0e7490), // cyan
		hex(0x8a6a00), // ochre
		hex(0xbe185d), // pink
		hex(0x4d7c0f), // olive
	},
	marks: []charts.Color{hex(0x475569), hex(0x9a4a00), hex(0xb91c1c)},
}

var darkPalette = palette{
	background: hex(0x1a1f27),
	text:       hex(0xe8ecf1),
	label:      hex(0xb4bdc9),
	axis:       hex(0x5b6675),
	grid:       hex(0x303a46),
	series: []charts.Color{
		hex(0x5a9cf0), // blue, the theme's primary
		hex(0xf59e0b), // orange
		hex(0x94a3b8), // slate grey
		hex(0x34c77b), // green
		hex(0xa78bfa), // purple
		hex(0xf87171), // red
		hex(0x22c3dd), // cyan
		hex(0xe5c21b), // ochre
		hex(0xf472b6), // pink
		hex(0xa3d93a), // olive
	},
	marks: []charts.Color{hex(0xcbd5e1), hex(0xfbbf24), hex(0xfc8a8a)},
}

func paletteFor(dark bool) *palette {
	if dark {
		return &darkPalette
	}
	return &lightPalette
}

// theme is the palette as the library takes it.
func (p *palette) theme(dark bool) charts.ColorPalette {
	return charts.MakeTheme(charts.ThemeOption{
		IsDarkMode:         dark,
		AxisStrokeColor:    p.axis,
		AxisSplitLineColor: p.grid,
		BackgroundColor:    p.background,
		TextColor:          p.text,
		TextColorXAxis:     p.label,
		TextColorYAxis:     p.label,
		SeriesColors:       p.series,
	})
}

// mark is the colour of the i-th marked line.
func (p *palette) mark(i int) charts.Color {
	return p.marks[min(i, len(p.marks)-1)]
}

func hex(rgb uint32) charts.Color {
	return charts.ColorRGB(uint8(rgb>>16), uint8(rgb>>8), uint8(rgb))
}
