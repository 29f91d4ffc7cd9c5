package wcag

import (
	"image/color"
	"math"
	"testing"
)

func TestContrast(t *testing.T) {
	white, black := color.White, color.Black
	tests := []struct {
		name string
		a, b color.Color
		want float64
	}{
		{"black on white", black, white, 21},
		{"white on black: the order does not matter", white, black, 21},
		{"a colour on itself", color.NRGBA{R: 0x1f, G: 0x6f, B: 0xd6, A: 0xff}, color.NRGBA{R: 0x1f, G: 0x6f, B: 0xd6, A: 0xff}, 1},
		// the figures WebAIM's contrast checker gives
		{"#767676 on white, the lightest grey for text", color.NRGBA{R: 0x76, G: 0x76, B: 0x76, A: 0xff}, white, 4.54},
		{"#777777 on white, just too light", color.NRGBA{R: 0x77, G: 0x77, B: 0x77, A: 0xff}, white, 4.48},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Contrast(tt.a, tt.b); math.Abs(got-tt.want) > 0.01 {
				t.Errorf("Contrast = %.3f, want %.2f", got, tt.want)
			}
		})
	}
}

func TestOver(t *testing.T) {
	half := color.NRGBA{R: 0x00, G: 0x00, B: 0xff, A: 0x80}
	got := color.NRGBAModel.Convert(Over(half, color.White)).(color.NRGBA)
	want := color.NRGBA{R: 0x7f, G: 0x7f, B: 0xff, A: 0xff}
	if got != want {
		t.Errorf("half blue over white = %v, want %v", got, want)
	}
	opaque := color.NRGBA{R: 1, G: 2, B: 3, A: 0xff}
	if got := Over(opaque, color.White); got != opaque {
		t.Errorf("an opaque colour over white = %v, want itself", got)
	}
}
