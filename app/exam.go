package app

import (
	"cmp"
	"context"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Score is a mark in tenths of a point (95.5 is 955), so sums and
// averages are exact to the last decimal a teacher types.
type Score int64

// ParseScore reads a score as typed: 95, 95.5, ９５．５ (full-width). More
// than one decimal, a negative number or anything else is EINVALID.
func ParseScore(s string) (Score, error) {
	t := strings.TrimSpace(NarrowText(s))
	whole, frac, dot := strings.Cut(t, ".")
	if whole == "" || len(frac) > 1 || (dot && frac == "") {
		return 0, Errorf(EINVALID, "exam.error.score", s)
	}
	// Digits only: ParseInt alone takes a sign, and "-0.5" would read as
	// 0.5.
	for i := 0; i < len(whole); i++ {
		if whole[i] < '0' || whole[i] > '9' {
			return 0, Errorf(EINVALID, "exam.error.score", s)
		}
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 || w > 10000 {
		return 0, Errorf(EINVALID, "exam.error.score", s)
	}
	v := Score(w * 10)
	if frac != "" {
		f := frac[0]
		if f < '0' || f > '9' {
			return 0, Errorf(EINVALID, "exam.error.score", s)
		}
		v += Score(f - '0')
	}
	return v, nil
}

// String writes the score as a teacher would: 95, 95.5.
func (s Score) String() string {
	// A difference of scores can be below zero: -0.5, not "0.-5".
	sign := ""
	u := uint64(s)
	if s < 0 {
		sign, u = "-", -u
	}
	if u%10 == 0 {
		return sign + strconv.FormatUint(u/10, 10)
	}
	return sign + strconv.FormatUint(u/10, 10) + "." + strconv.FormatUint(u%10, 10)
}

// Points is the score as a number of points.
func (s Score) Points() float64 { return float64(s) / 10 }

// ExamSubject is a subject of an exam with its full marks and lines.
type ExamSubject struct {
	Name      string
	Full      Score
	Pass      Score // 及格线, default 60% of Full
	Excellent Score // 优秀线, default 85% of Full
	Low       Score // 低分线, default 40% of Full
}

// Fails reports whether score v is below the subject's pass line (a
// score on the line passes), as the statistics' 及格率 counts it.
func (s ExamSubject) Fails(v Score) bool { return v < s.Pass }

// WithDefaultLines fills the lines left at zero: 60%, 85% and 40% of the
// full marks, rounded to a tenth.
func (s ExamSubject) WithDefaultLines() ExamSubject {
	line := func(pct int64) Score { return Score((int64(s.Full)*pct + 50) / 100) }
	if s.Pass == 0 {
		s.Pass = line(60)
	}
	if s.Excellent == 0 {
		s.Excellent = line(85)
	}
	if s.Low == 0 {
		s.Low = line(40)
	}
	return s
}

// Exam is a test (考试) of some classes in some subjects.
type Exam struct {
	ID          int64
	UUID        string
	Name        string
	Date        time.Time
	ClassIDs    []int64
	ClassLabels []string
	Subjects    []ExamSubject
	CreatedBy   string
	CreatedAt   time.Time
}

// ExamDraft is what `jxj exam add` and the exam screen create.
type ExamDraft struct {
	Name     string
	Date     time.Time
	ClassIDs []int64 // empty: every class
	Subjects []ExamSubject
}

// Limits of an exam.
const (
	MaxExamName     = 50
	MaxExamSubjects = 20
)

// Validate checks a draft's name, subjects and lines.
func (d ExamDraft) Validate() error {
	name := CleanName(d.Name)
	switch {
	case name == "":
		return Errorf(EINVALID, "exam.error.name")
	case utf8.RuneCountInString(name) > MaxExamName:
		return Errorf(EINVALID, "exam.error.name_long", MaxExamName)
	case d.Date.IsZero():
		return Errorf(EINVALID, "exam.error.date")
	case len(d.Subjects) == 0:
		return Errorf(EINVALID, "exam.error.subjects")
	case len(d.Subjects) > MaxExamSubjects:
		return Errorf(EINVALID, "exam.error.subjects_many", MaxExamSubjects)
	}
	seen := map[string]bool{}
	for _, s := range d.Subjects {
		s = s.WithDefaultLines()
		switch {
		case CleanName(s.Name) == "":
			return Errorf(EINVALID, "exam.error.subject_name")
		case seen[CleanName(s.Name)]:
			return Errorf(EINVALID, "exam.error.subject_twice", s.Name)
		case s.Full <= 0:
			return Errorf(EINVALID, "exam.error.full", s.Name)
		case s.Pass > s.Full || s.Excellent > s.Full || s.Low > s.Full || s.Excellent < s.Pass,
			// a low line above the pass line would count passing
			// students as low; a negative line is no line
			s.Low > s.Pass, s.Pass < 0 || s.Excellent < 0 || s.Low < 0:
			return Errorf(EINVALID, "exam.error.lines", s.Name, s.Full.String())
		}
		seen[CleanName(s.Name)] = true
	}
	return nil
}

// ParseSubjects reads subjects as typed on the command line:
// 语文:100,数学:100,英语:120 (full marks; lines take their defaults).
func ParseSubjects(s string) ([]ExamSubject, error) {
	var out []ExamSubject
	for part := range strings.SplitSeq(NarrowText(s), ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, full, ok := strings.Cut(part, ":")
		if !ok {
			return nil, Errorf(EINVALID, "exam.error.subject_form", part)
		}
		name = CleanName(name)
		f, err := ParseScore(full)
		if name == "" || err != nil || f == 0 {
			return nil, Errorf(EINVALID, "exam.error.subject_form", part)
		}
		out = append(out, ExamSubject{Name: name, Full: f}.WithDefaultLines())
	}
	if len(out) == 0 {
		return nil, Errorf(EINVALID, "exam.error.subjects")
	}
	return out, nil
}

// ScoreCell is one student's result in one subject.
type ScoreCell struct {
	Set    bool // entered (a score or 缺考)
	Absent bool // 缺考: excluded from averages
	Value  Score
}

// ExamStudent is a student an exam covers: a student of one of its
// classes, as a form's students are.
type ExamStudent = FormStudent

// ExamSheet is an exam with its students and their scores, one cell per
// subject in the order of Exam.Subjects.
type ExamSheet struct {
	Exam     *Exam
	Students []ExamStudent // class and number order
	Scores   [][]ScoreCell // by student, then subject
}

// ScoreEntry records one cell.
type ScoreEntry struct {
	StudentID int64
	Subject   string
	Cell      ScoreCell // Set false clears it
}

// ScoreRow is one row of a score sheet as read: the student by number or
// name (and class), scores by subject name, as typed.
type ScoreRow struct {
	Line        int
	StudentNo   string
	StudentName string
	ClassLabel  string
	Values      map[string]string
}

// AbsentWords are what a score sheet says for a student who missed the
// exam.
var AbsentWords = []string{"缺考", "缺", "absent", "ABS"}

// ScoreImport is what an import did or would do. The cells of the rows
// without a problem are saved; the rows with one are listed, with their
// reasons, and left out.
type ScoreImport struct {
	Saved     int // cells new or changed
	Unchanged int
	Problems  []RowProblem // the rows left out
}

// ExamService keeps exams and scores. A teacher enters scores for their
// own classes; each change has its audit row.
type ExamService interface {
	CreateExam(ctx context.Context, d ExamDraft) (*Exam, error)
	Exams(ctx context.Context) ([]*Exam, error)
	ExamSheet(ctx context.Context, id int64) (*ExamSheet, error)
	// SaveScores records cells in one transaction; a score above the
	// subject's full marks, an unknown subject or a student outside the
	// exam is EINVALID and nothing is saved.
	SaveScores(ctx context.Context, id int64, entries []ScoreEntry) error
	// ImportScores saves the scores of a sheet's rows without a problem
	// and lists the others with their reasons, as the roster import does;
	// dryRun only reports.
	ImportScores(ctx context.Context, id int64, rows []ScoreRow, dryRun bool) (*ScoreImport, error)
}

// SubjectStats are the statistics of one subject (or of the total) over a
// group of students.
type SubjectStats struct {
	Subject   string
	Full      Score
	Count     int // students with a score
	Absent    int // 缺考
	Sum       Score
	Max, Min  Score
	Avg, Std  float64 // points; Std is the population standard deviation
	Pass      int
	Excellent int
	Low       int
	Bands     []int // by BandEdges
}

// PassRate, ExcellentRate and LowRate are in [0, 1]; 0 for no score.
func (s SubjectStats) PassRate() float64      { return ratio(s.Pass, s.Count) }
func (s SubjectStats) ExcellentRate() float64 { return ratio(s.Excellent, s.Count) }
func (s SubjectStats) LowRate() float64       { return ratio(s.Low, s.Count) }

func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// BandEdges are the lower edges of the score bands, in percent of the
// full marks: 0–59, 60–69, 70–79, 80–89, 90–100 for a paper of 100.
var BandEdges = []int{0, 60, 70, 80, 90}

// BandRange is the percentages of the full marks that band i of
// BandEdges covers, both included: 0–59, 60–69 … 90–100.
func BandRange(i int) (lo, hi int) {
	lo, hi = BandEdges[i], 100
	if i+1 < len(BandEdges) {
		hi = BandEdges[i+1] - 1
	}
	return lo, hi
}

// band is the index in BandEdges of score v on a paper of full marks.
func band(v, full Score) int {
	b := 0
	for i, edge := range BandEdges {
		// v ≥ edge% of full, in tenths: 100·v ≥ edge·full
		if 100*int64(v) >= int64(edge)*int64(full) {
			b = i
		}
	}
	return b
}

// GroupStats are one class's (or the whole exam's) statistics: one per
// subject, in the exam's order.
type GroupStats struct {
	ClassID    int64 // 0 for every class together
	ClassLabel string
	Students   int
	Subjects   []SubjectStats
}

// StudentResult is a student's total and ranks (ties share a rank: 1, 2,
// 2, 4). A student with no score at all has no rank (0).
type StudentResult struct {
	Total     Score
	Taken     int // subjects with a score
	ClassRank int
	GradeRank int
}

// ExamStats are the statistics of an exam sheet.
type ExamStats struct {
	Classes []GroupStats // class order
	All     GroupStats   // every student of the sheet together
	Results []StudentResult
}

// ComputeExamStats works out the statistics of a sheet: per class and
// subject and for all its classes, and each student's total and ranks.
//
// Classes come from the sheet's students, in the order the first student
// of each appears (the sheet is in class order), so a class of the exam
// with no students on the sheet has no GroupStats: the sheet cannot tell
// a class with no students from one the account does not see (a teacher
// gets only their own classes' students while Exam.ClassIDs lists them
// all), and a row of zeros for the second would be wrong.
func ComputeExamStats(sheet *ExamSheet) *ExamStats {
	var subjects []ExamSubject
	if sheet.Exam != nil {
		subjects = sheet.Exam.Subjects
	}
	st := &ExamStats{Results: make([]StudentResult, len(sheet.Students))}
	newGroup := func(classID int64, label string) GroupStats {
		g := GroupStats{ClassID: classID, ClassLabel: label, Subjects: make([]SubjectStats, len(subjects))}
		for j, s := range subjects {
			g.Subjects[j] = SubjectStats{Subject: s.Name, Full: s.Full, Bands: make([]int, len(BandEdges))}
		}
		return g
	}
	st.All = newGroup(0, "")
	// sums of squares, in tenths², for the standard deviations: integers,
	// so nothing is rounded before the final square root
	allSq := make([]uint64, len(subjects))
	var classSq [][]uint64
	classOf := map[int64]int{}
	addClass := func(id int64, label string) int {
		c := len(st.Classes)
		classOf[id] = c
		st.Classes = append(st.Classes, newGroup(id, label))
		classSq = append(classSq, make([]uint64, len(subjects)))
		return c
	}
	for i, stu := range sheet.Students {
		c, ok := classOf[stu.ClassID]
		if !ok {
			c = addClass(stu.ClassID, stu.ClassLabel)
		}
		class := &st.Classes[c]
		class.Students++
		st.All.Students++
		if i >= len(sheet.Scores) {
			continue
		}
		res := &st.Results[i]
		for j, cell := range sheet.Scores[i] {
			if j >= len(subjects) || !cell.Set {
				continue
			}
			s := &subjects[j]
			if cell.Absent {
				class.Subjects[j].Absent++
				st.All.Subjects[j].Absent++
				continue
			}
			b := band(cell.Value, s.Full)
			addScore(&class.Subjects[j], cell.Value, s, b)
			addScore(&st.All.Subjects[j], cell.Value, s, b)
			sq := uint64(int64(cell.Value) * int64(cell.Value))
			classSq[c][j] += sq
			allSq[j] += sq
			res.Total += cell.Value
			res.Taken++
		}
	}
	for c := range st.Classes {
		finish(&st.Classes[c], classSq[c])
	}
	finish(&st.All, allSq)
	rank(sheet.Students, st.Results)
	return st
}

// addScore counts score v (not 缺考) of subject s, in band b.
func addScore(g *SubjectStats, v Score, s *ExamSubject, b int) {
	if g.Count == 0 || v > g.Max {
		g.Max = v
	}
	if g.Count == 0 || v < g.Min {
		g.Min = v
	}
	g.Count++
	g.Sum += v
	if !s.Fails(v) {
		g.Pass++
	}
	if v >= s.Excellent {
		g.Excellent++
	}
	if v < s.Low {
		g.Low++
	}
	g.Bands[b]++
}

// finish works out the averages and standard deviations, in points.
func finish(g *GroupStats, sq []uint64) {
	for j := range g.Subjects {
		s := &g.Subjects[j]
		if s.Count == 0 {
			continue
		}
		// one rounding each: Sum/n and then /10 rounded twice, and
		// 0, 0 and 100 averaged 33.333333333333329, not …336
		tenN := 10 * float64(s.Count)
		s.Avg = float64(s.Sum) / tenN
		s.Std = math.Sqrt(spread(uint64(s.Count), sq[j], s.Sum)) / tenN
	}
}

// spread is n·Σv² − (Σv)², n² times the population variance in tenths²,
// worked out exactly in 128 bits: the float formula Σv²/n − mean²
// subtracts two numbers near 10⁶ and was 2·10⁻⁹ off for a grade of
// 5,000 near-equal scores. It is never negative (Cauchy–Schwarz).
func spread(n, sq uint64, sum Score) float64 {
	u := uint64(sum)
	if sum < 0 {
		u = -u
	}
	hi, lo := bits.Mul64(n, sq)
	shi, slo := bits.Mul64(u, u)
	lo, borrow := bits.Sub64(lo, slo, 0)
	hi, _ = bits.Sub64(hi, shi, borrow)
	return float64(hi)*0x1p64 + float64(lo)
}

// rank gives each student with a score a rank by total in their class and
// in all the exam's classes; equal totals share a rank (1, 2, 2, 4).
func rank(students []ExamStudent, results []StudentResult) {
	var all []int
	byClass := map[int64][]int{}
	for i, r := range results {
		if r.Taken == 0 {
			continue
		}
		all = append(all, i)
		byClass[students[i].ClassID] = append(byClass[students[i].ClassID], i)
	}
	competition := func(idx []int, set func(i, r int)) {
		slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(results[b].Total, results[a].Total) })
		prev := 0
		for k, i := range idx {
			r := k + 1
			if k > 0 && results[idx[k-1]].Total == results[i].Total {
				r = prev
			}
			set(i, r)
			prev = r
		}
	}
	competition(all, func(i, r int) { results[i].GradeRank = r })
	for _, idx := range byClass {
		competition(idx, func(i, r int) { results[i].ClassRank = r })
	}
}
