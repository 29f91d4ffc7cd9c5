//go:build windows

package storage

import "golang.org/x/sys/windows"

// freeBytes is the room left to the user on the disk of dir; ok is false
// when the system does not say.
func freeBytes(dir string) (int64, bool) {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return 0, false
	}
	var avail, total, free uint64
	if windows.GetDiskFreeSpaceEx(p, &avail, &total, &free) != nil {
		return 0, false
	}
	return int64(avail), true
}
