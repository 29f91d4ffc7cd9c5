package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// runRequestList lists the school's requests with their state as last
// heard from the hub, and the bureau's opinion once decided.
func runRequestList(ctx context.Context, c *call) error {
	return c.withServices(ctx, 0, func(ctx context.Context, svc app.Services) error {
		rs, err := svc.Requests.Requests(ctx)
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			c.printf("approvals.cli.list_empty")
			return nil
		}
		rows := make([][]string, len(rs))
		for i, r := range rs {
			rows[i] = []string{strconv.FormatInt(r.ID, 10), app.TypeLabel(r.Type), r.Title, app.StateLabel(r.State),
				stepsLine(r.Steps), r.Opinion}
		}
		return writeTable(c.env.Stdout, i18n.T("approvals.cli.list_header"), rows)
	})
}

// stepsLine says who decided each step and how: 科室 ✓ wang; 分管领导 …
func stepsLine(steps []app.RequestStepState) string {
	parts := make([]string, len(steps))
	for i, s := range steps {
		switch {
		case s.By == "":
			parts[i] = i18n.T("approvals.cli.step_waiting", s.Name)
		case s.Approve:
			parts[i] = i18n.T("approvals.cli.step_approved", s.Name, s.By)
		default:
			parts[i] = i18n.T("approvals.cli.step_rejected", s.Name, s.By)
		}
	}
	return strings.Join(parts, "; ")
}

// runRequestSubmit submits a draft (its id), or a new request written
// with flags, which is stored as a draft and submitted at once. It goes
// up at the next sync; only its id goes to standard output.
func runRequestSubmit(ctx context.Context, c *call) error {
	typ := c.flags.String("type", "", i18n.T("approvals.cli.flag.type"))
	title := c.flags.String("title", "", i18n.T("approvals.cli.flag.title"))
	body := c.flags.String("body", "", i18n.T("approvals.cli.flag.body"))
	var fields, attach stringList
	c.flags.Var(&fields, "field", i18n.T("approvals.cli.flag.field"))
	c.flags.Var(&attach, "attach", i18n.T("approvals.cli.flag.attach"))
	if err := c.parseFlags(); err != nil {
		return err
	}
	var id int64
	switch c.flags.NArg() {
	case 0:
		if *typ == "" || strings.TrimSpace(*title) == "" {
			return &usageError{i18n.T("approvals.cli.error.new_needs", typeNames())}
		}
	case 1:
		var err error
		if id, err = c.idArg(1, 0, "approvals.cli.error.id"); err != nil {
			return err
		}
		if *typ != "" || *title != "" || *body != "" || len(fields) > 0 || len(attach) > 0 {
			return &usageError{i18n.T("approvals.cli.error.draft_and_flags")}
		}
	default:
		return &usageError{i18n.T("cli.error.nargs", 1, c.flags.NArg())}
	}
	values := map[string]string{}
	for _, f := range fields {
		k, v, ok := strings.Cut(f, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return &usageError{i18n.T("approvals.cli.error.field", f)}
		}
		values[strings.TrimSpace(k)] = v
	}
	return c.withServices(ctx, c.flags.NArg(), func(ctx context.Context, svc app.Services) error {
		if id == 0 {
			d := app.RequestDraftInput{Type: app.RequestType(*typ), Title: *title, Body: *body, Fields: values, Files: attach}
			if err := app.ValidateRequest(d.Type, d.Title, d.Body, d.Fields); err != nil {
				return err // checked before anything is stored
			}
			r, err := svc.Requests.SaveRequest(ctx, d)
			if err != nil {
				return err
			}
			id = r.ID
		}
		r, err := svc.Requests.SubmitRequest(ctx, id)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.env.Stderr, i18n.T("approvals.cli.submitted", r.Title, r.ID, len(r.Files)))
		fmt.Fprintln(c.env.Stdout, r.ID)
		return nil
	})
}

func typeNames() string {
	names := make([]string, len(app.RequestTemplates))
	for i, t := range app.RequestTemplates {
		names[i] = string(t.Type) + "（" + app.TypeLabel(t.Type) + "）"
	}
	return strings.Join(names, ", ")
}

// runRequestWithdraw withdraws a request the bureau has not decided.
func runRequestWithdraw(ctx context.Context, c *call) error {
	id, err := c.idArg(1, 0, "approvals.cli.error.id")
	if err != nil {
		return err
	}
	return c.withServices(ctx, 1, func(ctx context.Context, svc app.Services) error {
		r, err := svc.Requests.WithdrawRequest(ctx, id)
		if err != nil {
			return err
		}
		c.printf("approvals.cli.withdrawn", r.Title)
		return nil
	})
}

// runHubRequestList lists the requests on the hub: all, one state's, the
// overdue ones, or the queue of a bureau account.
func runHubRequestList(ctx context.Context, c *call) error {
	state := c.flags.String("state", "", i18n.T("approvals.cli.flag.state"))
	overdue := c.flags.Bool("overdue", false, i18n.T("approvals.cli.flag.overdue"))
	forUser := c.flags.String("for", "", i18n.T("approvals.cli.flag.for"))
	if err := c.parse(0); err != nil {
		return err
	}
	f := app.RequestFilter{State: app.RequestState(*state), Overdue: *overdue, For: strings.TrimSpace(*forUser)}
	if f.State != "" && !slices.Contains([]app.RequestState{app.RequestSubmitted, app.RequestReviewing, app.RequestApproved,
		app.RequestRejected, app.RequestWithdrawn}, f.State) {
		return &usageError{i18n.T("approvals.cli.error.state", *state)}
	}
	return c.withHub(ctx, 0, func(ctx context.Context, hub app.HubStore) error {
		rs, err := hub.Requests(ctx, f)
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			c.printf("approvals.cli.list_empty")
			return nil
		}
		now := time.Now()
		rows := make([][]string, len(rs))
		for i, r := range rs {
			waiting := ""
			if step, ok := r.WaitingStep(); ok {
				waiting = fmt.Sprintf("%d/%d %s", r.Step+1, len(r.Plan), step.Name)
			}
			late := ""
			if r.Overdue(now) {
				late = i18n.T("approvals.cli.overdue")
			}
			rows[i] = []string{strconv.FormatInt(r.ID, 10), r.Org.Name, app.TypeLabel(r.Type), r.Title, app.StateLabel(r.State),
				waiting, fmt.Sprintf("%.1f", r.Waiting(now).Hours()/24), late, r.Opinion}
		}
		return writeTable(c.env.Stdout, i18n.T("approvals.cli.hub_list_header"), rows)
	})
}

// runHubRequestDecide decides the step a request waits at, in the name of
// the bureau account --as names: the hub's audit row names it, as in the
// console, and says it came from the command line.
func runHubRequestDecide(ctx context.Context, c *call) error {
	approve := c.flags.Bool("approve", false, i18n.T("approvals.cli.flag.approve"))
	reject := c.flags.Bool("reject", false, i18n.T("approvals.cli.flag.reject"))
	opinion := c.flags.String("opinion", "", i18n.T("approvals.cli.flag.opinion"))
	as := c.flags.String("as", "", i18n.T("approvals.cli.flag.as"))
	step := c.flags.Int("step", 0, i18n.T("approvals.cli.flag.step"))
	id, err := c.idArg(1, 0, "approvals.cli.error.hub_id")
	if err != nil {
		return err
	}
	switch {
	case *approve == *reject:
		return &usageError{i18n.T("approvals.cli.error.approve_or_reject")}
	case strings.TrimSpace(*as) == "":
		return &usageError{i18n.T("cli.notice.error.required", "--as")}
	case *step < 0:
		return &usageError{i18n.T("approvals.cli.error.step", *step)}
	}
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		accounts, err := hub.BureauAccounts(ctx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(accounts, func(a *app.BureauAccount) bool { return a.Username == strings.TrimSpace(*as) })
		if i < 0 || accounts[i].Disabled {
			return app.Errorf(app.EINVALID, "approvals.cli.error.as", *as)
		}
		ctx = app.NewContextWithBureau(ctx, accounts[i])
		r, err := hub.DecideRequest(ctx, app.RequestDecision{ID: id, Step: *step, Approve: *approve, Opinion: *opinion, CommandLine: true})
		if err != nil {
			return err
		}
		c.printf("approvals.cli.decided", r.Title, app.StateLabel(r.State))
		return nil
	})
}

// runHubRequestTypes lists the request types' steps and deadlines, or
// changes one: --set TYPE --steps "科室:wang,li;分管领导:zhao" --days N (a
// step with no accounts may be decided by any bureau account).
func runHubRequestTypes(ctx context.Context, c *call) error {
	set := c.flags.String("set", "", i18n.T("approvals.cli.flag.set"))
	steps := c.flags.String("steps", "", i18n.T("approvals.cli.flag.steps"))
	days := c.flags.Int("days", 0, i18n.T("approvals.cli.flag.days"))
	if err := c.parse(0); err != nil {
		return err
	}
	return c.withHub(ctx, 0, func(ctx context.Context, hub app.HubStore) error {
		if *set != "" {
			s := app.RequestTypeSetting{Type: app.RequestType(*set), Steps: parseSteps(*steps), DeadlineDays: *days}
			if *steps == "" || *days == 0 {
				current, err := hub.RequestTypes(ctx)
				if err != nil {
					return err
				}
				for _, t := range current {
					if t.Type == s.Type && *steps == "" {
						s.Steps = t.Steps
					}
					if t.Type == s.Type && *days == 0 {
						s.DeadlineDays = t.DeadlineDays
					}
				}
			}
			if err := hub.SetRequestType(ctx, s); err != nil {
				return err
			}
		}
		types, err := hub.RequestTypes(ctx)
		if err != nil {
			return err
		}
		rows := make([][]string, len(types))
		for i, t := range types {
			parts := make([]string, len(t.Steps))
			for j, s := range t.Steps {
				who := i18n.T("approvals.cli.anyone")
				if len(s.Accounts) > 0 {
					who = strings.Join(s.Accounts, ",")
				}
				parts[j] = s.Name + "(" + who + ")"
			}
			rows[i] = []string{string(t.Type), app.TypeLabel(t.Type), strings.Join(parts, " → "), strconv.Itoa(t.DeadlineDays)}
		}
		return writeTable(c.env.Stdout, i18n.T("approvals.cli.types_header"), rows)
	})
}

// parseSteps reads "NAME[:ACCOUNT,…];…".
func parseSteps(arg string) []app.RequestStep {
	var out []app.RequestStep
	for part := range strings.SplitSeq(arg, ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		name, list, _ := strings.Cut(part, ":")
		s := app.RequestStep{Name: strings.TrimSpace(name)}
		for a := range strings.SplitSeq(list, ",") {
			if a = strings.TrimSpace(a); a != "" {
				s.Accounts = append(s.Accounts, a)
			}
		}
		out = append(out, s)
	}
	return out
}

// runHubRequestFigures prints the district's figures of requests, by type
// and by township, as the cockpit shows them.
func runHubRequestFigures(ctx context.Context, c *call) error {
	asJSON := c.flags.Bool("json", false, i18n.T("approvals.cli.flag.json"))
	if err := c.parse(0); err != nil {
		return err
	}
	return c.withHub(ctx, 0, func(ctx context.Context, hub app.HubStore) error {
		f, err := hub.RequestFigures(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			enc := json.NewEncoder(c.env.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(f)
		}
		c.printf("approvals.cli.median", f.MedianDaysToDo)
		row := func(name string, n app.RequestCounts) []string {
			return []string{name, strconv.Itoa(n.Waiting), strconv.Itoa(n.Approved), strconv.Itoa(n.Rejected),
				strconv.Itoa(n.Withdrawn), strconv.Itoa(n.Overdue)}
		}
		rows := [][]string{row(i18n.T("approvals.cli.all"), f.Total)}
		for _, t := range app.RequestTemplates {
			if n, ok := f.ByType[t.Type]; ok {
				rows = append(rows, row(app.TypeLabel(t.Type), n))
			}
		}
		towns := slices.Sorted(maps.Keys(f.ByTownship))
		for _, town := range towns {
			rows = append(rows, row(town, f.ByTownship[town]))
		}
		return writeTable(c.env.Stdout, i18n.T("approvals.cli.figures_header"), rows)
	})
}
