// Package cli is jxj's command line: the same app services as the GUI, for
// IT staff, scripts and tests. Flags come before arguments; output is
// translated; the exit code is 0 (done), 1 (failed) or 2 (usage).
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"time"

	"golang.org/x/term"

	"jxj/app"
	"jxj/app/i18n"
)

// Exit codes.
const (
	ExitOK     = 0
	ExitFailed = 1
	ExitUsage  = 2
)

// Env is what the commands need from the outside world; main fills it.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Version        string
	// Open opens the school data in dir ("" for the default folder) and
	// returns its services and a function that closes them.
	Open func(ctx context.Context, dir string) (app.Services, func() error, error)
	// OpenHub opens the district hub's data in dir.
	OpenHub func(ctx context.Context, dir string) (app.HubStore, func() error, error)
	// HubOrgs reads the bureau's list of schools and prints enrolment letters.
	HubOrgs app.HubOrgTools
	// Serve runs the hub on the data in dir until ctx ends.
	Serve func(ctx context.Context, dir string, l app.HubListen) error
	// MakeCert makes a self-signed certificate and key (PEM) for the hub's
	// host names and addresses, valid for days days from now, with the
	// certificate's fingerprint.
	MakeCert func(hosts []string, days int, now time.Time) (certPEM, keyPEM []byte, fingerprint string, err error)
	// Restore replaces the school's database in dir with the backup file,
	// checked first, keeping the one replaced aside (whose path it
	// returns); the database must be closed.
	Restore func(ctx context.Context, dir, file string) (aside string, err error)
	// Damaged reports whether an error of Open says the database is
	// damaged, emptied or gone (and a backup should be restored).
	Damaged func(err error) bool
	// ReadPassword asks for a password without echoing it. Nil: on the
	// terminal of Stdin when it is one; without a terminal passwords come
	// from JXJ_PASSWORD (the acting account's) or Stdin (a new one).
	ReadPassword func(prompt string) (string, error)
	// SelfUpdate installs a release the hub sent (update.go).
	SelfUpdate SelfUpdate
	// Doctor is what jxj doctor checks with (doctor.go).
	Doctor DoctorChecks
	// QuitWindow closes a running window for jxj quit (quit.go).
	QuitWindow QuitWindow
}

// command is one subcommand: its name as typed (e.g. "import roster"), the
// key of its one-line help, its usage line and what it does.
type command struct {
	name  string
	help  string // translation key
	usage string
	run   func(ctx context.Context, c *call) error
}

// call is one invocation of a command: its parsed flags and arguments.
type call struct {
	env   *Env
	flags *flag.FlagSet
	data  *string
	user  *string // --user: the account the command acts as
	args  []string
	// password is the acting account's, once withServices logged it in:
	// `account passwd` of one's own account needs it as the old one.
	password string
}

// usageError marks a wrong invocation (exit 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func commands() []command {
	return append([]command{
		{"demo", "cli.help.demo", "jxj demo --data DIR", runDemo},
		{"import roster", "cli.help.import_roster", "jxj import roster --data DIR [--dry-run] FILE", runImportRoster},
		{"import classes", "cli.help.import_classes", "jxj import classes --data DIR [--dry-run] FILE", runImportClasses},
		{"import staff", "cli.help.import_staff", "jxj import staff --data DIR [--dry-run] FILE", runImportStaff},
		{"export directory", "cli.help.export_directory", "jxj export directory --data DIR FILE.xlsx", runExportDirectory},
		{"export template", "cli.help.export_template", "jxj export template FILE.xlsx", runExportTemplate},
		{"notice publish", "cli.help.notice_publish", "jxj notice publish --data DIR --title TITLE --body TEXT --to school|grade:N|class:ID[,…] [--ack] [--deadline YYYY-MM-DD] [--attach FILE]…", runNoticePublish},
		{"notice list", "cli.help.notice_list", "jxj notice list --data DIR", runNoticeList},
		{"notice status", "cli.help.notice_status", "jxj notice status --data DIR ID", runNoticeStatus},
		{"notice ack", "cli.help.notice_ack", "jxj notice ack --data DIR --code CODE", runNoticeAck},
		{"notice codes", "cli.help.notice_codes", "jxj notice codes --data DIR [--out FILE.xlsx] ID", runNoticeCodes},
		{"print notice", "cli.help.print_notice", "jxj print notice --data DIR --out FILE.pdf ID", runPrintNotice},
		{"notice confirm", "cli.help.notice_confirm", "jxj notice confirm --data DIR ID", runNoticeConfirm},
		{"notice forward", "cli.help.notice_forward", "jxj notice forward --data DIR --to school|grade:N|class:ID[,…] ID", runNoticeForward},
		{"request list", "approvals.cli.help.list", "jxj request list --data DIR", runRequestList},
		{"request submit", "approvals.cli.help.submit", "jxj request submit --data DIR (ID | --type TYPE --title TITLE [--body TEXT] [--field KEY=VALUE]… [--attach FILE]…)", runRequestSubmit},
		{"request withdraw", "approvals.cli.help.withdraw", "jxj request withdraw --data DIR ID", runRequestWithdraw},
		{"form list", "cli.help.form_list", "jxj form list --data DIR", runFormList},
		{"form export", "cli.help.form_export", "jxj form export --data DIR ID FILE.xlsx", runFormExport},
		{"attendance mark", "cli.help.attendance_mark", "jxj attendance mark --data DIR --date YYYY-MM-DD --class ID [--session day|am|pm] [--absent 学号,…] [--late …] [--early …] [--sick …] [--personal …]", runAttendanceMark},
		{"attendance export", "cli.help.attendance_export", "jxj attendance export --data DIR --class ID --month YYYY-MM FILE.xlsx", runAttendanceExport},
		{"exam add", "cli.help.exam_add", "jxj exam add --data DIR --name NAME --date YYYY-MM-DD [--classes all|ID,…] --subjects 语文:100,数学:100,英语:120", runExamAdd},
		{"grades import", "cli.help.grades_import", "jxj grades import --data DIR --exam ID [--dry-run] FILE.xlsx", runGradesImport},
		{"grades stats", "cli.help.grades_stats", "jxj grades stats --data DIR --exam ID", runGradesStats},
		{"cockpit", "cli.help.cockpit", "jxj cockpit --data DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]", runCockpit},
		{"enrol", "cli.help.enrol", "jxj enrol --data DIR --hub URL --code CODE [--fingerprint SHA256:…] [--insecure]", runEnrol},
		{"sync status", "cli.help.sync_status", "jxj sync status --data DIR", runSyncStatus},
		{"sync", "cli.help.sync", "jxj sync --data DIR", runSync},
		{"serve", "cli.help.serve", "jxj serve --data DIR [--listen 127.0.0.1:8420] [--tls-cert FILE --tls-key FILE] [--insecure]", runServe},
		{"hub cert", "cli.help.hub_cert", "jxj hub cert --host NAME|IP[,…] --cert FILE --key FILE [--days 3650]", runHubCert},
		{"hub org add", "cli.help.hub_org_add", "jxj hub org add --data DIR --name NAME --type TYPE [--township NAME]", runHubOrgAdd},
		{"hub org list", "cli.help.hub_org_list", "jxj hub org list --data DIR", runHubOrgList},
		{"hub org code", "cli.help.hub_org_code", "jxj hub org code --data DIR [--revoke-now] ID", runHubOrgCode},
		{"hub org revoke", "cli.help.hub_org_revoke", "jxj hub org revoke --data DIR ID", runHubOrgRevoke},
		{"hub org edit", "cli.help.hub_org_edit", "jxj hub org edit --data DIR [--name NAME] [--type TYPE] [--township NAME] ID", runHubOrgEdit},
		{"hub org import", "cli.help.hub_org_import", "jxj hub org import --data DIR [--dry-run] FILE", runHubOrgImport},
		{"hub org template", "cli.help.hub_org_template", "jxj hub org template FILE.xlsx", runHubOrgTemplate},
		{"hub org letters", "cli.help.hub_org_letters", "jxj hub org letters --data DIR --hub URL [--fingerprint SHA256:…] [--orgs ID,…] [--reissue] FILE.pdf", runHubOrgLetters},
		// "hub token list" and "revoke" before "hub token", which would match them
		{"hub token list", "cli.help.hub_token_list", "jxj hub token list --data DIR", runHubTokenList},
		{"hub token revoke", "cli.help.hub_token_revoke", "jxj hub token revoke --data DIR ID", runHubTokenRevoke},
		{"hub token", "cli.help.hub_token", "jxj hub token --data DIR [--days 30]", runHubToken},
		{"hub account add", "cli.help.hub_account_add", "jxj hub account add --data DIR [--role admin|staff] USERNAME", runHubAccountAdd},
		{"hub account list", "cli.help.hub_account_list", "jxj hub account list --data DIR", runHubAccountList},
		{"hub account passwd", "cli.help.hub_account_passwd", "jxj hub account passwd --data DIR USERNAME", runHubAccountPasswd},
		{"hub account disable", "cli.help.hub_account_disable", "jxj hub account disable --data DIR USERNAME", runHubAccountDisable},
		{"hub account enable", "cli.help.hub_account_enable", "jxj hub account enable --data DIR USERNAME", runHubAccountEnable},
		{"hub notice publish", "cli.help.hub_notice_publish", "jxj hub notice publish --data DIR --title TITLE --body TEXT [--to all|ORG_ID,…] [--ack] [--deadline YYYY-MM-DD] [--attach FILE]…", runHubNoticePublish},
		{"hub notice list", "cli.help.hub_notice_list", "jxj hub notice list --data DIR", runHubNoticeList},
		{"hub notice revoke", "cli.help.hub_notice_revoke", "jxj hub notice revoke --data DIR ID", runHubNoticeRevoke},
		{"hub notice status", "cli.help.hub_notice_status", "jxj hub notice status --data DIR ID", runHubNoticeStatus},
		{"hub cockpit", "district.cli.help", "jxj hub cockpit --data DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--township T] [--school ID] [--json]", runHubCockpit},
		{"hub notice remind", "cli.help.hub_notice_remind", "jxj hub notice remind --data DIR [--schools behind|ORG_ID,…] [--below 90] ID", runHubNoticeRemind},
		{"hub survey publish", "cli.help.hub_survey_publish", "jxj hub survey publish --data DIR --title TITLE --questions FILE.json|LABEL=KIND[:A|B];… [--intro TEXT] [--to all|ORG_ID,…] [--deadline YYYY-MM-DD]", runHubSurveyPublish},
		{"hub survey list", "cli.help.hub_survey_list", "jxj hub survey list --data DIR", runHubSurveyList},
		{"hub survey status", "cli.help.hub_survey_status", "jxj hub survey status --data DIR [--json] ID", runHubSurveyStatus},
		{"hub survey remind", "cli.help.hub_survey_remind", "jxj hub survey remind --data DIR [--schools behind|ORG_ID,…] ID", runHubSurveyRemind},
		{"hub survey revoke", "cli.help.hub_survey_revoke", "jxj hub survey revoke --data DIR ID", runHubSurveyRevoke},
		{"hub request list", "approvals.cli.help.hub_list", "jxj hub request list --data DIR [--state submitted|reviewing|approved|rejected|withdrawn] [--overdue] [--for USER]", runHubRequestList},
		{"hub request decide", "approvals.cli.help.hub_decide", "jxj hub request decide --data DIR --approve|--reject [--opinion TEXT] --as USER [--step N] ID", runHubRequestDecide},
		{"hub request figures", "approvals.cli.help.hub_figures", "jxj hub request figures --data DIR [--json]", runHubRequestFigures},
		{"hub request types", "approvals.cli.help.hub_types", "jxj hub request types --data DIR [--set TYPE [--steps NAME[:USER,…];…] [--days N]]", runHubRequestTypes},
		{"backup", "cli.help.backup", "jxj backup --data DIR [FILE]", runBackup},
		{"restore", "cli.help.restore", "jxj restore --data DIR FILE", runRestore},
		{"year rollover", "cli.help.year_rollover", "jxj year rollover --data DIR [--dry-run] [--top-grade N]", runYearRollover},
		{"student status", "cli.help.student_status", "jxj student status --data DIR --to transferred|suspended|active [--class ID] [--note TEXT] STUDENT_NO…", runStudentStatus},
		{"account list", "cli.help.account_list", "jxj account list --data DIR", runAccountList},
		{"account passwd", "cli.help.account_passwd", "jxj account passwd --data DIR [--user NAME] USERNAME", runAccountPasswd},
		{"account unlock", "cli.help.account_unlock", "jxj account unlock --data DIR [--user NAME] USERNAME", runAccountUnlock},
		{"account recover", "cli.help.account_recover", "jxj account recover --data DIR USERNAME", runAccountRecover},
		{"audit verify", "cli.help.audit_verify", "jxj audit verify --data DIR", runAuditVerify},
		{"hub release key", "update.help.key", "jxj hub release key --out DIR", runHubReleaseKey},
		{"hub release add", "update.help.add", "jxj hub release add --data DIR --key FILE --version V --platform windows-amd64|linux-amd64 FILE", runHubReleaseAdd},
		{"hub release list", "update.help.list", "jxj hub release list --data DIR", runHubReleaseList},
		{"update status", "update.help.status", "jxj update status --data DIR", runUpdateStatus},
		{"update install", "update.help.install", "jxj update install --data DIR [--user NAME]", runUpdateInstall},
		{"update finish", "update.help.finish", "jxj update finish --data DIR [--after-exit]", runUpdateFinish},
		{"version", "cli.help.version", "jxj version", runVersion},
		{"doctor", "cli.help.doctor", "jxj doctor [--data DIR]", runDoctor},
		{"quit", "desktop.quit.help", "jxj quit [--data DIR]", runQuit},
	}, courseCommands()...) // course.go
}

// IsCommand reports whether args start with a subcommand (or a request for
// help), so main knows to run the command line rather than the GUI.
func IsCommand(args []string) bool {
	if len(args) == 0 {
		return false
	}
	if isHelp(args[0]) {
		return true
	}
	for _, c := range commands() {
		if c.name == args[0] || strings.HasPrefix(c.name, args[0]+" ") {
			return true
		}
	}
	return false
}

func isHelp(arg string) bool {
	switch arg {
	case "help", "-h", "-help", "--help":
		return true
	}
	return false
}

// Run runs the command in args (without the program name) and returns the
// exit code.
func Run(ctx context.Context, args []string, env *Env) int {
	if len(args) == 0 || isHelp(args[0]) {
		printHelp(env.Stdout)
		return ExitOK
	}
	cmd, rest := findCommand(args)
	if cmd == nil {
		fmt.Fprintln(env.Stderr, i18n.T("cli.error.unknown_command", strings.Join(args, " ")))
		printHelp(env.Stderr)
		return ExitUsage
	}
	c := &call{env: env, flags: flag.NewFlagSet(cmd.name, flag.ContinueOnError), args: rest}
	c.flags.SetOutput(io.Discard)
	c.data = c.flags.String("data", "", i18n.T("cli.flag.data"))
	c.user = c.flags.String("user", "", i18n.T("cli.flag.user"))
	err := cmd.run(ctx, c)
	var ue *usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		printCommandHelp(env.Stdout, cmd, c.flags)
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintln(env.Stderr, ue.msg)
		fmt.Fprintln(env.Stderr, i18n.T("cli.usage", cmd.usage))
		return ExitUsage
	default:
		fmt.Fprintln(env.Stderr, i18n.T("cli.error.prefix")+i18n.Err(err))
		return ExitFailed
	}
}

func findCommand(args []string) (*command, []string) {
	cmds := commands()
	for i := range cmds {
		words := strings.Fields(cmds[i].name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == cmds[i].name {
			return &cmds[i], args[len(words):]
		}
	}
	return nil, nil
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, i18n.T("cli.help.title"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, "  jxj [--data DIR]")
	fmt.Fprintln(w, "      "+i18n.T("cli.help.gui"))
	for _, c := range commands() {
		fmt.Fprintln(w, "  "+c.usage)
		fmt.Fprintln(w, "      "+i18n.T(c.help))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, i18n.T("cli.help.footer"))
	fmt.Fprintln(w, i18n.T("cli.help.accounts"))
}

// printCommandHelp is a command's help (-h, --help): its usage, what it
// does and its flags.
func printCommandHelp(w io.Writer, cmd *command, flags *flag.FlagSet) {
	fmt.Fprintln(w, i18n.T("cli.usage", cmd.usage))
	fmt.Fprintln(w, "  "+i18n.T(cmd.help))
	flags.SetOutput(w)
	flags.PrintDefaults()
}

// parseFlags parses the command's flags once; flags that do not parse
// are a usage error, and asking for help is flag.ErrHelp, on which Run
// prints the command's help.
func (c *call) parseFlags() error {
	if c.flags.Parsed() {
		return nil
	}
	err := c.flags.Parse(c.args)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		return &usageError{i18n.T("cli.error.flags", err)}
	}
	return err
}

// parse parses the flags and checks the number of arguments. The flags
// are parsed once, so a command may check its flag values before
// withServices opens the data folder.
func (c *call) parse(nargs int) error {
	if err := c.parseFlags(); err != nil {
		return err
	}
	if got := c.flags.NArg(); got != nargs {
		return &usageError{i18n.T("cli.error.nargs", nargs, got)}
	}
	return nil
}

// open checks the number of arguments, opens the data folder named by
// --data and runs fn with its services, closing the folder afterwards. fn
// acts as nobody: the node itself (sync) or a step that names its own
// actor (the demo's setup, the offline recovery).
func (c *call) open(ctx context.Context, nargs int, fn func(ctx context.Context, svc app.Services) error) error {
	if err := c.parse(nargs); err != nil {
		return err
	}
	svc, closeFn, err := c.env.Open(ctx, *c.data)
	if err != nil {
		return err
	}
	defer closeFn()
	return fn(ctx, svc)
}

// withServices is how a command that changes data or reads personal data
// runs: it opens the data folder, logs in as the account the command acts
// as (see login) and runs fn as that account, with the role's rules. Every
// file of personal data fn writes gets its audit row.
func (c *call) withServices(ctx context.Context, nargs int, fn func(ctx context.Context, svc app.Services) error) error {
	return c.open(ctx, nargs, func(ctx context.Context, svc app.Services) error {
		acct, err := c.login(ctx, svc)
		if err != nil {
			return err
		}
		ctx = app.NewContextWithAccount(ctx, acct)
		return fn(ctx, svc.WithExportAudit(func() context.Context { return ctx }))
	})
}

// withStatus runs a read-only command (lists, status, counts, the audit
// check) as app.StatusAccount, with no login: it shows no personal data
// and storage refuses any change made as it.
func (c *call) withStatus(ctx context.Context, nargs int, fn func(ctx context.Context, svc app.Services) error) error {
	return c.open(ctx, nargs, func(ctx context.Context, svc app.Services) error {
		return fn(app.NewContextWithAccount(ctx, app.StatusAccount), svc)
	})
}

// login returns the account a command acts as. Until the school has an
// administrator (a fresh folder, or a school the command line imported
// into) it is whoever holds the folder, written in the audit log as the OS
// user and host. After, it is the account named by --user or JXJ_USER,
// with its password from JXJ_PASSWORD or asked on the terminal, and its
// role's rules and lock-out apply as in the window.
func (c *call) login(ctx context.Context, svc app.Services) (*app.Account, error) {
	org, err := svc.Org.School(ctx)
	switch {
	case app.ErrorCode(err) == app.ENOTFOUND || (err == nil && !org.HasAdmin):
		return app.SetupAccount(WhoAmI()), nil
	case err != nil:
		return nil, err
	}
	name := strings.TrimSpace(*c.user)
	if name == "" {
		name = strings.TrimSpace(os.Getenv("JXJ_USER"))
	}
	if name == "" {
		return nil, &usageError{i18n.T("cli.login.user_required")}
	}
	pw := os.Getenv("JXJ_PASSWORD")
	if pw == "" {
		ask := c.terminal()
		if ask == nil {
			return nil, &usageError{i18n.T("cli.login.password_required", name)}
		}
		if pw, err = ask(i18n.T("cli.login.password_prompt", name)); err != nil {
			return nil, app.WrapError(err, "cli.login.password_unread")
		}
	}
	acct, err := svc.Accounts.Authenticate(ctx, name, pw)
	if err != nil {
		return nil, err
	}
	c.password = pw
	if acct.WeakPassword {
		fmt.Fprintln(c.env.Stderr, i18n.T("cli.login.weak_password", acct.Username))
	}
	return acct, nil
}

// terminal returns how to ask for a password without echo, or nil when
// there is no terminal to ask on.
func (c *call) terminal() func(prompt string) (string, error) {
	if c.env.ReadPassword != nil {
		return c.env.ReadPassword
	}
	f, ok := c.env.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return func(prompt string) (string, error) {
		fmt.Fprint(c.env.Stderr, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(c.env.Stderr)
		return string(b), err
	}
}

// WhoAmI returns the operating system's user and host name, which the
// audit log keeps for what is done without an account (the command line's
// setup and recovery, the window's restore over a damaged database).
func WhoAmI() (osUser, host string) {
	osUser, host = "unknown", "unknown"
	if u, err := user.Current(); err == nil && u.Username != "" {
		osUser = u.Username
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		host = h
	}
	return osUser, host
}

func (c *call) printf(key string, args ...any) {
	fmt.Fprintln(c.env.Stdout, i18n.T(key, args...))
}

func runVersion(_ context.Context, c *call) error {
	if err := c.parse(0); err != nil {
		return err
	}
	fmt.Fprintln(c.env.Stdout, "jxj "+c.env.Version)
	return nil
}
