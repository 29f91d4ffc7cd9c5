package sync_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/storage"
	jxjsync "jxj/sync"
)

// bcrypt at its cheapest: the tests log in many times
func init() { storage.BcryptCost = bcrypt.MinCost }

func mustBureau(t *testing.T, store *storage.Hub, name, pw string, role app.BureauRole) {
	t.Helper()
	if _, err := store.CreateBureauAccount(context.Background(), app.BureauAccountCreate{Username: name, Password: pw, Role: role}); err != nil {
		t.Fatal(err)
	}
}

func wantKey(t *testing.T, what string, err error, code, key string) {
	t.Helper()
	var ae *app.Error
	if !errors.As(err, &ae) || ae.Code != code || ae.Key != key {
		t.Fatalf("%s: %v; want %s %s", what, err, code, key)
	}
	if msg := i18n.Err(err); msg == "" || strings.Contains(msg, "hub_accounts.") {
		t.Errorf("%s: the user reads %q", what, msg)
	}
}

// The console logs in to a self-signed hub on 127.0.0.1 over TLS: the
// first connection shows the fingerprint to compare, a wrong one is
// refused, the right one (as typed) is pinned; then every endpoint works
// by the role's rule, and a session ended on the hub asks to log in
// again.
func TestConsoleOverPinnedTLS(t *testing.T) {
	i18n.SetLanguage(i18n.English)
	t.Cleanup(func() { i18n.SetLanguage(i18n.Chinese) })
	ctx := context.Background()
	certA := makeHubCert(t, []string{"127.0.0.1"}, 30, time.Now())
	certB := makeHubCert(t, []string{"127.0.0.1"}, 30, time.Now())
	hub := newTLSHub(t, certA)
	mustBureau(t, hub.store, "wang", "bureau-pass-1", app.BureauAdmin)
	mustBureau(t, hub.store, "li", "bureau-pass-2", app.BureauStaff)
	login := app.BureauLogin{HubURL: hub.srv.URL, Username: "wang", Password: "bureau-pass-1"}
	c := jxjsync.NewConsoleClient()

	_, err := c.Login(ctx, login)
	wantKey(t, "first connection", err, app.EFORBIDDEN, "hub_accounts.error.cert_unknown")
	if ce, msg := certErr(t, err); ce.Fingerprint != certA.fingerprint || !strings.Contains(msg, certA.fingerprint) {
		t.Fatalf("first connection shows %s (%q), want the hub's %s", ce.Fingerprint, msg, certA.fingerprint)
	}
	login.Trust.Fingerprint = certB.fingerprint
	_, err = c.Login(ctx, login)
	wantKey(t, "wrong fingerprint", err, app.EFORBIDDEN, "hub_accounts.error.cert_not_pinned")
	if _, err := c.Orgs(ctx); app.ErrorCode(err) != app.EUNAUTHORIZED {
		t.Fatalf("orgs before a login: %v, want not logged in", err)
	}

	login.Trust.Fingerprint = strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(certA.fingerprint, "SHA256:"), ":", " "))
	login.Password = "wrong-pass"
	_, err = c.Login(ctx, login)
	wantKey(t, "wrong password", err, app.EUNAUTHORIZED, "hub_accounts.error.login_failed")
	login.Password = "bureau-pass-1"
	sess, err := c.Login(ctx, login)
	if err != nil {
		t.Fatalf("login with the fingerprint pinned: %v", err)
	}
	if sess.Account.Username != "wang" || sess.Account.Role != app.BureauAdmin || sess.Token == "" || sess.ExpiresAt.IsZero() {
		t.Errorf("session %+v", sess)
	}
	if me, err := c.Me(ctx); err != nil || me.Username != "wang" {
		t.Fatalf("me: %v, %v", me, err)
	}

	org, code, err := c.AddOrg(ctx, app.HubOrgDraft{Name: "城关小学", Kind: app.OrgPrimary, Township: "城关镇"})
	if err != nil || org.ID == 0 || code == "" || org.Township != "城关镇" {
		t.Fatalf("add org: %+v %q %v", org, code, err)
	}
	_, _, err = c.AddOrg(ctx, app.HubOrgDraft{Name: "城关小学", Kind: app.OrgPrimary, Township: "城关镇"})
	wantKey(t, "the same school again", err, app.ECONFLICT, "orgs.error.exists_in_township")
	if orgs, err := c.Orgs(ctx); err != nil || len(orgs) != 1 || orgs[0].Name != "城关小学" || !orgs[0].EnrolledAt.IsZero() {
		t.Fatalf("orgs: %+v %v", orgs, err)
	}
	if code2, err := c.NewEnrolCode(ctx, org.ID, false); err != nil || code2 == "" || code2 == code {
		t.Fatalf("new code: %q %v", code2, err)
	}
	_, err = c.NewEnrolCode(ctx, 999, false)
	wantKey(t, "code for no school", err, app.ENOTFOUND, "hub.error.org_not_found")

	n, err := c.PublishNotice(ctx, app.HubNoticeDraft{Title: "寒假安全", Body: "注意安全", RequiresAck: true})
	if err != nil || n.Schools != 1 || n.Title != "寒假安全" {
		t.Fatalf("publish: %+v %v", n, err)
	}
	if ns, err := c.Notices(ctx); err != nil || len(ns) != 1 || ns[0].UUID != n.UUID {
		t.Fatalf("notices: %+v %v", ns, err)
	}
	st, err := c.NoticeStatus(ctx, n.UUID)
	if err != nil || st.Notice.ID != n.ID || len(st.Schools) != 1 || st.Schools[0].Org.Name != "城关小学" || st.Schools[0].Delivered {
		t.Fatalf("status: %+v %v", st, err)
	}

	// bureau staff read and send notices, not manage schools
	staff := jxjsync.NewConsoleClient()
	if _, err := staff.Login(ctx, app.BureauLogin{HubURL: hub.srv.URL, Trust: app.HubTrust{Fingerprint: certA.fingerprint},
		Username: "li", Password: "bureau-pass-2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := staff.Orgs(ctx); err != nil {
		t.Errorf("staff lists schools: %v", err)
	}
	_, _, err = staff.AddOrg(ctx, app.HubOrgDraft{Name: "河西小学", Kind: app.OrgPrimary})
	wantKey(t, "staff adds a school", err, app.EFORBIDDEN, "hub_accounts.error.admin_only")
	wantKey(t, "staff revokes a school", staff.RevokeOrg(ctx, org.ID), app.EFORBIDDEN, "hub_accounts.error.admin_only")
	if r, err := staff.RevokeNotice(ctx, n.ID); err != nil || r.RevokedAt.IsZero() {
		t.Errorf("staff revokes a notice: %+v %v", r, err)
	}
	if err := c.RevokeOrg(ctx, org.ID); err != nil {
		t.Errorf("admin revokes a school: %v", err)
	}

	// disabling li ends li's session: the console asks to log in again
	if err := hub.store.SetBureauDisabled(ctx, "li", true); err != nil {
		t.Fatal(err)
	}
	_, err = staff.Notices(ctx)
	wantKey(t, "a disabled account's session", err, app.EUNAUTHORIZED, "hub_accounts.error.session")
	_, err = staff.Notices(ctx)
	wantKey(t, "after the refusal", err, app.EUNAUTHORIZED, "hub_accounts.error.not_logged_in")

	// the hub's clock past the idle end
	hub.store.SetClock(func() time.Time { return time.Now().Add(app.BureauSessionIdle + time.Minute) })
	_, err = c.Me(ctx)
	wantKey(t, "an expired session", err, app.EUNAUTHORIZED, "hub_accounts.error.session_expired")
	hub.store.SetClock(time.Now)

	first, err := c.Login(ctx, login)
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.Login(ctx, login)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hub.store.BureauSession(ctx, first.Token); app.ErrorCode(err) != app.EUNAUTHORIZED {
		t.Errorf("the session a second login replaced: %v, want ended on the hub", err)
	}
	if err := c.Logout(ctx); err != nil {
		t.Fatalf("logout: %v", err)
	}
	_, err = c.Me(ctx)
	wantKey(t, "after logout", err, app.EUNAUTHORIZED, "hub_accounts.error.not_logged_in")
	if _, err := hub.store.BureauSession(ctx, again.Token); app.ErrorCode(err) != app.EUNAUTHORIZED {
		t.Errorf("the token after logout: %v, want refused on the hub", err)
	}
}

// Five wrong passwords lock the account: the console says until when.
func TestConsoleLocked(t *testing.T) {
	i18n.SetLanguage(i18n.English)
	t.Cleanup(func() { i18n.SetLanguage(i18n.Chinese) })
	hub := newTestHub(t)
	mustBureau(t, hub.store, "wang", "bureau-pass-1", app.BureauAdmin)
	c := jxjsync.NewConsoleClient()
	login := app.BureauLogin{HubURL: hub.srv.URL, Username: "wang", Password: "wrong-pass"}
	var err error
	for range app.MaxFailedLogins {
		_, err = c.Login(context.Background(), login)
	}
	wantKey(t, "the fifth wrong password", err, app.EUNAUTHORIZED, "hub_accounts.error.locked")
	login.Password = "bureau-pass-1"
	_, err = c.Login(context.Background(), login)
	wantKey(t, "the right password while locked", err, app.EUNAUTHORIZED, "hub_accounts.error.locked")
	if msg := i18n.Err(err); !strings.Contains(msg, "5 times") {
		t.Errorf("locked message %q", msg)
	}

	// failed logins count against the address as wrong credentials do:
	// beyond the burst the hub answers 429 before it looks at the password
	for range jxjsync.FailureBurst - app.MaxFailedLogins - 1 {
		_, err = c.Login(context.Background(), login)
		wantKey(t, "still locked", err, app.EUNAUTHORIZED, "hub_accounts.error.locked")
	}
	_, err = c.Login(context.Background(), login)
	wantKey(t, "too many failures", err, app.EFORBIDDEN, "hub_accounts.error.too_many")
	if msg := i18n.Err(err); !strings.Contains(msg, "seconds") || strings.Contains(msg, "%!") {
		t.Errorf("too many message %q", msg)
	}
}

// A school's credential and an admin token never work on the console's
// API, and a bureau session never works on the schools' or the admin
// endpoints.
func TestConsoleCredentialsNeverCross(t *testing.T) {
	hub, node, _ := enrolled(t)
	st, _ := node.svc.Sync.SyncState(admin)
	_, adminToken, err := hub.store.AdminToken(admin, app.DefaultAdminTokenDays)
	if err != nil {
		t.Fatal(err)
	}
	mustBureau(t, hub.store, "wang", "bureau-pass-1", app.BureauAdmin)
	sess, err := hub.store.BureauLogin(context.Background(), "wang", "bureau-pass-1")
	if err != nil {
		t.Fatal(err)
	}
	console := jxjsync.PathConsole
	tests := []struct {
		name, method, path, credential string
		want                           int
	}{
		{"session on the console", "GET", console + "me", sess.Token, 200},
		{"school on console me", "GET", console + "me", st.Credential, 401},
		{"school on console orgs", "GET", console + "orgs", st.Credential, 401},
		{"school publishes", "POST", console + "notices", st.Credential, 401},
		{"admin token on console", "GET", console + "orgs", adminToken, 401},
		{"session on feed", "GET", jxjsync.PathFeed, sess.Token, 401},
		{"session on push", "POST", jxjsync.PathPush, sess.Token, 401},
		{"session on receipts", "GET", jxjsync.PathReceipts + "?since=0", sess.Token, 401},
		{"session on admin", "GET", jxjsync.PathAdmin + "orgs", sess.Token, 403},
		{"school still syncs", "GET", jxjsync.PathFeed, st.Credential, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got int
			if tt.method == "GET" {
				got = get(t, hub.srv.URL+tt.path, tt.credential, nil)
			} else {
				got, _ = post(t, hub.srv.URL+tt.path, tt.credential, map[string]any{"title": "x", "batch": 1, "ops": []any{}})
			}
			if got != tt.want {
				t.Errorf("%s %s: %d, want %d", tt.method, tt.path, got, tt.want)
			}
		})
	}
	if n, _ := hub.store.Notices(admin); len(n) != 0 {
		t.Errorf("%d notices after the refused publish, want 0", len(n))
	}
}

// A hub that cannot be reached, and plain http:// to another computer,
// are said plainly, before any password is sent.
func TestConsoleUnreachable(t *testing.T) {
	i18n.SetLanguage(i18n.English)
	t.Cleanup(func() { i18n.SetLanguage(i18n.Chinese) })
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c := jxjsync.NewConsoleClient()
	_, err := c.Login(context.Background(), app.BureauLogin{HubURL: url, Username: "wang", Password: "bureau-pass-1"})
	wantKey(t, "a closed port", err, app.EINTERNAL, "hub_accounts.error.unreachable")
	_, err = c.Login(context.Background(), app.BureauLogin{HubURL: "http://10.0.0.7:8420", Username: "wang", Password: "bureau-pass-1"})
	wantKey(t, "plain http", err, app.EINVALID, "hub_accounts.error.plain_http")
}

// Malformed requests get 400 and change nothing.
func TestConsoleBadInput(t *testing.T) {
	hub := newTestHub(t)
	mustBureau(t, hub.store, "wang", "bureau-pass-1", app.BureauAdmin)
	sess, err := hub.store.BureauLogin(context.Background(), "wang", "bureau-pass-1")
	if err != nil {
		t.Fatal(err)
	}
	url := hub.srv.URL + jxjsync.PathConsole
	tests := []struct {
		name, path, token string
		body              any
		want              int
	}{
		{"login not JSON", "login", "", "not json", 400},
		{"login without a password", "login", "", map[string]any{"username": "wang"}, 401},
		{"school of no kind", "orgs", sess.Token, map[string]any{"name": "河西小学", "kind": "castle"}, 400},
		{"school without a name", "orgs", sess.Token, map[string]any{"kind": "primary"}, 400},
		{"revoke school abc", "orgs/abc/revoke", sess.Token, nil, 400},
		{"code for school -1", "orgs/-1/code", sess.Token, map[string]any{}, 400},
		{"notice without a title", "notices", sess.Token, map[string]any{"body": "x"}, 400},
		{"notice to no school", "notices", sess.Token, map[string]any{"title": "x", "orgs": []int{42}}, 404},
		{"revoke no notice", "notices/42/revoke", sess.Token, nil, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, body := post(t, url+tt.path, tt.token, tt.body); got != tt.want {
				t.Errorf("POST %s: %d %v, want %d", tt.path, got, body, tt.want)
			}
		})
	}
	orgs, _ := hub.store.Orgs(admin)
	notices, _ := hub.store.Notices(admin)
	if len(orgs) != 0 || len(notices) != 0 {
		t.Errorf("%d schools and %d notices after bad input, want none", len(orgs), len(notices))
	}
}
