package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// orgsTools are the orgs page's second row: the township to show, and
// the administrator's work on the list (import, its template, letters),
// and the edit of the school picked.
type orgsTools struct {
	township *widget.Select // "" or all: every township
	edit     *widget.Button
	importB  *widget.Button
	template *widget.Button
	letters  *widget.Button

	// the open dialogs' and views' parts, for tests
	editFields *orgFields
	editErr    *wrapLabel
	editB      *widget.Button
	preview    *importPreview
	letterPick *widget.CheckGroup
	letterB    *widget.Button
}

// toolRow is the filter on the left, the list's tools on the right.
func (s *consoleOrgs) toolRow() fyne.CanvasObject {
	s.township = widget.NewSelect(nil, func(string) {
		if s.fit != nil {
			s.filter()
		}
	})
	s.township.PlaceHolder = i18n.T("bureau_console_orgs.all_townships")
	var tools []fyne.CanvasObject
	if s.u.can(app.BureauManageOrgs) && s.u.opts.OrgSheets != nil {
		s.template = widget.NewButtonWithIcon(i18n.T("bureau_console_orgs.template"), theme.DownloadIcon(), s.saveTemplate)
		s.importB = widget.NewButtonWithIcon(i18n.T("bureau_console_orgs.import"), theme.UploadIcon(), s.pickImport)
		tools = append(tools, s.template, s.importB)
	}
	if s.u.can(app.BureauManageOrgs) && s.u.opts.OrgLetters != nil {
		s.letters = widget.NewButtonWithIcon(i18n.T("bureau_console_orgs.letters"), theme.DocumentPrintIcon(), s.showLetters)
		tools = append(tools, s.letters)
	}
	filter := container.NewHBox(widget.NewLabel(i18n.T("bureau_console.col.township")), container.New(minWidth(180), s.township))
	return container.NewHBox(filter, layout.NewSpacer(), container.NewHBox(tools...))
}

// allTownships is the filter's first choice.
func allTownships() string { return i18n.T("bureau_console_orgs.all_townships") }

// setTownships offers the townships of the schools; the one chosen stays
// while it has schools.
func (s *consoleOrgs) setTownships() {
	opts := []string{allTownships()}
	for i, o := range s.all {
		if i == 0 || s.all[i-1].Township != o.Township {
			opts = append(opts, townshipName(o.Township))
		}
	}
	was := s.township.Selected
	s.township.Options = opts
	s.township.Selected = ""
	for _, o := range opts {
		if o == was {
			s.township.Selected = was
		}
	}
	s.township.Refresh()
}

// shownOrgs are the schools of the township chosen.
func (s *consoleOrgs) shownOrgs() []*app.HubOrg {
	chosen := s.township.Selected
	if chosen == "" || chosen == allTownships() {
		return s.all
	}
	var out []*app.HubOrg
	for _, o := range s.all {
		if townshipName(o.Township) == chosen {
			out = append(out, o)
		}
	}
	return out
}

// townshipName is a township as the list shows it.
func townshipName(t string) string {
	if t == "" {
		return i18n.T("bureau_console.org.no_township")
	}
	return t
}

// knownTownships are the townships named so far, for an editor's choice.
func (s *consoleOrgs) knownTownships() []string {
	var known []string
	for i, o := range s.all {
		if o.Township != "" && (i == 0 || s.all[i-1].Township != o.Township) {
			known = append(known, o.Township)
		}
	}
	return known
}

// lastSync is when the school last synced, or never.
func lastSync(o *app.HubOrg) string {
	if o.LastContact.IsZero() {
		return i18n.T("bureau_console_orgs.never")
	}
	return app.FormatMinute(o.LastContact)
}

// conflicts is the number of conflicts waiting at the school, blank for
// none.
func conflicts(o *app.HubOrg) string {
	if o.Conflicts <= 0 {
		return ""
	}
	return strconv.Itoa(o.Conflicts)
}
