package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"jxj/app"
)

// bureauAuthor is the created_by of notices that came from the hub.
const bureauAuthor = "bureau"

// ConfirmBureau records the school's receipt of a bureau notice and
// queues it to go up.
func (s *noticeService) ConfirmBureau(ctx context.Context, id int64) (*app.Notice, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var out *app.Notice
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		n, err := loadBureau(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !n.ConfirmedAt.IsZero() {
			return app.Errorf(app.ECONFLICT, "storage.bureau.error.confirmed", n.Title, app.FormatDate(n.ConfirmedAt))
		}
		if err := s.db.confirmBureau(ctx, tx, n); err != nil {
			return err
		}
		out, err = loadVisible(ctx, tx, a, id)
		return err
	})
	return out, err
}

// confirmBureau marks n confirmed and queues the confirmation.
func (db *DB) confirmBureau(ctx context.Context, tx *sql.Tx, n *app.Notice) error {
	now := db.Now()
	if _, err := tx.ExecContext(ctx, `UPDATE notices SET confirmed_at = ? WHERE id = ?`, formatTime(now), n.ID); err != nil {
		return err
	}
	if err := enqueue(ctx, tx, now, app.OpNoticeConfirm, n.UUID, outNotice{Notice: n.UUID, At: now.Unix()}); err != nil {
		return err
	}
	return db.audit(ctx, tx, "notice.bureau_confirm", noticeTarget(n.ID), "uuid="+n.UUID)
}

// ForwardBureau makes the receipts of a bureau notice for target t, gives
// each targeted student a family number if it has none, and queues the
// forward (with the number of families) to go up. Forwarding confirms a
// notice not yet confirmed.
func (s *noticeService) ForwardBureau(ctx context.Context, id int64, t app.Target) (*app.Notice, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var out *app.Notice
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		n, err := loadBureau(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !n.ForwardedAt.IsZero() {
			return app.Errorf(app.ECONFLICT, "storage.bureau.error.forwarded", n.Title, app.FormatDate(n.ForwardedAt))
		}
		if err := app.CheckTarget(a, t); err != nil {
			return err
		}
		recips, err := recipients(ctx, tx, t)
		if err != nil {
			return err
		}
		if len(recips) == 0 {
			return app.Errorf(app.EINVALID, "storage.notice.error.nobody", n.Title)
		}
		if err := insertReceipts(ctx, tx, id, recips); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sync_families (student_id, family)
			SELECT r.student_id, (SELECT COALESCE(MAX(family), 0) FROM sync_families) + ROW_NUMBER() OVER (ORDER BY r.student_id)
			FROM receipts r WHERE r.notice_id = ? AND r.student_id IS NOT NULL
				AND r.student_id NOT IN (SELECT student_id FROM sync_families)`, id); err != nil {
			return err
		}
		var families int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM receipts WHERE notice_id = ? AND student_id IS NOT NULL`, id).Scan(&families); err != nil {
			return err
		}
		if n.ConfirmedAt.IsZero() {
			if err := s.db.confirmBureau(ctx, tx, n); err != nil {
				return err
			}
		}
		now := s.db.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE notices SET target = ?, forwarded_at = ? WHERE id = ?`, t.String(), formatTime(now), id); err != nil {
			return err
		}
		if err := enqueue(ctx, tx, now, app.OpNoticeForward, n.UUID, outNotice{Notice: n.UUID, At: now.Unix(), Families: families}); err != nil {
			return err
		}
		if err := s.db.audit(ctx, tx, "notice.bureau_forward", noticeTarget(id),
			fmt.Sprintf("uuid=%s target=%s receipts=%d", n.UUID, t, len(recips))); err != nil {
			return err
		}
		out, err = loadVisible(ctx, tx, a, id)
		return err
	})
	return out, err
}

// loadBureau loads a bureau notice that admin or principal may act on.
func loadBureau(ctx context.Context, tx *sql.Tx, a *app.Account, id int64) (*app.Notice, error) {
	if !a.ReadsAll() {
		return nil, app.Errorf(app.EFORBIDDEN, "storage.bureau.error.forbidden")
	}
	n, err := loadNotice(ctx, tx, id)
	switch {
	case err != nil:
		return nil, err
	case !n.Bureau:
		return nil, app.Errorf(app.EINVALID, "storage.bureau.error.not_bureau", n.Title)
	case n.State == app.NoticeStateRevoked:
		return nil, app.Errorf(app.ECONFLICT, "storage.notice.error.revoked", n.Title)
	}
	return n, nil
}

// outNotice is the body of a notice_confirm or notice_forward operation.
type outNotice struct {
	Notice   string `json:"notice"`
	At       int64  `json:"at"`
	Families int    `json:"families,omitempty"`
}

// enqueue writes an outbox row, in the transaction of the change it
// reports.
func enqueue(ctx context.Context, tx *sql.Tx, now time.Time, typ, record string, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO outbox (type, record, body, created_at) VALUES (?, ?, ?, ?)`,
		typ, record, string(b), formatTime(now))
	return err
}

// applyBureauNotice stores a bureau notice from the feed; one already
// stored is left as it is (records are immutable versions).
func (db *DB) applyBureauNotice(ctx context.Context, tx *sql.Tx, id string, n *app.BureauNotice) (bool, error) {
	draft := app.NoticeDraft{Title: n.Title, Body: n.Body}
	if err := draft.Validate(); err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO notices (uuid, source, title, body, requires_ack, deadline, state, created_by, created_at, published_at)
		VALUES (?, 'bureau', ?, ?, ?, ?, 'published', ?, ?, ?) ON CONFLICT (uuid) DO NOTHING`,
		id, app.CleanTitle(n.Title), n.Body, n.RequiresAck, n.Deadline, bureauAuthor, db.now(), formatTime(n.PublishedAt))
	if err != nil {
		return false, err
	}
	added, err := res.RowsAffected()
	return added > 0, err
}

// applyBureauRevoke marks a bureau notice revoked; its receipts stay.
func (db *DB) applyBureauRevoke(ctx context.Context, tx *sql.Tx, id string, r *app.BureauRevoke) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE notices SET state = 'revoked', revoked_at = ? WHERE uuid = ? AND source = 'bureau' AND state <> 'revoked'`,
		formatTime(r.RevokedAt), id)
	if err != nil {
		return false, err
	}
	changed, err := res.RowsAffected()
	return changed > 0, err
}
