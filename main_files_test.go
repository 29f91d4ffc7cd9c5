package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jxj/app"
	"jxj/app/demo"
	"jxj/sync/faultproxy"
)

// A bureau notice with a file from end to end, on a real hub: jxj hub
// notice publish --attach stores it (a missing file is refused and
// publishes nothing); a school's jxj sync, killed with SIGKILL in the
// middle of the file, leaves a partial file that the next sync resumes;
// the file arrives as the notice's attachment with its hash, and the
// bytes through the link stay close to its size.
func TestNoticeFileEndToEnd(t *testing.T) {
	dir := t.TempDir()
	hubDir, school := filepath.Join(dir, "hub"), filepath.Join(dir, "school")
	enrolCode := addSchoolOrg(t, hubDir)
	const size = 2 << 20
	content := make([]byte, size)
	r := rand.New(rand.NewPCG(7, 7))
	for i := range content {
		content[i] = byte(r.Uint32())
	}
	file := filepath.Join(dir, "寒假安全告知书.pdf")
	if err := os.WriteFile(file, content, 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "没有这个文件.pdf")
	code, out, errOut := jxj(t, "hub", "notice", "publish", "--data", hubDir, "--title", "寒假安全", "--attach", file, "--attach", missing)
	if code != 1 || out != "" || !strings.Contains(errOut, "没有这个文件.pdf") {
		t.Fatalf("publish with a missing file: exit %d %q %q; want 1 naming it", code, out, errOut)
	}
	code, out, errOut = jxj(t, "hub", "notice", "publish", "--data", hubDir, "--title", "寒假安全", "--body", "见附件。", "--attach", file)
	if code != 0 || strings.TrimSpace(out) != "1" || !strings.Contains(errOut, "寒假安全告知书.pdf") {
		t.Fatalf("publish: exit %d %q %q; want notice 1 and its file listed", code, out, errOut)
	}

	proxy := schoolBehindProxy(t, hubDir, school, enrolCode, faultproxy.Config{BytesPerSecond: 256 << 10})

	// a sync over a slow link, killed once part of the file is in
	syncing := jxjProcess(t, "sync", "--data", school)
	if err := syncing.Start(); err != nil {
		t.Fatal(err)
	}
	part := ""
	for range 200 { // at most 20 s
		parts, _ := filepath.Glob(filepath.Join(school, "downloads", "*.part"))
		if len(parts) == 1 {
			if fi, err := os.Stat(parts[0]); err == nil && fi.Size() > 300<<10 {
				part = parts[0]
				break
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	_ = syncing.Process.Kill()
	_ = syncing.Wait()
	if part == "" {
		t.Fatal("the killed sync left no partial file")
	}
	fi, err := os.Stat(part)
	if err != nil || fi.Size() >= size {
		t.Fatalf("the partial file: %v %v; want part of the file", fi, err)
	}
	kept := fi.Size()

	proxy.SetConfig(faultproxy.Config{})
	if code, out, errOut := jxj(t, "sync", "--data", school); code != 0 {
		t.Fatalf("sync after the kill: exit %d\n%s%s", code, out, errOut)
	}
	if down := proxy.Stats().BytesDown; float64(down) > 1.2*size {
		t.Errorf("%d bytes came down for a file of %d (%d kept by the killed sync), want ≤ 1.2 × its size", down, size, kept)
	}
	withNode(t, school, func(ctx context.Context, svc app.Services) {
		ns, err := svc.Notices.Notices(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			if !n.Bureau {
				continue
			}
			st, err := svc.Notices.NoticeStatus(ctx, n.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Notice.Attachments) != 1 || len(st.Notice.Downloads) != 0 {
				t.Fatalf("the notice has %d attachments, %d downloads; want 1, 0", len(st.Notice.Attachments), len(st.Notice.Downloads))
			}
			got, err := os.ReadFile(filepath.Join(school, filepath.FromSlash(st.Notice.Attachments[0].Path)))
			if err != nil || sha256.Sum256(got) != sha256.Sum256(content) || !bytes.Equal(got[:10], content[:10]) {
				t.Fatalf("the attachment: %d bytes, %v; want the file", len(got), err)
			}
			return
		}
		t.Fatal("the school has no bureau notice")
	})
}

// addSchoolOrg adds a primary school to the hub in hubDir and returns its
// enrolment code.
func addSchoolOrg(t *testing.T, hubDir string) string {
	t.Helper()
	code, out, errOut := jxj(t, "hub", "org", "add", "--data", hubDir, "--name", "城关镇第一小学", "--type", "primary")
	enrolCode := enrolCodeRE.FindString(out)
	if code != 0 || enrolCode == "" {
		t.Fatalf("hub org add: %d %s%s", code, out, errOut)
	}
	return enrolCode
}

// schoolBehindProxy starts the hub in hubDir, puts a fault proxy of cfg
// before it, and makes a demo school in school enrolled through the
// proxy with enrolCode, acting as its administrator.
func schoolBehindProxy(t *testing.T, hubDir, school, enrolCode string, cfg faultproxy.Config) *faultproxy.Proxy {
	t.Helper()
	hub := startHub(t, hubDir)
	proxy, err := faultproxy.New(hub.addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { proxy.Close() })
	if code, out, errOut := jxj(t, "demo", "--data", school); code != 0 {
		t.Fatalf("demo: %d %s%s", code, out, errOut)
	}
	actAs(t, demo.AdminUser)
	if code, _, errOut := jxj(t, "enrol", "--data", school, "--hub", proxy.URL(), "--code", enrolCode); code != 0 {
		t.Fatalf("enrol: %s", errOut)
	}
	return proxy
}
