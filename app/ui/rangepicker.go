package ui

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// rangePicker is a cockpit's range of days, the school's and the
// bureau's alike: a preset ending today (today, this week, month, term)
// or two days typed.
type rangePicker struct {
	kind     app.RangeKind
	today    func() time.Time
	kindSel  *widget.Select
	from, to *widget.Entry
	custom   *fyne.Container // the two days and Apply, shown for a custom range
}

// newRangePicker starts at kind; changed is called for a preset picked
// and for the custom days applied.
func newRangePicker(kind app.RangeKind, today func() time.Time, changed func()) *rangePicker {
	p := &rangePicker{kind: kind, today: today}
	labels := make([]string, len(app.RangeKinds))
	for i, k := range app.RangeKinds {
		labels[i] = i18n.T("cockpit.range." + string(k))
	}
	p.kindSel = widget.NewSelect(labels, nil)
	p.kindSel.SetSelectedIndex(slices.Index(app.RangeKinds, p.kind))
	p.kindSel.OnChanged = func(string) {
		p.kind = app.RangeKinds[p.kindSel.SelectedIndex()]
		if p.kind == app.RangeCustom {
			r := app.RangeOf(p.kind, p.today())
			p.from.SetText(app.FormatDate(r.From))
			p.to.SetText(app.FormatDate(r.To))
			p.custom.Show()
			return
		}
		p.custom.Hide()
		changed()
	}
	p.from, p.to = widget.NewEntry(), widget.NewEntry()
	p.from.SetPlaceHolder("2026-09-01")
	p.to.SetPlaceHolder("2026-12-31")
	p.to.OnSubmitted = func(string) { changed() }
	apply := widget.NewButton(i18n.T("cockpit.range.apply"), changed)
	p.custom = container.NewHBox(container.New(minWidth(110), p.from), widget.NewLabel("—"), container.New(minWidth(110), p.to), apply)
	p.custom.Hide()
	return p
}

// picked is the range asked for, or the error to show: custom days that
// are not dates, or not a range the cockpit computes.
func (p *rangePicker) picked() (app.DateRange, error) {
	r := app.RangeOf(p.kind, p.today())
	if p.kind == app.RangeCustom {
		from, ferr := app.ParseDate(p.from.Text)
		to, terr := app.ParseDate(p.to.Text)
		if ferr != nil || terr != nil {
			return r, app.Errorf(app.EINVALID, "cockpit.error.range_missing")
		}
		r = app.DateRange{From: from, To: to}
	}
	return r, r.Validate()
}
