//go:build !windows

package desktop

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"jxj/app/i18n"
)

// ShowGLError prints e to stderr in the user's language and, when there
// is a display, shows it in a box drawn without OpenGL: zenity's in the
// user's language, else xmessage's in English (xmessage draws no
// Chinese). It waits for the box to close, for at most ten minutes.
func ShowGLError(e *GLError) {
	title, text := e.Message(runtime.GOOS)
	fmt.Fprintf(os.Stderr, "%s\n\n%s\n", title, text)
	if e.Problem == GLNoDisplay || (os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "") {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if p, err := exec.LookPath("zenity"); err == nil {
		_ = exec.CommandContext(ctx, p, "--error", "--no-markup", "--title", title, "--text", text).Run()
		return
	}
	if p, err := exec.LookPath("xmessage"); err == nil {
		title, text = e.MessageIn(i18n.English, runtime.GOOS)
		_ = exec.CommandContext(ctx, p, "-center", "-title", title, title+"\n\n"+wrap(text, 90)).Run()
	}
}

// wrap breaks each paragraph of text into lines of at most width bytes
// at spaces (xmessage does not wrap).
func wrap(text string, width int) string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, w := range strings.Fields(para) {
			if line != "" && len(line)+1+len(w) > width {
				out = append(out, line)
				line = ""
			}
			if line != "" {
				line += " "
			}
			line += w
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
