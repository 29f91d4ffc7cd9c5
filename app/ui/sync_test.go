package ui

import (
	"context"
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

// syncNow is when the fake school last synced.
var syncNow = time.Date(2026, 12, 2, 14, 35, 0, 0, time.Local)

const testHub = "http://192.0.2.10:8420"

// syncFakes are an enrolled school with 3 operations waiting, a
// conflict and two runs, one failed; the fakes record what the screen
// asked for.
type syncFakes struct {
	state     *app.SyncState
	conflicts []app.SyncConflict
	runs      []app.SyncRun
	store     *mock.SyncStore
	syncer    *mock.Syncer

	enrolErr    error
	intervalErr error

	reads     int      // SyncState calls
	runLimits []int    // SyncRuns limits
	enrols    []string // "hub|code|school"
	trusts    []app.HubTrust
	syncs     int
	intervals []time.Duration
}

func newSyncFakes() *syncFakes {
	f := &syncFakes{}
	f.state = &app.SyncState{HubURL: testHub, Org: "0193-org", Credential: "cred", Interval: 10 * time.Minute,
		LastAttempt: syncNow, LastSuccess: syncNow, Pending: 3, Conflicts: 1}
	f.conflicts = []app.SyncConflict{{Seq: 4, Type: app.OpReceipts, Notice: "关于做好冬季安全工作的通知",
		Code: "unknown_notice", Message: "the school was not sent this notice", At: syncNow.Add(-time.Hour)}}
	f.runs = []app.SyncRun{
		{Start: syncNow, End: syncNow.Add(3 * time.Second), Down: 2, Up: 5, Rejected: 1},
		{Start: syncNow.Add(-10 * time.Minute), End: syncNow.Add(-10 * time.Minute), Error: "连不上同步平台 " + testHub + "。"},
	}
	f.store = &mock.SyncStore{
		SyncStateFn: func(context.Context) (*app.SyncState, error) {
			f.reads++
			st := *f.state
			return &st, nil
		},
		ConflictsFn: func(context.Context) ([]app.SyncConflict, error) { return slices.Clone(f.conflicts), nil },
		SyncRunsFn: func(_ context.Context, limit int) ([]app.SyncRun, error) {
			f.runLimits = append(f.runLimits, limit)
			return slices.Clone(f.runs), nil
		},
		SetIntervalFn: func(_ context.Context, d time.Duration) error {
			f.intervals = append(f.intervals, d)
			if f.intervalErr != nil {
				return f.intervalErr
			}
			f.state.Interval = d
			return nil
		},
	}
	f.syncer = &mock.Syncer{
		EnrolFn: func(_ context.Context, r app.EnrolRequest) (*app.Enrolment, error) {
			f.enrols = append(f.enrols, r.HubURL+"|"+r.Code+"|"+r.School)
			f.trusts = append(f.trusts, r.Trust)
			if f.enrolErr != nil {
				return nil, f.enrolErr
			}
			f.state.HubURL, f.state.Trust, f.state.Org, f.state.Credential, f.state.NeedsEnrol = r.HubURL, r.Trust, "0193-org", "cred", false
			return &app.Enrolment{HubURL: r.HubURL, Trust: r.Trust, Org: "0193-org", Name: "城关镇中心小学（县平台）", Credential: "cred"}, nil
		},
		SyncFn: func(context.Context) (app.SyncRun, error) {
			f.syncs++
			f.state.LastSuccess = syncNow.Add(time.Minute)
			return app.SyncRun{Start: syncNow.Add(time.Minute)}, nil
		},
	}
	return f
}

// notEnrolled makes the school one that never enrolled.
func (f *syncFakes) notEnrolled() *syncFakes {
	f.state = &app.SyncState{Interval: app.DefaultSyncInterval}
	f.conflicts, f.runs = nil, nil
	return f
}

func newTestSync(t *testing.T, f *syncFakes, opts SyncOptions) (*SyncScreen, fyne.Window) {
	t.Helper()
	inChinese(t)
	env, w := newScreenEnv(t, app.Services{Sync: f.store, Syncer: f.syncer})
	env.School = shellSchool
	s := NewSyncScreen(env, opts)
	s.run = runNow
	w.SetContent(s.Content())
	return s, w
}

// visibleTexts returns the texts of the visible labels, buttons and texts
// under o.
func visibleTexts(o fyne.CanvasObject) []string {
	var out []string
	collectShellTexts(o, &out)
	return out
}

func TestSyncEnrol(t *testing.T) {
	f := newSyncFakes().notEnrolled()
	f.enrolErr = app.Errorf(app.EFORBIDDEN, "hub.error.code_used")
	changed := 0
	s, w := newTestSync(t, f, SyncOptions{OnChanged: func() { changed++ }})
	if texts := visibleTexts(w.Content()); !containsText(texts, "注册到教育局同步平台") || !containsText(texts, "平台地址") ||
		!containsText(texts, "注册码") || containsText(texts, "立即同步") {
		t.Fatalf("a school not enrolled is not shown the enrolment form; it sees %q", texts)
	}
	if s.cancelB.Visible() {
		t.Error("the first enrolment offers 取消, with nothing to go back to")
	}

	test.Tap(s.enrolB)
	if want := i18n.T("syncpage.enrol.missing"); !s.enrolErr.Visible() || s.enrolErr.Text != want {
		t.Errorf("empty form: error %q (visible %v), want %q", s.enrolErr.Text, s.enrolErr.Visible(), want)
	}
	if len(f.enrols) != 0 {
		t.Fatalf("Enrol called with an empty form: %q", f.enrols)
	}

	test.Type(s.hubEntry, testHub)
	test.Type(s.codeEntry, "k7mq-2xpa-9rtw")
	test.Tap(s.enrolB)
	if want := i18n.T("hub.error.code_used"); !s.enrolErr.Visible() || s.enrolErr.Text != want {
		t.Errorf("refused code: error %q (visible %v), want %q", s.enrolErr.Text, s.enrolErr.Visible(), want)
	}
	if s.hubEntry.Text != testHub || s.codeEntry.Text != "k7mq-2xpa-9rtw" || s.enrolB.Disabled() {
		t.Error("a refused code does not leave the form as it was typed, ready to try again")
	}
	if f.syncs != 0 || changed != 0 {
		t.Errorf("a failed enrolment synced (%d) or told the shell (%d)", f.syncs, changed)
	}

	f.enrolErr = nil
	s.codeEntry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	want := []string{testHub + "|k7mq-2xpa-9rtw|" + shellSchool.Name, testHub + "|k7mq-2xpa-9rtw|" + shellSchool.Name}
	if !slices.Equal(f.enrols, want) {
		t.Fatalf("Enrol calls = %q, want %q", f.enrols, want)
	}
	if f.syncs != 1 {
		t.Errorf("Sync calls after enrolling = %d, want the first sync at once", f.syncs)
	}
	if changed == 0 {
		t.Error("the shell is not told about the enrolment")
	}
	texts := visibleTexts(w.Content())
	for _, want := range []string{"立即同步", "重新注册", testHub, "城关镇中心小学（县平台）",
		i18n.T("syncpage.enrolled", "城关镇中心小学（县平台）", testHub)} {
		if !containsText(texts, want) {
			t.Errorf("after enrolling the page does not show %q; it shows %q", want, texts)
		}
	}
	if s.codeEntry.Text != "" {
		t.Errorf("the used code stays in the form: %q", s.codeEntry.Text)
	}
}

func TestSyncEnrolledPage(t *testing.T) {
	f := newSyncFakes()
	f.state.LastError = "连不上同步平台 " + testHub + "。请检查网络连接；联网后会自动重试。"
	f.state.LastAttempt = syncNow.Add(10 * time.Minute)
	f.state.NeedsEnrol, f.state.ClockBack = true, true
	s, w := newTestSync(t, f, SyncOptions{})

	texts := visibleTexts(w.Content())
	for _, want := range []string{
		"平台地址", testHub,
		"上次成功同步", "2026-12-02 14:35",
		"上次尝试", "2026-12-02 14:45",
		"上次出错", f.state.LastError,
		"待上传", "3 项",
		"同步间隔", "每 10 分钟",
		"冲突（1）",
		i18n.T("syncpage.needs_enrol"), i18n.T("syncpage.clock_back"),
		"同步记录（最近 50 次）",
	} {
		if !containsText(texts, want) {
			t.Errorf("the page does not show %q; it shows %q", want, texts)
		}
	}
	if !slices.Equal(f.runLimits, []int{SyncRunsShown}) {
		t.Errorf("SyncRuns limits = %v, want [%d]", f.runLimits, SyncRunsShown)
	}
	if s.reenrolB.Importance != widget.HighImportance {
		t.Error("重新注册 does not stand out when the hub refused the credential")
	}

	row := newConflictRow()
	s.updateConflictRow(0, row)
	got := strings.Join(visibleTexts(row), "|")
	for _, want := range []string{"家长回执", "关于做好冬季安全工作的通知", "12-02 13:35", "the school was not sent this notice"} {
		if !strings.Contains(got, want) {
			t.Errorf("the conflict reads %q, want %q in it", got, want)
		}
	}

	if rows, cols := s.history.Length(); rows != 2 || cols != historyCols {
		t.Fatalf("history is %d×%d, want 2×%d", rows, cols, historyCols)
	}
	wantRows := [][historyCols]string{
		{"2026-12-02 14:35", "2", "5", "1", "成功"},
		{"2026-12-02 14:25", "0", "0", "0", "连不上同步平台 " + testHub + "。"},
	}
	for r, want := range wantRows {
		for c := range historyCols {
			if got, _ := tableCellText(s.history, r, c); got != want[c] {
				t.Errorf("history cell (%d,%d) = %q, want %q", r, c, got, want[c])
			}
		}
	}
	if _, imp := tableCellText(s.history, 1, hcolResult); imp != widget.DangerImportance {
		t.Errorf("a failed run's result is not shown as an error (importance %v)", imp)
	}

	t.Run("no conflicts, no error", func(t *testing.T) {
		f := newSyncFakes()
		f.conflicts, f.state.Conflicts = nil, 0
		_, w := newTestSync(t, f, SyncOptions{})
		texts := visibleTexts(w.Content())
		for _, want := range []string{"冲突（0）", "没有冲突。", "没有出错"} {
			if !containsText(texts, want) {
				t.Errorf("the page does not show %q; it shows %q", want, texts)
			}
		}
		for _, gone := range []string{i18n.T("syncpage.needs_enrol"), i18n.T("syncpage.clock_back")} {
			if containsText(texts, gone) {
				t.Errorf("the page warns %q with nothing wrong", gone)
			}
		}
	})
}

func TestSyncNow(t *testing.T) {
	t.Run("through the scheduler", func(t *testing.T) {
		f := newSyncFakes()
		runs, changed := 0, 0
		s, _ := newTestSync(t, f, SyncOptions{RunNow: func() { runs++ }, OnChanged: func() { changed++ }})
		reads := f.reads
		test.Tap(s.runB)
		if runs != 1 {
			t.Errorf("RunNow calls = %d, want 1", runs)
		}
		if f.syncs != 0 {
			t.Errorf("立即同步 called the Syncer (%d) beside the scheduler", f.syncs)
		}
		if f.reads <= reads {
			t.Error("the page is not loaded again after the run")
		}
		if changed == 0 {
			t.Error("the shell is not told about the run")
		}
	})

	t.Run("without a scheduler", func(t *testing.T) {
		f := newSyncFakes()
		s, w := newTestSync(t, f, SyncOptions{})
		test.Tap(s.runB)
		if f.syncs != 1 {
			t.Errorf("Sync calls = %d, want 1", f.syncs)
		}
		if !containsText(visibleTexts(w.Content()), "2026-12-02 14:36") {
			t.Errorf("the page does not show the new last sync; it shows %q", visibleTexts(w.Content()))
		}
		if s.runB.Disabled() || s.busy.busy() {
			t.Error("立即同步 stays disabled after the run")
		}
	})

	t.Run("a run that fails shows why", func(t *testing.T) {
		f := newSyncFakes()
		f.syncer.SyncFn = func(context.Context) (app.SyncRun, error) {
			return app.SyncRun{}, app.Errorf(app.ECONFLICT, "sync.error.running")
		}
		s, _ := newTestSync(t, f, SyncOptions{})
		test.Tap(s.runB)
		if want := i18n.T("sync.error.running"); !s.runErr.Visible() || s.runErr.Text != want {
			t.Errorf("run error = %q (visible %v), want %q", s.runErr.Text, s.runErr.Visible(), want)
		}
	})

	t.Run("while the scheduler runs one", func(t *testing.T) {
		f := newSyncFakes()
		runs := 0
		s, w := newTestSync(t, f, SyncOptions{RunNow: func() { runs++ }, Running: func() bool { return true }})
		if !s.runB.Disabled() || !containsText(visibleTexts(w.Content()), "正在同步…") {
			t.Errorf("a running sync does not show (button disabled %v); the page shows %q", s.runB.Disabled(), visibleTexts(w.Content()))
		}
		test.Tap(s.runB)
		if runs != 0 {
			t.Errorf("RunNow called %d times while a sync runs", runs)
		}
	})
}

func TestSyncInterval(t *testing.T) {
	f := newSyncFakes()
	var told []time.Duration
	s, _ := newTestSync(t, f, SyncOptions{OnInterval: func(d time.Duration) { told = append(told, d) }})
	if want := []string{"每 5 分钟", "每 10 分钟", "每 30 分钟", "每 60 分钟"}; !slices.Equal(s.interval.Options, want) {
		t.Errorf("intervals offered = %q, want %q", s.interval.Options, want)
	}
	if len(f.intervals) != 0 {
		t.Fatalf("showing the interval saved it: %v", f.intervals)
	}
	s.interval.SetSelected("每 30 分钟")
	if !slices.Equal(f.intervals, []time.Duration{30 * time.Minute}) || !slices.Equal(told, []time.Duration{30 * time.Minute}) {
		t.Errorf("SetInterval calls %v, told %v; want 30m each", f.intervals, told)
	}

	f.intervalErr = app.Errorf(app.EINVALID, "storage.sync.error.interval")
	s.interval.SetSelected("每 5 分钟")
	if want := i18n.T("storage.sync.error.interval"); !s.intervalErr.Visible() || s.intervalErr.Text != want {
		t.Errorf("interval error = %q (visible %v), want %q", s.intervalErr.Text, s.intervalErr.Visible(), want)
	}
	if s.interval.Selected != "每 30 分钟" || len(told) != 1 {
		t.Errorf("after a refusal the select shows %q (told %v), want the saved 每 30 分钟", s.interval.Selected, told)
	}

	t.Run("an interval set elsewhere is offered", func(t *testing.T) {
		f := newSyncFakes()
		f.state.Interval = 15 * time.Minute
		s, _ := newTestSync(t, f, SyncOptions{})
		if s.interval.Selected != "每 15 分钟" || !slices.Contains(s.interval.Options, "每 15 分钟") {
			t.Errorf("select = %q of %q, want 每 15 分钟 among them", s.interval.Selected, s.interval.Options)
		}
	})
}

func TestSyncReenrol(t *testing.T) {
	f := newSyncFakes()
	f.state.NeedsEnrol = true
	s, w := newTestSync(t, f, SyncOptions{})
	test.Tap(s.reenrolB)
	if !containsText(visibleTexts(w.Content()), "重新注册到同步平台") || !s.cancelB.Visible() {
		t.Fatalf("重新注册 does not show the form with 取消; the page shows %q", visibleTexts(w.Content()))
	}
	if s.hubEntry.Text != testHub {
		t.Errorf("hub address = %q, want the current %q filled in", s.hubEntry.Text, testHub)
	}
	test.Type(s.codeEntry, "NEW1")
	s.Reload() // a scheduled run ends meanwhile
	if s.codeEntry.Text != "NEW1" || !containsText(visibleTexts(w.Content()), "重新注册到同步平台") {
		t.Errorf("a reload left the form (code %q)", s.codeEntry.Text)
	}
	test.Tap(s.cancelB)
	if !containsText(visibleTexts(w.Content()), "立即同步") {
		t.Errorf("取消 does not go back to the link's state; the page shows %q", visibleTexts(w.Content()))
	}
}

func TestSyncLoadError(t *testing.T) {
	f := newSyncFakes()
	f.store.SyncStateFn = func(context.Context) (*app.SyncState, error) {
		return nil, app.Errorf(app.EINTERNAL, "error.storage_locked")
	}
	_, w := newTestSync(t, f, SyncOptions{})
	if !containsText(visibleTexts(w.Content()), i18n.T("error.storage_locked")) {
		t.Errorf("a failed load does not say why; the page shows %q", visibleTexts(w.Content()))
	}

	t.Run("a reload that fails keeps the state on show", func(t *testing.T) {
		f := newSyncFakes()
		s, w := newTestSync(t, f, SyncOptions{})
		read := f.store.SyncStateFn
		f.store.SyncStateFn = func(context.Context) (*app.SyncState, error) {
			return nil, app.Errorf(app.EINTERNAL, "error.storage_locked")
		}
		s.Reload()
		texts := visibleTexts(w.Content())
		if !containsText(texts, i18n.T("error.storage_locked")) || !containsText(texts, "3 项") {
			t.Errorf("after a failed reload the page shows %q, want the error over the state", texts)
		}
		f.store.SyncStateFn = read
		s.Reload()
		if s.loadErr.Visible() {
			t.Errorf("the load error %q stays after a reload that worked", s.loadErr.Text)
		}
	})
}

func TestSyncStatusText(t *testing.T) {
	inChinese(t)
	enrolled := func(change func(st *app.SyncState)) *app.SyncState {
		st := &app.SyncState{HubURL: testHub, Credential: "cred", LastAttempt: syncNow, LastSuccess: syncNow, Pending: 3}
		if change != nil {
			change(st)
		}
		return st
	}
	tests := []struct {
		name    string
		st      *app.SyncState
		err     error
		running bool
		want    string
		imp     widget.Importance
	}{
		{"not enrolled", &app.SyncState{}, nil, false, "未注册同步平台", widget.LowImportance},
		{"ok with pending", enrolled(nil), nil, false, "已同步 12-02 14:35 · 待上传 3", widget.MediumImportance},
		{"ok with a conflict", enrolled(func(st *app.SyncState) { st.Conflicts = 1 }), nil, false,
			"已同步 12-02 14:35 · 待上传 3 · 冲突 1", widget.WarningImportance},
		{"error", enrolled(func(st *app.SyncState) { st.LastError = "连不上同步平台。" }), nil, false,
			"同步出错：连不上同步平台。 · 待上传 3", widget.DangerImportance},
		{"refused credential", enrolled(func(st *app.SyncState) { st.NeedsEnrol, st.LastError = true, "x" }), nil, false,
			"需要重新注册同步平台 · 待上传 3", widget.DangerImportance},
		{"running", enrolled(func(st *app.SyncState) { st.LastError = "x" }), nil, true, "正在同步… · 待上传 3", widget.MediumImportance},
		{"never synced", enrolled(func(st *app.SyncState) { st.LastSuccess, st.Pending = time.Time{}, 0 }), nil, false,
			"尚未同步 · 待上传 0", widget.MediumImportance},
		{"state unreadable", nil, app.Errorf(app.EINTERNAL, "error.storage_locked"), false,
			"读不到同步状态：" + i18n.T("error.storage_locked"), widget.DangerImportance},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, imp := syncStatusText(tt.st, tt.err, tt.running)
			if got != tt.want || imp != tt.imp {
				t.Errorf("status = %q (importance %v), want %q (%v)", got, imp, tt.want, tt.imp)
			}
		})
	}
}

func TestShellSyncStatusLine(t *testing.T) {
	f := newShellFakes()
	h := startShell(t, f, Options{})
	h.login("admin", shellPassword)
	line := h.ui.syncLine
	if line == nil {
		t.Fatal("no sync status line in the main window")
	}
	if got, want := line.Text(), "已同步 12-02 14:35 · 待上传 3 · 冲突 1"; got != want {
		t.Errorf("status line = %q, want %q", got, want)
	}
	h.wantText("已同步 12-02 14:35 · 待上传 3 · 冲突 1")

	// a scheduled run ends, from the scheduler's goroutine
	f.sync.state.LastError = "连不上同步平台。"
	done := make(chan struct{})
	go func() { h.ui.SyncChanged(); close(done) }()
	waitClosed(t, done, "SyncChanged")
	h.wait()
	if got, want := line.Text(), "同步出错：连不上同步平台。 · 待上传 3 · 冲突 1"; got != want {
		t.Errorf("status line after a failed run = %q, want %q", got, want)
	}

	test.Tap(line)
	h.wait()
	if h.ui.page != pageSync || h.ui.sync == nil {
		t.Fatalf("clicking the status line opens page %q, want the sync page", h.ui.page)
	}
	h.wantText("立即同步")

	// the next run: the page follows too
	f.sync.state.LastError, f.sync.state.Pending = "", 0
	h.ui.SyncChanged()
	h.wait()
	if got, want := line.Text(), "已同步 12-02 14:35 · 待上传 0 · 冲突 1"; got != want {
		t.Errorf("status line = %q, want %q", got, want)
	}
	h.wantText("0 项")

	t.Run("not enrolled", func(t *testing.T) {
		f := newShellFakes()
		f.sync.notEnrolled()
		h := startShell(t, f, Options{})
		h.login("admin", shellPassword)
		if got := h.ui.syncLine.Text(); got != "未注册同步平台" {
			t.Errorf("status line = %q, want 未注册同步平台", got)
		}
	})

	t.Run("the scheduler is running", func(t *testing.T) {
		h := startShell(t, newShellFakes(), Options{SyncRunning: func() bool { return true }})
		h.login("admin", shellPassword)
		if got := h.ui.syncLine.Text(); got != "正在同步… · 待上传 3 · 冲突 1" {
			t.Errorf("status line = %q, want 正在同步… · 待上传 3 · 冲突 1", got)
		}
	})
}

func TestShellSyncNowThroughScheduler(t *testing.T) {
	f := newShellFakes()
	runs := 0
	var intervals []time.Duration
	h := startShell(t, f, Options{SyncNow: func() { runs++ }, OnSyncInterval: func(d time.Duration) { intervals = append(intervals, d) }})
	h.login("admin", shellPassword)
	test.Tap(h.ui.navBtns[pageSync])
	h.wait()
	test.Tap(h.button("立即同步"))
	h.wait()
	if runs != 1 || f.sync.syncs != 0 {
		t.Errorf("立即同步: SyncNow calls %d, Syncer.Sync calls %d; want 1 and 0", runs, f.sync.syncs)
	}
	h.ui.sync.interval.SetSelected("每 60 分钟")
	h.wait()
	if !slices.Equal(intervals, []time.Duration{time.Hour}) {
		t.Errorf("OnSyncInterval got %v, want [1h]", intervals)
	}
}

func TestShellSyncPageByRole(t *testing.T) {
	principal := &app.Account{ID: 3, Username: "zhao", Role: app.RolePrincipal, StaffName: "赵校长"}
	tests := []struct {
		name     string
		user     string
		wantPage bool
	}{
		{"admin", "admin", true},
		{"principal", "zhao", true},
		{"teacher", "liu", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newShellFakes()
			auth := f.accounts.AuthenticateFn
			f.accounts.AuthenticateFn = func(ctx context.Context, user, pw string) (*app.Account, error) {
				if user == principal.Username {
					return principal, nil
				}
				return auth(ctx, user, pw)
			}
			h := startShell(t, f, Options{})
			h.login(tt.user, shellPassword)
			if got := slices.Contains(h.navLabels(), "同步"); got != tt.wantPage {
				t.Errorf("navigation %q: has 同步 = %v, want %v", h.navLabels(), got, tt.wantPage)
			}
			if h.ui.syncLine == nil || h.ui.syncLine.Text() == "" {
				t.Fatal("the status line is not shown")
			}
			test.Tap(h.ui.syncLine)
			h.wait()
			if opened := h.ui.page == pageSync; opened != tt.wantPage {
				t.Errorf("clicking the status line: page %q, want the sync page %v", h.ui.page, tt.wantPage)
			}
		})
	}
}

// The sync page fits the content area of WindowSize in both views and
// both languages.
func TestSyncPageFitsTheWindow(t *testing.T) {
	// the content area: less the navigation and the top bar (see
	// TestWorkbenchFitsTheWindow)
	avail := fyne.NewSize(WindowSize.Width-200, WindowSize.Height-80)
	for _, lang := range []string{i18n.Chinese, i18n.English} {
		for _, view := range []string{"form", "enrolled"} {
			t.Run(lang+" "+view, func(t *testing.T) {
				f := newSyncFakes()
				f.state.LastError = strings.Repeat("连不上同步平台。", 12)
				f.state.NeedsEnrol, f.state.ClockBack = true, true
				for range 60 {
					f.runs = append(f.runs, f.runs[1])
				}
				if view == "form" {
					f.notEnrolled()
				}
				inChinese(t) // and back after the test
				i18n.SetLanguage(lang)
				env, w := newScreenEnv(t, app.Services{Sync: f.store, Syncer: f.syncer})
				s := NewSyncScreen(env, SyncOptions{})
				s.run = runNow
				w.SetContent(s.Content())
				if got := s.Content().MinSize(); got.Width > avail.Width || got.Height > avail.Height {
					t.Errorf("the sync page needs %v, more than the %v it has", got, avail)
				}
			})
		}
	}
}
