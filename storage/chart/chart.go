package chart

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/go-analyze/charts"
	"github.com/golang/freetype/truetype"

	"jxj/app"
	"jxj/assets"
)

// The sizes a chart may be drawn at, in pixels.
const (
	minSide = 60
	maxSide = 4000
)

// maxValue bounds the values drawn: jxj's charts show counts and rates,
// and beyond this the axis arithmetic loses its precision.
const maxValue = 1e12

// Font sizes, in pixels.
const (
	titleSize = 14
	textSize  = 12 // legend, axis labels, the marks' names
	minSize   = 10 // the smallest legend
)

// Renderer draws charts with github.com/go-analyze/charts in the bundled
// font. It holds no state but the fonts, so one Renderer may draw several
// charts at once.
type Renderer struct {
	regular, bold *truetype.Font
	err           error // the bundled font could not be read
}

var _ app.ChartRenderer = (*Renderer)(nil)

// New returns a Renderer that writes with the bundled Chinese font.
func New() *Renderer {
	r := &Renderer{}
	r.regular, r.err = truetype.Parse(assets.FontRegular)
	if r.err == nil {
		r.bold, r.err = truetype.Parse(assets.FontBold)
	}
	return r
}

// RenderPNG draws c as a PNG image of width × height pixels, in the
// colours of jxj's light or dark theme. A chart with nothing to draw, a
// size out of range or a value too large is an EINVALID error; values
// that are not numbers (NaN, ±Inf) are left out as gaps.
func (r *Renderer) RenderPNG(c app.Chart, width, height int, dark bool) (png []byte, err error) {
	// the library draws what users typed (names, titles): should it
	// fail on some text, the chart is not drawn, the window stays
	defer func() {
		if v := recover(); v != nil {
			png, err = nil, app.WrapError(fmt.Errorf("%v", v), "charts.error.render")
		}
	}()
	if r.err != nil {
		return nil, app.WrapError(r.err, "charts.error.render")
	}
	if width < minSide || height < minSide || width > maxSide || height > maxSide {
		return nil, app.Errorf(app.EINVALID, "charts.error.size", width, height, minSide, maxSide)
	}
	if c.Kind == app.ChartDonut {
		return r.donut(c, width, height, dark)
	}
	d, err := prepare(c)
	if err != nil {
		return nil, err
	}
	p := r.plan(d, width, height, dark)
	if p.crowded() {
		return nil, app.Errorf(app.EINVALID, "charts.error.crowded", len(c.Labels))
	}
	if err := p.draw(); err != nil {
		return nil, app.WrapError(err, "charts.error.render")
	}
	if png, err = p.painter.Bytes(); err != nil {
		return nil, app.WrapError(err, "charts.error.render")
	}
	return png, nil
}

// data is a chart's values made ready to draw: one value per label in
// every series, gaps as the library's null value, percentages out of 100,
// and the value axis they need.
type data struct {
	app.Chart
	values     [][]float64
	marksDrawn []app.ChartMark // the marks with a value, scaled as the values
	low, high  float64         // the lowest and highest value, stacks and marks, from 0
	integers   bool            // every value is whole: no decimals on the axis
	lo, hi     float64         // the value axis
	steps      int             // between lo and hi
}

// prepare checks c and readies its values.
func prepare(c app.Chart) (*data, error) {
	switch c.Kind {
	case app.ChartLine, app.ChartColumns, app.ChartBars:
	default:
		return nil, app.Errorf(app.EINVALID, "charts.error.kind", string(c.Kind))
	}
	if len(c.Labels) == 0 || len(c.Series) == 0 {
		return nil, app.Errorf(app.EINVALID, "charts.error.empty")
	}
	if c.Kind == app.ChartColumns && len(c.Labels) == 1 {
		// the library writes a lone column's label at the axis' left
		// end, not under it; a lone bar's label stands beside it
		c.Kind = app.ChartBars
	}
	scale := 1.0
	if c.Percent {
		scale = 100
	}
	d := &data{Chart: c, integers: !c.Percent}
	null := charts.GetNullValue()
	lo, hi := 0.0, 0.0
	sums := make([]float64, len(c.Labels)) // each stack's positive and negative parts
	negs := make([]float64, len(c.Labels))
	for _, s := range c.Series {
		row := make([]float64, len(c.Labels))
		for i := range row {
			row[i] = null
			if i >= len(s.Values) {
				continue
			}
			v := s.Values[i]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			if math.Abs(v) > maxValue {
				return nil, app.Errorf(app.EINVALID, "charts.error.value", s.Name, c.Labels[i])
			}
			v *= scale
			row[i] = v
			if v != math.Trunc(v) {
				d.integers = false
			}
			lo, hi = min(lo, v), max(hi, v)
			if v >= 0 {
				sums[i] += v
			} else {
				negs[i] += v
			}
		}
		d.values = append(d.values, row)
	}
	if c.Stacked {
		lo, hi = min(lo, slices.Min(negs)), max(hi, slices.Max(sums))
	}
	for _, m := range c.Marks {
		if math.IsNaN(m.Value) || math.IsInf(m.Value, 0) || math.Abs(m.Value) > maxValue {
			continue
		}
		m.Value *= scale
		d.marksDrawn = append(d.marksDrawn, m)
		lo, hi = min(lo, m.Value), max(hi, m.Value)
	}
	if c.Percent {
		hi = max(hi, 100)
	}
	d.low, d.high = lo, hi
	d.setAxis(5)
	return d, nil
}

// setAxis picks the value axis: from d.low to d.high widened to round
// numbers, in at most most equal steps (and at least two when the axis
// crosses 0) of 1, 2, 2.5 or 5 times a power of ten, the smallest such
// step; whole steps for whole values.
func (d *data) setAxis(most int) {
	lo, hi := d.low, d.high
	if hi-lo < 1e-9 {
		hi = lo + 1
	}
	most = max(most, 2)
	for mag := math.Pow(10, math.Floor(math.Log10((hi-lo)/float64(most)))); ; mag *= 10 {
		for _, m := range []float64{1, 2, 2.5, 5} {
			step := m * mag
			if d.integers && step != math.Trunc(step) {
				continue
			}
			a, b := math.Floor(lo/step)*step, math.Ceil(hi/step)*step
			if n := int(math.Round((b - a) / step)); n <= most {
				d.lo, d.hi, d.steps = a, b, n
				return
			}
		}
	}
}

// format writes a value of the axis.
func (d *data) format(v float64) string {
	if d.Percent {
		return strconv.FormatFloat(v, 'f', -1, 64) + "%"
	}
	step := (d.hi - d.lo) / float64(d.steps)
	decimals := max(0, int(math.Ceil(-math.Log10(step)-1e-9)))
	return strconv.FormatFloat(v, 'f', decimals, 64)
}
