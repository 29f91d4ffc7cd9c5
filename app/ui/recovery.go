package ui

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app/i18n"
)

// RecoveryOptions is what the window needs when the school's database
// cannot be used (damaged, emptied or gone): jxj never opens a new empty
// school over it, it offers the latest backup instead.
type RecoveryOptions struct {
	Err     error                   // what is wrong; its message names the latest backup
	Latest  string                  // the newest backup in the data folder, "" for none
	Restore func(path string) error // restores the backup at path; called off the UI goroutine
	Started func()                  // after a restore: the window starts as usual
	Quit    func()
}

// recoveryScreen shows what is wrong with the database and the ways out:
// restore the latest backup, another backup file, or quit.
type recoveryScreen struct {
	env     *Env
	opts    RecoveryOptions
	content fyne.CanvasObject
	latest  *widget.Button
	other   *widget.Button
}

// ShowRecovery fills w with the recovery screen, in the language and
// theme the user chose.
func ShowRecovery(a fyne.App, w fyne.Window, opts RecoveryOptions) {
	applyPreferences(a)
	r := newRecoveryScreen(&Env{App: a, Window: w}, opts)
	w.SetContent(r.content)
}

func newRecoveryScreen(env *Env, opts RecoveryOptions) *recoveryScreen {
	r := &recoveryScreen{env: env, opts: opts}
	title := widget.NewLabelWithStyle(i18n.T("recovery.title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	msg := newWrapLabel(i18n.Err(opts.Err))
	msg.Importance = widget.DangerImportance
	r.latest = widget.NewButtonWithIcon(i18n.T("recovery.latest", filepath.Base(opts.Latest)), theme.HistoryIcon(), func() { r.restore(opts.Latest) })
	r.latest.Importance = widget.HighImportance
	if opts.Latest == "" {
		r.latest.SetText(i18n.T("recovery.no_latest"))
		r.latest.Disable()
	}
	r.other = widget.NewButtonWithIcon(i18n.T("recovery.other"), theme.FolderOpenIcon(), r.chooseFile)
	quit := widget.NewButtonWithIcon(i18n.T("recovery.quit"), theme.LogoutIcon(), opts.Quit)
	body := container.NewVBox(container.NewCenter(widget.NewIcon(theme.ErrorIcon())), title, msg,
		container.NewCenter(container.NewHBox(r.latest, r.other, quit)))
	r.content = container.NewCenter(container.New(minWidth(560), body))
	return r
}

func (r *recoveryScreen) chooseFile() {
	chooseOpenPath(r.env, []string{".db"}, r.restore)
}

// restore restores the backup at path off the UI goroutine; on success
// the window starts as usual, else it says why and stays.
func (r *recoveryScreen) restore(path string) {
	r.latest.Disable()
	r.other.Disable()
	wait := showRestoring(r.env.Window)
	runAsync(func() {
		err := r.opts.Restore(path)
		fyne.Do(func() {
			wait.Hide()
			if err != nil {
				if r.opts.Latest != "" {
					r.latest.Enable()
				}
				r.other.Enable()
				r.env.ShowError(err)
				return
			}
			r.opts.Started()
		})
	})
}
