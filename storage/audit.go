package storage

import (
	"context"
	"database/sql"

	"jxj/app"
)

var _ app.AuditService = (*auditService)(nil)

// auditService implements app.AuditService.
type auditService struct{ db *DB }

// DefaultAuditLimit is how many entries AuditLog returns for a limit of 0.
const DefaultAuditLimit = 200

// AuditLog returns the newest entries first; admin or principal only.
// Entries are ordered by id, the order they were written, not by their
// time: a PC's clock can go backwards.
func (s *auditService) AuditLog(ctx context.Context, limit int) ([]*app.AuditEntry, error) {
	a := app.AccountFromContext(ctx)
	if a == nil {
		return nil, app.Errorf(app.EUNAUTHORIZED, "error.login_required")
	}
	if !a.ReadsAll() {
		return nil, app.Errorf(app.EFORBIDDEN, "storage.error.reads_all_only")
	}
	if limit <= 0 {
		limit = DefaultAuditLimit
	}
	var out []*app.AuditEntry
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, at, actor, action, target, detail FROM audit ORDER BY id DESC LIMIT ?`, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e app.AuditEntry
			var at string
			if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Target, &e.Detail); err != nil {
				return err
			}
			e.At = parseTime(at)
			out = append(out, &e)
		}
		return rows.Err()
	})
	return out, err
}

// audit writes an audit row for the acting account in tx, the transaction
// of the change it records.
func (db *DB) audit(ctx context.Context, tx *sql.Tx, action, target, detail string) error {
	return insertAudit(ctx, tx, db.now(), actorName(ctx), action, target, detail)
}

// actorName is the acting account's username. Changes without one only
// come from the command line's first steps (EnsureSchool), which act as
// the system.
func actorName(ctx context.Context) string {
	if a := app.AccountFromContext(ctx); a != nil {
		return a.Username
	}
	return app.SystemAccount.Username
}

func insertAudit(ctx context.Context, tx *sql.Tx, at, actor, action, target, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)`,
		at, actor, action, target, detail)
	return err
}
