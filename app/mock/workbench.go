package mock

import (
	"context"

	"jxj/app"
)

var _ app.WorkbenchService = (*WorkbenchService)(nil)

// WorkbenchService fakes app.WorkbenchService.
type WorkbenchService struct {
	WorkbenchFn func(ctx context.Context) (*app.Workbench, error)
}

func (s *WorkbenchService) Workbench(ctx context.Context) (*app.Workbench, error) {
	return s.WorkbenchFn(ctx)
}
