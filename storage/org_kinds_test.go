package storage

import (
	"context"
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"jxj/app"
)

// migrationsBefore holds the migrations of fsys numbered below version:
// a database as a version before it left it.
func migrationsBefore(t *testing.T, fsys fs.FS, version int) fstest.MapFS {
	t.Helper()
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	out := fstest.MapFS{}
	for _, name := range names {
		num, _, _ := strings.Cut(name, "_")
		if v, err := strconv.Atoi(num); err != nil || v >= version {
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = &fstest.MapFile{Data: data}
	}
	return out
}

// The kinds migration rebuilds hub_orgs: the schools, their codes and
// their enrolment survive, and the new kinds are accepted after it.
func TestHubOrgKindsMigration(t *testing.T) {
	old := hubMigrationFS
	t.Cleanup(func() { hubMigrationFS = old })
	hubMigrationFS = migrationsBefore(t, old, 7)
	dir := t.TempDir()
	h, err := OpenHub(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO hub_orgs (id, uuid, name, kind, township, created_at, enrolled_at, epoch) VALUES (1, 'u1', '城关一小', 'primary', '城关镇', '2026-09-01T00:00:00Z', '2026-09-02T00:00:00Z', 'e1')`,
		`INSERT INTO hub_orgs (id, uuid, name, kind, created_at, epoch) VALUES (2, 'u2', '阳光培训', 'training', '2026-09-01T00:00:00Z', 'e2')`,
		`INSERT INTO hub_enrol_codes (code_hash, org_id, created_at, expires_at) VALUES (x'01', 2, '2026-09-01T00:00:00Z', '2026-10-01T00:00:00Z')`,
	} {
		if _, err := h.db.w.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	h.Close()

	hubMigrationFS = old
	now := testNow
	h = mustOpenHub(t, dir, &now)
	ctx := context.Background()
	orgs, err := h.Orgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 2 {
		t.Fatalf("after the migration %d schools, want 2", len(orgs))
	}
	got := map[string]app.OrgKind{}
	for _, o := range orgs {
		got[o.Name] = o.Kind
	}
	if got["城关一小"] != app.OrgPrimary || got["阳光培训"] != app.OrgTraining {
		t.Errorf("kinds after the migration = %v", got)
	}
	// by township, those without one last
	if orgs[0].Name != "城关一小" || orgs[0].EnrolledAt.IsZero() || orgs[0].Township != "城关镇" {
		t.Errorf("the enrolled school lost its enrolment or township, or is not listed first: %+v", orgs[0])
	}
	if n := count(t, h.db, `SELECT COUNT(*) FROM hub_enrol_codes WHERE org_id = 2`); n != 1 {
		t.Errorf("codes of school 2 after the migration = %d, want 1", n)
	}
	for _, k := range []app.OrgKind{app.OrgNineYear, app.OrgTeachingPoint} {
		if _, err := h.EditOrg(ctx, 2, app.HubOrgUpdate{Kind: ptr(k)}); err != nil {
			t.Errorf("EditOrg to %s: %v", k, err)
		}
	}
}

// The school's org table is rebuilt for the new kinds: the school stays
// as it was, and a nine-year school can be set up after it.
func TestSchoolOrgKindsMigration(t *testing.T) {
	old := migrationFS
	t.Cleanup(func() { migrationFS = old })
	migrationFS = migrationsBefore(t, old, 11)
	dir := t.TempDir()
	db, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.Exec(`INSERT INTO org (id, uuid, name, kind, is_demo, created_at) VALUES (1, 'o1', '城关镇中学', 'middle', 1, '2026-09-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.Exec(`UPDATE org SET kind = 'nine_year'`); err == nil {
		t.Fatal("before the migration the school accepted kind nine_year; is the test's database too new?")
	}
	db.Close()

	migrationFS = old
	db = mustOpenDir(t, dir)
	var name, kind string
	var demo bool
	if err := db.w.QueryRow(`SELECT name, kind, is_demo FROM org WHERE id = 1`).Scan(&name, &kind, &demo); err != nil {
		t.Fatal(err)
	}
	if name != "城关镇中学" || kind != "middle" || !demo {
		t.Errorf("the school after the migration = %s, %s, demo %v", name, kind, demo)
	}
	for _, k := range []app.OrgKind{app.OrgNineYear, app.OrgTeachingPoint} {
		if _, err := db.w.Exec(`UPDATE org SET kind = ?`, k); err != nil {
			t.Errorf("kind %s after the migration: %v", k, err)
		}
	}
}
