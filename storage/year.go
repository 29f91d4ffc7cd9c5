package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"jxj/app"
)

var (
	_ app.YearService    = (*yearService)(nil)
	_ app.StudentService = (*studentService)(nil)
)

// currentYear is the current school year in SQL: the newest one.
const currentYear = `(SELECT MAX(start_year) FROM school_years)`

// yearService implements app.YearService.
type yearService struct{ db *DB }

// SchoolYears returns the school's years, newest (current) first.
func (s *yearService) SchoolYears(ctx context.Context) ([]app.SchoolYear, error) {
	var out []app.SchoolYear
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT start_year, started_at FROM school_years ORDER BY start_year DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var y app.SchoolYear
			var at string
			if err := rows.Scan(&y.Start, &at); err != nil {
				return err
			}
			y.StartedAt, y.Current = parseTime(at), len(out) == 0
			out = append(out, y)
		}
		return rows.Err()
	})
	return out, err
}

// ClassesOfYear returns the classes of a school year, sorted.
func (s *yearService) ClassesOfYear(ctx context.Context, year int) ([]*app.Class, error) {
	var out []*app.Class
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = loadClassesOfYear(ctx, tx, year)
		return err
	})
	return out, err
}

// PlanRollover says what Rollover would do.
func (s *yearService) PlanRollover(ctx context.Context, opts app.RolloverOptions) (*app.Rollover, error) {
	var plan *app.Rollover
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		var err error
		plan, err = planRollover(ctx, tx, opts, s.db.Now())
		return err
	})
	return plan, err
}

// Rollover starts the next school year in one transaction: the year, the
// record of who was in each class of the year that ends, each class's
// successor one grade up with its teachers and active students, and the
// top grade's students graduated.
func (s *yearService) Rollover(ctx context.Context, opts app.RolloverOptions) (*app.Rollover, error) {
	if err := app.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	var plan *app.Rollover
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		p, err := planRollover(ctx, tx, opts, s.db.Now())
		if err != nil {
			return err
		}
		if p.Early {
			return app.Errorf(app.ECONFLICT, "year.error.too_early", app.SchoolYearName(p.To), p.To, app.SchoolYearName(p.From))
		}
		at := s.db.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO school_years (start_year, started_at) VALUES (?, ?)`, p.To, at); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO class_members (class_id, student_id)
			SELECT s.class_id, s.id FROM students s JOIN classes c ON c.id = s.class_id WHERE c.year = ?`, p.From); err != nil {
			return err
		}
		for _, m := range p.Moves {
			if err := moveClass(ctx, tx, m.ClassID, p.To, at); err != nil {
				return err
			}
		}
		for _, g := range p.Graduates {
			if _, err := tx.ExecContext(ctx, `UPDATE students SET status = 'graduated', status_at = ?, status_note = '', updated_at = ?
				WHERE class_id = ? AND status = 'active'`, at, at, g.ClassID); err != nil {
				return err
			}
		}
		plan = p
		return s.db.audit(ctx, tx, "year.rollover", fmt.Sprintf("year:%d", p.To), fmt.Sprintf("from=%d to=%d top_grade=%d classes=%d moved=%d graduated=%d staying=%d",
			p.From, p.To, p.TopGrade, len(p.Moves), p.Moved, p.Graduated, p.Staying))
	})
	if err != nil {
		return nil, err
	}
	return plan, nil
}

// moveClass makes the successor of class id in year: one grade up, the
// same name, head teacher and teachers; its active students go with it.
func moveClass(ctx context.Context, tx *sql.Tx, id int64, year int, at string) error {
	u, err := uuid.NewV7()
	if err != nil {
		return err
	}
	var next int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO classes (uuid, year, grade, name, head_teacher_id)
		SELECT ?, ?, grade + 1, name, head_teacher_id FROM classes WHERE id = ? RETURNING id`, u.String(), year, id).Scan(&next); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO class_teachers (class_id, staff_id) SELECT ?, staff_id FROM class_teachers WHERE class_id = ?`, next, id); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE students SET class_id = ?, updated_at = ? WHERE class_id = ? AND status = 'active'`, next, at, id)
	return err
}

// planRollover plans the move from the current year to the next, on the
// day now.
func planRollover(ctx context.Context, q querier, opts app.RolloverOptions, now time.Time) (*app.Rollover, error) {
	org, err := loadOrg(ctx, q)
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, app.Errorf(app.ENOTFOUND, "org.error.not_setup")
	}
	p := &app.Rollover{TopGrade: opts.TopGrade}
	if err := q.QueryRowContext(ctx, `SELECT `+currentYear).Scan(&p.From); err != nil {
		return nil, err
	}
	p.To = p.From + 1
	p.Early = p.To > app.SchoolYearOf(now)
	classes, err := loadClassesOfYear(ctx, q, p.From)
	if err != nil {
		return nil, err
	}
	if p.TopGrade == 0 {
		p.TopGrade = app.TopGrade(org.Kind)
		for _, c := range classes {
			p.TopGrade = max(p.TopGrade, c.Grade)
		}
	}
	if p.TopGrade < app.MinGrade || p.TopGrade > app.MaxGrade {
		return nil, app.Errorf(app.EINVALID, "year.error.top_grade", p.TopGrade)
	}
	for _, c := range classes {
		m := app.ClassMove{ClassID: c.ID, From: c.Label(), Students: c.StudentCount}
		if c.Grade >= p.TopGrade {
			p.Graduates = append(p.Graduates, m)
			p.Graduated += c.StudentCount
			continue
		}
		m.To = app.ClassLabel(c.Grade+1, c.Name)
		p.Moves = append(p.Moves, m)
		p.Moved += c.StudentCount
	}
	err = q.QueryRowContext(ctx, `SELECT count(*) FROM students s JOIN classes c ON c.id = s.class_id
		WHERE c.year = ? AND s.status IN ('suspended', 'transferred')`, p.From).Scan(&p.Staying)
	return p, err
}

// studentService implements app.StudentService.
type studentService struct{ db *DB }

// maxStatusNote is the longest note a status change keeps.
const maxStatusNote = 200

// SetStatus takes students off the roll (转出, 休学) or puts them back on
// it (转入) in a class of the current year.
func (s *studentService) SetStatus(ctx context.Context, c app.StatusChange) error {
	if err := app.RequireAdmin(ctx); err != nil {
		return err
	}
	c.Note = strings.TrimSpace(c.Note)
	switch {
	case len(c.StudentIDs) == 0:
		return app.Errorf(app.EINVALID, "student.error.none")
	case c.To != app.StatusActive && c.To != app.StatusSuspended && c.To != app.StatusTransferred:
		return app.Errorf(app.EINVALID, "student.error.status", string(c.To))
	case utf8.RuneCountInString(c.Note) > maxStatusNote:
		return app.Errorf(app.EINVALID, "student.error.note_long", maxStatusNote)
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		classID := int64(0)
		if c.To == app.StatusActive {
			var current bool
			err := tx.QueryRowContext(ctx, `SELECT year = `+currentYear+` FROM classes WHERE id = ?`, c.ClassID).Scan(&current)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && !current) {
				return app.Errorf(app.EINVALID, "student.error.class")
			}
			if err != nil {
				return err
			}
			classID = c.ClassID
		}
		at := s.db.now()
		for _, id := range c.StudentIDs {
			var name string
			var from app.StudentStatus
			err := tx.QueryRowContext(ctx, `SELECT name, status FROM students WHERE id = ?`, id).Scan(&name, &from)
			if errors.Is(err, sql.ErrNoRows) {
				return app.Errorf(app.ENOTFOUND, "student.error.not_found", id)
			}
			if err != nil {
				return err
			}
			if err := app.CheckStatusChange(name, from, c.To); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE students SET status = ?, status_at = ?, status_note = ?,
				class_id = CASE WHEN ? > 0 THEN ? ELSE class_id END, updated_at = ? WHERE id = ?`,
				string(c.To), at, c.Note, classID, classID, at, id); err != nil {
				return err
			}
			detail := fmt.Sprintf("from=%s to=%s", from, c.To)
			if classID > 0 {
				detail += fmt.Sprintf(" class=%d", classID)
			}
			if c.Note != "" {
				detail += " note=" + c.Note
			}
			if err := s.db.audit(ctx, tx, "student.status", fmt.Sprintf("student:%d", id), detail); err != nil {
				return err
			}
		}
		return nil
	})
}

// FormerStudents lists the students off the roll with their last class,
// newest change first within each class order; admin and principal only.
func (s *studentService) FormerStudents(ctx context.Context) ([]app.DirectoryEntry, error) {
	a := app.AccountFromContext(ctx)
	if !a.ReadsAll() {
		return nil, app.Errorf(app.EFORBIDDEN, "storage.error.reads_all_only")
	}
	var out []app.DirectoryEntry
	err := s.db.read(ctx, func(tx *sql.Tx) error {
		classes, err := loadClassesOfYear(ctx, tx, allYears)
		if err != nil {
			return err
		}
		out, err = loadEntries(ctx, tx, classes, false)
		return err
	})
	if err != nil {
		return nil, err
	}
	app.MaskDirectory(a, out)
	return out, nil
}
