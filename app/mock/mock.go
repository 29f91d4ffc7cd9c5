// Package mock has fakes of the app services for screen and command tests:
// each method calls the function field of the same name, so a test says
// exactly what the service returns.
package mock

import (
	"context"
	"time"

	"jxj/app"
)

var (
	_ app.OrgService       = (*OrgService)(nil)
	_ app.AccountService   = (*AccountService)(nil)
	_ app.ClassService     = (*ClassService)(nil)
	_ app.StaffService     = (*StaffService)(nil)
	_ app.DirectoryService = (*DirectoryService)(nil)
	_ app.RosterService    = (*RosterService)(nil)
	_ app.AuditService     = (*AuditService)(nil)
	_ app.SheetService     = (*SheetService)(nil)
)

// OrgService fakes app.OrgService.
type OrgService struct {
	SchoolFn       func(ctx context.Context) (*app.Org, error)
	SetupFn        func(ctx context.Context, s app.SchoolSetup) (*app.Org, *app.Account, error)
	EnsureSchoolFn func(ctx context.Context, name string) (*app.Org, error)
}

func (s *OrgService) School(ctx context.Context) (*app.Org, error) { return s.SchoolFn(ctx) }
func (s *OrgService) Setup(ctx context.Context, su app.SchoolSetup) (*app.Org, *app.Account, error) {
	return s.SetupFn(ctx, su)
}
func (s *OrgService) EnsureSchool(ctx context.Context, name string) (*app.Org, error) {
	return s.EnsureSchoolFn(ctx, name)
}

// AccountService fakes app.AccountService.
type AccountService struct {
	AuthenticateFn    func(ctx context.Context, username, password string) (*app.Account, error)
	AccountsFn        func(ctx context.Context) ([]*app.Account, error)
	CreateAccountFn   func(ctx context.Context, c app.AccountCreate) (*app.Account, error)
	UpdateAccountFn   func(ctx context.Context, id int64, u app.AccountUpdate) (*app.Account, error)
	SetPasswordFn     func(ctx context.Context, id int64, password string) error
	ChangePasswordFn  func(ctx context.Context, current, password string) error
	UnlockAccountFn   func(ctx context.Context, id int64) error
	RecoverPasswordFn func(ctx context.Context, r app.Recovery) error
	IdleLockFn        func(ctx context.Context) (time.Duration, error)
	SetIdleLockFn     func(ctx context.Context, d time.Duration) error
}

func (s *AccountService) Authenticate(ctx context.Context, username, password string) (*app.Account, error) {
	return s.AuthenticateFn(ctx, username, password)
}
func (s *AccountService) Accounts(ctx context.Context) ([]*app.Account, error) {
	return s.AccountsFn(ctx)
}
func (s *AccountService) CreateAccount(ctx context.Context, c app.AccountCreate) (*app.Account, error) {
	return s.CreateAccountFn(ctx, c)
}
func (s *AccountService) UpdateAccount(ctx context.Context, id int64, u app.AccountUpdate) (*app.Account, error) {
	return s.UpdateAccountFn(ctx, id, u)
}
func (s *AccountService) SetPassword(ctx context.Context, id int64, password string) error {
	return s.SetPasswordFn(ctx, id, password)
}
func (s *AccountService) ChangePassword(ctx context.Context, current, password string) error {
	return s.ChangePasswordFn(ctx, current, password)
}
func (s *AccountService) UnlockAccount(ctx context.Context, id int64) error {
	return s.UnlockAccountFn(ctx, id)
}
func (s *AccountService) RecoverPassword(ctx context.Context, r app.Recovery) error {
	return s.RecoverPasswordFn(ctx, r)
}
func (s *AccountService) IdleLock(ctx context.Context) (time.Duration, error) {
	return s.IdleLockFn(ctx)
}
func (s *AccountService) SetIdleLock(ctx context.Context, d time.Duration) error {
	return s.SetIdleLockFn(ctx, d)
}

// ClassService fakes app.ClassService.
type ClassService struct {
	ClassesFn        func(ctx context.Context) ([]*app.Class, error)
	PreviewClassesFn func(ctx context.Context, rows []app.ClassRow) (*app.ImportPlan, error)
	ImportClassesFn  func(ctx context.Context, rows []app.ClassRow) (*app.ImportPlan, error)
}

func (s *ClassService) Classes(ctx context.Context) ([]*app.Class, error) { return s.ClassesFn(ctx) }
func (s *ClassService) PreviewClasses(ctx context.Context, rows []app.ClassRow) (*app.ImportPlan, error) {
	return s.PreviewClassesFn(ctx, rows)
}
func (s *ClassService) ImportClasses(ctx context.Context, rows []app.ClassRow) (*app.ImportPlan, error) {
	return s.ImportClassesFn(ctx, rows)
}

// StaffService fakes app.StaffService.
type StaffService struct {
	StaffFn        func(ctx context.Context) ([]*app.Staff, error)
	PreviewStaffFn func(ctx context.Context, rows []app.StaffRow) (*app.ImportPlan, error)
	ImportStaffFn  func(ctx context.Context, rows []app.StaffRow) (*app.ImportPlan, error)
}

func (s *StaffService) Staff(ctx context.Context) ([]*app.Staff, error) { return s.StaffFn(ctx) }
func (s *StaffService) PreviewStaff(ctx context.Context, rows []app.StaffRow) (*app.ImportPlan, error) {
	return s.PreviewStaffFn(ctx, rows)
}
func (s *StaffService) ImportStaff(ctx context.Context, rows []app.StaffRow) (*app.ImportPlan, error) {
	return s.ImportStaffFn(ctx, rows)
}

// DirectoryService fakes app.DirectoryService.
type DirectoryService struct {
	DirectoryFn func(ctx context.Context) (*app.Directory, error)
}

func (s *DirectoryService) Directory(ctx context.Context) (*app.Directory, error) {
	return s.DirectoryFn(ctx)
}

// RosterService fakes app.RosterService.
type RosterService struct {
	PreviewRosterFn func(ctx context.Context, rows []app.RosterRow) (*app.ImportPlan, error)
	ImportRosterFn  func(ctx context.Context, rows []app.RosterRow, progress func(done, total int)) (*app.ImportPlan, error)
}

func (s *RosterService) PreviewRoster(ctx context.Context, rows []app.RosterRow) (*app.ImportPlan, error) {
	return s.PreviewRosterFn(ctx, rows)
}
func (s *RosterService) ImportRoster(ctx context.Context, rows []app.RosterRow, progress func(done, total int)) (*app.ImportPlan, error) {
	return s.ImportRosterFn(ctx, rows, progress)
}

// YearService fakes app.YearService.
type YearService struct {
	SchoolYearsFn   func(ctx context.Context) ([]app.SchoolYear, error)
	ClassesOfYearFn func(ctx context.Context, year int) ([]*app.Class, error)
	PlanRolloverFn  func(ctx context.Context, opts app.RolloverOptions) (*app.Rollover, error)
	RolloverFn      func(ctx context.Context, opts app.RolloverOptions) (*app.Rollover, error)
}

func (s *YearService) SchoolYears(ctx context.Context) ([]app.SchoolYear, error) {
	return s.SchoolYearsFn(ctx)
}
func (s *YearService) ClassesOfYear(ctx context.Context, year int) ([]*app.Class, error) {
	return s.ClassesOfYearFn(ctx, year)
}
func (s *YearService) PlanRollover(ctx context.Context, opts app.RolloverOptions) (*app.Rollover, error) {
	return s.PlanRolloverFn(ctx, opts)
}
func (s *YearService) Rollover(ctx context.Context, opts app.RolloverOptions) (*app.Rollover, error) {
	return s.RolloverFn(ctx, opts)
}

// StudentService fakes app.StudentService.
type StudentService struct {
	SetStatusFn      func(ctx context.Context, c app.StatusChange) error
	FormerStudentsFn func(ctx context.Context) ([]app.DirectoryEntry, error)
}

func (s *StudentService) SetStatus(ctx context.Context, c app.StatusChange) error {
	return s.SetStatusFn(ctx, c)
}
func (s *StudentService) FormerStudents(ctx context.Context) ([]app.DirectoryEntry, error) {
	return s.FormerStudentsFn(ctx)
}

// AuditService fakes app.AuditService.
type AuditService struct {
	AuditLogFn     func(ctx context.Context, f app.AuditFilter) ([]*app.AuditEntry, bool, error)
	AuditActorsFn  func(ctx context.Context) ([]app.AuditActor, error)
	VerifyAuditFn  func(ctx context.Context) (*app.AuditCheck, error)
	RecordExportFn func(ctx context.Context, e app.Export) error
}

func (s *AuditService) AuditLog(ctx context.Context, f app.AuditFilter) ([]*app.AuditEntry, bool, error) {
	return s.AuditLogFn(ctx, f)
}
func (s *AuditService) AuditActors(ctx context.Context) ([]app.AuditActor, error) {
	return s.AuditActorsFn(ctx)
}
func (s *AuditService) VerifyAudit(ctx context.Context) (*app.AuditCheck, error) {
	return s.VerifyAuditFn(ctx)
}
func (s *AuditService) RecordExport(ctx context.Context, e app.Export) error {
	return s.RecordExportFn(ctx, e)
}

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

// BackupService fakes app.BackupService.
type BackupService struct {
	BackupsFn       func(ctx context.Context) ([]app.Backup, error)
	BackupNowFn     func(ctx context.Context, path string) (*app.Backup, error)
	CheckBackupFn   func(ctx context.Context, path string) (*app.Backup, error)
	DailyBackupFn   func(ctx context.Context) (*app.Backup, error)
	BackupDaysFn    func(ctx context.Context) (int, error)
	SetBackupDaysFn func(ctx context.Context, days int) error
}

func (s *BackupService) Backups(ctx context.Context) ([]app.Backup, error) { return s.BackupsFn(ctx) }
func (s *BackupService) BackupNow(ctx context.Context, path string) (*app.Backup, error) {
	return s.BackupNowFn(ctx, path)
}
func (s *BackupService) CheckBackup(ctx context.Context, path string) (*app.Backup, error) {
	return s.CheckBackupFn(ctx, path)
}
func (s *BackupService) DailyBackup(ctx context.Context) (*app.Backup, error) {
	return s.DailyBackupFn(ctx)
}
func (s *BackupService) BackupDays(ctx context.Context) (int, error) { return s.BackupDaysFn(ctx) }
func (s *BackupService) SetBackupDays(ctx context.Context, days int) error {
	return s.SetBackupDaysFn(ctx, days)
}

// CockpitService fakes app.CockpitService.
type CockpitService struct {
	CockpitFn           func(ctx context.Context, r app.DateRange) (*app.Cockpit, error)
	ClassSizeLinesFn    func(ctx context.Context) (app.ClassSizeLines, error)
	SetClassSizeLinesFn func(ctx context.Context, l app.ClassSizeLines) error
}

func (s *CockpitService) Cockpit(ctx context.Context, r app.DateRange) (*app.Cockpit, error) {
	return s.CockpitFn(ctx, r)
}
func (s *CockpitService) ClassSizeLines(ctx context.Context) (app.ClassSizeLines, error) {
	return s.ClassSizeLinesFn(ctx)
}
func (s *CockpitService) SetClassSizeLines(ctx context.Context, l app.ClassSizeLines) error {
	return s.SetClassSizeLinesFn(ctx, l)
}
