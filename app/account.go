package app

import (
	"context"
	_ "embed"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Role is what an account may do.
type Role string

// The roles of a school's local accounts.
const (
	RoleAdmin     Role = "admin"     // everything, including accounts
	RolePrincipal Role = "principal" // reads everything, approves
	RoleTeacher   Role = "teacher"   // their own classes
)

// Roles lists the roles in the order the UI offers them.
var Roles = []Role{RoleAdmin, RolePrincipal, RoleTeacher}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, v := range Roles {
		if r == v {
			return true
		}
	}
	return false
}

// Account is a local login of the school's app.
type Account struct {
	ID        int64
	Username  string
	Role      Role
	StaffID   int64  // linked staff member, 0 for none
	StaffName string // filled on read
	Disabled  bool
	CreatedAt time.Time
	// LockedUntil is when a lock-out after repeated failed logins ends;
	// zero when the account is not locked.
	LockedUntil time.Time

	// ClassIDs are the classes the linked staff member teaches or heads,
	// filled when the account logs in.
	ClassIDs []int64
	// WeakPassword is set by Authenticate when the password that logged in
	// no longer passes ValidatePassword (it was set before the rules were
	// tightened): it keeps working, and the user is asked to change it.
	WeakPassword bool
	// ReadOnly marks an account that may read but change nothing: storage
	// refuses every audited change made as it.
	ReadOnly bool
}

// SystemAccount is the school node itself, for work no person does (the
// sync with the hub) and for tests. The command line never acts as it for
// a change or an export: those need a named account (see app/cli).
var SystemAccount = &Account{Username: "system", Role: RoleAdmin}

// StatusAccount is who the command line's read-only commands act as
// (notice list, sync status, audit verify …): it reads the school like a
// principal and can change nothing.
var StatusAccount = &Account{Username: "status", Role: RolePrincipal, ReadOnly: true}

// SetupAccount acts for the command line in a data folder whose school
// has no administrator yet (a fresh folder, or one the command line
// imported into): whoever holds the folder sets the school up. Its name,
// written in the audit log, is the operating system's user and host, which
// a real username cannot look like (ValidateUsername refuses ':' and '@').
func SetupAccount(osUser, host string) *Account {
	return &Account{Username: "setup:" + osUser + "@" + host, Role: RoleAdmin}
}

// RecoveryAccount acts for IT staff at the school's PC when no account
// can log in: an offline password recovery, or restoring a backup over a
// database that cannot be opened. Like SetupAccount, its name is the
// operating system's user and host.
func RecoveryAccount(osUser, host string) *Account {
	return &Account{Username: "recovery:" + osUser + "@" + host, Role: RoleAdmin}
}

// Locked reports whether a is locked out at now.
func (a *Account) Locked(now time.Time) bool {
	return a != nil && now.Before(a.LockedUntil)
}

// IsAdmin reports whether a may change school data and manage accounts.
func (a *Account) IsAdmin() bool { return a != nil && a.Role == RoleAdmin }

// ReadsAll reports whether a sees every class unmasked.
func (a *Account) ReadsAll() bool {
	return a != nil && (a.Role == RoleAdmin || a.Role == RolePrincipal)
}

// TeachesClass reports whether classID is one of a's own classes.
func (a *Account) TeachesClass(classID int64) bool {
	if a == nil {
		return false
	}
	for _, id := range a.ClassIDs {
		if id == classID {
			return true
		}
	}
	return false
}

// CanSeePhone reports whether a may see the full phone numbers of the
// families of a class: admin and principal everywhere, a teacher only in
// their own classes.
func (a *Account) CanSeePhone(classID int64) bool {
	return a.ReadsAll() || a.TeachesClass(classID)
}

// AccountCreate is what a new account needs.
type AccountCreate struct {
	Username string
	Password string
	Role     Role
	StaffID  int64
}

// Recovery is an offline reset of a password by whoever holds the data
// folder (district IT for a locked-out administrator), written to the
// audit log as such with the operating system's user and host.
type Recovery struct {
	Username string
	Password string
	OSUser   string
	Host     string
}

// AccountUpdate changes an account; nil fields stay as they are.
type AccountUpdate struct {
	Role     *Role
	StaffID  *int64
	Disabled *bool
}

// AccountService manages the school's local accounts. Every change is
// written with its audit row; only an admin may make one.
type AccountService interface {
	// Authenticate returns the account for a username and password, or
	// EUNAUTHORIZED. Disabled accounts cannot log in.
	Authenticate(ctx context.Context, username, password string) (*Account, error)
	Accounts(ctx context.Context) ([]*Account, error)
	CreateAccount(ctx context.Context, c AccountCreate) (*Account, error)
	UpdateAccount(ctx context.Context, id int64, u AccountUpdate) (*Account, error)
	SetPassword(ctx context.Context, id int64, password string) error
	// ChangePassword sets the acting account's own password; it needs the
	// current one (EUNAUTHORIZED when wrong). Any role may.
	ChangePassword(ctx context.Context, current, password string) error
	// UnlockAccount ends a lock-out before its time; admin only.
	UnlockAccount(ctx context.Context, id int64) error
	// RecoverPassword sets a password without any account or the old
	// password, and ends a lock-out: the command line's offline recovery.
	// The audit row names it a recovery, with r's OS user and host.
	RecoverPassword(ctx context.Context, r Recovery) error
	// IdleLock returns how long the window may stay untouched before it
	// locks; DefaultIdleLock until an admin chooses.
	IdleLock(ctx context.Context) (time.Duration, error)
	// SetIdleLock sets it to one of IdleLockChoices; admin only.
	SetIdleLock(ctx context.Context, d time.Duration) error
}

// MinPasswordLen is the shortest password an account may have.
const MinPasswordLen = 8

// The lock-out: after MaxFailedLogins wrong passwords in a row an account
// is locked for LockoutTime, even for the right password, unless an admin
// unlocks it.
const (
	MaxFailedLogins = 5
	LockoutTime     = 15 * time.Minute
)

// DefaultIdleLock is how long the window may stay untouched before it
// locks, until an admin chooses one of IdleLockChoices.
const DefaultIdleLock = 10 * time.Minute

// IdleLockChoices are the idle times an admin may choose in 设置.
var IdleLockChoices = []time.Duration{5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute, 60 * time.Minute}

// ValidIdleLock reports whether d is one of IdleLockChoices.
func ValidIdleLock(d time.Duration) bool { return slices.Contains(IdleLockChoices, d) }

// ValidateUsername checks a username: 2 to 32 characters, letters (any
// script), digits, '.', '_' or '-'.
func ValidateUsername(name string) error {
	n := utf8.RuneCountInString(name)
	if n < 2 || n > 32 {
		return Errorf(EINVALID, "account.error.username_length")
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("._-", r) {
			return Errorf(EINVALID, "account.error.username_chars")
		}
	}
	return nil
}

// ValidatePassword checks a new password: at least MinPasswordLen
// characters and not one of the passwords people use most.
func ValidatePassword(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		return Errorf(EINVALID, "account.error.password_short", MinPasswordLen)
	}
	if commonPasswords[strings.ToLower(pw)] {
		return Errorf(EINVALID, "account.error.password_common")
	}
	return nil
}

//go:embed common_passwords.txt
var commonPasswordList string

// commonPasswords is the embedded list, lower case.
var commonPasswords = func() map[string]bool {
	m := make(map[string]bool)
	for line := range strings.Lines(commonPasswordList) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[strings.ToLower(line)] = true
		}
	}
	return m
}()

type accountKey struct{}

// NewContextWithAccount returns a context that carries the acting account.
func NewContextWithAccount(ctx context.Context, a *Account) context.Context {
	return context.WithValue(ctx, accountKey{}, a)
}

// AccountFromContext returns the acting account, or nil.
func AccountFromContext(ctx context.Context) *Account {
	a, _ := ctx.Value(accountKey{}).(*Account)
	return a
}

// RequireAdmin returns EFORBIDDEN unless the acting account is an admin.
func RequireAdmin(ctx context.Context) error {
	a := AccountFromContext(ctx)
	if a == nil {
		return Errorf(EUNAUTHORIZED, "error.login_required")
	}
	if !a.IsAdmin() {
		return Errorf(EFORBIDDEN, "error.admin_only")
	}
	return nil
}
