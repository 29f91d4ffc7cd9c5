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

// formAnswers is a form's answers: a table of the students with each
// field's answer, the form view of the student picked in it, and a side
// panel that is rebuilt after every change — the live totals of a survey,
// the sign-up lists of a chain, the day's non-responders of a check-in.
type formAnswers struct {
	s       *FormsScreen
	id      int64
	content *fyne.Container // loading, failed, or main

	sheet    *app.FormSheet
	totals   *app.FormTotals
	answers  map[int64]*app.Answer // by student, of the sheet
	days     []string              // check-in: its days
	day      string                // check-in: the day shown
	doneDays map[int64]int         // check-in: days checked in, by student
	multi    bool                  // the form asks more than one class
	rows     [][]string
	headers  []string
	selected int // row of the table, -1 for none
	loads    int

	main        fyne.CanvasObject
	info        *widget.Label
	table       *widget.Table
	editor      *answerEditor
	editorBox   *fyne.Container
	editorTitle *wrapLabel
	saveBtn     *widget.Button
	clearBtn    *widget.Button
	errMsg      *wrapLabel
	side        *fyne.Container
	// the totals' charts, by question, kept while the side is rebuilt
	choiceCharts map[string]*chartView
	dayLabel     *widget.Label
	dayBtns      []*widget.Button // previous, next, today
	fileBtns     []*widget.Button // template, import, export
	closeBtn     *widget.Button
	progress     *busyIndicator

	// the open import preview, for tests
	preview *answerImportPreview
}

// formColState is the table's column that says whether a student has
// answered; the fields' columns follow it (a check-in's after the count
// of days done).
const formColState = 3

func newFormAnswers(s *FormsScreen, id int64) *formAnswers {
	a := &formAnswers{s: s, id: id, selected: -1, choiceCharts: map[string]*chartView{}}
	a.content = container.NewStack(container.NewCenter(widget.NewLabel(i18n.T("formpage.loading"))))
	a.load("")
	return a
}

// load reads the sheet of day ("" for a check-in's today, clamped to
// its days) off the UI goroutine; for a check-in's first load also every
// day's answers, for the per-student counts.
func (a *formAnswers) load(day string) {
	a.loads++
	gen := a.loads
	first := a.sheet == nil
	ctx := a.s.env.Ctx()
	svc := a.s.env.Services.Forms
	today := app.FormatDate(a.s.now())
	a.s.run(func() {
		sheet, err := svc.FormSheet(ctx, a.id, day)
		var all *app.FormSheet
		if err == nil && sheet.Form.Kind == app.FormCheckin {
			if d := clampDay(sheet.Form.CheckinDays(), today); day == "" && sheet.Day != d && d != "" {
				sheet, err = svc.FormSheet(ctx, a.id, d)
			}
			if err == nil && first {
				all, err = svc.FormSheet(ctx, a.id, app.AllDays)
			}
		}
		fyne.Do(func() {
			if gen != a.loads {
				return
			}
			if err != nil {
				if first {
					back := widget.NewButtonWithIcon(i18n.T("formpage.back"), theme.NavigateBackIcon(), a.s.back)
					a.content.Objects = []fyne.CanvasObject{messageView(i18n.Err(err), back)}
					a.content.Refresh()
					return
				}
				a.s.env.ShowError(err)
				return
			}
			if all != nil {
				a.doneDays = app.CheckinCounts(all)
			}
			a.setSheet(sheet)
		})
	})
}

// clampDay is today if it is one of days, else the nearest end.
func clampDay(days []string, today string) string {
	switch {
	case len(days) == 0:
		return ""
	case today < days[0]:
		return days[0]
	case today > days[len(days)-1]:
		return days[len(days)-1]
	}
	return today
}

func (a *formAnswers) form() *app.Form { return a.sheet.Form }

// setSheet shows a loaded sheet, building the view the first time.
func (a *formAnswers) setSheet(sheet *app.FormSheet) {
	first := a.sheet == nil
	a.sheet = sheet
	f := sheet.Form
	if f.Kind == app.FormCheckin {
		a.days = f.CheckinDays()
		a.day = sheet.Day
	}
	classes := map[int64]bool{}
	for _, st := range sheet.Students {
		classes[st.ClassID] = true
	}
	a.multi = len(classes) > 1
	if first {
		a.build()
		a.content.Objects = []fyne.CanvasObject{a.main}
		a.content.Refresh()
	}
	a.selected = -1
	a.table.UnselectAll()
	a.recompute()
	a.showSelected()
	a.updateControls()
}

func (a *formAnswers) build() {
	f := a.form()
	a.headers = []string{i18n.T("homeworkpage.col.class"), i18n.T("homeworkpage.col.no"), i18n.T("homeworkpage.col.name"),
		i18n.T("formpage.col.state")}
	if f.Kind == app.FormCheckin {
		a.headers = append(a.headers, i18n.T("formpage.col.days"))
	}
	for _, fl := range f.Fields {
		a.headers = append(a.headers, fl.Label)
	}
	a.table = textTable(a.headers, nil, nil)
	a.table.Length = func() (int, int) { return len(a.rows), len(a.headers) }
	a.table.UpdateCell = a.updateCell
	a.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(a.rows) && id.Row != a.selected {
			a.selected = id.Row
			a.showSelected()
		}
	}
	_, table := fitColumns(a.table, a.columns())

	a.editor = newAnswerEditor(f)
	a.editorTitle = boldLabel(i18n.T("formpage.editor.pick"))
	a.saveBtn = widget.NewButtonWithIcon(i18n.T("formpage.save."+string(f.Kind)), theme.DocumentSaveIcon(), a.save)
	a.saveBtn.Importance = widget.HighImportance
	a.clearBtn = widget.NewButtonWithIcon(i18n.T("formpage.clear."+string(f.Kind)), theme.ContentClearIcon(), a.clear)
	a.errMsg = errorLabel()
	a.editorBox = container.NewVBox(a.editorTitle, a.editor.content, a.errMsg, container.NewHBox(a.saveBtn, a.clearBtn))
	a.side = container.NewVBox()
	right := container.NewVScroll(container.NewVBox(a.editorBox, widget.NewSeparator(), a.side))

	a.fileBtns = []*widget.Button{
		widget.NewButtonWithIcon(i18n.T("formpage.template"), theme.DownloadIcon(), a.chooseTemplate),
		widget.NewButtonWithIcon(i18n.T("formpage.import"), theme.UploadIcon(), a.chooseImport),
		widget.NewButtonWithIcon(i18n.T("formpage.export"), theme.DocumentSaveIcon(), a.chooseExport),
	}
	a.closeBtn = widget.NewButtonWithIcon(i18n.T("formpage.close"), theme.CancelIcon(), a.confirmClose)
	a.closeBtn.Importance = widget.DangerImportance
	buttons := []fyne.CanvasObject{a.fileBtns[0], a.fileBtns[1], a.fileBtns[2]}
	if app.CanCloseForm(a.s.env.Account, f) == nil {
		buttons = append(buttons, dangerGroup(a.closeBtn))
	}
	a.info = widget.NewLabel("")
	a.info.Truncation = fyne.TextTruncateEllipsis
	a.progress = newBusyIndicator()
	top := container.NewVBox(subViewHeader(f.Title, a.s.back, buttons...), a.info)
	if f.Kind == app.FormCheckin {
		top.Add(a.buildDayBar())
	}
	top.Add(a.progress.box)

	split := container.NewHSplit(table, right)
	split.Offset = 0.6
	a.main = container.NewBorder(top, nil, nil, nil, split)
}

// columns are the table's columns for the width policy: the student's
// fit typical names; the answers share the rest (a click on a row shows
// them whole in the editor).
func (a *formAnswers) columns() []column {
	// measuring samples, never shown
	kind := string(a.sheet.Form.Kind)
	cols := []column{
		{a.headers[0], colText, []string{classSample()}},
		{a.headers[1], colFit, []string{"2024010101"}},
		{a.headers[2], colFit, []string{"欧阳思思"}}, // a name is never cut
		{a.headers[3], colFit, []string{i18n.T("formpage.state.none." + kind), i18n.T("formpage.state.done." + kind)}},
	}
	if a.sheet.Form.Kind == app.FormCheckin {
		cols = append(cols, column{a.headers[4], colFit, []string{"999"}})
	}
	for _, h := range a.headers[len(cols):] {
		cols = append(cols, column{h, colText, nil})
	}
	return cols
}

func (a *formAnswers) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row < 0 || id.Row >= len(a.rows) || id.Col < 0 || id.Col >= len(a.rows[id.Row]) {
		l.SetText("")
		return
	}
	l.Importance = widget.MediumImportance
	// a family that has not signed up for a chain has not missed anything
	if id.Col == formColState && a.form().Kind != app.FormChain && a.answers[a.sheet.Students[id.Row].StudentID] == nil {
		l.Importance = widget.DangerImportance
	}
	l.SetText(a.rows[id.Row][id.Col])
}

func (a *formAnswers) buildDayBar() fyne.CanvasObject {
	a.dayLabel = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	a.dayBtns = []*widget.Button{
		widget.NewButtonWithIcon(i18n.T("formpage.day.prev"), theme.NavigateBackIcon(), func() { a.moveDay(-1) }),
		widget.NewButtonWithIcon(i18n.T("formpage.day.next"), theme.NavigateNextIcon(), func() { a.moveDay(1) }),
		widget.NewButton(i18n.T("formpage.day.today"), func() {
			a.showDay(clampDay(a.days, app.FormatDate(a.s.now())))
		}),
	}
	return container.NewHBox(a.dayBtns[0], a.dayLabel, a.dayBtns[1], a.dayBtns[2])
}

// moveDay shows the check-in day by days before or after the one shown.
func (a *formAnswers) moveDay(by int) {
	i := slices.Index(a.days, a.day) + by
	if i >= 0 && i < len(a.days) {
		a.showDay(a.days[i])
	}
}

func (a *formAnswers) showDay(day string) {
	if day != "" && day != a.day {
		a.load(day)
	}
}

// recompute formats the rows and redraws the totals from the sheet as
// it is now.
func (a *formAnswers) recompute() {
	f := a.form()
	a.answers = make(map[int64]*app.Answer, len(a.sheet.Answers))
	for i := range a.sheet.Answers {
		ans := &a.sheet.Answers[i]
		a.answers[ans.StudentID] = ans
	}
	a.totals = app.ComputeTotals(a.sheet)
	a.rows = make([][]string, len(a.sheet.Students))
	for i, st := range a.sheet.Students {
		row := []string{st.ClassLabel, st.StudentNo, st.StudentName}
		ans := a.answers[st.StudentID]
		state := i18n.T("formpage.state.none." + string(f.Kind))
		if ans != nil {
			state = i18n.T("formpage.state.done." + string(f.Kind))
		}
		row = append(row, state)
		if f.Kind == app.FormCheckin {
			row = append(row, i18n.T("formpage.days_done", a.doneDays[st.StudentID], len(a.days)))
		}
		for _, fl := range f.Fields {
			v := ""
			if ans != nil {
				v = ans.Values[fl.Key]
			}
			if fl.Type == app.FieldYesNo {
				v = yesNoText(v)
			}
			row = append(row, strings.ReplaceAll(v, "\n", " "))
		}
		a.rows[i] = row
	}
	a.table.Refresh()

	a.side.RemoveAll()
	switch f.Kind {
	case app.FormChain:
		a.side.Add(chainView(app.ChainItems(a.sheet), a.multi))
		a.side.Add(widget.NewSeparator())
		a.side.Add(studentListView(i18n.T("formpage.chain.missing", len(a.totals.Missing)), a.totals.Missing, a.multi))
	case app.FormCheckin:
		missing := app.NonResponders(a.sheet, a.day)
		a.side.Add(studentListView(i18n.T("formpage.checkin.missing", a.day, len(missing)), missing, a.multi))
		a.side.Add(widget.NewSeparator())
		a.side.Add(a.totalsView())
	default:
		a.side.Add(a.totalsView())
	}
	a.updateInfo()
}

func (a *formAnswers) updateInfo() {
	f := a.form()
	info := i18n.T("formpage.info", kindText(f.Kind), formMeta(f), progressText(f.Kind, a.totals.Answered, a.totals.Students))
	a.info.SetText(info)
	if a.dayLabel != nil {
		a.dayLabel.SetText(i18n.T("formpage.day", a.day, slices.Index(a.days, a.day)+1, len(a.days)))
	}
}

// current is the student picked in the table.
func (a *formAnswers) current() (app.FormStudent, bool) {
	if a.selected < 0 || a.selected >= len(a.sheet.Students) {
		return app.FormStudent{}, false
	}
	return a.sheet.Students[a.selected], true
}

// showSelected loads the picked student's answer into the form view.
func (a *formAnswers) showSelected() {
	showInline(a.errMsg, nil)
	st, ok := a.current()
	if !ok {
		a.editorTitle.SetText(i18n.T("formpage.editor.pick"))
		a.editor.load(nil)
		a.updateControls()
		return
	}
	title := i18n.T("formpage.editor.title", studentName(st, true))
	if a.form().Kind == app.FormCheckin {
		title = i18n.T("formpage.editor.title_day", studentName(st, true), a.day)
	}
	a.editorTitle.SetText(title)
	var values map[string]string
	if ans := a.answers[st.StudentID]; ans != nil {
		values = ans.Values
	}
	a.editor.load(values)
	a.updateControls()
}

// updateControls enables what can be done now: nothing while a file is
// read or written, no answers on a closed form.
func (a *formAnswers) updateControls() {
	busy := a.progress.busy()
	f := a.form()
	st, picked := a.current()
	answered := picked && a.answers[st.StudentID] != nil
	open := !f.Closed && !busy
	a.editor.setEnabled(open && picked)
	enable(a.saveBtn, open && picked)
	enable(a.clearBtn, open && answered)
	enable(a.fileBtns[0], !busy && !f.Closed)
	enable(a.fileBtns[1], open)
	enable(a.fileBtns[2], !busy)
	enable(a.closeBtn, open)
	for _, b := range a.dayBtns {
		enable(b, !busy)
	}
}

func enable(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// save checks the form view and stores the picked student's answer.
func (a *formAnswers) save() {
	st, ok := a.current()
	if !ok {
		return
	}
	values, err := a.form().CheckAnswer(a.editor.values())
	showInline(a.errMsg, err)
	if err != nil {
		return
	}
	in := app.AnswerInput{StudentID: st.StudentID, Day: a.day, Values: values}
	ctx := a.s.env.Ctx()
	svc := a.s.env.Services.Forms
	gen := a.loads
	a.saveBtn.Disable()
	a.s.run(func() {
		ans, err := svc.SaveAnswer(ctx, a.id, in)
		fyne.Do(func() {
			a.updateControls()
			if gen != a.loads {
				return // another day or a reload came meanwhile
			}
			showInline(a.errMsg, err)
			if err != nil {
				return
			}
			a.putAnswer(*ans)
		})
	})
}

// clear withdraws the picked student's answer.
func (a *formAnswers) clear() {
	st, ok := a.current()
	if !ok {
		return
	}
	ctx := a.s.env.Ctx()
	svc := a.s.env.Services.Forms
	gen, day := a.loads, a.day
	a.clearBtn.Disable()
	a.s.run(func() {
		err := svc.ClearAnswer(ctx, a.id, st.StudentID, day)
		fyne.Do(func() {
			a.updateControls()
			if gen != a.loads {
				return
			}
			showInline(a.errMsg, err)
			if err != nil {
				return
			}
			a.sheet.Answers = slices.DeleteFunc(a.sheet.Answers, func(x app.Answer) bool { return x.StudentID == st.StudentID })
			if a.doneDays != nil {
				a.doneDays[st.StudentID]--
			}
			a.recompute()
			a.showSelected()
		})
	})
}

// putAnswer puts a saved answer into the sheet in place of the
// student's old one and redraws.
func (a *formAnswers) putAnswer(ans app.Answer) {
	i := slices.IndexFunc(a.sheet.Answers, func(x app.Answer) bool { return x.StudentID == ans.StudentID })
	if i >= 0 {
		a.sheet.Answers[i] = ans
	} else {
		a.sheet.Answers = append(a.sheet.Answers, ans)
		if a.doneDays != nil {
			a.doneDays[ans.StudentID]++
		}
	}
	a.recompute()
	a.showSelected()
}

// fileName is the form's title with what a file holds, for save dialogs.
func (a *formAnswers) fileName(what string) string {
	name := i18n.T(what, a.form().Title)
	if a.day != "" {
		name += "-" + a.day
	}
	return name
}

func (a *formAnswers) chooseTemplate() {
	chooseSavePath(a.s.env, a.fileName("formpage.template_filename"), ".xlsx", a.saveTemplate)
}

// saveTemplate writes the sheet the class fills in, with the answers of
// the sheet shown.
func (a *formAnswers) saveTemplate(path string) {
	sheet := a.sheet
	sheets := a.s.env.Services.Sheets
	a.runFile(i18n.T("formpage.template_saving"), func() error {
		return sheets.WriteAnswerTemplate(path, sheet)
	}, func() {
		a.s.env.ShowInfo(i18n.T("formpage.template"), i18n.T("formpage.saved_to", path))
	})
}

func (a *formAnswers) chooseExport() {
	chooseSavePath(a.s.env, i18n.T("formpage.export_filename", a.form().Title), ".xlsx", a.exportTo)
}

// exportTo writes the answers with their totals; a check-in's of every
// day.
func (a *formAnswers) exportTo(path string) {
	svc := a.s.env.Services
	ctx := a.s.env.Ctx()
	sheet := a.sheet
	a.runFile(i18n.T("formpage.exporting"), func() error {
		if sheet.Form.Kind == app.FormCheckin {
			all, err := svc.Forms.FormSheet(ctx, a.id, app.AllDays)
			if err != nil {
				return err
			}
			sheet = all
		}
		return svc.Sheets.WriteFormAnswers(path, sheet, app.ComputeTotals(sheet))
	}, func() {
		a.s.env.ShowInfo(i18n.T("formpage.export"), i18n.T("formpage.saved_to", path))
	})
}

// runFile runs work off the UI goroutine with the progress shown and the
// buttons disabled, then done on success; an error is shown.
func (a *formAnswers) runFile(text string, work func() error, done func()) {
	a.progress.job(a.s.run, text, a.updateControls, work, orShow(a.s.env, done))
}

func (a *formAnswers) chooseImport() {
	chooseOpenPath(a.s.env, []string{".xlsx", ".csv"}, a.previewImport)
}

// previewImport reads a filled-in sheet and asks the service what it
// would save; nothing is saved until the user confirms a clean preview.
func (a *formAnswers) previewImport(path string) {
	svc := a.s.env.Services
	ctx := a.s.env.Ctx()
	form := a.form()
	var rows []app.AnswerRow
	var res *app.AnswerImport
	a.runFile(i18n.T("formpage.import_reading"), func() error {
		var err error
		if rows, err = svc.Sheets.ReadAnswers(path, form); err != nil {
			return err
		}
		res, err = svc.Forms.ImportAnswers(ctx, a.id, rows, true)
		return err
	}, func() {
		a.preview = newAnswerImportPreview(a, rows, res)
	})
}

// applyImport saves the previewed rows and reloads the sheet.
func (a *formAnswers) applyImport(rows []app.AnswerRow) {
	svc := a.s.env.Services.Forms
	ctx := a.s.env.Ctx()
	var res *app.AnswerImport
	a.runFile(i18n.T("formpage.importing"), func() error {
		var err error
		res, err = svc.ImportAnswers(ctx, a.id, rows, false)
		return err
	}, func() {
		a.s.env.ShowInfo(i18n.T("formpage.import"), i18n.T("formpage.imported", res.Saved, res.Unchanged))
		a.reload()
	})
}

// reload loads the day shown again, and a check-in's counts.
func (a *formAnswers) reload() {
	a.sheet = nil
	a.content.Objects = []fyne.CanvasObject{container.NewCenter(widget.NewLabel(i18n.T("formpage.loading")))}
	a.content.Refresh()
	a.load(a.day)
}

func (a *formAnswers) confirmClose() {
	confirmDanger(a.s.env.Window, i18n.T("formpage.close_title"), confirmText(i18n.T("formpage.close_confirm", a.form().Title)),
		i18n.T("formpage.close"), func(ok bool) {
			if ok {
				a.closeForm()
			}
		})
}

func (a *formAnswers) closeForm() {
	svc := a.s.env.Services.Forms
	ctx := a.s.env.Ctx()
	a.runFile(i18n.T("formpage.closing"), func() error { return svc.CloseForm(ctx, a.id) }, func() {
		a.sheet.Form.Closed = true
		a.updateInfo()
		a.updateControls()
	})
}

// answerImportPreview shows what an answer import would do: the problem
// rows first, and only a clean sheet can be saved.
type answerImportPreview struct {
	dlg     *dialog.CustomDialog
	confirm *widget.Button // nil when there are problems
	texts   fyne.CanvasObject
}

func newAnswerImportPreview(a *formAnswers, rows []app.AnswerRow, res *app.AnswerImport) *answerImportPreview {
	p := &answerImportPreview{}
	var body fyne.CanvasObject
	var buttons []fyne.CanvasObject
	if n := len(res.Problems); n > 0 {
		head := boldLabel(i18n.T("formpage.import_problems", n))
		head.Importance = widget.DangerImportance
		p.texts = head
		body = container.NewBorder(head, nil, nil, nil, problemTable(res.Problems))
	} else {
		head := boldLabel(i18n.T("formpage.import_summary", res.Saved, res.Unchanged))
		p.texts = head
		body = head
		p.confirm = widget.NewButtonWithIcon(i18n.T("formpage.import_confirm"), theme.ConfirmIcon(), func() {
			p.dlg.Hide()
			a.preview = nil
			a.applyImport(rows)
		})
		p.confirm.Importance = widget.HighImportance
		if res.Saved == 0 {
			p.confirm.Disable()
		}
		buttons = append(buttons, p.confirm)
	}
	cancel := widget.NewButton(i18n.T("formpage.cancel"), func() {
		p.dlg.Hide()
		a.preview = nil
	})
	buttons = append(buttons, cancel)
	p.dlg = dialog.NewCustomWithoutButtons(i18n.T("formpage.import_title"), body, a.s.env.Window)
	p.dlg.SetButtons(buttons)
	size := a.s.env.Window.Canvas().Size()
	if len(res.Problems) > 0 {
		p.dlg.Resize(fyne.NewSize(min(860, size.Width*0.9), min(520, size.Height*0.85)))
	} else {
		p.dlg.Resize(fyne.NewSize(440, p.dlg.MinSize().Height))
	}
	p.dlg.Show()
	return p
}
