package ui

import (
	"os"
	"path/filepath"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// consoleFiles is the files an officer chose on this computer for what
// the console sends: a notice's attachments (sync.ConsoleClient.
// PublishNotice uploads them) or a course's files (PublishCourse). Each
// is listed with its size and a button that removes it. A file the
// editor's check refuses (too large, one too many) is said in errL as
// it is added, and not added.
type consoleFiles struct {
	env   *Env
	paths []string
	box   *fyne.Container
	errL  *wrapLabel
	none  string // what the list says while empty
	check func(name string, size int64, count int) error
}

func newConsoleFiles(env *Env, errL *wrapLabel, none string, check func(name string, size int64, count int) error) *consoleFiles {
	f := &consoleFiles{env: env, box: container.NewVBox(), errL: errL, none: none, check: check}
	f.show()
	return f
}

// noticeFileCheck is a bureau notice's limits: what a school's link
// takes, and the files a notice carries.
func noticeFileCheck(name string, size int64, count int) error {
	switch {
	case size > app.MaxFileSize:
		return app.Errorf(app.EINVALID, "storage.attachment.error.too_large", name, app.MaxFileSize>>20)
	case count >= app.MaxNoticeFiles:
		return app.Errorf(app.EINVALID, "hub_files.error.too_many", count+1, app.MaxNoticeFiles)
	}
	return nil
}

// choose adds a file chosen in a file dialog.
func (f *consoleFiles) choose() {
	chooseOpenPath(f.env, nil, f.add)
}

// add adds the file at path, once; one that is not an ordinary file or
// that check refuses is said and not added.
func (f *consoleFiles) add(path string) {
	name := filepath.Base(path)
	fi, err := os.Stat(path)
	switch {
	case slices.Contains(f.paths, path):
		err = nil
	case err != nil:
		err = app.Errorf(app.EINVALID, "storage.attachment.error.copy", name, err)
	case !fi.Mode().IsRegular():
		err = app.Errorf(app.EINVALID, "storage.attachment.error.not_file", name)
	default:
		if err = f.check(name, fi.Size(), len(f.paths)); err == nil {
			f.paths = append(f.paths, path)
		}
	}
	showInline(f.errL, err)
	f.show()
}

// show lists the files with their sizes, each with a button that
// removes it.
func (f *consoleFiles) show() {
	f.box.RemoveAll()
	for i, p := range f.paths {
		rm := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { f.remove(i) })
		rm.Importance = widget.LowImportance
		text := widget.NewLabel(i18n.T("notices.attachment", filepath.Base(p), fileSize(sizeOf(p))))
		text.Truncation = fyne.TextTruncateEllipsis
		f.box.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), rm, text))
	}
	if len(f.paths) == 0 {
		none := widget.NewLabel(f.none)
		none.Importance = widget.LowImportance
		f.box.Add(none)
	}
}

// remove takes the i-th file off the list.
func (f *consoleFiles) remove(i int) {
	f.paths = slices.Delete(f.paths, i, i+1)
	f.show()
}

// total is the bytes of every file.
func (f *consoleFiles) total() int64 {
	var n int64
	for _, p := range f.paths {
		n += sizeOf(p)
	}
	return n
}

// line says, for the confirmation, how many files go and how large they
// are together; "" for none.
func (f *consoleFiles) line() string {
	if len(f.paths) == 0 {
		return ""
	}
	return "\n" + i18n.T("console_survey.compose_files", len(f.paths), fileSize(f.total()))
}

// sizeOf is the size of the file at path, 0 when it cannot be read.
func sizeOf(path string) int64 {
	if fi, err := os.Stat(path); err == nil {
		return fi.Size()
	}
	return 0
}
