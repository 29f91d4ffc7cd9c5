package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"jxj/app"
)

var _ app.DayStatsQueuer = (*syncStore)(nil)

// countTeachingStaff counts the teaching staff: those with a subject, or
// teaching or heading one of this year's classes (生师比's teachers).
const countTeachingStaff = `SELECT COUNT(*) FROM staff s WHERE s.subjects <> ''
	OR EXISTS (SELECT 1 FROM class_teachers t JOIN classes c ON c.id = t.class_id WHERE t.staff_id = s.id AND c.year = ` + currentYear + `)
	OR EXISTS (SELECT 1 FROM classes c WHERE c.head_teacher_id = s.id AND c.year = ` + currentYear + `)`

// statsDaysBack is how far back a changed day's aggregate still goes up:
// the hub's cockpit reads a school year at most.
const statsDaysBack = 366

// maxStatsPerRun bounds the aggregates one sync makes; more go up in the
// next runs.
const maxStatsPerRun = 400

// QueueDayStats makes the aggregates due, in one transaction: every
// dirty day (a roll call of it changed since its aggregate was made) and
// today once a day, each written to the outbox in place of one of the
// same day still waiting to be packed.
func (s *syncStore) QueueDayStats(ctx context.Context) (int, error) {
	today := s.db.today()
	oldest := app.FormatDate(s.db.Now().AddDate(0, 0, -statsDaysBack))
	made := 0
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		days, err := queryStrings(ctx, tx, `SELECT day FROM sync_days WHERE dirty = 1 AND day BETWEEN ? AND ? ORDER BY day LIMIT ?`,
			oldest, today, maxStatsPerRun)
		if err != nil {
			return err
		}
		var todayMade string
		err = tx.QueryRowContext(ctx, `SELECT made_at FROM sync_days WHERE day = ?`, today).Scan(&todayMade)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if todayMade == "" && (len(days) == 0 || days[len(days)-1] != today) {
			days = append(days, today)
		}
		for _, day := range days {
			d, err := dayStats(ctx, tx, day)
			if err != nil {
				return err
			}
			d.Made = s.db.Now().Unix()
			body, err := json.Marshal(struct {
				Day *app.DayStats `json:"day"`
			}{d})
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE type = ? AND record = ? AND state = 'pending' AND batch IS NULL`,
				app.OpDayStats, day); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (type, record, body, created_at) VALUES (?, ?, ?, ?)`,
				app.OpDayStats, day, string(body), s.db.now()); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO sync_days (day, dirty, made_at) VALUES (?, 0, ?)
				ON CONFLICT (day) DO UPDATE SET dirty = 0, made_at = excluded.made_at`, day, s.db.now()); err != nil {
				return err
			}
			made++
		}
		// changes to days too old to matter are not sent
		if _, err := tx.ExecContext(ctx, `UPDATE sync_days SET dirty = 0 WHERE dirty = 1 AND day < ?`, oldest); err != nil {
			return err
		}
		if made == 0 {
			return nil
		}
		return s.db.audit(ctx, tx, "sync.days", "hub", fmt.Sprintf("days=%d", made))
	})
	return made, err
}

// dayStats counts the school's day: students on the roll now by grade
// and gender, this year's class sizes, the teaching staff, and that
// day's roll calls. Attendance counts the students of each roll call's
// class (its students of that year), so absences and leave of a student
// who has since left the class are left out with them.
func dayStats(ctx context.Context, tx *sql.Tx, day string) (*app.DayStats, error) {
	d := &app.DayStats{Day: day}
	groups := map[app.DayGroup]*app.DayGroup{}
	group := func(grade int, gender string) *app.DayGroup {
		k := app.DayGroup{Grade: grade, Gender: gender}
		g := groups[k]
		if g == nil {
			g = &k
			groups[k] = g
		}
		return g
	}
	err := scanEach(ctx, tx, `SELECT c.grade, s.gender, COUNT(*) FROM students s JOIN classes c ON c.id = s.class_id
		WHERE s.status = 'active' GROUP BY 1, 2`, nil, func(scan func(...any) error) error {
		var grade, n int
		var gender string
		if err := scan(&grade, &gender, &n); err != nil {
			return err
		}
		group(grade, gender).Students = n
		return nil
	})
	if err == nil {
		err = scanEach(ctx, tx, `SELECT c.grade, s.gender, COUNT(*) FROM roll_calls r JOIN classes c ON c.id = r.class_id
			JOIN class_roll cr ON cr.class_id = r.class_id JOIN students s ON s.id = cr.student_id
			WHERE r.day = ? GROUP BY 1, 2`, []any{day}, func(scan func(...any) error) error {
			var grade, n int
			var gender string
			if err := scan(&grade, &gender, &n); err != nil {
				return err
			}
			group(grade, gender).Expected = n
			return nil
		})
	}
	if err == nil {
		err = scanEach(ctx, tx, `SELECT c.grade, s.gender, a.mark, COUNT(*) FROM attendance a JOIN roll_calls r ON r.id = a.roll_call_id
			JOIN classes c ON c.id = r.class_id JOIN class_roll cr ON cr.class_id = r.class_id AND cr.student_id = a.student_id
			JOIN students s ON s.id = a.student_id
			WHERE r.day = ? AND a.mark IN ('absent', 'sick', 'personal') GROUP BY 1, 2, 3`, []any{day}, func(scan func(...any) error) error {
			var grade, n int
			var gender string
			var mark app.Mark
			if err := scan(&grade, &gender, &mark, &n); err != nil {
				return err
			}
			g := group(grade, gender)
			if mark.OnLeave() {
				g.Leave += n
			} else {
				g.Absent += n
			}
			return nil
		})
	}
	if err == nil {
		err = scanEach(ctx, tx, `SELECT c.grade, (SELECT COUNT(*) FROM students s WHERE s.class_id = c.id AND s.status = 'active') AS n
			FROM classes c WHERE c.year = `+currentYear+` ORDER BY c.grade, n`, nil, func(scan func(...any) error) error {
			var c app.ClassCount
			err := scan(&c.Grade, &c.Students)
			d.Classes = append(d.Classes, c)
			return err
		})
	}
	if err != nil {
		return nil, err
	}
	// the groups in grade and gender order, whatever order maps give
	for grade := 1; grade <= 12; grade++ {
		for _, gender := range []string{app.GenderMale, app.GenderFemale, ""} {
			if g := groups[app.DayGroup{Grade: grade, Gender: gender}]; g != nil {
				d.Groups = append(d.Groups, *g)
			}
		}
	}
	if err := tx.QueryRowContext(ctx, countTeachingStaff).Scan(&d.Teachers); err != nil {
		return nil, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM class_roll WHERE class_id IN (SELECT class_id FROM roll_calls WHERE day = ?)`,
		day).Scan(&d.Covered); err != nil {
		return nil, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM roll_calls WHERE day = ?`, day).Scan(&d.CallsTaken); err != nil {
		return nil, err
	}
	settings, err := loadAttendanceSettings(ctx, tx)
	if err != nil {
		return nil, err
	}
	d.CallsExpected = len(d.Classes) * len(app.Sessions(settings.SplitDay))
	date, err := app.ParseDate(day)
	if err != nil {
		return nil, err
	}
	alerts, err := absenceAlerts(ctx, tx, app.SystemAccount, date, 1, func(int64) bool { return true })
	if err != nil {
		return nil, err
	}
	for _, a := range alerts {
		i := min(a.Days, app.MaxStreakDays) - 1
		for len(d.Streaks) <= i {
			d.Streaks = append(d.Streaks, 0)
		}
		d.Streaks[i]++
	}
	return d, nil
}

// scanEach runs query and calls row for each row with its Scan.
func scanEach(ctx context.Context, tx *sql.Tx, query string, args []any, row func(scan func(...any) error) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// queryStrings returns the first column of query's rows.
func queryStrings(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]string, error) {
	return queryAll(ctx, tx, func(sc rowScanner) (s string, err error) { return s, sc.Scan(&s) }, query, args...)
}
