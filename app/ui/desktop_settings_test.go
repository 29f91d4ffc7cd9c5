package ui

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jxj/app/i18n"
)

// fakeDesktop is the PC's tray and start at login.
type fakeDesktop struct {
	tray, supported bool
	autostart       bool
	setErr          error
	sets            []bool
}

func (f *fakeDesktop) TrayHost() bool           { return f.tray }
func (f *fakeDesktop) AutostartSupported() bool { return f.supported }
func (f *fakeDesktop) Autostart() (bool, error) { return f.autostart, nil }
func (f *fakeDesktop) SetAutostart(on bool) error {
	f.sets = append(f.sets, on)
	if f.setErr != nil {
		return f.setErr
	}
	f.autostart = on
	return nil
}

func openDesktopSettings(t *testing.T, d *fakeDesktop) *shellHarness {
	t.Helper()
	h := startShell(t, newShellFakes(), Options{DataDir: "/data/jxj", Desktop: d})
	h.login("admin", shellPassword)
	test.Tap(h.ui.navBtns[pageSettings])
	h.wait()
	if h.ui.settings == nil || h.ui.settings.desktop == nil {
		t.Fatal("the settings show no 桌面 card")
	}
	return h
}

func TestDesktopSettingsTrayAndAutostart(t *testing.T) {
	d := &fakeDesktop{tray: true, supported: true}
	h := openDesktopSettings(t, d)
	c := h.ui.settings.desktop
	h.wantText("桌面")
	if !c.tray.Checked || c.tray.Disabled() {
		t.Errorf("with a tray, staying in it is on by default (checked %v, disabled %v)", c.tray.Checked, c.tray.Disabled())
	}
	if c.autostart.Checked {
		t.Error("start at login is on before it was chosen")
	}
	test.Tap(c.tray)
	if CloseToTray(h.app.Preferences(), true) {
		t.Error("unticking the tray box left closing to the tray on")
	}
	test.Tap(c.autostart)
	if !d.autostart || len(d.sets) != 1 {
		t.Errorf("ticking 开机登录后自动启动 set %v, autostart %v", d.sets, d.autostart)
	}
	test.Tap(c.autostart)
	if d.autostart {
		t.Error("unticking it left the start at login on")
	}
}

func TestDesktopSettingsAutostartRefusedGoesBack(t *testing.T) {
	d := &fakeDesktop{tray: true, supported: true, setErr: errors.New("access denied")}
	h := openDesktopSettings(t, d)
	c := h.ui.settings.desktop
	test.Tap(c.autostart)
	if c.autostart.Checked {
		t.Error("the box stays ticked though the system refused")
	}
	h.wantText("无法更改开机启动：access denied")
}

func TestDesktopSettingsWithoutTray(t *testing.T) {
	d := &fakeDesktop{tray: false, supported: false}
	h := openDesktopSettings(t, d)
	c := h.ui.settings.desktop
	if c.tray.Checked || !c.tray.Disabled() || !c.autostart.Disabled() {
		t.Errorf("without a tray or autostart: tray checked %v disabled %v, autostart disabled %v",
			c.tray.Checked, c.tray.Disabled(), c.autostart.Disabled())
	}
	h.wantText("不显示托盘图标")
	if CloseToTray(h.app.Preferences(), false) {
		t.Error("closing to a tray that does not show")
	}
}

func TestAskCloseToTrayOnce(t *testing.T) {
	lang := i18n.Language()
	i18n.SetLanguage(i18n.Chinese)
	t.Cleanup(func() { i18n.SetLanguage(lang) })
	for _, keep := range []bool{true, false} {
		a := test.NewTempApp(t)
		w := test.NewTempWindow(t, widget.NewLabel(""))
		var stayed, quit bool
		AskCloseToTray(a, w, func() { stayed = true }, func() { quit = true })
		h := &shellHarness{t: t, app: a, win: w}
		h.wantText("继续按计划与区县同步")
		label := "留在托盘区"
		if !keep {
			label = "退出局校家"
		}
		test.Tap(h.button(label))
		prefs := a.Preferences()
		if !prefs.Bool(PrefTrayTold) || stayed != keep || quit == keep || CloseToTray(prefs, true) != keep {
			t.Errorf("%s: told %v stayed %v quit %v close to tray %v", label, prefs.Bool(PrefTrayTold), stayed, quit, CloseToTray(prefs, true))
		}
	}
}
