package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// requestView shows a request the school submitted: its fields, body and
// files, every step with who decided it, how, when and the opinion, and
// 撤回 while the bureau has not decided it; a decided one can be taken
// off the workbench's to-do.
type requestView struct {
	s       *RequestsScreen
	r       *app.Request
	content fyne.CanvasObject

	withdrawB *widget.Button // nil unless the request waits and the account may act
	dismissB  *widget.Button // nil unless decided and still on the workbench
	errMsg    *wrapLabel
	status    *widget.Label
	busy      bool
}

func newRequestView(s *RequestsScreen, r *app.Request) *requestView {
	v := &requestView{s: s, r: r, errMsg: errorLabel(), status: widget.NewLabel("")}
	v.status.Importance = widget.SuccessImportance
	v.status.Hide()
	var buttons []fyne.CanvasObject
	if s.canEdit && r.State.Decided() && r.DismissedAt.IsZero() {
		v.dismissB = widget.NewButtonWithIcon(i18n.T("requestpage.dismiss"), theme.ConfirmIcon(), v.dismiss)
		buttons = append(buttons, v.dismissB)
	}
	var danger []fyne.CanvasObject
	if s.canEdit && r.State.Open() {
		v.withdrawB = widget.NewButtonWithIcon(i18n.T("requestpage.withdraw"), theme.ContentUndoIcon(), v.confirmWithdraw)
		v.withdrawB.Importance = widget.DangerImportance
		danger = append(danger, v.withdrawB)
	}
	buttons = append(buttons, dangerGroup(danger...))
	bar := actionBar([]fyne.CanvasObject{v.errMsg, v.status}, buttons...)
	v.content = editorView(subViewHeader(r.Title, s.back), v.body(), bar)
	return v
}

// body is the request as the bureau reads it, then its steps.
func (v *requestView) body() fyne.CanvasObject {
	r := v.r
	state := widget.NewLabelWithStyle(app.StateLabel(r.State), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	state.Importance = requestStateImportance(r.State)
	box := container.NewVBox(container.NewBorder(nil, nil, state, nil, newWrapLabel(requestDates(r))))
	if r.State.Decided() {
		verdict := newWrapLabelWithStyle(i18n.T("requestpage.detail.decided", app.StateLabel(r.State),
			app.FormatMinute(r.DecidedAt), requestOpinion(r.Opinion)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		verdict.Importance = requestStateImportance(r.State)
		box.Add(verdict)
	}
	box.Add(widget.NewSeparator())
	box.Add(fieldLabel(app.TypeLabel(r.Type)))
	if form := requestFieldsForm(r); form != nil {
		box.Add(form)
	}
	if strings.TrimSpace(r.Body) != "" {
		box.Add(newWrapLabel(r.Body))
	}
	box.Add(fieldLabel(i18n.T("requestpage.attachments")))
	if len(r.Files) == 0 {
		box.Add(noneLabel(i18n.T("requestpage.no_attachments")))
	}
	for _, f := range r.Files {
		box.Add(requestFileRow(v.s.env, f, nil)) // attachment_open.go
	}
	box.Add(widget.NewSeparator())
	box.Add(fieldLabel(i18n.T("requestpage.steps")))
	for _, line := range requestStepLines(r) {
		box.Add(newWrapLabel(line))
	}
	return box
}

// requestDates says who wrote the request and when, when it was
// submitted and by when the bureau means to decide it.
func requestDates(r *app.Request) string {
	parts := []string{i18n.T("requestpage.detail.created", r.CreatedBy, app.FormatMinute(r.CreatedAt))}
	if !r.SubmittedAt.IsZero() {
		parts = append(parts, i18n.T("requestpage.detail.submitted", app.FormatMinute(r.SubmittedAt)))
	}
	if !r.Due.IsZero() && r.State.Open() {
		parts = append(parts, i18n.T("requestpage.detail.due", app.FormatDate(r.Due.Local())))
	}
	return strings.Join(parts, " · ")
}

// requestFieldsForm shows the template's fields that have a value, each
// under its label; nil when none has.
func requestFieldsForm(r *app.Request) *widget.Form {
	tpl, _ := app.Template(r.Type)
	form := widget.NewForm()
	for _, f := range tpl.Fields {
		if v := strings.TrimSpace(r.Fields[f.Key]); v != "" {
			form.Append(app.FieldLabel(f.Key), newWrapLabel(v))
		}
	}
	if len(form.Items) == 0 {
		return nil
	}
	return form
}

// requestStepLines are the request's steps as the hub last told them,
// one line each: 第 1 步 科室：通过 · wang · 2026-12-03 10:20 · 意见：….
func requestStepLines(r *app.Request) []string {
	if len(r.Steps) == 0 {
		switch {
		case r.State.Open():
			return []string{i18n.T("requestpage.steps.to_send")}
		case r.State == app.RequestWithdrawn:
			return []string{i18n.T("requestpage.steps.withdrawn")}
		}
		return []string{i18n.T("requestpage.steps.none")}
	}
	lines := make([]string, len(r.Steps))
	for i, st := range r.Steps {
		switch {
		case st.By == "":
			lines[i] = i18n.T("requestpage.step.line_waiting", i+1, st.Name)
		default:
			verdict := app.StateLabel(app.RequestRejected)
			if st.Approve {
				verdict = app.StateLabel(app.RequestApproved)
			}
			lines[i] = i18n.T("requestpage.step.line", i+1, st.Name, verdict, st.By, app.FormatMinute(st.DecidedAt))
			if strings.TrimSpace(st.Opinion) != "" {
				lines[i] = i18n.T("requestpage.step.line_opinion", lines[i], st.Opinion)
			}
		}
	}
	return lines
}

// confirmWithdraw asks before the withdrawal: it cannot be taken back.
func (v *requestView) confirmWithdraw() {
	if v.busy {
		return
	}
	title := v.r.Title
	confirmDanger(v.s.env.Window, i18n.T("requestpage.withdraw_title"),
		confirmText(i18n.T("requestpage.withdraw_confirm", title), title), i18n.T("requestpage.withdraw"), func(ok bool) {
			if !ok {
				return
			}
			ctx, svc, id := v.s.env.Ctx(), v.s.env.Services.Requests, v.r.ID
			v.act(func() (*app.Request, error) { return svc.WithdrawRequest(ctx, id) }, "requestpage.withdrawn")
		})
}

// dismiss takes the decided request off the workbench's to-do.
func (v *requestView) dismiss() {
	if v.busy {
		return
	}
	ctx, svc, id := v.s.env.Ctx(), v.s.env.Services.Requests, v.r.ID
	v.act(func() (*app.Request, error) {
		if err := svc.DismissRequest(ctx, id); err != nil {
			return nil, err
		}
		return svc.Request(ctx, id)
	}, "requestpage.dismissed")
}

// act runs a change off the UI goroutine and shows the request as it
// comes back, saying what was done; an error shows above the buttons.
func (v *requestView) act(do func() (*app.Request, error), doneKey string) {
	v.busy = true
	v.setButtons()
	showInline(v.errMsg, nil)
	v.s.run(func() {
		r, err := do()
		fyne.Do(func() {
			v.busy = false
			if err != nil {
				v.setButtons()
				showInline(v.errMsg, err)
				return
			}
			if v.s.view != v {
				return // the user went elsewhere meanwhile
			}
			v.s.show(r)
			v.s.view.status.SetText(i18n.T(doneKey, r.Title))
			v.s.view.status.Show()
		})
	})
}

func (v *requestView) setButtons() {
	for _, b := range []*widget.Button{v.withdrawB, v.dismissB} {
		if b != nil {
			enable(b, !v.busy)
		}
	}
}
