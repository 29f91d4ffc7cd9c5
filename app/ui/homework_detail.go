package ui

import (
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

// The columns of the completion table.
const (
	hwColClass = iota
	hwColNo
	hwColName
	hwColState
	hwColMark // a button per state
	hwColNote
	hwCols
)

// hwBarColumns is how many classes' bars stand side by side at most.
const hwBarColumns = 3

// homeworkDetail is one homework's completion table: quick entry by
// clicking a state (each click moves to the next state; the table's
// keyboard focus and Space do the same) or its row of buttons. Every
// change shows at once and is saved in the background; changes made
// while a save runs go out together with the next one.
type homeworkDetail struct {
	s       *HomeworkScreen
	id      int64
	content fyne.CanvasObject

	hw      *app.Homework
	entries []app.HomeworkEntry // every student, in class and number order
	rows    [][hwCols]string    // entries formatted
	shown   []int               // the table's rows: the entries of the class picked
	classes *classFilter

	queue *saveQueue[int64, app.CompletionMark] // the marks changed, saved as they are made, by student

	body      *fyne.Container // loading message, then the table
	info      *widget.Label
	about     *widget.Accordion
	table     *widget.Table
	tableView fyne.CanvasObject // the table fitted to its width
	bars      *fyne.Container
	*saveLine // where saving the marks stands
	allDone   *widget.Button
	export    *widget.Button
	del       *widget.Button
	delGroup  *fyne.Container // del, apart; shown when the account may delete
	progress  *busyIndicator
}

func newHomeworkDetail(s *HomeworkScreen, id int64) *homeworkDetail {
	d := &homeworkDetail{s: s, id: id}
	d.saveLine = newSaveLine(i18n.T("homeworkpage.hint"),
		saveTexts{"homeworkpage.saving", "homeworkpage.save_failed", "homeworkpage.saved"}, func() { d.queue.flush() })
	d.queue = &saveQueue[int64, app.CompletionMark]{
		run: func(f func()) { s.run(f) },
		key: func(m app.CompletionMark) int64 { return m.StudentID },
		// in the table's order
		order: func(pending map[int64]app.CompletionMark) []app.CompletionMark {
			var out []app.CompletionMark
			for _, e := range d.entries {
				if m, ok := pending[e.StudentID]; ok {
					out = append(out, m)
				}
			}
			return out
		},
		save: func(marks []app.CompletionMark) func() error {
			ctx, svc := s.env.Ctx(), s.env.Services.Homework
			return func() error { return svc.SetCompletion(ctx, id, marks) }
		},
		shown: d.showStep,
	}
	d.build()
	d.load()
	return d
}

func (d *homeworkDetail) build() {
	d.allDone = widget.NewButtonWithIcon(i18n.T("homeworkpage.all_done"), theme.ConfirmIcon(), d.markRemainingDone)
	d.export = widget.NewButtonWithIcon(i18n.T("homeworkpage.export"), theme.DocumentSaveIcon(), d.chooseExport)
	d.del = widget.NewButtonWithIcon(i18n.T("homeworkpage.delete"), theme.DeleteIcon(), d.confirmDelete)
	d.del.Importance = widget.DangerImportance
	d.info = widget.NewLabel("")
	d.info.Truncation = fyne.TextTruncateEllipsis
	d.about = widget.NewAccordion()
	// as many classes' bars side by side as the width holds, at most
	// three: a homework of many classes never widens the window
	d.bars = container.New(&tickRows{most: hwBarColumns})
	d.progress = newBusyIndicator()

	d.classes = newClassFilter(d.refilter)
	d.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(d.shown), hwCols },
		d.createCell,
		d.updateCell)
	d.table.ShowHeaderColumn = false
	d.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	headers := homeworkHeaders()
	d.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 && id.Col < hwCols {
			o.(*widget.Label).SetText(headers[id.Col])
		}
	}
	d.table.OnSelected = d.cellSelected
	fit, view := fitColumns(d.table, homeworkColumns(headers))
	fit.atLeast(hwColMark, smallButtons(completionLabels()).MinSize().Width)
	d.tableView = view

	d.body = container.NewStack(container.NewCenter(widget.NewLabel(i18n.T("homeworkpage.loading"))))
	d.setButtons(false)
	d.delGroup = dangerGroup(d.del)
	d.delGroup.Hide()
	header := subViewHeader(i18n.T("homeworkpage.detail_title"), d.s.back, d.allDone, d.export, d.delGroup)
	statusLine := container.NewBorder(nil, nil, d.classes.Content(), d.retry, d.status)
	top := container.NewVBox(header, d.info, d.about, d.bars, statusLine, d.progress.box)
	d.content = container.NewBorder(top, nil, nil, nil, d.body)
}

func homeworkHeaders() [hwCols]string {
	return [hwCols]string{
		i18n.T("homeworkpage.col.class"), i18n.T("homeworkpage.col.no"), i18n.T("homeworkpage.col.name"),
		i18n.T("homeworkpage.col.state"), i18n.T("homeworkpage.col.mark"), i18n.T("homeworkpage.col.note"),
	}
}

// homeworkColumns are the table's columns for the width policy, measured
// on typical texts; the mark column is as wide as its buttons (see
// atLeast), the note takes the rest.
func homeworkColumns(headers [hwCols]string) []column {
	// measuring samples, never shown
	var states []string
	for _, c := range append([]app.Completion{app.CompletionNone}, app.Completions...) {
		states = append(states, completionText(c))
	}
	return []column{
		{headers[hwColClass], colText, []string{classSample()}},
		{headers[hwColNo], colFit, []string{"2024010101"}},
		{headers[hwColName], colText, []string{"欧阳思思"}},
		{headers[hwColState], colFit, states},
		{headers[hwColMark], colFit, nil},
		{headers[hwColNote], colText, []string{"作业本忘在家里"}},
	}
}

// completionLabels are the quick-entry buttons' labels, in app.Completions
// order.
func completionLabels() []string {
	labels := make([]string, len(app.Completions))
	for i, c := range app.Completions {
		labels[i] = i18n.T("homeworkpage.mark." + string(c))
	}
	return labels
}

func (d *homeworkDetail) createCell() fyne.CanvasObject {
	return labelOrButtonsCell(completionLabels())
}

func (d *homeworkDetail) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	cell := o.(*fyne.Container)
	l := cell.Objects[0].(*widget.Label)
	buttons := cell.Objects[1].(*fyne.Container)
	if id.Row < 0 || id.Row >= len(d.shown) {
		l.SetText("")
		buttons.Hide()
		return
	}
	i := d.shown[id.Row]
	if id.Col == hwColMark {
		l.Hide()
		buttons.Show()
		state := d.entries[i].State
		for k, c := range app.Completions {
			b := buttons.Objects[k].(*widget.Button)
			b.OnTapped = func() { d.mark(i, c) }
			b.Importance = widget.LowImportance
			if c == state {
				b.Importance = widget.HighImportance
			}
			b.Refresh()
		}
		return
	}
	buttons.Hide()
	l.Show()
	l.Importance = widget.MediumImportance
	l.TextStyle.Bold = false
	if id.Col == hwColState {
		l.Importance = completionImportance(d.entries[i].State)
		l.TextStyle.Bold = true
	}
	l.SetText(d.rows[i][id.Col])
}

// completionImportance colours a state: done green, late orange, missing
// red, excused and unrecorded plain.
func completionImportance(c app.Completion) widget.Importance {
	switch c {
	case app.CompletionDone:
		return widget.SuccessImportance
	case app.CompletionLate:
		return widget.WarningImportance
	case app.CompletionMissing:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

func completionText(c app.Completion) string {
	if c == app.CompletionNone {
		return i18n.T("completion.none")
	}
	return i18n.T("completion." + string(c))
}

// nextCompletion is the state a click on the state cell moves to:
// 未登记 → 已完成 → 迟交 → 未交 → 免做 → 未登记.
func nextCompletion(c app.Completion) app.Completion {
	i := slices.Index(app.Completions, c)
	if i == len(app.Completions)-1 {
		return app.CompletionNone
	}
	return app.Completions[i+1] // -1 (none) + 1 is the first
}

func (d *homeworkDetail) setButtons(loaded bool) {
	for _, b := range []*widget.Button{d.allDone, d.export, d.del} {
		if loaded && !d.progress.busy() {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

func (d *homeworkDetail) load() {
	ctx := d.s.env.Ctx()
	svc := d.s.env.Services.Homework
	d.s.run(func() {
		hw, entries, err := svc.HomeworkEntries(ctx, d.id)
		fyne.Do(func() {
			if err != nil {
				d.body.Objects = []fyne.CanvasObject{messageView(i18n.Err(err), nil)}
				d.body.Refresh()
				return
			}
			d.setData(hw, entries)
		})
	})
}

func (d *homeworkDetail) setData(hw *app.Homework, entries []app.HomeworkEntry) {
	d.hw = hw
	if app.CanDeleteHomework(d.s.env.Account, hw) == nil {
		d.delGroup.Show()
	}
	// the old rows' indexes mean nothing in the new entries
	d.entries, d.shown = entries, nil
	d.rows = make([][hwCols]string, len(entries))
	for i := range entries {
		d.format(i)
	}
	info := i18n.T("homeworkpage.detail_info", homeworkTitle(hw), app.FormatDate(hw.Due),
		strings.Join(hw.ClassLabels, i18n.T("homeworkpage.list_sep")))
	if len(hw.Attachments) > 0 {
		names := make([]string, len(hw.Attachments))
		for i, a := range hw.Attachments {
			names[i] = a.Name
		}
		info += i18n.T("homeworkpage.detail_files", strings.Join(names, i18n.T("homeworkpage.list_sep")))
	}
	d.info.SetText(info)
	content := newWrapLabel(hw.Content)
	d.about.Items = []*widget.AccordionItem{widget.NewAccordionItem(i18n.T("homeworkpage.content"), content)}
	d.about.Refresh()
	if len(entries) == 0 {
		d.body.Objects = []fyne.CanvasObject{container.NewCenter(widget.NewLabel(i18n.T("homeworkpage.no_students")))}
	} else {
		d.body.Objects = []fyne.CanvasObject{d.tableView}
	}
	d.body.Refresh()
	d.setButtons(true)
	d.showCounts()
	d.classes.set(len(entries), func(i int) (int64, string) { return entries[i].ClassID, entries[i].ClassLabel })
	d.refilter()
}

// refilter shows the students of the class picked.
func (d *homeworkDetail) refilter() {
	d.shown = d.classes.rows(len(d.entries), func(i int) int64 { return d.entries[i].ClassID })
	d.table.ScrollToTop()
	d.table.Refresh()
}

func (d *homeworkDetail) format(i int) {
	e := d.entries[i]
	d.rows[i] = [hwCols]string{e.ClassLabel, e.StudentNo, e.StudentName, completionText(e.State), "", e.Note}
}

// showCounts redraws the per-class bars from the entries as they are
// now, saved or not.
func (d *homeworkDetail) showCounts() {
	var order []int64
	counts := map[int64]*app.CompletionCounts{}
	labels := map[int64]string{}
	for _, e := range d.entries {
		c, ok := counts[e.ClassID]
		if !ok {
			c = &app.CompletionCounts{}
			counts[e.ClassID] = c
			labels[e.ClassID] = e.ClassLabel
			order = append(order, e.ClassID)
		}
		c.Add(e.State)
	}
	bars := make([]fyne.CanvasObject, len(order))
	var cell fyne.Size // the widest class's bar
	for i, id := range order {
		c := *counts[id]
		text := i18n.T("homeworkpage.class_rate", handedInText(c), c.Rate()*100)
		bars[i] = container.NewBorder(nil, nil, widget.NewLabel(labels[id]), nil, newCountBar(c.Rate(), text))
		cell = cell.Max(bars[i].MinSize())
	}
	d.bars.Layout.(*tickRows).cell = cell
	d.bars.Objects = bars
	d.bars.Refresh()
}

// cellSelected: a click on the state moves it on; on the note, edits it.
func (d *homeworkDetail) cellSelected(id widget.TableCellID) {
	d.table.Unselect(id)
	if id.Row < 0 || id.Row >= len(d.shown) {
		return
	}
	i := d.shown[id.Row]
	switch id.Col {
	case hwColState:
		d.mark(i, nextCompletion(d.entries[i].State))
	case hwColNote:
		d.editNote(i)
	}
}

// mark records a state for the student of entry i and saves it.
func (d *homeworkDetail) mark(i int, state app.Completion) {
	if i >= len(d.entries) || d.entries[i].State == state {
		return
	}
	d.entries[i].State = state
	d.changed(i)
}

// markRemainingDone marks every student shown without a state as done,
// in one save.
func (d *homeworkDetail) markRemainingDone() {
	var changed []int
	for _, i := range d.shown {
		if d.entries[i].State == app.CompletionNone {
			d.entries[i].State = app.CompletionDone
			changed = append(changed, i)
		}
	}
	d.changed(changed...)
}

func (d *homeworkDetail) editNote(i int) {
	e := &d.entries[i]
	entry := widget.NewEntry()
	entry.SetText(e.Note)
	dlg := dialog.NewForm(i18n.T("homeworkpage.note_title", e.StudentName), i18n.T("formpage.ok"), i18n.T("formpage.cancel"),
		[]*widget.FormItem{widget.NewFormItem(i18n.T("homeworkpage.col.note"), entry)},
		func(ok bool) {
			note := strings.TrimSpace(entry.Text)
			if !ok || note == e.Note {
				return
			}
			e.Note = note
			d.changed(i)
		}, d.s.env.Window)
	dlg.Resize(fyne.NewSize(440, dlg.MinSize().Height))
	dlg.Show()
	d.s.env.Window.Canvas().Focus(entry)
}

// changed shows the rows' new state and queues them for saving.
func (d *homeworkDetail) changed(rows ...int) {
	if len(rows) == 0 {
		return
	}
	marks := make([]app.CompletionMark, len(rows))
	for k, i := range rows {
		e := d.entries[i]
		marks[k] = app.CompletionMark{StudentID: e.StudentID, State: e.State, Note: e.Note}
		d.format(i)
	}
	d.showCounts()
	d.table.Refresh()
	d.queue.put(marks...)
}

func (d *homeworkDetail) chooseExport() {
	if d.hw == nil {
		return
	}
	chooseSavePath(d.s.env, i18n.T("homeworkpage.export_filename", d.hw.Subject, app.FormatDate(d.hw.Due)), ".xlsx", d.exportTo)
}

// exportTo writes the table as it is shown to path.
func (d *homeworkDetail) exportTo(path string) {
	hw := *d.hw
	hw.Counts = app.CompletionCounts{}
	for _, e := range d.entries {
		hw.Counts.Add(e.State)
	}
	entries := slices.Clone(d.entries)
	sheets := d.s.env.Services.Sheets
	d.progress.job(d.s.run, i18n.T("homeworkpage.exporting"), func() { d.setButtons(true) }, func() error {
		return sheets.WriteHomework(path, &hw, entries)
	}, orShow(d.s.env, func() {
		d.s.env.ShowInfo(i18n.T("homeworkpage.export"), i18n.T("homeworkpage.exported", path))
	}))
}

func (d *homeworkDetail) confirmDelete() {
	if d.hw == nil {
		return
	}
	confirmDanger(d.s.env.Window, i18n.T("homeworkpage.delete_title"), confirmText(i18n.T("homeworkpage.delete_confirm", homeworkTitle(d.hw))),
		i18n.T("homeworkpage.delete"), func(ok bool) {
			if ok {
				d.delete()
			}
		})
}

func (d *homeworkDetail) delete() {
	ctx := d.s.env.Ctx()
	svc := d.s.env.Services.Homework
	d.s.run(func() {
		err := svc.DeleteHomework(ctx, d.id)
		fyne.Do(func() {
			if err != nil {
				d.s.env.ShowError(err)
				return
			}
			if d.s.detail == d {
				d.s.back()
			}
		})
	})
}
