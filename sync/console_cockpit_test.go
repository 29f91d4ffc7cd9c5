package sync_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"jxj/app"
	jxjsync "jxj/sync"
)

// The console reads the hub's cockpit as `jxj hub cockpit --json` does,
// for the county, a township and a school; both roles read it, a
// school's credential and no session are refused, and a bad query is
// said plainly.
func TestConsoleCockpit(t *testing.T) {
	ctx := context.Background()
	hub := newTestHub(t)
	daily, org := enrolNode(t, hub, "城关一小", "城关镇", smallSchool)
	if _, _, err := hub.store.AddOrg(admin, app.HubOrgDraft{Name: "河口小学", Kind: app.OrgPrimary, Township: "河口乡"}); err != nil {
		t.Fatal(err)
	}
	mustSync(t, daily)
	mustBureau(t, hub.store, "wang", "bureau-pass-1", app.BureauAdmin)
	mustBureau(t, hub.store, "li", "bureau-pass-2", app.BureauStaff)

	today := time.Now()
	for _, tt := range []struct {
		user, pw string
		q        app.DistrictQuery
		orgs     int
	}{
		{"wang", "bureau-pass-1", app.DistrictQuery{}, 2},
		{"li", "bureau-pass-2", app.DistrictQuery{From: today.AddDate(0, 0, -6), To: today, Scope: app.CockpitScope{Township: "城关镇"}}, 1},
		{"li", "bureau-pass-2", app.DistrictQuery{Scope: app.CockpitScope{Township: "城关镇", OrgID: org.ID}}, 1},
	} {
		c := jxjsync.NewConsoleClient()
		if _, err := c.Login(ctx, app.BureauLogin{HubURL: hub.srv.URL, Username: tt.user, Password: tt.pw}); err != nil {
			t.Fatal(err)
		}
		got, err := c.DistrictCockpit(ctx, tt.q)
		if err != nil {
			t.Fatalf("%s reads the cockpit of %+v: %v", tt.user, tt.q.Scope, err)
		}
		want, err := hub.store.DistrictCockpit(ctx, tt.q)
		if err != nil {
			t.Fatal(err)
		}
		gotJSON, _ := json.Marshal(got)
		wantJSON, _ := json.Marshal(want)
		if string(gotJSON) != string(wantJSON) {
			t.Errorf("%s's cockpit of %+v differs from the hub's:\n%s\n%s", tt.user, tt.q.Scope, gotJSON, wantJSON)
		}
		if got.Orgs.Total != tt.orgs || got.Roster.Students != 40 {
			t.Errorf("cockpit of %+v: %d orgs, %d students; want %d and 40", tt.q.Scope, got.Orgs.Total, got.Roster.Students, tt.orgs)
		}
	}

	c := jxjsync.NewConsoleClient()
	if _, err := c.Login(ctx, app.BureauLogin{HubURL: hub.srv.URL, Username: "li", Password: "bureau-pass-2"}); err != nil {
		t.Fatal(err)
	}
	_, err := c.DistrictCockpit(ctx, app.DistrictQuery{Scope: app.CockpitScope{OrgID: 999}})
	wantKey(t, "no such school", err, app.ENOTFOUND, "district.error.no_school")
	_, err = c.DistrictCockpit(ctx, app.DistrictQuery{From: today, To: today.AddDate(0, 0, -3)})
	if app.ErrorCode(err) != app.EINVALID {
		t.Errorf("a range backwards: %v, want EINVALID", err)
	}

	st, _ := daily.svc.Sync.SyncState(admin)
	for _, tt := range []struct {
		name, path, credential string
		want                   int
	}{
		{"school credential", "cockpit", st.Credential, 401},
		{"no session", "cockpit", "", 401},
		{"a day that is none", "cockpit?from=2026-13-01", "", 401},
	} {
		if got := get(t, hub.srv.URL+jxjsync.PathConsole+tt.path, tt.credential, nil); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
	sess, err := hub.store.BureauLogin(ctx, "li", "bureau-pass-2")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"cockpit?from=2026-13-01", "cockpit?school=abc", "cockpit?school=-1", "cockpit?to=yesterday"} {
		if got := get(t, hub.srv.URL+jxjsync.PathConsole+path, sess.Token, nil); got != 400 {
			t.Errorf("%s: %d, want 400", path, got)
		}
	}
}
