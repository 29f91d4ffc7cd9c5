package ui

import (
	"cmp"
	"context"
	"slices"
	"strings"

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
// and for the bureau administrator adding one (its one-time enrolment
// code shown once), a new code, and revoking one.
type consoleOrgs struct {
	u *ConsoleUI

	orgs     []*app.HubOrg // by township, then name
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
	root    fyne.CanvasObject

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
		i18n.T("bureau_console.col.enrolled"), i18n.T("bureau_console.col.last_contact"), i18n.T("bureau_console.col.state")}
}

func (s *consoleOrgs) build() {
	headers := orgHeaders()
	s.table = newLabelTable(headers, func() int { return len(s.rows) }, func(row, col int) (string, widget.Importance) {
		imp := widget.MediumImportance
		if s.orgs[row].Revoked {
			imp = widget.DangerImportance
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
		buttons = append(buttons, s.add, s.code)
		danger = append(danger, s.revoke)
	}
	head := container.NewBorder(nil, nil, nil, container.NewHBox(append(buttons, dangerGroup(danger...))...),
		pageTitle(i18n.T("bureau_console.nav.orgs")))
	s.root = container.NewBorder(container.NewVBox(head, s.count, s.errL), nil, nil, nil, tableBox)
	s.actions()
}

// columns are the columns' kinds and the samples they are measured on.
func (s *consoleOrgs) columns() []column {
	cols := sampledColumns(orgHeaders(), s.rows, 1)
	cols[3].samples = append(cols[3].samples, "2026-12-05", i18n.T("bureau_console.org.not_enrolled"))
	cols[4].samples = append(cols[4].samples, "2026-12-05 12:00")
	return cols
}

func (s *consoleOrgs) reload() {
	consoleLoad(s.u, s.refresh, s.errL, s.count, app.BureauConsole.Orgs, s.show)
}

// show lists orgs by township: the township's name heads its first row.
func (s *consoleOrgs) show(orgs []*app.HubOrg) {
	slices.SortStableFunc(orgs, func(a, b *app.HubOrg) int {
		return cmp.Or(cmp.Compare(a.Township, b.Township), cmp.Compare(a.Name, b.Name))
	})
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
		enrolled := i18n.T("bureau_console.org.not_enrolled")
		if !o.EnrolledAt.IsZero() {
			enrolled = app.FormatDate(o.EnrolledAt)
		}
		state := i18n.T("bureau_console.org.active")
		if o.Revoked {
			state = i18n.T("bureau_console.org.revoked")
		}
		s.rows[i] = []string{township, o.Name, i18n.T("org.kind." + string(o.Kind)), enrolled, app.FormatMinute(o.LastContact), state}
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
	s.addName = widget.NewEntry()
	kinds := map[string]app.OrgKind{}
	var labels []string
	for _, k := range app.OrgKinds {
		l := i18n.T("org.kind." + string(k))
		kinds[l] = k
		labels = append(labels, l)
	}
	s.addKind = widget.NewSelect(labels, nil)
	s.addKind.SetSelectedIndex(0)
	var known []string
	for i, o := range s.orgs {
		if o.Township != "" && (i == 0 || s.orgs[i-1].Township != o.Township) {
			known = append(known, o.Township)
		}
	}
	s.addTownship = widget.NewSelectEntry(known)
	s.addErr = errorLabel()
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("bureau_console.orgs.name"), s.addName),
		widget.NewFormItem(i18n.T("bureau_console.col.kind"), s.addKind),
		widget.NewFormItem(i18n.T("bureau_console.col.township"), s.addTownship),
	)
	d := dialog.NewCustomWithoutButtons(i18n.T("bureau_console.orgs.add"), container.New(minWidth(440), container.NewVBox(form, s.addErr)), s.u.win)
	cancel := widget.NewButtonWithIcon(i18n.T("confirm.cancel"), theme.CancelIcon(), d.Hide)
	s.addB = widget.NewButtonWithIcon(i18n.T("bureau_console.orgs.add_submit"), theme.ConfirmIcon(), func() {
		draft := app.HubOrgDraft{Name: strings.TrimSpace(s.addName.Text), Kind: kinds[s.addKind.Selected], Township: strings.TrimSpace(s.addTownship.Text)}
		if draft.Name == "" {
			showInline(s.addErr, app.Errorf(app.EINVALID, "bureau_console.orgs.name_missing"))
			return
		}
		s.addB.Disable()
		c := s.u.opts.Console
		runAsync(func() {
			org, code, err := c.AddOrg(context.Background(), draft)
			fyne.Do(func() {
				s.addB.Enable()
				if err != nil {
					if app.BureauOffline(err) || app.ErrorCode(err) == app.EUNAUTHORIZED {
						d.Hide()
						s.u.failed(err)
						return
					}
					showInline(s.addErr, err)
					return
				}
				d.Hide()
				s.showCode(org.Name, code)
				s.reload()
			})
		})
	})
	s.addB.Importance = widget.HighImportance
	s.addName.OnSubmitted = func(string) { s.addB.OnTapped() }
	d.SetButtons([]fyne.CanvasObject{cancel, s.addB})
	d.Show()
	s.u.win.Canvas().Focus(s.addName)
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
