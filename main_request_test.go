package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jxj/app"
	"jxj/app/demo"
)

// Issue 14's request, with the real binaries and a real hub on
// 127.0.0.1: the school submits a class trip with its safety plan
// attached, it goes up with `jxj sync`, the section and then the leader
// decide it with `jxj hub request decide` (a rejection without an
// opinion is refused), and after the school's next sync `jxj request
// list` shows it approved (通过) with the opinion; a withdrawal is then
// refused. The commands run in English, as every subprocess here.
func TestRequestEndToEnd(t *testing.T) {
	base := t.TempDir()
	hubDir, school := filepath.Join(base, "hub"), filepath.Join(base, "school")
	for _, name := range []string{"keshi", "lingdao"} {
		var out, errOut bytes.Buffer
		if code := run([]string{"hub", "account", "add", "--data", hubDir, "--role", "staff", name},
			strings.NewReader("bureau-pass-1\n"), &out, &errOut); code != 0 {
			t.Fatalf("hub account add %s: %d %s%s", name, code, out.String(), errOut.String())
		}
	}
	mustRun(t, "hub", "request", "types", "--data", hubDir, "--set", "trip", "--steps", "科室:keshi;分管领导:lingdao")
	hub := startHub(t, hubDir)
	actAs(t, demo.AdminUser)
	withNode(t, school, func(ctx context.Context, svc app.Services) {
		if err := demo.Create(ctx, svc, demo.Size{Grades: 2, ClassesPerGrade: 2, StudentsPer: 10}); err != nil {
			t.Fatal(err)
		}
	})
	out := mustRun(t, "hub", "org", "add", "--data", hubDir, "--name", "城关镇第一小学", "--type", "primary", "--township", "城关镇")
	mustRun(t, "enrol", "--data", school, "--hub", "http://"+hub.addr, "--code", enrolCodeRE.FindString(out))

	plan := filepath.Join(base, "安全预案.txt")
	if err := os.WriteFile(plan, []byte("每 10 名学生 1 名带队教师。"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runJXJ(t, "request", "submit", "--data", school, "--type", "trip", "--title", "研学",
		"--field", "date=2099-04-10", "--field", "place=县博物馆", "--field", "students=86", "--field", "teachers=9",
		"--field", "transport=包车 13800138000", "--field", "safety_plan=见附件"); code != 1 || !strings.Contains(errOut, "phone number") {
		t.Fatalf("a phone number in a field: exit %d %s", code, errOut)
	}
	id := strings.TrimSpace(mustRun(t, "request", "submit", "--data", school, "--type", "trip", "--title", "五年级赴县博物馆研学",
		"--field", "date=2099-04-10", "--field", "place=县博物馆", "--field", "students=86", "--field", "teachers=9",
		"--field", "transport=包车", "--field", "safety_plan=见附件", "--attach", plan))
	if id != "1" {
		t.Fatalf("request submit printed %q, want the first request's id", id)
	}
	mustRun(t, "sync", "--data", school)

	if out := mustRun(t, "hub", "request", "list", "--data", hubDir, "--for", "keshi"); !strings.Contains(out, "五年级赴县博物馆研学") ||
		!strings.Contains(out, "1/2 科室") {
		t.Fatalf("科室's queue:\n%s", out)
	}
	code, _, errOut := runJXJ(t, "hub", "request", "decide", "--data", hubDir, "--reject", "--as", "keshi", "1")
	if code != 1 || !strings.Contains(errOut, "needs an opinion") {
		t.Fatalf("a rejection without an opinion: exit %d %s", code, errOut)
	}
	mustRun(t, "hub", "request", "decide", "--data", hubDir, "--approve", "--opinion", "同意", "--as", "keshi", "1")
	if code, _, _ := runJXJ(t, "hub", "request", "decide", "--data", hubDir, "--approve", "--as", "keshi", "1"); code != 1 {
		t.Fatalf("科室 deciding the leader's step: exit %d, want 1", code)
	}
	mustRun(t, "hub", "request", "decide", "--data", hubDir, "--approve", "--opinion", "同意，注意安全", "--as", "lingdao", "--step", "2", "1")

	mustRun(t, "sync", "--data", school)
	list := mustRun(t, "request", "list", "--data", school)
	if !strings.Contains(list, "Approved") || !strings.Contains(list, "同意，注意安全") || !strings.Contains(list, "科室: approved by keshi") {
		t.Fatalf("request list after the decision:\n%s", list)
	}
	if code, _, errOut := runJXJ(t, "request", "withdraw", "--data", school, id); code != 1 || !strings.Contains(errOut, "cannot be withdrawn") {
		t.Fatalf("withdrawing a decided request: exit %d %s", code, errOut)
	}
}
