package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"jxj/app"
	jxjsync "jxj/sync"
)

// The bureau console against the real `jxj serve` over HTTPS with a
// self-signed certificate: jxj hub account add makes the administrator
// (password on standard input), the console pins the fingerprint and
// adds a school, which the hub's command line then lists; disabling the
// account from the command line ends the console's session at once.
func TestBureauConsoleEndToEnd(t *testing.T) {
	dir := t.TempDir()
	cert, key, hubDir := filepath.Join(dir, "hub.pem"), filepath.Join(dir, "hub-key.pem"), filepath.Join(dir, "hub")
	if code, out, errOut := jxj(t, "hub", "cert", "--host", "127.0.0.1", "--cert", cert, "--key", key); code != 0 {
		t.Fatalf("hub cert: %d %s%s", code, out, errOut)
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"hub", "account", "add", "--data", hubDir, "--role", "admin", "wang"},
		strings.NewReader("bureau-pass-1\n"), &out, &errOut); code != 0 {
		t.Fatalf("hub account add: %d %s%s", code, out.String(), errOut.String())
	}
	hub := startHub(t, hubDir, "--tls-cert", cert, "--tls-key", key)

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
