package mock

import (
	"context"

	"jxj/app"
)

var _ app.HubOrgService = (*HubOrgService)(nil)

// HubOrgService fakes app.HubOrgService, for the bureau's screens.
type HubOrgService struct {
	EditOrgFn          func(ctx context.Context, id int64, u app.HubOrgUpdate) (*app.HubOrg, error)
	ImportOrgsFn       func(ctx context.Context, rows []app.HubOrgRow, dryRun bool) (*app.ImportPlan, error)
	LetterCodesFn      func(ctx context.Context, ids []int64, reissue bool) ([]app.EnrolLetter, error)
	RecordNodeStatusFn func(ctx context.Context, orgID int64, s app.NodeStatus) error
}

func (s *HubOrgService) EditOrg(ctx context.Context, id int64, u app.HubOrgUpdate) (*app.HubOrg, error) {
	return s.EditOrgFn(ctx, id, u)
}
func (s *HubOrgService) ImportOrgs(ctx context.Context, rows []app.HubOrgRow, dryRun bool) (*app.ImportPlan, error) {
	return s.ImportOrgsFn(ctx, rows, dryRun)
}
func (s *HubOrgService) LetterCodes(ctx context.Context, ids []int64, reissue bool) ([]app.EnrolLetter, error) {
	return s.LetterCodesFn(ctx, ids, reissue)
}
func (s *HubOrgService) RecordNodeStatus(ctx context.Context, orgID int64, st app.NodeStatus) error {
	return s.RecordNodeStatusFn(ctx, orgID, st)
}
