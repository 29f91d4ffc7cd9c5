package faultproxy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Config says how bad the link is. The zero value is a clean pass-through;
// negative numbers count as zero.
type Config struct {
	// Latency is added one way to every chunk in each direction: a chunk read
	// at t is delivered no earlier than t+Latency, so chunks overlap in flight
	// and throughput is not bound by the latency.
	Latency time.Duration
	// BytesPerSecond throttles each direction of each connection; 0 is
	// unlimited. 64 kbit/s is 8000.
	BytesPerSecond int
	// DropAfterBytes cuts a connection, both sides and abruptly, once this
	// many bytes have passed through it in both directions together; 0 is
	// never. When DropProbability is set it is the upper bound of a random
	// cut instead.
	DropAfterBytes int64
	// DropProbability is the chance that a new connection is cut after a
	// random number of bytes in [1, DropAfterBytes], or [1, 64 KiB] when
	// DropAfterBytes is 0; the other connections are not cut.
	DropProbability float64
	// Fail500Probability is the chance that a new connection never reaches
	// the target: the proxy reads the first request head and answers 500
	// itself, with Connection: close, after twice the Latency (a round
	// trip). It takes precedence over a drop.
	Fail500Probability float64
	// Seed seeds the fault decisions so that a run can be repeated.
	Seed uint64
}

// Stats counts what the proxy has done since New.
type Stats struct {
	Connections int64 // accepted from clients, 500s included
	BytesUp     int64 // forwarded client → target
	BytesDown   int64 // forwarded target → client
	Drops       int64 // connections cut by DropAfterBytes or DropProbability
	Fail500s    int64 // 500 responses answered in the target's place
}

const (
	// chunkSize is the most one read takes from a socket.
	chunkSize = 32 << 10
	// window is how many chunks may be in flight per direction: like a TCP
	// window it bounds memory, and a link with latency L carries at most
	// window chunks per L.
	window = 64
	// randomDropMax bounds a random drop when DropAfterBytes is 0.
	randomDropMax = 64 << 10
	// maxHead bounds the request head read before an injected 500.
	maxHead = 64 << 10
	// drainTime is how long the proxy keeps reading after an injected 500, so
	// that a request body still being sent does not turn the close into a
	// reset before the client has read the response.
	drainTime = time.Second
	// throttleSteps is how many writes a throttled second is cut into, so the
	// pacing is smooth rather than one burst a second.
	throttleSteps = 50
)

// response500 is the whole of an injected answer.
var response500 = []byte("HTTP/1.1 500 Internal Server Error\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n" +
	"Content-Length: " + strconv.Itoa(len(body500)) + "\r\n" +
	"Connection: close\r\n" +
	"\r\n" + body500)

const body500 = "faultproxy: injected 500\n"

// Proxy forwards connections from 127.0.0.1 to a loopback target with the
// faults of its Config.
type Proxy struct {
	ln     *net.TCPListener
	target string
	ctx    context.Context // cancelled by Close, so a dial in progress ends
	cancel context.CancelFunc

	mu     sync.Mutex
	cfg    Config
	rng    *rand.Rand
	links  map[*link]struct{}
	closed bool

	wg        sync.WaitGroup // the accept loop and every connection
	closeOnce sync.Once

	conns, up, down, drops, fail500s atomic.Int64
}

// New listens on 127.0.0.1 on a free port and forwards every connection to
// target, a loopback host:port such as "127.0.0.1:8080"; any other target
// is refused.
func New(target string, cfg Config) (*Proxy, error) {
	target, err := loopback(target)
	if err != nil {
		return nil, err
	}
	ln, err := net.ListenTCP("tcp4", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return nil, fmt.Errorf("faultproxy: listen: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Proxy{
		ln:     ln,
		target: target,
		ctx:    ctx,
		cancel: cancel,
		links:  make(map[*link]struct{}),
	}
	p.SetConfig(cfg)
	p.wg.Go(p.accept)
	return p, nil
}

// loopback returns target as a loopback ip:port, or an error. Host names are
// refused, even localhost, because what they resolve to is not ours to check.
func loopback(target string) (string, error) {
	host, port, err := net.SplitHostPort(target)
	if err != nil {
		return "", fmt.Errorf("faultproxy: target %q: %w", target, err)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !ip.IsLoopback() {
		return "", fmt.Errorf("faultproxy: target %q is not a loopback IP address", target)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("faultproxy: target %q has no valid port", target)
	}
	return net.JoinHostPort(ip.String(), port), nil
}

// Addr returns the proxy's address, "127.0.0.1:port".
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// URL returns the proxy's address as an http URL, "http://127.0.0.1:port".
func (p *Proxy) URL() string { return "http://" + p.Addr() }

// SetConfig changes the faults. Latency and BytesPerSecond apply at once,
// to open connections too; drops and 500s are decided when a connection is
// accepted, so they apply to new connections only. It reseeds the decisions
// from cfg.Seed, so what follows a SetConfig repeats as a run after New does.
func (p *Proxy) SetConfig(cfg Config) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cfg = cfg
	p.rng = rand.New(rand.NewPCG(cfg.Seed, 0))
}

// Stats returns the counts so far.
func (p *Proxy) Stats() Stats {
	return Stats{
		Connections: p.conns.Load(),
		BytesUp:     p.up.Load(),
		BytesDown:   p.down.Load(),
		Drops:       p.drops.Load(),
		Fail500s:    p.fail500s.Load(),
	}
}

// Close stops listening, closes every open connection and returns once all
// of the proxy's goroutines have ended. Calling it again returns nil.
func (p *Proxy) Close() error {
	var err error
	p.closeOnce.Do(func() {
		p.mu.Lock()
		p.closed = true
		links := make([]*link, 0, len(p.links))
		for l := range p.links {
			links = append(links, l)
		}
		p.mu.Unlock()

		p.cancel()
		err = p.ln.Close()
		for _, l := range links {
			l.close(closeGraceful)
		}
	})
	p.wg.Wait()
	return err
}

func (p *Proxy) accept() {
	for {
		c, err := p.ln.AcceptTCP()
		if err != nil {
			// Closed by Close, or broken: either way there is nothing
			// more to accept.
			return
		}
		p.conns.Add(1)
		// Decided here, in accept order, so that a Seed repeats even when
		// the connections are served concurrently.
		f := p.decide()
		p.wg.Go(func() { p.serve(c, f) })
	}
}

// faults are what one connection will suffer.
type faults struct {
	dropAfter int64 // bytes; 0 is never
	fail500   bool
}

func (p *Proxy) decide() faults {
	p.mu.Lock()
	defer p.mu.Unlock()
	cfg := p.cfg
	// Every connection takes the same draws whatever the config, so one
	// connection's faults depend only on the seed and its place in line.
	dropRoll := p.rng.Float64()
	dropMax := cfg.DropAfterBytes
	if dropMax <= 0 {
		dropMax = randomDropMax
	}
	dropAt := p.rng.Int64N(dropMax) + 1
	failRoll := p.rng.Float64()

	var f faults
	switch {
	case cfg.DropProbability > 0:
		if dropRoll < cfg.DropProbability {
			f.dropAfter = dropAt
		}
	case cfg.DropAfterBytes > 0:
		f.dropAfter = cfg.DropAfterBytes
	}
	f.fail500 = failRoll < cfg.Fail500Probability
	return f
}

// shape returns the latency and throttle now in force.
func (p *Proxy) shape() (latency time.Duration, bytesPerSecond int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cfg.Latency, p.cfg.BytesPerSecond
}

// track registers l so that Close can close it; false if Close came first.
func (p *Proxy) track(l *link) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.links[l] = struct{}{}
	return true
}

func (p *Proxy) untrack(l *link) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.links, l)
}

func (p *Proxy) serve(client *net.TCPConn, f faults) {
	l := &link{p: p, client: client, done: make(chan struct{}), limit: f.dropAfter}
	if !p.track(l) {
		client.Close()
		return
	}
	defer p.untrack(l)
	defer l.close(closeGraceful)

	if f.fail500 {
		p.answer500(l)
		return
	}

	var d net.Dialer
	c, err := d.DialContext(p.ctx, "tcp", p.target)
	if err != nil {
		// As a refused connection would look across a real link.
		l.close(closeAbort)
		return
	}
	if !l.attach(c.(*net.TCPConn)) {
		return
	}

	up := &pipe{l: l, src: l.client, dst: l.target, count: &p.up, ch: make(chan chunk, window)}
	down := &pipe{l: l, src: l.target, dst: l.client, count: &p.down, ch: make(chan chunk, window)}
	var wg sync.WaitGroup
	wg.Go(up.read)
	wg.Go(up.write)
	wg.Go(down.read)
	wg.Go(down.write)
	wg.Wait()
}

// answer500 reads the request head and answers 500 in the target's place,
// after the round trip a hub across the link would have taken.
func (p *Proxy) answer500(l *link) {
	at, ok := readHead(l.client)
	if !ok {
		l.close(closeAbort)
		return
	}
	latency, _ := p.shape()
	if !l.wait(at.Add(2 * latency)) {
		return
	}
	p.fail500s.Add(1)
	if _, err := l.client.Write(response500); err != nil {
		l.close(closeAbort)
		return
	}
	l.client.CloseWrite()
	l.client.SetReadDeadline(time.Now().Add(drainTime))
	io.Copy(io.Discard, l.client)
}

// readHead reads until the end of an HTTP request head and returns when it
// was read; false if the client closed first or the head is too long.
func readHead(c *net.TCPConn) (time.Time, bool) {
	var head []byte
	buf := make([]byte, 4096)
	for len(head) < maxHead {
		n, err := c.Read(buf)
		head = append(head, buf[:n]...)
		if bytes.Contains(head, []byte("\r\n\r\n")) {
			return time.Now(), true
		}
		if err != nil {
			return time.Time{}, false
		}
	}
	return time.Time{}, false
}

// A link is one client connection and its connection to the target.
type link struct {
	p      *Proxy
	client *net.TCPConn
	done   chan struct{} // closed when the link is
	limit  int64         // bytes before a drop; 0 is never

	mu     sync.Mutex
	target *net.TCPConn
	passed int64
	closed bool
}

type closeMode int

const (
	closeGraceful closeMode = iota // plain close
	closeAbort                     // reset both sides
	closeDrop                      // reset both sides and count a drop
)

// close closes both sides of the link once; later calls do nothing.
func (l *link) close(mode closeMode) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	l.closed = true
	// Counted before the reset, so a client that has seen the reset also
	// sees the drop in Stats.
	if mode == closeDrop {
		l.p.drops.Add(1)
	}
	close(l.done)
	for _, c := range []*net.TCPConn{l.client, l.target} {
		if c == nil {
			continue
		}
		if mode != closeGraceful {
			// Linger 0 sends a reset, so the peer sees the link break
			// rather than an orderly end.
			c.SetLinger(0)
		}
		c.Close()
	}
}

// attach sets the target connection; false, with c closed, if the link was
// closed while it was being dialled.
func (l *link) attach(c *net.TCPConn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		c.Close()
		return false
	}
	l.target = c
	return true
}

// take reserves up to n bytes of the link's drop budget. It returns how many
// may pass, and whether the link must be dropped once they have.
func (l *link) take(n int) (int, bool) {
	if l.limit == 0 {
		return n, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	left := l.limit - l.passed
	if int64(n) < left {
		l.passed += int64(n)
		return n, false
	}
	l.passed = l.limit
	return int(left), true
}

// wait blocks until t; false if the link closed first.
func (l *link) wait(t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		select {
		case <-l.done:
			return false
		default:
			return true
		}
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-l.done:
		return false
	}
}

// A chunk is what one read took from a socket, and when; nil data is the
// end of the stream.
type chunk struct {
	at   time.Time
	data []byte
}

// A pipe carries one direction of a link: read takes chunks from src as
// fast as they come, write delivers them to dst late and slow.
type pipe struct {
	l        *link
	src, dst *net.TCPConn
	count    *atomic.Int64
	ch       chan chunk
}

func (pp *pipe) read() {
	buf := make([]byte, chunkSize)
	for {
		n, err := pp.src.Read(buf)
		at := time.Now()
		if n > 0 && !pp.send(chunk{at: at, data: bytes.Clone(buf[:n])}) {
			return
		}
		if errors.Is(err, io.EOF) {
			pp.send(chunk{at: at})
			return
		}
		if err != nil {
			// A reset from one side, or the link closed under us (then
			// this does nothing).
			pp.l.close(closeAbort)
			return
		}
	}
}

func (pp *pipe) send(c chunk) bool {
	select {
	case pp.ch <- c:
		return true
	case <-pp.l.done:
		return false
	}
}

func (pp *pipe) write() {
	// idle is when the throttled wire has sent everything before; a chunk
	// starts at its read time or then, whichever is later.
	var idle time.Time
	for {
		var c chunk
		select {
		case c = <-pp.ch:
		case <-pp.l.done:
			return
		}
		latency, bps := pp.l.p.shape()
		if c.data == nil {
			// The end of the stream follows the data across the link.
			if pp.l.wait(later(c.at, idle).Add(latency)) {
				pp.dst.CloseWrite()
			}
			return
		}
		for data := c.data; len(data) > 0; {
			n := len(data)
			idle = later(c.at, idle)
			if bps > 0 {
				n = min(n, max(1, bps/throttleSteps))
				idle = idle.Add(time.Duration(n) * time.Second / time.Duration(bps))
			}
			if !pp.l.wait(idle.Add(latency)) {
				return
			}
			n, drop := pp.l.take(n)
			// Counted before the write, so a client that has the bytes
			// also sees them in Stats.
			pp.count.Add(int64(n))
			if w, err := pp.dst.Write(data[:n]); err != nil {
				pp.count.Add(int64(w - n))
				pp.l.close(closeAbort)
				return
			}
			if drop {
				pp.l.close(closeDrop)
				return
			}
			data = data[n:]
			// A throttle or latency changed by SetConfig applies from the
			// next piece on.
			latency, bps = pp.l.p.shape()
		}
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
