package ui

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"jxj/app"
)

// columnWidth is the width a table column needs to show its header (in
// bold) and the widest of texts whole. Labels truncate at whole pixels,
// so it rounds up and keeps a pixel spare.
func columnWidth(header string, texts ...string) float32 {
	w := fyne.MeasureText(header, theme.TextSize(), fyne.TextStyle{Bold: true}).Width
	for _, t := range texts {
		w = max(w, fyne.MeasureText(t, theme.TextSize(), fyne.TextStyle{}).Width)
	}
	return float32(math.Ceil(float64(w))) + 2*theme.InnerPadding() + 2
}

// measuredRows is how many rows of a long table columnWidth reads to fit
// a column to its data: enough to find the usual widest, cheap to measure.
const measuredRows = 500

// classSample is a long class label in the current language, for
// measuring a class column: 三年级12班, Grade 3 12班.
func classSample() string { return app.ClassLabel(3, "12班") }
