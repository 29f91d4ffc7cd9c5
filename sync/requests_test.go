package sync_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"jxj/app"
	jxjsync "jxj/sync"
)

// officer logs a console in to the hub as a bureau account.
func officer(t *testing.T, hub *testHub, name, pw string) *jxjsync.ConsoleClient {
	t.Helper()
	mustBureau(t, hub.store, name, pw, app.BureauStaff)
	c := jxjsync.NewConsoleClient()
	if _, err := c.Login(context.Background(), app.BureauLogin{HubURL: hub.srv.URL, Username: name, Password: pw}); err != nil {
		t.Fatal(err)
	}
	return c
}

// submitRequest writes and submits a request on the node.
func submitRequest(t *testing.T, n *testNode, d app.RequestDraftInput) *app.Request {
	t.Helper()
	r, err := n.svc.Requests.SaveRequest(admin, d)
	if err != nil {
		t.Fatal(err)
	}
	if r, err = n.svc.Requests.SubmitRequest(admin, r.ID); err != nil {
		t.Fatal(err)
	}
	return r
}

// The whole way of a request: a class trip with its safety plan attached
// goes up with the school's sync, its file ahead of it; the section
// (科室) and then the leader (分管领导) decide it from their consoles,
// each only the step that names them and in order; a rejection without
// an opinion is refused and changes nothing; the decision and each
// step's opinion reach the school at its next sync and show on its
// workbench; then it cannot be withdrawn.
func TestRequestUpDecidedTwiceDown(t *testing.T) {
	ctx := context.Background()
	hub, node, org := enrolled(t)
	ke := officer(t, hub, "keshi", "bureau-pass-1")
	ld := officer(t, hub, "lingdao", "bureau-pass-2")
	err := hub.store.SetRequestType(ctx, app.RequestTypeSetting{Type: app.RequestTrip, DeadlineDays: 5,
		Steps: []app.RequestStep{{Name: "科室", Accounts: []string{"keshi"}}, {Name: "分管领导", Accounts: []string{"lingdao"}}}})
	if err != nil {
		t.Fatal(err)
	}

	plan := bytes.Repeat([]byte("安全预案：每 10 名学生 1 名教师。\n"), 4000) // about 200 KB
	file := filepath.Join(t.TempDir(), "安全预案.txt")
	if err := os.WriteFile(file, plan, 0o600); err != nil {
		t.Fatal(err)
	}
	r := submitRequest(t, node, app.RequestDraftInput{Type: app.RequestTrip, Title: "五年级赴县博物馆研学", Body: "带队：王校长",
		Fields: map[string]string{"date": "2099-04-10", "place": "县博物馆", "students": "86", "teachers": "9",
			"transport": "包车（有资质）", "safety_plan": "见附件"}, Files: []string{file}})
	if run := mustSync(t, node); run.Up == 0 || run.Rejected != 0 {
		t.Fatalf("sync: %+v, want the request up", run)
	}

	queue, err := ke.RequestQueue(ctx)
	if err != nil || len(queue) != 1 {
		t.Fatalf("科室's queue: %d requests, %v; want 1", len(queue), err)
	}
	got := queue[0]
	if got.Org.ID != org.ID || got.State != app.RequestSubmitted || got.Title != r.Title || len(got.Files) != 1 ||
		got.Fields["students"] != "86" || got.Overdue(got.ReceivedAt) || len(got.Plan) != 2 {
		t.Fatalf("the hub's request: %+v", got)
	}
	if q, err := ld.RequestQueue(ctx); err != nil || len(q) != 0 {
		t.Fatalf("分管领导's queue before 科室 decided: %d requests, %v; want none", len(q), err)
	}
	dst := filepath.Join(t.TempDir(), "下载.txt")
	if err := ke.SaveRequestFile(ctx, got.ID, 0, dst); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(dst); !bytes.Equal(b, plan) {
		t.Fatalf("the downloaded file has %d bytes, want the school's %d", len(b), len(plan))
	}

	_, err = ke.DecideRequest(ctx, app.RequestDecision{ID: got.ID, Step: 1, Approve: false, Opinion: "  "})
	wantKey(t, "a rejection without an opinion", err, app.EINVALID, "approvals.error.opinion_required")
	_, err = ld.DecideRequest(ctx, app.RequestDecision{ID: got.ID, Step: 1, Approve: true})
	wantKey(t, "the leader deciding the section's step", err, app.EFORBIDDEN, "approvals.error.step_account_forbidden")
	_, err = ke.DecideRequest(ctx, app.RequestDecision{ID: got.ID, Step: 2, Approve: true})
	wantKey(t, "step 2 before step 1", err, app.ECONFLICT, "approvals.error.step_order")
	if x, err := ke.HubRequest(ctx, got.ID); err != nil || x.State != app.RequestSubmitted || x.Step != 0 || x.Steps[0].By != "" {
		t.Fatalf("refused decisions changed the request: %+v %v", x, err)
	}

	x, err := ke.DecideRequest(ctx, app.RequestDecision{ID: got.ID, Step: 1, Approve: true, Opinion: "同意，请落实安全预案"})
	if err != nil || x.State != app.RequestReviewing || x.Step != 1 {
		t.Fatalf("科室 approves: %+v %v", x, err)
	}
	_, err = ke.DecideRequest(ctx, app.RequestDecision{ID: got.ID, Step: 2, Approve: true})
	wantKey(t, "科室 deciding the leader's step", err, app.EFORBIDDEN, "approvals.error.step_account_forbidden")
	if q, err := ld.RequestQueue(ctx); err != nil || len(q) != 1 {
		t.Fatalf("分管领导's queue: %d requests, %v; want 1", len(q), err)
	}
	if x, err = ld.DecideRequest(ctx, app.RequestDecision{ID: got.ID, Step: 2, Approve: true, Opinion: "同意"}); err != nil ||
		x.State != app.RequestApproved || x.DecidedAt.IsZero() {
		t.Fatalf("分管领导 approves: %+v %v", x, err)
	}
	_, err = ld.DecideRequest(ctx, app.RequestDecision{ID: got.ID, Step: 2, Approve: false, Opinion: "再议"})
	wantKey(t, "deciding a decided request", err, app.ECONFLICT, "approvals.error.decide_decided")

	if f, err := ld.RequestFigures(ctx); err != nil || f.Total.Approved != 1 || f.ByType[app.RequestTrip].Approved != 1 ||
		f.ByTownship["城关镇"].Approved != 1 {
		t.Fatalf("the cockpit's figures: %+v %v", f, err)
	}

	if run := mustSync(t, node); run.Down < 1 {
		t.Fatalf("sync after the decision: %+v, want records down", run)
	}
	mine, err := node.svc.Requests.Request(admin, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if mine.State != app.RequestApproved || mine.Opinion != "同意" || len(mine.Steps) != 2 ||
		mine.Steps[0].By != "keshi" || mine.Steps[0].Opinion != "同意，请落实安全预案" || mine.Steps[1].By != "lingdao" || mine.DecidedAt.IsZero() {
		t.Fatalf("the school's request after sync: %+v", mine)
	}
	items := todo(t, node, app.TodoRequest)
	if len(items) != 1 || items[0].Request == nil || items[0].Request.ID != r.ID {
		t.Fatalf("workbench: %+v, want the decided request", items)
	}
	_, err = node.svc.Requests.WithdrawRequest(admin, r.ID)
	if app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("withdrawing a decided request: %v, want ECONFLICT", err)
	}
	if err := node.svc.Requests.DismissRequest(admin, r.ID); err != nil {
		t.Fatal(err)
	}
	if items := todo(t, node, app.TodoRequest); len(items) != 0 {
		t.Fatalf("workbench after dismissing: %+v", items)
	}
}

// A school withdraws a request before a decision: the hub takes the
// withdrawal, the console can no longer decide it, and the school keeps
// it withdrawn. A school's credential never reaches the console's API.
func TestRequestWithdrawnBeforeDecision(t *testing.T) {
	ctx := context.Background()
	hub, node, _ := enrolled(t)
	ke := officer(t, hub, "keshi", "bureau-pass-1")
	r := submitRequest(t, node, app.RequestDraftInput{Type: app.RequestReport, Title: "关于校舍漏雨的情况报告", Body: "三楼两间教室漏雨。"})
	mustSync(t, node)
	queue, err := ke.RequestQueue(ctx)
	if err != nil || len(queue) != 1 {
		t.Fatalf("queue: %d, %v", len(queue), err)
	}
	if _, err := node.svc.Requests.WithdrawRequest(admin, r.ID); err != nil {
		t.Fatal(err)
	}
	if run := mustSync(t, node); run.Up != 1 || run.Rejected != 0 {
		t.Fatalf("sync of the withdrawal: %+v", run)
	}
	_, err = ke.DecideRequest(ctx, app.RequestDecision{ID: queue[0].ID, Step: 1, Approve: true})
	wantKey(t, "deciding a withdrawn request", err, app.ECONFLICT, "approvals.error.decide_withdrawn")
	if q, err := ke.RequestQueue(ctx); err != nil || len(q) != 0 {
		t.Fatalf("queue after the withdrawal: %d, %v", len(q), err)
	}
	mustSync(t, node)
	if mine, err := node.svc.Requests.Request(admin, r.ID); err != nil || mine.State != app.RequestWithdrawn {
		t.Fatalf("the school's request: %+v %v", mine, err)
	}
	st, err := node.svc.Sync.SyncState(admin)
	if err != nil {
		t.Fatal(err)
	}
	if code := get(t, hub.srv.URL+jxjsync.PathConsole+"requests", st.Credential, nil); code != 401 {
		t.Fatalf("a school's credential on the console's requests: %d, want 401", code)
	}
}

// A request's file whose bytes change on the way is refused by the hub
// and the run stops before the request goes up; the next sync sends the
// file again and the request with it. A file changed on the school's
// disk after the submit is not sent: the hub refuses the request
// (missing_file) and the school sees it among its conflicts.
func TestRequestFileChanged(t *testing.T) {
	ctx := context.Background()
	hub, node, _ := enrolled(t)
	ke := officer(t, hub, "keshi", "bureau-pass-1")
	content := bytes.Repeat([]byte("情况说明。"), 2000)
	file := filepath.Join(t.TempDir(), "说明.txt")
	if err := os.WriteFile(file, content, 0o600); err != nil {
		t.Fatal(err)
	}
	submitRequest(t, node, app.RequestDraftInput{Type: app.RequestReport, Title: "漏雨情况报告", Files: []string{file}})
	puts := 0
	handler := jxjsync.NewHubServer(hub.store, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler()
	hub.intercept = func(w http.ResponseWriter, r *http.Request, body []byte) bool {
		if r.Method != http.MethodPut {
			return false
		}
		puts++
		if puts == 1 {
			body = bytes.Clone(body)
			body[10] ^= 1
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		handler.ServeHTTP(w, r)
		return true
	}
	if _, err := node.client.Sync(admin); err == nil || !jxjsync.IsRetryable(err) {
		t.Fatalf("sync with a file changed on the way: %v, want a retryable error", err)
	}
	if q, _ := ke.RequestQueue(ctx); len(q) != 0 {
		t.Fatalf("the request went up without its file: %+v", q)
	}
	mustSync(t, node)
	q, err := ke.RequestQueue(ctx)
	if err != nil || len(q) != 1 || len(q[0].Files) != 1 || puts != 2 {
		t.Fatalf("after the next sync: %d requests, %v, %d uploads; want the request with its file, sent twice", len(q), err, puts)
	}

	content = bytes.Repeat([]byte("维修清单。"), 2000)
	other := filepath.Join(t.TempDir(), "维修清单.txt")
	if err := os.WriteFile(other, content, 0o600); err != nil {
		t.Fatal(err)
	}
	r := submitRequest(t, node, app.RequestDraftInput{Type: app.RequestAsk, Title: "关于维修经费的请示", Files: []string{other}})
	changed := bytes.Clone(content)
	changed[0] ^= 1
	if err := os.WriteFile(filepath.Join(filepath.Dir(node.db.Path()), filepath.FromSlash(r.Files[0].Path)), changed, 0o600); err != nil {
		t.Fatal(err)
	}
	if run := mustSync(t, node); run.Rejected != 1 {
		t.Fatalf("sync: %+v, want the request refused", run)
	}
	cs, err := node.svc.Sync.Conflicts(admin)
	if err != nil || len(cs) != 1 || cs[0].Code != "missing_file" || cs[0].Notice != "关于维修经费的请示" {
		t.Fatalf("conflicts: %+v %v", cs, err)
	}
}
