package ui

import (
	"context"
	"slices"
	"strings"
	gosync "sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// consoleCourseCompose is the editor of an open course: its title,
// subject, grades, description, files (several GB each, on the officer's
// computer) and the schools it goes to. Publishing asks first, then sends
// the files with a progress bar that can be stopped; what reached the hub
// stays there, and publishing again goes on from it.
type consoleCourseCompose struct {
	u    *ConsoleUI
	back func()
	done func(*app.HubCourse) // after publishing: the course's page

	*consoleTargets // the schools it goes to: console_targets.go

	title     *widget.Entry
	subject   *widget.SelectEntry
	gradeFrom *widget.Select
	gradeTo   *widget.Select
	desc      *widget.Entry
	files     *consoleFiles
	errL      *wrapLabel
	note      *wrapLabel // after a stop or a failure: publishing again goes on
	sendB     *widget.Button
	root      fyne.CanvasObject

	// for tests: the question before publishing and the progress open
	confirm  dialog.Dialog
	progress *courseProgress
}

func newConsoleCourseCompose(u *ConsoleUI, back func(), done func(*app.HubCourse)) *consoleCourseCompose {
	s := &consoleCourseCompose{u: u, back: back, done: done, consoleTargets: newConsoleTargets()}
	s.title = widget.NewEntry()
	s.title.SetPlaceHolder(i18n.T("console_course.compose.title_hint"))
	s.subject = widget.NewSelectEntry(strings.Split(i18n.T("console_course.compose.subjects"), ","))
	s.subject.SetPlaceHolder(i18n.T("console_course.compose.subject_hint"))
	grades := make([]string, 0, app.MaxGrade-app.MinGrade+1)
	for g := app.MinGrade; g <= app.MaxGrade; g++ {
		grades = append(grades, app.GradeName(g))
	}
	s.gradeFrom = widget.NewSelect(grades, nil)
	s.gradeTo = widget.NewSelect(grades, nil)
	s.gradeFrom.PlaceHolder, s.gradeTo.PlaceHolder = i18n.T("console_course.compose.grade_from"), i18n.T("console_course.compose.grade_to")
	s.desc = widget.NewMultiLineEntry()
	s.desc.Wrapping = fyne.TextWrapWord
	s.desc.SetMinRowsVisible(4)
	s.desc.SetPlaceHolder(i18n.T("console_course.compose.desc_hint"))
	s.errL = errorLabel()
	s.note = newWrapLabel("")
	s.note.Importance = widget.LowImportance
	s.note.Hide()
	s.files = newConsoleFiles(u.env, s.errL, i18n.T("console_course.compose.no_files"), courseFileCheck)
	addB := widget.NewButtonWithIcon(i18n.T("console_course.compose.add_file"), theme.ContentAddIcon(), s.files.choose)
	hint := newWrapLabel(i18n.T("console_course.compose.files_hint", app.MaxCourseFileSize>>30))
	hint.Importance = widget.LowImportance

	form := widget.NewForm(
		widget.NewFormItem(i18n.T("console_course.compose.title"), s.title),
		widget.NewFormItem(i18n.T("console_course.col.subject"), s.subject),
		widget.NewFormItem(i18n.T("console_course.col.grades"), container.NewHBox(s.gradeFrom, widget.NewLabel("—"), s.gradeTo)),
		widget.NewFormItem(i18n.T("console_course.compose.desc"), s.desc),
		widget.NewFormItem(i18n.T("console_course.col.files"), container.NewVBox(container.NewHBox(addB), s.files.box, hint)),
		widget.NewFormItem(i18n.T("bureau_console.compose.targets"), s.box()),
	)
	cancel := widget.NewButtonWithIcon(i18n.T("confirm.cancel"), theme.CancelIcon(), back)
	s.sendB = widget.NewButtonWithIcon(i18n.T("console_course.compose.publish"), theme.UploadIcon(), s.askPublish)
	s.sendB.Importance = widget.HighImportance
	header := subViewHeader(i18n.T("console_course.new"), back)
	s.root = editorView(header, form, actionBar([]fyne.CanvasObject{s.errL, s.note}, s.reach, cancel, s.sendB))
	s.u.setActions(true, s.sendB)
	consoleLoad(s.u, nil, s.errL, nil, app.BureauConsole.Orgs, s.setOrgs)
	return s
}

func (s *consoleCourseCompose) Content() fyne.CanvasObject { return s.root }

// courseFileCheck is a course's limits: 8 GB a file, 50 files, no empty
// file.
func courseFileCheck(name string, size int64, count int) error {
	switch {
	case size == 0:
		return app.Errorf(app.EINVALID, "course.error.file_empty", name)
	case size > app.MaxCourseFileSize:
		return app.Errorf(app.EINVALID, "course.error.file_large", name, app.MaxCourseFileSize>>30)
	case count >= app.MaxCourseFiles:
		return app.Errorf(app.EINVALID, "course.error.files_count", count+1, app.MaxCourseFiles)
	}
	return nil
}

// draft is the course as typed, or the first problem with it.
func (s *consoleCourseCompose) draft() (app.CourseDraft, error) {
	d := app.CourseDraft{Title: strings.TrimSpace(s.title.Text), Subject: strings.TrimSpace(s.subject.Text),
		GradeFrom: app.MinGrade + s.gradeFrom.SelectedIndex(), GradeTo: app.MinGrade + s.gradeTo.SelectedIndex(),
		Description: strings.TrimSpace(s.desc.Text), Files: slices.Clone(s.files.paths), Orgs: s.targets()}
	// in the form's order
	switch {
	case d.Title == "":
		return d, app.Errorf(app.EINVALID, "course.error.title_required")
	case d.Subject == "":
		return d, app.Errorf(app.EINVALID, "course.error.subject_required")
	case s.gradeFrom.SelectedIndex() < 0 || s.gradeTo.SelectedIndex() < 0:
		return d, app.Errorf(app.EINVALID, "console_course.compose.grades_missing")
	}
	if err := d.Validate(); err != nil {
		return d, err
	}
	if len(d.Files) == 0 {
		return d, app.Errorf(app.EINVALID, "console_course.compose.files_missing")
	}
	return d, s.targetProblem()
}

// askPublish says what is about to happen before anything is sent.
func (s *consoleCourseCompose) askPublish() {
	d, err := s.draft()
	showInline(s.errL, err)
	if err != nil {
		return
	}
	msg := confirmText(i18n.T("console_course.compose.confirm", d.Title, s.reaches(), len(d.Files), fileSize(s.files.total())), d.Title)
	s.confirm = dialog.NewCustomConfirm(i18n.T("console_course.new"), i18n.T("console_course.compose.publish"), i18n.T("confirm.cancel"), msg,
		func(ok bool) {
			if ok {
				s.publish(d)
			}
		}, s.u.win)
	s.confirm.Show()
}

// publish sends the files and the course, showing how far it is; 停止
// ends the sending, keeping what reached the hub.
func (s *consoleCourseCompose) publish(d app.CourseDraft) {
	ctx, stop := context.WithCancel(context.Background())
	s.progress = newCourseProgress(s.u.win, stop)
	s.sendB.Disable()
	s.note.Hide()
	c := s.u.opts.Console
	runAsync(func() {
		course, err := c.PublishCourse(ctx, d, s.progress.report)
		stop()
		fyne.Do(func() {
			s.progress.close()
			s.u.setActions(true, s.sendB)
			s.finished(course, err, s.progress.sent())
		})
	})
}

// finished shows how publishing ended: the course's page, or why not
// and that publishing again goes on where it stopped.
func (s *consoleCourseCompose) finished(course *app.HubCourse, err error, sent bool) {
	switch {
	case err == nil:
		s.done(course)
		return
	case app.ErrorCode(err) == app.EINVALID:
		showInline(s.errL, err)
	case app.ErrorKey(err) == "sync.error.cancelled": // the officer stopped it
		showInline(s.errL, nil)
	default:
		s.u.failed(err)
	}
	if sent {
		s.note.SetText(i18n.T("console_course.compose.resume"))
		s.note.Show()
	}
}

// courseProgress is the dialog while a course is published: the step
// and the file at hand, a bar, and while sending the speed and the time
// left. Reports come from the sending goroutine, many a second; the
// dialog shows one every 200 ms.
type courseProgress struct {
	dlg    dialog.Dialog
	step   *widget.Label
	bar    *widget.ProgressBar
	detail *widget.Label

	mu        gosync.Mutex
	shown     time.Time // when the dialog was last updated
	phase     app.CourseUploadPhase
	sendStart time.Time // when sending began, and how far it was then
	sendFrom  int64
	sending   bool
}

func newCourseProgress(win fyne.Window, stop func()) *courseProgress {
	p := &courseProgress{step: widget.NewLabel(i18n.T("console_course.progress.start")), bar: widget.NewProgressBar(), detail: widget.NewLabel("")}
	p.step.Truncation = fyne.TextTruncateEllipsis
	body := container.New(minWidth(420), container.NewVBox(p.step, p.bar, p.detail))
	p.dlg = dialog.NewCustom(i18n.T("console_course.new"), i18n.T("console_course.progress.stop"), body, win)
	p.dlg.SetOnClosed(stop)
	p.dlg.Show()
	return p
}

// report takes a report from the sending goroutine.
func (p *courseProgress) report(pr app.CourseUploadProgress) {
	p.mu.Lock()
	now := time.Now()
	if pr.Phase == app.CourseUploadSending && !p.sending {
		p.sending, p.sendStart, p.sendFrom = true, now, pr.Done
	}
	if pr.Phase == p.phase && now.Sub(p.shown) < 200*time.Millisecond && pr.Done < pr.Total {
		p.mu.Unlock()
		return
	}
	p.phase, p.shown = pr.Phase, now
	step, detail := courseProgressText(pr, now.Sub(p.sendStart), pr.Done-p.sendFrom)
	p.mu.Unlock()
	fyne.Do(func() {
		p.step.SetText(step)
		p.detail.SetText(detail)
		if pr.Total > 0 {
			p.bar.SetValue(float64(pr.Done) / float64(pr.Total))
		}
	})
}

// sent reports whether bytes went to the hub, which keeps them.
func (p *courseProgress) sent() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sending
}

// close takes the dialog away without stopping anything (it has ended).
func (p *courseProgress) close() {
	p.dlg.SetOnClosed(func() {})
	p.dlg.Hide()
}

// courseProgressText is the step of a report, and its detail: how much
// of how much, and while sending the speed and the time left, from the
// bytes sent in the time since sending began.
func courseProgressText(pr app.CourseUploadProgress, took time.Duration, sent int64) (step, detail string) {
	amount := i18n.T("console_course.progress.amount", fileSize(pr.Done), fileSize(pr.Total))
	switch pr.Phase {
	case app.CourseUploadHashing:
		return i18n.T("console_course.progress.hashing", pr.File), amount
	case app.CourseUploadVerifying:
		return i18n.T("console_course.progress.verifying", pr.File), amount
	case app.CourseUploadPublishing:
		return i18n.T("console_course.progress.publishing"), amount
	}
	step = i18n.T("console_course.progress.sending", pr.File)
	if took < 2*time.Second || sent <= 0 {
		return step, amount
	}
	rate := float64(sent) / took.Seconds()
	left := time.Duration(float64(pr.Total-pr.Done) / rate * float64(time.Second))
	return step, amount + " · " + i18n.T("console_course.progress.rate", fileSize(int64(rate)), durationText(left))
}

// durationText is a time left in words: minutes, or hours and minutes.
func durationText(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	switch {
	case m < 1:
		return i18n.T("console_course.progress.left_under_minute")
	case m < 60:
		return i18n.T("console_course.progress.left_minutes", m)
	}
	return i18n.T("console_course.progress.left_hours", m/60, m%60)
}
