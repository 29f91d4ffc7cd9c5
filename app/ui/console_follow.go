package ui

import (
	"context"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// consoleFollow follows a bureau notice school by school: delivered,
// confirmed, forwarded, families, read, acknowledged; "only those
// behind" narrows the list, and the Excel export writes what is shown.
type consoleFollow struct {
	u      *ConsoleUI
	notice *app.HubNotice
	status *app.HubNoticeStatus

	shown []app.HubNoticeSchool
	rows  [][]string

	table   *widget.Table
	fit     *tableFit
	summary *wrapLabel
	errL    *wrapLabel
	behind  *widget.Check
	export  *widget.Button
	refresh *widget.Button
	revoke  *widget.Button
	root    fyne.CanvasObject

	remindB *widget.Button // 催办 the schools behind: console_remind.go
	filesL  *wrapLabel     // the notice's files
}

func newConsoleFollow(u *ConsoleUI, n *app.HubNotice, back func()) *consoleFollow {
	s := &consoleFollow{u: u, notice: n}
	s.table = newLabelTable(followHeaders(), func() int { return len(s.rows) }, func(row, col int) (string, widget.Importance) {
		if s.shown[row].Behind(s.notice.RequiresAck) {
			return s.rows[row][col], widget.WarningImportance
		}
		return s.rows[row][col], widget.MediumImportance
	})
	var tableBox fyne.CanvasObject
	s.fit, tableBox = fitColumns(s.table, s.columns())
	s.summary = newWrapLabel(i18n.T("settings.loading"))
	s.errL = errorLabel()
	s.behind = widget.NewCheck(i18n.T("bureau_console.follow.behind"), func(bool) { s.filter() })
	var export func()
	if u.opts.WriteNoticeStatus != nil {
		export = s.exportXLSX
	}
	bar, header := followHeader(u, n.Title, back, s.reload, export, s.askRemind, s.askRevoke)
	s.refresh, s.export, s.remindB, s.revoke = bar.refresh, bar.export, bar.remind, bar.revoke
	s.filesL = newWrapLabel("")
	s.filesL.Hide()
	s.root = container.NewBorder(container.NewVBox(header, s.summary, s.filesL, s.behind, s.errL), nil, nil, nil, tableBox)
	s.actions()
	s.reload()
	return s
}

func (s *consoleFollow) Content() fyne.CanvasObject { return s.root }

func followHeaders() []string {
	return []string{i18n.T("bureau_console.col.township"), i18n.T("bureau_console.col.school"), i18n.T("bureau_console.col.delivered"),
		i18n.T("bureau_console.col.confirmed"), i18n.T("bureau_console.col.forwarded"), i18n.T("bureau_console.col.families"),
		i18n.T("bureau_console.col.read"), i18n.T("bureau_console.col.acked")}
}

func (s *consoleFollow) columns() []column {
	cols := sampledColumns(followHeaders(), s.rows, 1)
	cols[3].samples = append(cols[3].samples, "12-05 12:00")
	cols[4].samples = append(cols[4].samples, "12-05 12:00")
	return cols
}

// actions: the export while there is something to write, revoking while
// the hub answers and the notice stands.
func (s *consoleFollow) actions() {
	if s.export != nil {
		if s.status != nil {
			s.export.Enable()
		} else {
			s.export.Disable()
		}
	}
	s.u.setActions(s.notice.RevokedAt.IsZero(), s.revoke)
	s.u.setActions(s.notice.RevokedAt.IsZero() && s.status != nil, s.remindB)
}

func (s *consoleFollow) reload() {
	ref := strconv.FormatInt(s.notice.ID, 10)
	fetch := func(c app.BureauConsole, ctx context.Context) (*app.HubNoticeStatus, error) {
		return c.NoticeStatus(ctx, ref)
	}
	consoleLoad(s.u, s.refresh, s.errL, nil, fetch, func(st *app.HubNoticeStatus) {
		s.status = st
		if st.Notice != nil {
			s.notice = st.Notice
		}
		s.summary.SetText(followSummary(st))
		s.showFiles(st.Files)
		s.filter()
		s.actions()
	})
}

// followSummary is the notice's progress in one sentence.
func followSummary(st *app.HubNoticeStatus) string {
	var delivered, confirmed, forwarded, families, read, acked int
	for _, sc := range st.Schools {
		if sc.Delivered {
			delivered++
		}
		if !sc.Confirmed.IsZero() {
			confirmed++
		}
		if !sc.Forwarded.IsZero() {
			forwarded++
		}
		families += sc.Families
		read += sc.Read
		acked += sc.Acked
	}
	text := i18n.T("bureau_console.follow.summary", len(st.Schools), delivered, confirmed, forwarded, families, read, acked)
	if st.Notice != nil && !st.Notice.RevokedAt.IsZero() {
		text = i18n.T("bureau_console.follow.revoked_at", app.FormatMinute(st.Notice.RevokedAt)) + " " + text
	}
	return text
}

// filter shows every school, or only those behind.
func (s *consoleFollow) filter() {
	s.shown = s.shown[:0]
	if s.status != nil {
		for _, sc := range s.status.Schools {
			if !s.behind.Checked || sc.Behind(s.notice.RequiresAck) {
				s.shown = append(s.shown, sc)
			}
		}
	}
	s.rows = make([][]string, len(s.shown))
	for i, sc := range s.shown {
		delivered := i18n.T("bureau_console.no")
		if sc.Delivered {
			delivered = i18n.T("bureau_console.yes")
		}
		s.rows[i] = []string{sc.Org.Township, sc.Org.Name, delivered, shortMinute(sc.Confirmed), shortMinute(sc.Forwarded),
			strconv.Itoa(sc.Families), strconv.Itoa(sc.Read), strconv.Itoa(sc.Acked)}
	}
	s.fit.measure(s.columns())
	s.table.Refresh()
}

// shortMinute is a moment of this notice's weeks without its year.
func shortMinute(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("01-02 15:04")
}

// exportXLSX writes the schools shown (all, or those behind) to Excel.
func (s *consoleFollow) exportXLSX() {
	n, schools := s.notice, append([]app.HubNoticeSchool(nil), s.shown...)
	write := s.u.opts.WriteNoticeStatus
	consoleExport(s.u, n.Title, func(path string) error { return write(path, n, schools) })
}

// askRevoke revokes the notice at every school, after asking.
func (s *consoleFollow) askRevoke() {
	n := s.notice
	consoleRevoke(s.u, i18n.T("bureau_console.follow.revoke"), confirmText(i18n.T("bureau_console.follow.revoke_confirm", n.Title, n.Schools), n.Title),
		i18n.T("bureau_console.follow.revoke_submit"), func(c app.BureauConsole, ctx context.Context) error {
			_, err := c.RevokeNotice(ctx, n.ID)
			return err
		}, s.reload)
}
