package storage

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"jxj/app"
)

func mustWriteFile(t *testing.T, name string, size int) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, make([]byte, size), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// A school's request: drafts only by those who oversee the school; bad
// input stores nothing (no row, no copied file); a submit checks the
// template and queues one op with the files' hashes; a withdrawal is
// refused for a draft and queued for a request under way.
func TestRequestDraftSubmitWithdraw(t *testing.T) {
	db := MustOpenDB(t)
	svc := db.Services().Requests
	file := mustWriteFile(t, "预案.pdf", 1000)
	leave := app.RequestDraftInput{Type: app.RequestLeave, Title: "校长赴市参加培训请假报备", Body: "王校长赴市教育局参加培训。",
		Fields: map[string]string{"from": "2099-3-2", "to": "2099-03-04", "destination": "市教育局", "reason": "培训"}, Files: []string{file}}

	_, err := svc.SaveRequest(as(app.RoleTeacher), leave)
	wantCode(t, err, app.EFORBIDDEN, "approvals.error.forbidden")
	bad := []struct {
		name string
		edit func(d *app.RequestDraftInput)
		key  string
	}{
		{"unknown type", func(d *app.RequestDraftInput) { d.Type = "holiday" }, "approvals.error.type"},
		{"no title", func(d *app.RequestDraftInput) { d.Title = "  " }, "approvals.error.title_required"},
		{"unknown field", func(d *app.RequestDraftInput) { d.Fields = map[string]string{"colour": "red"} }, "approvals.error.field_unknown"},
		{"too large", func(d *app.RequestDraftInput) {
			d.Files = []string{mustWriteFile(t, "大.mp4", app.MaxRequestFileSize+1)}
		}, "approvals.error.file_large"},
		{"too many files", func(d *app.RequestDraftInput) {
			d.Files = []string{file, file, file, file, file, file}
		}, "approvals.error.too_many_files"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			d := leave
			tt.edit(&d)
			_, err := svc.SaveRequest(adminCtx, d)
			wantCode(t, err, app.EINVALID, tt.key)
		})
	}
	if n := count(t, db, `SELECT COUNT(*) FROM requests`); n != 0 {
		t.Fatalf("refused drafts stored %d rows", n)
	}
	if ents, _ := os.ReadDir(filepath.Join(db.dir, attachmentsDir)); len(ents) > 0 {
		for _, e := range ents {
			if sub, _ := os.ReadDir(filepath.Join(db.dir, attachmentsDir, e.Name())); len(sub) > 0 {
				t.Fatalf("a refused draft left files in %s", e.Name())
			}
		}
	}

	r, err := svc.SaveRequest(adminCtx, leave)
	if err != nil || r.State != app.RequestDraft || len(r.Files) != 1 || len(r.Files[0].SHA256) != 64 {
		t.Fatalf("draft: %+v %v", r, err)
	}
	_, err = svc.WithdrawRequest(adminCtx, r.ID)
	wantCode(t, err, app.ECONFLICT, "approvals.error.withdraw_state")
	_, err = svc.SubmitRequest(adminCtx, r.ID)
	wantCode(t, err, app.EINVALID, "approvals.error.field_required") // no substitute
	if got, _ := svc.Request(adminCtx, r.ID); got.State != app.RequestDraft || count(t, db, `SELECT COUNT(*) FROM outbox`) != 0 {
		t.Fatalf("a refused submit changed the draft: %+v", got)
	}
	leave.ID, leave.Files = r.ID, nil
	leave.Fields["substitute"] = "李副校长"
	if r, err = svc.SaveRequest(adminCtx, leave); err != nil || len(r.Files) != 1 {
		t.Fatalf("the draft saved again keeps its file: %+v %v", r, err)
	}
	if r, err = svc.SubmitRequest(adminCtx, r.ID); err != nil || r.State != app.RequestSubmitted || r.Fields["from"] != "2099-03-02" {
		t.Fatalf("submit: %+v %v", r, err)
	}
	_, err = svc.SubmitRequest(adminCtx, r.ID)
	wantCode(t, err, app.ECONFLICT, "approvals.error.not_draft")
	var body string
	if err := db.w.QueryRow(`SELECT body FROM outbox WHERE type = 'request_submit' AND record = ?`, r.UUID).Scan(&body); err != nil {
		t.Fatal(err)
	}
	var out outRequest
	if err := json.Unmarshal([]byte(body), &out); err != nil || out.Request.Title != r.Title || len(out.Request.Files) != 1 ||
		out.Request.Files[0].SHA256 != r.Files[0].SHA256 {
		t.Fatalf("the op: %s %v", body, err)
	}
	files, err := db.Services().Sync.(*syncStore).PendingRequestFiles(context.Background())
	if err != nil || len(files) != 1 || files[0].Size != 1000 {
		t.Fatalf("files to send: %+v %v", files, err)
	}

	if r, err = svc.WithdrawRequest(adminCtx, r.ID); err != nil || r.State != app.RequestWithdrawn {
		t.Fatalf("withdraw: %+v %v", r, err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE type = 'request_withdraw'`); n != 1 {
		t.Fatalf("withdraw ops: %d", n)
	}
	want := []string{"request.save", "request.save", "request.submit", "request.withdraw"}
	if got := auditActions(t, db); len(got) < 4 || !equalTail(got, want) {
		t.Fatalf("audit: %v, want it to end %v", got, want)
	}
}

// A draft's saved file can be dropped (its copy goes), and a draft
// deleted with its files; a submitted request is not deleted.
func TestRequestDraftDropAndDelete(t *testing.T) {
	db := MustOpenDB(t)
	svc := db.Services().Requests
	plan, photo := mustWriteFile(t, "方案.pdf", 100), mustWriteFile(t, "照片.jpg", 200)
	d := app.RequestDraftInput{Type: app.RequestReport, Title: "屋顶漏水", Body: "三号楼漏水。", Files: []string{plan, photo}}
	r, err := svc.SaveRequest(adminCtx, d)
	if err != nil || len(r.Files) != 2 {
		t.Fatalf("draft: %+v %v", r, err)
	}
	dropped := filepath.Join(db.dir, filepath.FromSlash(r.Files[0].Path))
	d.ID, d.Files, d.Drop = r.ID, nil, []string{r.Files[0].Path}
	if r, err = svc.SaveRequest(adminCtx, d); err != nil || len(r.Files) != 1 || r.Files[0].Name != "照片.jpg" {
		t.Fatalf("the draft without 方案.pdf: %+v %v", r, err)
	}
	if _, err := os.Stat(dropped); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the dropped file's copy stays: %v", err)
	}

	wantCode(t, svc.DeleteDraft(as(app.RoleTeacher), r.ID), app.EFORBIDDEN, "approvals.error.forbidden")
	kept := filepath.Join(db.dir, filepath.FromSlash(r.Files[0].Path))
	if err := svc.DeleteDraft(adminCtx, r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Request(adminCtx, r.ID); app.ErrorCode(err) != app.ENOTFOUND {
		t.Errorf("the deleted draft: %v, want ENOTFOUND", err)
	}
	if _, err := os.Stat(kept); !errors.Is(err, fs.ErrNotExist) || count(t, db, `SELECT COUNT(*) FROM request_files`) != 0 {
		t.Errorf("the deleted draft's file stays: %v", err)
	}
	if got := auditActions(t, db); got[len(got)-1] != "request.delete" {
		t.Errorf("audit ends %v, want request.delete", got)
	}

	d = app.RequestDraftInput{Type: app.RequestReport, Title: "情况报告", Body: "已处理。"}
	r, err = svc.SaveRequest(adminCtx, d)
	if err == nil {
		r, err = svc.SubmitRequest(adminCtx, r.ID)
	}
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, svc.DeleteDraft(adminCtx, r.ID), app.ECONFLICT, "approvals.error.not_a_draft")
	if got, err := svc.Request(adminCtx, r.ID); err != nil || got.State != app.RequestSubmitted {
		t.Errorf("a refused delete changed the request: %+v %v", got, err)
	}
}

func equalTail(got, want []string) bool {
	got = got[len(got)-len(want):]
	for i := range want {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

// The state from the hub's feed: a decision lands with its steps and
// opinion and goes on the workbench until dismissed; a state still open
// does not undo the school's queued withdrawal; a record of an unknown
// request, or one unreadable, is skipped.
func TestRequestFeed(t *testing.T) {
	db := MustOpenDB(t)
	svc := db.Services()
	r, err := svc.Requests.SaveRequest(adminCtx, app.RequestDraftInput{Type: app.RequestReport, Title: "漏雨情况报告"})
	if err != nil {
		t.Fatal(err)
	}
	if r, err = svc.Requests.SubmitRequest(adminCtx, r.ID); err != nil {
		t.Fatal(err)
	}
	record := func(seq int64, id string, b any) app.FeedRecord {
		body, _ := json.Marshal(b)
		return app.FeedRecord{Seq: seq, Type: app.RecordRequest, ID: id, Body: body}
	}
	rejected := app.RequestRecord{State: app.RequestRejected, Opinion: "请附照片", DecidedAt: testNow,
		Steps: []app.RequestStepState{{Name: "科室", By: "keshi", Opinion: "请附照片", DecidedAt: testNow}}}
	n, err := svc.Sync.ApplyFeed(context.Background(), app.FeedPage{Epoch: "e1", Records: []app.FeedRecord{
		record(1, "not-ours", rejected),
		{Seq: 2, Type: app.RecordRequest, ID: r.UUID, Body: []byte(`{"state": 7}`)},
		record(3, r.UUID, app.RequestRecord{State: "lost"}),
		record(4, r.UUID, rejected),
	}})
	if err != nil || n != 1 {
		t.Fatalf("applied %d, %v; want only the decision", n, err)
	}
	got, err := svc.Requests.Request(adminCtx, r.ID)
	if err != nil || got.State != app.RequestRejected || got.Opinion != "请附照片" || got.Steps[0].By != "keshi" || !got.DecidedAt.Equal(testNow) {
		t.Fatalf("after the feed: %+v %v", got, err)
	}
	w, err := svc.Workbench.Workbench(adminCtx)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Todo) == 0 || w.Todo[0].Kind != app.TodoRequest || w.Todo[0].Request.Opinion != "请附照片" {
		t.Fatalf("workbench: %+v", w.Todo)
	}
	if err := svc.Requests.DismissRequest(adminCtx, r.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, svc.Requests.DismissRequest(adminCtx, r.ID), app.ENOTFOUND, "approvals.error.not_decided")
	if w, _ = svc.Workbench.Workbench(adminCtx); len(w.Todo) > 0 && w.Todo[0].Kind == app.TodoRequest {
		t.Fatalf("dismissed, still on the workbench: %+v", w.Todo[0])
	}

	// a withdrawal queued: an open state from the hub leaves it withdrawn
	r2, err := svc.Requests.SaveRequest(adminCtx, app.RequestDraftInput{Type: app.RequestBlank, Title: "其他事项"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err = svc.Requests.SubmitRequest(adminCtx, r2.ID); err != nil {
		t.Fatal(err)
	}
	if _, err = svc.Requests.WithdrawRequest(adminCtx, r2.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Sync.ApplyFeed(context.Background(), app.FeedPage{Epoch: "e1", Records: []app.FeedRecord{
		record(5, r2.UUID, app.RequestRecord{State: app.RequestSubmitted, Steps: []app.RequestStepState{{Name: "科室"}}}),
	}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := svc.Requests.Request(adminCtx, r2.ID); got.State != app.RequestWithdrawn || len(got.Steps) != 1 {
		t.Fatalf("a queued withdrawal after an open record: %+v", got)
	}
}
