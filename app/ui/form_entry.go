package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// answerEditor is the form a teacher enters one student's answer in: a
// widget per field, fitting its type.
type answerEditor struct {
	inputs  []fieldInput
	content *widget.Form
}

// fieldInput is one field's widget, read and written as the stored text.
type fieldInput struct {
	field  app.Field
	widget fyne.Disableable
	get    func() string
	set    func(v string)
}

// radioMax is how many options a single choice shows as radio buttons;
// more go into a drop-down.
const radioMax = 6

func newAnswerEditor(f *app.Form) *answerEditor {
	e := &answerEditor{content: widget.NewForm()}
	for _, fl := range f.Fields {
		in := newFieldInput(fl)
		e.inputs = append(e.inputs, in)
		label := fl.Label
		if fl.Required {
			label = i18n.T("formpage.required", label)
		}
		e.content.Append(label, in.widget.(fyne.CanvasObject))
	}
	return e
}

func newFieldInput(fl app.Field) fieldInput {
	in := fieldInput{field: fl}
	switch fl.Type {
	case app.FieldChoice:
		if len(fl.Options) > radioMax {
			s := widget.NewSelect(fl.Options, nil)
			in.widget, in.get = s, func() string { return s.Selected }
			in.set = func(v string) {
				if slices.Contains(fl.Options, v) {
					s.SetSelected(v)
				} else {
					s.ClearSelected()
				}
			}
			return in
		}
		r := widget.NewRadioGroup(fl.Options, nil)
		in.widget, in.get = r, func() string { return r.Selected }
		in.set = func(v string) {
			if !slices.Contains(fl.Options, v) {
				v = ""
			}
			r.SetSelected(v)
		}
	case app.FieldMulti:
		c := widget.NewCheckGroup(fl.Options, nil)
		c.Horizontal = len(fl.Options) <= 4
		in.widget = c
		in.get = func() string { return strings.Join(c.Selected, app.ChoiceSep) }
		in.set = func(v string) {
			if v == "" {
				c.SetSelected(nil)
				return
			}
			c.SetSelected(strings.Split(v, app.ChoiceSep))
		}
	case app.FieldYesNo:
		yes, no := i18n.T("form.yes"), i18n.T("form.no")
		r := widget.NewRadioGroup([]string{yes, no}, nil)
		r.Horizontal = true
		in.widget = r
		in.get = func() string {
			switch r.Selected {
			case yes:
				return app.Yes
			case no:
				return app.No
			}
			return ""
		}
		in.set = func(v string) { r.SetSelected(yesNoText(v)) }
	default:
		var e *widget.Entry
		switch fl.Type {
		case app.FieldTextArea:
			e = widget.NewMultiLineEntry()
			e.Wrapping = fyne.TextWrapWord
			e.SetMinRowsVisible(3)
		case app.FieldNumber:
			e = widget.NewEntry()
			e.SetPlaceHolder(i18n.T("formpage.input.number_hint"))
		case app.FieldDate:
			e = widget.NewEntry()
			e.SetPlaceHolder(i18n.T("formpage.input.date_hint"))
		default:
			e = widget.NewEntry()
		}
		in.widget, in.get, in.set = e, func() string { return e.Text }, e.SetText
	}
	return in
}

// values returns what is entered, by field key, as typed; empty fields
// are left out. Form.CheckAnswer normalises them.
func (e *answerEditor) values() map[string]string {
	out := make(map[string]string)
	for _, in := range e.inputs {
		if v := strings.TrimSpace(in.get()); v != "" {
			out[in.field.Key] = v
		}
	}
	return out
}

// load shows an answer's values; nil clears every field.
func (e *answerEditor) load(values map[string]string) {
	for _, in := range e.inputs {
		in.set(values[in.field.Key])
	}
}

func (e *answerEditor) setEnabled(on bool) {
	for _, in := range e.inputs {
		if on {
			in.widget.Enable()
		} else {
			in.widget.Disable()
		}
	}
}
