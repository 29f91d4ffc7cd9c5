package app_test

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

// Every file of personal data the sheets and the printer write gets its
// audit row, as the account acting at the time; the empty roster template
// does not; an export whose row cannot be written leaves no file.
func TestWithExportAudit(t *testing.T) {
	dir := t.TempDir()
	touch := func(path string) error { return os.WriteFile(path, []byte("x"), 0o600) }
	sheets := &mock.SheetService{
		WriteRosterTemplateFn: touch,
		WriteDirectoryFn:      func(p string, _ []app.DirectoryEntry) error { return touch(p) },
		WriteSlipCodesFn:      func(p string, _ *app.Notice, _ []app.Receipt) error { return touch(p) },
		WriteCallListFn:       func(p string, _ *app.Notice, _ []app.Receipt) error { return touch(p) },
		WriteHomeworkFn:       func(p string, _ *app.Homework, _ []app.HomeworkEntry) error { return touch(p) },
		WriteAnswerTemplateFn: func(p string, _ *app.FormSheet) error { return touch(p) },
		WriteFormAnswersFn:    func(p string, _ *app.FormSheet, _ *app.FormTotals) error { return touch(p) },
		WriteMonthSheetFn:     func(p string, _ *app.MonthSheet) error { return touch(p) },
		WriteScoreTemplateFn:  func(p string, _ *app.ExamSheet) error { return touch(p) },
		WriteExamResultsFn:    func(p string, _ *app.ExamSheet, _ *app.ExamStats) error { return touch(p) },
		WriteAuditRecordsFn:   func(p string, _ []*app.AuditEntry) error { return touch(p) },
	}
	printer := &mock.PrintService{
		PrintNoticeFn:      func(p string, _ app.NoticePrint) error { return touch(p) },
		PrintResultSlipsFn: func(p string, _ app.ResultSlips) error { return touch(p) },
	}
	var got []app.Export
	var actors []string
	var auditErr error
	audit := &mock.AuditService{RecordExportFn: func(ctx context.Context, e app.Export) error {
		if auditErr != nil {
			return auditErr
		}
		got = append(got, e)
		actors = append(actors, app.AccountFromContext(ctx).Username)
		return nil
	}}
	acting := &app.Account{Username: "liu", Role: app.RoleTeacher}
	svc := app.Services{Sheets: sheets, Printer: printer, Audit: audit}.
		WithExportAudit(func() context.Context { return app.NewContextWithAccount(context.Background(), acting) })

	two := []app.Receipt{{}, {}}
	students := []app.ExamStudent{{}, {}, {}}
	exam := &app.ExamSheet{Students: students}
	form := &app.FormSheet{Students: []app.FormStudent{{}}, Answers: []app.Answer{{}, {}}}
	tests := []struct {
		what  string
		rows  int
		write func(path string) error
	}{
		{"directory", 4, func(p string) error { return svc.Sheets.WriteDirectory(p, make([]app.DirectoryEntry, 4)) }},
		{"slip_codes", 2, func(p string) error { return svc.Sheets.WriteSlipCodes(p, &app.Notice{}, two) }},
		{"call_list", 2, func(p string) error { return svc.Sheets.WriteCallList(p, &app.Notice{}, two) }},
		{"homework", 1, func(p string) error {
			return svc.Sheets.WriteHomework(p, &app.Homework{}, make([]app.HomeworkEntry, 1))
		}},
		{"answer_sheet", 1, func(p string) error { return svc.Sheets.WriteAnswerTemplate(p, form) }},
		{"answers", 2, func(p string) error { return svc.Sheets.WriteFormAnswers(p, form, nil) }},
		{"month_sheet", 5, func(p string) error {
			return svc.Sheets.WriteMonthSheet(p, &app.MonthSheet{Students: make([]app.MonthRow, 5)})
		}},
		{"score_sheet", 3, func(p string) error { return svc.Sheets.WriteScoreTemplate(p, exam) }},
		{"results", 3, func(p string) error { return svc.Sheets.WriteExamResults(p, exam, nil) }},
		{"notice_slips", 2, func(p string) error { return svc.Printer.PrintNotice(p, app.NoticePrint{Receipts: two}) }},
		{"result_slips", 3, func(p string) error { return svc.Printer.PrintResultSlips(p, app.ResultSlips{Sheet: exam}) }},
		{"audit_records", 2, func(p string) error { return svc.Sheets.WriteAuditRecords(p, make([]*app.AuditEntry, 2)) }},
	}
	for _, tt := range tests {
		got = nil
		path := filepath.Join(dir, tt.what)
		if err := tt.write(path); err != nil {
			t.Fatalf("%s: %v", tt.what, err)
		}
		want := app.Export{What: tt.what, Rows: tt.rows, Path: path}
		if len(got) != 1 || got[0] != want {
			t.Errorf("%s recorded %+v; want %+v", tt.what, got, want)
		}
		for _, lang := range i18n.Languages {
			if !i18n.Has(lang, "audit.export."+tt.what) {
				t.Errorf("the records cannot name the export %s in %s", tt.what, lang)
			}
		}
	}
	if len(actors) != len(tests) || actors[0] != "liu" {
		t.Errorf("actors = %v; want liu for each export", actors)
	}

	got = nil
	if err := svc.Sheets.WriteRosterTemplate(filepath.Join(dir, "template.xlsx")); err != nil || len(got) != 0 {
		t.Errorf("the roster template: %v, recorded %+v; want written and not recorded", err, got)
	}

	auditErr = app.Errorf(app.EINTERNAL, "error.storage")
	lost := filepath.Join(dir, "lost.xlsx")
	if err := svc.Sheets.WriteDirectory(lost, nil); !errors.Is(err, auditErr) {
		t.Errorf("export without its audit row: err = %v; want the audit error", err)
	}
	if _, err := os.Stat(lost); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the file of an export without its audit row is still there (%v)", err)
	}

	auditErr = nil
	failed := app.Errorf(app.EINVALID, "error.internal")
	sheets.WriteDirectoryFn = func(string, []app.DirectoryEntry) error { return failed }
	got = nil
	if err := svc.Sheets.WriteDirectory(filepath.Join(dir, "failed"), nil); !errors.Is(err, failed) || len(got) != 0 {
		t.Errorf("a failed export: %v, recorded %+v; want the error and no row", err, got)
	}
}

// storageAuditActions lists the actions storage writes to the school's
// audit log: the action argument of every db.audit(ctx, tx, action,
// target, detail) in storage's source (the hub's own log, h.audit, takes
// an actor first and is not the school's). An action held in a variable
// is each string the function assigns to it or, for a parameter, each
// string its callers pass there.
func storageAuditActions(t *testing.T) map[string]bool {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "storage", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	literal := func(e ast.Expr) (string, bool) {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(lit.Value)
		return s, err == nil
	}
	// passedTo collects the strings callers of fn pass as its i-th argument.
	passedTo := func(fn string, i int) []string {
		var out []string
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) <= i {
					return true
				}
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == fn {
					if s, ok := literal(call.Args[i]); ok {
						out = append(out, s)
					}
				}
				return true
			})
		}
		return out
	}
	actions := make(map[string]bool)
	calls := 0
	for _, f := range files {
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "audit" || len(call.Args) != 5 {
					return true
				}
				calls++
				where := fset.Position(call.Pos())
				if s, ok := literal(call.Args[2]); ok {
					actions[s] = true
					return true
				}
				id, ok := call.Args[2].(*ast.Ident)
				if !ok {
					t.Errorf("%s: the action of this audit call is neither a string nor a variable", where)
					return true
				}
				var found []string
				i := 0
				for _, field := range fn.Type.Params.List {
					for _, name := range field.Names {
						if name.Name == id.Name {
							found = passedTo(fn.Name.Name, i)
						}
						i++
					}
				}
				ast.Inspect(fn.Body, func(n ast.Node) bool {
					as, ok := n.(*ast.AssignStmt)
					if !ok || len(as.Lhs) != len(as.Rhs) {
						return true
					}
					for j, lhs := range as.Lhs {
						if l, ok := lhs.(*ast.Ident); ok && l.Name == id.Name {
							if s, ok := literal(as.Rhs[j]); ok {
								found = append(found, s)
							}
						}
					}
					return true
				})
				if len(found) == 0 {
					t.Errorf("%s: no string found for the action %s", where, id.Name)
				}
				for _, s := range found {
					actions[s] = true
				}
				return true
			})
		}
	}
	if calls < 40 {
		t.Fatalf("found only %d audit calls in storage; is the search still right?", calls)
	}
	return actions
}

// Every action storage writes has a kind and a sentence in both
// languages, and every sentence is of an action storage writes.
func TestEveryAuditActionHasASentence(t *testing.T) {
	written := storageAuditActions(t)
	for _, want := range []string{"notice.create", "notice.update", "leave.approve", "leave.reject", "backup.create", "backup.auto", "org.setup_existing"} {
		if !written[want] {
			t.Errorf("the actions found in storage lack %s, which storage writes", want)
		}
	}
	known := app.AuditActions("")
	for action := range written {
		if !slices.Contains(known, action) {
			t.Errorf("storage writes the action %q, which has no sentence (app/audit_sentence.go)", action)
		}
		for _, lang := range i18n.Languages {
			if key := "audit.sentence." + action; !i18n.Has(lang, key) {
				t.Errorf("%s has no text for %s", lang, key)
			}
		}
	}
	for _, action := range known {
		if !written[action] {
			t.Errorf("%q has a sentence but storage never writes it", action)
		}
	}
	var kinds []app.AuditKind
	for _, k := range app.AuditKinds {
		if len(app.AuditActions(k)) == 0 {
			t.Errorf("the kind %s has no action", k)
		}
		kinds = append(kinds, k)
	}
	for _, action := range known {
		if k := (&app.AuditEntry{Action: action}).Kind(); !slices.Contains(kinds, k) {
			t.Errorf("%s is of the kind %q, which the filter does not offer", action, k)
		}
	}
}

// Each entry reads as a sentence in the user's language: who did what to
// what, with things called what they are called now, or what the entry
// stored when they are gone, or their id.
func TestAuditSentence(t *testing.T) {
	defer i18n.SetLanguage(i18n.Language())
	admin := app.AuditActor{Username: "admin", Name: "王校务", Role: app.RoleAdmin}
	teacher := app.AuditActor{Username: "liu", Role: app.RoleTeacher}
	tests := []struct {
		name   string
		e      app.AuditEntry
		zh, en string
	}{
		{"a notice published, named as it is now",
			app.AuditEntry{Who: admin, Action: "notice.publish", Target: "notice:3", Detail: "title=家长会 target=class:1 receipts=45",
				Names: map[string]string{"notice:3": "家长会通知", "class:1": "三年级2班"}},
			"王校务（管理员）发布了通知《家长会通知》，发给三年级2班（45 份回执）",
			"王校务 (Administrator) published the notice “家长会通知” to 三年级2班 (45 receipts)"},
		{"a notice and class gone: the stored title and the class's id",
			app.AuditEntry{Who: admin, Action: "notice.publish", Target: "notice:3", Detail: "title=家长会 两点开 target=grade:3,class:1 receipts=45"},
			"王校务（管理员）发布了通知《家长会 两点开》，发给三年级、班级 #1（45 份回执）",
			"王校务 (Administrator) published the notice “家长会 两点开” to Grade 3, class #1 (45 receipts)"},
		{"a leave approved without a note",
			app.AuditEntry{Who: teacher, Action: "leave.approve", Target: "leave:7", Detail: "state=approved note=", Names: map[string]string{"leave:7": "张小明"}},
			"liu（教师）批准了张小明的请假",
			"liu (Teacher) approved 张小明's leave"},
		{"a leave passed on with a note",
			app.AuditEntry{Who: teacher, Action: "leave.approve", Target: "leave:7", Detail: "state=pending_admin note=病假条已收", Names: map[string]string{"leave:7": "张小明"}},
			"liu（教师）批准了张小明的请假，转学校审批，备注：病假条已收",
			"liu (Teacher) approved 张小明's leave, passed on to the school; note: 病假条已收"},
		{"a leave whose student is gone",
			app.AuditEntry{Who: teacher, Action: "leave.cancel", Target: "leave:7"},
			"liu（教师）撤销了#7的请假",
			"liu (Teacher) cancelled #7's leave"},
		{"a homework deleted: its subject and day as stored",
			app.AuditEntry{Who: teacher, Action: "homework.delete", Target: "homework:4", Detail: "subject=数学; due=2025-09-03; uuid=0199"},
			"liu（教师）删除了作业 数学（2025-09-03 交）",
			"liu (Teacher) deleted the homework 数学 (due 2025-09-03)"},
		{"an export",
			app.AuditEntry{Who: teacher, Action: "data.export", Target: "export:call_list", Detail: "what=call_list rows=12 file=/home/liu/催交.xlsx"},
			"liu（教师）导出了电话催办名单（12 行），保存到 /home/liu/催交.xlsx",
			"liu (Teacher) exported a call list (12 rows) to /home/liu/催交.xlsx"},
		{"an account changed",
			app.AuditEntry{Who: admin, Action: "account.update", Target: "account:2", Detail: "username=liu role=principal staff=7 disabled=true",
				Names: map[string]string{"staff:7": "刘芳"}},
			"王校务（管理员）修改了账号 liu：角色改为校长，关联教职工刘芳，停用",
			"王校务 (Administrator) changed the account liu: role now Principal, linked to 刘芳, disabled"},
		{"the system's sync",
			app.AuditEntry{Actor: "system", Action: "sync.feed", Target: "hub", Detail: "records=3 cursor=40"},
			"本机（自动）从同步平台收到 3 条数据",
			"This PC (automatic) received 3 records from the hub"},
		{"the sync interval",
			app.AuditEntry{Who: admin, Action: "sync.interval", Target: "hub", Detail: "1h30m0s"},
			"王校务（管理员）把同步间隔改为 90 分钟",
			"王校务 (Administrator) set the sync interval to 90 minutes"},
		{"the setup of a demo school",
			app.AuditEntry{Actor: "setup:root@pc", Action: "org.setup", Target: "org:1", Detail: "name=城关小学 kind=primary demo"},
			"电脑用户 root@pc（学校设置时）创建了学校“城关小学”（小学，演示学校）",
			"PC user root@pc (school setup) set up the school “城关小学” (Primary school, demo school)"},
		{"a form for two classes",
			app.AuditEntry{Who: teacher, Action: "form.create", Target: "form:2", Detail: "kind=chain; title=寒假去向; classes=1,2; fields=3",
				Names: map[string]string{"class:1": "三年级1班", "class:2": "三年级2班"}},
			"liu（教师）发起了《寒假去向》（接龙），发给三年级1班、三年级2班",
			"liu (Teacher) started “寒假去向” (Sign-up chain) for 三年级1班, 三年级2班"},
		{"a slip code recorded",
			app.AuditEntry{Who: teacher, Action: "receipt.slip", Target: "notice:3", Detail: "receipt=0199-ab code=K7Q2",
				Names: map[string]string{"notice:3": "家长会", "receipt:0199-ab": "张小明"}},
			"liu（教师）凭回执条 K7Q2 登记了张小明对通知《家长会》的确认",
			"liu (Teacher) recorded 张小明's acknowledgement of “家长会” by slip K7Q2"},
		{"an action without a sentence",
			app.AuditEntry{Actor: "admin", Action: "test.change", Target: "settings:k", Detail: "x=1"},
			"admin：test.change settings:k x=1",
			"admin: test.change settings:k x=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, lang := range []struct{ lang, want string }{{i18n.Chinese, tt.zh}, {i18n.English, tt.en}} {
				i18n.SetLanguage(lang.lang)
				if got := tt.e.Sentence(); got != lang.want {
					t.Errorf("%s: Sentence() = %q; want %q", lang.lang, got, lang.want)
				}
			}
		})
	}
}

// Every action's sentence takes the arguments its action gives, in both
// languages, even from an entry with no detail.
func TestAuditSentencesFormat(t *testing.T) {
	defer i18n.SetLanguage(i18n.Language())
	for _, lang := range i18n.Languages {
		i18n.SetLanguage(lang)
		for _, action := range app.AuditActions("") {
			for _, detail := range []string{"", "title=x name=x username=x what=directory file=f day=2025-09-01 session=am kind=sick from=2025-09-01 to=2025-09-02 state=approved note=n"} {
				e := app.AuditEntry{Actor: "admin", Action: action, Target: "notice:1", Detail: detail}
				if got := e.Sentence(); strings.Contains(got, "%!") || strings.Contains(got, "audit.sentence") {
					t.Errorf("%s %s: Sentence() = %q", lang, action, got)
				}
			}
		}
	}
}

// Refs names the target and the classes, students, staff and receipts of
// the detail, for the reader to look up.
func TestAuditRefs(t *testing.T) {
	tests := []struct {
		e    app.AuditEntry
		want []string
	}{
		{app.AuditEntry{Target: "notice:3", Detail: "title=a target=grade:1,class:12,class:13 receipts=3"}, []string{"notice:3", "class:12", "class:13"}},
		{app.AuditEntry{Target: "form:2", Detail: "kind=chain; title=t; classes=4,5; fields=1"}, []string{"form:2", "class:4", "class:5"}},
		{app.AuditEntry{Target: "form:2", Detail: "student=9; answer=u"}, []string{"form:2", "student:9"}},
		{app.AuditEntry{Target: "leave:1", Detail: "student=张小明 kind=sick"}, []string{"leave:1"}},
		{app.AuditEntry{Target: "student:5", Detail: "from=active to=active class=8 note=n"}, []string{"student:5", "class:8"}},
		{app.AuditEntry{Target: "account:2", Detail: "username=liu role=teacher staff=7"}, []string{"account:2", "staff:7"}},
		{app.AuditEntry{Target: "notice:3", Detail: "receipt=0199-ab code=K7Q2"}, []string{"notice:3", "receipt:0199-ab"}},
		{app.AuditEntry{Target: "hub", Detail: "1h0m0s"}, nil},
	}
	for _, tt := range tests {
		if got := tt.e.Refs(); !slices.Equal(got, tt.want) {
			t.Errorf("Refs(%q, %q) = %q; want %q", tt.e.Target, tt.e.Detail, got, tt.want)
		}
	}
}

// AllAuditEntries reads page after page until the last.
func TestAllAuditEntries(t *testing.T) {
	var befores []int64
	svc := &mock.AuditService{AuditLogFn: func(_ context.Context, f app.AuditFilter) ([]*app.AuditEntry, bool, error) {
		befores = append(befores, f.Before)
		if f.Actor != "liu" {
			t.Errorf("filter = %+v; want liu's", f)
		}
		start := int64(5)
		if f.Before > 0 {
			start = f.Before - 1
		}
		var page []*app.AuditEntry
		for id := start; id > 0 && len(page) < 2; id-- {
			page = append(page, &app.AuditEntry{ID: id})
		}
		return page, len(page) > 0 && page[len(page)-1].ID > 1, nil
	}}
	all, err := app.AllAuditEntries(context.Background(), svc, app.AuditFilter{Actor: "liu", Limit: 2})
	if err != nil || len(all) != 5 || all[0].ID != 5 || all[4].ID != 1 {
		t.Errorf("AllAuditEntries = %d entries, %v; want 5 to 1", len(all), err)
	}
	if want := []int64{0, 4, 2}; !slices.Equal(befores, want) {
		t.Errorf("pages read before %v; want %v", befores, want)
	}
}
