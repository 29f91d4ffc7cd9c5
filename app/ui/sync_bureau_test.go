package ui

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"jxj/app"
	"jxj/app/i18n"
)

// bureauDay is when the school confirmed and forwarded the bureau notice.
var bureauDay = time.Date(2026, 12, 3, 9, 30, 0, 0, time.Local)

// bureauFakes turn the notice fakes' notice 7 into a bureau notice not
// yet confirmed or forwarded, with no receipts; confirming and forwarding
// are recorded and change it as the storage does.
type bureauFakes struct {
	*noticeFakes
	confirms []int64
	forwards []string // "id target"
	changed  int      // Env.SyncChanged calls
}

func newBureauFakes() *bureauFakes {
	f := &bureauFakes{noticeFakes: newNoticeFakes()}
	n := f.notice
	n.Bureau, n.Title, n.Target, n.Attachments = true, "关于做好冬季安全工作的通知", app.Target{}, nil
	n.Counts = app.ReceiptCounts{}
	f.receipts = nil
	status := f.svc.NoticeStatusFn
	f.svc.NoticeStatusFn = func(ctx context.Context, id int64) (*app.NoticeStatus, error) {
		st, err := status(ctx, id)
		if err == nil && f.notice.ForwardedAt.IsZero() {
			st.Classes = nil
		}
		return st, err
	}
	f.svc.ConfirmBureauFn = func(_ context.Context, id int64) (*app.Notice, error) {
		f.confirms = append(f.confirms, id)
		f.notice.ConfirmedAt = bureauDay
		return f.notice, nil
	}
	f.svc.ForwardBureauFn = func(_ context.Context, id int64, t app.Target) (*app.Notice, error) {
		f.forwards = append(f.forwards, strconv.FormatInt(id, 10)+" "+t.String())
		if f.notice.ConfirmedAt.IsZero() {
			f.notice.ConfirmedAt = bureauDay
		}
		f.notice.ForwardedAt, f.notice.Target = bureauDay, t
		f.receipts = newNoticeFakes().receipts
		return f.notice, nil
	}
	return f
}

// openBureau shows the bureau notice as acc (nil: the admin).
func openBureau(t *testing.T, f *bureauFakes, acc *app.Account) (*noticeDetail, fyne.Window) {
	t.Helper()
	s, w := newTestNotices(t, f.noticeFakes, acc)
	s.env.SyncChanged = func() { f.changed++ }
	s.Open(7)
	if s.detail == nil || s.detail.status == nil {
		t.Fatal("the notice is not shown")
	}
	return s.detail, w
}

func TestNoticesListBureauBadge(t *testing.T) {
	f := newBureauFakes()
	s, _ := newTestNotices(t, f.noticeFakes, nil)
	if len(s.items) != 2 {
		t.Fatalf("the list has %d notices, want 2", len(s.items))
	}
	rowTexts := func(i int) []string {
		row := newNoticeRow()
		s.updateNoticeRow(i, row)
		return visibleTexts(row)
	}
	draft, bureau := rowTexts(0), rowTexts(1)
	if containsText(draft, "教育局") {
		t.Errorf("the school's own draft is marked 教育局: %q", draft)
	}
	for _, want := range []string{"教育局", "已发布", "关于做好冬季安全工作的通知", "尚未转发给家长 · 2026-11-20 发布"} {
		if !containsText(bureau, want) {
			t.Errorf("the bureau notice's line does not show %q; it shows %q", want, bureau)
		}
	}
	if containsText(bureau, "已确认 0/0") {
		t.Errorf("a bureau notice not forwarded shows an empty progress bar: %q", bureau)
	}
}

func TestBureauNoticeNotForwarded(t *testing.T) {
	f := newBureauFakes()
	d, w := openBureau(t, f, nil)
	texts := visibleTexts(w.Content())
	for _, want := range []string{"教育局", "确认收到", "转发给家长", i18n.T("notices.bureau.waiting")} {
		if !containsText(texts, want) {
			t.Errorf("the bureau notice does not show %q; it shows %q", want, texts)
		}
	}
	if d.table != nil || d.slipEntry != nil {
		t.Error("a bureau notice not forwarded shows an (empty) receipts table or the slip box")
	}
	for _, gone := range []string{"撤回", "导出回执码", "各班回执", "已确认 0/0"} {
		if containsText(texts, gone) {
			t.Errorf("a bureau notice not forwarded offers %q", gone)
		}
	}
}

func TestBureauNoticeConfirm(t *testing.T) {
	f := newBureauFakes()
	d, w := openBureau(t, f, nil)
	test.Tap(d.confirmB)
	if !slices.Equal(f.confirms, []int64{7}) {
		t.Fatalf("ConfirmBureau calls = %v, want [7]", f.confirms)
	}
	if f.changed != 1 {
		t.Errorf("the status line was told %d times, want once: the confirmation waits to go up", f.changed)
	}
	texts := visibleTexts(w.Content())
	if !containsText(texts, "已确认 12-03") || containsText(texts, "确认收到") {
		t.Errorf("after confirming the notice shows %q, want 已确认 12-03 and no 确认收到", texts)
	}
	if d.confirmB != nil || d.forwardB == nil {
		t.Error("after confirming, 确认收到 stays or 转发给家长 is gone")
	}
}

func TestBureauNoticeForward(t *testing.T) {
	tests := []struct {
		name string
		tick func(f *bureauForward)
		want string // the target sent
	}{
		{"a grade and a class", func(f *bureauForward) {
			test.Tap(f.picker.grades[0].all)       // 三年级
			test.Tap(f.picker.grades[1].checks[0]) // 四年级1班
		}, "grade:3,class:20"},
		{"part of a grade is classes", func(f *bureauForward) {
			test.Tap(f.picker.grades[0].checks[1]) // 三年级2班
		}, "class:11"},
		{"the whole school", func(f *bureauForward) { test.Tap(f.school) }, "school"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newBureauFakes()
			d, w := openBureau(t, f, nil)
			test.Tap(d.forwardB)
			fw := d.forward
			if fw == nil || fw.picker == nil {
				t.Fatal("转发给家长 does not open the target chooser with the classes")
			}
			tt.tick(fw)
			test.Tap(fw.submit)
			if want := []string{"7 " + tt.want}; !slices.Equal(f.forwards, want) {
				t.Fatalf("ForwardBureau calls = %q, want %q", f.forwards, want)
			}
			if d.forward != nil || w.Canvas().Overlays().Top() != nil {
				t.Error("the dialog stays open after forwarding")
			}
			if f.changed != 1 {
				t.Errorf("the status line was told %d times, want once", f.changed)
			}
			texts := visibleTexts(w.Content())
			for _, want := range []string{"已确认 12-03", "已转发 12-03", "录入回执条", "导出回执码"} {
				if !containsText(texts, want) {
					t.Errorf("after forwarding the notice does not show %q; it shows %q", want, texts)
				}
			}
			if containsText(texts, "转发给家长") || containsText(texts, "撤回") {
				t.Errorf("a forwarded bureau notice still offers 转发给家长 or 撤回: %q", texts)
			}
			if d.table == nil {
				t.Error("a forwarded bureau notice shows no receipts")
			}
		})
	}

	t.Run("nobody ticked", func(t *testing.T) {
		f := newBureauFakes()
		d, w := openBureau(t, f, nil)
		test.Tap(d.forwardB)
		test.Tap(d.forward.submit)
		if len(f.forwards) != 0 {
			t.Errorf("ForwardBureau called with no target: %q", f.forwards)
		}
		if got := topDialogTexts(w); !containsText(got, i18n.T("target.error.empty")) {
			t.Errorf("the dialog shows %q, want the empty-target error", got)
		}
	})

	t.Run("refused", func(t *testing.T) {
		f := newBureauFakes()
		f.svc.ForwardBureauFn = func(context.Context, int64, app.Target) (*app.Notice, error) {
			return nil, app.Errorf(app.ECONFLICT, "storage.bureau.error.forwarded", f.notice.Title, "2026-12-01")
		}
		d, w := openBureau(t, f, nil)
		test.Tap(d.forwardB)
		test.Tap(d.forward.school)
		test.Tap(d.forward.submit)
		want := i18n.T("storage.bureau.error.forwarded", f.notice.Title, "2026-12-01")
		if got := topDialogTexts(w); !containsText(got, want) {
			t.Errorf("the dialog shows %q, want %q", got, want)
		}
		if f.changed != 0 {
			t.Error("a refused forward told the status line")
		}
	})
}

func TestBureauNoticeTeacher(t *testing.T) {
	t.Run("forwarded", func(t *testing.T) {
		f := newBureauFakes()
		f.notice.ConfirmedAt, f.notice.ForwardedAt, f.notice.Target = bureauDay, bureauDay, app.Target{Grades: []int{3}}
		f.receipts = newNoticeFakes().receipts
		_, w := openBureau(t, f, shellTeacher)
		texts := visibleTexts(w.Content())
		for _, want := range []string{"教育局", "已确认 12-03", "已转发 12-03", "张三"} {
			if !containsText(texts, want) {
				t.Errorf("the teacher's view does not show %q; it shows %q", want, texts)
			}
		}
	})
	t.Run("not forwarded", func(t *testing.T) {
		d, w := openBureau(t, newBureauFakes(), shellTeacher)
		if d.confirmB != nil || d.forwardB != nil {
			t.Error("a teacher is offered 确认收到 or 转发给家长")
		}
		if texts := visibleTexts(w.Content()); !containsText(texts, i18n.T("notices.bureau.waiting_other")) {
			t.Errorf("the teacher's view does not explain the missing receipts; it shows %q", texts)
		}
	})
}
