package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"jxj/app"
	"jxj/app/demo"
)

// Issue 12's run, with the real binaries and a real hub on 127.0.0.1:
// three enrolled demo schools, one that syncs, one that synced once before
// the bureau's notice, one that never synced. The notice reaches the
// first, which confirms it, forwards it to its families, records their
// acknowledgements and takes today's roll; `jxj hub cockpit` then shows
// that school's figures, and lists the other two as not reporting, and
// the silent one as never synced.
func TestDistrictEndToEnd(t *testing.T) {
	base := t.TempDir()
	hubDir := filepath.Join(base, "hub")
	hub := startHub(t, hubDir)
	actAs(t, demo.AdminUser)
	schools := []struct{ name, kind, township, dir string }{
		{"城关镇第一小学", "primary", "城关镇", filepath.Join(base, "a")},
		{"城关镇中学", "middle", "城关镇", filepath.Join(base, "b")},
		{"河口乡小学", "primary", "河口乡", filepath.Join(base, "c")},
	}
	for _, s := range schools {
		withNode(t, s.dir, func(ctx context.Context, svc app.Services) {
			if err := demo.Create(ctx, svc, demo.Size{Grades: 2, ClassesPerGrade: 2, StudentsPer: 15}); err != nil {
				t.Fatal(err)
			}
		})
		out := mustRun(t, "hub", "org", "add", "--data", hubDir, "--name", s.name, "--type", s.kind, "--township", s.township)
		mustRun(t, "enrol", "--data", s.dir, "--hub", "http://"+hub.addr, "--code", enrolCodeRE.FindString(out))
	}
	active, once := schools[0].dir, schools[1].dir
	mustRun(t, "sync", "--data", once) // its only sync, before the notice

	mustRun(t, "hub", "notice", "publish", "--data", hubDir, "--title", "寒假安全告知书", "--body", "各校：……", "--ack")
	mustRun(t, "sync", "--data", active)
	var notice string
	withNode(t, active, func(ctx context.Context, svc app.Services) {
		ns, err := svc.Notices.Notices(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			if n.Bureau {
				notice = n.UUID
			}
		}
		if notice == "" {
			t.Fatal("the bureau's notice did not come down")
		}
		if _, err := svc.Notices.ConfirmBureau(ctx, localNotice(t, ctx, svc, notice).ID); err != nil {
			t.Fatal(err)
		}
	})
	forward(t, active, notice)
	markFirst(t, active, notice, 0, 24, app.ReceiptAcked)
	markFirst(t, active, notice, 24, 30, app.ReceiptRead)

	// today's roll in each of its four classes, one absent in the first
	today := app.FormatDate(time.Now())
	var classes []*app.Class
	var absent string
	withNode(t, active, func(ctx context.Context, svc app.Services) {
		cs, err := svc.Classes.Classes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		classes = cs
		dir, err := svc.Directory.Directory(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range dir.Entries {
			if e.ClassID == cs[0].ID {
				absent = e.StudentNo
				break
			}
		}
	})
	for i, c := range classes {
		args := []string{"attendance", "mark", "--data", active, "--date", today, "--class", strconv.FormatInt(c.ID, 10)}
		if i == 0 {
			args = append(args, "--absent", absent)
		}
		mustRun(t, args...)
	}
	mustRun(t, "sync", "--data", active)

	out := mustRun(t, "hub", "cockpit", "--data", hubDir, "--from", today, "--to", today, "--json")
	var ck app.DistrictCockpit
	if err := json.Unmarshal([]byte(out), &ck); err != nil {
		t.Fatalf("hub cockpit --json: %v\n%s", err, out)
	}
	if ck.Orgs.Total != 3 || len(ck.Orgs.ByTownship) != 2 {
		t.Errorf("schools: %d in %d townships, want 3 in 2", ck.Orgs.Total, len(ck.Orgs.ByTownship))
	}
	// the two that sent figures: the active one today, the other once
	if ck.Roster.Students != 120 || ck.Roster.Classes != 8 {
		t.Errorf("roster: %d students in %d classes, want 120 in 8 (two schools sent figures)", ck.Roster.Students, ck.Roster.Classes)
	}
	var missing []string
	for _, m := range ck.Reporting.Missing {
		missing = append(missing, m.Org.Name)
	}
	if len(missing) != 2 || !strings.Contains(strings.Join(missing, ","), "城关镇中学") || !strings.Contains(strings.Join(missing, ","), "河口乡小学") {
		t.Errorf("not reporting: %v, want 城关镇中学 and 河口乡小学", missing)
	}
	if a := ck.Attendance.Counts; a.Expected != 60 || a.Absent != 1 {
		t.Errorf("attendance today: %+v, want 60 expected, 1 absent", a)
	}
	if len(ck.Freshness.Stale) == 0 || ck.Freshness.Stale[0].Name != "河口乡小学" || !ck.Freshness.Stale[0].LastSync.IsZero() {
		t.Errorf("stale schools: %+v, want 河口乡小学 first, never synced", ck.Freshness.Stale)
	}
	if len(ck.Reach.Notices) != 1 {
		t.Fatalf("notices followed: %d, want 1", len(ck.Reach.Notices))
	}
	n := ck.Reach.Notices[0]
	if n.Sent != 3 || n.Confirmed != 1 || n.Forwarded != 1 || n.Families != 60 || n.Read != 30 || n.Acked != 24 {
		t.Errorf("the notice's reach: sent %d, confirmed %d, forwarded %d, families %d, read %d, acked %d; want 3, 1, 1, 60, 30, 24",
			n.Sent, n.Confirmed, n.Forwarded, n.Families, n.Read, n.Acked)
	}
	// only the active school confirmed and forwarded it, to its 60
	// families, 24 of which acknowledged
	type reach struct {
		done            bool
		families, acked int
	}
	for _, s := range n.Schools {
		want := map[string]reach{"城关镇第一小学": {true, 60, 24}}[s.Org.Name]
		if got := (reach{s.Confirmed && s.Forwarded, s.Families, s.Ack}); got != want {
			t.Errorf("%s: %+v, want %+v", s.Org.Name, got, want)
		}
	}

	// the tables a person reads say the same (the subprocess speaks English)
	table := mustRun(t, "hub", "cockpit", "--data", hubDir, "--from", today, "--to", today)
	for _, want := range []string{"寒假安全告知书", "城关镇第一小学", "河口乡小学", "never synced"} {
		if !strings.Contains(table, want) {
			t.Errorf("hub cockpit lacks %q:\n%s", want, table)
		}
	}
}
