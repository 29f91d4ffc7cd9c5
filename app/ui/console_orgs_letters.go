package ui

import (
	"context"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// Enrolment letters: the officer picks schools (those not enrolled, at
// first), the hub issues each a fresh code, and the console prints them
// with the hub's address and pinned fingerprint into one PDF. The hub
// keeps only the codes' hashes: the PDF is the one place they exist.

// letterChoices are the schools a letter can be printed for (not
// revoked), each with its label in the picker.
func (s *consoleOrgs) letterChoices() ([]*app.HubOrg, []string) {
	var orgs []*app.HubOrg
	var labels []string
	for _, o := range s.all {
		if o.Revoked {
			continue
		}
		state := i18n.T("bureau_console_orgs.letters_not_enrolled_state")
		if !o.EnrolledAt.IsZero() {
			state = i18n.T("bureau_console_orgs.letters_enrolled", app.FormatDate(o.EnrolledAt))
		}
		orgs = append(orgs, o)
		labels = append(labels, i18n.T("bureau_console_orgs.letters_row", townshipName(o.Township), o.Name, state))
	}
	return orgs, labels
}

// showLetters asks which schools to print letters for.
func (s *consoleOrgs) showLetters() {
	orgs, labels := s.letterChoices()
	byLabel := make(map[string]*app.HubOrg, len(orgs))
	var fresh []string
	for i, o := range orgs {
		byLabel[labels[i]] = o
		if o.EnrolledAt.IsZero() {
			fresh = append(fresh, labels[i])
		}
	}
	s.letterPick = widget.NewCheckGroup(labels, nil)
	s.letterPick.SetSelected(fresh)
	note := newWrapLabel(i18n.T("bureau_console_orgs.letters_note"))
	notEnrolled := widget.NewButton(i18n.T("bureau_console_orgs.letters_not_enrolled"), func() { s.letterPick.SetSelected(fresh) })
	none := widget.NewButton(i18n.T("bureau_console_orgs.letters_none"), func() { s.letterPick.SetSelected(nil) })
	list := container.NewVScroll(s.letterPick)
	list.SetMinSize(fyne.NewSize(0, 220))
	body := container.NewBorder(container.NewVBox(note, container.NewHBox(notEnrolled, none)), nil, nil, nil, list)
	d := dialog.NewCustomWithoutButtons(i18n.T("bureau_console_orgs.letters_title"), container.New(minWidth(520), body), s.u.win)
	cancel := widget.NewButtonWithIcon(i18n.T("confirm.cancel"), theme.CancelIcon(), d.Hide)
	s.letterB = widget.NewButtonWithIcon(i18n.T("bureau_console_orgs.letters_next"), theme.DocumentPrintIcon(), func() {
		var chosen []*app.HubOrg
		for _, l := range s.letterPick.Selected {
			chosen = append(chosen, byLabel[l])
		}
		if len(chosen) == 0 {
			return
		}
		d.Hide()
		chooseSavePath(s.u.env, i18n.T("bureau_console_orgs.letters_file"), ".pdf", func(path string) { s.askLetters(chosen, path) })
	})
	s.letterB.Importance = widget.HighImportance
	s.letterPick.OnChanged = func(sel []string) {
		if len(sel) == 0 {
			s.letterB.Disable()
		} else {
			s.letterB.Enable()
		}
	}
	s.letterPick.OnChanged(s.letterPick.Selected)
	d.SetButtons([]fyne.CanvasObject{cancel, s.letterB})
	d.Show()
}

// askLetters says what the fresh codes do before the hub issues them:
// each school's earlier code stops, and an enrolled school that enrols
// with its new code replaces its credential. It returns the question.
func (s *consoleOrgs) askLetters(chosen []*app.HubOrg, path string) *dialog.CustomDialog {
	var enrolled []string
	for _, o := range chosen {
		if !o.EnrolledAt.IsZero() {
			enrolled = append(enrolled, o.Name)
		}
	}
	text := i18n.T("bureau_console_orgs.letters_confirm", len(chosen))
	if len(enrolled) > 0 {
		text += "\n" + i18n.T("bureau_console_orgs.letters_confirm_enrolled", strings.Join(enrolled, i18n.T("orgs.list_sep")))
	}
	return confirmDanger(s.u.win, i18n.T("bureau_console_orgs.letters_title"), confirmText(text, enrolled...), i18n.T("bureau_console_orgs.letters_submit"), func(ok bool) {
		if ok {
			s.printLetters(chosen, len(enrolled) > 0, path)
			return
		}
		// the save dialog made the file: an empty one is left behind
		if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
			_ = os.Remove(path)
		}
	})
}

// printLetters asks the hub for the codes and prints them at path.
func (s *consoleOrgs) printLetters(chosen []*app.HubOrg, reissue bool, path string) {
	ids := make([]int64, len(chosen))
	for i, o := range chosen {
		ids[i] = o.ID
	}
	c, printPDF := s.u.opts.Console, s.u.opts.OrgLetters.PrintEnrolLetters
	letters := app.EnrolLetters{HubURL: s.u.cfg.HubURL, Fingerprint: s.u.cfg.Fingerprint}
	s.letters.Disable()
	runAsync(func() {
		var err error
		letters.Letters, err = c.LetterCodes(context.Background(), ids, reissue)
		issued := err == nil
		if issued {
			err = printPDF(path, letters)
		}
		fyne.Do(func() {
			s.actions()
			switch {
			case !issued:
				s.u.failed(err)
			case err != nil:
				s.u.env.ShowError(app.WrapError(err, "bureau_console_orgs.error.print", len(letters.Letters), i18n.Err(err)))
			default:
				s.u.env.ShowInfo(i18n.T("bureau_console_orgs.letters_title"), i18n.T("bureau_console_orgs.letters_done", len(letters.Letters), path))
			}
			s.reload()
		})
	})
}
