package xlsx

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jxj/app"
	"jxj/app/i18n"
)

func TestWriteNoticeStatus(t *testing.T) {
	i18n.SetLanguage(i18n.Chinese)
	at := time.Date(2026, 12, 5, 9, 30, 0, 0, time.Local)
	n := &app.HubNotice{Title: "关于防溺水的通知"}
	schools := []app.HubNoticeSchool{
		{Org: app.HubOrg{Name: "城关一小", Township: "城关镇"}, Delivered: true, Confirmed: at, Families: 40, Read: 38, Acked: 30},
		{Org: app.HubOrg{Name: "河口中学", Township: "河口乡"}},
	}
	path := filepath.Join(t.TempDir(), "status.xlsx")
	if err := New().WriteNoticeStatus(path, n, schools); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	if f.GetSheetName(0) != "关于防溺水的通知" {
		t.Errorf("sheet %q, want the notice's title", f.GetSheetName(0))
	}
	want := [][]string{
		{"乡镇", "学校", "已送达", "学校确认", "已转发", "家长", "已读", "已回执", "最后更新"},
		{"城关镇", "城关一小", "是", "2026-12-05 09:30", "", "40", "38", "30"},
		{"河口乡", "河口中学", "否", "", "", "0", "0", "0"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %q, want %q", rows, want)
	}
	for i := range want {
		if len(rows[i]) != len(want[i]) {
			t.Errorf("row %d = %q, want %q", i, rows[i], want[i])
			continue
		}
		for j := range want[i] {
			if rows[i][j] != want[i][j] {
				t.Errorf("row %d col %d = %q, want %q", i, j, rows[i][j], want[i][j])
			}
		}
	}
	if err := New().WriteNoticeStatus(filepath.Join(t.TempDir(), "status.txt"), n, schools); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("a .txt path: %v, want refused", err)
	}
}
