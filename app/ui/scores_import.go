package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// scoreImportPreview shows what a score sheet would do before anything is
// saved, like the roster import: the rejected rows first, each with its
// row number and reason, then the rows that would be imported. Confirming
// imports the rows without a problem; the rejected ones are left for the
// school to fix.
type scoreImportPreview struct {
	dlg     *dialog.CustomDialog
	tabs    *container.AppTabs
	head    *wrapLabel
	confirm *widget.Button
	rows    []app.ScoreRow // the rows without a problem
}

func newScoreImportPreview(d *examDetail, rows []app.ScoreRow, res *app.ScoreImport) *scoreImportPreview {
	p := &scoreImportPreview{}
	rejected := map[int]bool{}
	for _, pr := range res.Problems {
		rejected[pr.Line] = true
	}
	for _, r := range rows {
		if !rejected[r.Line] {
			p.rows = append(p.rows, r)
		}
	}

	switch {
	case len(res.Problems) == 0:
		p.head = boldLabel(i18n.T("exampage.import_summary", len(rows), res.Saved, res.Unchanged))
	default:
		p.head = boldLabel(i18n.T("exampage.import_problems", len(res.Problems), len(p.rows)))
		p.head.Importance = widget.DangerImportance
	}
	p.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(i18n.T("importscreen.tab.rejected", len(res.Problems)), theme.ErrorIcon(), problemTable(res.Problems)),
		container.NewTabItem(i18n.T("exampage.import_tab_rows", len(p.rows)), scoreRowsTable(d.exam(), p.rows)),
	)
	if len(res.Problems) == 0 {
		p.tabs.SelectIndex(1)
	}

	label := i18n.T("exampage.import_confirm")
	if len(res.Problems) > 0 {
		label = i18n.T("exampage.import_confirm_rest", len(p.rows))
	}
	p.confirm = widget.NewButtonWithIcon(label, theme.ConfirmIcon(), func() {
		p.dlg.Hide()
		d.preview = nil
		d.applyImport(rows)
	})
	p.confirm.Importance = widget.HighImportance
	if res.Saved == 0 {
		p.confirm.Disable() // nothing new to save
	}
	cancel := widget.NewButton(i18n.T("formpage.cancel"), func() {
		p.dlg.Hide()
		d.preview = nil
	})
	p.dlg = dialog.NewCustomWithoutButtons(i18n.T("exampage.import_title"), container.NewBorder(p.head, nil, nil, nil, p.tabs), d.s.env.Window)
	p.dlg.SetButtons([]fyne.CanvasObject{cancel, p.confirm})
	size := d.s.env.Window.Canvas().Size()
	p.dlg.Resize(fyne.NewSize(min(900, size.Width*0.9), min(540, size.Height*0.85)))
	p.dlg.Show()
	return p
}

// scoreRowsTable lists rows of a score sheet as read: line, number,
// name, class and a column per subject of the exam.
func scoreRowsTable(e *app.Exam, rows []app.ScoreRow) fyne.CanvasObject {
	if len(rows) == 0 {
		return container.NewCenter(widget.NewLabel(i18n.T("importscreen.none")))
	}
	headers := []string{i18n.T("importscreen.col.line"), i18n.T("homeworkpage.col.no"), i18n.T("homeworkpage.col.name"),
		i18n.T("homeworkpage.col.class")}
	samples := []string{"99999", "2024010101", "欧阳思思", classSample()}
	for _, sub := range e.Subjects {
		headers = append(headers, sub.Name)
		samples = append(samples, "100.5")
	}
	cells := make([][]string, len(rows))
	for i, r := range rows {
		row := []string{strconv.Itoa(r.Line), r.StudentNo, r.StudentName, r.ClassLabel}
		for _, sub := range e.Subjects {
			row = append(row, r.Values[sub.Name])
		}
		cells[i] = row
	}
	return textTable(headers, samples, cells)
}
