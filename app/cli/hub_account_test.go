package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// fakeBureauHub is a hub whose bureau accounts live in a map; any other
// method of app.HubStore panics (the nil interface), so a test fails if a
// command reaches for one.
type fakeBureauHub struct {
	app.HubStore
	accounts []*app.BureauAccount
	pw       map[string]string
}

func (h *fakeBureauHub) CreateBureauAccount(_ context.Context, c app.BureauAccountCreate) (*app.BureauAccount, error) {
	if err := app.ValidatePassword(c.Password); err != nil {
		return nil, err
	}
	a := &app.BureauAccount{ID: int64(len(h.accounts) + 1), Username: c.Username, Role: c.Role, CreatedAt: time.Date(2026, 12, 1, 9, 0, 0, 0, time.Local)}
	h.accounts = append(h.accounts, a)
	h.pw[c.Username] = c.Password
	return a, nil
}

func (h *fakeBureauHub) BureauAccounts(context.Context) ([]*app.BureauAccount, error) {
	return h.accounts, nil
}

func (h *fakeBureauHub) find(name string) (*app.BureauAccount, error) {
	for _, a := range h.accounts {
		if a.Username == name {
			return a, nil
		}
	}
	return nil, app.Errorf(app.ENOTFOUND, "hub_accounts.error.not_found", name)
}

func (h *fakeBureauHub) SetBureauPassword(_ context.Context, name, pw string) error {
	if _, err := h.find(name); err != nil {
		return err
	}
	h.pw[name] = pw
	return nil
}

func (h *fakeBureauHub) SetBureauDisabled(_ context.Context, name string, disabled bool) error {
	a, err := h.find(name)
	if err != nil {
		return err
	}
	a.Disabled = disabled
	return nil
}

// runHub runs a command line against hub, with stdin.
func runHub(t *testing.T, hub app.HubStore, stdin string, args ...string) (int, string, string) {
	t.Helper()
	i18n.SetLanguage(i18n.Chinese)
	var out, errOut bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Version: "test",
		OpenHub: func(_ context.Context, dir string) (app.HubStore, func() error, error) {
			if dir != "hubdir" {
				t.Errorf("opened %q, want the --data folder", dir)
			}
			return hub, func() error { return nil }, nil
		}}
	code := Run(context.Background(), args, env)
	return code, out.String(), errOut.String()
}

func TestHubAccountCommands(t *testing.T) {
	hub := &fakeBureauHub{pw: map[string]string{}}
	code, out, errOut := runHub(t, hub, "", "hub", "account", "list", "--data", "hubdir")
	if code != ExitOK || !strings.Contains(out, "还没有教育局账号") {
		t.Fatalf("list of none: exit %d %q %q", code, out, errOut)
	}
	code, out, errOut = runHub(t, hub, "bureau-pass-1\n", "hub", "account", "add", "--data", "hubdir", "--role", "admin", "wang")
	if code != ExitOK || !strings.Contains(out, "wang") || !strings.Contains(out, "教育局管理员") {
		t.Fatalf("add: exit %d %q %q", code, out, errOut)
	}
	if hub.pw["wang"] != "bureau-pass-1" || hub.accounts[0].Role != app.BureauAdmin {
		t.Errorf("added %+v with password %q", hub.accounts[0], hub.pw["wang"])
	}
	if code, _, _ := runHub(t, hub, "bureau-pass-2\n", "hub", "account", "add", "--data", "hubdir", "li"); code != ExitOK || hub.accounts[1].Role != app.BureauStaff {
		t.Fatalf("add with the default role: exit %d, %+v", code, hub.accounts)
	}

	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"bad role", "bureau-pass-3\n", []string{"add", "--data", "hubdir", "--role", "boss", "zhao"}, ExitUsage, "boss"},
		{"no username", "bureau-pass-3\n", []string{"add", "--data", "hubdir"}, ExitUsage, ""},
		{"no password", "", []string{"add", "--data", "hubdir", "zhao"}, ExitUsage, ""},
		{"common password", "12345678\n", []string{"add", "--data", "hubdir", "zhao"}, ExitFailed, "太常见"},
		{"passwd of nobody", "bureau-pass-3\n", []string{"passwd", "--data", "hubdir", "zhao"}, ExitFailed, "zhao"},
		{"passwd", "bureau-pass-4\n", []string{"passwd", "--data", "hubdir", "li"}, ExitOK, "li"},
		{"disable", "", []string{"disable", "--data", "hubdir", "li"}, ExitOK, "已停用 li"},
		{"disable nobody", "", []string{"disable", "--data", "hubdir", "zhao"}, ExitFailed, "zhao"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runHub(t, hub, tt.stdin, append([]string{"hub", "account"}, tt.args...)...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Errorf("exit %d %q %q; want %d and %q", code, out, errOut, tt.code, tt.want)
			}
		})
	}
	if len(hub.accounts) != 2 || hub.pw["li"] != "bureau-pass-4" || !hub.accounts[1].Disabled {
		t.Errorf("accounts %+v, passwords %v", hub.accounts, hub.pw)
	}
	code, out, _ = runHub(t, hub, "", "hub", "account", "list", "--data", "hubdir")
	if code != ExitOK || !strings.Contains(out, "wang") || !strings.Contains(out, "已停用") || !strings.Contains(out, "教育局工作人员") {
		t.Errorf("list: exit %d\n%s", code, out)
	}
	if code, _, _ := runHub(t, hub, "", "hub", "account", "enable", "--data", "hubdir", "li"); code != ExitOK || hub.accounts[1].Disabled {
		t.Errorf("enable: exit %d, disabled %v", code, hub.accounts[1].Disabled)
	}
}
