package schedule

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
)

// waitLimit bounds every wait for the scheduler; nothing here sleeps.
const waitLimit = 5 * time.Second

var (
	errOffline = errors.New("dial tcp: network is unreachable")
	errEnrol   = errors.New("401: enrol again")
	t0         = time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
)

// call is one call of run, held until the test answers it.
type call struct {
	ctx   context.Context
	reply chan error
}

type ended struct {
	start, end time.Time
	err        error
}

// harness drives a Scheduler on a fake clock. Its run hands each call to
// the test and returns what the test answers.
type harness struct {
	t      *testing.T
	clock  *clockwork.FakeClock
	s      *Scheduler
	calls  chan call
	ended  chan ended
	active atomic.Int32 // runs under way, to catch an overlap
}

func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	h := &harness{
		t:     t,
		clock: clockwork.NewFakeClockAt(t0),
		calls: make(chan call),
		ended: make(chan ended, 100),
	}
	opts.Clock = h.clock
	opts.OnRun = func(start, end time.Time, err error) { h.ended <- ended{start, end, err} }
	s, err := New(h.run, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	h.s = s
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
	})
	return h
}

func (h *harness) run(ctx context.Context) error {
	if n := h.active.Add(1); n > 1 {
		h.t.Errorf("%d syncs at once, want at most 1", n)
	}
	defer h.active.Add(-1)
	c := call{ctx: ctx, reply: make(chan error, 1)}
	select {
	case h.calls <- c:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-c.reply:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// nextCall waits for the scheduler to call run.
func (h *harness) nextCall() call {
	h.t.Helper()
	select {
	case c := <-h.calls:
		return c
	case <-time.After(waitLimit):
		h.t.Fatalf("run was not called within %v", waitLimit)
		return call{}
	}
}

// finish answers c with err and waits for OnRun.
func (h *harness) finish(c call, err error) ended {
	h.t.Helper()
	c.reply <- err
	select {
	case e := <-h.ended:
		return e
	case <-time.After(waitLimit):
		h.t.Fatalf("OnRun was not called within %v", waitLimit)
		return ended{}
	}
}

// armed reports, without waiting, whether at least n runs wait on the
// clock: gocron's job timer is the fake clock's only waiter.
func (h *harness) armed(n int) bool {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return h.clock.BlockUntilContext(ctx, n) == nil
}

// elapse moves the clock on by d and checks that the armed run waited for
// all of it.
func (h *harness) elapse(d time.Duration) {
	h.t.Helper()
	h.clock.Advance(d - time.Nanosecond)
	if !h.armed(1) {
		h.t.Fatalf("the next run fired before %v had passed", d)
	}
	h.clock.Advance(time.Nanosecond)
}

// checkNext checks that the next run is due d after e ended, in our State
// and in gocron's own job.
func (h *harness) checkNext(e ended, d time.Duration) {
	h.t.Helper()
	want := e.end.Add(d)
	if got := h.s.State().Next; !got.Equal(want) {
		h.t.Fatalf("State().Next = %v after the run, want %v", got.Sub(e.end), d)
	}
	got, err := h.s.job.NextRun()
	if err != nil || !got.Equal(want) {
		h.t.Fatalf("gocron NextRun = %v, %v; want %v", got, err, want)
	}
}

func TestRunsAtStartThenEveryInterval(t *testing.T) {
	h := newHarness(t, Options{Interval: 10 * time.Minute, Jitter: -1})
	h.s.Start()

	for i := range 3 {
		e := h.finish(h.nextCall(), nil)
		wantStart := t0.Add(time.Duration(i) * 10 * time.Minute)
		if !e.start.Equal(wantStart) || e.err != nil {
			t.Fatalf("run %d: start %v err %v, want start %v err nil", i, e.start, e.err, wantStart)
		}
		st := h.s.State()
		if st.Running || st.Failures != 0 || st.LastErr != nil || st.Paused || !st.LastSuccess.Equal(e.end) {
			t.Fatalf("run %d: State() = %+v", i, st)
		}
		h.checkNext(e, 10*time.Minute)
		h.elapse(10 * time.Minute)
	}
}

// A new interval moves the waiting sync to one new interval after the
// last run, and the runs after it follow the new interval.
func TestSetInterval(t *testing.T) {
	h := newHarness(t, Options{Interval: 10 * time.Minute, Jitter: -1})
	h.s.Start()
	first := h.finish(h.nextCall(), nil)
	h.checkNext(first, 10*time.Minute)
	h.elapse(2 * time.Minute)
	h.s.SetInterval(5 * time.Minute)
	h.checkNext(first, 5*time.Minute)
	h.elapse(3 * time.Minute)
	second := h.finish(h.nextCall(), nil)
	if want := first.end.Add(5 * time.Minute); !second.start.Equal(want) {
		t.Fatalf("the run after SetInterval started %v after the first, want 5m", second.start.Sub(first.end))
	}
	h.checkNext(second, 5*time.Minute)
}

func TestJitterStaysWithinBounds(t *testing.T) {
	const interval, jitter = 10 * time.Minute, time.Minute
	h := newHarness(t, Options{Interval: interval, Jitter: jitter})
	h.s.Start()

	jittered := false
	for i := range 5 {
		e := h.finish(h.nextCall(), nil)
		d := h.s.State().Next.Sub(e.end)
		if d < interval || d >= interval+jitter {
			t.Fatalf("run %d: next run %v after the last, want in [%v, %v)", i, d, interval, interval+jitter)
		}
		jittered = jittered || d != interval
		h.checkNext(e, d)
		h.elapse(d)
	}
	if !jittered {
		t.Fatal("five waits of exactly Interval: no jitter was added")
	}
}

func TestSingleton(t *testing.T) {
	h := newHarness(t, Options{Interval: 10 * time.Minute, Jitter: -1})
	h.s.Start()
	slow := h.nextCall()

	if st := h.s.State(); !st.Running || !st.Next.IsZero() {
		t.Fatalf("State() during a run = %+v, want Running and no Next", st)
	}
	// The 立即同步 button pressed again and again during a slow sync.
	var wg sync.WaitGroup
	var started atomic.Int32
	for range 8 {
		wg.Go(func() {
			if h.s.RunNow() {
				started.Add(1)
			}
		})
	}
	wg.Wait()
	if n := started.Load(); n != 0 {
		t.Fatalf("RunNow started %d syncs during a run, want 0", n)
	}
	// No timer is armed during a run, so time passing starts nothing either.
	if h.armed(1) {
		t.Fatal("a timer is armed while a run is under way")
	}
	h.clock.Advance(3 * time.Hour)

	e := h.finish(slow, nil)
	h.checkNext(e, 10*time.Minute)
	// Now RunNow works, and only once until that run begins.
	if !h.s.RunNow() {
		t.Fatal("RunNow after the run = false, want true")
	}
	if h.s.RunNow() {
		t.Fatal("second RunNow before the run began = true, want false")
	}
	h.finish(h.nextCall(), nil)
}

// A RunNow just after a run ends must not be lost: gocron frees the
// singleton slot a moment after the task returns, and in
// LimitModeReschedule it drops a trigger that lands in that moment. The
// moment is short, so with LimitModeReschedule this fails on some runs only
// (about one trigger in 500 is lost), never with the code as it is.
func TestRunNowRightAfterARunIsNotLost(t *testing.T) {
	h := newHarness(t, Options{Interval: 10 * time.Minute, Jitter: -1})
	h.s.Start()
	h.finish(h.nextCall(), nil)
	for i := range 2000 {
		if !h.s.RunNow() {
			t.Fatalf("RunNow %d = false, want true", i)
		}
		h.finish(h.nextCall(), nil)
	}
}

func TestBackoff(t *testing.T) {
	retry := Retryable(errOffline)
	tests := []struct {
		name  string
		opts  Options
		steps []error         // what each run returns
		want  []time.Duration // the wait after each run
	}{
		{
			name:  "doubles to MaxBackoff and resets on success",
			opts:  Options{Interval: 10 * time.Minute, MaxBackoff: time.Hour},
			steps: []error{retry, retry, retry, retry, retry, retry, retry, retry, retry, nil, retry, nil},
			want: []time.Duration{
				30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute,
				16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour,
				10 * time.Minute, 30 * time.Second, 10 * time.Minute,
			},
		},
		{
			name:  "capped below Interval",
			opts:  Options{Interval: 10 * time.Minute, MaxBackoff: 3 * time.Minute},
			steps: []error{retry, retry, retry, retry, retry, nil},
			want:  []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 3 * time.Minute, 3 * time.Minute, 10 * time.Minute},
		},
		{
			name:  "starts from a short Interval",
			opts:  Options{Interval: 20 * time.Second},
			steps: []error{retry, retry, retry, nil},
			want:  []time.Duration{20 * time.Second, 40 * time.Second, 80 * time.Second, 20 * time.Second},
		},
		{
			name:  "wrapped retryable error",
			opts:  Options{Interval: 10 * time.Minute},
			steps: []error{fmt.Errorf("push: %w", retry), nil},
			want:  []time.Duration{30 * time.Second, 10 * time.Minute},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Jitter = -1
			h := newHarness(t, tt.opts)
			h.s.Start()
			failures := 0
			for i, err := range tt.steps {
				e := h.finish(h.nextCall(), err)
				if err == nil {
					failures = 0
				} else {
					failures++
				}
				st := h.s.State()
				if st.Failures != failures || st.Paused || !errors.Is(st.LastErr, err) {
					t.Fatalf("run %d: State() = %+v, want Failures %d, LastErr %v, not paused", i, st, failures, err)
				}
				h.checkNext(e, tt.want[i])
				h.elapse(tt.want[i])
			}
			h.nextCall() // the run after the last wait came; cleanup cancels it
		})
	}
}

func TestRunNowResetsBackoff(t *testing.T) {
	h := newHarness(t, Options{Interval: 10 * time.Minute, Jitter: -1})
	h.s.Start()
	retry := Retryable(errOffline)
	for _, d := range []time.Duration{30 * time.Second, time.Minute} {
		e := h.finish(h.nextCall(), retry)
		h.checkNext(e, d)
		h.elapse(d)
	}
	e := h.finish(h.nextCall(), retry)
	h.checkNext(e, 2*time.Minute)

	if !h.s.RunNow() {
		t.Fatal("RunNow = false, want true")
	}
	if st := h.s.State(); st.Failures != 0 {
		t.Fatalf("Failures after RunNow = %d, want 0", st.Failures)
	}
	e = h.finish(h.nextCall(), retry)
	h.checkNext(e, 30*time.Second) // the back-off starts again
	h.elapse(30 * time.Second)
	h.nextCall()
}

func TestNonRetryableErrorPauses(t *testing.T) {
	tests := []struct {
		name   string
		resume func(t *testing.T, s *Scheduler)
		wait   time.Duration // from resuming to the next run
	}{
		{
			name: "until RunNow",
			resume: func(t *testing.T, s *Scheduler) {
				if !s.RunNow() {
					t.Error("RunNow = false, want true")
				}
			},
		},
		{
			name: "until Resume",
			resume: func(t *testing.T, s *Scheduler) {
				s.Resume()
				s.Resume() // not paused any more: must not arm a second run
			},
			wait: 10 * time.Minute,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{Interval: 10 * time.Minute, Jitter: -1})
			h.s.Start()
			e := h.finish(h.nextCall(), fmt.Errorf("sync: %w", errEnrol))
			if !errors.Is(e.err, errEnrol) {
				t.Fatalf("OnRun err = %v, want %v", e.err, errEnrol)
			}
			st := h.s.State()
			if !st.Paused || st.Failures != 1 || !errors.Is(st.LastErr, errEnrol) || !st.Next.IsZero() {
				t.Fatalf("State() after a 401 = %+v, want paused with the error and no next run", st)
			}
			if h.armed(1) {
				t.Fatal("a run is still scheduled after a non-retryable error")
			}
			h.clock.Advance(24 * time.Hour)

			tt.resume(t, h.s)
			if st := h.s.State(); st.Paused || st.Failures != 0 {
				t.Fatalf("State() after resuming = %+v, want not paused, no failures", st)
			}
			if tt.wait > 0 {
				if h.armed(2) {
					t.Fatal("two runs scheduled after resuming")
				}
				h.elapse(tt.wait)
			}
			e = h.finish(h.nextCall(), nil)
			if st := h.s.State(); st.Paused || st.LastErr != nil || st.Failures != 0 {
				t.Fatalf("State() after a good run = %+v", st)
			}
			h.checkNext(e, 10*time.Minute)
		})
	}
}

func TestStopCancelsTheRunningSyncAndWaits(t *testing.T) {
	clock := clockwork.NewFakeClockAt(t0)
	began := make(chan struct{})
	cancelled := make(chan struct{})
	release := make(chan struct{})
	var returned atomic.Bool
	var onRunErr atomic.Value
	s, err := New(func(ctx context.Context) error {
		defer returned.Store(true)
		close(began)
		<-ctx.Done()
		close(cancelled)
		<-release // a sync that takes a while to notice
		return ctx.Err()
	}, Options{Clock: clock, OnRun: func(_, _ time.Time, err error) { onRunErr.Store(err) }})
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	select {
	case <-began:
	case <-time.After(waitLimit):
		t.Fatal("the launch sync did not start")
	}

	stopped := make(chan error, 1)
	go func() { stopped <- s.Stop() }()
	select {
	case <-cancelled:
	case <-time.After(waitLimit):
		t.Fatal("Stop did not cancel the running sync's ctx")
	}
	select {
	case err := <-stopped:
		t.Fatalf("Stop returned (%v) while the sync was still running", err)
	default:
	}
	close(release)
	select {
	case err := <-stopped:
		if err != nil {
			t.Fatalf("Stop: %v", err)
		}
	case <-time.After(waitLimit):
		t.Fatal("Stop did not return after the sync ended")
	}
	if !returned.Load() {
		t.Fatal("Stop returned before run did")
	}
	if err, _ := onRunErr.Load().(error); !errors.Is(err, context.Canceled) {
		t.Fatalf("OnRun err = %v, want context.Canceled", err)
	}
	st := s.State()
	if st.Running || !st.Next.IsZero() || st.Paused || st.LastErr != nil {
		t.Fatalf("State() after Stop = %+v, want idle with nothing due", st)
	}
	if s.RunNow() {
		t.Fatal("RunNow after Stop = true, want false")
	}
	if err := s.Stop(); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
}

func TestStopBeforeStart(t *testing.T) {
	s, err := New(func(context.Context) error { return nil }, Options{Clock: clockwork.NewFakeClockAt(t0)})
	if err != nil {
		t.Fatal(err)
	}
	if s.RunNow() {
		t.Fatal("RunNow before Start = true, want false")
	}
	if err := s.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	s.Start() // a stopped Scheduler stays stopped
	if st := s.State(); st.Running || !st.Next.IsZero() {
		t.Fatalf("State() = %+v after Start on a stopped Scheduler", st)
	}
}

func TestIsRetryable(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"plain", errOffline, false},
		{"marked", Retryable(errOffline), true},
		{"wrapped", fmt.Errorf("pull: %w", Retryable(errOffline)), true},
		{"joined", errors.Join(errEnrol, Retryable(errOffline)), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsRetryable(tt.err); got != tt.want {
				t.Fatalf("IsRetryable(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
	if Retryable(nil) != nil {
		t.Fatal("Retryable(nil) != nil")
	}
	if err := Retryable(errOffline); !errors.Is(err, errOffline) || err.Error() != errOffline.Error() {
		t.Fatalf("Retryable(err) = %q, does not wrap err", err)
	}
}

func TestNewChecksOptions(t *testing.T) {
	ok := func(context.Context) error { return nil }
	tests := []struct {
		name    string
		run     func(context.Context) error
		opts    Options
		wantErr bool
		check   func(Options) bool
	}{
		{"nil run", nil, Options{}, true, nil},
		{"negative interval", ok, Options{Interval: -time.Second}, true, nil},
		{"negative max backoff", ok, Options{MaxBackoff: -time.Second}, true, nil},
		{"defaults", ok, Options{}, false, func(o Options) bool {
			return o.Interval == DefaultInterval && o.Jitter == DefaultInterval/10 && o.MaxBackoff == DefaultMaxBackoff && o.Clock != nil
		}},
		{"jitter follows interval", ok, Options{Interval: time.Minute}, false, func(o Options) bool { return o.Jitter == 6*time.Second }},
		{"negative jitter is none", ok, Options{Jitter: -1}, false, func(o Options) bool { return o.Jitter == 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(tt.run, tt.opts)
			if (err != nil) != tt.wantErr {
				t.Fatalf("New err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			defer s.Stop()
			if !tt.check(s.opts) {
				t.Fatalf("options = %+v", s.opts)
			}
		})
	}
}
