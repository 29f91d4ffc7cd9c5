package xlsx

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"jxj/app"
	"jxj/app/i18n"
)

// templateColumns is the header of the roster template. It stays Chinese
// in every language: schools exchange Chinese files, and ReadRoster reads
// these names (a test reads the template back).
var templateColumns = []string{"学号", "姓名", "性别", "年级", "班级",
	"家长1姓名", "家长1关系", "家长1电话", "家长2姓名", "家长2关系", "家长2电话"}

// templateExample is the example row under the header.
var templateExample = []string{"2026001", "张小明", "男", "三年级", "2班",
	"张伟", "父亲", "13800138000", "李娜", "母亲", "13900139000"}

// templateWidths are the column widths, in characters.
var templateWidths = []float64{12, 10, 6, 10, 8, 12, 10, 15, 12, 10, 15}

// textFormat is Excel's built-in number format "@" (text): digits typed
// into such a cell stay as typed, not 1.38E+10, and keep leading zeros.
const textFormat = 49

// WriteRosterTemplate writes an empty roster to path (.xlsx): a title, the
// header, an example row, text-formatted number and phone columns, a
// gender list, and a second sheet with short instructions.
func (s *Sheets) WriteRosterTemplate(path string) error {
	return writeBook(path, buildTemplate)
}

func buildTemplate(f *excelize.File) error {
	sheet := i18n.T("sheets.template.sheet")
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	last, err := excelize.ColumnNumberToName(len(templateColumns))
	if err != nil {
		return err
	}
	title, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 14},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	})
	if err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center"},
		Border:    thinBorder(),
	})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: textFormat})
	if err != nil {
		return err
	}
	example, err := f.NewStyle(&excelize.Style{NumFmt: textFormat, Font: &excelize.Font{Italic: true, Color: "808080"}})
	if err != nil {
		return err
	}

	for i, w := range templateWidths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return err
		}
	}
	// Number and phone columns as text, so what a user types stays as typed.
	for i, name := range templateColumns {
		if name == "学号" || strings.HasSuffix(name, "电话") {
			col, _ := excelize.ColumnNumberToName(i + 1)
			if err := f.SetColStyle(sheet, col, text); err != nil {
				return err
			}
		}
	}
	if err := f.SetCellStr(sheet, "A1", i18n.T("sheets.template.title")); err != nil {
		return err
	}
	if err := f.MergeCell(sheet, "A1", last+"1"); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", last+"1", title); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, 1, 36); err != nil {
		return err
	}
	if err := f.SetSheetRow(sheet, "A2", &templateColumns); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A2", last+"2", head); err != nil {
		return err
	}
	if err := f.SetSheetRow(sheet, "A3", &templateExample); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A3", last+"3", example); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = "C3:C20000"
	if err := dv.SetDropList([]string{"男", "女"}); err != nil {
		return err
	}
	if err := f.AddDataValidation(sheet, dv); err != nil {
		return err
	}

	help := i18n.T("sheets.template.help_sheet")
	if _, err := f.NewSheet(help); err != nil {
		return err
	}
	if err := f.SetColWidth(help, "A", "A", 100); err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	lines := []string{
		i18n.T("sheets.template.help.title"),
		i18n.T("sheets.template.help.rows"),
		i18n.T("sheets.template.help.class"),
		i18n.T("sheets.template.help.guardians"),
		i18n.T("sheets.template.help.number"),
		i18n.T("sheets.template.help.privacy"),
		i18n.T("sheets.template.help.own_files"),
	}
	for i, l := range lines {
		ref := "A" + strconv.Itoa(i+1)
		if err := f.SetCellStr(help, ref, l); err != nil {
			return err
		}
		if err := f.SetCellStyle(help, ref, ref, wrap); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return nil
}

func thinBorder() []excelize.Border {
	var b []excelize.Border
	for _, side := range []string{"left", "right", "top", "bottom"} {
		b = append(b, excelize.Border{Type: side, Color: "A6A6A6", Style: 1})
	}
	return b
}

// WriteDirectory writes the parent directory to path (.xlsx) as the
// entries show it: class, student number, name, gender and each
// guardian's name, relation and phone (already masked by the caller),
// with the header in the current language and frozen.
func (s *Sheets) WriteDirectory(path string, entries []app.DirectoryEntry) error {
	return writeBook(path, func(f *excelize.File) error { return writeDirectory(f, entries) })
}

func writeDirectory(f *excelize.File, entries []app.DirectoryEntry) error {
	sheet := i18n.T("sheets.directory.sheet")
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	guardians := 2
	for i := range entries {
		guardians = max(guardians, len(entries[i].Guardians))
	}
	head, err := headerStyle(f)
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: textFormat})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	const fixed = 4 // class, number, name, gender
	ncols := fixed + 3*guardians
	// The stream writer writes columns in the order they were last set,
	// newest first, and Excel wants them ascending: set them from the last.
	for c := ncols; c >= 1; c-- {
		width, style := 12.0, 0
		switch {
		case c == 1:
			width = 14
		case c == 2: // student number
			style = text
		case c == 4:
			width = 6
		case c > fixed && (c-fixed)%3 == 0: // a phone
			width, style = 15, text
		}
		if err := sw.SetColWidth(c, c, width); err != nil {
			return err
		}
		if style != 0 {
			if err := sw.SetColStyle(c, c, style); err != nil {
				return err
			}
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	row := make([]any, ncols)
	cells := make([]excelize.Cell, ncols)
	set := func(i int, style int, v string) {
		cells[i] = excelize.Cell{StyleID: style, Value: v}
		row[i] = &cells[i]
	}
	set(0, head, i18n.T("sheets.directory.class"))
	set(1, head, i18n.T("sheets.directory.student_no"))
	set(2, head, i18n.T("sheets.directory.name"))
	set(3, head, i18n.T("sheets.directory.gender"))
	for g := range guardians {
		c := fixed + 3*g
		set(c, head, i18n.T("sheets.directory.guardian_name", g+1))
		set(c+1, head, i18n.T("sheets.directory.guardian_relation", g+1))
		set(c+2, head, i18n.T("sheets.directory.guardian_phone", g+1))
	}
	if err := sw.SetRow("A1", row, excelize.RowOpts{StyleID: head}); err != nil {
		return err
	}
	genders := map[string]string{
		app.GenderMale:   i18n.T("gender.M"),
		app.GenderFemale: i18n.T("gender.F"),
	}
	for n, e := range entries {
		clear(row)
		set(0, 0, e.ClassLabel)
		set(1, text, e.StudentNo)
		set(2, 0, e.Name)
		set(3, 0, genders[e.Gender])
		for g, gc := range e.Guardians {
			c := fixed + 3*g
			set(c, 0, gc.Name)
			set(c+1, 0, gc.Relation)
			set(c+2, text, gc.Phone)
		}
		ref, err := excelize.CoordinatesToCellName(1, n+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// headerStyle is the style of a table's header row: bold on light blue.
func headerStyle(f *excelize.File) (int, error) {
	return f.NewStyle(&excelize.Style{
		Font:   &excelize.Font{Bold: true},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border: thinBorder(),
	})
}

// writeBook builds a new workbook with build and saves it to path (.xlsx).
func writeBook(path string, build func(f *excelize.File) error) error {
	if err := checkWritePath(path); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := build(f); err != nil {
		return app.WrapError(err, "sheets.error.write", filepath.Base(path))
	}
	return save(f, path)
}

// checkWritePath refuses names excelize cannot write, before any work.
func checkWritePath(path string) error {
	if !slices.Contains(xlsxExts, strings.ToLower(filepath.Ext(path))) {
		return app.Errorf(app.EINVALID, "sheets.error.write_extension", filepath.Base(path))
	}
	return nil
}

// save writes f next to path and renames it into place, so a failed save
// never leaves half a file where the user's file was.
func save(f *excelize.File, path string) error {
	name := filepath.Base(path)
	tmp, err := os.CreateTemp(filepath.Dir(path), ".jxj-*.xlsx")
	if err != nil {
		return app.WrapError(err, "sheets.error.write", name)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if _, err := f.WriteTo(tmp); err != nil {
		tmp.Close()
		return app.WrapError(err, "sheets.error.write", name)
	}
	if err := tmp.Close(); err != nil {
		return app.WrapError(err, "sheets.error.write", name)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return app.WrapError(err, "sheets.error.write", name)
	}
	return nil
}
