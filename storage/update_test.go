package storage

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"jxj/app"
)

// folderFiles reads every file under dir by its path inside it.
func folderFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := make(map[string]string)
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// writePart appends b to the partial file open opens, as a chunk would,
// and returns what it held before.
func writePart(t *testing.T, open func(context.Context) (app.PartFile, int64, error), b []byte) int64 {
	t.Helper()
	w, have, err := open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return have
}

func withID(r app.SignedRelease, id string) app.SignedRelease {
	r.ID = id
	return r
}

// A release for another platform, not newer, badly signed or signed by
// another key than the pinned one is refused, and the data folder is as
// it was, byte for byte.
func TestOfferReleaseRefused(t *testing.T) {
	ctx := context.Background()
	k := releaseKey(t)
	bin := []byte("jxj 0.3.0 for linux")
	good := withID(signedRelease(k, "0.3.0", "linux-amd64", bin), "r1")
	badSig := good
	badSig.Manifest.Size++
	other := withID(signedRelease(releaseKey(t), "0.3.0", "linux-amd64", bin), "r2")
	tests := []struct {
		name    string
		r       app.SignedRelease
		current string
		key     string
	}{
		{"another platform", withID(signedRelease(k, "0.3.0", "windows-amd64", bin), "r3"), "0.2.0", "update.error.other_platform"},
		{"the version running", good, "0.3.0", "update.error.not_newer"},
		{"an older version", good, "0.4.0", "update.error.not_newer"},
		{"a bad signature", badSig, "0.2.0", "update.error.signature"},
		{"another key than the pinned", other, "0.2.0", "update.error.other_key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			u := NewUpdates(dir)
			if err := u.PinReleaseKey(ctx, good.Key); err != nil {
				t.Fatal(err)
			}
			before := folderFiles(t, dir)
			err := u.OfferRelease(ctx, tt.r, tt.current, "linux-amd64")
			if e, ok := err.(*app.Error); !ok || e.Key != tt.key {
				t.Fatalf("OfferRelease: %v, want %s", err, tt.key)
			}
			if after := folderFiles(t, dir); len(after) != len(before) || after["updates/state.json"] != before["updates/state.json"] {
				t.Errorf("the folder changed: %v, was %v", after, before)
			}
		})
	}
}

// A release taken downloads, is verified and waits ready; a truncated or
// changed part is refused and never becomes ready.
func TestReleaseDownload(t *testing.T) {
	ctx := context.Background()
	k := releaseKey(t)
	bin := []byte("jxj 0.3.0 for linux, a few bytes")
	r := withID(signedRelease(k, "0.3.0", "linux-amd64", bin), "r1")
	dir := t.TempDir()
	u := NewUpdates(dir)
	// a school enrolled before the hub had a key pins the first it sees
	if err := u.OfferRelease(ctx, r, "0.2.0", "linux-amd64"); err != nil {
		t.Fatal(err)
	}
	st, _ := u.UpdateStatus(ctx)
	if st.Phase != app.UpdateDownloading || st.Key != r.Key {
		t.Fatalf("after the offer: %q, key %q; want downloading with the key pinned", st.Phase, st.Key)
	}
	// the same announcement again changes nothing
	if err := u.OfferRelease(ctx, r, "0.2.0", "linux-amd64"); err != nil {
		t.Fatal(err)
	}

	writePart(t, u.OpenReleasePart, bin[:10]) // cut half way
	if err := u.FinishRelease(ctx); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("a truncated release: %v, want EINVALID", err)
	}
	if _, err := u.ReadyRelease(ctx); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("ready after a truncated download: %v", err)
	}

	changed := append([]byte{}, bin...)
	changed[3] ^= 1
	writePart(t, u.OpenReleasePart, changed)
	if err := u.FinishRelease(ctx); err == nil {
		t.Fatal("a changed release was taken")
	}
	if _, err := os.Stat(u.partPath()); err == nil {
		t.Error("the changed part was kept")
	}

	writePart(t, u.OpenReleasePart, bin)
	if err := u.FinishRelease(ctx); err != nil {
		t.Fatal(err)
	}
	path, err := u.ReadyRelease(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != string(bin) {
		t.Errorf("the release kept is %q", got)
	}
	// changed on disk after it was verified: not installed
	if err := os.WriteFile(path, changed, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := u.ReadyRelease(ctx); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("a release changed on disk: %v, want EINVALID", err)
	}

	// a newer release replaces the one ready, and its file
	r4 := withID(signedRelease(k, "0.4.0", "linux-amd64", []byte("0.4.0")), "r4")
	if err := u.OfferRelease(ctx, r4, "0.2.0", "linux-amd64"); err != nil {
		t.Fatal(err)
	}
	if st, _ := u.UpdateStatus(ctx); st.Phase != app.UpdateDownloading || st.Version() != "0.4.0" {
		t.Errorf("after a newer offer: %q %s", st.Phase, st.Version())
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("the older release's file was kept")
	}
}

// The key told at enrolment is pinned, and enrolling again pins the key
// told then; a malformed key or none changes nothing.
func TestPinReleaseKey(t *testing.T) {
	ctx := context.Background()
	u := NewUpdates(t.TempDir())
	a := signedRelease(releaseKey(t), "0.3.0", "linux-amd64", []byte("x")).Key
	b := signedRelease(releaseKey(t), "0.3.0", "linux-amd64", []byte("x")).Key
	tests := []struct {
		key, want string
		code      string
	}{
		{a, a, ""},
		{"", a, ""},
		{"not a key", a, app.EINVALID},
		{b, b, ""},
	}
	for _, tt := range tests {
		if err := u.PinReleaseKey(ctx, tt.key); app.ErrorCode(err) != tt.code {
			t.Errorf("PinReleaseKey(%q): %v, want %q", tt.key, err, tt.code)
		}
		if st, _ := u.UpdateStatus(ctx); st.Key != tt.want {
			t.Errorf("after PinReleaseKey(%q) the key is %q, want %q", tt.key, st.Key, tt.want)
		}
	}
}
