package storage

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"
	"time"

	"jxj/app"
)

// mustOpenHub opens a hub database in dir whose clock is *now.
func mustOpenHub(t *testing.T, dir string, now *time.Time) *Hub {
	t.Helper()
	h, err := OpenHub(context.Background(), dir)
	if err != nil {
		t.Fatalf("OpenHub(%q): %v", dir, err)
	}
	h.SetClock(func() time.Time { return *now })
	t.Cleanup(func() { h.Close() })
	return h
}

// An admin token works until it expires or is revoked; both are refused
// with their own reason, and every change has its audit row.
func TestAdminTokens(t *testing.T) {
	ctx := context.Background()
	now := testNow
	h := mustOpenHub(t, t.TempDir(), &now)

	for _, days := range []int{0, -1, app.MaxAdminTokenDays + 1} {
		_, _, err := h.AdminToken(ctx, days)
		wantCode(t, err, app.EINVALID, "hub.error.token_days")
	}
	first, token, err := h.AdminToken(ctx, app.DefaultAdminTokenDays)
	if err != nil {
		t.Fatal(err)
	}
	if want := testNow.AddDate(0, 0, app.DefaultAdminTokenDays); first.ID != 1 || !first.CreatedAt.Equal(testNow) || !first.ExpiresAt.Equal(want) {
		t.Errorf("token = %+v, want number 1 made %v expiring %v", first, testNow, want)
	}
	if err := h.AuthenticateAdmin(ctx, token); err != nil {
		t.Errorf("a fresh token: %v", err)
	}
	now = first.ExpiresAt.Add(-time.Second)
	if err := h.AuthenticateAdmin(ctx, token); err != nil {
		t.Errorf("a token a second before it expires: %v", err)
	}
	now = first.ExpiresAt
	wantCode(t, h.AuthenticateAdmin(ctx, token), app.EUNAUTHORIZED, "hub.error.admin_token_expired")
	wantCode(t, h.AuthenticateAdmin(ctx, "x"+token), app.EFORBIDDEN, "hub.error.admin_only")

	second, token2, err := h.AdminToken(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.RevokeAdminToken(ctx, second.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, h.AuthenticateAdmin(ctx, token2), app.EUNAUTHORIZED, "hub.error.admin_token_revoked")
	wantCode(t, h.RevokeAdminToken(ctx, second.ID), app.ECONFLICT, "hub.error.token_revoked")
	wantCode(t, h.RevokeAdminToken(ctx, 99), app.ENOTFOUND, "hub.error.token_not_found")

	list, err := h.AdminTokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != first.ID || !list[0].RevokedAt.IsZero() || list[1].ID != second.ID || !list[1].RevokedAt.Equal(now) {
		t.Errorf("tokens = %+v %+v, want the first as it was and the second revoked at %v", list[0], list[1], now)
	}
	if n := count(t, h.db, `SELECT count(*) FROM audit WHERE action IN ('admin.token', 'admin.token_revoke')`); n != 3 {
		t.Errorf("%d audit rows for two tokens and a revocation, want 3", n)
	}
}

// Tokens made before tokens expired keep working after the upgrade, for
// the default number of days, and are listed.
func TestAdminTokenMigration(t *testing.T) {
	old := hubMigrationFS
	t.Cleanup(func() { hubMigrationFS = old })
	first, err := fs.ReadFile(old, "0001_hub.sql")
	if err != nil {
		t.Fatal(err)
	}
	hubMigrationFS = fstest.MapFS{"0001_hub.sql": {Data: first}}
	dir := t.TempDir()
	h, err := OpenHub(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	const token = "a-token-made-before"
	if _, err := h.db.w.Exec(`INSERT INTO admin_tokens (token_hash, created_at) VALUES (?, ?)`, hashSecret(token), formatTime(testNow)); err != nil {
		t.Fatal(err)
	}
	h.Close()

	hubMigrationFS = old
	upgraded := time.Now()
	h = mustOpenHub(t, dir, &upgraded)
	if err := h.AuthenticateAdmin(context.Background(), token); err != nil {
		t.Errorf("a token made before the upgrade: %v", err)
	}
	list, err := h.AdminTokens(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := upgraded.AddDate(0, 0, app.DefaultAdminTokenDays)
	if len(list) != 1 || !list[0].CreatedAt.Equal(testNow) || list[0].ExpiresAt.Sub(want).Abs() > time.Minute {
		t.Errorf("tokens after the upgrade = %+v, want the old one expiring about %v", list, want)
	}
}

// hub org code --revoke-now: the school's credential stops at once, the
// school shows as not enrolled and still gets notices, and the new code
// enrols it.
func TestNewEnrolCodeRevokeNow(t *testing.T) {
	ctx := context.Background()
	now := testNow
	h := mustOpenHub(t, t.TempDir(), &now)
	org, code, err := h.AddOrg(ctx, app.HubOrgDraft{Name: "第一小学", Kind: app.OrgPrimary})
	if err != nil {
		t.Fatal(err)
	}
	_, credential, _, err := h.Enrol(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.NewEnrolCode(ctx, org.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Authenticate(ctx, credential); err != nil {
		t.Errorf("the credential after a new code without --revoke-now: %v, want it to work until the code is used", err)
	}
	code, err = h.NewEnrolCode(ctx, org.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	_, err = h.Authenticate(ctx, credential)
	wantCode(t, err, app.EUNAUTHORIZED, "hub.error.credential")
	orgs, err := h.Orgs(ctx)
	if err != nil || len(orgs) != 1 || !orgs[0].EnrolledAt.IsZero() || orgs[0].Revoked {
		t.Errorf("the school after --revoke-now: %+v %v, want not enrolled, not revoked", orgs, err)
	}
	if n, err := h.PublishNotice(ctx, app.HubNoticeDraft{Title: "通知"}); err != nil || n.Schools != 1 {
		t.Errorf("a notice to every school: %+v %v, want it sent to the school", n, err)
	}
	_, again, _, err := h.Enrol(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Authenticate(ctx, again); err != nil {
		t.Errorf("the credential of the new enrolment: %v", err)
	}
	if n := count(t, h.db, `SELECT count(*) FROM audit WHERE action = 'org.code' AND detail = 'revoke_now'`); n != 1 {
		t.Errorf("%d audit rows of the revocation, want 1", n)
	}
}
