package ui

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// This file holds what the notices page shows of a bureau notice (教育局),
// which comes down from the district hub: its badge, the school's
// confirmation and the forward to families, which go up with the next
// sync.

// bureauDayLayout is how the detail writes when a bureau notice was
// confirmed or forwarded: 已确认 12-02.
const bureauDayLayout = "01-02"

// bureauBadge marks a notice that came from the bureau.
func bureauBadge() fyne.CanvasObject { return badge(i18n.T("notices.bureau.badge")) }

// bureauWaiting reports whether n is a bureau notice not forwarded to
// families yet: it has no receipts.
func bureauWaiting(n *app.Notice) bool { return n.Bureau && n.ForwardedAt.IsZero() }

// bureauBar is the line of a bureau notice's detail that says when the
// school confirmed and forwarded it and, for admin and principal, offers
// what is left to do.
func (d *noticeDetail) bureauBar() fyne.CanvasObject {
	n := d.status.Notice
	d.confirmB, d.forwardB = nil, nil
	box := container.NewHBox()
	done := func(key string, at time.Time) {
		l := widget.NewLabelWithStyle(i18n.T(key, at.Local().Format(bureauDayLayout)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Importance = widget.SuccessImportance
		box.Add(l)
	}
	if !n.ConfirmedAt.IsZero() {
		done("notices.bureau.confirmed", n.ConfirmedAt)
	}
	if !n.ForwardedAt.IsZero() {
		done("notices.bureau.forwarded", n.ForwardedAt)
	}
	if app.CanHandleBureauNotice(d.s.env.Account, n) == nil {
		if n.ConfirmedAt.IsZero() {
			d.confirmB = widget.NewButtonWithIcon(i18n.T("notices.bureau.confirm"), theme.ConfirmIcon(), d.confirmBureau)
			box.Add(d.confirmB)
		}
		if n.ForwardedAt.IsZero() {
			d.forwardB = widget.NewButtonWithIcon(i18n.T("notices.bureau.forward"), theme.MailForwardIcon(), d.showForward)
			d.forwardB.Importance = widget.HighImportance
			box.Add(d.forwardB)
		}
	}
	return box
}

// bureauWaitingView stands where the receipts would be: a bureau notice
// has none until it is forwarded.
func (d *noticeDetail) bureauWaitingView() fyne.CanvasObject {
	key := "notices.bureau.waiting"
	if app.CanHandleBureauNotice(d.s.env.Account, d.status.Notice) != nil {
		key = "notices.bureau.waiting_other"
	}
	text := newWrapLabel(i18n.T(key))
	return container.NewVBox(fieldLabel(i18n.T("notices.detail.receipts")), text)
}

// confirmBureau records that the school has the notice; the confirmation
// goes up with the next sync.
func (d *noticeDetail) confirmBureau() {
	b := d.confirmB
	b.Disable()
	ctx, svc := d.s.env.Ctx(), d.s.env.Services.Notices
	d.s.run(func() {
		_, err := svc.ConfirmBureau(ctx, d.id)
		fyne.Do(func() {
			if err != nil {
				b.Enable()
				d.s.env.ShowError(err)
				return
			}
			d.s.env.syncChanged()
			d.load()
		})
	})
}

// bureauForward is the 转发给家长 dialog: whom to send a bureau notice on
// to, the whole school or grades and classes, as in the compose view.
type bureauForward struct {
	d        *noticeDetail
	school   *widget.Check
	picker   *classPicker // nil until the classes are loaded
	pickBox  *fyne.Container
	errLabel *wrapLabel
	submit   *widget.Button
	cancel   *widget.Button
	dlg      *dialog.CustomDialog
	busy     bool
}

// showForward opens the dialog and loads the classes into its picker.
func (d *noticeDetail) showForward() {
	f := &bureauForward{d: d}
	d.forward = f
	intro := newWrapLabel(i18n.T("notices.bureau.forward_intro", d.status.Notice.Title))
	f.pickBox = container.NewStack(widget.NewLabel(i18n.T("notices.compose.classes_loading")))
	f.school = widget.NewCheck(i18n.T("notices.target.school"), func(on bool) { setVisible(f.pickBox, !on) })
	f.errLabel = errorLabel()
	f.submit = widget.NewButtonWithIcon(i18n.T("notices.bureau.forward_submit"), theme.MailForwardIcon(), f.send)
	f.submit.Importance = widget.HighImportance
	f.cancel = widget.NewButtonWithIcon(i18n.T("notices.compose.cancel"), theme.CancelIcon(), f.close)
	body := container.NewVBox(intro, fieldLabel(i18n.T("notices.compose.target")), f.school,
		container.NewStack(fixedHeight(pickerHeight), f.pickBox), f.errLabel,
		container.NewHBox(layout.NewSpacer(), f.cancel, f.submit))
	f.dlg = dialog.NewCustomWithoutButtons(i18n.T("notices.bureau.forward_title"), container.New(minWidth(560), body), d.s.env.Window)
	f.dlg.Show()
	f.loadClasses()
}

func (f *bureauForward) close() {
	f.dlg.Hide()
	f.d.forward = nil
}

func (f *bureauForward) loadClasses() {
	loadClassPicker(f.d.s.env, f.d.s.run, f.pickBox, func(p *classPicker, _ []*app.Class) { f.picker = p })
}

// target is whom the ticks name: the whole school, or whole grades as
// grades and the other classes by id.
func (f *bureauForward) target() app.Target {
	if f.school.Checked {
		return app.Target{School: true}
	}
	var t app.Target
	if f.picker != nil {
		t.Grades, t.ClassIDs = f.picker.gradesAndClasses()
	}
	return t
}

func (f *bureauForward) setBusy(busy bool) {
	f.busy = busy
	for _, b := range []*widget.Button{f.submit, f.cancel} {
		if busy {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

// send forwards the notice off the UI goroutine; an error keeps the
// dialog open with the ticks as they are.
func (f *bureauForward) send() {
	if f.busy {
		return
	}
	env := f.d.s.env
	t := f.target()
	if err := app.CheckTarget(env.Account, t); err != nil {
		showInline(f.errLabel, err)
		return
	}
	showInline(f.errLabel, nil)
	f.setBusy(true)
	ctx, svc, id := env.Ctx(), env.Services.Notices, f.d.id
	f.d.s.run(func() {
		_, err := svc.ForwardBureau(ctx, id, t)
		fyne.Do(func() {
			f.setBusy(false)
			if err != nil {
				showInline(f.errLabel, err)
				return
			}
			f.close()
			env.syncChanged()
			f.d.load()
		})
	})
}

// gradesAndClasses is the picker's ticks as a target names them: grades
// whose every class is ticked as grades, the other ticked classes by id.
// Only for admin and principal, who are offered every class of a grade.
func (p *classPicker) gradesAndClasses() ([]int, []int64) {
	grades := p.SelectedGrades()
	var ids []int64
	for _, g := range p.grades {
		if slices.Contains(grades, g.grade) {
			continue
		}
		for i, c := range g.checks {
			if c.Checked {
				ids = append(ids, g.classes[i].ID)
			}
		}
	}
	return grades, ids
}
