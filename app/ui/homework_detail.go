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
	entries []app.HomeworkEntry // the table's rows, in class and number order
	rows    [][hwCols]string    // entries formatted

	pending map[int64]app.CompletionMark // changed, not yet sent, by student
	saving  bool

	body      *fyne.Container // loading message, then the table
	info      *widget.Label
	about     *widget.Accordion
	table     *widget.Table
	tableView fyne.CanvasObject // the table fitted to its width
	bars      *fyne.Container
	status    *widget.Label
	retry     *widget.Button
	allDone   *widget.Button
	export    *widget.Button
	del       *widget.Button
	progress  *busyIndicator
}

func newHomeworkDetail(s *HomeworkScreen, id int64) *homeworkDetail {
	d := &homeworkDetail{s: s, id: id, pending: map[int64]app.CompletionMark{}}
	d.build()
	d.load()
	return d
}

func (d *homeworkDetail) build() {
	d.allDone = widget.NewButtonWithIcon(i18n.T("homeworkpage.all_done"), theme.ConfirmIcon(), d.markRemainingDone)
	d.export = widget.NewButtonWithIcon(i18n.T("homeworkpage.export"), theme.DocumentSaveIcon(), d.chooseExport)
	d.del = widget.NewButtonWithIcon(i18n.T("homeworkpage.delete"), theme.DeleteIcon(), d.confirmDelete)
	d.del.Importance = widget.DangerImportance
	d.status = widget.NewLabel(i18n.T("homeworkpage.hint"))
	d.status.Truncation = fyne.TextTruncateEllipsis
	d.retry = widget.NewButtonWithIcon(i18n.T("homeworkpage.retry"), theme.ViewRefreshIcon(), d.flush)
	d.retry.Hide()
	d.info = widget.NewLabel("")
	d.info.Truncation = fyne.TextTruncateEllipsis
	d.about = widget.NewAccordion()
	d.bars = container.NewGridWithColumns(3)
	d.progress = newBusyIndicator()

	d.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(d.rows), hwCols },
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
	header := subViewHeader(i18n.T("homeworkpage.detail_title"), d.s.back, d.allDone, d.export, d.del)
	statusLine := container.NewBorder(nil, nil, nil, d.retry, d.status)
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
	if id.Row < 0 || id.Row >= len(d.rows) {
		l.SetText("")
		buttons.Hide()
		return
	}
	if id.Col == hwColMark {
		l.Hide()
		buttons.Show()
		state := d.entries[id.Row].State
		for i, c := range app.Completions {
			b := buttons.Objects[i].(*widget.Button)
			b.OnTapped = func() { d.mark(id.Row, c) }
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
		l.Importance = completionImportance(d.entries[id.Row].State)
		l.TextStyle.Bold = true
	}
	l.SetText(d.rows[id.Row][id.Col])
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
				msg := widget.NewLabel(i18n.Err(err))
				msg.Wrapping = fyne.TextWrapWord
				d.body.Objects = []fyne.CanvasObject{container.NewCenter(container.New(minWidth(420), msg))}
				d.body.Refresh()
				return
			}
			d.setData(hw, entries)
		})
	})
}

func (d *homeworkDetail) setData(hw *app.Homework, entries []app.HomeworkEntry) {
	d.hw = hw
	d.entries = entries
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
	content := widget.NewLabel(hw.Content)
	content.Wrapping = fyne.TextWrapWord
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
	d.bars.RemoveAll()
	for _, id := range order {
		c := *counts[id]
		text := i18n.T("homeworkpage.class_rate", handedInText(c), c.Rate()*100)
		d.bars.Add(container.NewBorder(nil, nil, widget.NewLabel(labels[id]), nil, countBar(c.Rate(), text)))
	}
}

// cellSelected: a click on the state moves it on; on the note, edits it.
func (d *homeworkDetail) cellSelected(id widget.TableCellID) {
	d.table.Unselect(id)
	if id.Row < 0 || id.Row >= len(d.entries) {
		return
	}
	switch id.Col {
	case hwColState:
		d.mark(id.Row, nextCompletion(d.entries[id.Row].State))
	case hwColNote:
		d.editNote(id.Row)
	}
}

// mark records a state for the student of row i and saves it.
func (d *homeworkDetail) mark(i int, state app.Completion) {
	if i >= len(d.entries) || d.entries[i].State == state {
		return
	}
	d.entries[i].State = state
	d.changed(i)
}

// markRemainingDone marks every student without a state as done, in one
// save.
func (d *homeworkDetail) markRemainingDone() {
	var changed []int
	for i := range d.entries {
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
	for _, i := range rows {
		e := d.entries[i]
		d.pending[e.StudentID] = app.CompletionMark{StudentID: e.StudentID, State: e.State, Note: e.Note}
		d.format(i)
	}
	d.showCounts()
	d.table.Refresh()
	d.flush()
}

// flush sends the pending marks in one SetCompletion, unless a save is
// running: its end sends what came meanwhile.
func (d *homeworkDetail) flush() {
	if d.saving || len(d.pending) == 0 {
		return
	}
	var marks []app.CompletionMark
	for _, e := range d.entries {
		if m, ok := d.pending[e.StudentID]; ok {
			marks = append(marks, m)
		}
	}
	d.pending = map[int64]app.CompletionMark{}
	d.saving = true
	d.retry.Hide()
	d.setStatus(i18n.T("homeworkpage.saving", len(marks)), widget.MediumImportance)
	ctx := d.s.env.Ctx()
	svc := d.s.env.Services.Homework
	d.s.run(func() {
		err := svc.SetCompletion(ctx, d.id, marks)
		fyne.Do(func() {
			d.saving = false
			if err != nil {
				// keep them for the retry, unless changed again meanwhile
				for _, m := range marks {
					if _, newer := d.pending[m.StudentID]; !newer {
						d.pending[m.StudentID] = m
					}
				}
				d.setStatus(i18n.T("homeworkpage.save_failed", i18n.Err(err)), widget.DangerImportance)
				d.retry.Show()
				return
			}
			if len(d.pending) > 0 {
				d.flush()
				return
			}
			d.setStatus(i18n.T("homeworkpage.saved"), widget.SuccessImportance)
		})
	})
}

func (d *homeworkDetail) setStatus(text string, imp widget.Importance) {
	d.status.Importance = imp
	d.status.SetText(text)
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
	d.progress.set(i18n.T("homeworkpage.exporting"))
	d.setButtons(true)
	sheets := d.s.env.Services.Sheets
	d.s.run(func() {
		err := sheets.WriteHomework(path, &hw, entries)
		fyne.Do(func() {
			d.progress.set("")
			d.setButtons(true)
			if err != nil {
				d.s.env.ShowError(err)
				return
			}
			d.s.env.ShowInfo(i18n.T("homeworkpage.export"), i18n.T("homeworkpage.exported", path))
		})
	})
}

func (d *homeworkDetail) confirmDelete() {
	if d.hw == nil {
		return
	}
	dialog.ShowCustomConfirm(i18n.T("homeworkpage.delete_title"), i18n.T("homeworkpage.delete"), i18n.T("formpage.cancel"),
		widget.NewLabel(i18n.T("homeworkpage.delete_confirm", homeworkTitle(d.hw))), func(ok bool) {
			if ok {
				d.delete()
			}
		}, d.s.env.Window)
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
