package ui

import (
	"cmp"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// consoleTargets is the choice of the schools a notice or a survey goes
// to: all, or those chosen, with a township's or a kind's at a click;
// reach says how many.
type consoleTargets struct {
	orgs   []*app.HubOrg    // the schools it can go to (not revoked)
	labels map[string]int64 // a school's label in the list → its id

	target   *widget.RadioGroup
	chosen   *widget.CheckGroup
	township *widget.Select
	kind     *widget.Select
	kinds    map[string]app.OrgKind
	clearB   *widget.Button
	pickBox  *fyne.Container
	reach    *widget.Label
}

func newConsoleTargets() *consoleTargets {
	s := &consoleTargets{labels: map[string]int64{}, kinds: map[string]app.OrgKind{}}
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
	return s
}

// box is the choice, for a form.
func (s *consoleTargets) box() fyne.CanvasObject { return container.NewVBox(s.target, s.pickBox) }

func (s *consoleTargets) setOrgs(orgs []*app.HubOrg) {
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

func (s *consoleTargets) targetChanged() {
	if s.target.Selected == i18n.T("bureau_console.compose.chosen") {
		s.pickBox.Show()
	} else {
		s.pickBox.Hide()
	}
	s.countReach()
}

// pickTownship adds a township's schools to those chosen.
func (s *consoleTargets) pickTownship(t string) {
	if t == "" {
		return // the choice cleared after a pick
	}
	s.addChosen(func(o *app.HubOrg) bool { return o.Township == t })
	s.township.ClearSelected()
}

// pickKind adds the schools of a kind to those chosen.
func (s *consoleTargets) pickKind(label string) {
	k, ok := s.kinds[label]
	if !ok {
		return
	}
	s.addChosen(func(o *app.HubOrg) bool { return o.Kind == k })
	s.kind.ClearSelected()
}

func (s *consoleTargets) addChosen(match func(*app.HubOrg) bool) {
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
func (s *consoleTargets) targets() []int64 {
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
func (s *consoleTargets) reaches() int {
	if t := s.targets(); t != nil {
		return len(t)
	}
	return len(s.orgs)
}

// targetProblem is what is wrong with the schools chosen: none ticked
// among 选定的学校, or none to reach at all; nil when some are.
func (s *consoleTargets) targetProblem() error {
	if t := s.targets(); t != nil && len(t) == 0 {
		return app.Errorf(app.EINVALID, "bureau_console.compose.none_chosen")
	}
	if s.reaches() == 0 {
		return app.Errorf(app.EINVALID, "bureau_console.compose.no_schools")
	}
	return nil
}

func (s *consoleTargets) countReach() {
	s.reach.SetText(i18n.T("bureau_console.compose.reach", s.reaches()))
}
