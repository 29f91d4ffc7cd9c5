package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"jxj/app"
)

var _ app.HomeworkService = (*homeworkService)(nil)

// homeworkService implements app.HomeworkService.
type homeworkService struct{ db *DB }

// MaxCompletionNote is the longest note on a student's completion.
const MaxCompletionNote = 100

// AssignHomework publishes homework to classes: a teacher to their own,
// admin and principal to any. Its files are copied into the data folder
// first and removed again if the transaction fails.
func (s *homeworkService) AssignHomework(ctx context.Context, d app.HomeworkDraft) (*app.Homework, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	classIDs := slices.Compact(slices.Sorted(slices.Values(d.ClassIDs)))
	if err := app.CheckTarget(a, app.Target{ClassIDs: classIDs}); err != nil {
		return nil, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	files, err := copyAttachments(s.db.dir, id.String(), d.AddFiles, nil)
	if err != nil {
		return nil, err
	}
	var hw *app.Homework
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		if err := checkClassesExist(ctx, tx, classIDs); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO homework (uuid, subject, content, due, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, id.String(), app.CleanName(d.Subject), strings.TrimSpace(d.Content),
			app.FormatDate(d.Due), a.Username, s.db.now())
		hwID, err := lastID(res, err)
		if err != nil {
			return err
		}
		for _, c := range classIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO homework_classes (homework_id, class_id) VALUES (?, ?)`, hwID, c); err != nil {
				return err
			}
		}
		if err := insertAttachments(ctx, tx, "homework_id", hwID, files); err != nil {
			return err
		}
		if err := s.db.audit(ctx, tx, "homework.assign", homeworkTarget(hwID), fmt.Sprintf("subject=%s; due=%s; classes=%s; files=%d",
			app.CleanName(d.Subject), app.FormatDate(d.Due), joinIDs(classIDs), len(files))); err != nil {
			return err
		}
		hws, err := loadHomeworks(ctx, tx, a, idFilter(hwID))
		if err == nil && len(hws) == 1 {
			hw = hws[0]
		}
		return err
	})
	if err != nil {
		removeAttachments(s.db.dir, files)
		os.Remove(filepath.Join(s.db.dir, attachmentsDir, id.String()))
		return nil, err
	}
	return hw, nil
}

// Homeworks lists the homework a may see, latest due first.
func (s *homeworkService) Homeworks(ctx context.Context) ([]*app.Homework, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var out []*app.Homework
	err = s.db.read(ctx, func(tx *sql.Tx) error {
		out, err = loadHomeworks(ctx, tx, a, idFilter(0))
		return err
	})
	return out, err
}

// HomeworkEntries returns a homework and its students a may see, with
// their completion.
func (s *homeworkService) HomeworkEntries(ctx context.Context, id int64) (*app.Homework, []app.HomeworkEntry, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, nil, err
	}
	var hw *app.Homework
	var entries []app.HomeworkEntry
	err = s.db.read(ctx, func(tx *sql.Tx) error {
		if hw, err = loadHomework(ctx, tx, a, id); err != nil {
			return err
		}
		students, err := loadClassStudents(ctx, tx, a, hw.ClassIDs)
		if err != nil {
			return err
		}
		done, err := loadCompletion(ctx, tx, id)
		if err != nil {
			return err
		}
		entries = make([]app.HomeworkEntry, len(students))
		for i, st := range students {
			c := done[st.StudentID]
			entries[i] = app.HomeworkEntry{StudentID: st.StudentID, StudentName: st.StudentName, StudentNo: st.StudentNo,
				ClassID: st.ClassID, ClassLabel: st.ClassLabel, State: c.state, Note: c.note}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return hw, entries, nil
}

type completion struct {
	state app.Completion
	note  string
}

func loadCompletion(ctx context.Context, q querier, homeworkID int64) (map[int64]completion, error) {
	rows, err := q.QueryContext(ctx, `SELECT student_id, state, note FROM homework_completion WHERE homework_id = ?`, homeworkID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64]completion)
	for rows.Next() {
		var id int64
		var c completion
		if err := rows.Scan(&id, &c.state, &c.note); err != nil {
			return nil, err
		}
		out[id] = c
	}
	return out, rows.Err()
}

// SetCompletion records the marks in one transaction with one audit row.
// A student outside the homework's classes is EINVALID, one outside a
// teacher's own classes EFORBIDDEN, and then nothing is recorded.
// CompletionNone takes a student's record back; a mark that changes
// nothing is not written, so the record keeps who made it and when.
func (s *homeworkService) SetCompletion(ctx context.Context, id int64, marks []app.CompletionMark) error {
	a, err := actingAccount(ctx)
	if err != nil {
		return err
	}
	for _, m := range marks {
		if !m.State.Valid() {
			return app.Errorf(app.EINVALID, "storage.homework.error.state", string(m.State))
		}
		if utf8.RuneCountInString(strings.TrimSpace(m.Note)) > MaxCompletionNote {
			return app.Errorf(app.EINVALID, "storage.homework.error.note_long", MaxCompletionNote)
		}
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		hw, err := loadHomework(ctx, tx, a, id)
		if err != nil {
			return err
		}
		done, err := loadCompletion(ctx, tx, id)
		if err != nil {
			return err
		}
		now := s.db.now()
		changed := 0
		for _, m := range marks {
			if err := checkStudentIn(ctx, tx, a, m.StudentID, hw.ClassIDs, "storage.homework.error.student_not_in_classes"); err != nil {
				return err
			}
			note := strings.TrimSpace(m.Note)
			if m.State == app.CompletionNone {
				note = ""
			}
			old, had := done[m.StudentID]
			if old.state == m.State && old.note == note {
				continue
			}
			changed++
			done[m.StudentID] = completion{m.State, note}
			if m.State == app.CompletionNone {
				if had {
					if _, err := tx.ExecContext(ctx, `DELETE FROM homework_completion WHERE homework_id = ? AND student_id = ?`, id, m.StudentID); err != nil {
						return err
					}
				}
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO homework_completion (homework_id, student_id, state, note, recorded_at, recorded_by)
				VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (homework_id, student_id) DO UPDATE SET state = excluded.state, note = excluded.note,
					recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by`,
				id, m.StudentID, string(m.State), note, now, a.Username); err != nil {
				return err
			}
		}
		if changed == 0 {
			return nil
		}
		return s.db.audit(ctx, tx, "homework.completion", homeworkTarget(id), fmt.Sprintf("students=%d", changed))
	})
}

// DeleteHomework deletes a homework with its completion records and
// attachments. Who may: app.CanDeleteHomework.
func (s *homeworkService) DeleteHomework(ctx context.Context, id int64) error {
	a, err := actingAccount(ctx)
	if err != nil {
		return err
	}
	var hw *app.Homework
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		if hw, err = loadHomework(ctx, tx, a, id); err != nil {
			return err
		}
		if err := app.CanDeleteHomework(a, hw); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM homework WHERE id = ?`, id); err != nil {
			return err
		}
		return s.db.audit(ctx, tx, "homework.delete", homeworkTarget(id),
			fmt.Sprintf("subject=%s; due=%s; uuid=%s", hw.Subject, app.FormatDate(hw.Due), hw.UUID))
	})
	if err != nil {
		return err
	}
	keepAttachments(s.db.dir, hw.Attachments, s.db.Now())       // a restored backup may name them
	os.Remove(filepath.Join(s.db.dir, attachmentsDir, hw.UUID)) // only when empty; a stray file harms nothing
	return nil
}

func homeworkTarget(id int64) string { return fmt.Sprintf("homework:%d", id) }

// loadHomework reads one homework a may see, with counts, or ENOTFOUND.
func loadHomework(ctx context.Context, q querier, a *app.Account, id int64) (*app.Homework, error) {
	hws, err := loadHomeworks(ctx, q, a, idFilter(id))
	if err != nil {
		return nil, err
	}
	if len(hws) == 0 {
		return nil, app.Errorf(app.ENOTFOUND, "storage.homework.error.not_found")
	}
	return hws[0], nil
}

// loadHomeworks reads the homework a may see of those keep keeps,
// latest due first, with their classes, attachments and the counts
// over the students of the classes a may see. A teacher sees homework
// they assigned or that reaches one of their classes.
func loadHomeworks(ctx context.Context, q querier, a *app.Account, keep rowFilter) ([]*app.Homework, error) {
	labels, err := classLabels(ctx, q)
	if err != nil {
		return nil, err
	}
	filter, args := keep.where, keep.args
	rows, err := q.QueryContext(ctx, `SELECT id, uuid, subject, content, due, created_by, created_at FROM homework`+filter("id")+
		` ORDER BY due DESC, id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []*app.Homework
	byID := make(map[int64]*app.Homework)
	for rows.Next() {
		var h app.Homework
		var due, created string
		if err := rows.Scan(&h.ID, &h.UUID, &h.Subject, &h.Content, &due, &h.CreatedBy, &created); err != nil {
			return nil, err
		}
		if h.Due, err = app.ParseDate(due); err != nil {
			return nil, fmt.Errorf("homework %d: stored due date %q: %w", h.ID, due, err)
		}
		h.CreatedAt = parseTime(created)
		all = append(all, &h)
		byID[h.ID] = &h
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()

	if err := eachRow(ctx, q, `SELECT homework_id, class_id FROM homework_classes`+filter("homework_id"), args,
		func(hwID, classID int64) {
			if h := byID[hwID]; h != nil {
				h.ClassIDs = append(h.ClassIDs, classID)
			}
		}); err != nil {
		return nil, err
	}
	counts, err := q.QueryContext(ctx, `SELECT hc.homework_id, r.class_id, COALESCE(c.state, ''), count(*)
		FROM homework_classes hc JOIN class_roll r ON r.class_id = hc.class_id
		LEFT JOIN homework_completion c ON c.homework_id = hc.homework_id AND c.student_id = r.student_id`+
		filter("hc.homework_id")+` GROUP BY 1, 2, 3`, args...)
	if err != nil {
		return nil, err
	}
	defer counts.Close()
	for counts.Next() {
		var hwID, classID int64
		var state app.Completion
		var n int
		if err := counts.Scan(&hwID, &classID, &state, &n); err != nil {
			return nil, err
		}
		if h := byID[hwID]; h != nil && seesClass(a, classID) {
			for range n {
				h.Counts.Add(state)
			}
		}
	}
	if err := counts.Err(); err != nil {
		return nil, err
	}
	counts.Close()

	atts, err := loadAttachments(ctx, q, "homework_id", "homework_id IN (SELECT id FROM homework"+filter("id")+")", args...)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, h := range all {
		if !strings.EqualFold(a.Username, h.CreatedBy) && !seesAnyClass(a, h.ClassIDs) {
			continue
		}
		sortByClass(h.ClassIDs, labels)
		for _, c := range h.ClassIDs {
			h.ClassLabels = append(h.ClassLabels, labels[c].label)
		}
		h.Attachments = atts[h.ID]
		out = append(out, h)
	}
	return out, nil
}

// rowFilter keeps some homework or forms, and the rows of the tables
// that refer to them: where(col) is the WHERE clause on a column of
// their ids ("" to keep all), args its arguments.
type rowFilter struct {
	where func(col string) string
	args  []any
}

// idFilter keeps one homework or form; id 0 keeps all.
func idFilter(id int64) rowFilter {
	if id == 0 {
		return rowFilter{where: func(string) string { return "" }}
	}
	return rowFilter{where: func(col string) string { return " WHERE " + col + " = ?" }, args: []any{id}}
}

// queryFilter keeps the homework or forms whose ids query selects.
func queryFilter(query string, args ...any) rowFilter {
	return rowFilter{where: func(col string) string { return " WHERE " + col + " IN (" + query + ")" }, args: args}
}

// eachRow runs a query of two integer columns and calls fn per row.
func eachRow(ctx context.Context, q querier, query string, args []any, fn func(a, b int64)) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			return err
		}
		fn(a, b)
	}
	return rows.Err()
}

// The helpers below serve homework and forms alike: both are for some
// classes, and an account sees those of the classes it may see.

// seesClass reports whether a sees the students of a class: admin and
// principal every class, a teacher their own.
func seesClass(a *app.Account, classID int64) bool { return a.ReadsAll() || a.TeachesClass(classID) }

// seesAnyClass reports whether a sees something of a homework or form
// for these classes.
func seesAnyClass(a *app.Account, classIDs []int64) bool {
	return slices.ContainsFunc(classIDs, func(id int64) bool { return seesClass(a, id) })
}

// loadClassStudents returns the students of the classes that a sees, in
// class and student-number order (as the directory lists them): a
// current class's students on the roll, a past class's students of its
// year.
func loadClassStudents(ctx context.Context, q querier, a *app.Account, classIDs []int64) ([]app.FormStudent, error) {
	var ids []int64
	for _, c := range classIDs {
		if seesClass(a, c) {
			ids = append(ids, c)
		}
	}
	return loadRolls(ctx, q, "r.class_id", ids)
}

// loadRolls reads the class rolls (class_roll: who is in a class of this
// year, who was in a past one) whose column col, r.class_id or
// r.student_id, is one of ids: the students with their classes, in class
// and student-number order.
func loadRolls(ctx context.Context, q querier, col string, ids []int64) ([]app.FormStudent, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	labels, err := classLabels(ctx, q)
	if err != nil {
		return nil, err
	}
	var out []app.FormStudent
	err = inChunks(ids, func(in string, args []any) error {
		rows, err := q.QueryContext(ctx, `SELECT s.id, s.name, COALESCE(s.student_no, ''), r.class_id
			FROM class_roll r JOIN students s ON s.id = r.student_id WHERE `+col+` IN (`+in+`)`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s app.FormStudent
			if err := rows.Scan(&s.StudentID, &s.StudentName, &s.StudentNo, &s.ClassID); err != nil {
				return err
			}
			s.ClassLabel = labels[s.ClassID].label
			out = append(out, s)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(x, y app.FormStudent) int {
		return compareStudents(studentPlace{labels[x.ClassID].order, x.StudentNo, x.StudentName, x.StudentID},
			studentPlace{labels[y.ClassID].order, y.StudentNo, y.StudentName, y.StudentID})
	})
	return out, nil
}

// checkStudentIn says whether a may record for a student: the student
// must be in one of classIDs (else EINVALID with notInKey naming them)
// and, for a teacher, in their own classes (else EFORBIDDEN).
func checkStudentIn(ctx context.Context, q querier, a *app.Account, studentID int64, classIDs []int64, notInKey string) error {
	var name string
	var classID int64
	err := q.QueryRowContext(ctx, `SELECT name, class_id FROM students WHERE id = ?`, studentID).Scan(&name, &classID)
	if errors.Is(err, sql.ErrNoRows) {
		return app.Errorf(app.EINVALID, notInKey, "#"+strconv.FormatInt(studentID, 10))
	}
	if err != nil {
		return err
	}
	if !slices.Contains(classIDs, classID) {
		return app.Errorf(app.EINVALID, notInKey, name)
	}
	if !seesClass(a, classID) {
		return app.Errorf(app.EFORBIDDEN, "storage.homework.error.not_own_student", name)
	}
	return nil
}

// joinIDs writes ids for an audit detail: 3,5,12.
func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}
