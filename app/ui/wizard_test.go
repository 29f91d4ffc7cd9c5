package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"jxj/app"
	"jxj/app/i18n"
)

// firstRun returns fakes of a data folder with no school yet.
func firstRun() *shellFakes {
	f := newShellFakes()
	f.org.SchoolFn = func(context.Context) (*app.Org, error) {
		return nil, app.Errorf(app.ENOTFOUND, "org.error.not_setup")
	}
	return f
}

func TestWizardCreateSchool(t *testing.T) {
	f := firstRun()
	var got []app.SchoolSetup
	f.org.SetupFn = func(_ context.Context, s app.SchoolSetup) (*app.Org, *app.Account, error) {
		got = append(got, s)
		return &app.Org{ID: 1, Name: s.Name, Kind: s.Kind}, &app.Account{ID: 1, Username: s.AdminUsername, Role: app.RoleAdmin}, nil
	}
	h := startShell(t, f, Options{})
	w := h.ui.wizard
	if h.ui.state != stateWizard || w == nil {
		t.Fatalf("state = %d, want the wizard", h.ui.state)
	}
	test.Type(w.name, " 城关镇中学 ")
	w.kind.SetSelected(i18n.T("org.kind.middle"))
	test.Type(w.username, "zhang")
	test.Type(w.password, "abcdef12")
	test.Type(w.repeat, "abcdef12")
	test.Tap(w.create)
	h.wait()

	want := app.SchoolSetup{Name: "城关镇中学", Kind: app.OrgMiddle, AdminUsername: "zhang", AdminPassword: "abcdef12"}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("Setup calls = %+v, want one with %+v", got, want)
	}
	if h.ui.state != stateMain {
		t.Fatalf("state = %d after setup, want the main view", h.ui.state)
	}
	if a := h.ui.env.Account; a == nil || a.Username != "zhang" {
		t.Errorf("logged in as %+v, want the new admin", a)
	}
	h.wantText("城关镇中学")
	if got, want := h.win.Title(), "局校家 — 城关镇中学"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
}

func TestWizardValidation(t *testing.T) {
	tests := []struct {
		name, school, user, pw, repeat string
		want                           string
	}{
		{"short password", "城关镇中学", "zhang", "abc", "abc", i18n.TIn(i18n.Chinese, "account.error.password_short", app.MinPasswordLen)},
		{"passwords differ", "城关镇中学", "zhang", "abcdef12", "abcdef13", i18n.TIn(i18n.Chinese, "wizard.error.password_mismatch")},
		{"no name", "  ", "zhang", "abcdef12", "abcdef12", i18n.TIn(i18n.Chinese, "org.error.name_missing")},
		{"bad username", "城关镇中学", "z", "abcdef12", "abcdef12", i18n.TIn(i18n.Chinese, "account.error.username_length")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := firstRun()
			called := false
			f.org.SetupFn = func(context.Context, app.SchoolSetup) (*app.Org, *app.Account, error) {
				called = true
				return nil, nil, app.Errorf(app.EINTERNAL, "error.internal")
			}
			h := startShell(t, f, Options{})
			w := h.ui.wizard
			test.Type(w.name, tt.school)
			test.Type(w.username, tt.user)
			test.Type(w.password, tt.pw)
			test.Type(w.repeat, tt.repeat)
			test.Tap(w.create)
			h.wait()
			if called {
				t.Error("Setup was called with an invalid form")
			}
			if !w.formErr.Visible() || w.formErr.Text != tt.want {
				t.Errorf("form error = %q (visible %v), want %q", w.formErr.Text, w.formErr.Visible(), tt.want)
			}
			h.wantText(tt.want)
			if h.ui.state != stateWizard {
				t.Errorf("state = %d, want still the wizard", h.ui.state)
			}
		})
	}
}

func TestWizardSetupError(t *testing.T) {
	f := firstRun()
	f.org.SetupFn = func(context.Context, app.SchoolSetup) (*app.Org, *app.Account, error) {
		return nil, nil, app.Errorf(app.ECONFLICT, "org.error.exists")
	}
	h := startShell(t, f, Options{})
	w := h.ui.wizard
	test.Type(w.name, "城关镇中学")
	test.Type(w.username, "zhang")
	test.Type(w.password, "abcdef12")
	test.Type(w.repeat, "abcdef12")
	test.Tap(w.create)
	h.wait()
	h.wantText(i18n.T("org.error.exists"))
	if w.create.Disabled() {
		t.Error("the create button stays disabled after an error")
	}
}

func TestWizardOpenDemo(t *testing.T) {
	real := firstRun()
	demoFakes := newShellFakes()
	demoOrg := &app.Org{ID: 1, Name: "演示县实验小学", IsDemo: true, HasAdmin: true}
	demoFakes.org.SchoolFn = func(context.Context) (*app.Org, error) { return demoOrg, nil }
	opened := 0
	opts := Options{OpenDemo: func() (app.Services, error) {
		opened++
		return demoFakes.svc, nil
	}}
	h := startShell(t, real, opts)
	h.wantText(i18n.T("wizard.demo_separate"))
	w := h.ui.wizard
	test.Tap(w.demo)
	// while the demo is being made
	if !w.demoBar.Visible() || !w.demo.Disabled() || !w.create.Disabled() {
		t.Errorf("while opening: progress shown %v, demo disabled %v, create disabled %v; want all true",
			w.demoBar.Visible(), w.demo.Disabled(), w.create.Disabled())
	}
	h.wait()

	if opened != 1 {
		t.Fatalf("OpenDemo called %d times, want 1", opened)
	}
	if h.ui.state != stateLogin || h.ui.login == nil {
		t.Fatalf("state = %d, want the demo's login", h.ui.state)
	}
	h.wantText(demoHintText())
	h.wantText("demo1234")
	h.wantText("演示县实验小学")

	// the demo's own accounts log in, through the demo's services
	h.login("admin", shellPassword)
	if h.ui.state != stateMain || h.ui.env.School != demoOrg {
		t.Fatalf("state = %d, school %+v; want the demo's main view", h.ui.state, h.ui.env.School)
	}
}

func TestWizardLeaveDemo(t *testing.T) {
	real := firstRun()
	demoFakes := newShellFakes()
	demoFakes.org.SchoolFn = func(context.Context) (*app.Org, error) {
		return &app.Org{ID: 1, Name: "演示县实验小学", IsDemo: true, HasAdmin: true}, nil
	}
	opened := 0
	h := startShell(t, real, Options{OpenDemo: func() (app.Services, error) {
		opened++
		return demoFakes.svc, nil
	}})
	test.Tap(h.ui.wizard.demo)
	h.wait()
	test.Tap(h.button(i18n.T("login.leave_demo")))
	h.wait()
	if h.ui.state != stateWizard {
		t.Fatalf("state = %d, want the wizard again", h.ui.state)
	}
	if h.ui.env.Services.Org != real.org {
		t.Error("the real school's services were not restored")
	}

	// into the demo again: the services opened the first time are reused
	test.Tap(h.ui.wizard.demo)
	h.wait()
	if h.ui.state != stateLogin || h.ui.env.Services.Org != demoFakes.org {
		t.Fatalf("state = %d; want the demo's login again", h.ui.state)
	}
	if opened != 1 {
		t.Errorf("OpenDemo called %d times, want 1", opened)
	}
}

func TestWizardDemoError(t *testing.T) {
	h := startShell(t, firstRun(), Options{OpenDemo: func() (app.Services, error) {
		return app.Services{}, app.Errorf(app.EINTERNAL, "error.storage", "disk full")
	}})
	test.Tap(h.ui.wizard.demo)
	h.wait()
	if h.ui.state != stateWizard {
		t.Fatalf("state = %d, want still the wizard", h.ui.state)
	}
	h.wantText(i18n.T("error.storage", "disk full"))
	if h.ui.wizard.demo.Disabled() {
		t.Error("the demo button stays disabled after an error")
	}
}

func TestWizardWithoutDemo(t *testing.T) {
	h := startShell(t, firstRun(), Options{})
	if h.ui.wizard.demo != nil {
		t.Error("the demo choice is offered without OpenDemo")
	}
}

// A school that `jxj import` created in a fresh folder has no admin yet:
// the wizard completes it, starting from its name.
func TestWizardCompletesSchoolWithoutAdmin(t *testing.T) {
	f := newShellFakes()
	f.org.SchoolFn = func(context.Context) (*app.Org, error) {
		return &app.Org{ID: 1, Name: "未命名学校", Kind: app.OrgPrimary}, nil
	}
	h := startShell(t, f, Options{})
	if h.ui.state != stateWizard || h.ui.wizard == nil {
		t.Fatalf("state = %d, want the wizard", h.ui.state)
	}
	if got := h.ui.wizard.name.Text; got != "未命名学校" {
		t.Errorf("school name = %q, want the stored name to start from", got)
	}
}
