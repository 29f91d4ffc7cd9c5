package app

// A Chart is a chart as the screens, the printed cockpit and the PNG
// export describe it: what to draw, never how. A ChartRenderer draws it.

// ChartKind is the form of a chart.
type ChartKind string

// The kinds of chart.
const (
	ChartLine    ChartKind = "line"    // a trend: Labels along the bottom
	ChartColumns ChartKind = "columns" // vertical bars: Labels along the bottom
	ChartBars    ChartKind = "bars"    // horizontal bars: Labels down the side, first at the top
	// ChartDonut shows parts of a whole: a ring of the first series'
	// values, a slice per label (at most MaxDonutSlices), the sum inside
	ChartDonut ChartKind = "donut"
)

// MaxDonutSlices is the most slices a donut has: more do not read.
const MaxDonutSlices = 5

// Chart is what to draw: categories, one or more series over them
// (grouped side by side, or stacked), and lines to mark values.
type Chart struct {
	Kind    ChartKind
	Title   string        // in the user's language; "" for none
	Labels  []string      // the categories
	Series  []ChartSeries // a legend names them when there are several
	Stacked bool          // the series stack instead of standing side by side
	// Percent: the values are fractions of 1, drawn on a 0–100 % axis.
	Percent bool
	Marks   []ChartMark // e.g. the class-size lines
}

// ChartSeries is one series of values, one per label.
type ChartSeries struct {
	Name   string
	Values []float64
}

// ChartMark is a value marked by a line across the chart, with its name.
type ChartMark struct {
	Value float64
	Label string
}

// ChartRenderer draws charts as PNG images, with the bundled font so
// Chinese labels show, in the colours of the light or dark theme.
type ChartRenderer interface {
	RenderPNG(c Chart, width, height int, dark bool) ([]byte, error)
}
