package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// TestFyneDialogsFollowTheLanguage: Fyne's own dialogs (a file dialog, a
// confirmation) speak the language chosen in jxj, whatever the system's
// locale, and change with it.
func TestFyneDialogsFollowTheLanguage(t *testing.T) {
	defer i18n.SetLanguage(i18n.Language())
	tests := []struct {
		lang       string
		open, save []string // the file dialogs' buttons
		confirm    []string
	}{
		{i18n.Chinese, []string{"取消", "打开"}, []string{"取消", "保存"}, []string{"否", "是"}},
		{i18n.English, []string{"Cancel", "Open"}, []string{"Cancel", "Save"}, []string{"No", "Yes"}},
		{i18n.Chinese, []string{"取消", "打开"}, []string{"取消", "保存"}, []string{"否", "是"}}, // and back
	}
	a := test.NewTempApp(t)
	for _, tt := range tests {
		a.Preferences().SetString(PrefLanguage, tt.lang)
		applyPreferences(a)
		for _, d := range []struct {
			what string
			show func(w fyne.Window)
			want []string
		}{
			{"open", func(w fyne.Window) { dialog.NewFileOpen(nil, w).Show() }, tt.open},
			{"save", func(w fyne.Window) { dialog.NewFileSave(nil, w).Show() }, tt.save},
			{"confirm", func(w fyne.Window) { dialog.NewConfirm("?", "?", nil, w).Show() }, tt.confirm},
		} {
			w := test.NewTempWindow(t, widget.NewLabel(""))
			w.Resize(fyne.NewSize(900, 700))
			d.show(w)
			got := overlayButtons(w)
			for _, want := range d.want {
				if !slices.Contains(got, want) {
					t.Errorf("%s: the %s dialog's buttons are %q, want %q among them", tt.lang, d.what, got, want)
				}
			}
		}
	}
	// the setting changes the language of dialogs opened after it
	h := startShell(t, newShellFakes(), Options{})
	h.ui.setLanguage(i18n.English)
	dialog.NewConfirm("?", "?", nil, h.win).Show()
	if got := overlayButtons(h.win); !slices.Contains(got, "Yes") {
		t.Errorf("after switching to English a confirmation's buttons are %q, want Yes", got)
	}
}

// overlayButtons are the texts of the buttons in w's dialogs.
func overlayButtons(w fyne.Window) []string {
	var out []string
	for _, o := range w.Canvas().Overlays().List() {
		for _, c := range test.LaidOutObjects(o) {
			if b, ok := c.(*widget.Button); ok && b.Visible() {
				out = append(out, b.Text)
			}
		}
	}
	return out
}

// TestFileDialogTitles: jxj's file dialogs are titled 保存文件 / 打开文件
// in the user's language, not Fyne's "保存 文件" (a word and a word with
// a space between them, as English writes them).
func TestFileDialogTitles(t *testing.T) {
	defer i18n.SetLanguage(i18n.Language())
	for _, tt := range []struct{ lang, save, open string }{
		{i18n.Chinese, "保存文件", "打开文件"},
		{i18n.English, "Save as", "Open a file"},
	} {
		i18n.SetLanguage(tt.lang)
		for _, d := range []struct {
			show func(env *Env)
			want string
		}{
			{func(env *Env) { chooseSavePath(env, "通讯录", ".xlsx", func(string) {}) }, tt.save},
			{func(env *Env) { chooseOpenPath(env, nil, func(string) {}) }, tt.open},
		} {
			env, w := newScreenEnv(t, app.Services{})
			d.show(env)
			var labels []string
			for _, o := range w.Canvas().Overlays().List() {
				for _, c := range test.LaidOutObjects(o) {
					if l, ok := c.(*widget.Label); ok {
						labels = append(labels, l.Text)
					}
				}
			}
			if !slices.Contains(labels, d.want) {
				t.Errorf("%s: the file dialog's texts are %q, want the title %q", tt.lang, labels, d.want)
			}
		}
	}
}
