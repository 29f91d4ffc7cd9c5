package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"jxj/app"
)

// examService implements app.ExamService.
type examService struct{ db *DB }

var _ app.ExamService = (*examService)(nil)

func examTarget(id int64) string { return fmt.Sprintf("exam:%d", id) }

// CreateExam stores an exam for its classes (every class the account
// sees when none is given): admin and principal for any class, a teacher
// for their own.
func (s *examService) CreateExam(ctx context.Context, d app.ExamDraft) (*app.Exam, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	for i := range d.Subjects {
		d.Subjects[i] = d.Subjects[i].WithDefaultLines()
		d.Subjects[i].Name = app.CleanName(d.Subjects[i].Name)
	}
	subjects, err := json.Marshal(d.Subjects)
	if err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	var out *app.Exam
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		labels, err := classLabels(ctx, tx)
		if err != nil {
			return err
		}
		classIDs := slices.Clone(d.ClassIDs)
		if len(classIDs) == 0 {
			for c, info := range labels {
				if seesClass(a, c) && !info.past {
					classIDs = append(classIDs, c)
				}
			}
		}
		if len(classIDs) == 0 {
			return app.Errorf(app.EINVALID, "storage.exam.error.no_classes")
		}
		for _, c := range classIDs {
			if err := checkCurrentClass(labels, c); err != nil {
				return err
			}
			if !seesClass(a, c) {
				return app.Errorf(app.EFORBIDDEN, "storage.exam.error.class_forbidden", labels[c].label)
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO exams (uuid, name, day, subjects, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			id.String(), app.CleanName(d.Name), app.FormatDate(d.Date), string(subjects), a.Username, s.db.now())
		if err != nil {
			return err
		}
		examID, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if err := insertRows(ctx, tx, `INSERT INTO exam_classes (exam_id, class_id) VALUES `, "(?, ?)", len(classIDs),
			func(i int) []any { return []any{examID, classIDs[i]} }, ""); err != nil {
			return err
		}
		if err := s.db.audit(ctx, tx, "exam.create", examTarget(examID),
			fmt.Sprintf("name=%s classes=%d subjects=%d", d.Name, len(classIDs), len(d.Subjects))); err != nil {
			return err
		}
		out, err = loadExam(ctx, tx, a, examID)
		return err
	})
	return out, err
}

// Exams lists the exams the account sees (a teacher: those of their
// classes), the latest first.
func (s *examService) Exams(ctx context.Context) ([]*app.Exam, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var out []*app.Exam
	err = s.db.read(ctx, func(tx *sql.Tx) error {
		ids, err := queryIDs(ctx, tx, `SELECT id FROM exams ORDER BY day DESC, id DESC`)
		if err != nil {
			return err
		}
		labels, err := classLabels(ctx, tx)
		if err != nil {
			return err
		}
		for _, id := range ids {
			e, err := loadExamWith(ctx, tx, a, id, labels)
			if app.ErrorCode(err) == app.ENOTFOUND {
				continue
			}
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// loadExam reads an exam the account sees, or ENOTFOUND.
func loadExam(ctx context.Context, q querier, a *app.Account, id int64) (*app.Exam, error) {
	labels, err := classLabels(ctx, q)
	if err != nil {
		return nil, err
	}
	return loadExamWith(ctx, q, a, id, labels)
}

// loadExamWith is loadExam with the class labels already read.
func loadExamWith(ctx context.Context, q querier, a *app.Account, id int64, labels map[int64]classInfo) (*app.Exam, error) {
	var e app.Exam
	var day, subjects, created string
	err := q.QueryRowContext(ctx, `SELECT id, uuid, name, day, subjects, created_by, created_at FROM exams WHERE id = ?`, id).
		Scan(&e.ID, &e.UUID, &e.Name, &day, &subjects, &e.CreatedBy, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, app.Errorf(app.ENOTFOUND, "storage.exam.error.not_found", id)
	}
	if err != nil {
		return nil, err
	}
	e.Date, _ = app.ParseDate(day)
	e.CreatedAt = parseTime(created)
	if err := json.Unmarshal([]byte(subjects), &e.Subjects); err != nil {
		return nil, fmt.Errorf("exam %d: stored subjects: %w", id, err)
	}
	if e.ClassIDs, err = queryIDs(ctx, q, `SELECT class_id FROM exam_classes WHERE exam_id = ?`, id); err != nil {
		return nil, err
	}
	sortByClass(e.ClassIDs, labels)
	if !seesAnyClass(a, e.ClassIDs) {
		return nil, app.Errorf(app.ENOTFOUND, "storage.exam.error.not_found", id)
	}
	for _, c := range e.ClassIDs {
		e.ClassLabels = append(e.ClassLabels, labels[c].label)
	}
	return &e, nil
}

// ExamSheet returns an exam with the students the account sees and their
// scores.
func (s *examService) ExamSheet(ctx context.Context, id int64) (*app.ExamSheet, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var out *app.ExamSheet
	err = s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = loadExamSheet(ctx, tx, a, id)
		return err
	})
	return out, err
}

func loadExamSheet(ctx context.Context, q querier, a *app.Account, id int64) (*app.ExamSheet, error) {
	e, err := loadExam(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	students, err := loadClassStudents(ctx, q, a, e.ClassIDs)
	if err != nil {
		return nil, err
	}
	sheet := &app.ExamSheet{Exam: e, Students: students, Scores: make([][]app.ScoreCell, len(students))}
	row := make(map[int64]int, len(students))
	for i, st := range students {
		row[st.StudentID] = i
		sheet.Scores[i] = make([]app.ScoreCell, len(e.Subjects))
	}
	col := make(map[string]int, len(e.Subjects))
	for j, sub := range e.Subjects {
		col[sub.Name] = j
	}
	rows, err := q.QueryContext(ctx, `SELECT student_id, subject, value, absent FROM scores WHERE exam_id = ?`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var student int64
		var subject string
		var c app.ScoreCell
		if err := rows.Scan(&student, &subject, &c.Value, &c.Absent); err != nil {
			return nil, err
		}
		i, ok := row[student]
		j, known := col[subject]
		if ok && known {
			c.Set = true
			sheet.Scores[i][j] = c
		}
	}
	return sheet, rows.Err()
}

// scoreWriter checks and writes cells of one exam's sheet in one
// transaction.
type scoreWriter struct {
	ctx      context.Context
	tx       *sql.Tx
	db       *DB
	a        *app.Account
	sheet    *app.ExamSheet
	row      map[int64]int
	subjects map[string]int
}

func (s *examService) scoreWriter(ctx context.Context, tx *sql.Tx, a *app.Account, id int64) (*scoreWriter, error) {
	sheet, err := loadExamSheet(ctx, tx, a, id)
	if err != nil {
		return nil, err
	}
	w := &scoreWriter{ctx: ctx, tx: tx, db: s.db, a: a, sheet: sheet, row: map[int64]int{}, subjects: map[string]int{}}
	for i, st := range sheet.Students {
		w.row[st.StudentID] = i
	}
	for j, sub := range sheet.Exam.Subjects {
		w.subjects[sub.Name] = j
	}
	return w, nil
}

// check refuses a cell for a student outside the sheet, an unknown
// subject or a score over the full marks.
func (w *scoreWriter) check(e app.ScoreEntry) (*app.Error, bool) {
	i, ok := w.row[e.StudentID]
	if !ok {
		return app.Errorf(app.EINVALID, "storage.exam.error.student", e.StudentID), false
	}
	j, ok := w.subjects[app.CleanName(e.Subject)]
	if !ok {
		return app.Errorf(app.EINVALID, "storage.exam.error.subject", e.Subject), false
	}
	sub := w.sheet.Exam.Subjects[j]
	if e.Cell.Set && !e.Cell.Absent && (e.Cell.Value < 0 || e.Cell.Value > sub.Full) {
		return app.Errorf(app.EINVALID, "storage.exam.error.over_full", e.Cell.Value.String(), sub.Name, sub.Full.String()), false
	}
	return nil, w.sheet.Scores[i][j] != e.Cell
}

func (w *scoreWriter) write(e app.ScoreEntry) error {
	subject := app.CleanName(e.Subject)
	if !e.Cell.Set {
		_, err := w.tx.ExecContext(w.ctx, `DELETE FROM scores WHERE exam_id = ? AND student_id = ? AND subject = ?`, w.sheet.Exam.ID, e.StudentID, subject)
		return err
	}
	value := e.Cell.Value
	if e.Cell.Absent {
		value = 0
	}
	_, err := w.tx.ExecContext(w.ctx, `INSERT INTO scores (exam_id, student_id, subject, value, absent, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (exam_id, student_id, subject) DO UPDATE SET value = excluded.value, absent = excluded.absent,
			recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by`,
		w.sheet.Exam.ID, e.StudentID, subject, value, e.Cell.Absent, w.db.now(), w.a.Username)
	return err
}

// SaveScores checks every cell, then writes those that changed.
func (s *examService) SaveScores(ctx context.Context, id int64, entries []app.ScoreEntry) error {
	a, err := actingAccount(ctx)
	if err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		w, err := s.scoreWriter(ctx, tx, a, id)
		if err != nil {
			return err
		}
		var changed []app.ScoreEntry
		for _, e := range entries {
			problem, change := w.check(e)
			if problem != nil {
				return problem
			}
			if change {
				changed = append(changed, e)
			}
		}
		for _, e := range changed {
			if err := w.write(e); err != nil {
				return err
			}
		}
		if len(changed) == 0 {
			return nil
		}
		return s.db.audit(ctx, tx, "exam.scores", examTarget(id), fmt.Sprintf("cells=%d", len(changed)))
	})
}

// ImportScores matches each row's student (by number, else by name and
// class) and reads its scores. The cells of the rows without a problem
// are saved; a row with any problem (an unknown student, a student twice,
// a score that is not one) is listed with its reason and none of its
// cells is saved.
func (s *examService) ImportScores(ctx context.Context, id int64, rows []app.ScoreRow, dryRun bool) (*app.ScoreImport, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var res *app.ScoreImport
	plan := func(tx *sql.Tx) error {
		w, err := s.scoreWriter(ctx, tx, a, id)
		if err != nil {
			return err
		}
		classes, err := loadClasses(ctx, tx)
		if err != nil {
			return err
		}
		m := newStudentMatcher(w.sheet.Students, newClassResolver(classes))
		res = &app.ScoreImport{}
		var changes []app.ScoreEntry
		seen := map[int64]int{}
		for _, row := range rows {
			changed, unchanged, problem := w.checkRow(m, seen, row)
			if problem != nil {
				res.Problems = append(res.Problems, app.RowProblem{Line: row.Line, Name: strings.TrimSpace(row.StudentName + " " + row.StudentNo), Reason: problem})
				continue
			}
			changes = append(changes, changed...)
			res.Unchanged += unchanged
		}
		res.Saved = len(changes)
		if dryRun || len(changes) == 0 {
			return nil
		}
		for _, e := range changes {
			if err := w.write(e); err != nil {
				return err
			}
		}
		return s.db.audit(ctx, tx, "exam.import", examTarget(id),
			fmt.Sprintf("saved=%d; unchanged=%d; rejected=%d", res.Saved, res.Unchanged, len(res.Problems)))
	}
	if err := s.db.plan(ctx, dryRun, plan); err != nil {
		return nil, err
	}
	return res, nil
}

// checkRow matches a sheet row's student and checks its cells: the cells
// that would change and the count of those that would not, or the row's
// problem. seen holds the line of each student already matched.
func (w *scoreWriter) checkRow(m *studentMatcher, seen map[int64]int, row app.ScoreRow) (changed []app.ScoreEntry, unchanged int, problem *app.Error) {
	st, problem := m.match(row.StudentNo, row.StudentName, row.ClassLabel)
	if problem != nil {
		return nil, 0, problem
	}
	if first, dup := seen[st.StudentID]; dup {
		return nil, 0, app.Errorf(app.EINVALID, "storage.exam.error.duplicate", first)
	}
	seen[st.StudentID] = row.Line
	entries, problem := rowEntries(st.StudentID, row, w.sheet.Exam)
	if problem != nil {
		return nil, 0, problem
	}
	for _, e := range entries {
		problem, change := w.check(e)
		switch {
		case problem != nil:
			return nil, 0, problem
		case change:
			changed = append(changed, e)
		default:
			unchanged++
		}
	}
	return changed, unchanged, nil
}

// rowEntries reads a row's values into cells: a score, 缺考, or nothing
// (an empty cell leaves the stored score as it is).
func rowEntries(studentID int64, row app.ScoreRow, e *app.Exam) ([]app.ScoreEntry, *app.Error) {
	var out []app.ScoreEntry
	for _, sub := range e.Subjects {
		v, ok := row.Values[sub.Name]
		v = strings.TrimSpace(app.NarrowText(v))
		if !ok || v == "" {
			continue
		}
		cell := app.ScoreCell{Set: true}
		if slices.ContainsFunc(app.AbsentWords, func(w string) bool { return strings.EqualFold(w, v) }) {
			cell.Absent = true
		} else {
			score, err := app.ParseScore(v)
			if err != nil {
				return nil, app.Errorf(app.EINVALID, "storage.exam.error.value", v, sub.Name)
			}
			cell.Value = score
		}
		out = append(out, app.ScoreEntry{StudentID: studentID, Subject: sub.Name, Cell: cell})
	}
	return out, nil
}
