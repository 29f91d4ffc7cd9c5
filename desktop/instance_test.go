package desktop

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

func TestSecondInstanceBringsTheFirstForward(t *testing.T) {
	dir := t.TempDir()
	first, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	shown := make(chan Request, 2)
	if err := first.Listen(func(r Request) { shown <- r }); err != nil {
		t.Fatal(err)
	}
	if _, err := Acquire(dir); !errors.Is(err, ErrRunning) {
		t.Fatalf("second Acquire: %v, want ErrRunning", err)
	}
	if err := Signal(dir, Show, time.Second); err != nil {
		t.Fatalf("Signal: %v", err)
	}
	// an installer asks it to quit; an unknown request does nothing
	if err := Signal(dir, Quit, time.Second); err != nil {
		t.Fatalf("Signal quit: %v", err)
	}
	if err := Signal(dir, "delete", 0); err == nil {
		t.Error("an unknown request was answered")
	}
	for _, want := range []Request{Show, Quit} {
		select {
		case got := <-shown:
			if got != want {
				t.Errorf("the first instance was asked %q, want %q", got, want)
			}
		case <-time.After(3 * time.Second):
			t.Fatalf("the first instance was not asked %q", want)
		}
	}
	select {
	case got := <-shown:
		t.Errorf("a third request %q reached the window", got)
	default:
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, InstanceFile)); !os.IsNotExist(err) {
		t.Errorf("instance.json left after Close: %v", err)
	}
	again, err := Acquire(dir)
	if err != nil {
		t.Fatalf("Acquire after Close: %v", err)
	}
	again.Close()
}

func TestSignalWithAWrongTokenShowsNothing(t *testing.T) {
	dir := t.TempDir()
	in, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	shown := make(chan Request, 2)
	if err := in.Listen(func(r Request) { shown <- r }); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, InstanceFile))
	if err != nil {
		t.Fatal(err)
	}
	forged := []byte(`{"addr":"` + in.ln.Addr().String() + `","token":"guess"}`)
	if err := os.WriteFile(filepath.Join(dir, InstanceFile), forged, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Signal(dir, Show, 0); err == nil {
		t.Error("Signal with a wrong token succeeded")
	}
	select {
	case <-shown:
		t.Error("a wrong token showed the window")
	case <-time.After(200 * time.Millisecond):
	}
	if err := os.WriteFile(filepath.Join(dir, InstanceFile), data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Signal(dir, Show, 0); err != nil {
		t.Errorf("Signal with the right token: %v", err)
	}
}

func TestSignalRefusesAnAddressBeyondLoopback(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, InstanceFile), []byte(`{"addr":"192.0.2.1:80","token":"x"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Signal(dir, Show, 0); err == nil {
		t.Error("Signal dialled an address beyond 127.0.0.1")
	}
}

// holdEnv makes the test binary a process that holds the folder until it
// is killed (TestKilledInstanceLeavesNoStaleLock).
const holdEnv = "JXJ_TEST_HOLD_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(holdEnv); dir != "" {
		in, err := Acquire(dir)
		if err != nil {
			os.Exit(3)
		}
		if err := in.Listen(func(Request) {}); err != nil {
			os.Exit(4)
		}
		os.Stdout.WriteString("held\n")
		time.Sleep(time.Minute) // killed long before
		os.Exit(5)
	}
	os.Exit(m.Run())
}

func TestKilledInstanceLeavesNoStaleLock(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holdEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 5)
	if _, err := out.Read(buf); err != nil || string(buf) != "held\n" {
		cmd.Process.Kill()
		t.Fatalf("the holder did not start: %q %v", buf, err)
	}
	if _, err := Acquire(dir); !errors.Is(err, ErrRunning) {
		t.Errorf("Acquire while another process holds the folder: %v, want ErrRunning", err)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no clean-up runs
		t.Fatal(err)
	}
	cmd.Wait()
	if _, err := os.Stat(filepath.Join(dir, InstanceFile)); err != nil {
		t.Fatalf("the killed holder's instance.json should still be there: %v", err)
	}
	in, err := Acquire(dir)
	if err != nil {
		t.Fatalf("Acquire after kill -9: %v", err)
	}
	defer in.Close()
	if err := Signal(dir, Show, 0); err == nil {
		t.Error("Signal to a killed instance succeeded")
	}
	if err := in.Listen(func(Request) {}); err != nil {
		t.Fatal(err)
	}
	if err := Signal(dir, Show, time.Second); err != nil {
		t.Errorf("Signal after the new instance listens: %v", err)
	}
}
