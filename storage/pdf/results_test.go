package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	lpdf "github.com/ledongthuc/pdf"

	"jxj/app"
	"jxj/app/i18n"
)

var testSubjects = []app.ExamSubject{
	{Name: "语文", Full: 1000}, {Name: "数学", Full: 1000}, {Name: "英语", Full: 1200},
	{Name: "科学", Full: 1000}, {Name: "道德与法治", Full: 1000},
}

// score is a cell as a teacher types it: a score, 缺考, or "" for none.
func score(s string) app.ScoreCell {
	switch s {
	case "":
		return app.ScoreCell{}
	case "缺考":
		return app.ScoreCell{Set: true, Absent: true}
	}
	v, err := app.ParseScore(s)
	if err != nil {
		panic(err)
	}
	return app.ScoreCell{Set: true, Value: v}
}

// testResults is an exam of three classes (4, 6 and 2 students) in five
// subjects. The first class is typed out: 王小明's 95.5, 李子涵 absent
// from 数学, 张欣怡 without an 英语 score, and a 语文 average that rounds
// half up (88.25 → 88.3); the other classes follow a pattern, and the
// last is too small for averages.
func testResults() app.ResultSlips {
	sheet := &app.ExamSheet{Exam: &app.Exam{
		Name:     "2026年秋季学期期末考试",
		Date:     time.Date(2026, 1, 12, 0, 0, 0, 0, time.Local),
		Subjects: testSubjects,
	}}
	add := func(classID int64, class, name, no string, cells ...string) {
		sheet.Students = append(sheet.Students, app.ExamStudent{
			StudentID: int64(len(sheet.Students) + 1), StudentName: name, StudentNo: no, ClassID: classID, ClassLabel: class,
		})
		var row []app.ScoreCell
		for _, c := range cells {
			row = append(row, score(c))
		}
		sheet.Scores = append(sheet.Scores, row)
	}
	add(11, "三年级(1)班", "王小明", "20230101", "95.5", "88", "92", "90", "85")
	add(11, "三年级(1)班", "李子涵", "20230102", "78", "缺考", "85", "88", "90")
	add(11, "三年级(1)班", "张欣怡", "20230103", "88", "92.5", "", "76", "81")
	add(11, "三年级(1)班", "刘浩然", "20230104", "91.5", "71", "59.5", "83", "77")
	names := []string{"陈梓轩", "杨雨桐", "黄思远", "赵一诺", "吴俊熙", "周可欣", "徐明哲", "孙悦"}
	for i, name := range names {
		class, id := "三年级(2)班", int64(12)
		if i >= 6 {
			class, id = "三年级(3)班", 13
		}
		var cells []string
		for j := range testSubjects {
			cells = append(cells, fmt.Sprintf("%d.%d", 60+(i*7+j*13)%40, (i+j)%10))
		}
		add(id, class, name, fmt.Sprintf("2023%04d", 201+i), cells...)
	}
	return app.ResultSlips{School: testSchool, Sheet: sheet, Stats: app.ComputeExamStats(sheet)}
}

// wantAverages works out each class's average per subject, as a teacher
// would: scores entered and not absent, rounded half up to one decimal;
// none for fewer than three scores.
func wantAverages(sheet *app.ExamSheet) map[int64][]string {
	type acc struct{ sum, n int64 }
	sums := map[int64][]acc{}
	for i, stu := range sheet.Students {
		if sums[stu.ClassID] == nil {
			sums[stu.ClassID] = make([]acc, len(sheet.Exam.Subjects))
		}
		for j, c := range sheet.Scores[i] {
			if c.Set && !c.Absent {
				sums[stu.ClassID][j].sum += int64(c.Value)
				sums[stu.ClassID][j].n++
			}
		}
	}
	out := map[int64][]string{}
	for id, subjects := range sums {
		for _, a := range subjects {
			if a.n < 3 {
				out[id] = append(out[id], "—")
				continue
			}
			tenths := math.Floor(float64(a.sum)/float64(a.n) + 0.5)
			out[id] = append(out[id], fmt.Sprintf("%.1f", tenths/10))
		}
	}
	return out
}

// wantSlip is every text the slip of student i shows, in Chinese, and
// nothing more: anything else on it (a rank, a classmate's score) fails.
func wantSlip(r app.ResultSlips, i int, averages map[int64][]string) []string {
	stu := r.Sheet.Students[i]
	want := []string{
		"《" + r.Sheet.Exam.Name + "》成绩单", testSchool + "　考试日期：2026-01-12",
		"班级：" + stu.ClassLabel + "　　学生：" + stu.StudentName + "　　学号：" + stu.StudentNo,
		"科目", "满分", "成绩", "班级平均",
		"家长签名：______________　　日期：______________",
		"说明：班级平均分不计缺考学生，参考不足 3 人的科目不列平均分；“—”表示暂无；总分为本单所列成绩之和。",
	}
	var total, full app.Score
	for j, s := range r.Sheet.Exam.Subjects {
		want = append(want, s.Name, s.Full.String(), averages[stu.ClassID][j])
		full += s.Full
		switch c := r.Sheet.Scores[i][j]; {
		case !c.Set:
			want = append(want, "—")
		case c.Absent:
			want = append(want, "缺考")
		default:
			want = append(want, c.Value.String())
			total += c.Value
		}
	}
	want = append(want, "总分", full.String(), total.String())
	slices.Sort(want)
	return want
}

// textRun is a piece of text as drawn: one gopdf cell.
type textRun struct {
	font string
	size float64 // points
	x    float64 // mm from the page's left edge
	top  float64 // mm from the page's top to the top of the font's em box
	s    string
}

// readRuns returns the text runs of each page of a PDF, with their
// positions. The extraction library gives each character the position of
// the run it is in (it cannot read the widths of a CID font), so a run is
// a stretch of characters with the same position and font.
func readRuns(t *testing.T, path string) [][]textRun {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	const mmPerPt = 25.4 / 72
	var pages [][]textRun
	for p := 1; p <= r.NumPage(); p++ {
		var runs []textRun
		var b strings.Builder
		var cur lpdf.Text
		flush := func() {
			if b.Len() > 0 {
				// Y is the baseline; gopdf sets it a font size below the
				// top it was given, less the font's descent (~0.12 em)
				runs = append(runs, textRun{
					font: cur.Font, size: cur.FontSize, x: cur.X * mmPerPt,
					top: pageH - cur.Y*mmPerPt - cur.FontSize*mmPerPt*0.88, s: b.String(),
				})
			}
			b.Reset()
		}
		for _, tx := range r.Page(p).Content().Text {
			if tx.X != cur.X || tx.Y != cur.Y || tx.Font != cur.Font || tx.FontSize != cur.FontSize {
				flush()
				cur = tx
			}
			b.WriteString(strings.ReplaceAll(tx.S, "\ufffd", ""))
		}
		flush()
		pages = append(pages, runs)
	}
	return pages
}

// bySlip sorts the runs of a page into its slips, perPage to the page,
// leaving out the cut lines' labels; it fails when a run is not wholly
// inside its slip's share of the page.
func bySlip(t *testing.T, runs []textRun, perPage int) [][]textRun {
	t.Helper()
	h := slipHeight(perPage)
	slips := make([][]textRun, perPage)
	for _, r := range runs {
		if r.s == i18n.T("pdf.slip.cut") {
			continue
		}
		slot := int((r.top - slipMargin) / h)
		if slot < 0 || slot >= perPage {
			t.Errorf("%q at %.1f mm from the top is outside the slips", r.s, r.top)
			continue
		}
		if bottom := r.top + r.size*ptToMM; bottom > slipMargin+float64(slot+1)*h {
			t.Errorf("%q runs to %.1f mm, past the bottom of slip %d at %.1f mm", r.s, bottom, slot+1, slipMargin+float64(slot+1)*h)
		}
		slips[slot] = append(slips[slot], r)
	}
	for len(slips) > 0 && len(slips[len(slips)-1]) == 0 {
		slips = slips[:len(slips)-1]
	}
	return slips
}

// checkInside fails for any text that runs past the content width: it
// measures each run in the font and size it was drawn in.
func checkInside(t *testing.T, pages [][]textRun) {
	t.Helper()
	d, err := newDoc()
	if err != nil {
		t.Fatal(err)
	}
	for p, runs := range pages {
		for _, r := range runs {
			d.font(r.font, r.size)
			w := d.width(r.s)
			if d.err != nil {
				t.Fatalf("measuring %q in %s %.1f: %v", r.s, r.font, r.size, d.err)
			}
			if r.x < marginX-0.01 || r.x+w > pageW-marginX+0.01 {
				t.Errorf("page %d: %q spans %.1f–%.1f mm, outside the content width %.0f–%.0f mm", p+1, r.s, r.x, r.x+w, marginX, pageW-marginX)
			}
		}
	}
}

func texts(runs []textRun) []string {
	var out []string
	for _, r := range runs {
		out = append(out, r.s)
	}
	slices.Sort(out)
	return out
}

// resultPages is how many pages the slips of a sheet take: each class
// starts a page.
func resultPages(sheet *app.ExamSheet, perPage int) int {
	pages, n := 0, 0
	for i, stu := range sheet.Students {
		if i > 0 && stu.ClassID != sheet.Students[i-1].ClassID {
			pages += (n + perPage - 1) / perPage
			n = 0
		}
		n++
	}
	return pages + (n+perPage-1)/perPage
}

// tableFor is the layout of the table for subjects.
func tableFor(t *testing.T, subjects []app.ExamSubject) *resultTable {
	t.Helper()
	d, err := newDoc()
	if err != nil {
		t.Fatal(err)
	}
	tab := d.resultTable(subjects)
	if d.err != nil {
		t.Fatal(d.err)
	}
	return tab
}

func TestPrintResultSlips(t *testing.T) {
	i18n.SetLanguage(i18n.Chinese)
	r := testResults()
	path := filepath.Join(t.TempDir(), "成绩单.pdf")
	if err := New().PrintResultSlips(path, r); err != nil {
		t.Fatalf("PrintResultSlips: %v", err)
	}
	plain := readPages(t, path) // checks the file is a whole PDF
	pages := readRuns(t, path)

	perPage := tableFor(t, r.Sheet.Exam.Subjects).perPage
	if perPage != slipsPerPage {
		t.Errorf("%d slips a page for 5 subjects, want %d like the receipt slips", perPage, slipsPerPage)
	}
	// 4, 6 and 2 students: 1 + 2 + 1 pages, each class from a new page
	if got, want := len(pages), resultPages(r.Sheet, perPage); got != want || want != 4 {
		t.Fatalf("%d pages, want %d (of 4)", got, want)
	}

	averages := wantAverages(r.Sheet)
	if got, want := averages[11][0], "88.3"; got != want {
		t.Fatalf("the test's own 语文 average of 三年级(1)班 is %s, want %s", got, want)
	}
	if got, want := averages[13], slices.Repeat([]string{"—"}, 5); !slices.Equal(got, want) {
		t.Fatalf("the test's own averages of the class of two are %q, want %q", got, want)
	}
	var got [][]string // the texts of each slip, in print order
	for p, runs := range pages {
		slips := bySlip(t, runs, perPage)
		for _, s := range slips {
			got = append(got, texts(s))
		}
		cuts := 0
		for _, r := range runs {
			if r.s == "沿虚线剪下" {
				cuts++
			}
		}
		if cuts != len(slips)-1 {
			t.Errorf("page %d has %d slips and %d cut lines, want %d", p+1, len(slips), cuts, len(slips)-1)
		}
	}
	if len(got) != len(r.Sheet.Students) {
		t.Fatalf("%d slips, want one per student (%d)", len(got), len(r.Sheet.Students))
	}
	for i, stu := range r.Sheet.Students {
		if want := wantSlip(r, i, averages); !slices.Equal(got[i], want) {
			t.Errorf("slip %d (%s) shows\n%q\nwant exactly\n%q", i+1, stu.StudentName, got[i], want)
		}
	}

	doc := strings.Join(plain, "\n")
	for _, stu := range r.Sheet.Students {
		if n := strings.Count(doc, stu.StudentName); n != 1 {
			t.Errorf("%s appears %d times in the document, want once (on their own slip)", stu.StudentName, n)
		}
	}
	for _, banned := range []string{"名次", "排名", "排序", "第1名"} {
		if strings.Contains(doc, banned) {
			t.Errorf("the slips show %q; rankings are not published", banned)
		}
	}
	for _, want := range []string{"95.5", "缺考", "88.3"} {
		if !slices.Contains(got[0], want) && !slices.Contains(got[1], want) {
			t.Errorf("the first slips do not show %q", want)
		}
	}
	checkInside(t, pages)
}

// TestPrintResultSlipsFit checks that a long table and long names stay
// inside the slip and the page, and how many slips a page then holds.
func TestPrintResultSlipsFit(t *testing.T) {
	i18n.SetLanguage(i18n.Chinese)
	many := make([]app.ExamSubject, app.MaxExamSubjects)
	for j := range many {
		many[j] = app.ExamSubject{Name: []string{"语文", "数学", "英语", "道德与法治", "信息科技", "综合实践活动", "Physics"}[j%7] + fmt.Sprint(j+1), Full: 1500}
	}
	longName := strings.Repeat("阿卜杜热合曼·买买提艾力·", 4) + "克里木江"
	tests := []struct {
		name     string
		subjects []app.ExamSubject
		student  string
		school   string
		perPage  int
	}{
		{"20 subjects", many, "王小明", testSchool, 3},
		{"20 subjects and a long name", many, longName, testSchool, 3},
		{"a long name", testSubjects, longName, testSchool, 5},
		{"a long Latin name", testSubjects, "Alexandrina Wilhelmina Maximiliana Theodora von Hohenzollern-Sigmaringen", testSchool, 5},
		{"one subject", testSubjects[:1], "王小明", testSchool, 5},
		{"a long school name", testSubjects, "王小明", strings.Repeat("城关镇第一中心小学", 5), 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sheet := &app.ExamSheet{Exam: &app.Exam{Name: "期中考试", Date: time.Date(2026, 4, 20, 0, 0, 0, 0, time.Local), Subjects: tt.subjects}}
			for i := range 7 {
				name := fmt.Sprintf("学生%d", i+1)
				if i == 1 {
					name = tt.student
				}
				sheet.Students = append(sheet.Students, app.ExamStudent{StudentID: int64(i + 1), StudentName: name, StudentNo: fmt.Sprint(20230101 + i), ClassID: 1, ClassLabel: "初二(10)班"})
				row := make([]app.ScoreCell, len(tt.subjects))
				for j := range row {
					row[j] = app.ScoreCell{Set: true, Value: app.Score(1000 + 13*i + 7*j)}
				}
				sheet.Scores = append(sheet.Scores, row)
			}
			path := filepath.Join(t.TempDir(), "r.pdf")
			if err := New().PrintResultSlips(path, app.ResultSlips{School: tt.school, Sheet: sheet, Stats: app.ComputeExamStats(sheet)}); err != nil {
				t.Fatalf("PrintResultSlips: %v", err)
			}
			tab := tableFor(t, tt.subjects)
			perPage := tab.perPage
			if perPage != tt.perPage {
				t.Errorf("%d slips a page, want %d", perPage, tt.perPage)
			}
			pages := readRuns(t, path)
			if got, want := len(pages), resultPages(sheet, perPage); got != want {
				t.Fatalf("%d pages, want %d", got, want)
			}
			checkInside(t, pages)
			var all string
			for _, runs := range pages {
				for _, slip := range bySlip(t, runs, perPage) {
					all += "\n" + strings.Join(texts(slip), "\n") + "\n"
					if n := len(slip); n < 10 {
						t.Errorf("a slip shows only %d texts", n)
					}
				}
			}
			// the name is never cut (it may take a line of its own), nor
			// any heading (a long one takes two lines) or score
			for _, want := range []string{"学生：" + tt.student, "学号：20230102", "总分"} {
				if !strings.Contains(all, want) {
					t.Errorf("the slips do not show %q", want)
				}
			}
			for c, s := range tt.subjects {
				h := tab.heads[c]
				if got := strings.Join(h.lines, ""); got != s.Name || len(h.lines) > 2 {
					t.Errorf("the heading of %s is set as %q", s.Name, h.lines)
				}
				for _, l := range h.lines {
					if !strings.Contains(all, "\n"+l+"\n") {
						t.Errorf("the slips do not show the heading line %q of %s", l, s.Name)
					}
				}
				if want := app.Score(1000 + 13 + 7*c).String(); !strings.Contains(all, "\n"+want+"\n") {
					t.Errorf("the slips do not show the score %s", want)
				}
			}
		})
	}
}

func TestPrintResultSlipsEnglish(t *testing.T) {
	i18n.SetLanguage(i18n.English)
	t.Cleanup(func() { i18n.SetLanguage(i18n.Chinese) })
	r := testResults()
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := New().PrintResultSlips(path, r); err != nil {
		t.Fatalf("PrintResultSlips: %v", err)
	}
	text := strings.Join(readPages(t, path), "\n")
	for _, want := range []string{
		"Results: " + r.Sheet.Exam.Name, "Exam date: 2026-01-12", "Class: 三年级(1)班", "Student: 王小明", "Student no.: 20230101",
		"Subject", "Full marks", "Score", "Class average", "Total", "Absent", "Guardian's signature",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not show %q; it reads:\n%s", want, text)
		}
	}
	for _, banned := range []string{"Rank", "rank", "成绩单", "缺考", "…"} {
		if strings.Contains(text, banned) {
			t.Errorf("the English slips show %q", banned)
		}
	}
	checkInside(t, readRuns(t, path))
}

func TestPrintResultSlipsErrors(t *testing.T) {
	dir := t.TempDir()
	ok := testResults()
	other := testResults()
	other.Sheet.Students[0].ClassID = 99 // a class the statistics do not know
	fewer := testResults()
	fewer.Stats = app.ComputeExamStats(&app.ExamSheet{Exam: &app.Exam{Subjects: testSubjects[:3]}, Students: fewer.Sheet.Students, Scores: fewer.Sheet.Scores})
	tooMany := testResults()
	tooMany.Sheet.Exam.Subjects = make([]app.ExamSubject, app.MaxExamSubjects+1)
	tests := []struct {
		name string
		path string
		r    app.ResultSlips
		code string
		key  string
	}{
		{"missing folder", filepath.Join(dir, "missing", "r.pdf"), ok, app.EINTERNAL, "pdf.error.write"},
		{"path is a folder", dir, ok, app.EINTERNAL, "pdf.error.write"},
		{"no sheet", filepath.Join(dir, "r.pdf"), app.ResultSlips{School: testSchool, Stats: ok.Stats}, app.EINVALID, "pdf.error.no_results"},
		{"no exam", filepath.Join(dir, "r.pdf"), app.ResultSlips{Sheet: &app.ExamSheet{Students: ok.Sheet.Students}, Stats: ok.Stats}, app.EINVALID, "pdf.error.no_results"},
		{"no students", filepath.Join(dir, "r.pdf"), app.ResultSlips{Sheet: &app.ExamSheet{Exam: ok.Sheet.Exam}, Stats: ok.Stats}, app.EINVALID, "pdf.error.no_results"},
		{"no statistics", filepath.Join(dir, "r.pdf"), app.ResultSlips{Sheet: ok.Sheet}, app.EINVALID, "pdf.error.no_stats"},
		{"statistics without the student's class", filepath.Join(dir, "r.pdf"), other, app.EINVALID, "pdf.error.no_stats"},
		{"statistics of other subjects", filepath.Join(dir, "r.pdf"), fewer, app.EINVALID, "pdf.error.no_stats"},
		{"too many subjects", filepath.Join(dir, "r.pdf"), tooMany, app.EINVALID, "exam.error.subjects_many"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := New().PrintResultSlips(tt.path, tt.r)
			var e *app.Error
			if !errors.As(err, &e) || e.Code != tt.code || e.Key != tt.key {
				t.Fatalf("PrintResultSlips(%s) = %v, want a %s error %s", tt.path, err, tt.code, tt.key)
			}
			if !i18n.Has(i18n.Chinese, e.Key) || !i18n.Has(i18n.English, e.Key) {
				t.Errorf("the key %s is not translated", e.Key)
			}
		})
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("failed prints left %d files behind, e.g. %s", len(entries), entries[0].Name())
	}
}

func TestFormatAverage(t *testing.T) {
	tests := []struct {
		name  string
		sum   app.Score
		count int
		want  string
	}{
		{"no score", 0, 0, "—"},
		{"one score: the family's own", 955, 1, "—"},
		{"two scores: the classmate's could be worked out", 1765, 2, "—"},
		{"whole", 2700, 3, "90.0"},
		{"rounds half up", 3530, 4, "88.3"}, // 88.25
		{"rounds up", 2651, 3, "88.4"},      // 88.366…
		{"rounds down", 2650, 3, "88.3"},    // 88.333…
		{"zero", 0, 3, "0.0"},
		{"one tenth", 3, 3, "0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatAverage(app.SubjectStats{Sum: tt.sum, Count: tt.count}); got != tt.want {
				t.Errorf("formatAverage(sum %d, count %d) = %s, want %s", tt.sum, tt.count, got, tt.want)
			}
		})
	}
}

func TestResultValues(t *testing.T) {
	i18n.SetLanguage(i18n.Chinese)
	tab := &resultTable{subjects: testSubjects[:3]}
	avgs := []string{"80.0", "—", "70.5"}
	tests := []struct {
		name   string
		row    []app.ScoreCell
		scores []string
	}{
		{"scores", []app.ScoreCell{score("95.5"), score("88"), score("0")}, []string{"95.5", "88", "0", "183.5"}},
		{"absent and not entered", []app.ScoreCell{score("缺考"), score(""), score("60")}, []string{"缺考", "—", "60", "60"}},
		{"all absent", []app.ScoreCell{score("缺考"), score("缺考"), score("缺考")}, []string{"缺考", "缺考", "缺考", "—"}},
		{"a short row", []app.ScoreCell{score("70")}, []string{"70", "—", "—", "70"}},
		{"no row", nil, []string{"—", "—", "—", "—"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tab.values(tt.row, avgs)
			if !slices.Equal(v.scores, tt.scores) {
				t.Errorf("scores %q, want %q", v.scores, tt.scores)
			}
			if want := append(slices.Clone(avgs), ""); !slices.Equal(v.avgs, want) {
				t.Errorf("averages %q, want %q", v.avgs, want)
			}
		})
	}
	if !slices.Equal(avgs, []string{"80.0", "—", "70.5"}) {
		t.Errorf("values changed the class's averages: %q", avgs)
	}
}

// BenchmarkPrintResultSlips prints a school's results: 5,000 students in
// 100 classes, 9 subjects.
func BenchmarkPrintResultSlips(b *testing.B) {
	subjects := []app.ExamSubject{
		{Name: "语文", Full: 1200}, {Name: "数学", Full: 1200}, {Name: "英语", Full: 1200},
		{Name: "物理", Full: 1000}, {Name: "化学", Full: 1000}, {Name: "生物", Full: 1000},
		{Name: "道德与法治", Full: 1000}, {Name: "历史", Full: 1000}, {Name: "地理", Full: 1000},
	}
	sheet := &app.ExamSheet{Exam: &app.Exam{Name: "2026年秋季学期期末考试", Date: time.Date(2026, 1, 12, 0, 0, 0, 0, time.Local), Subjects: subjects}}
	surnames := []rune("王李张刘陈杨黄赵吴周")
	given := []string{"小明", "子涵", "欣怡", "浩然", "梓轩"}
	for i := range 5000 {
		c := int64(i / 50)
		sheet.Students = append(sheet.Students, app.ExamStudent{
			StudentID: int64(i + 1), StudentName: string(surnames[i%len(surnames)]) + given[i/len(surnames)%len(given)],
			StudentNo: fmt.Sprint(20230001 + i), ClassID: c + 1, ClassLabel: fmt.Sprintf("初%d(%d)班", 1+c/34, 1+c%34),
		})
		row := make([]app.ScoreCell, len(subjects))
		for j := range row {
			row[j] = app.ScoreCell{Set: true, Value: app.Score(400 + (i*37+j*101)%600), Absent: (i+j)%97 == 0}
		}
		sheet.Scores = append(sheet.Scores, row)
	}
	r := app.ResultSlips{School: testSchool, Sheet: sheet, Stats: app.ComputeExamStats(sheet)}
	path := filepath.Join(b.TempDir(), "r.pdf")
	for b.Loop() {
		if err := New().PrintResultSlips(path, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1e3/float64(b.N), "ms")
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(info.Size())/1e6, "MB")
}
