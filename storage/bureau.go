package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
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
		if err := assignFamilies(ctx, tx, `SELECT s.id, s.uuid FROM receipts r JOIN students s ON s.id = r.student_id
			WHERE r.notice_id = ? AND s.id NOT IN (SELECT student_id FROM sync_families)`, id); err != nil {
			return err
		}
		// receipts the hub had from the copy this database was restored
		// over: their families had the notice, so it reaches them again
		held, err := applyHeld(ctx, tx, id, n.UUID)
		if err != nil {
			return err
		}
		families, err := countFamilies(ctx, tx, id)
		if err != nil {
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
			fmt.Sprintf("uuid=%s target=%s receipts=%d held=%d", n.UUID, t, len(recips), held)); err != nil {
			return err
		}
		out, err = loadVisible(ctx, tx, a, id)
		return err
	})
	return out, err
}

// maxFamilyTries bounds the search for a free family number: with a
// trillion numbers and a school's thousands taken, a second try is
// already rare.
const maxFamilyTries = 100

// heldBy records the receipts merged from the hub (sync_held): no account
// can have the name, and the outbox trigger leaves them out, as the hub
// has them already.
const heldBy = "@hub"

// assignFamilies gives the students a query lists (id, uuid) their
// family numbers (app.FamilyNumber): the same on every copy of the
// school's data. A number another student has is passed over for the
// student's next. Students are taken in uuid order, so two that want
// the same number settle it the same way wherever both are numbered at
// once.
func assignFamilies(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	type student struct {
		id   int64
		uuid string
	}
	rows, err := tx.QueryContext(ctx, query+` ORDER BY s.uuid`, args...)
	if err != nil {
		return err
	}
	var students []student
	for rows.Next() {
		var st student
		if err := rows.Scan(&st.id, &st.uuid); err != nil {
			rows.Close()
			return err
		}
		students = append(students, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// a conflict on student_id is an error, never a reason to try again
	ins, err := tx.PrepareContext(ctx, `INSERT INTO sync_families (student_id, family) VALUES (?, ?) ON CONFLICT (family) DO NOTHING`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, st := range students {
		err := insertFree(maxFamilyTries, "family number", func(try int) (sql.Result, error) {
			return ins.ExecContext(ctx, st.id, app.FamilyNumber(st.uuid, try))
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// countFamilies is how many families a bureau notice reaches: its
// students' receipts.
func countFamilies(ctx context.Context, q querier, noticeID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM receipts WHERE notice_id = ? AND student_id IS NOT NULL`, noticeID).Scan(&n)
	return n, err
}

// applyHeld applies the held receipts of a bureau notice to the
// receipts of their families' students, by max state, and deletes them.
// A student the school's forward did not reach gets a receipt: the
// family had the notice from the copy this database was restored over.
// A family no student here has stays held. It returns how many receipts
// it made.
func applyHeld(ctx context.Context, tx *sql.Tx, noticeID int64, notice string) (int, error) {
	var held, unknown int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(family NOT IN (SELECT family FROM sync_families)), 0)
		FROM sync_held WHERE notice = ?`, notice).Scan(&held, &unknown); err != nil || held == 0 {
		return 0, err
	}
	if unknown > 0 {
		// a family numbered by the lost copy: number every student, as
		// that copy would have
		if err := assignFamilies(ctx, tx, `SELECT s.id, s.uuid FROM students s WHERE s.id NOT IN (SELECT student_id FROM sync_families)`); err != nil {
			return 0, err
		}
	}
	var recips []recipient
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.class_id FROM sync_held h JOIN sync_families f ON f.family = h.family
		JOIN students s ON s.id = f.student_id
		WHERE h.notice = ? AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.notice_id = ? AND r.student_id = s.id)
		ORDER BY s.class_id, s.id`, notice, noticeID)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var r recipient
		if err := rows.Scan(&r.studentID, &r.classID); err != nil {
			rows.Close()
			return 0, err
		}
		recips = append(recips, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if err := insertReceipts(ctx, tx, noticeID, recips); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE receipts SET state = h.state, channel = h.channel,
			recorded_at = strftime('%Y-%m-%dT%H:%M:%fZ', h.at, 'unixepoch'), recorded_by = ?
		FROM sync_held h JOIN sync_families f ON f.family = h.family
		WHERE h.notice = ? AND receipts.notice_id = ? AND receipts.student_id = f.student_id AND h.state > receipts.state`,
		heldBy, notice, noticeID); err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM sync_held WHERE notice = ? AND family IN (SELECT family FROM sync_families)`, notice)
	return len(recips), err
}

// releaseHeld applies the held receipts of a bureau notice the school
// has forwarded. When that reached more families, the forward goes up
// again with the new count, before the receipts that need it: the
// pending forward is changed while it is not yet packed in a batch.
func (db *DB) releaseHeld(ctx context.Context, tx *sql.Tx, notice string) error {
	var id int64
	var forwarded string
	err := tx.QueryRowContext(ctx, `SELECT id, forwarded_at FROM notices WHERE uuid = ? AND source = 'bureau'`, notice).Scan(&id, &forwarded)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && forwarded == "") {
		return nil
	}
	if err != nil {
		return err
	}
	made, err := applyHeld(ctx, tx, id, notice)
	if err != nil || made == 0 {
		return err
	}
	families, err := countFamilies(ctx, tx, id)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE outbox SET body = json_set(body, '$.families', ?)
		WHERE type = ? AND record = ? AND state = 'pending' AND batch IS NULL`, families, app.OpNoticeForward, notice)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	at := parseTime(forwarded)
	return enqueue(ctx, tx, db.Now(), app.OpNoticeForward, notice, outNotice{Notice: notice, At: at.Unix(), Families: families})
}

// loadBureau loads a bureau notice that a may confirm and forward
// (app.CanHandleBureauNotice).
func loadBureau(ctx context.Context, tx *sql.Tx, a *app.Account, id int64) (*app.Notice, error) {
	n, err := loadNotice(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := app.CanHandleBureauNotice(a, n); err != nil {
		return nil, err
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
