package ui

import (
	"context"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// The columns of the directory table.
const (
	colClass = iota
	colStudentNo
	colName
	colGender
	colGuardian1
	colPhone1
	colGuardian2
	colPhone2
	dirCols
)

// DirectoryScreen is the parent directory: classes by grade on the left,
// search-as-you-type and the students with their guardians on the right.
//
// The table reads only from rows, formatted once per load; a search or a
// class change only picks which rows are visible.
type DirectoryScreen struct {
	env *Env
	// run starts background work; tests make it synchronous.
	run func(func())

	root    *fyne.Container   // swaps between loading, empty, error and main
	page    fyne.CanvasObject // the title above root
	main    fyne.CanvasObject
	nav     *widget.List
	roll    *widget.RadioGroup // 在读 / 已离校, for accounts that read all
	former  bool               // showing the students off the roll
	search  *widget.Entry
	count   *widget.Label
	export  *widget.Button
	table   *widget.Table
	fit     *tableFit
	started bool
	loads   int // generation of the latest Reload, so a slow old load loses

	data    *dirData
	query   string
	filter  navItem // the class or grade chosen on the left; zero for all
	visible []int   // indexes into data.rows / data.entries
	busy    bool    // an export is running
}

// dirData is one load of the directory, built off the UI goroutine.
type dirData struct {
	entries []app.DirectoryEntry
	index   *app.DirectoryIndex
	rows    []dirRow // rows[i] is entries[i] formatted
	nav     []navItem
	classes []*app.Class // in the class list's order
}

// dirRow is an entry as the table shows it.
type dirRow struct {
	cells [dirCols]string
	grade int
}

// navItem is a line of the class list: everything, a grade or a class.
type navItem struct {
	label   string
	grade   int   // a grade header when classID is 0
	classID int64 // a class
}

func (n navItem) isAll() bool { return n.grade == 0 && n.classID == 0 }

// NewDirectoryScreen builds the parent directory screen. It loads the
// directory the first time its content is shown.
func NewDirectoryScreen(env *Env) *DirectoryScreen {
	s := &DirectoryScreen{env: env, run: func(f func()) { runAsync(f) }}
	s.build()
	return s
}

// Content returns the screen's widgets.
func (s *DirectoryScreen) Content() fyne.CanvasObject {
	if !s.started {
		s.started = true
		s.Reload()
	}
	return s.page
}

// Reload loads the directory again, e.g. after an import. Call it on the
// UI goroutine. The table keeps showing the old list until the new one is
// there; search text and the chosen class are kept.
func (s *DirectoryScreen) Reload() {
	s.started = true
	s.loads++
	gen := s.loads
	if s.data == nil {
		s.showState(s.loadingView())
	}
	ctx := s.env.Ctx()
	load := s.env.Services.Directory.Directory
	if s.former {
		students := s.env.Services.Students
		load = func(ctx context.Context) (*app.Directory, error) {
			entries, err := students.FormerStudents(ctx)
			return &app.Directory{Entries: entries}, err
		}
	}
	s.run(func() {
		d, err := load(ctx)
		var data *dirData
		if err == nil {
			if d == nil {
				d = &app.Directory{}
			}
			data = buildDirData(d)
		}
		fyne.Do(func() {
			if gen != s.loads {
				return
			}
			if err != nil {
				s.env.ShowError(err)
				if s.data == nil {
					s.showState(s.errorView())
				}
				return
			}
			s.setData(data)
		})
	})
}

func (s *DirectoryScreen) build() {
	s.root = container.NewStack()
	s.page = container.NewBorder(pageTitle(i18n.T("nav.directory")), nil, nil, nil, s.root)

	s.nav = widget.NewList(
		func() int {
			if s.data == nil {
				return 0
			}
			return len(s.data.nav)
		},
		func() fyne.CanvasObject {
			l := widget.NewLabel(i18n.T("dirscreen.nav.template"))
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			n := s.data.nav[id]
			l.TextStyle.Bold = n.classID == 0
			l.SetText(n.label)
		})
	s.nav.OnSelected = func(id widget.ListItemID) {
		if s.data == nil || id >= len(s.data.nav) {
			return
		}
		s.filter = s.data.nav[id]
		s.refilter()
	}

	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(i18n.T("dirscreen.search.placeholder"))
	s.search.OnChanged = func(q string) {
		s.query = q
		s.refilter()
	}
	s.count = widget.NewLabel("")
	s.export = widget.NewButtonWithIcon(i18n.T("dirscreen.export"), theme.DocumentSaveIcon(), s.chooseExport)

	headers := dirHeaders()
	s.table = newLabelTable(headers[:], func() int { return len(s.visible) }, s.cell)
	s.table.OnSelected = s.cellSelected

	var left fyne.CanvasObject
	if s.env.Account.ReadsAll() && s.env.Services.Students != nil {
		on, off := i18n.T("dirscreen.roll.on"), i18n.T("dirscreen.roll.off")
		s.roll = widget.NewRadioGroup([]string{on, off}, func(v string) {
			if former := v == off; former != s.former {
				s.former = former
				s.data, s.visible = nil, nil // another list: its own classes, its own emptiness
				s.Reload()
			}
		})
		s.roll.Horizontal, s.roll.Required = true, true
		s.roll.Selected = on
		left = s.roll
	}
	top := container.NewBorder(nil, nil, left, container.NewHBox(s.count, s.export), s.search)
	var view fyne.CanvasObject
	s.fit, view = fitColumns(s.table, dirColumns(nil))
	right := container.NewBorder(top, nil, nil, nil, view)
	split := container.NewHSplit(s.nav, right)
	split.Offset = 0.16
	s.main = split
}

// sizeColumns measures the columns on the loaded rows: a former
// student's class names its year and status. It needs the running app's
// theme, so it runs when data arrives rather than in build.
func (s *DirectoryScreen) sizeColumns() {
	var classes []string
	for i := 0; i < len(s.data.rows) && i < measuredRows; i++ {
		classes = append(classes, s.data.rows[i].cells[colClass])
	}
	s.fit.measure(dirColumns(classes))
}

// dirColumns are the directory's columns for the width policy, measured
// on samples (the widest text each usually holds) and the classes listed.
func dirColumns(classes []string) []column {
	h := dirHeaders()
	return []column{
		{h[colClass], colText, append(classes, classSample())},
		{h[colStudentNo], colFit, []string{"2024010101"}},
		{h[colName], colText, []string{"欧阳思思"}},
		{h[colGender], colFit, []string{"男"}},
		{h[colGuardian1], colText, []string{"张建国(父亲)"}},
		{h[colPhone1], colPhone, nil},
		{h[colGuardian2], colText, []string{"张建国(父亲)"}},
		{h[colPhone2], colPhone, nil},
	}
}

func dirHeaders() [dirCols]string {
	return [dirCols]string{
		i18n.T("dirscreen.col.class"),
		i18n.T("dirscreen.col.student_no"),
		i18n.T("dirscreen.col.name"),
		i18n.T("dirscreen.col.gender"),
		i18n.T("dirscreen.col.guardian1"),
		i18n.T("dirscreen.col.phone1"),
		i18n.T("dirscreen.col.guardian2"),
		i18n.T("dirscreen.col.phone2"),
	}
}

// cell is asked for every visible cell while scrolling: a slice index,
// nothing else.
func (s *DirectoryScreen) cell(row, col int) (string, widget.Importance) {
	return s.data.rows[s.visible[row]].cells[col], widget.MediumImportance
}

func (s *DirectoryScreen) showState(o fyne.CanvasObject) {
	s.root.Objects = []fyne.CanvasObject{o}
	s.root.Refresh()
}

func (s *DirectoryScreen) loadingView() fyne.CanvasObject {
	bar := widget.NewProgressBarInfinite()
	return container.NewCenter(container.NewVBox(widget.NewLabel(i18n.T("dirscreen.loading")), bar))
}

func (s *DirectoryScreen) errorView() fyne.CanvasObject {
	msg := widget.NewLabel(i18n.T("dirscreen.load_failed"))
	msg.Alignment = fyne.TextAlignCenter
	retry := widget.NewButtonWithIcon(i18n.T("dirscreen.retry"), theme.ViewRefreshIcon(), s.Reload)
	return container.NewCenter(container.NewVBox(msg, container.NewCenter(retry)))
}

func (s *DirectoryScreen) emptyView() fyne.CanvasObject {
	text := i18n.T("dirscreen.empty.other")
	if s.env.Account.IsAdmin() {
		text = i18n.T("dirscreen.empty.admin")
	}
	titleText := i18n.T("dirscreen.empty.title")
	if s.former {
		titleText, text = i18n.T("dirscreen.empty.former_title"), i18n.T("dirscreen.empty.former")
	}
	title := widget.NewLabel(titleText)
	title.TextStyle.Bold = true
	title.Alignment = fyne.TextAlignCenter
	msg := widget.NewLabel(text)
	msg.Alignment = fyne.TextAlignCenter
	return container.NewCenter(container.NewVBox(widget.NewIcon(theme.AccountIcon()), title, msg))
}

// setData swaps in a finished load.
func (s *DirectoryScreen) setData(d *dirData) {
	first := s.data == nil
	// the old rows' indexes mean nothing in the new load: drop them before
	// anything redraws the table
	s.data, s.visible = d, nil
	if len(d.entries) == 0 {
		s.showState(s.emptyView())
		return
	}
	if first {
		s.sizeColumns()
	}
	s.showState(s.main)
	// a teacher starts on their own class
	if a := s.env.Account; first && !a.ReadsAll() {
		if c := app.OwnClass(a, d.classes); c != nil {
			s.filter = navItem{grade: c.Grade, classID: c.ID}
		}
	}
	// keep the chosen class or grade if it is still there
	sel := 0
	for i, n := range d.nav {
		if n.grade == s.filter.grade && n.classID == s.filter.classID {
			sel = i
			break
		}
	}
	s.filter = d.nav[sel]
	s.nav.UnselectAll()
	s.nav.Refresh()
	s.nav.Select(sel) // refilters
}

// refilter runs the search for the current text and class and shows the
// result. It is cheap enough for every keystroke: the index search plus a
// slice of ints.
func (s *DirectoryScreen) refilter() {
	if s.data == nil {
		return
	}
	idx := s.data.index.Search(s.query, s.filter.classID)
	if g := s.filter.grade; g != 0 && s.filter.classID == 0 {
		kept := idx[:0]
		for _, i := range idx {
			if s.data.rows[i].grade == g {
				kept = append(kept, i)
			}
		}
		idx = kept
	}
	s.visible = idx
	s.count.SetText(i18n.T("dirscreen.count", len(idx)))
	s.updateExportButton()
	s.table.UnselectAll()
	s.table.ScrollToTop()
	s.table.Refresh()
}

func (s *DirectoryScreen) updateExportButton() {
	if s.busy || len(s.visible) == 0 {
		s.export.Disable()
	} else {
		s.export.Enable()
	}
}

// visibleEntries returns the entries the table shows, in its order.
func (s *DirectoryScreen) visibleEntries() []app.DirectoryEntry {
	out := make([]app.DirectoryEntry, len(s.visible))
	for i, ix := range s.visible {
		out[i] = s.data.entries[ix]
	}
	return out
}

// buildDirData indexes and formats a directory; it runs off the UI
// goroutine.
func buildDirData(d *app.Directory) *dirData {
	data := &dirData{entries: d.Entries, index: app.NewDirectoryIndex(d.Entries)}

	grades := make(map[int64]int, len(d.Classes))
	for _, c := range d.Classes {
		grades[c.ID] = c.Grade
	}
	perClass := make(map[int64]int)
	perGrade := make(map[int]int)
	male, female := i18n.T("gender.M"), i18n.T("gender.F")
	var extra []*app.Class // classes of entries the class list lacks
	data.rows = make([]dirRow, len(d.Entries))
	for i, e := range d.Entries {
		g, known := grades[e.ClassID]
		if !known {
			grades[e.ClassID] = 0
			extra = append(extra, &app.Class{ID: e.ClassID, Name: e.ClassLabel})
		}
		perClass[e.ClassID]++
		perGrade[g]++
		r := &data.rows[i]
		r.grade = g
		r.cells[colClass] = e.ClassLabel
		if e.Status.Left() {
			r.cells[colClass] = i18n.T("dirscreen.former.class", e.ClassLabel, e.Status.Label())
		}
		r.cells[colStudentNo] = e.StudentNo
		r.cells[colName] = e.Name
		switch e.Gender {
		case app.GenderMale:
			r.cells[colGender] = male
		case app.GenderFemale:
			r.cells[colGender] = female
		}
		if len(e.Guardians) > 0 {
			r.cells[colGuardian1] = guardianText(e.Guardians[0])
			r.cells[colPhone1] = e.Guardians[0].Phone
		}
		if len(e.Guardians) > 1 {
			r.cells[colGuardian2] = guardianText(e.Guardians[1])
			if more := len(e.Guardians) - 2; more > 0 {
				r.cells[colGuardian2] = i18n.T("dirscreen.guardian.more", r.cells[colGuardian2], more)
			}
			r.cells[colPhone2] = e.Guardians[1].Phone
		}
	}

	classes := append([]*app.Class(nil), d.Classes...)
	sort.SliceStable(classes, func(i, j int) bool { return classes[i].Grade < classes[j].Grade })
	data.classes = classes
	data.nav = append(data.nav, navItem{label: i18n.T("dirscreen.nav.all", len(d.Entries))})
	lastGrade := -1
	for _, c := range classes {
		if c.Grade != lastGrade {
			lastGrade = c.Grade
			data.nav = append(data.nav, navItem{label: i18n.T("dirscreen.nav.grade", app.GradeName(c.Grade), perGrade[c.Grade]), grade: c.Grade})
		}
		// under its grade a class is named by its own name (1班, Class 1),
		// so a narrow list still reads it; a past year's names its year
		name := app.ClassName(c.Name)
		if c.Past {
			name = c.Label()
		}
		data.nav = append(data.nav, navItem{label: i18n.T("dirscreen.nav.class", name, perClass[c.ID]), grade: c.Grade, classID: c.ID})
	}
	for _, c := range extra {
		data.nav = append(data.nav, navItem{label: i18n.T("dirscreen.nav.class", c.Name, perClass[c.ID]), classID: c.ID})
	}
	return data
}

// guardianText is a guardian as a cell shows them: 张建国（父亲）.
func guardianText(g app.GuardianContact) string {
	switch {
	case g.Name != "" && g.Relation != "":
		return i18n.T("dirscreen.guardian.named", g.Name, g.Relation)
	case g.Name != "":
		return g.Name
	case g.Relation != "":
		return g.Relation
	}
	return i18n.T("dirscreen.guardian.unnamed")
}

// cellSelected opens the detail of what was clicked: a guardian's cell
// opens that guardian, any other cell the student with all guardians.
func (s *DirectoryScreen) cellSelected(id widget.TableCellID) {
	s.table.Unselect(id)
	if s.data == nil || id.Row < 0 || id.Row >= len(s.visible) {
		return
	}
	ix := s.visible[id.Row]
	n := len(s.data.entries[ix].Guardians)
	switch {
	case (id.Col == colGuardian1 || id.Col == colPhone1) && n > 0:
		s.showGuardian(ix, 0)
	case (id.Col == colGuardian2 || id.Col == colPhone2) && n > 1:
		s.showGuardian(ix, 1)
	default:
		s.showStudent(ix)
	}
}

// showStudent shows a student with every guardian, each with a button to
// the guardian's detail.
func (s *DirectoryScreen) showStudent(ix int) {
	e := s.data.entries[ix]
	r := &s.data.rows[ix]
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("dirscreen.col.class"), widget.NewLabel(e.ClassLabel)),
		widget.NewFormItem(i18n.T("dirscreen.col.student_no"), widget.NewLabel(orDash(e.StudentNo))),
		widget.NewFormItem(i18n.T("dirscreen.col.gender"), widget.NewLabel(orDash(r.cells[colGender]))),
	)
	if e.Status.Left() {
		status := e.Status.Label()
		if !e.StatusAt.IsZero() {
			status = i18n.T("dirscreen.detail.status_since", status, app.FormatDate(e.StatusAt.Local()))
		}
		form.Append(i18n.T("dirscreen.detail.status"), widget.NewLabel(status))
		if e.StatusNote != "" {
			note := newWrapLabel(e.StatusNote)
			form.Append(i18n.T("dirscreen.detail.status_note"), note)
		}
	}
	box := container.NewVBox(form, widget.NewSeparator())
	if len(e.Guardians) == 0 {
		box.Add(widget.NewLabel(i18n.T("dirscreen.detail.no_guardians")))
	}
	for gi, g := range e.Guardians {
		phone := phoneLabel(g)
		open := widget.NewButton(i18n.T("dirscreen.detail.open_guardian"), func() { s.showGuardian(ix, gi) })
		box.Add(container.NewBorder(nil, nil, nil, open, container.NewHBox(widget.NewLabel(guardianText(g)), phone)))
	}
	var d dialog.Dialog
	if actions := s.statusActions(e, func() { d.Hide() }); actions != nil {
		box.Add(widget.NewSeparator())
		box.Add(actions)
	}
	d = showDetail(i18n.T("dirscreen.detail.student_title", e.Name), box, s.env.Window)
}

// statusActions are the admin's buttons that take a student off the roll
// (转出, 休学) or put one back (转入), or nil when there are none.
func (s *DirectoryScreen) statusActions(e app.DirectoryEntry, closeDetail func()) fyne.CanvasObject {
	if !s.env.Account.IsAdmin() || s.env.Services.Students == nil || e.Status == app.StatusGraduated {
		return nil
	}
	ask := func(to app.StudentStatus) func() {
		return func() {
			closeDetail()
			s.askStatus(e, to)
		}
	}
	if e.Status.Left() {
		return container.NewHBox(widget.NewButtonWithIcon(i18n.T("dirscreen.status.in"), theme.LoginIcon(), ask(app.StatusActive)))
	}
	box := container.NewHBox(widget.NewButtonWithIcon(i18n.T("dirscreen.status.out"), theme.LogoutIcon(), ask(app.StatusTransferred)),
		widget.NewButton(i18n.T("dirscreen.status.suspend"), ask(app.StatusSuspended)))
	return box
}

// askStatus asks for the note (and for 转入 the class) of a status change
// and applies it.
func (s *DirectoryScreen) askStatus(e app.DirectoryEntry, to app.StudentStatus) {
	ctx, svc := s.env.Ctx(), s.env.Services
	s.run(func() {
		var classes []*app.Class
		var err error
		if to == app.StatusActive {
			classes, err = svc.Classes.Classes(ctx)
		}
		fyne.Do(func() {
			if err != nil {
				s.env.ShowError(err)
				return
			}
			note := widget.NewEntry()
			note.SetPlaceHolder(i18n.T("dirscreen.status.note_hint." + string(to)))
			items := []*widget.FormItem{widget.NewFormItem(i18n.T("dirscreen.detail.status_note"), note)}
			labels := make([]string, len(classes))
			for i, c := range classes {
				labels[i] = c.Label()
			}
			class := widget.NewSelect(labels, nil)
			if to == app.StatusActive {
				class.PlaceHolder = i18n.T("dirscreen.status.class_hint")
				items = append([]*widget.FormItem{widget.NewFormItem(i18n.T("dirscreen.col.class"), class)}, items...)
			}
			title := i18n.T("dirscreen.status.title."+string(to), e.Name)
			d := dialog.NewForm(title, i18n.T("dirscreen.status.confirm."+string(to)), i18n.T("dirscreen.status.cancel"), items, func(ok bool) {
				if !ok {
					return
				}
				c := app.StatusChange{StudentIDs: []int64{e.StudentID}, To: to, Note: note.Text}
				if i := class.SelectedIndex(); to == app.StatusActive && i >= 0 {
					c.ClassID = classes[i].ID
				}
				s.setStatus(c, i18n.T("dirscreen.status.done", e.Name, to.Label()))
			}, s.env.Window)
			d.Resize(fyne.NewSize(460, d.MinSize().Height))
			d.Show()
		})
	})
}

// setStatus applies a status change off the UI goroutine and reloads.
func (s *DirectoryScreen) setStatus(c app.StatusChange, done string) {
	ctx, svc := s.env.Ctx(), s.env.Services.Students
	s.run(func() {
		err := svc.SetStatus(ctx, c)
		fyne.Do(func() {
			if err != nil {
				s.env.ShowError(err)
				return
			}
			s.env.ShowInfo(i18n.T("dirscreen.status.done_title"), done)
			s.Reload()
		})
	})
}

// showGuardian shows a guardian and every child of theirs in the school,
// from the loaded directory (no database call).
func (s *DirectoryScreen) showGuardian(ix, gi int) {
	g := s.data.entries[ix].Guardians[gi]
	children := app.GuardianChildren(s.data.entries, g.GuardianID)
	showDetail(i18n.T("dirscreen.detail.guardian_title", guardianText(g)), guardianDetail(g, children), s.env.Window)
}

// showDetail shows a detail dialog wide enough to read at a glance.
func showDetail(title string, content fyne.CanvasObject, w fyne.Window) dialog.Dialog {
	d := dialog.NewCustom(title, i18n.T("dirscreen.close"), content, w)
	d.Show()
	if min := d.MinSize(); min.Width < 440 {
		d.Resize(fyne.NewSize(440, min.Height))
	}
	return d
}

func guardianDetail(g app.GuardianContact, children []app.DirectoryEntry) fyne.CanvasObject {
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("dirscreen.detail.name"), widget.NewLabel(orDash(g.Name))),
		widget.NewFormItem(i18n.T("dirscreen.detail.phone"), phoneLabel(g)),
	)
	box := container.NewVBox(form)
	if g.PhoneMasked {
		note := widget.NewLabel(i18n.T("dirscreen.detail.masked_note"))
		note.SizeName = theme.SizeNameCaptionText
		box.Add(note)
	}
	box.Add(widget.NewSeparator())
	title := widget.NewLabel(i18n.T("dirscreen.detail.children", len(children)))
	title.TextStyle.Bold = true
	box.Add(title)
	grid := container.NewGridWithColumns(3)
	for _, c := range children {
		rel := ""
		for _, cg := range c.Guardians {
			if cg.GuardianID == g.GuardianID {
				rel = cg.Relation
				break
			}
		}
		grid.Add(widget.NewLabel(c.ClassLabel))
		grid.Add(widget.NewLabel(c.Name))
		grid.Add(widget.NewLabel(orDash(rel)))
	}
	box.Add(grid)
	return box
}

func phoneLabel(g app.GuardianContact) *widget.Label {
	l := widget.NewLabel(g.Phone)
	if g.Phone == "" {
		l.SetText(i18n.T("dirscreen.detail.no_phone"))
		l.Importance = widget.LowImportance
	}
	return l
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// exportName is the file name the save dialog proposes: the chosen class
// or grade, or the whole school.
func (s *DirectoryScreen) exportName() string {
	scope := i18n.T("dirscreen.export.scope_all")
	switch {
	case s.filter.classID != 0:
		for _, e := range s.data.entries {
			if e.ClassID == s.filter.classID {
				scope = e.ClassLabel
				break
			}
		}
	case s.filter.grade != 0:
		scope = app.GradeName(s.filter.grade)
	}
	return i18n.T("dirscreen.export.filename", scope)
}

func (s *DirectoryScreen) chooseExport() {
	if s.data == nil || len(s.visible) == 0 {
		return
	}
	chooseSavePath(s.env, s.exportName(), ".xlsx", s.exportTo)
}

// exportTo writes exactly the visible entries to path, off the UI
// goroutine, and tells the user where they went.
func (s *DirectoryScreen) exportTo(path string) {
	if s.data == nil || s.busy {
		return
	}
	entries := s.visibleEntries()
	s.busy = true
	s.updateExportButton()
	sheets := s.env.Services.Sheets
	s.run(func() {
		err := sheets.WriteDirectory(path, entries)
		fyne.Do(func() {
			s.busy = false
			s.updateExportButton()
			if err != nil {
				s.env.ShowError(err)
				return
			}
			s.env.ShowInfo(i18n.T("dirscreen.export.done_title"), i18n.T("dirscreen.export.done", len(entries), path))
		})
	})
}
