package ui

import (
	"context"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"jxj/app"
	"jxj/app/i18n"
)

// The bureau's list of schools from Excel: the console reads the file
// here, the hub plans it (a dry run) for the preview, and writes it when
// the officer confirms. Imported schools get no code: a letter run
// issues it.

// saveTemplate writes the list's template where the officer chooses.
func (s *consoleOrgs) saveTemplate() {
	chooseSavePath(s.u.env, i18n.T("bureau_console_orgs.template_file"), ".xlsx", func(path string) {
		write := s.u.opts.OrgSheets.WriteHubOrgTemplate
		runAsync(func() {
			err := write(path)
			fyne.Do(func() {
				if err != nil {
					s.u.env.ShowError(err)
					return
				}
				s.u.env.ShowInfo(i18n.T("bureau_console_orgs.template"), i18n.T("bureau_console_orgs.template_written", path))
			})
		})
	})
}

// pickImport asks for the list's file and previews it.
func (s *consoleOrgs) pickImport() {
	chooseOpenPath(s.u.env, []string{".xlsx"}, s.previewImport)
}

// previewImport reads the file at path and asks the hub what it would
// do; the preview replaces the list.
func (s *consoleOrgs) previewImport(path string) {
	read := s.u.opts.OrgSheets.ReadHubOrgs
	c := s.u.opts.Console
	s.importB.Disable()
	runAsync(func() {
		rows, err := read(path)
		var plan *app.ImportPlan
		if err == nil {
			plan, err = c.ImportOrgs(context.Background(), rows, true)
		}
		fyne.Do(func() {
			s.actions()
			if err != nil {
				s.u.failed(err)
				return
			}
			s.showPreview(filepath.Base(path), rows, plan)
		})
	})
}

// showPreview shows what the rows will do: the rows refused with why,
// the schools added, those updated with their changes; confirming writes
// them on the hub.
func (s *consoleOrgs) showPreview(name string, rows []app.HubOrgRow, plan *app.ImportPlan) {
	c := s.u.opts.Console
	cell := func(it app.PlanItem) []string {
		if it.Row < 0 || it.Row >= len(rows) {
			return []string{it.Name, ""}
		}
		return []string{it.Name, rows[it.Row].Township}
	}
	opts := previewOptions{
		source:      []string{name + i18n.T("importscreen.list_sep") + i18n.T("importscreen.source.rows", len(rows))},
		itemHeaders: []string{i18n.T("bureau_console.col.school"), i18n.T("bureau_console.col.township")},
		itemCells:   cell,
		nameHeader:  i18n.T("bureau_console.col.school"),
		apply: func(func(int, int)) (*app.ImportPlan, error) {
			return c.ImportOrgs(context.Background(), rows, false)
		},
		onCancel: s.closePreview,
		onDone: func(result *app.ImportPlan) {
			s.closePreview()
			msg := i18n.T("bureau_console_orgs.imported", result.Added, result.Updated)
			if result.Added > 0 {
				msg += "\n" + i18n.T("bureau_console_orgs.imported_letters", result.Added)
			}
			s.u.env.ShowInfo(i18n.T("bureau_console_orgs.import"), msg)
		},
	}
	s.preview = newImportPreview(s.u.env, runAsync, plan, opts)
	head := subViewHeader(i18n.T("bureau_console_orgs.import_title"), s.closePreview)
	s.root.Objects = []fyne.CanvasObject{container.NewBorder(head, nil, nil, nil, s.preview.content)}
	s.root.Refresh()
}

// closePreview shows the list again, as it is on the hub now.
func (s *consoleOrgs) closePreview() {
	if s.preview != nil && s.preview.busy {
		return
	}
	s.preview = nil
	s.root.Objects = []fyne.CanvasObject{s.list}
	s.root.Refresh()
	s.reload()
}
