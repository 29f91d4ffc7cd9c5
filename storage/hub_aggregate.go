package storage

import (
	"context"
	"encoding/binary"
	"errors"
	"time"

	"jxj/app"
)

// dayStats stores a school's daily aggregate: a snapshot that replaces
// the school's one of the same day when it came in a batch at least as
// high (a later op of the same batch wins too). Batch numbers only grow,
// even for a restored node, so the newest copy of the school's data
// wins, and a batch sent again is answered from hub_batches before it
// gets here: nothing is ever counted twice.
func (p *pusher) dayStats(ctx context.Context, op *app.OutOp) pushResult {
	d := op.Day
	if d == nil {
		return rejected(rejectBadOp, app.Errorf(app.EINVALID, "district.error.day", ""))
	}
	if err := d.Validate(); err != nil {
		var ae *app.Error
		if errors.As(err, &ae) {
			return rejected(rejectBadOp, ae)
		}
		return rejected(rejectBadOp, app.Errorf(app.EINVALID, "district.error.day", d.Day))
	}
	// a school's day is at most a day ahead of the hub's (time zones)
	if latest := app.FormatDate(p.h.db.Now().Add(36 * time.Hour)); d.Day > latest {
		return rejected(rejectBadOp, app.Errorf(app.EINVALID, "district.error.future", d.Day))
	}
	t := d.Totals()
	_, err := p.tx.ExecContext(ctx, `INSERT INTO hub_day_stats (day, org_id, batch, students, covered, expected, absent, leave,
		calls_taken, calls_expected, packed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (day, org_id) DO UPDATE SET batch = excluded.batch, students = excluded.students, covered = excluded.covered,
			expected = excluded.expected, absent = excluded.absent, leave = excluded.leave, calls_taken = excluded.calls_taken,
			calls_expected = excluded.calls_expected, packed = excluded.packed
		WHERE excluded.batch >= hub_day_stats.batch`,
		d.Day, p.org, p.batch, t.Students, d.Covered, t.Expected, t.Absent, t.Leave, d.CallsTaken, d.CallsExpected, packStats(d, false))
	if err == nil {
		_, err = p.tx.ExecContext(ctx, `INSERT INTO hub_school_stats (org_id, batch, day, packed) VALUES (?, ?, ?, ?)
			ON CONFLICT (org_id) DO UPDATE SET batch = excluded.batch, day = excluded.day, packed = excluded.packed
			WHERE excluded.batch >= hub_school_stats.batch`, p.org, p.batch, d.Day, packStats(d, true))
	}
	if err != nil {
		p.err = err
		return pushResult{}
	}
	return okResult
}

// An aggregate as the hub keeps it: unsigned varints, small numbers in a
// byte or two. Groups are grade, gender (0 none, 1 male, 2 female),
// students, expected, absent, leave; then the streaks; then teachers,
// covered, roll calls taken and expected; then, in a school's latest
// aggregate only, each class's grade and size. Each list starts with its
// length.
const packVersion = 1

var packGenders = []string{"", app.GenderMale, app.GenderFemale}

func packStats(d *app.DayStats, withClasses bool) []byte {
	b := []byte{packVersion}
	put := func(vs ...int) {
		for _, v := range vs {
			b = binary.AppendUvarint(b, uint64(max(v, 0)))
		}
	}
	put(len(d.Groups))
	for _, g := range d.Groups {
		gender := 0
		for i, s := range packGenders {
			if s == g.Gender {
				gender = i
			}
		}
		put(g.Grade, gender, g.Students, g.Expected, g.Absent, g.Leave)
	}
	put(len(d.Streaks))
	put(d.Streaks...)
	put(d.Teachers, d.Covered, d.CallsTaken, d.CallsExpected)
	if !withClasses {
		put(0)
		return b
	}
	put(len(d.Classes))
	for _, c := range d.Classes {
		put(c.Grade, c.Students)
	}
	return b
}

var errPacked = errors.New("hub: a stored aggregate is damaged")

// unpackStats reads what packStats wrote; a damaged value is an error,
// never a panic.
func unpackStats(b []byte) (*app.DayStats, error) {
	if len(b) == 0 || b[0] != packVersion {
		return nil, errPacked
	}
	b = b[1:]
	bad := false
	get := func() int {
		v, n := binary.Uvarint(b)
		if n <= 0 || v > app.MaxStatsCount {
			bad = true
			return 0
		}
		b = b[n:]
		return int(v)
	}
	d := &app.DayStats{}
	groups := get()
	for i := 0; i < groups && !bad; i++ {
		g := app.DayGroup{Grade: get()}
		if gender := get(); gender < len(packGenders) {
			g.Gender = packGenders[gender]
		}
		g.Students, g.Expected, g.Absent, g.Leave = get(), get(), get(), get()
		d.Groups = append(d.Groups, g)
	}
	streaks := get()
	for i := 0; i < streaks && !bad; i++ {
		d.Streaks = append(d.Streaks, get())
	}
	d.Teachers, d.Covered, d.CallsTaken, d.CallsExpected = get(), get(), get(), get()
	classes := get()
	for i := 0; i < classes && !bad; i++ {
		d.Classes = append(d.Classes, app.ClassCount{Grade: get(), Students: get()})
	}
	if bad {
		return nil, errPacked
	}
	return d, nil
}
