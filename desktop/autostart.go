package desktop

import "errors"

// Autostart is jxj's start at login for this user on this PC: the program
// Exe started with Args (the data folder and --minimized, so it starts
// straight in the tray). The OS part is in autostart_<os>.go: the XDG
// autostart folder on Linux, the Run key on Windows.
type Autostart struct {
	Exe  string
	Args []string
}

// ErrUnsupported is the answer on a system where jxj cannot start at
// login by itself.
var ErrUnsupported = errors.New("desktop: starting at login is not supported on this system")

// MinimizedFlag starts the window straight in the tray.
const MinimizedFlag = "minimized"
