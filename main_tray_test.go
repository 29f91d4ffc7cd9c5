package main

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"jxj/app"
	"jxj/app/i18n"
)

func TestTrayStatusLine(t *testing.T) {
	i18n.SetLanguage(i18n.Chinese)
	today := time.Now()
	at := time.Date(today.Year(), today.Month(), today.Day(), 10, 32, 0, 0, time.Local)
	enrolled := app.SyncState{Credential: "c", HubURL: "http://h"}
	cases := []struct {
		name    string
		st      app.SyncState
		running bool
		want    string
	}{
		{"running", enrolled, true, "正在同步…"},
		{"not enrolled", app.SyncState{}, false, "未连接区县"},
		{"never", enrolled, false, "尚未同步"},
		{"last", func() app.SyncState { s := enrolled; s.LastSuccess, s.LastAttempt = at, at; return s }(), false, "上次同步 10:32"},
		{"failed after", func() app.SyncState {
			s := enrolled
			s.LastSuccess, s.LastAttempt, s.LastError = at.Add(-time.Hour), at, "offline"
			return s
		}(), false, "同步失败 10:32"},
		{"an older day", func() app.SyncState {
			s := enrolled
			s.LastSuccess = time.Date(2025, 3, 4, 8, 5, 0, 0, time.Local)
			s.LastAttempt = s.LastSuccess
			return s
		}(), false, "上次同步 03-04 08:05"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := trayStatus(&c.st, c.running); got != c.want {
				t.Errorf("%q, want %q", got, c.want)
			}
		})
	}
}

// The start at login runs this program on the data folder, in the tray.
func TestDesktopHooksStartAtLoginInTheTray(t *testing.T) {
	h := newDesktopHooks("/data/学校", true)
	want := []string{"--data", "/data/学校", "--minimized"}
	if h.autostart.Exe == "" || len(h.autostart.Args) != 3 {
		t.Fatalf("autostart %+v", h.autostart)
	}
	for i, w := range want {
		if h.autostart.Args[i] != w {
			t.Errorf("arg %d = %q, want %q", i, h.autostart.Args[i], w)
		}
	}
	if !h.TrayHost() {
		t.Error("TrayHost")
	}
}

// After 设置 switches the language, the tray's items follow.
func TestTrayRelabelsAfterALanguageSwitch(t *testing.T) {
	i18n.SetLanguage(i18n.Chinese)
	defer i18n.SetLanguage(i18n.Chinese)
	tr := &tray{keys: map[*fyne.MenuItem]string{}}
	open, quit := tr.item("desktop.tray.open", nil), tr.item("desktop.tray.quit", nil)
	if open.Label != "打开" || quit.Label != "退出" || tr.relabel() {
		t.Fatalf("labels %q %q", open.Label, quit.Label)
	}
	i18n.SetLanguage(i18n.English)
	if !tr.relabel() || open.Label != "Open" || quit.Label != "Quit" {
		t.Errorf("after the switch: %q %q", open.Label, quit.Label)
	}
}
