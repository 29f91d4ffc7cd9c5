//go:build !linux

package desktop

// TrayHost reports whether the desktop shows tray icons: Windows and
// macOS always do.
func TrayHost() bool { return true }
