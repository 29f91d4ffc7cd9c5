package app

import (
	"strconv"
	"testing"
	"time"
)

// BenchmarkSurveyTotals sums up 5,000 answers of a 10-field survey of
// every field type: the live totals the answer screen recomputes.
// Bar: < 50 ms (ms/totals).
func BenchmarkSurveyTotals(b *testing.B) {
	const n = 5000
	f := &Form{Kind: FormSurvey, Fields: []Field{
		{Key: "f1", Label: "去向", Type: FieldChoice, Options: []string{"留在本地", "省内出行", "出省"}},
		{Key: "f2", Label: "目的地", Type: FieldText},
		{Key: "f3", Label: "返回日期", Type: FieldDate},
		{Key: "f4", Label: "人数", Type: FieldNumber},
		{Key: "f5", Label: "兴趣", Type: FieldMulti, Options: []string{"阅读", "体育", "音乐", "美术", "编程"}},
		{Key: "f6", Label: "参加", Type: FieldYesNo},
		{Key: "f7", Label: "尺码", Type: FieldChoice, Options: []string{"110", "120", "130", "140", "150", "160"}},
		{Key: "f8", Label: "费用", Type: FieldNumber},
		{Key: "f9", Label: "备注", Type: FieldTextArea},
		{Key: "f10", Label: "接送", Type: FieldYesNo},
	}}
	sheet := &FormSheet{Form: f, Students: make([]FormStudent, n), Answers: make([]Answer, 0, n)}
	multi := []string{"阅读", "阅读、体育", "体育、音乐、编程", "美术"}
	for i := range n {
		id := int64(i + 1)
		sheet.Students[i] = FormStudent{StudentID: id, StudentName: "学生" + strconv.Itoa(i)}
		sheet.Answers = append(sheet.Answers, Answer{ID: id, StudentID: id, Seq: id, Values: map[string]string{
			"f1":  f.Fields[0].Options[i%3],
			"f2":  "北京市朝阳区",
			"f3":  FormatDate(time.Date(2026, 2, 1+i%28, 0, 0, 0, 0, time.Local)),
			"f4":  strconv.Itoa(i % 5),
			"f5":  multi[i%4],
			"f6":  YesNoOptions[i%2],
			"f7":  f.Fields[6].Options[i%6],
			"f8":  strconv.FormatFloat(float64(i%300)+0.5, 'f', -1, 64),
			"f9":  "按时返校",
			"f10": YesNoOptions[i%3%2],
		}})
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		if t := ComputeTotals(sheet); t.Answered != n {
			b.Fatalf("Answered = %d; want %d", t.Answered, n)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/totals")
}
