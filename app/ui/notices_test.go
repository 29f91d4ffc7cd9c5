package ui

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

func testNoticeClasses() []*app.Class {
	return []*app.Class{
		{ID: 10, Grade: 3, Name: "1班"},
		{ID: 11, Grade: 3, Name: "2班"},
		{ID: 20, Grade: 4, Name: "1班"},
		{ID: 21, Grade: 4, Name: "2班"},
	}
}

// goodSlip is the one slip code the fake RecordSlip knows.
const goodSlip = "K7M-Q2XC"

// noticeFakes is a published notice to grade 3 with three receipts, one
// acknowledged; the fakes record what the screen asked for.
type noticeFakes struct {
	notice   *app.Notice
	receipts []app.Receipt
	svc      *mock.NoticeService
	sheets   *mock.SheetService

	slips    []string // "noticeID code"
	marks    []app.ReceiptMark
	drafts   []app.NoticeDraft
	publish  []int64
	imports  []bool // dryRun of each ImportReceipts call
	callList []app.Receipt
}

func newNoticeFakes() *noticeFakes {
	f := &noticeFakes{}
	f.notice = &app.Notice{ID: 7, Title: "期中家长会通知", Body: "本周五下午召开家长会。", State: app.NoticeStatePublished,
		RequiresAck: true, Target: app.Target{Grades: []int{3}}, Deadline: time.Date(2026, 11, 25, 0, 0, 0, 0, time.Local),
		PublishedAt: time.Date(2026, 11, 20, 8, 0, 0, 0, time.Local),
		Attachments: []app.Attachment{{Name: "回执说明.docx", Path: "attachments/1.docx", Size: 12800}},
		Counts:      app.ReceiptCounts{Total: 3, Acked: 1, Unread: 2}}
	father := app.GuardianContact{Name: "张建国", Relation: "父亲", Phone: "138****1234", PhoneMasked: true}
	f.receipts = []app.Receipt{
		{ID: 101, NoticeID: 7, Code: "K7MQ2XC", StudentID: 1, StudentName: "张三", ClassID: 10, ClassLabel: "三年级1班",
			Guardians: []app.GuardianContact{father}},
		{ID: 102, NoticeID: 7, StudentID: 2, StudentName: "李四", ClassID: 10, ClassLabel: "三年级1班",
			State: app.ReceiptAcked, Channel: app.ChannelSlip, At: time.Date(2026, 11, 20, 14, 32, 0, 0, time.Local)},
		{ID: 103, NoticeID: 7, StudentID: 3, StudentName: "王五", ClassID: 11, ClassLabel: "三年级2班"},
	}
	f.svc = &mock.NoticeService{
		NoticesFn: func(context.Context) ([]*app.Notice, error) {
			draft := &app.Notice{ID: 9, Title: "春游安排（草稿）", State: app.NoticeStateDraft, Target: app.Target{ClassIDs: []int64{20}},
				CreatedAt: time.Date(2026, 11, 19, 16, 0, 0, 0, time.Local)}
			return []*app.Notice{draft, f.notice}, nil
		},
		NoticeStatusFn: func(_ context.Context, id int64) (*app.NoticeStatus, error) {
			return &app.NoticeStatus{Notice: f.notice, Classes: []app.ClassProgress{
				{ClassID: 10, ClassLabel: "三年级1班", Counts: app.ReceiptCounts{Total: 2, Acked: 1, Unread: 1}},
				{ClassID: 11, ClassLabel: "三年级2班", Counts: app.ReceiptCounts{Total: 1, Unread: 1}},
			}}, nil
		},
		ReceiptsFn: func(context.Context, int64) ([]app.Receipt, error) { return slices.Clone(f.receipts), nil },
		RecordSlipFn: func(_ context.Context, id int64, code string) (*app.Receipt, error) {
			f.slips = append(f.slips, strconv.FormatInt(id, 10)+" "+code)
			norm, err := app.NormalizeSlipCode(code)
			if err != nil {
				return nil, err
			}
			if norm != "K7MQ2XC" {
				return nil, app.Errorf(app.EINVALID, "slip.error.check", norm)
			}
			r := f.receipts[0]
			r.State, r.Channel, r.At = app.ReceiptAcked, app.ChannelSlip, time.Now()
			return &r, nil
		},
		MarkReceiptsFn: func(_ context.Context, marks []app.ReceiptMark) error {
			f.marks = append(f.marks, marks...)
			return nil
		},
		SaveDraftFn: func(_ context.Context, d app.NoticeDraft) (*app.Notice, error) {
			f.drafts = append(f.drafts, d)
			return &app.Notice{ID: 7, Title: d.Title, State: app.NoticeStateDraft}, nil
		},
		PublishFn: func(_ context.Context, id int64) (*app.Notice, error) {
			f.publish = append(f.publish, id)
			return f.notice, nil
		},
		ImportReceiptsFn: func(_ context.Context, id int64, rows []app.ReceiptSheetRow, dryRun bool) (*app.ReceiptImport, error) {
			f.imports = append(f.imports, dryRun)
			return &app.ReceiptImport{Acked: len(rows), Already: 0}, nil
		},
	}
	f.sheets = &mock.SheetService{
		WriteCallListFn: func(_ string, _ *app.Notice, rs []app.Receipt) error {
			f.callList = rs
			return nil
		},
		ReadReceiptSheetFn: func(string) ([]app.ReceiptSheetRow, error) {
			return []app.ReceiptSheetRow{{Line: 2, Code: goodSlip}}, nil
		},
	}
	return f
}

func newTestNotices(t *testing.T, f *noticeFakes, acc *app.Account) (*NoticesScreen, fyne.Window) {
	t.Helper()
	inChinese(t)
	env, w := newScreenEnv(t, app.Services{
		Notices: f.svc,
		Sheets:  f.sheets,
		Classes: &mock.ClassService{ClassesFn: func(context.Context) ([]*app.Class, error) { return testNoticeClasses(), nil }},
	})
	if acc != nil {
		env.Account = acc
	}
	s := NewNoticesScreen(env)
	s.run = runNow
	w.SetContent(s.Content())
	return s, w
}

// openNotice shows notice 7 with its receipts.
func openNotice(t *testing.T, f *noticeFakes) (*noticeDetail, fyne.Window) {
	t.Helper()
	s, w := newTestNotices(t, f, nil)
	s.Open(7)
	if s.detail == nil || s.detail.status == nil {
		t.Fatal("the notice is not shown")
	}
	return s.detail, w
}

// TestReceiptsChart: a notice's receipts by class, the staff's named so.
func TestReceiptsChart(t *testing.T) {
	inChinese(t)
	got := receiptsChart([]app.ClassProgress{
		{ClassID: 10, ClassLabel: "三年级1班", Counts: app.ReceiptCounts{Total: 40, Acked: 30, Read: 6, Unread: 4}},
		{ClassID: 0, Counts: app.ReceiptCounts{Total: 12, Read: 2, Unread: 10}},
	})
	checkChart(t, got, app.Chart{Kind: app.ChartBars, Stacked: true, Labels: []string{"三年级1班", "教职工"},
		Series: []app.ChartSeries{{Name: "已确认", Values: []float64{30, 0}}, {Name: "已读", Values: []float64{6, 2}}, {Name: "未读", Values: []float64{4, 10}}}})
}

func TestNoticesList(t *testing.T) {
	s, w := newTestNotices(t, newNoticeFakes(), nil)
	texts := objectTexts(w.Content())
	for _, want := range []string{"通知", "发通知",
		"草稿", "春游安排（草稿）", "四年级1班 · 2026-11-19 创建",
		"已发布", "期中家长会通知", "三年级 · 2026-11-20 发布 · 截止 2026-11-25", "已确认 1/3"} {
		if !containsText(texts, want) {
			t.Errorf("the list does not show %q; it shows %q", want, texts)
		}
	}

	s.list.Select(0)
	if s.compose == nil || s.compose.title.Text != "春游安排（草稿）" {
		t.Fatal("clicking a draft does not open it in the compose view")
	}
	if got := s.compose.picker.Selected(); !slices.Equal(got, []int64{20}) {
		t.Errorf("the draft's classes ticked = %v, want [20]", got)
	}
	s.back()
	s.list.Select(1)
	if s.detail == nil || s.detail.id != 7 {
		t.Fatal("clicking a published notice does not open its receipts")
	}
}

func TestNoticeSlipBox(t *testing.T) {
	f := newNoticeFakes()
	d, w := openNotice(t, f)
	if got := w.Canvas().Focused(); got != d.slipEntry {
		t.Errorf("the slip box does not have the focus when the notice opens (focused %T)", got)
	}

	receipts := func(acked, read, unread []float64) app.Chart {
		return app.Chart{Kind: app.ChartBars, Stacked: true, Labels: []string{"三年级1班", "三年级2班"},
			Series: []app.ChartSeries{{Name: "已确认", Values: acked}, {Name: "已读", Values: read}, {Name: "未读", Values: unread}}}
	}
	checkChart(t, d.byClass.chart, receipts([]float64{1, 0}, []float64{0, 0}, []float64{1, 1}))

	test.Type(d.slipEntry, "k7m-q2xc")
	d.slipEntry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})

	if want := []string{"7 k7m-q2xc"}; !slices.Equal(f.slips, want) {
		t.Fatalf("RecordSlip calls = %q, want %q", f.slips, want)
	}
	if !d.slipOK.Visible() || d.slipOK.Text != "三年级1班 张三 已确认" {
		t.Errorf("success line = %q (visible %v), want 三年级1班 张三 已确认", d.slipOK.Text, d.slipOK.Visible())
	}
	if d.slipErr.Visible() {
		t.Errorf("an error line is shown after a good slip: %q", d.slipErr.Text)
	}
	if d.slipEntry.Text != "" {
		t.Errorf("the slip box holds %q after a good slip, want it empty", d.slipEntry.Text)
	}
	if w.Canvas().Focused() != d.slipEntry {
		t.Error("the slip box lost the focus after a good slip")
	}
	if got := d.slipCount.Text; got != "本次已录入 1 张" {
		t.Errorf("count = %q, want 本次已录入 1 张", got)
	}
	if got, _ := tableCellText(d.table, 0, rcolState); got != "已确认" {
		t.Errorf("张三's state in the table = %q, want 已确认", got)
	}
	if got := d.progress.bar.TextFormatter(); got != "已确认 2/3" {
		t.Errorf("notice progress = %q, want 已确认 2/3", got)
	}
	checkChart(t, d.byClass.chart, receipts([]float64{2, 0}, []float64{0, 0}, []float64{0, 1}))

	tests := []struct {
		name  string
		typed string
		want  string
	}{
		{"mistyped", "K7M-Q2XD", i18n.T("slip.error.check", "K7MQ2XD")},
		{"too short", "K7M", i18n.T("slip.error.length", "K7M", app.SlipCodeLength)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// typed into the empty box, then over the selected mistake
			test.Type(d.slipEntry, tt.typed)
			d.slipEntry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
			if !d.slipErr.Visible() || d.slipErr.Text != tt.want {
				t.Errorf("error line = %q (visible %v), want %q", d.slipErr.Text, d.slipErr.Visible(), tt.want)
			}
			if d.slipOK.Visible() {
				t.Error("the success line stays next to an error")
			}
			if d.slipEntry.Text != tt.typed || d.slipEntry.SelectedText() != tt.typed {
				t.Errorf("slip box = %q, selected %q; want %q kept and selected for retyping", d.slipEntry.Text, d.slipEntry.SelectedText(), tt.typed)
			}
			if w.Canvas().Focused() != d.slipEntry {
				t.Error("the slip box lost the focus after an error")
			}
			if top := w.Canvas().Overlays().Top(); top != nil {
				t.Errorf("an error opened a dialog: %q", topDialogTexts(w))
			}
		})
	}
	if got := d.slipCount.Text; got != "本次已录入 1 张" {
		t.Errorf("count after errors = %q, want still 本次已录入 1 张", got)
	}
}

func TestNoticeRevokedHidesRecording(t *testing.T) {
	f := newNoticeFakes()
	f.notice.State = app.NoticeStateRevoked
	f.notice.RevokedAt = time.Date(2026, 11, 21, 10, 0, 0, 0, time.Local)
	d, w := openNotice(t, f)
	if d.slipEntry != nil {
		t.Error("a revoked notice shows the slip box")
	}
	texts := objectTexts(w.Content())
	if want := i18n.T("notices.detail.revoked", "2026-11-21"); !containsText(texts, want) {
		t.Errorf("no revoked banner %q; the screen shows %q", want, texts)
	}
	for _, gone := range []string{"录入回执条", "导入回执", "撤回", "打印通知和回执条"} {
		if slices.Contains(texts, gone) {
			t.Errorf("a revoked notice still offers %q", gone)
		}
	}
	d.table.Select(widget.TableCellID{Row: 0, Col: 0})
	if got := topDialogTexts(w); containsText(got, "电话确认") {
		t.Errorf("a revoked notice's receipt offers marks: %q", got)
	}
}

func TestNoticeReceiptMark(t *testing.T) {
	tests := []struct {
		button string
		want   app.ReceiptMark
	}{
		{"电话确认", app.ReceiptMark{ReceiptID: 103, State: app.ReceiptAcked, Channel: app.ChannelPhone}},
		{"当面确认", app.ReceiptMark{ReceiptID: 103, State: app.ReceiptAcked, Channel: app.ChannelInPerson}},
		{"标记已读", app.ReceiptMark{ReceiptID: 103, State: app.ReceiptRead, Channel: app.ChannelInPerson}},
	}
	for _, tt := range tests {
		t.Run(tt.button, func(t *testing.T) {
			f := newNoticeFakes()
			d, w := openNotice(t, f)
			d.table.Select(widget.TableCellID{Row: 2, Col: 1}) // 王五
			top := w.Canvas().Overlays().Top()
			if top == nil {
				t.Fatal("clicking a receipt shows nothing")
			}
			if got := objectTexts(top); !containsText(got, "三年级2班 王五") {
				t.Errorf("the receipt dialog shows %q, want 王五", got)
			}
			test.Tap(buttonWithText(t, top, tt.button))
			if !slices.Equal(f.marks, []app.ReceiptMark{tt.want}) {
				t.Errorf("MarkReceipts got %+v, want %+v", f.marks, tt.want)
			}
		})
	}

	t.Run("an acknowledged receipt offers no marks", func(t *testing.T) {
		d, w := openNotice(t, newNoticeFakes())
		d.table.Select(widget.TableCellID{Row: 1, Col: 1}) // 李四
		if got := topDialogTexts(w); containsText(got, "电话确认") || !containsText(got, "已确认") {
			t.Errorf("the dialog of an acknowledged receipt shows %q", got)
		}
	})
}

func TestNoticeFilterAndExports(t *testing.T) {
	f := newNoticeFakes()
	d, w := openNotice(t, f)
	d.filter.SetSelected("未确认")
	var names []string
	for i := range d.visible {
		n, _ := tableCellText(d.table, i, rcolName)
		names = append(names, n)
	}
	if want := []string{"张三", "王五"}; !slices.Equal(names, want) {
		t.Errorf("未确认 shows %q, want %q", names, want)
	}

	d.writeCallList("/tmp/calls.xlsx")
	var called []string
	for _, r := range f.callList {
		called = append(called, r.StudentName)
	}
	if want := []string{"张三", "王五"}; !slices.Equal(called, want) {
		t.Errorf("call list = %q, want the unacknowledged %q", called, want)
	}
	if got := topDialogTexts(w); !containsText(got, "已保存到 /tmp/calls.xlsx") {
		t.Errorf("after the export the window shows %q", got)
	}
}

func TestNoticeImportReceipts(t *testing.T) {
	f := newNoticeFakes()
	d, w := openNotice(t, f)
	d.importFile("/tmp/receipts.xlsx")
	if !slices.Equal(f.imports, []bool{true}) {
		t.Fatalf("ImportReceipts dryRun calls = %v, want one dry run before asking", f.imports)
	}
	top := w.Canvas().Overlays().Top()
	if got := objectTexts(top); !containsText(got, i18n.T("notices.import.summary", 1, 0)) {
		t.Fatalf("the preview shows %q", got)
	}
	test.Tap(buttonWithText(t, top, "导入"))
	if !slices.Equal(f.imports, []bool{true, false}) {
		t.Errorf("ImportReceipts dryRun calls = %v, want a dry run then the import", f.imports)
	}

	t.Run("problems: nothing to confirm", func(t *testing.T) {
		f := newNoticeFakes()
		f.svc.ImportReceiptsFn = func(_ context.Context, _ int64, _ []app.ReceiptSheetRow, dryRun bool) (*app.ReceiptImport, error) {
			f.imports = append(f.imports, dryRun)
			return &app.ReceiptImport{Problems: []app.RowProblem{{Line: 2, Reason: app.Errorf(app.ENOTFOUND, "slip.error.empty")}}}, nil
		}
		d, w := openNotice(t, f)
		d.importFile("/tmp/receipts.xlsx")
		got := topDialogTexts(w)
		if !containsText(got, i18n.T("notices.import.problems", 1)) || !containsText(got, i18n.T("slip.error.empty")) {
			t.Errorf("the preview with a problem shows %q", got)
		}
		if slices.Contains(got, "导入") {
			t.Error("a sheet with problems can still be imported")
		}
		if !slices.Equal(f.imports, []bool{true}) {
			t.Errorf("ImportReceipts calls = %v, want only the dry run", f.imports)
		}
	})
}

func TestNoticeCompose(t *testing.T) {
	teacher := &app.Account{ID: 2, Username: "liu", Role: app.RoleTeacher, ClassIDs: []int64{11, 20}}
	tests := []struct {
		name    string
		acc     *app.Account
		tick    func(c *noticeCompose)
		want    app.Target
		offered []int64 // the classes the picker offers
	}{
		{
			name: "admin: a whole grade is sent as the grade, other classes by id",
			tick: func(c *noticeCompose) {
				test.Tap(c.picker.grades[0].all)       // 三年级
				test.Tap(c.picker.grades[1].checks[0]) // 四年级1班
			},
			want:    app.Target{Grades: []int{3}, ClassIDs: []int64{20}},
			offered: []int64{10, 11, 20, 21},
		},
		{
			name: "admin: part of a grade is classes",
			tick: func(c *noticeCompose) {
				test.Tap(c.picker.grades[0].checks[1]) // 三年级2班
				test.Tap(c.staff)
			},
			want:    app.Target{ClassIDs: []int64{11}, Staff: true},
			offered: []int64{10, 11, 20, 21},
		},
		{
			name:    "admin: the whole school",
			tick:    func(c *noticeCompose) { test.Tap(c.school) },
			want:    app.Target{School: true},
			offered: []int64{10, 11, 20, 21},
		},
		{
			name: "teacher: own classes only, always by id",
			acc:  teacher,
			tick: func(c *noticeCompose) {
				for _, g := range c.picker.grades {
					test.Tap(g.all)
				}
			},
			want:    app.Target{ClassIDs: []int64{11, 20}},
			offered: []int64{11, 20},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newNoticeFakes()
			s, w := newTestNotices(t, f, tt.acc)
			s.Compose()
			c := s.compose
			if tt.acc != nil && (c.school != nil || c.staff != nil) {
				t.Error("a teacher is offered 全校/教职工")
			}
			if texts := objectTexts(c.content); tt.acc != nil && (slices.Contains(texts, "全校") || slices.Contains(texts, "教职工")) {
				t.Errorf("a teacher's compose view shows 全校/教职工: %q", texts)
			}
			var offered []int64
			for _, g := range c.picker.grades {
				for _, cl := range g.classes {
					offered = append(offered, cl.ID)
				}
			}
			if !slices.Equal(offered, tt.offered) {
				t.Errorf("classes offered = %v, want %v", offered, tt.offered)
			}

			test.Type(c.title, "期末考试安排")
			test.Type(c.body, "考试时间见附件。")
			c.deadline.SetText("2026/11/25")
			tt.tick(c)
			test.Tap(c.publishB)
			top := w.Canvas().Overlays().Top()
			if top == nil {
				t.Fatalf("发布 asks nothing; error line %q", c.errLabel.Text)
			}
			test.Tap(buttonWithText(t, top, "发布"))

			if len(f.drafts) != 1 {
				t.Fatalf("SaveDraft calls = %d, want 1", len(f.drafts))
			}
			got := f.drafts[0]
			if got.Target.String() != tt.want.String() {
				t.Errorf("target = %s, want %s", got.Target, tt.want)
			}
			if got.Title != "期末考试安排" || got.Body != "考试时间见附件。" || !got.RequiresAck ||
				!got.Deadline.Equal(time.Date(2026, 11, 25, 0, 0, 0, 0, time.Local)) {
				t.Errorf("draft = %+v", got)
			}
			if !slices.Equal(f.publish, []int64{7}) {
				t.Errorf("Publish calls = %v, want [7]", f.publish)
			}
			if s.detail == nil || s.detail.id != 7 {
				t.Error("the published notice is not opened")
			}
		})
	}
}

func TestNoticeComposeErrors(t *testing.T) {
	tests := []struct {
		name  string
		fill  func(c *noticeCompose)
		press func(c *noticeCompose)
		want  string
	}{
		{"no title", func(*noticeCompose) {}, func(c *noticeCompose) { test.Tap(c.saveB) }, i18n.T("notice.error.title_required")},
		{"bad deadline", func(c *noticeCompose) { c.title.SetText("通知"); c.deadline.SetText("下周五") },
			func(c *noticeCompose) { test.Tap(c.saveB) }, i18n.T("date.error.invalid", "下周五")},
		{"publish without a target", func(c *noticeCompose) { c.title.SetText("通知") },
			func(c *noticeCompose) { test.Tap(c.publishB) }, i18n.T("target.error.empty")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newNoticeFakes()
			s, w := newTestNotices(t, f, nil)
			s.Compose()
			tt.fill(s.compose)
			tt.press(s.compose)
			if got := s.compose.errLabel; !got.Visible() || got.Text != tt.want {
				t.Errorf("error = %q (visible %v), want %q", got.Text, got.Visible(), tt.want)
			}
			if len(f.drafts) != 0 || w.Canvas().Overlays().Top() != nil {
				t.Errorf("a bad notice was saved (%d) or asked about", len(f.drafts))
			}
		})
	}

	t.Run("save draft, then save again replaces it", func(t *testing.T) {
		f := newNoticeFakes()
		s, _ := newTestNotices(t, f, nil)
		s.Compose()
		c := s.compose
		c.title.SetText("草稿一")
		test.Tap(c.saveB)
		test.Tap(c.saveB)
		if len(f.drafts) != 2 || f.drafts[0].ID != 0 || f.drafts[1].ID != 7 {
			t.Errorf("draft ids saved = %+v, want 0 then 7", f.drafts)
		}
		if !c.status.Visible() || c.status.Text != "草稿“草稿一”已保存。" {
			t.Errorf("status = %q", c.status.Text)
		}
	})
}
