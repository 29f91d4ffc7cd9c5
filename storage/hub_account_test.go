package storage

import (
	"context"
	"strings"
	"testing"
	"time"

	"jxj/app"
)

// hubAuditActions returns the audit rows' actor and action, oldest first.
func hubAuditActions(t *testing.T, h *Hub) []string {
	t.Helper()
	rows, err := h.db.w.Query(`SELECT actor, action FROM audit ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var actor, action string
		if err := rows.Scan(&actor, &action); err != nil {
			t.Fatal(err)
		}
		out = append(out, actor+" "+action)
	}
	return out
}

func mustBureauAccount(t *testing.T, h *Hub, name, pw string, role app.BureauRole) *app.BureauAccount {
	t.Helper()
	a, err := h.CreateBureauAccount(context.Background(), app.BureauAccountCreate{Username: name, Password: pw, Role: role})
	if err != nil {
		t.Fatalf("CreateBureauAccount(%s): %v", name, err)
	}
	return a
}

// Accounts follow the school's username and password rules; bad input
// changes nothing; a username is taken in any case.
func TestBureauAccountCreate(t *testing.T) {
	ctx := context.Background()
	now := testNow
	h := mustOpenHub(t, t.TempDir(), &now)
	tests := []struct {
		name string
		c    app.BureauAccountCreate
		code string
		key  string
	}{
		{"short name", app.BureauAccountCreate{Username: "z", Password: "bureau-pass-1", Role: app.BureauStaff}, app.EINVALID, "account.error.username_length"},
		{"bad chars", app.BureauAccountCreate{Username: "li:si", Password: "bureau-pass-1", Role: app.BureauStaff}, app.EINVALID, "account.error.username_chars"},
		{"short password", app.BureauAccountCreate{Username: "lisi", Password: "short", Role: app.BureauStaff}, app.EINVALID, "account.error.password_short"},
		{"common password", app.BureauAccountCreate{Username: "lisi", Password: "12345678", Role: app.BureauStaff}, app.EINVALID, "account.error.password_common"},
		{"no role", app.BureauAccountCreate{Username: "lisi", Password: "bureau-pass-1", Role: "admin"}, app.EINVALID, "hub_accounts.error.role"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.CreateBureauAccount(ctx, tt.c)
			wantCode(t, err, tt.code, tt.key)
		})
	}
	if n := count(t, h.db, `SELECT count(*) FROM hub_accounts`); n != 0 {
		t.Fatalf("%d accounts after bad input, want 0", n)
	}
	a := mustBureauAccount(t, h, "王局", "bureau-pass-1", app.BureauAdmin)
	if a.ID == 0 || a.Username != "王局" || a.Role != app.BureauAdmin || a.Disabled || !a.CreatedAt.Equal(testNow) {
		t.Errorf("created %+v", a)
	}
	mustBureauAccount(t, h, "Zhang", "bureau-pass-2", app.BureauStaff)
	_, err := h.CreateBureauAccount(ctx, app.BureauAccountCreate{Username: "zhang", Password: "bureau-pass-3", Role: app.BureauStaff})
	wantCode(t, err, app.ECONFLICT, "hub_accounts.error.taken")
	list, err := h.BureauAccounts(ctx)
	if err != nil || len(list) != 2 || list[0].Username != "王局" || list[1].Role != app.BureauStaff {
		t.Fatalf("BureauAccounts = %v, %v; want 王局 then Zhang", list, err)
	}
	var hash string
	if err := h.db.w.QueryRow(`SELECT password_hash FROM hub_accounts WHERE id = ?`, a.ID).Scan(&hash); err != nil || !strings.HasPrefix(hash, "$2") {
		t.Errorf("stored password %q, want a bcrypt hash", hash)
	}
	want := []string{"admin bureau.create", "admin bureau.create"}
	if got := hubAuditActions(t, h); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("audit %v, want %v", got, want)
	}
}

// Five wrong passwords in a row lock the account even for the right
// password; an unknown user gets the answer a wrong password gets; the
// lock ends by itself or with a new password.
func TestBureauLockout(t *testing.T) {
	ctx := context.Background()
	now := testNow
	h := mustOpenHub(t, t.TempDir(), &now)
	mustBureauAccount(t, h, "lisi", "bureau-pass-1", app.BureauStaff)

	_, err := h.BureauLogin(ctx, "nobody", "bureau-pass-1")
	wantCode(t, err, app.EUNAUTHORIZED, "hub_accounts.error.login_failed")
	for i := 1; i < app.MaxFailedLogins; i++ {
		_, err := h.BureauLogin(ctx, "lisi", "wrong-pass")
		wantCode(t, err, app.EUNAUTHORIZED, "hub_accounts.error.login_failed")
	}
	_, err = h.BureauLogin(ctx, "lisi", "wrong-pass")
	wantCode(t, err, app.EUNAUTHORIZED, "hub_accounts.error.locked")
	_, err = h.BureauLogin(ctx, "LISI", "bureau-pass-1")
	wantCode(t, err, app.EUNAUTHORIZED, "hub_accounts.error.locked")
	if n := count(t, h.db, `SELECT count(*) FROM hub_sessions`); n != 0 {
		t.Fatalf("%d sessions of a locked account, want 0", n)
	}

	now = testNow.Add(app.LockoutTime)
	if _, err := h.BureauLogin(ctx, "lisi", "bureau-pass-1"); err != nil {
		t.Fatalf("login once the lock-out ended: %v", err)
	}
	for range app.MaxFailedLogins {
		_, _ = h.BureauLogin(ctx, "lisi", "wrong-pass")
	}
	if err := h.SetBureauPassword(ctx, "lisi", "bureau-pass-9"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.BureauLogin(ctx, "lisi", "bureau-pass-9"); err != nil {
		t.Fatalf("login with a new password after a lock-out: %v", err)
	}
	got := strings.Join(hubAuditActions(t, h), ",")
	for _, want := range []string{"bureau:lisi bureau.login_failed", "bureau:lisi bureau.locked", "bureau:lisi bureau.login", "admin bureau.password"} {
		if !strings.Contains(got, want) {
			t.Errorf("audit lacks %q: %s", want, got)
		}
	}
	if strings.Contains(got, "nobody") {
		t.Errorf("audit names an unknown user: %s", got)
	}
}

// A session slides with use for 12 h idle, ends after 24 h whatever,
// and ends at logout; only its token's hash is kept.
func TestBureauSessions(t *testing.T) {
	ctx := context.Background()
	now := testNow
	h := mustOpenHub(t, t.TempDir(), &now)
	mustBureauAccount(t, h, "lisi", "bureau-pass-1", app.BureauStaff)
	s, err := h.BureauLogin(ctx, "lisi", "bureau-pass-1")
	if err != nil {
		t.Fatal(err)
	}
	if s.Token == "" || s.Account.Username != "lisi" || !s.ExpiresAt.Equal(testNow.Add(app.BureauSessionIdle)) {
		t.Fatalf("session %+v", s)
	}
	if n := count(t, h.db, `SELECT count(*) FROM hub_sessions WHERE token_hash = ?`, []byte(s.Token)); n != 0 {
		t.Error("the token is stored as it is")
	}
	check := func(at time.Time, key string) {
		t.Helper()
		now = at
		a, err := h.BureauSession(ctx, s.Token)
		if key == "" {
			if err != nil || a.Username != "lisi" {
				t.Fatalf("at +%v: %v, %v; want lisi", at.Sub(testNow), a, err)
			}
			return
		}
		wantCode(t, err, app.EUNAUTHORIZED, key)
	}
	// used every 11 h it lives until the hard cap
	for at := time.Duration(0); at < app.BureauSessionMax; at += 11 * time.Hour {
		check(testNow.Add(at), "")
	}
	check(testNow.Add(app.BureauSessionMax), "hub_accounts.error.session_expired")
	check(testNow.Add(app.BureauSessionMax), "hub_accounts.error.session") // and its row is gone

	// left alone for 12 h it ends
	now = testNow
	s, err = h.BureauLogin(ctx, "lisi", "bureau-pass-1")
	if err != nil {
		t.Fatal(err)
	}
	check(testNow.Add(app.BureauSessionIdle-time.Second), "")
	check(testNow.Add(2*app.BureauSessionIdle-time.Second), "hub_accounts.error.session_expired")

	// an ended session no one presents again goes at the next login
	now = testNow
	stale, err := h.BureauLogin(ctx, "lisi", "bureau-pass-1")
	if err != nil {
		t.Fatal(err)
	}
	now = testNow.Add(app.BureauSessionIdle)
	if _, err := h.BureauLogin(ctx, "lisi", "bureau-pass-1"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, h.db, `SELECT count(*) FROM hub_sessions WHERE token_hash = ?`, hashSecret(stale.Token)); n != 0 {
		t.Errorf("an ended session is kept after the next login")
	}

	// logout
	now = testNow
	s, err = h.BureauLogin(ctx, "lisi", "bureau-pass-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.BureauLogout(ctx, s.Token); err != nil {
		t.Fatal(err)
	}
	check(testNow, "hub_accounts.error.session")
	wantCode(t, h.BureauLogout(ctx, s.Token), app.EUNAUTHORIZED, "hub_accounts.error.session")
	_, err = h.BureauSession(ctx, "")
	wantCode(t, err, app.EUNAUTHORIZED, "hub_accounts.error.login_required")
	if got := strings.Join(hubAuditActions(t, h), ","); !strings.HasSuffix(got, "bureau:lisi bureau.login,bureau:lisi bureau.logout") {
		t.Errorf("audit %s; want the login and logout by bureau:lisi", got)
	}
}

// Disabling an account or changing its password ends its sessions, not
// another account's; a disabled account cannot log in until enabled.
func TestBureauDisableAndPasswordEndSessions(t *testing.T) {
	ctx := context.Background()
	now := testNow
	h := mustOpenHub(t, t.TempDir(), &now)
	mustBureauAccount(t, h, "lisi", "bureau-pass-1", app.BureauStaff)
	mustBureauAccount(t, h, "wang", "bureau-pass-2", app.BureauAdmin)
	login := func(user, pw string) string {
		t.Helper()
		s, err := h.BureauLogin(ctx, user, pw)
		if err != nil {
			t.Fatalf("login %s: %v", user, err)
		}
		return s.Token
	}
	lisi1, lisi2, wang := login("lisi", "bureau-pass-1"), login("lisi", "bureau-pass-1"), login("wang", "bureau-pass-2")

	if err := h.SetBureauDisabled(ctx, "lisi", true); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{lisi1, lisi2} {
		_, err := h.BureauSession(ctx, tok)
		wantCode(t, err, app.EUNAUTHORIZED, "hub_accounts.error.session")
	}
	if _, err := h.BureauSession(ctx, wang); err != nil {
		t.Fatalf("another account's session after disabling lisi: %v", err)
	}
	_, err := h.BureauLogin(ctx, "lisi", "bureau-pass-1")
	wantCode(t, err, app.EUNAUTHORIZED, "hub_accounts.error.disabled")
	_, err = h.BureauLogin(ctx, "lisi", "wrong-pass")
	wantCode(t, err, app.EUNAUTHORIZED, "hub_accounts.error.login_failed")
	if err := h.SetBureauDisabled(ctx, "lisi", false); err != nil {
		t.Fatal(err)
	}
	login("lisi", "bureau-pass-1")

	wantCode(t, h.SetBureauPassword(ctx, "wang", "short"), app.EINVALID, "account.error.password_short")
	if _, err := h.BureauSession(ctx, wang); err != nil {
		t.Fatalf("a refused new password ended the session: %v", err)
	}
	if err := h.SetBureauPassword(ctx, "wang", "bureau-pass-3"); err != nil {
		t.Fatal(err)
	}
	_, err = h.BureauSession(ctx, wang)
	wantCode(t, err, app.EUNAUTHORIZED, "hub_accounts.error.session")
	_, err = h.BureauLogin(ctx, "wang", "bureau-pass-2")
	wantCode(t, err, app.EUNAUTHORIZED, "hub_accounts.error.login_failed")
	wantCode(t, h.SetBureauDisabled(ctx, "nobody", true), app.ENOTFOUND, "hub_accounts.error.not_found")

	var detail string
	if err := h.db.w.QueryRow(`SELECT detail FROM audit WHERE action = 'bureau.disable'`).Scan(&detail); err != nil || detail != "username=lisi sessions_ended=2" {
		t.Errorf("disable audit detail %q (%v), want both sessions counted", detail, err)
	}
}

// What a bureau account does on the hub through the console is audited
// under its name, and the command line's as "admin".
func TestBureauActorInHubAudit(t *testing.T) {
	now := testNow
	h := mustOpenHub(t, t.TempDir(), &now)
	a := mustBureauAccount(t, h, "wang", "bureau-pass-2", app.BureauAdmin)
	ctx := app.NewContextWithBureau(context.Background(), a)
	org, _, err := h.AddOrg(ctx, app.HubOrgDraft{Name: "城关小学", Kind: app.OrgKind("primary")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.PublishNotice(ctx, app.HubNoticeDraft{Title: "寒假安全"}); err != nil {
		t.Fatal(err)
	}
	if err := h.RevokeOrg(context.Background(), org.ID); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(hubAuditActions(t, h), ",")
	for _, want := range []string{"bureau:wang org.add", "admin org.revoke"} {
		if !strings.Contains(got, want) {
			t.Errorf("audit lacks %q: %s", want, got)
		}
	}
	if n := count(t, h.db, `SELECT count(*) FROM audit WHERE actor = 'bureau:wang'`); n < 2 {
		t.Errorf("%d audit rows by bureau:wang, want the org and the notice: %s", n, got)
	}
}
