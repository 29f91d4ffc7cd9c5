package sync_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"jxj/app"
	"jxj/app/i18n"
	jxjsync "jxj/sync"
)

// The word Bearer is case-insensitive (RFC 9110 §11.1): a client that
// writes "bearer" is served like one that writes "Bearer".
func TestBearerAnyCase(t *testing.T) {
	hub, node, _ := enrolled(t)
	st, _ := node.svc.Sync.SyncState(admin)
	for _, scheme := range []string{"Bearer", "bearer", "BEARER"} {
		req, _ := http.NewRequest(http.MethodGet, hub.srv.URL+jxjsync.PathFeed, nil)
		req.Header.Set("Authorization", scheme+" "+st.Credential)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("Authorization: %s …: %d, want 200", scheme, resp.StatusCode)
		}
	}
}

// A feed request in an old epoch gets 409 epoch with the new epoch, and a
// message that reads as a sentence (no %!(EXTRA …) from the epoch
// argument).
func TestEpochErrorMessage(t *testing.T) {
	hub, node, _ := enrolled(t)
	st, _ := node.svc.Sync.SyncState(admin)
	q := url.Values{"epoch": {"an-old-epoch"}, "after": {"5"}}
	var body jxjsync.ErrorResponse
	status := get(t, hub.srv.URL+jxjsync.PathFeed+"?"+q.Encode(), st.Credential, &body)
	want := i18n.TIn(i18n.English, "hub.error.epoch")
	if status != http.StatusConflict || body.Error != jxjsync.ErrEpoch || body.Epoch != st.Epoch ||
		body.Message != want || strings.Contains(body.Message, "%!") {
		t.Errorf("old epoch: %d %+v, want 409 epoch %q with the message %q", status, body, st.Epoch, want)
	}
}

// A notice title keeps the spaces between words and numbers on the hub
// and in the school's copy; only spaces between Chinese characters go.
func TestNoticeTitleKeepsSpaces(t *testing.T) {
	hub, node, _ := enrolled(t)
	hn, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: "  Grade 3 trip: 2026 年 寒假  安排 "})
	if err != nil {
		t.Fatal(err)
	}
	const want = "Grade 3 trip: 2026 年寒假安排"
	if hn.Title != want {
		t.Errorf("the hub's title = %q, want %q", hn.Title, want)
	}
	mustSync(t, node)
	if n := bureauNotice(t, node, hn.UUID); n == nil || n.Title != want {
		t.Errorf("the school's copy = %+v, want the title %q", n, want)
	}
}

// Over HTTP, an expired or revoked admin token gets 401 with its reason;
// a school's credential still gets 403.
func TestAdminTokenExpiresAndRevokes(t *testing.T) {
	hub, node, _ := enrolled(t)
	st, _ := node.svc.Sync.SyncState(admin)
	orgs := func(token string) (int, string) {
		var body jxjsync.ErrorResponse
		status := get(t, hub.srv.URL+jxjsync.PathAdmin+"orgs", token, &body)
		return status, body.Key
	}
	day, token, err := hub.store.AdminToken(admin, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, revoked, err := hub.store.AdminToken(admin, 30)
	if err != nil {
		t.Fatal(err)
	}
	if err := hub.store.RevokeAdminToken(admin, 2); err != nil {
		t.Fatal(err)
	}
	if code, _ := orgs(token); code != http.StatusOK {
		t.Errorf("a token of today: %d, want 200", code)
	}
	hub.store.SetClock(func() time.Time { return day.ExpiresAt })
	tests := []struct {
		name, token string
		status      int
		key         string
	}{
		{"expired", token, http.StatusUnauthorized, "hub.error.admin_token_expired"},
		{"revoked", revoked, http.StatusUnauthorized, "hub.error.admin_token_revoked"},
		{"a school's credential", st.Credential, http.StatusForbidden, "hub.error.admin_only"},
	}
	for _, tt := range tests {
		if code, key := orgs(tt.token); code != tt.status || key != tt.key {
			t.Errorf("%s: %d %s, want %d %s", tt.name, code, key, tt.status, tt.key)
		}
	}
}
