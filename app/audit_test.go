package app_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"jxj/app"
	"jxj/app/mock"
)

// Every file of personal data the sheets and the printer write gets its
// audit row, as the account acting at the time; the empty roster template
// does not; an export whose row cannot be written leaves no file.
func TestWithExportAudit(t *testing.T) {
	dir := t.TempDir()
	touch := func(path string) error { return os.WriteFile(path, []byte("x"), 0o600) }
	sheets := &mock.SheetService{
		WriteRosterTemplateFn: touch,
		WriteDirectoryFn:      func(p string, _ []app.DirectoryEntry) error { return touch(p) },
		WriteSlipCodesFn:      func(p string, _ *app.Notice, _ []app.Receipt) error { return touch(p) },
		WriteCallListFn:       func(p string, _ *app.Notice, _ []app.Receipt) error { return touch(p) },
		WriteHomeworkFn:       func(p string, _ *app.Homework, _ []app.HomeworkEntry) error { return touch(p) },
		WriteAnswerTemplateFn: func(p string, _ *app.FormSheet) error { return touch(p) },
		WriteFormAnswersFn:    func(p string, _ *app.FormSheet, _ *app.FormTotals) error { return touch(p) },
		WriteMonthSheetFn:     func(p string, _ *app.MonthSheet) error { return touch(p) },
		WriteScoreTemplateFn:  func(p string, _ *app.ExamSheet) error { return touch(p) },
		WriteExamResultsFn:    func(p string, _ *app.ExamSheet, _ *app.ExamStats) error { return touch(p) },
	}
	printer := &mock.PrintService{
		PrintNoticeFn:      func(p string, _ app.NoticePrint) error { return touch(p) },
		PrintResultSlipsFn: func(p string, _ app.ResultSlips) error { return touch(p) },
	}
	var got []app.Export
	var actors []string
	var auditErr error
	audit := &mock.AuditService{RecordExportFn: func(ctx context.Context, e app.Export) error {
		if auditErr != nil {
			return auditErr
		}
		got = append(got, e)
		actors = append(actors, app.AccountFromContext(ctx).Username)
		return nil
	}}
	acting := &app.Account{Username: "liu", Role: app.RoleTeacher}
	svc := app.Services{Sheets: sheets, Printer: printer, Audit: audit}.
		WithExportAudit(func() context.Context { return app.NewContextWithAccount(context.Background(), acting) })

	two := []app.Receipt{{}, {}}
	students := []app.ExamStudent{{}, {}, {}}
	exam := &app.ExamSheet{Students: students}
	form := &app.FormSheet{Students: []app.FormStudent{{}}, Answers: []app.Answer{{}, {}}}
	tests := []struct {
		what  string
		rows  int
		write func(path string) error
	}{
		{"directory", 4, func(p string) error { return svc.Sheets.WriteDirectory(p, make([]app.DirectoryEntry, 4)) }},
		{"slip_codes", 2, func(p string) error { return svc.Sheets.WriteSlipCodes(p, &app.Notice{}, two) }},
		{"call_list", 2, func(p string) error { return svc.Sheets.WriteCallList(p, &app.Notice{}, two) }},
		{"homework", 1, func(p string) error {
			return svc.Sheets.WriteHomework(p, &app.Homework{}, make([]app.HomeworkEntry, 1))
		}},
		{"answer_sheet", 1, func(p string) error { return svc.Sheets.WriteAnswerTemplate(p, form) }},
		{"answers", 2, func(p string) error { return svc.Sheets.WriteFormAnswers(p, form, nil) }},
		{"month_sheet", 5, func(p string) error {
			return svc.Sheets.WriteMonthSheet(p, &app.MonthSheet{Students: make([]app.MonthRow, 5)})
		}},
		{"score_sheet", 3, func(p string) error { return svc.Sheets.WriteScoreTemplate(p, exam) }},
		{"results", 3, func(p string) error { return svc.Sheets.WriteExamResults(p, exam, nil) }},
		{"notice_slips", 2, func(p string) error { return svc.Printer.PrintNotice(p, app.NoticePrint{Receipts: two}) }},
		{"result_slips", 3, func(p string) error { return svc.Printer.PrintResultSlips(p, app.ResultSlips{Sheet: exam}) }},
	}
	for _, tt := range tests {
		got = nil
		path := filepath.Join(dir, tt.what)
		if err := tt.write(path); err != nil {
			t.Fatalf("%s: %v", tt.what, err)
		}
		want := app.Export{What: tt.what, Rows: tt.rows, Path: path}
		if len(got) != 1 || got[0] != want {
			t.Errorf("%s recorded %+v; want %+v", tt.what, got, want)
		}
	}
	if len(actors) != len(tests) || actors[0] != "liu" {
		t.Errorf("actors = %v; want liu for each export", actors)
	}

	got = nil
	if err := svc.Sheets.WriteRosterTemplate(filepath.Join(dir, "template.xlsx")); err != nil || len(got) != 0 {
		t.Errorf("the roster template: %v, recorded %+v; want written and not recorded", err, got)
	}

	auditErr = app.Errorf(app.EINTERNAL, "error.storage")
	lost := filepath.Join(dir, "lost.xlsx")
	if err := svc.Sheets.WriteDirectory(lost, nil); !errors.Is(err, auditErr) {
		t.Errorf("export without its audit row: err = %v; want the audit error", err)
	}
	if _, err := os.Stat(lost); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the file of an export without its audit row is still there (%v)", err)
	}

	auditErr = nil
	failed := app.Errorf(app.EINVALID, "error.internal")
	sheets.WriteDirectoryFn = func(string, []app.DirectoryEntry) error { return failed }
	got = nil
	if err := svc.Sheets.WriteDirectory(filepath.Join(dir, "failed"), nil); !errors.Is(err, failed) || len(got) != 0 {
		t.Errorf("a failed export: %v, recorded %+v; want the error and no row", err, got)
	}
}
