package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"jxj/app"
	"jxj/app/demo"
	"jxj/storage"
	"jxj/sync/faultproxy"
	"jxj/sync/receipttest"
)

// beMain makes the test binary run as jxj itself when a fault test starts
// it as a subprocess, so the processes killed are the real command line.
const beMain = "JXJ_TEST_BE_MAIN"

// enrolCodeRE finds the enrolment code in `jxj hub org add`'s output.
var enrolCodeRE = regexp.MustCompile(`[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}`)

// faultSeeds is how many random seeds TestSyncFaults runs; the long run
// sets JXJ_FAULT_SEEDS=200.
func faultSeeds(t *testing.T) int {
	if s := os.Getenv("JXJ_FAULT_SEEDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("JXJ_FAULT_SEEDS=%q", s)
		}
		return n
	}
	return 4
}

// jxjProcess starts the real command line as a subprocess.
func jxjProcess(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), beMain+"=1", "JXJ_LANG=en")
	return cmd
}

// hubProcess is `jxj serve` as a subprocess that the test can kill -9 and
// start again on the same port.
type hubProcess struct {
	t           *testing.T
	dir         string
	args        []string // more flags of jxj serve
	addr        string   // 127.0.0.1:port once started
	fingerprint string   // of its certificate, when it has one
	cmd         *exec.Cmd
	done        chan struct{}
}

func startHub(t *testing.T, dir string, args ...string) *hubProcess {
	h := &hubProcess{t: t, dir: dir, args: args, addr: "127.0.0.1:0"}
	h.start()
	t.Cleanup(h.kill)
	return h
}

// start runs the hub and waits for its "hub listening" log line.
func (h *hubProcess) start() {
	h.t.Helper()
	h.cmd = jxjProcess(h.t, append([]string{"serve", "--data", h.dir, "--listen", h.addr}, h.args...)...)
	stderr, err := h.cmd.StderrPipe()
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	h.done = make(chan struct{})
	type listening struct{ Msg, Addr, Fingerprint string }
	ready := make(chan listening, 1)
	go func() {
		defer close(h.done)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var line listening
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "hub listening" {
				ready <- line
			}
		}
		_ = h.cmd.Wait()
	}()
	select {
	case line := <-ready:
		h.addr, h.fingerprint = line.Addr, line.Fingerprint
	case <-h.done:
		h.t.Fatal("the hub exited before listening")
	case <-time.After(20 * time.Second):
		h.t.Fatal("the hub did not start listening")
	}
}

// kill ends the hub with SIGKILL and waits for it.
func (h *hubProcess) kill() {
	if h.cmd == nil || h.cmd.Process == nil {
		return
	}
	_ = h.cmd.Process.Signal(syscall.SIGKILL)
	<-h.done
	h.cmd = nil
}

// nodeReceipts reads a node's receipts of the bureau notice as the hub
// should have them: family number → state, for every receipt read or
// acknowledged.
func nodeReceipts(t *testing.T, dir, notice string) map[int64]int {
	return receipttest.Node(t, filepath.Join(dir, storage.FileName), notice)
}

func hubReceipts(t *testing.T, dir, notice string) map[int64]int {
	return receipttest.Hub(t, filepath.Join(dir, storage.HubFileName), notice)
}

// withNode opens a node's data in-process (no sync running) and runs fn
// on its services as the administrator.
func withNode(t *testing.T, dir string, fn func(ctx context.Context, svc app.Services)) {
	t.Helper()
	db, err := storage.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fn(app.NewContextWithAccount(context.Background(), app.SystemAccount), db.Services())
}

// copyDir copies a node's data folder (its database, closed).
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o700); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSyncFaults runs the real binaries through a bad link: the school's
// sync process is killed mid-sync, the hub is killed and restarted, the
// proxy between them drops connections, delays, throttles and answers
// 500s, while the school keeps recording receipts. After a last clean
// sync both databases must agree: every receipt exactly once, with the
// school's state.
func TestSyncFaults(t *testing.T) {
	actAs(t, demo.AdminUser) // enrol needs the school's administrator
	template := filepath.Join(t.TempDir(), "template")
	withNode(t, template, func(ctx context.Context, svc app.Services) {
		if err := demo.Create(ctx, svc, demo.Size{Grades: 2, ClassesPerGrade: 2, StudentsPer: 30}); err != nil {
			t.Fatal(err)
		}
	})
	seeds := faultSeeds(t)
	start := time.Now()
	for seed := 1; seed <= seeds; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) { faultRun(t, template, uint64(seed)) })
		if t.Failed() {
			break
		}
	}
	t.Logf("%d seeds in %v", seeds, time.Since(start).Round(time.Second))
}

func faultRun(t *testing.T, template string, seed uint64) {
	rnd := rand.New(rand.NewPCG(seed, 7))
	base := t.TempDir()
	node, hubDir := filepath.Join(base, "node"), filepath.Join(base, "hub")
	copyDir(t, template, node)

	hub := startHub(t, hubDir)
	proxy, err := faultproxy.New(hub.addr, faultproxy.Config{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()

	code, out, errOut := jxj(t, "hub", "org", "add", "--data", hubDir, "--name", "城关镇第一小学", "--type", "primary")
	if code != 0 {
		t.Fatalf("hub org add: %d %s", code, errOut)
	}
	enrolCode := enrolCodeRE.FindString(out)
	if code, _, errOut := jxj(t, "enrol", "--data", node, "--hub", proxy.URL(), "--code", enrolCode); code != 0 {
		t.Fatalf("enrol: %s", errOut)
	}
	code, out, errOut = jxj(t, "hub", "notice", "publish", "--data", hubDir, "--title", "寒假安全告知书", "--body", "……", "--ack")
	if code != 0 {
		t.Fatalf("hub notice publish: %s", errOut)
	}
	hubNoticeID := strings.TrimSpace(out)
	if code, _, errOut := jxj(t, "sync", "--data", node); code != 0 {
		t.Fatalf("first sync: %s", errOut)
	}
	var notice string
	var receipts []app.Receipt
	withNode(t, node, func(ctx context.Context, svc app.Services) {
		ns, err := svc.Notices.Notices(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			if n.Bureau {
				notice = n.UUID
				if _, err := svc.Notices.ForwardBureau(ctx, n.ID, app.Target{School: true}); err != nil {
					t.Fatal(err)
				}
				if receipts, err = svc.Notices.Receipts(ctx, n.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
	if notice == "" {
		t.Fatal("the bureau notice did not come down")
	}

	var killedNode, killedHub, failed int
	for round := range 8 {
		// the school records more receipts between syncs
		withNode(t, node, func(ctx context.Context, svc app.Services) {
			var marks []app.ReceiptMark
			for range 20 + rnd.IntN(60) {
				r := receipts[rnd.IntN(len(receipts))]
				state := app.ReceiptRead + app.ReceiptState(rnd.IntN(2))
				marks = append(marks, app.ReceiptMark{ReceiptID: r.ID, State: state, Channel: app.ChannelPhone})
			}
			if err := svc.Notices.MarkReceipts(ctx, marks); err != nil {
				t.Fatal(err)
			}
		})
		proxy.SetConfig(faultproxy.Config{
			Seed:               seed*100 + uint64(round),
			Latency:            time.Duration(10+rnd.IntN(50)) * time.Millisecond,
			BytesPerSecond:     []int{0, 8000, 32000}[rnd.IntN(3)],
			DropProbability:    0.3 * rnd.Float64(),
			DropAfterBytes:     int64(200 + rnd.IntN(4000)),
			Fail500Probability: 0.2 * rnd.Float64(),
		})
		cmd := jxjProcess(t, "sync", "--data", node)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() { _ = cmd.Wait(); close(exited) }()
		switch rnd.IntN(3) {
		case 0: // kill -9 the school's sync at a random moment
			time.Sleep(time.Duration(20+rnd.IntN(230)) * time.Millisecond)
			if cmd.Process.Signal(syscall.SIGKILL) == nil {
				killedNode++
			}
		case 1: // kill -9 the hub under it, then start it again
			time.Sleep(time.Duration(20+rnd.IntN(230)) * time.Millisecond)
			hub.kill()
			killedHub++
			hub.start()
		}
		select {
		case <-exited:
			if !cmd.ProcessState.Success() {
				failed++
			}
		case <-time.After(60 * time.Second):
			_ = cmd.Process.Signal(syscall.SIGKILL)
			t.Fatal("a sync did not end within a minute")
		}
	}

	// a clean link: sync until nothing waits (a killed run may have left
	// a batch the hub applied but the school never heard of)
	proxy.SetConfig(faultproxy.Config{})
	for try := 0; ; try++ {
		code, _, errOut := jxj(t, "sync", "--data", node)
		var pending int
		withNode(t, node, func(ctx context.Context, svc app.Services) {
			st, err := svc.Sync.SyncState(ctx)
			if err != nil {
				t.Fatal(err)
			}
			pending = st.Pending
			if st.Conflicts != 0 {
				c, _ := svc.Sync.Conflicts(ctx)
				t.Fatalf("%d conflicts: %+v", st.Conflicts, c)
			}
		})
		if code == 0 && pending == 0 {
			break
		}
		if try == 3 {
			t.Fatalf("clean syncs leave %d pending (exit %d: %s)", pending, code, errOut)
		}
	}

	want, got := nodeReceipts(t, node, notice), hubReceipts(t, hubDir, notice)
	lost, wrong, extra := 0, 0, 0
	for family, state := range want {
		switch s, ok := got[family]; {
		case !ok:
			lost++
		case s != state:
			wrong++
		}
	}
	for family := range got {
		if _, ok := want[family]; !ok {
			extra++
		}
	}
	if lost+wrong+extra > 0 || len(want) == 0 {
		t.Fatalf("school %d receipts, hub %d: %d lost, %d with another state, %d the school does not have",
			len(want), len(got), lost, wrong, extra)
	}
	// the school's confirmation and forward arrived once, with its count
	var families, confirmed, forwarded int
	db, err := sql.Open("sqlite", "file:"+filepath.Join(hubDir, storage.HubFileName)+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	err = db.QueryRow(`SELECT x.families, x.confirmed_at <> '', x.forwarded_at <> '' FROM hub_notice_orgs x
		JOIN hub_notices n ON n.id = x.notice_id WHERE n.uuid = ?`, notice).Scan(&families, &confirmed, &forwarded)
	db.Close()
	if err != nil || families != len(receipts) || confirmed != 1 || forwarded != 1 {
		t.Fatalf("hub: families %d (school has %d), confirmed %d, forwarded %d, %v", families, len(receipts), confirmed, forwarded, err)
	}
	ps := proxy.Stats()
	t.Logf("%d receipts agree; node killed %d times, hub %d, %d syncs failed; proxy: %d connections, %d dropped, %d answered 500",
		len(want), killedNode, killedHub, failed, ps.Connections, ps.Drops, ps.Fail500s)
	if code, out, _ := jxj(t, "hub", "notice", "status", "--data", hubDir, hubNoticeID); code != 0 || !strings.Contains(out, "城关镇第一小学") {
		t.Errorf("hub notice status: %d\n%s", code, out)
	}
}
