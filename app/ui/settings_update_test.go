package ui

import (
	"context"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/mock"
)

// updateShell opens 设置 as user on a school whose update is st, with an
// install that records who asked and answers err.
func updateShell(t *testing.T, user string, st *app.UpdateState, err error) (*shellHarness, *[]string) {
	t.Helper()
	f := newShellFakes()
	f.svc.Updates = &mock.UpdateService{UpdateStatusFn: func(context.Context) (*app.UpdateState, error) { return st, nil }}
	var mu sync.Mutex
	var asked []string
	install := func(ctx context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		asked = append(asked, app.AccountFromContext(ctx).Username)
		return err
	}
	h := startShell(t, f, Options{DataDir: "/data/jxj", Version: "0.3.0", InstallUpdate: install})
	h.login(user, shellPassword)
	test.Tap(h.ui.navBtns[pageSettings])
	h.wait()
	return h, &asked
}

// dialogButton is the button labelled text in the window's dialogs.
func dialogButton(t *testing.T, h *shellHarness, text string) *widget.Button {
	t.Helper()
	for _, o := range h.win.Canvas().Overlays().List() {
		for _, c := range test.LaidOutObjects(o) {
			if b, ok := c.(*widget.Button); ok && b.Visible() && b.Text == text {
				return b
			}
		}
	}
	t.Fatalf("no dialog button %q; the dialogs have %q", text, overlayButtons(h.win))
	return nil
}

func ready(version string) *app.UpdateState {
	return &app.UpdateState{Phase: app.UpdateReady, Release: &app.SignedRelease{Manifest: app.ReleaseManifest{Version: version}}}
}

// The administrator sees the new version downloaded and installs it after
// a confirmation, as themself; a failed install says why and offers the
// install again.
func TestSettingsInstallUpdate(t *testing.T) {
	h, asked := updateShell(t, "admin", ready("0.4.0"), app.Errorf(app.EINVALID, "update.error.nothing_ready"))
	h.wantText("新版本 0.4.0 已下载，安装并重启")
	test.Tap(h.button("安装并重启"))
	h.wait()
	h.wantText("安装新版本 0.4.0？")
	if len(*asked) != 0 {
		t.Fatal("the install started before the confirmation")
	}
	test.Tap(dialogButton(t, h, "安装并重启"))
	h.wait()
	if len(*asked) != 1 || (*asked)[0] != "admin" {
		t.Fatalf("installs asked by %v, want one by admin", *asked)
	}
	h.wantText("没有已下载并校验好的新版本")
	if b := h.ui.settings.update.install; b.Disabled() {
		t.Error("the install button stays disabled after a failed install")
	}
}

func TestSettingsUpdateStates(t *testing.T) {
	tests := []struct {
		name   string
		user   string
		st     *app.UpdateState
		want   string // "" for no card
		button bool
	}{
		{"none", "admin", &app.UpdateState{}, "", false},
		{"a teacher", "liu", ready("0.4.0"), "", false},
		{"downloading", "admin", &app.UpdateState{Phase: app.UpdateDownloading, Have: 50,
			Release: &app.SignedRelease{Manifest: app.ReleaseManifest{Version: "0.4.0", Size: 200}}}, "正在后台下载（25%）", false},
		{"a release refused", "admin", &app.UpdateState{Error: "新版本 0.4.0 的签名不对"}, "上次的问题：新版本 0.4.0 的签名不对", false},
		{"rolled back", "admin", &app.UpdateState{Phase: app.UpdateRolledBack, From: "0.3.0", Error: "新版本启动失败",
			Release: &app.SignedRelease{Manifest: app.ReleaseManifest{Version: "0.4.0"}}}, "没能启动，已换回 0.3.0", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := updateShell(t, tt.user, tt.st, nil)
			u := h.ui.settings.update
			if tt.want == "" {
				if u != nil && u.card.Visible() {
					t.Errorf("the update card shows: %q", u.text.Text)
				}
				return
			}
			h.wantText(tt.want)
			if u.install.Visible() != tt.button {
				t.Errorf("the install button shows %v, want %v", u.install.Visible(), tt.button)
			}
		})
	}
}
