package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// packageExt is a course package's file type, as `jxj hub course export`
// and the school's 导入课程包 name it.
const packageExt = ".jxjcourse"

// coursePackage is 导出课程包（U盘） on a course's status page: the officer
// saves the course's package on this computer, with a bar and 取消, and
// is told how a school imports it. It is a hub action: offline, and for
// a withdrawn course, the button is disabled.
type coursePackage struct {
	u      *ConsoleUI
	course func() *app.HubCourse // the course as last shown
	button *widget.Button
	box    fyne.CanvasObject

	// choose asks where to save; tests replace it
	choose func(name string, save func(path string))

	running  bool
	bar      *widget.ProgressBar
	progress *wrapLabel
	dlg      dialog.Dialog // the progress dialog while it runs
}

func newCoursePackage(u *ConsoleUI, course func() *app.HubCourse) *coursePackage {
	p := &coursePackage{u: u, course: course}
	p.choose = func(name string, save func(string)) { chooseSavePath(u.env, name, packageExt, save) }
	p.button = widget.NewButtonWithIcon(i18n.T("course_package.export"), theme.DownloadIcon(), p.ask)
	hint := newWrapLabel(i18n.T("course_package.hint"))
	hint.Importance = widget.LowImportance
	p.box = container.NewBorder(nil, nil, p.button, nil, hint)
	return p
}

// actions enables the button while the course stands, the hub answers
// and no export runs.
func (p *coursePackage) actions(standing bool) {
	p.u.setActions(standing && !p.running, p.button)
}

// ask asks where to save, under the course's title.
func (p *coursePackage) ask() {
	p.choose(p.course().Title, p.save)
}

// save exports the package to path, showing its progress; 取消 stops it
// and leaves no file.
func (p *coursePackage) save(path string) {
	c := p.course()
	ctx, cancel := context.WithCancel(context.Background())
	p.running = true
	p.button.Disable()
	p.showProgress(c.Title, cancel)
	console := p.u.opts.Console
	runAsync(func() {
		err := console.ExportCourse(ctx, c.ID, path, func(done, total int64) {
			fyne.Do(func() { p.setProgress(done, total) })
		})
		cancel()
		fyne.Do(func() { p.finished(c, path, err) })
	})
}

// showProgress shows the bar, empty, with 取消, which calls cancel. The
// bar says the bytes come and to come; the line above it does not change,
// so the dialog keeps its size.
func (p *coursePackage) showProgress(title string, cancel func()) {
	p.progress = newWrapLabel(i18n.T("course_package.exporting", title))
	p.bar = widget.NewProgressBar()
	p.bar.TextFormatter = func() string {
		done, total := int64(p.bar.Value), int64(p.bar.Max)
		return i18n.T("course_package.bar", fileSize(done), fileSize(total), int(done*100/max(total, 1)))
	}
	p.setProgress(0, 0)
	p.dlg = dialog.NewCustom(i18n.T("course_package.title"), i18n.T("course_package.cancel"),
		container.New(minWidth(360), container.NewVBox(p.progress, p.bar)), p.u.win)
	p.dlg.SetOnClosed(cancel)
	p.dlg.Show()
}

func (p *coursePackage) setProgress(done, total int64) {
	if p.bar == nil {
		return
	}
	p.bar.Max = float64(max(total, done, 1))
	p.bar.SetValue(float64(done))
}

// finished closes the bar and says where the package is and how a
// school imports it; a cancel says nothing more.
func (p *coursePackage) finished(c *app.HubCourse, path string, err error) {
	p.running = false
	if p.dlg != nil {
		p.dlg.SetOnClosed(func() {}) // done: nothing left to cancel
		p.dlg.Hide()
		p.dlg, p.bar, p.progress = nil, nil, nil
	}
	p.actions(c.RevokedAt.IsZero())
	if err != nil {
		removeEmpty(path)
	}
	switch {
	case errors.Is(err, context.Canceled):
	case err != nil:
		p.u.failed(err)
	default:
		p.u.env.ShowInfo(i18n.T("course_package.done_title"), i18n.T("course_package.done", c.Title, path, filepath.Base(path)))
	}
}

// removeEmpty removes the empty file the save dialog made at path for a
// package that did not come: a package is never empty, and an empty file
// under its name would look like one.
func removeEmpty(path string) {
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
		_ = os.Remove(path)
	}
}
