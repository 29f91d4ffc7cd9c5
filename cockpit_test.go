package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"jxj/app"
	"jxj/app/cli"
	"jxj/app/demo"
	"jxj/storage"
)

// `jxj cockpit` prints the same numbers as the page: on the demo school,
// its JSON is the cockpit service's for the same range and account, field
// for field, and its tables show them.
func TestCockpitCommandPrintsThePagesFigures(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if code, out, errOut := jxj(t, "demo", "--data", data); code != 0 {
		t.Fatalf("demo: exit %d\n%s%s", code, out, errOut)
	}
	today := time.Now()
	r := app.RangeOf(app.RangeMonth, today)
	from, to := app.FormatDate(r.From), app.FormatDate(r.To)
	for _, user := range []string{demo.AdminUser, demo.TeacherUser} {
		t.Run(user, func(t *testing.T) {
			actAs(t, user)
			code, out, errOut := jxj(t, "cockpit", "--data", data, "--from", from, "--to", to, "--json")
			if code != 0 {
				t.Fatalf("cockpit --json: exit %d\n%s", code, errOut)
			}
			ck := serviceCockpit(t, data, user, r)
			want, err := cli.CockpitJSON(ck)
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("jxj cockpit --json differs from the service's cockpit:\n%s\nwant\n%s", out, want)
			}
			// and by name, against the service's figures themselves
			var got struct {
				From, To   string
				Teacher    bool
				Attendance struct {
					Today   struct{ Sessions, Present int }
					ByClass []struct {
						ClassID int64 `json:"class_id"`
					} `json:"by_class"`
				}
				Roster struct {
					Students int
					Staff    int `json:"teaching_staff"`
				}
				Notices struct {
					Open    []struct{ Title string }
					ToReach int `json:"families_to_reach"`
				}
				Exam *struct{ Name string }
				ToDo struct {
					LeavesWaiting int `json:"leaves_waiting"`
				} `json:"todo"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			a := ck.Attendance
			if got.From != from || got.To != to || got.Teacher != (user == demo.TeacherUser) ||
				got.Attendance.Today.Sessions != a.Today.Sessions || got.Attendance.Today.Present != a.Today.Present() ||
				len(got.Attendance.ByClass) != len(a.ByClass) || got.Roster.Students != ck.Roster.Students || got.Roster.Staff != ck.Roster.Staff ||
				len(got.Notices.Open) != len(ck.Notices.Open) || got.Notices.ToReach != ck.Notices.ToReach ||
				(got.Exam == nil) != (ck.Exam == nil) || got.ToDo.LeavesWaiting != ck.ToDo.LeavesWaiting {
				t.Errorf("the JSON's figures = %+v; the service's: %+v", got, ck)
			}
			if ck.Roster.Students == 0 || len(ck.Notices.Open) == 0 || ck.Exam == nil {
				t.Fatalf("the demo's cockpit has no students, open notice or exam: %+v", ck)
			}
			if user == demo.TeacherUser && (len(a.ByClass) > 1 || len(ck.Roster.Classes) != 1) {
				t.Errorf("the teacher's cockpit has %d classes' rates and %d class sizes; want their one class", len(a.ByClass), len(ck.Roster.Classes))
			}

			// the tables: the range named, every section, the figures
			code, out, errOut = jxj(t, "cockpit", "--data", data, "--from", from, "--to", to)
			if code != 0 {
				t.Fatalf("cockpit: exit %d\n%s", code, errOut)
			}
			for _, want := range []string{demo.SchoolName + " 驾驶舱：" + from + " 至 " + to, "【出勤】", "【学生与班额】", "【通知回执】",
				"【作业完成】", "【表单和接龙】", "【最近考试】", ck.Exam.Exam.Name, "【待办】", "【同步】",
				"应到 " + strconv.Itoa(a.Today.Sessions) + "，实到 " + strconv.Itoa(a.Today.Present()), "在读学生 " + strconv.Itoa(ck.Roster.Students) + " 人",
				ck.Notices.Open[0].Title} {
				if !strings.Contains(out, want) {
					t.Errorf("the table lacks %q:\n%s", want, out)
				}
			}
		})
	}

	// without a range: this month up to today
	actAs(t, demo.AdminUser)
	if code, out, errOut := jxj(t, "cockpit", "--data", data, "--json"); code != 0 ||
		!strings.Contains(out, `"from": "`+from+`"`) || !strings.Contains(out, `"to": "`+to+`"`) {
		t.Errorf("cockpit without a range: exit %d, %q…; want this month up to today\n%s", code, out[:min(len(out), 80)], errOut)
	}
	for _, bad := range [][]string{{"--from", "2026-12-05", "--to", "2026-12-01"}, {"--to", "明天"}, {"--from", "2024-01-01", "--to", "2026-01-01"}} {
		args := append([]string{"cockpit", "--data", data}, bad...)
		if code, _, errOut := jxj(t, args...); code != cli.ExitUsage || errOut == "" {
			t.Errorf("cockpit %v: exit %d, %q; want a usage error (2)", bad, code, errOut)
		}
	}
}

// serviceCockpit computes the cockpit for range r as user of the demo
// school logs in, straight from storage.
func serviceCockpit(t *testing.T, data, user string, r app.DateRange) *app.Cockpit {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := db.Services()
	acct, err := svc.Accounts.Authenticate(ctx, user, demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	ck, err := svc.Cockpit.Cockpit(app.NewContextWithAccount(ctx, acct), r)
	if err != nil {
		t.Fatal(err)
	}
	return ck
}
