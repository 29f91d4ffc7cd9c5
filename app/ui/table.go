package ui

import (
	"math"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// columnWidth is the width a table column needs to show its header (in
// bold) and the widest line of texts whole. Labels truncate at whole
// pixels, so it rounds up and keeps a pixel spare.
func columnWidth(header string, texts ...string) float32 {
	w := fyne.MeasureText(header, theme.TextSize(), fyne.TextStyle{Bold: true}).Width
	for _, t := range texts {
		for line := range strings.SplitSeq(t, "\n") {
			w = max(w, fyne.MeasureText(line, theme.TextSize(), fyne.TextStyle{}).Width)
		}
	}
	return float32(math.Ceil(float64(w))) + 2*theme.InnerPadding() + 2
}

// colKind is how a table column takes its part of the table's width.
type colKind int

const (
	// colFit is as wide as its header and its widest sample: numbers,
	// dates, states, a class.
	colFit colKind = iota
	// colPhone holds phone numbers (perhaps after a name): as wide as its
	// widest sample and never narrower than a whole phone number; it
	// never gives up width.
	colPhone
	// colText holds names and free text (a reason, an answer): it takes
	// the width the other columns leave, or gives up width first when
	// there is too little, down to a short name's; a text cut short reads
	// whole on a click.
	colText
)

// column is a table column as the width policy sees it: its header, its
// kind and the texts its width is measured on.
type column struct {
	header  string
	kind    colKind
	samples []string
}

// phoneSamples are the widest phone numbers, whole and masked; a phone
// column is never narrower than they are.
var phoneSamples = []string{"18888888888", "188****8888"}

// tableFit is the width policy of a table, the same for every table: it
// fits the columns to the width the table has whenever that changes.
// Fit and phone columns get what they need; text columns share what is
// left over, and when the width is short they give it up first, each in
// proportion to what it can spare, down to a short name's width, then
// if need be to two characters. Only when that is not enough does the
// table scroll sideways.
type tableFit struct {
	table  columnTable
	cols   []column
	need   []float32 // to show every sample whole
	least  map[int]float32
	widths []float32 // as fitted
	width  float32   // the width fitted to
}

// What a text column keeps of its width when the table's width is short:
// a short name's, then, when that is still too wide, two characters'.
var textLeast = []string{"欧阳思", "欧阳"}

// columnTable is a table whose columns can be sized: a widget.Table, or
// a table that embeds one.
type columnTable interface {
	fyne.CanvasObject
	SetColumnWidth(col int, width float32)
}

// fitColumns fits t's columns to the width it has by the policy of
// tableFit. It returns the fit, whose measure takes new samples when the
// data changes, and t in a container that refits it, to place where t
// would go.
func fitColumns(t columnTable, cols []column) (*tableFit, fyne.CanvasObject) {
	f := &tableFit{table: t, least: map[int]float32{}}
	f.measure(cols)
	return f, container.New(f, t)
}

// measure sizes the columns to new samples (of loaded data) and fits them
// again.
func (f *tableFit) measure(cols []column) {
	f.cols = cols
	f.need = make([]float32, len(cols))
	for c, col := range cols {
		samples := col.samples
		if col.kind == colPhone {
			samples = append(samples[:len(samples):len(samples)], phoneSamples...)
		}
		f.need[c] = max(columnWidth(col.header, samples...), f.least[c])
	}
	f.fit(f.width)
}

// fit gives the columns their widths in a table width wide.
func (f *tableFit) fit(width float32) {
	f.width = width
	widths := slices.Clone(f.need)
	var total float32
	texts := 0
	for c, w := range widths {
		total += w
		if f.cols[c].kind == colText {
			texts++
		}
	}
	// the table's own padding between columns
	over := total - (width - float32(len(widths))*theme.Padding())
	if width > 0 && texts > 0 && over < 0 {
		for c := range widths {
			if f.cols[c].kind == colText {
				widths[c] -= over / float32(texts)
			}
		}
	}
	for _, least := range textLeast {
		if width <= 0 || over <= 0 {
			break
		}
		over = f.giveUp(widths, over, columnWidth("", least))
	}
	f.widths = widths
	for c, w := range widths {
		f.table.SetColumnWidth(c, float32(math.Floor(float64(w))))
	}
}

// atLeast keeps column col at least w wide, for cells that hold more
// than a text, such as buttons.
func (f *tableFit) atLeast(col int, w float32) {
	f.least[col] = w
	f.measure(f.cols)
}

// giveUp takes up to over from the text columns wider than least, each
// in proportion to what it can spare, and returns what is still over.
func (f *tableFit) giveUp(widths []float32, over, least float32) float32 {
	var spare float32
	for c, w := range widths {
		if f.cols[c].kind == colText && w > least {
			spare += w - least
		}
	}
	if spare <= 0 {
		return over
	}
	cut := min(over, spare)
	for c, w := range widths {
		if f.cols[c].kind == colText && w > least {
			widths[c] -= cut * (w - least) / spare
		}
	}
	return over - cut
}

// cut reports whether text is cut short in column col.
func (f *tableFit) cut(col int, text string) bool {
	return col >= 0 && col < len(f.widths) && columnWidth("", text) > f.widths[col]
}

// showWhole shows a cell's text whole in a small dialog when the column
// cuts it short, and reports whether it did: the click on a table whose
// rows open nothing else.
func (f *tableFit) showWhole(win fyne.Window, col int, text string) bool {
	if !f.cut(col, text) {
		return false
	}
	l := newWrapLabel(text)
	dialog.NewCustom(f.cols[col].header, i18n.T("dialog.ok"), container.New(minWidth(360), l), win).Show()
	return true
}

// MinSize is the table's: the columns fit whatever it gets.
func (f *tableFit) MinSize(objects []fyne.CanvasObject) fyne.Size { return objects[0].MinSize() }

// Layout fits the columns to the new width, then sizes the table.
func (f *tableFit) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	if size.Width != f.width {
		f.fit(size.Width)
	}
	objects[0].Move(fyne.NewPos(0, 0))
	objects[0].Resize(size)
}

// fitRowHeights makes each of the first rows of t as high as the most
// lines a cell of it holds (a line per guardian, say), so that a long
// cell reads whole in a narrow column.
func fitRowHeights(t *widget.Table, rows int, lines func(row int) int) {
	heights := map[int]float32{}
	for r := range rows {
		n := max(lines(r), 1)
		h, ok := heights[n]
		if !ok {
			h = widget.NewLabel(strings.Repeat("\n", n-1)).MinSize().Height
			heights[n] = h
		}
		t.SetRowHeight(r, h)
	}
}

// measuredRows is how many rows of a long table columnWidth reads to fit
// a column to its data: enough to find the usual widest, cheap to measure.
const measuredRows = 500

// classSample is a long class label in the current language, for
// measuring a class column: 三年级12班, Grade 3 Class 12.
func classSample() string { return app.ClassLabel(3, "12班") }

// labelIn is the label a table cell or header shows: the object itself,
// or the first of a container's (a compact cell, a header). A table with
// sticky columns also hands its corner's container to UpdateHeader, which
// holds no label: ok is false then.
func labelIn(o fyne.CanvasObject) (l *widget.Label, ok bool) {
	if c, isBox := o.(*fyne.Container); isBox && len(c.Objects) > 0 {
		o = c.Objects[0]
	}
	l, ok = o.(*widget.Label)
	return l, ok
}

// newHeaderLabel is a table's column header: bold, and cut short with …
// when the column is narrower, rather than running into the next one's.
func newHeaderLabel() *widget.Label {
	l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

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
	t.CreateHeader = func() fyne.CanvasObject { return newHeaderLabel() }
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if l, ok := labelIn(o); ok && id.Row < 0 && id.Col >= 0 && id.Col < cols {
			l.SetText(headers[id.Col])
		}
	}
	return t
}

// textTable is a read-only table over pre-formatted rows; each column is
// as wide as its sample text (or header), the last one as its longest
// text, so that a reason or a class reads whole: the table scrolls.
func textTable(headers, samples []string, rows [][]string) *widget.Table {
	return rowsTable(headers, samples, rows, nil)
}

// rowsTable is a textTable whose rows show in the importance imp gives
// them; nil for plain text.
func rowsTable(headers, samples []string, rows [][]string, imp func(row int) widget.Importance) *widget.Table {
	t := newLabelTable(headers, func() int { return len(rows) }, func(row, col int) (string, widget.Importance) {
		text, importance := "", widget.MediumImportance
		if col < len(rows[row]) {
			text = rows[row][col]
		}
		if imp != nil {
			importance = imp(row)
		}
		return text, importance
	})
	for c, h := range headers {
		var texts []string
		if c < len(samples) {
			texts = append(texts, samples[c])
		}
		if c == len(headers)-1 {
			for i, r := range rows {
				if i == measuredRows || c >= len(r) {
					break
				}
				texts = append(texts, r[c])
			}
		}
		t.SetColumnWidth(c, columnWidth(h, texts...))
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

// labelOrButtonsCell is a compact table cell that shows a label, or in
// the marks column the row of small buttons: Objects[0] is the label,
// Objects[1] the buttons, hidden until a cell shows them.
func labelOrButtonsCell(labels []string) fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	buttons := smallButtons(labels)
	buttons.Hide()
	return container.New(compactCell{}, l, buttons)
}

// compactCell stacks a table cell's objects in rows lower than their
// least height, so that a class of 45 shows as many as a small screen
// allows: a label gives up the padding above and below its text, which
// stays centred; buttons fill the row.
type compactCell struct{}

func (compactCell) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		s = s.Max(o.MinSize())
	}
	return s.SubtractWidthHeight(0, theme.InnerPadding())
}

func (compactCell) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	pad := theme.InnerPadding()
	for _, o := range objects {
		if _, ok := o.(*widget.Label); ok {
			o.Move(fyne.NewPos(0, -pad/2))
			o.Resize(size.AddWidthHeight(0, pad))
			continue
		}
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}
