package app

import (
	"testing"
	"time"
)

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		pw  string
		key string // "" when accepted
	}{
		{"123456", "account.error.password_short"},
		{"abc1234", "account.error.password_short"},
		{"密码太短了", "account.error.password_short"},
		{"12345678", "account.error.password_common"},
		{"88888888", "account.error.password_common"},
		{"5201314520", "account.error.password_common"},
		{"woaini1314", "account.error.password_common"},
		{"WoAiNi1314", "account.error.password_common"},
		{"qwertyuiop", "account.error.password_common"},
		{"password", "account.error.password_common"},
		{"Admin123", "account.error.password_common"},
		{"1qaz2wsx", "account.error.password_common"},
		{"demo1234", ""}, // the demo accounts' password
		{"Chengguan-2025", ""},
		{"城关镇中心小学教务处", ""},
	}
	for _, tt := range tests {
		err := ValidatePassword(tt.pw)
		switch {
		case tt.key == "" && err != nil:
			t.Errorf("ValidatePassword(%q) = %v; want it accepted", tt.pw, err)
		case tt.key != "" && (err == nil || err.(*Error).Key != tt.key):
			t.Errorf("ValidatePassword(%q) = %v; want %s", tt.pw, err, tt.key)
		}
	}
	if n := len(commonPasswords); n < 200 {
		t.Errorf("the common password list has %d entries; want a few hundred", n)
	}
	for pw := range commonPasswords {
		if pw == "" || pw[0] == '#' {
			t.Errorf("the list holds %q", pw)
		}
	}
}

func TestAccountLocked(t *testing.T) {
	now := time.Date(2025, 9, 1, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		a    *Account
		want bool
	}{
		{"never locked", &Account{}, false},
		{"locked", &Account{LockedUntil: now.Add(time.Minute)}, true},
		{"lock ended", &Account{LockedUntil: now.Add(-time.Second)}, false},
		{"ends now", &Account{LockedUntil: now}, false},
		{"no account", nil, false},
	}
	for _, tt := range tests {
		if got := tt.a.Locked(now); got != tt.want {
			t.Errorf("%s: Locked = %v; want %v", tt.name, got, tt.want)
		}
	}
}

func TestValidIdleLock(t *testing.T) {
	if !ValidIdleLock(DefaultIdleLock) {
		t.Error("the default idle lock is not one of the choices")
	}
	for _, d := range []time.Duration{0, time.Minute, 7 * time.Minute, 24 * time.Hour} {
		if ValidIdleLock(d) {
			t.Errorf("ValidIdleLock(%v) = true", d)
		}
	}
}
