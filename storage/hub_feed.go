package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"jxj/app"
)

// feedPageRecords caps a feed page's records; maxBytes usually cuts it
// first. feedRecordOverhead is what a record costs on the wire besides
// its body (seq, type, id, JSON punctuation).
const (
	feedPageRecords    = 500
	feedRecordOverhead = 64
)

// PublishNotice stores a bureau notice and appends it to the feed of
// every school it is for (every school when d.Orgs is empty), in one
// transaction.
func (h *Hub) PublishNotice(ctx context.Context, d app.HubNoticeDraft) (*app.HubNotice, error) {
	draft := app.NoticeDraft{Title: d.Title, Body: d.Body}
	if err := draft.Validate(); err != nil {
		return nil, err
	}
	id, err := newUUID()
	if err != nil {
		return nil, err
	}
	files, err := h.noticeFilesOf(d) // hub_file.go
	if err != nil {
		return nil, err
	}
	var out *app.HubNotice
	err = h.db.write(ctx, func(tx *sql.Tx) error {
		orgs, err := h.targetOrgs(ctx, tx, d.Orgs)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO hub_notices (uuid, title, body, requires_ack, deadline, published_at) VALUES (?, ?, ?, ?, ?, ?)`,
			id, app.CleanTitle(d.Title), d.Body, d.RequiresAck, app.FormatDate(d.Deadline), h.db.now())
		if err != nil {
			return err
		}
		noticeID, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if err := h.insertNoticeFiles(ctx, tx, noticeID, files); err != nil {
			return err
		}
		seqs, err := appendFeed(ctx, tx, orgs, app.RecordNotice, noticeID)
		if err != nil {
			return err
		}
		if err := insertRows(ctx, tx, `INSERT INTO hub_notice_orgs (notice_id, org_id, feed_seq) VALUES `, "(?, ?, ?)", len(orgs),
			func(i int) []any { return []any{noticeID, orgs[i], seqs[i]} }, ""); err != nil {
			return err
		}
		if err := h.audit(ctx, tx, hubAdmin, "notice.publish", id, fmt.Sprintf("title=%s schools=%d", d.Title, len(orgs))); err != nil {
			return err
		}
		out, err = loadHubNotice(ctx, tx, noticeID)
		return err
	})
	return out, err
}

// targetOrgs checks the schools a notice is for; none given is all.
func (h *Hub) targetOrgs(ctx context.Context, tx *sql.Tx, ids []int64) ([]int64, error) {
	if len(ids) == 0 {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM hub_orgs WHERE revoked = 0 ORDER BY id`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			return nil, app.Errorf(app.EINVALID, "hub.error.no_orgs")
		}
		return ids, nil
	}
	for _, id := range ids {
		if _, err := loadHubOrg(ctx, tx, `WHERE id = ?`, id); err != nil {
			return nil, app.Errorf(app.ENOTFOUND, "hub.error.org_id", id)
		}
	}
	return ids, nil
}

// appendFeed gives each school the next sequence number of its feed and
// appends a record of type typ about the notice; it returns the numbers
// in the order of orgs.
func appendFeed(ctx context.Context, tx *sql.Tx, orgs []int64, typ string, noticeID int64) ([]int64, error) {
	return appendRecords(ctx, tx, orgs, typ, "notice_id", noticeID)
}

// appendRecords appends a record of type typ to the feed of each school;
// col names the column that refers to it: notice_id, or ref for the
// records of other tables (hub_survey.go).
func appendRecords(ctx context.Context, tx *sql.Tx, orgs []int64, typ, col string, id int64) ([]int64, error) {
	seqs := make([]int64, len(orgs))
	for i, org := range orgs {
		if err := tx.QueryRowContext(ctx, `UPDATE hub_orgs SET feed_seq = feed_seq + 1 WHERE id = ? RETURNING feed_seq`, org).Scan(&seqs[i]); err != nil {
			return nil, err
		}
	}
	err := insertRows(ctx, tx, `INSERT INTO hub_feed (org_id, seq, type, `+col+`) VALUES `, "(?, ?, ?, ?)", len(orgs),
		func(i int) []any { return []any{orgs[i], seqs[i], typ, id} }, "")
	return seqs, err
}

// sentTables names the tables of something the bureau sends to schools
// (a notice, a survey, a course): its own, the one of the schools it was
// sent to with the column that refers to it, the feed's column for it,
// its tombstone's record type, the error of revoking it twice and the
// audit action of revoking it.
type sentTables struct{ table, orgs, owner, feedCol, tombstone, revokedKey, action string }

var (
	sentNotice = sentTables{"hub_notices", "hub_notice_orgs", "notice_id", "notice_id", app.RecordNoticeRevoke, "hub.error.notice_revoked", "notice.revoke"}
	sentSurvey = sentTables{"hub_surveys", "hub_survey_orgs", "survey_id", "ref", app.RecordSurveyRevoke, "bureau_survey.error.revoked", "survey.revoke"}
)

// sentHead is what revoking needs of something sent.
type sentHead struct {
	UUID, Title string
	RevokedAt   time.Time
}

// revokeSent revokes id of t (load reads it, head tells its UUID, title
// and revocation): one already revoked is ECONFLICT; otherwise it is
// marked revoked now, its tombstone goes to the feed of every school it
// was sent to, and the audit row is written, in one transaction. It
// returns it as it is then.
func revokeSent[T any](ctx context.Context, h *Hub, t sentTables, id int64,
	load func(context.Context, querier, int64) (*T, error), head func(*T) sentHead) (*T, error) {
	var out *T
	err := h.db.write(ctx, func(tx *sql.Tx) error {
		v, err := load(ctx, tx, id)
		if err != nil {
			return err
		}
		hd := head(v)
		if !hd.RevokedAt.IsZero() {
			return app.Errorf(app.ECONFLICT, t.revokedKey, hd.Title)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+t.table+` SET revoked_at = ? WHERE id = ?`, h.db.now(), id); err != nil {
			return err
		}
		orgs, err := queryIDs(ctx, tx, `SELECT org_id FROM `+t.orgs+` WHERE `+t.owner+` = ? ORDER BY org_id`, id)
		if err != nil {
			return err
		}
		if _, err := appendRecords(ctx, tx, orgs, t.tombstone, t.feedCol, id); err != nil {
			return err
		}
		if err := h.audit(ctx, tx, hubAdmin, t.action, hd.UUID, "title="+hd.Title); err != nil {
			return err
		}
		out, err = load(ctx, tx, id)
		return err
	})
	return out, err
}

// RevokeNotice marks a bureau notice revoked and appends the tombstone to
// the feed of every school it was sent to.
func (h *Hub) RevokeNotice(ctx context.Context, id int64) (*app.HubNotice, error) {
	return revokeSent(ctx, h, sentNotice, id, loadHubNotice, func(n *app.HubNotice) sentHead {
		return sentHead{n.UUID, n.Title, n.RevokedAt}
	})
}

// Notices lists the bureau notices, newest first.
func (h *Hub) Notices(ctx context.Context) ([]*app.HubNotice, error) {
	var out []*app.HubNotice
	err := h.db.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanHubNotice, hubNoticeSelect+` ORDER BY n.id DESC`)
		return err
	})
	return out, err
}

const hubNoticeSelect = `SELECT n.id, n.uuid, n.title, n.body, n.requires_ack, n.deadline, n.published_at, n.revoked_at,
	(SELECT COUNT(*) FROM hub_notice_orgs o WHERE o.notice_id = n.id) FROM hub_notices n`

func scanHubNotice(sc rowScanner) (*app.HubNotice, error) {
	var n app.HubNotice
	var deadline, published, revoked string
	if err := sc.Scan(&n.ID, &n.UUID, &n.Title, &n.Body, &n.RequiresAck, &deadline, &published, &revoked, &n.Schools); err != nil {
		return nil, err
	}
	n.Deadline, _ = app.ParseDate(deadline)
	n.PublishedAt, n.RevokedAt = parseTime(published), parseTime(revoked)
	return &n, nil
}

func loadHubNotice(ctx context.Context, q querier, id int64) (*app.HubNotice, error) {
	n, err := scanHubNotice(q.QueryRowContext(ctx, hubNoticeSelect+` WHERE n.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, app.Errorf(app.ENOTFOUND, "hub.error.notice_not_found", strconv.FormatInt(id, 10))
	}
	return n, err
}

// NoticeStatus returns a bureau notice (by id or UUID) with each school's
// progress.
func (h *Hub) NoticeStatus(ctx context.Context, ref string) (*app.HubNoticeStatus, error) {
	var out app.HubNoticeStatus
	err := h.db.read(ctx, func(tx *sql.Tx) error {
		id, err := strconv.ParseInt(ref, 10, 64)
		if err != nil {
			if err := tx.QueryRowContext(ctx, `SELECT id FROM hub_notices WHERE uuid = ?`, ref).Scan(&id); err != nil {
				return app.Errorf(app.ENOTFOUND, "hub.error.notice_not_found", ref)
			}
		}
		if out.Notice, err = loadHubNotice(ctx, tx, id); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT o.id, o.uuid, o.name, o.kind, o.township, o.created_at, o.enrolled_at, o.last_contact, o.revoked,
				x.delivered, x.confirmed_at, x.forwarded_at, x.families, x.updated_at, x.families_read, x.families_acked
			FROM hub_notice_orgs x JOIN hub_orgs o ON o.id = x.org_id
			WHERE x.notice_id = ? ORDER BY o.township, o.name`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s app.HubNoticeSchool
			var created, enrolled, contact, confirmed, forwarded, updated string
			if err := rows.Scan(&s.Org.ID, &s.Org.UUID, &s.Org.Name, &s.Org.Kind, &s.Org.Township, &created, &enrolled, &contact, &s.Org.Revoked,
				&s.Delivered, &confirmed, &forwarded, &s.Families, &updated, &s.Read, &s.Acked); err != nil {
				return err
			}
			s.Org.CreatedAt, s.Org.EnrolledAt, s.Org.LastContact = parseTime(created), parseTime(enrolled), parseTime(contact)
			s.Confirmed, s.Forwarded, s.LastUpdate = parseTime(confirmed), parseTime(forwarded), parseTime(updated)
			out.Schools = append(out.Schools, s)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Feed serves a page of the school's feed after seq `after`. It first
// records what the school has applied (every record up to after) as
// delivered, and when it last called.
func (h *Hub) Feed(ctx context.Context, orgID int64, epoch string, after int64, maxBytes int) (*app.FeedPage, error) {
	page := &app.FeedPage{}
	err := h.db.write(ctx, func(tx *sql.Tx) error {
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT epoch, feed_seq FROM hub_orgs WHERE id = ?`, orgID).Scan(&page.Epoch, &last); err != nil {
			return err
		}
		if epoch != page.Epoch && !(epoch == "" && after == 0) {
			e := app.Errorf(app.ECONFLICT, "hub.error.epoch")
			e.Args = []any{page.Epoch}
			return e
		}
		if _, err := tx.ExecContext(ctx, `UPDATE hub_orgs SET last_contact = ? WHERE id = ?`, h.db.now(), orgID); err != nil {
			return err
		}
		if after > 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE hub_notice_orgs SET delivered = 1, updated_at = ?
				WHERE org_id = ? AND feed_seq <= ? AND delivered = 0`, h.db.now(), orgID, after); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE hub_survey_orgs SET delivered = 1
				WHERE org_id = ? AND feed_seq <= ? AND delivered = 0`, orgID, after); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE hub_course_orgs SET delivered = 1
				WHERE org_id = ? AND feed_seq <= ? AND delivered = 0`, orgID, after); err != nil {
				return err
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT f.seq, f.type, COALESCE(f.ref, 0), COALESCE(n.uuid, ''), COALESCE(n.title, ''), COALESCE(n.body, ''),
				COALESCE(n.requires_ack, 0), COALESCE(n.deadline, ''), COALESCE(n.published_at, ''), COALESCE(n.revoked_at, '')
			FROM hub_feed f LEFT JOIN hub_notices n ON n.id = f.notice_id
			WHERE f.org_id = ? AND f.seq > ? ORDER BY f.seq LIMIT ?`, orgID, after, feedPageRecords)
		if err != nil {
			return err
		}
		defer rows.Close()
		size := 0
		for rows.Next() {
			var r app.FeedRecord
			var n app.BureauNotice
			var published, revoked string
			var ref int64
			if err := rows.Scan(&r.Seq, &r.Type, &ref, &r.ID, &n.Title, &n.Body, &n.RequiresAck, &n.Deadline, &published, &revoked); err != nil {
				return err
			}
			var body any = app.BureauRevoke{RevokedAt: parseTime(revoked)}
			switch r.Type {
			case app.RecordNotice:
				n.PublishedAt = parseTime(published)
				if n.Files, err = feedFiles(ctx, tx, r.ID); err != nil { // hub_file.go
					return err
				}
				body = n
			case app.RecordSurvey, app.RecordSurveyRevoke, app.RecordReminder:
				if r.ID, body, err = surveyFeedBody(ctx, tx, r.Type, ref); err != nil {
					return err
				}
			case app.RecordRequest:
				if r.ID, body, err = requestFeedBody(ctx, tx, ref); err != nil { // hub_request.go
					return err
				}
			case app.RecordCourse, app.RecordCourseRevoke:
				if r.ID, body, err = courseFeedBody(ctx, tx, r.Type, ref); err != nil { // hub_course.go
					return err
				}
			}
			if r.Body, err = json.Marshal(body); err != nil {
				return err
			}
			if size += len(r.Body) + feedRecordOverhead; size > maxBytes && len(page.Records) > 0 {
				break
			}
			page.Records = append(page.Records, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if n := len(page.Records); n > 0 {
			page.More = page.Records[n-1].Seq < last
		}
		return tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(batch), 0) FROM hub_batches WHERE org_id = ?`, orgID).Scan(&page.LastBatch)
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// Receipts serves a page of the school's receipts raised by batches after
// since, in the order of notice and family. The cursor is the last
// receipt's notice id and family, "N.F"; it means nothing to the school.
func (h *Hub) Receipts(ctx context.Context, orgID, since int64, after string, max int) (*app.ReceiptsPage, error) {
	var notice, family int64
	if after != "" {
		n, f, ok := strings.Cut(after, ".")
		var errN, errF error
		notice, errN = strconv.ParseInt(n, 10, 64)
		family, errF = strconv.ParseInt(f, 10, 64)
		if !ok || errN != nil || errF != nil {
			return nil, app.Errorf(app.EINVALID, "hub.error.receipts_cursor", after)
		}
	}
	page := &app.ReceiptsPage{}
	err := h.db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT r.notice_id, n.uuid, r.family, r.state, r.channel, r.at, r.class
			FROM hub_receipts r JOIN hub_notices n ON n.id = r.notice_id
			WHERE r.org_id = ? AND (r.notice_id, r.family) > (?, ?) AND r.batch > ?
			ORDER BY r.notice_id, r.family LIMIT ?`, orgID, notice, family, since, max+1)
		if err != nil {
			return err
		}
		defer rows.Close()
		for n := 0; rows.Next(); n++ {
			if n == max {
				page.More = true
				break
			}
			var id int64
			var uuid string
			var r app.ReceiptUp
			if err := rows.Scan(&id, &uuid, &r.Family, &r.State, &r.Channel, &r.At, &r.Class); err != nil {
				return err
			}
			if id != notice || len(page.Ops) == 0 {
				page.Ops = append(page.Ops, app.OutOp{Type: app.OpReceipts, Notice: uuid})
			}
			op := &page.Ops[len(page.Ops)-1]
			op.Receipts = append(op.Receipts, r)
			notice, family = id, r.Family
		}
		page.Next = fmt.Sprintf("%d.%d", notice, family)
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}
