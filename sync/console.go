package sync

import (
	"net/http"
	"strconv"
	"time"

	"jxj/app"
)

// The bureau console's API on the hub (PROTOCOL.md, "The bureau
// console's API"): its own prefix and its own credential, a bureau
// session token. A school's credential or an admin token is no session,
// and a session is no school's credential nor admin token, so neither
// works on the other's endpoints.

// PathConsole prefixes the console's endpoints.
const PathConsole = "/console/v1/"

// ConsoleLoginRequest is the body of POST login.
type ConsoleLoginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// ConsoleLoginResponse answers a login: the session token, shown once.
type ConsoleLoginResponse struct {
	Token     string         `json:"token"`
	ExpiresAt time.Time      `json:"expires_at"`
	Account   ConsoleAccount `json:"account"`
}

// ConsoleAccount is a bureau account on the wire.
type ConsoleAccount struct {
	Username string `json:"username"`
	Role     string `json:"role"`
}

// ConsoleOrg is a school as the console lists it.
type ConsoleOrg struct {
	ID          int64     `json:"id"`
	UUID        string    `json:"uuid"`
	Name        string    `json:"name"`
	Kind        string    `json:"kind"`
	Township    string    `json:"township,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	EnrolledAt  time.Time `json:"enrolled_at,omitzero"`
	LastContact time.Time `json:"last_contact,omitzero"`
	Revoked     bool      `json:"revoked,omitempty"`
	AppVersion  string    `json:"app_version,omitempty"` // what its node last reported
	Conflicts   int       `json:"conflicts,omitempty"`   // rejected operations waiting at the school
}

// ConsoleOrgDraft is the body of POST orgs.
type ConsoleOrgDraft struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Township string `json:"township,omitempty"`
}

// ConsoleOrgAdded answers POST orgs: the school and its one-time code.
type ConsoleOrgAdded struct {
	Org  ConsoleOrg `json:"org"`
	Code string     `json:"code"`
}

// ConsoleCodeRequest is the body of POST orgs/{id}/code.
type ConsoleCodeRequest struct {
	RevokeNow bool `json:"revoke_now,omitempty"`
}

// ConsoleCodeResponse carries a new enrolment code.
type ConsoleCodeResponse struct {
	Code string `json:"code"`
}

// ConsoleNotice is a bureau notice on the wire.
type ConsoleNotice struct {
	ID          int64     `json:"id"`
	UUID        string    `json:"uuid"`
	Title       string    `json:"title"`
	Body        string    `json:"body,omitempty"`
	RequiresAck bool      `json:"requires_ack,omitempty"`
	Deadline    time.Time `json:"deadline,omitzero"`
	PublishedAt time.Time `json:"published_at"`
	RevokedAt   time.Time `json:"revoked_at,omitzero"`
	Schools     int       `json:"schools"`
}

// ConsoleNoticeDraft is the body of POST notices; no orgs means every
// school.
type ConsoleNoticeDraft struct {
	Title       string    `json:"title"`
	Body        string    `json:"body,omitempty"`
	RequiresAck bool      `json:"requires_ack,omitempty"`
	Deadline    time.Time `json:"deadline,omitzero"`
	Orgs        []int64   `json:"orgs,omitempty"`

	Files []ConsoleUpload `json:"files,omitempty"` // uploaded first (files_console.go)
}

// ConsoleNoticeStatus answers GET notices/{ref}.
type ConsoleNoticeStatus struct {
	Notice  ConsoleNotice         `json:"notice"`
	Schools []ConsoleNoticeSchool `json:"schools"`
	Files   []ConsoleFile         `json:"files,omitempty"` // console_surveys.go
}

// ConsoleNoticeSchool is one school's progress with a notice.
type ConsoleNoticeSchool struct {
	Org        ConsoleOrg `json:"org"`
	Delivered  bool       `json:"delivered"`
	Confirmed  time.Time  `json:"confirmed,omitzero"`
	Forwarded  time.Time  `json:"forwarded,omitzero"`
	Families   int        `json:"families"`
	Read       int        `json:"read"`
	Acked      int        `json:"acked"`
	LastUpdate time.Time  `json:"last_update,omitzero"`
}

// consoleRoutes adds the console's endpoints to mux, each with the
// action app.BureauCan checks.
func (s *HubServer) consoleRoutes(mux *http.ServeMux) {
	get, post := "GET "+PathConsole, "POST "+PathConsole
	mux.HandleFunc(post+"login", s.consoleLogin)
	mux.HandleFunc(post+"logout", s.bureau(app.BureauRead, s.consoleLogout))
	mux.HandleFunc(get+"me", s.bureau(app.BureauRead, s.consoleMe))
	mux.HandleFunc(get+"orgs", s.bureau(app.BureauRead, s.consoleOrgs))
	mux.HandleFunc(post+"orgs", s.bureau(app.BureauManageOrgs, s.consoleAddOrg))
	mux.HandleFunc(post+"orgs/{id}/code", s.bureau(app.BureauManageOrgs, s.consoleOrgCode))
	mux.HandleFunc(post+"orgs/{id}/revoke", s.bureau(app.BureauManageOrgs, s.consoleRevokeOrg))
	mux.HandleFunc(get+"notices", s.bureau(app.BureauRead, s.consoleNotices))
	mux.HandleFunc(post+"notices", s.bureau(app.BureauSendNotices, s.consolePublish))
	mux.HandleFunc(get+"notices/{ref}", s.bureau(app.BureauRead, s.consoleNoticeStatus))
	mux.HandleFunc(post+"notices/{id}/revoke", s.bureau(app.BureauSendNotices, s.consoleRevokeNotice))
	s.cockpitRoutes(mux)             // console_cockpit.go
	s.consoleSurveyRoutes(mux)       // surveys and reminders: console_surveys.go
	s.consoleOrgRoutes(mux)          // editing, importing, letters: console_orgs.go
	s.consoleCourseRoutes(mux)       // open courses: console_courses.go
	s.consoleCourseUploadRoutes(mux) // publishing one: console_course_upload.go
}

// bureau wraps a console handler: the session token must be live
// (401 otherwise, counted against the address like a wrong credential)
// and app.BureauCan must allow act (403). The handler's context carries
// the account, so the hub's audit rows name it.
func (s *HubServer) bureau(act app.BureauAction, h func(w http.ResponseWriter, r *http.Request, a *app.BureauAccount)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.allowed(w, r) {
			return
		}
		a, err := s.store.BureauSession(r.Context(), bearer(r))
		if err != nil {
			s.authFailed(w, r, err)
			return
		}
		if err := app.BureauCan(a, act); err != nil {
			s.failErr(w, r, err)
			return
		}
		h(w, r.WithContext(app.NewContextWithBureau(r.Context(), a)), a)
	}
}

func (s *HubServer) consoleLogin(w http.ResponseWriter, r *http.Request) {
	if !s.allowed(w, r) {
		return
	}
	var req ConsoleLoginRequest
	if !s.decode(w, r, &req) {
		return
	}
	sess, err := s.store.BureauLogin(r.Context(), req.Username, req.Password)
	if err != nil {
		s.authFailed(w, r, err)
		return
	}
	s.log.Info("bureau login", "account", sess.Account.Username, "addr", r.RemoteAddr)
	s.reply(w, r, ConsoleLoginResponse{Token: sess.Token, ExpiresAt: sess.ExpiresAt, Account: consoleAccount(sess.Account)})
}

func (s *HubServer) consoleLogout(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	if err := s.store.BureauLogout(r.Context(), bearer(r)); err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, struct{}{})
}

func (s *HubServer) consoleMe(w http.ResponseWriter, r *http.Request, a *app.BureauAccount) {
	s.reply(w, r, consoleAccount(a))
}

// replyAll answers a list the store gave, each item in its wire form,
// or the store's error.
func replyAll[T, W any](s *HubServer, w http.ResponseWriter, r *http.Request, items []T, err error, wire func(T) W) {
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	out := make([]W, len(items))
	for i, it := range items {
		out[i] = wire(it)
	}
	s.reply(w, r, out)
}

func (s *HubServer) consoleOrgs(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	orgs, err := s.store.Orgs(r.Context())
	replyAll(s, w, r, orgs, err, consoleOrg)
}

func (s *HubServer) consoleAddOrg(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	var d ConsoleOrgDraft
	if !s.decode(w, r, &d) {
		return
	}
	org, code, err := s.store.AddOrg(r.Context(), app.HubOrgDraft{Name: d.Name, Kind: app.OrgKind(d.Kind), Township: d.Township})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, ConsoleOrgAdded{Org: consoleOrg(org), Code: code})
}

func (s *HubServer) consoleOrgCode(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	id, ok := s.pathID(w, r)
	var req ConsoleCodeRequest
	if !ok || !s.decode(w, r, &req) {
		return
	}
	code, err := s.store.NewEnrolCode(r.Context(), id, req.RevokeNow)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, ConsoleCodeResponse{Code: code})
}

func (s *HubServer) consoleRevokeOrg(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	if err := s.store.RevokeOrg(r.Context(), id); err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, struct{}{})
}

func (s *HubServer) consoleNotices(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	ns, err := s.store.Notices(r.Context())
	replyAll(s, w, r, ns, err, consoleNotice)
}

func (s *HubServer) consolePublish(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	var d ConsoleNoticeDraft
	if !s.decode(w, r, &d) {
		return
	}
	n, err := s.store.PublishNotice(r.Context(), app.HubNoticeDraft{Title: d.Title, Body: d.Body, RequiresAck: d.RequiresAck,
		Deadline: d.Deadline, Orgs: d.Orgs, Uploads: uploadsOf(d.Files)})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, consoleNotice(n))
}

func (s *HubServer) consoleRevokeNotice(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	n, err := s.store.RevokeNotice(r.Context(), id)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, consoleNotice(n))
}

func (s *HubServer) consoleNoticeStatus(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	st, err := s.store.NoticeStatus(r.Context(), r.PathValue("ref"))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	out := ConsoleNoticeStatus{Notice: consoleNotice(st.Notice), Schools: make([]ConsoleNoticeSchool, len(st.Schools))}
	for i, sc := range st.Schools {
		out.Schools[i] = ConsoleNoticeSchool{Org: consoleOrg(&sc.Org), Delivered: sc.Delivered, Confirmed: sc.Confirmed,
			Forwarded: sc.Forwarded, Families: sc.Families, Read: sc.Read, Acked: sc.Acked, LastUpdate: sc.LastUpdate}
	}
	files, err := s.store.NoticeFiles(r.Context(), st.Notice.ID)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	out.Files = consoleNoticeFiles(files)
	s.reply(w, r, out)
}

// pathID reads the {id} of the path; on failure it has answered 400.
func (s *HubServer) pathID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, http.StatusBadRequest, ErrBadRequest, "the path's id must be a positive number")
		return 0, false
	}
	return id, true
}

func consoleAccount(a *app.BureauAccount) ConsoleAccount {
	return ConsoleAccount{Username: a.Username, Role: string(a.Role)}
}

func consoleOrg(o *app.HubOrg) ConsoleOrg {
	return ConsoleOrg{ID: o.ID, UUID: o.UUID, Name: o.Name, Kind: string(o.Kind), Township: o.Township,
		CreatedAt: o.CreatedAt, EnrolledAt: o.EnrolledAt, LastContact: o.LastContact, Revoked: o.Revoked,
		AppVersion: o.AppVersion, Conflicts: o.Conflicts}
}

func consoleNotice(n *app.HubNotice) ConsoleNotice {
	return ConsoleNotice{ID: n.ID, UUID: n.UUID, Title: n.Title, Body: n.Body, RequiresAck: n.RequiresAck,
		Deadline: n.Deadline, PublishedAt: n.PublishedAt, RevokedAt: n.RevokedAt, Schools: n.Schools}
}
