// Command jxj is 局校家, the school's offline workbench: the GUI by default,
// subcommands for IT staff and scripts (see `jxj help`). This file only
// wires the pieces together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"github.com/go-co-op/gocron/v2"

	"jxj/app"
	"jxj/app/cli"
	"jxj/app/demo"
	"jxj/app/i18n"
	"jxj/app/ui"
	"jxj/desktop"
	"jxj/storage"
	"jxj/storage/chart"
	"jxj/storage/pdf"
	"jxj/storage/xlsx"
	jxjsync "jxj/sync"
	"jxj/sync/schedule"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	i18n.SetLanguage(i18n.FromEnvironment())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := &cli.Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Version: version,
		Open: openServices, OpenHub: openHub, Serve: serveHub(stderr), MakeCert: jxjsync.SelfSignedCert,
		Restore: storage.Restore, Damaged: storage.IsDamaged,
		HubOrgs: app.HubOrgTools{Sheets: xlsx.New(), Letters: pdf.New(),
			NormalizeHubURL: jxjsync.NormalizeHubURL, ParseFingerprint: jxjsync.ParseFingerprint},
		SelfUpdate: selfUpdate, Doctor: doctorChecks(), QuitWindow: quitWindow}
	if cli.IsCommand(args) {
		return cli.Run(ctx, args, env)
	}
	flags := flag.NewFlagSet("jxj", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	data := flags.String("data", "", i18n.T("cli.flag.data"))
	minimized := flags.Bool(desktop.MinimizedFlag, false, "") // at login: start in the tray
	if err := flags.Parse(args); err != nil || flags.NArg() > 0 {
		// neither the window's flags nor a command: the command line says
		// so, with its help
		return cli.Run(ctx, args, env)
	}
	if err := runGUI(ctx, *data, *minimized); err != nil {
		fmt.Fprintln(stderr, i18n.T("cli.error.prefix")+i18n.Err(err))
		log.Printf("jxj: %s", i18n.ForLog(err))
		return cli.ExitFailed
	}
	return cli.ExitOK
}

// openServices opens the school data in dir (the default data folder when
// dir is "") and returns the services with the spreadsheet reader.
func openServices(ctx context.Context, dir string) (app.Services, func() error, error) {
	db, err := storage.Open(ctx, dir)
	if err != nil {
		return app.Services{}, nil, err
	}
	svc := db.Services()
	svc.Sheets = xlsx.New()
	svc.Charts = chart.New()
	svc.Printer = &pdf.Printer{Charts: svc.Charts}
	svc.Syncer = newSyncClient(svc) // main_update.go
	markStarted(ctx, svc.Updates)
	return svc, db.Close, nil
}

// openHub opens the district hub's data in dir.
func openHub(ctx context.Context, dir string) (app.HubStore, func() error, error) {
	hub, err := storage.OpenHub(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	return hub, hub.Close, nil
}

// serveHub runs `jxj serve`: the hub's handlers on its database, with
// structured logs on logs, until SIGINT or SIGTERM.
func serveHub(logs io.Writer) func(ctx context.Context, dir string, l app.HubListen) error {
	return func(ctx context.Context, dir string, l app.HubListen) error {
		if err := jxjsync.CheckListen(l); err != nil {
			return err
		}
		hub, err := storage.OpenHub(ctx, dir)
		if err != nil {
			return err
		}
		defer hub.Close()
		log := slog.New(slog.NewJSONHandler(logs, nil))
		prune, err := every(24*time.Hour, func() {
			n, err := hub.PruneUploads(ctx, time.Now())
			if err != nil {
				log.Error("pruning uploads no notice carries", "err", i18n.ForLog(err))
			} else if n > 0 {
				log.Info("pruned uploads no notice carries", "files", n)
			}
		})
		if err != nil {
			return err
		}
		prune.Start()
		defer prune.Shutdown()
		return jxjsync.Serve(ctx, l, jxjsync.NewHubServer(hub, log).Handler(), log, nil)
	}
}

// runGUI opens the window on the data folder. The demo school, when the
// first-run wizard asks for it, lives in a folder of its own inside the
// data folder, so it never mixes with the school's real data. A database
// that cannot be used (damaged, emptied, gone) is not opened: the window
// offers the latest backup instead.
func runGUI(ctx context.Context, dir string, minimized bool) error {
	if dir == "" {
		d, err := storage.DefaultDir()
		if err != nil {
			return err
		}
		dir = d
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs // the settings show where the data is
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return app.WrapError(err, "error.storage", err)
	}
	logFile, err := os.OpenFile(filepath.Join(dir, "jxj.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err == nil {
		defer logFile.Close()
		log.SetOutput(logFile)
	}
	inst, held, err := holdDataDir(dir)
	if !held {
		return err // nil: the window already open came forward
	}
	defer inst.Close()
	if err := windowGL(); err != nil {
		return err
	}
	a := fyneapp.NewWithID("cn.jxj.school")
	g := &gui{ctx: ctx, dir: dir, app: a, win: a.NewWindow(i18n.T("app.name"))}
	ui.SizeWindow(a, g.win, screenRoom(a))
	a.Lifecycle().SetOnStarted(func() { placeWindow(a, g.win) })
	defer g.close()
	started, err := g.startConsoleIfKept()
	var cur *school
	if !started && err == nil {
		cur, err = openSchool(ctx, dir)
	}
	g.setUpTray(cur != nil)
	// after the tray, whose SetSystemTrayWindow sets its own
	g.win.SetCloseIntercept(g.closeWindow)
	g.listen(inst)
	switch {
	case started:
	case err == nil:
		g.cur = cur
		g.start()
	case storage.IsDamaged(err):
		log.Printf("jxj: %s", i18n.ForLog(err))
		ui.ShowRecovery(a, g.win, ui.RecoveryOptions{Err: err, Latest: storage.LatestBackup(dir),
			Restore: g.recover, Started: g.start, Quit: a.Quit})
	default:
		return err
	}
	go func() {
		<-ctx.Done() // SIGINT/SIGTERM: close the window so the DB closes cleanly
		fyne.Do(g.quit)
	}()
	if g.startInTray(minimized) {
		a.Run()
		return nil
	}
	g.win.ShowAndRun()
	return nil
}

// gui is the window over the school's data: the school open now (a
// restore swaps it) and the demo school, if the wizard opened it.
type gui struct {
	ctx   context.Context
	dir   string
	app   fyne.App
	win   fyne.Window
	ui    *ui.UI
	demos closeList
	tray  *tray // nil without a system tray

	mu  sync.Mutex
	cur *school
}

// school is the school's data open in the window, with its sync schedule
// and daily backup.
type school struct {
	svc     app.Services
	closeDB func() error
	sync    *scheduledSync
	backups gocron.Scheduler
}

func openSchool(ctx context.Context, dir string) (*school, error) {
	svc, closeDB, err := openServices(ctx, dir)
	if err != nil {
		return nil, err
	}
	s := &school{svc: svc, closeDB: closeDB}
	if s.sync, err = newScheduledSync(ctx, svc); err == nil {
		s.backups, err = dailyBackups(ctx, svc.Backups)
	}
	if err != nil {
		closeDB()
		return nil, err
	}
	return s, nil
}

// run starts the school's schedules once the window can show their state.
func (s *school) run(changed func()) {
	s.sync.start(changed)
	s.backups.Start()
}

// close stops the schedules (a sync or backup under way finishes or is
// cancelled) and closes the database.
func (s *school) close() {
	s.sync.stop()
	if err := s.backups.Shutdown(); err != nil {
		log.Printf("jxj: backups: %s", i18n.ForLog(err))
	}
	if err := s.closeDB(); err != nil {
		log.Printf("jxj: close: %s", i18n.ForLog(err))
	}
}

// school returns the school open now.
func (g *gui) school() *school {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.cur
}

// start shows the window's usual start (the wizard or the login) on the
// school open now.
func (g *gui) start() {
	cur := g.school()
	g.ui = ui.Start(g.app, g.win, cur.svc, ui.Options{OpenDemo: g.openDemo, DataDir: g.dir, Version: version,
		SyncNow:        func() { g.school().sync.runNow() },
		SyncRunning:    func() bool { return g.school().sync.running() },
		OnSyncInterval: func(d time.Duration) { g.school().sync.setInterval(d) },
		Restore:        g.restore,
		OnBureau:       g.toConsole,
		InstallUpdate:  g.installUpdate, // main_update.go
		Desktop:        newDesktopHooks(g.dir, g.tray != nil)})
	cur.run(g.syncChanged(g.ui.SyncChanged))
}

// openDemo creates or opens the demo school in its own folder.
func (g *gui) openDemo() (app.Services, error) {
	svc, closeDemo, err := openServices(g.ctx, filepath.Join(g.dir, "demo"))
	if err != nil {
		return app.Services{}, err
	}
	g.demos.add(closeDemo)
	if _, err := svc.Org.School(g.ctx); app.ErrorCode(err) == app.ENOTFOUND {
		err = demo.Create(g.ctx, svc, demo.DefaultSize)
	}
	return svc, err
}

// restore is the backup page's: it closes the school, restores the
// backup (storage.Restore checks it first and keeps the database aside)
// and opens the school again, restored or, if the restore failed, as it
// was. It returns the services the window goes on with.
func (g *gui) restore(ctx context.Context, path string) (string, app.Services, error) {
	g.school().close()
	aside, err := storage.Restore(ctx, g.dir, path)
	cur, oerr := openSchool(g.ctx, g.dir)
	if oerr != nil {
		return aside, app.Services{}, errors.Join(err, oerr)
	}
	g.mu.Lock()
	g.cur = cur
	g.mu.Unlock()
	cur.run(g.syncChanged(g.ui.SyncChanged))
	return aside, cur.svc, err
}

// recover restores a backup over a database that cannot be opened, as
// whoever holds the PC (no account can log in to a damaged database); the
// restored database's audit log names the OS user and host.
func (g *gui) recover(path string) error {
	ctx := app.NewContextWithAccount(g.ctx, app.RecoveryAccount(cli.WhoAmI()))
	if _, err := storage.Restore(ctx, g.dir, path); err != nil {
		return err
	}
	cur, err := openSchool(g.ctx, g.dir)
	if err != nil {
		return err
	}
	g.mu.Lock()
	g.cur = cur
	g.mu.Unlock()
	return nil
}

// close closes the school and the demo school when the window closes.
func (g *gui) close() {
	if cur := g.school(); cur != nil {
		cur.close()
	}
	g.demos.closeAll()
}

// dailyBackups makes the day's backup at launch and checks every hour
// after, so a PC left on overnight makes the next day's. A failure (a
// full disk) is logged, and the backup page shows how old the latest
// backup is.
func dailyBackups(ctx context.Context, b app.BackupService) (gocron.Scheduler, error) {
	return every(time.Hour, func() {
		if _, err := b.DailyBackup(ctx); err != nil {
			log.Printf("jxj: daily backup: %s", i18n.ForLog(err))
		}
	})
}

// every runs task now and then every d, one run at a time, off the
// caller's goroutine, until the scheduler it returns is shut down.
func every(d time.Duration, task func()) (gocron.Scheduler, error) {
	s, err := gocron.NewScheduler()
	if err != nil {
		return nil, app.WrapError(err, "error.internal")
	}
	_, err = s.NewJob(gocron.DurationJob(d), gocron.NewTask(task),
		gocron.WithSingletonMode(gocron.LimitModeReschedule),
		gocron.WithStartAt(gocron.WithStartImmediately()))
	if err != nil {
		_ = s.Shutdown()
		return nil, app.WrapError(err, "error.internal")
	}
	return s, nil
}

// scheduledSync syncs the school with the district hub while the window
// is open: at launch, every interval, with back-off while offline
// (sync/schedule), and when 立即同步 asks. A school not enrolled yet
// pauses at the first run; enrolling on the sync page runs it again.
type scheduledSync struct {
	sched   *schedule.Scheduler
	changed func() // tells the window to show the new sync state
}

func newScheduledSync(ctx context.Context, svc app.Services) (*scheduledSync, error) {
	st, err := svc.Sync.SyncState(ctx)
	if err != nil {
		return nil, err
	}
	s := &scheduledSync{changed: func() {}}
	s.sched, err = schedule.New(func(ctx context.Context) error {
		s.changed() // 正在同步…
		_, err := svc.Syncer.Sync(ctx)
		if jxjsync.IsRetryable(err) {
			return schedule.Retryable(err)
		}
		if err != nil {
			log.Printf("jxj: sync: %s", i18n.ForLog(err))
		}
		return err
	}, schedule.Options{Interval: st.Interval, OnRun: func(time.Time, time.Time, error) { s.changed() }})
	if err != nil {
		return nil, app.WrapError(err, "error.internal")
	}
	return s, nil
}

// start starts the schedule once the window can show its state.
func (s *scheduledSync) start(changed func()) {
	s.changed = changed
	s.sched.Start()
}

func (s *scheduledSync) runNow()                     { s.sched.RunNow() }
func (s *scheduledSync) running() bool               { return s.sched.State().Running }
func (s *scheduledSync) setInterval(d time.Duration) { s.sched.SetInterval(d) }

// stop cancels a sync under way and waits for it, before the database
// closes.
func (s *scheduledSync) stop() {
	if err := s.sched.Stop(); err != nil {
		log.Printf("jxj: sync: %s", i18n.ForLog(err))
	}
}

// closeList closes the databases the GUI opened, in any order, once.
type closeList struct {
	mu  sync.Mutex
	fns []func() error
}

func (c *closeList) add(fn func() error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fns = append(c.fns, fn)
}

func (c *closeList) closeAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, fn := range c.fns {
		if err := fn(); err != nil {
			log.Printf("jxj: close: %s", i18n.ForLog(err))
		}
	}
	c.fns = nil
}
