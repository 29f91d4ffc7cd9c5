package main

import (
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	fynedesktop "fyne.io/fyne/v2/driver/desktop"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/ui"
	"jxj/assets"
	"jxj/desktop"
)

// tray is jxj's icon in the system tray: 打开, 立即同步, the sync state
// (a line that cannot be clicked) and 退出 for a school; 打开 and 退出 for
// the bureau console. Closing the window with a tray keeps jxj there, so
// the sync schedule goes on.
type tray struct {
	desk   fynedesktop.App
	menu   *fyne.Menu
	status *fyne.MenuItem // nil without a sync state (the console)
	keys   map[*fyne.MenuItem]string
}

// item is a tray item whose label is the text of key.
func (t *tray) item(key string, action func()) *fyne.MenuItem {
	it := fyne.NewMenuItem(i18n.T(key), action)
	t.keys[it] = key
	return it
}

// relabel translates the items again, after the language was switched in
// 设置, and reports whether a label changed.
func (t *tray) relabel() bool {
	changed := false
	for it, key := range t.keys {
		if l := i18n.T(key); it.Label != l {
			it.Label, changed = l, true
		}
	}
	return changed
}

// setUpTray puts the icon in the tray when the desktop shows one. Not
// otherwise: fyne.io/systray without a session bus crashes as jxj quits
// (a nil D-Bus connection closed), and an icon nobody sees could not
// bring a hidden window back. sync adds 立即同步 and the sync state.
func (g *gui) setUpTray(sync bool) {
	desk, ok := g.app.(fynedesktop.App)
	if !ok || !desktop.TrayHost() {
		return
	}
	t := &tray{desk: desk, keys: map[*fyne.MenuItem]string{}}
	items := []*fyne.MenuItem{t.item("desktop.tray.open", g.showWindow)}
	if sync {
		items = append(items, t.item("desktop.tray.sync_now", func() {
			if cur := g.school(); cur != nil {
				go cur.sync.runNow()
			}
		}))
		t.status = fyne.NewMenuItem(i18n.T("desktop.tray.never"), nil)
		t.status.Disabled = true
		items = append(items, t.status)
	}
	quit := t.item("desktop.tray.quit", g.quit)
	quit.IsQuit = true
	items = append(items, fyne.NewMenuItemSeparator(), quit)
	t.menu = fyne.NewMenu(i18n.T("app.name"), items...)
	desk.SetSystemTrayIcon(fyne.NewStaticResource("jxj.png", assets.Icon))
	desk.SetSystemTrayMenu(t.menu)
	desk.SetSystemTrayWindow(g.win) // a click on the icon shows the window
	g.tray = t
}

// syncChanged is told when a sync starts or ends (off the UI goroutine):
// it tells the window (uiChanged) and shows the state in the tray.
func (g *gui) syncChanged(uiChanged func()) func() {
	return func() {
		uiChanged()
		g.showSyncInTray()
	}
}

// showSyncInTray shows the school's sync state in the tray, in the
// language of the window now.
func (g *gui) showSyncInTray() {
	cur := g.school()
	if g.tray == nil || g.tray.status == nil || cur == nil {
		return
	}
	st, err := cur.svc.Sync.SyncState(g.ctx)
	if err != nil {
		return
	}
	text := trayStatus(st, cur.sync.running())
	fyne.Do(func() {
		if relabelled := g.tray.relabel(); relabelled || g.tray.status.Label != text {
			g.tray.status.Label = text
			g.tray.desk.SetSystemTrayMenu(g.tray.menu)
		}
	})
}

// trayStatus is the tray's line for the sync state: 正在同步…, 未连接区县,
// 尚未同步, 上次同步 10:32, or 同步失败 10:35 when the last try failed.
func trayStatus(st *app.SyncState, running bool) string {
	switch {
	case running:
		return i18n.T("desktop.tray.syncing")
	case !st.Enrolled():
		return i18n.T("desktop.tray.not_enrolled")
	case st.LastError != "" && st.LastAttempt.After(st.LastSuccess):
		return i18n.T("desktop.tray.failed", clock(st.LastAttempt))
	case st.LastSuccess.IsZero():
		return i18n.T("desktop.tray.never")
	}
	return i18n.T("desktop.tray.last", clock(st.LastSuccess))
}

// clock is a time of today as 10:32, of another day as 12-03 10:32.
func clock(t time.Time) string {
	t = t.Local()
	if y, m, d := time.Now().Date(); t.Year() == y && t.Month() == m && t.Day() == d {
		return t.Format("15:04")
	}
	return t.Format("01-02 15:04")
}

// closeWindow is the window's close button: with a tray the window hides
// and jxj goes on in the tray (the first time says so); without one, or
// for the bureau console (no schedule to keep), jxj quits as before.
func (g *gui) closeWindow() {
	g.rememberWindow()
	prefs := g.app.Preferences()
	// Quit, not Close: the tray's hidden SystrayMonitor window would keep
	// Fyne running after the last window of ours closed
	if g.tray == nil || g.tray.status == nil || g.school() == nil || !ui.CloseToTray(prefs, true) {
		g.app.Quit()
		return
	}
	if !prefs.Bool(ui.PrefTrayTold) {
		ui.AskCloseToTray(g.app, g.win, g.win.Hide, g.app.Quit)
		return
	}
	g.win.Hide()
}

// quit is the tray's 退出 (and Ctrl-C's, and `jxj quit`'s): jxj really
// stops, and main closes the database as the window's close does.
func (g *gui) quit() {
	g.rememberWindow()
	g.app.Quit()
}

// rememberWindow keeps the window's size and place while it is still
// there; Fyne saves the preferences as the app stops.
func (g *gui) rememberWindow() {
	ui.RememberWindowSize(g.app, g.win)
	keepWindowPos(g.app, g.win)
}

// desktopHooks are the settings' tray and start at login on this PC; the
// start at login runs this program on this data folder, in the tray.
type desktopHooks struct {
	host      bool
	autostart desktop.Autostart
}

func newDesktopHooks(dir string, host bool) desktopHooks {
	exe, err := os.Executable()
	if err == nil {
		exe, _ = filepath.EvalSymlinks(exe)
	}
	return desktopHooks{host: host, autostart: desktop.Autostart{Exe: exe,
		Args: []string{"--data", dir, "--" + desktop.MinimizedFlag}}}
}

func (h desktopHooks) TrayHost() bool { return h.host }
func (h desktopHooks) AutostartSupported() bool {
	return h.autostart.Supported() && h.autostart.Exe != ""
}
func (h desktopHooks) Autostart() (bool, error)   { return h.autostart.Enabled() }
func (h desktopHooks) SetAutostart(on bool) error { return h.autostart.Set(on) }

// startInTray reports whether this start stays in the tray without
// showing the window (--minimized at login), which needs a tray to come
// back from.
func (g *gui) startInTray(minimized bool) bool {
	return minimized && g.tray != nil && g.school() != nil
}
