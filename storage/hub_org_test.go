package storage

import (
	"context"
	"strings"
	"testing"

	"jxj/app"
)

func ptr[T any](v T) *T { return &v }

// addOrg adds a school and returns it with its code.
func addOrg(t *testing.T, h *Hub, name string, kind app.OrgKind, township string) (*app.HubOrg, string) {
	t.Helper()
	o, code, err := h.AddOrg(context.Background(), app.HubOrgDraft{Name: name, Kind: kind, Township: township})
	if err != nil {
		t.Fatalf("AddOrg(%s): %v", name, err)
	}
	return o, code
}

func TestEditOrg(t *testing.T) {
	ctx := context.Background()
	now := testNow
	h := mustOpenHub(t, t.TempDir(), &now)
	a, _ := addOrg(t, h, "中心小学", app.OrgPrimary, "城关镇")
	addOrg(t, h, "中心小学", app.OrgPrimary, "河口镇") // the same name in another township is another school

	tests := []struct {
		name      string
		id        int64
		u         app.HubOrgUpdate
		code, key string
		want      app.HubOrgDraft
	}{
		{"kind", a.ID, app.HubOrgUpdate{Kind: ptr(app.OrgNineYear)}, "", "",
			app.HubOrgDraft{Name: "中心小学", Kind: app.OrgNineYear, Township: "城关镇"}},
		{"name and township, spaces cleaned", a.ID, app.HubOrgUpdate{Name: ptr("  城关  中心小学 "), Township: ptr("城关学区")}, "", "",
			app.HubOrgDraft{Name: "城关中心小学", Kind: app.OrgNineYear, Township: "城关学区"}},
		{"taken in that township", a.ID, app.HubOrgUpdate{Name: ptr("中心小学"), Township: ptr("河口镇")}, app.ECONFLICT, "orgs.error.exists_in_township",
			app.HubOrgDraft{Name: "城关中心小学", Kind: app.OrgNineYear, Township: "城关学区"}},
		{"bad kind", a.ID, app.HubOrgUpdate{Kind: ptr(app.OrgKind("university"))}, app.EINVALID, "orgs.error.kind",
			app.HubOrgDraft{Name: "城关中心小学", Kind: app.OrgNineYear, Township: "城关学区"}},
		{"blank name", a.ID, app.HubOrgUpdate{Name: ptr("  ")}, app.EINVALID, "org.error.name_missing",
			app.HubOrgDraft{Name: "城关中心小学", Kind: app.OrgNineYear, Township: "城关学区"}},
		{"long township", a.ID, app.HubOrgUpdate{Township: ptr(strings.Repeat("镇", app.MaxTownshipLen+1))}, app.EINVALID, "orgs.error.township_long",
			app.HubOrgDraft{Name: "城关中心小学", Kind: app.OrgNineYear, Township: "城关学区"}},
		{"no such school", 99, app.HubOrgUpdate{Kind: ptr(app.OrgHigh)}, app.ENOTFOUND, "hub.error.org_not_found",
			app.HubOrgDraft{Name: "城关中心小学", Kind: app.OrgNineYear, Township: "城关学区"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.EditOrg(ctx, tt.id, tt.u)
			if tt.code != "" {
				wantCode(t, err, tt.code, tt.key)
			} else if err != nil {
				t.Fatal(err)
			}
			o, err := loadHubOrg(ctx, h.db.r, `WHERE id = ?`, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got := (app.HubOrgDraft{Name: o.Name, Kind: o.Kind, Township: o.Township}); got != tt.want {
				t.Errorf("stored %+v, want %+v", got, tt.want)
			}
		})
	}
	if n := count(t, h.db, `SELECT COUNT(*) FROM audit WHERE action = 'org.edit' AND target = ?`, a.UUID); n != 2 {
		t.Errorf("org.edit audit rows = %d, want 2 (one per edit that changed something)", n)
	}
	if _, err := h.EditOrg(ctx, a.ID, app.HubOrgUpdate{Kind: ptr(app.OrgNineYear)}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, h.db, `SELECT COUNT(*) FROM audit WHERE action = 'org.edit'`); n != 2 {
		t.Errorf("an edit that changes nothing wrote an audit row (%d rows)", n)
	}
}

func TestImportOrgs(t *testing.T) {
	ctx := context.Background()
	now := testNow
	h := mustOpenHub(t, t.TempDir(), &now)
	addOrg(t, h, "城关一小", app.OrgPrimary, "城关镇")
	addOrg(t, h, "河口中学", app.OrgMiddle, "") // no township yet: the list gives it one

	rows := []app.HubOrgRow{
		{Line: 2, Name: "城关一小", Kind: "九年一贯制", Township: "城关镇"}, // update: kind
		{Line: 3, Name: "河口中学", Kind: "", Township: "河口镇"},      // update: township, kind kept
		{Line: 4, Name: "李家教学点", Kind: "教学点", Township: "河口镇"},  // add
		{Line: 5, Name: "阳光培训", Kind: "培训机构", Township: ""},     // add
		{Line: 6, Name: "", Kind: "小学", Township: "城关镇"},        // blank name
		{Line: 7, Name: "某大学", Kind: "大学", Township: "城关镇"},     // bad kind
		{Line: 8, Name: "新建小学", Kind: "", Township: "城关镇"},      // a new school needs a kind
		{Line: 9, Name: "李家教学点", Kind: "小学", Township: "河口镇"},   // twice in the file
	}
	before := count(t, h.db, `SELECT COUNT(*) FROM audit`)
	plan, err := h.ImportOrgs(ctx, rows, true)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Added != 2 || plan.Updated != 2 || plan.Unchanged != 0 || len(plan.Rejected) != 4 {
		t.Fatalf("plan: added %d updated %d unchanged %d rejected %d, want 2 2 0 4", plan.Added, plan.Updated, plan.Unchanged, len(plan.Rejected))
	}
	wantReasons := map[int]string{6: "org.error.name_missing", 7: "orgs.error.kind", 8: "orgs.error.kind_missing", 9: "orgs.error.duplicate_row"}
	for _, r := range plan.Rejected {
		if r.Reason.Key != wantReasons[r.Line] {
			t.Errorf("row %d rejected with %s, want %s", r.Line, r.Reason.Key, wantReasons[r.Line])
		}
	}
	changes := map[string]int{}
	for _, it := range plan.Changed() {
		for _, c := range it.Changes {
			changes[it.Name+" "+c.Field]++
		}
	}
	if changes["城关一小 orgs.field.kind"] != 1 || changes["河口中学 orgs.field.township"] != 1 || len(changes) != 2 {
		t.Errorf("changes = %v, want 城关一小's kind and 河口中学's township", changes)
	}
	if n := count(t, h.db, `SELECT COUNT(*) FROM hub_orgs`); n != 2 {
		t.Errorf("a dry run wrote schools: %d, want 2", n)
	}
	if n := count(t, h.db, `SELECT COUNT(*) FROM audit`); n != before {
		t.Errorf("a dry run wrote audit rows: %d, want %d", n, before)
	}

	if _, err := h.ImportOrgs(ctx, rows, false); err != nil {
		t.Fatal(err)
	}
	orgs, err := h.Orgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, o := range orgs {
		got[o.Name] = string(o.Kind) + "@" + o.Township
	}
	want := map[string]string{"城关一小": "nine_year@城关镇", "河口中学": "middle@河口镇", "李家教学点": "teaching_point@河口镇", "阳光培训": "training@"}
	if len(got) != len(want) {
		t.Errorf("schools after the import = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if n := count(t, h.db, `SELECT COUNT(*) FROM hub_enrol_codes e JOIN hub_orgs o ON o.id = e.org_id WHERE o.name IN ('李家教学点', '阳光培训')`); n != 0 {
		t.Errorf("imported schools got %d codes; a letter run issues them", n)
	}
	if n := count(t, h.db, `SELECT COUNT(*) FROM audit WHERE detail LIKE '%import'`); n != 4 {
		t.Errorf("import audit rows = %d, want 4", n)
	}

	// the same list again: nothing new, nothing doubled
	plan, err = h.ImportOrgs(ctx, rows, false)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Added != 0 || plan.Updated != 0 || plan.Unchanged != 4 {
		t.Errorf("re-import: added %d updated %d unchanged %d, want 0 0 4", plan.Added, plan.Updated, plan.Unchanged)
	}
	if n := count(t, h.db, `SELECT COUNT(*) FROM hub_orgs`); n != 4 {
		t.Errorf("schools after re-import = %d, want 4", n)
	}
}

func TestLetterCodes(t *testing.T) {
	ctx := context.Background()
	now := testNow
	h := mustOpenHub(t, t.TempDir(), &now)
	enrolled, code := addOrg(t, h, "城关一小", app.OrgPrimary, "城关镇")
	if _, _, _, err := h.Enrol(ctx, code); err != nil {
		t.Fatal(err)
	}
	waiting, oldCode := addOrg(t, h, "河口中学", app.OrgMiddle, "河口镇")
	revoked, _ := addOrg(t, h, "阳光培训", app.OrgTraining, "")
	if err := h.RevokeOrg(ctx, revoked.ID); err != nil {
		t.Fatal(err)
	}

	letters, err := h.LetterCodes(ctx, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(letters) != 1 || letters[0].Org.ID != waiting.ID {
		t.Fatalf("letters = %+v, want one for %s only", letters, waiting.Name)
	}
	if want := testNow.Add(enrolCodeLife); !letters[0].Expires.Equal(want) {
		t.Errorf("expires %v, want %v", letters[0].Expires, want)
	}
	if _, _, _, err := h.Enrol(ctx, oldCode); err == nil {
		t.Error("the code printed before the letter still enrols")
	}
	if o, _, _, err := h.Enrol(ctx, letters[0].Code); err != nil || o.ID != waiting.ID {
		t.Errorf("the letter's code: %v, %v", o, err)
	}

	_, err = h.LetterCodes(ctx, []int64{enrolled.ID}, false)
	wantCode(t, err, app.ECONFLICT, "orgs.error.enrolled")
	_, err = h.LetterCodes(ctx, []int64{99}, false)
	wantCode(t, err, app.ENOTFOUND, "orgs.error.not_found")
	_, err = h.LetterCodes(ctx, nil, false)
	wantCode(t, err, app.ENOTFOUND, "orgs.error.none_to_enrol")

	letters, err = h.LetterCodes(ctx, []int64{enrolled.ID, revoked.ID}, true)
	if err != nil || len(letters) != 2 {
		t.Fatalf("chosen letters with reissue: %d, %v", len(letters), err)
	}
	if n := count(t, h.db, `SELECT COUNT(*) FROM audit WHERE action = 'org.code' AND detail = 'letter'`); n != 3 {
		t.Errorf("letter audit rows = %d, want 3", n)
	}
}

func TestRecordNodeStatus(t *testing.T) {
	ctx := context.Background()
	now := testNow
	h := mustOpenHub(t, t.TempDir(), &now)
	o, _ := addOrg(t, h, "城关一小", app.OrgPrimary, "城关镇")
	if err := h.RecordNodeStatus(ctx, o.ID, app.NodeStatus{Version: "0.3.0", Conflicts: 2}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []app.NodeStatus{{Version: "", Conflicts: 1}, {Version: "1", Conflicts: -1},
		{Version: strings.Repeat("9", app.MaxNodeVersion+1)}, {Version: "1.0\x00"}, {Version: "\xff"}} {
		err := h.RecordNodeStatus(ctx, o.ID, bad)
		wantCode(t, err, app.EINVALID, "orgs.error.node_status")
	}
	got, err := loadHubOrg(ctx, h.db.r, `WHERE id = ?`, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.AppVersion != "0.3.0" || got.Conflicts != 2 {
		t.Errorf("status = %q, %d; want 0.3.0, 2", got.AppVersion, got.Conflicts)
	}
}
