package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"jxj/app"
)

// leaveService implements app.LeaveService.
type leaveService struct{ db *DB }

var _ app.LeaveService = (*leaveService)(nil)

func leaveTarget(id int64) string { return fmt.Sprintf("leave:%d", id) }

// RequestLeave stores a request waiting for the head teacher. A teacher
// enters requests for their own classes.
func (s *leaveService) RequestLeave(ctx context.Context, d app.LeaveDraft) (*app.Leave, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	d.AskedBy, d.Reason = app.CleanName(d.AskedBy), strings.TrimSpace(d.Reason)
	if err := d.Validate(); err != nil {
		return nil, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return nil, app.WrapError(err, "error.storage", err)
	}
	var out *app.Leave
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		var classID int64
		var name string
		var status app.StudentStatus
		err := tx.QueryRowContext(ctx, `SELECT class_id, name, status FROM students WHERE id = ?`, d.StudentID).Scan(&classID, &name, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return app.Errorf(app.ENOTFOUND, "storage.leave.error.student", d.StudentID)
		}
		if err != nil {
			return err
		}
		if status != app.StatusActive {
			return app.Errorf(app.EINVALID, "student.error.not_active", name, status.Label())
		}
		if !seesClass(a, classID) {
			return app.Errorf(app.EFORBIDDEN, "storage.leave.error.forbidden", name)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO leaves (uuid, student_id, asked_by, kind, from_day, to_day, reason, state, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, 'pending_head', ?, ?)`, id.String(), d.StudentID, d.AskedBy, d.Kind,
			app.FormatDate(d.From), app.FormatDate(d.To), d.Reason, a.Username, s.db.now())
		if err != nil {
			return err
		}
		leaveID, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if err := s.db.audit(ctx, tx, "leave.request", leaveTarget(leaveID),
			fmt.Sprintf("student=%s kind=%s from=%s to=%s", name, d.Kind, app.FormatDate(d.From), app.FormatDate(d.To))); err != nil {
			return err
		}
		out, err = loadLeave(ctx, tx, a, leaveID)
		return err
	})
	return out, err
}

// Leaves lists the requests the account sees (a teacher: their classes),
// the pending first, then the newest.
func (s *leaveService) Leaves(ctx context.Context, f app.LeaveFilter) ([]*app.Leave, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var out []*app.Leave
	err = s.db.read(ctx, func(tx *sql.Tx) error {
		if f.Pending {
			out, err = leavesToDecide(ctx, tx, a)
			return err
		}
		ls, err := loadLeaves(ctx, tx, "")
		if err != nil {
			return err
		}
		for _, l := range ls {
			if seesClass(a, l.ClassID) {
				out = append(out, l)
			}
		}
		return nil
	})
	return out, err
}

// leavesToDecide reads the requests of the classes a sees that wait for
// a's decision (app.CanDecideLeave): the leave page's filter, the
// cockpit's and the workbench's count.
func leavesToDecide(ctx context.Context, q querier, a *app.Account) ([]*app.Leave, error) {
	ls, err := loadLeaves(ctx, q, `WHERE l.state IN ('pending_head', 'pending_admin')`)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(ls, func(l *app.Leave) bool { return !seesClass(a, l.ClassID) || app.CanDecideLeave(a, l) != nil }), nil
}

// DecideLeave records a decision: the head teacher's first, the admin's
// or principal's for a long leave. Approving fills the roll calls already
// taken in the leave's days: a day marked absent, or not marked, becomes
// the leave.
func (s *leaveService) DecideLeave(ctx context.Context, id int64, approve bool, note string) (*app.Leave, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if len([]rune(note)) > app.MaxLeaveReason {
		return nil, app.Errorf(app.EINVALID, "leave.error.reason_long", app.MaxLeaveReason)
	}
	var out *app.Leave
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		l, err := loadLeave(ctx, tx, a, id)
		if err != nil {
			return err
		}
		settings, err := loadAttendanceSettings(ctx, tx)
		if err != nil {
			return err
		}
		next, err := app.NextLeaveState(a, l.HeadedBy(a), l.State, l.Days(), settings.LeaveDaysForAdmin, approve)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO leave_steps (leave_id, seq, by, role, approved, note, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, len(l.Steps)+1, a.Username, a.Role, approve, note, s.db.now()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE leaves SET state = ? WHERE id = ?`, next, id); err != nil {
			return err
		}
		if next == app.LeaveApproved {
			if err := fillLeave(ctx, tx, l); err != nil {
				return err
			}
		}
		action := "leave.reject"
		if approve {
			action = "leave.approve"
		}
		if err := s.db.audit(ctx, tx, action, leaveTarget(id), fmt.Sprintf("state=%s note=%s", next, note)); err != nil {
			return err
		}
		out, err = loadLeave(ctx, tx, a, id)
		return err
	})
	return out, err
}

// fillLeave marks the student on leave in every roll call of their class
// already taken within the leave's days, unless the teacher saw them
// there (late or early).
func fillLeave(ctx context.Context, tx *sql.Tx, l *app.Leave) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO attendance (roll_call_id, student_id, mark, reason, leave_id)
		SELECT r.id, ?, ?, ?, ? FROM roll_calls r WHERE r.class_id = ? AND r.day BETWEEN ? AND ?
		ON CONFLICT (roll_call_id, student_id) DO UPDATE SET mark = excluded.mark, reason = excluded.reason, leave_id = excluded.leave_id
		WHERE attendance.mark = 'absent'`,
		l.StudentID, l.Kind, l.Reason, l.ID, l.ClassID, app.FormatDate(l.From), app.FormatDate(l.To))
	return err
}

// CancelLeave withdraws a request still waiting (who may:
// app.CanCancelLeave).
func (s *leaveService) CancelLeave(ctx context.Context, id int64) (*app.Leave, error) {
	a, err := actingAccount(ctx)
	if err != nil {
		return nil, err
	}
	var out *app.Leave
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		l, err := loadLeave(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := app.CanCancelLeave(a, l); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE leaves SET state = 'cancelled' WHERE id = ?`, id); err != nil {
			return err
		}
		if err := s.db.audit(ctx, tx, "leave.cancel", leaveTarget(id), ""); err != nil {
			return err
		}
		out, err = loadLeave(ctx, tx, a, id)
		return err
	})
	return out, err
}

// loadLeave reads one request the account may see, or ENOTFOUND.
func loadLeave(ctx context.Context, q querier, a *app.Account, id int64) (*app.Leave, error) {
	ls, err := loadLeaves(ctx, q, `WHERE l.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ls) == 0 || !seesClass(a, ls[0].ClassID) {
		return nil, app.Errorf(app.ENOTFOUND, "storage.leave.error.not_found", id)
	}
	return ls[0], nil
}

// loadLeaves reads requests with their steps: waiting ones first, then
// by their start, latest first.
func loadLeaves(ctx context.Context, q querier, where string, args ...any) ([]*app.Leave, error) {
	labels, err := classLabels(ctx, q)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT l.id, l.uuid, l.student_id, s.name, COALESCE(s.student_no, ''), s.class_id,
		COALESCE(c.head_teacher_id, 0), l.asked_by, l.kind, l.from_day, l.to_day, l.reason, l.state, l.created_by, l.created_at
		FROM leaves l JOIN students s ON s.id = l.student_id LEFT JOIN classes c ON c.id = s.class_id `+where+`
		ORDER BY l.state NOT IN ('pending_head', 'pending_admin'), l.from_day DESC, l.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*app.Leave
	byID := map[int64]*app.Leave{}
	for rows.Next() {
		var l app.Leave
		var from, to, created string
		if err := rows.Scan(&l.ID, &l.UUID, &l.StudentID, &l.StudentName, &l.StudentNo, &l.ClassID, &l.HeadTeacherID, &l.AskedBy, &l.Kind,
			&from, &to, &l.Reason, &l.State, &l.CreatedBy, &created); err != nil {
			return nil, err
		}
		l.From, _ = app.ParseDate(from)
		l.To, _ = app.ParseDate(to)
		l.CreatedAt = parseTime(created)
		l.ClassLabel = labels[l.ClassID].label
		out = append(out, &l)
		byID[l.ID] = &l
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	// the steps of the requests read, one query per few hundred of them
	const chunk = 500
	for start := 0; start < len(out); start += chunk {
		part := out[start:min(start+chunk, len(out))]
		args := make([]any, len(part))
		for i, l := range part {
			args[i] = l.ID
		}
		if err := loadLeaveSteps(ctx, q, byID, args); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// loadLeaveSteps adds the steps of the requests with the ids given.
func loadLeaveSteps(ctx context.Context, q querier, byID map[int64]*app.Leave, ids []any) error {
	rows, err := q.QueryContext(ctx, `SELECT leave_id, by, role, approved, note, at FROM leave_steps
		WHERE leave_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) ORDER BY leave_id, seq`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var st app.LeaveStep
		var at string
		if err := rows.Scan(&id, &st.By, &st.Role, &st.Approved, &st.Note, &at); err != nil {
			return err
		}
		st.At = parseTime(at)
		if l := byID[id]; l != nil {
			l.Steps = append(l.Steps, st)
		}
	}
	return rows.Err()
}
