//go:build !linux && !windows

package desktop

// Supported reports whether the start at login can be set here: not on
// this system (macOS has its own login items, not handled yet).
func (a Autostart) Supported() bool { return false }

func (a Autostart) Enabled() (bool, error) { return false, nil }

func (a Autostart) Set(on bool) error {
	if on {
		return ErrUnsupported
	}
	return nil
}
