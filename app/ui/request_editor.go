package ui

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// requestEditor writes a request, new or a draft reopened: its type (a
// template, whose fields follow it), title, body, fields and files. It
// keeps a draft (保存草稿) or submits it (提交), which queues it for the
// next sync. Errors of app.ValidateRequest and of the service show under
// the field they name, or in the error line.
type requestEditor struct {
	s       *RequestsScreen
	draftID int64 // 0 until first saved

	typ      *widget.Select
	title    *widget.Entry
	body     *widget.Entry
	titleErr *wrapLabel
	bodyErr  *wrapLabel

	formBox   *fyne.Container          // the form: type, title, then the template's fields
	entries   map[string]*widget.Entry // of the template chosen, by key
	fieldErrs map[string]*wrapLabel
	typed     map[string]string // every value typed, kept across a change of type

	kept     []app.RequestFile // stored with the draft
	dropped  []string          // paths of kept files to remove on the next save
	added    []string          // files to copy in on the next save
	attachBx *fyne.Container

	errMsg  *wrapLabel
	status  *widget.Label
	saveB   *widget.Button
	submitB *widget.Button
	deleteB *widget.Button // a draft's, once saved
	busy    bool

	content fyne.CanvasObject
}

func newRequestEditor(s *RequestsScreen, draft *app.Request) *requestEditor {
	e := &requestEditor{s: s, typed: map[string]string{}, titleErr: errorLabel(), bodyErr: errorLabel(),
		errMsg: errorLabel(), status: widget.NewLabel("")}
	e.status.Importance = widget.SuccessImportance
	e.status.Hide()
	labels := make([]string, len(app.RequestTemplates))
	for i, t := range app.RequestTemplates {
		labels[i] = app.TypeLabel(t.Type)
	}
	e.typ = widget.NewSelect(labels, func(string) { e.showFields() })
	e.title = widget.NewEntry()
	e.title.SetPlaceHolder(i18n.T("requestpage.title_hint"))
	e.body = widget.NewMultiLineEntry()
	e.body.Wrapping = fyne.TextWrapWord
	e.body.SetMinRowsVisible(4)
	e.body.SetPlaceHolder(i18n.T("requestpage.body_hint"))
	e.formBox = container.NewStack()
	e.attachBx = container.NewVBox()

	heading := i18n.T("requestpage.new_title")
	typ := 0
	if draft != nil {
		heading = i18n.T("requestpage.edit_title")
		e.draftID = draft.ID
		e.title.SetText(draft.Title)
		e.body.SetText(draft.Body)
		for k, v := range draft.Fields {
			e.typed[k] = v
		}
		e.kept = slices.Clone(draft.Files)
		typ = max(0, slices.IndexFunc(app.RequestTemplates, func(t app.RequestTemplate) bool { return t.Type == draft.Type }))
	}

	e.typ.SetSelectedIndex(typ) // shows its fields
	e.showAttachments()
	addB := widget.NewButtonWithIcon(i18n.T("requestpage.attach"), theme.MailAttachmentIcon(), e.chooseAttachment)
	attachHint := widget.NewLabel(i18n.T("requestpage.attach_hint", app.MaxRequestFiles, app.MaxRequestFileSize>>20))
	attachHint.SizeName = theme.SizeNameCaptionText
	body := container.NewVBox(e.formBox,
		fieldLabel(i18n.T("requestpage.field.body")), e.body, e.bodyErr,
		container.NewBorder(nil, nil, fieldLabel(i18n.T("requestpage.attachments")), addB), e.attachBx, attachHint)

	e.saveB = widget.NewButtonWithIcon(i18n.T("requestpage.save"), theme.DocumentSaveIcon(), e.save)
	e.submitB = widget.NewButtonWithIcon(i18n.T("requestpage.submit"), theme.MailSendIcon(), e.confirmSubmit)
	e.submitB.Importance = widget.HighImportance
	cancel := widget.NewButton(i18n.T("formpage.cancel"), s.back)
	e.deleteB = widget.NewButtonWithIcon(i18n.T("requestpage.delete"), theme.DeleteIcon(), e.confirmDelete)
	e.deleteB.Importance = widget.DangerImportance
	if e.draftID == 0 {
		e.deleteB.Hide()
	}
	bar := actionBar([]fyne.CanvasObject{e.errMsg, e.status}, e.deleteB, cancel, e.saveB, e.submitB)
	e.content = editorView(subViewHeader(heading, s.back), body, bar)
	return e
}

// template is the template chosen.
func (e *requestEditor) template() app.RequestTemplate {
	return app.RequestTemplates[max(0, e.typ.SelectedIndex())]
}

// showFields shows the chosen template's fields, each with what was
// typed into a field of that key before (a 事由 stays when the type
// changes), a hint of what it takes, and its error line.
func (e *requestEditor) showFields() {
	for k, en := range e.entries {
		e.typed[k] = en.Text
	}
	e.entries, e.fieldErrs = map[string]*widget.Entry{}, map[string]*wrapLabel{}
	// a new form: widget.Form keeps the widgets of rows it has drawn
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("requestpage.field.type"), e.typ),
		widget.NewFormItem(i18n.T("requestpage.field.title"), container.NewVBox(e.title, e.titleErr)),
	)
	for _, f := range e.template().Fields {
		en := widget.NewEntry()
		en.SetText(e.typed[f.Key])
		switch f.Kind {
		case app.ReqDate:
			en.SetPlaceHolder(i18n.T("requestpage.date_hint"))
		case app.ReqNumber:
			en.SetPlaceHolder(i18n.T("requestpage.number_hint"))
		}
		label := app.FieldLabel(f.Key)
		if f.Required {
			label = i18n.T("requestpage.required", label)
		}
		errL := errorLabel()
		e.entries[f.Key], e.fieldErrs[f.Key] = en, errL
		form.Append(label, container.NewVBox(en, errL))
	}
	e.formBox.Objects = []fyne.CanvasObject{form}
	e.formBox.Refresh()
}

// draft is what the editor holds: the chosen template's fields that have
// a value, and the files added since the last save.
func (e *requestEditor) draft() app.RequestDraftInput {
	d := app.RequestDraftInput{ID: e.draftID, Type: e.template().Type, Title: e.title.Text, Body: e.body.Text,
		Fields: map[string]string{}, Files: slices.Clone(e.added), Drop: slices.Clone(e.dropped)}
	for k, en := range e.entries {
		if v := strings.TrimSpace(en.Text); v != "" {
			d.Fields[k] = v
		}
	}
	return d
}

// showError shows err next to the field it names (the title, the body,
// one of the template's fields), with a line in the action bar that
// points there; any other error shows in the action bar alone. It
// reports whether there was an error.
func (e *requestEditor) showError(err error) bool {
	// a row's error line takes room only once the scrolling body is laid
	// out again
	defer e.content.Refresh()
	for _, l := range e.fieldErrs {
		showInline(l, nil)
	}
	showInline(e.titleErr, nil)
	showInline(e.bodyErr, nil)
	if err != nil {
		e.status.Hide()
	}
	var ae *app.Error
	if errors.As(err, &ae) {
		if l, name := e.errorField(ae); l != nil {
			showInline(l, err)
			showInline(e.errMsg, app.Errorf(app.EINVALID, "requestpage.error.see_field", name))
			return true
		}
	}
	showInline(e.errMsg, err)
	return err != nil
}

// errorField is the error line of the field ae is about, and the field's
// name; nil when it is about none.
func (e *requestEditor) errorField(ae *app.Error) (*wrapLabel, string) {
	switch ae.Key {
	case "approvals.error.title_required", "approvals.error.title_long":
		return e.titleErr, i18n.T("requestpage.field.title")
	case "approvals.error.body_long":
		return e.bodyErr, i18n.T("requestpage.field.body")
	}
	if !strings.HasPrefix(ae.Key, "approvals.error.field_") || len(ae.Args) == 0 {
		return nil, ""
	}
	for _, f := range e.template().Fields {
		if name := app.FieldLabel(f.Key); ae.Args[0] == name {
			return e.fieldErrs[f.Key], name
		}
	}
	return nil, ""
}

func (e *requestEditor) setBusy(busy bool) {
	e.busy = busy
	enable(e.saveB, !busy)
	enable(e.submitB, !busy)
}

// save stores the draft and stays in the editor.
func (e *requestEditor) save() {
	if e.busy {
		return
	}
	d := e.draft()
	e.showError(nil)
	e.setBusy(true)
	ctx, svc := e.s.env.Ctx(), e.s.env.Services.Requests
	e.s.run(func() {
		r, err := svc.SaveRequest(ctx, d)
		fyne.Do(func() {
			e.setBusy(false)
			if e.showError(err) {
				return
			}
			e.saved(r)
			e.status.SetText(i18n.T("requestpage.saved", r.Title))
			e.status.Show()
		})
	})
}

// saved takes the stored draft's id and files, so the next save
// replaces it rather than making another.
func (e *requestEditor) saved(r *app.Request) {
	e.draftID = r.ID
	e.kept = slices.Clone(r.Files)
	e.added, e.dropped = nil, nil
	e.deleteB.Show()
	e.showAttachments()
}

// confirmDelete deletes the draft and its files, after asking, and goes
// back to the list.
func (e *requestEditor) confirmDelete() {
	if e.busy || e.draftID == 0 {
		return
	}
	title := e.title.Text
	confirmDanger(e.s.env.Window, i18n.T("requestpage.delete_title"),
		confirmText(i18n.T("requestpage.delete_confirm", title), title), i18n.T("requestpage.delete"), func(ok bool) {
			if !ok {
				return
			}
			e.setBusy(true)
			ctx, svc, id := e.s.env.Ctx(), e.s.env.Services.Requests, e.draftID
			e.s.run(func() {
				err := svc.DeleteDraft(ctx, id)
				fyne.Do(func() {
					e.setBusy(false)
					if e.showError(err) {
						return
					}
					e.s.back()
				})
			})
		})
}

// confirmSubmit checks the request as the hub will and asks before
// submitting it: it goes at the next sync and cannot be changed after.
func (e *requestEditor) confirmSubmit() {
	d := e.draft()
	if e.busy || e.showError(app.ValidateRequest(d.Type, d.Title, d.Body, d.Fields)) {
		return
	}
	title := app.CleanTitle(d.Title)
	dialog.NewCustomConfirm(i18n.T("requestpage.submit_title"), i18n.T("requestpage.submit"), i18n.T("formpage.cancel"),
		confirmText(i18n.T("requestpage.submit_confirm", title, app.TypeLabel(d.Type)), title), func(ok bool) {
			if ok {
				e.submit(d)
			}
		}, e.s.env.Window).Show()
}

// submit saves the draft and submits it, then shows it as submitted.
func (e *requestEditor) submit(d app.RequestDraftInput) {
	e.setBusy(true)
	ctx, svc := e.s.env.Ctx(), e.s.env.Services.Requests
	e.s.run(func() {
		stored, err := svc.SaveRequest(ctx, d)
		var r *app.Request
		if err == nil {
			r, err = svc.SubmitRequest(ctx, stored.ID)
		}
		fyne.Do(func() {
			e.setBusy(false)
			if stored != nil && r == nil {
				// the draft is stored: the next try must not make another
				e.saved(stored)
			}
			if e.showError(err) || e.s.editor != e {
				return
			}
			e.s.show(r)
			e.s.view.status.SetText(i18n.T("requestpage.submitted", r.Title))
			e.s.view.status.Show()
		})
	})
}

// chooseAttachment adds a file chosen in a file dialog, unless the
// request has all the files it may have or the file is too large.
func (e *requestEditor) chooseAttachment() {
	chooseOpenPath(e.s.env, nil, e.addAttachment)
}

func (e *requestEditor) addAttachment(path string) {
	if slices.Contains(e.added, path) {
		return
	}
	if n := len(e.kept) + len(e.added) + 1; n > app.MaxRequestFiles {
		e.showError(app.Errorf(app.EINVALID, "approvals.error.too_many_files", n, app.MaxRequestFiles))
		return
	}
	if fi, err := os.Stat(path); err == nil && fi.Size() > app.MaxRequestFileSize {
		e.showError(app.Errorf(app.EINVALID, "approvals.error.file_large", filepath.Base(path), app.MaxRequestFileSize>>20))
		return
	}
	e.showError(nil)
	e.added = append(e.added, path)
	e.showAttachments()
}

// showAttachments lists the draft's files and those added, each with its
// size and a button that removes it (a saved one at the next save).
func (e *requestEditor) showAttachments() {
	e.attachBx.RemoveAll()
	for i, f := range e.kept {
		e.attachBx.Add(requestFileRow(e.s.env, f, func() {
			e.dropped = append(e.dropped, f.Path)
			e.kept = slices.Delete(e.kept, i, i+1)
			e.showAttachments()
		}))
	}
	for i, p := range e.added {
		var size int64
		if fi, err := os.Stat(p); err == nil {
			size = fi.Size()
		}
		e.attachBx.Add(attachmentRow(filepath.Base(p), size, func() {
			e.added = slices.Delete(e.added, i, i+1)
			e.showAttachments()
		}))
	}
	if len(e.kept)+len(e.added) == 0 {
		e.attachBx.Add(noneLabel(i18n.T("requestpage.no_attachments")))
	}
}

// attachmentRow is a file's line: its name and size, and a button that
// removes it unless remove is nil.
func attachmentRow(name string, size int64, remove func()) fyne.CanvasObject {
	text := widget.NewLabel(i18n.T("notices.attachment", name, fileSize(size)))
	text.Truncation = fyne.TextTruncateEllipsis
	var right fyne.CanvasObject
	if remove != nil {
		rm := widget.NewButtonWithIcon("", theme.DeleteIcon(), remove)
		rm.Importance = widget.LowImportance
		right = rm
	}
	return container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), right, text)
}

// noneLabel says in grey that a list is empty.
func noneLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Importance = widget.LowImportance
	return l
}
