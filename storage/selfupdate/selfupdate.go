// Package selfupdate swaps the running jxj binary for a new one and back,
// as files: the new one is written whole beside the old (jxj.exe.new),
// then two renames put it in place, so the program's path never holds a
// half-written binary. Windows and Linux both allow renaming a running
// executable. It knows nothing of releases or databases (app/update.go
// decides when to swap and when to roll back) and imports nothing of jxj.
package selfupdate

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// The names beside the binary exe.
func newPath(exe string) string { return exe + ".new" }
func oldPath(exe string) string { return exe + ".old" }

// Swap puts the binary at src in place of exe, keeping exe as exe.old. A
// failure before the last rename leaves exe as it was.
func Swap(exe, src string) error {
	tmp := newPath(exe)
	if err := copyFile(src, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	old := oldPath(exe)
	if err := os.Remove(old); err != nil && !errors.Is(err, os.ErrNotExist) {
		os.Remove(tmp)
		return fmt.Errorf("remove %s: %w", old, err)
	}
	if err := os.Rename(exe, old); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("keep %s: %w", old, err)
	}
	if err := os.Rename(tmp, exe); err != nil {
		// put the old one back: the program must still start
		if rerr := os.Rename(old, exe); rerr != nil {
			return fmt.Errorf("place %s: %w (and put back: %v)", exe, err, rerr)
		}
		os.Remove(tmp)
		return fmt.Errorf("place %s: %w", exe, err)
	}
	syncDir(filepath.Dir(exe))
	return nil
}

// Rollback puts exe.old back in place of exe, replacing the new binary
// (which must have stopped); ErrNoOld when there is no exe.old.
func Rollback(exe string) error {
	old := oldPath(exe)
	if _, err := os.Stat(old); err != nil {
		return ErrNoOld
	}
	if err := os.Rename(old, exe); err != nil {
		return fmt.Errorf("put back %s: %w", exe, err)
	}
	syncDir(filepath.Dir(exe))
	return nil
}

// ErrNoOld is Rollback's error when there is no old binary to put back.
var ErrNoOld = errors.New("no previous binary to put back")

// Clean removes the old binary beside exe (and a new one left by a swap
// cut short), once the new one started. On Windows the old one cannot be removed while it still runs
// (the install that started the new one); a later start removes it.
func Clean(exe string) error {
	var errs []error
	for _, p := range []string{oldPath(exe), newPath(exe)} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// copyFile writes src to dst, executable, and flushes it to the disk
// before it is renamed into place: a power cut must not leave a
// binary of zeroes under the program's name.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// syncDir flushes a folder's entries (the renames) where the system
// allows it; Windows does not open folders, and its renames are durable.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
