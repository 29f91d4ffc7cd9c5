package ui

import (
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// formBuilder is the view that creates a survey, a chain or a check-in:
// its kind, a template to start from, the title and description, the
// questions, the classes and the deadline or the days.
type formBuilder struct {
	s       *FormsScreen
	content fyne.CanvasObject

	kind      app.FormKind
	fields    []*builderField
	touched   bool // the questions were edited: a change of kind keeps them
	templates []app.FormDraft

	kindSel     *widget.Select
	templateSel *widget.Select
	title       *widget.Entry
	desc        *widget.Entry
	fieldsBox   *fyne.Container
	picker      *classPicker
	classes     *fyne.Container // holds the picker once the classes are loaded
	head        *fyne.Container // the form above the questions, by kind
	deadline    *widget.Entry
	start, end  *widget.Entry
	errMsg      *wrapLabel
	createBtn   *widget.Button
	busy        bool
}

// builderField is a question as the builder edits it: the options as
// typed, one per line, and a chain item's limits as typed, by option.
type builderField struct {
	field   app.Field
	options string
	limits  map[string]string
}

// builderKinds are the kinds in the builder's menu.
var builderKinds = []app.FormKind{app.FormSurvey, app.FormChain, app.FormCheckin}

func newFormBuilder(s *FormsScreen, k app.FormKind) *formBuilder {
	if !k.Valid() {
		k = app.FormSurvey
	}
	b := &formBuilder{s: s}
	kindNames := make([]string, len(builderKinds))
	for i, bk := range builderKinds {
		kindNames[i] = kindText(bk)
	}
	b.kindSel = widget.NewSelect(kindNames, func(name string) {
		if i := slices.Index(kindNames, name); i >= 0 {
			b.setKind(builderKinds[i])
		}
	})
	b.templateSel = widget.NewSelect(nil, b.useTemplate)
	b.templateSel.PlaceHolder = i18n.T("formpage.builder.template_hint")
	b.title = widget.NewEntry()
	b.desc = widget.NewMultiLineEntry()
	b.desc.Wrapping = fyne.TextWrapWord
	b.desc.SetMinRowsVisible(2)
	b.fieldsBox = container.NewVBox()
	b.classes = container.NewStack(widget.NewLabel(i18n.T("homeworkpage.classes_loading")))
	now := s.now()
	b.deadline = widget.NewEntry()
	b.deadline.SetPlaceHolder(i18n.T("formpage.builder.deadline_hint"))
	b.start = widget.NewEntry()
	b.start.SetText(app.FormatDate(now))
	b.end = widget.NewEntry()
	b.end.SetText(app.FormatDate(now.AddDate(0, 0, 6)))
	b.head = container.NewStack()
	b.errMsg = errorLabel()

	addField := widget.NewButtonWithIcon(i18n.T("formpage.builder.add_field"), theme.ContentAddIcon(), func() {
		b.touched = true
		b.fields = append(b.fields, &builderField{field: app.Field{Type: app.FieldText}})
		b.showFields()
	})
	b.createBtn = widget.NewButtonWithIcon(i18n.T("formpage.builder.create"), theme.ConfirmIcon(), b.submit)
	b.createBtn.Importance = widget.HighImportance
	cancel := widget.NewButton(i18n.T("formpage.cancel"), s.showList)

	body := container.NewVBox(b.head, widget.NewSeparator(),
		boldLabel(i18n.T("formpage.builder.fields")), b.fieldsBox, container.NewHBox(addField))
	b.content = editorView(subViewHeader(i18n.T("formpage.builder.heading"), s.showList), body,
		actionBar([]fyne.CanvasObject{b.errMsg}, cancel, b.createBtn))

	b.kindSel.SetSelected(kindText(k)) // calls setKind
	b.loadClasses()
	return b
}

// loadClasses fills the class picker with the classes the account may
// ask.
func (b *formBuilder) loadClasses() {
	loadClassPicker(b.s.env, b.s.run, b.classes, func(p *classPicker, _ []*app.Class) { b.picker = p })
}

// setKind switches the builder to kind k: its templates, its dates, and
// its starting questions unless the user has edited them.
func (b *formBuilder) setKind(k app.FormKind) {
	b.kind = k
	b.templates = b.templates[:0]
	var names []string
	for _, t := range app.FormTemplates(i18n.T) {
		if t.Kind == k {
			b.templates = append(b.templates, t)
			names = append(names, t.Title)
		}
	}
	b.templateSel.SetOptions(names)
	b.templateSel.ClearSelected()
	if len(names) == 0 {
		b.templateSel.Disable()
	} else {
		b.templateSel.Enable()
	}

	head := widget.NewForm(
		widget.NewFormItem(i18n.T("formpage.builder.kind"), b.kindSel),
		widget.NewFormItem(i18n.T("formpage.builder.template"), b.templateSel),
		widget.NewFormItem(i18n.T("formpage.builder.title"), b.title),
		widget.NewFormItem(i18n.T("formpage.builder.description"), b.desc),
		widget.NewFormItem(i18n.T("homeworkpage.field.classes"), b.classes),
	)
	if k == app.FormCheckin {
		head.Append(i18n.T("formpage.builder.start"), b.start)
		head.Append(i18n.T("formpage.builder.end"), b.end)
	} else {
		head.Append(i18n.T("formpage.builder.deadline"), b.deadline)
	}
	b.head.Objects = []fyne.CanvasObject{head}
	b.head.Refresh()

	if !b.touched {
		b.fields = startingFields(k)
	}
	b.showFields()
}

// startingFields are the questions a new form of kind k starts with: a
// chain needs its item question, a check-in usually asks "done?".
func startingFields(k app.FormKind) []*builderField {
	switch k {
	case app.FormChain:
		return []*builderField{{field: app.Field{Label: i18n.T("formpage.builder.chain_item"), Type: app.FieldChoice, Required: true}}}
	case app.FormCheckin:
		return []*builderField{{field: app.Field{Label: i18n.T("formpage.builder.checkin_done"), Type: app.FieldYesNo, Required: true}}}
	}
	return []*builderField{{field: app.Field{Type: app.FieldText}}}
}

// useTemplate fills the builder from the template named title.
func (b *formBuilder) useTemplate(title string) {
	i := slices.IndexFunc(b.templates, func(t app.FormDraft) bool { return t.Title == title })
	if i < 0 {
		return
	}
	t := b.templates[i]
	b.title.SetText(t.Title)
	b.desc.SetText(t.Description)
	b.fields = nil
	for _, f := range t.Fields {
		bf := &builderField{field: f, options: strings.Join(f.Options, "\n"), limits: map[string]string{}}
		for j, o := range f.Options {
			if j < len(f.Limits) && f.Limits[j] > 0 {
				bf.limits[o] = strconv.Itoa(f.Limits[j])
			}
		}
		b.fields = append(b.fields, bf)
	}
	b.touched = true
	b.showFields()
}

// showFields rebuilds the question cards from b.fields.
func (b *formBuilder) showFields() {
	b.fieldsBox.RemoveAll()
	for i, bf := range b.fields {
		b.fieldsBox.Add(b.fieldCard(i, bf))
	}
}

// fieldCard is one question's editor: its label, type, whether it is
// required, the buttons that move and remove it, and its options.
func (b *formBuilder) fieldCard(i int, bf *builderField) fyne.CanvasObject {
	label := widget.NewEntry()
	label.SetPlaceHolder(i18n.T("formpage.builder.label_hint"))
	label.SetText(bf.field.Label)
	label.OnChanged = func(s string) { bf.field.Label = s; b.touched = true }

	typeNames := make([]string, len(app.FieldTypes))
	for j, t := range app.FieldTypes {
		typeNames[j] = i18n.T("form.field." + string(t))
	}
	typ := widget.NewSelect(typeNames, nil)
	typ.SetSelected(i18n.T("form.field." + string(bf.field.Type)))
	typ.OnChanged = func(name string) {
		if j := slices.Index(typeNames, name); j >= 0 && app.FieldTypes[j] != bf.field.Type {
			bf.field.Type = app.FieldTypes[j]
			b.touched = true
			b.showFields() // the options appear or go
		}
	}
	required := widget.NewCheck(i18n.T("formpage.builder.required"), func(on bool) { bf.field.Required = on; b.touched = true })
	required.SetChecked(bf.field.Required)

	up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { b.moveField(i, -1) })
	down := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { b.moveField(i, 1) })
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		b.fields = slices.Delete(b.fields, i, i+1)
		b.touched = true
		b.showFields()
	})
	if i == 0 {
		up.Disable()
	}
	if i == len(b.fields)-1 {
		down.Disable()
	}
	number := widget.NewLabel(strconv.Itoa(i + 1))
	controls := container.NewHBox(container.New(minWidth(130), typ), required, up, down, remove)
	card := container.NewVBox(container.NewBorder(nil, nil, number, controls, label))
	if bf.field.Type == app.FieldChoice || bf.field.Type == app.FieldMulti {
		card.Add(b.optionsEditor(bf))
	}
	return container.NewVBox(card, widget.NewSeparator())
}

// optionsEditor edits a question's options, one per line; for a chain's
// item question each option also gets a limit box.
func (b *formBuilder) optionsEditor(bf *builderField) fyne.CanvasObject {
	opts := widget.NewMultiLineEntry()
	opts.SetPlaceHolder(i18n.T("formpage.builder.options_hint"))
	opts.SetMinRowsVisible(min(max(3, len(optionLines(bf.options))+1), 8))
	opts.SetText(bf.options)
	box := container.NewVBox(opts)
	if b.kind != app.FormChain || bf.field.Type != app.FieldChoice {
		opts.OnChanged = func(s string) { bf.options = s; b.touched = true }
		return indent(box)
	}
	if bf.limits == nil {
		bf.limits = map[string]string{}
	}
	limits := container.NewGridWithColumns(3)
	showLimits := func() {
		limits.RemoveAll()
		for _, o := range optionLines(bf.options) {
			e := widget.NewEntry()
			e.SetPlaceHolder(i18n.T("formpage.builder.no_limit"))
			e.SetText(bf.limits[o])
			e.OnChanged = func(s string) { bf.limits[o] = s }
			limits.Add(container.NewBorder(nil, nil, widget.NewLabel(i18n.T("formpage.builder.limit", o)), nil, e))
		}
	}
	opts.OnChanged = func(s string) {
		bf.options = s
		b.touched = true
		showLimits()
	}
	showLimits()
	box.Add(limits)
	return indent(box)
}

// indent sets an options editor in from the question's label.
func indent(o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(&indentLayout{left: 40}, o)
}

type indentLayout struct{ left float32 }

func (l *indentLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	s := objects[0].MinSize()
	return fyne.NewSize(s.Width+l.left, s.Height)
}

func (l *indentLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	objects[0].Move(fyne.NewPos(l.left, 0))
	objects[0].Resize(fyne.NewSize(size.Width-l.left, size.Height))
}

// optionLines are the options typed one per line, trimmed, without
// blank lines.
func optionLines(s string) []string {
	var out []string
	for line := range strings.SplitSeq(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

func (b *formBuilder) moveField(i, by int) {
	j := i + by
	if j < 0 || j >= len(b.fields) {
		return
	}
	b.fields[i], b.fields[j] = b.fields[j], b.fields[i]
	b.touched = true
	b.showFields()
}

// draft reads the builder; a date or a limit it cannot read is an
// error, and so is anything FormDraft.Validate refuses.
func (b *formBuilder) draft() (app.FormDraft, error) {
	d := app.FormDraft{Kind: b.kind, Title: b.title.Text, Description: b.desc.Text}
	if b.picker != nil {
		d.ClassIDs = b.picker.Selected()
	}
	var err error
	if b.kind == app.FormCheckin {
		if d.StartDay, err = app.ParseDate(b.start.Text); err != nil {
			return d, err
		}
		if d.EndDay, err = app.ParseDate(b.end.Text); err != nil {
			return d, err
		}
	} else if d.Deadline, err = app.ParseDate(b.deadline.Text); err != nil {
		return d, err
	}
	for _, bf := range b.fields {
		f := bf.field
		f.Options, f.Limits = nil, nil
		if f.Type == app.FieldChoice || f.Type == app.FieldMulti {
			f.Options = optionLines(bf.options)
		}
		if b.kind == app.FormChain && f.Type == app.FieldChoice {
			for _, o := range f.Options {
				n, err := parseLimit(bf.limits[o])
				if err != nil {
					return d, err
				}
				f.Limits = append(f.Limits, n)
			}
		}
		d.Fields = append(d.Fields, f)
	}
	return d, d.Validate()
}

// parseLimit reads a chain item's limit: empty is no limit.
func parseLimit(s string) (int, error) {
	s = strings.TrimSpace(app.NarrowText(s))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, app.Errorf(app.EINVALID, "formpage.builder.error.limit", s)
	}
	return n, nil
}

func (b *formBuilder) submit() {
	s := b.s
	ctx, svc := s.env.Ctx(), s.env.Services.Forms
	sendDraft(s.run, &b.busy, b.createBtn, b.errMsg, b.draft, func(d app.FormDraft) (int64, error) {
		f, err := svc.CreateForm(ctx, d)
		if err != nil {
			return 0, err
		}
		return f.ID, nil
	}, func(id int64) {
		if s.builder == b {
			s.Open(id)
		}
	})
}
