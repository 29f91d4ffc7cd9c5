package app

import (
	"slices"
	"testing"

	"jxj/app/i18n"
)

func row(line int, name, no, class string, guardians ...GuardianInput) RosterRow {
	return RosterRow{Line: line, Name: name, StudentNo: no, ClassText: class, Guardians: guardians}
}

func TestPlanRosterChecks(t *testing.T) {
	tests := []struct {
		name   string
		row    RosterRow
		reason string // translation key of the rejection, "" if accepted
	}{
		{"ok", row(3, "张三", "2026001", "三年级2班", GuardianInput{"张大山", "父亲", "138 1234 1234"}), ""},
		{"no guardian is fine", row(3, "张三", "", "三年级2班"), ""},
		{"missing name", row(4, "  ", "2026002", "三年级2班"), "import.reject.name_missing"},
		{"missing class", row(5, "李四", "2026003", ""), "import.reject.class_missing"},
		{"unknown class", row(6, "李四", "2026003", "火箭班"), "import.reject.class_unknown"},
		{"bad phone", row(7, "王五", "", "3.2", GuardianInput{"王父", "父亲", "1381234"}), "import.reject.phone_bad"},
		{"bad gender", RosterRow{Line: 8, Name: "赵六", Gender: "未知", ClassText: "3.2"}, "import.reject.gender_bad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, clean := PlanRoster([]RosterRow{tt.row}, RosterState{})
			if tt.reason == "" {
				if len(plan.Rejected) != 0 || plan.Added != 1 {
					t.Fatalf("rejected %+v, added %d; want accepted", plan.Rejected, plan.Added)
				}
				if _, ok := clean[0]; !ok {
					t.Fatalf("no clean row for an accepted row")
				}
				return
			}
			if len(plan.Rejected) != 1 {
				t.Fatalf("rejected = %+v; want one row", plan.Rejected)
			}
			r := plan.Rejected[0]
			if r.Line != tt.row.Line || r.Reason.Key != tt.reason {
				t.Errorf("rejected line %d reason %q; want line %d reason %q", r.Line, r.Reason.Key, tt.row.Line, tt.reason)
			}
			if len(plan.Items) != 0 {
				t.Errorf("items = %+v; want none", plan.Items)
			}
		})
	}
}

func TestPlanRosterCleansValues(t *testing.T) {
	r := RosterRow{Line: 2, Name: " 张　三 ", Gender: "男", StudentNo: "２０２６００１", GradeText: "三年级", ClassText: "（2）班",
		Guardians: []GuardianInput{{" 张大山", "父亲 ", "１３８　１２３４　１２３４"}, {"", "", ""}}}
	_, clean := PlanRoster([]RosterRow{r}, RosterState{})
	got := clean[0]
	want := CleanRosterRow{Name: "张三", Gender: GenderMale, StudentNo: "2026001", Class: ClassKey{3, "2班"},
		Guardians: []GuardianInput{{"张大山", "父亲", "13812341234"}}}
	if got.Name != want.Name || got.Gender != want.Gender || got.StudentNo != want.StudentNo || got.Class != want.Class ||
		len(got.Guardians) != 1 || got.Guardians[0] != want.Guardians[0] {
		t.Errorf("clean = %+v\nwant    %+v", got, want)
	}
}

func TestPlanRosterDropsIDNumbers(t *testing.T) {
	for _, no := range []string{"110105201001011234", "G11010520100101123X"} {
		plan, clean := PlanRoster([]RosterRow{row(2, "张三", no, "3.2")}, RosterState{})
		if plan.Added != 1 || clean[0].StudentNo != "" {
			t.Errorf("%s: added %d, stored number %q; want added without the number", no, plan.Added, clean[0].StudentNo)
		}
		if len(plan.Warnings) != 1 || plan.Warnings[0].Reason.Key != "import.warn.id_number_dropped" {
			t.Errorf("%s: warnings = %+v; want the id-number warning", no, plan.Warnings)
		}
	}
}

func TestPlanRosterMatching(t *testing.T) {
	classes := []*Class{{ID: 1, Grade: 3, Name: "2班"}, {ID: 2, Grade: 3, Name: "3班"}, {ID: 3, Grade: 5, Name: "火箭班"}}
	dad := GuardianInput{"张大山", "父亲", "13812341234"}
	st := RosterState{Classes: classes, Students: []RosterStudent{
		{ID: 10, Status: StatusActive, Name: "张三", StudentNo: "2026001", ClassID: 1, Guardians: []GuardianInput{dad}},
		{ID: 11, Status: StatusActive, Name: "李四", ClassID: 1},
		{ID: 12, Status: StatusActive, Name: "王五", StudentNo: "2026005", ClassID: 2},
		{ID: 13, Status: StatusActive, Name: "刘一", ClassID: 2},
		{ID: 14, Status: StatusActive, Name: "刘一", ClassID: 2},
	}}
	rows := []RosterRow{
		row(2, "张三", "2026001", "三年级2班", dad),                               // unchanged
		row(3, "张三", "2026001", "三年级2班", dad),                               // duplicate of row 2
		row(4, "李四", "", "三年级2班", GuardianInput{"李母", "母亲", "13900001111"}), // update by name+class
		row(5, "王五", "2026005", "三年级2班"),                                    // moved class, matched by number
		row(6, "王五", "2026099", "三年级3班"),                                    // another 王五: new
		row(7, "刘一", "", "三年级3班"),                                           // ambiguous
		row(8, "赵七", "", "五年级火箭班"),                                          // stored class by label
		row(9, "钱八", "", "四年级1班"),                                           // new class
		row(10, "孙九", "", "4.1"),                                            // same new class
	}
	plan, _ := PlanRoster(rows, st)
	if plan.Added != 4 || plan.Updated != 2 || plan.Unchanged != 1 || len(plan.Rejected) != 2 {
		t.Fatalf("added %d updated %d unchanged %d rejected %d; want 4 2 1 2\n%+v", plan.Added, plan.Updated, plan.Unchanged, len(plan.Rejected), plan.Rejected)
	}
	wantAction := map[int]struct {
		action ImportAction
		match  int64
	}{2: {ActionUnchanged, 10}, 4: {ActionUpdate, 11}, 5: {ActionUpdate, 12}, 6: {ActionAdd, 0}, 8: {ActionAdd, 0}, 9: {ActionAdd, 0}, 10: {ActionAdd, 0}}
	for _, it := range plan.Items {
		w, ok := wantAction[it.Line]
		if !ok || it.Action != w.action || it.MatchID != w.match {
			t.Errorf("line %d: action %d match %d; want %+v", it.Line, it.Action, it.MatchID, w)
		}
	}
	reasons := map[int]string{}
	for _, r := range plan.Rejected {
		reasons[r.Line] = r.Reason.Key
	}
	if reasons[3] != "import.reject.duplicate" || reasons[7] != "import.reject.ambiguous" {
		t.Errorf("rejections = %v; want line 3 duplicate, line 7 ambiguous", reasons)
	}
	if len(plan.NewClasses) != 1 || plan.NewClasses[0] != (ClassKey{4, "1班"}) {
		t.Errorf("new classes = %v; want [{4 1班}]", plan.NewClasses)
	}
}

func TestMaskDirectory(t *testing.T) {
	entries := func() []DirectoryEntry {
		return []DirectoryEntry{
			{ClassID: 1, Guardians: []GuardianContact{{Phone: "13812341234"}}},
			{ClassID: 2, Guardians: []GuardianContact{{Phone: "13900001111"}}},
		}
	}
	tests := []struct {
		name string
		acct *Account
		want []string
	}{
		{"admin", &Account{Role: RoleAdmin}, []string{"13812341234", "13900001111"}},
		{"principal", &Account{Role: RolePrincipal}, []string{"13812341234", "13900001111"}},
		{"teacher of class 1", &Account{Role: RoleTeacher, ClassIDs: []int64{1}}, []string{"13812341234", "139****1111"}},
		{"teacher without classes", &Account{Role: RoleTeacher}, []string{"138****1234", "139****1111"}},
		{"nobody", nil, []string{"138****1234", "139****1111"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := entries()
			MaskDirectory(tt.acct, e)
			for i, want := range tt.want {
				g := e[i].Guardians[0]
				if g.Phone != want || g.PhoneMasked != (want != entries()[i].Guardians[0].Phone) {
					t.Errorf("entry %d: phone %q masked %v; want %q", i, g.Phone, g.PhoneMasked, want)
				}
			}
		})
	}
}

func TestPlanRosterOneStudentTwoRows(t *testing.T) {
	st := RosterState{Classes: []*Class{{ID: 1, Grade: 3, Name: "2班"}},
		Students: []RosterStudent{{ID: 10, Status: StatusActive, Name: "张三", StudentNo: "2026001", ClassID: 1}}}
	rows := []RosterRow{row(2, "张三", "2026001", "3.2"), row(3, "张三", "", "3.2")}
	plan, _ := PlanRoster(rows, st)
	if plan.Unchanged != 1 || len(plan.Rejected) != 1 || plan.Rejected[0].Line != 3 || plan.Rejected[0].Reason.Key != "import.reject.duplicate" {
		t.Errorf("unchanged %d, rejected %+v; want row 3 rejected as a duplicate of row 2", plan.Unchanged, plan.Rejected)
	}
}

func TestPlanRosterNamedClassInAnyLanguage(t *testing.T) {
	defer i18n.SetLanguage(i18n.Language())
	st := RosterState{Classes: []*Class{{ID: 3, Grade: 5, Name: "火箭班"}}}
	for _, lang := range i18n.Languages {
		i18n.SetLanguage(lang)
		plan, clean := PlanRoster([]RosterRow{row(2, "赵七", "", "五年级火箭班"), row(3, "钱八", "", "五年级火星班")}, st)
		if plan.Added != 1 || clean[0].ClassID != 3 {
			t.Errorf("%s: added %d, class %d; want 赵七 added to class 3", lang, plan.Added, clean[0].ClassID)
		}
		if len(plan.Rejected) != 1 || plan.Rejected[0].Reason.Key != "import.reject.class_unknown" {
			t.Errorf("%s: rejected %+v; want the unknown named class rejected", lang, plan.Rejected)
		}
	}
}

func TestMergeGuardians(t *testing.T) {
	dad := GuardianInput{"张大山", "父亲", "13812341234"}
	mum := GuardianInput{"李娜", "母亲", "13900001111"}
	gran := GuardianInput{"王奶奶", "奶奶", "13700002222"}
	tests := []struct {
		name     string
		stored   []GuardianInput
		row      []GuardianInput
		want     []GuardianInput
		wantFrom []int
	}{
		{"a row without guardians keeps them", []GuardianInput{dad, mum}, nil, []GuardianInput{dad, mum}, []int{0, 1}},
		{"one column names the father: the mother stays", []GuardianInput{dad, mum}, []GuardianInput{dad}, []GuardianInput{dad, mum}, []int{0, 1}},
		{"one column names the mother: the father stays, order kept", []GuardianInput{dad, mum}, []GuardianInput{mum}, []GuardianInput{dad, mum}, []int{0, 1}},
		{"a new phone, found by name", []GuardianInput{dad, mum}, []GuardianInput{{"李娜", "", "13911112222"}},
			[]GuardianInput{dad, {"李娜", "母亲", "13911112222"}}, []int{0, 1}},
		{"a new spelling, found by phone", []GuardianInput{dad}, []GuardianInput{{"张达山", "", "13812341234"}},
			[]GuardianInput{{"张达山", "父亲", "13812341234"}}, []int{0}},
		{"a phone-only column keeps the name", []GuardianInput{dad}, []GuardianInput{{"", "", "13812341234"}}, []GuardianInput{dad}, []int{0}},
		{"fewer named than stored: a new one is added", []GuardianInput{dad, mum}, []GuardianInput{gran}, []GuardianInput{dad, mum, gran}, []int{0, 1, -1}},
		{"as many named as stored: the unnamed one was replaced", []GuardianInput{dad, mum}, []GuardianInput{dad, gran},
			[]GuardianInput{dad, gran}, []int{0, -1}},
		{"a first guardian", nil, []GuardianInput{mum}, []GuardianInput{mum}, []int{-1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, from := mergeGuardians(tt.stored, tt.row)
			if !slices.Equal(got, tt.want) || !slices.Equal(from, tt.wantFrom) {
				t.Errorf("merge = %v from %v; want %v from %v", got, from, tt.want, tt.wantFrom)
			}
		})
	}
}

func TestPlanRosterChanges(t *testing.T) {
	defer i18n.SetLanguage(i18n.Language())
	i18n.SetLanguage(i18n.Chinese)
	classes := []*Class{{ID: 1, Grade: 3, Name: "2班"}, {ID: 2, Grade: 3, Name: "3班"}}
	dad := GuardianInput{"张大山", "父亲", "13812341234"}
	st := RosterState{Classes: classes, Students: []RosterStudent{
		{ID: 10, Status: StatusActive, Name: "张三", Gender: GenderMale, StudentNo: "2026001", ClassID: 1, ClassLabel: "三年级2班",
			Guardians: []GuardianInput{dad, {"李娜", "母亲", "13900001111"}}},
	}}
	rows := []RosterRow{{Line: 2, Name: "张三", StudentNo: "2026001", ClassText: "3.3",
		Guardians: []GuardianInput{dad, {"王奶奶", "奶奶", "13700002222"}}}}
	plan, _ := PlanRoster(rows, st)
	if plan.Updated != 1 || plan.Removals != 1 {
		t.Fatalf("updated %d, removals %d; want 1 and 1", plan.Updated, plan.Removals)
	}
	var got []string
	for _, c := range plan.Items[0].Changes {
		got = append(got, c.String())
	}
	want := []string{"监护人：移除 李娜（母亲）13900001111", "班级：三年级2班 → 三年级3班", "监护人：新增 王奶奶（奶奶）13700002222"}
	if !slices.Equal(got, want) {
		t.Errorf("changes = %q; want %q (removals first; the gender the row leaves empty is kept)", got, want)
	}
}
