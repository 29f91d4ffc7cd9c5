package sync

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"jxj/app"
)

// A console whose link died without a word (no reset: the hub still
// waits for the rest of the body) publishes again: the new request takes
// the file over at once instead of waiting out the old one's idle time.
func TestCourseUploadTakesOver(t *testing.T) {
	ctx := context.Background()
	store, c := consoleOnHub(t, nil)
	hub, err := c.session()
	if err != nil {
		t.Fatal(err)
	}
	content := bytes.Repeat([]byte("公开课视频"), 200_000) // 3 MB
	path := filepath.Join(t.TempDir(), "第1课.mp4")
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	f := courseFile{fileStamp: fileStamp{path: path, size: int64(len(content))}, name: "第1课.mp4", sha256: hex.EncodeToString(sum[:])}

	// the stalled request: 64 KB, then nothing more
	stalled, feed := io.Pipe()
	defer feed.Close()
	first := make(chan error, 1)
	go func() {
		var u ConsoleCourseUpload
		first <- c.stream(ctx, hub, http.MethodPut, "course-uploads/"+f.sha256+"?size="+strconv.FormatInt(f.size, 10)+"&offset=0",
			stalled, f.size, &u)
	}()
	if _, err := feed.Write(content[:64<<10]); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		if have, _ := store.CourseUpload(ctx, f.sha256, f.size); have > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the hub did not begin the first upload")
		}
		time.Sleep(10 * time.Millisecond)
	}

	start := time.Now()
	if err := c.sendCourseFile(ctx, hub, f, func(int64) {}); err != nil {
		t.Fatalf("the second try: %v", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the second try took %v: it waited for the stalled one", took)
	}
	select {
	case err := <-first:
		if err == nil {
			t.Error("the stalled request succeeded")
		}
	case <-time.After(10 * time.Second):
		t.Error("the stalled request still runs")
	}
	if have, err := store.CourseUpload(ctx, f.sha256, f.size); have != f.size || err != nil {
		t.Fatalf("the hub holds %d of %d, %v", have, f.size, err)
	}
}

// A file changed in place without a new stamp goes with the sum kept
// from before: the hub's check of the whole file refuses it, the sum is
// forgotten, and publishing again reads the file and succeeds.
func TestCourseSumForgottenWhenTheHubRefuses(t *testing.T) {
	ctx := context.Background()
	store, c := consoleOnHub(t, nil)
	if _, _, err := store.AddOrg(ctx, app.HubOrgDraft{Name: "城关镇第一小学", Kind: app.OrgPrimary}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "第1课.mp4")
	if err := os.WriteFile(path, bytes.Repeat([]byte("新"), 100_000), 0o600); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	stale := sha256.Sum256([]byte("the bytes before the change"))
	stamp := fileStamp{path: path, size: fi.Size(), modTime: fi.ModTime().UnixNano()}
	c.keepSum(stamp, hex.EncodeToString(stale[:]))
	draft := app.CourseDraft{Title: "认识钟表", Subject: "数学", GradeFrom: 1, GradeTo: 2, Files: []string{path}}

	_, err = c.PublishCourse(ctx, draft, nil)
	if app.ErrorKey(err) != "course.error.upload_changed" {
		t.Fatalf("a stale sum: %v, want the hub's refusal", err)
	}
	if c.knownSum(stamp) != "" {
		t.Error("the stale sum is still kept")
	}
	got, err := c.PublishCourse(ctx, draft, nil)
	if err != nil || len(got.Files) != 1 || got.Files[0].Size != fi.Size() {
		t.Fatalf("published again = %+v, %v", got, err)
	}
	if cs, _ := store.Courses(ctx); len(cs) != 1 {
		t.Errorf("%d courses, want 1", len(cs))
	}
}
