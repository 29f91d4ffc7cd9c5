package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app/i18n"
)

// confirmDanger asks before an action that destroys something or cannot
// easily be undone (撤回, 删除, 恢复备份 …). 取消 is the default: it has
// the focus when the dialog opens, so Enter, Space and Escape press it;
// the action's own button names the action (删除作业, never 确定) in the
// danger colour. answer gets true only when that button was pressed, and
// false however else the dialog closed.
func confirmDanger(win fyne.Window, title string, content fyne.CanvasObject, action string, answer func(ok bool)) *dialog.CustomDialog {
	d := dialog.NewCustomWithoutButtons(title, content, win)
	confirmed := false
	cancel := newDefaultButton(i18n.T("confirm.cancel"), theme.CancelIcon(), d.Hide)
	cancel.Importance = widget.HighImportance
	do := widget.NewButtonWithIcon(action, theme.WarningIcon(), func() {
		confirmed = true
		d.Hide()
	})
	do.Importance = widget.DangerImportance
	d.SetButtons([]fyne.CanvasObject{cancel, do})
	d.SetOnClosed(func() { answer(confirmed) })
	d.Show()
	win.Canvas().Focus(cancel)
	return d
}

// confirmText is a confirmDanger's question as a wrapping text of a
// width that reads well; the names in keep are never split.
func confirmText(text string, keep ...string) fyne.CanvasObject {
	l := newWrapLabel(text)
	l.Keep = keep
	return container.New(minWidth(420), l)
}

// defaultButton is a dialog's default button: Enter and Escape press it
// as well as Space while it has the focus.
type defaultButton struct {
	widget.Button
}

func newDefaultButton(label string, icon fyne.Resource, tapped func()) *defaultButton {
	b := &defaultButton{}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Enter and Escape too.
func (b *defaultButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyEscape:
		b.Tapped(&fyne.PointEvent{})
	default:
		b.Button.TypedKey(ev)
	}
}

// dangerGroup sets destructive buttons (撤回, 删除作业 …) apart behind a
// separator, for the end of a row of routine buttons (export, print,
// import), so a click meant for an export never lands on one. A
// destructive button the account may not use is not put in at all, and
// the group is hidden while it holds none.
func dangerGroup(buttons ...fyne.CanvasObject) *fyne.Container {
	gap := func() fyne.CanvasObject { return container.New(minWidth(2 * theme.Padding())) }
	g := container.NewHBox(append([]fyne.CanvasObject{gap(), widget.NewSeparator(), gap()}, buttons...)...)
	if len(buttons) == 0 {
		g.Hide()
	}
	return g
}
