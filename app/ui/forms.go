package ui

import (
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// FormsScreen is the page of forms and surveys (填表/调查), sign-up chains
// (接龙) and check-ins (打卡): the list, the builder and a form's answers.
// It shows one view at a time.
type FormsScreen struct {
	env *Env
	// run starts background work; tests make it synchronous.
	run func(func())
	// now is the clock: today's check-in day, the default deadline.
	now func() time.Time

	listPage

	// the list view
	list    *widget.List
	listMsg *wrapLabel
	filter  *widget.RadioGroup
	kind    app.FormKind // the filter's kind, "" for all
	all     []*app.Form
	shown   []*app.Form // all, filtered by kind
	loads   int

	// the open sub-view, for tests; nil on the list
	builder *formBuilder
	answers *formAnswers
}

// formKindFilter is the list's filter: "" for every kind.
var formKindFilter = []app.FormKind{"", app.FormSurvey, app.FormChain, app.FormCheckin}

// NewFormsScreen builds the forms page. It loads the list the first time
// its content is shown.
func NewFormsScreen(env *Env) *FormsScreen {
	s := &FormsScreen{env: env, run: func(f func()) { runAsync(f) }, now: time.Now}
	s.listPage = newListPage()
	s.buildList()
	s.showList()
	return s
}

// Content returns the page's widgets.
func (s *FormsScreen) Content() fyne.CanvasObject { return s.content(s.Reload) }

// Compose opens the builder for a new form of kind k.
func (s *FormsScreen) Compose(k app.FormKind) {
	s.started = true
	s.answers = nil
	s.builder = newFormBuilder(s, k)
	s.setView(s.builder.content)
}

// Open opens a form's answers.
func (s *FormsScreen) Open(id int64) {
	s.started = true
	s.builder = nil
	s.answers = newFormAnswers(s, id)
	s.setView(s.answers.content)
}

func (s *FormsScreen) showList() {
	s.builder, s.answers = nil, nil
	s.setView(s.listView)
}

// back shows the list again, loaded afresh.
func (s *FormsScreen) back() {
	s.showList()
	s.Reload()
}

// kindText names a form kind: 填表/调查, 接龙, 打卡.
func kindText(k app.FormKind) string { return i18n.T("form.kind." + string(k)) }

// kindImportance colours a kind's tag so the three read apart in a list.
func kindImportance(k app.FormKind) widget.Importance {
	switch k {
	case app.FormChain:
		return widget.SuccessImportance
	case app.FormCheckin:
		return widget.WarningImportance
	}
	return widget.HighImportance
}

func (s *FormsScreen) buildList() {
	labels := make([]string, len(formKindFilter))
	for i, k := range formKindFilter {
		labels[i] = i18n.T("formpage.filter.all")
		if k != "" {
			labels[i] = kindText(k)
		}
	}
	s.filter = widget.NewRadioGroup(labels, func(picked string) {
		s.kind = formKindFilter[max(0, slices.Index(labels, picked))]
		s.refilter()
	})
	s.filter.Horizontal = true
	s.filter.Required = true
	s.filter.SetSelected(labels[0])

	s.list = widget.NewList(
		func() int { return len(s.shown) },
		func() fyne.CanvasObject {
			kind := widget.NewLabelWithStyle(kindText(app.FormSurvey), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
			title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			title.Truncation = fyne.TextTruncateEllipsis
			meta := widget.NewLabel("")
			meta.Truncation = fyne.TextTruncateEllipsis
			bar := container.NewCenter(container.New(minWidth(240), newCountBar(0, "")))
			return container.NewBorder(nil, nil, container.New(minWidth(110), kind), bar, container.NewVBox(title, meta))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.shown) {
				return
			}
			f := s.shown[id]
			c := o.(*fyne.Container)
			texts := c.Objects[0].(*fyne.Container).Objects
			texts[0].(*widget.Label).SetText(f.Title)
			texts[1].(*widget.Label).SetText(formMeta(f))
			kind := c.Objects[1].(*fyne.Container).Objects[0].(*widget.Label)
			kind.Importance = kindImportance(f.Kind)
			kind.SetText(kindText(f.Kind))
			bar := c.Objects[2].(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*countBar)
			bar.Set(fraction(f.Answered, f.Total), formProgressText(f))
		})
	s.list.OnSelected = func(id widget.ListItemID) {
		s.list.UnselectAll()
		if id < len(s.shown) {
			s.Open(s.shown[id].ID)
		}
	}
	s.listMsg = newWrapLabel(i18n.T("formpage.loading"))
	s.listMsg.Alignment = fyne.TextAlignCenter

	buttons := container.NewHBox(widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.Reload))
	for _, k := range []app.FormKind{app.FormSurvey, app.FormChain, app.FormCheckin} {
		b := widget.NewButtonWithIcon(i18n.T("formpage.new."+string(k)), theme.ContentAddIcon(), func() { s.Compose(k) })
		if k == app.FormSurvey {
			b.Importance = widget.HighImportance
		}
		buttons.Add(b)
	}
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, buttons, pageTitle(i18n.T("nav.forms"))),
		s.filter)
	s.listView = container.NewBorder(top, nil, nil, nil, container.NewStack(s.list, container.NewCenter(container.New(minWidth(420), s.listMsg))))
}

// formMeta is a form's second line in the list: classes, deadline or
// days, closed.
func formMeta(f *app.Form) string {
	parts := []string{strings.Join(f.ClassLabels, i18n.T("homeworkpage.list_sep"))}
	switch {
	case f.Kind == app.FormCheckin:
		parts = append(parts, i18n.T("formpage.days", app.FormatDate(f.StartDay), app.FormatDate(f.EndDay)))
	case !f.Deadline.IsZero():
		parts = append(parts, i18n.T("formpage.deadline", app.FormatDate(f.Deadline)))
	}
	if f.Closed {
		parts = append(parts, i18n.T("formpage.closed"))
	}
	return strings.Join(parts, i18n.T("formpage.meta_sep"))
}

// formProgressText is a form's answered count as its bar says it.
func formProgressText(f *app.Form) string { return progressText(f.Kind, f.Answered, f.Total) }

// progressText says how many of the students asked answered: 已填 30/45,
// 已报名 5/45, 已打卡 40/45.
func progressText(k app.FormKind, answered, total int) string {
	return i18n.T("formpage.progress."+string(k), answered, total)
}

// Reload loads the list again, off the UI goroutine.
func (s *FormsScreen) Reload() {
	s.started = true
	s.loads++
	gen := s.loads
	ctx := s.env.Ctx()
	svc := s.env.Services.Forms
	s.run(func() {
		forms, err := svc.Forms(ctx)
		fyne.Do(func() {
			if gen != s.loads {
				return
			}
			if err != nil {
				s.listMsg.SetText(i18n.Err(err))
				s.listMsg.Show()
				return
			}
			s.all = forms
			s.refilter()
		})
	})
}

// refilter shows the forms of the kind picked above the list.
func (s *FormsScreen) refilter() {
	if s.list == nil {
		return // SetSelected in buildList, before the list exists
	}
	s.shown = s.shown[:0]
	for _, f := range s.all {
		if s.kind == "" || f.Kind == s.kind {
			s.shown = append(s.shown, f)
		}
	}
	s.listMsg.SetText(i18n.T("formpage.empty"))
	s.listMsg.Hidden = len(s.shown) > 0
	s.listMsg.Refresh()
	s.list.Refresh()
}
