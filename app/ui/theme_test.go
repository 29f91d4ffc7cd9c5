package ui

import (
	"bytes"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"jxj/app/wcag"
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

// TestThemeContrast computes the WCAG contrast of every colour pair the
// theme draws, in the light and the dark theme: text and its background
// reach 4.5:1, the outlines of check boxes, radio buttons and entries
// 3:1 against what is around them and inside them.
func TestThemeContrast(t *testing.T) {
	test.NewTempApp(t)
	for _, mode := range []string{ThemeLight, ThemeDark} {
		th := NewTheme(mode)
		c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, theme.VariantLight) } // the mode decides
		type pair struct {
			what   string
			fg, bg color.Color
			least  float64
		}
		var pairs []pair
		surfaces := []struct {
			name string
			col  color.Color
		}{
			{"page", c(theme.ColorNameBackground)},
			{"top bar and navigation", c(theme.ColorNameHeaderBackground)},
			{"dialog", c(theme.ColorNameOverlayBackground)},
			{"menu", c(theme.ColorNameMenuBackground)},
		}
		texts := []struct {
			name string
			col  fyne.ThemeColorName
		}{
			{"text", theme.ColorNameForeground},
			{"low-importance and disabled text", theme.ColorNameDisabled},
			{"high-importance text", theme.ColorNamePrimary},
			{"a link", theme.ColorNameHyperlink},
			{"error text", theme.ColorNameError},
			{"warning text", theme.ColorNameWarning},
			{"success text", theme.ColorNameSuccess},
		}
		for _, s := range surfaces {
			for _, tx := range texts {
				pairs = append(pairs, pair{tx.name + " on the " + s.name, c(tx.col), s.col, wcag.TextAA})
			}
			pairs = append(pairs,
				pair{"a check box's, radio button's or entry's outline on the " + s.name, c(theme.ColorNameInputBorder), s.col, wcag.GraphicAA},
				pair{"a progress bar's text on its empty part on the " + s.name, c(colorNameOnBar), wcag.Over(barTrack(c(colorNameBarFill)), s.col), wcag.TextAA},
				pair{"text on a selected row on the " + s.name, c(theme.ColorNameForeground), wcag.Over(c(theme.ColorNameSelection), s.col), wcag.TextAA},
				pair{"text on a row under the mouse on the " + s.name, c(theme.ColorNameForeground), wcag.Over(c(theme.ColorNameHover), s.col), wcag.TextAA},
			)
		}
		input := c(theme.ColorNameInputBackground)
		button := c(theme.ColorNameButton)
		pairs = append(pairs,
			pair{"typed text", c(theme.ColorNameForeground), input, wcag.TextAA},
			pair{"a placeholder", c(theme.ColorNamePlaceHolder), input, wcag.TextAA},
			pair{"an outline around its inside", c(theme.ColorNameInputBorder), input, wcag.GraphicAA},
			pair{"a button's text", c(theme.ColorNameForeground), button, wcag.TextAA},
			pair{"a button's text under the mouse", c(theme.ColorNameForeground), wcag.Over(c(theme.ColorNameHover), button), wcag.TextAA},
			pair{"a primary button's text (and the page open in the navigation)", c(theme.ColorNameForegroundOnPrimary), c(theme.ColorNamePrimary), wcag.TextAA},
			pair{"a danger button's text", c(theme.ColorNameForegroundOnError), c(theme.ColorNameError), wcag.TextAA},
			pair{"a warning button's text and the demo badge", c(theme.ColorNameForegroundOnWarning), c(theme.ColorNameWarning), wcag.TextAA},
			pair{"a success button's text", c(theme.ColorNameForegroundOnSuccess), c(theme.ColorNameSuccess), wcag.TextAA},
			pair{"a progress bar's text on its filled part", c(colorNameOnBar), c(colorNameBarFill), wcag.TextAA},
		)
		for _, p := range pairs {
			if got := wcag.Contrast(p.fg, p.bg); got < p.least {
				t.Errorf("%s theme: %s: %v on %v has contrast %.2f, want at least %.1f", mode, p.what, p.fg, p.bg, got, p.least)
			}
		}
	}
}

// barTrack is a progress bar's empty part as Fyne draws it: the fill
// colour at half its opacity.
func barTrack(fill color.Color) color.Color {
	n := color.NRGBAModel.Convert(fill).(color.NRGBA)
	n.A /= 2
	return n
}

// TestCountBarColours checks that a count bar draws in the bar colours
// that TestThemeContrast measures, not in the primary colour and white.
func TestCountBarColours(t *testing.T) {
	for _, mode := range []string{ThemeLight, ThemeDark} {
		t.Run(mode, func(t *testing.T) {
			a := test.NewTempApp(t)
			th := NewTheme(mode)
			a.Settings().SetTheme(th)
			b := newCountBar(0.5, "已交 1/2")
			test.NewTempWindow(t, container.New(minWidth(240), b))
			var text *canvas.Text
			filled := false
			for _, o := range test.LaidOutObjects(b) {
				switch o := o.(type) {
				case *canvas.Text:
					if o.Text == "已交 1/2" {
						text = o
					}
				case *canvas.Rectangle:
					filled = filled || o.FillColor == th.Color(colorNameBarFill, theme.VariantLight)
				}
			}
			if text == nil {
				t.Fatal("the bar does not say its text")
			}
			if want := th.Color(colorNameOnBar, theme.VariantLight); text.Color != want {
				t.Errorf("the bar's text is %v, want the bar text colour %v", text.Color, want)
			}
			if !filled {
				t.Errorf("no part of the bar is filled with the bar colour %v", th.Color(colorNameBarFill, theme.VariantLight))
			}
		})
	}
}
