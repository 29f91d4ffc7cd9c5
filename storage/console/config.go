package console

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"jxj/app"
)

// The console's files in the data folder.
const (
	ConfigFile = "console.json"
	cacheDir   = "console-cache"
)

// Files are the console's files in a data folder.
type Files struct {
	Dir string
}

// Load reads console.json; ok is false when there is none (the data
// folder is a school's, or the first run's).
func (f Files) Load() (c app.ConsoleConfig, ok bool, err error) {
	b, err := os.ReadFile(filepath.Join(f.Dir, ConfigFile))
	if errors.Is(err, fs.ErrNotExist) {
		return c, false, nil
	}
	if err != nil {
		return c, false, app.WrapError(err, "bureau_console.error.config_read", filepath.Join(f.Dir, ConfigFile))
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, false, app.WrapError(err, "bureau_console.error.config_read", filepath.Join(f.Dir, ConfigFile))
	}
	return c, true, nil
}

// Save writes console.json whole or not at all.
func (f Files) Save(c app.ConsoleConfig) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return app.WrapError(err, "bureau_console.error.config_write", filepath.Join(f.Dir, ConfigFile))
	}
	if err := writeAtomic(filepath.Join(f.Dir, ConfigFile), b); err != nil {
		return app.WrapError(err, "bureau_console.error.config_write", filepath.Join(f.Dir, ConfigFile))
	}
	return nil
}

// Forget removes console.json and the cache: the data folder is back at
// the first run's choice. A school's data in the folder is not touched.
func (f Files) Forget() error {
	err := os.RemoveAll(filepath.Join(f.Dir, cacheDir))
	if rerr := os.Remove(filepath.Join(f.Dir, ConfigFile)); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
		err = errors.Join(err, rerr)
	}
	if err != nil {
		return app.WrapError(err, "bureau_console.error.forget", f.Dir)
	}
	return nil
}

// writeAtomic writes b to a temporary file next to path and renames it
// into place, so a crash never leaves half a file.
func writeAtomic(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".jxj-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // nothing left after a successful rename
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
