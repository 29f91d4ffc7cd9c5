package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

const consoleHub = "https://10.0.0.5:8443"

// consoleHarness is the console over a fake hub, its console.json
// written to saved.
type consoleHarness struct {
	*shellHarness
	console   *ConsoleUI
	hub       *mock.BureauCache
	saved     []app.ConsoleConfig
	forgotten int
	published []app.HubNoticeDraft
	revoked   []int64
	codes     []string             // "id revokeNow" of the new codes asked for
	surveys   *surveyCalls         // what the survey pages sent: console_surveys_test.go
	requests  *consoleRequestCalls // what 审批 and 公开课 sent: console_requests_test.go
	sheets    mock.HubOrgSheets    // console_orgs_test.go
	printer   mock.EnrolLetterPrinter
}

// consoleOrgsFixture: two townships, one school revoked.
func consoleOrgsFixture() []*app.HubOrg {
	enrolled := time.Date(2026, 11, 2, 10, 0, 0, 0, time.Local)
	return []*app.HubOrg{
		{ID: 1, UUID: "u1", Name: "城关一小", Kind: app.OrgPrimary, Township: "城关镇", EnrolledAt: enrolled, LastContact: enrolled},
		{ID: 2, UUID: "u2", Name: "河口中学", Kind: app.OrgMiddle, Township: "河口乡"},
		{ID: 3, UUID: "u3", Name: "城关二小", Kind: app.OrgPrimary, Township: "城关镇", EnrolledAt: enrolled},
		{ID: 4, UUID: "u4", Name: "旧村小", Kind: app.OrgPrimary, Township: "河口乡", Revoked: true},
	}
}

func consoleStatusFixture() *app.HubNoticeStatus {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.Local)
	orgs := consoleOrgsFixture()
	return &app.HubNoticeStatus{
		Notice: &app.HubNotice{ID: 7, Title: "寒假安全教育", RequiresAck: true, Schools: 3, PublishedAt: at},
		Schools: []app.HubNoticeSchool{
			{Org: *orgs[0], Delivered: true, Confirmed: at, Forwarded: at, Families: 40, Read: 40, Acked: 40},
			{Org: *orgs[1], Delivered: true, Confirmed: at, Forwarded: at, Families: 30, Read: 30, Acked: 12},
			{Org: *orgs[2]},
		},
	}
}

// newConsoleHarness starts the console in lang with cfg, over a hub
// that lets role log in with "pass-1234".
func newConsoleHarness(t *testing.T, lang string, cfg app.ConsoleConfig, role app.BureauRole) *consoleHarness {
	t.Helper()
	was := i18n.Language()
	i18n.SetLanguage(lang)
	t.Cleanup(func() { i18n.SetLanguage(was) })
	h := &consoleHarness{shellHarness: &shellHarness{t: t, async: trackShellAsync(t)}}
	h.app = test.NewTempApp(t)
	h.app.Preferences().SetString(PrefLanguage, lang)
	h.win = test.NewTempWindow(t, widget.NewLabel(""))
	h.hub = &mock.BureauCache{
		BureauConsole: mock.BureauConsole{
			LoginFn: func(_ context.Context, l app.BureauLogin) (*app.BureauSession, error) {
				if l.Password != "pass-1234" {
					return nil, app.Errorf(app.EUNAUTHORIZED, "hub_accounts.error.login_failed")
				}
				return &app.BureauSession{Token: "t", Account: &app.BureauAccount{Username: l.Username, Role: role}}, nil
			},
			LogoutFn: func(context.Context) error { return nil },
			OrgsFn:   func(context.Context) ([]*app.HubOrg, error) { return consoleOrgsFixture(), nil },
			AddOrgFn: func(_ context.Context, d app.HubOrgDraft) (*app.HubOrg, string, error) {
				return &app.HubOrg{ID: 9, Name: d.Name, Kind: d.Kind, Township: d.Township}, "ENROL-CODE-42", nil
			},
			NewEnrolCodeFn: func(_ context.Context, id int64, now bool) (string, error) {
				h.codes = append(h.codes, fmt.Sprint(id, " ", now))
				return "NEW-CODE-7", nil
			},
			RevokeOrgFn: func(_ context.Context, id int64) error { h.revoked = append(h.revoked, id); return nil },
			NoticesFn: func(context.Context) ([]*app.HubNotice, error) {
				return []*app.HubNotice{consoleStatusFixture().Notice}, nil
			},
			PublishNoticeFn: func(_ context.Context, d app.HubNoticeDraft) (*app.HubNotice, error) {
				h.published = append(h.published, d)
				return &app.HubNotice{ID: 8, Title: d.Title}, nil
			},
			RevokeNoticeFn: func(_ context.Context, id int64) (*app.HubNotice, error) {
				return &app.HubNotice{ID: id, RevokedAt: time.Now()}, nil
			},
			NoticeStatusFn: func(context.Context, string) (*app.HubNoticeStatus, error) { return consoleStatusFixture(), nil },

			DistrictCockpitFn: consoleCockpitFake, // console_cockpit_test.go
		},
		KeptFn:   func(string) bool { return false },
		BrowseFn: func(string) bool { return false },
	}
	h.surveys = fakeSurveys(&h.hub.BureauConsoleSurveys)
	h.requests = fakeRequests(&h.hub.BureauConsoleRequests, &h.hub.BureauConsoleCourses)
	h.console = StartConsole(h.app, h.win, ConsoleOptions{
		Console: h.hub, Config: cfg,
		SaveConfig:  func(c app.ConsoleConfig) error { h.saved = append(h.saved, c); return nil },
		Forget:      func() error { return nil },
		OnForgotten: func() { h.forgotten++ },
		WriteNoticeStatus: func(string, *app.HubNotice, []app.HubNoticeSchool) error {
			return nil
		},
		WriteSurveyStatus: func(string, *app.HubSurveyStatus) error { return nil },
		DataDir:           "/data", Version: "test",
		Charts:    &mock.ChartRenderer{RenderPNGFn: func(app.Chart, int, int, bool) ([]byte, error) { return blankPNG(t), nil }},
		OrgSheets: &h.sheets, OrgLetters: &h.printer,
	})
	h.wait()
	return h
}

// loggedInConsole is the console logged in as role in lang.
func loggedInConsole(t *testing.T, lang string, role app.BureauRole) *consoleHarness {
	t.Helper()
	h := newConsoleHarness(t, lang, app.ConsoleConfig{HubURL: consoleHub, Username: "wang"}, role)
	h.logIn("pass-1234")
	if h.console.account == nil {
		t.Fatalf("not logged in; the window shows %q", h.texts())
	}
	return h
}

// noticesScreen goes to 局校通知, as the officer does from the cockpit the
// console opens on.
func (h *consoleHarness) noticesScreen() *consoleNotices {
	h.t.Helper()
	h.console.selectPage(consolePageNotices)
	h.wait()
	return h.console.notices
}

func (h *consoleHarness) logIn(password string) {
	h.t.Helper()
	l := h.console.login
	if l == nil {
		h.t.Fatal("the login is not shown")
	}
	test.Type(l.password, password)
	test.Tap(l.submitB)
	h.wait()
}

// The first run asks who uses the computer; 教育局 opens the console.
func TestConsoleFirstRunChoice(t *testing.T) {
	bureau := 0
	h := startShell(t, firstRun(), Options{OnBureau: func() { bureau++ }})
	w := h.ui.wizard
	if w == nil || w.bureauB == nil || w.name != nil {
		t.Fatalf("the first run shows no choice: %q", h.texts())
	}
	h.wantText("教育局")
	test.Tap(w.bureauB)
	if bureau != 1 {
		t.Errorf("教育局 called OnBureau %d times, want once", bureau)
	}
	test.Tap(w.schoolB)
	if w.name == nil || !h.hasText(i18n.T("wizard.create_title")) {
		t.Errorf("学校 does not lead to the school's setup: %q", h.texts())
	}

	// a school the command line made asks nothing
	f := newShellFakes()
	f.org.SchoolFn = func(context.Context) (*app.Org, error) { return &app.Org{ID: 1, Name: "城关镇中学"}, nil }
	h = startShell(t, f, Options{OnBureau: func() { bureau++ }})
	if h.ui.wizard == nil || h.ui.wizard.bureauB != nil {
		t.Error("the wizard of a school made by the command line offers the bureau")
	}
}

func TestConsoleLogin(t *testing.T) {
	h := newConsoleHarness(t, i18n.Chinese, app.ConsoleConfig{}, app.BureauAdmin)
	l := h.console.login
	if l.backB == nil {
		t.Error("a console never connected has no way back to the first run's choice")
	}
	test.Type(l.hub, consoleHub)
	test.Type(l.username, "wang")
	h.logIn("wrong")
	h.wantText(i18n.T("hub_accounts.error.login_failed"))
	if len(h.saved) != 0 || h.console.account != nil {
		t.Fatalf("a wrong password saved %v / logged in", h.saved)
	}
	h.logIn("pass-1234")
	want := app.ConsoleConfig{HubURL: consoleHub, Username: "wang"}
	if len(h.saved) != 1 || h.saved[0] != want {
		t.Errorf("console.json = %+v, want %+v", h.saved, want)
	}
	h.wantText(consoleHub)
	h.wantText(i18n.T("hub_accounts.role.bureau_admin"))
	h.wantText(i18n.T("bureau_console.state.online"))

	// log out: back at the login, the hub and username kept
	test.Tap(h.button(i18n.T("shell.logout")))
	h.wait()
	if h.console.login == nil || h.console.login.hub.Text != consoleHub || h.console.login.username.Text != "wang" {
		t.Error("logging out does not show the login with the hub and username")
	}
}

// A self-signed hub: its fingerprint is shown; accepting pins it (kept
// in console.json once the login works), refusing keeps nothing.
func TestConsoleFingerprint(t *testing.T) {
	const fp = "SHA256:AB:CD:EF"
	for _, accept := range []bool{true, false} {
		t.Run(fmt.Sprint("accept=", accept), func(t *testing.T) {
			h := newConsoleHarness(t, i18n.Chinese, app.ConsoleConfig{}, app.BureauAdmin)
			var trusts []string
			login := h.hub.LoginFn
			h.hub.LoginFn = func(ctx context.Context, l app.BureauLogin) (*app.BureauSession, error) {
				trusts = append(trusts, l.Trust.Fingerprint)
				if l.Trust.Fingerprint != fp {
					ce := &app.HubCertError{Problem: app.CertUnknownAuthority, Fingerprint: fp}
					return nil, &app.Error{Code: app.EFORBIDDEN, Key: "hub_accounts.error.cert_unknown", Args: []any{consoleHub, fp}, Err: ce}
				}
				return login(ctx, l)
			}
			l := h.console.login
			test.Type(l.hub, consoleHub)
			test.Type(l.username, "wang")
			h.logIn("pass-1234")
			if !l.trustBox.Visible() || strings.ReplaceAll(l.trustFP.Text, "\n", "") != fp {
				t.Fatalf("the fingerprint is not shown: %q", h.texts())
			}
			if accept {
				test.Tap(l.acceptB)
				h.wait()
				want := app.ConsoleConfig{HubURL: consoleHub, Fingerprint: fp, Username: "wang"}
				if len(h.saved) != 1 || h.saved[0] != want || h.console.account == nil {
					t.Errorf("after accepting: console.json %+v, want %+v", h.saved, want)
				}
				if !slices.Equal(trusts, []string{"", fp}) {
					t.Errorf("logins with %q, want the second with the fingerprint", trusts)
				}
				return
			}
			test.Tap(l.refuseB)
			h.wait()
			if len(h.saved) != 0 || len(trusts) != 1 || h.console.account != nil {
				t.Errorf("refusing saved %+v, logged in %d times", h.saved, len(trusts))
			}
			h.wantText(i18n.T("bureau_console.trust.refused"))
		})
	}
}

// A changed certificate is refused in the client's words: nothing is
// offered to pin.
func TestConsoleChangedCertificate(t *testing.T) {
	h := newConsoleHarness(t, i18n.Chinese, app.ConsoleConfig{HubURL: consoleHub, Fingerprint: "SHA256:OLD", Username: "wang"}, app.BureauAdmin)
	h.hub.LoginFn = func(_ context.Context, l app.BureauLogin) (*app.BureauSession, error) {
		if l.Trust.Fingerprint != "SHA256:OLD" {
			t.Errorf("login trusts %q, want the pinned fingerprint", l.Trust.Fingerprint)
		}
		ce := &app.HubCertError{Problem: app.CertNotPinned, Fingerprint: "SHA256:NEW", Pinned: "SHA256:OLD"}
		return nil, &app.Error{Code: app.EFORBIDDEN, Key: "hub_accounts.error.cert_not_pinned", Args: []any{consoleHub, "SHA256:NEW", "SHA256:OLD"}, Err: ce}
	}
	h.logIn("pass-1234")
	h.wantText(i18n.T("hub_accounts.error.cert_not_pinned", consoleHub, "SHA256:NEW", "SHA256:OLD"))
	if h.console.login.trustBox.Visible() || len(h.saved) != 0 {
		t.Error("a changed certificate was offered to pin, or something was saved")
	}
}

func TestConsoleOrgsPage(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauAdmin)
	h.console.selectPage(consolePageOrgs)
	h.wait()
	s := h.console.orgs
	var names, townships []string
	for _, r := range s.rows {
		townships, names = append(townships, r[0]), append(names, r[1])
	}
	if want := []string{"城关一小", "城关二小", "旧村小", "河口中学"}; !slices.Equal(names, want) {
		t.Errorf("schools %q, want by township then name %q", names, want)
	}
	if want := []string{"城关镇", "", "河口乡", ""}; !slices.Equal(townships, want) {
		t.Errorf("townships %q, want each heading its group %q", townships, want)
	}
	if r := s.rows[3]; r[3] != i18n.T("bureau_console.org.not_enrolled") || s.rows[2][3] != i18n.T("bureau_console.org.revoked") {
		t.Errorf("rows %q: want 河口中学 not enrolled, 旧村小 revoked", s.rows)
	}
	if !s.code.Disabled() || !s.revoke.Disabled() || s.add.Disabled() {
		t.Error("with no school picked: add should work, a new code and revoking not")
	}

	// add: the code shows once, in a dialog to copy
	test.Tap(s.add)
	test.Type(s.addName, "新桥小学")
	s.addTownship.SetText("新桥镇")
	test.Tap(s.addB)
	h.wait()
	h.wantText("ENROL-CODE-42")
	test.Tap(h.button(i18n.T("bureau_console.code.copy")))
	if got := h.app.Clipboard().Content(); got != "ENROL-CODE-42" {
		t.Errorf("clipboard %q, want the code", got)
	}
	closeOverlays(h.win)

	// a new code for 城关一小, its old credential revoked now
	s.table.Select(widget.TableCellID{Row: 0, Col: 1})
	test.Tap(s.code)
	test.Tap(s.revokeNow)
	test.Tap(h.button(i18n.T("bureau_console.orgs.new_code_submit")))
	h.wait()
	if !slices.Equal(h.codes, []string{"1 true"}) {
		t.Errorf("new codes %q, want 城关一小's with its credential revoked now", h.codes)
	}
	h.wantText("NEW-CODE-7")
	closeOverlays(h.win)

	// revoke asks first; cancelling does nothing
	s.table.Select(widget.TableCellID{Row: 3, Col: 1})
	test.Tap(s.revoke)
	closeOverlays(h.win)
	test.Tap(s.revoke)
	test.Tap(h.button(i18n.T("bureau_console.orgs.revoke_submit")))
	h.wait()
	if !slices.Equal(h.revoked, []int64{2}) {
		t.Errorf("revoked %v, want 河口中学 once", h.revoked)
	}
}

// Staff read the schools and send notices; they see none of the
// administrator's actions (app.BureauCan, as the hub checks).
func TestConsoleStaffSeeNoAdminActions(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauStaff)
	h.console.selectPage(consolePageOrgs)
	h.wait()
	s := h.console.orgs
	if s.add != nil || s.code != nil || s.revoke != nil {
		t.Error("staff see the administrator's actions on the schools")
	}
	if len(s.rows) != 4 {
		t.Errorf("staff read %d schools, want 4", len(s.rows))
	}
	h.console.selectPage(consolePageNotices)
	h.wait()
	if h.console.notices.newB == nil {
		t.Error("staff cannot send notices")
	}
	h.wantText(i18n.T("hub_accounts.role.bureau_staff"))
}

// Offline: the copy shows, marked with its time, read-only; back online
// the actions return.
func TestConsoleOffline(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauAdmin)
	fetched := time.Date(2026, 12, 5, 9, 30, 0, 0, time.Local)
	down := app.Errorf(app.EINTERNAL, "hub_accounts.error.unreachable", consoleHub)
	online, onlineNotices := h.hub.OrgsFn, h.hub.NoticesFn
	h.hub.OrgsFn = func(context.Context) ([]*app.HubOrg, error) {
		return consoleOrgsFixture(), &app.BureauStaleError{FetchedAt: fetched, Err: down}
	}
	h.hub.NoticesFn = func(ctx context.Context) ([]*app.HubNotice, error) {
		ns, _ := onlineNotices(ctx)
		return ns, &app.BureauStaleError{FetchedAt: fetched, Err: down}
	}
	h.console.selectPage(consolePageOrgs)
	h.wait()
	s := h.console.orgs
	if !h.console.banner.Visible() || len(s.rows) != 4 {
		t.Fatalf("offline: banner %v, %d rows; want the copy with the banner", h.console.banner.Visible(), len(s.rows))
	}
	h.wantText("数据截至 2026-12-05 09:30")
	if !s.add.Disabled() {
		t.Error("adding a school works while the hub cannot be reached")
	}
	h.console.selectPage(consolePageNotices)
	h.wait()
	if !h.console.notices.newB.Disabled() {
		t.Error("a new notice can be sent offline")
	}

	h.hub.OrgsFn, h.hub.NoticesFn = online, onlineNotices
	h.console.selectPage(consolePageOrgs)
	test.Tap(h.button(i18n.T("bureau_console.retry")))
	h.wait()
	if h.console.banner.Visible() || s.add.Disabled() || h.console.notices.newB.Disabled() {
		t.Error("back online: the banner stays or the actions stay disabled")
	}
	h.wantText(i18n.T("bureau_console.state.online"))
}

// The hub cannot be reached at the login: the copy of the last session
// can be viewed, read-only.
func TestConsoleBrowseTheCopyFromTheLogin(t *testing.T) {
	h := newConsoleHarness(t, i18n.Chinese, app.ConsoleConfig{HubURL: consoleHub, Username: "wang"}, app.BureauAdmin)
	h.hub.LoginFn = func(context.Context, app.BureauLogin) (*app.BureauSession, error) {
		return nil, app.Errorf(app.EINTERNAL, "hub_accounts.error.unreachable", consoleHub)
	}
	h.hub.KeptFn = func(hub string) bool { return hub == consoleHub }
	h.hub.BrowseFn = h.hub.KeptFn
	fetched := time.Date(2026, 12, 4, 17, 5, 0, 0, time.Local)
	h.hub.NoticesFn = func(context.Context) ([]*app.HubNotice, error) {
		return []*app.HubNotice{{ID: 7, Title: "寒假安全教育"}}, &app.BureauStaleError{FetchedAt: fetched, Err: errOffline()}
	}
	h.hub.DistrictCockpitFn = func(ctx context.Context, q app.DistrictQuery) (*app.DistrictCockpit, error) {
		ck, _ := consoleCockpitFake(ctx, q)
		return ck, &app.BureauStaleError{FetchedAt: fetched, Err: errOffline()}
	}
	h.logIn("pass-1234")
	h.wantText(i18n.T("bureau_console.login.offline_kept", consoleHub))
	test.Tap(h.console.login.browseB)
	h.wait()
	if h.console.account == nil || !h.console.offline {
		t.Fatal("viewing the copy did not open the pages offline")
	}
	h.wantText("数据截至 2026-12-04 17:05")
	h.wantText(i18n.T("bureau_console.role.unknown"))
	if len(h.noticesScreen().rows) != 1 || !h.noticesScreen().newB.Disabled() {
		t.Error("the copy's notices are not shown read-only")
	}
}

func errOffline() error {
	return app.Errorf(app.EINTERNAL, "hub_accounts.error.unreachable", consoleHub)
}

// An ended session goes back to the login, saying so.
func TestConsoleSessionEnded(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauAdmin)
	h.hub.OrgsFn = func(context.Context) ([]*app.HubOrg, error) {
		return nil, app.Errorf(app.EUNAUTHORIZED, "hub_accounts.error.session")
	}
	h.console.selectPage(consolePageOrgs)
	h.wait()
	if h.console.login == nil {
		t.Fatal("an ended session does not show the login")
	}
	h.wantText(i18n.T("hub_accounts.error.session"))
}

func TestConsoleCompose(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauAdmin)
	n := h.noticesScreen()
	test.Tap(n.newB)
	h.wait()
	c := n.compose
	if got := c.reach.Text; got != i18n.T("bureau_console.compose.reach", 3) {
		t.Errorf("all schools reach %q, want the 3 not revoked", got)
	}
	test.Tap(c.sendB)
	h.wantText(i18n.T("bureau_console.compose.title_missing"))

	test.Type(c.title, "寒假安全")
	test.Type(c.body, "请各校做好寒假安全教育。")
	test.Tap(c.ack)
	test.Type(c.deadline, "2026-12-20")
	c.target.SetSelected(i18n.T("bureau_console.compose.chosen"))
	test.Tap(c.sendB)
	h.wantText(i18n.T("bureau_console.compose.none_chosen"))

	// the township's quick-pick takes its schools; the revoked one is not offered
	c.township.SetSelected("城关镇")
	if got := c.targets(); !slices.Equal(got, []int64{1, 3}) {
		t.Errorf("城关镇 picks %v, want [1 3]", got)
	}
	if slices.ContainsFunc(c.chosen.Options, func(o string) bool { return strings.Contains(o, "旧村小") }) {
		t.Error("a revoked school is offered")
	}
	c.kind.SetSelected(i18n.T("org.kind.middle"))
	if got := c.targets(); !slices.Equal(got, []int64{1, 2, 3}) {
		t.Errorf("then 初中 picks %v, want [1 2 3]", got)
	}
	c.chosen.SetSelected(c.chosen.Selected[:2])
	test.Tap(c.sendB)
	h.wantText(i18n.T("bureau_console.compose.confirm", "寒假安全", 2))
	if len(h.published) != 0 {
		t.Fatal("sent before the confirmation")
	}
	test.Tap(h.button(i18n.T("bureau_console.compose.send")))
	h.wait()
	if len(h.published) != 1 {
		t.Fatalf("published %d notices, want 1", len(h.published))
	}
	d := h.published[0]
	if d.Title != "寒假安全" || !d.RequiresAck || app.FormatDate(d.Deadline) != "2026-12-20" || len(d.Orgs) != 2 {
		t.Errorf("published %+v", d)
	}
	if n.compose != nil {
		t.Error("the editor stays open after sending")
	}
}

func TestConsoleFollow(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauAdmin)
	n := h.noticesScreen()
	h.wait()
	n.Open(n.items[0])
	h.wait()
	f := n.follow
	if len(f.rows) != 3 {
		t.Fatalf("follow shows %d schools, want 3", len(f.rows))
	}
	h.wantText(i18n.T("bureau_console.follow.summary", 3, 2, 2, 2, 70, 70, 52))
	test.Tap(f.behind)
	var names []string
	for _, r := range f.rows {
		names = append(names, r[1])
	}
	// 河口中学 has read but not acknowledged; 城关二小 has not had it yet
	if want := []string{"河口中学", "城关二小"}; !slices.Equal(names, want) {
		t.Errorf("behind: %q, want %q", names, want)
	}
	test.Tap(f.revoke)
	test.Tap(h.button(i18n.T("bureau_console.follow.revoke_submit")))
	h.wait()
}

func TestConsoleSettingsForget(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauAdmin)
	h.console.selectPage(consolePageSettings)
	s := h.console.settings
	h.wantText(consoleHub)
	test.Tap(s.forgetB)
	closeOverlays(h.win)
	if h.forgotten != 0 {
		t.Fatal("cancelling forgot the hub")
	}
	test.Tap(s.forgetB)
	test.Tap(h.button(i18n.T("bureau_console.settings.forget_submit")))
	h.wait()
	if h.forgotten != 1 {
		t.Errorf("forgotten %d times, want once", h.forgotten)
	}

	// the language switch rebuilds the console in English, logged in
	h = loggedInConsole(t, i18n.Chinese, app.BureauAdmin)
	h.console.selectPage(consolePageSettings)
	h.console.settings.look.lang.SetSelected(languageName(i18n.English))
	h.wait()
	if h.console.account == nil || !h.hasText("Bureau notices") {
		t.Errorf("after English: %q", h.texts())
	}
}

// closeOverlays closes the dialogs open.
func closeOverlays(w fyne.Window) {
	for top := w.Canvas().Overlays().Top(); top != nil; top = w.Canvas().Overlays().Top() {
		w.Canvas().Overlays().Remove(top)
	}
}

// Every console page, view, editor and dialog fits the window, at the
// usual size and the smallest screen's, in both languages.
func TestConsoleFitsTheWindow(t *testing.T) {
	for _, size := range fitSizes {
		limit := size.SubtractWidthHeight(fitMargin, fitMargin)
		for _, lang := range []string{i18n.Chinese, i18n.English} {
			t.Run(fmt.Sprintf("%v %s", size, lang), func(t *testing.T) {
				check := func(h *consoleHarness, what string) {
					t.Helper()
					h.wait()
					if got := h.win.Content().MinSize(); got.Width > limit.Width || got.Height > limit.Height {
						t.Errorf("%s needs %v, more than the %v the window has", what, got, limit)
					}
					for _, o := range h.win.Canvas().Overlays().List() {
						if got := o.MinSize(); got.Width > limit.Width || got.Height > limit.Height {
							t.Errorf("%s: its dialog needs %v, more than %v", what, got, limit)
						}
					}
					closeOverlays(h.win)
				}
				h := newConsoleHarness(t, lang, app.ConsoleConfig{}, app.BureauAdmin)
				check(h, "the login")
				h.console.login.trustFP.SetText("SHA256:" + strings.Repeat("AB:", 31) + "AB")
				h.console.login.trustBox.Show()
				check(h, "the login with a fingerprint")
				h = loggedInConsole(t, lang, app.BureauAdmin)
				for _, p := range h.console.consolePages() {
					h.console.selectPage(p.id)
					check(h, p.id)
				}
				h.console.setOffline(errOffline(), time.Now())
				check(h, "offline")
				h.console.setOnline()
				h.console.selectPage(consolePageOrgs)
				h.wait()
				h.console.orgs.showAdd()
				check(h, "add a school")
				h.console.orgs.showCode("城关镇第一中心小学", "ABCD-EFGH-IJKL-MNOP")
				check(h, "enrolment code")
				h.console.orgs.table.Select(widget.TableCellID{Row: 0, Col: 1})
				h.console.orgs.askNewCode()
				check(h, "new code")
				checkOrgsTools(h, check) // console_orgs_test.go
				h.console.selectPage(consolePageNotices)
				n := h.console.notices
				n.Compose()
				n.compose.target.SetSelected(i18n.T("bureau_console.compose.chosen"))
				check(h, "compose")
				n.back()
				h.wait()
				n.Open(n.items[0])
				check(h, "follow")
				checkCockpitFits(h, check) // console_cockpit_test.go
				checkSurveysFit(h, check)
				checkRequestsFit(h, check)       // console_requests_test.go
				checkCourseComposeFits(h, check) // console_course_compose_test.go
			})
		}
	}
}

// A fingerprint reads SHA256: on its line, then lines of 16 bytes (the
// login) or 8 (the settings' narrow card), never broken in a byte.
func TestFingerprintLines(t *testing.T) {
	fp := "SHA256:" + strings.Repeat("AB:", 31) + "CD"
	lines := strings.Split(fingerprintLines(fp, 16), "\n")
	if len(lines) != 3 || lines[0] != "SHA256:" || lines[1] != strings.Repeat("AB:", 16) || lines[2] != strings.Repeat("AB:", 15)+"CD" {
		t.Errorf("fingerprintLines(16) = %q", lines)
	}
	lines = strings.Split(fingerprintLines(fp, 8), "\n")
	if len(lines) != 5 || lines[1] != strings.Repeat("AB:", 8) || lines[4] != strings.Repeat("AB:", 7)+"CD" {
		t.Errorf("fingerprintLines(8) = %q", lines)
	}
	if got := fingerprintLines("not a fingerprint", 16); got != "not a fingerprint" {
		t.Errorf("fingerprintLines of another text = %q", got)
	}
}
