package sync_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"jxj/app"
	jxjsync "jxj/sync"
	"jxj/sync/faultproxy"
)

// bigFile writes size random bytes to a file, a megabyte at a time (a
// course's video is never held whole in memory, here either), and
// returns its path and SHA-256.
func bigFile(t testing.TB, name string, size int64, seed uint64) (string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	r := rand.New(rand.NewPCG(seed, 2))
	buf := make([]byte, 1<<20)
	for left := size; left > 0; left -= int64(len(buf)) {
		for i := 0; i < len(buf); i += 8 {
			v := r.Uint64()
			for j := 0; j < 8 && i+j < len(buf); j++ {
				buf[i+j] = byte(v >> (8 * j))
			}
		}
		chunk := buf[:min(left, int64(len(buf)))]
		if _, err := f.Write(chunk); err != nil {
			t.Fatal(err)
		}
		h.Write(chunk)
	}
	return path, hex.EncodeToString(h.Sum(nil))
}

// fileSum is the SHA-256 of the file at path, read in a stream.
func fileSum(t testing.TB, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// readyCourse is the school's course uuid once every file is ready; nil
// before.
func readyCourse(t testing.TB, node *testNode, uuid string) *app.SchoolCourse {
	t.Helper()
	cs, err := node.svc.Courses.Courses(admin, app.CourseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.UUID == uuid && c.Ready() {
			return c
		}
	}
	return nil
}

// syncUntilReady syncs until the course is ready, at most runs times,
// cancelling the runs that stop(i) says (a sync killed half way), and
// returns the course and the runs it took.
func syncUntilReady(t testing.TB, node *testNode, uuid string, runs int, stop func(run int) time.Duration) (*app.SchoolCourse, int) {
	t.Helper()
	for i := range runs {
		ctx, cancel := context.WithCancel(admin)
		if d := stop(i); d > 0 {
			time.AfterFunc(d, cancel)
		}
		_, _ = node.client.Sync(ctx)
		cancel()
		if c := readyCourse(t, node, uuid); c != nil {
			return c, i + 1
		}
	}
	t.Fatalf("the course is not ready after %d syncs", runs)
	return nil, runs
}

func never(int) time.Duration { return 0 }

// onNode is where a path in the school's data folder is.
func onNode(node *testNode, path string) string {
	return filepath.Join(filepath.Dir(node.db.Path()), path)
}

// A course's files come down after the sync's records, through a link
// cut every 600 KB, resumed where they stopped and checked by hash; the
// hub serves them only to the schools the course was sent to, and no
// more once it is withdrawn.
func TestCourseDownload(t *testing.T) {
	hub, node, proxy := enrolledVia(t)
	video, videoSum := bigFile(t, "第1课.mp4", 2<<20+123, 1)
	notes, notesSum := bigFile(t, "学案.pdf", 40<<10, 2)
	c, err := hub.store.PublishCourse(admin, app.CourseDraft{Title: "认识钟表", Subject: "数学", GradeFrom: 1, GradeTo: 2, Files: []string{video, notes}})
	if err != nil {
		t.Fatal(err)
	}
	proxy.SetConfig(faultproxy.Config{DropAfterBytes: 600 << 10})
	got, _ := syncUntilReady(t, node, c.UUID, 30, never)
	for i, want := range []string{videoSum, notesSum} {
		if s := fileSum(t, onNode(node, got.Files[i].Path)); s != want {
			t.Errorf("%s arrived with another hash", got.Files[i].Name)
		}
	}

	// the file's address is the course's, for its schools only
	proxy.SetConfig(faultproxy.Config{})
	st, _ := node.svc.Sync.SyncState(admin)
	get := func(credential string) int {
		req, _ := http.NewRequest(http.MethodGet, hub.srv.URL+jxjsync.PathCourseFiles+c.Files[1].ID, nil)
		req.Header.Set("Authorization", "Bearer "+credential)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get(st.Credential); code != http.StatusOK {
		t.Errorf("the school's own course file: %d", code)
	}
	if _, err := hub.store.RevokeCourse(admin, c.ID); err != nil {
		t.Fatal(err)
	}
	if code := get(st.Credential); code != http.StatusNotFound {
		t.Errorf("a withdrawn course's file: %d, want 404", code)
	}
}

// The bandwidth cap holds in class hours (here none are set: all day):
// 96 KB at 48 KB/s take two seconds.
func TestCourseDownloadCapped(t *testing.T) {
	hub, node, _ := enrolledVia(t)
	if err := node.svc.Courses.SetCourseSettings(admin, app.CourseSettings{Bandwidth: 48 << 10}); err != nil {
		t.Fatal(err)
	}
	path, want := bigFile(t, "学案.pdf", 96<<10, 3)
	c, err := hub.store.PublishCourse(admin, app.CourseDraft{Title: "课前预习", Subject: "语文", GradeFrom: 3, GradeTo: 3, Files: []string{path}})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	got, _ := syncUntilReady(t, node, c.UUID, 3, never)
	if took := time.Since(start); took < 1900*time.Millisecond || took > 20*time.Second {
		t.Errorf("96 KB at 48 KB/s took %v, want about 2 s", took)
	}
	if fileSum(t, onNode(node, got.Files[0].Path)) != want {
		t.Error("the file arrived with another hash")
	}
}

// A 200 MB course reaches a school whose sync is stopped three times
// half way (as kill -9 would: the part on disk is all that is kept) and
// whose link is cut every 20 MB; what came down is reported against the
// file's size.
func BenchmarkCourseResume(b *testing.B) {
	hub, node, proxy := enrolledVia(b)
	const size = 200 << 20
	path, want := bigFile(b, "公开课.mp4", size, 4)
	var down int64
	for i := range b.N {
		b.StopTimer()
		c, err := hub.store.PublishCourse(admin, app.CourseDraft{Title: "公开课", Subject: "物理", GradeFrom: 8, GradeTo: 9, Files: []string{path}})
		if err != nil {
			b.Fatal(err)
		}
		proxy.SetConfig(faultproxy.Config{DropAfterBytes: 20 << 20})
		node.client.HTTP.CloseIdleConnections()
		before := proxy.Stats()
		b.StartTimer()
		got, runs := syncUntilReady(b, node, c.UUID, 40, func(run int) time.Duration {
			if run < 3 {
				return 300 * time.Millisecond // stopped half way, three times
			}
			return 0
		})
		b.StopTimer()
		if runs < 4 {
			b.Fatalf("the course was ready after %d syncs: the stops came too late to test the resume", runs)
		}
		down += proxy.Stats().BytesDown - before.BytesDown
		if fileSum(b, onNode(node, got.Files[0].Path)) != want {
			b.Fatalf("course %d arrived with another hash", i)
		}
		b.StartTimer()
	}
	ratio := float64(down) / float64(int64(b.N)*size)
	b.ReportMetric(ratio, "x-file-size")
	if ratio > 1.2 {
		b.Fatalf("%.2f × the file's size came down, want ≤ 1.2", ratio)
	}
}

// A 200 MB course on loopback: how fast, and how much more memory the
// download takes than before it (sampled while it runs).
func BenchmarkCourseDownload(b *testing.B) {
	hub, node, _ := enrolledVia(b)
	const size = 200 << 20
	path, want := bigFile(b, "公开课.mp4", size, 5)
	var peak atomic.Uint64
	for i := range b.N {
		b.StopTimer()
		c, err := hub.store.PublishCourse(admin, app.CourseDraft{Title: "公开课", Subject: "化学", GradeFrom: 9, GradeTo: 9, Files: []string{path}})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base := ms.HeapInuse
		done := make(chan struct{})
		go func() {
			for {
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if m.HeapInuse > base && m.HeapInuse-base > peak.Load() {
					peak.Store(m.HeapInuse - base)
				}
				select {
				case <-done:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
		b.StartTimer()
		got, _ := syncUntilReady(b, node, c.UUID, 5, never)
		b.StopTimer()
		close(done)
		if fileSum(b, onNode(node, got.Files[0].Path)) != want {
			b.Fatalf("course %d arrived with another hash", i)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(int64(b.N)*size)/(1<<20)/b.Elapsed().Seconds(), "MB/s")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-extra-MB")
	if peak.Load() > 64<<20 {
		b.Fatalf("the download took %d MB more memory, want < 64", peak.Load()>>20)
	}
}
