package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
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
}

// Ctx returns a context that carries the logged-in account, for service
// calls.
func (e *Env) Ctx() context.Context {
	return app.NewContextWithAccount(context.Background(), e.Account)
}

// ShowError shows err to the user in their language.
func (e *Env) ShowError(err error) {
	dialog.ShowError(errors.New(i18n.Err(err)), e.Window)
}

// Screen is one page of the main window.
type Screen interface {
	Content() fyne.CanvasObject
}
