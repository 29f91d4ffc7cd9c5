package ui

import (
	"cmp"
	"context"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// consoleOrgs is 学校和机构: the district's schools grouped by township,
// each with its node's state (enrolled, last sync, version, conflicts
// waiting), a township to show alone, and for the bureau administrator
// adding one (its one-time enrolment code shown once), editing one, a
// new code, revoking one, importing the bureau's list and printing
// enrolment letters (console_orgs_*.go).
type consoleOrgs struct {
	u *ConsoleUI

	all      []*app.HubOrg // by township, then name
	orgs     []*app.HubOrg // those of the township shown
	rows     [][]string
	selected int // row picked, -1 for none

	table   *widget.Table
	fit     *tableFit
	count   *widget.Label
	errL    *wrapLabel
	add     *widget.Button
	code    *widget.Button
	revoke  *widget.Button
	refresh *widget.Button
	root    *fyne.Container // the list, or the import's preview
	list    fyne.CanvasObject

	orgsTools // the township filter, editing, import, letters

	// the add dialog's fields, for tests
	addName     *widget.Entry
	addKind     *widget.Select
	addTownship *widget.SelectEntry
	addErr      *wrapLabel
	addB        *widget.Button
	revokeNow   *widget.Check
}

func newConsoleOrgs(u *ConsoleUI) *consoleOrgs {
	s := &consoleOrgs{u: u, selected: -1}
	s.build()
	s.reload()
	return s
}

func (s *consoleOrgs) Content() fyne.CanvasObject { return s.root }

// orgHeaders are the list's columns.
func orgHeaders() []string {
	return []string{i18n.T("bureau_console.col.township"), i18n.T("bureau_console.col.school"), i18n.T("bureau_console.col.kind"),
		i18n.T("bureau_console.col.enrolled"), i18n.T("bureau_console_orgs.col.last_sync"), i18n.T("bureau_console_orgs.col.version"),
		i18n.T("bureau_console_orgs.col.conflicts")}
}

// The columns the code names.
const (
	orgColConflicts = 6
)

func (s *consoleOrgs) build() {
	headers := orgHeaders()
	s.table = newLabelTable(headers, func() int { return len(s.rows) }, func(row, col int) (string, widget.Importance) {
		imp := widget.MediumImportance
		switch {
		case s.orgs[row].Revoked:
			imp = widget.DangerImportance
		case col == orgColConflicts && s.orgs[row].Conflicts > 0:
			imp = widget.WarningImportance
		}
		return s.rows[row][col], imp
	})
	s.table.OnSelected = func(id widget.TableCellID) {
		s.selected = id.Row
		s.actions()
	}
	var tableBox fyne.CanvasObject
	s.fit, tableBox = fitColumns(s.table, s.columns())
	s.count = widget.NewLabel(i18n.T("settings.loading"))
	s.errL = errorLabel()
	s.refresh = widget.NewButtonWithIcon(i18n.T("bureau_console.refresh"), theme.ViewRefreshIcon(), s.reload)
	buttons := []fyne.CanvasObject{s.refresh}
	var danger []fyne.CanvasObject
	if s.u.can(app.BureauManageOrgs) {
		s.add = widget.NewButtonWithIcon(i18n.T("bureau_console.orgs.add"), theme.ContentAddIcon(), s.showAdd)
		s.add.Importance = widget.HighImportance
		s.code = widget.NewButtonWithIcon(i18n.T("bureau_console.orgs.new_code"), theme.MailReplyIcon(), s.askNewCode)
		s.revoke = widget.NewButtonWithIcon(i18n.T("bureau_console.orgs.revoke"), theme.DeleteIcon(), s.askRevoke)
		s.revoke.Importance = widget.DangerImportance
		s.edit = widget.NewButtonWithIcon(i18n.T("bureau_console_orgs.edit"), theme.DocumentCreateIcon(), s.showEdit)
		buttons = append(buttons, s.add, s.edit, s.code)
		danger = append(danger, s.revoke)
	}
	head := container.NewBorder(nil, nil, nil, container.NewHBox(append(buttons, dangerGroup(danger...))...),
		pageTitle(i18n.T("bureau_console.nav.orgs")))
	s.list = container.NewBorder(container.NewVBox(head, s.toolRow(), s.count, s.errL), nil, nil, nil, tableBox)
	s.root = container.NewStack(s.list)
	s.actions()
}

// columns are the columns' kinds and the samples they are measured on.
func (s *consoleOrgs) columns() []column {
	cols := sampledColumns(orgHeaders(), s.rows, 1)
	cols[3].samples = append(cols[3].samples, "2026-12-05", i18n.T("bureau_console.org.not_enrolled"), i18n.T("bureau_console.org.revoked"))
	cols[4].samples = append(cols[4].samples, "2026-12-05 12:00", i18n.T("bureau_console_orgs.never"))
	cols[5].samples = append(cols[5].samples, "v1.12.0")
	cols[orgColConflicts].samples = append(cols[orgColConflicts].samples, "999")
	return cols
}

func (s *consoleOrgs) reload() {
	consoleLoad(s.u, s.refresh, s.errL, s.count, app.BureauConsole.Orgs, s.show)
}

// show takes the schools from the hub: the township chosen stays chosen
// while it has schools.
func (s *consoleOrgs) show(orgs []*app.HubOrg) {
	slices.SortStableFunc(orgs, func(a, b *app.HubOrg) int {
		return cmp.Or(cmp.Compare(a.Township, b.Township), cmp.Compare(a.Name, b.Name))
	})
	s.all = orgs
	s.setTownships()
	s.filter()
}

// filter lists the schools of the township chosen (all for none), by
// township: the township's name heads its first row.
func (s *consoleOrgs) filter() {
	orgs := s.shownOrgs()
	s.orgs = orgs
	s.rows = make([][]string, len(orgs))
	for i, o := range orgs {
		township := o.Township
		if township == "" {
			township = i18n.T("bureau_console.org.no_township")
		}
		if i > 0 && orgs[i-1].Township == o.Township {
			township = ""
		}
		// a revoked school says so where its enrolment shows, in red:
		// the window has no room for a column of its own
		enrolled := i18n.T("bureau_console.org.not_enrolled")
		switch {
		case o.Revoked:
			enrolled = i18n.T("bureau_console.org.revoked")
		case !o.EnrolledAt.IsZero():
			enrolled = app.FormatDate(o.EnrolledAt)
		}
		s.rows[i] = []string{township, o.Name, i18n.T("org.kind." + string(o.Kind)), enrolled, lastSync(o), o.AppVersion, conflicts(o)}
	}
	s.count.SetText(i18n.T("bureau_console.orgs.count", len(orgs), townships(orgs)))
	s.selected = -1
	s.table.UnselectAll()
	s.fit.measure(s.columns())
	s.table.Refresh()
	s.actions()
}

// townships counts the townships of orgs (sorted by township).
func townships(orgs []*app.HubOrg) int {
	n := 0
	for i, o := range orgs {
		if i == 0 || orgs[i-1].Township != o.Township {
			n++
		}
	}
	return n
}

func (s *consoleOrgs) connectionChanged() { s.actions() }

// actions enables what the administrator may do now: add while the hub
// answers, a new code or revoking for the school picked.
func (s *consoleOrgs) actions() {
	picked := s.pick()
	s.u.setActions(true, s.add)
	s.u.setActions(picked != nil, s.code)
	s.u.setActions(picked != nil && !picked.Revoked, s.revoke)
	s.u.setActions(picked != nil, s.edit)
	s.u.setActions(true, s.importB, s.letters)
}

// pick is the school picked, or nil.
func (s *consoleOrgs) pick() *app.HubOrg {
	if s.selected < 0 || s.selected >= len(s.orgs) {
		return nil
	}
	return s.orgs[s.selected]
}

// showAdd asks for the new school's name, kind and township.
func (s *consoleOrgs) showAdd() {
	f := newOrgFields(nil, s.knownTownships())
	s.addName, s.addKind, s.addTownship = f.name, f.kind, f.township
	c := s.u.opts.Console
	var org *app.HubOrg
	var code string
	s.addErr, s.addB = s.orgDialog(i18n.T("bureau_console.orgs.add"), i18n.T("bureau_console.orgs.add_submit"), f,
		func(ctx context.Context, d app.HubOrgDraft) (err error) {
			org, code, err = c.AddOrg(ctx, d)
			return err
		}, func() {
			s.showCode(org.Name, code)
			s.reload()
		})
}

// showCode shows a school's one-time enrolment code to copy: it is shown
// this once.
func (s *consoleOrgs) showCode(school, code string) {
	text := newWrapLabel(i18n.T("bureau_console.code.note", school))
	text.Keep = []string{school}
	codeL := widget.NewLabelWithStyle(code, fyne.TextAlignCenter, fyne.TextStyle{Monospace: true, Bold: true})
	codeL.Selectable = true
	codeL.SizeName = theme.SizeNameSubHeadingText
	copied := widget.NewLabel("")
	copyB := widget.NewButtonWithIcon(i18n.T("bureau_console.code.copy"), theme.ContentCopyIcon(), func() {
		s.u.app.Clipboard().SetContent(code)
		copied.SetText(i18n.T("bureau_console.code.copied"))
	})
	body := container.NewVBox(text, codeL, container.NewHBox(layout.NewSpacer(), copied, copyB))
	dialog.NewCustom(i18n.T("bureau_console.code.title", school), i18n.T("bureau_console.code.done"), container.New(minWidth(440), body), s.u.win).Show()
}

// askNewCode issues the school picked a new code; revoking its present
// credential at once (lost or stolen) is the officer's choice.
func (s *consoleOrgs) askNewCode() {
	org := s.pick()
	if org == nil {
		return
	}
	s.revokeNow = widget.NewCheck(i18n.T("bureau_console.orgs.revoke_now"), nil)
	body := container.NewVBox(confirmText(i18n.T("bureau_console.orgs.new_code_confirm", org.Name), org.Name), s.revokeNow)
	confirmDanger(s.u.win, i18n.T("bureau_console.orgs.new_code"), body, i18n.T("bureau_console.orgs.new_code_submit"), func(ok bool) {
		if !ok {
			return
		}
		now := s.revokeNow.Checked
		c := s.u.opts.Console
		runAsync(func() {
			code, err := c.NewEnrolCode(context.Background(), org.ID, now)
			fyne.Do(func() {
				if err != nil {
					s.u.failed(err)
					return
				}
				s.showCode(org.Name, code)
				s.reload()
			})
		})
	})
}

// askRevoke revokes the school picked, after asking.
func (s *consoleOrgs) askRevoke() {
	org := s.pick()
	if org == nil {
		return
	}
	confirmDanger(s.u.win, i18n.T("bureau_console.orgs.revoke"), confirmText(i18n.T("bureau_console.orgs.revoke_confirm", org.Name), org.Name),
		i18n.T("bureau_console.orgs.revoke_submit"), func(ok bool) {
			if !ok {
				return
			}
			c := s.u.opts.Console
			runAsync(func() {
				err := c.RevokeOrg(context.Background(), org.ID)
				fyne.Do(func() {
					if err != nil {
						s.u.failed(err)
						return
					}
					s.reload()
				})
			})
		})
}
