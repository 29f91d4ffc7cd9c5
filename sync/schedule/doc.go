// Package schedule decides when a school's PC syncs with the district hub:
// once at launch, then every Interval with jitter so that schools do not
// call the hub in step, sooner again with exponential back-off while the
// hub cannot be reached, never two syncs at once, and at once when someone
// presses 立即同步 (RunNow). An error that a retry cannot fix (401: the
// school must enrol again) stops the automatic runs until RunNow or
// Resume, and State reports it for the status line.
//
// It knows nothing of the protocol: it calls a func(ctx) error and reads the
// error. The caller marks the errors worth retrying (network, 5xx) with
// Retryable.
//
// It is built on gocron v2: a singleton job, the injected clock (tests pass a
// clockwork.FakeClock), and a shutdown that cancels the running sync's ctx.
// It imports gocron, gocron's clock package (clockwork) and the standard
// library only, never another jxj package, so the GUI, the CLI and the sync
// client can all use it without a cycle.
package schedule
