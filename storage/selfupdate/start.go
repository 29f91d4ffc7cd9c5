package selfupdate

import (
	"context"
	"os"
	"os/exec"
)

// Start starts exe with args, its output to this program's, and returns
// a channel that receives once when it ends (nil for exit status 0) and a
// function that kills it. The process outlives this one when this one
// exits first: it is the new version, running on.
func Start(ctx context.Context, exe string, args ...string) (<-chan error, func(), error) {
	cmd := exec.Command(exe, args...)
	// a Windows GUI program started from Explorer has no standard output:
	// os.Stdout is nil then, and a nil *os.File would fail every write
	if os.Stdout != nil {
		cmd.Stdout = os.Stdout
	}
	if os.Stderr != nil {
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	done := make(chan error, 1)
	ended := make(chan struct{}) // closed when it ended, for stop, whoever read done
	go func() {
		done <- cmd.Wait()
		close(ended)
	}()
	stop := func() {
		_ = cmd.Process.Kill()
		<-ended
	}
	return done, stop, nil
}
