package schedule

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"
)

// Defaults for the Options fields left zero.
const (
	DefaultInterval   = 10 * time.Minute
	DefaultMaxBackoff = time.Hour
)

// firstBackoff is the wait after the first retryable failure (or Interval, if
// that is shorter); it doubles with each failure after that.
const firstBackoff = 30 * time.Second

// Options configure a Scheduler. Zero fields take the defaults.
type Options struct {
	// Interval is the wait between syncs while all is well. Default 10 min.
	Interval time.Duration
	// Jitter is the most added at random to every wait, so that schools that
	// came online together do not call the hub in step. Default Interval/10;
	// negative for none.
	Jitter time.Duration
	// MaxBackoff caps the wait between retries while offline. Default 1 h.
	MaxBackoff time.Duration
	// Clock is the real clock by default; tests pass a clockwork.FakeClock.
	Clock clockwork.Clock
	// OnRun, if set, is called after each run (start and end by Clock), so the
	// caller can keep the sync history. It must not call Stop or Shutdown,
	// which wait for it.
	OnRun func(start, end time.Time, err error)
}

// State is what the UI's status line needs.
type State struct {
	Running     bool      // a sync is under way
	Next        time.Time // when the next sync is due; zero while running, paused or stopped
	Failures    int       // failed runs in a row
	LastErr     error     // the last run's error; nil after a success
	Paused      bool      // a non-retryable error stopped the automatic runs
	LastRun     time.Time // when the last run ended
	LastSuccess time.Time // when the last successful run ended
}

// RetryableError marks a failed sync worth retrying with back-off: the hub
// could not be reached or answered 5xx.
type RetryableError struct{ Err error }

func (e *RetryableError) Error() string { return e.Err.Error() }
func (e *RetryableError) Unwrap() error { return e.Err }

// Retryable marks err as worth retrying. Retryable(nil) is nil.
func Retryable(err error) error {
	if err == nil {
		return nil
	}
	return &RetryableError{Err: err}
}

// IsRetryable reports whether err is, or wraps, a RetryableError.
func IsRetryable(err error) bool {
	var r *RetryableError
	return errors.As(err, &r)
}

// Scheduler runs the sync. Its methods are safe for concurrent use.
//
// The gocron job is a one-time job that each run replaces (Update) with the
// next one, because the wait depends on how the run went. gocron runs it in
// singleton mode, so two syncs never overlap; LimitModeWait rather than
// LimitModeReschedule, because gocron frees a singleton's slot a moment
// after the task returns and LimitModeReschedule silently drops a trigger
// that lands in that moment (a RunNow, or the next run on a fast clock),
// which for a one-time job means no sync ever again. Nothing is left to
// queue: no timer is armed while a run is under way, and RunNow refuses
// while one runs, so an overlapping run is skipped, never queued.
type Scheduler struct {
	run   func(context.Context) error
	opts  Options
	cron  gocron.Scheduler
	job   gocron.Job
	runWG sync.WaitGroup // the run under way, for Shutdown

	// mu guards the fields below. It is held across the gocron calls that
	// replace the job, so the job always matches this state; gocron's own
	// goroutines never wait for our task, so that cannot deadlock.
	mu       sync.Mutex
	started  bool
	stopping bool
	running  bool
	pending  bool // a run was asked for (Start, RunNow) and has not begun
	state    State
	// jitterDefault: Jitter follows Interval (a tenth of it) when it
	// changes.
	jitterDefault bool
}

// New returns a Scheduler that calls run, stopped until Start. Call Stop or
// Shutdown when done with it, even if it was never started.
func New(run func(ctx context.Context) error, opts Options) (*Scheduler, error) {
	if run == nil {
		return nil, errors.New("schedule: run is nil")
	}
	if opts.Interval == 0 {
		opts.Interval = DefaultInterval
	}
	if opts.MaxBackoff == 0 {
		opts.MaxBackoff = DefaultMaxBackoff
	}
	if opts.Interval < 0 || opts.MaxBackoff < 0 {
		return nil, fmt.Errorf("schedule: Interval %v and MaxBackoff %v must be positive", opts.Interval, opts.MaxBackoff)
	}
	jitterDefault := opts.Jitter == 0
	switch {
	case jitterDefault:
		opts.Jitter = opts.Interval / 10
	case opts.Jitter < 0:
		opts.Jitter = 0
	}
	if opts.Clock == nil {
		opts.Clock = clockwork.NewRealClock()
	}

	cron, err := gocron.NewScheduler(gocron.WithClock(opts.Clock))
	if err != nil {
		return nil, fmt.Errorf("schedule: %w", err)
	}
	s := &Scheduler{run: run, opts: opts, cron: cron, jitterDefault: jitterDefault}
	// The launch sync: gocron runs it as soon as the scheduler starts.
	s.job, err = cron.NewJob(gocron.OneTimeJob(gocron.OneTimeJobStartImmediately()), s.task(), s.jobOptions()...)
	if err != nil {
		_ = cron.Shutdown()
		return nil, fmt.Errorf("schedule: %w", err)
	}
	return s, nil
}

func (s *Scheduler) task() gocron.Task { return gocron.NewTask(s.tick) }

func (s *Scheduler) jobOptions() []gocron.JobOption {
	return []gocron.JobOption{gocron.WithName("sync"), gocron.WithSingletonMode(gocron.LimitModeWait)}
}

// Start runs a sync now and then keeps syncing. It does nothing if the
// Scheduler was already started or stopped.
func (s *Scheduler) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started || s.stopping {
		return
	}
	s.started, s.pending = true, true
	s.state.Next = s.opts.Clock.Now()
	s.cron.Start()
}

// RunNow starts a sync now and resets the back-off (and a pause). It reports
// false, and starts nothing, if a sync is already running or about to, or
// the Scheduler is not started or is stopped.
func (s *Scheduler) RunNow() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started || s.stopping || s.running || s.pending {
		return false
	}
	// Replacing the job also stops the pending timer, so the scheduled run
	// cannot come right after this one.
	if !s.replace(gocron.OneTimeJob(gocron.OneTimeJobStartImmediately())) {
		return false
	}
	s.pending = true
	s.state.Failures, s.state.Paused = 0, false
	s.state.Next = s.opts.Clock.Now()
	return true
}

// Resume clears a pause left by a non-retryable error, and the back-off: the
// next sync comes one Interval from now. RunNow, to sync at once, resumes
// too. Resume does nothing if the Scheduler is not paused.
func (s *Scheduler) Resume() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.state.Paused {
		return
	}
	s.state.Paused, s.state.Failures = false, 0
	if s.running || s.pending || s.stopping {
		return // the run under way schedules the next one
	}
	s.arm(s.wait())
}

// SetInterval changes the wait between syncs. A sync waiting on the old
// interval is moved to one new Interval after the last run; a back-off
// or a pause stays as it is. A non-positive d is ignored.
func (s *Scheduler) SetInterval(d time.Duration) {
	if d <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.Interval = d
	if s.jitterDefault {
		s.opts.Jitter = d / 10
	}
	if !s.started || s.stopping || s.running || s.pending || s.state.Paused || s.state.Failures > 0 {
		return // the run under way, or the back-off, schedules the next one
	}
	last := s.state.LastRun
	if last.IsZero() {
		last = s.opts.Clock.Now()
	}
	wait := max(last.Add(d).Sub(s.opts.Clock.Now()), 0)
	s.arm(wait)
}

// Stop is Shutdown without a deadline.
func (s *Scheduler) Stop() error { return s.Shutdown(context.Background()) }

// Shutdown stops the automatic runs, cancels the ctx of a sync under way and
// waits for it to end, or for ctx to be done. A stopped Scheduler cannot be
// started again.
func (s *Scheduler) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	first := !s.stopping
	s.stopping = true
	s.pending = false
	s.state.Next = time.Time{}
	s.mu.Unlock()

	var err error
	if first {
		// gocron cancels the job's ctx at once, then waits for the task.
		err = s.cron.ShutdownWithContext(ctx)
	}
	// gocron gives up waiting after its stop timeout; our own wait means a
	// nil return is always "no sync is running".
	done := make(chan struct{})
	go func() { s.runWG.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		return ctx.Err()
	}
	if err != nil {
		return fmt.Errorf("schedule: stop: %w", err)
	}
	return nil
}

// State returns a snapshot for the status line.
func (s *Scheduler) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state
	st.Running = s.running
	return st
}

// tick is the gocron task: one sync, then the next one scheduled.
func (s *Scheduler) tick(ctx context.Context) {
	s.mu.Lock()
	// A cancelled ctx means RunNow or Resume replaced the job after gocron
	// picked this trigger up (their own trigger comes next), or we are
	// stopping: either way this trigger is stale.
	if s.stopping || s.running || ctx.Err() != nil {
		s.mu.Unlock()
		return
	}
	s.running, s.pending = true, false
	s.state.Next = time.Time{}
	s.runWG.Add(1)
	defer s.runWG.Done()
	start := s.opts.Clock.Now()
	s.mu.Unlock()

	err := s.run(ctx)
	end := s.opts.Clock.Now()

	s.mu.Lock()
	if !s.stopping { // a run cut short by Shutdown says nothing about the hub
		s.record(end, err)
		if !s.state.Paused {
			s.arm(s.wait())
		}
	}
	s.running = false
	s.mu.Unlock()

	if s.opts.OnRun != nil {
		s.opts.OnRun(start, end, err)
	}
}

// record notes a run's outcome. s.mu must be held.
func (s *Scheduler) record(end time.Time, err error) {
	s.state.LastRun = end
	s.state.LastErr = err
	switch {
	case err == nil:
		s.state.Failures = 0
		s.state.LastSuccess = end
	case IsRetryable(err):
		s.state.Failures++
	default:
		s.state.Failures++
		s.state.Paused = true // e.g. 401: retrying cannot help until someone acts
	}
}

// wait is how long until the next run, before jitter: Interval while all is
// well, else the back-off for the failures so far. s.mu must be held.
func (s *Scheduler) wait() time.Duration {
	if s.state.Failures == 0 {
		return s.opts.Interval
	}
	d := min(s.opts.Interval, firstBackoff)
	for i := 1; i < s.state.Failures && d < s.opts.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, s.opts.MaxBackoff)
}

// arm schedules the next automatic run d (plus jitter) from now. s.mu must
// be held.
func (s *Scheduler) arm(d time.Duration) {
	if s.opts.Jitter > 0 {
		d += rand.N(s.opts.Jitter)
	}
	next := s.opts.Clock.Now().Add(d)
	if s.replace(gocron.OneTimeJob(gocron.OneTimeJobStartDateTime(next))) {
		s.state.Next = next
	}
}

// replace swaps the job's definition, keeping its id; gocron stops the old
// timer and cancels the old job's ctx. A failure stops the automatic runs
// and is reported like a non-retryable error. s.mu must be held.
func (s *Scheduler) replace(def gocron.JobDefinition) bool {
	if _, err := s.cron.Update(s.job.ID(), def, s.task(), s.jobOptions()...); err != nil {
		s.state.Paused = true
		s.state.LastErr = fmt.Errorf("schedule: next sync: %w", err)
		s.state.Next = time.Time{}
		return false
	}
	return true
}
