package sync

import (
	"strings"
	"testing"

	"jxj/app"
	"jxj/app/i18n"
)

// The hub names kinds in its own language; the console's preview reads
// them in the officer's.
func TestConsolePlanKindsInConsoleLanguage(t *testing.T) {
	i18n.SetLanguage(i18n.English)
	t.Cleanup(func() { i18n.SetLanguage(i18n.Chinese) })
	wire := ConsoleImportPlan{Updated: 1,
		Items: []ConsolePlanItem{{Line: 2, Action: "update", Name: "城关一小", OrgID: 1,
			Changes: []ConsoleChange{{Field: "orgs.field.kind", Old: "小学", New: "九年一贯制"}}}},
		Rejected: []ConsoleRowProblem{
			{Line: 3, Name: "某某大学", Code: app.EINVALID, Key: "orgs.error.kind", Args: []any{"大学", "小学、初中"}},
			{Line: 4, Name: "某某学校", Code: app.EINVALID, Key: "orgs.error.kind_missing", Args: []any{"小学、初中"}},
		}}
	plan := wire.app()
	if c := plan.Items[0].Changes[0]; c.Old != "Primary school" || c.New != "Nine-year school" || plan.Items[0].Action != app.ActionUpdate {
		t.Errorf("the change reads %+v", c)
	}
	for _, r := range plan.Rejected {
		if msg := i18n.Err(r.Reason); !strings.Contains(msg, "Primary school") || strings.Contains(msg, "小学、") {
			t.Errorf("row %d reads %q: want the kinds in English", r.Line, msg)
		}
	}
}
