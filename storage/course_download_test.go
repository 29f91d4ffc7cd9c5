package storage

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"jxj/app"
)

// coursePart opens the partial file of a course's file id.
func coursePart(s *syncStore, id string) func(context.Context) (app.PartFile, int64, error) {
	return func(ctx context.Context) (app.PartFile, int64, error) { return s.OpenCoursePart(ctx, id) }
}

// A course's files from the feed are waiting; a partial file shows its
// bytes and resumes where it stopped; a file whose hash matches becomes
// ready under its name, with its counts queued; one that does not is
// discarded and starts again. Once every file is ready, so is the course.
func TestCourseDownloadStore(t *testing.T) {
	db := MustOpenDB(t)
	s := &syncStore{db: db}
	ctx := context.Background()
	video, sheet := []byte("第一课的视频内容……"), []byte("%PDF 学案")
	rec := app.CourseRecord{Title: "认识钟表", Subject: "数学", GradeFrom: 1, GradeTo: 2, PublishedAt: testNow, Files: []app.CourseFile{
		{ID: "0193aaaa-0000-7000-8000-0000000000f1", Name: "第1课.mp4", Size: int64(len(video)), SHA256: sha(video)},
		{ID: "0193aaaa-0000-7000-8000-0000000000f2", Name: "学案.pdf", Size: int64(len(sheet)), SHA256: sha(sheet)},
	}}
	const course = "0193aaaa-0000-7000-8000-0000000000c1"
	applyCourseFeed(t, db, 1, app.RecordCourse, course, rec)
	pending, err := s.PendingCourseFiles(ctx)
	if err != nil || len(pending) != 2 || pending[0].Course != course || pending[0].Have != 0 {
		t.Fatalf("pending = %+v, %v; want both files, nothing fetched", pending, err)
	}

	if have := writePart(t, coursePart(s, rec.Files[0].ID), video[:10]); have != 0 {
		t.Errorf("first chunk found %d bytes in the part, want 0", have)
	}
	list, _ := db.Services().Courses.Courses(adminCtx, app.CourseFilter{})
	if f := list[0].Files[0]; f.State != app.CourseFilePartial || f.Have != 10 {
		t.Errorf("after a chunk the file is %s with %d bytes, want partial with 10", f.State, f.Have)
	}
	if have := writePart(t, coursePart(s, rec.Files[0].ID), video[10:]); have != 10 {
		t.Errorf("second chunk found %d bytes, want 10", have)
	}
	if err := s.FinishCourseFile(ctx, rec.Files[0].ID); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(db.dir, coursesDir, course, "第1课.mp4"))
	if err != nil || string(b) != string(video) {
		t.Errorf("the ready file = %q, %v", b, err)
	}
	if ups := pendingCourseStats(t, db); len(ups) != 1 || ups[0].Ready || ups[0].Downloads != 1 {
		t.Errorf("reports = %+v; want one, not ready, 1 download", ups)
	}

	writePart(t, coursePart(s, rec.Files[1].ID), []byte("%PDF 被改动"))
	if err := s.FinishCourseFile(ctx, rec.Files[1].ID); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("a part of other bytes: %v, want EINVALID", err)
	}
	if _, err := os.Stat(db.coursePartPath(course, rec.Files[1].ID)); !os.IsNotExist(err) {
		t.Errorf("the bad part stays: %v", err)
	}
	if have := writePart(t, coursePart(s, rec.Files[1].ID), sheet); have != 0 {
		t.Errorf("after a mismatch the part held %d bytes, want a fresh start", have)
	}
	if err := s.FinishCourseFile(ctx, rec.Files[1].ID); err != nil {
		t.Fatal(err)
	}
	list, _ = db.Services().Courses.Courses(adminCtx, app.CourseFilter{})
	if !list[0].Ready() {
		t.Errorf("files = %+v, want the course ready", list[0].Files)
	}
	if ups := pendingCourseStats(t, db); len(ups) != 1 || !ups[0].Ready || ups[0].Downloads != 2 {
		t.Errorf("reports = %+v; want one: ready, 2 downloads", ups)
	}
	if p, err := s.PendingCourseFiles(ctx); err != nil || len(p) != 0 {
		t.Errorf("pending after both = %+v, %v", p, err)
	}
	if _, _, err := s.OpenCoursePart(ctx, rec.Files[0].ID); app.ErrorCode(err) != app.ENOTFOUND {
		t.Errorf("opening a ready file's part: %v, want ENOTFOUND", err)
	}
}

// A download that would fill the disk is refused before a byte is
// fetched.
func TestCourseDownloadDiskFull(t *testing.T) {
	db := MustOpenDB(t)
	s := &syncStore{db: db}
	rec := app.CourseRecord{Title: "长视频", Subject: "语文", GradeFrom: 1, GradeTo: 1, PublishedAt: testNow, Files: []app.CourseFile{
		{ID: "0193aaaa-0000-7000-8000-0000000000f3", Name: "长视频.mp4", Size: 4 << 30, SHA256: sha([]byte("x"))}}}
	body, _ := json.Marshal(rec)
	applyCourseFeed(t, db, 1, app.RecordCourse, "0193aaaa-0000-7000-8000-0000000000c2", json.RawMessage(body))
	freeSpace = func(string) (int64, bool) { return 1 << 30, true }
	t.Cleanup(func() { freeSpace = freeBytes })
	if _, _, err := s.OpenCoursePart(context.Background(), rec.Files[0].ID); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("err = %v, want EINVALID (disk full)", err)
	}
}
