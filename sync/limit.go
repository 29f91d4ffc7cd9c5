package sync

import (
	"net"
	"net/http"
	gosync "sync"
	"time"
)

// How the hub limits failed authentications per client address (wrong
// enrolment codes, credentials or admin tokens): an address may fail
// FailureBurst times in a row, then once every FailureEvery; beyond that
// its requests get 429 too_many until another failure is allowed. An
// address that stops failing is forgotten once its allowance is whole
// again (FailureBurst × FailureEvery, a minute). Requests that
// authenticate cost nothing, so a school with a good credential is never
// slowed; one that shares its address with a guesser (a NAT) waits with
// it, and its node retries with back-off.
const (
	FailureBurst = 10
	FailureEvery = 6 * time.Second
	// failureAddrs caps the addresses tracked, so that a flood of
	// addresses cannot grow the hub's memory without end.
	failureAddrs = 10000
)

// failLimiter counts failed authentications per address as a token
// bucket: each address has up to burst tokens, a failure takes one, one
// grows back every interval, and an address with less than one token
// left is refused.
type failLimiter struct {
	burst float64
	every time.Duration
	max   int
	now   func() time.Time

	mu    gosync.Mutex
	addrs map[string]*failBucket
	swept time.Time // when makeRoom last walked the table
}

type failBucket struct {
	tokens float64
	at     time.Time // when tokens was counted
}

func newFailLimiter() *failLimiter {
	return &failLimiter{burst: FailureBurst, every: FailureEvery, max: failureAddrs, now: time.Now,
		addrs: make(map[string]*failBucket)}
}

// refill brings b's tokens up to now.
func (l *failLimiter) refill(b *failBucket, now time.Time) {
	b.tokens = min(l.burst, b.tokens+float64(now.Sub(b.at))/float64(l.every))
	b.at = now
}

// wait returns how long addr must wait before it may try again; 0 when it
// may try now.
func (l *failLimiter) wait(addr string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.addrs[addr]
	if !ok {
		return 0
	}
	l.refill(b, l.now())
	switch {
	case b.tokens >= l.burst:
		delete(l.addrs, addr) // whole again: forget it
		return 0
	case b.tokens >= 1:
		return 0
	}
	return time.Duration((1 - b.tokens) * float64(l.every))
}

// fail counts a failure of addr and reports whether it used up the
// address's allowance: its next request is refused.
func (l *failLimiter) fail(addr string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.addrs[addr]
	if ok {
		l.refill(b, now)
	} else {
		l.makeRoom(now)
		b = &failBucket{tokens: l.burst, at: now}
		l.addrs[addr] = b
	}
	b.tokens--
	return b.tokens < 1
}

// makeRoom keeps the table under its cap: it forgets the addresses whose
// allowance is whole again (a walk over the table, at most once per
// interval), and when the table is still full (a flood from many
// addresses) it drops one at random (the map's order), so memory stays
// bounded. l.mu must be held.
func (l *failLimiter) makeRoom(now time.Time) {
	if len(l.addrs) < l.max {
		return
	}
	if now.Sub(l.swept) >= l.every {
		l.swept = now
		for addr, b := range l.addrs {
			if l.refill(b, now); b.tokens >= l.burst {
				delete(l.addrs, addr)
			}
		}
	}
	for addr := range l.addrs {
		if len(l.addrs) < l.max {
			break
		}
		delete(l.addrs, addr)
	}
}

// clientAddr is the address the limiter counts a request under: the
// connection's IP (no proxy header is trusted), and for IPv6 its /64, the
// block one site usually gets.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return host
	}
	if ip.To4() == nil {
		return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return ip.String()
}
