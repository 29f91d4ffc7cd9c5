package xlsx

import (
	"github.com/xuri/excelize/v2"

	"jxj/app"
	"jxj/app/i18n"
)

// WriteNoticeStatus writes a bureau notice's progress per school to path
// (.xlsx), as the console's follow page shows it: one row per school
// given (all, or only those behind), on a sheet named after the notice.
func (s *Sheets) WriteNoticeStatus(path string, n *app.HubNotice, schools []app.HubNoticeSchool) error {
	return writeBook(path, func(f *excelize.File) error {
		sheet := sheetName(n.Title, i18n.T("bureau_console.xlsx.sheet"))
		if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
			return err
		}
		cols := []column{
			{title: i18n.T("bureau_console.col.township")},
			{title: i18n.T("bureau_console.col.school")},
			{title: i18n.T("bureau_console.col.delivered")},
			{title: i18n.T("bureau_console.col.confirmed")},
			{title: i18n.T("bureau_console.col.forwarded")},
			{title: i18n.T("bureau_console.col.families")},
			{title: i18n.T("bureau_console.col.read")},
			{title: i18n.T("bureau_console.col.acked")},
			{title: i18n.T("bureau_console.col.last_update")},
		}
		rows := make([][]any, len(schools))
		for i, sc := range schools {
			delivered := i18n.T("bureau_console.no")
			if sc.Delivered {
				delivered = i18n.T("bureau_console.yes")
			}
			rows[i] = []any{sc.Org.Township, sc.Org.Name, delivered, app.FormatMinute(sc.Confirmed), app.FormatMinute(sc.Forwarded),
				sc.Families, sc.Read, sc.Acked, app.FormatMinute(sc.LastUpdate)}
		}
		return writeTable(f, sheet, 1, cols, rows)
	})
}
