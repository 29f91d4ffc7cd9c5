package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"jxj/app"
)

// A run that starts before the latest time the clock showed (less some
// slack) means the clock went back: it is reported and stays reported;
// the runs keep the order they were written in.
func TestRecordRunClockBack(t *testing.T) {
	db := MustOpenDB(t)
	s := &syncStore{db: db}
	ctx := context.Background()
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		start     time.Time
		wantBack  bool
		wantFirst time.Time // the newest run listed
	}{
		{"first run", t0, false, t0},
		{"later", t0.Add(10 * time.Minute), false, t0.Add(10 * time.Minute)},
		{"a minute back (NTP, slack)", t0.Add(9 * time.Minute), false, t0.Add(9 * time.Minute)},
		{"an hour back", t0.Add(-time.Hour), true, t0.Add(-time.Hour)},
		{"forward again: still reported", t0.Add(time.Hour), true, t0.Add(time.Hour)},
	}
	for _, tt := range tests {
		if err := s.RecordRun(ctx, app.SyncRun{Start: tt.start, End: tt.start.Add(time.Second)}); err != nil {
			t.Fatal(err)
		}
		st, err := s.SyncState(ctx)
		if err != nil {
			t.Fatal(err)
		}
		runs, err := s.SyncRuns(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if st.ClockBack != tt.wantBack || !runs[0].Start.Equal(tt.wantFirst) {
			t.Errorf("%s: clock back %v, newest run %v; want %v, %v", tt.name, st.ClockBack, runs[0].Start, tt.wantBack, tt.wantFirst)
		}
	}
}

// bureauSchool opens a school of n students in dir that received the
// bureau notices with the given uuids from the hub's feed.
func bureauSchool(t *testing.T, dir string, n int, notices ...string) *DB {
	t.Helper()
	db := mustOpenDir(t, dir)
	seedStaffAndClasses(t, db)
	if _, err := db.Services().Roster.ImportRoster(adminCtx, bigRoster(n), nil); err != nil {
		t.Fatal(err)
	}
	page := app.FeedPage{Epoch: "e1"}
	for i, id := range notices {
		body, err := json.Marshal(app.BureauNotice{Title: fmt.Sprintf("教育局通知 %d", i+1), Body: "各校：……", RequiresAck: true, PublishedAt: testNow})
		if err != nil {
			t.Fatal(err)
		}
		page.Records = append(page.Records, app.FeedRecord{Seq: int64(i + 1), Type: app.RecordNotice, ID: id, Body: body})
	}
	if _, err := db.Services().Sync.ApplyFeed(adminCtx, page); err != nil {
		t.Fatal(err)
	}
	return db
}

// noticeID is the local id of the notice with the uuid.
func noticeID(t *testing.T, db *DB, uuid string) int64 {
	t.Helper()
	return int64(count(t, db, `SELECT id FROM notices WHERE uuid = ?`, uuid))
}

// families maps student uuids to their family numbers.
func families(t *testing.T, db *DB) map[string]int64 {
	t.Helper()
	rows, err := db.w.Query(`SELECT s.uuid, f.family FROM sync_families f JOIN students s ON s.id = f.student_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var uuid string
		var family int64
		if err := rows.Scan(&uuid, &family); err != nil {
			t.Fatal(err)
		}
		out[uuid] = family
	}
	return out
}

// backupTo copies a database as it is now to a new folder, as copying
// the data folder would, and returns the folder.
func backupTo(t *testing.T, db *DB) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := db.w.Exec(`VACUUM INTO ?`, filepath.Join(dir, FileName)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A student's family number survives a restore: the copy that forwarded
// a notice after the backup and the restored copy that forwards it again
// give every student the same number, whatever the order they reach the
// students in, and the hub counts each family once.
func TestFamilyNumbersSurviveRestore(t *testing.T) {
	const n1, n2 = "0193aaaa-0000-7000-8000-000000000001", "0193aaaa-0000-7000-8000-000000000002"
	a := bureauSchool(t, t.TempDir(), 60, n1, n2)
	backup := backupTo(t, a)
	ids := classIDs(t, a)
	some := ids["一年级1班"]
	if _, err := a.Services().Notices.ForwardBureau(adminCtx, noticeID(t, a, n1), app.Target{ClassIDs: []int64{some}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Services().Notices.ForwardBureau(adminCtx, noticeID(t, a, n2), app.Target{School: true}); err != nil {
		t.Fatal(err)
	}
	b := mustOpenDir(t, backup)
	if _, err := b.Services().Notices.ForwardBureau(adminCtx, noticeID(t, b, n2), app.Target{School: true}); err != nil {
		t.Fatal(err)
	}
	fa, fb := families(t, a), families(t, b)
	if len(fa) != 60 || len(fb) != 60 {
		t.Fatalf("%d and %d students numbered, want 60 in each copy", len(fa), len(fb))
	}
	for uuid, f := range fa {
		if fb[uuid] != f {
			t.Errorf("student %s is family %d in one copy and %d in the other", uuid, f, fb[uuid])
		}
	}
}

// A family number is the student's first choice unless another student
// has it; numbers given before stay.
func TestFamilyNumberTaken(t *testing.T) {
	const n1 = "0193aaaa-0000-7000-8000-000000000001"
	db := bureauSchool(t, t.TempDir(), 3, n1)
	rows, err := db.w.Query(`SELECT id, uuid FROM students ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	var uuids []string
	for rows.Next() {
		var id int64
		var uuid string
		if err := rows.Scan(&id, &uuid); err != nil {
			t.Fatal(err)
		}
		ids, uuids = append(ids, id), append(uuids, uuid)
	}
	rows.Close()
	// student 0 has a number from an earlier version; student 1 holds
	// student 2's first choice
	if _, err := db.w.Exec(`INSERT INTO sync_families (student_id, family) VALUES (?, 7), (?, ?)`,
		ids[0], ids[1], app.FamilyNumber(uuids[2], 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Services().Notices.ForwardBureau(adminCtx, noticeID(t, db, n1), app.Target{School: true}); err != nil {
		t.Fatal(err)
	}
	got := families(t, db)
	want := map[string]int64{uuids[0]: 7, uuids[1]: app.FamilyNumber(uuids[2], 0), uuids[2]: app.FamilyNumber(uuids[2], 1)}
	for uuid, f := range want {
		if got[uuid] != f {
			t.Errorf("student %s: family %d, want %d", uuid, got[uuid], f)
		}
	}
}
