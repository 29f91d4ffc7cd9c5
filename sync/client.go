package sync

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	gosync "sync"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// DefaultBatchOps is how many outbox rows go into one batch. Receipts
// cost a few bytes each after gzip, so a batch of this many is some tens
// of KB, a few seconds on a 2G link; fewer, larger batches cost the hub
// fewer durable commits.
const DefaultBatchOps = 5000

// Client is the node's side of sync: it enrols the school and runs one
// sync at a time against the hub, recording each run.
type Client struct {
	Store app.SyncStore
	HTTP  *http.Client
	Node  string // "jxj 0.2.0", sent on enrolment
	// BatchOps caps the outbox rows per batch; 0 is DefaultBatchOps.
	BatchOps int
	// FileTime caps the time a run spends downloading files; 0 is
	// DefaultFileTime (files.go).
	FileTime time.Duration
	// Now is the clock for the run history; tests replace it.
	Now func() time.Time
	// Updates, when set, downloads the releases the hub announces for
	// Version on Platform (release.go).
	Updates  app.UpdateService
	Version  string // the program's version, "0.3.0"
	Platform string // "" is app.Platform()

	mu      gosync.Mutex
	running bool
	pinned  map[string]*http.Transport // by fingerprint: connections to a pinned hub
}

// NewClient returns a client over store with a plain HTTP client whose
// timeouts suit a slow link.
func NewClient(store app.SyncStore, node string) *Client {
	return &Client{Store: store, Node: node, HTTP: &http.Client{Timeout: 2 * time.Minute}, Now: time.Now}
}

// Error is a failed sync. Retryable says whether trying again later may
// work (the network, the hub's 5xx); the rest need a person.
type Error struct {
	Err       *app.Error
	Retryable bool
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// IsRetryable reports whether err is a sync failure worth retrying.
func IsRetryable(err error) bool {
	var se *Error
	return errors.As(err, &se) && se.Retryable
}

func retryable(key string, args ...any) *Error {
	return &Error{Err: app.Errorf(app.EINTERNAL, key, args...), Retryable: true}
}

func final(code, key string, args ...any) *Error {
	return &Error{Err: app.Errorf(code, key, args...)}
}

// NormalizeHubURL checks a hub address as typed: http(s)://host[:port].
// A bare host is https://, except this computer's (127.0.0.1,
// localhost), where the hub serves plain HTTP by default.
func NormalizeHubURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s != "" && !strings.Contains(s, "://") {
		scheme := "https://"
		if u, err := url.Parse("//" + s); err == nil && isLoopback(u.Hostname()) {
			scheme = "http://"
		}
		s = scheme + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", app.Errorf(app.EINVALID, "sync.error.hub_url", s)
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/"), nil
}

// Enrol exchanges a one-time code for the school's credential and stores
// it with the hub's address and how the hub is trusted: a fingerprint
// given pins the hub's certificate, and plain http:// beyond this
// computer needs r.Trust.Insecure.
func (c *Client) Enrol(ctx context.Context, r app.EnrolRequest) (*app.Enrolment, error) {
	base, err := NormalizeHubURL(r.HubURL)
	if err != nil {
		return nil, err
	}
	trust := app.HubTrust{Insecure: r.Trust.Insecure && plainBeyondLoopback(base)}
	if strings.TrimSpace(r.Trust.Fingerprint) != "" {
		if !strings.HasPrefix(base, "https://") {
			return nil, app.Errorf(app.EINVALID, "sync.error.fingerprint_http", base)
		}
		if trust.Fingerprint, err = ParseFingerprint(r.Trust.Fingerprint); err != nil {
			return nil, err
		}
	}
	var resp EnrolResponse
	hub := link{base: base, trust: trust}
	if err := c.call(ctx, hub, http.MethodPost, PathEnrol, EnrolRequest{Code: r.Code, School: r.School, Node: c.Node}, &resp); err != nil {
		return nil, err
	}
	e := app.Enrolment{HubURL: base, Trust: trust, Org: resp.Org, Name: resp.Name, Credential: resp.Credential, Epoch: resp.Epoch}
	if err := c.Store.SaveEnrolment(ctx, e); err != nil {
		return nil, err
	}
	if c.Updates != nil {
		// releases must be signed with the key the hub told now (PROTOCOL.md, Releases)
		if err := c.Updates.PinReleaseKey(ctx, resp.ReleaseKey); err != nil {
			return &e, err
		}
	}
	return &e, nil
}

// link is where a call goes, with which credential, and how the hub's
// connection is trusted.
type link struct {
	base       string
	credential string
	trust      app.HubTrust
	conflicts  int // reported to the hub with the credential
}

// linkOf is the link to the hub the school is enrolled with.
func linkOf(st *app.SyncState) link {
	return link{base: st.HubURL, credential: st.Credential, trust: st.Trust, conflicts: st.Conflicts}
}

// plainBeyondLoopback reports whether base is plain http:// to another
// computer.
func plainBeyondLoopback(base string) bool {
	u, err := url.Parse(base)
	return err == nil && u.Scheme == "http" && !isLoopback(u.Hostname())
}

// httpFor returns the HTTP client for a call to hub: c.HTTP, or for a
// pinned hub a copy of it whose connections trust only the pinned
// certificate (one transport per fingerprint, so connections are reused).
func (c *Client) httpFor(hub link) *http.Client {
	if hub.trust.Fingerprint == "" || !strings.HasPrefix(hub.base, "https://") {
		return c.HTTP
	}
	c.mu.Lock()
	t, ok := c.pinned[hub.trust.Fingerprint]
	if !ok {
		t = http.DefaultTransport.(*http.Transport).Clone()
		t.TLSClientConfig = pinnedTLS(hub.trust.Fingerprint)
		if c.pinned == nil {
			c.pinned = make(map[string]*http.Transport)
		}
		c.pinned[hub.trust.Fingerprint] = t
	}
	c.mu.Unlock()
	hc := *c.HTTP
	hc.Transport = t
	return &hc
}

// Sync runs one sync: the feed down, then the outbox up, and records the
// run. A second call while one runs returns at once with an error, and so
// does a call before the school is enrolled (nothing to record).
func (c *Client) Sync(ctx context.Context) (app.SyncRun, error) {
	st, err := c.Store.SyncState(ctx)
	if err != nil {
		return app.SyncRun{}, err
	}
	if !st.Enrolled() {
		return app.SyncRun{}, final(app.EINVALID, "sync.error.not_enrolled")
	}
	c.mu.Lock()
	if c.running {
		c.mu.Unlock()
		return app.SyncRun{}, final(app.ECONFLICT, "sync.error.running")
	}
	c.running = true
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.running = false
		c.mu.Unlock()
	}()

	run := app.SyncRun{Start: c.Now()}
	err = c.sync(ctx, st, &run)
	run.End = c.Now()
	if err != nil {
		run.Error = i18n.Err(err)
	}
	if app.ErrorCode(err) == app.EUNAUTHORIZED {
		// the hub refused the credential: the school must enrol again
		if nerr := c.Store.NeedsEnrol(context.WithoutCancel(ctx)); nerr != nil {
			return run, nerr
		}
	}
	if rerr := c.Store.RecordRun(context.WithoutCancel(ctx), run); rerr != nil && err == nil {
		err = rerr
	}
	return run, err
}

func (c *Client) sync(ctx context.Context, st *app.SyncState, run *app.SyncRun) error {
	hubBatch, err := c.down(ctx, st, run)
	if err != nil {
		return err
	}
	if err := c.catchUp(ctx, st, hubBatch, run); err != nil {
		return err
	}
	if err := c.up(ctx, st, run); err != nil {
		return err
	}
	if err := c.files(ctx, st); err != nil { // a bureau notice's files, last: they may be large (files.go)
		return err
	}
	if err := c.release(ctx, st); err != nil { // a new version, after everything else (release.go)
		return err
	}
	return c.courses(ctx, st) // open courses' files, the largest of all (courses.go)
}

// down fetches and applies the feed page by page, each page with its
// cursor move in one transaction. It returns the last batch the hub has
// accepted from the school.
func (c *Client) down(ctx context.Context, st *app.SyncState, run *app.SyncRun) (int64, error) {
	epoch, cursor := st.Epoch, st.Cursor
	for resets := 0; ; {
		q := url.Values{"epoch": {epoch}, "after": {strconv.FormatInt(cursor, 10)}}
		var page FeedResponse
		err := c.call(ctx, linkOf(st), http.MethodGet, PathFeed+"?"+q.Encode(), nil, &page)
		var he *hubError
		if errors.As(err, &he) && he.code == ErrEpoch && resets < 2 {
			// the hub's feed was rebuilt: start again from its beginning
			resets++
			if err := c.Store.ResetFeed(ctx, he.epoch); err != nil {
				return 0, err
			}
			epoch, cursor = he.epoch, 0
			continue
		}
		if err != nil {
			return 0, err
		}
		if len(page.Records) == 0 {
			if page.Epoch != epoch {
				// a first call: remember the epoch
				_, err := c.Store.ApplyFeed(ctx, app.FeedPage{Epoch: page.Epoch})
				return page.LastBatch, err
			}
			return page.LastBatch, nil
		}
		fp := app.FeedPage{Epoch: page.Epoch, More: page.More, Records: make([]app.FeedRecord, len(page.Records))}
		for i, r := range page.Records {
			fp.Records[i] = app.FeedRecord{Seq: r.Seq, Type: r.Type, ID: r.ID, Body: r.Body}
		}
		n, err := c.Store.ApplyFeed(ctx, fp)
		if err != nil {
			return 0, err
		}
		run.Down += n
		// go on until a page comes back empty: that request also tells the
		// hub the last page was applied
		epoch, cursor = page.Epoch, page.Records[len(page.Records)-1].Seq
	}
}

// catchUp brings a restored node up to the hub (PROTOCOL.md, "Restoring
// a backup"): when the hub has accepted batches past the node's counter,
// the node fetches the school's receipts the hub took after its backup,
// page by page, each page merged with its cursor move in one
// transaction. It runs before anything goes up, and an interrupted
// catch-up goes on at the next sync.
func (c *Client) catchUp(ctx context.Context, st *app.SyncState, hubBatch int64, run *app.SyncRun) error {
	cu, err := c.Store.CheckRestore(ctx, hubBatch)
	if err != nil || cu == nil {
		return err
	}
	for after := cu.After; ; {
		q := url.Values{"since": {strconv.FormatInt(cu.Since, 10)}, "after": {after}}
		var page ReceiptsResponse
		err := c.call(ctx, linkOf(st), http.MethodGet, PathReceipts+"?"+q.Encode(), nil, &page)
		var he *hubError
		if errors.As(err, &he) && he.status == http.StatusNotFound {
			// a hub from before the catch-up: the node catches up once
			// the hub is upgraded, and sends what it has meanwhile
			return nil
		}
		if err != nil {
			return err
		}
		ops, err := DecodeOps(page.Ops)
		if err != nil {
			return retryable("sync.error.hub_answer", PathReceipts)
		}
		n, err := c.Store.ApplyCatchUp(ctx, app.ReceiptsPage{Ops: ops, Next: page.Next, More: page.More})
		if err != nil {
			return err
		}
		run.Down += n
		if !page.More {
			return nil
		}
		after = page.Next
	}
}

// up sends the outbox batch by batch until it is empty. A batch the hub
// refuses (4xx) is kept as a conflict and the queue moves on; the network
// or the hub's own failure stops the run, to be retried.
func (c *Client) up(ctx context.Context, st *app.SyncState, run *app.SyncRun) error {
	maxOps := c.BatchOps
	if maxOps <= 0 {
		maxOps = DefaultBatchOps
	}
	// the daily aggregates due go up in this run (PROTOCOL.md, "Daily aggregates")
	if q, ok := c.Store.(app.DayStatsQueuer); ok {
		if _, err := q.QueueDayStats(ctx); err != nil {
			return err
		}
	}
	// a request's files go ahead of it (requests.go)
	if err := c.uploadRequestFiles(ctx, st); err != nil {
		return err
	}
	for {
		b, err := c.Store.NextBatch(ctx, maxOps)
		if err != nil || b == nil {
			return err
		}
		req := PushRequest{Batch: b.Batch, DeviceTime: c.Now().Format(time.RFC3339), Ops: EncodeOps(b.Ops)}
		var resp PushResponse
		err = c.call(ctx, linkOf(st), http.MethodPost, PathPush, req, &resp)
		var he *hubError
		switch {
		case errors.As(err, &he) && !he.retryable():
			if he.status == http.StatusUnauthorized {
				return err
			}
			if err := c.Store.ConflictBatch(ctx, b.Batch, he.code, i18n.Err(err)); err != nil {
				return err
			}
			run.Rejected += len(b.Ops)
			continue
		case err != nil:
			return err
		case len(resp.Results) != len(b.Ops):
			return retryable("sync.error.hub_answer", PathPush)
		}
		results := make([]app.OpResult, len(resp.Results))
		for i, r := range resp.Results {
			results[i] = app.OpResult{OK: r.Status == "ok", Code: r.Code, Message: r.text()}
			if results[i].OK {
				run.Up++
			} else {
				run.Rejected++
			}
		}
		if err := c.Store.ConfirmBatch(ctx, b.Batch, results); err != nil {
			return err
		}
	}
}

// hubError is an error answer of the hub.
type hubError struct {
	status int
	code   string
	msg    string
	key    string
	args   []any
	epoch  string
}

func (e *hubError) Error() string { return fmt.Sprintf("hub: %d %s: %s", e.status, e.code, e.msg) }

// retryable: the hub failed, or it limits this address for a while.
func (e *hubError) retryable() bool {
	return e.status >= 500 || e.status == http.StatusTooManyRequests
}

// call sends one request to hub (a gzip-compressed JSON body when in is
// not nil) and decodes the JSON answer into out. Every failure comes back
// as an *Error: retryable for the network and 5xx, final otherwise, with
// the hub's answer inside; a certificate the node does not trust says so,
// with its fingerprint. Plain http:// to another computer is refused
// before anything is sent unless the school allowed it.
func (c *Client) call(ctx context.Context, hub link, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		if err := json.NewEncoder(zw).Encode(in); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		body = &buf
	}
	req, err := c.newRequest(ctx, hub, method, path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Content-Encoding", "gzip")
	}
	resp, err := c.send(ctx, hub, req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxUncompressedBody))
	if err != nil {
		return &Error{Err: app.WrapError(err, "sync.error.offline", hub.base), Retryable: true}
	}
	if resp.StatusCode != http.StatusOK {
		return answerError(resp.StatusCode, data)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return retryable("sync.error.hub_answer", path)
	}
	return nil
}

// newRequest makes a request to hub with the link's credential (a
// school's with its node status, or the console's session). Plain
// http:// to another computer is refused unless the school allowed it.
func (c *Client) newRequest(ctx context.Context, hub link, method, path string, body io.Reader) (*http.Request, error) {
	base := hub.base
	if plainBeyondLoopback(base) && !hub.trust.Insecure {
		e := final(app.EINVALID, "sync.error.plain_http", base)
		e.Err.Err = app.ErrPlainHTTP
		return nil, e
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, body)
	if err != nil {
		return nil, final(app.EINVALID, "sync.error.hub_url", base)
	}
	if hub.credential != "" {
		req.Header.Set("Authorization", "Bearer "+hub.credential)
		// the bureau sees which schools run an old version or have
		// rejected operations waiting (PROTOCOL.md, Node status)
		req.Header.Set(HeaderVersion, strings.TrimPrefix(c.Node, "jxj "))
		req.Header.Set(HeaderConflicts, strconv.Itoa(hub.conflicts))
	}
	return req, nil
}

// send sends req to hub; a failure to get an answer is an *Error, with
// the certificate's fingerprint when the node does not trust it.
func (c *Client) send(ctx context.Context, hub link, req *http.Request) (*http.Response, error) {
	return c.sendWithin(ctx, hub, req, 0)
}

// sendWithin is send with a time limit of its own for the whole
// exchange (a large upload); 0 keeps the client's.
func (c *Client) sendWithin(ctx context.Context, hub link, req *http.Request, limit time.Duration) (*http.Response, error) {
	hc := c.httpFor(hub)
	if limit > 0 {
		own := *hc
		own.Timeout = limit
		hc = &own
	}
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, &Error{Err: app.WrapError(ctx.Err(), "sync.error.cancelled")}
		}
		if ce := certProblem(err); ce != nil {
			return nil, certError(ce, hub.base)
		}
		return nil, &Error{Err: app.WrapError(err, "sync.error.offline", hub.base), Retryable: true}
	}
	return resp, nil
}

// answerError is the error of a hub's answer with status, whose body
// is data.
func answerError(status int, data []byte) error {
	var e ErrorResponse
	_ = json.Unmarshal(data, &e)
	return classify(&hubError{status: status, code: e.Error, msg: e.Message, key: e.Key, args: jsonArgs(e.Args), epoch: e.Epoch})
}

// classify turns a hub's error answer into the Error the user sees: in
// the user's language when the hub named a message this version knows.
func classify(he *hubError) error {
	var e *Error
	switch {
	case he.status == http.StatusUnauthorized:
		e = final(app.EUNAUTHORIZED, "sync.error.unauthorized")
	case he.status == http.StatusTooManyRequests:
		e = retryable("sync.error.too_many")
	case he.retryable():
		e = retryable("sync.error.hub_failed", he.status)
	case he.key != "" && i18n.Has(i18n.Language(), he.key):
		code := app.EINVALID
		if he.status == http.StatusForbidden {
			code = app.EFORBIDDEN
		}
		e = final(code, he.key, he.args...)
	case he.status == http.StatusForbidden:
		e = final(app.EFORBIDDEN, "sync.error.forbidden", he.msg)
	default:
		e = final(app.EINVALID, "sync.error.refused", he.status, he.msg)
	}
	e.Err.Err = he
	return e
}

// text is a rejected op's reason in the user's language when the hub
// named a message this version knows, else the hub's own words.
func (r OpResult) text() string {
	if r.Key != "" && i18n.Has(i18n.Language(), r.Key) {
		return i18n.T(r.Key, jsonArgs(r.Args)...)
	}
	return r.Message
}

// jsonArgs turns the numbers of decoded message arguments back into
// integers where they are whole, so %d formats them.
func jsonArgs(args []any) []any {
	for i, a := range args {
		if f, ok := a.(float64); ok && f == float64(int64(f)) {
			args[i] = int64(f)
		}
	}
	return args
}
