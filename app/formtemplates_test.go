package app_test

import (
	"strings"
	"testing"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// Every template is a valid form once the builder adds the classes (and
// a check-in's days), in both languages, with its texts translated.
func TestFormTemplatesValidate(t *testing.T) {
	for _, lang := range i18n.Languages {
		tr := func(key string, args ...any) string { return i18n.TIn(lang, key, args...) }
		templates := app.FormTemplates(tr)
		kinds := map[app.FormKind]int{}
		for _, d := range templates {
			t.Run(lang+"/"+d.Title, func(t *testing.T) {
				kinds[d.Kind]++
				if err := d.Validate(); app.ErrorCode(err) != app.EINVALID {
					t.Errorf("template without classes: Validate() = %v; want EINVALID", err)
				}
				d.ClassIDs = []int64{1, 2}
				if d.Kind == app.FormCheckin {
					d.StartDay = time.Date(2026, 1, 10, 0, 0, 0, 0, time.Local)
					d.EndDay = d.StartDay.AddDate(0, 0, 20)
				}
				if err := d.Validate(); err != nil {
					t.Errorf("Validate() = %v; want nil", err)
				}
				// a missing translation shows as its key
				texts := []string{d.Title, d.Description}
				for _, f := range d.Fields {
					texts = append(texts, f.Label)
					texts = append(texts, f.Options...)
				}
				for _, s := range texts {
					if strings.HasPrefix(s, "formtemplate.") {
						t.Errorf("text %q is not translated", s)
					}
				}
			})
		}
		for _, k := range []app.FormKind{app.FormSurvey, app.FormChain, app.FormCheckin} {
			if kinds[k] == 0 {
				t.Errorf("%s: no template of kind %s", lang, k)
			}
		}
	}
	zh := app.FormTemplates(func(key string, args ...any) string { return i18n.TIn(i18n.Chinese, key, args...) })
	if zh[0].Title != "寒假去向统计" || zh[0].Fields[0].Options[2] != "出省" {
		t.Errorf("first template = %q %v; want 寒假去向统计 with 出省", zh[0].Title, zh[0].Fields[0].Options)
	}
}
