package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"jxj/app"
)

// failAfter reads r and then fails, as a cut link does.
type failAfter struct{ r io.Reader }

func (f failAfter) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, errors.New("connection reset by peer")
	}
	return n, err
}

func sumOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// A course's file sent from the console in pieces: what arrives before a
// cut is kept, a piece at the wrong offset changes nothing, the whole
// file is verified into the content store, and the course that names it
// carries it.
func TestHubCourseUpload(t *testing.T) {
	h, org, _ := testHub(t, 0)
	ctx := context.Background()
	content := bytes.Repeat([]byte("第一课 视频的字节 "), 20000) // ~480 KB
	sum, size := sumOf(content), int64(len(content))
	have := func() int64 {
		t.Helper()
		n, err := h.CourseUpload(ctx, sum, size)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := have(); n != 0 {
		t.Fatalf("a new upload holds %d bytes", n)
	}

	n, err := h.AppendCourseUpload(ctx, sum, size, 0, failAfter{bytes.NewReader(content[:100_000])})
	if n != 100_000 || app.ErrorCode(err) != app.EINTERNAL {
		t.Fatalf("a cut piece: %d, %v; want 100000 kept and the cut said", n, err)
	}
	if n := have(); n != 100_000 {
		t.Fatalf("after the cut the hub holds %d", n)
	}
	n, err = h.AppendCourseUpload(ctx, sum, size, 0, bytes.NewReader(content))
	wantCode(t, err, app.ECONFLICT, "course.error.upload_offset")
	if n != 100_000 || have() != 100_000 {
		t.Fatalf("a piece at the wrong offset: %d, holds %d", n, have())
	}
	// a request whose body ends early: what came is kept, no error
	if n, err = h.AppendCourseUpload(ctx, sum, size, 100_000, bytes.NewReader(content[100_000:150_000])); n != 150_000 || err != nil {
		t.Fatalf("a short piece: %d, %v", n, err)
	}
	if n, err = h.AppendCourseUpload(ctx, sum, size, 150_000, bytes.NewReader(content[150_000:])); n != size || err != nil {
		t.Fatalf("the last piece: %d, %v", n, err)
	}
	if got, err := os.ReadFile(h.contentPath(sum)); err != nil || !bytes.Equal(got, content) {
		t.Fatalf("the content store holds %d bytes, %v", len(got), err)
	}
	if _, err := os.Stat(h.coursePart(sum, size)); !os.IsNotExist(err) {
		t.Errorf("the part file is still there: %v", err)
	}
	if n := have(); n != size {
		t.Fatalf("a whole file: the hub says %d of %d", n, size)
	}
	// sending it again is harmless
	if n, err = h.AppendCourseUpload(ctx, sum, size, 0, bytes.NewReader(content)); n != size || err != nil {
		t.Fatalf("a file sent twice: %d, %v", n, err)
	}

	c, err := h.PublishCourse(ctx, app.CourseDraft{Title: "认识钟表", Subject: "数学", GradeFrom: 1, GradeTo: 2,
		Uploads: []app.HubUpload{{Name: "第1课.mp4", Size: size, SHA256: sum}}})
	if err != nil || len(c.Files) != 1 || c.Files[0].SHA256 != sum || c.Files[0].Size != size || c.Files[0].Name != "第1课.mp4" {
		t.Fatalf("published = %+v, %v", c, err)
	}
	served, err := h.OpenCourseFile(ctx, org, c.Files[0].ID)
	if err != nil {
		t.Fatalf("the school cannot download the file: %v", err)
	}
	served.Content.Close()
}

// The bytes of another file, a bad name or size, an upload the course
// names that never arrived and a second request at once are each
// refused, leaving nothing behind.
func TestHubCourseUploadRefused(t *testing.T) {
	h, _, _ := testHub(t, 0)
	ctx := context.Background()
	content := bytes.Repeat([]byte("x"), 4096)
	sum, size := sumOf(content), int64(len(content))

	other := bytes.Repeat([]byte("y"), 4096)
	n, err := h.AppendCourseUpload(ctx, sum, size, 0, bytes.NewReader(other))
	wantCode(t, err, app.EINVALID, "course.error.upload_changed")
	if have, _ := h.CourseUpload(ctx, sum, size); n != 0 || have != 0 {
		t.Fatalf("wrong bytes: %d returned, the hub holds %d; want both 0", n, have)
	}
	for _, p := range []string{h.coursePart(sum, size), h.contentPath(sum)} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s is there after wrong bytes: %v", filepath.Base(p), err)
		}
	}

	for _, bad := range []struct {
		sum  string
		size int64
	}{{"abc", size}, {sum, 0}, {sum, -1}, {sum, app.MaxCourseFileSize + 1}} {
		_, err := h.CourseUpload(ctx, bad.sum, bad.size)
		wantCode(t, err, app.EINVALID, "course.error.upload_bad")
		_, err = h.AppendCourseUpload(ctx, bad.sum, bad.size, 0, bytes.NewReader(content))
		wantCode(t, err, app.EINVALID, "course.error.upload_bad")
	}

	_, err = h.PublishCourse(ctx, app.CourseDraft{Title: "认识钟表", Subject: "数学", GradeFrom: 1, GradeTo: 2,
		Uploads: []app.HubUpload{{Name: "第1课.mp4", Size: size, SHA256: sum}}})
	wantCode(t, err, app.EINVALID, "hub_files.error.upload")
	if cs, err := h.Courses(ctx); err != nil || len(cs) != 0 {
		t.Fatalf("courses after a refused one: %d, %v", len(cs), err)
	}

	// one request at a time adds to a file
	pr, pw := io.Pipe()
	first := make(chan error, 1)
	go func() {
		_, err := h.AppendCourseUpload(ctx, sum, size, 0, pr)
		first <- err
	}()
	if _, err := pw.Write(content[:1000]); err != nil { // the first request holds the file now
		t.Fatal(err)
	}
	_, err = h.AppendCourseUpload(ctx, sum, size, 0, bytes.NewReader(content))
	wantCode(t, err, app.ECONFLICT, "course.error.upload_busy")
	pw.Write(content[1000:])
	pw.Close()
	select {
	case err := <-first:
		if err != nil {
			t.Fatalf("the first request: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the first request did not end")
	}
	if have, err := h.CourseUpload(ctx, sum, size); have != size || err != nil {
		t.Fatalf("after the first request the hub holds %d, %v", have, err)
	}
}

// The daily prune keeps a part someone added to this week and removes
// one left for longer.
func TestHubPruneCourseParts(t *testing.T) {
	h, _, _ := testHub(t, 0)
	ctx := context.Background()
	part := func(content string, age time.Duration) string {
		t.Helper()
		b := []byte(content)
		if _, err := h.AppendCourseUpload(ctx, sumOf(b), int64(len(b))+10, 0, bytes.NewReader(b)); err != nil {
			t.Fatal(err)
		}
		p := h.coursePart(sumOf(b), int64(len(b))+10)
		when := time.Now().Add(-age)
		if err := os.Chtimes(p, when, when); err != nil {
			t.Fatal(err)
		}
		return p
	}
	kept, left := part("周五没传完", 3*24*time.Hour), part("早就放弃了", 8*24*time.Hour)
	n, err := h.PruneUploads(ctx, time.Now())
	if err != nil || n != 1 {
		t.Fatalf("pruned %d, %v; want the part left for 8 days", n, err)
	}
	if _, err := os.Stat(kept); err != nil {
		t.Errorf("the part of 3 days ago is gone: %v", err)
	}
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Errorf("the part of 8 days ago is still there: %v", err)
	}
}
