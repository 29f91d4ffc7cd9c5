package sync_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	gosync "sync"
	"sync/atomic"
	"testing"
	"time"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/storage"
	jxjsync "jxj/sync"
)

// hubCert is a self-signed hub certificate made by jxj hub cert's code.
type hubCert struct {
	pair        tls.Certificate
	certPEM     []byte
	keyPEM      []byte
	fingerprint string
}

func makeHubCert(t *testing.T, hosts []string, days int, now time.Time) *hubCert {
	t.Helper()
	certPEM, keyPEM, fp, err := jxjsync.SelfSignedCert(hosts, days, now)
	if err != nil {
		t.Fatal(err)
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	if got := jxjsync.Fingerprint(pair.Leaf.Raw); got != fp {
		t.Fatalf("SelfSignedCert's fingerprint %s, the certificate's %s", fp, got)
	}
	return &hubCert{pair: pair, certPEM: certPEM, keyPEM: keyPEM, fingerprint: fp}
}

// tlsHub is a real hub over HTTPS on 127.0.0.1 whose certificate the test
// can replace, as a bureau would by installing a new one.
type tlsHub struct {
	store *storage.Hub
	srv   *httptest.Server
	cert  atomic.Pointer[hubCert]
}

func newTLSHub(t *testing.T, cert *hubCert) *tlsHub {
	t.Helper()
	store, err := storage.OpenHub(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	h := &tlsHub{store: store}
	h.cert.Store(cert)
	h.srv = httptest.NewUnstartedServer(jxjsync.NewHubServer(store, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	h.srv.TLS = &tls.Config{GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
		return &tls.Config{Certificates: []tls.Certificate{h.cert.Load().pair}}, nil
	}}
	h.srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
	h.srv.StartTLS()
	t.Cleanup(h.srv.Close)
	return h
}

// certErr returns the certificate problem in err and the message the
// user reads.
func certErr(t *testing.T, err error) (*app.HubCertError, string) {
	t.Helper()
	var ce *app.HubCertError
	if !errors.As(err, &ce) {
		t.Fatalf("%v: want a certificate problem", err)
	}
	return ce, i18n.Err(err)
}

func errKey(err error) string {
	var ae *app.Error
	if errors.As(err, &ae) {
		return ae.Key
	}
	return ""
}

// A self-signed hub: enrolling without its fingerprint is refused with
// the fingerprint to compare, a wrong fingerprint is refused, the right
// one (as typed) pins the certificate; later syncs trust that one only,
// and a different certificate is refused with both fingerprints.
func TestSelfSignedHubPinned(t *testing.T) {
	i18n.SetLanguage(i18n.English)
	t.Cleanup(func() { i18n.SetLanguage(i18n.Chinese) })
	now := time.Now()
	certA := makeHubCert(t, []string{"127.0.0.1"}, 30, now)
	certB := makeHubCert(t, []string{"127.0.0.1"}, 30, now)
	hub := newTLSHub(t, certA)
	_, code, err := hub.store.AddOrg(admin, app.HubOrgDraft{Name: "城关镇第一小学", Kind: app.OrgPrimary})
	if err != nil {
		t.Fatal(err)
	}
	node := newTestNode(t, smallSchool)
	enrol := func(fingerprint string) error {
		_, err := node.client.Enrol(admin, app.EnrolRequest{HubURL: hub.srv.URL, Code: code, School: "x",
			Trust: app.HubTrust{Fingerprint: fingerprint}})
		return err
	}

	err = enrol("")
	ce, msg := certErr(t, err)
	if ce.Problem != app.CertUnknownAuthority || ce.Fingerprint != certA.fingerprint || errKey(err) != "sync.error.cert_unknown" ||
		app.ErrorCode(err) != app.EFORBIDDEN || jxjsync.IsRetryable(err) || !strings.Contains(msg, certA.fingerprint) {
		t.Errorf("enrolling unpinned: %+v %q (retryable %v), want unknown_authority with the fingerprint %s",
			ce, msg, jxjsync.IsRetryable(err), certA.fingerprint)
	}
	err = enrol(certB.fingerprint)
	ce, msg = certErr(t, err)
	if ce.Problem != app.CertNotPinned || !strings.Contains(msg, certA.fingerprint) || !strings.Contains(msg, certB.fingerprint) {
		t.Errorf("enrolling with another fingerprint: %+v %q, want not_pinned naming both", ce, msg)
	}
	if st, _ := node.svc.Sync.SyncState(admin); st.Enrolled() {
		t.Fatal("a refused certificate enrolled the school")
	}

	// as read out over the phone: no prefix, lower case, spaces
	typed := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(certA.fingerprint, "SHA256:"), ":", " "))
	if err := enrol(typed); err != nil {
		t.Fatalf("enrolling with the fingerprint: %v (the refused attempts must not use up the code)", err)
	}
	st, _ := node.svc.Sync.SyncState(admin)
	if st.Trust.Fingerprint != certA.fingerprint || st.Trust.Insecure {
		t.Errorf("stored trust %+v, want the fingerprint %s", st.Trust, certA.fingerprint)
	}
	if _, err := hub.store.PublishNotice(admin, app.HubNoticeDraft{Title: "通知"}); err != nil {
		t.Fatal(err)
	}
	if run := mustSync(t, node); run.Down != 1 {
		t.Errorf("sync with the pinned hub received %d, want 1", run.Down)
	}

	// the bureau installs another certificate and restarts the hub
	hub.cert.Store(certB)
	hub.srv.CloseClientConnections()
	_, err = node.client.Sync(admin)
	ce, msg = certErr(t, err)
	if ce.Problem != app.CertNotPinned || ce.Fingerprint != certB.fingerprint || ce.Pinned != certA.fingerprint ||
		errKey(err) != "sync.error.cert_not_pinned" || jxjsync.IsRetryable(err) {
		t.Errorf("sync after the certificate changed: %+v %v, want not_pinned, final", ce, err)
	}
	for _, want := range []string{certA.fingerprint, certB.fingerprint, "enrol again"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the message %q does not say %q", msg, want)
		}
	}
	if st, _ := node.svc.Sync.SyncState(admin); st.NeedsEnrol || st.LastError != msg {
		t.Errorf("after the refusal: needs enrol %v, last error %q; want false and the message", st.NeedsEnrol, st.LastError)
	}
	hub.cert.Store(certA)
	hub.srv.CloseClientConnections()
	mustSync(t, node)
}

// With a certificate the node could otherwise trust, an expired one and
// one for another host say so, with the fingerprint, and are retried
// later (the hub's to fix). A pinned certificate is trusted by its
// fingerprint alone, whatever its dates and names.
func TestHubCertProblems(t *testing.T) {
	i18n.SetLanguage(i18n.English)
	t.Cleanup(func() { i18n.SetLanguage(i18n.Chinese) })
	now := time.Now()
	expired := makeHubCert(t, []string{"127.0.0.1"}, 30, now.AddDate(0, 0, -60))
	elsewhere := makeHubCert(t, []string{"jxj.example.gov.cn"}, 30, now)
	tests := []struct {
		name    string
		cert    *hubCert
		problem app.CertProblem
		key     string
		says    string
	}{
		{"expired", expired, app.CertExpired, "sync.error.cert_expired", app.FormatDate(expired.pair.Leaf.NotAfter)},
		{"another host", elsewhere, app.CertWrongHost, "sync.error.cert_host", "another name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hub := newTLSHub(t, tt.cert)
			_, code, err := hub.store.AddOrg(admin, app.HubOrgDraft{Name: "第一小学", Kind: app.OrgPrimary})
			if err != nil {
				t.Fatal(err)
			}
			node := newTestNode(t, smallSchool)
			roots := x509.NewCertPool()
			roots.AddCert(tt.cert.pair.Leaf)
			node.client.HTTP.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}
			r := app.EnrolRequest{HubURL: hub.srv.URL, Code: code, School: "x"}
			_, err = node.client.Enrol(admin, r)
			ce, msg := certErr(t, err)
			if ce.Problem != tt.problem || errKey(err) != tt.key || !jxjsync.IsRetryable(err) ||
				!strings.Contains(msg, tt.cert.fingerprint) || !strings.Contains(msg, tt.says) {
				t.Errorf("%+v %q (retryable %v), want %s saying %q with the fingerprint", ce, msg, jxjsync.IsRetryable(err), tt.problem, tt.says)
			}
			r.Trust.Fingerprint = tt.cert.fingerprint
			if _, err := node.client.Enrol(admin, r); err != nil {
				t.Errorf("enrolling with its fingerprint pinned: %v", err)
			}
		})
	}
}

// Plain http:// goes only to this computer, unless the school allows it
// at enrolment; that choice is stored and later syncs keep to it. The
// refusal comes before anything is sent.
func TestPlainHTTPOnlyToLoopback(t *testing.T) {
	hub := newTestHub(t)
	org, code, err := hub.store.AddOrg(admin, app.HubOrgDraft{Name: "第一小学", Kind: app.OrgPrimary})
	if err != nil {
		t.Fatal(err)
	}
	node := newTestNode(t, smallSchool)
	// every connection goes to the test hub on 127.0.0.1, whatever the
	// address asked for; dials counts them
	var mu gosync.Mutex
	dials := 0
	node.client.HTTP.Transport = &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		mu.Lock()
		dials++
		mu.Unlock()
		return (&net.Dialer{}).DialContext(ctx, network, hub.srv.Listener.Addr().String())
	}}
	const lan = "http://192.0.2.10:8420"
	r := app.EnrolRequest{HubURL: lan, Code: code, School: "x"}
	_, err = node.client.Enrol(admin, r)
	if errKey(err) != "sync.error.plain_http" || !errors.Is(err, app.ErrPlainHTTP) || app.ErrorCode(err) != app.EINVALID || dials != 0 {
		t.Fatalf("enrolling over plain HTTP to another computer: %v after %d connections, want sync.error.plain_http before any", err, dials)
	}
	for _, fp := range []string{"SHA256:12:34", "not a fingerprint"} {
		r.Trust.Fingerprint = fp
		if _, err := node.client.Enrol(admin, r); app.ErrorCode(err) != app.EINVALID || dials != 0 {
			t.Errorf("a fingerprint %q with http://: %v, want EINVALID before any connection", fp, err)
		}
	}
	r.Trust = app.HubTrust{Insecure: true}
	if _, err := node.client.Enrol(admin, r); err != nil {
		t.Fatalf("enrolling with --insecure: %v", err)
	}
	if st, _ := node.svc.Sync.SyncState(admin); !st.Trust.Insecure || st.HubURL != lan {
		t.Errorf("stored %s %+v, want the choice kept", st.HubURL, st.Trust)
	}
	mustSync(t, node)

	// on this computer plain HTTP needs no choice, and none is stored
	code, err = hub.store.NewEnrolCode(admin, org.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	e, err := node.client.Enrol(admin, app.EnrolRequest{HubURL: hub.srv.URL, Code: code, School: "x", Trust: app.HubTrust{Insecure: true}})
	if err != nil || e.Trust.Insecure {
		t.Errorf("enrolling on 127.0.0.1: %+v %v, want it done without the insecure choice", e, err)
	}
}

func TestNormalizeHubURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"192.0.2.10:8443", "https://192.0.2.10:8443"},
		{"jxj.example.gov.cn/", "https://jxj.example.gov.cn"},
		{"127.0.0.1:8420", "http://127.0.0.1:8420"},
		{"localhost:8420", "http://localhost:8420"},
		{"[::1]:8420", "http://[::1]:8420"},
		{" http://192.0.2.10:8420 ", "http://192.0.2.10:8420"},
		{"HTTPS://Hub.example/", "https://Hub.example"},
	}
	for _, tt := range tests {
		if got, err := jxjsync.NormalizeHubURL(tt.in); err != nil || got != tt.want {
			t.Errorf("NormalizeHubURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "ftp://x", "http://"} {
		if _, err := jxjsync.NormalizeHubURL(bad); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("NormalizeHubURL(%q) = %v, want EINVALID", bad, err)
		}
	}
}

func TestParseFingerprint(t *testing.T) {
	cert := makeHubCert(t, []string{"127.0.0.1"}, 1, time.Now())
	fp := cert.fingerprint
	bare := strings.ReplaceAll(strings.TrimPrefix(fp, "SHA256:"), ":", "")
	for _, in := range []string{fp, strings.ToLower(fp), bare, "sha256 Fingerprint=" + strings.TrimPrefix(fp, "SHA256:"), " " + strings.ToLower(bare) + "\n"} {
		if got, err := jxjsync.ParseFingerprint(in); err != nil || got != fp {
			t.Errorf("ParseFingerprint(%q) = %q, %v; want %s", in, got, err, fp)
		}
	}
	for _, bad := range []string{"", "SHA256:", bare[:62], bare + "00", "zz" + bare[2:]} {
		if _, err := jxjsync.ParseFingerprint(bad); errKey(err) != "sync.error.fingerprint" {
			t.Errorf("ParseFingerprint(%q) = %v, want sync.error.fingerprint", bad, err)
		}
	}
}

// jxj serve says which certificate file is missing, unreadable or does
// not fit its key, instead of blaming the port; with a good certificate
// it logs its fingerprint.
func TestServeCertFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := makeHubCert(t, []string{"127.0.0.1"}, 30, time.Now())
	other := makeHubCert(t, []string{"127.0.0.1"}, 30, time.Now())
	cert, key := write("cert.pem", good.certPEM), write("key.pem", good.keyPEM)
	otherKey := write("other-key.pem", other.keyPEM)
	garbage := write("garbage.pem", []byte("not a certificate"))
	missing := filepath.Join(dir, "missing.pem")
	store, err := storage.OpenHub(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	discard := slog.New(slog.NewTextHandler(io.Discard, nil))
	handler := jxjsync.NewHubServer(store, discard).Handler()

	tests := []struct {
		name, cert, key, wantKey, names string
	}{
		{"no certificate file", missing, key, "hub.error.tls_missing", missing},
		{"no key file", cert, missing, "hub.error.tls_missing", missing},
		{"a folder", dir, key, "hub.error.tls_read", dir},
		{"not PEM", garbage, key, "hub.error.tls_invalid", garbage},
		{"another certificate's key", cert, otherKey, "hub.error.tls_invalid", otherKey},
	}
	for _, tt := range tests {
		err := jxjsync.Serve(context.Background(), app.HubListen{Addr: "127.0.0.1:0", TLSCert: tt.cert, TLSKey: tt.key}, handler, discard, nil)
		if errKey(err) != tt.wantKey || !strings.Contains(i18n.Err(err), tt.names) {
			t.Errorf("%s: %v (%q), want %s naming %s", tt.name, err, i18n.Err(err), tt.wantKey, tt.names)
		}
	}

	var logs syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- jxjsync.Serve(ctx, app.HubListen{Addr: "127.0.0.1:0", TLSCert: cert, TLSKey: key}, handler,
			slog.New(slog.NewJSONHandler(&logs, nil)), func(a string) { ready <- a })
	}()
	<-ready
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	var line struct{ Msg, Fingerprint string }
	if err := json.Unmarshal(bytes.SplitN(logs.Bytes(), []byte("\n"), 2)[0], &line); err != nil || line.Msg != "hub listening" || line.Fingerprint != good.fingerprint {
		t.Errorf("first log line %s (%v), want hub listening with the fingerprint %s", logs.Bytes(), err, good.fingerprint)
	}
}

// syncBuffer is a bytes.Buffer safe for the hub's goroutines.
type syncBuffer struct {
	mu  gosync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}
