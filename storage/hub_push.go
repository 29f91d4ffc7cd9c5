package storage

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// The codes of rejected operations (sync/PROTOCOL.md).
const (
	rejectUnknownNotice   = "unknown_notice"
	rejectNotDelivered    = "not_delivered"
	rejectRevoked         = "revoked"
	rejectNotForwarded    = "not_forwarded"
	rejectTooManyFamilies = "too_many_families"
	rejectUnknownType     = "unknown_type"
	rejectBadOp           = "bad_op"
)

// pushResult is an operation's result as stored with its batch.
type pushResult struct {
	Status  string `json:"status"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	Key     string `json:"key,omitempty"`
	Args    []any  `json:"args,omitempty"`
}

// Push applies a school's batch in one transaction with its stored
// results. A batch seen before is answered from what was stored: the same
// body gets the same results, another body ECONFLICT.
func (h *Hub) Push(ctx context.Context, orgID, batch int64, hash []byte, ops []app.OutOp) ([]app.OpResult, error) {
	if batch <= 0 {
		return nil, app.Errorf(app.EINVALID, "hub.error.batch_number")
	}
	var out []app.OpResult
	err := h.db.write(ctx, func(tx *sql.Tx) error {
		var stored []byte
		var results string
		err := tx.QueryRowContext(ctx, `SELECT hash, results FROM hub_batches WHERE org_id = ? AND batch = ?`, orgID, batch).Scan(&stored, &results)
		switch {
		case err == nil && bytes.Equal(stored, hash):
			var rs []pushResult
			if err := json.Unmarshal([]byte(results), &rs); err != nil {
				return err
			}
			out = fromPushResults(rs)
			return nil
		case err == nil:
			return app.Errorf(app.ECONFLICT, "hub.error.batch_conflict", batch)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}

		p := &pusher{h: h, tx: tx, org: orgID, batch: batch, notices: map[string]*noticeRef{}}
		rs := make([]pushResult, len(ops))
		receipts := 0
		for i := range ops {
			rs[i] = p.apply(ctx, &ops[i])
			if rs[i].Status == "" {
				return p.err
			}
			receipts += len(ops[i].Receipts)
		}
		b, err := json.Marshal(rs)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO hub_batches (org_id, batch, hash, results, received_at) VALUES (?, ?, ?, ?, ?)`,
			orgID, batch, hash, string(b), h.db.now()); err != nil {
			return err
		}
		var orgUUID string
		if err := tx.QueryRowContext(ctx, `SELECT uuid FROM hub_orgs WHERE id = ?`, orgID).Scan(&orgUUID); err != nil {
			return err
		}
		if err := h.audit(ctx, tx, orgUUID, "sync.push", orgUUID, fmt.Sprintf("batch=%d ops=%d receipts=%d", batch, len(ops), receipts)); err != nil {
			return err
		}
		out = fromPushResults(rs)
		return nil
	})
	return out, err
}

func fromPushResults(rs []pushResult) []app.OpResult {
	out := make([]app.OpResult, len(rs))
	for i, r := range rs {
		out[i] = app.OpResult{OK: r.Status == "ok", Code: r.Code, Message: r.Message, Key: r.Key, Args: r.Args}
	}
	return out
}

// pusher applies the operations of one batch.
type pusher struct {
	h       *Hub
	tx      *sql.Tx
	org     int64
	batch   int64
	notices map[string]*noticeRef // by UUID, looked up once per batch
	err     error                 // a storage failure: the batch fails whole
}

// noticeRef is a bureau notice as an operation names it, with this
// school's progress; a forward earlier in the batch updates it.
type noticeRef struct {
	id        int64
	sent      bool // to this school
	delivered bool // the school's feed passed it
	revoked   bool
	forwarded bool
	families  int // the most families the school reported
}

var okResult = pushResult{Status: "ok"}

// rejected is the result of an operation the hub refuses: the code, and
// the reason in English with its translation key, so the school shows it
// in its own language.
func rejected(code string, reason *app.Error) pushResult {
	return pushResult{Status: "rejected", Code: code, Message: i18n.TIn(i18n.English, reason.Key, reason.Args...),
		Key: reason.Key, Args: reason.Args}
}

// apply applies one operation and returns its result; an empty Status
// means a storage error, kept in p.err. The hub takes from a school only
// what its feed gave it: operations on a notice sent to the school and
// delivered, receipts only after the school forwarded the notice, and
// never from more families than the forward reported.
func (p *pusher) apply(ctx context.Context, op *app.OutOp) pushResult {
	switch op.Type {
	case app.OpDayStats:
		return p.dayStats(ctx, op)
	case app.OpNoticeConfirm, app.OpNoticeForward, app.OpReceipts:
	case app.OpSurveyAnswer:
		return p.surveyAnswer(ctx, op)
	case app.OpRequestSubmit:
		return p.requestSubmit(ctx, op) // hub_request.go
	case app.OpRequestWithdraw:
		return p.requestWithdraw(ctx, op)
	case app.OpCourseStats:
		return p.courseStats(ctx, op) // hub_course.go
	default:
		return rejected(rejectUnknownType, app.Errorf(app.EINVALID, "hub.reject.unknown_type", op.Type))
	}
	n, err := p.notice(ctx, op.Notice)
	if err != nil {
		p.err = err
		return pushResult{}
	}
	switch {
	case n.id == 0 || !n.sent:
		return rejected(rejectUnknownNotice, app.Errorf(app.EINVALID, "hub.reject.unknown_notice"))
	case n.revoked:
		return rejected(rejectRevoked, app.Errorf(app.EINVALID, "hub.reject.revoked"))
	case !n.delivered:
		return rejected(rejectNotDelivered, app.Errorf(app.EINVALID, "hub.reject.not_delivered"))
	}
	at := formatTime(time.Unix(op.At, 0))
	now := p.h.db.now()
	switch op.Type {
	case app.OpNoticeConfirm:
		_, err = p.tx.ExecContext(ctx, `UPDATE hub_notice_orgs SET confirmed_at = ?, updated_at = ?
			WHERE notice_id = ? AND org_id = ? AND confirmed_at = ''`, at, now, n.id, p.org)
	case app.OpNoticeForward:
		switch {
		case op.Families < 0:
			return rejected(rejectBadOp, app.Errorf(app.EINVALID, "hub.reject.families_negative", op.Families))
		case op.Families > app.MaxFamilies:
			return rejected(rejectTooManyFamilies, app.Errorf(app.EINVALID, "hub.reject.families_cap", op.Families, app.MaxFamilies))
		}
		_, err = p.tx.ExecContext(ctx, `UPDATE hub_notice_orgs SET forwarded_at = CASE forwarded_at WHEN '' THEN ? ELSE forwarded_at END,
			families = MAX(families, ?), updated_at = ? WHERE notice_id = ? AND org_id = ?`, at, op.Families, now, n.id, p.org)
		n.forwarded, n.families = true, max(n.families, op.Families)
	case app.OpReceipts:
		if res := p.receipts(ctx, n, op); res.Status != okResult.Status {
			return res
		}
		_, err = p.tx.ExecContext(ctx, `UPDATE hub_notice_orgs SET updated_at = ? WHERE notice_id = ? AND org_id = ?`, now, n.id, p.org)
	}
	if err != nil {
		p.err = err
		return pushResult{}
	}
	return okResult
}

// receipts merges a receipts op and returns its result (empty on a
// storage error, kept in p.err). The op is merged under a savepoint, so
// one that would take the school past its families changes nothing.
func (p *pusher) receipts(ctx context.Context, n *noticeRef, op *app.OutOp) pushResult {
	switch {
	case !n.forwarded:
		return rejected(rejectNotForwarded, app.Errorf(app.EINVALID, "hub.reject.not_forwarded"))
	case len(op.Receipts) > n.families:
		// a school sends one receipt per family: refused before writing
		return rejected(rejectTooManyFamilies, app.Errorf(app.EINVALID, "hub.reject.too_many_families", len(op.Receipts), n.families))
	}
	for _, r := range op.Receipts {
		if !r.Valid() {
			return rejected(rejectBadOp, app.Errorf(app.EINVALID, "hub.reject.bad_receipt", r.Family, int(r.State), string(r.Channel)))
		}
	}
	fail := func(err error) pushResult {
		p.err = err
		return pushResult{}
	}
	if _, err := p.tx.ExecContext(ctx, `SAVEPOINT receipts_op`); err != nil {
		return fail(err)
	}
	if err := p.upsertReceipts(ctx, n.id, op.Receipts); err != nil {
		return fail(err)
	}
	var families int
	if err := p.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM hub_receipts WHERE org_id = ? AND notice_id = ?`, p.org, n.id).Scan(&families); err != nil {
		return fail(err)
	}
	if families > n.families {
		if _, err := p.tx.ExecContext(ctx, `ROLLBACK TO receipts_op; RELEASE receipts_op`); err != nil {
			return fail(err)
		}
		return rejected(rejectTooManyFamilies, app.Errorf(app.EINVALID, "hub.reject.too_many_families", families, n.families))
	}
	if _, err := p.tx.ExecContext(ctx, `RELEASE receipts_op`); err != nil {
		return fail(err)
	}
	return okResult
}

// notice looks up a notice by UUID with this school's progress.
func (p *pusher) notice(ctx context.Context, uuid string) (*noticeRef, error) {
	if n, ok := p.notices[uuid]; ok {
		return n, nil
	}
	n := &noticeRef{}
	var revoked, forwarded sql.NullString
	var delivered sql.NullBool
	var families sql.NullInt64
	err := p.tx.QueryRowContext(ctx, `SELECT n.id, n.revoked_at, o.delivered, o.forwarded_at, o.families
		FROM hub_notices n LEFT JOIN hub_notice_orgs o ON o.notice_id = n.id AND o.org_id = ?
		WHERE n.uuid = ?`, p.org, uuid).Scan(&n.id, &revoked, &delivered, &forwarded, &families)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	n.sent, n.revoked = delivered.Valid, revoked.String != ""
	n.delivered, n.forwarded, n.families = delivered.Bool, forwarded.String != "", int(families.Int64)
	p.notices[uuid] = n
	return n, nil
}

// upsertReceipts merges receipts by max state: a state lower than the
// one stored changes nothing; channel, time, class and the batch follow
// the state that wins.
func (p *pusher) upsertReceipts(ctx context.Context, noticeID int64, rs []app.ReceiptUp) error {
	return insertRows(ctx, p.tx, `INSERT INTO hub_receipts (org_id, notice_id, family, state, channel, at, class, batch) VALUES `,
		"(?, ?, ?, ?, ?, ?, ?, ?)", len(rs), func(i int) []any {
			r := rs[i]
			return []any{p.org, noticeID, r.Family, r.State, string(r.Channel), r.At, r.Class, p.batch}
		}, ` ON CONFLICT (org_id, notice_id, family) DO UPDATE SET state = excluded.state, channel = excluded.channel,
			at = excluded.at, class = excluded.class, batch = excluded.batch WHERE excluded.state > hub_receipts.state`)
}
