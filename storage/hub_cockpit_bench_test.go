package storage

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"jxj/app"
)

// benchDistrict fills a hub with schools schools, each with a year of
// daily aggregates up to last (a school of six grades, two genders, 24
// classes), and notices bureau notices sent to every school, the first
// two with receipts from families families a school.
func benchDistrict(b *testing.B, schools, days, notices, families int, last time.Time) *Hub {
	b.Helper()
	ctx := context.Background()
	h, err := OpenHub(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { h.Close() })
	towns := []string{"城关镇", "河口乡", "青山镇", "白石乡", "龙潭镇", "柳林乡", "新集镇", "东岗乡"}
	kinds := []app.OrgKind{app.OrgPrimary, app.OrgPrimary, app.OrgPrimary, app.OrgMiddle, app.OrgKindergarten, app.OrgHigh, app.OrgTraining}
	for i := range schools {
		if _, _, err := h.AddOrg(ctx, app.HubOrgDraft{Name: fmt.Sprintf("学校%03d", i), Kind: kinds[i%len(kinds)], Township: towns[i%len(towns)]}); err != nil {
			b.Fatal(err)
		}
	}
	err = h.db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE hub_orgs SET last_contact = ? WHERE id % 10 <> 0`, formatTime(last)); err != nil {
			return err
		}
		for org := 1; org <= schools; org++ {
			d := benchStats(org, 0)
			for i := range 24 {
				d.Classes = append(d.Classes, app.ClassCount{Grade: 1 + i/4, Students: 40 + (org+i)%30})
			}
			if _, err := tx.Exec(`INSERT INTO hub_school_stats (org_id, batch, day, packed) VALUES (?, 1, ?, ?)`,
				org, app.FormatDate(last), packStats(d, true)); err != nil {
				return err
			}
		}
		ins, err := tx.Prepare(`INSERT INTO hub_day_stats (day, org_id, batch, students, covered, expected, absent, leave,
			calls_taken, calls_expected, packed) VALUES (?, ?, 1, ?, ?, ?, ?, ?, 24, 24, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for day := range days {
			date := app.FormatDate(last.AddDate(0, 0, -day))
			for org := 1; org <= schools; org++ {
				d := benchStats(org, day)
				t := d.Totals()
				if _, err := ins.Exec(date, org, t.Students, t.Students, t.Expected, t.Absent, t.Leave, packStats(d, false)); err != nil {
					return err
				}
			}
		}
		for n := 1; n <= notices; n++ {
			if _, err := tx.Exec(`INSERT INTO hub_notices (id, uuid, title, requires_ack, published_at) VALUES (?, ?, ?, 1, ?)`,
				n, fmt.Sprintf("n-%d", n), fmt.Sprintf("通知 %d", n), formatTime(last)); err != nil {
				return err
			}
			if _, err := tx.Exec(`INSERT INTO hub_notice_orgs (notice_id, org_id, feed_seq, delivered, confirmed_at, forwarded_at, families)
				SELECT ?, id, ?, 1, ?, ?, ? FROM hub_orgs`, n, n, formatTime(last), formatTime(last), families); err != nil {
				return err
			}
			if n > 2 {
				continue
			}
			if _, err := tx.Exec(`WITH RECURSIVE f(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM f WHERE x < ?)
				INSERT INTO hub_receipts (org_id, notice_id, family, state, channel, at, class, batch)
				SELECT o.id, ?, f.x, 1 + (f.x % 3 > 0), 'slip', 0, 1, 1 FROM hub_orgs o, f WHERE (o.id + f.x) % 5 > 0`, families, n); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	h.SetClock(func() time.Time { return last.Add(10 * time.Hour) })
	return h
}

// benchStats is a school's aggregate of a day: six grades, two genders,
// about 1,000 students, a few absent and on leave.
func benchStats(org, day int) *app.DayStats {
	d := &app.DayStats{Teachers: 60, Covered: 1000, CallsTaken: 24, CallsExpected: 24, Streaks: []int{3 + day%4, 1, org % 3}}
	for grade := 1; grade <= 6; grade++ {
		for _, gender := range []string{app.GenderMale, app.GenderFemale} {
			n := 80 + (org+grade)%10
			d.Groups = append(d.Groups, app.DayGroup{Grade: grade, Gender: gender, Students: n, Expected: n,
				Absent: (org + day + grade) % 4, Leave: (org + day) % 3})
		}
	}
	return d
}

// BenchmarkDistrictCockpit computes every figure of the district
// cockpit, for the county, over 500 schools with a year of daily
// aggregates and 10 notices to every school (two with 600 families'
// receipts a school). The bar is 200 ms.
func BenchmarkDistrictCockpit(b *testing.B) {
	last := time.Date(2026, 11, 20, 0, 0, 0, 0, time.Local)
	h := benchDistrict(b, 500, 365, 10, 600, last)
	var size int64
	if err := h.db.r.QueryRow(`SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()`).Scan(&size); err != nil {
		b.Fatal(err)
	}
	b.Run("county", func(b *testing.B) {
		ctx := context.Background()
		for b.Loop() {
			ck, err := h.DistrictCockpit(ctx, app.DistrictQuery{})
			if err != nil {
				b.Fatal(err)
			}
			if ck.Orgs.Total != 500 || len(ck.Attendance.Schools) == 0 || len(ck.Reach.Notices) != 10 {
				b.Fatalf("cockpit = %d orgs, %d schools ranked, %d notices", ck.Orgs.Total, len(ck.Attendance.Schools), len(ck.Reach.Notices))
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
		b.ReportMetric(float64(size)/(1<<20), "hub-MB")
	})
}
