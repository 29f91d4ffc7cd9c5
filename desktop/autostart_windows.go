package desktop

import (
	"errors"
	"strings"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// runKey is the user's Run key, read by Windows at login; the value is
// named jxj.
const (
	runKey   = `Software\Microsoft\Windows\CurrentVersion\Run`
	runValue = "jxj"
)

// Supported reports whether the start at login can be set here.
func (a Autostart) Supported() bool { return true }

// Enabled reports whether the Run key has jxj's value.
func (a Autostart) Enabled() (bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer k.Close()
	_, _, err = k.GetStringValue(runValue)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// Set writes or deletes jxj's value in the Run key.
func (a Autostart) Set(on bool) error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if err != nil {
		return err
	}
	defer k.Close()
	if !on {
		if err := k.DeleteValue(runValue); err != nil && !errors.Is(err, registry.ErrNotExist) {
			return err
		}
		return nil
	}
	words := []string{windows.EscapeArg(a.Exe)}
	for _, arg := range a.Args {
		words = append(words, windows.EscapeArg(arg))
	}
	return k.SetStringValue(runValue, strings.Join(words, " "))
}
