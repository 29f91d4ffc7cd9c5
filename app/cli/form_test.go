package cli

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"jxj/app"
	"jxj/app/mock"
)

func TestFormList(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.Local) }
	svc := app.Services{Forms: &mock.FormService{FormsFn: func(context.Context) ([]*app.Form, error) {
		return []*app.Form{
			{ID: 5, Kind: app.FormCheckin, Title: "每日阅读打卡", StartDay: day(5), EndDay: day(18), Answered: 30, Total: 45},
			{ID: 4, Kind: app.FormChain, Title: "家长志愿者接龙", Answered: 6, Total: 90},
			{ID: 2, Kind: app.FormSurvey, Title: "寒假去向统计", Deadline: day(10), Answered: 88, Total: 135, Closed: true},
		}, nil
	}}}
	code, out, errOut := runWith(t, svc, "", "form", "list", "--data", "d")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range [][]string{
		{"编号", "类型", "截止", "已填/人数", "标题"},
		{"5", "打卡", "2026-01-05", "至", "2026-01-18", "30/45", "每日阅读打卡"},
		{"4", "接龙", "-", "6/90", "家长志愿者接龙"},
		{"2", "填表/调查", "已结束", "88/135", "寒假去向统计"},
	} {
		if !hasLine(out, want...) {
			t.Errorf("output lacks a line %q:\n%s", want, out)
		}
	}

	svc.Forms = &mock.FormService{FormsFn: func(context.Context) ([]*app.Form, error) { return nil, nil }}
	if code, out, _ := runWith(t, svc, "", "form", "list", "--data", "d"); code != ExitOK || !strings.Contains(out, "还没有") {
		t.Errorf("no forms: exit %d, stdout %q; want 0 and a message", code, out)
	}
}

// An export writes every answer with the totals; a check-in's export has
// every day, not just today's.
func TestFormExport(t *testing.T) {
	tests := []struct {
		kind app.FormKind
		days []string // the days FormSheet is asked for
	}{
		{app.FormSurvey, []string{""}},
		{app.FormChain, []string{""}},
		{app.FormCheckin, []string{"", app.AllDays}},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			var days []string
			var gotTotals *app.FormTotals
			form := &app.Form{ID: 3, Kind: tt.kind, Title: "寒假去向统计",
				Fields: []app.Field{{Key: "f1", Label: "去向", Type: app.FieldChoice, Options: []string{"本地", "外省"}}}}
			svc := app.Services{
				Forms: &mock.FormService{FormSheetFn: func(_ context.Context, id int64, day string) (*app.FormSheet, error) {
					days = append(days, day)
					return &app.FormSheet{Form: form, Day: day,
						Students: []app.FormStudent{{StudentID: 1, StudentName: "张三"}, {StudentID: 2, StudentName: "李四"}},
						Answers:  []app.Answer{{StudentID: 1, Values: map[string]string{"f1": "外省"}}}}, nil
				}},
				Sheets: &mock.SheetService{WriteFormAnswersFn: func(path string, sheet *app.FormSheet, totals *app.FormTotals) error {
					if path != "答案.xlsx" || sheet.Form != form {
						t.Errorf("wrote %q of %+v; want 答案.xlsx of the form", path, sheet.Form)
					}
					gotTotals = totals
					return nil
				}},
			}
			code, out, errOut := runWith(t, svc, "", "form", "export", "--data", "d", "3", "答案.xlsx")
			if code != ExitOK || out != "已把“寒假去向统计”的 1 份回答和汇总导出到 答案.xlsx。\n" {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
			}
			if !slices.Equal(days, tt.days) {
				t.Errorf("FormSheet days %q, want %q", days, tt.days)
			}
			if gotTotals == nil || gotTotals.Students != 2 || gotTotals.Answered != 1 || len(gotTotals.Missing) != 1 {
				t.Errorf("totals %+v; want 2 students, 1 answered, 1 missing", gotTotals)
			}
		})
	}
}

func TestFormExportOfAnUnknownForm(t *testing.T) {
	svc := app.Services{Forms: &mock.FormService{FormSheetFn: func(context.Context, int64, string) (*app.FormSheet, error) {
		return nil, app.Errorf(app.ENOTFOUND, "cli.form.error.id", 99)
	}}}
	code, out, errOut := runWith(t, svc, "", "form", "export", "--data", "d", "99", "x.xlsx")
	if code != ExitFailed || out != "" || !strings.Contains(errOut, "不是表单编号") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 1 with the reason", code, out, errOut)
	}
}
