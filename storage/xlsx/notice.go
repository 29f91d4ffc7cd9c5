package xlsx

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"jxj/app"
	"jxj/app/i18n"
)

// WriteSlipCodes writes a notice's receipts to path (.xlsx) for printing
// slips by mail merge in WPS or Word: one header row at the top and one
// row per receipt (class, student number, name, slip code, notice), on a
// sheet named after the notice. A staff member's class reads 教职工.
func (s *Sheets) WriteSlipCodes(path string, n *app.Notice, receipts []app.Receipt) error {
	return writeBook(path, func(f *excelize.File) error {
		sheet := sheetName(n.Title, i18n.T("sheets.wb.slips.sheet"))
		if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
			return err
		}
		cols := append(studentColumns(),
			column{title: i18n.T("sheets.wb.col.code"), text: true},
			column{title: i18n.T("sheets.wb.col.notice")})
		rows := make([][]any, len(receipts))
		for i := range receipts {
			r := &receipts[i]
			rows[i] = []any{receiptClass(r), r.StudentNo, r.Name(), app.FormatSlipCode(r.Code), n.Title}
		}
		return writeTable(f, sheet, 1, cols, rows)
	})
}

// WriteCallList writes the receipts given as a call list to path (.xlsx):
// one row per guardian with the student repeated, so the list sorts and
// filters; phones as the caller masked them. The notice's title heads
// every printed page.
func (s *Sheets) WriteCallList(path string, n *app.Notice, receipts []app.Receipt) error {
	return writeBook(path, func(f *excelize.File) error {
		sheet := sheetName(n.Title, i18n.T("sheets.wb.calls.sheet"))
		if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
			return err
		}
		cols := []column{
			{title: i18n.T("sheets.directory.class")},
			{title: i18n.T("sheets.wb.col.student")},
			{title: i18n.T("sheets.wb.col.guardian")},
			{title: i18n.T("sheets.wb.col.relation")},
			{title: i18n.T("sheets.wb.col.phone"), text: true},
			{title: i18n.T("sheets.wb.col.state")},
		}
		var rows [][]any
		for i := range receipts {
			r := &receipts[i]
			state := i18n.T("receipt.state." + r.State.String())
			if len(r.Guardians) == 0 {
				rows = append(rows, []any{receiptClass(r), r.Name(), "", "", "", state})
			}
			for _, g := range r.Guardians {
				rows = append(rows, []any{receiptClass(r), r.Name(), g.Name, g.Relation, g.Phone, state})
			}
		}
		if err := writeTable(f, sheet, 1, cols, rows); err != nil {
			return err
		}
		return f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
			// &C centres; a literal & is written &&
			OddHeader: `&C&"-,Bold"` + strings.ReplaceAll(i18n.T("sheets.wb.calls.title", n.Title), "&", "&&"),
		})
	})
}

// receiptClass is the class column of a receipt.
func receiptClass(r *app.Receipt) string {
	if r.StaffID != 0 {
		return i18n.T("sheets.wb.staff")
	}
	return r.ClassLabel
}

// ReadReceiptSheet reads a sheet of returned receipts: the first sheet
// with a column of slip codes (回执码), student numbers (学号) or names
// (姓名), and optionally classes (班级). Rows with nothing in those
// columns are skipped. Cells are trimmed, as they are looked up rather
// than stored, and otherwise kept as typed (NoticeService checks them),
// except student numbers Excel stored as numbers.
func (s *Sheets) ReadReceiptSheet(path string) ([]app.ReceiptSheetRow, error) {
	rows, _, _, err := readTable(s, path, receiptSchema, receiptLayout)
	return rows, err
}

func receiptLayout(h *header) func(line int, cells []string) app.ReceiptSheetRow {
	code, no, name, class := h.col(fCode, gNone), h.col(fStudentNo, gNone), h.col(fName, gNone), h.col(fClass, gNone)
	return func(line int, cells []string) app.ReceiptSheetRow {
		return app.ReceiptSheetRow{
			Line:        line,
			Code:        strings.TrimSpace(cell(cells, code)),
			StudentNo:   fixNumber(strings.TrimSpace(cell(cells, no))),
			StudentName: strings.TrimSpace(cell(cells, name)),
			ClassLabel:  strings.TrimSpace(cell(cells, class)),
		}
	}
}
