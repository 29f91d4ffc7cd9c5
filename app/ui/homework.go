package ui

import (
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// HomeworkScreen is the homework page: the list of homework, the assign
// view and a homework's completion table. It shows one view at a time.
type HomeworkScreen struct {
	env *Env
	// run starts background work; tests make it synchronous.
	run func(func())
	// now gives the default due date (tomorrow); tests fix it.
	now func() time.Time

	listPage

	// the list view
	list    *widget.List
	listMsg *wrapLabel
	items   []*app.Homework
	loads   int

	// the open sub-view, for tests; nil on the list
	assign *homeworkAssign
	detail *homeworkDetail
}

// commonSubjects are offered in the subject box; any other may be typed.
var commonSubjects = []string{"语文", "数学", "英语", "科学", "道德与法治", "音乐", "美术", "体育"}

// NewHomeworkScreen builds the homework page. It loads the list the first
// time its content is shown.
func NewHomeworkScreen(env *Env) *HomeworkScreen {
	s := &HomeworkScreen{env: env, run: func(f func()) { runAsync(f) }, now: time.Now}
	s.listPage = newListPage()
	s.buildList()
	s.showList()
	return s
}

// Content returns the page's widgets.
func (s *HomeworkScreen) Content() fyne.CanvasObject { return s.content(s.Reload) }

// Compose opens the assign view.
func (s *HomeworkScreen) Compose() {
	s.started = true
	s.assign = newHomeworkAssign(s)
	s.detail = nil
	s.setView(s.assign.content)
}

// Open opens a homework's completion table.
func (s *HomeworkScreen) Open(id int64) {
	s.started = true
	s.assign = nil
	s.detail = newHomeworkDetail(s, id)
	s.setView(s.detail.content)
}

// showList goes back to the list.
func (s *HomeworkScreen) showList() {
	s.assign, s.detail = nil, nil
	s.setView(s.listView)
}

// back shows the list again, loaded afresh: the view left may have
// changed it.
func (s *HomeworkScreen) back() {
	s.showList()
	s.Reload()
}

func (s *HomeworkScreen) buildList() {
	s.list = widget.NewList(
		func() int { return len(s.items) },
		func() fyne.CanvasObject {
			title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			title.Truncation = fyne.TextTruncateEllipsis
			meta := widget.NewLabel("")
			meta.Truncation = fyne.TextTruncateEllipsis
			bar := container.NewCenter(container.New(minWidth(240), newCountBar(0, "")))
			return container.NewBorder(nil, nil, nil, bar, container.NewVBox(title, meta))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.items) {
				return
			}
			h := s.items[id]
			c := o.(*fyne.Container)
			texts := c.Objects[0].(*fyne.Container).Objects
			texts[0].(*widget.Label).SetText(homeworkTitle(h))
			texts[1].(*widget.Label).SetText(i18n.T("homeworkpage.list.meta",
				strings.Join(h.ClassLabels, i18n.T("homeworkpage.list_sep")), app.FormatDate(h.Due)))
			bar := c.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*countBar)
			bar.Set(h.Counts.Rate(), handedInText(h.Counts))
		})
	s.list.OnSelected = func(id widget.ListItemID) {
		s.list.UnselectAll()
		if id < len(s.items) {
			s.Open(s.items[id].ID)
		}
	}
	s.listMsg = newWrapLabel(i18n.T("homeworkpage.loading"))
	s.listMsg.Alignment = fyne.TextAlignCenter

	assign := widget.NewButtonWithIcon(i18n.T("homeworkpage.assign"), theme.ContentAddIcon(), s.Compose)
	assign.Importance = widget.HighImportance
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.Reload)
	top := container.NewBorder(nil, nil, nil, container.NewHBox(refresh, assign), pageTitle(i18n.T("nav.homework")))
	s.listView = container.NewBorder(top, nil, nil, nil, container.NewStack(s.list, container.NewCenter(container.New(minWidth(420), s.listMsg))))
}

// Reload loads the homework list again, off the UI goroutine.
func (s *HomeworkScreen) Reload() {
	s.started = true
	s.loads++
	gen := s.loads
	ctx := s.env.Ctx()
	svc := s.env.Services.Homework
	s.run(func() {
		items, err := svc.Homeworks(ctx)
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
			s.listMsg.SetText(i18n.T("homeworkpage.empty"))
			s.listMsg.Hidden = len(items) > 0
			s.listMsg.Refresh()
			s.list.Refresh()
		})
	})
}

// homeworkTitle is a homework as a list names it: 数学 · 练习册第 12 页.
func homeworkTitle(h *app.Homework) string {
	return i18n.T("homeworkpage.item_title", h.Subject, firstLine(h.Content))
}

// handedInText is a completion as a bar says it: 已交 40/45 (excused
// students are not expected to hand anything in).
func handedInText(c app.CompletionCounts) string {
	return i18n.T("homeworkpage.handed_in", c.Done+c.Late, c.Total-c.Excused)
}

// homeworkAssign is the view that assigns new homework.
type homeworkAssign struct {
	s       *HomeworkScreen
	content fyne.CanvasObject

	subject *widget.SelectEntry
	body    *widget.Entry
	due     *widget.Entry
	picker  *classPicker
	classes *fyne.Container // holds the picker once the classes are loaded
	files   []string
	fileBox *fyne.Container
	errMsg  *wrapLabel
	publish *widget.Button
	busy    bool
}

func newHomeworkAssign(s *HomeworkScreen) *homeworkAssign {
	a := &homeworkAssign{s: s}
	a.subject = widget.NewSelectEntry(commonSubjects)
	a.subject.SetPlaceHolder(i18n.T("homeworkpage.field.subject_hint"))
	a.body = widget.NewMultiLineEntry()
	a.body.Wrapping = fyne.TextWrapWord
	a.body.SetMinRowsVisible(5)
	a.body.SetPlaceHolder(i18n.T("homeworkpage.field.content_hint"))
	a.due = widget.NewEntry()
	a.due.SetText(app.FormatDate(s.now().AddDate(0, 0, 1)))
	a.due.SetPlaceHolder(i18n.T("homeworkpage.field.due_hint"))
	a.classes = container.NewStack(widget.NewLabel(i18n.T("homeworkpage.classes_loading")))
	a.fileBox = container.NewVBox()
	a.errMsg = errorLabel()

	addFile := widget.NewButtonWithIcon(i18n.T("homeworkpage.add_file"), theme.ContentAddIcon(), a.chooseFile)
	a.publish = widget.NewButtonWithIcon(i18n.T("homeworkpage.publish"), theme.MailSendIcon(), a.submit)
	a.publish.Importance = widget.HighImportance
	cancel := widget.NewButton(i18n.T("formpage.cancel"), s.showList)

	form := widget.NewForm(
		widget.NewFormItem(i18n.T("homeworkpage.field.subject"), a.subject),
		widget.NewFormItem(i18n.T("homeworkpage.field.content"), a.body),
		widget.NewFormItem(i18n.T("homeworkpage.field.classes"), a.classes),
		widget.NewFormItem(i18n.T("homeworkpage.field.due"), container.NewBorder(nil, nil, nil, nil, a.due)),
		widget.NewFormItem(i18n.T("homeworkpage.field.files"), container.NewVBox(a.fileBox, container.NewHBox(addFile))),
	)
	a.content = editorView(subViewHeader(i18n.T("homeworkpage.assign_title"), s.showList), form,
		actionBar([]fyne.CanvasObject{a.errMsg}, cancel, a.publish))
	a.loadClasses()
	return a
}

// loadClasses fills the class picker with the classes the account may
// assign to.
func (a *homeworkAssign) loadClasses() {
	loadClassPicker(a.s.env, a.s.run, a.classes, func(p *classPicker, _ []*app.Class) { a.picker = p })
}

func (a *homeworkAssign) chooseFile() {
	chooseOpenPath(a.s.env, nil, func(path string) {
		a.files = append(a.files, path)
		a.showFiles()
	})
}

func (a *homeworkAssign) showFiles() {
	a.fileBox.RemoveAll()
	for i, f := range a.files {
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			a.files = append(a.files[:i], a.files[i+1:]...)
			a.showFiles()
		})
		remove.Importance = widget.LowImportance
		name := widget.NewLabel(filepath.Base(f))
		name.Truncation = fyne.TextTruncateEllipsis
		a.fileBox.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), remove, name))
	}
}

// draft reads the view; a due date it cannot read is an error.
func (a *homeworkAssign) draft() (app.HomeworkDraft, error) {
	due, err := app.ParseDate(a.due.Text)
	if err != nil {
		return app.HomeworkDraft{}, err
	}
	d := app.HomeworkDraft{
		Subject:  strings.TrimSpace(a.subject.Text),
		Content:  strings.TrimSpace(a.body.Text),
		Due:      due,
		AddFiles: append([]string(nil), a.files...),
	}
	if a.picker != nil {
		d.ClassIDs = a.picker.Selected()
	}
	return d, d.Validate()
}

func (a *homeworkAssign) submit() {
	s := a.s
	ctx, svc := s.env.Ctx(), s.env.Services.Homework
	sendDraft(s.run, &a.busy, a.publish, a.errMsg, a.draft, func(d app.HomeworkDraft) (int64, error) {
		h, err := svc.AssignHomework(ctx, d)
		if err != nil {
			return 0, err
		}
		return h.ID, nil
	}, func(id int64) {
		if s.assign == a {
			s.Open(id)
		}
	})
}
