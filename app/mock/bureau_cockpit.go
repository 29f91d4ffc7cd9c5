package mock

import (
	"context"

	"jxj/app"
)

func (c *BureauConsole) DistrictCockpit(ctx context.Context, q app.DistrictQuery) (*app.DistrictCockpit, error) {
	return c.DistrictCockpitFn(ctx, q)
}
