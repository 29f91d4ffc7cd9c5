package app

import (
	"context"
	"time"
)

// BureauRole is what a bureau account may do on the hub.
type BureauRole string

// The roles of the bureau's accounts on the hub.
const (
	BureauAdmin BureauRole = "bureau_admin" // everything, including schools and accounts
	BureauStaff BureauRole = "bureau_staff" // reads, sends and follows notices
)

// BureauRoles lists the roles in the order the console offers them.
var BureauRoles = []BureauRole{BureauAdmin, BureauStaff}

// Valid reports whether r is one of BureauRoles.
func (r BureauRole) Valid() bool { return r == BureauAdmin || r == BureauStaff }

// BureauAccount is a bureau officer's login on the district hub.
type BureauAccount struct {
	ID        int64
	Username  string
	Role      BureauRole
	Disabled  bool
	CreatedAt time.Time
	// LockedUntil ends a lock-out after MaxFailedLogins wrong passwords
	// in a row, as for the school's accounts; zero when not locked.
	LockedUntil time.Time
}

// Locked reports whether a is locked out at now.
func (a *BureauAccount) Locked(now time.Time) bool { return a != nil && now.Before(a.LockedUntil) }

// Actor is how the hub's audit log names a: "bureau:" and the username,
// which neither the command line ("admin") nor a school (its UUID) can
// look like.
func (a *BureauAccount) Actor() string { return "bureau:" + a.Username }

// BureauAccountCreate is what a new bureau account needs.
type BureauAccountCreate struct {
	Username string
	Password string
	Role     BureauRole
}

// How long a console session lasts: it ends after BureauSessionIdle
// without a request (each request moves the end on), and in any case
// BureauSessionMax after the login, so a stolen token does not live for
// ever.
const (
	BureauSessionIdle = 12 * time.Hour
	BureauSessionMax  = 24 * time.Hour
)

// BureauSession is a console login on the hub. The hub keeps only the
// token's hash: Token is known only to whoever logged in.
type BureauSession struct {
	Token     string
	Account   *BureauAccount
	ExpiresAt time.Time // if no request comes before; never after the hard cap
}

// BureauAccountService is the hub's side of the bureau accounts and
// their sessions. Every change and every login is written with its audit
// row, whose actor is the bureau account acting (BureauFromContext), or
// "admin" for the hub's command line.
type BureauAccountService interface {
	CreateBureauAccount(ctx context.Context, c BureauAccountCreate) (*BureauAccount, error)
	// BureauAccounts lists the accounts, oldest first.
	BureauAccounts(ctx context.Context) ([]*BureauAccount, error)
	// SetBureauPassword replaces a password; it ends a lock-out and every
	// session of the account.
	SetBureauPassword(ctx context.Context, username, password string) error
	// SetBureauDisabled disables (or enables again) an account; disabling
	// ends its sessions.
	SetBureauDisabled(ctx context.Context, username string, disabled bool) error

	// BureauLogin checks a username and password and opens a session.
	// Unknown users and wrong passwords get the same EUNAUTHORIZED.
	BureauLogin(ctx context.Context, username, password string) (*BureauSession, error)
	// BureauSession returns the account of a session token and moves the
	// session's idle end on; EUNAUTHORIZED when the token is unknown,
	// ended or expired.
	BureauSession(ctx context.Context, token string) (*BureauAccount, error)
	// BureauLogout ends a session.
	BureauLogout(ctx context.Context, token string) error
}

// BureauAction is what the console asks to do; BureauCan says who may.
type BureauAction string

// The console's actions.
const (
	BureauRead           BureauAction = "read"     // schools, notices, their progress
	BureauSendNotices    BureauAction = "notices"  // publish and revoke bureau notices
	BureauManageOrgs     BureauAction = "orgs"     // add schools, codes, revoke
	BureauManageAccounts BureauAction = "accounts" // bureau accounts
)

// BureauCan is the bureau's one rule of who may do what: both roles read
// and send notices; only the bureau administrator manages schools and
// accounts. It returns nil, or the *Error to show.
func BureauCan(a *BureauAccount, act BureauAction) error {
	switch {
	case a == nil:
		return Errorf(EUNAUTHORIZED, "hub_accounts.error.login_required")
	case a.Disabled:
		return Errorf(EUNAUTHORIZED, "hub_accounts.error.disabled")
	case act == BureauRead || act == BureauSendNotices:
		return nil
	case a.Role == BureauAdmin && (act == BureauManageOrgs || act == BureauManageAccounts):
		return nil
	}
	return Errorf(EFORBIDDEN, "hub_accounts.error.admin_only")
}

type bureauKey struct{}

// NewContextWithBureau returns a context that carries the bureau account
// acting on the hub.
func NewContextWithBureau(ctx context.Context, a *BureauAccount) context.Context {
	return context.WithValue(ctx, bureauKey{}, a)
}

// BureauFromContext returns the bureau account acting, or nil (the hub's
// command line, or a school).
func BureauFromContext(ctx context.Context) *BureauAccount {
	a, _ := ctx.Value(bureauKey{}).(*BureauAccount)
	return a
}
