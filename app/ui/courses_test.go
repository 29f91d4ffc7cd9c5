package ui

import (
	"context"
	"errors"
	"net/url"
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

// testCourses are a ready course and one half downloaded.
func testCourses() []*app.SchoolCourse {
	file := func(id, name string, size int64, state app.CourseFileState, have int64) app.SchoolCourseFile {
		return app.SchoolCourseFile{CourseFile: app.CourseFile{ID: id, Name: name, Size: size}, State: state, Have: have}
	}
	return []*app.SchoolCourse{
		{ID: 1, UUID: "c1", Title: "认识钟表", Subject: "数学", GradeFrom: 1, GradeTo: 2, Description: "一年级上册第七单元",
			PublishedAt: time.Date(2026, 12, 1, 9, 0, 0, 0, time.Local),
			Files:       []app.SchoolCourseFile{file("f1", "第1课 认识钟表.mp4", 300<<20, app.CourseFileReady, 300<<20), file("f2", "学案.pdf", 2<<20, app.CourseFileReady, 2<<20)}},
		{ID: 2, UUID: "c2", Title: "古诗二首：望庐山瀑布与绝句的朗读与赏析（配套视频和课件）", Subject: "语文", GradeFrom: 3, GradeTo: 6,
			PublishedAt: time.Date(2026, 12, 2, 9, 0, 0, 0, time.Local),
			Files:       []app.SchoolCourseFile{file("f3", "朗读示范.mp4", 800<<20, app.CourseFilePartial, 200<<20), file("f4", "课件.pptx", 5<<20, app.CourseFileWaiting, 0)}},
	}
}

// newCourseFakes is the course service over testCourses, filtering as
// storage does and recording the filters asked and the files opened.
func newCourseFakes() (*mock.CourseService, *[]app.CourseFilter, *[]string) {
	var filters []app.CourseFilter
	var opened []string
	svc := &mock.CourseService{
		SubjectsFn: func(context.Context) ([]string, error) { return []string{"数学", "语文"}, nil },
		CoursesFn: func(_ context.Context, f app.CourseFilter) ([]*app.SchoolCourse, error) {
			filters = append(filters, f)
			var out []*app.SchoolCourse
			for _, c := range testCourses() {
				if f.Matches(c) {
					out = append(out, c)
				}
			}
			return out, nil
		},
		CourseSettingsFn: func(context.Context) (app.CourseSettings, error) {
			return app.CourseSettings{Bandwidth: 256 << 10, ClassHours: "08:00-11:50"}, nil
		},
		OpenCourseFileFn: func(_ context.Context, id string) (string, error) {
			opened = append(opened, id)
			return "/data/courses/c1/第1课 认识钟表.mp4", nil
		},
	}
	return svc, &filters, &opened
}

// teacherAccount is who the page's tests act as unless an administrator.
var teacherAccount = &app.Account{ID: 3, Username: "teacher", Role: app.RoleTeacher}

// newTestCourses builds the page over svc for the account, in Chinese,
// with work run at once.
func newTestCourses(t *testing.T, svc app.CourseService, acct *app.Account) (*CoursesScreen, *Env) {
	t.Helper()
	inChinese(t)
	env, w := newScreenEnv(t, app.Services{Courses: svc})
	env.Account = acct
	runs := runAsync
	runAsync = runNow
	t.Cleanup(func() { runAsync = runs })
	s := NewCoursesScreen(env)
	w.SetContent(s.Content())
	return s, env
}

// A teacher browses the courses by subject and grade, offline: the list
// shows each course's readiness; a course shows its files, a ready one
// with 打开, a partial one with its progress; opening a file counts it
// and hands a file:// URL to the system's viewer.
func TestCoursesPage(t *testing.T) {
	svc, filters, opened := newCourseFakes()
	s, _ := newTestCourses(t, svc, teacherAccount)
	var urls []*url.URL
	s.open = func(u *url.URL) error { urls = append(urls, u); return nil }

	if len(s.items) != 2 || !slices.Equal(s.subject.Options, []string{"全部学科", "数学", "语文"}) {
		t.Fatalf("items %d, subjects %v; want both courses and the subjects", len(s.items), s.subject.Options)
	}
	if s.importBtn != nil {
		t.Error("a teacher is offered the import of a package")
	}
	if got := s.settings.Text; got != "下载限速：256 KB/秒\n上课时段：08:00-11:50" {
		t.Errorf("settings line = %q", got)
	}
	if got := courseMeta(s.items[1]); got != "语文 · 三年级—六年级 · 已下载 24%" {
		t.Errorf("second course's line = %q", got)
	}
	s.grade.SetSelected(app.GradeName(4))
	if last := (*filters)[len(*filters)-1]; last != (app.CourseFilter{Grade: 4}) || len(s.items) != 1 || s.items[0].UUID != "c2" {
		t.Errorf("grade 4: filter %+v, items %d; want the 语文 course only", last, len(s.items))
	}
	s.subject.SetSelected("数学")
	if last := (*filters)[len(*filters)-1]; last != (app.CourseFilter{Subject: "数学", Grade: 4}) || len(s.items) != 0 || !s.msg.Visible() {
		t.Errorf("数学, grade 4: filter %+v, items %d; want none and the empty message", last, len(s.items))
	}
	s.grade.SetSelected(i18n.T("course.ui.all_grades"))
	s.list.Select(0)
	texts := objectTexts(s.detail)
	for _, want := range []string{"认识钟表", "一年级上册第七单元", "第1课 认识钟表.mp4（300.0 MB）"} {
		if !containsText(texts, want) {
			t.Errorf("the course's view lacks %q: %q", want, texts)
		}
	}
	open := buttonsWithText(s.detail, i18n.T("course.ui.open"))
	if len(open) != 2 {
		t.Fatalf("%d 打开 buttons, want one per ready file", len(open))
	}
	test.Tap(open[0])
	if !slices.Equal(*opened, []string{"f1"}) || len(urls) != 1 || urls[0].String() != "file:///data/courses/c1/%E7%AC%AC1%E8%AF%BE%20%E8%AE%A4%E8%AF%86%E9%92%9F%E8%A1%A8.mp4" {
		t.Errorf("opened %v with %v; want f1 as a file:// URL", *opened, urls)
	}

	s.subject.SetSelected(i18n.T("course.ui.all_subjects"))
	s.list.Select(1)
	if n := len(buttonsWithText(s.detail, i18n.T("course.ui.open"))); n != 0 {
		t.Errorf("%d 打开 buttons on a course with no file ready", n)
	}
	var bars []*widget.ProgressBar
	walkTree(s.detail, true, func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.ProgressBar); ok {
			bars = append(bars, b)
		}
		return true
	})
	if len(bars) != 1 || bars[0].Value/bars[0].Max != 0.25 {
		t.Errorf("progress bars %v; want one at 25%%", bars)
	}
	if !containsText(objectTexts(s.detail), i18n.T("course.state.waiting")) {
		t.Error("the waiting file does not say so")
	}
}

// An administrator imports a package from a USB stick: the page says
// what the import did and shows the course; a refused package says why.
func TestCoursesPageImport(t *testing.T) {
	svc, _, _ := newCourseFakes()
	var imported []string
	svc.ImportCourseFn = func(_ context.Context, path string) (*app.CourseImport, error) {
		imported = append(imported, path)
		if path == "/usb/坏.jxjcourse" {
			return nil, app.Errorf(app.EINVALID, "course.error.package_checksum", "学案.pdf")
		}
		return &app.CourseImport{Course: testCourses()[0], Written: 2}, nil
	}
	s, env := newTestCourses(t, svc, &app.Account{ID: 1, Username: "admin", Role: app.RoleAdmin})
	w := env.Window
	if s.importBtn == nil {
		t.Fatal("no import for the administrator")
	}
	s.importPackage("/usb/认识钟表.jxjcourse")
	if !containsText(topDialogTexts(w), i18n.T("course.cli.imported", "认识钟表", 2, 0)) {
		t.Errorf("dialog = %q; want what the import did", topDialogTexts(w))
	}
	if s.shown != "c1" || !containsText(objectTexts(s.detail), "一年级上册第七单元") || s.importBtn.Disabled() {
		t.Errorf("after the import: shown %q, import disabled %v; want the course on show", s.shown, s.importBtn.Disabled())
	}
	s.importPackage("/usb/坏.jxjcourse")
	if !containsText(topDialogTexts(w), i18n.T("course.error.package_checksum", "学案.pdf")) || len(imported) != 2 {
		t.Errorf("dialog = %q, imports %v; want why the package was refused", topDialogTexts(w), imported)
	}
}

// An administrator changes the download settings in KB/s; a cap that is
// no number or class hours that are no ranges are not taken.
func TestCoursesPageSettings(t *testing.T) {
	svc, _, _ := newCourseFakes()
	var saved []app.CourseSettings
	svc.SetCourseSettingsFn = func(_ context.Context, cs app.CourseSettings) error { saved = append(saved, cs); return nil }
	s, env := newTestCourses(t, svc, &app.Account{ID: 1, Username: "admin", Role: app.RoleAdmin})
	w := env.Window
	// edit fills the dialog and presses 确定; it reports whether the
	// dialog closed (a bad entry keeps it open, and it is cancelled)
	edit := func(kbs, hours string) bool {
		t.Helper()
		test.Tap(buttonWithText(t, s.Content(), i18n.T("course.ui.settings")))
		dlg := w.Canvas().Overlays().Top()
		var entries []*widget.Entry
		walkTree(dlg, false, func(o fyne.CanvasObject) bool {
			if e, ok := o.(*widget.Entry); ok {
				entries = append(entries, e)
			}
			return true
		})
		if len(entries) != 2 || entries[0].Text != "256" || entries[1].Text != "08:00-11:50" {
			t.Fatalf("the dialog's entries = %d; want the cap in KB/s (256) and the class hours", len(entries))
		}
		entries[0].SetText(kbs)
		entries[1].SetText(hours)
		test.Tap(buttonWithText(t, dlg, i18n.T("formpage.ok")))
		if w.Canvas().Overlays().Top() == dlg {
			test.Tap(buttonWithText(t, dlg, i18n.T("formpage.cancel")))
			return false
		}
		return true
	}
	if edit("abc", "08:00-11:50") || edit("100", "上午") || len(saved) != 0 {
		t.Fatalf("bad settings were taken: %+v", saved)
	}
	if !edit("100", "08:00-11:50,14:00-17:00") {
		t.Fatal("good settings were not taken")
	}
	if want := (app.CourseSettings{Bandwidth: 100 << 10, ClassHours: "08:00-11:50,14:00-17:00"}); len(saved) != 1 || saved[0] != want {
		t.Errorf("saved %+v, want %+v", saved, want)
	}
	if s.settings.Text != "下载限速：100 KB/秒\n上课时段：08:00-11:50,14:00-17:00" {
		t.Errorf("settings line = %q", s.settings.Text)
	}
}

// A file the service will not open (gone from the disk) says why and
// what to do; a viewer that fails says so too.
func TestCoursesPageOpenFails(t *testing.T) {
	svc, _, _ := newCourseFakes()
	svc.OpenCourseFileFn = func(context.Context, string) (string, error) {
		return "", app.Errorf(app.ECONFLICT, "course.error.file_missing", "学案.pdf")
	}
	s, env := newTestCourses(t, svc, teacherAccount)
	s.open = func(*url.URL) error { t.Error("a file the service refused was opened"); return nil }
	s.list.Select(0)
	test.Tap(buttonsWithText(s.detail, i18n.T("course.ui.open"))[1])
	if !containsText(topDialogTexts(env.Window), i18n.T("course.error.file_missing", "学案.pdf")) {
		t.Errorf("dialog = %q; want why", topDialogTexts(env.Window))
	}

	svc2, _, _ := newCourseFakes()
	s2, env2 := newTestCourses(t, svc2, teacherAccount)
	s2.open = func(*url.URL) error { return errors.New("no handler") }
	s2.list.Select(0)
	test.Tap(buttonsWithText(s2.detail, i18n.T("course.ui.open"))[0])
	if !containsText(topDialogTexts(env2.Window), i18n.T("course.ui.error.open", "第1课 认识钟表.mp4", "no handler")) {
		t.Errorf("dialog = %q; want the viewer's failure", topDialogTexts(env2.Window))
	}
}

// buttonsWithText are the buttons under o with that text, in order.
func buttonsWithText(o fyne.CanvasObject, text string) []*widget.Button {
	var out []*widget.Button
	walkTree(o, false, func(x fyne.CanvasObject) bool {
		if b, ok := x.(*widget.Button); ok && b.Text == text {
			out = append(out, b)
		}
		return true
	})
	return out
}

// A file's URL is file:// with the path escaped, a Windows drive's too.
func TestCourseFileURL(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/data/courses/a b.mp4", "file:///data/courses/a%20b.mp4"},
		{"C:/jxj/courses/课.pdf", "file:///C:/jxj/courses/%E8%AF%BE.pdf"},
		{"C:/Users/张/jxj/attachments/u1/a#b.pdf", "file:///C:/Users/%E5%BC%A0/jxj/attachments/u1/a%23b.pdf"},
	}
	for _, tt := range tests {
		if got := slashURL(tt.path).String(); got != tt.want {
			t.Errorf("slashURL(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}
