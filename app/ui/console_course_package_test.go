package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"jxj/app"
	"jxj/app/i18n"
)

// openCourseFollow shows 公开课's first course, the one standing.
func openCourseFollow(h *consoleHarness) *consoleCourseFollow {
	h.t.Helper()
	h.console.selectPage(consolePageCourses)
	h.wait()
	s := h.console.screens[consolePageCourses].(*consoleCourses)
	s.Open(s.items[0])
	h.wait()
	return s.follow
}

// 导出课程包（U盘）asks where to save under the course's title, shows the
// bar as the package comes with 取消, and says where the package is and
// how a school imports it. 取消 stops it and leaves no file, not even the
// empty one the save dialog made; an error is shown; offline the button
// is disabled.
func TestConsoleCoursePackage(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauStaff)
	f := openCourseFollow(h)
	p := f.pkg
	if p.button.Disabled() || p.button.Text != i18n.T("course_package.export") {
		t.Fatalf("the button %q, disabled %v", p.button.Text, p.button.Disabled())
	}
	test.Tap(p.button)
	if h.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no save dialog")
	}
	closeOverlays(h.win)

	dst := filepath.Join(t.TempDir(), "分数的初步认识.jxjcourse")
	var asked string
	p.choose = func(name string, save func(string)) {
		asked = name
		os.WriteFile(dst, nil, 0o600) // as Fyne's save dialog does
		save(dst)
	}
	var exported []string
	stop := false
	var answer error
	h.hub.BureauConsoleCourses.ExportCourseFn = func(ctx context.Context, id int64, path string, progress func(done, total int64)) error {
		if id != 21 {
			t.Errorf("exported course %d, want 21", id)
		}
		exported = append(exported, path)
		progress(3<<29, 3<<30)
		h.wantText(i18n.T("course_package.exporting", "分数的初步认识"))
		if got, want := p.bar.TextFormatter(), i18n.T("course_package.bar", fileSize(3<<29), fileSize(3<<30), 50); got != want {
			t.Errorf("the bar says %q, want %q", got, want)
		}
		if p.bar.Value != 3<<29 || p.bar.Max != 3<<30 || !p.button.Disabled() {
			t.Errorf("bar at %v of %v, button disabled %v; want half, disabled", p.bar.Value, p.bar.Max, p.button.Disabled())
		}
		if stop {
			test.Tap(h.button(i18n.T("course_package.cancel")))
			return app.WrapError(ctx.Err(), "sync.error.cancelled")
		}
		if answer != nil {
			return answer
		}
		return os.WriteFile(path, []byte("包"), 0o600)
	}
	test.Tap(p.button)
	h.wait()
	if asked != "分数的初步认识" || len(exported) != 1 || exported[0] != dst {
		t.Fatalf("asked for %q, exported to %q", asked, exported)
	}
	h.wantText(i18n.T("course_package.done", "分数的初步认识", dst, filepath.Base(dst)))
	closeOverlays(h.win)
	if p.button.Disabled() {
		t.Error("the button stays disabled after the export")
	}

	stop = true
	test.Tap(p.button)
	h.wait()
	if top := h.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("after 取消 a dialog shows %q", h.texts())
	}
	if _, err := os.Stat(dst); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after 取消 the file is there: %v", err)
	}

	stop, answer = false, app.Errorf(app.EINTERNAL, "course_package.error.cut", "https://hub.example")
	test.Tap(p.button)
	h.wait()
	h.wantText(i18n.T("course_package.error.cut", "https://hub.example"))
	closeOverlays(h.win)

	h.console.setOffline(errOffline(), time.Now())
	if !p.button.Disabled() {
		t.Error("导出课程包 enabled offline")
	}
	h.console.setOnline()
	if p.button.Disabled() {
		t.Error("导出课程包 stays disabled back online")
	}
	f.course = &app.HubCourse{ID: 21, Title: "分数的初步认识", RevokedAt: time.Now()}
	f.actions()
	if !p.button.Disabled() {
		t.Error("导出课程包 enabled for a withdrawn course")
	}
}

// checkCoursePackageFit opens the package's bar and its done message on
// the course open, for the fit test.
func checkCoursePackageFit(h *consoleHarness, check func(*consoleHarness, string)) {
	f := openCourseFollow(h)
	check(h, "course with its package button")
	h.hub.BureauConsoleCourses.ExportCourseFn = func(context.Context, int64, string, func(int64, int64)) error { return nil }
	f.pkg.showProgress("分数的初步认识：三年级上册第八单元 分数的初步认识（第一课时）", func() {})
	f.pkg.setProgress(3<<29, 3<<30)
	check(h, "package progress")
	f.pkg.save(`C:\Users\教育局办公室\Desktop\公开课\分数的初步认识：三年级上册第八单元 分数的初步认识（第一课时）.jxjcourse`)
	check(h, "package exported")
}
