package chart

import (
	"math"

	"github.com/go-analyze/charts"

	"jxj/app"
)

// donut draws a ChartDonut: the first series' values as the slices of a
// ring, named in the legend above it, their sum in the middle, under the
// title as the other charts have it. A slice that is not a number or
// below 0 counts as 0; a donut with nothing in it, or more slices than
// app.MaxDonutSlices, is EINVALID.
func (r *Renderer) donut(c app.Chart, width, height int, dark bool) ([]byte, error) {
	if len(c.Labels) == 0 || len(c.Series) == 0 {
		return nil, app.Errorf(app.EINVALID, "charts.error.empty")
	}
	if len(c.Labels) > app.MaxDonutSlices {
		return nil, app.Errorf(app.EINVALID, "charts.error.crowded", len(c.Labels))
	}
	values := make([]float64, len(c.Labels))
	sum := 0.0
	for i := range values {
		if i >= len(c.Series[0].Values) {
			continue
		}
		v := c.Series[0].Values[i]
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0) || v < 0:
			continue
		case v > maxValue:
			return nil, app.Errorf(app.EINVALID, "charts.error.value", c.Series[0].Name, c.Labels[i])
		}
		values[i] = v
		sum += v
	}
	if sum == 0 {
		return nil, app.Errorf(app.EINVALID, "charts.error.empty")
	}
	p := &plan{data: &data{Chart: c}, width: width, height: height, dark: dark, pal: paletteFor(dark),
		regular: r.regular, bold: r.bold}
	p.painter = charts.NewPainter(charts.PainterOptions{Width: width, Height: height, Font: r.regular})
	top := 8
	if c.Title != "" {
		top += p.textHeight(p.titleFont()) + 8
	}
	label := p.font(textSize)
	err := p.painter.DoughnutChart(charts.DoughnutChartOption{
		Theme:      p.pal.theme(dark),
		Padding:    charts.Box{Top: top, Left: 8, Right: 8, Bottom: 8, IsSet: true},
		SeriesList: charts.NewSeriesListDoughnut(values, charts.DoughnutSeriesOption{Names: c.Labels}),
		Title:      charts.TitleOption{Show: charts.Ptr(false)},
		Legend: charts.LegendOption{Show: charts.Ptr(true), FontStyle: label,
			Symbol: charts.SymbolSquare, Padding: charts.Box{Bottom: 8, IsSet: true}},
		RadiusRing:            "40%",
		RadiusCenter:          "25%",
		CenterValues:          "sum",
		CenterValuesFontStyle: p.titleFont(),
		ValueFormatter:        func(v float64) string { return formatCount(v) },
	})
	if err != nil {
		return nil, app.WrapError(err, "charts.error.render")
	}
	if c.Title != "" {
		title := p.shorten(c.Title, p.titleFont(), width-16)
		p.painter.Text(title, 8, 8+p.textHeight(p.titleFont())-4, 0, p.titleFont())
	}
	png, err := p.painter.Bytes()
	if err != nil {
		return nil, app.WrapError(err, "charts.error.render")
	}
	return png, nil
}

// formatCount writes a slice's value: whole numbers as they are, others
// with one decimal.
func formatCount(v float64) string {
	if v == math.Trunc(v) {
		return charts.FormatValueHumanize(v, 0, false)
	}
	return charts.FormatValueHumanize(v, 1, false)
}
