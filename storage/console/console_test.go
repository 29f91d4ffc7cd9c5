package console

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"jxj/app"
	"jxj/app/mock"
)

func TestConfigSaveLoadForget(t *testing.T) {
	f := Files{Dir: t.TempDir()}
	if _, ok, err := f.Load(); ok || err != nil {
		t.Fatalf("Load of an empty folder = %v, %v; want none", ok, err)
	}
	want := app.ConsoleConfig{HubURL: "https://10.0.0.5:8443", Fingerprint: "SHA256:AB:CD", Username: "wang"}
	if err := f.Save(want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := f.Load()
	if !ok || err != nil || got != want {
		t.Fatalf("Load = %+v %v %v, want %+v", got, ok, err, want)
	}
	school := filepath.Join(f.Dir, "jxj.db")
	if err := os.WriteFile(school, []byte("school"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(want); err != nil {
		t.Fatal(err)
	}
	if err := f.Forget(); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := f.Load(); ok {
		t.Error("console.json is still there after Forget")
	}
	if _, err := os.Stat(school); err != nil {
		t.Errorf("Forget touched the school's data: %v", err)
	}
	entries, _ := os.ReadDir(f.Dir)
	if len(entries) != 1 {
		t.Errorf("the folder after Forget holds %d files, want only the school's", len(entries))
	}
}

// A damaged console.json is said, not taken for none.
func TestConfigDamaged(t *testing.T) {
	f := Files{Dir: t.TempDir()}
	if err := os.WriteFile(filepath.Join(f.Dir, ConfigFile), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Load(); app.ErrorCode(err) != app.EINTERNAL {
		t.Errorf("Load of a damaged console.json: %v, want an error", err)
	}
}

// hubFake answers as the hub, or fails as one that cannot be reached.
func hubFake(down *bool) *mock.BureauConsole {
	unreachable := func() error { return app.Errorf(app.EINTERNAL, "hub_accounts.error.unreachable", "https://hub") }
	return &mock.BureauConsole{
		LoginFn: func(context.Context, app.BureauLogin) (*app.BureauSession, error) {
			if *down {
				return nil, unreachable()
			}
			return &app.BureauSession{Token: "t", Account: &app.BureauAccount{Username: "wang", Role: app.BureauAdmin}}, nil
		},
		OrgsFn: func(context.Context) ([]*app.HubOrg, error) {
			if *down {
				return nil, unreachable()
			}
			return []*app.HubOrg{{ID: 1, Name: "城关一小"}}, nil
		},
		NoticesFn: func(context.Context) ([]*app.HubNotice, error) {
			if *down {
				return nil, unreachable()
			}
			return []*app.HubNotice{{ID: 7, Title: "防溺水"}}, nil
		},
		NoticeStatusFn: func(_ context.Context, ref string) (*app.HubNoticeStatus, error) {
			if *down {
				return nil, unreachable()
			}
			return &app.HubNoticeStatus{Notice: &app.HubNotice{ID: 7}, Schools: []app.HubNoticeSchool{{Org: app.HubOrg{Name: "城关一小"}, Read: 3}}}, nil
		},
		RevokeOrgFn: func(context.Context, int64) error { return nil },
		LogoutFn:    func(context.Context) error { return nil },
	}
}

func TestCacheServesTheLastFetchWhileOffline(t *testing.T) {
	ctx := context.Background()
	down := false
	files := Files{Dir: t.TempDir()}
	c := files.Cache(hubFake(&down))
	fetched := time.Date(2026, 12, 5, 9, 30, 0, 0, time.UTC)
	c.now = func() time.Time { return fetched }
	if _, err := c.Login(ctx, app.BureauLogin{HubURL: "https://hub"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Orgs(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Notices(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.NoticeStatus(ctx, "7"); err != nil {
		t.Fatal(err)
	}

	down = true
	orgs, err := c.Orgs(ctx)
	if at, ok := app.BureauStale(err); !ok || !at.Equal(fetched) || len(orgs) != 1 || orgs[0].Name != "城关一小" {
		t.Errorf("Orgs offline = %v, %v; want the copy of %v", orgs, err, fetched)
	}
	ns, err := c.Notices(ctx)
	if _, ok := app.BureauStale(err); !ok || len(ns) != 1 || ns[0].Title != "防溺水" {
		t.Errorf("Notices offline = %v, %v; want the copy", ns, err)
	}
	st, err := c.NoticeStatus(ctx, "7")
	if _, ok := app.BureauStale(err); !ok || st == nil || st.Schools[0].Read != 3 {
		t.Errorf("NoticeStatus offline = %+v, %v; want the copy", st, err)
	}
	// a notice never fetched has no copy: the hub's error alone
	if st, err := c.NoticeStatus(ctx, "8"); st != nil || app.BureauOffline(err) == false {
		t.Errorf("NoticeStatus of a notice not kept = %+v, %v; want the hub's error alone", st, err)
	} else if _, ok := app.BureauStale(err); ok {
		t.Errorf("NoticeStatus of a notice not kept claims a copy: %v", err)
	}

	// the next start: no login possible, the copy is browsed read-only
	next := files.Cache(hubFake(&down))
	if next.Browse("https://other") {
		t.Error("Browse of another hub's address found a copy")
	}
	if !next.Browse("https://hub") {
		t.Fatal("Browse found no copy")
	}
	if orgs, err := next.Orgs(ctx); len(orgs) != 1 || !isStale(err) {
		t.Errorf("Orgs while browsing = %v, %v", orgs, err)
	}
	if err := next.RevokeOrg(ctx, 1); err == nil {
		t.Error("RevokeOrg while browsing the copy went through")
	}
}

func isStale(err error) bool { _, ok := app.BureauStale(err); return ok }

// A refusal is not offline: the copy is not shown for it. A login to
// another hub drops the copy of the first.
func TestCacheRefusalsAndAnotherHub(t *testing.T) {
	ctx := context.Background()
	down := false
	files := Files{Dir: t.TempDir()}
	fake := hubFake(&down)
	c := files.Cache(fake)
	if _, err := c.Login(ctx, app.BureauLogin{HubURL: "https://hub"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Orgs(ctx); err != nil {
		t.Fatal(err)
	}
	fake.OrgsFn = func(context.Context) ([]*app.HubOrg, error) {
		return nil, app.Errorf(app.EUNAUTHORIZED, "hub_accounts.error.session")
	}
	if orgs, err := c.Orgs(ctx); orgs != nil || app.ErrorCode(err) != app.EUNAUTHORIZED {
		t.Errorf("Orgs refused = %v, %v; want the refusal alone", orgs, err)
	}

	other := files.Cache(hubFake(&down))
	if _, err := other.Login(ctx, app.BureauLogin{HubURL: "https://other"}); err != nil {
		t.Fatal(err)
	}
	if other.Browse("https://hub") {
		t.Error("the copy of the first hub is still there after a login to another")
	}
}

// A damaged copy is as good as none.
func TestCacheDamagedFile(t *testing.T) {
	ctx := context.Background()
	down := true
	files := Files{Dir: t.TempDir()}
	if err := os.MkdirAll(filepath.Join(files.Dir, cacheDir), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(files.Dir, cacheDir, "orgs.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := files.Cache(hubFake(&down))
	if c.Browse("https://hub") {
		t.Error("Browse took a damaged copy")
	}
	if orgs, err := c.Orgs(ctx); orgs != nil || isStale(err) || err == nil {
		t.Errorf("Orgs over a damaged copy = %v, %v", orgs, err)
	}
}
