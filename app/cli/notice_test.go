package cli

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

func TestEveryCommandHasHelpInEveryLanguage(t *testing.T) {
	for _, c := range commands() {
		for _, lang := range i18n.Languages {
			if !i18n.Has(lang, c.help) {
				t.Errorf("%s: help key %q missing from %s", c.name, c.help, lang)
			}
		}
		if !strings.HasPrefix(c.usage, "jxj "+c.name) {
			t.Errorf("%s: usage %q does not start with the command", c.name, c.usage)
		}
	}
}

// Wrong invocations exit 2 with the reason and the usage line, before the
// data folder is opened (the services here are nil: any call panics).
func TestWorkbenchUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"publish without --to", []string{"notice", "publish", "--data", "d", "--title", "通知"}, "缺少 --to"},
		{"publish without --title", []string{"notice", "publish", "--data", "d", "--to", "school"}, "缺少 --title"},
		{"publish to grade 13", []string{"notice", "publish", "--data", "d", "--title", "通知", "--to", "grade:13"}, "年级“13”不对"},
		{"publish to nobody known", []string{"notice", "publish", "--data", "d", "--title", "通知", "--to", "everyone"}, "看不懂发送对象“everyone”"},
		{"publish with a bad deadline", []string{"notice", "publish", "--data", "d", "--title", "通知", "--to", "school", "--deadline", "下周五"}, "日期“下周五”看不懂"},
		{"publish with an argument", []string{"notice", "publish", "--data", "d", "--title", "通知", "--to", "school", "extra"}, "需要 0 个参数"},
		{"status without id", []string{"notice", "status", "--data", "d"}, "需要 1 个参数"},
		{"status of a name", []string{"notice", "status", "--data", "d", "期末通知"}, "“期末通知”不是通知编号"},
		{"status of id 0", []string{"notice", "status", "--data", "d", "0"}, "“0”不是通知编号"},
		{"ack without --code", []string{"notice", "ack", "--data", "d"}, "缺少 --code"},
		{"ack with the code as an argument", []string{"notice", "ack", "--data", "d", "K7MQ2XP"}, "需要 0 个参数"},
		{"codes with the flag last", []string{"notice", "codes", "--data", "d", "3", "--out", "x.xlsx"}, "需要 1 个参数"},
		{"print without --out", []string{"print", "notice", "--data", "d", "3"}, "请用 --out 指定"},
		{"print of a bad id", []string{"print", "notice", "--data", "d", "--out", "x.pdf", "x"}, "“x”不是通知编号"},
		{"form export without file", []string{"form", "export", "--data", "d", "3"}, "需要 2 个参数"},
		{"form export of a bad id", []string{"form", "export", "--data", "d", "三", "x.xlsx"}, "“三”不是表单编号"},
		{"form list with an argument", []string{"form", "list", "--data", "d", "3"}, "需要 0 个参数"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runWith(t, app.Services{}, "", tt.args...)
			if code != ExitUsage || !strings.Contains(errOut, tt.want) || !strings.Contains(errOut, "用法：jxj "+tt.args[0]+" "+tt.args[1]) {
				t.Errorf("exit %d, stderr %q; want exit 2, %q and the usage line", code, errOut, tt.want)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
		})
	}
}

var demoOrg = &mock.OrgService{SchoolFn: func(context.Context) (*app.Org, error) {
	return &app.Org{ID: 1, Name: "城关小学"}, nil
}}

func TestNoticePublishPrintsOnlyTheID(t *testing.T) {
	var got app.NoticeDraft
	svc := app.Services{Org: demoOrg, Notices: &mock.NoticeService{
		SaveDraftFn: func(_ context.Context, d app.NoticeDraft) (*app.Notice, error) {
			got = d
			return &app.Notice{ID: 42, Title: d.Title, State: app.NoticeStateDraft}, nil
		},
		PublishFn: func(_ context.Context, id int64) (*app.Notice, error) {
			if id != 42 {
				t.Errorf("published %d, want the draft 42", id)
			}
			return &app.Notice{ID: 42, Title: got.Title, RequiresAck: true, State: app.NoticeStatePublished,
				Counts: app.ReceiptCounts{Total: 180, Unread: 180}}, nil
		},
	}}
	code, out, errOut := runWith(t, svc, "", "notice", "publish", "--data", "d", "--title", "期末家长会通知",
		"--body", "请家长准时参加。", "--to", "grade:1,class:14", "--ack", "--deadline", "2026年12月1日",
		"--attach", "议程.docx", "--attach", "地图.jpg")
	if code != ExitOK || out != "42\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 0 and just the id", code, out, errOut)
	}
	if !strings.Contains(errOut, "已发布通知“期末家长会通知”（编号 42），共 180 份回执，等待家长确认") {
		t.Errorf("stderr %q lacks the summary", errOut)
	}
	want := app.NoticeDraft{Title: "期末家长会通知", Body: "请家长准时参加。",
		Target: app.Target{Grades: []int{1}, ClassIDs: []int64{14}}, RequiresAck: true,
		Deadline: time.Date(2026, 12, 1, 0, 0, 0, 0, time.Local), AddFiles: []string{"议程.docx", "地图.jpg"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("draft = %+v\nwant    %+v", got, want)
	}
}

func TestNoticePublishFailureSaysTheDraftIsKept(t *testing.T) {
	svc := app.Services{Org: demoOrg, Notices: &mock.NoticeService{
		SaveDraftFn: func(context.Context, app.NoticeDraft) (*app.Notice, error) {
			return &app.Notice{ID: 7}, nil
		},
		PublishFn: func(context.Context, int64) (*app.Notice, error) {
			return nil, app.Errorf(app.EFORBIDDEN, "target.error.own_classes_only")
		},
	}}
	code, out, errOut := runWith(t, svc, "", "notice", "publish", "--data", "d", "--title", "通知", "--to", "school")
	if code != ExitFailed || out != "" {
		t.Fatalf("exit %d, stdout %q; want 1 and no id", code, out)
	}
	for _, want := range []string{"草稿（编号 7）", "教师只能发给自己任教的班级"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr %q lacks %q", errOut, want)
		}
	}
}

func TestNoticeListAlignsChineseColumns(t *testing.T) {
	day := time.Date(2026, 11, 20, 9, 30, 0, 0, time.Local)
	svc := app.Services{Notices: &mock.NoticeService{NoticesFn: func(context.Context) ([]*app.Notice, error) {
		return []*app.Notice{
			{ID: 12, Title: "期末家长会通知", State: app.NoticeStatePublished, RequiresAck: true, PublishedAt: day,
				Counts: app.ReceiptCounts{Total: 540, Acked: 38}},
			{ID: 9, Title: "Sports day", State: app.NoticeStateDraft, RequiresAck: true},
			{ID: 3, Title: "放假安排", State: app.NoticeStateRevoked, PublishedAt: day.AddDate(0, -1, 0)},
		}, nil
	}}}
	code, out, errOut := runWith(t, svc, "", "notice", "list", "--data", "d")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	want := [][]string{
		{"编号", "状态", "发布日期", "已确认", "标题"},
		{"12", "已发布", "2026-11-20", "38/540", "期末家长会通知"},
		{"9", "草稿", "-", "-", "Sports day"},
		{"3", "已撤回", "2026-10-20", "-", "放假安排"},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), out)
	}
	// every column starts at the same terminal column on every line
	starts := make([]int, len(want[0]))
	for i, line := range lines {
		at := 0
		for j, cell := range want[i] {
			k := strings.Index(line[at:], cell)
			if k < 0 {
				t.Fatalf("line %q lacks %q", line, cell)
			}
			col := displayWidth(line[:at+k])
			if i == 0 {
				starts[j] = col
			} else if col != starts[j] {
				t.Errorf("line %d: %q starts at column %d, the header's at %d:\n%s", i, cell, col, starts[j], out)
			}
			at += k + len(cell)
		}
		if strings.HasSuffix(line, " ") {
			t.Errorf("line %q ends in spaces", line)
		}
	}
}

func TestDisplayWidth(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"", 0},
		{"38/540", 6},
		{"已确认", 6},
		{"一年级1班", 9},
		{"（编号）", 8},
	}
	for _, tt := range tests {
		if got := displayWidth(tt.s); got != tt.want {
			t.Errorf("displayWidth(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

func TestNoticeStatusCountsByClass(t *testing.T) {
	svc := app.Services{Notices: &mock.NoticeService{NoticeStatusFn: func(_ context.Context, id int64) (*app.NoticeStatus, error) {
		if id != 12 {
			return nil, app.Errorf(app.ENOTFOUND, "cli.notice.error.id", id)
		}
		return &app.NoticeStatus{
			Notice: &app.Notice{ID: 12, Title: "期末家长会通知", State: app.NoticeStatePublished, RequiresAck: true,
				Deadline: time.Date(2026, 12, 1, 0, 0, 0, 0, time.Local)},
			Classes: []app.ClassProgress{
				{ClassID: 1, ClassLabel: "一年级1班", Counts: app.ReceiptCounts{Total: 45, Unread: 30, Read: 5, Acked: 10}},
				{ClassID: 2, ClassLabel: "一年级2班", Counts: app.ReceiptCounts{Total: 44, Unread: 44}},
				{ClassID: 0, ClassLabel: "教职工", Counts: app.ReceiptCounts{Total: 3, Acked: 3}},
			},
		}, nil
	}}}
	code, out, errOut := runWith(t, svc, "", "notice", "status", "--data", "d", "12")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "通知“期末家长会通知”（编号 12）：已发布\n需要家长在 2026-12-01 前确认。\n"; !strings.HasPrefix(out, want) {
		t.Errorf("output does not start with %q:\n%s", want, out)
	}
	for _, want := range [][]string{
		{"班级", "未读", "已读", "已确认", "合计"},
		{"一年级1班", "30", "5", "10", "45"},
		{"一年级2班", "44", "0", "0", "44"},
		{"教职工", "0", "0", "3", "3"},
		{"全部", "74", "5", "13", "92"},
	} {
		if !hasLine(out, want...) {
			t.Errorf("output lacks a line %q:\n%s", want, out)
		}
	}
	code, _, errOut = runWith(t, svc, "", "notice", "status", "--data", "d", "13")
	if code != ExitFailed || errOut == "" {
		t.Errorf("unknown notice: exit %d, stderr %q; want 1 with a message", code, errOut)
	}
}

// hasLine reports whether out has a line whose fields are cells.
func hasLine(out string, cells ...string) bool {
	for line := range strings.Lines(out) {
		if reflect.DeepEqual(strings.Fields(line), cells) {
			return true
		}
	}
	return false
}

func TestNoticeAck(t *testing.T) {
	tests := []struct {
		name    string
		receipt *app.Receipt
		err     error
		code    int
		stdout  string
		stderr  string
	}{
		{"family", &app.Receipt{NoticeID: 12, StudentName: "张三", ClassLabel: "一年级1班"}, nil,
			ExitOK, "已确认：一年级1班 张三（通知编号 12）。\n", ""},
		{"staff", &app.Receipt{NoticeID: 12, StaffID: 4, StaffName: "李老师", ClassLabel: "教职工"}, nil,
			ExitOK, "已确认：教职工 李老师（通知编号 12）。\n", ""},
		{"mistyped", nil, app.Errorf(app.EINVALID, "slip.error.check", "K7MQ2XQ"),
			ExitFailed, "", "错误：回执码“K7MQ2XQ”有输错的地方"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotNotice int64 = -1
			var gotCode string
			svc := app.Services{Notices: &mock.NoticeService{RecordSlipFn: func(_ context.Context, id int64, code string) (*app.Receipt, error) {
				gotNotice, gotCode = id, code
				return tt.receipt, tt.err
			}}}
			code, out, errOut := runWith(t, svc, "", "notice", "ack", "--data", "d", "--code", "k7m-q2xq")
			if code != tt.code || out != tt.stdout || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, out, errOut, tt.code, tt.stdout, tt.stderr)
			}
			if gotNotice != 0 || gotCode != "k7m-q2xq" {
				t.Errorf("RecordSlip(%d, %q), want (0, the code as typed)", gotNotice, gotCode)
			}
		})
	}
}

// noticeServices fakes a published notice 12 with two receipts, and the
// sheet writer and printer that record what they were given.
func noticeServices(state app.NoticeState) (app.Services, *app.NoticePrint, *[]app.Receipt) {
	n := &app.Notice{ID: 12, Title: "期末家长会通知", State: state}
	receipts := []app.Receipt{
		{NoticeID: 12, Code: "K7MQ2XP", StudentName: "张三", StudentNo: "2026001", ClassID: 1, ClassLabel: "一年级1班"},
		{NoticeID: 12, Code: "ABCDEFG", StaffID: 4, StaffName: "李老师", ClassLabel: "教职工"},
	}
	printed := &app.NoticePrint{}
	written := &[]app.Receipt{}
	return app.Services{
		Org: demoOrg,
		Notices: &mock.NoticeService{
			NoticeStatusFn: func(context.Context, int64) (*app.NoticeStatus, error) {
				return &app.NoticeStatus{Notice: n}, nil
			},
			ReceiptsFn: func(_ context.Context, id int64) ([]app.Receipt, error) { return receipts, nil },
		},
		Sheets: &mock.SheetService{WriteSlipCodesFn: func(path string, got *app.Notice, rs []app.Receipt) error {
			if path != "codes.xlsx" || got != n {
				return app.Errorf(app.EINVALID, "cli.notice.error.id", path)
			}
			*written = rs
			return nil
		}},
		Printer: &mock.PrintService{PrintNoticeFn: func(path string, p app.NoticePrint) error {
			if path != "notice.pdf" {
				return app.Errorf(app.EINVALID, "cli.notice.error.id", path)
			}
			*printed = p
			return nil
		}},
	}, printed, written
}

func TestNoticeCodes(t *testing.T) {
	svc, _, written := noticeServices(app.NoticeStatePublished)
	code, out, errOut := runWith(t, svc, "", "notice", "codes", "--data", "d", "12")
	want := "班级\t学号\t学生\t回执码\n" +
		"一年级1班\t2026001\t张三\tK7M-Q2XP\n" +
		"教职工\t\t李老师\tABC-DEFG\n"
	if code != ExitOK || out != want {
		t.Fatalf("exit %d (%s), stdout\n%s\nwant\n%s", code, errOut, out, want)
	}

	code, out, errOut = runWith(t, svc, "", "notice", "codes", "--data", "d", "--out", "codes.xlsx", "12")
	if code != ExitOK || out != "已把 2 个回执码保存到 codes.xlsx。\n" || len(*written) != 2 {
		t.Errorf("--out: exit %d, stdout %q, stderr %q, %d receipts written; want 0, the summary, 2", code, out, errOut, len(*written))
	}
}

// A draft has no codes to list or slips to print, and a revoked notice's
// slips must not go out.
func TestNoticeCodesAndPrintNeedAPublishedNotice(t *testing.T) {
	tests := []struct {
		state app.NoticeState
		want  string
	}{
		{app.NoticeStateDraft, "还是草稿"},
		{app.NoticeStateRevoked, "已撤回"},
	}
	for _, tt := range tests {
		svc, _, _ := noticeServices(tt.state)
		for _, args := range [][]string{
			{"notice", "codes", "--data", "d", "12"},
			{"print", "notice", "--data", "d", "--out", "notice.pdf", "12"},
		} {
			code, out, errOut := runWith(t, svc, "", args...)
			if code != ExitFailed || out != "" || !strings.Contains(errOut, tt.want) {
				t.Errorf("%s %s of a %s notice: exit %d, stdout %q, stderr %q; want 1 and %q", args[0], args[1], tt.state, code, out, errOut, tt.want)
			}
		}
	}
}

func TestPrintNotice(t *testing.T) {
	svc, printed, _ := noticeServices(app.NoticeStatePublished)
	code, out, errOut := runWith(t, svc, "", "print", "notice", "--data", "d", "--out", "notice.pdf", "12")
	if code != ExitOK || out != "已生成 notice.pdf：通知和 2 张回执条。\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if printed.School != "城关小学" || printed.Notice == nil || printed.Notice.ID != 12 || len(printed.Receipts) != 2 {
		t.Errorf("printed %+v; want the school's name, notice 12 and both receipts", printed)
	}
}
