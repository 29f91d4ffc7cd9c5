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
		return readNoticeReach(ctx, tx, d, q.Notices)
	})
	if err != nil {
		return nil, err
	}
	return app.ComputeDistrictCockpit(d, q), nil
}

// readDistrictOrgs reads the organisations of the scope.
func readDistrictOrgs(ctx context.Context, tx *sql.Tx, d *app.DistrictData, scope app.CockpitScope) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, name, kind, township, last_contact FROM hub_orgs ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var o app.DistrictOrg
		var last string
		if err := rows.Scan(&o.ID, &o.Name, &o.Kind, &o.Township, &last); err != nil {
			return err
		}
		o.LastSync = parseTime(last)
		if scope.Covers(o) {
			d.Orgs = append(d.Orgs, o)
		}
	}
	return rows.Err()
}

// readLatestStats reads each school's latest aggregate; a damaged one
// is left out rather than failing the cockpit.
func readLatestStats(ctx context.Context, tx *sql.Tx, d *app.DistrictData, inScope map[int64]bool) error {
	rows, err := tx.QueryContext(ctx, `SELECT org_id, day, packed FROM hub_school_stats`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var day string
		var packed []byte
		if err := rows.Scan(&id, &day, &packed); err != nil {
			return err
		}
		if !inScope[id] {
			continue
		}
		if s, err := unpackStats(packed); err == nil {
			s.Day = day
			d.Latest[id] = s
		}
	}
	return rows.Err()
}

// readDayStats reads the scope's aggregates of the days the figures
// need; the groups are kept only within the query's range.
func readDayStats(ctx context.Context, tx *sql.Tx, d *app.DistrictData, inScope map[int64]bool, q app.DistrictQuery) error {
	from, to := app.FormatDate(q.From), app.FormatDate(q.To)
	rows, err := tx.QueryContext(ctx, `SELECT day, org_id, students, covered, expected, absent, leave, packed
		FROM hub_day_stats WHERE day BETWEEN ? AND ?`, app.FormatDate(q.ReadFrom()), to)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r app.OrgDay
		var packed []byte
		if err := rows.Scan(&r.Day, &r.OrgID, &r.Students, &r.Covered, &r.Totals.Expected, &r.Totals.Absent, &r.Totals.Leave, &packed); err != nil {
			return err
		}
		if !inScope[r.OrgID] {
			continue
		}
		if s, err := unpackStats(packed); err == nil {
			r.Streaks = s.Streaks
			if r.Day >= from {
				r.Groups = s.Groups
			}
		}
		d.Days = append(d.Days, r)
	}
	return rows.Err()
}

// readNoticeReach reads the latest bureau notices not revoked, with each
// school's progress; receipts are counted per school from the receipts'
// primary key (school, notice, family).
func readNoticeReach(ctx context.Context, tx *sql.Tx, d *app.DistrictData, limit int) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, title, requires_ack, published_at FROM hub_notices WHERE revoked_at = ''
		ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return err
	}
	defer rows.Close()
	index := map[int64]int{}
	var ids []any
	for rows.Next() {
		var n app.NoticeReach
		var published string
		if err := rows.Scan(&n.ID, &n.Title, &n.RequiresAck, &published); err != nil {
			return err
		}
		n.PublishedAt = parseTime(published)
		index[n.ID] = len(d.Notices)
		d.Notices = append(d.Notices, n)
		ids = append(ids, n.ID)
	}
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return err
	}
	rows.Close()
	marks := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	srows, err := tx.QueryContext(ctx, `SELECT x.notice_id, x.org_id, x.confirmed_at <> '', x.forwarded_at <> '', x.families,
			(SELECT COUNT(*) FROM hub_receipts r WHERE r.org_id = x.org_id AND r.notice_id = x.notice_id),
			(SELECT COUNT(*) FROM hub_receipts r WHERE r.org_id = x.org_id AND r.notice_id = x.notice_id AND r.state = 2)
		FROM hub_notice_orgs x WHERE x.notice_id IN (`+marks+`)`, ids...)
	if err != nil {
		return err
	}
	defer srows.Close()
	for srows.Next() {
		var id int64
		var s app.SchoolReach
		if err := srows.Scan(&id, &s.Org.ID, &s.Confirmed, &s.Forwarded, &s.Families, &s.Read, &s.Ack); err != nil {
			return err
		}
		n := &d.Notices[index[id]]
		n.Schools = append(n.Schools, s)
	}
	return srows.Err()
}
