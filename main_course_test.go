package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"jxj/app/demo"
)

// The open-course commands end to end on real folders: the hub publishes
// a course with its files, lists it and exports its package; a school
// with no link imports the package (a teacher may not), lists it by
// subject and grade and shows its files ready; the download settings are
// stored and shown; bad input says what to do and stores nothing.
func TestCourseCommands(t *testing.T) {
	dir := t.TempDir()
	hub, school := filepath.Join(dir, "hub"), filepath.Join(dir, "school")
	if code, out, errOut := jxj(t, "hub", "org", "add", "--data", hub, "--name", "城关镇第一小学", "--type", "primary"); code != 0 {
		t.Fatalf("hub org add: %d %s%s", code, out, errOut)
	}
	video, sheet := filepath.Join(dir, "第1课.mp4"), filepath.Join(dir, "学案.pdf")
	os.WriteFile(video, []byte(strings.Repeat("帧", 300_000)), 0o644)
	os.WriteFile(sheet, []byte("%PDF 学案"), 0o644)

	for _, bad := range [][]string{
		{"--title", "认识钟表", "--subject", "数学", "--grades", "6-3", video},
		{"--title", "认识钟表", "--subject", "数学", "--grades", "1-2"},
		{"--title", "认识钟表", "--grades", "1-2", video},
		{"--title", "认识钟表", "--subject", "数学", "--grades", "1-2", filepath.Join(dir, "missing.mp4")},
	} {
		code, out, errOut := jxj(t, append([]string{"hub", "course", "publish", "--data", hub}, bad...)...)
		if code == 0 || errOut == "" || out != "" {
			t.Errorf("course publish %v: %d %q %q, want an error saying why", bad, code, out, errOut)
		}
	}
	code, out, errOut := jxj(t, "hub", "course", "publish", "--data", hub, "--title", "认识钟表", "--subject", "数学", "--grades", "1-2",
		"--desc", "一年级上册", video, sheet)
	if code != 0 || strings.TrimSpace(out) != "1" || !strings.Contains(errOut, "1 所学校") || !strings.Contains(errOut, "2 个文件") {
		t.Fatalf("course publish: %d %q %q; want its number, one school and two files", code, out, errOut)
	}
	code, out, _ = jxj(t, "hub", "course", "list", "--data", hub)
	if code != 0 || !lineWith(out, "1", "数学", "一年级—二年级", "2", "0/1", "认识钟表") {
		t.Errorf("course list:\n%s", out)
	}
	pkg := filepath.Join(dir, "usb", "认识钟表.jxjcourse")
	os.MkdirAll(filepath.Dir(pkg), 0o755)
	if code, out, errOut := jxj(t, "hub", "course", "export", "--data", hub, "--out", pkg, "1"); code != 0 || !strings.Contains(out, pkg) {
		t.Fatalf("course export: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := jxj(t, "hub", "course", "export", "--data", hub, "--out", pkg, "9"); code == 0 || errOut == "" {
		t.Errorf("export of no course: %d %q", code, errOut)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "usb", ".*part")); len(left) != 0 {
		t.Errorf("the exports left %v", left)
	}

	if code, out, errOut := jxj(t, "demo", "--data", school); code != 0 {
		t.Fatalf("demo: %d %s%s", code, out, errOut)
	}
	actAs(t, demo.TeacherUser)
	if code, _, errOut := jxj(t, "course", "import", "--data", school, pkg); code == 0 || !strings.Contains(errOut, "管理员或校长") {
		t.Errorf("a teacher's import: %d %q", code, errOut)
	}
	actAs(t, demo.AdminUser)
	if code, out, errOut := jxj(t, "course", "import", "--data", school, pkg); code != 0 || !strings.Contains(out, "写入 2 个文件") {
		t.Fatalf("course import: %d %q %q", code, out, errOut)
	}
	code, out, _ = jxj(t, "course", "list", "--data", school, "--subject", "数学", "--grade", "2")
	if code != 0 || !lineWith(out, "数学", "一年级—二年级", "可观看", "认识钟表") {
		t.Errorf("course list:\n%s", out)
	}
	if code, out, _ := jxj(t, "course", "list", "--data", school, "--grade", "3"); code != 0 || !strings.Contains(out, "还没有公开课") {
		t.Errorf("course list --grade 3: %d\n%s", code, out)
	}
	if code, _, errOut := jxj(t, "course", "list", "--data", school, "--grade", "13"); code != 2 || errOut == "" {
		t.Errorf("course list --grade 13: %d %q, want a usage error", code, errOut)
	}

	if code, out, errOut := jxj(t, "course", "settings", "--data", school, "--bandwidth", "65536", "--class-hours", "08:00-11:50,14:00-17:00"); code != 0 || !strings.Contains(out, "64 KB/秒") {
		t.Errorf("course settings: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := jxj(t, "course", "settings", "--data", school, "--class-hours", "上午"); code == 0 || !strings.Contains(errOut, "08:00-11:50") {
		t.Errorf("bad class hours: %d %q", code, errOut)
	}
	code, out, _ = jxj(t, "course", "status", "--data", school)
	if code != 0 || !strings.Contains(out, "64 KB/秒") || !strings.Contains(out, "08:00-11:50,14:00-17:00") ||
		!lineWith(out, "认识钟表", "第1课.mp4", "可观看", "0") || !strings.Contains(out, "学案.pdf") {
		t.Errorf("course status:\n%s", out)
	}

	if code, out, _ := jxj(t, "hub", "course", "status", "--data", hub, "1"); code != 0 || !strings.Contains(out, "城关镇第一小学") || !strings.Contains(out, "0/1") {
		t.Errorf("hub course status: %d\n%s", code, out)
	}
	if code, out, _ := jxj(t, "hub", "course", "revoke", "--data", hub, "1"); code != 0 || !strings.Contains(out, "认识钟表") {
		t.Errorf("hub course revoke: %d %s", code, out)
	}
	if code, _, errOut := jxj(t, "hub", "course", "revoke", "--data", hub, "x"); code != 2 || errOut == "" {
		t.Errorf("revoke x: %d %q, want a usage error", code, errOut)
	}
}

// lineWith reports whether a line of out has all the fields, in order
// (other fields may stand between them).
func lineWith(out string, fields ...string) bool {
	for line := range strings.Lines(out) {
		rest, found := strings.Fields(line), 0
		for _, f := range fields {
			i := slices.Index(rest, f)
			if i < 0 {
				break
			}
			rest, found = rest[i+1:], found+1
		}
		if found == len(fields) {
			return true
		}
	}
	return false
}
