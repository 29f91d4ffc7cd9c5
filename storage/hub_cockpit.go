package storage

import (
	"context"
	"database/sql"
	"strings"

	"jxj/app"
)

var _ app.DistrictService = (*Hub)(nil)

// DistrictCockpit reads what the district cockpit needs, in one read
// transaction, and computes its figures (app.ComputeDistrictCockpit).
func (h *Hub) DistrictCockpit(ctx context.Context, q app.DistrictQuery) (*app.DistrictCockpit, error) {
	now := h.db.Now()
	q = q.WithDefaults(now)
	if err := q.Validate(); err != nil {
		return nil, err
	}
	d := &app.DistrictData{Now: now, Latest: map[int64]*app.DayStats{}}
	err := h.db.read(ctx, func(tx *sql.Tx) error {
		if err := readDistrictOrgs(ctx, tx, d, q.Scope); err != nil {
			return err
		}
		switch {
		case len(d.Orgs) > 0:
		case q.Scope.OrgID != 0:
			return app.Errorf(app.ENOTFOUND, "district.error.no_school", q.Scope.OrgID)
		case q.Scope.Township != "":
			return app.Errorf(app.ENOTFOUND, "district.error.no_township", q.Scope.Township)
		}
		inScope := make(map[int64]bool, len(d.Orgs))
		for _, o := range d.Orgs {
			inScope[o.ID] = true
		}
		if err := readLatestStats(ctx, tx, d, inScope); err != nil {
			return err
		}
		if err := readDayStats(ctx, tx, d, inScope, q); err != nil {
			return err
		}
		if err := readNoticeReach(ctx, tx, d, q.Notices); err != nil {
			return err
		}
		// the requests waiting and those received in the range (the
		// range is a local day's: a day either side, cut in app)
		var err error
		d.Requests, err = readRequestRows(ctx, tx, `r.state IN (?, ?) OR r.received_at >= ?`,
			[]any{app.RequestSubmitted, app.RequestReviewing, formatTime(q.From.AddDate(0, 0, -1))})
		return err
	})
	if err != nil {
		return nil, err
	}
	return app.ComputeDistrictCockpit(d, q), nil
}

// readDistrictOrgs reads the organisations of the scope.
func readDistrictOrgs(ctx context.Context, tx *sql.Tx, d *app.DistrictData, scope app.CockpitScope) error {
	return scanEach(ctx, tx, `SELECT id, name, kind, township, last_contact FROM hub_orgs ORDER BY id`, nil,
		func(scan func(...any) error) error {
			var o app.DistrictOrg
			var last string
			if err := scan(&o.ID, &o.Name, &o.Kind, &o.Township, &last); err != nil {
				return err
			}
			o.LastSync = parseTime(last)
			if scope.Covers(o) {
				d.Orgs = append(d.Orgs, o)
			}
			return nil
		})
}

// readLatestStats reads each school's latest aggregate; a damaged one
// is left out rather than failing the cockpit.
func readLatestStats(ctx context.Context, tx *sql.Tx, d *app.DistrictData, inScope map[int64]bool) error {
	return scanEach(ctx, tx, `SELECT org_id, day, packed FROM hub_school_stats`, nil, func(scan func(...any) error) error {
		var id int64
		var day string
		var packed []byte
		if err := scan(&id, &day, &packed); err != nil {
			return err
		}
		if s, err := unpackStats(packed); err == nil && inScope[id] {
			s.Day = day
			d.Latest[id] = s
		}
		return nil
	})
}

// readDayStats reads the scope's aggregates of the range and of the
// 30-day series, and for the weeks of the long-absence series before
// them only each school's last aggregate of a week: the figures use
// nothing else, and a quarter of a year of every school's days would
// cost more to read than all the figures to compute. The groups are kept
// only within the range.
func readDayStats(ctx context.Context, tx *sql.Tx, d *app.DistrictData, inScope map[int64]bool, q app.DistrictQuery) error {
	from, to := app.FormatDate(q.From), app.FormatDate(q.To)
	window := min(from, app.FormatDate(q.To.AddDate(0, 0, -(app.DefaultRangeDays-1))))
	weeks := app.FormatDate(q.ReadFrom())
	add := func(r app.OrgDay, packed []byte, groups bool) {
		if !inScope[r.OrgID] {
			return
		}
		if s, err := unpackStats(packed); err == nil {
			r.Streaks = s.Streaks
			if groups {
				r.Groups = s.Groups
			}
		}
		d.Days = append(d.Days, r)
	}
	err := scanEach(ctx, tx, `SELECT day, org_id, students, covered, expected, absent, leave, packed
		FROM hub_day_stats WHERE day BETWEEN ? AND ?`, []any{window, to}, func(scan func(...any) error) error {
		var r app.OrgDay
		var packed []byte
		if err := scan(&r.Day, &r.OrgID, &r.Students, &r.Covered, &r.Totals.Expected, &r.Totals.Absent, &r.Totals.Leave, &packed); err != nil {
			return err
		}
		add(r, packed, r.Day >= from)
		return nil
	})
	if err != nil || weeks >= window {
		return err
	}
	// SQLite takes the bare column packed from the row of MAX(day)
	return scanEach(ctx, tx, `SELECT org_id, MAX(day), packed FROM hub_day_stats WHERE day >= ? AND day < ?
		GROUP BY org_id, CAST((julianday(day) - julianday(?)) / 7 AS INTEGER)`, []any{weeks, window, weeks},
		func(scan func(...any) error) error {
			var r app.OrgDay
			var packed []byte
			if err := scan(&r.OrgID, &r.Day, &packed); err != nil {
				return err
			}
			add(r, packed, false)
			return nil
		})
}

// readNoticeReach reads the latest bureau notices not revoked, with each
// school's progress (the families that read and acknowledged are kept
// counted by triggers of hub migration 0006).
func readNoticeReach(ctx context.Context, tx *sql.Tx, d *app.DistrictData, limit int) error {
	index := map[int64]int{}
	var ids []any
	err := scanEach(ctx, tx, `SELECT id, title, requires_ack, published_at FROM hub_notices WHERE revoked_at = ''
		ORDER BY id DESC LIMIT ?`, []any{limit}, func(scan func(...any) error) error {
		var n app.NoticeReach
		var published string
		if err := scan(&n.ID, &n.Title, &n.RequiresAck, &published); err != nil {
			return err
		}
		n.PublishedAt = parseTime(published)
		index[n.ID] = len(d.Notices)
		d.Notices = append(d.Notices, n)
		ids = append(ids, n.ID)
		return nil
	})
	if err != nil || len(ids) == 0 {
		return err
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	return scanEach(ctx, tx, `SELECT notice_id, org_id, confirmed_at <> '', forwarded_at <> '', families,
			families_read, families_acked FROM hub_notice_orgs WHERE notice_id IN (`+marks+`)`, ids, func(scan func(...any) error) error {
		var id int64
		var s app.SchoolReach
		if err := scan(&id, &s.Org.ID, &s.Confirmed, &s.Forwarded, &s.Families, &s.Read, &s.Ack); err != nil {
			return err
		}
		n := &d.Notices[index[id]]
		n.Schools = append(n.Schools, s)
		return nil
	})
}
