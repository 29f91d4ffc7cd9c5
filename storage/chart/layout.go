package chart

import (
	"image"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/go-analyze/charts"
	"github.com/golang/freetype/truetype"

	"jxj/app"
	"jxj/app/linebreak"
)

// plan is one chart being drawn: the data, the size, the fonts and
// colours, and how the category labels fit.
//
// From the top, a chart is: the header (the title, and the legend at its
// right or on a row under it), the names of the marks beside horizontal
// bars, the plot with its axes. A legend too wide for a row takes the
// library's rows instead, above the plot (or under it, beside bars with
// marks). The title and the marks are ours; the library draws the rest
// in the room left.
type plan struct {
	*data
	width, height int
	dark          bool
	pal           *palette
	regular, bold *truetype.Font
	painter       *charts.Painter

	source   []string    // the category labels, in the order drawn
	labels   []string    // as drawn: shortened, some left blank to fit
	rows     [][]float64 // the values, in the order drawn
	label    charts.FontStyle
	rotation float64 // of the labels under columns, in radians
	widest   string  // the widest label, to see whether they fit

	legend     legendPlace
	legendFont charts.FontStyle

	seriesNames []string // for the legend
	markNames   []string // each mark's name, or its value

	// beside horizontal bars, the marks' names take rows above the plot:
	// how many, and each name's left edge and row
	markRows int
	nameAt   []image.Point
}

// plan decides how d is drawn at width × height.
func (r *Renderer) plan(d *data, width, height int, dark bool) *plan {
	p := &plan{data: d, width: width, height: height, dark: dark, pal: paletteFor(dark),
		regular: r.regular, bold: r.bold, markRows: 1}
	p.painter = charts.NewPainter(charts.PainterOptions{Width: width, Height: height, Font: r.regular})
	p.label = p.font(textSize)
	p.source = slices.Clone(d.Labels)
	p.rows = d.values
	if d.Kind == app.ChartBars {
		// the library puts the first category at the bottom; a list
		// reads from the top
		slices.Reverse(p.source)
		p.rows = make([][]float64, len(d.values))
		for i, v := range d.values {
			p.rows[i] = slices.Clone(v)
			slices.Reverse(p.rows[i])
		}
	}
	for i, s := range d.Series {
		name := s.Name
		if name == "" {
			name = strconv.Itoa(i + 1)
		}
		p.seriesNames = append(p.seriesNames, p.shorten(name, p.font(textSize), width*2/5))
	}
	for _, m := range d.marksDrawn {
		name := m.Label
		if name == "" {
			name = d.format(m.Value)
		}
		p.markNames = append(p.markNames, p.shorten(name, p.font(textSize), width/4))
	}
	p.placeLegend()
	p.fitLabels()
	p.fitAxis()
	return p
}

// fitAxis gives the value axis as many steps as its labels have room
// for, at most five: beside bars two labels' width apart, else two lines
// of text.
func (p *plan) fitAxis() {
	w, h := p.measure([]string{p.format(p.lo), p.format(p.hi)}, p.font(textSize))
	if p.Kind == app.ChartBars {
		p.setAxis(min(5, p.plotWidth()/(2*w+12)))
		return
	}
	p.setAxis(min(5, p.plotHeight()/(2*h)))
}

// font is the regular font at size, in the text colour.
func (p *plan) font(size float64) charts.FontStyle {
	return charts.FontStyle{Font: p.regular, FontSize: size, FontColor: p.pal.text}
}

// titleFont is the title's: bold, a little larger.
func (p *plan) titleFont() charts.FontStyle {
	return charts.FontStyle{Font: p.bold, FontSize: titleSize, FontColor: p.pal.text}
}

// textHeight is the height of a line of text in style f.
func (p *plan) textHeight(f charts.FontStyle) int {
	return p.painter.MeasureText("标准Ag", 0, f).Height()
}

// The legend's layout, as the library draws it: an icon and the name of
// each series, a gap between them.
const (
	legendIcon = 30 + 2
	legendGap  = 20
	legendRow  = 20
)

// legendPlace is where a chart's legend goes.
type legendPlace int

const (
	legendNone        legendPlace = iota // one series, no legend
	legendBesideTitle                    // at the right of the title's row
	legendOwnRow                         // on a row of its own under the title
	// too wide for a row: the library's rows above the plot, or under it
	// beside horizontal bars with marks, whose names sit on top of it
	legendWrapped
)

// legendWidth is the width of the legend on one row in font f.
func (p *plan) legendWidth(f charts.FontStyle) int {
	w := 0
	for _, n := range p.seriesNames {
		w += p.painter.MeasureText(n, 0, f).Width() + legendIcon + legendGap
	}
	return w - legendGap
}

// placeLegend decides where the legend goes and its size: beside the
// title where it fits, a little smaller if need be; else on a row of
// its own; else on the library's rows.
func (p *plan) placeLegend() {
	p.legendFont = p.font(textSize)
	if len(p.Series) < 2 {
		p.legend = legendNone
		return
	}
	room := p.width - 32
	title := 0
	if p.Title != "" {
		title = p.painter.MeasureText(p.Title, 0, p.titleFont()).Width() + 24
	}
	for _, place := range []legendPlace{legendBesideTitle, legendOwnRow} {
		for size := float64(textSize); size >= minSize; size-- {
			p.legendFont.FontSize = size
			if p.legendWidth(p.legendFont)+title <= room {
				p.legend = place
				return
			}
		}
		title = 0
	}
	p.legendFont.FontSize = textSize
	p.legend = legendWrapped
}

// titleRow is the height of the title's row, 0 without a title or a
// legend beside it.
func (p *plan) titleRow() int {
	if p.Title == "" && p.legend != legendBesideTitle {
		return 0
	}
	return max(p.textHeight(p.titleFont()), legendRow) + 8
}

// headerHeight is the height of the title's row and the legend's.
func (p *plan) headerHeight() int {
	if p.legend == legendOwnRow {
		return p.titleRow() + legendRow + 6
	}
	return p.titleRow()
}

// padding is the room the library leaves free around its part of the
// chart: the margins, the header and the marks' names.
func (p *plan) padding() charts.Box {
	pad := charts.Box{Top: 8 + p.headerHeight(), Left: 8, Right: 16, Bottom: 6, IsSet: true}
	if len(p.marksDrawn) == 0 {
		return pad
	}
	if p.Kind == app.ChartBars {
		pad.Top += p.markRows * (p.textHeight(p.font(textSize)) + markGap)
		return pad
	}
	w := 0
	for _, name := range p.markNames {
		w = max(w, p.painter.MeasureText(name, 0, p.font(textSize)).Width())
	}
	pad.Right = max(pad.Right, w+2*markGap)
	return pad
}

// fitLabels picks the size and angle of the category labels so that
// they do not overlap: beside horizontal bars a smaller size; under
// columns a smaller size, then a slant; under a line (days) none of
// these. When nothing fits, every second (third, …) label is left blank.
// A label that would take too much of the chart is shortened first.
func (p *plan) fitLabels() {
	p.labels = slices.Clone(p.source)
	n := len(p.labels)
	// a label slanted under a column may take 45 % of the height; a few
	// labels stand level, each as wide as its slot
	room := p.plotWidth()
	longest := max(p.height*45/100, room/max(n, 1)-8)
	if p.Kind == app.ChartBars {
		room, longest = p.plotHeight(), p.width*3/10
	}
	p.label.FontSize = textSize
	for i, l := range p.labels {
		p.labels[i] = p.shorten(l, p.label, longest)
	}
	p.widest = ""
	widest := 0
	for _, l := range p.labels {
		if w, _ := p.measure([]string{l}, p.label); w > widest {
			p.widest, widest = l, w
		}
	}
	var tries []labelFit
	switch p.Kind {
	case app.ChartBars:
		tries = []labelFit{{12, false}, {11, false}, {10, false}, {9, false}}
	case app.ChartColumns:
		tries = []labelFit{{12, false}, {11, false}, {10, false}, {12, true}, {11, true}, {10, true}, {9, true}}
	default:
		tries = []labelFit{{12, false}}
	}
	k := 1 // every k-th label
fit:
	for ; k < n; k++ {
		for _, t := range tries {
			if p.labelsFit(room, (n+k-1)/k, t) {
				break fit
			}
		}
	}
	kept := p.labels[n-1]
	for i := range p.labels {
		first := i // counted from the first category, at the top beside bars
		if p.Kind == app.ChartBars {
			first = n - 1 - i
		}
		if first%k != 0 {
			p.labels[i] = ""
		}
	}
	if p.Kind == app.ChartLine {
		// under a line the library starts each label at its point but
		// ends the last at the end of the axis: keep that one (the
		// latest day) and clear the room before it
		p.labels[n-1] = kept
		w, _ := p.measure([]string{p.widest}, p.label)
		for i := n - 2; i > 0 && (n-1-i)*room < (2*w+6)*(n-1); i-- {
			p.labels[i] = ""
		}
	}
}

// labelFit is a size of the category labels, and whether they slant.
type labelFit struct {
	size  float64
	slant bool
}

// labelsFit reports whether count labels fit along room pixels of the
// category axis as t says, and sets their size and angle.
func (p *plan) labelsFit(room, count int, t labelFit) bool {
	p.label.FontSize = t.size
	p.rotation = 0
	if t.slant {
		p.rotation = -math.Pi / 4 // rising to the right, each ending under its column
	}
	w, h := p.measure([]string{p.widest}, p.label)
	slot := room / max(count, 1)
	switch {
	case p.Kind == app.ChartBars:
		return h <= slot
	case t.slant:
		return float64(h)*math.Sqrt2+2 <= float64(slot)
	}
	return w+6 <= slot
}

// barSize keeps bars from growing too thick: a column at most 48 pixels
// wide, a horizontal bar 28 high (else one class would be a block the
// width of the chart). It is a share of a category's room, 0 leaving the
// size to the library.
func (p *plan) barSize() float64 {
	room, most := p.plotWidth(), 48
	if p.Kind == app.ChartBars {
		room, most = p.plotHeight(), 28
	}
	lanes := len(p.Series)
	if p.Stacked {
		lanes = 1
	}
	slot := float64(room) / float64(len(p.labels))
	if slot <= 1.5*float64(most*lanes) {
		return 0
	}
	return float64(most*lanes) / slot
}

// crowded reports whether bars would be too thin to see: the library
// keeps 2 pixels at each end of a category and between grouped bars.
func (p *plan) crowded() bool {
	lanes := len(p.Series)
	if p.Stacked {
		lanes = 1
	}
	least := 4 + 3*lanes // a bar of at least a pixel
	switch p.Kind {
	case app.ChartBars:
		return p.plotHeight() < least*len(p.labels)
	case app.ChartColumns:
		return p.plotWidth() < least*len(p.labels)
	}
	return false
}

// plotWidth and plotHeight guess the room of the plot before the library
// lays it out: the size less the padding, the legend and the axes'
// labels.
func (p *plan) plotWidth() int {
	pad := p.padding()
	left, _ := p.measure([]string{p.format(p.lo), p.format(p.hi)}, p.font(textSize)) // the value axis' labels
	if p.Kind == app.ChartBars {
		left, _ = p.measure([]string{p.widest}, p.label) // the categories', once fitLabels has sized them
	}
	return p.width - pad.Left - pad.Right - left - 15
}

func (p *plan) plotHeight() int {
	pad := p.padding()
	h := p.height - pad.Top - pad.Bottom
	if p.legend == legendWrapped {
		h -= legendRow + 15 + 5 // the legend's row and the room around it
	}
	_, axis := p.measure([]string{p.format(p.hi)}, p.font(textSize))
	return h - axis - 15
}

// measure is the widest and tallest of texts in font f.
func (p *plan) measure(texts []string, f charts.FontStyle) (w, h int) {
	for _, t := range texts {
		b := p.painter.MeasureText(t, 0, f)
		w, h = max(w, b.Width()), max(h, b.Height())
	}
	return w, h
}

// shorten cuts text to at most limit pixels in font f, with an ellipsis.
func (p *plan) shorten(text string, f charts.FontStyle, limit int) string {
	if most := 4*limit/int(f.FontSize) + 1; utf8.RuneCountInString(text) > most {
		// no character is narrower than a quarter of the size: the
		// rest is never measured
		text = string([]rune(text)[:most]) + "…"
	}
	return linebreak.Fit(text, float64(limit), func(s string) float64 { return float64(p.painter.MeasureText(s, 0, f).Width()) })
}

// draw renders the chart, its title and its marks.
func (p *plan) draw() error {
	var marks *markAxis
	if len(p.marksDrawn) > 0 {
		var err error
		if marks, err = p.findMarkAxis(); err != nil {
			return err
		}
	}
	if err := p.render(p.painter, p.rows, p.pal.theme(p.dark), false); err != nil {
		return err
	}
	if p.Title != "" {
		title := p.shorten(p.Title, p.titleFont(), p.width-16)
		p.painter.Text(title, 8, 8+(p.titleRow()+p.textHeight(p.titleFont()))/2-4, 0, p.titleFont())
	}
	if marks != nil {
		p.drawMarks(marks)
	}
	return nil
}

// render draws a chart of the plan's kind with rows on painter. A probe
// (see findMarkAxis) is drawn stacked, with its rows after as many empty
// series as the chart has, so that its legend and axes take the same
// room as the chart's.
func (p *plan) render(painter *charts.Painter, rows [][]float64, theme charts.ColorPalette, probe bool) error {
	pad := p.padding()
	title := charts.TitleOption{Show: charts.Ptr(false)}
	legend := charts.LegendOption{
		Show:        charts.Ptr(len(p.Series) > 1),
		SeriesNames: p.seriesNames,
		FontStyle:   p.legendFont,
		Offset:      charts.OffsetRight,
		Symbol:      charts.SymbolSquare,
	}
	switch p.legend {
	case legendBesideTitle: // over the chart, up in the header
		legend.OverlayChart = charts.Ptr(true)
		legend.Padding = charts.Box{Top: 8 + (p.titleRow()-legendRow)/2 - pad.Top, IsSet: true}
	case legendOwnRow:
		legend.OverlayChart = charts.Ptr(true)
		legend.Offset = charts.OffsetLeft
		legend.Padding = charts.Box{Top: 8 + p.titleRow() - pad.Top, IsSet: true}
	case legendWrapped:
		if p.Kind == app.ChartBars && len(p.marksDrawn) > 0 {
			legend.Offset = charts.OffsetStr{Left: charts.PositionCenter, Top: charts.PositionBottom}
		}
	}
	valueAxis := charts.ValueAxisOption{
		Min:                 charts.Ptr(p.lo),
		Max:                 charts.Ptr(p.hi),
		LabelCount:          p.steps + 1,
		PreferNiceIntervals: charts.Ptr(false),
		LabelFontStyle:      charts.FontStyle{Font: p.regular, FontSize: textSize, FontColor: p.pal.label},
		ValueFormatter:      p.format,
	}
	category := charts.CategoryAxisOption{
		BoundaryGap:    charts.Ptr(true), // each label in the middle of its bar, however many
		Labels:         p.labels,
		LabelCount:     len(p.labels), // fitLabels left blank those that do not fit
		LabelFontStyle: charts.FontStyle{Font: p.regular, FontSize: p.label.FontSize, FontColor: p.pal.label},
		LabelRotation:  p.rotation,
	}

	if p.Kind == app.ChartLine {
		category.BoundaryGap = charts.Ptr(false) // the first and last days at the ends
		opt := charts.NewLineChartOptionWithData(rows)
		opt.Theme, opt.Padding, opt.Title, opt.Legend = theme, pad, title, legend
		opt.XAxis, opt.YAxis, opt.ValueFormatter = category, []charts.YAxisOption{valueAxis}, p.format
		opt.LineStrokeWidth = 2
		opt.Symbol = charts.Symbol{Shape: charts.SymbolNone}
		switch {
		case probe: // an area from the bottom of the axis to the top, over the whole plot
			opt.FillArea, opt.FillOpacity, opt.LineStrokeWidth = charts.Ptr(true), 255, 0.01
		case len(p.labels) <= 31:
			opt.Symbol = charts.Symbol{Shape: charts.SymbolCircle, Size: 2.5}
		}
		return painter.LineChart(opt)
	}
	if p.Stacked || probe {
		// the library starts a stack's axis below its least value when
		// none is 0 (so that every part shows), whatever Min says; a
		// series of one 0, in no legend, keeps the axis at 0
		rows = append(slices.Clone(rows), []float64{0})
	}
	opt := charts.NewBarChartOptionWithData(rows)
	opt.Theme, opt.Padding, opt.Title, opt.Legend = theme, pad, title, legend
	opt.Horizontal = p.Kind == app.ChartBars
	opt.BarSize = p.barSize()
	opt.StackSeries = charts.Ptr(p.Stacked || probe)
	opt.ValueAxis, opt.CategoryAxis, opt.ValueFormatter = []charts.ValueAxisOption{valueAxis}, category, p.format
	return painter.BarChart(opt)
}
