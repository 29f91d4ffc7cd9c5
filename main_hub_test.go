package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"jxj/app/demo"
)

// fingerprintRE finds a certificate fingerprint as jxj writes it.
var fingerprintRE = regexp.MustCompile(`SHA256(:[0-9A-F]{2}){32}`)

// A self-signed hub from end to end: jxj hub cert makes the certificate
// and prints its fingerprint, jxj serve logs the same one (and names a
// missing file as missing), a school's enrolment without the fingerprint
// is refused showing it, with it the school enrols and syncs, and jxj
// sync status says the certificate is pinned.
func TestHubTLSEndToEnd(t *testing.T) {
	dir := t.TempDir()
	cert, key := filepath.Join(dir, "hub.pem"), filepath.Join(dir, "hub-key.pem")
	code, out, errOut := jxj(t, "hub", "cert", "--host", "127.0.0.1,localhost", "--cert", cert, "--key", key)
	fp := fingerprintRE.FindString(out)
	if code != 0 || fp == "" {
		t.Fatalf("hub cert: exit %d\n%s%s; want the fingerprint", code, out, errOut)
	}
	if info, err := os.Stat(key); err != nil || (runtime.GOOS != "windows" && info.Mode().Perm() != 0o600) {
		t.Errorf("the key file: %v %v, want it readable by its owner only", info, err)
	}
	before, _ := os.ReadFile(cert)
	if code, _, errOut := jxj(t, "hub", "cert", "--host", "127.0.0.1", "--cert", cert, "--key", filepath.Join(dir, "k2.pem")); code != 1 || !strings.Contains(errOut, "已经存在") {
		t.Errorf("hub cert over an existing file: exit %d %q, want 1 and why", code, errOut)
	}
	if after, _ := os.ReadFile(cert); !bytes.Equal(before, after) {
		t.Error("hub cert overwrote the certificate")
	}
	if _, err := os.Stat(filepath.Join(dir, "k2.pem")); err == nil {
		t.Error("hub cert left a key without its certificate")
	}

	hubDir, school := filepath.Join(dir, "hub"), filepath.Join(dir, "school")
	missing := filepath.Join(dir, "missing.pem")
	if code, _, errOut := jxj(t, "serve", "--data", hubDir, "--tls-cert", missing, "--tls-key", key); code != 1 ||
		!strings.Contains(errOut, missing) || !strings.Contains(errOut, "不存在") || strings.Contains(errOut, "端口") {
		t.Errorf("serve with a missing certificate: exit %d %q, want 1 naming the missing file, not the port", code, errOut)
	}
	code, out, errOut = jxj(t, "hub", "org", "add", "--data", hubDir, "--name", "城关镇第一小学", "--type", "primary")
	enrolCode := enrolCodeRE.FindString(out)
	if code != 0 || enrolCode == "" {
		t.Fatalf("hub org add: %d %s%s", code, out, errOut)
	}
	hub := startHub(t, hubDir, "--tls-cert", cert, "--tls-key", key)
	if hub.fingerprint != fp {
		t.Errorf("jxj serve logged the fingerprint %q, want %s", hub.fingerprint, fp)
	}
	if code, out, errOut := jxj(t, "demo", "--data", school); code != 0 {
		t.Fatalf("demo: %d %s%s", code, out, errOut)
	}
	actAs(t, demo.AdminUser)
	url := "https://" + hub.addr
	code, _, errOut = jxj(t, "enrol", "--data", school, "--hub", url, "--code", enrolCode)
	if code != 1 || !strings.Contains(errOut, fp) || !strings.Contains(errOut, "--fingerprint") {
		t.Errorf("enrol without the fingerprint: exit %d %q, want 1 showing the fingerprint and how to give it", code, errOut)
	}
	if code, out, errOut := jxj(t, "enrol", "--data", school, "--hub", url, "--code", enrolCode, "--fingerprint", fp); code != 0 || !strings.Contains(out, fp) {
		t.Fatalf("enrol with the fingerprint: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := jxj(t, "sync", "--data", school); code != 0 {
		t.Errorf("sync with the pinned hub: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ := jxj(t, "sync", "status", "--data", school); code != 0 || !strings.Contains(out, "连接方式：HTTPS，只信任注册时固定的证书："+fp) {
		t.Errorf("sync status: exit %d\n%s; want the pinned fingerprint", code, out)
	}
}

// The bureau's admin tokens and re-enrolment codes through the command
// line: a token is listed with its number and expiry and can be revoked;
// hub org code --revoke-now says the old credential stopped.
func TestHubTokensEndToEnd(t *testing.T) {
	hub := filepath.Join(t.TempDir(), "hub")
	code, out, errOut := jxj(t, "hub", "token", "--data", hub, "--days", "7")
	if token := strings.TrimSpace(out); code != 0 || len(token) < 40 || strings.ContainsAny(token, " \n") || !strings.Contains(errOut, "编号 1") {
		t.Fatalf("hub token: exit %d, stdout %q, stderr %q; want the token alone and its number on stderr", code, out, errOut)
	}
	if code, _, errOut := jxj(t, "hub", "token", "--data", hub, "--days", "400"); code != 1 || !strings.Contains(errOut, "1 至 365 天") {
		t.Errorf("hub token --days 400: exit %d, %q; want 1 and the allowed range", code, errOut)
	}
	code, out, _ = jxj(t, "hub", "token", "list", "--data", hub)
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[1], "1 ") ||
		!strings.HasSuffix(lines[1], "有效") {
		t.Errorf("hub token list: exit %d\n%s; want token 1 valid", code, out)
	}
	if code, out, errOut := jxj(t, "hub", "token", "revoke", "--data", hub, "1"); code != 0 || !strings.Contains(out, "已撤销管理员令牌 1") {
		t.Errorf("hub token revoke 1: exit %d %q %q", code, out, errOut)
	}
	code, out, _ = jxj(t, "hub", "token", "list", "--data", hub)
	if code != 0 || !strings.Contains(out, "撤销") || strings.Contains(out, "有效") {
		t.Errorf("hub token list after the revocation: exit %d\n%s; want it revoked", code, out)
	}
	if code, _, errOut := jxj(t, "hub", "token", "revoke", "--data", hub, "1"); code != 1 || !strings.Contains(errOut, "已经撤销过") {
		t.Errorf("revoking twice: exit %d %q; want 1 and why", code, errOut)
	}

	if code, _, errOut := jxj(t, "hub", "org", "add", "--data", hub, "--name", "城关镇第一小学", "--type", "primary"); code != 0 {
		t.Fatalf("hub org add: %d %s", code, errOut)
	}
	code, out, errOut = jxj(t, "hub", "org", "code", "--data", hub, "--revoke-now", "1")
	if code != 0 || !strings.Contains(out, "注册码") || !strings.Contains(out, "现有的凭证已停用") {
		t.Errorf("hub org code --revoke-now 1: exit %d\n%s%s", code, out, errOut)
	}

	// a wrong number says which argument was wrong, in a sentence
	for _, args := range [][]string{{"hub", "org", "code", "--data", hub, "abc"}, {"hub", "token", "revoke", "--data", hub, "abc"}} {
		code, _, errOut := jxj(t, args...)
		if code != 2 || !strings.Contains(errOut, "“abc”") || strings.Contains(errOut, "%!") {
			t.Errorf("%v: exit %d %q; want 2 naming “abc”", args, code, errOut)
		}
	}
}
