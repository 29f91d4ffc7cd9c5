package ui

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// consoleCompose is the editor of a bureau notice: its title, body,
// whether families acknowledge it, a deadline, and the schools it goes
// to (all, or those chosen, with a township's or a kind's at a click).
// Sending asks first, saying how many schools it reaches.
type consoleCompose struct {
	u    *ConsoleUI
	back func()

	orgs   []*app.HubOrg    // the schools a notice can go to (not revoked)
	labels map[string]int64 // a school's label in the list → its id

	title    *widget.Entry
	body     *widget.Entry
	ack      *widget.Check
	deadline *widget.Entry
	target   *widget.RadioGroup
	chosen   *widget.CheckGroup
	township *widget.Select
	kind     *widget.Select
	kinds    map[string]app.OrgKind
	clearB   *widget.Button
	pickBox  *fyne.Container
	reach    *widget.Label
	errL     *wrapLabel
	sendB    *widget.Button
	confirm  dialog.Dialog // the question before sending, for tests
	root     fyne.CanvasObject
}

func newConsoleCompose(u *ConsoleUI, back func()) *consoleCompose {
	s := &consoleCompose{u: u, back: back, labels: map[string]int64{}, kinds: map[string]app.OrgKind{}}
	s.title = widget.NewEntry()
	s.title.SetPlaceHolder(i18n.T("bureau_console.compose.title_hint"))
	s.body = widget.NewMultiLineEntry()
	s.body.Wrapping = fyne.TextWrapWord
	s.body.SetMinRowsVisible(6)
	s.ack = widget.NewCheck(i18n.T("bureau_console.compose.ack"), nil)
	s.deadline = widget.NewEntry()
	s.deadline.SetPlaceHolder(i18n.T("bureau_console.compose.deadline_hint"))
	s.target = widget.NewRadioGroup([]string{i18n.T("bureau_console.compose.all"), i18n.T("bureau_console.compose.chosen")}, func(string) { s.targetChanged() })
	s.target.Horizontal = true
	s.target.Required = true
	s.target.Selected = i18n.T("bureau_console.compose.all")
	s.chosen = widget.NewCheckGroup(nil, func([]string) { s.countReach() })
	s.township = widget.NewSelect(nil, s.pickTownship)
	s.township.PlaceHolder = i18n.T("bureau_console.compose.by_township")
	var kindLabels []string
	for _, k := range app.OrgKinds {
		l := i18n.T("org.kind." + string(k))
		s.kinds[l] = k
		kindLabels = append(kindLabels, l)
	}
	s.kind = widget.NewSelect(kindLabels, s.pickKind)
	s.kind.PlaceHolder = i18n.T("bureau_console.compose.by_kind")
	s.clearB = widget.NewButtonWithIcon(i18n.T("bureau_console.compose.clear"), theme.ContentClearIcon(), func() { s.chosen.SetSelected(nil) })
	s.pickBox = container.NewVBox(container.NewHBox(s.township, s.kind, s.clearB), s.chosen)
	s.pickBox.Hide()
	s.reach = widget.NewLabel("")
	s.errL = errorLabel()

	form := widget.NewForm(
		widget.NewFormItem(i18n.T("bureau_console.compose.title"), s.title),
		widget.NewFormItem(i18n.T("bureau_console.compose.body"), s.body),
		widget.NewFormItem("", s.ack),
		widget.NewFormItem(i18n.T("bureau_console.col.deadline"), s.deadline),
		widget.NewFormItem(i18n.T("bureau_console.compose.targets"), container.NewVBox(s.target, s.pickBox)),
	)
	cancel := widget.NewButtonWithIcon(i18n.T("confirm.cancel"), theme.CancelIcon(), back)
	s.sendB = widget.NewButtonWithIcon(i18n.T("bureau_console.compose.send"), theme.MailSendIcon(), s.askSend)
	s.sendB.Importance = widget.HighImportance
	header := subViewHeader(i18n.T("bureau_console.notices.new"), back)
	s.root = editorView(header, form, actionBar([]fyne.CanvasObject{s.errL}, s.reach, cancel, s.sendB))
	s.u.setActions(true, s.sendB)
	s.load()
	return s
}

func (s *consoleCompose) Content() fyne.CanvasObject { return s.root }

// load reads the schools the notice may go to.
func (s *consoleCompose) load() {
	consoleLoad(s.u, nil, s.errL, nil, app.BureauConsole.Orgs, s.setOrgs)
}

func (s *consoleCompose) setOrgs(orgs []*app.HubOrg) {
	s.orgs = s.orgs[:0]
	for _, o := range orgs {
		if !o.Revoked {
			s.orgs = append(s.orgs, o)
		}
	}
	slices.SortStableFunc(s.orgs, func(a, b *app.HubOrg) int {
		return cmp.Or(cmp.Compare(a.Township, b.Township), cmp.Compare(a.Name, b.Name))
	})
	var labels, townships []string
	for _, o := range s.orgs {
		l := o.Name
		if o.Township != "" {
			l = o.Township + " · " + o.Name
		}
		if _, taken := s.labels[l]; taken {
			l += " (" + o.UUID[:min(8, len(o.UUID))] + ")"
		}
		s.labels[l] = o.ID
		labels = append(labels, l)
		if o.Township != "" && !slices.Contains(townships, o.Township) {
			townships = append(townships, o.Township)
		}
	}
	s.chosen.Options = labels
	s.chosen.Refresh()
	s.township.SetOptions(townships)
	s.countReach()
}

func (s *consoleCompose) targetChanged() {
	if s.target.Selected == i18n.T("bureau_console.compose.chosen") {
		s.pickBox.Show()
	} else {
		s.pickBox.Hide()
	}
	s.countReach()
}

// pickTownship adds a township's schools to those chosen.
func (s *consoleCompose) pickTownship(t string) {
	if t == "" {
		return // the choice cleared after a pick
	}
	s.addChosen(func(o *app.HubOrg) bool { return o.Township == t })
	s.township.ClearSelected()
}

// pickKind adds the schools of a kind to those chosen.
func (s *consoleCompose) pickKind(label string) {
	k, ok := s.kinds[label]
	if !ok {
		return
	}
	s.addChosen(func(o *app.HubOrg) bool { return o.Kind == k })
	s.kind.ClearSelected()
}

func (s *consoleCompose) addChosen(match func(*app.HubOrg) bool) {
	sel := slices.Clone(s.chosen.Selected)
	for l, id := range s.labels {
		for _, o := range s.orgs {
			if o.ID == id && match(o) && !slices.Contains(sel, l) {
				sel = append(sel, l)
			}
		}
	}
	s.chosen.SetSelected(sel)
}

// targets are the ids of the schools chosen, nil for all.
func (s *consoleCompose) targets() []int64 {
	if s.target.Selected != i18n.T("bureau_console.compose.chosen") {
		return nil
	}
	ids := []int64{}
	for _, l := range s.chosen.Selected {
		if id, ok := s.labels[l]; ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// reaches is how many schools the notice goes to.
func (s *consoleCompose) reaches() int {
	if t := s.targets(); t != nil {
		return len(t)
	}
	return len(s.orgs)
}

func (s *consoleCompose) countReach() {
	s.reach.SetText(i18n.T("bureau_console.compose.reach", s.reaches()))
}

// draft is the notice as typed, or the first problem with it.
func (s *consoleCompose) draft() (app.HubNoticeDraft, error) {
	d := app.HubNoticeDraft{Title: strings.TrimSpace(s.title.Text), Body: strings.TrimSpace(s.body.Text), RequiresAck: s.ack.Checked, Orgs: s.targets()}
	var err error
	switch {
	case d.Title == "":
		err = app.Errorf(app.EINVALID, "bureau_console.compose.title_missing")
	case d.Body == "":
		err = app.Errorf(app.EINVALID, "bureau_console.compose.body_missing")
	case d.Orgs != nil && len(d.Orgs) == 0:
		err = app.Errorf(app.EINVALID, "bureau_console.compose.none_chosen")
	case s.reaches() == 0:
		err = app.Errorf(app.EINVALID, "bureau_console.compose.no_schools")
	}
	if err == nil {
		d.Deadline, err = app.ParseDate(s.deadline.Text)
	}
	return d, err
}

// askSend says how many schools the notice reaches before it goes.
func (s *consoleCompose) askSend() {
	d, err := s.draft()
	showInline(s.errL, err)
	if err != nil {
		return
	}
	msg := confirmText(i18n.T("bureau_console.compose.confirm", d.Title, s.reaches()), d.Title)
	s.confirm = dialog.NewCustomConfirm(i18n.T("bureau_console.compose.confirm_title"), i18n.T("bureau_console.compose.send"),
		i18n.T("confirm.cancel"), msg, func(ok bool) {
			if ok {
				s.send(d)
			}
		}, s.u.win)
	s.confirm.Show()
}

func (s *consoleCompose) send(d app.HubNoticeDraft) {
	s.sendB.Disable()
	c := s.u.opts.Console
	runAsync(func() {
		_, err := c.PublishNotice(context.Background(), d)
		fyne.Do(func() {
			s.u.setActions(true, s.sendB)
			if err != nil {
				if app.ErrorCode(err) == app.EINVALID {
					showInline(s.errL, err)
					return
				}
				s.u.failed(err)
				return
			}
			s.back()
		})
	})
}
