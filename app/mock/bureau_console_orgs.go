package mock

import (
	"context"

	"jxj/app"
)

var _ app.BureauOrgConsole = (*BureauOrgConsole)(nil)

// BureauOrgConsole fakes app.BureauOrgConsole, the console's editing,
// importing and letters; BureauConsole embeds it.
type BureauOrgConsole struct {
	EditOrgFn     func(ctx context.Context, id int64, u app.HubOrgUpdate) (*app.HubOrg, error)
	ImportOrgsFn  func(ctx context.Context, rows []app.HubOrgRow, dryRun bool) (*app.ImportPlan, error)
	LetterCodesFn func(ctx context.Context, ids []int64, reissue bool) ([]app.EnrolLetter, error)
}

func (c *BureauOrgConsole) EditOrg(ctx context.Context, id int64, u app.HubOrgUpdate) (*app.HubOrg, error) {
	return c.EditOrgFn(ctx, id, u)
}
func (c *BureauOrgConsole) ImportOrgs(ctx context.Context, rows []app.HubOrgRow, dryRun bool) (*app.ImportPlan, error) {
	return c.ImportOrgsFn(ctx, rows, dryRun)
}
func (c *BureauOrgConsole) LetterCodes(ctx context.Context, ids []int64, reissue bool) ([]app.EnrolLetter, error) {
	return c.LetterCodesFn(ctx, ids, reissue)
}

var _ app.HubOrgSheets = (*HubOrgSheets)(nil)

// HubOrgSheets fakes the bureau's list of schools in Excel.
type HubOrgSheets struct {
	ReadHubOrgsFn         func(path string) ([]app.HubOrgRow, error)
	WriteHubOrgTemplateFn func(path string) error
}

func (s *HubOrgSheets) ReadHubOrgs(path string) ([]app.HubOrgRow, error) {
	return s.ReadHubOrgsFn(path)
}
func (s *HubOrgSheets) WriteHubOrgTemplate(path string) error { return s.WriteHubOrgTemplateFn(path) }

var _ app.EnrolLetterPrinter = (*EnrolLetterPrinter)(nil)

// EnrolLetterPrinter fakes the printing of enrolment letters.
type EnrolLetterPrinter struct {
	PrintEnrolLettersFn func(path string, l app.EnrolLetters) error
}

func (p *EnrolLetterPrinter) PrintEnrolLetters(path string, l app.EnrolLetters) error {
	return p.PrintEnrolLettersFn(path, l)
}
