package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// orgFields are a school's name, kind and township, as the add and edit
// dialogs ask for them.
type orgFields struct {
	name     *widget.Entry
	kind     *widget.Select
	township *widget.SelectEntry
	kinds    map[string]app.OrgKind // label → kind
}

// newOrgFields are the fields of o, or empty ones (the first kind) for
// nil; known are the townships to choose from.
func newOrgFields(o *app.HubOrg, known []string) *orgFields {
	f := &orgFields{name: widget.NewEntry()}
	f.kind, f.kinds = orgKindSelect()
	f.township = widget.NewSelectEntry(known)
	if o != nil {
		f.name.SetText(o.Name)
		f.kind.SetSelected(i18n.T("org.kind." + string(o.Kind)))
		f.township.SetText(o.Township)
	}
	return f
}

// orgKindSelect picks a kind of school by its label, the first at
// first; kinds maps the labels back.
func orgKindSelect() (*widget.Select, map[string]app.OrgKind) {
	kinds := make(map[string]app.OrgKind)
	var labels []string
	for _, k := range app.OrgKinds {
		l := i18n.T("org.kind." + string(k))
		kinds[l] = k
		labels = append(labels, l)
	}
	sel := widget.NewSelect(labels, nil)
	sel.SetSelectedIndex(0)
	return sel, kinds
}

func (f *orgFields) form() *widget.Form {
	return widget.NewForm(
		widget.NewFormItem(i18n.T("bureau_console.orgs.name"), f.name),
		widget.NewFormItem(i18n.T("bureau_console.col.kind"), f.kind),
		widget.NewFormItem(i18n.T("bureau_console.col.township"), f.township),
	)
}

// draft is the school as typed; a blank name is an error to show.
func (f *orgFields) draft() (app.HubOrgDraft, error) {
	d := app.HubOrgDraft{Name: strings.TrimSpace(f.name.Text), Kind: f.kinds[f.kind.Selected], Township: strings.TrimSpace(f.township.Text)}
	if d.Name == "" {
		return d, app.Errorf(app.EINVALID, "bureau_console.orgs.name_missing")
	}
	return d, nil
}

// orgDialog shows fields in a dialog whose submit button calls save off
// the UI goroutine: the hub's refusal shows in the dialog, the hub gone
// or the session ended closes it; done follows a success.
func (s *consoleOrgs) orgDialog(title, submit string, f *orgFields, save func(context.Context, app.HubOrgDraft) error, done func()) (*wrapLabel, *widget.Button) {
	errL := errorLabel()
	d := dialog.NewCustomWithoutButtons(title, container.New(minWidth(440), container.NewVBox(f.form(), errL)), s.u.win)
	cancel := widget.NewButtonWithIcon(i18n.T("confirm.cancel"), theme.CancelIcon(), d.Hide)
	var b *widget.Button
	b = widget.NewButtonWithIcon(submit, theme.ConfirmIcon(), func() {
		draft, err := f.draft()
		if err != nil {
			showInline(errL, err)
			return
		}
		b.Disable()
		runAsync(func() {
			err := save(context.Background(), draft)
			fyne.Do(func() {
				b.Enable()
				if err != nil {
					if app.BureauOffline(err) || app.ErrorCode(err) == app.EUNAUTHORIZED {
						d.Hide()
						s.u.failed(err)
						return
					}
					showInline(errL, err)
					return
				}
				d.Hide()
				done()
			})
		})
	})
	b.Importance = widget.HighImportance
	f.name.OnSubmitted = func(string) { b.OnTapped() }
	d.SetButtons([]fyne.CanvasObject{cancel, b})
	d.Show()
	s.u.win.Canvas().Focus(f.name)
	return errL, b
}

// showEdit changes the name, kind or township of the school picked.
func (s *consoleOrgs) showEdit() {
	org := s.pick()
	if org == nil {
		return
	}
	s.editFields = newOrgFields(org, s.knownTownships())
	c := s.u.opts.Console
	s.editErr, s.editB = s.orgDialog(i18n.T("bureau_console_orgs.edit_title", org.Name), i18n.T("bureau_console_orgs.edit_submit"), s.editFields,
		func(ctx context.Context, d app.HubOrgDraft) error {
			_, err := c.EditOrg(ctx, org.ID, app.HubOrgUpdate{Name: &d.Name, Kind: &d.Kind, Township: &d.Township})
			return err
		}, s.reload)
}
