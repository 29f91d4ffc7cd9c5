package xlsx

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"jxj/app"
	"jxj/app/i18n"
)

// An answer sheet is one row per student (per day for a check-in): 班级,
// 学号, 姓名, 日期 for a check-in, then one column per field headed by the
// field's label. jxj writes it (WriteAnswerTemplate), a class fills it in,
// and ReadAnswers reads it back, refusing a sheet whose columns are not
// the form's fields.

// WriteAnswerTemplate writes the sheet a class fills in to path (.xlsx):
// one row per student with the current answers, drop-down lists on the
// choice and yes/no columns, and a second sheet that says how to fill in
// each field.
func (s *Sheets) WriteAnswerTemplate(path string, sheet *app.FormSheet) error {
	return writeBook(path, func(f *excelize.File) error { return writeAnswerTemplate(f, sheet) })
}

func writeAnswerTemplate(f *excelize.File, fs *app.FormSheet) error {
	form := fs.Form
	help := i18n.T("sheets.wb.template.help_sheet")
	data := sheetName(form.Title, i18n.T("sheets.wb.template.sheet"), help)
	if err := f.SetSheetName(f.GetSheetName(0), data); err != nil {
		return err
	}
	if _, err := f.NewSheet(help); err != nil {
		return err
	}
	byStudent := make(map[int64][]*app.Answer, len(fs.Answers))
	for i := range fs.Answers {
		a := &fs.Answers[i]
		byStudent[a.StudentID] = append(byStudent[a.StudentID], a)
	}
	checkin := form.Kind == app.FormCheckin
	day := fs.Day
	if day == app.AllDays {
		day = ""
	}
	var rows [][]any
	for _, st := range fs.Students {
		answers := byStudent[st.StudentID]
		slices.SortStableFunc(answers, func(a, b *app.Answer) int { return cmp.Compare(a.Day, b.Day) })
		if len(answers) == 0 {
			answers = []*app.Answer{{Day: day}}
		}
		for _, a := range answers {
			rows = append(rows, answerRow(form, st, a, checkin))
		}
	}
	cols := answerSheetColumns(form, checkin)
	if err := writeTable(f, data, 1, cols, rows); err != nil {
		return err
	}
	optionRows, err := writeFillInHelp(f, help, data, form, checkin)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	first := len(cols) - len(form.Fields) + 1 // the first field's column
	for i, fd := range form.Fields {
		if fd.Type != app.FieldChoice && fd.Type != app.FieldYesNo {
			continue
		}
		col, err := excelize.ColumnNumberToName(first + i)
		if err != nil {
			return err
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = col + "2:" + col + strconv.Itoa(len(rows)+1)
		if fd.Type == app.FieldYesNo {
			if err := dv.SetDropList([]string{i18n.T("form.yes"), i18n.T("form.no")}); err != nil {
				return err
			}
		} else {
			if len(fd.Options) == 0 {
				continue
			}
			// The options are cells of the help sheet: a list typed into
			// the validation may hold only 255 characters.
			last, err := excelize.CoordinatesToCellName(helpOptionCol+len(fd.Options)-1, optionRows[i], true)
			if err != nil {
				return err
			}
			from, _ := excelize.CoordinatesToCellName(helpOptionCol, optionRows[i], true)
			dv.SetSqrefDropList(quoteSheet(help) + "!" + from + ":" + last)
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, i18n.T("sheets.wb.template.pick_title"), i18n.T("sheets.wb.template.pick"))
		if err := f.AddDataValidation(data, dv); err != nil {
			return err
		}
	}
	return nil
}

// studentColumns are the columns that say who a row is about.
func studentColumns() []column {
	return []column{
		{title: i18n.T("sheets.directory.class")},
		{title: i18n.T("sheets.directory.student_no"), text: true},
		{title: i18n.T("sheets.directory.name")},
	}
}

// answerSheetColumns are the columns of an answer sheet of form: the
// student, the day of a check-in, then each field.
func answerSheetColumns(form *app.Form, checkin bool) []column {
	cols := studentColumns()
	if checkin {
		cols = append(cols, column{title: i18n.T("sheets.wb.col.day"), text: true})
	}
	for _, fd := range form.Fields {
		// Anything but a number as text, so that what is typed stays as
		// typed: 2026-11-25 is not turned into a date, nor 1.10 into 1.1.
		c := column{title: fd.Label, text: fd.Type != app.FieldNumber}
		for _, o := range fd.Options {
			c.width = max(c.width, textWidth(o))
		}
		cols = append(cols, c)
	}
	return cols
}

// answerRow is the row of st's answer a (which may be empty) in the
// columns of answerSheetColumns.
func answerRow(form *app.Form, st app.FormStudent, a *app.Answer, checkin bool) []any {
	row := []any{st.ClassLabel, st.StudentNo, st.StudentName}
	if checkin {
		row = append(row, a.Day)
	}
	for _, fd := range form.Fields {
		row = append(row, answerText(fd, a.Values[fd.Key]))
	}
	return row
}

// answerText is a stored value as a sheet shows it: yes and no in the
// current language.
func answerText(fd app.Field, v string) string {
	if fd.Type == app.FieldYesNo {
		switch v {
		case "yes":
			return i18n.T("form.yes")
		case "no":
			return i18n.T("form.no")
		}
	}
	return v
}

// helpOptionCol is the column of the help sheet where a field's options
// start, one per cell.
const helpOptionCol = 5

// writeFillInHelp writes the help sheet of an answer sheet: how to fill
// it in, then one row per field (label, type, required, how, options).
// It returns each field's row, where its options are.
func writeFillInHelp(f *excelize.File, help, data string, form *app.Form, checkin bool) ([]int, error) {
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return nil, err
	}
	head, err := headerStyle(f)
	if err != nil {
		return nil, err
	}
	lines := []string{
		i18n.T("sheets.wb.template.help.title", form.Title),
		i18n.T("sheets.wb.template.help.rows", data),
		i18n.T("sheets.wb.template.help.blank"),
	}
	if checkin {
		lines = append(lines, i18n.T("sheets.wb.template.help.day"))
	}
	lines = append(lines, i18n.T("sheets.wb.template.help.fields"))
	for i, l := range lines {
		if err := f.SetCellStr(help, "A"+strconv.Itoa(i+1), l); err != nil {
			return nil, err
		}
	}
	if err := f.SetCellStyle(help, "A1", "A1", bold); err != nil {
		return nil, err
	}
	top := len(lines) + 2
	titles := []any{
		i18n.T("sheets.wb.template.col.field"), i18n.T("sheets.wb.template.col.type"),
		i18n.T("sheets.wb.template.col.required"), i18n.T("sheets.wb.template.col.how"),
		i18n.T("sheets.wb.template.col.options"),
	}
	if err := f.SetSheetRow(help, "A"+strconv.Itoa(top), &titles); err != nil {
		return nil, err
	}
	if err := f.SetCellStyle(help, "A"+strconv.Itoa(top), "E"+strconv.Itoa(top), head); err != nil {
		return nil, err
	}
	for col, w := range map[string]float64{"A": 24, "B": 10, "C": 6, "D": 50} {
		if err := f.SetColWidth(help, col, col, w); err != nil {
			return nil, err
		}
	}
	rows := make([]int, len(form.Fields))
	for i, fd := range form.Fields {
		rows[i] = top + 1 + i
		required := i18n.T("form.no")
		if fd.Required {
			required = i18n.T("form.yes")
		}
		row := []any{fd.Label, i18n.T("form.field." + string(fd.Type)), required, fillInHow(fd)}
		for _, o := range fd.Options {
			row = append(row, o)
		}
		if err := f.SetSheetRow(help, "A"+strconv.Itoa(rows[i]), &row); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// fillInHow says how to fill in a field's cells.
func fillInHow(fd app.Field) string {
	switch fd.Type {
	case app.FieldMulti:
		example := strings.Join(fd.Options[:min(2, len(fd.Options))], app.ChoiceSep)
		return i18n.T("sheets.wb.template.how.multi", example)
	case app.FieldYesNo:
		return i18n.T("sheets.wb.template.how.yesno", i18n.T("form.yes"), i18n.T("form.no"))
	case app.FieldNumber:
		return i18n.T("sheets.wb.template.how.number")
	case app.FieldChoice:
		return i18n.T("sheets.wb.template.how.choice")
	case app.FieldDate:
		return i18n.T("sheets.wb.template.how.date")
	case app.FieldTextArea:
		return i18n.T("sheets.wb.template.how.textarea")
	}
	return i18n.T("sheets.wb.template.how.text")
}

// ReadAnswers reads a filled-in answer sheet of form f: the first sheet
// whose header has a 学号 or 姓名 column. Every field of f must have its
// column (headed by its label), and no other columns may be there but
// 班级, 学号, 姓名, 序号 and a check-in's 日期; otherwise nothing is read. Values are
// kept as typed (FormService checks them), except dates Excel stored as
// day numbers. Rows whose fields are all empty (students who have not
// answered) are left out.
func (s *Sheets) ReadAnswers(path string, f *app.Form) ([]app.AnswerRow, error) {
	ar, err := newAnswerReader(f)
	if err != nil {
		return nil, err
	}
	rows, _, _, err := readTable(s, path, ar.sc, ar.layout)
	return ar.finish(rows, err)
}

// answerReader reads the answer sheets of one form.
type answerReader struct {
	form *app.Form
	sc   *schema
	h    *header // the header found, once layout has been called
}

func newAnswerReader(f *app.Form) (*answerReader, error) {
	cols := answerColumns
	if f.Kind == app.FormCheckin {
		cols = append(slices.Clip(cols), dayColumn)
	}
	sc := newSchema(cols, false, []field{fStudentNo, fName}, "", "")
	sc.noHeaderKey = "sheets.wb.error.answer_header"
	sc.labels = make(map[string]role, len(f.Fields))
	for i, fd := range f.Fields {
		k := labelKey(fd.Label)
		if _, dup := sc.labels[k]; dup {
			// which column is which could only be guessed
			return nil, app.Errorf(app.EINVALID, "sheets.wb.error.same_label", fd.Label)
		}
		sc.labels[k] = role{field: fAnswer, item: i}
	}
	return &answerReader{form: f, sc: sc}, nil
}

func (a *answerReader) layout(h *header) func(line int, cells []string) app.AnswerRow {
	a.h = h
	class, no, name := h.col(fClass, gNone), h.col(fStudentNo, gNone), h.col(fName, gNone)
	day := h.col(fDay, gNone) // a check-in's only
	fields := a.form.Fields
	cols := make([]int, len(fields))
	for i := range fields {
		cols[i] = h.item(i)
	}
	return func(line int, cells []string) app.AnswerRow {
		r := app.AnswerRow{
			Line:        line,
			StudentNo:   fixNumber(cell(cells, no)),
			StudentName: cell(cells, name),
			ClassLabel:  cell(cells, class),
			Day:         excelDate(cell(cells, day)),
			Values:      make(map[string]string, len(fields)),
		}
		for i, fd := range fields {
			v := cell(cells, cols[i])
			if strings.TrimSpace(v) == "" {
				continue
			}
			if fd.Type == app.FieldDate {
				v = excelDate(v)
			}
			r.Values[fd.Key] = v
		}
		return r
	}
}

// finish checks the header that was found and drops the rows without
// answers; rows and err are what readTable returned.
func (a *answerReader) finish(rows []app.AnswerRow, err error) ([]app.AnswerRow, error) {
	if a.h != nil {
		// wrong columns say more than any other problem of the sheet
		var missing []string
		for i, fd := range a.form.Fields {
			if a.h.item(i) < 0 {
				missing = append(missing, fd.Label)
			}
		}
		sep := listSep()
		switch {
		case len(missing) > 0 && len(a.h.extra) > 0:
			return nil, app.Errorf(app.EINVALID, "sheets.wb.error.wrong_columns", strings.Join(missing, sep), strings.Join(a.h.extra, sep))
		case len(missing) > 0:
			return nil, app.Errorf(app.EINVALID, "sheets.wb.error.missing_columns", strings.Join(missing, sep))
		case len(a.h.extra) > 0:
			return nil, app.Errorf(app.EINVALID, "sheets.wb.error.extra_columns", strings.Join(a.h.extra, sep))
		}
	}
	if err != nil {
		return nil, err
	}
	out := rows[:0]
	for _, r := range rows {
		// A form without fields (a bare check-in) is answered by the row.
		if len(r.Values) > 0 || len(a.form.Fields) == 0 {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, app.Errorf(app.EINVALID, "sheets.wb.error.no_answers", a.h.line)
	}
	return out, nil
}

// The day numbers excelDate turns into dates: 1920-01-01 to 2199-12-31.
// Outside them a number is more likely typed as a number (2026, or
// 20261125) than a date, and is left for the form's check to refuse.
const (
	minDateSerial = 7306
	maxDateSerial = 109574
)

// excelDate turns a date that Excel stored as a day number (46351) into
// 2026-11-25; sheets are read raw, so a date cell comes as its number.
// Anything else is returned as it is. Workbooks in the 1904 date system
// (old Mac Excel) are not told apart: their dates come out four years
// early, and are rare.
func excelDate(s string) string {
	t := strings.TrimSpace(s)
	if t == "" || strings.Trim(t, "0123456789.") != "" {
		return s
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < minDateSerial || v >= maxDateSerial+1 {
		return s
	}
	d, err := excelize.ExcelDateToTime(v, false)
	if err != nil {
		return s
	}
	return app.FormatDate(d)
}

// WriteFormAnswers writes a form's answers to path (.xlsx): a sheet of
// answers (a chain's in sign-up order, numbered), a summary sheet of
// totals per field, and the students who have not answered.
func (s *Sheets) WriteFormAnswers(path string, sheet *app.FormSheet, totals *app.FormTotals) error {
	return writeBook(path, func(f *excelize.File) error {
		if err := writeAnswers(f, sheet); err != nil {
			return err
		}
		if err := writeFormSummary(f, totals); err != nil {
			return err
		}
		missing := i18n.T("sheets.wb.answers.missing_sheet")
		if _, err := f.NewSheet(missing); err != nil {
			return err
		}
		rows := make([][]any, len(totals.Missing))
		for i, st := range totals.Missing {
			rows[i] = []any{st.ClassLabel, st.StudentNo, st.StudentName}
		}
		return writeTable(f, missing, 1, studentColumns(), rows)
	})
}

// writeAnswers writes the first sheet of WriteFormAnswers.
func writeAnswers(f *excelize.File, fs *app.FormSheet) error {
	form := fs.Form
	sheet := i18n.T("sheets.wb.answers.sheet")
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	order := make(map[int64]int, len(fs.Students))
	for i, st := range fs.Students {
		order[st.StudentID] = i
	}
	answers := make([]*app.Answer, len(fs.Answers))
	for i := range fs.Answers {
		answers[i] = &fs.Answers[i]
	}
	chain := form.Kind == app.FormChain
	if chain {
		// who signed up first comes first: a chain's items go by order
		slices.SortStableFunc(answers, func(a, b *app.Answer) int { return cmp.Compare(a.Seq, b.Seq) })
	} else {
		slices.SortStableFunc(answers, func(a, b *app.Answer) int {
			return cmp.Or(cmp.Compare(order[a.StudentID], order[b.StudentID]), cmp.Compare(a.Day, b.Day))
		})
	}
	checkin := form.Kind == app.FormCheckin
	cols := append(answerSheetColumns(form, checkin), column{title: i18n.T("sheets.wb.col.answered_at")})
	if chain {
		cols = append([]column{{title: i18n.T("sheets.wb.col.seq")}}, cols...)
	}
	rows := make([][]any, len(answers))
	for i, a := range answers {
		var st app.FormStudent
		if k, ok := order[a.StudentID]; ok {
			st = fs.Students[k]
		}
		row := append(answerRow(form, st, a, checkin), answeredAt(a.At))
		if chain {
			row = append([]any{i + 1}, row...)
		}
		rows[i] = row
	}
	return writeTable(f, sheet, 1, cols, rows)
}

// answeredAt is when an answer was given, to the minute, local time.
func answeredAt(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(time.Local).Format("2006-01-02 15:04")
}

// writeFormSummary adds the summary sheet: one table of question, item,
// value and share, with the students asked and answered first, then each
// field's answers, options and number statistics.
func writeFormSummary(f *excelize.File, t *app.FormTotals) error {
	sheet := i18n.T("sheets.wb.summary_sheet")
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	share := func(n, of int) any {
		if of <= 0 {
			return nil
		}
		return float64(n) / float64(of)
	}
	all := i18n.T("sheets.wb.summary.all")
	rows := [][]any{
		{all, i18n.T("sheets.wb.summary.students"), t.Students, nil},
		{all, i18n.T("sheets.wb.summary.answered"), t.Answered, share(t.Answered, t.Students)},
	}
	for _, ft := range t.Fields {
		label := ft.Field.Label
		rows = append(rows, []any{label, i18n.T("sheets.wb.summary.answered"), ft.Answered, share(ft.Answered, t.Answered)})
		for _, o := range ft.Options {
			rows = append(rows, []any{label, answerText(ft.Field, o.Option), o.Count, o.Percent / 100})
		}
		if n := ft.Number; n != nil {
			rows = append(rows, []any{label, i18n.T("sheets.wb.summary.count"), n.Count, nil})
			if n.Count > 0 {
				rows = append(rows,
					[]any{label, i18n.T("sheets.wb.summary.sum"), n.Sum, nil},
					[]any{label, i18n.T("sheets.wb.summary.avg"), n.Avg, nil},
					[]any{label, i18n.T("sheets.wb.summary.min"), n.Min, nil},
					[]any{label, i18n.T("sheets.wb.summary.max"), n.Max, nil})
			}
		}
	}
	cols := []column{
		{title: i18n.T("sheets.wb.col.question")},
		{title: i18n.T("sheets.wb.col.item")},
		{title: i18n.T("sheets.wb.col.value")},
		{title: i18n.T("sheets.wb.col.share"), percent: true},
	}
	return writeTable(f, sheet, 1, cols, rows)
}
