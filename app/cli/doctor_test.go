package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

var (
	errNoDB      = errors.New("no database")
	errGLNotHere = errors.New("not checked")
)

// fakeGL is a failed OpenGL check with its message.
type fakeGL struct{ noDisplay bool }

func (fakeGL) Error() string { return "opengl" }
func (fakeGL) Message(goos string) (string, string) {
	return "title", "OpenGL 太旧（" + goos + "）。怎么办：安装显卡驱动"
}
func (g fakeGL) NoDisplay() bool { return g.noDisplay }

// doctorWorld is what the doctor's fakes answer.
type doctorWorld struct {
	free      int64
	integrity error
	gl        error
	state     app.SyncState
	hubErr    error
	hubSkew   time.Duration // the hub's clock minus the computer's
	hubCalls  int
}

func runDoctorWith(t *testing.T, w *doctorWorld, dir string) (int, []string, string) {
	t.Helper()
	i18n.SetLanguage(i18n.Chinese)
	now := time.Date(2026, 12, 5, 4, 0, 0, 0, time.UTC)
	svc := app.Services{Sync: &mock.SyncStore{SyncStateFn: func(context.Context) (*app.SyncState, error) {
		st := w.state
		return &st, nil
	}}}
	var out, errOut bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errOut,
		Open: func(context.Context, string) (app.Services, func() error, error) {
			return svc, func() error { return nil }, nil
		},
		Doctor: DoctorChecks{
			DefaultDir: func() (string, error) { return dir, nil },
			FreeSpace:  func(string) (int64, bool) { return w.free, w.free > 0 },
			Integrity:  func(context.Context, string) error { return w.integrity },
			NoDatabase: errNoDB,
			OpenGL: func() (string, error) {
				if w.gl != nil {
					return "", w.gl
				}
				return "2.1 Mesa 22.3.6", nil
			},
			GLNotChecked: errGLNotHere,
			HubTime: func(_ context.Context, st *app.SyncState) (time.Time, error) {
				w.hubCalls++
				if st.HubURL != w.state.HubURL || st.Trust != w.state.Trust {
					t.Errorf("the hub was asked over %v, want the school's link", st)
				}
				return now.Add(w.hubSkew), w.hubErr
			},
			Now: func() time.Time { return now },
		}}
	code := Run(context.Background(), []string{"doctor"}, env)
	return code, strings.Split(strings.TrimSpace(out.String()), "\n"), errOut.String()
}

func wantLines(t *testing.T, lines []string, want ...string) {
	t.Helper()
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), strings.Join(lines, "\n"))
	}
	for i, w := range want {
		_, n := utf8.DecodeRuneInString(w) // the mark
		if !strings.HasPrefix(lines[i], w[:n]+" ") || !strings.Contains(lines[i], w[n:]) {
			t.Errorf("line %d = %q, want %q", i+1, lines[i], w)
		}
	}
}

func TestDoctorAllWell(t *testing.T) {
	dir := t.TempDir()
	enrolled := app.SyncState{HubURL: "https://hub.example:8420", Credential: "c",
		Trust: app.HubTrust{Fingerprint: "SHA256:AB"}}
	w := &doctorWorld{free: 20 << 30, state: enrolled, hubSkew: -40 * time.Second}
	code, lines, errOut := runDoctorWith(t, w, dir)
	if code != ExitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	wantLines(t, lines,
		"✓可以写入，磁盘剩余 20 GB",
		"✓数据库完好",
		"✓OpenGL 可用，版本 2.1 Mesa 22.3.6",
		"✓同步平台 https://hub.example:8420 可以连接",
		"✓相差 40 秒")
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the doctor left files in the data folder: %v", entries)
	}
}

func TestDoctorFailuresSayWhatToDo(t *testing.T) {
	enrolled := app.SyncState{HubURL: "https://hub.example:8420", Credential: "c"}
	offline := app.Errorf(app.EINTERNAL, "sync.error.offline", "https://hub.example:8420")
	w := &doctorWorld{free: 100 << 20, state: enrolled, gl: fakeGL{}, hubErr: offline}
	goosName = "windows"
	defer func() { goosName = "linux" }()
	code, lines, errOut := runDoctorWith(t, w, t.TempDir())
	if code != ExitFailed || !strings.Contains(errOut, "有 2 项检查没有通过") {
		t.Fatalf("exit %d, stderr %q; want 1 with the count", code, errOut)
	}
	wantLines(t, lines,
		"!磁盘只剩 100 MB",
		"✓数据库完好",
		"✗OpenGL 不可用：OpenGL 太旧（windows）。怎么办：安装显卡驱动",
		"✗无法连接同步平台 https://hub.example:8420",
		"–未核对电脑时钟")
}

func TestDoctorClockOff(t *testing.T) {
	w := &doctorWorld{state: app.SyncState{HubURL: "http://127.0.0.1:8420", Credential: "c"}, hubSkew: 2*time.Hour + 7*time.Minute}
	code, lines, _ := runDoctorWith(t, w, t.TempDir())
	if code != ExitOK {
		t.Errorf("a clock off is a warning, exit %d", code)
	}
	if got := lines[len(lines)-1]; !strings.HasPrefix(got, "!") || !strings.Contains(got, "相差 2 小时 7 分钟") {
		t.Errorf("clock line %q", got)
	}
}

func TestDoctorDamagedDatabaseSkipsTheHub(t *testing.T) {
	damaged := app.Errorf(app.EINTERNAL, "storage.error.damaged", "/x/jxj.db", "page 3", "请恢复备份")
	w := &doctorWorld{integrity: damaged, gl: errGLNotHere, state: app.SyncState{HubURL: "http://h", Credential: "c"}}
	code, lines, _ := runDoctorWith(t, w, t.TempDir())
	if code != ExitFailed {
		t.Errorf("exit %d, want 1", code)
	}
	wantLines(t, lines,
		"✓可以写入",
		"✗数据库有问题：",
		"–未检查 OpenGL",
		"–未检查同步平台",
		"–未核对电脑时钟")
	if w.hubCalls != 0 {
		t.Error("the hub was asked though the database is damaged")
	}
}

func TestDoctorFreshFolderAndNoDisplay(t *testing.T) {
	w := &doctorWorld{integrity: errNoDB, gl: fakeGL{noDisplay: true}}
	code, lines, _ := runDoctorWith(t, w, filepath.Join(t.TempDir(), "new"))
	if code != ExitOK {
		t.Errorf("a folder not made yet and no display are no failures, exit %d", code)
	}
	wantLines(t, lines, "!还不存在", "–未检查 OpenGL", "–未检查同步平台", "–未核对电脑时钟")

	w = &doctorWorld{integrity: errNoDB}
	_, lines, _ = runDoctorWith(t, w, t.TempDir())
	wantLines(t, lines, "✓可以写入", "–还没有学校的数据库", "✓OpenGL", "–未检查同步平台", "–未核对电脑时钟")
}

func TestDoctorFolderNotWritable(t *testing.T) {
	if os.Geteuid() == 0 {
		// root writes anywhere: a file stands in for the folder instead
		f := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		code, lines, _ := runDoctorWith(t, &doctorWorld{}, f)
		if code != ExitFailed || !strings.HasPrefix(lines[0], "✗") || !strings.Contains(lines[0], "无法写入") {
			t.Errorf("exit %d, first line %q", code, lines[0])
		}
		return
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700)
	code, lines, _ := runDoctorWith(t, &doctorWorld{}, dir)
	if code != ExitFailed || !strings.HasPrefix(lines[0], "✗") || !strings.Contains(lines[0], "无法写入") {
		t.Errorf("exit %d, first line %q", code, lines[0])
	}
}
