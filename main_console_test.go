package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"jxj/app"
	"jxj/storage/console"
	jxjsync "jxj/sync"
)

// The bureau console against the real `jxj serve` over HTTPS with a
// self-signed certificate: jxj hub account add makes the administrator
// (password on standard input), the console pins the fingerprint and
// adds a school, which the hub's command line then lists; disabling the
// account from the command line ends the console's session at once.
func TestBureauConsoleEndToEnd(t *testing.T) {
	dir := t.TempDir()
	hubDir := filepath.Join(dir, "hub")
	hub := startConsoleHub(t, dir, hubDir)

	ctx := context.Background()
	console := jxjsync.NewConsoleClient()
	login := app.BureauLogin{HubURL: "https://" + hub.addr, Username: "wang", Password: "bureau-pass-1"}
	if _, err := console.Login(ctx, login); app.ErrorCode(err) != app.EFORBIDDEN || !strings.Contains(err.Error(), hub.fingerprint) {
		t.Fatalf("first login: %v; want the certificate refused, showing %s", err, hub.fingerprint)
	}
	login.Trust.Fingerprint = hub.fingerprint
	if _, err := console.Login(ctx, login); err != nil {
		t.Fatalf("login with the fingerprint pinned: %v", err)
	}
	if _, code, err := console.AddOrg(ctx, app.HubOrgDraft{Name: "城关镇第一小学", Kind: app.OrgPrimary}); err != nil || code == "" {
		t.Fatalf("add a school from the console: %q %v", code, err)
	}
	if code, out, _ := jxj(t, "hub", "org", "list", "--data", hubDir); code != 0 || !strings.Contains(out, "城关镇第一小学") {
		t.Errorf("hub org list after the console added a school: %d\n%s", code, out)
	}
	if code, out, errOut := jxj(t, "hub", "account", "disable", "--data", hubDir, "wang"); code != 0 {
		t.Fatalf("hub account disable: %d %s%s", code, out, errOut)
	}
	if _, err := console.Orgs(ctx); app.ErrorCode(err) != app.EUNAUTHORIZED {
		t.Errorf("the console after its account was disabled: %v, want the session ended", err)
	}
}

// The console's offline copy against the real hub: what it fetched shows
// when the hub stops, marked with its time, and at the next start
// (browsed without a login) read-only; once the hub is back a login reads
// it fresh.
func TestBureauConsoleOfflineCopy(t *testing.T) {
	dir := t.TempDir()
	hubDir := filepath.Join(dir, "hub")
	hub := startConsoleHub(t, dir, hubDir)
	ctx := context.Background()
	files := console.Files{Dir: filepath.Join(dir, "console")}
	c := files.Cache(jxjsync.NewConsoleClient())
	login := app.BureauLogin{HubURL: "https://" + hub.addr, Trust: app.HubTrust{Fingerprint: hub.fingerprint}, Username: "wang", Password: "bureau-pass-1"}
	if _, err := c.Login(ctx, login); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.AddOrg(ctx, app.HubOrgDraft{Name: "城关镇第一小学", Kind: app.OrgPrimary, Township: "城关镇"}); err != nil {
		t.Fatal(err)
	}
	if orgs, err := c.Orgs(ctx); err != nil || len(orgs) != 1 {
		t.Fatalf("Orgs with the hub up: %v, %v", orgs, err)
	}

	hub.kill()
	orgs, err := c.Orgs(ctx)
	if _, stale := app.BureauStale(err); !stale || len(orgs) != 1 || orgs[0].Name != "城关镇第一小学" {
		t.Fatalf("Orgs with the hub down = %v, %v; want the copy", orgs, err)
	}
	next := files.Cache(jxjsync.NewConsoleClient())
	if _, err := next.Login(ctx, login); !app.BureauOffline(err) {
		t.Fatalf("login with the hub down: %v, want it unreachable", err)
	}
	if !next.Browse(login.HubURL) {
		t.Fatal("the next start finds no copy to browse")
	}
	if orgs, err := next.Orgs(ctx); len(orgs) != 1 || !app.BureauOffline(err) {
		t.Errorf("Orgs browsing the copy = %v, %v", orgs, err)
	}
	if err := next.RevokeOrg(ctx, orgs[0].ID); err == nil {
		t.Error("a change went through while browsing the copy")
	}

	hub.start()
	login.HubURL = "https://" + hub.addr
	if _, err := next.Login(ctx, login); err != nil {
		t.Fatalf("login with the hub back: %v", err)
	}
	if orgs, err := next.Orgs(ctx); err != nil || len(orgs) != 1 {
		t.Errorf("Orgs with the hub back = %v, %v; want them fresh", orgs, err)
	}
}

// startConsoleHub starts jxj serve on hubDir over HTTPS with a self-
// signed certificate made in dir, with the bureau administrator wang
// (password bureau-pass-1) made by jxj hub account add, the password on
// standard input.
func startConsoleHub(t *testing.T, dir, hubDir string) *hubProcess {
	t.Helper()
	cert, key := filepath.Join(dir, "hub.pem"), filepath.Join(dir, "hub-key.pem")
	if code, out, errOut := jxj(t, "hub", "cert", "--host", "127.0.0.1", "--cert", cert, "--key", key); code != 0 {
		t.Fatalf("hub cert: %d %s%s", code, out, errOut)
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"hub", "account", "add", "--data", hubDir, "--role", "admin", "wang"},
		strings.NewReader("bureau-pass-1\n"), &out, &errOut); code != 0 {
		t.Fatalf("hub account add: %d %s%s", code, out.String(), errOut.String())
	}
	return startHub(t, hubDir, "--tls-cert", cert, "--tls-key", key)
}
