package ui

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// noticeCompose is the compose view: a new notice or a draft being
// edited, saved as a draft or published.
type noticeCompose struct {
	s       *NoticesScreen
	draftID int64 // 0 until the draft is first saved

	title    *widget.Entry
	body     *widget.Entry
	school   *widget.Check // nil for a teacher, who sends to own classes only
	staff    *widget.Check
	picker   *classPicker
	pickBox  *fyne.Container // the picker, once the classes are loaded
	classes  map[int64]*app.Class
	ack      *widget.Check
	deadline *widget.Entry

	kept     []app.Attachment // stored with the draft
	added    []string         // files to copy in on save
	attachBx *fyne.Container

	errLabel *wrapLabel
	status   *widget.Label
	saveB    *widget.Button
	publishB *widget.Button
	busy     bool

	content fyne.CanvasObject
}

func newNoticeCompose(s *NoticesScreen, draft *app.Notice) *noticeCompose {
	c := &noticeCompose{s: s}
	c.title = widget.NewEntry()
	c.title.SetPlaceHolder(i18n.T("notices.compose.title_hint"))
	c.body = widget.NewMultiLineEntry()
	c.body.Wrapping = fyne.TextWrapWord
	c.body.SetPlaceHolder(i18n.T("notices.compose.body_hint"))
	c.body.SetMinRowsVisible(5)
	if s.env.Account.ReadsAll() {
		c.school = widget.NewCheck(i18n.T("notices.target.school"), func(on bool) { c.showPicker(!on) })
		c.staff = widget.NewCheck(i18n.T("notices.target.staff"), nil)
	}
	c.pickBox = container.NewStack(widget.NewLabel(i18n.T("notices.compose.classes_loading")))
	c.ack = widget.NewCheck(i18n.T("notices.compose.ack"), nil)
	c.ack.SetChecked(true)
	c.deadline = widget.NewEntry()
	c.deadline.SetPlaceHolder(i18n.T("notices.compose.deadline_placeholder"))
	c.attachBx = container.NewVBox()
	c.errLabel = errorLabel()
	c.status = widget.NewLabel("")
	c.status.Importance = widget.SuccessImportance
	c.status.Hide()

	heading := i18n.T("notices.compose.new")
	if draft != nil {
		heading = i18n.T("notices.compose.edit")
		c.fill(draft)
	}
	c.showAttachments()
	c.build(heading)
	c.loadClasses(draft)
	return c
}

// fill puts a stored draft into the fields; its classes are ticked once
// they are loaded.
func (c *noticeCompose) fill(n *app.Notice) {
	c.draftID = n.ID
	c.title.SetText(n.Title)
	c.body.SetText(n.Body)
	if c.school != nil {
		c.school.SetChecked(n.Target.School)
		c.staff.SetChecked(n.Target.Staff)
	}
	c.ack.SetChecked(n.RequiresAck)
	c.deadline.SetText(app.FormatDate(n.Deadline))
	c.kept = slices.Clone(n.Attachments)
}

func (c *noticeCompose) build(heading string) {
	addB := widget.NewButtonWithIcon(i18n.T("notices.compose.attach"), theme.MailAttachmentIcon(), c.chooseAttachment)
	left := container.NewBorder(
		container.NewVBox(fieldLabel(i18n.T("notices.compose.title")), c.title, fieldLabel(i18n.T("notices.compose.body"))),
		container.NewVBox(container.NewBorder(nil, nil, fieldLabel(i18n.T("notices.compose.attachments")), addB), c.attachBx),
		nil, nil, c.body)

	targetTop := container.NewVBox(fieldLabel(i18n.T("notices.compose.target")))
	if c.school != nil {
		targetTop.Add(container.NewHBox(c.school, c.staff))
	}
	deadlineHint := widget.NewLabel(i18n.T("notices.compose.deadline_hint"))
	deadlineHint.SizeName = theme.SizeNameCaptionText
	right := container.NewBorder(targetTop,
		container.NewVBox(c.ack, fieldLabel(i18n.T("notices.compose.deadline")), c.deadline, deadlineHint),
		nil, nil, container.NewStack(fixedHeight(pickerHeight), c.pickBox))

	c.saveB = widget.NewButtonWithIcon(i18n.T("notices.compose.save"), theme.DocumentSaveIcon(), c.save)
	c.publishB = widget.NewButtonWithIcon(i18n.T("notices.compose.publish"), theme.MailSendIcon(), c.confirmPublish)
	c.publishB.Importance = widget.HighImportance
	cancel := widget.NewButton(i18n.T("notices.compose.cancel"), c.s.back)
	bar := actionBar([]fyne.CanvasObject{c.errLabel, c.status}, cancel, c.saveB, c.publishB)

	header := container.NewBorder(nil, nil,
		widget.NewButtonWithIcon(i18n.T("notices.back"), theme.NavigateBackIcon(), c.s.back), nil, pageTitle(heading))
	c.content = editorView(header, container.NewGridWithColumns(2, left, right), bar)
}

// loadClasses fetches the classes the account may send to and puts the
// picker in place, ticking the draft's classes.
func (c *noticeCompose) loadClasses(draft *app.Notice) {
	loadClassPicker(c.s.env, c.s.run, c.pickBox, func(p *classPicker, own []*app.Class) {
		c.classes = make(map[int64]*app.Class, len(own))
		for _, cl := range own {
			c.classes[cl.ID] = cl
		}
		c.picker = p
		if draft != nil {
			p.SetSelected(targetClassIDs(draft.Target, own))
		}
		c.showPicker(c.school == nil || !c.school.Checked)
	})
}

// targetClassIDs are the classes of t among classes: its own and those of
// its grades.
func targetClassIDs(t app.Target, classes []*app.Class) []int64 {
	var ids []int64
	for _, cl := range classes {
		if slices.Contains(t.Grades, cl.Grade) || slices.Contains(t.ClassIDs, cl.ID) {
			ids = append(ids, cl.ID)
		}
	}
	return ids
}

// showPicker hides the class picker while 全校 is ticked: it covers them.
func (c *noticeCompose) showPicker(show bool) {
	if show {
		c.pickBox.Show()
	} else {
		c.pickBox.Hide()
	}
}

// target is whom the ticks name: whole grades as grades (admin and
// principal), other classes by id.
func (c *noticeCompose) target() app.Target {
	var t app.Target
	if c.school != nil {
		t.School, t.Staff = c.school.Checked, c.staff.Checked
	}
	if c.picker == nil || t.School {
		return t
	}
	if c.school != nil {
		t.Grades = c.picker.SelectedGrades()
	}
	for _, id := range c.picker.Selected() {
		if !slices.Contains(t.Grades, c.classes[id].Grade) {
			t.ClassIDs = append(t.ClassIDs, id)
		}
	}
	return t
}

// draft reads the fields; a deadline that is not a date is an error.
func (c *noticeCompose) draft() (app.NoticeDraft, error) {
	deadline, err := app.ParseDate(c.deadline.Text)
	if err != nil {
		return app.NoticeDraft{}, err
	}
	d := app.NoticeDraft{
		ID:          c.draftID,
		Title:       c.title.Text,
		Body:        c.body.Text,
		Target:      c.target(),
		RequiresAck: c.ack.Checked,
		Deadline:    deadline,
		Attachments: slices.Clone(c.kept),
		AddFiles:    slices.Clone(c.added),
	}
	return d, d.Validate()
}

func (c *noticeCompose) setBusy(busy bool) {
	c.busy = busy
	for _, b := range []*widget.Button{c.saveB, c.publishB} {
		if busy {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

// save stores the draft and stays in the view.
func (c *noticeCompose) save() {
	d, err := c.draft()
	if c.busy || c.showError(err) {
		return
	}
	c.setBusy(true)
	ctx := c.s.env.Ctx()
	svc := c.s.env.Services.Notices
	c.s.run(func() {
		n, err := svc.SaveDraft(ctx, d)
		fyne.Do(func() {
			c.setBusy(false)
			if c.showError(err) {
				return
			}
			c.saved(n)
			c.status.SetText(i18n.T("notices.compose.saved", n.Title))
			c.status.Show()
		})
	})
}

// saved takes the stored draft's id and attachments, so the next save
// replaces it instead of making another.
func (c *noticeCompose) saved(n *app.Notice) {
	c.draftID = n.ID
	c.kept = slices.Clone(n.Attachments)
	c.added = nil
	c.showAttachments()
}

// showError shows err under the form and reports whether there was one.
func (c *noticeCompose) showError(err error) bool {
	showInline(c.errLabel, err)
	if err != nil {
		c.status.Hide()
	}
	return err != nil
}

// confirmPublish checks the notice and asks before publishing it:
// published notices cannot be changed.
func (c *noticeCompose) confirmPublish() {
	d, err := c.draft()
	if err == nil {
		err = app.CheckTarget(c.s.env.Account, d.Target)
	}
	if c.busy || c.showError(err) {
		return
	}
	msg := newWrapLabel(i18n.T("notices.compose.publish_confirm", app.CleanTitle(d.Title), d.Target.Summary(c.labels())))
	dialog.NewCustomConfirm(i18n.T("notices.compose.publish_title"), i18n.T("notices.compose.publish"), i18n.T("notices.compose.cancel"),
		container.New(minWidth(420), msg), func(ok bool) {
			if ok {
				c.publish(d)
			}
		}, c.s.env.Window).Show()
}

// publish saves the draft and publishes it, then opens it to record
// receipts.
func (c *noticeCompose) publish(d app.NoticeDraft) {
	c.setBusy(true)
	ctx := c.s.env.Ctx()
	svc := c.s.env.Services.Notices
	c.s.run(func() {
		stored, err := svc.SaveDraft(ctx, d)
		var n *app.Notice
		if err == nil {
			n, err = svc.Publish(ctx, stored.ID)
		}
		fyne.Do(func() {
			c.setBusy(false)
			if stored != nil && n == nil {
				// the draft is stored: the next try must not make another
				c.saved(stored)
			}
			if c.showError(err) {
				return
			}
			c.s.Open(n.ID)
		})
	})
}

func (c *noticeCompose) labels() map[int64]string {
	m := make(map[int64]string, len(c.classes))
	for id, cl := range c.classes {
		m[id] = cl.Label()
	}
	return m
}

// chooseAttachment adds a file chosen in a file dialog.
func (c *noticeCompose) chooseAttachment() {
	chooseOpenPath(c.s.env, nil, func(path string) {
		if !slices.Contains(c.added, path) {
			c.added = append(c.added, path)
		}
		c.showAttachments()
	})
}

// showAttachments lists the stored and the added files, each with a
// button that removes it.
func (c *noticeCompose) showAttachments() {
	c.attachBx.RemoveAll()
	row := func(name string, size int64, remove func()) {
		rm := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			remove()
			c.showAttachments()
		})
		rm.Importance = widget.LowImportance
		text := widget.NewLabel(i18n.T("notices.attachment", name, fileSize(size)))
		text.Truncation = fyne.TextTruncateEllipsis
		c.attachBx.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), rm, text))
	}
	for i, a := range c.kept {
		row(a.Name, a.Size, func() { c.kept = slices.Delete(c.kept, i, i+1) })
	}
	for i, p := range c.added {
		var size int64
		if fi, err := os.Stat(p); err == nil {
			size = fi.Size()
		}
		row(filepath.Base(p), size, func() { c.added = slices.Delete(c.added, i, i+1) })
	}
	if len(c.kept)+len(c.added) == 0 {
		none := widget.NewLabel(i18n.T("notices.compose.no_attachments"))
		none.Importance = widget.LowImportance
		c.attachBx.Add(none)
	}
}

// fileSize is a file's size as people read it: 820 B, 12.5 KB, 3.1 MB.
func fileSize(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	case n < 1024*1024*1024:
		return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
	}
	return fmt.Sprintf("%.2f GB", float64(n)/(1024*1024*1024))
}

// fixedHeight is an empty object h tall, to give a stack a minimum
// height.
func fixedHeight(h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(0, h))
	return r
}

// fieldLabel is the bold name above a field.
func fieldLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}
