package xlsx

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jxj/app"
	"jxj/app/i18n"
)

func TestWriteSurveyStatus(t *testing.T) {
	i18n.SetLanguage(i18n.Chinese)
	at := time.Date(2026, 12, 5, 9, 30, 0, 0, time.Local)
	n := func(f float64) *float64 { return &f }
	qs := []app.SurveyQuestion{
		{Label: "寄宿生人数", Kind: app.QuestionNumber},
		{Label: "开展的活动", Kind: app.QuestionMulti, Options: []string{"家访", "班会"}},
	}
	schools := []app.HubSurveySchool{
		{Org: app.HubOrg{Name: "城关一小", Township: "城关镇"}, AnsweredAt: at, Versions: 2,
			Values: []app.SurveyValue{{Number: n(41.5)}, {Choices: []string{"家访", "班会"}}}},
		{Org: app.HubOrg{Name: "河口中学", Township: "河口乡"}, AnsweredAt: at, Versions: 1, Values: []app.SurveyValue{{Number: n(8)}, {}}},
		{Org: app.HubOrg{Name: "旧村小", Township: "河口乡"}},
	}
	st := &app.HubSurveyStatus{Survey: &app.HubSurvey{Title: "寄宿生统计", Questions: qs}, Schools: schools,
		Totals: app.SurveyTotals(qs, schools), NotAnswered: []app.HubOrg{schools[2].Org}}
	path := filepath.Join(t.TempDir(), "survey.xlsx")
	if err := New().WriteSurveyStatus(path, st); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"寄宿生统计", "汇总", "未填写的学校"}) {
		t.Fatalf("sheets %q", got)
	}
	want := map[string][][]string{
		"寄宿生统计": {
			{"乡镇", "学校", "填写时间", "版本", "寄宿生人数", "开展的活动"},
			{"城关镇", "城关一小", "2026-12-05 09:30", "2", "41.5", "家访、班会"},
			{"河口乡", "河口中学", "2026-12-05 09:30", "1", "8"},
		},
		"汇总": {
			{"题目", "项目", "数值"},
			{"寄宿生人数", "作答学校", "2"},
			{"寄宿生人数", "合计", "49.5"},
			{"开展的活动", "作答学校", "1"},
			{"开展的活动", "家访", "1"},
			{"开展的活动", "班会", "1"},
		},
		"未填写的学校": {{"乡镇", "学校"}, {"河口乡", "旧村小"}},
	}
	for sheet, rows := range want {
		got, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(rows) {
			t.Fatalf("%s: %q, want %q", sheet, got, rows)
		}
		for i := range rows {
			if !slices.Equal(got[i], rows[i]) {
				t.Errorf("%s row %d: %q, want %q", sheet, i, got[i], rows[i])
			}
		}
	}
}
