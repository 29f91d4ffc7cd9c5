package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"jxj/app"
)

// surveyFeedBody reads the body of a survey, survey tombstone or reminder
// record of the feed, with the UUID the record carries.
func surveyFeedBody(ctx context.Context, q querier, typ string, ref int64) (string, any, error) {
	if typ == app.RecordReminder {
		var r app.ReminderRecord
		var id, sent string
		err := q.QueryRowContext(ctx, `SELECT m.uuid, m.kind, COALESCE(n.uuid, s.uuid), COALESCE(n.title, s.title), m.sent_by, m.sent_at, m.ack_percent
			FROM hub_reminders m LEFT JOIN hub_notices n ON n.id = m.notice_id LEFT JOIN hub_surveys s ON s.id = m.survey_id
			WHERE m.id = ?`, ref).Scan(&id, &r.Kind, &r.Ref, &r.Title, &r.From, &sent, &r.AckPercent)
		if err != nil {
			return "", nil, err
		}
		r.SentAt = parseTime(sent)
		if r.From == hubAdmin {
			r.From = "" // the bureau's command line: the school shows "the bureau"
		}
		return id, r, nil
	}
	s, err := loadHubSurvey(ctx, q, ref)
	if err != nil {
		return "", nil, err
	}
	if typ == app.RecordSurveyRevoke {
		return s.UUID, app.BureauRevoke{RevokedAt: s.RevokedAt}, nil
	}
	return s.UUID, app.BureauSurveyRecord{Title: s.Title, Intro: s.Intro, Questions: s.Questions,
		Deadline: app.FormatDate(s.Deadline), PublishedAt: s.PublishedAt}, nil
}

// RemindNotice sends a 催办 about a bureau notice to the schools d names,
// or to those behind on it: not confirmed, not forwarded, or (a notice
// asking for acknowledgements) fewer than d.AckPercent of the families
// it reached acknowledged.
func (h *Hub) RemindNotice(ctx context.Context, d app.RemindDraft) (*app.HubReminder, error) {
	if d.AckPercent == 0 {
		d.AckPercent = app.DefaultAckPercent
	}
	if d.AckPercent < 1 || d.AckPercent > 100 {
		return nil, app.Errorf(app.EINVALID, "bureau_survey.error.ack_percent", d.AckPercent)
	}
	var out *app.HubReminder
	err := h.db.write(ctx, func(tx *sql.Tx) error {
		id, err := refID(ctx, tx, "hub_notices", "hub.error.notice_not_found", d.Ref)
		if err != nil {
			return err
		}
		n, err := loadHubNotice(ctx, tx, id)
		if err != nil {
			return err
		}
		if !n.RevokedAt.IsZero() {
			return app.Errorf(app.ECONFLICT, "hub.error.notice_revoked", n.Title)
		}
		behind, err := noticeBehind(ctx, tx, n, d.AckPercent)
		if err != nil {
			return err
		}
		orgs, err := remindOrgs(ctx, tx, d.Orgs, behind, `SELECT org_id FROM hub_notice_orgs WHERE notice_id = ?`, n.ID)
		if err != nil {
			return err
		}
		ack := 0
		if n.RequiresAck {
			ack = d.AckPercent
		}
		out, err = h.remind(ctx, tx, app.ReminderNotice, "notice_id", n.ID, n.Title, ack, d.From, orgs)
		return err
	})
	return out, err
}

// RemindSurvey sends a 催办 about a survey to the schools d names, or to
// those that have not answered it.
func (h *Hub) RemindSurvey(ctx context.Context, d app.RemindDraft) (*app.HubReminder, error) {
	var out *app.HubReminder
	err := h.db.write(ctx, func(tx *sql.Tx) error {
		id, err := refID(ctx, tx, "hub_surveys", "bureau_survey.error.not_found", d.Ref)
		if err != nil {
			return err
		}
		s, err := loadHubSurvey(ctx, tx, id)
		if err != nil {
			return err
		}
		if !s.RevokedAt.IsZero() {
			return app.Errorf(app.ECONFLICT, "bureau_survey.error.revoked", s.Title)
		}
		behind, err := queryIDs(ctx, tx, `SELECT x.org_id FROM hub_survey_orgs x JOIN hub_orgs o ON o.id = x.org_id
			WHERE x.survey_id = ? AND x.version = '' AND o.revoked = 0 ORDER BY x.org_id`, id)
		if err != nil {
			return err
		}
		orgs, err := remindOrgs(ctx, tx, d.Orgs, behind, `SELECT org_id FROM hub_survey_orgs WHERE survey_id = ?`, id)
		if err != nil {
			return err
		}
		out, err = h.remind(ctx, tx, app.ReminderSurvey, "survey_id", id, s.Title, 0, d.From, orgs)
		return err
	})
	return out, err
}

// noticeBehind lists the schools (not revoked) behind on a notice: not
// confirmed, not forwarded, or fewer than ackPercent of the families
// acknowledged a notice that asks for it.
func noticeBehind(ctx context.Context, tx *sql.Tx, n *app.HubNotice, ackPercent int) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT x.org_id, x.confirmed_at = '' OR x.forwarded_at = ''
			OR (? AND (x.families = 0 OR 100 * COALESCE(r.acked, 0) < ? * x.families))
		FROM hub_notice_orgs x JOIN hub_orgs o ON o.id = x.org_id
		LEFT JOIN (SELECT org_id, SUM(state = 2) AS acked FROM hub_receipts WHERE notice_id = ? GROUP BY org_id) r ON r.org_id = x.org_id
		WHERE x.notice_id = ? AND o.revoked = 0 ORDER BY x.org_id`, n.RequiresAck, ackPercent, n.ID, n.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var org int64
		var behind bool
		if err := rows.Scan(&org, &behind); err != nil {
			return nil, err
		}
		if behind {
			out = append(out, org)
		}
	}
	return out, rows.Err()
}

// remindOrgs checks the schools the bureau named (each must have been sent
// the record: sentQuery lists those) or, none named, takes those behind;
// none at all is ECONFLICT.
func remindOrgs(ctx context.Context, tx *sql.Tx, named, behind []int64, sentQuery string, id int64) ([]int64, error) {
	if len(named) == 0 {
		if len(behind) == 0 {
			return nil, app.Errorf(app.ECONFLICT, "bureau_survey.error.none_behind")
		}
		return behind, nil
	}
	sent, err := queryIDs(ctx, tx, sentQuery, id)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	var out []int64
	for _, org := range named {
		if !slices.Contains(sent, org) {
			return nil, app.Errorf(app.EINVALID, "bureau_survey.error.not_sent", org)
		}
		if !seen[org] {
			seen[org] = true
			out = append(out, org)
		}
	}
	return out, nil
}

// remind stores a reminder about the record col names and appends it to
// the feed of orgs.
func (h *Hub) remind(ctx context.Context, tx *sql.Tx, kind app.ReminderKind, col string, id int64, title string,
	ackPercent int, from string, orgs []int64) (*app.HubReminder, error) {
	if from == "" {
		from = hubAdmin
	}
	uuid, err := newUUID()
	if err != nil {
		return nil, err
	}
	now := h.db.now()
	res, err := tx.ExecContext(ctx, `INSERT INTO hub_reminders (uuid, kind, `+col+`, ack_percent, sent_by, sent_at) VALUES (?, ?, ?, ?, ?, ?)`,
		uuid, string(kind), id, ackPercent, from, now)
	if err != nil {
		return nil, err
	}
	rid, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	seqs, err := appendRecords(ctx, tx, orgs, app.RecordReminder, "ref", rid)
	if err != nil {
		return nil, err
	}
	if err := insertRows(ctx, tx, `INSERT INTO hub_reminder_orgs (reminder_id, org_id, feed_seq) VALUES `, "(?, ?, ?)", len(orgs),
		func(i int) []any { return []any{rid, orgs[i], seqs[i]} }, ""); err != nil {
		return nil, err
	}
	if err := h.audit(ctx, tx, hubAdmin, "remind."+string(kind), uuid, fmt.Sprintf("title=%s schools=%d", title, len(orgs))); err != nil {
		return nil, err
	}
	out := &app.HubReminder{ID: rid, UUID: uuid, Kind: kind, Title: title, SentAt: parseTime(now)}
	for _, org := range orgs {
		o, err := loadHubOrg(ctx, tx, `WHERE id = ?`, org)
		if err != nil {
			return nil, err
		}
		out.Schools = append(out.Schools, *o)
	}
	return out, nil
}

// refID resolves the id or UUID of a row of table (hub_notices,
// hub_surveys); one not there is ENOTFOUND with key.
func refID(ctx context.Context, q querier, table, key, ref string) (int64, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return id, nil
	}
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM `+table+` WHERE uuid = ?`, ref).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, app.Errorf(app.ENOTFOUND, key, ref)
	}
	return id, err
}
