package sync_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"jxj/app"
	jxjsync "jxj/sync"
)

// serveFrom runs one request through h as if it came from addr (a
// RemoteAddr, host:port) and returns the answer.
func serveFrom(h http.Handler, addr, method, path, credential string, body any) *httptest.ResponseRecorder {
	var in bytes.Buffer
	if body != nil {
		_ = json.NewEncoder(&in).Encode(body)
	}
	req := httptest.NewRequest(method, path, &in)
	req.RemoteAddr = addr
	if credential != "" {
		req.Header.Set("Authorization", "Bearer "+credential)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// A burst of wrong credentials, enrolment codes or admin tokens from one
// address gets 429 too_many with Retry-After once the address has failed
// FailureBurst times, while a school with a good credential, from another
// address, is served all along; every refusal is logged with the address.
func TestFailedAuthLimited(t *testing.T) {
	hub, node, _ := enrolled(t)
	st, _ := node.svc.Sync.SyncState(admin)
	var logs bytes.Buffer
	h := jxjsync.NewHubServer(hub.store, slog.New(slog.NewJSONHandler(&logs, nil))).Handler()
	const guesser, school = "192.0.2.66:40000", "198.51.100.7:50000"

	const guesses = 1000
	statuses := map[int]int{}
	for i := range guesses {
		w := serveFrom(h, guesser, http.MethodGet, jxjsync.PathFeed, fmt.Sprintf("guess-%d", i), nil)
		statuses[w.Code]++
		if w.Code == http.StatusTooManyRequests {
			secs, err := strconv.Atoi(w.Header().Get("Retry-After"))
			var body jxjsync.ErrorResponse
			_ = json.Unmarshal(w.Body.Bytes(), &body)
			if err != nil || secs < 1 || secs > int(jxjsync.FailureEvery.Seconds()) || body.Error != jxjsync.ErrTooMany {
				t.Fatalf("guess %d: Retry-After %q, body %s; want 1 to %v seconds and too_many", i, w.Header().Get("Retry-After"), w.Body, jxjsync.FailureEvery)
			}
		}
		if i%100 == 0 {
			if w := serveFrom(h, school, http.MethodGet, jxjsync.PathFeed, st.Credential, nil); w.Code != http.StatusOK {
				t.Fatalf("the school during guess %d: %d %s, want 200", i, w.Code, w.Body)
			}
		}
	}
	if statuses[http.StatusUnauthorized] != jxjsync.FailureBurst || statuses[http.StatusTooManyRequests] != guesses-jxjsync.FailureBurst {
		t.Errorf("%d wrong credentials from one address: %v; want %d refused as 401, the rest 429", guesses, statuses, jxjsync.FailureBurst)
	}
	t.Logf("%d guesses from one address: %d reached the credential check", guesses, statuses[http.StatusUnauthorized])
	// the address is limited, whatever it sends
	if w := serveFrom(h, guesser, http.MethodGet, jxjsync.PathFeed, st.Credential, nil); w.Code != http.StatusTooManyRequests {
		t.Errorf("a good credential from the limited address: %d, want 429", w.Code)
	}
	// a school that authenticates never uses up its allowance
	for i := range 3 * jxjsync.FailureBurst {
		if w := serveFrom(h, school, http.MethodGet, jxjsync.PathFeed, st.Credential, nil); w.Code != http.StatusOK {
			t.Fatalf("the school's request %d: %d, want 200", i, w.Code)
		}
	}

	// wrong enrolment codes: one address guesses, a school enrols
	_, code, err := hub.store.AddOrg(admin, app.HubOrgDraft{Name: "第二小学", Kind: app.OrgPrimary})
	if err != nil {
		t.Fatal(err)
	}
	codes := map[int]int{}
	for range 3 * jxjsync.FailureBurst {
		codes[serveFrom(h, "192.0.2.67:1", http.MethodPost, jxjsync.PathEnrol, "", jxjsync.EnrolRequest{Code: "AAAA-BBBB-CCCC"}).Code]++
	}
	if codes[http.StatusForbidden] != jxjsync.FailureBurst || codes[http.StatusTooManyRequests] != 2*jxjsync.FailureBurst {
		t.Errorf("wrong enrolment codes from one address: %v, want %d refused as 403, the rest 429", codes, jxjsync.FailureBurst)
	}
	if w := serveFrom(h, "198.51.100.8:2", http.MethodPost, jxjsync.PathEnrol, "", jxjsync.EnrolRequest{Code: code}); w.Code != http.StatusOK {
		t.Errorf("a school enrolling from another address: %d %s, want 200", w.Code, w.Body)
	}

	// wrong admin tokens: the addresses of one IPv6 /64 share an allowance
	_, token, err := hub.store.AdminToken(admin, app.DefaultAdminTokenDays)
	if err != nil {
		t.Fatal(err)
	}
	admins := map[int]int{}
	for i := range 2 * jxjsync.FailureBurst {
		addr := fmt.Sprintf("[2001:db8:5:6::%x]:443", i+1)
		admins[serveFrom(h, addr, http.MethodGet, jxjsync.PathAdmin+"orgs", "wrong-"+addr, nil).Code]++
	}
	if admins[http.StatusForbidden] != jxjsync.FailureBurst || admins[http.StatusTooManyRequests] != jxjsync.FailureBurst {
		t.Errorf("wrong admin tokens from one /64: %v, want %d refused as 403, the rest 429", admins, jxjsync.FailureBurst)
	}
	if w := serveFrom(h, "[2001:db8:5:7::1]:443", http.MethodGet, jxjsync.PathAdmin+"orgs", token, nil); w.Code != http.StatusOK {
		t.Errorf("the bureau's token from the next /64: %d, want 200", w.Code)
	}

	var refused, limited int
	for line := range strings.SplitSeq(strings.TrimSpace(logs.String()), "\n") {
		var l struct{ Msg, Addr string }
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		switch {
		case l.Msg == "request refused":
			refused++
			if l.Addr == "" {
				t.Errorf("a refusal logged without the client's address: %s", line)
			}
		case strings.HasPrefix(l.Msg, "address limited"):
			limited++
			if l.Addr != guesser && l.Addr != "192.0.2.67:1" && !strings.HasPrefix(l.Addr, "[2001:db8:5:6::") {
				t.Errorf("limited the wrong address: %s", line)
			}
		}
	}
	if refused != 3*jxjsync.FailureBurst || limited != 3 {
		t.Errorf("logged %d refusals and %d limited addresses, want %d and 3", refused, limited, 3*jxjsync.FailureBurst)
	}
}

// A node whose address the hub limits is told so in its own words; the
// sync is retried later, and the school is not asked to enrol again.
func TestNodeLimited(t *testing.T) {
	hub, node, _ := enrolled(t)
	other := newTestNode(t, smallSchool)
	for range jxjsync.FailureBurst {
		if _, err := other.client.Enrol(admin, app.EnrolRequest{HubURL: hub.srv.URL, Code: "AAAA-BBBB-CCCC", School: "x"}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Fatalf("a wrong code: %v, want EFORBIDDEN", err)
		}
	}
	_, err := other.client.Enrol(admin, app.EnrolRequest{HubURL: hub.srv.URL, Code: "AAAA-BBBB-CCCC", School: "x"})
	var ae *app.Error
	if !jxjsync.IsRetryable(err) || !errors.As(err, &ae) || ae.Key != "sync.error.too_many" {
		t.Errorf("enrolling from a limited address: %v, want sync.error.too_many, retryable", err)
	}
	// the enrolled school shares 127.0.0.1 with the guesser here
	_, err = node.client.Sync(admin)
	if !jxjsync.IsRetryable(err) || !errors.As(err, &ae) || ae.Key != "sync.error.too_many" {
		t.Errorf("syncing from a limited address: %v, want sync.error.too_many, retryable", err)
	}
	if st, _ := node.svc.Sync.SyncState(admin); st.NeedsEnrol {
		t.Error("a limited address made the school enrol again")
	}
}
