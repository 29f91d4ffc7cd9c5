package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"jxj/app"
	"jxj/app/demo"
	"jxj/desktop"
)

// Updates through the hub from the command line: the bureau makes its
// key (never into a data folder) and publishes a release; a school pins
// the key at enrolment, downloads the release at sync and installs it. The
// release here cannot start (it exits 1): the install puts the old program
// back, restores the database and says so.
func TestUpdateThroughTheHub(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the release here is a shell script") // the Windows swap is cross-compiled and reviewed
	}
	dir := t.TempDir()
	keys := filepath.Join(dir, "keys")
	code, out, errOut := jxj(t, "hub", "release", "key", "--out", keys)
	if code != 0 || !strings.Contains(out, "SHA256:") {
		t.Fatalf("hub release key: exit %d\n%s%s", code, out, errOut)
	}
	priv := filepath.Join(keys, "jxj-release.key")
	if fi, err := os.Stat(priv); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the private key: %v %v, want 0600", fi, err)
	}
	hubDir := filepath.Join(dir, "hub")
	code, out, errOut = jxj(t, "hub", "org", "add", "--data", hubDir, "--name", "城关镇第一小学", "--type", "primary")
	enrolCode := enrolCodeRE.FindString(out)
	if code != 0 || enrolCode == "" {
		t.Fatalf("hub org add: %d %s%s", code, out, errOut)
	}
	if code, _, errOut := jxj(t, "hub", "release", "key", "--out", hubDir); code != 1 || !strings.Contains(errOut, "数据文件夹") {
		t.Errorf("a key into the hub's folder: exit %d %q, want refused", code, errOut)
	}

	release := filepath.Join(dir, "jxj-0.2.0")
	if err := os.WriteFile(release, []byte("#!/bin/sh\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	add := []string{"hub", "release", "add", "--data", hubDir, "--key", priv, "--version", "0.2.0", "--platform", app.Platform(), release}
	if code, out, errOut := jxj(t, add...); code != 0 || !strings.Contains(out, "0.2.0") {
		t.Fatalf("hub release add: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := jxj(t, add...); code != 1 || !strings.Contains(errOut, "已经发布过") {
		t.Errorf("the same release again: exit %d %q, want refused", code, errOut)
	}
	if code, out, _ := jxj(t, "hub", "release", "list", "--data", hubDir); code != 0 || !strings.Contains(out, "0.2.0") || !strings.Contains(out, app.Platform()) {
		t.Errorf("hub release list: exit %d\n%s", code, out)
	}

	hub := startHub(t, hubDir)
	school := filepath.Join(dir, "school")
	mustRun(t, "demo", "--data", school)
	actAs(t, demo.AdminUser)
	mustRun(t, "enrol", "--data", school, "--hub", "http://"+hub.addr, "--code", enrolCode)
	if out := mustRun(t, "sync", "--data", school); !strings.Contains(out, "0.2.0") { // in the language of the process mustRun starts
		t.Errorf("jxj sync does not say the new version is downloaded:\n%s", out)
	}
	if code, out, _ := jxj(t, "update", "status", "--data", school); code != 0 || !strings.Contains(out, "0.2.0 已下载") || !strings.Contains(out, "SHA256:") {
		t.Fatalf("update status after the sync: exit %d\n%s", code, out)
	}

	// the program, in a folder of its own
	exe := filepath.Join(dir, "bin", "jxj")
	if err := os.MkdirAll(filepath.Dir(exe), 0o755); err != nil {
		t.Fatal(err)
	}
	// the old program notes each start beside it: a rollback from the
	// window opens it again
	if err := os.WriteFile(exe, []byte("#!/bin/sh\necho jxj 0.1.0 >> \"$(dirname \"$0\")/started\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	saved := selfUpdate
	t.Cleanup(func() { selfUpdate = saved })
	selfUpdate.Executable = func() (string, error) { return exe, nil }
	selfUpdate.Limit = 20 * time.Second
	// a window open on the folder: the new version would find it taken
	window, err := desktop.Acquire(school)
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut = jxj(t, "update", "install", "--data", school)
	window.Close()
	if code != 1 || !strings.Contains(errOut, "窗口正开着") {
		t.Fatalf("update install with the window open: exit %d %q, want refused", code, errOut)
	}
	if b, _ := os.ReadFile(exe); !strings.Contains(string(b), "jxj 0.1.0") {
		t.Errorf("the program after a refused install: %q, want it untouched", b)
	}
	code, _, errOut = jxj(t, "update", "install", "--data", school)
	if code != 1 || !strings.Contains(errOut, "没能启动") {
		t.Fatalf("update install of a release that cannot start: exit %d %q, want it rolled back", code, errOut)
	}
	if b, _ := os.ReadFile(exe); !strings.Contains(string(b), "jxj 0.1.0") {
		t.Errorf("the program after the rollback: %q, want the old one", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "bin", "started")); err == nil {
		t.Error("the command line's install started the old program again")
	}
	if backups, _ := filepath.Glob(filepath.Join(school, "backups", "*.db")); len(backups) == 0 {
		t.Error("no backup made before the new version's first start")
	}
	if code, out, _ := jxj(t, "update", "status", "--data", school); code != 0 || !strings.Contains(out, "没能启动") {
		t.Errorf("update status after the rollback: exit %d\n%s", code, out)
	}
	// the database works on with the old program
	mustRun(t, "sync", "--data", school)
	if code, _, errOut := jxj(t, "update", "install", "--data", school); code != 1 || !strings.Contains(errOut, "没有已下载") {
		t.Errorf("installing again after the rollback: exit %d %q, want nothing to install", code, errOut)
	}

	// from the window: 0.2.1 stops at once without opening the database.
	// The window backs up and prepares (as the administrator), then
	// `update finish --after-exit` goes on once the window has quit (here
	// its standard input is empty) and opens the old program again.
	release = filepath.Join(dir, "jxj-0.2.1")
	if err := os.WriteFile(release, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	add = []string{"hub", "release", "add", "--data", hubDir, "--key", priv, "--version", "0.2.1", "--platform", app.Platform(), release}
	mustRun(t, add...)
	mustRun(t, "sync", "--data", school)
	backup := filepath.Join(dir, "before-0.2.1.db")
	mustRun(t, "backup", "--data", school, backup)
	updates, _, _ := selfUpdate.Updates(school)
	in := &app.Installer{Store: updates, Current: version, Steps: app.UpdateSteps{
		Backup: func(context.Context) (string, error) { return backup, nil }}}
	if err := in.Prepare(context.Background()); err != nil {
		t.Fatalf("prepare 0.2.1: %v", err)
	}
	code, _, errOut = jxj(t, "update", "finish", "--data", school, "--after-exit")
	if code != 1 || !strings.Contains(errOut, "0.2.1 没能启动") {
		t.Fatalf("update finish of a release that stops at once: exit %d %q, want it rolled back", code, errOut)
	}
	if b, _ := os.ReadFile(exe); !strings.Contains(string(b), "jxj 0.1.0") {
		t.Errorf("the program after the second rollback: %q, want the old one", b)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(dir, "bin", "started")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the old program was not opened again after the rollback")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
