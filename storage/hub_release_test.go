package storage

import (
	"context"
	"crypto/ed25519"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"jxj/app"
)

// releaseKey makes a signing key for a test.
func releaseKey(t *testing.T) ed25519.PrivateKey {
	t.Helper()
	_, text, err := app.NewReleaseKey()
	if err != nil {
		t.Fatal(err)
	}
	k, err := app.ParsePrivateReleaseKey(text)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// signedRelease signs content as version for platform.
func signedRelease(k ed25519.PrivateKey, version, platform string, content []byte) app.SignedRelease {
	return app.SignRelease(k, app.ReleaseManifest{Version: version, Platform: platform, Size: int64(len(content)),
		SHA256: sha(content), Date: time.Date(2026, 12, 5, 4, 0, 0, 0, time.UTC)})
}

func TestHubRelease(t *testing.T) {
	h, _, _ := testHub(t, 0)
	ctx := context.Background()
	k := releaseKey(t)
	dir := t.TempDir()
	bin := []byte("a new jxj binary, version 0.3.0")
	path := writeFile(t, dir, "jxj.exe", bin)
	key, err := h.CurrentReleaseKey(ctx)
	if err != nil || key != "" {
		t.Fatalf("the key before any release: %q %v, want none", key, err)
	}
	if _, err := h.LatestRelease(ctx, "windows-amd64"); app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("the latest before any release: %v, want ENOTFOUND", err)
	}
	r3, err := h.AddRelease(ctx, path, signedRelease(k, "0.3.0", "windows-amd64", bin))
	if err != nil {
		t.Fatal(err)
	}
	// the same bytes for Linux are kept once; 0.10.0 is newer than 0.9.0
	if _, err := h.AddRelease(ctx, path, signedRelease(k, "0.3.0", "linux-amd64", bin)); err != nil {
		t.Fatal(err)
	}
	other := writeFile(t, dir, "jxj-0.10.0.exe", []byte("version 0.10.0"))
	r10, err := h.AddRelease(ctx, other, signedRelease(k, "0.10.0", "windows-amd64", []byte("version 0.10.0")))
	if err != nil {
		t.Fatal(err)
	}
	old := writeFile(t, dir, "jxj-0.9.0.exe", []byte("version 0.9.0"))
	if _, err := h.AddRelease(ctx, old, signedRelease(k, "0.9.0", "windows-amd64", []byte("version 0.9.0"))); err != nil {
		t.Fatal(err)
	}
	latest, err := h.LatestRelease(ctx, "windows-amd64")
	if err != nil || latest.ID != r10.ID {
		t.Fatalf("the latest for Windows: %+v %v, want 0.10.0", latest, err)
	}
	if err := latest.Verify(r3.Key); err != nil {
		t.Errorf("the stored release does not verify: %v", err)
	}
	all, err := h.Releases(ctx)
	if err != nil || len(all) != 4 {
		t.Fatalf("%d releases (%v), want 4", len(all), err)
	}
	entries, _ := filepath.Glob(filepath.Join(h.db.dir, hubFilesDir, "*", "*"))
	if len(entries) != 3 {
		t.Errorf("%d contents stored, want 3 (the same bytes once)", len(entries))
	}
	if key, _ := h.CurrentReleaseKey(ctx); key != r3.Key {
		t.Errorf("the current key %q, want the releases' %q", key, r3.Key)
	}
	fc, err := h.OpenRelease(ctx, r3.ID)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(fc.Content)
	fc.Content.Close()
	if string(got) != string(bin) || fc.File.Name != "jxj-0.3.0-windows-amd64.exe" {
		t.Errorf("served %q as %s", got, fc.File.Name)
	}
	if _, err := h.OpenRelease(ctx, "0193a1b2-0000-7000-8000-00000000dead"); app.ErrorCode(err) != app.ENOTFOUND {
		t.Errorf("an unknown release: %v, want ENOTFOUND", err)
	}
}

// A release the schools would refuse is refused on the hub, and nothing
// is recorded.
func TestHubReleaseRefused(t *testing.T) {
	h, _, _ := testHub(t, 0)
	ctx := context.Background()
	k := releaseKey(t)
	bin := []byte("jxj 0.3.0")
	path := writeFile(t, t.TempDir(), "jxj", bin)
	if _, err := h.AddRelease(ctx, path, signedRelease(k, "0.3.0", "linux-amd64", bin)); err != nil {
		t.Fatal(err)
	}
	badSig := signedRelease(k, "0.4.0", "linux-amd64", bin)
	badSig.Manifest.Version = "0.5.0" // not what was signed
	otherKey := signedRelease(k, "0.4.0", "linux-amd64", bin)
	otherKey.Key = signedRelease(releaseKey(t), "0.4.0", "linux-amd64", bin).Key
	tests := []struct {
		name string
		r    app.SignedRelease
		path string
		code string
	}{
		{"the same version again", signedRelease(k, "0.3.0", "linux-amd64", bin), path, app.ECONFLICT},
		{"a signature that does not match", badSig, path, app.EINVALID},
		{"a key that did not sign it", otherKey, path, app.EINVALID},
		{"bytes other than signed", signedRelease(k, "0.4.0", "linux-amd64", []byte("jxj 0.4.0")), path, app.EINVALID},
		{"an unknown platform", signedRelease(k, "0.4.0", "darwin-arm64", bin), path, app.EINVALID},
		{"a missing file", signedRelease(k, "0.4.0", "linux-amd64", bin), path + ".missing", app.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := h.AddRelease(ctx, tt.path, tt.r); app.ErrorCode(err) != tt.code {
				t.Errorf("AddRelease: %v, want %s", err, tt.code)
			}
			if all, _ := h.Releases(ctx); len(all) != 1 {
				t.Errorf("%d releases after a refusal, want 1", len(all))
			}
		})
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}
