package storage

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"jxj/app"
	"jxj/app/i18n"
)

// Each service refuses what app/permission.go refuses, and the refusal
// reaches the user as a sentence in their language that says why: never
// the key, never the generic error.
func TestServicesRefuseWithTheReason(t *testing.T) {
	ns := newNoticeSchool(t)
	svc := ns.db.Services()
	wang := ns.headOf(t) // heads 三年级2班
	li := ns.teacherOf("li", "三年级2班", "三年级10班")

	schoolWide := ns.publish(t, adminCtx, "期末家长会通知", app.Target{School: true})
	hw := assign(t, ns, adminCtx, "数学", "2026-11-25", "三年级2班", "三年级10班", "一年级1班", "二年级1班")
	form, err := svc.Forms.CreateForm(adminCtx, func() app.FormDraft {
		d := surveyDraft()
		d.ClassIDs = []int64{ns.classes["三年级2班"]}
		return d
	}())
	if err != nil {
		t.Fatal(err)
	}
	leave, err := svc.Leaves.RequestLeave(adminCtx, app.LeaveDraft{StudentID: ns.students["S001"], AskedBy: "张父（父亲）",
		Kind: app.MarkSick, From: due("2026-11-10"), To: due("2026-11-11"), Reason: "发烧"})
	if err != nil {
		t.Fatal(err)
	}
	bureau := ns.bureauNotice(t, "防溺水告家长书")

	tests := []struct {
		name string
		do   func() error
		code string
		key  string
	}{
		{"a teacher revokes the admin's school-wide notice", func() error { _, err := svc.Notices.Revoke(wang, schoolWide.ID); return err },
			app.EFORBIDDEN, "storage.notice.error.revoke_forbidden"},
		{"a teacher deletes the admin's four-class homework", func() error { return svc.Homework.DeleteHomework(wang, hw.ID) },
			app.EFORBIDDEN, "storage.homework.error.delete_forbidden"},
		{"the principal deletes it", func() error { return svc.Homework.DeleteHomework(as(app.RolePrincipal), hw.ID) },
			app.EFORBIDDEN, "storage.homework.error.delete_forbidden"},
		{"a teacher closes the admin's survey", func() error { return svc.Forms.CloseForm(wang, form.ID) },
			app.EFORBIDDEN, "storage.form.error.close_forbidden"},
		{"a teacher cancels the admin's leave entry", func() error { _, err := svc.Leaves.CancelLeave(wang, leave.ID); return err },
			app.EFORBIDDEN, "storage.leave.error.cancel_forbidden"},
		{"a subject teacher decides the head teacher's step", func() error { _, err := svc.Leaves.DecideLeave(li, leave.ID, true, ""); return err },
			app.EFORBIDDEN, "leave.error.not_head"},
		{"a teacher confirms a bureau notice", func() error { _, err := svc.Notices.ConfirmBureau(wang, bureau.ID); return err },
			app.EFORBIDDEN, "storage.bureau.error.forbidden"},
		{"the admin revokes a bureau notice", func() error { _, err := svc.Notices.Revoke(adminCtx, bureau.ID); return err },
			app.EFORBIDDEN, "permission.notice.revoke_bureau"},
	}
	lang := i18n.Language()
	t.Cleanup(func() { i18n.SetLanguage(lang) })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.do()
			wantCode(t, err, tt.code, tt.key)
			for _, l := range i18n.Languages {
				i18n.SetLanguage(l)
				msg := i18n.Err(err)
				if msg == i18n.T("error.internal") || strings.Contains(msg, tt.key) || !i18n.Has(l, tt.key) {
					t.Errorf("%s: the user reads %q", l, msg)
				}
			}
		})
	}

	// what was refused is still there, and those the rules allow may
	if _, err := svc.Notices.Revoke(as(app.RolePrincipal), schoolWide.ID); err != nil {
		t.Errorf("the principal's Revoke: %v", err)
	}
	if l, err := svc.Leaves.DecideLeave(wang, leave.ID, true, ""); err != nil || l.State != app.LeaveApproved {
		t.Errorf("the head teacher's decision: %+v, %v; want approved", l, err)
	}
	if err := svc.Homework.DeleteHomework(adminCtx, hw.ID); err != nil {
		t.Errorf("the admin's DeleteHomework: %v", err)
	}
}

// Leaves name their class's head teacher, the rule's input for who
// decides the first step.
func TestLeavesNameTheHeadTeacher(t *testing.T) {
	ns := newNoticeSchool(t)
	svc := ns.db.Services()
	for _, no := range []string{"S001", "S003"} { // 三年级2班 (王芳), 三年级10班 (no head)
		if _, err := svc.Leaves.RequestLeave(adminCtx, app.LeaveDraft{StudentID: ns.students[no], AskedBy: "家长",
			Kind: app.MarkSick, From: due("2026-11-10"), To: due("2026-11-10")}); err != nil {
			t.Fatal(err)
		}
	}
	ls, err := svc.Leaves.Leaves(adminCtx, app.LeaveFilter{})
	if err != nil {
		t.Fatal(err)
	}
	heads := map[string]int64{}
	for _, l := range ls {
		heads[l.ClassLabel] = l.HeadTeacherID
	}
	if want := ns.staffID(t, "王芳"); heads["三年级2班"] != want || heads["三年级10班"] != 0 {
		t.Errorf("head teachers = %v; want 三年级2班 %d and 三年级10班 none", heads, want)
	}
}

// bureauNotice is a notice from the hub's feed, as the sync applies it.
func (ns *noticeSchool) bureauNotice(t *testing.T, title string) *app.Notice {
	t.Helper()
	body, err := json.Marshal(app.BureauNotice{Title: title, Body: "各校：……", RequiresAck: true, PublishedAt: testNow})
	if err != nil {
		t.Fatal(err)
	}
	page := app.FeedPage{Epoch: "e1", Records: []app.FeedRecord{{Seq: 1, Type: app.RecordNotice, ID: uuid.NewString(), Body: body}}}
	if _, err := ns.db.Services().Sync.ApplyFeed(adminCtx, page); err != nil {
		t.Fatal(err)
	}
	list, err := ns.svc.Notices(adminCtx)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range list {
		if n.Bureau && n.Title == title {
			return n
		}
	}
	t.Fatalf("no bureau notice %q among %d notices", title, len(list))
	return nil
}
