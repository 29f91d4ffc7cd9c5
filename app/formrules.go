package app

import (
	"cmp"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of the form builder and of answers.
const (
	MaxFormTitle       = 100  // characters
	MaxFormDescription = 2000 // characters
	MaxFormFields      = 50
	MaxFieldLabel      = 50 // characters
	MaxFieldKey        = 20 // bytes
	MaxOptions         = 50
	MaxOption          = 50   // characters
	MaxCheckinDays     = 366  // a school year at most
	MaxTextAnswer      = 200  // FieldText, characters
	MaxTextAreaAnswer  = 2000 // FieldTextArea, characters
	maxNumberInput     = 30   // bytes of a number as typed
)

// Valid reports whether k is one of the form kinds.
func (k FormKind) Valid() bool {
	return k == FormSurvey || k == FormChain || k == FormCheckin
}

// Valid reports whether t is one of FieldTypes.
func (t FieldType) Valid() bool { return slices.Contains(FieldTypes, t) }

// hasOptions reports whether answers to t are picked from Field.Options.
func (t FieldType) hasOptions() bool { return t == FieldChoice || t == FieldMulti }

// The stored values of a yes/no answer.
const (
	Yes = "yes"
	No  = "no"
)

// YesNoOptions are the options of a FieldYesNo, as stored; the UI shows
// them as form.yes / form.no.
var YesNoOptions = []string{Yes, No}

// fieldKey is what a field key may look like: it names a JSON member in
// the database and a column of the answer sheet.
var fieldKey = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Normalize returns a copy of d as it is stored: texts trimmed, class ids
// sorted without repeats, days at local midnight, field keys given
// ("f1", "f2", … where empty, never one already used), options and
// limits only where they apply, and a chain's item field required. It
// does not check anything: see Validate.
func (d FormDraft) Normalize() FormDraft {
	d.Title = CleanName(d.Title)
	d.Description = strings.TrimSpace(d.Description)
	d.ClassIDs = slices.Compact(slices.Sorted(slices.Values(d.ClassIDs)))
	if d.Kind == FormCheckin {
		d.Deadline = time.Time{}
		d.StartDay, d.EndDay = dayOf(d.StartDay), dayOf(d.EndDay)
	} else {
		d.Deadline = dayOf(d.Deadline)
		d.StartDay, d.EndDay = time.Time{}, time.Time{}
	}

	fields := make([]Field, len(d.Fields))
	used := make(map[string]bool)
	for i, f := range d.Fields {
		f.Key = strings.TrimSpace(f.Key)
		f.Label = CleanName(f.Label)
		used[f.Key] = true
		if f.Type.hasOptions() {
			f.Options = slices.Clone(f.Options)
			for j, o := range f.Options {
				f.Options[j] = CleanName(o)
			}
		} else {
			f.Options = nil
		}
		if d.Kind == FormChain && f.Type == FieldChoice {
			f.Limits = slices.Clone(f.Limits)
			f.Required = true
		} else {
			f.Limits = nil
		}
		fields[i] = f
	}
	n := 0
	for i := range fields {
		if fields[i].Key != "" {
			continue
		}
		for n++; used["f"+strconv.Itoa(n)]; n++ {
		}
		fields[i].Key = "f" + strconv.Itoa(n)
	}
	d.Fields = fields
	return d
}

// dayOf is the midnight starting t's calendar day in time.Local; the
// zero time ("no day") stays zero.
func dayOf(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, day := t.In(time.Local).Date()
	return time.Date(y, m, day, 0, 0, 0, 0, time.Local)
}

// Validate checks a draft as the builder made it (it checks the
// Normalize'd draft, so stray spaces are no error). A chain's sign-up
// items are its one single-choice field; a check-in needs its first and
// last day.
func (d FormDraft) Validate() error {
	d = d.Normalize()
	switch {
	case !d.Kind.Valid():
		return Errorf(EINVALID, "formrule.error.kind", string(d.Kind))
	case d.Title == "":
		return Errorf(EINVALID, "formrule.error.title_required")
	case utf8.RuneCountInString(d.Title) > MaxFormTitle:
		return Errorf(EINVALID, "formrule.error.title_long", MaxFormTitle)
	case utf8.RuneCountInString(d.Description) > MaxFormDescription:
		return Errorf(EINVALID, "formrule.error.description_long", MaxFormDescription)
	case len(d.Fields) == 0:
		return Errorf(EINVALID, "formrule.error.fields_required")
	case len(d.Fields) > MaxFormFields:
		return Errorf(EINVALID, "formrule.error.fields_many", MaxFormFields)
	}
	labels := make(map[string]bool, len(d.Fields))
	keys := make(map[string]bool, len(d.Fields))
	for i, f := range d.Fields {
		if err := f.validate(i + 1); err != nil {
			return err
		}
		if labels[f.Label] {
			return Errorf(EINVALID, "formrule.error.label_duplicate", f.Label)
		}
		labels[f.Label] = true
		if keys[f.Key] {
			return Errorf(EINVALID, "formrule.error.key", f.Label, f.Key)
		}
		keys[f.Key] = true
	}
	if len(d.ClassIDs) == 0 || d.ClassIDs[0] <= 0 {
		return Errorf(EINVALID, "formrule.error.classes_required")
	}
	switch d.Kind {
	case FormChain:
		if n := countChoice(d.Fields); n != 1 {
			return Errorf(EINVALID, "formrule.error.chain_items", n)
		}
	case FormCheckin:
		switch {
		case d.StartDay.IsZero() || d.EndDay.IsZero():
			return Errorf(EINVALID, "formrule.error.checkin_days_required")
		case d.EndDay.Before(d.StartDay):
			return Errorf(EINVALID, "formrule.error.checkin_days_order", FormatDate(d.StartDay), FormatDate(d.EndDay))
		case len(daysBetween(d.StartDay, d.EndDay, MaxCheckinDays+1)) > MaxCheckinDays:
			return Errorf(EINVALID, "formrule.error.checkin_days_long", MaxCheckinDays)
		}
	}
	return nil
}

// validate checks one normalised field; n is its 1-based position.
func (f Field) validate(n int) error {
	switch {
	case f.Label == "":
		return Errorf(EINVALID, "formrule.error.label_required", n)
	case utf8.RuneCountInString(f.Label) > MaxFieldLabel:
		return Errorf(EINVALID, "formrule.error.label_long", f.Label, MaxFieldLabel)
	case !f.Type.Valid():
		return Errorf(EINVALID, "formrule.error.field_type", f.Label, string(f.Type))
	case len(f.Key) > MaxFieldKey || !fieldKey.MatchString(f.Key):
		return Errorf(EINVALID, "formrule.error.key", f.Label, f.Key)
	case !f.Type.hasOptions():
		return nil
	case len(f.Options) < 2:
		return Errorf(EINVALID, "formrule.error.options_few", f.Label)
	case len(f.Options) > MaxOptions:
		return Errorf(EINVALID, "formrule.error.options_many", f.Label, MaxOptions)
	}
	seen := make(map[string]bool, len(f.Options))
	for _, o := range f.Options {
		switch {
		case o == "":
			return Errorf(EINVALID, "formrule.error.option_empty", f.Label)
		case utf8.RuneCountInString(o) > MaxOption:
			return Errorf(EINVALID, "formrule.error.option_long", f.Label, o, MaxOption)
		case strings.Contains(o, ChoiceSep): // (CleanName already joined any lines)
			return Errorf(EINVALID, "formrule.error.option_sep", f.Label, o, ChoiceSep)
		case seen[optionKey(o)]:
			return Errorf(EINVALID, "formrule.error.option_duplicate", f.Label, o)
		}
		seen[optionKey(o)] = true
	}
	if len(f.Limits) > len(f.Options) || slices.ContainsFunc(f.Limits, func(n int) bool { return n < 0 }) {
		return Errorf(EINVALID, "formrule.error.limits", f.Label)
	}
	return nil
}

func countChoice(fields []Field) int {
	n := 0
	for _, f := range fields {
		if f.Type == FieldChoice {
			n++
		}
	}
	return n
}

// optionKey is how an answer is matched to an option: the width, case
// and spacing people type do not matter.
func optionKey(s string) string { return strings.ToLower(CleanName(NarrowText(s))) }

// CheckAnswer checks and normalises the values of an answer by field key:
// texts trimmed, numbers in canonical form, choices as the option is
// spelt, several choices joined by ChoiceSep in option order, dates in
// DateLayout, yes/no as Yes or No. Empty values are dropped. A missing
// required field, an unknown key or a bad value is EINVALID naming the
// field, the value and what to write.
func (f *Form) CheckAnswer(values map[string]string) (map[string]string, error) {
	for _, k := range slices.Sorted(maps.Keys(values)) {
		if !slices.ContainsFunc(f.Fields, func(fl Field) bool { return fl.Key == k }) {
			return nil, Errorf(EINVALID, "formrule.answer.unknown_field", k)
		}
	}
	out := make(map[string]string, len(values))
	for _, fl := range f.Fields {
		v := strings.TrimSpace(values[fl.Key])
		if v == "" {
			if fl.Required {
				return nil, Errorf(EINVALID, "formrule.answer.required", fl.Label)
			}
			continue
		}
		v, err := fl.checkValue(v)
		if err != nil {
			return nil, err
		}
		out[fl.Key] = v
	}
	if len(out) == 0 {
		return nil, Errorf(EINVALID, "formrule.answer.empty")
	}
	return out, nil
}

// checkValue normalises one trimmed, non-empty value.
func (f Field) checkValue(v string) (string, error) {
	switch f.Type {
	case FieldText:
		v = strings.Join(strings.Fields(v), " ") // one line
		if utf8.RuneCountInString(v) > MaxTextAnswer {
			return "", Errorf(EINVALID, "formrule.answer.too_long", f.Label, MaxTextAnswer)
		}
		return v, nil
	case FieldTextArea:
		v = strings.ReplaceAll(v, "\r\n", "\n")
		if utf8.RuneCountInString(v) > MaxTextAreaAnswer {
			return "", Errorf(EINVALID, "formrule.answer.too_long", f.Label, MaxTextAreaAnswer)
		}
		return v, nil
	case FieldNumber:
		x, ok := ParseNumber(v)
		if !ok {
			return "", Errorf(EINVALID, "formrule.answer.number", f.Label, v)
		}
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case FieldChoice:
		if o, ok := f.option(v); ok {
			return o, nil
		}
		return "", Errorf(EINVALID, "formrule.answer.choice", f.Label, v, strings.Join(f.Options, " / "))
	case FieldMulti:
		return f.checkMulti(v)
	case FieldDate:
		t, err := ParseDate(v)
		if err != nil {
			return "", Errorf(EINVALID, "formrule.answer.date", f.Label, v)
		}
		return FormatDate(t), nil
	case FieldYesNo:
		switch strings.ToLower(NarrowText(v)) {
		case "yes", "y", "是", "1", "√", "✓", "✔", "true":
			return Yes, nil
		case "no", "n", "否", "0", "×", "✗", "✘", "x", "false":
			return No, nil
		}
		return "", Errorf(EINVALID, "formrule.answer.yesno", f.Label, v)
	}
	return "", Errorf(EINVALID, "formrule.error.field_type", f.Label, string(f.Type))
}

// option returns the option v names, as the option is spelt.
func (f Field) option(v string) (string, bool) {
	k := optionKey(v)
	for _, o := range f.Options {
		if optionKey(o) == k {
			return o, true
		}
	}
	return "", false
}

// multiSeps are what people put between several choices; 、 and line
// breaks first, as an option may itself hold a comma or a slash.
var (
	multiMain   = strings.NewReplacer("\r\n", ChoiceSep, "\n", ChoiceSep, "\r", ChoiceSep)
	multiOthers = func(r rune) bool { return strings.ContainsRune(",，;；/", r) }
)

// checkMulti reads several choices and joins them in option order.
func (f Field) checkMulti(v string) (string, error) {
	picked := make(map[string]bool)
	for part := range strings.SplitSeq(multiMain.Replace(v), ChoiceSep) {
		if strings.TrimSpace(part) == "" {
			continue
		}
		if o, ok := f.option(part); ok {
			picked[o] = true
			continue
		}
		for sub := range strings.FieldsFuncSeq(NarrowText(part), multiOthers) {
			if strings.TrimSpace(sub) == "" {
				continue
			}
			o, ok := f.option(sub)
			if !ok {
				return "", Errorf(EINVALID, "formrule.answer.multi", f.Label, strings.TrimSpace(sub), strings.Join(f.Options, ChoiceSep))
			}
			picked[o] = true
		}
	}
	var out []string
	for _, o := range f.Options {
		if picked[o] {
			out = append(out, o)
		}
	}
	if len(out) == 0 {
		return "", Errorf(EINVALID, "formrule.answer.multi", f.Label, v, strings.Join(f.Options, ChoiceSep))
	}
	return strings.Join(out, ChoiceSep), nil
}

// plainNumber is a number as a form accepts it (after NarrowText and
// without thousands separators): no exponent, no hex, no NaN or Inf.
var (
	plainNumber = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)$`)
	thousands   = regexp.MustCompile(`^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$`)
)

// ParseNumber reads a number as typed: full-width digits, thousands
// separators (1,234), decimals and a sign.
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(NarrowText(s))
	if len(s) > maxNumberInput {
		return 0, false
	}
	if thousands.MatchString(s) {
		s = strings.ReplaceAll(s, ",", "")
	}
	if !plainNumber.MatchString(s) {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return x + 0, true // + 0 turns -0 into 0
}

// ComputeTotals sums up a sheet's answers: who answered, who did not (in
// sheet order), and per field the answered count, every option's count
// and percent of the field's answers, or a number's statistics. For an
// AllDays sheet a student with an answer on any day has answered, and
// fields sum up the answers of every day. Answers of students not on the
// sheet are left out.
func ComputeTotals(sheet *FormSheet) *FormTotals {
	t := &FormTotals{Students: len(sheet.Students), Fields: make([]FieldTotal, len(sheet.Form.Fields))}
	// the sheet's students, each true once they have an answer
	onSheet := make(map[int64]bool, len(sheet.Students))
	for _, s := range sheet.Students {
		onSheet[s.StudentID] = false
	}

	// per field: option → its position in FieldTotal.Options
	index := make([]map[string]int, len(sheet.Form.Fields))
	for i, f := range sheet.Form.Fields {
		ft := FieldTotal{Field: f}
		opts := f.Options
		switch f.Type {
		case FieldYesNo:
			opts = YesNoOptions
		case FieldNumber:
			ft.Number = &NumberStats{}
		}
		if f.Type.hasOptions() || f.Type == FieldYesNo {
			ft.Options = make([]OptionCount, len(opts))
			index[i] = make(map[string]int, len(opts))
			for j, o := range opts {
				ft.Options[j].Option = o
				index[i][o] = j
			}
		}
		t.Fields[i] = ft
	}

	for _, a := range sheet.Answers {
		answered, ok := onSheet[a.StudentID]
		if !ok {
			continue
		}
		if !answered {
			onSheet[a.StudentID] = true
			t.Answered++
		}
		for i := range t.Fields {
			ft := &t.Fields[i]
			v := a.Values[ft.Field.Key]
			if v == "" {
				continue
			}
			ft.Answered++
			switch ft.Field.Type {
			case FieldChoice, FieldYesNo:
				if j, ok := index[i][v]; ok {
					ft.Options[j].Count++
				}
			case FieldMulti:
				for o := range strings.SplitSeq(v, ChoiceSep) {
					if j, ok := index[i][o]; ok {
						ft.Options[j].Count++
					}
				}
			case FieldNumber:
				if x, err := strconv.ParseFloat(v, 64); err == nil {
					ft.Number.add(x)
				}
			}
		}
	}

	for i := range t.Fields {
		ft := &t.Fields[i]
		for j := range ft.Options {
			ft.Options[j].Percent = percent(ft.Options[j].Count, ft.Answered)
		}
		if ft.Number != nil && ft.Number.Count > 0 {
			ft.Number.Avg = ft.Number.Sum / float64(ft.Number.Count)
		}
	}
	for _, s := range sheet.Students {
		if !onSheet[s.StudentID] {
			t.Missing = append(t.Missing, s)
		}
	}
	return t
}

func (n *NumberStats) add(x float64) {
	if n.Count == 0 || x < n.Min {
		n.Min = x
	}
	if n.Count == 0 || x > n.Max {
		n.Max = x
	}
	n.Count++
	n.Sum += x
}

// percent is part of whole in percent, 0 when whole is 0.
func percent(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) * 100 / float64(whole)
}

// ChainField returns a chain's item field: its one single-choice field.
func (f *Form) ChainField() (Field, bool) {
	for _, fl := range f.Fields {
		if fl.Type == FieldChoice {
			return fl, true
		}
	}
	return Field{}, false
}

// Limit is how many may pick option; 0 is no limit.
func (f Field) Limit(option string) int {
	if i := slices.Index(f.Options, option); i >= 0 && i < len(f.Limits) {
		return f.Limits[i]
	}
	return 0
}

// ChainItem is one item of a sign-up chain with who signed up, in the
// order they did.
type ChainItem struct {
	Option  string
	Limit   int // 0 for no limit
	Signups []FormStudent
}

// Full reports whether the item has no place left.
func (it ChainItem) Full() bool { return it.Limit > 0 && len(it.Signups) >= it.Limit }

// ChainItems lists a chain's items in option order, each with the
// sheet's students who signed up for it in sign-up (Seq) order.
func ChainItems(sheet *FormSheet) []ChainItem {
	field, ok := sheet.Form.ChainField()
	if !ok {
		return nil
	}
	items := make([]ChainItem, len(field.Options))
	index := make(map[string]int, len(field.Options))
	for i, o := range field.Options {
		items[i] = ChainItem{Option: o, Limit: field.Limit(o)}
		index[o] = i
	}
	students := make(map[int64]FormStudent, len(sheet.Students))
	for _, s := range sheet.Students {
		students[s.StudentID] = s
	}
	answers := slices.SortedFunc(slices.Values(sheet.Answers), func(a, b Answer) int {
		return cmp.Or(cmp.Compare(a.Seq, b.Seq), cmp.Compare(a.ID, b.ID))
	})
	for _, a := range answers {
		i, ok := index[a.Values[field.Key]]
		s, known := students[a.StudentID]
		if ok && known {
			items[i].Signups = append(items[i].Signups, s)
		}
	}
	return items
}

// CheckChainSignup says whether an answer to chain f may take its item
// when others other students already hold it: a full item is ECONFLICT
// naming the item and its limit. Answers of other kinds always may.
func (f *Form) CheckChainSignup(values map[string]string, others int) error {
	if f.Kind != FormChain {
		return nil
	}
	field, ok := f.ChainField()
	if !ok {
		return nil
	}
	item := values[field.Key]
	if limit := field.Limit(item); limit > 0 && others >= limit {
		return Errorf(ECONFLICT, "formrule.error.chain_full", item, limit)
	}
	return nil
}

// CheckinDays lists the days of a check-in, StartDay to EndDay, in
// DateLayout; nil for other kinds.
func (f *Form) CheckinDays() []string {
	if f.Kind != FormCheckin || f.StartDay.IsZero() || f.EndDay.IsZero() {
		return nil
	}
	return daysBetween(f.StartDay, f.EndDay, MaxCheckinDays)
}

// daysBetween lists the calendar days from start to end, at most max.
func daysBetween(start, end time.Time, max int) []string {
	last := FormatDate(end)
	y, m, d := start.Date()
	var out []string
	for i := 0; len(out) < max; i++ {
		day := FormatDate(time.Date(y, m, d+i, 0, 0, 0, 0, time.Local))
		if day > last {
			break
		}
		out = append(out, day)
	}
	return out
}

// CheckDay reads the day of a check-in answer and says whether it lies
// in the check-in's range; it returns the day in DateLayout. Other kinds
// take no day and return "".
func (f *Form) CheckDay(day string) (string, error) {
	if f.Kind != FormCheckin {
		return "", nil
	}
	t, err := ParseDate(day)
	if err != nil || t.IsZero() {
		return "", Errorf(EINVALID, "formrule.error.day_invalid", day)
	}
	d := FormatDate(t)
	if d < FormatDate(f.StartDay) || d > FormatDate(f.EndDay) {
		return "", Errorf(EINVALID, "formrule.error.day_outside", d, FormatDate(f.StartDay), FormatDate(f.EndDay))
	}
	return d, nil
}

// NonResponders returns the sheet's students without an answer on day,
// in sheet order: a check-in's daily list of who has not checked in.
func NonResponders(sheet *FormSheet, day string) []FormStudent {
	done := make(map[int64]bool, len(sheet.Answers))
	for _, a := range sheet.Answers {
		if a.Day == day {
			done[a.StudentID] = true
		}
	}
	var out []FormStudent
	for _, s := range sheet.Students {
		if !done[s.StudentID] {
			out = append(out, s)
		}
	}
	return out
}

// CheckinCounts counts each student's days with an answer, over the
// days of the sheet's answers (an AllDays sheet: the whole check-in).
func CheckinCounts(sheet *FormSheet) map[int64]int {
	n := make(map[int64]int, len(sheet.Students))
	for _, a := range sheet.Answers {
		n[a.StudentID]++
	}
	return n
}
