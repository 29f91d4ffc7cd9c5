package sync

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	gosync "sync"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// ConsoleClient is the bureau console's side of the console API: what
// the console's screens call through app.BureauConsole. It keeps the
// session of one login. A self-signed hub is trusted by the fingerprint
// given at login (pinned on first use, see app.BureauLogin), over the
// same pinned connections as a school's sync.
type ConsoleClient struct {
	client *Client // its HTTP calls and pinned transports; no store

	mu   gosync.Mutex
	hub  link                 // credential: the session token, "" when logged out
	sums map[fileStamp]string // course files hashed before (console_course_upload.go)
}

var _ app.BureauConsole = (*ConsoleClient)(nil)

// NewConsoleClient returns a console client whose requests give up after
// a minute.
func NewConsoleClient() *ConsoleClient {
	return &ConsoleClient{client: &Client{HTTP: &http.Client{Timeout: time.Minute}, Now: time.Now}}
}

// Login logs in to the hub at l.HubURL, replacing the session of an
// earlier login. The password never goes over plain http:// to another
// computer.
func (c *ConsoleClient) Login(ctx context.Context, l app.BureauLogin) (*app.BureauSession, error) {
	base, err := NormalizeHubURL(l.HubURL)
	if err != nil {
		return nil, err
	}
	if plainBeyondLoopback(base) {
		return nil, app.Errorf(app.EINVALID, "hub_accounts.error.plain_http", base)
	}
	hub := link{base: base}
	if fp := strings.TrimSpace(l.Trust.Fingerprint); fp != "" {
		if !strings.HasPrefix(base, "https://") {
			return nil, app.Errorf(app.EINVALID, "sync.error.fingerprint_http", base)
		}
		if hub.trust.Fingerprint, err = ParseFingerprint(fp); err != nil {
			return nil, err
		}
	}
	var resp ConsoleLoginResponse
	if err := c.do(ctx, hub, http.MethodPost, "login", ConsoleLoginRequest{Username: l.Username, Password: l.Password}, &resp); err != nil {
		return nil, err
	}
	hub.credential = resp.Token
	c.mu.Lock()
	old := c.hub
	c.hub = hub
	c.mu.Unlock()
	if old.credential != "" {
		// the session this login replaces ends on the hub too, as far as
		// the hub can be told: it would otherwise live until it expires
		_ = c.client.call(ctx, old, http.MethodPost, PathConsole+"logout", nil, &struct{}{})
	}
	return &app.BureauSession{Token: resp.Token, Account: resp.Account.app(), ExpiresAt: resp.ExpiresAt}, nil
}

// Logout ends the session on the hub and forgets it here, even when the
// hub cannot be told.
func (c *ConsoleClient) Logout(ctx context.Context) error {
	hub, err := c.session()
	if err != nil {
		return err
	}
	c.forget()
	return c.do(ctx, hub, http.MethodPost, "logout", nil, &struct{}{})
}

// Me returns the account logged in.
func (c *ConsoleClient) Me(ctx context.Context) (*app.BureauAccount, error) {
	var a ConsoleAccount
	if err := c.get(ctx, "me", &a); err != nil {
		return nil, err
	}
	return a.app(), nil
}

// Orgs lists the district's schools.
func (c *ConsoleClient) Orgs(ctx context.Context) ([]*app.HubOrg, error) {
	var orgs []ConsoleOrg
	if err := c.get(ctx, "orgs", &orgs); err != nil {
		return nil, err
	}
	out := make([]*app.HubOrg, len(orgs))
	for i := range orgs {
		out[i] = orgs[i].app()
	}
	return out, nil
}

// AddOrg adds a school and returns its one-time enrolment code.
func (c *ConsoleClient) AddOrg(ctx context.Context, d app.HubOrgDraft) (*app.HubOrg, string, error) {
	var resp ConsoleOrgAdded
	if err := c.post(ctx, "orgs", ConsoleOrgDraft{Name: d.Name, Kind: string(d.Kind), Township: d.Township}, &resp); err != nil {
		return nil, "", err
	}
	return resp.Org.app(), resp.Code, nil
}

// NewEnrolCode issues a school a new enrolment code.
func (c *ConsoleClient) NewEnrolCode(ctx context.Context, orgID int64, revokeNow bool) (string, error) {
	var resp ConsoleCodeResponse
	err := c.post(ctx, "orgs/"+strconv.FormatInt(orgID, 10)+"/code", ConsoleCodeRequest{RevokeNow: revokeNow}, &resp)
	return resp.Code, err
}

// RevokeOrg revokes a school's credential.
func (c *ConsoleClient) RevokeOrg(ctx context.Context, orgID int64) error {
	return c.post(ctx, "orgs/"+strconv.FormatInt(orgID, 10)+"/revoke", nil, &struct{}{})
}

// Notices lists the bureau's notices.
func (c *ConsoleClient) Notices(ctx context.Context) ([]*app.HubNotice, error) {
	var ns []ConsoleNotice
	if err := c.get(ctx, "notices", &ns); err != nil {
		return nil, err
	}
	out := make([]*app.HubNotice, len(ns))
	for i := range ns {
		out[i] = ns[i].app()
	}
	return out, nil
}

// PublishNotice sends a bureau notice to the schools d names, or all.
func (c *ConsoleClient) PublishNotice(ctx context.Context, d app.HubNoticeDraft) (*app.HubNotice, error) {
	files, err := c.upload(ctx, d.Files) // d.Files are on this computer: files_console.go
	if err != nil {
		return nil, err
	}
	var n ConsoleNotice
	err = c.post(ctx, "notices", ConsoleNoticeDraft{Title: d.Title, Body: d.Body, RequiresAck: d.RequiresAck,
		Deadline: d.Deadline, Orgs: d.Orgs, Files: files}, &n)
	if err != nil {
		return nil, err
	}
	return n.app(), nil
}

// RevokeNotice revokes a bureau notice at every school.
func (c *ConsoleClient) RevokeNotice(ctx context.Context, id int64) (*app.HubNotice, error) {
	var n ConsoleNotice
	if err := c.post(ctx, "notices/"+strconv.FormatInt(id, 10)+"/revoke", nil, &n); err != nil {
		return nil, err
	}
	return n.app(), nil
}

// NoticeStatus returns a notice's progress per school.
func (c *ConsoleClient) NoticeStatus(ctx context.Context, ref string) (*app.HubNoticeStatus, error) {
	var st ConsoleNoticeStatus
	if err := c.get(ctx, "notices/"+ref, &st); err != nil {
		return nil, err
	}
	out := &app.HubNoticeStatus{Notice: st.Notice.app(), Schools: make([]app.HubNoticeSchool, len(st.Schools))}
	for i, s := range st.Schools {
		out.Schools[i] = app.HubNoticeSchool{Org: *s.Org.app(), Delivered: s.Delivered, Confirmed: s.Confirmed, Forwarded: s.Forwarded,
			Families: s.Families, Read: s.Read, Acked: s.Acked, LastUpdate: s.LastUpdate}
	}
	for _, f := range st.Files {
		out.Files = append(out.Files, f.app())
	}
	return out, nil
}

// session returns the link of the current login.
func (c *ConsoleClient) session() (link, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hub.credential == "" {
		return link{}, app.Errorf(app.EUNAUTHORIZED, "hub_accounts.error.not_logged_in")
	}
	return c.hub, nil
}

// forget drops the session token, keeping where the hub is and how it
// is trusted.
func (c *ConsoleClient) forget() {
	c.mu.Lock()
	c.hub.credential = ""
	c.mu.Unlock()
}

func (c *ConsoleClient) get(ctx context.Context, path string, out any) error {
	return c.withSession(ctx, http.MethodGet, path, nil, out)
}

func (c *ConsoleClient) post(ctx context.Context, path string, in, out any) error {
	return c.withSession(ctx, http.MethodPost, path, in, out)
}

// withSession calls the hub with the session, its failure in the
// console's words.
func (c *ConsoleClient) withSession(ctx context.Context, method, path string, in, out any) error {
	hub, err := c.session()
	if err != nil {
		return err
	}
	if err := c.sessionCall(ctx, hub, method, path, in, out); err != nil {
		return consoleError(err, hub.base, false)
	}
	return nil
}

// sessionCall is one call with the session, its failure the client's
// (a caller may try again, see IsRetryable); a session the hub refuses
// is forgotten, so the console asks to log in again.
func (c *ConsoleClient) sessionCall(ctx context.Context, hub link, method, path string, in, out any) error {
	err := c.client.call(ctx, hub, method, PathConsole+path, in, out)
	if app.ErrorCode(err) == app.EUNAUTHORIZED {
		c.forget()
	}
	return err
}

// do makes one call and turns its failure into the console's errors.
func (c *ConsoleClient) do(ctx context.Context, hub link, method, path string, in, out any) error {
	err := c.client.call(ctx, hub, method, PathConsole+path, in, out)
	if err == nil {
		return nil
	}
	return consoleError(err, hub.base, path == "login")
}

// consoleError says what went wrong in the console's words: the hub
// cannot be reached, its certificate is not trusted (with its
// fingerprint), a wrong password, a locked account, a session that ended
// (log in again), or the hub's own message when this version knows it.
// The cause stays inside for logs.
func consoleError(err error, base string, login bool) error {
	var he *hubError
	var ce *app.HubCertError
	var se *Error
	switch {
	case errors.As(err, &he):
		key, args := consoleKey(he, login)
		return &app.Error{Code: statusCode(he.status), Key: key, Args: args, Err: he}
	case errors.As(err, &ce) && ce.Problem == app.CertUnknownAuthority:
		return &app.Error{Code: app.EFORBIDDEN, Key: "hub_accounts.error.cert_unknown", Args: []any{base, ce.Fingerprint}, Err: ce}
	case errors.As(err, &ce) && ce.Problem == app.CertNotPinned:
		return &app.Error{Code: app.EFORBIDDEN, Key: "hub_accounts.error.cert_not_pinned", Args: []any{base, ce.Fingerprint, ce.Pinned}, Err: ce}
	case errors.As(err, &ce):
		return &app.Error{Code: app.EFORBIDDEN, Key: "hub_accounts.error.cert_other", Args: []any{base, ce.Fingerprint}, Err: ce}
	case errors.As(err, &se) && se.Err.Key == "sync.error.offline":
		return &app.Error{Code: app.EINTERNAL, Key: "hub_accounts.error.unreachable", Args: []any{base}, Err: se.Err.Err}
	case errors.As(err, &se) && se.Err.Key == "sync.error.hub_answer":
		return &app.Error{Code: app.EINTERNAL, Key: "hub_accounts.error.hub_answer", Args: se.Err.Args, Err: se}
	case errors.As(err, &se):
		return se.Err
	}
	return err
}

// consoleKey is the message of a hub's error answer, with its
// arguments: the hub's own when this version knows it, else one that
// says what to do.
func consoleKey(he *hubError, login bool) (string, []any) {
	switch {
	case he.status == http.StatusTooManyRequests:
		return "hub_accounts.error.too_many", he.args
	case he.status >= 500:
		return "hub_accounts.error.hub_failed", []any{he.status}
	case he.key != "" && i18n.Has(i18n.Language(), he.key):
		return he.key, he.args
	case he.status == http.StatusUnauthorized && login:
		return "hub_accounts.error.login_failed", nil
	case he.status == http.StatusUnauthorized:
		return "hub_accounts.error.session", nil
	}
	return "hub_accounts.error.refused", []any{he.status, he.msg}
}

// statusCode is the app error code of an HTTP status.
func statusCode(status int) string {
	switch status {
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		return app.EINVALID
	case http.StatusUnauthorized:
		return app.EUNAUTHORIZED
	case http.StatusForbidden, http.StatusTooManyRequests:
		return app.EFORBIDDEN
	case http.StatusNotFound:
		return app.ENOTFOUND
	case http.StatusConflict:
		return app.ECONFLICT
	}
	return app.EINTERNAL
}

func (a ConsoleAccount) app() *app.BureauAccount {
	return &app.BureauAccount{Username: a.Username, Role: app.BureauRole(a.Role)}
}

func (o ConsoleOrg) app() *app.HubOrg {
	return &app.HubOrg{ID: o.ID, UUID: o.UUID, Name: o.Name, Kind: app.OrgKind(o.Kind), Township: o.Township,
		CreatedAt: o.CreatedAt, EnrolledAt: o.EnrolledAt, LastContact: o.LastContact, Revoked: o.Revoked,
		AppVersion: o.AppVersion, Conflicts: o.Conflicts}
}

func (n ConsoleNotice) app() *app.HubNotice {
	return &app.HubNotice{ID: n.ID, UUID: n.UUID, Title: n.Title, Body: n.Body, RequiresAck: n.RequiresAck,
		Deadline: n.Deadline, PublishedAt: n.PublishedAt, RevokedAt: n.RevokedAt, Schools: n.Schools}
}
