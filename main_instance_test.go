package main

import (
	"testing"
	"time"

	"jxj/app"
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
	if err := first.Listen(func() { shown <- struct{}{} }); err != nil {
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
