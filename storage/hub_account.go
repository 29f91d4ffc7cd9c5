package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"jxj/app"
)

// The bureau's accounts and console sessions on the hub (hub_accounts,
// hub_sessions). Passwords follow the school's accounts' rules and are
// hashed and checked the same way (account.go): the same bcrypt cost, the
// same dummy hash for unknown users, the same lock-out.

var _ app.BureauAccountService = (*Hub)(nil)

// sessionTouch is how stale a session's last use may be before a request
// writes it anew: the idle end moves on without a write per request.
const sessionTouch = time.Minute

const bureauColumns = `id, username, role, disabled, created_at, locked_until`

func scanBureauAccount(sc rowScanner, extra ...any) (*app.BureauAccount, error) {
	var a app.BureauAccount
	var role, created, locked string
	if err := sc.Scan(append([]any{&a.ID, &a.Username, &role, &a.Disabled, &created, &locked}, extra...)...); err != nil {
		return nil, err
	}
	a.Role, a.CreatedAt, a.LockedUntil = app.BureauRole(role), parseTime(created), parseTime(locked)
	return &a, nil
}

func bureauTarget(id int64) string { return "bureau_account:" + strconv.FormatInt(id, 10) }

// loadBureauAccount finds an account by username, in any case.
func loadBureauAccount(ctx context.Context, q querier, username string) (*app.BureauAccount, error) {
	a, err := scanBureauAccount(q.QueryRowContext(ctx, `SELECT `+bureauColumns+` FROM hub_accounts WHERE username = ?`,
		strings.TrimSpace(username)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, app.Errorf(app.ENOTFOUND, "hub_accounts.error.not_found", username)
	}
	return a, err
}

// CreateBureauAccount adds a bureau account.
func (h *Hub) CreateBureauAccount(ctx context.Context, c app.BureauAccountCreate) (*app.BureauAccount, error) {
	c.Username = strings.TrimSpace(c.Username)
	if err := app.ValidateUsername(c.Username); err != nil {
		return nil, err
	}
	if !c.Role.Valid() {
		return nil, app.Errorf(app.EINVALID, "hub_accounts.error.role", string(c.Role))
	}
	if err := app.ValidatePassword(c.Password); err != nil {
		return nil, err
	}
	hash, err := hashPassword(c.Password)
	if err != nil {
		return nil, err
	}
	var a *app.BureauAccount
	err = h.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO hub_accounts (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)`,
			c.Username, hash, string(c.Role), h.db.now())
		if isUnique(err) {
			return app.Errorf(app.ECONFLICT, "hub_accounts.error.taken", c.Username)
		}
		if err != nil {
			return err
		}
		if a, err = loadBureauAccount(ctx, tx, c.Username); err != nil {
			return err
		}
		return h.audit(ctx, tx, hubAdmin, "bureau.create", bureauTarget(a.ID), "username="+a.Username+" role="+string(a.Role))
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// BureauAccounts lists the bureau accounts, oldest first.
func (h *Hub) BureauAccounts(ctx context.Context) ([]*app.BureauAccount, error) {
	var out []*app.BureauAccount
	err := h.db.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, func(sc rowScanner) (*app.BureauAccount, error) { return scanBureauAccount(sc) },
			`SELECT `+bureauColumns+` FROM hub_accounts ORDER BY id`)
		return err
	})
	return out, err
}

// SetBureauPassword replaces a password, ends a lock-out and ends every
// session of the account: whoever knew the old password is logged out.
func (h *Hub) SetBureauPassword(ctx context.Context, username, password string) error {
	if err := app.ValidatePassword(password); err != nil {
		return err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	return h.db.write(ctx, func(tx *sql.Tx) error {
		a, err := loadBureauAccount(ctx, tx, username)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE hub_accounts SET password_hash = ?, failed_logins = 0, locked_until = '' WHERE id = ?`,
			hash, a.ID); err != nil {
			return err
		}
		n, err := endSessions(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		return h.audit(ctx, tx, hubAdmin, "bureau.password", bureauTarget(a.ID), fmt.Sprintf("username=%s sessions_ended=%d", a.Username, n))
	})
}

// SetBureauDisabled disables an account, ending its sessions, or enables
// it again.
func (h *Hub) SetBureauDisabled(ctx context.Context, username string, disabled bool) error {
	return h.db.write(ctx, func(tx *sql.Tx) error {
		a, err := loadBureauAccount(ctx, tx, username)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE hub_accounts SET disabled = ? WHERE id = ?`, disabled, a.ID); err != nil {
			return err
		}
		action, n := "bureau.enable", int64(0)
		if disabled {
			action = "bureau.disable"
			if n, err = endSessions(ctx, tx, a.ID); err != nil {
				return err
			}
		}
		return h.audit(ctx, tx, hubAdmin, action, bureauTarget(a.ID), fmt.Sprintf("username=%s sessions_ended=%d", a.Username, n))
	})
}

// endSessions deletes an account's sessions and says how many there were.
func endSessions(ctx context.Context, tx *sql.Tx, accountID int64) (int64, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM hub_sessions WHERE account_id = ?`, accountID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// BureauLogin checks a password as the school's Authenticate does: an
// unknown user costs the same bcrypt work as a wrong password and gets
// the same answer; wrong passwords are counted in the database, and the
// MaxFailedLogins-th in a row locks the account for LockoutTime, even for
// the right password. A right one opens a session, whose token only the
// caller gets.
func (h *Hub) BureauLogin(ctx context.Context, username, password string) (*app.BureauSession, error) {
	var a *app.BureauAccount
	var hash string
	err := h.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = scanBureauAccount(tx.QueryRowContext(ctx, `SELECT `+bureauColumns+`, password_hash FROM hub_accounts WHERE username = ?`,
			strings.TrimSpace(username)), &hash)
		if errors.Is(err, sql.ErrNoRows) {
			a, err = nil, nil
		}
		return err
	})
	switch {
	case err != nil:
		return nil, err
	case a == nil:
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
		return nil, app.Errorf(app.EUNAUTHORIZED, "hub_accounts.error.login_failed")
	case a.Locked(h.db.Now()):
		return nil, bureauLocked(a.LockedUntil)
	case bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil:
		return nil, h.bureauLoginFailed(ctx, a)
	case a.Disabled:
		return nil, app.Errorf(app.EUNAUTHORIZED, "hub_accounts.error.disabled")
	}
	token := newSecret()
	now := h.db.Now()
	err = h.db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE hub_accounts SET failed_logins = 0, locked_until = '' WHERE id = ?`, a.ID); err != nil {
			return err
		}
		// ended sessions (of any account) go as a new one opens, so the
		// table holds only what may still work: a few rows per officer
		if _, err := tx.ExecContext(ctx, `DELETE FROM hub_sessions WHERE last_used <= ? OR created_at <= ?`,
			formatTime(now.Add(-app.BureauSessionIdle)), formatTime(now.Add(-app.BureauSessionMax))); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO hub_sessions (token_hash, account_id, created_at, last_used) VALUES (?, ?, ?, ?)`,
			hashSecret(token), a.ID, formatTime(now), formatTime(now)); err != nil {
			return err
		}
		return h.audit(app.NewContextWithBureau(ctx, a), tx, hubAdmin, "bureau.login", bureauTarget(a.ID), "")
	})
	if err != nil {
		return nil, err
	}
	a.LockedUntil = time.Time{}
	return &app.BureauSession{Token: token, Account: a, ExpiresAt: sessionEnd(now, now)}, nil
}

// bureauLoginFailed counts a wrong password and locks the account at the
// limit; the audit row names the account whose login it was.
func (h *Hub) bureauLoginFailed(ctx context.Context, a *app.BureauAccount) error {
	var until time.Time
	err := h.db.write(ctx, func(tx *sql.Tx) error {
		var n int
		var err error
		if n, until, err = countFailedLogin(ctx, tx, "hub_accounts", a.ID, h.db.Now()); err != nil {
			return err
		}
		ctx := app.NewContextWithBureau(ctx, a)
		if until.IsZero() {
			return h.audit(ctx, tx, hubAdmin, "bureau.login_failed", bureauTarget(a.ID), fmt.Sprintf("failures=%d", n))
		}
		return h.audit(ctx, tx, hubAdmin, "bureau.locked", bureauTarget(a.ID), fmt.Sprintf("failures=%d until=%s", n, formatTime(until)))
	})
	switch {
	case err != nil:
		return err
	case !until.IsZero():
		return bureauLocked(until)
	}
	return app.Errorf(app.EUNAUTHORIZED, "hub_accounts.error.login_failed")
}

// bureauLocked says until when (the hub's local time) a locked account
// waits.
func bureauLocked(until time.Time) error {
	return app.Errorf(app.EUNAUTHORIZED, "hub_accounts.error.locked", app.MaxFailedLogins, until.Local().Format("15:04"))
}

// sessionEnd is when a session made at created and last used at used
// ends without another request.
func sessionEnd(created, used time.Time) time.Time {
	idle, capped := used.Add(app.BureauSessionIdle), created.Add(app.BureauSessionMax)
	if capped.Before(idle) {
		return capped
	}
	return idle
}

// BureauSession returns the account of a live session and moves its idle
// end on. An ended session's row is deleted as it is refused.
func (h *Hub) BureauSession(ctx context.Context, token string) (*app.BureauAccount, error) {
	if token == "" {
		return nil, app.Errorf(app.EUNAUTHORIZED, "hub_accounts.error.login_required")
	}
	key := hashSecret(token)
	var a *app.BureauAccount
	var created, used string
	err := h.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = scanBureauAccount(tx.QueryRowContext(ctx, `SELECT a.id, a.username, a.role, a.disabled, a.created_at, a.locked_until,
			s.created_at, s.last_used FROM hub_sessions s JOIN hub_accounts a ON a.id = s.account_id WHERE s.token_hash = ?`, key),
			&created, &used)
		if errors.Is(err, sql.ErrNoRows) {
			return app.Errorf(app.EUNAUTHORIZED, "hub_accounts.error.session")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	now := h.db.Now()
	switch {
	case !now.Before(sessionEnd(parseTime(created), parseTime(used))):
		err := h.db.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `DELETE FROM hub_sessions WHERE token_hash = ?`, key)
			return err
		})
		if err != nil {
			return nil, err
		}
		return nil, app.Errorf(app.EUNAUTHORIZED, "hub_accounts.error.session_expired")
	case a.Disabled: // disabling ends sessions; this is the belt to those braces
		return nil, app.Errorf(app.EUNAUTHORIZED, "hub_accounts.error.disabled")
	case now.Sub(parseTime(used)) >= sessionTouch:
		err := h.db.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE hub_sessions SET last_used = ? WHERE token_hash = ?`, formatTime(now), key)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return a, nil
}

// BureauLogout ends a session; the audit row names its account.
func (h *Hub) BureauLogout(ctx context.Context, token string) error {
	return h.db.write(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `DELETE FROM hub_sessions WHERE token_hash = ? RETURNING account_id`, hashSecret(token)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return app.Errorf(app.EUNAUTHORIZED, "hub_accounts.error.session")
		}
		if err != nil {
			return err
		}
		a, err := scanBureauAccount(tx.QueryRowContext(ctx, `SELECT `+bureauColumns+` FROM hub_accounts WHERE id = ?`, id))
		if err != nil {
			return err
		}
		return h.audit(app.NewContextWithBureau(ctx, a), tx, hubAdmin, "bureau.logout", bureauTarget(a.ID), "")
	})
}
