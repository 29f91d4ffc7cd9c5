package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// NoticesScreen is the notices page (通知): the list of notices, the
// compose view and a notice's receipts. It shows one view at a time.
type NoticesScreen struct {
	env *Env
	// run starts background work; tests make it synchronous.
	run func(func())

	listPage

	// the list view
	list    *widget.List
	listMsg *wrapLabel
	items   []*app.Notice
	labels  map[int64]string // class labels by id, for target summaries
	loads   int

	// the open sub-view, for tests; nil on the list
	compose *noticeCompose
	detail  *noticeDetail
	// the bureau's surveys (bureau_survey.go)
	surveys *bureauSurveyList
	survey  *bureauSurveyForm
}

// NewNoticesScreen builds the notices page. It loads the list the first
// time its content is shown.
func NewNoticesScreen(env *Env) *NoticesScreen {
	s := &NoticesScreen{env: env, run: func(f func()) { runAsync(f) }}
	s.listPage = newListPage()
	s.buildList()
	s.showList()
	return s
}

// Content returns the page's widgets.
func (s *NoticesScreen) Content() fyne.CanvasObject { return s.content(s.Reload) }

// Compose opens the compose view for a new notice.
func (s *NoticesScreen) Compose() {
	s.started = true
	s.openCompose(nil)
}

// Open opens a notice: a draft in the compose view, any other with its
// receipts.
func (s *NoticesScreen) Open(id int64) {
	s.started = true
	s.compose = nil
	s.detail = newNoticeDetail(s, id)
	s.setView(s.detail.content)
	if s.detail.slipEntry != nil {
		// loaded already (a fast load): the box is only now in the window
		s.detail.focusSlip()
	}
}

func (s *NoticesScreen) openCompose(draft *app.Notice) {
	s.detail = nil
	s.compose = newNoticeCompose(s, draft)
	s.setView(s.compose.content)
}

func (s *NoticesScreen) showList() {
	s.compose, s.detail = nil, nil
	s.setView(s.listView)
}

// back shows the list again, loaded afresh: the view left may have
// changed it.
func (s *NoticesScreen) back() {
	s.showList()
	s.Reload()
}

func (s *NoticesScreen) buildList() {
	s.list = widget.NewList(func() int { return len(s.items) }, newNoticeRow, s.updateNoticeRow)
	s.list.OnSelected = func(id widget.ListItemID) {
		s.list.UnselectAll()
		if id >= len(s.items) {
			return
		}
		if n := s.items[id]; n.State == app.NoticeStateDraft {
			s.openCompose(n)
		} else {
			s.Open(n.ID)
		}
	}
	s.listMsg = newWrapLabel("")
	s.listMsg.Hide()

	newB := widget.NewButtonWithIcon(i18n.T("notices.new"), theme.MailComposeIcon(), s.Compose)
	newB.Importance = widget.HighImportance
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.Reload)
	refresh.Importance = widget.LowImportance
	top := container.NewBorder(nil, nil, nil, container.NewHBox(refresh, s.bureauSurveysButton(), newB), pageTitle(i18n.T("nav.notices")))
	s.listView = container.NewBorder(container.NewVBox(top, s.listMsg), nil, nil, nil, s.list)
}

// Reload loads the notices (and the class labels their targets name)
// off the UI goroutine.
func (s *NoticesScreen) Reload() {
	s.started = true
	s.loads++
	gen := s.loads
	if s.items == nil {
		s.showListMsg(i18n.T("notices.loading"), widget.MediumImportance)
	}
	ctx := s.env.Ctx()
	svc := s.env.Services
	s.run(func() {
		notices, err := svc.Notices.Notices(ctx)
		var classes []*app.Class
		if err == nil {
			classes, err = svc.Classes.Classes(ctx)
		}
		fyne.Do(func() {
			if gen != s.loads {
				return
			}
			if err != nil {
				s.showListMsg(i18n.Err(err), widget.DangerImportance)
				return
			}
			s.labels = classLabels(classes)
			s.items = notices
			if s.items == nil {
				s.items = []*app.Notice{}
			}
			if len(notices) == 0 {
				s.showListMsg(i18n.T("notices.empty"), widget.MediumImportance)
			} else {
				s.listMsg.Hide()
			}
			s.list.Refresh()
		})
	})
}

func (s *NoticesScreen) showListMsg(text string, imp widget.Importance) {
	s.listMsg.Importance = imp
	s.listMsg.SetText(text)
	s.listMsg.Show()
}

// newNoticeRow is the template of a notice line: state (and 教育局 for a
// bureau notice) and title, the target and dates, and the progress on the
// right.
func newNoticeRow() fyne.CanvasObject {
	state := widget.NewLabelWithStyle(i18n.T("notices.state.published"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	bureau := container.NewCenter(bureauBadge())
	bureau.Hide()
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	meta := widget.NewLabel("")
	meta.Truncation = fyne.TextTruncateEllipsis
	bar := container.NewCenter(container.New(minWidth(240), newCountBar(0, "")))
	return container.NewBorder(nil, nil, nil, bar,
		container.NewVBox(container.NewBorder(nil, nil, container.NewHBox(state, bureau), nil, title), meta))
}

func (s *NoticesScreen) updateNoticeRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.items) {
		return
	}
	n := s.items[id]
	c := o.(*fyne.Container)
	texts := c.Objects[0].(*fyne.Container).Objects
	head := texts[0].(*fyne.Container).Objects
	head[0].(*widget.Label).SetText(n.Title)
	tags := head[1].(*fyne.Container).Objects
	state := tags[0].(*widget.Label)
	state.Importance = noticeStateImportance(n.State)
	state.SetText(i18n.T("notices.state." + string(n.State)))
	setVisible(tags[1], n.Bureau)
	texts[1].(*widget.Label).SetText(noticeMeta(n, s.labels))

	barBox := c.Objects[1].(*fyne.Container)
	if n.State == app.NoticeStateDraft || bureauWaiting(n) {
		barBox.Hide()
		return
	}
	barBox.Show()
	bar := barBox.Objects[0].(*fyne.Container).Objects[0].(*countBar)
	bar.Set(noticeProgress(n.RequiresAck, n.Counts))
}

// noticeMeta is the line under a notice's title: whom it is for, when it
// was published and its deadline.
func noticeMeta(n *app.Notice, labels map[int64]string) string {
	parts := []string{n.Target.Summary(labels)}
	if bureauWaiting(n) {
		parts[0] = i18n.T("notices.bureau.not_forwarded")
	}
	if !n.PublishedAt.IsZero() {
		parts = append(parts, i18n.T("notices.meta.published", app.FormatDate(n.PublishedAt)))
	} else {
		parts = append(parts, i18n.T("notices.meta.created", app.FormatDate(n.CreatedAt)))
	}
	if !n.Deadline.IsZero() {
		parts = append(parts, i18n.T("notices.meta.deadline", app.FormatDate(n.Deadline)))
	}
	return strings.Join(parts, " · ")
}

// noticeProgress is a notice's progress bar: acknowledged receipts when
// it asks for them, otherwise the ones read.
func noticeProgress(requiresAck bool, c app.ReceiptCounts) (float64, string) {
	if requiresAck {
		return fraction(c.Acked, c.Total), i18n.T("notices.progress.acked", c.Acked, c.Total)
	}
	return fraction(c.Read+c.Acked, c.Total), i18n.T("notices.progress.read", c.Read+c.Acked, c.Total)
}

func noticeStateImportance(s app.NoticeState) widget.Importance {
	switch s {
	case app.NoticeStatePublished:
		return widget.SuccessImportance
	case app.NoticeStateRevoked:
		return widget.DangerImportance
	}
	return widget.WarningImportance
}

func classLabels(classes []*app.Class) map[int64]string {
	m := make(map[int64]string, len(classes))
	for _, c := range classes {
		m[c.ID] = c.Label()
	}
	return m
}
