package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// The choices the attendance settings offer, in days.
var (
	alertDayChoices = []int{2, 3, 4, 5, 7, 10}
	leaveDayChoices = []int{1, 2, 3, 5, 7, 10, 14}
)

// daysSelect offers values as "N 天", with current picked (and offered
// too when it is not one of them).
func daysSelect(values []int, current int) (*widget.Select, func() int) {
	values = append([]int(nil), values...)
	labels := make([]string, 0, len(values)+1)
	for _, v := range values {
		labels = append(labels, i18n.T("attendancepage.settings.days", v))
	}
	sel := widget.NewSelect(labels, nil)
	i := -1
	for k, v := range values {
		if v == current {
			i = k
		}
	}
	if i < 0 {
		values = append(values, current)
		sel.Options = append(labels, i18n.T("attendancepage.settings.days", current))
		i = len(values) - 1
	}
	sel.SetSelectedIndex(i)
	return sel, func() int {
		if k := sel.SelectedIndex(); k >= 0 {
			return values[k]
		}
		return current
	}
}

// settingsDialog is a dialog of settings the service saves (the
// attendance rules, the cockpit's class size lines): the fields, a line
// for a refusal, 取消 and 保存. A refusal shows in it, and what was
// typed stays for correcting.
type settingsDialog struct {
	errMsg *wrapLabel
	save   *widget.Button
	dlg    dialog.Dialog
}

// newSettingsDialog shows fields in a dialog whose 保存 calls save.
func newSettingsDialog(win fyne.Window, title, cancelText, saveText string, fields fyne.CanvasObject, save func()) *settingsDialog {
	d := &settingsDialog{errMsg: errorLabel()}
	cancel := widget.NewButton(cancelText, func() { d.dlg.Hide() })
	d.save = widget.NewButtonWithIcon(saveText, theme.DocumentSaveIcon(), save)
	d.save.Importance = widget.HighImportance
	body := container.NewVBox(fields, d.errMsg, container.NewHBox(layout.NewSpacer(), cancel, d.save))
	d.dlg = dialog.NewCustomWithoutButtons(title, container.New(minWidth(460), body), win)
	d.dlg.Show()
	return d
}

// saving runs work (the service's save) off the UI goroutine with 保存
// disabled; a refusal shows in the dialog, else it closes and saved runs.
func (d *settingsDialog) saving(run func(func()), work func() error, saved func()) {
	d.save.Disable()
	run(func() {
		err := work()
		fyne.Do(func() {
			d.save.Enable()
			showInline(d.errMsg, err)
			if err != nil {
				return
			}
			d.dlg.Hide()
			saved()
		})
	})
}

// attendanceSettings is the open settings dialog, for tests.
type attendanceSettings struct {
	*settingsDialog
	split     *widget.Check
	alert     *widget.Select
	leave     *widget.Select
	alertDays func() int
	leaveDays func() int
}

// showSettings opens the school's attendance rules (admin): morning and
// afternoon roll calls, the days absent in a row that raise an alert,
// and the longest leave a head teacher approves alone. Saving reloads
// the page with the new rules; a refusal shows in the dialog.
func (s *AttendanceScreen) showSettings() {
	d := &attendanceSettings{split: widget.NewCheck(i18n.T("attendancepage.settings.split"), nil)}
	d.split.Checked = s.settings.SplitDay
	d.alert, d.alertDays = daysSelect(alertDayChoices, s.settings.AlertDays)
	d.leave, d.leaveDays = daysSelect(leaveDayChoices, s.settings.LeaveDaysForAdmin)
	form := widget.NewForm(
		widget.NewFormItem("", d.split),
		widget.NewFormItem(i18n.T("attendancepage.settings.alert"), d.alert),
		widget.NewFormItem(i18n.T("attendancepage.settings.leave"), d.leave),
	)
	d.settingsDialog = newSettingsDialog(s.env.Window, i18n.T("attendancepage.settings.title"), i18n.T("attendancepage.settings.cancel"),
		i18n.T("attendancepage.settings.save"), form, func() { s.saveSettings(d) })
	s.settingsDlg = d
}

func (s *AttendanceScreen) saveSettings(d *attendanceSettings) {
	next := app.AttendanceSettings{SplitDay: d.split.Checked, AlertDays: d.alertDays(), LeaveDaysForAdmin: d.leaveDays()}
	ctx := s.env.Ctx()
	svc := s.env.Services.Attendance
	d.saving(s.run, func() error { return svc.SaveSettings(ctx, next) }, func() {
		s.settingsDlg = nil
		s.load()
	})
}
