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

// A bureau notice's attachments in the console's editor: files on the
// officer's computer, uploaded to the hub when the notice is sent
// (sync.ConsoleClient.PublishNotice). A file too large for the schools'
// links, or more files than a notice carries, is refused as it is added.

// chooseFile adds a file chosen in a file dialog.
func (s *consoleCompose) chooseFile() {
	chooseOpenPath(s.u.env, nil, s.addFile)
}

// addFile adds the file at path, once; one too large, not a file, or
// one too many is said in the editor and not added.
func (s *consoleCompose) addFile(path string) {
	name := filepath.Base(path)
	fi, err := os.Stat(path)
	switch {
	case slices.Contains(s.files, path):
		err = nil
	case err != nil:
		err = app.Errorf(app.EINVALID, "storage.attachment.error.copy", name, err)
	case !fi.Mode().IsRegular():
		err = app.Errorf(app.EINVALID, "storage.attachment.error.not_file", name)
	case fi.Size() > app.MaxFileSize:
		err = app.Errorf(app.EINVALID, "storage.attachment.error.too_large", name, app.MaxFileSize>>20)
	case len(s.files) >= app.MaxNoticeFiles:
		err = app.Errorf(app.EINVALID, "hub_files.error.too_many", len(s.files)+1, app.MaxNoticeFiles)
	default:
		s.files = append(s.files, path)
	}
	showInline(s.errL, err)
	s.showFiles()
}

// showFiles lists the files with their sizes, each with a button that
// removes it.
func (s *consoleCompose) showFiles() {
	s.filesBx.RemoveAll()
	for i, p := range s.files {
		var size int64
		if fi, err := os.Stat(p); err == nil {
			size = fi.Size()
		}
		rm := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			s.files = slices.Delete(s.files, i, i+1)
			s.showFiles()
		})
		rm.Importance = widget.LowImportance
		text := widget.NewLabel(i18n.T("notices.attachment", filepath.Base(p), fileSize(size)))
		text.Truncation = fyne.TextTruncateEllipsis
		s.filesBx.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), rm, text))
	}
	if len(s.files) == 0 {
		none := widget.NewLabel(i18n.T("notices.compose.no_attachments"))
		none.Importance = widget.LowImportance
		s.filesBx.Add(none)
	}
}

// filesLine says, for the confirmation, how many files go with the
// notice and how large they are together; "" for none.
func (s *consoleCompose) filesLine() string {
	if len(s.files) == 0 {
		return ""
	}
	var total int64
	for _, p := range s.files {
		if fi, err := os.Stat(p); err == nil {
			total += fi.Size()
		}
	}
	return "\n" + i18n.T("console_survey.compose_files", len(s.files), fileSize(total))
}
