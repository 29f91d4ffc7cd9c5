package xlsx

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// The records' sheet has each entry as the page shows it, with what is
// stored in the last columns for IT; in English too.
func TestWriteAuditRecords(t *testing.T) {
	at := time.Date(2025, 9, 1, 8, 30, 5, 0, time.Local)
	entries := []*app.AuditEntry{
		{ID: 2, At: at, Actor: "liu", Action: "leave.approve", Target: "leave:7", Detail: "state=approved note=",
			Who: app.AuditActor{Username: "liu", Name: "刘芳", Role: app.RoleTeacher}, Names: map[string]string{"leave:7": "张小明"}},
		{ID: 1, At: at, Actor: "system", Action: "test.change", Target: "settings:k"},
	}
	for _, tt := range []struct {
		lang, sheet string
		want        [][]string
	}{
		{i18n.Chinese, "操作记录", [][]string{
			{"时间", "操作人", "类别", "记录", "操作（原始）", "对象（原始）", "详情（原始）"},
			{"2025-09-01 08:30:05", "刘芳（教师）", "考勤和请假", "刘芳（教师）批准了张小明的请假", "leave.approve", "leave:7", "state=approved note="},
			{"2025-09-01 08:30:05", "本机（自动）", "", "本机（自动）：test.change settings:k", "test.change", "settings:k"},
		}},
		{i18n.English, "Activity log", [][]string{
			{"Time", "Person", "Kind", "Entry", "Action (stored)", "Target (stored)", "Detail (stored)"},
			{"2025-09-01 08:30:05", "刘芳 (Teacher)", "Attendance and leave", "刘芳 (Teacher) approved 张小明's leave", "leave.approve", "leave:7", "state=approved note="},
			{"2025-09-01 08:30:05", "This PC (automatic)", "", "This PC (automatic): test.change settings:k", "test.change", "settings:k"},
		}},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			inLanguage(t, tt.lang)
			path := filepath.Join(t.TempDir(), "records.xlsx")
			if err := New().WriteAuditRecords(path, entries); err != nil {
				t.Fatal(err)
			}
			if got := rowsOf(t, openXLSX(t, path), tt.sheet); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rows:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}
