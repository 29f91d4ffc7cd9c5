package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"
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

// outboxBatches lists the outbox's pending rows as seq → batch (0 when
// not packed).
func outboxBatches(t *testing.T, db *DB) map[int64]int64 {
	t.Helper()
	rows, err := db.w.Query(`SELECT seq, COALESCE(batch, 0) FROM outbox WHERE state = 'pending'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var seq, batch int64
		if err := rows.Scan(&seq, &batch); err != nil {
			t.Fatal(err)
		}
		out[seq] = batch
	}
	return out
}

// A hub that accepted the batch the node sent (the answer was lost) is
// not a restore: the batch goes again as it was. A hub past the node's
// counter is: the counter moves past it, the packed batch is packed again
// under a new number, and a catch-up starts from the node's counter; it
// stays until its last page, and a second restore starts it again from
// the earlier point.
func TestCheckRestore(t *testing.T) {
	const n1 = "0193aaaa-0000-7000-8000-000000000001"
	db := bureauSchool(t, t.TempDir(), 3, n1)
	s := db.Services().Sync
	if _, err := db.Services().Notices.ConfirmBureau(adminCtx, noticeID(t, db, n1)); err != nil {
		t.Fatal(err)
	}
	first, err := s.NextBatch(adminCtx, 100)
	if err != nil || first == nil || first.Batch != 1 {
		t.Fatalf("first batch %+v, %v", first, err)
	}
	if cu, err := s.CheckRestore(adminCtx, 1); err != nil || cu != nil {
		t.Fatalf("hub at the node's batch: catch-up %+v, %v; want none", cu, err)
	}
	if again, _ := s.NextBatch(adminCtx, 100); again == nil || again.Batch != 1 {
		t.Fatalf("after a lost answer the batch is %+v, want batch 1 again", again)
	}

	cu, err := s.CheckRestore(adminCtx, 9)
	if err != nil || cu == nil || *cu != (app.CatchUp{Since: 1}) {
		t.Fatalf("hub at 9, node at 1: catch-up %+v, %v; want since 1 from the start", cu, err)
	}
	if b := outboxBatches(t, db); len(b) != 1 || slices.Collect(maps.Values(b))[0] != 0 {
		t.Errorf("after the restore the outbox's batches are %v, want the row unpacked", b)
	}
	next, err := s.NextBatch(adminCtx, 100)
	if err != nil || next == nil || next.Batch != 10 || len(next.Ops) != 1 || next.Ops[0].Type != app.OpNoticeConfirm {
		t.Fatalf("the next batch is %+v, %v; want number 10 with the confirmation", next, err)
	}
	if _, err := s.ApplyCatchUp(adminCtx, app.ReceiptsPage{Next: "3.17", More: true}); err != nil {
		t.Fatal(err)
	}
	if cu, err := s.CheckRestore(adminCtx, 10); err != nil || cu == nil || *cu != (app.CatchUp{Since: 1, After: "3.17"}) {
		t.Fatalf("a catch-up half done: %+v, %v; want since 1 after 3.17", cu, err)
	}
	// restored again, from an older copy of the counter
	if _, err := db.w.Exec(`UPDATE sync_state SET batch_seq = 0`); err != nil {
		t.Fatal(err)
	}
	if cu, err := s.CheckRestore(adminCtx, 10); err != nil || cu == nil || *cu != (app.CatchUp{Since: 0}) {
		t.Fatalf("restored again: %+v, %v; want since 0 from the start", cu, err)
	}
	if _, err := s.ApplyCatchUp(adminCtx, app.ReceiptsPage{Next: "4.1"}); err != nil {
		t.Fatal(err)
	}
	if cu, err := s.CheckRestore(adminCtx, 10); err != nil || cu != nil {
		t.Fatalf("after the last page: %+v, %v; want no catch-up", cu, err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM audit WHERE action IN ('sync.restore', 'sync.catchup')`); n != 4 {
		t.Errorf("%d audit rows for the restores and pages, want 4", n)
	}
}

// receiptStates maps the family numbers of a notice's receipts to their
// states and recorders.
func receiptStates(t *testing.T, db *DB, notice string) map[int64]string {
	t.Helper()
	rows, err := db.w.Query(`SELECT f.family, r.state, r.recorded_by FROM receipts r JOIN notices n ON n.id = r.notice_id
		JOIN sync_families f ON f.student_id = r.student_id WHERE n.uuid = ?`, notice)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var family int64
		var state int
		var by string
		if err := rows.Scan(&family, &state, &by); err != nil {
			t.Fatal(err)
		}
		out[family] = fmt.Sprintf("%d %s", state, by)
	}
	return out
}

// forwardFamilies is the families count of the pending forwards of a
// notice, in outbox order.
func forwardFamilies(t *testing.T, db *DB, notice string) []int {
	t.Helper()
	rows, err := db.w.Query(`SELECT json_extract(body, '$.families') FROM outbox WHERE type = 'notice_forward' AND record = ? ORDER BY seq`, notice)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// familyOf is a student's family number, 0 when it has none.
func familyOf(t *testing.T, db *DB, studentID int64) int64 {
	t.Helper()
	return int64(count(t, db, `SELECT COALESCE(MAX(family), 0) FROM sync_families WHERE student_id = ?`, studentID))
}

// A catch-up merges the hub's receipts by max state into a notice the
// school forwarded (a family the forward did not reach gets its receipt,
// and the forward its new count) and holds those of a notice not
// forwarded until the school forwards it; none of them goes up again.
func TestApplyCatchUp(t *testing.T) {
	const n1, n2 = "0193aaaa-0000-7000-8000-000000000001", "0193aaaa-0000-7000-8000-000000000002"
	db := bureauSchool(t, t.TempDir(), 150, n1, n2) // 3 students a class
	svc := db.Services()
	ids := classIDs(t, db)
	class := ids["一年级1班"]
	if _, err := svc.Notices.ForwardBureau(adminCtx, noticeID(t, db, n1), app.Target{ClassIDs: []int64{class}}); err != nil {
		t.Fatal(err)
	}
	rs, err := svc.Notices.Receipts(adminCtx, noticeID(t, db, n1))
	if err != nil || len(rs) != 3 {
		t.Fatalf("%d receipts (%v), want the class's 3", len(rs), err)
	}
	if _, err := svc.Notices.RecordSlip(adminCtx, noticeID(t, db, n1), rs[0].Code); err != nil {
		t.Fatal(err)
	}
	acked, lost, waiting := familyOf(t, db, rs[0].StudentID), familyOf(t, db, rs[1].StudentID), familyOf(t, db, rs[2].StudentID)
	var otherID int64
	var otherUUID string
	if err := db.w.QueryRow(`SELECT id, uuid FROM students WHERE class_id <> ? ORDER BY id LIMIT 1`, class).Scan(&otherID, &otherUUID); err != nil {
		t.Fatal(err)
	}
	if familyOf(t, db, otherID) != 0 {
		t.Fatal("a student outside the class has a family number before the catch-up")
	}
	other := app.FamilyNumber(otherUUID, 0) // as the lost copy numbered them
	if _, err := svc.Sync.CheckRestore(adminCtx, 5); err != nil {
		t.Fatal(err)
	}
	outboxBefore := count(t, db, `SELECT COUNT(*) FROM outbox`)

	up := func(family int64, state app.ReceiptState) app.ReceiptUp {
		return app.ReceiptUp{Family: family, State: state, Channel: app.ChannelSlip, At: testNow.Unix(), Class: 9}
	}
	page := app.ReceiptsPage{Ops: []app.OutOp{
		{Type: app.OpReceipts, Notice: n1, Receipts: []app.ReceiptUp{
			up(acked, app.ReceiptRead), // older than the school's own: changes nothing
			up(lost, app.ReceiptAcked), // the lost copy's acknowledgement
			up(other, app.ReceiptRead), // a family the lost copy reached
			up(0, app.ReceiptAcked),    // not a receipt a school sends: skipped
		}},
		{Type: app.OpReceipts, Notice: n2, Receipts: []app.ReceiptUp{up(waiting, app.ReceiptAcked), up(12345, app.ReceiptRead)}},
	}, Next: "2.12345"}
	received, err := svc.Sync.ApplyCatchUp(adminCtx, page)
	if err != nil || received != 5 {
		t.Fatalf("ApplyCatchUp = %d, %v; want 5 received", received, err)
	}
	got := receiptStates(t, db, n1)
	for family, want := range map[int64]string{acked: "2 test-admin", lost: "2 @hub", waiting: "0 ", other: "1 @hub"} {
		if got[family] != want {
			t.Errorf("notice 1, family %d: %q, want %q", family, got[family], want)
		}
	}
	if n := count(t, db, `SELECT COUNT(*) FROM outbox`) - outboxBefore; n != 0 {
		t.Errorf("the catch-up queued %d rows to go up; the hub has them", n)
	}
	if f := forwardFamilies(t, db, n1); len(f) != 1 || f[0] != 4 {
		t.Errorf("the pending forward reports %v families, want [4]: the class and the family the lost copy reached", f)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM sync_held WHERE notice = ?`, n2); n != 2 {
		t.Errorf("%d receipts of the notice not forwarded held, want 2", n)
	}

	// forwarding the second notice to another class applies what is held
	if _, err := svc.Notices.ForwardBureau(adminCtx, noticeID(t, db, n2), app.Target{ClassIDs: []int64{ids["三年级2班"]}}); err != nil {
		t.Fatal(err)
	}
	if got := receiptStates(t, db, n2); got[waiting] != "2 @hub" || len(got) != 4 {
		t.Errorf("notice 2: %v, want the class's 3 and the held family acknowledged through the hub", got)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM sync_held`); n != 1 {
		t.Errorf("%d receipts still held, want 1 (the family no student here has)", n)
	}
	if f := forwardFamilies(t, db, n2); len(f) != 1 || f[0] != 4 {
		t.Errorf("the forward of notice 2 reports %v families, want [4]", f)
	}
	if cu, _ := svc.Sync.CheckRestore(adminCtx, 5); cu != nil {
		t.Errorf("the catch-up's last page left %+v", cu)
	}
}

// Operations that earlier versions kept as conflicts because a restored
// node reused batch numbers (409 'conflict') go up again after the
// upgrade, and the node catches up on all the hub has; other conflicts
// stay.
func TestOldBatchConflictsRequeued(t *testing.T) {
	before := fstest.MapFS{}
	for _, m := range mustMigrations(t) {
		if m.version < 6 {
			before[fmt.Sprintf("%04d_%s.sql", m.version, m.name)] = &fstest.MapFile{Data: []byte(m.sql)}
		}
	}
	all := migrationFS
	migrationFS = before
	dir := t.TempDir()
	db := mustOpenDir(t, dir)
	migrationFS = all
	if _, err := db.w.Exec(`UPDATE sync_state SET batch_seq = 12;
		INSERT INTO outbox (type, record, body, created_at, batch, state, code, message) VALUES
			('receipts', 'r1', '{}', '', 11, 'conflict', 'conflict', 'Batch 11 was already sent with other content.'),
			('notice_confirm', 'n1', '{}', '', 11, 'conflict', 'conflict', 'Batch 11 was already sent with other content.'),
			('receipts', 'r2', '{}', '', 12, 'conflict', 'revoked', 'The bureau revoked this notice.')`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = mustOpenDir(t, dir)
	if got := outboxBatches(t, db); len(got) != 2 || got[1] != 0 || got[2] != 0 {
		t.Errorf("pending rows after the upgrade: %v, want rows 1 and 2 unpacked", got)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE state = 'conflict' AND code = 'revoked'`); n != 1 {
		t.Errorf("%d other conflicts kept, want 1", n)
	}
	cu, err := db.Services().Sync.CheckRestore(adminCtx, 12)
	if err != nil || cu == nil || *cu != (app.CatchUp{}) {
		t.Errorf("catch-up after the upgrade: %+v, %v; want all the hub has (since 0)", cu, err)
	}
}
