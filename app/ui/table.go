package ui

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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
// measuring a class column: 三年级12班, Grade 3 Class 12.
func classSample() string { return app.ClassLabel(3, "12班") }

// newLabelTable is a table of truncating labels under bold headers, the
// kind every list of records here uses. rows tells how many rows there
// are; cell gives a cell's text and importance (MediumImportance for
// plain text).
func newLabelTable(headers []string, rows func() int, cell func(row, col int) (string, widget.Importance)) *widget.Table {
	cols := len(headers)
	t := widget.NewTableWithHeaders(
		func() (int, int) { return rows(), cols },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row < 0 || id.Row >= rows() || id.Col < 0 || id.Col >= cols {
				l.SetText("")
				return
			}
			text, imp := cell(id.Row, id.Col)
			l.Importance = imp
			l.SetText(text)
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 && id.Col < cols {
			o.(*widget.Label).SetText(headers[id.Col])
		}
	}
	return t
}

// smallButtons is a row of low-importance buttons, one per label, without
// actions yet: the quick marks of the homework table and the roll call,
// whose cells set OnTapped for their row.
func smallButtons(labels []string) *fyne.Container {
	box := container.NewHBox()
	for _, l := range labels {
		b := widget.NewButton(l, nil)
		b.Importance = widget.LowImportance
		box.Add(b)
	}
	return box
}

// labelOrButtonsCell is a table cell that shows a label, or in the marks
// column the row of small buttons: Objects[0] is the label, Objects[1]
// the buttons, hidden until a cell shows them.
func labelOrButtonsCell(labels []string) fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	buttons := smallButtons(labels)
	buttons.Hide()
	return container.NewStack(l, buttons)
}
