package desktop

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAutostartWritesAndRemovesTheXDGEntry(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	a := Autostart{Exe: "/opt/jxj/jxj", Args: []string{"--data", "/home/王 老师/jxj 100%", "--" + MinimizedFlag}}
	if on, err := a.Enabled(); err != nil || on {
		t.Fatalf("Enabled before Set: %v %v", on, err)
	}
	if err := a.Set(true); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(cfg, "autostart", "cn.jxj.school.desktop")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := `Exec=/opt/jxj/jxj --data "/home/王 老师/jxj 100%%" --minimized` + "\n"
	if !strings.Contains(string(data), want) || !strings.HasPrefix(string(data), "[Desktop Entry]\nType=Application\n") {
		t.Errorf("entry:\n%s\nwant the line %q", data, want)
	}
	if on, err := a.Enabled(); err != nil || !on {
		t.Errorf("Enabled after Set(true): %v %v", on, err)
	}
	// a desktop's settings hide the entry instead of deleting it
	if err := os.WriteFile(path, append(data, "Hidden=true\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	if on, _ := a.Enabled(); on {
		t.Error("a hidden entry counts as enabled")
	}
	if err := a.Set(false); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("entry left after Set(false): %v", err)
	}
	if err := a.Set(false); err != nil {
		t.Errorf("Set(false) twice: %v", err)
	}
}

func TestExecQuote(t *testing.T) {
	for in, want := range map[string]string{
		"/usr/bin/jxj": "/usr/bin/jxj",
		"a b":          `"a b"`,
		`C:\x y`:       `"C:\\\\x y"`,
		`a"$b`:         `"a\\"\\$b"`,
		"50%":          "50%%",
		"--minimized":  "--minimized",
	} {
		if got := execQuote(in); got != want {
			t.Errorf("execQuote(%q) = %q, want %q", in, got, want)
		}
	}
}
