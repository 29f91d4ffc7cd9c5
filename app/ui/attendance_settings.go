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

// attendanceSettings is the open settings dialog, for tests.
type attendanceSettings struct {
	split     *widget.Check
	alert     *widget.Select
	leave     *widget.Select
	errMsg    *wrapLabel
	save      *widget.Button
	dlg       dialog.Dialog
	alertDays func() int
	leaveDays func() int
}

// showSettings opens the school's attendance rules (admin): morning and
// afternoon roll calls, the days absent in a row that raise an alert,
// and the longest leave a head teacher approves alone. Saving reloads
// the page with the new rules; a refusal shows in the dialog.
func (s *AttendanceScreen) showSettings() {
	d := &attendanceSettings{split: widget.NewCheck(i18n.T("attendancepage.settings.split"), nil), errMsg: errorLabel()}
	d.split.Checked = s.settings.SplitDay
	d.alert, d.alertDays = daysSelect(alertDayChoices, s.settings.AlertDays)
	d.leave, d.leaveDays = daysSelect(leaveDayChoices, s.settings.LeaveDaysForAdmin)
	form := widget.NewForm(
		widget.NewFormItem("", d.split),
		widget.NewFormItem(i18n.T("attendancepage.settings.alert"), d.alert),
		widget.NewFormItem(i18n.T("attendancepage.settings.leave"), d.leave),
	)
	cancel := widget.NewButton(i18n.T("attendancepage.settings.cancel"), func() { d.dlg.Hide() })
	d.save = widget.NewButtonWithIcon(i18n.T("attendancepage.settings.save"), theme.DocumentSaveIcon(), func() { s.saveSettings(d) })
	d.save.Importance = widget.HighImportance
	body := container.NewVBox(form, d.errMsg, container.NewHBox(layout.NewSpacer(), cancel, d.save))
	d.dlg = dialog.NewCustomWithoutButtons(i18n.T("attendancepage.settings.title"), container.New(minWidth(460), body), s.env.Window)
	s.settingsDlg = d
	d.dlg.Show()
}

func (s *AttendanceScreen) saveSettings(d *attendanceSettings) {
	next := app.AttendanceSettings{SplitDay: d.split.Checked, AlertDays: d.alertDays(), LeaveDaysForAdmin: d.leaveDays()}
	ctx := s.env.Ctx()
	svc := s.env.Services.Attendance
	d.save.Disable()
	s.run(func() {
		err := svc.SaveSettings(ctx, next)
		fyne.Do(func() {
			d.save.Enable()
			showInline(d.errMsg, err)
			if err != nil {
				return
			}
			d.dlg.Hide()
			s.settingsDlg = nil
			s.load()
		})
	})
}
