package app

import (
	"context"
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

	// ClassIDs are the classes the linked staff member teaches or heads,
	// filled when the account logs in.
	ClassIDs []int64
}

// SystemAccount acts for the command line: whoever can run jxj on the
// school's PC against its data folder already holds the whole database.
var SystemAccount = &Account{Username: "system", Role: RoleAdmin}

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
}

// MinPasswordLen is the shortest password an account may have.
const MinPasswordLen = 6

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

// ValidatePassword checks a new password's length.
func ValidatePassword(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		return Errorf(EINVALID, "account.error.password_short", MinPasswordLen)
	}
	return nil
}

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
