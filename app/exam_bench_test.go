package app

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// BenchmarkGradeStats works out the statistics of a grade's exam: 5,000
// students in 100 classes, 9 subjects, about 2% 缺考 and a few cells not
// entered. Bar: < 100 ms (ms/stats).
func BenchmarkGradeStats(b *testing.B) {
	const (
		classes  = 100
		perClass = 50
		n        = classes * perClass
	)
	subjects, err := ParseSubjects("语文:150,数学:150,英语:150,物理:100,化学:100,生物:100,政治:100,历史:100,地理:100")
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(2026, 11))
	exam := &Exam{Name: "期末考试", Subjects: subjects}
	for c := range classes {
		exam.ClassIDs = append(exam.ClassIDs, int64(c+1))
		exam.ClassLabels = append(exam.ClassLabels, "高一("+strconv.Itoa(c+1)+")班")
	}
	sheet := &ExamSheet{Exam: exam, Students: make([]ExamStudent, n), Scores: make([][]ScoreCell, n)}
	for i := range n {
		c := i / perClass
		sheet.Students[i] = ExamStudent{
			StudentID:   int64(i + 1),
			StudentName: "学生" + strconv.Itoa(i),
			StudentNo:   strconv.Itoa(i%perClass + 1),
			ClassID:     exam.ClassIDs[c],
			ClassLabel:  exam.ClassLabels[c],
		}
		row := make([]ScoreCell, len(subjects))
		for j, s := range subjects {
			switch p := r.IntN(1000); {
			case p < 20:
				row[j] = ScoreCell{Set: true, Absent: true}
			case p < 25: // not entered yet
			default:
				// roughly normal around 72% of the full marks, in tenths
				v := Score(float64(s.Full) * (0.72 + 0.15*r.NormFloat64()))
				row[j] = ScoreCell{Set: true, Value: min(max(v, 0), s.Full)}
			}
		}
		sheet.Scores[i] = row
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		if st := ComputeExamStats(sheet); len(st.Classes) != classes || st.All.Students != n {
			b.Fatalf("ComputeExamStats: %d classes, %d students; want %d, %d", len(st.Classes), st.All.Students, classes, n)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/stats")
}
