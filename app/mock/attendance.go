package mock

import (
	"context"
	"time"

	"jxj/app"
)

var _ app.AttendanceService = (*AttendanceService)(nil)

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
