package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"jxj/app"
	"jxj/app/i18n"
)

// openCourseCompose opens 公开课 → 发布公开课.
func openCourseCompose(h *consoleHarness) (*consoleCourses, *consoleCourseCompose) {
	h.t.Helper()
	h.console.selectPage(consolePageCourses)
	h.wait()
	s := h.console.screens[consolePageCourses].(*consoleCourses)
	test.Tap(s.newB)
	h.wait()
	if s.compose == nil {
		h.t.Fatal("发布公开课 opened no editor")
	}
	return s, s.compose
}

// fillCourse types a course of two files, grades 3 to 4.
func fillCourse(h *consoleHarness, c *consoleCourseCompose) (video, slides string) {
	h.t.Helper()
	dir := h.t.TempDir()
	video, slides = filepath.Join(dir, "第一课.mp4"), filepath.Join(dir, "课件.pdf")
	os.WriteFile(video, make([]byte, 3<<20), 0o600)
	os.WriteFile(slides, make([]byte, 1<<20), 0o600)
	test.Type(c.title, "分数的初步认识")
	c.subject.SetText("数学")
	c.gradeFrom.SetSelectedIndex(2)
	c.gradeTo.SetSelectedIndex(3)
	c.files.add(video)
	c.files.add(slides)
	return video, slides
}

// The editor says what is missing, one thing at a time, and refuses an
// empty file as it is added; a whole course is confirmed with its
// schools and size, sent with the progress shown, and its page opens.
func TestConsoleCourseCompose(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauStaff)
	s, c := openCourseCompose(h)
	for _, step := range []struct {
		fill func()
		want string
	}{
		{func() {}, i18n.Err(app.Errorf(app.EINVALID, "course.error.title_required"))},
		{func() { test.Type(c.title, "分数的初步认识") }, i18n.Err(app.Errorf(app.EINVALID, "course.error.subject_required"))},
		{func() { c.subject.SetText("数学") }, i18n.T("console_course.compose.grades_missing")},
		{func() { c.gradeFrom.SetSelectedIndex(3); c.gradeTo.SetSelectedIndex(2) },
			i18n.Err(app.Errorf(app.EINVALID, "course.error.grades", 4, 3, app.MinGrade, app.MaxGrade))},
		{func() { c.gradeFrom.SetSelectedIndex(2); c.gradeTo.SetSelectedIndex(3) }, i18n.T("console_course.compose.files_missing")},
	} {
		step.fill()
		test.Tap(c.sendB)
		if c.errL.Text != step.want {
			t.Fatalf("the editor says %q, want %q", c.errL.Text, step.want)
		}
	}
	empty := filepath.Join(t.TempDir(), "空.pdf")
	os.WriteFile(empty, nil, 0o600)
	c.files.add(empty)
	h.wantText(i18n.Err(app.Errorf(app.EINVALID, "course.error.file_empty", "空.pdf")))
	video, slides := filepath.Join(t.TempDir(), "第一课.mp4"), filepath.Join(t.TempDir(), "课件.pdf")
	os.WriteFile(video, make([]byte, 3<<20), 0o600)
	os.WriteFile(slides, make([]byte, 1<<20), 0o600)
	c.files.add(video)
	c.files.add(slides)

	test.Tap(c.sendB)
	h.wantText(i18n.T("console_course.compose.confirm", "分数的初步认识", 3, 2, "4.0 MB"))
	test.Tap(h.button(i18n.T("console_course.compose.publish")))
	h.wait()
	calls := h.requests
	if len(calls.coursesSent) != 1 {
		t.Fatalf("published %d courses", len(calls.coursesSent))
	}
	d := calls.coursesSent[0]
	if d.Title != "分数的初步认识" || d.Subject != "数学" || d.GradeFrom != 3 || d.GradeTo != 4 || !slices.Equal(d.Files, []string{video, slides}) || d.Orgs != nil {
		t.Errorf("published %+v", d)
	}
	if s.follow == nil || s.compose != nil {
		t.Fatal("the new course's page did not open")
	}
}

// 停止 ends the sending and says that publishing again goes on; a
// failure of the link says so too; nothing is published. Offline the
// editor cannot publish.
func TestConsoleCourseComposeStop(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauStaff)
	_, c := openCourseCompose(h)
	fillCourse(h, c)
	// the officer presses 停止 while the first file is sent (the
	// background work runs here, in h.wait)
	h.requests.publishCourse = func(ctx context.Context, d app.CourseDraft, progress func(app.CourseUploadProgress)) (*app.HubCourse, error) {
		progress(app.CourseUploadProgress{Phase: app.CourseUploadSending, File: "第一课.mp4", Done: 1 << 20, Total: 4 << 20})
		h.wantText(i18n.T("console_course.progress.sending", "第一课.mp4"))
		h.wantText(i18n.T("console_course.progress.amount", "1.0 MB", "4.0 MB"))
		test.Tap(h.button(i18n.T("console_course.progress.stop")))
		if ctx.Err() == nil {
			t.Error("停止 did not stop the sending")
		}
		return nil, app.WrapError(ctx.Err(), "sync.error.cancelled")
	}
	test.Tap(c.sendB)
	test.Tap(h.button(i18n.T("console_course.compose.publish")))
	h.wait()
	if !c.note.Visible() || c.note.Text != i18n.T("console_course.compose.resume") || c.errL.Visible() {
		t.Errorf("after 停止: note %q (shown %v), error %q", c.note.Text, c.note.Visible(), c.errL.Text)
	}
	if c.sendB.Disabled() {
		t.Error("发布 stays disabled after a stop")
	}

	h.requests.publishCourse = func(ctx context.Context, d app.CourseDraft, progress func(app.CourseUploadProgress)) (*app.HubCourse, error) {
		progress(app.CourseUploadProgress{Phase: app.CourseUploadSending, File: "第一课.mp4", Done: 2 << 20, Total: 4 << 20})
		return nil, errOffline()
	}
	test.Tap(c.sendB)
	test.Tap(h.button(i18n.T("console_course.compose.publish")))
	h.wait()
	h.wantText(i18n.Err(errOffline()))
	if !c.note.Visible() {
		t.Error("a cut link does not say that publishing again goes on")
	}
	if len(h.requests.coursesSent) != 2 {
		t.Errorf("%d tries reached the hub, want 2", len(h.requests.coursesSent))
	}
	if !c.sendB.Disabled() {
		t.Error("发布 enabled offline")
	}
}

// The progress reads as an officer expects: the step and the file, how
// much of how much, and while sending the speed and the time left.
func TestCourseProgressText(t *testing.T) {
	i18n.SetLanguage(i18n.Chinese)
	pr := app.CourseUploadProgress{Phase: app.CourseUploadSending, File: "第一课.mp4", Done: 1 << 30, Total: 3 << 30}
	step, detail := courseProgressText(pr, 100*time.Second, 200<<20)
	if step != "正在上传：第一课.mp4" || detail != "1.00 GB / 3.00 GB · 2.0 MB/秒，约剩 17 分钟" {
		t.Errorf("sending: %q, %q", step, detail)
	}
	if _, detail := courseProgressText(pr, time.Second, 1<<20); detail != "1.00 GB / 3.00 GB" {
		t.Errorf("just begun: %q, want no speed yet", detail)
	}
	if got := durationText(150 * time.Minute); got != "约剩 2 小时 30 分钟" {
		t.Errorf("150 min = %q", got)
	}
	pr.Phase = app.CourseUploadHashing
	if step, _ := courseProgressText(pr, 0, 0); step != "正在读取文件、计算校验值：第一课.mp4" {
		t.Errorf("hashing: %q", step)
	}
}

// checkCourseComposeFits opens the course editor, its question and its
// progress for the fit test.
func checkCourseComposeFits(h *consoleHarness, check func(*consoleHarness, string)) {
	_, c := openCourseCompose(h)
	fillCourse(h, c)
	c.files.add(filepath.Join(h.t.TempDir(), "missing.mp4")) // an error line
	c.target.SetSelected(i18n.T("bureau_console.compose.chosen"))
	c.note.SetText(i18n.T("console_course.compose.resume"))
	c.note.Show()
	check(h, "course editor")
	c.target.SetSelected(i18n.T("bureau_console.compose.all"))
	c.askPublish()
	check(h, "publish a course")
	p := newCourseProgress(h.win, func() {})
	p.sending, p.sendStart = true, time.Now().Add(-time.Minute)
	p.report(app.CourseUploadProgress{Phase: app.CourseUploadSending, File: "三年级上册第八单元 分数的初步认识 第一课时 课堂实录（完整版）.mp4",
		Done: 2 << 30, Total: 7 << 30})
	check(h, "a course's progress")
}
