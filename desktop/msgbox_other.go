//go:build !windows

package desktop

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"time"
)

// ShowError prints the error to stderr and, when a desktop is there to
// show it on, in a box by zenity or xmessage if one is installed (they
// draw without OpenGL). It waits for the box to close, for at most ten
// minutes.
func ShowError(title, text string) {
	fmt.Fprintf(os.Stderr, "%s\n\n%s\n", title, text)
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if p, err := exec.LookPath("zenity"); err == nil {
		_ = exec.CommandContext(ctx, p, "--error", "--no-markup", "--title", title, "--text", text).Run()
		return
	}
	if p, err := exec.LookPath("xmessage"); err == nil {
		_ = exec.CommandContext(ctx, p, "-center", "-title", title, title+"\n\n"+text).Run()
	}
}
