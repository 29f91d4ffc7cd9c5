package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// systemOpen hands a file:// URL to the system's viewer; tests replace it.
var systemOpen = func(env *Env, u *url.URL) error { return env.App.OpenURL(u) }

// openAttachmentRow is a kept file's line, as attachmentRow, with 打开,
// which shows the file with the system's viewer, and a button that
// removes it unless remove is nil.
func openAttachmentRow(env *Env, files app.AttachmentFiles, a app.Attachment, remove func()) fyne.CanvasObject {
	text := widget.NewLabel(i18n.T("notices.attachment", a.Name, fileSize(a.Size)))
	text.Truncation = fyne.TextTruncateEllipsis
	open := widget.NewButtonWithIcon(i18n.T("attachments.open"), theme.FileIcon(), func() { openAttachment(env, files, a) })
	open.Importance = widget.LowImportance
	right := container.NewHBox(open)
	if remove != nil {
		rm := widget.NewButtonWithIcon("", theme.DeleteIcon(), remove)
		rm.Importance = widget.LowImportance
		right.Add(rm)
	}
	return container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), right, text)
}

// openAttachment finds a's file in the data folder and hands it to the
// system's viewer; a file gone, or one the system cannot open, is said
// in the user's language.
func openAttachment(env *Env, files app.AttachmentFiles, a app.Attachment) {
	ctx := env.Ctx()
	runAsync(func() {
		path, err := files.AttachmentFile(ctx, a)
		fyne.Do(func() {
			if err == nil {
				if oerr := systemOpen(env, fileURL(path)); oerr != nil {
					err = app.Errorf(app.EINVALID, "attachments.error.open", a.Name, oerr)
				}
			}
			if err != nil {
				env.ShowError(err)
			}
		})
	})
}

// requestFileRow is a request's file, with 打开 when the school keeps it
// (every request made here does), and the button that removes it unless
// remove is nil.
func requestFileRow(env *Env, f app.RequestFile, remove func()) fyne.CanvasObject {
	if f.Path == "" {
		return attachmentRow(f.Name, f.Size, remove)
	}
	return openAttachmentRow(env, env.Services.Requests, app.Attachment{Name: f.Name, Path: f.Path, Size: f.Size}, remove)
}
