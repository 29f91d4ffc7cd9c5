package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// `jxj hub cockpit` on a hub whose schools never synced: every figure is
// there, the schools are listed as not reporting and never synced, in
// tables or JSON, for the county, a township or one school.
func TestHubCockpitCommand(t *testing.T) {
	hub := filepath.Join(t.TempDir(), "hub")
	for _, args := range [][]string{
		{"--name", "城关镇第一小学", "--type", "primary", "--township", "城关镇"},
		{"--name", "河口乡中学", "--type", "middle", "--township", "河口乡"},
	} {
		if code, _, errOut := jxj(t, append([]string{"hub", "org", "add", "--data", hub}, args...)...); code != 0 {
			t.Fatalf("org add: %d %s", code, errOut)
		}
	}
	code, out, errOut := jxj(t, "hub", "cockpit", "--data", hub, "--from", "2026-11-30", "--to", "2026-12-04")
	if code != 0 {
		t.Fatalf("hub cockpit: %d %s", code, errOut)
	}
	for _, want := range []string{"学校和培训机构分布", "共 2 所", "上报率 0.0%（2 所学校，5 个上学日", "2 所学校超过 3 天没有同步",
		"从未同步", "出席到课率", "生师比和班额", "通知查阅情况", "长期缺勤", "数据截至：尚无学校同步"} {
		if !strings.Contains(out, want) {
			t.Errorf("the cockpit lacks %q:\n%s", want, out)
		}
	}

	code, out, errOut = jxj(t, "hub", "cockpit", "--data", hub, "--township", "河口乡", "--json")
	if code != 0 {
		t.Fatalf("hub cockpit --json: %d %s", code, errOut)
	}
	var ck struct {
		Orgs      struct{ Total int }
		Reporting struct {
			Missing []struct{ Org struct{ Name string } }
		}
	}
	if err := json.Unmarshal([]byte(out), &ck); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	if ck.Orgs.Total != 1 || len(ck.Reporting.Missing) != 1 || ck.Reporting.Missing[0].Org.Name != "河口乡中学" {
		t.Errorf("河口乡 = %+v, want its one school, not reporting", ck)
	}

	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"an unknown school", []string{"--school", "99"}, 1, "没有编号为 99 的学校"},
		{"an unknown township", []string{"--township", "青山镇"}, 1, "没有乡镇“青山镇”的学校"},
		{"a range backwards", []string{"--from", "2026-12-09", "--to", "2026-12-01"}, 2, "对调"},
		{"a date that is none", []string{"--from", "2026-13-01"}, 2, "2026-13-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := jxj(t, append([]string{"hub", "cockpit", "--data", hub}, tt.args...)...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, %q; want %d and %q", code, errOut, tt.code, tt.want)
			}
		})
	}
}
