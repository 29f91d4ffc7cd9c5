package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// What the console's editors and follow views share: sending after a
// confirmation, revoking after confirmDanger, and an Excel export.

// consoleSend asks title/msg with a button named action, then runs
// publish off the UI goroutine with sendB waiting; a problem with the
// draft shows in errL, another error as the console shows changes'
// errors; done runs after it went. It returns the confirmation, for
// tests.
func consoleSend(u *ConsoleUI, title, action string, msg fyne.CanvasObject, sendB *widget.Button, errL *wrapLabel,
	publish func(app.BureauConsole, context.Context) error, done func()) dialog.Dialog {
	d := dialog.NewCustomConfirm(title, action, i18n.T("confirm.cancel"), msg, func(ok bool) {
		if !ok {
			return
		}
		sendB.Disable()
		c := u.opts.Console
		runAsync(func() {
			err := publish(c, context.Background())
			fyne.Do(func() {
				u.setActions(true, sendB)
				if err != nil {
					if app.ErrorCode(err) == app.EINVALID {
						showInline(errL, err)
						return
					}
					u.failed(err)
					return
				}
				done()
			})
		})
	}, u.win)
	d.Show()
	return d
}

// consoleRevoke asks with confirmDanger, then runs revoke (or another
// change that cannot be undone, as a rejection) and done; an error is
// shown as the console shows changes' errors.
func consoleRevoke(u *ConsoleUI, title string, msg fyne.CanvasObject, action string, revoke func(app.BureauConsole, context.Context) error, done func()) {
	confirmDanger(u.win, title, msg, action, func(ok bool) {
		if !ok {
			return
		}
		c := u.opts.Console
		runAsync(func() {
			err := revoke(c, context.Background())
			fyne.Do(func() {
				if err != nil {
					u.failed(err)
					return
				}
				done()
			})
		})
	})
}

// consoleExport asks where to save name.xlsx and writes it with write,
// saying where it went.
func consoleExport(u *ConsoleUI, name string, write func(path string) error) {
	chooseSavePath(u.env, name, ".xlsx", func(path string) {
		runAsync(func() {
			err := write(path)
			fyne.Do(func() {
				if err != nil {
					u.env.ShowError(err)
					return
				}
				u.env.ShowInfo(i18n.T("bureau_console.follow.exported_title"), i18n.T("bureau_console.follow.exported", path))
			})
		})
	})
}

// followButtons are a follow view's actions.
type followButtons struct {
	refresh, export, remind, revoke *widget.Button
}

// followHeader is a follow view's header: 刷新, 导出 Excel when export is
// given, and for those who may send, 催办 when remind is given and, set
// apart, 撤回.
func followHeader(u *ConsoleUI, title string, back, reload, export, remind, revoke func()) (followButtons, fyne.CanvasObject) {
	var b followButtons
	b.refresh = widget.NewButtonWithIcon(i18n.T("bureau_console.refresh"), theme.ViewRefreshIcon(), reload)
	buttons := []fyne.CanvasObject{b.refresh}
	if export != nil {
		b.export = widget.NewButtonWithIcon(i18n.T("bureau_console.follow.export"), theme.DocumentSaveIcon(), export)
		buttons = append(buttons, b.export)
	}
	var danger []fyne.CanvasObject
	if u.can(app.BureauSendNotices) {
		if remind != nil {
			b.remind = widget.NewButtonWithIcon(i18n.T("console_survey.remind"), theme.MailReplyIcon(), remind)
			buttons = append(buttons, b.remind)
		}
		b.revoke = widget.NewButtonWithIcon(i18n.T("bureau_console.follow.revoke"), theme.DeleteIcon(), revoke)
		b.revoke.Importance = widget.DangerImportance
		danger = append(danger, b.revoke)
	}
	return b, subViewHeader(title, back, append(buttons, dangerGroup(danger...))...)
}
