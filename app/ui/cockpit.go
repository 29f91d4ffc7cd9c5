package ui

import (
	"image/color"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// CockpitActions open the pages behind the cockpit's figures, so a tile
// is a way in, not a dead end; a nil action leaves its tile without a
// link.
type CockpitActions struct {
	RollCall   func(classID int64)                // a class's roll call
	NotTaken   func()                             // the classes with no roll call
	Alerts     func()                             // the students absent days in a row
	Rates      func(app.RangeKind, app.RateLevel) // attendance rates over a preset range, by a level
	Directory  func()
	Notices    func()
	NewNotice  func()
	Homework   func()
	NewHW      func()
	OpenForm   func(id int64)
	OpenExam   func(id int64)
	NewExam    func()
	Leave      func()
	Sync       func()
	Import     func()
	OpenNotice func(id int64)
}

// The height of a chart card's picture, and how many cards stand side by
// side.
const (
	cockpitChartH    = 220
	cockpitChartCols = 2
	// the size of a chart saved as a picture
	exportChartW, exportChartH = 900, 450
)

// CockpitScreen is the 驾驶舱: the school (or a teacher's classes) at a
// glance over a range of days, headline figures as tiles and charts in
// cards, each leading to the page behind it.
type CockpitScreen struct {
	env     *Env
	actions CockpitActions
	// run starts background work and now tells the day; tests replace
	// both.
	run func(func())
	now func() time.Time

	root *fyne.Container // the range bar and the body
	body *fyne.Container // loading, error or the figures
	*rangePicker
	span   *widget.Label
	printB *widget.Button
	linesB *widget.Button

	cockpit *app.Cockpit // the latest load
	charts  []app.NamedChart
	loads   int

	linesDlg *linesDialog // the open class size lines dialog, for tests
}

// NewCockpitScreen builds the cockpit; it loads this month's figures the
// first time it is shown and again each time it is shown after.
func NewCockpitScreen(env *Env, actions CockpitActions) *CockpitScreen {
	s := &CockpitScreen{env: env, actions: actions, run: func(f func()) { runAsync(f) }, now: time.Now}
	s.build()
	return s
}

// Content returns the screen's widgets and loads the figures again.
func (s *CockpitScreen) Content() fyne.CanvasObject {
	s.Reload()
	return s.root
}

func (s *CockpitScreen) build() {
	s.rangePicker = newRangePicker(app.RangeMonth, func() time.Time { return s.now() }, s.Reload)
	s.span = widget.NewLabel("")
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.Reload)
	refresh.Importance = widget.LowImportance
	s.printB = widget.NewButtonWithIcon(i18n.T("cockpit.print"), theme.DocumentPrintIcon(), s.choosePrint)
	s.printB.Disable()
	buttons := container.NewHBox(s.printB, refresh)
	if s.env.Account.IsAdmin() && s.env.Services.Cockpit != nil {
		s.linesB = widget.NewButtonWithIcon(i18n.T("cockpit.lines"), theme.SettingsIcon(), s.editLines)
		buttons.Objects = append([]fyne.CanvasObject{s.linesB}, buttons.Objects...)
	}
	title := pageTitle(i18n.T("nav.cockpit"))
	title.Truncation = fyne.TextTruncateOff // in a row of its own width
	bar := container.NewBorder(nil, nil, container.NewHBox(title, s.kindSel, s.custom, s.span), buttons)
	s.body = container.NewStack(cockpitMessage(i18n.T("cockpit.loading")))
	s.root = container.NewBorder(container.NewVBox(bar, widget.NewSeparator()), nil, nil, nil, s.body)
}

// Reload loads the figures of the range off the UI goroutine; the
// figures on show stay until the new ones are there.
func (s *CockpitScreen) Reload() {
	r, err := s.picked()
	if err != nil {
		s.env.ShowError(err)
		return
	}
	s.loads++
	gen := s.loads
	ctx, svc := s.env.Ctx(), s.env.Services.Cockpit
	s.run(func() {
		c, err := svc.Cockpit(ctx, r)
		var charts []app.NamedChart
		if err == nil {
			charts = c.Charts()
		}
		fyne.Do(func() {
			if gen != s.loads {
				return
			}
			if err != nil {
				if s.cockpit == nil {
					retry := widget.NewButtonWithIcon(i18n.T("cockpit.retry"), theme.ViewRefreshIcon(), s.Reload)
					s.show(messageView(i18n.Err(err), retry))
				}
				s.env.ShowError(err)
				return
			}
			s.cockpit, s.charts = c, charts
			s.span.SetText(i18n.T("cockpit.span", app.FormatDate(r.From), app.FormatDate(r.To)))
			s.printB.Enable()
			s.show(s.figures())
		})
	})
}

func (s *CockpitScreen) show(o fyne.CanvasObject) {
	s.body.Objects = []fyne.CanvasObject{o}
	s.body.Refresh()
}

// figures lays out the latest load: the tiles, the lists, the charts.
func (s *CockpitScreen) figures() fyne.CanvasObject {
	c := s.cockpit
	a := s.actions
	tiles := container.NewGridWithColumns(4)
	for _, t := range s.tiles(c) {
		tiles.Add(t)
	}
	sections := container.NewVBox(tiles)
	if len(c.Attendance.NotTaken) > 0 {
		sections.Add(s.notTakenCard(c))
	}
	if len(c.Forms) > 0 {
		sections.Add(s.formsCard(c))
	}
	grid := container.NewGridWithColumns(cockpitChartCols)
	for _, nc := range s.charts {
		grid.Add(s.chartCard(nc, s.chartAction(nc.ID)))
	}
	sections.Add(grid)
	if c.Exam == nil {
		sections.Add(emptyCard(i18n.T("cockpit.exam.none"), i18n.T("cockpit.exam.new"), a.NewExam))
	}
	if len(c.Homework) == 0 {
		sections.Add(emptyCard(i18n.T("cockpit.homework.none"), i18n.T("cockpit.homework.new"), a.NewHW))
	}
	return container.NewVScroll(sections)
}

// tiles are the headline figures, each opening the page behind it.
func (s *CockpitScreen) tiles(c *app.Cockpit) []fyne.CanvasObject {
	a := s.actions
	at := &c.Attendance
	pct := func(f float64) string { return i18n.T("cockpit.figure.percent", f*100) }
	var out []fyne.CanvasObject

	if at.Today.Sessions > 0 {
		out = append(out, newFigureTile(i18n.T("cockpit.tile.today", app.FormatDate(c.Range.To)), pct(at.Today.Rate()),
			i18n.T("cockpit.tile.present", at.Today.Present(), at.Today.Sessions), at.Today.Rate() < 0.9, s.rates(app.RangeToday, app.RateClass)))
	} else {
		out = append(out, newFigureTile(i18n.T("cockpit.tile.today", app.FormatDate(c.Range.To)), "—",
			i18n.T("cockpit.tile.no_roll_call"), false, a.NotTaken))
	}
	out = append(out,
		newFigureTile(i18n.T("cockpit.tile.not_taken"), strconv.Itoa(len(at.NotTaken)),
			i18n.T("cockpit.tile.classes_taken", len(c.Roster.Classes)-len(at.NotTaken), len(c.Roster.Classes)), len(at.NotTaken) > 0, a.NotTaken),
		newFigureTile(i18n.T("cockpit.tile.absent", at.AlertDays), strconv.Itoa(len(at.Absent)),
			i18n.T("cockpit.tile.call_list"), len(at.Absent) > 0, a.Alerts))
	r := &c.Roster
	if r.Students == 0 && s.env.Account.IsAdmin() {
		out = append(out, newFigureTile(i18n.T("cockpit.tile.students"), "0", i18n.T("cockpit.tile.import"), false, a.Import))
	} else {
		out = append(out, newFigureTile(i18n.T("cockpit.tile.students"), strconv.Itoa(r.Students),
			i18n.T("cockpit.tile.ratio", len(r.Classes), r.Staff, r.StudentsPerTeacher()), false, a.Directory))
	}
	out = append(out,
		newFigureTile(i18n.T("cockpit.tile.to_reach"), strconv.Itoa(c.Notices.ToReach),
			i18n.T("cockpit.tile.open_notices", len(c.Notices.Open)), c.Notices.ToReach > 0, a.Notices))
	td := &c.ToDo
	waiting := a.Notices
	if td.LeavesWaiting > 0 {
		waiting = a.Leave
	}
	out = append(out,
		newFigureTile(i18n.T("cockpit.tile.waiting"), strconv.Itoa(td.LeavesWaiting+td.Drafts+td.BureauWaiting()),
			i18n.T("cockpit.tile.waiting_value", td.LeavesWaiting, td.Drafts, td.BureauWaiting()), false, waiting),
		newFigureTile(i18n.T("cockpit.tile.quality"), strconv.Itoa(len(td.NoGuardianPhone)+len(td.NoHeadTeacher)),
			i18n.T("cockpit.tile.quality_value", len(td.NoGuardianPhone), len(td.NoHeadTeacher)),
			len(td.NoGuardianPhone)+len(td.NoHeadTeacher) > 0, func() { s.showQuality(c) }))
	if sy := c.Sync; sy != nil {
		last := i18n.T("cockpit.figure.never")
		if !sy.LastSuccess.IsZero() {
			last = sy.LastSuccess.Local().Format("01-02 15:04")
		}
		out = append(out, newFigureTile(i18n.T("cockpit.tile.sync"), last,
			i18n.T("cockpit.tile.sync_value", sy.Pending, sy.Conflicts), sy.Conflicts > 0, a.Sync))
	}
	return out
}

// notTakenCard lists the classes with no roll call on the last day, each
// leading to its roll call.
func (s *CockpitScreen) notTakenCard(c *app.Cockpit) fyne.CanvasObject {
	box := container.NewHBox()
	for _, cl := range c.Attendance.NotTaken {
		id := cl.ID
		b := widget.NewButtonWithIcon(cl.Label(), theme.CheckButtonIcon(), nil)
		if s.actions.RollCall != nil {
			b.OnTapped = func() { s.actions.RollCall(id) }
		}
		box.Add(b)
	}
	title := widget.NewLabelWithStyle(i18n.T("cockpit.not_taken.title", app.FormatDate(c.Range.To), len(c.Attendance.NotTaken)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return widget.NewCard("", "", container.NewBorder(nil, nil, title, nil, container.NewHScroll(box)))
}

// formsCard lists the surveys and chains still open, closing soonest
// first, with how many answered.
func (s *CockpitScreen) formsCard(c *app.Cockpit) fyne.CanvasObject {
	list := container.NewVBox(boldLabel(i18n.T("cockpit.forms.title")))
	for _, f := range c.Forms {
		id := f.FormID
		due := i18n.T("cockpit.forms.no_deadline")
		if !f.Deadline.IsZero() {
			due = i18n.T("cockpit.forms.deadline", app.FormatDate(f.Deadline))
		}
		bar := newCountBar(fraction(f.Answered, f.Expected), i18n.T("cockpit.forms.answered", f.Answered, f.Expected))
		open := widget.NewButton(i18n.T("cockpit.open"), nil)
		if s.actions.OpenForm != nil {
			open.OnTapped = func() { s.actions.OpenForm(id) }
		}
		line := widget.NewLabel(f.Title + " · " + due)
		line.Truncation = fyne.TextTruncateEllipsis
		list.Add(container.NewBorder(nil, nil, nil, container.NewHBox(container.New(minWidth(180), bar), open), line))
	}
	return widget.NewCard("", "", list)
}

// rates opens the attendance rates by a level over the range picked (a
// custom range shows the month: the rates page offers the presets).
func (s *CockpitScreen) rates(kind app.RangeKind, level app.RateLevel) func() {
	if s.actions.Rates == nil {
		return nil
	}
	if kind == app.RangeCustom {
		kind = app.RangeMonth
	}
	return func() { s.actions.Rates(kind, level) }
}

// chartAction is the page behind a chart.
func (s *CockpitScreen) chartAction(id app.CockpitChartID) func() {
	a := s.actions
	switch id {
	case app.ChartAttendanceTrend:
		return s.rates(s.kind, app.RateSchool)
	case app.ChartAttendanceClass:
		return s.rates(s.kind, app.RateClass)
	case app.ChartAttendanceGrade:
		return s.rates(s.kind, app.RateGrade)
	case app.ChartStudentsGrade, app.ChartClassSizes:
		return a.Directory
	case app.ChartNotices, app.ChartNoticeClasses:
		return a.Notices
	case app.ChartHomework:
		return a.Homework
	case app.ChartExamSubjects, app.ChartExamClasses, app.ChartExamBands:
		if a.OpenExam != nil && s.cockpit.Exam != nil {
			id := s.cockpit.Exam.Exam.ID
			return func() { a.OpenExam(id) }
		}
	}
	return nil
}

// chartCard shows a chart (the picture carries its title) with a button
// to the page behind it and one that saves it as a PNG picture. A chart
// of horizontal bars is as tall as its rows need.
func (s *CockpitScreen) chartCard(nc app.NamedChart, open func()) fyne.CanvasObject {
	var height float32 = cockpitChartH
	if nc.Chart.Kind == app.ChartBars {
		height = 0
	}
	view := newChartView(s.env, s.run, height)
	ch := nc.Chart
	view.SetChart(&ch)
	save := widget.NewButtonWithIcon(i18n.T("cockpit.png"), theme.DocumentSaveIcon(), func() { s.chooseChartPNG(nc) })
	save.Importance = widget.LowImportance
	buttons := container.NewHBox(layout.NewSpacer(), save)
	if open != nil {
		more := widget.NewButtonWithIcon(i18n.T("cockpit.open"), theme.NavigateNextIcon(), open)
		more.Importance = widget.LowImportance
		buttons.Add(more)
	}
	return widget.NewCard("", "", container.NewBorder(nil, buttons, nil, nil, view.Content()))
}

// chooseChartPNG saves one chart as a PNG picture, in the light theme
// (pictures go into documents and slides).
func (s *CockpitScreen) chooseChartPNG(nc app.NamedChart) {
	name := i18n.T("cockpit.png_name", string(nc.ID), app.FormatDate(s.cockpit.Range.To))
	chooseSavePath(s.env, name, ".png", func(path string) {
		charts := s.env.Services.Charts
		s.run(func() {
			png, err := charts.RenderPNG(nc.Chart, exportChartW, exportChartH, false)
			if err == nil {
				err = writePNG(path, png)
			}
			fyne.Do(func() {
				if err != nil {
					s.env.ShowError(err)
					return
				}
				s.env.ShowInfo(i18n.T("cockpit.saved_title"), i18n.T("cockpit.saved", path))
			})
		})
	})
}

// choosePrint writes the cockpit on one A4 page as a PDF.
func (s *CockpitScreen) choosePrint() {
	if s.cockpit == nil {
		return
	}
	c := s.cockpit
	chooseSavePath(s.env, i18n.T("cockpit.pdf_name", app.FormatDate(c.Range.From), app.FormatDate(c.Range.To)), ".pdf", s.print)
}

// print writes the cockpit on show to path off the UI goroutine.
func (s *CockpitScreen) print(path string) {
	p := app.CockpitPrint{Cockpit: s.cockpit, Printed: s.now()}
	if s.env.School != nil {
		p.School = s.env.School.Name
	}
	printer := s.env.Services.Printer
	s.printB.Disable()
	s.run(func() {
		err := printer.PrintCockpit(path, p)
		fyne.Do(func() {
			s.printB.Enable()
			if err != nil {
				s.env.ShowError(err)
				return
			}
			s.env.ShowInfo(i18n.T("cockpit.saved_title"), i18n.T("cockpit.saved", path))
		})
	})
}

// showQuality lists the data to complete: students with no guardian
// phone, classes with no head teacher.
func (s *CockpitScreen) showQuality(c *app.Cockpit) {
	var lines []string
	for _, e := range c.ToDo.NoGuardianPhone {
		lines = append(lines, i18n.T("cockpit.quality.student", e.ClassLabel, e.StudentNo, e.Name))
	}
	for _, cl := range c.ToDo.NoHeadTeacher {
		lines = append(lines, i18n.T("cockpit.quality.class", cl.Label()))
	}
	if len(lines) == 0 {
		lines = []string{i18n.T("cockpit.quality.none")}
	}
	list := widget.NewList(func() int { return len(lines) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(lines[id]) })
	body := container.NewBorder(newWrapLabel(i18n.T("cockpit.quality.hint")), nil, nil, nil, list)
	d := dialog.NewCustom(i18n.T("cockpit.tile.quality"), i18n.T("dialog.ok"), body, s.env.Window)
	d.Resize(fyne.NewSize(480, 420))
	d.Show()
}

// editLines asks for the class size lines (administrator).
func (s *CockpitScreen) editLines() {
	ctx, svc := s.env.Ctx(), s.env.Services.Cockpit
	s.run(func() {
		l, err := svc.ClassSizeLines(ctx)
		fyne.Do(func() {
			if err != nil {
				s.env.ShowError(err)
				return
			}
			s.showLines(l)
		})
	})
}

// linesDialog is the open class size lines dialog, for tests.
type linesDialog struct {
	*settingsDialog
	entries [3]*widget.Entry // standard, large, huge
}

// showLines opens the class size lines at l; saved, they draw the
// cockpit again.
func (s *CockpitScreen) showLines(l app.ClassSizeLines) {
	d := &linesDialog{}
	keys := [3]string{"cockpit.lines.standard", "cockpit.lines.large", "cockpit.lines.huge"}
	form := widget.NewForm()
	for i, v := range []int{l.Standard, l.Large, l.Huge} {
		d.entries[i] = widget.NewEntry()
		d.entries[i].SetText(strconv.Itoa(v))
		form.Append(i18n.T(keys[i]), d.entries[i])
	}
	d.settingsDialog = newSettingsDialog(s.env.Window, i18n.T("cockpit.lines"), i18n.T("cockpit.lines.cancel"),
		i18n.T("cockpit.lines.save"), form, func() { s.saveLines(d) })
	s.linesDlg = d
}

func (s *CockpitScreen) saveLines(d *linesDialog) {
	var v [3]int
	for i, e := range d.entries {
		v[i], _ = strconv.Atoi(strings.TrimSpace(e.Text)) // not a number: 0, which the service refuses
	}
	l := app.ClassSizeLines{Standard: v[0], Large: v[1], Huge: v[2]}
	ctx, svc := s.env.Ctx(), s.env.Services.Cockpit
	d.saving(s.run, func() error { return svc.SetClassSizeLines(ctx, l) }, func() {
		s.linesDlg = nil
		s.Reload()
	})
}

// figureTile is a headline figure: a caption, the number large, a line
// below; tapped, it opens the page behind it. warn colours the number.
type figureTile struct {
	widget.BaseWidget
	button  *widget.Button
	content fyne.CanvasObject
	value   *widget.Label
}

func newFigureTile(caption, value, sub string, warn bool, tapped func()) *figureTile {
	t := &figureTile{button: widget.NewButton("", tapped)}
	if tapped == nil {
		t.button.Disable()
	}
	name := widget.NewLabel(caption)
	name.Truncation = fyne.TextTruncateEllipsis
	t.value = widget.NewLabelWithStyle(value, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.value.SizeName = theme.SizeNameHeadingText
	t.value.Truncation = fyne.TextTruncateEllipsis
	if warn {
		t.value.Importance = widget.WarningImportance
	}
	line := widget.NewLabel(sub)
	line.Truncation = fyne.TextTruncateEllipsis
	line.SizeName = theme.SizeNameCaptionText
	t.content = container.NewVBox(name, t.value, line)
	t.ExtendBaseWidget(t)
	return t
}

func (t *figureTile) CreateRenderer() fyne.WidgetRenderer {
	size := canvas.NewRectangle(color.Transparent)
	size.SetMinSize(fyne.NewSize(150, 0))
	return widget.NewSimpleRenderer(container.NewStack(size, t.button, t.content))
}

// emptyCard says a part of the cockpit has no data yet, with the way to
// start it.
func emptyCard(text, action string, tapped func()) fyne.CanvasObject {
	row := container.NewHBox(widget.NewIcon(theme.InfoIcon()), widget.NewLabel(text))
	if tapped != nil {
		row.Add(widget.NewButton(action, tapped))
	}
	return widget.NewCard("", "", row)
}

func cockpitMessage(text string) fyne.CanvasObject {
	return container.NewCenter(widget.NewLabel(text))
}

// writePNG saves a chart picture; it holds no person's data, so others
// on the computer may open it.
func writePNG(path string, png []byte) error {
	if err := os.WriteFile(path, png, 0o644); err != nil {
		return app.WrapError(err, "cockpit.error.write", filepath.Base(path), err)
	}
	return nil
}
