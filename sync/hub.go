package sync

import (
	"compress/gzip"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	gosync "sync"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// HubServer is the hub's HTTP side: the handlers of PROTOCOL.md over an
// app.HubStore.
type HubServer struct {
	store app.HubStore
	log   *slog.Logger
	limit *failLimiter

	courseUploads gosync.Map // a course file's upload → the request adding to it (console_course_upload.go)
}

// NewHubServer returns the handlers over store, logging to log.
func NewHubServer(store app.HubStore, log *slog.Logger) *HubServer {
	return &HubServer{store: store, log: log, limit: newFailLimiter()}
}

// Handler routes the protocol's endpoints.
func (s *HubServer) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/health", func(w http.ResponseWriter, r *http.Request) {
		s.reply(w, r, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("POST "+PathEnrol, s.enrol)
	mux.HandleFunc("GET "+PathFeed, s.school(s.feed))
	mux.HandleFunc("POST "+PathPush, s.school(s.push))
	mux.HandleFunc("GET "+PathReceipts, s.school(s.receipts))
	// a bureau notice's files: files.go, files_console.go
	mux.HandleFunc("GET "+PathFiles+"{id}", s.school(s.file))
	mux.HandleFunc("GET "+PathCourseFiles+"{id}", s.school(s.courseFile))
	mux.HandleFunc("POST "+PathConsole+"files", s.bureau(app.BureauSendNotices, s.consoleUpload))
	// releases of jxj for the schools: release.go
	mux.HandleFunc("GET "+PathRelease, s.school(s.release))
	mux.HandleFunc("GET "+PathReleases+"{id}", s.school(s.releaseFile))
	mux.HandleFunc("GET "+PathAdmin+"orgs", s.admin(s.adminOrgs))
	mux.HandleFunc("GET "+PathAdmin+"notices/{ref}", s.admin(s.adminNotice))
	s.consoleRoutes(mux) // the bureau console's API: console.go
	s.requestRoutes(mux) // schools' requests: requests.go, console_requests.go
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, ErrNotFound, "no such endpoint: "+r.Method+" "+r.URL.Path)
	})
	return mux
}

// httpError is an answer the handlers give when a request cannot be
// served.
type httpError struct {
	status int
	code   string
	msg    string
	key    string // the translation key of msg, when there is one
	args   []any
	epoch  string
}

func (e *httpError) Error() string { return e.msg }

// fromAppError maps the store's errors to the protocol's. The message is
// in English: it is read by the node's logs and by IT staff.
func fromAppError(err error) *httpError {
	var ae *app.Error
	if !errors.As(err, &ae) {
		return &httpError{status: http.StatusInternalServerError, code: ErrInternal, msg: "internal error"}
	}
	he := &httpError{key: ae.Key, args: ae.Args}
	switch ae.Code {
	case app.EINVALID:
		he.status, he.code = http.StatusBadRequest, ErrBadRequest
	case app.EUNAUTHORIZED:
		he.status, he.code = http.StatusUnauthorized, ErrUnauthorized
	case app.EFORBIDDEN:
		he.status, he.code = http.StatusForbidden, ErrForbidden
	case app.ENOTFOUND:
		he.status, he.code = http.StatusNotFound, ErrNotFound
	case app.ECONFLICT:
		he.status, he.code = http.StatusConflict, ErrConflict
		if ae.Key == "hub.error.epoch" && len(ae.Args) == 1 {
			he.epoch, _ = ae.Args[0].(string)
			he.code, he.args = ErrEpoch, nil // the epoch has a field of its own
		}
	default:
		return &httpError{status: http.StatusInternalServerError, code: ErrInternal, msg: "internal error"}
	}
	he.msg = i18n.TIn(i18n.English, he.key, he.args...)
	return he
}

// school wraps a handler that needs a school's credential; the school is
// taken from the credential alone.
func (s *HubServer) school(h func(w http.ResponseWriter, r *http.Request, org *app.HubOrg)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.allowed(w, r) {
			return
		}
		org, err := s.store.Authenticate(r.Context(), bearer(r))
		if err != nil {
			s.authFailed(w, r, err)
			return
		}
		s.nodeStatus(r, org)
		h(w, r, org)
	}
}

// nodeStatus keeps the version and conflict count the school's node sent
// with its request, when they changed. They inform the bureau and never
// fail the request: a header that is not understood is logged and left.
func (s *HubServer) nodeStatus(r *http.Request, org *app.HubOrg) {
	version := r.Header.Get(HeaderVersion)
	if version == "" {
		return // a node from before the headers
	}
	conflicts, err := strconv.Atoi(r.Header.Get(HeaderConflicts))
	if err != nil {
		s.log.Warn("bad node status header", "org", org.UUID, "conflicts", r.Header.Get(HeaderConflicts))
		return
	}
	if version == org.AppVersion && conflicts == org.Conflicts {
		return
	}
	st := app.NodeStatus{Version: version, Conflicts: conflicts}
	if err := s.store.RecordNodeStatus(r.Context(), org.ID, st); err != nil {
		s.log.Warn("node status not kept", "org", org.UUID, "err", i18n.ForLog(err))
	}
}

// admin wraps a handler of the bureau's admin endpoints.
func (s *HubServer) admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.allowed(w, r) {
			return
		}
		// a school's credential here is EFORBIDDEN, none EUNAUTHORIZED
		if err := s.store.AuthenticateAdmin(r.Context(), bearer(r)); err != nil {
			s.authFailed(w, r, err)
			return
		}
		h(w, r)
	}
}

// allowed answers 429 too_many with Retry-After, without looking at the
// request, when the client's address has failed to authenticate too
// often (limit.go); it reports whether the request may go on. These
// answers are not logged one by one: the address was logged when it was
// limited, and a guesser would flood the log.
func (s *HubServer) allowed(w http.ResponseWriter, r *http.Request) bool {
	wait := s.limit.wait(clientAddr(r))
	if wait <= 0 {
		return true
	}
	secs := int((wait + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	s.write(w, r, http.StatusTooManyRequests, ErrorResponse{Error: ErrTooMany,
		Message: i18n.TIn(i18n.English, "hub.error.too_many", secs), Key: "hub.error.too_many", Args: []any{secs}})
	return false
}

// authFailed answers a refused code, credential or token and counts it
// against the client's address; the failure that uses up the address's
// allowance is logged as such.
func (s *HubServer) authFailed(w http.ResponseWriter, r *http.Request, err error) {
	if code := app.ErrorCode(err); code == app.EUNAUTHORIZED || code == app.EFORBIDDEN {
		if s.limit.fail(clientAddr(r)) {
			s.log.Warn("address limited: too many failed authentications", "addr", r.RemoteAddr, "path", r.URL.Path,
				"burst", FailureBurst, "then_one_per", FailureEvery.String())
		}
	}
	s.failErr(w, r, err)
}

// bearer returns the credential of an "Authorization: Bearer …" header;
// the scheme's name is case-insensitive (RFC 9110 §11.1).
func bearer(r *http.Request) string {
	scheme, v, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(v)
}

func (s *HubServer) enrol(w http.ResponseWriter, r *http.Request) {
	if !s.allowed(w, r) {
		return
	}
	var req EnrolRequest
	if !s.decode(w, r, &req) {
		return
	}
	org, credential, epoch, err := s.store.Enrol(r.Context(), req.Code)
	if err != nil {
		s.authFailed(w, r, err)
		return
	}
	s.log.Info("school enrolled", "org", org.UUID, "name", org.Name, "node", req.Node, "addr", r.RemoteAddr)
	key, err := s.store.CurrentReleaseKey(r.Context())
	if err != nil {
		s.log.Warn("release key not read", "err", i18n.ForLog(err)) // the school pins one at its first release
	}
	s.reply(w, r, EnrolResponse{Org: org.UUID, Name: org.Name, Credential: credential, Epoch: epoch, ReleaseKey: key})
}

func (s *HubServer) feed(w http.ResponseWriter, r *http.Request, org *app.HubOrg) {
	q := r.URL.Query()
	after, err := strconv.ParseInt(q.Get("after"), 10, 64)
	if q.Get("after") == "" {
		after, err = 0, nil
	}
	if err != nil || after < 0 {
		s.fail(w, r, http.StatusBadRequest, ErrBadRequest, "after must be a sequence number")
		return
	}
	page, err := s.store.Feed(r.Context(), org.ID, q.Get("epoch"), after, FeedPageBytes)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	resp := FeedResponse{Epoch: page.Epoch, More: page.More, LastBatch: page.LastBatch, Records: make([]FeedRecord, len(page.Records))}
	for i, rec := range page.Records {
		resp.Records[i] = FeedRecord{Seq: rec.Seq, Type: rec.Type, ID: rec.ID, Body: rec.Body}
	}
	s.reply(w, r, resp)
}

func (s *HubServer) push(w http.ResponseWriter, r *http.Request, org *app.HubOrg) {
	var req PushRequest
	if !s.decode(w, r, &req) {
		return
	}
	ops, err := DecodeOps(req.Ops)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, ErrBadRequest, err.Error())
		return
	}
	results, err := s.store.Push(r.Context(), org.ID, req.Batch, OpsHash(req.Ops), ops)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	resp := PushResponse{Batch: req.Batch, Results: make([]OpResult, len(results))}
	rejected := 0
	for i, res := range results {
		resp.Results[i] = OpResult{Status: "ok"}
		if !res.OK {
			resp.Results[i] = OpResult{Status: "rejected", Code: res.Code, Message: res.Message, Key: res.Key, Args: res.Args}
			rejected++
		}
	}
	s.log.Info("push", "org", org.UUID, "batch", req.Batch, "ops", len(ops), "rejected", rejected)
	s.reply(w, r, resp)
}

// receipts serves a restored school's catch-up: its receipts raised by
// batches after since, a page after the cursor after.
func (s *HubServer) receipts(w http.ResponseWriter, r *http.Request, org *app.HubOrg) {
	q := r.URL.Query()
	since, err := strconv.ParseInt(q.Get("since"), 10, 64)
	if err != nil || since < 0 {
		s.fail(w, r, http.StatusBadRequest, ErrBadRequest, "since must be a batch number")
		return
	}
	page, err := s.store.Receipts(r.Context(), org.ID, since, q.Get("after"), ReceiptsPageSize)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, ReceiptsResponse{Ops: EncodeOps(page.Ops), Next: page.Next, More: page.More})
}

func (s *HubServer) adminOrgs(w http.ResponseWriter, r *http.Request) {
	orgs, err := s.store.Orgs(r.Context())
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, orgs)
}

func (s *HubServer) adminNotice(w http.ResponseWriter, r *http.Request) {
	st, err := s.store.NoticeStatus(r.Context(), r.PathValue("ref"))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, st)
}

// decode reads a JSON body, gzip-compressed or not, within the limits;
// on failure it has answered and returns false.
func (s *HubServer) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	body := io.Reader(http.MaxBytesReader(w, r.Body, MaxCompressedBody))
	if strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(body)
		if err != nil {
			s.fail(w, r, http.StatusBadRequest, ErrBadRequest, "body is not gzip")
			return false
		}
		defer zr.Close()
		body = zr
	}
	limited := &io.LimitedReader{R: body, N: MaxUncompressedBody + 1}
	err := json.NewDecoder(limited).Decode(v)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig) || limited.N <= 0:
		s.fail(w, r, http.StatusRequestEntityTooLarge, ErrTooLarge, "body too large")
		return false
	case err != nil:
		s.fail(w, r, http.StatusBadRequest, ErrBadRequest, "body is not valid JSON for this endpoint: "+err.Error())
		return false
	}
	return true
}

// reply writes v as JSON, gzip-compressed when the client accepts it.
func (s *HubServer) reply(w http.ResponseWriter, r *http.Request, v any) {
	s.write(w, r, http.StatusOK, v)
}

func (s *HubServer) write(w http.ResponseWriter, r *http.Request, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	out := io.Writer(w)
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		defer zw.Close()
		out = zw
	}
	w.WriteHeader(status)
	if err := json.NewEncoder(out).Encode(v); err != nil {
		s.log.Warn("write response", "path", r.URL.Path, "err", err)
	}
}

func (s *HubServer) fail(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	s.failWith(w, r, &httpError{status: status, code: code, msg: msg})
}

func (s *HubServer) failErr(w http.ResponseWriter, r *http.Request, err error) {
	he := fromAppError(err)
	if he.status >= 500 {
		s.log.Error("request failed", "path", r.URL.Path, "addr", r.RemoteAddr, "err", err)
	}
	s.failWith(w, r, he)
}

func (s *HubServer) failWith(w http.ResponseWriter, r *http.Request, e *httpError) {
	if e.status < 500 {
		s.log.Info("request refused", "path", r.URL.Path, "addr", r.RemoteAddr, "status", e.status, "code", e.code, "reason", e.msg) // "msg" is slog's own key
	}
	s.write(w, r, e.status, ErrorResponse{Error: e.code, Message: e.msg, Key: e.key, Args: e.args, Epoch: e.epoch})
}

// CheckListen refuses plain HTTP on an address other than loopback
// unless Insecure is set: credentials would cross the network in clear.
func CheckListen(c app.HubListen) error {
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return app.Errorf(app.EINVALID, "hub.error.tls_pair")
	}
	if c.TLSCert != "" || c.Insecure {
		return nil
	}
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return app.Errorf(app.EINVALID, "hub.error.listen", c.Addr)
	}
	if isLoopback(host) {
		return nil
	}
	return app.Errorf(app.EINVALID, "hub.error.insecure", c.Addr)
}

// isLoopback reports whether host is this computer: localhost or a
// loopback address. Plain HTTP is allowed there without --insecure, by
// the hub and by the node alike.
func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return strings.EqualFold(host, "localhost") || (ip != nil && ip.IsLoopback())
}

// Serve runs the hub on cfg.Addr until ctx ends, then shuts down
// gracefully: requests under way finish (each has written durably
// before answering), new ones are refused. ready, if not nil, gets the
// address listened on. With a certificate it serves HTTPS and logs the
// certificate's fingerprint, which schools pin when it is self-signed.
func Serve(ctx context.Context, cfg app.HubListen, h http.Handler, log *slog.Logger, ready func(addr string)) error {
	if err := CheckListen(cfg); err != nil {
		return err
	}
	var tlsConfig *tls.Config
	var certLog []any
	if cfg.TLSCert != "" {
		pair, err := loadKeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return err
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{pair}}
		certLog = []any{"fingerprint", Fingerprint(pair.Leaf.Raw), "cert_expires", pair.Leaf.NotAfter.Format(time.DateOnly)}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return app.WrapError(err, "hub.error.listen_failed", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // a 1 MiB batch over a slow 2G link
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		TLSConfig:         tlsConfig,
	}
	errc := make(chan error, 1)
	go func() {
		if tlsConfig != nil {
			errc <- srv.ServeTLS(ln, "", "")
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	log.Info("hub listening", append([]any{"addr", ln.Addr().String(), "tls", tlsConfig != nil}, certLog...)...)
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return app.WrapError(err, "hub.error.serve_failed", cfg.Addr, err)
	case <-ctx.Done():
	}
	log.Info("hub shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
