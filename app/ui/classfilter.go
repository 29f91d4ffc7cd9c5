package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app/i18n"
)

// classSelectMost is the widest a class picker grows in a toolbar: a
// class of this year reads whole (Grade 3 Class 12), a past year's may
// be cut, and the toolbar still fits a small screen.
const classSelectMost = 220

// classFilter picks the class whose rows a long table shows: 全部 or one
// of the classes its rows belong to. With one class there is nothing to
// pick, and it hides.
type classFilter struct {
	sel     *widget.Select
	ids     []int64 // ids[i] is the class of option i+1; option 0 is all
	content *fyne.Container
}

// newClassFilter is a filter that calls changed after the user picks.
func newClassFilter(changed func()) *classFilter {
	f := &classFilter{}
	f.sel = widget.NewSelect(nil, func(string) { changed() })
	f.content = container.NewHBox(widget.NewLabel(i18n.T("classfilter.class")), fitOptions(f.sel, classSelectMost))
	f.content.Hide()
	return f
}

// Content is the filter's label and picker.
func (f *classFilter) Content() fyne.CanvasObject { return f.content }

// set offers the classes of n rows (class gives a row's class id and
// label), in the order they first come; the class picked stays picked
// while it is offered, else 全部.
func (f *classFilter) set(n int, class func(i int) (int64, string)) {
	picked := f.class()
	f.ids = f.ids[:0]
	options := []string{i18n.T("classfilter.all")}
	for i := range n {
		id, label := class(i)
		if !slices.Contains(f.ids, id) {
			f.ids = append(f.ids, id)
			options = append(options, label)
		}
	}
	f.sel.Options = options
	k := slices.Index(f.ids, picked)
	f.sel.Selected = options[k+1] // 全部 when it is gone (-1)
	f.sel.Refresh()
	f.content.Hidden = len(f.ids) < 2
	f.content.Refresh()
}

// class is the class picked, 0 for all.
func (f *classFilter) class() int64 {
	if i := f.sel.SelectedIndex(); i > 0 && i <= len(f.ids) {
		return f.ids[i-1]
	}
	return 0
}

// rows lists the rows of the class picked, all of them for 全部.
func (f *classFilter) rows(n int, class func(i int) int64) []int {
	picked := f.class()
	out := make([]int, 0, n)
	for i := range n {
		if picked == 0 || class(i) == picked {
			out = append(out, i)
		}
	}
	return out
}

// fitOptions is sel as wide as its longest option, up to most: Fyne
// sizes a select by its placeholder, and cuts a longer option picked
// (Grade 1 Cl…) where nothing else stretches it, as in a toolbar's row.
// Options set later count too.
func fitOptions(sel *widget.Select, most float32) fyne.CanvasObject {
	return container.New(optionsWidth{sel, most}, sel)
}

type optionsWidth struct {
	sel  *widget.Select
	most float32
}

func (o optionsWidth) MinSize(objects []fyne.CanvasObject) fyne.Size {
	size := o.sel.MinSize()
	var text float32
	for _, opt := range o.sel.Options {
		text = max(text, fyne.MeasureText(opt, theme.TextSize(), fyne.TextStyle{}).Width)
	}
	// padded as the select pads its text, and its arrow
	size.Width = max(size.Width, min(o.most, text+4*theme.InnerPadding()+theme.IconInlineSize()))
	return size
}

func (o optionsWidth) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	objects[0].Move(fyne.Position{})
	objects[0].Resize(size)
}
