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
)

// The codes of rejected operations (sync/PROTOCOL.md).
const (
	rejectUnknownNotice = "unknown_notice"
	rejectRevoked       = "revoked"
	rejectUnknownType   = "unknown_type"
	rejectBadOp         = "bad_op"
)

// pushResult is an operation's result as stored with its batch.
type pushResult struct {
	Status  string `json:"status"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
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
		err := tx.QueryRowContext(ctx, `SELECT hash, results FROM batches WHERE org_id = ? AND batch = ?`, orgID, batch).Scan(&stored, &results)
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

		p := &pusher{h: h, tx: tx, org: orgID, notices: map[string]noticeRef{}}
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
		if _, err := tx.ExecContext(ctx, `INSERT INTO batches (org_id, batch, hash, results, received_at) VALUES (?, ?, ?, ?, ?)`,
			orgID, batch, hash, string(b), h.db.now()); err != nil {
			return err
		}
		var orgUUID string
		if err := tx.QueryRowContext(ctx, `SELECT uuid FROM orgs WHERE id = ?`, orgID).Scan(&orgUUID); err != nil {
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
		out[i] = app.OpResult{OK: r.Status == "ok", Code: r.Code, Message: r.Message}
	}
	return out
}

// pusher applies the operations of one batch.
type pusher struct {
	h       *Hub
	tx      *sql.Tx
	org     int64
	notices map[string]noticeRef // by UUID, looked up once per batch
	err     error                // a storage failure: the batch fails whole
}

// noticeRef is a bureau notice as an operation names it.
type noticeRef struct {
	id      int64
	sent    bool // to this school
	revoked bool
}

var okResult = pushResult{Status: "ok"}

func rejected(code, format string, args ...any) pushResult {
	return pushResult{Status: "rejected", Code: code, Message: fmt.Sprintf(format, args...)}
}

// apply applies one operation and returns its result; an empty Status
// means a storage error, kept in p.err.
func (p *pusher) apply(ctx context.Context, op *app.OutOp) pushResult {
	switch op.Type {
	case app.OpNoticeConfirm, app.OpNoticeForward, app.OpReceipts:
	default:
		return rejected(rejectUnknownType, "unknown operation type %q", op.Type)
	}
	n, err := p.notice(ctx, op.Notice)
	if err != nil {
		p.err = err
		return pushResult{}
	}
	switch {
	case n.id == 0 || !n.sent:
		return rejected(rejectUnknownNotice, "notice %s was not sent to this school", op.Notice)
	case n.revoked:
		return rejected(rejectRevoked, "notice %s was revoked", op.Notice)
	}
	at := formatTime(time.Unix(op.At, 0))
	now := p.h.db.now()
	switch op.Type {
	case app.OpNoticeConfirm:
		_, err = p.tx.ExecContext(ctx, `UPDATE notice_orgs SET confirmed_at = ?, updated_at = ?
			WHERE notice_id = ? AND org_id = ? AND confirmed_at = ''`, at, now, n.id, p.org)
	case app.OpNoticeForward:
		if op.Families < 0 {
			return rejected(rejectBadOp, "families %d is negative", op.Families)
		}
		_, err = p.tx.ExecContext(ctx, `UPDATE notice_orgs SET forwarded_at = CASE forwarded_at WHEN '' THEN ? ELSE forwarded_at END,
			families = ?, updated_at = ? WHERE notice_id = ? AND org_id = ?`, at, op.Families, now, n.id, p.org)
	case app.OpReceipts:
		for _, r := range op.Receipts {
			if r.Family <= 0 || (r.State != app.ReceiptRead && r.State != app.ReceiptAcked) || !validChannel(r.Channel) {
				return rejected(rejectBadOp, "receipt of family %d: state %d, channel %q", r.Family, r.State, r.Channel)
			}
		}
		if err = p.upsertReceipts(ctx, n.id, op.Receipts); err == nil {
			_, err = p.tx.ExecContext(ctx, `UPDATE notice_orgs SET updated_at = ? WHERE notice_id = ? AND org_id = ?`, now, n.id, p.org)
		}
	}
	if err != nil {
		p.err = err
		return pushResult{}
	}
	return okResult
}

func validChannel(c app.Channel) bool {
	switch c {
	case app.ChannelSlip, app.ChannelPhone, app.ChannelInPerson, app.ChannelExcel, app.ChannelHub:
		return true
	}
	return false
}

// notice looks up a notice by UUID and whether this school was sent it.
func (p *pusher) notice(ctx context.Context, uuid string) (noticeRef, error) {
	if n, ok := p.notices[uuid]; ok {
		return n, nil
	}
	var n noticeRef
	var revoked string
	var sent int
	err := p.tx.QueryRowContext(ctx, `SELECT n.id, n.revoked_at, (SELECT COUNT(*) FROM notice_orgs o WHERE o.notice_id = n.id AND o.org_id = ?)
		FROM notices n WHERE n.uuid = ?`, p.org, uuid).Scan(&n.id, &revoked, &sent)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return n, err
	}
	n.sent, n.revoked = sent > 0, revoked != ""
	p.notices[uuid] = n
	return n, nil
}

// upsertReceipts merges receipts by max state: a state lower than the
// one stored changes nothing; channel, time and class follow the state
// that wins.
func (p *pusher) upsertReceipts(ctx context.Context, noticeID int64, rs []app.ReceiptUp) error {
	return insertRows(ctx, p.tx, `INSERT INTO receipts (org_id, notice_id, family, state, channel, at, class) VALUES `,
		"(?, ?, ?, ?, ?, ?, ?)", len(rs), func(i int) []any {
			r := rs[i]
			return []any{p.org, noticeID, r.Family, r.State, string(r.Channel), r.At, r.Class}
		}, ` ON CONFLICT (org_id, notice_id, family) DO UPDATE SET state = excluded.state, channel = excluded.channel,
			at = excluded.at, class = excluded.class WHERE excluded.state > receipts.state`)
}
