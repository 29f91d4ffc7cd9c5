package storage

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"strconv"
	gosync "sync"
	"time"

	"github.com/google/uuid"

	"jxj/app"
)

// HubFileName is the name of the hub's database file in its data folder.
const HubFileName = "hub.db"

// enrolCodeLife is how long an enrolment code stays valid.
const enrolCodeLife = 30 * 24 * time.Hour

// Hub is the district hub's database (`jxj serve`). It implements
// app.HubStore; the HTTP handlers in sync and the `jxj hub` commands use
// it.
type Hub struct {
	db        *DB
	appending gosync.Map // the course uploads a request is adding to (hub_course_upload.go)
}

var _ app.HubStore = (*Hub)(nil)

// OpenHub opens (creating if needed) the hub's database in dir.
func OpenHub(ctx context.Context, dir string) (*Hub, error) {
	db, err := open(ctx, dir, HubFileName, hubMigrationFS)
	if err != nil {
		return nil, err
	}
	return &Hub{db: db}, nil
}

// Close closes the database.
func (h *Hub) Close() error { return h.db.Close() }

// SetClock replaces the hub's clock, for tests.
func (h *Hub) SetClock(now func() time.Time) { h.db.Now = now }

// hashSecret is how codes, credentials and tokens are kept: SHA-256. They
// carry at least 59 random bits and a code works once, so a fast hash is
// enough; the secrets themselves are never stored.
func hashSecret(s string) []byte {
	sum := sha256.Sum256([]byte(s))
	return sum[:]
}

// newSecret returns 32 random bytes as base64url: a credential or token.
func newSecret() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand's documented guarantee)
	return base64.RawURLEncoding.EncodeToString(b)
}

func newUUID() (string, error) {
	u, err := uuid.NewV7()
	if err != nil {
		return "", app.WrapError(err, "error.storage", err)
	}
	return u.String(), nil
}

// hubAudit writes an audit row of the hub: actor is "admin" for the
// bureau's commands or a school's UUID. A bureau account acting through
// the console (app.BureauFromContext) is named instead of "admin".
func (h *Hub) audit(ctx context.Context, tx *sql.Tx, actor, action, target, detail string) error {
	if a := app.BureauFromContext(ctx); a != nil && actor == hubAdmin {
		actor = a.Actor()
	}
	return insertAudit(ctx, tx, h.db.now(), actor, action, target, detail)
}

// hubAdmin is the actor of the bureau's own commands.
const hubAdmin = "admin"

// Enrol exchanges a one-time code for a credential. The school gets a new
// epoch, so its node fetches the whole feed again.
func (h *Hub) Enrol(ctx context.Context, code string) (*app.HubOrg, string, string, error) {
	norm, err := app.NormalizeEnrolCode(code)
	if err != nil {
		return nil, "", "", err
	}
	credential := newSecret()
	epoch, err := newUUID()
	if err != nil {
		return nil, "", "", err
	}
	var org *app.HubOrg
	err = h.db.write(ctx, func(tx *sql.Tx) error {
		var orgID int64
		var expires, used string
		err := tx.QueryRowContext(ctx, `SELECT org_id, expires_at, used_at FROM hub_enrol_codes WHERE code_hash = ?`,
			hashSecret(norm)).Scan(&orgID, &expires, &used)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return app.Errorf(app.EFORBIDDEN, "hub.error.code_unknown")
		case err != nil:
			return err
		case used != "":
			return app.Errorf(app.EFORBIDDEN, "hub.error.code_used")
		case !h.db.Now().Before(parseTime(expires)):
			return app.Errorf(app.EFORBIDDEN, "hub.error.code_expired")
		}
		now := h.db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE hub_enrol_codes SET used_at = ? WHERE code_hash = ?`, now, hashSecret(norm)); err != nil {
			return err
		}
		// last_contact stays: it is the school's last sync, which an
		// enrolment is not (the district cockpit lists a school enrolled
		// that never synced as never synced)
		if _, err := tx.ExecContext(ctx, `UPDATE hub_orgs SET credential_hash = ?, enrolled_at = ?, revoked = 0, epoch = ? WHERE id = ?`,
			hashSecret(credential), now, epoch, orgID); err != nil {
			return err
		}
		if org, err = loadHubOrg(ctx, tx, `WHERE id = ?`, orgID); err != nil {
			return err
		}
		return h.audit(ctx, tx, org.UUID, "org.enrol", org.UUID, "")
	})
	if err != nil {
		return nil, "", "", err
	}
	return org, credential, epoch, nil
}

// Authenticate returns the school whose credential this is.
func (h *Hub) Authenticate(ctx context.Context, credential string) (*app.HubOrg, error) {
	if credential == "" {
		return nil, app.Errorf(app.EUNAUTHORIZED, "hub.error.credential")
	}
	var org *app.HubOrg
	err := h.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		org, err = loadHubOrg(ctx, tx, `WHERE credential_hash = ? AND revoked = 0`, hashSecret(credential))
		if app.ErrorCode(err) == app.ENOTFOUND {
			return app.Errorf(app.EUNAUTHORIZED, "hub.error.credential")
		}
		return err
	})
	return org, err
}

// AdminToken creates a bureau admin token that works for days days.
func (h *Hub) AdminToken(ctx context.Context, days int) (*app.HubAdminToken, string, error) {
	if days < 1 || days > app.MaxAdminTokenDays {
		return nil, "", app.Errorf(app.EINVALID, "hub.error.token_days", app.MaxAdminTokenDays)
	}
	token := newSecret()
	now := h.db.Now()
	created, expires := formatTime(now), formatTime(now.AddDate(0, 0, days))
	var id int64
	err := h.db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO hub_admin_tokens (token_hash, created_at, expires_at) VALUES (?, ?, ?) RETURNING id`,
			hashSecret(token), created, expires).Scan(&id)
		if err != nil {
			return err
		}
		return h.audit(ctx, tx, hubAdmin, "admin.token", strconv.FormatInt(id, 10), "expires="+expires)
	})
	if err != nil {
		return nil, "", err
	}
	return &app.HubAdminToken{ID: id, CreatedAt: parseTime(created), ExpiresAt: parseTime(expires)}, token, nil
}

// AdminTokens lists the admin tokens, oldest first.
func (h *Hub) AdminTokens(ctx context.Context) ([]*app.HubAdminToken, error) {
	var out []*app.HubAdminToken
	err := h.db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, created_at, expires_at, revoked_at FROM hub_admin_tokens ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t app.HubAdminToken
			var created, expires, revoked string
			if err := rows.Scan(&t.ID, &created, &expires, &revoked); err != nil {
				return err
			}
			t.CreatedAt, t.ExpiresAt, t.RevokedAt = parseTime(created), parseTime(expires), parseTime(revoked)
			out = append(out, &t)
		}
		return rows.Err()
	})
	return out, err
}

// RevokeAdminToken stops an admin token at once.
func (h *Hub) RevokeAdminToken(ctx context.Context, id int64) error {
	return h.db.write(ctx, func(tx *sql.Tx) error {
		var revoked string
		err := tx.QueryRowContext(ctx, `SELECT revoked_at FROM hub_admin_tokens WHERE id = ?`, id).Scan(&revoked)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return app.Errorf(app.ENOTFOUND, "hub.error.token_not_found", id)
		case err != nil:
			return err
		case revoked != "":
			return app.Errorf(app.ECONFLICT, "hub.error.token_revoked", id)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE hub_admin_tokens SET revoked_at = ? WHERE id = ?`, h.db.now(), id); err != nil {
			return err
		}
		return h.audit(ctx, tx, hubAdmin, "admin.token_revoke", strconv.FormatInt(id, 10), "")
	})
}

// AuthenticateAdmin checks a bureau admin token: none, an expired or a
// revoked one is EUNAUTHORIZED, what is no admin token EFORBIDDEN.
func (h *Hub) AuthenticateAdmin(ctx context.Context, token string) error {
	if token == "" {
		return app.Errorf(app.EUNAUTHORIZED, "hub.error.credential")
	}
	var expires, revoked string
	err := h.db.r.QueryRowContext(ctx, `SELECT expires_at, revoked_at FROM hub_admin_tokens WHERE token_hash = ?`,
		hashSecret(token)).Scan(&expires, &revoked)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return app.Errorf(app.EFORBIDDEN, "hub.error.admin_only")
	case err != nil:
		return dbError(ctx, err)
	case revoked != "":
		return app.Errorf(app.EUNAUTHORIZED, "hub.error.admin_token_revoked")
	case !h.db.Now().Before(parseTime(expires)):
		return app.Errorf(app.EUNAUTHORIZED, "hub.error.admin_token_expired")
	}
	return nil
}
