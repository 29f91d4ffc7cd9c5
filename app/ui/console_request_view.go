package ui

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// consoleRequestView is a school's request as the officer reads it: the
// school, type, title and body, the template's fields under their
// labels, the attachments to download, every step so far, and, when it
// waits at a step the officer may decide, 通过 and 驳回 with an opinion
// (驳回 waits for one). Both ask first; after a decision the queue
// comes back, reloaded.
type consoleRequestView struct {
	u    *ConsoleUI
	req  *app.HubRequest
	now  func() time.Time
	back func()

	body      *fyne.Container
	opinion   *widget.Entry
	approveB  *widget.Button
	rejectB   *widget.Button
	refreshB  *widget.Button
	files     []*widget.Button // each attachment's 下载
	decideBox fyne.CanvasObject
	note      *wrapLabel // why the officer may not decide the step waiting
	errL      *wrapLabel
	root      fyne.CanvasObject
}

func newConsoleRequestView(u *ConsoleUI, r *app.HubRequest, now func() time.Time, back func()) *consoleRequestView {
	v := &consoleRequestView{u: u, req: r, now: now, back: back}
	v.body = container.NewVBox()
	v.errL = errorLabel()
	v.refreshB = widget.NewButtonWithIcon(i18n.T("bureau_console.refresh"), theme.ViewRefreshIcon(), v.reload)
	v.opinion = widget.NewMultiLineEntry()
	v.opinion.Wrapping = fyne.TextWrapWord
	v.opinion.SetMinRowsVisible(2)
	v.opinion.SetPlaceHolder(i18n.T("console_request.opinion_hint"))
	v.opinion.OnChanged = func(string) { v.actions() }
	v.approveB = widget.NewButtonWithIcon(i18n.T("console_request.approve"), theme.ConfirmIcon(), v.askApprove)
	v.approveB.Importance = widget.HighImportance
	v.rejectB = widget.NewButtonWithIcon(i18n.T("console_request.reject"), theme.CancelIcon(), v.askReject)
	v.rejectB.Importance = widget.DangerImportance
	v.decideBox = actionBar([]fyne.CanvasObject{v.opinion, v.errL}, v.rejectB, v.approveB)
	v.note = newWrapLabel("")
	header := subViewHeader(r.Title, back, v.refreshB)
	v.root = editorView(header, v.body, container.NewVBox(v.note, v.decideBox))
	v.show(r)
	v.reload()
	return v
}

func (v *consoleRequestView) Content() fyne.CanvasObject { return v.root }

// mayDecide reports whether the request waits at a step the officer
// logged in may decide, as the hub checks: a step that names the
// officer (or nobody), and no earlier step the officer decided.
func (v *consoleRequestView) mayDecide() bool {
	return v.whyNot() == "" && v.waiting()
}

func (v *consoleRequestView) waiting() bool {
	_, ok := v.req.WaitingStep()
	return ok && v.u.account != nil
}

// whyNot says why the officer may not decide the step waiting; "" when
// the officer may, or nothing waits.
func (v *consoleRequestView) whyNot() string {
	step, ok := v.req.WaitingStep()
	if !ok || v.u.account == nil {
		return ""
	}
	me := v.u.account.Username
	if !step.MayDecide(me) {
		return i18n.T("console_request.not_yours", step.Name, strings.Join(step.Accounts, i18n.T("console_survey.list_sep")))
	}
	for _, st := range v.req.Steps {
		if st.By == me {
			return i18n.T("console_request.decided_earlier", step.Name)
		}
	}
	return ""
}

// actions: the decision only at a step the officer may decide (else
// why not), 驳回 only with an opinion, downloads and decisions only
// while the hub answers.
func (v *consoleRequestView) actions() {
	if v.mayDecide() {
		v.decideBox.Show()
	} else {
		v.decideBox.Hide()
	}
	v.note.SetText(v.whyNot())
	v.note.Hidden = v.note.Text == ""
	v.u.setActions(v.mayDecide(), v.approveB)
	v.u.setActions(v.mayDecide() && strings.TrimSpace(v.opinion.Text) != "", v.rejectB)
	v.u.setActions(true, v.files...)
}

func (v *consoleRequestView) reload() {
	id := v.req.ID
	consoleLoad(v.u, v.refreshB, v.errL, nil, func(c app.BureauConsole, ctx context.Context) (*app.HubRequest, error) {
		return c.HubRequest(ctx, id)
	}, v.show)
}

// show fills the view with r.
func (v *consoleRequestView) show(r *app.HubRequest) {
	v.req = r
	now := v.now()
	facts := []string{
		i18n.T("console_request.school", r.Org.Township, r.Org.Name),
		i18n.T("console_request.type", app.TypeLabel(r.Type)),
		i18n.T("console_request.state", requestStateText(r)),
		i18n.T("console_request.received", app.FormatMinute(r.ReceivedAt), waitedText(r.Waiting(now))),
	}
	if !r.Due.IsZero() {
		facts = append(facts, i18n.T("console_request.due", app.FormatDate(r.Due)))
	}
	objs := []fyne.CanvasObject{newWrapLabel(strings.Join(facts, "\n"))}
	if r.Overdue(now) {
		l := newWrapLabel(i18n.T("console_request.overdue"))
		l.Importance = widget.WarningImportance
		objs = append(objs, l)
	}
	objs = append(objs, widget.NewSeparator())
	if tpl, ok := app.Template(r.Type); ok {
		var lines []string
		for _, f := range tpl.Fields {
			if val := r.Fields[f.Key]; val != "" {
				lines = append(lines, i18n.T("console_request.field", app.FieldLabel(f.Key), val))
			}
		}
		if len(lines) > 0 {
			objs = append(objs, newWrapLabel(strings.Join(lines, "\n")))
		}
	}
	if r.Body != "" {
		objs = append(objs, newWrapLabel(r.Body))
	}
	objs = append(objs, v.fileRows(r)...)
	objs = append(objs, widget.NewSeparator(), widget.NewLabelWithStyle(i18n.T("console_request.steps"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	objs = append(objs, newWrapLabel(strings.Join(consoleStepLines(r), "\n")))
	if r.Opinion != "" && r.State.Decided() {
		objs = append(objs, newWrapLabel(i18n.T("console_request.decision_opinion", r.Opinion)))
	}
	v.body.Objects = objs
	v.body.Refresh()
	v.actions()
}

// fileRows are the attachments, each with its 下载.
func (v *consoleRequestView) fileRows(r *app.HubRequest) []fyne.CanvasObject {
	v.files = nil
	if len(r.Files) == 0 {
		return nil
	}
	objs := []fyne.CanvasObject{widget.NewLabelWithStyle(i18n.T("console_request.files"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	for _, f := range r.Files {
		b := widget.NewButtonWithIcon(i18n.T("console_request.download"), theme.DownloadIcon(), func() { v.download(f) })
		v.files = append(v.files, b)
		name := widget.NewLabel(i18n.T("notices.attachment", f.Name, fileSize(f.Size)))
		name.Truncation = fyne.TextTruncateEllipsis
		objs = append(objs, container.NewBorder(nil, nil, nil, b, name))
	}
	return objs
}

// consoleStepLines are the request's steps: each decided one with who,
// when, how and the opinion; the one waiting; those still to come.
func consoleStepLines(r *app.HubRequest) []string {
	var lines []string
	for i, p := range r.Plan {
		switch {
		case i < len(r.Steps) && r.Steps[i].By != "":
			st := r.Steps[i]
			how := app.StateLabel(app.RequestRejected)
			if st.Approve {
				how = app.StateLabel(app.RequestApproved)
			}
			line := i18n.T("console_request.step_decided", i+1, p.Name, how, st.By, app.FormatMinute(st.DecidedAt))
			if st.Opinion != "" {
				line += i18n.T("console_request.step_opinion", st.Opinion)
			}
			lines = append(lines, line)
		case i == r.Step && r.State.Open():
			lines = append(lines, i18n.T("console_request.step_waiting", i+1, p.Name))
		default:
			lines = append(lines, i18n.T("console_request.step_later", i+1, p.Name))
		}
	}
	if r.State == app.RequestWithdrawn {
		lines = append(lines, i18n.T("console_request.withdrawn_at", app.FormatMinute(r.WithdrawnAt)))
	}
	return lines
}

// download asks where to save an attachment and saves it there.
func (v *consoleRequestView) download(f app.RequestFile) {
	ext := filepath.Ext(f.Name)
	chooseSavePath(v.u.env, strings.TrimSuffix(f.Name, ext), ext, func(path string) { v.saveFile(f, path) })
}

// saveFile downloads an attachment to path, checked against its SHA-256
// by the client, and says where it went.
func (v *consoleRequestView) saveFile(f app.RequestFile, path string) {
	id, c := v.req.ID, v.u.opts.Console
	runAsync(func() {
		err := c.SaveRequestFile(context.Background(), id, f.Pos, path)
		fyne.Do(func() {
			if err != nil {
				v.u.failed(err)
				return
			}
			v.u.env.ShowInfo(i18n.T("console_request.downloaded_title"), i18n.T("console_request.downloaded", path))
		})
	})
}

func (v *consoleRequestView) askApprove() { v.decide(true) }
func (v *consoleRequestView) askReject()  { v.decide(false) }

// decide asks, then sends the decision of the step waiting; the hub's
// refusal (a step decided meanwhile, an opinion missing) is shown.
func (v *consoleRequestView) decide(approve bool) {
	r := v.req
	step, ok := r.WaitingStep()
	if !ok {
		return
	}
	d := app.RequestDecision{ID: r.ID, Step: r.Step + 1, Approve: approve, Opinion: strings.TrimSpace(v.opinion.Text)}
	send := func(c app.BureauConsole, ctx context.Context) error {
		_, err := c.DecideRequest(ctx, d)
		if code := app.ErrorCode(err); code == app.ECONFLICT || code == app.EFORBIDDEN {
			fyne.Do(v.reload) // decided or withdrawn meanwhile: show it as it is now
		}
		return err
	}
	if approve {
		text := confirmText(i18n.T("console_request.approve_confirm", r.Org.Name, r.Title, step.Name), r.Title)
		consoleSend(v.u, i18n.T("console_request.approve"), i18n.T("console_request.approve_submit"), text, v.approveB, v.errL, send, v.back)
		return
	}
	// a rejection ends the request: asked as the console asks before
	// revoking, 取消 the default
	text := confirmText(i18n.T("console_request.reject_confirm", r.Org.Name, r.Title, step.Name), r.Title)
	consoleRevoke(v.u, i18n.T("console_request.reject"), text, i18n.T("console_request.reject_submit"), send, v.back)
}
