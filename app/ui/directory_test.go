package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

// runNow runs background work at once, so a test sees its result when
// the call returns.
func runNow(f func()) { f() }

// newScreenEnv returns an env over a test app and window, logged in as an
// admin.
func newScreenEnv(t *testing.T, svc app.Services) (*Env, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1100, 700))
	if svc.Charts == nil { // the screens' charts, drawn as tiny images
		svc.Charts = newChartFakes().svc
	}
	return &Env{App: a, Window: w, Services: svc, Account: &app.Account{ID: 1, Username: "admin", Role: app.RoleAdmin}}, w
}

// texts returns the text of every label, button and text under o.
func objectTexts(o fyne.CanvasObject) []string {
	var out []string
	walkTree(o, true, func(o fyne.CanvasObject) bool {
		switch v := o.(type) {
		case *widget.Label:
			out = append(out, v.Text)
		case *wrapLabel:
			out = append(out, v.Text)
		case *widget.Button:
			out = append(out, v.Text)
		case *canvas.Text:
			out = append(out, v.Text)
		default:
			return true
		}
		return false
	})
	return out
}

// walkTree calls visit for o and, while visit says to go on, for what a
// container holds and a widget draws, depth first; hidden objects and
// theirs only when hidden is true.
func walkTree(o fyne.CanvasObject, hidden bool, visit func(fyne.CanvasObject) (descend bool)) {
	if o == nil || (!hidden && !o.Visible()) || !visit(o) {
		return
	}
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			walkTree(c, hidden, visit)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			walkTree(c, hidden, visit)
		}
	}
}

// topDialogTexts returns the texts of the dialog on top of w, if any.
func topDialogTexts(w fyne.Window) []string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	return objectTexts(top)
}

// containsText reports whether want is one of got, or contained in one.
func containsText(got []string, want string) bool {
	for _, g := range got {
		if g == want || strings.Contains(g, want) {
			return true
		}
	}
	return false
}

// tableCellText is what the table shows in a cell.
func tableCellText(t *widget.Table, row, col int) (string, widget.Importance) {
	l := widget.NewLabel("")
	t.UpdateCell(widget.TableCellID{Row: row, Col: col}, l)
	return l.Text, l.Importance
}

// waitClosed waits for ch to close, failing the test after 2 s.
func waitClosed(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(2 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

func testDirectory() *app.Directory {
	father := app.GuardianContact{GuardianID: 1, Name: "张建国", Relation: "父亲", Phone: "13812341234"}
	return &app.Directory{
		Classes: []*app.Class{
			{ID: 10, Grade: 3, Name: "1班"},
			{ID: 11, Grade: 3, Name: "2班"},
			{ID: 20, Grade: 4, Name: "1班"},
		},
		Entries: []app.DirectoryEntry{
			{StudentID: 1, Name: "张三", Gender: app.GenderMale, StudentNo: "20240101", ClassID: 10, ClassLabel: "三年级1班",
				Guardians: []app.GuardianContact{father, {GuardianID: 2, Name: "李梅", Relation: "母亲", Phone: "13900001111"}}},
			{StudentID: 2, Name: "王五", Gender: app.GenderMale, StudentNo: "20240102", ClassID: 10, ClassLabel: "三年级1班",
				Guardians: []app.GuardianContact{{GuardianID: 6, Name: "王大", Relation: "父亲", Phone: "15012345678"}}},
			{StudentID: 3, Name: "李四", Gender: app.GenderFemale, StudentNo: "20240201", ClassID: 11, ClassLabel: "三年级2班",
				Guardians: []app.GuardianContact{{GuardianID: 3, Name: "李强", Relation: "父亲", Phone: "137****5678", PhoneMasked: true}}},
			{StudentID: 4, Name: "张小红", Gender: app.GenderFemale, StudentNo: "20240301", ClassID: 20, ClassLabel: "四年级1班",
				Guardians: []app.GuardianContact{
					{GuardianID: 1, Name: "张建国", Relation: "父亲", Phone: "13812341234"},
					{GuardianID: 4, Name: "王芳", Relation: "母亲", Phone: "13700002222"},
					{GuardianID: 5, Name: "张爷爷", Relation: "祖父", Phone: ""},
				}},
		},
	}
}

// newTestDirectory builds a loaded directory screen over dir.
func newTestDirectory(t *testing.T, dir *app.Directory, sheets *mock.SheetService) (*DirectoryScreen, fyne.Window) {
	t.Helper()
	env, w := newScreenEnv(t, app.Services{
		Directory: &mock.DirectoryService{DirectoryFn: func(context.Context) (*app.Directory, error) { return dir, nil }},
		Sheets:    sheets,
	})
	s := NewDirectoryScreen(env)
	s.run = runNow
	w.SetContent(s.Content())
	return s, w
}

func visibleNames(s *DirectoryScreen) []string {
	var out []string
	for i := range s.visible {
		name, _ := tableCellText(s.table, i, colName)
		out = append(out, name)
	}
	return out
}

func navIndex(t *testing.T, s *DirectoryScreen, classID int64, grade int) int {
	t.Helper()
	for i, n := range s.data.nav {
		if n.classID == classID && n.grade == grade {
			return i
		}
	}
	t.Fatalf("no class list item for class %d grade %d", classID, grade)
	return -1
}

func TestDirectoryLoadsAndCounts(t *testing.T) {
	s, _ := newTestDirectory(t, testDirectory(), nil)
	if got, want := s.count.Text, i18n.T("dirscreen.count", 4); got != want {
		t.Errorf("count = %q, want %q", got, want)
	}
	if got := s.root.Objects[0]; got != s.main {
		t.Errorf("the screen shows %T, want the directory", got)
	}
	var labels []string
	for _, n := range s.data.nav {
		labels = append(labels, n.label)
	}
	want := []string{
		i18n.T("dirscreen.nav.all", 4),
		i18n.T("dirscreen.nav.grade", "三年级", 3),
		i18n.T("dirscreen.nav.class", "1班", 2),
		i18n.T("dirscreen.nav.class", "2班", 1),
		i18n.T("dirscreen.nav.grade", "四年级", 1),
		i18n.T("dirscreen.nav.class", "1班", 1),
	}
	if !slices.Equal(labels, want) {
		t.Errorf("class list = %q, want %q", labels, want)
	}
}

func TestDirectoryAsyncLoad(t *testing.T) {
	release := make(chan struct{})
	env, w := newScreenEnv(t, app.Services{Directory: &mock.DirectoryService{DirectoryFn: func(context.Context) (*app.Directory, error) {
		<-release
		return testDirectory(), nil
	}}})
	s := NewDirectoryScreen(env) // the real goroutine runner
	loaded := make(chan struct{})
	run := s.run
	s.run = func(f func()) { run(func() { f(); close(loaded) }) }
	w.SetContent(s.Content())
	if !containsText(objectTexts(s.root), i18n.T("dirscreen.loading")) {
		t.Errorf("while loading the screen shows %q, want the loading message", objectTexts(s.root))
	}
	close(release)
	waitClosed(t, loaded, "the directory to load")
	if got, want := s.count.Text, i18n.T("dirscreen.count", 4); got != want {
		t.Errorf("count = %q, want %q", got, want)
	}
}

func TestDirectorySearch(t *testing.T) {
	tests := []struct {
		name, query string
		want        []string
	}{
		{"pinyin initials", "zs", []string{"张三"}},
		{"full pinyin", "lisi", []string{"李四"}},
		{"guardian name", "王芳", []string{"张小红"}},
		{"phone digits", "1111", []string{"张三"}},
		{"digits after a mask", "5678", []string{"王五", "李四"}},
		{"student number", "20240201", []string{"李四"}},
		{"no match", "xyz", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newTestDirectory(t, testDirectory(), nil)
			test.Type(s.search, tt.query)
			if got := visibleNames(s); !slices.Equal(got, tt.want) {
				t.Errorf("search %q shows %q, want %q", tt.query, got, tt.want)
			}
			if got, want := s.count.Text, i18n.T("dirscreen.count", len(tt.want)); got != want {
				t.Errorf("count = %q, want %q", got, want)
			}
			if s.export.Disabled() != (len(tt.want) == 0) {
				t.Errorf("export disabled = %v with %d students shown", s.export.Disabled(), len(tt.want))
			}
		})
	}
}

func TestDirectoryClassFilter(t *testing.T) {
	s, _ := newTestDirectory(t, testDirectory(), nil)
	s.nav.Select(navIndex(t, s, 10, 3))
	if got, want := visibleNames(s), []string{"张三", "王五"}; !slices.Equal(got, want) {
		t.Errorf("class 三年级1班 shows %q, want %q", got, want)
	}
	test.Type(s.search, "ww")
	if got, want := visibleNames(s), []string{"王五"}; !slices.Equal(got, want) {
		t.Errorf("class 三年级1班 + \"ww\" shows %q, want %q", got, want)
	}
	s.search.SetText("")
	s.nav.Select(navIndex(t, s, 0, 3))
	if got, want := visibleNames(s), []string{"张三", "王五", "李四"}; !slices.Equal(got, want) {
		t.Errorf("grade 三年级 shows %q, want %q", got, want)
	}
	s.nav.Select(0)
	if got := len(s.visible); got != 4 {
		t.Errorf("all classes shows %d students, want 4", got)
	}
}

func TestDirectoryCells(t *testing.T) {
	s, _ := newTestDirectory(t, testDirectory(), nil)
	tests := []struct {
		row, col int
		want     string
	}{
		{0, colClass, "三年级1班"},
		{0, colStudentNo, "20240101"},
		{0, colName, "张三"},
		{0, colGender, i18n.T("gender.M")},
		{0, colGuardian1, i18n.T("dirscreen.guardian.named", "张建国", "父亲")},
		{0, colPhone1, "13812341234"},
		{0, colGuardian2, i18n.T("dirscreen.guardian.named", "李梅", "母亲")},
		{0, colPhone2, "13900001111"},
		{2, colPhone1, "137****5678"}, // exactly as the service gave it
		{2, colGuardian2, ""},
		{3, colGuardian2, i18n.T("dirscreen.guardian.more", i18n.T("dirscreen.guardian.named", "王芳", "母亲"), 1)},
	}
	for _, tt := range tests {
		got, imp := tableCellText(s.table, tt.row, tt.col)
		if got != tt.want {
			t.Errorf("cell (%d,%d) = %q, want %q", tt.row, tt.col, got, tt.want)
		}
		// a masked phone is read like any other: not in the disabled grey
		if imp != widget.MediumImportance {
			t.Errorf("cell (%d,%d) has importance %v, want the ordinary text's", tt.row, tt.col, imp)
		}
	}
}

func TestDirectoryGuardianDetail(t *testing.T) {
	s, w := newTestDirectory(t, testDirectory(), nil)
	s.table.Select(widget.TableCellID{Row: 0, Col: colGuardian1}) // 张三's father
	got := topDialogTexts(w)
	for _, want := range []string{
		i18n.T("dirscreen.detail.guardian_title", i18n.T("dirscreen.guardian.named", "张建国", "父亲")),
		"13812341234",
		i18n.T("dirscreen.detail.children", 2),
		"张三", "三年级1班", "张小红", "四年级1班",
	} {
		if !containsText(got, want) {
			t.Errorf("guardian detail lacks %q; it shows %q", want, got)
		}
	}
	if containsText(got, "王五") {
		t.Errorf("guardian detail lists 王五, who is not his child: %q", got)
	}
}

func TestDirectoryGuardianDetailSecondGuardian(t *testing.T) {
	s, w := newTestDirectory(t, testDirectory(), nil)
	s.table.Select(widget.TableCellID{Row: 0, Col: colPhone2})
	got := topDialogTexts(w)
	if !containsText(got, "李梅") || !containsText(got, "13900001111") || containsText(got, "张建国") {
		t.Errorf("clicking phone 2 should show 李梅 alone; it shows %q", got)
	}
}

func TestDirectoryStudentDetail(t *testing.T) {
	s, w := newTestDirectory(t, testDirectory(), nil)
	s.table.Select(widget.TableCellID{Row: 2, Col: colName}) // 李四
	got := topDialogTexts(w)
	for _, want := range []string{
		i18n.T("dirscreen.detail.student_title", "李四"),
		"三年级2班", "20240201",
		i18n.T("dirscreen.guardian.named", "李强", "父亲"),
		"137****5678",
	} {
		if !containsText(got, want) {
			t.Errorf("student detail lacks %q; it shows %q", want, got)
		}
	}
}

func TestDirectoryExport(t *testing.T) {
	var gotPath string
	var gotEntries []app.DirectoryEntry
	sheets := &mock.SheetService{WriteDirectoryFn: func(path string, entries []app.DirectoryEntry) error {
		gotPath, gotEntries = path, entries
		return nil
	}}
	s, w := newTestDirectory(t, testDirectory(), sheets)
	s.nav.Select(navIndex(t, s, 0, 3)) // grade 3
	test.Type(s.search, "5678")
	if got, want := s.exportName(), i18n.T("dirscreen.export.filename", "三年级"); got != want {
		t.Errorf("export file name = %q, want %q", got, want)
	}
	path := t.TempDir() + "/out.xlsx"
	s.exportTo(path)
	if gotPath != path {
		t.Errorf("WriteDirectory path = %q, want %q", gotPath, path)
	}
	var ids []int64
	for _, e := range gotEntries {
		ids = append(ids, e.StudentID)
	}
	if want := []int64{2, 3}; !slices.Equal(ids, want) {
		t.Errorf("exported students %v, want exactly the visible %v", ids, want)
	}
	if len(gotEntries) == 2 && gotEntries[1].Guardians[0].Phone != "137****5678" {
		t.Errorf("exported phone %q, want it as the service gave it", gotEntries[1].Guardians[0].Phone)
	}
	if !containsText(topDialogTexts(w), path) {
		t.Errorf("no confirmation with the path; the dialog shows %q", topDialogTexts(w))
	}
	if s.export.Disabled() {
		t.Error("export stays disabled after the export")
	}
}

func TestDirectoryExportError(t *testing.T) {
	sheets := &mock.SheetService{WriteDirectoryFn: func(string, []app.DirectoryEntry) error {
		return app.Errorf(app.EINVALID, "error.storage", "disk full")
	}}
	s, w := newTestDirectory(t, testDirectory(), sheets)
	s.exportTo(t.TempDir() + "/out.xlsx")
	if want := i18n.T("error.storage", "disk full"); !containsText(topDialogTexts(w), want) {
		t.Errorf("error dialog shows %q, want %q", topDialogTexts(w), want)
	}
}

func TestDirectoryServiceError(t *testing.T) {
	env, w := newScreenEnv(t, app.Services{Directory: &mock.DirectoryService{DirectoryFn: func(context.Context) (*app.Directory, error) {
		return nil, app.Errorf(app.EFORBIDDEN, "error.admin_only")
	}}})
	s := NewDirectoryScreen(env)
	s.run = runNow
	w.SetContent(s.Content())
	if want := i18n.T("error.admin_only"); !containsText(topDialogTexts(w), want) {
		t.Errorf("error dialog shows %q, want %q", topDialogTexts(w), want)
	}
	if !containsText(objectTexts(s.root), i18n.T("dirscreen.load_failed")) {
		t.Errorf("the screen shows %q, want the load-failed message with a retry", objectTexts(s.root))
	}
}

func TestDirectoryEmpty(t *testing.T) {
	tests := []struct {
		name string
		role app.Role
		want string
	}{
		{"admin", app.RoleAdmin, "dirscreen.empty.admin"},
		{"teacher", app.RoleTeacher, "dirscreen.empty.other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, w := newScreenEnv(t, app.Services{Directory: &mock.DirectoryService{DirectoryFn: func(context.Context) (*app.Directory, error) {
				return &app.Directory{}, nil
			}}})
			env.Account.Role = tt.role
			s := NewDirectoryScreen(env)
			s.run = runNow
			w.SetContent(s.Content())
			if !containsText(objectTexts(s.root), i18n.T(tt.want)) {
				t.Errorf("empty directory shows %q, want %q", objectTexts(s.root), i18n.T(tt.want))
			}
		})
	}
}

func TestDirectoryReloadKeepsFilter(t *testing.T) {
	dir := testDirectory()
	s, _ := newTestDirectory(t, dir, nil)
	s.nav.Select(navIndex(t, s, 10, 3))
	test.Type(s.search, "zs")
	dir.Entries = append(dir.Entries, app.DirectoryEntry{StudentID: 9, Name: "张森", ClassID: 10, ClassLabel: "三年级1班"})
	s.Reload()
	if got, want := visibleNames(s), []string{"张三", "张森"}; !slices.Equal(got, want) {
		t.Errorf("after reload the table shows %q, want %q", got, want)
	}
}

// TestDirectoryStudentStatus: the admin transfers a student out from the
// student's detail, then finds them under 已离校 and puts them back.
func TestDirectoryStudentStatus(t *testing.T) {
	dir := testDirectory()
	var changes []app.StatusChange
	former := []app.DirectoryEntry{{StudentID: 9, Name: "赵六", ClassID: 5, ClassLabel: "六年级1班（2025—2026学年）",
		Status: app.StatusGraduated}, {StudentID: 8, Name: "钱七", ClassID: 10, ClassLabel: "三年级1班",
		Status: app.StatusTransferred, StatusNote: "转至城关二小"}}
	env, w := newScreenEnv(t, app.Services{
		Directory: &mock.DirectoryService{DirectoryFn: func(context.Context) (*app.Directory, error) { return dir, nil }},
		Classes:   &mock.ClassService{ClassesFn: func(context.Context) ([]*app.Class, error) { return dir.Classes, nil }},
		Students: &mock.StudentService{
			SetStatusFn:      func(_ context.Context, c app.StatusChange) error { changes = append(changes, c); return nil },
			FormerStudentsFn: func(context.Context) ([]app.DirectoryEntry, error) { return former, nil },
		},
	})
	s := NewDirectoryScreen(env)
	s.run = runNow
	w.SetContent(s.Content())

	s.table.Select(widget.TableCellID{Row: 2, Col: colName}) // 李四
	test.Tap(buttonWithText(t, w.Canvas().Overlays().Top(), i18n.T("dirscreen.status.out")))
	form := w.Canvas().Overlays().Top()
	for _, o := range test.LaidOutObjects(form) {
		if e, ok := o.(*widget.Entry); ok {
			test.Type(e, "转至城关二小")
		}
	}
	test.Tap(buttonWithText(t, form, i18n.T("dirscreen.status.confirm.transferred")))
	if len(changes) != 1 || changes[0].To != app.StatusTransferred || changes[0].StudentIDs[0] != 3 || changes[0].Note != "转至城关二小" {
		t.Fatalf("status changes = %+v; want 李四 (3) transferred with the note", changes)
	}

	s.roll.SetSelected(i18n.T("dirscreen.roll.off"))
	if got := visibleNames(s); !slices.Equal(got, []string{"赵六", "钱七"}) {
		t.Fatalf("已离校 shows %q; want 赵六 and 钱七", got)
	}
	if got, _ := tableCellText(s.table, 1, colClass); got != i18n.T("dirscreen.former.class", "三年级1班", app.StatusTransferred.Label()) {
		t.Errorf("钱七's class cell = %q; want the class and 已转出", got)
	}
	s.table.Select(widget.TableCellID{Row: 0, Col: colName}) // 赵六, graduated: no action
	if got := topDialogTexts(w); containsText(got, i18n.T("dirscreen.status.in")) || !containsText(got, app.StatusGraduated.Label()) {
		t.Errorf("a graduate's detail shows %q; want the status and no 转入", got)
	}
	w.Canvas().Overlays().Top().(*widget.PopUp).Hide()
	s.table.Select(widget.TableCellID{Row: 1, Col: colName}) // 钱七
	test.Tap(buttonWithText(t, w.Canvas().Overlays().Top(), i18n.T("dirscreen.status.in")))
	form = w.Canvas().Overlays().Top()
	for _, o := range test.LaidOutObjects(form) {
		if sel, ok := o.(*widget.Select); ok {
			sel.SetSelectedIndex(1) // 三年级2班
		}
	}
	test.Tap(buttonWithText(t, form, i18n.T("dirscreen.status.confirm.active")))
	if len(changes) != 2 || changes[1].To != app.StatusActive || changes[1].ClassID != 11 || changes[1].StudentIDs[0] != 8 {
		t.Errorf("status changes = %+v; want 钱七 (8) back in class 11", changes)
	}
}

// A teacher's directory opens on their own class: the one they head, else
// the first of theirs; the administrator's and principal's on everyone.
func TestDirectoryStartsOnOwnClass(t *testing.T) {
	tests := []struct {
		name string
		a    *app.Account
		want []string
	}{
		{"head teacher of 四年级1班", &app.Account{Role: app.RoleTeacher, StaffID: 7, ClassIDs: []int64{11, 20}}, []string{"张小红"}},
		{"heads none", &app.Account{Role: app.RoleTeacher, StaffID: 9, ClassIDs: []int64{20, 11}}, []string{"李四"}},
		{"teaches none", &app.Account{Role: app.RoleTeacher, StaffID: 9}, []string{"张三", "王五", "李四", "张小红"}},
		{"administrator", &app.Account{Role: app.RoleAdmin, StaffID: 7, ClassIDs: []int64{20}}, []string{"张三", "王五", "李四", "张小红"}},
		{"principal", &app.Account{Role: app.RolePrincipal, StaffID: 7, ClassIDs: []int64{20}}, []string{"张三", "王五", "李四", "张小红"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := testDirectory()
			dir.Classes[2].HeadTeacherID = 7 // 四年级1班
			env, w := newScreenEnv(t, app.Services{
				Directory: &mock.DirectoryService{DirectoryFn: func(context.Context) (*app.Directory, error) { return dir, nil }},
			})
			env.Account = tt.a
			s := NewDirectoryScreen(env)
			s.run = runNow
			w.SetContent(s.Content())
			if got := visibleNames(s); !slices.Equal(got, tt.want) {
				t.Errorf("opens on %q, want %q", got, tt.want)
			}
			// the class is picked in the list too, and the list can leave it
			s.nav.Select(0)
			if got := len(s.visible); got != 4 {
				t.Errorf("all classes shows %d students, want 4", got)
			}
		})
	}
}

// TestPhoneLabel: a masked phone in a guardian's detail reads as text; only
// the words for no phone at all are grey.
func TestPhoneLabel(t *testing.T) {
	tests := []struct {
		name string
		g    app.GuardianContact
		text string
		imp  widget.Importance
	}{
		{"full", app.GuardianContact{Phone: "13812341234"}, "13812341234", widget.MediumImportance},
		{"masked", app.GuardianContact{Phone: "138****1234", PhoneMasked: true}, "138****1234", widget.MediumImportance},
		{"none", app.GuardianContact{}, i18n.T("dirscreen.detail.no_phone"), widget.LowImportance},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := phoneLabel(tt.g)
			if l.Text != tt.text || l.Importance != tt.imp {
				t.Errorf("phoneLabel = %q with importance %v, want %q with %v", l.Text, l.Importance, tt.text, tt.imp)
			}
		})
	}
}
