package ui

import (
	"context"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"

	"jxj/app"
	"jxj/app/i18n"
)

// Env is what every screen is built from: the window it lives in, the
// services, and who is logged in.
type Env struct {
	App      fyne.App
	Window   fyne.Window
	Services app.Services
	Account  *app.Account // nil before login
	School   *app.Org     // nil before setup
	// SyncChanged tells the shell that what the sync status line shows
	// changed, e.g. a bureau notice confirmed goes up with the next sync.
	// Nil in screen tests.
	SyncChanged func()

	// lastDir is the folder of the file last picked or saved: the next
	// file dialog opens there (a teacher's USB stick, the export folder).
	lastDir fyne.ListableURI
}

// Ctx returns a context that carries the logged-in account, for service
// calls.
func (e *Env) Ctx() context.Context {
	return app.NewContextWithAccount(context.Background(), e.Account)
}

// ShowError shows err to the user in their language and logs its cause.
// The dialog is ours rather than dialog.ShowError, whose title and button
// follow the system locale instead of the language chosen in jxj. A
// refusal (EFORBIDDEN) is no fault: its title says so, its text why.
func (e *Env) ShowError(err error) {
	log.Printf("jxj: %s", i18n.ForLog(err))
	title := i18n.T("dialog.error")
	if app.ErrorCode(err) == app.EFORBIDDEN {
		title = i18n.T("permission.refused_title")
	}
	e.ShowInfo(title, i18n.Err(err))
}

// ShowInfo shows a message with a title and an OK button, in the user's
// language.
func (e *Env) ShowInfo(title, message string) {
	text := newWrapLabel(message)
	d := dialog.NewCustom(title, i18n.T("dialog.ok"), container.New(minWidth(360), text), e.Window)
	d.Show()
}

// syncChanged calls SyncChanged when it is set.
func (e *Env) syncChanged() {
	if e.SyncChanged != nil {
		e.SyncChanged()
	}
}

// Screen is one page of the main window.
type Screen interface {
	Content() fyne.CanvasObject
}
