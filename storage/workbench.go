package storage

import (
	"context"
	"database/sql"
	"time"

	"jxj/app"
)

// workbenchService implements app.WorkbenchService: the lists the to-do
// list is made of, as the other services give them to the acting
// account, the classes not taken the roll today and the exams with blank
// scores, put together by app.BuildWorkbench.
type workbenchService struct{ db *DB }

var _ app.WorkbenchService = (*workbenchService)(nil)

// Workbench computes the workbench of today, by the database's clock, in
// one read transaction. It reads only what app.BuildTodo can list: of the
// homework, that due today; of the forms, those not closed; of the leave
// requests, those waiting for the account's decision.
func (s *workbenchService) Workbench(ctx context.Context) (*app.Workbench, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	today := app.FormatDate(now.In(time.Local))
	d := app.WorkbenchData{Oversees: a.ReadsAll()}
	err = s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		if d.Notices, err = loadNotices(ctx, tx, a); err != nil {
			return err
		}
		if d.Homework, err = loadHomeworks(ctx, tx, a, queryFilter(`SELECT id FROM homework WHERE due = ?`, today)); err != nil {
			return err
		}
		if d.Forms, err = loadForms(ctx, tx, a, queryFilter(`SELECT id FROM forms WHERE closed = 0`), today); err != nil {
			return err
		}
		if d.Leaves, err = leavesToDecide(ctx, tx, a); err != nil {
			return err
		}
		if d.NotTaken, err = notTaken(ctx, tx, a, now); err != nil {
			return err
		}
		if d.Oversees {
			if d.BureauSurveys, err = loadBureauSurveys(ctx, tx, `WHERE s.revoked_at = ''`); err != nil {
				return err
			}
			if d.Reminders, err = loadReminders(ctx, tx); err != nil {
				return err
			}
			if d.Requests, err = loadRequests(ctx, tx, `WHERE state IN ('approved', 'rejected') AND dismissed_at = ''`); err != nil {
				return err
			}
		}
		d.Exams, err = examsToFill(ctx, tx, a, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return app.BuildWorkbench(now, d), nil
}

// examsToFill counts the exams of the app.ExamFillDays days up to today
// with a blank score (a subject of a student on the roll of a class of
// this year that a sees, with no score and not marked absent).
func examsToFill(ctx context.Context, q querier, a *app.Account, now time.Time) (int, error) {
	classes, err := loadClasses(ctx, q)
	if err != nil {
		return 0, err
	}
	own := map[int64]bool{}
	for _, c := range classes {
		own[c.ID] = seesClass(a, c.ID)
	}
	rows, err := q.QueryContext(ctx, `SELECT ec.exam_id, ec.class_id,
			(SELECT count(*) FROM students s WHERE s.class_id = ec.class_id AND s.status = 'active') * json_array_length(e.subjects)
			- (SELECT count(*) FROM scores sc JOIN students s ON s.id = sc.student_id
				WHERE sc.exam_id = e.id AND s.class_id = ec.class_id AND s.status = 'active')
		FROM exams e JOIN exam_classes ec ON ec.exam_id = e.id
		WHERE e.day BETWEEN ? AND ?`,
		app.FormatDate(now.AddDate(0, 0, -app.ExamFillDays)), app.FormatDate(now))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	blank := map[int64]bool{}
	for rows.Next() {
		var exam, class int64
		var blanks int
		if err := rows.Scan(&exam, &class, &blanks); err != nil {
			return 0, err
		}
		if own[class] && blanks > 0 {
			blank[exam] = true
		}
	}
	return len(blank), rows.Err()
}
