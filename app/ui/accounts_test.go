package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// openAccounts logs in as the admin and opens 账号管理.
func openAccounts(t *testing.T, f *shellFakes) *shellHarness {
	t.Helper()
	h := startShell(t, f, Options{})
	h.login("admin", shellPassword)
	test.Tap(h.ui.navBtns[pageAccounts])
	h.wait()
	if h.ui.accounts == nil {
		t.Fatal("the accounts screen is not shown")
	}
	return h
}

func TestAccountsList(t *testing.T) {
	h := openAccounts(t, newShellFakes())
	s := h.ui.accounts
	want := [][]string{
		{"admin", "管理员", "王校务", "启用"},
		{"liu", "教师", "刘老师", "启用"},
	}
	if len(s.rows) != len(want) {
		t.Fatalf("rows = %q, want %q", s.rows, want)
	}
	for i := range want {
		for j := range want[i] {
			if s.rows[i][j] != want[i][j] {
				t.Errorf("row %d col %d = %q, want %q", i, j, s.rows[i][j], want[i][j])
			}
		}
	}
	if !s.roleB.Disabled() {
		t.Error("修改角色 is enabled with nothing selected")
	}
}

func TestAccountsCreate(t *testing.T) {
	f := newShellFakes()
	h := openAccounts(t, f)
	s := h.ui.accounts
	test.Tap(s.newB)
	h.wait()
	d := s.form
	if d == nil {
		t.Fatal("no 新建账号 dialog")
	}
	test.Type(d.username, "chen")
	test.Type(d.password, "chen-pass-8")
	d.role.sel.SetSelected(i18n.T("role.principal"))
	d.staff.entry.SetText("陈老师（教师）")
	test.Tap(d.submit)
	h.wait()

	want := app.AccountCreate{Username: "chen", Password: "chen-pass-8", Role: app.RolePrincipal, StaffID: 8}
	if len(f.created) != 1 || f.created[0] != want {
		t.Fatalf("CreateAccount calls = %+v, want one with %+v", f.created, want)
	}
	if s.form != nil {
		t.Error("the dialog stays open after the account was created")
	}
}

func TestAccountsCreateValidation(t *testing.T) {
	f := newShellFakes()
	h := openAccounts(t, f)
	s := h.ui.accounts
	test.Tap(s.newB)
	h.wait()
	d := s.form
	test.Type(d.username, "chen")
	test.Type(d.password, "12")
	test.Tap(d.submit)
	h.wait()
	if len(f.created) != 0 {
		t.Errorf("CreateAccount called with a short password: %+v", f.created)
	}
	if want := i18n.T("account.error.password_short", app.MinPasswordLen); d.errLabel.Text != want {
		t.Errorf("form error = %q, want %q", d.errLabel.Text, want)
	}

	// a staff name that is not in the list
	d.password.SetText("chen-pass-8")
	d.staff.entry.SetText("无此人")
	test.Tap(d.submit)
	h.wait()
	if len(f.created) != 0 {
		t.Errorf("CreateAccount called with an unknown staff member: %+v", f.created)
	}
	if want := i18n.T("accounts.error.staff_pick", "无此人"); d.errLabel.Text != want {
		t.Errorf("form error = %q, want %q", d.errLabel.Text, want)
	}
}

func TestAccountsCreateConflict(t *testing.T) {
	f := newShellFakes()
	f.accounts.CreateAccountFn = func(_ context.Context, c app.AccountCreate) (*app.Account, error) {
		return nil, app.Errorf(app.ECONFLICT, "account.error.username_taken", c.Username)
	}
	h := openAccounts(t, f)
	s := h.ui.accounts
	test.Tap(s.newB)
	h.wait()
	d := s.form
	test.Type(d.username, "liu")
	test.Type(d.password, "chen-pass-8")
	test.Tap(d.submit)
	h.wait()
	h.wantText(i18n.T("account.error.username_taken", "liu"))
	if s.form != d || d.submit.Disabled() {
		t.Error("the dialog should stay open and usable after a conflict")
	}
}

func TestAccountsStaffPickerFilters(t *testing.T) {
	h := openAccounts(t, newShellFakes())
	test.Tap(h.ui.accounts.newB)
	h.wait()
	p := h.ui.accounts.form.staff
	test.Type(p.entry, "数学")
	if len(p.shown) != 1 || p.shown[0] != "陈老师（教师）" {
		t.Errorf("options for 数学 = %q, want only 陈老师（教师）", p.shown)
	}
}

func TestAccountsChangeRoleAndDisable(t *testing.T) {
	f := newShellFakes()
	h := openAccounts(t, f)
	s := h.ui.accounts
	s.table.Select(widget.TableCellID{Row: 1, Col: 0}) // liu
	if s.roleB.Disabled() {
		t.Fatal("修改角色 is disabled with an account selected")
	}
	test.Tap(s.roleB)
	h.wait()
	d := s.form
	if got := d.staff.entry.Text; got != "刘老师（班主任）" {
		t.Errorf("linked staff shown as %q, want 刘老师（班主任）", got)
	}
	d.role.sel.SetSelected(i18n.T("role.principal"))
	test.Tap(d.submit)
	h.wait()
	if len(f.updates) != 1 || f.updates[0].Role == nil || *f.updates[0].Role != app.RolePrincipal ||
		f.updates[0].StaffID == nil || *f.updates[0].StaffID != 7 {
		t.Fatalf("UpdateAccount calls = %+v, want role principal and staff 7", f.updates)
	}

	var disable app.AccountUpdate
	f.accounts.UpdateAccountFn = func(_ context.Context, _ int64, u app.AccountUpdate) (*app.Account, error) {
		disable = u
		return nil, app.Errorf(app.ECONFLICT, "account.error.last_admin")
	}
	s.table.Select(widget.TableCellID{Row: 0, Col: 0}) // admin
	test.Tap(s.toggleB)
	wantCancelDefault(t, h.win, i18n.T("accounts.disable"))
	if disable.Disabled != nil {
		t.Fatal("Enter in the confirm dialog disabled the account")
	}
	test.Tap(s.toggleB)
	test.Tap(h.button(i18n.T("accounts.disable"))) // the confirm dialog's button comes first
	h.wait()
	if disable.Disabled == nil || !*disable.Disabled {
		t.Errorf("UpdateAccount got %+v, want Disabled true", disable)
	}
	h.wantText(i18n.T("account.error.last_admin"))
}
