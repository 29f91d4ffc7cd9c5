package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// AuditPageSize is how many records the page reads at a time; 更早的记录
// reads as many again.
const AuditPageSize = 100

// AuditScreen is the school's records (操作记录) for an admin or
// principal: each change as a sentence (who did what to what, when),
// newest first, filtered by person, kind and days, with an Excel export
// of what the filter finds. It is opened from the settings.
type AuditScreen struct {
	env  *Env
	back func()
	root fyne.CanvasObject

	person  *widget.Select
	people  []app.AuditActor // the people after 所有人, in person's order
	kind    *widget.Select
	from    *widget.Entry
	to      *widget.Entry
	exportB *widget.Button

	check   *wrapLabel // the warning of a broken chain; hidden when intact
	list    *widget.List
	note    *widget.Label // loading, nothing found, an error
	more    *widget.Button
	detail  *widget.Label // the selected record in full, with what is stored
	filter  app.AuditFilter
	entries []*app.AuditEntry
	rows    []auditRow
	loads   int // the latest load; an older one's result is dropped
}

// auditRow is a record as the list shows it.
type auditRow struct{ at, sentence string }

// NewAuditScreen builds the records page and starts loading it; back
// returns to the settings.
func NewAuditScreen(env *Env, back func()) *AuditScreen {
	s := &AuditScreen{env: env, back: back}
	s.build()
	s.loadPeople()
	s.checkChain()
	s.Reload()
	return s
}

// Content returns the screen's widgets.
func (s *AuditScreen) Content() fyne.CanvasObject { return s.root }

func (s *AuditScreen) build() {
	backB := widget.NewButtonWithIcon(i18n.T("auditpage.back"), theme.NavigateBackIcon(), s.back)
	backB.Importance = widget.LowImportance
	title := widget.NewLabelWithStyle(i18n.T("auditpage.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.exportB = widget.NewButtonWithIcon(i18n.T("auditpage.export"), theme.DocumentSaveIcon(), s.chooseExport)
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), func() {
		s.checkChain()
		s.Reload()
	})
	refresh.Importance = widget.LowImportance
	head := container.NewBorder(nil, nil, container.NewHBox(backB, title), container.NewHBox(s.exportB, refresh))

	s.person = widget.NewSelect([]string{i18n.T("auditpage.everyone")}, func(string) { s.Reload() })
	s.person.SetSelectedIndex(0)
	kinds := []string{i18n.T("auditpage.all_kinds")}
	for _, k := range app.AuditKinds {
		kinds = append(kinds, k.Label())
	}
	s.kind = widget.NewSelect(kinds, func(string) { s.Reload() })
	s.kind.SetSelectedIndex(0)
	s.from, s.to = widget.NewEntry(), widget.NewEntry()
	s.from.SetPlaceHolder(i18n.T("auditpage.from"))
	s.to.SetPlaceHolder(i18n.T("auditpage.to"))
	s.from.OnSubmitted = func(string) { s.Reload() }
	s.to.OnSubmitted = func(string) { s.Reload() }
	apply := widget.NewButton(i18n.T("auditpage.apply"), s.Reload)
	clear := widget.NewButton(i18n.T("auditpage.clear"), s.clearFilter)
	clear.Importance = widget.LowImportance
	days := container.NewHBox(container.New(minWidth(130), s.from), widget.NewLabel("—"), container.New(minWidth(130), s.to), apply, clear)
	filters := container.NewHBox(container.New(minWidth(170), s.person), container.New(minWidth(190), s.kind), days)

	s.check = newAuditWarning()

	s.list = widget.NewList(
		func() int { return len(s.rows) },
		func() fyne.CanvasObject {
			at := widget.NewLabel("0000-00-00 00:00")
			text := widget.NewLabel("")
			text.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, at, nil, text)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < 0 || id >= len(s.rows) {
				return
			}
			c := o.(*fyne.Container)
			c.Objects[1].(*widget.Label).SetText(s.rows[id].at)
			c.Objects[0].(*widget.Label).SetText(s.rows[id].sentence)
		})
	s.list.OnSelected = s.showDetail
	s.note = widget.NewLabel(i18n.T("auditpage.loading"))
	s.more = widget.NewButton(i18n.T("auditpage.more"), s.loadMore)
	s.more.Hide()
	// selectable, so IT can copy what is stored: a plain wrapping label,
	// as the settings' data folder
	s.detail = widget.NewLabel(i18n.T("auditpage.pick"))
	s.detail.Wrapping = fyne.TextWrapWord
	s.detail.Selectable = true

	top := container.NewVBox(head, filters, s.check, widget.NewSeparator())
	bottom := container.NewVBox(container.NewCenter(s.more), widget.NewSeparator(), s.detail)
	s.root = container.NewBorder(top, bottom, nil, nil, container.NewStack(s.list, container.NewCenter(s.note)))
}

// loadPeople fills the person filter with everyone in the log.
func (s *AuditScreen) loadPeople() {
	ctx, svc := s.env.Ctx(), s.env.Services.Audit
	runAsync(func() {
		people, err := svc.AuditActors(ctx)
		fyne.Do(func() {
			if err != nil {
				s.env.ShowError(err)
				return
			}
			s.people = people
			options := []string{i18n.T("auditpage.everyone")}
			for _, p := range people {
				options = append(options, p.Label())
			}
			s.person.Options = options // the choice stays at 所有人
			s.person.Refresh()
		})
	})
}

// checkChain checks the whole log and shows a broken chain above the
// records.
func (s *AuditScreen) checkChain() { checkAudit(s.env, s.check) }

// newAuditWarning is the warning of a broken chain of records, hidden
// until checkAudit finds one.
func newAuditWarning() *wrapLabel {
	l := newWrapLabel("")
	l.Importance = widget.DangerImportance
	l.Hide()
	return l
}

// checkAudit checks the whole log off the UI goroutine and shows in l a
// broken chain, or the error that kept it from being checked; it hides
// l when the chain is intact.
func checkAudit(env *Env, l *wrapLabel) {
	ctx, svc := env.Ctx(), env.Services.Audit
	runAsync(func() {
		check, err := svc.VerifyAudit(ctx)
		if err == nil {
			err = check.Problem()
		}
		fyne.Do(func() {
			if err == nil {
				l.Hide()
				return
			}
			l.SetText(i18n.T("auditpage.warning", i18n.Err(err)))
			l.Show()
		})
	})
}

// currentFilter is the filter the controls ask for.
func (s *AuditScreen) currentFilter() (app.AuditFilter, error) {
	f := app.AuditFilter{Limit: AuditPageSize}
	if i := s.person.SelectedIndex() - 1; i >= 0 && i < len(s.people) {
		f.Actor = s.people[i].Username
	}
	if i := s.kind.SelectedIndex() - 1; i >= 0 && i < len(app.AuditKinds) {
		f.Kind = app.AuditKinds[i]
	}
	var err error
	if f.From, err = app.ParseDate(s.from.Text); err != nil {
		return f, err
	}
	if f.To, err = app.ParseDate(s.to.Text); err != nil {
		return f, err
	}
	return f, f.Validate()
}

// clearFilter shows everyone's records of every kind and day again, with
// one load rather than one for each choice it puts back.
func (s *AuditScreen) clearFilter() {
	s.from.SetText("")
	s.to.SetText("")
	for _, choice := range []*widget.Select{s.kind, s.person} {
		changed := choice.OnChanged
		choice.OnChanged = nil
		choice.SetSelectedIndex(0)
		choice.OnChanged = changed
	}
	s.Reload()
}

// Reload reads the newest records the filter finds, off the UI
// goroutine.
func (s *AuditScreen) Reload() {
	if s.list == nil {
		return // still building: the first load follows
	}
	f, err := s.currentFilter()
	if err != nil {
		s.env.ShowError(err)
		return
	}
	s.filter = f
	s.list.UnselectAll()
	s.detail.SetText(i18n.T("auditpage.pick"))
	s.load(f, nil)
}

// loadMore reads the records before the last one shown.
func (s *AuditScreen) loadMore() {
	if len(s.entries) == 0 {
		return
	}
	f := s.filter
	f.Before = s.entries[len(s.entries)-1].ID
	s.load(f, s.entries)
}

// load reads a page of f and shows it after shown.
func (s *AuditScreen) load(f app.AuditFilter, shown []*app.AuditEntry) {
	s.loads++
	gen := s.loads
	s.more.Disable()
	if len(shown) == 0 {
		s.note.SetText(i18n.T("auditpage.loading"))
		s.note.Show()
	}
	ctx, svc := s.env.Ctx(), s.env.Services.Audit
	runAsync(func() {
		page, more, err := svc.AuditLog(ctx, f)
		entries := append(shown[:len(shown):len(shown)], page...)
		rows := auditRows(entries)
		fyne.Do(func() {
			if gen != s.loads {
				return
			}
			s.more.Enable()
			if err != nil {
				s.note.SetText(i18n.Err(err))
				s.note.Show()
				s.env.ShowError(err)
				return
			}
			s.entries, s.rows = entries, rows
			s.note.Hide()
			if len(rows) == 0 {
				s.note.SetText(i18n.T("auditpage.none"))
				s.note.Show()
			}
			s.more.Hidden = !more
			s.more.Refresh()
			s.list.Refresh()
		})
	})
}

// auditRows formats entries for the list: local time and the sentence.
func auditRows(entries []*app.AuditEntry) []auditRow {
	rows := make([]auditRow, len(entries))
	for i, e := range entries {
		rows[i] = auditRow{at: e.At.Local().Format("2006-01-02 15:04"), sentence: e.Sentence()}
	}
	return rows
}

// showDetail shows the selected record in full under the list, with the
// action, target and detail as stored for IT.
func (s *AuditScreen) showDetail(id widget.ListItemID) {
	if id < 0 || id >= len(s.entries) {
		return
	}
	e := s.entries[id]
	s.detail.SetText(i18n.T("auditpage.detail", e.At.Local().Format("2006-01-02 15:04:05"), s.rows[id].sentence,
		e.Action, e.Target, e.Detail))
}

// chooseExport asks where to save the records the filter finds.
func (s *AuditScreen) chooseExport() {
	name := i18n.T("auditpage.export.filename", app.FormatDate(time.Now()))
	chooseSavePath(s.env, name, ".xlsx", s.exportTo)
}

// exportTo writes every record of the filter on show to path, as
// sentences with the stored fields after them; the export is itself
// recorded (the records name people).
func (s *AuditScreen) exportTo(path string) {
	f := s.filter
	f.Before = 0
	s.exportB.Disable()
	ctx, svc, sheets := s.env.Ctx(), s.env.Services.Audit, s.env.Services.Sheets
	runAsync(func() {
		entries, err := app.AllAuditEntries(ctx, svc, f)
		if err == nil {
			err = sheets.WriteAuditRecords(path, entries)
		}
		fyne.Do(func() {
			s.exportB.Enable()
			if err != nil {
				s.env.ShowError(err)
				return
			}
			s.env.ShowInfo(i18n.T("auditpage.export"), i18n.T("auditpage.export.done", len(entries), path))
			s.Reload() // the export's own record
		})
	})
}
