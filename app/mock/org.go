package mock

import (
	"context"

	"jxj/app"
)

var _ app.OrgService = (*OrgService)(nil)

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
