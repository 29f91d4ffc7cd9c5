package sync_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"jxj/app"
	jxjsync "jxj/sync"
	"jxj/sync/faultproxy"
)

// randomFile writes size random bytes (seeded) to a file in a temporary
// folder and returns its path and content.
func randomFile(t testing.TB, name string, size int, seed uint64) (string, []byte) {
	t.Helper()
	b := make([]byte, size)
	r := rand.New(rand.NewPCG(seed, 1))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p, b
}

// publishFile publishes a bureau notice carrying the file at path and
// returns the notice.
func publishFile(t testing.TB, hub *testHub, title string, paths ...string) *app.HubNotice {
	t.Helper()
	n, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: title, Body: "各校：见附件。", Files: paths})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// noticeState returns the node's view of a bureau notice: its
// attachments and the downloads still under way.
func noticeState(t testing.TB, node *testNode, uuid string) *app.Notice {
	t.Helper()
	n := bureauNotice(t, node, uuid)
	if n == nil {
		t.Fatalf("the node has no notice %s", uuid)
	}
	st, err := node.svc.Notices.NoticeStatus(admin, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	return st.Notice
}

// attached returns the content of the notice's attachment named name,
// nil when it has none.
func attached(t testing.TB, node *testNode, uuid, name string) []byte {
	t.Helper()
	for _, a := range noticeState(t, node, uuid).Attachments {
		if a.Name == name {
			b, err := os.ReadFile(filepath.Join(filepath.Dir(node.db.Path()), filepath.FromSlash(a.Path)))
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	return nil
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// enrolledVia is a hub with one school whose node reaches it through a
// fault proxy.
func enrolledVia(t testing.TB) (*testHub, *testNode, *faultproxy.Proxy) {
	t.Helper()
	hub := newTestHub(t)
	_, code, err := hub.store.AddOrg(admin, app.HubOrgDraft{Name: "城关镇第一小学", Kind: app.OrgPrimary})
	if err != nil {
		t.Fatal(err)
	}
	proxy, err := faultproxy.New(strings.TrimPrefix(hub.srv.URL, "http://"), faultproxy.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { proxy.Close() })
	node := newTestNode(t, smallSchool)
	if _, err := node.client.Enrol(admin, app.EnrolRequest{HubURL: proxy.URL(), Code: code, School: "演示县实验小学"}); err != nil {
		t.Fatal(err)
	}
	return hub, node, proxy
}

// syncUntilAttached syncs until the notice's file is attached, at most
// runs times, and returns the runs that failed (each a cut link).
func syncUntilAttached(t testing.TB, node *testNode, uuid, name string, runs int) int {
	t.Helper()
	failed := 0
	for range runs {
		if _, err := node.client.Sync(admin); err != nil {
			if !jxjsync.IsRetryable(err) {
				t.Fatalf("sync: %v", err)
			}
			failed++
			continue
		}
		if attached(t, node, uuid, name) != nil {
			return failed
		}
	}
	t.Fatalf("the file %s did not arrive in %d syncs", name, runs)
	return failed
}

// A notice shows at the school at once, its file as a download; links
// cut in the middle of the file, sync after sync, resume it from what
// the partial file holds: it arrives whole, its hash matches, and the
// bytes through the link stay close to its size.
func TestNoticeFileResume(t *testing.T) {
	hub, node, proxy := enrolledVia(t)
	const size = 3<<20 + 12345 // several chunks, not a whole number of them
	path, content := randomFile(t, "课件.pdf", size, 1)
	hn := publishFile(t, hub, "关于寒假安全的通知", path)

	proxy.SetConfig(faultproxy.Config{DropAfterBytes: 700 << 10}) // each connection is cut after 700 KB
	node.client.HTTP.CloseIdleConnections()                       // the proxy decides cuts per new connection
	before := proxy.Stats()
	failed := syncUntilAttached(t, node, hn.UUID, "课件.pdf", 20)
	st := proxy.Stats()
	if failed < 3 || st.Drops < 3 {
		t.Errorf("%d runs failed, %d connections cut; want several cuts mid-file", failed, st.Drops)
	}
	got := attached(t, node, hn.UUID, "课件.pdf")
	if sum(got) != sum(content) {
		t.Fatalf("the attachment's hash %s, want %s", sum(got), sum(content))
	}
	down := st.BytesDown - before.BytesDown
	t.Logf("%d runs cut, %d connections dropped, %d bytes down for %d", failed, st.Drops, down, size)
	if ratio := float64(down) / size; ratio > 1.2 {
		t.Errorf("%d bytes came down for a file of %d: %.2f × its size, want ≤ 1.2", down, size, ratio)
	}
	if n := noticeState(t, node, hn.UUID); len(n.Downloads) != 0 || len(n.Attachments) != 1 {
		t.Errorf("after the download: %d downloads, %d attachments; want 0, 1", len(n.Downloads), len(n.Attachments))
	}
	if parts, _ := filepath.Glob(filepath.Join(filepath.Dir(node.db.Path()), "downloads", "*")); len(parts) != 0 {
		t.Errorf("partial files left: %v", parts)
	}
}

// The first sync brings the notice at once, with its file still to come.
func TestNoticeFileShowsDownloading(t *testing.T) {
	hub, node, proxy := enrolledVia(t)
	path, _ := randomFile(t, "名单.xlsx", 1<<20, 2)
	hn := publishFile(t, hub, "报名", path)
	// the first connection carries the feed and part of the file
	proxy.SetConfig(faultproxy.Config{DropAfterBytes: 400 << 10})
	node.client.HTTP.CloseIdleConnections()
	if _, err := node.client.Sync(admin); !jxjsync.IsRetryable(err) {
		t.Fatalf("the cut sync: %v, want a retryable failure", err)
	}
	n := noticeState(t, node, hn.UUID)
	if len(n.Downloads) != 1 || len(n.Attachments) != 0 {
		t.Fatalf("the notice shows %d downloads, %d attachments; want 1, 0", len(n.Downloads), len(n.Attachments))
	}
	if p := n.Downloads[0].Percent(); p <= 0 || p >= 100 {
		t.Errorf("the download shows %d %%, want between 0 and 100", p)
	}
}

// A run spends a limited time on files, at least a chunk: a large file
// on a slow link arrives over several runs, each of which also does the
// rest of its work and succeeds.
func TestNoticeFileTimeLimit(t *testing.T) {
	hub, node, _ := enrolled(t)
	node.client.FileTime = time.Nanosecond // one chunk a run
	path, content := randomFile(t, "e.pdf", 3*jxjsync.FileChunk-5, 9)
	hn := publishFile(t, hub, "通知", path)
	for i := range 2 {
		mustSync(t, node)
		n := noticeState(t, node, hn.UUID)
		if len(n.Attachments) != 0 || len(n.Downloads) != 1 || n.Downloads[0].Have != int64(i+1)*jxjsync.FileChunk {
			t.Fatalf("after run %d: %+v; want %d chunks in the part", i+1, n.Downloads, i+1)
		}
	}
	mustSync(t, node)
	if got := attached(t, node, hn.UUID, "e.pdf"); sum(got) != sum(content) {
		t.Fatalf("after the third run: %d bytes attached", len(got))
	}
}

// flipper answers for the hub and flips one byte of the first answers
// to a file request.
type flipper struct {
	next  http.Handler
	flips atomic.Int32 // how many answers still to spoil
	files atomic.Int32 // file requests seen
}

func (f *flipper) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, jxjsync.PathFiles) {
		f.next.ServeHTTP(w, r)
		return
	}
	f.files.Add(1)
	if f.flips.Add(-1) < 0 {
		f.next.ServeHTTP(w, r)
		return
	}
	f.next.ServeHTTP(&flipWriter{ResponseWriter: w}, r)
}

type flipWriter struct {
	http.ResponseWriter
	done bool
}

func (w *flipWriter) Write(b []byte) (int, error) {
	if !w.done && len(b) > 100 {
		b = bytes.Clone(b)
		b[100] ^= 0x01
		w.done = true
	}
	return w.ResponseWriter.Write(b)
}

// A byte changed on the way makes the file fail its check: it is
// discarded, never attached, and downloaded again from the start.
func TestNoticeFileFlippedByte(t *testing.T) {
	hub, node, _ := enrolled(t)
	f := &flipper{next: jxjsync.NewHubServer(hub.store, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler()}
	f.flips.Store(1)
	hub.intercept = func(w http.ResponseWriter, r *http.Request, body []byte) bool {
		r.Body = io.NopCloser(bytes.NewReader(body))
		f.ServeHTTP(w, r)
		return true
	}
	path, content := randomFile(t, "a.pdf", jxjsync.FileChunk+1000, 3) // two chunks
	hn := publishFile(t, hub, "通知", path)
	mustSync(t, node)
	if got := attached(t, node, hn.UUID, "a.pdf"); sum(got) != sum(content) {
		t.Fatalf("attached %d bytes, hash %s; want the file", len(got), sum(got))
	}
	if n := f.files.Load(); n != 4 {
		t.Errorf("%d file requests, want 4: two chunks, refused, two again", n)
	}
}

// A file changed on the hub is refused at every try and never attached;
// once the hub has the right bytes again it arrives.
func TestNoticeFileChangedOnHub(t *testing.T) {
	hub, node, _ := enrolled(t)
	path, content := randomFile(t, "b.pdf", 100000, 4)
	hn := publishFile(t, hub, "通知", path)
	stored := filepath.Join(hub.dir, "files", sum(content)[:2], sum(content))
	bad := bytes.Clone(content)
	bad[5000] ^= 0xff
	if err := os.WriteFile(stored, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		mustSync(t, node) // the notice's other work goes on: the run does not fail
		n := noticeState(t, node, hn.UUID)
		if len(n.Attachments) != 0 || len(n.Downloads) != 1 || n.Downloads[0].Error == "" {
			t.Fatalf("a bad file: %d attachments, downloads %+v; want none attached, the download with its error", len(n.Attachments), n.Downloads)
		}
	}
	if err := os.WriteFile(stored, content, 0o600); err != nil {
		t.Fatal(err)
	}
	mustSync(t, node)
	if got := attached(t, node, hn.UUID, "b.pdf"); sum(got) != sum(content) {
		t.Fatalf("after the hub's file was mended: attached %d bytes", len(got))
	}
}

// The file endpoint serves a notice's file to the schools it was sent
// to, in ranges, uncompressed; another school gets 404 and no
// credential 401.
func TestFileEndpoint(t *testing.T) {
	hub := newTestHub(t)
	credential := func(name string) (*app.HubOrg, string) {
		org, code, err := hub.store.AddOrg(admin, app.HubOrgDraft{Name: name, Kind: app.OrgPrimary})
		if err != nil {
			t.Fatal(err)
		}
		_, cred, _, err := hub.store.Enrol(admin, code)
		if err != nil {
			t.Fatal(err)
		}
		return org, cred
	}
	org, mine := credential("一小")
	_, other := credential("二小")
	path, content := randomFile(t, "c.txt", 5000, 5)
	n, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: "只给一小", Orgs: []int64{org.ID}, Files: []string{path}})
	if err != nil {
		t.Fatal(err)
	}
	files, err := hub.store.NoticeFiles(admin, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	url := hub.srv.URL + jxjsync.PathFiles + files[0].ID
	tests := []struct {
		name       string
		credential string
		want       int
	}{
		{"its school", mine, http.StatusPartialContent},
		{"another school", other, http.StatusNotFound},
		{"no credential", "", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("Authorization", "Bearer "+tt.credential)
		req.Header.Set("Range", "bytes=1000-1999")
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, resp.StatusCode, tt.want)
			continue
		}
		if tt.want == http.StatusPartialContent && (!bytes.Equal(body, content[1000:2000]) || resp.Header.Get("Content-Encoding") != "") {
			t.Errorf("%s: got %d bytes, encoding %q; want bytes 1000–1999 as they are", tt.name, len(body), resp.Header.Get("Content-Encoding"))
		}
	}
}

// A download never holds the file in memory: a file of many chunks
// costs the node a fraction of its size in allocations.
func TestNoticeFileStreams(t *testing.T) {
	hub, node, _ := enrolled(t)
	const size = 8 << 20
	path, content := randomFile(t, "d.bin", size, 6)
	mustSync(t, node) // the day's aggregates and the like go up first
	hn := publishFile(t, hub, "通知", path)
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	mustSync(t, node)
	runtime.ReadMemStats(&m1)
	if got := attached(t, node, hn.UUID, "d.bin"); sum(got) != sum(content) {
		t.Fatalf("attached %d bytes", len(got))
	}
	alloc := m1.TotalAlloc - m0.TotalAlloc
	t.Logf("a sync downloading %d bytes allocated %d", size, alloc)
	if alloc > size/2 {
		t.Errorf("the sync allocated %d bytes for a file of %d, want under half its size", alloc, size)
	}
}

// BenchmarkNoticeFileResume downloads an 8 MB notice file through a link
// cut every 1.5 MB and reports the bytes through the link per byte of
// the file (wire/file, at most 1.2) and the syncs it took.
func BenchmarkNoticeFileResume(b *testing.B) {
	hub, node, proxy := enrolledVia(b)
	const size = 8 << 20
	var down, syncs int64
	for i := range b.N {
		b.StopTimer()
		path, content := randomFile(b, "课件.pdf", size, uint64(i)+10)
		hn := publishFile(b, hub, "通知", path)
		proxy.SetConfig(faultproxy.Config{DropAfterBytes: 1536 << 10})
		node.client.HTTP.CloseIdleConnections() // the proxy decides cuts per new connection
		before := proxy.Stats()
		b.StartTimer()
		syncs += int64(syncUntilAttached(b, node, hn.UUID, "课件.pdf", 30) + 1)
		b.StopTimer()
		down += proxy.Stats().BytesDown - before.BytesDown
		if got := attached(b, node, hn.UUID, "课件.pdf"); sum(got) != sum(content) {
			b.Fatal("the file arrived with another hash")
		}
		b.StartTimer()
	}
	ratio := float64(down) / float64(int64(b.N)*size)
	b.ReportMetric(ratio, "wire/file")
	b.ReportMetric(float64(syncs)/float64(b.N), "syncs/file")
	if ratio > 1.2 {
		b.Fatalf("%.2f × the file's size came down, want ≤ 1.2", ratio)
	}
}
