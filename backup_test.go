package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"jxj/app/demo"
)

// backupPathRE finds the backup file jxj backup names.
var backupPathRE = regexp.MustCompile(`\S+\.db`)

// A damaged jxj.db stops every command, reads or writes, and names the
// latest backup; a truncated one never becomes a new empty school; jxj
// restore brings the school back and keeps the damaged file aside.
func TestDamagedDatabaseEndToEnd(t *testing.T) {
	data := t.TempDir()
	if code, out, errOut := jxj(t, "demo", "--data", data); code != 0 {
		t.Fatalf("demo: %d %s%s", code, out, errOut)
	}
	actAs(t, demo.AdminUser)
	code, out, errOut := jxj(t, "backup", "--data", data)
	backup := backupPathRE.FindString(out)
	if code != 0 || !strings.HasPrefix(backup, filepath.Join(data, "backups")) {
		t.Fatalf("backup: exit %d\n%s%s; want a file in backups/", code, out, errOut)
	}
	_, notices, _ := jxj(t, "notice", "list", "--data", data)
	db := filepath.Join(data, "jxj.db")

	overwrite := func(t *testing.T) {
		b, err := os.ReadFile(db)
		if err != nil {
			t.Fatal(err)
		}
		mid := len(b) / 4096 / 2 * 4096
		copy(b[mid:mid+4096], bytes.Repeat([]byte{0xFF}, 4096))
		if err := os.WriteFile(db, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	truncate := func(t *testing.T) {
		if err := os.Truncate(db, 0); err != nil {
			t.Fatal(err)
		}
	}
	var asides []string
	for _, damage := range []struct {
		name string
		do   func(t *testing.T)
		says string
	}{{"a page overwritten", overwrite, "已损坏"}, {"truncated", truncate, "变成了空文件"}} {
		t.Run(damage.name, func(t *testing.T) {
			damage.do(t)
			before, _ := os.ReadFile(db)
			for _, args := range [][]string{
				{"notice", "list", "--data", data},
				{"notice", "publish", "--data", data, "--title", "测试", "--body", "x", "--to", "school"},
				{"sync", "status", "--data", data},
			} {
				code, out, errOut := jxj(t, args...)
				if code != 1 || !strings.Contains(errOut, damage.says) || !strings.Contains(errOut, backup) || !strings.Contains(errOut, "jxj restore") {
					t.Errorf("%s: exit %d\n%s%s; want 1, what is wrong and the latest backup", strings.Join(args[:2], " "), code, out, errOut)
				}
			}
			if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
				t.Error("a command changed the damaged file")
			}
			code, out, errOut := jxj(t, "restore", "--data", data, backup)
			if code != 0 || !strings.Contains(out, "另存为") {
				t.Fatalf("restore: exit %d\n%s%s", code, out, errOut)
			}
			if code, got, _ := jxj(t, "notice", "list", "--data", data); code != 0 || got != notices {
				t.Errorf("notice list after the restore: exit %d\n%s; want the school as backed up:\n%s", code, got, notices)
			}
			if code, out, errOut := jxj(t, "audit", "verify", "--data", data); code != 0 {
				t.Errorf("audit verify after the restore: exit %d\n%s%s", code, out, errOut)
			}
			asides = append(asides, aside(t, db))
		})
	}
	if asides[0] == asides[1] {
		t.Errorf("both restores kept the replaced database as %s: the first was lost", asides[0])
	}
}

// aside returns the newest database a restore kept aside.
func aside(t *testing.T, db string) string {
	t.Helper()
	files, _ := filepath.Glob(db + ".before-restore-*")
	var newest string
	var at time.Time
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil && !strings.HasSuffix(f, "-wal") && !strings.HasSuffix(f, "-shm") && !fi.ModTime().Before(at) {
			newest, at = f, fi.ModTime()
		}
	}
	if newest == "" {
		t.Fatal("the damaged database was not kept aside")
	}
	return newest
}
