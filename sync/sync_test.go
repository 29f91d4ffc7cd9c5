package sync_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"database/sql"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"jxj/app"
	"jxj/app/demo"
	"jxj/app/i18n"
	"jxj/storage"
	jxjsync "jxj/sync"
	"jxj/sync/receipttest"
)

// admin is the acting account of the node's commands in these tests.
var admin = app.NewContextWithAccount(context.Background(), app.SystemAccount)

// testHub is a real hub on 127.0.0.1 over a hub database in a temporary
// folder; bodies keeps every request body it received, decompressed.
type testHub struct {
	store *storage.Hub
	dir   string // its data folder
	srv   *httptest.Server

	mu     gosync.Mutex
	bodies [][]byte
	// intercept, when set, may answer a request itself (true) before
	// the hub sees it; it gets the body decompressed.
	intercept func(w http.ResponseWriter, r *http.Request, body []byte) bool
}

func newTestHub(t testing.TB) *testHub {
	t.Helper()
	dir := t.TempDir()
	store, err := storage.OpenHub(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	h := &testHub{store: store, dir: dir}
	handler := jxjsync.NewHubServer(store, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler()
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		plain := body
		if r.Header.Get("Content-Encoding") == "gzip" && len(body) > 0 {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err == nil {
				plain, _ = io.ReadAll(zr)
			}
		}
		h.mu.Lock()
		h.bodies = append(h.bodies, plain)
		intercept := h.intercept
		h.mu.Unlock()
		if intercept != nil && intercept(w, r, plain) {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

// pushed returns the push requests received, decoded.
func (h *testHub) pushed() []jxjsync.PushRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []jxjsync.PushRequest
	for _, b := range h.bodies {
		var p jxjsync.PushRequest
		if json.Unmarshal(b, &p) == nil && p.Batch > 0 {
			out = append(out, p)
		}
	}
	return out
}

// sent is everything the nodes sent up, as one string.
func (h *testHub) sent() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return string(bytes.Join(h.bodies, []byte("\n")))
}

// testNode is a school's node: a demo school in a temporary folder with
// a sync client.
type testNode struct {
	db     *storage.DB
	svc    app.Services
	client *jxjsync.Client
}

func newTestNode(t testing.TB, size demo.Size) *testNode {
	t.Helper()
	db, err := storage.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc := db.Services()
	if err := demo.Create(admin, svc, size); err != nil {
		t.Fatal(err)
	}
	return &testNode{db: db, svc: svc, client: jxjsync.NewClient(svc.Sync, "jxj test")}
}

var smallSchool = demo.Size{Grades: 2, ClassesPerGrade: 2, StudentsPer: 10}

// enrolled returns a hub with one school and that school's node, enrolled.
func enrolled(t *testing.T) (*testHub, *testNode, *app.HubOrg) {
	t.Helper()
	hub := newTestHub(t)
	org, code, err := hub.store.AddOrg(admin, app.HubOrgDraft{Name: "城关镇第一小学", Kind: app.OrgPrimary, Township: "城关镇"})
	if err != nil {
		t.Fatal(err)
	}
	node := newTestNode(t, smallSchool)
	if _, err := node.client.Enrol(admin, app.EnrolRequest{HubURL: hub.srv.URL, Code: strings.ToLower(code), School: "演示县实验小学"}); err != nil {
		t.Fatalf("enrol: %v", err)
	}
	return hub, node, org
}

func mustSync(t *testing.T, n *testNode) app.SyncRun {
	t.Helper()
	run, err := n.client.Sync(admin)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return run
}

// bureauNotice returns the node's copy of a bureau notice.
func bureauNotice(t testing.TB, n *testNode, uuid string) *app.Notice {
	t.Helper()
	notices, err := n.svc.Notices.Notices(admin)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range notices {
		if x.UUID == uuid {
			return x
		}
	}
	return nil
}

// The whole way: a bureau notice comes down, the school confirms and
// forwards it, families acknowledge, and the hub shows the totals.
func TestNoticeDownReceiptsUp(t *testing.T) {
	hub, node, org := enrolled(t)
	hn, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: "关于做好寒假安全工作的通知", Body: "各校：……", RequiresAck: true})
	if err != nil {
		t.Fatal(err)
	}
	if run := mustSync(t, node); run.Down != 1 {
		t.Errorf("first sync received %d records, want 1", run.Down)
	}
	n := bureauNotice(t, node, hn.UUID)
	if n == nil || !n.Bureau || n.State != app.NoticeStatePublished || n.Title != hn.Title {
		t.Fatalf("the node's copy of the bureau notice = %+v", n)
	}
	if run := mustSync(t, node); run.Down != 0 || run.Up != 0 {
		t.Errorf("a second sync moved %d down and %d up, want nothing", run.Down, run.Up)
	}

	fw, err := node.svc.Notices.ForwardBureau(admin, n.ID, app.Target{School: true})
	if err != nil {
		t.Fatalf("forward: %v", err)
	}
	if fw.Counts.Total != 40 {
		t.Errorf("forwarded to %d families, want 40", fw.Counts.Total)
	}
	receipts, err := node.svc.Notices.Receipts(admin, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range receipts[:5] {
		if _, err := node.svc.Notices.RecordSlip(admin, n.ID, r.Code); err != nil {
			t.Fatal(err)
		}
	}
	marks := []app.ReceiptMark{{ReceiptID: receipts[5].ID, State: app.ReceiptRead, Channel: app.ChannelPhone}}
	if err := node.svc.Notices.MarkReceipts(admin, marks); err != nil {
		t.Fatal(err)
	}
	if st, _ := node.svc.Sync.SyncState(admin); st.Pending != 8 {
		t.Errorf("pending before the sync = %d, want 8 (confirm, forward, 6 receipts)", st.Pending)
	}
	run := mustSync(t, node)
	if run.Up != 3 || run.Rejected != 0 {
		t.Errorf("sync sent %d ops (%d refused), want 3 (confirm, forward, receipts) and none refused", run.Up, run.Rejected)
	}
	if st, _ := node.svc.Sync.SyncState(admin); st.Pending != 0 || st.Conflicts != 0 {
		t.Errorf("after the sync: %d pending, %d conflicts; want none", st.Pending, st.Conflicts)
	}

	st, err := hub.store.NoticeStatus(admin, hn.UUID)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Schools) != 1 {
		t.Fatalf("status has %d schools, want 1", len(st.Schools))
	}
	s := st.Schools[0]
	if s.Org.ID != org.ID || !s.Delivered || s.Confirmed.IsZero() || s.Forwarded.IsZero() || s.Families != 40 || s.Read != 6 || s.Acked != 5 {
		t.Errorf("school status = delivered %v confirmed %v forwarded %v families %d read %d acked %d; want true, set, set, 40, 6, 5",
			s.Delivered, s.Confirmed, s.Forwarded, s.Families, s.Read, s.Acked)
	}

	// names and phone numbers never leave the school (PROTOCOL.md, "Principles"),
	// in receipts and in the daily aggregates alike
	sent := hub.sent()
	if !strings.Contains(sent, `"type":"day_stats"`) {
		t.Fatal("no daily aggregate went up: the check below would not cover them")
	}
	nothingPersonal(t, node, sent)
}

// nothingPersonal fails when sent (what went up to the hub, decompressed)
// holds a name, a student number or a phone number of node's directory.
func nothingPersonal(t *testing.T, node *testNode, sent string) {
	t.Helper()
	dir, err := node.svc.Directory.Directory(admin)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range dir.Entries {
		for _, s := range []string{e.Name, e.StudentNo} {
			if s != "" && strings.Contains(sent, s) {
				t.Fatalf("%q went up to the hub", s)
			}
		}
		for _, g := range e.Guardians {
			if strings.Contains(sent, g.Name) || (g.Phone != "" && strings.Contains(sent, g.Phone)) {
				t.Fatalf("guardian %q or phone %q went up to the hub", g.Name, g.Phone)
			}
		}
	}
}

// A revocation comes down and the node's copy is revoked.
func TestRevokeComesDown(t *testing.T) {
	hub, node, _ := enrolled(t)
	hn, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: "临时通知"})
	if err != nil {
		t.Fatal(err)
	}
	mustSync(t, node)
	if _, err := hub.store.RevokeNotice(admin, hn.ID); err != nil {
		t.Fatal(err)
	}
	mustSync(t, node)
	if n := bureauNotice(t, node, hn.UUID); n == nil || n.State != app.NoticeStateRevoked {
		t.Errorf("after the revocation the node's notice is %+v, want revoked", n)
	}
}

// get sends a GET to the hub with a credential ("" for none), decodes
// the JSON answer into out unless it is nil, and returns the status.
func get(t *testing.T, url, credential string, out any) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+credential)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		_ = json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

// post sends a raw request to the hub with a credential.
func post(t *testing.T, url, credential string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+credential)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// The same batch again gets the same answer; the same number with another
// body gets 409.
func TestPushIdempotent(t *testing.T) {
	hub, node, _ := enrolled(t)
	hn, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: "通知"})
	if err != nil {
		t.Fatal(err)
	}
	mustSync(t, node)
	st, _ := node.svc.Sync.SyncState(admin)
	batch := jxjsync.PushRequest{Batch: 7, Ops: []jxjsync.Op{
		{Type: app.OpNoticeConfirm, Notice: hn.UUID, At: 1764638000},
		{Type: app.OpNoticeConfirm, Notice: "no-such-notice", At: 1764638000},
	}}
	code1, first := post(t, hub.srv.URL+jxjsync.PathPush, st.Credential, batch)
	code2, again := post(t, hub.srv.URL+jxjsync.PathPush, st.Credential, batch)
	if code1 != 200 || code2 != 200 {
		t.Fatalf("status %d then %d, want 200 twice", code1, code2)
	}
	a, _ := json.Marshal(first)
	b, _ := json.Marshal(again)
	if !bytes.Equal(a, b) || !strings.Contains(string(a), `"rejected"`) {
		t.Errorf("first answer %s, second %s: want the same, with the unknown notice rejected", a, b)
	}
	batch.Ops = batch.Ops[:1]
	if code, body := post(t, hub.srv.URL+jxjsync.PathPush, st.Credential, batch); code != http.StatusConflict || body["error"] != jxjsync.ErrConflict {
		t.Errorf("same batch number, other body: %d %v, want 409 conflict", code, body)
	}
}

// A school's credential reads only its own feed and cannot use the
// bureau's admin endpoints; a revoked one is refused and the node asks to
// enrol again.
func TestCredentials(t *testing.T) {
	hub, node, org := enrolled(t)
	st, _ := node.svc.Sync.SyncState(admin)
	_, token, err := hub.store.AdminToken(admin, app.DefaultAdminTokenDays)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, credential string
		want                   int
	}{
		{"school reads its feed", jxjsync.PathFeed, st.Credential, 200},
		{"no credential", jxjsync.PathFeed, "", 401},
		{"made-up credential", jxjsync.PathFeed, "x" + st.Credential, 401},
		{"school on admin", jxjsync.PathAdmin + "orgs", st.Credential, 403},
		{"nobody on admin", jxjsync.PathAdmin + "orgs", "", 401},
		{"admin on admin", jxjsync.PathAdmin + "orgs", token, 200},
	}
	for _, tt := range tests {
		if got := get(t, hub.srv.URL+tt.path, tt.credential, nil); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}

	if err := hub.store.RevokeOrg(admin, org.ID); err != nil {
		t.Fatal(err)
	}
	_, err = node.client.Sync(admin)
	if app.ErrorCode(err) != app.EUNAUTHORIZED || jxjsync.IsRetryable(err) {
		t.Fatalf("sync with a revoked credential: %v, want EUNAUTHORIZED, not retryable", err)
	}
	if st, _ := node.svc.Sync.SyncState(admin); st.LastError == "" || !st.NeedsEnrol {
		t.Errorf("after the refusal: last error %q, needs enrol %v; want the error and true", st.LastError, st.NeedsEnrol)
	}
}

// Re-enrolment gives a new credential and a new epoch: the old
// credential stops working and the node fetches the feed again.
func TestReEnrol(t *testing.T) {
	hub, node, org := enrolled(t)
	if _, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: "通知一"}); err != nil {
		t.Fatal(err)
	}
	mustSync(t, node)
	old, _ := node.svc.Sync.SyncState(admin)
	code, err := hub.store.NewEnrolCode(admin, org.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := node.client.Enrol(admin, app.EnrolRequest{HubURL: hub.srv.URL, Code: code, School: "x"}); err != nil {
		t.Fatal(err)
	}
	_, err = node.client.Enrol(admin, app.EnrolRequest{HubURL: hub.srv.URL, Code: code, School: "x"})
	var ae *app.Error
	if app.ErrorCode(err) != app.EFORBIDDEN || !errors.As(err, &ae) || ae.Key != "hub.error.code_used" {
		// the node says it in its own words, from the hub's key
		t.Errorf("a used code again: %v, want EFORBIDDEN with the hub's hub.error.code_used", err)
	}
	if _, err := hub.store.Authenticate(admin, old.Credential); app.ErrorCode(err) != app.EUNAUTHORIZED {
		t.Errorf("the old credential after re-enrolment: %v, want EUNAUTHORIZED", err)
	}
	if run := mustSync(t, node); run.Down != 0 {
		t.Errorf("refetch after re-enrolment applied %d records, want 0 (the notice is stored)", run.Down)
	}
	if st, _ := node.svc.Sync.SyncState(admin); st.Cursor != 1 || st.Epoch == old.Epoch {
		t.Errorf("after re-enrolment: cursor %d epoch changed %v; want 1 and a new epoch", st.Cursor, st.Epoch != old.Epoch)
	}
}

// An unreachable hub is a retryable error, and it is recorded.
func TestOffline(t *testing.T) {
	hub, node, _ := enrolled(t)
	if _, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: "通知"}); err != nil {
		t.Fatal(err)
	}
	mustSync(t, node)
	notices, _ := node.svc.Notices.Notices(admin)
	if _, err := node.svc.Notices.ConfirmBureau(admin, notices[0].ID); err != nil {
		t.Fatal(err)
	}
	hub.srv.Close()
	node.client.HTTP.Timeout = 5 * time.Second
	_, err := node.client.Sync(admin)
	if !jxjsync.IsRetryable(err) {
		t.Fatalf("sync to a closed hub: %v, want a retryable error", err)
	}
	runs, err := node.svc.Sync.SyncRuns(admin, 10)
	if err != nil || len(runs) != 2 || runs[0].Error == "" {
		t.Errorf("runs = %+v (%v), want the failed one on top", runs, err)
	}
	// the outbox keeps what the hub has not confirmed
	if st, _ := node.svc.Sync.SyncState(admin); st.Pending != 1 {
		t.Errorf("pending after the failed sync = %d, want 1", st.Pending)
	}
}

// A batch number the hub has seen with another body is refused whole
// with 409: its operations are kept as conflicts and the queue moves on.
// Since a restored node takes numbers past the hub's, only another live
// copy of the school's data pushing between this node's feed and its
// push can cause it.
func TestBatchConflict(t *testing.T) {
	hub, node, org := enrolled(t)
	for _, title := range []string{"通知一", "通知二", "通知三"} {
		if _, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: title}); err != nil {
			t.Fatal(err)
		}
	}
	mustSync(t, node)
	notices, _ := node.svc.Notices.Notices(admin)
	confirm := func(i int) {
		t.Helper()
		if _, err := node.svc.Notices.ConfirmBureau(admin, notices[i].ID); err != nil {
			t.Fatal(err)
		}
	}
	confirm(0)
	mustSync(t, node) // batch 1
	hub.mu.Lock()
	hub.intercept = func(w http.ResponseWriter, r *http.Request, body []byte) bool {
		var p jxjsync.PushRequest
		if r.URL.Path == jxjsync.PathPush && json.Unmarshal(body, &p) == nil {
			// the other copy's push of the same number lands first
			hub.mu.Lock()
			hub.intercept = nil
			hub.mu.Unlock()
			ops := []app.OutOp{{Type: app.OpNoticeConfirm, Notice: notices[2].UUID, At: 1}}
			if _, err := hub.store.Push(admin, org.ID, p.Batch, []byte("another copy"), ops); err != nil {
				t.Error(err)
			}
		}
		return false
	}
	hub.mu.Unlock()
	confirm(1)
	if run := mustSync(t, node); run.Rejected != 1 {
		t.Errorf("the number taken meanwhile: %d refused, want 1", run.Rejected)
	}
	confirm(2)
	if run := mustSync(t, node); run.Up != 1 || run.Rejected != 0 {
		t.Errorf("the next batch: %d sent, %d refused; want 1 and 0", run.Up, run.Rejected)
	}
	st, _ := node.svc.Sync.SyncState(admin)
	conflicts, _ := node.svc.Sync.Conflicts(admin)
	if st.Conflicts != 1 || len(conflicts) != 1 || conflicts[0].Code != jxjsync.ErrConflict {
		t.Errorf("conflicts %d %+v, want the one refused batch", st.Conflicts, conflicts)
	}
}

// An operation the hub refuses is kept as a conflict and the queue moves
// on: receipts of a notice the bureau revoked are refused, those of
// another notice go through.
// receiptOfRevoked leaves the node with a family's receipt of a bureau
// notice (通知一) that the bureau revoked before the receipt reached the
// hub: the next sync sends it and the hub rejects it.
func receiptOfRevoked(t *testing.T, hub *testHub, node *testNode) {
	t.Helper()
	first, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: "通知一"})
	if err != nil {
		t.Fatal(err)
	}
	mustSync(t, node)
	n := bureauNotice(t, node, first.UUID)
	if _, err := node.svc.Notices.ForwardBureau(admin, n.ID, app.Target{School: true}); err != nil {
		t.Fatal(err)
	}
	mustSync(t, node)
	receipts, err := node.svc.Notices.Receipts(admin, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := node.svc.Notices.RecordSlip(admin, n.ID, receipts[0].Code); err != nil {
		t.Fatal(err)
	}
	if _, err := hub.store.RevokeNotice(admin, first.ID); err != nil {
		t.Fatal(err)
	}
}

func TestRejectedOpsDoNotBlock(t *testing.T) {
	hub, node, _ := enrolled(t)
	receiptOfRevoked(t, hub, node)
	second, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: "通知二"})
	if err != nil {
		t.Fatal(err)
	}
	run := mustSync(t, node)
	if run.Rejected != 1 {
		t.Errorf("sync refused %d ops, want 1 (the receipts of the revoked notice)", run.Rejected)
	}
	m := bureauNotice(t, node, second.UUID)
	if _, err := node.svc.Notices.ConfirmBureau(admin, m.ID); err != nil {
		t.Fatal(err)
	}
	if run := mustSync(t, node); run.Up != 1 || run.Rejected != 0 {
		t.Errorf("after the conflict: %d sent, %d refused; want 1 and 0", run.Up, run.Rejected)
	}
	st, _ := node.svc.Sync.SyncState(admin)
	conflicts, _ := node.svc.Sync.Conflicts(admin)
	if st.Pending != 0 || st.Conflicts != 1 || len(conflicts) != 1 || conflicts[0].Type != app.OpReceipts || conflicts[0].Notice != "通知一" {
		t.Fatalf("pending %d, conflicts %d %+v; want 0 and the receipts of 通知一", st.Pending, st.Conflicts, conflicts)
	}
	// the hub names its reason, so the school reads it in its language
	if want := i18n.T("hub.reject.revoked"); conflicts[0].Message != want {
		t.Errorf("the conflict says %q, want %q", conflicts[0].Message, want)
	}
}

// A feed longer than a page comes down in several pages, and the cursor
// ends at the last record.
func TestFeedPages(t *testing.T) {
	hub, node, _ := enrolled(t)
	body := strings.Repeat("各校要高度重视，认真落实。", 200) // about 7 KB of JSON
	const notices = 25
	for i := range notices {
		if _, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: fmt.Sprintf("通知 %d", i+1), Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	hub.mu.Lock()
	hub.bodies = nil
	hub.mu.Unlock()
	if run := mustSync(t, node); run.Down != notices {
		t.Errorf("received %d notices, want %d", run.Down, notices)
	}
	// every request is recorded, bodies or not: GETs count too
	if got := len(hub.bodies); got < 3 {
		t.Errorf("%d requests for %d notices of 7 KB: the feed was not paged at 64 KB", got, notices)
	}
	if st, _ := node.svc.Sync.SyncState(admin); st.Cursor != notices {
		t.Errorf("cursor %d, want %d", st.Cursor, notices)
	}
}

// An enrolment code works for 30 days.
func TestEnrolCodeExpires(t *testing.T) {
	hub := newTestHub(t)
	_, code, err := hub.store.AddOrg(admin, app.HubOrgDraft{Name: "第二小学", Kind: app.OrgPrimary})
	if err != nil {
		t.Fatal(err)
	}
	hub.store.SetClock(func() time.Time { return time.Now().Add(31 * 24 * time.Hour) })
	node := newTestNode(t, smallSchool)
	_, err = node.client.Enrol(admin, app.EnrolRequest{HubURL: hub.srv.URL, Code: code, School: "x"})
	var ae *app.Error
	if !errors.As(err, &ae) || ae.Key != "hub.error.code_expired" {
		t.Errorf("a code 31 days old: %v, want hub.error.code_expired", err)
	}
}

// A body over the limit gets 413 and changes nothing.
func TestPushLimits(t *testing.T) {
	hub, node, _ := enrolled(t)
	st, _ := node.svc.Sync.SyncState(admin)
	huge := map[string]any{"batch": 1, "ops": []any{map[string]any{"type": "notice_confirm", "notice": strings.Repeat("x", jxjsync.MaxCompressedBody+1)}}}
	if code, body := post(t, hub.srv.URL+jxjsync.PathPush, st.Credential, huge); code != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over 1 MiB: %d %v, want 413", code, body)
	}
}

// The hub listens over TLS when given a certificate, refuses plain HTTP
// beyond loopback, and shuts down gracefully when its context ends.
func TestServe(t *testing.T) {
	for _, tt := range []struct {
		l    app.HubListen
		fail bool
	}{
		{app.HubListen{Addr: "127.0.0.1:8420"}, false},
		{app.HubListen{Addr: "localhost:8420"}, false},
		{app.HubListen{Addr: "[::1]:8420"}, false},
		{app.HubListen{Addr: "0.0.0.0:8420"}, true},
		{app.HubListen{Addr: "192.0.2.1:8420"}, true},
		{app.HubListen{Addr: "0.0.0.0:8420", Insecure: true}, false},
		{app.HubListen{Addr: "0.0.0.0:8420", TLSCert: "c.pem"}, true}, // no key
		{app.HubListen{Addr: "no-port"}, true},
	} {
		if err := jxjsync.CheckListen(tt.l); (err != nil) != tt.fail {
			t.Errorf("CheckListen(%+v) = %v, want failure %v", tt.l, err, tt.fail)
		}
	}

	cert, key := selfSigned(t)
	store, err := storage.OpenHub(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	go func() {
		done <- jxjsync.Serve(ctx, app.HubListen{Addr: "127.0.0.1:0", TLSCert: cert, TLSKey: key},
			jxjsync.NewHubServer(store, log).Handler(), log, func(a string) { addr <- a })
	}()
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := client.Get("https://" + <-addr + "/v1/health")
	if err != nil {
		t.Fatalf("health over TLS: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.TLS == nil {
		t.Errorf("health: %d, TLS %v", resp.StatusCode, resp.TLS != nil)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("shutdown: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
}

// selfSigned writes a certificate and key for 127.0.0.1.
func selfSigned(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "jxj test hub"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

// A school's credential names the school: it reads only its own feed and
// cannot write receipts of a notice sent to another school, whatever the
// body says.
func TestSchoolsAreSeparate(t *testing.T) {
	hub, nodeA, _ := enrolled(t)
	orgB, codeB, err := hub.store.AddOrg(admin, app.HubOrgDraft{Name: "第二小学", Kind: app.OrgPrimary})
	if err != nil {
		t.Fatal(err)
	}
	nodeB := newTestNode(t, smallSchool)
	if _, err := nodeB.client.Enrol(admin, app.EnrolRequest{HubURL: hub.srv.URL, Code: codeB, School: "第二小学"}); err != nil {
		t.Fatal(err)
	}
	onlyB, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: "只发第二小学", Orgs: []int64{orgB.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if run := mustSync(t, nodeA); run.Down != 0 || bureauNotice(t, nodeA, onlyB.UUID) != nil {
		t.Errorf("school A received %d records of another school's feed", run.Down)
	}
	if run := mustSync(t, nodeB); run.Down != 1 {
		t.Errorf("school B received %d records, want its notice", run.Down)
	}
	stA, _ := nodeA.svc.Sync.SyncState(admin)
	forged := jxjsync.PushRequest{Batch: 99, Ops: jxjsync.EncodeOps([]app.OutOp{{Type: app.OpReceipts, Notice: onlyB.UUID,
		Receipts: []app.ReceiptUp{{Family: 1, State: app.ReceiptAcked, Channel: app.ChannelSlip, At: 1, Class: 1}}}})}
	code, body := post(t, hub.srv.URL+jxjsync.PathPush, stA.Credential, forged)
	results, _ := body["results"].([]any)
	if code != 200 || len(results) != 1 || results[0].(map[string]any)["code"] != "unknown_notice" {
		t.Errorf("school A writing school B's receipts: %d %v, want the op rejected as unknown_notice", code, body)
	}
	st, err := hub.store.NoticeStatus(admin, onlyB.UUID)
	if err != nil || len(st.Schools) != 1 || st.Schools[0].Read != 0 {
		t.Errorf("school B's receipts after the forged push: %+v %v, want none", st, err)
	}
}

// forge posts a batch as a school's node would, gzip-compressed, and
// returns the status, the results' codes ("ok" for an accepted op) and
// the size of the body on the wire.
func forge(t *testing.T, hub *testHub, credential string, batch int64, ops ...app.OutOp) (status int, codes []string, wire int) {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err := json.NewEncoder(zw).Encode(jxjsync.PushRequest{Batch: batch, Ops: jxjsync.EncodeOps(ops)}); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	wire = buf.Len()
	req, _ := http.NewRequest(http.MethodPost, hub.srv.URL+jxjsync.PathPush, &buf)
	req.Header.Set("Authorization", "Bearer "+credential)
	req.Header.Set("Content-Encoding", "gzip")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var pr jxjsync.PushResponse
	_ = json.NewDecoder(resp.Body).Decode(&pr)
	for _, r := range pr.Results {
		code := r.Status
		if r.Status != "ok" {
			code = r.Code
		}
		codes = append(codes, code)
	}
	return resp.StatusCode, codes, wire
}

// acks is n acknowledgements from families first, first+1, …
func acks(first int64, n int) []app.ReceiptUp {
	rs := make([]app.ReceiptUp, n)
	for i := range rs {
		rs[i] = app.ReceiptUp{Family: first + int64(i), State: app.ReceiptAcked, Channel: app.ChannelSlip, At: 1764638000, Class: 1}
	}
	return rs
}

// The hub takes receipts only of a notice its feed delivered to the
// school and the school forwarded, from no more families than the
// forward reported, and a forward's count is bounded: anything else is
// refused with its own code, and nothing of it is stored. The issue's
// case first: one 11 KB push claiming 550,000 acknowledgements of a
// notice the school never fetched.
func TestHubTakesOnlyDeliveredForwardedReceipts(t *testing.T) {
	hub, node, _ := enrolled(t)
	publish := func(title string) string {
		t.Helper()
		n, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: title, RequiresAck: true})
		if err != nil {
			t.Fatal(err)
		}
		return n.UUID
	}
	forwarded, kept := publish("已转发的通知"), publish("未转发的通知")
	mustSync(t, node)
	if _, err := node.svc.Notices.ForwardBureau(admin, bureauNotice(t, node, forwarded).ID, app.Target{School: true}); err != nil {
		t.Fatal(err)
	}
	mustSync(t, node) // the forward to 40 families goes up
	never := publish("学校还没取到的通知")
	st, _ := node.svc.Sync.SyncState(admin)
	read := func(notice string) int {
		t.Helper()
		s, err := hub.store.NoticeStatus(admin, notice)
		if err != nil || len(s.Schools) != 1 {
			t.Fatalf("status of %s: %+v, %v", notice, s, err)
		}
		return s.Schools[0].Read
	}

	status, codes, wire := forge(t, hub, st.Credential, 1000, app.OutOp{Type: app.OpReceipts, Notice: never, Receipts: acks(1, 550000)})
	if status != 200 || fmt.Sprint(codes) != "[not_delivered]" || read(never) != 0 {
		t.Errorf("550,000 acknowledgements in %d bytes of a notice never fetched: %d %v, %d stored; want refused as not_delivered, none stored",
			wire, status, codes, read(never))
	}
	if wire > 12<<10 {
		t.Errorf("the forged push is %d bytes, want the issue's 11 KB", wire)
	}

	tests := []struct {
		name string
		ops  []app.OutOp
		want string
	}{
		{"receipts of a notice delivered, not forwarded", []app.OutOp{{Type: app.OpReceipts, Notice: kept, Receipts: acks(1, 5)}}, "[not_forwarded]"},
		{"a forward to more families than a school has", []app.OutOp{{Type: app.OpNoticeForward, Notice: kept, Families: 550000},
			{Type: app.OpReceipts, Notice: kept, Receipts: acks(1, 5)}}, "[too_many_families not_forwarded]"},
		{"receipts of 41 families when 40 were forwarded", []app.OutOp{{Type: app.OpReceipts, Notice: forwarded, Receipts: acks(1, 41)}}, "[too_many_families]"},
		{"a family number beyond JSON's exact numbers", []app.OutOp{{Type: app.OpReceipts, Notice: forwarded, Receipts: acks(1<<53, 1)}}, "[bad_op]"},
		{"30 families of the 40", []app.OutOp{{Type: app.OpReceipts, Notice: forwarded, Receipts: acks(1, 30)}}, "[ok]"},
		{"11 more: 41 in all", []app.OutOp{{Type: app.OpReceipts, Notice: forwarded, Receipts: acks(31, 11)}}, "[too_many_families]"},
		{"10 more and 20 again: 40 in all", []app.OutOp{{Type: app.OpReceipts, Notice: forwarded, Receipts: acks(21, 20)}}, "[ok]"},
	}
	for i, tt := range tests {
		_, codes, _ := forge(t, hub, st.Credential, 1001+int64(i), tt.ops...)
		if fmt.Sprint(codes) != tt.want {
			t.Errorf("%s: %v, want %s", tt.name, codes, tt.want)
		}
	}
	if read(forwarded) != 40 || read(kept) != 0 {
		t.Errorf("the hub holds %d receipts of the forwarded notice and %d of the other, want 40 and 0", read(forwarded), read(kept))
	}
	s, _ := hub.store.NoticeStatus(admin, kept)
	if !s.Schools[0].Forwarded.IsZero() || s.Schools[0].Families != 0 {
		t.Errorf("the refused forward was stored: %+v", s.Schools[0])
	}
}

// backup copies the node's database as it is now, as copying its data
// folder would, and returns the copy's path.
func (n *testNode) backup(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), storage.FileName)
	raw, err := sql.Open("sqlite", "file:"+n.db.Path()+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`VACUUM INTO ?`, path); err != nil {
		t.Fatal(err)
	}
	return path
}

// restore puts a backup in place of the node's database and opens it,
// as restoring the data folder and starting jxj again would.
func (n *testNode) restore(t *testing.T, backup string) {
	t.Helper()
	path := n.db.Path()
	if err := n.db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(context.Background(), filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	client := n.client
	n.db, n.svc = db, db.Services()
	n.client = jxjsync.NewClient(n.svc.Sync, client.Node)
	n.client.HTTP = client.HTTP
}

// nodeStates maps the family numbers of a node's receipts of a bureau
// notice, read or acknowledged, to their states.
func nodeStates(t *testing.T, n *testNode, notice string) map[int64]int {
	return receipttest.Node(t, n.db.Path(), notice)
}

// hubStates maps the family numbers of the hub's receipts of a notice
// to their states.
func hubStates(t *testing.T, hub *testHub, notice string) map[int64]int {
	return receipttest.Hub(t, filepath.Join(hub.dir, storage.HubFileName), notice)
}

// mark records receipts of a node's copy of a bureau notice at state:
// those from..to in the notice's order, of the students of class when
// it is not 0.
func mark(t *testing.T, n *testNode, notice string, class int64, from, to int, state app.ReceiptState) {
	t.Helper()
	rs, err := n.svc.Notices.Receipts(admin, bureauNotice(t, n, notice).ID)
	if err != nil {
		t.Fatal(err)
	}
	rs = slices.DeleteFunc(rs, func(r app.Receipt) bool { return class != 0 && r.ClassID != class })
	var marks []app.ReceiptMark
	for _, r := range rs[from:to] {
		marks = append(marks, app.ReceiptMark{ReceiptID: r.ID, State: state, Channel: app.ChannelPhone})
	}
	if err := n.svc.Notices.MarkReceipts(admin, marks); err != nil {
		t.Fatal(err)
	}
}

// A node restored from a backup syncs on. After the backup the lost copy
// acknowledged more receipts of a first notice and forwarded a second to
// one class; the restored copy records acknowledgements of its own and,
// before its first sync, forwards the second notice to another class.
// Its sync refuses nothing and brings back what the lost copy sent (the
// second notice now reaches the families that answered the lost copy
// too); afterwards the node and the hub hold the same receipts, each
// once, with the highest state, and the same count of families.
func TestRestoredNodeSyncsOn(t *testing.T) {
	hub, node, _ := enrolled(t)
	var notices []string
	for _, title := range []string{"寒假安全告知书", "防溺水告知书"} {
		n, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: title, RequiresAck: true})
		if err != nil {
			t.Fatal(err)
		}
		notices = append(notices, n.UUID)
	}
	first, second := notices[0], notices[1]
	mustSync(t, node)
	if _, err := node.svc.Notices.ForwardBureau(admin, bureauNotice(t, node, first).ID, app.Target{School: true}); err != nil {
		t.Fatal(err)
	}
	mark(t, node, first, 0, 0, 5, app.ReceiptAcked)
	mustSync(t, node)
	backup := node.backup(t)

	// the copy that is lost: more receipts, the second notice to a class
	classes, err := node.svc.Classes.Classes(admin)
	if err != nil || len(classes) < 2 {
		t.Fatalf("classes %v, %v", classes, err)
	}
	mark(t, node, first, 0, 5, 10, app.ReceiptAcked)
	mark(t, node, first, 0, 10, 12, app.ReceiptRead)
	if _, err := node.svc.Notices.ForwardBureau(admin, bureauNotice(t, node, second).ID, app.Target{ClassIDs: []int64{classes[0].ID}}); err != nil {
		t.Fatal(err)
	}
	mark(t, node, second, 0, 0, 3, app.ReceiptAcked)
	mustSync(t, node)

	node.restore(t, backup)
	mark(t, node, first, 0, 8, 18, app.ReceiptAcked) // ten, four of them the lost copy's
	if _, err := node.svc.Notices.ForwardBureau(admin, bureauNotice(t, node, second).ID, app.Target{ClassIDs: []int64{classes[1].ID}}); err != nil {
		t.Fatal(err)
	}
	mark(t, node, second, classes[1].ID, 0, 2, app.ReceiptRead)
	run := mustSync(t, node)
	if run.Rejected != 0 {
		t.Errorf("the restored node's sync: %d refused, want none", run.Rejected)
	}
	if st, _ := node.svc.Sync.SyncState(admin); st.Pending != 0 || st.Conflicts != 0 {
		t.Errorf("after the sync: %d pending, %d conflicts; want none", st.Pending, st.Conflicts)
	}

	for _, tt := range []struct {
		name     string
		notice   string
		families int
		read     int
	}{
		{"first", first, 40, 18},      // 0..17: 0..11 by the lost copy, 8..17 acknowledged by the restored
		{"second", second, 10 + 3, 5}, // the restored copy's class, the 3 that answered the lost copy
	} {
		onNode, onHub := nodeStates(t, node, tt.notice), hubStates(t, hub, tt.notice)
		if fmt.Sprint(onNode) != fmt.Sprint(onHub) || len(onHub) != tt.read {
			t.Errorf("%s notice's receipts: node %v, hub %v; want the same %d", tt.name, onNode, onHub, tt.read)
		}
		s, err := hub.store.NoticeStatus(admin, tt.notice)
		if err != nil || len(s.Schools) != 1 {
			t.Fatalf("status %+v, %v", s, err)
		}
		if n := bureauNotice(t, node, tt.notice); s.Schools[0].Families != tt.families || n.Counts.Total != tt.families {
			t.Errorf("%s notice's families: hub %d, node %d; want %d", tt.name, s.Schools[0].Families, n.Counts.Total, tt.families)
		}
	}
	acked := 0
	for _, s := range nodeStates(t, node, first) {
		if s == int(app.ReceiptAcked) {
			acked++
		}
	}
	if acked != 18 {
		t.Errorf("%d of the first notice's receipts acknowledged on the node, want 18", acked)
	}
}

// catchingUp reads whether a node has a catch-up to finish.
func catchingUp(t *testing.T, n *testNode) bool {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+n.db.Path()+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var on bool
	if err := raw.QueryRow(`SELECT catchup FROM sync_state`).Scan(&on); err != nil {
		t.Fatal(err)
	}
	return on
}

// A restored node whose hub does not serve the catch-up yet (an older
// hub answers 404) sends what it has meanwhile, and catches up once the
// hub does.
func TestCatchUpWaitsForHub(t *testing.T) {
	hub, node, _ := enrolled(t)
	for _, title := range []string{"通知一", "通知二"} {
		if _, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: title}); err != nil {
			t.Fatal(err)
		}
	}
	mustSync(t, node)
	notices, _ := node.svc.Notices.Notices(admin)
	if _, err := node.svc.Notices.ConfirmBureau(admin, notices[0].ID); err != nil {
		t.Fatal(err)
	}
	backup := node.backup(t)
	mustSync(t, node) // batch 1, which the backup has not seen
	node.restore(t, backup)
	if _, err := node.svc.Notices.ConfirmBureau(admin, notices[1].ID); err != nil {
		t.Fatal(err)
	}
	hub.mu.Lock()
	hub.intercept = func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
		if r.URL.Path != jxjsync.PathReceipts {
			return false
		}
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, `{"error": %q, "message": "no such endpoint"}`, jxjsync.ErrNotFound)
		return true
	}
	hub.mu.Unlock()
	if run := mustSync(t, node); run.Up != 2 || run.Rejected != 0 || !catchingUp(t, node) {
		t.Errorf("with an older hub: %d sent, %d refused, catching up %v; want both confirmations sent and the catch-up kept",
			run.Up, run.Rejected, catchingUp(t, node))
	}
	hub.mu.Lock()
	hub.intercept = nil
	hub.mu.Unlock()
	mustSync(t, node)
	if catchingUp(t, node) {
		t.Error("the catch-up did not run once the hub served it")
	}
}

// The catch-up endpoint answers a school's own receipts; a query it
// cannot read is 400, and another school's credential or none is
// refused.
func TestReceiptsQuery(t *testing.T) {
	hub, node, _ := enrolled(t)
	st, _ := node.svc.Sync.SyncState(admin)
	tests := []struct {
		name, query, credential string
		want                    int
	}{
		{"from the start", "?since=0", st.Credential, 200},
		{"after a cursor", "?since=3&after=2.17", st.Credential, 200},
		{"no since", "", st.Credential, 400},
		{"since negative", "?since=-1", st.Credential, 400},
		{"a cursor the hub did not give", "?since=0&after=x.1", st.Credential, 400},
		{"no credential", "?since=0", "", 401},
	}
	for _, tt := range tests {
		if got := get(t, hub.srv.URL+jxjsync.PathReceipts+tt.query, tt.credential, nil); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
}
