package pdf

import (
	"slices"
	"strconv"
	"strings"

	"github.com/signintech/gopdf"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/linebreak"
)

// Result slip geometry, in millimetres. A slip reads, from its cut line
// down: the heading (exam, school, date), the student, the table of
// scores in bands of at most resultMaxCols columns, the guardian's
// signature and a note on how to read the table.
const (
	resultMaxCols = 11   // subject (or total) columns a band holds
	resultMaxColW = 24.0 // wider columns only spread a short table thin
	resultRowH    = 5.2
	resultHead2H  = 7.4 // the heading row when a subject's name takes two lines
	resultRows    = 4   // 科目, 满分, 成绩, 班级平均
	resultBandGap = 2.0 // between the bands of a long table
	resultPad     = 1.2 // inside a table cell, left and right
	resultInfoY   = slipPad + 6.5
	resultTableY  = resultInfoY + 6.5
)

// noScore stands for a score not entered yet, and an average not shown.
const noScore = "—"

// minAverageOf is the fewest scores a class average is printed for: with
// two, a family could work out the one classmate's score from their own.
// Village schools (教学点) do have classes that small.
const minAverageOf = 3

// PrintResultSlips writes one result slip per student of the sheet, to
// path: the child's own score in each subject next to the class average,
// and their total. Rankings are not published (教育部: 不公布学生考试成绩
// 排名), so a slip shows no rank and nothing of another child; it reads
// no rank from the statistics at all. Slips go several to a page with cut
// lines between them, and each class starts on a new page so a class
// teacher takes whole pages. Labels are in the current language.
func (*Printer) PrintResultSlips(path string, r app.ResultSlips) error {
	sheet := r.Sheet
	if sheet == nil || sheet.Exam == nil || len(sheet.Students) == 0 {
		return app.Errorf(app.EINVALID, "pdf.error.no_results")
	}
	if len(sheet.Exam.Subjects) > app.MaxExamSubjects {
		return app.Errorf(app.EINVALID, "exam.error.subjects_many", app.MaxExamSubjects)
	}
	averages, err := classAverages(sheet, r.Stats)
	if err != nil {
		return err
	}
	d, err := newDoc()
	if err != nil {
		return app.WrapError(err, "pdf.error.render")
	}
	t := d.resultTable(sheet.Exam.Subjects)
	head := resultHead{school: cleanLine(r.School), exam: cleanLine(sheet.Exam.Name), date: app.FormatDate(sheet.Exam.Date)}
	slot := 0
	for i, stu := range sheet.Students {
		if i > 0 && (slot == t.perPage || stu.ClassID != sheet.Students[i-1].ClassID) {
			slot = 0
		}
		var row []app.ScoreCell
		if i < len(sheet.Scores) {
			row = sheet.Scores[i]
		}
		top := d.slipAt(slot, t.perPage)
		d.resultSlip(top, t, head, stu, t.values(row, averages[stu.ClassID]))
		slot++
	}
	if d.err != nil {
		return app.WrapError(d.err, "pdf.error.render")
	}
	return save(d.gp, path)
}

// classAverages are the class averages of each subject, as printed, by
// class id. Statistics missing or not of this sheet are EINVALID: a slip
// must not show another exam's averages.
func classAverages(sheet *app.ExamSheet, stats *app.ExamStats) (map[int64][]string, error) {
	if stats == nil {
		return nil, app.Errorf(app.EINVALID, "pdf.error.no_stats")
	}
	out := make(map[int64][]string, len(stats.Classes))
	for _, g := range stats.Classes {
		if len(g.Subjects) != len(sheet.Exam.Subjects) {
			return nil, app.Errorf(app.EINVALID, "pdf.error.no_stats")
		}
		avgs := make([]string, len(g.Subjects))
		for j, s := range g.Subjects {
			avgs[j] = formatAverage(s)
		}
		out[g.ClassID] = avgs
	}
	for _, stu := range sheet.Students {
		if _, ok := out[stu.ClassID]; !ok {
			return nil, app.Errorf(app.EINVALID, "pdf.error.no_stats")
		}
	}
	return out, nil
}

// formatAverage writes an average to one decimal, rounding half up from
// the exact sum in tenths (88.25 is 88.3, as a teacher works it out;
// the float would round it to even). Fewer than minAverageOf scores
// have no average on a slip.
func formatAverage(s app.SubjectStats) string {
	if s.Count < minAverageOf || s.Sum < 0 {
		return noScore
	}
	n := int64(s.Count)
	tenths := (2*int64(s.Sum) + n) / (2 * n)
	return strconv.FormatInt(tenths/10, 10) + "." + strconv.FormatInt(tenths%10, 10)
}

// resultTable is the layout of every slip of a document: the columns of
// the score table, cut into bands, and how many slips go on a page.
type resultTable struct {
	subjects []app.ExamSubject
	header   []string // a column's heading: the subjects, then the total
	full     []string // a column's full marks
	bands    [][2]int // the columns [from, to) of each band
	labels   [resultRows]string
	labelW   float64
	colW     float64
	heads    []headCell
	headH    float64 // the heading row's height
	signY    float64 // from the slip's top, as the table's height decides
	hintY    float64
	perPage  int
}

// resultTable works out the table for subjects: one column per subject
// and one for the total, in as few bands as keep a column readable, and
// from its height how many slips a page holds (at most as many as the
// receipt slips; fewer for a long table).
func (d *doc) resultTable(subjects []app.ExamSubject) *resultTable {
	t := &resultTable{subjects: subjects}
	var total app.Score
	for _, s := range subjects {
		t.header = append(t.header, cleanLine(s.Name))
		t.full = append(t.full, s.Full.String())
		total += s.Full
	}
	t.header = append(t.header, i18n.T("pdf.result.total"))
	t.full = append(t.full, total.String())

	cols := len(t.header)
	bands := (cols + resultMaxCols - 1) / resultMaxCols
	perBand := (cols + bands - 1) / bands
	for from := 0; from < cols; from += perBand {
		t.bands = append(t.bands, [2]int{from, min(from+perBand, cols)})
	}

	t.labels = [resultRows]string{
		i18n.T("pdf.result.subject"), i18n.T("pdf.result.full"),
		i18n.T("pdf.result.score"), i18n.T("pdf.result.class_avg"),
	}
	d.font(regular, 9)
	t.labelW = 14
	for _, l := range t.labels {
		t.labelW = max(t.labelW, d.width(l)+2*resultPad)
	}
	t.labelW = min(t.labelW, 30) // a longer label shrinks to fit
	t.colW = min((contentW-t.labelW)/float64(perBand), resultMaxColW)
	t.headings(d)

	tableH := float64(len(t.bands))*t.bandH() + float64(len(t.bands)-1)*resultBandGap
	t.signY = resultTableY + tableH + 3
	t.hintY = t.signY + 6
	slipNeeds := t.hintY + 8*ptToMM + 2
	t.perPage = max(1, min(slipsPerPage, int((pageH-2*slipMargin)/slipNeeds)))
	return t
}

// headCell is a column's heading as set: one line, or two for a long
// subject name (综合实践活动 in a table of 20 subjects).
type headCell struct {
	lines []string
	size  float64
}

// headings sets the column headings in one size, the largest at which
// each fits on a line (but not below 7.5 pt), so a long subject name does
// not make its heading look unlike its neighbours'. A name that needs
// more takes two lines (the heading row grows for the whole document),
// shrinking further if it must; what does not fit even then ends in "…".
func (t *resultTable) headings(d *doc) {
	const size, floor, minSize = 9.0, 7.5, 6.5
	w := t.colW - 2*resultPad
	common := size
	for _, h := range t.header {
		_, s := d.fitFont(bold, size, floor, w, h)
		common = min(common, s)
	}
	t.headH = resultRowH
	t.heads = make([]headCell, len(t.header))
	for c, h := range t.header {
		s := common
		d.font(bold, s)
		lines := []string{h}
		if d.width(h) > w {
			for {
				lines = linebreak.Lines(h, w, d.runeWidth)
				if len(lines) <= 2 || s <= minSize {
					break
				}
				s = max(minSize, s-0.5)
				d.font(bold, s)
			}
			if len(lines) > 2 {
				lines = []string{lines[0], linebreak.Fit(strings.Join(lines[1:], ""), w, d.width)}
			}
			t.headH = resultHead2H
		}
		t.heads[c] = headCell{lines: lines, size: s}
	}
}

// bandH is the height of a band of the table.
func (t *resultTable) bandH() float64 { return t.headH + (resultRows-1)*resultRowH }

// values are one student's cells as printed, column by column: the
// score (缺考, or noScore when not entered) and the class average; the
// total adds up the scores shown and has no average.
func (t *resultTable) values(row []app.ScoreCell, averages []string) resultValues {
	var scores []string
	var total app.Score
	taken := 0
	for j := range t.subjects {
		var cell app.ScoreCell
		if j < len(row) {
			cell = row[j]
		}
		switch {
		case !cell.Set:
			scores = append(scores, noScore)
		case cell.Absent:
			scores = append(scores, i18n.T("pdf.result.absent"))
		default:
			scores = append(scores, cell.Value.String())
			total += cell.Value
			taken++
		}
	}
	if taken == 0 {
		scores = append(scores, noScore)
	} else {
		scores = append(scores, total.String())
	}
	return resultValues{scores: scores, avgs: append(slices.Clone(averages), "")}
}

// resultValues are the texts of a slip's score and class average rows,
// one per column.
type resultValues struct {
	scores, avgs []string
}

// resultHead is what every slip of a document says at its top.
type resultHead struct {
	school, exam, date string
}

// resultSlip draws one student's slip whose cut line is at top.
func (d *doc) resultSlip(top float64, t *resultTable, h resultHead, stu app.ExamStudent, rv resultValues) {
	// the school and date on the right, in grey; the exam gets the rest
	var right []string
	if h.school != "" {
		right = append(right, h.school)
	}
	if h.date != "" {
		right = append(right, i18n.T("pdf.result.date", h.date))
	}
	d.textColor(gray)
	text, _ := d.fitFont(regular, 9, 7, contentW/2, strings.Join(right, "　"))
	rightW := d.width(text)
	d.line(pageW-marginX-rightW, top+slipPad+1, rightW, text, gopdf.Left)
	d.textColor(0)
	heading := i18n.T("pdf.result.heading", h.exam)
	heading, _ = d.fitFont(bold, 13, 10, contentW-rightW-4, heading)
	d.line(marginX, top+slipPad, contentW-rightW-4, heading, gopdf.Left)

	var class, number string
	if label := cleanLine(stu.ClassLabel); label != "" {
		class = i18n.T("pdf.slip.class", label)
	}
	if no := cleanLine(stu.StudentNo); no != "" {
		number = i18n.T("pdf.result.number", no)
	}
	d.studentLine(top+resultInfoY, i18n.T("pdf.slip.student", cleanLine(stu.StudentName)), class, number)

	y := top + resultTableY
	for _, b := range t.bands {
		d.resultBand(y, t, b, rv)
		y += t.bandH() + resultBandGap
	}

	d.font(regular, 10.5)
	d.line(marginX, top+t.signY, contentW, i18n.T("pdf.slip.sign_guardian"), gopdf.Left)
	d.textColor(gray)
	hint, _ := d.fitFont(regular, 8, 6.5, contentW, i18n.T("pdf.result.hint"))
	d.line(marginX, top+t.hintY, contentW, hint, gopdf.Left)
	d.textColor(0)
}

// studentLine sets who the slip is for at y: class, name and number on
// one line, in a smaller font if it must. A name too long even for that
// gets a line of its own above the class and number, in the same space,
// rather than being cut: the slip has to reach the right family.
func (d *doc) studentLine(y float64, student, class, number string) {
	const size, minSize = 10.5, 7.5
	parts := slices.DeleteFunc([]string{class, student, number}, func(s string) bool { return s == "" })
	text := strings.Join(parts, "　　")
	line, s := d.fitFont(regular, size, minSize, contentW, text)
	if line == text {
		d.line(marginX, y+(size-s)*ptToMM/2, contentW, line, gopdf.Left)
		return
	}
	d.font(regular, 7)
	d.line(marginX, y-0.6, contentW, linebreak.Fit(student, contentW, d.width), gopdf.Left)
	rest := strings.Join(slices.DeleteFunc([]string{class, number}, func(s string) bool { return s == "" }), "　　")
	d.line(marginX, y+2.6, contentW, linebreak.Fit(rest, contentW, d.width), gopdf.Left)
}

// resultBand draws columns b of the score table from y: the row labels
// on the left, then one column per subject (and the total).
func (d *doc) resultBand(y float64, t *resultTable, b [2]int, rv resultValues) {
	if d.err != nil {
		return
	}
	w := t.labelW + float64(b[1]-b[0])*t.colW
	h := t.bandH()
	rowY := func(r int) float64 { return y + t.headH + float64(r-1)*resultRowH } // r ≥ 1
	gp := d.gp
	gp.SetFillColor(232, 232, 232)
	gp.RectFromUpperLeftWithStyle(marginX, y, w, t.headH, "F")
	gp.SetFillColor(244, 244, 244)
	gp.RectFromUpperLeftWithStyle(marginX, y+t.headH, t.labelW, h-t.headH, "F")
	gp.SetFillColor(0, 0, 0)

	d.cell(marginX, y, t.labelW, t.headH, regular, 9, t.labels[0], gopdf.Left)
	for r, l := range t.labels[1:] {
		d.cell(marginX, rowY(r+1), t.labelW, resultRowH, regular, 9, l, gopdf.Left)
	}
	for c := b[0]; c < b[1]; c++ {
		x := marginX + t.labelW + float64(c-b[0])*t.colW
		d.heading(x, y, t.colW, t.headH, t.heads[c])
		d.textColor(gray)
		d.cell(x, rowY(1), t.colW, resultRowH, regular, 9, t.full[c], gopdf.Center)
		d.textColor(0)
		d.cell(x, rowY(2), t.colW, resultRowH, bold, 10, rv.scores[c], gopdf.Center)
		d.cell(x, rowY(3), t.colW, resultRowH, regular, 9, rv.avgs[c], gopdf.Center)
	}

	gp.SetStrokeColor(0, 0, 0)
	gp.SetLineWidth(0.15)
	for r := 1; r < resultRows; r++ {
		gp.Line(marginX, rowY(r), marginX+w, rowY(r))
	}
	for c := b[0]; c < b[1]; c++ {
		x := marginX + t.labelW + float64(c-b[0])*t.colW
		gp.Line(x, y, x, y+h)
	}
	gp.SetLineWidth(0.3)
	gp.RectFromUpperLeft(marginX, y, w, h)
}

// cell sets text in a table cell of width w and height h whose top is
// y, centred between its lines, shrinking a long text to fit.
func (d *doc) cell(x, y, w, h float64, family string, size float64, text string, align int) {
	text, s := d.fitFont(family, size, 6.5, w-2*resultPad, text)
	d.line(x+resultPad, y+(h-s*ptToMM)/2, w-2*resultPad, text, align)
}

// heading sets a column's heading, of one or two lines, centred in the
// cell of width w and height h whose top is y.
func (d *doc) heading(x, y, w, h float64, hc headCell) {
	d.font(bold, hc.size)
	lineH := hc.size * ptToMM * 1.15
	top := y + (h-float64(len(hc.lines))*lineH)/2 + (lineH-hc.size*ptToMM)/2
	for i, l := range hc.lines {
		d.line(x+resultPad, top+float64(i)*lineH, w-2*resultPad, l, gopdf.Center)
	}
}

// fitFont sets the font at the largest size from size down to minSize at
// which text is no wider than w, and returns the text (shortened with
// "…" if even minSize is too wide) and the size.
func (d *doc) fitFont(family string, size, minSize, w float64, text string) (string, float64) {
	d.font(family, size)
	tw := d.width(text)
	if tw <= w || d.err != nil {
		return text, size
	}
	// widths scale with the size; step down in case of rounding
	s := max(minSize, float64(int(size*w/tw*4))/4)
	for {
		d.font(family, s)
		if d.width(text) <= w || d.err != nil {
			return text, s
		}
		if s == minSize {
			return linebreak.Fit(text, w, d.width), s
		}
		s = max(minSize, s-0.25)
	}
}
