package ui

import (
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// ExamsScreen is the grades page (成绩): the list of exams, the view that
// creates one, and an exam's scores with their statistics. It shows one
// view at a time.
type ExamsScreen struct {
	env *Env
	// run starts background work and now gives the default exam day;
	// tests replace both.
	run func(func())
	now func() time.Time

	listPage

	// the list view
	list    *widget.List
	listMsg *wrapLabel
	items   []*app.Exam
	loads   int

	// the open sub-view, for tests; nil on the list
	compose *examCompose
	detail  *examDetail
}

// NewExamsScreen builds the grades page; it loads the list the first
// time it is shown.
func NewExamsScreen(env *Env) *ExamsScreen {
	s := &ExamsScreen{env: env, run: func(f func()) { runAsync(f) }, now: time.Now}
	s.listPage = newListPage()
	s.buildList()
	s.showList()
	return s
}

// Content returns the page's widgets.
func (s *ExamsScreen) Content() fyne.CanvasObject { return s.content(s.Reload) }

// Compose opens the view that creates an exam.
func (s *ExamsScreen) Compose() {
	s.started = true
	s.detail = nil
	s.compose = newExamCompose(s)
	s.setView(s.compose.content)
}

// Open opens an exam's scores.
func (s *ExamsScreen) Open(id int64) {
	s.started = true
	s.compose = nil
	s.detail = newExamDetail(s, id)
	s.setView(s.detail.content)
}

func (s *ExamsScreen) showList() {
	s.compose, s.detail = nil, nil
	s.setView(s.listView)
}

// back shows the list again, loaded afresh.
func (s *ExamsScreen) back() {
	s.showList()
	s.Reload()
}

func (s *ExamsScreen) buildList() {
	s.list = widget.NewList(
		func() int { return len(s.items) },
		func() fyne.CanvasObject {
			title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			title.Truncation = fyne.TextTruncateEllipsis
			meta := widget.NewLabel("")
			meta.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(title, meta)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.items) {
				return
			}
			e := s.items[id]
			texts := o.(*fyne.Container).Objects
			texts[0].(*widget.Label).SetText(e.Name)
			texts[1].(*widget.Label).SetText(examMeta(e))
		})
	s.list.OnSelected = func(id widget.ListItemID) {
		s.list.UnselectAll()
		if id < len(s.items) {
			s.Open(s.items[id].ID)
		}
	}
	s.listMsg = newWrapLabel(i18n.T("exampage.loading"))
	s.listMsg.Alignment = fyne.TextAlignCenter

	add := widget.NewButtonWithIcon(i18n.T("exampage.new"), theme.ContentAddIcon(), s.Compose)
	add.Importance = widget.HighImportance
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.Reload)
	top := container.NewBorder(nil, nil, nil, container.NewHBox(refresh, add), pageTitle(i18n.T("nav.exams")))
	s.listView = container.NewBorder(top, nil, nil, nil, container.NewStack(s.list, container.NewCenter(container.New(minWidth(420), s.listMsg))))
}

// examMeta is the line under an exam's name: its day, classes and
// subjects.
func examMeta(e *app.Exam) string {
	sep := i18n.T("homeworkpage.list_sep")
	subjects := make([]string, len(e.Subjects))
	for i, sub := range e.Subjects {
		subjects[i] = sub.Name
	}
	return i18n.T("exampage.meta", app.FormatDate(e.Date), strings.Join(e.ClassLabels, sep), strings.Join(subjects, sep))
}

// Reload loads the list of exams again, off the UI goroutine.
func (s *ExamsScreen) Reload() {
	s.started = true
	s.loads++
	gen := s.loads
	ctx := s.env.Ctx()
	svc := s.env.Services.Exams
	s.run(func() {
		items, err := svc.Exams(ctx)
		fyne.Do(func() {
			if gen != s.loads {
				return
			}
			if err != nil {
				s.listMsg.SetText(i18n.Err(err))
				s.listMsg.Show()
				return
			}
			s.items = items
			s.listMsg.SetText(i18n.T("exampage.empty"))
			s.listMsg.Hidden = len(items) > 0
			s.listMsg.Refresh()
			s.list.Refresh()
		})
	})
}

// examCompose is the view that creates an exam: its name and day, the
// classes, and the subjects with their full marks and lines.
type examCompose struct {
	s       *ExamsScreen
	content fyne.CanvasObject

	name       *widget.Entry
	date       *widget.Entry
	picker     *classPicker
	classes    *fyne.Container // holds the picker once the classes are loaded
	subjects   []*subjectRow
	subjectBox *fyne.Container
	errMsg     *wrapLabel
	createBtn  *widget.Button
	busy       bool
}

// subjectRow is one subject of the exam being created.
type subjectRow struct {
	name      *widget.SelectEntry
	full      *widget.Entry
	pass      *widget.Entry
	excellent *widget.Entry
	box       fyne.CanvasObject
}

// defaultExamSubjects start a new exam; any may be changed or removed.
var defaultExamSubjects = []string{"语文", "数学", "英语"}

func newExamCompose(s *ExamsScreen) *examCompose {
	c := &examCompose{s: s}
	c.name = widget.NewEntry()
	c.name.SetPlaceHolder(i18n.T("exampage.field.name_hint"))
	c.date = widget.NewEntry()
	c.date.SetText(app.FormatDate(s.now()))
	c.date.SetPlaceHolder(i18n.T("homeworkpage.field.due_hint"))
	c.classes = container.NewStack(widget.NewLabel(i18n.T("homeworkpage.classes_loading")))
	c.subjectBox = container.NewVBox()
	for _, name := range defaultExamSubjects {
		c.addSubject(name)
	}
	c.errMsg = errorLabel()
	add := widget.NewButtonWithIcon(i18n.T("exampage.add_subject"), theme.ContentAddIcon(), func() { c.addSubject("") })
	c.createBtn = widget.NewButtonWithIcon(i18n.T("exampage.create"), theme.ConfirmIcon(), c.submit)
	c.createBtn.Importance = widget.HighImportance
	cancel := widget.NewButton(i18n.T("formpage.cancel"), s.showList)

	// as wide as a line's delete button, so the headings stand over their
	// columns
	spacer := canvas.NewRectangle(color.Transparent)
	spacer.SetMinSize(widget.NewButtonWithIcon("", theme.DeleteIcon(), nil).MinSize())
	head := container.NewBorder(nil, nil, nil, spacer,
		container.NewGridWithColumns(4, boldLabel(i18n.T("exampage.field.subject")), boldLabel(i18n.T("exampage.field.full")),
			boldLabel(i18n.T("exampage.field.pass")), boldLabel(i18n.T("exampage.field.excellent"))))
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("exampage.field.name"), c.name),
		widget.NewFormItem(i18n.T("exampage.field.date"), c.date),
		widget.NewFormItem(i18n.T("homeworkpage.field.classes"), c.classes),
		widget.NewFormItem(i18n.T("exampage.field.subjects"), container.NewVBox(head, c.subjectBox, container.NewHBox(add))),
	)
	lines := newWrapLabel(i18n.T("exampage.lines_hint"))
	c.content = editorView(subViewHeader(i18n.T("exampage.new_title"), s.showList), container.NewVBox(form, lines),
		actionBar([]fyne.CanvasObject{c.errMsg}, cancel, c.createBtn))
	c.loadClasses()
	return c
}

func (c *examCompose) loadClasses() {
	loadClassPicker(c.s.env, c.s.run, c.classes, func(p *classPicker, _ []*app.Class) { c.picker = p })
}

// addSubject adds a line for a subject of 100 marks; the pass and
// excellent lines show their defaults until typed.
func (c *examCompose) addSubject(name string) {
	r := &subjectRow{name: widget.NewSelectEntry(commonSubjects), full: widget.NewEntry(), pass: widget.NewEntry(), excellent: widget.NewEntry()}
	r.name.SetText(name)
	r.name.SetPlaceHolder(i18n.T("exampage.field.subject"))
	r.full.OnChanged = func(string) { r.showDefaultLines() }
	r.full.SetText("100")
	del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { c.removeSubject(r) })
	del.Importance = widget.LowImportance
	r.box = container.NewBorder(nil, nil, nil, del, container.NewGridWithColumns(4, r.name, r.full, r.pass, r.excellent))
	c.subjects = append(c.subjects, r)
	c.subjectBox.Add(r.box)
}

func (c *examCompose) removeSubject(r *subjectRow) {
	for i, x := range c.subjects {
		if x == r {
			c.subjects = append(c.subjects[:i], c.subjects[i+1:]...)
			break
		}
	}
	c.subjectBox.Remove(r.box)
}

// showDefaultLines shows the default lines of the full marks typed.
func (r *subjectRow) showDefaultLines() {
	full, err := app.ParseScore(r.full.Text)
	if err != nil {
		r.pass.SetPlaceHolder("")
		r.excellent.SetPlaceHolder("")
		return
	}
	d := app.ExamSubject{Full: full}.WithDefaultLines()
	r.pass.SetPlaceHolder(d.Pass.String())
	r.excellent.SetPlaceHolder(d.Excellent.String())
}

// subject reads the line; a line left empty takes its default.
func (r *subjectRow) subject() (app.ExamSubject, error) {
	sub := app.ExamSubject{Name: app.CleanName(r.name.Text)}
	var err error
	if sub.Full, err = app.ParseScore(r.full.Text); err != nil {
		return sub, err
	}
	for _, line := range []struct {
		text string
		to   *app.Score
	}{{r.pass.Text, &sub.Pass}, {r.excellent.Text, &sub.Excellent}} {
		if strings.TrimSpace(line.text) == "" {
			continue
		}
		if *line.to, err = app.ParseScore(line.text); err != nil {
			return sub, err
		}
	}
	return sub.WithDefaultLines(), nil
}

// draft reads the view: lines without a subject's name are left out.
func (c *examCompose) draft() (app.ExamDraft, error) {
	d := app.ExamDraft{Name: app.CleanName(c.name.Text)}
	var err error
	if d.Date, err = app.ParseDate(c.date.Text); err != nil {
		return d, err
	}
	for _, r := range c.subjects {
		if strings.TrimSpace(r.name.Text) == "" {
			continue
		}
		sub, err := r.subject()
		if err != nil {
			return d, err
		}
		d.Subjects = append(d.Subjects, sub)
	}
	if c.picker != nil {
		d.ClassIDs = c.picker.Selected()
	}
	if err := d.Validate(); err != nil {
		return d, err
	}
	if len(d.ClassIDs) == 0 {
		return d, app.Errorf(app.EINVALID, "exampage.error.classes")
	}
	return d, nil
}

func (c *examCompose) submit() {
	s := c.s
	ctx, svc := s.env.Ctx(), s.env.Services.Exams
	sendDraft(s.run, &c.busy, c.createBtn, c.errMsg, c.draft, func(d app.ExamDraft) (int64, error) {
		e, err := svc.CreateExam(ctx, d)
		if err != nil {
			return 0, err
		}
		return e.ID, nil
	}, func(id int64) {
		if s.compose == c {
			s.Open(id)
		}
	})
}
