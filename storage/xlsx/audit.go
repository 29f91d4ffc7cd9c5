package xlsx

import (
	"github.com/xuri/excelize/v2"

	"jxj/app"
	"jxj/app/i18n"
)

// WriteAuditRecords writes audit entries to path (.xlsx) as the records
// page shows them: time, person, kind and the sentence, then the action,
// target and detail as stored, for IT to search.
func (s *Sheets) WriteAuditRecords(path string, entries []*app.AuditEntry) error {
	return writeBook(path, func(f *excelize.File) error {
		sheet := i18n.T("sheets.audit.sheet")
		if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
			return err
		}
		cols := []column{
			{title: i18n.T("sheets.audit.time")},
			{title: i18n.T("sheets.audit.person")},
			{title: i18n.T("sheets.audit.kind")},
			{title: i18n.T("sheets.audit.record")},
			{title: i18n.T("sheets.audit.action")},
			{title: i18n.T("sheets.audit.target")},
			{title: i18n.T("sheets.audit.detail")},
		}
		rows := make([][]any, len(entries))
		for i, e := range entries {
			kind := ""
			if k := e.Kind(); k != "" {
				kind = k.Label()
			}
			rows[i] = []any{e.At.Local().Format("2006-01-02 15:04:05"), e.Person(), kind, e.Sentence(), e.Action, e.Target, e.Detail}
		}
		return writeTable(f, sheet, 1, cols, rows)
	})
}
