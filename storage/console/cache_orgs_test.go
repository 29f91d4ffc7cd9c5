package console

import (
	"context"
	"testing"

	"jxj/app"
)

// The work on schools goes to the hub while it answers and is refused
// while the copy is browsed; the copy of the schools keeps their nodes'
// version and conflicts.
func TestCacheOrgWork(t *testing.T) {
	ctx := context.Background()
	down := false
	hub := hubFake(&down)
	hub.OrgsFn = func(context.Context) ([]*app.HubOrg, error) {
		if down {
			return nil, app.Errorf(app.EINTERNAL, "hub_accounts.error.unreachable", "https://hub")
		}
		return []*app.HubOrg{{ID: 1, Name: "城关一小", AppVersion: "v1.12.0", Conflicts: 2}}, nil
	}
	calls := 0
	hub.EditOrgFn = func(context.Context, int64, app.HubOrgUpdate) (*app.HubOrg, error) {
		calls++
		return &app.HubOrg{ID: 1}, nil
	}
	hub.ImportOrgsFn = func(context.Context, []app.HubOrgRow, bool) (*app.ImportPlan, error) {
		calls++
		return &app.ImportPlan{}, nil
	}
	hub.LetterCodesFn = func(context.Context, []int64, bool) ([]app.EnrolLetter, error) { calls++; return nil, nil }
	files := Files{Dir: t.TempDir()}
	c := files.Cache(hub)
	if _, err := c.Login(ctx, app.BureauLogin{HubURL: "https://hub"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Orgs(ctx); err != nil {
		t.Fatal(err)
	}
	name := "城关第一小学"
	_, err1 := c.EditOrg(ctx, 1, app.HubOrgUpdate{Name: &name})
	_, err2 := c.ImportOrgs(ctx, nil, true)
	_, err3 := c.LetterCodes(ctx, nil, false)
	if err1 != nil || err2 != nil || err3 != nil || calls != 3 {
		t.Fatalf("online: %v %v %v, %d calls; want all 3 through", err1, err2, err3, calls)
	}

	down = true
	next := files.Cache(hub)
	if !next.Browse("https://hub") {
		t.Fatal("no copy to browse")
	}
	if orgs, err := next.Orgs(ctx); !isStale(err) || len(orgs) != 1 || orgs[0].AppVersion != "v1.12.0" || orgs[0].Conflicts != 2 {
		t.Errorf("the copy of the schools = %+v, %v; want the version and conflicts kept", orgs, err)
	}
	_, err1 = next.EditOrg(ctx, 1, app.HubOrgUpdate{Name: &name})
	_, err2 = next.ImportOrgs(ctx, nil, true)
	_, err3 = next.LetterCodes(ctx, nil, false)
	for _, err := range []error{err1, err2, err3} {
		var ae *app.Error
		if ae, _ = err.(*app.Error); ae == nil || ae.Key != "bureau_console.error.offline_readonly" {
			t.Errorf("browsing the copy: %v, want refused as read-only", err)
		}
	}
	if calls != 3 {
		t.Errorf("%d calls reached the hub while browsing", calls-3)
	}
}
