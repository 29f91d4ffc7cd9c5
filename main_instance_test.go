package main

import (
	"strings"
	"sync"
	"testing"
	"time"

	"jxj/app"
	"jxj/desktop"
)

// A second window on a data folder brings the first forward and goes,
// without opening the database; a first that does not answer is said.
func TestSecondWindowOnTheDataFolder(t *testing.T) {
	dir := t.TempDir()
	first, held, err := holdDataDir(dir)
	if err != nil || !held {
		t.Fatalf("first: held %v, %v", held, err)
	}
	defer first.Close()

	signalWait = 300 * time.Millisecond
	defer func() { signalWait = 5 * time.Second }()
	_, held, err = holdDataDir(dir)
	if held || app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("a first that does not listen: held %v, %v; want the already-running error", held, err)
	}

	shown := make(chan struct{}, 1)
	if err := first.Listen(func(desktop.Request) { shown <- struct{}{} }); err != nil {
		t.Fatal(err)
	}
	second, held, err := holdDataDir(dir)
	if held || err != nil || second != nil {
		t.Fatalf("second: held %v, %v", held, err)
	}
	select {
	case <-shown:
	case <-time.After(3 * time.Second):
		t.Fatal("the first window was not brought forward")
	}
}

// jxj quit closes the window on the data folder, even one living in the
// tray: the window is asked, quits and lets the folder go. With none
// running it says so; one that stays is said after the wait.
func TestQuitTheWindow(t *testing.T) {
	dir := t.TempDir()
	if code, out, errOut := jxj(t, "quit", "--data", dir); code != 0 || !strings.Contains(out, "没有正在运行") {
		t.Fatalf("quit with no window: exit %d %q %q", code, out, errOut)
	}

	window, held, err := holdDataDir(dir)
	if err != nil || !held {
		t.Fatalf("the window: held %v, %v", held, err)
	}
	var asked []desktop.Request
	var mu sync.Mutex
	if err := window.Listen(func(r desktop.Request) {
		mu.Lock()
		asked = append(asked, r)
		mu.Unlock()
		if r == desktop.Quit {
			go window.Close() // as the window does once its database is closed
		}
	}); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := jxj(t, "quit", "--data", dir); code != 0 || !strings.Contains(out, "已关闭") {
		t.Fatalf("quit: exit %d %q %q", code, out, errOut)
	}
	mu.Lock()
	if len(asked) != 1 || asked[0] != desktop.Quit {
		t.Errorf("the window was asked %v, want quit", asked)
	}
	mu.Unlock()
	if windowOpen(dir) {
		t.Error("the folder is still held after quit")
	}

	stubborn, _, err := holdDataDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer stubborn.Close()
	if err := stubborn.Listen(func(desktop.Request) {}); err != nil {
		t.Fatal(err)
	}
	quitWait = 500 * time.Millisecond
	defer func() { quitWait = 15 * time.Second }()
	if code, _, errOut := jxj(t, "quit", "--data", dir); code != 1 || !strings.Contains(errOut, "仍在运行") {
		t.Errorf("quit of a window that stays: exit %d %q, want it said", code, errOut)
	}
}
