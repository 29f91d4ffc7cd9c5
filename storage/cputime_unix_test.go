//go:build unix

package storage

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used: benchmarks report it next
// to wall time, which other work on a shared machine inflates.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
