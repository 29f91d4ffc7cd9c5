package ui

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// The student columns of the score grid; a column per subject follows.
const (
	scColClass = iota
	scColNo
	scColName
	scColFirstSubject
)

// scoreKey is one cell of the grid by student and subject.
type scoreKey struct {
	studentID int64
	subject   string
}

// examDetail is an exam's page: the score grid (students down, subjects
// across), typed into from the keyboard and saved as the teacher goes;
// the statistics per class and subject; and the teacher's ranking. The
// ranks stay on this page: the result slips printed for families have
// none.
//
// In the grid, typing a number (or 缺 / q for 缺考) enters it in the
// focused cell; Enter moves down, Tab right, the arrows anywhere, each
// keeping what was typed once it is a valid score. A score above the
// subject's full marks stays red in its cell and is not saved; Escape
// drops it, Delete clears a cell.
type examDetail struct {
	s       *ExamsScreen
	id      int64
	content *fyne.Container // loading, failed, or main

	sheet *app.ExamSheet
	stats *app.ExamStats
	loads int

	main      fyne.CanvasObject
	info      *widget.Label
	tabs      *container.AppTabs
	grid      *keyTable
	shown     []int // the grid's rows: the students of the class picked
	classes   *classFilter
	*saveLine                  // where saving the scores stands
	fileBtns  []*widget.Button // import, template, export, print
	progress  *busyIndicator

	// the cell being typed in
	editing  bool
	edit     widget.TableCellID
	editText string
	bad      bool // editText is not a score the cell takes

	queue *saveQueue[scoreKey, app.ScoreEntry] // the cells changed, saved as they are made

	statsRows  [][]string
	statsTable *widget.Table
	// above the table: each class's score bands in the subject picked,
	// and the averages by subject
	bandsChart   *chartView
	bandsSubject *widget.Select
	avgChart     *chartView
	rankRows     [][]string
	rankTable    *widget.Table

	// the open import preview, for tests
	preview *scoreImportPreview
}

func newExamDetail(s *ExamsScreen, id int64) *examDetail {
	d := &examDetail{s: s, id: id}
	d.saveLine = newSaveLine(i18n.T("exampage.grid_hint"),
		saveTexts{"exampage.saving", "exampage.save_failed", "exampage.saved"}, func() { d.queue.flush() })
	d.queue = &saveQueue[scoreKey, app.ScoreEntry]{
		run: func(f func()) { s.run(f) },
		key: func(e app.ScoreEntry) scoreKey { return scoreKey{e.StudentID, e.Subject} },
		// in the grid's order: by student, then subject
		order: func(pending map[scoreKey]app.ScoreEntry) []app.ScoreEntry {
			var out []app.ScoreEntry
			for _, st := range d.sheet.Students {
				for _, sub := range d.exam().Subjects {
					if e, ok := pending[scoreKey{st.StudentID, sub.Name}]; ok {
						out = append(out, e)
					}
				}
			}
			return out
		},
		save: func(entries []app.ScoreEntry) func() error {
			ctx, svc := s.env.Ctx(), s.env.Services.Exams
			return func() error { return svc.SaveScores(ctx, id, entries) }
		},
		// no file work while scores wait (updateButtons)
		shown: func(step saveStep, n int, err error) {
			d.showStep(step, n, err)
			d.updateButtons()
		},
	}
	d.content = container.NewStack(container.NewCenter(widget.NewLabel(i18n.T("exampage.loading"))))
	d.load()
	return d
}

func (d *examDetail) load() {
	d.loads++
	gen := d.loads
	ctx := d.s.env.Ctx()
	svc := d.s.env.Services.Exams
	d.s.run(func() {
		sheet, err := svc.ExamSheet(ctx, d.id)
		fyne.Do(func() {
			if gen != d.loads {
				return
			}
			if err != nil {
				if d.sheet == nil {
					back := widget.NewButtonWithIcon(i18n.T("formpage.back"), theme.NavigateBackIcon(), d.s.back)
					d.content.Objects = []fyne.CanvasObject{messageView(i18n.Err(err), back)}
					d.content.Refresh()
					return
				}
				d.s.env.ShowError(err)
				return
			}
			d.setSheet(sheet)
		})
	})
}

// setSheet shows a loaded sheet, building the view the first time.
func (d *examDetail) setSheet(sheet *app.ExamSheet) {
	first := d.sheet == nil
	// a cell per student and subject, whatever the service left out
	for len(sheet.Scores) < len(sheet.Students) {
		sheet.Scores = append(sheet.Scores, nil)
	}
	for i := range sheet.Scores {
		for len(sheet.Scores[i]) < len(sheet.Exam.Subjects) {
			sheet.Scores[i] = append(sheet.Scores[i], app.ScoreCell{})
		}
	}
	// the old rows' indexes mean nothing in the new sheet
	d.sheet, d.shown = sheet, nil
	d.editing, d.bad = false, false
	d.queue.drop()
	if first {
		d.build()
		d.content.Objects = []fyne.CanvasObject{d.main}
		d.content.Refresh()
	}
	d.info.SetText(i18n.T("exampage.detail_info", examMeta(sheet.Exam), len(sheet.Students)))
	d.classes.set(len(sheet.Students), func(i int) (int64, string) {
		return sheet.Students[i].ClassID, sheet.Students[i].ClassLabel
	})
	d.shown = d.classRows()
	d.recompute()
	d.updateButtons()
}

func (d *examDetail) exam() *app.Exam { return d.sheet.Exam }

func (d *examDetail) build() {
	d.classes = newClassFilter(d.refilter)
	d.grid = newKeyTable(d.gridHeaders(), func() int { return len(d.shown) }, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, d.updateGridCell)
	d.grid.acceptsTab = true
	d.grid.StickyColumnCount = scColFirstSubject
	d.grid.onKey = d.keyTyped
	d.grid.onRune = d.runeTyped
	d.grid.onTap = d.cellTapped
	for c, w := range d.gridWidths() {
		d.grid.SetColumnWidth(c, w)
	}
	alignNumbers(&d.grid.Table, func(col int) bool { return col >= scColFirstSubject })

	d.statsTable = newLabelTable(statsHeaders(), func() int { return len(d.statsRows) }, func(row, col int) (string, widget.Importance) {
		return d.statsRows[row][col], widget.MediumImportance
	})
	// too many figures for a small window: the class and the subject
	// stay while they scroll
	d.statsTable.StickyColumnCount = 2
	_, statsTable := fitColumns(d.statsTable, statsColumns())
	alignNumbers(d.statsTable, func(col int) bool { return col >= statsColFirstNumber })
	d.rankTable = newLabelTable(rankHeaders(), func() int { return len(d.rankRows) }, func(row, col int) (string, widget.Importance) {
		return d.rankRows[row][col], widget.MediumImportance
	})
	_, rankTable := fitColumns(d.rankTable, rankColumns())
	alignNumbers(d.rankTable, func(col int) bool { return !slices.Contains(rankTextColumns, col) })

	legend := widget.NewLabel(i18n.T("exampage.fail_legend"))
	legend.Importance = widget.DangerImportance
	gridView := container.NewBorder(container.NewHBox(d.classes.Content(), legend),
		container.NewBorder(nil, nil, nil, d.retry, d.status), nil, nil, d.grid)

	bands := widget.NewLabel(i18n.T("exampage.bands_hint"))
	bands.Truncation = fyne.TextTruncateEllipsis
	d.bandsChart = newChartView(d.s.env, d.s.run, chartHeight)
	d.avgChart = newChartView(d.s.env, d.s.run, chartHeight)
	var subjects []string
	for _, sub := range d.exam().Subjects {
		subjects = append(subjects, sub.Name)
	}
	d.bandsSubject = widget.NewSelect(subjects, func(string) { d.bandsChart.SetChart(d.bandsOf()) })
	if len(subjects) > 0 {
		d.bandsSubject.Selected = subjects[0]
	}
	picker := container.NewHBox(widget.NewLabel(i18n.T("charts.exam.bands_subject")), d.bandsSubject)
	charts := container.NewGridWithColumns(2, d.bandsChart.Content(), d.avgChart.Content())
	statsView := container.NewBorder(container.NewVBox(charts, container.NewBorder(nil, nil, nil, picker, bands)), nil, nil, nil, statsTable)
	private := widget.NewLabel(i18n.T("exampage.ranks_private"))
	private.Importance = widget.WarningImportance
	private.Truncation = fyne.TextTruncateEllipsis
	rankView := container.NewBorder(private, nil, nil, nil, rankTable)
	d.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(i18n.T("exampage.tab.scores"), theme.DocumentCreateIcon(), gridView),
		container.NewTabItemWithIcon(i18n.T("exampage.tab.stats"), theme.GridIcon(), statsView),
		container.NewTabItemWithIcon(i18n.T("exampage.tab.ranks"), theme.ListIcon(), rankView),
	)

	d.fileBtns = []*widget.Button{
		widget.NewButtonWithIcon(i18n.T("exampage.import"), theme.UploadIcon(), d.chooseImport),
		widget.NewButtonWithIcon(i18n.T("exampage.template"), theme.DownloadIcon(), d.chooseTemplate),
		widget.NewButtonWithIcon(i18n.T("exampage.export"), theme.DocumentSaveIcon(), d.chooseExport),
		widget.NewButtonWithIcon(i18n.T("exampage.print"), theme.DocumentPrintIcon(), d.choosePrint),
	}
	buttons := make([]fyne.CanvasObject, len(d.fileBtns))
	for i, b := range d.fileBtns {
		buttons[i] = b
	}
	d.info = widget.NewLabel("")
	d.info.Truncation = fyne.TextTruncateEllipsis
	d.progress = newBusyIndicator()
	top := container.NewVBox(subViewHeader(d.exam().Name, d.s.back, buttons...), d.info, d.progress.box)
	d.main = container.NewBorder(top, nil, nil, nil, d.tabs)
}

func (d *examDetail) gridHeaders() []string {
	h := []string{i18n.T("homeworkpage.col.class"), i18n.T("homeworkpage.col.no"), i18n.T("homeworkpage.col.name")}
	for _, sub := range d.exam().Subjects {
		h = append(h, i18n.T("exampage.col.subject", sub.Name, sub.Full.String()))
	}
	return h
}

func (d *examDetail) gridWidths() []float32 {
	h := d.gridHeaders()
	w := []float32{columnWidth(h[0], classSample()), columnWidth(h[1], "2024010101"), columnWidth(h[2], "欧阳思思")}
	for _, head := range h[scColFirstSubject:] {
		w = append(w, columnWidth(head, failSign+"100.5", i18n.T("exampage.absent")))
	}
	return w
}

// subjectAt is the subject index of a grid column, or -1.
func (d *examDetail) subjectAt(col int) int {
	j := col - scColFirstSubject
	if j < 0 || j >= len(d.exam().Subjects) {
		return -1
	}
	return j
}

func (d *examDetail) updateGridCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row < 0 || id.Row >= len(d.shown) {
		l.SetText("")
		return
	}
	i := d.shown[id.Row]
	st := d.sheet.Students[i]
	l.Importance = widget.MediumImportance
	l.TextStyle.Bold = false
	switch id.Col {
	case scColClass:
		l.SetText(st.ClassLabel)
		return
	case scColNo:
		l.SetText(st.StudentNo)
		return
	case scColName:
		l.SetText(st.StudentName)
		return
	}
	if d.editing && d.edit == id {
		l.TextStyle.Bold = true
		l.Importance = widget.HighImportance
		if d.bad {
			l.Importance = widget.DangerImportance
		}
		l.SetText(d.editText)
		return
	}
	j := d.subjectAt(id.Col)
	if j < 0 {
		l.SetText("")
		return
	}
	c := d.sheet.Scores[i][j]
	text := d.cellText(c)
	if c.Set && c.Absent {
		l.Importance = widget.WarningImportance
	} else if c.Set && d.exam().Subjects[j].Fails(c.Value) {
		// red and a sign, so it reads in print and without colour; in
		// front, so the digits stay right-aligned with the others
		l.Importance = widget.DangerImportance
		text = failSign + text
	}
	l.SetText(text)
}

// failSign marks a failing score in the grid: ↓58.
const failSign = "↓"

// refilter shows the students of the class picked; what is typed in a
// cell is kept first, as a move to another cell keeps it.
func (d *examDetail) refilter() {
	if !d.commit() {
		d.stopEditing()
	}
	d.shown = d.classRows()
	d.grid.ScrollToTop()
	d.grid.moveTo(0, d.grid.cursor.Col)
	d.grid.Refresh()
}

// classRows lists the students of the class picked.
func (d *examDetail) classRows() []int {
	return d.classes.rows(len(d.sheet.Students), func(i int) int64 { return d.sheet.Students[i].ClassID })
}

// alignNumbers right-aligns the cells and headers of a table's columns
// of numbers, so their digits line up; the others stay leading. The
// table's cells and headers are labels.
func alignNumbers(t *widget.Table, numbers func(col int) bool) {
	align := func(id widget.TableCellID, o fyne.CanvasObject) {
		l, ok := labelIn(o)
		if !ok {
			return
		}
		l.Alignment = fyne.TextAlignLeading
		if numbers(id.Col) {
			l.Alignment = fyne.TextAlignTrailing
		}
	}
	cell, header := t.UpdateCell, t.UpdateHeader
	t.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) { align(id, o); cell(id, o) }
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) { align(id, o); header(id, o) }
}

func (d *examDetail) cellText(c app.ScoreCell) string {
	switch {
	case !c.Set:
		return ""
	case c.Absent:
		return i18n.T("exampage.absent")
	}
	return c.Value.String()
}

// keyTyped: Enter, Tab and the arrows keep what was typed and move;
// Backspace edits it, Escape drops it, Delete clears the cell.
func (d *examDetail) keyTyped(id widget.TableCellID, ev *fyne.KeyEvent) bool {
	move := func(row, col int) bool {
		if d.commit() {
			d.grid.moveTo(row, col)
		}
		return true
	}
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		return move(id.Row+1, id.Col)
	case fyne.KeyTab:
		if id.Col+1 < scColFirstSubject+len(d.exam().Subjects) {
			return move(id.Row, max(id.Col+1, scColFirstSubject))
		}
		return move(id.Row+1, scColFirstSubject)
	case fyne.KeyUp, fyne.KeyDown, fyne.KeyLeft, fyne.KeyRight:
		if !d.editing {
			return false
		}
		to := map[fyne.KeyName][2]int{fyne.KeyUp: {-1, 0}, fyne.KeyDown: {1, 0}, fyne.KeyLeft: {0, -1}, fyne.KeyRight: {0, 1}}[ev.Name]
		return move(id.Row+to[0], id.Col+to[1])
	case fyne.KeyEscape:
		if d.editing {
			d.stopEditing()
			d.setStatus(i18n.T("exampage.grid_hint"), widget.MediumImportance)
		}
		return true
	case fyne.KeyBackspace:
		if d.editing {
			r := []rune(d.editText)
			d.editText = string(r[:max(0, len(r)-1)])
			d.bad = false
			if d.editText == "" {
				d.stopEditing()
			}
			d.grid.RefreshItem(d.edit)
		}
		return true
	case fyne.KeyDelete:
		if j := d.subjectAt(id.Col); j >= 0 && !d.editing {
			d.setCell(id.Row, j, app.ScoreCell{})
		}
		return true
	}
	return false
}

// runeTyped starts or goes on typing in the focused cell; typed on a
// student's name it goes to their first subject.
func (d *examDetail) runeTyped(id widget.TableCellID, r rune) {
	if r == ' ' || len(d.exam().Subjects) == 0 {
		return
	}
	if d.subjectAt(id.Col) < 0 {
		d.grid.moveTo(id.Row, scColFirstSubject)
		id = d.grid.cursor
	}
	if !d.editing || d.edit != id {
		if d.editing && !d.commit() {
			return
		}
		d.editing, d.edit, d.editText = true, id, ""
	}
	d.editText += string(r)
	d.bad = false
	d.grid.RefreshItem(id)
}

// cellTapped: a click elsewhere keeps what was typed when it is valid
// and drops it otherwise.
func (d *examDetail) cellTapped(id widget.TableCellID) {
	if d.editing && d.edit != id && !d.commit() {
		d.stopEditing()
	}
}

func (d *examDetail) stopEditing() {
	d.editing, d.bad, d.editText = false, false, ""
	d.grid.RefreshItem(d.edit)
}

// commit enters what was typed in its cell; false when it is not a
// score the subject takes, which then stays shown and unsaved.
func (d *examDetail) commit() bool {
	if !d.editing {
		return true
	}
	j := d.subjectAt(d.edit.Col)
	if j < 0 || d.edit.Row >= len(d.shown) {
		d.stopEditing()
		return true
	}
	cell, err := parseScoreCell(d.editText, d.exam().Subjects[j])
	if err != nil {
		d.bad = true
		d.setStatus(i18n.T("exampage.not_saved", i18n.Err(err)), widget.DangerImportance)
		d.grid.RefreshItem(d.edit)
		return false
	}
	row := d.edit.Row
	d.stopEditing()
	d.setCell(row, j, cell)
	return true
}

// parseScoreCell reads what a teacher typed for a subject: a score up to
// its full marks, or 缺考 (缺, q, …).
func parseScoreCell(text string, sub app.ExamSubject) (app.ScoreCell, error) {
	t := strings.TrimSpace(app.NarrowText(text))
	if strings.EqualFold(t, "q") || slices.ContainsFunc(app.AbsentWords, func(w string) bool { return strings.EqualFold(w, t) }) {
		return app.ScoreCell{Set: true, Absent: true}, nil
	}
	v, err := app.ParseScore(t)
	if err != nil {
		return app.ScoreCell{}, err
	}
	if v > sub.Full {
		return app.ScoreCell{}, app.Errorf(app.EINVALID, "exampage.error.over_full", t, sub.Name, sub.Full.String())
	}
	return app.ScoreCell{Set: true, Value: v}, nil
}

// setCell records the cell of the grid's row and subject j, redraws and
// saves it.
func (d *examDetail) setCell(row, j int, cell app.ScoreCell) {
	i := d.shown[row]
	if d.sheet.Scores[i][j] == cell {
		return
	}
	d.sheet.Scores[i][j] = cell
	st := d.sheet.Students[i]
	sub := d.exam().Subjects[j].Name
	d.grid.RefreshItem(widget.TableCellID{Row: row, Col: scColFirstSubject + j})
	d.recompute()
	d.queue.put(app.ScoreEntry{StudentID: st.StudentID, Subject: sub, Cell: cell})
}

// updateButtons: no file work while a file is read or written, nor while
// scores wait to be saved (an import reloads the sheet).
func (d *examDetail) updateButtons() {
	busy := d.progress.busy()
	unsaved := d.queue.unsaved()
	enable(d.fileBtns[0], !busy && !unsaved)
	for _, b := range d.fileBtns[1:] {
		enable(b, !busy)
	}
}

// recompute works out the statistics and ranks of the sheet as shown.
func (d *examDetail) recompute() {
	d.stats = app.ComputeExamStats(d.sheet)
	d.statsRows = statsRows(d.stats)
	d.rankRows = rankRows(d.sheet, d.stats)
	d.grid.Refresh()
	d.statsTable.Refresh()
	d.rankTable.Refresh()
	d.bandsChart.SetChart(d.bandsOf())
	d.avgChart.SetChart(averagesChart(d.stats))
}

// bandsOf is each class's students by score band in the subject picked,
// stacked.
func (d *examDetail) bandsOf() *app.Chart {
	j := slices.Index(d.bandsSubject.Options, d.bandsSubject.Selected)
	if j < 0 {
		return nil
	}
	c := &app.Chart{Kind: app.ChartColumns, Stacked: true, Title: i18n.T("charts.exam.bands", d.bandsSubject.Selected)}
	for i := range app.BandEdges {
		c.Series = append(c.Series, app.ChartSeries{Name: bandName(i)})
	}
	for _, g := range d.stats.Classes {
		if j >= len(g.Subjects) {
			continue
		}
		c.Labels = append(c.Labels, g.ClassLabel)
		for i := range c.Series {
			c.Series[i].Values = append(c.Series[i].Values, float64(g.Subjects[j].Bands[i]))
		}
	}
	return c
}

// averagesChart is the average of each subject: of all the classes
// together (when there are several), then of each class.
func averagesChart(st *app.ExamStats) *app.Chart {
	c := &app.Chart{Kind: app.ChartColumns, Title: i18n.T("charts.exam.averages")}
	groups := st.Classes
	if len(st.Classes) > 1 {
		all := st.All
		all.ClassLabel = i18n.T("exampage.all_classes")
		groups = append([]app.GroupStats{all}, st.Classes...)
	}
	for _, s := range st.All.Subjects {
		c.Labels = append(c.Labels, s.Subject)
	}
	for _, g := range groups {
		series := app.ChartSeries{Name: g.ClassLabel}
		for _, s := range g.Subjects {
			v := s.Avg
			if s.Count == 0 {
				v = math.NaN() // no score: no bar, not a bar of 0
			}
			series.Values = append(series.Values, v)
		}
		c.Series = append(c.Series, series)
	}
	return c
}

// statsColFirstNumber is the first column of numbers in the statistics,
// after the class and the subject.
const statsColFirstNumber = 2

// rankTextColumns are the ranking's columns of text: the class, the
// student number (a code, not an amount) and the name.
var rankTextColumns = []int{2, 3, 4}

func statsHeaders() []string {
	h := []string{
		i18n.T("homeworkpage.col.class"), i18n.T("exampage.col.subject_name"), i18n.T("exampage.col.count"),
		i18n.T("exampage.col.absent"), i18n.T("exampage.col.avg"), i18n.T("exampage.col.max"), i18n.T("exampage.col.min"),
		i18n.T("exampage.col.std"), i18n.T("exampage.col.pass_rate"), i18n.T("exampage.col.excellent_rate"),
		i18n.T("exampage.col.low_rate"),
	}
	for i := range app.BandEdges {
		h = append(h, bandName(i))
	}
	return h
}

// bandName names the i-th score band: 0–59%, 60–69% …
func bandName(i int) string {
	hi := 100
	if i+1 < len(app.BandEdges) {
		hi = app.BandEdges[i+1] - 1
	}
	return i18n.T("exampage.col.band", app.BandEdges[i], hi)
}

// statsColumns are the statistics' columns for the width policy: the
// class and the subject give way to the figures.
func statsColumns() []column {
	h := statsHeaders()
	cols := make([]column, len(h))
	for c, head := range h {
		cols[c] = column{head, colFit, []string{"100.5"}}
		if c >= 8 && c <= 10 {
			cols[c].samples = []string{percentText(1)}
		}
	}
	cols[0] = column{h[0], colText, []string{i18n.T("exampage.all_classes") + classSample()}}
	cols[1] = column{h[1], colText, []string{"道德与法治"}}
	return cols
}

// statsRows formats the statistics: every class together first (when
// there is more than one), then each class, a line per subject.
func statsRows(st *app.ExamStats) [][]string {
	groups := st.Classes
	if len(st.Classes) > 1 {
		all := st.All
		all.ClassLabel = i18n.T("exampage.all_classes")
		groups = append([]app.GroupStats{all}, st.Classes...)
	}
	var rows [][]string
	for _, g := range groups {
		for _, s := range g.Subjects {
			row := []string{g.ClassLabel, s.Subject, strconv.Itoa(s.Count), strconv.Itoa(s.Absent)}
			if s.Count == 0 {
				for range 7 {
					row = append(row, "—")
				}
			} else {
				row = append(row, formatNumber(s.Avg), s.Max.String(), s.Min.String(), formatNumber(s.Std),
					percentText(s.PassRate()), percentText(s.ExcellentRate()), percentText(s.LowRate()))
			}
			for _, n := range s.Bands {
				row = append(row, strconv.Itoa(n))
			}
			rows = append(rows, row)
		}
	}
	return rows
}

func rankHeaders() []string {
	return []string{
		i18n.T("exampage.col.grade_rank"), i18n.T("exampage.col.class_rank"), i18n.T("homeworkpage.col.class"),
		i18n.T("homeworkpage.col.no"), i18n.T("homeworkpage.col.name"), i18n.T("exampage.col.total"), i18n.T("exampage.col.taken"),
	}
}

// rankColumns are the ranks' columns for the width policy.
func rankColumns() []column {
	h := rankHeaders()
	samples := []string{"1000", "100", classSample(), "2024010101", "欧阳思思", "1000.5", "20"}
	cols := make([]column, len(h))
	for c, head := range h {
		cols[c] = column{head, colFit, []string{samples[c]}}
	}
	cols[2].kind, cols[4].kind = colText, colText
	return cols
}

// rankRows lists the students by grade rank, those without a score last.
func rankRows(sheet *app.ExamSheet, st *app.ExamStats) [][]string {
	order := make([]int, len(sheet.Students))
	for i := range order {
		order[i] = i
	}
	rank := func(i int) int {
		if r := st.Results[i].GradeRank; r > 0 {
			return r
		}
		return len(order) + 1
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rank(a), rank(b)) })
	rankText := func(r int) string {
		if r == 0 {
			return "—"
		}
		return strconv.Itoa(r)
	}
	rows := make([][]string, len(order))
	for k, i := range order {
		stu, res := sheet.Students[i], st.Results[i]
		total := "—"
		if res.Taken > 0 {
			total = res.Total.String()
		}
		rows[k] = []string{rankText(res.GradeRank), rankText(res.ClassRank), stu.ClassLabel, stu.StudentNo, stu.StudentName,
			total, strconv.Itoa(res.Taken)}
	}
	return rows
}

// runFile runs file work off the UI goroutine with the progress shown,
// then done on success; an error is shown.
func (d *examDetail) runFile(text string, work func() error, done func()) {
	d.progress.job(d.s.run, text, d.updateButtons, work, orShow(d.s.env, done))
}

func (d *examDetail) chooseTemplate() {
	chooseSavePath(d.s.env, i18n.T("exampage.template_file", d.exam().Name), ".xlsx", d.saveTemplate)
}

func (d *examDetail) saveTemplate(path string) {
	sheet := d.sheet
	sheets := d.s.env.Services.Sheets
	d.runFile(i18n.T("exampage.writing"), func() error { return sheets.WriteScoreTemplate(path, sheet) }, func() {
		d.s.env.ShowInfo(i18n.T("exampage.template"), i18n.T("exampage.saved_to", path))
	})
}

func (d *examDetail) chooseExport() {
	chooseSavePath(d.s.env, i18n.T("exampage.export_file", d.exam().Name), ".xlsx", d.exportTo)
}

// exportTo writes the scores with totals and ranks, for the teachers.
func (d *examDetail) exportTo(path string) {
	sheet, stats := d.sheet, d.stats
	sheets := d.s.env.Services.Sheets
	d.runFile(i18n.T("exampage.writing"), func() error { return sheets.WriteExamResults(path, sheet, stats) }, func() {
		d.s.env.ShowInfo(i18n.T("exampage.export"), i18n.T("exampage.saved_to", path))
	})
}

func (d *examDetail) choosePrint() {
	chooseSavePath(d.s.env, i18n.T("exampage.slips_file", d.exam().Name), ".pdf", d.printTo)
}

// printTo writes a result slip per student. The statistics it gets have
// no ranks: what families read never ranks their child.
func (d *examDetail) printTo(path string) {
	slips := app.ResultSlips{Sheet: d.sheet, Stats: withoutRanks(d.stats)}
	if d.s.env.School != nil {
		slips.School = d.s.env.School.Name
	}
	printer := d.s.env.Services.Printer
	d.runFile(i18n.T("exampage.printing"), func() error { return printer.PrintResultSlips(path, slips) }, func() {
		d.s.env.ShowInfo(i18n.T("exampage.print"), i18n.T("exampage.saved_to", path))
	})
}

// withoutRanks is a copy of st with every student's ranks taken out.
func withoutRanks(st *app.ExamStats) *app.ExamStats {
	out := *st
	out.Results = slices.Clone(st.Results)
	for i := range out.Results {
		out.Results[i].ClassRank, out.Results[i].GradeRank = 0, 0
	}
	return &out
}

func (d *examDetail) chooseImport() {
	chooseOpenPath(d.s.env, []string{".xlsx", ".csv"}, d.previewImport)
}

// previewImport reads a score sheet and asks the service what it would
// save; nothing is saved until the user confirms.
func (d *examDetail) previewImport(path string) {
	svc := d.s.env.Services
	ctx := d.s.env.Ctx()
	exam := d.exam()
	var rows []app.ScoreRow
	var res *app.ScoreImport
	d.runFile(i18n.T("exampage.import_reading"), func() error {
		var err error
		if rows, err = svc.Sheets.ReadScores(path, exam); err != nil {
			return err
		}
		res, err = svc.Exams.ImportScores(ctx, d.id, rows, true)
		return err
	}, func() {
		d.preview = newScoreImportPreview(d, rows, res)
	})
}

// applyImport saves the scores of the rows the service finds no problem
// with, says what it saved and how many rows it left out, and loads the
// sheet again.
func (d *examDetail) applyImport(rows []app.ScoreRow) {
	svc := d.s.env.Services.Exams
	ctx := d.s.env.Ctx()
	var res *app.ScoreImport
	d.runFile(i18n.T("exampage.importing"), func() error {
		var err error
		res, err = svc.ImportScores(ctx, d.id, rows, false)
		return err
	}, func() {
		msg := i18n.T("exampage.imported", res.Saved, res.Unchanged)
		if len(res.Problems) > 0 {
			msg = i18n.T("exampage.imported_skipped", res.Saved, res.Unchanged, len(res.Problems))
		}
		d.s.env.ShowInfo(i18n.T("exampage.import"), msg)
		d.load()
	})
}
