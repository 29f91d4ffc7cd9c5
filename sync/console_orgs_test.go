package sync_test

import (
	"context"
	"testing"

	"jxj/app"
	"jxj/app/i18n"
	jxjsync "jxj/sync"
)

// consoleAs logs a console in to hub as a new account of role.
func consoleAs(t *testing.T, hub *testHub, name string, role app.BureauRole) *jxjsync.ConsoleClient {
	t.Helper()
	mustBureau(t, hub.store, name, "bureau-pass-1", role)
	c := jxjsync.NewConsoleClient()
	if _, err := c.Login(context.Background(), app.BureauLogin{HubURL: hub.srv.URL, Username: name, Password: "bureau-pass-1"}); err != nil {
		t.Fatal(err)
	}
	return c
}

// The administrator's console sees each school's node state, edits a
// school, imports the bureau's list (a dry run first, which writes
// nothing) and gets fresh codes for letters; staff may do none of it.
func TestConsoleOrgWork(t *testing.T) {
	i18n.SetLanguage(i18n.English)
	t.Cleanup(func() { i18n.SetLanguage(i18n.Chinese) })
	ctx := context.Background()
	hub, node, org := enrolled(t)
	mustSync(t, node) // its last sync
	if err := hub.store.RecordNodeStatus(admin, org.ID, app.NodeStatus{Version: "v1.12.0", Conflicts: 2}); err != nil {
		t.Fatal(err)
	}
	c := consoleAs(t, hub, "wang", app.BureauAdmin)
	orgs, err := c.Orgs(ctx)
	if err != nil || len(orgs) != 1 || orgs[0].AppVersion != "v1.12.0" || orgs[0].Conflicts != 2 || orgs[0].LastContact.IsZero() {
		t.Fatalf("orgs %+v %v: want the node's version, its 2 conflicts and its last sync", orgs, err)
	}

	// edit
	name, township, kind := "城关镇第一小学（本部）", "城关镇", app.OrgNineYear
	edited, err := c.EditOrg(ctx, org.ID, app.HubOrgUpdate{Name: &name, Kind: &kind, Township: &township})
	if err != nil || edited.Name != name || edited.Kind != app.OrgNineYear || edited.AppVersion != "v1.12.0" {
		t.Fatalf("edit: %+v %v", edited, err)
	}
	_, err = c.EditOrg(ctx, 999, app.HubOrgUpdate{Name: &name})
	wantKey(t, "edit no school", err, app.ENOTFOUND, "hub.error.org_not_found")
	blank := ""
	_, err = c.EditOrg(ctx, org.ID, app.HubOrgUpdate{Name: &blank})
	if app.ErrorCode(err) != app.EINVALID {
		t.Errorf("a blank name: %v, want refused", err)
	}

	// import: a dry run plans, the import writes
	rows := []app.HubOrgRow{
		{Line: 2, Name: "河口中学", Kind: "初中", Township: "河口乡"},
		{Line: 3, Name: name, Kind: "小学", Township: "城关镇"},
		{Line: 4, Name: "某某大学", Kind: "大学"},
	}
	plan, err := c.ImportOrgs(ctx, rows, true)
	if err != nil || plan.Added != 1 || plan.Updated != 1 || len(plan.Rejected) != 1 {
		t.Fatalf("dry run: %+v %v", plan, err)
	}
	if it := plan.Items[1]; it.Action != app.ActionUpdate || it.MatchID != org.ID || it.Row != 1 || len(it.Changes) != 1 || it.Changes[0].Field != "orgs.field.kind" {
		t.Errorf("the update %+v: want 城关's kind changed", it)
	}
	if r := plan.Rejected[0]; r.Line != 4 || r.Reason == nil || r.Reason.Key != "orgs.error.kind" || r.Reason.Args[0] != "大学" {
		t.Errorf("the refused row %+v: want line 4, an unknown kind", r)
	}
	if orgs, _ := hub.store.Orgs(admin); len(orgs) != 1 {
		t.Fatalf("a dry run wrote: %d schools", len(orgs))
	}
	if plan, err = c.ImportOrgs(ctx, rows, false); err != nil || plan.Added != 1 {
		t.Fatalf("import: %+v %v", plan, err)
	}
	if orgs, _ := hub.store.Orgs(admin); len(orgs) != 2 || hubOrg(t, hub, org.ID).Kind != app.OrgPrimary {
		t.Fatalf("after the import %d schools, want 2 and 城关's kind back to primary", len(orgs))
	}

	// letters: by default those not enrolled; an enrolled one only reissued
	letters, err := c.LetterCodes(ctx, nil, false)
	if err != nil || len(letters) != 1 || letters[0].Org.Name != "河口中学" || letters[0].Code == "" || letters[0].Expires.IsZero() {
		t.Fatalf("letters: %+v %v", letters, err)
	}
	_, err = c.LetterCodes(ctx, []int64{org.ID}, false)
	wantKey(t, "a letter for an enrolled school", err, app.ECONFLICT, "orgs.error.enrolled")
	if letters, err = c.LetterCodes(ctx, []int64{org.ID}, true); err != nil || len(letters) != 1 || letters[0].Org.ID != org.ID {
		t.Fatalf("reissued: %+v %v", letters, err)
	}

	// staff read, nothing more
	staff := consoleAs(t, hub, "li", app.BureauStaff)
	_, err = staff.EditOrg(ctx, org.ID, app.HubOrgUpdate{Name: &blank})
	wantKey(t, "staff edit", err, app.EFORBIDDEN, "hub_accounts.error.admin_only")
	_, err = staff.ImportOrgs(ctx, rows, true)
	wantKey(t, "staff import", err, app.EFORBIDDEN, "hub_accounts.error.admin_only")
	_, err = staff.LetterCodes(ctx, nil, false)
	wantKey(t, "staff letters", err, app.EFORBIDDEN, "hub_accounts.error.admin_only")
	if o := hubOrg(t, hub, org.ID); o.Name != name {
		t.Errorf("staff changed the school: %+v", o)
	}
}

// A school's credential never reaches the console's work on schools, and
// bad input changes nothing.
func TestConsoleOrgWorkRefused(t *testing.T) {
	hub, node, org := enrolled(t)
	st, _ := node.svc.Sync.SyncState(admin)
	mustBureau(t, hub.store, "wang", "bureau-pass-1", app.BureauAdmin)
	sess, err := hub.store.BureauLogin(context.Background(), "wang", "bureau-pass-1")
	if err != nil {
		t.Fatal(err)
	}
	url := hub.srv.URL + jxjsync.PathConsole
	many := make([]map[string]any, app.MaxHubOrgRows+1)
	for i := range many {
		many[i] = map[string]any{"line": i + 2, "name": "学校", "kind": "小学"}
	}
	tests := []struct {
		name, path, token string
		body              any
		want              int
	}{
		{"school edits", "orgs/1", st.Credential, map[string]any{"name": "x"}, 401},
		{"school imports", "orgs/import", st.Credential, map[string]any{"rows": []any{}}, 401},
		{"school asks for letters", "orgs/letters", st.Credential, map[string]any{}, 401},
		{"edit school abc", "orgs/abc", sess.Token, map[string]any{"name": "x"}, 400},
		{"edit to no kind", "orgs/1", sess.Token, map[string]any{"kind": "castle"}, 400},
		{"import not JSON", "orgs/import", sess.Token, "rows", 400},
		{"import too many rows", "orgs/import", sess.Token, map[string]any{"rows": many}, 400},
		{"letters for no school", "orgs/letters", sess.Token, map[string]any{"orgs": []int{42}}, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, body := post(t, url+tt.path, tt.token, tt.body); got != tt.want {
				t.Errorf("POST %s: %d %v, want %d", tt.path, got, body, tt.want)
			}
		})
	}
	orgs, _ := hub.store.Orgs(admin)
	if len(orgs) != 1 || orgs[0].Name != org.Name || orgs[0].Kind != org.Kind {
		t.Errorf("schools after refused requests: %+v", orgs)
	}
}
