package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

// hwFixedNow is the clock of the homework tests.
var hwFixedNow = time.Date(2026, 11, 24, 15, 0, 0, 0, time.Local)

func testHomeworkClasses() []*app.Class {
	return []*app.Class{{ID: 10, Grade: 3, Name: "1班"}, {ID: 11, Grade: 3, Name: "2班"}}
}

func testHomework() *app.Homework {
	return &app.Homework{ID: 7, Subject: "数学", Content: "练习册第 12 页\n第 1–5 题", ClassIDs: []int64{10},
		ClassLabels: []string{"三年级1班"}, Due: time.Date(2026, 11, 25, 0, 0, 0, 0, time.Local),
		Counts: app.CompletionCounts{Total: 45, Done: 38, Late: 2, Excused: 0, Unrecorded: 5}}
}

func testHomeworkEntries() []app.HomeworkEntry {
	return []app.HomeworkEntry{
		{StudentID: 1, StudentName: "张三", StudentNo: "01", ClassID: 10, ClassLabel: "三年级1班"},
		{StudentID: 2, StudentName: "李四", StudentNo: "02", ClassID: 10, ClassLabel: "三年级1班", State: app.CompletionDone},
		{StudentID: 3, StudentName: "王五", StudentNo: "03", ClassID: 10, ClassLabel: "三年级1班"},
		{StudentID: 4, StudentName: "赵六", StudentNo: "01", ClassID: 11, ClassLabel: "三年级2班", State: app.CompletionExcused},
	}
}

// newTestHomework builds a homework screen over the fakes, with work run
// at once and a fixed clock.
func newTestHomework(t *testing.T, hw *mock.HomeworkService, sheets *mock.SheetService, acc *app.Account) (*HomeworkScreen, fyne.Window) {
	t.Helper()
	env, w := newScreenEnv(t, app.Services{
		Homework: hw,
		Sheets:   sheets,
		Classes:  &mock.ClassService{ClassesFn: func(context.Context) ([]*app.Class, error) { return testHomeworkClasses(), nil }},
	})
	if acc != nil {
		env.Account = acc
	}
	s := NewHomeworkScreen(env)
	s.run = runNow
	s.now = func() time.Time { return hwFixedNow }
	w.SetContent(s.Content())
	return s, w
}

func TestHomeworkList(t *testing.T) {
	s, _ := newTestHomework(t, &mock.HomeworkService{
		HomeworksFn: func(context.Context) ([]*app.Homework, error) { return []*app.Homework{testHomework()}, nil },
	}, nil, nil)
	texts := objectTexts(s.list)
	for _, want := range []string{
		i18n.T("homeworkpage.item_title", "数学", "练习册第 12 页"),
		i18n.T("homeworkpage.list.meta", "三年级1班", "2026-11-25"),
	} {
		if !containsText(texts, want) {
			t.Errorf("the list shows %q, want %q", texts, want)
		}
	}
	item := s.list.CreateItem()
	s.list.UpdateItem(0, item)
	var bar *widget.ProgressBar
	for _, o := range test.LaidOutObjects(item) {
		if b, ok := o.(*widget.ProgressBar); ok {
			bar = b
		}
	}
	if bar == nil {
		t.Fatal("the list item has no completion bar")
	}
	if got, want := bar.TextFormatter(), i18n.T("homeworkpage.handed_in", 40, 45); got != want {
		t.Errorf("bar text = %q, want %q", got, want)
	}
}

func TestHomeworkAssign(t *testing.T) {
	var got []app.HomeworkDraft
	opened := int64(0)
	hw := &mock.HomeworkService{
		HomeworksFn: func(context.Context) ([]*app.Homework, error) { return nil, nil },
		AssignHomeworkFn: func(_ context.Context, d app.HomeworkDraft) (*app.Homework, error) {
			got = append(got, d)
			return &app.Homework{ID: 9}, nil
		},
		HomeworkEntriesFn: func(_ context.Context, id int64) (*app.Homework, []app.HomeworkEntry, error) {
			opened = id
			return testHomework(), testHomeworkEntries(), nil
		},
	}
	teacher := &app.Account{ID: 2, Username: "t", Role: app.RoleTeacher, ClassIDs: []int64{11}}
	s, _ := newTestHomework(t, hw, nil, teacher)
	s.Compose()
	a := s.assign
	if got, want := a.due.Text, "2026-11-25"; got != want {
		t.Errorf("due date proposed = %q, want tomorrow %q", got, want)
	}
	if got := len(a.picker.grades); got != 1 || len(a.picker.grades[0].classes) != 1 || a.picker.grades[0].classes[0].ID != 11 {
		t.Fatalf("a teacher of class 11 is offered %d grades, want class 11 alone", got)
	}
	a.subject.SetText("语文")
	test.Type(a.body, "背诵《静夜思》")
	a.due.SetText("2026年12月1日")
	a.picker.SetSelected([]int64{11})
	test.Tap(a.publish)

	if len(got) != 1 {
		t.Fatalf("AssignHomework called %d times, want 1", len(got))
	}
	d := got[0]
	want := time.Date(2026, 12, 1, 0, 0, 0, 0, time.Local)
	if d.Subject != "语文" || d.Content != "背诵《静夜思》" || !slices.Equal(d.ClassIDs, []int64{11}) || !d.Due.Equal(want) {
		t.Errorf("draft = %+v, want 语文, the content, class 11, due %v", d, want)
	}
	if opened != 9 || s.detail == nil {
		t.Errorf("after publishing the screen opened homework %d (detail %v), want the new homework 9", opened, s.detail != nil)
	}
}

func TestHomeworkAssignRejected(t *testing.T) {
	tests := []struct {
		name    string
		due     string
		classes []int64
		want    string
	}{
		{"bad date", "下周一", []int64{10}, i18n.Err(app.Errorf(app.EINVALID, "date.error.invalid", "下周一"))},
		{"no class", "2026-12-01", nil, i18n.Err(app.Errorf(app.EINVALID, "homework.error.classes_required"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			s, _ := newTestHomework(t, &mock.HomeworkService{
				HomeworksFn: func(context.Context) ([]*app.Homework, error) { return nil, nil },
				AssignHomeworkFn: func(context.Context, app.HomeworkDraft) (*app.Homework, error) {
					calls++
					return &app.Homework{ID: 1}, nil
				},
			}, nil, nil)
			s.Compose()
			a := s.assign
			a.subject.SetText("数学")
			a.body.SetText("口算")
			a.due.SetText(tt.due)
			a.picker.SetSelected(tt.classes)
			test.Tap(a.publish)
			if calls != 0 {
				t.Errorf("AssignHomework called %d times, want none", calls)
			}
			if !a.errMsg.Visible() || a.errMsg.Text != tt.want {
				t.Errorf("inline error = %q (shown %v), want %q", a.errMsg.Text, a.errMsg.Visible(), tt.want)
			}
		})
	}
}

// markButton returns the button of state c in row of the table, as the
// table draws it.
func markButton(d *homeworkDetail, row int, c app.Completion) *widget.Button {
	cell := d.createCell()
	d.updateCell(widget.TableCellID{Row: row, Col: hwColMark}, cell)
	return cell.(*fyne.Container).Objects[1].(*fyne.Container).Objects[slices.Index(app.Completions, c)].(*widget.Button)
}

// hwCellText is what the completion table shows in a cell.
func hwCellText(d *homeworkDetail, row, col int) string {
	cell := d.createCell()
	d.updateCell(widget.TableCellID{Row: row, Col: col}, cell)
	return cell.(*fyne.Container).Objects[0].(*widget.Label).Text
}

// savingHomework fakes the homework service over the test homework,
// recording each SetCompletion in saves.
func savingHomework(t *testing.T, saves *[][]app.CompletionMark) *mock.HomeworkService {
	return &mock.HomeworkService{
		HomeworksFn: func(context.Context) ([]*app.Homework, error) { return nil, nil },
		HomeworkEntriesFn: func(context.Context, int64) (*app.Homework, []app.HomeworkEntry, error) {
			return testHomework(), testHomeworkEntries(), nil
		},
		SetCompletionFn: func(_ context.Context, id int64, marks []app.CompletionMark) error {
			if id != 7 {
				t.Errorf("SetCompletion for homework %d, want 7", id)
			}
			*saves = append(*saves, marks)
			return nil
		},
	}
}

func TestHomeworkQuickEntry(t *testing.T) {
	var saves [][]app.CompletionMark
	s, _ := newTestHomework(t, savingHomework(t, &saves), nil, nil)
	s.Open(7)
	d := s.detail

	test.Tap(markButton(d, 2, app.CompletionLate))              // 王五 late
	d.table.Select(widget.TableCellID{Row: 1, Col: hwColState}) // 李四 done → late
	d.table.Select(widget.TableCellID{Row: 1, Col: hwColState}) // late → missing
	test.Tap(d.allDone)                                         // 张三, the only one unrecorded
	test.Tap(markButton(d, 2, app.CompletionLate))              // no change, no save
	want := [][]app.CompletionMark{
		{{StudentID: 3, State: app.CompletionLate}},
		{{StudentID: 2, State: app.CompletionLate}},
		{{StudentID: 2, State: app.CompletionMissing}},
		{{StudentID: 1, State: app.CompletionDone}},
	}
	if !slices.EqualFunc(saves, want, slices.Equal) {
		t.Errorf("SetCompletion got %v, want %v", saves, want)
	}
	if got := hwCellText(d, 1, hwColState); got != i18n.T("completion.missing") {
		t.Errorf("李四's state shows %q, want %q", got, i18n.T("completion.missing"))
	}
	if got, want := d.status.Text, i18n.T("homeworkpage.saved"); got != want {
		t.Errorf("status = %q, want %q", got, want)
	}
	// class 1: 张三 done, 王五 late, 李四 missing → 2/3; class 2: 赵六 excused → 0/0
	texts := objectTexts(d.bars)
	c1 := handedInText(app.CompletionCounts{Total: 3, Done: 1, Late: 1, Missing: 1})
	for _, want := range []string{"三年级1班", i18n.T("homeworkpage.class_rate", c1, 200.0/3), "三年级2班"} {
		if !containsText(texts, want) {
			t.Errorf("class bars show %q, want %q", texts, want)
		}
	}
	for _, o := range test.LaidOutObjects(d.bars) {
		if b, ok := o.(*widget.ProgressBar); ok && b.TextFormatter() == i18n.T("homeworkpage.class_rate", c1, 200.0/3) {
			if got := b.Value; got < 0.66 || got > 0.67 {
				t.Errorf("class 1 bar = %v, want 2/3", got)
			}
		}
	}
}

func TestHomeworkSaveFailsThenRetries(t *testing.T) {
	fail := true
	var saves [][]app.CompletionMark
	hw := &mock.HomeworkService{
		HomeworksFn: func(context.Context) ([]*app.Homework, error) { return nil, nil },
		HomeworkEntriesFn: func(context.Context, int64) (*app.Homework, []app.HomeworkEntry, error) {
			return testHomework(), testHomeworkEntries(), nil
		},
		SetCompletionFn: func(_ context.Context, _ int64, marks []app.CompletionMark) error {
			saves = append(saves, marks)
			if fail {
				return errors.New("disk full")
			}
			return nil
		},
	}
	s, _ := newTestHomework(t, hw, nil, nil)
	s.Open(7)
	d := s.detail
	test.Tap(markButton(d, 0, app.CompletionDone))
	if !d.retry.Visible() || d.status.Importance != widget.DangerImportance {
		t.Fatalf("after a failed save: retry shown %v, status %q; want the failure and a retry", d.retry.Visible(), d.status.Text)
	}
	fail = false
	test.Tap(d.retry)
	want := []app.CompletionMark{{StudentID: 1, State: app.CompletionDone}}
	if len(saves) != 2 || !slices.Equal(saves[1], want) {
		t.Errorf("saves = %v, want the same mark sent again: %v", saves, want)
	}
	if d.retry.Visible() || d.status.Text != i18n.T("homeworkpage.saved") {
		t.Errorf("after the retry: retry shown %v, status %q; want saved", d.retry.Visible(), d.status.Text)
	}
}

func TestHomeworkExport(t *testing.T) {
	var gotPath string
	var gotEntries []app.HomeworkEntry
	var gotCounts app.CompletionCounts
	sheets := &mock.SheetService{WriteHomeworkFn: func(path string, h *app.Homework, entries []app.HomeworkEntry) error {
		gotPath, gotEntries, gotCounts = path, entries, h.Counts
		return nil
	}}
	s, w := newTestHomework(t, &mock.HomeworkService{
		HomeworksFn: func(context.Context) ([]*app.Homework, error) { return nil, nil },
		HomeworkEntriesFn: func(context.Context, int64) (*app.Homework, []app.HomeworkEntry, error) {
			return testHomework(), testHomeworkEntries(), nil
		},
	}, sheets, nil)
	s.Open(7)
	s.detail.exportTo("/tmp/hw.xlsx")
	if gotPath != "/tmp/hw.xlsx" || len(gotEntries) != 4 {
		t.Errorf("WriteHomework(%q, %d entries), want /tmp/hw.xlsx with 4", gotPath, len(gotEntries))
	}
	if want := (app.CompletionCounts{Total: 4, Done: 1, Excused: 1, Unrecorded: 2}); gotCounts != want {
		t.Errorf("exported counts = %+v, want %+v", gotCounts, want)
	}
	if !containsText(topDialogTexts(w), "/tmp/hw.xlsx") {
		t.Errorf("after the export the window shows %q, want the path", topDialogTexts(w))
	}
	if s.detail.progress.busy() || s.detail.export.Disabled() {
		t.Error("the export's progress is still shown")
	}
}

func TestHomeworkKeyboardEntry(t *testing.T) {
	var saves [][]app.CompletionMark
	s, _ := newTestHomework(t, &mock.HomeworkService{
		HomeworksFn: func(context.Context) ([]*app.Homework, error) { return nil, nil },
		HomeworkEntriesFn: func(context.Context, int64) (*app.Homework, []app.HomeworkEntry, error) {
			return testHomework(), testHomeworkEntries(), nil
		},
		SetCompletionFn: func(_ context.Context, _ int64, marks []app.CompletionMark) error {
			saves = append(saves, marks)
			return nil
		},
	}, nil, nil)
	s.Open(7)
	d := s.detail
	// the arrows move to 张三's state, Space moves it on, twice
	for _, k := range []fyne.KeyName{fyne.KeyRight, fyne.KeyRight, fyne.KeyRight, fyne.KeySpace, fyne.KeySpace} {
		d.table.TypedKey(&fyne.KeyEvent{Name: k})
	}
	want := [][]app.CompletionMark{{{StudentID: 1, State: app.CompletionDone}}, {{StudentID: 1, State: app.CompletionLate}}}
	if !slices.EqualFunc(saves, want, slices.Equal) {
		t.Errorf("SetCompletion got %v, want %v", saves, want)
	}
}

// A homework of several classes shows one class at a time when asked;
// marks and 全部完成 go on working on the rows shown.
func TestHomeworkClassFilter(t *testing.T) {
	var saves [][]app.CompletionMark
	s, _ := newTestHomework(t, savingHomework(t, &saves), nil, nil)
	s.Open(7)
	d := s.detail
	f := d.classes
	if !f.Content().Visible() || !slices.Equal(f.sel.Options, []string{i18n.T("classfilter.all"), "三年级1班", "三年级2班"}) {
		t.Fatalf("class filter shown %v with %q; want 全部 and both classes", f.Content().Visible(), f.sel.Options)
	}
	names := func() []string {
		rows, _ := d.table.Length()
		var out []string
		for r := range rows {
			out = append(out, hwCellText(d, r, hwColName))
		}
		return out
	}
	f.sel.SetSelected("三年级2班")
	if got := names(); !slices.Equal(got, []string{"赵六"}) {
		t.Fatalf("三年级2班 shows %q, want 赵六", got)
	}
	test.Tap(markButton(d, 0, app.CompletionDone))
	f.sel.SetSelected("三年级1班")
	if got := names(); !slices.Equal(got, []string{"张三", "李四", "王五"}) {
		t.Fatalf("三年级1班 shows %q", got)
	}
	d.table.Select(widget.TableCellID{Row: 1, Col: hwColState}) // 李四 done → late
	test.Tap(d.allDone)                                         // 张三 and 王五
	want := [][]app.CompletionMark{
		{{StudentID: 4, State: app.CompletionDone}},
		{{StudentID: 2, State: app.CompletionLate}},
		{{StudentID: 1, State: app.CompletionDone}, {StudentID: 3, State: app.CompletionDone}},
	}
	if !slices.EqualFunc(saves, want, slices.Equal) {
		t.Errorf("SetCompletion got %v, want %v", saves, want)
	}
	f.sel.SetSelected(i18n.T("classfilter.all"))
	if got := names(); len(got) != 4 {
		t.Errorf("全部 shows %q, want the four students", got)
	}

	// a homework of one class has nothing to pick
	one := testHomeworkEntries()[:3]
	d.setData(testHomework(), one)
	if f.Content().Visible() {
		t.Error("the class filter shows for a homework of one class")
	}
	if got := names(); len(got) != 3 {
		t.Errorf("one class shows %q, want its three students", got)
	}
}

// A homework of many classes keeps its per-class bars within the width
// of one: they stand as many side by side as the page has room for, so
// English class names never widen a small screen's window.
func TestHomeworkClassBarsFitSmallScreens(t *testing.T) {
	lang := i18n.Language()
	t.Cleanup(func() { i18n.SetLanguage(lang) })
	i18n.SetLanguage(i18n.English)
	var saves [][]app.CompletionMark
	s, _ := newTestHomework(t, savingHomework(t, &saves), nil, nil)
	s.Open(7)
	d := s.detail
	var entries []app.HomeworkEntry
	for c := range 12 {
		entries = append(entries, app.HomeworkEntry{StudentID: int64(c + 1), StudentName: "张三", StudentNo: "01",
			ClassID: int64(10 + c), ClassLabel: app.ClassLabel(c/4+1, fmt.Sprintf("%d班", c%4+1))})
	}
	d.setData(testHomework(), entries)
	one := d.bars.Objects[0].MinSize().Width
	for _, o := range d.bars.Objects {
		one = max(one, o.MinSize().Width)
	}
	if got := d.bars.MinSize().Width; got > one {
		t.Errorf("the class bars need %v wide, more than the widest bar's %v", got, one)
	}
}
