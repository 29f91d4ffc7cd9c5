package app

import (
	"testing"

	"jxj/app/i18n"
)

// BureauCan: both roles read and send notices; only the bureau
// administrator manages schools and accounts; nobody without a live
// account does anything.
func TestBureauCan(t *testing.T) {
	admin := &BureauAccount{Username: "wang", Role: BureauAdmin}
	staff := &BureauAccount{Username: "li", Role: BureauStaff}
	disabled := &BureauAccount{Username: "zhao", Role: BureauAdmin, Disabled: true}
	tests := []struct {
		name string
		a    *BureauAccount
		act  BureauAction
		code string
	}{
		{"admin reads", admin, BureauRead, ""},
		{"admin sends", admin, BureauSendNotices, ""},
		{"admin orgs", admin, BureauManageOrgs, ""},
		{"admin accounts", admin, BureauManageAccounts, ""},
		{"admin unknown action", admin, "delete_everything", EFORBIDDEN},
		{"staff reads", staff, BureauRead, ""},
		{"staff sends", staff, BureauSendNotices, ""},
		{"staff orgs", staff, BureauManageOrgs, EFORBIDDEN},
		{"staff accounts", staff, BureauManageAccounts, EFORBIDDEN},
		{"nobody", nil, BureauRead, EUNAUTHORIZED},
		{"disabled", disabled, BureauRead, EUNAUTHORIZED},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(BureauCan(tt.a, tt.act)); got != tt.code {
				t.Errorf("BureauCan = %q, want %q", got, tt.code)
			}
		})
	}
}

func TestBureauActor(t *testing.T) {
	if got := (&BureauAccount{Username: "王局"}).Actor(); got != "bureau:王局" {
		t.Errorf("Actor = %q", got)
	}
	if ValidateUsername("bureau:x") == nil {
		t.Error("a username may look like a bureau actor")
	}
}

// The role names the console and the command line show are computed
// from the role: both roles, in both languages.
func TestBureauRoleNames(t *testing.T) {
	for _, r := range BureauRoles {
		for _, lang := range i18n.Languages {
			if !i18n.Has(lang, "hub_accounts.role."+string(r)) {
				t.Errorf("no %s name of %s", lang, r)
			}
		}
	}
}
