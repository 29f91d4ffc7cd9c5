package ui

import (
	"context"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

func testRosterFile() *app.RosterFile {
	return &app.RosterFile{
		Sheet:      "学生名单",
		HeaderLine: 2,
		Columns:    []string{"姓名", "班级", "家长电话"},
		Rows: []app.RosterRow{
			{Line: 3, Name: "张三", ClassText: "三年级2班", Guardians: []app.GuardianInput{{Name: "张建国", Phone: "13812341234"}}},
			{Line: 4, Name: "李四", ClassText: "三年级1班"},
			{Line: 5, Name: "王五", ClassText: "三年级1班", Guardians: []app.GuardianInput{{Phone: "12345"}}},
		},
	}
}

func testRosterPlan() *app.ImportPlan {
	return &app.ImportPlan{
		Items: []app.PlanItem{
			{Line: 3, Action: app.ActionAdd, Name: "张三", Class: app.ClassKey{Grade: 3, Name: "2班"}, Row: 0},
			{Line: 4, Action: app.ActionUpdate, Name: "李四", Class: app.ClassKey{Grade: 3, Name: "1班"}, Row: 1, MatchID: 7},
		},
		Rejected:   []app.RowProblem{{Line: 5, Name: "王五", Reason: app.Errorf(app.EINVALID, "import.reject.phone_bad", "12345")}},
		NewClasses: []app.ClassKey{{Grade: 3, Name: "2班"}},
		Added:      1,
		Updated:    1,
	}
}

// importFakes are the services an import screen test uses; each test sets
// the functions it expects to be called.
type importFakes struct {
	sheets  mock.SheetService
	roster  mock.RosterService
	classes mock.ClassService
	staff   mock.StaffService
}

func newTestImport(t *testing.T, f *importFakes, onImported func()) (*ImportScreen, fyne.Window) {
	t.Helper()
	env, w := newScreenEnv(t, app.Services{Sheets: &f.sheets, Roster: &f.roster, Classes: &f.classes, Staff: &f.staff})
	s := NewImportScreen(env, onImported)
	s.run = runNow
	w.SetContent(s.Content())
	return s, w
}

func TestImportRosterPreview(t *testing.T) {
	file := testRosterFile()
	f := &importFakes{}
	f.sheets.ReadRosterFn = func(path string) (*app.RosterFile, error) {
		if path != "/tmp/名单.xlsx" {
			t.Errorf("ReadRoster(%q), want the chosen file", path)
		}
		return file, nil
	}
	f.roster.PreviewRosterFn = func(_ context.Context, rows []app.RosterRow) (*app.ImportPlan, error) {
		if !reflect.DeepEqual(rows, file.Rows) {
			t.Errorf("PreviewRoster got rows %+v, want the file's rows", rows)
		}
		return testRosterPlan(), nil
	}
	f.roster.ImportRosterFn = func(context.Context, []app.RosterRow, func(int, int)) (*app.ImportPlan, error) {
		t.Fatal("ImportRoster called by the preview")
		return nil, nil
	}
	s, _ := newTestImport(t, f, func() { t.Error("onImported called by the preview") })
	s.previewFile(kindRoster, "/tmp/名单.xlsx")

	if s.preview == nil {
		t.Fatal("no preview shown")
	}
	shown := objectTexts(s.Content())
	for _, want := range []string{
		i18n.T("importscreen.count.added", 1),
		i18n.T("importscreen.count.updated", 1),
		i18n.T("importscreen.count.unchanged", 0),
		i18n.T("importscreen.count.rejected", 1),
		i18n.T("importscreen.new_classes", 1, "三年级2班"),
		"学生名单",
		i18n.T("importscreen.source.sheet", "学生名单", 2),
		"名单.xlsx",
	} {
		if !containsText(shown, want) {
			t.Errorf("preview lacks %q; it shows %q", want, shown)
		}
	}

	// rejected rows come first, with the row number and translated reason
	if got := s.preview.tabs.Selected(); got != s.preview.tabs.Items[0] {
		t.Errorf("selected tab %q, want the rejected rows", got.Text)
	}
	table, ok := s.preview.tabs.Items[0].Content.(*widget.Table)
	if !ok {
		t.Fatalf("rejected tab holds %T, want a table", s.preview.tabs.Items[0].Content)
	}
	for col, want := range []string{"5", "王五", i18n.T("import.reject.phone_bad", "12345")} {
		if got, _ := tableCellText(table, 0, col); got != want {
			t.Errorf("rejected row, column %d = %q, want %q", col, got, want)
		}
	}
	added := s.preview.tabs.Items[2].Content.(*widget.Table)
	for col, want := range []string{"3", "张三", "三年级2班"} {
		if got, _ := tableCellText(added, 0, col); got != want {
			t.Errorf("added row, column %d = %q, want %q", col, got, want)
		}
	}
	if s.preview.confirmBtn.Disabled() {
		t.Error("confirm is disabled although the plan adds and updates")
	}
}

func TestImportRosterConfirm(t *testing.T) {
	file := testRosterFile()
	imported := 0
	f := &importFakes{}
	f.sheets.ReadRosterFn = func(string) (*app.RosterFile, error) { return file, nil }
	f.roster.PreviewRosterFn = func(context.Context, []app.RosterRow) (*app.ImportPlan, error) { return testRosterPlan(), nil }
	var s *ImportScreen
	calls := 0
	f.roster.ImportRosterFn = func(_ context.Context, rows []app.RosterRow, progress func(int, int)) (*app.ImportPlan, error) {
		calls++
		if !reflect.DeepEqual(rows, file.Rows) {
			t.Errorf("ImportRoster got rows %+v, want the previewed rows", rows)
		}
		if progress == nil {
			t.Fatal("ImportRoster got no progress callback")
		}
		if !s.preview.confirmBtn.Disabled() || !s.preview.cancelBtn.Disabled() || !s.choose.Disabled() {
			t.Error("buttons stay enabled while the import runs")
		}
		for i := 1; i <= len(rows); i++ {
			progress(i, len(rows))
		}
		if got := s.preview.bar.bar.Value; got != 1 {
			t.Errorf("progress bar = %v after the last row, want 1", got)
		}
		if !s.preview.bar.Visible() {
			t.Error("progress bar hidden while importing")
		}
		p := testRosterPlan()
		p.Added, p.Updated = 40, 5
		return p, nil
	}
	s, _ = newTestImport(t, f, func() { imported++ })
	s.previewFile(kindRoster, "/tmp/名单.xlsx")
	s.confirm()

	if calls != 1 {
		t.Fatalf("ImportRoster called %d times, want 1", calls)
	}
	if imported != 1 {
		t.Errorf("onImported called %d times, want 1", imported)
	}
	if want := i18n.T("importscreen.done.roster", 40, 5); !containsText(objectTexts(s.Content()), want) {
		t.Errorf("no summary %q; the screen shows %q", want, objectTexts(s.Content()))
	}
	if s.choose.Disabled() {
		t.Error("choose-file stays disabled after the import")
	}
}

func TestImportConfirmError(t *testing.T) {
	f := &importFakes{}
	f.sheets.ReadRosterFn = func(string) (*app.RosterFile, error) { return testRosterFile(), nil }
	f.roster.PreviewRosterFn = func(context.Context, []app.RosterRow) (*app.ImportPlan, error) { return testRosterPlan(), nil }
	f.roster.ImportRosterFn = func(context.Context, []app.RosterRow, func(int, int)) (*app.ImportPlan, error) {
		return nil, app.Errorf(app.EINTERNAL, "error.storage", "disk full")
	}
	s, w := newTestImport(t, f, func() { t.Error("onImported called after a failed import") })
	s.previewFile(kindRoster, "/tmp/名单.xlsx")
	p := s.preview
	s.confirm()
	if want := i18n.T("error.storage", "disk full"); !containsText(topDialogTexts(w), want) {
		t.Errorf("error dialog shows %q, want %q", topDialogTexts(w), want)
	}
	if s.preview != p || p.confirmBtn.Disabled() || p.bar.Visible() {
		t.Error("after a failed import the preview should stay, ready to try again")
	}
}

func TestImportReadError(t *testing.T) {
	f := &importFakes{}
	f.sheets.ReadRosterFn = func(string) (*app.RosterFile, error) {
		return nil, app.Errorf(app.EINVALID, "sheets.error.xls", "old.xls")
	}
	f.roster.PreviewRosterFn = func(context.Context, []app.RosterRow) (*app.ImportPlan, error) {
		t.Fatal("PreviewRoster called after a read error")
		return nil, nil
	}
	s, w := newTestImport(t, f, nil)
	s.previewFile(kindRoster, "/tmp/old.xls")
	if want := i18n.T("sheets.error.xls", "old.xls"); !containsText(topDialogTexts(w), want) {
		t.Errorf("error dialog shows %q, want %q", topDialogTexts(w), want)
	}
	if s.preview != nil {
		t.Error("a preview is shown after a read error")
	}
	if s.choose.Disabled() || s.kinds.Disabled() || s.wait.Visible() {
		t.Error("the screen is not usable again after a read error")
	}
}

func TestImportNothingToConfirm(t *testing.T) {
	f := &importFakes{}
	f.sheets.ReadRosterFn = func(string) (*app.RosterFile, error) { return testRosterFile(), nil }
	f.roster.PreviewRosterFn = func(context.Context, []app.RosterRow) (*app.ImportPlan, error) {
		return &app.ImportPlan{Unchanged: 3}, nil
	}
	f.roster.ImportRosterFn = func(context.Context, []app.RosterRow, func(int, int)) (*app.ImportPlan, error) {
		t.Fatal("ImportRoster called for a plan with nothing to write")
		return nil, nil
	}
	s, _ := newTestImport(t, f, nil)
	s.previewFile(kindRoster, "/tmp/名单.csv")
	if !s.preview.confirmBtn.Disabled() {
		t.Error("confirm is enabled for a plan that adds and updates nothing")
	}
	if !containsText(objectTexts(s.Content()), i18n.T("importscreen.nothing_to_do")) {
		t.Errorf("no nothing-to-do hint; the screen shows %q", objectTexts(s.Content()))
	}
	s.confirm()
}

func TestImportCancel(t *testing.T) {
	f := &importFakes{}
	f.sheets.ReadRosterFn = func(string) (*app.RosterFile, error) { return testRosterFile(), nil }
	f.roster.PreviewRosterFn = func(context.Context, []app.RosterRow) (*app.ImportPlan, error) { return testRosterPlan(), nil }
	s, _ := newTestImport(t, f, nil)
	s.previewFile(kindRoster, "/tmp/名单.xlsx")
	s.preview.cancelBtn.OnTapped()
	if s.preview != nil || !containsText(objectTexts(s.Content()), i18n.T("importscreen.hint")) {
		t.Errorf("cancel should go back to the start; the screen shows %q", objectTexts(s.Content()))
	}
}

func TestImportClassesAndStaff(t *testing.T) {
	plan := &app.ImportPlan{
		Items:    []app.PlanItem{{Line: 2, Action: app.ActionAdd, Name: "x", Class: app.ClassKey{Grade: 3, Name: "2班"}}},
		Rejected: []app.RowProblem{{Line: 3, Reason: app.Errorf(app.EINVALID, "import.reject.class_missing")}},
		Added:    1,
	}
	done := &app.ImportPlan{Added: 1}
	classRows := []app.ClassRow{{Line: 2, GradeText: "三年级", ClassText: "2班"}}
	staffRows := []app.StaffRow{{Line: 2, Name: "李老师", Post: "教师"}}
	tests := []struct {
		kind     importKind
		wantDone string
		setup    func(t *testing.T, f *importFakes, calls map[string]int, during *func())
	}{
		{kindClasses, i18n.T("importscreen.done.classes", 1, 0), func(t *testing.T, f *importFakes, calls map[string]int, during *func()) {
			f.sheets.ReadClassesFn = func(string) ([]app.ClassRow, error) { calls["read"]++; return classRows, nil }
			f.classes.PreviewClassesFn = func(_ context.Context, rows []app.ClassRow) (*app.ImportPlan, error) {
				calls["preview"]++
				if !reflect.DeepEqual(rows, classRows) {
					t.Errorf("PreviewClasses got %+v", rows)
				}
				return plan, nil
			}
			f.classes.ImportClassesFn = func(_ context.Context, rows []app.ClassRow) (*app.ImportPlan, error) {
				calls["import"]++
				(*during)()
				if !reflect.DeepEqual(rows, classRows) {
					t.Errorf("ImportClasses got %+v", rows)
				}
				return done, nil
			}
		}},
		{kindStaff, i18n.T("importscreen.done.staff", 1, 0), func(t *testing.T, f *importFakes, calls map[string]int, during *func()) {
			f.sheets.ReadStaffFn = func(string) ([]app.StaffRow, error) { calls["read"]++; return staffRows, nil }
			f.staff.PreviewStaffFn = func(_ context.Context, rows []app.StaffRow) (*app.ImportPlan, error) {
				calls["preview"]++
				if !reflect.DeepEqual(rows, staffRows) {
					t.Errorf("PreviewStaff got %+v", rows)
				}
				return plan, nil
			}
			f.staff.ImportStaffFn = func(_ context.Context, rows []app.StaffRow) (*app.ImportPlan, error) {
				calls["import"]++
				(*during)()
				if !reflect.DeepEqual(rows, staffRows) {
					t.Errorf("ImportStaff got %+v", rows)
				}
				return done, nil
			}
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			f := &importFakes{}
			calls := map[string]int{}
			during := func() {}
			tt.setup(t, f, calls, &during)
			imported := 0
			s, _ := newTestImport(t, f, func() { imported++ })
			s.previewFile(tt.kind, "/tmp/sheet.xlsx")
			if s.kinds.Selected != tt.kind.label() {
				t.Errorf("kind shown %q, want %q", s.kinds.Selected, tt.kind.label())
			}
			if s.template.Visible() {
				t.Error("the roster template button is shown for another kind")
			}
			if s.preview == nil {
				t.Fatal("no preview")
			}
			table := s.preview.tabs.Items[0].Content.(*widget.Table)
			if got, _ := tableCellText(table, 0, 2); got != i18n.T("import.reject.class_missing") {
				t.Errorf("rejected reason = %q", got)
			}
			// no progress from these services: an infinite bar while importing
			during = func() {
				if !s.preview.wait.Visible() || s.preview.bar.Visible() || !s.preview.confirmBtn.Disabled() {
					t.Error("want the infinite progress bar and disabled buttons while importing")
				}
			}
			s.confirm()
			if calls["read"] != 1 || calls["preview"] != 1 || calls["import"] != 1 {
				t.Errorf("service calls %v, want one read, preview and import", calls)
			}
			if imported != 1 {
				t.Errorf("onImported called %d times, want 1", imported)
			}
			if !containsText(objectTexts(s.Content()), tt.wantDone) {
				t.Errorf("no summary %q; the screen shows %q", tt.wantDone, objectTexts(s.Content()))
			}
		})
	}
}

func TestImportTemplate(t *testing.T) {
	f := &importFakes{}
	path := t.TempDir() + "/模板.xlsx"
	got := ""
	f.sheets.WriteRosterTemplateFn = func(p string) error { got = p; return nil }
	s, w := newTestImport(t, f, nil)
	s.saveTemplate(path)
	if got != path {
		t.Errorf("WriteRosterTemplate(%q), want %q", got, path)
	}
	if !containsText(topDialogTexts(w), path) {
		t.Errorf("no confirmation with the path; the dialog shows %q", topDialogTexts(w))
	}
}

func TestImportManyRejectedRows(t *testing.T) {
	plan := &app.ImportPlan{}
	for i := 0; i < 5000; i++ {
		plan.Rejected = append(plan.Rejected, app.RowProblem{Line: i + 2, Name: "学生" + strconv.Itoa(i),
			Reason: app.Errorf(app.EINVALID, "import.reject.gender_bad", "?")})
	}
	f := &importFakes{}
	f.sheets.ReadRosterFn = func(string) (*app.RosterFile, error) { return testRosterFile(), nil }
	f.roster.PreviewRosterFn = func(context.Context, []app.RosterRow) (*app.ImportPlan, error) { return plan, nil }
	s, _ := newTestImport(t, f, nil)
	s.previewFile(kindRoster, "/tmp/x.xlsx")
	table := s.preview.tabs.Items[0].Content.(*widget.Table)
	if rows, _ := table.Length(); rows != 5000 {
		t.Errorf("rejected table has %d rows, want 5000", rows)
	}
	if got, _ := tableCellText(table, 4999, 0); got != "5001" {
		t.Errorf("last rejected row number = %q, want 5001", got)
	}
}

// TestImportAsync runs the flow on real goroutines, with a progress
// callback that fires for every row.
func TestImportAsync(t *testing.T) {
	file := testRosterFile()
	f := &importFakes{}
	f.sheets.ReadRosterFn = func(string) (*app.RosterFile, error) { return file, nil }
	f.roster.PreviewRosterFn = func(context.Context, []app.RosterRow) (*app.ImportPlan, error) { return testRosterPlan(), nil }
	f.roster.ImportRosterFn = func(_ context.Context, rows []app.RosterRow, progress func(int, int)) (*app.ImportPlan, error) {
		for i := 1; i <= 5000; i++ {
			progress(i, 5000)
		}
		return testRosterPlan(), nil
	}
	imported := make(chan struct{})
	env, w := newScreenEnv(t, app.Services{Sheets: &f.sheets, Roster: &f.roster})
	s := NewImportScreen(env, func() { close(imported) })
	w.SetContent(s.Content())
	previewed := make(chan struct{})
	run := s.run
	s.run = func(fn func()) {
		run(func() {
			fn()
			if s.preview != nil && !s.preview.busy {
				close(previewed)
			}
		})
	}
	s.previewFile(kindRoster, "/tmp/名单.xlsx")
	waitClosed(t, previewed, "the preview")
	s.run = run
	s.confirm()
	waitClosed(t, imported, "the import")
	if want := i18n.T("importscreen.done.roster", 1, 1); !containsText(objectTexts(s.Content()), want) {
		t.Errorf("no summary %q; the screen shows %q", want, objectTexts(s.Content()))
	}
}

// TestImportPreviewListsChanges: an update that removes a guardian is
// counted, comes first in the 更新 tab and is red; each row lists its
// changes.
func TestImportPreviewListsChanges(t *testing.T) {
	plan := &app.ImportPlan{
		Items: []app.PlanItem{
			{Line: 3, Action: app.ActionUpdate, Name: "王乐", Class: app.ClassKey{Grade: 3, Name: "2班"}, MatchID: 7,
				Changes: []app.Change{{Field: "import.field.guardian", Old: "赵敏 13812340004", New: "赵敏 13912349999"}}},
			{Line: 4, Action: app.ActionUpdate, Name: "刘一", Class: app.ClassKey{Grade: 3, Name: "2班"}, MatchID: 8,
				Changes: []app.Change{{Field: "import.field.guardian", Old: "刘大 13812340005"}, {Field: "import.field.guardian", New: "陈梅 13812340006"}}},
		},
		Updated: 2, Removals: 1,
	}
	f := &importFakes{}
	f.sheets.ReadRosterFn = func(string) (*app.RosterFile, error) { return testRosterFile(), nil }
	f.roster.PreviewRosterFn = func(context.Context, []app.RosterRow) (*app.ImportPlan, error) { return plan, nil }
	s, _ := newTestImport(t, f, nil)
	s.previewFile(kindRoster, "/tmp/x.xlsx")
	if want := i18n.T("importscreen.count.removals", 1); !containsText(objectTexts(s.Content()), want) {
		t.Errorf("no removal count %q; the screen shows %q", want, objectTexts(s.Content()))
	}
	if got := s.preview.tabs.SelectedIndex(); got != 3 {
		t.Errorf("selected tab %d; want the updates (3), which remove something", got)
	}
	table := s.preview.tabs.Items[3].Content.(*widget.Table)
	if got, _ := tableCellText(table, 0, 0); got != "4" {
		t.Errorf("first updated row = line %s; want 4, the one that removes a guardian", got)
	}
	want := plan.Items[1].Changes[0].String() + i18n.T("importscreen.change_sep") + plan.Items[1].Changes[1].String()
	if got, _ := tableCellText(table, 0, 3); got != want {
		t.Errorf("changes of line 4 = %q; want %q", got, want)
	}
	for row, red := range []bool{true, false} {
		_, imp := tableCellText(table, row, 3)
		if got := imp == widget.DangerImportance; got != red {
			t.Errorf("row %d red = %v; want %v", row, got, red)
		}
	}
}

// TestImportYearRollover: the import page shows the school year; 升年级
// shows the plan, re-plans for another graduating grade and starts the
// year with the grade shown.
func TestImportYearRollover(t *testing.T) {
	var planned []int
	rolled := 0
	year := 2026
	years := &mock.YearService{
		SchoolYearsFn: func(context.Context) ([]app.SchoolYear, error) {
			return []app.SchoolYear{{Start: year, Current: true}}, nil
		},
		PlanRolloverFn: func(_ context.Context, o app.RolloverOptions) (*app.Rollover, error) {
			planned = append(planned, o.TopGrade)
			top := o.TopGrade
			if top == 0 {
				top = 6
			}
			return &app.Rollover{From: 2026, To: 2027, TopGrade: top, Moved: 45, Graduated: 43,
				Moves:     []app.ClassMove{{From: "五年级1班", To: "六年级1班", Students: 45}},
				Graduates: []app.ClassMove{{From: "六年级1班", Students: 43}}}, nil
		},
		RolloverFn: func(_ context.Context, o app.RolloverOptions) (*app.Rollover, error) {
			rolled = o.TopGrade
			year = 2027
			return &app.Rollover{From: 2026, To: 2027, TopGrade: o.TopGrade}, nil
		},
	}
	imported := 0
	env, w := newScreenEnv(t, app.Services{Years: years})
	s := NewImportScreen(env, func() { imported++ })
	s.run = runNow
	w.SetContent(s.Content())
	if got, want := s.year.label.Text, i18n.T("year.current", app.SchoolYearName(2026)); got != want {
		t.Fatalf("year label = %q; want %q", got, want)
	}
	test.Tap(s.year.rollover)
	if got := topDialogTexts(w); !containsText(got, i18n.T("year.move", "五年级1班", "六年级1班", 45)) ||
		!containsText(got, i18n.T("year.graduate", "六年级1班", 43)) {
		t.Fatalf("the rollover dialog shows %q; want the moves and the graduates", got)
	}
	wantCancelDefault(t, w, i18n.T("year.rollover.confirm"))
	if rolled != 0 {
		t.Fatal("Enter in the rollover dialog started the new year")
	}
	test.Tap(s.year.rollover)
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if sel, ok := o.(*widget.Select); ok {
			sel.SetSelectedIndex(8) // 九年级: a 九年一贯制 school
		}
	}
	if !slices.Equal(planned, []int{0, 0, 9}) {
		t.Fatalf("plans asked = %v; want the default (twice: the dialog opened again), then grade 9", planned)
	}
	test.Tap(buttonWithText(t, w.Canvas().Overlays().Top(), i18n.T("year.rollover.confirm")))
	if rolled != 9 || imported != 1 {
		t.Errorf("rolled over with top grade %d, screens reloaded %d times; want 9 and 1", rolled, imported)
	}
	if got, want := s.year.label.Text, i18n.T("year.current", app.SchoolYearName(2027)); got != want {
		t.Errorf("year label after = %q; want %q", got, want)
	}
}

// TestImportMissingStudents: the students the file does not name get a
// tab of their own, and after the import one button marks them 转出.
func TestImportMissingStudents(t *testing.T) {
	plan := testRosterPlan()
	plan.Rejected = nil
	plan.Missing = []app.MissingStudent{{ID: 31, Name: "孙三", StudentNo: "S003", ClassLabel: "六年级1班"}}
	var changed []app.StatusChange
	f := &importFakes{}
	f.sheets.ReadRosterFn = func(string) (*app.RosterFile, error) { return testRosterFile(), nil }
	f.roster.PreviewRosterFn = func(context.Context, []app.RosterRow) (*app.ImportPlan, error) { return plan, nil }
	f.roster.ImportRosterFn = func(context.Context, []app.RosterRow, func(int, int)) (*app.ImportPlan, error) { return plan, nil }
	env, w := newScreenEnv(t, app.Services{Sheets: &f.sheets, Roster: &f.roster,
		Students: &mock.StudentService{SetStatusFn: func(_ context.Context, c app.StatusChange) error {
			changed = append(changed, c)
			return nil
		}}})
	s := NewImportScreen(env, nil)
	s.run = runNow
	w.SetContent(s.Content())
	s.previewFile(kindRoster, "/tmp/x.xlsx")
	last := s.preview.tabs.Items[len(s.preview.tabs.Items)-1]
	table := last.Content.(*fyne.Container).Objects[0].(*widget.Table)
	if name, _ := tableCellText(table, 0, 2); last.Text != i18n.T("importscreen.tab.missing", 1) || name != "孙三" {
		t.Fatalf("last tab %q lists %q; want the missing student", last.Text, name)
	}
	s.confirm()
	test.Tap(buttonWithText(t, s.Content(), i18n.T("importscreen.missing.transfer", 1)))
	wantCancelDefault(t, w, i18n.T("importscreen.missing.do"))
	if len(changed) != 0 {
		t.Fatal("Enter in the question transferred the students")
	}
	test.Tap(buttonWithText(t, s.Content(), i18n.T("importscreen.missing.transfer", 1)))
	test.Tap(buttonWithText(t, w.Canvas().Overlays().Top(), i18n.T("importscreen.missing.do")))
	if len(changed) != 1 || changed[0].To != app.StatusTransferred || !slices.Equal(changed[0].StudentIDs, []int64{31}) {
		t.Errorf("status changes = %+v; want 孙三 (31) transferred", changed)
	}
}

// TestImportYearRolloverTooEarly: before August the dialog shows what
// September will do and says why the year cannot start yet, with no
// button that would start it.
func TestImportYearRolloverTooEarly(t *testing.T) {
	rolled := false
	years := &mock.YearService{
		SchoolYearsFn: func(context.Context) ([]app.SchoolYear, error) {
			return []app.SchoolYear{{Start: 2026, Current: true}}, nil
		},
		PlanRolloverFn: func(context.Context, app.RolloverOptions) (*app.Rollover, error) {
			return &app.Rollover{From: 2026, To: 2027, TopGrade: 6, Early: true,
				Moves: []app.ClassMove{{From: "五年级1班", To: "六年级1班", Students: 45}}}, nil
		},
		RolloverFn: func(context.Context, app.RolloverOptions) (*app.Rollover, error) { rolled = true; return nil, nil },
	}
	env, w := newScreenEnv(t, app.Services{Years: years})
	s := NewImportScreen(env, nil)
	s.run = runNow
	w.SetContent(s.Content())
	test.Tap(s.year.rollover)
	got := topDialogTexts(w)
	if !containsText(got, "2027年8月才开始") || !containsText(got, "五年级1班 → 六年级1班") || rolled {
		t.Errorf("the dialog shows %q (rolled over %v); want the plan and why not yet", got, rolled)
	}
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == i18n.T("year.rollover.confirm") {
			t.Error("the dialog has a button that starts the year")
		}
	}
}
