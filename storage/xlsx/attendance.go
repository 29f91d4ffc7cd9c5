package xlsx

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"jxj/app"
	"jxj/app/i18n"
)

// The month sheet is the 考勤表 schools print and sign: a title, then the
// students down and the days across (a column a day, or a column a
// session under each day when attendance is taken morning and
// afternoon), a mark in each cell, each student's totals at the right, a
// row of the class's totals, and the legend of the marks under it.

// monthFixed are the columns before the days: 学号 and 姓名.
const monthFixed = 2

// monthTotals are the titles of the totals columns, in order; the last
// is the rate.
func monthTotals() []string {
	return []string{
		i18n.T("sheets.att.col.expected"), i18n.T("sheets.att.col.present"), i18n.T("sheets.att.col.absent"),
		i18n.T("sheets.att.col.late"), i18n.T("sheets.att.col.early"), i18n.T("sheets.att.col.sick"),
		i18n.T("sheets.att.col.personal"), i18n.T("sheets.att.col.rate"),
	}
}

// totalsRow is c in the order of monthTotals; the rate is nil when
// nothing was taken.
func totalsRow(c app.AttendanceCounts) []any {
	var rate any
	if c.Sessions > 0 {
		rate = round(c.Rate(), 3)
	}
	return []any{c.Sessions, c.Present(), c.Absent, c.Late, c.Early, c.Sick, c.Personal, rate}
}

// markSymbol is the symbol of a taken mark on the sheet: √ × ○ △ 病 事.
func markSymbol(m app.Mark) string {
	switch m {
	case app.MarkPresent:
		return i18n.T("sheets.att.symbol.present")
	case app.MarkAbsent:
		return i18n.T("sheets.att.symbol.absent")
	case app.MarkLate:
		return i18n.T("sheets.att.symbol.late")
	case app.MarkEarly:
		return i18n.T("sheets.att.symbol.early")
	case app.MarkSick:
		return i18n.T("sheets.att.symbol.sick")
	case app.MarkPersonal:
		return i18n.T("sheets.att.symbol.personal")
	}
	return string(m) // a mark this version does not know, shown rather than lost
}

// markName is a mark's name for the legend.
func markName(m app.Mark) string {
	switch m {
	case app.MarkPresent:
		return i18n.T("sheets.att.mark.present")
	case app.MarkAbsent:
		return i18n.T("sheets.att.mark.absent")
	case app.MarkLate:
		return i18n.T("sheets.att.mark.late")
	case app.MarkEarly:
		return i18n.T("sheets.att.mark.early")
	case app.MarkSick:
		return i18n.T("sheets.att.mark.sick")
	case app.MarkPersonal:
		return i18n.T("sheets.att.mark.personal")
	}
	return string(m)
}

// sessionLabel is the sub-column header of a session.
func sessionLabel(s app.Session) string {
	switch s {
	case app.SessionAM:
		return i18n.T("sheets.att.session.am")
	case app.SessionPM:
		return i18n.T("sheets.att.session.pm")
	}
	return i18n.T("sheets.att.session.day")
}

// WriteMonthSheet writes a class's month of attendance to path (.xlsx) in
// the 考勤表 layout, set up to print on A4 landscape: one page wide, the
// header rows and the student columns on every page.
func (s *Sheets) WriteMonthSheet(path string, m *app.MonthSheet) error {
	return writeBook(path, func(f *excelize.File) error { return writeMonthSheet(f, m) })
}

func writeMonthSheet(f *excelize.File, m *app.MonthSheet) error {
	sheet := i18n.T("sheets.att.sheet")
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	sessions := m.Sessions
	if len(sessions) == 0 {
		sessions = app.Sessions(false)
	}
	ns, nd := len(sessions), len(m.Days)
	split := ns > 1
	totals := monthTotals()
	firstTotal := monthFixed + nd*ns + 1 // its column number
	ncols := firstTotal + len(totals) - 1
	// Rows: the title, the day numbers, the weekdays, the sessions of a
	// split day; the students; the class's totals; the legend.
	headTop, headBottom := 2, 3
	if split {
		headBottom = 4
	}
	ref := func(col, row int) string {
		r, _ := excelize.CoordinatesToCellName(col, row)
		return r
	}
	st, err := newMonthStyles(f)
	if err != nil {
		return err
	}

	// Column widths: narrow days, so a month fits across the page.
	dayWidth := 3.5
	if split {
		dayWidth = 3.0
	}
	noWidth, nameWidth := 10, 8
	for _, r := range m.Students {
		noWidth = max(noWidth, textWidth(r.StudentNo)+2)
		nameWidth = max(nameWidth, textWidth(r.StudentName)+2)
	}
	widths := []struct {
		from, to int
		w        float64
	}{
		{1, 1, float64(min(noWidth, 20))},
		{2, 2, float64(min(nameWidth, 16))},
		{monthFixed + 1, firstTotal - 1, dayWidth},
		{firstTotal, ncols - 1, 5},
		{ncols, ncols, 7},
	}
	for _, c := range widths {
		if c.to < c.from {
			continue
		}
		from, _ := excelize.ColumnNumberToName(c.from)
		to, _ := excelize.ColumnNumberToName(c.to)
		if err := f.SetColWidth(sheet, from, to, c.w); err != nil {
			return err
		}
	}

	// Title.
	title := i18n.T("sheets.att.title", m.ClassLabel, m.Month.Year(), int(m.Month.Month()))
	if err := setMerged(f, sheet, ref(1, 1), ref(ncols, 1), title, st.title); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, 1, 28); err != nil {
		return err
	}

	// Header: 学号 and 姓名 and the totals over all the header rows; each
	// day's number and weekday over its sessions.
	heads := append([]string{i18n.T("sheets.directory.student_no"), i18n.T("sheets.directory.name")}, totals...)
	for i, t := range heads {
		col := i + 1
		if i >= monthFixed {
			col = firstTotal + i - monthFixed
		}
		if err := setMerged(f, sheet, ref(col, headTop), ref(col, headBottom), t, st.head); err != nil {
			return err
		}
	}
	weekdays := strings.Fields(i18n.T("sheets.att.weekdays"))
	for d, day := range m.Days {
		first, last := monthFixed+1+d*ns, monthFixed+(d+1)*ns
		if err := setMerged(f, sheet, ref(first, headTop), ref(last, headTop), day.Day(), st.head); err != nil {
			return err
		}
		wd := ""
		if w := int(day.Weekday()); w < len(weekdays) {
			wd = weekdays[w]
		}
		if err := setMerged(f, sheet, ref(first, headTop+1), ref(last, headTop+1), wd, st.head); err != nil {
			return err
		}
		if !split {
			continue
		}
		for k, s := range sessions {
			if err := f.SetCellValue(sheet, ref(first+k, headBottom), sessionLabel(s)); err != nil {
				return err
			}
		}
		if err := f.SetCellStyle(sheet, ref(first, headBottom), ref(last, headBottom), st.head); err != nil {
			return err
		}
	}
	if split {
		// room for 上午 wrapped in a narrow column
		if err := f.SetRowHeight(sheet, headBottom, 28); err != nil {
			return err
		}
	}

	// The students, then the class's totals: each session's count of
	// students there, and the sums.
	present := make([]int, nd*ns)
	taken := make([]bool, nd*ns)
	var sum app.AttendanceCounts
	row := headBottom + 1
	for _, r := range m.Students {
		cells := make([]any, 0, ncols)
		cells = append(cells, r.StudentNo, r.StudentName)
		for k := range nd * ns {
			if k >= len(r.Taken) || !r.Taken[k] {
				cells = append(cells, nil)
				continue
			}
			mark := app.MarkPresent
			if k < len(r.Marks) {
				mark = r.Marks[k]
			}
			taken[k] = true
			var one app.AttendanceCounts
			one.Add(mark)
			present[k] += one.Present()
			cells = append(cells, markSymbol(mark))
		}
		cells = append(cells, totalsRow(r.Counts)...)
		if err := f.SetSheetRow(sheet, ref(1, row), &cells); err != nil {
			return err
		}
		sum = sum.Plus(r.Counts)
		row++
	}
	cells := []any{i18n.T("sheets.wb.total"), nil}
	for k := range nd * ns {
		if taken[k] {
			cells = append(cells, present[k])
		} else {
			cells = append(cells, nil)
		}
	}
	cells = append(cells, totalsRow(sum)...)
	if err := f.SetSheetRow(sheet, ref(1, row), &cells); err != nil {
		return err
	}
	if err := f.MergeCell(sheet, ref(1, row), ref(2, row)); err != nil {
		return err
	}
	bodyTop, sumRow := headBottom+1, row
	for _, c := range []struct {
		from, to int
		style    int
	}{
		{1, 1, st.text},
		{2, 2, st.cell},
		{monthFixed + 1, ncols - 1, st.mark},
		{ncols, ncols, st.rate},
	} {
		if c.to < c.from {
			continue
		}
		if err := f.SetCellStyle(sheet, ref(c.from, bodyTop), ref(c.to, sumRow), c.style); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, ref(1, sumRow), ref(ncols-1, sumRow), st.sum); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, ref(ncols, sumRow), ref(ncols, sumRow), st.sumRate); err != nil {
		return err
	}

	// The legend under the table.
	var legend []string
	for _, mk := range app.Marks {
		legend = append(legend, i18n.T("sheets.att.legend.item", markSymbol(mk), markName(mk)))
	}
	text := i18n.T("sheets.att.legend", strings.Join(legend, listSep()))
	legendRow := sumRow + 1
	if err := setMerged(f, sheet, ref(1, legendRow), ref(ncols, legendRow), text, st.legend); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, legendRow, 32); err != nil {
		return err
	}

	// Frozen header and names; printed on A4 landscape, one page wide,
	// with the header rows and the names on every page.
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: monthFixed, YSplit: headBottom,
		TopLeftCell: ref(monthFixed+1, headBottom+1), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	q := quoteSheet(sheet)
	if err := f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("%s!$A:$B,%s!$%d:$%d", q, q, headTop, headBottom),
		Scope:    sheet,
	}); err != nil {
		return err
	}
	return printA4Landscape(f, sheet)
}

// monthStyles are the cell styles of the month sheet.
type monthStyles struct {
	title, head, text, cell, mark, rate, sum, sumRate, legend int
}

func newMonthStyles(f *excelize.File) (*monthStyles, error) {
	border := thinBorder()
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	left := &excelize.Alignment{Vertical: "center"}
	bold := &excelize.Font{Bold: true}
	pct := ratePercent
	st := &monthStyles{}
	var err error
	style := func(dst *int, s *excelize.Style) {
		if err == nil {
			*dst, err = f.NewStyle(s)
		}
	}
	style(&st.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 16},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	style(&st.head, &excelize.Style{Font: bold, Border: border, Alignment: center,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	style(&st.text, &excelize.Style{NumFmt: textFormat, Border: border, Alignment: left})
	style(&st.cell, &excelize.Style{Border: border, Alignment: left})
	style(&st.mark, &excelize.Style{Border: border, Alignment: center})
	style(&st.rate, &excelize.Style{Border: border, Alignment: center, CustomNumFmt: &pct})
	style(&st.sum, &excelize.Style{Font: bold, Border: border, Alignment: center})
	style(&st.sumRate, &excelize.Style{Font: bold, Border: border, Alignment: center, CustomNumFmt: &pct})
	style(&st.legend, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	return st, err
}

// setMerged writes v into from, merges from:to when they differ, and
// styles the range.
func setMerged(f *excelize.File, sheet, from, to string, v any, style int) error {
	if err := f.SetCellValue(sheet, from, v); err != nil {
		return err
	}
	if from != to {
		if err := f.MergeCell(sheet, from, to); err != nil {
			return err
		}
	}
	return f.SetCellStyle(sheet, from, to, style)
}

// a4 is the paper size code of A4 in a worksheet's page setup.
const a4 = 9

// printA4Landscape sets sheet to print on A4 landscape, scaled to one
// page wide and as many pages down as it takes, with narrow margins.
func printA4Landscape(f *excelize.File, sheet string) error {
	size, orientation, wide, tall := a4, "landscape", 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orientation, FitToWidth: &wide, FitToHeight: &tall,
	}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	side, edge, hf := 0.4, 0.5, 0.3 // inches
	centre := true
	return f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &side, Right: &side, Top: &edge, Bottom: &edge, Header: &hf, Footer: &hf, Horizontally: &centre,
	})
}
