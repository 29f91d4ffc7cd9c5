package desktop

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// The files of the instance in the data folder: the lock held while jxj's
// window runs on the folder, and where it listens for a second start.
const (
	LockFile     = "jxj.lock"
	InstanceFile = "instance.json"
)

// ErrRunning is Acquire's when another jxj holds the data folder.
var ErrRunning = errors.New("desktop: another jxj runs on this data folder")

// signalTimeout bounds a second start's talk with the first.
const signalTimeout = 3 * time.Second

// Instance is the lock of a data folder held by the running window, and
// the port on 127.0.0.1 where a second start asks it to come forward.
// The lock is the OS's (flock, LockFileEx): it goes with the process, so
// a jxj killed with kill -9 leaves nothing that blocks the next start.
type Instance struct {
	dir   string
	lock  *os.File
	ln    net.Listener
	token string
	wg    sync.WaitGroup
}

// instanceInfo is instance.json: where the running window listens and the
// token a caller must send, so that only a user who can read the data
// folder (0600) can poke the window.
type instanceInfo struct {
	Addr  string `json:"addr"`
	Token string `json:"token"`
	PID   int    `json:"pid"`
}

// Acquire takes the data folder dir for this process, or returns
// ErrRunning when another process holds it.
func Acquire(dir string) (*Instance, error) {
	f, err := os.OpenFile(filepath.Join(dir, LockFile), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, ErrRunning
		}
		return nil, err
	}
	return &Instance{dir: dir, lock: f}, nil
}

// Request is what another jxj asks of the running window.
type Request string

// The requests: a second start asks the window to come forward; `jxj
// quit` (an installer about to replace the program) asks it to quit, as
// 退出 in the tray does.
const (
	Show Request = "show"
	Quit Request = "quit"
)

// Listen answers other jxj processes by calling do with their request
// (from a goroutine of its own), until Close. It writes instance.json for
// them.
func (in *Instance) Listen(do func(Request)) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		ln.Close()
		return err
	}
	in.ln, in.token = ln, hex.EncodeToString(b)
	data, _ := json.Marshal(instanceInfo{Addr: ln.Addr().String(), Token: in.token, PID: os.Getpid()})
	if err := writeFileAtomic(filepath.Join(in.dir, InstanceFile), data); err != nil {
		ln.Close()
		return err
	}
	in.wg.Add(1)
	go func() {
		defer in.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return // closed
			}
			if req, ok := in.answer(c); ok {
				do(req)
			}
		}
	}()
	return nil
}

// answer reads one request from c: one it knows, with the right token.
func (in *Instance) answer(c net.Conn) (Request, bool) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(signalTimeout))
	line, err := bufio.NewReader(io.LimitReader(c, 256)).ReadString('\n')
	if err != nil {
		return "", false
	}
	verb, token, _ := strings.Cut(strings.TrimSpace(line), " ")
	req := Request(verb)
	if (req != Show && req != Quit) || token != in.token {
		return "", false
	}
	_, _ = io.WriteString(c, "ok\n")
	return req, true
}

// Close stops listening and lets the folder go.
func (in *Instance) Close() error {
	if in.ln != nil {
		in.ln.Close()
		in.wg.Wait()
		os.Remove(filepath.Join(in.dir, InstanceFile))
	}
	err := unlockFile(in.lock)
	return errors.Join(err, in.lock.Close())
}

// Signal asks the jxj running on dir for req. It tries for up to wait,
// since the first one may still be starting.
func Signal(dir string, req Request, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		err := signalOnce(dir, req)
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func signalOnce(dir string, req Request) error {
	data, err := os.ReadFile(filepath.Join(dir, InstanceFile))
	if err != nil {
		return err
	}
	var info instanceInfo
	if err := json.Unmarshal(data, &info); err != nil {
		return err
	}
	if host, _, err := net.SplitHostPort(info.Addr); err != nil || host != "127.0.0.1" {
		return fmt.Errorf("desktop: %s is not a local address", info.Addr)
	}
	c, err := net.DialTimeout("tcp", info.Addr, signalTimeout)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(signalTimeout))
	if _, err := io.WriteString(c, string(req)+" "+info.Token+"\n"); err != nil {
		return err
	}
	line, err := bufio.NewReader(io.LimitReader(c, 16)).ReadString('\n')
	if err != nil || line != "ok\n" {
		return fmt.Errorf("desktop: the running jxj did not answer (%v)", err)
	}
	return nil
}

// writeFileAtomic writes data to path through a temporary file, so a
// reader never sees half of it.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
