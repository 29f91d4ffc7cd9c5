package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"jxj/app"
)

// bureauSurveyService implements app.BureauSurveyService: the bureau's
// surveys and reminders as they came down the feed, and the school's
// answers, which go up on the outbox.
type bureauSurveyService struct{ db *DB }

var _ app.BureauSurveyService = (*bureauSurveyService)(nil)

// BureauSurveys lists the surveys, newest first, each with its answer.
func (s *bureauSurveyService) BureauSurveys(ctx context.Context) ([]*app.BureauSurvey, error) {
	if _, err := actingAccount(ctx); err != nil {
		return nil, err
	}
	var out []*app.BureauSurvey
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = loadBureauSurveys(ctx, tx, ``)
		return err
	})
	return out, err
}

// BureauSurvey returns one survey with its answer.
func (s *bureauSurveyService) BureauSurvey(ctx context.Context, id int64) (*app.BureauSurvey, error) {
	if _, err := actingAccount(ctx); err != nil {
		return nil, err
	}
	var out *app.BureauSurvey
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = loadBureauSurvey(ctx, tx, id)
		return err
	})
	return out, err
}

const bureauSurveySelect = `SELECT s.id, s.uuid, s.title, s.intro, s.questions, s.deadline, s.published_at, s.revoked_at,
	COALESCE(a.vals, ''), COALESCE(a.answered_at, ''),
	(SELECT COUNT(*) FROM bureau_survey_answers v WHERE v.survey_id = s.id)
	FROM bureau_surveys s LEFT JOIN bureau_survey_answers a
		ON a.id = (SELECT MAX(id) FROM bureau_survey_answers v WHERE v.survey_id = s.id)`

// loadBureauSurveys reads the surveys a WHERE clause picks, newest first.
func loadBureauSurveys(ctx context.Context, q querier, where string, args ...any) ([]*app.BureauSurvey, error) {
	rows, err := q.QueryContext(ctx, bureauSurveySelect+" "+where+` ORDER BY s.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*app.BureauSurvey
	for rows.Next() {
		var b app.BureauSurvey
		var questions, deadline, published, revoked, vals, answered string
		if err := rows.Scan(&b.ID, &b.UUID, &b.Title, &b.Intro, &questions, &deadline, &published, &revoked,
			&vals, &answered, &b.Versions); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(questions), &b.Questions); err != nil {
			return nil, err
		}
		if vals != "" {
			if err := json.Unmarshal([]byte(vals), &b.Values); err != nil {
				return nil, err
			}
		}
		b.Deadline, _ = app.ParseDate(deadline)
		b.PublishedAt, b.RevokedAt, b.AnsweredAt = parseTime(published), parseTime(revoked), parseTime(answered)
		out = append(out, &b)
	}
	return out, rows.Err()
}

func loadBureauSurvey(ctx context.Context, q querier, id int64) (*app.BureauSurvey, error) {
	out, err := loadBureauSurveys(ctx, q, `WHERE s.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, app.Errorf(app.ENOTFOUND, "bureau_survey.error.school_not_found", id)
	}
	return out[0], nil
}

// AnswerBureauSurvey stores a new version of the school's answer, naming
// the version it replaces, and queues it to go up, in one transaction.
func (s *bureauSurveyService) AnswerBureauSurvey(ctx context.Context, id int64, values []app.SurveyValue) (*app.BureauSurvey, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	if !a.ReadsAll() {
		return nil, app.Errorf(app.EFORBIDDEN, "bureau_survey.error.forbidden")
	}
	version, err := uuid.NewV7()
	if err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	var out *app.BureauSurvey
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		b, err := loadBureauSurvey(ctx, tx, id)
		if err != nil {
			return err
		}
		now := s.db.Now()
		switch {
		case !b.RevokedAt.IsZero():
			return app.Errorf(app.ECONFLICT, "bureau_survey.error.school_revoked", b.Title)
		case !b.Open(now):
			return app.Errorf(app.ECONFLICT, "bureau_survey.error.closed", b.Title, app.FormatDate(b.Deadline))
		}
		if err := app.ValidateAnswer(b.Questions, values); err != nil {
			return err
		}
		var replaces string
		err = tx.QueryRowContext(ctx, `SELECT version FROM bureau_survey_answers WHERE survey_id = ? ORDER BY id DESC LIMIT 1`, id).Scan(&replaces)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		vals, err := json.Marshal(values)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO bureau_survey_answers (survey_id, version, replaces, vals, answered_at, answered_by)
			VALUES (?, ?, ?, ?, ?, ?)`, id, version.String(), replaces, string(vals), formatTime(now), a.Username); err != nil {
			return err
		}
		up := app.SurveyAnswerUp{Survey: b.UUID, Version: version.String(), Replaces: replaces, Values: values, At: now.Unix()}
		if err := enqueue(ctx, tx, now, app.OpSurveyAnswer, b.UUID, outSurveyAnswer{Answer: &up}); err != nil {
			return err
		}
		if err := s.db.audit(ctx, tx, "bureau_survey.answer", "bureau_survey:"+b.UUID,
			fmt.Sprintf("version=%s replaces=%s version_no=%d title=%s", up.Version, replaces, b.Versions+1, b.Title)); err != nil {
			return err
		}
		out, err = loadBureauSurvey(ctx, tx, id)
		return err
	})
	return out, err
}

// outSurveyAnswer is the outbox body of an OpSurveyAnswer (app.PackOps
// reads its answer field).
type outSurveyAnswer struct {
	Answer *app.SurveyAnswerUp `json:"answer"`
}

// Reminders lists the reminders not dismissed, newest first, each marked
// done when the school has done what it asks.
func (s *bureauSurveyService) Reminders(ctx context.Context) ([]*app.BureauReminder, error) {
	if _, err := actingAccount(ctx); err != nil {
		return nil, err
	}
	var out []*app.BureauReminder
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = loadReminders(ctx, tx)
		return err
	})
	return out, err
}

// loadReminders reads the open reminders. A notice's is done when the
// notice is revoked, or confirmed and forwarded with enough families'
// acknowledgements; a survey's when it is answered or revoked.
func loadReminders(ctx context.Context, q querier) ([]*app.BureauReminder, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.id, m.kind, m.ref, m.title, m.sent_by, m.sent_at, m.ack_percent,
			COALESCE(n.id, s.id, 0),
			CASE m.kind
			WHEN 'notice' THEN COALESCE(n.state = 'revoked' OR (n.confirmed_at <> '' AND n.forwarded_at <> '' AND
				(m.ack_percent = 0 OR (SELECT 100 * SUM(r.state = 2) >= m.ack_percent * COUNT(*)
					FROM receipts r WHERE r.notice_id = n.id AND r.student_id IS NOT NULL))), 0)
			ELSE COALESCE(s.revoked_at <> '' OR EXISTS (SELECT 1 FROM bureau_survey_answers a WHERE a.survey_id = s.id), 0)
			END
		FROM bureau_reminders m
		LEFT JOIN notices n ON m.kind = 'notice' AND n.uuid = m.ref AND n.source = 'bureau'
		LEFT JOIN bureau_surveys s ON m.kind = 'survey' AND s.uuid = m.ref
		WHERE m.dismissed_at = '' ORDER BY m.id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*app.BureauReminder
	for rows.Next() {
		var r app.BureauReminder
		var sent string
		if err := rows.Scan(&r.ID, &r.Kind, &r.Ref, &r.Title, &r.From, &sent, &r.AckPercent, &r.RefID, &r.Done); err != nil {
			return nil, err
		}
		r.SentAt = parseTime(sent)
		out = append(out, &r)
	}
	return out, rows.Err()
}

// DismissReminder hides a reminder from the workbench for good.
func (s *bureauSurveyService) DismissReminder(ctx context.Context, id int64) error {
	a, err := actingAccount(ctx)
	if err != nil {
		return err
	}
	if !a.ReadsAll() {
		return app.Errorf(app.EFORBIDDEN, "bureau_survey.error.forbidden")
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		var title string
		err := tx.QueryRowContext(ctx, `UPDATE bureau_reminders SET dismissed_at = ?, dismissed_by = ? WHERE id = ? AND dismissed_at = ''
			RETURNING title`, s.db.now(), a.Username, id).Scan(&title)
		if errors.Is(err, sql.ErrNoRows) {
			return app.Errorf(app.ENOTFOUND, "bureau_survey.error.reminder_not_found", id)
		}
		if err != nil {
			return err
		}
		return s.db.audit(ctx, tx, "bureau_survey.dismiss", fmt.Sprintf("bureau_reminder:%d", id), "title="+title)
	})
}

// applyBureauSurvey stores a survey from the feed; one already stored is
// left as it is (records are immutable). A survey whose questions this
// version cannot take is skipped.
func (db *DB) applyBureauSurvey(ctx context.Context, tx *sql.Tx, id string, r *app.BureauSurveyRecord) (bool, error) {
	if err := (app.NoticeDraft{Title: r.Title, Body: r.Intro}).Validate(); err != nil {
		return false, nil
	}
	if err := app.ValidateQuestions(r.Questions); err != nil {
		return false, nil
	}
	questions, err := json.Marshal(r.Questions)
	if err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO bureau_surveys (uuid, title, intro, questions, deadline, published_at, received_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO NOTHING`,
		id, app.CleanTitle(r.Title), r.Intro, string(questions), r.Deadline, formatTime(r.PublishedAt), db.now())
	if err != nil {
		return false, err
	}
	added, err := res.RowsAffected()
	return added > 0, err
}

// applyBureauSurveyRevoke marks a survey revoked; its answers stay.
func (db *DB) applyBureauSurveyRevoke(ctx context.Context, tx *sql.Tx, id string, r *app.BureauRevoke) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE bureau_surveys SET revoked_at = ? WHERE uuid = ? AND revoked_at = ''`, formatTime(r.RevokedAt), id)
	if err != nil {
		return false, err
	}
	changed, err := res.RowsAffected()
	return changed > 0, err
}

// applyReminder stores a 催办 from the feed.
func (db *DB) applyReminder(ctx context.Context, tx *sql.Tx, id string, r *app.ReminderRecord) (bool, error) {
	if (r.Kind != app.ReminderNotice && r.Kind != app.ReminderSurvey) || r.Ref == "" {
		return false, nil
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO bureau_reminders (uuid, kind, ref, title, sent_by, sent_at, ack_percent, received_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO NOTHING`,
		id, string(r.Kind), r.Ref, app.CleanTitle(r.Title), r.From, formatTime(r.SentAt), r.AckPercent, db.now())
	if err != nil {
		return false, err
	}
	added, err := res.RowsAffected()
	return added > 0, err
}

// applySurveyRecord applies a survey, survey tombstone or reminder record
// of the feed; a body it cannot read is skipped, as ApplyFeed does.
func (db *DB) applySurveyRecord(ctx context.Context, tx *sql.Tx, r app.FeedRecord) (bool, error) {
	switch r.Type {
	case app.RecordSurvey:
		var b app.BureauSurveyRecord
		if json.Unmarshal(r.Body, &b) != nil {
			return false, nil
		}
		return db.applyBureauSurvey(ctx, tx, r.ID, &b)
	case app.RecordSurveyRevoke:
		var b app.BureauRevoke
		if json.Unmarshal(r.Body, &b) != nil {
			return false, nil
		}
		return db.applyBureauSurveyRevoke(ctx, tx, r.ID, &b)
	}
	var b app.ReminderRecord
	if json.Unmarshal(r.Body, &b) != nil {
		return false, nil
	}
	return db.applyReminder(ctx, tx, r.ID, &b)
}
