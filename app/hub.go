package app

import (
	"context"
	"time"
)

// HubOrg is a school (or training institution) as the district hub
// knows it.
type HubOrg struct {
	ID          int64
	UUID        string
	Name        string
	Kind        OrgKind
	Township    string
	CreatedAt   time.Time
	EnrolledAt  time.Time // zero until the school enrols
	LastContact time.Time // the school's latest request with its credential: its last sync (not its enrolment)
	Revoked     bool      // its credential was revoked
	AppVersion  string    // what its node last reported (NodeStatus)
	Conflicts   int       // rejected operations waiting at the school, as last reported
}

// HubOrgDraft is what `jxj hub org add` creates.
type HubOrgDraft struct {
	Name     string
	Kind     OrgKind
	Township string
}

// HubAdminToken is a bureau admin token as the hub lists it. The token
// itself is shown once, when it is made; the hub keeps only its hash.
type HubAdminToken struct {
	ID        int64
	CreatedAt time.Time
	ExpiresAt time.Time
	RevokedAt time.Time // zero while it is not revoked
}

// How long an admin token works: DefaultAdminTokenDays unless the bureau
// asks for another number of days, at most MaxAdminTokenDays.
const (
	DefaultAdminTokenDays = 30
	MaxAdminTokenDays     = 365
)

// HubNoticeDraft is a bureau notice as `jxj hub notice publish` sends it.
// Orgs empty means every school.
type HubNoticeDraft struct {
	Title       string
	Body        string
	RequiresAck bool
	Deadline    time.Time
	Orgs        []int64
	Files       []string    // paths of files to attach (hub_file.go)
	Uploads     []HubUpload // files the console uploaded to attach (hub_file.go)
}

// HubNotice is a bureau notice on the hub.
type HubNotice struct {
	ID          int64
	UUID        string
	Title       string
	Body        string
	RequiresAck bool
	Deadline    time.Time
	PublishedAt time.Time
	RevokedAt   time.Time
	Schools     int // schools it was sent to
}

// HubNoticeSchool is one school's progress with a bureau notice.
type HubNoticeSchool struct {
	Org        HubOrg
	Delivered  bool // the school applied the feed record
	Confirmed  time.Time
	Forwarded  time.Time
	Families   int // families the school targeted
	Read       int // families that read it, acknowledged or not
	Acked      int
	LastUpdate time.Time
}

// HubNoticeStatus is a bureau notice with its progress per school.
type HubNoticeStatus struct {
	Notice  *HubNotice
	Schools []HubNoticeSchool
	Files   []HubFile // the files it carries; the console's status fills it
}

// HubStore is the hub's database: schools and their credentials, bureau
// notices, the per-school feeds and what the schools sent up. Every
// change is written with its audit row, durably, before it returns.
type HubStore interface {
	BureauAccountService // bureau accounts and console sessions (bureau_account.go)
	HubOrgService        // editing, importing, letters, node status (hub_org.go)
	DistrictService      // the district cockpit's figures (district.go)
	HubFileService       // bureau notices' files (hub_file.go)
	HubReleaseService    // jxj releases for the schools (release.go)
	HubRequests          // schools' requests to the bureau (request.go)

	// AddOrg creates a school and returns its one-time enrolment code.
	AddOrg(ctx context.Context, d HubOrgDraft) (*HubOrg, string, error)
	Orgs(ctx context.Context) ([]*HubOrg, error)
	// NewEnrolCode issues a fresh code for a school, to re-enrol it. The
	// school's credential works until the code is used, or stops at once
	// with revokeNow (the credential is lost or stolen).
	NewEnrolCode(ctx context.Context, orgID int64, revokeNow bool) (string, error)
	// RevokeOrg revokes a school's credential: its requests get 401.
	RevokeOrg(ctx context.Context, orgID int64) error
	// AdminToken creates a bureau admin token that works for days days
	// (only its hash is kept).
	AdminToken(ctx context.Context, days int) (*HubAdminToken, string, error)
	// AdminTokens lists the admin tokens, oldest first.
	AdminTokens(ctx context.Context) ([]*HubAdminToken, error)
	// RevokeAdminToken stops an admin token at once.
	RevokeAdminToken(ctx context.Context, id int64) error

	// Enrol exchanges an enrolment code for the school's credential; the
	// code works once.
	Enrol(ctx context.Context, code string) (org *HubOrg, credential, epoch string, err error)
	// Authenticate returns the school a credential belongs to, or
	// EUNAUTHORIZED.
	Authenticate(ctx context.Context, credential string) (*HubOrg, error)
	// AuthenticateAdmin checks a bureau admin token: none, an expired or
	// a revoked one is EUNAUTHORIZED; what is no admin token (a school's
	// credential) EFORBIDDEN.
	AuthenticateAdmin(ctx context.Context, token string) error

	// Feed returns the school's records after seq, at most maxBytes of
	// bodies (at least one record), and marks what the school has
	// applied (every seq up to after) as delivered. A wrong epoch is
	// ECONFLICT with the current one.
	Feed(ctx context.Context, orgID int64, epoch string, after int64, maxBytes int) (*FeedPage, error)
	// Push applies a batch from a school: the same batch number and body
	// again returns the stored results; the same number with another
	// body is ECONFLICT.
	Push(ctx context.Context, orgID, batch int64, hash []byte, ops []OutOp) ([]OpResult, error)
	// Receipts returns a page of the school's receipts (at most max) that
	// the hub took in batches after since, from the cursor after ("" at
	// the start): what a restored node catches up on.
	Receipts(ctx context.Context, orgID, since int64, after string, max int) (*ReceiptsPage, error)

	PublishNotice(ctx context.Context, d HubNoticeDraft) (*HubNotice, error)
	RevokeNotice(ctx context.Context, id int64) (*HubNotice, error)
	Notices(ctx context.Context) ([]*HubNotice, error)
	// NoticeStatus takes the notice's id or UUID.
	NoticeStatus(ctx context.Context, ref string) (*HubNoticeStatus, error)

	BureauSurveys // surveys and 催办 reminders (bureau_survey.go)
	HubCourses    // open courses (course.go)
}

// HubListen is how `jxj serve` listens.
type HubListen struct {
	Addr     string // host:port
	TLSCert  string
	TLSKey   string
	Insecure bool // allow plain HTTP beyond loopback
}
