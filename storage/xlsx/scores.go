package xlsx

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"jxj/app"
	"jxj/app/i18n"
)

// A score sheet is one row per student: 班级, 学号, 姓名, then one column
// per subject headed by its name and full marks (语文（100）). jxj writes
// it (WriteScoreTemplate), teachers fill it in, and ReadScores reads it
// back, or a school's own sheet: title rows, subjects by name in any
// order, totals and ranks beside them.

// scoreTemplateTop is the header row of the score template: a title and
// a line on how to fill it in come first.
const scoreTemplateTop = 3

// The number formats of a summary: averages and standard deviations to two
// decimals, rates in percent to one.
const (
	twoDecimals = 2 // Excel's built-in number format "0.00"
	ratePercent = "0.0%"
)

// WriteScoreTemplate writes the score sheet of an exam to path (.xlsx):
// the exam's title and a line on how to fill it in, then one row per
// student with the scores entered so far (缺考 for absent), and on the
// score cells a check that what is typed is a score from 0 to the full
// marks with at most one decimal, or 缺考.
func (s *Sheets) WriteScoreTemplate(path string, sheet *app.ExamSheet) error {
	return writeBook(path, func(f *excelize.File) error { return writeScoreTemplate(f, sheet) })
}

func writeScoreTemplate(f *excelize.File, es *app.ExamSheet) error {
	exam := es.Exam
	name := sheetName(exam.Name, i18n.T("sheets.exam.template.sheet"))
	if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
		return err
	}
	cols := studentColumns()
	for _, sub := range exam.Subjects {
		cols = append(cols, column{title: subjectTitle(sub)})
	}
	absent := i18n.T("sheets.exam.absent")
	rows := make([][]any, len(es.Students))
	for i, st := range es.Students {
		row := []any{st.ClassLabel, st.StudentNo, st.StudentName}
		for j := range exam.Subjects {
			row = append(row, cellValue(scoreCell(es, i, j), absent))
		}
		rows[i] = row
	}
	if err := writeTable(f, name, scoreTemplateTop, cols, rows); err != nil {
		return err
	}
	title := examTitle(exam, i18n.T("sheets.exam.template.title", exam.Name))
	if err := writeTitle(f, name, len(cols), title, i18n.T("sheets.exam.template.note", absent)); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	fixed := len(cols) - len(exam.Subjects)
	last := scoreTemplateTop + len(rows)
	for j, sub := range exam.Subjects {
		col, err := excelize.ColumnNumberToName(fixed + j + 1)
		if err != nil {
			return err
		}
		first := col + strconv.Itoa(scoreTemplateTop+1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = first + ":" + col + strconv.Itoa(last)
		dv.Type = "custom"
		dv.Formula1 = formulaXML(scoreCheck(first, sub.Full))
		// A warning, not a stop: the import checks every score anyway, and
		// a teacher whose input method types ９５ must not be locked out.
		dv.SetError(excelize.DataValidationErrorStyleWarning, i18n.T("sheets.exam.template.check_title"),
			i18n.T("sheets.exam.template.check", sub.Full.String(), absent))
		if err := f.AddDataValidation(name, dv); err != nil {
			return err
		}
	}
	return nil
}

// subjectTitle is a subject's column header in the template: 语文（100）.
func subjectTitle(sub app.ExamSubject) string {
	return i18n.T("sheets.exam.col.subject_full", sub.Name, sub.Full.String())
}

// scoreCheck is the formula of the template's check on a score cell ref:
// a number from 0 to full with at most one decimal, or a word for absent.
func scoreCheck(ref string, full app.Score) string {
	var b strings.Builder
	fmt.Fprintf(&b, "OR(AND(ISNUMBER(%[1]s),%[1]s>=0,%[1]s<=%[2]s,ROUND(%[1]s,1)=%[1]s)", ref, full.String())
	for _, w := range app.AbsentWords {
		fmt.Fprintf(&b, `,%s="%s"`, ref, strings.ReplaceAll(w, `"`, `""`))
	}
	b.WriteString(")")
	return b.String()
}

// formulaXML escapes a formula for the XML excelize writes it into as it
// is (a data validation's).
func formulaXML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// scoreCell is student i's cell in subject j; the zero cell where the
// sheet has none.
func scoreCell(es *app.ExamSheet, i, j int) app.ScoreCell {
	if i < len(es.Scores) && j < len(es.Scores[i]) {
		return es.Scores[i][j]
	}
	return app.ScoreCell{}
}

// cellValue is a score cell as a sheet holds it: a number, the word for
// absent, or nothing.
func cellValue(c app.ScoreCell, absent string) any {
	switch {
	case !c.Set:
		return nil
	case c.Absent:
		return absent
	}
	return scoreNumber(c.Value)
}

// scoreNumber is a score as a number cell: 95, or 95.5.
func scoreNumber(v app.Score) any {
	if v%10 == 0 {
		return int64(v / 10)
	}
	return v.Points()
}

// writeTitle writes a bold title and, when note is not empty, a wrapped
// note under it, each across the table's ncols columns.
func writeTitle(f *excelize.File, sheet string, ncols int, title, note string) error {
	last, err := excelize.ColumnNumberToName(max(ncols, 1))
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14},
		Alignment: &excelize.Alignment{Vertical: "center"}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	lines := []struct {
		text  string
		style int
	}{{title, bold}, {note, wrap}}
	for i, l := range lines {
		if l.text == "" {
			continue
		}
		row := strconv.Itoa(i + 1)
		if err := f.SetCellStr(sheet, "A"+row, l.text); err != nil {
			return err
		}
		if ncols > 1 {
			if err := f.MergeCell(sheet, "A"+row, last+row); err != nil {
				return err
			}
		}
		if err := f.SetCellStyle(sheet, "A"+row, last+row, l.style); err != nil {
			return err
		}
	}
	if note == "" {
		return nil
	}
	// A merged cell does not grow with its text: room for the lines the
	// note wraps into across the table.
	across := 0.0
	for i := 1; i <= ncols; i++ {
		name, _ := excelize.ColumnNumberToName(i)
		w, err := f.GetColWidth(sheet, name)
		if err != nil {
			return err
		}
		across += w
	}
	n := max(1, int(math.Ceil(float64(textWidth(note))/max(across, 1))))
	return f.SetRowHeight(sheet, 2, min(15*float64(n)+3, 409)) // 409 points is Excel's most
}

// ReadScores reads a score sheet of exam: the first sheet whose header
// has a 学号 or 姓名 column, with a column for one or more of the exam's
// subjects, found by name (语文, 语文（100）, 语文成绩, or another name of
// the subject such as 外语 for 英语). 班级 is read when there; totals,
// ranks and any other column are left alone. Values are kept as typed
// (ExamService checks them), numbers as the digits Excel shows. Rows
// without a score, and rows of averages or totals under the table, are
// left out.
func (s *Sheets) ReadScores(path string, exam *app.Exam) ([]app.ScoreRow, error) {
	sr := newScoreReader(exam)
	rows, _, _, err := readTable(s, path, sr.sc, sr.layout)
	return sr.finish(rows, err)
}

// scoreReader reads the score sheets of one exam.
type scoreReader struct {
	exam *app.Exam
	sc   *schema
	h    *header // the header found, once layout has been called
}

// scoreColumns are the fixed columns of a score sheet.
var scoreColumns = []synonyms{
	{role{field: fStudentNo}, studentNoNames},
	{role{field: fName}, studentNameNames},
	{role{field: fClass}, studentClassNames},
	{role{field: fIgnore}, rowNumberNames},
}

func newScoreReader(exam *app.Exam) *scoreReader {
	sc := newSchema(newScoreColumns(exam.Subjects), false, []field{fStudentNo, fName}, "", "")
	sc.noHeaderKey = "sheets.exam.error.no_student_column"
	// Exact names, and the template's headers in every language, whatever
	// newScoreColumns could not tell apart: 英语（听力） and 英语（笔试）.
	sc.labels = make(map[string]role)
	for j, sub := range exam.Subjects {
		r := role{field: fScore, item: j}
		keys := []string{labelKey(sub.Name)}
		for _, lang := range i18n.Languages {
			keys = append(keys, labelKey(i18n.TIn(lang, "sheets.exam.col.subject_full", sub.Name, sub.Full.String())))
		}
		for _, k := range keys {
			if _, dup := sc.labels[k]; !dup {
				sc.labels[k] = r
			}
		}
	}
	return &scoreReader{exam: exam, sc: sc}
}

// newScoreColumns are the columns of a score sheet of the subjects: the
// fixed ones first (they win a name they share with a subject), then each
// subject by its name, with a suffix (语文成绩), and by the other names of
// its subjectNames list, then the columns to ignore. A name that would
// fit two of the subjects is left to the exact labels.
func newScoreColumns(subjects []app.ExamSubject) []synonyms {
	norm := make([]string, len(subjects))
	count := make(map[string]int)
	groupOf := func(n string) int {
		for g, names := range subjectNames {
			for _, m := range names {
				if m == n {
					return g
				}
			}
		}
		return -1
	}
	groups := make(map[int]int)
	for j, sub := range subjects {
		norm[j] = normalizeHeader(sub.Name)
		count[norm[j]]++
		if g := groupOf(norm[j]); g >= 0 {
			groups[g]++
		}
	}
	cols := append([]synonyms(nil), scoreColumns...)
	withSuffixes := func(names []string) []string {
		var out []string
		for _, n := range names {
			out = append(out, n)
			for _, s := range subjectSuffixes {
				out = append(out, n+s)
			}
		}
		return out
	}
	for j := range subjects {
		if norm[j] == "" || count[norm[j]] > 1 {
			continue
		}
		cols = append(cols, synonyms{role{field: fScore, item: j}, withSuffixes([]string{norm[j]})})
	}
	for j := range subjects {
		g := groupOf(norm[j])
		if g < 0 || groups[g] > 1 || count[norm[j]] > 1 {
			continue
		}
		var others []string
		for _, n := range subjectNames[g] {
			if count[n] == 0 {
				others = append(others, n)
			}
		}
		cols = append(cols, synonyms{role{field: fScore, item: j}, withSuffixes(others)})
	}
	return append(cols, synonyms{role{field: fIgnore}, scoreIgnoreNames})
}

// subjectCol returns the column of subject j, or -1.
func (h *header) subjectCol(j int) int {
	if c, ok := h.cols[role{field: fScore, item: j}]; ok {
		return c
	}
	return -1
}

func (sr *scoreReader) layout(h *header) func(line int, cells []string) app.ScoreRow {
	sr.h = h
	class, no, name := h.col(fClass, gNone), h.col(fStudentNo, gNone), h.col(fName, gNone)
	subjects := sr.exam.Subjects
	cols := make([]int, len(subjects))
	for j := range subjects {
		cols[j] = h.subjectCol(j)
	}
	return func(line int, cells []string) app.ScoreRow {
		r := app.ScoreRow{
			Line:        line,
			StudentNo:   fixNumber(strings.TrimSpace(cell(cells, no))),
			StudentName: strings.TrimSpace(cell(cells, name)),
			ClassLabel:  strings.TrimSpace(cell(cells, class)),
			Values:      make(map[string]string, len(subjects)),
		}
		for j, sub := range subjects {
			if v := scoreText(cell(cells, cols[j])); v != "" {
				r.Values[sub.Name] = v
			}
		}
		return r
	}
}

// finish checks the header that was found and drops the rows without
// scores and the summary rows; rows and err are what readTable returned.
func (sr *scoreReader) finish(rows []app.ScoreRow, err error) ([]app.ScoreRow, error) {
	if h := sr.h; h != nil {
		found := false
		for j := range sr.exam.Subjects {
			found = found || h.subjectCol(j) >= 0
		}
		if !found {
			// the wrong columns say more than any other problem of the sheet
			sep := listSep()
			names := make([]string, len(sr.exam.Subjects))
			for j, sub := range sr.exam.Subjects {
				names[j] = sub.Name
			}
			if len(h.extra) > 0 {
				return nil, app.Errorf(app.EINVALID, "sheets.exam.error.no_subjects_extra",
					h.line, strings.Join(names, sep), strings.Join(h.extra, sep))
			}
			return nil, app.Errorf(app.EINVALID, "sheets.exam.error.no_subjects", h.line, strings.Join(names, sep))
		}
	}
	if err != nil {
		return nil, err
	}
	out := rows[:0]
	for _, r := range rows {
		if len(r.Values) > 0 && !summaryRow(r) {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, app.Errorf(app.EINVALID, "sheets.exam.error.no_scores", sr.h.line)
	}
	return out, nil
}

// summaryNames are what the rows under a school's score table that are
// not students say in their name, number or class cell: 平均分, 合计.
var summaryNames = map[string]bool{
	"平均分": true, "平均": true, "均分": true, "班级平均": true, "年级平均": true, "合计": true, "总计": true,
	"小计": true, "最高分": true, "最低分": true, "及格率": true, "优秀率": true, "低分率": true, "标准差": true,
	"人数": true, "实考人数": true, "参考人数": true, "average": true, "total": true, "max": true, "min": true,
}

// summaryRow reports whether r is a row of statistics rather than a
// student: no student in its number and name cells, and a summary word
// in one of its number, name and class cells.
func summaryRow(r app.ScoreRow) bool {
	cells := []string{r.StudentNo, r.StudentName, r.ClassLabel}
	word := false
	for i, c := range cells {
		n := normalizeHeader(c)
		switch {
		case summaryNames[n]:
			word = true
		case i < 2 && n != "":
			return false // a student's number or name
		}
	}
	return word
}

// scoreText is a score cell as the teacher typed it, trimmed. Sheets are
// read raw, so a number comes as Excel stored it: 95.5 and 95, but also
// 95.499999999999986 (a formula's result) or 95.0 (another program's);
// those come out with the 15 significant digits Excel shows and without
// trailing zeros. Whole numbers and text are kept as they are.
func scoreText(s string) string {
	t := strings.TrimSpace(s)
	if t == "" || t[0] < '0' || t[0] > '9' || !strings.ContainsAny(t, ".eE") ||
		strings.Trim(t, "0123456789.eE+-") != "" {
		return t
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(v, 0) || v >= 1e15 {
		return t
	}
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// WriteExamResults writes an exam's results to path (.xlsx): a sheet of
// scores with each student's total, a summary sheet for all the classes
// (when there are several) and one per class. Ranks stay in the teacher's
// view and are not written: a file travels (the MoE forbids publishing
// rankings).
func (s *Sheets) WriteExamResults(path string, sheet *app.ExamSheet, stats *app.ExamStats) error {
	if stats == nil {
		stats = app.ComputeExamStats(sheet)
	}
	return writeBook(path, func(f *excelize.File) error {
		results := i18n.T("sheets.exam.results.sheet")
		if err := writeResults(f, results, sheet, stats); err != nil {
			return err
		}
		taken := []string{results}
		if len(stats.Classes) > 1 {
			all := i18n.T("sheets.exam.summary.all_sheet")
			taken = append(taken, all)
			if err := writeSummary(f, all, sheet.Exam, i18n.T("sheets.exam.summary.all"), &stats.All); err != nil {
				return err
			}
		}
		for i := range stats.Classes {
			g := &stats.Classes[i]
			name := sheetName(g.ClassLabel, i18n.T("sheets.exam.summary.class_sheet", i+1), taken...)
			taken = append(taken, name)
			if err := writeSummary(f, name, sheet.Exam, g.ClassLabel, g); err != nil {
				return err
			}
		}
		return nil
	})
}

// resultsTop is the header row of the results sheet, under the title.
const resultsTop = 2

// writeResults writes the first sheet of WriteExamResults: 班级, 学号,
// 姓名, the subjects, 总分.
func writeResults(f *excelize.File, sheet string, es *app.ExamSheet, st *app.ExamStats) error {
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	exam := es.Exam
	cols := studentColumns()
	for _, sub := range exam.Subjects {
		cols = append(cols, column{title: sub.Name})
	}
	cols = append(cols, column{title: i18n.T("sheets.exam.col.total")})
	absent := i18n.T("sheets.exam.absent")
	rows := make([][]any, len(es.Students))
	for i, stu := range es.Students {
		row := []any{stu.ClassLabel, stu.StudentNo, stu.StudentName}
		for j := range exam.Subjects {
			row = append(row, cellValue(scoreCell(es, i, j), absent))
		}
		var r app.StudentResult
		if i < len(st.Results) {
			r = st.Results[i]
		}
		if r.Taken > 0 {
			row = append(row, scoreNumber(r.Total))
		}
		rows[i] = row
	}
	if err := writeTable(f, sheet, resultsTop, cols, rows); err != nil {
		return err
	}
	return writeTitle(f, sheet, len(cols), examTitle(exam, i18n.T("sheets.exam.results.title", exam.Name)), "")
}

// examTitle adds the exam's date to a title.
func examTitle(exam *app.Exam, title string) string {
	if exam.Date.IsZero() {
		return title
	}
	return i18n.T("sheets.exam.title_date", title, app.FormatDate(exam.Date))
}

// summaryTop is the header row of a summary sheet, under the title.
const summaryTop = 2

// writeSummary adds a summary sheet of group g: one row per subject with
// its counts, average, highest and lowest score, standard deviation and
// rates, then the score bands of each subject, labelled by the scores
// they cover on its paper.
func writeSummary(f *excelize.File, sheet string, exam *app.Exam, label string, g *app.GroupStats) error {
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	cols := []column{
		{title: i18n.T("sheets.exam.col.subject")},
		{title: i18n.T("sheets.exam.col.full")},
		{title: i18n.T("sheets.exam.col.count")},
		{title: i18n.T("sheets.exam.col.absent")},
		{title: i18n.T("sheets.exam.col.avg")},
		{title: i18n.T("sheets.exam.col.max")},
		{title: i18n.T("sheets.exam.col.min")},
		{title: i18n.T("sheets.exam.col.std")},
		{title: i18n.T("sheets.exam.col.pass_rate")},
		{title: i18n.T("sheets.exam.col.excellent_rate")},
		{title: i18n.T("sheets.exam.col.low_rate")},
	}
	rows := make([][]any, len(g.Subjects))
	for j, s := range g.Subjects {
		row := []any{s.Subject, scoreNumber(s.Full), s.Count, s.Absent}
		if s.Count > 0 {
			row = append(row, round(s.Avg, 2), scoreNumber(s.Max), scoreNumber(s.Min), round(s.Std, 2),
				round(s.PassRate(), 3), round(s.ExcellentRate(), 3), round(s.LowRate(), 3))
		}
		rows[j] = row
	}
	if err := writeTable(f, sheet, summaryTop, cols, rows); err != nil {
		return err
	}
	title := examTitle(exam, i18n.T("sheets.exam.summary.title", exam.Name, label))
	if err := writeTitle(f, sheet, len(cols), i18n.T("sheets.exam.summary.title_students", title, g.Students), ""); err != nil {
		return err
	}
	two, err := f.NewStyle(&excelize.Style{NumFmt: twoDecimals})
	if err != nil {
		return err
	}
	pct := ratePercent
	rate, err := f.NewStyle(&excelize.Style{CustomNumFmt: &pct})
	if err != nil {
		return err
	}
	if len(rows) > 0 {
		first, last := summaryTop+1, summaryTop+len(rows)
		for _, c := range []struct {
			from, to string
			style    int
		}{{"E", "E", two}, {"H", "H", two}, {"I", "K", rate}} {
			if err := f.SetCellStyle(sheet, c.from+strconv.Itoa(first), c.to+strconv.Itoa(last), c.style); err != nil {
				return err
			}
		}
	}
	return writeBands(f, sheet, summaryTop+len(rows)+2, g, rate)
}

// writeBands writes the score bands of g's subjects from row top: a
// heading, then three rows a subject: the bands' scores, the students in
// each, and their share of the students with a score.
func writeBands(f *excelize.File, sheet string, top int, g *app.GroupStats, rate int) error {
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	head, err := headerStyle(f)
	if err != nil {
		return err
	}
	ref := func(col, row int) string {
		r, _ := excelize.CoordinatesToCellName(col, row)
		return r
	}
	if err := f.SetCellStr(sheet, ref(1, top), i18n.T("sheets.exam.bands.title")); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, ref(1, top), ref(1, top), bold); err != nil {
		return err
	}
	row := top + 1
	for _, s := range g.Subjects {
		labels := bandLabels(s.Full)
		lines := [][]any{
			{s.Subject, i18n.T("sheets.exam.bands.range")},
			{nil, i18n.T("sheets.exam.bands.count")},
			{nil, i18n.T("sheets.exam.bands.share")},
		}
		for b, l := range labels {
			n := 0
			if b < len(s.Bands) {
				n = s.Bands[b]
			}
			lines[0] = append(lines[0], l)
			lines[1] = append(lines[1], n)
			if s.Count > 0 {
				lines[2] = append(lines[2], round(float64(n)/float64(s.Count), 3))
			} else {
				lines[2] = append(lines[2], nil)
			}
		}
		for k := range lines {
			if err := f.SetSheetRow(sheet, ref(1, row+k), &lines[k]); err != nil {
				return err
			}
		}
		end := ref(2+len(labels), row)
		if err := f.SetCellStyle(sheet, ref(2, row), end, head); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, ref(3, row+2), ref(2+len(labels), row+2), rate); err != nil {
			return err
		}
		if err := f.MergeCell(sheet, ref(1, row), ref(1, row+2)); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, ref(1, row), ref(1, row+2), bold); err != nil {
			return err
		}
		row += len(lines)
	}
	return nil
}

// bandLabels names the score bands of a paper of full marks by the scores
// each covers: 0–59, 60–69, …, 90–100 for 100; 0–71, 72–83, …, 108–120
// for 120. Where an edge falls between whole points (a paper of 75), the
// bands end a tenth below the next: 0–44.9, 45–52.4, 52.5–59.9.
func bandLabels(full app.Score) []string {
	n := len(app.BandEdges)
	lower := make([]app.Score, n) // the lowest score in each band, in tenths
	whole := full%10 == 0
	for i, e := range app.BandEdges {
		// the least v with 100·v ≥ e·full, as app's band counts
		lower[i] = app.Score((int64(e)*int64(full) + 99) / 100)
		whole = whole && lower[i]%10 == 0
	}
	unit := app.Score(1)
	if whole {
		unit = 10
	}
	out := make([]string, n)
	for i := range n {
		upper := full
		if i+1 < n {
			upper = lower[i+1] - unit
		}
		if upper <= lower[i] {
			out[i] = lower[i].String()
			continue
		}
		out[i] = i18n.T("sheets.exam.bands.label", lower[i].String(), upper.String())
	}
	return out
}

// round rounds x to the given decimals, as the summary shows it.
func round(x float64, decimals int) float64 {
	p := math.Pow10(decimals)
	return math.Round(x*p) / p
}
