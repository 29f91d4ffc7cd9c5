package xlsx

import (
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"jxj/app"
	"jxj/app/i18n"
)

// homeworkTop is the header row of the completion table: the subject and
// due day, and the homework's text, come first.
const homeworkTop = 4

// WriteHomework writes a homework's completion table to path (.xlsx): the
// subject, due day and text above a table of class, student number,
// name, completion and note, and a second sheet with each class's counts
// and completion rate.
func (s *Sheets) WriteHomework(path string, h *app.Homework, entries []app.HomeworkEntry) error {
	return writeBook(path, func(f *excelize.File) error {
		sheet := i18n.T("sheets.wb.homework.sheet")
		if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
			return err
		}
		cols := append(studentColumns(),
			column{title: i18n.T("sheets.wb.col.completion")},
			column{title: i18n.T("sheets.wb.col.note")})
		rows := make([][]any, len(entries))
		for i, e := range entries {
			rows[i] = []any{e.ClassLabel, e.StudentNo, e.StudentName, completionText(e.State), e.Note}
		}
		if err := writeTable(f, sheet, homeworkTop, cols, rows); err != nil {
			return err
		}
		if err := writeHomeworkHead(f, sheet, len(cols), h); err != nil {
			return err
		}
		return writeCompletionSummary(f, entries)
	})
}

// writeHomeworkHead writes the title (subject and due day) and the text
// of h across the table's ncols columns.
func writeHomeworkHead(f *excelize.File, sheet string, ncols int, h *app.Homework) error {
	last, err := excelize.ColumnNumberToName(ncols)
	if err != nil {
		return err
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	heading := i18n.T("sheets.wb.homework.title", h.Subject)
	if !h.Due.IsZero() {
		heading = i18n.T("sheets.wb.homework.title_due", h.Subject, app.FormatDate(h.Due))
	}
	for _, c := range []struct {
		row   int
		text  string
		style int
	}{{1, heading, title}, {2, h.Content, wrap}} {
		first, end := "A"+strconv.Itoa(c.row), last+strconv.Itoa(c.row)
		if err := f.SetCellStr(sheet, first, c.text); err != nil {
			return err
		}
		if err := f.MergeCell(sheet, first, end); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, first, end, c.style); err != nil {
			return err
		}
	}
	// A merged cell does not grow with its text: make the row tall enough
	// for the lines the text wraps into across the table's width.
	across := 0.0
	for i := 1; i <= ncols; i++ {
		name, _ := excelize.ColumnNumberToName(i)
		w, err := f.GetColWidth(sheet, name)
		if err != nil {
			return err
		}
		across += w
	}
	lines := 0
	for line := range strings.SplitSeq(h.Content, "\n") {
		lines += max(1, int(math.Ceil(float64(textWidth(line))/max(across, 1))))
	}
	return f.SetRowHeight(sheet, 2, min(15*float64(lines)+3, 409)) // 409 points is Excel's most
}

// completionText is a completion in the current language.
func completionText(c app.Completion) string {
	if c == app.CompletionNone {
		return i18n.T("completion.none")
	}
	return i18n.T("completion." + string(c))
}

// writeCompletionSummary adds the sheet of each class's completion counts
// and rate, classes in the order of entries, and a total.
func writeCompletionSummary(f *excelize.File, entries []app.HomeworkEntry) error {
	sheet := i18n.T("sheets.wb.summary_sheet")
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	type class struct {
		label  string
		counts app.CompletionCounts
	}
	var classes []*class
	byID := make(map[int64]*class)
	var total app.CompletionCounts
	for _, e := range entries {
		c := byID[e.ClassID]
		if c == nil {
			c = &class{label: e.ClassLabel}
			byID[e.ClassID] = c
			classes = append(classes, c)
		}
		c.counts.Add(e.State)
		total.Add(e.State)
	}
	row := func(label string, c app.CompletionCounts) []any {
		return []any{label, c.Total, c.Done, c.Late, c.Missing, c.Excused, c.Unrecorded, c.Rate()}
	}
	rows := make([][]any, 0, len(classes)+1)
	for _, c := range classes {
		rows = append(rows, row(c.label, c.counts))
	}
	rows = append(rows, row(i18n.T("sheets.wb.total"), total))
	cols := []column{
		{title: i18n.T("sheets.directory.class")},
		{title: i18n.T("sheets.wb.col.students")},
		{title: completionText(app.CompletionDone)},
		{title: completionText(app.CompletionLate)},
		{title: completionText(app.CompletionMissing)},
		{title: completionText(app.CompletionExcused)},
		{title: completionText(app.CompletionNone)},
		{title: i18n.T("sheets.wb.col.rate"), percent: true},
	}
	return writeTable(f, sheet, 1, cols, rows)
}
