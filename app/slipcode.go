package app

import (
	"crypto/rand"
	"strings"
)

// A slip code is printed on each tear-off receipt slip; the teacher types
// it when the slip comes back. It is 6 random characters and a check
// character from an alphabet without look-alikes (no 0/O, 1/I/L), so a
// typo is caught at once and a family cannot acknowledge another's notice
// by trying a neighbouring code: changing any one character breaks the
// check, and 31⁶ ≈ 887 million codes leave a guess at most ~1 in 177,000
// chance against a notice to 5,000 families.
const (
	slipAlphabet   = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
	slipRandomLen  = 6
	SlipCodeLength = slipRandomLen + 1
)

// NewSlipCode returns a fresh random slip code with its check character.
func NewSlipCode() string {
	code := randomCode(slipRandomLen, SlipCodeLength)
	return string(append(code, slipCheck(code)))
}

// randomCode returns n random characters of the slip alphabet, in a
// slice with room for capacity.
func randomCode(n, capacity int) []byte {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand's documented guarantee)
	code := make([]byte, 0, capacity)
	for _, v := range b {
		// 256 % 31 = 8: the first 8 characters are a little likelier
		// (9/256 against 8/256), which costs well under a bit of the ~5
		// each carries
		code = append(code, slipAlphabet[int(v)%len(slipAlphabet)])
	}
	return code
}

// EnrolCodeLength is the length of a school's one-time enrolment code:
// 12 characters (about 59 bits), printed in groups of four.
const EnrolCodeLength = 12

// NewEnrolCode returns a fresh enrolment code, as printed: K7MQ-2XPA-9RTW.
func NewEnrolCode() string {
	c := string(randomCode(EnrolCodeLength, EnrolCodeLength))
	return c[:4] + "-" + c[4:8] + "-" + c[8:]
}

// NormalizeEnrolCode reads an enrolment code as typed: case, spaces and
// dashes do not matter. A code of the wrong form is EINVALID.
func NormalizeEnrolCode(s string) (string, error) {
	s = strings.ToUpper(NarrowText(s))
	s = strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(s)
	if len(s) != EnrolCodeLength || strings.Trim(s, slipAlphabet) != "" {
		return "", Errorf(EINVALID, "hub.error.code_form")
	}
	return s, nil
}

// NormalizeSlipCode reads a code as typed: case, spaces and dashes do not
// matter. A wrong length, a character never printed or a failed check is
// EINVALID.
func NormalizeSlipCode(s string) (string, error) {
	s = strings.ToUpper(NarrowText(s))
	s = strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(s)
	if s == "" {
		return "", Errorf(EINVALID, "slip.error.empty")
	}
	if len(s) != SlipCodeLength {
		return "", Errorf(EINVALID, "slip.error.length", s, SlipCodeLength)
	}
	for _, r := range s {
		if !strings.ContainsRune(slipAlphabet, r) {
			return "", Errorf(EINVALID, "slip.error.char", s, string(r))
		}
	}
	if slipCheck([]byte(s[:slipRandomLen])) != s[slipRandomLen] {
		return "", Errorf(EINVALID, "slip.error.check", s)
	}
	return s, nil
}

// FormatSlipCode writes a code for print in two groups, K7M-Q2XP, which is
// easier to read out and type; NormalizeSlipCode drops the dash.
func FormatSlipCode(code string) string {
	if len(code) != SlipCodeLength {
		return code
	}
	return code[:3] + "-" + code[3:]
}

// slipCheck is the check character of payload: with it, the sum of
// each character's value times its position (1 to 7) is a multiple of 31.
// 31 is prime and the weights differ, so any one changed character and
// any swap of two characters changes the sum: every such typo is caught.
func slipCheck(payload []byte) byte {
	const n = 31 // len(slipAlphabet)
	sum := 0
	for i, c := range payload {
		sum += (i + 1) * strings.IndexByte(slipAlphabet, c)
	}
	// the check character at position 7 needs 7·c ≡ −sum (mod 31); 9 is
	// the inverse of 7 mod 31 (7·9 = 63 = 2·31 + 1)
	return slipAlphabet[((n-sum%n)%n)*9%n]
}
