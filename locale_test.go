package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestNoFyneLocaleNoise runs the real command line with the locales a
// server, a container or a script has: no command prints Fyne's "Error
// parsing user locale" lines (or any "Fyne error") on standard error.
func TestNoFyneLocaleNoise(t *testing.T) {
	data := t.TempDir()
	commands := [][]string{{"version"}, {"help"}, {"demo", "--data", data}, {"notice", "list", "--data", data}}
	for _, locale := range []string{"C.UTF-8", "C.utf8", "C", "POSIX", "", "zh_CN.UTF-8", "en_US.UTF-8"} {
		for _, args := range commands {
			t.Run(locale+" "+strings.Join(args[:1], " "), func(t *testing.T) {
				cmd := exec.Command(os.Args[0], args...)
				cmd.Env = []string{beMain + "=1", "HOME=" + data, "PATH=" + os.Getenv("PATH")}
				if locale != "" {
					cmd.Env = append(cmd.Env, "LANG="+locale)
				}
				var stderr strings.Builder
				cmd.Stderr = &stderr
				if err := cmd.Run(); err != nil {
					t.Fatalf("jxj %s with LANG=%q: %v\n%s", strings.Join(args, " "), locale, err, stderr.String())
				}
				if strings.Contains(stderr.String(), "Fyne error") {
					t.Errorf("jxj %s with LANG=%q printed:\n%s", strings.Join(args, " "), locale, stderr.String())
				}
			})
		}
	}
}
