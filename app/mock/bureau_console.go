package mock

import (
	"context"

	"jxj/app"
)

var _ app.BureauConsole = (*BureauConsole)(nil)

// BureauConsole fakes app.BureauConsole, for the console's screen tests.
type BureauConsole struct {
	LoginFn         func(ctx context.Context, l app.BureauLogin) (*app.BureauSession, error)
	LogoutFn        func(ctx context.Context) error
	MeFn            func(ctx context.Context) (*app.BureauAccount, error)
	OrgsFn          func(ctx context.Context) ([]*app.HubOrg, error)
	AddOrgFn        func(ctx context.Context, d app.HubOrgDraft) (*app.HubOrg, string, error)
	NewEnrolCodeFn  func(ctx context.Context, orgID int64, revokeNow bool) (string, error)
	RevokeOrgFn     func(ctx context.Context, orgID int64) error
	NoticesFn       func(ctx context.Context) ([]*app.HubNotice, error)
	PublishNoticeFn func(ctx context.Context, d app.HubNoticeDraft) (*app.HubNotice, error)
	RevokeNoticeFn  func(ctx context.Context, id int64) (*app.HubNotice, error)
	NoticeStatusFn  func(ctx context.Context, ref string) (*app.HubNoticeStatus, error)

	DistrictCockpitFn    func(ctx context.Context, q app.DistrictQuery) (*app.DistrictCockpit, error) // bureau_cockpit.go
	BureauConsoleSurveys                                                                              // surveys and reminders: bureau_console_surveys.go
	BureauOrgConsole                                                                                  // bureau_console_orgs.go

	BureauConsoleRequests // request.go
	BureauConsoleCourses  // course.go
}

func (c *BureauConsole) Login(ctx context.Context, l app.BureauLogin) (*app.BureauSession, error) {
	return c.LoginFn(ctx, l)
}
func (c *BureauConsole) Logout(ctx context.Context) error { return c.LogoutFn(ctx) }
func (c *BureauConsole) Me(ctx context.Context) (*app.BureauAccount, error) {
	return c.MeFn(ctx)
}
func (c *BureauConsole) Orgs(ctx context.Context) ([]*app.HubOrg, error) { return c.OrgsFn(ctx) }
func (c *BureauConsole) AddOrg(ctx context.Context, d app.HubOrgDraft) (*app.HubOrg, string, error) {
	return c.AddOrgFn(ctx, d)
}
func (c *BureauConsole) NewEnrolCode(ctx context.Context, orgID int64, revokeNow bool) (string, error) {
	return c.NewEnrolCodeFn(ctx, orgID, revokeNow)
}
func (c *BureauConsole) RevokeOrg(ctx context.Context, orgID int64) error {
	return c.RevokeOrgFn(ctx, orgID)
}
func (c *BureauConsole) Notices(ctx context.Context) ([]*app.HubNotice, error) {
	return c.NoticesFn(ctx)
}
func (c *BureauConsole) PublishNotice(ctx context.Context, d app.HubNoticeDraft) (*app.HubNotice, error) {
	return c.PublishNoticeFn(ctx, d)
}
func (c *BureauConsole) RevokeNotice(ctx context.Context, id int64) (*app.HubNotice, error) {
	return c.RevokeNoticeFn(ctx, id)
}
func (c *BureauConsole) NoticeStatus(ctx context.Context, ref string) (*app.HubNoticeStatus, error) {
	return c.NoticeStatusFn(ctx, ref)
}

var _ app.BureauCache = (*BureauCache)(nil)

// BureauCache fakes app.BureauCache: the console over its offline copy.
type BureauCache struct {
	BureauConsole
	KeptFn   func(hubURL string) bool
	BrowseFn func(hubURL string) bool
}

func (c *BureauCache) Kept(hubURL string) bool   { return c.KeptFn(hubURL) }
func (c *BureauCache) Browse(hubURL string) bool { return c.BrowseFn(hubURL) }
