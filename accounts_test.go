package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jxj/app/demo"
	"jxj/storage"
)

// jxjIn runs the command line with stdin.
func jxjIn(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// sqlite3 opens the school's database file as someone at the PC with
// sqlite3 would.
func sqlite3(t *testing.T, data string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, storage.FileName)+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// The command line on the demo school acts as a named account: without
// one it changes nothing, a teacher's export is masked like in the window
// and every export is audited; the audit log shows rows deleted with
// sqlite3; the offline recovery is logged with the OS user and host.
func TestCommandLineActsAsAnAccount(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if code, out, errOut := jxj(t, "demo", "--data", data); code != 0 {
		t.Fatalf("demo: exit %d\n%s%s", code, out, errOut)
	}

	// the issue's `echo x | jxj account passwd admin`
	t.Setenv("JXJ_USER", "")
	t.Setenv("JXJ_PASSWORD", "")
	if code, _, errOut := jxjIn(t, "hacked-pass-1\n", "account", "passwd", "--data", data, "admin"); code != 2 || !strings.Contains(errOut, "--user") {
		t.Errorf("passwd without an account: exit %d, %q; want 2 asking for --user", code, errOut)
	}
	actAs(t, demo.TeacherUser)
	if code, _, errOut := jxjIn(t, "hacked-pass-1\n", "account", "passwd", "--data", data, "admin"); code != 1 {
		t.Errorf("a teacher sets the admin's password: exit %d, %q; want 1", code, errOut)
	}
	actAs(t, demo.AdminUser)
	if code, _, errOut := jxj(t, "account", "list", "--data", data); code != 0 {
		t.Fatalf("the admin's password changed: exit %d, %s", code, errOut)
	}

	// exports as the teacher and as the admin
	exportAs := func(who string) (file string, rows int) {
		t.Helper()
		actAs(t, who)
		file = filepath.Join(dir, who+".xlsx")
		code, out, errOut := jxj(t, "export", "directory", "--data", data, file)
		if _, err := fmt.Sscanf(out, "已导出 %d", &rows); code != 0 || err != nil {
			t.Fatalf("export as %s: exit %d, %q %q", who, code, out, errOut)
		}
		return file, rows
	}
	teacherFile, teacherRows := exportAs(demo.TeacherUser)
	adminFile, adminRows := exportAs(demo.AdminUser)
	masked := func(file string) (masked, full int) {
		t.Helper()
		f, err := excelize.OpenFile(file)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(f.GetSheetList()[0])
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			for _, cell := range r {
				switch {
				case strings.Contains(cell, "****"):
					masked++
				case len(cell) == 11 && strings.HasPrefix(cell, "1"):
					full++
				}
			}
		}
		return masked, full
	}
	if m, full := masked(teacherFile); m == 0 || full == 0 {
		t.Errorf("the teacher's export has %d masked and %d full phones; want both (own class full, the others masked)", m, full)
	}
	if m, full := masked(adminFile); m != 0 || full == 0 {
		t.Errorf("the admin's export has %d masked and %d full phones; want all full", m, full)
	}
	if code, _, errOut := jxj(t, "notice", "codes", "--data", data, "1"); code != 0 {
		t.Fatalf("notice codes: exit %d, %s", code, errOut)
	}
	db := sqlite3(t, data)
	exports := map[string]string{}
	rows, err := db.Query(`SELECT actor, detail FROM audit WHERE action = 'data.export' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var actor, detail string
		rows.Scan(&actor, &detail)
		exports[detail] = actor
	}
	rows.Close()
	for detail, actor := range map[string]string{
		fmt.Sprintf("what=directory rows=%d file=%s", teacherRows, teacherFile): demo.TeacherUser,
		fmt.Sprintf("what=directory rows=%d file=%s", adminRows, adminFile):     demo.AdminUser,
	} {
		if exports[detail] != actor {
			t.Errorf("no export row %q by %s in %v", detail, actor, exports)
		}
	}
	var stdoutRows int
	db.QueryRow(`SELECT count(*) FROM audit WHERE action = 'data.export' AND detail LIKE 'what=slip_codes rows=% file=stdout'`).Scan(&stdoutRows)
	if stdoutRows != 1 {
		t.Errorf("slip codes printed to stdout: %d audit rows; want 1", stdoutRows)
	}

	// the audit log is a chain: intact, then a row deleted with sqlite3
	if code, out, errOut := jxj(t, "audit", "verify", "--data", data); code != 0 || !strings.Contains(out, "完整") {
		t.Fatalf("audit verify: exit %d, %q %q", code, out, errOut)
	}
	if _, err := db.Exec(`DELETE FROM audit WHERE id = 5`); err == nil {
		t.Error("sqlite3 deleted an audit row past the append-only trigger")
	}
	for _, s := range []string{`DROP TRIGGER audit_append_only_delete`, `DELETE FROM audit WHERE id = 5`} {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, errOut := jxj(t, "audit", "verify", "--data", data); code != 1 || !strings.Contains(errOut, "第 5 条被删除") {
		t.Errorf("audit verify after a deletion: exit %d, %q; want 1 naming row 5", code, errOut)
	}

	// the offline recovery: no account, logged as such
	t.Setenv("JXJ_USER", "")
	t.Setenv("JXJ_PASSWORD", "")
	if code, out, errOut := jxjIn(t, "back-in-2025\n", "account", "recover", "--data", data, "admin"); code != 0 {
		t.Fatalf("recover: exit %d, %q %q", code, out, errOut)
	}
	osUser := "unknown"
	if u, err := user.Current(); err == nil {
		osUser = u.Username
	}
	host, _ := os.Hostname()
	var actor, detail string
	if err := db.QueryRow(`SELECT actor, detail FROM audit WHERE action = 'account.recover'`).Scan(&actor, &detail); err != nil {
		t.Fatal(err)
	}
	if actor != "recovery:"+osUser+"@"+host || detail != "username=admin os_user="+osUser+" host="+host {
		t.Errorf("recovery row: actor %q, detail %q; want the OS user %s and host %s", actor, detail, osUser, host)
	}
	t.Setenv("JXJ_USER", "admin")
	t.Setenv("JXJ_PASSWORD", "back-in-2025")
	if code, _, errOut := jxj(t, "account", "list", "--data", data); code != 0 {
		t.Errorf("login with the recovered password: exit %d, %s", code, errOut)
	}
}

// Wrong passwords on the command line count like in the window: the
// fifth locks the account, the right password is refused until the admin
// unlocks it.
func TestCommandLineLockout(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if code, out, errOut := jxj(t, "demo", "--data", data); code != 0 {
		t.Fatalf("demo: exit %d\n%s%s", code, out, errOut)
	}
	t.Setenv("JXJ_USER", demo.TeacherUser)
	t.Setenv("JXJ_PASSWORD", "not-my-pass")
	var errOut string
	for range 5 {
		_, _, errOut = jxj(t, "export", "directory", "--data", data, filepath.Join(t.TempDir(), "x.xlsx"))
	}
	if !strings.Contains(errOut, "已锁定") {
		t.Fatalf("the fifth wrong password: %q; want the account locked", errOut)
	}
	actAs(t, demo.TeacherUser)
	if code, _, errOut := jxj(t, "notice", "ack", "--data", data, "--code", "K7MQ2XP"); code != 1 || !strings.Contains(errOut, "已锁定") {
		t.Errorf("the right password while locked: exit %d, %q; want refused as locked", code, errOut)
	}
	actAs(t, demo.AdminUser)
	if code, out, errOut := jxj(t, "account", "list", "--data", data); code != 0 || !strings.Contains(out, "已锁定") {
		t.Errorf("account list: exit %d, %q %q; want the teacher shown locked", code, out, errOut)
	}
	if code, _, errOut := jxj(t, "account", "unlock", "--data", data, demo.TeacherUser); code != 0 {
		t.Fatalf("unlock: exit %d, %s", code, errOut)
	}
	actAs(t, demo.TeacherUser)
	if code, _, errOut := jxj(t, "export", "directory", "--data", data, filepath.Join(t.TempDir(), "x.xlsx")); code != 0 {
		t.Errorf("after the unlock: exit %d, %s", code, errOut)
	}
}
