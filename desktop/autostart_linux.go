package desktop

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// autostartName is the file in the XDG autostart folder, named for the
// app's ID.
const autostartName = "cn.jxj.school.desktop"

// Supported reports whether the start at login can be set here.
func (a Autostart) Supported() bool { return true }

// path is the autostart entry: $XDG_CONFIG_HOME/autostart, or
// ~/.config/autostart.
func (a Autostart) path() (string, error) {
	base := os.Getenv("XDG_CONFIG_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		base = filepath.Join(home, ".config")
	}
	return filepath.Join(base, "autostart", autostartName), nil
}

// Enabled reports whether the entry is there and not hidden (a desktop's
// own autostart settings hide an entry rather than delete it).
func (a Autostart) Enabled() (bool, error) {
	p, err := a.path()
	if err != nil {
		return false, err
	}
	data, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return !bytes.Contains(data, []byte("\nHidden=true")), nil
}

// Set writes or removes the entry.
func (a Autostart) Set(on bool) error {
	p, err := a.path()
	if err != nil {
		return err
	}
	if !on {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	return writeFileAtomic(p, []byte(a.entry()))
}

// entry is the desktop entry that starts jxj.
func (a Autostart) entry() string {
	words := []string{execQuote(a.Exe)}
	for _, arg := range a.Args {
		words = append(words, execQuote(arg))
	}
	return "[Desktop Entry]\nType=Application\nName=局校家\nName[en]=jxj\n" +
		"Exec=" + strings.Join(words, " ") + "\n" +
		"Icon=jxj\nTerminal=false\nX-GNOME-Autostart-enabled=true\n"
}

// execQuote quotes one word of a desktop entry's Exec line as the
// Desktop Entry Specification says: in double quotes when it holds a
// reserved character, with ", `, $ and \ escaped; % doubled always. The
// key's value is then escaped once more (\\ for \).
func execQuote(s string) string {
	s = strings.ReplaceAll(s, "%", "%%")
	if !strings.ContainsAny(s, " \t\n\"'\\><~|&;$*?#()`") {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '`', '$', '\\':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return strings.ReplaceAll(b.String(), `\`, `\\`)
}
