package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"jxj/assets"
)

// The theme modes a user can choose in the settings; the mode is stored in
// the "theme" preference.
const (
	ThemeSystem = "system" // follow the operating system's light or dark look
	ThemeLight  = "light"
	ThemeDark   = "dark"
)

// ThemeModes lists the modes in the order the settings offer them.
var ThemeModes = []string{ThemeSystem, ThemeLight, ThemeDark}

// The bundled CJK font: Fyne's own font has no Chinese characters, and a
// school PC may have no usable system font for them.
var (
	fontRegular = fyne.NewStaticResource("NotoSansSC-jxj-Regular.ttf", assets.FontRegular)
	fontBold    = fyne.NewStaticResource("NotoSansSC-jxj-Bold.ttf", assets.FontBold)
)

// NewTheme returns jxj's theme: the bundled CJK font for all text and a calm
// blue palette. mode forces the light or dark variant, or follows the
// system for ThemeSystem (and any unknown mode).
func NewTheme(mode string) fyne.Theme {
	switch mode {
	case ThemeLight, ThemeDark:
	default:
		mode = ThemeSystem
	}
	return &jxjTheme{mode: mode}
}

type jxjTheme struct{ mode string }

var _ fyne.Theme = (*jxjTheme)(nil)

func (t *jxjTheme) variant(v fyne.ThemeVariant) fyne.ThemeVariant {
	switch t.mode {
	case ThemeLight:
		return theme.VariantLight
	case ThemeDark:
		return theme.VariantDark
	}
	return v
}

// The colours of a progress bar (barTheme), apart from the theme's primary
// colour: its text stands on the filled and on the empty part at once.
const (
	colorNameBarFill fyne.ThemeColorName = "jxjBarFill"
	colorNameOnBar   fyne.ThemeColorName = "jxjOnBar"
)

// The palette: a clear blue for what the user acts on, soft backgrounds
// that are easy on the eyes in a bright office and at night. Every text
// colour reaches WCAG AA (4.5:1) on every background it is drawn on, and
// the outlines of check boxes, radio buttons and entries 3:1
// (TestThemeContrast); so disabled and low-importance text is a readable
// grey, and errors, warnings and successes are deep enough for text.
var (
	blueLight = color.NRGBA{R: 0x1b, G: 0x66, B: 0xc9, A: 0xff}
	blueDark  = color.NRGBA{R: 0x5a, G: 0x9c, B: 0xf0, A: 0xff}
	outline   = color.NRGBA{R: 0x7c, G: 0x87, B: 0x97, A: 0xff}

	lightPalette = map[fyne.ThemeColorName]color.Color{
		theme.ColorNamePrimary:             blueLight,
		theme.ColorNameHyperlink:           blueLight,
		theme.ColorNameForegroundOnPrimary: color.White,
		theme.ColorNameFocus:               color.NRGBA{R: 0x1b, G: 0x66, B: 0xc9, A: 0x7f},
		theme.ColorNameSelection:           color.NRGBA{R: 0x1b, G: 0x66, B: 0xc9, A: 0x33},
		theme.ColorNameBackground:          color.NRGBA{R: 0xf5, G: 0xf7, B: 0xfa, A: 0xff},
		theme.ColorNameButton:              color.NRGBA{R: 0xe6, G: 0xeb, B: 0xf1, A: 0xff},
		theme.ColorNameHeaderBackground:    color.NRGBA{R: 0xe3, G: 0xec, B: 0xf7, A: 0xff},
		theme.ColorNameMenuBackground:      color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff},
		theme.ColorNameOverlayBackground:   color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff},
		theme.ColorNameInputBackground:     color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff},
		theme.ColorNameInputBorder:         outline,
		theme.ColorNameForeground:          color.NRGBA{R: 0x1f, G: 0x29, B: 0x37, A: 0xff},
		theme.ColorNameDisabled:            color.NRGBA{R: 0x5b, G: 0x65, B: 0x75, A: 0xff},
		theme.ColorNamePlaceHolder:         color.NRGBA{R: 0x6b, G: 0x72, B: 0x80, A: 0xff},
		theme.ColorNameError:               color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff},
		theme.ColorNameWarning:             color.NRGBA{R: 0x9a, G: 0x4a, B: 0x00, A: 0xff},
		theme.ColorNameSuccess:             color.NRGBA{R: 0x16, G: 0x65, B: 0x34, A: 0xff},
		theme.ColorNameForegroundOnError:   color.White,
		theme.ColorNameForegroundOnWarning: color.White,
		theme.ColorNameForegroundOnSuccess: color.White,
		theme.ColorNameSeparator:           color.NRGBA{R: 0xd5, G: 0xdc, B: 0xe5, A: 0xff},
		colorNameBarFill:                   color.NRGBA{R: 0x56, G: 0x97, B: 0xea, A: 0xff},
		colorNameOnBar:                     color.NRGBA{R: 0x11, G: 0x18, B: 0x27, A: 0xff},
	}
	darkPalette = map[fyne.ThemeColorName]color.Color{
		theme.ColorNamePrimary:             blueDark,
		theme.ColorNameHyperlink:           blueDark,
		theme.ColorNameForegroundOnPrimary: color.NRGBA{R: 0x0e, G: 0x15, B: 0x20, A: 0xff},
		theme.ColorNameFocus:               color.NRGBA{R: 0x5a, G: 0x9c, B: 0xf0, A: 0x7f},
		theme.ColorNameSelection:           color.NRGBA{R: 0x5a, G: 0x9c, B: 0xf0, A: 0x40},
		theme.ColorNameBackground:          color.NRGBA{R: 0x1a, G: 0x1f, B: 0x27, A: 0xff},
		theme.ColorNameHeaderBackground:    color.NRGBA{R: 0x22, G: 0x2b, B: 0x37, A: 0xff},
		theme.ColorNameMenuBackground:      color.NRGBA{R: 0x25, G: 0x2c, B: 0x36, A: 0xff},
		theme.ColorNameOverlayBackground:   color.NRGBA{R: 0x25, G: 0x2c, B: 0x36, A: 0xff},
		theme.ColorNameInputBackground:     color.NRGBA{R: 0x2a, G: 0x32, B: 0x3d, A: 0xff},
		theme.ColorNameInputBorder:         outline,
		theme.ColorNameForeground:          color.NRGBA{R: 0xe8, G: 0xec, B: 0xf1, A: 0xff},
		theme.ColorNameDisabled:            color.NRGBA{R: 0x9a, G: 0xa3, B: 0xaf, A: 0xff},
		theme.ColorNamePlaceHolder:         color.NRGBA{R: 0x9a, G: 0xa3, B: 0xaf, A: 0xff},
		theme.ColorNameError:               color.NRGBA{R: 0xf8, G: 0x71, B: 0x71, A: 0xff},
		theme.ColorNameWarning:             color.NRGBA{R: 0xfb, G: 0xbf, B: 0x24, A: 0xff},
		theme.ColorNameSuccess:             color.NRGBA{R: 0x4a, G: 0xde, B: 0x80, A: 0xff},
		theme.ColorNameForegroundOnError:   color.NRGBA{R: 0x0e, G: 0x15, B: 0x20, A: 0xff},
		theme.ColorNameForegroundOnWarning: color.NRGBA{R: 0x0e, G: 0x15, B: 0x20, A: 0xff},
		theme.ColorNameForegroundOnSuccess: color.NRGBA{R: 0x0e, G: 0x15, B: 0x20, A: 0xff},
		theme.ColorNameSeparator:           color.NRGBA{R: 0x36, G: 0x40, B: 0x4d, A: 0xff},
		colorNameBarFill:                   color.NRGBA{R: 0x24, G: 0x63, B: 0xbd, A: 0xff},
		colorNameOnBar:                     color.NRGBA{R: 0xe8, G: 0xec, B: 0xf1, A: 0xff},
	}
)

func (t *jxjTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	v = t.variant(v)
	palette := darkPalette
	if v == theme.VariantLight {
		palette = lightPalette
	}
	if c, ok := palette[n]; ok {
		return c
	}
	return theme.DefaultTheme().Color(n, v)
}

func (t *jxjTheme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Monospace, s.Symbol:
		return theme.DefaultTheme().Font(s)
	case s.Bold:
		return fontBold
	}
	return fontRegular
}

func (t *jxjTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t *jxjTheme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }

// barTheme is the app's theme with the progress bar's colours in place of
// the primary colour and the text on it. Fyne draws a bar's text in one
// colour over its filled part and its empty part (the fill at half its
// opacity): white on the primary blue turns faint over the pale empty
// part, so a bar has a fill of its own that one text colour reads on.
type barTheme struct{}

func (barTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	own := n
	switch n {
	case theme.ColorNamePrimary:
		own = colorNameBarFill
	case theme.ColorNameForegroundOnPrimary:
		own = colorNameOnBar
	}
	if c := appTheme().Color(own, v); c != nil {
		return c
	}
	return appTheme().Color(n, v) // a theme without bar colours (Fyne's, in tests)
}

func (barTheme) Font(s fyne.TextStyle) fyne.Resource     { return appTheme().Font(s) }
func (barTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return appTheme().Icon(n) }
func (barTheme) Size(n fyne.ThemeSizeName) float32       { return appTheme().Size(n) }

// appTheme is the theme the app has now (light, dark or the system's).
func appTheme() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }
