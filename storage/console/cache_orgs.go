package console

import (
	"context"

	"jxj/app"
)

// The console's work on the schools (app.BureauOrgConsole) changes the
// hub, or asks it for a preview: nothing of it can be answered from the
// copy, so it is refused while the copy is browsed.

func (c *Cache) EditOrg(ctx context.Context, id int64, u app.HubOrgUpdate) (*app.HubOrg, error) {
	if err := c.offline(); err != nil {
		return nil, err
	}
	return c.BureauConsole.EditOrg(ctx, id, u)
}

func (c *Cache) ImportOrgs(ctx context.Context, rows []app.HubOrgRow, dryRun bool) (*app.ImportPlan, error) {
	if err := c.offline(); err != nil {
		return nil, err
	}
	return c.BureauConsole.ImportOrgs(ctx, rows, dryRun)
}

func (c *Cache) LetterCodes(ctx context.Context, ids []int64, reissue bool) ([]app.EnrolLetter, error) {
	if err := c.offline(); err != nil {
		return nil, err
	}
	return c.BureauConsole.LetterCodes(ctx, ids, reissue)
}
