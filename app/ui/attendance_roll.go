package ui

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// The columns of the roll call.
const (
	rcColNo = iota
	rcColName
	rcColState
	rcColMark // a button per mark
	rcColReason
	rcCols
)

// rollCallView is one class's roll call for a day and session: everyone
// present until marked otherwise, one click on a mark's button or one key
// (1–6, in the order of app.Marks) on the focused row, which then moves
// down, so a teacher goes through the class from the keyboard. Marks from
// approved leave come filled in and say so. Nothing is stored until 保存;
// saving again replaces the marks.
type rollCallView struct {
	s       *AttendanceScreen
	content fyne.CanvasObject

	call    *app.RollCall
	entries []app.RollCallEntry // as shown, saved or not
	saved   []app.RollCallEntry // as last loaded or saved
	classID int64
	day     time.Time
	session app.Session
	loads   int
	saving  bool

	body    *fyne.Container // a message, or the table
	table   *keyTable
	view    fyne.CanvasObject // the table fitted to its width
	summary *widget.Label
	status  *widget.Label
	saveBtn *widget.Button
	reset   *widget.Button
}

func newRollCallView(s *AttendanceScreen) *rollCallView {
	r := &rollCallView{s: s}
	r.table = newKeyTable(rollCallHeaders(), func() int { return len(r.entries) }, r.createCell, r.updateCell)
	r.table.onTap = r.cellTapped
	r.table.onRune = r.runeTyped
	fit, view := fitColumns(r.table, rollCallColumns())
	fit.atLeast(rcColMark, smallButtons(markLabels()).MinSize().Width)
	r.view = view
	r.summary = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.summary.Truncation = fyne.TextTruncateEllipsis
	r.status = widget.NewLabel("")
	r.status.Truncation = fyne.TextTruncateEllipsis
	// the keys' help opens on a click: a line of it would take a row of
	// the class from a small screen
	keys := widget.NewButtonWithIcon(i18n.T("attendancepage.keys"), theme.HelpIcon(), r.showKeys)
	keys.Importance = widget.LowImportance
	r.saveBtn = widget.NewButtonWithIcon(i18n.T("attendancepage.save"), theme.DocumentSaveIcon(), r.save)
	r.saveBtn.Importance = widget.HighImportance
	r.reset = widget.NewButtonWithIcon(i18n.T("attendancepage.all_present"), theme.ContentUndoIcon(), r.allPresent)
	r.body = container.NewStack()
	// the class, day and session are the toolbar's; the counts and the
	// state take one compact line each beside the buttons
	texts := container.NewVBox(container.New(compactCell{}, r.summary), container.New(compactCell{}, r.status))
	bottom := container.NewBorder(nil, nil, keys, container.NewHBox(r.reset, r.saveBtn), texts)
	r.content = container.NewBorder(nil, bottom, nil, nil, r.body)
	r.showMessage(i18n.T("attendancepage.loading"))
	return r
}

func rollCallHeaders() []string {
	return []string{
		i18n.T("homeworkpage.col.no"), i18n.T("homeworkpage.col.name"), i18n.T("attendancepage.col.state"),
		i18n.T("attendancepage.col.mark"), i18n.T("attendancepage.col.reason"),
	}
}

// rollCallColumns are the roll call's columns for the width policy: the
// names read whole; the state (its button is lit too) and the reason
// share the rest.
func rollCallColumns() []column {
	h := rollCallHeaders()
	var states []string
	for _, m := range app.Marks {
		states = append(states, i18n.T("attendancepage.state_leave", markText(m)))
	}
	return []column{
		{h[rcColNo], colFit, []string{"2024010101"}},
		{h[rcColName], colFit, []string{"欧阳思思"}},
		{h[rcColState], colText, states},
		{h[rcColMark], colFit, nil}, // as wide as its buttons: see atLeast
		{h[rcColReason], colText, []string{"发烧，家长电话请假"}},
	}
}

// showKeys shows how to take the roll from the keyboard.
func (r *rollCallView) showKeys() {
	l := newWrapLabel(i18n.T("attendancepage.keys_hint"))
	dialog.NewCustom(i18n.T("attendancepage.keys"), i18n.T("dialog.ok"), container.New(minWidth(420), l), r.s.env.Window).Show()
}

// markLabels are the roll call buttons' labels, in app.Marks order.
func markLabels() []string {
	labels := make([]string, len(app.Marks))
	for i, m := range app.Marks {
		labels[i] = markText(m)
	}
	return labels
}

func (r *rollCallView) createCell() fyne.CanvasObject { return labelOrButtonsCell(markLabels()) }

func (r *rollCallView) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	cell := o.(*fyne.Container)
	l := cell.Objects[0].(*widget.Label)
	buttons := cell.Objects[1].(*fyne.Container)
	if id.Row < 0 || id.Row >= len(r.entries) {
		l.SetText("")
		buttons.Hide()
		return
	}
	e := r.entries[id.Row]
	if id.Col == rcColMark {
		l.Hide()
		buttons.Show()
		for i, m := range app.Marks {
			b := buttons.Objects[i].(*widget.Button)
			b.OnTapped = func() { r.mark(id.Row, m) }
			b.Importance = widget.LowImportance
			if m == e.Mark {
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
	var text string
	switch id.Col {
	case rcColNo:
		text = e.StudentNo
	case rcColName:
		text = e.StudentName
	case rcColState:
		text = rollStateText(e)
		l.Importance = markImportance(e.Mark)
		l.TextStyle.Bold = e.Mark != app.MarkPresent
	case rcColReason:
		text = e.Reason
	}
	l.SetText(text)
}

// rollStateText is a line's mark, with where it came from when it is
// an approved leave's: 病假（已批假条）.
func rollStateText(e app.RollCallEntry) string {
	if e.LeaveID != 0 {
		return i18n.T("attendancepage.state_leave", markText(e.Mark))
	}
	return markText(e.Mark)
}

func (r *rollCallView) showMessage(text string) {
	showListMessage(r.body, text)
	r.entries, r.saved, r.call = nil, nil, nil
	r.summary.SetText("")
	r.setStatus("", widget.MediumImportance)
	r.updateButtons()
}

// load reads the roll call of a class, day and session.
func (r *rollCallView) load(classID int64, day time.Time, ss app.Session) {
	r.loads++
	gen := r.loads
	r.showMessage(i18n.T("attendancepage.loading"))
	ctx := r.s.env.Ctx()
	svc := r.s.env.Services.Attendance
	r.s.run(func() {
		call, err := svc.RollCall(ctx, classID, day, ss)
		fyne.Do(func() {
			if gen != r.loads {
				return
			}
			if err != nil {
				r.showMessage(i18n.Err(err))
				return
			}
			r.classID, r.day, r.session = classID, day, ss
			r.setCall(call)
		})
	})
}

// setCall shows a roll call as loaded or saved.
func (r *rollCallView) setCall(call *app.RollCall) {
	r.call = call
	r.entries = slices.Clone(call.Entries)
	r.saved = slices.Clone(call.Entries)
	if len(r.entries) == 0 {
		r.showMessage(i18n.T("attendancepage.no_students"))
		return
	}
	r.body.Objects = []fyne.CanvasObject{r.view}
	r.body.Refresh()
	if call.Taken {
		who := call.TakenBy
		r.setStatus(i18n.T("attendancepage.taken", who, call.TakenAt.In(time.Local).Format("2006-01-02 15:04")), widget.SuccessImportance)
	} else {
		r.setStatus(i18n.T("attendancepage.not_taken_yet"), widget.WarningImportance)
	}
	r.changed()
}

// counts sums the marks as shown.
func (r *rollCallView) counts() app.AttendanceCounts {
	var c app.AttendanceCounts
	for _, e := range r.entries {
		c.Add(e.Mark)
	}
	return c
}

// summaryText is the line under the roll call: 应到 45 人，实到 43 人 ….
func summaryText(c app.AttendanceCounts) string {
	return i18n.T("attendancepage.summary", c.Sessions, c.Present(), c.Absent, c.Late, c.Early, c.Sick, c.Personal)
}

// dirty reports whether the roll call shown has marks not saved.
func (r *rollCallView) dirty() bool {
	return !slices.EqualFunc(r.entries, r.saved, func(a, b app.RollCallEntry) bool {
		return a.StudentID == b.StudentID && a.Mark == b.Mark && a.Reason == b.Reason
	})
}

// changed redraws the table, the summary and the buttons.
func (r *rollCallView) changed() {
	r.table.Refresh()
	r.summary.SetText(summaryText(r.counts()))
	if r.dirty() && !r.saving {
		n := 0
		for i := range r.entries {
			if r.entries[i].Mark != r.saved[i].Mark || r.entries[i].Reason != r.saved[i].Reason {
				n++
			}
		}
		r.setStatus(i18n.T("attendancepage.unsaved", n), widget.WarningImportance)
	}
	r.updateButtons()
}

func (r *rollCallView) updateButtons() {
	loaded := r.call != nil && len(r.entries) > 0
	// a roll call never saved can be saved as it is: everyone present
	enable(r.saveBtn, loaded && !r.saving && (r.dirty() || !r.call.Taken))
	enable(r.reset, loaded && !r.saving)
}

func (r *rollCallView) setStatus(text string, imp widget.Importance) {
	r.status.Importance = imp
	r.status.SetText(text)
}

// mark gives the student of row i mark m. A mark the teacher gives
// replaces one from leave.
func (r *rollCallView) mark(i int, m app.Mark) {
	if i < 0 || i >= len(r.entries) || r.entries[i].Mark == m {
		return
	}
	r.entries[i].Mark = m
	r.entries[i].LeaveID = 0
	r.changed()
}

// allPresent marks everyone present who is not on leave.
func (r *rollCallView) allPresent() {
	for i := range r.entries {
		if !r.entries[i].Mark.OnLeave() {
			r.entries[i].Mark = app.MarkPresent
		}
	}
	r.changed()
}

// cellTapped: a click on the state moves it to the next mark; on the
// reason, edits it.
func (r *rollCallView) cellTapped(id widget.TableCellID) {
	if id.Row < 0 || id.Row >= len(r.entries) {
		return
	}
	switch id.Col {
	case rcColState:
		i := slices.Index(app.Marks, r.entries[id.Row].Mark)
		r.mark(id.Row, app.Marks[(i+1)%len(app.Marks)])
	case rcColReason:
		r.editReason(id.Row)
	}
}

// runeTyped: 1–6 give the focused student a mark and move down.
func (r *rollCallView) runeTyped(id widget.TableCellID, c rune) {
	k := int(c - '1')
	if k < 0 || k >= len(app.Marks) {
		return
	}
	r.mark(id.Row, app.Marks[k])
	r.table.moveTo(id.Row+1, id.Col)
}

func (r *rollCallView) editReason(i int) {
	e := &r.entries[i]
	entry := widget.NewEntry()
	entry.SetText(e.Reason)
	entry.Validator = func(s string) error {
		if utf8.RuneCountInString(strings.TrimSpace(s)) > app.MaxMarkReason {
			return app.Errorf(app.EINVALID, "attendancepage.error.reason_long", app.MaxMarkReason)
		}
		return nil
	}
	dlg := dialog.NewForm(i18n.T("attendancepage.reason_title", e.StudentName), i18n.T("formpage.ok"), i18n.T("formpage.cancel"),
		[]*widget.FormItem{widget.NewFormItem(i18n.T("attendancepage.col.reason"), entry)},
		func(ok bool) {
			reason := strings.TrimSpace(entry.Text)
			if !ok || reason == e.Reason {
				return
			}
			e.Reason = reason
			r.changed()
		}, r.s.env.Window)
	dlg.Resize(fyne.NewSize(440, dlg.MinSize().Height))
	dlg.Show()
	r.s.env.Window.Canvas().Focus(entry)
}

// marks is the roll call to save: every student's mark, present ones
// too, so that what is stored is what the teacher saw.
func (r *rollCallView) marks() []app.RollCallMark {
	out := make([]app.RollCallMark, len(r.entries))
	for i, e := range r.entries {
		out[i] = app.RollCallMark{StudentID: e.StudentID, Mark: e.Mark, Reason: e.Reason}
	}
	return out
}

// save stores the roll call; marks given while it saves stay shown and
// unsaved.
func (r *rollCallView) save() {
	if r.saving || r.call == nil {
		return
	}
	sent := slices.Clone(r.entries)
	marks := r.marks()
	classID, day, ss := r.classID, r.day, r.session
	gen := r.loads
	r.saving = true
	r.setStatus(i18n.T("attendancepage.saving"), widget.MediumImportance)
	r.updateButtons()
	ctx := r.s.env.Ctx()
	svc := r.s.env.Services.Attendance
	r.s.run(func() {
		call, err := svc.SaveRollCall(ctx, classID, day, ss, marks)
		fyne.Do(func() {
			r.saving = false
			if gen != r.loads {
				return
			}
			if err != nil {
				r.setStatus(i18n.T("attendancepage.save_failed", i18n.Err(err)), widget.DangerImportance)
				r.updateButtons()
				return
			}
			// the lists of the day and the rates count this roll call now
			r.s.notTaken.load()
			r.s.alerts.load()
			r.s.rates.reload()
			if slices.Equal(sent, r.entries) {
				r.setCall(call)
				r.setStatus(i18n.T("attendancepage.saved", summaryText(r.counts())), widget.SuccessImportance)
				return
			}
			r.call = call
			r.saved = sent
			r.changed()
		})
	})
}
