package storage

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"jxj/app"
)

// publishTestCourse publishes a course of the given files (name →
// content) written to a temporary folder.
func publishTestCourse(t *testing.T, h *Hub, files ...[2]string) *app.HubCourse {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for _, f := range files {
		paths = append(paths, writeFile(t, dir, f[0], []byte(f[1])))
	}
	c, err := h.PublishCourse(context.Background(), app.CourseDraft{Title: "分数的初步认识", Subject: "数学", GradeFrom: 3, GradeTo: 4,
		Description: "三年级上册第八单元", Files: paths})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// feedCourse reads the school's feed from the start and returns the
// record of the course with that uuid and type.
func feedCourse(t *testing.T, h *Hub, org int64, typ, uuid string) json.RawMessage {
	t.Helper()
	page, err := h.Feed(context.Background(), org, "", 0, 64<<10)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range page.Records {
		if r.Type == typ && r.ID == uuid {
			return r.Body
		}
	}
	t.Fatalf("no %s record of %s in the feed", typ, uuid)
	return nil
}

// A published course reaches the school's feed with its manifest, is
// listed with its files, is kept from the prune of uploads, and its
// revocation sends a tombstone.
func TestHubCoursePublish(t *testing.T) {
	h, org, _ := testHub(t, 0)
	ctx := context.Background()
	c := publishTestCourse(t, h, [2]string{"第1课.mp4", "视频内容"}, [2]string{"课件.pdf", "课件内容"})
	if c.Schools != 1 || len(c.Files) != 2 || c.Size() != int64(len("视频内容")+len("课件内容")) {
		t.Fatalf("published course = %+v", c)
	}

	var rec app.CourseRecord
	if err := json.Unmarshal(feedCourse(t, h, org, app.RecordCourse, c.UUID), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Title != "分数的初步认识" || rec.Subject != "数学" || rec.GradeFrom != 3 || rec.GradeTo != 4 || !app.SameFiles(rec.Files, c.Files) {
		t.Errorf("feed record = %+v, want the course with its files %+v", rec, c.Files)
	}
	if err := rec.Validate(); err != nil {
		t.Errorf("the feed's record does not validate: %v", err)
	}
	if rec.Files[1].Name != "课件.pdf" || rec.Files[1].SHA256 != sha([]byte("课件内容")) {
		t.Errorf("second file = %+v", rec.Files[1])
	}

	// a day and more later the prune keeps the course's files
	if n, err := h.PruneUploads(ctx, time.Now().Add(48*time.Hour)); err != nil || n != 0 {
		t.Errorf("prune removed %d course files, %v; want none", n, err)
	}
	for _, f := range c.Files {
		if _, err := os.Stat(h.contentPath(f.SHA256)); err != nil {
			t.Errorf("%s gone from the store: %v", f.Name, err)
		}
	}

	list, err := h.Courses(ctx)
	if err != nil || len(list) != 1 || len(list[0].Files) != 2 {
		t.Fatalf("courses = %v, %v", list, err)
	}
	rv, err := h.RevokeCourse(ctx, c.ID)
	if err != nil || rv.RevokedAt.IsZero() {
		t.Fatalf("revoke = %+v, %v", rv, err)
	}
	feedCourse(t, h, org, app.RecordCourseRevoke, c.UUID)
	if _, err := h.RevokeCourse(ctx, c.ID); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("second revoke: %v, want ECONFLICT", err)
	}
}

// A course draft is checked before any file is copied; a course file may
// be far larger than a notice's attachment.
func TestHubCourseDraftRefused(t *testing.T) {
	h, _, _ := testHub(t, 0)
	dir := t.TempDir()
	big := writeFile(t, dir, "大.mp4", nil)
	if err := os.Truncate(big, app.MaxFileSize+1); err != nil { // sparse: no bytes written
		t.Fatal(err)
	}
	tests := []struct {
		name string
		d    app.CourseDraft
		key  string
	}{
		{"no title", app.CourseDraft{Subject: "数学", GradeFrom: 1, GradeTo: 1, Files: []string{big}}, "course.error.title_required"},
		{"no subject", app.CourseDraft{Title: "课", GradeFrom: 1, GradeTo: 1, Files: []string{big}}, "course.error.subject_required"},
		{"grades reversed", app.CourseDraft{Title: "课", Subject: "数学", GradeFrom: 6, GradeTo: 3, Files: []string{big}}, "course.error.grades"},
		{"no files", app.CourseDraft{Title: "课", Subject: "数学", GradeFrom: 1, GradeTo: 1}, "course.error.files_count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.PublishCourse(context.Background(), tt.d)
			var e *app.Error
			if !errors.As(err, &e) || e.Key != tt.key {
				t.Errorf("err = %v, want %s", err, tt.key)
			}
		})
	}
	// over a notice's 50 MB, within a course's limit
	c, err := h.PublishCourse(context.Background(), app.CourseDraft{Title: "长视频", Subject: "语文", GradeFrom: 1, GradeTo: 2, Files: []string{big}})
	if err != nil || c.Files[0].Size != app.MaxFileSize+1 {
		t.Fatalf("a file over a notice's limit: %+v, %v", c, err)
	}
	if _, err := h.UploadFile(context.Background(), "附件.pdf", io.LimitReader(zeros{}, app.MaxFileSize+1)); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("a notice upload over 50 MB: %v, want still refused", err)
	}
}

// A school's report is taken once the course was delivered; an older
// snapshot than the one kept changes nothing; a report of a course the
// school was not sent, or with a bad count, is refused.
func TestHubCourseStats(t *testing.T) {
	h, org, _ := testHub(t, 0)
	ctx := context.Background()
	c := publishTestCourse(t, h, [2]string{"a.mp4", "a"})
	stats := func(at int64, ready bool, downloads, opens int) app.OutOp {
		return app.OutOp{Type: app.OpCourseStats, Course: &app.CourseStatsUp{Course: c.UUID, Ready: ready, Downloads: downloads, Opens: opens, At: at}}
	}
	rs, err := h.Push(ctx, org, 1, []byte("1"), []app.OutOp{stats(100, true, 1, 2)})
	if err != nil || rs[0].OK || rs[0].Code != rejectNotDelivered {
		t.Fatalf("before delivery: %+v, %v; want not_delivered", rs, err)
	}
	page, err := h.Feed(ctx, org, "", 0, 64<<10)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Feed(ctx, org, page.Epoch, page.Records[len(page.Records)-1].Seq, 64<<10); err != nil {
		t.Fatal(err)
	}
	push(t, h, org, 2, stats(200, true, 1, 5))
	push(t, h, org, 3, stats(150, false, 0, 1)) // older: ignored
	st, err := h.CourseStatus(ctx, c.UUID)
	if err != nil || len(st.Schools) != 1 {
		t.Fatalf("status = %+v, %v", st, err)
	}
	s := st.Schools[0]
	if !s.Delivered || !s.Ready || s.Downloads != 1 || s.Opens != 5 || s.Reported.Unix() != 200 || st.Course.Ready != 1 {
		t.Errorf("school = %+v, course ready %d; want delivered, ready, 1 download, 5 opens at 200, 1 ready", s, st.Course.Ready)
	}
	bad := []app.OutOp{
		{Type: app.OpCourseStats},
		{Type: app.OpCourseStats, Course: &app.CourseStatsUp{Course: c.UUID, Opens: -1, At: 1}},
		{Type: app.OpCourseStats, Course: &app.CourseStatsUp{Course: "0193aaaa-0000-7000-8000-00000000dead", At: 1}},
	}
	rs, err = h.Push(ctx, org, 4, []byte("4"), bad)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{rejectBadOp, rejectBadOp, rejectUnknownCourse} {
		if rs[i].OK || rs[i].Code != want {
			t.Errorf("bad op %d: %+v, want %s", i, rs[i], want)
		}
	}
}

// The package is a tar: the manifest first, then each file by its id,
// byte for byte.
func TestHubCourseExport(t *testing.T) {
	h, _, _ := testHub(t, 0)
	c := publishTestCourse(t, h, [2]string{"第1课.mp4", "视频内容"}, [2]string{"课件.pdf", "课件内容"})
	var buf bytes.Buffer
	if err := h.ExportCourse(context.Background(), c.ID, &buf); err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(&buf)
	m, _, err := readManifest(tr)
	if err != nil || m.Course != c.UUID || !app.SameFiles(m.Files, c.Files) {
		t.Fatalf("manifest = %+v, %v", m, err)
	}
	for i, want := range []string{"视频内容", "课件内容"} {
		hd, err := tr.Next()
		if err != nil || hd.Name != app.CoursePackageFile(c.Files[i].ID) {
			t.Fatalf("entry %d = %v, %v", i, hd, err)
		}
		if b, _ := io.ReadAll(tr); string(b) != want {
			t.Errorf("entry %d = %q, want %q", i, b, want)
		}
	}
	if _, err := tr.Next(); err != io.EOF {
		t.Errorf("after the files: %v, want the end", err)
	}
	if _, err := h.RevokeCourse(context.Background(), c.ID); err != nil {
		t.Fatal(err)
	}
	if err := h.ExportCourse(context.Background(), c.ID, io.Discard); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("export of a withdrawn course: %v, want ECONFLICT", err)
	}
	if !strings.HasPrefix(c.Files[0].Name, "第1课") {
		t.Errorf("file name = %q", c.Files[0].Name)
	}
}
