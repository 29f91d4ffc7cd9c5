package mock

import "jxj/app"

var (
	_ app.SheetService = (*SheetService)(nil)
	_ app.PrintService = (*PrintService)(nil)
)

// SheetService fakes app.SheetService.
type SheetService struct {
	ReadRosterFn          func(path string) (*app.RosterFile, error)
	ReadClassesFn         func(path string) ([]app.ClassRow, error)
	ReadStaffFn           func(path string) ([]app.StaffRow, error)
	WriteRosterTemplateFn func(path string) error
	WriteDirectoryFn      func(path string, entries []app.DirectoryEntry) error
	WriteSlipCodesFn      func(path string, n *app.Notice, receipts []app.Receipt) error
	WriteCallListFn       func(path string, n *app.Notice, receipts []app.Receipt) error
	ReadReceiptSheetFn    func(path string) ([]app.ReceiptSheetRow, error)
	WriteHomeworkFn       func(path string, h *app.Homework, entries []app.HomeworkEntry) error
	WriteAnswerTemplateFn func(path string, sheet *app.FormSheet) error
	ReadAnswersFn         func(path string, f *app.Form) ([]app.AnswerRow, error)
	WriteFormAnswersFn    func(path string, sheet *app.FormSheet, totals *app.FormTotals) error
	WriteMonthSheetFn     func(path string, m *app.MonthSheet) error
	WriteScoreTemplateFn  func(path string, sheet *app.ExamSheet) error
	ReadScoresFn          func(path string, exam *app.Exam) ([]app.ScoreRow, error)
	WriteExamResultsFn    func(path string, sheet *app.ExamSheet, stats *app.ExamStats) error
	WriteAuditRecordsFn   func(path string, entries []*app.AuditEntry) error
}

func (s *SheetService) ReadRoster(path string) (*app.RosterFile, error) { return s.ReadRosterFn(path) }
func (s *SheetService) ReadClasses(path string) ([]app.ClassRow, error) {
	return s.ReadClassesFn(path)
}
func (s *SheetService) ReadStaff(path string) ([]app.StaffRow, error) { return s.ReadStaffFn(path) }
func (s *SheetService) WriteRosterTemplate(path string) error         { return s.WriteRosterTemplateFn(path) }
func (s *SheetService) WriteDirectory(path string, entries []app.DirectoryEntry) error {
	return s.WriteDirectoryFn(path, entries)
}
func (s *SheetService) WriteSlipCodes(path string, n *app.Notice, receipts []app.Receipt) error {
	return s.WriteSlipCodesFn(path, n, receipts)
}
func (s *SheetService) WriteCallList(path string, n *app.Notice, receipts []app.Receipt) error {
	return s.WriteCallListFn(path, n, receipts)
}
func (s *SheetService) ReadReceiptSheet(path string) ([]app.ReceiptSheetRow, error) {
	return s.ReadReceiptSheetFn(path)
}
func (s *SheetService) WriteHomework(path string, h *app.Homework, entries []app.HomeworkEntry) error {
	return s.WriteHomeworkFn(path, h, entries)
}
func (s *SheetService) WriteAnswerTemplate(path string, sheet *app.FormSheet) error {
	return s.WriteAnswerTemplateFn(path, sheet)
}
func (s *SheetService) ReadAnswers(path string, f *app.Form) ([]app.AnswerRow, error) {
	return s.ReadAnswersFn(path, f)
}
func (s *SheetService) WriteFormAnswers(path string, sheet *app.FormSheet, totals *app.FormTotals) error {
	return s.WriteFormAnswersFn(path, sheet, totals)
}
func (s *SheetService) WriteMonthSheet(path string, m *app.MonthSheet) error {
	return s.WriteMonthSheetFn(path, m)
}
func (s *SheetService) WriteScoreTemplate(path string, sheet *app.ExamSheet) error {
	return s.WriteScoreTemplateFn(path, sheet)
}
func (s *SheetService) ReadScores(path string, exam *app.Exam) ([]app.ScoreRow, error) {
	return s.ReadScoresFn(path, exam)
}
func (s *SheetService) WriteExamResults(path string, sheet *app.ExamSheet, stats *app.ExamStats) error {
	return s.WriteExamResultsFn(path, sheet, stats)
}
func (s *SheetService) WriteAuditRecords(path string, entries []*app.AuditEntry) error {
	return s.WriteAuditRecordsFn(path, entries)
}

// PrintService fakes app.PrintService.
type PrintService struct {
	PrintNoticeFn      func(path string, p app.NoticePrint) error
	PrintResultSlipsFn func(path string, r app.ResultSlips) error
	PrintCockpitFn     func(path string, p app.CockpitPrint) error
}

func (s *PrintService) PrintNotice(path string, p app.NoticePrint) error {
	return s.PrintNoticeFn(path, p)
}
func (s *PrintService) PrintResultSlips(path string, r app.ResultSlips) error {
	return s.PrintResultSlipsFn(path, r)
}
func (s *PrintService) PrintCockpit(path string, p app.CockpitPrint) error {
	return s.PrintCockpitFn(path, p)
}
