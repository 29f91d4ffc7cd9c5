package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// The preferences of running like a desktop program.
const (
	// PrefCloseToTray: closing the window keeps jxj in the tray, where
	// the sync schedule goes on. Unset, it is on where a tray shows.
	PrefCloseToTray = "desktop.close_to_tray"
	// PrefTrayTold: the first close to the tray has been explained.
	PrefTrayTold = "desktop.tray_told"
)

// DesktopHooks is what the settings need from the PC (main's desktop
// package; tests fake it).
type DesktopHooks interface {
	// TrayHost reports whether the desktop shows tray icons.
	TrayHost() bool
	// AutostartSupported reports whether jxj can start at login here.
	AutostartSupported() bool
	// Autostart reports whether jxj starts at login.
	Autostart() (bool, error)
	// SetAutostart makes jxj start at login, minimized to the tray, or
	// not.
	SetAutostart(on bool) error
}

// CloseToTray reports whether closing the window keeps jxj in the tray.
func CloseToTray(prefs fyne.Preferences, trayHost bool) bool {
	return trayHost && prefs.BoolWithFallback(PrefCloseToTray, true)
}

// desktopCard is the settings' 桌面 card: staying in the tray and
// starting at login.
type desktopCard struct {
	env       *Env
	hooks     DesktopHooks
	card      *widget.Card
	tray      *widget.Check
	autostart *widget.Check
}

func newDesktopCard(env *Env, hooks DesktopHooks) *desktopCard {
	c := &desktopCard{env: env, hooks: hooks}
	prefs := env.App.Preferences()
	host := hooks.TrayHost()
	c.tray = widget.NewCheck(i18n.T("desktop.settings.tray"), nil)
	c.tray.SetChecked(CloseToTray(prefs, host))
	c.tray.OnChanged = func(on bool) { prefs.SetBool(PrefCloseToTray, on) }
	trayNote := i18n.T("desktop.settings.tray_note")
	if !host {
		c.tray.Disable()
		trayNote = i18n.T("desktop.settings.no_tray")
	}

	c.autostart = widget.NewCheck(i18n.T("desktop.settings.autostart"), nil)
	startNote := i18n.T("desktop.settings.autostart_note")
	on, err := hooks.Autostart()
	if err != nil {
		startNote = i18n.T("desktop.settings.autostart_unknown")
	}
	c.autostart.SetChecked(on)
	c.autostart.OnChanged = c.setAutostart
	if !hooks.AutostartSupported() {
		c.autostart.Disable()
		startNote = i18n.T("desktop.settings.autostart_unsupported")
	}
	c.card = widget.NewCard(i18n.T("desktop.settings.title"), "", widget.NewForm(
		widget.NewFormItem("", c.tray), widget.NewFormItem("", note(trayNote)),
		widget.NewFormItem("", c.autostart), widget.NewFormItem("", note(startNote)),
	))
	return c
}

// setAutostart writes the choice to the system; a refusal is shown and
// the box goes back to what the system holds.
func (c *desktopCard) setAutostart(on bool) {
	if err := c.hooks.SetAutostart(on); err != nil {
		c.env.ShowError(app.WrapError(err, "desktop.error.autostart", err))
		now, _ := c.hooks.Autostart()
		c.autostart.OnChanged = nil
		c.autostart.SetChecked(now)
		c.autostart.OnChanged = c.setAutostart
	}
}

// note is a small explanation under a choice.
func note(text string) fyne.CanvasObject {
	l := newWrapLabel(text)
	l.Importance = widget.LowImportance
	return l
}

// AskCloseToTray is the window's first close to the tray: it says jxj
// stays in the tray and keeps syncing, and lets the user quit instead,
// which turns staying in the tray off. Either way it is asked once.
func AskCloseToTray(a fyne.App, win fyne.Window, stay, quit func()) {
	prefs := a.Preferences()
	d := dialog.NewCustomConfirm(i18n.T("desktop.close.title"), i18n.T("desktop.close.stay"), i18n.T("desktop.close.quit"),
		container.New(minWidth(360), newWrapLabel(i18n.T("desktop.close.text"))), func(keep bool) {
			prefs.SetBool(PrefTrayTold, true)
			if !keep {
				prefs.SetBool(PrefCloseToTray, false)
				quit()
				return
			}
			stay()
		}, win)
	d.Show()
}
