package mock

import (
	"context"

	"jxj/app"
)

var _ app.DistrictService = (*DistrictService)(nil)

// DistrictService fakes app.DistrictService, for the bureau console's
// cockpit screens.
type DistrictService struct {
	DistrictCockpitFn func(ctx context.Context, q app.DistrictQuery) (*app.DistrictCockpit, error)
}

// DistrictCockpit calls DistrictCockpitFn.
func (s *DistrictService) DistrictCockpit(ctx context.Context, q app.DistrictQuery) (*app.DistrictCockpit, error) {
	return s.DistrictCockpitFn(ctx, q)
}
