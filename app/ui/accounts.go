package ui

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// AccountsScreen lets an admin manage the school's local accounts.
type AccountsScreen struct {
	env *Env

	accounts []*app.Account
	rows     [][]string // pre-formatted: username, role, staff, state
	selected int        // index in accounts, -1 for none

	content  fyne.CanvasObject
	table    *widget.Table
	empty    *widget.Label
	newB     *widget.Button
	roleB    *widget.Button
	passB    *widget.Button
	toggleB  *widget.Button
	unlockB  *widget.Button
	selLabel *widget.Label

	// the open dialog, for tests
	form *accountDialog
}

// NewAccountsScreen builds the accounts screen and starts loading them.
func NewAccountsScreen(env *Env) *AccountsScreen {
	s := &AccountsScreen{env: env, selected: -1}
	s.build()
	s.Reload()
	return s
}

// Content returns the screen's widgets.
func (s *AccountsScreen) Content() fyne.CanvasObject { return s.content }

// accountColumns are the table's columns for the width policy, measured
// on typical texts; the staff member takes the rest.
func accountColumns(headers []string) []column {
	var roles []string
	for _, r := range app.Roles {
		roles = append(roles, roleLabel(r))
	}
	return []column{
		{headers[0], colFit, []string{"zhangsanfeng"}},
		{headers[1], colFit, roles},
		{headers[2], colText, []string{"欧阳思思（班主任）"}},
		{headers[3], colFit, []string{i18n.T("accounts.state.active"), i18n.T("accounts.state.disabled"), i18n.T("accounts.state.locked", "23:59")}},
	}
}

func (s *AccountsScreen) build() {
	headers := []string{
		i18n.T("accounts.col.username"), i18n.T("accounts.col.role"),
		i18n.T("accounts.col.staff"), i18n.T("accounts.col.state"),
	}
	s.table = newLabelTable(headers, func() int { return len(s.rows) }, func(row, col int) (string, widget.Importance) {
		if s.accounts[row].Disabled {
			return s.rows[row][col], widget.LowImportance
		}
		return s.rows[row][col], widget.MediumImportance
	})
	_, table := fitColumns(s.table, accountColumns(headers))
	s.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(s.accounts) {
			s.selected = id.Row
			s.updateButtons()
		}
	}

	title := pageTitle(i18n.T("nav.accounts"))
	help := newWrapLabel(i18n.T("accounts.help"))

	s.newB = widget.NewButtonWithIcon(i18n.T("accounts.new"), theme.ContentAddIcon(), s.showCreate)
	s.newB.Importance = widget.HighImportance
	s.roleB = widget.NewButtonWithIcon(i18n.T("accounts.change_role"), theme.DocumentCreateIcon(), s.showChangeRole)
	s.passB = widget.NewButtonWithIcon(i18n.T("accounts.reset_password"), theme.VisibilityOffIcon(), s.showResetPassword)
	s.toggleB = widget.NewButtonWithIcon(i18n.T("accounts.disable"), theme.CancelIcon(), s.toggleDisabled)
	s.unlockB = widget.NewButtonWithIcon(i18n.T("accounts.unlock"), theme.ConfirmIcon(), s.unlock)
	s.selLabel = widget.NewLabel("")
	s.selLabel.Truncation = fyne.TextTruncateEllipsis
	s.empty = widget.NewLabel(i18n.T("accounts.loading"))

	toolbar := container.NewHBox(s.newB, widget.NewSeparator(), s.roleB, s.passB, s.toggleB, s.unlockB)
	top := container.NewVBox(title, help, toolbar, s.selLabel)
	s.content = container.NewBorder(top, nil, nil, nil, container.NewStack(table, container.NewCenter(s.empty)))
	s.updateButtons()
}

// Reload fetches the accounts off the UI goroutine and shows them.
func (s *AccountsScreen) Reload() {
	ctx := s.env.Ctx()
	svc := s.env.Services.Accounts
	runAsync(func() {
		list, err := svc.Accounts(ctx)
		fyne.Do(func() {
			if err != nil {
				s.empty.SetText(i18n.Err(err))
				s.empty.Show()
				s.env.ShowError(err)
				return
			}
			s.setAccounts(list)
		})
	})
}

func (s *AccountsScreen) setAccounts(list []*app.Account) {
	var keep int64
	if s.selected >= 0 && s.selected < len(s.accounts) {
		keep = s.accounts[s.selected].ID
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].Username < list[j].Username })
	s.accounts = list
	s.rows = make([][]string, len(list))
	s.selected = -1
	now := time.Now()
	for i, a := range list {
		state := i18n.T("accounts.state.active")
		switch {
		case a.Disabled:
			state = i18n.T("accounts.state.disabled")
		case a.Locked(now):
			state = i18n.T("accounts.state.locked", a.LockedUntil.Local().Format("15:04"))
		}
		staff := a.StaffName
		if staff == "" {
			staff = i18n.T("accounts.staff.none")
		}
		s.rows[i] = []string{a.Username, roleLabel(a.Role), staff, state}
		if keep != 0 && a.ID == keep {
			s.selected = i
		}
	}
	if len(list) == 0 {
		s.empty.SetText(i18n.T("accounts.empty"))
		s.empty.Show()
	} else {
		s.empty.Hide()
	}
	s.table.Refresh()
	if s.selected >= 0 {
		s.table.Select(widget.TableCellID{Row: s.selected, Col: 0})
	} else {
		s.table.UnselectAll()
	}
	s.updateButtons()
}

func (s *AccountsScreen) current() *app.Account {
	if s.selected < 0 || s.selected >= len(s.accounts) {
		return nil
	}
	return s.accounts[s.selected]
}

func (s *AccountsScreen) updateButtons() {
	a := s.current()
	for _, b := range []*widget.Button{s.roleB, s.passB, s.toggleB} {
		if a == nil {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	if a == nil || !a.Locked(time.Now()) {
		s.unlockB.Disable()
	} else {
		s.unlockB.Enable()
	}
	if a == nil {
		s.selLabel.SetText(i18n.T("accounts.select_hint"))
		s.toggleB.SetText(i18n.T("accounts.disable"))
		return
	}
	s.selLabel.SetText(i18n.T("accounts.selected", a.Username))
	if a.Disabled {
		s.toggleB.SetText(i18n.T("accounts.enable"))
		s.toggleB.SetIcon(theme.ConfirmIcon())
	} else {
		s.toggleB.SetText(i18n.T("accounts.disable"))
		s.toggleB.SetIcon(theme.CancelIcon())
	}
}

// run calls a service off the UI goroutine; on success it closes the
// dialog (if any) and reloads, on error it shows the error and keeps the
// dialog open so the admin can correct it.
func (s *AccountsScreen) run(d *accountDialog, call func() error) {
	if d != nil {
		d.setBusy(true)
	}
	runAsync(func() {
		err := call()
		fyne.Do(func() {
			if d != nil {
				d.setBusy(false)
			}
			if err != nil {
				s.env.ShowError(err)
				return
			}
			if d != nil {
				d.dlg.Hide()
				if s.form == d {
					s.form = nil
				}
			}
			s.Reload()
		})
	})
}

func (s *AccountsScreen) showCreate() {
	d := newAccountDialog(s.env, i18n.T("accounts.new_title"), i18n.T("accounts.create"))
	d.username = widget.NewEntry()
	d.password = widget.NewPasswordEntry()
	d.role = newRoleSelect(app.RoleTeacher)
	d.staff = newStaffPicker(s.env, 0)
	d.items = []*widget.FormItem{
		widget.NewFormItem(i18n.T("accounts.field.username"), d.username),
		widget.NewFormItem(i18n.T("accounts.field.password"), d.password),
		widget.NewFormItem(i18n.T("accounts.field.role"), d.role.sel),
		widget.NewFormItem(i18n.T("accounts.field.staff"), d.staff.entry),
	}
	d.onSubmit = func() {
		c := app.AccountCreate{
			Username: strings.TrimSpace(d.username.Text),
			Password: d.password.Text,
			Role:     d.role.role(),
		}
		err := app.ValidateUsername(c.Username)
		if err == nil {
			err = app.ValidatePassword(c.Password)
		}
		if err == nil && !c.Role.Valid() {
			err = app.Errorf(app.EINVALID, "account.error.role")
		}
		if err == nil {
			c.StaffID, err = d.staff.selected()
		}
		showInline(d.errLabel, err)
		if err != nil {
			return
		}
		ctx, svc := s.env.Ctx(), s.env.Services.Accounts
		s.run(d, func() error {
			_, err := svc.CreateAccount(ctx, c)
			return err
		})
	}
	s.form = d
	d.show()
}

func (s *AccountsScreen) showChangeRole() {
	a := s.current()
	if a == nil {
		return
	}
	d := newAccountDialog(s.env, i18n.T("accounts.change_role_title", a.Username), i18n.T("accounts.save"))
	d.role = newRoleSelect(a.Role)
	d.staff = newStaffPicker(s.env, a.StaffID)
	d.items = []*widget.FormItem{
		widget.NewFormItem(i18n.T("accounts.field.role"), d.role.sel),
		widget.NewFormItem(i18n.T("accounts.field.staff"), d.staff.entry),
	}
	id := a.ID
	d.onSubmit = func() {
		role := d.role.role()
		var err error
		if !role.Valid() {
			err = app.Errorf(app.EINVALID, "account.error.role")
		}
		var staffID int64
		if err == nil {
			staffID, err = d.staff.selected()
		}
		showInline(d.errLabel, err)
		if err != nil {
			return
		}
		ctx, svc := s.env.Ctx(), s.env.Services.Accounts
		s.run(d, func() error {
			_, err := svc.UpdateAccount(ctx, id, app.AccountUpdate{Role: &role, StaffID: &staffID})
			return err
		})
	}
	s.form = d
	d.show()
}

func (s *AccountsScreen) showResetPassword() {
	a := s.current()
	if a == nil {
		return
	}
	d := newAccountDialog(s.env, i18n.T("accounts.reset_password_title", a.Username), i18n.T("accounts.save"))
	d.password = widget.NewPasswordEntry()
	d.repeat = widget.NewPasswordEntry()
	d.items = []*widget.FormItem{
		widget.NewFormItem(i18n.T("accounts.field.new_password"), d.password),
		widget.NewFormItem(i18n.T("accounts.field.password_repeat"), d.repeat),
	}
	id := a.ID
	d.onSubmit = func() {
		pw := d.password.Text
		err := app.ValidatePassword(pw)
		if err == nil && pw != d.repeat.Text {
			err = app.Errorf(app.EINVALID, "wizard.error.password_mismatch")
		}
		showInline(d.errLabel, err)
		if err != nil {
			return
		}
		ctx, svc := s.env.Ctx(), s.env.Services.Accounts
		s.run(d, func() error { return svc.SetPassword(ctx, id, pw) })
	}
	s.form = d
	d.show()
}

func (s *AccountsScreen) toggleDisabled() {
	a := s.current()
	if a == nil {
		return
	}
	id, disable := a.ID, !a.Disabled
	ctx, svc := s.env.Ctx(), s.env.Services.Accounts
	apply := func() {
		s.run(nil, func() error {
			_, err := svc.UpdateAccount(ctx, id, app.AccountUpdate{Disabled: &disable})
			return err
		})
	}
	if !disable {
		apply()
		return
	}
	confirmDanger(s.env.Window, i18n.T("accounts.disable_title"), confirmText(i18n.T("accounts.disable_confirm", a.Username)),
		i18n.T("accounts.disable"), func(ok bool) {
			if ok {
				apply()
			}
		})
}

// unlock ends the selected account's lock-out after wrong passwords.
func (s *AccountsScreen) unlock() {
	a := s.current()
	if a == nil {
		return
	}
	id := a.ID
	ctx, svc := s.env.Ctx(), s.env.Services.Accounts
	s.run(nil, func() error { return svc.UnlockAccount(ctx, id) })
}

// accountDialog is a form in a dialog that stays open until the service
// call succeeds.
type accountDialog struct {
	env      *Env
	title    string
	confirm  string
	items    []*widget.FormItem
	onSubmit func()

	username *widget.Entry
	password *widget.Entry
	repeat   *widget.Entry
	role     *roleSelect
	staff    *staffPicker

	errLabel *wrapLabel
	submit   *widget.Button
	cancel   *widget.Button
	dlg      *dialog.CustomDialog
}

func newAccountDialog(env *Env, title, confirm string) *accountDialog {
	return &accountDialog{env: env, title: title, confirm: confirm}
}

func (d *accountDialog) show() {
	d.errLabel = errorLabel()
	d.submit = widget.NewButtonWithIcon(d.confirm, theme.ConfirmIcon(), func() { d.onSubmit() })
	d.submit.Importance = widget.HighImportance
	d.cancel = widget.NewButtonWithIcon(i18n.T("accounts.cancel"), theme.CancelIcon(), func() { d.dlg.Hide() })
	for _, e := range []*widget.Entry{d.username, d.password, d.repeat} {
		if e != nil {
			e.OnSubmitted = func(string) { d.onSubmit() }
		}
	}
	form := widget.NewForm(d.items...)
	body := container.NewVBox(form, d.errLabel, container.NewHBox(layout.NewSpacer(), d.cancel, d.submit))
	d.dlg = dialog.NewCustomWithoutButtons(d.title, container.New(minWidth(460), body), d.env.Window)
	d.dlg.Show()
	if d.staff != nil {
		d.staff.load()
	}
}

func (d *accountDialog) setBusy(busy bool) {
	for _, b := range []*widget.Button{d.submit, d.cancel} {
		if busy {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

// roleSelect offers the roles by their translated names.
type roleSelect struct {
	sel   *widget.Select
	roles map[string]app.Role
}

func newRoleSelect(current app.Role) *roleSelect {
	r := &roleSelect{roles: make(map[string]app.Role)}
	var labels []string
	for _, role := range app.Roles {
		l := roleLabel(role)
		r.roles[l] = role
		labels = append(labels, l)
	}
	r.sel = widget.NewSelect(labels, nil)
	if current != "" {
		r.sel.SetSelected(roleLabel(current))
	}
	return r
}

func (r *roleSelect) role() app.Role { return r.roles[r.sel.Selected] }

func roleLabel(r app.Role) string { return i18n.T("role." + string(r)) }

// staffPicker links an account to a staff member: type to narrow the list
// (by name, post or subjects), or leave empty for none.
type staffPicker struct {
	env     *Env
	entry   *widget.SelectEntry
	current int64
	labels  []string
	search  []string // lower-case text each label is found by
	ids     map[string]int64
	shown   []string // the options on offer
}

func newStaffPicker(env *Env, current int64) *staffPicker {
	p := &staffPicker{env: env, current: current, ids: make(map[string]int64)}
	p.entry = widget.NewSelectEntry(nil)
	p.entry.SetPlaceHolder(i18n.T("accounts.staff.placeholder"))
	p.entry.OnChanged = p.filter
	return p
}

// load fetches the staff off the UI goroutine.
func (p *staffPicker) load() {
	ctx, svc := p.env.Ctx(), p.env.Services.Staff
	runAsync(func() {
		staff, err := svc.Staff(ctx)
		fyne.Do(func() {
			if err != nil {
				p.env.ShowError(err)
				return
			}
			p.setStaff(staff)
		})
	})
}

func (p *staffPicker) setStaff(staff []*app.Staff) {
	count := make(map[string]int)
	for _, st := range staff {
		count[staffLabel(st)]++
	}
	p.labels, p.search = nil, nil
	p.ids = make(map[string]int64)
	for _, st := range staff {
		l := staffLabel(st)
		if count[l] > 1 {
			l = fmt.Sprintf("%s #%d", l, st.ID)
		}
		p.labels = append(p.labels, l)
		p.search = append(p.search, strings.ToLower(l+" "+st.Subjects))
		p.ids[l] = st.ID
		if st.ID == p.current && p.entry.Text == "" {
			p.entry.SetText(l)
		}
	}
	p.filter(p.entry.Text)
}

func staffLabel(st *app.Staff) string {
	if st.Post == "" {
		return st.Name
	}
	return i18n.T("accounts.staff.label", st.Name, st.Post)
}

// filter narrows the drop-down to the staff matching text.
func (p *staffPicker) filter(text string) {
	q := strings.ToLower(strings.TrimSpace(text))
	if _, exact := p.ids[text]; exact {
		q = ""
	}
	var opts []string
	for i, l := range p.labels {
		if q == "" || strings.Contains(p.search[i], q) {
			opts = append(opts, l)
		}
	}
	p.shown = opts
	p.entry.SetOptions(opts)
}

// selected returns the chosen staff member's id, 0 for none, or an error
// when the text names nobody in the list.
func (p *staffPicker) selected() (int64, error) {
	text := strings.TrimSpace(p.entry.Text)
	if text == "" {
		return 0, nil
	}
	if id, ok := p.ids[text]; ok {
		return id, nil
	}
	return 0, app.Errorf(app.EINVALID, "accounts.error.staff_pick", text)
}
