package app

import (
	"crypto/ed25519"
	"strings"
	"testing"
	"time"
)

func TestCompareVersions(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"0.3.0", "0.3.0", 0},
		{"0.3.1", "0.3.0", 1},
		{"0.10.0", "0.9.9", 1},
		{"1.0", "1.0.0", 0},
		{"0.3.0-rc1", "0.3.0", -1},
		{"0.3.0", "0.3.0-rc1", 1},
		{"0.3.0-rc2", "0.3.0-rc1", 1},
		{"0.1.0-dev", "0.1.0", -1},
		{"v0.2.0", "0.1.9", 1},
		{"", "0.1.0", -1},
		{"garbage", "0.0.1", -1},
		{"garbage", "junk", 0},
	}
	for _, tt := range tests {
		if got := CompareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// testRelease signs a manifest of version for linux-amd64 with a new key.
func testRelease(t *testing.T, version string) (SignedRelease, ed25519.PrivateKey) {
	t.Helper()
	_, priv, err := NewReleaseKey()
	if err != nil {
		t.Fatal(err)
	}
	k, err := ParsePrivateReleaseKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	m := ReleaseManifest{Version: version, Platform: "linux-amd64", Size: 1234,
		SHA256: strings.Repeat("ab", 32), Date: time.Date(2026, 12, 5, 4, 0, 0, 0, time.UTC)}
	r := SignRelease(k, m)
	r.ID = "0193a1b2-0000-7000-8000-000000000001"
	return r, k
}

func TestCheckOffer(t *testing.T) {
	good, _ := testRelease(t, "0.3.0")
	other, _ := testRelease(t, "0.3.0") // another key
	tests := []struct {
		name    string
		change  func(r *SignedRelease)
		current string
		key     string
		wantKey string // "" accepted
	}{
		{"newer, signed", func(*SignedRelease) {}, "0.2.0", good.Key, ""},
		{"same version", func(*SignedRelease) {}, "0.3.0", good.Key, "update.error.not_newer"},
		{"older", func(*SignedRelease) {}, "0.4.0", good.Key, "update.error.not_newer"},
		{"another platform", func(r *SignedRelease) { r.Manifest.Platform = "windows-amd64" }, "0.2.0", good.Key, "update.error.other_platform"},
		{"size changed after signing", func(r *SignedRelease) { r.Manifest.Size++ }, "0.2.0", good.Key, "update.error.signature"},
		{"hash changed after signing", func(r *SignedRelease) { r.Manifest.SHA256 = strings.Repeat("cd", 32) }, "0.2.0", good.Key, "update.error.signature"},
		{"version changed after signing", func(r *SignedRelease) { r.Manifest.Version = "0.3.1" }, "0.2.0", good.Key, "update.error.signature"},
		{"signature not base64", func(r *SignedRelease) { r.Signature = "!!" }, "0.2.0", good.Key, "update.error.signature"},
		{"another key, its own signature", func(r *SignedRelease) { *r = other }, "0.2.0", good.Key, "update.error.other_key"},
		{"a key swapped in", func(r *SignedRelease) { r.Key = other.Key }, "0.2.0", good.Key, "update.error.other_key"},
		{"unknown platform", func(r *SignedRelease) { r.Manifest.Platform = "plan9-386" }, "0.2.0", good.Key, "update.error.platform"},
		{"an id unsafe in a path", func(r *SignedRelease) { r.ID = "../x" }, "0.2.0", good.Key, "update.error.manifest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := good
			tt.change(&r)
			err := CheckOffer(r, tt.current, "linux-amd64", tt.key)
			var got string
			if e, ok := err.(*Error); ok {
				got = e.Key
			} else if err != nil {
				got = err.Error()
			}
			if got != tt.wantKey {
				t.Errorf("CheckOffer: %v, want %q", err, tt.wantKey)
			}
		})
	}
}

// The signed bytes do not depend on the time zone the date was written in.
func TestSignedBytesUTC(t *testing.T) {
	r, _ := testRelease(t, "0.3.0")
	m := r.Manifest
	m.Date = m.Date.In(time.FixedZone("CST", 8*3600))
	if string(m.SignedBytes()) != string(r.Manifest.SignedBytes()) {
		t.Errorf("signed bytes differ by zone:\n%s\n%s", m.SignedBytes(), r.Manifest.SignedBytes())
	}
}
