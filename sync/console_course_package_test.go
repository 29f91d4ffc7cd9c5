package sync_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jxj/app"
	jxjsync "jxj/sync"
)

// The console saves a course's package from a real hub on 127.0.0.1,
// with its progress against the exact length; a school imports it and
// has every file byte for byte. A withdrawn course is refused, as the
// school's import would refuse it.
func TestConsoleExportCourse(t *testing.T) {
	ctx := context.Background()
	hub, node, _ := enrolled(t)
	c, hc := consoleWithCourse(t, hub)
	// the school's own download is held off: the package brings the files
	noCourseFiles(hub)
	mustSync(t, node)

	dst := filepath.Join(t.TempDir(), "认识钟表.jxjcourse")
	var last, total int64
	reports := 0
	err := c.ExportCourse(ctx, hc.ID, dst, func(done, all int64) {
		if done < last || all != total && total != 0 {
			t.Errorf("progress %d of %d after %d of %d", done, all, last, total)
		}
		last, total = done, all
		reports++
	})
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dst)
	if err != nil || fi.Size() != total || last != total || reports < 2 {
		t.Fatalf("saved %v (%v), progress ended at %d of %d after %d reports", fi, err, last, total, reports)
	}
	if _, err := os.Stat(dst + ".part"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the part is left: %v", err)
	}
	im, err := node.svc.Courses.ImportCourse(admin, dst)
	if err != nil || im.Written != 2 || im.Course.UUID != hc.UUID {
		t.Fatalf("import = %+v, %v; want both files written", im, err)
	}
	for _, f := range hc.Files {
		path, err := node.svc.Courses.OpenCourseFile(admin, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		sum := sha256.Sum256(data)
		if err != nil || hex.EncodeToString(sum[:]) != f.SHA256 {
			t.Errorf("%s at the school: %v, %d bytes; want the hub's bytes", f.Name, err, len(data))
		}
	}

	if _, err := hub.store.RevokeCourse(admin, hc.ID); err != nil {
		t.Fatal(err)
	}
	again := filepath.Join(t.TempDir(), "撤回.jxjcourse")
	err = c.ExportCourse(ctx, hc.ID, again, nil)
	wantKey(t, "a withdrawn course", err, app.ECONFLICT, "course_package.error.revoked")
	noFiles(t, again)
}

// A link cut half way and a cancel leave neither the package nor its
// part; nor does a folder the package cannot be written in.
func TestConsoleExportCourseStopped(t *testing.T) {
	hub, _, _ := enrolled(t)
	c, hc := consoleWithCourse(t, hub)
	dir := t.TempDir()

	hub.mu.Lock()
	hub.intercept = func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
		if !strings.HasSuffix(r.URL.Path, "/package") {
			return false
		}
		w.Header().Set("Content-Length", "1000000")
		w.Write(make([]byte, 300_000)) // and the link goes
		return true
	}
	hub.mu.Unlock()
	cut := filepath.Join(dir, "cut.jxjcourse")
	err := c.ExportCourse(context.Background(), hc.ID, cut, nil)
	wantKey(t, "a cut link", err, app.EINTERNAL, "course_package.error.cut")
	noFiles(t, cut)

	hub.mu.Lock()
	hub.intercept = nil
	hub.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelled := filepath.Join(dir, "cancelled.jxjcourse")
	err = c.ExportCourse(ctx, hc.ID, cancelled, func(done, total int64) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled export: %v, want context.Canceled", err)
	}
	noFiles(t, cancelled)

	nowhere := filepath.Join(dir, "no such folder", "x.jxjcourse")
	err = c.ExportCourse(context.Background(), hc.ID, nowhere, nil)
	wantKey(t, "a folder that is not there", err, app.EINVALID, "course_package.error.create")
	noFiles(t, nowhere)
}

// consoleWithCourse logs a console in to hub as staff (reading is enough
// to export) and publishes a course of a video of 600 kB and a PDF.
func consoleWithCourse(t *testing.T, hub *testHub) (*jxjsync.ConsoleClient, *app.HubCourse) {
	t.Helper()
	mustBureau(t, hub.store, "li", "bureau-pass-2", app.BureauStaff)
	c := jxjsync.NewConsoleClient()
	if _, err := c.Login(context.Background(), app.BureauLogin{HubURL: hub.srv.URL, Username: "li", Password: "bureau-pass-2"}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	paths := []string{filepath.Join(dir, "第1课.mp4"), filepath.Join(dir, "学案.pdf")}
	for i, content := range []string{strings.Repeat("帧", 200_000), "%PDF 学案"} {
		if err := os.WriteFile(paths[i], []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	hc, err := hub.store.PublishCourse(admin, app.CourseDraft{Title: "认识钟表", Subject: "数学", GradeFrom: 1, GradeTo: 2, Files: paths})
	if err != nil {
		t.Fatal(err)
	}
	return c, hc
}

// noCourseFiles makes the hub refuse the courses' files to the school's
// sync.
func noCourseFiles(hub *testHub) {
	hub.mu.Lock()
	defer hub.mu.Unlock()
	hub.intercept = func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
		if strings.HasPrefix(r.URL.Path, jxjsync.PathCourseFiles) {
			http.NotFound(w, r)
			return true
		}
		return false
	}
}

// noFiles fails unless neither path nor its part exists.
func noFiles(t *testing.T, path string) {
	t.Helper()
	for _, p := range []string{path, path + ".part"} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is there (%v)", filepath.Base(p), err)
		}
	}
}
