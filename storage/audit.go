package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"jxj/app"
)

var _ app.AuditService = (*auditService)(nil)

// auditService implements app.AuditService.
type auditService struct{ db *DB }

// DefaultAuditLimit is how many entries AuditLog returns for a limit of 0.
const DefaultAuditLimit = 200

// AuditLog returns the entries f asks for, newest first; admin or
// principal only. Entries are ordered by id, the order they were written,
// not by their time: a PC's clock can go backwards.
func (s *auditService) AuditLog(ctx context.Context, f app.AuditFilter) ([]*app.AuditEntry, bool, error) {
	if err := requireReadsAll(ctx); err != nil {
		return nil, false, err
	}
	if err := f.Validate(); err != nil {
		return nil, false, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultAuditLimit
	}
	where, args := auditWhere(f)
	var out []*app.AuditEntry
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, at, actor, action, target, detail FROM audit
			WHERE `+where+` ORDER BY id DESC LIMIT ?`, append(args, limit+1)...)
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
		if err := rows.Err(); err != nil {
			return err
		}
		return nameAuditEntries(ctx, tx, out[:min(len(out), limit)])
	})
	if err != nil {
		return nil, false, err
	}
	if len(out) > limit {
		return out[:limit], true, nil
	}
	return out, false, nil
}

// auditWhere is the SQL condition of f on the audit table, with its
// arguments. The days are local calendar days; at is stored in UTC.
func auditWhere(f app.AuditFilter) (string, []any) {
	conds := []string{"1"}
	var args []any
	if f.Actor != "" {
		conds = append(conds, "actor = ?")
		args = append(args, f.Actor)
	}
	if f.Kind != "" {
		actions := app.AuditActions(f.Kind)
		conds = append(conds, "action IN ("+strings.TrimSuffix(strings.Repeat("?,", len(actions)), ",")+")")
		for _, a := range actions {
			args = append(args, a)
		}
	}
	if !f.From.IsZero() {
		conds = append(conds, "at >= ?")
		args = append(args, formatTime(localDay(f.From)))
	}
	if !f.To.IsZero() {
		conds = append(conds, "at < ?")
		args = append(args, formatTime(localDay(f.To).AddDate(0, 0, 1)))
	}
	if f.Before > 0 {
		conds = append(conds, "id < ?")
		args = append(args, f.Before)
	}
	return strings.Join(conds, " AND "), args
}

// AuditActors lists everyone in the log, by username.
func (s *auditService) AuditActors(ctx context.Context) ([]app.AuditActor, error) {
	if err := requireReadsAll(ctx); err != nil {
		return nil, err
	}
	var out []app.AuditActor
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT actor FROM audit ORDER BY actor`)
		if err != nil {
			return err
		}
		var names []string
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				rows.Close()
				return err
			}
			names = append(names, name)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, name := range names {
			p, err := auditActor(ctx, tx, name)
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// nameAuditEntries fills in each entry's actor as a person and the names
// of what it refers to (app.AuditEntry.Refs), as they are now; each is
// looked up once.
func nameAuditEntries(ctx context.Context, q querier, entries []*app.AuditEntry) error {
	people := make(map[string]app.AuditActor)
	type found struct {
		name string
		ok   bool
	}
	names := make(map[string]found)
	for _, e := range entries {
		p, ok := people[e.Actor]
		if !ok {
			var err error
			if p, err = auditActor(ctx, q, e.Actor); err != nil {
				return err
			}
			people[e.Actor] = p
		}
		e.Who = p
		e.Names = make(map[string]string)
		for _, ref := range e.Refs() {
			n, ok := names[ref]
			if !ok {
				var err error
				if n.name, n.ok, err = auditRefName(ctx, q, ref); err != nil {
					return err
				}
				names[ref] = n
			}
			if n.ok {
				e.Names[ref] = n.name
			}
		}
	}
	return nil
}

// auditActor is the account of a username in the log as a person; the
// username alone when no account has it (the system, the setup).
func auditActor(ctx context.Context, q querier, username string) (app.AuditActor, error) {
	p := app.AuditActor{Username: username}
	var role string
	err := q.QueryRowContext(ctx, `SELECT a.role, COALESCE(s.name, '') FROM accounts a
		LEFT JOIN staff s ON s.id = a.staff_id WHERE a.username = ?`, username).Scan(&role, &p.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	}
	p.Role = app.Role(role)
	return p, err
}

// auditRefQueries read the name of a thing an audit entry refers to by
// its kind and id ("notice:3"); a receipt's is the student's (or staff
// member's) it belongs to, by its uuid.
var auditRefQueries = map[string]string{
	"notice":  `SELECT title FROM notices WHERE id = ?`,
	"form":    `SELECT title FROM forms WHERE id = ?`,
	"exam":    `SELECT name FROM exams WHERE id = ?`,
	"student": `SELECT name FROM students WHERE id = ?`,
	"staff":   `SELECT name FROM staff WHERE id = ?`,
	"leave":   `SELECT s.name FROM leaves l JOIN students s ON s.id = l.student_id WHERE l.id = ?`,
	"receipt": `SELECT COALESCE(s.name, t.name) FROM receipts r
		LEFT JOIN students s ON s.id = r.student_id LEFT JOIN staff t ON t.id = r.staff_id WHERE r.uuid = ?`,
}

// auditRefName is what ref is called now; ok is false when it is gone or
// is not something with a name.
func auditRefName(ctx context.Context, q querier, ref string) (name string, ok bool, err error) {
	kind, id, _ := strings.Cut(ref, ":")
	switch kind {
	case "class":
		var c app.Class
		err = q.QueryRowContext(ctx, `SELECT grade, name, year, year < `+currentYear+` FROM classes WHERE id = ?`, id).
			Scan(&c.Grade, &c.Name, &c.Year, &c.Past)
		name = c.Label()
	case "homework":
		var subject, due string
		err = q.QueryRowContext(ctx, `SELECT subject, due FROM homework WHERE id = ?`, id).Scan(&subject, &due)
		name = app.HomeworkLabel(subject, due)
	default:
		query, known := auditRefQueries[kind]
		if !known {
			return "", false, nil
		}
		err = q.QueryRowContext(ctx, query, id).Scan(&name)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return name, err == nil, err
}

func requireReadsAll(ctx context.Context) error {
	a := app.AccountFromContext(ctx)
	if a == nil {
		return app.Errorf(app.EUNAUTHORIZED, "error.login_required")
	}
	if !a.ReadsAll() {
		return app.Errorf(app.EFORBIDDEN, "storage.error.reads_all_only")
	}
	return nil
}

// VerifyAudit walks the chain from the first row to the head.
func (s *auditService) VerifyAudit(ctx context.Context) (*app.AuditCheck, error) {
	if err := requireReadsAll(ctx); err != nil {
		return nil, err
	}
	var check *app.AuditCheck
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		check, err = verifyChain(ctx, tx)
		return err
	})
	return check, err
}

// RecordExport writes the audit row of an export as the acting account.
func (s *auditService) RecordExport(ctx context.Context, e app.Export) error {
	if app.AccountFromContext(ctx) == nil {
		return app.Errorf(app.EUNAUTHORIZED, "error.login_required")
	}
	where := e.Path
	if where == "-" {
		where = "stdout"
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		return s.db.audit(ctx, tx, "data.export", "export:"+e.What,
			fmt.Sprintf("what=%s rows=%d file=%s", e.What, e.Rows, where))
	})
}

// audit writes an audit row for the acting account in tx, the transaction
// of the change it records. A read-only account changes nothing.
func (db *DB) audit(ctx context.Context, tx *sql.Tx, action, target, detail string) error {
	if a := app.AccountFromContext(ctx); a != nil && a.ReadOnly {
		return app.Errorf(app.EFORBIDDEN, "account.error.read_only")
	}
	return appendAudit(ctx, tx, auditRow{at: db.now(), actor: actorName(ctx), action: action, target: target, detail: detail})
}

// actorName is the acting account's username. Changes without one are
// the node's own (the sync with the hub), written as the system.
func actorName(ctx context.Context) string {
	if a := app.AccountFromContext(ctx); a != nil {
		return a.Username
	}
	return app.SystemAccount.Username
}

// auditRow is a row of the school's audit log as stored: at is the text
// the hash covers.
type auditRow struct {
	id                                int64
	at, actor, action, target, detail string
	hash                              string
}

// chainHash is the row's hash after prev: SHA-256 over prev and the
// row's fields, each preceded by its length so that no two rows hash the
// same by moving text from one field to the next.
func (r *auditRow) chainHash(prev string) string {
	h := sha256.New()
	for _, f := range []string{prev, strconv.FormatInt(r.id, 10), r.at, r.actor, r.action, r.target, r.detail} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// appendAudit adds r to the school's chain: its hash covers the head's, and
// it becomes the head. Its id follows both the head and the highest row:
// rows deleted at the end leave a gap that shows, and a row inserted by
// hand cannot make jxj's next write fail.
func appendAudit(ctx context.Context, tx *sql.Tx, r auditRow) error {
	var prev string
	if err := tx.QueryRowContext(ctx, `SELECT
		max(COALESCE((SELECT max(id) FROM audit), 0), COALESCE((SELECT last_id FROM audit_head WHERE id = 1), 0)) + 1,
		COALESCE((SELECT hash FROM audit_head WHERE id = 1), '')`).Scan(&r.id, &prev); err != nil {
		return err
	}
	r.hash = r.chainHash(prev)
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit (id, at, actor, action, target, detail, hash) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		r.id, r.at, r.actor, r.action, r.target, r.detail, r.hash); err != nil {
		return err
	}
	return setAuditHead(ctx, tx, r.id, r.hash)
}

// auditHead returns the last row written and its hash; 0 and "" before
// the first.
func auditHead(ctx context.Context, q querier) (int64, string, error) {
	var id int64
	var hash string
	err := q.QueryRowContext(ctx, `SELECT last_id, hash FROM audit_head WHERE id = 1`).Scan(&id, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return id, hash, err
}

func setAuditHead(ctx context.Context, tx *sql.Tx, id int64, hash string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_head (id, last_id, hash) VALUES (1, ?, ?)
		ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, hash = excluded.hash`, id, hash)
	return err
}

// readAuditRows calls fn with each row of the log in id order.
func readAuditRows(ctx context.Context, q querier, fn func(r *auditRow) (more bool)) error {
	rows, err := q.QueryContext(ctx, `SELECT id, at, actor, action, target, detail, hash FROM audit ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r auditRow
		if err := rows.Scan(&r.id, &r.at, &r.actor, &r.action, &r.target, &r.detail, &r.hash); err != nil {
			return err
		}
		if !fn(&r) {
			break
		}
	}
	return rows.Err()
}

// verifyChain recomputes every row's hash from the one before it and
// compares the last with the head. A row that does not match right after
// its predecessor was changed (or inserted by hand); one that follows a gap
// in the ids means the rows in the gap are gone.
func verifyChain(ctx context.Context, q querier) (*app.AuditCheck, error) {
	check := &app.AuditCheck{}
	var prevID int64
	var prev string
	err := readAuditRows(ctx, q, func(r *auditRow) bool {
		check.Rows++
		if r.hash == r.chainHash(prev) {
			prevID, prev = r.id, r.hash
			return true
		}
		check.At = r.id
		if r.id != prevID+1 {
			check.Break, check.Expected = app.AuditMissing, prevID+1
		} else {
			check.Break = app.AuditEdited
		}
		return false
	})
	if err != nil || !check.OK() {
		return check, err
	}
	headID, headHash, err := auditHead(ctx, q)
	if err != nil {
		return nil, err
	}
	switch {
	case headID == prevID && headHash == prev:
	case headID > prevID:
		check.Break, check.At, check.Expected = app.AuditTruncated, prevID, headID
	default:
		// rows added after the head, or the last row and its hash
		// rewritten: either way the first row the head does not cover
		check.Break, check.At = app.AuditEdited, min(headID+1, prevID)
	}
	return check, nil
}

// sealAudit turns the rows written before the log was a chain into one
// (the Go step of migration 0007): they are trusted as they are.
func sealAudit(ctx context.Context, tx *sql.Tx) error {
	var rows []auditRow
	if err := readAuditRows(ctx, tx, func(r *auditRow) bool {
		rows = append(rows, *r)
		return true
	}); err != nil {
		return err
	}
	prev := ""
	for i := range rows {
		r := &rows[i]
		r.hash = r.chainHash(prev)
		if _, err := tx.ExecContext(ctx, `UPDATE audit SET hash = ? WHERE id = ?`, r.hash, r.id); err != nil {
			return err
		}
		prev = r.hash
	}
	if len(rows) == 0 {
		return nil
	}
	return setAuditHead(ctx, tx, rows[len(rows)-1].id, prev)
}

// insertAudit writes a row of the hub's audit log, which is not chained
// (the hub's tables are its own; see storage/hub.go).
func insertAudit(ctx context.Context, tx *sql.Tx, at, actor, action, target, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)`,
		at, actor, action, target, detail)
	return err
}
