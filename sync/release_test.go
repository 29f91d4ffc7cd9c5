package sync_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jxj/app"
	"jxj/storage/selfupdate"
	jxjsync "jxj/sync"
	"jxj/sync/faultproxy"
)

// releaseKey makes a bureau's signing key.
func releaseKey(t testing.TB) ed25519.PrivateKey {
	t.Helper()
	_, k, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// publishRelease signs the file at path as version for platform and adds
// it to the hub.
func publishRelease(t testing.TB, hub *testHub, k ed25519.PrivateKey, path, version, platform string) *app.HubRelease {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := app.ReleaseManifest{Version: version, Platform: platform, Size: int64(len(b)), SHA256: sum(b),
		Date: time.Now().UTC().Truncate(time.Second)}
	r, err := hub.store.AddRelease(context.Background(), path, app.SignRelease(k, m))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// updatingNode is a school running 0.2.0 on linux-amd64 whose client
// downloads releases, enrolled at hub through url.
func updatingNode(t testing.TB, hub *testHub, url string) *testNode {
	t.Helper()
	_, code, err := hub.store.AddOrg(admin, app.HubOrgDraft{Name: "城关镇第二小学", Kind: app.OrgPrimary})
	if err != nil {
		t.Fatal(err)
	}
	node := newTestNode(t, smallSchool)
	node.client.Updates, node.client.Version, node.client.Platform = node.svc.Updates, "0.2.0", "linux-amd64"
	if _, err := node.client.Enrol(admin, app.EnrolRequest{HubURL: url, Code: code, School: "演示县实验小学"}); err != nil {
		t.Fatal(err)
	}
	return node
}

func updateState(t testing.TB, node *testNode) *app.UpdateState {
	t.Helper()
	st, err := node.svc.Updates.UpdateStatus(admin)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// The whole way of a release: the bureau publishes it, the school pins
// the bureau's key at enrolment, learns of the release at sync and
// downloads it over links cut again and again, each sync resuming from
// what arrived; it is verified, then installed by the swap, on files.
func TestReleaseEndToEnd(t *testing.T) {
	hub := newTestHub(t)
	k := releaseKey(t)
	const size = 2<<20 + 777
	path, content := randomFile(t, "jxj", size, 7)
	rel := publishRelease(t, hub, k, path, "0.3.0", "linux-amd64")
	proxy, err := faultproxy.New(strings.TrimPrefix(hub.srv.URL, "http://"), faultproxy.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { proxy.Close() })
	node := updatingNode(t, hub, proxy.URL())
	if st := updateState(t, node); st.Key != rel.Key {
		t.Fatalf("the key pinned at enrolment %q, want the bureau's %q", st.Key, rel.Key)
	}

	proxy.SetConfig(faultproxy.Config{DropAfterBytes: 600 << 10})
	node.client.HTTP.CloseIdleConnections()
	before := proxy.Stats()
	failed := 0
	for range 20 {
		if _, err := node.client.Sync(admin); err != nil {
			if !jxjsync.IsRetryable(err) {
				t.Fatalf("sync: %v", err)
			}
			failed++
			continue
		}
		if updateState(t, node).Phase == app.UpdateReady {
			break
		}
	}
	st := updateState(t, node)
	if st.Phase != app.UpdateReady {
		t.Fatalf("after 20 syncs the release is %q (%d of %d bytes)", st.Phase, st.Have, size)
	}
	stats := proxy.Stats()
	if failed < 2 || stats.Drops < 2 {
		t.Errorf("%d syncs cut, %d connections dropped; want the download cut several times", failed, stats.Drops)
	}
	down := stats.BytesDown - before.BytesDown
	t.Logf("%d syncs cut, %d bytes down for a release of %d", failed, down, size)
	if ratio := float64(down) / size; ratio > 1.3 {
		t.Errorf("%d bytes came down for %d: %.2f × its size, want ≤ 1.3", down, size, ratio)
	}
	ready, err := node.svc.Updates.ReadyRelease(admin)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(ready); sum(got) != sum(content) {
		t.Fatalf("the release kept has hash %s, want %s", sum(got), sum(content))
	}

	// the install: the program in a folder of its own, swapped
	exe := filepath.Join(t.TempDir(), "jxj")
	if err := os.WriteFile(exe, []byte("jxj 0.2.0"), 0o755); err != nil {
		t.Fatal(err)
	}
	in := &app.Installer{Store: node.svc.Updates, Current: "0.2.0", Limit: 10 * time.Second, Poll: time.Millisecond,
		Steps: app.UpdateSteps{
			Backup: func(ctx context.Context) (string, error) {
				b, err := node.svc.Backups.BackupNow(ctx, "")
				if err != nil {
					return "", err
				}
				return b.Path, nil
			},
			Swap:     func(src string) error { return selfupdate.Swap(exe, src) },
			Rollback: func() error { return selfupdate.Rollback(exe) },
			Clean:    func() error { return selfupdate.Clean(exe) },
			Start: func(ctx context.Context) (<-chan error, func(), error) {
				// the new version's first start: it opened the database
				exited := make(chan error, 1)
				exited <- node.svc.Updates.MarkStarted(ctx, "0.3.0")
				return exited, func() {}, nil
			},
			RestoreDB: func(context.Context, string) error { t.Error("restored after a good start"); return nil },
		}}
	if err := in.Install(admin); err != nil {
		t.Fatalf("install: %v", err)
	}
	if got, _ := os.ReadFile(exe); sum(got) != sum(content) {
		t.Errorf("the program after the install is not the release")
	}
	if _, err := os.Stat(exe + ".old"); err == nil {
		t.Error("the old program is left after a good start")
	}
	if backups, _ := node.svc.Backups.Backups(admin); len(backups) == 0 {
		t.Error("no backup of the database before the new version's first start")
	}
	if st := updateState(t, node); st.Phase != app.UpdateStarted {
		t.Errorf("after the install the phase is %q", st.Phase)
	}
}

// rewriteRelease has the hub's announcements pass through change.
func rewriteRelease(t *testing.T, hub *testHub, change func(r *app.SignedRelease)) {
	handler := jxjsync.NewHubServer(hub.store, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler()
	hub.intercept = func(w http.ResponseWriter, r *http.Request, body []byte) bool {
		if r.URL.Path != jxjsync.PathRelease {
			return false
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.Header.Del("Accept-Encoding") // plain JSON to change
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, r)
		var ann jxjsync.ReleaseResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &ann); err != nil {
			t.Errorf("the announcement: %v", err)
			return false
		}
		change(&ann.Release)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(ann)
		return true
	}
}

// A release badly signed, signed by another key, for another platform,
// not newer or cut short is refused: nothing is ready to install and the
// update's state is as it was. The first three are noted for the
// administrator, and the sync goes on (a hub must not pause the schools'
// syncs by what it announces); a cut download fails the run to be
// retried, with what arrived kept.
func TestReleaseRefused(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, hub *testHub, k ed25519.PrivateKey, node *testNode)
		wantErr string // the key of the sync's error, "" for a sync that works
		note    string // in the update's last problem
	}{
		{"bad signature", func(t *testing.T, hub *testHub, _ ed25519.PrivateKey, _ *testNode) {
			rewriteRelease(t, hub, func(r *app.SignedRelease) { r.Manifest.Version = "9.9.9" })
		}, "", "签名不对"},
		{"another key", func(t *testing.T, hub *testHub, _ ed25519.PrivateKey, _ *testNode) {
			other := releaseKey(t)
			rewriteRelease(t, hub, func(r *app.SignedRelease) { *r = withID(app.SignRelease(other, r.Manifest), r.ID) })
		}, "", "签名密钥"},
		{"another platform", func(t *testing.T, hub *testHub, k ed25519.PrivateKey, _ *testNode) {
			rewriteRelease(t, hub, func(r *app.SignedRelease) {
				m := r.Manifest
				m.Platform = "windows-amd64"
				*r = withID(app.SignRelease(k, m), r.ID)
			})
		}, "", "本机是 linux-amd64"},
		{"not newer", func(_ *testing.T, _ *testHub, _ ed25519.PrivateKey, node *testNode) {
			node.client.Version = "0.3.0"
		}, "", ""},
		{"truncated", func(_ *testing.T, hub *testHub, _ ed25519.PrivateKey, _ *testNode) {
			// the hub's copy lost its end: it answers with fewer bytes than signed
			hub.intercept = func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
				if !strings.HasPrefix(r.URL.Path, jxjsync.PathReleases) {
					return false
				}
				w.Header().Set("Content-Range", strings.Replace(r.Header.Get("Range"), "bytes=", "bytes ", 1)+"/999")
				w.WriteHeader(http.StatusPartialContent)
				w.Write([]byte("short"))
				return true
			}
		}, "sync.error.offline", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hub := newTestHub(t)
			k := releaseKey(t)
			path, _ := randomFile(t, "jxj", 300<<10, 8)
			publishRelease(t, hub, k, path, "0.3.0", "linux-amd64")
			node := updatingNode(t, hub, hub.srv.URL)
			before := updateState(t, node)
			tt.setup(t, hub, k, node)
			_, err := node.client.Sync(admin)
			var got string
			var e *app.Error
			if errors.As(err, &e) {
				got = e.Key
			}
			if got != tt.wantErr {
				t.Errorf("sync: %v, want %q", err, tt.wantErr)
			}
			if _, err := node.svc.Updates.ReadyRelease(admin); app.ErrorCode(err) != app.EINVALID {
				t.Errorf("a release is ready to install: %v", err)
			}
			after := updateState(t, node)
			if tt.name != "truncated" && (after.Phase != before.Phase || after.Release != nil || after.Key != before.Key) {
				t.Errorf("the update changed: %+v, was %+v", after, before)
			}
			if !strings.Contains(after.Error, tt.note) || (tt.note == "") != (after.Error == "") {
				t.Errorf("the update's last problem %q, want one saying %q", after.Error, tt.note)
			}
			if tt.name == "truncated" && after.Phase != app.UpdateDownloading {
				t.Errorf("a truncated release is %q, want still downloading", after.Phase)
			}
			if files, _ := filepath.Glob(filepath.Join(filepath.Dir(node.db.Path()), "updates", "jxj-*")); len(files) != 0 {
				t.Errorf("release files kept: %v", files)
			}
		})
	}
}

func withID(r app.SignedRelease, id string) app.SignedRelease {
	r.ID = id
	return r
}
