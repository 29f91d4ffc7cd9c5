package app

import (
	"context"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"jxj/app/i18n"
)

// A request (局校申报) is what a school asks its bureau to approve or to
// take note of: a principal's leave, a class trip, a project, a report.
// The school writes it from a template, keeps it as a draft, and submits
// it; it goes up as an OpRequestSubmit with its files uploaded ahead of
// it (sync/PROTOCOL.md, "Requests"). The hub owns its state: the steps of
// its type are decided in order by bureau accounts, each step comes down
// the school's feed as a RecordRequest carrying the whole state, and the
// school may withdraw it (OpRequestWithdraw) until it is decided.

// RequestType names a request's template.
type RequestType string

// The request types.
const (
	RequestLeave   RequestType = "leave"   // 校长外出请假报备
	RequestTrip    RequestType = "trip"    // 集体外出活动/研学报批
	RequestProject RequestType = "project" // 项目/装备申报
	RequestReport  RequestType = "report"  // 情况报告
	RequestAsk     RequestType = "ask"     // 请示
	RequestBlank   RequestType = "blank"   // 空白
)

// RequestFieldKind is what a template's field takes.
type RequestFieldKind string

// The kinds of field.
const (
	ReqText   RequestFieldKind = "text"
	ReqDate   RequestFieldKind = "date"
	ReqNumber RequestFieldKind = "number"
)

// RequestField is one field of a template. Its label is the translation
// key "approvals.field.<Key>". After names a date field this one may not
// be before (a leave's end after its start).
type RequestField struct {
	Key      string
	Kind     RequestFieldKind
	Required bool
	After    string
}

// RequestStep is one step of a type's approval. Accounts names the bureau
// accounts that may decide it; none means any bureau account. Accounts
// rather than roles: the hub has two roles (admin, staff), and a county
// bureau's 科室 and 分管领导 are people, not roles.
type RequestStep struct {
	Name     string   `json:"name"`
	Accounts []string `json:"accounts,omitempty"`
}

// RequestTemplate is a request type: its fields, and the bureau's default
// steps and deadline, which the bureau may change (RequestTypeSetting).
type RequestTemplate struct {
	Type         RequestType
	Fields       []RequestField
	Steps        []RequestStep
	DeadlineDays int
}

// RequestTemplates lists the types in the order the school picks them.
var RequestTemplates = []RequestTemplate{
	{Type: RequestLeave, DeadlineDays: 3, Steps: []RequestStep{{Name: "科室"}}, Fields: []RequestField{
		{Key: "from", Kind: ReqDate, Required: true},
		{Key: "to", Kind: ReqDate, Required: true, After: "from"},
		{Key: "destination", Kind: ReqText, Required: true},
		{Key: "reason", Kind: ReqText, Required: true},
		{Key: "substitute", Kind: ReqText, Required: true},
	}},
	{Type: RequestTrip, DeadlineDays: 7, Steps: []RequestStep{{Name: "科室"}, {Name: "分管领导"}}, Fields: []RequestField{
		{Key: "date", Kind: ReqDate, Required: true},
		{Key: "return", Kind: ReqDate, After: "date"},
		{Key: "place", Kind: ReqText, Required: true},
		{Key: "students", Kind: ReqNumber, Required: true},
		{Key: "teachers", Kind: ReqNumber, Required: true},
		{Key: "transport", Kind: ReqText, Required: true},
		{Key: "safety_plan", Kind: ReqText, Required: true},
	}},
	{Type: RequestProject, DeadlineDays: 15, Steps: []RequestStep{{Name: "科室"}, {Name: "分管领导"}}, Fields: []RequestField{
		{Key: "project", Kind: ReqText, Required: true},
		{Key: "amount", Kind: ReqNumber, Required: true},
		{Key: "reason", Kind: ReqText, Required: true},
	}},
	{Type: RequestReport, DeadlineDays: 7, Steps: []RequestStep{{Name: "科室"}}, Fields: []RequestField{
		{Key: "occurred", Kind: ReqDate},
	}},
	{Type: RequestAsk, DeadlineDays: 7, Steps: []RequestStep{{Name: "科室"}}, Fields: []RequestField{
		{Key: "reply_by", Kind: ReqDate},
	}},
	{Type: RequestBlank, DeadlineDays: 7, Steps: []RequestStep{{Name: "科室"}}},
}

// Template returns the template of t, or false when t is no type.
func Template(t RequestType) (RequestTemplate, bool) {
	i := slices.IndexFunc(RequestTemplates, func(x RequestTemplate) bool { return x.Type == t })
	if i < 0 {
		return RequestTemplate{}, false
	}
	return RequestTemplates[i], true
}

// Limits of a request: small enough for the outbox's JSON and a slow link.
const (
	MaxRequestTitle      = 100  // runes
	MaxRequestBody       = 5000 // runes
	MaxRequestFieldText  = 500  // runes of a text field
	MaxRequestNumber     = 1e12 // an amount in 元, a count of people
	MaxRequestFiles      = 5    // attachments of one request
	MaxRequestFileSize   = 20 << 20
	MaxRequestSteps      = 5
	MaxRequestOpinion    = 1000 // runes
	MaxRequestDeadline   = 90   // days a type may give the bureau
	MaxRequestStepName   = 20   // runes
	MaxRequestStepPeople = 20
)

// RequestState is where a request is. Draft is the school's alone;
// Submitted is queued or on the hub waiting for its first step;
// Reviewing has a step approved and more to go.
type RequestState string

// The states of a request.
const (
	RequestDraft     RequestState = "draft"
	RequestSubmitted RequestState = "submitted" // 已提交
	RequestReviewing RequestState = "reviewing" // 审核中
	RequestApproved  RequestState = "approved"  // 通过
	RequestRejected  RequestState = "rejected"  // 驳回
	RequestWithdrawn RequestState = "withdrawn" // 撤回
)

// Decided reports whether s is a decision: approved or rejected.
func (s RequestState) Decided() bool { return s == RequestApproved || s == RequestRejected }

// Open reports whether a request in s waits for the bureau.
func (s RequestState) Open() bool { return s == RequestSubmitted || s == RequestReviewing }

// RequestDraftInput is what a school writes: ID 0 makes a new draft;
// otherwise the draft with that id is replaced, its files kept and Files
// (paths) added to them.
type RequestDraftInput struct {
	ID     int64
	Type   RequestType
	Title  string
	Body   string
	Fields map[string]string
	Files  []string // files to copy in
	Drop   []string // paths (RequestFile.Path) of the draft's files to remove
}

// ValidateRequest checks a request as it is submitted, on the school and
// again on the hub: a known type, a title, a body and fields within their
// limits, every required field given, dates and numbers that read, no
// field the template does not have, and no phone number anywhere (a
// student's number must not leave the school; a principal's name may).
func ValidateRequest(t RequestType, title, body string, fields map[string]string) error {
	tpl, ok := Template(t)
	if !ok {
		return Errorf(EINVALID, "approvals.error.type", string(t))
	}
	title = CleanTitle(title)
	switch {
	case title == "":
		return Errorf(EINVALID, "approvals.error.title_required")
	case utf8.RuneCountInString(title) > MaxRequestTitle:
		return Errorf(EINVALID, "approvals.error.title_long", MaxRequestTitle)
	case utf8.RuneCountInString(body) > MaxRequestBody:
		return Errorf(EINVALID, "approvals.error.body_long", MaxRequestBody)
	case HasPhoneLike(title) || HasPhoneLike(body):
		return Errorf(EINVALID, "approvals.error.phone_body")
	}
	for k := range fields {
		if !slices.ContainsFunc(tpl.Fields, func(f RequestField) bool { return f.Key == k }) {
			return Errorf(EINVALID, "approvals.error.field_unknown", k)
		}
	}
	for _, f := range tpl.Fields {
		v := strings.TrimSpace(fields[f.Key])
		if v == "" {
			if f.Required {
				return Errorf(EINVALID, "approvals.error.field_required", FieldLabel(f.Key))
			}
			continue
		}
		switch f.Kind {
		case ReqText:
			if utf8.RuneCountInString(v) > MaxRequestFieldText {
				return Errorf(EINVALID, "approvals.error.field_long", FieldLabel(f.Key), MaxRequestFieldText)
			}
			if HasPhoneLike(v) {
				return Errorf(EINVALID, "approvals.error.field_phone", FieldLabel(f.Key))
			}
		case ReqDate:
			d, err := ParseDate(v)
			if err != nil {
				return Errorf(EINVALID, "approvals.error.field_date", FieldLabel(f.Key), v)
			}
			if f.After != "" {
				if from, err := ParseDate(fields[f.After]); err == nil && !from.IsZero() && d.Before(from) {
					return Errorf(EINVALID, "approvals.error.field_before", FieldLabel(f.Key), FieldLabel(f.After))
				}
			}
		case ReqNumber:
			n, err := strconv.ParseFloat(NarrowText(v), 64)
			if err != nil || math.IsNaN(n) || n < 0 || n > MaxRequestNumber {
				return Errorf(EINVALID, "approvals.error.field_number", FieldLabel(f.Key), v)
			}
		}
	}
	return nil
}

// FieldLabel is a field's label in the user's language.
func FieldLabel(key string) string { return i18n.T("approvals.field." + key) }

// TypeLabel is a type's name in the user's language.
func TypeLabel(t RequestType) string { return i18n.T("approvals.type." + string(t)) }

// StateLabel is a state's name in the user's language.
func StateLabel(s RequestState) string { return i18n.T("approvals.state." + string(s)) }

// NormalizeFields trims the values, writes dates as DateLayout and drops
// blank fields, so the school and the hub store the same text.
func NormalizeFields(t RequestType, fields map[string]string) map[string]string {
	tpl, _ := Template(t)
	out := map[string]string{}
	for _, f := range tpl.Fields {
		v := strings.TrimSpace(fields[f.Key])
		if v == "" {
			continue
		}
		if f.Kind == ReqDate {
			if d, err := ParseDate(v); err == nil {
				v = FormatDate(d)
			}
		}
		if f.Kind == ReqNumber {
			v = NarrowText(v)
		}
		out[f.Key] = v
	}
	return out
}

// ValidateSteps checks a type's steps as the bureau sets them: one to
// MaxRequestSteps, each named, no account twice in a step.
func ValidateSteps(steps []RequestStep) error {
	if len(steps) == 0 || len(steps) > MaxRequestSteps {
		return Errorf(EINVALID, "approvals.error.steps", MaxRequestSteps)
	}
	for i, s := range steps {
		name := strings.TrimSpace(s.Name)
		if name == "" || utf8.RuneCountInString(name) > MaxRequestStepName {
			return Errorf(EINVALID, "approvals.error.step_name", i+1, MaxRequestStepName)
		}
		if len(s.Accounts) > MaxRequestStepPeople {
			return Errorf(EINVALID, "approvals.error.step_people", i+1, MaxRequestStepPeople)
		}
		for j, a := range s.Accounts {
			if strings.TrimSpace(a) == "" || slices.Index(s.Accounts, a) != j {
				return Errorf(EINVALID, "approvals.error.step_account", i+1, a)
			}
		}
	}
	return nil
}

// MayDecide reports whether the bureau account named username may decide
// step s.
func (s RequestStep) MayDecide(username string) bool {
	return len(s.Accounts) == 0 || slices.Contains(s.Accounts, username)
}

// RequestFile is a file attached to a request: on the school, Path is
// relative to the data folder; on the hub, Pos numbers it within the
// request for its download.
type RequestFile struct {
	Pos    int    `json:"pos"`
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	Path   string `json:"-"`
}

// RequestStepState is a step of a request as decided: who, how, when.
type RequestStepState struct {
	Name      string    `json:"name"`
	By        string    `json:"by,omitempty"` // the bureau account; "" while waiting
	Approve   bool      `json:"approve,omitempty"`
	Opinion   string    `json:"opinion,omitempty"`
	DecidedAt time.Time `json:"decided_at,omitzero"`
}

// RequestUp is the body of an OpRequestSubmit (everything) and of an
// OpRequestWithdraw (UUID and At). Files went up ahead of it, each by
// its SHA-256.
type RequestUp struct {
	UUID   string            `json:"uuid"`
	Type   RequestType       `json:"type,omitempty"`
	Title  string            `json:"title,omitempty"`
	Body   string            `json:"body,omitempty"`
	Fields map[string]string `json:"fields,omitempty"`
	Files  []RequestFile     `json:"files,omitempty"`
	At     int64             `json:"at"` // device time, Unix seconds
}

// RequestRecord is the body of a RecordRequest: the request's whole state
// on the hub, sent after each change; the record's ID is its UUID.
type RequestRecord struct {
	State     RequestState       `json:"state"`
	Steps     []RequestStepState `json:"steps"`
	Opinion   string             `json:"opinion,omitempty"` // the decision's
	DecidedAt time.Time          `json:"decided_at,omitzero"`
	Due       time.Time          `json:"due,omitzero"` // the bureau's deadline
}

// Request is a request on the school, with its state as last heard from
// the hub.
type Request struct {
	ID          int64
	UUID        string
	Type        RequestType
	Title       string
	Body        string
	Fields      map[string]string
	Files       []RequestFile
	State       RequestState
	Steps       []RequestStepState
	Opinion     string
	CreatedAt   time.Time
	CreatedBy   string
	SubmittedAt time.Time
	DecidedAt   time.Time
	Due         time.Time
	DismissedAt time.Time // taken off the workbench
}

// RequestService is the school's side of requests: its administrators and
// principal write them (Account.ReadsAll), as they answer the bureau's
// surveys.
type RequestService interface {
	AttachmentFiles // opening a request's files (attachment.go)
	// Requests lists the requests, newest first.
	Requests(ctx context.Context) ([]*Request, error)
	Request(ctx context.Context, id int64) (*Request, error)
	// SaveRequest stores a draft (new, or replacing a draft), with copies
	// of its files. Bad input stores nothing.
	SaveRequest(ctx context.Context, d RequestDraftInput) (*Request, error)
	// SubmitRequest checks a draft and queues it to go up; it is no
	// longer a draft.
	SubmitRequest(ctx context.Context, id int64) (*Request, error)
	// WithdrawRequest queues a withdrawal of a request not decided;
	// ECONFLICT once decided (or a draft: delete it instead).
	WithdrawRequest(ctx context.Context, id int64) (*Request, error)
	// DismissRequest takes a decided request off the workbench.
	DismissRequest(ctx context.Context, id int64) error
	// DeleteDraft deletes a draft and its files; ECONFLICT once it was
	// submitted (withdraw it instead).
	DeleteDraft(ctx context.Context, id int64) error
}

// RequestUpload is a request's file waiting to go up before its submit.
type RequestUpload struct {
	SHA256 string
	Size   int64
	Path   string // absolute
	Name   string
}

// RequestUploader is what the sync client needs of the school's store to
// send a request's files ahead of it; syncStore implements it.
type RequestUploader interface {
	PendingRequestFiles(ctx context.Context) ([]RequestUpload, error)
	RequestFileSent(ctx context.Context, sha256 string) error
}

// HubRequest is a request on the hub.
type HubRequest struct {
	ID          int64
	UUID        string
	Org         HubOrg
	Type        RequestType
	Title       string
	Body        string
	Fields      map[string]string
	Files       []RequestFile
	State       RequestState
	Plan        []RequestStep // the type's steps when it arrived
	Steps       []RequestStepState
	Step        int // the step waiting, 0-based; len(Plan) when none
	Opinion     string
	SubmittedAt time.Time // the school's device time
	ReceivedAt  time.Time
	Due         time.Time
	DecidedAt   time.Time
	WithdrawnAt time.Time
}

// Overdue reports whether r waits past its deadline at now.
func (r *HubRequest) Overdue(now time.Time) bool {
	return r.State.Open() && !r.Due.IsZero() && now.After(r.Due)
}

// Waiting is how long r has waited for the bureau at now (or waited,
// once decided).
func (r *HubRequest) Waiting(now time.Time) time.Duration {
	end := now
	if !r.DecidedAt.IsZero() {
		end = r.DecidedAt
	}
	return end.Sub(r.ReceivedAt)
}

// WaitingStep returns the step r waits at, or false when it waits at none.
func (r *HubRequest) WaitingStep() (RequestStep, bool) {
	if !r.State.Open() || r.Step >= len(r.Plan) {
		return RequestStep{}, false
	}
	return r.Plan[r.Step], true
}

// RequestFilter picks requests on the hub. For, when set, keeps the
// queue of that bureau account: open requests waiting at a step it may
// decide (and did not decide an earlier step of).
type RequestFilter struct {
	State   RequestState
	Overdue bool
	For     string
}

// RequestDecision is a bureau account's decision of a request's step.
// Step is the step decided, 1-based, as the officer saw it; 0 takes the
// step waiting.
type RequestDecision struct {
	ID      int64
	Step    int
	Approve bool
	Opinion string
	// CommandLine: entered on the hub's command line in the account's
	// name (--as), not by the officer logged in; the audit row says so.
	CommandLine bool
}

// RequestTypeSetting is the bureau's setting of a type.
type RequestTypeSetting struct {
	Type         RequestType
	Steps        []RequestStep
	DeadlineDays int
	Default      bool // not changed by the bureau
}

// RequestFigures counts the requests of the district for the cockpit.
type RequestFigures struct {
	Total          RequestCounts                 `json:"total"`
	ByType         map[RequestType]RequestCounts `json:"by_type"`
	ByTownship     map[string]RequestCounts      `json:"by_township"`
	MedianDaysToDo float64                       `json:"median_days"` // from arrival to decision; 0 with none decided
}

// RequestCounts are the counts of a group of requests.
type RequestCounts struct {
	Waiting   int `json:"waiting"`
	Approved  int `json:"approved"`
	Rejected  int `json:"rejected"`
	Withdrawn int `json:"withdrawn"`
	Overdue   int `json:"overdue"`
}

// HubRequests is the hub's side of requests; `jxj hub request …` and the
// console call it. Deciding needs the bureau account acting in the
// context (NewContextWithBureau): EUNAUTHORIZED without one.
// app.HubStore embeds it.
type HubRequests interface {
	Requests(ctx context.Context, f RequestFilter) ([]*HubRequest, error)
	HubRequest(ctx context.Context, id int64) (*HubRequest, error)
	// DecideRequest decides the step waiting. A decided or withdrawn
	// request, or a step not the one waiting, is ECONFLICT; a rejection
	// without an opinion EINVALID; an account the step does not name, or
	// one that decided an earlier step, EFORBIDDEN. Each is refused
	// before anything changes.
	DecideRequest(ctx context.Context, d RequestDecision) (*HubRequest, error)
	// OpenRequestFile opens a request's file (pos as in Files); the
	// caller closes Content.
	OpenRequestFile(ctx context.Context, id int64, pos int) (*HubFileContent, error)
	RequestTypes(ctx context.Context) ([]RequestTypeSetting, error)
	SetRequestType(ctx context.Context, s RequestTypeSetting) error
	RequestFigures(ctx context.Context) (*RequestFigures, error)

	// HasRequestFile reports whether the school uploaded the file with
	// this SHA-256; UploadRequestFile keeps one, refused when its bytes
	// do not hash to sha256 or pass MaxRequestFileSize.
	HasRequestFile(ctx context.Context, orgID int64, sha256 string) (bool, error)
	UploadRequestFile(ctx context.Context, orgID int64, sha256 string, r io.Reader) error
}

// RequestTodo lists, for the workbench of those who oversee the school,
// the requests the bureau decided and nobody dismissed, newest first.
func RequestTodo(requests []*Request) []TodoItem {
	var items []TodoItem
	for _, r := range requests {
		if !r.State.Decided() || !r.DismissedAt.IsZero() {
			continue
		}
		items = append(items, TodoItem{Kind: TodoRequest, ID: r.ID, Title: r.Title, Due: r.DecidedAt, Request: r})
	}
	slices.SortStableFunc(items, func(a, b TodoItem) int { return b.Due.Compare(a.Due) })
	return items
}

// BureauConsoleRequests is the console's side of requests, over the
// console's API; BureauConsole embeds it. The hub decides as the officer
// logged in.
type BureauConsoleRequests interface {
	// RequestQueue lists the requests waiting at a step the officer may
	// decide, oldest first.
	RequestQueue(ctx context.Context) ([]*HubRequest, error)
	// AllRequests lists the requests f picks (f.For is not used).
	AllRequests(ctx context.Context, f RequestFilter) ([]*HubRequest, error)
	HubRequest(ctx context.Context, id int64) (*HubRequest, error)
	DecideRequest(ctx context.Context, d RequestDecision) (*HubRequest, error)
	// SaveRequestFile downloads a request's file to dst, checked against
	// its SHA-256; nothing is left at dst when it fails.
	SaveRequestFile(ctx context.Context, id int64, pos int, dst string) error
	// RequestFigures are the district cockpit's figures of requests.
	RequestFigures(ctx context.Context) (*RequestFigures, error)
}
