package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"jxj/app"
	"jxj/app/i18n"
)

var _ app.NoticeService = (*noticeService)(nil)

// noticeService implements app.NoticeService; the receipts' half is in
// receipt.go.
type noticeService struct{ db *DB }

// SaveDraft validates the draft, copies its new files into the data
// folder (before the transaction, so a file that cannot be read stops the
// save before anything is stored) and writes the draft with its
// attachments. Files of attachments the draft drops are removed after the
// commit; the copies are removed again when the transaction fails.
func (s *noticeService) SaveDraft(ctx context.Context, d app.NoticeDraft) (*app.Notice, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if !d.Target.Empty() {
		// a draft may be saved before its target is chosen, but not with
		// one its author could never publish
		if err := app.CheckTarget(a, d.Target); err != nil {
			return nil, err
		}
	}
	// the files go into a folder named by the notice's uuid
	var noticeUUID string
	var stored []app.Attachment
	if d.ID == 0 {
		u, err := uuid.NewV7()
		if err != nil {
			return nil, app.WrapError(err, "error.storage", err)
		}
		noticeUUID = u.String()
	} else {
		err := s.db.read(ctx, func(tx *sql.Tx) error {
			n, err := loadNotice(ctx, tx, d.ID)
			if err != nil {
				return err
			}
			noticeUUID, stored = n.UUID, n.Attachments
			return checkDraft(a, n)
		})
		if err != nil {
			return nil, err
		}
	}
	added, err := copyAttachments(s.db.dir, noticeUUID, d.AddFiles, stored)
	if err != nil {
		return nil, err
	}

	var out *app.Notice
	var dropped []app.Attachment
	now := s.db.now()
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		id, action := d.ID, "notice.update"
		if id == 0 {
			action = "notice.create"
			res, err := tx.ExecContext(ctx, `INSERT INTO notices (uuid, title, body, target, requires_ack, deadline, state, created_by, created_at)
				VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?)`,
				noticeUUID, app.CleanTitle(d.Title), d.Body, d.Target.String(), d.RequiresAck, app.FormatDate(d.Deadline), a.Username, now)
			if id, err = lastID(res, err); err != nil {
				return err
			}
		} else {
			// checked again: the draft may have been published meanwhile
			n, err := loadNotice(ctx, tx, id)
			if err != nil {
				return err
			}
			if err := checkDraft(a, n); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE notices SET title = ?, body = ?, target = ?, requires_ack = ?, deadline = ? WHERE id = ?`,
				app.CleanTitle(d.Title), d.Body, d.Target.String(), d.RequiresAck, app.FormatDate(d.Deadline), id); err != nil {
				return err
			}
			keep := make(map[string]bool, len(d.Attachments))
			for _, att := range d.Attachments {
				keep[att.Path] = true
			}
			for _, att := range n.Attachments {
				if keep[att.Path] {
					continue
				}
				if _, err := tx.ExecContext(ctx, `DELETE FROM attachments WHERE notice_id = ? AND path = ?`, id, att.Path); err != nil {
					return err
				}
				dropped = append(dropped, att)
			}
		}
		if err := insertAttachments(ctx, tx, "notice_id", id, added); err != nil {
			return err
		}
		detail := fmt.Sprintf("title=%s attachments_added=%d attachments_removed=%d", app.CleanTitle(d.Title), len(added), len(dropped))
		if err := s.db.audit(ctx, tx, action, noticeTarget(id), detail); err != nil {
			return err
		}
		var err error
		out, err = loadVisible(ctx, tx, a, id)
		return err
	})
	if err != nil {
		removeAttachments(s.db.dir, added)
		return nil, err
	}
	keepAttachments(s.db.dir, dropped, s.db.Now()) // a restored backup may name them
	return out, nil
}

// Publish makes a draft's receipts, one per targeted student and staff
// member, each with its own slip code, and publishes it, all in one
// transaction: a publish that fails leaves the draft as it was.
func (s *noticeService) Publish(ctx context.Context, id int64) (*app.Notice, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var out *app.Notice
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		n, err := loadNotice(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := checkDraft(a, n); err != nil {
			return err
		}
		if err := app.CheckTarget(a, n.Target); err != nil {
			return err
		}
		recips, err := recipients(ctx, tx, n.Target)
		if err != nil {
			return err
		}
		if len(recips) == 0 {
			return app.Errorf(app.EINVALID, "storage.notice.error.nobody", n.Title)
		}
		if err := insertReceipts(ctx, tx, id, recips); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE notices SET state = 'published', published_at = ? WHERE id = ?`, s.db.now(), id); err != nil {
			return err
		}
		if err := s.db.audit(ctx, tx, "notice.publish", noticeTarget(id),
			fmt.Sprintf("title=%s target=%s receipts=%d", n.Title, n.Target, len(recips))); err != nil {
			return err
		}
		out, err = loadVisible(ctx, tx, a, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Revoke marks a published notice revoked; its receipts stay as they
// are. Who may: app.CanRevokeNotice.
func (s *noticeService) Revoke(ctx context.Context, id int64) (*app.Notice, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var out *app.Notice
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		n, err := loadVisible(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := app.CanRevokeNotice(a, n); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE notices SET state = 'revoked', revoked_at = ? WHERE id = ?`, s.db.now(), id); err != nil {
			return err
		}
		if err := s.db.audit(ctx, tx, "notice.revoke", noticeTarget(id), "title="+n.Title); err != nil {
			return err
		}
		out, err = loadVisible(ctx, tx, a, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Notices lists the notices the acting account may see, newest first
// (by id: a PC's clock can go backwards), with the counts of the receipts
// it may see.
func (s *noticeService) Notices(ctx context.Context) ([]*app.Notice, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var out []*app.Notice
	err = s.db.read(ctx, func(tx *sql.Tx) error {
		out, err = loadNotices(ctx, tx, a)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// loadNotices reads the notices a may see, as Notices lists them.
func loadNotices(ctx context.Context, q querier, a *app.Account) ([]*app.Notice, error) {
	counts, err := loadCounts(ctx, q, a, 0)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+noticeColumns+` FROM notices ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*app.Notice
	for rows.Next() {
		n, err := scanNotice(rows)
		if err != nil {
			return nil, err
		}
		n.Counts = counts[n.ID]
		if visible(a, n) {
			out = append(out, n)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	atts, err := loadAttachments(ctx, q, "notice_id", "notice_id IS NOT NULL")
	for _, n := range out {
		n.Attachments = atts[n.ID]
	}
	return out, err
}

// NoticeStatus returns a notice with its receipts counted per class, in
// grade and class order, the staff last; a teacher sees their own classes.
func (s *noticeService) NoticeStatus(ctx context.Context, id int64) (*app.NoticeStatus, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	st := &app.NoticeStatus{}
	err = s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		if st.Notice, err = loadVisible(ctx, tx, a, id); err != nil {
			return err
		}
		if st.Notice.Downloads, err = s.db.noticeDownloads(ctx, tx, id); err != nil { // bureau_file.go
			return err
		}
		scope, args := classScope(a)
		rows, err := tx.QueryContext(ctx, `SELECT COALESCE(r.class_id, 0), r.state, count(*) FROM receipts r
			WHERE r.notice_id = ? AND `+scope+` GROUP BY 1, 2`, append([]any{id}, args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		byClass := make(map[int64]*app.ReceiptCounts)
		for rows.Next() {
			var classID int64
			var state app.ReceiptState
			var n int
			if err := rows.Scan(&classID, &state, &n); err != nil {
				return err
			}
			c := byClass[classID]
			if c == nil {
				c = &app.ReceiptCounts{}
				byClass[classID] = c
			}
			for range n {
				c.Add(state)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		classes, err := loadClasses(ctx, tx)
		if err != nil {
			return err
		}
		for _, c := range classes {
			if counts := byClass[c.ID]; counts != nil {
				st.Classes = append(st.Classes, app.ClassProgress{ClassID: c.ID, ClassLabel: c.Label(), Counts: *counts})
			}
		}
		if counts := byClass[0]; counts != nil {
			st.Classes = append(st.Classes, app.ClassProgress{ClassLabel: staffLabel(), Counts: *counts})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

func isAuthor(a *app.Account, n *app.Notice) bool {
	return strings.EqualFold(a.Username, n.CreatedBy)
}

// visible reports whether a may see n, whose Counts are already those of
// the receipts a may see: drafts only their author and an admin; other
// notices admin and principal, and a teacher those they wrote or that
// reach their classes.
func visible(a *app.Account, n *app.Notice) bool {
	switch {
	case isAuthor(a, n) || a.IsAdmin():
		return true
	case n.State == app.NoticeStateDraft:
		return false
	case a.ReadsAll():
		return true
	}
	return n.Counts.Total > 0
}

// checkDraft says whether a may change or publish n: its author or an
// admin, while it is a draft. Another's draft is not found, as in the
// lists.
func checkDraft(a *app.Account, n *app.Notice) error {
	switch {
	case n.State == app.NoticeStatePublished:
		return app.Errorf(app.ECONFLICT, "storage.notice.error.published", n.Title)
	case n.State == app.NoticeStateRevoked:
		return app.Errorf(app.ECONFLICT, "storage.notice.error.revoked", n.Title)
	case !isAuthor(a, n) && !a.IsAdmin():
		return notFound(n.ID)
	}
	return nil
}

func notFound(id int64) error {
	return app.Errorf(app.ENOTFOUND, "storage.notice.error.not_found", id)
}

func noticeTarget(id int64) string { return fmt.Sprintf("notice:%d", id) }

// staffLabel is what the staff's receipts show where a class would be.
func staffLabel() string { return i18n.T("storage.notice.staff") }

// classScope is the SQL condition on receipts r that keeps those a may
// see, with its arguments: every receipt for admin and principal, the
// students of their own classes for a teacher.
func classScope(a *app.Account) (string, []any) {
	if a.ReadsAll() {
		return "1", nil
	}
	if len(a.ClassIDs) == 0 {
		return "0", nil
	}
	args := make([]any, len(a.ClassIDs))
	for i, id := range a.ClassIDs {
		args[i] = id
	}
	return "r.class_id IN (?" + strings.Repeat(", ?", len(args)-1) + ")", args
}

// loadCounts counts, per notice, the receipts a may see; noticeID 0
// counts every notice's.
func loadCounts(ctx context.Context, q querier, a *app.Account, noticeID int64) (map[int64]app.ReceiptCounts, error) {
	scope, args := classScope(a)
	query := `SELECT r.notice_id, r.state, count(*) FROM receipts r WHERE ` + scope
	if noticeID != 0 {
		query += ` AND r.notice_id = ?`
		args = append(args, noticeID)
	}
	rows, err := q.QueryContext(ctx, query+` GROUP BY 1, 2`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64]app.ReceiptCounts)
	for rows.Next() {
		var id int64
		var state app.ReceiptState
		var n int
		if err := rows.Scan(&id, &state, &n); err != nil {
			return nil, err
		}
		c := out[id]
		for range n {
			c.Add(state)
		}
		out[id] = c
	}
	return out, rows.Err()
}

const noticeColumns = `id, uuid, title, body, target, requires_ack, deadline, state, created_by, created_at, published_at, revoked_at,
	source = 'bureau', confirmed_at, forwarded_at`

func scanNotice(sc rowScanner) (*app.Notice, error) {
	var n app.Notice
	var target, deadline, state, created, published, revoked, confirmed, forwarded string
	if err := sc.Scan(&n.ID, &n.UUID, &n.Title, &n.Body, &target, &n.RequiresAck, &deadline, &state,
		&n.CreatedBy, &created, &published, &revoked, &n.Bureau, &confirmed, &forwarded); err != nil {
		return nil, err
	}
	n.State = app.NoticeState(state)
	n.CreatedAt, n.PublishedAt, n.RevokedAt = parseTime(created), parseTime(published), parseTime(revoked)
	n.ConfirmedAt, n.ForwardedAt = parseTime(confirmed), parseTime(forwarded)
	if target != "" {
		t, err := app.ParseTarget(target)
		if err != nil {
			return nil, fmt.Errorf("notice %d: stored target %q: %w", n.ID, target, err)
		}
		n.Target = t
	}
	d, err := app.ParseDate(deadline)
	if err != nil {
		return nil, fmt.Errorf("notice %d: stored deadline %q: %w", n.ID, deadline, err)
	}
	n.Deadline = d
	return &n, nil
}

// loadNotice reads one notice with its attachments, without counts.
func loadNotice(ctx context.Context, q querier, id int64) (*app.Notice, error) {
	n, err := scanNotice(q.QueryRowContext(ctx, `SELECT `+noticeColumns+` FROM notices WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(id)
	}
	if err != nil {
		return nil, err
	}
	atts, err := loadAttachments(ctx, q, "notice_id", "notice_id = ?", id)
	n.Attachments = atts[id]
	return n, err
}

// loadVisible reads one notice with the counts a may see, or ENOTFOUND
// when a may not see it.
func loadVisible(ctx context.Context, q querier, a *app.Account, id int64) (*app.Notice, error) {
	n, err := loadNotice(ctx, q, id)
	if err != nil {
		return nil, err
	}
	counts, err := loadCounts(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	n.Counts = counts[id]
	if !visible(a, n) {
		return nil, notFound(id)
	}
	return n, nil
}

// recipient is one receipt to make: a student (with their class) or a
// staff member.
type recipient struct {
	studentID, classID, staffID int64
}

// recipients lists who target t reaches now: the students on the roll of
// its classes (of the current year), by class, and every staff member
// when it names the staff. A class id that does not exist (or is a past
// year's) is an error.
func recipients(ctx context.Context, q querier, t app.Target) ([]recipient, error) {
	classes, err := q.QueryContext(ctx, `SELECT id, grade FROM classes WHERE year = `+currentYear)
	if err != nil {
		return nil, err
	}
	defer classes.Close()
	included := make(map[int64]bool)
	exists := make(map[int64]bool)
	for classes.Next() {
		var c app.Class
		if err := classes.Scan(&c.ID, &c.Grade); err != nil {
			return nil, err
		}
		exists[c.ID] = true
		if t.IncludesClass(&c) {
			included[c.ID] = true
		}
	}
	if err := classes.Err(); err != nil {
		return nil, err
	}
	classes.Close()
	for _, id := range t.ClassIDs {
		if !exists[id] {
			return nil, app.Errorf(app.EINVALID, "storage.notice.error.class_unknown", id)
		}
	}

	var out []recipient
	if len(included) > 0 {
		rows, err := q.QueryContext(ctx, `SELECT id, class_id FROM students WHERE status = 'active' ORDER BY class_id, id`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var r recipient
			if err := rows.Scan(&r.studentID, &r.classID); err != nil {
				return nil, err
			}
			if included[r.classID] {
				out = append(out, r)
			}
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		rows.Close()
	}
	if t.Staff {
		rows, err := q.QueryContext(ctx, `SELECT id FROM staff ORDER BY id`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var r recipient
			if err := rows.Scan(&r.staffID); err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// maxCodeTries bounds the draws for a free slip code: with 887 million
// codes even a million stored ones make a second draw rare.
const maxCodeTries = 20

// newSlipCode draws slip codes; tests replace it to force collisions.
var newSlipCode = app.NewSlipCode

// insertFree runs an INSERT … ON CONFLICT DO NOTHING of a key that may be
// taken already (a random slip code, a hashed family number) until one
// try inserts a row, giving insert the number of the try from 0.
func insertFree(tries int, what string, insert func(try int) (sql.Result, error)) error {
	for try := range tries {
		res, err := insert(try)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
	}
	return fmt.Errorf("no free %s after %d tries", what, tries)
}

// insertReceipts writes one receipt per recipient. A slip code already
// taken (by any notice: codes are unique across the table) is skipped by
// ON CONFLICT and drawn again.
func insertReceipts(ctx context.Context, tx *sql.Tx, noticeID int64, recips []recipient) error {
	ins, err := tx.PrepareContext(ctx, `INSERT INTO receipts (uuid, notice_id, student_id, staff_id, class_id, code)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, r := range recips {
		u, err := uuid.NewV7()
		if err != nil {
			return err
		}
		err = insertFree(maxCodeTries, "slip code", func(int) (sql.Result, error) {
			return ins.ExecContext(ctx, u.String(), noticeID, nullID(r.studentID), nullID(r.staffID), nullID(r.classID), newSlipCode())
		})
		if err != nil {
			return err
		}
	}
	return nil
}
