package console

import (
	"context"
	"testing"
	"time"

	"jxj/app"
)

// The officer's queue, a request and the figures are kept like the
// notices: served with their time while the hub is down; deciding and
// downloading a file are refused while the copy is browsed and reach
// nothing.
func TestCacheKeepsRequests(t *testing.T) {
	ctx := context.Background()
	down := false
	unreachable := func() error { return app.Errorf(app.EINTERNAL, "hub_accounts.error.unreachable", "https://hub") }
	fake := hubFake(&down)
	sent := 0
	fake.RequestQueueFn = func(context.Context) ([]*app.HubRequest, error) {
		if down {
			return nil, unreachable()
		}
		return []*app.HubRequest{{ID: 4, Title: "研学报批", State: app.RequestSubmitted}}, nil
	}
	fake.HubRequestFn = func(_ context.Context, id int64) (*app.HubRequest, error) {
		if down {
			return nil, unreachable()
		}
		return &app.HubRequest{ID: id, Title: "研学报批", Files: []app.RequestFile{{Name: "预案.pdf"}}}, nil
	}
	fake.RequestFiguresFn = func(context.Context) (*app.RequestFigures, error) {
		if down {
			return nil, unreachable()
		}
		return &app.RequestFigures{Total: app.RequestCounts{Waiting: 1}}, nil
	}
	fake.DecideRequestFn = func(context.Context, app.RequestDecision) (*app.HubRequest, error) {
		sent++
		return &app.HubRequest{}, nil
	}
	fake.SaveRequestFileFn = func(context.Context, int64, int, string) error { sent++; return nil }

	files := Files{Dir: t.TempDir()}
	c := files.Cache(fake)
	fetched := time.Date(2026, 12, 5, 9, 30, 0, 0, time.UTC)
	c.now = func() time.Time { return fetched }
	if _, err := c.Login(ctx, app.BureauLogin{HubURL: "https://hub"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Orgs(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RequestQueue(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.HubRequest(ctx, 4); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RequestFigures(ctx); err != nil {
		t.Fatal(err)
	}

	down = true
	q, err := c.RequestQueue(ctx)
	if at, ok := app.BureauStale(err); !ok || !at.Equal(fetched) || len(q) != 1 || q[0].Title != "研学报批" {
		t.Errorf("RequestQueue offline = %v, %v; want the copy of %v", q, err, fetched)
	}
	if r, err := c.HubRequest(ctx, 4); !isStale(err) || r == nil || r.Files[0].Name != "预案.pdf" {
		t.Errorf("HubRequest offline = %+v, %v; want the copy", r, err)
	}
	if f, err := c.RequestFigures(ctx); !isStale(err) || f == nil || f.Total.Waiting != 1 {
		t.Errorf("RequestFigures offline = %+v, %v; want the copy", f, err)
	}

	next := files.Cache(fake)
	if !next.Browse("https://hub") {
		t.Fatal("Browse found no copy")
	}
	if _, err := next.DecideRequest(ctx, app.RequestDecision{ID: 4, Step: 1, Approve: true}); err == nil {
		t.Error("DecideRequest while browsing went through")
	}
	if err := next.SaveRequestFile(ctx, 4, 0, t.TempDir()+"/x"); err == nil {
		t.Error("SaveRequestFile while browsing went through")
	}
	if sent != 0 {
		t.Errorf("%d changes reached the hub while browsing, want none", sent)
	}
}
