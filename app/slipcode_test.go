package app

import (
	"strings"
	"testing"
)

func TestNewSlipCodeIsValid(t *testing.T) {
	for range 1000 {
		code := NewSlipCode()
		got, err := NormalizeSlipCode(code)
		if err != nil || got != code {
			t.Fatalf("NormalizeSlipCode(%q) = %q, %v; want the code back", code, got, err)
		}
	}
}

// A family that tries the codes next to its own, one character changed,
// never hits another valid code: the check character catches them all.
func TestSlipCodeNeighboursFailTheCheck(t *testing.T) {
	for range 200 {
		code := NewSlipCode()
		for i := range SlipCodeLength {
			for _, r := range slipAlphabet {
				if byte(r) == code[i] {
					continue
				}
				n := code[:i] + string(r) + code[i+1:]
				if _, err := NormalizeSlipCode(n); ErrorCode(err) != EINVALID {
					t.Fatalf("neighbour %q of %q: err = %v, want EINVALID", n, code, err)
				}
			}
		}
		for i := range SlipCodeLength - 1 {
			if code[i] == code[i+1] {
				continue
			}
			swapped := code[:i] + string(code[i+1]) + string(code[i]) + code[i+2:]
			if _, err := NormalizeSlipCode(swapped); ErrorCode(err) != EINVALID {
				t.Fatalf("swap %q of %q: err = %v, want EINVALID", swapped, code, err)
			}
		}
	}
}

func TestNormalizeSlipCode(t *testing.T) {
	code := NewSlipCode()
	tests := []struct {
		name, in, want, key string
	}{
		{"as printed", FormatSlipCode(code), code, ""},
		{"lower case with spaces", " " + strings.ToLower(code[:3]) + " " + strings.ToLower(code[3:]) + " ", code, ""},
		{"full-width", toFullWidth(code), code, ""},
		{"empty", "  ", "", "slip.error.empty"},
		{"too short", code[:5], "", "slip.error.length"},
		{"letter never printed", "O" + code[1:], "", "slip.error.char"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeSlipCode(tt.in)
			if tt.key == "" {
				if err != nil || got != tt.want {
					t.Fatalf("NormalizeSlipCode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
				}
				return
			}
			var ae *Error
			if err == nil || !asError(err, &ae) || ae.Key != tt.key {
				t.Fatalf("NormalizeSlipCode(%q) err = %v, want key %s", tt.in, err, tt.key)
			}
		})
	}
}

func toFullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r - 0x21 + 0xFF01)
	}
	return b.String()
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	*target = e
	return ok
}

// slipCheck's arithmetic is mod 31, a prime: the alphabet must have
// exactly 31 characters, all different.
func TestSlipAlphabet(t *testing.T) {
	seen := map[rune]bool{}
	for _, r := range slipAlphabet {
		if seen[r] {
			t.Fatalf("%q twice in the alphabet", r)
		}
		seen[r] = true
	}
	if len(seen) != 31 {
		t.Fatalf("alphabet has %d characters, want 31", len(seen))
	}
}
