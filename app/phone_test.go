package app

import "testing"

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		raw, want string
		ok        bool
	}{
		{"13812341234", "13812341234", true},
		{"138 1234 1234", "13812341234", true},
		{"138-1234-1234", "13812341234", true},
		{"１３８１２３４１２３４", "13812341234", true},
		{"１３８　１２３４　１２３４", "13812341234", true},
		{"+86 138 1234 1234", "13812341234", true},
		{"8613812341234", "13812341234", true},
		{"0571-87654321", "057187654321", true},
		{"(0571)8765432", "05718765432", true},
		{"87654321", "87654321", true},
		{"", "", true},
		{"   ", "", true},
		{"1381234123", "", false},   // 10 digits
		{"138123412345", "", false}, // 12 digits
		{"12812341234", "", false},  // no 12x mobiles
		{"138abc41234", "", false},  // letters
		{"13812341234/13900001111", "", false},
		{"无", "", false},
		{"1.38123E+10", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizePhone(tt.raw)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q, %v", tt.raw, got, ok, tt.want, tt.ok)
		}
	}
}

func TestMaskPhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"13812341234", "138****1234"},
		{"057187654321", "057****4321"},
		{"87654321", "****4321"},
		{"123", "***"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := MaskPhone(tt.in); got != tt.want {
			t.Errorf("MaskPhone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNarrowText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"１３８　１２３４", "138 1234"},
		{"（２）班", "(2)班"},
		{"ＡＢｃ", "ABc"},
		{"三年级2班、三年级3班。", "三年级2班、三年级3班。"},
	}
	for _, tt := range tests {
		if got := NarrowText(tt.in); got != tt.want {
			t.Errorf("NarrowText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
