package xlsx

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"jxj/app/i18n"
)

// The teacher workbench's sheets (notices, homework, forms) are plain
// tables: one header row in the current language, frozen and repeated on
// every printed page, columns as wide as their contents. Files that come
// back (receipts, answers) are read with the same header matching as a
// roster.

// percentFormat is Excel's built-in number format "0.00%".
const percentFormat = 10

// column is one column of a written table.
type column struct {
	title   string
	text    bool // number format "@": digits stay as typed (学号, 电话, 回执码)
	percent bool // values are fractions shown as percentages
	width   int  // at least this many character widths (an empty template's options)
}

// writeTable writes cols as a header on row top of sheet and rows under
// it. The header is bold and frozen, and repeats on every printed page.
func writeTable(f *excelize.File, sheet string, top int, cols []column, rows [][]any) error {
	head, err := headerStyle(f)
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: textFormat})
	if err != nil {
		return err
	}
	pct, err := f.NewStyle(&excelize.Style{NumFmt: percentFormat})
	if err != nil {
		return err
	}
	widths := make([]int, len(cols))
	for i, c := range cols {
		widths[i] = max(textWidth(c.title), c.width)
	}
	for _, r := range rows {
		for i, v := range r {
			if i < len(widths) && !cols[i].percent {
				widths[i] = max(widths[i], valueWidth(v))
			}
		}
	}
	for i, c := range cols {
		name, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		// room for the text and the filter arrow, within reason
		if err := f.SetColWidth(sheet, name, name, float64(min(max(widths[i]+3, 8), 60))); err != nil {
			return err
		}
		style := 0
		switch {
		case c.text:
			style = text
		case c.percent:
			style = pct
		}
		if style != 0 {
			if err := f.SetColStyle(sheet, name, style); err != nil {
				return err
			}
		}
	}
	titles := make([]any, len(cols))
	for i, c := range cols {
		titles[i] = c.title
	}
	first, err := excelize.CoordinatesToCellName(1, top)
	if err != nil {
		return err
	}
	last, err := excelize.CoordinatesToCellName(max(len(cols), 1), top)
	if err != nil {
		return err
	}
	if err := f.SetSheetRow(sheet, first, &titles); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, first, last, head); err != nil {
		return err
	}
	for n, r := range rows {
		ref, err := excelize.CoordinatesToCellName(1, top+1+n)
		if err != nil {
			return err
		}
		if err := f.SetSheetRow(sheet, ref, &r); err != nil {
			return err
		}
	}
	below, err := excelize.CoordinatesToCellName(1, top+1)
	if err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: top, TopLeftCell: below, ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("%s!$%d:$%d", quoteSheet(sheet), top, top),
		Scope:    sheet,
	})
}

// valueWidth is about how many character widths v takes in a cell.
func valueWidth(v any) int {
	switch v := v.(type) {
	case string:
		return textWidth(v)
	case float64:
		return len(strconv.FormatFloat(v, 'f', 2, 64)) // Excel's General shows about as many
	}
	return len(fmt.Sprint(v))
}

// textWidth is how many character widths s takes in a cell: Chinese
// characters take two. A cell of several lines counts its longest.
func textWidth(s string) int {
	w := 0
	for line := range strings.SplitSeq(s, "\n") {
		n := 0
		for _, r := range line {
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				n += 2
			default:
				n++
			}
		}
		w = max(w, n)
	}
	return w
}

// sheetName makes a worksheet name of a title (a notice's or form's):
// without the characters Excel refuses, at most 31 characters, and not
// one of taken; fallback when nothing usable is left.
func sheetName(title, fallback string, taken ...string) string {
	s := strings.Map(func(r rune) rune {
		switch r {
		case ':', '\\', '/', '?', '*', '[', ']':
			return ' '
		}
		if r < ' ' {
			return ' '
		}
		return r
	}, title)
	s = strings.Trim(strings.Join(strings.Fields(s), " "), "'")
	if utf8.RuneCountInString(s) > 31 {
		s = strings.TrimSpace(string([]rune(s)[:31]))
	}
	for _, t := range taken {
		if strings.EqualFold(s, t) {
			return fallback
		}
	}
	if s == "" {
		return fallback
	}
	return s
}

// quoteSheet writes a sheet name for a formula: 'name', quotes doubled.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// listSep joins the items of a list in a message, in the current language.
func listSep() string { return i18n.T("sheets.wb.list_sep") }
