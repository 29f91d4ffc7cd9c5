package storage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"jxj/app"
)

// noticeSchool is a small school for the notice tests: the staff and
// classes of seedStaffAndClasses, an empty 二年级1班, and five students.
// 张父 is the guardian of 张三 (三年级2班) and 张四 (一年级1班); two
// students are called 王五.
type noticeSchool struct {
	db       *DB
	svc      app.NoticeService
	classes  map[string]int64
	students map[string]int64 // by student number
}

func newNoticeSchool(t testing.TB) *noticeSchool {
	t.Helper()
	db := MustOpenDB(t)
	seedStaffAndClasses(t, db)
	s := db.Services()
	if _, err := s.Classes.ImportClasses(adminCtx, []app.ClassRow{{Line: 2, GradeText: "二年级", ClassText: "1班"}}); err != nil {
		t.Fatal(err)
	}
	plan, err := s.Roster.ImportRoster(adminCtx, []app.RosterRow{
		rrow(2, "张三", "男", "S001", "三年级2班", "张父", "父亲", "13800000001", "李母", "母亲", "13800000002"),
		rrow(3, "王五", "男", "S002", "三年级2班", "王父", "父亲", "13800000003"),
		rrow(4, "赵六", "女", "S003", "三年级10班", "赵母", "母亲", "13800000004"),
		rrow(5, "王五", "女", "S004", "三年级10班", "王母", "母亲", "13800000005"),
		rrow(6, "张四", "女", "S005", "一年级1班", "张父", "父亲", "13800000001"),
	}, nil)
	if err != nil || plan.Added != 5 {
		t.Fatalf("ImportRoster = %+v, %v; want 5 added", plan, err)
	}
	ns := &noticeSchool{db: db, svc: s.Notices, classes: classIDs(t, db), students: make(map[string]int64)}
	rows, err := db.w.Query(`SELECT id, student_no FROM students`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var no string
		if err := rows.Scan(&id, &no); err != nil {
			t.Fatal(err)
		}
		ns.students[no] = id
	}
	return ns
}

// teacherOf acts as a teacher with a username of their own and the
// classes named by label.
func (ns *noticeSchool) teacherOf(username string, labels ...string) context.Context {
	a := &app.Account{ID: 2000, Username: username, Role: app.RoleTeacher}
	for _, l := range labels {
		a.ClassIDs = append(a.ClassIDs, ns.classes[l])
	}
	return app.NewContextWithAccount(context.Background(), a)
}

// publish saves and publishes a notice to target as ctx's account.
func (ns *noticeSchool) publish(t testing.TB, ctx context.Context, title string, target app.Target) *app.Notice {
	t.Helper()
	d, err := ns.svc.SaveDraft(ctx, app.NoticeDraft{Title: title, Body: "正文", Target: target, RequiresAck: true})
	if err != nil {
		t.Fatalf("SaveDraft(%s): %v", title, err)
	}
	n, err := ns.svc.Publish(ctx, d.ID)
	if err != nil {
		t.Fatalf("Publish(%s): %v", title, err)
	}
	return n
}

// receiptID returns the id of a student's receipt of a notice.
func (ns *noticeSchool) receiptID(t testing.TB, noticeID int64, studentNo string) int64 {
	t.Helper()
	var id int64
	if err := ns.db.w.QueryRow(`SELECT id FROM receipts WHERE notice_id = ? AND student_id = ?`,
		noticeID, ns.students[studentNo]).Scan(&id); err != nil {
		t.Fatalf("receipt of %s in notice %d: %v", studentNo, noticeID, err)
	}
	return id
}

// code returns the slip code of a student's receipt of a notice.
func (ns *noticeSchool) code(t testing.TB, noticeID int64, studentNo string) string {
	t.Helper()
	var code string
	if err := ns.db.w.QueryRow(`SELECT code FROM receipts WHERE notice_id = ? AND student_id = ?`,
		noticeID, ns.students[studentNo]).Scan(&code); err != nil {
		t.Fatalf("code of %s in notice %d: %v", studentNo, noticeID, err)
	}
	return code
}

// snapshot is every receipt's and notice's state and the audit log's
// length, to check that a refused call changed nothing.
func (ns *noticeSchool) snapshot(t testing.TB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT id, notice_id, state, channel, recorded_at, recorded_by FROM receipts ORDER BY id`,
		`SELECT id, state, title, target, published_at, revoked_at FROM notices ORDER BY id`,
		`SELECT count(*), 0, 0, 0, 0, 0 FROM audit`,
	} {
		rows, err := ns.db.w.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v [6]any
			if err := rows.Scan(&v[0], &v[1], &v[2], &v[3], &v[4], &v[5]); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, v[:]...)
		}
		rows.Close()
	}
	return b.String()
}

func (ns *noticeSchool) receiptState(t testing.TB, noticeID int64, studentNo string) (app.ReceiptState, app.Channel) {
	t.Helper()
	var s app.ReceiptState
	var ch string
	if err := ns.db.w.QueryRow(`SELECT state, channel FROM receipts WHERE notice_id = ? AND student_id = ?`,
		noticeID, ns.students[studentNo]).Scan(&s, &ch); err != nil {
		t.Fatal(err)
	}
	return s, app.Channel(ch)
}

// auditActions lists the audit log's actions in the order written.
func auditActions(t testing.TB, db *DB) []string {
	t.Helper()
	rows, err := db.w.Query(`SELECT action FROM audit ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func TestPublishNotice(t *testing.T) {
	ns := newNoticeSchool(t)
	d, err := ns.svc.SaveDraft(adminCtx, app.NoticeDraft{Title: "  秋季  运动会 ", Body: "周五举行", Target: app.Target{School: true}, RequiresAck: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.State != app.NoticeStateDraft || d.UUID == "" || d.Title != "秋季运动会" || !d.CreatedAt.Equal(testNow) || d.Counts.Total != 0 {
		t.Errorf("draft = %+v; want a titled draft with a uuid, created now, no receipts", d)
	}
	if n := count(t, ns.db, `SELECT count(*) FROM receipts`); n != 0 {
		t.Errorf("a draft has %d receipts; want 0", n)
	}
	n, err := ns.svc.Publish(adminCtx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n.State != app.NoticeStatePublished || !n.PublishedAt.Equal(testNow) || n.UUID != d.UUID {
		t.Errorf("published = %+v; want published now with the draft's uuid", n)
	}
	if want := (app.ReceiptCounts{Total: 5, Unread: 5}); n.Counts != want {
		t.Errorf("Counts = %+v; want %+v", n.Counts, want)
	}
	codes := make(map[string]bool)
	rows, err := ns.db.w.Query(`SELECT uuid, code, state, class_id IS NOT NULL FROM receipts WHERE notice_id = ?`, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var u, code string
		var state int
		var hasClass bool
		if err := rows.Scan(&u, &code, &state, &hasClass); err != nil {
			t.Fatal(err)
		}
		if got, err := app.NormalizeSlipCode(code); err != nil || got != code {
			t.Errorf("stored code %q reads back as %q, %v", code, got, err)
		}
		if codes[code] {
			t.Errorf("code %s given twice", code)
		}
		codes[code] = true
		if len(u) != 36 || u[14] != '7' || state != 0 || !hasClass {
			t.Errorf("receipt uuid %q state %d class %v; want a v7 uuid, unread, with its class", u, state, hasClass)
		}
	}
	if got, want := auditActions(t, ns.db), []string{"notice.create", "notice.publish"}; !slices.Equal(got[len(got)-2:], want) {
		t.Errorf("audit ends with %v; want %v", got, want)
	}
	// published notices are not edited or published again
	_, err = ns.svc.SaveDraft(adminCtx, app.NoticeDraft{ID: n.ID, Title: "改了"})
	wantCode(t, err, app.ECONFLICT, "storage.notice.error.published")
	_, err = ns.svc.Publish(adminCtx, n.ID)
	wantCode(t, err, app.ECONFLICT, "storage.notice.error.published")
}

func TestPublishTargets(t *testing.T) {
	tests := []struct {
		name     string
		teacher  bool // as 王芳, who teaches 三年级2班 and 三年级10班
		target   func(ns *noticeSchool) app.Target
		receipts int
		code     string
		key      string
	}{
		{"school", false, func(*noticeSchool) app.Target { return app.Target{School: true} }, 5, "", ""},
		{"grade", false, func(*noticeSchool) app.Target { return app.Target{Grades: []int{3}} }, 4, "", ""},
		{"class", false, func(ns *noticeSchool) app.Target { return app.Target{ClassIDs: []int64{ns.classes["一年级1班"]}} }, 1, "", ""},
		{"staff", false, func(*noticeSchool) app.Target { return app.Target{Staff: true} }, 2, "", ""},
		{"grade and staff", false, func(*noticeSchool) app.Target { return app.Target{Grades: []int{1}, Staff: true} }, 3, "", ""},
		{"teacher's own class", true, func(ns *noticeSchool) app.Target { return app.Target{ClassIDs: []int64{ns.classes["三年级10班"]}} }, 2, "", ""},
		{"empty class", false, func(ns *noticeSchool) app.Target { return app.Target{ClassIDs: []int64{ns.classes["二年级1班"]}} }, 0,
			app.EINVALID, "storage.notice.error.nobody"},
		{"grade without classes", false, func(*noticeSchool) app.Target { return app.Target{Grades: []int{6}} }, 0,
			app.EINVALID, "storage.notice.error.nobody"},
		{"unknown class", false, func(*noticeSchool) app.Target { return app.Target{ClassIDs: []int64{999}} }, 0,
			app.EINVALID, "storage.notice.error.class_unknown"},
		{"no target", false, func(*noticeSchool) app.Target { return app.Target{} }, 0, app.EINVALID, "target.error.empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ns := newNoticeSchool(t)
			ctx := adminCtx
			if tt.teacher {
				ctx = ns.teacherOf("wangfang", "三年级2班", "三年级10班")
			}
			d, err := ns.svc.SaveDraft(ctx, app.NoticeDraft{Title: "通知", Target: tt.target(ns)})
			if err != nil {
				t.Fatal(err)
			}
			before := ns.snapshot(t)
			n, err := ns.svc.Publish(ctx, d.ID)
			if tt.code != "" {
				wantCode(t, err, tt.code, tt.key)
				if after := ns.snapshot(t); after != before {
					t.Errorf("a failed publish changed the data:\nbefore %s\nafter  %s", before, after)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n.Counts.Total != tt.receipts {
				t.Errorf("Counts.Total = %d; want %d", n.Counts.Total, tt.receipts)
			}
			if got := count(t, ns.db, `SELECT count(*) FROM receipts WHERE notice_id = ?`, n.ID); got != tt.receipts {
				t.Errorf("%d receipts stored; want %d", got, tt.receipts)
			}
		})
	}
}

func TestNoticeTeacherPermissions(t *testing.T) {
	ns := newNoticeSchool(t)
	wang := ns.teacherOf("wangfang", "三年级2班", "三年级10班")
	tests := []struct {
		name   string
		target app.Target
	}{
		{"another teacher's class", app.Target{ClassIDs: []int64{ns.classes["一年级1班"]}}},
		{"own and another class", app.Target{ClassIDs: []int64{ns.classes["三年级2班"], ns.classes["一年级1班"]}}},
		{"whole school", app.Target{School: true}},
		{"grade", app.Target{Grades: []int{3}}},
		{"staff", app.Target{Staff: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ns.svc.SaveDraft(wang, app.NoticeDraft{Title: "通知", Target: tt.target})
			wantCode(t, err, app.EFORBIDDEN, "target.error.own_classes_only")
		})
	}
	t.Run("publish a draft whose target became another class", func(t *testing.T) {
		d, err := ns.svc.SaveDraft(wang, app.NoticeDraft{Title: "通知"})
		if err != nil {
			t.Fatal(err)
		}
		// an admin may edit it to any target; the teacher still may not publish it
		if _, err := ns.svc.SaveDraft(adminCtx, app.NoticeDraft{ID: d.ID, Title: "通知", Target: app.Target{School: true}}); err != nil {
			t.Fatal(err)
		}
		_, err = ns.svc.Publish(wang, d.ID)
		wantCode(t, err, app.EFORBIDDEN, "target.error.own_classes_only")
		if n := count(t, ns.db, `SELECT count(*) FROM receipts WHERE notice_id = ?`, d.ID); n != 0 {
			t.Errorf("refused publish made %d receipts", n)
		}
	})
	t.Run("another teacher's draft is not found", func(t *testing.T) {
		li := ns.teacherOf("liqiang", "一年级1班")
		d, err := ns.svc.SaveDraft(li, app.NoticeDraft{Title: "李老师的草稿"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = ns.svc.SaveDraft(wang, app.NoticeDraft{ID: d.ID, Title: "改"})
		wantCode(t, err, app.ENOTFOUND, "storage.notice.error.not_found")
		_, err = ns.svc.Publish(wang, d.ID)
		wantCode(t, err, app.ENOTFOUND, "storage.notice.error.not_found")
		_, err = ns.svc.NoticeStatus(wang, d.ID)
		wantCode(t, err, app.ENOTFOUND, "storage.notice.error.not_found")
	})
	t.Run("nobody logged in", func(t *testing.T) {
		_, err := ns.svc.Notices(context.Background())
		wantCode(t, err, app.EUNAUTHORIZED, "error.login_required")
		_, err = ns.svc.SaveDraft(context.Background(), app.NoticeDraft{Title: "通知"})
		wantCode(t, err, app.EUNAUTHORIZED, "error.login_required")
	})
}

// TestPublishRollsBack makes the last steps of a publish fail — the
// notice's update, then its audit row — and checks that the draft stays a
// draft with no receipts: receipts, state and audit share one transaction.
func TestPublishRollsBack(t *testing.T) {
	for _, table := range []string{"notices", "audit"} {
		t.Run(table, func(t *testing.T) {
			ns := newNoticeSchool(t)
			d, err := ns.svc.SaveDraft(adminCtx, app.NoticeDraft{Title: "通知", Target: app.Target{School: true}})
			if err != nil {
				t.Fatal(err)
			}
			event := "UPDATE"
			if table == "audit" {
				event = "INSERT"
			}
			if _, err := ns.db.w.Exec(`CREATE TEMP TRIGGER fail BEFORE ` + event + ` ON ` + table + ` BEGIN SELECT RAISE(ABORT, 'boom'); END`); err != nil {
				t.Fatal(err)
			}
			before := ns.snapshot(t)
			if _, err := ns.svc.Publish(adminCtx, d.ID); app.ErrorCode(err) != app.EINTERNAL {
				t.Fatalf("Publish with a failing %s = %v; want an internal error", table, err)
			}
			if after := ns.snapshot(t); after != before {
				t.Errorf("failed publish changed the data:\nbefore %s\nafter  %s", before, after)
			}
			var state string
			if err := ns.db.w.QueryRow(`SELECT state FROM notices WHERE id = ?`, d.ID).Scan(&state); err != nil || state != "draft" {
				t.Errorf("state = %q, %v; want draft", state, err)
			}
		})
	}
}

func TestSlipCodesUnique(t *testing.T) {
	ns := newNoticeSchool(t)
	for i := range 3 {
		ns.publish(t, adminCtx, fmt.Sprintf("通知%d", i), app.Target{School: true, Staff: true})
	}
	if all, distinct := count(t, ns.db, `SELECT count(*) FROM receipts`), count(t, ns.db, `SELECT count(DISTINCT code) FROM receipts`); all != 21 || distinct != all {
		t.Errorf("%d receipts with %d distinct codes; want 21, all distinct", all, distinct)
	}

	// a drawn code that is taken (by another notice, or earlier in this
	// one) is drawn again
	taken := ns.code(t, 1, "S001")
	c1 := app.NewSlipCode()
	fresh := []string{taken, taken, c1, c1, app.NewSlipCode(), taken, app.NewSlipCode(), app.NewSlipCode()}
	draws := 0
	newSlipCode = func() string { draws++; return fresh[draws-1] }
	t.Cleanup(func() { newSlipCode = app.NewSlipCode })
	n := ns.publish(t, adminCtx, "重抽", app.Target{Grades: []int{3}})
	if n.Counts.Total != 4 || draws != len(fresh) {
		t.Errorf("Counts.Total = %d after %d draws; want 4 receipts from %d draws", n.Counts.Total, draws, len(fresh))
	}
	if distinct := count(t, ns.db, `SELECT count(DISTINCT code) FROM receipts`); distinct != 25 {
		t.Errorf("%d distinct codes among 25 receipts", distinct)
	}

	t.Run("no free code", func(t *testing.T) {
		newSlipCode = func() string { return taken }
		d, err := ns.svc.SaveDraft(adminCtx, app.NoticeDraft{Title: "抽不到", Target: app.Target{School: true}})
		if err != nil {
			t.Fatal(err)
		}
		before := ns.snapshot(t)
		_, err = ns.svc.Publish(adminCtx, d.ID)
		if app.ErrorCode(err) != app.EINTERNAL {
			t.Errorf("Publish with no free code = %v; want an internal error", err)
		}
		if after := ns.snapshot(t); after != before {
			t.Errorf("failed publish changed the data")
		}
	})
}

func TestGuardianOfTwoChildren(t *testing.T) {
	ns := newNoticeSchool(t)
	n := ns.publish(t, adminCtx, "家长会", app.Target{School: true})
	rs, err := ns.svc.Receipts(adminCtx, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	var children []string
	for _, r := range rs {
		for _, g := range r.Guardians {
			if g.Name == "张父" {
				children = append(children, r.StudentName+" "+r.ClassLabel)
			}
		}
	}
	if want := []string{"张四 一年级1班", "张三 三年级2班"}; !slices.Equal(children, want) {
		t.Errorf("张父's receipts name %v; want %v", children, want)
	}
}

func TestReceipts(t *testing.T) {
	ns := newNoticeSchool(t)
	n := ns.publish(t, adminCtx, "家长会", app.Target{School: true, Staff: true})
	if _, err := ns.svc.RecordSlip(adminCtx, n.ID, ns.code(t, n.ID, "S003")); err != nil {
		t.Fatal(err)
	}
	line := func(r app.Receipt) string {
		var gs []string
		for _, g := range r.Guardians {
			gs = append(gs, g.Name+"/"+g.Relation+"/"+g.Phone)
		}
		return fmt.Sprintf("%s %s %s %s %s [%s]", r.ClassLabel, r.StudentNo, r.Name(), r.State, r.Channel, strings.Join(gs, " "))
	}
	tests := []struct {
		name string
		ctx  context.Context
		want []string
	}{
		{"principal", as(app.RolePrincipal), []string{
			"一年级1班 S005 张四 unread  [张父/父亲/13800000001]",
			"三年级2班 S001 张三 unread  [张父/父亲/13800000001 李母/母亲/13800000002]",
			"三年级2班 S002 王五 unread  [王父/父亲/13800000003]",
			"三年级10班 S003 赵六 acked slip [赵母/母亲/13800000004]",
			"三年级10班 S004 王五 unread  [王母/母亲/13800000005]",
			"教职工  李强 unread  []",
			"教职工  王芳 unread  []",
		}},
		{"teacher of two classes", ns.teacherOf("wangfang", "三年级10班", "三年级2班"), []string{
			"三年级2班 S001 张三 unread  [张父/父亲/13800000001 李母/母亲/13800000002]",
			"三年级2班 S002 王五 unread  [王父/父亲/13800000003]",
			"三年级10班 S003 赵六 acked slip [赵母/母亲/13800000004]",
			"三年级10班 S004 王五 unread  [王母/母亲/13800000005]",
		}},
		{"teacher of one class", ns.teacherOf("liqiang", "一年级1班"), []string{
			"一年级1班 S005 张四 unread  [张父/父亲/13800000001]",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := ns.svc.Receipts(tt.ctx, n.ID)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rs {
				got = append(got, line(r))
				if r.Code == "" || r.UUID == "" || r.NoticeID != n.ID {
					t.Errorf("receipt %+v lacks its code, uuid or notice", r)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Receipts =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
	t.Run("teacher of other classes", func(t *testing.T) {
		_, err := ns.svc.Receipts(ns.teacherOf("nobody", "二年级1班"), n.ID)
		wantCode(t, err, app.ENOTFOUND, "storage.notice.error.not_found")
	})
}

func TestMaskReceipts(t *testing.T) {
	rs := []app.Receipt{
		{ClassID: 1, Guardians: []app.GuardianContact{{Name: "甲", Phone: "13800000001"}}},
		{ClassID: 2, Guardians: []app.GuardianContact{{Name: "乙", Phone: "13800000002"}, {Name: "丙", Phone: "13800000003"}}},
	}
	tests := []struct {
		name    string
		account *app.Account
		want    []string
	}{
		{"teacher", &app.Account{Role: app.RoleTeacher, ClassIDs: []int64{1}}, []string{"13800000001", "138****0002", "138****0003"}},
		{"principal", &app.Account{Role: app.RolePrincipal}, []string{"13800000001", "13800000002", "13800000003"}},
		{"nobody", nil, []string{"138****0001", "138****0002", "138****0003"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cp := make([]app.Receipt, len(rs))
			for i, r := range rs {
				cp[i] = r
				cp[i].Guardians = slices.Clone(r.Guardians)
			}
			maskReceipts(tt.account, cp)
			var got []string
			for _, r := range cp {
				for _, g := range r.Guardians {
					got = append(got, g.Phone)
					if g.PhoneMasked != (g.Phone != "" && strings.Contains(g.Phone, "*")) {
						t.Errorf("%s: PhoneMasked = %v for %s", g.Name, g.PhoneMasked, g.Phone)
					}
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("phones = %v; want %v", got, tt.want)
			}
		})
	}
}

func TestRecordSlip(t *testing.T) {
	ns := newNoticeSchool(t)
	n := ns.publish(t, adminCtx, "家长会", app.Target{School: true})
	other := ns.publish(t, adminCtx, "春游", app.Target{Grades: []int{3}})
	revoked := ns.publish(t, adminCtx, "取消的活动", app.Target{School: true})
	if _, err := ns.svc.Revoke(adminCtx, revoked.ID); err != nil {
		t.Fatal(err)
	}
	code := ns.code(t, n.ID, "S001")
	wang := ns.teacherOf("wangfang", "三年级2班", "三年级10班")

	// typed in lower case, with a dash and spaces, by the class's teacher
	typed := strings.ToLower(app.FormatSlipCode(code)[:4]) + " " + app.FormatSlipCode(code)[4:]
	r, err := ns.svc.RecordSlip(wang, n.ID, typed)
	if err != nil {
		t.Fatalf("RecordSlip(%q): %v", typed, err)
	}
	if r.StudentName != "张三" || r.ClassLabel != "三年级2班" || r.State != app.ReceiptAcked || r.Channel != app.ChannelSlip ||
		!r.At.Equal(testNow) || r.By != "wangfang" || r.Code != code || r.NoticeID != n.ID {
		t.Errorf("RecordSlip = %+v; want 张三 三年级2班 acked by slip now by wangfang", r)
	}
	if s, ch := ns.receiptState(t, n.ID, "S001"); s != app.ReceiptAcked || ch != app.ChannelSlip {
		t.Errorf("stored state %v %q; want acked slip", s, ch)
	}
	if got := auditActions(t, ns.db); got[len(got)-1] != "receipt.slip" {
		t.Errorf("last audit action %q; want receipt.slip", got[len(got)-1])
	}
	// noticeID 0 takes a code of any notice
	if r, err := ns.svc.RecordSlip(adminCtx, 0, ns.code(t, other.ID, "S002")); err != nil || r.NoticeID != other.ID {
		t.Errorf("RecordSlip(0, code of 春游) = %+v, %v; want 春游's receipt", r, err)
	}

	unknown := app.NewSlipCode()
	for count(t, ns.db, `SELECT count(*) FROM receipts WHERE code = ?`, unknown) > 0 {
		unknown = app.NewSlipCode()
	}
	mistyped := []byte(ns.code(t, n.ID, "S002"))
	mistyped[2] = map[bool]byte{true: 'A', false: 'B'}[mistyped[2] != 'A']
	tests := []struct {
		name     string
		ctx      context.Context
		noticeID int64
		code     string
		errCode  string
		key      string
	}{
		{"empty", adminCtx, n.ID, " ", app.EINVALID, "slip.error.empty"},
		{"mistyped", adminCtx, n.ID, string(mistyped), app.EINVALID, "slip.error.check"},
		{"too short", adminCtx, n.ID, "K7MQ2X", app.EINVALID, "slip.error.length"},
		{"unknown", adminCtx, n.ID, unknown, app.ENOTFOUND, "storage.notice.error.code_unknown"},
		{"already acknowledged", wang, n.ID, code, app.ECONFLICT, "storage.notice.error.already_acked"},
		{"another notice's code", adminCtx, n.ID, ns.code(t, other.ID, "S003"), app.EINVALID, "storage.notice.error.code_other_notice"},
		{"revoked notice", adminCtx, revoked.ID, ns.code(t, revoked.ID, "S003"), app.ECONFLICT, "storage.notice.error.record_revoked"},
		{"another teacher's class", wang, n.ID, ns.code(t, n.ID, "S005"), app.EFORBIDDEN, "storage.notice.error.record_forbidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := ns.snapshot(t)
			r, err := ns.svc.RecordSlip(tt.ctx, tt.noticeID, tt.code)
			wantCode(t, err, tt.errCode, tt.key)
			if r != nil {
				t.Errorf("RecordSlip returned %+v with its error", r)
			}
			if after := ns.snapshot(t); after != before {
				t.Errorf("a refused slip changed the data:\nbefore %s\nafter  %s", before, after)
			}
		})
	}

	// the duplicate's message names the student, class, time, channel and recorder
	_, err = ns.svc.RecordSlip(adminCtx, n.ID, code)
	ae := err.(*app.Error)
	if want := []any{"张三", "三年级2班", testNow.Local().Format("2006-01-02 15:04"), "回执条", "wangfang"}; !slices.Equal(ae.Args, want) {
		t.Errorf("already acked args = %v; want %v", ae.Args, want)
	}
	// and the other notice's by its title
	_, err = ns.svc.RecordSlip(adminCtx, n.ID, ns.code(t, other.ID, "S003"))
	if ae := err.(*app.Error); ae.Args[1] != "春游" {
		t.Errorf("other notice args = %v; want the title 春游", ae.Args)
	}
}

func TestReceiptStateOnlyMovesForward(t *testing.T) {
	ns := newNoticeSchool(t)
	n := ns.publish(t, adminCtx, "家长会", app.Target{School: true})
	receipt := func(no string) int64 { return ns.receiptID(t, n.ID, no) }
	if _, err := ns.svc.RecordSlip(adminCtx, n.ID, ns.code(t, n.ID, "S001")); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name      string
		marks     []app.ReceiptMark
		no        string
		wantState app.ReceiptState
		wantCh    app.Channel
	}{
		{"acked then read stays acked", []app.ReceiptMark{{ReceiptID: receipt("S001"), State: app.ReceiptRead, Channel: app.ChannelPhone}},
			"S001", app.ReceiptAcked, app.ChannelSlip},
		{"acked then unread stays acked", []app.ReceiptMark{{ReceiptID: receipt("S001"), State: app.ReceiptUnread, Channel: app.ChannelPhone}},
			"S001", app.ReceiptAcked, app.ChannelSlip},
		{"unread to read", []app.ReceiptMark{{ReceiptID: receipt("S002"), State: app.ReceiptRead, Channel: app.ChannelPhone}},
			"S002", app.ReceiptRead, app.ChannelPhone},
		{"read to acked in person", []app.ReceiptMark{{ReceiptID: receipt("S002"), State: app.ReceiptAcked, Channel: app.ChannelInPerson}},
			"S002", app.ReceiptAcked, app.ChannelInPerson},
		{"acked and read in one call", []app.ReceiptMark{
			{ReceiptID: receipt("S003"), State: app.ReceiptAcked, Channel: app.ChannelPhone},
			{ReceiptID: receipt("S003"), State: app.ReceiptRead, Channel: app.ChannelInPerson},
		}, "S003", app.ReceiptAcked, app.ChannelPhone},
	}
	for _, st := range steps {
		if err := ns.svc.MarkReceipts(adminCtx, st.marks); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if s, ch := ns.receiptState(t, n.ID, st.no); s != st.wantState || ch != st.wantCh {
			t.Errorf("%s: state %v %q; want %v %q", st.name, s, ch, st.wantState, st.wantCh)
		}
	}
	// one audit row per call that changed something
	marks := 0
	for _, a := range auditActions(t, ns.db) {
		if a == "receipt.mark" {
			marks++
		}
	}
	if marks != 3 {
		t.Errorf("%d receipt.mark audit rows; want 3 (the calls that changed a receipt)", marks)
	}

	wang := ns.teacherOf("wangfang", "三年级2班", "三年级10班")
	refused := []struct {
		name    string
		ctx     context.Context
		marks   []app.ReceiptMark
		errCode string
		key     string
	}{
		{"bad channel", adminCtx, []app.ReceiptMark{{ReceiptID: receipt("S004"), State: app.ReceiptRead, Channel: "fax"}}, app.EINVALID, "storage.notice.error.channel_bad"},
		{"hub is not by hand", adminCtx, []app.ReceiptMark{{ReceiptID: receipt("S004"), State: app.ReceiptRead, Channel: app.ChannelHub}}, app.EINVALID, "storage.notice.error.channel_bad"},
		{"bad state", adminCtx, []app.ReceiptMark{{ReceiptID: receipt("S004"), State: 7, Channel: app.ChannelPhone}}, app.EINVALID, "storage.notice.error.state_bad"},
		{"unknown receipt", adminCtx, []app.ReceiptMark{{ReceiptID: receipt("S004"), State: app.ReceiptRead, Channel: app.ChannelPhone}, {ReceiptID: 9999, State: app.ReceiptRead, Channel: app.ChannelPhone}},
			app.ENOTFOUND, "storage.notice.error.receipt_unknown"},
		{"another teacher's class", wang, []app.ReceiptMark{{ReceiptID: receipt("S004"), State: app.ReceiptRead, Channel: app.ChannelPhone}, {ReceiptID: receipt("S005"), State: app.ReceiptRead, Channel: app.ChannelPhone}},
			app.EFORBIDDEN, "storage.notice.error.record_forbidden"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			before := ns.snapshot(t)
			wantCode(t, ns.svc.MarkReceipts(tt.ctx, tt.marks), tt.errCode, tt.key)
			if after := ns.snapshot(t); after != before {
				t.Errorf("a refused mark changed the data:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

func TestRevokeNotice(t *testing.T) {
	ns := newNoticeSchool(t)
	wang := ns.teacherOf("wangfang", "三年级2班", "三年级10班")
	n := ns.publish(t, adminCtx, "家长会", app.Target{School: true})
	if _, err := ns.svc.RecordSlip(adminCtx, n.ID, ns.code(t, n.ID, "S001")); err != nil {
		t.Fatal(err)
	}
	receipts := func() string {
		var b strings.Builder
		rows, err := ns.db.w.Query(`SELECT id, code, state, channel FROM receipts WHERE notice_id = ? ORDER BY id`, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id, state int
			var code, ch string
			rows.Scan(&id, &code, &state, &ch)
			fmt.Fprintln(&b, id, code, state, ch)
		}
		return b.String()
	}
	before := receipts()

	_, err := ns.svc.Revoke(wang, n.ID)
	wantCode(t, err, app.EFORBIDDEN, "storage.notice.error.revoke_forbidden")
	r, err := ns.svc.Revoke(as(app.RolePrincipal), n.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.State != app.NoticeStateRevoked || !r.RevokedAt.Equal(testNow) || r.Counts != (app.ReceiptCounts{Total: 5, Unread: 4, Acked: 1}) {
		t.Errorf("revoked = %+v; want revoked now with its 5 receipts", r)
	}
	if after := receipts(); after != before {
		t.Errorf("revoke changed the receipts:\nbefore %s\nafter  %s", before, after)
	}
	list, err := ns.svc.Notices(wang)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != n.ID || list[0].State != app.NoticeStateRevoked || list[0].Counts.Total != 4 {
		t.Errorf("teacher's Notices = %+v; want the revoked notice with their 4 receipts", list)
	}
	_, err = ns.svc.Revoke(adminCtx, n.ID)
	wantCode(t, err, app.ECONFLICT, "storage.notice.error.already_revoked")

	d, err := ns.svc.SaveDraft(wang, app.NoticeDraft{Title: "草稿"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ns.svc.Revoke(wang, d.ID)
	wantCode(t, err, app.ECONFLICT, "storage.notice.error.revoke_draft")
	_, err = ns.svc.SaveDraft(adminCtx, app.NoticeDraft{ID: n.ID, Title: "改"})
	wantCode(t, err, app.ECONFLICT, "storage.notice.error.revoked")

	// the author may revoke their own
	own := ns.publish(t, wang, "班会", app.Target{ClassIDs: []int64{ns.classes["三年级2班"]}})
	if _, err := ns.svc.Revoke(wang, own.ID); err != nil {
		t.Errorf("author's Revoke: %v", err)
	}
}

func TestNoticesVisibility(t *testing.T) {
	ns := newNoticeSchool(t)
	wang := ns.teacherOf("wangfang", "三年级2班", "三年级10班")
	li := ns.teacherOf("liqiang", "一年级1班")
	mustDraft := func(ctx context.Context, title string) {
		if _, err := ns.svc.SaveDraft(ctx, app.NoticeDraft{Title: title}); err != nil {
			t.Fatal(err)
		}
	}
	ns.publish(t, adminCtx, "全校", app.Target{School: true, Staff: true})
	mustDraft(adminCtx, "管理员草稿")
	ns.publish(t, li, "一年级1班", app.Target{ClassIDs: []int64{ns.classes["一年级1班"]}})
	mustDraft(wang, "王老师草稿")
	ns.publish(t, adminCtx, "三年级", app.Target{Grades: []int{3}})

	tests := []struct {
		name string
		ctx  context.Context
		want []string // title total
	}{
		{"admin", adminCtx, []string{"三年级 4", "王老师草稿 0", "一年级1班 1", "管理员草稿 0", "全校 7"}},
		{"principal", as(app.RolePrincipal), []string{"三年级 4", "一年级1班 1", "全校 7"}},
		{"teacher of grade 3", wang, []string{"三年级 4", "王老师草稿 0", "全校 4"}},
		{"teacher of grade 1", li, []string{"一年级1班 1", "全校 1"}},
		{"teacher of an empty class", ns.teacherOf("zhao", "二年级1班"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := ns.svc.Notices(tt.ctx)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, n := range list {
				got = append(got, fmt.Sprintf("%s %d", n.Title, n.Counts.Total))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Notices = %v; want %v", got, tt.want)
			}
		})
	}
}

func TestNoticeStatus(t *testing.T) {
	ns := newNoticeSchool(t)
	n := ns.publish(t, adminCtx, "全校", app.Target{School: true, Staff: true})
	if _, err := ns.svc.RecordSlip(adminCtx, n.ID, ns.code(t, n.ID, "S003")); err != nil {
		t.Fatal(err)
	}
	if err := ns.svc.MarkReceipts(adminCtx, []app.ReceiptMark{{ReceiptID: ns.receiptID(t, n.ID, "S001"), State: app.ReceiptRead, Channel: app.ChannelPhone}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		ctx  context.Context
		want []string
	}{
		{"admin", adminCtx, []string{"一年级1班 1/0/0/1", "三年级2班 2/1/0/1", "三年级10班 2/0/1/1", "教职工 2/0/0/2"}},
		{"teacher", ns.teacherOf("wangfang", "三年级2班", "三年级10班"), []string{"三年级2班 2/1/0/1", "三年级10班 2/0/1/1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := ns.svc.NoticeStatus(tt.ctx, n.ID)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range st.Classes {
				got = append(got, fmt.Sprintf("%s %d/%d/%d/%d", c.ClassLabel, c.Counts.Total, c.Counts.Read, c.Counts.Acked, c.Counts.Unread))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Classes = %v; want %v", got, tt.want)
			}
			if st.Notice.ID != n.ID {
				t.Errorf("Notice = %+v; want notice %d", st.Notice, n.ID)
			}
		})
	}
	_, err := ns.svc.NoticeStatus(adminCtx, 999)
	wantCode(t, err, app.ENOTFOUND, "storage.notice.error.not_found")
}

func TestImportReceipts(t *testing.T) {
	ns := newNoticeSchool(t)
	n := ns.publish(t, adminCtx, "家长会", app.Target{School: true})
	other := ns.publish(t, adminCtx, "春游", app.Target{School: true})
	if _, err := ns.svc.RecordSlip(adminCtx, n.ID, ns.code(t, n.ID, "S005")); err != nil {
		t.Fatal(err)
	}
	good := []app.ReceiptSheetRow{
		{Line: 2, Code: strings.ToLower(app.FormatSlipCode(ns.code(t, n.ID, "S001")))},
		{Line: 3, StudentNo: "Ｓ002"}, // full-width, as typed with a Chinese IME
		{Line: 4, StudentName: "赵六"},
		{Line: 5, StudentName: "王五", ClassLabel: "三年级10班"},
		{Line: 6, StudentName: "张四"}, // already acknowledged by slip
		{Line: 7},                    // a blank row
	}
	tests := []struct {
		name string
		ctx  context.Context
		rows []app.ReceiptSheetRow
		want []string // line name code/key
	}{
		{"unknown name", adminCtx, []app.ReceiptSheetRow{{Line: 8, StudentName: "钱七"}}, []string{"8 钱七 invalid/storage.notice.import.name_unknown"}},
		{"ambiguous name", adminCtx, []app.ReceiptSheetRow{{Line: 8, StudentName: "王五"}}, []string{"8 王五 invalid/storage.notice.import.name_ambiguous"}},
		{"name not in the class", adminCtx, []app.ReceiptSheetRow{{Line: 8, StudentName: "赵六", ClassLabel: "三年级2班"}},
			[]string{"8 赵六 invalid/storage.notice.import.name_not_in_class"}},
		{"unknown number", adminCtx, []app.ReceiptSheetRow{{Line: 8, StudentNo: "X9"}}, []string{"8 X9 invalid/storage.notice.import.no_unknown"}},
		{"bad code", adminCtx, []app.ReceiptSheetRow{{Line: 8, Code: "K7M-Q2X"}}, []string{"8 K7M-Q2X invalid/slip.error.length"}},
		{"other notice's code", adminCtx, []app.ReceiptSheetRow{{Line: 8, Code: ns.code(t, other.ID, "S003")}},
			[]string{"8 " + ns.code(t, other.ID, "S003") + " invalid/storage.notice.error.code_other_notice"}},
		{"same receipt twice", adminCtx, []app.ReceiptSheetRow{{Line: 8, StudentName: "张三"}, {Line: 9, StudentNo: "S002"}},
			[]string{"8 张三 invalid/storage.notice.import.duplicate", "9 王五 invalid/storage.notice.import.duplicate"}},
		// 张四 (line 6) is in 一年级1班
		{"another teacher's class", ns.teacherOf("wangfang", "三年级2班", "三年级10班"), nil,
			[]string{"6 张四 forbidden/storage.notice.error.record_forbidden"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := append(slices.Clone(good), tt.rows...)
			before := ns.snapshot(t)
			for _, dry := range []bool{true, false} {
				rep, err := ns.svc.ImportReceipts(tt.ctx, n.ID, rows, dry)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, p := range rep.Problems {
					got = append(got, fmt.Sprintf("%d %s %s/%s", p.Line, p.Name, p.Reason.Code, p.Reason.Key))
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("dry=%v problems = %v; want %v", dry, got, tt.want)
				}
			}
			if after := ns.snapshot(t); after != before {
				t.Errorf("an import with problems changed the data:\nbefore %s\nafter  %s", before, after)
			}
		})
	}

	t.Run("dry run", func(t *testing.T) {
		before := ns.snapshot(t)
		rep, err := ns.svc.ImportReceipts(adminCtx, n.ID, good, true)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Acked != 4 || rep.Already != 1 || len(rep.Problems) != 0 {
			t.Errorf("dry run = %+v; want 4 to acknowledge, 1 already", rep)
		}
		if after := ns.snapshot(t); after != before {
			t.Errorf("a dry run changed the data")
		}
	})
	t.Run("import", func(t *testing.T) {
		rep, err := ns.svc.ImportReceipts(adminCtx, n.ID, good, false)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Acked != 4 || rep.Already != 1 || len(rep.Problems) != 0 {
			t.Errorf("import = %+v; want 4 acknowledged, 1 already", rep)
		}
		for no, want := range map[string]app.Channel{"S001": app.ChannelExcel, "S002": app.ChannelExcel, "S003": app.ChannelExcel,
			"S004": app.ChannelExcel, "S005": app.ChannelSlip} {
			if s, ch := ns.receiptState(t, n.ID, no); s != app.ReceiptAcked || ch != want {
				t.Errorf("%s: %v %q; want acked %q", no, s, ch, want)
			}
		}
		if got := auditActions(t, ns.db); got[len(got)-1] != "receipt.import" {
			t.Errorf("last audit action %q; want receipt.import", got[len(got)-1])
		}
		if s, _ := ns.receiptState(t, other.ID, "S001"); s != app.ReceiptUnread {
			t.Errorf("the other notice's receipt moved to %v", s)
		}
	})
	t.Run("empty sheet", func(t *testing.T) {
		_, err := ns.svc.ImportReceipts(adminCtx, n.ID, nil, false)
		wantCode(t, err, app.EINVALID, "storage.notice.error.import_empty")
	})
}

func TestSaveDraftAttachments(t *testing.T) {
	ns := newNoticeSchool(t)
	src := t.TempDir()
	write := func(rel, content string) string {
		p := filepath.Join(src, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	plan := write("活动安排.txt", "九点集合")
	plan2 := write("旧/活动安排.txt", "八点集合")
	form := write("回执 表.xlsx", "xlsx")

	d, err := ns.svc.SaveDraft(adminCtx, app.NoticeDraft{Title: "春游", AddFiles: []string{plan, plan2}})
	if err != nil {
		t.Fatal(err)
	}
	dir := "attachments/" + d.UUID + "/"
	want := []app.Attachment{
		{Name: "活动安排.txt", Path: dir + "活动安排.txt", Size: int64(len("九点集合"))},
		{Name: "活动安排.txt", Path: dir + "活动安排 (2).txt", Size: int64(len("八点集合"))},
	}
	if !slices.Equal(d.Attachments, want) {
		t.Errorf("Attachments = %+v; want %+v", d.Attachments, want)
	}
	for i, content := range []string{"九点集合", "八点集合"} {
		got, err := os.ReadFile(filepath.Join(ns.db.dir, filepath.FromSlash(want[i].Path)))
		if err != nil || string(got) != content {
			t.Errorf("copy %s = %q, %v; want %q", want[i].Path, got, err, content)
		}
	}

	// keep the first, drop the second, add a third
	d2, err := ns.svc.SaveDraft(adminCtx, app.NoticeDraft{ID: d.ID, Title: "春游（改）", Attachments: d.Attachments[:1], AddFiles: []string{form}})
	if err != nil {
		t.Fatal(err)
	}
	want = []app.Attachment{want[0], {Name: "回执 表.xlsx", Path: dir + "回执 表.xlsx", Size: 4}}
	if !slices.Equal(d2.Attachments, want) || d2.Title != "春游（改）" || d2.ID != d.ID || d2.UUID != d.UUID {
		t.Errorf("replaced draft = %+v; want the same notice with attachments %+v", d2, want)
	}
	if _, err := os.Stat(filepath.Join(ns.db.dir, "attachments", d.UUID, "活动安排 (2).txt")); !os.IsNotExist(err) {
		t.Errorf("dropped attachment's file still there (stat: %v)", err)
	}
	if got := auditActions(t, ns.db); !slices.Equal(got[len(got)-2:], []string{"notice.create", "notice.update"}) {
		t.Errorf("audit ends with %v; want notice.create, notice.update", got)
	}

	files := func() []string {
		var out []string
		filepath.WalkDir(filepath.Join(ns.db.dir, "attachments"), func(p string, e os.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				out = append(out, p)
			}
			return nil
		})
		return out
	}
	t.Run("missing file", func(t *testing.T) {
		before, beforeFiles := ns.snapshot(t), files()
		_, err := ns.svc.SaveDraft(adminCtx, app.NoticeDraft{Title: "缺文件", AddFiles: []string{form, filepath.Join(src, "没有.pdf")}})
		wantCode(t, err, app.EINVALID, "storage.attachment.error.copy")
		if after := ns.snapshot(t); after != before {
			t.Errorf("a draft with a missing file changed the data")
		}
		if got := files(); !slices.Equal(got, beforeFiles) {
			t.Errorf("files after a failed copy = %v; want %v", got, beforeFiles)
		}
	})
	t.Run("transaction fails", func(t *testing.T) {
		if _, err := ns.db.w.Exec(`CREATE TEMP TRIGGER fail BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'boom'); END`); err != nil {
			t.Fatal(err)
		}
		defer ns.db.w.Exec(`DROP TRIGGER temp.fail`)
		before, beforeFiles := ns.snapshot(t), files()
		if _, err := ns.svc.SaveDraft(adminCtx, app.NoticeDraft{Title: "存不下", AddFiles: []string{form}}); err == nil {
			t.Fatal("SaveDraft with a failing audit succeeded")
		}
		if _, err := ns.svc.SaveDraft(adminCtx, app.NoticeDraft{ID: d.ID, Title: "存不下", AddFiles: []string{form}}); err == nil {
			t.Fatal("SaveDraft with a failing audit succeeded")
		}
		if after := ns.snapshot(t); after != before {
			t.Errorf("a failed save changed the data")
		}
		if got := files(); !slices.Equal(got, beforeFiles) {
			t.Errorf("files after a failed save = %v; want %v", got, beforeFiles)
		}
	})
	t.Run("validation", func(t *testing.T) {
		_, err := ns.svc.SaveDraft(adminCtx, app.NoticeDraft{Title: "  ", AddFiles: []string{form}})
		wantCode(t, err, app.EINVALID, "notice.error.title_required")
		_, err = ns.svc.SaveDraft(adminCtx, app.NoticeDraft{ID: 999, Title: "无"})
		wantCode(t, err, app.ENOTFOUND, "storage.notice.error.not_found")
	})
}

// TestNoticeFieldsRoundTrip checks that what a draft holds reads back.
func TestNoticeFieldsRoundTrip(t *testing.T) {
	ns := newNoticeSchool(t)
	deadline, _ := app.ParseDate("2025-09-12")
	target := app.Target{Grades: []int{3}, ClassIDs: []int64{ns.classes["一年级1班"]}, Staff: true}
	d, err := ns.svc.SaveDraft(adminCtx, app.NoticeDraft{Title: "家长会", Body: "第一行\n第二行", Target: target, RequiresAck: true, Deadline: deadline})
	if err != nil {
		t.Fatal(err)
	}
	list, err := ns.svc.Notices(adminCtx)
	if err != nil {
		t.Fatal(err)
	}
	got := list[0]
	if got.Body != "第一行\n第二行" || got.Target.String() != target.String() || !got.RequiresAck || !got.Deadline.Equal(deadline) ||
		got.CreatedBy != "test-admin" || got.ID != d.ID {
		t.Errorf("read back %+v; want the draft's fields", got)
	}
}
