package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jxj/app"
	"jxj/app/demo"
	"jxj/storage"
)

// runJXJ runs the real command line as a subprocess to its end.
func runJXJ(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut strings.Builder
	cmd := jxjProcess(t, args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil && cmd.ProcessState == nil {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

// mustRun runs the command line and fails the test unless it succeeds.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := runJXJ(t, args...)
	if code != 0 {
		t.Fatalf("jxj %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// markFirst records receipts of a node's copy of a bureau notice, those
// from..to in the notice's order, at state.
func markFirst(t *testing.T, dir, notice string, from, to int, state app.ReceiptState) {
	t.Helper()
	withNode(t, dir, func(ctx context.Context, svc app.Services) {
		rs, err := svc.Notices.Receipts(ctx, localNotice(t, ctx, svc, notice).ID)
		if err != nil {
			t.Fatal(err)
		}
		var marks []app.ReceiptMark
		for _, r := range rs[from:to] {
			marks = append(marks, app.ReceiptMark{ReceiptID: r.ID, State: state, Channel: app.ChannelSlip})
		}
		if err := svc.Notices.MarkReceipts(ctx, marks); err != nil {
			t.Fatal(err)
		}
	})
}

// localNotice is the node's copy of a bureau notice.
func localNotice(t *testing.T, ctx context.Context, svc app.Services, uuid string) *app.Notice {
	t.Helper()
	ns, err := svc.Notices.Notices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range ns {
		if n.UUID == uuid {
			return n
		}
	}
	t.Fatalf("notice %s has not come down", uuid)
	return nil
}

// forward sends a node's copy of a bureau notice to the whole school.
func forward(t *testing.T, dir, notice string) {
	t.Helper()
	withNode(t, dir, func(ctx context.Context, svc app.Services) {
		if _, err := svc.Notices.ForwardBureau(ctx, localNotice(t, ctx, svc, notice).ID, app.Target{School: true}); err != nil {
			t.Fatal(err)
		}
	})
}

// The run, with the real binaries and a real hub on 127.0.0.1:
// sync, copy the data folder (the README's backup), sync more, restore
// the copy, record 10 acknowledgements, sync. The restored node refuses
// nothing and loses nothing, also after enrolling again; once it has
// forwarded again the notice the lost copy forwarded after the backup,
// both databases hold every receipt once, with the highest state, and
// the same count of families.
func TestRestoredBackupSyncsOn(t *testing.T) {
	base := t.TempDir()
	node, backup, hubDir := filepath.Join(base, "node"), filepath.Join(base, "backup"), filepath.Join(base, "hub")
	withNode(t, node, func(ctx context.Context, svc app.Services) {
		if err := demo.Create(ctx, svc, demo.Size{Grades: 2, ClassesPerGrade: 2, StudentsPer: 15}); err != nil {
			t.Fatal(err)
		}
	})
	hub := startHub(t, hubDir)
	out := mustRun(t, "hub", "org", "add", "--data", hubDir, "--name", "城关镇第一小学", "--type", "primary")
	actAs(t, demo.AdminUser)
	mustRun(t, "enrol", "--data", node, "--hub", "http://"+hub.addr, "--code", enrolCodeRE.FindString(out))
	var notices []string
	for _, title := range []string{"寒假安全告知书", "防溺水告知书"} {
		mustRun(t, "hub", "notice", "publish", "--data", hubDir, "--title", title, "--body", "……", "--ack")
	}
	mustRun(t, "sync", "--data", node)
	withNode(t, node, func(ctx context.Context, svc app.Services) {
		ns, err := svc.Notices.Notices(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			if n.Bureau {
				notices = append([]string{n.UUID}, notices...) // oldest first
			}
		}
	})
	if len(notices) != 2 {
		t.Fatalf("%d bureau notices came down, want 2", len(notices))
	}
	first, second := notices[0], notices[1]
	forward(t, node, first)
	markFirst(t, node, first, 0, 10, app.ReceiptAcked)
	mustRun(t, "sync", "--data", node)

	copyDir(t, node, backup)
	markFirst(t, node, first, 10, 20, app.ReceiptAcked)
	markFirst(t, node, first, 20, 25, app.ReceiptRead)
	forward(t, node, second)
	markFirst(t, node, second, 0, 5, app.ReceiptAcked)
	mustRun(t, "sync", "--data", node)

	if err := os.RemoveAll(node); err != nil {
		t.Fatal(err)
	}
	copyDir(t, backup, node)
	markFirst(t, node, first, 15, 25, app.ReceiptAcked) // 10 acknowledgements, 5 the lost copy had
	if out := mustRun(t, "sync", "--data", node); !strings.Contains(out, ", 0 refused") {
		t.Errorf("the restored node's sync: %s", out)
	}
	// enrolling again changes nothing of it
	code := enrolCodeRE.FindString(mustRun(t, "hub", "org", "code", "--data", hubDir, "1"))
	mustRun(t, "enrol", "--data", node, "--hub", "http://"+hub.addr, "--code", code)
	forward(t, node, second)
	markFirst(t, node, second, 3, 8, app.ReceiptRead)
	if out := mustRun(t, "sync", "--data", node); !strings.Contains(out, ", 0 refused") {
		t.Errorf("the sync after enrolling again: %s", out)
	}
	withNode(t, node, func(ctx context.Context, svc app.Services) {
		st, err := svc.Sync.SyncState(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Pending != 0 || st.Conflicts != 0 {
			c, _ := svc.Sync.Conflicts(ctx)
			t.Fatalf("after the syncs: %d pending, %d conflicts %+v; want none", st.Pending, st.Conflicts, c)
		}
	})

	for _, tt := range []struct {
		name          string
		notice        string
		read, acked   int
		familiesTotal int
	}{
		{"first", first, 25, 25, 60},
		{"second", second, 8, 5, 60},
	} {
		want, got := nodeReceipts(t, node, tt.notice), hubReceipts(t, hubDir, tt.notice)
		acked := 0
		for family, state := range want {
			if got[family] != state {
				t.Errorf("%s notice, family %d: node %d, hub %d", tt.name, family, state, got[family])
			}
			if state == int(app.ReceiptAcked) {
				acked++
			}
		}
		if len(want) != tt.read || len(got) != tt.read || acked != tt.acked {
			t.Errorf("%s notice: node %d receipts (%d acknowledged), hub %d; want %d (%d)", tt.name, len(want), acked, len(got), tt.read, tt.acked)
		}
		if families := hubFamilies(t, hubDir, tt.notice); families != tt.familiesTotal {
			t.Errorf("%s notice: the hub counts %d families, want %d", tt.name, families, tt.familiesTotal)
		}
	}
}

// hubFamilies is the families count the hub has for the school's forward
// of a notice.
func hubFamilies(t *testing.T, dir, notice string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, storage.HubFileName)+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT x.families FROM hub_notice_orgs x JOIN hub_notices n ON n.id = x.notice_id WHERE n.uuid = ?`, notice).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
