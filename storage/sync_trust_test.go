package storage

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"

	"jxj/app"
)

// The hub's trust is stored with the enrolment and read back with the
// state; enrolling again replaces it.
func TestEnrolmentKeepsTrust(t *testing.T) {
	db := MustOpenDB(t)
	ss := &syncStore{db: db}
	const fp = "SHA256:3A:F1:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD"
	for _, e := range []app.Enrolment{
		{HubURL: "https://192.0.2.10:8443", Trust: app.HubTrust{Fingerprint: fp}, Org: "o", Credential: "c", Epoch: "e"},
		{HubURL: "http://192.0.2.10:8420", Trust: app.HubTrust{Insecure: true}, Org: "o", Credential: "c2", Epoch: "e2"},
	} {
		if err := ss.SaveEnrolment(adminCtx, e); err != nil {
			t.Fatal(err)
		}
		st, err := ss.SyncState(adminCtx)
		if err != nil || st.HubURL != e.HubURL || st.Trust != e.Trust {
			t.Errorf("state after enrolling %+v: %+v %v, want its trust kept", e, st, err)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'sync.enrol' AND detail LIKE '%fingerprint=SHA256:3A:F1%'`); n != 1 {
		t.Errorf("%d audit rows name the pinned fingerprint, want 1", n)
	}
}

// A school enrolled over plain http:// before the node checked it (its
// hub ran with --insecure) keeps syncing after the upgrade; one enrolled
// over https:// does not get the choice.
func TestHubTrustMigration(t *testing.T) {
	all := migrationFS
	t.Cleanup(func() { migrationFS = all })
	before := fstest.MapFS{}
	files, err := fs.Glob(all, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f < "0008" {
			data, err := fs.ReadFile(all, f)
			if err != nil {
				t.Fatal(err)
			}
			before[f] = &fstest.MapFile{Data: data}
		}
	}
	for _, tt := range []struct {
		url      string
		insecure bool
	}{
		{"http://192.0.2.10:8420", true},
		{"https://192.0.2.10:8443", false},
	} {
		migrationFS = before
		dir := t.TempDir()
		db, err := Open(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.w.Exec(`UPDATE sync_state SET hub_url = ?, credential = 'c' WHERE id = 1`, tt.url)
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		migrationFS = all
		st, err := (&syncStore{db: mustOpenDir(t, dir)}).SyncState(adminCtx)
		if err != nil || st.Trust != (app.HubTrust{Insecure: tt.insecure}) {
			t.Errorf("%s after the upgrade: %+v %v, want insecure %v", tt.url, st, err, tt.insecure)
		}
	}
}
