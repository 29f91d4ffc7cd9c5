package app

import (
	"testing"

	"jxj/app/i18n"
)

func TestParseOrgKind(t *testing.T) {
	tests := []struct {
		in   string
		want OrgKind
		ok   bool
	}{
		{"小学", OrgPrimary, true},
		{" 完全小学 ", OrgPrimary, true},
		{"初级中学", OrgMiddle, true},
		{"九年一贯制", OrgNineYear, true},
		{"九年制学校", OrgNineYear, true},
		{"高中", OrgHigh, true},
		{"幼儿园", OrgKindergarten, true},
		{"教学点", OrgTeachingPoint, true},
		{"培训学校", OrgTraining, true},
		{"nine_year", OrgNineYear, true},
		{"TEACHING_POINT", OrgTeachingPoint, true},
		{"Nine-year school", OrgNineYear, true}, // the English label
		{"Training institution", OrgTraining, true},
		{"ｐｒｉｍａｒｙ", OrgPrimary, true}, // full-width, as IMEs type it
		{"大学", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseOrgKind(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ParseOrgKind(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// Every kind has a label in every language, and reads back from it.
func TestOrgKindLabels(t *testing.T) {
	for _, k := range OrgKinds {
		for _, lang := range i18n.Languages {
			label := i18n.TIn(lang, "org.kind."+string(k))
			if !i18n.Has(lang, "org.kind."+string(k)) {
				t.Errorf("%s has no label in %s", k, lang)
			}
			if got, ok := ParseOrgKind(label); !ok || got != k {
				t.Errorf("%s label %q reads as %q", lang, label, got)
			}
		}
	}
}

func TestPlanHubOrgs(t *testing.T) {
	existing := []*HubOrg{
		{ID: 1, Name: "中心小学", Kind: OrgPrimary, Township: "城关镇"},
		{ID: 2, Name: "中心小学", Kind: OrgPrimary, Township: "河口镇"},
		{ID: 3, Name: "河口中学", Kind: OrgMiddle, Township: ""},
		{ID: 4, Name: "李家教学点", Kind: OrgTeachingPoint, Township: "河口镇"},
	}
	tests := []struct {
		name   string
		row    HubOrgRow
		action ImportAction
		match  int64
		reason string // the key of a rejection
		want   HubOrgDraft
	}{
		{"same name, other township: that one", HubOrgRow{Name: "中心小学", Kind: "九年一贯制", Township: "河口镇"},
			ActionUpdate, 2, "", HubOrgDraft{"中心小学", OrgNineYear, "河口镇"}},
		{"unchanged", HubOrgRow{Name: "中心小学", Kind: "小学", Township: "城关镇"},
			ActionUnchanged, 1, "", HubOrgDraft{"中心小学", OrgPrimary, "城关镇"}},
		{"blank kind keeps it", HubOrgRow{Name: "李家教学点", Township: "河口镇"},
			ActionUnchanged, 4, "", HubOrgDraft{"李家教学点", OrgTeachingPoint, "河口镇"}},
		{"a township for the one without", HubOrgRow{Name: "河口中学", Kind: "初中", Township: "河口镇"},
			ActionUpdate, 3, "", HubOrgDraft{"河口中学", OrgMiddle, "河口镇"}},
		{"a name in a new township is a new school", HubOrgRow{Name: "中心小学", Kind: "小学", Township: "石门乡"},
			ActionAdd, 0, "", HubOrgDraft{"中心小学", OrgPrimary, "石门乡"}},
		{"new, spaces cleaned", HubOrgRow{Name: " 阳光 培训 ", Kind: "培训机构"},
			ActionAdd, 0, "", HubOrgDraft{"阳光培训", OrgTraining, ""}},
		{"new without kind", HubOrgRow{Name: "新学校", Township: "城关镇"}, 0, 0, "orgs.error.kind_missing", HubOrgDraft{}},
		{"unknown kind", HubOrgRow{Name: "某大学", Kind: "大学"}, 0, 0, "orgs.error.kind", HubOrgDraft{}},
		{"no name", HubOrgRow{Kind: "小学"}, 0, 0, "org.error.name_missing", HubOrgDraft{}},
		{"long township", HubOrgRow{Name: "某校", Kind: "小学", Township: "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三"},
			0, 0, "orgs.error.township_long", HubOrgDraft{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.row.Line = 2
			plan, drafts := PlanHubOrgs(existing, []HubOrgRow{tt.row})
			if tt.reason != "" {
				if len(plan.Rejected) != 1 || plan.Rejected[0].Reason.Key != tt.reason || len(plan.Items) != 0 {
					t.Fatalf("rejected %+v, items %d; want one rejection %s", plan.Rejected, len(plan.Items), tt.reason)
				}
				return
			}
			if len(plan.Items) != 1 || len(plan.Rejected) != 0 {
				t.Fatalf("items %d, rejected %+v; want one item", len(plan.Items), plan.Rejected)
			}
			it := plan.Items[0]
			if it.Action != tt.action || it.MatchID != tt.match || drafts[0] != tt.want {
				t.Errorf("got %v match %d %+v; want %v match %d %+v", it.Action, it.MatchID, drafts[0], tt.action, tt.match, tt.want)
			}
			if (it.Action == ActionUpdate) != (len(it.Changes) > 0) {
				t.Errorf("action %v with changes %+v", it.Action, it.Changes)
			}
		})
	}
}

// The same school twice in a file: the second row is rejected naming the
// first.
func TestPlanHubOrgsDuplicateRow(t *testing.T) {
	plan, _ := PlanHubOrgs(nil, []HubOrgRow{
		{Line: 2, Name: "中心小学", Kind: "小学", Township: "城关镇"},
		{Line: 3, Name: "中心小学", Kind: "初中", Township: "城关镇"},
		{Line: 4, Name: "中心小学", Kind: "小学", Township: "河口镇"},
	})
	if plan.Added != 2 || len(plan.Rejected) != 1 || plan.Rejected[0].Line != 3 || plan.Rejected[0].Reason.Args[0] != 2 {
		t.Errorf("added %d, rejected %+v; want 2 added and row 3 rejected naming row 2", plan.Added, plan.Rejected)
	}
}

// The school without a township is given one by one row only: another
// row of that name in another township is another school.
func TestPlanHubOrgsAdoptOnce(t *testing.T) {
	existing := []*HubOrg{{ID: 3, Name: "河口中学", Kind: OrgMiddle}}
	plan, drafts := PlanHubOrgs(existing, []HubOrgRow{
		{Line: 2, Name: "河口中学", Kind: "初中", Township: "河口镇"},
		{Line: 3, Name: "河口中学", Kind: "初中", Township: "石门乡"},
	})
	if plan.Updated != 1 || plan.Added != 1 || plan.Items[0].MatchID != 3 || plan.Items[1].MatchID != 0 || drafts[1].Township != "石门乡" {
		t.Errorf("plan %+v; want row 2 to update school 3 and row 3 to add one", plan.Items)
	}
}
