package app

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

// examErr is the code and translation key of err; "", "" for nil.
func examErr(err error) (code, key string) {
	var e *Error
	if errors.As(err, &e) {
		return e.Code, e.Key
	}
	return ErrorCode(err), ""
}

// mustScore parses a score the tests write as text.
func mustScore(s string) Score {
	v, err := ParseScore(s)
	if err != nil {
		panic(err)
	}
	return v
}

// examNear compares points to 1e-9, the precision teachers check.
func examNear(got, want float64) bool { return math.Abs(got-want) < 1e-9 }

func TestParseScore(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Score
	}{
		{"whole", "95", 950},
		{"one decimal", "95.5", 955},
		{"zero", "0", 0},
		{"zero with decimal", "0.0", 0},
		{"half a point", "0.5", 5},
		{"full marks", "100", 1000},
		{"full-width digits and point", "９５．５", 955},
		{"spaces around", " 88 ", 880},
		{"ideographic spaces around", "\u300088\u3000", 880},
		{"tab and newline", "\t72.5\n", 725},
		{"leading zero", "095", 950},
		{"the largest", "10000", 100000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseScore(tt.in)
			if err != nil {
				t.Fatalf("ParseScore(%q) error %v; want %d", tt.in, err, tt.want)
			}
			if got != tt.want {
				t.Errorf("ParseScore(%q) = %d; want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseScoreErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"two decimals", "95.55"},
		{"negative", "-1"},
		{"negative zero", "-0"},
		{"negative half", "-0.5"}, // ParseInt("-0") is 0: this read as 0.5
		{"plus sign", "+95"},
		{"letters", "abc"},
		{"empty", ""},
		{"only spaces", "   "},
		{"exponent", "1e2"},
		{"point without decimal", "95."},
		{"decimal without whole", ".5"},
		{"two points", "95.5.5"},
		{"space inside", "9 5"},
		{"letter decimal", "95.x"},
		{"full-width minus", "－1"},
		{"chinese numerals", "九十五"},
		{"chinese full stop", "95。5"},
		{"too large", "10001"},
		{"overflow", "99999999999999999999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseScore(tt.in)
			code, key := examErr(err)
			if code != EINVALID || key != "exam.error.score" {
				t.Errorf("ParseScore(%q) = %d, %v; want EINVALID exam.error.score", tt.in, got, err)
			}
		})
	}
}

func TestScoreString(t *testing.T) {
	tests := []struct {
		name   string
		in     Score
		want   string
		points float64
	}{
		{"zero", 0, "0", 0},
		{"a tenth", 1, "0.1", 0.1},
		{"half", 5, "0.5", 0.5},
		{"whole", 950, "95", 95},
		{"one decimal", 955, "95.5", 95.5},
		{"full marks", 1000, "100", 100},
		{"150 paper", 1275, "127.5", 127.5},
		// a difference of two scores; this printed "0.-5"
		{"negative half", -5, "-0.5", -0.5},
		{"negative", -15, "-1.5", -1.5},
		{"negative whole", -10, "-1", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.String(); got != tt.want {
				t.Errorf("Score(%d).String() = %q; want %q", tt.in, got, tt.want)
			}
			if got := tt.in.Points(); got != tt.points {
				t.Errorf("Score(%d).Points() = %v; want %v", tt.in, got, tt.points)
			}
		})
	}
}

// Every score a teacher can type comes back from its String unchanged.
func TestScoreStringRoundTrip(t *testing.T) {
	for v := Score(0); v <= 2000; v++ {
		back, err := ParseScore(v.String())
		if err != nil || back != v {
			t.Fatalf("ParseScore(%q) = %d, %v; want %d", v.String(), back, err, v)
		}
	}
}

func TestWithDefaultLines(t *testing.T) {
	tests := []struct {
		name                 string
		in                   ExamSubject
		pass, excellent, low string
	}{
		// 60% / 85% / 40% of the full marks, rounded to a tenth (half up)
		{"100", ExamSubject{Full: mustScore("100")}, "60", "85", "40"},
		{"120", ExamSubject{Full: mustScore("120")}, "72", "102", "48"},
		{"150", ExamSubject{Full: mustScore("150")}, "90", "127.5", "60"},
		// 45 × 0.85 = 38.25 → 38.3; 45 × 0.6 = 27; 45 × 0.4 = 18
		{"45", ExamSubject{Full: mustScore("45")}, "27", "38.3", "18"},
		// 45.5 × 0.6 = 27.3; × 0.85 = 38.675 → 38.7; × 0.4 = 18.2
		{"45.5", ExamSubject{Full: mustScore("45.5")}, "27.3", "38.7", "18.2"},
		// 33 × 0.6 = 19.8; × 0.85 = 28.05 → 28.1; × 0.4 = 13.2
		{"33", ExamSubject{Full: mustScore("33")}, "19.8", "28.1", "13.2"},
		{"explicit lines kept", ExamSubject{Full: mustScore("100"), Pass: mustScore("50"), Excellent: mustScore("90"), Low: mustScore("30")}, "50", "90", "30"},
		{"only the pass line set", ExamSubject{Full: mustScore("100"), Pass: mustScore("50")}, "50", "85", "40"},
		{"only the excellent line set", ExamSubject{Full: mustScore("120"), Excellent: mustScore("108")}, "72", "108", "48"},
		{"only the low line set", ExamSubject{Full: mustScore("150"), Low: mustScore("45")}, "90", "127.5", "45"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in.WithDefaultLines()
			if got.Pass.String() != tt.pass || got.Excellent.String() != tt.excellent || got.Low.String() != tt.low {
				t.Errorf("WithDefaultLines() lines = %s/%s/%s; want %s/%s/%s",
					got.Pass, got.Excellent, got.Low, tt.pass, tt.excellent, tt.low)
			}
			if got.Full != tt.in.Full || got.Name != tt.in.Name {
				t.Errorf("WithDefaultLines() = %+v; want full marks and name unchanged from %+v", got, tt.in)
			}
		})
	}
}

// validExamDraft passes Validate; the cases change one thing.
func validExamDraft() ExamDraft {
	return ExamDraft{
		Name: "期中考试",
		Date: time.Date(2026, 11, 12, 0, 0, 0, 0, time.Local),
		Subjects: []ExamSubject{
			{Name: "语文", Full: 1000},
			{Name: "数学", Full: 1000},
			{Name: "英语", Full: 1200},
		},
	}
}

func TestExamDraftValidate(t *testing.T) {
	subject := func(name, full string, lines ...string) ExamSubject {
		s := ExamSubject{Name: name, Full: mustScore(full)}
		for i, l := range lines {
			v := mustScore(l)
			switch i {
			case 0:
				s.Pass = v
			case 1:
				s.Excellent = v
			case 2:
				s.Low = v
			}
		}
		return s
	}
	many := make([]ExamSubject, MaxExamSubjects+1)
	for i := range many {
		many[i] = ExamSubject{Name: "科目" + string(rune('A'+i)), Full: 1000}
	}
	tests := []struct {
		name   string
		change func(d *ExamDraft)
		key    string // "" for valid
	}{
		{"valid", func(d *ExamDraft) {}, ""},
		{"name of 50 characters", func(d *ExamDraft) { d.Name = strings.Repeat("考", MaxExamName) }, ""},
		{"lines at full marks", func(d *ExamDraft) { d.Subjects[0] = subject("语文", "100", "100", "100", "40") }, ""},
		{"excellent equal to pass", func(d *ExamDraft) { d.Subjects[0] = subject("语文", "100", "80", "80") }, ""},
		{"low equal to pass", func(d *ExamDraft) { d.Subjects[0] = subject("语文", "100", "60", "85", "60") }, ""},
		{"no name", func(d *ExamDraft) { d.Name = "" }, "exam.error.name"},
		{"name only spaces", func(d *ExamDraft) { d.Name = " \u3000 " }, "exam.error.name"},
		{"name of 51 characters", func(d *ExamDraft) { d.Name = strings.Repeat("考", MaxExamName+1) }, "exam.error.name_long"},
		{"no date", func(d *ExamDraft) { d.Date = time.Time{} }, "exam.error.date"},
		{"no subjects", func(d *ExamDraft) { d.Subjects = nil }, "exam.error.subjects"},
		{"too many subjects", func(d *ExamDraft) { d.Subjects = many }, "exam.error.subjects_many"},
		{"subject without name", func(d *ExamDraft) { d.Subjects[1].Name = " " }, "exam.error.subject_name"},
		{"duplicate subject", func(d *ExamDraft) { d.Subjects[2].Name = "语文" }, "exam.error.subject_twice"},
		{"duplicate subject with spaces", func(d *ExamDraft) { d.Subjects[2].Name = "语\u3000文" }, "exam.error.subject_twice"},
		{"zero full marks", func(d *ExamDraft) { d.Subjects[0].Full = 0 }, "exam.error.full"},
		{"negative full marks", func(d *ExamDraft) { d.Subjects[0].Full = -1000 }, "exam.error.full"},
		{"excellent below pass", func(d *ExamDraft) { d.Subjects[0] = subject("语文", "100", "90", "80") }, "exam.error.lines"},
		// the default pass line (60) is above an excellent line of 50
		{"excellent below the default pass", func(d *ExamDraft) { d.Subjects[0] = subject("语文", "100", "0", "50") }, "exam.error.lines"},
		{"pass above full", func(d *ExamDraft) { d.Subjects[0] = subject("语文", "100", "100.5") }, "exam.error.lines"},
		{"excellent above full", func(d *ExamDraft) { d.Subjects[0] = subject("体育", "45", "0", "45.1") }, "exam.error.lines"},
		{"low above full", func(d *ExamDraft) { d.Subjects[0] = subject("语文", "100", "100", "100", "101") }, "exam.error.lines"},
		{"low above pass", func(d *ExamDraft) { d.Subjects[0] = subject("语文", "100", "60", "85", "60.5") }, "exam.error.lines"},
		{"negative low line", func(d *ExamDraft) { d.Subjects[0].Low = -10 }, "exam.error.lines"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := validExamDraft()
			tt.change(&d)
			err := d.Validate()
			code, key := examErr(err)
			if tt.key == "" {
				if err != nil {
					t.Fatalf("Validate() = %v; want nil", err)
				}
				return
			}
			if code != EINVALID || key != tt.key {
				t.Errorf("Validate() = %v (code %q); want EINVALID %s", err, code, tt.key)
			}
		})
	}
}

func TestParseSubjects(t *testing.T) {
	s := func(name string, full, pass, excellent, low Score) ExamSubject {
		return ExamSubject{Name: name, Full: full, Pass: pass, Excellent: excellent, Low: low}
	}
	three := []ExamSubject{
		s("语文", 1000, 600, 850, 400),
		s("数学", 1000, 600, 850, 400),
		s("英语", 1200, 720, 1020, 480),
	}
	tests := []struct {
		name string
		in   string
		want []ExamSubject
	}{
		{"three", "语文:100,数学:100,英语:120", three},
		// NarrowText turns ： and ， (U+FF1A, U+FF0C) and full-width digits into ASCII
		{"full-width colon and comma", "语文：100，数学：１００，英语：120", three},
		{"spaces and an empty part", " 语文 : 100 ,, 数学:100 , 英语:120 ,", three},
		{"a name with inner spaces", "语　文:100", []ExamSubject{s("语文", 1000, 600, 850, 400)}},
		{"a tenth in the full marks", "体育:45.5", []ExamSubject{s("体育", 455, 273, 387, 182)}},
		// duplicates are Validate's to refuse
		{"a subject twice", "语文:100,语文:120", []ExamSubject{s("语文", 1000, 600, 850, 400), s("语文", 1200, 720, 1020, 480)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSubjects(tt.in)
			if err != nil {
				t.Fatalf("ParseSubjects(%q) error %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseSubjects(%q) = %+v; want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseSubjectsErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		key  string
	}{
		{"empty", "", "exam.error.subjects"},
		{"only commas", " , ,", "exam.error.subjects"},
		{"no full marks", "语文", "exam.error.subject_form"},
		{"empty full marks", "语文:", "exam.error.subject_form"},
		{"zero full marks", "语文:0", "exam.error.subject_form"},
		{"not a number", "语文:一百", "exam.error.subject_form"},
		{"negative", "语文:-100", "exam.error.subject_form"},
		{"two decimals", "语文:100.55", "exam.error.subject_form"},
		{"two colons", "语文:100:60", "exam.error.subject_form"},
		// an empty name passed as a subject named ""
		{"no name", ":100", "exam.error.subject_form"},
		{"a bad one among good ones", "语文:100,数学,英语:120", "exam.error.subject_form"},
		// 、 is Chinese punctuation NarrowText leaves alone
		{"enumeration comma", "语文:100、数学:100", "exam.error.subject_form"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSubjects(tt.in)
			code, key := examErr(err)
			if code != EINVALID || key != tt.key {
				t.Errorf("ParseSubjects(%q) = %+v, %v; want EINVALID %s", tt.in, got, err, tt.key)
			}
		})
	}
}

func TestBandRange(t *testing.T) {
	want := [][2]int{{0, 59}, {60, 69}, {70, 79}, {80, 89}, {90, 100}}
	for i := range BandEdges {
		if lo, hi := BandRange(i); lo != want[i][0] || hi != want[i][1] {
			t.Errorf("BandRange(%d) = %d, %d; want %d, %d", i, lo, hi, want[i][0], want[i][1])
		}
	}
}

func TestBand(t *testing.T) {
	tests := []struct {
		name  string
		v     string
		full  string
		wantB int // index in BandEdges: 0–59, 60–69, 70–79, 80–89, 90–100
	}{
		{"0 of 100", "0", "100", 0},
		{"59.9 of 100", "59.9", "100", 0},
		{"60 of 100", "60", "100", 1},
		{"69.9 of 100", "69.9", "100", 1},
		{"70 of 100", "70", "100", 2},
		{"79.9 of 100", "79.9", "100", 2},
		{"80 of 100", "80", "100", 3},
		{"89.9 of 100", "89.9", "100", 3},
		{"90 of 100", "90", "100", 4},
		{"100 of 100", "100", "100", 4},
		// 120: edges at 72, 84, 96, 108
		{"71.9 of 120", "71.9", "120", 0},
		{"72 of 120", "72", "120", 1},
		{"83.9 of 120", "83.9", "120", 1},
		{"84 of 120", "84", "120", 2},
		{"95.9 of 120", "95.9", "120", 2},
		{"96 of 120", "96", "120", 3},
		{"107.9 of 120", "107.9", "120", 3},
		{"108 of 120", "108", "120", 4},
		{"120 of 120", "120", "120", 4},
		// 150: edges at 90, 105, 120, 135
		{"134.9 of 150", "134.9", "150", 3},
		{"135 of 150", "135", "150", 4},
		// 45.5: 60% is 27.3 exactly
		{"27.2 of 45.5", "27.2", "45.5", 0},
		{"27.3 of 45.5", "27.3", "45.5", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := band(mustScore(tt.v), mustScore(tt.full)); got != tt.wantB {
				t.Errorf("band(%s, %s) = %d; want %d", tt.v, tt.full, got, tt.wantB)
			}
		})
	}
}

// examCell is a cell with a score, as typed.
func examCell(s string) ScoreCell { return ScoreCell{Set: true, Value: mustScore(s)} }

// absentCell is a 缺考 cell.
var absentCell = ScoreCell{Set: true, Absent: true}

// wantSubject is what a SubjectStats should hold; scores as typed.
type wantSubject struct {
	count, absent           int
	sum, max, min           string
	avg, std                float64
	pass, excellent, low    int
	passR, excellentR, lowR float64
	bands                   []int
}

func checkSubject(t *testing.T, where string, got SubjectStats, want wantSubject) {
	t.Helper()
	if got.Count != want.count || got.Absent != want.absent {
		t.Errorf("%s: count/absent = %d/%d; want %d/%d", where, got.Count, got.Absent, want.count, want.absent)
	}
	if got.Sum.String() != want.sum || got.Max.String() != want.max || got.Min.String() != want.min {
		t.Errorf("%s: sum/max/min = %s/%s/%s; want %s/%s/%s", where, got.Sum, got.Max, got.Min, want.sum, want.max, want.min)
	}
	if !examNear(got.Avg, want.avg) {
		t.Errorf("%s: avg = %.12f; want %.12f", where, got.Avg, want.avg)
	}
	if !examNear(got.Std, want.std) {
		t.Errorf("%s: std = %.12f; want %.12f", where, got.Std, want.std)
	}
	if got.Pass != want.pass || got.Excellent != want.excellent || got.Low != want.low {
		t.Errorf("%s: pass/excellent/low = %d/%d/%d; want %d/%d/%d", where, got.Pass, got.Excellent, got.Low, want.pass, want.excellent, want.low)
	}
	if !examNear(got.PassRate(), want.passR) || !examNear(got.ExcellentRate(), want.excellentR) || !examNear(got.LowRate(), want.lowR) {
		t.Errorf("%s: rates = %v/%v/%v; want %v/%v/%v", where, got.PassRate(), got.ExcellentRate(), got.LowRate(), want.passR, want.excellentR, want.lowR)
	}
	if !reflect.DeepEqual(got.Bands, want.bands) {
		t.Errorf("%s: bands = %v; want %v", where, got.Bands, want.bands)
	}
}

// statsSheet is the sheet TestComputeExamStats works out by hand: 语文
// and 数学 of 100 (pass 60, excellent 85, low 40), 英语 of 120 (pass 72,
// excellent 102, low 48); 七(1)班 of four, 七(2)班 of five, and 七(3)班,
// which the exam lists but which has no students.
func statsSheet() *ExamSheet {
	subjects, err := ParseSubjects("语文:100,数学:100,英语:120")
	if err != nil {
		panic(err)
	}
	unset := ScoreCell{}
	return &ExamSheet{
		Exam: &Exam{
			Name:        "期中考试",
			ClassIDs:    []int64{1, 2, 3},
			ClassLabels: []string{"七(1)班", "七(2)班", "七(3)班"},
			Subjects:    subjects,
		},
		Students: []ExamStudent{
			{StudentID: 11, StudentName: "A", ClassID: 1, ClassLabel: "七(1)班"},
			{StudentID: 12, StudentName: "B", ClassID: 1, ClassLabel: "七(1)班"},
			{StudentID: 13, StudentName: "C", ClassID: 1, ClassLabel: "七(1)班"},
			{StudentID: 14, StudentName: "D", ClassID: 1, ClassLabel: "七(1)班"},
			{StudentID: 21, StudentName: "E", ClassID: 2, ClassLabel: "七(2)班"},
			{StudentID: 22, StudentName: "F", ClassID: 2, ClassLabel: "七(2)班"},
			{StudentID: 23, StudentName: "G", ClassID: 2, ClassLabel: "七(2)班"},
			{StudentID: 24, StudentName: "H", ClassID: 2, ClassLabel: "七(2)班"},
			{StudentID: 25, StudentName: "I", ClassID: 2, ClassLabel: "七(2)班"},
		},
		Scores: [][]ScoreCell{
			// 语文, 数学, 英语                                          total
			{examCell("87.5"), examCell("92"), examCell("100.5")},  // A 280
			{examCell("92"), examCell("85"), examCell("98")},       // B 275
			{examCell("60.5"), examCell("100"), examCell("114.5")}, // C 275
			{examCell("80"), examCell("80"), examCell("100")},      // D 260
			{examCell("59.9"), examCell("60"), examCell("71.9")},   // E 191.8
			{absentCell, examCell("40"), examCell("47.9")},         // F 87.9, 语文 缺考
			{unset, unset, unset},                                  // G nothing entered
			{absentCell, absentCell, absentCell},                   // H 缺考 in all
			{examCell("100"), examCell("55"), examCell("120")},     // I 275
		},
	}
}

func TestComputeExamStats(t *testing.T) {
	st := ComputeExamStats(statsSheet())

	// The classes come from the students: 七(3)班, listed by the exam
	// but with no student on the sheet, does not appear (the sheet cannot
	// tell an empty class from one the account does not see).
	if len(st.Classes) != 2 {
		t.Fatalf("len(Classes) = %d; want 2", len(st.Classes))
	}
	for i, want := range []struct {
		id       int64
		label    string
		students int
	}{{1, "七(1)班", 4}, {2, "七(2)班", 5}} {
		g := st.Classes[i]
		if g.ClassID != want.id || g.ClassLabel != want.label || g.Students != want.students {
			t.Errorf("Classes[%d] = %d %q %d students; want %d %q %d", i, g.ClassID, g.ClassLabel, g.Students, want.id, want.label, want.students)
		}
	}
	if st.All.ClassID != 0 || st.All.Students != 9 {
		t.Errorf("All = class %d, %d students; want class 0, 9 students", st.All.ClassID, st.All.Students)
	}

	tests := []struct {
		name  string
		group GroupStats
		want  [3]wantSubject // 语文, 数学, 英语
	}{
		{"七(1)班", st.Classes[0], [3]wantSubject{
			// 语文 87.5 92 60.5 80: sum 320, avg 320/4 = 80;
			// deviations 7.5 12 −19.5 0, squares 56.25 + 144 + 380.25 + 0
			// = 580.5, variance 580.5/4 = 145.125.
			// pass ≥ 60: 4; excellent ≥ 85: 87.5 92; low < 40: none.
			// bands: 60.5 in 60–69; 87.5 80 in 80–89; 92 in 90–100.
			{count: 4, sum: "320", max: "92", min: "60.5", avg: 80, std: math.Sqrt(145.125),
				pass: 4, excellent: 2, passR: 1, excellentR: 0.5, bands: []int{0, 1, 0, 2, 1}},
			// 数学 92 85 100 80: sum 357, avg 89.25; deviations 2.75 −4.25
			// 10.75 −9.25, squares 7.5625 + 18.0625 + 115.5625 + 85.5625
			// = 226.75, variance 56.6875. excellent: 92, 85 (at the
			// line), 100.
			{count: 4, sum: "357", max: "100", min: "80", avg: 89.25, std: math.Sqrt(56.6875),
				pass: 4, excellent: 3, passR: 1, excellentR: 0.75, bands: []int{0, 0, 0, 2, 2}},
			// 英语 of 120, 100.5 98 114.5 100: sum 413, avg 103.25;
			// deviations −2.75 −5.25 11.25 −3.25, squares 7.5625 +
			// 27.5625 + 126.5625 + 10.5625 = 172.25, variance 43.0625.
			// excellent ≥ 102: 114.5. bands (96, 108): 100.5 98 100 in
			// 80–89%; 114.5 in 90–100%.
			{count: 4, sum: "413", max: "114.5", min: "98", avg: 103.25, std: math.Sqrt(43.0625),
				pass: 4, excellent: 1, passR: 1, excellentR: 0.25, bands: []int{0, 0, 0, 3, 1}},
		}},
		{"七(2)班", st.Classes[1], [3]wantSubject{
			// 语文 59.9 100 (F and H 缺考, G nothing): sum 159.9, avg
			// 79.95; deviations ±20.05, variance 20.05². 59.9 fails and
			// is in 0–59; 100 is excellent and in 90–100.
			{count: 2, absent: 2, sum: "159.9", max: "100", min: "59.9", avg: 79.95, std: 20.05,
				pass: 1, excellent: 1, passR: 0.5, excellentR: 0.5, bands: []int{1, 0, 0, 0, 1}},
			// 数学 60 40 55 (H 缺考): sum 155, avg 155/3; deviations
			// 25/3 −35/3 10/3, squares (625 + 1225 + 100)/9 = 1950/9,
			// variance 650/9. 60 passes (at the line); 40 is not low
			// (at the line).
			{count: 3, absent: 1, sum: "155", max: "60", min: "40", avg: 155.0 / 3, std: math.Sqrt(650.0 / 9),
				pass: 1, passR: 1.0 / 3, bands: []int{2, 1, 0, 0, 0}},
			// 英语 of 120, 71.9 47.9 120: sum 239.8, avg 239.8/3; in
			// tenths 3·(719² + 479² + 1200²) − 2398² = 6559206 − 5750404
			// = 808802, variance 808802/900 (÷ 3², ÷ 10²). 71.9 fails
			// (72) and is in 0–59%; 47.9 is low (48); 120 is excellent
			// and in 90–100%.
			{count: 3, absent: 1, sum: "239.8", max: "120", min: "47.9", avg: 239.8 / 3, std: math.Sqrt(808802.0 / 900),
				pass: 1, excellent: 1, low: 1, passR: 1.0 / 3, excellentR: 1.0 / 3, lowR: 1.0 / 3, bands: []int{2, 0, 0, 0, 1}},
		}},
		{"all", st.All, [3]wantSubject{
			// 语文 87.5 92 60.5 80 59.9 100: sum 479.9, avg 479.9/6; in
			// tenths 6·(875² + 920² + 605² + 800² + 599² + 1000²) − 4799²
			// = 6·3976851 − 23030401 = 830705, variance 830705/3600.
			{count: 6, absent: 2, sum: "479.9", max: "100", min: "59.9", avg: 479.9 / 6, std: math.Sqrt(830705.0 / 3600),
				pass: 5, excellent: 3, passR: 5.0 / 6, excellentR: 0.5, bands: []int{1, 1, 0, 2, 2}},
			// 数学 92 85 100 80 60 40 55: sum 512, avg 512/7; in tenths
			// 7·4031400 − 5120² = 28219800 − 26214400 = 2005400,
			// variance 2005400/4900.
			{count: 7, absent: 1, sum: "512", max: "100", min: "40", avg: 512.0 / 7, std: math.Sqrt(2005400.0 / 4900),
				pass: 5, excellent: 3, passR: 5.0 / 7, excellentR: 3.0 / 7, bands: []int{2, 1, 0, 2, 2}},
			// 英语 100.5 98 114.5 100 71.9 47.9 120: sum 652.8, avg
			// 652.8/7; in tenths 7·6467852 − 6528² = 45274964 −
			// 42614784 = 2660180, variance 2660180/4900.
			{count: 7, absent: 1, sum: "652.8", max: "120", min: "47.9", avg: 652.8 / 7, std: math.Sqrt(2660180.0 / 4900),
				pass: 5, excellent: 2, low: 1, passR: 5.0 / 7, excellentR: 2.0 / 7, lowR: 1.0 / 7, bands: []int{2, 0, 0, 3, 2}},
		}},
	}
	names := []string{"语文", "数学", "英语"}
	fulls := []Score{1000, 1000, 1200}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.group.Subjects) != 3 {
				t.Fatalf("len(Subjects) = %d; want 3", len(tt.group.Subjects))
			}
			for j, want := range tt.want {
				got := tt.group.Subjects[j]
				if got.Subject != names[j] || got.Full != fulls[j] {
					t.Errorf("Subjects[%d] = %s of %s; want %s of %s", j, got.Subject, got.Full, names[j], fulls[j])
				}
				checkSubject(t, tt.name+" "+names[j], got, want)
			}
		})
	}

	t.Run("results", func(t *testing.T) {
		// class 1: 280 275 275 260 → 1 2 2 4. class 2: I 275, E 191.8,
		// F 87.9 (two subjects taken) → 1 2 3; G and H took nothing → 0.
		// grade: 280 | 275 275 275 | 260 191.8 87.9 → 1, 2 2 2, 5 6 7.
		want := []StudentResult{
			{Total: mustScore("280"), Taken: 3, ClassRank: 1, GradeRank: 1},   // A
			{Total: mustScore("275"), Taken: 3, ClassRank: 2, GradeRank: 2},   // B
			{Total: mustScore("275"), Taken: 3, ClassRank: 2, GradeRank: 2},   // C
			{Total: mustScore("260"), Taken: 3, ClassRank: 4, GradeRank: 5},   // D
			{Total: mustScore("191.8"), Taken: 3, ClassRank: 2, GradeRank: 6}, // E
			{Total: mustScore("87.9"), Taken: 2, ClassRank: 3, GradeRank: 7},  // F
			{}, // G
			{}, // H
			{Total: mustScore("275"), Taken: 3, ClassRank: 1, GradeRank: 2}, // I
		}
		if len(st.Results) != len(want) {
			t.Fatalf("len(Results) = %d; want %d", len(st.Results), len(want))
		}
		for i, w := range want {
			if got := st.Results[i]; got != w {
				t.Errorf("Results[%d] (%s) = total %s taken %d ranks %d/%d; want total %s taken %d ranks %d/%d",
					i, "ABCDEFGHI"[i:i+1], got.Total, got.Taken, got.ClassRank, got.GradeRank, w.Total, w.Taken, w.ClassRank, w.GradeRank)
			}
		}
	})
}

// The classes are the students' classes, in the order their first
// student appears, whatever the exam lists: a teacher's sheet lists
// every class of the exam but only their own class's students.
func TestComputeExamStatsClasses(t *testing.T) {
	tests := []struct {
		name      string
		ids       []int64
		labels    []string
		keep      func(ExamStudent) bool // the students on the sheet
		wantIDs   []int64
		wantLbls  []string
		wantN     []int
		wantTotal int
	}{
		{"the exam lists its classes", []int64{1, 2, 3}, []string{"七(1)班", "七(2)班", "七(3)班"}, nil,
			[]int64{1, 2}, []string{"七(1)班", "七(2)班"}, []int{4, 5}, 9},
		{"the exam lists no classes", nil, nil, nil,
			[]int64{1, 2}, []string{"七(1)班", "七(2)班"}, []int{4, 5}, 9},
		{"a teacher's sheet", []int64{1, 2, 3}, []string{"七(1)班", "七(2)班", "七(3)班"}, func(s ExamStudent) bool { return s.ClassID == 2 },
			[]int64{2}, []string{"七(2)班"}, []int{5}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sheet := statsSheet()
			sheet.Exam.ClassIDs, sheet.Exam.ClassLabels = tt.ids, tt.labels
			if tt.keep != nil {
				var students []ExamStudent
				var scores [][]ScoreCell
				for i, s := range sheet.Students {
					if tt.keep(s) {
						students, scores = append(students, s), append(scores, sheet.Scores[i])
					}
				}
				sheet.Students, sheet.Scores = students, scores
			}
			st := ComputeExamStats(sheet)
			var ids []int64
			var labels []string
			var n []int
			for _, g := range st.Classes {
				ids, labels, n = append(ids, g.ClassID), append(labels, g.ClassLabel), append(n, g.Students)
			}
			if !reflect.DeepEqual(ids, tt.wantIDs) || !reflect.DeepEqual(labels, tt.wantLbls) || !reflect.DeepEqual(n, tt.wantN) {
				t.Errorf("classes = %v %q %v; want %v %q %v", ids, labels, n, tt.wantIDs, tt.wantLbls, tt.wantN)
			}
			if st.All.Students != tt.wantTotal {
				t.Errorf("All.Students = %d; want %d", st.All.Students, tt.wantTotal)
			}
		})
	}
}

// Small groups whose figures are exact or easy to check by hand.
func TestComputeExamStatsOneGroup(t *testing.T) {
	near := make([]string, 5000)
	for i := range near {
		near[i] = "145"
	}
	near[0] = "145.1"
	tests := []struct {
		name          string
		full          string
		scores        []string // "缺考" for absent
		wantAvg       float64  // compared exactly
		wantStd       float64  // to 1e-9
		wantSum       string
		wantMax, wMin string
	}{
		// (87.5 + 92 + 60.5) / 3 = 240 / 3 = 80, exactly; deviations
		// 7.5 12 −19.5, squares 56.25 + 144 + 380.25 = 580.5, / 3 = 193.5
		{"three scores", "100", []string{"87.5", "92", "60.5"}, 80, math.Sqrt(193.5), "240", "92", "60.5"},
		{"one score", "100", []string{"73.5"}, 73.5, 0, "73.5", "73.5", "73.5"},
		{"all equal", "100", []string{"66.6", "66.6", "66.6", "66.6"}, 66.6, 0, "266.4", "66.6", "66.6"},
		// 0.1 + 0.2 = 0.3 over 2 is 0.15: one division, no float sum
		{"tenths", "100", []string{"0.1", "0.2"}, 0.15, 0.05, "0.3", "0.2", "0.1"},
		{"zeros count", "100", []string{"0", "0", "缺考", "100"}, 100.0 / 3, math.Sqrt(20000.0 / 9), "100", "100", "0"},
		{"only 缺考", "100", []string{"缺考", "缺考"}, 0, 0, "0", "0", "0"},
		// 4,999 × 145 and one 145.1 on a paper of 150: in tenths
		// n·Σv² − (Σv)² = n − 1, so the deviation is √4999 / 5000 tenths
		// = √4999 / 50000 points (the float formula was 2e-9 off).
		{"a grade of near-equal scores", "150", near, 7250001.0 / 50000, math.Sqrt(4999) / 50000, "725000.1", "145.1", "145"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sheet := &ExamSheet{Exam: &Exam{Subjects: []ExamSubject{ExamSubject{Name: "语文", Full: mustScore(tt.full)}.WithDefaultLines()}}}
			for i, s := range tt.scores {
				sheet.Students = append(sheet.Students, ExamStudent{StudentID: int64(i + 1), ClassID: 1})
				c := absentCell
				if s != "缺考" {
					c = examCell(s)
				}
				sheet.Scores = append(sheet.Scores, []ScoreCell{c})
			}
			got := ComputeExamStats(sheet).All.Subjects[0]
			if got.Avg != tt.wantAvg {
				t.Errorf("Avg = %.17g; want exactly %.17g", got.Avg, tt.wantAvg)
			}
			if !examNear(got.Std, tt.wantStd) {
				t.Errorf("Std = %.15f; want %.15f", got.Std, tt.wantStd)
			}
			if got.Sum.String() != tt.wantSum || got.Max.String() != tt.wantMax || got.Min.String() != tt.wMin {
				t.Errorf("sum/max/min = %s/%s/%s; want %s/%s/%s", got.Sum, got.Max, got.Min, tt.wantSum, tt.wantMax, tt.wMin)
			}
		})
	}
}

// A sheet with fewer score rows than students, or shorter or longer rows
// than subjects, counts what is there and does not panic.
func TestComputeExamStatsRaggedSheet(t *testing.T) {
	sheet := &ExamSheet{
		Exam:     &Exam{Subjects: []ExamSubject{{Name: "语文", Full: 1000, Pass: 600, Excellent: 850, Low: 400}}},
		Students: []ExamStudent{{StudentID: 1, ClassID: 1}, {StudentID: 2, ClassID: 1}, {StudentID: 3, ClassID: 1}},
		Scores:   [][]ScoreCell{{examCell("90"), examCell("80")}, {}},
	}
	st := ComputeExamStats(sheet)
	if st.All.Students != 3 || st.All.Subjects[0].Count != 1 || st.All.Subjects[0].Sum != 900 {
		t.Errorf("All = %d students, 语文 count %d sum %s; want 3, 1, 90", st.All.Students, st.All.Subjects[0].Count, st.All.Subjects[0].Sum)
	}
	want := []StudentResult{{Total: 900, Taken: 1, ClassRank: 1, GradeRank: 1}, {}, {}}
	if !reflect.DeepEqual(st.Results, want) {
		t.Errorf("Results = %+v; want %+v", st.Results, want)
	}
}

func TestExamSubjectFails(t *testing.T) {
	sub := ExamSubject{Name: "语文", Full: 1000}.WithDefaultLines() // pass line 60
	for _, tt := range []struct {
		v    Score
		want bool
	}{{0, true}, {595, true}, {600, false}, {1000, false}} {
		if got := sub.Fails(tt.v); got != tt.want {
			t.Errorf("Fails(%s) = %v, want %v", tt.v, got, tt.want)
		}
	}
}
