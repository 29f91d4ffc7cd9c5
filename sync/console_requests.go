package sync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"jxj/app"
)

// The console's requests (PROTOCOL.md, "Requests"): both roles read them
// and decide the steps that name them (or nobody), as the officer logged
// in; the hub writes the audit row.

// ConsoleRequest is a request on the wire. WaitingHours and Overdue are
// the hub's, at the time of the answer.
type ConsoleRequest struct {
	ID           int64                  `json:"id"`
	UUID         string                 `json:"uuid"`
	Org          ConsoleOrg             `json:"org"`
	Type         app.RequestType        `json:"type"`
	Title        string                 `json:"title"`
	Body         string                 `json:"body,omitempty"`
	Fields       map[string]string      `json:"fields,omitempty"`
	Files        []app.RequestFile      `json:"files,omitempty"`
	State        app.RequestState       `json:"state"`
	Plan         []app.RequestStep      `json:"plan"`
	Steps        []app.RequestStepState `json:"steps"`
	Step         int                    `json:"step"` // the step waiting, 0-based
	Opinion      string                 `json:"opinion,omitempty"`
	SubmittedAt  time.Time              `json:"submitted_at"`
	ReceivedAt   time.Time              `json:"received_at"`
	Due          time.Time              `json:"due"`
	DecidedAt    time.Time              `json:"decided_at,omitzero"`
	WithdrawnAt  time.Time              `json:"withdrawn_at,omitzero"`
	WaitingHours float64                `json:"waiting_hours"`
	Overdue      bool                   `json:"overdue"`
}

// ConsoleDecision is the body of POST requests/{id}/decide: step is the
// step decided, 1-based, as the officer saw it.
type ConsoleDecision struct {
	Step    int    `json:"step"`
	Approve bool   `json:"approve"`
	Opinion string `json:"opinion,omitempty"`
}

func (s *HubServer) consoleRequestRoutes(mux *http.ServeMux) {
	get, post := "GET "+PathConsole, "POST "+PathConsole
	mux.HandleFunc(get+"requests", s.bureau(app.BureauRead, s.consoleRequests))
	mux.HandleFunc(get+"requests/{id}", s.bureau(app.BureauRead, s.consoleRequest))
	mux.HandleFunc(get+"requests/figures", s.bureau(app.BureauRead, s.consoleRequestFigures))
	mux.HandleFunc(get+"requests/{id}/files/{pos}", s.bureau(app.BureauRead, s.consoleRequestFile))
	mux.HandleFunc(post+"requests/{id}/decide", s.bureau(app.BureauSendNotices, s.consoleDecide))
}

// consoleRequests answers GET requests: the caller's queue, or with
// ?all=1 every request (?state=, ?overdue=1 pick among them).
func (s *HubServer) consoleRequests(w http.ResponseWriter, r *http.Request, a *app.BureauAccount) {
	q := r.URL.Query()
	f := app.RequestFilter{State: app.RequestState(q.Get("state")), Overdue: q.Get("overdue") == "1"}
	if q.Get("all") != "1" {
		f.For = a.Username
	}
	rs, err := s.store.Requests(r.Context(), f)
	now := time.Now()
	replyAll(s, w, r, rs, err, func(x *app.HubRequest) ConsoleRequest { return consoleRequest(x, now) })
}

func (s *HubServer) consoleRequest(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	x, err := s.store.HubRequest(r.Context(), id)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, consoleRequest(x, time.Now()))
}

func (s *HubServer) consoleDecide(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	var d ConsoleDecision
	if !s.decode(w, r, &d) {
		return
	}
	if d.Step < 1 {
		s.fail(w, r, http.StatusBadRequest, ErrBadRequest, "step is missing: the step decided, 1-based")
		return
	}
	x, err := s.store.DecideRequest(r.Context(), app.RequestDecision{ID: id, Step: d.Step, Approve: d.Approve, Opinion: d.Opinion})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, consoleRequest(x, time.Now()))
}

// consoleRequestFigures answers GET requests/figures: app.RequestFigures
// as it is, for the cockpit.
func (s *HubServer) consoleRequestFigures(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	f, err := s.store.RequestFigures(r.Context())
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, f)
}

// consoleRequestFile serves a request's file, raw, with Range support.
func (s *HubServer) consoleRequestFile(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	pos, err := strconv.Atoi(r.PathValue("pos"))
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, ErrBadRequest, "the file's number is not a number")
		return
	}
	fc, err := s.store.OpenRequestFile(r.Context(), id, pos)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	serveContent(w, r, fc) // files.go
}

func consoleRequest(x *app.HubRequest, now time.Time) ConsoleRequest {
	return ConsoleRequest{ID: x.ID, UUID: x.UUID, Org: consoleOrg(&x.Org), Type: x.Type, Title: x.Title, Body: x.Body,
		Fields: x.Fields, Files: x.Files, State: x.State, Plan: x.Plan, Steps: x.Steps, Step: x.Step, Opinion: x.Opinion,
		SubmittedAt: x.SubmittedAt, ReceivedAt: x.ReceivedAt, Due: x.Due, DecidedAt: x.DecidedAt, WithdrawnAt: x.WithdrawnAt,
		WaitingHours: x.Waiting(now).Hours(), Overdue: x.Overdue(now)}
}

func (c ConsoleRequest) app() *app.HubRequest {
	return &app.HubRequest{ID: c.ID, UUID: c.UUID, Org: *c.Org.app(), Type: c.Type, Title: c.Title, Body: c.Body,
		Fields: c.Fields, Files: c.Files, State: c.State, Plan: c.Plan, Steps: c.Steps, Step: c.Step, Opinion: c.Opinion,
		SubmittedAt: c.SubmittedAt, ReceivedAt: c.ReceivedAt, Due: c.Due, DecidedAt: c.DecidedAt, WithdrawnAt: c.WithdrawnAt}
}

// RequestQueue lists the requests waiting for the officer logged in.
func (c *ConsoleClient) RequestQueue(ctx context.Context) ([]*app.HubRequest, error) {
	return c.requests(ctx, "requests")
}

// AllRequests lists the requests f picks.
func (c *ConsoleClient) AllRequests(ctx context.Context, f app.RequestFilter) ([]*app.HubRequest, error) {
	q := url.Values{"all": {"1"}}
	if f.State != "" {
		q.Set("state", string(f.State))
	}
	if f.Overdue {
		q.Set("overdue", "1")
	}
	return c.requests(ctx, "requests?"+q.Encode())
}

func (c *ConsoleClient) requests(ctx context.Context, path string) ([]*app.HubRequest, error) {
	var rs []ConsoleRequest
	if err := c.get(ctx, path, &rs); err != nil {
		return nil, err
	}
	out := make([]*app.HubRequest, len(rs))
	for i := range rs {
		out[i] = rs[i].app()
	}
	return out, nil
}

// HubRequest returns a request with its steps and files.
func (c *ConsoleClient) HubRequest(ctx context.Context, id int64) (*app.HubRequest, error) {
	var x ConsoleRequest
	if err := c.get(ctx, "requests/"+strconv.FormatInt(id, 10), &x); err != nil {
		return nil, err
	}
	return x.app(), nil
}

// DecideRequest decides a step as the officer logged in; Step 0 is
// refused by the hub (the console always names the step it showed).
func (c *ConsoleClient) DecideRequest(ctx context.Context, d app.RequestDecision) (*app.HubRequest, error) {
	var x ConsoleRequest
	err := c.post(ctx, "requests/"+strconv.FormatInt(d.ID, 10)+"/decide", ConsoleDecision{Step: d.Step, Approve: d.Approve, Opinion: d.Opinion}, &x)
	if err != nil {
		return nil, err
	}
	return x.app(), nil
}

// RequestFigures returns the district's figures of requests.
func (c *ConsoleClient) RequestFigures(ctx context.Context) (*app.RequestFigures, error) {
	var f app.RequestFigures
	if err := c.get(ctx, "requests/figures", &f); err != nil {
		return nil, err
	}
	return &f, nil
}

// SaveRequestFile downloads a request's file to dst through a temporary
// file beside it, checked against the SHA-256 the request lists.
func (c *ConsoleClient) SaveRequestFile(ctx context.Context, id int64, pos int, dst string) error {
	x, err := c.HubRequest(ctx, id)
	if err != nil {
		return err
	}
	if pos < 0 || pos >= len(x.Files) {
		return app.Errorf(app.ENOTFOUND, "approvals.error.file_not_found", x.Title, pos)
	}
	f := x.Files[pos]
	hub, err := c.session()
	if err != nil {
		return err
	}
	path := PathConsole + "requests/" + strconv.FormatInt(id, 10) + "/files/" + strconv.Itoa(pos)
	req, err := c.client.newRequest(ctx, hub, http.MethodGet, path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := c.client.sendWithin(ctx, hub, req, uploadTime(f.Size))
	if err != nil {
		return consoleError(err, hub.base, false)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		return consoleError(answerError(resp.StatusCode, data), hub.base, false)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".download-*")
	if err != nil {
		return app.WrapError(err, "error.storage", err)
	}
	defer os.Remove(tmp.Name()) // gone once renamed
	sum := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, sum), io.LimitReader(resp.Body, app.MaxRequestFileSize+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return consoleError(&Error{Err: app.WrapError(err, "sync.error.offline", hub.base), Retryable: true}, hub.base, false)
	}
	if n != f.Size || hex.EncodeToString(sum.Sum(nil)) != f.SHA256 {
		return app.Errorf(app.EINVALID, "approvals.error.download_check", f.Name)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return app.WrapError(err, "error.storage", err)
	}
	return nil
}
