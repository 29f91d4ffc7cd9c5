// Package wcag measures colours as the Web Content Accessibility
// Guidelines do: the contrast ratio of two colours, from 1:1 to 21:1. The
// GUI's theme and the charts' palette are checked with it against the
// levels of WCAG AA: 4.5:1 for text, 3:1 for large text, graphics and the
// outlines of controls. It imports nothing but the standard library.
package wcag

import (
	"image/color"
	"math"
)

// The least contrast WCAG AA asks for.
const (
	TextAA    = 4.5 // text of the normal size
	GraphicAA = 3.0 // large text, graphics, the outlines of controls
)

// Contrast is the contrast ratio of two opaque colours, (L1+0.05)/(L2+0.05)
// of their relative luminances, the lighter first.
func Contrast(a, b color.Color) float64 {
	la, lb := Luminance(a), Luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// Luminance is a colour's relative luminance, 0 for black to 1 for white.
// Transparency is ignored: blend a colour over its background first.
func Luminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	channel := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*channel(n.R) + 0.7152*channel(n.G) + 0.0722*channel(n.B)
}

// Over is top drawn over an opaque bottom, as the screen shows a
// translucent colour (a selection, a progress bar's empty part).
func Over(top, bottom color.Color) color.Color {
	t := color.NRGBAModel.Convert(top).(color.NRGBA)
	b := color.NRGBAModel.Convert(bottom).(color.NRGBA)
	mix := func(x, y uint8) uint8 {
		return uint8((float64(x)*float64(t.A)+float64(y)*float64(255-t.A))/255 + 0.5)
	}
	return color.NRGBA{R: mix(t.R, b.R), G: mix(t.G, b.G), B: mix(t.B, b.B), A: 0xff}
}
