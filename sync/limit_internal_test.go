package sync

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"
)

// An address's allowance grows back one failure per interval, and the
// address is forgotten once it is whole again.
func TestFailLimiterRefills(t *testing.T) {
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	l := newFailLimiter()
	l.burst, l.every, l.now = 3, time.Second, func() time.Time { return now }
	const addr = "192.0.2.1"
	for i := 1; i <= 3; i++ {
		if limited := l.fail(addr); limited != (i == 3) {
			t.Fatalf("failure %d: limited %v, want %v", i, limited, i == 3)
		}
	}
	if got := l.wait(addr); got != time.Second {
		t.Errorf("wait after the burst = %v, want 1s", got)
	}
	now = now.Add(400 * time.Millisecond)
	if got := l.wait(addr); got != 600*time.Millisecond {
		t.Errorf("wait 0.4s later = %v, want 0.6s", got)
	}
	now = now.Add(600 * time.Millisecond)
	if got := l.wait(addr); got != 0 {
		t.Errorf("wait once a failure grew back = %v, want 0", got)
	}
	if !l.fail(addr) {
		t.Error("the failure that grew back did not limit the address again")
	}
	now = now.Add(3 * time.Second)
	if got := l.wait(addr); got != 0 || len(l.addrs) != 0 {
		t.Errorf("after the whole allowance grew back: wait %v, %d addresses kept; want 0 and none", got, len(l.addrs))
	}
}

// A flood of failures from many addresses keeps at most max of them;
// those whose allowance is whole again go first.
func TestFailLimiterBounded(t *testing.T) {
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	l := newFailLimiter()
	l.max, l.now = 100, func() time.Time { return now }
	for i := range 10000 {
		l.fail(fmt.Sprintf("10.%d.%d.1", i/256, i%256))
	}
	if len(l.addrs) > l.max {
		t.Fatalf("%d addresses kept, want at most %d", len(l.addrs), l.max)
	}
	// a minute later the flood's addresses are whole again and make room;
	// a guesser that is still failing stays counted
	now = now.Add(time.Duration(FailureBurst) * FailureEvery)
	for range FailureBurst {
		l.fail("192.0.2.9")
	}
	l.fail("192.0.2.10")
	if l.wait("192.0.2.9") == 0 || len(l.addrs) != 2 {
		t.Errorf("a minute later: %d addresses kept, the guesser waits %v; want the guesser and the new one, and a wait",
			len(l.addrs), l.wait("192.0.2.9"))
	}
}

func TestClientAddr(t *testing.T) {
	tests := []struct{ remote, want string }{
		{"192.0.2.1:4000", "192.0.2.1"},
		{"[2001:db8:1:2:3:4:5:6]:443", "2001:db8:1:2::/64"},
		{"[::ffff:192.0.2.1]:80", "192.0.2.1"},
		{"pipe", "pipe"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.remote
		if got := clientAddr(r); got != tt.want {
			t.Errorf("clientAddr(%q) = %q, want %q", tt.remote, got, tt.want)
		}
	}
}
