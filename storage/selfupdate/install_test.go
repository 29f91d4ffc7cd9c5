package selfupdate_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jxj/app"
	"jxj/storage"
	"jxj/storage/selfupdate"
)

// The test binary is also the "new version" an install starts: with
// JXJ_TEST_NEW_VERSION set it behaves as that version's first start and
// exits, failing (exit 1) or marking its start in the data folder.
func TestMain(m *testing.M) {
	switch os.Getenv("JXJ_TEST_NEW_VERSION") {
	case "fail":
		os.Exit(1) // a version that cannot start
	case "ok":
		dir := os.Getenv("JXJ_TEST_DATA")
		if err := storage.NewUpdates(dir).MarkStarted(context.Background(), "0.3.0"); err != nil {
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// readyRelease puts a copy of the test binary, signed as version 0.3.0,
// ready to install in a new data folder, and the running version "0.2.0"
// as the program exe in a folder of its own.
func readyRelease(t *testing.T) (dir, exe string, updates *storage.Updates) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	_, privText, err := app.NewReleaseKey()
	if err != nil {
		t.Fatal(err)
	}
	priv, _ := app.ParsePrivateReleaseKey(privText)
	sum := sha256.Sum256(bin)
	r := app.SignRelease(priv, app.ReleaseManifest{Version: "0.3.0", Platform: "linux-amd64", Size: int64(len(bin)),
		SHA256: hex.EncodeToString(sum[:]), Date: time.Now().UTC().Truncate(time.Second)})
	r.ID = "0193a1b2-0000-7000-8000-000000000003"

	dir = t.TempDir()
	updates = storage.NewUpdates(dir)
	ctx := context.Background()
	if err := updates.OfferRelease(ctx, r, "0.2.0", "linux-amd64"); err != nil {
		t.Fatal(err)
	}
	w, _, err := updates.OpenReleasePart(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(bin); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if err := updates.FinishRelease(ctx); err != nil {
		t.Fatal(err)
	}
	exe = filepath.Join(t.TempDir(), "jxj")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\necho old version\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir, exe, updates
}

// installer installs with the real swap and a real process, without a
// database: the backup and its restore are recorded only.
func installer(exe string, updates *storage.Updates, restored *[]string) *app.Installer {
	return &app.Installer{Store: updates, Current: "0.2.0", Limit: 20 * time.Second, Poll: 20 * time.Millisecond,
		Steps: app.UpdateSteps{
			Backup:    func(context.Context) (string, error) { return "backup.db", nil },
			Swap:      func(src string) error { return selfupdate.Swap(exe, src) },
			Rollback:  func() error { return selfupdate.Rollback(exe) },
			Clean:     func() error { return selfupdate.Clean(exe) },
			Start:     func(ctx context.Context) (<-chan error, func(), error) { return selfupdate.Start(ctx, exe) },
			RestoreDB: func(_ context.Context, b string) error { *restored = append(*restored, b); return nil },
		}}
}

// A new version that exits 1 on its first start is rolled back: the old
// binary is in place again, the database's backup restored, and the
// state says why.
func TestInstallRollsBackAFailedStart(t *testing.T) {
	dir, exe, updates := readyRelease(t)
	t.Setenv("JXJ_TEST_NEW_VERSION", "fail")
	t.Setenv("JXJ_TEST_DATA", dir)
	var restored []string
	err := installer(exe, updates, &restored).Install(context.Background())
	if e, ok := err.(*app.Error); !ok || e.Key != "update.error.rolled_back" {
		t.Fatalf("Install: %v, want rolled back", err)
	}
	if b, _ := os.ReadFile(exe); !strings.Contains(string(b), "old version") {
		t.Errorf("the program after the rollback is %d bytes, not the old one", len(b))
	}
	for _, left := range []string{exe + ".old", filepath.Join(dir, "updates", "jxj-0.3.0")} {
		if _, err := os.Stat(left); err == nil {
			t.Errorf("%s is still there after the rollback", filepath.Base(left))
		}
	}
	if len(restored) != 1 || restored[0] != "backup.db" {
		t.Errorf("restored %v, want the backup", restored)
	}
	st, err := updates.UpdateStatus(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Phase != app.UpdateRolledBack || st.From != "0.2.0" || st.Error == "" {
		t.Errorf("state %q from %q (%q), want rolled back from 0.2.0 with a reason", st.Phase, st.From, st.Error)
	}
	// the version that failed is not downloaded again
	if err := updates.OfferRelease(context.Background(), *st.Release, "0.2.0", "linux-amd64"); err != nil {
		t.Fatal(err)
	}
	if st2, _ := updates.UpdateStatus(context.Background()); st2.Phase != app.UpdateRolledBack {
		t.Errorf("offered again after the rollback: phase %q, want it left rolled back", st2.Phase)
	}
}

// A new version that marks its start completes the install: it is the
// program now, and the old binary is gone.
func TestInstallCompletesAndCleans(t *testing.T) {
	dir, exe, updates := readyRelease(t)
	t.Setenv("JXJ_TEST_NEW_VERSION", "ok")
	t.Setenv("JXJ_TEST_DATA", dir)
	var restored []string
	if err := installer(exe, updates, &restored).Install(context.Background()); err != nil {
		t.Fatalf("Install: %v", err)
	}
	self, _ := os.Executable()
	want, _ := os.ReadFile(self)
	if got, _ := os.ReadFile(exe); string(got) != string(want) {
		t.Errorf("the program is %d bytes, want the new version's %d", len(got), len(want))
	}
	for _, left := range []string{exe + ".old", exe + ".new", filepath.Join(dir, "updates", "jxj-0.3.0")} {
		if _, err := os.Stat(left); err == nil {
			t.Errorf("%s is left after the install", filepath.Base(left))
		}
	}
	st, _ := updates.UpdateStatus(context.Background())
	if st.Phase != app.UpdateStarted || len(restored) != 0 {
		t.Errorf("phase %q, restored %v; want started, nothing restored", st.Phase, restored)
	}
}
