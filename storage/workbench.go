package storage

import (
	"context"
	"database/sql"
	"time"

	"jxj/app"
)

// workbenchService implements app.WorkbenchService: the lists the other
// services give the acting account, the classes not taken the roll today
// and the exams with blank scores, put together by app.BuildWorkbench.
type workbenchService struct{ db *DB }

var _ app.WorkbenchService = (*workbenchService)(nil)

// Workbench computes the workbench of today, by the database's clock.
// Each list is read in a read transaction of its own, as the pages behind
// the tiles read them.
func (s *workbenchService) Workbench(ctx context.Context) (*app.Workbench, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	d := app.WorkbenchData{Oversees: a.ReadsAll()}
	if d.Notices, err = (&noticeService{db: s.db}).Notices(ctx); err != nil {
		return nil, err
	}
	if d.Homework, err = (&homeworkService{db: s.db}).Homeworks(ctx); err != nil {
		return nil, err
	}
	if d.Forms, err = (&formService{db: s.db}).Forms(ctx); err != nil {
		return nil, err
	}
	if d.Leaves, err = (&leaveService{db: s.db}).Leaves(ctx, app.LeaveFilter{Pending: true}); err != nil {
		return nil, err
	}
	if d.NotTaken, err = (&attendanceService{db: s.db}).NotTaken(ctx, now); err != nil {
		return nil, err
	}
	err = s.db.read(ctx, func(tx *sql.Tx) error {
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
