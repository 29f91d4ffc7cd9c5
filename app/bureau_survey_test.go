package app

import (
	"testing"
	"time"
)

func TestHasPhoneLike(t *testing.T) {
	for s, want := range map[string]bool{
		"13800138000": true, "138 0013 8000": true, "0871-6512345": true, "１３８００１３８０００": true,
		"共 123 人，其中 45 人外出": false, "2026-12-20": false, "": false,
	} {
		if got := HasPhoneLike(s); got != want {
			t.Errorf("HasPhoneLike(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestSurveyTotalsAndTodo(t *testing.T) {
	qs := []SurveyQuestion{{Label: "人数", Kind: QuestionNumber}, {Label: "方式", Kind: QuestionMulti, Options: []string{"A", "B"}}}
	one, two := 1.5, 2.0
	schools := []HubSurveySchool{
		{Values: []SurveyValue{{Number: &one}, {Choices: []string{"A", "B"}}}},
		{Values: []SurveyValue{{Number: &two}, {}}},
		{}, // not answered
	}
	tot := SurveyTotals(qs, schools)
	if tot[0].Sum != 3.5 || tot[0].Answered != 2 || tot[1].Answered != 1 || tot[1].Counts[0] != 1 || tot[1].Counts[1] != 1 {
		t.Errorf("totals = %+v", tot)
	}

	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.Local)
	surveys := []*BureauSurvey{
		{ID: 1, Title: "later", Deadline: now.AddDate(0, 0, 9)},
		{ID: 2, Title: "sooner", Deadline: now.AddDate(0, 0, 1)},
		{ID: 3, Title: "answered", Values: []SurveyValue{{Number: &one}}},
		{ID: 4, Title: "closed", Deadline: now.AddDate(0, 0, -1)},
		{ID: 5, Title: "no deadline"},
	}
	reminders := []*BureauReminder{{ID: 7, Title: "r"}, {ID: 8, Title: "done", Done: true}}
	items := BureauTodo(now, surveys, reminders)
	var got []string
	for _, it := range items {
		got = append(got, it.Title)
	}
	if want := "r sooner later no deadline"; len(got) != 4 || got[0]+" "+got[1]+" "+got[2]+" "+got[3] != want {
		t.Errorf("to-do = %q, want %q", got, want)
	}
}
