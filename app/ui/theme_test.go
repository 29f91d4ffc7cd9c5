package ui

import (
	"bytes"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"jxj/assets"
)

func TestThemeFont(t *testing.T) {
	th := NewTheme(ThemeSystem)
	for _, style := range []fyne.TextStyle{{}, {Italic: true}} {
		if r := th.Font(style); !bytes.Equal(r.Content(), assets.FontRegular) {
			t.Errorf("Font(%+v) = %s, want the bundled regular font", style, r.Name())
		}
	}
	if r := th.Font(fyne.TextStyle{Bold: true}); !bytes.Equal(r.Content(), assets.FontBold) {
		t.Errorf("bold font = %s, want the bundled bold font", r.Name())
	}
	if r := th.Font(fyne.TextStyle{Monospace: true}); r == nil || bytes.Equal(r.Content(), assets.FontRegular) {
		t.Error("monospace should stay Fyne's monospace font")
	}
}

func TestThemeColors(t *testing.T) {
	test.NewTempApp(t)
	names := []fyne.ThemeColorName{
		theme.ColorNameBackground, theme.ColorNameForeground, theme.ColorNamePrimary,
		theme.ColorNameButton, theme.ColorNameInputBackground, theme.ColorNameDisabled,
		theme.ColorNameError, theme.ColorNameSeparator, theme.ColorNameHeaderBackground,
		theme.ColorNameSelection, theme.ColorNameFocus, theme.ColorNameHover,
	}
	for _, mode := range ThemeModes {
		th := NewTheme(mode)
		for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			for _, n := range names {
				if th.Color(n, v) == nil {
					t.Errorf("%s theme: Color(%s, %d) is nil", mode, n, v)
				}
			}
		}
	}
	sys := NewTheme(ThemeSystem)
	if sys.Color(theme.ColorNameBackground, theme.VariantLight) == sys.Color(theme.ColorNameBackground, theme.VariantDark) {
		t.Error("the system theme gives the same background for light and dark")
	}
	dark := NewTheme(ThemeDark)
	if dark.Color(theme.ColorNameBackground, theme.VariantLight) != dark.Color(theme.ColorNameBackground, theme.VariantDark) {
		t.Error("the dark theme follows the system variant")
	}
	if NewTheme("nonsense").(*jxjTheme).mode != ThemeSystem {
		t.Error("an unknown mode should follow the system")
	}
}
