package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"jxj/app"
)

var _ app.BureauSurveys = (*Hub)(nil)

// PublishSurvey stores a bureau survey and appends it to the feed of
// every school it is for (every school when d.Orgs is empty), in one
// transaction.
func (h *Hub) PublishSurvey(ctx context.Context, d app.SurveyDraft) (*app.HubSurvey, error) {
	if err := (app.NoticeDraft{Title: d.Title, Body: d.Intro}).Validate(); err != nil {
		return nil, err
	}
	if err := app.ValidateQuestions(d.Questions); err != nil {
		return nil, err
	}
	questions, err := json.Marshal(d.Questions)
	if err != nil {
		return nil, err
	}
	id, err := newUUID()
	if err != nil {
		return nil, err
	}
	var out *app.HubSurvey
	err = h.db.write(ctx, func(tx *sql.Tx) error {
		orgs, err := h.targetOrgs(ctx, tx, d.Orgs)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO hub_surveys (uuid, title, intro, questions, deadline, published_at) VALUES (?, ?, ?, ?, ?, ?)`,
			id, app.CleanTitle(d.Title), d.Intro, string(questions), app.FormatDate(d.Deadline), h.db.now())
		if err != nil {
			return err
		}
		surveyID, err := res.LastInsertId()
		if err != nil {
			return err
		}
		seqs, err := appendRecords(ctx, tx, orgs, app.RecordSurvey, "ref", surveyID)
		if err != nil {
			return err
		}
		if err := insertRows(ctx, tx, `INSERT INTO hub_survey_orgs (survey_id, org_id, feed_seq) VALUES `, "(?, ?, ?)", len(orgs),
			func(i int) []any { return []any{surveyID, orgs[i], seqs[i]} }, ""); err != nil {
			return err
		}
		if err := h.audit(ctx, tx, hubAdmin, "survey.publish", id, fmt.Sprintf("title=%s schools=%d questions=%d", d.Title, len(orgs), len(d.Questions))); err != nil {
			return err
		}
		out, err = loadHubSurvey(ctx, tx, surveyID)
		return err
	})
	return out, err
}

// RevokeSurvey marks a survey revoked and appends the tombstone to the
// feed of every school it was sent to; the answers stay.
func (h *Hub) RevokeSurvey(ctx context.Context, id int64) (*app.HubSurvey, error) {
	return revokeSent(ctx, h, sentSurvey, id, loadHubSurvey, func(s *app.HubSurvey) sentHead {
		return sentHead{s.UUID, s.Title, s.RevokedAt}
	})
}

// Surveys lists the bureau surveys, newest first.
func (h *Hub) Surveys(ctx context.Context) ([]*app.HubSurvey, error) {
	var out []*app.HubSurvey
	err := h.db.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanHubSurvey, hubSurveySelect+` ORDER BY s.id DESC`)
		return err
	})
	return out, err
}

const hubSurveySelect = `SELECT s.id, s.uuid, s.title, s.intro, s.questions, s.deadline, s.published_at, s.revoked_at,
	(SELECT COUNT(*) FROM hub_survey_orgs o WHERE o.survey_id = s.id),
	(SELECT COUNT(*) FROM hub_survey_orgs o WHERE o.survey_id = s.id AND o.version <> '') FROM hub_surveys s`

func scanHubSurvey(sc rowScanner) (*app.HubSurvey, error) {
	var s app.HubSurvey
	var questions, deadline, published, revoked string
	if err := sc.Scan(&s.ID, &s.UUID, &s.Title, &s.Intro, &questions, &deadline, &published, &revoked, &s.Schools, &s.Answered); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(questions), &s.Questions); err != nil {
		return nil, err
	}
	s.Deadline, _ = app.ParseDate(deadline)
	s.PublishedAt, s.RevokedAt = parseTime(published), parseTime(revoked)
	return &s, nil
}

func loadHubSurvey(ctx context.Context, q querier, id int64) (*app.HubSurvey, error) {
	s, err := scanHubSurvey(q.QueryRowContext(ctx, hubSurveySelect+` WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, app.Errorf(app.ENOTFOUND, "bureau_survey.error.not_found", strconv.FormatInt(id, 10))
	}
	return s, err
}

// SurveyStatus returns a survey (by id or UUID) with each school's latest
// answer, the totals over them and the schools that have not answered.
func (h *Hub) SurveyStatus(ctx context.Context, ref string) (*app.HubSurveyStatus, error) {
	var out app.HubSurveyStatus
	err := h.db.read(ctx, func(tx *sql.Tx) error {
		id, err := refID(ctx, tx, "hub_surveys", "bureau_survey.error.not_found", ref)
		if err != nil {
			return err
		}
		if out.Survey, err = loadHubSurvey(ctx, tx, id); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT o.id, o.uuid, o.name, o.kind, o.township, o.created_at, o.enrolled_at, o.last_contact, o.revoked,
				x.delivered, x.answered_at, COALESCE(a.vals, ''),
				(SELECT COUNT(*) FROM hub_survey_answers v WHERE v.survey_id = x.survey_id AND v.org_id = x.org_id)
			FROM hub_survey_orgs x JOIN hub_orgs o ON o.id = x.org_id
			LEFT JOIN hub_survey_answers a ON a.version = x.version AND x.version <> ''
			WHERE x.survey_id = ? ORDER BY o.township, o.name`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s app.HubSurveySchool
			var created, enrolled, contact, answered, vals string
			if err := rows.Scan(&s.Org.ID, &s.Org.UUID, &s.Org.Name, &s.Org.Kind, &s.Org.Township, &created, &enrolled, &contact, &s.Org.Revoked,
				&s.Delivered, &answered, &vals, &s.Versions); err != nil {
				return err
			}
			s.Org.CreatedAt, s.Org.EnrolledAt, s.Org.LastContact = parseTime(created), parseTime(enrolled), parseTime(contact)
			s.AnsweredAt = parseTime(answered)
			if vals != "" {
				if err := json.Unmarshal([]byte(vals), &s.Values); err != nil {
					return err
				}
			} else {
				out.NotAnswered = append(out.NotAnswered, s.Org)
			}
			out.Schools = append(out.Schools, s)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	out.Totals = app.SurveyTotals(out.Survey.Questions, out.Schools)
	return &out, nil
}

// The codes of rejected survey answers, besides those of notices.
const (
	rejectUnknownSurvey = "unknown_survey"
	rejectClosed        = "closed"
)

// surveyRef is a survey as an answer names it, with this school's state.
type surveyRef struct {
	id        int64
	questions []app.SurveyQuestion
	deadline  string
	sent      bool
	delivered bool
	revoked   bool
}

// surveyAnswer applies an OpSurveyAnswer. The hub keeps every version; the
// latest to arrive becomes the school's answer. A version the hub has
// already (a batch sent again by a restored copy) changes nothing.
func (p *pusher) surveyAnswer(ctx context.Context, op *app.OutOp) pushResult {
	a := op.Answer
	if a == nil || a.Version == "" || len(a.Version) > 64 || len(a.Replaces) > 64 {
		return rejected(rejectBadOp, app.Errorf(app.EINVALID, "bureau_survey.reject.bad_answer"))
	}
	fail := func(err error) pushResult {
		p.err = err
		return pushResult{}
	}
	s := surveyRef{}
	var questions string
	var delivered sql.NullBool
	var revoked string
	err := p.tx.QueryRowContext(ctx, `SELECT s.id, s.questions, s.deadline, s.revoked_at, o.delivered
		FROM hub_surveys s LEFT JOIN hub_survey_orgs o ON o.survey_id = s.id AND o.org_id = ?
		WHERE s.uuid = ?`, p.org, a.Survey).Scan(&s.id, &questions, &s.deadline, &revoked, &delivered)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fail(err)
	}
	s.sent, s.delivered, s.revoked = delivered.Valid, delivered.Bool, revoked != ""
	switch {
	case s.id == 0 || !s.sent:
		return rejected(rejectUnknownSurvey, app.Errorf(app.EINVALID, "bureau_survey.reject.unknown"))
	case s.revoked:
		return rejected(rejectRevoked, app.Errorf(app.EINVALID, "bureau_survey.reject.revoked"))
	case !s.delivered:
		return rejected(rejectNotDelivered, app.Errorf(app.EINVALID, "hub.reject.not_delivered"))
	}
	if err := json.Unmarshal([]byte(questions), &s.questions); err != nil {
		return fail(err)
	}
	var owner int64
	err = p.tx.QueryRowContext(ctx, `SELECT org_id FROM hub_survey_answers WHERE version = ?`, a.Version).Scan(&owner)
	switch {
	case err == nil && owner == p.org:
		return okResult // seen before
	case err == nil:
		return rejected(rejectBadOp, app.Errorf(app.EINVALID, "bureau_survey.reject.bad_answer"))
	case !errors.Is(err, sql.ErrNoRows):
		return fail(err)
	}
	if err := app.ValidateAnswer(s.questions, a.Values); err != nil {
		var ae *app.Error
		errors.As(err, &ae)
		return rejected(rejectBadOp, ae)
	}
	// the school may correct its answer until the deadline's day ends
	if s.deadline != "" && app.FormatDate(time.Unix(a.At, 0)) > s.deadline {
		return rejected(rejectClosed, app.Errorf(app.EINVALID, "bureau_survey.reject.closed", s.deadline))
	}
	vals, err := json.Marshal(a.Values)
	if err != nil {
		return fail(err)
	}
	now := p.h.db.now()
	if _, err := p.tx.ExecContext(ctx, `INSERT INTO hub_survey_answers (version, survey_id, org_id, replaces, vals, at, batch, received_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.Version, s.id, p.org, a.Replaces, string(vals), a.At, p.batch, now); err != nil {
		return fail(err)
	}
	if _, err := p.tx.ExecContext(ctx, `UPDATE hub_survey_orgs SET version = ?, answered_at = ? WHERE survey_id = ? AND org_id = ?`,
		a.Version, formatTime(time.Unix(a.At, 0)), s.id, p.org); err != nil {
		return fail(err)
	}
	return okResult
}
