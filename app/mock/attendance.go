package mock

import (
	"context"
	"time"

	"jxj/app"
)

var (
	_ app.AttendanceService = (*AttendanceService)(nil)
	_ app.LeaveService      = (*LeaveService)(nil)
	_ app.ExamService       = (*ExamService)(nil)
)

// AttendanceService fakes app.AttendanceService.
type AttendanceService struct {
	SettingsFn      func(ctx context.Context) (*app.AttendanceSettings, error)
	SaveSettingsFn  func(ctx context.Context, s app.AttendanceSettings) error
	RollCallFn      func(ctx context.Context, classID int64, day time.Time, s app.Session) (*app.RollCall, error)
	SaveRollCallFn  func(ctx context.Context, classID int64, day time.Time, s app.Session, marks []app.RollCallMark) (*app.RollCall, error)
	RatesFn         func(ctx context.Context, from, to time.Time, level app.RateLevel) ([]app.RateRow, error)
	NotTakenFn      func(ctx context.Context, day time.Time) ([]*app.Class, error)
	AbsenceAlertsFn func(ctx context.Context, day time.Time, days int) ([]app.AbsenceAlert, error)
	MonthSheetFn    func(ctx context.Context, classID int64, month time.Time) (*app.MonthSheet, error)
}

func (s *AttendanceService) Settings(ctx context.Context) (*app.AttendanceSettings, error) {
	return s.SettingsFn(ctx)
}
func (s *AttendanceService) SaveSettings(ctx context.Context, st app.AttendanceSettings) error {
	return s.SaveSettingsFn(ctx, st)
}
func (s *AttendanceService) RollCall(ctx context.Context, classID int64, day time.Time, ss app.Session) (*app.RollCall, error) {
	return s.RollCallFn(ctx, classID, day, ss)
}
func (s *AttendanceService) SaveRollCall(ctx context.Context, classID int64, day time.Time, ss app.Session, marks []app.RollCallMark) (*app.RollCall, error) {
	return s.SaveRollCallFn(ctx, classID, day, ss, marks)
}
func (s *AttendanceService) Rates(ctx context.Context, from, to time.Time, level app.RateLevel) ([]app.RateRow, error) {
	return s.RatesFn(ctx, from, to, level)
}
func (s *AttendanceService) NotTaken(ctx context.Context, day time.Time) ([]*app.Class, error) {
	return s.NotTakenFn(ctx, day)
}
func (s *AttendanceService) AbsenceAlerts(ctx context.Context, day time.Time, days int) ([]app.AbsenceAlert, error) {
	return s.AbsenceAlertsFn(ctx, day, days)
}
func (s *AttendanceService) MonthSheet(ctx context.Context, classID int64, month time.Time) (*app.MonthSheet, error) {
	return s.MonthSheetFn(ctx, classID, month)
}

// LeaveService fakes app.LeaveService.
type LeaveService struct {
	RequestLeaveFn func(ctx context.Context, d app.LeaveDraft) (*app.Leave, error)
	LeavesFn       func(ctx context.Context, f app.LeaveFilter) ([]*app.Leave, error)
	DecideLeaveFn  func(ctx context.Context, id int64, approve bool, note string) (*app.Leave, error)
	CancelLeaveFn  func(ctx context.Context, id int64) (*app.Leave, error)
}

func (s *LeaveService) RequestLeave(ctx context.Context, d app.LeaveDraft) (*app.Leave, error) {
	return s.RequestLeaveFn(ctx, d)
}
func (s *LeaveService) Leaves(ctx context.Context, f app.LeaveFilter) ([]*app.Leave, error) {
	return s.LeavesFn(ctx, f)
}
func (s *LeaveService) DecideLeave(ctx context.Context, id int64, approve bool, note string) (*app.Leave, error) {
	return s.DecideLeaveFn(ctx, id, approve, note)
}
func (s *LeaveService) CancelLeave(ctx context.Context, id int64) (*app.Leave, error) {
	return s.CancelLeaveFn(ctx, id)
}

// ExamService fakes app.ExamService.
type ExamService struct {
	CreateExamFn   func(ctx context.Context, d app.ExamDraft) (*app.Exam, error)
	ExamsFn        func(ctx context.Context) ([]*app.Exam, error)
	ExamSheetFn    func(ctx context.Context, id int64) (*app.ExamSheet, error)
	SaveScoresFn   func(ctx context.Context, id int64, entries []app.ScoreEntry) error
	ImportScoresFn func(ctx context.Context, id int64, rows []app.ScoreRow, dryRun bool) (*app.ScoreImport, error)
}

func (s *ExamService) CreateExam(ctx context.Context, d app.ExamDraft) (*app.Exam, error) {
	return s.CreateExamFn(ctx, d)
}
func (s *ExamService) Exams(ctx context.Context) ([]*app.Exam, error) { return s.ExamsFn(ctx) }
func (s *ExamService) ExamSheet(ctx context.Context, id int64) (*app.ExamSheet, error) {
	return s.ExamSheetFn(ctx, id)
}
func (s *ExamService) SaveScores(ctx context.Context, id int64, entries []app.ScoreEntry) error {
	return s.SaveScoresFn(ctx, id, entries)
}
func (s *ExamService) ImportScores(ctx context.Context, id int64, rows []app.ScoreRow, dryRun bool) (*app.ScoreImport, error) {
	return s.ImportScoresFn(ctx, id, rows, dryRun)
}
