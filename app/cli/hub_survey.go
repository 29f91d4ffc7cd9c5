package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"jxj/app"
	"jxj/app/i18n"
)

// runHubSurveyPublish publishes a bureau survey to every school or to
// some; only its id goes to standard output.
func runHubSurveyPublish(ctx context.Context, c *call) error {
	title := c.flags.String("title", "", i18n.T("cli.survey.flag.title"))
	intro := c.flags.String("intro", "", i18n.T("cli.survey.flag.intro"))
	questions := c.flags.String("questions", "", i18n.T("cli.survey.flag.questions"))
	to := c.flags.String("to", "all", i18n.T("cli.hub.flag.to"))
	deadline := c.flags.String("deadline", "", i18n.T("cli.notice.flag.deadline"))
	if err := c.parse(0); err != nil {
		return err
	}
	for _, f := range []struct{ name, value string }{{"--title", *title}, {"--questions", *questions}} {
		if strings.TrimSpace(f.value) == "" {
			return &usageError{i18n.T("cli.notice.error.required", f.name)}
		}
	}
	d := app.SurveyDraft{Title: *title, Intro: *intro}
	var err error
	if d.Deadline, err = app.ParseDate(*deadline); err != nil {
		return &usageError{i18n.Err(err)}
	}
	if d.Questions, err = readQuestions(*questions); err != nil {
		return err
	}
	if *to != "all" {
		if d.Orgs, err = orgIDs(*to, "cli.hub.error.to"); err != nil {
			return err
		}
	}
	return c.withHub(ctx, 0, func(ctx context.Context, hub app.HubStore) error {
		s, err := hub.PublishSurvey(ctx, d)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.env.Stderr, i18n.T("cli.survey.published", s.Title, s.ID, s.Schools))
		fmt.Fprintln(c.env.Stdout, s.ID)
		return nil
	})
}

// readQuestions reads --questions: a JSON file of questions ([{"label":
// …, "kind": "number"|"choice"|"multi"|"text", "options": […]}]), or the
// questions written out: LABEL=KIND[:OPTION|OPTION…], separated by ";".
func readQuestions(arg string) ([]app.SurveyQuestion, error) {
	var qs []app.SurveyQuestion
	if strings.HasSuffix(strings.ToLower(arg), ".json") {
		b, err := os.ReadFile(arg)
		if err != nil {
			return nil, app.WrapError(err, "cli.survey.error.questions_file", arg, err)
		}
		if err := json.Unmarshal(b, &qs); err != nil {
			return nil, app.Errorf(app.EINVALID, "cli.survey.error.questions_json", arg, err.Error())
		}
		return qs, nil
	}
	for part := range strings.SplitSeq(arg, ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		label, spec, ok := strings.Cut(part, "=")
		if !ok {
			return nil, &usageError{i18n.T("cli.survey.error.question", part)}
		}
		kind, options, _ := strings.Cut(spec, ":")
		q := app.SurveyQuestion{Label: strings.TrimSpace(label), Kind: app.SurveyQuestionKind(strings.TrimSpace(kind))}
		if options != "" {
			for o := range strings.SplitSeq(options, "|") {
				q.Options = append(q.Options, strings.TrimSpace(o))
			}
		}
		qs = append(qs, q)
	}
	return qs, nil
}

// orgIDs reads a comma-separated list of school numbers; key says which
// flag is wrong.
func orgIDs(list, key string) ([]int64, error) {
	var ids []int64
	for part := range strings.SplitSeq(list, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
		if err != nil || id <= 0 {
			return nil, &usageError{i18n.T(key, part)}
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// runHubSurveyList lists the bureau surveys.
func runHubSurveyList(ctx context.Context, c *call) error {
	return c.withHub(ctx, 0, func(ctx context.Context, hub app.HubStore) error {
		ss, err := hub.Surveys(ctx)
		if err != nil {
			return err
		}
		if len(ss) == 0 {
			c.printf("cli.survey.list.empty")
			return nil
		}
		rows := make([][]string, len(ss))
		for i, s := range ss {
			state := i18n.T("cli.notice.state.published")
			if !s.RevokedAt.IsZero() {
				state = i18n.T("cli.notice.state.revoked")
			}
			rows[i] = []string{strconv.FormatInt(s.ID, 10), state, app.FormatDate(s.PublishedAt), app.FormatDate(s.Deadline),
				fmt.Sprintf("%d/%d", s.Answered, s.Schools), s.Title}
		}
		return writeTable(c.env.Stdout, i18n.T("cli.survey.list.header"), rows)
	})
}

// runHubSurveyRevoke revokes a bureau survey at every school.
func runHubSurveyRevoke(ctx context.Context, c *call) error {
	id, err := c.idArg(1, 0, "cli.survey.error.id")
	if err != nil {
		return err
	}
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		s, err := hub.RevokeSurvey(ctx, id)
		if err != nil {
			return err
		}
		c.printf("cli.survey.revoked", s.Title, s.Schools)
		return nil
	})
}

// runHubSurveyStatus prints each school's answer, the totals and the
// schools that have not answered; --json prints the same as JSON.
func runHubSurveyStatus(ctx context.Context, c *call) error {
	asJSON := c.flags.Bool("json", false, i18n.T("cli.survey.flag.json"))
	if err := c.parse(1); err != nil {
		return err
	}
	ref := c.flags.Arg(0)
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		st, err := hub.SurveyStatus(ctx, ref)
		if err != nil {
			return err
		}
		if *asJSON {
			enc := json.NewEncoder(c.env.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(surveyStatusJSON(st))
		}
		return writeSurveyStatus(c, st)
	})
}

// writeSurveyStatus writes the status as tables: schools, then totals.
func writeSurveyStatus(c *call, st *app.HubSurveyStatus) error {
	s := st.Survey
	c.printf("cli.survey.status_title", s.Title, s.ID, s.UUID, s.Answered, s.Schools)
	rows := make([][]string, 0, len(st.Schools))
	for _, sc := range st.Schools {
		delivered, answered := "-", "-"
		if sc.Delivered {
			delivered = i18n.T("cli.yes")
		}
		if !sc.AnsweredAt.IsZero() {
			answered = app.FormatMinute(sc.AnsweredAt)
		}
		rows = append(rows, []string{strconv.FormatInt(sc.Org.ID, 10), sc.Org.Name, delivered, answered,
			strconv.Itoa(sc.Versions), answerText(sc.Values)})
	}
	if err := writeTable(c.env.Stdout, i18n.T("cli.survey.status_header"), rows); err != nil {
		return err
	}
	fmt.Fprintln(c.env.Stdout)
	rows = rows[:0]
	for i, t := range st.Totals {
		total := formatNumber(t.Sum)
		if len(t.Question.Options) > 0 {
			parts := make([]string, len(t.Counts))
			for j, n := range t.Counts {
				parts[j] = fmt.Sprintf("%s %d", t.Question.Options[j], n)
			}
			total = strings.Join(parts, ", ")
		} else if t.Question.Kind == app.QuestionText {
			total = "-"
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), t.Question.Label, strconv.Itoa(t.Answered), total})
	}
	if err := writeTable(c.env.Stdout, i18n.T("cli.survey.totals_header"), rows); err != nil {
		return err
	}
	if len(st.NotAnswered) > 0 {
		names := make([]string, len(st.NotAnswered))
		for i, o := range st.NotAnswered {
			names[i] = fmt.Sprintf("%s (%d)", o.Name, o.ID)
		}
		fmt.Fprintln(c.env.Stdout)
		c.printf("cli.survey.not_answered", len(names), strings.Join(names, ", "))
	}
	return nil
}

// answerText is a school's answer on one line: "1) 12; 2) 是; …".
func answerText(vs []app.SurveyValue) string {
	var parts []string
	for i, v := range vs {
		if v.Blank() {
			continue
		}
		text := v.Text
		switch {
		case v.Number != nil:
			text = formatNumber(*v.Number)
		case len(v.Choices) > 0:
			text = strings.Join(v.Choices, "/")
		}
		parts = append(parts, fmt.Sprintf("%d) %s", i+1, text))
	}
	return strings.Join(parts, "; ")
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// surveyStatusJSON is what `jxj hub survey status --json` prints.
func surveyStatusJSON(st *app.HubSurveyStatus) any {
	type school struct {
		ID         int64             `json:"id"`
		Name       string            `json:"name"`
		Township   string            `json:"township"`
		Delivered  bool              `json:"delivered"`
		AnsweredAt string            `json:"answered_at,omitempty"`
		Versions   int               `json:"versions"`
		Values     []app.SurveyValue `json:"values,omitempty"`
	}
	type total struct {
		Label    string   `json:"label"`
		Kind     string   `json:"kind"`
		Answered int      `json:"answered"`
		Sum      *float64 `json:"sum,omitempty"`
		Options  []string `json:"options,omitempty"`
		Counts   []int    `json:"counts,omitempty"`
	}
	s := st.Survey
	out := struct {
		ID          int64                `json:"id"`
		UUID        string               `json:"uuid"`
		Title       string               `json:"title"`
		Deadline    string               `json:"deadline,omitempty"`
		Revoked     bool                 `json:"revoked"`
		Questions   []app.SurveyQuestion `json:"questions"`
		Schools     []school             `json:"schools"`
		Totals      []total              `json:"totals"`
		NotAnswered []int64              `json:"not_answered"`
	}{ID: s.ID, UUID: s.UUID, Title: s.Title, Deadline: app.FormatDate(s.Deadline), Revoked: !s.RevokedAt.IsZero(),
		Questions: s.Questions, Schools: []school{}, NotAnswered: []int64{}}
	for _, sc := range st.Schools {
		j := school{ID: sc.Org.ID, Name: sc.Org.Name, Township: sc.Org.Township, Delivered: sc.Delivered, Versions: sc.Versions, Values: sc.Values}
		if !sc.AnsweredAt.IsZero() {
			j.AnsweredAt = sc.AnsweredAt.UTC().Format("2006-01-02T15:04:05Z")
		}
		out.Schools = append(out.Schools, j)
	}
	for _, t := range st.Totals {
		j := total{Label: t.Question.Label, Kind: string(t.Question.Kind), Answered: t.Answered, Options: t.Question.Options}
		switch t.Question.Kind {
		case app.QuestionNumber:
			j.Sum = &t.Sum
		case app.QuestionChoice, app.QuestionMulti:
			j.Counts = t.Counts
		}
		out.Totals = append(out.Totals, j)
	}
	for _, o := range st.NotAnswered {
		out.NotAnswered = append(out.NotAnswered, o.ID)
	}
	return out
}

// runHubNoticeRemind sends a 催办 about a bureau notice to the schools
// behind on it, or to those named.
func runHubNoticeRemind(ctx context.Context, c *call) error {
	below := c.flags.Int("below", app.DefaultAckPercent, i18n.T("cli.survey.flag.below"))
	return runRemind(ctx, c, "cli.notice.error.id", below, app.HubStore.RemindNotice)
}

// runHubSurveyRemind sends a 催办 about a survey to the schools that have
// not answered, or to those named.
func runHubSurveyRemind(ctx context.Context, c *call) error {
	return runRemind(ctx, c, "cli.survey.error.id", nil, app.HubStore.RemindSurvey)
}

// runRemind sends a reminder; below, the --below flag, is nil for a
// survey, where families' acknowledgements do not count.
func runRemind(ctx context.Context, c *call, idKey string, below *int,
	remind func(app.HubStore, context.Context, app.RemindDraft) (*app.HubReminder, error)) error {
	schools := c.flags.String("schools", "behind", i18n.T("cli.survey.flag.schools"))
	if _, err := c.idArg(1, 0, idKey); err != nil {
		return err
	}
	d := app.RemindDraft{Ref: c.flags.Arg(0)}
	if below != nil {
		d.AckPercent = *below
	}
	if *schools != "behind" {
		var err error
		if d.Orgs, err = orgIDs(*schools, "cli.survey.error.schools"); err != nil {
			return err
		}
	}
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		r, err := remind(hub, ctx, d)
		if err != nil {
			return err
		}
		names := make([]string, len(r.Schools))
		for i, o := range r.Schools {
			names[i] = fmt.Sprintf("%s (%d)", o.Name, o.ID)
		}
		c.printf("cli.survey.reminded", r.Title, len(names), strings.Join(names, ", "))
		return nil
	})
}
