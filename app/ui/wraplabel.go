package ui

import (
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app/linebreak"
)

// wrapLabel is a label whose text wraps by the rules of Chinese line
// breaking (app/linebreak): no line starts with 。 or ends with （, a
// number keeps its unit, the names in Keep stay whole. Every label whose
// text may run over a line is one; widget.Label's own wrapping breaks
// Chinese between any two characters.
//
// Like a wrapping widget.Label, it asks for little width and for the
// height of its lines at the width it is given.
type wrapLabel struct {
	widget.BaseWidget

	Text       string
	Keep       []string // pieces of Text never broken across lines, such as the names of people in it
	Alignment  fyne.TextAlign
	TextStyle  fyne.TextStyle
	Importance widget.Importance
	SizeName   fyne.ThemeSizeName // theme.SizeNameText when empty
}

// newWrapLabel returns a wrapping label showing text.
func newWrapLabel(text string) *wrapLabel {
	return newWrapLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{})
}

// newWrapLabelWithStyle returns a wrapping label showing text aligned and
// styled as given.
func newWrapLabelWithStyle(text string, align fyne.TextAlign, style fyne.TextStyle) *wrapLabel {
	l := &wrapLabel{Text: text, Alignment: align, TextStyle: style}
	l.ExtendBaseWidget(l)
	return l
}

// SetText shows text.
func (l *wrapLabel) SetText(text string) {
	l.Text = text
	l.Refresh()
}

func (l *wrapLabel) CreateRenderer() fyne.WidgetRenderer {
	r := &wrapLabelRenderer{l: l, label: widget.NewLabel("")}
	r.Refresh()
	return r
}

// wrapLabelRenderer shows the lines in a widget.Label that does not wrap
// itself, so its importance colours and styles are widget.Label's.
type wrapLabelRenderer struct {
	l     *wrapLabel
	label *widget.Label
	width float32 // the width the lines are broken for; 0 until laid out

	// the characters' widths in the text size and style, measured once
	// between refreshes (a refresh may bring another theme)
	widths   map[rune]float64
	textSize float32
}

func (r *wrapLabelRenderer) Layout(size fyne.Size) {
	if size.Width != r.width {
		r.width = size.Width
		r.update()
	}
	r.label.Resize(size)
}

// MinSize is a little width and the height of the lines at the width
// laid out.
func (r *wrapLabelRenderer) MinSize() fyne.Size {
	pad := r.l.Theme().Size(theme.SizeNameInnerPadding)
	return fyne.NewSize(2*pad, r.label.MinSize().Height)
}

func (r *wrapLabelRenderer) Refresh() {
	r.widths = nil
	r.update()
}

func (r *wrapLabelRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.label} }

func (r *wrapLabelRenderer) Destroy() {}

// update breaks the text into lines for the width laid out in the
// theme's text size and shows them; before the first layout, the text's
// own lines.
func (r *wrapLabelRenderer) update() {
	l, label := r.l, r.label
	label.Alignment, label.TextStyle, label.Importance, label.SizeName = l.Alignment, l.TextStyle, l.Importance, l.SizeName
	th := l.Theme()
	sizeName := l.SizeName
	if sizeName == "" {
		sizeName = theme.SizeNameText
	}
	if r.widths == nil {
		r.widths, r.textSize = map[rune]float64{}, th.Size(sizeName)
	}
	max := math.Inf(1)
	if r.width > 0 {
		max = float64(r.width - 2*th.Size(theme.SizeNameInnerPadding))
	}
	label.Text = strings.Join(linebreak.Lines(l.Text, max, r.runeWidth, l.Keep...), "\n")
	label.Refresh()
}

// runeWidth is the width of c in the label's font.
func (r *wrapLabelRenderer) runeWidth(c rune) float64 {
	w, ok := r.widths[c]
	if !ok {
		w = float64(fyne.MeasureText(string(c), r.textSize, r.l.TextStyle).Width)
		r.widths[c] = w
	}
	return w
}
