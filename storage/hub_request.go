package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"jxj/app"
)

// This file is the hub's side of schools' requests (app/request.go): the
// requests as their OpRequestSubmit brought them, the state machine of
// their steps, their files, the bureau's settings per type, and the
// cockpit's figures.

var _ app.HubRequests = (*Hub)(nil)

// The codes of rejected request operations (sync/PROTOCOL.md).
const (
	rejectUnknownRequest = "unknown_request"
	rejectMissingFile    = "missing_file"
	rejectDecided        = "decided"
)

// requestSettings returns the bureau's setting of every type: its row in
// hub_request_types, or the template's defaults.
func requestSettings(ctx context.Context, q querier) (map[app.RequestType]app.RequestTypeSetting, error) {
	out := map[app.RequestType]app.RequestTypeSetting{}
	for _, t := range app.RequestTemplates {
		// a copy: a caller may change its setting's steps
		out[t.Type] = app.RequestTypeSetting{Type: t.Type, Steps: slices.Clone(t.Steps), DeadlineDays: t.DeadlineDays, Default: true}
	}
	rows, err := q.QueryContext(ctx, `SELECT type, steps, deadline_days FROM hub_request_types`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s app.RequestTypeSetting
		var steps string
		if err := rows.Scan(&s.Type, &steps, &s.DeadlineDays); err != nil {
			return nil, err
		}
		if _, ok := out[s.Type]; !ok {
			continue // a type this version no longer has
		}
		if err := json.Unmarshal([]byte(steps), &s.Steps); err != nil {
			return nil, err
		}
		out[s.Type] = s
	}
	return out, rows.Err()
}

// RequestTypes lists the types' settings in the templates' order.
func (h *Hub) RequestTypes(ctx context.Context) ([]app.RequestTypeSetting, error) {
	var out []app.RequestTypeSetting
	err := h.db.read(ctx, func(tx *sql.Tx) error {
		all, err := requestSettings(ctx, tx)
		for _, t := range app.RequestTemplates {
			out = append(out, all[t.Type])
		}
		return err
	})
	return out, err
}

// SetRequestType changes a type's steps and deadline; requests already
// under way keep the steps they arrived with. Every account a step names
// must exist.
func (h *Hub) SetRequestType(ctx context.Context, s app.RequestTypeSetting) error {
	if _, ok := app.Template(s.Type); !ok {
		return app.Errorf(app.EINVALID, "approvals.error.type", string(s.Type))
	}
	if s.DeadlineDays < 1 || s.DeadlineDays > app.MaxRequestDeadline {
		return app.Errorf(app.EINVALID, "approvals.error.deadline_days", s.DeadlineDays, app.MaxRequestDeadline)
	}
	for i := range s.Steps {
		s.Steps[i].Name = strings.TrimSpace(s.Steps[i].Name)
	}
	if err := app.ValidateSteps(s.Steps); err != nil {
		return err
	}
	steps, err := json.Marshal(s.Steps)
	if err != nil {
		return err
	}
	return h.db.write(ctx, func(tx *sql.Tx) error {
		for _, st := range s.Steps {
			for _, name := range st.Accounts {
				var found bool
				if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM hub_accounts WHERE username = ?)`, name).Scan(&found); err != nil {
					return err
				}
				if !found {
					return app.Errorf(app.EINVALID, "approvals.error.step_unknown_account", st.Name, name)
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO hub_request_types (type, steps, deadline_days) VALUES (?, ?, ?)
			ON CONFLICT (type) DO UPDATE SET steps = excluded.steps, deadline_days = excluded.deadline_days`,
			string(s.Type), string(steps), s.DeadlineDays); err != nil {
			return err
		}
		return h.audit(ctx, tx, hubAdmin, "request.type", string(s.Type), fmt.Sprintf("steps=%s deadline_days=%d", steps, s.DeadlineDays))
	})
}

const hubRequestSelect = `SELECT r.id, r.uuid, r.type, r.title, r.body, r.fields, r.plan, r.step, r.state, r.opinion,
	r.submitted_at, r.received_at, r.due, r.decided_at, r.withdrawn_at,
	o.id, o.uuid, o.name, o.kind, o.township, o.created_at, o.enrolled_at, o.last_contact, o.revoked
	FROM hub_requests r JOIN hub_orgs o ON o.id = r.org_id`

func scanHubRequest(sc rowScanner) (*app.HubRequest, error) {
	var r app.HubRequest
	var fields, plan, submitted, received, due, decided, withdrawn, created, enrolled, contact string
	if err := sc.Scan(&r.ID, &r.UUID, &r.Type, &r.Title, &r.Body, &fields, &plan, &r.Step, &r.State, &r.Opinion,
		&submitted, &received, &due, &decided, &withdrawn,
		&r.Org.ID, &r.Org.UUID, &r.Org.Name, &r.Org.Kind, &r.Org.Township, &created, &enrolled, &contact, &r.Org.Revoked); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(fields), &r.Fields); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(plan), &r.Plan); err != nil {
		return nil, err
	}
	r.SubmittedAt, r.ReceivedAt, r.Due = parseTime(submitted), parseTime(received), parseTime(due)
	r.DecidedAt, r.WithdrawnAt = parseTime(decided), parseTime(withdrawn)
	r.Org.CreatedAt, r.Org.EnrolledAt, r.Org.LastContact = parseTime(created), parseTime(enrolled), parseTime(contact)
	return &r, nil
}

// loadHubRequest reads a request with its steps and files.
func loadHubRequest(ctx context.Context, q querier, id int64) (*app.HubRequest, error) {
	r, err := scanHubRequest(q.QueryRowContext(ctx, hubRequestSelect+` WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, app.Errorf(app.ENOTFOUND, "approvals.error.hub_not_found", id)
	}
	if err != nil {
		return nil, err
	}
	decided, err := queryAll(ctx, q, func(sc rowScanner) (app.RequestStepState, error) {
		var s app.RequestStepState
		var at string
		err := sc.Scan(&s.Name, &s.By, &s.Approve, &s.Opinion, &at)
		s.DecidedAt = parseTime(at)
		return s, err
	}, `SELECT name, decided_by, approve, opinion, decided_at FROM hub_request_steps WHERE request_id = ? ORDER BY pos`, id)
	if err != nil {
		return nil, err
	}
	r.Steps = make([]app.RequestStepState, len(r.Plan))
	for i, p := range r.Plan {
		r.Steps[i] = app.RequestStepState{Name: p.Name}
		if i < len(decided) {
			r.Steps[i] = decided[i]
		}
	}
	r.Files, err = queryAll(ctx, q, func(sc rowScanner) (app.RequestFile, error) {
		var f app.RequestFile
		err := sc.Scan(&f.Pos, &f.Name, &f.Size, &f.SHA256)
		return f, err
	}, `SELECT pos, name, size, sha256 FROM hub_request_files WHERE request_id = ? ORDER BY pos`, id)
	return r, err
}

// Requests lists the requests f picks, oldest first (the queue's order).
func (h *Hub) Requests(ctx context.Context, f app.RequestFilter) ([]*app.HubRequest, error) {
	where, args := ` WHERE 1 = 1`, []any{}
	if f.State != "" {
		where, args = where+` AND r.state = ?`, append(args, string(f.State))
	}
	if f.Overdue || f.For != "" {
		where += ` AND r.state IN ('submitted', 'reviewing')`
	}
	var out []*app.HubRequest
	err := h.db.read(ctx, func(tx *sql.Tx) error {
		ids, err := queryIDs(ctx, tx, `SELECT r.id FROM hub_requests r`+where+` ORDER BY r.received_at, r.id`, args...)
		if err != nil {
			return err
		}
		now := h.db.Now()
		for _, id := range ids {
			r, err := loadHubRequest(ctx, tx, id)
			if err != nil {
				return err
			}
			if (f.Overdue && !r.Overdue(now)) || (f.For != "" && !mayDecide(r, f.For)) {
				continue
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// mayDecide reports whether the bureau account username may decide the
// step r waits at: the step names it (or nobody), and it decided no
// earlier step of r, so that two steps are two people's.
func mayDecide(r *app.HubRequest, username string) bool {
	step, ok := r.WaitingStep()
	return ok && step.MayDecide(username) && !decidedBy(r, username)
}

func decidedBy(r *app.HubRequest, username string) bool {
	return slices.ContainsFunc(r.Steps, func(s app.RequestStepState) bool { return s.By == username })
}

// HubRequest returns one request with its steps and files.
func (h *Hub) HubRequest(ctx context.Context, id int64) (*app.HubRequest, error) {
	var out *app.HubRequest
	err := h.db.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = loadHubRequest(ctx, tx, id)
		return err
	})
	return out, err
}

// DecideRequest decides the step a request waits at, as the bureau
// account acting, with its audit row and the school's feed record, in one
// transaction. Every refusal comes before anything is written.
func (h *Hub) DecideRequest(ctx context.Context, d app.RequestDecision) (*app.HubRequest, error) {
	a := app.BureauFromContext(ctx)
	if a == nil {
		return nil, app.Errorf(app.EUNAUTHORIZED, "approvals.error.no_account")
	}
	opinion := strings.TrimSpace(d.Opinion)
	if utf8.RuneCountInString(opinion) > app.MaxRequestOpinion {
		return nil, app.Errorf(app.EINVALID, "approvals.error.opinion_long", app.MaxRequestOpinion)
	}
	var out *app.HubRequest
	err := h.db.write(ctx, func(tx *sql.Tx) error {
		r, err := loadHubRequest(ctx, tx, d.ID)
		if err != nil {
			return err
		}
		step, ok := r.WaitingStep()
		switch {
		case r.State == app.RequestWithdrawn:
			return app.Errorf(app.ECONFLICT, "approvals.error.decide_withdrawn", r.Title)
		case r.State.Decided() || !ok:
			return app.Errorf(app.ECONFLICT, "approvals.error.decide_decided", r.Title) // no state word: the hub's language is not the console's
		case d.Step != 0 && d.Step != r.Step+1:
			return app.Errorf(app.ECONFLICT, "approvals.error.step_order", r.Title, d.Step, r.Step+1, step.Name)
		case !d.Approve && opinion == "":
			return app.Errorf(app.EINVALID, "approvals.error.opinion_required")
		case !step.MayDecide(a.Username):
			return app.Errorf(app.EFORBIDDEN, "approvals.error.step_account_forbidden", step.Name, a.Username)
		case decidedBy(r, a.Username):
			return app.Errorf(app.EFORBIDDEN, "approvals.error.same_account", a.Username, r.Title)
		}
		now := h.db.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO hub_request_steps (request_id, pos, name, decided_by, approve, opinion, decided_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, r.ID, r.Step, step.Name, a.Username, d.Approve, opinion, now); err != nil {
			return err
		}
		state, decided, final := app.RequestReviewing, "", ""
		switch {
		case !d.Approve:
			state, decided, final = app.RequestRejected, now, opinion
		case r.Step+1 == len(r.Plan):
			state, decided, final = app.RequestApproved, now, opinion
		}
		if _, err := tx.ExecContext(ctx, `UPDATE hub_requests SET step = step + 1, state = ?, decided_at = ?, opinion = ? WHERE id = ?`,
			string(state), decided, final, r.ID); err != nil {
			return err
		}
		if _, err := appendRecords(ctx, tx, []int64{r.Org.ID}, app.RecordRequest, "ref", r.ID); err != nil {
			return err
		}
		detail := fmt.Sprintf("title=%s school=%s step=%d name=%s approve=%t state=%s opinion=%s",
			r.Title, r.Org.Name, r.Step+1, step.Name, d.Approve, state, opinion)
		if d.CommandLine {
			detail += " via=command_line"
		}
		if err := h.audit(ctx, tx, hubAdmin, "request.decide", r.UUID, detail); err != nil {
			return err
		}
		out, err = loadHubRequest(ctx, tx, r.ID)
		return err
	})
	return out, err
}

// requestFeedBody reads the body of a request's feed record: its whole
// state now, with the UUID the record carries.
func requestFeedBody(ctx context.Context, q querier, ref int64) (string, any, error) {
	r, err := loadHubRequest(ctx, q, ref)
	if err != nil {
		return "", nil, err
	}
	return r.UUID, app.RequestRecord{State: r.State, Steps: r.Steps, Opinion: r.Opinion, DecidedAt: r.DecidedAt, Due: r.Due}, nil
}

// OpenRequestFile opens a request's file for the console.
func (h *Hub) OpenRequestFile(ctx context.Context, id int64, pos int) (*app.HubFileContent, error) {
	r, err := h.HubRequest(ctx, id)
	if err != nil {
		return nil, err
	}
	if pos < 0 || pos >= len(r.Files) {
		return nil, app.Errorf(app.ENOTFOUND, "approvals.error.file_not_found", r.Title, pos)
	}
	f := r.Files[pos]
	file, err := os.Open(h.contentPath(f.SHA256))
	if err != nil {
		return nil, app.Errorf(app.ENOTFOUND, "approvals.error.file_not_found", r.Title, pos)
	}
	fi, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, app.WrapError(err, "error.storage", err)
	}
	return &app.HubFileContent{File: app.HubFile{ID: fmt.Sprint(pos), Name: f.Name, Size: f.Size, SHA256: f.SHA256},
		Content: file, Modified: fi.ModTime()}, nil
}

// HasRequestFile reports whether the school uploaded the file sum and the
// hub still has its bytes.
func (h *Hub) HasRequestFile(ctx context.Context, orgID int64, sum string) (bool, error) {
	if !app.ValidSHA256(sum) {
		return false, app.Errorf(app.EINVALID, "approvals.error.file_hash", sum)
	}
	var size int64
	err := h.db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT size FROM hub_request_uploads WHERE org_id = ? AND sha256 = ?`, orgID, sum).Scan(&size)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	fi, err := os.Stat(h.contentPath(sum))
	return err == nil && fi.Size() == size, nil
}

// UploadRequestFile keeps a file a school sends ahead of its request, in
// the hub's content store. Bytes that do not hash to sum, or more than
// app.MaxRequestFileSize, are refused; their copy is left to PruneUploads.
func (h *Hub) UploadRequestFile(ctx context.Context, orgID int64, sum string, r io.Reader) error {
	if !app.ValidSHA256(sum) {
		return app.Errorf(app.EINVALID, "approvals.error.file_hash", sum)
	}
	// a byte over the limit is read and kept, so that the refusal below
	// names the request's limit
	sf, err := h.storeFile(sum, io.LimitReader(r, app.MaxRequestFileSize+1), app.MaxRequestFileSize+1)
	if err != nil {
		return err
	}
	if sf.size > app.MaxRequestFileSize {
		return app.Errorf(app.EINVALID, "approvals.error.file_large", sum, app.MaxRequestFileSize>>20)
	}
	if sf.sha256 != sum {
		return app.Errorf(app.EINVALID, "approvals.error.file_hash", sum)
	}
	return h.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO hub_request_uploads (org_id, sha256, size, uploaded_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (org_id, sha256) DO UPDATE SET uploaded_at = excluded.uploaded_at`, orgID, sum, sf.size, h.db.now())
		return err
	})
}

// requestSubmit applies an OpRequestSubmit: the request is checked as the
// school checked it, its files must be the school's own uploads, and it
// starts at its type's first step with its type's deadline. A request
// the hub has already (a batch sent again) changes nothing.
func (p *pusher) requestSubmit(ctx context.Context, op *app.OutOp) pushResult {
	a := op.Request
	if a == nil || uuid.Validate(a.UUID) != nil || len(a.Files) > app.MaxRequestFiles {
		return rejected(rejectBadOp, app.Errorf(app.EINVALID, "approvals.reject.bad_request"))
	}
	fail := func(err error) pushResult {
		p.err = err
		return pushResult{}
	}
	var owner int64
	err := p.tx.QueryRowContext(ctx, `SELECT org_id FROM hub_requests WHERE uuid = ?`, a.UUID).Scan(&owner)
	switch {
	case err == nil && owner == p.org:
		return okResult // seen before
	case err == nil:
		return rejected(rejectBadOp, app.Errorf(app.EINVALID, "approvals.reject.bad_request"))
	case !errors.Is(err, sql.ErrNoRows):
		return fail(err)
	}
	if err := app.ValidateRequest(a.Type, a.Title, a.Body, a.Fields); err != nil {
		var ae *app.Error
		errors.As(err, &ae)
		return rejected(rejectBadOp, ae)
	}
	for _, f := range a.Files {
		missing := rejected(rejectMissingFile, app.Errorf(app.EINVALID, "approvals.reject.missing_file", app.SafeFileName(f.Name)))
		if !app.ValidSHA256(f.SHA256) {
			return missing
		}
		var size int64
		err := p.tx.QueryRowContext(ctx, `SELECT size FROM hub_request_uploads WHERE org_id = ? AND sha256 = ?`, p.org, f.SHA256).Scan(&size)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && size != f.Size) {
			return missing
		}
		if err != nil {
			return fail(err)
		}
		if fi, err := os.Stat(p.h.contentPath(f.SHA256)); err != nil || fi.Size() != f.Size {
			return missing
		}
	}
	settings, err := requestSettings(ctx, p.tx)
	if err != nil {
		return fail(err)
	}
	set := settings[a.Type]
	plan, err := json.Marshal(set.Steps)
	if err != nil {
		return fail(err)
	}
	fields, err := json.Marshal(app.NormalizeFields(a.Type, a.Fields))
	if err != nil {
		return fail(err)
	}
	now := p.h.db.Now()
	res, err := p.tx.ExecContext(ctx, `INSERT INTO hub_requests (uuid, org_id, type, title, body, fields, plan, state, submitted_at, received_at, due, batch)
		VALUES (?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?)`, a.UUID, p.org, string(a.Type), app.CleanTitle(a.Title), a.Body, string(fields),
		string(plan), formatTime(time.Unix(a.At, 0)), formatTime(now), formatTime(now.AddDate(0, 0, set.DeadlineDays)), p.batch)
	if err != nil {
		return fail(err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return fail(err)
	}
	for i, f := range a.Files {
		if _, err := p.tx.ExecContext(ctx, `INSERT INTO hub_request_files (request_id, pos, name, size, sha256) VALUES (?, ?, ?, ?, ?)`,
			id, i, app.SafeFileName(f.Name), f.Size, f.SHA256); err != nil {
			return fail(err)
		}
	}
	if err := p.requestChanged(ctx, id, "request.submit", fmt.Sprintf("title=%s type=%s files=%d", app.CleanTitle(a.Title), a.Type, len(a.Files))); err != nil {
		return fail(err)
	}
	return okResult
}

// requestWithdraw applies an OpRequestWithdraw: a request still open is
// withdrawn; one decided stays as it is (the school hears the decision
// from its feed).
func (p *pusher) requestWithdraw(ctx context.Context, op *app.OutOp) pushResult {
	if op.Request == nil {
		return rejected(rejectBadOp, app.Errorf(app.EINVALID, "approvals.reject.bad_request"))
	}
	var id int64
	var state app.RequestState
	var title string
	err := p.tx.QueryRowContext(ctx, `SELECT id, state, title FROM hub_requests WHERE uuid = ? AND org_id = ?`, op.Request.UUID, p.org).Scan(&id, &state, &title)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return rejected(rejectUnknownRequest, app.Errorf(app.EINVALID, "approvals.reject.unknown"))
	case err != nil:
		p.err = err
		return pushResult{}
	case state == app.RequestWithdrawn:
		return okResult
	case state.Decided():
		return rejected(rejectDecided, app.Errorf(app.ECONFLICT, "approvals.reject.decided", title))
	}
	if _, err := p.tx.ExecContext(ctx, `UPDATE hub_requests SET state = 'withdrawn', withdrawn_at = ? WHERE id = ?`, p.h.db.now(), id); err != nil {
		p.err = err
		return pushResult{}
	}
	if err := p.requestChanged(ctx, id, "request.withdraw", "title="+title); err != nil {
		p.err = err
		return pushResult{}
	}
	return okResult
}

// requestChanged writes the audit row of a school's change to its
// request, and the feed record that tells the school the hub has it.
func (p *pusher) requestChanged(ctx context.Context, id int64, action, detail string) error {
	var orgUUID, reqUUID string
	if err := p.tx.QueryRowContext(ctx, `SELECT o.uuid, r.uuid FROM hub_requests r JOIN hub_orgs o ON o.id = r.org_id WHERE r.id = ?`, id).
		Scan(&orgUUID, &reqUUID); err != nil {
		return err
	}
	if _, err := appendRecords(ctx, p.tx, []int64{p.org}, app.RecordRequest, "ref", id); err != nil {
		return err
	}
	return p.h.audit(ctx, p.tx, orgUUID, action, reqUUID, detail)
}

// RequestFigures counts every request of the district (app.CountRequests).
func (h *Hub) RequestFigures(ctx context.Context) (*app.RequestFigures, error) {
	var rows []app.RequestRow
	err := h.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		rows, err = readRequestRows(ctx, tx, "", nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	return app.CountRequests(rows, h.db.Now()), nil
}

// readRequestRows reads the requests as the figures count them; where,
// if not "", is a condition on r (hub_requests) with its args.
func readRequestRows(ctx context.Context, tx *sql.Tx, where string, args []any) ([]app.RequestRow, error) {
	q := `SELECT r.org_id, o.township, r.type, r.state, r.received_at, r.decided_at, r.due
		FROM hub_requests r JOIN hub_orgs o ON o.id = r.org_id`
	if where != "" {
		q += ` WHERE ` + where
	}
	var out []app.RequestRow
	err := scanEach(ctx, tx, q, args, func(scan func(...any) error) error {
		var r app.RequestRow
		var received, decided, due string
		if err := scan(&r.OrgID, &r.Township, &r.Type, &r.State, &received, &decided, &due); err != nil {
			return err
		}
		r.ReceivedAt, r.DecidedAt, r.Due = parseTime(received), parseTime(decided), parseTime(due)
		out = append(out, r)
		return nil
	})
	return out, err
}
