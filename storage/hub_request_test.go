package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"

	"jxj/app"
)

func submitOp(t *testing.T, typ app.RequestType, title string, fields map[string]string, files ...app.RequestFile) app.OutOp {
	t.Helper()
	id, err := uuid.NewV7()
	if err != nil {
		t.Fatal(err)
	}
	return app.OutOp{Type: app.OpRequestSubmit, Request: &app.RequestUp{UUID: id.String(), Type: typ, Title: title,
		Fields: fields, Files: files, At: testNow.Unix()}}
}

func withdrawOp(id string) app.OutOp {
	return app.OutOp{Type: app.OpRequestWithdraw, Request: &app.RequestUp{UUID: id, At: testNow.Unix()}}
}

// requestRow is what the hub stores of a request, to compare before and
// after a refusal.
func requestRow(t *testing.T, h *Hub, id int64) string {
	t.Helper()
	var row string
	if err := h.db.w.QueryRow(`SELECT state || '|' || step || '|' || opinion || '|' || decided_at || '|' ||
		(SELECT COUNT(*) FROM hub_request_steps WHERE request_id = r.id) || '|' ||
		(SELECT COUNT(*) FROM hub_feed WHERE type = 'request' AND ref = r.id) || '|' ||
		(SELECT COUNT(*) FROM audit WHERE target = r.uuid)
		FROM hub_requests r WHERE id = ?`, id).Scan(&row); err != nil {
		t.Fatal(err)
	}
	return row
}

func requestID(t *testing.T, h *Hub, id string) int64 {
	t.Helper()
	var n int64
	if err := h.db.w.QueryRow(`SELECT id FROM hub_requests WHERE uuid = ?`, id).Scan(&n); err != nil {
		t.Fatalf("request %s on the hub: %v", id, err)
	}
	return n
}

// upload sends bytes as a school's request file and returns it as a
// request names it.
func upload(t *testing.T, h *Hub, org int64, name string, b []byte) app.RequestFile {
	t.Helper()
	sum := sha256.Sum256(b)
	f := app.RequestFile{Name: name, Size: int64(len(b)), SHA256: hex.EncodeToString(sum[:])}
	if err := h.UploadRequestFile(context.Background(), org, f.SHA256, bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	return f
}

var tripFields = map[string]string{"date": "2099-04-10", "place": "县博物馆", "students": "86", "teachers": "9",
	"transport": "包车", "safety_plan": "见附件"}

// The hub's state machine of a request: every transition, and every
// refusal before anything changes (the request, its steps, its feed
// records and audit rows stay as they were).
func TestHubRequestStateMachine(t *testing.T) {
	ctx := context.Background()
	now := testNow
	h := mustOpenHub(t, t.TempDir(), &now)
	org, code, err := h.AddOrg(ctx, app.HubOrgDraft{Name: "城关镇第一小学", Kind: app.OrgPrimary, Township: "城关镇"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := h.Enrol(ctx, code); err != nil {
		t.Fatal(err)
	}
	ke := mustBureauAccount(t, h, "keshi", "bureau-pass-1", app.BureauStaff)
	ld := mustBureauAccount(t, h, "lingdao", "bureau-pass-2", app.BureauStaff)
	asKe, asLd := app.NewContextWithBureau(ctx, ke), app.NewContextWithBureau(ctx, ld)

	bad := app.RequestTypeSetting{Type: app.RequestTrip, DeadlineDays: 5, Steps: []app.RequestStep{{Name: "科室", Accounts: []string{"nobody"}}}}
	wantCode(t, h.SetRequestType(ctx, bad), app.EINVALID, "approvals.error.step_unknown_account")
	wantCode(t, h.SetRequestType(ctx, app.RequestTypeSetting{Type: app.RequestTrip, DeadlineDays: 0, Steps: bad.Steps}),
		app.EINVALID, "approvals.error.deadline_days")
	if err := h.SetRequestType(ctx, app.RequestTypeSetting{Type: app.RequestTrip, DeadlineDays: 5,
		Steps: []app.RequestStep{{Name: "科室", Accounts: []string{"keshi"}}, {Name: "分管领导", Accounts: []string{"lingdao"}}}}); err != nil {
		t.Fatal(err)
	}

	// a file must be the school's own upload, whole, before its request
	plan := []byte("安全预案")
	sum := sha256.Sum256(plan)
	wantCode(t, h.UploadRequestFile(ctx, org.ID, hex.EncodeToString(sum[:]), bytes.NewReader([]byte("别的内容"))),
		app.EINVALID, "approvals.error.file_hash")
	file := app.RequestFile{Name: "安全预案.pdf", Size: int64(len(plan)), SHA256: hex.EncodeToString(sum[:])}
	early := submitOp(t, app.RequestTrip, "研学报批", tripFields, file)
	if r := pushOne(t, h, org.ID, 1, early); r.Code != rejectMissingFile {
		t.Fatalf("a request before its file: %+v", r)
	}
	if has, err := h.HasRequestFile(ctx, org.ID, file.SHA256); err != nil || has {
		t.Fatalf("HasRequestFile before the upload: %v %v", has, err)
	}
	file = upload(t, h, org.ID, "安全预案.pdf", plan)
	if has, err := h.HasRequestFile(ctx, org.ID, file.SHA256); err != nil || !has {
		t.Fatalf("HasRequestFile after the upload: %v %v", has, err)
	}
	phone := submitOp(t, app.RequestTrip, "研学报批", map[string]string{"date": "2099-04-10", "place": "县博物馆",
		"students": "86", "teachers": "9", "transport": "包车，联系家长 13800138000", "safety_plan": "见附件"})
	if r := pushOne(t, h, org.ID, 2, phone); r.Code != rejectBadOp || r.Key != "approvals.error.field_phone" {
		t.Fatalf("a phone number in a field: %+v", r)
	}
	if n := count(t, h.db, `SELECT COUNT(*) FROM hub_requests`); n != 0 {
		t.Fatalf("refused requests were stored: %d", n)
	}

	op := submitOp(t, app.RequestTrip, "五年级研学报批", tripFields, file)
	if r := pushOne(t, h, org.ID, 3, op); !r.OK {
		t.Fatalf("submit: %+v", r)
	}
	if r := pushOne(t, h, org.ID, 4, op); !r.OK || count(t, h.db, `SELECT COUNT(*) FROM hub_requests`) != 1 {
		t.Fatalf("the same request again: %+v, want ok and still one", r)
	}
	id := requestID(t, h, op.Request.UUID)
	r, err := h.HubRequest(ctx, id)
	if err != nil || r.State != app.RequestSubmitted || len(r.Files) != 1 || !r.Due.Equal(now.AddDate(0, 0, 5)) || len(r.Plan) != 2 {
		t.Fatalf("the request: %+v %v", r, err)
	}

	before := requestRow(t, h, id)
	refusals := []struct {
		name      string
		ctx       context.Context
		d         app.RequestDecision
		code, key string
	}{
		{"no bureau account", ctx, app.RequestDecision{ID: id, Approve: true}, app.EUNAUTHORIZED, "approvals.error.no_account"},
		{"reject without an opinion", asKe, app.RequestDecision{ID: id, Step: 1, Opinion: " "}, app.EINVALID, "approvals.error.opinion_required"},
		{"step out of order", asKe, app.RequestDecision{ID: id, Step: 2, Approve: true}, app.ECONFLICT, "approvals.error.step_order"},
		{"not the step's account", asLd, app.RequestDecision{ID: id, Step: 1, Approve: true}, app.EFORBIDDEN, "approvals.error.step_account_forbidden"},
		{"unknown request", asKe, app.RequestDecision{ID: id + 1, Approve: true}, app.ENOTFOUND, "approvals.error.hub_not_found"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.DecideRequest(tt.ctx, tt.d)
			wantCode(t, err, tt.code, tt.key)
			if after := requestRow(t, h, id); after != before {
				t.Fatalf("a refusal changed the request: %s, was %s", after, before)
			}
		})
	}

	if q, _ := h.Requests(ctx, app.RequestFilter{For: "lingdao"}); len(q) != 0 {
		t.Fatalf("the leader's queue before step 1: %d", len(q))
	}
	if r, err = h.DecideRequest(asKe, app.RequestDecision{ID: id, Approve: true, Opinion: "同意"}); err != nil || r.State != app.RequestReviewing || r.Step != 1 {
		t.Fatalf("step 1 approved: %+v %v", r, err)
	}
	if q, _ := h.Requests(ctx, app.RequestFilter{For: "keshi"}); len(q) != 0 {
		t.Fatalf("科室's queue after its step: %d", len(q))
	}
	if q, _ := h.Requests(ctx, app.RequestFilter{For: "lingdao"}); len(q) != 1 {
		t.Fatalf("the leader's queue after step 1: %d", len(q))
	}
	if r, err = h.DecideRequest(asLd, app.RequestDecision{ID: id, Step: 2, Approve: true, Opinion: "同意，注意安全"}); err != nil ||
		r.State != app.RequestApproved || r.Opinion != "同意，注意安全" || !r.DecidedAt.Equal(now) {
		t.Fatalf("step 2 approved: %+v %v", r, err)
	}
	decided := requestRow(t, h, id)
	_, err = h.DecideRequest(asLd, app.RequestDecision{ID: id, Approve: false, Opinion: "再议"})
	wantCode(t, err, app.ECONFLICT, "approvals.error.decide_decided")
	if res := pushOne(t, h, org.ID, 5, withdrawOp(op.Request.UUID)); res.Code != rejectDecided {
		t.Fatalf("a withdrawal after the decision: %+v", res)
	}
	if after := requestRow(t, h, id); after != decided {
		t.Fatalf("refusals after the decision changed it: %s, was %s", after, decided)
	}

	// each step has its audit row, in the name of who decided it
	rows, err := h.db.w.Query(`SELECT actor FROM audit WHERE action = 'request.decide' AND target = ? ORDER BY id`, op.Request.UUID)
	if err != nil {
		t.Fatal(err)
	}
	var actors []string
	for rows.Next() {
		var a string
		rows.Scan(&a)
		actors = append(actors, a)
	}
	rows.Close()
	if len(actors) != 2 || actors[0] != "bureau:keshi" || actors[1] != "bureau:lingdao" {
		t.Fatalf("audit actors: %v", actors)
	}

	// the school's feed: a record for the arrival and each step, each
	// with the state at the time it is read
	page, err := h.Feed(ctx, org.ID, "", 0, 64<<10)
	if err != nil {
		t.Fatal(err)
	}
	var records []app.RequestRecord
	for _, rec := range page.Records {
		if rec.Type != app.RecordRequest || rec.ID != op.Request.UUID {
			continue
		}
		var b app.RequestRecord
		if err := json.Unmarshal(rec.Body, &b); err != nil {
			t.Fatal(err)
		}
		records = append(records, b)
	}
	last := records[len(records)-1]
	if len(records) != 3 || last.State != app.RequestApproved || last.Steps[0].By != "keshi" || last.Steps[1].Opinion != "同意，注意安全" {
		t.Fatalf("feed records: %+v", records)
	}
}

// A school withdraws a request still open: once, and again without
// harm; the bureau cannot decide it then. A rejection ends a request at
// its step, with the opinion; a withdrawal of an unknown request is
// refused.
func TestHubRequestWithdrawAndReject(t *testing.T) {
	ctx := context.Background()
	h, org, _ := testHub(t, 0)
	ke := app.NewContextWithBureau(ctx, mustBureauAccount(t, h, "keshi", "bureau-pass-1", app.BureauStaff))

	op := submitOp(t, app.RequestReport, "校舍漏雨情况报告", nil)
	if r := pushOne(t, h, org, 1, op); !r.OK {
		t.Fatal(r)
	}
	id := requestID(t, h, op.Request.UUID)
	if r := pushOne(t, h, org, 2, withdrawOp(op.Request.UUID)); !r.OK {
		t.Fatalf("withdraw: %+v", r)
	}
	withdrawn := requestRow(t, h, id)
	if r := pushOne(t, h, org, 3, withdrawOp(op.Request.UUID)); !r.OK || requestRow(t, h, id) != withdrawn {
		t.Fatalf("withdraw again: %+v", r)
	}
	_, err := h.DecideRequest(ke, app.RequestDecision{ID: id, Approve: true})
	wantCode(t, err, app.ECONFLICT, "approvals.error.decide_withdrawn")
	if requestRow(t, h, id) != withdrawn {
		t.Fatal("deciding a withdrawn request changed it")
	}
	if r := pushOne(t, h, org, 4, withdrawOp("0193a0a0-0000-7000-8000-000000000000")); r.Code != rejectUnknownRequest {
		t.Fatalf("withdrawing an unknown request: %+v", r)
	}

	op = submitOp(t, app.RequestAsk, "关于增设寄宿床位的请示", map[string]string{"reply_by": "2099/3/1"})
	if r := pushOne(t, h, org, 5, op); !r.OK {
		t.Fatal(r)
	}
	id = requestID(t, h, op.Request.UUID)
	r, err := h.DecideRequest(ke, app.RequestDecision{ID: id, Step: 1, Approve: false, Opinion: "请补充学生人数", CommandLine: true})
	if err != nil || r.State != app.RequestRejected || r.Opinion != "请补充学生人数" || r.Fields["reply_by"] != "2099-03-01" {
		t.Fatalf("rejected: %+v %v", r, err)
	}
	if n := count(t, h.db, `SELECT COUNT(*) FROM audit WHERE action = 'request.decide' AND actor = 'bureau:keshi'
		AND target = ? AND detail LIKE '%via=command_line%'`, op.Request.UUID); n != 1 {
		t.Fatalf("the command line's decision has %d audit rows saying so, want 1", n)
	}
	if rs, err := h.Requests(ctx, app.RequestFilter{State: app.RequestRejected}); err != nil || len(rs) != 1 || rs[0].ID != id {
		t.Fatalf("rejected requests: %v %v", rs, err)
	}

	// steps open to any account are still two people's
	op = submitOp(t, app.RequestProject, "多媒体教室设备申报", map[string]string{"project": "多媒体教室", "amount": "48000", "reason": "旧设备损坏"})
	if r := pushOne(t, h, org, 6, op); !r.OK {
		t.Fatal(r)
	}
	id = requestID(t, h, op.Request.UUID)
	if _, err := h.DecideRequest(ke, app.RequestDecision{ID: id, Approve: true}); err != nil {
		t.Fatal(err)
	}
	step1 := requestRow(t, h, id)
	_, err = h.DecideRequest(ke, app.RequestDecision{ID: id, Approve: true})
	wantCode(t, err, app.EFORBIDDEN, "approvals.error.same_account")
	if requestRow(t, h, id) != step1 {
		t.Fatal("a refused second step changed the request")
	}
}

// The cockpit's figures: counts by state, type and township, overdue
// ones, and the median days to decide.
func TestHubRequestFigures(t *testing.T) {
	ctx := context.Background()
	now := testNow
	h := mustOpenHub(t, t.TempDir(), &now)
	ke := app.NewContextWithBureau(ctx, mustBureauAccount(t, h, "keshi", "bureau-pass-1", app.BureauStaff))
	var orgs []int64
	for _, town := range []string{"城关镇", "河口乡"} {
		o, code, err := h.AddOrg(ctx, app.HubOrgDraft{Name: town + "小学", Kind: app.OrgPrimary, Township: town})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := h.Enrol(ctx, code); err != nil {
			t.Fatal(err)
		}
		orgs = append(orgs, o.ID)
	}
	var ids []int64
	for i, typ := range []app.RequestType{app.RequestReport, app.RequestReport, app.RequestAsk, app.RequestBlank} {
		op := submitOp(t, typ, "申报", nil)
		if r := pushOne(t, h, orgs[i%2], int64(i+1), op); !r.OK {
			t.Fatal(r)
		}
		ids = append(ids, requestID(t, h, op.Request.UUID))
	}
	now = now.Add(24 * time.Hour)
	if _, err := h.DecideRequest(ke, app.RequestDecision{ID: ids[0], Approve: true}); err != nil {
		t.Fatal(err)
	}
	now = now.Add(2 * 24 * time.Hour)
	if _, err := h.DecideRequest(ke, app.RequestDecision{ID: ids[1], Approve: false, Opinion: "不符合条件"}); err != nil {
		t.Fatal(err)
	}
	now = now.Add(10 * 24 * time.Hour) // past the 7 days of every type
	f, err := h.RequestFigures(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := app.RequestCounts{Waiting: 2, Approved: 1, Rejected: 1, Overdue: 2}
	if f.Total != want || f.MedianDaysToDo != 2 {
		t.Fatalf("figures: %+v median %v; want %+v median 2", f.Total, f.MedianDaysToDo, want)
	}
	if got := f.ByType[app.RequestReport]; got != (app.RequestCounts{Approved: 1, Rejected: 1}) {
		t.Errorf("reports: %+v", got)
	}
	if got := f.ByTownship["河口乡"]; got != (app.RequestCounts{Rejected: 1, Waiting: 1, Overdue: 1}) {
		t.Errorf("河口乡: %+v", got)
	}
	if rs, _ := h.Requests(ctx, app.RequestFilter{Overdue: true}); len(rs) != 2 {
		t.Errorf("overdue requests: %d, want 2", len(rs))
	}

	// the district cockpit counts the same requests: this month's and
	// the waiting ones, by township
	ck, err := h.DistrictCockpit(ctx, app.DistrictQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ck.Requests; got.Total != want || len(got.Groups) != 2 || got.Groups[1].Name != "河口乡" ||
		got.Groups[1].Counts != f.ByTownship["河口乡"] {
		t.Errorf("the cockpit's requests: %+v %+v; want %+v by township", got.Total, got.Groups, want)
	}
	ck, err = h.DistrictCockpit(ctx, app.DistrictQuery{Scope: app.CockpitScope{Township: "城关镇"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := ck.Requests; got.Total != f.ByTownship["城关镇"] || len(got.Groups) != 1 || got.Groups[0].Scope.OrgID != orgs[0] {
		t.Errorf("城关镇's requests: %+v %+v", got.Total, got.Groups)
	}
}
