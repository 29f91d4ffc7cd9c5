package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"jxj/app"
)

// BenchmarkSurveyStatus is the console's view of a survey sent to 500
// schools, 450 of which answered (each once corrected): every school's
// answer, the totals and the schools not answering.
func BenchmarkSurveyStatus(b *testing.B) {
	ctx := context.Background()
	h, err := OpenHub(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	const schools, answering = 500, 450
	epochs := make([]string, schools)
	orgs := make([]int64, schools)
	for i := range schools {
		org, code, err := h.AddOrg(ctx, app.HubOrgDraft{Name: fmt.Sprintf("第%d小学", i+1), Kind: app.OrgPrimary})
		if err != nil {
			b.Fatal(err)
		}
		if _, _, epochs[i], err = h.Enrol(ctx, code); err != nil {
			b.Fatal(err)
		}
		orgs[i] = org.ID
	}
	s, err := h.PublishSurvey(ctx, app.SurveyDraft{Title: "寒假去向统计", Questions: surveyQuestions})
	if err != nil {
		b.Fatal(err)
	}
	at := time.Now().Unix()
	for i := range answering {
		if _, err := h.Feed(ctx, orgs[i], epochs[i], 1, 64<<10); err != nil {
			b.Fatal(err)
		}
		v1, v2 := fmt.Sprintf("v1-%d", i), fmt.Sprintf("v2-%d", i)
		rs, err := h.Push(ctx, orgs[i], 1, []byte{1}, []app.OutOp{
			answerOp(s.UUID, v1, "", at, float64(i), "是"), answerOp(s.UUID, v2, v1, at, float64(i+1), "否")})
		if err != nil || !rs[0].OK || !rs[1].OK {
			b.Fatalf("push: %+v, %v", rs, err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		st, err := h.SurveyStatus(ctx, s.UUID)
		if err != nil || len(st.NotAnswered) != schools-answering || st.Totals[1].Counts[1] != answering {
			b.Fatalf("status: %v", err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/status")
}
