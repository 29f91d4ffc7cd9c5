package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"jxj/app"
)

// schoolWithFiles is a school that received a bureau notice carrying
// files; it returns the notice's local id.
func schoolWithFiles(t *testing.T, db *DB, uuid string, files ...app.BureauFile) int64 {
	t.Helper()
	seedStaffAndClasses(t, db)
	body, err := json.Marshal(app.BureauNotice{Title: "寒假安全", Body: "各校：……", PublishedAt: testNow, Files: files})
	if err != nil {
		t.Fatal(err)
	}
	page := app.FeedPage{Epoch: "e1", Records: []app.FeedRecord{{Seq: 1, Type: app.RecordNotice, ID: uuid, Body: body}}}
	if _, err := db.Services().Sync.ApplyFeed(adminCtx, page); err != nil {
		t.Fatal(err)
	}
	return noticeID(t, db, uuid)
}

// appendPart appends b to the file's partial file, as a chunk would.
func appendPart(t *testing.T, s *syncStore, id string, b []byte) int64 {
	t.Helper()
	return writePart(t, func(ctx context.Context) (app.PartFile, int64, error) { return s.OpenPart(ctx, id) }, b)
}

// A notice's files show at once as downloads; a file whose entry the
// node cannot trust is left out. The partial file resumes where it
// stopped; a file whose hash does not match is discarded, never
// attached, and starts again; one that matches becomes the notice's
// attachment, with its audit row.
func TestBureauFileDownload(t *testing.T) {
	db := MustOpenDB(t)
	s := &syncStore{db: db}
	ctx := context.Background()
	content := bytes.Repeat([]byte("第一页 "), 1000)
	good := app.BureauFile{ID: "0193aaaa-0000-7000-8000-000000000001", Name: "../须知.pdf", Size: int64(len(content)), SHA256: sha(content)}
	bad := []app.BureauFile{
		{ID: "../../etc", Name: "x", Size: 1, SHA256: sha([]byte("x"))},
		{ID: "f2", Name: "big", Size: app.MaxFileSize + 1, SHA256: sha(nil)},
		{ID: "f3", Name: "nohash", Size: 1, SHA256: "zz"},
	}
	id := schoolWithFiles(t, db, "0193bbbb-0000-7000-8000-000000000001", append([]app.BureauFile{good}, bad...)...)

	pending, err := s.PendingFiles(ctx)
	if err != nil || len(pending) != 1 || pending[0].File.ID != good.ID || pending[0].File.Name != "_须知.pdf" {
		t.Fatalf("pending = %+v, %v; want the one good file, its name made safe", pending, err)
	}
	st, err := db.Services().Notices.NoticeStatus(adminCtx, id)
	if err != nil || len(st.Notice.Downloads) != 1 || st.Notice.Downloads[0].Percent() != 0 || len(st.Notice.Attachments) != 0 {
		t.Fatalf("the notice shows %+v, %v; want one download at 0 %%, no attachment", st.Notice, err)
	}

	// half, then the rest: the second open resumes after the first half
	half := len(content) / 2
	if have := appendPart(t, s, good.ID, content[:half]); have != 0 {
		t.Errorf("a new part holds %d bytes", have)
	}
	st, _ = db.Services().Notices.NoticeStatus(adminCtx, id)
	if p := st.Notice.Downloads[0].Percent(); p != 50 {
		t.Errorf("half a file shows %d %%, want 50", p)
	}
	corrupt := bytes.Clone(content[half:])
	corrupt[10] ^= 0xff
	if have := appendPart(t, s, good.ID, corrupt); have != int64(half) {
		t.Errorf("the part resumed at %d, want %d", have, half)
	}
	if err := s.FinishFile(ctx, good.ID); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("a corrupted file: got %v, want EINVALID", err)
	}
	if _, err := os.Stat(db.partPath(good.ID)); !os.IsNotExist(err) {
		t.Errorf("the corrupted part is kept: %v", err)
	}
	st, _ = db.Services().Notices.NoticeStatus(adminCtx, id)
	if len(st.Notice.Attachments) != 0 || len(st.Notice.Downloads) != 1 || st.Notice.Downloads[0].Error == "" {
		t.Errorf("after a bad file: %+v; want no attachment and the download with its error", st.Notice)
	}

	// from scratch, whole and good
	if have := appendPart(t, s, good.ID, content); have != 0 {
		t.Errorf("the retry started at %d, want 0", have)
	}
	if err := s.FinishFile(ctx, good.ID); err != nil {
		t.Fatal(err)
	}
	st, _ = db.Services().Notices.NoticeStatus(adminCtx, id)
	if len(st.Notice.Downloads) != 0 || len(st.Notice.Attachments) != 1 {
		t.Fatalf("after the good file: %+v; want one attachment, no download", st.Notice)
	}
	a := st.Notice.Attachments[0]
	got, err := os.ReadFile(filepath.Join(db.dir, filepath.FromSlash(a.Path)))
	if err != nil || !bytes.Equal(got, content) || a.Size != good.Size {
		t.Errorf("attachment %+v holds %d bytes (%v), want the file", a, len(got), err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM audit WHERE action = 'sync.file'`); n != 1 {
		t.Errorf("%d audit rows of the file, want 1", n)
	}
	if pending, _ := s.PendingFiles(ctx); len(pending) != 0 {
		t.Errorf("still pending: %+v", pending)
	}
	// a notice whose id is no safe folder name gets no downloads
	body, _ := json.Marshal(app.BureauNotice{Title: "坏的", PublishedAt: testNow, Files: []app.BureauFile{{ID: "f9", Name: "x", Size: 1, SHA256: sha([]byte("x"))}}})
	if _, err := db.Services().Sync.ApplyFeed(adminCtx, app.FeedPage{Epoch: "e1", Records: []app.FeedRecord{{Seq: 2, Type: app.RecordNotice, ID: "../../etc", Body: body}}}); err != nil {
		t.Fatal(err)
	}
	if pending, _ := s.PendingFiles(ctx); len(pending) != 0 {
		t.Errorf("a notice named ../../etc queued %+v", pending)
	}
	// the same record again (a refetch after an epoch change) queues nothing
	schoolWithFilesAgain(t, db, "0193bbbb-0000-7000-8000-000000000001", good)
	if pending, _ := s.PendingFiles(ctx); len(pending) != 0 {
		t.Errorf("a refetched notice queued its file again: %+v", pending)
	}
}

func schoolWithFilesAgain(t *testing.T, db *DB, uuid string, files ...app.BureauFile) {
	t.Helper()
	body, _ := json.Marshal(app.BureauNotice{Title: "寒假安全", Body: "各校：……", PublishedAt: testNow, Files: files})
	if err := db.Services().Sync.ResetFeed(adminCtx, "e2"); err != nil {
		t.Fatal(err)
	}
	page := app.FeedPage{Epoch: "e2", Records: []app.FeedRecord{{Seq: 1, Type: app.RecordNotice, ID: uuid, Body: body}}}
	if _, err := db.Services().Sync.ApplyFeed(adminCtx, page); err != nil {
		t.Fatal(err)
	}
}

// A file the hub no longer serves is marked gone and not tried again; a
// revoked notice's files are not downloaded.
func TestBureauFileGoneAndRevoked(t *testing.T) {
	db := MustOpenDB(t)
	s := &syncStore{db: db}
	ctx := context.Background()
	f1 := app.BureauFile{ID: "file-1", Name: "a.txt", Size: 1, SHA256: sha([]byte("a"))}
	schoolWithFiles(t, db, "0193cccc-0000-7000-8000-000000000001", f1)
	appendPart(t, s, f1.ID, []byte("a"))
	if err := s.FailFile(ctx, f1.ID, true, "gone"); err != nil {
		t.Fatal(err)
	}
	if pending, _ := s.PendingFiles(ctx); len(pending) != 0 {
		t.Errorf("a gone file is pending: %+v", pending)
	}
	if _, err := os.Stat(db.partPath(f1.ID)); !os.IsNotExist(err) {
		t.Errorf("a gone file's part is kept: %v", err)
	}
	if _, _, err := s.OpenPart(ctx, f1.ID); app.ErrorCode(err) != app.ENOTFOUND {
		t.Errorf("OpenPart of a gone file: %v, want ENOTFOUND", err)
	}

	f2 := app.BureauFile{ID: "file-2", Name: "b.txt", Size: 1, SHA256: sha([]byte("b"))}
	body, _ := json.Marshal(app.BureauNotice{Title: "撤回的", PublishedAt: testNow, Files: []app.BureauFile{f2}})
	revoke, _ := json.Marshal(app.BureauRevoke{RevokedAt: testNow})
	page := app.FeedPage{Epoch: "e1", Records: []app.FeedRecord{
		{Seq: 2, Type: app.RecordNotice, ID: "0193cccc-0000-7000-8000-000000000002", Body: body},
		{Seq: 3, Type: app.RecordNoticeRevoke, ID: "0193cccc-0000-7000-8000-000000000002", Body: revoke}}}
	if _, err := db.Services().Sync.ApplyFeed(adminCtx, page); err != nil {
		t.Fatal(err)
	}
	if pending, _ := s.PendingFiles(ctx); len(pending) != 0 {
		t.Errorf("a revoked notice's file is pending: %+v", pending)
	}
}

// A download that the data folder's disk has no room for is refused
// before a byte is fetched, saying how much is needed and free.
func TestBureauFileDiskFull(t *testing.T) {
	db := MustOpenDB(t)
	s := &syncStore{db: db}
	f := app.BureauFile{ID: "file-1", Name: "录像.mp4", Size: 40 << 20, SHA256: sha([]byte("x"))}
	schoolWithFiles(t, db, "0193dddd-0000-7000-8000-000000000001", f)
	free := int64(100 << 20)
	freeSpace = func(string) (int64, bool) { return free, true }
	t.Cleanup(func() { freeSpace = freeBytes })
	_, _, err := s.OpenPart(context.Background(), f.ID)
	var e *app.Error
	if !errors.As(err, &e) || e.Key != "hub_files.error.disk_full" || fmt.Sprint(e.Args) != "[录像.mp4 104 100]" {
		t.Fatalf("40 MB with 100 MB free: %v, want disk_full naming 104 MB needed (with the margin), 100 free", err)
	}
	if _, err := os.Stat(db.partPath(f.ID)); err == nil {
		t.Error("a refused download left a partial file")
	}
	free = 200 << 20
	w, _, err := s.OpenPart(context.Background(), f.ID)
	if err != nil {
		t.Fatalf("with room: %v", err)
	}
	w.Close()
}

// A partial file longer than the file (the hub's file changed under it)
// starts again from its first byte.
func TestBureauFileLongPartRestarts(t *testing.T) {
	db := MustOpenDB(t)
	s := &syncStore{db: db}
	f := app.BureauFile{ID: "file-1", Name: "a.txt", Size: 3, SHA256: sha([]byte("abc"))}
	schoolWithFiles(t, db, "0193eeee-0000-7000-8000-000000000001", f)
	appendPart(t, s, f.ID, []byte("abcdef"))
	if have := appendPart(t, s, f.ID, []byte("abc")); have != 0 {
		t.Errorf("a part of 6 bytes for a file of 3 resumed at %d, want 0", have)
	}
	if err := s.FinishFile(context.Background(), f.ID); err != nil {
		t.Errorf("the file started again: %v", err)
	}
}
