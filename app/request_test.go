package app

import (
	"testing"
	"time"
)

// ValidateRequest takes what a template asks, and refuses the rest with a
// message that names the field.
func TestValidateRequest(t *testing.T) {
	trip := map[string]string{"date": "2099-04-10", "place": "县博物馆", "students": "86", "teachers": "9",
		"transport": "包车", "safety_plan": "见附件"}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range trip {
			m[a] = b
		}
		m[k] = v
		return m
	}
	tests := []struct {
		name   string
		typ    RequestType
		title  string
		body   string
		fields map[string]string
		key    string // "" for valid
	}{
		{"a trip", RequestTrip, "研学报批", "", trip, ""},
		{"a date as typed", RequestTrip, "研学报批", "", with("date", "2099年4月10日"), ""},
		{"full-width digits", RequestTrip, "研学报批", "", with("students", "８６"), ""},
		{"a blank request", RequestBlank, "其他事项", "正文", nil, ""},
		{"unknown type", "holiday", "x", "", nil, "approvals.error.type"},
		{"no title", RequestBlank, " ", "", nil, "approvals.error.title_required"},
		{"required field missing", RequestTrip, "研学", "", with("place", " "), "approvals.error.field_required"},
		{"bad date", RequestTrip, "研学", "", with("date", "下周三"), "approvals.error.field_date"},
		{"return before leaving", RequestTrip, "研学", "", with("return", "2099-04-09"), "approvals.error.field_before"},
		{"negative number", RequestTrip, "研学", "", with("students", "-3"), "approvals.error.field_number"},
		{"not a number", RequestTrip, "研学", "", with("teachers", "九"), "approvals.error.field_number"},
		{"unknown field", RequestTrip, "研学", "", with("colour", "红"), "approvals.error.field_unknown"},
		{"phone in a field", RequestTrip, "研学", "", with("transport", "司机 139-0000-1234"), "approvals.error.field_phone"},
		{"phone in the body", RequestReport, "报告", "家长电话 13800138000", nil, "approvals.error.phone_body"},
		{"a date in the body is no phone", RequestReport, "报告", "2026-12-20 发生", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateRequest(tt.typ, tt.title, tt.body, tt.fields)
			var key string
			if e, ok := err.(*Error); ok {
				key = e.Key
			} else if err != nil {
				t.Fatalf("err %v is no *Error", err)
			}
			if key != tt.key {
				t.Fatalf("ValidateRequest = %v, want %q", err, tt.key)
			}
		})
	}
	if got := NormalizeFields(RequestTrip, with("date", "2099/4/1")); got["date"] != "2099-04-01" {
		t.Errorf("normalized date %q", got["date"])
	}
}

// Only decided requests not dismissed go on the workbench, newest first.
func TestRequestTodo(t *testing.T) {
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	rs := []*Request{
		{ID: 1, State: RequestApproved, DecidedAt: day},
		{ID: 2, State: RequestReviewing},
		{ID: 3, State: RequestRejected, DecidedAt: day.AddDate(0, 0, 1)},
		{ID: 4, State: RequestApproved, DecidedAt: day, DismissedAt: day},
		{ID: 5, State: RequestWithdrawn},
	}
	items := RequestTodo(rs)
	if len(items) != 2 || items[0].ID != 3 || items[1].ID != 1 || !items[0].StatusOnly() {
		t.Fatalf("to-do: %+v", items)
	}
}

// A step decided by the people it names, or anyone when it names none.
func TestRequestStepsAndOverdue(t *testing.T) {
	if err := ValidateSteps([]RequestStep{{Name: "科室"}, {Name: "分管领导", Accounts: []string{"a", "a"}}}); err == nil {
		t.Error("an account twice in a step was taken")
	}
	if err := ValidateSteps(nil); err == nil {
		t.Error("no steps were taken")
	}
	if !(RequestStep{Name: "科室"}).MayDecide("x") || (RequestStep{Name: "x", Accounts: []string{"a"}}).MayDecide("b") {
		t.Error("MayDecide")
	}
	now := time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC)
	r := &HubRequest{State: RequestSubmitted, ReceivedAt: now.AddDate(0, 0, -8), Due: now.AddDate(0, 0, -1),
		Plan: []RequestStep{{Name: "科室"}}}
	if !r.Overdue(now) || r.Waiting(now) != 8*24*time.Hour {
		t.Errorf("overdue %v waiting %v", r.Overdue(now), r.Waiting(now))
	}
	r.State, r.DecidedAt = RequestApproved, now.AddDate(0, 0, -2)
	if _, ok := r.WaitingStep(); r.Overdue(now) || ok || r.Waiting(now) != 6*24*time.Hour {
		t.Errorf("a decided request: overdue %v waiting %v", r.Overdue(now), r.Waiting(now))
	}
}
