package sync_test

import (
	"net/http"
	"testing"

	"jxj/app"
	jxjsync "jxj/sync"
)

// hubOrg is the school as the hub lists it.
func hubOrg(t *testing.T, hub *testHub, id int64) *app.HubOrg {
	t.Helper()
	orgs, err := hub.store.Orgs(admin)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if o.ID == id {
			return o
		}
	}
	t.Fatalf("school %d not on the hub", id)
	return nil
}

// The node tells the hub its version and its waiting conflicts with its
// sync requests; the hub keeps them on the school, for the bureau.
func TestNodeStatusReachesHub(t *testing.T) {
	hub, node, org := enrolled(t)
	if o := hubOrg(t, hub, org.ID); o.AppVersion != "" {
		t.Fatalf("version before any sync = %q, want none", o.AppVersion)
	}
	receiptOfRevoked(t, hub, node) // syncs twice on the way
	if o := hubOrg(t, hub, org.ID); o.AppVersion != "test" || o.Conflicts != 0 || o.LastContact.IsZero() {
		t.Fatalf("after a sync: version %q, conflicts %d, last contact %v; want test, 0, set", o.AppVersion, o.Conflicts, o.LastContact)
	}
	// the receipt is rejected: a conflict waits at the school
	if run := mustSync(t, node); run.Rejected != 1 {
		t.Fatalf("rejected %d, want 1", run.Rejected)
	}
	mustSync(t, node) // the next sync reports it
	if o := hubOrg(t, hub, org.ID); o.Conflicts != 1 {
		t.Errorf("conflicts on the hub = %d, want 1", o.Conflicts)
	}
}

// A header the hub does not understand is left: the request is served
// and nothing is kept.
func TestNodeStatusBadHeader(t *testing.T) {
	hub, _, org := enrolled(t)
	_, code, err := hub.store.AddOrg(admin, app.HubOrgDraft{Name: "河口中学", Kind: app.OrgMiddle})
	if err != nil {
		t.Fatal(err)
	}
	status, body := post(t, hub.srv.URL+jxjsync.PathEnrol, "", jxjsync.EnrolRequest{Code: code})
	credential, _ := body["credential"].(string)
	if status != http.StatusOK || credential == "" {
		t.Fatalf("enrol: %d %v", status, body)
	}
	for _, conflicts := range []string{"many", "-1"} {
		req, err := http.NewRequest(http.MethodGet, hub.srv.URL+jxjsync.PathFeed+"?after=0", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+credential)
		req.Header.Set(jxjsync.HeaderVersion, "9.9")
		req.Header.Set(jxjsync.HeaderConflicts, conflicts)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("conflicts %q: status %d, want 200", conflicts, resp.StatusCode)
		}
	}
	orgs, err := hub.store.Orgs(admin)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if o.ID != org.ID && (o.AppVersion != "" || o.Conflicts != 0) {
			t.Errorf("kept %q, %d from bad headers", o.AppVersion, o.Conflicts)
		}
	}
}
