package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// updateCard is the settings' line about a new version the hub sent, for
// the administrator, who chooses when to install it (app/update.go).
type updateCard struct {
	card    *widget.Card
	text    *wrapLabel
	install *widget.Button
	version string // the release ready to install
}

// buildUpdate is the new version's card, hidden until the update's state
// is read and says something; nil when this window cannot install (not
// an administrator, or no updates in this shell).
func (s *SettingsScreen) buildUpdate() fyne.CanvasObject {
	if !s.env.Account.IsAdmin() || s.env.Services.Updates == nil || s.opts.InstallUpdate == nil {
		return nil
	}
	u := &updateCard{text: newWrapLabel("")}
	u.install = widget.NewButtonWithIcon(i18n.T("update.settings.install"), theme.DownloadIcon(), s.confirmInstall)
	u.install.Importance = widget.HighImportance
	u.install.Hide()
	u.card = widget.NewCard(i18n.T("update.settings.title"), "", container.NewBorder(nil, nil, nil, u.install, u.text))
	u.card.Hide()
	s.update = u
	updates, ctx := s.env.Services.Updates, s.env.Ctx()
	runAsync(func() {
		st, err := updates.UpdateStatus(ctx)
		fyne.Do(func() { s.showUpdate(st, err) })
	})
	return u.card
}

// showUpdate shows the update's state: a release ready with its button,
// anything else as a line, with its last problem (a release refused);
// nothing at all when there is neither.
func (s *SettingsScreen) showUpdate(st *app.UpdateState, err error) {
	u := s.update
	switch {
	case err != nil:
		u.text.SetText(i18n.Err(err))
	case st.Phase == app.UpdateNone && st.Error == "":
		u.card.Hide()
		return
	case st.Phase == app.UpdateReady:
		u.version = st.Version()
		u.text.SetText(i18n.T("update.settings.ready", u.version))
		u.install.Show()
	default:
		text := st.Text()
		if st.Error != "" {
			text += "\n" + i18n.T("update.status.error", st.Error)
		}
		u.text.SetText(text)
	}
	u.card.Show()
}

// confirmInstall asks before the install: the window closes, the program
// is replaced and the new version starts.
func (s *SettingsScreen) confirmInstall() {
	u := s.update
	text := i18n.T("update.settings.confirm", u.version, s.opts.Version)
	confirmDanger(s.env.Window, i18n.T("update.settings.confirm_title", u.version), confirmText(text),
		i18n.T("update.settings.install"), func(ok bool) {
			if !ok {
				return
			}
			u.install.Disable()
			u.text.SetText(i18n.T("update.settings.installing"))
			install, ctx := s.opts.InstallUpdate, s.env.Ctx()
			runAsync(func() {
				err := install(ctx) // on success the window quits
				fyne.Do(func() {
					if err != nil {
						u.install.Enable()
						u.text.SetText(i18n.T("update.settings.ready", u.version))
						s.env.ShowError(err)
					}
				})
			})
		})
}
