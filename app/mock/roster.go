package mock

import (
	"context"

	"jxj/app"
)

var _ app.RosterService = (*RosterService)(nil)

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
