package main

import (
	"path/filepath"
	"strings"
	"testing"
)

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
