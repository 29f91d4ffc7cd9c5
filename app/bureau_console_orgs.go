package app

import "context"

// BureauOrgConsole is the console's work on the district's schools
// beyond adding, re-coding and revoking one (BureauConsole): editing a
// school, importing the bureau's list (a dry run first, for the preview)
// and fresh codes for enrolment letters. It is HubOrgService as the
// console reaches it, each call checked by BureauCan(BureauManageOrgs).
type BureauOrgConsole interface {
	EditOrg(ctx context.Context, id int64, u HubOrgUpdate) (*HubOrg, error)
	ImportOrgs(ctx context.Context, rows []HubOrgRow, dryRun bool) (*ImportPlan, error)
	// LetterCodes issues fresh codes: the schools' earlier codes stop.
	LetterCodes(ctx context.Context, ids []int64, reissue bool) ([]EnrolLetter, error)
}

// MaxHubOrgRows is the most rows of the bureau's list the hub takes in
// one import: far beyond a county's schools, short of a mistaken file.
const MaxHubOrgRows = 5000
