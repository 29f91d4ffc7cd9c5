package faultproxy_test

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jxj/sync/faultproxy"
)

// wait bounds every wait on a signal, so a broken proxy fails a test rather
// than hanging it.
const wait = 5 * time.Second

// hub starts an HTTP server on 127.0.0.1 and returns its host:port.
func hub(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String()
}

// echo answers with the request's method and body.
func echo(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	io.WriteString(w, r.Method+":")
	w.Write(body)
}

// sized answers with as many bytes as the query's n asks for.
func sized(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	n, _ := strconv.Atoi(r.URL.Query().Get("n"))
	w.Header().Set("Content-Length", strconv.Itoa(n))
	w.Write(bytes.Repeat([]byte("x"), n))
}

func newProxy(t *testing.T, target string, cfg faultproxy.Config) *faultproxy.Proxy {
	t.Helper()
	p, err := faultproxy.New(target, cfg)
	if err != nil {
		t.Fatalf("New(%q): %v", target, err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// newClient returns a client that opens a new connection for every request,
// so that each request meets the faults of one connection, and that the
// transport never retries on a fresh one.
func newClient(t *testing.T) *http.Client {
	t.Helper()
	tr := &http.Transport{DisableKeepAlives: true}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: wait}
}

// do sends a request and reads the whole response.
func do(c *http.Client, method, url string, body []byte) (int, []byte, error) {
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	return resp.StatusCode, got, err
}

func TestPassThrough(t *testing.T) {
	p := newProxy(t, hub(t, echo), faultproxy.Config{})
	if want := "http://" + p.Addr(); p.URL() != want {
		t.Errorf("URL() = %q, want %q", p.URL(), want)
	}
	if host, _, _ := net.SplitHostPort(p.Addr()); host != "127.0.0.1" {
		t.Errorf("Addr() = %q, want host 127.0.0.1", p.Addr())
	}
	c := newClient(t)

	tests := []struct {
		name   string
		method string
		body   []byte
	}{
		{"get", http.MethodGet, nil},
		{"small post", http.MethodPost, []byte("回执 receipt 1")},
		{"large post", http.MethodPost, bytes.Repeat([]byte("0123456789"), 100_000)},
	}
	var sent int64
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, got, err := do(c, tt.method, p.URL()+"/", tt.body)
			if err != nil {
				t.Fatalf("request: %v", err)
			}
			if code != http.StatusOK {
				t.Errorf("status = %d, want 200", code)
			}
			if want := append([]byte(tt.method+":"), tt.body...); !bytes.Equal(got, want) {
				t.Errorf("body = %d bytes %.20q…, want %d bytes %.20q…", len(got), got, len(want), want)
			}
		})
		sent += int64(len(tt.body))
	}

	s := p.Stats()
	if s.Connections != int64(len(tests)) {
		t.Errorf("Stats().Connections = %d, want %d", s.Connections, len(tests))
	}
	if s.BytesUp <= sent || s.BytesDown <= sent {
		t.Errorf("Stats() bytes up %d, down %d; want both more than the %d bytes of bodies", s.BytesUp, s.BytesDown, sent)
	}
	if s.Drops != 0 || s.Fail500s != 0 {
		t.Errorf("Stats() drops %d, 500s %d; want none", s.Drops, s.Fail500s)
	}
}

func TestLatency(t *testing.T) {
	const latency = 100 * time.Millisecond
	tests := []struct {
		name string
		size int
		max  time.Duration
	}{
		{"small response", 10, 2*latency + time.Second},
		// Were the latency added per chunk, 32 chunks of 32 KiB would take
		// at least 3.2 s; one way, the whole response takes about 2*latency.
		{"1 MiB response", 1 << 20, 1500 * time.Millisecond},
	}
	p := newProxy(t, hub(t, sized), faultproxy.Config{Latency: latency})
	c := newClient(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, got, err := do(c, http.MethodGet, p.URL()+"/?n="+strconv.Itoa(tt.size), nil)
			elapsed := time.Since(start)
			if err != nil {
				t.Fatalf("request: %v", err)
			}
			if len(got) != tt.size {
				t.Errorf("body = %d bytes, want %d", len(got), tt.size)
			}
			if elapsed < 2*latency || elapsed > tt.max {
				t.Errorf("round trip took %v, want between %v and %v", elapsed, 2*latency, tt.max)
			}
		})
	}
}

func TestThrottle(t *testing.T) {
	const (
		bps  = 40_000
		size = 20_000 // half a second's worth, each way
	)
	tests := []struct {
		name     string
		url      string
		body     []byte
		wantSize int
	}{
		{"download", "/?n=" + strconv.Itoa(size), nil, size},
		{"upload", "/?n=2", bytes.Repeat([]byte("u"), size), 2},
	}
	p := newProxy(t, hub(t, sized), faultproxy.Config{BytesPerSecond: bps})
	c := newClient(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, got, err := do(c, http.MethodPost, p.URL()+tt.url, tt.body)
			elapsed := time.Since(start)
			if err != nil {
				t.Fatalf("request: %v", err)
			}
			if len(got) != tt.wantSize {
				t.Errorf("body = %d bytes, want %d", len(got), tt.wantSize)
			}
			low := time.Duration(size) * time.Second / bps
			if high := low + 1500*time.Millisecond; elapsed < low || elapsed > high {
				t.Errorf("%d bytes at %d B/s took %v, want between %v and %v", size, bps, elapsed, low, high)
			}
		})
	}
}

func TestDropAfterBytes(t *testing.T) {
	const big = 1 << 20
	tests := []struct {
		name  string
		drop  int64
		url   string
		body  []byte
		where string
	}{
		{"mid-response", 64 << 10, "/?n=" + strconv.Itoa(big), nil, "response"},
		{"mid-request", 10 << 10, "/?n=2", bytes.Repeat([]byte("u"), big), "request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProxy(t, hub(t, sized), faultproxy.Config{DropAfterBytes: tt.drop})
			code, got, err := do(newClient(t), http.MethodPost, p.URL()+tt.url, tt.body)
			if err == nil && (tt.where == "request" || len(got) == big) {
				t.Fatalf("got status %d and %d bytes, want the %s cut short", code, len(got), tt.where)
			}
			s := p.Stats()
			if s.Drops != 1 {
				t.Errorf("Stats().Drops = %d, want 1", s.Drops)
			}
			if passed := s.BytesUp + s.BytesDown; passed != tt.drop {
				t.Errorf("bytes passed = %d, want exactly DropAfterBytes %d", passed, tt.drop)
			}
		})
	}
}

func TestFail500(t *testing.T) {
	var hits atomic.Int64
	target := hub(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		echo(w, r)
	})
	p := newProxy(t, target, faultproxy.Config{Fail500Probability: 1})
	c := newClient(t)

	tests := []struct {
		name   string
		method string
		body   []byte
	}{
		{"get", http.MethodGet, nil},
		// The body is still arriving when the 500 goes out.
		{"post with a body", http.MethodPost, bytes.Repeat([]byte("u"), 100<<10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, got, err := do(c, tt.method, p.URL()+"/", tt.body)
			if err != nil {
				t.Fatalf("request: %v", err)
			}
			if code != http.StatusInternalServerError {
				t.Errorf("status = %d, want 500", code)
			}
			if !bytes.Contains(got, []byte("injected")) {
				t.Errorf("body = %q, want the proxy's own", got)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("target saw %d requests, want 0", n)
	}
	if s := p.Stats(); s.Fail500s != int64(len(tests)) {
		t.Errorf("Stats().Fail500s = %d, want %d", s.Fail500s, len(tests))
	}
}

func TestSetConfig(t *testing.T) {
	p := newProxy(t, hub(t, echo), faultproxy.Config{})
	c := newClient(t)
	tests := []struct {
		name string
		cfg  faultproxy.Config
		want int
	}{
		{"clean", faultproxy.Config{}, http.StatusOK},
		{"failing", faultproxy.Config{Fail500Probability: 1}, http.StatusInternalServerError},
		{"clean again", faultproxy.Config{}, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p.SetConfig(tt.cfg)
			code, _, err := do(c, http.MethodGet, p.URL()+"/", nil)
			if err != nil {
				t.Fatalf("request: %v", err)
			}
			if code != tt.want {
				t.Errorf("status = %d, want %d", code, tt.want)
			}
		})
	}
}

// outcomes sends n requests, one connection each, through a new proxy with
// cfg and says what became of each: "200", "500" or "drop".
func outcomes(t *testing.T, target string, cfg faultproxy.Config, n int) []string {
	t.Helper()
	p := newProxy(t, target, cfg)
	c := newClient(t)
	var got []string
	for range n {
		code, _, err := do(c, http.MethodGet, p.URL()+"/", nil)
		switch {
		case err != nil:
			got = append(got, "drop")
		default:
			got = append(got, strconv.Itoa(code))
		}
	}
	if want := int64(strings.Count(strings.Join(got, " "), "drop")); p.Stats().Drops != want {
		t.Errorf("Stats().Drops = %d, want %d (%v)", p.Stats().Drops, want, got)
	}
	return got
}

func TestSeedRepeats(t *testing.T) {
	target := hub(t, echo)
	cfg := func(seed uint64) faultproxy.Config {
		// A cut within 40 bytes always falls in the request head, so every
		// drop shows.
		return faultproxy.Config{Seed: seed, DropProbability: 0.4, DropAfterBytes: 40, Fail500Probability: 0.4}
	}
	const n = 24
	first := outcomes(t, target, cfg(42), n)
	again := outcomes(t, target, cfg(42), n)
	other := outcomes(t, target, cfg(43), n)

	if !slices.Equal(first, again) {
		t.Errorf("seed 42 twice:\n%v\n%v\nwant the same", first, again)
	}
	if slices.Equal(first, other) {
		t.Errorf("seeds 42 and 43 both gave %v, want different", first)
	}
	for _, kind := range []string{"200", "500", "drop"} {
		if !slices.Contains(first, kind) {
			t.Errorf("seed 42 gave %v, want at least one %s so the test means something", first, kind)
		}
	}
}

// proxyGoroutines returns the stacks of goroutines running the proxy's code.
// "created by" lines do not count: a goroutine that has left the proxy's
// code but not yet exited still names its creator.
func proxyGoroutines() []string {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var found []string
	for g := range strings.SplitSeq(string(buf), "\n\n") {
		for line := range strings.SplitSeq(g, "\n") {
			if strings.HasPrefix(line, "jxj/sync/faultproxy.") {
				found = append(found, g)
				break
			}
		}
	}
	return found
}

func TestCloseEndsGoroutines(t *testing.T) {
	// A raw TCP target that takes connections and never closes them.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
	)
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	arrived := make(chan string, 1)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			buf := make([]byte, 5)
			if _, err := io.ReadFull(c, buf); err == nil {
				arrived <- string(buf)
			}
		}
	}()

	p, err := faultproxy.New(ln.Addr().String(), faultproxy.Config{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-arrived:
		if got != "hello" {
			t.Fatalf("target read %q, want hello", got)
		}
	case <-time.After(wait):
		t.Fatal("nothing reached the target")
	}

	// Bytes held back by a long latency, and a connection waiting for a
	// request head that never comes, must not hold Close up either.
	p.SetConfig(faultproxy.Config{Latency: time.Hour, Fail500Probability: 1})
	a.Write([]byte("stuck"))
	b, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	if len(proxyGoroutines()) == 0 {
		t.Fatal("found no proxy goroutines while it runs; the leak check below would prove nothing")
	}
	closed := make(chan error, 1)
	go func() { closed <- p.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Errorf("Close() = %v, want nil", err)
		}
	case <-time.After(wait):
		t.Fatal("Close did not return with a connection open")
	}
	if left := proxyGoroutines(); len(left) > 0 {
		t.Errorf("%d proxy goroutines left after Close:\n%s", len(left), strings.Join(left, "\n\n"))
	}

	a.SetReadDeadline(time.Now().Add(wait))
	if _, err := a.Read(make([]byte, 1)); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("read from a connection after Close: %v, want it closed", err)
	}
	if err := p.Close(); err != nil {
		t.Errorf("second Close() = %v, want nil", err)
	}
}

func TestNewRefusesNonLoopback(t *testing.T) {
	tests := []struct {
		target  string
		wantErr bool
	}{
		{"127.0.0.1:8080", false},
		{"127.0.0.2:8080", false},
		{"[::1]:8080", false},
		{"10.0.0.1:80", true},
		{"192.168.1.10:8080", true},
		{"93.184.216.34:80", true},
		{"0.0.0.0:80", true},
		{"[::]:80", true},
		{"localhost:80", true},
		{"example.com:80", true},
		{"127.0.0.1", true},
		{"127.0.0.1:0", true},
		{"127.0.0.1:http", true},
		{"", true},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			p, err := faultproxy.New(tt.target, faultproxy.Config{})
			if err == nil {
				p.Close()
			}
			if gotErr := err != nil; gotErr != tt.wantErr {
				t.Errorf("New(%q) error = %v, want error %v", tt.target, err, tt.wantErr)
			}
		})
	}
}
