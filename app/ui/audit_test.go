package ui

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"jxj/app"
	"jxj/app/mock"
)

// auditFakes is a log of n entries by liu, newest first, that the fake
// AuditLog pages through as storage does, remembering each filter asked.
type auditFakes struct {
	mu      sync.Mutex
	filters []app.AuditFilter
	entries []*app.AuditEntry
}

func newAuditFakes(f *shellFakes, n int) *auditFakes {
	a := &auditFakes{}
	liu := app.AuditActor{Username: "liu", Name: "刘老师", Role: app.RoleTeacher}
	for id := n; id > 0; id-- {
		a.entries = append(a.entries, &app.AuditEntry{ID: int64(id), At: time.Date(2025, 9, id, 8, 0, 0, 0, time.Local), Actor: "liu", Who: liu,
			Action: "leave.cancel", Target: "leave:7", Names: map[string]string{"leave:7": "张小明"}})
	}
	f.audit.AuditLogFn = func(_ context.Context, filter app.AuditFilter) ([]*app.AuditEntry, bool, error) {
		a.mu.Lock()
		defer a.mu.Unlock()
		a.filters = append(a.filters, filter)
		var page []*app.AuditEntry
		for _, e := range a.entries {
			if filter.Before == 0 || e.ID < filter.Before {
				page = append(page, e)
			}
		}
		if len(page) > filter.Limit {
			return page[:filter.Limit], true, nil
		}
		return page, false, nil
	}
	f.audit.AuditActorsFn = func(context.Context) ([]app.AuditActor, error) {
		return []app.AuditActor{{Username: "admin", Name: "王校务", Role: app.RoleAdmin}, liu, {Username: "system"}}, nil
	}
	return a
}

func (a *auditFakes) last() app.AuditFilter {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.filters[len(a.filters)-1]
}

func (a *auditFakes) calls() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.filters)
}

// openAudit logs in as the admin and opens the records from the settings.
func openAudit(t *testing.T, f *shellFakes) (*shellHarness, *AuditScreen) {
	t.Helper()
	h := openSettings(t, f, "admin")
	test.Tap(h.button("查看操作记录"))
	h.wait()
	if h.ui.settings.audit == nil {
		t.Fatal("the records are not shown")
	}
	return h, h.ui.settings.audit
}

// The filters ask the service for a person, a kind and days, and 清除条件
// asks for everything again.
func TestAuditPageFilters(t *testing.T) {
	f := newShellFakes()
	a := newAuditFakes(f, 3)
	h, page := openAudit(t, f)
	if got := a.last(); got != (app.AuditFilter{Limit: AuditPageSize}) {
		t.Errorf("first load asks %+v; want the newest %d of everything", got, AuditPageSize)
	}
	if want := []string{"所有人", "王校务（管理员）", "刘老师（教师）", "本机（自动）"}; !slices.Equal(page.person.Options, want) {
		t.Errorf("people = %q; want %q", page.person.Options, want)
	}
	if len(page.rows) != 3 || page.rows[0].sentence != "刘老师（教师）撤销了张小明的请假" || page.rows[0].at != "2025-09-03 08:00" {
		t.Errorf("rows = %+v; want 3, newest first, as sentences", page.rows)
	}

	page.person.SetSelected("刘老师（教师）")
	h.wait()
	page.kind.SetSelected("考勤和请假")
	h.wait()
	test.Type(page.from, "2025/9/1")
	test.Type(page.to, "2025年9月30日")
	test.Tap(h.button("查询"))
	h.wait()
	want := app.AuditFilter{Actor: "liu", Kind: app.AuditAttendance, Limit: AuditPageSize,
		From: time.Date(2025, 9, 1, 0, 0, 0, 0, time.Local), To: time.Date(2025, 9, 30, 0, 0, 0, 0, time.Local)}
	if got := a.last(); got != want {
		t.Errorf("filter = %+v; want %+v", got, want)
	}

	before := a.calls()
	test.Tap(h.button("清除条件"))
	h.wait()
	if got := a.last(); got != (app.AuditFilter{Limit: AuditPageSize}) || page.person.SelectedIndex() != 0 || page.kind.SelectedIndex() != 0 {
		t.Errorf("after 清除条件 the filter is %+v; want everything", got)
	}
	if got := a.calls() - before; got != 1 {
		t.Errorf("清除条件 read the records %d times; want once", got)
	}
}

// Days the wrong way round are refused with a message, without a read.
func TestAuditPageBadDays(t *testing.T) {
	f := newShellFakes()
	a := newAuditFakes(f, 1)
	h, page := openAudit(t, f)
	before := a.calls()
	test.Type(page.from, "2025-09-30")
	test.Type(page.to, "2025-09-01")
	test.Tap(h.button("查询"))
	h.wait()
	h.wantText("开始日期 2025-09-30 晚于结束日期 2025-09-01")
	if a.calls() != before {
		t.Error("the records were read with the days the wrong way round")
	}
}

// 显示更早的记录 adds the page before the last record shown, and goes
// once there is nothing older.
func TestAuditPageMore(t *testing.T) {
	f := newShellFakes()
	a := newAuditFakes(f, AuditPageSize+5)
	h, page := openAudit(t, f)
	if len(page.rows) != AuditPageSize || !page.more.Visible() {
		t.Fatalf("first page: %d rows, more shown %v; want %d and more", len(page.rows), page.more.Visible(), AuditPageSize)
	}
	test.Tap(page.more)
	h.wait()
	if got := a.last(); got.Before != 6 {
		t.Errorf("more asks %+v; want those before 6", got)
	}
	if len(page.rows) != AuditPageSize+5 || page.entries[len(page.entries)-1].ID != 1 || page.more.Visible() {
		t.Errorf("after more: %d rows, more shown %v; want %d and no more", len(page.rows), page.more.Visible(), AuditPageSize+5)
	}
}

// A record picked shows in full with what is stored, for IT.
func TestAuditPageDetail(t *testing.T) {
	f := newShellFakes()
	newAuditFakes(f, 2)
	h, page := openAudit(t, f)
	page.list.Select(1)
	for _, want := range []string{"2025-09-01 08:00:00", "刘老师（教师）撤销了张小明的请假", "leave.cancel", "leave:7"} {
		if !strings.Contains(page.detail.Text, want) {
			t.Errorf("detail %q lacks %q", page.detail.Text, want)
		}
	}
	page.kind.SetSelected("考勤和请假")
	h.wait()
	if page.detail.Text != "点一条记录，这里显示它的全部内容。" {
		t.Errorf("after a new filter the detail still shows %q", page.detail.Text)
	}
}

// The export writes every record the filter finds, not only the page
// on show, and is itself recorded as an export of personal data.
func TestAuditPageExport(t *testing.T) {
	f := newShellFakes()
	newAuditFakes(f, AuditPageSize+5)
	var written []*app.AuditEntry
	f.svc.Sheets.(*mock.SheetService).WriteAuditRecordsFn = func(_ string, entries []*app.AuditEntry) error {
		written = entries
		return nil
	}
	var exports []app.Export
	f.audit.RecordExportFn = func(_ context.Context, e app.Export) error {
		exports = append(exports, e)
		return nil
	}
	h, page := openAudit(t, f)
	page.person.SetSelected("刘老师（教师）")
	h.wait()
	path := filepath.Join(t.TempDir(), "records.xlsx")
	page.exportTo(path)
	h.wait()
	if len(written) != AuditPageSize+5 {
		t.Errorf("the export wrote %d records; want all %d", len(written), AuditPageSize+5)
	}
	if want := []app.Export{{What: "audit_records", Rows: AuditPageSize + 5, Path: path}}; !slices.Equal(exports, want) {
		t.Errorf("exports recorded = %+v; want %+v", exports, want)
	}
	h.wantText("已把 105 条记录导出到")
}

// A broken chain shows above the records too.
func TestAuditPageBrokenChain(t *testing.T) {
	f := newShellFakes()
	newAuditFakes(f, 1)
	f.audit.VerifyAuditFn = func(context.Context) (*app.AuditCheck, error) {
		return &app.AuditCheck{Rows: 3, Break: app.AuditTruncated, At: 3, Expected: 5}, nil
	}
	_, page := openAudit(t, f)
	if !page.check.Visible() || !strings.Contains(page.check.Text, "现在只到第 3 条，但曾经写到第 5 条") {
		t.Errorf("warning %q (shown %v); want the truncated chain", page.check.Text, page.check.Visible())
	}
}
