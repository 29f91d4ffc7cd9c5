package cli

import (
	"strings"
	"testing"
	"time"

	"jxj/app"
)

// The district cockpit's tables show each figure's schools and numbers.
func TestWriteDistrictCockpit(t *testing.T) {
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.Local)
	yi := app.DistrictOrg{ID: 1, Name: "城关一小", Kind: app.OrgPrimary, Township: "城关镇", LastSync: now.Add(-time.Hour)}
	hekou := app.DistrictOrg{ID: 2, Name: "河口小学", Kind: app.OrgPrimary, Township: "河口乡"}
	d := &app.DistrictData{Now: now, Orgs: []app.DistrictOrg{yi, hekou},
		Latest: map[int64]*app.DayStats{1: {Day: "2026-11-20", Teachers: 2, Groups: []app.DayGroup{{Grade: 1, Gender: "M", Students: 60}},
			Classes: []app.ClassCount{{Grade: 1, Students: 60}}}},
		Days: []app.OrgDay{{OrgID: 1, Day: "2026-11-20", Students: 60, Covered: 60, Totals: app.AttendanceSum{Expected: 60, Absent: 3},
			Groups: []app.DayGroup{{Grade: 1, Gender: "M", Students: 60, Expected: 60, Absent: 3}}, Streaks: []int{0, 0, 2}}},
		Notices: []app.NoticeReach{{ID: 1, Title: "寒假安全", RequiresAck: true, Schools: []app.SchoolReach{
			{Org: app.DistrictOrg{ID: 1}, Confirmed: true, Forwarded: true, Families: 60, Read: 60, Ack: 30}}}},
	}
	q := app.DistrictQuery{From: now, To: now}.WithDefaults(now)
	var out strings.Builder
	if err := writeDistrictCockpit(&out, app.ComputeDistrictCockpit(d, q)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"区县驾驶舱 · 全县 · 2026-11-20 至 2026-11-20",
		"学生 60 人，班级 1 个，教师 2 人",
		"上报率 50.0%（2 所学校，1 个上学日",
		"河口小学          河口乡  0           1           从未同步",
		"出勤率 95.0%（应到 60 人次，实到 57，缺勤 3，请假 0）",
		"1 所学校生师比高于 19.0",
		"大班额（56 人及以上）1 个",
		"《寒假安全》：发往 1 所，确认 1，转发 1；家庭 60，已读 60，已确认 30",
		"城关一小  城关镇  是    是    60    60    30      50.0%",
		"2 名学生连续缺勤 3 个上学日及以上",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output lacks %q:\n%s", want, out.String())
		}
	}
}
