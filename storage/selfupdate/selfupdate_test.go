package selfupdate

import (
	"maps"
	"os"
	"path/filepath"
	"testing"
)

// files writes the named files with their contents into a new folder.
func files(t *testing.T, content map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, c := range content {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(c), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// contents reads every file of dir by name.
func contents(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]string)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

func TestSwapRollbackClean(t *testing.T) {
	dir := files(t, map[string]string{"jxj.exe": "old", "jxj-0.3.0.exe": "new"})
	exe := filepath.Join(dir, "jxj.exe")
	if err := Swap(exe, filepath.Join(dir, "jxj-0.3.0.exe")); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"jxj.exe": "new", "jxj.exe.old": "old", "jxj-0.3.0.exe": "new"}
	if got := contents(t, dir); !maps.Equal(got, want) {
		t.Fatalf("after the swap: %v, want %v", got, want)
	}
	if fi, err := os.Stat(exe); err != nil || fi.Mode().Perm()&0o100 == 0 {
		t.Errorf("the new binary: %v %v, want executable", fi.Mode(), err)
	}
	if err := Rollback(exe); err != nil {
		t.Fatal(err)
	}
	want = map[string]string{"jxj.exe": "old", "jxj-0.3.0.exe": "new"}
	if got := contents(t, dir); !maps.Equal(got, want) {
		t.Fatalf("after the rollback: %v, want %v", got, want)
	}
	if err := Rollback(exe); err != ErrNoOld {
		t.Errorf("a second rollback: %v, want ErrNoOld", err)
	}
	// a second swap, then the new one started: the old one goes
	if err := Swap(exe, filepath.Join(dir, "jxj-0.3.0.exe")); err != nil {
		t.Fatal(err)
	}
	if err := Clean(exe); err != nil {
		t.Fatal(err)
	}
	want = map[string]string{"jxj.exe": "new", "jxj-0.3.0.exe": "new"}
	if got := contents(t, dir); !maps.Equal(got, want) {
		t.Fatalf("after cleaning: %v, want %v", got, want)
	}
}

// A swap from a file that cannot be read changes nothing: the program
// stays whole under its name, with nothing half written beside it.
func TestSwapFailureChangesNothing(t *testing.T) {
	dir := files(t, map[string]string{"jxj": "old", "jxj.old": "older"})
	before := contents(t, dir)
	if err := Swap(filepath.Join(dir, "jxj"), filepath.Join(dir, "missing")); err == nil {
		t.Fatal("a swap from a missing file worked")
	}
	if got := contents(t, dir); !maps.Equal(got, before) {
		t.Errorf("after a failed swap: %v, want %v", got, before)
	}
}

// A second swap replaces the old binary kept by the first.
func TestSwapTwice(t *testing.T) {
	dir := files(t, map[string]string{"jxj": "v1", "a": "v2", "b": "v3"})
	exe := filepath.Join(dir, "jxj")
	for _, src := range []string{"a", "b"} {
		if err := Swap(exe, filepath.Join(dir, src)); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]string{"jxj": "v3", "jxj.old": "v2", "a": "v2", "b": "v3"}
	if got := contents(t, dir); !maps.Equal(got, want) {
		t.Errorf("after two swaps: %v, want %v", got, want)
	}
}
