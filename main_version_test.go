package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// The version make dist stamps with -X main.version is the one `jxj
// version` prints: the test builds the binary as make dist does (without
// cgo, as the tests run) and runs it.
func TestVersionStamped(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "jxj")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command("go", "build", "-tags", "ci", "-ldflags", "-X main.version=9.8.7-dev.65.gabc1234", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("jxj version: %v", err)
	}
	if got, want := string(out), "jxj 9.8.7-dev.65.gabc1234\n"; got != want {
		t.Errorf("jxj version printed %q, want %q", got, want)
	}
}

// scripts/version.sh names the version from git: a dev version before the
// first tag, the tag itself on it, the tag and the commits after it; and
// the same as a Debian version that sorts as they do, and as the four
// numbers of a Windows file version.
func TestVersionFromGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatalf("git is needed to name the version: %v", err)
	}
	repo := t.TempDir()
	script, err := os.ReadFile(filepath.Join("scripts", "version.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(repo, "scripts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "scripts", "version.sh"), script, 0o755); err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@localhost",
			"-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"}, args...)...)
		cmd.Dir = repo
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	version := func(form ...string) string {
		t.Helper()
		cmd := exec.Command("bash", append([]string{filepath.Join(repo, "scripts", "version.sh")}, form...)...)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("version.sh %v: %v", form, err)
		}
		return strings.TrimSpace(string(out))
	}
	check := func(got, pattern string) {
		t.Helper()
		if !regexp.MustCompile("^" + pattern + "$").MatchString(got) {
			t.Errorf("version %q does not match %s", got, pattern)
		}
	}

	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	git("commit", "-q", "--allow-empty", "-m", "two")
	check(version(), `0\.1\.0-dev\.2\.g[0-9a-f]{7,}`)
	check(version("deb"), `0\.1\.0~dev\.2\.g[0-9a-f]{7,}`)
	check(version("win"), `0\.1\.0\.2`)

	if err := os.WriteFile(filepath.Join(repo, "scripts", "version.sh"), append(script, '\n'), 0o755); err != nil {
		t.Fatal(err)
	}
	check(version(), `0\.1\.0-dev\.2\.g[0-9a-f]{7,}-dirty`)
	git("checkout", "-q", "--", ".")

	git("tag", "-a", "-m", "release", "v1.2.3")
	check(version(), `1\.2\.3`)
	check(version("deb"), `1\.2\.3`)
	check(version("win"), `1\.2\.3\.0`)

	git("commit", "-q", "--allow-empty", "-m", "three")
	check(version(), `1\.2\.3-1-g[0-9a-f]{7,}`)
	check(version("deb"), `1\.2\.3\+1\.g[0-9a-f]{7,}`)
	check(version("win"), `1\.2\.3\.1`)
}
