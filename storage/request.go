package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"jxj/app"
)

// requestService implements app.RequestService: the school's requests to
// the bureau, their files kept with the school's attachments, and their
// state as the hub's feed last told it.
type requestService struct{ db *DB }

var _ app.RequestService = (*requestService)(nil)

// mayRequest returns the acting account when it may write requests: those
// who oversee the school, as for the bureau's surveys.
func mayRequest(ctx context.Context) (*app.Account, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	if !a.ReadsAll() {
		return nil, app.Errorf(app.EFORBIDDEN, "approvals.error.forbidden")
	}
	return a, nil
}

// Requests lists the requests, newest first.
func (s *requestService) Requests(ctx context.Context) ([]*app.Request, error) {
	if _, err := mayRequest(ctx); err != nil {
		return nil, err
	}
	var out []*app.Request
	err := s.db.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = loadRequests(ctx, tx, ``)
		return err
	})
	return out, err
}

// Request returns one request with its files.
func (s *requestService) Request(ctx context.Context, id int64) (*app.Request, error) {
	if _, err := mayRequest(ctx); err != nil {
		return nil, err
	}
	var out *app.Request
	err := s.db.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = loadRequest(ctx, tx, id)
		return err
	})
	return out, err
}

const requestSelect = `SELECT id, uuid, type, title, body, fields, state, steps, opinion, due, created_at, created_by,
	submitted_at, decided_at, dismissed_at FROM requests`

// loadRequests reads the requests a WHERE clause picks, newest first, with
// their files.
func loadRequests(ctx context.Context, q querier, where string, args ...any) ([]*app.Request, error) {
	rows, err := q.QueryContext(ctx, requestSelect+" "+where+` ORDER BY id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*app.Request
	for rows.Next() {
		var r app.Request
		var fields, steps, due, created, submitted, decided, dismissed string
		if err := rows.Scan(&r.ID, &r.UUID, &r.Type, &r.Title, &r.Body, &fields, &r.State, &steps, &r.Opinion, &due,
			&created, &r.CreatedBy, &submitted, &decided, &dismissed); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(fields), &r.Fields); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(steps), &r.Steps); err != nil {
			return nil, err
		}
		r.Due, r.CreatedAt, r.SubmittedAt = parseTime(due), parseTime(created), parseTime(submitted)
		r.DecidedAt, r.DismissedAt = parseTime(decided), parseTime(dismissed)
		out = append(out, &r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for _, r := range out {
		if r.Files, err = loadRequestFiles(ctx, q, r.ID); err != nil {
			return nil, err
		}
		for i := range r.Files {
			r.Files[i].Pos = i
		}
	}
	return out, nil
}

func loadRequestFiles(ctx context.Context, q querier, id int64) ([]app.RequestFile, error) {
	return queryAll(ctx, q, func(sc rowScanner) (app.RequestFile, error) {
		var f app.RequestFile
		err := sc.Scan(&f.Name, &f.Path, &f.Size, &f.SHA256)
		return f, err
	}, `SELECT name, path, size, sha256 FROM request_files WHERE request_id = ? ORDER BY id`, id)
}

func loadRequest(ctx context.Context, q querier, id int64) (*app.Request, error) {
	out, err := loadRequests(ctx, q, `WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, app.Errorf(app.ENOTFOUND, "approvals.error.not_found", id)
	}
	return out[0], nil
}

// checkRequestDraft checks what a draft must have before it is stored: a known
// type, a title, text within the limits and no field its template lacks.
// The rest (required fields, dates, numbers) waits for the submit.
func checkRequestDraft(d app.RequestDraftInput) error {
	tpl, ok := app.Template(d.Type)
	switch {
	case !ok:
		return app.Errorf(app.EINVALID, "approvals.error.type", string(d.Type))
	case app.CleanTitle(d.Title) == "":
		return app.Errorf(app.EINVALID, "approvals.error.title_required")
	case utf8.RuneCountInString(app.CleanTitle(d.Title)) > app.MaxRequestTitle:
		return app.Errorf(app.EINVALID, "approvals.error.title_long", app.MaxRequestTitle)
	case utf8.RuneCountInString(d.Body) > app.MaxRequestBody:
		return app.Errorf(app.EINVALID, "approvals.error.body_long", app.MaxRequestBody)
	}
	for k := range d.Fields {
		known := false
		for _, f := range tpl.Fields {
			known = known || f.Key == k
		}
		if !known {
			return app.Errorf(app.EINVALID, "approvals.error.field_unknown", k)
		}
	}
	for _, f := range d.Files {
		fi, err := os.Stat(f)
		if err == nil && fi.Size() > app.MaxRequestFileSize {
			return app.Errorf(app.EINVALID, "approvals.error.file_large", filepath.Base(f), app.MaxRequestFileSize>>20)
		}
	}
	return nil
}

// SaveRequest stores a draft: a new one, or the draft d.ID with d's text
// and its files plus d.Files. The files are copied and hashed first; a
// failure stores nothing and leaves no copy.
func (s *requestService) SaveRequest(ctx context.Context, d app.RequestDraftInput) (*app.Request, error) {
	a, err := mayRequest(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkRequestDraft(d); err != nil {
		return nil, err
	}
	var old *app.Request
	id := ""
	if d.ID != 0 {
		if err := s.db.read(ctx, func(tx *sql.Tx) (err error) {
			old, err = loadRequest(ctx, tx, d.ID)
			return err
		}); err != nil {
			return nil, err
		}
		if old.State != app.RequestDraft {
			return nil, app.Errorf(app.ECONFLICT, "approvals.error.not_draft", old.Title, app.StateLabel(old.State))
		}
		id = old.UUID
	} else {
		v, err := uuid.NewV7()
		if err != nil {
			return nil, app.WrapError(err, "error.storage", err)
		}
		id = v.String()
	}
	var taken, dropped []app.Attachment
	if old != nil {
		for _, f := range old.Files {
			a := app.Attachment{Name: f.Name, Path: f.Path, Size: f.Size}
			if slices.Contains(d.Drop, f.Path) {
				dropped = append(dropped, a)
			} else {
				taken = append(taken, a)
			}
		}
	}
	if n := len(taken) + len(d.Files); n > app.MaxRequestFiles {
		return nil, app.Errorf(app.EINVALID, "approvals.error.too_many_files", n, app.MaxRequestFiles)
	}
	copies, err := copyAttachments(s.db.dir, id, d.Files, taken)
	if err != nil {
		return nil, err
	}
	files := make([]app.RequestFile, len(copies))
	for i, c := range copies {
		full := filepath.Join(s.db.dir, filepath.FromSlash(c.Path))
		if c.Size > app.MaxRequestFileSize {
			err = app.Errorf(app.EINVALID, "approvals.error.file_large", c.Name, app.MaxRequestFileSize>>20)
		} else if files[i].SHA256, err = fileSHA256(full); err != nil {
			err = app.WrapError(err, "error.storage", err)
		}
		if err != nil {
			removeAttachments(s.db.dir, copies)
			return nil, err
		}
		files[i].Name, files[i].Path, files[i].Size = c.Name, c.Path, c.Size
	}
	fields, err := json.Marshal(nonNilFields(d.Fields))
	if err != nil {
		return nil, err
	}
	var out *app.Request
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		reqID := d.ID
		title := app.CleanTitle(d.Title)
		if reqID == 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO requests (uuid, type, title, body, fields, created_at, created_by)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, id, string(d.Type), title, d.Body, string(fields), s.db.now(), a.Username)
			if err != nil {
				return err
			}
			if reqID, err = res.LastInsertId(); err != nil {
				return err
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE requests SET type = ?, title = ?, body = ?, fields = ? WHERE id = ? AND state = 'draft'`,
				string(d.Type), title, d.Body, string(fields), reqID)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return orElse(err, app.Errorf(app.ECONFLICT, "approvals.error.not_draft", title, app.StateLabel(app.RequestSubmitted)))
			}
		}
		for _, f := range dropped {
			if _, err := tx.ExecContext(ctx, `DELETE FROM request_files WHERE request_id = ? AND path = ?`, reqID, f.Path); err != nil {
				return err
			}
		}
		for _, f := range files {
			if _, err := tx.ExecContext(ctx, `INSERT INTO request_files (request_id, name, path, size, sha256) VALUES (?, ?, ?, ?, ?)`,
				reqID, f.Name, f.Path, f.Size, f.SHA256); err != nil {
				return err
			}
		}
		if err := s.db.audit(ctx, tx, "request.save", "request:"+id,
			fmt.Sprintf("title=%s type=%s files=%d dropped=%d", title, d.Type, len(files), len(dropped))); err != nil {
			return err
		}
		out, err = loadRequest(ctx, tx, reqID)
		return err
	})
	if err != nil {
		removeAttachments(s.db.dir, copies)
		return nil, err
	}
	removeAttachments(s.db.dir, dropped) // once no row names them
	return out, nil
}

// DeleteDraft deletes a draft that was never submitted, its rows and its
// files' copies; a request submitted is ECONFLICT (it is withdrawn).
func (s *requestService) DeleteDraft(ctx context.Context, id int64) error {
	if _, err := mayRequest(ctx); err != nil {
		return err
	}
	var files []app.Attachment
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		r, err := loadRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		if r.State != app.RequestDraft {
			return app.Errorf(app.ECONFLICT, "approvals.error.not_a_draft", r.Title, app.StateLabel(r.State))
		}
		for _, f := range r.Files {
			files = append(files, app.Attachment{Name: f.Name, Path: f.Path, Size: f.Size})
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM request_files WHERE request_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM requests WHERE id = ? AND state = 'draft'`, id); err != nil {
			return err
		}
		return s.db.audit(ctx, tx, "request.delete", "request:"+r.UUID, "title="+r.Title)
	})
	if err != nil {
		return err
	}
	removeAttachments(s.db.dir, files)
	return nil
}

// orElse returns err, or else fallback.
func orElse(err error, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

func nonNilFields(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// outRequest is the outbox body of OpRequestSubmit and OpRequestWithdraw
// (app.PackOps reads its request field).
type outRequest struct {
	Request *app.RequestUp `json:"request"`
}

// SubmitRequest checks a draft in full and queues it to go up, with its
// audit row, in one transaction; its files go up ahead of it.
func (s *requestService) SubmitRequest(ctx context.Context, id int64) (*app.Request, error) {
	return s.queue(ctx, id, func(tx *sql.Tx, r *app.Request, now time.Time) (*app.RequestUp, error) {
		if r.State != app.RequestDraft {
			return nil, app.Errorf(app.ECONFLICT, "approvals.error.not_draft", r.Title, app.StateLabel(r.State))
		}
		if err := app.ValidateRequest(r.Type, r.Title, r.Body, r.Fields); err != nil {
			return nil, err
		}
		fields := app.NormalizeFields(r.Type, r.Fields)
		b, err := json.Marshal(fields)
		if err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE requests SET state = 'submitted', fields = ?, submitted_at = ? WHERE id = ?`,
			string(b), formatTime(now), id); err != nil {
			return nil, err
		}
		up := &app.RequestUp{UUID: r.UUID, Type: r.Type, Title: r.Title, Body: r.Body, Fields: fields, At: now.Unix()}
		for i, f := range r.Files {
			up.Files = append(up.Files, app.RequestFile{Pos: i, Name: f.Name, Size: f.Size, SHA256: f.SHA256})
		}
		return up, nil
	})
}

// WithdrawRequest marks a request the bureau has not decided withdrawn and
// queues the withdrawal. The hub has the last word: a decision it made
// meanwhile comes down the feed and stands (the withdrawal is refused).
func (s *requestService) WithdrawRequest(ctx context.Context, id int64) (*app.Request, error) {
	return s.queue(ctx, id, func(tx *sql.Tx, r *app.Request, now time.Time) (*app.RequestUp, error) {
		switch {
		case r.State.Decided():
			return nil, app.Errorf(app.ECONFLICT, "approvals.error.withdraw_decided", r.Title, app.StateLabel(r.State))
		case !r.State.Open():
			return nil, app.Errorf(app.ECONFLICT, "approvals.error.withdraw_state", r.Title, app.StateLabel(r.State))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE requests SET state = 'withdrawn' WHERE id = ?`, id); err != nil {
			return nil, err
		}
		return &app.RequestUp{UUID: r.UUID, At: now.Unix()}, nil
	})
}

// queue runs a submit (up has a type) or a withdrawal of request id in
// one transaction: change refuses it before writing, or writes it and
// returns the op's body; the op is queued with its audit row.
func (s *requestService) queue(ctx context.Context, id int64,
	change func(tx *sql.Tx, r *app.Request, now time.Time) (*app.RequestUp, error)) (*app.Request, error) {
	if _, err := mayRequest(ctx); err != nil {
		return nil, err
	}
	var out *app.Request
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		r, err := loadRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		now := s.db.Now()
		up, err := change(tx, r, now)
		if err != nil {
			return err
		}
		op, action, detail := app.OpRequestWithdraw, "request.withdraw", "title="+r.Title
		if up.Type != "" {
			op, action = app.OpRequestSubmit, "request.submit"
			detail = fmt.Sprintf("title=%s type=%s files=%d", r.Title, r.Type, len(r.Files))
		}
		if err := enqueue(ctx, tx, now, op, r.UUID, outRequest{Request: up}); err != nil {
			return err
		}
		if err := s.db.audit(ctx, tx, action, "request:"+r.UUID, detail); err != nil {
			return err
		}
		out, err = loadRequest(ctx, tx, id)
		return err
	})
	return out, err
}

// DismissRequest takes a decided request off the workbench.
func (s *requestService) DismissRequest(ctx context.Context, id int64) error {
	if _, err := mayRequest(ctx); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		var title, id36 string
		err := tx.QueryRowContext(ctx, `UPDATE requests SET dismissed_at = ? WHERE id = ? AND state IN ('approved', 'rejected')
			AND dismissed_at = '' RETURNING title, uuid`, s.db.now(), id).Scan(&title, &id36)
		if errors.Is(err, sql.ErrNoRows) {
			return app.Errorf(app.ENOTFOUND, "approvals.error.not_decided", id)
		}
		if err != nil {
			return err
		}
		return s.db.audit(ctx, tx, "request.dismiss", "request:"+id36, "title="+title)
	})
}

// applyRequestRecord stores a request's state from the feed. The hub's
// word stands, except that a state still open does not undo a withdrawal
// the school has queued (the hub has not heard of it yet). A record of a
// request this school does not have, or one it cannot read, is skipped.
func (db *DB) applyRequestRecord(ctx context.Context, tx *sql.Tx, r app.FeedRecord) (bool, error) {
	var b app.RequestRecord
	if json.Unmarshal(r.Body, &b) != nil {
		return false, nil
	}
	switch b.State {
	case app.RequestSubmitted, app.RequestReviewing, app.RequestApproved, app.RequestRejected, app.RequestWithdrawn:
	default:
		return false, nil
	}
	if b.Steps == nil {
		b.Steps = []app.RequestStepState{}
	}
	steps, err := json.Marshal(b.Steps)
	if err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE requests SET state = CASE WHEN state = 'withdrawn' AND ? IN ('submitted', 'reviewing')
			THEN state ELSE ? END, steps = ?, opinion = ?, decided_at = ?, due = ?
		WHERE uuid = ? AND state <> 'draft'`,
		string(b.State), string(b.State), string(steps), b.Opinion, formatTimeOrEmpty(b.DecidedAt), formatTimeOrEmpty(b.Due), r.ID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func formatTimeOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatTime(t)
}

// PendingRequestFiles lists the files of submitted requests not yet sent
// to the hub, each once.
func (s *syncStore) PendingRequestFiles(ctx context.Context) ([]app.RequestUpload, error) {
	var out []app.RequestUpload
	err := s.db.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, func(sc rowScanner) (app.RequestUpload, error) {
			var u app.RequestUpload
			err := sc.Scan(&u.SHA256, &u.Size, &u.Path, &u.Name)
			u.Path = filepath.Join(s.db.dir, filepath.FromSlash(u.Path))
			return u, err
		}, `SELECT f.sha256, f.size, MIN(f.path), MIN(f.name) FROM request_files f JOIN requests r ON r.id = f.request_id
			WHERE f.sent = 0 AND r.state <> 'draft' GROUP BY f.sha256, f.size ORDER BY MIN(f.id)`)
		return err
	})
	return out, err
}

// RequestFileSent records that the hub has the file with this SHA-256.
func (s *syncStore) RequestFileSent(ctx context.Context, sum string) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE request_files SET sent = 1 WHERE sha256 = ?`, sum)
		return err
	})
}

var _ app.RequestUploader = (*syncStore)(nil)
