package app

import (
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

// validDraft is a survey that passes Validate; cases change one thing.
func validDraft() FormDraft {
	return FormDraft{
		Kind:     FormSurvey,
		Title:    "寒假去向统计",
		ClassIDs: []int64{3},
		Fields: []Field{
			{Label: "去向", Type: FieldChoice, Required: true, Options: []string{"留在本地", "省内出行", "出省"}},
			{Label: "目的地", Type: FieldText},
		},
	}
}

func TestFormDraftValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(d *FormDraft)
		key    string // "" for valid
	}{
		{"valid", func(d *FormDraft) {}, ""},
		{"spaces are trimmed", func(d *FormDraft) { d.Title = "  寒假去向  "; d.Fields[1].Label = " 目的地 " }, ""},
		{"unknown kind", func(d *FormDraft) { d.Kind = "poll" }, "formrule.error.kind"},
		{"no title", func(d *FormDraft) { d.Title = "　 " }, "formrule.error.title_required"},
		{"title 100", func(d *FormDraft) { d.Title = strings.Repeat("字", 100) }, ""},
		{"title 101", func(d *FormDraft) { d.Title = strings.Repeat("字", 101) }, "formrule.error.title_long"},
		{"description long", func(d *FormDraft) { d.Description = strings.Repeat("字", 2001) }, "formrule.error.description_long"},
		{"no fields", func(d *FormDraft) { d.Fields = nil }, "formrule.error.fields_required"},
		{"too many fields", func(d *FormDraft) {
			d.Fields = nil
			for i := range 51 {
				d.Fields = append(d.Fields, Field{Label: strings.Repeat("问", i+1), Type: FieldText})
			}
		}, "formrule.error.fields_many"},
		{"no label", func(d *FormDraft) { d.Fields[1].Label = " " }, "formrule.error.label_required"},
		{"long label", func(d *FormDraft) { d.Fields[1].Label = strings.Repeat("问", 51) }, "formrule.error.label_long"},
		{"same label", func(d *FormDraft) { d.Fields[1].Label = "去向 " }, "formrule.error.label_duplicate"},
		{"unknown type", func(d *FormDraft) { d.Fields[1].Type = "photo" }, "formrule.error.field_type"},
		{"same key", func(d *FormDraft) { d.Fields[0].Key = "a"; d.Fields[1].Key = "a" }, "formrule.error.key"},
		{"bad key", func(d *FormDraft) { d.Fields[0].Key = "$.x" }, "formrule.error.key"},
		{"one option", func(d *FormDraft) { d.Fields[0].Options = []string{"是"} }, "formrule.error.options_few"},
		{"empty option", func(d *FormDraft) { d.Fields[0].Options[1] = " " }, "formrule.error.option_empty"},
		{"option with 、", func(d *FormDraft) { d.Fields[0].Options[1] = "北京、上海" }, "formrule.error.option_sep"},
		{"option lines are joined", func(d *FormDraft) { d.Fields[0].Options[1] = "北京\n上海" }, ""},
		{"option with a slash is fine", func(d *FormDraft) { d.Fields[0].Options[1] = "祖父母/外祖父母" }, ""},
		{"same option", func(d *FormDraft) { d.Fields[0].Options[2] = "留在 本地" }, "formrule.error.option_duplicate"},
		{"same option ignoring case", func(d *FormDraft) { d.Fields[0].Options = []string{"A", "a"} }, "formrule.error.option_duplicate"},
		{"long option", func(d *FormDraft) { d.Fields[0].Options[2] = strings.Repeat("出", 51) }, "formrule.error.option_long"},
		{"options of a text field are dropped", func(d *FormDraft) { d.Fields[1].Options = []string{"x"} }, ""},
		{"no classes", func(d *FormDraft) { d.ClassIDs = nil }, "formrule.error.classes_required"},
		{"chain", func(d *FormDraft) { d.Kind = FormChain; d.Fields[0].Limits = []int{3, 0} }, ""},
		{"chain negative limit", func(d *FormDraft) { d.Kind = FormChain; d.Fields[0].Limits = []int{-1} }, "formrule.error.limits"},
		{"chain more limits than options", func(d *FormDraft) { d.Kind = FormChain; d.Fields[0].Limits = []int{1, 1, 1, 1} }, "formrule.error.limits"},
		{"chain without items", func(d *FormDraft) { d.Kind = FormChain; d.Fields[0].Type = FieldMulti }, "formrule.error.chain_items"},
		{"chain with two item lists", func(d *FormDraft) {
			d.Kind = FormChain
			d.Fields[1] = Field{Label: "时段", Type: FieldChoice, Options: []string{"上午", "下午"}}
		}, "formrule.error.chain_items"},
		{"checkin", func(d *FormDraft) { d.Kind = FormCheckin; d.StartDay, d.EndDay = day("2026-01-10"), day("2026-02-10") }, ""},
		{"checkin one day", func(d *FormDraft) { d.Kind = FormCheckin; d.StartDay, d.EndDay = day("2026-01-10"), day("2026-01-10") }, ""},
		{"checkin no end", func(d *FormDraft) { d.Kind = FormCheckin; d.StartDay = day("2026-01-10") }, "formrule.error.checkin_days_required"},
		{"checkin backwards", func(d *FormDraft) { d.Kind = FormCheckin; d.StartDay, d.EndDay = day("2026-01-10"), day("2026-01-09") }, "formrule.error.checkin_days_order"},
		{"checkin 366 days", func(d *FormDraft) { d.Kind = FormCheckin; d.StartDay, d.EndDay = day("2027-09-01"), day("2028-08-31") }, ""},
		{"checkin 367 days", func(d *FormDraft) { d.Kind = FormCheckin; d.StartDay, d.EndDay = day("2027-09-01"), day("2028-09-01") }, "formrule.error.checkin_days_long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := validDraft()
			tt.change(&d)
			err := d.Validate()
			if tt.key == "" {
				if err != nil {
					t.Fatalf("Validate() = %v; want nil", err)
				}
				return
			}
			var got string
			if e, ok := err.(*Error); ok && e.Code == EINVALID {
				got = e.Key
			}
			if got != tt.key {
				t.Fatalf("Validate() = %v; want EINVALID %s", err, tt.key)
			}
		})
	}
}

func TestFormDraftNormalize(t *testing.T) {
	d := FormDraft{
		Kind:     FormChain,
		Title:    " 志愿者 ",
		ClassIDs: []int64{5, 2, 5},
		Deadline: time.Date(2026, 1, 20, 15, 30, 0, 0, time.Local),
		StartDay: day("2026-01-01"),
		Fields: []Field{
			{Label: "备注", Type: FieldText, Options: []string{"x"}, Limits: []int{1}},
			{Key: "f2", Label: "项目", Type: FieldChoice, Options: []string{" 周一 ", "周二"}, Limits: []int{3}},
			{Label: "时间", Type: FieldMulti, Options: []string{"上午", "下午"}, Limits: []int{1}},
			{Key: "note", Label: "其他", Type: FieldTextArea},
		},
	}
	orig := slices.Clone(d.Fields[1].Options)
	n := d.Normalize()
	if got := []string{n.Fields[0].Key, n.Fields[1].Key, n.Fields[2].Key, n.Fields[3].Key}; !slices.Equal(got, []string{"f1", "f2", "f3", "note"}) {
		t.Errorf("keys = %v; want f1 f2 f3 note (f2 is taken, so the third field gets f3)", got)
	}
	if n.Title != "志愿者" || !slices.Equal(n.ClassIDs, []int64{2, 5}) {
		t.Errorf("title %q classes %v; want 志愿者 [2 5]", n.Title, n.ClassIDs)
	}
	if !n.Deadline.Equal(day("2026-01-20")) || !n.StartDay.IsZero() {
		t.Errorf("deadline %v start %v; want 2026-01-20 midnight and no start day", n.Deadline, n.StartDay)
	}
	if n.Fields[0].Options != nil || n.Fields[0].Limits != nil || n.Fields[2].Limits != nil {
		t.Errorf("options/limits kept where they do not apply: %+v", n.Fields)
	}
	if !n.Fields[1].Required || !slices.Equal(n.Fields[1].Options, []string{"周一", "周二"}) || !slices.Equal(n.Fields[1].Limits, []int{3}) {
		t.Errorf("chain items = %+v; want required, trimmed options, limits kept", n.Fields[1])
	}
	if d.Fields[0].Key != "" || !slices.Equal(d.Fields[1].Options, orig) {
		t.Errorf("Normalize changed the caller's draft: %+v", d.Fields)
	}
}

// answerForm has one field of every type.
var answerForm = &Form{Kind: FormSurvey, Fields: []Field{
	{Key: "name", Label: "目的地", Type: FieldText, Required: true},
	{Key: "note", Label: "备注", Type: FieldTextArea},
	{Key: "n", Label: "人数", Type: FieldNumber},
	{Key: "c", Label: "去向", Type: FieldChoice, Options: []string{"留在本地", "省内出行", "出省", "A/B"}},
	{Key: "m", Label: "兴趣", Type: FieldMulti, Options: []string{"阅读", "体育", "音乐", "A/B"}},
	{Key: "d", Label: "返回日期", Type: FieldDate},
	{Key: "y", Label: "参加", Type: FieldYesNo},
}}

func TestCheckAnswer(t *testing.T) {
	tests := []struct {
		name    string
		field   string // the key given besides name=北京
		in      string
		want    string // stored value; "" for dropped
		errKey  string
		errArgs []any
	}{
		{"text trimmed", "name", "  北京   朝阳 ", "北京 朝阳", "", nil},
		{"text one line", "name", "北京\n朝阳", "北京 朝阳", "", nil},
		{"text 200", "name", strings.Repeat("字", 200), strings.Repeat("字", 200), "", nil},
		{"text 201", "name", strings.Repeat("字", 201), "", "formrule.answer.too_long", []any{"目的地", 200}},
		{"textarea keeps lines", "note", "第一行\r\n第二行 ", "第一行\n第二行", "", nil},
		{"textarea 2001", "note", strings.Repeat("字", 2001), "", "formrule.answer.too_long", []any{"备注", 2000}},
		{"number", "n", "3", "3", "", nil},
		{"number full width", "n", "１２", "12", "", nil},
		{"number thousands", "n", "1,234", "1234", "", nil},
		{"number full-width thousands", "n", "１，２３４．５", "1234.5", "", nil},
		{"number decimal", "n", "2.50", "2.5", "", nil},
		{"number negative zero", "n", "-0", "0", "", nil},
		{"number leading dot", "n", ".5", "0.5", "", nil},
		{"number bad thousands", "n", "12,34", "", "formrule.answer.number", []any{"人数", "12,34"}},
		{"number with unit", "n", "3人", "", "formrule.answer.number", []any{"人数", "3人"}},
		{"number exponent", "n", "1e5", "", "formrule.answer.number", []any{"人数", "1e5"}},
		{"number NaN", "n", "NaN", "", "formrule.answer.number", []any{"人数", "NaN"}},
		{"empty dropped", "n", "  ", "", "", nil},
		{"choice", "c", "省内出行", "省内出行", "", nil},
		{"choice spaced", "c", " 出 省 ", "出省", "", nil},
		{"choice case", "c", "a/b", "A/B", "", nil},
		{"choice unknown", "c", "出国", "", "formrule.answer.choice", []any{"去向", "出国", "留在本地 / 省内出行 / 出省 / A/B"}},
		{"multi 、 in option order", "m", "音乐、阅读", "阅读、音乐", "", nil},
		{"multi commas", "m", "体育,阅读，音乐", "阅读、体育、音乐", "", nil},
		{"multi semicolons and slashes", "m", "音乐；体育/阅读", "阅读、体育、音乐", "", nil},
		{"multi lines", "m", "体育\n阅读\n", "阅读、体育", "", nil},
		{"multi repeated", "m", "体育、体育", "体育", "", nil},
		{"multi option with slash", "m", "A/B、阅读", "阅读、A/B", "", nil},
		{"multi unknown", "m", "阅读、画画", "", "formrule.answer.multi", []any{"兴趣", "画画", "阅读、体育、音乐、A/B"}},
		{"multi only separators", "m", "、、", "", "formrule.answer.multi", []any{"兴趣", "、、", "阅读、体育、音乐、A/B"}},
		{"date", "d", "2026/2/5", "2026-02-05", "", nil},
		{"date chinese", "d", "2026年2月15日", "2026-02-15", "", nil},
		{"date bad", "d", "二月五日", "", "formrule.answer.date", []any{"返回日期", "二月五日"}},
		{"yes 是", "y", "是", "yes", "", nil},
		{"yes √", "y", "√", "yes", "", nil},
		{"yes Y", "y", "Y", "yes", "", nil},
		{"yes full-width 1", "y", "１", "yes", "", nil},
		{"yes true", "y", "TRUE", "yes", "", nil},
		{"no 否", "y", "否", "no", "", nil},
		{"no ×", "y", "×", "no", "", nil},
		{"no 0", "y", "0", "no", "", nil},
		{"no false", "y", "false", "no", "", nil},
		{"yes/no other", "y", "也许", "", "formrule.answer.yesno", []any{"参加", "也许"}},
		{"unknown key", "zz", "1", "", "formrule.answer.unknown_field", []any{"zz"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := answerForm.CheckAnswer(map[string]string{"name": "北京", tt.field: tt.in})
			if tt.errKey != "" {
				e, ok := err.(*Error)
				if !ok || e.Code != EINVALID || e.Key != tt.errKey || !slices.Equal(e.Args, tt.errArgs) {
					t.Fatalf("CheckAnswer(%q) = %v, %v; want EINVALID %s %v", tt.in, got, err, tt.errKey, tt.errArgs)
				}
				return
			}
			if err != nil {
				t.Fatalf("CheckAnswer(%q): %v", tt.in, err)
			}
			want := map[string]string{"name": "北京"}
			if tt.want != "" {
				want[tt.field] = tt.want
			}
			if tt.field == "name" {
				want["name"] = tt.want
			}
			if !maps.Equal(got, want) {
				t.Errorf("CheckAnswer(%q) = %q; want %q", tt.in, got, want)
			}
		})
	}
}

func TestCheckAnswerRequiredAndEmpty(t *testing.T) {
	tests := []struct {
		name   string
		values map[string]string
		key    string
	}{
		{"required missing", map[string]string{"n": "3"}, "formrule.answer.required"},
		{"required blank", map[string]string{"name": " \t"}, "formrule.answer.required"},
		{"nothing at all", map[string]string{}, "formrule.answer.empty"},
	}
	optional := &Form{Fields: []Field{{Key: "f1", Label: "备注", Type: FieldText}}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := answerForm
			if tt.key == "formrule.answer.empty" {
				f = optional
			}
			_, err := f.CheckAnswer(tt.values)
			if e, ok := err.(*Error); !ok || e.Code != EINVALID || e.Key != tt.key {
				t.Fatalf("CheckAnswer(%v) = %v; want EINVALID %s", tt.values, err, tt.key)
			}
		})
	}
}

func students(n int) []FormStudent {
	out := make([]FormStudent, n)
	for i := range out {
		out[i] = FormStudent{StudentID: int64(i + 1), StudentName: "学生" + string(rune('A'+i))}
	}
	return out
}

func answer(student int64, seq int64, dayText string, kv ...string) Answer {
	a := Answer{ID: seq, StudentID: student, Seq: seq, Day: dayText, Values: map[string]string{}}
	for i := 0; i+1 < len(kv); i += 2 {
		a.Values[kv[i]] = kv[i+1]
	}
	return a
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestComputeTotals(t *testing.T) {
	f := &Form{Kind: FormSurvey, Fields: []Field{
		{Key: "c", Label: "去向", Type: FieldChoice, Options: []string{"本地", "省内", "出省"}},
		{Key: "m", Label: "兴趣", Type: FieldMulti, Options: []string{"阅读", "体育", "音乐"}},
		{Key: "y", Label: "参加", Type: FieldYesNo},
		{Key: "n", Label: "人数", Type: FieldNumber},
		{Key: "t", Label: "备注", Type: FieldText},
	}}
	sheet := &FormSheet{Form: f, Students: students(6), Answers: []Answer{
		answer(1, 1, "", "c", "本地", "m", "阅读、体育", "y", "yes", "n", "2"),
		answer(2, 2, "", "c", "本地", "m", "阅读", "y", "no", "n", "1.5", "t", "晚到"),
		answer(4, 3, "", "c", "出省", "y", "yes", "n", "-1"),
		answer(5, 4, "", "m", "阅读、体育、音乐"),
		answer(99, 5, "", "c", "省内"), // not on the sheet: left out
	}}
	got := ComputeTotals(sheet)
	if got.Students != 6 || got.Answered != 4 {
		t.Errorf("Students, Answered = %d, %d; want 6, 4", got.Students, got.Answered)
	}
	var missing []int64
	for _, s := range got.Missing {
		missing = append(missing, s.StudentID)
	}
	if !slices.Equal(missing, []int64{3, 6}) {
		t.Errorf("Missing = %v; want [3 6]", missing)
	}

	type oc struct {
		option  string
		count   int
		percent float64
	}
	wantOptions := map[string][]oc{
		// 3 answers: 2 本地 (66.67%), 0 省内, 1 出省 (33.33%)
		"c": {{"本地", 2, 200.0 / 3}, {"省内", 0, 0}, {"出省", 1, 100.0 / 3}},
		// 3 answers; a multiple choice's percentages add up to more than 100
		"m": {{"阅读", 3, 100}, {"体育", 2, 200.0 / 3}, {"音乐", 1, 100.0 / 3}},
		"y": {{"yes", 2, 200.0 / 3}, {"no", 1, 100.0 / 3}},
	}
	wantAnswered := map[string]int{"c": 3, "m": 3, "y": 3, "n": 3, "t": 1}
	for _, ft := range got.Fields {
		if ft.Answered != wantAnswered[ft.Field.Key] {
			t.Errorf("%s answered = %d; want %d", ft.Field.Label, ft.Answered, wantAnswered[ft.Field.Key])
		}
		want := wantOptions[ft.Field.Key]
		if len(ft.Options) != len(want) {
			t.Errorf("%s options = %+v; want %+v", ft.Field.Label, ft.Options, want)
			continue
		}
		for i, o := range ft.Options {
			if o.Option != want[i].option || o.Count != want[i].count || !near(o.Percent, want[i].percent) {
				t.Errorf("%s option %d = %+v; want %+v", ft.Field.Label, i, o, want[i])
			}
		}
		if (ft.Number != nil) != (ft.Field.Type == FieldNumber) {
			t.Errorf("%s Number = %+v; want stats only for the number field", ft.Field.Label, ft.Number)
		}
	}
	// 2 + 1.5 + (-1) = 2.5 over 3 answers
	n := got.Fields[3].Number
	if n.Count != 3 || !near(n.Sum, 2.5) || !near(n.Avg, 2.5/3) || n.Min != -1 || n.Max != 2 {
		t.Errorf("number stats = %+v; want count 3 sum 2.5 avg 0.8333 min -1 max 2", *n)
	}
}

func TestComputeTotalsEmpty(t *testing.T) {
	f := &Form{Fields: []Field{
		{Key: "c", Label: "去向", Type: FieldChoice, Options: []string{"本地", "出省"}},
		{Key: "n", Label: "人数", Type: FieldNumber},
	}}
	got := ComputeTotals(&FormSheet{Form: f, Students: students(2)})
	if got.Answered != 0 || len(got.Missing) != 2 {
		t.Errorf("Answered %d, Missing %d; want 0, 2", got.Answered, len(got.Missing))
	}
	if o := got.Fields[0].Options; len(o) != 2 || o[0].Percent != 0 || o[1].Count != 0 {
		t.Errorf("options = %+v; want both listed with 0", o)
	}
	if n := got.Fields[1].Number; n == nil || *n != (NumberStats{}) {
		t.Errorf("number = %+v; want zero stats", n)
	}
}

func TestComputeTotalsAllDays(t *testing.T) {
	f := &Form{Kind: FormCheckin, Fields: []Field{{Key: "y", Label: "已完成", Type: FieldYesNo}}}
	sheet := &FormSheet{Form: f, Day: AllDays, Students: students(3), Answers: []Answer{
		answer(1, 1, "2026-01-10", "y", "yes"),
		answer(1, 2, "2026-01-11", "y", "yes"),
		answer(2, 3, "2026-01-11", "y", "no"),
	}}
	got := ComputeTotals(sheet)
	if got.Answered != 2 || len(got.Missing) != 1 || got.Missing[0].StudentID != 3 {
		t.Errorf("Answered %d Missing %+v; want 2 and student 3", got.Answered, got.Missing)
	}
	if o := got.Fields[0].Options; o[0].Count != 2 || o[1].Count != 1 || got.Fields[0].Answered != 3 {
		t.Errorf("yes/no = %+v; want 2 yes, 1 no of 3 answers", o)
	}
}

func TestChainItems(t *testing.T) {
	f := &Form{Kind: FormChain, Fields: []Field{
		{Key: "f1", Label: "备注", Type: FieldText},
		{Key: "f2", Label: "项目", Type: FieldChoice, Required: true, Options: []string{"周一", "周三", "周五"}, Limits: []int{2, 0}},
	}}
	ss := students(5)
	sheet := &FormSheet{Form: f, Students: ss, Answers: []Answer{
		// in table order, not sign-up order
		answer(3, 7, "", "f2", "周一"),
		answer(1, 2, "", "f2", "周一"),
		answer(2, 5, "", "f2", "周三"),
		answer(5, 1, "", "f2", "周三"),
	}}
	items := ChainItems(sheet)
	type want struct {
		option string
		limit  int
		ids    []int64
		full   bool
	}
	wants := []want{{"周一", 2, []int64{1, 3}, true}, {"周三", 0, []int64{5, 2}, false}, {"周五", 0, nil, false}}
	if len(items) != len(wants) {
		t.Fatalf("items = %+v; want %d", items, len(wants))
	}
	for i, it := range items {
		var ids []int64
		for _, s := range it.Signups {
			ids = append(ids, s.StudentID)
		}
		if it.Option != wants[i].option || it.Limit != wants[i].limit || !slices.Equal(ids, wants[i].ids) || it.Full() != wants[i].full {
			t.Errorf("item %d = %s limit %d signups %v full %v; want %+v", i, it.Option, it.Limit, ids, it.Full(), wants[i])
		}
	}

	tests := []struct {
		name   string
		item   string
		others int
		full   bool
	}{
		{"place left", "周一", 1, false},
		{"full", "周一", 2, true},
		{"no limit", "周三", 40, false},
		{"no limit given", "周五", 40, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := f.CheckChainSignup(map[string]string{"f2": tt.item}, tt.others)
			if !tt.full {
				if err != nil {
					t.Fatalf("CheckChainSignup = %v; want nil", err)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok || e.Code != ECONFLICT || e.Key != "formrule.error.chain_full" || !slices.Equal(e.Args, []any{"周一", 2}) {
				t.Fatalf("CheckChainSignup = %v; want ECONFLICT chain_full 周一 2", err)
			}
		})
	}
}

func TestCheckinDaysAndNonResponders(t *testing.T) {
	f := &Form{Kind: FormCheckin, StartDay: day("2026-02-27"), EndDay: day("2026-03-02"),
		Fields: []Field{{Key: "f1", Label: "已完成", Type: FieldYesNo}}}
	if got, want := f.CheckinDays(), []string{"2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"}; !slices.Equal(got, want) {
		t.Errorf("CheckinDays = %v; want %v", got, want)
	}
	if got := (&Form{Kind: FormSurvey}).CheckinDays(); got != nil {
		t.Errorf("survey CheckinDays = %v; want nil", got)
	}

	dayTests := []struct {
		in, want, key string
	}{
		{"2026-02-27", "2026-02-27", ""},
		{"2026/3/2", "2026-03-02", ""},
		{"2026-02-26", "", "formrule.error.day_outside"},
		{"2026-03-03", "", "formrule.error.day_outside"},
		{"", "", "formrule.error.day_invalid"},
		{"昨天", "", "formrule.error.day_invalid"},
	}
	for _, tt := range dayTests {
		got, err := f.CheckDay(tt.in)
		if tt.key == "" && (err != nil || got != tt.want) {
			t.Errorf("CheckDay(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if e, ok := err.(*Error); tt.key != "" && (!ok || e.Code != EINVALID || e.Key != tt.key) {
			t.Errorf("CheckDay(%q) = %q, %v; want EINVALID %s", tt.in, got, err, tt.key)
		}
	}

	sheet := &FormSheet{Form: f, Day: AllDays, Students: students(3), Answers: []Answer{
		answer(1, 1, "2026-02-27", "f1", "yes"),
		answer(2, 2, "2026-02-27", "f1", "no"),
		answer(1, 3, "2026-02-28", "f1", "yes"),
		answer(3, 4, "2026-03-01", "f1", "yes"),
	}}
	perDay := map[string][]int64{
		"2026-02-27": {3},
		"2026-02-28": {2, 3},
		"2026-03-01": {1, 2},
		"2026-03-02": {1, 2, 3},
	}
	for _, d := range f.CheckinDays() {
		var ids []int64
		for _, s := range NonResponders(sheet, d) {
			ids = append(ids, s.StudentID)
		}
		if !slices.Equal(ids, perDay[d]) {
			t.Errorf("NonResponders(%s) = %v; want %v", d, ids, perDay[d])
		}
	}
	if got, want := CheckinCounts(sheet), map[int64]int{1: 2, 2: 1, 3: 1}; !maps.Equal(got, want) {
		t.Errorf("CheckinCounts = %v; want %v", got, want)
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"42", 42, true}, {"+3", 3, true}, {"-2.5", -2.5, true}, {"１２３", 123, true},
		{"12,345,678.9", 12345678.9, true}, {"1.", 1, true},
		{"", 0, false}, {"1 2", 0, false}, {"0x10", 0, false}, {"Inf", 0, false},
		{"1,2,3", 0, false}, {strings.Repeat("9", 31), 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseNumber(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
