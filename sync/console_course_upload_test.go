package sync_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jxj/app"
	"jxj/storage"
	jxjsync "jxj/sync"
	"jxj/sync/faultproxy"
)

// courseHub is a hub on 127.0.0.1 with one school and a bureau account,
// and a console logged in to it through a fault proxy that counts the
// bytes the console sends.
func courseHub(t *testing.T, cfg faultproxy.Config) (*storage.Hub, *app.HubOrg, *jxjsync.ConsoleClient, *faultproxy.Proxy) {
	t.Helper()
	ctx := context.Background()
	store, err := storage.OpenHub(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	org, _, err := store.AddOrg(ctx, app.HubOrgDraft{Name: "城关镇第一小学", Kind: app.OrgPrimary, Township: "城关镇"})
	if err != nil {
		t.Fatal(err)
	}
	mustBureau(t, store, "wang", "bureau-pass-1", app.BureauStaff)
	srv := httptest.NewServer(jxjsync.NewHubServer(store, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	t.Cleanup(srv.Close)
	proxy, err := faultproxy.New(strings.TrimPrefix(srv.URL, "http://"), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { proxy.Close() })
	c := jxjsync.NewConsoleClient()
	if _, err := c.Login(ctx, app.BureauLogin{HubURL: proxy.URL(), Username: "wang", Password: "bureau-pass-1"}); err != nil {
		t.Fatal(err)
	}
	return store, org, c, proxy
}

func courseDraft(files ...string) app.CourseDraft {
	return app.CourseDraft{Title: "认识钟表", Subject: "数学", GradeFrom: 1, GradeTo: 2, Description: "一年级下册", Files: files}
}

// progressLog keeps what PublishCourse told of its progress and checks
// that it never went past the total.
type progressLog struct {
	t      *testing.T
	phases map[app.CourseUploadPhase]bool
	last   app.CourseUploadProgress
}

func newProgressLog(t *testing.T) *progressLog {
	return &progressLog{t: t, phases: map[app.CourseUploadPhase]bool{}}
}

func (p *progressLog) add(pr app.CourseUploadProgress) {
	if pr.Done > pr.Total || pr.Done < 0 {
		p.t.Errorf("progress %d of %d", pr.Done, pr.Total)
	}
	p.phases[pr.Phase] = true
	p.last = pr
}

// A course of two files published from the console over a 16 MB/s link
// cut after every megabyte: the hub gets each file whole with its hash,
// the console sends little more than the files' bytes (each cut resumes
// where the hub stopped), and the course reaches the school's files.
// (Unthrottled, loopback fills the hub's socket buffer faster than it
// reads, and a cut drops what waits there: no real link is that fast.)
func TestConsolePublishCourse(t *testing.T) {
	ctx := context.Background()
	store, org, c, proxy := courseHub(t, faultproxy.Config{DropAfterBytes: 1 << 20, BytesPerSecond: 16 << 20})
	video, videoSum := bigFile(t, "第1课.mp4", 5<<20, 1)
	slides, slidesSum := bigFile(t, "课件.pdf", 3<<20, 2)
	const size = 8 << 20
	before := proxy.Stats()
	log := newProgressLog(t)
	got, err := c.PublishCourse(ctx, courseDraft(video, slides), log.add)
	if err != nil {
		t.Fatalf("publish over a link cut every MB: %v", err)
	}
	if len(got.Files) != 2 || got.Files[0].Name != "第1课.mp4" || got.Files[0].SHA256 != videoSum || got.Files[1].SHA256 != slidesSum ||
		got.Size() != size || got.Schools != 1 || got.Title != "认识钟表" {
		t.Fatalf("published = %+v", got)
	}
	stats := proxy.Stats()
	if cuts := stats.Connections - before.Connections; cuts < 6 {
		t.Errorf("%d connections: the link was not cut as often as the test means", cuts)
	}
	ratio := float64(stats.BytesUp-before.BytesUp) / size
	t.Logf("%d connections, %.3f × the files' size sent", stats.Connections-before.Connections, ratio)
	if ratio > 1.2 {
		t.Errorf("the console sent %.2f × the files' size, want ≤ 1.2", ratio)
	}
	if !log.phases[app.CourseUploadHashing] || !log.phases[app.CourseUploadSending] || log.last.Phase != app.CourseUploadPublishing ||
		log.last.Done != size || log.last.Total != size {
		t.Errorf("progress: phases %v, last %+v", log.phases, log.last)
	}
	for i, want := range []string{videoSum, slidesSum} {
		served, err := store.OpenCourseFile(ctx, org.ID, got.Files[i].ID)
		if err != nil {
			t.Fatalf("the school cannot have %s: %v", got.Files[i].Name, err)
		}
		served.Content.Close()
		if served.File.SHA256 != want {
			t.Errorf("%s is served with another hash", got.Files[i].Name)
		}
	}
}

// An officer who stops half way (or whose console closes) publishes
// again later: the files go on from what the hub kept, not from the
// start, and nothing is published before that. A file unchanged since
// it was hashed is not read again for its hash; a changed one is.
func TestConsolePublishCourseResumes(t *testing.T) {
	ctx := context.Background()
	store, _, c, proxy := courseHub(t, faultproxy.Config{BytesPerSecond: 16 << 20})
	video, videoSum := bigFile(t, "第1课.mp4", 6<<20, 3)
	const size = 6 << 20
	before := proxy.Stats()

	// stopped once the hub holds a megabyte (the console's own count
	// runs ahead by what waits in the sockets)
	stopped, stop := context.WithCancel(ctx)
	go func() {
		defer stop()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if have, _ := store.CourseUpload(ctx, videoSum, size); have >= 1<<20 {
				return
			}
		}
	}()
	_, err := c.PublishCourse(stopped, courseDraft(video), newProgressLog(t).add)
	var ae *app.Error
	if !errors.As(err, &ae) || ae.Key != "sync.error.cancelled" {
		t.Fatalf("a stopped publish: %v", err)
	}
	have, err := store.CourseUpload(ctx, videoSum, size)
	if err != nil || have < 1<<20 || have == size {
		t.Fatalf("after the stop the hub holds %d bytes, %v", have, err)
	}
	if cs, _ := store.Courses(ctx); len(cs) != 0 {
		t.Fatalf("a course was published before its files: %+v", cs[0])
	}

	again := newProgressLog(t)
	got, err := c.PublishCourse(ctx, courseDraft(video), again.add)
	if err != nil || len(got.Files) != 1 || got.Files[0].SHA256 != videoSum {
		t.Fatalf("published again = %+v, %v", got, err)
	}
	if ratio := float64(proxy.Stats().BytesUp-before.BytesUp) / size; ratio > 1.2 {
		t.Errorf("the two tries sent %.2f × the file's size, want ≤ 1.2: the second started over", ratio)
	}
	if again.phases[app.CourseUploadHashing] {
		t.Error("publishing again read the unchanged file again for its hash")
	}

	// the file changed at the same path: read again, and its new bytes go
	if err := os.WriteFile(video, []byte("第二版"), 0o600); err != nil {
		t.Fatal(err)
	}
	changed := newProgressLog(t)
	got, err = c.PublishCourse(ctx, courseDraft(video), changed.add)
	if err != nil || got.Files[0].Size != int64(len("第二版")) || !changed.phases[app.CourseUploadHashing] {
		t.Fatalf("a changed file published = %+v, %v, phases %v", got, err, changed.phases)
	}
}

// A draft the hub would refuse, an empty file, a folder or a missing
// file are refused before a byte of any file is sent.
func TestConsolePublishCourseRefused(t *testing.T) {
	ctx := context.Background()
	store, _, c, proxy := courseHub(t, faultproxy.Config{})
	video, _ := bigFile(t, "第1课.mp4", 1<<20, 4)
	dir := t.TempDir()
	empty := filepath.Join(dir, "空.pdf")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	before := proxy.Stats()
	noTitle := courseDraft(video)
	noTitle.Title = " "
	for _, tc := range []struct {
		what  string
		draft app.CourseDraft
		key   string
	}{
		{"no title", noTitle, "course.error.title_required"},
		{"no file", courseDraft(), "course.error.files_count"},
		{"an empty file", courseDraft(video, empty), "course.error.file_empty"},
		{"a folder", courseDraft(video, dir), "storage.attachment.error.not_file"},
		{"a missing file", courseDraft(video, filepath.Join(dir, "没有.mp4")), "storage.attachment.error.copy"},
	} {
		_, err := c.PublishCourse(ctx, tc.draft, nil)
		wantKey(t, tc.what, err, app.EINVALID, tc.key)
	}
	if sent := proxy.Stats().BytesUp - before.BytesUp; sent != 0 {
		t.Errorf("%d bytes went to the hub for refused drafts", sent)
	}
	if cs, _ := store.Courses(ctx); len(cs) != 0 {
		t.Errorf("%d courses published", len(cs))
	}
}
