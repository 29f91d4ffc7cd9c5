package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jxj/app"
	"jxj/storage/pdf"
	"jxj/storage/xlsx"
	jxjsync "jxj/sync"
)

// The console's work on schools against the real `jxj serve` over HTTPS,
// with the pieces main hands the console: the template written here and
// filled in is read here, previewed by the hub (nothing written),
// imported; a school is edited; letters get the hub's fresh codes and
// are printed here with the hub's address and pinned fingerprint.
func TestBureauConsoleOrgsEndToEnd(t *testing.T) {
	dir := t.TempDir()
	hubDir := filepath.Join(dir, "hub")
	hub := startConsoleHub(t, dir, hubDir)
	ctx := context.Background()
	c := jxjsync.NewConsoleClient()
	hubURL := "https://" + hub.addr
	if _, err := c.Login(ctx, app.BureauLogin{HubURL: hubURL, Trust: app.HubTrust{Fingerprint: hub.fingerprint},
		Username: "wang", Password: "bureau-pass-1"}); err != nil {
		t.Fatal(err)
	}

	sheets := xlsx.New()
	list := filepath.Join(dir, "名单.xlsx")
	if err := sheets.WriteHubOrgTemplate(list); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(list)
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	for i, row := range [][]any{{"城关镇第一小学", "小学", "城关镇"}, {"李家教学点", "教学点", "河口镇"}, {"某某大学", "大学", "河口镇"}} {
		if err := f.SetSheetRow(sheet, "A"+string(rune('2'+i)), &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	rows, err := sheets.ReadHubOrgs(list)
	if err != nil || len(rows) != 3 {
		t.Fatalf("the list read: %+v %v", rows, err)
	}
	plan, err := c.ImportOrgs(ctx, rows, true)
	if err != nil || plan.Added != 2 || len(plan.Rejected) != 1 || plan.Rejected[0].Line != 4 {
		t.Fatalf("dry run: %+v %v", plan, err)
	}
	if _, out, _ := jxj(t, "hub", "org", "list", "--data", hubDir); !strings.Contains(out, "还没有") {
		t.Errorf("after the console's dry run the hub lists schools:\n%s", out)
	}
	if plan, err = c.ImportOrgs(ctx, rows, false); err != nil || plan.Added != 2 {
		t.Fatalf("import: %+v %v", plan, err)
	}
	orgs, err := c.Orgs(ctx)
	if err != nil || len(orgs) != 2 {
		t.Fatalf("orgs after the import: %+v %v", orgs, err)
	}
	township := "城关学区"
	if o, err := c.EditOrg(ctx, orgs[0].ID, app.HubOrgUpdate{Township: &township}); err != nil || o.Township != township {
		t.Fatalf("edit: %+v %v", o, err)
	}
	if _, out, _ := jxj(t, "hub", "org", "list", "--data", hubDir); !strings.Contains(out, township) {
		t.Errorf("the hub's list lacks the console's edit:\n%s", out)
	}

	letters, err := c.LetterCodes(ctx, nil, false)
	if err != nil || len(letters) != 2 {
		t.Fatalf("letter codes: %+v %v", letters, err)
	}
	path := filepath.Join(dir, "注册函.pdf")
	if err := pdf.New().PrintEnrolLetters(path, app.EnrolLetters{HubURL: hubURL, Fingerprint: hub.fingerprint, Letters: letters}); err != nil {
		t.Fatal(err)
	}
	pages := pdfPages(t, path)
	if len(pages) != 2 {
		t.Fatalf("%d pages, want one per school", len(pages))
	}
	for i, p := range pages {
		if !strings.Contains(p, letters[i].Code) || !strings.Contains(p, hubURL) || !strings.Contains(p, hub.fingerprint) {
			t.Errorf("page %d lacks its code, the hub's address or its fingerprint:\n%s", i+1, p)
		}
	}
}
