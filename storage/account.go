package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"jxj/app"
)

// BcryptCost is the cost of new password hashes; tests lower it to
// bcrypt.MinCost.
var BcryptCost = bcrypt.DefaultCost

var _ app.AccountService = (*accountService)(nil)

// accountService implements app.AccountService.
type accountService struct{ db *DB }

const accountColumns = `a.id, a.username, a.role, COALESCE(a.staff_id, 0), COALESCE(s.name, ''), a.disabled, a.created_at, a.locked_until`

const accountFrom = ` FROM accounts a LEFT JOIN staff s ON s.id = a.staff_id`

func scanAccount(sc rowScanner, extra ...any) (*app.Account, error) {
	var a app.Account
	var role, created, locked string
	dest := append([]any{&a.ID, &a.Username, &role, &a.StaffID, &a.StaffName, &a.Disabled, &created, &locked}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	a.Role, a.CreatedAt, a.LockedUntil = app.Role(role), parseTime(created), parseTime(locked)
	return &a, nil
}

// Authenticate checks a username and password. Unknown users and wrong
// passwords get the same error after the same bcrypt work, so neither the
// message nor the time tells which usernames exist. Wrong passwords are
// counted in the database (a restart does not forget them): the
// MaxFailedLogins-th in a row locks the account for LockoutTime, and a
// locked account is refused even the right password.
func (s *accountService) Authenticate(ctx context.Context, username, password string) (*app.Account, error) {
	username = strings.TrimSpace(username)
	var a *app.Account
	var hash string
	var failed int
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = scanAccount(tx.QueryRowContext(ctx,
			`SELECT `+accountColumns+`, a.password_hash, a.failed_logins`+accountFrom+` WHERE a.username = ?`, username), &hash, &failed)
		if errors.Is(err, sql.ErrNoRows) {
			a = nil
			return nil
		}
		if err != nil || a.StaffID == 0 {
			return err
		}
		a.ClassIDs, err = staffClassIDs(ctx, tx, a.StaffID)
		return err
	})
	if err != nil {
		return nil, err
	}
	if a == nil {
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
		return nil, app.Errorf(app.EUNAUTHORIZED, "account.error.login_failed")
	}
	if a.Locked(s.db.Now()) {
		return nil, lockedError(a.LockedUntil)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil {
		return nil, s.loginFailed(ctx, a)
	}
	if a.Disabled {
		return nil, app.Errorf(app.EUNAUTHORIZED, "account.error.disabled")
	}
	if failed > 0 || !a.LockedUntil.IsZero() {
		err := s.db.write(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `UPDATE accounts SET failed_logins = 0, locked_until = '' WHERE id = ?`, a.ID); err != nil {
				return err
			}
			return s.db.audit(app.NewContextWithAccount(ctx, a), tx, "account.login", accountTarget(a.ID),
				fmt.Sprintf("username=%s after_failures=%d", a.Username, failed))
		})
		if err != nil {
			return nil, err
		}
		a.LockedUntil = time.Time{}
	}
	a.WeakPassword = app.ValidatePassword(password) != nil
	return a, nil
}

// loginFailed counts a wrong password for a and locks it at the limit;
// the audit row names a, whose login it was.
func (s *accountService) loginFailed(ctx context.Context, a *app.Account) error {
	var until time.Time
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		var n int
		var err error
		if n, until, err = countFailedLogin(ctx, tx, "accounts", a.ID, s.db.Now()); err != nil {
			return err
		}
		ctx := app.NewContextWithAccount(ctx, a)
		if until.IsZero() {
			return s.db.audit(ctx, tx, "account.login_failed", accountTarget(a.ID), fmt.Sprintf("username=%s failures=%d", a.Username, n))
		}
		return s.db.audit(ctx, tx, "account.locked", accountTarget(a.ID),
			fmt.Sprintf("username=%s failures=%d until=%s", a.Username, n, formatTime(until)))
	})
	switch {
	case err != nil:
		return err
	case !until.IsZero():
		return lockedError(until)
	}
	return app.Errorf(app.EUNAUTHORIZED, "account.error.login_failed")
}

// countFailedLogin counts a wrong password for the account id of table
// (accounts, or the hub's hub_accounts) and, at app.MaxFailedLogins in a
// row, locks it for app.LockoutTime from now: until is then when the lock
// ends, else zero. n is the count of failures that reached.
func countFailedLogin(ctx context.Context, tx *sql.Tx, table string, id int64, now time.Time) (n int, until time.Time, err error) {
	if err := tx.QueryRowContext(ctx, `UPDATE `+table+` SET failed_logins = failed_logins + 1 WHERE id = ?
		RETURNING failed_logins`, id).Scan(&n); err != nil {
		return 0, time.Time{}, err
	}
	if n < app.MaxFailedLogins {
		return n, time.Time{}, nil
	}
	until = now.Add(app.LockoutTime)
	_, err = tx.ExecContext(ctx, `UPDATE `+table+` SET failed_logins = 0, locked_until = ? WHERE id = ?`, formatTime(until), id)
	return n, until, err
}

// lockedError says until when (local time) a locked account waits, and
// that an admin can unlock it sooner.
func lockedError(until time.Time) error {
	return app.Errorf(app.EUNAUTHORIZED, "account.error.locked", app.MaxFailedLogins, until.Local().Format("15:04"))
}

var dummy struct {
	once sync.Once
	hash []byte
}

// dummyHash is a hash of nothing anyone types, compared against when the
// username is unknown so that the answer takes as long as for a real one.
func dummyHash() []byte {
	dummy.once.Do(func() {
		dummy.hash, _ = bcrypt.GenerateFromPassword([]byte("jxj: no such account"), BcryptCost)
	})
	return dummy.hash
}

// staffClassIDs returns the classes a staff member heads or teaches.
func staffClassIDs(ctx context.Context, q querier, staffID int64) ([]int64, error) {
	return queryIDs(ctx, q, `SELECT id FROM classes WHERE head_teacher_id = ?
		UNION SELECT class_id FROM class_teachers WHERE staff_id = ? ORDER BY 1`, staffID, staffID)
}

// Accounts lists every account, oldest first; admin only.
func (s *accountService) Accounts(ctx context.Context) ([]*app.Account, error) {
	if err := app.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	var out []*app.Account
	err := s.db.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, func(sc rowScanner) (*app.Account, error) { return scanAccount(sc) },
			`SELECT `+accountColumns+accountFrom+` ORDER BY a.id`)
		return err
	})
	return out, err
}

// CreateAccount adds an account; admin only.
func (s *accountService) CreateAccount(ctx context.Context, c app.AccountCreate) (*app.Account, error) {
	if err := app.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	if err := app.ValidateUsername(c.Username); err != nil {
		return nil, err
	}
	if err := app.ValidatePassword(c.Password); err != nil {
		return nil, err
	}
	if !c.Role.Valid() {
		return nil, app.Errorf(app.EINVALID, "account.error.role")
	}
	hash, err := hashPassword(c.Password)
	if err != nil {
		return nil, err
	}
	var a *app.Account
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		if err := checkStaff(ctx, tx, c.StaffID); err != nil {
			return err
		}
		var err error
		if a, err = insertAccount(ctx, tx, c, hash, s.db.now()); err != nil {
			return err
		}
		return s.db.audit(ctx, tx, "account.create", accountTarget(a.ID), accountDetail(a))
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// UpdateAccount changes an account's role, staff link or disabled flag;
// admin only. The last active admin cannot be disabled or demoted.
func (s *accountService) UpdateAccount(ctx context.Context, id int64, u app.AccountUpdate) (*app.Account, error) {
	if err := app.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	if u.Role != nil && !u.Role.Valid() {
		return nil, app.Errorf(app.EINVALID, "account.error.role")
	}
	var a *app.Account
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		old, err := loadAccount(ctx, tx, id)
		if err != nil {
			return err
		}
		next := *old
		var changes []string
		if u.Role != nil && *u.Role != old.Role {
			next.Role = *u.Role
			changes = append(changes, "role="+string(next.Role))
		}
		if u.StaffID != nil && *u.StaffID != old.StaffID {
			if err := checkStaff(ctx, tx, *u.StaffID); err != nil {
				return err
			}
			next.StaffID = *u.StaffID
			changes = append(changes, "staff="+strconv.FormatInt(next.StaffID, 10))
		}
		if u.Disabled != nil && *u.Disabled != old.Disabled {
			next.Disabled = *u.Disabled
			changes = append(changes, "disabled="+strconv.FormatBool(next.Disabled))
		}
		if len(changes) == 0 {
			a = old
			return nil
		}
		if activeAdmin(old) && !activeAdmin(&next) {
			var others int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM accounts
				WHERE role = 'admin' AND disabled = 0 AND id <> ?`, id).Scan(&others); err != nil {
				return err
			}
			if others == 0 {
				return app.Errorf(app.ECONFLICT, "account.error.last_admin")
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET role = ?, staff_id = ?, disabled = ? WHERE id = ?`,
			string(next.Role), nullID(next.StaffID), next.Disabled, id); err != nil {
			return err
		}
		if err := s.db.audit(ctx, tx, "account.update", accountTarget(id),
			"username="+old.Username+" "+strings.Join(changes, " ")); err != nil {
			return err
		}
		a, err = loadAccount(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

func activeAdmin(a *app.Account) bool { return a.Role == app.RoleAdmin && !a.Disabled }

// SetPassword replaces an account's password; admin only.
func (s *accountService) SetPassword(ctx context.Context, id int64, password string) error {
	if err := app.RequireAdmin(ctx); err != nil {
		return err
	}
	if err := app.ValidatePassword(password); err != nil {
		return err
	}
	return s.storePassword(ctx, id, password)
}

// ChangePassword lets the acting account replace its own password.
func (s *accountService) ChangePassword(ctx context.Context, current, password string) error {
	me := app.AccountFromContext(ctx)
	if me == nil || me.ID == 0 {
		return app.Errorf(app.EUNAUTHORIZED, "error.login_required")
	}
	if err := app.ValidatePassword(password); err != nil {
		return err
	}
	var hash string
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT password_hash FROM accounts WHERE id = ?`, me.ID).Scan(&hash)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return app.Errorf(app.ENOTFOUND, "account.error.not_found")
	}
	if err != nil {
		return app.WrapError(err, "error.storage", err)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(current)) != nil {
		return app.Errorf(app.EUNAUTHORIZED, "account.error.current_password")
	}
	return s.storePassword(ctx, me.ID, password)
}

// storePassword writes a new password hash and its audit row.
func (s *accountService) storePassword(ctx context.Context, id int64, password string) error {
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		a, err := loadAccount(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := setPasswordHash(ctx, tx, id, hash); err != nil {
			return err
		}
		// the password itself is never written anywhere but as its hash
		return s.db.audit(ctx, tx, "account.password", accountTarget(id), "username="+a.Username)
	})
}

// setPasswordHash stores a new password hash; a new password also ends a
// lock-out.
func setPasswordHash(ctx context.Context, tx *sql.Tx, id int64, hash string) error {
	_, err := tx.ExecContext(ctx, `UPDATE accounts SET password_hash = ?, failed_logins = 0, locked_until = '' WHERE id = ?`, hash, id)
	return err
}

// UnlockAccount ends a lock-out; admin only.
func (s *accountService) UnlockAccount(ctx context.Context, id int64) error {
	if err := app.RequireAdmin(ctx); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		a, err := loadAccount(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET failed_logins = 0, locked_until = '' WHERE id = ?`, id); err != nil {
			return err
		}
		return s.db.audit(ctx, tx, "account.unlock", accountTarget(id), "username="+a.Username)
	})
}

// RecoverPassword sets a password for whoever holds the data folder. The
// audit row's actor is "recovery:user@host", which no account can be
// called, and its detail repeats the OS user and host.
func (s *accountService) RecoverPassword(ctx context.Context, r app.Recovery) error {
	if err := app.ValidatePassword(r.Password); err != nil {
		return err
	}
	hash, err := hashPassword(r.Password)
	if err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM accounts WHERE username = ?`, strings.TrimSpace(r.Username)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return app.Errorf(app.ENOTFOUND, "account.error.not_found")
		}
		if err != nil {
			return err
		}
		a, err := loadAccount(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := setPasswordHash(ctx, tx, id, hash); err != nil {
			return err
		}
		ctx := app.NewContextWithAccount(ctx, app.RecoveryAccount(r.OSUser, r.Host))
		return s.db.audit(ctx, tx, "account.recover", accountTarget(id),
			fmt.Sprintf("username=%s os_user=%s host=%s", a.Username, r.OSUser, r.Host))
	})
}

// settingIdleLock is the settings key of the idle lock, in minutes.
const settingIdleLock = "idle_lock_minutes"

// IdleLock returns the idle time before the window locks.
func (s *accountService) IdleLock(ctx context.Context) (time.Duration, error) {
	var v string
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, settingIdleLock).Scan(&v)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return app.DefaultIdleLock, nil
	}
	if err != nil {
		return 0, err
	}
	minutes, _ := strconv.Atoi(v)
	if d := time.Duration(minutes) * time.Minute; app.ValidIdleLock(d) {
		return d, nil
	}
	return app.DefaultIdleLock, nil
}

// SetIdleLock sets the idle time before the window locks; admin only.
func (s *accountService) SetIdleLock(ctx context.Context, d time.Duration) error {
	if err := app.RequireAdmin(ctx); err != nil {
		return err
	}
	if !app.ValidIdleLock(d) {
		return app.Errorf(app.EINVALID, "account.error.idle_lock")
	}
	minutes := strconv.Itoa(int(d / time.Minute))
	return s.db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, settingIdleLock, minutes); err != nil {
			return err
		}
		return s.db.audit(ctx, tx, "settings.idle_lock", "settings:"+settingIdleLock, "minutes="+minutes)
	})
}

func loadAccount(ctx context.Context, q querier, id int64) (*app.Account, error) {
	a, err := scanAccount(q.QueryRowContext(ctx, `SELECT `+accountColumns+accountFrom+` WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, app.Errorf(app.ENOTFOUND, "account.error.not_found")
	}
	return a, err
}

func checkStaff(ctx context.Context, q querier, staffID int64) error {
	if staffID == 0 {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM staff WHERE id = ?`, staffID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return app.Errorf(app.ENOTFOUND, "account.error.staff_not_found")
	}
	return nil
}

func insertAccount(ctx context.Context, tx *sql.Tx, c app.AccountCreate, hash, now string) (*app.Account, error) {
	var taken int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM accounts WHERE username = ?`, c.Username).Scan(&taken); err != nil {
		return nil, err
	}
	if taken > 0 {
		return nil, app.Errorf(app.ECONFLICT, "account.error.username_taken", c.Username)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO accounts (username, password_hash, role, staff_id, disabled, created_at)
		VALUES (?, ?, ?, ?, 0, ?)`, c.Username, hash, string(c.Role), nullID(c.StaffID), now)
	if isUnique(err) {
		return nil, app.Errorf(app.ECONFLICT, "account.error.username_taken", c.Username)
	}
	if err != nil {
		return nil, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	return loadAccount(ctx, tx, id)
}

// hashPassword hashes a password that ValidatePassword accepted.
func hashPassword(pw string) (string, error) {
	hash, err := bcrypt.GenerateFromPassword([]byte(pw), BcryptCost)
	if errors.Is(err, bcrypt.ErrPasswordTooLong) {
		return "", app.Errorf(app.EINVALID, "storage.error.password_long")
	}
	if err != nil {
		return "", app.WrapError(err, "error.internal")
	}
	return string(hash), nil
}

func accountTarget(id int64) string { return fmt.Sprintf("account:%d", id) }

func accountDetail(a *app.Account) string {
	d := "username=" + a.Username + " role=" + string(a.Role)
	if a.StaffID != 0 {
		d += " staff=" + strconv.FormatInt(a.StaffID, 10)
	}
	return d
}

// actingAccount returns the account the context acts for, or
// EUNAUTHORIZED: notices are never read or changed anonymously.
func actingAccount(ctx context.Context) (*app.Account, error) {
	a := app.AccountFromContext(ctx)
	if a == nil {
		return nil, app.Errorf(app.EUNAUTHORIZED, "error.login_required")
	}
	return a, nil
}
