package chart

import (
	"bytes"
	"image"
	"image/png"
	"slices"

	"github.com/go-analyze/charts"

	"jxj/app"
)

// A chart's marks (the class-size lines 标准, 大班额, 超大班额) are lines at
// given values with their names. The library draws lines only at a
// series' statistics (its maximum, minimum, average or median), so the
// renderer draws them itself, where the library's value axis puts their
// values. The library does not tell where that is; findMarkAxis draws the
// same chart once more as a probe, with every category at the top of the
// axis in a colour no chart uses, and reads off that image where the
// probe's bars (or area, under a line) begin and end.

// probeColour is the probe's colour: pure magenta, which no palette and
// no blend of a palette's colours gives.
var probeColour = charts.ColorRGB(0xff, 0x00, 0xff)

// markAxis is where the value axis puts values, in pixels of the image:
// x for horizontal bars, y otherwise; and the extent of the plot across
// it, from and to.
type markAxis struct {
	v0, v1   float64 // two values
	px0, px1 float64 // and their pixels
	from, to int
}

// at is the pixel of value v.
func (a *markAxis) at(v float64) int {
	return int(a.px0 + (v-a.v0)/(a.v1-a.v0)*(a.px1-a.px0) + 0.5)
}

// markWidth is the width of a mark's line, in pixels.
const markWidth = 2

// markGap is the room between a mark's name and its line or another name.
const markGap = 4

// findMarkAxis draws the probe and finds the value axis in it. Beside
// horizontal bars the marks' names go above the plot, in as many rows as
// they need not to overlap; the probe is drawn again when they need more
// than one, as the plot then starts lower. It returns nil when the axis
// has no room for a mark (a chart of negative values only).
func (p *plan) findMarkAxis() (*markAxis, error) {
	a, err := p.probe()
	if err != nil || a == nil || p.Kind != app.ChartBars {
		return a, err
	}
	if rows := p.placeNames(a); rows > 1 {
		p.markRows = rows
		p.fitLabels() // in a lower plot
		return p.probe()
	}
	return a, nil
}

// probe draws the probe chart and reads the axis off it.
func (p *plan) probe() (*markAxis, error) {
	n := len(p.Series)
	rows := make([][]float64, n+1) // the chart's series, empty, for the legend's room
	for i := range n {
		rows[i] = []float64{}
	}
	top := make([]float64, len(p.labels))
	for i := range top {
		top[i] = p.hi
	}
	rows[n] = top
	colours := make([]charts.Color, n+1)
	for i := range n {
		colours[i] = p.pal.series[i%len(p.pal.series)]
	}
	colours[n] = probeColour
	painter := charts.NewPainter(charts.PainterOptions{Width: p.width, Height: p.height, Font: p.regular})
	if err := p.render(painter, rows, p.pal.theme(p.dark).WithSeriesColors(colours), true); err != nil {
		return nil, err
	}
	out, err := painter.Bytes()
	if err != nil {
		return nil, err
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		return nil, err
	}
	box, ok := colourBox(img, probeColour)
	if !ok {
		return nil, nil
	}
	if p.Kind == app.ChartBars { // bars grow from 0 to the right
		return &markAxis{v0: 0, v1: p.hi, px0: float64(box.Min.X), px1: float64(box.Max.X), from: box.Min.Y, to: box.Max.Y}, nil
	}
	if p.Kind == app.ChartColumns { // columns grow from 0 up
		return &markAxis{v0: 0, v1: p.hi, px0: float64(box.Max.Y), px1: float64(box.Min.Y), from: box.Min.X, to: box.Max.X}, nil
	}
	// a line's area reaches from the bottom of the axis
	return &markAxis{v0: p.lo, v1: p.hi, px0: float64(box.Max.Y), px1: float64(box.Min.Y), from: box.Min.X, to: box.Max.X}, nil
}

// colourBox is the bounds of the pixels of colour c in img.
func colourBox(img image.Image, c charts.Color) (image.Rectangle, bool) {
	is := func(x, y int) bool {
		r, g, b, a := img.At(x, y).RGBA()
		return r>>8 == uint32(c.R) && g>>8 == uint32(c.G) && b>>8 == uint32(c.B) && a>>8 == uint32(c.A)
	}
	if rgba, ok := img.(*image.RGBA); ok { // what the library writes: no colour conversions
		is = func(x, y int) bool {
			px := rgba.Pix[rgba.PixOffset(x, y):]
			return px[0] == c.R && px[1] == c.G && px[2] == c.B && px[3] == c.A
		}
	}
	b := img.Bounds()
	box := image.Rectangle{Min: b.Max, Max: b.Min}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if is(x, y) {
				box.Min.X, box.Min.Y = min(box.Min.X, x), min(box.Min.Y, y)
				box.Max.X, box.Max.Y = max(box.Max.X, x+1), max(box.Max.Y, y+1)
			}
		}
	}
	return box, !box.Empty()
}

// markFont is the font of the i-th mark's name, in its colour.
func (p *plan) markFont(i int) charts.FontStyle {
	f := p.font(textSize)
	f.FontColor = p.pal.mark(i)
	return f
}

// placeNames gives each mark's name beside horizontal bars its place
// above the plot: centred on its line, or pushed aside just enough not
// to overlap the names next to it, all in one row when they fit in the
// chart's width; else centred, each in the first row where it overlaps
// no other. It returns the rows used.
func (p *plan) placeNames(a *markAxis) int {
	n := len(p.marksDrawn)
	w := make([]int, n)
	x := make([]int, n)
	order := make([]int, n) // by the line's place, left to right
	for i, m := range p.marksDrawn {
		w[i] = p.painter.MeasureText(p.markNames[i], 0, p.markFont(i)).Width()
		x[i] = a.at(m.Value) - w[i]/2
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return x[i] - x[j] })
	p.nameAt = make([]image.Point, n)
	row := slices.Clone(x)
	for k := 1; k < n; k++ {
		i, prev := order[k], order[k-1]
		row[i] = max(row[i], row[prev]+w[prev]+2*markGap)
	}
	right := p.width
	for k := n - 1; k >= 0; k-- {
		i := order[k]
		row[i] = min(row[i], right-w[i])
		right = row[i] - 2*markGap
	}
	if row[order[0]] >= 0 {
		for i := range n {
			p.nameAt[i] = image.Pt(row[i], 0)
		}
		return 1
	}
	var placed [][]image.Rectangle // per row, the names' boxes
	for i := range n {
		left := min(max(x[i], 0), p.width-w[i])
		box := image.Rect(left-markGap, 0, left+w[i]+markGap, 1)
		r := 0
		for r < len(placed) && slices.ContainsFunc(placed[r], box.Overlaps) {
			r++
		}
		if r == len(placed) {
			placed = append(placed, nil)
		}
		placed[r] = append(placed[r], box)
		p.nameAt[i] = image.Pt(left, r)
	}
	return len(placed)
}

// drawMarks draws each mark as a dashed line across the plot in its
// colour, with its name: above the plot beside horizontal bars, at the
// right of the plot otherwise (moved apart when two are close).
func (p *plan) drawMarks(a *markAxis) {
	h := p.textHeight(p.font(textSize))
	dash := []float64{5, 3}
	if p.Kind == app.ChartBars {
		p.placeNames(a)
		for i, m := range p.marksDrawn {
			x := a.at(m.Value)
			p.painter.DashedLineStroke([]charts.Point{{X: x, Y: a.from - markGap}, {X: x, Y: a.to}}, p.pal.mark(i), markWidth, dash)
			at := p.nameAt[i]
			baseline := a.from - markGap - 2 - at.Y*(h+markGap)
			p.painter.Text(p.markNames[i], at.X, baseline, 0, p.markFont(i))
		}
		return
	}
	// names at the right, in the order of their lines from the top
	order := make([]int, len(p.marksDrawn))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return a.at(p.marksDrawn[i].Value) - a.at(p.marksDrawn[j].Value) })
	next := 0 // the highest baseline the next name may take
	for _, i := range order {
		m := p.marksDrawn[i]
		y := a.at(m.Value)
		p.painter.DashedLineStroke([]charts.Point{{X: a.from, Y: y}, {X: a.to, Y: y}}, p.pal.mark(i), markWidth, dash)
		baseline := max(y+h/2-2, next, h)
		p.painter.Text(p.markNames[i], a.to+markGap, baseline, 0, p.markFont(i))
		next = baseline + h + 1
	}
}
