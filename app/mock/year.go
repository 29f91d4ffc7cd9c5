package mock

import (
	"context"

	"jxj/app"
)

var (
	_ app.YearService    = (*YearService)(nil)
	_ app.StudentService = (*StudentService)(nil)
)

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
