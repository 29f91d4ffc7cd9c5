package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The bureau's survey and 催办 commands on a hub's folder: publish from a
// JSON file and from the questions written out, list, status as a table
// and as JSON (no school has answered: both listed), remind the schools
// behind or those named; bad input says what to do and stores nothing.
func TestHubSurveyCommands(t *testing.T) {
	dir := t.TempDir()
	hub := filepath.Join(dir, "hub")
	for _, name := range []string{"城关镇第一小学", "城关镇第二小学"} {
		if code, out, errOut := jxj(t, "hub", "org", "add", "--data", hub, "--name", name, "--type", "primary"); code != 0 {
			t.Fatalf("hub org add: %d %s%s", code, out, errOut)
		}
	}
	questions := filepath.Join(dir, "q.json")
	os.WriteFile(questions, []byte(`[{"label": "留校学生数", "kind": "number"}, {"label": "已开展安全教育", "kind": "choice", "options": ["是", "否"]}]`), 0o644)
	code, out, errOut := jxj(t, "hub", "survey", "publish", "--data", hub, "--title", "寒假去向统计", "--questions", questions, "--deadline", "2099-01-10")
	if code != 0 || strings.TrimSpace(out) != "1" || !strings.Contains(errOut, "2 所学校") {
		t.Fatalf("survey publish: %d %q %q; want its number and the schools", code, out, errOut)
	}
	code, out, errOut = jxj(t, "hub", "survey", "publish", "--data", hub, "--title", "教师培训意向", "--to", "2",
		"--questions", "参训人数=number;培训方式=multi:线上|线下;意见=text")
	if code != 0 || strings.TrimSpace(out) != "2" {
		t.Fatalf("survey publish inline: %d %q %q", code, out, errOut)
	}
	for _, bad := range [][]string{
		{"--title", "坏调查", "--questions", "人数=count"},
		{"--title", "坏调查", "--questions", "人数"},
		{"--title", "坏调查", "--questions", "方式=choice:只有一项"},
		{"--title", "坏调查", "--questions", filepath.Join(dir, "missing.json")},
		{"--title", "坏调查", "--questions", "人数=number", "--to", "9"},
	} {
		code, out, errOut := jxj(t, append([]string{"hub", "survey", "publish", "--data", hub}, bad...)...)
		if code == 0 || errOut == "" || out != "" {
			t.Errorf("survey publish %v: %d %q %q, want an error saying why", bad, code, out, errOut)
		}
	}
	code, out, _ = jxj(t, "hub", "survey", "list", "--data", hub)
	if code != 0 || !strings.Contains(out, "寒假去向统计") || !strings.Contains(out, "0/2") || !strings.Contains(out, "0/1") || strings.Contains(out, "坏调查") {
		t.Errorf("survey list: %d\n%s", code, out)
	}
	code, out, _ = jxj(t, "hub", "survey", "status", "--data", hub, "1")
	if code != 0 || !strings.Contains(out, "留校学生数") || !strings.Contains(out, "是 0, 否 0") || !strings.Contains(out, "城关镇第二小学 (2)") {
		t.Errorf("survey status:\n%s", out)
	}
	code, out, _ = jxj(t, "hub", "survey", "status", "--data", hub, "--json", "1")
	var st struct {
		Schools     []struct{ Name string }
		Totals      []struct{ Counts []int }
		NotAnswered []int64 `json:"not_answered"`
	}
	if err := json.Unmarshal([]byte(out), &st); code != 0 || err != nil || len(st.Schools) != 2 || len(st.NotAnswered) != 2 || len(st.Totals[1].Counts) != 2 {
		t.Errorf("survey status --json: %d %v\n%s", code, err, out)
	}

	code, out, errOut = jxj(t, "hub", "survey", "remind", "--data", hub, "2")
	if code != 0 || !strings.Contains(out, "1 所学校") || !strings.Contains(out, "城关镇第二小学") {
		t.Errorf("survey remind: %d %q %q", code, out, errOut)
	}
	jxj(t, "hub", "notice", "publish", "--data", hub, "--title", "安全通知", "--body", "……", "--ack")
	code, out, errOut = jxj(t, "hub", "notice", "remind", "--data", hub, "--schools", "1", "1")
	if code != 0 || !strings.Contains(out, "1 所学校") || !strings.Contains(out, "城关镇第一小学") {
		t.Errorf("notice remind --schools 1: %d %q %q", code, out, errOut)
	}
	code, out, errOut = jxj(t, "hub", "notice", "remind", "--data", hub, "1")
	if code != 0 || !strings.Contains(out, "2 所学校") {
		t.Errorf("notice remind: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := jxj(t, "hub", "notice", "remind", "--data", hub, "--schools", "x", "1"); code == 0 || !strings.Contains(errOut, "--schools") {
		t.Errorf("notice remind --schools x: %d %q", code, errOut)
	}
	if code, _, errOut := jxj(t, "hub", "notice", "remind", "--data", hub, "--below", "101", "1"); code == 0 || !strings.Contains(errOut, "101") {
		t.Errorf("notice remind --below 101: %d %q", code, errOut)
	}
	if code, _, _ := jxj(t, "hub", "survey", "remind", "--data", hub, "--below", "50", "2"); code == 0 {
		t.Error("survey remind takes --below, which means nothing for a survey")
	}
	if code, _, errOut := jxj(t, "hub", "survey", "revoke", "--data", hub, "2"); code != 0 {
		t.Errorf("survey revoke: %d %q", code, errOut)
	}
	if code, _, errOut := jxj(t, "hub", "survey", "remind", "--data", hub, "2"); code == 0 || !strings.Contains(errOut, "已撤回") {
		t.Errorf("remind of a revoked survey: %d %q", code, errOut)
	}
}
