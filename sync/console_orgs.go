package sync

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// This file is the console's work on the schools beyond adding,
// re-coding and revoking one (PROTOCOL.md, "The bureau console's API"):
// editing a school, importing the bureau's list (a dry run first) and
// the fresh codes of enrolment letters. The console reads the list's
// file and prints the letters itself: only rows and codes cross.

// ConsoleOrgUpdate is the body of POST orgs/{id}: the fields given
// change, the others stay.
type ConsoleOrgUpdate struct {
	Name     *string `json:"name,omitempty"`
	Kind     *string `json:"kind,omitempty"`
	Township *string `json:"township,omitempty"`
}

// ConsoleOrgRow is one row of the bureau's list, its cells as written.
type ConsoleOrgRow struct {
	Line     int    `json:"line"`
	Name     string `json:"name"`
	Kind     string `json:"kind,omitempty"`
	Township string `json:"township,omitempty"`
}

// ConsoleOrgImport is the body of POST orgs/import.
type ConsoleOrgImport struct {
	Rows   []ConsoleOrgRow `json:"rows"`
	DryRun bool            `json:"dry_run,omitempty"`
}

// ConsoleImportPlan answers POST orgs/import: what the rows do (or did).
type ConsoleImportPlan struct {
	Added     int                 `json:"added"`
	Updated   int                 `json:"updated"`
	Unchanged int                 `json:"unchanged"`
	Items     []ConsolePlanItem   `json:"items,omitempty"`
	Rejected  []ConsoleRowProblem `json:"rejected,omitempty"`
}

// ConsolePlanItem is a row that adds or updates a school (or is as the
// school is already).
type ConsolePlanItem struct {
	Line    int             `json:"line"`
	Row     int             `json:"row"` // its index in the rows sent
	Action  string          `json:"action"`
	Name    string          `json:"name"`
	OrgID   int64           `json:"org_id,omitempty"`
	Changes []ConsoleChange `json:"changes,omitempty"`
}

// ConsoleChange is one field an update changes; field is a message key.
type ConsoleChange struct {
	Field string `json:"field"`
	Old   string `json:"old,omitempty"`
	New   string `json:"new,omitempty"`
}

// ConsoleRowProblem is a rejected row with its reason as a message.
type ConsoleRowProblem struct {
	Line int    `json:"line"`
	Name string `json:"name,omitempty"`
	Code string `json:"code"`
	Key  string `json:"key"`
	Args []any  `json:"args,omitempty"`
}

// ConsoleLetterRequest is the body of POST orgs/letters: no orgs means
// every school neither enrolled nor revoked.
type ConsoleLetterRequest struct {
	Orgs    []int64 `json:"orgs,omitempty"`
	Reissue bool    `json:"reissue,omitempty"`
}

// ConsoleLetter is one school's fresh code, for its letter.
type ConsoleLetter struct {
	Org     ConsoleOrg `json:"org"`
	Code    string     `json:"code"`
	Expires time.Time  `json:"expires"`
}

// consoleOrgRoutes adds the endpoints of this file; consoleRoutes calls it.
func (s *HubServer) consoleOrgRoutes(mux *http.ServeMux) {
	post := "POST " + PathConsole
	mux.HandleFunc(post+"orgs/{id}", s.bureau(app.BureauManageOrgs, s.consoleEditOrg))
	mux.HandleFunc(post+"orgs/import", s.bureau(app.BureauManageOrgs, s.consoleImportOrgs))
	mux.HandleFunc(post+"orgs/letters", s.bureau(app.BureauManageOrgs, s.consoleLetterCodes))
}

func (s *HubServer) consoleEditOrg(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	id, ok := s.pathID(w, r)
	var req ConsoleOrgUpdate
	if !ok || !s.decode(w, r, &req) {
		return
	}
	u := app.HubOrgUpdate{Name: req.Name, Township: req.Township}
	if req.Kind != nil {
		k := app.OrgKind(*req.Kind)
		u.Kind = &k
	}
	org, err := s.store.EditOrg(r.Context(), id, u)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, consoleOrg(org))
}

func (s *HubServer) consoleImportOrgs(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	var req ConsoleOrgImport
	if !s.decode(w, r, &req) {
		return
	}
	if len(req.Rows) > app.MaxHubOrgRows {
		s.failErr(w, r, app.Errorf(app.EINVALID, "bureau_console_orgs.error.too_many_rows", len(req.Rows), app.MaxHubOrgRows))
		return
	}
	rows := make([]app.HubOrgRow, len(req.Rows))
	for i, row := range req.Rows {
		rows[i] = app.HubOrgRow(row)
	}
	plan, err := s.store.ImportOrgs(r.Context(), rows, req.DryRun)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, consolePlan(plan))
}

func (s *HubServer) consoleLetterCodes(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	var req ConsoleLetterRequest
	if !s.decode(w, r, &req) {
		return
	}
	letters, err := s.store.LetterCodes(r.Context(), req.Orgs, req.Reissue)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	out := make([]ConsoleLetter, len(letters))
	for i, l := range letters {
		out[i] = ConsoleLetter{Org: consoleOrg(&l.Org), Code: l.Code, Expires: l.Expires}
	}
	s.reply(w, r, out)
}

// planActions are the actions' names on the wire.
var planActions = map[app.ImportAction]string{app.ActionAdd: "add", app.ActionUpdate: "update", app.ActionUnchanged: "unchanged"}

func planAction(name string) app.ImportAction {
	for a, n := range planActions {
		if n == name {
			return a
		}
	}
	return app.ActionUnchanged // an action this version does not know writes nothing it can show
}

func consolePlan(p *app.ImportPlan) ConsoleImportPlan {
	out := ConsoleImportPlan{Added: p.Added, Updated: p.Updated, Unchanged: p.Unchanged}
	for _, it := range p.Items {
		ci := ConsolePlanItem{Line: it.Line, Row: it.Row, Action: planActions[it.Action], Name: it.Name, OrgID: it.MatchID}
		for _, c := range it.Changes {
			ci.Changes = append(ci.Changes, ConsoleChange(c))
		}
		out.Items = append(out.Items, ci)
	}
	for _, pr := range p.Rejected {
		cp := ConsoleRowProblem{Line: pr.Line, Name: pr.Name}
		if pr.Reason != nil {
			cp.Code, cp.Key, cp.Args = pr.Reason.Code, pr.Reason.Key, pr.Reason.Args
		}
		out.Rejected = append(out.Rejected, cp)
	}
	return out
}

func (p ConsoleImportPlan) app() *app.ImportPlan {
	out := &app.ImportPlan{Added: p.Added, Updated: p.Updated, Unchanged: p.Unchanged}
	for _, it := range p.Items {
		ai := app.PlanItem{Line: it.Line, Row: it.Row, Action: planAction(it.Action), Name: it.Name, MatchID: it.OrgID}
		for _, c := range it.Changes {
			if c.Field == "orgs.field.kind" {
				c.Old, c.New = kindLabel(c.Old), kindLabel(c.New)
			}
			ai.Changes = append(ai.Changes, app.Change(c))
		}
		out.Items = append(out.Items, ai)
	}
	for _, pr := range p.Rejected {
		args := jsonArgs(pr.Args)
		// the hub wrote the kinds' list in its own language
		switch {
		case pr.Key == "orgs.error.kind" && len(args) == 2:
			args[1] = app.OrgKindList()
		case pr.Key == "orgs.error.kind_missing" && len(args) == 1:
			args[0] = app.OrgKindList()
		}
		out.Rejected = append(out.Rejected, app.RowProblem{Line: pr.Line, Name: pr.Name, Reason: app.Errorf(pr.Code, pr.Key, args...)})
	}
	return out
}

// kindLabel is a kind the hub named in its language, in the console's.
func kindLabel(hubLabel string) string {
	if k, ok := app.ParseOrgKind(hubLabel); ok {
		return i18n.T("org.kind." + string(k))
	}
	return hubLabel
}

// EditOrg changes a school's name, kind or township.
func (c *ConsoleClient) EditOrg(ctx context.Context, id int64, u app.HubOrgUpdate) (*app.HubOrg, error) {
	req := ConsoleOrgUpdate{Name: u.Name, Township: u.Township}
	if u.Kind != nil {
		k := string(*u.Kind)
		req.Kind = &k
	}
	var o ConsoleOrg
	if err := c.post(ctx, "orgs/"+strconv.FormatInt(id, 10), req, &o); err != nil {
		return nil, err
	}
	return o.app(), nil
}

// ImportOrgs sends the bureau's list to the hub: a dry run returns the
// preview, otherwise the hub writes it.
func (c *ConsoleClient) ImportOrgs(ctx context.Context, rows []app.HubOrgRow, dryRun bool) (*app.ImportPlan, error) {
	req := ConsoleOrgImport{Rows: make([]ConsoleOrgRow, len(rows)), DryRun: dryRun}
	for i, row := range rows {
		req.Rows[i] = ConsoleOrgRow(row)
	}
	var p ConsoleImportPlan
	if err := c.post(ctx, "orgs/import", req, &p); err != nil {
		return nil, err
	}
	return p.app(), nil
}

// LetterCodes asks the hub for fresh enrolment codes; they are in the
// answer only, and the schools' earlier codes stop.
func (c *ConsoleClient) LetterCodes(ctx context.Context, ids []int64, reissue bool) ([]app.EnrolLetter, error) {
	var ls []ConsoleLetter
	if err := c.post(ctx, "orgs/letters", ConsoleLetterRequest{Orgs: ids, Reissue: reissue}, &ls); err != nil {
		return nil, err
	}
	out := make([]app.EnrolLetter, len(ls))
	for i, l := range ls {
		out[i] = app.EnrolLetter{Org: *l.Org.app(), Code: l.Code, Expires: l.Expires}
	}
	return out, nil
}
