//go:build unix

package storage

import "golang.org/x/sys/unix"

// freeBytes is the room left to an ordinary user on the disk of dir; ok
// is false when the system does not say.
func freeBytes(dir string) (int64, bool) {
	var st unix.Statfs_t
	if unix.Statfs(dir, &st) != nil {
		return 0, false
	}
	return int64(st.Bavail) * int64(st.Bsize), true
}
