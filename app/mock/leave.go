package mock

import (
	"context"

	"jxj/app"
)

var _ app.LeaveService = (*LeaveService)(nil)

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
