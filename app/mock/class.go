package mock

import (
	"context"

	"jxj/app"
)

var (
	_ app.ClassService = (*ClassService)(nil)
	_ app.StaffService = (*StaffService)(nil)
)

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
