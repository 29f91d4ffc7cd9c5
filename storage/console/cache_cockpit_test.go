package console

import (
	"context"
	"testing"
	"time"

	"jxj/app"
)

// The last cockpit of each query is kept: offline, the same query gets
// its copy with its time, another query gets none, and a console that
// fetched only the cockpit can browse it at the next start.
func TestCacheKeepsTheCockpitPerQuery(t *testing.T) {
	ctx := context.Background()
	down := false
	files := Files{Dir: t.TempDir()}
	fake := hubFake(&down)
	fake.DistrictCockpitFn = func(_ context.Context, q app.DistrictQuery) (*app.DistrictCockpit, error) {
		if down {
			return nil, app.Errorf(app.EINTERNAL, "hub_accounts.error.unreachable", "https://hub")
		}
		return &app.DistrictCockpit{Query: q, Orgs: app.OrgFigure{Total: len(q.Scope.Township) + int(q.Scope.OrgID)}}, nil
	}
	c := files.Cache(fake)
	fetched := time.Date(2026, 12, 5, 9, 30, 0, 0, time.UTC)
	c.now = func() time.Time { return fetched }
	if _, err := c.Login(ctx, app.BureauLogin{HubURL: "https://hub"}); err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time { d, _ := app.ParseDate(s); return d }
	county := app.DistrictQuery{From: day("2026-11-01"), To: day("2026-11-30")}
	school := app.DistrictQuery{From: day("2026-11-01"), To: day("2026-11-30"), Scope: app.CockpitScope{Township: "城关镇", OrgID: 4}}
	for _, q := range []app.DistrictQuery{county, school} {
		if _, err := c.DistrictCockpit(ctx, q); err != nil {
			t.Fatal(err)
		}
	}

	down = true
	ck, err := c.DistrictCockpit(ctx, school)
	if at, ok := app.BureauStale(err); !ok || !at.Equal(fetched) || ck == nil || ck.Orgs.Total != len("城关镇")+4 || ck.Query.Scope != school.Scope {
		t.Errorf("the school's cockpit offline = %+v, %v; want its copy of %v", ck, err, fetched)
	}
	ck, err = c.DistrictCockpit(ctx, county)
	if !isStale(err) || ck == nil || ck.Orgs.Total != 0 || ck.Query.Scope != (app.CockpitScope{}) {
		t.Errorf("the county's cockpit offline = %+v, %v; want its own copy", ck, err)
	}
	other := county
	other.To = day("2026-11-29")
	if ck, err := c.DistrictCockpit(ctx, other); ck != nil || isStale(err) || !app.BureauOffline(err) {
		t.Errorf("a cockpit never fetched = %+v, %v; want the hub's error alone", ck, err)
	}

	next := files.Cache(hubFake(&down))
	if !next.Browse("https://hub") {
		t.Fatal("Browse found no copy though a cockpit is kept")
	}
	if ck, err := next.DistrictCockpit(ctx, county); ck == nil || !isStale(err) {
		t.Errorf("the cockpit while browsing = %+v, %v", ck, err)
	}
	if next.Browse("https://other") {
		t.Error("Browse of another hub found the cockpit's copy")
	}
}
