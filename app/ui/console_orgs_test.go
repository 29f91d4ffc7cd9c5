package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// orgsConsole is the console logged in as the administrator on 学校和机构,
// whose schools report their version and conflicts.
func orgsConsole(t *testing.T, lang string) (*consoleHarness, *consoleOrgs) {
	t.Helper()
	h := loggedInConsole(t, lang, app.BureauAdmin)
	h.hub.OrgsFn = func(context.Context) ([]*app.HubOrg, error) {
		orgs := consoleOrgsFixture()
		orgs[0].AppVersion, orgs[0].Conflicts = "v1.12.0", 3
		return orgs, nil
	}
	h.console.selectPage(consolePageOrgs)
	h.wait()
	return h, h.console.orgs
}

// Each school shows its last sync, version and conflicts waiting; a
// township can be shown alone, and stays so over a refresh.
func TestConsoleOrgsStatusAndTownship(t *testing.T) {
	h, s := orgsConsole(t, i18n.Chinese)
	r := s.rows[0]
	if r[1] != "城关一小" || r[4] != app.FormatMinute(s.orgs[0].LastContact) || r[5] != "v1.12.0" || r[6] != "3" {
		t.Errorf("城关一小's row %q: want its last sync, version v1.12.0 and 3 conflicts", r)
	}
	if r := s.rows[1]; r[4] != i18n.T("bureau_console_orgs.never") || r[5] != "" || r[6] != "" {
		t.Errorf("城关二小 never synced: row %q", r)
	}

	s.township.SetSelected("河口乡")
	var names []string
	for _, r := range s.rows {
		names = append(names, r[1])
	}
	if !slices.Equal(names, []string{"旧村小", "河口中学"}) {
		t.Errorf("河口乡 shows %q", names)
	}
	s.reload()
	h.wait()
	if len(s.rows) != 2 || s.township.Selected != "河口乡" {
		t.Errorf("after a refresh %d rows of %q, want 河口乡's 2", len(s.rows), s.township.Selected)
	}
	s.township.SetSelected(allTownships())
	if len(s.rows) != 4 {
		t.Errorf("all townships shows %d schools, want 4", len(s.rows))
	}
}

// Editing sends the school's fields; the hub's refusal stays in the
// dialog, to correct.
func TestConsoleOrgsEdit(t *testing.T) {
	h, s := orgsConsole(t, i18n.Chinese)
	var got []app.HubOrgUpdate
	h.hub.EditOrgFn = func(_ context.Context, id int64, u app.HubOrgUpdate) (*app.HubOrg, error) {
		if id != 1 {
			t.Errorf("edited school %d, want 1", id)
		}
		got = append(got, u)
		if *u.Name == "城关二小" {
			return nil, app.Errorf(app.ECONFLICT, "hub.error.org_exists", *u.Name)
		}
		return &app.HubOrg{ID: id, Name: *u.Name}, nil
	}
	if !s.edit.Disabled() {
		t.Error("edit works with no school picked")
	}
	s.table.Select(widget.TableCellID{Row: 0, Col: 1})
	test.Tap(s.edit)
	f := s.editFields
	if f.name.Text != "城关一小" || f.township.Text != "城关镇" || f.kind.Selected != i18n.T("org.kind.primary") {
		t.Fatalf("the editor shows %q %q %q, not the school", f.name.Text, f.township.Text, f.kind.Selected)
	}
	f.name.SetText("城关二小")
	test.Tap(s.editB)
	h.wait()
	if s.editErr.Text == "" || len(h.win.Canvas().Overlays().List()) == 0 {
		t.Error("the hub's refusal does not show in the open dialog")
	}
	f.name.SetText("城关第一小学")
	f.kind.SetSelected(i18n.T("org.kind.nine_year"))
	f.township.SetText("城关镇")
	test.Tap(s.editB)
	h.wait()
	if len(got) != 2 || *got[1].Name != "城关第一小学" || *got[1].Kind != app.OrgNineYear || *got[1].Township != "城关镇" {
		t.Errorf("edits sent %+v", got)
	}
	if len(h.win.Canvas().Overlays().List()) != 0 {
		t.Error("the dialog stays open after a saved edit")
	}
}

// orgImportPlan is the hub's plan of the list: one added, one updated,
// one refused.
func orgImportPlan() *app.ImportPlan {
	return &app.ImportPlan{Added: 1, Updated: 1,
		Items: []app.PlanItem{
			{Line: 2, Row: 0, Name: "新桥小学", Action: app.ActionAdd},
			{Line: 3, Row: 1, Name: "城关一小", Action: app.ActionUpdate, MatchID: 1,
				Changes: []app.Change{{Field: "orgs.field.kind", Old: "小学", New: "九年一贯制"}}},
		},
		Rejected: []app.RowProblem{{Line: 4, Name: "某某学校", Reason: app.Errorf(app.EINVALID, "orgs.error.kind", "大学", app.OrgKindList())}},
	}
}

// The list is read here, previewed by the hub's dry run, written on
// confirm; the officer is told the new schools need letters.
func TestConsoleOrgsImport(t *testing.T) {
	h, s := orgsConsole(t, i18n.Chinese)
	h.win.Resize(fyne.NewSize(1366, 768))
	rows := []app.HubOrgRow{{Line: 2, Name: "新桥小学", Kind: "小学", Township: "新桥镇"},
		{Line: 3, Name: "城关一小", Kind: "九年一贯制", Township: "城关镇"}, {Line: 4, Name: "某某学校", Kind: "大学"}}
	h.sheets.ReadHubOrgsFn = func(path string) ([]app.HubOrgRow, error) {
		if path != "/tmp/名单.xlsx" {
			return nil, app.Errorf(app.EINVALID, "xlsx.error.open", path)
		}
		return rows, nil
	}
	var runs []bool
	h.hub.ImportOrgsFn = func(_ context.Context, got []app.HubOrgRow, dry bool) (*app.ImportPlan, error) {
		if !slices.Equal(got, rows) {
			t.Errorf("the hub got rows %+v", got)
		}
		runs = append(runs, dry)
		return orgImportPlan(), nil
	}

	s.previewImport("/tmp/其他.xlsx")
	h.wait()
	if s.preview != nil || len(runs) != 0 {
		t.Error("a file that cannot be read went to the hub")
	}
	closeOverlays(h.win)

	s.previewImport("/tmp/名单.xlsx")
	h.wait()
	if s.preview == nil || !slices.Equal(runs, []bool{true}) {
		t.Fatalf("no preview from a dry run: runs %v", runs)
	}
	h.wantText("名单.xlsx")
	h.wantText(i18n.T("importscreen.tab.rejected", 1))
	h.wantText(i18n.Err(orgImportPlan().Rejected[0].Reason))
	s.preview.tabs.SelectIndex(3)
	h.wantText("城关一小")
	test.Tap(s.preview.confirmBtn)
	h.wait()
	if !slices.Equal(runs, []bool{true, false}) {
		t.Errorf("runs %v, want a dry run then the import", runs)
	}
	if s.preview != nil {
		t.Error("the preview stays after the import")
	}
	h.wantText(i18n.T("bureau_console_orgs.imported_letters", 1))
}

// Letters: the schools not enrolled are picked at first; the hub's
// fresh codes are printed with the hub's address and fingerprint, and
// the officer is told the PDF is their only copy.
func TestConsoleOrgsLetters(t *testing.T) {
	const fp = "SHA256:AB:CD"
	h := newConsoleHarness(t, i18n.Chinese, app.ConsoleConfig{HubURL: consoleHub, Fingerprint: fp, Username: "wang"}, app.BureauAdmin)
	h.logIn("pass-1234")
	h.console.selectPage(consolePageOrgs)
	h.wait()
	s := h.console.orgs

	s.showLetters()
	var picked []string
	for _, l := range s.letterPick.Selected {
		picked = append(picked, l)
	}
	if len(picked) != 1 || len(s.letterPick.Options) != 3 {
		t.Fatalf("picked %q of %q: want 河口中学 alone of the 3 not revoked", picked, s.letterPick.Options)
	}
	s.letterPick.SetSelected(nil)
	if !s.letterB.Disabled() {
		t.Error("letters can go on with no school picked")
	}
	closeOverlays(h.win)

	var asked []int64
	var reissue bool
	h.hub.LetterCodesFn = func(_ context.Context, ids []int64, re bool) ([]app.EnrolLetter, error) {
		asked, reissue = ids, re
		out := make([]app.EnrolLetter, len(ids))
		for i, id := range ids {
			out[i] = app.EnrolLetter{Org: app.HubOrg{ID: id}, Code: "CODE", Expires: time.Now()}
		}
		return out, nil
	}
	var printed app.EnrolLetters
	h.printer.PrintEnrolLettersFn = func(path string, l app.EnrolLetters) error {
		if path != "/tmp/letters.pdf" {
			t.Errorf("printed to %q", path)
		}
		printed = l
		return nil
	}
	orgs := consoleOrgsFixture()
	empty := filepath.Join(t.TempDir(), "注册函.pdf") // as the save dialog leaves it
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	d := s.askLetters([]*app.HubOrg{orgs[1], orgs[0]}, empty)
	h.wantText("城关一小") // enrolled: its credential is replaced when it enrols again
	d.Hide()           // 取消
	if asked != nil {
		t.Fatal("codes were issued though the officer cancelled")
	}
	if _, err := os.Stat(empty); err == nil {
		t.Error("cancelling left the save dialog's empty file")
	}
	s.askLetters([]*app.HubOrg{orgs[1], orgs[0]}, "/tmp/letters.pdf")
	test.Tap(h.button(i18n.T("bureau_console_orgs.letters_submit")))
	h.wait()
	if !slices.Equal(asked, []int64{2, 1}) || !reissue {
		t.Errorf("codes asked for %v (reissue %v), want 2 and 1, reissued", asked, reissue)
	}
	if printed.HubURL != consoleHub || printed.Fingerprint != fp || len(printed.Letters) != 2 {
		t.Errorf("printed %+v, want the hub's address, its fingerprint and 2 letters", printed)
	}
	h.wantText(i18n.T("bureau_console_orgs.letters_done", 2, "/tmp/letters.pdf"))
	closeOverlays(h.win)

	// the codes are made but the PDF fails: the officer is told to print again
	h.printer.PrintEnrolLettersFn = func(string, app.EnrolLetters) error { return errors.New("disk full") }
	s.askLetters([]*app.HubOrg{orgs[1]}, "/tmp/letters.pdf")
	test.Tap(h.button(i18n.T("bureau_console_orgs.letters_submit")))
	h.wait()
	if reissue {
		t.Error("a school not enrolled was reissued")
	}
	h.wantText(i18n.T("bureau_console_orgs.error.print", 1, i18n.Err(errors.New("disk full"))))
}

// Staff see none of the administrator's tools; offline they are there,
// disabled.
func TestConsoleOrgsToolsByRoleAndConnection(t *testing.T) {
	h := loggedInConsole(t, i18n.Chinese, app.BureauStaff)
	h.console.selectPage(consolePageOrgs)
	h.wait()
	if s := h.console.orgs; s.edit != nil || s.importB != nil || s.template != nil || s.letters != nil {
		t.Error("staff see the administrator's tools")
	}
	h, s := orgsConsole(t, i18n.English)
	h.console.setOffline(errOffline(), time.Now())
	if !s.importB.Disabled() || !s.letters.Disabled() {
		t.Error("import and letters work offline")
	}
	h.console.setOnline()
	if s.importB.Disabled() || s.letters.Disabled() {
		t.Error("import and letters stay disabled online")
	}
}

// checkOrgsTools checks the orgs page's dialogs and views fit, with
// TestConsoleFitsTheWindow's check; a school is picked.
func checkOrgsTools(h *consoleHarness, check func(*consoleHarness, string)) {
	s := h.console.orgs
	s.showEdit()
	check(h, "edit a school")
	s.showLetters()
	check(h, "letters")
	s.askLetters(consoleOrgsFixture()[:3], "/tmp/注册函.pdf")
	check(h, "letters' confirmation")
	s.showPreview("学校名单.xlsx", nil, orgImportPlan())
	check(h, "import preview")
	s.closePreview()
	h.wait()
}
