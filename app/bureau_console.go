package app

import "context"

// BureauLogin is what the console needs to log in to the hub.
type BureauLogin struct {
	HubURL string
	// Trust: on the first connection to a self-signed hub the
	// fingerprint is empty, Login fails with a *HubCertError cause
	// (CertUnknownAuthority) carrying the hub's fingerprint; the console
	// shows it, and once the officer accepts it logs in again with it
	// pinned here and keeps it for next time, as SSH does.
	Trust    HubTrust
	Username string
	Password string
}

// BureauConsole is the bureau console's connection to the district hub:
// what the console's screens call, over HTTPS (sync.ConsoleClient), or a
// fake in tests (mock.BureauConsole). Errors are *Error in the user's
// language: the hub cannot be reached, a wrong password, a locked
// account, or a session that expired (log in again).
type BureauConsole interface {
	Login(ctx context.Context, l BureauLogin) (*BureauSession, error)
	// Logout ends the session on the hub.
	Logout(ctx context.Context) error
	// Me returns the account logged in, as the hub knows it now.
	Me(ctx context.Context) (*BureauAccount, error)

	Orgs(ctx context.Context) ([]*HubOrg, error)
	// AddOrg creates a school and returns its one-time enrolment code.
	AddOrg(ctx context.Context, d HubOrgDraft) (*HubOrg, string, error)
	NewEnrolCode(ctx context.Context, orgID int64, revokeNow bool) (string, error)
	RevokeOrg(ctx context.Context, orgID int64) error

	Notices(ctx context.Context) ([]*HubNotice, error)
	PublishNotice(ctx context.Context, d HubNoticeDraft) (*HubNotice, error)
	RevokeNotice(ctx context.Context, id int64) (*HubNotice, error)
	// NoticeStatus takes the notice's id or UUID.
	NoticeStatus(ctx context.Context, ref string) (*HubNoticeStatus, error)

	DistrictConsole      // the district cockpit (district_view.go)
	BureauConsoleSurveys // surveys and 催办 reminders (bureau_console_surveys.go)
	BureauOrgConsole     // editing, importing, letters (bureau_console_orgs.go)

	BureauConsoleRequests // schools' requests to decide (request.go)
	BureauConsoleCourses  // open courses (course.go)
}
